/* store_null.h - a store that keeps nothing: `--db null:` checks files. */
#ifndef BZ_STORE_NULL_H
#define BZ_STORE_NULL_H

#include "store/store.h"

/* Every import succeeds and is forgotten; every read finds nothing. For
 * `bzpeer import --db null: FILE` (read and check a file, store nothing)
 * and for the import bench's floor (parsing without storage). */
enum bz_status bz_store_null_open(struct bz_store **out, struct bz_error *err);

#endif
