/* test_store_topics.c - a topic first known by its code takes its name. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/store.h"
#include "support/reader_fixture.h"

static void topic(struct bz_store *store, const char *name,
                  struct bz_import_tally *tally)
{
    struct bz_topic_record t = {
        .scheme = "arxiv", .external_id = "cs.LG", .display_name = name,
        .level = "category", .score = 1.0};
    struct bz_error err;

    memset(tally, 0, sizeof(*tally));
    assert_int_equal(store->ops->import_topic(store, &t, tally, &err), BZ_OK);
}

static void name_is(const char *path, const char *want)
{
    sqlite3 *db;
    sqlite3_stmt *st;

    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT display_name FROM topic "
                                        "WHERE scheme = 'arxiv' AND "
                                        "external_id = 'cs.LG'",
                                        -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), want);
    sqlite3_finalize(st);
    sqlite3_close(db);
}

static void test_code_then_name(void **state)
{
    const char *tmp = getenv("BZ_TEST_TMP");
    struct bz_import_tally tally;
    struct bz_store *store;
    struct bz_error err;
    char path[512];

    (void)state;
    snprintf(path, sizeof(path), "%s/topics-%d.db", tmp ? tmp : "/tmp",
             (int)getpid());
    reader_unlink_database(path);
    assert_int_equal(bz_store_open(path, &store, &err), BZ_OK);

    assert_int_equal(store->ops->begin(store, &err), BZ_OK);
    topic(store, "cs.LG", &tally); /* an arXiv record: the code alone */
    assert_int_equal(tally.new_topics, 1);
    topic(store, "Machine Learning", &tally); /* the taxonomy */
    assert_int_equal(tally.updated_topics, 1);
    topic(store, "cs.LG", &tally); /* the code again changes nothing */
    assert_int_equal(tally.updated_topics, 0);
    topic(store, "Learning", &tally); /* nor does another name */
    assert_int_equal(tally.updated_topics, 0);
    assert_int_equal(store->ops->commit(store, &err), BZ_OK);
    name_is(path, "Machine Learning");

    bz_store_close(store);
    reader_unlink_database(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_code_then_name),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
