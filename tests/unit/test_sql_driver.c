/* test_sql_driver.c - the contract of sql.h, checked on each driver: SQLite
 * on a temporary file, and PostgreSQL on a fresh database per test when
 * BZ_TEST_PG_URL_FILE names a file holding an admin URL (with
 * BZ_TEST_PG_REQUIRED=1, a missing file fails the run). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libpq-fe.h>
#include <sqlite3.h>

#include "store/sql.h"
#include "store/store_sql_internal.h"

#define N(array) (sizeof(array) / sizeof((array)[0]))
#define SHAPE_MAX 512

struct fixture;

/* An engine makes a fresh database, names it in f->where, and drops it. */
struct engine {
    const char *name;
    void (*create)(struct fixture *f);
    void (*drop)(struct fixture *f);
    enum bz_status (*open)(const char *where, struct bz_sql **out,
                           struct bz_error *err);
};

struct fixture {
    const struct engine *engine;
    char where[PATH_MAX]; /* a file, or a PostgreSQL URL */
    char database[64];    /* PostgreSQL's name for it */
    struct bz_sql *sql;
};

static char pg_admin_url[1024];

/* --- SQLite: a file under BZ_TEST_TMP, so that two connections share it */

static void sqlite_create(struct fixture *f)
{
    const char *dir = getenv("BZ_TEST_TMP");
    int fd;

    if (dir == NULL || dir[0] == '\0')
        dir = "/tmp";
    snprintf(f->where, sizeof f->where, "%s/test_sql_driver_XXXXXX", dir);
    fd = mkstemp(f->where);
    assert_true(fd >= 0);
    close(fd);
}

static void sqlite_drop(struct fixture *f)
{
    char side[PATH_MAX + 8];

    unlink(f->where);
    snprintf(side, sizeof side, "%s-wal", f->where);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", f->where);
    unlink(side);
}

/* --- PostgreSQL: a database of its own, made and dropped by libpq ------ */

static void pg_admin(const char *command)
{
    PGconn *conn = PQconnectdb(pg_admin_url);
    PGresult *res;

    if (PQstatus(conn) != CONNECTION_OK)
        fail_msg("admin connection failed: %s", PQerrorMessage(conn));
    res = PQexec(conn, command);
    if (PQresultStatus(res) != PGRES_COMMAND_OK &&
        PQresultStatus(res) != PGRES_TUPLES_OK)
        fail_msg("'%s' failed: %s", command, PQerrorMessage(conn));
    PQclear(res);
    PQfinish(conn);
}

/* The admin URL with its database replaced by f->database. */
static void pg_url_of(struct fixture *f)
{
    const char *authority = strstr(pg_admin_url, "://");
    const char *path, *query;

    assert_non_null(authority);
    path = authority + 3 + strcspn(authority + 3, "/?");
    query = strchr(path, '?');
    snprintf(f->where, sizeof f->where, "%.*s/%s%s", (int)(path - pg_admin_url),
             pg_admin_url, f->database, query != NULL ? query : "");
}

static void pg_create(struct fixture *f)
{
    static int count;
    char command[128];

    snprintf(f->database, sizeof f->database, "bz_drv_%ld_%d", (long)getpid(),
             ++count);
    snprintf(command, sizeof command,
             "CREATE DATABASE %s TEMPLATE template0 ENCODING 'UTF8'",
             f->database);
    pg_admin(command);
    pg_url_of(f);
}

static void pg_drop(struct fixture *f)
{
    char command[128];

    snprintf(command, sizeof command, "DROP DATABASE %s WITH (FORCE)",
             f->database);
    pg_admin(command);
}

static struct engine sqlite_engine = {"sqlite", sqlite_create, sqlite_drop,
                                      bz_sql_sqlite_open};
static struct engine pg_engine = {"postgresql", pg_create, pg_drop,
                                  bz_sql_pg_open};

/* --- fixture and helpers --- */

static struct bz_sql *open_or_fail(struct fixture *f)
{
    struct bz_sql *sql = NULL;
    struct bz_error err = {0};

    if (f->engine->open(f->where, &sql, &err) != BZ_OK)
        fail_msg("open '%s' failed: %s", f->where, err.message);
    return sql;
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);

    if (f == NULL)
        return -1;
    f->engine = *state;
    f->engine->create(f);
    f->sql = open_or_fail(f);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;

    bz_sql_close(f->sql);
    if (f->database[0] != '\0' || f->engine != &pg_engine)
        f->engine->drop(f);
    free(f);
    return 0;
}

static void exec_ok(struct bz_sql *sql, const char *script)
{
    struct bz_error err = {0};

    if (bz_sql_exec(sql, "test script", script, &err) != BZ_OK)
        fail_msg("'%s' failed: %s", script, err.message);
}

static struct bz_sql_stmt *prepare_ok(struct bz_sql *sql, const char *text)
{
    struct bz_error err = {0};
    struct bz_sql_stmt *st = bz_sql_prepare(sql, "test", text, &err);

    if (st == NULL)
        fail_msg("prepare '%s' failed: %s", text, err.message);
    return st;
}

static enum bz_sql_step step_ok(struct bz_sql_stmt *st)
{
    struct bz_error err = {0};
    enum bz_sql_step step = bz_sql_step(st, &err);

    if (step == BZ_SQL_FAILED)
        fail_msg("step failed: %s", err.message);
    return step;
}

/* The integer in the one row text (no parameters) gives. */
static int64_t query_int(struct bz_sql *sql, const char *text)
{
    struct bz_sql_stmt *st = prepare_ok(sql, text);
    int64_t value;

    assert_int_equal(step_ok(st), BZ_SQL_ROW);
    value = bz_sql_column_int64(st, 0);
    assert_int_equal(step_ok(st), BZ_SQL_DONE);
    bz_sql_finalize(st);
    return value;
}

static uint64_t generation_ok(struct bz_sql *sql)
{
    struct bz_error err = {0};
    uint64_t value = 0;

    if (bz_sql_generation(sql, &value, &err) != BZ_OK)
        fail_msg("generation failed: %s", err.message);
    return value;
}

static void assert_text(struct bz_sql_stmt *st, int col, const char *want)
{
    size_t len = 0;
    const char *got = bz_sql_column_text(st, col, &len);

    assert_non_null(got);
    assert_int_equal(len, strlen(want));
    assert_memory_equal(got, want, len);
}

static void make_table(struct bz_sql *sql)
{
    exec_ok(sql, "CREATE TABLE t (id BIGINT PRIMARY KEY, x BIGINT, "
                 "name TEXT)");
}

/* --- the tests --- */

/* Repeated, out of order, and a ? in a literal, an identifier and a
 * comment that are not parameters. */
static void test_placeholders(void **state)
{
    struct fixture *f = *state;
    struct bz_sql_stmt *st = prepare_ok(
        f->sql, "SELECT ?2 || '-' || ?1 || '-' || ?2, 'why? ?1 ''?2''' "
                "AS \"q?1\" -- ?3 is a comment\n");

    bz_sql_bind_text(st, 1, "a");
    bz_sql_bind_text(st, 2, "b");
    assert_int_equal(step_ok(st), BZ_SQL_ROW);
    assert_text(st, 0, "b-a-b");
    assert_text(st, 1, "why? ?1 '?2'");
    assert_int_equal(step_ok(st), BZ_SQL_DONE);
    bz_sql_finalize(st);
}

static void test_int64_extremes(void **state)
{
    struct fixture *f = *state;
    struct bz_sql_stmt *st = prepare_ok(f->sql, "SELECT ?1, ?2, ?3, ?3 + 1");

    bz_sql_bind_int64(st, 1, INT64_MAX);
    bz_sql_bind_int64(st, 2, INT64_MIN);
    bz_sql_bind_int64(st, 3, 41);
    assert_int_equal(step_ok(st), BZ_SQL_ROW);
    assert_true(bz_sql_column_int64(st, 0) == INT64_MAX);
    assert_true(bz_sql_column_int64(st, 1) == INT64_MIN);
    assert_int_equal(bz_sql_column_int64(st, 2), 41);
    assert_int_equal(bz_sql_column_int64(st, 3), 42);
    assert_text(st, 0, "9223372036854775807");
    bz_sql_finalize(st);
}

/* A NULL where the server can tell the type from the column: a first run
 * with NULL leaves PostgreSQL to infer the parameter's type. */
static void test_null(void **state)
{
    struct fixture *f = *state;
    struct bz_sql_stmt *insert, *select;
    size_t len = 99;

    make_table(f->sql);
    insert = prepare_ok(f->sql, "INSERT INTO t (id, x, name) "
                                "VALUES (?1, ?2, ?3)");
    bz_sql_bind_int64(insert, 1, 1);
    bz_sql_bind_null(insert, 2);
    bz_sql_bind_text(insert, 3, NULL);
    assert_int_equal(step_ok(insert), BZ_SQL_DONE);
    bz_sql_finalize(insert);

    select = prepare_ok(f->sql, "SELECT x, name, x IS NULL FROM t");
    assert_int_equal(step_ok(select), BZ_SQL_ROW);
    assert_true(bz_sql_column_null(select, 0));
    assert_true(bz_sql_column_null(select, 1));
    assert_null(bz_sql_column_text(select, 1, &len));
    assert_int_equal(len, 0);
    assert_int_equal(bz_sql_column_int64(select, 0), 0);
    assert_int_equal(bz_sql_column_int64(select, 2), 1);
    assert_false(bz_sql_column_null(select, 2));
    bz_sql_finalize(select);
}

static void test_doubles(void **state)
{
    struct fixture *f = *state;
    struct bz_sql_stmt *st = prepare_ok(f->sql, "SELECT ?1, ?2, ?3, ?4 * 2");

    bz_sql_bind_double(st, 1, 0.1);
    bz_sql_bind_double(st, 2, -1e300);
    bz_sql_bind_double(st, 3, 3.141592653589793);
    bz_sql_bind_double(st, 4, 1.25);
    assert_int_equal(step_ok(st), BZ_SQL_ROW);
    assert_true(bz_sql_column_double(st, 0) == 0.1);
    assert_true(bz_sql_column_double(st, 1) == -1e300);
    assert_true(bz_sql_column_double(st, 2) == 3.141592653589793);
    assert_true(bz_sql_column_double(st, 3) == 2.5);
    bz_sql_finalize(st);
}

static void test_text(void **state)
{
    static const char *const texts[] = {
        "it's a \"test\" -- with ?1 inside",
        "\xc3\x89milie \xc3\x9cnal \xe6\x9d\xb1\xe4\xba\xac \xf0\x9f\x98\x80",
        "back\\slash",
        "",
    };
    struct fixture *f = *state;
    struct bz_sql_stmt *st = prepare_ok(f->sql, "SELECT ?1, length(?1)");

    for (size_t i = 0; i < N(texts); i++) {
        bz_sql_bind_text(st, 1, texts[i]);
        assert_int_equal(step_ok(st), BZ_SQL_ROW);
        assert_false(bz_sql_column_null(st, 0));
        assert_text(st, 0, texts[i]);
        bz_sql_reset(st);
    }
    bz_sql_bind_text(st, 1, texts[1]);
    assert_int_equal(step_ok(st), BZ_SQL_ROW);
    assert_int_equal(bz_sql_column_int64(st, 1), 16); /* characters */
    bz_sql_finalize(st);
}

/* EXISTS and comparisons read as 1 and 0, by number and as text. */
static void test_booleans(void **state)
{
    struct fixture *f = *state;
    struct bz_sql_stmt *st;

    make_table(f->sql);
    exec_ok(f->sql, "INSERT INTO t (id, x, name) VALUES (1, 5, 'five')");
    st = prepare_ok(f->sql, "SELECT EXISTS (SELECT 1 FROM t WHERE x = ?1), "
                            "?1 < 6");
    bz_sql_bind_int64(st, 1, 5);
    assert_int_equal(step_ok(st), BZ_SQL_ROW);
    assert_int_equal(bz_sql_column_int64(st, 0), 1);
    assert_int_equal(bz_sql_column_int64(st, 1), 1);
    assert_text(st, 0, "1");
    bz_sql_reset(st);
    bz_sql_bind_int64(st, 1, 7);
    assert_int_equal(step_ok(st), BZ_SQL_ROW);
    assert_int_equal(bz_sql_column_int64(st, 0), 0);
    assert_int_equal(bz_sql_column_int64(st, 1), 0);
    assert_text(st, 1, "0");
    bz_sql_finalize(st);
}

static void insert_rows(struct bz_sql *sql, int count)
{
    struct bz_sql_stmt *st =
        prepare_ok(sql, "INSERT INTO t (id, x, name) VALUES (?1, ?2, ?3)");

    for (int i = 1; i <= count; i++) {
        bz_sql_bind_int64(st, 1, i);
        bz_sql_bind_int64(st, 2, i * 10);
        bz_sql_bind_text(st, 3, "row");
        assert_int_equal(step_ok(st), BZ_SQL_DONE);
        assert_int_equal(bz_sql_changes(st), 1);
        bz_sql_reset(st);
    }
    bz_sql_finalize(st);
}

/* changes() counts the rows of the last run, and still does after reset. */
static void test_changes(void **state)
{
    struct fixture *f = *state;
    struct bz_sql_stmt *st;

    make_table(f->sql);
    insert_rows(f->sql, 3);
    st = prepare_ok(f->sql, "UPDATE t SET x = x + 1 WHERE x >= ?1");
    bz_sql_bind_int64(st, 1, 20);
    assert_int_equal(step_ok(st), BZ_SQL_DONE);
    assert_int_equal(bz_sql_changes(st), 2);
    bz_sql_reset(st);
    assert_int_equal(bz_sql_changes(st), 2);
    bz_sql_bind_int64(st, 1, 1000);
    assert_int_equal(step_ok(st), BZ_SQL_DONE);
    assert_int_equal(bz_sql_changes(st), 0);
    bz_sql_finalize(st);

    st = prepare_ok(f->sql, "DELETE FROM t");
    assert_int_equal(step_ok(st), BZ_SQL_DONE);
    assert_int_equal(bz_sql_changes(st), 3);
    bz_sql_finalize(st);
}

/* A reset mid-rows starts over; its bindings are gone (NULL). */
static void test_reset_rebind(void **state)
{
    struct fixture *f = *state;
    struct bz_sql_stmt *st;

    make_table(f->sql);
    insert_rows(f->sql, 3);
    st = prepare_ok(f->sql, "SELECT x FROM t WHERE x > ?1 OR ?1 IS NULL "
                            "ORDER BY x");
    bz_sql_bind_int64(st, 1, 10);
    assert_int_equal(step_ok(st), BZ_SQL_ROW);
    assert_int_equal(bz_sql_column_int64(st, 0), 20);
    bz_sql_reset(st);

    bz_sql_bind_int64(st, 1, 0);
    assert_int_equal(step_ok(st), BZ_SQL_ROW);
    assert_int_equal(bz_sql_column_int64(st, 0), 10);
    assert_int_equal(step_ok(st), BZ_SQL_ROW);
    assert_int_equal(step_ok(st), BZ_SQL_ROW);
    assert_int_equal(bz_sql_column_int64(st, 0), 30);
    assert_int_equal(step_ok(st), BZ_SQL_DONE);
    bz_sql_reset(st);

    assert_int_equal(step_ok(st), BZ_SQL_ROW); /* ?1 is NULL: every row */
    assert_int_equal(bz_sql_column_int64(st, 0), 10);
    bz_sql_finalize(st);
}

static void test_exec_script(void **state)
{
    struct fixture *f = *state;
    struct bz_error err = {0};

    exec_ok(f->sql, "CREATE TABLE a (v BIGINT);\n"
                    "INSERT INTO a VALUES (1);\n"
                    "-- a comment between statements\n"
                    "INSERT INTO a VALUES (2);\n");
    assert_int_equal(query_int(f->sql, "SELECT count(*) FROM a"), 2);
    assert_int_equal(query_int(f->sql, "SELECT sum(v) FROM a"), 3);

    assert_int_equal(bz_sql_exec(f->sql, "broken script",
                                 "INSERT INTO a VALUES (3);\n"
                                 "INSERT INTO nowhere VALUES (1);\n",
                                 &err),
                     BZ_STORE);
    assert_non_null(strstr(err.message, "broken script"));
    assert_null(strchr(err.message, '\n'));
}

static void test_transactions(void **state)
{
    struct fixture *f = *state;
    struct bz_error err = {0};

    make_table(f->sql);
    assert_false(bz_sql_in_transaction(f->sql));
    assert_int_equal(bz_sql_rollback(f->sql, &err), BZ_OK); /* none open */

    assert_int_equal(bz_sql_begin(f->sql, &err), BZ_OK);
    assert_true(bz_sql_in_transaction(f->sql));
    insert_rows(f->sql, 2);
    assert_int_equal(bz_sql_rollback(f->sql, &err), BZ_OK);
    assert_false(bz_sql_in_transaction(f->sql));
    assert_int_equal(query_int(f->sql, "SELECT count(*) FROM t"), 0);

    assert_int_equal(bz_sql_begin(f->sql, &err), BZ_OK);
    insert_rows(f->sql, 2);
    assert_int_equal(bz_sql_commit(f->sql, &err), BZ_OK);
    assert_false(bz_sql_in_transaction(f->sql));
    assert_int_equal(query_int(f->sql, "SELECT count(*) FROM t"), 2);
}

/* A failing write inside a transaction is reported by its own step or,
 * when the driver sends writes ahead, by the next step that must wait
 * (RELEASE here), naming the write; rolling back to the savepoint undoes
 * that record alone. changes() of a write sent ahead is exact. */
static void test_savepoint_failure(void **state)
{
    struct fixture *f = *state;
    struct bz_error err = {0};
    struct bz_sql_stmt *insert, *savepoint, *release, *undo;
    enum bz_sql_step step;

    make_table(f->sql);
    insert = bz_sql_prepare(f->sql, "insert row",
                            "INSERT INTO t (id, x) VALUES (?1, ?2)", &err);
    savepoint = prepare_ok(f->sql, "SAVEPOINT rec");
    release = prepare_ok(f->sql, "RELEASE rec");
    undo = prepare_ok(f->sql, "ROLLBACK TO rec");
    assert_non_null(insert);
    assert_int_equal(bz_sql_begin(f->sql, &err), BZ_OK);

    /* a good record */
    assert_int_equal(step_ok(savepoint), BZ_SQL_DONE);
    bz_sql_reset(savepoint);
    bz_sql_bind_int64(insert, 1, 1);
    bz_sql_bind_int64(insert, 2, 10);
    assert_int_equal(step_ok(insert), BZ_SQL_DONE);
    bz_sql_reset(insert);
    assert_int_equal(bz_sql_changes(insert), 1);
    assert_int_equal(step_ok(release), BZ_SQL_DONE);
    bz_sql_reset(release);

    /* a bad one: a good row, then a duplicate key */
    assert_int_equal(step_ok(savepoint), BZ_SQL_DONE);
    bz_sql_reset(savepoint);
    bz_sql_bind_int64(insert, 1, 2);
    bz_sql_bind_int64(insert, 2, 20);
    assert_int_equal(step_ok(insert), BZ_SQL_DONE);
    bz_sql_reset(insert);
    bz_sql_bind_int64(insert, 1, 1);
    bz_sql_bind_int64(insert, 2, 30);
    step = bz_sql_step(insert, &err);
    bz_sql_reset(insert);
    if (step != BZ_SQL_FAILED) {
        assert_int_equal(step, BZ_SQL_DONE);
        step = bz_sql_step(release, &err);
        bz_sql_reset(release);
    }
    assert_int_equal(step, BZ_SQL_FAILED);
    assert_int_equal(err.status, BZ_STORE);
    assert_non_null(strstr(err.message, "insert row failed"));
    assert_int_equal(step_ok(undo), BZ_SQL_DONE);
    bz_sql_reset(undo);
    assert_int_equal(step_ok(release), BZ_SQL_DONE);
    bz_sql_reset(release);

    /* the transaction goes on */
    bz_sql_bind_int64(insert, 1, 3);
    bz_sql_bind_int64(insert, 2, 40);
    assert_int_equal(step_ok(insert), BZ_SQL_DONE);
    bz_sql_reset(insert);
    assert_int_equal(bz_sql_commit(f->sql, &err), BZ_OK);
    assert_int_equal(query_int(f->sql, "SELECT count(*) FROM t"), 2);
    assert_int_equal(query_int(f->sql, "SELECT sum(x) FROM t"), 50);
    bz_sql_finalize(insert);
    bz_sql_finalize(savepoint);
    bz_sql_finalize(release);
    bz_sql_finalize(undo);
}

/* Many writes sent ahead in one transaction (past any batch a driver
 * keeps), then read back. */
static void test_many_writes(void **state)
{
    struct fixture *f = *state;
    struct bz_error err = {0};

    make_table(f->sql);
    assert_int_equal(bz_sql_begin(f->sql, &err), BZ_OK);
    insert_rows(f->sql, 3000);
    assert_int_equal(query_int(f->sql, "SELECT count(*) FROM t"), 3000);
    assert_int_equal(bz_sql_commit(f->sql, &err), BZ_OK);
    assert_int_equal(query_int(f->sql, "SELECT sum(x) FROM t"),
                     10LL * 3000 * 3001 / 2);
}

/* The message starts with the driver's name and names what failed. */
static void test_failure_names_what(void **state)
{
    struct fixture *f = *state;
    struct bz_error err = {0};
    struct bz_sql_stmt *st;
    char want[64];

    make_table(f->sql);
    st = bz_sql_prepare(f->sql, "insert thing",
                        "INSERT INTO t (id, x) VALUES (?1, ?2)", &err);
    assert_non_null(st);
    for (int run = 0; run < 2; run++) {
        bz_sql_bind_int64(st, 1, 7);
        bz_sql_bind_int64(st, 2, run);
        if (run == 0)
            assert_int_equal(step_ok(st), BZ_SQL_DONE);
        else
            assert_int_equal(bz_sql_step(st, &err), BZ_SQL_FAILED);
        bz_sql_reset(st);
    }
    bz_sql_finalize(st);
    assert_int_equal(err.status, BZ_STORE);
    snprintf(want, sizeof want,
             "%s: insert thing failed: ", f->sql->driver->name);
    if (strncmp(err.message, want, strlen(want)) != 0)
        fail_msg("message '%s' does not start with '%s'", err.message, want);
    assert_null(strchr(err.message, '\n'));
}

/* SQLite refuses at prepare(), PostgreSQL at the first step(). */
static void test_syntax_error(void **state)
{
    struct fixture *f = *state;
    struct bz_error err = {0};
    struct bz_sql_stmt *st =
        bz_sql_prepare(f->sql, "bad select", "SELEC 1", &err);

    if (st != NULL) {
        assert_int_equal(bz_sql_step(st, &err), BZ_SQL_FAILED);
        bz_sql_finalize(st);
    }
    assert_int_equal(err.status, BZ_STORE);
    assert_non_null(strstr(err.message, "bad select"));
    assert_false(bz_sql_in_transaction(f->sql));
    assert_int_equal(query_int(f->sql, "SELECT 1"), 1); /* still usable */
}

/* A statement whose prepare failed (NULL) takes its bindings as no-ops,
 * and store_sql_collect answers BZ_STORE for it with empty outputs: the
 * store's reads prepare, bind and collect with no check between. */
static void test_unprepared_binds_nothing(void **state)
{
    struct bz_error err = {0};
    struct bz_arena arena;
    void *out = &arena;
    size_t count = 7;

    (void)state;
    bz_arena_init(&arena, 0);
    bz_sql_bind_null(NULL, 1);
    bz_sql_bind_int64(NULL, 1, 1);
    bz_sql_bind_double(NULL, 1, 1.5);
    bz_sql_bind_text(NULL, 1, "a");
    assert_int_equal(store_sql_collect(NULL, NULL, &arena, 8, NULL, &out,
                                       &count, &err),
                     BZ_STORE);
    assert_null(out);
    assert_int_equal(count, 0);
    bz_arena_release(&arena);
}

/* A second connection sees the generation move when the first commits,
 * by commit() or by a write of its own, and not otherwise. */
static void test_generation(void **state)
{
    struct fixture *f = *state;
    struct bz_sql *other = open_or_fail(f);
    struct bz_error err = {0};
    uint64_t before, after;

    make_table(f->sql);
    before = generation_ok(other);
    assert_true(generation_ok(other) == before);
    assert_int_equal(query_int(f->sql, "SELECT count(*) FROM t"), 0);
    assert_true(generation_ok(other) == before);

    assert_int_equal(bz_sql_begin(f->sql, &err), BZ_OK);
    insert_rows(f->sql, 1);
    assert_true(generation_ok(other) == before); /* not yet committed */
    assert_int_equal(bz_sql_rollback(f->sql, &err), BZ_OK);
    assert_true(generation_ok(other) == before);

    assert_int_equal(bz_sql_begin(f->sql, &err), BZ_OK);
    insert_rows(f->sql, 1);
    assert_int_equal(bz_sql_commit(f->sql, &err), BZ_OK);
    after = generation_ok(other);
    assert_true(after != before);
    assert_int_equal(query_int(other, "SELECT count(*) FROM t"), 1);

    exec_ok(f->sql, "DELETE FROM t");
    before = after;
    after = generation_ok(other);
    assert_true(after != before);
    bz_sql_close(other);
}

/* --- schema --- */

/* Every table, column, key and index of a SQLite database as lines. */
static const char sqlite_shape_sql[] =
    "SELECT 'column ' || m.name || '.' || p.name || ' ' || upper(p.type)"
    " || CASE WHEN p.\"notnull\" OR p.pk > 0 THEN ' not null' ELSE '' END"
    " || CASE WHEN p.dflt_value IS NOT NULL THEN ' default' ELSE '' END"
    " || CASE WHEN p.pk > 0 THEN ' pk' || p.pk ELSE '' END"
    " FROM sqlite_master m, pragma_table_info(m.name) p"
    " WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'"
    " UNION ALL SELECT 'index ' || m.name || ' on ' || m.tbl_name || ' ('"
    " || (SELECT group_concat(name, ',') FROM pragma_index_info(m.name))"
    " || ')' FROM sqlite_master m WHERE type = 'index' AND sql IS NOT NULL"
    " UNION ALL SELECT 'foreign ' || m.name || '.' || k.\"from\" || ' -> '"
    " || k.\"table\" || '.' || k.\"to\""
    " FROM sqlite_master m, pragma_foreign_key_list(m.name) k"
    " WHERE m.type = 'table'"
    " UNION ALL SELECT 'unique ' || m.name || ' ('"
    " || (SELECT group_concat(name, ',') FROM pragma_index_info(i.name))"
    " || ')' FROM sqlite_master m, pragma_index_list(m.name) i"
    " WHERE m.type = 'table' AND i.origin = 'u'";

/* The same lines from PostgreSQL's catalogue, in SQLite's type names; the
 * rowid columns stand for SQLite's implicit ones. */
static const char pg_shape_sql[] =
    "SELECT 'column ' || c.table_name || '.' || c.column_name || ' '"
    " || CASE c.data_type WHEN 'bigint' THEN 'INTEGER'"
    " WHEN 'text' THEN 'TEXT' WHEN 'double precision' THEN 'REAL'"
    " ELSE c.data_type END"
    " || CASE WHEN c.is_nullable = 'NO' THEN ' not null' ELSE '' END"
    " || CASE WHEN c.column_default IS NOT NULL THEN ' default' ELSE '' END"
    " || coalesce((SELECT ' pk' || k.ordinal_position"
    " FROM information_schema.table_constraints t"
    " JOIN information_schema.key_column_usage k"
    " ON k.constraint_name = t.constraint_name"
    " AND k.table_name = t.table_name"
    " WHERE t.table_name = c.table_name"
    " AND t.constraint_type = 'PRIMARY KEY'"
    " AND k.column_name = c.column_name), '')"
    " FROM information_schema.columns c"
    " WHERE c.table_schema = 'public' AND c.column_name <> 'rowid'"
    " UNION ALL SELECT 'index ' || i.relname || ' on ' || t.relname || ' ('"
    " || (SELECT string_agg(a.attname, ',' ORDER BY k.n)"
    " FROM unnest(x.indkey::int2[]) WITH ORDINALITY k(attnum, n)"
    " JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum)"
    " || ')' FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid"
    " JOIN pg_class t ON t.oid = x.indrelid"
    " WHERE t.relnamespace = 'public'::regnamespace"
    " AND NOT EXISTS (SELECT 1 FROM pg_constraint c"
    " WHERE c.conindid = x.indexrelid AND c.contype IN ('p', 'u'))"
    " UNION ALL SELECT 'foreign ' || t.relname || '.' || a.attname || ' -> '"
    " || r.relname || '.' || ra.attname FROM pg_constraint c"
    " JOIN pg_class t ON t.oid = c.conrelid"
    " JOIN pg_class r ON r.oid = c.confrelid"
    " CROSS JOIN LATERAL unnest(c.conkey, c.confkey) AS k(f, t)"
    " JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.f"
    " JOIN pg_attribute ra ON ra.attrelid = c.confrelid AND ra.attnum = k.t"
    " WHERE c.contype = 'f' AND t.relnamespace = 'public'::regnamespace"
    " UNION ALL SELECT 'unique ' || t.relname || ' ('"
    " || (SELECT string_agg(a.attname, ',' ORDER BY k.n)"
    " FROM unnest(c.conkey) WITH ORDINALITY k(attnum, n)"
    " JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum)"
    " || ')' FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid"
    " WHERE c.contype = 'u' AND t.relnamespace = 'public'::regnamespace";

struct shape {
    char *lines[SHAPE_MAX];
    size_t count;
};

static void shape_add(struct shape *shape, const char *line)
{
    assert_true(shape->count < SHAPE_MAX);
    shape->lines[shape->count] = strdup(line);
    assert_non_null(shape->lines[shape->count]);
    shape->count++;
}

static int shape_compare(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void shape_release(struct shape *shape)
{
    for (size_t i = 0; i < shape->count; i++)
        free(shape->lines[i]);
    shape->count = 0;
}

static void shape_of_sqlite(sqlite3 *db, struct shape *shape)
{
    sqlite3_stmt *st = NULL;

    assert_int_equal(sqlite3_prepare_v2(db, sqlite_shape_sql, -1, &st, NULL),
                     SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW)
        shape_add(shape, (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    qsort(shape->lines, shape->count, sizeof shape->lines[0], shape_compare);
}

static void shape_of_driver(struct bz_sql *sql, struct shape *shape)
{
    struct bz_sql_stmt *st = prepare_ok(sql, pg_shape_sql);

    while (step_ok(st) == BZ_SQL_ROW)
        shape_add(shape, bz_sql_column_text(st, 0, NULL));
    bz_sql_finalize(st);
    qsort(shape->lines, shape->count, sizeof shape->lines[0], shape_compare);
}

static void assert_same_shape(const struct shape *want, const struct shape *got,
                              size_t migration)
{
    size_t i = 0, j = 0;
    int differ = 0;

    while (i < want->count || j < got->count) {
        int c = i == want->count  ? 1
                : j == got->count ? -1
                                  : strcmp(want->lines[i], got->lines[j]);

        if (c < 0)
            fprintf(stderr, "after %zu, only in sqlite: %s\n", migration,
                    want->lines[i++]);
        else if (c > 0)
            fprintf(stderr, "after %zu, only in postgresql: %s\n", migration,
                    got->lines[j++]);
        else
            i++, j++;
        differ |= c != 0;
    }
    assert_false(differ);
}

/* After each migration PostgreSQL has what SQLite has. */
static void compare_with_sqlite(struct bz_sql *sql, sqlite3 *db, size_t n)
{
    struct shape want = {0}, got = {0};

    assert_int_equal(
        sqlite3_exec(db, bz_schema_sqlite[n - 1], NULL, NULL, NULL), SQLITE_OK);
    shape_of_sqlite(db, &want);
    shape_of_driver(sql, &got);
    assert_true(want.count > 0);
    assert_same_shape(&want, &got, n);
    shape_release(&want);
    shape_release(&got);
}

/* created_at reads as SQLite's CURRENT_TIMESTAMP does: "YYYY-MM-DD
 * HH:MM:SS". */
static void check_created_at(struct bz_sql *sql)
{
    struct bz_sql_stmt *st;
    size_t len = 0;
    const char *at;

    exec_ok(sql, "INSERT INTO researcher (display_name, name_key, slug) "
                 "VALUES ('A', 'a', 'a')");
    st = prepare_ok(sql, "SELECT created_at FROM researcher");
    assert_int_equal(step_ok(st), BZ_SQL_ROW);
    at = bz_sql_column_text(st, 0, &len);
    assert_int_equal(len, 19);
    assert_true(at[4] == '-' && at[7] == '-' && at[10] == ' ' &&
                at[13] == ':' && at[16] == ':');
    bz_sql_finalize(st);
}

/* Every migration applies to an empty database, in order; on PostgreSQL
 * each leaves the shape SQLite's has, with text sorting bytewise. */
static void test_migrations(void **state)
{
    struct fixture *f = *state;
    const struct bz_sql_driver *driver = f->sql->driver;
    int pg = driver->dialect == BZ_SQL_POSTGRESQL;
    sqlite3 *db = NULL;

    assert_int_equal(*driver->migration_count, bz_schema_sqlite_count);
    assert_int_equal(bz_schema_pg_count, bz_schema_sqlite_count);
    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    for (size_t n = 1; n <= *driver->migration_count; n++) {
        exec_ok(f->sql, driver->migrations[n - 1]);
        if (pg)
            compare_with_sqlite(f->sql, db, n);
    }
    sqlite3_close(db);
    if (pg)
        assert_int_equal(query_int(f->sql,
                                   "SELECT count(*) FROM "
                                   "information_schema.columns "
                                   "WHERE table_schema = 'public' AND "
                                   "data_type = 'text' AND "
                                   "collation_name IS DISTINCT FROM 'C'"),
                         0);
    check_created_at(f->sql);
}

/* --- PostgreSQL only --- */

/* A failed connect names the url without its password, wherever the url
 * carries it. */
static void test_pg_open_hides_password(void **state)
{
    struct fixture *f = *state;
    const char *authority = strstr(pg_admin_url, "://") + 3;
    const char *path = authority + strcspn(authority, "/?");
    const char *at = memchr(authority, '@', (size_t)(path - authority));
    struct bz_sql *sql = NULL;
    struct bz_error err = {0};

    if (at == NULL) /* no user in the url: name one, to give a password */
        at = authority;
    snprintf(f->where, sizeof f->where,
             "%.*s%s:sekrit1%s%.*s/bz_none_%ld"
             "?password=sekrit2&sslmode=prefer",
             (int)(at - pg_admin_url), pg_admin_url,
             at == authority ? "postgres" : "", at == authority ? "@" : "",
             (int)(path - at), at, (long)getpid());
    assert_int_equal(bz_sql_pg_open(f->where, &sql, &err), BZ_STORE);
    assert_null(sql);
    assert_null(strstr(err.message, "sekrit"));
    assert_non_null(strstr(err.message, "bz_none_"));
    assert_non_null(strstr(err.message, "?password=***&sslmode=prefer'"));
    assert_null(strchr(err.message, '\n'));
}

static int64_t backend_pid(struct bz_sql *sql)
{
    return query_int(sql, "SELECT pg_backend_pid()");
}

static void terminate(int64_t pid)
{
    char command[64];

    snprintf(command, sizeof command, "SELECT pg_terminate_backend(%lld)",
             (long long)pid);
    pg_admin(command);
}

/* A serialization failure or a deadlock of a statement outside a
 * transaction is tried again, a bounded number of times; inside one it is
 * the caller's. The failures come from a function that raises the
 * SQLSTATE until a sequence (not rolled back with the failure) passes a
 * count. */
static void test_pg_conflict_retry(void **state)
{
    struct fixture *f = *state;
    struct bz_error err = {0};
    struct bz_sql_stmt *st;

    exec_ok(f->sql,
            "CREATE SEQUENCE tries;"
            "CREATE FUNCTION flaky(fails BIGINT, code TEXT) RETURNS BIGINT "
            "LANGUAGE plpgsql AS $$ DECLARE n BIGINT := nextval('tries'); "
            "BEGIN IF n <= fails THEN RAISE EXCEPTION 'conflict %', n "
            "USING ERRCODE = code; END IF; RETURN n; END $$");
    /* two serialization failures, then it works: three tries */
    assert_int_equal(query_int(f->sql, "SELECT flaky(2, '40001')"), 3);
    /* a deadlock likewise */
    exec_ok(f->sql, "SELECT setval('tries', 1, false)");
    assert_int_equal(query_int(f->sql, "SELECT flaky(1, '40P01')"), 2);

    /* more failures than the bound: the error comes back */
    exec_ok(f->sql, "SELECT setval('tries', 1, false)");
    st = prepare_ok(f->sql, "SELECT flaky(100, '40001')");
    assert_int_equal(bz_sql_step(st, &err), BZ_SQL_FAILED);
    assert_non_null(strstr(err.message, "conflict"));
    bz_sql_finalize(st);
    assert_true(query_int(f->sql, "SELECT last_value FROM tries") < 100);

    /* inside a transaction: no retry, the caller rolls back */
    exec_ok(f->sql, "SELECT setval('tries', 1, false)");
    assert_int_equal(bz_sql_begin(f->sql, &err), BZ_OK);
    st = prepare_ok(f->sql, "SELECT flaky(1, '40001')");
    assert_int_equal(bz_sql_step(st, &err), BZ_SQL_FAILED);
    bz_sql_finalize(st);
    assert_int_equal(bz_sql_rollback(f->sql, &err), BZ_OK);
    assert_int_equal(query_int(f->sql, "SELECT last_value FROM tries"), 1);
}

/* A connection lost between statements comes back, with its prepared
 * statements; one lost inside a transaction fails until rolled back. */
static void test_pg_reconnect(void **state)
{
    struct fixture *f = *state;
    struct bz_sql_stmt *st = prepare_ok(f->sql, "SELECT ?1 + 1");
    struct bz_error err = {0};
    int64_t pid = backend_pid(f->sql);

    bz_sql_bind_int64(st, 1, 1);
    assert_int_equal(step_ok(st), BZ_SQL_ROW);
    bz_sql_reset(st);
    terminate(pid);
    bz_sql_bind_int64(st, 1, 2);
    assert_int_equal(step_ok(st), BZ_SQL_ROW);
    assert_int_equal(bz_sql_column_int64(st, 0), 3);
    bz_sql_reset(st);
    assert_true(backend_pid(f->sql) != pid);

    assert_int_equal(bz_sql_begin(f->sql, &err), BZ_OK);
    terminate(backend_pid(f->sql));
    bz_sql_bind_int64(st, 1, 3);
    assert_int_equal(bz_sql_step(st, &err), BZ_SQL_FAILED);
    assert_int_equal(err.status, BZ_STORE);
    bz_sql_reset(st);
    assert_true(bz_sql_in_transaction(f->sql));
    assert_int_equal(bz_sql_rollback(f->sql, &err), BZ_OK);
    assert_false(bz_sql_in_transaction(f->sql));
    bz_sql_bind_int64(st, 1, 4);
    assert_int_equal(step_ok(st), BZ_SQL_ROW);
    assert_int_equal(bz_sql_column_int64(st, 0), 5);
    bz_sql_finalize(st);
}

/* A text parameter whose first run binds NULL, where the engine cannot
 * tell its type from the statement (PostgreSQL reads the WHERE of an
 * UPDATE first): it is a text all the same, then and later. */
static void test_null_text_first(void **state)
{
    struct fixture *f = *state;
    struct bz_sql_stmt *st;

    make_table(f->sql);
    insert_rows(f->sql, 1);
    st = prepare_ok(f->sql, "UPDATE t SET name = COALESCE(?2, name) "
                            "WHERE id = ?1 AND ?2 IS NOT NULL");
    bz_sql_bind_int64(st, 1, 1);
    bz_sql_bind_text(st, 2, NULL);
    assert_int_equal(step_ok(st), BZ_SQL_DONE);
    assert_int_equal(bz_sql_changes(st), 0);
    bz_sql_reset(st);
    bz_sql_bind_int64(st, 1, 1);
    bz_sql_bind_text(st, 2, "renamed");
    assert_int_equal(step_ok(st), BZ_SQL_DONE);
    assert_int_equal(bz_sql_changes(st), 1);
    bz_sql_finalize(st);
    st = prepare_ok(f->sql, "SELECT name FROM t WHERE id = 1");
    assert_int_equal(step_ok(st), BZ_SQL_ROW);
    assert_text(st, 0, "renamed");
    bz_sql_finalize(st);
}

/* The bulk path where there is one: COPY's text format with its escapes,
 * inside a transaction, read back as sent; a bad row fails it all. */
static void test_copy_in(void **state)
{
    struct fixture *f = *state;
    static const char rows[] = "1\ta\\tb\tone\n"
                               "2\tline\\nbreak\tback\\\\slash\n";
    static const char bad[] = "3\tx\ty\n1\tdup\tkey\n"; /* 1 again */
    struct bz_error err = {0};
    struct bz_sql_stmt *st;

    if (f->sql->driver->copy_in == NULL) {
        assert_int_equal(f->sql->driver->dialect, BZ_SQL_SQLITE);
        return; /* SQLite inserts row by row: nothing to test */
    }
    exec_ok(f->sql, "CREATE TABLE c (id BIGINT PRIMARY KEY, a TEXT, b TEXT)");
    assert_int_equal(bz_sql_begin(f->sql, &err), BZ_OK);
    assert_int_equal(f->sql->driver->copy_in(f->sql, "copy rows",
                                             "COPY c FROM STDIN", rows,
                                             strlen(rows), &err),
                     BZ_OK);
    assert_int_equal(bz_sql_commit(f->sql, &err), BZ_OK);
    st = prepare_ok(f->sql, "SELECT a, b FROM c ORDER BY id");
    assert_int_equal(step_ok(st), BZ_SQL_ROW);
    assert_text(st, 0, "a\tb");
    assert_text(st, 1, "one");
    assert_int_equal(step_ok(st), BZ_SQL_ROW);
    assert_text(st, 0, "line\nbreak");
    assert_text(st, 1, "back\\slash");
    bz_sql_finalize(st);

    assert_int_equal(bz_sql_begin(f->sql, &err), BZ_OK);
    assert_int_equal(f->sql->driver->copy_in(f->sql, "copy bad rows",
                                             "COPY c FROM STDIN", bad,
                                             strlen(bad), &err),
                     BZ_STORE);
    assert_non_null(strstr(err.message, "copy bad rows failed"));
    assert_int_equal(bz_sql_rollback(f->sql, &err), BZ_OK);
    assert_int_equal(query_int(f->sql, "SELECT count(*) FROM c"), 2);
}

/* bz_sql_sqlite_map_reads: connections opened after it map that much of
 * the file (the server's sqlite.mmap_mb); before it, and after 0, none. */
static void test_sqlite_map_reads(void **state)
{
    struct fixture *f = *state;
    struct bz_sql *mapped, *plain;

    assert_int_equal(query_int(f->sql, "PRAGMA mmap_size"), 0);
    bz_sql_sqlite_map_reads((int64_t)8 << 20);
    mapped = open_or_fail(f);
    bz_sql_sqlite_map_reads(0);
    plain = open_or_fail(f);
    assert_int_equal(query_int(mapped, "PRAGMA mmap_size"), 8 << 20);
    assert_int_equal(query_int(plain, "PRAGMA mmap_size"), 0);
    /* what is read through the map is what was written */
    make_table(f->sql);
    insert_rows(f->sql, 3);
    assert_int_equal(query_int(mapped, "SELECT count(*) FROM t"), 3);
    bz_sql_close(plain);
    bz_sql_close(mapped);
}

/* --- running --- */

#define DRIVER_TEST(test, engine)                                              \
    cmocka_unit_test_prestate_setup_teardown(test, setup, teardown, &engine)

#define DRIVER_TESTS(engine)                                                   \
    {                                                                          \
        DRIVER_TEST(test_placeholders, engine),                                \
            DRIVER_TEST(test_int64_extremes, engine),                          \
            DRIVER_TEST(test_null, engine), DRIVER_TEST(test_doubles, engine), \
            DRIVER_TEST(test_null_text_first, engine),                         \
            DRIVER_TEST(test_copy_in, engine),                                 \
            DRIVER_TEST(test_text, engine),                                    \
            DRIVER_TEST(test_booleans, engine),                                \
            DRIVER_TEST(test_changes, engine),                                 \
            DRIVER_TEST(test_reset_rebind, engine),                            \
            DRIVER_TEST(test_exec_script, engine),                             \
            DRIVER_TEST(test_transactions, engine),                            \
            DRIVER_TEST(test_savepoint_failure, engine),                       \
            DRIVER_TEST(test_many_writes, engine),                             \
            DRIVER_TEST(test_failure_names_what, engine),                      \
            DRIVER_TEST(test_syntax_error, engine),                            \
            DRIVER_TEST(test_unprepared_binds_nothing, engine),                \
            DRIVER_TEST(test_generation, engine),                              \
            DRIVER_TEST(test_migrations, engine),                              \
    }

/* Without a database of their own: setup would make one for nothing. */
static int pg_only_setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);

    if (f == NULL)
        return -1;
    f->engine = &pg_engine;
    *state = f;
    return 0;
}

/* Reads the admin URL from the file BZ_TEST_PG_URL_FILE names: 1 when it
 * did, 0 when there is none to read (message on stderr). */
static int read_pg_admin_url(void)
{
    const char *path = getenv("BZ_TEST_PG_URL_FILE");
    FILE *file;
    int ok;

    if (path == NULL || path[0] == '\0') {
        fprintf(stderr, "BZ_TEST_PG_URL_FILE is not set\n");
        return 0;
    }
    file = fopen(path, "r");
    if (file == NULL) {
        fprintf(stderr, "cannot read '%s'\n", path);
        return 0;
    }
    ok = fgets(pg_admin_url, sizeof pg_admin_url, file) != NULL;
    fclose(file);
    pg_admin_url[strcspn(pg_admin_url, "\r\n")] = '\0';
    if (!ok || pg_admin_url[0] == '\0')
        fprintf(stderr, "'%s' holds no url\n", path);
    return ok && pg_admin_url[0] != '\0';
}

int main(void)
{
    const struct CMUnitTest sqlite_tests[] = DRIVER_TESTS(sqlite_engine);
    const struct CMUnitTest pg_tests[] = DRIVER_TESTS(pg_engine);
    const struct CMUnitTest sqlite_only_tests[] = {
        DRIVER_TEST(test_sqlite_map_reads, sqlite_engine),
    };
    const struct CMUnitTest pg_only_tests[] = {
        cmocka_unit_test_setup_teardown(test_pg_open_hides_password,
                                        pg_only_setup, teardown),
        DRIVER_TEST(test_pg_reconnect, pg_engine),
        DRIVER_TEST(test_pg_conflict_retry, pg_engine),
    };
    const char *required = getenv("BZ_TEST_PG_REQUIRED");
    int failed;

    failed = cmocka_run_group_tests_name("sql driver: sqlite", sqlite_tests,
                                         NULL, NULL);
    failed += cmocka_run_group_tests_name("sql driver: sqlite only",
                                          sqlite_only_tests, NULL, NULL);
    if (read_pg_admin_url()) {
        failed += cmocka_run_group_tests_name("sql driver: postgresql",
                                              pg_tests, NULL, NULL);
        failed += cmocka_run_group_tests_name("sql driver: postgresql only",
                                              pg_only_tests, NULL, NULL);
    } else if (required != NULL && strcmp(required, "1") == 0) {
        fprintf(stderr, "BZ_TEST_PG_REQUIRED=1: postgresql tests failed\n");
        failed++;
    } else {
        fprintf(stderr, "postgresql tests skipped\n");
    }
    return failed;
}
