/* coi.h - the conflict-of-interest rule between two researchers.
 *
 * Two researchers conflict when they wrote a work together within the
 * window, or share a current institution. The window is the last `years`
 * calendar years, the current one included: with years 5 in 2026, works
 * of 2022 to 2026 count, and one of 2021 does not. A shared work of an
 * unknown year counts too, since it cannot be ruled out; one dated after
 * the current year (a forthcoming work) counts as recent. The current
 * institutions are the store's (researcher_current_institutions).
 *
 * bz_coi_decide is pure (unit-tested on hand-made inputs); bz_coi_load
 * reads its inputs from the store. Memory: everything *out points to
 * lives in the arena given, or in the inputs.
 */
#ifndef BZ_COI_H
#define BZ_COI_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/error.h"
#include "store/store.h"

#define BZ_COI_YEARS_DEFAULT 5 /* coi.years */
#define BZ_COI_YEARS_MAX 100

/* The first year of the window of `years` years ending at current_year. */
int bz_coi_first_year(int current_year, int years);

/* 1 when a shared work of year (0: unknown) falls in the window. */
int bz_coi_year_counts(int year, int current_year, int years);

/* The current UTC calendar year, from the system clock. */
int bz_coi_current_year(void);

struct bz_coi_input {
    const struct bz_work_ref *shared_works; /* both are authors of them */
    size_t shared_work_count;
    const struct bz_institution_ref *a_institutions; /* current ones */
    size_t a_institution_count;
    const struct bz_institution_ref *b_institutions;
    size_t b_institution_count;
    int current_year;
    int years; /* 1..BZ_COI_YEARS_MAX */
};

struct bz_coi {
    int conflict;              /* 1 when any reason below holds */
    int first_year, last_year; /* the window */
    int years;
    /* the shared works that fall in the window, in the input's order */
    const struct bz_work_ref **works;
    size_t work_count;
    size_t earlier_count; /* shared works before the window */
    /* current institutions of both, in a's order */
    const struct bz_institution_ref **institutions;
    size_t institution_count;
};

/* Applies the rule to in. BZ_NOMEM when the arena is full; BZ_INVALID
 * when years is out of range. */
enum bz_status bz_coi_decide(struct bz_arena *arena,
                             const struct bz_coi_input *in, struct bz_coi *out,
                             struct bz_error *err);

/* One sentence saying what was decided and why ("Conflict of interest:
 * 1 co-authored work in 2022 to 2026."), in arena; NULL when it is
 * full. */
const char *bz_coi_summary(struct bz_arena *arena, const struct bz_coi *coi);

/* Reads the shared works and current institutions of a and b (two
 * different, unmerged records) and decides. Store errors pass on. */
enum bz_status bz_coi_load(struct bz_store *store, struct bz_arena *arena,
                           int64_t a, int64_t b, int current_year, int years,
                           struct bz_coi *out, struct bz_error *err);

#endif
