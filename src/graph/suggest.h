/* suggest.h - suggested collaborators: who to propose to a researcher,
 * and why.
 *
 * The rule (docs/suggestions.md): a candidate shares at least one topic
 * or one co-author with the researcher. Each scores
 *     BZ_SUGGEST_COAUTHOR_WEIGHT per co-author in common
 *   + BZ_SUGGEST_TOPIC_WEIGHT per shared topic,
 * best first; ties go to more co-authors in common, then more shared
 * topics, then the lower R number. Anyone with a conflict of interest
 * (coi.h: a work together within the window, one of unknown year, or a
 * shared current institution) is left out, as are the researcher
 * themself and merged or hidden records (the store never offers those).
 * A former co-author outside the window may be suggested, and the reason
 * says so.
 *
 * bz_suggest_rank is pure (unit-tested on hand-made inputs);
 * bz_suggest_load reads the candidates from the store. Memory: the arena
 * given, or the inputs.
 */
#ifndef BZ_SUGGEST_H
#define BZ_SUGGEST_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/error.h"
#include "store/store.h"

#define BZ_SUGGEST_COAUTHOR_WEIGHT 2
#define BZ_SUGGEST_TOPIC_WEIGHT 1
/* the most candidates the store preselects by score, before conflicts
 * are left out */
#define BZ_SUGGEST_CANDIDATES_MAX 500

struct bz_suggestion {
    const struct bz_suggestion_candidate *who;
    int score;
    const char *reason; /* "3 shared topics, 2 co-authors in common, no
                           conflict of interest" */
};

/* Ranks candidates[0..n) for researcher self, leaving out conflicts
 * (window of years ending at current_year) and candidates with nothing
 * in common: *out (arena; NULL when none) and *count. BZ_NOMEM. */
enum bz_status bz_suggest_rank(struct bz_arena *arena, int64_t self,
                               const struct bz_suggestion_candidate *candidates,
                               size_t n, int current_year, int years,
                               struct bz_suggestion **out, size_t *count,
                               struct bz_error *err);

/* The suggestions for researcher id, from the store. */
enum bz_status bz_suggest_load(struct bz_store *store, struct bz_arena *arena,
                               int64_t id, int current_year, int years,
                               struct bz_suggestion **out, size_t *count,
                               struct bz_error *err);

#endif
