/* test_route.c - id parsing, routing to pages and API, and the config. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/config.h"
#include "core/ids.h"
#include "http/request.h"
#include "import/import.h"

static void test_id_forms(void **state)
{
    struct bz_arena a;
    struct bz_id_ref ref;

    (void)state;
    bz_arena_init(&a, 0);
    assert_int_equal(bz_id_parse(&a, "R12", 'R', &ref, NULL), BZ_OK);
    assert_int_equal(ref.number, 12);
    assert_null(ref.slug);
    assert_int_equal(bz_id_parse(&a, "R12-surya-ganguli", 'R', &ref, NULL),
                     BZ_OK);
    assert_int_equal(ref.number, 12);
    assert_string_equal(ref.slug, "surya-ganguli");
    assert_int_equal(bz_id_parse(&a, "doi:10.1596/1813-9450-3630", 'W', &ref,
                                 NULL),
                     BZ_OK);
    assert_string_equal(ref.scheme, "doi");
    assert_string_equal(ref.value, "10.1596/1813-9450-3630");
    assert_int_equal(bz_id_parse(&a, "DOI:10.48550/ARXIV.1810.10065", 'W',
                                 &ref, NULL),
                     BZ_OK);
    assert_string_equal(ref.value, "10.48550/arxiv.1810.10065");
    assert_int_equal(bz_id_parse(&a, "openalex:a5023888391", 'R', &ref, NULL),
                     BZ_OK);
    assert_string_equal(ref.value, "A5023888391");
    bz_arena_release(&a);
}

static void test_id_malformed(void **state)
{
    static const char *const bad[] = {
        "", "R", "R0", "R012", "W12", "12", "Rx", "R12x", "R-1",
        "R99999999999999999999", "nope:1", "orcid:", NULL};
    struct bz_arena a;
    struct bz_id_ref ref;
    struct bz_error err;
    size_t i;

    (void)state;
    bz_arena_init(&a, 0);
    for (i = 0; bad[i]; i++) {
        assert_int_equal(bz_id_parse(&a, bad[i], 'R', &ref, &err),
                         BZ_INVALID);
        assert_true(strlen(err.message) > 0);
    }
    bz_arena_release(&a);
}

static void test_http_status(void **state)
{
    (void)state;
    assert_int_equal(bz_http_status(BZ_OK), 200);
    assert_int_equal(bz_http_status(BZ_MOVED), 301);
    assert_int_equal(bz_http_status(BZ_INVALID), 400);
    assert_int_equal(bz_http_status(BZ_NOT_FOUND), 404);
    assert_int_equal(bz_http_status(BZ_TOO_LARGE), 413);
    assert_int_equal(bz_http_status(BZ_STORE), 500);
    assert_int_equal(bz_http_status(BZ_SEE_OTHER), 303);
    assert_int_equal(bz_http_status(BZ_UNAUTHORIZED), 401);
    assert_int_equal(bz_http_status(BZ_FORBIDDEN), 403);
    assert_int_equal(bz_http_status(BZ_NOT_ALLOWED), 405);
    assert_int_equal(bz_http_status(BZ_UNSUPPORTED_MEDIA), 415);
    assert_int_equal(bz_http_status(BZ_RATE_LIMITED), 429);
}

/* The API's error codes are a contract: the old ones never change. */
static void test_status_names(void **state)
{
    static const struct {
        enum bz_status status;
        const char *name;
    } names[] = {
        {BZ_OK, "ok"},
        {BZ_NOT_FOUND, "not_found"},
        {BZ_INVALID, "invalid"},
        {BZ_TOO_LARGE, "too_large"},
        {BZ_CONFLICT, "conflict"},
        {BZ_NOT_ALLOWED, "method_not_allowed"},
        {BZ_GONE, "gone"},
        {BZ_MOVED, "moved"},
        {BZ_IO, "io_error"},
        {BZ_STORE, "store_error"},
        {BZ_NOMEM, "out_of_memory"},
        {BZ_USAGE, "usage"},
        {BZ_UNAUTHORIZED, "unauthorized"},
        {BZ_FORBIDDEN, "forbidden"},
        {BZ_RATE_LIMITED, "rate_limited"},
        {BZ_UNSUPPORTED_MEDIA, "unsupported_media_type"},
        {BZ_SEE_OTHER, "see_other"},
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        assert_string_equal(bz_status_name(names[i].status), names[i].name);
}

/* --- routing against a real store with the demo --------------------------- */

struct fixture {
    char path[512];
    struct bz_store *store;
    struct bz_arena arena;
    struct bz_config config;
};

static int setup_store(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));
    const char *tmp = getenv("BZ_TEST_TMP");
    const char *src = getenv("BZ_SOURCE_DIR");
    char demo[512];
    const char *files[1] = {demo};
    struct bz_import_options options = {.quiet = 1};
    struct bz_import_report report;
    struct bz_error err;

    snprintf(f->path, sizeof(f->path), "%s/route-%d.db", tmp ? tmp : "/tmp",
             (int)getpid());
    snprintf(demo, sizeof(demo), "%s/data/demo/works.jsonl", src ? src : ".");
    unlink(f->path);
    if (bz_store_open(f->path, &f->store, &err) != BZ_OK)
        return -1;
    if (bz_import_files(f->store, files, 1, &options, &report, &err) != BZ_OK)
        return -1;
    bz_import_report_release(&report);
    bz_arena_init(&f->arena, 0);
    bz_config_init(&f->config);
    bz_config_finish(&f->config, NULL);
    *state = f;
    return 0;
}

static int teardown_store(void **state)
{
    struct fixture *f = *state;
    char wal[600];

    bz_store_close(f->store);
    bz_arena_release(&f->arena);
    unlink(f->path);
    snprintf(wal, sizeof(wal), "%s-wal", f->path);
    unlink(wal);
    snprintf(wal, sizeof(wal), "%s-shm", f->path);
    unlink(wal);
    free(f);
    return 0;
}

/* Routes method path?query; returns the status as the HTTP layer would. */
static int route_method(struct fixture *f, enum bz_method method,
                        const char *path, const char *query,
                        struct bz_response *resp)
{
    struct bz_request req = {0};
    struct bz_error err = {0};
    enum bz_status rc;

    req.method = method;
    req.path = path;
    req.query = query;
    req.arena = &f->arena;
    req.store = f->store;
    req.config = &f->config;
    bz_response_init(resp, &req);
    rc = bz_route(&req, resp, &err);
    if (rc != BZ_OK && rc != BZ_MOVED) {
        bz_buf_reset(&resp->body);
        bz_route_error(&req, resp, rc, err.message);
    }
    return bz_http_status(rc);
}

static int route(struct fixture *f, const char *path, const char *query,
                 struct bz_response *resp)
{
    return route_method(f, BZ_GET, path, query, resp);
}

static void test_route_profile_and_redirects(void **state)
{
    struct fixture *f = *state;
    struct bz_response r;

    assert_int_equal(route(f, "/researchers/R4", NULL, &r), 301);
    assert_string_equal(r.location, "/researchers/R4-surya-ganguli");
    bz_buf_release(&r.body);
    assert_int_equal(route(f, "/researchers/R4-old-name", NULL, &r), 301);
    assert_string_equal(r.location, "/researchers/R4-surya-ganguli");
    bz_buf_release(&r.body);
    assert_int_equal(route(f, "/researchers/R4-surya-ganguli", NULL, &r), 200);
    assert_non_null(strstr(r.body.data, "Trust 21 - Emerging"));
    assert_non_null(strstr(r.body.data, "7 published item(s)"));
    bz_buf_release(&r.body);
    assert_int_equal(route(f, "/works/arxiv:1810.10065", NULL, &r), 301);
    assert_non_null(strstr(r.location, "-statistical-mechanics-of-low-rank"));
    bz_buf_release(&r.body);
}

static void test_route_errors(void **state)
{
    struct fixture *f = *state;
    struct bz_response r;

    assert_int_equal(route(f, "/researchers/R999", NULL, &r), 404);
    assert_non_null(strstr(r.body.data, "Not found"));
    bz_buf_release(&r.body);
    assert_int_equal(route(f, "/researchers/Rx", NULL, &r), 400);
    bz_buf_release(&r.body);
    assert_int_equal(route(f, "/nowhere", NULL, &r), 404);
    bz_buf_release(&r.body);
    assert_int_equal(route(f, "/api/v1/works/W999", NULL, &r), 404);
    assert_non_null(strstr(r.body.data, "\"code\":\"not_found\""));
    bz_buf_release(&r.body);
    assert_int_equal(route(f, "/api/v1/researchers", "per_page=500", &r),
                     400);
    assert_non_null(strstr(r.body.data, "\"code\":\"invalid\""));
    bz_buf_release(&r.body);
}

static void test_route_api_search(void **state)
{
    struct fixture *f = *state;
    struct bz_response r;

    assert_int_equal(route(f, "/api/v1/researchers", "q=Gangul%C3%AD", &r),
                     200);
    assert_non_null(strstr(r.body.data, "\"count\":1"));
    assert_non_null(strstr(r.body.data, "Surya Ganguli"));
    bz_buf_release(&r.body);
    assert_int_equal(route(f, "/api/v1/researchers/orcid:0000-0000-0000-0000",
                           NULL, &r),
                     404);
    bz_buf_release(&r.body);
    assert_int_equal(route(f, "/static/style.css", NULL, &r), 200);
    assert_string_equal(r.content_type, "text/css; charset=utf-8");
    bz_buf_release(&r.body);
}

/* Every address of the site takes GET and HEAD only, and says so. */
static void test_route_methods(void **state)
{
    static const char *const paths[] = {
        "/", "/healthz", "/researchers/R4", "/works/W1", "/export/works/W1.bib",
        "/static/style.css", "/favicon.ico", "/api/v1", "/api/v1/researchers",
        NULL};
    struct fixture *f = *state;
    struct bz_response r;
    size_t i;

    for (i = 0; paths[i]; i++) {
        assert_int_equal(route_method(f, BZ_POST, paths[i], NULL, &r), 405);
        assert_string_equal(bz_header_find(r.headers, r.header_count, "Allow"),
                            "GET, HEAD");
        bz_response_release(&r);
        assert_int_not_equal(route_method(f, BZ_HEAD, paths[i], NULL, &r),
                             405);
        bz_response_release(&r);
    }
    assert_int_equal(route_method(f, BZ_POST, "/api/v1/researchers", NULL, &r),
                     405);
    assert_non_null(strstr(r.body.data, "\"code\":\"method_not_allowed\""));
    bz_response_release(&r);
    assert_int_equal(route_method(f, BZ_POST, "/nowhere", NULL, &r), 404);
    assert_int_equal(r.header_count, 0);
    bz_response_release(&r);
}

/* The error page and the API's error for the statuses accounts use. */
static void test_route_error_statuses(void **state)
{
    static const struct {
        enum bz_status status;
        const char *title, *code;
    } cases[] = {
        {BZ_UNAUTHORIZED, "Sign-in required", "unauthorized"},
        {BZ_FORBIDDEN, "Forbidden", "forbidden"},
        {BZ_RATE_LIMITED, "Too many requests", "rate_limited"},
        {BZ_UNSUPPORTED_MEDIA, "Unsupported media type",
         "unsupported_media_type"},
        {BZ_CONFLICT, "Conflict", "conflict"},
    };
    struct fixture *f = *state;
    struct bz_request req = {0};
    struct bz_response r;
    char code[64];
    size_t i;

    req.arena = &f->arena;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        req.path = "/account";
        bz_response_init(&r, &req);
        bz_route_error(&req, &r, cases[i].status, "the reason");
        assert_non_null(strstr(r.body.data, cases[i].title));
        assert_non_null(strstr(r.body.data, "the reason"));
        bz_response_release(&r);
        req.path = "/api/v1/tokens";
        bz_response_init(&r, &req);
        bz_route_error(&req, &r, cases[i].status, "the reason");
        snprintf(code, sizeof(code), "\"code\":\"%s\"", cases[i].code);
        assert_non_null(strstr(r.body.data, code));
        bz_response_release(&r);
    }
}

/* --- configuration -------------------------------------------------------- */

static void test_config_file_env_and_errors(void **state)
{
    const char *tmp = getenv("BZ_TEST_TMP");
    char path[512];
    struct bz_config cfg;
    struct bz_error err;
    FILE *f;

    (void)state;
    snprintf(path, sizeof(path), "%s/cfg-%d.conf", tmp ? tmp : "/tmp",
             (int)getpid());
    f = fopen(path, "w");
    assert_non_null(f);
    fputs("# comment\nlisten = 127.0.0.1:9001\ndb = a.db\n[mail]\n"
          "host = smtp.example.org\n",
          f);
    fclose(f);
    setenv("BZPEER_DB", "b.db", 1);
    assert_int_equal(bz_config_load(&cfg, path, &err), BZ_OK);
    assert_int_equal(bz_config_finish(&cfg, &err), BZ_OK);
    assert_int_equal(cfg.port, 9001);
    assert_string_equal(cfg.db, "b.db");
    assert_string_equal(bz_config_get(&cfg, "mail.host"), "smtp.example.org");
    unsetenv("BZPEER_DB");

    f = fopen(path, "w");
    fputs("listen = 127.0.0.1:9001\nthis is not ini\n", f);
    fclose(f);
    assert_int_equal(bz_config_load(&cfg, path, &err), BZ_INVALID);
    assert_non_null(strstr(err.message, ":2:"));
    unlink(path);

    bz_config_init(&cfg);
    bz_config_set(&cfg, "listen", "127.0.0.1:99999", NULL);
    assert_int_equal(bz_config_finish(&cfg, &err), BZ_INVALID);
    bz_config_init(&cfg);
    bz_config_set(&cfg, "base_url", "ftp://x", NULL);
    assert_int_equal(bz_config_finish(&cfg, &err), BZ_INVALID);
    assert_int_equal(bz_config_load(&cfg, "/nonexistent/bz.conf", &err),
                     BZ_IO);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_id_forms),
        cmocka_unit_test(test_id_malformed),
        cmocka_unit_test(test_http_status),
        cmocka_unit_test(test_status_names),
        cmocka_unit_test(test_config_file_env_and_errors),
    };
    const struct CMUnitTest store_tests[] = {
        cmocka_unit_test(test_route_profile_and_redirects),
        cmocka_unit_test(test_route_errors),
        cmocka_unit_test(test_route_api_search),
        cmocka_unit_test(test_route_methods),
        cmocka_unit_test(test_route_error_statuses),
    };

    return cmocka_run_group_tests(tests, NULL, NULL) |
           cmocka_run_group_tests(store_tests, setup_store, teardown_store);
}
