/* test_citations.c - unit tests of the citation figures: total, h-index
 * and i10-index as Google Scholar defines them, and works per year. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "score/citations.h"

#define N(array) (sizeof(array) / sizeof((array)[0]))

static struct bz_citation_stats stats_of(long *counts, size_t n)
{
    struct bz_citation_stats s;

    bz_citations_stats(counts, n, &s);
    return s;
}

static void test_no_works(void **state)
{
    struct bz_citation_stats s = stats_of(NULL, 0);

    (void)state;
    assert_int_equal(s.total, 0);
    assert_int_equal(s.h_index, 0);
    assert_int_equal(s.i10_index, 0);
}

static void test_all_zero_and_unknown(void **state)
{
    long counts[] = {0, 0, -1, 0};
    struct bz_citation_stats s = stats_of(counts, N(counts));

    (void)state;
    assert_int_equal(s.total, 0);
    assert_int_equal(s.h_index, 0);
    assert_int_equal(s.i10_index, 0);
}

static void test_single_works(void **state)
{
    long zero[] = {0}, one[] = {1}, hundred[] = {100};

    (void)state;
    assert_int_equal(stats_of(zero, 1).h_index, 0);
    assert_int_equal(stats_of(one, 1).h_index, 1);
    assert_int_equal(stats_of(hundred, 1).h_index, 1);
    assert_int_equal(stats_of(hundred, 1).i10_index, 1);
    assert_int_equal(stats_of(hundred, 1).total, 100);
}

static void test_ties(void **state)
{
    long tens[] = {10, 10, 10};
    long threes[] = {3, 3, 3, 3, 3};
    long mixed[] = {1, 25, 8, 5, 3, 3}; /* sorted 25 8 5 3 3 1: h 3 */
    struct bz_citation_stats s = stats_of(tens, N(tens));

    (void)state;
    assert_int_equal(s.h_index, 3);
    assert_int_equal(s.i10_index, 3);
    assert_int_equal(s.total, 30);
    assert_int_equal(stats_of(threes, N(threes)).h_index, 3);
    assert_int_equal(stats_of(threes, N(threes)).i10_index, 0);
    s = stats_of(mixed, N(mixed));
    assert_int_equal(s.h_index, 3);
    assert_int_equal(s.i10_index, 1);
    assert_int_equal(s.total, 45);
    assert_int_equal(mixed[0], 25); /* sorted in place, most cited first */
}

static void test_i10_boundary(void **state)
{
    long counts[] = {9, 10, 11};

    (void)state;
    assert_int_equal(stats_of(counts, N(counts)).i10_index, 2);
    assert_int_equal(stats_of(counts, N(counts)).h_index, 3);
}

static void test_by_year(void **state)
{
    int years[] = {2020, 2018, 0, 2022, 2020, 2026, 2022, 2022};
    struct bz_citation_year out[N(years)];
    size_t n = bz_citations_by_year(years, N(years), out);

    (void)state;
    assert_int_equal(n, 4);
    assert_int_equal(out[0].year, 2026);
    assert_int_equal(out[0].works, 1);
    assert_int_equal(out[1].year, 2022);
    assert_int_equal(out[1].works, 3);
    assert_int_equal(out[2].year, 2020);
    assert_int_equal(out[2].works, 2);
    assert_int_equal(out[3].year, 2018);
    assert_int_equal(bz_citations_by_year(NULL, 0, out), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_works),
        cmocka_unit_test(test_all_zero_and_unknown),
        cmocka_unit_test(test_single_works),
        cmocka_unit_test(test_ties),
        cmocka_unit_test(test_i10_boundary),
        cmocka_unit_test(test_by_year),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
