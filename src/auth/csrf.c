/* csrf.c - a session's CSRF token is a MAC of its stored hash. */
#include "auth/csrf.h"

#include <sodium.h>

#define CSRF_LABEL "bzpeer csrf 1"
#define CSRF_VARIANT sodium_base64_VARIANT_URLSAFE_NO_PADDING

_Static_assert(BZ_CSRF_SIZE ==
                   sodium_base64_ENCODED_LEN(BZ_SECRET_MAC_BYTES,
                                             CSRF_VARIANT),
               "43 characters and a NUL hold a MAC in base64url");

void bz_csrf_token(const struct bz_secret *secret, const char *session_hash,
                   size_t len, char out[BZ_CSRF_SIZE])
{
    unsigned char mac[BZ_SECRET_MAC_BYTES];

    bz_secret_mac(secret, CSRF_LABEL, session_hash, len, mac);
    sodium_bin2base64(out, BZ_CSRF_SIZE, mac, sizeof(mac), CSRF_VARIANT);
}

int bz_csrf_check(const struct bz_secret *secret, const char *session_hash,
                  size_t len, const char *given, size_t given_len)
{
    char expected[BZ_CSRF_SIZE];
    int same;

    if (given == NULL || given_len != BZ_CSRF_LENGTH)
        return 0;
    bz_csrf_token(secret, session_hash, len, expected);
    same = sodium_memcmp(expected, given, BZ_CSRF_LENGTH) == 0;
    sodium_memzero(expected, sizeof(expected));
    return same;
}
