/* test_db.c - fresh databases for unit tests (test_db.h). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "store/sql.h"
#include "store/store.h"
#include "test_db.h"

static char test_pg_admin[1024];
static int test_pg_read; /* 0 not yet, 1 available, -1 not */

int bz_test_pg_available(void)
{
    const char *path = getenv("BZ_TEST_PG_URL_FILE");
    FILE *file;

    if (test_pg_read != 0)
        return test_pg_read > 0;
    test_pg_read = -1;
    if (path == NULL || path[0] == '\0') {
        fprintf(stderr, "BZ_TEST_PG_URL_FILE is not set: "
                        "postgresql not tested\n");
        return 0;
    }
    if ((file = fopen(path, "r")) == NULL) {
        fprintf(stderr, "cannot read '%s': postgresql not tested\n", path);
        return 0;
    }
    if (fgets(test_pg_admin, sizeof test_pg_admin, file) != NULL) {
        test_pg_admin[strcspn(test_pg_admin, "\r\n")] = '\0';
        if (test_pg_admin[0] != '\0')
            test_pg_read = 1;
    }
    fclose(file);
    return test_pg_read > 0;
}

int bz_test_pg_missing_fails(void)
{
    const char *required = getenv("BZ_TEST_PG_REQUIRED");

    return required != NULL && strcmp(required, "1") == 0;
}

static void test_pg_admin_run(const char *command)
{
    PGconn *conn = PQconnectdb(test_pg_admin);
    PGresult *res;

    if (PQstatus(conn) != CONNECTION_OK)
        fail_msg("admin connection failed: %s", PQerrorMessage(conn));
    res = PQexec(conn, command);
    if (PQresultStatus(res) != PGRES_COMMAND_OK)
        fail_msg("'%s' failed: %s", command, PQerrorMessage(conn));
    PQclear(res);
    PQfinish(conn);
}

void bz_test_db_create(struct bz_test_db *db, int postgresql)
{
    static int count;
    const char *dir = getenv("BZ_TEST_TMP");

    memset(db, 0, sizeof(*db));
    db->postgresql = postgresql;
    if (!postgresql) {
        int fd;

        if (dir == NULL || dir[0] == '\0')
            dir = "/tmp";
        snprintf(db->url, sizeof db->url, "%s/test_db_XXXXXX", dir);
        fd = mkstemp(db->url);
        assert_true(fd >= 0);
        close(fd);
        return;
    }
    assert_true(bz_test_pg_available());
    {
        char command[160];
        const char *authority = strstr(test_pg_admin, "://");
        const char *path, *query;

        assert_non_null(authority);
        snprintf(db->name, sizeof db->name, "bz_unit_%ld_%d", (long)getpid(),
                 ++count);
        snprintf(command, sizeof command,
                 "CREATE DATABASE %s TEMPLATE template0 ENCODING 'UTF8'",
                 db->name);
        test_pg_admin_run(command);
        path = authority + 3 + strcspn(authority + 3, "/?");
        query = strchr(path, '?');
        snprintf(db->url, sizeof db->url, "%.*s/%s%s",
                 (int)(path - test_pg_admin), test_pg_admin, db->name,
                 query != NULL ? query : "");
    }
}

void bz_test_db_drop(struct bz_test_db *db)
{
    char side[PATH_MAX + 8];

    if (db->postgresql) {
        char command[128];

        snprintf(command, sizeof command, "DROP DATABASE %s WITH (FORCE)",
                 db->name);
        test_pg_admin_run(command);
        return;
    }
    unlink(db->url);
    snprintf(side, sizeof side, "%s-wal", db->url);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", db->url);
    unlink(side);
}

struct bz_store *bz_test_db_open(struct bz_test_db *db, int postgresql)
{
    struct bz_store *store = NULL;
    struct bz_error err;

    bz_test_db_create(db, postgresql);
    if (bz_store_open(db->url, &store, &err) != BZ_OK)
        fail_msg("open '%s' failed: %s", db->url, err.message);
    return store;
}

void bz_test_db_close(struct bz_test_db *db, struct bz_store *store)
{
    bz_store_close(store);
    bz_test_db_drop(db);
}

struct bz_work_record bz_test_work(const char *title,
                                   struct bz_external_id *id)
{
    struct bz_work_record r = {0};

    r.source = "openalex";
    r.source_record = id->value;
    r.title = title;
    r.publication_year = 2001;
    r.ids = id;
    r.id_count = 1;
    return r;
}

int64_t bz_test_db_int(const struct bz_test_db *db, const char *query)
{
    struct bz_error err = {0};
    struct bz_sql_stmt *st;
    struct bz_sql *sql;
    int64_t n;

    if (bz_sql_open(db->url, &sql, &err) != BZ_OK)
        fail_msg("open '%s' failed: %s", db->url, err.message);
    if ((st = bz_sql_prepare(sql, "test query", query, &err)) == NULL)
        fail_msg("'%s' failed: %s", query, err.message);
    assert_int_equal(bz_sql_step(st, &err), BZ_SQL_ROW);
    n = bz_sql_column_null(st, 0) ? -1 : bz_sql_column_int64(st, 0);
    bz_sql_finalize(st);
    bz_sql_close(sql);
    return n;
}

int bz_test_store_setup(void **state)
{
    struct bz_test_store *f = calloc(1, sizeof(*f));
    int postgresql = *(int *)*state;

    if (f == NULL)
        return -1;
    f->store = bz_test_db_open(&f->db, postgresql);
    bz_arena_init(&f->arena, 0);
    *state = f;
    return 0;
}

int bz_test_store_teardown(void **state)
{
    struct bz_test_store *f = *state;

    bz_test_db_close(&f->db, f->store);
    bz_arena_release(&f->arena);
    free(f);
    return 0;
}

int bz_test_run_engines(const char *name, const struct CMUnitTest *sqlite,
                        const struct CMUnitTest *pg, size_t count)
{
    char group[128];
    int failed;

    snprintf(group, sizeof(group), "%s: sqlite", name);
    failed = _cmocka_run_group_tests(group, sqlite, count, NULL, NULL);
    if (bz_test_pg_available()) {
        snprintf(group, sizeof(group), "%s: postgresql", name);
        failed += _cmocka_run_group_tests(group, pg, count, NULL, NULL);
    } else if (bz_test_pg_missing_fails()) {
        failed++;
    }
    return failed;
}
