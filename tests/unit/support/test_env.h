/* test_env.h - an environment variable set for a while in a test, then
 * put back as it was. */
#ifndef BZ_TEST_ENV_H
#define BZ_TEST_ENV_H

/* Sets name to value and returns what it was before (a copy, or NULL when
 * it was not set), for test_env_restore. Fails the running test out of
 * memory. */
char *test_env_set(const char *name, const char *value);

/* Puts name back as test_env_set found it, and frees saved. */
void test_env_restore(const char *name, char *saved);

#endif
