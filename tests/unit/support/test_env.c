/* test_env.c - an environment variable set for a while (test_env.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "support/test_env.h"

char *test_env_set(const char *name, const char *value)
{
    const char *was = getenv(name);
    char *saved = NULL;

    if (was != NULL && (saved = strdup(was)) == NULL)
        fail_msg("out of memory saving %s", name);
    assert_int_equal(setenv(name, value, 1), 0);
    return saved;
}

void test_env_restore(const char *name, char *saved)
{
    if (saved != NULL)
        setenv(name, saved, 1);
    else
        unsetenv(name);
    free(saved);
}
