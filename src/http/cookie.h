/* cookie.h - reading the Cookie header and writing Set-Cookie (RFC 6265).
 *
 * Reading is lenient as RFC 6265 section 5 asks of user agents: pairs are
 * split at ';', spaces and tabs around names and values are dropped, one
 * pair of double quotes around a value is taken off, and a pair that is
 * malformed (no '=', an empty or non-token name, a byte a cookie value may
 * not hold) or too long is skipped, never an error. Writing is strict: the
 * name must be a token and the value cookie-octets, or nothing is written.
 */
#ifndef BZ_COOKIE_H
#define BZ_COOKIE_H

#include <stddef.h>

#include "core/arena.h"
#include "core/error.h"

/* The session cookie. A request that carries it never reads or fills the
 * response cache (server.c), whatever its value. */
#define BZ_SESSION_COOKIE "bz_session"

#define BZ_COOKIE_NAME_MAX 64
#define BZ_COOKIE_VALUE_MAX 4000 /* browsers keep about 4 KiB a cookie */
#define BZ_COOKIE_MAX_PAIRS 64   /* read from one header; the rest ignored */

/* max_age for bz_cookie_format: a cookie that lasts until the browser
 * closes, and one that replaces and deletes the browser's. */
#define BZ_COOKIE_SESSION (-1L)
#define BZ_COOKIE_DELETE 0L

enum bz_cookie_flags {
    BZ_COOKIE_SCRIPTS = 1u << 0, /* let scripts read it: no HttpOnly */
    BZ_COOKIE_STRICT = 1u << 1,  /* SameSite=Strict, not Lax */
};

/* 1 when one request header carries credentials: an Authorization
 * header (any value), or a Cookie header holding BZ_SESSION_COOKIE. A
 * request with such a header never uses the response cache. */
int bz_cookie_credentials(const char *header_name, const char *header_value);

/* 1 when the n bytes at name are a token (as header names are) of at most
 * BZ_COOKIE_NAME_MAX bytes; else 0. */
int bz_cookie_name_valid(const char *name, size_t n);

/* 1 when the n bytes at value are at most BZ_COOKIE_VALUE_MAX
 * cookie-octets: printable ASCII but space, '"', ',', ';' and '\\';
 * else 0. An empty value is valid. */
int bz_cookie_value_valid(const char *value, size_t n);

/* Looks for the cookie called name (compared with case, as browsers do)
 * in the n bytes of one Cookie header value. When found, returns 1 with
 * *value and *value_len set to its value inside header, quotes taken
 * off; the first pair of that name wins. Returns 0 when absent. */
int bz_cookie_find(const char *header, size_t n, const char *name,
                   const char **value, size_t *value_len);

/* A Set-Cookie value in the arena, in *out: `name=value; Path=/`, then
 * `Max-Age=N` for max_age > 0 or 0 for BZ_COOKIE_DELETE (none for
 * BZ_COOKIE_SESSION), `HttpOnly` unless flags has BZ_COOKIE_SCRIPTS,
 * `SameSite=Lax` (or Strict), and `Secure` when secure is set.
 * BZ_INVALID, with *out untouched, for a bad name or value, a max_age
 * below -1, or a __Host- or __Secure- name without secure (browsers drop
 * those); BZ_NOMEM when the arena is full. */
enum bz_status bz_cookie_format(struct bz_arena *arena, const char *name,
                                const char *value, long max_age, unsigned flags,
                                int secure, char **out, struct bz_error *err);

#endif
