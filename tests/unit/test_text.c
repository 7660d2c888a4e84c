/* test_text.c - folding, words, slugs, UTF-8 checks and the arena. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/arena.h"
#include "core/text.h"

static void test_fold_removes_diacritics_and_case(void **state)
{
    struct bz_arena a;

    (void)state;
    bz_arena_init(&a, 0);
    assert_string_equal(bz_text_fold_words(&a, "José Suárez-Łukasz"),
                        " jose suarez lukasz ");
    assert_string_equal(bz_text_fold_words(&a, "  O'Brien,  Straße "),
                        " obrien strasse ");
    assert_string_equal(bz_text_fold_words(&a, ""), " ");
    bz_arena_release(&a);
}

static void test_split_words(void **state)
{
    struct bz_arena a;
    char *words[4];

    (void)state;
    bz_arena_init(&a, 0);
    assert_int_equal(bz_text_split_words(&a, "Surya  GANGULI!", words, 4), 2);
    assert_string_equal(words[0], "surya");
    assert_string_equal(words[1], "ganguli");
    assert_int_equal(bz_text_split_words(&a, "a b c d e f", words, 4), 4);
    assert_int_equal(bz_text_split_words(&a, "%%", words, 4), 0);
    bz_arena_release(&a);
}

static void test_slug(void **state)
{
    struct bz_arena a;

    (void)state;
    bz_arena_init(&a, 0);
    assert_string_equal(bz_text_slug(&a, "Surya Ganguli", 80),
                        "surya-ganguli");
    assert_string_equal(bz_text_slug(&a, "Statistical mechanics of low-rank",
                                     80),
                        "statistical-mechanics-of-low-rank");
    assert_string_equal(bz_text_slug(&a, "one two three", 7), "one-two");
    assert_string_equal(bz_text_slug(&a, "東京", 80), "");
    assert_string_equal(bz_text_slug(&a, "<script>", 80), "script");
    bz_arena_release(&a);
}

static void test_utf8_validation(void **state)
{
    const char *mixed = "Suárez 東京 😀";

    (void)state;
    assert_true(bz_text_utf8_valid(mixed, strlen(mixed)));
    assert_false(bz_text_utf8_valid("\xc3", 1));          /* cut short */
    assert_false(bz_text_utf8_valid("\xc0\xaf", 2));      /* overlong */
    assert_false(bz_text_utf8_valid("\xed\xa0\x80", 3));  /* surrogate */
    assert_false(bz_text_utf8_valid("\xf4\x90\x80\x80", 4)); /* > 10FFFF */
    assert_false(bz_text_utf8_valid("\xff", 1));
}

static int cleanups_run;

static void count_cleanup(void *data)
{
    (void)data;
    cleanups_run++;
}

static void test_arena_cap_and_cleanups(void **state)
{
    struct bz_arena a;
    char *big;

    (void)state;
    bz_arena_init(&a, 4096);
    assert_non_null(bz_arena_alloc(&a, 1000));
    assert_null(bz_arena_alloc(&a, 8192)); /* past the cap */
    big = bz_arena_strdup(&a, "kept");
    assert_string_equal(big, "kept");
    assert_int_equal(bz_arena_add_cleanup(&a, count_cleanup, NULL), 0);
    cleanups_run = 0;
    bz_arena_reset(&a);
    assert_int_equal(cleanups_run, 1);
    assert_int_equal(a.used, 0);
    bz_arena_release(&a);
}

static void test_arena_large_blocks(void **state)
{
    struct bz_arena a;
    char *p, *q;

    (void)state;
    bz_arena_init(&a, 0);
    p = bz_arena_alloc(&a, 100);
    q = bz_arena_alloc(&a, 100000);
    assert_non_null(p);
    assert_non_null(q);
    memset(q, 1, 100000);
    assert_non_null(bz_arena_printf(&a, "%d-%s", 7, "x"));
    assert_string_equal(bz_arena_printf(&a, "%d-%s", 7, "x"), "7-x");
    bz_arena_release(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fold_removes_diacritics_and_case),
        cmocka_unit_test(test_split_words),
        cmocka_unit_test(test_slug),
        cmocka_unit_test(test_utf8_validation),
        cmocka_unit_test(test_arena_cap_and_cleanups),
        cmocka_unit_test(test_arena_large_blocks),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
