/* doubts_scan.c - the doubts rule fed from the store (doubts_scan.h). */
#include "profile/doubts_scan.h"

#include <string.h>

#define DOUBTS_PAGE 200 /* records read at a time */

/* The works of researcher id as the rule reads them. */
static enum bz_status doubts_works(struct bz_store *store,
                                   struct bz_arena *arena, int64_t id,
                                   struct bz_doubt_work **out,
                                   struct bz_work **details, size_t *count,
                                   struct bz_error *err)
{
    struct bz_coauthorship *rows;
    struct bz_work *works;
    size_t row_count, n;
    enum bz_status rc;

    *count = 0;
    rc = store->ops->researcher_works(store, arena, id, &works, &n, err);
    if (rc == BZ_OK)
        rc = store->ops->researcher_coauthorships(store, arena, id, &rows,
                                                  &row_count, err);
    if (rc != BZ_OK)
        return rc;
    *out = bz_arena_calloc(arena, n + 1, sizeof(**out));
    *details = bz_arena_calloc(arena, n + 1, sizeof(**details));
    if (*out == NULL || *details == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        struct bz_doubt_work *w = &(*out)[i];
        struct bz_work *d = &(*details)[i];
        int64_t *coauthors, *topics;

        if ((rc = store->ops->work_get(store, arena, works[i].id, d, err)) !=
            BZ_OK)
            return rc;
        coauthors = bz_arena_calloc(arena, row_count + 1, sizeof(*coauthors));
        topics = bz_arena_calloc(arena, d->topic_count + 1, sizeof(*topics));
        if (coauthors == NULL || topics == NULL)
            return bz_error_set(err, BZ_NOMEM, "out of memory");
        w->id = d->id;
        w->year = d->publication_year;
        for (size_t k = 0; k < row_count; k++)
            if (rows[k].work_id == d->id)
                coauthors[w->coauthor_count++] = rows[k].coauthor_id;
        for (size_t k = 0; k < d->topic_count; k++)
            topics[w->topic_count++] = d->topics[k].id;
        w->coauthors = coauthors;
        w->topics = topics;
    }
    *count = n;
    return BZ_OK;
}

enum bz_status bz_doubts_check_record(struct bz_store *store,
                                      struct bz_arena *arena,
                                      const struct bz_researcher *r,
                                      int *flagged,
                                      struct bz_doubts_found *out,
                                      struct bz_error *err)
{
    enum bz_status rc;
    int result;

    *flagged = 0;
    memset(out, 0, sizeof(*out));
    if (r->merged_into || r->work_count < 2 * BZ_DOUBTS_MIN_GROUP)
        return BZ_OK;
    rc = doubts_works(store, arena, r->id, &out->works, &out->details,
                      &out->work_count, err);
    if (rc != BZ_OK)
        return rc;
    result = bz_doubts_check(out->works, out->work_count, &out->doubt);
    if (result < 0)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    out->researcher = *r;
    *flagged = result;
    return BZ_OK;
}

enum bz_status bz_doubts_scan(struct bz_store *store, struct bz_arena *arena,
                              struct bz_doubts_found **out, size_t *count,
                              struct bz_error *err)
{
    struct bz_doubts_found *found = NULL;
    size_t n = 0, cap = 0;
    int64_t after = 0;
    int more = 1;

    *out = NULL;
    *count = 0;
    while (more) {
        struct bz_researcher *list;
        size_t listed;
        enum bz_status rc;

        rc = store->ops->researcher_list(store, arena, NULL, 0, after,
                                         DOUBTS_PAGE, &list, &listed, &more,
                                         err);
        if (rc != BZ_OK)
            return rc;
        for (size_t k = 0; k < listed; k++) {
            struct bz_doubts_found one;
            int flagged;

            rc = bz_doubts_check_record(store, arena, &list[k], &flagged,
                                        &one, err);
            if (rc != BZ_OK)
                return rc;
            if (!flagged)
                continue;
            if (n == cap) {
                size_t grown_cap = cap ? 2 * cap : 8;
                struct bz_doubts_found *grown =
                    bz_arena_calloc(arena, grown_cap, sizeof(*grown));

                if (grown == NULL)
                    return bz_error_set(err, BZ_NOMEM, "out of memory");
                if (n)
                    memcpy(grown, found, n * sizeof(*found));
                found = grown;
                cap = grown_cap;
            }
            found[n++] = one;
        }
        after = listed ? list[listed - 1].id : after;
        more = more && listed > 0;
    }
    *out = found;
    *count = n;
    return BZ_OK;
}
