/* test_suggest.c - unit tests of the suggested-collaborators rule
 * (graph/suggest.c) on hand-made candidates: the score, its ties, every
 * conflict that leaves a candidate out, and the reason. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "graph/suggest.h"

#define SELF 1

static size_t rank(struct bz_arena *arena,
                   const struct bz_suggestion_candidate *c, size_t n,
                   struct bz_suggestion **out)
{
    struct bz_error err = {0};
    size_t count = 99;

    assert_int_equal(
        bz_suggest_rank(arena, SELF, c, n, 2026, 5, out, &count, &err), BZ_OK);
    return count;
}

static void test_score_and_ties(void **state)
{
    const struct bz_suggestion_candidate c[] = {
        {.id = 10, .shared_topics = 3},                        /* 3 */
        {.id = 11, .common_coauthors = 2},                     /* 4 */
        {.id = 12, .shared_topics = 2, .common_coauthors = 1}, /* 4 */
        {.id = 13, .shared_topics = 1, .common_coauthors = 1}, /* 3 */
        {.id = 9, .shared_topics = 3},                         /* 3 */
    };
    struct bz_suggestion *s;
    struct bz_arena arena;

    (void)state;
    bz_arena_init(&arena, 0);
    assert_int_equal(rank(&arena, c, 5, &s), 5);
    /* 4s: more co-authors in common first; 3s: 13 has a co-author in
     * common, then 9 and 10 by id */
    assert_int_equal(s[0].who->id, 11);
    assert_int_equal(s[0].score, 4);
    assert_int_equal(s[1].who->id, 12);
    assert_int_equal(s[2].who->id, 13);
    assert_int_equal(s[3].who->id, 9);
    assert_int_equal(s[4].who->id, 10);
    assert_int_equal(s[4].score, 3);
    bz_arena_release(&arena);
}

static void test_conflicts_left_out(void **state)
{
    const struct bz_suggestion_candidate c[] = {
        {.id = SELF, .shared_topics = 5}, /* themself */
        {.id = 20,
         .shared_topics = 1,
         .shared_works = 1,
         .last_shared_year = 2022}, /* in the window */
        {.id = 21,
         .shared_topics = 1,
         .shared_works = 2,
         .last_shared_year = 2021}, /* just before it */
        {.id = 22,
         .shared_topics = 1,
         .shared_works = 1,
         .undated_shared_works = 1}, /* year unknown */
        {.id = 23,
         .common_coauthors = 3,
         .shared_institution = 1}, /* same place */
        {.id = 24},                /* nothing shared */
    };
    struct bz_suggestion *s;
    struct bz_arena arena;

    (void)state;
    bz_arena_init(&arena, 0);
    assert_int_equal(rank(&arena, c, 6, &s), 1);
    assert_int_equal(s[0].who->id, 21);
    assert_string_equal(s[0].reason, "1 shared topic, co-authored 2 works "
                                     "(last in 2021), no conflict of "
                                     "interest");
    bz_arena_release(&arena);
}

static void test_reasons(void **state)
{
    const struct bz_suggestion_candidate c[] = {
        {.id = 30, .shared_topics = 3, .common_coauthors = 2},
        {.id = 31, .common_coauthors = 1},
    };
    struct bz_suggestion *s;
    struct bz_arena arena;

    (void)state;
    bz_arena_init(&arena, 0);
    assert_int_equal(rank(&arena, c, 2, &s), 2);
    assert_string_equal(s[0].reason, "3 shared topics, 2 co-authors in "
                                     "common, no conflict of interest");
    assert_int_equal(s[0].score, 7);
    assert_string_equal(s[1].reason,
                        "1 co-author in common, no conflict of interest");
    bz_arena_release(&arena);
}

static void test_none(void **state)
{
    struct bz_suggestion *s = (void *)1;
    struct bz_arena arena;

    (void)state;
    bz_arena_init(&arena, 0);
    assert_int_equal(rank(&arena, NULL, 0, &s), 0);
    assert_null(s);
    bz_arena_release(&arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_score_and_ties),
        cmocka_unit_test(test_conflicts_left_out),
        cmocka_unit_test(test_reasons),
        cmocka_unit_test(test_none),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
