/* store.c - opening a store by its URL and closing it, whatever backend. */
#include "store/store.h"

#include <string.h>

#include "store/store_null.h"
#include "store/store_sqlite.h"

/* Length of the URL scheme that opens url ("postgresql" in
 * "postgresql://..."), or 0 when url does not start with NAME "://". */
static size_t store_url_scheme(const char *url)
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

enum bz_status bz_store_open(const char *url, struct bz_store **out,
                             struct bz_error *err)
{
    const char *path = url;

    *out = NULL;
    if (url == NULL || url[0] == '\0')
        return bz_error_set(err, BZ_INVALID, "empty database url");

    if (strcmp(url, "null:") == 0)
        return bz_store_null_open(out, err);
    if (strncmp(url, "sqlite://", 9) == 0)
        path = url + 9;
    else if (strncmp(url, "sqlite:", 7) == 0)
        path = url + 7;
    else if (store_url_scheme(url) > 0)
        return bz_error_set(err, BZ_INVALID, "unsupported database url '%s'",
                            url);

    if (path[0] == '\0')
        return bz_error_set(err, BZ_INVALID, "database url '%s' names no file",
                            url);
    return bz_store_sqlite_open(path, out, err);
}

void bz_store_close(struct bz_store *store)
{
    if (store != NULL)
        store->ops->close(store);
}
