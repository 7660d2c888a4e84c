/* test_http_request.c - header checks, the request accessors, added
 * response headers, dispatching by method and body type, and cached
 * headers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/cache.h"
#include "http/request.h"

static void test_header_name_and_value_checks(void **state)
{
    static const char *const good_names[] = {
        "Cache-Control", "x", "WWW-Authenticate", "X-a.b_c~d!#$%&'*+^`|", NULL};
    static const char *const bad_names[] = {
        "",    "a b", "a:b", "a\r\nb",      "a\"b", "(a)",
        "a/b", "a@b", "a=b", "caf\xc3\xa9", "a\tb", NULL};
    static const char *const good_values[] = {
        "",    "no-store", "Bearer realm=\"bzpeer\"", "a\tb", "caf\xc3\xa9",
        "120", NULL};
    static const char *const bad_values[] = {"a\r\nSet-Cookie: x=1",
                                             "a\nb",
                                             "a\rb",
                                             " lead",
                                             "trail ",
                                             "\ttab",
                                             "a\x01",
                                             "a\x7f",
                                             "a\x1b[31m",
                                             NULL};
    char *long_value = malloc(BZ_HEADER_VALUE_MAX + 2);
    size_t i;

    (void)state;
    for (i = 0; good_names[i]; i++)
        assert_true(bz_header_name_valid(good_names[i], strlen(good_names[i])));
    for (i = 0; bad_names[i]; i++)
        assert_false(bz_header_name_valid(bad_names[i], strlen(bad_names[i])));
    for (i = 0; good_values[i]; i++)
        assert_true(
            bz_header_value_valid(good_values[i], strlen(good_values[i])));
    for (i = 0; bad_values[i]; i++)
        assert_false(
            bz_header_value_valid(bad_values[i], strlen(bad_values[i])));
    /* a NUL inside the given length is refused too */
    assert_false(bz_header_value_valid("a\0b", 3));
    memset(long_value, 'v', BZ_HEADER_VALUE_MAX + 1);
    assert_true(bz_header_value_valid(long_value, BZ_HEADER_VALUE_MAX));
    assert_false(bz_header_value_valid(long_value, BZ_HEADER_VALUE_MAX + 1));
    free(long_value);
}

/* --- the request ---------------------------------------------------------- */

static const struct bz_header sample_headers[] = {
    {"Host", "example.org"},
    {"Cookie", "theme=dark; lang=\"en\""},
    {"content-type", "application/x-www-form-urlencoded"},
    {"Cookie", "bz_session=s3cr3t; theme=light"},
};

static void test_request_headers_and_cookies(void **state)
{
    struct bz_arena a;
    struct bz_request req = {0};

    (void)state;
    bz_arena_init(&a, 0);
    req.arena = &a;
    assert_null(bz_request_header(&req, "Host"));
    assert_null(bz_request_cookie(&req, "theme"));
    assert_false(bz_request_is_personal(&req));

    req.headers = sample_headers;
    req.header_count = 4;
    assert_string_equal(bz_request_header(&req, "host"), "example.org");
    assert_string_equal(bz_request_header(&req, "Content-Type"),
                        "application/x-www-form-urlencoded");
    assert_null(bz_request_header(&req, "Authorization"));
    /* across Cookie headers, the first sent wins */
    assert_string_equal(bz_request_cookie(&req, "theme"), "dark");
    assert_string_equal(bz_request_cookie(&req, "lang"), "en");
    assert_string_equal(bz_request_cookie(&req, BZ_SESSION_COOKIE), "s3cr3t");
    assert_null(bz_request_cookie(&req, "Theme"));
    assert_true(bz_request_is_personal(&req));

    req.header_count = 3; /* without the session cookie */
    assert_false(bz_request_is_personal(&req));
    bz_arena_release(&a);
}

static void test_request_body_and_form(void **state)
{
    static const struct bz_form_field fields[] = {
        {"tag", "a"}, {"name", "Ada"}, {"tag", "b"}, {"tag", "c"}};
    struct bz_request req = {0};
    const char *values[2];
    size_t len = 99;

    (void)state;
    assert_null(bz_request_body(&req, &len));
    assert_int_equal(len, 0);
    assert_null(bz_request_form(&req, "tag"));
    assert_int_equal(bz_request_form_all(&req, "tag", values, 2), 0);

    req.body = "x=1";
    req.body_len = 3;
    req.form = fields;
    req.form_count = 4;
    assert_string_equal(bz_request_body(&req, &len), "x=1");
    assert_int_equal(len, 3);
    assert_string_equal(bz_request_form(&req, "tag"), "a");
    assert_string_equal(bz_request_form(&req, "name"), "Ada");
    assert_null(bz_request_form(&req, "Name"));
    assert_int_equal(bz_request_form_all(&req, "tag", values, 2), 3);
    assert_string_equal(values[0], "a");
    assert_string_equal(values[1], "b");
}

/* --- the response --------------------------------------------------------- */

static void test_response_add_header(void **state)
{
    struct bz_arena a;
    struct bz_request req = {0};
    struct bz_response resp;
    struct bz_error err;
    char name[32];
    size_t i;

    (void)state;
    bz_arena_init(&a, 0);
    req.arena = &a;
    bz_response_init(&resp, &req);
    assert_int_equal(
        bz_response_add_header(&resp, "Cache-Control", "no-store", &err),
        BZ_OK);
    assert_int_equal(bz_response_add_header(&resp, "Retry-After", "120", &err),
                     BZ_OK);
    assert_int_equal(resp.header_count, 2);
    assert_string_equal(resp.headers[1].name, "Retry-After");
    assert_string_equal(resp.headers[1].value, "120");
    assert_false(resp.sets_cookie);

    assert_int_equal(
        bz_response_add_header(&resp, "X-Evil", "a\r\nSet-Cookie: x=1", &err),
        BZ_INVALID);
    assert_int_equal(bz_response_add_header(&resp, "Bad Name", "v", &err),
                     BZ_INVALID);
    assert_int_equal(bz_response_add_header(&resp, "X\r\nA", "v", &err),
                     BZ_INVALID);
    assert_int_equal(
        bz_response_add_header(&resp, "content-type", "text/plain", &err),
        BZ_INVALID);
    assert_non_null(strstr(err.message, "HTTP layer"));
    assert_int_equal(bz_response_add_header(&resp, "Content-Length", "1", &err),
                     BZ_INVALID);
    assert_int_equal(bz_response_add_header(&resp, "LOCATION", "/", &err),
                     BZ_INVALID);
    assert_int_equal(resp.header_count, 2);

    /* a Set-Cookie by hand still keeps the response out of the cache */
    assert_int_equal(bz_response_add_header(&resp, "set-cookie", "a=1", &err),
                     BZ_OK);
    assert_true(resp.sets_cookie);

    for (i = resp.header_count; i < BZ_RESPONSE_MAX_HEADERS; i++) {
        snprintf(name, sizeof(name), "X-N%zu", i);
        assert_int_equal(bz_response_add_header(&resp, name, "1", &err), BZ_OK);
    }
    assert_int_equal(bz_response_add_header(&resp, "X-One-More", "1", &err),
                     BZ_TOO_LARGE);
    bz_response_release(&resp);

    /* a response not made by bz_response_init has nowhere to keep one */
    memset(&resp, 0, sizeof(resp));
    assert_int_equal(bz_response_add_header(&resp, "X-A", "1", &err), BZ_NOMEM);
    bz_arena_release(&a);
}

/* --- dispatching ---------------------------------------------------------- */

struct dispatch {
    struct bz_arena arena;
    struct bz_request req;
    struct bz_response resp;
    struct bz_error err;
    struct bz_header headers[1];
    char *body;
};

static int handled;           /* times a handler ran */
static const char *last_rest; /* what it was given */

static enum bz_status handler(struct bz_request *req, struct bz_response *resp,
                              const char *rest, struct bz_error *err)
{
    (void)req;
    (void)err;
    handled++;
    last_rest = rest;
    bz_buf_puts(&resp->body, "done");
    return BZ_OK;
}

static const struct bz_route_entry table[] = {
    {"/thing", BZ_ROUTE_GET, handler},
    {"/form", BZ_ROUTE_POST | BZ_ROUTE_FORM, handler},
    {"/json", BZ_ROUTE_POST | BZ_ROUTE_JSON, handler},
    {"/both", BZ_ROUTE_GET | BZ_ROUTE_POST | BZ_ROUTE_FORM | BZ_ROUTE_JSON,
     handler},
    {"/bare", BZ_ROUTE_POST, handler},
    {"/p/", BZ_ROUTE_GET | BZ_ROUTE_PREFIX, handler},
    {NULL, 0, NULL},
};

/* Dispatches method path with a body of that type (NULL: no header);
 * the body is in a buffer of its exact length, as the server's is not. */
static enum bz_status dispatch(struct dispatch *d, enum bz_method method,
                               const char *path, const char *type,
                               const char *body)
{
    memset(d, 0, sizeof(*d));
    bz_arena_init(&d->arena, 0);
    d->req.method = method;
    d->req.path = path;
    d->req.arena = &d->arena;
    if (type) {
        d->headers[0].name = "Content-Type";
        d->headers[0].value = type;
        d->req.headers = d->headers;
        d->req.header_count = 1;
    }
    if (body && *body) {
        d->req.body_len = strlen(body);
        d->body = malloc(d->req.body_len);
        memcpy(d->body, body, d->req.body_len);
        d->req.body = d->body;
    }
    bz_response_init(&d->resp, &d->req);
    handled = 0;
    last_rest = NULL;
    return bz_route_dispatch(table, &d->req, &d->resp, &d->err);
}

static void dispatch_done(struct dispatch *d)
{
    bz_response_release(&d->resp);
    bz_arena_release(&d->arena);
    free(d->body);
}

static void assert_allow(struct dispatch *d, const char *allow)
{
    assert_string_equal(
        bz_header_find(d->resp.headers, d->resp.header_count, "Allow"), allow);
    assert_int_equal(handled, 0);
}

static void test_dispatch_methods(void **state)
{
    struct dispatch d;

    (void)state;
    assert_int_equal(dispatch(&d, BZ_GET, "/thing", NULL, NULL), BZ_OK);
    assert_int_equal(handled, 1);
    assert_string_equal(last_rest, "");
    dispatch_done(&d);
    assert_int_equal(dispatch(&d, BZ_HEAD, "/thing", NULL, NULL), BZ_OK);
    assert_int_equal(handled, 1);
    dispatch_done(&d);

    assert_int_equal(dispatch(&d, BZ_POST, "/thing", NULL, NULL),
                     BZ_NOT_ALLOWED);
    assert_allow(&d, "GET, HEAD");
    dispatch_done(&d);
    assert_int_equal(dispatch(&d, BZ_OTHER, "/thing", NULL, NULL),
                     BZ_NOT_ALLOWED);
    assert_allow(&d, "GET, HEAD");
    dispatch_done(&d);
    assert_int_equal(dispatch(&d, BZ_GET, "/form", NULL, NULL), BZ_NOT_ALLOWED);
    assert_allow(&d, "POST");
    dispatch_done(&d);
    assert_int_equal(dispatch(&d, BZ_OTHER, "/both", NULL, NULL),
                     BZ_NOT_ALLOWED);
    assert_allow(&d, "GET, HEAD, POST");
    dispatch_done(&d);
    assert_int_equal(dispatch(&d, BZ_GET, "/both", NULL, NULL), BZ_OK);
    dispatch_done(&d);

    /* exact paths are whole; a prefix gives the rest */
    assert_int_equal(dispatch(&d, BZ_GET, "/thingx", NULL, NULL), BZ_NOT_FOUND);
    dispatch_done(&d);
    assert_int_equal(dispatch(&d, BZ_POST, "/nowhere", NULL, NULL),
                     BZ_NOT_FOUND);
    assert_int_equal(handled, 0);
    dispatch_done(&d);
    assert_int_equal(dispatch(&d, BZ_GET, "/p/a/b", NULL, NULL), BZ_OK);
    assert_string_equal(last_rest, "a/b");
    dispatch_done(&d);
    assert_int_equal(dispatch(&d, BZ_GET, "/p/", NULL, NULL), BZ_OK);
    assert_string_equal(last_rest, "");
    dispatch_done(&d);
    assert_int_equal(dispatch(&d, BZ_GET, "/p", NULL, NULL), BZ_NOT_FOUND);
    dispatch_done(&d);
}

static void test_dispatch_form(void **state)
{
    static const char *const form_types[] = {
        "application/x-www-form-urlencoded",
        "Application/X-WWW-Form-Urlencoded",
        "application/x-www-form-urlencoded; charset=UTF-8",
        "application/x-www-form-urlencoded ;charset=utf-8", NULL};
    struct dispatch d;
    size_t i;

    (void)state;
    for (i = 0; form_types[i]; i++) {
        assert_int_equal(dispatch(&d, BZ_POST, "/form", form_types[i],
                                  "email=a%40b.org&tag=1&tag=2"),
                         BZ_OK);
        assert_int_equal(handled, 1);
        assert_int_equal(d.req.form_count, 3);
        assert_string_equal(bz_request_form(&d.req, "email"), "a@b.org");
        dispatch_done(&d);
    }
    /* an empty body with no type is an empty form */
    assert_int_equal(dispatch(&d, BZ_POST, "/form", NULL, NULL), BZ_OK);
    assert_int_equal(d.req.form_count, 0);
    dispatch_done(&d);
    /* a body that does not decode never reaches the handler */
    assert_int_equal(dispatch(&d, BZ_POST, "/form", form_types[0], "a=%zz"),
                     BZ_INVALID);
    assert_int_equal(handled, 0);
    dispatch_done(&d);
    assert_int_equal(dispatch(&d, BZ_POST, "/form", form_types[0], "a=%FF"),
                     BZ_INVALID);
    dispatch_done(&d);
}

static void test_dispatch_media_types(void **state)
{
    static const char *const not_form[] = {"text/plain",
                                           "multipart/form-data; boundary=x",
                                           "application/json",
                                           "application/x-www-form-urlencodedx",
                                           "",
                                           NULL};
    struct dispatch d;
    size_t len, i;

    (void)state;
    for (i = 0; not_form[i]; i++) {
        assert_int_equal(dispatch(&d, BZ_POST, "/form", not_form[i], "a=1"),
                         BZ_UNSUPPORTED_MEDIA);
        assert_int_equal(handled, 0);
        assert_non_null(
            strstr(d.err.message, "application/x-www-form-urlencoded"));
        dispatch_done(&d);
    }
    /* a body without a type is refused */
    assert_int_equal(dispatch(&d, BZ_POST, "/form", NULL, "a=1"),
                     BZ_UNSUPPORTED_MEDIA);
    dispatch_done(&d);

    /* JSON is left raw */
    assert_int_equal(dispatch(&d, BZ_POST, "/json",
                              "application/json; charset=utf-8", "{\"a\":1}"),
                     BZ_OK);
    assert_int_equal(handled, 1);
    assert_memory_equal(bz_request_body(&d.req, &len), "{\"a\":1}", 7);
    assert_int_equal(len, 7);
    assert_int_equal(d.req.form_count, 0);
    dispatch_done(&d);
    assert_int_equal(dispatch(&d, BZ_POST, "/json",
                              "application/x-www-form-urlencoded", "a=1"),
                     BZ_UNSUPPORTED_MEDIA);
    assert_non_null(strstr(d.err.message, "application/json"));
    dispatch_done(&d);

    /* a route that takes both says so */
    assert_int_equal(dispatch(&d, BZ_POST, "/both", "text/plain", "x"),
                     BZ_UNSUPPORTED_MEDIA);
    assert_non_null(strstr(d.err.message, "or application/json"));
    dispatch_done(&d);
    assert_int_equal(dispatch(&d, BZ_POST, "/both", "application/json", "[]"),
                     BZ_OK);
    dispatch_done(&d);

    /* a POST route that takes no body ignores one */
    assert_int_equal(dispatch(&d, BZ_POST, "/bare", "text/plain", "x"), BZ_OK);
    assert_int_equal(handled, 1);
    dispatch_done(&d);
}

/* --- cached headers ------------------------------------------------------- */

static void test_cache_keeps_headers(void **state)
{
    static const struct bz_header headers[] = {
        {"Cache-Control", "public, max-age=60"}, {"Link", "</x>; rel=next"}};
    struct bz_cache cache;
    const struct bz_cache_entry *e;

    (void)state;
    assert_int_equal(bz_cache_init(&cache), 0);
    bz_cache_put(&cache, "/a", 200, "text/plain", NULL, headers, 2, "body", 4);
    bz_cache_put(&cache, "/b", 404, "text/html", NULL, NULL, 0, "", 0);
    e = bz_cache_get(&cache, "/a");
    assert_non_null(e);
    assert_int_equal(e->header_count, 2);
    assert_string_equal(e->headers[0].name, "Cache-Control");
    assert_string_equal(e->headers[0].value, "public, max-age=60");
    assert_string_equal(e->headers[1].value, "</x>; rel=next");
    assert_ptr_not_equal(e->headers[0].value, headers[0].value);
    e = bz_cache_get(&cache, "/b");
    assert_non_null(e);
    assert_int_equal(e->header_count, 0);
    assert_null(e->headers);
    bz_cache_release(&cache);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_header_name_and_value_checks),
        cmocka_unit_test(test_request_headers_and_cookies),
        cmocka_unit_test(test_request_body_and_form),
        cmocka_unit_test(test_response_add_header),
        cmocka_unit_test(test_dispatch_methods),
        cmocka_unit_test(test_dispatch_form),
        cmocka_unit_test(test_dispatch_media_types),
        cmocka_unit_test(test_cache_keeps_headers),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
