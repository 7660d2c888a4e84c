/* test_store_groups.c - a group of writes shares one savepoint: kept whole
 * at its end, taken back whole when undone, on both engines. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "store/sql.h"
#include "store/store.h"
#include "support/test_db.h"

static long works_of(struct bz_store *store)
{
    struct bz_store_counts c;
    struct bz_error err;

    assert_int_equal(store->ops->counts(store, &c, &err), BZ_OK);
    return c.works;
}

/* A topic named "boom" fails to insert, as a broken database would: the
 * write fails half-way, after its work is written. */
static void add_boom_trigger(struct bz_test_store *f)
{
    static const char sqlite_text[] =
        "CREATE TRIGGER boom BEFORE INSERT ON topic "
        "WHEN NEW.external_id = 'boom' "
        "BEGIN SELECT RAISE(ABORT, 'boom'); END";
    static const char pg_text[] =
        "CREATE FUNCTION boom() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN IF NEW.external_id = 'boom' THEN RAISE EXCEPTION 'boom'; "
        "END IF; RETURN NEW; END $$;"
        "CREATE TRIGGER boom BEFORE INSERT ON topic "
        "FOR EACH ROW EXECUTE FUNCTION boom()";
    struct bz_error err = {0};
    struct bz_sql *sql;

    assert_int_equal(bz_sql_open(f->db.url, &sql, &err), BZ_OK);
    assert_int_equal(bz_sql_exec(sql, "trigger",
                                 f->db.postgresql ? pg_text : sqlite_text,
                                 &err),
                     BZ_OK);
    bz_sql_close(sql);
}

static void test_group_end_keeps_its_records(void **state)
{
    struct bz_test_store *f = *state;
    struct bz_store *store = f->store;
    struct bz_external_id a = {"openalex", "W1", "openalex"};
    struct bz_external_id b = {"openalex", "W2", "openalex"};
    struct bz_work_record ra = bz_test_work("First", &a);
    struct bz_work_record rb = bz_test_work("Second", &b);
    struct bz_import_tally t = {0};
    struct bz_error err;

    /* a group lives inside a transaction, one at a time */
    assert_int_equal(store->ops->group_begin(store, &err), BZ_STORE);
    assert_int_equal(store->ops->begin(store, &err), BZ_OK);
    assert_int_equal(store->ops->group_begin(store, &err), BZ_OK);
    assert_int_equal(store->ops->group_begin(store, &err), BZ_STORE);
    assert_int_equal(store->ops->import_work(store, &ra, &t, &err), BZ_OK);
    assert_int_equal(store->ops->import_work(store, &rb, &t, &err), BZ_OK);
    assert_false(store->ops->group_failed(store));
    assert_int_equal(store->ops->group_end(store, &err), BZ_OK);
    assert_int_equal(store->ops->group_end(store, &err), BZ_STORE);
    assert_int_equal(store->ops->commit(store, &err), BZ_OK);
    assert_int_equal(t.new_works, 2);
    assert_int_equal(works_of(store), 2);

    /* undone: nothing of the group stays, what came before it does */
    struct bz_external_id c = {"openalex", "W3", "openalex"};
    struct bz_work_record rc = bz_test_work("Third", &c);

    assert_int_equal(store->ops->begin(store, &err), BZ_OK);
    assert_int_equal(store->ops->import_work(store, &rc, &t, &err), BZ_OK);
    assert_int_equal(store->ops->group_begin(store, &err), BZ_OK);
    ra.title = "First, again";
    assert_int_equal(store->ops->import_work(store, &ra, &t, &err), BZ_OK);
    assert_int_equal(store->ops->group_undo(store, &err), BZ_OK);
    assert_int_equal(store->ops->group_undo(store, &err), BZ_STORE);
    assert_int_equal(store->ops->commit(store, &err), BZ_OK);
    assert_int_equal(works_of(store), 3);
}

/* A write failing half-way in a group: on SQLite the group holds the
 * half-written record until it is undone, and must not be ended; on
 * PostgreSQL (which reports failures late) the record still has a
 * savepoint of its own. Either way undoing the group leaves nothing of
 * it, and a group written again afterwards is whole. */
static void test_group_failed_write_is_undone(void **state)
{
    struct bz_test_store *f = *state;
    struct bz_store *store = f->store;
    struct bz_external_id a = {"openalex", "W1", "openalex"};
    struct bz_external_id b = {"openalex", "W2", "openalex"};
    struct bz_topic_record topic = {
        .scheme = "openalex", .external_id = "boom", .display_name = "Boom"};
    struct bz_work_record good = bz_test_work("Good", &a);
    struct bz_work_record bad = bz_test_work("Doomed", &b);
    struct bz_import_tally t = {0};
    struct bz_error err;

    add_boom_trigger(f);
    bad.topics = &topic;
    bad.topic_count = 1;

    assert_int_equal(store->ops->begin(store, &err), BZ_OK);
    assert_int_equal(store->ops->group_begin(store, &err), BZ_OK);
    assert_int_equal(store->ops->import_work(store, &good, &t, &err), BZ_OK);
    assert_int_equal(store->ops->import_work(store, &bad, &t, &err),
                     BZ_STORE);
    assert_non_null(strstr(err.message, "boom"));
    assert_int_equal(store->ops->group_failed(store), !f->db.postgresql);
    if (!f->db.postgresql) {
        assert_int_equal(store->ops->group_end(store, &err), BZ_STORE);
        assert_non_null(strstr(err.message, "undone"));
    }
    assert_int_equal(store->ops->group_undo(store, &err), BZ_OK);
    assert_false(store->ops->group_failed(store));

    /* the caller writes again what it keeps */
    assert_int_equal(store->ops->group_begin(store, &err), BZ_OK);
    assert_int_equal(store->ops->import_work(store, &good, &t, &err), BZ_OK);
    assert_int_equal(store->ops->group_end(store, &err), BZ_OK);
    assert_int_equal(store->ops->commit(store, &err), BZ_OK);
    assert_int_equal(works_of(store), 1);

    struct bz_work w;
    int64_t id;

    assert_int_equal(store->ops->work_find(store, "openalex", "W2", &id, &err),
                     BZ_NOT_FOUND);
    assert_int_equal(store->ops->work_find(store, "openalex", "W1", &id, &err),
                     BZ_OK);
    assert_int_equal(store->ops->work_get(store, &f->arena, id, &w, &err),
                     BZ_OK);
    assert_string_equal(w.title, "Good");
}

static int64_t query_int(const struct bz_test_store *f, const char *query)
{
    return bz_test_db_int(&f->db, query);
}

/* A group's authorships wait for its end and go in many a statement: a
 * work met twice in the group takes its authors once, an institution
 * listed twice by one author is one link, and one author's affiliation
 * over several works is one row whose years span theirs (an unknown year
 * widens nothing). 40 works: more than one statement's rows. */
static void test_group_writes_authorships_at_its_end(void **state)
{
    struct bz_test_store *f = *state;
    struct bz_store *store = f->store;
    struct bz_external_id ada_id = {"orcid", "0000-0002-1825-0097", "openalex"};
    struct bz_external_id inst_id = {"ror", "042nb2s44", "openalex"};
    struct bz_institution_record insts[] = {
        {"MIT", &inst_id, 1, "US", NULL}, {"MIT", &inst_id, 1, "US", NULL}};
    struct bz_author_record authors[] = {
        {"Ada Lovelace", NULL, &ada_id, 1, insts, 2},
        {"Bob Babbage", NULL, NULL, 0, insts, 1}};
    struct bz_external_id ids[40];
    char values[40][16], titles[40][32];
    struct bz_import_tally t = {0};
    struct bz_error err;

    assert_int_equal(store->ops->begin(store, &err), BZ_OK);
    assert_int_equal(store->ops->group_begin(store, &err), BZ_OK);
    for (int i = 0; i < 40; i++) {
        struct bz_work_record r;

        snprintf(values[i], sizeof(values[i]), "W%d", i + 1);
        snprintf(titles[i], sizeof(titles[i]), "Work number %d", i + 1);
        ids[i] = (struct bz_external_id){"openalex", values[i], "openalex"};
        r = bz_test_work(titles[i], &ids[i]);
        r.publication_year = i == 0 ? 0 : 1990 + i % 20; /* 1990..2009 */
        r.authors = authors;
        r.author_count = 2;
        assert_int_equal(store->ops->import_work(store, &r, &t, &err), BZ_OK);
    }
    /* the first again, from another source: no second set of authors */
    struct bz_work_record again = bz_test_work(titles[0], &ids[0]);

    again.source = "crossref";
    again.authors = authors;
    again.author_count = 2;
    assert_int_equal(store->ops->import_work(store, &again, &t, &err), BZ_OK);
    assert_int_equal(store->ops->group_end(store, &err), BZ_OK);
    assert_int_equal(store->ops->commit(store, &err), BZ_OK);

    assert_int_equal(query_int(f, "SELECT count(*) FROM authorship"), 80);
    assert_int_equal(query_int(f, "SELECT count(*) FROM authorship "
                                  "WHERE position = 2 AND raw_name = "
                                  "'Bob Babbage'"),
                     40);
    assert_int_equal(
        query_int(f, "SELECT count(*) FROM authorship_institution"), 80);
    /* Ada's one, and one for each name-only Bob (a record a work) */
    assert_int_equal(query_int(f, "SELECT count(*) FROM affiliation"), 41);
    assert_int_equal(query_int(f, "SELECT count(*) FROM affiliation "
                                  "WHERE source = 'openalex'"),
                     41);
    assert_int_equal(query_int(f, "SELECT first_year * 10000 + last_year "
                                  "FROM affiliation WHERE researcher_id = "
                                  "(SELECT researcher_id FROM researcher_id "
                                  "WHERE scheme = 'orcid')"),
                     19902009);
    /* the Bob of the first work, whose year is unknown */
    assert_int_equal(query_int(f, "SELECT first_year FROM affiliation "
                                  "WHERE researcher_id = (SELECT "
                                  "researcher_id FROM authorship "
                                  "WHERE work_id = 1 AND position = 2)"),
                     -1);
}

/* A rollback ends the group with the transaction. */
static void test_group_ends_with_its_transaction(void **state)
{
    struct bz_test_store *f = *state;
    struct bz_store *store = f->store;
    struct bz_external_id a = {"openalex", "W1", "openalex"};
    struct bz_work_record r = bz_test_work("Gone", &a);
    struct bz_import_tally t = {0};
    struct bz_error err;

    assert_int_equal(store->ops->begin(store, &err), BZ_OK);
    assert_int_equal(store->ops->group_begin(store, &err), BZ_OK);
    assert_int_equal(store->ops->import_work(store, &r, &t, &err), BZ_OK);
    assert_int_equal(store->ops->rollback(store, &err), BZ_OK);
    assert_int_equal(store->ops->group_end(store, &err), BZ_STORE);
    assert_int_equal(works_of(store), 0);
    assert_int_equal(store->ops->begin(store, &err), BZ_OK);
    assert_int_equal(store->ops->group_begin(store, &err), BZ_OK);
    assert_int_equal(store->ops->import_work(store, &r, &t, &err), BZ_OK);
    assert_int_equal(store->ops->group_end(store, &err), BZ_OK);
    assert_int_equal(store->ops->commit(store, &err), BZ_OK);
    assert_int_equal(works_of(store), 1);
}

#define STORE_GROUP_TESTS(engine)                                              \
    {                                                                          \
        BZ_TEST_STORE(test_group_end_keeps_its_records, engine),               \
        BZ_TEST_STORE(test_group_failed_write_is_undone, engine),              \
        BZ_TEST_STORE(test_group_ends_with_its_transaction, engine),           \
        BZ_TEST_STORE(test_group_writes_authorships_at_its_end, engine),       \
    }

BZ_TEST_ENGINES_MAIN("store groups", STORE_GROUP_TESTS)
