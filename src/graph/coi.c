/* coi.c - deciding whether two researchers have a conflict of interest. */
#include "graph/coi.h"

#include <time.h>

int bz_coi_first_year(int current_year, int years)
{
    return current_year - years + 1;
}

int bz_coi_year_counts(int year, int current_year, int years)
{
    return year == 0 || year >= bz_coi_first_year(current_year, years);
}

int bz_coi_current_year(void)
{
    time_t now = time(NULL);
    struct tm tm;

    if (gmtime_r(&now, &tm) == NULL)
        return 1970;
    return tm.tm_year + 1900;
}

/* The works of in that fall in the window, and how many fall before it. */
static enum bz_status coi_works(struct bz_arena *arena,
                                const struct bz_coi_input *in,
                                struct bz_coi *out, struct bz_error *err)
{
    size_t n = in->shared_work_count;

    out->works = NULL;
    if (n > 0 &&
        (out->works = bz_arena_alloc(arena, n * sizeof(*out->works))) == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        const struct bz_work_ref *w = &in->shared_works[i];

        if (bz_coi_year_counts(w->publication_year, in->current_year,
                               in->years))
            out->works[out->work_count++] = w;
        else
            out->earlier_count++;
    }
    return BZ_OK;
}

/* The institutions of a that b has too. */
static enum bz_status coi_institutions(struct bz_arena *arena,
                                       const struct bz_coi_input *in,
                                       struct bz_coi *out, struct bz_error *err)
{
    size_t n = in->a_institution_count;

    out->institutions = NULL;
    if (n > 0 && (out->institutions = bz_arena_alloc(
                      arena, n * sizeof(*out->institutions))) == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        const struct bz_institution_ref *mine = &in->a_institutions[i];

        for (size_t k = 0; k < in->b_institution_count; k++)
            if (in->b_institutions[k].id == mine->id) {
                out->institutions[out->institution_count++] = mine;
                break;
            }
    }
    return BZ_OK;
}

enum bz_status bz_coi_decide(struct bz_arena *arena,
                             const struct bz_coi_input *in, struct bz_coi *out,
                             struct bz_error *err)
{
    enum bz_status rc;

    *out = (struct bz_coi){0};
    if (in->years < 1 || in->years > BZ_COI_YEARS_MAX)
        return bz_error_set(err, BZ_INVALID,
                            "the conflict window must be 1 to %d years",
                            BZ_COI_YEARS_MAX);
    out->years = in->years;
    out->first_year = bz_coi_first_year(in->current_year, in->years);
    out->last_year = in->current_year;
    if ((rc = coi_works(arena, in, out, err)) != BZ_OK ||
        (rc = coi_institutions(arena, in, out, err)) != BZ_OK)
        return rc;
    out->conflict = out->work_count > 0 || out->institution_count > 0;
    return BZ_OK;
}

const char *bz_coi_summary(struct bz_arena *arena, const struct bz_coi *coi)
{
    const char *works, *places, *earlier = "";

    works = bz_arena_printf(arena, "%zu co-authored work%s in %d to %d",
                            coi->work_count, coi->work_count == 1 ? "" : "s",
                            coi->first_year, coi->last_year);
    if (coi->institution_count == 1)
        places = bz_arena_printf(arena, "a shared current institution (%s)",
                                 coi->institutions[0]->display_name);
    else
        places = bz_arena_printf(arena, "%zu shared current institutions",
                                 coi->institution_count);
    if (coi->earlier_count > 0)
        earlier = bz_arena_printf(
            arena, " %zu co-authored work%s from before %d %s not count.",
            coi->earlier_count, coi->earlier_count == 1 ? "" : "s",
            coi->first_year, coi->earlier_count == 1 ? "does" : "do");
    if (works == NULL || places == NULL || earlier == NULL)
        return NULL;
    if (!coi->conflict)
        return bz_arena_printf(arena,
                               "No conflict of interest: no "
                               "co-authored work in %d to %d and no shared "
                               "current institution.%s",
                               coi->first_year, coi->last_year, earlier);
    if (coi->work_count && coi->institution_count)
        return bz_arena_printf(arena, "Conflict of interest: %s and %s.%s",
                               works, places, earlier);
    return bz_arena_printf(arena, "Conflict of interest: %s.%s",
                           coi->work_count ? works : places, earlier);
}

enum bz_status bz_coi_load(struct bz_store *store, struct bz_arena *arena,
                           int64_t a, int64_t b, int current_year, int years,
                           struct bz_coi *out, struct bz_error *err)
{
    const struct bz_store_ops *ops = store->ops;
    struct bz_coi_input in = {.current_year = current_year, .years = years};
    struct bz_work_ref *works;
    struct bz_institution_ref *mine, *theirs;
    enum bz_status rc;

    if ((rc = ops->researcher_shared_works(store, arena, a, b, &works,
                                           &in.shared_work_count, err)) ||
        (rc = ops->researcher_current_institutions(
             store, arena, a, &mine, &in.a_institution_count, err)) ||
        (rc = ops->researcher_current_institutions(
             store, arena, b, &theirs, &in.b_institution_count, err)))
        return rc;
    in.shared_works = works;
    in.a_institutions = mine;
    in.b_institutions = theirs;
    return bz_coi_decide(arena, &in, out, err);
}
