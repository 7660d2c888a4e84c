/* sql.h - one SQL connection, whatever the engine beneath the store.
 *
 * The store (store_sql.c) is written once, in the SQL that SQLite and
 * PostgreSQL both accept, over this interface; a driver per engine fills
 * it: sql_sqlite.c (the embedded default) and sql_pg.c (libpq). A driver
 * knows how to reach its engine, run a statement, serialise writers and
 * tell that the data changed; it knows nothing of researchers or works.
 *
 * Statement text: parameters are written ?1 ... ?N (a number may appear
 * more than once); the PostgreSQL driver rewrites them as $1 ... $N.
 * Integers are 64-bit. A boolean column (EXISTS, a comparison) reads as 1
 * or 0 through column_int64 on both engines.
 *
 * A connection and its statements are used by one thread at a time.
 */
#ifndef BZ_SQL_H
#define BZ_SQL_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

enum bz_sql_dialect {
    BZ_SQL_SQLITE,
    BZ_SQL_POSTGRESQL,
};

struct bz_sql_driver;

/* A connection, and a prepared statement of one connection. A driver's
 * own structs begin with these (its connection with a struct bz_sql, its
 * statement with a struct bz_sql_stmt), so that the wrappers at the end of
 * this file reach the driver from either. */
struct bz_sql {
    const struct bz_sql_driver *driver;
};

struct bz_sql_stmt {
    const struct bz_sql_driver *driver;
};

/* What step() answers. */
enum bz_sql_step {
    BZ_SQL_FAILED = -1, /* err says why */
    BZ_SQL_DONE = 0,    /* no (more) rows */
    BZ_SQL_ROW = 1,     /* a row is ready for the column readers */
};

struct bz_sql_driver {
    const char *name; /* "sqlite", "postgresql": the start of messages */
    enum bz_sql_dialect dialect;

    /* The schema in this engine's words: migration N (from 1) is
     * migrations[N - 1], one or more statements. Both engines have the
     * same migrations with the same numbers. (The count is pointed at so
     * that a driver's table can be a static initialiser.) */
    const char *const *migrations;
    const size_t *migration_count;

    /* Rolls back a transaction left open, finalises nothing (the caller
     * finalised its statements first) and frees. */
    void (*close)(struct bz_sql *sql);

    /* Prepares text; what names it in messages ("insert work"). NULL with
     * err filled (BZ_STORE, BZ_NOMEM) when the engine refuses it. */
    struct bz_sql_stmt *(*prepare)(struct bz_sql *sql, const char *what,
                                   const char *text, struct bz_error *err);
    void (*finalize)(struct bz_sql_stmt *st); /* NULL is fine */

    /* Bindings, col from 1. A text is not copied: it must stay valid
     * until reset(); a NULL text is SQL NULL of type text, where bind_null
     * leaves the type to the engine. None fails but for a wrong col, a
     * bug. */
    void (*bind_null)(struct bz_sql_stmt *st, int col);
    void (*bind_int64)(struct bz_sql_stmt *st, int col, int64_t value);
    void (*bind_double)(struct bz_sql_stmt *st, int col, double value);
    void (*bind_text)(struct bz_sql_stmt *st, int col, const char *text);

    /* Runs the statement with its bindings (on the first call after a
     * reset) and moves to its next row. Inside a transaction, a driver
     * may send a statement that returns no rows without waiting for it
     * (PostgreSQL's pipeline): its failure is then reported by the next
     * step() that must wait (a statement returning rows, or RELEASE of a
     * savepoint), or by commit(), with its own what in the message. */
    enum bz_sql_step (*step)(struct bz_sql_stmt *st, struct bz_error *err);
    /* 1 when step() may report a failure late, as above: the store then
     * keeps a savepoint per record even in a group (store.h), so that a
     * failure is still found in the record that caused it. */
    int reports_late;

    /* The current row's columns, col from 0. column_text is NULL for SQL
     * NULL; it stays valid until the next step() or reset(). */
    int (*column_null)(struct bz_sql_stmt *st, int col);
    int64_t (*column_int64)(struct bz_sql_stmt *st, int col);
    double (*column_double)(struct bz_sql_stmt *st, int col);
    const char *(*column_text)(struct bz_sql_stmt *st, int col,
                               size_t *len); /* len may be NULL */

    /* Rows the last run of st inserted, updated or deleted; still valid
     * after reset(), until the next run. */
    long (*changes)(struct bz_sql_stmt *st);

    /* The key of the row the last run of st inserted, or NULL: the engine
     * tells it only through RETURNING (store_sql.c's STORE_SQL_INSERT_ID
     * chooses). SQLite's rowid is read so, without RETURNING: a statement
     * with RETURNING takes a statement journal, whose release walks the
     * whole in-memory sub-journal of an open savepoint. */
    int64_t (*inserted_id)(struct bz_sql_stmt *st);

    /* Ends a run of st and drops its bindings. */
    void (*reset)(struct bz_sql_stmt *st);

    /* Runs a script of statements without parameters (a migration). */
    enum bz_status (*exec)(struct bz_sql *sql, const char *what,
                           const char *script, struct bz_error *err);

    /* A write transaction. While it is open no other writer, in any
     * process, writes: what it read stays true until it ends (the store's
     * lookup cache relies on it). rollback() with none open is fine. */
    enum bz_status (*begin)(struct bz_sql *sql, struct bz_error *err);
    enum bz_status (*commit)(struct bz_sql *sql, struct bz_error *err);
    enum bz_status (*rollback)(struct bz_sql *sql, struct bz_error *err);
    int (*in_transaction)(struct bz_sql *sql);

    /* A number that changes whenever any connection, in any process,
     * commits a change; equal numbers mean unchanged data. */
    enum bz_status (*generation)(struct bz_sql *sql, uint64_t *out,
                                 struct bz_error *err);

    /* Bulk rows, where the engine has a faster way than one INSERT each
     * (PostgreSQL's COPY); NULL where it has not (SQLite, whose INSERTs
     * are calls, not round trips). Runs command ("COPY t FROM STDIN")
     * with len bytes of data in COPY's text format: a row a line, tab
     * between columns, \\, \t, \n and \r escaped. */
    enum bz_status (*copy_in)(struct bz_sql *sql, const char *what,
                              const char *command, const char *data,
                              size_t len, struct bz_error *err);
};

/* The driver's functions, called through the connection or statement. */
static inline void bz_sql_close(struct bz_sql *sql)
{
    if (sql != NULL)
        sql->driver->close(sql);
}

static inline struct bz_sql_stmt *bz_sql_prepare(struct bz_sql *sql,
                                                 const char *what,
                                                 const char *text,
                                                 struct bz_error *err)
{
    return sql->driver->prepare(sql, what, text, err);
}

static inline void bz_sql_finalize(struct bz_sql_stmt *st)
{
    if (st != NULL)
        st->driver->finalize(st);
}

/* Binding a statement that could not be prepared (NULL) does nothing:
 * the caller may bind and leave the failure to what runs it, as
 * store_sql_collect does. */
static inline void bz_sql_bind_null(struct bz_sql_stmt *st, int col)
{
    if (st != NULL)
        st->driver->bind_null(st, col);
}

static inline void bz_sql_bind_int64(struct bz_sql_stmt *st, int col,
                                     int64_t value)
{
    if (st != NULL)
        st->driver->bind_int64(st, col, value);
}

static inline void bz_sql_bind_double(struct bz_sql_stmt *st, int col,
                                      double value)
{
    if (st != NULL)
        st->driver->bind_double(st, col, value);
}

/* NULL binds SQL NULL, of type text: where PostgreSQL cannot tell a
 * parameter's type from the statement (?2 IS NOT NULL), a bare NULL would
 * leave it unknown for the statement's life. */
static inline void bz_sql_bind_text(struct bz_sql_stmt *st, int col,
                                    const char *text)
{
    if (st != NULL)
        st->driver->bind_text(st, col, text);
}

static inline enum bz_sql_step bz_sql_step(struct bz_sql_stmt *st,
                                           struct bz_error *err)
{
    return st->driver->step(st, err);
}

static inline int bz_sql_column_null(struct bz_sql_stmt *st, int col)
{
    return st->driver->column_null(st, col);
}

static inline int64_t bz_sql_column_int64(struct bz_sql_stmt *st, int col)
{
    return st->driver->column_int64(st, col);
}

static inline double bz_sql_column_double(struct bz_sql_stmt *st, int col)
{
    return st->driver->column_double(st, col);
}

static inline const char *bz_sql_column_text(struct bz_sql_stmt *st, int col,
                                             size_t *len)
{
    return st->driver->column_text(st, col, len);
}

static inline long bz_sql_changes(struct bz_sql_stmt *st)
{
    return st->driver->changes(st);
}

static inline void bz_sql_reset(struct bz_sql_stmt *st)
{
    st->driver->reset(st);
}

static inline enum bz_status bz_sql_exec(struct bz_sql *sql, const char *what,
                                         const char *script,
                                         struct bz_error *err)
{
    return sql->driver->exec(sql, what, script, err);
}

static inline enum bz_status bz_sql_begin(struct bz_sql *sql,
                                          struct bz_error *err)
{
    return sql->driver->begin(sql, err);
}

static inline enum bz_status bz_sql_commit(struct bz_sql *sql,
                                           struct bz_error *err)
{
    return sql->driver->commit(sql, err);
}

static inline enum bz_status bz_sql_rollback(struct bz_sql *sql,
                                             struct bz_error *err)
{
    return sql->driver->rollback(sql, err);
}

static inline int bz_sql_in_transaction(struct bz_sql *sql)
{
    return sql->driver->in_transaction(sql);
}

static inline enum bz_status bz_sql_generation(struct bz_sql *sql,
                                               uint64_t *out,
                                               struct bz_error *err)
{
    return sql->driver->generation(sql, out, err);
}

/* Opens the connection url names: "postgresql://..." or "postgres://..."
 * (PostgreSQL), "sqlite:PATH", "sqlite://PATH" or a plain path (SQLite).
 * BZ_INVALID for another scheme or an empty url. Applies no migration:
 * the store does (bz_store_open). sql.c. */
enum bz_status bz_sql_open(const char *url, struct bz_sql **out,
                           struct bz_error *err);

/* Opens SQLite's file at path (":memory:" for a private database): WAL,
 * a 5 s wait for locks, and the memory map bz_sql_sqlite_map_reads set.
 * sql_sqlite.c. */
enum bz_status bz_sql_sqlite_open(const char *path, struct bz_sql **out,
                                  struct bz_error *err);

/* SQLite connections opened after this call read the database file
 * through a memory map of up to bytes (SQLite caps it at its own
 * maximum, 2 GB in Debian's build); 0, the default, reads with pread.
 * sql_sqlite.c. */
void bz_sql_sqlite_map_reads(int64_t bytes);

/* Opens a PostgreSQL connection from a libpq URL ("postgresql://..."),
 * retrying for a bounded time while the server starts. sql_pg.c. */
enum bz_status bz_sql_pg_open(const char *url, struct bz_sql **out,
                              struct bz_error *err);

/* The schemas, one array per engine (schema_sqlite.c, schema_pg.c). */
extern const char *const bz_schema_sqlite[];
extern const size_t bz_schema_sqlite_count;
extern const char *const bz_schema_pg[];
extern const size_t bz_schema_pg_count;

#endif
