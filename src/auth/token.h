/* token.h - random tokens for sessions and scripts, and their stored hash.
 *
 * A token is 32 random bytes written as base64url without padding: 43
 * characters of A-Z a-z 0-9 - _. The server keeps only its hash (BLAKE2b
 * of 32 bytes, as 64 hex characters), so a copy of the database yields no
 * usable session or API token; a token is looked up by its hash. Tokens
 * carry 256 bits of chance, so an unkeyed hash is enough.
 *
 * An API token, given to scripts as a bearer token, is "bzp_" and a token
 * (47 characters), so that one pasted somewhere it should not be is easy
 * to recognise and to scan for. Its hash is that of all 47 characters.
 */
#ifndef BZ_TOKEN_H
#define BZ_TOKEN_H

#include <stddef.h>

#include "core/error.h"

#define BZ_TOKEN_BYTES 32
#define BZ_TOKEN_LENGTH 43
#define BZ_TOKEN_SIZE (BZ_TOKEN_LENGTH + 1)
#define BZ_TOKEN_HASH_LENGTH 64
#define BZ_TOKEN_HASH_SIZE (BZ_TOKEN_HASH_LENGTH + 1)

#define BZ_TOKEN_API_PREFIX "bzp_"
#define BZ_TOKEN_API_PREFIX_LENGTH 4
#define BZ_TOKEN_API_LENGTH (BZ_TOKEN_API_PREFIX_LENGTH + BZ_TOKEN_LENGTH)
#define BZ_TOKEN_API_SIZE (BZ_TOKEN_API_LENGTH + 1)

/* Writes a new random token and a NUL into out. BZ_IO only when libsodium
 * cannot start (see bz_auth_init). */
enum bz_status bz_token_new(char out[BZ_TOKEN_SIZE], struct bz_error *err);

/* As bz_token_new, with the "bzp_" prefix. */
enum bz_status bz_token_api_new(char out[BZ_TOKEN_API_SIZE],
                                struct bz_error *err);

/* BZ_OK when the len bytes at s are a token as bz_token_new writes them:
 * exactly 43 base64url characters that decode to 32 bytes (the last
 * character's unused bits zero). Else BZ_INVALID; the message never quotes
 * the input. Checking before hashing keeps junk away from the database. */
enum bz_status bz_token_check(const char *s, size_t len,
                              struct bz_error *err);

/* As bz_token_check for an API token: "bzp_" and a token, nothing else
 * (no other prefix, no space, no case change). */
enum bz_status bz_token_api_check(const char *s, size_t len,
                                  struct bz_error *err);

/* Writes the stored form of the len bytes at token, 64 lower-case hex
 * characters and a NUL, into out. The same input always gives the same
 * hash. Returns BZ_IO only when libsodium cannot start. */
enum bz_status bz_token_hash(const char *token, size_t len,
                             char out[BZ_TOKEN_HASH_SIZE],
                             struct bz_error *err);

/* 1 when the alen bytes at a equal the blen bytes at b, else 0. When the
 * lengths are equal the time taken does not depend on where they differ;
 * the lengths themselves are not treated as secret. */
int bz_token_equal(const char *a, size_t alen, const char *b, size_t blen);

#endif
