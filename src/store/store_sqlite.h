/* store_sqlite.h - the SQLite backend of the storage interface (store.h).
 *
 * One handle is one sqlite3 connection, opened without SQLite's own mutex:
 * it must be used by one thread at a time (store.h's rule). The database
 * runs in WAL mode, so readers in other processes or threads do not block a
 * writer, and waits up to 5 s for a lock before failing with BZ_STORE.
 * ":memory:" opens a private database in memory (for fuzz targets and
 * tests): it keeps SQLite's "memory" journal, as it has no WAL.
 *
 * Inside a transaction it began, a handle remembers what its imports
 * looked up (which record carries an id, a topic's parent and level, an
 * institution's country): it holds the write lock, so nothing else can
 * change them, and it forgets them when the transaction ends or a record
 * is rolled back.
 */
#ifndef BZ_STORE_SQLITE_H
#define BZ_STORE_SQLITE_H

#include <stddef.h>

#include "core/error.h"
#include "store/store.h"

/* Opens (creating when missing) the SQLite database file at path and
 * applies the migrations it lacks, inside one BEGIN IMMEDIATE transaction
 * so that two processes opening a new file at once migrate it once (works
 * stored before migration 2 get their title keys then). The directory of
 * path must exist. On success *out is the caller's, closed
 * with bz_store_close(); on failure nothing is left open and err says why
 * (BZ_STORE for SQLite's errors, BZ_NOMEM). */
enum bz_status bz_store_sqlite_open(const char *path, struct bz_store **out,
                                    struct bz_error *err);

/* The schema: migration N (from 1) is bz_store_sqlite_migrations[N - 1],
 * SQL text of one or more statements. Static; never edited once shipped. */
extern const char *const bz_store_sqlite_migrations[];
extern const size_t bz_store_sqlite_migration_count;

#endif
