/* store_sql.c - the storage interface of store.h over an SQL connection.
 *
 * Written once for SQLite and PostgreSQL: every statement below is in the
 * SQL both accept (see sql.h for the driver beneath). Where the engines
 * differ, the SQL takes the form both read alike: CASE for SQLite's
 * two-argument min() and max(), lower() for COLLATE NOCASE, RETURNING for
 * the new row's id, CAST for a parameter whose type PostgreSQL cannot
 * infer, a table-qualified column in an upsert's SET.
 */
#include "store/store_sql.h"
#include "store/store_sql_internal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <yajl/yajl_tree.h>

#include "core/text.h"
#include "identity/name.h"
#include "store/work_key.h"

#define STORE_SQL_ALIAS_HOPS 5  /* most aliases followed to a record */

/* --- statements ----------------------------------------------------------
 *
 * Every statement but researcher_list's is one fixed text, prepared on its
 * first use and kept for the life of the handle. Each is named by what it
 * does, for the error messages. */

enum store_sql_stmt_id {
    STMT_SAVEPOINT,
    STMT_RELEASE,
    STMT_ROLLBACK_TO,
    STMT_GROUP_SAVEPOINT,
    STMT_GROUP_RELEASE,
    STMT_GROUP_ROLLBACK_TO,
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
    STMT_TOPIC_SET_NAME,
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
    STMT_WORK_BY_TITLE,
    STMT_WORK_HAS_OWN_ID,
    STMT_WORK_SET_AUTHOR_KEY,
    STMT_WORK_KEYLESS,
    STMT_WORK_SET_KEYS,
    STMT_RESEARCHER_KEYLESS,
    STMT_RESEARCHER_SET_BLOCK,
    STMT_WORK_VERSION_INSERT,
    STMT_WORK_VERSIONS,
    STMT_WORKS_PAGE,
    STMT_RESEARCHER_WORKS_PAGE,
    STMT_RESEARCHER_NAME_INSERT,
    STMT_AFFILIATION_CURRENT,
    STMT_AFFILIATION_CLEAR_CURRENT,
    STMT_VENUE_FIND,
    STMT_VENUE_BY_NAME,
    STMT_VENUE_INSERT,
    STMT_VENUE_FILL,
    STMT_VENUE_ID_INSERT,
    STMT_ALIAS_ADD,
    STMT_ALIAS_FIND,
    STMT_CITATION_COUNT_SET,
    STMT_CITATION_INSERT,
    STMT_REFERENCES_READ,
    STMT_REFERENCES_SET,
    STMT_CITATION_PENDING_ADD,
    STMT_AUTHORSHIP_AT,
    STMT_RESEARCHER_RECHECK,
    STMT_CITATION_PENDING_DONE,
    STMT_CITATION_MEND,
    STMT_CITATION_PENDING_CLEAR,
    STMT_WORK_CITING,
    STMT_WORK_CITED,
    STMT_WORK_REFERENCE_COUNT,
    STMT_AUDIT_INSERT,
    STMT_AUDIT_LIST,
    STMT_RESEARCHER_STATE,
    STMT_MERGE_AUTHORSHIPS,
    STMT_MERGE_IDS,
    STMT_MERGE_FORMER_NAME,
    STMT_MERGE_NAMES,
    STMT_MERGE_NAMES_DROP,
    STMT_MERGE_AFFILIATIONS,
    STMT_MERGE_AFFILIATIONS_DROP,
    STMT_MERGE_EMAILS,
    STMT_MERGE_EMAILS_DROP,
    STMT_MERGE_FOLLOWS,
    STMT_MERGE_FOLLOWS_DROP,
    STMT_MERGE_OWNER,
    STMT_MERGE_CLAIM,
    STMT_MERGE_CLAIMS,
    STMT_MERGE_MARK,
    STMT_SPLIT_HAS_WORK,
    STMT_SPLIT_WORK_COUNT,
    STMT_SPLIT_INSERT,
    STMT_SPLIT_MOVE,
    STMT_COUNT
};

/* The columns store_sql_read_researcher() reads, in its order. The
 * affiliation is the current one a people source gave, else the one of the
 * researcher's latest authorship that names one. */
#define RESEARCHER_COLUMNS                                                     \
    "SELECT r.id, r.display_name, r.slug, r.summary, "                         \
    "r.open_to_collaborate, r.claim_level, COALESCE(r.merged_into, 0), "       \
    "EXISTS (SELECT 1 FROM researcher_id x WHERE x.researcher_id = r.id), "    \
    "(SELECT count(DISTINCT a.work_id) FROM authorship a "                     \
    "WHERE a.researcher_id = r.id AND NOT EXISTS (SELECT 1 "                   \
    "FROM researcher_work_flag f WHERE f.researcher_id = r.id "                \
    "AND f.work_id = a.work_id AND f.hidden = 1)), "                           \
    "COALESCE((SELECT i.display_name FROM affiliation af "                     \
    "JOIN institution i ON i.id = af.institution_id "                          \
    "WHERE af.researcher_id = r.id AND af.current = 1 "                        \
    "ORDER BY af.rowid DESC LIMIT 1), "                                        \
    "(SELECT i.display_name FROM authorship a "                                \
    "JOIN work w ON w.id = a.work_id "                                         \
    "JOIN authorship_institution ai "                                          \
    "ON ai.work_id = a.work_id AND ai.position = a.position "                  \
    "JOIN institution i ON i.id = ai.institution_id "                          \
    "WHERE a.researcher_id = r.id "                                            \
    "ORDER BY COALESCE(w.publication_year, 0) DESC, w.id DESC, "               \
    "ai.ordinal LIMIT 1)), "                                                   \
    "r.self_affiliation, COALESCE(r.hidden_at, 0) "                            \
    "FROM researcher r "

/* The columns store_sql_read_work() reads, in its order. */
#define WORK_COLUMNS                                                           \
    "SELECT w.id, w.title, w.slug, w.abstract, "                               \
    "COALESCE(w.publication_year, 0), w.type, w.venue, "                       \
    "COALESCE(w.open_access, -1), w.landing_url, "                             \
    "COALESCE((SELECT max(c.count) FROM work_citation_count c "                \
    "WHERE c.work_id = w.id), -1), "                                           \
    "(SELECT c.source FROM work_citation_count c WHERE c.work_id = w.id "      \
    "ORDER BY c.count DESC, c.source LIMIT 1) FROM work w "

/* The columns store_sql_read_work_ref() reads: ?1 the work, ?2 which
 * side of its citations. */
#define WORK_REF_COLUMNS                                                       \
    "SELECT w.id, w.title, w.slug, COALESCE(w.publication_year, 0) "           \
    "FROM work w "
#define WORK_REF_ORDER                                                         \
    " AND w.id <> ?1 ORDER BY COALESCE(w.publication_year, 0) DESC, "          \
    "lower(w.title), w.id LIMIT 200"

/* The rows an import writes many a statement (store_sql_write_rows):
 * each statement's text up to its rows, and after them. An affiliation
 * met again widens its years; a NULL year changes nothing. */
#define AUTHORSHIP_INSERT                                                      \
    "INSERT INTO authorship (work_id, position, researcher_id, raw_name) "     \
    "VALUES "
#define AUTHORSHIP_INSTITUTION_INSERT                                          \
    "INSERT INTO authorship_institution (work_id, position, "                  \
    "institution_id, ordinal) VALUES "
#define AUTHORSHIP_INSTITUTION_END " ON CONFLICT DO NOTHING"
#define CITATION_INSERT                                                        \
    "INSERT INTO citation (cited_scheme, cited_value, citing_work_id) "        \
    "VALUES "
#define CITATION_END " ON CONFLICT DO NOTHING"
#define PROVENANCE_INSERT                                                      \
    "INSERT INTO provenance (entity, entity_id, field, source, "               \
    "source_record) VALUES "
#define PROVENANCE_END " ON CONFLICT DO NOTHING"
#define CITATION_PENDING_INSERT "INSERT INTO citation_pending (work_id) VALUES "
#define CITATION_PENDING_END " ON CONFLICT DO NOTHING"
#define AFFILIATION_UPSERT                                                     \
    "INSERT INTO affiliation (researcher_id, institution_id, source, "         \
    "first_year, last_year) VALUES "
#define AFFILIATION_WIDEN                                                      \
    " ON CONFLICT (researcher_id, institution_id, source) "                    \
    "DO UPDATE SET "                                                           \
    "first_year = CASE WHEN affiliation.first_year IS NULL OR "                \
    "excluded.first_year < affiliation.first_year "                            \
    "THEN excluded.first_year ELSE affiliation.first_year END, "               \
    "last_year = CASE WHEN affiliation.last_year IS NULL OR "                  \
    "excluded.last_year > affiliation.last_year "                              \
    "THEN excluded.last_year ELSE affiliation.last_year END"

/* An INSERT of one row whose key the store reads (store_sql_insert_id):
 * PostgreSQL's text says RETURNING id, SQLite's does not (sql.h's
 * inserted_id says why). */
#define STORE_SQL_INSERT_ID(name, text) {name, text, text " RETURNING id"}

static const struct {
    const char *name; /* "insert work": what failed, in messages */
    const char *sql;
    const char *sql_pg; /* PostgreSQL's text where it differs, or NULL */
} store_sql_sql[STMT_COUNT] = {
    [STMT_SAVEPOINT] = {"savepoint", "SAVEPOINT bz_import"},
    [STMT_RELEASE] = {"release savepoint", "RELEASE bz_import"},
    [STMT_ROLLBACK_TO] = {"rollback to savepoint", "ROLLBACK TO bz_import"},
    [STMT_GROUP_SAVEPOINT] = {"savepoint of a group", "SAVEPOINT bz_group"},
    [STMT_GROUP_RELEASE] = {"release a group", "RELEASE bz_group"},
    [STMT_GROUP_ROLLBACK_TO] = {"undo a group", "ROLLBACK TO bz_group"},
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
    [STMT_WORK_INSERT] = STORE_SQL_INSERT_ID(
        "insert work", "INSERT INTO work (title, slug, abstract, "
                       "publication_year, type, venue, open_access, "
                       "landing_url, title_key, first_author_key) "
                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
                       "?10)"),
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
                                PROVENANCE_INSERT "(?1, ?2, ?3, ?4, ?5)"
                                PROVENANCE_END},
    [STMT_RESEARCHER_FIND] = {"find researcher",
                              "SELECT researcher_id FROM researcher_id "
                              "WHERE scheme = ?1 AND value = ?2"},
    [STMT_RESEARCHER_INSERT] = STORE_SQL_INSERT_ID(
        "insert researcher", "INSERT INTO researcher "
                             "(display_name, name_key, slug, block_key) "
                             "VALUES (?1, ?2, ?3, ?4)"),
    [STMT_RESEARCHER_ID_INSERT] = {"insert researcher id",
                                   "INSERT INTO researcher_id "
                                   "(scheme, value, researcher_id, source) "
                                   "VALUES (?1, ?2, ?3, ?4)"},
    [STMT_AUTHORSHIP_INSERT] = {"insert authorship",
                                AUTHORSHIP_INSERT "(?1, ?2, ?3, ?4)"},
    [STMT_INSTITUTION_FIND] = {"find institution",
                               "SELECT institution_id FROM institution_id "
                               "WHERE scheme = ?1 AND value = ?2"},
    [STMT_INSTITUTION_BY_NAME] = {"find institution by name",
                                  "SELECT id FROM institution "
                                  "WHERE display_name = ?1 "
                                  "ORDER BY id LIMIT 1"},
    [STMT_INSTITUTION_INSERT] = STORE_SQL_INSERT_ID(
        "insert institution", "INSERT INTO institution "
                              "(display_name, country_code, homepage) "
                              "VALUES (?1, ?2, ?3)"),
    [STMT_INSTITUTION_FILL] = {"update institution",
                               "UPDATE institution SET "
                               "display_name = CASE WHEN display_name = '' "
                               "THEN ?4 ELSE display_name END, "
                               "country_code = COALESCE(country_code, ?2), "
                               "homepage = COALESCE(homepage, ?3) "
                               "WHERE id = ?1 AND "
                               "((country_code IS NULL AND ?2 IS NOT NULL) "
                               "OR (homepage IS NULL AND ?3 IS NOT NULL) "
                               "OR (display_name = '' AND ?4 <> ''))"},
    [STMT_INSTITUTION_ID_INSERT] = {"insert institution id",
                                    "INSERT INTO institution_id "
                                    "(scheme, value, institution_id, source) "
                                    "VALUES (?1, ?2, ?3, ?4)"},
    [STMT_AUTHORSHIP_INSTITUTION_INSERT] = {"insert authorship institution",
                                            AUTHORSHIP_INSTITUTION_INSERT
                                            "(?1, ?2, ?3, ?4)"
                                            AUTHORSHIP_INSTITUTION_END},
    [STMT_AFFILIATION_UPSERT] = {"upsert affiliation",
                                 AFFILIATION_UPSERT "(?1, ?2, ?3, ?4, ?5)"
                                 AFFILIATION_WIDEN},
    /* the id first: store_sql_match() reads it alone */
    [STMT_TOPIC_FIND] = {"find topic",
                         "SELECT id, parent_id IS NOT NULL, "
                         "level IS NOT NULL, display_name <> external_id "
                         "FROM topic "
                         "WHERE scheme = ?1 AND external_id = ?2"},
    [STMT_TOPIC_INSERT] = STORE_SQL_INSERT_ID(
        "insert topic", "INSERT INTO topic (scheme, external_id, "
                        "display_name, level, parent_id) "
                        "VALUES (?1, ?2, ?3, ?4, ?5)"),
    /* a parent is given only to a topic that has none, and never one that
     * descends from the topic: the hierarchy stays a tree */
    [STMT_TOPIC_SET_PARENT] = {"update topic parent",
                               "UPDATE topic SET parent_id = ?2 "
                               "WHERE id = ?1 AND parent_id IS NULL "
                               "AND NOT EXISTS (WITH RECURSIVE up(id) AS ("
                               "SELECT CAST(?2 AS BIGINT) UNION "
                               "SELECT t.parent_id "
                               "FROM topic t JOIN up ON t.id = up.id "
                               "WHERE t.parent_id IS NOT NULL) "
                               "SELECT 1 FROM up WHERE up.id = ?1)"},
    [STMT_TOPIC_SET_LEVEL] = {"update topic level",
                              "UPDATE topic SET level = ?2 "
                              "WHERE id = ?1 AND level IS NULL"},
    /* a topic first seen by its code alone ("cs.LG") takes a real name */
    [STMT_TOPIC_SET_NAME] = {"update topic name",
                             "UPDATE topic SET display_name = ?2 "
                             "WHERE id = ?1 AND display_name = external_id"},
    [STMT_WORK_TOPIC_INSERT] = {"insert work topic",
                                "INSERT INTO work_topic "
                                "(work_id, topic_id, score, source) "
                                "VALUES (?1, ?2, ?3, ?4) "
                                "ON CONFLICT DO NOTHING"},
    [STMT_COUNTS] = {"count records", "SELECT (SELECT count(*) FROM researcher "
                                      "WHERE merged_into IS NULL "
                                      "AND hidden_at IS NULL), "
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
                               "lower(w.title), w.id"},
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
                                   "WHEN a.email_verified = 1 "
                                   "THEN 1 ELSE 0 END), 0) "
                                   "FROM follow f "
                                   "JOIN account a ON a.id = f.account_id "
                                   "WHERE f.researcher_id = ?1 AND "
                                   "(a.owns_researcher_id IS NULL OR "
                                   "a.owns_researcher_id <> f.researcher_id)"},
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
                          "t.external_id, 0, COALESCE(wt.score, 0), "
                          "wt.source FROM work_topic wt "
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
    /* ?1 title_key, ?2 first_author_key, ?3 year: in the index's order
     * (year, id), which store_sql_match_title() sorts by nearness; the
     * window is BZ_WORK_KEY_YEARS (work_key.h) */
    [STMT_WORK_BY_TITLE] = {"find work by title",
                            "SELECT id, publication_year FROM work "
                            "WHERE title_key = ?1 "
                            "AND first_author_key = ?2 "
                            "AND publication_year BETWEEN ?3 - 1 AND ?3 + 1 "
                            "LIMIT 32"},
    /* an id of scheme ?2 that is the work's own, not an arXiv DOI */
    [STMT_WORK_HAS_OWN_ID] = {"find work id of scheme",
                              "SELECT EXISTS (SELECT 1 FROM work_id "
                              "WHERE work_id = ?1 AND scheme = ?2 "
                              "AND value NOT LIKE '10.48550/arxiv.%')"},
    [STMT_WORK_SET_AUTHOR_KEY] = {"update work author key",
                                  "UPDATE work SET first_author_key = ?2 "
                                  "WHERE id = ?1 "
                                  "AND first_author_key IS NULL"},
    [STMT_WORK_KEYLESS] = {"read works without keys",
                           "SELECT w.id, w.title, (SELECT "
                           "COALESCE(r.display_name, a.raw_name) "
                           "FROM authorship a LEFT JOIN researcher r "
                           "ON r.id = a.researcher_id "
                           "WHERE a.work_id = w.id "
                           "ORDER BY a.position LIMIT 1) "
                           "FROM work w WHERE w.title_key IS NULL LIMIT 500"},
    [STMT_RESEARCHER_KEYLESS] = {"read researchers without block keys",
                                 "SELECT id, display_name FROM researcher "
                                 "WHERE block_key IS NULL LIMIT 500"},
    [STMT_RESEARCHER_SET_BLOCK] = {"update researcher block key",
                                   "UPDATE researcher SET block_key = ?2 "
                                   "WHERE id = ?1"},
    [STMT_WORK_SET_KEYS] = {"update work keys",
                            "UPDATE work SET title_key = ?2, "
                            "first_author_key = ?3 WHERE id = ?1"},
    [STMT_WORK_VERSION_INSERT] = {"insert work version",
                                  "INSERT INTO work_version (work_id, "
                                  "source, source_record, type, venue, "
                                  "publication_year, doi, arxiv, "
                                  "landing_url) VALUES (?1, ?2, ?3, ?4, "
                                  "?5, ?6, ?7, ?8, ?9) "
                                  "ON CONFLICT DO NOTHING"},
    [STMT_WORK_VERSIONS] = {"read work versions",
                            "SELECT source, NULLIF(source_record, ''), "
                            "type, venue, COALESCE(publication_year, 0), "
                            "doi, arxiv, landing_url FROM work_version "
                            "WHERE work_id = ?1 ORDER BY rowid"},
    [STMT_WORKS_PAGE] = {"read works", WORK_COLUMNS "WHERE w.id > ?1 "
                                                    "ORDER BY w.id LIMIT ?2"},
    [STMT_RESEARCHER_WORKS_PAGE] = {"read researcher works page", WORK_COLUMNS
                                    "WHERE w.id > ?2 AND w.id IN (SELECT "
                                    "work_id FROM authorship "
                                    "WHERE researcher_id = ?1) "
                                    "ORDER BY w.id LIMIT ?3"},
    [STMT_RESEARCHER_NAME_INSERT] = {"insert researcher name",
                                     "INSERT INTO researcher_name "
                                     "(researcher_id, name, name_key, "
                                     "source) VALUES (?1, ?2, ?3, ?4) "
                                     "ON CONFLICT DO NOTHING"},
    [STMT_AFFILIATION_CURRENT] = {"upsert current affiliation",
                                  "INSERT INTO affiliation (researcher_id, "
                                  "institution_id, source, current) "
                                  "VALUES (?1, ?2, ?3, ?4) "
                                  "ON CONFLICT (researcher_id, "
                                  "institution_id, source) DO UPDATE SET "
                                  "current = excluded.current "
                                  "WHERE affiliation.current <> "
                                  "excluded.current"},
    /* the source's former current affiliations, all but ?3 */
    [STMT_AFFILIATION_CLEAR_CURRENT] = {"update former affiliations",
                                        "UPDATE affiliation SET current = 0 "
                                        "WHERE researcher_id = ?1 "
                                        "AND source = ?2 AND current = 1 "
                                        "AND institution_id <> ?3"},
    [STMT_VENUE_FIND] = {"find venue", "SELECT venue_id FROM venue_id "
                                       "WHERE scheme = ?1 AND value = ?2"},
    [STMT_VENUE_BY_NAME] = {"find venue by name",
                            "SELECT id FROM venue WHERE display_name = ?1 "
                            "ORDER BY id LIMIT 1"},
    [STMT_VENUE_INSERT] = STORE_SQL_INSERT_ID(
        "insert venue", "INSERT INTO venue (display_name, type, "
                        "publisher) VALUES (?1, ?2, ?3)"),
    [STMT_VENUE_FILL] = {"update venue",
                         "UPDATE venue SET type = COALESCE(type, ?2), "
                         "publisher = COALESCE(publisher, ?3) "
                         "WHERE id = ?1 AND "
                         "((type IS NULL AND ?2 IS NOT NULL) "
                         "OR (publisher IS NULL AND ?3 IS NOT NULL))"},
    [STMT_VENUE_ID_INSERT] = {"insert venue id",
                              "INSERT INTO venue_id "
                              "(scheme, value, venue_id, source) "
                              "VALUES (?1, ?2, ?3, ?4)"},
    [STMT_ALIAS_ADD] = {"insert alias",
                        "INSERT INTO id_alias "
                        "(kind, scheme, old_value, new_value) "
                        "VALUES (?1, ?2, ?3, ?4) "
                        "ON CONFLICT (kind, scheme, old_value) DO UPDATE "
                        "SET new_value = excluded.new_value"},
    [STMT_ALIAS_FIND] = {"find alias",
                         "SELECT new_value FROM id_alias WHERE kind = ?1 "
                         "AND scheme = ?2 AND old_value = ?3"},
    /* a source's newer count replaces its older one */
    [STMT_CITATION_COUNT_SET] = {"set citation count",
                                 "INSERT INTO work_citation_count "
                                 "(work_id, source, count) "
                                 "VALUES (?1, ?2, ?3) "
                                 "ON CONFLICT (work_id, source) DO UPDATE "
                                 "SET count = excluded.count "
                                 "WHERE work_citation_count.count <> "
                                 "excluded.count"},
    [STMT_CITATION_INSERT] = {"insert citation",
                              CITATION_INSERT "(?1, ?2, ?3)" CITATION_END},
    [STMT_REFERENCES_READ] = {"read references",
                              "SELECT refs FROM work_reference "
                              "WHERE work_id = ?1"},
    [STMT_REFERENCES_SET] = {"write references",
                             "INSERT INTO work_reference (work_id, "
                             "reference_count, refs) VALUES (?1, ?2, ?3) "
                             "ON CONFLICT (work_id) DO UPDATE SET "
                             "reference_count = excluded.reference_count, "
                             "refs = excluded.refs"},
    [STMT_AUTHORSHIP_AT] = {"read authorship",
                            "SELECT COALESCE(researcher_id, 0), raw_name "
                            "FROM authorship "
                            "WHERE work_id = ?1 AND position = ?2"},
    /* a record that gained an id: the pass weighs its block again */
    [STMT_RESEARCHER_RECHECK] = {"mark record to resolve",
                                 "UPDATE researcher SET identity_state = 0 "
                                 "WHERE id = ?1 AND identity_state = 1"},
    [STMT_CITATION_PENDING_ADD] = {"note pending citations",
                                   CITATION_PENDING_INSERT "(?1)"
                                   CITATION_PENDING_END},
    [STMT_CITATION_PENDING_DONE] = {"clear pending citations",
                                    "DELETE FROM citation_pending "
                                    "WHERE work_id BETWEEN ?1 AND ?2"},
    /* the rows of every pending work, from its stored list */
    [STMT_CITATION_MEND] =
        {"write pending citations",
         "INSERT INTO citation (cited_scheme, cited_value, citing_work_id) "
         "SELECT json_extract(j.value, '$[0]'), json_extract(j.value, "
         "'$[1]'), r.work_id FROM citation_pending p JOIN work_reference r "
         "ON r.work_id = p.work_id, json_each(r.refs) j "
         "WHERE true ON CONFLICT DO NOTHING",
         "INSERT INTO citation (cited_scheme, cited_value, citing_work_id) "
         "SELECT j.pair ->> 0, j.pair ->> 1, r.work_id "
         "FROM citation_pending p JOIN work_reference r "
         "ON r.work_id = p.work_id "
         "CROSS JOIN LATERAL json_array_elements(r.refs::json) j(pair) "
         "ON CONFLICT DO NOTHING"},
    [STMT_CITATION_PENDING_CLEAR] = {"clear pending citations",
                                     "DELETE FROM citation_pending"},
    /* edges meet works through work_id, on either side, when read: the
     * citing side through citation, the cited through the citing work's
     * list, whose pairs each engine reads with its own JSON functions */
    [STMT_WORK_CITING] =
        {"read citing works", WORK_REF_COLUMNS
         "WHERE w.id IN (SELECT c.citing_work_id FROM work_id i "
         "JOIN citation c ON c.cited_scheme = i.scheme "
         "AND c.cited_value = i.value WHERE i.work_id = ?1)" WORK_REF_ORDER},
    [STMT_WORK_CITED] =
        {"read cited works",
         WORK_REF_COLUMNS "WHERE w.id IN (" STORE_SQL_CITED_SQLITE("?1") ")"
         WORK_REF_ORDER,
         WORK_REF_COLUMNS "WHERE w.id IN (" STORE_SQL_CITED_PG("?1") ")"
         WORK_REF_ORDER},
    [STMT_WORK_REFERENCE_COUNT] = {"count references",
                                   "SELECT COALESCE((SELECT reference_count "
                                   "FROM work_reference "
                                   "WHERE work_id = ?1), 0)"},
    [STMT_AUDIT_INSERT] = {"append to audit log",
                           "INSERT INTO audit_log (at, actor, action, "
                           "subject, detail, reason) "
                           "VALUES (?6, ?1, ?2, ?3, ?4, ?5)"},
    [STMT_AUDIT_LIST] = {"read audit log",
                         "SELECT id, at, actor, action, subject, detail, "
                         "reason FROM audit_log "
                         "WHERE CAST(?1 AS TEXT) IS NULL OR subject = ?1 "
                         "ORDER BY id"},
    /* 1 + merged: NULL (no row) when there is no such record */
    [STMT_RESEARCHER_STATE] = {"read researcher state",
                               "SELECT CASE WHEN merged_into IS NOT NULL "
                               "THEN 2 WHEN hidden_at IS NOT NULL THEN 3 "
                               "ELSE 1 END, "
                               "claim_level FROM researcher WHERE id = ?1"},
    /* the merge, ?1 the survivor and ?2 the record merged into it; each
     * step takes both (a DELETE names ?1 in "?1 = ?1" only to take it),
     * so that store_sql_merge_record() binds them all alike */
    [STMT_MERGE_AUTHORSHIPS] = {"move authorships",
                                "UPDATE authorship SET researcher_id = ?1 "
                                "WHERE researcher_id = ?2"},
    [STMT_MERGE_IDS] = {"move researcher ids",
                        "UPDATE researcher_id SET researcher_id = ?1 "
                        "WHERE researcher_id = ?2"},
    [STMT_MERGE_FORMER_NAME] = {"keep merged name",
                                "INSERT INTO researcher_name (researcher_id, "
                                "name, name_key, source) "
                                "SELECT ?1, f.display_name, f.name_key, "
                                "'merge' FROM researcher f, researcher s "
                                "WHERE f.id = ?2 AND s.id = ?1 "
                                "AND f.display_name <> s.display_name "
                                "ON CONFLICT DO NOTHING"},
    [STMT_MERGE_NAMES] = {"move researcher names",
                          "INSERT INTO researcher_name (researcher_id, "
                          "name, name_key, source) SELECT ?1, name, "
                          "name_key, source FROM researcher_name "
                          "WHERE researcher_id = ?2 "
                          "ON CONFLICT DO NOTHING"},
    [STMT_MERGE_NAMES_DROP] = {"drop moved names",
                               "DELETE FROM researcher_name "
                               "WHERE researcher_id = ?2 AND ?1 = ?1"},
    [STMT_MERGE_AFFILIATIONS] = {"move affiliations",
                                 "INSERT INTO affiliation (researcher_id, "
                                 "institution_id, source, first_year, "
                                 "last_year, current) SELECT ?1, "
                                 "institution_id, source, first_year, "
                                 "last_year, current FROM affiliation "
                                 "WHERE researcher_id = ?2 "
                                 "ON CONFLICT DO NOTHING"},
    [STMT_MERGE_AFFILIATIONS_DROP] = {"drop moved affiliations",
                                      "DELETE FROM affiliation "
                                      "WHERE researcher_id = ?2 "
                                      "AND ?1 = ?1"},
    [STMT_MERGE_EMAILS] = {"move researcher emails",
                           "INSERT INTO researcher_email (researcher_id, "
                           "email, source) SELECT ?1, email, source "
                           "FROM researcher_email WHERE researcher_id = ?2 "
                           "ON CONFLICT DO NOTHING"},
    [STMT_MERGE_EMAILS_DROP] = {"drop moved emails",
                                "DELETE FROM researcher_email "
                                "WHERE researcher_id = ?2 AND ?1 = ?1"},
    [STMT_MERGE_FOLLOWS] = {"move follows",
                            "INSERT INTO follow (account_id, researcher_id, "
                            "created_at) SELECT account_id, ?1, created_at "
                            "FROM follow WHERE researcher_id = ?2 "
                            "ON CONFLICT DO NOTHING"},
    [STMT_MERGE_FOLLOWS_DROP] = {"drop moved follows",
                                 "DELETE FROM follow WHERE researcher_id = ?2 "
                                 "AND ?1 = ?1"},
    [STMT_MERGE_OWNER] = {"move owner",
                          "UPDATE account SET owns_researcher_id = ?1 "
                          "WHERE owns_researcher_id = ?2"},
    [STMT_MERGE_CLAIM] = {"move claim",
                          "UPDATE researcher SET claim_level = "
                          "(SELECT CASE WHEN f.claim_level > "
                          "researcher.claim_level THEN f.claim_level "
                          "ELSE researcher.claim_level END "
                          "FROM researcher f WHERE f.id = ?2) "
                          "WHERE id = ?1"},
    /* the claims go with the ownership they stand for (claim.h) */
    [STMT_MERGE_CLAIMS] = {"move claims", "UPDATE claim SET researcher_id = ?1 "
                                          "WHERE researcher_id = ?2"},
    /* the record, and those merged into it before, now lead to ?1 */
    [STMT_MERGE_MARK] = {"mark merged",
                         "UPDATE researcher SET merged_into = ?1, "
                         "claim_level = 0 "
                         "WHERE id = ?2 OR merged_into = ?2"},
    [STMT_SPLIT_HAS_WORK] = {"find authorship",
                             "SELECT EXISTS (SELECT 1 FROM authorship "
                             "WHERE researcher_id = ?1 AND work_id = ?2)"},
    [STMT_SPLIT_WORK_COUNT] = {"count works",
                               "SELECT count(DISTINCT work_id) "
                               "FROM authorship WHERE researcher_id = ?1"},
    /* kept apart: the resolution pass never merges it back */
    [STMT_SPLIT_INSERT] = {"insert split record",
                           "INSERT INTO researcher (display_name, name_key, "
                           "slug, block_key, identity_state) "
                           "SELECT display_name, name_key, slug, block_key, "
                           "2 FROM researcher WHERE id = ?1 RETURNING id"},
    [STMT_SPLIT_MOVE] = {"move authorship",
                         "UPDATE authorship SET researcher_id = ?3 "
                         "WHERE researcher_id = ?1 AND work_id = ?2"},
};

/* researcher_list's text: the head, one condition per word (?N is the
 * word's pattern), the tail (?N is the limit). Each word must begin a word
 * of the folded display name (" jose suarez ") or of another name the
 * record has (researcher_name). The subquery does not depend on the row:
 * SQLite runs it once per search, into a temporary index. */
#define LIST_HEAD                                                              \
    RESEARCHER_COLUMNS "WHERE r.merged_into IS NULL AND r.hidden_at IS NULL "  \
                       "AND r.id > ?1"
#define LIST_WORD                                                              \
    " AND (r.name_key LIKE '%% ' || ?%zu || '%%' ESCAPE '\\' OR r.id IN ("     \
    "SELECT n.researcher_id FROM researcher_name n "                           \
    "WHERE n.hidden = 0 AND n.name_key LIKE '%% ' || ?%zu || '%%' "            \
    "ESCAPE '\\'))"
#define LIST_TAIL " ORDER BY r.id LIMIT ?%zu"

/* --- what a write transaction has learnt ---------------------------------
 *
 * While this handle holds the write lock (from its BEGIN IMMEDIATE to the
 * end of the transaction) no other connection can change the database, so
 * what an import learnt of it stays true until then: which record carries
 * an id, or that none does; whether a topic has its parent and level; that
 * an institution has its country or homepage. The cache keeps those facts
 * and saves most lookups of a batch, in which the same authors,
 * institutions and topics come back. It is emptied when the transaction
 * ends and when a savepoint rolls back (which may undo rows it learnt of),
 * and is never consulted outside a transaction: reads always ask SQLite.
 * Every fact is one that SQL would answer the same way; a fact missing
 * only costs the lookup. */

#define STORE_SQL_CACHE_MAX (1u << 18) /* facts; emptied when full */

/* The kinds of facts, the first byte of a key. */
enum store_sql_fact_kind {
    FACT_WORK_ID = 'W',        /* (scheme, value) -> work, or 0: none */
    FACT_RESEARCHER_ID = 'R',  /* -> researcher, or 0 */
    FACT_INSTITUTION_ID = 'I', /* -> institution, or 0 */
    FACT_VENUE_ID = 'V',       /* -> venue, or 0 */
    FACT_TOPIC = 'T',          /* (scheme, external_id) -> topic; flags */
    FACT_INSTITUTION = 'J',    /* ("", id) -> the id; flags */
};

#define FACT_TOPIC_HAS_PARENT 1u
#define FACT_TOPIC_HAS_LEVEL 2u
#define FACT_TOPIC_HAS_NAME 4u /* a name other than its code */
#define FACT_INSTITUTION_HAS_COUNTRY 1u
#define FACT_INSTITUTION_HAS_HOMEPAGE 2u

struct store_sql *store_sql_of(struct bz_store *store)
{
    return (struct store_sql *)store;
}

static void store_sql_cache_clear(struct store_sql_cache *c)
{
    for (size_t i = 0; i < c->bucket_count; i++) {
        struct store_sql_fact *f = c->buckets[i], *next;

        for (; f != NULL; f = next) {
            next = f->next;
            free(f);
        }
        c->buckets[i] = NULL;
    }
    c->count = 0;
}

/* 1 when the cache may be asked: inside a transaction this handle began
 * and that the engine has not ended on its own (after an I/O error, say). */
static int store_sql_cache_usable(struct store_sql *s)
{
    if (s->cache.on && !bz_sql_in_transaction(s->sql)) {
        store_sql_cache_clear(&s->cache);
        s->cache.on = 0;
    }
    return s->cache.on;
}

/* The key of a fact, in key (of size STORE_SQL_KEY_MAX); 0 when it is
 * too long to be cached. */
#define STORE_SQL_KEY_MAX 512
static size_t store_sql_fact_key(char *key, char kind, const char *scheme,
                                    const char *value, uint64_t *hash)
{
    size_t scheme_len = strlen(scheme), value_len = strlen(value);
    size_t len = 1 + scheme_len + 1 + value_len;
    uint64_t h = 1469598103934665603ull;

    if (len > STORE_SQL_KEY_MAX)
        return 0;
    key[0] = kind;
    memcpy(key + 1, scheme, scheme_len + 1);
    memcpy(key + 2 + scheme_len, value, value_len);
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)key[i]) * 1099511628211ull; /* FNV-1a */
    *hash = h;
    return len;
}

static struct store_sql_fact *
store_sql_cache_find(struct store_sql_cache *c, const char *key,
                        size_t len, uint64_t hash)
{
    struct store_sql_fact *f;

    if (c->bucket_count == 0)
        return NULL;
    for (f = c->buckets[hash & (c->bucket_count - 1)]; f; f = f->next)
        if (f->hash == hash && f->key_len == len &&
            memcmp(f->key, key, len) == 0)
            return f;
    return NULL;
}

/* 1 and *owner, *flags when the fact is known. */
static int store_sql_cache_get(struct store_sql *s, char kind,
                                  const char *scheme, const char *value,
                                  int64_t *owner, unsigned *flags)
{
    char key[STORE_SQL_KEY_MAX];
    struct store_sql_fact *f;
    uint64_t hash;
    size_t len;

    if (!store_sql_cache_usable(s) ||
        (len = store_sql_fact_key(key, kind, scheme, value, &hash)) == 0 ||
        (f = store_sql_cache_find(&s->cache, key, len, hash)) == NULL)
        return 0;
    *owner = f->owner;
    if (flags)
        *flags = f->flags;
    return 1;
}

/* Doubles the buckets; 0 when out of memory (the cache stays as it was). */
static int store_sql_cache_grow(struct store_sql_cache *c)
{
    size_t n = c->bucket_count ? c->bucket_count * 2 : 1024;
    struct store_sql_fact **buckets = calloc(n, sizeof(*buckets));

    if (buckets == NULL)
        return 0;
    for (size_t i = 0; i < c->bucket_count; i++) {
        struct store_sql_fact *f = c->buckets[i], *next;

        for (; f != NULL; f = next) {
            next = f->next;
            f->next = buckets[f->hash & (n - 1)];
            buckets[f->hash & (n - 1)] = f;
        }
    }
    free(c->buckets);
    c->buckets = buckets;
    c->bucket_count = n;
    return 1;
}

/* Learns a fact, or replaces what was known. Out of memory it is simply
 * not learnt. */
static void store_sql_cache_put(struct store_sql *s, char kind,
                                   const char *scheme, const char *value,
                                   int64_t owner, unsigned flags)
{
    struct store_sql_cache *c = &s->cache;
    char key[STORE_SQL_KEY_MAX];
    struct store_sql_fact *f;
    uint64_t hash;
    size_t len;

    if (!store_sql_cache_usable(s) ||
        (len = store_sql_fact_key(key, kind, scheme, value, &hash)) == 0)
        return;
    if ((f = store_sql_cache_find(c, key, len, hash)) != NULL) {
        f->owner = owner;
        f->flags = flags;
        return;
    }
    if (c->count >= STORE_SQL_CACHE_MAX)
        store_sql_cache_clear(c);
    if (c->count >= c->bucket_count && !store_sql_cache_grow(c))
        return;
    if ((f = malloc(sizeof(*f) + len)) == NULL)
        return;
    f->hash = hash;
    f->owner = owner;
    f->flags = flags;
    f->key_len = len;
    memcpy(f->key, key, len);
    f->next = c->buckets[hash & (c->bucket_count - 1)];
    c->buckets[hash & (c->bucket_count - 1)] = f;
    c->count++;
}

/* The facts about institution id: FACT_INSTITUTION_* flags, 0 when none
 * are known. */
static unsigned store_sql_institution_facts(struct store_sql *s,
                                               int64_t id, int *known)
{
    char value[24];
    int64_t owner;
    unsigned flags = 0;

    snprintf(value, sizeof(value), "%lld", (long long)id);
    *known =
        store_sql_cache_get(s, FACT_INSTITUTION, "", value, &owner, &flags);
    return flags;
}

static void store_sql_institution_learn(struct store_sql *s, int64_t id,
                                           unsigned flags)
{
    char value[24];

    snprintf(value, sizeof(value), "%lld", (long long)id);
    store_sql_cache_put(s, FACT_INSTITUTION, "", value, id, flags);
}

/* The status of a failed step, whose message the driver put in err. */
enum bz_status store_sql_failed(struct bz_error *err)
{
    return err != NULL && err->status != BZ_OK ? err->status : BZ_STORE;
}

/* A step that did not give the row expected: it failed, or found none. */
enum bz_status store_sql_unexpected(enum bz_sql_step rc,
                                           struct bz_error *err)
{
    if (rc == BZ_SQL_FAILED)
        return store_sql_failed(err);
    return bz_error_set(err, BZ_STORE, "store: a row expected is missing");
}

enum bz_status store_sql_nomem(struct bz_error *err)
{
    return bz_error_set(err, BZ_NOMEM, "store: out of memory");
}

struct bz_sql_stmt *store_sql_prepared(struct store_sql *s,
                                       struct bz_sql_stmt **slot,
                                       const char *what, const char *sql,
                                       struct bz_error *err)
{
    if (*slot != NULL) {
        bz_sql_reset(*slot);
        return *slot;
    }
    *slot = bz_sql_prepare(s->sql, what, sql, err);
    return *slot;
}

const char *store_sql_dialect_text(const struct store_sql *s,
                                   const char *sql, const char *sql_pg)
{
    if (sql_pg != NULL && s->sql->driver->dialect == BZ_SQL_POSTGRESQL)
        return sql_pg;
    return sql;
}

/* The statement id, prepared on first use, reset and with no bindings; or
 * NULL with err filled (BZ_STORE). */
static struct bz_sql_stmt *store_sql_stmt(struct store_sql *s,
                                          enum store_sql_stmt_id id,
                                          struct bz_error *err)
{
    return store_sql_prepared(
        s, &s->stmts[id], store_sql_sql[id].name,
        store_sql_dialect_text(s, store_sql_sql[id].sql,
                               store_sql_sql[id].sql_pg),
        err);
}

/* Ends a use of st: ends its run and drops the bindings, which may point
 * at the caller's strings. */
static void store_sql_done(struct bz_sql_stmt *st)
{
    bz_sql_reset(st);
}

/* Binding helpers: the strings must outlive the step; store_sql_done()
 * drops them. NULL binds SQL NULL. */
void store_sql_bind_text(struct bz_sql_stmt *st, int col,
                                const char *s)
{
    bz_sql_bind_text(st, col, s);
}

/* As store_sql_bind_text, with "" stored as NULL (an absent value). */
void store_sql_bind_optional(struct bz_sql_stmt *st, int col,
                                    const char *s)
{
    store_sql_bind_text(st, col, s && s[0] ? s : NULL);
}

/* Binds n, or NULL when n is the value that means "unknown". */
void store_sql_bind_known(struct bz_sql_stmt *st, int col, int64_t n,
                                 int64_t unknown)
{
    if (n == unknown)
        bz_sql_bind_null(st, col);
    else
        bz_sql_bind_int64(st, col, n);
}

/* Runs st, which returns no rows (or one the caller does not read), and
 * ends its use. */
enum bz_status store_sql_exec(struct store_sql *s,
                                     struct bz_sql_stmt *st,
                                     struct bz_error *err)
{
    enum bz_status status = BZ_OK;

    (void)s;
    if (bz_sql_step(st, err) == BZ_SQL_FAILED)
        status = store_sql_failed(err);
    store_sql_done(st);
    return status;
}

/* Runs st and reads the integer in the first column of its first row into
 * *value, or 0 when there is no row; ends the use of st. */
enum bz_status store_sql_int64(struct store_sql *s,
                                      struct bz_sql_stmt *st, int64_t *value,
                                      struct bz_error *err)
{
    enum bz_status status = BZ_OK;
    enum bz_sql_step rc = bz_sql_step(st, err);

    (void)s;
    *value = 0;
    if (rc == BZ_SQL_ROW)
        *value = bz_sql_column_int64(st, 0);
    else if (rc == BZ_SQL_FAILED)
        status = store_sql_failed(err);
    store_sql_done(st);
    return status;
}

/* Runs st, made by STORE_SQL_INSERT_ID, and reads the key of the row it
 * inserted (0: none, a conflict ignored). */
static enum bz_status store_sql_insert_id(struct store_sql *s,
                                          struct bz_sql_stmt *st,
                                          int64_t *id, struct bz_error *err)
{
    enum bz_status status;

    if (st->driver->inserted_id == NULL)
        return store_sql_int64(s, st, id, err); /* RETURNING id */
    *id = 0;
    status = store_sql_exec(s, st, err);
    if (status == BZ_OK && bz_sql_changes(st) == 1)
        *id = st->driver->inserted_id(st);
    return status;
}

/* Runs the fixed statement id with no parameters. */
static enum bz_status store_sql_run(struct store_sql *s,
                                    enum store_sql_stmt_id id,
                                    struct bz_error *err)
{
    struct bz_sql_stmt *st = store_sql_stmt(s, id, err);

    if (st == NULL)
        return BZ_STORE;
    return store_sql_exec(s, st, err);
}

/* --- reading rows into the caller's arena -------------------------------- */

/* A copy of column col in arena, NULL for SQL NULL; sets *nomem when the
 * arena is full. */
const char *store_sql_text(struct bz_arena *arena,
                                  struct bz_sql_stmt *st, int col, int *nomem)
{
    size_t len;
    const char *text = bz_sql_column_text(st, col, &len);
    char *copy;

    if (text == NULL)
        return NULL;
    copy = bz_arena_strndup(arena, text, len);
    if (copy == NULL)
        *nomem = 1;
    return copy;
}

/* Runs st, bound by the caller, and reads every row with read into an
 * array of items of size bytes in arena: *out (NULL when empty) and
 * *count. Ends the use of st. */
enum bz_status store_sql_collect(struct store_sql *s,
                                        struct bz_sql_stmt *st,
                                        struct bz_arena *arena, size_t size,
                                        store_sql_row_fn *read, void **out,
                                        size_t *count, struct bz_error *err)
{
    unsigned char *items = NULL;
    size_t n = 0, cap = 0;
    enum bz_status status = BZ_OK;
    enum bz_sql_step rc;
    int nomem = 0;

    (void)s;
    *out = NULL;
    *count = 0;
    if (st == NULL)
        return BZ_STORE;
    while ((rc = bz_sql_step(st, err)) == BZ_SQL_ROW) {
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
        status = store_sql_nomem(err);
    else if (rc == BZ_SQL_FAILED)
        status = store_sql_failed(err);
    store_sql_done(st);
    if (status != BZ_OK)
        return status;
    *out = items;
    *count = n;
    return BZ_OK;
}

/* As store_sql_collect, for the fixed statement id with ?1 = key. */
static enum bz_status
store_sql_collect_by(struct store_sql *s, enum store_sql_stmt_id id,
                        int64_t key, struct bz_arena *arena, size_t size,
                        store_sql_row_fn *read, void **out, size_t *count,
                        struct bz_error *err)
{
    struct bz_sql_stmt *st = store_sql_stmt(s, id, err);

    bz_sql_bind_int64(st, 1, key);
    return store_sql_collect(s, st, arena, size, read, out, count, err);
}

/* scheme, value, source */
void store_sql_read_id(struct bz_arena *arena, struct bz_sql_stmt *st,
                                 void *item, int *nomem)
{
    struct bz_external_id *id = item;

    id->scheme = store_sql_text(arena, st, 0, nomem);
    id->value = store_sql_text(arena, st, 1, nomem);
    id->source = store_sql_text(arena, st, 2, nomem);
}

/* RESEARCHER_COLUMNS */
static void store_sql_read_researcher(struct bz_arena *arena,
                                         struct bz_sql_stmt *st, void *item,
                                         int *nomem)
{
    struct bz_researcher *r = item;

    r->id = bz_sql_column_int64(st, 0);
    r->display_name = store_sql_text(arena, st, 1, nomem);
    r->slug = store_sql_text(arena, st, 2, nomem);
    r->summary = store_sql_text(arena, st, 3, nomem);
    r->open_to_collaborate = (int)bz_sql_column_int64(st, 4);
    r->claim_level = (int)bz_sql_column_int64(st, 5);
    r->merged_into = bz_sql_column_int64(st, 6);
    r->has_source_id = (int)bz_sql_column_int64(st, 7);
    r->work_count = (int)bz_sql_column_int64(st, 8);
    r->affiliation = store_sql_text(arena, st, 9, nomem);
    r->affiliation_imported = r->affiliation != NULL;
    r->self_affiliation = store_sql_text(arena, st, 10, nomem);
    r->hidden_at = bz_sql_column_int64(st, 11);
}

/* WORK_COLUMNS */
static void store_sql_read_work(struct bz_arena *arena, struct bz_sql_stmt *st,
                                   void *item, int *nomem)
{
    struct bz_work *w = item;

    w->id = bz_sql_column_int64(st, 0);
    w->title = store_sql_text(arena, st, 1, nomem);
    w->slug = store_sql_text(arena, st, 2, nomem);
    w->abstract = store_sql_text(arena, st, 3, nomem);
    w->publication_year = (int)bz_sql_column_int64(st, 4);
    w->type = store_sql_text(arena, st, 5, nomem);
    w->venue = store_sql_text(arena, st, 6, nomem);
    w->open_access = (int)bz_sql_column_int64(st, 7);
    w->landing_url = store_sql_text(arena, st, 8, nomem);
    w->cited_by_count = (long)bz_sql_column_int64(st, 9);
    w->cited_by_source = store_sql_text(arena, st, 10, nomem);
}

/* WORK_REF_COLUMNS */
void store_sql_read_work_ref(struct bz_arena *arena, struct bz_sql_stmt *st,
                             void *item, int *nomem)
{
    struct bz_work_ref *w = item;

    w->id = bz_sql_column_int64(st, 0);
    w->title = store_sql_text(arena, st, 1, nomem);
    w->slug = store_sql_text(arena, st, 2, nomem);
    w->publication_year = (int)bz_sql_column_int64(st, 3);
}

/* id, at, actor, action, subject, detail, reason */
static void store_sql_read_audit(struct bz_arena *arena, struct bz_sql_stmt *st,
                                    void *item, int *nomem)
{
    struct bz_audit_entry *e = item;

    e->id = bz_sql_column_int64(st, 0);
    e->at = store_sql_text(arena, st, 1, nomem);
    e->actor = store_sql_text(arena, st, 2, nomem);
    e->action = store_sql_text(arena, st, 3, nomem);
    e->subject = store_sql_text(arena, st, 4, nomem);
    e->detail = store_sql_text(arena, st, 5, nomem);
    e->reason = store_sql_text(arena, st, 6, nomem);
}

/* id, display_name, scheme, external_id, works */
void store_sql_read_topic(struct bz_arena *arena, struct bz_sql_stmt *st,
                                    void *item, int *nomem)
{
    struct bz_topic_ref *t = item;

    t->id = bz_sql_column_int64(st, 0);
    t->display_name = store_sql_text(arena, st, 1, nomem);
    t->scheme = store_sql_text(arena, st, 2, nomem);
    t->external_id = store_sql_text(arena, st, 3, nomem);
    t->works = (int)bz_sql_column_int64(st, 4);
    t->score = 0;
    t->source = NULL;
}

/* id, display_name, scheme, external_id, 0, score, source: a work's */
static void store_sql_read_work_topic(struct bz_arena *arena,
                                      struct bz_sql_stmt *st, void *item,
                                      int *nomem)
{
    struct bz_topic_ref *t = item;

    store_sql_read_topic(arena, st, item, nomem);
    t->score = bz_sql_column_double(st, 5);
    t->source = store_sql_text(arena, st, 6, nomem);
}

/* id, display_name, country_code */
void store_sql_read_institution(struct bz_arena *arena,
                                struct bz_sql_stmt *st, void *item,
                                int *nomem)
{
    struct bz_institution_ref *i = item;

    i->id = bz_sql_column_int64(st, 0);
    i->display_name = store_sql_text(arena, st, 1, nomem);
    i->country_code = store_sql_text(arena, st, 2, nomem);
}

/* work_id, coauthor id, name, slug, claim_level, has_source_id,
 * author_count */
static void store_sql_read_coauthorship(struct bz_arena *arena,
                                           struct bz_sql_stmt *st, void *item,
                                           int *nomem)
{
    struct bz_coauthorship *c = item;

    c->work_id = bz_sql_column_int64(st, 0);
    c->coauthor_id = bz_sql_column_int64(st, 1);
    c->coauthor_name = store_sql_text(arena, st, 2, nomem);
    c->coauthor_slug = store_sql_text(arena, st, 3, nomem);
    c->coauthor_claim_level = (int)bz_sql_column_int64(st, 4);
    c->coauthor_has_source_id = (int)bz_sql_column_int64(st, 5);
    c->author_count = (int)bz_sql_column_int64(st, 6);
}

/* position, raw_name, researcher_id, researcher name, researcher slug */
static void store_sql_read_authorship(struct bz_arena *arena,
                                         struct bz_sql_stmt *st, void *item,
                                         int *nomem)
{
    struct bz_authorship *a = item;

    a->position = (int)bz_sql_column_int64(st, 0);
    a->raw_name = store_sql_text(arena, st, 1, nomem);
    a->researcher_id = bz_sql_column_int64(st, 2);
    a->researcher_name = store_sql_text(arena, st, 3, nomem);
    a->researcher_slug = store_sql_text(arena, st, 4, nomem);
}

/* field, source, source_record */
static void store_sql_read_provenance(struct bz_arena *arena,
                                         struct bz_sql_stmt *st, void *item,
                                         int *nomem)
{
    struct bz_provenance *p = item;

    p->field = store_sql_text(arena, st, 0, nomem);
    p->source = store_sql_text(arena, st, 1, nomem);
    p->record = store_sql_text(arena, st, 2, nomem);
}

/* source, source_record, type, venue, publication_year, doi, arxiv,
 * landing_url */
static void store_sql_read_version(struct bz_arena *arena,
                                   struct bz_sql_stmt *st, void *item,
                                   int *nomem)
{
    struct bz_work_version *v = item;

    v->source = store_sql_text(arena, st, 0, nomem);
    v->source_record = store_sql_text(arena, st, 1, nomem);
    v->type = store_sql_text(arena, st, 2, nomem);
    v->venue = store_sql_text(arena, st, 3, nomem);
    v->publication_year = (int)bz_sql_column_int64(st, 4);
    v->doi = store_sql_text(arena, st, 5, nomem);
    v->arxiv = store_sql_text(arena, st, 6, nomem);
    v->landing_url = store_sql_text(arena, st, 7, nomem);
}

/* --- handle, transactions, migrations ------------------------------------ */

static void store_sql_close(struct bz_store *store)
{
    struct store_sql *s = store_sql_of(store);

    for (size_t i = 0; s->stmts != NULL && i < STMT_COUNT; i++)
        bz_sql_finalize(s->stmts[i]);
    free(s->stmts);
    store_sql_accounts_close(s);
    store_sql_claims_close(s);
    store_sql_owner_close(s);
    store_sql_follow_close(s);
    store_sql_coi_close(s);
    store_sql_topics_close(s);
    store_sql_graph_close(s);
    store_sql_collaboration_close(s);
    store_sql_identity_close(s);
    store_sql_reactions_close(s);
    for (size_t i = 0; i <= STORE_SQL_LIST_WORDS; i++)
        bz_sql_finalize(s->list_stmts[i]);
    for (size_t i = 0; i < STORE_SQL_BULK_KINDS; i++)
        bz_sql_finalize(s->bulk_many[i]);
    bz_sql_finalize(s->citation_many);
    bz_sql_close(s->sql); /* rolls back a transaction left open */
    bz_arena_release(&s->scratch);
    bz_buf_release(&s->copy_rows);
    bz_buf_release(&s->refs_text);
    for (size_t i = 0; i < STORE_SQL_BULK_KINDS; i++)
        bz_buf_release(&s->bulk_rows[i]);
    bz_buf_release(&s->bulk_text);
    bz_buf_release(&s->bulk_works);
    free(s->citation_rows);
    bz_citation_runs_release(&s->citation_runs);
    bz_buf_release(&s->spilled_works);
    store_sql_cache_clear(&s->cache);
    free(s->cache.buckets);
    free(s);
}

/* The citation rows waiting in copy_rows are sent past this many bytes;
 * between import_begin and import_end, past the second. */
#define STORE_SQL_COPY_FLUSH (4u << 20)
#define STORE_SQL_COPY_KEEP (16u << 20)

/* In a run without a bulk path, commits send the rows kept past
 * copy_keep bytes to the file of runs (store_sql_citation_spill); inside
 * a transaction only twice that many are written in. */
static int store_sql_spills(const struct store_sql *s)
{
    return s->keep_citations && s->sql->driver->copy_in == NULL;
}

static int store_sql_copy_full(const struct store_sql *s)
{
    size_t limit = !s->keep_citations ? STORE_SQL_COPY_FLUSH
                   : store_sql_spills(s) ? 2 * s->copy_keep
                                         : s->copy_keep;

    return s->copy_rows.len >= limit;
}

/* Drops the citation rows queued after mark (none when a flush has
 * emptied the buffer since). */
static void store_sql_copy_back(struct store_sql *s, size_t mark)
{
    if (mark >= s->copy_rows.len)
        return;
    s->copy_rows.len = mark;
    s->copy_rows.data[mark] = '\0';
}

static void store_sql_bulk_forget(struct store_sql *s);
static enum bz_status store_sql_flush_bulk(struct store_sql *s,
                                              struct bz_error *err);

/* The end of what the cache knows: the transaction ends, or part of it
 * is undone. */
static void store_sql_forget(struct store_sql *s, int transaction_ends)
{
    store_sql_cache_clear(&s->cache);
    if (transaction_ends) {
        store_sql_bulk_forget(s); /* commit wrote them first */
        s->cache.on = 0;
        s->group = 0; /* its savepoint ends with the transaction */
        s->group_failed = 0;
    }
}

static enum bz_status store_sql_begin(struct bz_store *store,
                                      struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    enum bz_status status = bz_sql_begin(s->sql, err);

    store_sql_forget(s, 1);
    if (!s->keep_citations)
        bz_buf_reset(&s->copy_rows);
    s->copy_begin_mark = s->copy_rows.len;
    s->cache.on = status == BZ_OK;
    return status;
}

static enum bz_status store_sql_copy_flush(struct store_sql *s,
                                           struct bz_error *err);
static void store_sql_citation_spill(struct store_sql *s);

static enum bz_status store_sql_commit(struct bz_store *store,
                                       struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    enum bz_status status = store_sql_flush_bulk(s, err);

    if (status == BZ_OK && !store_sql_spills(s) &&
        (!s->keep_citations || store_sql_copy_full(s)))
        status = store_sql_copy_flush(s, err);
    store_sql_forget(s, 1);
    if (status != BZ_OK)
        return status; /* the caller rolls back */
    status = bz_sql_commit(s->sql, err);
    if (status == BZ_OK && store_sql_spills(s) &&
        s->copy_rows.len >= s->copy_keep)
        store_sql_citation_spill(s);
    return status;
}

static enum bz_status store_sql_rollback(struct bz_store *store,
                                         struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);

    store_sql_forget(s, 1);
    if (s->keep_citations) /* what earlier commits kept stays */
        store_sql_copy_back(s, s->copy_begin_mark);
    else
        bz_buf_reset(&s->copy_rows);
    return bz_sql_rollback(s->sql, err);
}

static enum bz_status store_sql_generation(struct bz_store *store,
                                           uint64_t *out,
                                           struct bz_error *err)
{
    return bz_sql_generation(store_sql_of(store)->sql, out, err);
}

/* Fills title_key and first_author_key of the works stored before
 * migration 2 (or by anything that left them NULL), 500 at a time: rows are
 * read first, then updated, never while the read is open. The first
 * author's name is the one an import would have used: the researcher's
 * display name, else the authorship's raw name. */
static enum bz_status store_sql_backfill_keys(struct store_sql *s,
                                                 struct bz_error *err)
{
    enum { BATCH = 500 };
    struct {
        int64_t id;
        struct bz_work_key keys;
    } rows[BATCH];
    enum bz_status status = BZ_OK;

    for (;;) {
        struct bz_sql_stmt *st = store_sql_stmt(s, STMT_WORK_KEYLESS, err);
        size_t n = 0;
        enum bz_sql_step rc = BZ_SQL_DONE;

        if (st == NULL)
            return BZ_STORE;
        while (status == BZ_OK && n < BATCH &&
               (rc = bz_sql_step(st, err)) == BZ_SQL_ROW) {
            const char *title = bz_sql_column_text(st, 1, NULL);
            const char *author = bz_sql_column_text(st, 2, NULL);

            rows[n].id = bz_sql_column_int64(st, 0);
            if (bz_work_key_of(&s->scratch, title ? title : "", author,
                               &rows[n].keys) != BZ_OK)
                status = store_sql_nomem(err);
            n++;
        }
        if (status == BZ_OK && rc == BZ_SQL_FAILED)
            status = store_sql_failed(err);
        store_sql_done(st);

        for (size_t i = 0; status == BZ_OK && i < n; i++) {
            if ((st = store_sql_stmt(s, STMT_WORK_SET_KEYS, err)) == NULL)
                return BZ_STORE;
            bz_sql_bind_int64(st, 1, rows[i].id);
            store_sql_bind_text(st, 2, rows[i].keys.title);
            store_sql_bind_text(st, 3, rows[i].keys.first_author);
            status = store_sql_exec(s, st, err);
        }
        bz_arena_reset(&s->scratch);
        if (status != BZ_OK || n < BATCH)
            return status;
    }
}

/* Fills block_key of the researchers stored before migration 10, 500 at a
 * time, as store_sql_backfill_keys does for works. */
static enum bz_status store_sql_backfill_blocks(struct store_sql *s,
                                                struct bz_error *err)
{
    enum { BATCH = 500 };
    struct {
        int64_t id;
        const char *block;
    } rows[BATCH];
    enum bz_status status = BZ_OK;

    for (;;) {
        struct bz_sql_stmt *st = store_sql_stmt(s, STMT_RESEARCHER_KEYLESS,
                                                err);
        size_t n = 0;
        enum bz_sql_step rc = BZ_SQL_DONE;

        if (st == NULL)
            return BZ_STORE;
        while (status == BZ_OK && n < BATCH &&
               (rc = bz_sql_step(st, err)) == BZ_SQL_ROW) {
            const char *name = bz_sql_column_text(st, 1, NULL);

            rows[n].id = bz_sql_column_int64(st, 0);
            rows[n].block = store_sql_block_key(&s->scratch,
                                                name ? name : "");
            if (rows[n++].block == NULL)
                status = store_sql_nomem(err);
        }
        if (status == BZ_OK && rc == BZ_SQL_FAILED)
            status = store_sql_failed(err);
        store_sql_done(st);

        for (size_t i = 0; status == BZ_OK && i < n; i++) {
            st = store_sql_stmt(s, STMT_RESEARCHER_SET_BLOCK, err);
            if (st == NULL)
                return BZ_STORE;
            bz_sql_bind_int64(st, 1, rows[i].id);
            store_sql_bind_text(st, 2, rows[i].block);
            status = store_sql_exec(s, st, err);
        }
        bz_arena_reset(&s->scratch);
        if (status != BZ_OK || n < BATCH)
            return status;
    }
}

/* Applies the migrations the database lacks, in one write transaction
 * (the driver's begin() keeps a second process, opening the same new
 * database, waiting until this one has migrated it). */
static enum bz_status store_sql_migrate(struct store_sql *s,
                                        struct bz_error *err)
{
    static const char create_table[] =
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        "version BIGINT PRIMARY KEY, applied_at TEXT NOT NULL)";
    const struct bz_sql_driver *driver = s->sql->driver;
    size_t count = *driver->migration_count;
    enum bz_status status;
    struct bz_sql_stmt *st;
    int64_t newest, found;

    status = bz_sql_begin(s->sql, err);
    if (status != BZ_OK)
        return status;

    status = bz_sql_exec(s->sql, "create schema_migrations", create_table,
                         err);
    if (status != BZ_OK)
        goto rollback;
    if ((st = store_sql_stmt(s, STMT_MIGRATION_MAX, err)) == NULL ||
        (status = store_sql_int64(s, st, &newest, err)) != BZ_OK)
        goto rollback_status;
    if (newest > (int64_t)count) {
        status = bz_error_set(err, BZ_STORE,
                              "%s: the database has schema version %lld, "
                              "newer than this program's %zu",
                              driver->name, (long long)newest, count);
        goto rollback;
    }

    for (size_t i = 0; i < count; i++) {
        int64_t version = (int64_t)i + 1;
        char what[32];

        if ((st = store_sql_stmt(s, STMT_MIGRATION_HAS, err)) == NULL)
            goto rollback_status;
        bz_sql_bind_int64(st, 1, version);
        if ((status = store_sql_int64(s, st, &found, err)) != BZ_OK)
            goto rollback;
        if (found)
            continue;
        snprintf(what, sizeof(what), "migration %lld", (long long)version);
        status = bz_sql_exec(s->sql, what, driver->migrations[i], err);
        if (status != BZ_OK)
            goto rollback;
        if ((st = store_sql_stmt(s, STMT_MIGRATION_ADD, err)) == NULL)
            goto rollback_status;
        bz_sql_bind_int64(st, 1, version);
        if ((status = store_sql_exec(s, st, err)) != BZ_OK)
            goto rollback;
    }
    if ((status = store_sql_backfill_keys(s, err)) != BZ_OK ||
        (status = store_sql_backfill_blocks(s, err)) != BZ_OK)
        goto rollback;

    status = bz_sql_commit(s->sql, err);
    if (status != BZ_OK)
        goto rollback;
    return BZ_OK;

rollback_status:
    status = BZ_STORE;
rollback:
    bz_sql_rollback(s->sql, NULL);
    return status;
}

/* --- import_work --------------------------------------------------------- */

/* 1 when s is NULL or only white space. */
int store_sql_blank(const char *s)
{
    if (s == NULL)
        return 1;
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return 0;
    return 1;
}

const char *store_sql_block_key(struct bz_arena *arena, const char *name)
{
    struct bz_name parsed;
    char key[BZ_NAME_PART_MAX * 2 + 4];

    key[0] = '\0';
    if (bz_name_parse(name, strlen(name), &parsed, NULL) == BZ_OK)
        bz_name_block_key(&parsed, key, sizeof(key));
    return bz_arena_strdup(arena, key);
}

static enum bz_status store_sql_check_ids(const struct bz_external_id *ids,
                                             size_t count, const char *whose,
                                             struct bz_error *err)
{
    for (size_t i = 0; i < count; i++)
        if (store_sql_blank(ids[i].scheme) ||
            store_sql_blank(ids[i].value))
            return bz_error_set(err, BZ_INVALID,
                                "%s has an id with no scheme or value", whose);
    return BZ_OK;
}

/* The institutions of whose ("author 'Ada'"), each with a name. */
static enum bz_status
store_sql_check_institutions(const struct bz_institution_record *insts,
                                size_t count, const char *whose,
                                struct bz_error *err)
{
    enum bz_status status = BZ_OK;

    for (size_t i = 0; status == BZ_OK && i < count; i++) {
        if (store_sql_blank(insts[i].display_name))
            return bz_error_set(err, BZ_INVALID,
                                "%s has an institution with no name", whose);
        status = store_sql_check_ids(insts[i].ids, insts[i].id_count,
                                        "institution", err);
    }
    return status;
}

static enum bz_status
store_sql_check_author(const struct bz_author_record *a, size_t position,
                          struct bz_error *err)
{
    const char *name = bz_work_key_author_name(a);
    char whose[64 + BZ_ERROR_MESSAGE_MAX];
    enum bz_status status;

    if (store_sql_blank(name))
        return bz_error_set(err, BZ_INVALID, "author %zu has no name",
                            position);
    snprintf(whose, sizeof(whose), "author '%s'", name);
    status = store_sql_check_ids(a->ids, a->id_count, whose, err);
    if (status == BZ_OK)
        status = store_sql_check_institutions(
            a->institutions, a->institution_count, whose, err);
    return status;
}

static enum bz_status store_sql_check_topic(const struct bz_topic_record *t,
                                               struct bz_error *err)
{
    if (store_sql_blank(t->scheme) || store_sql_blank(t->external_id))
        return bz_error_set(err, BZ_INVALID,
                            "work has a topic with no scheme or id");
    return BZ_OK;
}

/* Everything that makes a record unusable, found before anything is
 * written. */
static enum bz_status store_sql_check_record(const struct bz_work_record *r,
                                                struct bz_error *err)
{
    enum bz_status status;

    if (store_sql_blank(r->source))
        return bz_error_set(err, BZ_INVALID, "work has no source");
    if (store_sql_blank(r->title))
        return bz_error_set(err, BZ_INVALID, "work has no title");
    status = store_sql_check_ids(r->ids, r->id_count, "work", err);
    for (size_t i = 0; status == BZ_OK && i < r->author_count; i++)
        status = store_sql_check_author(&r->authors[i], i + 1, err);
    for (size_t i = 0; status == BZ_OK && i < r->topic_count; i++) {
        const struct bz_topic_record *t = &r->topics[i];

        status = store_sql_check_topic(t, err);
        for (size_t p = 0; status == BZ_OK && p < t->parent_count; p++)
            status = store_sql_check_topic(&t->parents[p], err);
    }
    return status;
}

/* The kind of fact a find statement learns. */
static char store_sql_fact_of(enum store_sql_stmt_id find)
{
    switch (find) {
    case STMT_WORK_FIND:
        return FACT_WORK_ID;
    case STMT_RESEARCHER_FIND:
        return FACT_RESEARCHER_ID;
    case STMT_INSTITUTION_FIND:
        return FACT_INSTITUTION_ID;
    case STMT_VENUE_FIND:
        return FACT_VENUE_ID;
    default:
        return FACT_TOPIC; /* STMT_TOPIC_FIND */
    }
}

/* Finds the owner of the first of ids that the table of the find statement
 * knows; *owner is 0 when none is known. Inside a write transaction what
 * it finds, or that nothing is found, is cached (topics' flags are not
 * known here and are left as they are). */
static enum bz_status store_sql_match(struct store_sql *s,
                                         enum store_sql_stmt_id find,
                                         const struct bz_external_id *ids,
                                         size_t count, int64_t *owner,
                                         struct bz_error *err)
{
    char kind = store_sql_fact_of(find);

    *owner = 0;
    for (size_t i = 0; i < count && *owner == 0; i++) {
        struct bz_sql_stmt *st;
        enum bz_status status;

        if (store_sql_cache_get(s, kind, ids[i].scheme, ids[i].value, owner,
                                   NULL))
            continue;
        if ((st = store_sql_stmt(s, find, err)) == NULL)
            return BZ_STORE;
        store_sql_bind_text(st, 1, ids[i].scheme);
        store_sql_bind_text(st, 2, ids[i].value);
        status = store_sql_int64(s, st, owner, err);
        if (status != BZ_OK)
            return status;
        if (kind != FACT_TOPIC)
            store_sql_cache_put(s, kind, ids[i].scheme, ids[i].value, *owner,
                                   0);
    }
    return BZ_OK;
}

/* --- rows written in bulk ----------------------------------------------
 *
 * Rows an import writes and does not read back (authorships, their
 * institutions, the affiliations they imply, provenance) wait in the
 * store's buffers, an array of rows of one kind each and the texts they
 * name in bulk_text, and go in sixteen a statement at the end of the
 * record, or in a group at the group's end, or at commit
 * (store_sql_flush_bulk). Until then reads do not see them; the one read
 * an import makes of them, whether a work has authorships, also asks the
 * buffer (store_sql_has_authorships). */

struct store_sql_author_row {
    int64_t work_id, researcher_id;
    int64_t position;
    size_t raw_name; /* in bulk_text */
};

struct store_sql_link_row {
    int64_t work_id, position, institution_id, ordinal;
};

struct store_sql_affiliation_row {
    int64_t researcher_id, institution_id;
    size_t source;                 /* in bulk_text */
    int64_t first_year, last_year; /* 0: unknown */
};

struct store_sql_provenance_row {
    int64_t entity_id;
    size_t entity, field, source, source_record; /* in bulk_text */
};

struct store_sql_pending_row {
    int64_t work_id;
};

/* Where each buffer ends: a record failing alone gives back its rows. */
struct store_sql_bulk_marks {
    size_t rows[STORE_SQL_BULK_KINDS], text, works;
};

static struct store_sql_bulk_marks
store_sql_bulk_mark(const struct store_sql *s)
{
    struct store_sql_bulk_marks m;

    for (size_t k = 0; k < STORE_SQL_BULK_KINDS; k++)
        m.rows[k] = s->bulk_rows[k].len;
    m.text = s->bulk_text.len;
    m.works = s->bulk_works.len;
    return m;
}

static void store_sql_bulk_back(struct store_sql *s,
                                const struct store_sql_bulk_marks *m)
{
    for (size_t k = 0; k < STORE_SQL_BULK_KINDS; k++)
        s->bulk_rows[k].len = m->rows[k];
    s->bulk_text.len = m->text;
    s->bulk_works.len = m->works;
}

static void store_sql_bulk_forget(struct store_sql *s)
{
    for (size_t k = 0; k < STORE_SQL_BULK_KINDS; k++)
        bz_buf_reset(&s->bulk_rows[k]);
    bz_buf_reset(&s->bulk_text);
    bz_buf_reset(&s->bulk_works);
}

/* Where text ("" for NULL) is kept in bulk_text, with its NUL. */
static size_t store_sql_bulk_text(struct store_sql *s, const char *text)
{
    size_t at = s->bulk_text.len;

    if (text == NULL)
        text = "";
    bz_buf_add(&s->bulk_text, text, strlen(text) + 1);
    return at;
}

/* A work whose authorships wait: they are rows first.. of the queue, in
 * author order (a work's authorships are queued together). */
struct store_sql_queued_work {
    int64_t work_id;
    size_t first;
};

static void store_sql_queue_authorship(struct store_sql *s, int64_t work_id,
                                       int position, int64_t researcher_id,
                                       const char *raw_name)
{
    struct store_sql_author_row row = {work_id, researcher_id, position,
                                       store_sql_bulk_text(s, raw_name)};
    struct bz_buf *queue = &s->bulk_rows[BULK_AUTHORSHIP];
    struct bz_buf *works = &s->bulk_works;
    struct store_sql_queued_work last = {0, 0}; /* (no work has id 0) */

    if (works->len >= sizeof(last))
        memcpy(&last, works->data + works->len - sizeof(last), sizeof(last));
    if (last.work_id != work_id) {
        struct store_sql_queued_work w = {work_id, queue->len / sizeof(row)};

        bz_buf_add(works, &w, sizeof(w));
    }
    bz_buf_add(queue, &row, sizeof(row));
}

/* Links an authorship to an institution (the ordinal-th the author lists),
 * and the researcher to it for the year of the work (0: unknown). */
static void store_sql_link_institution(struct store_sql *s,
                                       const struct bz_work_record *r,
                                       int64_t work_id, int position,
                                       int ordinal, int64_t researcher_id,
                                       int64_t institution_id, int year)
{
    struct store_sql_link_row link = {work_id, position, institution_id,
                                      ordinal};
    struct store_sql_affiliation_row af = {researcher_id, institution_id,
                                           store_sql_bulk_text(s, r->source),
                                           year, year};

    bz_buf_add(&s->bulk_rows[BULK_LINK], &link, sizeof(link));
    bz_buf_add(&s->bulk_rows[BULK_AFFILIATION], &af, sizeof(af));
}

/* 1 when authorships of work_id wait, the first at row *first of the
 * queue: a look through the works queued, one entry a work however many
 * its authors. */
static int store_sql_author_queued(const struct store_sql *s, int64_t work_id,
                                   size_t *first)
{
    const struct bz_buf *works = &s->bulk_works;
    struct store_sql_queued_work w;

    for (size_t at = 0; at + sizeof(w) <= works->len; at += sizeof(w)) {
        memcpy(&w, works->data + at, sizeof(w));
        if (w.work_id == work_id) {
            *first = w.first;
            return 1;
        }
    }
    return 0;
}

/* By researcher, institution and source: the index's order, and equal
 * ones side by side. */
static int store_sql_affiliation_order(const void *a, const void *b,
                                       void *text)
{
    const struct store_sql_affiliation_row *x = a, *y = b;

    if (x->researcher_id != y->researcher_id)
        return x->researcher_id < y->researcher_id ? -1 : 1;
    if (x->institution_id != y->institution_id)
        return x->institution_id < y->institution_id ? -1 : 1;
    return strcmp((const char *)text + x->source,
                  (const char *)text + y->source);
}

/* Merges the sorted rows that are one affiliation, widening the years;
 * returns how many are left. A statement of many must not meet one row
 * twice (PostgreSQL refuses it). */
static size_t
store_sql_affiliation_merge(struct store_sql_affiliation_row *rows, size_t n,
                            const char *text)
{
    size_t kept = 0;

    for (size_t i = 0; i < n; i++) {
        struct store_sql_affiliation_row *last = kept ? &rows[kept - 1] : NULL;
        int64_t first = rows[i].first_year, end = rows[i].last_year;

        if (last == NULL ||
            store_sql_affiliation_order(last, &rows[i], (void *)text) != 0) {
            rows[kept++] = rows[i];
            continue;
        }
        if (first != 0 && (last->first_year == 0 || first < last->first_year))
            last->first_year = first;
        if (end != 0 && end > last->last_year)
            last->last_year = end;
    }
    return kept;
}

static void store_sql_bind_author(struct bz_sql_stmt *st, int col,
                                  const void *rows, const char *text)
{
    const struct store_sql_author_row *row = rows;

    bz_sql_bind_int64(st, col, row->work_id);
    bz_sql_bind_int64(st, col + 1, row->position);
    bz_sql_bind_int64(st, col + 2, row->researcher_id);
    store_sql_bind_text(st, col + 3, text + row->raw_name);
}

static void store_sql_bind_link(struct bz_sql_stmt *st, int col,
                                const void *rows, const char *text)
{
    const struct store_sql_link_row *row = rows;

    (void)text;
    bz_sql_bind_int64(st, col, row->work_id);
    bz_sql_bind_int64(st, col + 1, row->position);
    bz_sql_bind_int64(st, col + 2, row->institution_id);
    bz_sql_bind_int64(st, col + 3, row->ordinal);
}

static void store_sql_bind_affiliation(struct bz_sql_stmt *st, int col,
                                       const void *rows, const char *text)
{
    const struct store_sql_affiliation_row *row = rows;

    bz_sql_bind_int64(st, col, row->researcher_id);
    bz_sql_bind_int64(st, col + 1, row->institution_id);
    store_sql_bind_text(st, col + 2, text + row->source);
    store_sql_bind_known(st, col + 3, row->first_year, 0);
    store_sql_bind_known(st, col + 4, row->last_year, 0);
}

static void store_sql_bind_provenance(struct bz_sql_stmt *st, int col,
                                      const void *rows, const char *text)
{
    const struct store_sql_provenance_row *row = rows;

    store_sql_bind_text(st, col, text + row->entity);
    bz_sql_bind_int64(st, col + 1, row->entity_id);
    store_sql_bind_text(st, col + 2, text + row->field);
    store_sql_bind_text(st, col + 3, text + row->source);
    store_sql_bind_optional(st, col + 4, text + row->source_record);
}

static void store_sql_bind_pending(struct bz_sql_stmt *st, int col,
                                   const void *rows, const char *text)
{
    const struct store_sql_pending_row *row = rows;

    (void)text;
    bz_sql_bind_int64(st, col, row->work_id);
}

/* How an array of rows is written: the statement for one row, the text
 * around the rows of the statement for many (made on first use, its
 * parameters numbered as PostgreSQL needs), how many that is, and the
 * values of a row. */
struct store_sql_row_kind {
    enum store_sql_stmt_id one;
    const char *many_name, *head, *tail;
    size_t size;
    int columns, many;
    void (*bind)(struct bz_sql_stmt *st, int col, const void *row,
                 const char *text);
};

/* in enum store_sql_bulk_kind's order: authorships before the links that
 * name them */
static const struct store_sql_row_kind store_sql_bulk_kinds[] = {
    {STMT_AUTHORSHIP_INSERT, "insert authorships", AUTHORSHIP_INSERT, "",
     sizeof(struct store_sql_author_row), 4, 16, store_sql_bind_author},
    {STMT_AUTHORSHIP_INSTITUTION_INSERT, "insert authorship institutions",
     AUTHORSHIP_INSTITUTION_INSERT, AUTHORSHIP_INSTITUTION_END,
     sizeof(struct store_sql_link_row), 4, 16, store_sql_bind_link},
    {STMT_AFFILIATION_UPSERT, "upsert affiliations", AFFILIATION_UPSERT,
     AFFILIATION_WIDEN, sizeof(struct store_sql_affiliation_row), 5, 16,
     store_sql_bind_affiliation},
    {STMT_PROVENANCE_INSERT, "insert provenances", PROVENANCE_INSERT,
     PROVENANCE_END, sizeof(struct store_sql_provenance_row), 5, 16,
     store_sql_bind_provenance},
    {STMT_CITATION_PENDING_ADD, "note pending citations",
     CITATION_PENDING_INSERT, CITATION_PENDING_END,
     sizeof(struct store_sql_pending_row), 1, 64, store_sql_bind_pending},
};

/* The statement for k->many rows of kind k, in *slot. */
static struct bz_sql_stmt *
store_sql_many_stmt(struct store_sql *s, const struct store_sql_row_kind *k,
                    struct bz_sql_stmt **slot, struct bz_error *err)
{
    struct bz_buf text;
    struct bz_sql_stmt *st;
    int col = 1;

    if (*slot != NULL)
        return store_sql_prepared(s, slot, k->many_name, NULL, err);
    bz_buf_init(&text, 0);
    bz_buf_puts(&text, k->head);
    for (int row = 0; row < k->many; row++) {
        bz_buf_puts(&text, row ? ", (" : "(");
        for (int c = 0; c < k->columns; c++)
            bz_buf_printf(&text, c ? ", ?%d" : "?%d", col++);
        bz_buf_putc(&text, ')');
    }
    bz_buf_puts(&text, k->tail);
    if (text.failed) {
        bz_buf_release(&text);
        store_sql_nomem(err);
        return NULL;
    }
    st = store_sql_prepared(s, slot, k->many_name, text.data, err);
    bz_buf_release(&text);
    return st;
}

/* Writes the n rows of kind k, k->many a statement (its statement in
 * *many) while that many are left, then one by one: per row, a statement
 * of one costs half again as much. */
static enum bz_status store_sql_write_rows(struct store_sql *s,
                                           const struct store_sql_row_kind *k,
                                           struct bz_sql_stmt **many,
                                           const char *rows, size_t n,
                                           struct bz_error *err)
{
    enum bz_status status = BZ_OK;

    for (size_t i = 0; status == BZ_OK && i < n;) {
        size_t run = n - i >= (size_t)k->many ? (size_t)k->many : 1;
        struct bz_sql_stmt *st = run > 1 ? store_sql_many_stmt(s, k, many, err)
                                         : store_sql_stmt(s, k->one, err);

        if (st == NULL)
            return BZ_STORE;
        for (size_t j = 0; j < run; j++, i++)
            k->bind(st, (int)j * k->columns + 1, rows + i * k->size,
                    s->bulk_text.data);
        status = store_sql_exec(s, st, err);
    }
    return status;
}


/* Writes the rows waiting, in the kinds' order, and empties the
 * buffers. */
static enum bz_status store_sql_flush_bulk(struct store_sql *s,
                                           struct bz_error *err)
{
    struct bz_buf *affiliations = &s->bulk_rows[BULK_AFFILIATION];
    enum bz_status status = BZ_OK;
    int failed = s->bulk_text.failed;

    for (size_t k = 0; k < STORE_SQL_BULK_KINDS; k++)
        failed |= s->bulk_rows[k].failed;
    if (failed) {
        store_sql_bulk_forget(s);
        return bz_error_set(err, BZ_NOMEM, "store: out of memory for the "
                                           "rows of a record");
    }
    if (affiliations->len > 0) {
        struct store_sql_affiliation_row *rows =
            (struct store_sql_affiliation_row *)affiliations->data;
        size_t n = affiliations->len / sizeof(*rows);

        qsort_r(rows, n, sizeof(*rows), store_sql_affiliation_order,
                s->bulk_text.data);
        n = store_sql_affiliation_merge(rows, n, s->bulk_text.data);
        affiliations->len = n * sizeof(*rows);
    }
    for (size_t k = 0; status == BZ_OK && k < STORE_SQL_BULK_KINDS; k++)
        status = store_sql_write_rows(
            s, &store_sql_bulk_kinds[k], &s->bulk_many[k], s->bulk_rows[k].data,
            s->bulk_rows[k].len / store_sql_bulk_kinds[k].size, err);
    store_sql_bulk_forget(s);
    return status;
}

/* Where what an import writes comes from: the source of ids that name
 * none, and the provenance of fields. */
struct store_sql_origin {
    const char *source;        /* required */
    const char *source_record; /* or NULL */
};

static struct store_sql_origin
store_sql_origin_of(const struct bz_work_record *r)
{
    struct store_sql_origin o = {r->source, r->source_record};

    return o;
}

static enum bz_status
store_sql_provenance(struct store_sql *s, const char *entity,
                        int64_t entity_id, const char *field,
                        const struct store_sql_origin *o,
                        struct bz_error *err)
{
    struct store_sql_provenance_row row = {
        entity_id, store_sql_bulk_text(s, entity),
        store_sql_bulk_text(s, field), store_sql_bulk_text(s, o->source),
        store_sql_bulk_text(s, o->source_record)};

    (void)err; /* a buffer out of room fails its flush */
    bz_buf_add(&s->bulk_rows[BULK_PROVENANCE], &row, sizeof(row));
    return BZ_OK;
}

/* How an id table is searched and filled: a work's, a researcher's, an
 * institution's or a venue's. */
struct store_sql_id_table {
    enum store_sql_stmt_id find, insert;
    const char *entity; /* provenance is written for the ids; or NULL */
};

static const struct store_sql_id_table store_sql_work_ids = {
    STMT_WORK_FIND, STMT_WORK_ID_INSERT, "work"};
static const struct store_sql_id_table store_sql_researcher_ids = {
    STMT_RESEARCHER_FIND, STMT_RESEARCHER_ID_INSERT, NULL};
static const struct store_sql_id_table store_sql_institution_ids = {
    STMT_INSTITUTION_FIND, STMT_INSTITUTION_ID_INSERT, NULL};
static const struct store_sql_id_table store_sql_venue_ids = {
    STMT_VENUE_FIND, STMT_VENUE_ID_INSERT, NULL};

/* Gives owner those of ids that nobody carries yet, with the source the id
 * names or else the record's; *added counts them. An id that owner already
 * carries only gains provenance (the source agrees). An id that another
 * record carries stays with it: deciding that the two records are one is
 * the merge step's job, not an import's. */
static enum bz_status store_sql_attach_ids(
    struct store_sql *s, const struct store_sql_id_table *table,
    const struct bz_external_id *ids, size_t count, int64_t owner,
    const struct store_sql_origin *o, long *added, struct bz_error *err)
{
    for (size_t i = 0; i < count; i++) {
        const struct bz_external_id *id = &ids[i];
        enum bz_status status;
        struct bz_sql_stmt *st;
        int64_t carrier;

        status = store_sql_match(s, table->find, id, 1, &carrier, err);
        if (status != BZ_OK)
            return status;
        if (carrier != 0 && carrier != owner)
            continue;
        if (carrier == 0) {
            if ((st = store_sql_stmt(s, table->insert, err)) == NULL)
                return BZ_STORE;
            store_sql_bind_text(st, 1, id->scheme);
            store_sql_bind_text(st, 2, id->value);
            bz_sql_bind_int64(st, 3, owner);
            store_sql_bind_text(
                st, 4, store_sql_blank(id->source) ? o->source : id->source);
            if ((status = store_sql_exec(s, st, err)) != BZ_OK)
                return status;
            store_sql_cache_put(s, store_sql_fact_of(table->find),
                                   id->scheme, id->value, owner, 0);
            (*added)++;
        }
        if (table->entity != NULL) {
            status = store_sql_provenance(s, table->entity, owner,
                                             id->scheme, o, err);
            if (status != BZ_OK)
                return status;
        }
    }
    return BZ_OK;
}

/* The columns of a work a record gives; "" and NULL are both absent. */
struct store_sql_work_fields {
    const char *title, *abstract, *type, *venue, *landing_url;
    int publication_year; /* 0 unknown */
    int open_access;      /* -1 unknown */
};

/* The provenance rule. A record's field is recorded as coming from its
 * source when the record's value is the one stored: because the work
 * lacked it and took it now, or because the stored value is the same (the
 * source agrees). A value that differs from the stored one is dropped and
 * leaves no provenance: the first source to give a field keeps it. */
struct store_sql_merge {
    const char *fields[7]; /* names of the fields to record */
    size_t count;
    int filled; /* some field was empty and took the record's value */
};

static void store_sql_merge_text(struct store_sql_merge *m,
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

static void store_sql_merge_int(struct store_sql_merge *m,
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
static void store_sql_merge_fields(struct store_sql_work_fields *stored,
                                      const struct bz_work_record *r,
                                      struct store_sql_merge *m)
{
    m->count = 0;
    m->filled = 0;
    store_sql_merge_text(m, "title", &stored->title, r->title);
    store_sql_merge_text(m, "abstract", &stored->abstract, r->abstract);
    store_sql_merge_int(m, "publication_year", &stored->publication_year,
                           r->publication_year, 0);
    store_sql_merge_text(m, "type", &stored->type, r->type);
    store_sql_merge_text(m, "venue", &stored->venue, r->venue);
    store_sql_merge_int(m, "open_access", &stored->open_access,
                           r->open_access, -1);
    store_sql_merge_text(m, "landing_url", &stored->landing_url,
                            r->landing_url);
}

static enum bz_status store_sql_field_provenance(
    struct store_sql *s, int64_t work_id, const struct store_sql_merge *m,
    const struct bz_work_record *r, struct bz_error *err)
{
    struct store_sql_origin o = store_sql_origin_of(r);

    for (size_t i = 0; i < m->count; i++) {
        enum bz_status status =
            store_sql_provenance(s, "work", work_id, m->fields[i], &o, err);

        if (status != BZ_OK)
            return status;
    }
    return BZ_OK;
}

/* Binds the optional columns of f from column first on, in the order
 * abstract, publication_year, type, venue, open_access, landing_url. */
static void store_sql_bind_fields(struct bz_sql_stmt *st, int first,
                                     const struct store_sql_work_fields *f)
{
    store_sql_bind_optional(st, first, f->abstract);
    store_sql_bind_known(st, first + 1, f->publication_year, 0);
    store_sql_bind_optional(st, first + 2, f->type);
    store_sql_bind_optional(st, first + 3, f->venue);
    store_sql_bind_known(st, first + 4, f->open_access, -1);
    store_sql_bind_optional(st, first + 5, f->landing_url);
}

/* Creates the work of r, with its matching keys; *fields are its
 * columns. */
static enum bz_status store_sql_insert_work(
    struct store_sql *s, const struct bz_work_record *r,
    const struct bz_work_key *keys, int64_t *work_id,
    struct store_sql_work_fields *fields, struct bz_error *err)
{
    struct store_sql_merge merge;
    enum bz_status status;
    struct bz_sql_stmt *st;
    char *slug;

    store_sql_merge_fields(fields, r, &merge);
    slug = bz_text_slug(&s->scratch, fields->title, STORE_SQL_SLUG_MAX);
    if (slug == NULL)
        return store_sql_nomem(err);

    if ((st = store_sql_stmt(s, STMT_WORK_INSERT, err)) == NULL)
        return BZ_STORE;
    store_sql_bind_text(st, 1, fields->title);
    store_sql_bind_text(st, 2, slug);
    store_sql_bind_fields(st, 3, fields);
    store_sql_bind_text(st, 9, keys->title);
    store_sql_bind_text(st, 10, keys->first_author);
    if ((status = store_sql_insert_id(s, st, work_id, err)) != BZ_OK)
        return status;

    return store_sql_field_provenance(s, *work_id, &merge, r, err);
}

/* Fills the empty columns of the existing work work_id from r; *fields
 * are its columns afterwards, *filled is set when some column was
 * empty. */
static enum bz_status store_sql_merge_work(
    struct store_sql *s, const struct bz_work_record *r, int64_t work_id,
    struct store_sql_work_fields *fields, int *filled, struct bz_error *err)
{
    struct store_sql_merge merge;
    enum bz_status status = BZ_OK;
    struct bz_sql_stmt *st;
    enum bz_sql_step rc;
    int nomem = 0;

    if ((st = store_sql_stmt(s, STMT_WORK_FIELDS, err)) == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, work_id);
    rc = bz_sql_step(st, err);
    if (rc == BZ_SQL_ROW) {
        fields->title = store_sql_text(&s->scratch, st, 0, &nomem);
        fields->abstract = store_sql_text(&s->scratch, st, 1, &nomem);
        fields->publication_year = (int)bz_sql_column_int64(st, 2);
        fields->type = store_sql_text(&s->scratch, st, 3, &nomem);
        fields->venue = store_sql_text(&s->scratch, st, 4, &nomem);
        fields->open_access = (int)bz_sql_column_int64(st, 5);
        fields->landing_url = store_sql_text(&s->scratch, st, 6, &nomem);
    } else {
        status = store_sql_unexpected(rc, err); /* the id led nowhere */
    }
    store_sql_done(st);
    if (status != BZ_OK)
        return status;
    if (nomem)
        return store_sql_nomem(err);

    store_sql_merge_fields(fields, r, &merge);
    *filled = merge.filled;
    if (merge.filled) {
        if ((st = store_sql_stmt(s, STMT_WORK_UPDATE, err)) == NULL)
            return BZ_STORE;
        bz_sql_bind_int64(st, 1, work_id);
        store_sql_bind_fields(st, 2, fields);
        if ((status = store_sql_exec(s, st, err)) != BZ_OK)
            return status;
    }
    return store_sql_field_provenance(s, work_id, &merge, r, err);
}

/* Finds or creates the institution of inst: by any of its ids, else (when
 * it has none) by its exact name, else anew. A found one gains the ids,
 * country and homepage it lacked. */
static enum bz_status store_sql_resolve_institution(
    struct store_sql *s, const struct store_sql_origin *o,
    const struct bz_institution_record *inst, int64_t *id,
    struct bz_import_tally *tally, struct bz_error *err)
{
    /* what the record can fill */
    unsigned given =
        (store_sql_blank(inst->country_code)
             ? 0
             : FACT_INSTITUTION_HAS_COUNTRY) |
        (store_sql_blank(inst->homepage) ? 0
                                            : FACT_INSTITUTION_HAS_HOMEPAGE);
    enum bz_status status;
    struct bz_sql_stmt *st;
    long added = 0;

    status = store_sql_match(s, STMT_INSTITUTION_FIND, inst->ids,
                                inst->id_count, id, err);
    if (status == BZ_OK && *id == 0 && inst->id_count == 0) {
        if ((st = store_sql_stmt(s, STMT_INSTITUTION_BY_NAME, err)) == NULL)
            return BZ_STORE;
        store_sql_bind_text(st, 1, inst->display_name);
        status = store_sql_int64(s, st, id, err);
    }
    if (status != BZ_OK)
        return status;

    if (*id != 0) {
        int known;
        unsigned has = store_sql_institution_facts(s, *id, &known);

        status =
            store_sql_attach_ids(s, &store_sql_institution_ids, inst->ids,
                                    inst->id_count, *id, o, &added, err);
        if (status != BZ_OK)
            return status;
        if (!known || ((given & ~has) != 0)) {
            st = store_sql_stmt(s, STMT_INSTITUTION_FILL, err);
            if (st == NULL)
                return BZ_STORE;
            bz_sql_bind_int64(st, 1, *id);
            store_sql_bind_optional(st, 2, inst->country_code);
            store_sql_bind_optional(st, 3, inst->homepage);
            store_sql_bind_text(st, 4, inst->display_name);
            if ((status = store_sql_exec(s, st, err)) != BZ_OK)
                return status;
            added += bz_sql_changes(st);
            store_sql_institution_learn(s, *id, has | given);
        }
        if (added > 0)
            tally->updated_institutions++;
        return BZ_OK;
    }

    if ((st = store_sql_stmt(s, STMT_INSTITUTION_INSERT, err)) == NULL)
        return BZ_STORE;
    store_sql_bind_text(st, 1, inst->display_name);
    store_sql_bind_optional(st, 2, inst->country_code);
    store_sql_bind_optional(st, 3, inst->homepage);
    if ((status = store_sql_insert_id(s, st, id, err)) != BZ_OK)
        return status;
    tally->new_institutions++;
    store_sql_institution_learn(s, *id, given);

    status =
        store_sql_attach_ids(s, &store_sql_institution_ids, inst->ids,
                                inst->id_count, *id, o, &added, err);
    if (status != BZ_OK)
        return status;
    return store_sql_provenance(s, "institution", *id, "display_name", o,
                                   err);
}

/* Creates a researcher named name; *id is its R number. Every new record,
 * with a persistent id or without, waits for the resolution pass
 * (identity_state 0): a record with an id may be the one its block's
 * older name-only records are. */
static enum bz_status store_sql_insert_researcher(struct store_sql *s,
                                                     const char *name,
                                                     int64_t *id,
                                                     struct bz_error *err)
{
    char *name_key = bz_text_fold_words(&s->scratch, name);
    char *slug = bz_text_slug(&s->scratch, name, STORE_SQL_SLUG_MAX);
    const char *block = store_sql_block_key(&s->scratch, name);
    enum bz_status status;
    struct bz_sql_stmt *st;

    if (name_key == NULL || slug == NULL || block == NULL)
        return store_sql_nomem(err);
    if ((st = store_sql_stmt(s, STMT_RESEARCHER_INSERT, err)) == NULL)
        return BZ_STORE;
    store_sql_bind_text(st, 1, name);
    store_sql_bind_text(st, 2, name_key);
    store_sql_bind_text(st, 3, slug);
    store_sql_bind_text(st, 4, block);
    if ((status = store_sql_insert_id(s, st, id, err)) != BZ_OK)
        return status;
    return BZ_OK;
}

/* Finds the researcher of a by any of its ids, or creates one (always for
 * a name-only author: telling same-named people apart is identity
 * resolution's job, later). */
static enum bz_status
store_sql_resolve_author(struct store_sql *s,
                            const struct store_sql_origin *o,
                            const struct bz_author_record *a, int64_t *id,
                            struct bz_import_tally *tally, struct bz_error *err)
{
    const char *name = bz_work_key_author_name(a);
    enum bz_status status;
    long added = 0;

    status = store_sql_match(s, STMT_RESEARCHER_FIND, a->ids, a->id_count,
                                id, err);
    if (status != BZ_OK)
        return status;
    if (*id != 0) {
        status =
            store_sql_attach_ids(s, &store_sql_researcher_ids, a->ids,
                                    a->id_count, *id, o, &added, err);
        if (status == BZ_OK && added > 0)
            tally->updated_researchers++;
        return status;
    }

    status = store_sql_insert_researcher(s, name, id, err);
    if (status != BZ_OK)
        return status;
    tally->new_researchers++;

    status = store_sql_attach_ids(s, &store_sql_researcher_ids, a->ids,
                                     a->id_count, *id, o, &added, err);
    if (status != BZ_OK)
        return status;
    return store_sql_provenance(s, "researcher", *id, "display_name", o,
                                   err);
}

static enum bz_status store_sql_import_author(
    struct store_sql *s, const struct bz_work_record *r, int64_t work_id,
    int position, int year, struct bz_import_tally *tally, struct bz_error *err)
{
    const struct bz_author_record *a = &r->authors[position - 1];
    struct store_sql_origin o = store_sql_origin_of(r);
    enum bz_status status;
    int64_t researcher_id;

    status = store_sql_resolve_author(s, &o, a, &researcher_id, tally, err);
    if (status != BZ_OK)
        return status;

    store_sql_queue_authorship(s, work_id, position, researcher_id,
                               store_sql_blank(a->raw_name)
                                   ? bz_work_key_author_name(a)
                                   : a->raw_name);
    for (size_t i = 0; i < a->institution_count; i++) {
        int64_t institution_id;

        status = store_sql_resolve_institution(s, &o, &a->institutions[i],
                                                  &institution_id, tally, err);
        if (status != BZ_OK)
            return status;
        store_sql_link_institution(s, r, work_id, position, (int)i + 1,
                                   researcher_id, institution_id, year);
    }
    return BZ_OK;
}

/* Finds or creates the topic t under parent (0: none); a found topic that
 * had no parent or level gains them. */
/* The topic t names, or 0, with what it has (FACT_TOPIC_* flags): from the
 * cache, else from SQLite. */
static enum bz_status store_sql_topic_of(struct store_sql *s,
                                            const struct bz_topic_record *t,
                                            int64_t *id, unsigned *flags,
                                            struct bz_error *err)
{
    struct bz_sql_stmt *st;
    enum bz_sql_step rc;

    *id = 0;
    *flags = 0;
    if (store_sql_cache_get(s, FACT_TOPIC, t->scheme, t->external_id, id,
                               flags))
        return BZ_OK;
    if ((st = store_sql_stmt(s, STMT_TOPIC_FIND, err)) == NULL)
        return BZ_STORE;
    store_sql_bind_text(st, 1, t->scheme);
    store_sql_bind_text(st, 2, t->external_id);
    rc = bz_sql_step(st, err);
    if (rc == BZ_SQL_ROW) {
        *id = bz_sql_column_int64(st, 0);
        *flags = ((int)bz_sql_column_int64(st, 1) ? FACT_TOPIC_HAS_PARENT : 0) |
                 ((int)bz_sql_column_int64(st, 2) ? FACT_TOPIC_HAS_LEVEL : 0) |
                 ((int)bz_sql_column_int64(st, 3) ? FACT_TOPIC_HAS_NAME : 0);
    } else if (rc != BZ_SQL_DONE) {
        enum bz_status status = store_sql_unexpected(rc, err);

        store_sql_done(st);
        return status;
    }
    store_sql_done(st);
    if (*id != 0)
        store_sql_cache_put(s, FACT_TOPIC, t->scheme, t->external_id, *id,
                               *flags);
    return BZ_OK;
}

/* 1 when the record names its topic by more than its code. */
static int store_sql_topic_named(const struct bz_topic_record *t)
{
    return !store_sql_blank(t->display_name) &&
           strcmp(t->display_name, t->external_id) != 0;
}

static enum bz_status store_sql_resolve_topic(
    struct store_sql *s, const struct store_sql_origin *o,
    const struct bz_topic_record *t, int64_t parent, int64_t *id,
    struct bz_import_tally *tally, struct bz_error *err)
{
    enum bz_status status;
    struct bz_sql_stmt *st;
    unsigned flags, had;

    if ((status = store_sql_topic_of(s, t, id, &flags, err)) != BZ_OK)
        return status;

    if (*id != 0) {
        had = flags;
        if (parent != 0 && !(flags & FACT_TOPIC_HAS_PARENT)) {
            st = store_sql_stmt(s, STMT_TOPIC_SET_PARENT, err);
            if (st == NULL)
                return BZ_STORE;
            bz_sql_bind_int64(st, 1, *id);
            bz_sql_bind_int64(st, 2, parent);
            if ((status = store_sql_exec(s, st, err)) != BZ_OK)
                return status;
            if (bz_sql_changes(st) > 0)
                flags |= FACT_TOPIC_HAS_PARENT;
        }
        if (!store_sql_blank(t->level) && !(flags & FACT_TOPIC_HAS_LEVEL)) {
            st = store_sql_stmt(s, STMT_TOPIC_SET_LEVEL, err);
            if (st == NULL)
                return BZ_STORE;
            bz_sql_bind_int64(st, 1, *id);
            store_sql_bind_text(st, 2, t->level);
            if ((status = store_sql_exec(s, st, err)) != BZ_OK)
                return status;
            flags |= FACT_TOPIC_HAS_LEVEL;
        }
        if (!(flags & FACT_TOPIC_HAS_NAME) && store_sql_topic_named(t)) {
            st = store_sql_stmt(s, STMT_TOPIC_SET_NAME, err);
            if (st == NULL)
                return BZ_STORE;
            bz_sql_bind_int64(st, 1, *id);
            store_sql_bind_text(st, 2, t->display_name);
            if ((status = store_sql_exec(s, st, err)) != BZ_OK)
                return status;
            flags |= FACT_TOPIC_HAS_NAME;
        }
        if (flags != had) {
            tally->updated_topics++;
            store_sql_cache_put(s, FACT_TOPIC, t->scheme, t->external_id,
                                   *id, flags);
        }
        return BZ_OK;
    }

    if ((st = store_sql_stmt(s, STMT_TOPIC_INSERT, err)) == NULL)
        return BZ_STORE;
    store_sql_bind_text(st, 1, t->scheme);
    store_sql_bind_text(st, 2, t->external_id);
    store_sql_bind_text(
        st, 3,
        store_sql_blank(t->display_name) ? t->external_id : t->display_name);
    store_sql_bind_optional(st, 4, t->level);
    store_sql_bind_known(st, 5, parent, 0);
    if ((status = store_sql_insert_id(s, st, id, err)) != BZ_OK)
        return status;
    tally->new_topics++;
    store_sql_cache_put(
        s, FACT_TOPIC, t->scheme, t->external_id, *id,
        (parent ? FACT_TOPIC_HAS_PARENT : 0) |
            (store_sql_blank(t->level) ? 0 : FACT_TOPIC_HAS_LEVEL) |
            (store_sql_topic_named(t) ? FACT_TOPIC_HAS_NAME : 0));
    return store_sql_provenance(s, "topic", *id, "display_name", o, err);
}

/* Finds or creates t under its parent chain, the farthest parent first;
 * *id is t's. */
static enum bz_status store_sql_resolve_topic_chain(
    struct store_sql *s, const struct store_sql_origin *o,
    const struct bz_topic_record *t, int64_t *id, struct bz_import_tally *tally,
    struct bz_error *err)
{
    enum bz_status status = BZ_OK;
    int64_t parent = 0;

    for (size_t p = t->parent_count; status == BZ_OK && p-- > 0;)
        status = store_sql_resolve_topic(s, o, &t->parents[p], parent,
                                            &parent, tally, err);
    if (status != BZ_OK)
        return status;
    return store_sql_resolve_topic(s, o, t, parent, id, tally, err);
}

/* The record's topics, each under its parent chain, linked to the work;
 * *linked counts the links the work did not have. */
static enum bz_status store_sql_import_topics(struct store_sql *s,
                                                 const struct bz_work_record *r,
                                                 int64_t work_id, long *linked,
                                                 struct bz_import_tally *tally,
                                                 struct bz_error *err)
{
    struct store_sql_origin o = store_sql_origin_of(r);

    for (size_t i = 0; i < r->topic_count; i++) {
        const struct bz_topic_record *t = &r->topics[i];
        enum bz_status status;
        int64_t topic_id;
        struct bz_sql_stmt *st;

        status =
            store_sql_resolve_topic_chain(s, &o, t, &topic_id, tally, err);
        if (status != BZ_OK)
            return status;

        if ((st = store_sql_stmt(s, STMT_WORK_TOPIC_INSERT, err)) == NULL)
            return BZ_STORE;
        bz_sql_bind_int64(st, 1, work_id);
        bz_sql_bind_int64(st, 2, topic_id);
        bz_sql_bind_double(st, 3, t->score);
        store_sql_bind_text(st, 4, t->source ? t->source : r->source);
        if ((status = store_sql_exec(s, st, err)) != BZ_OK)
            return status;
        *linked += bz_sql_changes(st);
    }
    return BZ_OK;
}

/* 1 in *has when the work has authorships already. */
static enum bz_status store_sql_has_authorships(struct store_sql *s,
                                                   int64_t work_id,
                                                   int64_t *has,
                                                   struct bz_error *err)
{
    struct bz_sql_stmt *st;
    size_t first;

    if (store_sql_author_queued(s, work_id, &first)) {
        *has = 1;
        return BZ_OK;
    }
    if ((st = store_sql_stmt(s, STMT_WORK_HAS_AUTHORSHIPS, err)) == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, work_id);
    return store_sql_int64(s, st, has, err);
}

/* *other is set when work_id carries its own id of a scheme that one of
 * r's ids has (bz_work_key_version_id): then r is another work with the
 * same title, not a version of work_id (a journal paper and the conference
 * paper of the same name have two publishers' DOIs). */
static enum bz_status store_sql_other_work(struct store_sql *s,
                                              const struct bz_work_record *r,
                                              int64_t work_id, int *other,
                                              struct bz_error *err)
{
    *other = 0;
    for (size_t i = 0; i < r->id_count && !*other; i++) {
        struct bz_sql_stmt *st;
        enum bz_status status;
        int64_t has;

        if (!bz_work_key_version_id(&r->ids[i]))
            continue;
        if ((st = store_sql_stmt(s, STMT_WORK_HAS_OWN_ID, err)) == NULL)
            return BZ_STORE;
        bz_sql_bind_int64(st, 1, work_id);
        store_sql_bind_text(st, 2, r->ids[i].scheme);
        if ((status = store_sql_int64(s, st, &has, err)) != BZ_OK)
            return status;
        *other = has != 0;
    }
    return BZ_OK;
}

/* The work r is a version of by its keys (store/work_key.h),
 * the nearest year first; *work_id is 0 when there is none. Both years
 * must be known: two same-titled works of one surname years apart are
 * more often two people's, or a series', than one work's. */
static enum bz_status
store_sql_match_title(struct store_sql *s, const struct bz_work_record *r,
                         const struct bz_work_key *keys,
                         int64_t *work_id, struct bz_error *err)
{
    enum { MAX = 32 }; /* the statement's LIMIT */
    int64_t candidates[MAX];
    int distance[MAX];
    enum bz_status status = BZ_OK;
    size_t n = 0;
    struct bz_sql_stmt *st;
    enum bz_sql_step rc = BZ_SQL_DONE;
    int other;

    *work_id = 0;
    if (!bz_work_key_usable(keys, r->publication_year))
        return BZ_OK;
    if ((st = store_sql_stmt(s, STMT_WORK_BY_TITLE, err)) == NULL)
        return BZ_STORE;
    store_sql_bind_text(st, 1, keys->title);
    store_sql_bind_text(st, 2, keys->first_author);
    bz_sql_bind_int64(st, 3, r->publication_year);
    while (n < MAX && (rc = bz_sql_step(st, err)) == BZ_SQL_ROW) {
        size_t i = n++;
        int d = abs((int)bz_sql_column_int64(st, 1) - r->publication_year);

        /* insertion by (distance, id); rows come by (year, id) */
        for (; i > 0 && distance[i - 1] > d; i--) {
            candidates[i] = candidates[i - 1];
            distance[i] = distance[i - 1];
        }
        candidates[i] = bz_sql_column_int64(st, 0);
        distance[i] = d;
    }
    if (n < MAX && rc != BZ_SQL_DONE)
        status = store_sql_unexpected(rc, err);
    store_sql_done(st);

    for (size_t i = 0; status == BZ_OK && i < n; i++) {
        status = store_sql_other_work(s, r, candidates[i], &other, err);
        if (status == BZ_OK && !other) {
            *work_id = candidates[i];
            break;
        }
    }
    return status;
}

/* Records r as a version of work_id, once per (source, record); *added is
 * set when it was not one yet. The version's DOI is the record's own, or
 * else its arXiv DOI. */
static enum bz_status store_sql_add_version(struct store_sql *s,
                                               const struct bz_work_record *r,
                                               int64_t work_id, int *added,
                                               struct bz_error *err)
{
    const char *doi = NULL, *arxiv = NULL;
    enum bz_status status;
    struct bz_sql_stmt *st;

    for (size_t i = 0; i < r->id_count; i++) {
        const struct bz_external_id *id = &r->ids[i];

        if (strcmp(id->scheme, "doi") == 0 &&
            (doi == NULL || (bz_work_key_version_id(id) &&
                             strncasecmp(doi, "10.48550/arxiv.", 15) == 0)))
            doi = id->value;
        else if (strcmp(id->scheme, "arxiv") == 0 && arxiv == NULL)
            arxiv = id->value;
    }
    if ((st = store_sql_stmt(s, STMT_WORK_VERSION_INSERT, err)) == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, work_id);
    store_sql_bind_text(st, 2, r->source);
    store_sql_bind_text(st, 3, r->source_record ? r->source_record : "");
    store_sql_bind_optional(st, 4, r->type);
    store_sql_bind_optional(st, 5, r->venue);
    store_sql_bind_known(st, 6, r->publication_year, 0);
    store_sql_bind_text(st, 7, doi);
    store_sql_bind_text(st, 8, arxiv);
    store_sql_bind_optional(st, 9, r->landing_url);
    if ((status = store_sql_exec(s, st, err)) != BZ_OK)
        return status;
    *added = bz_sql_changes(st) > 0;
    return BZ_OK;
}

/* Gives the work, which had no authorships, the surname key of the first
 * author it has now. */
static enum bz_status
store_sql_set_author_key(struct store_sql *s, int64_t work_id,
                            const struct bz_work_key *keys,
                            struct bz_error *err)
{
    struct bz_sql_stmt *st;

    if (keys->first_author == NULL)
        return BZ_OK;
    if ((st = store_sql_stmt(s, STMT_WORK_SET_AUTHOR_KEY, err)) == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, work_id);
    store_sql_bind_text(st, 2, keys->first_author);
    return store_sql_exec(s, st, err);
}

/* --- references and citation edges -------------------------------------
 *
 * A work's references are one row of work_reference: the distinct
 * (scheme, id) pairs its sources listed, as JSON, from which the works it
 * cites are found when read. The index the other way (citation: which
 * works name an id) gains one row per reference new to the work. Those
 * rows are not written one statement each inside the record's savepoint:
 * they wait in copy_rows, and go in once they pass STORE_SQL_COPY_FLUSH
 * bytes (between two records, or at a group's end) or at commit, in one
 * stream where the engine has a bulk path (PostgreSQL's COPY, into a
 * temporary staging table, then moved with ON CONFLICT DO NOTHING), else
 * sorted in the index's order, so that each page of it is visited once
 * per flush. Cited ids are spread over the whole index, so each flush
 * visits most of its pages: between import_begin and import_end commits
 * keep the rows, which made a 325 MB import a fifth faster. Without a
 * bulk path, a commit that leaves more than STORE_SQL_COPY_KEEP bytes
 * kept sends them, sorted, to a file of runs (store_sql_citation_spill,
 * citation_runs.h), and import_end merges the runs and what is still kept
 * into the index in one pass (store_sql_citation_merge); with one, they
 * go in past STORE_SQL_COPY_KEEP. A work whose rows wait is in
 * citation_pending until they are in, so that rows lost with the process
 * (or with the file) are written again from work_reference by the next
 * import_begin, or by import_end. A record rolled back to
 * its savepoint drops its rows from the buffer as well (store_sql_write).
 * copy_rows holds COPY's text format for the bulk path, else each row as
 * the NUL-terminated scheme and value and the citing work's id (an
 * int64_t's bytes). */

/* One reference: of a record, of a work's stored list (known set), or a
 * row waiting in copy_rows (citing set). */
struct store_sql_ref {
    const char *scheme, *value;
    int64_t citing;
    int known; /* in the work's stored list already */
};

/* By scheme and value, the stored one first; then by citing work. */
static int store_sql_ref_order(const void *a, const void *b)
{
    const struct store_sql_ref *x = a, *y = b;
    int c = strcmp(x->scheme, y->scheme);

    if (c == 0)
        c = strcmp(x->value, y->value);
    if (c == 0)
        c = y->known - x->known;
    if (c == 0)
        c = (x->citing > y->citing) - (x->citing < y->citing);
    return c;
}

static int store_sql_refs_sorted(const struct store_sql_ref *refs,
                                 size_t count)
{
    for (size_t i = 1; i < count; i++)
        if (store_sql_ref_order(&refs[i - 1], &refs[i]) > 0)
            return 0;
    return 1;
}

/* Appends s as one field of COPY's text format. */
static void store_sql_copy_field(struct bz_buf *out, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '\\':
            bz_buf_puts(out, "\\\\");
            break;
        case '\t':
            bz_buf_puts(out, "\\t");
            break;
        case '\n':
            bz_buf_puts(out, "\\n");
            break;
        case '\r':
            bz_buf_puts(out, "\\r");
            break;
        default:
            bz_buf_putc(out, *s);
        }
    }
}

/* Queues the citation row of one reference new to work_id. */
static void store_sql_queue_citation(struct store_sql *s,
                                     const struct store_sql_ref *ref,
                                     int64_t work_id)
{
    struct bz_buf *out = &s->copy_rows;

    if (s->sql->driver->copy_in != NULL) {
        bz_buf_printf(out, "%lld\t", (long long)work_id);
        store_sql_copy_field(out, ref->scheme);
        bz_buf_putc(out, '\t');
        store_sql_copy_field(out, ref->value);
        bz_buf_putc(out, '\n');
        return;
    }
    bz_buf_add(out, ref->scheme, strlen(ref->scheme) + 1);
    bz_buf_add(out, ref->value, strlen(ref->value) + 1);
    bz_buf_add(out, &work_id, sizeof(work_id));
}

static void store_sql_bind_citation(struct bz_sql_stmt *st, int col,
                                    const void *rows, const char *text)
{
    const struct bz_citation_row *row = rows;

    (void)text;
    store_sql_bind_text(st, col, row->scheme);
    store_sql_bind_text(st, col + 1, row->value);
    bz_sql_bind_int64(st, col + 2, row->citing);
}

/* 64 a statement: a row costs a third less so. */
static const struct store_sql_row_kind store_sql_citation_kind = {
    STMT_CITATION_INSERT, "insert citations", CITATION_INSERT, CITATION_END,
    sizeof(struct bz_citation_row), 3, 64, store_sql_bind_citation};

/* Reads the rows copy_rows holds (without a bulk path) into
 * citation_rows, sorted in the index's order, and passes each work they
 * are of to work_done once, with arg (a work's rows are side by side). */
static enum bz_status store_sql_citation_sorted(
    struct store_sql *s, size_t *count,
    enum bz_status (*work_done)(struct store_sql *, void *, int64_t,
                                struct bz_error *),
    void *arg, struct bz_error *err)
{
    const char *p = s->copy_rows.data, *end = p + s->copy_rows.len;
    enum bz_status status = BZ_OK;
    struct bz_citation_row *rows;
    size_t n = 0, rows_max = 0;
    int64_t last = 0;

    *count = 0;
    for (const char *q = p; q < end; rows_max++) {
        q += strlen(q) + 1; /* the scheme */
        q += strlen(q) + 1; /* the value */
        q += sizeof(int64_t);
    }
    if (rows_max > s->citation_room) {
        void *grown = realloc(s->citation_rows, rows_max * sizeof(*rows));

        if (grown == NULL)
            return store_sql_nomem(err);
        s->citation_rows = grown;
        s->citation_room = rows_max;
    }
    rows = s->citation_rows;
    while (status == BZ_OK && p < end && n < rows_max) {
        rows[n].scheme = p;
        p += strlen(p) + 1;
        rows[n].value = p;
        p += strlen(p) + 1;
        memcpy(&rows[n].citing, p, sizeof(rows[n].citing));
        bz_citation_row_near(&rows[n]);
        p += sizeof(int64_t);
        if (rows[n].citing != last)
            status = work_done(s, arg, last = rows[n].citing, err);
        n++;
    }
    if (status != BZ_OK)
        return status;
    bz_citation_rows_sort(rows, n);
    *count = n;
    return BZ_OK;
}

/* Works whose citation rows are in, first to last (last 0: none), that
 * leave citation_pending by one statement. */
struct store_sql_done_range {
    int64_t first, last;
};

/* The range's works leave citation_pending, and it is empty again. */
static enum bz_status
store_sql_citation_done_flush(struct store_sql *s,
                              struct store_sql_done_range *done,
                              struct bz_error *err)
{
    struct bz_sql_stmt *st;

    if (done->last == 0)
        return BZ_OK;
    st = store_sql_stmt(s, STMT_CITATION_PENDING_DONE, err);
    bz_sql_bind_int64(st, 1, done->first);
    bz_sql_bind_int64(st, 2, done->last);
    done->first = done->last = 0;
    return st == NULL ? BZ_STORE : store_sql_exec(s, st, err);
}

/* The work's rows are in: it joins the range done (a struct
 * store_sql_done_range) when it follows its last work, as a run's works
 * mostly do, else the range leaves citation_pending and it begins the
 * next; store_sql_citation_done_flush ends the last. */
static enum bz_status store_sql_citation_done(struct store_sql *s,
                                              void *done, int64_t work_id,
                                              struct bz_error *err)
{
    struct store_sql_done_range *range = done;
    enum bz_status status = BZ_OK;

    if (range->last != 0 && work_id == range->last + 1) {
        range->last = work_id;
        return BZ_OK;
    }
    if (range->last != 0)
        status = store_sql_citation_done_flush(s, range, err);
    range->first = range->last = work_id;
    return status;
}

/* The work's rows are in the file of runs: it leaves citation_pending
 * when they are merged into the index. */
static enum bz_status store_sql_citation_spilled(struct store_sql *s,
                                                 void *unused, int64_t work_id,
                                                 struct bz_error *err)
{
    (void)unused;
    if (bz_buf_add(&s->spilled_works, &work_id, sizeof(work_id)) != 0)
        return store_sql_nomem(err);
    return BZ_OK;
}

/* copy_rows is empty: nothing is kept back, and no mark points into it. */
static void store_sql_copy_emptied(struct store_sql *s)
{
    bz_buf_reset(&s->copy_rows);
    s->copy_begin_mark = 0;
    s->group_copy_mark = 0;
}

static enum bz_status store_sql_citation_emit(
    void *arg, const struct bz_citation_row *rows, size_t n,
    struct bz_error *err)
{
    struct store_sql *s = arg;

    return store_sql_write_rows(s, &store_sql_citation_kind, &s->citation_many,
                                (const char *)rows, n, err);
}

/* Inserts the rows copy_rows holds (without a bulk path), in the index's
 * order; the works whose rows they are leave citation_pending. */
static enum bz_status store_sql_insert_citations(struct store_sql *s,
                                                 struct bz_error *err)
{
    struct store_sql_done_range done = {0, 0};
    enum bz_status status;
    size_t n;

    status = store_sql_citation_sorted(s, &n, store_sql_citation_done, &done,
                                       err);
    if (status == BZ_OK)
        status = store_sql_citation_done_flush(s, &done, err);
    if (status != BZ_OK)
        return status;
    return store_sql_citation_emit(s, s->citation_rows, n, err);
}

/* After a commit, in a run without a bulk path: the rows kept, every one
 * of a work now stored, go to the file of runs, sorted, and the buffer is
 * empty again. Should that fail they are dropped, and their works, still
 * in citation_pending, are written from their stored lists by import_end
 * (slower, and whole). */
static void store_sql_citation_spill(struct store_sql *s)
{
    size_t n, mark = s->spilled_works.len;
    struct bz_error ignored;

    if (store_sql_citation_sorted(s, &n, store_sql_citation_spilled, NULL,
                                  &ignored) != BZ_OK ||
        bz_citation_runs_add(&s->citation_runs, s->citation_rows, n,
                             &ignored) != BZ_OK) {
        s->spilled_works.len = mark;
        s->spilled_works.failed = 0;
    }
    store_sql_copy_emptied(s);
}

/* Writes the runs and the rows still kept into the index, merged into its
 * order, one pass over it; their works leave citation_pending. */
static enum bz_status store_sql_citation_merge(struct store_sql *s,
                                               struct bz_error *err)
{
    const int64_t *work = (const int64_t *)s->spilled_works.data;
    size_t works = s->spilled_works.len / sizeof(*work), n = 0;
    struct store_sql_done_range done = {0, 0};
    enum bz_status status = BZ_OK;

    if (s->copy_rows.failed)
        status = bz_error_set(err, BZ_NOMEM, "store: out of memory for the "
                                             "citation rows");
    /* the spilled works, then the kept ones: in order, few ranges */
    for (size_t i = 0; status == BZ_OK && i < works; i++)
        status = store_sql_citation_done(s, &done, work[i], err);
    if (status == BZ_OK)
        status = store_sql_citation_sorted(s, &n, store_sql_citation_done,
                                           &done, err);
    if (status == BZ_OK)
        status = store_sql_citation_done_flush(s, &done, err);
    if (status == BZ_OK)
        status = bz_citation_runs_merge(&s->citation_runs, s->citation_rows,
                                        n, store_sql_citation_emit, s, err);
    store_sql_copy_emptied(s);
    return status;
}

/* Sends the rows waiting, inside the open transaction (the caller,
 * store_sql_copy_flush, empties the buffer). */
static enum bz_status store_sql_copy_send(struct store_sql *s,
                                          struct bz_error *err)
{
    static const char stage[] =
        "CREATE TEMP TABLE IF NOT EXISTS bz_citation_stage ("
        "citing_work_id BIGINT, cited_scheme TEXT, cited_value TEXT)";
    static const char move[] =
        "INSERT INTO citation (cited_scheme, cited_value, citing_work_id) "
        "SELECT cited_scheme, cited_value, citing_work_id "
        "FROM bz_citation_stage ON CONFLICT DO NOTHING;"
        "DELETE FROM citation_pending WHERE work_id IN "
        "(SELECT citing_work_id FROM bz_citation_stage);"
        "TRUNCATE bz_citation_stage";
    enum bz_status status;

    if (s->copy_rows.len == 0)
        return BZ_OK;
    if (s->copy_rows.failed)
        return bz_error_set(err, BZ_NOMEM, "store: out of memory for the "
                                           "citation rows");
    if (s->sql->driver->copy_in == NULL)
        return store_sql_insert_citations(s, err);
    status = bz_sql_exec(s->sql, "stage citations", stage, err);
    if (status == BZ_OK)
        status = s->sql->driver->copy_in(s->sql, "copy citations",
                                         "COPY bz_citation_stage FROM STDIN",
                                         s->copy_rows.data,
                                         s->copy_rows.len, err);
    if (status == BZ_OK)
        status = bz_sql_exec(s->sql, "insert citations", move, err);
    return status;
}

/* Sends the rows waiting; what the buffer held is now the transaction's
 * (a rollback undoes it, and leaves its works in citation_pending). */
static enum bz_status store_sql_copy_flush(struct store_sql *s,
                                           struct bz_error *err)
{
    enum bz_status status = store_sql_copy_send(s, err);

    store_sql_copy_emptied(s);
    return status;
}

/* --- groups of writes (store.h) ---------------------------------------- */

static enum bz_status store_sql_group_begin(struct bz_store *store,
                                            struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    enum bz_status status;

    if (!bz_sql_in_transaction(s->sql) || s->group)
        return bz_error_set(err, BZ_STORE, "store: a group begins inside a "
                                           "transaction, one at a time");
    if ((status = store_sql_run(s, STMT_GROUP_SAVEPOINT, err)) != BZ_OK)
        return status;
    s->group = 1;
    s->group_failed = 0;
    s->group_copy_mark = s->copy_rows.len;
    return BZ_OK;
}

/* Keeps what the group wrote; then sends the citation rows waiting if
 * they are many (store_sql_write leaves them to the group's end). */
static enum bz_status store_sql_group_end(struct bz_store *store,
                                          struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    enum bz_status status;

    if (!s->group)
        return bz_error_set(err, BZ_STORE, "store: no group to end");
    if (s->group_failed)
        return bz_error_set(err, BZ_STORE, "store: a write of the group "
                                           "failed: it must be undone");
    if ((status = store_sql_run(s, STMT_GROUP_RELEASE, err)) != BZ_OK)
        return status;
    s->group = 0;
    /* out of the savepoint: a statement of many rows takes a statement
     * journal, whose release would walk the group's (sql.h, inserted_id) */
    if ((status = store_sql_flush_bulk(s, err)) != BZ_OK)
        return status;
    if (store_sql_copy_full(s))
        status = store_sql_copy_flush(s, err);
    return status;
}

static enum bz_status store_sql_group_undo(struct bz_store *store,
                                           struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    enum bz_status status;

    if (!s->group)
        return bz_error_set(err, BZ_STORE, "store: no group to undo");
    store_sql_forget(s, 0); /* it may know rows that are going */
    store_sql_bulk_forget(s);
    store_sql_copy_back(s, s->group_copy_mark);
    status = store_sql_run(s, STMT_GROUP_ROLLBACK_TO, err);
    if (status == BZ_OK)
        status = store_sql_run(s, STMT_GROUP_RELEASE, err);
    s->group = 0;
    s->group_failed = 0;
    return status;
}

static int store_sql_group_failed(const struct bz_store *store)
{
    return ((const struct store_sql *)store)->group_failed;
}

/* --- runs of imports (store.h) -------------------------------------------- */

/* Writes the citation rows of every work in citation_pending from its
 * stored list (rows already in are met again and ignored), and empties
 * it. */
static enum bz_status store_sql_citation_mend(struct store_sql *s,
                                              struct bz_error *err)
{
    enum bz_status status = store_sql_run(s, STMT_CITATION_MEND, err);

    if (status == BZ_OK)
        status = store_sql_run(s, STMT_CITATION_PENDING_CLEAR, err);
    return status;
}

static enum bz_status store_sql_import_begin(struct bz_store *store,
                                             struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    enum bz_status status;

    if (!bz_sql_in_transaction(s->sql))
        return bz_error_set(err, BZ_STORE, "store: an import begins inside "
                                           "a transaction");
    /* what a run that stopped short left (its works are pending) */
    bz_citation_runs_clear(&s->citation_runs);
    bz_buf_reset(&s->spilled_works);
    if ((status = store_sql_citation_mend(s, err)) != BZ_OK)
        return status;
    s->keep_citations = 1;
    return BZ_OK;
}

static enum bz_status store_sql_import_end(struct bz_store *store,
                                           struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);

    enum bz_status status;

    s->keep_citations = 0;
    if (!bz_sql_in_transaction(s->sql))
        return bz_error_set(err, BZ_STORE, "store: an import ends inside "
                                           "a transaction");
    if (s->citation_runs.count > 0)
        status = store_sql_citation_merge(s, err);
    else
        status = store_sql_copy_flush(s, err);
    bz_citation_runs_clear(&s->citation_runs);
    bz_buf_reset(&s->spilled_works);
    if (status != BZ_OK)
        return status;
    /* and the works whose rows a rollback took back */
    return store_sql_citation_mend(s, err);
}

/* Appends s to out as a JSON string: its runs of plain bytes at once. */
static void store_sql_json_string(struct bz_buf *out, const char *s)
{
    bz_buf_putc(out, '"');
    while (*s) {
        size_t plain = 0;

        while (s[plain] && s[plain] != '"' && s[plain] != '\\' &&
               (unsigned char)s[plain] >= 0x20)
            plain++;
        bz_buf_add(out, s, plain);
        s += plain;
        if (*s == '"' || *s == '\\') {
            bz_buf_putc(out, '\\');
            bz_buf_putc(out, *s++);
        } else if (*s) {
            bz_buf_printf(out, "\\u%04x", (unsigned char)*s++);
        }
    }
    bz_buf_putc(out, '"');
}

/* The work's stored list, parsed: *tree is NULL when it has none. */
static enum bz_status store_sql_stored_refs(struct store_sql *s,
                                            int64_t work_id, yajl_val *tree,
                                            struct bz_error *err)
{
    struct bz_sql_stmt *st = store_sql_stmt(s, STMT_REFERENCES_READ, err);
    enum bz_status status = BZ_OK;
    enum bz_sql_step rc;

    *tree = NULL;
    if (st == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, work_id);
    rc = bz_sql_step(st, err);
    if (rc == BZ_SQL_ROW)
        *tree = yajl_tree_parse(bz_sql_column_text(st, 0, NULL), NULL, 0);
    else if (rc != BZ_SQL_DONE)
        status = store_sql_unexpected(rc, err);
    store_sql_done(st);
    if (status == BZ_OK && rc == BZ_SQL_ROW && !YAJL_IS_ARRAY(*tree))
        status = bz_error_set(err, BZ_STORE, "store: the references of work "
                              "%lld are not a JSON array",
                              (long long)work_id);
    return status;
}

/* Adds the (scheme, value) pairs of a stored list to refs, marked known;
 * the strings are the tree's. */
static void store_sql_add_stored(yajl_val tree, struct store_sql_ref *refs,
                                 size_t *count)
{
    for (size_t i = 0; tree != NULL && i < YAJL_GET_ARRAY(tree)->len; i++) {
        yajl_val pair = YAJL_GET_ARRAY(tree)->values[i];
        yajl_val *v;

        if (!YAJL_IS_ARRAY(pair) || YAJL_GET_ARRAY(pair)->len != 2)
            continue;
        v = YAJL_GET_ARRAY(pair)->values;
        if (!YAJL_IS_STRING(v[0]) || !YAJL_IS_STRING(v[1]))
            continue;
        refs[*count].scheme = YAJL_GET_STRING(v[0]);
        refs[*count].value = YAJL_GET_STRING(v[1]);
        refs[*count].citing = 0;
        refs[*count].known = 1;
        (*count)++;
    }
}

/* Writes the work's list: the kept distinct pairs of refs. */
static enum bz_status store_sql_write_refs(struct store_sql *s,
                                           int64_t work_id,
                                           const struct store_sql_ref *refs,
                                           size_t kept, struct bz_error *err)
{
    struct store_sql_pending_row pending = {work_id};
    struct bz_buf *text = &s->refs_text;
    enum bz_status status;
    struct bz_sql_stmt *st;

    bz_buf_reset(text);
    bz_buf_putc(text, '[');
    for (size_t i = 0; i < kept; i++) {
        bz_buf_puts(text, i ? ",[" : "[");
        store_sql_json_string(text, refs[i].scheme);
        bz_buf_putc(text, ',');
        store_sql_json_string(text, refs[i].value);
        bz_buf_putc(text, ']');
    }
    bz_buf_putc(text, ']');
    if (text->failed || s->copy_rows.failed)
        return bz_error_set(err, BZ_NOMEM, "store: out of memory for the "
                                           "references");
    if ((st = store_sql_stmt(s, STMT_REFERENCES_SET, err)) == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, work_id);
    bz_sql_bind_int64(st, 2, (int64_t)kept);
    store_sql_bind_text(st, 3, text->data);
    if ((status = store_sql_exec(s, st, err)) != BZ_OK)
        return status;
    /* pending until its queued rows are in (store_sql_copy_flush); the
     * bulk rows go in before the citation rows do */
    bz_buf_add(&s->bulk_rows[BULK_CITATION_PENDING], &pending,
               sizeof(pending));
    return BZ_OK;
}

/* The record's references joined to the work's stored list (none when
 * is_new): the list is rewritten when some are new, and a citation row is
 * queued for each of those. */
static enum bz_status store_sql_import_references(
    struct store_sql *s, const struct bz_work_record *r, int64_t work_id,
    int is_new, struct bz_error *err)
{
    size_t room = r->reference_count, count = 0, kept = 0, added = 0;
    enum bz_status status = BZ_OK;
    struct store_sql_ref *refs;
    yajl_val tree = NULL;

    if (r->reference_count == 0)
        return BZ_OK;
    if (!is_new &&
        (status = store_sql_stored_refs(s, work_id, &tree, err)) != BZ_OK)
        goto done;
    if (tree != NULL)
        room += YAJL_GET_ARRAY(tree)->len;
    if ((refs = bz_arena_alloc(&s->scratch, room * sizeof(*refs))) == NULL) {
        status = store_sql_nomem(err);
        goto done;
    }
    for (size_t i = 0; i < r->reference_count; i++) {
        const struct bz_external_id *ref = &r->references[i];

        if (store_sql_blank(ref->scheme) || store_sql_blank(ref->value))
            continue;
        refs[count].scheme = ref->scheme;
        refs[count].value = ref->value;
        refs[count].citing = 0;
        refs[count].known = 0;
        count++;
    }
    store_sql_add_stored(tree, refs, &count);

    /* the distinct pairs, the stored one of each first; the new queued
     * (a record's own list comes sorted from the import's reader thread) */
    if (tree != NULL || !store_sql_refs_sorted(refs, count))
        qsort(refs, count, sizeof(*refs), store_sql_ref_order);
    for (size_t i = 0; i < count; i++) {
        if (kept > 0 && strcmp(refs[kept - 1].scheme, refs[i].scheme) == 0 &&
            strcmp(refs[kept - 1].value, refs[i].value) == 0)
            continue;
        refs[kept++] = refs[i];
        if (!refs[i].known) {
            store_sql_queue_citation(s, &refs[i], work_id);
            added++;
        }
    }
    if (added > 0)
        status = store_sql_write_refs(s, work_id, refs, kept, err);

done:
    yajl_tree_free(tree);
    return status;
}

/* The record's count of citing works (kept per source) and its
 * references. */
static enum bz_status
store_sql_import_citations(struct store_sql *s,
                              const struct bz_work_record *r, int64_t work_id,
                              int is_new, struct bz_error *err)
{
    enum bz_status status = BZ_OK;
    struct bz_sql_stmt *st;

    if (r->cited_by_count > 0) {
        if ((st = store_sql_stmt(s, STMT_CITATION_COUNT_SET, err)) == NULL)
            return BZ_STORE;
        bz_sql_bind_int64(st, 1, work_id);
        store_sql_bind_text(st, 2, r->source);
        bz_sql_bind_int64(st, 3, r->cited_by_count);
        if ((status = store_sql_exec(s, st, err)) != BZ_OK)
            return status;
    }
    return store_sql_import_references(s, r, work_id, is_new, err);
}

/* The researcher of work_id's position-th authorship and its raw name
 * (*researcher 0: none, or no researcher), from the queue when it waits
 * there. The name lives in the scratch arena. */
static enum bz_status store_sql_authorship_at(struct store_sql *s,
                                              int64_t work_id, int position,
                                              int64_t *researcher,
                                              const char **raw_name,
                                              struct bz_error *err)
{
    const struct bz_buf *queue = &s->bulk_rows[BULK_AUTHORSHIP];
    const struct store_sql_author_row *rows =
        (const struct store_sql_author_row *)queue->data;
    enum bz_status status = BZ_OK;
    struct bz_sql_stmt *st;
    enum bz_sql_step rc;
    size_t first, at;
    int nomem = 0;

    *researcher = 0;
    *raw_name = NULL;
    if (store_sql_author_queued(s, work_id, &first)) {
        at = first + (size_t)position - 1; /* in author order from 1 */
        if (at < queue->len / sizeof(*rows) && rows[at].work_id == work_id &&
            rows[at].position == position) {
            *researcher = rows[at].researcher_id;
            *raw_name = s->bulk_text.data + rows[at].raw_name;
        }
        return BZ_OK;
    }
    if ((st = store_sql_stmt(s, STMT_AUTHORSHIP_AT, err)) == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, work_id);
    bz_sql_bind_int64(st, 2, position);
    rc = bz_sql_step(st, err);
    if (rc == BZ_SQL_ROW) {
        *researcher = bz_sql_column_int64(st, 0);
        *raw_name = store_sql_text(&s->scratch, st, 1, &nomem);
    } else if (rc == BZ_SQL_FAILED) {
        status = store_sql_failed(err);
    }
    store_sql_done(st);
    if (status == BZ_OK && nomem)
        status = store_sql_nomem(err);
    return status;
}

/* A work seen again keeps the authorships its first source gave; the
 * record's author ids (a later source's ORCIDs) go to their researchers,
 * each to the authorship at the author's place when the two names share
 * their block key (initial and surname), and only the ids nobody carries
 * yet (store_sql_attach_ids). A record gaining an id is weighed again by
 * the next name resolution pass. */
static enum bz_status store_sql_lend_author_ids(struct store_sql *s,
                                                const struct bz_work_record *r,
                                                int64_t work_id,
                                                struct bz_import_tally *tally,
                                                struct bz_error *err)
{
    struct store_sql_origin o = store_sql_origin_of(r);

    for (size_t i = 0; i < r->author_count; i++) {
        const struct bz_author_record *a = &r->authors[i];
        const char *name, *theirs, *ours;
        enum bz_status status;
        struct bz_sql_stmt *st;
        int64_t researcher;
        long added = 0;

        if (a->id_count == 0)
            continue;
        status = store_sql_authorship_at(s, work_id, (int)i + 1, &researcher,
                                         &name, err);
        if (status != BZ_OK)
            return status;
        if (researcher == 0 || name == NULL)
            continue;
        theirs = store_sql_block_key(&s->scratch, name);
        ours = store_sql_block_key(&s->scratch, bz_work_key_author_name(a));
        if (theirs == NULL || ours == NULL)
            return store_sql_nomem(err);
        if (theirs[0] == '\0' || strcmp(theirs, ours) != 0)
            continue;
        status = store_sql_attach_ids(s, &store_sql_researcher_ids, a->ids,
                                      a->id_count, researcher, &o, &added,
                                      err);
        if (status != BZ_OK)
            return status;
        if (added == 0)
            continue;
        tally->updated_researchers++;
        if ((st = store_sql_stmt(s, STMT_RESEARCHER_RECHECK, err)) == NULL)
            return BZ_STORE;
        bz_sql_bind_int64(st, 1, researcher);
        if ((status = store_sql_exec(s, st, err)) != BZ_OK)
            return status;
    }
    return BZ_OK;
}

/* import_work's steps, inside its savepoint: the work is matched on any of
 * its ids, else on its title keys, else created. */
static enum bz_status store_sql_import_record(struct store_sql *s,
                                                 const void *record,
                                                 struct bz_import_tally *tally,
                                                 struct bz_error *err)
{
    const struct bz_work_record *r = record;
    struct store_sql_work_fields fields = {.open_access = -1};
    struct bz_work_key keys;
    int64_t work_id, has_authorships = 0;
    enum bz_status status;
    long added = 0;
    int filled = 0, is_new, by_title = 0, new_version = 0;

    if (bz_work_key_of_record(&s->scratch, r, &keys) != BZ_OK)
        return store_sql_nomem(err);
    status = store_sql_match(s, STMT_WORK_FIND, r->ids, r->id_count,
                                &work_id, err);
    if (status == BZ_OK && work_id == 0) {
        status = store_sql_match_title(s, r, &keys, &work_id, err);
        by_title = work_id != 0;
    }
    if (status != BZ_OK)
        return status;

    is_new = work_id == 0;
    if (is_new) {
        status = store_sql_insert_work(s, r, &keys, &work_id, &fields, err);
    } else {
        status = store_sql_merge_work(s, r, work_id, &fields, &filled, err);
        if (status == BZ_OK)
            status =
                store_sql_has_authorships(s, work_id, &has_authorships, err);
    }
    if (status == BZ_OK) {
        struct store_sql_origin o = store_sql_origin_of(r);

        status = store_sql_attach_ids(s, &store_sql_work_ids, r->ids,
                                         r->id_count, work_id, &o, &added, err);
    }

    /* Authorships come from the first record that has any: a re-import
     * adds none, and name-only authors are not created twice. */
    if (!has_authorships) {
        for (size_t i = 0; status == BZ_OK && i < r->author_count; i++)
            status = store_sql_import_author(
                s, r, work_id, (int)i + 1, fields.publication_year, tally, err);
        added += (long)r->author_count;
        if (status == BZ_OK && !is_new && r->author_count > 0)
            status = store_sql_set_author_key(s, work_id, &keys, err);
    } else if (status == BZ_OK) {
        status = store_sql_lend_author_ids(s, r, work_id, tally, err);
    }
    if (status == BZ_OK)
        status = store_sql_import_topics(s, r, work_id, &added, tally, err);
    if (status == BZ_OK)
        status = store_sql_add_version(s, r, work_id, &new_version, err);
    if (status == BZ_OK)
        status = store_sql_import_citations(s, r, work_id, is_new, err);
    if (status != BZ_OK)
        return status;

    if (is_new) {
        tally->new_works++;
    } else {
        if (by_title && new_version)
            tally->merged_works++;
        if (filled || added > 0 || new_version)
            tally->updated_works++;
    }
    return BZ_OK;
}

static void store_sql_tally_add(struct bz_import_tally *to,
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
    to->new_venues += from->new_venues;
    to->updated_venues += from->updated_venues;
    to->merged_works += from->merged_works;
}

/* One write's steps on record, run inside the savepoint of
 * store_sql_write(); what they did goes into tally. */

/* Runs write on record all or nothing, in a savepoint of its own (in a
 * group, the group's: store.h); tally (NULL: not wanted) gains what it did
 * only when it succeeded.
 *
 * Called outside a transaction (store.h asks for one), the write runs in a
 * BEGIN IMMEDIATE transaction of its own and commits it: a savepoint alone
 * would begin a deferred one, which fails at once, without waiting, when
 * another process writes between its first read and first write. */
enum bz_status store_sql_write(struct store_sql *s,
                                         store_sql_write_fn *write,
                                         const void *record,
                                         struct bz_import_tally *tally,
                                         struct bz_error *err)
{
    struct bz_import_tally counted = {0};
    int own_transaction = !bz_sql_in_transaction(s->sql);
    /* in a group the group's savepoint serves, on an engine that reports
     * a failure in the record that caused it */
    int grouped = !own_transaction && s->group &&
                  !s->sql->driver->reports_late;
    struct store_sql_bulk_marks bulk_mark;
    enum bz_status status;
    size_t copy_mark;
    int flushed = 0; /* the record's bulk rows went in (and are empty) */

    if (own_transaction &&
        (status = store_sql_begin(&s->base, err)) != BZ_OK)
        return status;
    copy_mark = s->copy_rows.len;
    bulk_mark = store_sql_bulk_mark(s);
    if (!grouped && (status = store_sql_run(s, STMT_SAVEPOINT, err)) != BZ_OK)
        goto rollback_transaction;

    status = write(s, record, &counted, err);
    /* in a group, its bulk rows wait for the group's end */
    if (status == BZ_OK && !s->group) {
        flushed = 1;
        status = store_sql_flush_bulk(s, err);
    }
    if (status != BZ_OK)
        goto rollback_savepoint;
    if (!grouped && (status = store_sql_run(s, STMT_RELEASE, err)) != BZ_OK)
        goto rollback_savepoint;
    /* between two records, so that a failed record never takes rows of
     * released ones with it; in a group, at its end */
    if (!s->group && store_sql_copy_full(s) &&
        (status = store_sql_copy_flush(s, err)) != BZ_OK)
        goto rollback_transaction;
    if (own_transaction) {
        status = store_sql_commit(&s->base, err);
        if (status != BZ_OK)
            goto rollback_transaction;
    }

    if (tally != NULL)
        store_sql_tally_add(tally, &counted);
    bz_arena_reset(&s->scratch);
    return BZ_OK;

rollback_savepoint:
    /* err keeps the first failure. These fail only when SQLite has already
     * rolled the whole transaction back, leaving nothing to undo. */
    store_sql_forget(s, 0);
    store_sql_copy_back(s, copy_mark); /* the record's rows go with it */
    if (!flushed)
        store_sql_bulk_back(s, &bulk_mark);
    if (grouped) {
        s->group_failed = 1; /* the group's caller undoes it */
    } else if (bz_sql_in_transaction(s->sql)) {
        store_sql_run(s, STMT_ROLLBACK_TO, NULL);
        store_sql_run(s, STMT_RELEASE, NULL);
    }
rollback_transaction:
    if (own_transaction)
        store_sql_rollback(&s->base, NULL);
    bz_arena_reset(&s->scratch);
    return status;
}

static enum bz_status
store_sql_import_work(struct bz_store *store,
                         const struct bz_work_record *record,
                         struct bz_import_tally *tally, struct bz_error *err)
{
    enum bz_status status = store_sql_check_record(record, err);

    if (status != BZ_OK)
        return status;
    return store_sql_write(store_sql_of(store),
                              store_sql_import_record, record, tally, err);
}

/* --- import_researcher, import_institution, import_venue, import_topic --- */

static enum bz_status
store_sql_check_researcher(const struct bz_researcher_record *r,
                              struct bz_error *err)
{
    char whose[64 + BZ_ERROR_MESSAGE_MAX];
    enum bz_status status;

    if (store_sql_blank(r->source))
        return bz_error_set(err, BZ_INVALID, "researcher has no source");
    if (store_sql_blank(r->display_name))
        return bz_error_set(err, BZ_INVALID, "researcher has no name");
    if (r->id_count == 0)
        return bz_error_set(err, BZ_INVALID, "researcher '%s' has no id",
                            r->display_name);
    snprintf(whose, sizeof(whose), "researcher '%s'", r->display_name);
    status = store_sql_check_ids(r->ids, r->id_count, whose, err);
    if (status == BZ_OK)
        status = store_sql_check_institutions(
            r->affiliations, r->affiliation_count, whose, err);
    return status;
}

/* Gives researcher id the name (for search); *gained counts it when the
 * record did not have it. A blank name is skipped. */
static enum bz_status store_sql_add_name(struct store_sql *s, int64_t id,
                                            const char *name,
                                            const struct store_sql_origin *o,
                                            long *gained, struct bz_error *err)
{
    enum bz_status status;
    struct bz_sql_stmt *st;
    char *name_key;

    if (store_sql_blank(name))
        return BZ_OK;
    if ((name_key = bz_text_fold_words(&s->scratch, name)) == NULL)
        return store_sql_nomem(err);
    if ((st = store_sql_stmt(s, STMT_RESEARCHER_NAME_INSERT, err)) == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, id);
    store_sql_bind_text(st, 2, name);
    store_sql_bind_text(st, 3, name_key);
    store_sql_bind_text(st, 4, o->source);
    if ((status = store_sql_exec(s, st, err)) != BZ_OK)
        return status;
    *gained += bz_sql_changes(st);
    return BZ_OK;
}

/* The record's affiliations, the first the current one: that source's
 * other affiliations of the researcher stop being current. *gained counts
 * the rows added or changed. */
static enum bz_status store_sql_add_affiliations(
    struct store_sql *s, const struct store_sql_origin *o,
    const struct bz_researcher_record *r, int64_t id, long *gained,
    struct bz_import_tally *tally, struct bz_error *err)
{
    enum bz_status status = BZ_OK;
    int64_t current = 0, institution_id;
    struct bz_sql_stmt *st;

    for (size_t i = 0; i < r->affiliation_count; i++) {
        status = store_sql_resolve_institution(s, o, &r->affiliations[i],
                                                  &institution_id, tally, err);
        if (status != BZ_OK)
            return status;
        if (i == 0)
            current = institution_id;
        else if (institution_id == current)
            continue; /* listed again: it stays current */
        if ((st = store_sql_stmt(s, STMT_AFFILIATION_CURRENT, err)) == NULL)
            return BZ_STORE;
        bz_sql_bind_int64(st, 1, id);
        bz_sql_bind_int64(st, 2, institution_id);
        store_sql_bind_text(st, 3, o->source);
        bz_sql_bind_int64(st, 4, i == 0);
        if ((status = store_sql_exec(s, st, err)) != BZ_OK)
            return status;
        *gained += bz_sql_changes(st);
    }
    if (r->affiliation_count == 0)
        return BZ_OK; /* the source says nothing: what was current stays */

    st = store_sql_stmt(s, STMT_AFFILIATION_CLEAR_CURRENT, err);
    if (st == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, id);
    store_sql_bind_text(st, 2, o->source);
    bz_sql_bind_int64(st, 3, current);
    if ((status = store_sql_exec(s, st, err)) != BZ_OK)
        return status;
    *gained += bz_sql_changes(st);
    return BZ_OK;
}

/* import_researcher's steps, inside its savepoint. A found record keeps its
 * display name; every name given is kept for search. */
static enum bz_status
store_sql_researcher_record(struct store_sql *s, const void *record,
                               struct bz_import_tally *tally,
                               struct bz_error *err)
{
    const struct bz_researcher_record *r = record;
    struct store_sql_origin o = {r->source, r->source_record};
    enum bz_status status;
    long gained = 0;
    int64_t id;
    int is_new;

    status = store_sql_match(s, STMT_RESEARCHER_FIND, r->ids, r->id_count,
                                &id, err);
    if (status != BZ_OK)
        return status;
    is_new = id == 0;
    if (is_new) {
        status = store_sql_insert_researcher(s, r->display_name, &id, err);
        if (status == BZ_OK)
            status = store_sql_provenance(s, "researcher", id,
                                             "display_name", &o, err);
        if (status != BZ_OK)
            return status;
        tally->new_researchers++;
    }

    status = store_sql_attach_ids(s, &store_sql_researcher_ids, r->ids,
                                     r->id_count, id, &o, &gained, err);
    if (status == BZ_OK)
        status =
            store_sql_add_name(s, id, r->display_name, &o, &gained, err);
    for (size_t i = 0; status == BZ_OK && i < r->alternative_name_count; i++)
        status = store_sql_add_name(s, id, r->alternative_names[i], &o,
                                       &gained, err);
    if (status == BZ_OK)
        status =
            store_sql_add_affiliations(s, &o, r, id, &gained, tally, err);
    if (status == BZ_OK)
        status = store_sql_claims_keep_emails(s, id, r, &gained, err);
    if (status != BZ_OK)
        return status;

    if (!is_new && gained > 0)
        tally->updated_researchers++;
    return BZ_OK;
}

static enum bz_status store_sql_import_researcher(
    struct bz_store *store, const struct bz_researcher_record *record,
    struct bz_import_tally *tally, struct bz_error *err)
{
    enum bz_status status = store_sql_check_researcher(record, err);

    if (status != BZ_OK)
        return status;
    return store_sql_write(store_sql_of(store),
                              store_sql_researcher_record, record, tally,
                              err);
}

/* An institution record names no source of its own: its first id's source,
 * else that id's scheme ("ror"), stands for it. */
static enum bz_status
store_sql_institution_record(struct store_sql *s, const void *record,
                                struct bz_import_tally *tally,
                                struct bz_error *err)
{
    const struct bz_institution_record *inst = record;
    struct store_sql_origin o = {"import", NULL};
    int64_t id;

    if (inst->id_count > 0) {
        o.source = store_sql_blank(inst->ids[0].source)
                       ? inst->ids[0].scheme
                       : inst->ids[0].source;
        o.source_record = inst->ids[0].value;
    }
    return store_sql_resolve_institution(s, &o, inst, &id, tally, err);
}

static enum bz_status store_sql_import_institution(
    struct bz_store *store, const struct bz_institution_record *record,
    struct bz_import_tally *tally, struct bz_error *err)
{
    enum bz_status status =
        store_sql_check_institutions(record, 1, "record", err);

    if (status != BZ_OK)
        return status;
    return store_sql_write(store_sql_of(store),
                              store_sql_institution_record, record, tally,
                              err);
}

/* import_venue's steps: matched on any id, else (when it has none) on its
 * exact name, else created; a found one gains the ids, type and publisher
 * it lacked. */
static enum bz_status store_sql_venue_record(struct store_sql *s,
                                                const void *record,
                                                struct bz_import_tally *tally,
                                                struct bz_error *err)
{
    const struct bz_venue_record *r = record;
    struct store_sql_origin o = {r->source, r->source_record};
    enum bz_status status;
    struct bz_sql_stmt *st;
    long added = 0;
    int64_t id;

    status =
        store_sql_match(s, STMT_VENUE_FIND, r->ids, r->id_count, &id, err);
    if (status == BZ_OK && id == 0 && r->id_count == 0) {
        if ((st = store_sql_stmt(s, STMT_VENUE_BY_NAME, err)) == NULL)
            return BZ_STORE;
        store_sql_bind_text(st, 1, r->display_name);
        status = store_sql_int64(s, st, &id, err);
    }
    if (status != BZ_OK)
        return status;

    if (id == 0) {
        if ((st = store_sql_stmt(s, STMT_VENUE_INSERT, err)) == NULL)
            return BZ_STORE;
        store_sql_bind_text(st, 1, r->display_name);
        store_sql_bind_optional(st, 2, r->type);
        store_sql_bind_optional(st, 3, r->publisher);
        if ((status = store_sql_insert_id(s, st, &id, err)) != BZ_OK)
            return status;
        tally->new_venues++;
        status = store_sql_attach_ids(s, &store_sql_venue_ids, r->ids,
                                         r->id_count, id, &o, &added, err);
        if (status != BZ_OK)
            return status;
        return store_sql_provenance(s, "venue", id, "display_name", &o, err);
    }

    status = store_sql_attach_ids(s, &store_sql_venue_ids, r->ids,
                                     r->id_count, id, &o, &added, err);
    if (status != BZ_OK)
        return status;
    if ((st = store_sql_stmt(s, STMT_VENUE_FILL, err)) == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, id);
    store_sql_bind_optional(st, 2, r->type);
    store_sql_bind_optional(st, 3, r->publisher);
    if ((status = store_sql_exec(s, st, err)) != BZ_OK)
        return status;
    if (added > 0 || bz_sql_changes(st) > 0)
        tally->updated_venues++;
    return BZ_OK;
}

static enum bz_status
store_sql_import_venue(struct bz_store *store,
                          const struct bz_venue_record *record,
                          struct bz_import_tally *tally, struct bz_error *err)
{
    if (store_sql_blank(record->source))
        return bz_error_set(err, BZ_INVALID, "venue has no source");
    if (store_sql_blank(record->display_name))
        return bz_error_set(err, BZ_INVALID, "venue has no name");
    if (store_sql_check_ids(record->ids, record->id_count, "venue", err) !=
        BZ_OK)
        return BZ_INVALID;
    return store_sql_write(store_sql_of(store), store_sql_venue_record,
                              record, tally, err);
}

/* A topic record names no source of its own: its scheme ("openalex",
 * "arxiv") stands for it, and its id for the record. */
static enum bz_status store_sql_topic_record(struct store_sql *s,
                                                const void *record,
                                                struct bz_import_tally *tally,
                                                struct bz_error *err)
{
    const struct bz_topic_record *t = record;
    struct store_sql_origin o = {t->scheme, t->external_id};
    int64_t id;

    return store_sql_resolve_topic_chain(s, &o, t, &id, tally, err);
}

static enum bz_status
store_sql_import_topic(struct bz_store *store,
                          const struct bz_topic_record *record,
                          struct bz_import_tally *tally, struct bz_error *err)
{
    if (store_sql_blank(record->scheme) ||
        store_sql_blank(record->external_id))
        return bz_error_set(err, BZ_INVALID, "topic has no scheme or id");
    for (size_t p = 0; p < record->parent_count; p++)
        if (store_sql_blank(record->parents[p].scheme) ||
            store_sql_blank(record->parents[p].external_id))
            return bz_error_set(err, BZ_INVALID,
                                "topic '%s' has a parent with no scheme or id",
                                record->external_id);
    return store_sql_write(store_sql_of(store), store_sql_topic_record,
                              record, tally, err);
}

/* --- aliases ------------------------------------------------------------- */

/* What an alias's kind names, and where its ids are found. */
struct store_sql_kind {
    char letter; /* 'W', 'R', 'I', 'T' */
    const char *name;
    enum store_sql_stmt_id find; /* ?1 scheme, ?2 value -> the id */
};

static const struct store_sql_kind store_sql_kinds[] = {
    {'W', "work", STMT_WORK_FIND},
    {'R', "researcher", STMT_RESEARCHER_FIND},
    {'I', "institution", STMT_INSTITUTION_FIND},
    {'T', "topic", STMT_TOPIC_FIND},
};

static const struct store_sql_kind *store_sql_kind_of(char letter)
{
    for (size_t i = 0;
         i < sizeof(store_sql_kinds) / sizeof(store_sql_kinds[0]); i++)
        if (store_sql_kinds[i].letter == letter)
            return &store_sql_kinds[i];
    return NULL;
}

/* The record of kind k that (scheme, value) names: the one carrying it,
 * else the one its alias names, and so on for at most
 * STORE_SQL_ALIAS_HOPS aliases, so that a chain of merges is followed
 * and a loop ends. BZ_NOT_FOUND with "no KIND with SCHEME 'VALUE'" when
 * nothing is found. */
static enum bz_status store_sql_find(struct store_sql *s,
                                        const struct store_sql_kind *k,
                                        const char *scheme, const char *value,
                                        int64_t *id, struct bz_error *err)
{
    char kind[2] = {k->letter, '\0'};
    const char *current = value;
    enum bz_status status;
    char *hop = NULL; /* owned: the value an alias led to */

    if (scheme == NULL || value == NULL)
        return bz_error_set(err, BZ_INVALID, "no %s id given", k->name);
    for (int hops = 0;; hops++) {
        struct bz_external_id key = {scheme, current, NULL};
        struct bz_sql_stmt *st;
        const char *next;
        char *copy;
        enum bz_sql_step rc;

        status = store_sql_match(s, k->find, &key, 1, id, err);
        if (status != BZ_OK || *id != 0 || hops == STORE_SQL_ALIAS_HOPS)
            break;
        if ((st = store_sql_stmt(s, STMT_ALIAS_FIND, err)) == NULL) {
            status = BZ_STORE;
            break;
        }
        store_sql_bind_text(st, 1, kind);
        store_sql_bind_text(st, 2, scheme);
        store_sql_bind_text(st, 3, current);
        rc = bz_sql_step(st, err);
        next = rc == BZ_SQL_ROW ? bz_sql_column_text(st, 0, NULL) : NULL;
        copy = next ? strdup(next) : NULL;
        if (rc != BZ_SQL_ROW && rc != BZ_SQL_DONE)
            status = store_sql_unexpected(rc, err);
        else if (next != NULL && copy == NULL)
            status = store_sql_nomem(err);
        store_sql_done(st);
        free(hop);
        hop = copy;
        if (status != BZ_OK || hop == NULL)
            break;
        current = hop;
    }
    free(hop);
    if (status == BZ_OK && *id == 0)
        return bz_error_set(err, BZ_NOT_FOUND, "no %s with %s '%s'", k->name,
                            scheme, value);
    return status;
}

/* add_alias's arguments, for store_sql_write(). */
struct store_sql_alias {
    char kind[2];
    const char *scheme, *old_value, *new_value;
};

static enum bz_status store_sql_alias_record(struct store_sql *s,
                                                const void *record,
                                                struct bz_import_tally *tally,
                                                struct bz_error *err)
{
    const struct store_sql_alias *a = record;
    struct bz_sql_stmt *st = store_sql_stmt(s, STMT_ALIAS_ADD, err);

    (void)tally;
    if (st == NULL)
        return BZ_STORE;
    store_sql_bind_text(st, 1, a->kind);
    store_sql_bind_text(st, 2, a->scheme);
    store_sql_bind_text(st, 3, a->old_value);
    store_sql_bind_text(st, 4, a->new_value);
    return store_sql_exec(s, st, err);
}

static enum bz_status store_sql_add_alias(struct bz_store *store, char kind,
                                             const char *scheme,
                                             const char *old_value,
                                             const char *new_value,
                                             struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    const struct store_sql_kind *k = store_sql_kind_of(kind);
    struct store_sql_alias a = {{kind, '\0'}, scheme, old_value, new_value};
    enum bz_status status;
    int64_t id;

    if (k == NULL)
        return bz_error_set(err, BZ_INVALID, "unknown alias kind '%c'", kind);
    if (store_sql_blank(scheme) || store_sql_blank(old_value) ||
        store_sql_blank(new_value))
        return bz_error_set(err, BZ_INVALID, "%s alias has no scheme or value",
                            k->name);
    if (strcmp(old_value, new_value) == 0)
        return bz_error_set(err, BZ_INVALID, "%s alias of %s '%s' to itself",
                            k->name, scheme, old_value);

    status = store_sql_write(s, store_sql_alias_record, &a, NULL, err);
    if (status != BZ_OK)
        return status;
    return store_sql_find(s, k, scheme, new_value, &id, err);
}
/* --- reads --------------------------------------------------------------- */

static enum bz_status store_sql_counts(struct bz_store *store,
                                          struct bz_store_counts *out,
                                          struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st = store_sql_stmt(s, STMT_COUNTS, err);
    enum bz_status status = BZ_OK;
    enum bz_sql_step rc;

    if (st == NULL)
        return BZ_STORE;
    if ((rc = bz_sql_step(st, err)) == BZ_SQL_ROW) {
        out->researchers = (long)bz_sql_column_int64(st, 0);
        out->works = (long)bz_sql_column_int64(st, 1);
        out->topics = (long)bz_sql_column_int64(st, 2);
        out->institutions = (long)bz_sql_column_int64(st, 3);
    } else {
        status = store_sql_unexpected(rc, err);
    }
    store_sql_done(st);
    return status;
}

static enum bz_status store_sql_researcher_get(struct bz_store *store,
                                                  struct bz_arena *arena,
                                                  int64_t id,
                                                  struct bz_researcher *out,
                                                  struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    enum bz_status status;
    void *rows, *ids;
    size_t count;

    status = store_sql_collect_by(s, STMT_RESEARCHER_GET, id, arena,
                                     sizeof(*out), store_sql_read_researcher,
                                     &rows, &count, err);
    if (status != BZ_OK)
        return status;
    if (count == 0)
        return bz_error_set(err, BZ_NOT_FOUND, "no researcher 'R%lld'",
                            (long long)id);
    *out = *(struct bz_researcher *)rows;

    status = store_sql_collect_by(s, STMT_RESEARCHER_IDS, id, arena,
                                     sizeof(*out->ids), store_sql_read_id,
                                     &ids, &out->id_count, err);
    out->ids = ids;
    return status;
}

static enum bz_status store_sql_researcher_find(struct bz_store *store,
                                                   const char *scheme,
                                                   const char *value,
                                                   int64_t *id,
                                                   struct bz_error *err)
{
    return store_sql_find(store_sql_of(store), store_sql_kind_of('R'),
                             scheme, value, id, err);
}

static enum bz_status store_sql_work_find(struct bz_store *store,
                                             const char *scheme,
                                             const char *value, int64_t *id,
                                             struct bz_error *err)
{
    return store_sql_find(store_sql_of(store), store_sql_kind_of('W'),
                             scheme, value, id, err);
}

/* researcher_list's statement for word_count words, prepared on first use.
 * Only the number of placeholders varies; the words are bound: word i is
 * ?(i + 2), the limit ?(word_count + 2). */
static struct bz_sql_stmt *store_sql_list_stmt(struct store_sql *s,
                                            size_t word_count,
                                            struct bz_error *err)
{
    /* each placeholder number takes at most 2 digits for its "%zu" (3) */
    char sql[sizeof(LIST_HEAD) + STORE_SQL_LIST_WORDS * sizeof(LIST_WORD) +
             sizeof(LIST_TAIL)];
    struct bz_sql_stmt **slot = &s->list_stmts[word_count];
    size_t len = 0;

    if (*slot != NULL) {
        bz_sql_reset(*slot);
        return *slot;
    }
    memcpy(sql, LIST_HEAD, sizeof(LIST_HEAD) - 1);
    len = sizeof(LIST_HEAD) - 1;
    for (size_t i = 0; i < word_count; i++)
        len += (size_t)snprintf(sql + len, sizeof(sql) - len, LIST_WORD, i + 2,
                                i + 2);
    snprintf(sql + len, sizeof(sql) - len, LIST_TAIL, word_count + 2);

    *slot = bz_sql_prepare(s->sql, "list researchers", sql, err);
    return *slot;
}

/* word with LIKE's special characters (%, _ and the escape \) escaped, in
 * arena; NULL when it is full. */
static char *store_sql_like_escape(struct bz_arena *arena, const char *word)
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
static enum bz_status store_sql_researcher_list(
    struct bz_store *store, struct bz_arena *arena, const char *const *words,
    size_t word_count, int64_t after, int limit, struct bz_researcher **out,
    size_t *count, int *more, struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    const char *patterns[STORE_SQL_LIST_WORDS];
    size_t used = 0, rows;
    enum bz_status status;
    struct bz_sql_stmt *st;
    void *items;

    for (size_t i = 0; words && i < word_count; i++) {
        if (used == STORE_SQL_LIST_WORDS)
            break;
        if (words[i] == NULL || words[i][0] == '\0')
            continue;
        patterns[used] = store_sql_like_escape(arena, words[i]);
        if (patterns[used] == NULL)
            return store_sql_nomem(err);
        used++;
    }
    if (limit < 0)
        limit = 0;

    if ((st = store_sql_list_stmt(s, used, err)) == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, after);
    for (size_t i = 0; i < used; i++)
        store_sql_bind_text(st, (int)i + 2, patterns[i]);
    bz_sql_bind_int64(st, (int)used + 2, (int64_t)limit + 1);
    status =
        store_sql_collect(s, st, arena, sizeof(**out),
                             store_sql_read_researcher, &items, &rows, err);
    if (status != BZ_OK)
        return status;

    *out = items;
    *more = rows > (size_t)limit;
    *count = *more ? (size_t)limit : rows;
    return BZ_OK;
}

static enum bz_status
store_sql_researcher_works(struct bz_store *store, struct bz_arena *arena,
                              int64_t id, struct bz_work **out, size_t *count,
                              struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    enum bz_status status;
    struct bz_work *works;
    void *items;

    status = store_sql_collect_by(s, STMT_RESEARCHER_WORKS, id, arena,
                                     sizeof(**out), store_sql_read_work,
                                     &items, count, err);
    if (status != BZ_OK)
        return status;
    works = items;
    for (size_t i = 0; status == BZ_OK && i < *count; i++) {
        status = store_sql_collect_by(
            s, STMT_WORK_IDS, works[i].id, arena, sizeof(*works[i].ids),
            store_sql_read_id, &items, &works[i].id_count, err);
        works[i].ids = items;
    }
    *out = works;
    return status;
}

static enum bz_status
store_sql_researcher_topics(struct bz_store *store, struct bz_arena *arena,
                               int64_t id, struct bz_topic_ref **out,
                               size_t *count, struct bz_error *err)
{
    void *items;
    enum bz_status status = store_sql_collect_by(
        store_sql_of(store), STMT_RESEARCHER_TOPICS, id, arena,
        sizeof(**out), store_sql_read_topic, &items, count, err);

    *out = items;
    return status;
}

static enum bz_status store_sql_researcher_coauthorships(
    struct bz_store *store, struct bz_arena *arena, int64_t id,
    struct bz_coauthorship **out, size_t *count, struct bz_error *err)
{
    void *items;
    enum bz_status status = store_sql_collect_by(
        store_sql_of(store), STMT_RESEARCHER_COAUTHORSHIPS, id, arena,
        sizeof(**out), store_sql_read_coauthorship, &items, count, err);

    *out = items;
    return status;
}

static enum bz_status store_sql_researcher_institutions(
    struct bz_store *store, struct bz_arena *arena, int64_t id,
    struct bz_institution_ref **out, size_t *count, struct bz_error *err)
{
    void *items;
    enum bz_status status = store_sql_collect_by(
        store_sql_of(store), STMT_RESEARCHER_INSTITUTIONS, id, arena,
        sizeof(**out), store_sql_read_institution, &items, count, err);

    *out = items;
    return status;
}

static enum bz_status store_sql_researcher_followers(struct bz_store *store,
                                                        int64_t id, long *total,
                                                        long *verified,
                                                        struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st = store_sql_stmt(s, STMT_RESEARCHER_FOLLOWERS, err);
    enum bz_status status = BZ_OK;
    enum bz_sql_step rc;

    if (st == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, id);
    if ((rc = bz_sql_step(st, err)) == BZ_SQL_ROW) {
        *total = (long)bz_sql_column_int64(st, 0);
        *verified = (long)bz_sql_column_int64(st, 1);
    } else {
        status = store_sql_unexpected(rc, err);
    }
    store_sql_done(st);
    return status;
}

/* The citing and cited works of w that bzpeer knows, and how many
 * references its sources listed. */
static enum bz_status store_sql_work_citations(struct store_sql *s,
                                                  struct bz_arena *arena,
                                                  struct bz_work *w,
                                                  struct bz_error *err)
{
    enum bz_status status;
    struct bz_sql_stmt *st;
    int64_t references;
    void *items;

    status = store_sql_collect_by(
        s, STMT_WORK_CITING, w->id, arena, sizeof(*w->citing),
        store_sql_read_work_ref, &items, &w->citing_count, err);
    w->citing = items;
    if (status != BZ_OK)
        return status;
    status = store_sql_collect_by(
        s, STMT_WORK_CITED, w->id, arena, sizeof(*w->cited),
        store_sql_read_work_ref, &items, &w->cited_count, err);
    w->cited = items;
    if (status != BZ_OK)
        return status;
    if ((st = store_sql_stmt(s, STMT_WORK_REFERENCE_COUNT, err)) == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, w->id);
    status = store_sql_int64(s, st, &references, err);
    w->reference_count = (long)references;
    return status;
}

/* The lists of a work read after its row, each by its own statement on
 * the work's id: where the list and its count go in struct bz_work, its
 * row's size and reader. Export reads the first two only. */
static const struct store_sql_work_part {
    enum store_sql_stmt_id stmt;
    size_t list, count, size;
    store_sql_row_fn *read;
} store_sql_work_parts_read[] = {
#define WORK_PART(stmt, list, count, read)                                     \
    {stmt, offsetof(struct bz_work, list), offsetof(struct bz_work, count),    \
     sizeof(*((struct bz_work *)0)->list), read}
    WORK_PART(STMT_WORK_IDS, ids, id_count, store_sql_read_id),
    WORK_PART(STMT_WORK_AUTHORSHIPS, authorships, authorship_count,
              store_sql_read_authorship),
    WORK_PART(STMT_WORK_TOPICS, topics, topic_count, store_sql_read_work_topic),
    WORK_PART(STMT_WORK_INSTITUTIONS, institutions, institution_count,
              store_sql_read_institution),
    WORK_PART(STMT_WORK_PROVENANCE, provenance, provenance_count,
              store_sql_read_provenance),
    WORK_PART(STMT_WORK_VERSIONS, versions, version_count,
              store_sql_read_version),
#undef WORK_PART
};
#define STORE_SQL_WORK_PARTS                                                   \
    (sizeof(store_sql_work_parts_read) / sizeof(*store_sql_work_parts_read))

/* Reads the first n lists of store_sql_work_parts_read into w. */
static enum bz_status store_sql_work_parts(struct store_sql *s,
                                           struct bz_arena *arena,
                                           struct bz_work *w, size_t n,
                                           struct bz_error *err)
{
    for (size_t i = 0; i < n; i++) {
        const struct store_sql_work_part *p = &store_sql_work_parts_read[i];
        enum bz_status status;
        void *items;

        status = store_sql_collect_by(s, p->stmt, w->id, arena, p->size,
                                      p->read, &items,
                                      (size_t *)((char *)w + p->count), err);
        /* (a pointer to a struct kept in a field of that type) */
        memcpy((char *)w + p->list, &items, sizeof(items));
        if (status != BZ_OK)
            return status;
    }
    return BZ_OK;
}

static enum bz_status store_sql_work_get(struct bz_store *store,
                                            struct bz_arena *arena, int64_t id,
                                            struct bz_work *out,
                                            struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    enum bz_status status;
    void *items;
    size_t count;

    status =
        store_sql_collect_by(s, STMT_WORK_GET, id, arena, sizeof(*out),
                                store_sql_read_work, &items, &count, err);
    if (status != BZ_OK)
        return status;
    if (count == 0)
        return bz_error_set(err, BZ_NOT_FOUND, "no work 'W%lld'",
                            (long long)id);
    *out = *(struct bz_work *)items;
    status = store_sql_work_parts(s, arena, out, STORE_SQL_WORK_PARTS, err);
    if (status != BZ_OK)
        return status;
    return store_sql_work_citations(s, arena, out, err);
}

/* The ids and authorships of each of the count works. */
static enum bz_status store_sql_fill_works(struct store_sql *s,
                                              struct bz_arena *arena,
                                              struct bz_work *works,
                                              size_t count,
                                              struct bz_error *err)
{
    enum bz_status status = BZ_OK;

    for (size_t i = 0; status == BZ_OK && i < count; i++)
        status = store_sql_work_parts(s, arena, &works[i], 2, err);
    return status;
}

static enum bz_status
store_sql_works_page(struct bz_store *store, struct bz_arena *arena,
                        int64_t researcher_id, int64_t after, int limit,
                        struct bz_work **out, size_t *count, int *more,
                        struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    enum bz_status status;
    struct bz_sql_stmt *st;
    size_t rows;
    void *items;

    if (limit < 0)
        limit = 0;
    st = store_sql_stmt(
        s, researcher_id ? STMT_RESEARCHER_WORKS_PAGE : STMT_WORKS_PAGE, err);
    if (st == NULL)
        return BZ_STORE;
    if (researcher_id) {
        bz_sql_bind_int64(st, 1, researcher_id);
        bz_sql_bind_int64(st, 2, after);
        bz_sql_bind_int64(st, 3, (int64_t)limit + 1);
    } else {
        bz_sql_bind_int64(st, 1, after);
        bz_sql_bind_int64(st, 2, (int64_t)limit + 1);
    }
    status = store_sql_collect(s, st, arena, sizeof(**out),
                                  store_sql_read_work, &items, &rows, err);
    if (status != BZ_OK)
        return status;

    *out = items;
    *more = rows > (size_t)limit;
    *count = *more ? (size_t)limit : rows;
    return store_sql_fill_works(s, arena, *out, *count, err);
}

enum bz_status store_sql_works_read(struct store_sql *s,
                                   struct bz_arena *arena,
                                   const int64_t *ids, size_t count,
                                   struct bz_work *out, struct bz_error *err)
{
    enum bz_status status;
    size_t rows;
    void *items;

    for (size_t i = 0; i < count; i++) {
        status = store_sql_collect_by(s, STMT_WORK_GET, ids[i], arena,
                                      sizeof(*out), store_sql_read_work,
                                      &items, &rows, err);
        if (status != BZ_OK)
            return status;
        if (rows == 0)
            return bz_error_set(err, BZ_NOT_FOUND, "no work 'W%lld'",
                                (long long)ids[i]);
        out[i] = *(struct bz_work *)items;
    }
    return store_sql_fill_works(s, arena, out, count, err);
}

/* --- the audit log ------------------------------------------------------- */

static enum bz_status store_sql_audit_record(struct store_sql *s,
                                                const void *record,
                                                struct bz_import_tally *tally,
                                                struct bz_error *err)
{
    const struct bz_audit_entry *e = record;
    struct bz_sql_stmt *st = store_sql_stmt(s, STMT_AUDIT_INSERT, err);
    char at[sizeof("2026-12-03T16:20:00Z")];
    time_t now = time(NULL);
    struct tm utc;

    (void)tally;
    if (st == NULL)
        return BZ_STORE;
    /* the time is the program's, not an engine's function: the two
     * engines' clocks and formats then cannot disagree */
    if (gmtime_r(&now, &utc) == NULL ||
        strftime(at, sizeof(at), "%Y-%m-%dT%H:%M:%SZ", &utc) == 0)
        return bz_error_set(err, BZ_STORE, "store: cannot read the clock");
    store_sql_bind_text(st, 6, at);
    store_sql_bind_text(st, 1, e->actor);
    store_sql_bind_text(st, 2, e->action);
    store_sql_bind_text(st, 3, e->subject);
    store_sql_bind_optional(st, 4, e->detail);
    store_sql_bind_optional(st, 5, e->reason);
    return store_sql_exec(s, st, err);
}

static enum bz_status
store_sql_audit_append(struct bz_store *store,
                          const struct bz_audit_entry *entry,
                          struct bz_error *err)
{
    if (store_sql_blank(entry->actor) || store_sql_blank(entry->action) ||
        store_sql_blank(entry->subject))
        return bz_error_set(err, BZ_INVALID,
                            "audit entry lacks its actor, action or subject");
    return store_sql_write(store_sql_of(store), store_sql_audit_record,
                              entry, NULL, err);
}

static enum bz_status
store_sql_audit_list(struct bz_store *store, struct bz_arena *arena,
                        const char *subject, struct bz_audit_entry **out,
                        size_t *count, struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st = store_sql_stmt(s, STMT_AUDIT_LIST, err);
    enum bz_status status;
    void *items;

    store_sql_bind_text(st, 1, subject);
    status = store_sql_collect(s, st, arena, sizeof(**out),
                                  store_sql_read_audit, &items, count, err);
    *out = items;
    return status;
}

/* --- merging and splitting researchers ----------------------------------- */

/* Whether researcher id exists (*state 0: no; 1: yes; 2: merged), and its
 * claim level. */
static enum bz_status store_sql_researcher_state(struct store_sql *s,
                                                    int64_t id, int *state,
                                                    int *claim_level,
                                                    struct bz_error *err)
{
    struct bz_sql_stmt *st = store_sql_stmt(s, STMT_RESEARCHER_STATE, err);
    enum bz_status status = BZ_OK;
    enum bz_sql_step rc;

    *state = 0;
    *claim_level = 0;
    if (st == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, id);
    rc = bz_sql_step(st, err);
    if (rc == BZ_SQL_ROW) {
        *state = (int)bz_sql_column_int64(st, 0);
        *claim_level = (int)bz_sql_column_int64(st, 1);
    } else if (rc != BZ_SQL_DONE) {
        status = store_sql_unexpected(rc, err);
    }
    store_sql_done(st);
    return status;
}

/* BZ_OK when id names a record that is neither merged nor hidden. */
static enum bz_status store_sql_check_live(struct store_sql *s,
                                              int64_t id, int *claim_level,
                                              struct bz_error *err)
{
    enum bz_status status;
    int state;

    status = store_sql_researcher_state(s, id, &state, claim_level, err);
    if (status != BZ_OK)
        return status;
    if (state == 0)
        return bz_error_set(err, BZ_NOT_FOUND, "no researcher 'R%lld'",
                            (long long)id);
    if (state == 2)
        return bz_error_set(err, BZ_CONFLICT,
                            "researcher 'R%lld' is merged into another "
                            "record already",
                            (long long)id);
    if (state == 3)
        return bz_error_set(err, BZ_GONE,
                            "researcher 'R%lld' is hidden at the request of "
                            "the person it describes",
                            (long long)id);
    return BZ_OK;
}

struct store_sql_merge_args {
    int64_t into, from;
};

static enum bz_status store_sql_merge_record(struct store_sql *s,
                                                const void *record,
                                                struct bz_import_tally *tally,
                                                struct bz_error *err)
{
    static const enum store_sql_stmt_id steps[] = {
        STMT_MERGE_AUTHORSHIPS,
        STMT_MERGE_IDS,
        STMT_MERGE_FORMER_NAME,
        STMT_MERGE_NAMES,
        STMT_MERGE_NAMES_DROP,
        STMT_MERGE_AFFILIATIONS,
        STMT_MERGE_AFFILIATIONS_DROP,
        STMT_MERGE_EMAILS,
        STMT_MERGE_EMAILS_DROP,
        STMT_MERGE_FOLLOWS,
        STMT_MERGE_FOLLOWS_DROP,
        STMT_MERGE_OWNER,
        STMT_MERGE_CLAIM,
        STMT_MERGE_CLAIMS,
        STMT_MERGE_MARK,
    };
    const struct store_sql_merge_args *m = record;
    enum bz_status status;
    int into_claim, from_claim;

    (void)tally;
    if ((status = store_sql_check_live(s, m->into, &into_claim, err)) ||
        (status = store_sql_check_live(s, m->from, &from_claim, err)))
        return status;
    if (into_claim > 0 && from_claim > 0)
        return bz_error_set(err, BZ_CONFLICT,
                            "researchers 'R%lld' and 'R%lld' are both "
                            "claimed: a moderator must settle who owns what",
                            (long long)m->into, (long long)m->from);

    /* the cache may say that an id of from's names from */
    store_sql_forget(s, 0);
    for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
        struct bz_sql_stmt *st = store_sql_stmt(s, steps[i], err);

        if (st == NULL)
            return BZ_STORE;
        bz_sql_bind_int64(st, 1, m->into);
        bz_sql_bind_int64(st, 2, m->from);
        if ((status = store_sql_exec(s, st, err)) != BZ_OK)
            return status;
    }
    return BZ_OK;
}

static enum bz_status store_sql_researcher_merge(struct bz_store *store,
                                                    int64_t into, int64_t from,
                                                    struct bz_error *err)
{
    struct store_sql_merge_args m = {into, from};

    if (into == from)
        return bz_error_set(err, BZ_INVALID,
                            "cannot merge researcher 'R%lld' into itself",
                            (long long)into);
    return store_sql_write(store_sql_of(store), store_sql_merge_record,
                              &m, NULL, err);
}

struct store_sql_split_args {
    int64_t id;
    const int64_t *works;
    size_t count;
    int64_t *new_id;
};

/* How many distinct works the list names. */
static size_t store_sql_distinct(const int64_t *works, size_t count)
{
    size_t n = 0;

    for (size_t i = 0; i < count; i++) {
        size_t k = 0;

        while (k < i && works[k] != works[i])
            k++;
        n += k == i;
    }
    return n;
}

static enum bz_status store_sql_split_record(struct store_sql *s,
                                                const void *record,
                                                struct bz_import_tally *tally,
                                                struct bz_error *err)
{
    const struct store_sql_split_args *a = record;
    enum bz_status status;
    struct bz_sql_stmt *st;
    int64_t has, total;
    int claim;

    (void)tally;
    if ((status = store_sql_check_live(s, a->id, &claim, err)) != BZ_OK)
        return status;
    for (size_t i = 0; i < a->count; i++) {
        if ((st = store_sql_stmt(s, STMT_SPLIT_HAS_WORK, err)) == NULL)
            return BZ_STORE;
        bz_sql_bind_int64(st, 1, a->id);
        bz_sql_bind_int64(st, 2, a->works[i]);
        if ((status = store_sql_int64(s, st, &has, err)) != BZ_OK)
            return status;
        if (!has)
            return bz_error_set(err, BZ_INVALID,
                                "work 'W%lld' is not one of researcher "
                                "'R%lld''s works",
                                (long long)a->works[i], (long long)a->id);
    }
    if ((st = store_sql_stmt(s, STMT_SPLIT_WORK_COUNT, err)) == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, a->id);
    if ((status = store_sql_int64(s, st, &total, err)) != BZ_OK)
        return status;
    if ((int64_t)store_sql_distinct(a->works, a->count) >= total)
        return bz_error_set(err, BZ_INVALID,
                            "splitting every work off researcher 'R%lld' "
                            "would leave it empty",
                            (long long)a->id);

    if ((st = store_sql_stmt(s, STMT_SPLIT_INSERT, err)) == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, a->id);
    if ((status = store_sql_int64(s, st, a->new_id, err)) != BZ_OK)
        return status;
    for (size_t i = 0; i < a->count; i++) {
        if ((st = store_sql_stmt(s, STMT_SPLIT_MOVE, err)) == NULL)
            return BZ_STORE;
        bz_sql_bind_int64(st, 1, a->id);
        bz_sql_bind_int64(st, 2, a->works[i]);
        bz_sql_bind_int64(st, 3, *a->new_id);
        if ((status = store_sql_exec(s, st, err)) != BZ_OK)
            return status;
    }
    return BZ_OK;
}

static enum bz_status
store_sql_researcher_split(struct bz_store *store, int64_t id,
                              const int64_t *works, size_t count,
                              int64_t *new_id, struct bz_error *err)
{
    struct store_sql_split_args a = {id, works, count, new_id};

    *new_id = 0;
    if (count == 0)
        return bz_error_set(err, BZ_INVALID, "no work to split off 'R%lld'",
                            (long long)id);
    return store_sql_write(store_sql_of(store), store_sql_split_record,
                              &a, NULL, err);
}

/* --- opening ------------------------------------------------------------- */

static const struct bz_store_ops store_sql_ops = {
    .name = "sql",
    .close = store_sql_close,
    .begin = store_sql_begin,
    .commit = store_sql_commit,
    .rollback = store_sql_rollback,
    .group_begin = store_sql_group_begin,
    .group_end = store_sql_group_end,
    .group_undo = store_sql_group_undo,
    .group_failed = store_sql_group_failed,
    .import_begin = store_sql_import_begin,
    .import_end = store_sql_import_end,
    .generation = store_sql_generation,
    .import_work = store_sql_import_work,
    .import_researcher = store_sql_import_researcher,
    .import_institution = store_sql_import_institution,
    .import_venue = store_sql_import_venue,
    .import_topic = store_sql_import_topic,
    .add_alias = store_sql_add_alias,
    .works_page = store_sql_works_page,
    .counts = store_sql_counts,
    .researcher_get = store_sql_researcher_get,
    .researcher_find = store_sql_researcher_find,
    .researcher_list = store_sql_researcher_list,
    .researcher_works = store_sql_researcher_works,
    .researcher_topics = store_sql_researcher_topics,
    .researcher_coauthorships = store_sql_researcher_coauthorships,
    .researcher_institutions = store_sql_researcher_institutions,
    .researcher_shared_works = store_sql_researcher_shared_works,
    .researcher_current_institutions =
        store_sql_researcher_current_institutions,
    .researcher_suggestion_candidates =
        store_sql_researcher_suggestion_candidates,
    .topic_get = store_sql_topic_get,
    .topic_find = store_sql_topic_find,
    .topic_works = store_sql_topic_works,
    .topic_researchers = store_sql_topic_researchers,
    .institution_get = store_sql_institution_get,
    .institution_find = store_sql_institution_find,
    .institution_works = store_sql_institution_works,
    .institution_researchers = store_sql_institution_researchers,
    .researcher_followers = store_sql_researcher_followers,
    .work_get = store_sql_work_get,
    .work_find = store_sql_work_find,
    .audit_append = store_sql_audit_append,
    .audit_list = store_sql_audit_list,
    .researcher_merge = store_sql_researcher_merge,
    .researcher_split = store_sql_researcher_split,
    .identity_pending = store_sql_identity_pending,
    .identity_block = store_sql_identity_block,
    .identity_prepare = store_sql_identity_prepare,
    .identity_checked = store_sql_identity_checked,
    .identity_recheck = store_sql_identity_recheck,
    .identity_mark = store_sql_identity_mark,
    .identity_touch = store_sql_identity_touch,
    .account_create = store_sql_account_create,
    .account_get = store_sql_account_get,
    .account_find = store_sql_account_find,
    .account_set_password = store_sql_account_set_password,
    .account_verify_email = store_sql_account_verify_email,
    .account_set_pending_email = store_sql_account_set_pending_email,
    .account_set_role = store_sql_account_set_role,
    .account_delete = store_sql_account_delete,
    .session_create = store_sql_session_create,
    .session_account = store_sql_session_account,
    .session_delete = store_sql_session_delete,
    .api_token_create = store_sql_api_token_create,
    .api_token_list = store_sql_api_token_list,
    .api_token_revoke = store_sql_api_token_revoke,
    .api_token_account = store_sql_api_token_account,
    .throttle_hit = store_sql_throttle_hit,
    .throttle_clear = store_sql_throttle_clear,
    .setting_get = store_sql_setting_get,
    .setting_init = store_sql_setting_init,
    .mail_enqueue = store_sql_mail_enqueue,
    .mail_claim = store_sql_mail_claim,
    .mail_done = store_sql_mail_done,
    .researcher_lock = store_sql_researcher_lock,
    .claim_insert = store_sql_claim_insert,
    .claim_update = store_sql_claim_update,
    .claim_get = store_sql_claim_get,
    .claim_list = store_sql_claim_list,
    .claim_set_owner = store_sql_claim_set_owner,
    .researcher_edit = store_sql_researcher_edit,
    .researcher_names = store_sql_researcher_names,
    .researcher_name_hide = store_sql_researcher_name_hide,
    .researcher_work_flags = store_sql_researcher_work_flags,
    .researcher_work_flag = store_sql_researcher_work_flag,
    .researcher_hide = store_sql_researcher_hide,
    .opt_out_insert = store_sql_opt_out_insert,
    .opt_out_get = store_sql_opt_out_get,
    .opt_out_list = store_sql_opt_out_list,
    .opt_out_update = store_sql_opt_out_update,
    .graph_rows = store_sql_graph_rows,
    .researcher_emails = store_sql_researcher_emails,
    .researcher_homepages = store_sql_researcher_homepages,
    .follow_set = store_sql_follow_set,
    .follow_get = store_sql_follow_get,
    .researcher_owner = store_sql_researcher_owner,
    .topic_name = store_sql_topic_name,
    .invitation_insert = store_sql_invitation_insert,
    .invitation_count_since = store_sql_invitation_count_since,
    .invitation_get = store_sql_invitation_get,
    .invitation_list = store_sql_invitation_list,
    .invitation_set_state = store_sql_invitation_set_state,
    .invitation_decline_from = store_sql_invitation_decline_from,
    .message_insert = store_sql_message_insert,
    .message_list = store_sql_message_list,
    .conversation_mark_read = store_sql_conversation_mark_read,
    .unread_total = store_sql_unread_total,
    .block_set = store_sql_block_set,
    .block_exists = store_sql_block_exists,
    .block_list = store_sql_block_list,
    .report_insert = store_sql_report_insert,
    .report_list = store_sql_report_list,
    .work_signals = store_sql_work_signals,
    .work_react = store_sql_work_react,
    .collection_create = store_sql_collection_create,
    .collection_rename = store_sql_collection_rename,
    .collection_delete = store_sql_collection_delete,
    .collection_list = store_sql_collection_list,
    .collection_get = store_sql_collection_get,
    .collection_item_set = store_sql_collection_item_set,
    .review_insert = store_sql_review_insert,
    .review_update = store_sql_review_update,
    .review_get = store_sql_review_get,
    .review_list = store_sql_review_list,
    .review_report_insert = store_sql_review_report_insert,
    .review_report_list = store_sql_review_report_list,
    .review_report_decide = store_sql_review_report_decide,
    .work_link_insert = store_sql_work_link_insert,
    .work_link_list = store_sql_work_link_list,
    .work_link_delete = store_sql_work_link_delete,
    .account_reactions = store_sql_account_reactions,
    .account_reviews = store_sql_account_reviews,
    .account_following = store_sql_account_following,
    .account_feed = store_sql_account_feed,
    .researcher_feed = store_sql_researcher_feed,
    .digest_set = store_sql_digest_set,
    .digest_get = store_sql_digest_get,
    .digest_due = store_sql_digest_due,
    .digest_claim = store_sql_digest_claim,
};

enum bz_status bz_store_sql_open(struct bz_sql *sql, struct bz_store **out,
                                 struct bz_error *err)
{
    struct store_sql *s;
    enum bz_status status;

    *out = NULL;
    s = calloc(1, sizeof(*s));
    if (s == NULL) {
        bz_sql_close(sql);
        return bz_error_set(err, BZ_NOMEM, "store: out of memory");
    }
    s->base.ops = &store_sql_ops;
    s->sql = sql;
    bz_arena_init(&s->scratch, 0);
    bz_buf_init(&s->copy_rows, 64u << 20);
    s->copy_keep = STORE_SQL_COPY_KEEP;
    bz_citation_runs_init(&s->citation_runs);
    bz_buf_init(&s->spilled_works, 64u << 20);
    bz_buf_init(&s->refs_text, 64u << 20);
    for (size_t i = 0; i < STORE_SQL_BULK_KINDS; i++)
        bz_buf_init(&s->bulk_rows[i], 64u << 20);
    bz_buf_init(&s->bulk_text, 64u << 20);
    bz_buf_init(&s->bulk_works, 64u << 20);
    s->stmts = calloc(STMT_COUNT, sizeof(*s->stmts));
    if (s->stmts == NULL) {
        store_sql_close(&s->base);
        return bz_error_set(err, BZ_NOMEM, "store: out of memory");
    }

    status = store_sql_migrate(s, err);
    if (status != BZ_OK) {
        store_sql_close(&s->base);
        return status;
    }
    *out = &s->base;
    return BZ_OK;
}

struct bz_sql *bz_store_sql_connection(struct bz_store *store)
{
    if (store == NULL || store->ops != &store_sql_ops)
        return NULL;
    return store_sql_of(store)->sql;
}
