/* secret.h - the server's 32-byte key, which signs email links and CSRF
 * tokens.
 *
 * The configuration holds it as `secret`, 64 hexadecimal characters;
 * bz_secret_new() makes a fresh one and bz_secret_format() writes it out
 * for that file. Anyone who knows it can forge links and CSRF tokens, so
 * it is never logged; changing it invalidates every link in flight.
 */
#ifndef BZ_SECRET_H
#define BZ_SECRET_H

#include <stddef.h>

#include "core/error.h"

#define BZ_SECRET_BYTES 32
#define BZ_SECRET_HEX_LENGTH (2 * BZ_SECRET_BYTES)
#define BZ_SECRET_HEX_SIZE (BZ_SECRET_HEX_LENGTH + 1)
#define BZ_SECRET_MAC_BYTES 32

struct bz_secret {
    unsigned char bytes[BZ_SECRET_BYTES];
};

/* Reads exactly 64 hexadecimal characters (either case) at hex, len bytes
 * long, into out. BZ_INVALID when the length or a character is wrong;
 * the message never quotes the input. out is zeroed on failure. */
enum bz_status bz_secret_parse(const char *hex, size_t len,
                               struct bz_secret *out, struct bz_error *err);

/* Fills out with 32 random bytes. BZ_IO only when libsodium cannot start
 * (see bz_auth_init). */
enum bz_status bz_secret_new(struct bz_secret *out, struct bz_error *err);

/* Writes the key as 64 lower-case hex characters and a NUL into out. */
void bz_secret_format(const struct bz_secret *secret,
                      char out[BZ_SECRET_HEX_SIZE]);

/* Writes into out the HMAC-SHA512-256, under secret, of label, a newline
 * and the len bytes at data. The label names the use ("csrf", "sign"), so
 * that a MAC made for one use never passes for another; it must not hold
 * a newline. */
void bz_secret_mac(const struct bz_secret *secret, const char *label,
                   const void *data, size_t len,
                   unsigned char out[BZ_SECRET_MAC_BYTES]);

/* Wipes the key from memory (in a way the compiler keeps). */
void bz_secret_release(struct bz_secret *secret);

#endif
