/* store_sql_follow.c - follows of researcher records by accounts, over the
 * SQL store (store_sql_internal.h).
 *
 * Only rows live here; who may follow what is follow.c's. A follow is one
 * row keyed by (account, researcher), so that following twice, from two
 * servers at once, is still one follow.
 */
#include "store/store_sql_internal.h"

#include <stdint.h>

enum follow_stmt_id {
    FOLLOW_INSERT,
    FOLLOW_DELETE,
    FOLLOW_EXISTS,
    FOLLOW_LIST,
    FEED_ACCOUNT,
    FEED_RESEARCHER,
    DIGEST_ON,
    DIGEST_OFF,
    DIGEST_GET,
    DIGEST_DUE,
    DIGEST_CLAIM,
    FOLLOW_STMT_COUNT
};

_Static_assert(FOLLOW_STMT_COUNT <= STORE_SQL_FOLLOW_STMTS,
               "store_sql_internal.h gives too few follow slots");

/* A work of researcher column col that its owner did not hide. */
#define FEED_SHOWN(col)                                                        \
    "NOT EXISTS (SELECT 1 FROM researcher_work_flag h "                        \
    "WHERE h.researcher_id = " col " AND h.work_id = a.work_id "               \
    "AND h.hidden = 1)"

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
    /* the columns follow_read_researcher() reads */
    [FOLLOW_LIST] = {"read followed researchers",
                     "SELECT r.id, r.display_name, r.slug, r.claim_level, "
                     "EXISTS (SELECT 1 FROM researcher_id x "
                     "WHERE x.researcher_id = r.id), "
                     "(SELECT count(DISTINCT a.work_id) FROM authorship a "
                     "WHERE a.researcher_id = r.id AND " FEED_SHOWN("r.id")
                     ") FROM follow f JOIN researcher r "
                     "ON r.id = f.researcher_id WHERE f.account_id = ?1 "
                     "AND r.hidden_at IS NULL AND r.id > ?2 "
                     "ORDER BY r.id LIMIT ?3"},
    /* keyset pages from the newest: ?2 > id > ?3 */
    [FEED_ACCOUNT] = {"read feed",
                      "SELECT DISTINCT a.work_id, w.created_at "
                      "FROM follow f JOIN researcher r "
                      "ON r.id = f.researcher_id "
                      "JOIN authorship a ON a.researcher_id = f.researcher_id "
                      "JOIN work w ON w.id = a.work_id "
                      "WHERE f.account_id = ?1 AND r.hidden_at IS NULL "
                      "AND a.work_id < ?2 AND a.work_id > ?3 "
                      "AND " FEED_SHOWN("a.researcher_id")
                      " ORDER BY a.work_id DESC LIMIT ?4"},
    [FEED_RESEARCHER] = {"read researcher feed",
                         "SELECT DISTINCT a.work_id, w.created_at "
                         "FROM authorship a JOIN work w ON w.id = a.work_id "
                         "WHERE a.researcher_id = ?1 "
                         "AND a.work_id < ?2 AND a.work_id > ?3 "
                         "AND " FEED_SHOWN("a.researcher_id")
                         " ORDER BY a.work_id DESC LIMIT ?4"},
    /* the first digest covers what comes after it is turned on; turned
     * on again, it keeps its place */
    [DIGEST_ON] = {"turn digest on",
                   "UPDATE account SET digest = 1, digest_sent_at = ?2, "
                   "digest_work_id = (SELECT COALESCE(max(id), 0) FROM work) "
                   "WHERE id = ?1 AND digest = 0"},
    [DIGEST_OFF] = {"turn digest off",
                    "UPDATE account SET digest = 0 WHERE id = ?1 AND ?2 = ?2"},
    [DIGEST_GET] = {"read digest", "SELECT digest FROM account WHERE id = ?1"},
    [DIGEST_DUE] = {"read due digests",
                    "SELECT id, email, digest_sent_at, digest_work_id "
                    "FROM account WHERE digest = 1 AND email_verified = 1 "
                    "AND email IS NOT NULL AND digest_sent_at <= ?1 "
                    "AND id > ?2 ORDER BY id LIMIT ?3"},
    /* a compare-and-set on both: two senders never both make one
     * digest, even within one second (the time alone may not move) */
    [DIGEST_CLAIM] = {"claim digest",
                      "UPDATE account SET digest_sent_at = ?3, "
                      "digest_work_id = ?4 WHERE id = ?1 AND digest = 1 "
                      "AND digest_sent_at = ?2 AND digest_work_id = ?5 "
                      "RETURNING 1"},
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

/* --- who an account follows -------------------------------------------- */

/* FOLLOW_LIST's columns */
static void follow_read_researcher(struct bz_arena *arena,
                                   struct bz_sql_stmt *st, void *item,
                                   int *nomem)
{
    struct bz_researcher *r = item;

    r->id = bz_sql_column_int64(st, 0);
    r->display_name = store_sql_text(arena, st, 1, nomem);
    r->slug = store_sql_text(arena, st, 2, nomem);
    r->claim_level = (int)bz_sql_column_int64(st, 3);
    r->has_source_id = (int)bz_sql_column_int64(st, 4);
    r->work_count = (int)bz_sql_column_int64(st, 5);
    r->open_to_collaborate = 1;
}

/* limit + 1 rows asked for: *more says whether the last came back. */
static void follow_page_end(size_t rows, int limit, size_t *count, int *more)
{
    *more = rows > (size_t)limit;
    *count = *more ? (size_t)limit : rows;
}

enum bz_status store_sql_account_following(struct bz_store *store,
                                           struct bz_arena *arena,
                                           int64_t account_id, int64_t after,
                                           int limit,
                                           struct bz_researcher **out,
                                           size_t *count, int *more,
                                           struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st = follow_stmt(s, FOLLOW_LIST, err);
    enum bz_status status;
    size_t rows;
    void *items;

    *out = NULL;
    *count = 0;
    *more = 0;
    if (st == NULL)
        return BZ_STORE;
    if (limit < 0)
        limit = 0;
    bz_sql_bind_int64(st, 1, account_id);
    bz_sql_bind_int64(st, 2, after);
    bz_sql_bind_int64(st, 3, (int64_t)limit + 1);
    status = store_sql_collect(s, st, arena, sizeof(**out),
                               follow_read_researcher, &items, &rows, err);
    if (status != BZ_OK)
        return status;
    *out = items;
    follow_page_end(rows, limit, count, more);
    return BZ_OK;
}

/* --- feeds ---------------------------------------------------------------- */

struct feed_row {
    int64_t work_id;
    const char *added_at;
};

/* FEED_ACCOUNT's and FEED_RESEARCHER's columns */
static void feed_read_row(struct bz_arena *arena, struct bz_sql_stmt *st,
                          void *item, int *nomem)
{
    struct feed_row *row = item;

    row->work_id = bz_sql_column_int64(st, 0);
    row->added_at = store_sql_text(arena, st, 1, nomem);
}

/* Runs feed statement which for key (an account or a researcher), then
 * reads the works its rows name. */
static enum bz_status feed_read(struct store_sql *s, struct bz_arena *arena,
                                enum follow_stmt_id which, int64_t key,
                                int64_t before, int64_t after, int limit,
                                struct bz_feed_entry **out, size_t *count,
                                int *more, struct bz_error *err)
{
    struct bz_sql_stmt *st = follow_stmt(s, which, err);
    struct feed_row *rows;
    struct bz_work *works;
    int64_t *ids;
    enum bz_status status;
    size_t n;
    void *items;

    *out = NULL;
    *count = 0;
    *more = 0;
    if (st == NULL)
        return BZ_STORE;
    if (limit < 0)
        limit = 0;
    bz_sql_bind_int64(st, 1, key);
    bz_sql_bind_int64(st, 2, before > 0 ? before : INT64_MAX);
    bz_sql_bind_int64(st, 3, after);
    bz_sql_bind_int64(st, 4, (int64_t)limit + 1);
    status = store_sql_collect(s, st, arena, sizeof(*rows), feed_read_row,
                               &items, &n, err);
    if (status != BZ_OK)
        return status;
    rows = items;
    follow_page_end(n, limit, count, more);
    if (*count == 0)
        return BZ_OK;

    ids = bz_arena_calloc(arena, *count, sizeof(*ids));
    works = bz_arena_calloc(arena, *count, sizeof(*works));
    *out = bz_arena_calloc(arena, *count, sizeof(**out));
    if (ids == NULL || works == NULL || *out == NULL)
        return store_sql_nomem(err);
    for (size_t i = 0; i < *count; i++)
        ids[i] = rows[i].work_id;
    if ((status = store_sql_works_read(s, arena, ids, *count, works, err)))
        return status;
    for (size_t i = 0; i < *count; i++) {
        (*out)[i].work = works[i];
        (*out)[i].added_at = rows[i].added_at;
    }
    return BZ_OK;
}

enum bz_status store_sql_account_feed(struct bz_store *store,
                                      struct bz_arena *arena,
                                      int64_t account_id, int64_t before,
                                      int64_t after, int limit,
                                      struct bz_feed_entry **out,
                                      size_t *count, int *more,
                                      struct bz_error *err)
{
    return feed_read(store_sql_of(store), arena, FEED_ACCOUNT, account_id,
                     before, after, limit, out, count, more, err);
}

enum bz_status store_sql_researcher_feed(struct bz_store *store,
                                         struct bz_arena *arena, int64_t id,
                                         int64_t before, int64_t after,
                                         int limit,
                                         struct bz_feed_entry **out,
                                         size_t *count, int *more,
                                         struct bz_error *err)
{
    return feed_read(store_sql_of(store), arena, FEED_RESEARCHER, id, before,
                     after, limit, out, count, more, err);
}

/* --- digests -------------------------------------------------------------- */

enum bz_status store_sql_digest_set(struct bz_store *store,
                                    int64_t account_id, int on, int64_t now,
                                    struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st = follow_stmt(s, on ? DIGEST_ON : DIGEST_OFF, err);

    if (st == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, account_id);
    bz_sql_bind_int64(st, 2, now);
    return store_sql_exec(s, st, err);
}

enum bz_status store_sql_digest_get(struct bz_store *store,
                                    int64_t account_id, int *on,
                                    struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st = follow_stmt(s, DIGEST_GET, err);
    int64_t value = 0;
    enum bz_status status;

    *on = 0;
    if (st == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, account_id);
    status = store_sql_int64(s, st, &value, err);
    *on = value != 0;
    return status;
}

/* DIGEST_DUE's columns */
static void digest_read_account(struct bz_arena *arena,
                                struct bz_sql_stmt *st, void *item,
                                int *nomem)
{
    struct bz_digest_account *a = item;

    a->account_id = bz_sql_column_int64(st, 0);
    a->email = store_sql_text(arena, st, 1, nomem);
    a->sent_at = bz_sql_column_int64(st, 2);
    a->work_id = bz_sql_column_int64(st, 3);
}

enum bz_status store_sql_digest_due(struct bz_store *store,
                                    struct bz_arena *arena, int64_t due,
                                    int64_t after, int limit,
                                    struct bz_digest_account **out,
                                    size_t *count, struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st = follow_stmt(s, DIGEST_DUE, err);
    enum bz_status status;
    void *items;

    bz_sql_bind_int64(st, 1, due);
    bz_sql_bind_int64(st, 2, after);
    bz_sql_bind_int64(st, 3, limit < 0 ? 0 : limit);
    status = store_sql_collect(s, st, arena, sizeof(**out),
                               digest_read_account, &items, count, err);
    *out = items;
    return status;
}

enum bz_status store_sql_digest_claim(struct bz_store *store,
                                      const struct bz_digest_account *a,
                                      int64_t now, int64_t work_id,
                                      int *claimed, struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st = follow_stmt(s, DIGEST_CLAIM, err);
    int64_t done = 0;
    enum bz_status status;

    *claimed = 0;
    if (st == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, a->account_id);
    bz_sql_bind_int64(st, 2, a->sent_at);
    bz_sql_bind_int64(st, 3, now);
    bz_sql_bind_int64(st, 4, work_id);
    bz_sql_bind_int64(st, 5, a->work_id);
    status = store_sql_int64(s, st, &done, err);
    *claimed = done != 0;
    return status;
}
