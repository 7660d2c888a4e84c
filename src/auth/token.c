/* token.c - drawing tokens, checking their form, hashing and comparing. */
#include "auth/token.h"

#include <string.h>
#include <sodium.h>

#include "auth/auth.h"

#define TOKEN_VARIANT sodium_base64_VARIANT_URLSAFE_NO_PADDING

_Static_assert(BZ_TOKEN_SIZE ==
                   sodium_base64_ENCODED_LEN(BZ_TOKEN_BYTES, TOKEN_VARIANT),
               "43 characters and a NUL hold 32 bytes in base64url");
_Static_assert(sizeof(BZ_TOKEN_API_PREFIX) - 1 == BZ_TOKEN_API_PREFIX_LENGTH,
               "the prefix length matches the prefix");

enum bz_status bz_token_new(char out[BZ_TOKEN_SIZE], struct bz_error *err)
{
    unsigned char bytes[BZ_TOKEN_BYTES];
    enum bz_status rc = bz_auth_init(err);

    if (rc != BZ_OK)
        return rc;
    randombytes_buf(bytes, sizeof(bytes));
    sodium_bin2base64(out, BZ_TOKEN_SIZE, bytes, sizeof(bytes),
                      TOKEN_VARIANT);
    sodium_memzero(bytes, sizeof(bytes));
    return BZ_OK;
}

enum bz_status bz_token_api_new(char out[BZ_TOKEN_API_SIZE],
                                struct bz_error *err)
{
    memcpy(out, BZ_TOKEN_API_PREFIX, BZ_TOKEN_API_PREFIX_LENGTH);
    return bz_token_new(out + BZ_TOKEN_API_PREFIX_LENGTH, err);
}

enum bz_status bz_token_check(const char *s, size_t len,
                              struct bz_error *err)
{
    unsigned char bytes[BZ_TOKEN_BYTES];
    size_t decoded = 0;
    const char *end = NULL;
    enum bz_status rc = bz_auth_init(err);

    if (rc != BZ_OK)
        return rc;
    if (len != BZ_TOKEN_LENGTH)
        return bz_error_set(err, BZ_INVALID, "malformed token: %zu "
                            "characters, not %d", len, BZ_TOKEN_LENGTH);
    /* The decoder refuses a last character whose unused bits are set, so
     * each 32 bytes have exactly one spelling. */
    if (sodium_base642bin(bytes, sizeof(bytes), s, len, NULL, &decoded, &end,
                          TOKEN_VARIANT) != 0 ||
        decoded != BZ_TOKEN_BYTES || end != s + len) {
        sodium_memzero(bytes, sizeof(bytes));
        return bz_error_set(err, BZ_INVALID, "malformed token: not "
                            "base64url");
    }
    sodium_memzero(bytes, sizeof(bytes));
    return BZ_OK;
}

enum bz_status bz_token_api_check(const char *s, size_t len,
                                  struct bz_error *err)
{
    if (len < BZ_TOKEN_API_PREFIX_LENGTH ||
        memcmp(s, BZ_TOKEN_API_PREFIX, BZ_TOKEN_API_PREFIX_LENGTH) != 0)
        return bz_error_set(err, BZ_INVALID, "malformed API token: it must "
                            "start with '" BZ_TOKEN_API_PREFIX "'");
    if (bz_token_check(s + BZ_TOKEN_API_PREFIX_LENGTH,
                       len - BZ_TOKEN_API_PREFIX_LENGTH, NULL) != BZ_OK)
        return bz_error_set(err, BZ_INVALID, "malformed API token: '"
                            BZ_TOKEN_API_PREFIX "' and %d base64url "
                            "characters expected", BZ_TOKEN_LENGTH);
    return BZ_OK;
}

enum bz_status bz_token_hash(const char *token, size_t len,
                             char out[BZ_TOKEN_HASH_SIZE],
                             struct bz_error *err)
{
    unsigned char digest[BZ_TOKEN_HASH_LENGTH / 2];
    enum bz_status rc = bz_auth_init(err);

    if (rc != BZ_OK)
        return rc;
    crypto_generichash(digest, sizeof(digest), (const unsigned char *)token,
                       len, NULL, 0);
    sodium_bin2hex(out, BZ_TOKEN_HASH_SIZE, digest, sizeof(digest));
    return BZ_OK;
}

int bz_token_equal(const char *a, size_t alen, const char *b, size_t blen)
{
    if (alen != blen)
        return 0;
    if (alen == 0)
        return 1;
    return sodium_memcmp(a, b, alen) == 0;
}
