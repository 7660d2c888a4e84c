/* sql.c - opening the SQL connection a database URL names. */
#include "store/sql.h"

#include <stdio.h>
#include <string.h>

/* Length of the URL scheme that opens url ("postgresql" in
 * "postgresql://..."), or 0 when url does not start with NAME "://". */
static size_t sql_url_scheme(const char *url)
{
    size_t n = 0;

    while ((url[n] >= 'a' && url[n] <= 'z') ||
           (url[n] >= 'A' && url[n] <= 'Z') ||
           (n > 0 && ((url[n] >= '0' && url[n] <= '9') || url[n] == '+' ||
                      url[n] == '-' || url[n] == '.')))
        n++;
    if (n == 0 || strncmp(url + n, "://", 3) != 0)
        return 0;
    return n;
}

enum bz_status bz_sql_open(const char *url, struct bz_sql **out,
                           struct bz_error *err)
{
    const char *path = url;

    *out = NULL;
    if (url == NULL || url[0] == '\0')
        return bz_error_set(err, BZ_INVALID, "empty database url");

    if (strncmp(url, "postgresql://", 13) == 0 ||
        strncmp(url, "postgres://", 11) == 0)
        return bz_sql_pg_open(url, out, err);
    if (strncmp(url, "sqlite://", 9) == 0)
        path = url + 9;
    else if (strncmp(url, "sqlite:", 7) == 0)
        path = url + 7;
    else if (sql_url_scheme(url) > 0)
        return bz_error_set(err, BZ_INVALID, "unsupported database url '%s'",
                            url);

    if (path[0] == '\0')
        return bz_error_set(err, BZ_INVALID, "database url '%s' names no file",
                            url);
    return bz_sql_sqlite_open(path, out, err);
}

/* Copies url into buf with what a password would be replaced by "***":
 * the password of a "scheme://user:password@host" URL, and the value of a
 * "password=" parameter in its query or in a libpq "key=value ..."
 * string. */
const char *bz_store_url_redacted(const char *url, char *buf, size_t size)
{
    const char *scheme_end = strstr(url, "://");
    size_t n = 0;

    if (size == 0)
        return "";
    for (const char *p = url; *p != '\0' && n + 1 < size;) {
        const char *at, *colon;

        if (scheme_end != NULL && p == scheme_end + 3 &&
            (at = strchr(p, '@')) != NULL &&
            (colon = memchr(p, ':', (size_t)(at - p))) != NULL &&
            strcspn(p, "/?") > (size_t)(at - p)) {
            size_t user = (size_t)(colon - p) + 1;

            n += (size_t)snprintf(buf + n, size - n, "%.*s***@",
                                  (int)user, p);
            p = at + 1;
            continue;
        }
        if ((p == url || p[-1] == '?' || p[-1] == '&' || p[-1] == ' ') &&
            strncmp(p, "password", 8) == 0 &&
            p[8 + strspn(p + 8, " ")] == '=') {
            n += (size_t)snprintf(buf + n, size - n, "password=***");
            p += 8 + strspn(p + 8, " ") + 1;
            p += strspn(p, " ");
            if (*p == '\'' || *p == '"') { /* a quoted value */
                const char *end = strchr(p + 1, *p);

                p = end ? end + 1 : p + strlen(p);
            } else {
                p += strcspn(p, "& ");
            }
            continue;
        }
        buf[n++] = *p++;
    }
    if (n >= size)
        n = size - 1;
    buf[n] = '\0';
    return buf;
}
