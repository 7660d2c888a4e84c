/* cache.h - whole responses kept per event loop, dropped on any write.
 *
 * An entry is the status, headers and body that one request target gave.
 * The cache remembers the store generation its entries were made at; the
 * server compares it with the store's on every request and empties the
 * cache when any process has committed since, so a page is never older
 * than the last write. Bounded in entries and bytes: when full, it is
 * emptied and refilled.
 *
 * A body may be sent without copying while the cache drops its entry: an
 * entry is freed when the cache and every sender have let go of it
 * (bz_cache_hold / bz_cache_drop). The cache, its entries and their
 * holders all belong to one thread, so the counts need no locks.
 *
 * What may be kept is server.c's rule, since an entry is given to anyone
 * who asks for its target: only answers to GET and HEAD, only requests
 * without credentials (neither the session cookie nor an Authorization
 * header: bz_request_is_personal), which neither read nor fill it, only
 * responses the handler marked cacheable, and never one that sets a
 * cookie. Handlers must still leave `cacheable` unset for an answer that
 * depends on who asks; the rule is the second line of defence.
 */
#ifndef BZ_CACHE_H
#define BZ_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include "http/header.h"

#define BZ_CACHE_MAX_ENTRIES 4096
#define BZ_CACHE_MAX_BYTES (64u * 1024 * 1024)
#define BZ_CACHE_MAX_BODY (1u * 1024 * 1024)

struct bz_cache_entry {
    char *key;           /* owned: the request target */
    int status;
    char *content_type;  /* owned */
    char *location;      /* owned, or NULL */
    struct bz_header *headers; /* owned, with their strings, in one block;
                                  the response's added headers */
    size_t header_count;
    char *body;          /* owned */
    size_t body_len;
    int holders;                 /* the cache, plus each sender */
    struct bz_cache_entry *next; /* in its hash bucket */
};

struct bz_cache {
    struct bz_cache_entry **buckets; /* owned */
    size_t bucket_count;
    size_t entries, bytes;
    uint64_t generation;
};

/* Returns 0, or -1 out of memory. */
int bz_cache_init(struct bz_cache *cache);
void bz_cache_release(struct bz_cache *cache);

/* Empties the cache when generation differs from the one it was filled at. */
void bz_cache_check(struct bz_cache *cache, uint64_t generation);

/* The entry for key, or NULL. It stays the cache's. */
const struct bz_cache_entry *bz_cache_get(const struct bz_cache *cache,
                                          const char *key);

/* Takes and lets go of a hold on an entry; the last drop frees it. */
void bz_cache_hold(const struct bz_cache_entry *entry);
void bz_cache_drop(const struct bz_cache_entry *entry);

/* Keeps a copy of a response (bodies over BZ_CACHE_MAX_BODY are not
 * kept), with the header_count headers it added. Failing to keep one is
 * harmless and silent. Whether it may be kept is the caller's to decide
 * (see above). */
void bz_cache_put(struct bz_cache *cache, const char *key, int status,
                  const char *content_type, const char *location,
                  const struct bz_header *headers, size_t header_count,
                  const char *body, size_t body_len);

#endif
