/* test_store_authors_again.c - a work seen again from a second source
 * keeps its first authorships, and their researchers gain the ids the
 * second source gives where the names agree; on both engines, with the
 * first authorships written or still waiting in a group. */
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

static struct bz_external_id doi[] = {{"doi", "10.1/engine", NULL}};
static struct bz_external_id ada_orcid[] = {
    {"orcid", "0000-0002-1825-0097", NULL}};
static struct bz_external_id mary_orcid[] = {
    {"orcid", "0000-0001-5109-3700", NULL}};
static struct bz_external_id third_orcid[] = {
    {"orcid", "0000-0003-1415-9265", NULL}};

/* Crossref's: two name-only authors. */
static struct bz_work_record first_source(struct bz_author_record *authors)
{
    struct bz_work_record r = {0};

    authors[0] = (struct bz_author_record){.raw_name = "Ada Lovelace"};
    authors[1] = (struct bz_author_record){.raw_name = "Charles Babbage"};
    r.source = "crossref";
    r.source_record = "10.1/engine";
    r.title = "Notes on the analytical engine";
    r.publication_year = 1843;
    r.ids = doi;
    r.id_count = 1;
    r.authors = authors;
    r.author_count = 2;
    return r;
}

/* OpenAlex's: the first author under another form of her name with her
 * ORCID; at the second place a name that is not Babbage's, with an
 * ORCID; a third author the first source did not list. */
static struct bz_work_record second_source(struct bz_author_record *authors)
{
    struct bz_work_record r = first_source(authors);

    authors[0] = (struct bz_author_record){
        .raw_name = "A. Lovelace", .ids = ada_orcid, .id_count = 1};
    authors[1] = (struct bz_author_record){
        .raw_name = "Mary Shelley", .ids = mary_orcid, .id_count = 1};
    authors[2] = (struct bz_author_record){
        .raw_name = "L. F. Menabrea", .ids = third_orcid, .id_count = 1};
    r.source = "openalex";
    r.source_record = "W1843";
    r.author_count = 3;
    return r;
}

static void import(struct bz_store *store, const struct bz_work_record *r,
                   struct bz_import_tally *t)
{
    struct bz_error err;

    memset(t, 0, sizeof(*t));
    assert_int_equal(store->ops->import_work(store, r, t, &err), BZ_OK);
}

static int64_t researcher_of(struct bz_store *store, struct bz_external_id *id)
{
    struct bz_error err;
    int64_t r = 0;

    if (store->ops->researcher_find(store, id->scheme, id->value, &r,
                                    &err) != BZ_OK)
        return 0;
    return r;
}

static void check_lent(struct bz_test_store *f, int grouped)
{
    struct bz_store *store = f->store;
    struct bz_author_record a1[3], a2[3];
    struct bz_work_record first = first_source(a1);
    struct bz_work_record second = second_source(a2);
    struct bz_import_tally t;
    struct bz_error err;
    int64_t ada;

    assert_int_equal(store->ops->begin(store, &err), BZ_OK);
    if (grouped)
        assert_int_equal(store->ops->group_begin(store, &err), BZ_OK);
    import(store, &first, &t);
    assert_int_equal(t.new_researchers, 2);
    if (!grouped) {
        /* the pass had weighed the first records */
        assert_int_equal(store->ops->commit(store, &err), BZ_OK);
        assert_int_equal(bz_test_db_int(&f->db, "SELECT count(*) FROM "
                                                "researcher WHERE "
                                                "identity_state = 0"),
                         2);
        struct bz_sql *sql;

        assert_int_equal(bz_sql_open(f->db.url, &sql, &err), BZ_OK);
        assert_int_equal(bz_sql_exec(sql, "test",
                                     "UPDATE researcher SET "
                                     "identity_state = 1",
                                     &err),
                         BZ_OK);
        bz_sql_close(sql);
        assert_int_equal(store->ops->begin(store, &err), BZ_OK);
    }
    import(store, &second, &t);
    assert_int_equal(t.updated_researchers, 1);
    assert_int_equal(t.new_researchers, 0);
    if (grouped)
        assert_int_equal(store->ops->group_end(store, &err), BZ_OK);
    assert_int_equal(store->ops->commit(store, &err), BZ_OK);

    ada = researcher_of(store, &ada_orcid[0]);
    assert_int_equal(ada, bz_test_db_int(&f->db, "SELECT researcher_id "
                                                 "FROM authorship WHERE "
                                                 "position = 1"));
    assert_int_equal(researcher_of(store, &mary_orcid[0]), 0);
    assert_int_equal(researcher_of(store, &third_orcid[0]), 0);
    assert_int_equal(bz_test_db_int(&f->db, "SELECT count(*) FROM authorship"),
                     2);
    if (!grouped)
        assert_int_equal(bz_test_db_int(&f->db, "SELECT count(*) FROM "
                                                "researcher WHERE "
                                                "identity_state = 0"),
                         1);

    /* and again: nothing new */
    assert_int_equal(store->ops->begin(store, &err), BZ_OK);
    import(store, &second, &t);
    assert_int_equal(t.updated_researchers, 0);
    assert_int_equal(store->ops->commit(store, &err), BZ_OK);
}

static void test_ids_lent_to_written_authorships(void **state)
{
    check_lent(*state, 0);
}

static void test_ids_lent_to_waiting_authorships(void **state)
{
    check_lent(*state, 1);
}

/* An id another record carries stays with it. */
static void test_carried_id_stays(void **state)
{
    struct bz_test_store *f = *state;
    struct bz_store *store = f->store;
    struct bz_author_record a0[3], a1[3], a2[3];
    struct bz_external_id other_doi[] = {{"doi", "10.1/bernoulli", NULL}};
    struct bz_work_record earlier = first_source(a0);
    struct bz_work_record first = first_source(a1);
    struct bz_work_record second = second_source(a2);
    struct bz_import_tally t;
    struct bz_error err;

    a0[0] = (struct bz_author_record){
        .raw_name = "Ada King", .ids = ada_orcid, .id_count = 1};
    earlier.ids = other_doi;
    earlier.title = "Note G";
    earlier.author_count = 1;
    assert_int_equal(store->ops->begin(store, &err), BZ_OK);
    import(store, &earlier, &t);
    import(store, &first, &t);
    import(store, &second, &t);
    assert_int_equal(t.updated_researchers, 0);
    assert_int_equal(store->ops->commit(store, &err), BZ_OK);
    assert_int_equal(researcher_of(store, &ada_orcid[0]), 1);
}

#define AUTHORS_AGAIN_TESTS(engine)                                            \
    {                                                                          \
        BZ_TEST_STORE(test_ids_lent_to_written_authorships, engine),           \
        BZ_TEST_STORE(test_ids_lent_to_waiting_authorships, engine),           \
        BZ_TEST_STORE(test_carried_id_stays, engine),                          \
    }

BZ_TEST_ENGINES_MAIN("authors seen again", AUTHORS_AGAIN_TESTS)
