/* test_html.c - the escaping writer, links in text, and the layout. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/links.h"
#include "pages/html.h"

static void test_text_escapes_every_special_character(void **state)
{
    struct bz_buf b;

    (void)state;
    bz_buf_init(&b, 0);
    bz_html_text(&b, "<script>alert('x') & \"y\"</script>");
    assert_string_equal(b.data, "&lt;script&gt;alert(&#39;x&#39;) &amp; "
                                "&quot;y&quot;&lt;/script&gt;");
    bz_buf_release(&b);
}

static void test_text_keeps_utf8_and_handles_null(void **state)
{
    struct bz_buf b;

    (void)state;
    bz_buf_init(&b, 0);
    bz_html_text(&b, NULL);
    bz_html_text(&b, "Suárez · 東京");
    assert_string_equal(b.data, "Suárez · 東京");
    bz_buf_release(&b);
}

static void test_textn_stops_at_length(void **state)
{
    struct bz_buf b;

    (void)state;
    bz_buf_init(&b, 0);
    bz_html_textn(&b, "a<b>c", 2);
    assert_string_equal(b.data, "a&lt;");
    bz_buf_release(&b);
}

static void test_url_refuses_other_schemes(void **state)
{
    struct bz_buf b;

    (void)state;
    bz_buf_init(&b, 0);
    assert_int_equal(bz_html_url(&b, "javascript:alert(1)"), 0);
    assert_int_equal(bz_html_url(&b, "data:text/html,x"), 0);
    assert_int_equal(bz_html_url(&b, NULL), 0);
    assert_int_equal(b.len, 0);
    assert_int_equal(bz_html_url(&b, "https://x.org/?a=1&b=\"2\""), 1);
    assert_string_equal(b.data, "https://x.org/?a=1&amp;b=&quot;2&quot;");
    bz_buf_release(&b);
}

static void test_link_escapes_href_and_text(void **state)
{
    struct bz_buf b;

    (void)state;
    bz_buf_init(&b, 0);
    bz_html_link(&b, "/x?\"a\"", "<i>");
    assert_string_equal(b.data, "<a href=\"/x?&quot;a&quot;\">&lt;i&gt;</a>");
    bz_buf_release(&b);
}

static void test_layout_has_stylesheet_and_escaped_title(void **state)
{
    struct bz_buf b;

    (void)state;
    bz_buf_init(&b, 0);
    bz_html_begin(&b, "<T>");
    bz_html_end(&b);
    assert_non_null(strstr(b.data, "<title>&lt;T&gt; · bzpeer</title>"));
    assert_non_null(strstr(b.data, "/static/style.css"));
    assert_non_null(strstr(b.data, "</html>"));
    bz_buf_release(&b);
}

static void test_buffer_cap_fails_whole_appends(void **state)
{
    struct bz_buf b;

    (void)state;
    bz_buf_init(&b, 8);
    assert_int_equal(bz_buf_puts(&b, "1234"), 0);
    assert_int_equal(bz_buf_puts(&b, "56789"), -1);
    assert_true(b.failed);
    assert_string_equal(b.data, "1234");
    assert_int_equal(bz_buf_puts(&b, "5"), -1); /* sticky */
    bz_buf_release(&b);
}

static void test_code_links_lose_trailing_punctuation(void **state)
{
    struct bz_arena a;
    const char *links[BZ_LINKS_MAX];
    size_t n;

    (void)state;
    bz_arena_init(&a, 0);
    n = bz_links_code(&a,
                      "Code is available at "
                      "https://github.com/ganguli-lab/degrees-of-freedom. "
                      "Also (https://gitlab.com/a/b), see "
                      "https://example.org/not-code and "
                      "https://github.com/ganguli-lab/degrees-of-freedom.",
                      links, BZ_LINKS_MAX);
    assert_int_equal(n, 2);
    assert_string_equal(links[0],
                        "https://github.com/ganguli-lab/degrees-of-freedom");
    assert_string_equal(links[1], "https://gitlab.com/a/b");
    bz_arena_release(&a);
}

static void test_code_links_keep_balanced_brackets(void **state)
{
    struct bz_arena a;
    const char *links[BZ_LINKS_MAX];

    (void)state;
    bz_arena_init(&a, 0);
    assert_int_equal(bz_links_code(&a, "https://github.com/x/y_(z);", links,
                                   BZ_LINKS_MAX),
                     1);
    assert_string_equal(links[0], "https://github.com/x/y_(z)");
    assert_int_equal(bz_links_code(&a, "http://github.com/", links,
                                   BZ_LINKS_MAX),
                     0);
    assert_int_equal(bz_links_code(&a, NULL, links, BZ_LINKS_MAX), 0);
    bz_arena_release(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_escapes_every_special_character),
        cmocka_unit_test(test_text_keeps_utf8_and_handles_null),
        cmocka_unit_test(test_textn_stops_at_length),
        cmocka_unit_test(test_url_refuses_other_schemes),
        cmocka_unit_test(test_link_escapes_href_and_text),
        cmocka_unit_test(test_layout_has_stylesheet_and_escaped_title),
        cmocka_unit_test(test_buffer_cap_fails_whole_appends),
        cmocka_unit_test(test_code_links_lose_trailing_punctuation),
        cmocka_unit_test(test_code_links_keep_balanced_brackets),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
