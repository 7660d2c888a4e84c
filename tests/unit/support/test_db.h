/* test_db.h - a fresh database for a unit test, on either engine: a
 * temporary SQLite file, or a new database on the PostgreSQL cluster whose
 * admin URL the file BZ_TEST_PG_URL_FILE holds (CTest's pg fixture). */
#ifndef BZ_TEST_DB_H
#define BZ_TEST_DB_H

#include <limits.h>

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

#endif
