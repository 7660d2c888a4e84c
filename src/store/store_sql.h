/* store_sql.h - the storage interface of store.h over an SQL connection.
 *
 * One store, written once in the SQL both engines accept (store_sql.c),
 * over the connection of sql.h: SQLite or PostgreSQL. A handle is used by
 * one thread at a time (store.h's rule).
 *
 * Inside a write transaction it began, a handle remembers what its imports
 * looked up (which record carries an id, a topic's parent and level, an
 * institution's country): the driver's begin() keeps every other writer
 * out, so nothing else can change them, and the handle forgets them when
 * the transaction ends or a record is rolled back.
 */
#ifndef BZ_STORE_SQL_H
#define BZ_STORE_SQL_H

#include "core/error.h"
#include "store/sql.h"
#include "store/store.h"

/* Makes a store of sql, which it then owns (closed with the store, or at
 * once on failure), and applies the migrations the database lacks, in one
 * write transaction, so that two processes opening a new database at once
 * migrate it once (works stored before migration 2 get their title keys
 * then). BZ_STORE when the database's schema is newer than this
 * program's. */
enum bz_status bz_store_sql_open(struct bz_sql *sql, struct bz_store **out,
                                 struct bz_error *err);

/* The connection beneath a store opened by bz_store_sql_open, or NULL for
 * another kind of store (null:). For the storage layer's own tools
 * (migrate.c); the store must not be in a transaction while it is used. */
struct bz_sql *bz_store_sql_connection(struct bz_store *store);

#endif
