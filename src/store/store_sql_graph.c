/* store_sql_graph.c - the rows the research graph's builder reads
 * (graph_rows in store.h), over the SQL store (store_sql_internal.h).
 *
 * Each query answers one step of a slice (src/graph/graph.c) through the
 * indexes the schema has: a researcher's authorships, a work's
 * authorships, topics and citations, a topic's or an institution's works.
 * Where a record may have thousands of works (a topic, an institution, a
 * much-cited work), the candidates are bounded in SQL: the limit newest
 * and the limit most cited, so that a slice costs the same at any size.
 * Every row has the same columns, read by graph_read_row().
 */
#include "store/store_sql_internal.h"

#include <string.h>

/* The columns of a row, in graph_read_row()'s order: from, via, id,
 * label, slug, year, citations, authors, position, score, scheme. */

/* The highest citation count of work w, and its authorships. */
#define GRAPH_CITES                                                            \
    "COALESCE((SELECT max(c.count) FROM work_citation_count c "                \
    "WHERE c.work_id = w.id), 0)"
#define GRAPH_AUTHORS                                                          \
    "(SELECT count(*) FROM authorship x WHERE x.work_id = w.id)"

/* A row of work w, reached from the record ?1. */
#define GRAPH_WORK_ROW(score)                                                  \
    "SELECT CAST(?1 AS BIGINT), 0, w.id, w.title, w.slug, "                    \
    "COALESCE(w.publication_year, 0), " GRAPH_CITES ", " GRAPH_AUTHORS         \
    ", 0, " score ", NULL FROM work w "

/* The works of researcher ?1 that its owner did not hide, the ?2 newest
 * (by year, then id). The hidden ones are read once into a set (most
 * records have none), not looked up work by work. */
#define GRAPH_RESEARCHER_SET                                                   \
    "(SELECT a.work_id FROM authorship a JOIN work w ON w.id = a.work_id "     \
    "WHERE a.researcher_id = ?1 AND a.work_id NOT IN (SELECT f.work_id "       \
    "FROM researcher_work_flag f WHERE f.researcher_id = ?1 "                  \
    "AND f.hidden = 1) "                                                       \
    "ORDER BY COALESCE(w.publication_year, 0) DESC, a.work_id DESC "           \
    "LIMIT ?2)"

/* The records an opt-out hid: a handful, through a partial index
 * (migration 13), so that leaving them out costs nothing per row. */
#define GRAPH_HIDDEN                                                           \
    "(SELECT h.id FROM researcher h WHERE h.hidden_at IS NOT NULL)"

/* cand: of the works the query set names (its column id), the ?2 newest
 * and the ?2 most cited. The counts are looked up from s (CROSS JOIN
 * keeps SQLite to that order; PostgreSQL reads it as a plain join):
 * left to choose, SQLite scanned every count in the database to find
 * the few of s, 12 ms a query at a million works. */
#define GRAPH_CANDIDATES(set)                                                  \
    "WITH s AS (" set "), cand AS ("                                           \
    "SELECT id FROM (SELECT w.id AS id FROM s JOIN work w ON w.id = s.id "     \
    "ORDER BY COALESCE(w.publication_year, 0) DESC, w.id LIMIT ?2) n "         \
    "UNION SELECT id FROM (SELECT c.work_id AS id FROM s "                     \
    "CROSS JOIN work_citation_count c WHERE c.work_id = s.id "                 \
    "GROUP BY c.work_id "                                                      \
    "ORDER BY max(c.count) DESC, c.work_id LIMIT ?2) m) "

/* A researcher's neighbourhood (BZ_GRAPH_Q_RESEARCHER_HOOD), its
 * authorships narrowed by the condition authors (on o, "" for all). */
#define GRAPH_RESEARCHER_HOOD(authors)                                         \
    "WITH s AS MATERIALIZED " GRAPH_RESEARCHER_SET " "                         \
    "SELECT CAST(?1 AS BIGINT), 0, w.id, w.title, w.slug, "                    \
    "COALESCE(w.publication_year, 0), " GRAPH_CITES ", " GRAPH_AUTHORS         \
    ", 0, 0.0, NULL, 'W' FROM work w "                                         \
    "WHERE w.id IN (SELECT work_id FROM s) UNION ALL "                         \
    "SELECT o.work_id, COALESCE(ai.institution_id, 0), "                       \
    "o.researcher_id, NULL, NULL, 0, 0, 0, o.position, 0.0, NULL, 'A' "        \
    "FROM authorship o LEFT JOIN authorship_institution ai "                   \
    "ON ai.work_id = o.work_id AND ai.position = o.position "                  \
    "WHERE o.work_id IN (SELECT work_id FROM s) " authors                      \
    "AND o.researcher_id IS NOT NULL "                                         \
    "AND o.researcher_id NOT IN " GRAPH_HIDDEN " UNION ALL "                   \
    "SELECT wt.work_id, 0, wt.topic_id, NULL, NULL, 0, 0, 0, 0, "              \
    "COALESCE(wt.score, 0), NULL, 'T' FROM work_topic wt "                     \
    "WHERE wt.work_id IN (SELECT work_id FROM s) UNION ALL "                   \
    "SELECT af.researcher_id, 0, af.institution_id, NULL, NULL, 0, 0, "        \
    "0, 0, 0.0, NULL, 'I' FROM affiliation af "                                \
    "WHERE af.researcher_id = ?1"

/* The first BZ_GRAPH_EXPAND_AUTHORS authors of each work, and the
 * researcher's own place. One expression, not an OR: given "position <=
 * N OR researcher_id = ?1", SQLite read each branch through an index of
 * its own, and the first through none, a scan of every authorship. */
#define GRAPH_STR(n) #n
#define GRAPH_STR_OF(n) GRAPH_STR(n)
#define GRAPH_FIRST_AUTHORS                                                    \
    "AND CASE WHEN o.researcher_id = ?1 THEN 0 ELSE o.position END <= "        \
    GRAPH_STR_OF(BZ_GRAPH_EXPAND_AUTHORS) " "

#define GRAPH_TOPIC_SET                                                        \
    "SELECT wt.work_id AS id FROM work_topic wt WHERE wt.topic_id = ?1"
/* each work once, though several of its authors list the institution */
#define GRAPH_INSTITUTION_SET                                                  \
    "SELECT DISTINCT ai.work_id AS id FROM authorship_institution ai "         \
    "WHERE ai.institution_id = ?1"

/* The known, visible authors of the candidate works. */
#define GRAPH_CANDIDATE_AUTHORS                                                \
    "SELECT a.work_id, 0, r.id, r.display_name, r.slug, 0, 0, 0, "             \
    "a.position, 0.0, NULL FROM authorship a "                                 \
    "JOIN researcher r ON r.id = a.researcher_id "

static const struct {
    const char *name;
    const char *sql;
    const char *sql_pg; /* PostgreSQL's text where it differs, or NULL */
} graph_sql[BZ_GRAPH_Q_COUNT] = {
    [BZ_GRAPH_Q_RESEARCHER] = {"read graph researcher",
                               "SELECT COALESCE(merged_into, 0), 0, id, "
                               "display_name, slug, 0, 0, 0, "
                               "CASE WHEN hidden_at IS NULL THEN 0 ELSE 1 "
                               "END, 0.0, NULL FROM researcher "
                               "WHERE id = ?1"},
    [BZ_GRAPH_Q_WORK] = {"read graph work",
                         "SELECT 0, 0, id, title, slug, "
                         "COALESCE(publication_year, 0), 0, 0, 0, 0.0, "
                         "NULL FROM work WHERE id = ?1"},
    [BZ_GRAPH_Q_TOPIC] = {"read graph topic",
                          "SELECT 0, 0, id, display_name, external_id, 0, "
                          "0, 0, 0, 0.0, scheme FROM topic WHERE id = ?1"},
    [BZ_GRAPH_Q_INSTITUTION] = {"read graph institution",
                                "SELECT 0, 0, id, display_name, NULL, 0, 0, "
                                "0, 0, 0.0, NULL FROM institution "
                                "WHERE id = ?1"},
    /* one statement, so that the researcher's works are found once */
    [BZ_GRAPH_Q_RESEARCHER_HOOD] = {"read graph researcher neighbourhood",
                                    GRAPH_RESEARCHER_HOOD("")},
    [BZ_GRAPH_Q_RESEARCHER_EXPAND] = {"read graph expanded researcher",
                                      GRAPH_RESEARCHER_HOOD(
                                          GRAPH_FIRST_AUTHORS)},
    [BZ_GRAPH_Q_WORK_AUTHORS] = {"read graph work authors",
                                 GRAPH_CANDIDATE_AUTHORS
                                 "WHERE a.work_id = ?1 "
                                 "AND r.hidden_at IS NULL"},
    [BZ_GRAPH_Q_WORK_TOPICS] = {"read graph work topics",
                                "SELECT wt.work_id, 0, t.id, "
                                "t.display_name, t.external_id, 0, 0, 0, 0, "
                                "COALESCE(wt.score, 0), t.scheme "
                                "FROM work_topic wt "
                                "JOIN topic t ON t.id = wt.topic_id "
                                "WHERE wt.work_id = ?1"},
    [BZ_GRAPH_Q_WORK_INSTITUTIONS] = {"read graph work institutions",
                                      "SELECT COALESCE(a.researcher_id, 0), "
                                      "ai.work_id, i.id, i.display_name, "
                                      "NULL, 0, 0, 0, ai.position, 0.0, NULL "
                                      "FROM authorship_institution ai "
                                      "JOIN authorship a "
                                      "ON a.work_id = ai.work_id "
                                      "AND a.position = ai.position "
                                      "JOIN institution i "
                                      "ON i.id = ai.institution_id "
                                      "WHERE ai.work_id = ?1"},
    /* each known work it cites once: the builder keeps those in the
     * slice, so that a work's hundred references cost one row of text and
     * a hundred index steps */
    [BZ_GRAPH_Q_WORK_CITES] = {"read graph work references",
                               "SELECT DISTINCT CAST(?1 AS BIGINT), 0, "
                               "x.id, NULL, NULL, 0, 0, 0, 0, 0.0, NULL "
                               "FROM (" STORE_SQL_CITED_SQLITE("?1")
                               " AND i.work_id <> ?1) x",
                               "SELECT DISTINCT CAST(?1 AS BIGINT), 0, "
                               "x.id, NULL, NULL, 0, 0, 0, 0, 0.0, NULL "
                               "FROM (" STORE_SQL_CITED_PG("?1")
                               " AND i.work_id <> ?1) x"},
    [BZ_GRAPH_Q_WORK_CITING] = {"read graph citing works",
                                GRAPH_CANDIDATES(
                                    "SELECT c.citing_work_id AS id "
                                    "FROM work_id i JOIN citation c "
                                    "ON c.cited_scheme = i.scheme "
                                    "AND c.cited_value = i.value "
                                    "WHERE i.work_id = ?1 "
                                    "AND c.citing_work_id <> ?1")
                                GRAPH_WORK_ROW("0.0")
                                "WHERE w.id IN (SELECT id FROM cand)"},
    [BZ_GRAPH_Q_WORK_CITED] = {"read graph cited works",
                               GRAPH_CANDIDATES(STORE_SQL_CITED_SQLITE("?1")
                                                " AND i.work_id <> ?1")
                               GRAPH_WORK_ROW("0.0")
                               "WHERE w.id IN (SELECT id FROM cand)",
                               GRAPH_CANDIDATES(STORE_SQL_CITED_PG("?1")
                                                " AND i.work_id <> ?1")
                               GRAPH_WORK_ROW("0.0")
                               "WHERE w.id IN (SELECT id FROM cand)"},
    [BZ_GRAPH_Q_TOPIC_WORKS] = {"read graph topic works",
                                GRAPH_CANDIDATES(GRAPH_TOPIC_SET)
                                GRAPH_WORK_ROW(
                                    "(SELECT COALESCE(max(wt.score), 0) "
                                    "FROM work_topic wt "
                                    "WHERE wt.work_id = w.id "
                                    "AND wt.topic_id = ?1)")
                                "WHERE w.id IN (SELECT id FROM cand)"},
    [BZ_GRAPH_Q_TOPIC_AUTHORS] = {"read graph topic authors",
                                  GRAPH_CANDIDATES(GRAPH_TOPIC_SET)
                                  GRAPH_CANDIDATE_AUTHORS
                                  "WHERE a.work_id IN (SELECT id FROM cand) "
                                  "AND r.hidden_at IS NULL"},
    [BZ_GRAPH_Q_INSTITUTION_WORKS] = {"read graph institution works",
                                      GRAPH_CANDIDATES(GRAPH_INSTITUTION_SET)
                                      GRAPH_WORK_ROW("0.0")
                                      "WHERE w.id IN (SELECT id FROM cand)"},
    [BZ_GRAPH_Q_INSTITUTION_RESEARCHERS] =
        /* counted by id, and only the ?2 kept are read from researcher:
         * a large institution has thousands of authors */
        {"read graph institution researchers",
         "SELECT * FROM (SELECT CAST(?1 AS BIGINT), 0, r.id, "
         "r.display_name, r.slug, 0, 0, g.n, 0, 0.0, NULL FROM "
         "(SELECT a.researcher_id AS id, count(DISTINCT ai.work_id) AS n "
         "FROM authorship_institution ai JOIN authorship a "
         "ON a.work_id = ai.work_id AND a.position = ai.position "
         "WHERE ai.institution_id = ?1 AND a.researcher_id IS NOT NULL "
         "AND a.researcher_id NOT IN " GRAPH_HIDDEN " "
         "GROUP BY a.researcher_id ORDER BY n DESC, a.researcher_id "
         "LIMIT ?2) g JOIN researcher r ON r.id = g.id "
         "ORDER BY 8 DESC, r.id) x UNION ALL "
         "SELECT af.institution_id, 0, r.id, r.display_name, r.slug, 0, 0, "
         "0, 0, 0.0, NULL FROM affiliation af "
         "JOIN researcher r ON r.id = af.researcher_id "
         "WHERE af.institution_id = ?1 AND r.hidden_at IS NULL "
         "AND r.merged_into IS NULL"},
    [BZ_GRAPH_Q_INSTITUTION_AUTHORS] =
        {"read graph institution authors",
         GRAPH_CANDIDATES(GRAPH_INSTITUTION_SET) GRAPH_CANDIDATE_AUTHORS
         "JOIN authorship_institution ai ON ai.work_id = a.work_id "
         "AND ai.position = a.position WHERE ai.institution_id = ?1 "
         "AND a.work_id IN (SELECT id FROM cand) "
         "AND r.hidden_at IS NULL"},
};

static void graph_read_row(struct bz_arena *arena, struct bz_sql_stmt *st,
                           void *item, int *nomem)
{
    struct bz_graph_row *r = item;

    r->from = bz_sql_column_int64(st, 0);
    r->via = bz_sql_column_int64(st, 1);
    r->id = bz_sql_column_int64(st, 2);
    r->label = store_sql_text(arena, st, 3, nomem);
    r->slug = store_sql_text(arena, st, 4, nomem);
    r->year = (int)bz_sql_column_int64(st, 5);
    r->citations = (long)bz_sql_column_int64(st, 6);
    r->authors = (int)bz_sql_column_int64(st, 7);
    r->position = (int)bz_sql_column_int64(st, 8);
    r->score = bz_sql_column_double(st, 9);
    r->scheme = store_sql_text(arena, st, 10, nomem);
}

/* As graph_read_row, and the part of the neighbourhood (column 11). */
static void graph_read_hood_row(struct bz_arena *arena,
                                struct bz_sql_stmt *st, void *item,
                                int *nomem)
{
    struct bz_graph_row *r = item;
    const char *kind = bz_sql_column_text(st, 11, NULL);

    graph_read_row(arena, st, item, nomem);
    r->kind = kind != NULL ? kind[0] : '\0';
}

enum bz_status store_sql_graph_rows(struct bz_store *store,
                                    struct bz_arena *arena,
                                    enum bz_graph_query query, int64_t id,
                                    int limit, struct bz_graph_row **out,
                                    size_t *count, struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st;
    enum bz_status status;
    void *items = NULL;

    *out = NULL;
    *count = 0;
    if ((unsigned)query >= BZ_GRAPH_Q_COUNT)
        return bz_error_set(err, BZ_INVALID, "unknown graph query %d",
                            (int)query);
    st = store_sql_prepared(s, &s->graph_stmts[query], graph_sql[query].name,
                            store_sql_dialect_text(s, graph_sql[query].sql,
                                                   graph_sql[query].sql_pg),
                            err);
    if (st == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, id);
    if (strstr(graph_sql[query].sql, "?2") != NULL)
        bz_sql_bind_int64(st, 2, limit > 0 ? limit : 1);
    status = store_sql_collect(s, st, arena, sizeof(**out),
                               query == BZ_GRAPH_Q_RESEARCHER_HOOD ||
                                       query == BZ_GRAPH_Q_RESEARCHER_EXPAND
                                   ? graph_read_hood_row
                                   : graph_read_row,
                               &items, count, err);
    *out = items;
    return status;
}

void store_sql_graph_close(struct store_sql *s)
{
    for (size_t i = 0; i < BZ_GRAPH_Q_COUNT; i++)
        bz_sql_finalize(s->graph_stmts[i]);
}
