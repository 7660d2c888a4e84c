/* reader_fixture.c - what the reader tests share: a fresh SQLite store per
 * test, importing sample files into it, and looking into the result. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reader_fixture.h"
void reader_data_path(char *out, size_t size, const char *rel)
{
    const char *src = getenv("BZ_SOURCE_DIR");

    snprintf(out, size, "%s/../shared/data/%s", src ? src : ".", rel);
}

void reader_unlink_database(const char *path)
{
    char side[PATH_MAX + 8];

    unlink(path);
    snprintf(side, sizeof(side), "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof(side), "%s-shm", path);
    unlink(side);
}

int reader_fixture_setup(void **state, const char *name)
{
    struct fixture *f = calloc(1, sizeof(*f));
    const char *tmp = getenv("BZ_TEST_TMP");
    struct bz_error err;

    if (f == NULL)
        return -1;
    snprintf(f->path, sizeof(f->path), "%s/reader-%s-%d.db",
             tmp && *tmp ? tmp : "/tmp", name, (int)getpid());
    reader_unlink_database(f->path);
    if (bz_store_open(f->path, &f->store, &err) != BZ_OK) {
        fprintf(stderr, "setup: %s\n", err.message);
        return -1;
    }
    bz_arena_init(&f->arena, 0);
    *state = f;
    return 0;
}

int reader_fixture_teardown(void **state)
{
    struct fixture *f = *state;

    bz_import_report_release(&f->report);
    bz_store_close(f->store);
    bz_arena_release(&f->arena);
    reader_unlink_database(f->path);
    free(f);
    return 0;
}

/* Imports the files (relative to the shared data, or absolute) into the
 * fixture's store; the report is kept in f->report. */
void reader_import(struct fixture *f, const char *const *files, size_t n)
{
    struct bz_import_options options = {.quiet = 1};
    struct bz_error err;
    char paths[8][PATH_MAX];
    const char *list[8];
    size_t i;

    assert_true(n <= 8);
    for (i = 0; i < n; i++) {
        if (files[i][0] == '/')
            snprintf(paths[i], sizeof(paths[i]), "%s", files[i]);
        else
            reader_data_path(paths[i], sizeof(paths[i]), files[i]);
        list[i] = paths[i];
    }
    bz_import_report_release(&f->report);
    assert_int_equal(
        bz_import_files(f->store, list, n, &options, &f->report, &err), BZ_OK);
}

void reader_import_one(struct fixture *f, const char *file)
{
    reader_import(f, &file, 1);
}

/* Writes text to a new file under BZ_TEST_TMP named after name. */
void reader_write_temp(char *path, size_t size, const char *name,
                       const char *text)
{
    const char *tmp = getenv("BZ_TEST_TMP");
    FILE *out;

    snprintf(path, size, "%s/%d-%s", tmp && *tmp ? tmp : "/tmp", (int)getpid(),
             name);
    out = fopen(path, "w");
    assert_non_null(out);
    fputs(text, out);
    fclose(out);
}

/* The work carrying the id, or 0 when none does. */
int64_t reader_find_work(struct fixture *f, const char *scheme,
                         const char *value)
{
    struct bz_error err;
    enum bz_status rc;
    int64_t id = 0;

    rc = f->store->ops->work_find(f->store, scheme, value, &id, &err);
    if (rc == BZ_NOT_FOUND)
        return 0;
    assert_int_equal(rc, BZ_OK);
    return id;
}

const char *reader_work_id_value(const struct bz_work *w, const char *scheme)
{
    size_t i;

    for (i = 0; i < w->id_count; i++)
        if (strcmp(w->ids[i].scheme, scheme) == 0)
            return w->ids[i].value;
    return NULL;
}

/* 1 when some field of the work came from source. */
int reader_has_provenance(const struct bz_work *w, const char *source)
{
    size_t i;

    for (i = 0; i < w->provenance_count; i++)
        if (strcmp(w->provenance[i].source, source) == 0)
            return 1;
    return 0;
}

/* 1 when one of the report's errors has a reason containing text. */
int reader_has_error(const struct bz_import_report *r, const char *text)
{
    size_t i;

    for (i = 0; i < r->error_count; i++)
        if (strstr(r->errors[i].reason, text))
            return 1;
    return 0;
}

const char *reader_tmp_dir(void)
{
    const char *dir = getenv("BZ_TEST_TMP");

    return dir && *dir ? dir : "/tmp";
}

struct bz_store *reader_open_store(char *path, size_t size, const char *name)
{
    struct bz_store *store = NULL;
    struct bz_error err;

    snprintf(path, size, "%s/%s-%d.db", reader_tmp_dir(), name, (int)getpid());
    reader_unlink_database(path);
    assert_int_equal(bz_store_open(path, &store, &err), BZ_OK);
    return store;
}

void reader_close_store(struct bz_store *store, const char *path)
{
    bz_store_close(store);
    reader_unlink_database(path);
}

enum bz_status reader_import_paths(struct bz_store *store,
                                   const char *const *paths, size_t count,
                                   struct bz_import_report *report)
{
    struct bz_import_options options = {.quiet = 1};
    struct bz_error err;

    return bz_import_files(store, paths, count, &options, report, &err);
}

size_t reader_head_of(const char *rel, char *head, size_t size)
{
    char path[PATH_MAX];
    FILE *in;
    size_t n;

    reader_data_path(path, sizeof(path), rel);
    in = fopen(path, "rb");
    assert_non_null(in);
    n = fread(head, 1, size, in);
    fclose(in);
    return n;
}
