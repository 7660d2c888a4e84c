/* auth.c - one sodium_init() per process, whatever thread asks first. */
#include "auth/auth.h"

#include <pthread.h>
#include <sodium.h>

static pthread_once_t auth_once = PTHREAD_ONCE_INIT;
static int auth_sodium_rc = -1;

static void auth_init_once(void)
{
    /* 1 means another library already initialised it: also fine. */
    auth_sodium_rc = sodium_init() < 0 ? -1 : 0;
}

enum bz_status bz_auth_init(struct bz_error *err)
{
    pthread_once(&auth_once, auth_init_once);
    if (auth_sodium_rc != 0)
        return bz_error_set(err, BZ_IO, "libsodium failed to initialise "
                            "(no usable source of randomness?)");
    return BZ_OK;
}
