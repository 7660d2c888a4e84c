/* store_sql_coi.c - the facts the conflict-of-interest check and the
 * suggested collaborators are decided on, over the SQL store
 * (store_sql_internal.h): shared works, current institutions.
 *
 * Only rows live here; the rules are graph/coi.c's and graph/suggest.c's.
 */
#include "store/store_sql_internal.h"

enum coi_stmt_id { COI_SHARED_WORKS, COI_CURRENT_INSTITUTIONS, COI_STMT_COUNT };

_Static_assert(COI_STMT_COUNT <= STORE_SQL_COI_STMTS,
               "store_sql_internal.h gives too few coi slots");

/* A researcher's current institutions: the affiliations a people source
 * marks current, else those of the authorships of the latest year that
 * names one. ?1 is the researcher; the rows are institution ids. */
#define COI_CURRENT_IDS                                                        \
    "SELECT af.institution_id FROM affiliation af "                            \
    "WHERE af.researcher_id = ?1 AND af.current = 1 "                          \
    "UNION SELECT ai.institution_id FROM authorship a "                        \
    "JOIN work w ON w.id = a.work_id "                                         \
    "JOIN authorship_institution ai "                                          \
    "ON ai.work_id = a.work_id AND ai.position = a.position "                  \
    "WHERE a.researcher_id = ?1 AND NOT EXISTS (SELECT 1 FROM affiliation c "  \
    "WHERE c.researcher_id = ?1 AND c.current = 1) "                           \
    "AND COALESCE(w.publication_year, 0) = (SELECT "                           \
    "max(COALESCE(w2.publication_year, 0)) FROM authorship a2 "                \
    "JOIN work w2 ON w2.id = a2.work_id "                                      \
    "JOIN authorship_institution ai2 "                                         \
    "ON ai2.work_id = a2.work_id AND ai2.position = a2.position "              \
    "WHERE a2.researcher_id = ?1)"

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
                                  "WHERE i.id IN (" COI_CURRENT_IDS ") "
                                  "ORDER BY i.display_name, i.id"},
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
