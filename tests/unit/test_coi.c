/* test_coi.c - unit tests of the conflict-of-interest rule (graph/coi.c)
 * on hand-made inputs: the window's edges, unknown years, institutions,
 * the summary sentence. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "graph/coi.h"

static const struct bz_work_ref works[] = {
    {.id = 1, .title = "New", .publication_year = 2026},
    {.id = 2, .title = "Edge", .publication_year = 2022},
    {.id = 3, .title = "Just out", .publication_year = 2021},
    {.id = 4, .title = "Old", .publication_year = 2018},
};

static struct bz_coi decide(const struct bz_coi_input *in,
                            struct bz_arena *arena)
{
    struct bz_coi c;
    struct bz_error err = {0};

    assert_int_equal(bz_coi_decide(arena, in, &c, &err), BZ_OK);
    return c;
}

static void test_window_edges(void **state)
{
    (void)state;
    assert_int_equal(bz_coi_first_year(2026, 5), 2022);
    assert_int_equal(bz_coi_first_year(2026, 1), 2026);
    assert_true(bz_coi_year_counts(2022, 2026, 5));
    assert_false(bz_coi_year_counts(2021, 2026, 5));
    assert_true(bz_coi_year_counts(2026, 2026, 1));
    assert_false(bz_coi_year_counts(2025, 2026, 1));
    assert_true(bz_coi_year_counts(2027, 2026, 5)); /* forthcoming */
    assert_true(bz_coi_year_counts(0, 2026, 5));    /* unknown */
}

static void test_works_in_and_out(void **state)
{
    struct bz_arena arena;
    struct bz_coi_input in = {.shared_works = works,
                              .shared_work_count = 4,
                              .current_year = 2026,
                              .years = 5};
    struct bz_coi c;

    (void)state;
    bz_arena_init(&arena, 0);
    c = decide(&in, &arena);
    assert_true(c.conflict);
    assert_int_equal(c.first_year, 2022);
    assert_int_equal(c.last_year, 2026);
    assert_int_equal(c.work_count, 2);
    assert_int_equal(c.works[0]->id, 1);
    assert_int_equal(c.works[1]->id, 2);
    assert_int_equal(c.earlier_count, 2);

    /* only the older two: no conflict with 5 years, one with 9 */
    in.shared_works = works + 2;
    in.shared_work_count = 2;
    c = decide(&in, &arena);
    assert_false(c.conflict);
    assert_int_equal(c.earlier_count, 2);
    in.years = 6;
    c = decide(&in, &arena);
    assert_true(c.conflict);
    assert_int_equal(c.work_count, 1);
    assert_int_equal(c.works[0]->id, 3);
    in.years = 9;
    c = decide(&in, &arena);
    assert_int_equal(c.work_count, 2);
    bz_arena_release(&arena);
}

static void test_unknown_year_counts(void **state)
{
    static const struct bz_work_ref undated = {.id = 9, .title = "Undated"};
    struct bz_arena arena;
    struct bz_coi_input in = {.shared_works = &undated,
                              .shared_work_count = 1,
                              .current_year = 2026,
                              .years = 1};
    struct bz_coi c;

    (void)state;
    bz_arena_init(&arena, 0);
    c = decide(&in, &arena);
    assert_true(c.conflict);
    assert_int_equal(c.work_count, 1);
    bz_arena_release(&arena);
}

static void test_shared_institution(void **state)
{
    static const struct bz_institution_ref mine[] = {
        {.id = 3, .display_name = "MIT"},
        {.id = 7, .display_name = "Stanford University"},
    };
    static const struct bz_institution_ref theirs[] = {
        {.id = 5, .display_name = "Harvard"},
        {.id = 7, .display_name = "Stanford University"},
    };
    struct bz_arena arena;
    struct bz_coi_input in = {.a_institutions = mine,
                              .a_institution_count = 2,
                              .b_institutions = theirs,
                              .b_institution_count = 1,
                              .current_year = 2026,
                              .years = 5};
    struct bz_coi c;
    const char *text;

    (void)state;
    bz_arena_init(&arena, 0);
    c = decide(&in, &arena); /* Harvard alone: nothing shared */
    assert_false(c.conflict);
    assert_int_equal(c.institution_count, 0);
    in.b_institution_count = 2;
    c = decide(&in, &arena);
    assert_true(c.conflict);
    assert_int_equal(c.work_count, 0);
    assert_int_equal(c.institution_count, 1);
    assert_int_equal(c.institutions[0]->id, 7);
    text = bz_coi_summary(&arena, &c);
    assert_string_equal(text, "Conflict of interest: a shared current "
                              "institution (Stanford University).");

    in.shared_works = works;
    in.shared_work_count = 1;
    c = decide(&in, &arena);
    assert_string_equal(bz_coi_summary(&arena, &c),
                        "Conflict of interest: 1 co-authored work in 2022 "
                        "to 2026 and a shared current institution "
                        "(Stanford University).");
    bz_arena_release(&arena);
}

static void test_summary_without_conflict(void **state)
{
    struct bz_arena arena;
    struct bz_coi_input in = {.shared_works = works + 3,
                              .shared_work_count = 1,
                              .current_year = 2026,
                              .years = 5};
    struct bz_coi c;

    (void)state;
    bz_arena_init(&arena, 0);
    c = decide(&in, &arena);
    assert_string_equal(bz_coi_summary(&arena, &c),
                        "No conflict of interest: no co-authored work in "
                        "2022 to 2026 and no shared current institution. 1 "
                        "co-authored work from before 2022 does not "
                        "count.");
    in.shared_work_count = 0;
    c = decide(&in, &arena);
    assert_false(c.conflict);
    assert_string_equal(bz_coi_summary(&arena, &c),
                        "No conflict of interest: no co-authored work in "
                        "2022 to 2026 and no shared current institution.");
    bz_arena_release(&arena);
}

static void test_years_out_of_range(void **state)
{
    struct bz_arena arena;
    struct bz_coi_input in = {.current_year = 2026, .years = 0};
    struct bz_error err = {0};
    struct bz_coi c;

    (void)state;
    bz_arena_init(&arena, 0);
    assert_int_equal(bz_coi_decide(&arena, &in, &c, &err), BZ_INVALID);
    in.years = BZ_COI_YEARS_MAX + 1;
    assert_int_equal(bz_coi_decide(&arena, &in, &c, &err), BZ_INVALID);
    in.years = BZ_COI_YEARS_MAX;
    assert_int_equal(bz_coi_decide(&arena, &in, &c, &err), BZ_OK);
    bz_arena_release(&arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_window_edges),
        cmocka_unit_test(test_works_in_and_out),
        cmocka_unit_test(test_unknown_year_counts),
        cmocka_unit_test(test_shared_institution),
        cmocka_unit_test(test_summary_without_conflict),
        cmocka_unit_test(test_years_out_of_range),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
