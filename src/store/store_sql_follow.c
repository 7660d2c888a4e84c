/* store_sql_follow.c - follows of researcher records by accounts, over the
 * SQL store (store_sql_internal.h).
 *
 * Only rows live here; who may follow what is follow.c's. A follow is one
 * row keyed by (account, researcher), so that following twice, from two
 * servers at once, is still one follow.
 */
#include "store/store_sql_internal.h"

enum follow_stmt_id {
    FOLLOW_INSERT,
    FOLLOW_DELETE,
    FOLLOW_EXISTS,
    FOLLOW_STMT_COUNT
};

_Static_assert(FOLLOW_STMT_COUNT <= STORE_SQL_FOLLOW_STMTS,
               "store_sql_internal.h gives too few follow slots");

static const struct {
    const char *name;
    const char *sql;
} follow_sql[FOLLOW_STMT_COUNT] = {
    /* a row back when it was added: a row's answer is waited for, where
     * a change count inside a transaction may not be (sql.h's pipeline) */
    [FOLLOW_INSERT] = {"insert follow",
                       "INSERT INTO follow (account_id, researcher_id) "
                       "VALUES (?1, ?2) ON CONFLICT DO NOTHING "
                       "RETURNING 1"},
    [FOLLOW_DELETE] = {"delete follow",
                       "DELETE FROM follow WHERE account_id = ?1 "
                       "AND researcher_id = ?2 RETURNING 1"},
    [FOLLOW_EXISTS] = {"find follow",
                       "SELECT EXISTS (SELECT 1 FROM follow "
                       "WHERE account_id = ?1 AND researcher_id = ?2)"},
};

static struct bz_sql_stmt *
follow_stmt(struct store_sql *s, enum follow_stmt_id id, struct bz_error *err)
{
    return store_sql_prepared(s, &s->follow_stmts[id], follow_sql[id].name,
                              follow_sql[id].sql, err);
}

void store_sql_follow_close(struct store_sql *s)
{
    for (size_t i = 0; i < FOLLOW_STMT_COUNT; i++)
        bz_sql_finalize(s->follow_stmts[i]);
}

/* Runs statement which with ?1 = account_id and ?2 = id; *value is its
 * first column (0 when no row). */
static enum bz_status follow_pair(struct store_sql *s,
                                  enum follow_stmt_id which,
                                  int64_t account_id, int64_t id,
                                  int64_t *value, struct bz_error *err)
{
    struct bz_sql_stmt *st = follow_stmt(s, which, err);

    *value = 0;
    if (st == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, account_id);
    bz_sql_bind_int64(st, 2, id);
    return store_sql_int64(s, st, value, err);
}

enum bz_status store_sql_follow_set(struct bz_store *store,
                                    int64_t account_id, int64_t id, int on,
                                    int *changed, struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    int64_t done;
    enum bz_status status;

    *changed = 0;
    status = follow_pair(s, on ? FOLLOW_INSERT : FOLLOW_DELETE, account_id,
                         id, &done, err);
    if (status == BZ_OK)
        *changed = done != 0;
    return status;
}

enum bz_status store_sql_follow_get(struct bz_store *store,
                                    int64_t account_id, int64_t id,
                                    int *following, struct bz_error *err)
{
    int64_t found;
    enum bz_status status = follow_pair(store_sql_of(store), FOLLOW_EXISTS,
                                        account_id, id, &found, err);

    *following = status == BZ_OK && found != 0;
    return status;
}
