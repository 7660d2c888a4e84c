/* suggest.c - ranking suggested collaborators and saying why. */
#include "graph/suggest.h"

#include <stdlib.h>

#include "graph/coi.h"

/* 1 when c and the researcher have a conflict of interest (coi.h). */
static int suggest_conflicts(const struct bz_suggestion_candidate *c,
                             int current_year, int years)
{
    if (c->shared_institution || c->undated_shared_works > 0)
        return 1;
    return c->last_shared_year != 0 &&
           bz_coi_year_counts(c->last_shared_year, current_year, years);
}

static int suggest_order(const void *x, const void *y)
{
    const struct bz_suggestion *a = x, *b = y;

    if (a->score != b->score)
        return a->score > b->score ? -1 : 1;
    if (a->who->common_coauthors != b->who->common_coauthors)
        return a->who->common_coauthors > b->who->common_coauthors ? -1 : 1;
    if (a->who->shared_topics != b->who->shared_topics)
        return a->who->shared_topics > b->who->shared_topics ? -1 : 1;
    return (a->who->id > b->who->id) - (a->who->id < b->who->id);
}

/* "3 shared topics, 2 co-authors in common, co-authored 1 work (last in
 * 2020), no conflict of interest" */
static const char *suggest_reason(struct bz_arena *arena,
                                  const struct bz_suggestion_candidate *c)
{
    const char *topics = "", *paths = "", *former = "";
    int t = c->shared_topics, p = c->common_coauthors, w = c->shared_works;

    if (t > 0)
        topics =
            bz_arena_printf(arena, "%d shared topic%s, ", t, t == 1 ? "" : "s");
    if (p > 0)
        paths = bz_arena_printf(arena, "%d co-author%s in common, ", p,
                                p == 1 ? "" : "s");
    if (w > 0)
        former = bz_arena_printf(arena,
                                 "co-authored %d work%s (last in "
                                 "%d), ",
                                 w, w == 1 ? "" : "s", c->last_shared_year);
    if (topics == NULL || paths == NULL || former == NULL)
        return NULL;
    return bz_arena_printf(arena, "%s%s%sno conflict of interest", topics,
                           paths, former);
}

enum bz_status bz_suggest_rank(struct bz_arena *arena, int64_t self,
                               const struct bz_suggestion_candidate *candidates,
                               size_t n, int current_year, int years,
                               struct bz_suggestion **out, size_t *count,
                               struct bz_error *err)
{
    struct bz_suggestion *list = NULL;
    size_t kept = 0;

    if (n > 0 && (list = bz_arena_alloc(arena, n * sizeof(*list))) == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        const struct bz_suggestion_candidate *c = &candidates[i];
        int score = BZ_SUGGEST_COAUTHOR_WEIGHT * c->common_coauthors +
                    BZ_SUGGEST_TOPIC_WEIGHT * c->shared_topics;

        if (c->id == self || score <= 0 ||
            suggest_conflicts(c, current_year, years))
            continue;
        list[kept].who = c;
        list[kept].score = score;
        if ((list[kept].reason = suggest_reason(arena, c)) == NULL)
            return bz_error_set(err, BZ_NOMEM, "out of memory");
        kept++;
    }
    if (kept > 1)
        qsort(list, kept, sizeof(*list), suggest_order);
    *out = kept ? list : NULL;
    *count = kept;
    return BZ_OK;
}

enum bz_status bz_suggest_load(struct bz_store *store, struct bz_arena *arena,
                               int64_t id, int current_year, int years,
                               struct bz_suggestion **out, size_t *count,
                               struct bz_error *err)
{
    struct bz_suggestion_candidate *candidates;
    size_t n;
    enum bz_status rc;

    rc = store->ops->researcher_suggestion_candidates(
        store, arena, id, BZ_SUGGEST_COAUTHOR_WEIGHT, BZ_SUGGEST_TOPIC_WEIGHT,
        BZ_SUGGEST_CANDIDATES_MAX, &candidates, &n, err);
    if (rc != BZ_OK)
        return rc;
    return bz_suggest_rank(arena, id, candidates, n, current_year, years, out,
                           count, err);
}
