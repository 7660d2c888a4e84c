/* migrate.h - copying a whole database into another, of either engine.
 *
 * `bzpeer migrate` moves an instance from SQLite to PostgreSQL (or back,
 * for a small one): every table of the schema is copied, rows and ids
 * unchanged, into an empty database, and the copy is then read back and
 * compared with the source table by table before it is committed.
 */
#ifndef BZ_MIGRATE_H
#define BZ_MIGRATE_H

#include <stdio.h>

#include "core/error.h"

/* Copies every table the migrations create (schema_migrations aside:
 * each side's own migrations fill it) from the database from_url names
 * to the one to_url names; both are URLs as bz_store_open takes them.
 *
 * Both are opened with bz_store_open, which brings each to this program's
 * schema. The source must exist. The target must be empty: when any of
 * its tables holds a row, or the two schema versions differ, nothing is
 * written and BZ_CONFLICT names the table. The source's write lock is
 * held from start to end, so that the copy is of one moment; the copy is
 * one write transaction on the target, committed only once every table
 * has the same row count and the same checksum (64-bit FNV-1a over the
 * rows in key order) on both sides. Rows are read in batches: memory does
 * not grow with the size of a table.
 *
 * When report is not NULL, one line per table (name, rows, checksum) and
 * a final line go to it. On failure err says why ("migrate: ..."), the
 * target is left as it was and the status is BZ_CONFLICT (not empty,
 * another schema), BZ_NOT_FOUND (no source), BZ_INVALID (a bad URL, a
 * store that is not SQL), BZ_STORE (a database failed, or the copy
 * differs from its source) or BZ_NOMEM. URLs in messages and the report
 * show no password. */
enum bz_status bz_migrate(const char *from_url, const char *to_url,
                          FILE *report, struct bz_error *err);

#endif
