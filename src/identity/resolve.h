/* resolve.h - deciding which name-only authorships are the same person.
 *
 * A mention is one authorship: its parsed name and whatever evidence came
 * with it (affiliations, the other authors' block keys, venue, year,
 * topics, the work). bz_resolve_cluster() partitions a block of mentions
 * (those sharing a surname key) into people. Two mentions are linked when
 * their names do not conflict and their evidence score reaches the
 * threshold for how well the names match; links are taken strongest
 * first, and a link that would put conflicting names into one person is
 * refused, so that when in doubt two people stay apart; so is one that
 * would put two authors of one work, named differently, into one person,
 * and one that shares no co-author and would join two people whose
 * placed mentions do not agree on average (single links chain: A shares
 * words with B, B with C, A none with C).
 * Then a person the links left without any affiliation may join, on its
 * exact name alone, the person that holds most of that name's mentions
 * with a place, unless their years say otherwise. docs/identity.md gives
 * the rule, the weights and the precision and recall measured with them.
 *
 * The module is pure: no store, no I/O. Everything a mention points to is
 * owned by the caller and must outlive the call.
 */
#ifndef BZ_RESOLVE_H
#define BZ_RESOLVE_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/error.h"
#include "identity/name.h"

struct bz_mention {
    struct bz_name name;
    const char *const *affiliations; /* affiliation strings, or NULL */
    size_t affiliation_count;
    const char *const *coauthors; /* block keys ("s ganguli") of the */
    size_t coauthor_count;        /* other authors of the work */
    const char *venue;            /* journal or conference, or NULL */
    int year;                     /* publication year, 0 unknown */
    const char *const *topics;    /* topic names or ids, or NULL */
    size_t topic_count;
    int64_t work; /* the work's id, 0 unknown: two mentions of one work */
                  /* under two forms of a name are two people */
};

/* The weights and thresholds of the rule (see docs/identity.md). */
struct bz_resolve_params {
    double affiliation_weight;   /* times the affiliation similarity (0..1) */
    double coauthor_weight;      /* per shared co-author key */
    double coauthor_max;         /* cap on the co-author part */
    double venue_weight;         /* same venue */
    double topic_weight;         /* per shared topic */
    double topic_max;            /* cap on the topic part */
    int year_gap;                /* years apart beyond which ... */
    double year_penalty;         /* ... this is taken off */
    double threshold_exact;      /* score needed when the names are exact */
    double threshold_compatible; /* score needed for initials-compatible */
    double attach_share;         /* a person with no affiliation joins the */
                                 /* person holding this share of the */
                                 /* placed mentions of its exact name; */
                                 /* 0: never */
    size_t attach_support;       /* ... and counts this many of them, */
                                 /* unless its given name is the only */
                                 /* one in the block */
    double cohesion;             /* two people joined by a link must */
                                 /* score this on average over the pairs */
                                 /* of their placed mentions; 0: no test */
};

/* Fills *params with the documented defaults. */
void bz_resolve_params_default(struct bz_resolve_params *params);

/* Document frequencies of affiliation words, so that a rare word
 * ("Tsinghua") counts for more than a common one ("University"). Built
 * from a whole corpus, or from the block itself when none is given. */
struct bz_resolve_vocab;

/* An empty vocabulary in arena, or NULL out of memory. */
struct bz_resolve_vocab *bz_resolve_vocab_new(struct bz_arena *arena);

/* Counts the affiliation words of mention once each. BZ_OK, BZ_NOMEM or
 * BZ_TOO_LARGE (past 1 << 20 distinct words). */
enum bz_status bz_resolve_vocab_add(struct bz_resolve_vocab *vocab,
                                    const struct bz_mention *mention,
                                    struct bz_error *err);

/* Partitions mentions[0..n) into people: person_of[i] is the number of
 * mention i's person, numbered from 0 in the order of their first
 * mention. vocab may be NULL (the block's own words are counted). The
 * arena holds the working memory (an n * n byte matrix, the links and
 * the words and the cohesion sums: give it a cap of at least 4 * n * n
 * bytes). Returns BZ_OK,
 * BZ_NOMEM or BZ_TOO_LARGE (n past 4000), with err filled. */
enum bz_status bz_resolve_cluster(const struct bz_mention *mentions, size_t n,
                                  const struct bz_resolve_params *params,
                                  const struct bz_resolve_vocab *vocab,
                                  size_t *person_of, struct bz_arena *arena,
                                  struct bz_error *err);

/* The evidence score of mentions a and b under params (names not looked
 * at), with affiliation words weighted by vocab (NULL: all alike). For
 * explaining a decision; the clustering uses the same formula. */
double bz_resolve_score(const struct bz_mention *a, const struct bz_mention *b,
                        const struct bz_resolve_params *params,
                        const struct bz_resolve_vocab *vocab,
                        struct bz_arena *arena);

#endif
