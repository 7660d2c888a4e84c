/* sql_sqlite.c - the SQLite driver of sql.h: one file, WAL, one writer.
 *
 * A connection is opened without SQLite's own mutex (sql.h's one thread at
 * a time), in WAL mode so that readers in other processes or threads do not
 * block the writer, and waits up to 5 s for a lock before failing.
 * ":memory:" opens a private database in memory (for fuzz targets and
 * tests): it keeps SQLite's "memory" journal, as it has no WAL.
 */
#include "store/sql.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#define SQL_SQLITE_BUSY_MS 5000 /* how long to wait for a lock */
#define SQL_SQLITE_SHM_HEADER 48 /* one copy of the wal-index header */
#define SQL_SQLITE_SHM_REGION 32768 /* the wal-index's region size */

struct sql_sqlite {
    struct bz_sql base;       /* first: a bz_sql * is a sql_sqlite * */
    sqlite3 *db;              /* owned */
    sqlite3_stmt *data_version; /* owned, or NULL until first used */
    uint64_t own_commits;     /* commits made through this connection */
    int shm_tried;            /* asked SQLite for its mapping once */
    const volatile unsigned char *shm; /* SQLite's own wal-index mapping */
};

struct sql_sqlite_stmt {
    struct bz_sql_stmt base; /* first */
    struct sql_sqlite *conn;
    sqlite3_stmt *st; /* owned */
    const char *what; /* static: the caller's name for it */
};

static struct sql_sqlite *sql_sqlite_of(struct bz_sql *sql)
{
    return (struct sql_sqlite *)sql;
}

static sqlite3_stmt *sql_sqlite_st(struct bz_sql_stmt *st)
{
    return ((struct sql_sqlite_stmt *)st)->st;
}

static enum bz_status sql_sqlite_fail(struct sql_sqlite *c, const char *what,
                                      struct bz_error *err)
{
    return bz_error_set(err, BZ_STORE, "sqlite: %s failed: %s", what,
                        sqlite3_errmsg(c->db));
}

/* --- statements ----------------------------------------------------------- */

static const struct bz_sql_driver sql_sqlite_driver;

/* Statements are prepared persistent: the store keeps each one for the
 * life of the connection. */
static struct bz_sql_stmt *sql_sqlite_prepare(struct bz_sql *sql,
                                              const char *what,
                                              const char *text,
                                              struct bz_error *err)
{
    struct sql_sqlite *c = sql_sqlite_of(sql);
    struct sql_sqlite_stmt *st = calloc(1, sizeof(*st));

    if (st == NULL) {
        bz_error_set(err, BZ_NOMEM, "sqlite: out of memory preparing %s",
                     what);
        return NULL;
    }
    if (sqlite3_prepare_v3(c->db, text, -1, SQLITE_PREPARE_PERSISTENT,
                           &st->st, NULL) != SQLITE_OK) {
        bz_error_set(err, BZ_STORE, "sqlite: prepare of '%s' failed: %s",
                     what, sqlite3_errmsg(c->db));
        sqlite3_finalize(st->st);
        free(st);
        return NULL;
    }
    st->base.driver = &sql_sqlite_driver;
    st->conn = c;
    st->what = what;
    return &st->base;
}

static void sql_sqlite_finalize(struct bz_sql_stmt *st)
{
    sqlite3_finalize(sql_sqlite_st(st));
    free(st);
}

/* With SQLITE_STATIC nothing is copied, so binding fails only on a wrong
 * index (a bug the tests catch) or a value past SQLite's 1 GB limit (which
 * no import's caps let through): results are not checked. */
static void sql_sqlite_bind_null(struct bz_sql_stmt *st, int col)
{
    sqlite3_bind_null(sql_sqlite_st(st), col);
}

static void sql_sqlite_bind_int64(struct bz_sql_stmt *st, int col,
                                  int64_t value)
{
    sqlite3_bind_int64(sql_sqlite_st(st), col, value);
}

static void sql_sqlite_bind_double(struct bz_sql_stmt *st, int col,
                                   double value)
{
    sqlite3_bind_double(sql_sqlite_st(st), col, value);
}

static void sql_sqlite_bind_text(struct bz_sql_stmt *st, int col,
                                 const char *text)
{
    sqlite3_bind_text(sql_sqlite_st(st), col, text, -1, SQLITE_STATIC);
}

static enum bz_sql_step sql_sqlite_step(struct bz_sql_stmt *st,
                                        struct bz_error *err)
{
    struct sql_sqlite_stmt *s = (struct sql_sqlite_stmt *)st;
    int rc = sqlite3_step(s->st);

    if (rc == SQLITE_ROW)
        return BZ_SQL_ROW;
    if (rc == SQLITE_DONE)
        return BZ_SQL_DONE;
    sql_sqlite_fail(s->conn, s->what, err);
    return BZ_SQL_FAILED;
}

static int sql_sqlite_column_null(struct bz_sql_stmt *st, int col)
{
    return sqlite3_column_type(sql_sqlite_st(st), col) == SQLITE_NULL;
}

static int64_t sql_sqlite_column_int64(struct bz_sql_stmt *st, int col)
{
    return sqlite3_column_int64(sql_sqlite_st(st), col);
}

static double sql_sqlite_column_double(struct bz_sql_stmt *st, int col)
{
    return sqlite3_column_double(sql_sqlite_st(st), col);
}

static const char *sql_sqlite_column_text(struct bz_sql_stmt *st, int col,
                                          size_t *len)
{
    sqlite3_stmt *s = sql_sqlite_st(st);
    const unsigned char *text = sqlite3_column_text(s, col);

    if (len != NULL)
        *len = text ? (size_t)sqlite3_column_bytes(s, col) : 0;
    return (const char *)text;
}

static long sql_sqlite_changes(struct bz_sql_stmt *st)
{
    return sqlite3_changes(((struct sql_sqlite_stmt *)st)->conn->db);
}

static int64_t sql_sqlite_inserted_id(struct bz_sql_stmt *st)
{
    return sqlite3_last_insert_rowid(((struct sql_sqlite_stmt *)st)->conn->db);
}

/* Resetting ends the statement's read of the database; the bindings are
 * dropped as they may point at the caller's strings. */
static void sql_sqlite_reset(struct bz_sql_stmt *st)
{
    sqlite3_reset(sql_sqlite_st(st));
    sqlite3_clear_bindings(sql_sqlite_st(st));
}

static enum bz_status sql_sqlite_exec(struct bz_sql *sql, const char *what,
                                      const char *script, struct bz_error *err)
{
    struct sql_sqlite *c = sql_sqlite_of(sql);

    if (sqlite3_exec(c->db, script, NULL, NULL, NULL) != SQLITE_OK)
        return sql_sqlite_fail(c, what, err);
    return BZ_OK;
}

/* --- transactions --------------------------------------------------------- */

/* IMMEDIATE takes the write lock at once: SQLite has one writer, and from
 * here to the end nothing else writes. */
static enum bz_status sql_sqlite_begin(struct bz_sql *sql,
                                       struct bz_error *err)
{
    return sql_sqlite_exec(sql, "begin", "BEGIN IMMEDIATE", err);
}

static enum bz_status sql_sqlite_commit(struct bz_sql *sql,
                                        struct bz_error *err)
{
    enum bz_status status = sql_sqlite_exec(sql, "commit", "COMMIT", err);

    if (status == BZ_OK)
        sql_sqlite_of(sql)->own_commits++;
    return status;
}

static int sql_sqlite_in_transaction(struct bz_sql *sql)
{
    return !sqlite3_get_autocommit(sql_sqlite_of(sql)->db);
}

/* Rolling back when no transaction is open (SQLite already ended it after
 * an I/O error, say) is not an error: there is nothing left to undo. */
static enum bz_status sql_sqlite_rollback(struct bz_sql *sql,
                                          struct bz_error *err)
{
    if (!sql_sqlite_in_transaction(sql))
        return BZ_OK;
    return sql_sqlite_exec(sql, "rollback", "ROLLBACK", err);
}

/* --- generation ----------------------------------------------------------- */

/* The slow way: data_version changes when another connection commits,
 * own_commits when this one does. */
static enum bz_status sql_sqlite_data_version(struct sql_sqlite *c,
                                              uint64_t *out,
                                              struct bz_error *err)
{
    int rc;

    if (c->data_version == NULL &&
        sqlite3_prepare_v3(c->db, "PRAGMA data_version", -1,
                           SQLITE_PREPARE_PERSISTENT, &c->data_version,
                           NULL) != SQLITE_OK)
        return sql_sqlite_fail(c, "read data version", err);
    rc = sqlite3_step(c->data_version);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(c->data_version);
        return sql_sqlite_fail(c, "read data version", err);
    }
    *out = ((uint64_t)sqlite3_column_int64(c->data_version, 0) << 32) +
           c->own_commits;
    sqlite3_reset(c->data_version);
    return BZ_OK;
}

/* The fast way, asked on every request a server answers from its cache.
 *
 * In WAL mode every commit, by any process, rewrites the wal-index header
 * at the start of the PATH-shm file (SQLite's documented file format: two
 * copies of a 48-byte header whose change counter, last frame, salts and
 * checksums move with each transaction). Reading it is what SQLite does to
 * start a read; here it costs a memory read instead of a statement.
 *
 * The header is read through SQLite's own mapping of the file, which its
 * VFS hands out (xShmMap of the main database file, region 0), never
 * through a descriptor of ours: closing any descriptor of a file drops
 * every POSIX lock the process holds on it, SQLite's included, and a
 * process whose locks are gone lets another truncate and reset the
 * wal-index under its readers. SQLite keeps the mapping while this
 * connection is open. It is asked for only after a first data_version
 * read has opened the wal-index. The two copies are compared as SQLite
 * does; a torn read, an uninitialised header or no mapping (no WAL, a
 * database in memory) falls back to data_version. */
static void sql_sqlite_shm_map(struct sql_sqlite *c)
{
    sqlite3_file *file = NULL;
    volatile void *region = NULL;

    c->shm_tried = 1;
    if (sqlite3_file_control(c->db, "main", SQLITE_FCNTL_FILE_POINTER,
                             &file) != SQLITE_OK ||
        file == NULL || file->pMethods == NULL ||
        file->pMethods->iVersion < 2 || file->pMethods->xShmMap == NULL)
        return;
    if (file->pMethods->xShmMap(file, 0, SQL_SQLITE_SHM_REGION, 0,
                                &region) == SQLITE_OK)
        c->shm = region;
}

static int sql_sqlite_shm_read(struct sql_sqlite *c, uint64_t *out)
{
    unsigned char first[SQL_SQLITE_SHM_HEADER];
    unsigned char second[SQL_SQLITE_SHM_HEADER];
    uint64_t h = 1469598103934665603ull;
    size_t i;

    if (c->shm == NULL && !c->shm_tried)
        sql_sqlite_shm_map(c);
    if (c->shm == NULL)
        return -1;
    for (i = 0; i < sizeof(first); i++)
        first[i] = c->shm[i];
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    for (i = 0; i < sizeof(second); i++)
        second[i] = c->shm[SQL_SQLITE_SHM_HEADER + i];
    if (memcmp(first, second, sizeof(first)) != 0 || first[12] == 0)
        return -1; /* a commit is writing it, or it is not initialised */
    for (i = 0; i < sizeof(first); i++)
        h = (h ^ first[i]) * 1099511628211ull; /* FNV-1a */
    *out = h;
    return 0;
}

static enum bz_status sql_sqlite_generation(struct bz_sql *sql,
                                            uint64_t *out,
                                            struct bz_error *err)
{
    struct sql_sqlite *c = sql_sqlite_of(sql);
    uint64_t slow = 0;
    enum bz_status status;

    if (c->shm && sql_sqlite_shm_read(c, out) == 0)
        return BZ_OK;
    status = sql_sqlite_data_version(c, &slow, err);
    if (status != BZ_OK)
        return status;
    if (sql_sqlite_shm_read(c, out) == 0)
        return BZ_OK;
    *out = slow;
    return BZ_OK;
}

/* --- opening -------------------------------------------------------------- */

static void sql_sqlite_close(struct bz_sql *sql)
{
    struct sql_sqlite *c = sql_sqlite_of(sql);

    sqlite3_finalize(c->data_version);
    sqlite3_close(c->db); /* rolls back a transaction left open */
    free(c);
}

/* Switching a file to WAL takes an exclusive lock, and when several
 * connections open one new file at once SQLite answers SQLITE_BUSY at once
 * rather than wait in its busy handler (waiting could deadlock). So the
 * switch is retried here, for as long as the busy timeout. */
static int sql_sqlite_set_wal(sqlite3 *db)
{
    int rc, waited = 0;

    for (;;) {
        rc = sqlite3_exec(db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
        if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) ||
            waited >= SQL_SQLITE_BUSY_MS)
            return rc;
        sqlite3_sleep(10);
        waited += 10;
    }
}

/* SQLite's process-wide set-up, once, before any connection: its memory
 * statistics are turned off, which spares every allocation a global mutex
 * (a tenth of an import's time; nothing here reads the statistics). When
 * the process initialised SQLite already, the call is refused and the
 * statistics stay: only slower. */
static void sql_sqlite_configure(void)
{
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    sqlite3_initialize();
}

static const struct bz_sql_driver sql_sqlite_driver = {
    .name = "sqlite",
    .dialect = BZ_SQL_SQLITE,
    .migrations = bz_schema_sqlite,
    .migration_count = &bz_schema_sqlite_count,
    .close = sql_sqlite_close,
    .prepare = sql_sqlite_prepare,
    .finalize = sql_sqlite_finalize,
    .bind_null = sql_sqlite_bind_null,
    .bind_int64 = sql_sqlite_bind_int64,
    .bind_double = sql_sqlite_bind_double,
    .bind_text = sql_sqlite_bind_text,
    .step = sql_sqlite_step,
    .column_null = sql_sqlite_column_null,
    .column_int64 = sql_sqlite_column_int64,
    .column_double = sql_sqlite_column_double,
    .column_text = sql_sqlite_column_text,
    .changes = sql_sqlite_changes,
    .inserted_id = sql_sqlite_inserted_id,
    .reset = sql_sqlite_reset,
    .exec = sql_sqlite_exec,
    .begin = sql_sqlite_begin,
    .commit = sql_sqlite_commit,
    .rollback = sql_sqlite_rollback,
    .in_transaction = sql_sqlite_in_transaction,
    .generation = sql_sqlite_generation,
};

static _Atomic int64_t sql_sqlite_map_bytes;

void bz_sql_sqlite_map_reads(int64_t bytes)
{
    sql_sqlite_map_bytes = bytes > 0 ? bytes : 0;
}

/* PRAGMA mmap_size, when bz_sql_sqlite_map_reads asked for a map. */
static int sql_sqlite_set_map(sqlite3 *db)
{
    char pragma[64];
    int64_t bytes = sql_sqlite_map_bytes;

    if (bytes == 0)
        return SQLITE_OK;
    snprintf(pragma, sizeof(pragma), "PRAGMA mmap_size = %lld",
             (long long)bytes);
    return sqlite3_exec(db, pragma, NULL, NULL, NULL);
}

enum bz_status bz_sql_sqlite_open(const char *path, struct bz_sql **out,
                                  struct bz_error *err)
{
    static const char pragmas[] = "PRAGMA synchronous = NORMAL;"
                                  "PRAGMA foreign_keys = ON;"
                                  "PRAGMA cache_size = -65536;"
                                  "PRAGMA temp_store = MEMORY;";
    static pthread_once_t configured = PTHREAD_ONCE_INIT;
    /* a database in memory keeps its "memory" journal: it has no WAL */
    int in_memory = strcmp(path, ":memory:") == 0;
    struct sql_sqlite *c;
    enum bz_status status;
    int rc;

    *out = NULL;
    pthread_once(&configured, sql_sqlite_configure);
    c = calloc(1, sizeof(*c));
    if (c == NULL)
        return bz_error_set(err, BZ_NOMEM,
                            "out of memory opening database '%s'", path);
    c->base.driver = &sql_sqlite_driver;

    rc = sqlite3_open_v2(
        path, &c->db,
        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        status =
            bz_error_set(err, BZ_STORE, "sqlite: open '%s' failed: %s", path,
                         c->db ? sqlite3_errmsg(c->db) : sqlite3_errstr(rc));
        goto close;
    }
    sqlite3_busy_timeout(c->db, SQL_SQLITE_BUSY_MS);
    if ((!in_memory && sql_sqlite_set_wal(c->db) != SQLITE_OK) ||
        sqlite3_exec(c->db, pragmas, NULL, NULL, NULL) != SQLITE_OK ||
        (!in_memory && sql_sqlite_set_map(c->db) != SQLITE_OK)) {
        status =
            bz_error_set(err, BZ_STORE, "sqlite: set up of '%s' failed: %s",
                         path, sqlite3_errmsg(c->db));
        goto close;
    }
    c->shm_tried = in_memory; /* no wal-index to map */
    *out = &c->base;
    return BZ_OK;

close:
    sql_sqlite_close(&c->base);
    return status;
}
