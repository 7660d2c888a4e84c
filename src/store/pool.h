/* pool.h - a process's store handles, shared by its event loops.
 *
 * A handle is one database connection; a pool holds at most `size` of
 * them, opened as they are first needed, so that an admin can bound the
 * connections each bzpeer process makes (PostgreSQL's max_connections
 * divided among the servers), whatever the number of event loops. A loop
 * takes a handle for one request and gives it back when the response is
 * written; a loop that finds none free waits, for a bounded time.
 */
#ifndef BZ_STORE_POOL_H
#define BZ_STORE_POOL_H

#include "core/error.h"
#include "store/store.h"

struct bz_store_pool;

/* A pool of at most size (>= 1) handles on the store url names; one is
 * opened at once, so that a bad URL or an unreachable database fails
 * here. */
enum bz_status bz_store_pool_open(const char *url, int size,
                                  struct bz_store_pool **out,
                                  struct bz_error *err);

/* A free handle, opening one when fewer than size are open; waits up to
 * wait_ms for one to be given back. NULL with err filled: BZ_STORE when
 * none was free in time (or the open failed). The handle is the caller's
 * until bz_store_pool_release. */
struct bz_store *bz_store_pool_acquire(struct bz_store_pool *pool,
                                       int wait_ms, struct bz_error *err);

/* Gives a handle back; a transaction left open is rolled back first. */
void bz_store_pool_release(struct bz_store_pool *pool,
                           struct bz_store *store);

/* Closes every handle; all must have been given back. NULL is fine. */
void bz_store_pool_close(struct bz_store_pool *pool);

#endif
