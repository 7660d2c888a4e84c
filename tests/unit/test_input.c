/* test_input.c - the import input: lines, heads, gzip, memory and errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "import/input.h"
#include "import/reader.h"

static void test_lines_from_memory(void **state)
{
    static const char text[] = "one\r\ntwo\n\nthree";
    struct bz_import_input *in = bz_input_memory("m", text, strlen(text));
    struct bz_buf line;
    struct bz_error err;
    int too_long;

    (void)state;
    bz_buf_init(&line, 0);
    assert_int_equal(bz_input_line(in, &line, &too_long, &err), 1);
    assert_string_equal(line.data, "one"); /* CR dropped */
    assert_int_equal(bz_input_line_number(in), 1);
    assert_int_equal(bz_input_line(in, &line, &too_long, &err), 1);
    assert_string_equal(line.data, "two");
    assert_int_equal(bz_input_line(in, &line, &too_long, &err), 1);
    assert_int_equal(line.len, 0);
    assert_int_equal(bz_input_line(in, &line, &too_long, &err), 1);
    assert_string_equal(line.data, "three"); /* no final newline */
    assert_int_equal(bz_input_line_number(in), 4);
    assert_int_equal(bz_input_line(in, &line, &too_long, &err), 0);
    bz_buf_release(&line);
    bz_input_free(in);
}

static void test_long_line_is_cut_and_flagged(void **state)
{
    size_t n = 200000;
    char *text = malloc(n + 8);
    struct bz_import_input *in;
    struct bz_buf line;
    struct bz_error err;
    int too_long;

    (void)state;
    memset(text, 'x', n);
    memcpy(text + n, "\nnext\n", 7);
    in = bz_input_memory("m", text, n + 6);
    bz_buf_init(&line, 1000);
    assert_int_equal(bz_input_line(in, &line, &too_long, &err), 1);
    assert_true(too_long);
    assert_int_equal(bz_input_line(in, &line, &too_long, &err), 1);
    assert_false(too_long);
    assert_string_equal(line.data, "next");
    assert_int_equal(bz_input_line_number(in), 2);
    bz_buf_release(&line);
    bz_input_free(in);
    free(text);
}

static void test_head_is_read_again(void **state)
{
    static const char text[] = "{\"a\":1}\n{\"b\":2}\n";
    struct bz_import_input *in = bz_input_memory("m", text, strlen(text));
    struct bz_error err;
    const char *head;
    size_t len;
    char buf[64];
    long got;

    (void)state;
    assert_int_equal(bz_input_load_head(in, &head, &len, &err), BZ_OK);
    assert_int_equal(len, strlen(text));
    got = bz_input_read(in, buf, sizeof(buf), &err);
    assert_int_equal(got, (long)strlen(text));
    assert_memory_equal(buf, text, strlen(text));
    assert_int_equal(bz_input_read(in, buf, sizeof(buf), &err), 0);
    bz_input_free(in);
}

static const char *write_gz(const char *name, const char *text, size_t cut)
{
    static char path[512];
    const char *tmp = getenv("BZ_TEST_TMP");
    char raw[600];
    gzFile gz;
    FILE *f;

    snprintf(raw, sizeof(raw), "%s/%s-%d.raw.gz", tmp ? tmp : "/tmp", name,
             (int)getpid());
    gz = gzopen(raw, "wb");
    gzwrite(gz, text, (unsigned)strlen(text));
    gzclose(gz);
    snprintf(path, sizeof(path), "%s/%s-%d.gz", tmp ? tmp : "/tmp", name,
             (int)getpid());
    if (cut == 0) {
        rename(raw, path);
        return path;
    }
    {
        char buf[65536];
        FILE *in = fopen(raw, "rb");
        size_t n = fread(buf, 1, sizeof(buf), in);

        fclose(in);
        f = fopen(path, "wb");
        fwrite(buf, 1, n > cut ? n - cut : 0, f);
        fclose(f);
        unlink(raw);
    }
    return path;
}

static void test_gzip_and_truncated_gzip(void **state)
{
    char text[20000];
    struct bz_import_input *in;
    struct bz_buf line;
    struct bz_error err;
    const char *path;
    int too_long, rc, lines = 0;
    size_t i;

    (void)state;
    for (i = 0; i + 1 < sizeof(text); i++)
        text[i] = (char)(i % 50 == 49 ? '\n' : 'a' + (int)(i * 7 % 26));
    text[sizeof(text) - 1] = '\0';
    bz_buf_init(&line, 0);

    path = write_gz("whole", text, 0);
    in = bz_input_open(path, &err);
    assert_non_null(in);
    while ((rc = bz_input_line(in, &line, &too_long, &err)) == 1)
        lines++;
    assert_int_equal(rc, 0);
    assert_int_equal(lines, 400);
    bz_input_free(in);
    unlink(path);

    path = write_gz("cut", text, 40);
    in = bz_input_open(path, &err);
    assert_non_null(in);
    while ((rc = bz_input_line(in, &line, &too_long, &err)) == 1)
        ;
    assert_int_equal(rc, -1); /* the stream ends early: an error */
    assert_true(strlen(err.message) > 0);
    bz_input_free(in);
    unlink(path);
    bz_buf_release(&line);
}

static void test_missing_file(void **state)
{
    struct bz_error err;

    (void)state;
    assert_null(bz_input_open("/nonexistent/file.jsonl", &err));
    assert_int_equal(err.status, BZ_IO);
    assert_non_null(strstr(err.message, "/nonexistent/file.jsonl"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lines_from_memory),
        cmocka_unit_test(test_long_line_is_cut_and_flagged),
        cmocka_unit_test(test_head_is_read_again),
        cmocka_unit_test(test_gzip_and_truncated_gzip),
        cmocka_unit_test(test_missing_file),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
