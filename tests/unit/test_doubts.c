/* test_doubts.c - unit tests of the "two people in one record?" rule. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "score/doubts.h"

#define N(array) (sizeof(array) / sizeof((array)[0]))

static const int64_t old_a[] = {901}, old_b[] = {902}, new_a[] = {911},
                     new_b[] = {912}, both[] = {901, 911};
static const int64_t physics[] = {11}, biology[] = {22}, mixed[] = {11, 22};

#define WORK(id, year, co, topics)                                             \
    {                                                                          \
        id, year, co, N(co), topics, N(topics), 0                              \
    }

static void test_two_people_flagged(void **state)
{
    struct bz_doubt_work works[] = {
        WORK(1, 1990, old_a, physics), WORK(2, 1995, old_b, physics),
        WORK(3, 1993, old_a, physics), WORK(4, 2015, new_a, biology),
        WORK(5, 2020, new_b, biology),
    };
    struct bz_doubt d;

    (void)state;
    assert_int_equal(bz_doubts_check(works, N(works), &d), 1);
    assert_int_equal(d.works[0], 3);
    assert_int_equal(d.works[1], 2);
    assert_int_equal(d.first_year[0], 1990);
    assert_int_equal(d.last_year[0], 1995);
    assert_int_equal(d.first_year[1], 2015);
    assert_int_equal(d.last_year[1], 2020);
    assert_int_equal(works[0].group, 0);
    assert_int_equal(works[4].group, 1);
}

static void test_shared_coauthor_or_topic_not_flagged(void **state)
{
    struct bz_doubt_work shared[] = {
        WORK(1, 1990, old_a, physics),
        WORK(2, 1995, old_a, physics),
        WORK(3, 2015, new_a, biology),
        WORK(4, 2020, both, biology),
    };
    struct bz_doubt_work topic[] = {
        WORK(1, 1990, old_a, physics),
        WORK(2, 1995, old_a, physics),
        WORK(3, 2015, new_a, biology),
        WORK(4, 2020, new_a, mixed),
    };
    struct bz_doubt d;

    (void)state;
    assert_int_equal(bz_doubts_check(shared, N(shared), &d), 0);
    assert_int_equal(bz_doubts_check(topic, N(topic), &d), 0);
}

static void test_small_or_overlapping_years_not_flagged(void **state)
{
    struct bz_doubt_work one_odd[] = {
        WORK(1, 1990, old_a, physics),
        WORK(2, 2015, new_a, biology),
        WORK(3, 2020, new_a, biology),
    };
    struct bz_doubt_work overlap[] = {
        WORK(1, 1990, old_a, physics),
        WORK(2, 2016, old_a, physics),
        WORK(3, 2015, new_a, biology),
        WORK(4, 2020, new_a, biology),
    };
    struct bz_doubt d;

    (void)state;
    assert_int_equal(bz_doubts_check(one_odd, N(one_odd), &d), 0);
    assert_int_equal(bz_doubts_check(overlap, N(overlap), &d), 0);
    assert_int_equal(bz_doubts_check(NULL, 0, &d), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_two_people_flagged),
        cmocka_unit_test(test_shared_coauthor_or_topic_not_flagged),
        cmocka_unit_test(test_small_or_overlapping_years_not_flagged),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
