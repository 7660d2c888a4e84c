/* store_sql_reactions.c - what accounts say about works (reactions,
 * collections, reviews and their reports, added code and dataset links),
 * over the SQL store (store_sql_internal.h).
 *
 * Only rows live here; who may do what, and which values are good, are
 * reaction.c's. A deleted account's reactions and collections go with it;
 * its reviews, reports and links stay without it
 * (store_sql_reactions_forget_account).
 */
#include "store/store_sql_internal.h"

#include <stdio.h>
#include <string.h>

enum reaction_stmt_id {
    REACT_WORK_EXISTS,
    REACT_SIGNALS,
    REACT_SET,
    REACT_CLEAR,
    COLL_INSERT,
    COLL_NAME_TAKEN,
    COLL_OWNED,
    COLL_RENAME,
    COLL_DELETE_ITEMS,
    COLL_DELETE,
    COLL_LIST,
    COLL_GET,
    COLL_WORKS,
    ITEM_ADD,
    ITEM_REMOVE,
    REVIEW_INSERT,
    REVIEW_UPDATE,
    REVIEW_GET,
    REVIEW_LIST,
    REPORT_INSERT,
    REPORT_LIST,
    REPORT_OPEN_REVIEW,
    REPORT_EXISTS,
    REPORT_HIDE_REVIEW,
    REPORT_CLOSE_ALL,
    REPORT_DISMISS,
    REPORT_HIDDEN_REVIEW,
    REPORT_SHOW_REVIEW,
    REPORT_UNDO_HIDDEN,
    LINK_INSERT,
    LINK_LIST,
    LINK_DELETE,
    ACCOUNT_REACTIONS,
    ACCOUNT_REVIEWS,
    FORGET_REACTIONS,
    FORGET_ITEMS,
    FORGET_COLLECTIONS,
    FORGET_REVIEWS,
    FORGET_HIDER,
    FORGET_REPORTS,
    FORGET_DECIDER,
    FORGET_LINKS,
    REACTION_STMT_COUNT
};

_Static_assert(REACTION_STMT_COUNT <= STORE_SQL_REACTION_STMTS,
               "store_sql_internal.h gives too few reaction slots");

/* The columns collection_read() reads, in its order; ?2 is the work asked
 * about (0: none). */
#define COLL_COLUMNS                                                           \
    "SELECT c.id, c.account_id, c.name, c.created_at, "                        \
    "(SELECT COUNT(*) FROM collection_item i "                                 \
    "WHERE i.collection_id = c.id), "                                          \
    "(SELECT COUNT(*) FROM collection_item i "                                 \
    "WHERE i.collection_id = c.id AND i.work_id = ?2) FROM collection c "

/* The columns review_read() reads, in its order, and their tables. */
#define REVIEW_SELECT                                                          \
    "v.id, v.work_id, w.title, w.slug, COALESCE(v.account_id, 0), "            \
    "COALESCE(a.owns_researcher_id, 0), r.display_name, v.summary, "           \
    "v.soundness, v.significance, v.comments, v.created_at, v.updated_at, "    \
    "COALESCE(v.hidden_at, 0) "
#define REVIEW_FROM                                                            \
    "FROM review v JOIN work w ON w.id = v.work_id "                           \
    "LEFT JOIN account a ON a.id = v.account_id "                              \
    "LEFT JOIN researcher r ON r.id = a.owns_researcher_id "
#define REVIEW_COLUMN_COUNT 14

static const struct {
    const char *name;
    const char *sql;
} reaction_sql[REACTION_STMT_COUNT] = {
    [REACT_WORK_EXISTS] = {"find work", "SELECT EXISTS (SELECT 1 FROM work "
                                        "WHERE id = ?1)"},
    [REACT_SIGNALS] =
        {"count work signals",
         "SELECT (SELECT COUNT(*) FROM work_reaction "
         "WHERE work_id = ?1 AND kind = 'like'), "
         "(SELECT COUNT(*) FROM work_reaction "
         "WHERE work_id = ?1 AND kind = 'dislike'), "
         "(SELECT COUNT(DISTINCT c.account_id) FROM collection_item i "
         "JOIN collection c ON c.id = i.collection_id WHERE i.work_id = ?1), "
         "(SELECT COUNT(*) FROM review "
         "WHERE work_id = ?1 AND hidden_at IS NULL), "
         "(SELECT COUNT(*) FROM work_link "
         "WHERE work_id = ?1 AND kind = 'code'), "
         "(SELECT COUNT(*) FROM work_link "
         "WHERE work_id = ?1 AND kind = 'dataset'), "
         "(SELECT kind FROM work_reaction "
         "WHERE work_id = ?1 AND account_id = ?2)"},
    [REACT_SET] = {"set reaction",
                   "INSERT INTO work_reaction (work_id, account_id, kind, "
                   "created_at) VALUES (?1, ?2, ?3, ?4) "
                   "ON CONFLICT (work_id, account_id) DO UPDATE "
                   "SET kind = excluded.kind, "
                   "created_at = excluded.created_at"},
    [REACT_CLEAR] = {"clear reaction",
                     "DELETE FROM work_reaction "
                     "WHERE work_id = ?1 AND account_id = ?2"},
    /* no row back: the account has a collection of that name */
    [COLL_INSERT] = {"insert collection",
                     "INSERT INTO collection (account_id, name, created_at) "
                     "VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING "
                     "RETURNING id"},
    [COLL_NAME_TAKEN] = {"find collection name",
                         "SELECT EXISTS (SELECT 1 FROM collection "
                         "WHERE account_id = ?1 AND name = ?2 "
                         "AND id <> ?3)"},
    [COLL_OWNED] = {"find collection",
                    "SELECT EXISTS (SELECT 1 FROM collection "
                    "WHERE id = ?1 AND account_id = ?2)"},
    [COLL_RENAME] = {"rename collection", "UPDATE collection SET name = ?3 "
                                          "WHERE id = ?1 AND account_id = ?2"},
    [COLL_DELETE_ITEMS] = {"delete collection items",
                           "DELETE FROM collection_item "
                           "WHERE collection_id = ?1"},
    [COLL_DELETE] = {"delete collection", "DELETE FROM collection "
                                          "WHERE id = ?1 AND account_id = ?2"},
    [COLL_LIST] = {"read collections", COLL_COLUMNS "WHERE c.account_id = ?1 "
                                                    "ORDER BY c.name, c.id"},
    [COLL_GET] = {"read collection",
                  COLL_COLUMNS "WHERE c.account_id = ?1 AND c.id = ?3"},
    [COLL_WORKS] = {"read collection works",
                    "SELECT w.id, w.title, w.slug, "
                    "COALESCE(w.publication_year, 0) "
                    "FROM collection_item i JOIN work w ON w.id = i.work_id "
                    "WHERE i.collection_id = ?1 "
                    "ORDER BY i.added_at DESC, w.id"},
    [ITEM_ADD] = {"save work",
                  "INSERT INTO collection_item (collection_id, work_id, "
                  "added_at) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING"},
    [ITEM_REMOVE] = {"unsave work",
                     "DELETE FROM collection_item "
                     "WHERE collection_id = ?1 AND work_id = ?2"},
    /* no row back: the account has reviewed the work */
    [REVIEW_INSERT] = {"insert review",
                       "INSERT INTO review (work_id, account_id, summary, "
                       "soundness, significance, comments, created_at, "
                       "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7) "
                       "ON CONFLICT DO NOTHING RETURNING id"},
    [REVIEW_UPDATE] = {"update review",
                       "UPDATE review SET summary = ?2, soundness = ?3, "
                       "significance = ?4, comments = ?5, updated_at = ?6 "
                       "WHERE id = ?1"},
    [REVIEW_GET] = {"read review",
                    "SELECT " REVIEW_SELECT REVIEW_FROM "WHERE v.id = ?1"},
    [REVIEW_LIST] = {"read reviews",
                     "SELECT " REVIEW_SELECT REVIEW_FROM
                     "WHERE v.work_id = ?1 AND v.hidden_at IS NULL "
                     "ORDER BY v.id"},
    /* no row back: the account has one open on the review */
    [REPORT_INSERT] = {"insert review report",
                       "INSERT INTO review_report (review_id, account_id, "
                       "reason, state, created_at) VALUES (?1, ?2, ?3, "
                       "'open', ?4) ON CONFLICT DO NOTHING RETURNING id"},
    [REPORT_LIST] = {"read review reports",
                     "SELECT " REVIEW_SELECT
                     ", p.id, COALESCE(p.account_id, 0), pa.email, "
                     "p.reason, p.state, p.created_at, "
                     "COALESCE(p.decided_at, 0), COALESCE(p.decided_by, 0) "
                     "FROM review_report p JOIN review v "
                     "ON v.id = p.review_id JOIN work w ON w.id = v.work_id "
                     "LEFT JOIN account a ON a.id = v.account_id "
                     "LEFT JOIN researcher r ON r.id = a.owns_researcher_id "
                     "LEFT JOIN account pa ON pa.id = p.account_id "
                     "WHERE p.state = ?1 ORDER BY p.id LIMIT ?2"},
    [REPORT_OPEN_REVIEW] = {"read open report",
                            "SELECT review_id FROM review_report "
                            "WHERE id = ?1 AND state = 'open'"},
    [REPORT_EXISTS] = {"find report", "SELECT EXISTS (SELECT 1 FROM "
                                      "review_report WHERE id = ?1)"},
    [REPORT_HIDE_REVIEW] = {"hide review", "UPDATE review SET hidden_at = ?2, "
                                           "hidden_by = ?3 WHERE id = ?1"},
    [REPORT_CLOSE_ALL] = {"close review reports",
                          "UPDATE review_report SET state = 'hidden', "
                          "decided_at = ?2, decided_by = ?3 "
                          "WHERE review_id = ?1 AND state = 'open'"},
    [REPORT_DISMISS] = {"dismiss review report",
                        "UPDATE review_report SET state = 'dismissed', "
                        "decided_at = ?2, decided_by = ?3 "
                        "WHERE id = ?1 AND state = 'open'"},
    [REPORT_HIDDEN_REVIEW] = {"read hiding report",
                              "SELECT review_id FROM review_report "
                              "WHERE id = ?1 AND state = 'hidden'"},
    [REPORT_SHOW_REVIEW] = {"show review again",
                            "UPDATE review SET hidden_at = NULL, "
                            "hidden_by = NULL WHERE id = ?1"},
    [REPORT_UNDO_HIDDEN] = {"dismiss hiding reports",
                            "UPDATE review_report SET state = 'dismissed', "
                            "decided_at = ?2, decided_by = ?3 "
                            "WHERE review_id = ?1 AND state = 'hidden'"},
    /* no row back: the work has that address already */
    [LINK_INSERT] = {"insert work link",
                     "INSERT INTO work_link (work_id, kind, url, "
                     "researcher_id, account_id, created_at) "
                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
                     "ON CONFLICT DO NOTHING RETURNING id"},
    [LINK_LIST] = {"read work links",
                   "SELECT l.id, l.work_id, l.kind, l.url, l.researcher_id, "
                   "r.display_name, COALESCE(l.account_id, 0), l.created_at "
                   "FROM work_link l JOIN researcher r "
                   "ON r.id = l.researcher_id WHERE l.work_id = ?1 "
                   "ORDER BY l.kind, l.id"},
    [LINK_DELETE] = {"delete work link",
                     "DELETE FROM work_link WHERE id = ?1 AND work_id = ?2"},
    [ACCOUNT_REACTIONS] = {"read account reactions",
                           "SELECT work_id, kind, created_at FROM "
                           "work_reaction WHERE account_id = ?1 "
                           "ORDER BY work_id"},
    [ACCOUNT_REVIEWS] = {"read account reviews",
                         "SELECT " REVIEW_SELECT REVIEW_FROM
                         "WHERE v.account_id = ?1 ORDER BY v.id"},
    [FORGET_REACTIONS] = {"delete account reactions",
                          "DELETE FROM work_reaction WHERE account_id = ?1"},
    [FORGET_ITEMS] = {"delete account collection items",
                      "DELETE FROM collection_item WHERE collection_id IN "
                      "(SELECT id FROM collection WHERE account_id = ?1)"},
    [FORGET_COLLECTIONS] = {"delete account collections",
                            "DELETE FROM collection WHERE account_id = ?1"},
    [FORGET_REVIEWS] = {"forget review author",
                        "UPDATE review SET account_id = NULL "
                        "WHERE account_id = ?1"},
    [FORGET_HIDER] = {"forget review hider",
                      "UPDATE review SET hidden_by = NULL "
                      "WHERE hidden_by = ?1"},
    [FORGET_REPORTS] = {"forget reporter",
                        "UPDATE review_report SET account_id = NULL "
                        "WHERE account_id = ?1"},
    [FORGET_DECIDER] = {"forget report decider",
                        "UPDATE review_report SET decided_by = NULL "
                        "WHERE decided_by = ?1"},
    [FORGET_LINKS] = {"forget link account",
                      "UPDATE work_link SET account_id = NULL "
                      "WHERE account_id = ?1"},
};

static struct bz_sql_stmt *reaction_stmt(struct store_sql *s,
                                         enum reaction_stmt_id id,
                                         struct bz_error *err)
{
    return store_sql_prepared(s, &s->reaction_stmts[id], reaction_sql[id].name,
                              reaction_sql[id].sql, err);
}

void store_sql_reactions_close(struct store_sql *s)
{
    for (size_t i = 0; i < REACTION_STMT_COUNT; i++)
        bz_sql_finalize(s->reaction_stmts[i]);
}

/* Statement id with ?1 = a and, when its text has a ?2, ?2 = b; ready
 * for more bindings. */
static struct bz_sql_stmt *reaction_bound(struct store_sql *s,
                                          enum reaction_stmt_id id, int64_t a,
                                          int64_t b, struct bz_error *err)
{
    struct bz_sql_stmt *st = reaction_stmt(s, id, err);

    if (st != NULL) {
        bz_sql_bind_int64(st, 1, a);
        if (strstr(reaction_sql[id].sql, "?2") != NULL)
            bz_sql_bind_int64(st, 2, b);
    }
    return st;
}

/* Runs statement id with ?1 = a and ?2 = b; *changes (may be NULL) gets
 * the rows it changed. */
static enum bz_status reaction_run(struct store_sql *s,
                                   enum reaction_stmt_id id, int64_t a,
                                   int64_t b, long *changes,
                                   struct bz_error *err)
{
    struct bz_sql_stmt *st = reaction_bound(s, id, a, b, err);
    enum bz_status status;

    if (st == NULL)
        return BZ_STORE;
    status = store_sql_exec(s, st, err);
    if (changes != NULL)
        *changes = status == BZ_OK ? bz_sql_changes(st) : 0;
    return status;
}

/* Runs statement id with ?1 = a (and ?2 = b) and reads its rows with
 * read into *out (arena; NULL when none) and *count. */
static enum bz_status reaction_collect(struct store_sql *s,
                                       enum reaction_stmt_id id, int64_t a,
                                       int64_t b, struct bz_arena *arena,
                                       size_t size, store_sql_row_fn *read,
                                       void **out, size_t *count,
                                       struct bz_error *err)
{
    struct bz_sql_stmt *st = reaction_bound(s, id, a, b, err);

    return store_sql_collect(s, st, arena, size, read, out, count, err);
}

/* reaction_collect's first row copied to out (size bytes); BZ_NOT_FOUND
 * with message missing when there is none. */
static enum bz_status reaction_one(struct store_sql *s,
                                   enum reaction_stmt_id id, int64_t a,
                                   int64_t b, struct bz_arena *arena,
                                   size_t size, store_sql_row_fn *read,
                                   void *out, const char *missing,
                                   struct bz_error *err)
{
    void *items;
    size_t count;
    enum bz_status status =
        reaction_collect(s, id, a, b, arena, size, read, &items, &count, err);

    if (status != BZ_OK)
        return status;
    if (count == 0)
        return bz_error_set(err, BZ_NOT_FOUND, "%s", missing);
    memcpy(out, items, size);
    return BZ_OK;
}

/* The first column of statement id's first row with ?1 = a, ?2 = b. */
static enum bz_status reaction_int(struct store_sql *s,
                                   enum reaction_stmt_id id, int64_t a,
                                   int64_t b, int64_t *value,
                                   struct bz_error *err)
{
    struct bz_sql_stmt *st = reaction_bound(s, id, a, b, err);

    if (st == NULL)
        return BZ_STORE;
    return store_sql_int64(s, st, value, err);
}

static enum bz_status reaction_work_exists(struct store_sql *s, int64_t work_id,
                                           struct bz_error *err)
{
    int64_t found;
    enum bz_status status =
        reaction_int(s, REACT_WORK_EXISTS, work_id, 0, &found, err);

    if (status != BZ_OK)
        return status;
    if (!found)
        return bz_error_set(err, BZ_NOT_FOUND, "no work 'W%lld'",
                            (long long)work_id);
    return BZ_OK;
}

/* --- reactions ------------------------------------------------------------ */

/* REACT_SIGNALS */
static void signals_read(struct bz_arena *arena, struct bz_sql_stmt *st,
                         void *item, int *nomem)
{
    struct bz_work_signals *g = item;

    g->likes = (long)bz_sql_column_int64(st, 0);
    g->dislikes = (long)bz_sql_column_int64(st, 1);
    g->saves = (long)bz_sql_column_int64(st, 2);
    g->reviews = (long)bz_sql_column_int64(st, 3);
    g->code_links = (long)bz_sql_column_int64(st, 4);
    g->dataset_links = (long)bz_sql_column_int64(st, 5);
    g->reaction = store_sql_text(arena, st, 6, nomem);
}

enum bz_status store_sql_work_signals(struct bz_store *store,
                                      struct bz_arena *arena, int64_t work_id,
                                      int64_t account_id,
                                      struct bz_work_signals *out,
                                      struct bz_error *err)
{
    memset(out, 0, sizeof(*out));
    return reaction_one(store_sql_of(store), REACT_SIGNALS, work_id, account_id,
                        arena, sizeof(*out), signals_read, out, "no signals",
                        err);
}

enum bz_status store_sql_work_react(struct bz_store *store, int64_t work_id,
                                    int64_t account_id, const char *kind,
                                    int64_t now, struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st;
    enum bz_status status;

    if ((status = reaction_work_exists(s, work_id, err)) != BZ_OK)
        return status;
    if (kind == NULL)
        return reaction_run(s, REACT_CLEAR, work_id, account_id, NULL, err);
    if ((st = reaction_bound(s, REACT_SET, work_id, account_id, err)) == NULL)
        return BZ_STORE;
    store_sql_bind_text(st, 3, kind);
    bz_sql_bind_int64(st, 4, now);
    return store_sql_exec(s, st, err);
}

/* --- collections ---------------------------------------------------------- */

/* COLL_COLUMNS */
static void collection_read(struct bz_arena *arena, struct bz_sql_stmt *st,
                            void *item, int *nomem)
{
    struct bz_collection *c = item;

    c->id = bz_sql_column_int64(st, 0);
    c->account_id = bz_sql_column_int64(st, 1);
    c->name = store_sql_text(arena, st, 2, nomem);
    c->created_at = bz_sql_column_int64(st, 3);
    c->work_count = (long)bz_sql_column_int64(st, 4);
    c->holds_work = bz_sql_column_int64(st, 5) > 0;
}

static enum bz_status collection_owned(struct store_sql *s, int64_t account_id,
                                       int64_t id, struct bz_error *err)
{
    int64_t found;
    enum bz_status status =
        reaction_int(s, COLL_OWNED, id, account_id, &found, err);

    if (status != BZ_OK)
        return status;
    if (!found)
        return bz_error_set(err, BZ_NOT_FOUND, "no collection %lld of yours",
                            (long long)id);
    return BZ_OK;
}

static enum bz_status collection_name_free(struct store_sql *s,
                                           int64_t account_id, int64_t id,
                                           const char *name,
                                           struct bz_error *err)
{
    struct bz_sql_stmt *st = reaction_stmt(s, COLL_NAME_TAKEN, err);
    enum bz_status status;
    int64_t taken;

    if (st == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, account_id);
    store_sql_bind_text(st, 2, name);
    bz_sql_bind_int64(st, 3, id);
    if ((status = store_sql_int64(s, st, &taken, err)) != BZ_OK)
        return status;
    if (taken)
        return bz_error_set(err, BZ_CONFLICT,
                            "you have a collection called '%s' already", name);
    return BZ_OK;
}

enum bz_status store_sql_collection_create(struct bz_store *store,
                                           int64_t account_id, const char *name,
                                           int64_t now, int64_t *id,
                                           struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st = reaction_stmt(s, COLL_INSERT, err);
    enum bz_status status;

    *id = 0;
    if (st == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, account_id);
    store_sql_bind_text(st, 2, name);
    bz_sql_bind_int64(st, 3, now);
    if ((status = store_sql_int64(s, st, id, err)) != BZ_OK)
        return status;
    if (*id == 0)
        return bz_error_set(err, BZ_CONFLICT,
                            "you have a collection called '%s' already", name);
    return BZ_OK;
}

struct collection_args {
    int64_t account_id, id;
    const char *name; /* rename: the new name */
};

static enum bz_status collection_rename_write(struct store_sql *s,
                                              const void *record,
                                              struct bz_import_tally *tally,
                                              struct bz_error *err)
{
    const struct collection_args *a = record;
    struct bz_sql_stmt *st;
    enum bz_status status;

    (void)tally;
    if ((status = collection_owned(s, a->account_id, a->id, err)) != BZ_OK ||
        (status = collection_name_free(s, a->account_id, a->id, a->name,
                                       err)) != BZ_OK)
        return status;
    if ((st = reaction_bound(s, COLL_RENAME, a->id, a->account_id, err)) ==
        NULL)
        return BZ_STORE;
    store_sql_bind_text(st, 3, a->name);
    return store_sql_exec(s, st, err);
}

enum bz_status store_sql_collection_rename(struct bz_store *store,
                                           int64_t account_id, int64_t id,
                                           const char *name,
                                           struct bz_error *err)
{
    struct collection_args a = {account_id, id, name};

    return store_sql_write(store_sql_of(store), collection_rename_write, &a,
                           NULL, err);
}

static enum bz_status collection_delete_write(struct store_sql *s,
                                              const void *record,
                                              struct bz_import_tally *tally,
                                              struct bz_error *err)
{
    const struct collection_args *a = record;
    enum bz_status status;

    (void)tally;
    if ((status = collection_owned(s, a->account_id, a->id, err)) != BZ_OK ||
        (status = reaction_run(s, COLL_DELETE_ITEMS, a->id, 0, NULL, err)) !=
            BZ_OK)
        return status;
    return reaction_run(s, COLL_DELETE, a->id, a->account_id, NULL, err);
}

enum bz_status store_sql_collection_delete(struct bz_store *store,
                                           int64_t account_id, int64_t id,
                                           struct bz_error *err)
{
    struct collection_args a = {account_id, id, NULL};

    return store_sql_write(store_sql_of(store), collection_delete_write, &a,
                           NULL, err);
}

enum bz_status store_sql_collection_list(struct bz_store *store,
                                         struct bz_arena *arena,
                                         int64_t account_id, int64_t work_id,
                                         struct bz_collection **out,
                                         size_t *count, struct bz_error *err)
{
    void *items;
    enum bz_status status = reaction_collect(
        store_sql_of(store), COLL_LIST, account_id, work_id, arena,
        sizeof(**out), collection_read, &items, count, err);

    *out = items;
    return status;
}

enum bz_status
store_sql_collection_get(struct bz_store *store, struct bz_arena *arena,
                         int64_t account_id, int64_t id,
                         struct bz_collection *out, struct bz_work_ref **works,
                         size_t *work_count, struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st = reaction_bound(s, COLL_GET, account_id, 0, err);
    void *items = NULL;
    size_t count;
    enum bz_status status;

    *works = NULL;
    *work_count = 0;
    if (st == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 3, id);
    status = store_sql_collect(s, st, arena, sizeof(*out), collection_read,
                               &items, &count, err);
    if (status != BZ_OK)
        return status;
    if (count == 0)
        return bz_error_set(err, BZ_NOT_FOUND, "no collection %lld of yours",
                            (long long)id);
    *out = *(struct bz_collection *)items;
    status = reaction_collect(s, COLL_WORKS, id, 0, arena, sizeof(**works),
                              store_sql_read_work_ref, &items, work_count, err);
    *works = items;
    return status;
}

enum bz_status store_sql_collection_item_set(struct bz_store *store,
                                             int64_t account_id, int64_t id,
                                             int64_t work_id, int in,
                                             int64_t now, struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st;
    enum bz_status status;

    if ((status = collection_owned(s, account_id, id, err)) != BZ_OK ||
        (status = reaction_work_exists(s, work_id, err)) != BZ_OK)
        return status;
    if (!in)
        return reaction_run(s, ITEM_REMOVE, id, work_id, NULL, err);
    if ((st = reaction_bound(s, ITEM_ADD, id, work_id, err)) == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 3, now);
    return store_sql_exec(s, st, err);
}

/* --- reviews -------------------------------------------------------------- */

/* REVIEW_SELECT, from column first */
static void review_read_at(struct bz_arena *arena, struct bz_sql_stmt *st,
                           int first, struct bz_review *v, int *nomem)
{
    v->id = bz_sql_column_int64(st, first + 0);
    v->work_id = bz_sql_column_int64(st, first + 1);
    v->work_title = store_sql_text(arena, st, first + 2, nomem);
    v->work_slug = store_sql_text(arena, st, first + 3, nomem);
    v->account_id = bz_sql_column_int64(st, first + 4);
    v->author_researcher_id = bz_sql_column_int64(st, first + 5);
    v->author_name = store_sql_text(arena, st, first + 6, nomem);
    v->summary = store_sql_text(arena, st, first + 7, nomem);
    v->soundness = (int)bz_sql_column_int64(st, first + 8);
    v->significance = (int)bz_sql_column_int64(st, first + 9);
    v->comments = store_sql_text(arena, st, first + 10, nomem);
    v->created_at = bz_sql_column_int64(st, first + 11);
    v->updated_at = bz_sql_column_int64(st, first + 12);
    v->hidden_at = bz_sql_column_int64(st, first + 13);
}

static void review_read(struct bz_arena *arena, struct bz_sql_stmt *st,
                        void *item, int *nomem)
{
    review_read_at(arena, st, 0, item, nomem);
}

/* Binds ?3 summary, ?4 soundness, ?5 significance, ?6 comments (insert)
 * or ?2 to ?5 (update): from column first. */
static void review_bind(struct bz_sql_stmt *st, int first,
                        const struct bz_review *v)
{
    store_sql_bind_text(st, first, v->summary);
    bz_sql_bind_int64(st, first + 1, v->soundness);
    bz_sql_bind_int64(st, first + 2, v->significance);
    store_sql_bind_optional(st, first + 3, v->comments);
}

enum bz_status store_sql_review_insert(struct bz_store *store,
                                       const struct bz_review *review,
                                       int64_t now, int64_t *id,
                                       struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st;
    enum bz_status status;

    *id = 0;
    if ((status = reaction_work_exists(s, review->work_id, err)) != BZ_OK)
        return status;
    st = reaction_bound(s, REVIEW_INSERT, review->work_id, review->account_id,
                        err);
    if (st == NULL)
        return BZ_STORE;
    review_bind(st, 3, review);
    bz_sql_bind_int64(st, 7, now);
    if ((status = store_sql_int64(s, st, id, err)) != BZ_OK)
        return status;
    if (*id == 0)
        return bz_error_set(err, BZ_CONFLICT,
                            "you have reviewed this work already: edit "
                            "your review instead");
    return BZ_OK;
}

enum bz_status store_sql_review_update(struct bz_store *store,
                                       const struct bz_review *review,
                                       int64_t now, struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st = reaction_stmt(s, REVIEW_UPDATE, err);
    enum bz_status status;

    if (st == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, review->id);
    review_bind(st, 2, review);
    bz_sql_bind_int64(st, 6, now);
    if ((status = store_sql_exec(s, st, err)) != BZ_OK)
        return status;
    if (bz_sql_changes(st) == 0)
        return bz_error_set(err, BZ_NOT_FOUND, "no review %lld",
                            (long long)review->id);
    return BZ_OK;
}

enum bz_status store_sql_review_get(struct bz_store *store,
                                    struct bz_arena *arena, int64_t id,
                                    struct bz_review *out, struct bz_error *err)
{
    char missing[48];

    snprintf(missing, sizeof missing, "no review %lld", (long long)id);
    return reaction_one(store_sql_of(store), REVIEW_GET, id, 0, arena,
                        sizeof(*out), review_read, out, missing, err);
}

enum bz_status store_sql_review_list(struct bz_store *store,
                                     struct bz_arena *arena, int64_t work_id,
                                     struct bz_review **out, size_t *count,
                                     struct bz_error *err)
{
    void *items;
    enum bz_status status =
        reaction_collect(store_sql_of(store), REVIEW_LIST, work_id, 0, arena,
                         sizeof(**out), review_read, &items, count, err);

    *out = items;
    return status;
}

/* --- reports -------------------------------------------------------------- */

/* REPORT_LIST: the review, then the report's own columns */
static void report_read(struct bz_arena *arena, struct bz_sql_stmt *st,
                        void *item, int *nomem)
{
    struct bz_review_report *p = item;
    const int k = REVIEW_COLUMN_COUNT;

    review_read_at(arena, st, 0, &p->review, nomem);
    p->id = bz_sql_column_int64(st, k);
    p->account_id = bz_sql_column_int64(st, k + 1);
    p->account_email = store_sql_text(arena, st, k + 2, nomem);
    p->reason = store_sql_text(arena, st, k + 3, nomem);
    p->state = store_sql_text(arena, st, k + 4, nomem);
    p->created_at = bz_sql_column_int64(st, k + 5);
    p->decided_at = bz_sql_column_int64(st, k + 6);
    p->decided_by = bz_sql_column_int64(st, k + 7);
}

enum bz_status store_sql_review_report_insert(struct bz_store *store,
                                              int64_t review_id,
                                              int64_t account_id,
                                              const char *reason, int64_t now,
                                              int64_t *id, struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st =
        reaction_bound(s, REPORT_INSERT, review_id, account_id, err);
    enum bz_status status;

    *id = 0;
    if (st == NULL)
        return BZ_STORE;
    store_sql_bind_text(st, 3, reason);
    bz_sql_bind_int64(st, 4, now);
    if ((status = store_sql_int64(s, st, id, err)) != BZ_OK)
        return status;
    if (*id == 0)
        return bz_error_set(err, BZ_CONFLICT,
                            "you have reported this review already");
    return BZ_OK;
}

enum bz_status store_sql_review_report_list(struct bz_store *store,
                                            struct bz_arena *arena,
                                            const char *state, int limit,
                                            struct bz_review_report **out,
                                            size_t *count, struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st = reaction_stmt(s, REPORT_LIST, err);
    void *items = NULL;
    enum bz_status status;

    store_sql_bind_text(st, 1, state);
    bz_sql_bind_int64(st, 2, limit);
    status = store_sql_collect(s, st, arena, sizeof(**out), report_read, &items,
                               count, err);
    *out = items;
    return status;
}

struct report_decision {
    int64_t id;
    enum bz_review_decision decision;
    int64_t moderator, now;
};

/* Statement id with ?1 = a, ?2 = the decision's time, ?3 its moderator. */
static enum bz_status report_run(struct store_sql *s, enum reaction_stmt_id id,
                                 int64_t a, const struct report_decision *d,
                                 struct bz_error *err)
{
    struct bz_sql_stmt *st = reaction_bound(s, id, a, d->now, err);

    if (st == NULL)
        return BZ_STORE;
    store_sql_bind_known(st, 3, d->moderator, 0);
    return store_sql_exec(s, st, err);
}

/* Report id is not in the state a decision needs: BZ_CONFLICT with why
 * when it exists, else BZ_NOT_FOUND. */
static enum bz_status report_not_so(struct store_sql *s, int64_t id,
                                    const char *why, struct bz_error *err)
{
    int64_t found;
    enum bz_status status;

    if ((status = reaction_int(s, REPORT_EXISTS, id, 0, &found, err)) !=
        BZ_OK)
        return status;
    return found ? bz_error_set(err, BZ_CONFLICT, "report %lld %s",
                                (long long)id, why)
                 : bz_error_set(err, BZ_NOT_FOUND, "no report %lld",
                                (long long)id);
}

/* Restore: report d->id hid its review; show it, dismiss what hid it. */
static enum bz_status report_restore(struct store_sql *s,
                                     const struct report_decision *d,
                                     struct bz_error *err)
{
    int64_t review_id;
    enum bz_status status;

    if ((status = reaction_int(s, REPORT_HIDDEN_REVIEW, d->id, 0, &review_id,
                               err)) != BZ_OK)
        return status;
    if (review_id == 0)
        return report_not_so(s, d->id, "did not hide its review", err);
    if ((status = reaction_run(s, REPORT_SHOW_REVIEW, review_id, 0, NULL,
                               err)) != BZ_OK)
        return status;
    return report_run(s, REPORT_UNDO_HIDDEN, review_id, d, err);
}

static enum bz_status report_decide_write(struct store_sql *s,
                                          const void *record,
                                          struct bz_import_tally *tally,
                                          struct bz_error *err)
{
    const struct report_decision *d = record;
    int64_t review_id;
    enum bz_status status;

    (void)tally;
    if (d->decision == BZ_REVIEW_RESTORE)
        return report_restore(s, d, err);
    if ((status = reaction_int(s, REPORT_OPEN_REVIEW, d->id, 0, &review_id,
                               err)) != BZ_OK)
        return status;
    if (review_id == 0)
        return report_not_so(s, d->id, "is decided already", err);
    if (d->decision == BZ_REVIEW_DISMISS)
        return report_run(s, REPORT_DISMISS, d->id, d, err);
    if ((status = report_run(s, REPORT_HIDE_REVIEW, review_id, d, err)) !=
        BZ_OK)
        return status;
    return report_run(s, REPORT_CLOSE_ALL, review_id, d, err);
}

enum bz_status
store_sql_review_report_decide(struct bz_store *store, int64_t id,
                               enum bz_review_decision decision,
                               int64_t moderator, int64_t now,
                               struct bz_error *err)
{
    struct report_decision d = {id, decision, moderator, now};

    return store_sql_write(store_sql_of(store), report_decide_write, &d, NULL,
                           err);
}

/* --- links ---------------------------------------------------------------- */

/* LINK_LIST */
static void link_read(struct bz_arena *arena, struct bz_sql_stmt *st,
                      void *item, int *nomem)
{
    struct bz_work_link *l = item;

    l->id = bz_sql_column_int64(st, 0);
    l->work_id = bz_sql_column_int64(st, 1);
    l->kind = store_sql_text(arena, st, 2, nomem);
    l->url = store_sql_text(arena, st, 3, nomem);
    l->researcher_id = bz_sql_column_int64(st, 4);
    l->researcher_name = store_sql_text(arena, st, 5, nomem);
    l->account_id = bz_sql_column_int64(st, 6);
    l->created_at = bz_sql_column_int64(st, 7);
}

enum bz_status store_sql_work_link_insert(struct bz_store *store,
                                          const struct bz_work_link *link,
                                          int64_t *id, struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st;
    enum bz_status status;

    *id = 0;
    if ((status = reaction_work_exists(s, link->work_id, err)) != BZ_OK)
        return status;
    if ((st = reaction_stmt(s, LINK_INSERT, err)) == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, link->work_id);
    store_sql_bind_text(st, 2, link->kind);
    store_sql_bind_text(st, 3, link->url);
    bz_sql_bind_int64(st, 4, link->researcher_id);
    store_sql_bind_known(st, 5, link->account_id, 0);
    bz_sql_bind_int64(st, 6, link->created_at);
    if ((status = store_sql_int64(s, st, id, err)) != BZ_OK)
        return status;
    if (*id == 0)
        return bz_error_set(err, BZ_CONFLICT,
                            "this work has the link '%s' already", link->url);
    return BZ_OK;
}

enum bz_status store_sql_work_link_list(struct bz_store *store,
                                        struct bz_arena *arena, int64_t work_id,
                                        struct bz_work_link **out,
                                        size_t *count, struct bz_error *err)
{
    void *items;
    enum bz_status status =
        reaction_collect(store_sql_of(store), LINK_LIST, work_id, 0, arena,
                         sizeof(**out), link_read, &items, count, err);

    *out = items;
    return status;
}

enum bz_status store_sql_work_link_delete(struct bz_store *store,
                                          int64_t work_id, int64_t id,
                                          struct bz_error *err)
{
    long changes;
    enum bz_status status = reaction_run(store_sql_of(store), LINK_DELETE, id,
                                         work_id, &changes, err);

    if (status != BZ_OK)
        return status;
    if (changes == 0)
        return bz_error_set(err, BZ_NOT_FOUND, "work 'W%lld' has no link %lld",
                            (long long)work_id, (long long)id);
    return BZ_OK;
}

/* --- an account's export ------------------------------------------------ */

/* ACCOUNT_REACTIONS */
static void account_reaction_read(struct bz_arena *arena,
                                  struct bz_sql_stmt *st, void *item,
                                  int *nomem)
{
    struct bz_work_reaction *r = item;

    r->work_id = bz_sql_column_int64(st, 0);
    r->kind = store_sql_text(arena, st, 1, nomem);
    r->created_at = bz_sql_column_int64(st, 2);
}

enum bz_status store_sql_account_reactions(struct bz_store *store,
                                           struct bz_arena *arena,
                                           int64_t account_id,
                                           struct bz_work_reaction **out,
                                           size_t *count, struct bz_error *err)
{
    void *items;
    enum bz_status status = reaction_collect(
        store_sql_of(store), ACCOUNT_REACTIONS, account_id, 0, arena,
        sizeof(**out), account_reaction_read, &items, count, err);

    *out = items;
    return status;
}

enum bz_status store_sql_account_reviews(struct bz_store *store,
                                         struct bz_arena *arena,
                                         int64_t account_id,
                                         struct bz_review **out, size_t *count,
                                         struct bz_error *err)
{
    void *items;
    enum bz_status status =
        reaction_collect(store_sql_of(store), ACCOUNT_REVIEWS, account_id, 0,
                         arena, sizeof(**out), review_read, &items, count, err);

    *out = items;
    return status;
}

/* --- a deleted account ---------------------------------------------------- */

enum bz_status store_sql_reactions_forget_account(struct store_sql *s,
                                                  int64_t id,
                                                  struct bz_error *err)
{
    static const enum reaction_stmt_id steps[] = {
        FORGET_REACTIONS, FORGET_ITEMS,   FORGET_COLLECTIONS, FORGET_REVIEWS,
        FORGET_HIDER,     FORGET_REPORTS, FORGET_DECIDER,     FORGET_LINKS,
    };
    enum bz_status status;

    for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
        if ((status = reaction_run(s, steps[i], id, 0, NULL, err)) != BZ_OK)
            return status;
    return BZ_OK;
}
