/* identity_eval.c - blocks, clusters and pair counts for the resolver's
 * id-backed evaluations (identity_eval.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "import/import_json.h"
#include "import/json_tree.h"
#include "support/identity_eval.h"
#include "support/text_file.h"

static const struct identity_eval_set *eval_sorting; /* for qsort */

static int eval_block_order(const void *x, const void *y)
{
    size_t a = *(const size_t *)x, b = *(const size_t *)y;
    int c = strcmp(eval_sorting->block[a], eval_sorting->block[b]);

    return c != 0 ? c : (a < b ? -1 : 1);
}

static void eval_count(struct identity_pairs *c, int truth, int guess)
{
    c->true_pos += truth && guess;
    c->false_pos += !truth && guess;
    c->false_neg += truth && !guess;
}

/* The pairs of one block: order[0..n) are the set's indexes. */
static void eval_block(const struct identity_eval_set *set, const size_t *order,
                       size_t n, const struct bz_resolve_vocab *vocab,
                       struct identity_pairs *resolver,
                       struct identity_pairs *names_only, int show_false_merges)
{
    struct bz_resolve_params params;
    struct bz_arena work;
    struct bz_mention *block;
    size_t *person;

    bz_resolve_params_default(&params);
    bz_arena_init(&work, 0);
    block = bz_arena_calloc(&work, n, sizeof(*block));
    person = bz_arena_calloc(&work, n, sizeof(*person));
    assert_non_null(block);
    assert_non_null(person);
    for (size_t i = 0; i < n; i++)
        block[i] = set->mentions[order[i]];
    assert_int_equal(
        bz_resolve_cluster(block, n, &params, vocab, person, &work, NULL),
        BZ_OK);

    for (size_t i = 0; i < n; i++) {
        for (size_t j = i + 1; j < n; j++) {
            const char *a = set->truth[order[i]], *b = set->truth[order[j]];
            int truth, guess = person[i] == person[j];

            if (a == NULL || b == NULL)
                continue; /* clustered, not counted */
            truth = strcmp(a, b) == 0;

            eval_count(resolver, truth, guess);
            if (names_only != NULL)
                eval_count(names_only, truth,
                           bz_name_compare(&block[i].name, &block[j].name) !=
                               BZ_NAME_CONFLICT);
            if (show_false_merges && !truth && guess)
                printf("  merged across ids: %s %s / %s\n", a, b,
                       set->block[order[i]]);
        }
    }
    bz_arena_release(&work);
}

void identity_eval(const struct identity_eval_set *set,
                   struct identity_pairs *resolver,
                   struct identity_pairs *names_only, int show_false_merges)
{
    struct bz_arena arena;
    struct bz_resolve_vocab *vocab;
    size_t *order;

    bz_arena_init(&arena, 0);
    vocab = bz_resolve_vocab_new(&arena);
    order = bz_arena_calloc(&arena, set->count + 1, sizeof(*order));
    assert_non_null(vocab);
    assert_non_null(order);
    for (size_t i = 0; i < set->count; i++) {
        assert_int_equal(bz_resolve_vocab_add(vocab, &set->mentions[i], NULL),
                         BZ_OK);
        order[i] = i;
    }
    eval_sorting = set;
    qsort(order, set->count, sizeof(*order), eval_block_order);

    for (size_t start = 0, end; start < set->count; start = end) {
        end = start;
        while (end < set->count &&
               strcmp(set->block[order[end]], set->block[order[start]]) == 0)
            end++;
        eval_block(set, order + start, end - start, vocab, resolver, names_only,
                   show_false_merges);
    }
    bz_arena_release(&arena);
}

double identity_precision(const struct identity_pairs *c)
{
    double merged = c->true_pos + c->false_pos;

    return merged > 0 ? c->true_pos / merged : 1.0;
}

double identity_recall(const struct identity_pairs *c)
{
    double linked = c->true_pos + c->false_neg;

    return linked > 0 ? c->true_pos / linked : 1.0;
}

void identity_works_init(struct identity_works *works, struct bz_arena *arena,
                         size_t cap)
{
    memset(works, 0, sizeof(*works));
    works->arena = arena;
    works->works = bz_arena_calloc(arena, cap, sizeof(*works->works));
    assert_non_null(works->works);
    works->cap = cap;
}

static int works_has_id(const struct identity_work *w,
                        const struct bz_external_id *id)
{
    for (size_t i = 0; i < w->id_count; i++) {
        if (strcmp(w->ids[i].scheme, id->scheme) == 0 &&
            strcmp(w->ids[i].value, id->value) == 0)
            return 1;
    }
    return 0;
}

/* 1 when w has an own id (bz_work_key_version_id) of a scheme that one of
 * record's has: then record is another work of the same title. */
static int works_other(const struct identity_work *w,
                       const struct bz_work_record *record)
{
    for (size_t i = 0; i < record->id_count; i++) {
        if (!bz_work_key_version_id(&record->ids[i]))
            continue;
        for (size_t j = 0; j < w->id_count; j++) {
            if (bz_work_key_version_id(&w->ids[j]) &&
                strcmp(w->ids[j].scheme, record->ids[i].scheme) == 0)
                return 1;
        }
    }
    return 0;
}

/* The work record is a version of, or NULL; *by_keys is set when it was
 * found by its keys, not by an id. */
static struct identity_work *works_find(struct identity_works *works,
                                        const struct bz_work_record *record,
                                        const struct bz_work_key *key,
                                        int *by_keys)
{
    struct identity_work *best = NULL;
    int best_distance = 0;

    *by_keys = 0;
    for (size_t i = 0; i < works->count; i++) {
        for (size_t k = 0; k < record->id_count; k++) {
            if (works_has_id(&works->works[i], &record->ids[k]))
                return &works->works[i];
        }
    }
    for (size_t i = 0; i < works->count; i++) {
        struct identity_work *w = &works->works[i];
        int distance = abs(w->year - record->publication_year);

        if (!bz_work_key_match(key, record->publication_year, &w->key,
                               w->year) ||
            works_other(w, record))
            continue;
        if (best == NULL || distance < best_distance) {
            best = w;
            best_distance = distance;
        }
    }
    *by_keys = best != NULL;
    return best;
}

/* Adds the ids of record that w lacks (the store attaches them). */
static void works_add_ids(struct identity_works *works, struct identity_work *w,
                          const struct bz_work_record *record)
{
    for (size_t i = 0; i < record->id_count; i++) {
        if (works_has_id(w, &record->ids[i]))
            continue;
        if (w->id_count == w->id_cap) {
            size_t cap = w->id_cap ? 2 * w->id_cap : 8;
            struct bz_external_id *ids =
                bz_arena_calloc(works->arena, cap, sizeof(*ids));

            assert_non_null(ids);
            if (w->id_count > 0)
                memcpy(ids, w->ids, w->id_count * sizeof(*ids));
            w->ids = ids;
            w->id_cap = cap;
        }
        w->ids[w->id_count].scheme =
            bz_arena_strdup(works->arena, record->ids[i].scheme);
        w->ids[w->id_count].value =
            bz_arena_strdup(works->arena, record->ids[i].value);
        assert_non_null(w->ids[w->id_count].value);
        w->id_count++;
    }
}

/* 1 when record is a version of a work that has authorships already. */
static int works_seen(struct identity_works *works,
                      const struct bz_work_record *record)
{
    struct bz_work_key key;
    struct identity_work *w;
    int by_keys;

    assert_int_equal(bz_work_key_of_record(works->arena, record, &key), BZ_OK);
    w = works_find(works, record, &key, &by_keys);
    if (w == NULL) {
        assert_true(works->count < works->cap);
        w = &works->works[works->count++];
        w->key = key;
        w->year = record->publication_year;
        w->source_record =
            record->source_record
                ? bz_arena_strdup(works->arena, record->source_record)
                : "";
        works_add_ids(works, w, record);
        w->has_authors = record->author_count > 0;
        return 0;
    }
    works_add_ids(works, w, record);
    if (!w->has_authors) { /* the first authors come, and their key */
        w->has_authors = record->author_count > 0;
        if (w->key.first_author == NULL)
            w->key.first_author = key.first_author;
        return 0;
    }
    works->merged++;
    works->merged_by_keys += by_keys;
    if (works->show_merges && by_keys)
        printf("  one work: %s is a version of %s\n",
               record->source_record ? record->source_record : "?",
               w->source_record);
    return 1;
}

int identity_works_keep(struct identity_works *works, enum bz_status read,
                        const struct bz_work_record *record)
{
    struct bz_error err;

    if (read != BZ_OK || bz_import_check_work(record, &err) != BZ_OK ||
        works_seen(works, record))
        return 0;
    works->kept++;
    return 1;
}

yajl_val identity_read_json(const char *path)
{
    char reason[128];
    size_t len = 0;
    char *text = text_file_read(path, &len);
    yajl_val tree;

    if (text == NULL)
        return NULL;
    tree = bz_jt_parse(text, len, reason, sizeof(reason));
    free(text);
    if (tree == NULL)
        fail_msg("'%s': %s", path, reason);
    return tree;
}

const char **identity_coauthors(struct bz_arena *arena, const char *const *keys,
                                size_t n, size_t i, size_t *count)
{
    const char **coauthors = bz_arena_calloc(arena, n + 1, sizeof(*coauthors));

    assert_non_null(coauthors);
    *count = 0;
    for (size_t j = 0; j < n; j++) {
        if (j != i && keys[j][0] != '\0')
            coauthors[(*count)++] = keys[j];
    }
    return coauthors;
}
