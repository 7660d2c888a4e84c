/* test_reaction.c - the rules of reaction.h that need no store: ratings,
 * link addresses, which links an abstract gives and of what kind. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/links.h"
#include "reaction/reaction.h"

static void test_ratings_are_whole_numbers_in_range(void **state)
{
    static const char *const bad[] = {"0", "6",  "-1", "3.5", "abc",
                                      "",  "+3", " 3", "3 ",  "99999999999999"};
    struct bz_error err = {0};
    int n;

    (void)state;
    for (int i = BZ_REVIEW_RATING_MIN; i <= BZ_REVIEW_RATING_MAX; i++) {
        char text[4] = {(char)('0' + i), 0};

        assert_int_equal(bz_review_rating(text, "soundness", &n, &err), BZ_OK);
        assert_int_equal(n, i);
    }
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_int_equal(bz_review_rating(bad[i], "soundness", &n, &err),
                         BZ_INVALID);
        assert_non_null(strstr(err.message, "soundness"));
    }
    assert_int_equal(bz_review_rating(NULL, "significance", &n, &err),
                     BZ_INVALID);
    assert_non_null(strstr(err.message, "required"));
}

static void test_link_addresses(void **state)
{
    static const char *const good[] = {
        "https://github.com/a/b", "http://example.org",
        "https://x.y:8443/p?q#f", "HTTPS://Zenodo.org/records/1"};
    static const char *const bad[] = {"",
                                      "javascript:alert(1)",
                                      "ftp://example.org/",
                                      "https://",
                                      "https://localhost/",
                                      "https://user@github.com/",
                                      "https://a b.org/",
                                      "https://.org/",
                                      "https://example./",
                                      "https://exa_mple.org/",
                                      "https://example.org/\"x",
                                      "https://example.org/\xc3\xa9",
                                      "//example.org/"};
    struct bz_error err = {0};
    char longer[BZ_WORK_LINK_URL_MAX + 2];

    (void)state;
    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
        assert_int_equal(bz_work_link_check(good[i], &err), BZ_OK);
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_int_equal(bz_work_link_check(bad[i], &err), BZ_INVALID);
    assert_int_equal(bz_work_link_check(NULL, &err), BZ_INVALID);
    memset(longer, 'a', sizeof(longer) - 1);
    memcpy(longer, "https://a.org/", 14);
    longer[sizeof(longer) - 1] = '\0';
    assert_int_equal(bz_work_link_check(longer, &err), BZ_INVALID);
    longer[sizeof(longer) - 2] = '\0';
    assert_int_equal(bz_work_link_check(longer, &err), BZ_OK);
}

static void test_link_kinds(void **state)
{
    static const struct {
        const char *url;
        enum bz_link_kind kind;
    } cases[] = {
        {"https://github.com/a/b", BZ_LINK_CODE},
        {"https://www.gitlab.com/a", BZ_LINK_CODE},
        {"https://gist.github.com/x", BZ_LINK_CODE},
        {"https://huggingface.co/org/model", BZ_LINK_CODE},
        {"https://huggingface.co/datasets/org/set", BZ_LINK_DATASET},
        {"https://zenodo.org/records/1", BZ_LINK_DATASET},
        {"https://springernature.figshare.com/articles/x", BZ_LINK_DATASET},
        {"https://datadryad.org/stash/dataset/doi:1", BZ_LINK_DATASET},
        {"https://dataverse.harvard.edu/dataset.xhtml", BZ_LINK_DATASET},
        {"https://www.kaggle.com/datasets/a/b", BZ_LINK_DATASET},
        {"https://www.kaggle.com/competitions/a", BZ_LINK_OTHER},
        {"https://doi.org/10.5281/zenodo.123", BZ_LINK_DATASET},
        {"https://doi.org/10.1000/xyz", BZ_LINK_OTHER},
        {"https://notgithub.com/a", BZ_LINK_OTHER},
        {"https://github.com.evil.org/a", BZ_LINK_OTHER},
        {"https://user@github.com/a", BZ_LINK_OTHER},
        {"https://github.com/", BZ_LINK_OTHER},
        {"ftp://github.com/a", BZ_LINK_OTHER},
    };

    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        assert_int_equal(bz_links_kind(cases[i].url), cases[i].kind);
    assert_int_equal(bz_links_kind(NULL), BZ_LINK_OTHER);
}

static void test_abstract_links_by_kind(void **state)
{
    struct bz_arena a;
    const char *out[BZ_LINKS_MAX];
    const char *text = "Data: https://zenodo.org/records/9. Code "
                       "(https://github.com/x/y), and "
                       "https://doi.org/10.5281/zenodo.9; see "
                       "https://zenodo.org/records/9.";

    (void)state;
    bz_arena_init(&a, 0);
    assert_int_equal(
        bz_links_find(&a, text, BZ_LINK_DATASET, out, BZ_LINKS_MAX), 2);
    assert_string_equal(out[0], "https://zenodo.org/records/9");
    assert_string_equal(out[1], "https://doi.org/10.5281/zenodo.9");
    assert_int_equal(bz_links_code(&a, text, out, BZ_LINKS_MAX), 1);
    assert_string_equal(out[0], "https://github.com/x/y");
    assert_int_equal(bz_links_find(&a, text, BZ_LINK_DATASET, out, 1), 1);
    bz_arena_release(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ratings_are_whole_numbers_in_range),
        cmocka_unit_test(test_link_addresses),
        cmocka_unit_test(test_link_kinds),
        cmocka_unit_test(test_abstract_links_by_kind),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
