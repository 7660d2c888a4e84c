/* store_sqlite.c - the storage interface of store.h on one SQLite file. */
#include "store/store_sqlite.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "core/text.h"

#define STORE_SQLITE_BUSY_MS 5000 /* how long to wait for a lock */
#define STORE_SQLITE_SLUG_MAX 80
#define STORE_SQLITE_LIST_WORDS 8 /* most words researcher_list matches */
#define STORE_SQLITE_SHM_HEADER 48  /* one copy of the wal-index header */
#define STORE_SQLITE_SHM_MAP 4096   /* bytes of PATH-shm mapped */

/* --- statements ----------------------------------------------------------
 *
 * Every statement but researcher_list's is one fixed text, prepared on its
 * first use and kept for the life of the handle. Each is named by what it
 * does, for the error messages. */

enum store_sqlite_stmt_id {
    STMT_BEGIN,
    STMT_COMMIT,
    STMT_ROLLBACK,
    STMT_SAVEPOINT,
    STMT_RELEASE,
    STMT_ROLLBACK_TO,
    STMT_DATA_VERSION,
    STMT_MIGRATION_MAX,
    STMT_MIGRATION_HAS,
    STMT_MIGRATION_ADD,
    STMT_WORK_FIND,
    STMT_WORK_INSERT,
    STMT_WORK_FIELDS,
    STMT_WORK_UPDATE,
    STMT_WORK_ID_INSERT,
    STMT_WORK_HAS_AUTHORSHIPS,
    STMT_PROVENANCE_INSERT,
    STMT_RESEARCHER_FIND,
    STMT_RESEARCHER_INSERT,
    STMT_RESEARCHER_ID_INSERT,
    STMT_AUTHORSHIP_INSERT,
    STMT_INSTITUTION_FIND,
    STMT_INSTITUTION_BY_NAME,
    STMT_INSTITUTION_INSERT,
    STMT_INSTITUTION_FILL,
    STMT_INSTITUTION_ID_INSERT,
    STMT_AUTHORSHIP_INSTITUTION_INSERT,
    STMT_AFFILIATION_UPSERT,
    STMT_TOPIC_FIND,
    STMT_TOPIC_INSERT,
    STMT_TOPIC_SET_PARENT,
    STMT_TOPIC_SET_LEVEL,
    STMT_WORK_TOPIC_INSERT,
    STMT_COUNTS,
    STMT_RESEARCHER_GET,
    STMT_RESEARCHER_IDS,
    STMT_RESEARCHER_WORKS,
    STMT_WORK_IDS,
    STMT_RESEARCHER_TOPICS,
    STMT_RESEARCHER_COAUTHORSHIPS,
    STMT_RESEARCHER_INSTITUTIONS,
    STMT_RESEARCHER_FOLLOWERS,
    STMT_WORK_GET,
    STMT_WORK_AUTHORSHIPS,
    STMT_WORK_TOPICS,
    STMT_WORK_INSTITUTIONS,
    STMT_WORK_PROVENANCE,
    STMT_COUNT
};

/* The columns store_sqlite_read_researcher() reads, in its order. */
#define RESEARCHER_COLUMNS                                                     \
    "SELECT r.id, r.display_name, r.slug, r.summary, "                         \
    "r.open_to_collaborate, r.claim_level, COALESCE(r.merged_into, 0), "       \
    "EXISTS (SELECT 1 FROM researcher_id x WHERE x.researcher_id = r.id), "    \
    "(SELECT count(DISTINCT a.work_id) FROM authorship a "                     \
    "WHERE a.researcher_id = r.id), "                                          \
    "(SELECT i.display_name FROM authorship a "                                \
    "JOIN work w ON w.id = a.work_id "                                         \
    "JOIN authorship_institution ai "                                          \
    "ON ai.work_id = a.work_id AND ai.position = a.position "                  \
    "JOIN institution i ON i.id = ai.institution_id "                          \
    "WHERE a.researcher_id = r.id "                                            \
    "ORDER BY COALESCE(w.publication_year, 0) DESC, w.id DESC, "               \
    "ai.ordinal LIMIT 1) "                                                     \
    "FROM researcher r "

/* The columns store_sqlite_read_work() reads, in its order. */
#define WORK_COLUMNS                                                           \
    "SELECT w.id, w.title, w.slug, w.abstract, "                               \
    "COALESCE(w.publication_year, 0), w.type, w.venue, "                       \
    "COALESCE(w.open_access, -1), w.landing_url FROM work w "

static const struct {
    const char *name; /* "insert work": what failed, in messages */
    const char *sql;
} store_sqlite_sql[STMT_COUNT] = {
    [STMT_BEGIN] = {"begin", "BEGIN IMMEDIATE"},
    [STMT_COMMIT] = {"commit", "COMMIT"},
    [STMT_ROLLBACK] = {"rollback", "ROLLBACK"},
    [STMT_SAVEPOINT] = {"savepoint", "SAVEPOINT bz_import"},
    [STMT_RELEASE] = {"release savepoint", "RELEASE bz_import"},
    [STMT_ROLLBACK_TO] = {"rollback to savepoint", "ROLLBACK TO bz_import"},
    [STMT_DATA_VERSION] = {"read data version", "PRAGMA data_version"},
    [STMT_MIGRATION_MAX] = {"read schema version",
                            "SELECT COALESCE(max(version), 0) "
                            "FROM schema_migrations"},
    [STMT_MIGRATION_HAS] = {"find migration", "SELECT 1 FROM schema_migrations "
                                              "WHERE version = ?1"},
    [STMT_MIGRATION_ADD] = {"record migration",
                            "INSERT INTO schema_migrations "
                            "(version, applied_at) "
                            "VALUES (?1, CURRENT_TIMESTAMP)"},
    [STMT_WORK_FIND] = {"find work", "SELECT work_id FROM work_id "
                                     "WHERE scheme = ?1 AND value = ?2"},
    [STMT_WORK_INSERT] = {"insert work",
                          "INSERT INTO work (title, slug, abstract, "
                          "publication_year, type, venue, open_access, "
                          "landing_url) "
                          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"},
    [STMT_WORK_FIELDS] = {"read work",
                          "SELECT title, abstract, "
                          "COALESCE(publication_year, 0), type, venue, "
                          "COALESCE(open_access, -1), landing_url "
                          "FROM work WHERE id = ?1"},
    [STMT_WORK_UPDATE] = {"update work",
                          "UPDATE work SET abstract = ?2, "
                          "publication_year = ?3, type = ?4, venue = ?5, "
                          "open_access = ?6, landing_url = ?7 "
                          "WHERE id = ?1"},
    [STMT_WORK_ID_INSERT] = {"insert work id",
                             "INSERT INTO work_id "
                             "(scheme, value, work_id, source) "
                             "VALUES (?1, ?2, ?3, ?4)"},
    [STMT_WORK_HAS_AUTHORSHIPS] = {"find authorships",
                                   "SELECT EXISTS (SELECT 1 FROM authorship "
                                   "WHERE work_id = ?1)"},
    [STMT_PROVENANCE_INSERT] = {"insert provenance",
                                "INSERT INTO provenance (entity, entity_id, "
                                "field, source, source_record) "
                                "VALUES (?1, ?2, ?3, ?4, ?5) "
                                "ON CONFLICT DO NOTHING"},
    [STMT_RESEARCHER_FIND] = {"find researcher",
                              "SELECT researcher_id FROM researcher_id "
                              "WHERE scheme = ?1 AND value = ?2"},
    [STMT_RESEARCHER_INSERT] = {"insert researcher",
                                "INSERT INTO researcher "
                                "(display_name, name_key, slug) "
                                "VALUES (?1, ?2, ?3)"},
    [STMT_RESEARCHER_ID_INSERT] = {"insert researcher id",
                                   "INSERT INTO researcher_id "
                                   "(scheme, value, researcher_id, source) "
                                   "VALUES (?1, ?2, ?3, ?4)"},
    [STMT_AUTHORSHIP_INSERT] = {"insert authorship",
                                "INSERT INTO authorship "
                                "(work_id, position, researcher_id, raw_name) "
                                "VALUES (?1, ?2, ?3, ?4)"},
    [STMT_INSTITUTION_FIND] = {"find institution",
                               "SELECT institution_id FROM institution_id "
                               "WHERE scheme = ?1 AND value = ?2"},
    [STMT_INSTITUTION_BY_NAME] = {"find institution by name",
                                  "SELECT id FROM institution "
                                  "WHERE display_name = ?1 "
                                  "ORDER BY id LIMIT 1"},
    [STMT_INSTITUTION_INSERT] = {"insert institution",
                                 "INSERT INTO institution "
                                 "(display_name, country_code, homepage) "
                                 "VALUES (?1, ?2, ?3)"},
    [STMT_INSTITUTION_FILL] = {"update institution",
                               "UPDATE institution SET "
                               "country_code = COALESCE(country_code, ?2), "
                               "homepage = COALESCE(homepage, ?3) "
                               "WHERE id = ?1 AND "
                               "((country_code IS NULL AND ?2 IS NOT NULL) "
                               "OR (homepage IS NULL AND ?3 IS NOT NULL))"},
    [STMT_INSTITUTION_ID_INSERT] = {"insert institution id",
                                    "INSERT INTO institution_id "
                                    "(scheme, value, institution_id, source) "
                                    "VALUES (?1, ?2, ?3, ?4)"},
    [STMT_AUTHORSHIP_INSTITUTION_INSERT] = {"insert authorship institution",
                                            "INSERT INTO "
                                            "authorship_institution "
                                            "(work_id, position, "
                                            "institution_id, ordinal) "
                                            "VALUES (?1, ?2, ?3, ?4) "
                                            "ON CONFLICT DO NOTHING"},
    /* first_year and last_year only widen; a NULL year changes nothing */
    [STMT_AFFILIATION_UPSERT] = {"upsert affiliation",
                                 "INSERT INTO affiliation (researcher_id, "
                                 "institution_id, source, first_year, "
                                 "last_year) VALUES (?1, ?2, ?3, ?4, ?4) "
                                 "ON CONFLICT (researcher_id, institution_id, "
                                 "source) DO UPDATE SET "
                                 "first_year = min(COALESCE(first_year, "
                                 "excluded.first_year), "
                                 "COALESCE(excluded.first_year, first_year)), "
                                 "last_year = max(COALESCE(last_year, "
                                 "excluded.last_year), "
                                 "COALESCE(excluded.last_year, last_year))"},
    [STMT_TOPIC_FIND] = {"find topic",
                         "SELECT id FROM topic "
                         "WHERE scheme = ?1 AND external_id = ?2"},
    [STMT_TOPIC_INSERT] = {"insert topic",
                           "INSERT INTO topic (scheme, external_id, "
                           "display_name, level, parent_id) "
                           "VALUES (?1, ?2, ?3, ?4, ?5)"},
    /* a parent is given only to a topic that has none, and never one that
     * descends from the topic: the hierarchy stays a tree */
    [STMT_TOPIC_SET_PARENT] = {"update topic parent",
                               "UPDATE topic SET parent_id = ?2 "
                               "WHERE id = ?1 AND parent_id IS NULL "
                               "AND NOT EXISTS (WITH RECURSIVE up(id) AS ("
                               "SELECT ?2 UNION SELECT t.parent_id "
                               "FROM topic t JOIN up ON t.id = up.id "
                               "WHERE t.parent_id IS NOT NULL) "
                               "SELECT 1 FROM up WHERE up.id = ?1)"},
    [STMT_TOPIC_SET_LEVEL] = {"update topic level",
                              "UPDATE topic SET level = ?2 "
                              "WHERE id = ?1 AND level IS NULL"},
    [STMT_WORK_TOPIC_INSERT] = {"insert work topic",
                                "INSERT INTO work_topic "
                                "(work_id, topic_id, score, source) "
                                "VALUES (?1, ?2, ?3, ?4) "
                                "ON CONFLICT DO NOTHING"},
    [STMT_COUNTS] = {"count records", "SELECT (SELECT count(*) FROM researcher "
                                      "WHERE merged_into IS NULL), "
                                      "(SELECT count(*) FROM work), "
                                      "(SELECT count(*) FROM topic), "
                                      "(SELECT count(*) FROM institution)"},
    [STMT_RESEARCHER_GET] = {"read researcher",
                             RESEARCHER_COLUMNS "WHERE r.id = ?1"},
    [STMT_RESEARCHER_IDS] = {"read researcher ids",
                             "SELECT scheme, value, source "
                             "FROM researcher_id WHERE researcher_id = ?1 "
                             "ORDER BY scheme, value"},
    [STMT_RESEARCHER_WORKS] = {"read researcher works", WORK_COLUMNS
                               "WHERE w.id IN (SELECT work_id "
                               "FROM authorship WHERE researcher_id = ?1) "
                               "ORDER BY COALESCE(w.publication_year, 0) = 0, "
                               "w.publication_year DESC, "
                               "w.title COLLATE NOCASE, w.id"},
    [STMT_WORK_IDS] = {"read work ids",
                       "SELECT scheme, value, source FROM work_id "
                       "WHERE work_id = ?1 ORDER BY scheme, value"},
    [STMT_RESEARCHER_TOPICS] = {"read researcher topics",
                                "SELECT t.id, t.display_name, t.scheme, "
                                "t.external_id, "
                                "count(DISTINCT wt.work_id) AS works "
                                "FROM work_topic wt "
                                "JOIN topic t ON t.id = wt.topic_id "
                                "WHERE wt.work_id IN (SELECT work_id "
                                "FROM authorship WHERE researcher_id = ?1) "
                                "GROUP BY t.id "
                                "ORDER BY works DESC, t.display_name, t.id"},
    [STMT_RESEARCHER_COAUTHORSHIPS] = {"read co-authorships",
                                       "SELECT o.work_id, r.id, "
                                       "r.display_name, r.slug, "
                                       "r.claim_level, EXISTS (SELECT 1 "
                                       "FROM researcher_id x "
                                       "WHERE x.researcher_id = r.id), "
                                       "(SELECT count(*) FROM authorship c "
                                       "WHERE c.work_id = o.work_id) "
                                       "FROM authorship o "
                                       "JOIN researcher r "
                                       "ON r.id = o.researcher_id "
                                       "WHERE o.work_id IN (SELECT work_id "
                                       "FROM authorship "
                                       "WHERE researcher_id = ?1) "
                                       "AND o.researcher_id <> ?1 "
                                       "GROUP BY o.work_id, r.id "
                                       "ORDER BY o.work_id, min(o.position)"},
    [STMT_RESEARCHER_INSTITUTIONS] = {"read researcher institutions",
                                      "SELECT i.id, i.display_name, "
                                      "i.country_code FROM authorship a "
                                      "JOIN authorship_institution ai "
                                      "ON ai.work_id = a.work_id "
                                      "AND ai.position = a.position "
                                      "JOIN institution i "
                                      "ON i.id = ai.institution_id "
                                      "WHERE a.researcher_id = ?1 "
                                      "GROUP BY i.id "
                                      "ORDER BY count(DISTINCT a.work_id) "
                                      "DESC, i.display_name, i.id"},
    [STMT_RESEARCHER_FOLLOWERS] = {"count followers",
                                   "SELECT count(*), COALESCE(sum(CASE "
                                   "WHEN a.email_verified = 1 AND "
                                   "(a.owns_researcher_id IS NULL OR "
                                   "a.owns_researcher_id <> f.researcher_id) "
                                   "THEN 1 ELSE 0 END), 0) "
                                   "FROM follow f "
                                   "LEFT JOIN account a ON a.id = f.account_id "
                                   "WHERE f.researcher_id = ?1"},
    [STMT_WORK_GET] = {"read work", WORK_COLUMNS "WHERE w.id = ?1"},
    [STMT_WORK_AUTHORSHIPS] = {"read authorships",
                               "SELECT a.position, a.raw_name, "
                               "COALESCE(a.researcher_id, 0), "
                               "r.display_name, r.slug FROM authorship a "
                               "LEFT JOIN researcher r "
                               "ON r.id = a.researcher_id "
                               "WHERE a.work_id = ?1 ORDER BY a.position"},
    [STMT_WORK_TOPICS] = {"read work topics",
                          "SELECT t.id, t.display_name, t.scheme, "
                          "t.external_id, 0 FROM work_topic wt "
                          "JOIN topic t ON t.id = wt.topic_id "
                          "WHERE wt.work_id = ?1 "
                          "ORDER BY wt.score DESC, t.id"},
    [STMT_WORK_INSTITUTIONS] = {"read work institutions",
                                "SELECT i.id, i.display_name, "
                                "i.country_code "
                                "FROM authorship_institution ai "
                                "JOIN institution i "
                                "ON i.id = ai.institution_id "
                                "WHERE ai.work_id = ?1 GROUP BY i.id "
                                "ORDER BY min(ai.position), min(ai.ordinal)"},
    [STMT_WORK_PROVENANCE] = {"read provenance",
                              "SELECT field, source, source_record "
                              "FROM provenance "
                              "WHERE entity = 'work' AND entity_id = ?1 "
                              "ORDER BY field, source"},
};

/* researcher_list's text: the head, one condition per word, the tail. Each
 * word must begin a word of name_key (" jose suarez "). */
#define LIST_HEAD RESEARCHER_COLUMNS "WHERE r.merged_into IS NULL AND r.id > ?"
#define LIST_WORD " AND r.name_key LIKE '% ' || ? || '%' ESCAPE '\\'"
#define LIST_TAIL " ORDER BY r.id LIMIT ?"

struct store_sqlite {
    struct bz_store base; /* first: a bz_store * is a store_sqlite * */
    sqlite3 *db;          /* owned */
    sqlite3_stmt *stmts[STMT_COUNT]; /* owned; NULL until first used */
    /* owned; researcher_list's statement for each number of words */
    sqlite3_stmt *list_stmts[STORE_SQLITE_LIST_WORDS + 1];
    uint64_t own_commits;    /* commits made through this handle */
    struct bz_arena scratch; /* an import's temporary strings */
    char *shm_path;          /* owned: PATH-shm, or NULL (no file db) */
    const unsigned char *shm; /* mapped wal-index header, or NULL */
};

static struct store_sqlite *store_sqlite_of(struct bz_store *store)
{
    return (struct store_sqlite *)store;
}

/* Fills err with SQLite's latest message for the statement st (one of
 * s's) and returns BZ_STORE. */
static enum bz_status store_sqlite_fail(struct store_sqlite *s,
                                        sqlite3_stmt *st, struct bz_error *err)
{
    const char *what = "list researchers";

    for (size_t i = 0; i < STMT_COUNT; i++)
        if (s->stmts[i] == st)
            what = store_sqlite_sql[i].name;
    return bz_error_set(err, BZ_STORE, "sqlite: %s failed: %s", what,
                        sqlite3_errmsg(s->db));
}

static enum bz_status store_sqlite_nomem(struct bz_error *err)
{
    return bz_error_set(err, BZ_NOMEM, "store: out of memory");
}

/* The statement id, prepared on first use, reset and with no bindings; or
 * NULL with err filled (BZ_STORE). */
static sqlite3_stmt *store_sqlite_stmt(struct store_sqlite *s,
                                       enum store_sqlite_stmt_id id,
                                       struct bz_error *err)
{
    sqlite3_stmt **slot = &s->stmts[id];

    if (*slot != NULL) {
        sqlite3_reset(*slot);
        sqlite3_clear_bindings(*slot);
        return *slot;
    }
    if (sqlite3_prepare_v3(s->db, store_sqlite_sql[id].sql, -1,
                           SQLITE_PREPARE_PERSISTENT, slot,
                           NULL) != SQLITE_OK) {
        bz_error_set(err, BZ_STORE, "sqlite: prepare of '%s' failed: %s",
                     store_sqlite_sql[id].name, sqlite3_errmsg(s->db));
        *slot = NULL;
        return NULL;
    }
    return *slot;
}

/* Ends a use of st: resets it (which ends its read of the database) and
 * drops the bindings, which may point at the caller's strings. */
static void store_sqlite_done(sqlite3_stmt *st)
{
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
}

/* Binding helpers. With SQLITE_STATIC nothing is copied, so they can fail
 * only on a wrong index (a bug the tests catch) or a value past SQLite's
 * 1 GB limit (which no import's caps let through); their results are not
 * checked. The strings must outlive the step: store_sqlite_done() drops
 * them. */
static void store_sqlite_bind_text(sqlite3_stmt *st, int col, const char *s)
{
    if (s == NULL)
        sqlite3_bind_null(st, col);
    else
        sqlite3_bind_text(st, col, s, -1, SQLITE_STATIC);
}

/* As store_sqlite_bind_text, with "" stored as NULL (an absent value). */
static void store_sqlite_bind_optional(sqlite3_stmt *st, int col, const char *s)
{
    store_sqlite_bind_text(st, col, s && s[0] ? s : NULL);
}

/* Binds n, or NULL when n is the value that means "unknown". */
static void store_sqlite_bind_known(sqlite3_stmt *st, int col, int64_t n,
                                    int64_t unknown)
{
    if (n == unknown)
        sqlite3_bind_null(st, col);
    else
        sqlite3_bind_int64(st, col, n);
}

/* Runs st, which returns no rows, and ends its use. */
static enum bz_status store_sqlite_exec(struct store_sqlite *s,
                                        sqlite3_stmt *st, struct bz_error *err)
{
    enum bz_status status = BZ_OK;

    if (sqlite3_step(st) != SQLITE_DONE)
        status = store_sqlite_fail(s, st, err);
    store_sqlite_done(st);
    return status;
}

/* Runs st and reads the integer in the first column of its first row into
 * *value, or 0 when there is no row; ends the use of st. */
static enum bz_status store_sqlite_int64(struct store_sqlite *s,
                                         sqlite3_stmt *st, int64_t *value,
                                         struct bz_error *err)
{
    enum bz_status status = BZ_OK;
    int rc = sqlite3_step(st);

    *value = 0;
    if (rc == SQLITE_ROW)
        *value = sqlite3_column_int64(st, 0);
    else if (rc != SQLITE_DONE)
        status = store_sqlite_fail(s, st, err);
    store_sqlite_done(st);
    return status;
}

/* Runs the fixed statement id with no parameters. */
static enum bz_status store_sqlite_run(struct store_sqlite *s,
                                       enum store_sqlite_stmt_id id,
                                       struct bz_error *err)
{
    sqlite3_stmt *st = store_sqlite_stmt(s, id, err);

    if (st == NULL)
        return BZ_STORE;
    return store_sqlite_exec(s, st, err);
}

/* --- reading rows into the caller's arena -------------------------------- */

/* A copy of column col in arena, NULL for SQL NULL; sets *nomem when the
 * arena is full. */
static const char *store_sqlite_text(struct bz_arena *arena, sqlite3_stmt *st,
                                     int col, int *nomem)
{
    const unsigned char *text = sqlite3_column_text(st, col);
    char *copy;

    if (text == NULL)
        return NULL;
    copy = bz_arena_strndup(arena, (const char *)text,
                            (size_t)sqlite3_column_bytes(st, col));
    if (copy == NULL)
        *nomem = 1;
    return copy;
}

/* Reads the current row of st into item; sets *nomem when the arena is
 * full. */
typedef void store_sqlite_row_fn(struct bz_arena *arena, sqlite3_stmt *st,
                                 void *item, int *nomem);

/* Runs st, bound by the caller, and reads every row with read into an
 * array of items of size bytes in arena: *out (NULL when empty) and
 * *count. Ends the use of st. */
static enum bz_status store_sqlite_collect(struct store_sqlite *s,
                                           sqlite3_stmt *st,
                                           struct bz_arena *arena, size_t size,
                                           store_sqlite_row_fn *read,
                                           void **out, size_t *count,
                                           struct bz_error *err)
{
    unsigned char *items = NULL;
    size_t n = 0, cap = 0;
    enum bz_status status = BZ_OK;
    int nomem = 0, rc;

    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            size_t new_cap = cap ? cap * 2 : 8;
            unsigned char *grown = NULL;

            if (new_cap <= SIZE_MAX / size)
                grown = bz_arena_alloc(arena, new_cap * size);
            if (grown == NULL) {
                nomem = 1;
                break;
            }
            if (n > 0)
                memcpy(grown, items, n * size);
            items = grown;
            cap = new_cap;
        }
        memset(items + n * size, 0, size);
        read(arena, st, items + n * size, &nomem);
        if (nomem)
            break;
        n++;
    }
    if (nomem)
        status = store_sqlite_nomem(err);
    else if (rc != SQLITE_DONE)
        status = store_sqlite_fail(s, st, err);
    store_sqlite_done(st);

    *out = items;
    *count = n;
    return status;
}

/* As store_sqlite_collect, for the fixed statement id with ?1 = key. */
static enum bz_status
store_sqlite_collect_by(struct store_sqlite *s, enum store_sqlite_stmt_id id,
                        int64_t key, struct bz_arena *arena, size_t size,
                        store_sqlite_row_fn *read, void **out, size_t *count,
                        struct bz_error *err)
{
    sqlite3_stmt *st = store_sqlite_stmt(s, id, err);

    if (st == NULL)
        return BZ_STORE;
    sqlite3_bind_int64(st, 1, key);
    return store_sqlite_collect(s, st, arena, size, read, out, count, err);
}

/* scheme, value, source */
static void store_sqlite_read_id(struct bz_arena *arena, sqlite3_stmt *st,
                                 void *item, int *nomem)
{
    struct bz_external_id *id = item;

    id->scheme = store_sqlite_text(arena, st, 0, nomem);
    id->value = store_sqlite_text(arena, st, 1, nomem);
    id->source = store_sqlite_text(arena, st, 2, nomem);
}

/* RESEARCHER_COLUMNS */
static void store_sqlite_read_researcher(struct bz_arena *arena,
                                         sqlite3_stmt *st, void *item,
                                         int *nomem)
{
    struct bz_researcher *r = item;

    r->id = sqlite3_column_int64(st, 0);
    r->display_name = store_sqlite_text(arena, st, 1, nomem);
    r->slug = store_sqlite_text(arena, st, 2, nomem);
    r->summary = store_sqlite_text(arena, st, 3, nomem);
    r->open_to_collaborate = sqlite3_column_int(st, 4);
    r->claim_level = sqlite3_column_int(st, 5);
    r->merged_into = sqlite3_column_int64(st, 6);
    r->has_source_id = sqlite3_column_int(st, 7);
    r->work_count = sqlite3_column_int(st, 8);
    r->affiliation = store_sqlite_text(arena, st, 9, nomem);
    r->affiliation_imported = r->affiliation != NULL;
}

/* WORK_COLUMNS */
static void store_sqlite_read_work(struct bz_arena *arena, sqlite3_stmt *st,
                                   void *item, int *nomem)
{
    struct bz_work *w = item;

    w->id = sqlite3_column_int64(st, 0);
    w->title = store_sqlite_text(arena, st, 1, nomem);
    w->slug = store_sqlite_text(arena, st, 2, nomem);
    w->abstract = store_sqlite_text(arena, st, 3, nomem);
    w->publication_year = sqlite3_column_int(st, 4);
    w->type = store_sqlite_text(arena, st, 5, nomem);
    w->venue = store_sqlite_text(arena, st, 6, nomem);
    w->open_access = sqlite3_column_int(st, 7);
    w->landing_url = store_sqlite_text(arena, st, 8, nomem);
}

/* id, display_name, scheme, external_id, works */
static void store_sqlite_read_topic(struct bz_arena *arena, sqlite3_stmt *st,
                                    void *item, int *nomem)
{
    struct bz_topic_ref *t = item;

    t->id = sqlite3_column_int64(st, 0);
    t->display_name = store_sqlite_text(arena, st, 1, nomem);
    t->scheme = store_sqlite_text(arena, st, 2, nomem);
    t->external_id = store_sqlite_text(arena, st, 3, nomem);
    t->works = sqlite3_column_int(st, 4);
}

/* id, display_name, country_code */
static void store_sqlite_read_institution(struct bz_arena *arena,
                                          sqlite3_stmt *st, void *item,
                                          int *nomem)
{
    struct bz_institution_ref *i = item;

    i->id = sqlite3_column_int64(st, 0);
    i->display_name = store_sqlite_text(arena, st, 1, nomem);
    i->country_code = store_sqlite_text(arena, st, 2, nomem);
}

/* work_id, coauthor id, name, slug, claim_level, has_source_id,
 * author_count */
static void store_sqlite_read_coauthorship(struct bz_arena *arena,
                                           sqlite3_stmt *st, void *item,
                                           int *nomem)
{
    struct bz_coauthorship *c = item;

    c->work_id = sqlite3_column_int64(st, 0);
    c->coauthor_id = sqlite3_column_int64(st, 1);
    c->coauthor_name = store_sqlite_text(arena, st, 2, nomem);
    c->coauthor_slug = store_sqlite_text(arena, st, 3, nomem);
    c->coauthor_claim_level = sqlite3_column_int(st, 4);
    c->coauthor_has_source_id = sqlite3_column_int(st, 5);
    c->author_count = sqlite3_column_int(st, 6);
}

/* position, raw_name, researcher_id, researcher name, researcher slug */
static void store_sqlite_read_authorship(struct bz_arena *arena,
                                         sqlite3_stmt *st, void *item,
                                         int *nomem)
{
    struct bz_authorship *a = item;

    a->position = sqlite3_column_int(st, 0);
    a->raw_name = store_sqlite_text(arena, st, 1, nomem);
    a->researcher_id = sqlite3_column_int64(st, 2);
    a->researcher_name = store_sqlite_text(arena, st, 3, nomem);
    a->researcher_slug = store_sqlite_text(arena, st, 4, nomem);
}

/* field, source, source_record */
static void store_sqlite_read_provenance(struct bz_arena *arena,
                                         sqlite3_stmt *st, void *item,
                                         int *nomem)
{
    struct bz_provenance *p = item;

    p->field = store_sqlite_text(arena, st, 0, nomem);
    p->source = store_sqlite_text(arena, st, 1, nomem);
    p->record = store_sqlite_text(arena, st, 2, nomem);
}

/* --- handle, transactions, migrations ------------------------------------ */

static void store_sqlite_close(struct bz_store *store)
{
    struct store_sqlite *s = store_sqlite_of(store);

    if (s->shm)
        munmap((void *)s->shm, STORE_SQLITE_SHM_MAP);
    free(s->shm_path);
    for (size_t i = 0; i < STMT_COUNT; i++)
        sqlite3_finalize(s->stmts[i]);
    for (size_t i = 0; i <= STORE_SQLITE_LIST_WORDS; i++)
        sqlite3_finalize(s->list_stmts[i]);
    sqlite3_close(s->db); /* rolls back a transaction left open */
    bz_arena_release(&s->scratch);
    free(s);
}

static enum bz_status store_sqlite_begin(struct bz_store *store,
                                         struct bz_error *err)
{
    return store_sqlite_run(store_sqlite_of(store), STMT_BEGIN, err);
}

static enum bz_status store_sqlite_commit(struct bz_store *store,
                                          struct bz_error *err)
{
    struct store_sqlite *s = store_sqlite_of(store);
    enum bz_status status = store_sqlite_run(s, STMT_COMMIT, err);

    if (status == BZ_OK)
        s->own_commits++;
    return status;
}

/* Rolling back when no transaction is open (SQLite already ended it after
 * an I/O error, say) is not an error: there is nothing left to undo. */
static enum bz_status store_sqlite_rollback(struct bz_store *store,
                                            struct bz_error *err)
{
    struct store_sqlite *s = store_sqlite_of(store);

    if (sqlite3_get_autocommit(s->db))
        return BZ_OK;
    return store_sqlite_run(s, STMT_ROLLBACK, err);
}

/* The generation, the slow way: data_version changes when another
 * connection commits, own_commits when this one does. */
static enum bz_status store_sqlite_data_version(struct store_sqlite *s,
                                                uint64_t *out,
                                                struct bz_error *err)
{
    sqlite3_stmt *st = store_sqlite_stmt(s, STMT_DATA_VERSION, err);
    int64_t data_version;
    enum bz_status status;

    if (st == NULL)
        return BZ_STORE;
    status = store_sqlite_int64(s, st, &data_version, err);
    if (status != BZ_OK)
        return status;
    *out = ((uint64_t)data_version << 32) + s->own_commits;
    return BZ_OK;
}

/* The fast way, asked on every request a server answers from its cache.
 *
 * In WAL mode every commit, by any process, rewrites the wal-index header
 * at the start of the PATH-shm file (SQLite's documented file format: two
 * copies of a 48-byte header whose change counter, last frame, salts and
 * checksums move with each transaction). Reading it is what SQLite does to
 * start a read; here it costs a memory read instead of a statement.
 *
 * The file is mapped only after this connection has opened it (a first
 * data_version read), so it cannot be truncated under the mapping: SQLite
 * truncates it only when no connection holds it. The two copies are
 * compared as SQLite does; a torn read, an uninitialised header or any
 * mapping failure falls back to data_version. */
static int store_sqlite_shm_read(struct store_sqlite *s, uint64_t *out)
{
    unsigned char first[STORE_SQLITE_SHM_HEADER];
    unsigned char second[STORE_SQLITE_SHM_HEADER];
    uint64_t h = 1469598103934665603ull;
    size_t i;

    if (s->shm == NULL && s->shm_path) {
        int fd = open(s->shm_path, O_RDONLY | O_CLOEXEC);
        struct stat st;
        void *map;

        if (fd < 0)
            return -1;
        map = fstat(fd, &st) == 0 && st.st_size >= STORE_SQLITE_SHM_MAP
                  ? mmap(NULL, STORE_SQLITE_SHM_MAP, PROT_READ, MAP_SHARED,
                         fd, 0)
                  : MAP_FAILED;
        close(fd);
        if (map == MAP_FAILED) {
            free(s->shm_path); /* not WAL with a file: do not retry */
            s->shm_path = NULL;
            return -1;
        }
        s->shm = map;
    }
    if (s->shm == NULL)
        return -1;
    memcpy(first, s->shm, sizeof(first));
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    memcpy(second, s->shm + STORE_SQLITE_SHM_HEADER, sizeof(second));
    if (memcmp(first, second, sizeof(first)) != 0 || first[12] == 0)
        return -1; /* a commit is writing it, or it is not initialised */
    for (i = 0; i < sizeof(first); i++)
        h = (h ^ first[i]) * 1099511628211ull; /* FNV-1a */
    *out = h;
    return 0;
}

static enum bz_status store_sqlite_generation(struct bz_store *store,
                                              uint64_t *out,
                                              struct bz_error *err)
{
    struct store_sqlite *s = store_sqlite_of(store);
    uint64_t slow;
    enum bz_status status;

    if (s->shm && store_sqlite_shm_read(s, out) == 0)
        return BZ_OK;
    status = store_sqlite_data_version(s, &slow, err);
    if (status != BZ_OK)
        return status;
    if (store_sqlite_shm_read(s, out) == 0)
        return BZ_OK;
    *out = slow;
    return BZ_OK;
}

/* Applies the migrations the file lacks, in one immediate transaction. */
static enum bz_status store_sqlite_migrate(struct store_sqlite *s,
                                           const char *path,
                                           struct bz_error *err)
{
    static const char create_table[] =
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        "version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)";
    enum bz_status status;
    sqlite3_stmt *st;
    int64_t newest, found;

    status = store_sqlite_run(s, STMT_BEGIN, err);
    if (status != BZ_OK)
        return status;

    if (sqlite3_exec(s->db, create_table, NULL, NULL, NULL) != SQLITE_OK) {
        status = bz_error_set(err, BZ_STORE,
                              "sqlite: create schema_migrations failed: %s",
                              sqlite3_errmsg(s->db));
        goto rollback;
    }
    if ((st = store_sqlite_stmt(s, STMT_MIGRATION_MAX, err)) == NULL ||
        (status = store_sqlite_int64(s, st, &newest, err)) != BZ_OK)
        goto rollback_status;
    if (newest > (int64_t)bz_store_sqlite_migration_count) {
        status = bz_error_set(err, BZ_STORE,
                              "sqlite: database '%s' has schema version "
                              "%lld, newer than this program's %zu",
                              path, (long long)newest,
                              bz_store_sqlite_migration_count);
        goto rollback;
    }

    for (size_t i = 0; i < bz_store_sqlite_migration_count; i++) {
        int64_t version = (int64_t)i + 1;

        if ((st = store_sqlite_stmt(s, STMT_MIGRATION_HAS, err)) == NULL)
            goto rollback_status;
        sqlite3_bind_int64(st, 1, version);
        if ((status = store_sqlite_int64(s, st, &found, err)) != BZ_OK)
            goto rollback;
        if (found)
            continue;
        if (sqlite3_exec(s->db, bz_store_sqlite_migrations[i], NULL, NULL,
                         NULL) != SQLITE_OK) {
            status =
                bz_error_set(err, BZ_STORE, "sqlite: migration %lld failed: %s",
                             (long long)version, sqlite3_errmsg(s->db));
            goto rollback;
        }
        if ((st = store_sqlite_stmt(s, STMT_MIGRATION_ADD, err)) == NULL)
            goto rollback_status;
        sqlite3_bind_int64(st, 1, version);
        if ((status = store_sqlite_exec(s, st, err)) != BZ_OK)
            goto rollback;
    }

    status = store_sqlite_run(s, STMT_COMMIT, err);
    if (status != BZ_OK)
        goto rollback;
    s->own_commits++;
    return BZ_OK;

rollback_status:
    status = BZ_STORE;
rollback:
    sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return status;
}

/* --- import_work --------------------------------------------------------- */

/* 1 when s is NULL or only white space. */
static int store_sqlite_blank(const char *s)
{
    if (s == NULL)
        return 1;
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return 0;
    return 1;
}

static enum bz_status store_sqlite_check_ids(const struct bz_external_id *ids,
                                             size_t count, const char *whose,
                                             struct bz_error *err)
{
    for (size_t i = 0; i < count; i++)
        if (store_sqlite_blank(ids[i].scheme) ||
            store_sqlite_blank(ids[i].value))
            return bz_error_set(err, BZ_INVALID,
                                "%s has an id with no scheme or value", whose);
    return BZ_OK;
}

/* The name an author's researcher record takes. */
static const char *store_sqlite_author_name(const struct bz_author_record *a)
{
    return store_sqlite_blank(a->display_name) ? a->raw_name : a->display_name;
}

static enum bz_status
store_sqlite_check_author(const struct bz_author_record *a, size_t position,
                          struct bz_error *err)
{
    const char *name = store_sqlite_author_name(a);
    char whose[64 + BZ_ERROR_MESSAGE_MAX];
    enum bz_status status;

    if (store_sqlite_blank(name))
        return bz_error_set(err, BZ_INVALID, "author %zu has no name",
                            position);
    snprintf(whose, sizeof(whose), "author '%s'", name);
    status = store_sqlite_check_ids(a->ids, a->id_count, whose, err);
    for (size_t i = 0; status == BZ_OK && i < a->institution_count; i++) {
        const struct bz_institution_record *inst = &a->institutions[i];

        if (store_sqlite_blank(inst->display_name))
            return bz_error_set(err, BZ_INVALID,
                                "author '%s' has an institution with no "
                                "name",
                                name);
        status = store_sqlite_check_ids(inst->ids, inst->id_count,
                                        "institution", err);
    }
    return status;
}

static enum bz_status store_sqlite_check_topic(const struct bz_topic_record *t,
                                               struct bz_error *err)
{
    if (store_sqlite_blank(t->scheme) || store_sqlite_blank(t->external_id))
        return bz_error_set(err, BZ_INVALID,
                            "work has a topic with no scheme or id");
    return BZ_OK;
}

/* Everything that makes a record unusable, found before anything is
 * written. */
static enum bz_status store_sqlite_check_record(const struct bz_work_record *r,
                                                struct bz_error *err)
{
    enum bz_status status;

    if (store_sqlite_blank(r->source))
        return bz_error_set(err, BZ_INVALID, "work has no source");
    if (store_sqlite_blank(r->title))
        return bz_error_set(err, BZ_INVALID, "work has no title");
    status = store_sqlite_check_ids(r->ids, r->id_count, "work", err);
    for (size_t i = 0; status == BZ_OK && i < r->author_count; i++)
        status = store_sqlite_check_author(&r->authors[i], i + 1, err);
    for (size_t i = 0; status == BZ_OK && i < r->topic_count; i++) {
        const struct bz_topic_record *t = &r->topics[i];

        status = store_sqlite_check_topic(t, err);
        for (size_t p = 0; status == BZ_OK && p < t->parent_count; p++)
            status = store_sqlite_check_topic(&t->parents[p], err);
    }
    return status;
}

/* Finds the owner of the first of ids that the table of the find statement
 * knows; *owner is 0 when none is known. */
static enum bz_status store_sqlite_match(struct store_sqlite *s,
                                         enum store_sqlite_stmt_id find,
                                         const struct bz_external_id *ids,
                                         size_t count, int64_t *owner,
                                         struct bz_error *err)
{
    *owner = 0;
    for (size_t i = 0; i < count && *owner == 0; i++) {
        sqlite3_stmt *st = store_sqlite_stmt(s, find, err);
        enum bz_status status;

        if (st == NULL)
            return BZ_STORE;
        store_sqlite_bind_text(st, 1, ids[i].scheme);
        store_sqlite_bind_text(st, 2, ids[i].value);
        status = store_sqlite_int64(s, st, owner, err);
        if (status != BZ_OK)
            return status;
    }
    return BZ_OK;
}

static enum bz_status
store_sqlite_provenance(struct store_sqlite *s, const char *entity,
                        int64_t entity_id, const char *field,
                        const struct bz_work_record *r, struct bz_error *err)
{
    sqlite3_stmt *st = store_sqlite_stmt(s, STMT_PROVENANCE_INSERT, err);

    if (st == NULL)
        return BZ_STORE;
    store_sqlite_bind_text(st, 1, entity);
    sqlite3_bind_int64(st, 2, entity_id);
    store_sqlite_bind_text(st, 3, field);
    store_sqlite_bind_text(st, 4, r->source);
    store_sqlite_bind_optional(st, 5, r->source_record);
    return store_sqlite_exec(s, st, err);
}

/* How an id table is searched and filled: a work's, a researcher's or an
 * institution's. */
struct store_sqlite_id_table {
    enum store_sqlite_stmt_id find, insert;
    const char *entity; /* provenance is written for the ids; or NULL */
};

static const struct store_sqlite_id_table store_sqlite_work_ids = {
    STMT_WORK_FIND, STMT_WORK_ID_INSERT, "work"};
static const struct store_sqlite_id_table store_sqlite_researcher_ids = {
    STMT_RESEARCHER_FIND, STMT_RESEARCHER_ID_INSERT, NULL};
static const struct store_sqlite_id_table store_sqlite_institution_ids = {
    STMT_INSTITUTION_FIND, STMT_INSTITUTION_ID_INSERT, NULL};

/* Gives owner those of ids that nobody carries yet, with the source the id
 * names or else the record's; *added counts them. An id that owner already
 * carries only gains provenance (the source agrees). An id that another
 * record carries stays with it: deciding that the two records are one is
 * the merge step's job, not an import's. */
static enum bz_status store_sqlite_attach_ids(
    struct store_sqlite *s, const struct store_sqlite_id_table *table,
    const struct bz_external_id *ids, size_t count, int64_t owner,
    const struct bz_work_record *r, long *added, struct bz_error *err)
{
    for (size_t i = 0; i < count; i++) {
        const struct bz_external_id *id = &ids[i];
        enum bz_status status;
        sqlite3_stmt *st;
        int64_t carrier;

        status = store_sqlite_match(s, table->find, id, 1, &carrier, err);
        if (status != BZ_OK)
            return status;
        if (carrier != 0 && carrier != owner)
            continue;
        if (carrier == 0) {
            if ((st = store_sqlite_stmt(s, table->insert, err)) == NULL)
                return BZ_STORE;
            store_sqlite_bind_text(st, 1, id->scheme);
            store_sqlite_bind_text(st, 2, id->value);
            sqlite3_bind_int64(st, 3, owner);
            store_sqlite_bind_text(
                st, 4, store_sqlite_blank(id->source) ? r->source : id->source);
            if ((status = store_sqlite_exec(s, st, err)) != BZ_OK)
                return status;
            (*added)++;
        }
        if (table->entity != NULL) {
            status = store_sqlite_provenance(s, table->entity, owner,
                                             id->scheme, r, err);
            if (status != BZ_OK)
                return status;
        }
    }
    return BZ_OK;
}

/* The columns of a work a record gives; "" and NULL are both absent. */
struct store_sqlite_work_fields {
    const char *title, *abstract, *type, *venue, *landing_url;
    int publication_year; /* 0 unknown */
    int open_access;      /* -1 unknown */
};

/* The provenance rule. A record's field is recorded as coming from its
 * source when the record's value is the one stored: because the work
 * lacked it and took it now, or because the stored value is the same (the
 * source agrees). A value that differs from the stored one is dropped and
 * leaves no provenance: the first source to give a field keeps it. */
struct store_sqlite_merge {
    const char *fields[7]; /* names of the fields to record */
    size_t count;
    int filled; /* some field was empty and took the record's value */
};

static void store_sqlite_merge_text(struct store_sqlite_merge *m,
                                    const char *name, const char **stored,
                                    const char *given)
{
    if (given == NULL || given[0] == '\0')
        return;
    if (*stored == NULL || (*stored)[0] == '\0') {
        *stored = given;
        m->filled = 1;
    } else if (strcmp(*stored, given) != 0) {
        return;
    }
    m->fields[m->count++] = name;
}

static void store_sqlite_merge_int(struct store_sqlite_merge *m,
                                   const char *name, int *stored, int given,
                                   int unknown)
{
    if (given == unknown)
        return;
    if (*stored == unknown) {
        *stored = given;
        m->filled = 1;
    } else if (*stored != given) {
        return;
    }
    m->fields[m->count++] = name;
}

/* Merges the record's fields into stored (empty for a new work). */
static void store_sqlite_merge_fields(struct store_sqlite_work_fields *stored,
                                      const struct bz_work_record *r,
                                      struct store_sqlite_merge *m)
{
    m->count = 0;
    m->filled = 0;
    store_sqlite_merge_text(m, "title", &stored->title, r->title);
    store_sqlite_merge_text(m, "abstract", &stored->abstract, r->abstract);
    store_sqlite_merge_int(m, "publication_year", &stored->publication_year,
                           r->publication_year, 0);
    store_sqlite_merge_text(m, "type", &stored->type, r->type);
    store_sqlite_merge_text(m, "venue", &stored->venue, r->venue);
    store_sqlite_merge_int(m, "open_access", &stored->open_access,
                           r->open_access, -1);
    store_sqlite_merge_text(m, "landing_url", &stored->landing_url,
                            r->landing_url);
}

static enum bz_status store_sqlite_field_provenance(
    struct store_sqlite *s, int64_t work_id, const struct store_sqlite_merge *m,
    const struct bz_work_record *r, struct bz_error *err)
{
    for (size_t i = 0; i < m->count; i++) {
        enum bz_status status =
            store_sqlite_provenance(s, "work", work_id, m->fields[i], r, err);

        if (status != BZ_OK)
            return status;
    }
    return BZ_OK;
}

/* Binds the optional columns of f from column first on, in the order
 * abstract, publication_year, type, venue, open_access, landing_url. */
static void store_sqlite_bind_fields(sqlite3_stmt *st, int first,
                                     const struct store_sqlite_work_fields *f)
{
    store_sqlite_bind_optional(st, first, f->abstract);
    store_sqlite_bind_known(st, first + 1, f->publication_year, 0);
    store_sqlite_bind_optional(st, first + 2, f->type);
    store_sqlite_bind_optional(st, first + 3, f->venue);
    store_sqlite_bind_known(st, first + 4, f->open_access, -1);
    store_sqlite_bind_optional(st, first + 5, f->landing_url);
}

/* Creates the work of r; *fields are its columns. */
static enum bz_status store_sqlite_insert_work(
    struct store_sqlite *s, const struct bz_work_record *r, int64_t *work_id,
    struct store_sqlite_work_fields *fields, struct bz_error *err)
{
    struct store_sqlite_merge merge;
    enum bz_status status;
    sqlite3_stmt *st;
    char *slug;

    store_sqlite_merge_fields(fields, r, &merge);
    slug = bz_text_slug(&s->scratch, fields->title, STORE_SQLITE_SLUG_MAX);
    if (slug == NULL)
        return store_sqlite_nomem(err);

    if ((st = store_sqlite_stmt(s, STMT_WORK_INSERT, err)) == NULL)
        return BZ_STORE;
    store_sqlite_bind_text(st, 1, fields->title);
    store_sqlite_bind_text(st, 2, slug);
    store_sqlite_bind_fields(st, 3, fields);
    if ((status = store_sqlite_exec(s, st, err)) != BZ_OK)
        return status;
    *work_id = sqlite3_last_insert_rowid(s->db);

    return store_sqlite_field_provenance(s, *work_id, &merge, r, err);
}

/* Fills the empty columns of the existing work work_id from r; *fields
 * are its columns afterwards, *filled is set when some column was
 * empty. */
static enum bz_status store_sqlite_merge_work(
    struct store_sqlite *s, const struct bz_work_record *r, int64_t work_id,
    struct store_sqlite_work_fields *fields, int *filled, struct bz_error *err)
{
    struct store_sqlite_merge merge;
    enum bz_status status = BZ_OK;
    sqlite3_stmt *st;
    int nomem = 0, rc;

    if ((st = store_sqlite_stmt(s, STMT_WORK_FIELDS, err)) == NULL)
        return BZ_STORE;
    sqlite3_bind_int64(st, 1, work_id);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        fields->title = store_sqlite_text(&s->scratch, st, 0, &nomem);
        fields->abstract = store_sqlite_text(&s->scratch, st, 1, &nomem);
        fields->publication_year = sqlite3_column_int(st, 2);
        fields->type = store_sqlite_text(&s->scratch, st, 3, &nomem);
        fields->venue = store_sqlite_text(&s->scratch, st, 4, &nomem);
        fields->open_access = sqlite3_column_int(st, 5);
        fields->landing_url = store_sqlite_text(&s->scratch, st, 6, &nomem);
    } else {
        status = store_sqlite_fail(s, st, err); /* the id led nowhere */
    }
    store_sqlite_done(st);
    if (status != BZ_OK)
        return status;
    if (nomem)
        return store_sqlite_nomem(err);

    store_sqlite_merge_fields(fields, r, &merge);
    *filled = merge.filled;
    if (merge.filled) {
        if ((st = store_sqlite_stmt(s, STMT_WORK_UPDATE, err)) == NULL)
            return BZ_STORE;
        sqlite3_bind_int64(st, 1, work_id);
        store_sqlite_bind_fields(st, 2, fields);
        if ((status = store_sqlite_exec(s, st, err)) != BZ_OK)
            return status;
    }
    return store_sqlite_field_provenance(s, work_id, &merge, r, err);
}

/* Finds or creates the institution of inst: by any of its ids, else (when
 * it has none) by its exact name, else anew. */
static enum bz_status store_sqlite_import_institution(
    struct store_sqlite *s, const struct bz_work_record *r,
    const struct bz_institution_record *inst, int64_t *id,
    struct bz_import_tally *tally, struct bz_error *err)
{
    enum bz_status status;
    sqlite3_stmt *st;
    long added = 0;

    status = store_sqlite_match(s, STMT_INSTITUTION_FIND, inst->ids,
                                inst->id_count, id, err);
    if (status == BZ_OK && *id == 0 && inst->id_count == 0) {
        if ((st = store_sqlite_stmt(s, STMT_INSTITUTION_BY_NAME, err)) == NULL)
            return BZ_STORE;
        store_sqlite_bind_text(st, 1, inst->display_name);
        status = store_sqlite_int64(s, st, id, err);
    }
    if (status != BZ_OK)
        return status;

    if (*id != 0) {
        status =
            store_sqlite_attach_ids(s, &store_sqlite_institution_ids, inst->ids,
                                    inst->id_count, *id, r, &added, err);
        if (status != BZ_OK)
            return status;
        if ((st = store_sqlite_stmt(s, STMT_INSTITUTION_FILL, err)) == NULL)
            return BZ_STORE;
        sqlite3_bind_int64(st, 1, *id);
        store_sqlite_bind_optional(st, 2, inst->country_code);
        store_sqlite_bind_optional(st, 3, inst->homepage);
        if ((status = store_sqlite_exec(s, st, err)) != BZ_OK)
            return status;
        if (added > 0 || sqlite3_changes(s->db) > 0)
            tally->updated_institutions++;
        return BZ_OK;
    }

    if ((st = store_sqlite_stmt(s, STMT_INSTITUTION_INSERT, err)) == NULL)
        return BZ_STORE;
    store_sqlite_bind_text(st, 1, inst->display_name);
    store_sqlite_bind_optional(st, 2, inst->country_code);
    store_sqlite_bind_optional(st, 3, inst->homepage);
    if ((status = store_sqlite_exec(s, st, err)) != BZ_OK)
        return status;
    *id = sqlite3_last_insert_rowid(s->db);
    tally->new_institutions++;

    status =
        store_sqlite_attach_ids(s, &store_sqlite_institution_ids, inst->ids,
                                inst->id_count, *id, r, &added, err);
    if (status != BZ_OK)
        return status;
    return store_sqlite_provenance(s, "institution", *id, "display_name", r,
                                   err);
}

/* Finds the researcher of a by any of its ids, or creates one (always for
 * a name-only author: telling same-named people apart is identity
 * resolution's job, later). */
static enum bz_status store_sqlite_import_researcher(
    struct store_sqlite *s, const struct bz_work_record *r,
    const struct bz_author_record *a, int64_t *id,
    struct bz_import_tally *tally, struct bz_error *err)
{
    const char *name = store_sqlite_author_name(a);
    enum bz_status status;
    sqlite3_stmt *st;
    char *name_key, *slug;
    long added = 0;

    status = store_sqlite_match(s, STMT_RESEARCHER_FIND, a->ids, a->id_count,
                                id, err);
    if (status != BZ_OK)
        return status;
    if (*id != 0) {
        status =
            store_sqlite_attach_ids(s, &store_sqlite_researcher_ids, a->ids,
                                    a->id_count, *id, r, &added, err);
        if (status == BZ_OK && added > 0)
            tally->updated_researchers++;
        return status;
    }

    name_key = bz_text_fold_words(&s->scratch, name);
    slug = bz_text_slug(&s->scratch, name, STORE_SQLITE_SLUG_MAX);
    if (name_key == NULL || slug == NULL)
        return store_sqlite_nomem(err);
    if ((st = store_sqlite_stmt(s, STMT_RESEARCHER_INSERT, err)) == NULL)
        return BZ_STORE;
    store_sqlite_bind_text(st, 1, name);
    store_sqlite_bind_text(st, 2, name_key);
    store_sqlite_bind_text(st, 3, slug);
    if ((status = store_sqlite_exec(s, st, err)) != BZ_OK)
        return status;
    *id = sqlite3_last_insert_rowid(s->db);
    tally->new_researchers++;

    status = store_sqlite_attach_ids(s, &store_sqlite_researcher_ids, a->ids,
                                     a->id_count, *id, r, &added, err);
    if (status != BZ_OK)
        return status;
    return store_sqlite_provenance(s, "researcher", *id, "display_name", r,
                                   err);
}

/* Links an authorship to an institution (the ordinal-th the author lists),
 * and the researcher to it for the year of the work (0: unknown). */
static enum bz_status store_sqlite_link_institution(
    struct store_sqlite *s, const struct bz_work_record *r, int64_t work_id,
    int position, int ordinal, int64_t researcher_id, int64_t institution_id,
    int year, struct bz_error *err)
{
    enum bz_status status;
    sqlite3_stmt *st;

    st = store_sqlite_stmt(s, STMT_AUTHORSHIP_INSTITUTION_INSERT, err);
    if (st == NULL)
        return BZ_STORE;
    sqlite3_bind_int64(st, 1, work_id);
    sqlite3_bind_int(st, 2, position);
    sqlite3_bind_int64(st, 3, institution_id);
    sqlite3_bind_int(st, 4, ordinal);
    if ((status = store_sqlite_exec(s, st, err)) != BZ_OK)
        return status;

    if ((st = store_sqlite_stmt(s, STMT_AFFILIATION_UPSERT, err)) == NULL)
        return BZ_STORE;
    sqlite3_bind_int64(st, 1, researcher_id);
    sqlite3_bind_int64(st, 2, institution_id);
    store_sqlite_bind_text(st, 3, r->source);
    store_sqlite_bind_known(st, 4, year, 0);
    return store_sqlite_exec(s, st, err);
}

static enum bz_status store_sqlite_import_author(
    struct store_sqlite *s, const struct bz_work_record *r, int64_t work_id,
    int position, int year, struct bz_import_tally *tally, struct bz_error *err)
{
    const struct bz_author_record *a = &r->authors[position - 1];
    enum bz_status status;
    sqlite3_stmt *st;
    int64_t researcher_id;

    status =
        store_sqlite_import_researcher(s, r, a, &researcher_id, tally, err);
    if (status != BZ_OK)
        return status;

    if ((st = store_sqlite_stmt(s, STMT_AUTHORSHIP_INSERT, err)) == NULL)
        return BZ_STORE;
    sqlite3_bind_int64(st, 1, work_id);
    sqlite3_bind_int(st, 2, position);
    sqlite3_bind_int64(st, 3, researcher_id);
    store_sqlite_bind_text(st, 4,
                           store_sqlite_blank(a->raw_name)
                               ? store_sqlite_author_name(a)
                               : a->raw_name);
    if ((status = store_sqlite_exec(s, st, err)) != BZ_OK)
        return status;

    for (size_t i = 0; i < a->institution_count; i++) {
        int64_t institution_id;

        status = store_sqlite_import_institution(s, r, &a->institutions[i],
                                                 &institution_id, tally, err);
        if (status == BZ_OK)
            status = store_sqlite_link_institution(s, r, work_id, position,
                                                   (int)i + 1, researcher_id,
                                                   institution_id, year, err);
        if (status != BZ_OK)
            return status;
    }
    return BZ_OK;
}

/* Finds or creates the topic t under parent (0: none); a found topic that
 * had no parent or level gains them. */
static enum bz_status store_sqlite_import_topic(struct store_sqlite *s,
                                                const struct bz_work_record *r,
                                                const struct bz_topic_record *t,
                                                int64_t parent, int64_t *id,
                                                struct bz_import_tally *tally,
                                                struct bz_error *err)
{
    enum bz_status status;
    sqlite3_stmt *st;
    int changed = 0;

    if ((st = store_sqlite_stmt(s, STMT_TOPIC_FIND, err)) == NULL)
        return BZ_STORE;
    store_sqlite_bind_text(st, 1, t->scheme);
    store_sqlite_bind_text(st, 2, t->external_id);
    if ((status = store_sqlite_int64(s, st, id, err)) != BZ_OK)
        return status;

    if (*id != 0) {
        if (parent != 0) {
            st = store_sqlite_stmt(s, STMT_TOPIC_SET_PARENT, err);
            if (st == NULL)
                return BZ_STORE;
            sqlite3_bind_int64(st, 1, *id);
            sqlite3_bind_int64(st, 2, parent);
            if ((status = store_sqlite_exec(s, st, err)) != BZ_OK)
                return status;
            changed = sqlite3_changes(s->db) > 0;
        }
        if (!store_sqlite_blank(t->level)) {
            st = store_sqlite_stmt(s, STMT_TOPIC_SET_LEVEL, err);
            if (st == NULL)
                return BZ_STORE;
            sqlite3_bind_int64(st, 1, *id);
            store_sqlite_bind_text(st, 2, t->level);
            if ((status = store_sqlite_exec(s, st, err)) != BZ_OK)
                return status;
            changed |= sqlite3_changes(s->db) > 0;
        }
        if (changed)
            tally->updated_topics++;
        return BZ_OK;
    }

    if ((st = store_sqlite_stmt(s, STMT_TOPIC_INSERT, err)) == NULL)
        return BZ_STORE;
    store_sqlite_bind_text(st, 1, t->scheme);
    store_sqlite_bind_text(st, 2, t->external_id);
    store_sqlite_bind_text(
        st, 3,
        store_sqlite_blank(t->display_name) ? t->external_id : t->display_name);
    store_sqlite_bind_optional(st, 4, t->level);
    store_sqlite_bind_known(st, 5, parent, 0);
    if ((status = store_sqlite_exec(s, st, err)) != BZ_OK)
        return status;
    *id = sqlite3_last_insert_rowid(s->db);
    tally->new_topics++;
    return store_sqlite_provenance(s, "topic", *id, "display_name", r, err);
}

/* The record's topics, each under its parent chain (farthest first), linked
 * to the work; *linked counts the links the work did not have. */
static enum bz_status store_sqlite_import_topics(struct store_sqlite *s,
                                                 const struct bz_work_record *r,
                                                 int64_t work_id, long *linked,
                                                 struct bz_import_tally *tally,
                                                 struct bz_error *err)
{
    for (size_t i = 0; i < r->topic_count; i++) {
        const struct bz_topic_record *t = &r->topics[i];
        enum bz_status status = BZ_OK;
        int64_t parent = 0, topic_id;
        sqlite3_stmt *st;

        for (size_t p = t->parent_count; status == BZ_OK && p-- > 0;)
            status = store_sqlite_import_topic(s, r, &t->parents[p], parent,
                                               &parent, tally, err);
        if (status == BZ_OK)
            status = store_sqlite_import_topic(s, r, t, parent, &topic_id,
                                               tally, err);
        if (status != BZ_OK)
            return status;

        if ((st = store_sqlite_stmt(s, STMT_WORK_TOPIC_INSERT, err)) == NULL)
            return BZ_STORE;
        sqlite3_bind_int64(st, 1, work_id);
        sqlite3_bind_int64(st, 2, topic_id);
        sqlite3_bind_double(st, 3, t->score);
        store_sqlite_bind_text(st, 4, r->source);
        if ((status = store_sqlite_exec(s, st, err)) != BZ_OK)
            return status;
        *linked += sqlite3_changes(s->db);
    }
    return BZ_OK;
}

/* 1 in *has when the work has authorships already. */
static enum bz_status store_sqlite_has_authorships(struct store_sqlite *s,
                                                   int64_t work_id,
                                                   int64_t *has,
                                                   struct bz_error *err)
{
    sqlite3_stmt *st = store_sqlite_stmt(s, STMT_WORK_HAS_AUTHORSHIPS, err);

    if (st == NULL)
        return BZ_STORE;
    sqlite3_bind_int64(st, 1, work_id);
    return store_sqlite_int64(s, st, has, err);
}

/* import_work's steps, inside its savepoint. */
static enum bz_status store_sqlite_import_record(struct store_sqlite *s,
                                                 const struct bz_work_record *r,
                                                 struct bz_import_tally *tally,
                                                 struct bz_error *err)
{
    struct store_sqlite_work_fields fields = {.open_access = -1};
    int64_t work_id, has_authorships = 0;
    enum bz_status status;
    long added = 0;
    int filled = 0, is_new;

    status = store_sqlite_match(s, STMT_WORK_FIND, r->ids, r->id_count,
                                &work_id, err);
    if (status != BZ_OK)
        return status;

    is_new = work_id == 0;
    if (is_new) {
        status = store_sqlite_insert_work(s, r, &work_id, &fields, err);
    } else {
        status = store_sqlite_merge_work(s, r, work_id, &fields, &filled, err);
        if (status == BZ_OK)
            status =
                store_sqlite_has_authorships(s, work_id, &has_authorships, err);
    }
    if (status == BZ_OK)
        status = store_sqlite_attach_ids(s, &store_sqlite_work_ids, r->ids,
                                         r->id_count, work_id, r, &added, err);

    /* Authorships come from the first record that has any: a re-import
     * adds none, and name-only authors are not created twice. */
    if (!has_authorships) {
        for (size_t i = 0; status == BZ_OK && i < r->author_count; i++)
            status = store_sqlite_import_author(
                s, r, work_id, (int)i + 1, fields.publication_year, tally, err);
        added += (long)r->author_count;
    }
    if (status == BZ_OK)
        status = store_sqlite_import_topics(s, r, work_id, &added, tally, err);
    if (status != BZ_OK)
        return status;

    if (is_new)
        tally->new_works++;
    else if (filled || added > 0)
        tally->updated_works++;
    return BZ_OK;
}

static void store_sqlite_tally_add(struct bz_import_tally *to,
                                   const struct bz_import_tally *from)
{
    to->new_works += from->new_works;
    to->new_researchers += from->new_researchers;
    to->new_topics += from->new_topics;
    to->new_institutions += from->new_institutions;
    to->updated_works += from->updated_works;
    to->updated_researchers += from->updated_researchers;
    to->updated_topics += from->updated_topics;
    to->updated_institutions += from->updated_institutions;
}

/* Called outside a transaction (store.h asks for one), the import runs in
 * a BEGIN IMMEDIATE transaction of its own and commits it: a savepoint
 * alone would begin a deferred one, which fails at once, without waiting,
 * when another process writes between its first read and first write. */
static enum bz_status
store_sqlite_import_work(struct bz_store *store,
                         const struct bz_work_record *record,
                         struct bz_import_tally *tally, struct bz_error *err)
{
    struct store_sqlite *s = store_sqlite_of(store);
    struct bz_import_tally counted = {0};
    int own_transaction = sqlite3_get_autocommit(s->db);
    enum bz_status status;

    status = store_sqlite_check_record(record, err);
    if (status != BZ_OK)
        return status;
    if (own_transaction &&
        (status = store_sqlite_run(s, STMT_BEGIN, err)) != BZ_OK)
        return status;
    status = store_sqlite_run(s, STMT_SAVEPOINT, err);
    if (status != BZ_OK)
        goto rollback_transaction;

    status = store_sqlite_import_record(s, record, &counted, err);
    if (status != BZ_OK)
        goto rollback_savepoint;
    status = store_sqlite_run(s, STMT_RELEASE, err);
    if (status != BZ_OK)
        goto rollback_savepoint;
    if (own_transaction) {
        status = store_sqlite_commit(store, err);
        if (status != BZ_OK)
            goto rollback_transaction;
    }

    if (tally != NULL)
        store_sqlite_tally_add(tally, &counted);
    bz_arena_reset(&s->scratch);
    return BZ_OK;

rollback_savepoint:
    /* err keeps the first failure. These fail only when SQLite has already
     * rolled the whole transaction back, leaving nothing to undo. */
    if (!sqlite3_get_autocommit(s->db)) {
        store_sqlite_run(s, STMT_ROLLBACK_TO, NULL);
        store_sqlite_run(s, STMT_RELEASE, NULL);
    }
rollback_transaction:
    if (own_transaction)
        store_sqlite_rollback(store, NULL);
    bz_arena_reset(&s->scratch);
    return status;
}

/* --- reads --------------------------------------------------------------- */

static enum bz_status store_sqlite_counts(struct bz_store *store,
                                          struct bz_store_counts *out,
                                          struct bz_error *err)
{
    struct store_sqlite *s = store_sqlite_of(store);
    sqlite3_stmt *st = store_sqlite_stmt(s, STMT_COUNTS, err);
    enum bz_status status = BZ_OK;

    if (st == NULL)
        return BZ_STORE;
    if (sqlite3_step(st) == SQLITE_ROW) {
        out->researchers = (long)sqlite3_column_int64(st, 0);
        out->works = (long)sqlite3_column_int64(st, 1);
        out->topics = (long)sqlite3_column_int64(st, 2);
        out->institutions = (long)sqlite3_column_int64(st, 3);
    } else {
        status = store_sqlite_fail(s, st, err);
    }
    store_sqlite_done(st);
    return status;
}

static enum bz_status store_sqlite_researcher_get(struct bz_store *store,
                                                  struct bz_arena *arena,
                                                  int64_t id,
                                                  struct bz_researcher *out,
                                                  struct bz_error *err)
{
    struct store_sqlite *s = store_sqlite_of(store);
    enum bz_status status;
    void *rows, *ids;
    size_t count;

    status = store_sqlite_collect_by(s, STMT_RESEARCHER_GET, id, arena,
                                     sizeof(*out), store_sqlite_read_researcher,
                                     &rows, &count, err);
    if (status != BZ_OK)
        return status;
    if (count == 0)
        return bz_error_set(err, BZ_NOT_FOUND, "no researcher 'R%lld'",
                            (long long)id);
    *out = *(struct bz_researcher *)rows;

    status = store_sqlite_collect_by(s, STMT_RESEARCHER_IDS, id, arena,
                                     sizeof(*out->ids), store_sqlite_read_id,
                                     &ids, &out->id_count, err);
    out->ids = ids;
    return status;
}

/* The owner of (scheme, value) in the id table of find; BZ_NOT_FOUND with
 * "no KIND with SCHEME 'VALUE'" when nobody carries it. */
static enum bz_status store_sqlite_find(struct store_sqlite *s,
                                        enum store_sqlite_stmt_id find,
                                        const char *kind, const char *scheme,
                                        const char *value, int64_t *id,
                                        struct bz_error *err)
{
    struct bz_external_id key = {scheme, value, NULL};
    enum bz_status status;

    if (scheme == NULL || value == NULL)
        return bz_error_set(err, BZ_INVALID, "no %s id given", kind);
    status = store_sqlite_match(s, find, &key, 1, id, err);
    if (status == BZ_OK && *id == 0)
        return bz_error_set(err, BZ_NOT_FOUND, "no %s with %s '%s'", kind,
                            scheme, value);
    return status;
}

static enum bz_status store_sqlite_researcher_find(struct bz_store *store,
                                                   const char *scheme,
                                                   const char *value,
                                                   int64_t *id,
                                                   struct bz_error *err)
{
    return store_sqlite_find(store_sqlite_of(store), STMT_RESEARCHER_FIND,
                             "researcher", scheme, value, id, err);
}

static enum bz_status store_sqlite_work_find(struct bz_store *store,
                                             const char *scheme,
                                             const char *value, int64_t *id,
                                             struct bz_error *err)
{
    return store_sqlite_find(store_sqlite_of(store), STMT_WORK_FIND, "work",
                             scheme, value, id, err);
}

/* researcher_list's statement for word_count words, prepared on first use.
 * Only the number of placeholders varies; the words are bound. */
static sqlite3_stmt *store_sqlite_list_stmt(struct store_sqlite *s,
                                            size_t word_count,
                                            struct bz_error *err)
{
    char sql[sizeof(LIST_HEAD) +
             STORE_SQLITE_LIST_WORDS * (sizeof(LIST_WORD) - 1) +
             sizeof(LIST_TAIL)];
    sqlite3_stmt **slot = &s->list_stmts[word_count];
    size_t len = 0;

    if (*slot != NULL) {
        sqlite3_reset(*slot);
        sqlite3_clear_bindings(*slot);
        return *slot;
    }
    memcpy(sql, LIST_HEAD, sizeof(LIST_HEAD) - 1);
    len = sizeof(LIST_HEAD) - 1;
    for (size_t i = 0; i < word_count; i++) {
        memcpy(sql + len, LIST_WORD, sizeof(LIST_WORD) - 1);
        len += sizeof(LIST_WORD) - 1;
    }
    memcpy(sql + len, LIST_TAIL, sizeof(LIST_TAIL)); /* with its NUL */

    if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, slot,
                           NULL) != SQLITE_OK) {
        bz_error_set(err, BZ_STORE,
                     "sqlite: prepare of 'list researchers' failed: %s",
                     sqlite3_errmsg(s->db));
        *slot = NULL;
        return NULL;
    }
    return *slot;
}

/* word with LIKE's special characters (%, _ and the escape \) escaped, in
 * arena; NULL when it is full. */
static char *store_sqlite_like_escape(struct bz_arena *arena, const char *word)
{
    size_t n = strlen(word), o = 0;
    char *out = bz_arena_alloc(arena, 2 * n + 1);

    if (out == NULL)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        if (word[i] == '%' || word[i] == '_' || word[i] == '\\')
            out[o++] = '\\';
        out[o++] = word[i];
    }
    out[o] = '\0';
    return out;
}

/* Empty words are skipped (they would match every name). Words past the
 * eighth are ignored, which can only widen the result: callers split
 * queries into at most a few words. */
static enum bz_status store_sqlite_researcher_list(
    struct bz_store *store, struct bz_arena *arena, const char *const *words,
    size_t word_count, int64_t after, int limit, struct bz_researcher **out,
    size_t *count, int *more, struct bz_error *err)
{
    struct store_sqlite *s = store_sqlite_of(store);
    const char *patterns[STORE_SQLITE_LIST_WORDS];
    size_t used = 0, rows;
    enum bz_status status;
    sqlite3_stmt *st;
    void *items;

    for (size_t i = 0; words && i < word_count; i++) {
        if (used == STORE_SQLITE_LIST_WORDS)
            break;
        if (words[i] == NULL || words[i][0] == '\0')
            continue;
        patterns[used] = store_sqlite_like_escape(arena, words[i]);
        if (patterns[used] == NULL)
            return store_sqlite_nomem(err);
        used++;
    }
    if (limit < 0)
        limit = 0;

    if ((st = store_sqlite_list_stmt(s, used, err)) == NULL)
        return BZ_STORE;
    sqlite3_bind_int64(st, 1, after);
    for (size_t i = 0; i < used; i++)
        store_sqlite_bind_text(st, (int)i + 2, patterns[i]);
    sqlite3_bind_int64(st, (int)used + 2, (int64_t)limit + 1);
    status =
        store_sqlite_collect(s, st, arena, sizeof(**out),
                             store_sqlite_read_researcher, &items, &rows, err);
    if (status != BZ_OK)
        return status;

    *out = items;
    *more = rows > (size_t)limit;
    *count = *more ? (size_t)limit : rows;
    return BZ_OK;
}

static enum bz_status
store_sqlite_researcher_works(struct bz_store *store, struct bz_arena *arena,
                              int64_t id, struct bz_work **out, size_t *count,
                              struct bz_error *err)
{
    struct store_sqlite *s = store_sqlite_of(store);
    enum bz_status status;
    struct bz_work *works;
    void *items;

    status = store_sqlite_collect_by(s, STMT_RESEARCHER_WORKS, id, arena,
                                     sizeof(**out), store_sqlite_read_work,
                                     &items, count, err);
    if (status != BZ_OK)
        return status;
    works = items;
    for (size_t i = 0; status == BZ_OK && i < *count; i++) {
        status = store_sqlite_collect_by(
            s, STMT_WORK_IDS, works[i].id, arena, sizeof(*works[i].ids),
            store_sqlite_read_id, &items, &works[i].id_count, err);
        works[i].ids = items;
    }
    *out = works;
    return status;
}

static enum bz_status
store_sqlite_researcher_topics(struct bz_store *store, struct bz_arena *arena,
                               int64_t id, struct bz_topic_ref **out,
                               size_t *count, struct bz_error *err)
{
    void *items;
    enum bz_status status = store_sqlite_collect_by(
        store_sqlite_of(store), STMT_RESEARCHER_TOPICS, id, arena,
        sizeof(**out), store_sqlite_read_topic, &items, count, err);

    *out = items;
    return status;
}

static enum bz_status store_sqlite_researcher_coauthorships(
    struct bz_store *store, struct bz_arena *arena, int64_t id,
    struct bz_coauthorship **out, size_t *count, struct bz_error *err)
{
    void *items;
    enum bz_status status = store_sqlite_collect_by(
        store_sqlite_of(store), STMT_RESEARCHER_COAUTHORSHIPS, id, arena,
        sizeof(**out), store_sqlite_read_coauthorship, &items, count, err);

    *out = items;
    return status;
}

static enum bz_status store_sqlite_researcher_institutions(
    struct bz_store *store, struct bz_arena *arena, int64_t id,
    struct bz_institution_ref **out, size_t *count, struct bz_error *err)
{
    void *items;
    enum bz_status status = store_sqlite_collect_by(
        store_sqlite_of(store), STMT_RESEARCHER_INSTITUTIONS, id, arena,
        sizeof(**out), store_sqlite_read_institution, &items, count, err);

    *out = items;
    return status;
}

static enum bz_status store_sqlite_researcher_followers(struct bz_store *store,
                                                        int64_t id, long *total,
                                                        long *verified,
                                                        struct bz_error *err)
{
    struct store_sqlite *s = store_sqlite_of(store);
    sqlite3_stmt *st = store_sqlite_stmt(s, STMT_RESEARCHER_FOLLOWERS, err);
    enum bz_status status = BZ_OK;

    if (st == NULL)
        return BZ_STORE;
    sqlite3_bind_int64(st, 1, id);
    if (sqlite3_step(st) == SQLITE_ROW) {
        *total = (long)sqlite3_column_int64(st, 0);
        *verified = (long)sqlite3_column_int64(st, 1);
    } else {
        status = store_sqlite_fail(s, st, err);
    }
    store_sqlite_done(st);
    return status;
}

static enum bz_status store_sqlite_work_get(struct bz_store *store,
                                            struct bz_arena *arena, int64_t id,
                                            struct bz_work *out,
                                            struct bz_error *err)
{
    struct store_sqlite *s = store_sqlite_of(store);
    enum bz_status status;
    void *items;
    size_t count;

    status =
        store_sqlite_collect_by(s, STMT_WORK_GET, id, arena, sizeof(*out),
                                store_sqlite_read_work, &items, &count, err);
    if (status != BZ_OK)
        return status;
    if (count == 0)
        return bz_error_set(err, BZ_NOT_FOUND, "no work 'W%lld'",
                            (long long)id);
    *out = *(struct bz_work *)items;

    status = store_sqlite_collect_by(s, STMT_WORK_IDS, id, arena,
                                     sizeof(*out->ids), store_sqlite_read_id,
                                     &items, &out->id_count, err);
    out->ids = items;
    if (status != BZ_OK)
        return status;
    status = store_sqlite_collect_by(
        s, STMT_WORK_AUTHORSHIPS, id, arena, sizeof(*out->authorships),
        store_sqlite_read_authorship, &items, &out->authorship_count, err);
    out->authorships = items;
    if (status != BZ_OK)
        return status;
    status = store_sqlite_collect_by(
        s, STMT_WORK_TOPICS, id, arena, sizeof(*out->topics),
        store_sqlite_read_topic, &items, &out->topic_count, err);
    out->topics = items;
    if (status != BZ_OK)
        return status;
    status = store_sqlite_collect_by(
        s, STMT_WORK_INSTITUTIONS, id, arena, sizeof(*out->institutions),
        store_sqlite_read_institution, &items, &out->institution_count, err);
    out->institutions = items;
    if (status != BZ_OK)
        return status;
    status = store_sqlite_collect_by(
        s, STMT_WORK_PROVENANCE, id, arena, sizeof(*out->provenance),
        store_sqlite_read_provenance, &items, &out->provenance_count, err);
    out->provenance = items;
    return status;
}

/* --- opening ------------------------------------------------------------- */

/* Switching a file to WAL takes an exclusive lock, and when several
 * connections open one new file at once SQLite answers SQLITE_BUSY at once
 * rather than wait in its busy handler (waiting could deadlock). So the
 * switch is retried here, for as long as the busy timeout. */
static int store_sqlite_set_wal(sqlite3 *db)
{
    int rc, waited = 0;

    for (;;) {
        rc = sqlite3_exec(db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
        if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) ||
            waited >= STORE_SQLITE_BUSY_MS)
            return rc;
        sqlite3_sleep(10);
        waited += 10;
    }
}

static const struct bz_store_ops store_sqlite_ops = {
    .name = "sqlite",
    .close = store_sqlite_close,
    .begin = store_sqlite_begin,
    .commit = store_sqlite_commit,
    .rollback = store_sqlite_rollback,
    .generation = store_sqlite_generation,
    .import_work = store_sqlite_import_work,
    .counts = store_sqlite_counts,
    .researcher_get = store_sqlite_researcher_get,
    .researcher_find = store_sqlite_researcher_find,
    .researcher_list = store_sqlite_researcher_list,
    .researcher_works = store_sqlite_researcher_works,
    .researcher_topics = store_sqlite_researcher_topics,
    .researcher_coauthorships = store_sqlite_researcher_coauthorships,
    .researcher_institutions = store_sqlite_researcher_institutions,
    .researcher_followers = store_sqlite_researcher_followers,
    .work_get = store_sqlite_work_get,
    .work_find = store_sqlite_work_find,
};

enum bz_status bz_store_sqlite_open(const char *path, struct bz_store **out,
                                    struct bz_error *err)
{
    static const char pragmas[] = "PRAGMA synchronous = NORMAL;"
                                  "PRAGMA foreign_keys = ON;";
    struct store_sqlite *s;
    enum bz_status status;
    int rc;

    *out = NULL;
    s = calloc(1, sizeof(*s));
    if (s == NULL)
        return bz_error_set(err, BZ_NOMEM,
                            "out of memory opening database '%s'", path);
    s->base.ops = &store_sqlite_ops;
    bz_arena_init(&s->scratch, 0);

    rc = sqlite3_open_v2(
        path, &s->db,
        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        status =
            bz_error_set(err, BZ_STORE, "sqlite: open '%s' failed: %s", path,
                         s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
        goto close_store;
    }
    sqlite3_busy_timeout(s->db, STORE_SQLITE_BUSY_MS);
    if (store_sqlite_set_wal(s->db) != SQLITE_OK ||
        sqlite3_exec(s->db, pragmas, NULL, NULL, NULL) != SQLITE_OK) {
        status =
            bz_error_set(err, BZ_STORE, "sqlite: set up of '%s' failed: %s",
                         path, sqlite3_errmsg(s->db));
        goto close_store;
    }
    status = store_sqlite_migrate(s, path, err);
    if (status != BZ_OK)
        goto close_store;

    if (strcmp(path, ":memory:") != 0 && strncmp(path, "file:", 5) != 0 &&
        (s->shm_path = malloc(strlen(path) + sizeof("-shm"))) != NULL)
        sprintf(s->shm_path, "%s-shm", path); /* NULL: no fast path */
    *out = &s->base;
    return BZ_OK;

close_store:
    store_sqlite_close(&s->base);
    return status;
}
