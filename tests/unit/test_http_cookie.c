/* test_http_cookie.c - reading Cookie headers leniently, writing
 * Set-Cookie strictly. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/cookie.h"
#include "http/request.h"

/* The value of name in header as a static string, or NULL. The header is
 * copied into a buffer of its exact length, so ASan sees any read past
 * the end. */
static const char *find(const char *header, const char *name)
{
    static char out[BZ_COOKIE_VALUE_MAX + 1];
    size_t n = strlen(header), len;
    char *copy = malloc(n ? n : 1);
    const char *value;
    int found;

    memcpy(copy, header, n);
    found = bz_cookie_find(copy, n, name, &value, &len);
    if (found) {
        memcpy(out, value, len);
        out[len] = '\0';
    }
    free(copy);
    return found ? out : NULL;
}

static void test_cookie_find(void **state)
{
    (void)state;
    assert_string_equal(find("a=1; b=2; c=3", "b"), "2");
    assert_string_equal(find("a=1;b=2", "b"), "2");
    assert_string_equal(find("a=1", "a"), "1");
    assert_string_equal(find("  a = 1 ;\tb=2\t", "a"), "1");
    assert_string_equal(find("a=1; b=2 ;", "b"), "2");
    assert_string_equal(find("a=", "a"), "");
    assert_string_equal(find("a=\"quoted\"", "a"), "quoted");
    assert_string_equal(find("a=\"\"", "a"), "");
    assert_string_equal(find("a=x=y", "a"), "x=y");
    assert_string_equal(find("tok=AbC-_.~%2F+/09", "tok"), "AbC-_.~%2F+/09");
    /* the first of two pairs of one name wins */
    assert_string_equal(find("s=first; s=second", "s"), "first");
    assert_null(find("a=1; b=2", "c"));
    assert_null(find("", "a"));
    assert_null(find(";;;", "a"));
    /* names compare with case and in full */
    assert_null(find("A=1", "a"));
    assert_null(find("bz_sessionx=1; xbz_session=2", "bz_session"));
    assert_null(find("bz_session", "bz_session"));
}

static void test_cookie_malformed_skipped(void **state)
{
    (void)state;
    /* each bad pair is skipped; the good one after it is still found */
    assert_string_equal(find("novalue; a=1", "a"), "1");
    assert_string_equal(find("=anon; a=1", "a"), "1");
    assert_string_equal(find("b=has space; a=1", "a"), "1");
    assert_string_equal(find("b=x,y; a=1", "a"), "1");
    assert_string_equal(find("b=\"unclosed; a=1", "a"), "1");
    assert_string_equal(find("b=back\\slash; a=1", "a"), "1");
    assert_string_equal(find("b=caf\xc3\xa9; a=1", "a"), "1");
    assert_string_equal(find("b=\x01; a=1", "a"), "1");
    assert_string_equal(find("b(c)=1; a=1", "a"), "1");
    assert_string_equal(find("x y=1; a=1", "a"), "1");
    /* and a malformed pair of the name asked is not an answer */
    assert_null(find("a=has space", "a"));
    assert_null(find("a=\"in\"side\"", "a"));
    assert_null(find("a=caf\xc3\xa9", "a"));
}

static void test_cookie_caps(void **state)
{
    char *header = malloc(64 * 1024), *at;
    size_t i;

    (void)state;
    /* the 64th pair is read, the 65th is not */
    at = header;
    for (i = 0; i < BZ_COOKIE_MAX_PAIRS - 1; i++)
        at += sprintf(at, "c%zu=%zu; ", i, i);
    strcpy(at, "last=yes");
    assert_string_equal(find(header, "last"), "yes");
    at += sprintf(at, "one=more; ");
    strcpy(at, "last=yes");
    assert_null(find(header, "last"));

    /* a value of the longest length, then one byte longer */
    strcpy(header, "big=");
    memset(header + 4, 'v', BZ_COOKIE_VALUE_MAX);
    header[4 + BZ_COOKIE_VALUE_MAX] = '\0';
    assert_int_equal(strlen(find(header, "big")), BZ_COOKIE_VALUE_MAX);
    strcpy(header + 4 + BZ_COOKIE_VALUE_MAX, "v; a=1");
    assert_null(find(header, "big"));
    assert_string_equal(find(header, "a"), "1");

    /* a name over its cap is skipped */
    memset(header, 'n', BZ_COOKIE_NAME_MAX + 1);
    strcpy(header + BZ_COOKIE_NAME_MAX + 1, "=1; a=2");
    assert_string_equal(find(header, "a"), "2");
    free(header);
}

static void test_cookie_length_not_nul(void **state)
{
    const char *text = "a=12345; b=2";
    const char *value;
    size_t len;

    (void)state;
    assert_int_equal(bz_cookie_find(text, 4, "a", &value, &len), 1);
    assert_int_equal(len, 2);
    assert_memory_equal(value, "12", 2);
    assert_int_equal(bz_cookie_find(text, 8, "b", &value, &len), 0);
}

static void test_cookie_credentials(void **state)
{
    (void)state;
    assert_true(bz_cookie_credentials("Authorization", "Bearer x"));
    assert_true(bz_cookie_credentials("authorization", ""));
    assert_true(bz_cookie_credentials("Cookie", "bz_session=abc"));
    assert_true(bz_cookie_credentials("cookie", "theme=dark; bz_session=\"\""));
    assert_false(bz_cookie_credentials("Cookie", "theme=dark"));
    assert_false(bz_cookie_credentials("Cookie", "bz_session"));
    assert_false(bz_cookie_credentials("X-Cookie", "bz_session=abc"));
    assert_false(bz_cookie_credentials("Proxy-Authorization", "Basic x"));
}

static char *format(struct bz_arena *a, const char *name, const char *value,
                    long max_age, unsigned flags, int secure,
                    enum bz_status want)
{
    char *line = NULL;
    struct bz_error err;

    assert_int_equal(
        bz_cookie_format(a, name, value, max_age, flags, secure, &line, &err),
        want);
    if (want != BZ_OK)
        assert_true(strlen(err.message) > 0);
    return line;
}

static void test_cookie_format(void **state)
{
    struct bz_arena a;

    (void)state;
    bz_arena_init(&a, 0);
    assert_string_equal(
        format(&a, "bz_session", "abc", BZ_COOKIE_SESSION, 0, 0, BZ_OK),
        "bz_session=abc; Path=/; HttpOnly; SameSite=Lax");
    assert_string_equal(format(&a, "bz_session", "abc", 86400, 0, 1, BZ_OK),
                        "bz_session=abc; Path=/; Max-Age=86400; HttpOnly; "
                        "SameSite=Lax; Secure");
    assert_string_equal(
        format(&a, "bz_session", "", BZ_COOKIE_DELETE, 0, 1, BZ_OK),
        "bz_session=; Path=/; Max-Age=0; HttpOnly; "
        "SameSite=Lax; Secure");
    assert_string_equal(format(&a, "theme", "dark", 60,
                               BZ_COOKIE_SCRIPTS | BZ_COOKIE_STRICT, 0, BZ_OK),
                        "theme=dark; Path=/; Max-Age=60; SameSite=Strict");
    assert_string_equal(format(&a, "__Host-s", "1", 60, 0, 1, BZ_OK),
                        "__Host-s=1; Path=/; Max-Age=60; HttpOnly; "
                        "SameSite=Lax; Secure");
    bz_arena_release(&a);
}

static void test_cookie_format_refuses(void **state)
{
    static const char *const bad_names[] = {
        "",     "a b",    "a;b", "a=b",         "a,b", "a\"b",
        "a\tb", "a\r\nb", "a/b", "caf\xc3\xa9", NULL};
    static const char *const bad_values[] = {
        " ",        "a b",  "a;b",   "a,b",
        "\"a\"",    "a\\b", "a\x7f", "a\r\nSet-Cookie: x",
        "\xc3\xa9", NULL};
    struct bz_arena a;
    char name[BZ_COOKIE_NAME_MAX + 2];
    char *value = malloc(BZ_COOKIE_VALUE_MAX + 2);
    size_t i;

    (void)state;
    bz_arena_init(&a, 0);
    for (i = 0; bad_names[i]; i++)
        assert_null(format(&a, bad_names[i], "v", 60, 0, 1, BZ_INVALID));
    for (i = 0; bad_values[i]; i++)
        assert_null(format(&a, "n", bad_values[i], 60, 0, 1, BZ_INVALID));
    assert_null(format(&a, "n", "v", -2, 0, 1, BZ_INVALID));
    /* browsers drop these prefixes without Secure */
    assert_null(format(&a, "__Host-s", "v", 60, 0, 0, BZ_INVALID));
    assert_null(format(&a, "__Secure-s", "v", 60, 0, 0, BZ_INVALID));

    memset(name, 'n', BZ_COOKIE_NAME_MAX);
    name[BZ_COOKIE_NAME_MAX] = '\0';
    assert_non_null(format(&a, name, "v", 60, 0, 0, BZ_OK));
    strcat(name, "n");
    assert_null(format(&a, name, "v", 60, 0, 0, BZ_INVALID));
    memset(value, 'v', BZ_COOKIE_VALUE_MAX);
    value[BZ_COOKIE_VALUE_MAX] = '\0';
    assert_non_null(format(&a, "n", value, 60, 0, 0, BZ_OK));
    strcat(value, "v");
    assert_null(format(&a, "n", value, 60, 0, 0, BZ_INVALID));
    free(value);
    bz_arena_release(&a);
}

/* Through a response: Secure follows the site's scheme, and a cookie
 * makes the response one the cache must not keep. */
static void test_response_set_cookie(void **state)
{
    struct bz_arena a;
    struct bz_request req = {0};
    struct bz_response resp;
    struct bz_error err;

    (void)state;
    bz_arena_init(&a, 0);
    req.arena = &a;
    bz_response_init(&resp, &req);
    assert_int_equal(
        bz_response_set_cookie(&resp, "bz_session", "tok", 3600, 0, &err),
        BZ_OK);
    assert_int_equal(resp.header_count, 1);
    assert_string_equal(resp.headers[0].name, "Set-Cookie");
    assert_null(strstr(resp.headers[0].value, "Secure"));
    assert_true(resp.sets_cookie);
    bz_response_release(&resp);

    req.https = 1;
    bz_response_init(&resp, &req);
    assert_false(resp.sets_cookie);
    assert_int_equal(bz_response_set_cookie(&resp, "bz_session", "",
                                            BZ_COOKIE_DELETE, 0, &err),
                     BZ_OK);
    assert_non_null(strstr(resp.headers[0].value, "; Max-Age=0;"));
    assert_non_null(strstr(resp.headers[0].value, "; Secure"));
    assert_int_equal(bz_response_set_cookie(&resp, "bad name", "x", 1, 0, &err),
                     BZ_INVALID);
    assert_int_equal(resp.header_count, 1);
    bz_response_release(&resp);
    bz_arena_release(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cookie_find),
        cmocka_unit_test(test_cookie_malformed_skipped),
        cmocka_unit_test(test_cookie_caps),
        cmocka_unit_test(test_cookie_length_not_nul),
        cmocka_unit_test(test_cookie_credentials),
        cmocka_unit_test(test_cookie_format),
        cmocka_unit_test(test_cookie_format_refuses),
        cmocka_unit_test(test_response_set_cookie),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
