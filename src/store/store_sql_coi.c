/* store_sql_coi.c - the facts the conflict-of-interest check and the
 * suggested collaborators are decided on, over the SQL store
 * (store_sql_internal.h): shared works, current institutions, and who
 * might be suggested.
 *
 * Only rows live here; the rules are graph/coi.c's and graph/suggest.c's.
 */
#include "store/store_sql_internal.h"

enum coi_stmt_id {
    COI_SHARED_WORKS,
    COI_CURRENT_INSTITUTIONS,
    COI_CANDIDATES_READ,
    COI_STMT_COUNT
};

_Static_assert(COI_STMT_COUNT <= STORE_SQL_COI_STMTS,
               "store_sql_internal.h gives too few coi slots");

/* A researcher's current institutions: the affiliations a people source
 * marks current, else those of the authorships of the latest year that
 * names one. who is the researcher (an SQL expression); the rows are
 * institution ids. */
#define COI_CURRENT_IDS(who)                                                   \
    "SELECT af.institution_id FROM affiliation af "                            \
    "WHERE af.researcher_id = " who " AND af.current = 1 "                     \
    "UNION SELECT ai.institution_id FROM authorship a "                        \
    "JOIN work w ON w.id = a.work_id "                                         \
    "JOIN authorship_institution ai "                                          \
    "ON ai.work_id = a.work_id AND ai.position = a.position "                  \
    "WHERE a.researcher_id = " who " AND NOT EXISTS (SELECT 1 "                \
    "FROM affiliation c WHERE c.researcher_id = " who " AND c.current = 1) "   \
    "AND COALESCE(w.publication_year, 0) = (SELECT "                           \
    "max(COALESCE(w2.publication_year, 0)) FROM authorship a2 "                \
    "JOIN work w2 ON w2.id = a2.work_id "                                      \
    "JOIN authorship_institution ai2 "                                         \
    "ON ai2.work_id = a2.work_id AND ai2.position = a2.position "              \
    "WHERE a2.researcher_id = " who ")"

/* The works researcher ?1 and top.id wrote together. */
#define COI_SHARED_WITH_TOP                                                    \
    "FROM work w WHERE w.id IN (SELECT work_id FROM mine) "                    \
    "AND w.id IN (SELECT x.work_id FROM authorship x "                         \
    "WHERE x.researcher_id = top.id)"

/* Suggestion candidates of ?1: those sharing a topic (by_topic) or a
 * co-author (by_path), best first by ?2 per co-author in common and ?3
 * per shared topic, at most ?4; the facts of a conflict are read only for
 * those kept. */
#define COI_CANDIDATES                                                         \
    "WITH mine AS (SELECT DISTINCT work_id FROM authorship "                   \
    "WHERE researcher_id = ?1), "                                              \
    "my_topics AS (SELECT DISTINCT wt.topic_id FROM work_topic wt "            \
    "JOIN mine m ON m.work_id = wt.work_id), "                                 \
    "coauthors AS (SELECT DISTINCT a.researcher_id AS id FROM authorship a "   \
    "JOIN mine m ON m.work_id = a.work_id WHERE a.researcher_id <> ?1), "      \
    "by_topic AS (SELECT a.researcher_id AS id, "                              \
    "count(DISTINCT wt.topic_id) AS n FROM my_topics t "                       \
    "JOIN work_topic wt ON wt.topic_id = t.topic_id "                          \
    "JOIN authorship a ON a.work_id = wt.work_id "                             \
    "WHERE a.researcher_id <> ?1 GROUP BY a.researcher_id), "                  \
    "by_path AS (SELECT b.researcher_id AS id, count(DISTINCT c.id) AS n "     \
    "FROM coauthors c JOIN authorship a ON a.researcher_id = c.id "            \
    "JOIN authorship b ON b.work_id = a.work_id "                              \
    "WHERE b.researcher_id <> ?1 AND b.researcher_id <> c.id "                 \
    "GROUP BY b.researcher_id), "                                              \
    "scored AS (SELECT id, sum(t) AS topics, sum(p) AS paths FROM ("           \
    "SELECT id, n AS t, 0 AS p FROM by_topic "                                 \
    "UNION ALL SELECT id, 0, n FROM by_path) u GROUP BY id), "                 \
    "top AS (SELECT r.id, r.display_name, r.slug, s.topics, s.paths "          \
    "FROM scored s JOIN researcher r ON r.id = s.id "                          \
    "WHERE r.merged_into IS NULL AND r.hidden_at IS NULL "                     \
    "ORDER BY s.paths * ?2 + s.topics * ?3 DESC, r.id LIMIT ?4) "              \
    "SELECT top.id, top.display_name, top.slug, top.topics, top.paths, "       \
    "(SELECT count(*) " COI_SHARED_WITH_TOP "), "                              \
    "COALESCE((SELECT max(w.publication_year) " COI_SHARED_WITH_TOP "), 0), "  \
    "(SELECT count(*) " COI_SHARED_WITH_TOP                                    \
    " AND w.publication_year IS NULL), "                                       \
    "EXISTS (SELECT 1 FROM institution i WHERE i.id IN (" COI_CURRENT_IDS(     \
        "?1") ") AND i.id IN (" COI_CURRENT_IDS("top.id") ")) "                \
                                                          "FROM top ORDER BY " \
                                                          "top.paths * ?2 + "  \
                                                          "top.topics * ?3 "   \
                                                          "DESC, top.id"

static const struct {
    const char *name;
    const char *sql;
} coi_sql[COI_STMT_COUNT] = {
    [COI_SHARED_WORKS] = {"read shared works",
                          "SELECT w.id, w.title, w.slug, "
                          "COALESCE(w.publication_year, 0) FROM work w "
                          "WHERE w.id IN (SELECT work_id FROM authorship "
                          "WHERE researcher_id = ?1) "
                          "AND w.id IN (SELECT work_id FROM authorship "
                          "WHERE researcher_id = ?2) "
                          "ORDER BY COALESCE(w.publication_year, 0) = 0, "
                          "w.publication_year DESC, lower(w.title), w.id"},
    [COI_CURRENT_INSTITUTIONS] = {"read current institutions",
                                  "SELECT i.id, i.display_name, "
                                  "i.country_code FROM institution i "
                                  "WHERE i.id IN (" COI_CURRENT_IDS(
                                      "?1") ") "
                                            "ORDER BY i.display_name, i.id"},
    [COI_CANDIDATES_READ] = {"read suggestion candidates", COI_CANDIDATES},
};

static struct bz_sql_stmt *coi_stmt(struct store_sql *s, enum coi_stmt_id id,
                                    struct bz_error *err)
{
    return store_sql_prepared(s, &s->coi_stmts[id], coi_sql[id].name,
                              coi_sql[id].sql, err);
}

void store_sql_coi_close(struct store_sql *s)
{
    for (size_t i = 0; i < COI_STMT_COUNT; i++)
        bz_sql_finalize(s->coi_stmts[i]);
}

enum bz_status store_sql_researcher_shared_works(
    struct bz_store *store, struct bz_arena *arena, int64_t a, int64_t b,
    struct bz_work_ref **out, size_t *count, struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st = coi_stmt(s, COI_SHARED_WORKS, err);
    enum bz_status status;
    void *items = NULL;

    if (st == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, a);
    bz_sql_bind_int64(st, 2, b);
    status = store_sql_collect(s, st, arena, sizeof(**out),
                               store_sql_read_work_ref, &items, count, err);
    *out = items;
    return status;
}

enum bz_status store_sql_researcher_current_institutions(
    struct bz_store *store, struct bz_arena *arena, int64_t id,
    struct bz_institution_ref **out, size_t *count, struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st = coi_stmt(s, COI_CURRENT_INSTITUTIONS, err);
    enum bz_status status;
    void *items = NULL;

    if (st == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, id);
    status = store_sql_collect(s, st, arena, sizeof(**out),
                               store_sql_read_institution, &items, count, err);
    *out = items;
    return status;
}

static void coi_read_candidate(struct bz_arena *arena, struct bz_sql_stmt *st,
                               void *item, int *nomem)
{
    struct bz_suggestion_candidate *c = item;

    c->id = bz_sql_column_int64(st, 0);
    c->display_name = store_sql_text(arena, st, 1, nomem);
    c->slug = store_sql_text(arena, st, 2, nomem);
    c->shared_topics = (int)bz_sql_column_int64(st, 3);
    c->common_coauthors = (int)bz_sql_column_int64(st, 4);
    c->shared_works = (int)bz_sql_column_int64(st, 5);
    c->last_shared_year = (int)bz_sql_column_int64(st, 6);
    c->undated_shared_works = (int)bz_sql_column_int64(st, 7);
    c->shared_institution = bz_sql_column_int64(st, 8) != 0;
}

enum bz_status store_sql_researcher_suggestion_candidates(
    struct bz_store *store, struct bz_arena *arena, int64_t id,
    int coauthor_weight, int topic_weight, int limit,
    struct bz_suggestion_candidate **out, size_t *count, struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st = coi_stmt(s, COI_CANDIDATES_READ, err);
    enum bz_status status;
    void *items = NULL;

    if (st == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, id);
    bz_sql_bind_int64(st, 2, coauthor_weight);
    bz_sql_bind_int64(st, 3, topic_weight);
    bz_sql_bind_int64(st, 4, limit);
    status = store_sql_collect(s, st, arena, sizeof(**out), coi_read_candidate,
                               &items, count, err);
    *out = items;
    return status;
}
