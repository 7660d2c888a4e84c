/* test_store_pool.c - the pool of store handles (size, waiting, giving
 * back) and the redaction of passwords in database URLs. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "store/pool.h"
#include "store/store.h"

static void temp_db(char *path, size_t size)
{
    const char *dir = getenv("BZ_TEST_TMP");

    if (dir == NULL || dir[0] == '\0')
        dir = "/tmp";
    snprintf(path, size, "%s/test_pool_%ld_%ld.db", dir, (long)getpid(),
             (long)time(NULL));
    unlink(path);
}

static void drop_db(const char *path)
{
    char side[PATH_MAX + 8];

    unlink(path);
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
}

static long millis_since(const struct timespec *start)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return (now.tv_sec - start->tv_sec) * 1000L +
           (now.tv_nsec - start->tv_nsec) / 1000000L;
}

static void test_pool_bounds_handles(void **state)
{
    char path[PATH_MAX];
    struct bz_store_pool *pool;
    struct bz_store *a, *b, *c;
    struct bz_error err = {0};
    struct timespec start;

    (void)state;
    temp_db(path, sizeof path);
    assert_int_equal(bz_store_pool_open(path, 2, &pool, &err), BZ_OK);
    a = bz_store_pool_acquire(pool, 100, &err);
    b = bz_store_pool_acquire(pool, 100, &err);
    assert_non_null(a);
    assert_non_null(b);
    assert_ptr_not_equal(a, b);

    clock_gettime(CLOCK_MONOTONIC, &start);
    c = bz_store_pool_acquire(pool, 150, &err);
    assert_null(c);
    assert_true(millis_since(&start) >= 140);
    assert_int_equal(err.status, BZ_STORE);
    assert_string_equal(err.message,
                        "store: all 2 database connections are busy");

    bz_store_pool_release(pool, b);
    c = bz_store_pool_acquire(pool, 100, &err);
    assert_ptr_equal(c, b); /* the handle given back, not a third */
    bz_store_pool_release(pool, a);
    bz_store_pool_release(pool, c);
    bz_store_pool_close(pool);
    drop_db(path);
}

struct waiter {
    struct bz_store_pool *pool;
    struct bz_store *got;
};

static void *pool_waiter(void *arg)
{
    struct waiter *w = arg;
    struct bz_error err;

    w->got = bz_store_pool_acquire(w->pool, 5000, &err);
    return NULL;
}

static void test_pool_wakes_a_waiter(void **state)
{
    char path[PATH_MAX];
    struct bz_store_pool *pool;
    struct bz_store *only;
    struct bz_error err;
    struct waiter w = {0};
    pthread_t thread;

    (void)state;
    temp_db(path, sizeof path);
    assert_int_equal(bz_store_pool_open(path, 1, &pool, &err), BZ_OK);
    only = bz_store_pool_acquire(pool, 100, &err);
    assert_non_null(only);
    w.pool = pool;
    assert_int_equal(pthread_create(&thread, NULL, pool_waiter, &w), 0);
    usleep(50 * 1000);
    /* a transaction left open is rolled back when the handle comes back */
    assert_int_equal(only->ops->begin(only, &err), BZ_OK);
    bz_store_pool_release(pool, only);
    pthread_join(thread, NULL);
    assert_ptr_equal(w.got, only);
    assert_int_equal(w.got->ops->begin(w.got, &err), BZ_OK);
    assert_int_equal(w.got->ops->commit(w.got, &err), BZ_OK);
    bz_store_pool_release(pool, w.got);
    bz_store_pool_close(pool);
    drop_db(path);
}

static void test_pool_refuses_bad_input(void **state)
{
    struct bz_store_pool *pool = (void *)1;
    struct bz_error err;

    (void)state;
    assert_int_equal(bz_store_pool_open("sqlite:x.db", 0, &pool, &err),
                     BZ_INVALID);
    assert_null(pool);
    assert_int_equal(bz_store_pool_open("mysql://x", 2, &pool, &err),
                     BZ_INVALID);
    assert_null(pool);
    assert_string_equal(err.message, "unsupported database url 'mysql://x'");
    bz_store_pool_close(NULL);
}

static void test_url_redacted(void **state)
{
    char buf[128], tiny[12];

    (void)state;
    assert_string_equal(
        bz_store_url_redacted("postgresql://bz:s3cret@db.example/bz", buf,
                              sizeof buf),
        "postgresql://bz:***@db.example/bz");
    assert_string_equal(
        bz_store_url_redacted("postgresql://db/bz?user=bz&password=x&a=b",
                              buf, sizeof buf),
        "postgresql://db/bz?user=bz&password=***&a=b");
    assert_string_equal(bz_store_url_redacted("postgresql://bz@db/bz", buf,
                                              sizeof buf),
                        "postgresql://bz@db/bz");
    assert_string_equal(bz_store_url_redacted("host=db password=s3c user=x",
                                              buf, sizeof buf),
                        "host=db password=*** user=x");
    assert_string_equal(bz_store_url_redacted("password = 'a b' host=h", buf,
                                              sizeof buf),
                        "password=*** host=h");
    assert_string_equal(bz_store_url_redacted("var/bzpeer.db", buf,
                                              sizeof buf),
                        "var/bzpeer.db");
    /* an @ after the host part is not a password's end */
    assert_string_equal(bz_store_url_redacted("postgresql://db/x:y@z", buf,
                                              sizeof buf),
                        "postgresql://db/x:y@z");
    assert_string_equal(bz_store_url_redacted("postgresql://u:p@h", tiny,
                                              sizeof tiny),
                        "postgresql:");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pool_bounds_handles),
        cmocka_unit_test(test_pool_wakes_a_waiter),
        cmocka_unit_test(test_pool_refuses_bad_input),
        cmocka_unit_test(test_url_redacted),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
