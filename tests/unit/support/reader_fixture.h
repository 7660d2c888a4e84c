/* reader_fixture.h - a store to import into, for the reader tests.
 *
 * reader_fixture_setup opens a fresh SQLite file under BZ_TEST_TMP named
 * after the test; teardown closes and removes it. Paths that do not start
 * with '/' are taken relative to the shared data (BZ_SOURCE_DIR/../shared/
 * data). Every helper fails the running test (cmocka) on an error.
 */
#ifndef BZ_READER_FIXTURE_H
#define BZ_READER_FIXTURE_H

#include <limits.h>
#include <stdint.h>

#include "import/import.h"
#include "store/store.h"

struct fixture {
    char path[PATH_MAX];
    struct bz_store *store;
    struct bz_arena arena;
    struct bz_import_report report;
};

int reader_fixture_setup(void **state, const char *name);
int reader_fixture_teardown(void **state);

/* The path of rel in the shared data. */
void reader_data_path(char *out, size_t size, const char *rel);

/* BZ_TEST_TMP, or /tmp when it is unset or empty. */
const char *reader_tmp_dir(void);

/* Opens a fresh store in BZ_TEST_TMP/NAME-PID.db, its path written to
 * path; reader_close_store closes it and removes the file. */
struct bz_store *reader_open_store(char *path, size_t size, const char *name);
void reader_close_store(struct bz_store *store, const char *path);

/* Imports the files quietly into store; returns bz_import_files' status. */
enum bz_status reader_import_paths(struct bz_store *store,
                                   const char *const *paths, size_t count,
                                   struct bz_import_report *report);

/* Removes a SQLite file and its -wal and -shm companions. */
void reader_unlink_database(const char *path);

/* Imports the files (up to 8); the report is kept in f->report. */
void reader_import(struct fixture *f, const char *const *files, size_t n);
void reader_import_one(struct fixture *f, const char *file);

/* Writes text to a new file under BZ_TEST_TMP named after name. */
void reader_write_temp(char *path, size_t size, const char *name,
                       const char *text);

/* The work carrying the id, or 0 when none does. */
int64_t reader_find_work(struct fixture *f, const char *scheme,
                         const char *value);

/* The value of the work's first id of scheme, or NULL. */
const char *reader_work_id_value(const struct bz_work *w, const char *scheme);

/* The first bytes (up to size) of the shared sample rel, as a reader's
 * detection sees them; their count. */
size_t reader_head_of(const char *rel, char *head, size_t size);

/* 1 when some field of the work came from source. */
int reader_has_provenance(const struct bz_work *w, const char *source);

/* 1 when one of the report's errors has a reason containing text. */
int reader_has_error(const struct bz_import_report *r, const char *text);

#endif
