/* pool.c - a bounded set of store handles behind one mutex. */
#include "store/pool.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct bz_store_pool {
    pthread_mutex_t lock;
    pthread_cond_t returned; /* a handle was given back, or a slot freed */
    char *url;               /* owned */
    int size;                /* most handles open at once */
    int open;                /* handles open, free or taken */
    int free_count;
    struct bz_store **free; /* owned: size slots, free_count used */
};

static struct bz_store *pool_take_free(struct bz_store_pool *pool)
{
    return pool->free_count > 0 ? pool->free[--pool->free_count] : NULL;
}

enum bz_status bz_store_pool_open(const char *url, int size,
                                  struct bz_store_pool **out,
                                  struct bz_error *err)
{
    struct bz_store_pool *pool;
    struct bz_store *first;
    enum bz_status status;

    *out = NULL;
    if (size < 1)
        return bz_error_set(err, BZ_INVALID, "pool size %d is below 1", size);
    pool = calloc(1, sizeof(*pool));
    if (pool == NULL || (pool->url = strdup(url)) == NULL ||
        (pool->free = calloc((size_t)size, sizeof(*pool->free))) == NULL) {
        if (pool != NULL) {
            free(pool->url);
            free(pool);
        }
        return bz_error_set(err, BZ_NOMEM, "out of memory for the pool");
    }
    pthread_mutex_init(&pool->lock, NULL);
    pthread_cond_init(&pool->returned, NULL);
    pool->size = size;

    status = bz_store_open(url, &first, err);
    if (status != BZ_OK) {
        bz_store_pool_close(pool);
        return status;
    }
    pool->open = 1;
    pool->free[pool->free_count++] = first;
    *out = pool;
    return BZ_OK;
}

/* The deadline wait_ms from now, on the clock the condition waits by. */
static struct timespec pool_deadline(int wait_ms)
{
    struct timespec at;

    clock_gettime(CLOCK_REALTIME, &at);
    at.tv_sec += wait_ms / 1000;
    at.tv_nsec += (long)(wait_ms % 1000) * 1000000L;
    if (at.tv_nsec >= 1000000000L) {
        at.tv_sec++;
        at.tv_nsec -= 1000000000L;
    }
    return at;
}

struct bz_store *bz_store_pool_acquire(struct bz_store_pool *pool,
                                       int wait_ms, struct bz_error *err)
{
    struct timespec deadline = pool_deadline(wait_ms);
    struct bz_store *store;
    int timed_out = 0;

    pthread_mutex_lock(&pool->lock);
    while ((store = pool_take_free(pool)) == NULL &&
           pool->open >= pool->size && !timed_out)
        timed_out = pthread_cond_timedwait(&pool->returned, &pool->lock,
                                           &deadline) == ETIMEDOUT;
    if (store == NULL && pool->open < pool->size) {
        /* a slot: open outside the lock, which a slow connect would hold */
        pool->open++;
        pthread_mutex_unlock(&pool->lock);
        if (bz_store_open(pool->url, &store, err) == BZ_OK)
            return store;
        pthread_mutex_lock(&pool->lock);
        pool->open--;
        pthread_cond_signal(&pool->returned);
        pthread_mutex_unlock(&pool->lock);
        return NULL;
    }
    pthread_mutex_unlock(&pool->lock);
    if (store == NULL)
        bz_error_set(err, BZ_STORE,
                     "store: all %d database connections are busy",
                     pool->size);
    return store;
}

void bz_store_pool_release(struct bz_store_pool *pool, struct bz_store *store)
{
    if (store == NULL)
        return;
    store->ops->rollback(store, NULL); /* nothing open: nothing done */
    pthread_mutex_lock(&pool->lock);
    pool->free[pool->free_count++] = store;
    pthread_cond_signal(&pool->returned);
    pthread_mutex_unlock(&pool->lock);
}

void bz_store_pool_close(struct bz_store_pool *pool)
{
    if (pool == NULL)
        return;
    while (pool->free_count > 0)
        bz_store_close(pool->free[--pool->free_count]);
    pthread_cond_destroy(&pool->returned);
    pthread_mutex_destroy(&pool->lock);
    free(pool->free);
    free(pool->url);
    free(pool);
}
