/* test_citation_runs.c - citation rows spilled in sorted runs to a
 * temporary file come back merged into one order, with the rows still in
 * memory; bad files, long rows and a failing receiver are reported. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/citation_runs.h"
#include "support/test_env.h"

#define ROWS_MAX 3000

/* What a merge passed on: a copy of each row, and whether they came in
 * order. */
struct received {
    char scheme[ROWS_MAX][16];
    char value[ROWS_MAX][32];
    int64_t citing[ROWS_MAX];
    size_t n, batches;
    int out_of_order;
    struct bz_citation_row last;
    char last_scheme[16], last_value[32];
    size_t fail_after; /* a batch: answer BZ_STORE (0: never) */
};

static enum bz_status receive(void *arg, const struct bz_citation_row *rows,
                              size_t n, struct bz_error *err)
{
    struct received *r = arg;

    if (r->fail_after && ++r->batches > r->fail_after)
        return bz_error_set(err, BZ_STORE, "the receiver fails");
    for (size_t i = 0; i < n; i++) {
        if (r->n > 0 && bz_citation_row_order(&r->last, &rows[i]) > 0)
            r->out_of_order = 1;
        assert_true(r->n < ROWS_MAX);
        snprintf(r->scheme[r->n], sizeof(r->scheme[0]), "%s", rows[i].scheme);
        snprintf(r->value[r->n], sizeof(r->value[0]), "%s", rows[i].value);
        r->citing[r->n] = rows[i].citing;
        /* the next batch may reuse these strings: keep a copy */
        snprintf(r->last_scheme, sizeof(r->last_scheme), "%s",
                 rows[i].scheme);
        snprintf(r->last_value, sizeof(r->last_value), "%s", rows[i].value);
        r->last = rows[i];
        r->last.scheme = r->last_scheme;
        r->last.value = r->last_value;
        r->n++;
    }
    return BZ_OK;
}

/* Rows first.. of a deterministic set: the cited ids repeat across runs,
 * and some share their first sixteen bytes. */
static char texts[ROWS_MAX][32];

static void make_rows(struct bz_citation_row *rows, size_t first, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        size_t k = first + i;

        snprintf(texts[k], sizeof(texts[k]), k % 7 ? "W%zu" : "10.1000/long%zu",
                 (k * 7919) % 1000);
        rows[i].scheme = k % 7 ? "openalex" : "doi";
        rows[i].value = texts[k];
        rows[i].citing = (int64_t)(k % 13 + 1);
        bz_citation_row_near(&rows[i]);
    }
    qsort(rows, n, sizeof(*rows), bz_citation_row_order);
}

/* A number for a row, so that two sets of rows can be compared by sum. */
static uint64_t row_hash(const char *scheme, const char *value, int64_t citing)
{
    uint64_t h = 1469598103934665603u ^ (uint64_t)citing;

    for (const char *p = scheme; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211u;
    for (const char *p = value; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211u;
    return h * 2654435761u;
}

/* Three runs and the rows in memory merge into one order, every row once;
 * cleared, the runs are gone and the file takes new ones. */
static void test_runs_merge_in_order(void **state)
{
    static struct bz_citation_row rows[ROWS_MAX];
    static struct received got;
    struct bz_citation_runs runs;
    struct bz_error err;
    size_t sizes[] = {900, 1100, 400, 500}, at = 0;
    uint64_t sum = 0;

    (void)state;
    bz_citation_runs_init(&runs);
    for (size_t r = 0; r < 3; r++) {
        make_rows(rows + at, at, sizes[r]);
        assert_int_equal(bz_citation_runs_add(&runs, rows + at, sizes[r],
                                              &err),
                         BZ_OK);
        at += sizes[r];
    }
    assert_int_equal(runs.count, 3);
    make_rows(rows + at, at, sizes[3]);
    memset(&got, 0, sizeof(got));
    assert_int_equal(bz_citation_runs_merge(&runs, rows + at, sizes[3],
                                            receive, &got, &err),
                     BZ_OK);
    assert_int_equal(got.n, at + sizes[3]);
    assert_false(got.out_of_order);
    for (size_t i = 0; i < got.n; i++)
        sum += row_hash(got.scheme[i], got.value[i], got.citing[i]);
    for (size_t i = 0; i < got.n; i++)
        sum -= row_hash(rows[i].scheme, rows[i].value, rows[i].citing);
    assert_int_equal(sum, 0);

    bz_citation_runs_clear(&runs);
    assert_int_equal(runs.count, 0);
    memset(&got, 0, sizeof(got));
    assert_int_equal(bz_citation_runs_merge(&runs, rows + at, sizes[3],
                                            receive, &got, &err),
                     BZ_OK);
    assert_int_equal(got.n, sizes[3]);
    make_rows(rows, 0, 10);
    assert_int_equal(bz_citation_runs_add(&runs, rows, 10, &err), BZ_OK);
    memset(&got, 0, sizeof(got));
    assert_int_equal(bz_citation_runs_merge(&runs, NULL, 0, receive, &got,
                                            &err),
                     BZ_OK);
    assert_int_equal(got.n, 10);
    bz_citation_runs_release(&runs);
}

/* Rows longer than the read-ahead come back whole; a row past the cap is
 * refused and leaves the runs as they were. */
static void test_long_rows(void **state)
{
    size_t long_len = 100000, n = 3;
    char *value = malloc(long_len + 1), *huge;
    struct bz_citation_row rows[3], too_big;
    struct bz_citation_runs runs;
    struct bz_error err;
    struct received *got = calloc(1, sizeof(*got));
    size_t seen = 0;

    (void)state;
    assert_non_null(value);
    assert_non_null(got);
    memset(value, 'x', long_len);
    value[long_len] = '\0';
    for (size_t i = 0; i < n; i++) {
        rows[i].scheme = "doi";
        rows[i].value = i == 1 ? "10.1/short" : value + 40000;
        rows[i].citing = (int64_t)i + 1;
        bz_citation_row_near(&rows[i]);
    }
    qsort(rows, n, sizeof(*rows), bz_citation_row_order);
    bz_citation_runs_init(&runs);
    assert_int_equal(bz_citation_runs_add(&runs, rows, n, &err), BZ_OK);

    too_big = rows[0];
    huge = malloc(BZ_CITATION_ROW_TEXT_MAX + 1);
    assert_non_null(huge);
    memset(huge, 'y', BZ_CITATION_ROW_TEXT_MAX);
    huge[BZ_CITATION_ROW_TEXT_MAX] = '\0';
    too_big.value = huge;
    assert_int_equal(bz_citation_runs_add(&runs, &too_big, 1, &err),
                     BZ_TOO_LARGE);
    assert_int_equal(runs.count, 1);

    assert_int_equal(bz_citation_runs_merge(&runs, NULL, 0, receive, got,
                                            &err),
                     BZ_OK);
    assert_int_equal(got->n, n); /* copies cut to 32 bytes; count them */
    for (size_t i = 0; i < got->n; i++)
        seen += strncmp(got->value[i], "xxxx", 4) == 0;
    assert_int_equal(seen, 2);
    bz_citation_runs_release(&runs);
    free(huge);
    free(value);
    free(got);
}

/* A file cut short, a directory that cannot hold the file, and a
 * receiver that fails each end the merge with their status. */
static void test_failures_reported(void **state)
{
    static struct bz_citation_row rows[ROWS_MAX];
    static struct received got;
    struct bz_citation_runs runs;
    struct bz_error err;
    char *kept;

    (void)state;
    bz_citation_runs_init(&runs);
    make_rows(rows, 0, 2000);
    assert_int_equal(bz_citation_runs_add(&runs, rows, 2000, &err), BZ_OK);

    memset(&got, 0, sizeof(got));
    got.fail_after = 1;
    assert_int_equal(bz_citation_runs_merge(&runs, NULL, 0, receive, &got,
                                            &err),
                     BZ_STORE);
    assert_string_equal(err.message, "the receiver fails");

    assert_int_equal(ftruncate(runs.fd, runs.size / 2), 0);
    memset(&got, 0, sizeof(got));
    assert_int_equal(bz_citation_runs_merge(&runs, NULL, 0, receive, &got,
                                            &err),
                     BZ_IO);
    assert_non_null(strstr(err.message, "damaged"));
    bz_citation_runs_release(&runs);

    kept = test_env_set("TMPDIR", "/nonexistent/bzpeer-test");
    bz_citation_runs_init(&runs);
    assert_int_equal(bz_citation_runs_add(&runs, rows, 10, &err), BZ_IO);
    assert_non_null(strstr(err.message, "/nonexistent/bzpeer-test"));
    assert_int_equal(runs.count, 0);
    bz_citation_runs_release(&runs);
    test_env_restore("TMPDIR", kept);
}

/* The sort gives qsort's order on shapes that trouble quicksorts: random,
 * sorted, reversed, all equal, organ pipe, and few distinct keys. */
static void test_rows_sort(void **state)
{
    enum { N = 5000 };
    static struct bz_citation_row rows[N], want[N];
    static char text[N][24];
    uint64_t seed = 42;

    (void)state;
    for (int shape = 0; shape < 6; shape++) {
        for (size_t i = 0; i < N; i++) {
            size_t k;

            seed = seed * 6364136223846793005u + 1442695040888963407u;
            k = shape == 0   ? (size_t)(seed >> 33) % 100000
                : shape == 1 ? i
                : shape == 2 ? N - i
                : shape == 3 ? 7
                : shape == 4 ? (i < N / 2 ? i : N - i)
                             : (size_t)(seed >> 33) % 3;
            snprintf(text[i], sizeof(text[i]), "W%zu", k);
            rows[i].scheme = "openalex";
            rows[i].value = text[i];
            rows[i].citing = (int64_t)((seed >> 20) % 5);
            bz_citation_row_near(&rows[i]);
        }
        memcpy(want, rows, sizeof(rows));
        qsort(want, N, sizeof(*want), bz_citation_row_order);
        bz_citation_rows_sort(rows, N);
        for (size_t i = 0; i < N; i++)
            assert_int_equal(bz_citation_row_order(&rows[i], &want[i]), 0);
    }
    bz_citation_rows_sort(rows, 0);
    bz_citation_rows_sort(rows, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_runs_merge_in_order),
        cmocka_unit_test(test_long_rows),
        cmocka_unit_test(test_failures_reported),
        cmocka_unit_test(test_rows_sort),
    };

    return cmocka_run_group_tests_name("citation runs", tests, NULL, NULL);
}
