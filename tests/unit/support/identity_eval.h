/* identity_eval.h - the resolver measured on mentions whose true person
 * is known: the loop the id-backed evaluations share.
 *
 * The caller reads mentions from a source that carries author ids, hides
 * the ids, and gives each mention its block key and its hidden id. The
 * helper weights affiliation words over all the mentions, clusters each
 * block with the default parameters and counts pairs within blocks
 * against the hidden ids. Fails the running cmocka test when the
 * resolver fails.
 *
 * Before that, the works are taken as the store would hold them
 * (identity_works): a record that an import would merge into a work
 * already stored adds no mentions of its own, since the store keeps the
 * authorships of the first record that has any.
 */
#ifndef BZ_TEST_IDENTITY_EVAL_H
#define BZ_TEST_IDENTITY_EVAL_H

#include <stddef.h>
#include <yajl/yajl_tree.h>

#include "core/arena.h"
#include "identity/resolve.h"
#include "store/store.h"
#include "store/work_key.h"

/* The works an import has stored so far, with what matching needs. */
struct identity_work {
    struct bz_external_id *ids; /* the ids of all its versions */
    size_t id_count, id_cap;
    struct bz_work_key key;
    int year;
    int has_authors;
    const char *source_record; /* its first record's, for the report */
};

struct identity_works {
    struct bz_arena *arena; /* holds everything below; the caller's */
    struct identity_work *works;
    size_t count, cap;
    size_t kept;           /* records whose authorships are kept: the */
                           /* last one's number is its mentions' work */
    size_t merged;         /* records that were versions of a stored work */
    size_t merged_by_keys; /* ... found by title keys, not by an id */
    int show_merges;       /* print each record merged by its keys */
};

/* Up to cap works, in arena. */
void identity_works_init(struct identity_works *works, struct bz_arena *arena,
                         size_t cap);

/* Decides a record as an import would (store_sql.c's import_work), given
 * read, the status of the reader that made it: a record the reader or
 * bz_import_check_work refuses is skipped; else it is a version of the
 * stored work that carries one of its ids, else of the one its keys match
 * (store/work_key.h) nearest in year that has no own DOI or arXiv id of a
 * scheme the record has, else a new work. Returns 1 when the store keeps
 * the record's authorships: a new work, or the first authors of its work;
 * 0 when it skips the record or its work has authorships already. Fails
 * the running test when cap is reached or out of memory. */
int identity_works_keep(struct identity_works *works, enum bz_status read,
                        const struct bz_work_record *record);

struct identity_eval_set {
    const struct bz_mention *mentions;
    const char *const *block; /* each mention's block key */
    const char *const *truth; /* each mention's hidden id; NULL: the */
                              /* mention is clustered, its pairs not */
                              /* counted */
    size_t count;
};

struct identity_pairs {
    double true_pos, false_pos, false_neg;
};

/* Adds the resolver's pair counts to *resolver and, when names_only is
 * not NULL, the counts of "the names do not conflict" alone; with
 * show_false_merges, prints every pair merged across two ids. */
void identity_eval(const struct identity_eval_set *set,
                   struct identity_pairs *resolver,
                   struct identity_pairs *names_only, int show_false_merges);

/* Precision and recall of counts (precision 1 when nothing was merged). */
double identity_precision(const struct identity_pairs *counts);
double identity_recall(const struct identity_pairs *counts);

/* The other authors of a work for its i-th author: the block keys
 * keys[0..n) but the i-th and those of names that did not parse (""), in
 * arena, their number in *count. */
const char **identity_coauthors(struct bz_arena *arena, const char *const *keys,
                                size_t n, size_t i, size_t *count);

/* The JSON document of the file at path, or NULL when it cannot be read;
 * fails the running test when it does not parse. Free it with
 * yajl_tree_free. */
yajl_val identity_read_json(const char *path);

#endif
