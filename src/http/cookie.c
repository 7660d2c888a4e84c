/* cookie.c - a scanner over one Cookie header, and Set-Cookie lines. */
#include "http/cookie.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "http/header.h"

int bz_cookie_name_valid(const char *name, size_t n)
{
    return n <= BZ_COOKIE_NAME_MAX && bz_header_name_valid(name, n);
}

static int cookie_octet(unsigned char c)
{
    return c > 0x20 && c < 0x7f && c != '"' && c != ',' && c != ';' &&
           c != '\\';
}

int bz_cookie_value_valid(const char *value, size_t n)
{
    size_t i;

    if (n > BZ_COOKIE_VALUE_MAX)
        return 0;
    for (i = 0; i < n; i++)
        if (!cookie_octet((unsigned char)value[i]))
            return 0;
    return 1;
}

static int cookie_space(char c)
{
    return c == ' ' || c == '\t';
}

/* Trims spaces and tabs from both ends of [*s, *s + *n). */
static void cookie_trim(const char **s, size_t *n)
{
    while (*n > 0 && cookie_space(**s)) {
        (*s)++;
        (*n)--;
    }
    while (*n > 0 && cookie_space((*s)[*n - 1]))
        (*n)--;
}

int bz_cookie_find(const char *header, size_t n, const char *name,
                   const char **value, size_t *value_len)
{
    size_t name_len = strlen(name), at = 0, pairs = 0;

    while (at < n && pairs < BZ_COOKIE_MAX_PAIRS) {
        const char *pair = header + at, *end, *eq, *v;
        size_t len, key_len, v_len;

        end = memchr(pair, ';', n - at);
        len = end ? (size_t)(end - pair) : n - at;
        at += len + 1;
        cookie_trim(&pair, &len);
        if (len == 0)
            continue; /* "a=1;; b=2" or a trailing ';' */
        pairs++;
        eq = memchr(pair, '=', len);
        if (eq == NULL)
            continue;
        key_len = (size_t)(eq - pair);
        v = eq + 1;
        v_len = len - key_len - 1;
        cookie_trim(&pair, &key_len);
        cookie_trim(&v, &v_len);
        if (v_len >= 2 && v[0] == '"' && v[v_len - 1] == '"') {
            v++;
            v_len -= 2;
        }
        if (!bz_cookie_name_valid(pair, key_len) ||
            !bz_cookie_value_valid(v, v_len))
            continue;
        if (key_len == name_len && memcmp(pair, name, name_len) == 0) {
            *value = v;
            *value_len = v_len;
            return 1;
        }
    }
    return 0;
}

int bz_cookie_credentials(const char *header_name, const char *header_value)
{
    const char *value;
    size_t len;

    if (strcasecmp(header_name, "Authorization") == 0)
        return 1;
    return strcasecmp(header_name, "Cookie") == 0 &&
           bz_cookie_find(header_value, strlen(header_value), BZ_SESSION_COOKIE,
                          &value, &len);
}

enum bz_status bz_cookie_format(struct bz_arena *arena, const char *name,
                                const char *value, long max_age, unsigned flags,
                                int secure, char **out, struct bz_error *err)
{
    char age[32] = "";
    char *line;

    if (!bz_cookie_name_valid(name, strlen(name)))
        return bz_error_set(err, BZ_INVALID, "bad cookie name");
    if (!bz_cookie_value_valid(value, strlen(value)))
        return bz_error_set(err, BZ_INVALID, "bad value for cookie '%s'", name);
    if (max_age < BZ_COOKIE_SESSION)
        return bz_error_set(err, BZ_INVALID, "negative max age for cookie '%s'",
                            name);
    if (!secure && (strncmp(name, "__Host-", 7) == 0 ||
                    strncmp(name, "__Secure-", 9) == 0))
        return bz_error_set(err, BZ_INVALID,
                            "cookie '%s' needs a site on https", name);

    if (max_age != BZ_COOKIE_SESSION)
        snprintf(age, sizeof(age), "; Max-Age=%ld", max_age);
    line = bz_arena_printf(
        arena, "%s=%s; Path=/%s%s; SameSite=%s%s", name, value, age,
        flags & BZ_COOKIE_SCRIPTS ? "" : "; HttpOnly",
        flags & BZ_COOKIE_STRICT ? "Strict" : "Lax", secure ? "; Secure" : "");
    if (line == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory for a cookie");
    *out = line;
    return BZ_OK;
}
