/* test_store.c - unit tests of the SQLite store on real files: migrations,
 * import_work's matching (by id, and by title, first author and year) and
 * all-or-nothing rule, the other imports, aliases, and every read. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#include "core/text.h"
#include "store/store.h"
#include "store/sql.h"
#include "store/store_sql.h"

#define N(array) (sizeof(array) / sizeof((array)[0]))

/* One store on a fresh file per test. */
struct fixture {
    char path[PATH_MAX];
    struct bz_store *store;
    struct bz_arena arena;
};

static void unlink_database(const char *path)
{
    char side[PATH_MAX + 8];

    unlink(path);
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
}

/* A new unique file name under BZ_TEST_TMP (or /tmp); the file exists,
 * empty, which SQLite takes as a new database. */
static void temp_path(char *path, size_t size)
{
    const char *dir = getenv("BZ_TEST_TMP");
    int fd;

    if (dir == NULL || dir[0] == '\0')
        dir = "/tmp";
    snprintf(path, size, "%s/test_store_XXXXXX", dir);
    fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    struct bz_error err;

    if (f == NULL)
        return -1;
    temp_path(f->path, sizeof f->path);
    if (bz_store_open(f->path, &f->store, &err) != BZ_OK) {
        fprintf(stderr, "open failed: %s\n", err.message);
        unlink_database(f->path);
        free(f);
        return -1;
    }
    bz_arena_init(&f->arena, 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;

    bz_store_close(f->store);
    unlink_database(f->path);
    bz_arena_release(&f->arena);
    free(f);
    return 0;
}

/* --- direct SQL on the file, for what the store has no operation for --- */

static sqlite3 *sql_open(const char *path)
{
    sqlite3 *db = NULL;

    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    return db;
}

static void sql_exec(const char *path, const char *sql)
{
    sqlite3 *db = sql_open(path);
    char *message = NULL;

    if (sqlite3_exec(db, sql, NULL, NULL, &message) != SQLITE_OK)
        fail_msg("sql '%s' failed: %s", sql, message);
    sqlite3_close(db);
}

/* The integer in the first column of the first row of sql. */
static int64_t sql_int(const char *path, const char *sql)
{
    sqlite3 *db = sql_open(path);
    sqlite3_stmt *st = NULL;
    int64_t value;

    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    value = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return value;
}

/* The text in the first column of the first row of sql, in arena. */
static const char *sql_text(const char *path, struct bz_arena *arena,
                            const char *sql)
{
    sqlite3 *db = sql_open(path);
    sqlite3_stmt *st = NULL;
    const char *value;

    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    value = bz_arena_strdup(arena, (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(db);
    return value;
}

/* --- records and store calls ------------------------------------------ */

/* A record of source with one DOI and the given authors. */
static struct bz_work_record record_of(const char *source, const char *title,
                                       struct bz_external_id *ids,
                                       size_t id_count,
                                       struct bz_author_record *authors,
                                       size_t author_count)
{
    struct bz_work_record r = {
        .source = source,
        .source_record = "rec-1",
        .title = title,
        .open_access = -1,
        .ids = ids,
        .id_count = id_count,
        .authors = authors,
        .author_count = author_count,
    };

    return r;
}

/* Imports r in a transaction of its own; returns import_work's status
 * (the transaction is committed either way, as an importer that skips bad
 * records does). */
static enum bz_status import_into(struct bz_store *store,
                                  const struct bz_work_record *r,
                                  struct bz_import_tally *tally,
                                  struct bz_error *err)
{
    struct bz_error commit_err;
    enum bz_status status;

    memset(tally, 0, sizeof *tally);
    assert_int_equal(store->ops->begin(store, err), BZ_OK);
    status = store->ops->import_work(store, r, tally, err);
    assert_int_equal(store->ops->commit(store, &commit_err), BZ_OK);
    return status;
}

static void import_ok(struct bz_store *store, const struct bz_work_record *r,
                      struct bz_import_tally *tally)
{
    struct bz_error err = {0};

    if (import_into(store, r, tally, &err) != BZ_OK)
        fail_msg("import of '%s' failed: %s", r->title, err.message);
}

static struct bz_store_counts counts_of(struct bz_store *store)
{
    struct bz_store_counts c;
    struct bz_error err;

    assert_int_equal(store->ops->counts(store, &c, &err), BZ_OK);
    return c;
}

static int64_t researcher_by(struct bz_store *store, const char *scheme,
                             const char *value)
{
    struct bz_error err;
    int64_t id = 0;

    if (store->ops->researcher_find(store, scheme, value, &id, &err) != BZ_OK)
        fail_msg("find researcher failed: %s", err.message);
    return id;
}

static int64_t work_by(struct bz_store *store, const char *scheme,
                       const char *value)
{
    struct bz_error err;
    int64_t id = 0;

    if (store->ops->work_find(store, scheme, value, &id, &err) != BZ_OK)
        fail_msg("find work failed: %s", err.message);
    return id;
}

static int has_provenance(const struct bz_work *w, const char *field,
                          const char *source)
{
    for (size_t i = 0; i < w->provenance_count; i++)
        if (strcmp(w->provenance[i].field, field) == 0 &&
            strcmp(w->provenance[i].source, source) == 0)
            return 1;
    return 0;
}

static void assert_tally_zero(const struct bz_import_tally *t)
{
    assert_int_equal(t->new_works, 0);
    assert_int_equal(t->new_researchers, 0);
    assert_int_equal(t->new_topics, 0);
    assert_int_equal(t->new_institutions, 0);
    assert_int_equal(t->updated_works, 0);
    assert_int_equal(t->updated_researchers, 0);
    assert_int_equal(t->updated_topics, 0);
    assert_int_equal(t->updated_institutions, 0);
}

/* The two-author work most tests start from: a DOI, an author with an
 * OpenAlex id, a name-only author. */
static struct bz_external_id base_ids[] = {{"doi", "10.1/deep", NULL}};
static struct bz_external_id ada_ids[] = {{"openalex", "A1", NULL}};
static struct bz_author_record base_authors[] = {
    {.raw_name = "Ada Lovelace", .ids = ada_ids, .id_count = 1},
    {.raw_name = "B. Nameonly"},
};

static struct bz_work_record base_record(void)
{
    struct bz_work_record r =
        record_of("openalex", "Deep nets", base_ids, N(base_ids), base_authors,
                  N(base_authors));

    r.source_record = "W100";
    r.publication_year = 2020;
    r.type = "article";
    return r;
}

/* --- opening ------------------------------------------------------------ */

static void test_open_migrates(void **state)
{
    struct fixture *f = *state;
    struct bz_store_counts c = counts_of(f->store);
    struct bz_error err;
    const char *applied;

    assert_int_equal(sql_int(f->path, "SELECT count(*) FROM schema_migrations"),
                     (int64_t)bz_schema_sqlite_count);
    assert_int_equal(sql_int(f->path, "SELECT max(version) FROM "
                                      "schema_migrations"),
                     (int64_t)bz_schema_sqlite_count);
    assert_int_equal(sql_int(f->path, "SELECT count(*) FROM sqlite_schema "
                                      "WHERE name IN ('researcher', 'work', "
                                      "'provenance', 'follow')"),
                     4);
    assert_string_equal(sql_text(f->path, &f->arena, "PRAGMA journal_mode"),
                        "wal");
    assert_int_equal(c.researchers + c.works + c.topics + c.institutions, 0);

    applied = sql_text(f->path, &f->arena,
                       "SELECT group_concat(version || applied_at) "
                       "FROM schema_migrations");
    bz_store_close(f->store);
    f->store = NULL;
    assert_int_equal(bz_store_open(f->path, &f->store, &err), BZ_OK);
    assert_int_equal(sql_int(f->path, "SELECT count(*) FROM schema_migrations"),
                     (int64_t)bz_schema_sqlite_count);
    assert_string_equal(sql_text(f->path, &f->arena,
                                 "SELECT group_concat(version || applied_at) "
                                 "FROM schema_migrations"),
                        applied);
    assert_string_equal(bz_store_sql_connection(f->store)->driver->name,
                        "sqlite");
}

static void test_open_newer_schema_refused(void **state)
{
    struct fixture *f = *state;
    struct bz_store *other = NULL;
    struct bz_error err;

    sql_exec(f->path, "INSERT INTO schema_migrations VALUES (999, 'later')");
    assert_int_equal(bz_store_open(f->path, &other, &err), BZ_STORE);
    assert_null(other);
    assert_non_null(strstr(err.message, "schema version 999"));
}

static void test_open_urls(void **state)
{
    struct fixture *f = *state;
    char url[PATH_MAX + 16];
    struct bz_store *other = NULL;
    struct bz_error err;

    snprintf(url, sizeof url, "sqlite:%s", f->path);
    assert_int_equal(bz_store_open(url, &other, &err), BZ_OK);
    bz_store_close(other);
    snprintf(url, sizeof url, "sqlite://%s", f->path);
    assert_int_equal(bz_store_open(url, &other, &err), BZ_OK);
    bz_store_close(other);
    bz_store_close(NULL);

    assert_int_equal(bz_store_open("mysql://x", &other, &err), BZ_INVALID);
    assert_null(other);
    assert_string_equal(err.message, "unsupported database url "
                                     "'mysql://x'");
    assert_int_equal(bz_store_open("", &other, &err), BZ_INVALID);
    assert_int_equal(bz_store_open("sqlite:", &other, &err), BZ_INVALID);
    assert_int_equal(bz_store_open("/nonexistent-dir-bz/x.db", &other, &err),
                     BZ_STORE);
    assert_null(other);
    assert_true(strncmp(err.message, "sqlite: open '", 14) == 0);
}

/* Processes opening one new file at once migrate it once, and all succeed.
 * The file is the fixture's, removed first, so that teardown cleans up. */
static void test_open_concurrent_migrates_once(void **state)
{
    struct fixture *f = *state;
    const char *path = f->path;
    pid_t children[8];
    int status;

    bz_store_close(f->store);
    f->store = NULL;
    unlink_database(path); /* none of them finds a file */
    for (size_t i = 0; i < N(children); i++) {
        children[i] = fork();
        assert_true(children[i] >= 0);
        if (children[i] == 0) {
            struct bz_store *store = NULL;
            struct bz_error err;

            if (bz_store_open(path, &store, &err) != BZ_OK) {
                fprintf(stderr, "child open failed: %s\n", err.message);
                _exit(1);
            }
            bz_store_close(store);
            _exit(0);
        }
    }
    for (size_t i = 0; i < N(children); i++) {
        assert_int_equal(waitpid(children[i], &status, 0), children[i]);
        assert_true(WIFEXITED(status));
        assert_int_equal(WEXITSTATUS(status), 0);
    }
    assert_int_equal(sql_int(path, "SELECT count(*) FROM schema_migrations"),
                     (int64_t)bz_schema_sqlite_count);
}

/* --- import_work -------------------------------------------------------- */

static void test_import_new_work(void **state)
{
    struct fixture *f = *state;
    struct bz_work_record r = base_record();
    struct bz_store_counts c;
    struct bz_import_tally t;
    struct bz_researcher ada, bob;
    struct bz_error err;
    struct bz_work w;
    int64_t wid;

    import_ok(f->store, &r, &t);
    assert_int_equal(t.new_works, 1);
    assert_int_equal(t.new_researchers, 2);
    assert_int_equal(t.updated_works, 0);
    c = counts_of(f->store);
    assert_int_equal(c.works, 1);
    assert_int_equal(c.researchers, 2);

    wid = work_by(f->store, "doi", "10.1/deep");
    assert_int_equal(wid, 1);
    assert_int_equal(
        f->store->ops->work_get(f->store, &f->arena, wid, &w, &err), BZ_OK);
    assert_string_equal(w.title, "Deep nets");
    assert_string_equal(w.slug, "deep-nets");
    assert_null(w.abstract);
    assert_int_equal(w.publication_year, 2020);
    assert_string_equal(w.type, "article");
    assert_int_equal(w.open_access, -1);
    assert_int_equal(w.id_count, 1);
    assert_string_equal(w.ids[0].source, "openalex");
    assert_int_equal(w.authorship_count, 2);
    assert_int_equal(w.authorships[0].position, 1);
    assert_string_equal(w.authorships[0].raw_name, "Ada Lovelace");
    assert_string_equal(w.authorships[0].researcher_slug, "ada-lovelace");
    assert_int_equal(w.authorships[1].position, 2);
    assert_string_equal(w.authorships[1].researcher_name, "B. Nameonly");
    assert_true(has_provenance(&w, "title", "openalex"));
    assert_true(has_provenance(&w, "doi", "openalex"));
    assert_true(has_provenance(&w, "publication_year", "openalex"));
    assert_false(has_provenance(&w, "abstract", "openalex"));
    assert_string_equal(w.provenance[0].record, "W100");

    assert_int_equal(f->store->ops->researcher_get(
                         f->store, &f->arena,
                         researcher_by(f->store, "openalex", "A1"), &ada, &err),
                     BZ_OK);
    assert_string_equal(ada.display_name, "Ada Lovelace");
    assert_int_equal(ada.has_source_id, 1);
    assert_int_equal(ada.work_count, 1);
    assert_int_equal(ada.open_to_collaborate, 1);
    assert_int_equal(ada.claim_level, 0);
    assert_int_equal(ada.merged_into, 0);
    assert_null(ada.affiliation);
    assert_int_equal(ada.affiliation_imported, 0);
    assert_int_equal(ada.id_count, 1);
    assert_string_equal(ada.ids[0].value, "A1");

    assert_int_equal(
        f->store->ops->researcher_get(
            f->store, &f->arena, w.authorships[1].researcher_id, &bob, &err),
        BZ_OK);
    assert_int_equal(bob.has_source_id, 0);
    assert_int_equal(bob.id_count, 0);
    assert_string_equal(bob.slug, "b-nameonly");
}

static void test_import_again_changes_nothing(void **state)
{
    struct fixture *f = *state;
    struct bz_work_record r = base_record();
    struct bz_store_counts before, after;
    struct bz_import_tally t;

    import_ok(f->store, &r, &t);
    before = counts_of(f->store);
    import_ok(f->store, &r, &t);
    assert_tally_zero(&t);
    after = counts_of(f->store);
    assert_memory_equal(&before, &after, sizeof before);
    assert_int_equal(sql_int(f->path, "SELECT count(*) FROM authorship"), 2);
}

static void test_import_merges_second_source(void **state)
{
    struct fixture *f = *state;
    struct bz_work_record first = base_record();
    struct bz_external_id ids[] = {{"arxiv", "2001.00001", NULL},
                                   {"doi", "10.1/deep", NULL}};
    struct bz_author_record authors[] = {{.raw_name = "Ada Lovelace"}};
    struct bz_work_record second =
        record_of("arxiv", "Deep nets", ids, N(ids), authors, N(authors));
    struct bz_import_tally t;
    struct bz_error err;
    struct bz_work w;

    second.abstract = "We study deep nets.";
    second.publication_year = 2019; /* disagrees: dropped */
    import_ok(f->store, &first, &t);
    import_ok(f->store, &second, &t);
    assert_int_equal(t.new_works, 0);
    assert_int_equal(t.updated_works, 1);
    assert_int_equal(t.new_researchers, 0);
    assert_int_equal(counts_of(f->store).works, 1);
    assert_int_equal(counts_of(f->store).researchers, 2);

    assert_int_equal(work_by(f->store, "arxiv", "2001.00001"), 1);
    assert_int_equal(f->store->ops->work_get(f->store, &f->arena, 1, &w, &err),
                     BZ_OK);
    assert_int_equal(w.id_count, 2);
    assert_string_equal(w.ids[0].scheme, "arxiv"); /* ordered by scheme */
    assert_string_equal(w.ids[0].source, "arxiv");
    assert_string_equal(w.ids[1].scheme, "doi");
    assert_string_equal(w.abstract, "We study deep nets.");
    assert_int_equal(w.publication_year, 2020);
    assert_true(has_provenance(&w, "doi", "openalex"));
    assert_true(has_provenance(&w, "doi", "arxiv"));
    assert_true(has_provenance(&w, "arxiv", "arxiv"));
    assert_true(has_provenance(&w, "title", "arxiv"));
    assert_true(has_provenance(&w, "abstract", "arxiv"));
    assert_false(has_provenance(&w, "publication_year", "arxiv"));
    assert_int_equal(w.authorship_count, 2);
    for (size_t i = 1; i < w.provenance_count; i++) /* field, source */
        assert_true(
            strcmp(w.provenance[i - 1].field, w.provenance[i].field) < 0 ||
            (strcmp(w.provenance[i - 1].field, w.provenance[i].field) == 0 &&
             strcmp(w.provenance[i - 1].source, w.provenance[i].source) < 0));

    import_ok(f->store, &second, &t); /* and again: nothing new */
    assert_tally_zero(&t);
}

static void test_import_empty_title_stores_nothing(void **state)
{
    struct fixture *f = *state;
    struct bz_work_record r = base_record();
    struct bz_store_counts c;
    struct bz_import_tally t;
    struct bz_error err;

    r.title = "";
    assert_int_equal(import_into(f->store, &r, &t, &err), BZ_INVALID);
    assert_string_equal(err.message, "work has no title");
    assert_tally_zero(&t);
    r.title = "  ";
    assert_int_equal(import_into(f->store, &r, &t, &err), BZ_INVALID);
    r.title = "Fine";
    r.source = NULL;
    assert_int_equal(import_into(f->store, &r, &t, &err), BZ_INVALID);
    assert_string_equal(err.message, "work has no source");

    c = counts_of(f->store);
    assert_int_equal(c.works + c.researchers + c.topics + c.institutions, 0);
    assert_int_equal(sql_int(f->path, "SELECT count(*) FROM researcher_id"), 0);
}

/* A failure half-way (here forced by a trigger on the fourth step) leaves
 * nothing of the record, and the transaction goes on. */
static void test_import_failure_rolls_back_record(void **state)
{
    struct fixture *f = *state;
    struct bz_institution_record inst = {.display_name = "MIT"};
    struct bz_author_record authors[] = {
        {.raw_name = "Ada Lovelace",
         .ids = ada_ids,
         .id_count = 1,
         .institutions = &inst,
         .institution_count = 1},
    };
    struct bz_topic_record topic = {
        .scheme = "openalex", .external_id = "boom", .display_name = "Boom"};
    struct bz_work_record bad = record_of("openalex", "Doomed", base_ids,
                                          N(base_ids), authors, N(authors));
    struct bz_work_record good = base_record();
    struct bz_import_tally t = {0};
    struct bz_store_counts c;
    struct bz_error err;

    sql_exec(f->path, "CREATE TRIGGER boom BEFORE INSERT ON topic "
                      "WHEN NEW.external_id = 'boom' "
                      "BEGIN SELECT RAISE(ABORT, 'boom'); END");
    bad.topics = &topic;
    bad.topic_count = 1;

    assert_int_equal(f->store->ops->begin(f->store, &err), BZ_OK);
    assert_int_equal(f->store->ops->import_work(f->store, &bad, &t, &err),
                     BZ_STORE);
    assert_string_equal(err.message, "sqlite: insert topic failed: boom");
    assert_tally_zero(&t);
    assert_int_equal(f->store->ops->import_work(f->store, &good, &t, &err),
                     BZ_OK);
    assert_int_equal(f->store->ops->commit(f->store, &err), BZ_OK);

    c = counts_of(f->store);
    assert_int_equal(c.works, 1);
    assert_int_equal(c.researchers, 2);
    assert_int_equal(c.institutions, 0);
    assert_int_equal(c.topics, 0);
    assert_int_equal(sql_int(f->path, "SELECT count(*) FROM work "
                                      "WHERE title = 'Doomed'"),
                     0);
    assert_int_equal(sql_int(f->path, "SELECT count(*) FROM provenance "
                                      "WHERE entity = 'institution'"),
                     0);
}

static void test_import_rollback_and_autocommit(void **state)
{
    struct fixture *f = *state;
    struct bz_work_record r = base_record();
    struct bz_import_tally t = {0};
    struct bz_error err;
    uint64_t g1, g2;

    assert_int_equal(f->store->ops->begin(f->store, &err), BZ_OK);
    assert_int_equal(f->store->ops->import_work(f->store, &r, &t, &err), BZ_OK);
    assert_int_equal(f->store->ops->rollback(f->store, &err), BZ_OK);
    assert_int_equal(counts_of(f->store).works, 0);
    /* nothing open: nothing to undo */
    assert_int_equal(f->store->ops->rollback(f->store, &err), BZ_OK);

    /* outside a transaction the import commits on its own */
    assert_int_equal(f->store->ops->generation(f->store, &g1, &err), BZ_OK);
    assert_int_equal(f->store->ops->import_work(f->store, &r, NULL, &err),
                     BZ_OK);
    assert_int_equal(f->store->ops->generation(f->store, &g2, &err), BZ_OK);
    assert_true(g1 != g2);
    assert_int_equal(sql_int(f->path, "SELECT count(*) FROM work"), 1);
}

static void test_import_author_matched_by_id(void **state)
{
    struct fixture *f = *state;
    struct bz_work_record first = base_record();
    struct bz_external_id ids[] = {{"doi", "10.1/other", NULL}};
    struct bz_external_id ada_more[] = {{"orcid", "0000-0001-0000-0001", NULL},
                                        {"openalex", "A1", NULL}};
    struct bz_author_record authors[] = {
        {.raw_name = "A. Lovelace", .ids = ada_more, .id_count = 2},
        {.raw_name = "B. Nameonly"},
    };
    struct bz_work_record second =
        record_of("openalex", "Other", ids, N(ids), authors, N(authors));
    struct bz_import_tally t;
    struct bz_researcher ada;
    struct bz_error err;

    import_ok(f->store, &first, &t);
    import_ok(f->store, &second, &t);
    assert_int_equal(t.new_works, 1);
    assert_int_equal(t.new_researchers, 1); /* the name-only author, again */
    assert_int_equal(t.updated_researchers, 1);
    assert_int_equal(researcher_by(f->store, "orcid", "0000-0001-0000-0001"),
                     researcher_by(f->store, "openalex", "A1"));
    assert_int_equal(f->store->ops->researcher_get(
                         f->store, &f->arena,
                         researcher_by(f->store, "openalex", "A1"), &ada, &err),
                     BZ_OK);
    assert_int_equal(ada.work_count, 2);
    assert_int_equal(ada.id_count, 2);
    assert_string_equal(ada.ids[0].scheme, "openalex");
    assert_string_equal(ada.ids[1].scheme, "orcid");
    assert_int_equal(counts_of(f->store).researchers, 3);
}

/* --- reads -------------------------------------------------------------- */

static void test_researcher_works_order(void **state)
{
    struct fixture *f = *state;
    static const struct {
        const char *title, *doi;
        int year;
    } works[] = {
        {"Zeta", "10.1/z", 2019},
        {"Beta study", "10.1/b", 2020},
        {"Aardvark", "10.1/a", 0},
        {"alpha study", "10.1/al", 2020},
    };
    static const char *const expected[] = {"alpha study", "Beta study", "Zeta",
                                           "Aardvark"};
    struct bz_import_tally t;
    struct bz_work *list;
    struct bz_error err;
    size_t count;

    for (size_t i = 0; i < N(works); i++) {
        struct bz_external_id ids[] = {{"doi", works[i].doi, NULL}};
        struct bz_author_record authors[] = {
            {.raw_name = "Ada Lovelace", .ids = ada_ids, .id_count = 1}};
        struct bz_work_record r =
            record_of("openalex", works[i].title, ids, 1, authors, 1);

        r.publication_year = works[i].year;
        import_ok(f->store, &r, &t);
    }
    assert_int_equal(f->store->ops->researcher_works(f->store, &f->arena, 1,
                                                     &list, &count, &err),
                     BZ_OK);
    assert_int_equal(count, N(expected));
    for (size_t i = 0; i < count; i++) {
        assert_string_equal(list[i].title, expected[i]);
        assert_int_equal(list[i].id_count, 1);
        assert_string_equal(list[i].ids[0].scheme, "doi");
        assert_null(list[i].authorships);
    }
    assert_int_equal(list[3].publication_year, 0);

    assert_int_equal(f->store->ops->researcher_works(f->store, &f->arena, 99,
                                                     &list, &count, &err),
                     BZ_OK);
    assert_int_equal(count, 0);
}

static void test_researcher_topics_with_parents(void **state)
{
    struct fixture *f = *state;
    struct bz_topic_record field = {.scheme = "openalex",
                                    .external_id = "F17",
                                    .display_name = "Computer science",
                                    .level = "field"};
    struct bz_topic_record deep = {.scheme = "openalex",
                                   .external_id = "T1",
                                   .display_name = "Deep learning",
                                   .level = "topic",
                                   .score = 0.9,
                                   .parents = &field,
                                   .parent_count = 1};
    struct bz_topic_record optim = {.scheme = "openalex",
                                    .external_id = "T2",
                                    .display_name = "Optimisation",
                                    .level = "topic",
                                    .score = 0.5,
                                    .parents = &field,
                                    .parent_count = 1};
    struct bz_topic_record both[2];
    struct bz_work_record first = base_record();
    struct bz_external_id ids[] = {{"doi", "10.1/two", NULL}};
    struct bz_work_record second =
        record_of("openalex", "Two", ids, 1, base_authors, 1);
    struct bz_import_tally t;
    struct bz_topic_ref *topics;
    struct bz_error err;
    struct bz_work w;
    size_t count;

    first.topics = &deep;
    first.topic_count = 1;
    import_ok(f->store, &first, &t);
    assert_int_equal(t.new_topics, 2);
    assert_int_equal(sql_int(f->path, "SELECT t.parent_id = p.id "
                                      "FROM topic t, topic p "
                                      "WHERE t.external_id = 'T1' "
                                      "AND p.external_id = 'F17'"),
                     1);
    assert_int_equal(sql_int(f->path, "SELECT count(*) FROM topic "
                                      "WHERE external_id = 'F17' "
                                      "AND parent_id IS NULL"),
                     1);

    both[0] = optim;
    both[1] = deep;
    second.topics = both;
    second.topic_count = 2;
    import_ok(f->store, &second, &t);
    assert_int_equal(t.new_topics, 1);
    assert_int_equal(counts_of(f->store).topics, 3);

    assert_int_equal(f->store->ops->researcher_topics(f->store, &f->arena, 1,
                                                      &topics, &count, &err),
                     BZ_OK);
    assert_int_equal(count, 2);
    assert_string_equal(topics[0].display_name, "Deep learning");
    assert_int_equal(topics[0].works, 2);
    assert_string_equal(topics[0].external_id, "T1");
    assert_string_equal(topics[1].display_name, "Optimisation");
    assert_int_equal(topics[1].works, 1);

    assert_int_equal(f->store->ops->work_get(f->store, &f->arena, 2, &w, &err),
                     BZ_OK);
    assert_int_equal(w.topic_count, 2);
    assert_string_equal(w.topics[0].display_name, "Deep learning"); /* score */
    assert_string_equal(w.topics[0].scheme, "openalex");
    assert_string_equal(w.topics[0].source, "openalex");
    assert_true(w.topics[0].score > 0.89 && w.topics[0].score < 0.91);
}

static void test_assigned_topic_has_its_own_source(void **state)
{
    struct fixture *f = *state;
    struct bz_topic_record assigned = {.scheme = "openalex",
                                       .external_id = "T7",
                                       .display_name = "Tensor methods",
                                       .level = "topic",
                                       .score = 0.42,
                                       .source = "bzpeer"};
    struct bz_external_id ids[] = {{"doi", "10.1/tensor", NULL}};
    struct bz_work_record r =
        record_of("crossref", "Tensors", ids, 1, base_authors, 1);
    struct bz_import_tally t;
    struct bz_error err;
    struct bz_work w;

    r.topics = &assigned;
    r.topic_count = 1;
    import_ok(f->store, &r, &t);
    assert_int_equal(f->store->ops->work_get(f->store, &f->arena, 1, &w, &err),
                     BZ_OK);
    assert_int_equal(w.topic_count, 1);
    assert_string_equal(w.topics[0].source, "bzpeer");
    assert_true(w.topics[0].score > 0.41 && w.topics[0].score < 0.43);

    /* A link stored before migration 14, under the work's source, is
     * relabelled when the store opens; an arXiv one is not. */
    sql_exec(f->path, "UPDATE work_topic SET source = 'crossref'");
    sql_exec(f->path, "INSERT INTO topic (scheme, external_id, display_name) "
                      "VALUES ('arxiv', 'cs.LG', 'cs.LG')");
    sql_exec(f->path, "INSERT INTO work_topic (work_id, topic_id, score, "
                      "source) SELECT 1, id, 0, 'arxiv' FROM topic "
                      "WHERE external_id = 'cs.LG'");
    sql_exec(f->path, "DELETE FROM schema_migrations WHERE version = 14");
    bz_store_close(f->store);
    f->store = NULL;
    assert_int_equal(bz_store_open(f->path, &f->store, &err), BZ_OK);
    assert_string_equal(sql_text(f->path, &f->arena,
                                 "SELECT group_concat(source, ',') FROM "
                                 "(SELECT source FROM work_topic "
                                 "ORDER BY source)"),
                        "arxiv,bzpeer");
}

static void test_researcher_coauthorships(void **state)
{
    struct fixture *f = *state;
    struct bz_external_id grace_ids[] = {{"openalex", "A2", NULL}};
    struct bz_author_record three[] = {
        {.raw_name = "Ada Lovelace", .ids = ada_ids, .id_count = 1},
        {.raw_name = "Grace Hopper", .ids = grace_ids, .id_count = 1},
        {.raw_name = "C. Nameonly"},
    };
    struct bz_external_id ids1[] = {{"doi", "10.1/c1", NULL}};
    struct bz_external_id ids2[] = {{"doi", "10.1/c2", NULL}};
    struct bz_work_record w1 = record_of("openalex", "One", ids1, 1, three, 3);
    struct bz_work_record w2 = record_of("openalex", "Two", ids2, 1, three, 2);
    struct bz_import_tally t;
    struct bz_coauthorship *rows;
    struct bz_error err;
    int64_t ada, grace;
    size_t count;

    import_ok(f->store, &w1, &t);
    import_ok(f->store, &w2, &t);
    ada = researcher_by(f->store, "openalex", "A1");
    grace = researcher_by(f->store, "openalex", "A2");

    assert_int_equal(f->store->ops->researcher_coauthorships(
                         f->store, &f->arena, ada, &rows, &count, &err),
                     BZ_OK);
    assert_int_equal(count, 3);
    assert_int_equal(rows[0].work_id, 1);
    assert_int_equal(rows[0].coauthor_id, grace);
    assert_string_equal(rows[0].coauthor_name, "Grace Hopper");
    assert_string_equal(rows[0].coauthor_slug, "grace-hopper");
    assert_int_equal(rows[0].coauthor_has_source_id, 1);
    assert_int_equal(rows[0].author_count, 3);
    assert_int_equal(rows[1].work_id, 1);
    assert_string_equal(rows[1].coauthor_name, "C. Nameonly");
    assert_int_equal(rows[1].coauthor_has_source_id, 0);
    assert_int_equal(rows[1].coauthor_claim_level, 0);
    assert_int_equal(rows[2].work_id, 2);
    assert_int_equal(rows[2].coauthor_id, grace);
    assert_int_equal(rows[2].author_count, 2);
}

static void test_researcher_list_words_and_paging(void **state)
{
    struct fixture *f = *state;
    struct bz_external_id jose_ids[] = {{"orcid", "0000-0002-0000-0002", NULL}};
    struct bz_author_record authors[] = {
        {.raw_name = "J. Suárez",
         .display_name = "José Suárez",
         .ids = jose_ids,
         .id_count = 1},
        {.raw_name = "Ana Suarez-Lopez"},
        {.raw_name = "Bob Stone"},
        {.raw_name = "Isuarez Notaprefix"},
    };
    struct bz_work_record r =
        record_of("openalex", "Names", base_ids, 1, authors, N(authors));
    struct bz_researcher *list;
    struct bz_import_tally t;
    struct bz_error err;
    char *words[8];
    size_t count, n;
    int more;

    import_ok(f->store, &r, &t);

    n = bz_text_split_words(&f->arena, "suarez", words, 8);
    assert_int_equal(f->store->ops->researcher_list(
                         f->store, &f->arena, (const char *const *)words, n, 0,
                         10, &list, &count, &more, &err),
                     BZ_OK);
    assert_int_equal(count, 2);
    assert_int_equal(more, 0);
    assert_string_equal(list[0].display_name, "José Suárez");
    assert_string_equal(list[0].slug, "jose-suarez");
    assert_int_equal(list[0].has_source_id, 1);
    assert_int_equal(list[0].work_count, 1);
    assert_int_equal(list[0].id_count, 0);
    assert_null(list[0].ids);
    assert_string_equal(list[1].display_name, "Ana Suarez-Lopez");

    n = bz_text_split_words(&f->arena, "JOSÉ suar", words, 8);
    assert_int_equal(f->store->ops->researcher_list(
                         f->store, &f->arena, (const char *const *)words, n, 0,
                         10, &list, &count, &more, &err),
                     BZ_OK);
    assert_int_equal(count, 1);
    assert_string_equal(list[0].display_name, "José Suárez");

    words[0] = "su%";
    assert_int_equal(f->store->ops->researcher_list(
                         f->store, &f->arena, (const char *const *)words, 1, 0,
                         10, &list, &count, &more, &err),
                     BZ_OK);
    assert_int_equal(count, 0);
    words[0] = "s_arez";
    assert_int_equal(f->store->ops->researcher_list(
                         f->store, &f->arena, (const char *const *)words, 1, 0,
                         10, &list, &count, &more, &err),
                     BZ_OK);
    assert_int_equal(count, 0);

    /* paging, all names */
    assert_int_equal(f->store->ops->researcher_list(f->store, &f->arena, NULL,
                                                    0, 0, 3, &list, &count,
                                                    &more, &err),
                     BZ_OK);
    assert_int_equal(count, 3);
    assert_int_equal(more, 1);
    assert_true(list[0].id < list[1].id && list[1].id < list[2].id);
    assert_int_equal(f->store->ops->researcher_list(f->store, &f->arena, NULL,
                                                    0, list[2].id, 3, &list,
                                                    &count, &more, &err),
                     BZ_OK);
    assert_int_equal(count, 1);
    assert_int_equal(more, 0);
    assert_string_equal(list[0].display_name, "Isuarez Notaprefix");

    /* a merged record is left out of lists and counts, not out of get */
    sql_exec(f->path, "UPDATE researcher SET merged_into = 1 "
                      "WHERE display_name = 'Bob Stone'");
    assert_int_equal(f->store->ops->researcher_list(f->store, &f->arena, NULL,
                                                    0, 0, 10, &list, &count,
                                                    &more, &err),
                     BZ_OK);
    assert_int_equal(count, 3);
    assert_int_equal(counts_of(f->store).researchers, 3);
    {
        struct bz_researcher bob;

        assert_int_equal(
            f->store->ops->researcher_get(f->store, &f->arena, 3, &bob, &err),
            BZ_OK);
        assert_int_equal(bob.merged_into, 1);
    }
}

static void test_researcher_followers(void **state)
{
    struct fixture *f = *state;
    struct bz_work_record r = base_record();
    struct bz_import_tally t;
    struct bz_error err;
    long total = -1, verified = -1;

    import_ok(f->store, &r, &t);
    assert_int_equal(f->store->ops->researcher_followers(f->store, 1, &total,
                                                         &verified, &err),
                     BZ_OK);
    assert_int_equal(total, 0);
    assert_int_equal(verified, 0);

    sql_exec(f->path, "INSERT INTO account (id, email, email_verified) VALUES "
                      "(1, 'a@x.org', 1), (2, 'b@x.org', 0);"
                      "INSERT INTO follow (account_id, researcher_id) VALUES "
                      "(1, 1), (2, 1);");
    assert_int_equal(f->store->ops->researcher_followers(f->store, 1, &total,
                                                         &verified, &err),
                     BZ_OK);
    assert_int_equal(total, 2);
    assert_int_equal(verified, 1);

    sql_exec(f->path,
             "INSERT INTO account (id, email, email_verified, "
             "owns_researcher_id) VALUES (3, 'owner@x.org', 1, 1);"
             "INSERT INTO follow (account_id, researcher_id) VALUES (3, 1);");
    assert_int_equal(f->store->ops->researcher_followers(f->store, 1, &total,
                                                         &verified, &err),
                     BZ_OK);
    assert_int_equal(total, 2); /* the owner's own follow counts nowhere */
    assert_int_equal(verified, 1);
}

static void test_institutions_and_affiliation(void **state)
{
    struct fixture *f = *state;
    struct bz_external_id mit_ids[] = {{"ror", "042nb2s44", NULL}};
    struct bz_external_id stanford_ids[] = {{"ror", "00f54p054", NULL}};
    struct bz_institution_record mit = {.display_name = "MIT",
                                        .ids = mit_ids,
                                        .id_count = 1,
                                        .country_code = "US"};
    struct bz_institution_record stanford = {
        .display_name = "Stanford", .ids = stanford_ids, .id_count = 1};
    struct bz_institution_record lab = {.display_name = "Lab X"};
    static const struct {
        const char *doi;
        int year;
        int which; /* 0 MIT, 1 Stanford */
    } works[] = {
        {"10.1/i1", 2019, 0}, {"10.1/i2", 2021, 1}, {"10.1/i3", 2018, 0}};
    struct bz_institution_ref *insts;
    struct bz_import_tally t;
    struct bz_researcher ada;
    struct bz_error err;
    struct bz_work w;
    size_t count;

    for (size_t i = 0; i < N(works); i++) {
        struct bz_institution_record two[2] = {works[i].which ? stanford : mit,
                                               lab};
        struct bz_external_id ids[] = {{"doi", works[i].doi, NULL}};
        struct bz_author_record authors[] = {{.raw_name = "Ada Lovelace",
                                              .ids = ada_ids,
                                              .id_count = 1,
                                              .institutions = two,
                                              .institution_count = 2}};
        struct bz_work_record r =
            record_of("openalex", works[i].doi, ids, 1, authors, 1);

        r.publication_year = works[i].year;
        import_ok(f->store, &r, &t);
    }
    assert_int_equal(counts_of(f->store).institutions, 3);

    assert_int_equal(
        f->store->ops->researcher_get(f->store, &f->arena, 1, &ada, &err),
        BZ_OK);
    assert_string_equal(ada.affiliation, "Stanford");
    assert_int_equal(ada.affiliation_imported, 1);

    assert_int_equal(f->store->ops->researcher_institutions(
                         f->store, &f->arena, 1, &insts, &count, &err),
                     BZ_OK);
    assert_int_equal(count, 3);
    assert_string_equal(insts[0].display_name, "Lab X"); /* 3 works */
    assert_string_equal(insts[1].display_name, "MIT");   /* 2 works */
    assert_string_equal(insts[1].country_code, "US");
    assert_string_equal(insts[2].display_name, "Stanford");
    assert_int_equal(sql_int(f->path, "SELECT first_year * 10000 + last_year "
                                      "FROM affiliation a JOIN institution i "
                                      "ON i.id = a.institution_id "
                                      "WHERE i.display_name = 'MIT'"),
                     20182019);

    assert_int_equal(f->store->ops->work_get(f->store, &f->arena, 1, &w, &err),
                     BZ_OK);
    assert_int_equal(w.institution_count, 2);
    assert_string_equal(w.institutions[0].display_name, "MIT");
    assert_string_equal(w.institutions[1].display_name, "Lab X");
}

/* An affiliation met again widens its years; a year it already spans, or
 * none, leaves it as it was. */
static void test_affiliation_years_widen(void **state)
{
    struct fixture *f = *state;
    struct bz_external_id ada_ids[] = {{"orcid", "0000-0001-0000-0001", NULL}};
    struct bz_institution_record lab = {.display_name = "Lab X"};
    static const struct {
        const char *doi;
        int year; /* 0: none */
        long want; /* first_year * 10000 + last_year; -1: both NULL */
    } steps[] = {{"10.1/y0", 0, -1},        {"10.1/y1", 2020, 20202020},
                 {"10.1/y2", 2019, 20192020}, {"10.1/y3", 2020, 20192020},
                 {"10.1/y4", 0, 20192020},  {"10.1/y5", 2023, 20192023}};
    struct bz_import_tally t;

    for (size_t i = 0; i < N(steps); i++) {
        struct bz_external_id ids[] = {{"doi", steps[i].doi, NULL}};
        struct bz_author_record authors[] = {{.raw_name = "Ada Lovelace",
                                              .ids = ada_ids,
                                              .id_count = 1,
                                              .institutions = &lab,
                                              .institution_count = 1}};
        struct bz_work_record r =
            record_of("openalex", steps[i].doi, ids, 1, authors, 1);

        r.publication_year = steps[i].year;
        import_ok(f->store, &r, &t);
        assert_int_equal(sql_int(f->path, "SELECT count(*) FROM affiliation"),
                         1);
        assert_int_equal(sql_int(f->path, "SELECT coalesce(first_year * 10000 "
                                          "+ last_year, -1) FROM affiliation"),
                         steps[i].want);
    }
}

/* A parent that would close a loop in the hierarchy is not taken. */
static void test_topic_parent_never_loops(void **state)
{
    struct fixture *f = *state;
    struct bz_topic_record a = {.scheme = "arxiv",
                                .external_id = "cs.LG",
                                .display_name = "Machine learning"};
    struct bz_topic_record b = {.scheme = "arxiv",
                                .external_id = "cs",
                                .display_name = "Computer science"};
    struct bz_topic_record c = {
        .scheme = "arxiv", .external_id = "q-bio", .display_name = "Biology"};
    struct bz_topic_record a_under_b = a, b_under_a = b, c_under_c = c;
    struct bz_external_id ids1[] = {{"doi", "10.1/t1", NULL}};
    struct bz_external_id ids2[] = {{"doi", "10.1/t2", NULL}};
    struct bz_external_id ids3[] = {{"doi", "10.1/t3", NULL}};
    struct bz_work_record r1 = record_of("arxiv", "One", ids1, 1, NULL, 0);
    struct bz_work_record r2 = record_of("arxiv", "Two", ids2, 1, NULL, 0);
    struct bz_work_record r3 = record_of("arxiv", "Three", ids3, 1, NULL, 0);
    struct bz_import_tally t;

    a_under_b.parents = &b;
    a_under_b.parent_count = 1;
    b_under_a.parents = &a;
    b_under_a.parent_count = 1;
    c_under_c.parents = &c;
    c_under_c.parent_count = 1;
    r1.topics = &a_under_b;
    r1.topic_count = 1;
    r2.topics = &b_under_a;
    r2.topic_count = 1;
    r3.topics = &c_under_c;
    r3.topic_count = 1;

    import_ok(f->store, &r1, &t);
    assert_int_equal(t.new_topics, 2);
    import_ok(f->store, &r2, &t);
    assert_int_equal(t.updated_topics, 0);
    import_ok(f->store, &r3, &t);
    assert_int_equal(t.new_topics, 1);
    assert_int_equal(t.updated_topics, 0);
    assert_int_equal(sql_int(f->path, "SELECT count(*) FROM topic "
                                      "WHERE external_id IN ('cs', 'q-bio') "
                                      "AND parent_id IS NULL"),
                     2);
}

static void test_read_out_of_arena_memory(void **state)
{
    struct fixture *f = *state;
    struct bz_work_record r = base_record();
    struct bz_import_tally t;
    struct bz_arena tiny;
    struct bz_error err;
    struct bz_work w;

    import_ok(f->store, &r, &t);
    bz_arena_init(&tiny, 64);
    assert_int_equal(f->store->ops->work_get(f->store, &tiny, 1, &w, &err),
                     BZ_NOMEM);
    bz_arena_release(&tiny);
    /* the handle is still usable */
    assert_int_equal(f->store->ops->work_get(f->store, &f->arena, 1, &w, &err),
                     BZ_OK);
}

static void test_generation_follows_commits(void **state)
{
    struct fixture *f = *state;
    struct bz_work_record r = base_record();
    struct bz_store *other = NULL;
    struct bz_import_tally t;
    struct bz_error err;
    uint64_t g1, g2, g3, g4;

    assert_int_equal(bz_store_open(f->path, &other, &err), BZ_OK);
    assert_int_equal(f->store->ops->generation(f->store, &g1, &err), BZ_OK);
    assert_int_equal(f->store->ops->generation(f->store, &g2, &err), BZ_OK);
    assert_true(g1 == g2);

    import_ok(other, &r, &t); /* a commit by another handle */
    assert_int_equal(f->store->ops->generation(f->store, &g3, &err), BZ_OK);
    assert_true(g3 != g2);
    assert_int_equal(counts_of(f->store).works, 1);

    r.title = "Deep nets, again";
    r.ids = NULL;
    r.id_count = 0;
    import_ok(f->store, &r, &t); /* and one by this handle */
    assert_int_equal(f->store->ops->generation(f->store, &g4, &err), BZ_OK);
    assert_true(g4 != g3);
    bz_store_close(other);
}

static void test_unknown_ids_not_found(void **state)
{
    struct fixture *f = *state;
    struct bz_researcher r;
    struct bz_error err;
    struct bz_work w;
    int64_t id;

    assert_int_equal(
        f->store->ops->researcher_get(f->store, &f->arena, 999, &r, &err),
        BZ_NOT_FOUND);
    assert_string_equal(err.message, "no researcher 'R999'");
    assert_int_equal(f->store->ops->work_get(f->store, &f->arena, 7, &w, &err),
                     BZ_NOT_FOUND);
    assert_string_equal(err.message, "no work 'W7'");
    assert_int_equal(f->store->ops->researcher_find(
                         f->store, "orcid", "0000-0000-0000-0000", &id, &err),
                     BZ_NOT_FOUND);
    assert_string_equal(err.message,
                        "no researcher with orcid '0000-0000-0000-0000'");
    assert_int_equal(
        f->store->ops->work_find(f->store, "doi", "10.9/none", &id, &err),
        BZ_NOT_FOUND);
    assert_string_equal(err.message, "no work with doi '10.9/none'");
}

/* --- matching by title, first author and year ---------------------------- */

/* A Crossref-like record (a DOI only) and an arXiv-like one (an arXiv id
 * only) of one paper, first author spelt "Kadmon, Jonathan" by one and
 * "Jonathan Kadmon" by the other. */
static struct bz_external_id kadmon_doi[] = {{"doi", "10.1103/kad.2019", NULL}};
static struct bz_external_id kadmon_arxiv[] = {{"arxiv", "1810.10065", NULL}};
static struct bz_author_record kadmon_last_first[] = {
    {.raw_name = "Kadmon, Jonathan"}, {.raw_name = "Ganguli, Surya"}};
static struct bz_author_record kadmon_first_last[] = {
    {.raw_name = "Jonathan Kadmon"}, {.raw_name = "Surya Ganguli"}};

static struct bz_work_record kadmon_crossref(int year)
{
    struct bz_work_record r = record_of(
        "crossref", "Statistical mechanics of low-rank tensor decomposition",
        kadmon_doi, 1, kadmon_last_first, 2);

    r.source_record = "10.1103/kad.2019";
    r.type = "article";
    r.venue = "Physical Review E";
    r.publication_year = year;
    return r;
}

static struct bz_work_record kadmon_arxiv_record(int year)
{
    struct bz_work_record r = record_of(
        "arxiv", "Statistical Mechanics of Low-Rank Tensor Decomposition.",
        kadmon_arxiv, 1, kadmon_first_last, 2);

    r.source_record = "oai:arXiv.org:1810.10065";
    r.type = "preprint";
    r.publication_year = year;
    r.abstract = "Tensors.";
    return r;
}

static void test_title_match_merges_versions(void **state)
{
    struct fixture *f = *state;
    struct bz_work_record published = kadmon_crossref(2019);
    struct bz_work_record preprint = kadmon_arxiv_record(2018);
    struct bz_import_tally t;
    struct bz_error err;
    struct bz_work w;

    import_ok(f->store, &published, &t);
    assert_int_equal(t.new_works, 1);
    assert_int_equal(t.merged_works, 0);
    import_ok(f->store, &preprint, &t);
    assert_int_equal(t.new_works, 0);
    assert_int_equal(t.merged_works, 1);
    assert_int_equal(t.updated_works, 1);
    assert_int_equal(t.new_researchers, 0); /* authorships of the first */
    assert_int_equal(counts_of(f->store).works, 1);
    assert_int_equal(work_by(f->store, "arxiv", "1810.10065"), 1);
    assert_int_equal(work_by(f->store, "doi", "10.1103/kad.2019"), 1);

    assert_int_equal(f->store->ops->work_get(f->store, &f->arena, 1, &w, &err),
                     BZ_OK);
    assert_string_equal(w.title, "Statistical mechanics of low-rank tensor "
                                 "decomposition");
    assert_int_equal(w.publication_year, 2019);
    assert_string_equal(w.abstract, "Tensors."); /* a field it lacked */
    assert_int_equal(w.id_count, 2);
    assert_int_equal(w.authorship_count, 2);
    assert_int_equal(w.version_count, 2);
    assert_string_equal(w.versions[0].source, "crossref");
    assert_string_equal(w.versions[0].source_record, "10.1103/kad.2019");
    assert_string_equal(w.versions[0].type, "article");
    assert_string_equal(w.versions[0].venue, "Physical Review E");
    assert_int_equal(w.versions[0].publication_year, 2019);
    assert_string_equal(w.versions[0].doi, "10.1103/kad.2019");
    assert_null(w.versions[0].arxiv);
    assert_string_equal(w.versions[1].source, "arxiv");
    assert_string_equal(w.versions[1].type, "preprint");
    assert_null(w.versions[1].venue);
    assert_int_equal(w.versions[1].publication_year, 2018);
    assert_null(w.versions[1].doi);
    assert_string_equal(w.versions[1].arxiv, "1810.10065");

    /* again: matched by its arXiv id now, nothing new */
    import_ok(f->store, &preprint, &t);
    assert_tally_zero(&t);
    assert_int_equal(t.merged_works, 0);
    import_ok(f->store, &published, &t);
    assert_tally_zero(&t);
    assert_int_equal(sql_int(f->path, "SELECT count(*) FROM work_version"), 2);
}

static void test_title_match_year_within_one(void **state)
{
    struct fixture *f = *state;
    struct bz_work_record published = kadmon_crossref(2018);
    struct bz_work_record preprint = kadmon_arxiv_record(2021);
    struct bz_import_tally t;

    import_ok(f->store, &published, &t);
    import_ok(f->store, &preprint, &t);
    assert_int_equal(t.new_works, 1);
    assert_int_equal(t.merged_works, 0);
    assert_int_equal(counts_of(f->store).works, 2);
}

static void test_title_match_needs_same_first_author(void **state)
{
    struct fixture *f = *state;
    struct bz_author_record other[] = {{.raw_name = "Surya Ganguli"},
                                       {.raw_name = "Jonathan Kadmon"}};
    struct bz_work_record published = kadmon_crossref(2019);
    struct bz_work_record preprint = kadmon_arxiv_record(2019);
    struct bz_import_tally t;

    preprint.authors = other;
    import_ok(f->store, &published, &t);
    import_ok(f->store, &preprint, &t);
    assert_int_equal(t.new_works, 1);
    assert_int_equal(t.merged_works, 0);
    assert_int_equal(counts_of(f->store).works, 2);

    /* and no author at all matches nobody */
    {
        struct bz_external_id ids[] = {{"arxiv", "1810.99999", NULL}};
        struct bz_work_record none = kadmon_arxiv_record(2019);

        none.ids = ids;
        none.authors = NULL;
        none.author_count = 0;
        import_ok(f->store, &none, &t);
        assert_int_equal(t.new_works, 1);
    }
}

static void test_title_match_needs_known_years(void **state)
{
    struct fixture *f = *state;
    struct bz_work_record published = kadmon_crossref(2019);
    struct bz_work_record preprint = kadmon_arxiv_record(0);
    struct bz_import_tally t;

    import_ok(f->store, &published, &t);
    import_ok(f->store, &preprint, &t); /* its year unknown */
    assert_int_equal(t.new_works, 1);
    assert_int_equal(t.merged_works, 0);

    {
        struct bz_external_id ids[] = {{"doi", "10.1/late", NULL}};
        struct bz_work_record later = kadmon_crossref(2019);

        /* the stored work's year unknown: the arXiv one is matched by
         * nothing, this one only finds the 2019 Crossref work's title */
        later.ids = ids;
        later.source_record = "10.1/late";
        later.publication_year = 0;
        import_ok(f->store, &later, &t);
        assert_int_equal(t.new_works, 1);
    }
    assert_int_equal(counts_of(f->store).works, 3);
}

/* Two publishers' DOIs are two publications, and a one-word title names
 * too many works to be matched on. */
static void test_title_match_keeps_works_apart(void **state)
{
    struct fixture *f = *state;
    struct bz_external_id conference[] = {{"doi", "10.1145/conf.2019", NULL}};
    struct bz_work_record journal = kadmon_crossref(2019);
    struct bz_work_record proceedings = kadmon_crossref(2019);
    struct bz_work_record editorial = kadmon_crossref(2019);
    struct bz_work_record editorial_again = kadmon_arxiv_record(2019);
    struct bz_import_tally t;

    proceedings.ids = conference;
    proceedings.source_record = "10.1145/conf.2019";
    import_ok(f->store, &journal, &t);
    import_ok(f->store, &proceedings, &t);
    assert_int_equal(t.new_works, 1);
    assert_int_equal(t.merged_works, 0);

    {
        struct bz_external_id ids[] = {{"doi", "10.1/ed", NULL}};
        struct bz_external_id other[] = {{"arxiv", "1901.00001", NULL}};

        editorial_again.ids = other;
        editorial.ids = ids;
        editorial.title = "Editorial";
        editorial.source_record = "10.1/ed";
        editorial_again.title = "editorial.";
        import_ok(f->store, &editorial, &t);
        import_ok(f->store, &editorial_again, &t);
        assert_int_equal(t.new_works, 1);
    }
    assert_int_equal(counts_of(f->store).works, 4);

    /* an arXiv DOI is the preprint's, not another publication's */
    {
        struct bz_external_id ids[] = {
            {"arxiv", "1810.10065", NULL},
            {"doi", "10.48550/arxiv.1810.10065", NULL}};
        struct bz_work_record preprint = kadmon_arxiv_record(2018);

        preprint.ids = ids;
        preprint.id_count = 2;
        import_ok(f->store, &preprint, &t);
        assert_int_equal(t.merged_works, 1);
        assert_int_equal(work_by(f->store, "arxiv", "1810.10065"), 1);
    }
}

/* Surnames: "Last, First", initials and suffixes after the surname. The
 * records carry Semantic Scholar ids: an arXiv id or a DOI each would make
 * them other works than the first (test_title_match_keeps_works_apart). */
static void test_title_match_surname_forms(void **state)
{
    struct fixture *f = *state;
    static const char *const names[] = {"Kadmon J", "J. Kadmon Jr.",
                                        "KADMON, J."};
    struct bz_work_record published = kadmon_crossref(2019);
    struct bz_import_tally t;

    import_ok(f->store, &published, &t);
    for (size_t i = 0; i < N(names); i++) {
        char s2[32], record[32];
        struct bz_external_id ids[] = {{"s2", s2, NULL}};
        struct bz_author_record authors[] = {{.raw_name = names[i]}};
        struct bz_work_record r = kadmon_arxiv_record(2020);

        snprintf(s2, sizeof s2, "s2-%zu", i);
        snprintf(record, sizeof record, "rec-%zu", i);
        r.ids = ids;
        r.source_record = record;
        r.authors = authors;
        r.author_count = 1;
        import_ok(f->store, &r, &t);
        if (t.merged_works != 1)
            fail_msg("'%s' did not match 'Kadmon, Jonathan'", names[i]);
    }
    assert_int_equal(counts_of(f->store).works, 1);
}

/* --- import_researcher ---------------------------------------------------- */

static enum bz_status researcher_into(struct bz_store *store,
                                      const struct bz_researcher_record *r,
                                      struct bz_import_tally *tally,
                                      struct bz_error *err)
{
    struct bz_error commit_err;
    enum bz_status status;

    memset(tally, 0, sizeof *tally);
    assert_int_equal(store->ops->begin(store, err), BZ_OK);
    status = store->ops->import_researcher(store, r, tally, err);
    assert_int_equal(store->ops->commit(store, &commit_err), BZ_OK);
    return status;
}

static void researcher_ok(struct bz_store *store,
                          const struct bz_researcher_record *r,
                          struct bz_import_tally *tally)
{
    struct bz_error err = {0};

    if (researcher_into(store, r, tally, &err) != BZ_OK)
        fail_msg("import of '%s' failed: %s", r->display_name, err.message);
}

static size_t list_count(struct fixture *f, const char *q, const char **first)
{
    struct bz_researcher *list;
    struct bz_error err;
    char *words[8];
    size_t n, count;
    int more;

    n = bz_text_split_words(&f->arena, q, words, 8);
    assert_int_equal(f->store->ops->researcher_list(
                         f->store, &f->arena, (const char *const *)words, n, 0,
                         10, &list, &count, &more, &err),
                     BZ_OK);
    if (first)
        *first = count ? list[0].display_name : NULL;
    return count;
}

static void test_import_researcher_create_and_match(void **state)
{
    struct fixture *f = *state;
    struct bz_external_id orcid[] = {{"orcid", "0000-0002-1825-0097", NULL}};
    struct bz_external_id both[] = {{"openalex", "A9", NULL},
                                    {"orcid", "0000-0002-1825-0097", NULL}};
    static const char *const alt[] = {"María Suárez", "", "M. Gomez"};
    static const char *const more_alt[] = {"Maria G. Suarez-Lopez"};
    struct bz_researcher_record r = {.source = "orcid",
                                     .source_record = "0000-0002-1825-0097",
                                     .display_name = "Maria Gomez",
                                     .alternative_names = alt,
                                     .alternative_name_count = N(alt),
                                     .ids = orcid,
                                     .id_count = 1};
    struct bz_researcher_record again = r;
    struct bz_import_tally t;
    struct bz_researcher got;
    struct bz_error err;
    const char *first;
    int64_t id;

    researcher_ok(f->store, &r, &t);
    assert_int_equal(t.new_researchers, 1);
    assert_int_equal(t.updated_researchers, 0);
    id = researcher_by(f->store, "orcid", "0000-0002-1825-0097");
    assert_int_equal(
        f->store->ops->researcher_get(f->store, &f->arena, id, &got, &err),
        BZ_OK);
    assert_string_equal(got.display_name, "Maria Gomez");
    assert_string_equal(got.slug, "maria-gomez");
    assert_int_equal(got.has_source_id, 1);
    assert_int_equal(got.work_count, 0);
    assert_null(got.affiliation);
    assert_int_equal(sql_int(f->path, "SELECT count(*) FROM researcher_name"),
                     3); /* the blank one is skipped */

    /* an alternative name is found, ignoring case and diacritics */
    assert_int_equal(list_count(f, "suarez", &first), 1);
    assert_string_equal(first, "Maria Gomez");
    assert_int_equal(list_count(f, "MARÍA suár", &first), 1);
    assert_int_equal(list_count(f, "gomez suarez", &first), 1);
    assert_int_equal(list_count(f, "lopez", &first), 0);

    researcher_ok(f->store, &r, &t); /* again: nothing new */
    assert_tally_zero(&t);

    again.display_name = "M. G. Suarez-Lopez";
    again.alternative_names = more_alt;
    again.alternative_name_count = 1;
    again.ids = both;
    again.id_count = 2;
    again.source = "openalex";
    researcher_ok(f->store, &again, &t);
    assert_int_equal(t.new_researchers, 0);
    assert_int_equal(t.updated_researchers, 1);
    assert_int_equal(researcher_by(f->store, "openalex", "A9"), id);
    assert_int_equal(
        f->store->ops->researcher_get(f->store, &f->arena, id, &got, &err),
        BZ_OK);
    assert_string_equal(got.display_name, "Maria Gomez"); /* kept */
    assert_int_equal(got.id_count, 2);
    assert_int_equal(list_count(f, "lopez", &first), 1);
    assert_int_equal(counts_of(f->store).researchers, 1);
}

static void test_import_researcher_invalid(void **state)
{
    struct fixture *f = *state;
    struct bz_external_id blank[] = {{"orcid", "", NULL}};
    struct bz_researcher_record r = {.source = "orcid",
                                     .display_name = "No Id"};
    struct bz_import_tally t;
    struct bz_error err;

    assert_int_equal(researcher_into(f->store, &r, &t, &err), BZ_INVALID);
    assert_string_equal(err.message, "researcher 'No Id' has no id");
    r.ids = blank;
    r.id_count = 1;
    assert_int_equal(researcher_into(f->store, &r, &t, &err), BZ_INVALID);
    r.display_name = " ";
    assert_int_equal(researcher_into(f->store, &r, &t, &err), BZ_INVALID);
    assert_string_equal(err.message, "researcher has no name");
    assert_int_equal(counts_of(f->store).researchers, 0);
}

/* A people source's current affiliation wins over the latest
 * authorship's; the next record's current one replaces it. */
static void test_import_researcher_current_affiliation(void **state)
{
    struct fixture *f = *state;
    struct bz_external_id mit_ids[] = {{"ror", "042nb2s44", NULL}};
    struct bz_external_id stanford_ids[] = {{"ror", "00f54p054", NULL}};
    struct bz_institution_record mit = {
        .display_name = "MIT", .ids = mit_ids, .id_count = 1};
    struct bz_institution_record stanford = {.display_name = "Stanford",
                                             .ids = stanford_ids,
                                             .id_count = 1,
                                             .country_code = "US"};
    struct bz_institution_record oxford = {.display_name = "Oxford"};
    struct bz_author_record authors[] = {{.raw_name = "Ada Lovelace",
                                          .ids = ada_ids,
                                          .id_count = 1,
                                          .institutions = &mit,
                                          .institution_count = 1}};
    struct bz_work_record w =
        record_of("openalex", "Engines", base_ids, 1, authors, 1);
    struct bz_institution_record first[] = {stanford, mit};
    struct bz_institution_record second[] = {oxford, stanford};
    struct bz_researcher_record r = {.source = "orcid",
                                     .display_name = "Ada King",
                                     .ids = ada_ids,
                                     .id_count = 1,
                                     .affiliations = first,
                                     .affiliation_count = N(first)};
    struct bz_import_tally t;
    struct bz_researcher ada;
    struct bz_error err;

    w.publication_year = 2021;
    import_ok(f->store, &w, &t);
    assert_int_equal(
        f->store->ops->researcher_get(f->store, &f->arena, 1, &ada, &err),
        BZ_OK);
    assert_string_equal(ada.affiliation, "MIT");

    researcher_ok(f->store, &r, &t);
    assert_int_equal(t.new_researchers, 0);
    assert_int_equal(t.updated_researchers, 1);
    assert_int_equal(t.new_institutions, 1); /* Stanford; MIT by its ROR */
    assert_int_equal(
        f->store->ops->researcher_get(f->store, &f->arena, 1, &ada, &err),
        BZ_OK);
    assert_string_equal(ada.display_name, "Ada Lovelace");
    assert_string_equal(ada.affiliation, "Stanford");
    assert_int_equal(ada.affiliation_imported, 1);
    researcher_ok(f->store, &r, &t);
    assert_tally_zero(&t);

    r.affiliations = second;
    r.affiliation_count = N(second);
    researcher_ok(f->store, &r, &t);
    assert_int_equal(t.updated_researchers, 1);
    assert_int_equal(
        f->store->ops->researcher_get(f->store, &f->arena, 1, &ada, &err),
        BZ_OK);
    assert_string_equal(ada.affiliation, "Oxford");
    assert_int_equal(sql_int(f->path, "SELECT count(*) FROM affiliation "
                                      "WHERE current = 1"),
                     1);

    /* a record without affiliations leaves the current one */
    r.affiliations = NULL;
    r.affiliation_count = 0;
    researcher_ok(f->store, &r, &t);
    assert_tally_zero(&t);
    assert_int_equal(
        f->store->ops->researcher_get(f->store, &f->arena, 1, &ada, &err),
        BZ_OK);
    assert_string_equal(ada.affiliation, "Oxford");
}

/* --- import_institution, import_venue, import_topic ----------------------- */

static void test_import_institution_create_and_match(void **state)
{
    struct fixture *f = *state;
    struct bz_external_id ror[] = {{"ror", "00f54p054", NULL}};
    struct bz_external_id both[] = {{"openalex", "I97018004", NULL},
                                    {"ror", "00f54p054", NULL}};
    struct bz_institution_record inst = {.display_name = "Stanford University",
                                         .ids = ror,
                                         .id_count = 1,
                                         .country_code = "US"};
    struct bz_import_tally t = {0};
    struct bz_error err;
    struct bz_arena *a = &f->arena;

    assert_int_equal(
        f->store->ops->import_institution(f->store, &inst, &t, &err), BZ_OK);
    assert_int_equal(t.new_institutions, 1);
    assert_int_equal(counts_of(f->store).institutions, 1);
    assert_string_equal(sql_text(f->path, a,
                                 "SELECT source FROM provenance "
                                 "WHERE entity = 'institution'"),
                        "ror");

    memset(&t, 0, sizeof t);
    inst.ids = both;
    inst.id_count = 2;
    inst.display_name = "Stanford";
    inst.homepage = "https://www.stanford.edu/";
    assert_int_equal(
        f->store->ops->import_institution(f->store, &inst, &t, &err), BZ_OK);
    assert_int_equal(t.new_institutions, 0);
    assert_int_equal(t.updated_institutions, 1);
    assert_int_equal(counts_of(f->store).institutions, 1);
    assert_string_equal(sql_text(f->path, a,
                                 "SELECT display_name || ' ' || homepage || "
                                 "' ' || country_code FROM institution"),
                        "Stanford University https://www.stanford.edu/ US");
    assert_int_equal(sql_int(f->path, "SELECT count(*) FROM institution_id"),
                     2);

    memset(&t, 0, sizeof t);
    assert_int_equal(
        f->store->ops->import_institution(f->store, &inst, &t, &err), BZ_OK);
    assert_tally_zero(&t);

    inst.display_name = "";
    assert_int_equal(
        f->store->ops->import_institution(f->store, &inst, &t, &err),
        BZ_INVALID);
}

static enum bz_status venue_into(struct bz_store *store,
                                 const struct bz_venue_record *r,
                                 struct bz_import_tally *tally,
                                 struct bz_error *err)
{
    memset(tally, 0, sizeof *tally);
    return store->ops->import_venue(store, r, tally, err);
}

static void test_import_venue_create_and_match(void **state)
{
    struct fixture *f = *state;
    struct bz_external_id ids[] = {{"openalex", "S1", NULL},
                                   {"issn_l", "1539-3755", NULL}};
    struct bz_external_id more[] = {{"issn", "2470-0053", NULL},
                                    {"issn_l", "1539-3755", NULL}};
    struct bz_venue_record v = {.source = "openalex",
                                .source_record = "S1",
                                .display_name = "Physical Review E",
                                .type = "journal",
                                .ids = ids,
                                .id_count = N(ids)};
    struct bz_venue_record named = {.source = "crossref",
                                    .display_name = "Some Workshop"};
    struct bz_import_tally t;
    struct bz_error err;

    assert_int_equal(venue_into(f->store, &v, &t, &err), BZ_OK);
    assert_int_equal(t.new_venues, 1);
    assert_int_equal(venue_into(f->store, &v, &t, &err), BZ_OK);
    assert_int_equal(t.new_venues + t.updated_venues, 0);

    v.ids = more;
    v.publisher = "APS";
    v.type = "conference"; /* the first type stays */
    assert_int_equal(venue_into(f->store, &v, &t, &err), BZ_OK);
    assert_int_equal(t.new_venues, 0);
    assert_int_equal(t.updated_venues, 1);
    assert_int_equal(sql_int(f->path, "SELECT count(*) FROM venue"), 1);
    assert_int_equal(sql_int(f->path, "SELECT count(*) FROM venue_id"), 3);
    assert_string_equal(sql_text(f->path, &f->arena,
                                 "SELECT type || ' ' || publisher FROM venue"),
                        "journal APS");

    /* without ids, by exact name */
    assert_int_equal(venue_into(f->store, &named, &t, &err), BZ_OK);
    assert_int_equal(t.new_venues, 1);
    assert_int_equal(venue_into(f->store, &named, &t, &err), BZ_OK);
    assert_int_equal(t.new_venues, 0);
    assert_int_equal(sql_int(f->path, "SELECT count(*) FROM venue"), 2);
    assert_int_equal(sql_int(f->path, "SELECT count(*) FROM provenance "
                                      "WHERE entity = 'venue'"),
                     2);

    named.display_name = NULL;
    assert_int_equal(venue_into(f->store, &named, &t, &err), BZ_INVALID);
    assert_string_equal(err.message, "venue has no name");
}

static void test_import_topic_create_and_match(void **state)
{
    struct fixture *f = *state;
    struct bz_topic_record chain[] = {
        {.scheme = "openalex",
         .external_id = "S1702",
         .display_name = "Artificial Intelligence",
         .level = "subfield"},
        {.scheme = "openalex",
         .external_id = "F17",
         .display_name = "Computer Science",
         .level = "field"}};
    struct bz_topic_record topic = {.scheme = "openalex",
                                    .external_id = "T10320",
                                    .display_name = "Neural Networks",
                                    .level = "topic",
                                    .parents = chain,
                                    .parent_count = N(chain)};
    struct bz_topic_record bare = {
        .scheme = "openalex", .external_id = "T11", .display_name = "Bare"};
    struct bz_import_tally t = {0};
    struct bz_error err;

    assert_int_equal(f->store->ops->import_topic(f->store, &topic, &t, &err),
                     BZ_OK);
    assert_int_equal(t.new_topics, 3);
    assert_int_equal(sql_int(f->path, "SELECT p.external_id = 'S1702' AND "
                                      "g.external_id = 'F17' "
                                      "FROM topic t JOIN topic p "
                                      "ON p.id = t.parent_id JOIN topic g "
                                      "ON g.id = p.parent_id "
                                      "WHERE t.external_id = 'T10320'"),
                     1);
    memset(&t, 0, sizeof t);
    assert_int_equal(f->store->ops->import_topic(f->store, &topic, &t, &err),
                     BZ_OK);
    assert_tally_zero(&t);

    assert_int_equal(f->store->ops->import_topic(f->store, &bare, &t, &err),
                     BZ_OK);
    assert_int_equal(t.new_topics, 1);
    memset(&t, 0, sizeof t);
    bare.level = "topic";
    bare.parents = chain;
    bare.parent_count = 1;
    assert_int_equal(f->store->ops->import_topic(f->store, &bare, &t, &err),
                     BZ_OK);
    assert_int_equal(t.new_topics, 0);
    assert_int_equal(t.updated_topics, 1);
    assert_int_equal(counts_of(f->store).topics, 4);

    bare.external_id = "";
    assert_int_equal(f->store->ops->import_topic(f->store, &bare, &t, &err),
                     BZ_INVALID);
}

/* --- add_alias ------------------------------------------------------------ */

static void test_add_alias_followed_by_find(void **state)
{
    struct fixture *f = *state;
    struct bz_work_record r = base_record();
    struct bz_import_tally t;
    struct bz_error err;
    int64_t id;

    import_ok(f->store, &r, &t);
    assert_int_equal(
        f->store->ops->add_alias(f->store, 'R', "openalex", "A0", "A1", &err),
        BZ_OK);
    assert_int_equal(researcher_by(f->store, "openalex", "A0"), 1);

    /* a chain of two */
    assert_int_equal(
        f->store->ops->add_alias(f->store, 'R', "openalex", "A00", "A0", &err),
        BZ_OK);
    assert_int_equal(researcher_by(f->store, "openalex", "A00"), 1);
    /* the kind and the scheme must agree */
    assert_int_equal(
        f->store->ops->work_find(f->store, "openalex", "A0", &id, &err),
        BZ_NOT_FOUND);
    assert_int_equal(
        f->store->ops->researcher_find(f->store, "orcid", "A0", &id, &err),
        BZ_NOT_FOUND);

    /* a loop ends */
    assert_int_equal(
        f->store->ops->add_alias(f->store, 'R', "openalex", "AX", "AY", &err),
        BZ_NOT_FOUND);
    assert_int_equal(
        f->store->ops->add_alias(f->store, 'R', "openalex", "AY", "AX", &err),
        BZ_NOT_FOUND);
    assert_int_equal(
        f->store->ops->researcher_find(f->store, "openalex", "AX", &id, &err),
        BZ_NOT_FOUND);
    assert_string_equal(err.message, "no researcher with openalex 'AX'");

    /* kept before its survivor arrives, replaced by a newer one */
    assert_int_equal(f->store->ops->add_alias(f->store, 'W', "doi", "10.1/old",
                                              "10.1/later", &err),
                     BZ_NOT_FOUND);
    assert_int_equal(sql_int(f->path, "SELECT count(*) FROM id_alias"), 5);
    assert_int_equal(f->store->ops->add_alias(f->store, 'W', "doi", "10.1/old",
                                              "10.1/deep", &err),
                     BZ_OK);
    assert_int_equal(sql_int(f->path, "SELECT count(*) FROM id_alias"), 5);
    assert_int_equal(work_by(f->store, "doi", "10.1/old"), 1);

    assert_int_equal(
        f->store->ops->add_alias(f->store, 'X', "doi", "a", "b", &err),
        BZ_INVALID);
    assert_int_equal(
        f->store->ops->add_alias(f->store, 'W', "doi", "a", "a", &err),
        BZ_INVALID);
}

/* --- works_page ----------------------------------------------------------- */

static void test_works_page(void **state)
{
    struct fixture *f = *state;
    struct bz_import_tally t;
    struct bz_work *page;
    struct bz_error err;
    size_t count;
    int more;

    for (int i = 0; i < 5; i++) {
        char doi[32], title[32];
        struct bz_external_id ids[] = {{"doi", doi, NULL}};
        struct bz_author_record bob[] = {{.raw_name = "Bob Stone"}};
        struct bz_work_record r =
            i % 2 == 0 ? record_of("openalex", title, ids, 1, base_authors, 1)
                       : record_of("openalex", title, ids, 1, bob, 1);

        snprintf(doi, sizeof doi, "10.1/p%d", i);
        snprintf(title, sizeof title, "Paper number %d", i);
        import_ok(f->store, &r, &t);
    }

    assert_int_equal(f->store->ops->works_page(f->store, &f->arena, 0, 0, 2,
                                               &page, &count, &more, &err),
                     BZ_OK);
    assert_int_equal(count, 2);
    assert_int_equal(more, 1);
    assert_int_equal(page[0].id, 1);
    assert_int_equal(page[1].id, 2);
    assert_int_equal(page[0].id_count, 1);
    assert_string_equal(page[0].ids[0].value, "10.1/p0");
    assert_int_equal(page[1].authorship_count, 1);
    assert_string_equal(page[1].authorships[0].raw_name, "Bob Stone");
    assert_null(page[0].topics);
    assert_null(page[0].versions);
    assert_int_equal(f->store->ops->works_page(f->store, &f->arena, 0, 4, 2,
                                               &page, &count, &more, &err),
                     BZ_OK);
    assert_int_equal(count, 1);
    assert_int_equal(more, 0);
    assert_int_equal(page[0].id, 5);

    /* Ada (R1) wrote works 1, 3 and 5 */
    assert_int_equal(f->store->ops->works_page(f->store, &f->arena, 1, 0, 2,
                                               &page, &count, &more, &err),
                     BZ_OK);
    assert_int_equal(count, 2);
    assert_int_equal(more, 1);
    assert_int_equal(page[0].id, 1);
    assert_int_equal(page[1].id, 3);
    assert_string_equal(page[1].authorships[0].researcher_name, "Ada Lovelace");
    assert_int_equal(f->store->ops->works_page(f->store, &f->arena, 1, 3, 2,
                                               &page, &count, &more, &err),
                     BZ_OK);
    assert_int_equal(count, 1);
    assert_int_equal(more, 0);
    assert_int_equal(page[0].id, 5);
    assert_int_equal(f->store->ops->works_page(f->store, &f->arena, 99, 0, 2,
                                               &page, &count, &more, &err),
                     BZ_OK);
    assert_int_equal(count, 0);
    assert_int_equal(more, 0);
}

/* --- what a write transaction learns ------------------------------------- */

/* Inside one transaction the store remembers ids, topics and institutions
 * it has seen; what it remembers must stay what SQLite would answer, and a
 * rollback must make it forget. */
static void test_transaction_cache_follows_writes(void **state)
{
    struct fixture *f = *state;
    struct bz_external_id ror[] = {{"ror", "00f54p054", NULL}};
    struct bz_institution_record bare = {
        .display_name = "Stanford", .ids = ror, .id_count = 1};
    struct bz_institution_record full = bare;
    struct bz_topic_record field = {
        .scheme = "openalex", .external_id = "F17", .display_name = "CS"};
    struct bz_topic_record topic = {
        .scheme = "openalex", .external_id = "T1", .display_name = "Nets"};
    struct bz_topic_record topic_full = topic;
    struct bz_external_id ids1[] = {{"doi", "10.1/c1", NULL}};
    struct bz_external_id ids2[] = {{"doi", "10.1/c2", NULL}};
    struct bz_external_id ids3[] = {{"doi", "10.1/c3", NULL}};
    struct bz_author_record a1[] = {{.raw_name = "Ada Lovelace",
                                     .ids = ada_ids,
                                     .id_count = 1,
                                     .institutions = &bare,
                                     .institution_count = 1}};
    struct bz_author_record a2[] = {{.raw_name = "Ada Lovelace",
                                     .ids = ada_ids,
                                     .id_count = 1,
                                     .institutions = &full,
                                     .institution_count = 1}};
    struct bz_work_record r1 = record_of("openalex", "One", ids1, 1, a1, 1);
    struct bz_work_record r2 = record_of("openalex", "Two", ids2, 1, a2, 1);
    struct bz_work_record r3 = record_of("openalex", "Three", ids3, 1, a1, 1);
    struct bz_import_tally t = {0};
    struct bz_error err;

    full.country_code = "US";
    topic_full.level = "topic";
    topic_full.parents = &field;
    topic_full.parent_count = 1;
    r1.topics = &topic;
    r1.topic_count = 1;
    r2.topics = &topic_full;
    r2.topic_count = 1;

    /* rolled back: nothing of it may be remembered */
    assert_int_equal(f->store->ops->begin(f->store, &err), BZ_OK);
    assert_int_equal(f->store->ops->import_work(f->store, &r1, &t, &err),
                     BZ_OK);
    assert_int_equal(f->store->ops->rollback(f->store, &err), BZ_OK);

    /* one transaction: the second record fills what the first lacked */
    memset(&t, 0, sizeof t);
    assert_int_equal(f->store->ops->begin(f->store, &err), BZ_OK);
    assert_int_equal(f->store->ops->import_work(f->store, &r1, &t, &err),
                     BZ_OK);
    assert_int_equal(f->store->ops->import_work(f->store, &r2, &t, &err),
                     BZ_OK);
    assert_int_equal(f->store->ops->import_work(f->store, &r3, &t, &err),
                     BZ_OK);
    assert_int_equal(f->store->ops->import_work(f->store, &r2, &t, &err),
                     BZ_OK);
    assert_int_equal(f->store->ops->commit(f->store, &err), BZ_OK);
    assert_int_equal(t.new_works, 3);
    assert_int_equal(t.new_researchers, 1);
    assert_int_equal(t.new_institutions, 1);
    assert_int_equal(t.updated_institutions, 1); /* its country */
    assert_int_equal(t.new_topics, 2);           /* T1, then F17 */
    assert_int_equal(t.updated_topics, 1);       /* T1 gains both */

    assert_int_equal(counts_of(f->store).researchers, 1);
    assert_int_equal(researcher_by(f->store, "openalex", "A1"), 1);
    assert_string_equal(
        sql_text(f->path, &f->arena, "SELECT country_code FROM institution"),
        "US");
    assert_string_equal(sql_text(f->path, &f->arena,
                                 "SELECT t.level || ' ' || p.external_id "
                                 "FROM topic t JOIN topic p "
                                 "ON p.id = t.parent_id "
                                 "WHERE t.external_id = 'T1'"),
                        "topic F17");
    assert_int_equal(sql_int(f->path, "SELECT count(*) FROM authorship"), 3);
}

/* --- a database in memory, a database of migration 1 ---------------------- */

static void test_open_in_memory(void **state)
{
    struct fixture *f = *state;
    struct bz_work_record r = base_record();
    struct bz_store *memory = NULL;
    struct bz_import_tally t;
    struct bz_error err;
    uint64_t g1, g2;
    struct bz_work w;

    assert_int_equal(bz_store_open(":memory:", &memory, &err), BZ_OK);
    assert_int_equal(memory->ops->generation(memory, &g1, &err), BZ_OK);
    import_ok(memory, &r, &t);
    assert_int_equal(t.new_works, 1);
    assert_int_equal(memory->ops->generation(memory, &g2, &err), BZ_OK);
    assert_true(g1 != g2);
    assert_int_equal(counts_of(memory).works, 1);
    assert_int_equal(memory->ops->work_get(memory, &f->arena, 1, &w, &err),
                     BZ_OK);
    assert_int_equal(w.version_count, 1);
    bz_store_close(memory);
}

/* Replaces the fixture's database by a file as a program that knew only
 * migrations 1 to last made it, with rows added, and opens the store on
 * it again, which migrates it. */
static void open_at_migration(struct fixture *f, int last, const char *rows)
{
    struct bz_error err;
    char *message = NULL;
    sqlite3 *db;

    bz_store_close(f->store);
    f->store = NULL;
    unlink_database(f->path);
    db = sql_open(f->path);
    if (sqlite3_exec(db,
                     "CREATE TABLE schema_migrations (version INTEGER "
                     "PRIMARY KEY, applied_at TEXT NOT NULL);",
                     NULL, NULL, &message) != SQLITE_OK)
        fail_msg("schema_migrations by hand failed: %s", message);
    for (int n = 1; n <= last; n++) {
        char mark[96];

        snprintf(mark, sizeof(mark), "INSERT INTO schema_migrations VALUES "
                                     "(%d, 'then');", n);
        if (sqlite3_exec(db, bz_schema_sqlite[n - 1], NULL, NULL,
                         &message) != SQLITE_OK ||
            sqlite3_exec(db, mark, NULL, NULL, &message) != SQLITE_OK)
            fail_msg("migration %d by hand failed: %s", n, message);
    }
    if (sqlite3_exec(db, rows, NULL, NULL, &message) != SQLITE_OK)
        fail_msg("rows at migration %d failed: %s", last, message);
    sqlite3_close(db);
    assert_int_equal(bz_store_open(f->path, &f->store, &err), BZ_OK);
}

/* A file made by a program that knew only migration 1 gains migration 2,
 * and its works their title keys. */
static void test_migration_2_on_version_1(void **state)
{
    struct fixture *f = *state;
    struct bz_work_record preprint = kadmon_arxiv_record(2019);
    struct bz_import_tally t;
    struct bz_error err;

    open_at_migration(
        f, 1,
        "INSERT INTO researcher (display_name, name_key, slug) VALUES "
        "('Jonathan Kadmon', ' jonathan kadmon ', 'jonathan-kadmon');"
        "INSERT INTO work (title, slug, publication_year) VALUES "
        "('Statistical mechanics of low-rank tensor decomposition', "
        "'statistical-mechanics', 2018);"
        "INSERT INTO work_id VALUES ('doi', '10.1103/kad.2019', 1, "
        "'crossref');"
        "INSERT INTO authorship VALUES (1, 1, 1, 'Kadmon, J.');"
        "INSERT INTO provenance VALUES ('work', 1, 'title', "
        "'crossref', '10.1103/kad.2019');"
        "INSERT INTO work (title, slug) VALUES ('No authors', 'x');");
    assert_int_equal(sql_int(f->path, "SELECT max(version) FROM "
                                      "schema_migrations"),
                     bz_schema_sqlite_count);
    assert_string_equal(sql_text(f->path, &f->arena,
                                 "SELECT title_key || '|' || "
                                 "first_author_key FROM work WHERE id = 1"),
                        " statistical mechanics of low rank tensor "
                        "decomposition |kadmon");
    assert_int_equal(sql_int(f->path, "SELECT count(*) FROM work "
                                      "WHERE title_key IS NULL OR "
                                      "(id = 2 AND first_author_key IS NOT "
                                      "NULL)"),
                     0);

    import_ok(f->store, &preprint, &t);
    assert_int_equal(t.merged_works, 1);
    assert_int_equal(work_by(f->store, "arxiv", "1810.10065"), 1);
    assert_int_equal(counts_of(f->store).works, 2);

    /* provenance was rebuilt with its rows */
    {
        struct bz_work w;

        assert_int_equal(
            f->store->ops->work_get(f->store, &f->arena, 1, &w, &err), BZ_OK);
        assert_true(has_provenance(&w, "title", "crossref"));
        assert_true(has_provenance(&w, "arxiv", "arxiv"));
        assert_int_equal(sql_int(f->path, "SELECT count(*) FROM provenance "
                                          "WHERE field = 'title' AND "
                                          "source_record = "
                                          "'10.1103/kad.2019'"),
                         1);
    }
}

/* A file at migration 16 gains 17: its authorships and their
 * institutions, rebuilt without a rowid, keep every row and every key
 * between them. */
static void test_migration_17_keeps_authorships(void **state)
{
    struct fixture *f = *state;

    open_at_migration(
        f, 16,
        "INSERT INTO researcher (display_name, name_key, slug) VALUES "
        "('Ada', ' ada ', 'ada'), ('Bo', ' bo ', 'bo');"
        "INSERT INTO institution (display_name) VALUES ('Lab');"
        "INSERT INTO work (title, slug) VALUES ('One', 'one'), "
        "('Two', 'two');"
        "INSERT INTO authorship VALUES (1, 1, 1, 'Ada'), (1, 2, 2, 'Bo'), "
        "(2, 1, 2, 'Bo');"
        "INSERT INTO authorship_institution VALUES (1, 1, 1, 1), "
        "(2, 1, 1, 1);");
    assert_int_equal(sql_int(f->path, "SELECT count(*) FROM sqlite_master "
                                      "WHERE name IN ('authorship', "
                                      "'authorship_institution') AND sql "
                                      "LIKE '%WITHOUT ROWID'"),
                     2);
    assert_int_equal(sql_int(f->path, "SELECT count(*) FROM authorship"), 3);
    assert_int_equal(sql_int(f->path, "SELECT sum(researcher_id) FROM "
                                      "authorship"),
                     5);
    assert_int_equal(sql_int(f->path, "SELECT count(*) FROM "
                                      "authorship_institution JOIN "
                                      "authorship USING (work_id, position)"),
                     2);
    assert_int_equal(sql_int(f->path, "SELECT count(*) FROM "
                                      "pragma_foreign_key_check"),
                     0);
    assert_int_equal(sql_int(f->path, "SELECT count(*) FROM sqlite_master "
                                      "WHERE name IN ('authorship_researcher', "
                                      "'authorship_institution_institution')"),
                     2);
    /* the links' key names the rebuilt table */
    assert_int_not_equal(sql_int(f->path, "SELECT count(*) FROM "
                                          "pragma_foreign_key_list("
                                          "'authorship_institution') WHERE "
                                          "\"table\" = 'authorship'"),
                         0);
}

/* --- citations, the audit log, merge and split ------------------------- */

/* Each source's count is kept, the highest shown; a source's newer count
 * replaces its older; 0 records nothing. */
static void test_citation_counts_per_source(void **state)
{
    struct fixture *f = *state;
    struct bz_external_id ids[] = {{"doi", "10.1/cited", NULL}};
    struct bz_work_record oa =
        record_of("openalex", "Cited work", ids, N(ids), NULL, 0);
    struct bz_work_record cr =
        record_of("crossref", "Cited work", ids, N(ids), NULL, 0);
    struct bz_work_record none =
        record_of("bibtex", "Cited work", ids, N(ids), NULL, 0);
    struct bz_import_tally t;
    struct bz_error err;
    struct bz_work w;

    import_ok(f->store, &none, &t);
    assert_int_equal(f->store->ops->work_get(f->store, &f->arena, 1, &w, &err),
                     BZ_OK);
    assert_int_equal(w.cited_by_count, -1);
    assert_null(w.cited_by_source);

    oa.cited_by_count = 12;
    cr.cited_by_count = 30;
    import_ok(f->store, &oa, &t);
    import_ok(f->store, &cr, &t);
    assert_int_equal(f->store->ops->work_get(f->store, &f->arena, 1, &w, &err),
                     BZ_OK);
    assert_int_equal(w.cited_by_count, 30);
    assert_string_equal(w.cited_by_source, "crossref");

    cr.cited_by_count = 5; /* Crossref's newer count */
    import_ok(f->store, &cr, &t);
    assert_int_equal(f->store->ops->work_get(f->store, &f->arena, 1, &w, &err),
                     BZ_OK);
    assert_int_equal(w.cited_by_count, 12);
    assert_string_equal(w.cited_by_source, "openalex");
    assert_int_equal(sql_int(f->path, "SELECT count(*) FROM "
                                      "work_citation_count"),
                     2);
}

/* An edge is resolved whichever side comes first. */
static void test_citation_edges_resolve(void **state)
{
    struct fixture *f = *state;
    struct bz_external_id a_ids[] = {{"openalex", "W100", NULL}};
    struct bz_external_id b_ids[] = {{"openalex", "W200", NULL}};
    struct bz_external_id c_ids[] = {{"openalex", "W300", NULL}};
    struct bz_external_id a_refs[] = {{"openalex", "W200", NULL},
                                      {"openalex", "W999", NULL}};
    struct bz_external_id c_refs[] = {{"openalex", "W100", NULL}};
    struct bz_work_record b =
        record_of("openalex", "Cited first", b_ids, N(b_ids), NULL, 0);
    struct bz_work_record a =
        record_of("openalex", "Citing", a_ids, N(a_ids), NULL, 0);
    struct bz_work_record c =
        record_of("openalex", "Citing later", c_ids, N(c_ids), NULL, 0);
    struct bz_import_tally t;
    struct bz_error err;
    struct bz_work w;

    a.references = a_refs;
    a.reference_count = N(a_refs);
    c.references = c_refs;
    c.reference_count = N(c_refs);
    import_ok(f->store, &b, &t); /* W1: cited, imported before */
    import_ok(f->store, &a, &t); /* W2 cites W1 and an unknown work */
    import_ok(f->store, &c, &t); /* W3 cites W2 */

    assert_int_equal(f->store->ops->work_get(f->store, &f->arena, 2, &w, &err),
                     BZ_OK);
    assert_int_equal(w.reference_count, 2);
    assert_int_equal(w.cited_count, 1);
    assert_int_equal(w.cited[0].id, 1);
    assert_string_equal(w.cited[0].title, "Cited first");
    assert_int_equal(w.citing_count, 1);
    assert_int_equal(w.citing[0].id, 3);

    /* the unknown work arrives: the waiting edge finds it */
    {
        struct bz_external_id d_ids[] = {{"openalex", "W999", NULL}};
        struct bz_work_record d =
            record_of("openalex", "Late", d_ids, N(d_ids), NULL, 0);

        import_ok(f->store, &d, &t);
    }
    assert_int_equal(f->store->ops->work_get(f->store, &f->arena, 4, &w, &err),
                     BZ_OK);
    assert_int_equal(w.citing_count, 1);
    assert_int_equal(w.citing[0].id, 2);
}

/* A work's references are kept once each, and more citation rows than
 * one statement takes (64, in SQLite) reach the works they name. */
static void test_citation_many_references(void **state)
{
    enum { KNOWN = 70, UNKNOWN = 30 };
    struct fixture *f = *state;
    struct bz_external_id ids[KNOWN], refs[KNOWN + UNKNOWN + 1];
    struct bz_external_id citing_ids[] = {{"openalex", "W9000", NULL}};
    char values[KNOWN + UNKNOWN][16], titles[KNOWN][32];
    struct bz_work_record citing;
    struct bz_import_tally t;
    struct bz_error err;
    struct bz_work w;

    for (int i = 0; i < KNOWN + UNKNOWN; i++) {
        snprintf(values[i], sizeof(values[i]), "W%d", i < KNOWN ? i + 1
                                                                : 5000 + i);
        refs[i] = (struct bz_external_id){"openalex", values[i], NULL};
    }
    refs[KNOWN + UNKNOWN] = refs[4]; /* W5 listed twice */
    for (int i = 0; i < KNOWN; i++) {
        struct bz_work_record cited;

        ids[i] = refs[i];
        snprintf(titles[i], sizeof(titles[i]), "Cited work %c%c",
                 'a' + i / 26, 'a' + i % 26);
        cited = record_of("openalex", titles[i], &ids[i], 1, NULL, 0);
        import_ok(f->store, &cited, &t);
    }
    citing = record_of("openalex", "Citing many", citing_ids, N(citing_ids),
                       NULL, 0);
    citing.references = refs;
    citing.reference_count = N(refs);
    import_ok(f->store, &citing, &t);
    import_ok(f->store, &citing, &t); /* again: nothing new */

    assert_int_equal(f->store->ops->work_get(f->store, &f->arena, KNOWN + 1,
                                             &w, &err),
                     BZ_OK);
    assert_int_equal(w.reference_count, KNOWN + UNKNOWN);
    assert_int_equal(w.cited_count, KNOWN);
    assert_int_equal(f->store->ops->work_get(f->store, &f->arena, 5, &w, &err),
                     BZ_OK);
    assert_int_equal(w.citing_count, 1);
    assert_int_equal(w.citing[0].id, KNOWN + 1);
    assert_int_equal(sql_int(f->path, "SELECT count(*) FROM citation"),
                     KNOWN + UNKNOWN);
}

static void test_audit_log(void **state)
{
    struct fixture *f = *state;
    struct bz_audit_entry e1 = {.actor = "cli",
                                .action = "merge",
                                .subject = "R1",
                                .detail = "{\"from\":\"R2\"}",
                                .reason = "same person"};
    struct bz_audit_entry e2 = {
        .actor = "cli", .action = "split", .subject = "R3"};
    struct bz_audit_entry bad = {.actor = "cli", .action = "merge"};
    struct bz_audit_entry *list;
    struct bz_error err;
    size_t n;

    assert_int_equal(f->store->ops->audit_append(f->store, &e1, &err), BZ_OK);
    assert_int_equal(f->store->ops->audit_append(f->store, &e2, &err), BZ_OK);
    assert_int_equal(f->store->ops->audit_append(f->store, &bad, &err),
                     BZ_INVALID);
    assert_int_equal(
        f->store->ops->audit_list(f->store, &f->arena, "R1", &list, &n, &err),
        BZ_OK);
    assert_int_equal(n, 1);
    assert_string_equal(list[0].action, "merge");
    assert_string_equal(list[0].reason, "same person");
    assert_string_equal(list[0].detail, "{\"from\":\"R2\"}");
    assert_int_equal(strlen(list[0].at), 20); /* 2026-12-03T16:20:00Z */
    assert_int_equal(list[0].at[19], 'Z');
    assert_int_equal(
        f->store->ops->audit_list(f->store, &f->arena, NULL, &list, &n, &err),
        BZ_OK);
    assert_int_equal(n, 2);
    assert_null(list[1].reason);
}

/* Three works: W1 by Ada (A1) and Bob (B1), W2 by Ada-as-A2 alone, W3 by
 * Bob alone. */
static void merge_fixture(struct fixture *f)
{
    struct bz_external_id a1[] = {{"openalex", "A1", NULL}};
    struct bz_external_id a2[] = {{"orcid", "0000-0001-0000-0002", NULL}};
    struct bz_external_id b1[] = {{"openalex", "B1", NULL}};
    struct bz_author_record w1_authors[] = {
        {.raw_name = "Ada Lovelace", .ids = a1, .id_count = 1},
        {.raw_name = "Bob Babbage", .ids = b1, .id_count = 1}};
    struct bz_author_record w2_authors[] = {
        {.raw_name = "A. Lovelace", .ids = a2, .id_count = 1}};
    struct bz_author_record w3_authors[] = {
        {.raw_name = "Bob Babbage", .ids = b1, .id_count = 1}};
    struct bz_external_id i1[] = {{"doi", "10.1/w1", NULL}};
    struct bz_external_id i2[] = {{"doi", "10.1/w2", NULL}};
    struct bz_external_id i3[] = {{"doi", "10.1/w3", NULL}};
    struct bz_work_record w1 =
        record_of("openalex", "One", i1, 1, w1_authors, N(w1_authors));
    struct bz_work_record w2 =
        record_of("openalex", "Two", i2, 1, w2_authors, N(w2_authors));
    struct bz_work_record w3 =
        record_of("openalex", "Three", i3, 1, w3_authors, N(w3_authors));
    struct bz_import_tally t;

    import_ok(f->store, &w1, &t); /* R1 Ada, R2 Bob */
    import_ok(f->store, &w2, &t); /* R3 A. Lovelace */
    import_ok(f->store, &w3, &t);
}

static struct bz_researcher get_researcher(struct fixture *f, int64_t id)
{
    struct bz_researcher r;
    struct bz_error err;

    assert_int_equal(
        f->store->ops->researcher_get(f->store, &f->arena, id, &r, &err),
        BZ_OK);
    return r;
}

static void test_researcher_merge(void **state)
{
    struct fixture *f = *state;
    const char *const words[] = {"a"};
    struct bz_researcher *list;
    struct bz_error err;
    struct bz_researcher r;
    size_t n;
    int more;

    merge_fixture(f);
    assert_int_equal(f->store->ops->researcher_merge(f->store, 1, 3, &err),
                     BZ_OK);
    r = get_researcher(f, 1);
    assert_int_equal(r.work_count, 2);
    assert_int_equal(r.id_count, 2);
    assert_int_equal(get_researcher(f, 3).merged_into, 1);
    assert_int_equal(get_researcher(f, 3).work_count, 0);
    assert_int_equal(researcher_by(f->store, "orcid", "0000-0001-0000-0002"),
                     1);
    /* the merged record's name is kept for search */
    assert_int_equal(f->store->ops->researcher_list(f->store, &f->arena, words,
                                                    1, 0, 10, &list, &n, &more,
                                                    &err),
                     BZ_OK);
    assert_int_equal(n, 1);
    assert_int_equal(list[0].id, 1);

    /* refusals: itself, into or from a merged record, unknown ids */
    assert_int_equal(f->store->ops->researcher_merge(f->store, 1, 1, &err),
                     BZ_INVALID);
    assert_int_equal(f->store->ops->researcher_merge(f->store, 3, 2, &err),
                     BZ_CONFLICT);
    assert_int_equal(f->store->ops->researcher_merge(f->store, 2, 3, &err),
                     BZ_CONFLICT);
    assert_int_equal(f->store->ops->researcher_merge(f->store, 1, 99, &err),
                     BZ_NOT_FOUND);

    /* a chain R3 -> R1 -> R2 ends at R2 for both */
    assert_int_equal(f->store->ops->researcher_merge(f->store, 2, 1, &err),
                     BZ_OK);
    assert_int_equal(get_researcher(f, 1).merged_into, 2);
    assert_int_equal(get_researcher(f, 3).merged_into, 2);
    assert_int_equal(get_researcher(f, 2).work_count, 3);
    assert_int_equal(counts_of(f->store).researchers, 1);
}

static void test_researcher_split(void **state)
{
    struct fixture *f = *state;
    int64_t one[] = {1}, both[] = {1, 3}, wrong[] = {2}, twice[] = {1, 1};
    struct bz_error err;
    struct bz_researcher r;
    int64_t new_id;

    merge_fixture(f);
    /* Bob (R2) has W1 and W3 */
    assert_int_equal(
        f->store->ops->researcher_split(f->store, 2, wrong, 1, &new_id, &err),
        BZ_INVALID);
    assert_non_null(strstr(err.message, "W2"));
    assert_int_equal(
        f->store->ops->researcher_split(f->store, 2, both, 2, &new_id, &err),
        BZ_INVALID);
    assert_int_equal(
        f->store->ops->researcher_split(f->store, 2, one, 0, &new_id, &err),
        BZ_INVALID);
    assert_int_equal(
        f->store->ops->researcher_split(f->store, 99, one, 1, &new_id, &err),
        BZ_NOT_FOUND);
    assert_int_equal(counts_of(f->store).researchers, 3);

    assert_int_equal(
        f->store->ops->researcher_split(f->store, 2, twice, 2, &new_id, &err),
        BZ_OK);
    assert_int_equal(new_id, 4);
    r = get_researcher(f, 4);
    assert_string_equal(r.display_name, "Bob Babbage");
    assert_int_equal(r.id_count, 0);
    assert_int_equal(r.work_count, 1);
    assert_int_equal(get_researcher(f, 2).work_count, 1);

    /* and back */
    assert_int_equal(f->store->ops->researcher_merge(f->store, 2, 4, &err),
                     BZ_OK);
    assert_int_equal(get_researcher(f, 2).work_count, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
        T(test_open_migrates),
        T(test_open_newer_schema_refused),
        T(test_open_urls),
        T(test_open_concurrent_migrates_once),
        T(test_import_new_work),
        T(test_import_again_changes_nothing),
        T(test_import_merges_second_source),
        T(test_import_empty_title_stores_nothing),
        T(test_import_failure_rolls_back_record),
        T(test_import_rollback_and_autocommit),
        T(test_import_author_matched_by_id),
        T(test_researcher_works_order),
        T(test_researcher_topics_with_parents),
        T(test_assigned_topic_has_its_own_source),
        T(test_researcher_coauthorships),
        T(test_researcher_list_words_and_paging),
        T(test_researcher_followers),
        T(test_institutions_and_affiliation),
        T(test_affiliation_years_widen),
        T(test_topic_parent_never_loops),
        T(test_read_out_of_arena_memory),
        T(test_generation_follows_commits),
        T(test_unknown_ids_not_found),
        T(test_title_match_merges_versions),
        T(test_title_match_year_within_one),
        T(test_title_match_needs_same_first_author),
        T(test_title_match_needs_known_years),
        T(test_title_match_keeps_works_apart),
        T(test_title_match_surname_forms),
        T(test_import_researcher_create_and_match),
        T(test_import_researcher_invalid),
        T(test_import_researcher_current_affiliation),
        T(test_import_institution_create_and_match),
        T(test_import_venue_create_and_match),
        T(test_import_topic_create_and_match),
        T(test_add_alias_followed_by_find),
        T(test_works_page),
        T(test_transaction_cache_follows_writes),
        T(test_open_in_memory),
        T(test_migration_2_on_version_1),
        T(test_migration_17_keeps_authorships),
        T(test_citation_counts_per_source),
        T(test_citation_edges_resolve),
        T(test_citation_many_references),
        T(test_audit_log),
        T(test_researcher_merge),
        T(test_researcher_split),
#undef T
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
