/* sign.h - signed, expiring values, for the links sent by email.
 *
 * A signed value carries a purpose ("verify-email", "reset-password"), a
 * subject (what the link is about, say "R12 alice@example.org"), an expiry
 * in unix seconds and an HMAC-SHA512-256 of all three under the server's
 * secret. It reads `purpose.expiry.subject.mac`, the subject and the MAC in
 * base64url without padding, so it goes into an address unescaped:
 *
 *     verify-email.1767225600.UjEyIGFsaWNlQGV4YW1wbGUub3Jn.<43 characters>
 *
 * The subject is readable by whoever holds the link; the signature makes
 * it impossible to change, and the purpose keeps a link made for one use
 * from being accepted for another. The server keeps no state for a link:
 * a link that must work once only needs the subject to change once used
 * (for a password reset, put a value in it that the reset changes, such
 * as a prefix of the current password hash).
 */
#ifndef BZ_SIGN_H
#define BZ_SIGN_H

#include <stddef.h>
#include <stdint.h>

#include "auth/secret.h"
#include "core/error.h"

/* A purpose is 1 to 32 characters of a-z 0-9 '-' '_'. */
#define BZ_SIGN_PURPOSE_MAX 32
/* A subject is 1 to 512 bytes with no NUL. */
#define BZ_SIGN_SUBJECT_MAX 512
#define BZ_SIGN_SUBJECT_SIZE (BZ_SIGN_SUBJECT_MAX + 1)
/* The longest signed value: purpose, 19 digits, the subject in base64url
 * and the 43-character MAC, with three dots between. */
#define BZ_SIGN_MAX_LENGTH \
    (BZ_SIGN_PURPOSE_MAX + 1 + 19 + 1 + (4 * BZ_SIGN_SUBJECT_MAX + 2) / 3 + \
     1 + 43)
#define BZ_SIGN_SIZE (BZ_SIGN_MAX_LENGTH + 1)

/* Writes the signed value of purpose, subject (a NUL-terminated string)
 * and expires_at (unix seconds, above 0) and a NUL into out. BZ_INVALID
 * when the purpose, subject or expiry breaks the limits above. */
enum bz_status bz_sign_make(const struct bz_secret *secret,
                            const char *purpose, const char *subject,
                            int64_t expires_at, char out[BZ_SIGN_SIZE],
                            struct bz_error *err);

/* Checks the len bytes at s (as taken from an address: no NUL needed)
 * against the secret and the purpose expected, at time now (unix seconds).
 * On BZ_OK writes the subject and a NUL into subject. BZ_INVALID when s is
 * malformed, longer than BZ_SIGN_MAX_LENGTH, not signed with this secret
 * (a changed byte, another key) or made for another purpose; BZ_GONE when
 * it is genuine but now is at or past its expiry. Only a genuine value
 * gets BZ_GONE, so a forger learns nothing from it. The MAC is compared in
 * constant time. subject is set to "" on failure. */
enum bz_status bz_sign_check(const struct bz_secret *secret,
                             const char *purpose, const char *s, size_t len,
                             int64_t now, char subject[BZ_SIGN_SUBJECT_SIZE],
                             struct bz_error *err);

#endif
