/* test_http_form.c - urlencoded form bodies: decoding, order, caps, and
 * refusing what does not decode. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/form.h"

struct parsed {
    struct bz_arena arena;
    struct bz_form_field *fields;
    size_t count;
    struct bz_error err;
};

/* Parses the n bytes of a copy of body in a buffer of exactly n bytes, so
 * that ASan sees any read past the end. */
static enum bz_status parse_n(struct parsed *p, const char *body, size_t n)
{
    char *copy = malloc(n ? n : 1);
    enum bz_status rc;

    memcpy(copy, body, n);
    bz_arena_init(&p->arena, 0);
    bz_error_clear(&p->err);
    rc = bz_form_parse(&p->arena, copy, n, &p->fields, &p->count, &p->err);
    free(copy);
    return rc;
}

static enum bz_status parse(struct parsed *p, const char *body)
{
    return parse_n(p, body, strlen(body));
}

static void test_form_fields_in_order(void **state)
{
    struct parsed p;

    (void)state;
    assert_int_equal(parse(&p, "email=a%40example.org&name=Ada+L%C3%B3pez"
                               "&tag=x&tag=y&tag=z"),
                     BZ_OK);
    assert_int_equal(p.count, 5);
    assert_string_equal(p.fields[0].name, "email");
    assert_string_equal(p.fields[0].value, "a@example.org");
    assert_string_equal(p.fields[1].value, "Ada L\xc3\xb3pez");
    assert_string_equal(p.fields[2].value, "x");
    assert_string_equal(p.fields[3].value, "y");
    assert_string_equal(p.fields[4].name, "tag");
    assert_string_equal(p.fields[4].value, "z");
    bz_arena_release(&p.arena);
}

static void test_form_decoding(void **state)
{
    struct parsed p;

    (void)state;
    assert_int_equal(
        parse(&p, "a=1+2%2B3%20%2b&b%5B%5D=%e2%82%ac&c=caf\xc3\xa9"), BZ_OK);
    assert_int_equal(p.count, 3);
    assert_string_equal(p.fields[0].value, "1 2+3 +");
    assert_string_equal(p.fields[1].name, "b[]");
    assert_string_equal(p.fields[1].value, "\xe2\x82\xac");
    assert_string_equal(p.fields[2].value, "caf\xc3\xa9"); /* raw UTF-8 */
    bz_arena_release(&p.arena);

    /* '=' after the first belongs to the value; line breaks as sent */
    assert_int_equal(parse(&p, "q=a%3Db=c&t=one%0D%0Atwo"), BZ_OK);
    assert_string_equal(p.fields[0].value, "a=b=c");
    assert_string_equal(p.fields[1].value, "one\r\ntwo");
    bz_arena_release(&p.arena);
}

static void test_form_empty_pieces(void **state)
{
    struct parsed p;

    (void)state;
    assert_int_equal(parse(&p, ""), BZ_OK);
    assert_int_equal(p.count, 0);
    assert_null(p.fields);
    bz_arena_release(&p.arena);

    assert_int_equal(parse(&p, "&&&"), BZ_OK);
    assert_int_equal(p.count, 0);
    bz_arena_release(&p.arena);

    assert_int_equal(parse(&p, "&a=1&&flag&=v&b=&"), BZ_OK);
    assert_int_equal(p.count, 4);
    assert_string_equal(p.fields[0].name, "a");
    assert_string_equal(p.fields[1].name, "flag");
    assert_string_equal(p.fields[1].value, "");
    assert_string_equal(p.fields[2].name, "");
    assert_string_equal(p.fields[2].value, "v");
    assert_string_equal(p.fields[3].name, "b");
    assert_string_equal(p.fields[3].value, "");
    bz_arena_release(&p.arena);
}

static void test_form_bad_escapes(void **state)
{
    static const char *const bad[] = {
        "a=%",       "a=%4",  "a=%zz", "a=%G1", "a=%%41",  "%=1", "a%2=1",
        "a=1&b=%x1", "a=%-1", "a=% 1", "a=%00", "a%00b=1", NULL};
    struct parsed p;
    size_t i;

    (void)state;
    for (i = 0; bad[i]; i++) {
        assert_int_equal(parse(&p, bad[i]), BZ_INVALID);
        assert_non_null(strstr(p.err.message, "form field"));
        assert_int_equal(p.count, 0);
        assert_null(p.fields);
        bz_arena_release(&p.arena);
    }
    assert_int_equal(parse(&p, "a=1&b=2&c=%"), BZ_INVALID);
    assert_non_null(strstr(p.err.message, "form field 3: value"));
    bz_arena_release(&p.arena);
}

static void test_form_not_utf8(void **state)
{
    static const char *const bad[] = {
        "a=%FF",          /* never in UTF-8 */
        "a=%C3",          /* a sequence cut short */
        "a=%C3&b=%A9",    /* ... even if the next field would end it */
        "a=%C0%AF",       /* overlong '/' */
        "a=%ED%A0%80",    /* a surrogate */
        "a=%F4%90%80%80", /* past U+10FFFF */
        "a=caf\xe9",      /* Latin-1 sent raw */
        "%E9t%E9=1",      /* a Latin-1 name */
        NULL};
    struct parsed p;
    size_t i;

    (void)state;
    for (i = 0; bad[i]; i++) {
        assert_int_equal(parse(&p, bad[i]), BZ_INVALID);
        bz_arena_release(&p.arena);
    }
    assert_int_equal(parse(&p, "a=%F0%9F%94%AC"), BZ_OK); /* U+1F52C */
    assert_string_equal(p.fields[0].value, "\xf0\x9f\x94\xac");
    bz_arena_release(&p.arena);
}

static void test_form_caps(void **state)
{
    struct parsed p;
    char *body = malloc(4 * BZ_FORM_VALUE_MAX);
    size_t n, i;

    (void)state;
    /* as many fields as allowed, then one more */
    for (n = 0, i = 0; i < BZ_FORM_MAX_FIELDS; i++)
        n += (size_t)sprintf(body + n, "f%zu=%zu&", i, i);
    assert_int_equal(parse_n(&p, body, n), BZ_OK);
    assert_int_equal(p.count, BZ_FORM_MAX_FIELDS);
    assert_string_equal(p.fields[255].value, "255");
    bz_arena_release(&p.arena);
    n += (size_t)sprintf(body + n, "one=more");
    assert_int_equal(parse_n(&p, body, n), BZ_TOO_LARGE);
    assert_non_null(strstr(p.err.message, "more than 256 fields"));
    bz_arena_release(&p.arena);

    /* a name of the longest length, then one byte longer */
    memset(body, 'n', BZ_FORM_NAME_MAX);
    memcpy(body + BZ_FORM_NAME_MAX, "=v", 2);
    assert_int_equal(parse_n(&p, body, BZ_FORM_NAME_MAX + 2), BZ_OK);
    bz_arena_release(&p.arena);
    memset(body, 'n', BZ_FORM_NAME_MAX + 1);
    memcpy(body + BZ_FORM_NAME_MAX + 1, "=v", 2);
    assert_int_equal(parse_n(&p, body, BZ_FORM_NAME_MAX + 3), BZ_TOO_LARGE);
    assert_non_null(strstr(p.err.message, "name too long"));
    bz_arena_release(&p.arena);

    /* the value cap counts decoded bytes: %41 is one */
    memcpy(body, "v=", 2);
    for (i = 0; i < BZ_FORM_VALUE_MAX; i++)
        memcpy(body + 2 + 3 * i, "%41", 3);
    n = 2 + 3 * (size_t)BZ_FORM_VALUE_MAX;
    assert_int_equal(parse_n(&p, body, n), BZ_OK);
    assert_int_equal(strlen(p.fields[0].value), BZ_FORM_VALUE_MAX);
    bz_arena_release(&p.arena);
    memcpy(body + n, "A", 1);
    assert_int_equal(parse_n(&p, body, n + 1), BZ_TOO_LARGE);
    assert_non_null(strstr(p.err.message, "value too long"));
    bz_arena_release(&p.arena);
    free(body);
}

static void test_form_length_not_nul(void **state)
{
    struct parsed p;
    const char *text = "a=1&b=2%41";

    (void)state;
    /* only the first 7 bytes count: "a=1&b=2" */
    assert_int_equal(parse_n(&p, text, 7), BZ_OK);
    assert_int_equal(p.count, 2);
    assert_string_equal(p.fields[1].value, "2");
    bz_arena_release(&p.arena);
    /* an escape cut by the length is not completed from beyond it */
    assert_int_equal(parse_n(&p, text, 9), BZ_INVALID);
    bz_arena_release(&p.arena);
}

static void test_form_arena_full(void **state)
{
    struct bz_arena small;
    struct bz_form_field *fields;
    size_t count;
    struct bz_error err;
    char body[2048];

    (void)state;
    memset(body, 'x', sizeof(body));
    body[0] = 'a';
    body[1] = '=';
    bz_arena_init(&small, 1024);
    assert_int_equal(
        bz_form_parse(&small, body, sizeof(body), &fields, &count, &err),
        BZ_NOMEM);
    bz_arena_release(&small);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_form_fields_in_order),
        cmocka_unit_test(test_form_decoding),
        cmocka_unit_test(test_form_empty_pieces),
        cmocka_unit_test(test_form_bad_escapes),
        cmocka_unit_test(test_form_not_utf8),
        cmocka_unit_test(test_form_caps),
        cmocka_unit_test(test_form_length_not_nul),
        cmocka_unit_test(test_form_arena_full),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
