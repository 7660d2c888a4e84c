/* store_sql_topics.c - what the topic and institution pages read, over
 * the SQL store (store_sql_internal.h): the record, its parent chain or
 * ids, its works newest first and its researchers by number of works.
 *
 * A topic's works are those on it or on any topic under it, so that a
 * field's page lists the works of its subfields' topics.
 */
#include "store/store_sql_internal.h"

#include <string.h>

enum topic_stmt_id {
    TOPIC_GET,
    TOPIC_CHILDREN,
    TOPIC_COUNTS,
    TOPIC_FIND,
    TOPIC_WORKS,
    TOPIC_RESEARCHERS,
    INST_GET,
    INST_IDS,
    INST_COUNTS,
    INST_FIND,
    INST_WORKS,
    INST_RESEARCHERS,
    TOPIC_STMT_COUNT
};

_Static_assert(TOPIC_STMT_COUNT <= STORE_SQL_TOPIC_STMTS,
               "store_sql_internal.h gives too few topic slots");

/* the most parents a chain is followed through (OpenAlex has 3) */
#define TOPIC_CHAIN_MAX 8

/* ?1 and every topic under it */
#define TOPIC_SUBTREE                                                          \
    "WITH RECURSIVE sub(id) AS (SELECT id FROM topic WHERE id = ?1 "           \
    "UNION SELECT t.id FROM topic t JOIN sub ON t.parent_id = sub.id) "

#define TOPIC_SUBTREE_WORKS                                                    \
    "SELECT wt.work_id FROM work_topic wt "                                    \
    "WHERE wt.topic_id IN (SELECT id FROM sub)"

/* the researchers with an authorship at, or an affiliation with, ?1 */
#define INST_PEOPLE                                                            \
    "SELECT a.researcher_id FROM authorship a "                                \
    "JOIN authorship_institution ai "                                          \
    "ON ai.work_id = a.work_id AND ai.position = a.position "                  \
    "WHERE ai.institution_id = ?1 "                                            \
    "UNION SELECT af.researcher_id FROM affiliation af "                       \
    "WHERE af.institution_id = ?1"

#define VISIBLE_RESEARCHER "r.merged_into IS NULL AND r.hidden_at IS NULL"

#define WORK_REF_NEWEST                                                        \
    " ORDER BY COALESCE(w.publication_year, 0) = 0, "                          \
    "w.publication_year DESC, lower(w.title), w.id LIMIT ?3 OFFSET ?2"

static const struct {
    const char *name;
    const char *sql;
} topic_sql[TOPIC_STMT_COUNT] = {
    [TOPIC_GET] = {"read topic",
                   "SELECT id, display_name, scheme, external_id, level, "
                   "COALESCE(parent_id, 0) FROM topic WHERE id = ?1"},
    [TOPIC_CHILDREN] = {"read topic children",
                        "SELECT id, display_name, scheme, external_id, 0 "
                        "FROM topic WHERE parent_id = ?1 "
                        "ORDER BY display_name, id"},
    [TOPIC_COUNTS] = {"count topic works",
                      TOPIC_SUBTREE "SELECT (SELECT count(DISTINCT w.work_id) "
                                    "FROM (" TOPIC_SUBTREE_WORKS ") w), "
                                    "(SELECT count(DISTINCT r.id) "
                                    "FROM authorship a JOIN researcher r "
                                    "ON r.id = a.researcher_id "
                                    "WHERE a.work_id IN (" TOPIC_SUBTREE_WORKS
                                    ") AND " VISIBLE_RESEARCHER ")"},
    [TOPIC_FIND] = {"find topic by id", "SELECT id FROM topic "
                                        "WHERE scheme = ?1 "
                                        "AND external_id = ?2"},
    [TOPIC_WORKS] = {"read topic works", TOPIC_SUBTREE
                     "SELECT w.id, w.title, w.slug, "
                     "COALESCE(w.publication_year, 0) "
                     "FROM work w WHERE w.id IN (" TOPIC_SUBTREE_WORKS
                     ")" WORK_REF_NEWEST},
    [TOPIC_RESEARCHERS] = {"read topic researchers", TOPIC_SUBTREE
                           "SELECT r.id, r.display_name, r.slug, "
                           "count(DISTINCT a.work_id) AS n "
                           "FROM authorship a JOIN researcher r "
                           "ON r.id = a.researcher_id "
                           "WHERE a.work_id IN (" TOPIC_SUBTREE_WORKS ") "
                           "AND " VISIBLE_RESEARCHER " "
                           "GROUP BY r.id, r.display_name, r.slug "
                           "ORDER BY n DESC, r.display_name, r.id "
                           "LIMIT ?2"},
    [INST_GET] = {"read institution",
                  "SELECT id, display_name, country_code, homepage "
                  "FROM institution WHERE id = ?1"},
    [INST_IDS] = {"read institution ids",
                  "SELECT scheme, value, source FROM institution_id "
                  "WHERE institution_id = ?1 ORDER BY scheme, value"},
    [INST_COUNTS] =
        {"count institution works",
         "SELECT (SELECT count(DISTINCT work_id) "
         "FROM authorship_institution WHERE institution_id = ?1), "
         "(SELECT count(*) FROM researcher r WHERE r.id IN (" INST_PEOPLE
         ") AND " VISIBLE_RESEARCHER ")"},
    [INST_FIND] = {"find institution by id",
                   "SELECT institution_id FROM institution_id "
                   "WHERE scheme = ?1 AND value = ?2"},
    [INST_WORKS] = {"read institution works",
                    "SELECT w.id, w.title, w.slug, "
                    "COALESCE(w.publication_year, 0) FROM work w "
                    "WHERE w.id IN (SELECT work_id "
                    "FROM authorship_institution "
                    "WHERE institution_id = ?1)" WORK_REF_NEWEST},
    [INST_RESEARCHERS] = {"read institution researchers",
                          "SELECT r.id, r.display_name, r.slug, "
                          "(SELECT count(DISTINCT a.work_id) "
                          "FROM authorship a JOIN authorship_institution ai "
                          "ON ai.work_id = a.work_id "
                          "AND ai.position = a.position "
                          "WHERE ai.institution_id = ?1 "
                          "AND a.researcher_id = r.id) AS n "
                          "FROM researcher r WHERE r.id IN (" INST_PEOPLE
                          ") AND " VISIBLE_RESEARCHER " "
                          "ORDER BY n DESC, r.display_name, r.id LIMIT ?2"},
};

static struct bz_sql_stmt *
topic_stmt(struct store_sql *s, enum topic_stmt_id id, struct bz_error *err)
{
    return store_sql_prepared(s, &s->topic_stmts[id], topic_sql[id].name,
                              topic_sql[id].sql, err);
}

void store_sql_topics_close(struct store_sql *s)
{
    for (size_t i = 0; i < TOPIC_STMT_COUNT; i++)
        bz_sql_finalize(s->topic_stmts[i]);
}

/* A topic row of TOPIC_GET: the topic and its parent's id. */
struct topic_row {
    struct bz_topic_ref ref;
    const char *level;
    int64_t parent;
};

static void topic_read_row(struct bz_arena *arena, struct bz_sql_stmt *st,
                           void *item, int *nomem)
{
    struct topic_row *t = item;

    t->ref.id = bz_sql_column_int64(st, 0);
    t->ref.display_name = store_sql_text(arena, st, 1, nomem);
    t->ref.scheme = store_sql_text(arena, st, 2, nomem);
    t->ref.external_id = store_sql_text(arena, st, 3, nomem);
    t->level = store_sql_text(arena, st, 4, nomem);
    t->parent = bz_sql_column_int64(st, 5);
}

/* Two counts in a row. */
static void topic_read_counts(struct bz_arena *arena, struct bz_sql_stmt *st,
                              void *item, int *nomem)
{
    long *counts = item;

    (void)arena;
    (void)nomem;
    counts[0] = (long)bz_sql_column_int64(st, 0);
    counts[1] = (long)bz_sql_column_int64(st, 1);
}

static void topic_read_institution(struct bz_arena *arena,
                                   struct bz_sql_stmt *st, void *item,
                                   int *nomem)
{
    struct bz_institution *i = item;

    i->id = bz_sql_column_int64(st, 0);
    i->display_name = store_sql_text(arena, st, 1, nomem);
    i->country_code = store_sql_text(arena, st, 2, nomem);
    i->homepage = store_sql_text(arena, st, 3, nomem);
}

static void topic_read_researcher(struct bz_arena *arena,
                                  struct bz_sql_stmt *st, void *item,
                                  int *nomem)
{
    struct bz_researcher_count *r = item;

    r->id = bz_sql_column_int64(st, 0);
    r->display_name = store_sql_text(arena, st, 1, nomem);
    r->slug = store_sql_text(arena, st, 2, nomem);
    r->works = (int)bz_sql_column_int64(st, 3);
}

/* Runs statement id with ?1 = a (and ?2 = b when b >= 0), collecting its
 * rows. */
static enum bz_status topic_collect(struct store_sql *s, enum topic_stmt_id id,
                                    int64_t a, int64_t b,
                                    struct bz_arena *arena, size_t size,
                                    store_sql_row_fn *read, void **out,
                                    size_t *count, struct bz_error *err)
{
    struct bz_sql_stmt *st = topic_stmt(s, id, err);

    bz_sql_bind_int64(st, 1, a);
    if (b >= 0)
        bz_sql_bind_int64(st, 2, b);
    return store_sql_collect(s, st, arena, size, read, out, count, err);
}

/* The two counts statement stmt gives for id. */
static enum bz_status topic_counts(struct store_sql *s, enum topic_stmt_id stmt,
                                   int64_t id, struct bz_arena *arena,
                                   long *works, long *researchers,
                                   struct bz_error *err)
{
    void *items;
    size_t n;
    enum bz_status rc = topic_collect(s, stmt, id, -1, arena, 2 * sizeof(long),
                                      topic_read_counts, &items, &n, err);

    if (rc == BZ_OK && n == 1) {
        *works = ((long *)items)[0];
        *researchers = ((long *)items)[1];
    }
    return rc;
}

/* One row of TOPIC_GET for id; BZ_NOT_FOUND when none. */
static enum bz_status topic_row_get(struct store_sql *s, struct bz_arena *arena,
                                    int64_t id, struct topic_row *out,
                                    struct bz_error *err)
{
    void *rows;
    size_t n;
    enum bz_status rc = topic_collect(s, TOPIC_GET, id, -1, arena, sizeof(*out),
                                      topic_read_row, &rows, &n, err);

    if (rc != BZ_OK)
        return rc;
    if (n == 0)
        return bz_error_set(err, BZ_NOT_FOUND, "no topic 'T%lld'",
                            (long long)id);
    *out = *(struct topic_row *)rows;
    return BZ_OK;
}

/* The chain above row, root first. */
static enum bz_status topic_parents(struct store_sql *s, struct bz_arena *arena,
                                    const struct topic_row *row,
                                    struct bz_topic *out, struct bz_error *err)
{
    struct topic_row up[TOPIC_CHAIN_MAX];
    int64_t next = row->parent;
    size_t n = 0;
    enum bz_status rc;

    while (next != 0 && next != row->ref.id && n < TOPIC_CHAIN_MAX) {
        if ((rc = topic_row_get(s, arena, next, &up[n], err)) != BZ_OK)
            return rc;
        next = up[n++].parent;
    }
    out->parents = n ? bz_arena_calloc(arena, n, sizeof(*out->parents)) : NULL;
    if (n && out->parents == NULL)
        return store_sql_nomem(err);
    for (size_t i = 0; i < n; i++)
        out->parents[i] = up[n - 1 - i].ref;
    out->parent_count = n;
    return BZ_OK;
}

enum bz_status store_sql_topic_get(struct bz_store *store,
                                   struct bz_arena *arena, int64_t id,
                                   struct bz_topic *out, struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct topic_row row;
    void *items;
    enum bz_status rc;

    memset(out, 0, sizeof(*out));
    if ((rc = topic_row_get(s, arena, id, &row, err)) != BZ_OK ||
        (rc = topic_parents(s, arena, &row, out, err)) != BZ_OK)
        return rc;
    out->id = row.ref.id;
    out->display_name = row.ref.display_name;
    out->scheme = row.ref.scheme;
    out->external_id = row.ref.external_id;
    out->level = row.level;
    if ((rc = topic_collect(s, TOPIC_CHILDREN, id, -1, arena,
                            sizeof(*out->children), store_sql_read_topic,
                            &items, &out->child_count, err)) != BZ_OK)
        return rc;
    out->children = items;
    return topic_counts(s, TOPIC_COUNTS, id, arena, &out->work_count,
                        &out->researcher_count, err);
}

/* The id statement id finds for scheme and value; what names the kind. */
static enum bz_status topic_find_by(struct bz_store *store,
                                    enum topic_stmt_id stmt, const char *what,
                                    const char *scheme, const char *value,
                                    int64_t *id, struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st = topic_stmt(s, stmt, err);
    enum bz_status rc;

    if (st == NULL)
        return BZ_STORE;
    store_sql_bind_text(st, 1, scheme);
    store_sql_bind_text(st, 2, value);
    if ((rc = store_sql_int64(s, st, id, err)) != BZ_OK)
        return rc;
    if (*id == 0)
        return bz_error_set(err, BZ_NOT_FOUND, "no %s with %s '%s'", what,
                            scheme, value);
    return BZ_OK;
}

enum bz_status store_sql_topic_find(struct bz_store *store, const char *scheme,
                                    const char *value, int64_t *id,
                                    struct bz_error *err)
{
    return topic_find_by(store, TOPIC_FIND, "topic", scheme, value, id, err);
}

/* limit works of statement stmt for id from offset, and whether more
 * follow. */
static enum bz_status topic_works_of(struct bz_store *store,
                                     enum topic_stmt_id stmt,
                                     struct bz_arena *arena, int64_t id,
                                     long offset, int limit,
                                     struct bz_work_ref **out, size_t *count,
                                     int *more, struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st = topic_stmt(s, stmt, err);
    enum bz_status rc;
    void *items = NULL;

    *out = NULL;
    *count = 0;
    *more = 0;
    if (st == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, id);
    bz_sql_bind_int64(st, 2, offset);
    bz_sql_bind_int64(st, 3, (int64_t)limit + 1);
    rc = store_sql_collect(s, st, arena, sizeof(**out), store_sql_read_work_ref,
                           &items, count, err);
    if (rc != BZ_OK)
        return rc;
    *out = items;
    *more = *count > (size_t)limit;
    if (*more)
        *count = (size_t)limit;
    return BZ_OK;
}

enum bz_status store_sql_topic_works(struct bz_store *store,
                                     struct bz_arena *arena, int64_t id,
                                     long offset, int limit,
                                     struct bz_work_ref **out, size_t *count,
                                     int *more, struct bz_error *err)
{
    return topic_works_of(store, TOPIC_WORKS, arena, id, offset, limit, out,
                          count, more, err);
}

enum bz_status store_sql_topic_researchers(struct bz_store *store,
                                           struct bz_arena *arena, int64_t id,
                                           int limit,
                                           struct bz_researcher_count **out,
                                           size_t *count, struct bz_error *err)
{
    void *items;
    enum bz_status rc =
        topic_collect(store_sql_of(store), TOPIC_RESEARCHERS, id, limit, arena,
                      sizeof(**out), topic_read_researcher, &items, count, err);

    *out = items;
    return rc;
}

enum bz_status store_sql_institution_get(struct bz_store *store,
                                         struct bz_arena *arena, int64_t id,
                                         struct bz_institution *out,
                                         struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    void *items;
    size_t n;
    enum bz_status rc;

    memset(out, 0, sizeof(*out));
    if ((rc = topic_collect(s, INST_GET, id, -1, arena, sizeof(*out),
                            topic_read_institution, &items, &n, err)))
        return rc;
    if (n == 0)
        return bz_error_set(err, BZ_NOT_FOUND, "no institution 'I%lld'",
                            (long long)id);
    *out = *(struct bz_institution *)items;
    if ((rc = topic_collect(s, INST_IDS, id, -1, arena, sizeof(*out->ids),
                            store_sql_read_id, &items, &out->id_count, err)))
        return rc;
    out->ids = items;
    return topic_counts(s, INST_COUNTS, id, arena, &out->work_count,
                        &out->researcher_count, err);
}

enum bz_status store_sql_institution_find(struct bz_store *store,
                                          const char *scheme, const char *value,
                                          int64_t *id, struct bz_error *err)
{
    return topic_find_by(store, INST_FIND, "institution", scheme, value, id,
                         err);
}

enum bz_status store_sql_institution_works(struct bz_store *store,
                                           struct bz_arena *arena, int64_t id,
                                           long offset, int limit,
                                           struct bz_work_ref **out,
                                           size_t *count, int *more,
                                           struct bz_error *err)
{
    return topic_works_of(store, INST_WORKS, arena, id, offset, limit, out,
                          count, more, err);
}

enum bz_status store_sql_institution_researchers(
    struct bz_store *store, struct bz_arena *arena, int64_t id, int limit,
    struct bz_researcher_count **out, size_t *count, struct bz_error *err)
{
    void *items;
    enum bz_status rc =
        topic_collect(store_sql_of(store), INST_RESEARCHERS, id, limit, arena,
                      sizeof(**out), topic_read_researcher, &items, count, err);

    *out = items;
    return rc;
}
