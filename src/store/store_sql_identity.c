/* store_sql_identity.c - what the name resolution pass (src/identity/
 * pass.c) reads and marks, over the SQL store (store_sql_internal.h).
 *
 * A block is the records whose display names share a block key (first
 * initial and folded surname, researcher.block_key). The pass reads a
 * block's records and their authorships with the evidence around each,
 * decides, merges through researcher_merge, and marks the block looked at
 * (researcher.identity_state).
 */
#include "store/store_sql_internal.h"

#include <stdlib.h>
#include <string.h>

enum identity_stmt_id {
    IDENTITY_PENDING,
    IDENTITY_RECORDS,
    IDENTITY_MENTIONS,
    IDENTITY_COAUTHORS,
    IDENTITY_AFFILIATIONS,
    IDENTITY_TOPICS,
    IDENTITY_CHECKED,
    IDENTITY_RECHECK,
    IDENTITY_MARK,
    IDENTITY_TOUCH,
    IDENTITY_STALE,
    IDENTITY_STMT_COUNT
};

_Static_assert(IDENTITY_STMT_COUNT <= STORE_SQL_IDENTITY_STMTS,
               "store_sql_internal.h gives too few identity slots");

/* co-author keys kept per mention: those of the first 64 authors, so
 * that a work with thousands of authors costs no more than one with 64 */
#define IDENTITY_COAUTHORS_MAX 64
#define IDENTITY_LIST_MAX 16      /* affiliations or topics per mention */

/* The block keys of a read, ?1 to ?16 (BZ_IDENTITY_BLOCK_KEYS), those
 * not used NULL; the mentions' limit is ?17. */
#define IDENTITY_KEYS                                                          \
    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16) "
#define IDENTITY_LIMIT_PARAM 17

_Static_assert(BZ_IDENTITY_BLOCK_KEYS == IDENTITY_LIMIT_PARAM - 1,
               "IDENTITY_KEYS has a placeholder for each key");

/* A live record (neither merged nor hidden), written so that no index
 * serves it: SQLite, given the keys' IN list, otherwise walked the index
 * of every live record instead of the block key's. */
#define IDENTITY_LIVE(r)                                                       \
    "COALESCE(" r ".merged_into, 0) = 0 AND " r ".hidden_at IS NULL "

/* The authorships of the blocks' live records. */
#define IDENTITY_OF_BLOCK                                                      \
    "FROM authorship a JOIN researcher r ON r.id = a.researcher_id "           \
    "AND r.block_key IN " IDENTITY_KEYS "AND " IDENTITY_LIVE("r")

static const struct {
    const char *name;
    const char *sql;
} identity_sql[IDENTITY_STMT_COUNT] = {
    /* whether the block has a record pass.c may merge away (name-only,
     * unclaimed, not split off): an EXISTS that PostgreSQL hashes, where
     * a count looked each record's ids up; a join grouped by block
     * instead scanned every live record on SQLite */
    [IDENTITY_PENDING] = {"read records to resolve",
                          "SELECT p.id, COALESCE(p.block_key, ''), "
                          "(SELECT count(*) FROM researcher b "
                          "WHERE b.block_key = p.block_key "
                          "AND b.merged_into IS NULL AND b.hidden_at IS NULL), "
                          "CASE WHEN EXISTS (SELECT 1 FROM researcher b "
                          "WHERE b.block_key = p.block_key "
                          "AND b.merged_into IS NULL AND b.hidden_at IS NULL "
                          "AND b.claim_level = 0 AND b.identity_state <> 2 "
                          "AND NOT EXISTS (SELECT 1 FROM researcher_id i "
                          "WHERE i.researcher_id = b.id)) THEN 1 ELSE 0 END "
                          "FROM researcher p WHERE p.identity_state = 0 "
                          "AND p.id > ?1 AND p.merged_into IS NULL "
                          "ORDER BY p.id LIMIT ?2"},
    [IDENTITY_RECORDS] = {"read block records",
                          "SELECT r.id, CASE WHEN EXISTS (SELECT 1 FROM "
                          "researcher_id i WHERE i.researcher_id = r.id) "
                          "THEN 0 ELSE 1 END, "
                          "CASE WHEN r.claim_level > 0 THEN 1 ELSE 0 END, "
                          "CASE WHEN r.identity_state = 2 THEN 1 ELSE 0 END, "
                          "r.block_key "
                          "FROM researcher r WHERE r.block_key IN "
                          IDENTITY_KEYS "AND " IDENTITY_LIVE("r")
                          "ORDER BY r.block_key, r.id"},
    [IDENTITY_MENTIONS] = {"read block authorships",
                           "SELECT a.researcher_id, a.work_id, a.position, "
                           "a.raw_name, COALESCE(w.publication_year, 0), "
                           "w.venue, r.block_key " IDENTITY_OF_BLOCK
                           "JOIN work w ON w.id = a.work_id "
                           "ORDER BY r.block_key, a.researcher_id, "
                           "a.work_id, a.position LIMIT ?17"},
    [IDENTITY_COAUTHORS] = {"read block co-authors",
                            "SELECT a.work_id, a.position, c.block_key "
                            IDENTITY_OF_BLOCK
                            "JOIN authorship o ON o.work_id = a.work_id "
                            "AND o.position <> a.position "
                            "AND o.position <= 64 " /* IDENTITY_COAUTHORS_MAX */
                            "JOIN researcher c ON c.id = o.researcher_id "
                            "WHERE c.block_key <> '' "
                            "ORDER BY a.work_id, a.position, o.position"},
    [IDENTITY_AFFILIATIONS] = {"read block affiliations",
                               "SELECT a.work_id, a.position, i.display_name "
                               IDENTITY_OF_BLOCK
                               "JOIN authorship_institution ai "
                               "ON ai.work_id = a.work_id "
                               "AND ai.position = a.position "
                               "JOIN institution i ON i.id = ai.institution_id "
                               "ORDER BY a.work_id, a.position, ai.ordinal"},
    [IDENTITY_TOPICS] = {"read block topics",
                         "SELECT a.work_id, a.position, t.scheme || ':' || "
                         "t.external_id " IDENTITY_OF_BLOCK
                         "JOIN work_topic wt ON wt.work_id = a.work_id "
                         "JOIN topic t ON t.id = wt.topic_id "
                         "ORDER BY a.work_id, a.position, t.id"},
    /* a round's records and the other records of their blocks: two
     * lookups an index answers, where an OR of the two scanned */
    [IDENTITY_CHECKED] = {"mark records resolved",
                          "UPDATE researcher SET identity_state = 1 "
                          "WHERE identity_state = 0 AND id IN "
                          "(SELECT id FROM researcher WHERE identity_state = 0 "
                          "AND id > ?1 AND id <= ?2 "
                          "UNION SELECT b.id FROM researcher p "
                          "JOIN researcher b ON b.block_key = p.block_key "
                          "WHERE p.identity_state = 0 AND p.id > ?1 "
                          "AND p.id <= ?2 AND p.block_key <> '' "
                          "AND b.identity_state = 0)"},
    [IDENTITY_RECHECK] = {"mark every record to resolve",
                          "UPDATE researcher SET identity_state = 0 "
                          "WHERE identity_state = 1"},
    [IDENTITY_MARK] = {"read the last work",
                       "SELECT COALESCE(max(id), 0) FROM work"},
    /* the new works' authorships, through their primary key's range */
    [IDENTITY_TOUCH] = {"mark records with new works to resolve",
                        "UPDATE researcher SET identity_state = 0 "
                        "WHERE identity_state = 1 AND id IN "
                        "(SELECT a.researcher_id FROM authorship a "
                        "WHERE a.work_id > ?1 "
                        "AND a.researcher_id IS NOT NULL)"},
    /* PostgreSQL only: the tables the pass reads whose statistics are
     * missing or older than a tenth of their rows (autovacuum's rule,
     * which it applies only a minute later) */
    [IDENTITY_STALE] = {"find tables to analyze",
                        "SELECT relname FROM pg_stat_user_tables "
                        "WHERE schemaname = current_schema() "
                        "AND relname IN ('researcher', 'researcher_id', "
                        "'authorship', 'work', 'authorship_institution', "
                        "'institution', 'work_topic', 'topic') "
                        "AND ((last_analyze IS NULL "
                        "AND last_autoanalyze IS NULL) "
                        "OR n_mod_since_analyze > n_live_tup / 10) "
                        "ORDER BY relname"},
};

/* The tables IDENTITY_STALE may name, as ANALYZE takes them. */
static const char *const identity_analyze_sql[] = {
    "ANALYZE researcher",  "ANALYZE researcher_id",
    "ANALYZE authorship",  "ANALYZE work",
    "ANALYZE authorship_institution", "ANALYZE institution",
    "ANALYZE work_topic",  "ANALYZE topic",
};

static struct bz_sql_stmt *
identity_stmt(struct store_sql *s, enum identity_stmt_id id,
              struct bz_error *err)
{
    return store_sql_prepared(s, &s->identity_stmts[id],
                              identity_sql[id].name, identity_sql[id].sql,
                              err);
}

void store_sql_identity_close(struct store_sql *s)
{
    for (size_t i = 0; i < IDENTITY_STMT_COUNT; i++)
        bz_sql_finalize(s->identity_stmts[i]);
}

/* --- reading -------------------------------------------------------------- */

static void identity_read_pending(struct bz_arena *arena,
                                  struct bz_sql_stmt *st, void *item,
                                  int *nomem)
{
    struct bz_identity_pending *p = item;

    p->researcher_id = bz_sql_column_int64(st, 0);
    p->block_key = store_sql_text(arena, st, 1, nomem);
    p->block_size = (long)bz_sql_column_int64(st, 2);
    p->has_mergeable = (int)bz_sql_column_int64(st, 3);
}

static void identity_read_record(struct bz_arena *arena,
                                 struct bz_sql_stmt *st, void *item,
                                 int *nomem)
{
    struct bz_identity_record *r = item;

    r->researcher_id = bz_sql_column_int64(st, 0);
    r->name_only = (int)bz_sql_column_int64(st, 1);
    r->claimed = (int)bz_sql_column_int64(st, 2);
    r->kept_apart = (int)bz_sql_column_int64(st, 3);
    r->block_key = store_sql_text(arena, st, 4, nomem);
}

static void identity_read_mention(struct bz_arena *arena,
                                  struct bz_sql_stmt *st, void *item,
                                  int *nomem)
{
    struct bz_identity_mention *m = item;

    m->researcher_id = bz_sql_column_int64(st, 0);
    m->work_id = bz_sql_column_int64(st, 1);
    m->position = (int)bz_sql_column_int64(st, 2);
    m->raw_name = store_sql_text(arena, st, 3, nomem);
    m->year = (int)bz_sql_column_int64(st, 4);
    m->venue = store_sql_text(arena, st, 5, nomem);
    m->block_key = store_sql_text(arena, st, 6, nomem);
}

/* One row of evidence: which authorship, and a string. */
struct identity_fact {
    int64_t work_id;
    int position;
    const char *text;
};

static void identity_read_fact(struct bz_arena *arena, struct bz_sql_stmt *st,
                               void *item, int *nomem)
{
    struct identity_fact *f = item;

    f->work_id = bz_sql_column_int64(st, 0);
    f->position = (int)bz_sql_column_int64(st, 1);
    f->text = store_sql_text(arena, st, 2, nomem);
}

enum bz_status store_sql_identity_pending(struct bz_store *store,
                                          struct bz_arena *arena,
                                          int64_t after, size_t limit,
                                          struct bz_identity_pending **out,
                                          size_t *count,
                                          struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st = identity_stmt(s, IDENTITY_PENDING, err);

    if (st == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, after);
    bz_sql_bind_int64(st, 2, (int64_t)limit);
    return store_sql_collect(s, st, arena, sizeof(**out),
                             identity_read_pending, (void **)out, count, err);
}

/* Binds keys[0..n) to IDENTITY_KEYS, NULL to the rest. */
static void identity_bind_keys(struct bz_sql_stmt *st,
                               const char *const *keys, size_t n)
{
    for (size_t i = 0; i < BZ_IDENTITY_BLOCK_KEYS; i++)
        store_sql_bind_text(st, (int)i + 1, i < n ? keys[i] : NULL);
}

/* Runs evidence statement id for the blocks keys[0..n) into *facts. */
static enum bz_status identity_facts(struct store_sql *s,
                                     enum identity_stmt_id id,
                                     struct bz_arena *arena,
                                     const char *const *keys, size_t n,
                                     struct identity_fact **facts,
                                     size_t *count, struct bz_error *err)
{
    struct bz_sql_stmt *st = identity_stmt(s, id, err);

    if (st == NULL)
        return BZ_STORE;
    identity_bind_keys(st, keys, n);
    return store_sql_collect(s, st, arena, sizeof(**facts),
                             identity_read_fact, (void **)facts, count, err);
}

static int identity_by_authorship(const void *a, const void *b)
{
    const struct bz_identity_mention *x = *(const void *const *)a;
    const struct bz_identity_mention *y = *(const void *const *)b;

    if (x->work_id != y->work_id)
        return x->work_id < y->work_id ? -1 : 1;
    return (x->position > y->position) - (x->position < y->position);
}

/* The mention of authorship (work_id, position) in the sorted index, or
 * NULL. */
static struct bz_identity_mention *
identity_find(struct bz_identity_mention **index, size_t n, int64_t work_id,
              int position)
{
    struct bz_identity_mention key = {.work_id = work_id,
                                      .position = position};
    const struct bz_identity_mention *k = &key;
    struct bz_identity_mention **hit =
        bsearch(&k, index, n, sizeof(*index), identity_by_authorship);

    return hit ? *hit : NULL;
}

/* Which list of a mention a kind of fact fills. */
static const char ***identity_list(struct bz_identity_mention *m,
                                   enum identity_stmt_id id, size_t **count,
                                   size_t *cap)
{
    switch (id) {
    case IDENTITY_COAUTHORS:
        *count = &m->coauthor_count;
        *cap = IDENTITY_COAUTHORS_MAX;
        return &m->coauthors;
    case IDENTITY_AFFILIATIONS:
        *count = &m->affiliation_count;
        *cap = IDENTITY_LIST_MAX;
        return &m->affiliations;
    default:
        *count = &m->topic_count;
        *cap = IDENTITY_LIST_MAX;
        return &m->topics;
    }
}

/* Hands each fact of kind id to its mention's list (each list its own
 * array of at most cap entries in arena). */
static enum bz_status identity_attach(struct store_sql *s,
                                      enum identity_stmt_id id,
                                      struct bz_arena *arena,
                                      const char *const *keys,
                                      size_t key_count,
                                      struct bz_identity_mention **index,
                                      size_t n, struct bz_error *err)
{
    struct identity_fact *facts = NULL;
    size_t count = 0;
    enum bz_status status = identity_facts(s, id, arena, keys, key_count,
                                           &facts, &count, err);

    for (size_t i = 0; status == BZ_OK && i < count; i++) {
        struct bz_identity_mention *m =
            identity_find(index, n, facts[i].work_id, facts[i].position);
        size_t *used, cap;
        const char ***list;

        if (m == NULL || facts[i].text == NULL)
            continue; /* an authorship past the mentions' limit */
        list = identity_list(m, id, &used, &cap);
        if (*list == NULL &&
            (*list = bz_arena_calloc(arena, cap, sizeof(**list))) == NULL)
            return store_sql_nomem(err);
        if (*used < cap)
            (*list)[(*used)++] = facts[i].text;
    }
    return status;
}

enum bz_status store_sql_identity_block(
    struct bz_store *store, struct bz_arena *arena,
    const char *const *block_keys, size_t key_count, size_t max_mentions,
    struct bz_identity_record **records,
    size_t *record_count, struct bz_identity_mention **mentions,
    size_t *mention_count, struct bz_error *err)
{
    static const enum identity_stmt_id kinds[] = {
        IDENTITY_COAUTHORS, IDENTITY_AFFILIATIONS, IDENTITY_TOPICS};
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st = identity_stmt(s, IDENTITY_RECORDS, err);
    struct bz_identity_mention **index;
    enum bz_status status;
    size_t n;

    if (key_count == 0 || key_count > BZ_IDENTITY_BLOCK_KEYS)
        return bz_error_set(err, BZ_INVALID, "store: %zu blocks to read",
                            key_count);
    if (st == NULL)
        return BZ_STORE;
    identity_bind_keys(st, block_keys, key_count);
    status = store_sql_collect(s, st, arena, sizeof(**records),
                               identity_read_record, (void **)records,
                               record_count, err);
    if (status != BZ_OK)
        return status;

    if ((st = identity_stmt(s, IDENTITY_MENTIONS, err)) == NULL)
        return BZ_STORE;
    identity_bind_keys(st, block_keys, key_count);
    bz_sql_bind_int64(st, IDENTITY_LIMIT_PARAM, (int64_t)max_mentions + 1);
    status = store_sql_collect(s, st, arena, sizeof(**mentions),
                               identity_read_mention, (void **)mentions,
                               mention_count, err);
    if (status != BZ_OK)
        return status;
    n = *mention_count;
    if (n > max_mentions)
        return bz_error_set(err, BZ_TOO_LARGE,
                            "block '%s'%s has more than %zu authorships",
                            block_keys[0],
                            key_count > 1 ? " and the others read with it"
                                          : "",
                            max_mentions);

    /* the evidence rows come by authorship: find each one's mention */
    if ((index = bz_arena_calloc(arena, n + 1, sizeof(*index))) == NULL)
        return store_sql_nomem(err);
    for (size_t i = 0; i < n; i++)
        index[i] = &(*mentions)[i];
    qsort(index, n, sizeof(*index), identity_by_authorship);
    for (size_t k = 0; status == BZ_OK && k < sizeof(kinds) / sizeof(*kinds);
         k++)
        status = identity_attach(s, kinds[k], arena, block_keys, key_count,
                                 index, n, err);
    return status;
}

/* --- marking -------------------------------------------------------------- */

enum bz_status store_sql_identity_checked(struct bz_store *store,
                                          int64_t after, int64_t through,
                                          struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st = identity_stmt(s, IDENTITY_CHECKED, err);

    if (st == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, after);
    bz_sql_bind_int64(st, 2, through);
    return store_sql_exec(s, st, err);
}

enum bz_status store_sql_identity_recheck(struct bz_store *store,
                                          struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st = identity_stmt(s, IDENTITY_RECHECK, err);

    if (st == NULL)
        return BZ_STORE;
    return store_sql_exec(s, st, err);
}

enum bz_status store_sql_identity_mark(struct bz_store *store, int64_t *mark,
                                       struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st = identity_stmt(s, IDENTITY_MARK, err);

    *mark = 0;
    if (st == NULL)
        return BZ_STORE;
    return store_sql_int64(s, st, mark, err);
}

enum bz_status store_sql_identity_touch(struct bz_store *store, int64_t mark,
                                        struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st = identity_stmt(s, IDENTITY_TOUCH, err);

    if (st == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, mark);
    return store_sql_exec(s, st, err);
}

/* Reads the names IDENTITY_STALE gives. */
static void identity_read_name(struct bz_arena *arena, struct bz_sql_stmt *st,
                               void *item, int *nomem)
{
    const char **name = item;

    *name = store_sql_text(arena, st, 0, nomem);
}

/* Analyzes table name when it is one of identity_analyze_sql's. */
static enum bz_status identity_analyze(struct store_sql *s, const char *name,
                                       struct bz_error *err)
{
    static const char prefix[] = "ANALYZE ";

    for (size_t i = 0;
         i < sizeof(identity_analyze_sql) / sizeof(*identity_analyze_sql);
         i++)
        if (strcmp(identity_analyze_sql[i] + sizeof(prefix) - 1, name) == 0)
            return bz_sql_exec(s->sql, "analyze table",
                               identity_analyze_sql[i], err);
    return BZ_OK;
}

enum bz_status store_sql_identity_prepare(struct bz_store *store,
                                          struct bz_arena *arena,
                                          struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st;
    const char **names = NULL;
    size_t count = 0;
    enum bz_status status;

    /* SQLite plans these statements well without statistics, and its
     * sqlite_stat1 would steer every other statement's plan as well */
    if (s->sql->driver->dialect != BZ_SQL_POSTGRESQL)
        return BZ_OK;
    if ((st = identity_stmt(s, IDENTITY_STALE, err)) == NULL)
        return BZ_STORE;
    status = store_sql_collect(s, st, arena, sizeof(*names),
                               identity_read_name, (void **)&names, &count,
                               err);
    for (size_t i = 0; status == BZ_OK && i < count; i++)
        if (names[i] != NULL)
            status = identity_analyze(s, names[i], err);
    return status;
}
