/* secret.c - reading, making and writing the server's key. */
#include "auth/secret.h"

#include <string.h>
#include <sodium.h>

#include "auth/auth.h"

_Static_assert(BZ_SECRET_BYTES == crypto_auth_KEYBYTES,
               "the secret is an HMAC-SHA512-256 key");
_Static_assert(BZ_SECRET_MAC_BYTES == crypto_auth_BYTES,
               "a MAC is an HMAC-SHA512-256");

enum bz_status bz_secret_parse(const char *hex, size_t len,
                               struct bz_secret *out, struct bz_error *err)
{
    size_t decoded = 0;
    const char *end = NULL;
    enum bz_status rc;

    sodium_memzero(out->bytes, sizeof(out->bytes));
    rc = bz_auth_init(err);
    if (rc != BZ_OK)
        return rc;
    if (len != BZ_SECRET_HEX_LENGTH)
        return bz_error_set(err, BZ_INVALID, "secret must be %d hexadecimal "
                            "characters, not %zu", BZ_SECRET_HEX_LENGTH, len);
    if (sodium_hex2bin(out->bytes, sizeof(out->bytes), hex, len, NULL,
                       &decoded, &end) != 0 ||
        decoded != BZ_SECRET_BYTES || end != hex + len) {
        sodium_memzero(out->bytes, sizeof(out->bytes));
        return bz_error_set(err, BZ_INVALID, "secret must be %d hexadecimal "
                            "characters: it has others",
                            BZ_SECRET_HEX_LENGTH);
    }
    return BZ_OK;
}

enum bz_status bz_secret_new(struct bz_secret *out, struct bz_error *err)
{
    enum bz_status rc = bz_auth_init(err);

    if (rc != BZ_OK)
        return rc;
    randombytes_buf(out->bytes, sizeof(out->bytes));
    return BZ_OK;
}

void bz_secret_format(const struct bz_secret *secret,
                      char out[BZ_SECRET_HEX_SIZE])
{
    sodium_bin2hex(out, BZ_SECRET_HEX_SIZE, secret->bytes,
                   sizeof(secret->bytes));
}

void bz_secret_mac(const struct bz_secret *secret, const char *label,
                   const void *data, size_t len,
                   unsigned char out[BZ_SECRET_MAC_BYTES])
{
    crypto_auth_hmacsha512256_state state;

    crypto_auth_hmacsha512256_init(&state, secret->bytes,
                                   sizeof(secret->bytes));
    crypto_auth_hmacsha512256_update(&state, (const unsigned char *)label,
                                     strlen(label));
    crypto_auth_hmacsha512256_update(&state, (const unsigned char *)"\n", 1);
    crypto_auth_hmacsha512256_update(&state, data, len);
    crypto_auth_hmacsha512256_final(&state, out);
    sodium_memzero(&state, sizeof(state));
}

void bz_secret_release(struct bz_secret *secret)
{
    sodium_memzero(secret->bytes, sizeof(secret->bytes));
}
