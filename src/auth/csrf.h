/* csrf.h - tokens that prove a form or an API call came from a page of
 * this site, for requests that carry a session cookie.
 *
 * The token is the HMAC-SHA512-256 of the session's stored hash under the
 * server's secret, in base64url (43 characters): it stays the same for the
 * whole session, needs no storage, and is worthless for any other session
 * or once the session ends. Pages put it in a hidden field of every form
 * that changes state; scripts on the page send it in a header. Requests
 * with a bearer API token carry no cookie and need none.
 */
#ifndef BZ_CSRF_H
#define BZ_CSRF_H

#include <stddef.h>

#include "auth/secret.h"

#define BZ_CSRF_LENGTH 43
#define BZ_CSRF_SIZE (BZ_CSRF_LENGTH + 1)

/* Writes the CSRF token of the session whose stored hash (see
 * bz_token_hash) is the len bytes at session_hash, and a NUL, into out. */
void bz_csrf_token(const struct bz_secret *secret, const char *session_hash,
                   size_t len, char out[BZ_CSRF_SIZE]);

/* 1 when the given_len bytes at given are that session's token, else 0
 * (also when given is NULL or of the wrong length). Constant time in the
 * contents of given. */
int bz_csrf_check(const struct bz_secret *secret, const char *session_hash,
                  size_t len, const char *given, size_t given_len);

#endif
