/* store.c - opening a store by its URL and closing it, and ending a
 * transaction, whatever backend. */
#include "store/store.h"

#include <string.h>

#include "store/sql.h"
#include "store/store_null.h"
#include "store/store_sql.h"

enum bz_status bz_store_open(const char *url, struct bz_store **out,
                             struct bz_error *err)
{
    struct bz_sql *sql;
    enum bz_status status;

    *out = NULL;
    if (url != NULL && strcmp(url, "null:") == 0)
        return bz_store_null_open(out, err);
    status = bz_sql_open(url, &sql, err);
    if (status != BZ_OK)
        return status;
    return bz_store_sql_open(sql, out, err);
}

void bz_store_map_reads(int64_t bytes)
{
    bz_sql_sqlite_map_reads(bytes);
}

void bz_store_close(struct bz_store *store)
{
    if (store != NULL)
        store->ops->close(store);
}

enum bz_status bz_store_finish(struct bz_store *store, enum bz_status status,
                               struct bz_error *err)
{
    struct bz_error ignored = {0};

    if (status == BZ_OK)
        status = store->ops->commit(store, err);
    if (status != BZ_OK)
        store->ops->rollback(store, &ignored);
    return status;
}
