/* cache.c - a chained hash table of whole responses. */
#include "http/cache.h"

#include <stdlib.h>
#include <string.h>

#define CACHE_BUCKETS 8192 /* a power of two, above the entry cap */

static uint64_t cache_hash(const char *s)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */

    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

int bz_cache_init(struct bz_cache *cache)
{
    memset(cache, 0, sizeof(*cache));
    cache->buckets = calloc(CACHE_BUCKETS, sizeof(*cache->buckets));
    if (cache->buckets == NULL)
        return -1;
    cache->bucket_count = CACHE_BUCKETS;
    return 0;
}

static void cache_entry_free(struct bz_cache_entry *e)
{
    free(e->key);
    free(e->content_type);
    free(e->location);
    free(e->headers);
    free(e->body);
    free(e);
}

void bz_cache_hold(const struct bz_cache_entry *entry)
{
    ((struct bz_cache_entry *)entry)->holders++;
}

void bz_cache_drop(const struct bz_cache_entry *entry)
{
    struct bz_cache_entry *e = (struct bz_cache_entry *)entry;

    if (--e->holders == 0)
        cache_entry_free(e);
}

static void cache_clear(struct bz_cache *cache)
{
    size_t i;

    for (i = 0; i < cache->bucket_count; i++) {
        while (cache->buckets[i]) {
            struct bz_cache_entry *e = cache->buckets[i];

            cache->buckets[i] = e->next;
            bz_cache_drop(e);
        }
    }
    cache->entries = 0;
    cache->bytes = 0;
}

void bz_cache_release(struct bz_cache *cache)
{
    if (cache->buckets)
        cache_clear(cache);
    free(cache->buckets);
    cache->buckets = NULL;
}

void bz_cache_check(struct bz_cache *cache, uint64_t generation)
{
    if (cache->generation == generation)
        return;
    cache_clear(cache);
    cache->generation = generation;
}

const struct bz_cache_entry *bz_cache_get(const struct bz_cache *cache,
                                          const char *key)
{
    const struct bz_cache_entry *e;

    e = cache->buckets[cache_hash(key) & (cache->bucket_count - 1)];
    for (; e; e = e->next)
        if (strcmp(e->key, key) == 0)
            return e;
    return NULL;
}

/* One block: the array, then each name and value with its NUL. Returns
 * its size in *bytes; NULL for no headers or out of memory. */
static struct bz_header *cache_copy_headers(const struct bz_header *headers,
                                            size_t count, size_t *bytes)
{
    size_t size = count * sizeof(*headers), i, n;
    struct bz_header *copy;
    char *at;

    *bytes = 0;
    if (count == 0)
        return NULL;
    for (i = 0; i < count; i++)
        size += strlen(headers[i].name) + strlen(headers[i].value) + 2;
    copy = malloc(size);
    if (copy == NULL)
        return NULL;
    at = (char *)(copy + count);
    for (i = 0; i < count; i++) {
        n = strlen(headers[i].name) + 1;
        copy[i].name = memcpy(at, headers[i].name, n);
        at += n;
        n = strlen(headers[i].value) + 1;
        copy[i].value = memcpy(at, headers[i].value, n);
        at += n;
    }
    *bytes = size;
    return copy;
}

void bz_cache_put(struct bz_cache *cache, const char *key, int status,
                  const char *content_type, const char *location,
                  const struct bz_header *headers, size_t header_count,
                  const char *body, size_t body_len)
{
    size_t slot = cache_hash(key) & (cache->bucket_count - 1);
    size_t cost = body_len + strlen(key) + 256, header_bytes;
    struct bz_cache_entry *e;

    if (body_len > BZ_CACHE_MAX_BODY || bz_cache_get(cache, key))
        return;
    if (cache->entries >= BZ_CACHE_MAX_ENTRIES ||
        cache->bytes + cost > BZ_CACHE_MAX_BYTES)
        cache_clear(cache);
    e = calloc(1, sizeof(*e));
    if (e == NULL)
        return;
    e->key = strdup(key);
    e->content_type = strdup(content_type);
    e->location = location ? strdup(location) : NULL;
    e->headers = cache_copy_headers(headers, header_count, &header_bytes);
    e->header_count = e->headers ? header_count : 0;
    e->body = malloc(body_len + 1);
    if (!e->key || !e->content_type || (location && !e->location) ||
        (header_count && !e->headers) || !e->body) {
        cache_entry_free(e);
        return;
    }
    memcpy(e->body, body, body_len);
    e->body[body_len] = '\0';
    e->body_len = body_len;
    e->status = status;
    e->holders = 1;
    e->next = cache->buckets[slot];
    cache->buckets[slot] = e;
    cache->entries++;
    cache->bytes += cost + header_bytes;
}
