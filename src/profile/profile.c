/* profile.c - gathering a researcher's facts and scoring them. */
#include "profile/profile.h"

#include <string.h>
#include <strings.h>

#include "topics/topics.h"

const char *bz_profile_work_id(const struct bz_work *work, const char *scheme)
{
    size_t i;

    for (i = 0; i < work->id_count; i++)
        if (strcmp(work->ids[i].scheme, scheme) == 0)
            return work->ids[i].value;
    return NULL;
}

int bz_profile_work_has_pid(const struct bz_work *work)
{
    static const char *const schemes[] = {"doi", "arxiv", "pmid", "dblp",
                                          "openalex", "s2", NULL};
    size_t i;

    for (i = 0; schemes[i]; i++)
        if (bz_profile_work_id(work, schemes[i]))
            return 1;
    return 0;
}

static const struct bz_work_flag *
profile_flag_of(const struct bz_work_flag *flags, size_t n, int64_t work_id)
{
    for (size_t i = 0; i < n; i++)
        if (flags[i].work_id == work_id)
            return &flags[i];
    return NULL;
}

/* Two passes over the list: the featured, then the rest; each keeps its
 * order. Work in a copy, since both passes read the original. */
size_t bz_profile_apply_flags(struct bz_work *works, size_t *count,
                              const struct bz_work_flag *flags,
                              size_t flag_count)
{
    size_t n = *count, kept = 0, featured = 0;
    struct bz_work tmp;

    if (flag_count == 0)
        return 0;
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = kept; i < n; i++) {
            const struct bz_work_flag *f =
                profile_flag_of(flags, flag_count, works[i].id);
            int is_featured = f && f->featured && !f->hidden;

            if ((f && f->hidden) || is_featured != (pass == 0))
                continue;
            /* move works[i] to kept, keeping the others' order */
            tmp = works[i];
            memmove(&works[kept + 1], &works[kept],
                    (i - kept) * sizeof(*works));
            works[kept++] = tmp;
            featured += pass == 0;
        }
    *count = kept;
    return featured;
}

/* "Surya Ganguli works on A, B and C.", from the three most frequent
 * topics with distinct names; "N published works." when there are none. */
static const char *profile_summary(struct bz_arena *arena,
                                   const struct bz_profile *p)
{
    const char *names[3];
    size_t n = 0, i, k;

    for (i = 0; i < p->topic_count && n < 3; i++) {
        int seen = 0;

        for (k = 0; k < n; k++)
            seen |= strcasecmp(names[k], p->topics[i].display_name) == 0;
        if (!seen)
            names[n++] = p->topics[i].display_name;
    }
    switch (n) {
    case 0:
        return bz_arena_printf(arena, "%zu published work%s.", p->work_count,
                               p->work_count == 1 ? "" : "s");
    case 1:
        return bz_arena_printf(arena, "%s works on %s.",
                               p->researcher.display_name, names[0]);
    case 2:
        return bz_arena_printf(arena, "%s works on %s and %s.",
                               p->researcher.display_name, names[0],
                               names[1]);
    default:
        return bz_arena_printf(arena, "%s works on %s, %s and %s.",
                               p->researcher.display_name, names[0], names[1],
                               names[2]);
    }
}

static void profile_trust(struct bz_profile *p, long verified_followers)
{
    struct bz_trust_input in = {0};
    size_t i;

    in.has_source_id = p->researcher.has_source_id;
    in.claim_level = p->researcher.claim_level;
    for (i = 0; i < p->work_count; i++) {
        const struct bz_work *w = &p->works[i];

        if (!bz_profile_work_has_pid(w))
            continue;
        in.works_with_pid++;
        if (w->publication_year == 0)
            continue;
        if (in.first_year == 0 || w->publication_year < in.first_year)
            in.first_year = w->publication_year;
        if (w->publication_year > in.last_year)
            in.last_year = w->publication_year;
    }
    in.imported_affiliation = p->researcher.affiliation_imported;
    for (i = 0; i < p->collaborator_count; i++)
        if (p->collaborators[i].level >= 2)
            in.verified_coauthors++;
    in.verified_followers = verified_followers;
    bz_score_trust(&in, &p->trust);
}

/* Total citations, h-index and i10-index of the works, and the works per
 * year. */
static enum bz_status profile_citations(struct bz_arena *arena,
                                        struct bz_profile *p,
                                        struct bz_error *err)
{
    size_t n = p->work_count, i;
    long *counts = bz_arena_calloc(arena, n + 1, sizeof(*counts));
    int *years = bz_arena_calloc(arena, n + 1, sizeof(*years));

    p->works_by_year =
        bz_arena_calloc(arena, n + 1, sizeof(*p->works_by_year));
    if (counts == NULL || years == NULL || p->works_by_year == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    for (i = 0; i < n; i++) {
        counts[i] = p->works[i].cited_by_count;
        years[i] = p->works[i].publication_year;
    }
    bz_citations_stats(counts, n, &p->citations);
    p->year_count = bz_citations_by_year(years, n, p->works_by_year);
    return BZ_OK;
}

/* The researcher's topics with arXiv codes shown by their names, folded so
 * that a subject both schemes name counts once (bz_topics_fold). */
static void profile_topics(struct bz_profile *p)
{
    for (size_t i = 0; i < p->topic_count; i++)
        p->topics[i].display_name = bz_topics_display_name(
            p->topics[i].scheme, p->topics[i].external_id,
            p->topics[i].display_name);
    p->topic_count =
        bz_topics_fold(bz_topics_default(), p->topics, p->topic_count);
}

enum bz_status bz_profile_load(struct bz_store *store, struct bz_arena *arena,
                               int64_t id, struct bz_profile *out,
                               struct bz_error *err)
{
    const struct bz_store_ops *ops = store->ops;
    struct bz_coauthorship *rows;
    struct bz_work_flag *flags;
    size_t row_count, flag_count;
    long verified;
    enum bz_status rc;

    memset(out, 0, sizeof(*out));
    if ((rc = ops->researcher_get(store, arena, id, &out->researcher, err)) ||
        (rc = ops->researcher_works(store, arena, id, &out->works,
                                    &out->work_count, err)) ||
        (rc = ops->researcher_topics(store, arena, id, &out->topics,
                                     &out->topic_count, err)) ||
        (rc = ops->researcher_coauthorships(store, arena, id, &rows,
                                            &row_count, err)) ||
        (rc = ops->researcher_institutions(store, arena, id,
                                           &out->institutions,
                                           &out->institution_count, err)) ||
        (rc = ops->researcher_followers(store, id, &out->followers, &verified,
                                        err)))
        return rc;
    if (out->researcher.hidden_at != 0)
        return bz_error_set(err, BZ_GONE,
                            "this record is hidden at the request of the "
                            "person it describes");
    if ((rc = ops->researcher_work_flags(store, arena, id, &flags,
                                         &flag_count, err)) != BZ_OK)
        return rc;
    out->featured_count = bz_profile_apply_flags(out->works, &out->work_count,
                                                 flags, flag_count);
    profile_topics(out);

    out->collaborators =
        bz_arena_calloc(arena, row_count + 1, sizeof(*out->collaborators));
    if (out->collaborators == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    out->collaborator_count =
        bz_score_collaborators(rows, row_count, out->collaborators);
    out->close_count =
        bz_score_close_count(out->collaborators, out->collaborator_count);
    out->level = bz_score_level(out->researcher.has_source_id,
                                out->researcher.claim_level);
    profile_trust(out, verified);
    if ((rc = profile_citations(arena, out, err)) != BZ_OK)
        return rc;
    out->summary = out->researcher.summary && *out->researcher.summary
                       ? out->researcher.summary
                       : profile_summary(arena, out);
    if (out->summary == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    return BZ_OK;
}
