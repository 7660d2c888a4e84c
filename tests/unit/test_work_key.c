/* test_work_key.c - the keys that match a work without a shared id
 * (store/work_key.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/arena.h"
#include "store/work_key.h"

static struct bz_work_key key_of(struct bz_arena *arena, const char *title,
                                 const char *first_author)
{
    struct bz_work_key key;

    assert_int_equal(bz_work_key_of(arena, title, first_author, &key), BZ_OK);
    return key;
}

static void test_surname_forms(void **state)
{
    static const char *const kadmon[] = {
        "Jonathan Kadmon", "Kadmon, Jonathan", "Kadmon J",
        "J. Kadmon",       "KADMON, J.",       "Jonathan Kadmon Jr.",
    };
    struct bz_arena arena;

    (void)state;
    bz_arena_init(&arena, 0);
    for (size_t i = 0; i < sizeof(kadmon) / sizeof(kadmon[0]); i++)
        assert_string_equal(key_of(&arena, "Deep nets", kadmon[i]).first_author,
                            "kadmon");
    assert_string_equal(key_of(&arena, "Deep nets", "Suárez").first_author,
                        "suarez");
    assert_null(key_of(&arena, "Deep nets", NULL).first_author);
    assert_null(key_of(&arena, "Deep nets", " , ").first_author);
    assert_string_equal(key_of(&arena, "Deep  Nets!", NULL).title,
                        " deep nets ");
    bz_arena_release(&arena);
}

static void test_usable_and_match(void **state)
{
    struct bz_arena arena;
    struct bz_work_key a, b, one_word;

    (void)state;
    bz_arena_init(&arena, 0);
    a = key_of(&arena, "Biological Diversity - an Overview", "M. Waldman");
    b = key_of(&arena, "Biological Diversity — An Overview", "Waldman, M.");
    one_word = key_of(&arena, "Editorial", "M. Waldman");

    assert_true(bz_work_key_usable(&a, 2000));
    assert_false(bz_work_key_usable(&a, 0));
    assert_false(bz_work_key_usable(&one_word, 2000));
    assert_false(
        bz_work_key_usable(&(struct bz_work_key){a.title, NULL}, 2000));

    assert_true(bz_work_key_match(&a, 2000, &b, 2000));
    assert_true(bz_work_key_match(&a, 2001, &b, 2000));
    assert_false(bz_work_key_match(&a, 2002, &b, 2000));
    assert_false(bz_work_key_match(&a, 2000, &b, 0));
    assert_false(bz_work_key_match(
        &a, 2000, &(struct bz_work_key){a.title, "shevah"}, 2000));
    assert_false(bz_work_key_match(&one_word, 2000, &one_word, 2000));
    bz_arena_release(&arena);
}

static void test_version_ids(void **state)
{
    (void)state;
    assert_true(bz_work_key_version_id(
        &(struct bz_external_id){"doi", "10.1023/a:1005268804246", NULL}));
    assert_false(bz_work_key_version_id(
        &(struct bz_external_id){"doi", "10.48550/arXiv.2305.02329", NULL}));
    assert_true(bz_work_key_version_id(
        &(struct bz_external_id){"arxiv", "2305.02329", NULL}));
    assert_false(bz_work_key_version_id(
        &(struct bz_external_id){"s2", "af02f2c6", NULL}));
}

static void test_author_name(void **state)
{
    struct bz_author_record a = {.raw_name = "World Bank",
                                 .display_name = "Bruce Aylward"};

    (void)state;
    assert_string_equal(bz_work_key_author_name(&a), "Bruce Aylward");
    a.display_name = " \t";
    assert_string_equal(bz_work_key_author_name(&a), "World Bank");
    a.display_name = NULL;
    assert_string_equal(bz_work_key_author_name(&a), "World Bank");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_surname_forms),
        cmocka_unit_test(test_usable_and_match),
        cmocka_unit_test(test_version_ids),
        cmocka_unit_test(test_author_name),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
