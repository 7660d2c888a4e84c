/* test_store_citation_index.c - between import_begin and import_end the
 * citation index rows wait in memory across commits; the works wait in
 * citation_pending, and a run that stops short is mended by the next. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sql.h"
#include "store/store.h"
#include "store/store_sql_internal.h"
#include "support/test_db.h"
#include "support/test_env.h"

static struct bz_external_id cited[] = {{"openalex", "W9", "openalex"},
                                        {"doi", "10.1/ten", "openalex"}};

static struct bz_work_record citing_work(const char *title,
                                         struct bz_external_id *id)
{
    struct bz_work_record r = bz_test_work(title, id);

    r.references = cited;
    r.reference_count = 2;
    return r;
}

static int64_t query_int(const struct bz_test_store *f, const char *query)
{
    return bz_test_db_int(&f->db, query);
}

static int64_t index_rows(const struct bz_test_store *f)
{
    return query_int(f, "SELECT count(*) FROM citation");
}

static int64_t pending(const struct bz_test_store *f)
{
    return query_int(f, "SELECT count(*) FROM citation_pending");
}

static void import_one(struct bz_store *store, const char *title,
                       struct bz_external_id *id)
{
    struct bz_work_record r = citing_work(title, id);
    struct bz_import_tally t = {0};
    struct bz_error err;

    assert_int_equal(store->ops->import_work(store, &r, &t, &err), BZ_OK);
}

/* A run begins on store, stores one work and commits. */
static void run_begins_with(struct bz_store *store, const char *title,
                            struct bz_external_id *id)
{
    struct bz_error err;

    assert_int_equal(store->ops->begin(store, &err), BZ_OK);
    assert_int_equal(store->ops->import_begin(store, &err), BZ_OK);
    import_one(store, title, id);
    assert_int_equal(store->ops->commit(store, &err), BZ_OK);
}

/* A run begins, stores work "First" (W1) and commits: its rows are kept
 * back, the work pending. */
static void first_commit_kept(struct bz_test_store *f)
{
    static struct bz_external_id a = {"openalex", "W1", "openalex"};

    run_begins_with(f->store, "First", &a);
    assert_int_equal(index_rows(f), 0);
    assert_int_equal(pending(f), 1);
}

/* The run ends: the first work's two rows are in, and no other's. */
static void end_run_first_indexed(struct bz_test_store *f)
{
    struct bz_store *store = f->store;
    struct bz_error err;

    assert_int_equal(store->ops->begin(store, &err), BZ_OK);
    assert_int_equal(store->ops->import_end(store, &err), BZ_OK);
    assert_int_equal(store->ops->commit(store, &err), BZ_OK);
    assert_int_equal(index_rows(f), 2);
    assert_int_equal(query_int(f, "SELECT count(*) FROM citation "
                                  "WHERE citing_work_id <> 1"),
                     0);
    assert_int_equal(pending(f), 0);
}

/* Kept across a commit, the rows of a rolled back transaction dropped,
 * the rest written at import_end; outside a run a commit writes them. */
static void test_rows_kept_until_import_end(void **state)
{
    struct bz_test_store *f = *state;
    struct bz_store *store = f->store;
    struct bz_external_id b = {"openalex", "W2", "openalex"};
    struct bz_external_id c = {"openalex", "W3", "openalex"};
    struct bz_error err;

    first_commit_kept(f);

    assert_int_equal(store->ops->begin(store, &err), BZ_OK);
    import_one(store, "Gone", &b);
    assert_int_equal(store->ops->rollback(store, &err), BZ_OK);

    end_run_first_indexed(f);

    /* no run: the commit writes them */
    assert_int_equal(store->ops->begin(store, &err), BZ_OK);
    import_one(store, "Third", &c);
    assert_int_equal(store->ops->commit(store, &err), BZ_OK);
    assert_int_equal(index_rows(f), 4);
    assert_int_equal(pending(f), 0);

    /* a run begins and ends inside a transaction */
    assert_int_equal(store->ops->import_begin(store, &err), BZ_STORE);
    assert_int_equal(store->ops->import_end(store, &err), BZ_STORE);
}

/* Rows kept from a commit, then written by a flush inside a transaction
 * that rolls back: the rollback takes them back, its own rows do not stay
 * queued, and import_end writes the lost ones again from the works' stored
 * lists. (The flush is forced: the bytes kept back are lowered to one.) */
static void test_rollback_after_a_flush(void **state)
{
    struct bz_test_store *f = *state;
    struct bz_store *store = f->store;
    struct bz_external_id b = {"openalex", "W2", "openalex"};
    struct bz_error err;

    first_commit_kept(f);
    store_sql_of(store)->copy_keep = 1;
    assert_int_equal(store->ops->begin(store, &err), BZ_OK);
    assert_int_equal(store->ops->group_begin(store, &err), BZ_OK);
    import_one(store, "Gone", &b);
    assert_int_equal(store->ops->group_end(store, &err), BZ_OK); /* flush */
    import_one(store, "Gone too", &b);
    assert_int_equal(store->ops->rollback(store, &err), BZ_OK);
    assert_int_equal(index_rows(f), 0);
    assert_int_equal(pending(f), 1); /* the first work's, still */

    end_run_first_indexed(f);
}

/* A run that never reached import_end (its process died) leaves its works
 * pending; the next run's import_begin writes their rows from the stored
 * reference lists, once. */
static void test_next_run_mends_a_stopped_one(void **state)
{
    struct bz_test_store *f = *state;
    struct bz_external_id a = {"openalex", "W1", "openalex"};
    struct bz_external_id b = {"openalex", "W2", "openalex"};
    struct bz_store *next = NULL;
    struct bz_error err;

    assert_int_equal(f->store->ops->begin(f->store, &err), BZ_OK);
    assert_int_equal(f->store->ops->import_begin(f->store, &err), BZ_OK);
    import_one(f->store, "First", &a);
    import_one(f->store, "Second", &b);
    assert_int_equal(f->store->ops->commit(f->store, &err), BZ_OK);
    assert_int_equal(index_rows(f), 0);
    assert_int_equal(pending(f), 2);

    assert_int_equal(bz_store_open(f->db.url, &next, &err), BZ_OK);
    assert_int_equal(next->ops->begin(next, &err), BZ_OK);
    assert_int_equal(next->ops->import_begin(next, &err), BZ_OK);
    assert_int_equal(next->ops->import_end(next, &err), BZ_OK);
    assert_int_equal(next->ops->commit(next, &err), BZ_OK);
    assert_int_equal(index_rows(f), 4);
    assert_int_equal(pending(f), 0);
    assert_int_equal(query_int(f, "SELECT count(*) FROM citation "
                                  "WHERE cited_value = '10.1/ten'"),
                     2);
    bz_store_close(next);
}

/* Three commits of a run, each past the bytes kept back: without a bulk
 * path (SQLite) each sends its rows to the file of runs (runs_expected of
 * them are there), and none is in
 * the index until import_end merges them, with the rows still in memory;
 * a rolled back transaction's rows are in neither. PostgreSQL writes them
 * at each commit. Either way the index ends whole, nothing pending. */
static void run_of_spilling_commits(struct bz_test_store *f,
                                    size_t runs_expected)
{
    static struct bz_external_id id[] = {{"openalex", "W1", "openalex"},
                                         {"openalex", "W2", "openalex"},
                                         {"openalex", "W3", "openalex"},
                                         {"openalex", "W4", "openalex"},
                                         {"openalex", "W5", "openalex"}};
    static const char *const title[] = {"One", "Two", "Three", "Gone",
                                        "Kept"};
    struct bz_store *store = f->store;
    struct store_sql *s = store_sql_of(store);
    int spills = s->sql->driver->copy_in == NULL;
    struct bz_error err;

    s->copy_keep = 30; /* a work's two rows take 41 bytes */
    assert_int_equal(store->ops->begin(store, &err), BZ_OK);
    assert_int_equal(store->ops->import_begin(store, &err), BZ_OK);
    assert_int_equal(store->ops->commit(store, &err), BZ_OK);
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(store->ops->begin(store, &err), BZ_OK);
        import_one(store, title[i], &id[i]);
        if (i == 3) {
            assert_int_equal(store->ops->rollback(store, &err), BZ_OK);
            continue;
        }
        /* the last stays in memory: the next commit is import_end's */
        if (i == 4)
            s->copy_keep = 1u << 20;
        assert_int_equal(store->ops->commit(store, &err), BZ_OK);
    }
    if (spills) {
        assert_int_equal(s->citation_runs.count, runs_expected);
        assert_int_equal(index_rows(f), 0);
        assert_int_equal(pending(f), 4);
    }
    assert_int_equal(store->ops->begin(store, &err), BZ_OK);
    assert_int_equal(store->ops->import_end(store, &err), BZ_OK);
    assert_int_equal(store->ops->commit(store, &err), BZ_OK);
    assert_int_equal(s->citation_runs.count, 0);
}

static void test_spilled_runs_merged_at_import_end(void **state)
{
    struct bz_test_store *f = *state;

    run_of_spilling_commits(f, 3);
    assert_int_equal(index_rows(f), 8);
    assert_int_equal(query_int(f, "SELECT count(*) FROM citation WHERE "
                                  "citing_work_id NOT IN "
                                  "(SELECT id FROM work)"),
                     0); /* "Gone" left no row */
    assert_int_equal(query_int(f, "SELECT count(*) FROM work"), 4);
    assert_int_equal(pending(f), 0);
}

/* When the file of runs cannot be made, the rows kept are dropped at each
 * commit, and import_end writes them from the works' stored lists: the
 * index is the same, only slower to make. */
static void test_spill_failure_mended(void **state)
{
    struct bz_test_store *f = *state;
    char *kept = test_env_set("TMPDIR", "/nonexistent/bzpeer-test");

    run_of_spilling_commits(f, 0); /* each spill failed */
    test_env_restore("TMPDIR", kept);
    assert_int_equal(index_rows(f), 8);
    assert_int_equal(pending(f), 0);
}

/* Works leave citation_pending by ranges of consecutive ids, and a range
 * holds only works whose rows are in: a work another run stored between
 * two of this run's stays pending when this run's rows go in (here by a
 * flush at a group's end, the bytes kept back lowered to one). */
static void test_pending_ranges_exact(void **state)
{
    struct bz_test_store *f = *state;
    struct bz_external_id b = {"openalex", "W2", "openalex"};
    struct bz_external_id c = {"openalex", "W3", "openalex"};
    struct bz_store *other = NULL, *store = f->store;
    struct bz_error err;

    assert_int_equal(bz_store_open(f->db.url, &other, &err), BZ_OK);
    first_commit_kept(f);

    run_begins_with(other, "Second", &b);
    /* its import_begin wrote the first work's rows from its list */
    assert_int_equal(index_rows(f), 2);
    assert_int_equal(pending(f), 1);

    store_sql_of(store)->copy_keep = 1;
    assert_int_equal(store->ops->begin(store, &err), BZ_OK);
    assert_int_equal(store->ops->group_begin(store, &err), BZ_OK);
    import_one(store, "Third", &c);
    assert_int_equal(store->ops->group_end(store, &err), BZ_OK); /* flush */
    assert_int_equal(store->ops->commit(store, &err), BZ_OK);
    assert_int_equal(index_rows(f), 4);
    assert_int_equal(pending(f), 1);
    assert_int_equal(query_int(f, "SELECT work_id FROM citation_pending"), 2);

    assert_int_equal(other->ops->begin(other, &err), BZ_OK);
    assert_int_equal(other->ops->import_end(other, &err), BZ_OK);
    assert_int_equal(other->ops->commit(other, &err), BZ_OK);
    assert_int_equal(pending(f), 0);
    assert_int_equal(index_rows(f), 6);
    bz_store_close(other);
}

/* A record's references come sorted from the import's reader thread, or
 * in any order from elsewhere: either way the stored list is the distinct
 * pairs, sorted, and each has one row. */
static void test_references_in_any_order(void **state)
{
    struct bz_test_store *f = *state;
    struct bz_external_id id = {"openalex", "W1", "openalex"};
    struct bz_external_id refs[] = {{"openalex", "W9", "openalex"},
                                    {"doi", "10.1/ten", "openalex"},
                                    {"openalex", "W10", "openalex"},
                                    {"openalex", "W9", "openalex"}};
    struct bz_work_record r = bz_test_work("Unsorted", &id);
    struct bz_import_tally t = {0};
    struct bz_error err;

    r.references = refs;
    r.reference_count = 4;
    assert_int_equal(f->store->ops->begin(f->store, &err), BZ_OK);
    assert_int_equal(f->store->ops->import_work(f->store, &r, &t, &err),
                     BZ_OK);
    assert_int_equal(f->store->ops->commit(f->store, &err), BZ_OK);
    assert_int_equal(index_rows(f), 3);
    assert_int_equal(query_int(f, "SELECT reference_count FROM "
                                  "work_reference"),
                     3);
    assert_int_equal(query_int(f, "SELECT refs = '[[\"doi\",\"10.1/ten\"],"
                                  "[\"openalex\",\"W10\"],"
                                  "[\"openalex\",\"W9\"]]' "
                                  "FROM work_reference"),
                     1);
}

#define CITATION_INDEX_TESTS(engine)                                           \
    {                                                                          \
        BZ_TEST_STORE(test_rows_kept_until_import_end, engine),                \
        BZ_TEST_STORE(test_next_run_mends_a_stopped_one, engine),              \
        BZ_TEST_STORE(test_rollback_after_a_flush, engine),                    \
        BZ_TEST_STORE(test_spilled_runs_merged_at_import_end, engine),         \
        BZ_TEST_STORE(test_spill_failure_mended, engine),                      \
        BZ_TEST_STORE(test_pending_ranges_exact, engine),                      \
        BZ_TEST_STORE(test_references_in_any_order, engine),                   \
    }

BZ_TEST_ENGINES_MAIN("citation index", CITATION_INDEX_TESTS)
