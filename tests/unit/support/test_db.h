/* test_db.h - a fresh database for a unit test, on either engine: a
 * temporary SQLite file, or a new database on the PostgreSQL cluster whose
 * admin URL the file BZ_TEST_PG_URL_FILE holds (CTest's pg fixture). */
#ifndef BZ_TEST_DB_H
#define BZ_TEST_DB_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"

struct bz_test_db {
    int postgresql;
    char url[PATH_MAX]; /* what bz_store_open takes */
    char name[64];      /* PostgreSQL's name for the database */
};

/* 1 when PostgreSQL is there to test on. 0 when it is not, after saying
 * so on stderr; with BZ_TEST_PG_REQUIRED=1 that is a failure, and the
 * caller must count it (bz_test_pg_missing_fails). */
int bz_test_pg_available(void);
int bz_test_pg_missing_fails(void);

/* Makes a fresh database (fails the test when it cannot). */
void bz_test_db_create(struct bz_test_db *db, int postgresql);

/* Drops it, and its SQLite side files. */
void bz_test_db_drop(struct bz_test_db *db);

/* A fresh database and a store opened on it (fails the test when it
 * cannot), and the two closed and dropped again. */
struct bz_store;
struct bz_store *bz_test_db_open(struct bz_test_db *db, int postgresql);
void bz_test_db_close(struct bz_test_db *db, struct bz_store *store);

/* The first column of query's first row, as an integer (-1: NULL), read
 * on a connection of its own (fails the test when there is no row). */
int64_t bz_test_db_int(const struct bz_test_db *db, const char *query);

/* An OpenAlex work record of 2001 titled title, whose one id is id (its
 * value is also the source's record id). */
struct bz_external_id;
struct bz_work_record;
struct bz_work_record bz_test_work(const char *title,
                                   struct bz_external_id *id);

/* The cmocka fixture of a test on a fresh store: before setup *state
 * points at an int (0 SQLite, 1 PostgreSQL), after it at this. */
struct bz_test_store {
    struct bz_test_db db;
    struct bz_store *store;
    struct bz_arena arena; /* for what the store's reads return */
};

int bz_test_store_setup(void **state);
int bz_test_store_teardown(void **state);

/* A cmocka test of fn on a fresh store of engine (a static int). */
#define BZ_TEST_STORE(fn, engine)                                              \
    cmocka_unit_test_prestate_setup_teardown(fn, bz_test_store_setup,         \
                                             bz_test_store_teardown, &(engine))

/* Runs the same tests on SQLite (sqlite[0..count)) and on PostgreSQL
 * (pg[0..count)) as two groups, "NAME: sqlite" and "NAME: postgresql";
 * a missing cluster is a failure when BZ_TEST_PG_REQUIRED says so.
 * Returns the number of failures, for main's exit status. */
struct CMUnitTest;
int bz_test_run_engines(const char *name, const struct CMUnitTest *sqlite,
                        const struct CMUnitTest *pg, size_t count);

/* The count of a test array, for bz_test_run_engines. */
#define BZ_TEST_COUNT(tests) (sizeof(tests) / sizeof((tests)[0]))

/* The main of a file whose tests all run on both engines: list(engine)
 * gives the brace-enclosed array of its BZ_TEST_STOREs for engine. */
#define BZ_TEST_ENGINES_MAIN(name, list)                                       \
    int main(void)                                                             \
    {                                                                          \
        static int sqlite = 0, postgresql = 1;                                 \
        const struct CMUnitTest sqlite_tests[] = list(sqlite);                 \
        const struct CMUnitTest pg_tests[] = list(postgresql);                 \
                                                                               \
        return bz_test_run_engines(name, sqlite_tests, pg_tests,               \
                                   BZ_TEST_COUNT(sqlite_tests));               \
    }

#endif
