/* test_identity_pass.c - the name resolution pass over a real store, on
 * SQLite and on PostgreSQL (support/test_db.h): name-only records of one
 * person become one, a conflicting name stays apart, an id-bearing record
 * is the one that survives, also when it comes after its name-only twin,
 * a record claimed after its block was weighed has it weighed again, a
 * record split off is never merged back, and a second pass has nothing to
 * do. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/arena.h"
#include "identity/pass.h"
#include "import/import.h"
#include "store/store.h"
#include "support/test_db.h"

static struct bz_external_id ganguli_id[] = {
    {"orcid", "0000-0002-1825-0097", "crossref"}};

/* Imports a work (DOI doi) by the name-only author name and Surya
 * Ganguli (an ORCID), or by name alone; author_id, when given, is the
 * first author's OpenAlex id. Returns the first author's record. */
static int64_t import_work(struct bz_test_store *f, const char *doi,
                           const char *name, const char *author_id,
                           int with_ganguli, const char *venue, int year)
{
    struct bz_external_id ids[] = {{"doi", doi, "crossref"}};
    struct bz_external_id own[] = {{"openalex", author_id, "crossref"}};
    struct bz_author_record authors[] = {
        {.raw_name = name, .ids = author_id ? own : NULL,
         .id_count = author_id ? 1 : 0},
        {.raw_name = "Surya Ganguli", .ids = ganguli_id, .id_count = 1},
    };
    struct bz_work_record w = {.source = "crossref",
                               .title = doi,
                               .publication_year = year,
                               .venue = venue,
                               .open_access = -1,
                               .ids = ids,
                               .id_count = 1,
                               .authors = authors,
                               .author_count = with_ganguli ? 2 : 1};
    struct bz_import_tally tally = {0};
    struct bz_error err = {0};
    struct bz_work work;
    int64_t id = 0;

    if (f->store->ops->import_work(f->store, &w, &tally, &err) != BZ_OK ||
        f->store->ops->work_find(f->store, "doi", doi, &id, &err) != BZ_OK ||
        f->store->ops->work_get(f->store, &f->arena, id, &work, &err) !=
            BZ_OK)
        fail_msg("import '%s': %s", doi, err.message);
    return work.authorships[0].researcher_id;
}

/* Where record id leads now: itself, or the record it was merged into. */
static int64_t survivor(struct bz_test_store *f, int64_t id)
{
    struct bz_researcher r;
    struct bz_error err = {0};

    if (f->store->ops->researcher_get(f->store, &f->arena, id, &r, &err) !=
        BZ_OK)
        fail_msg("researcher_get R%lld: %s", (long long)id, err.message);
    return r.merged_into ? r.merged_into : id;
}

/* Two works of Subhaneil Lahiri with Surya Ganguli at NeurIPS, 2016 and
 * 2017, by name only: *a and *b are his two records. */
static void import_twins(struct bz_test_store *f, int64_t *a, int64_t *b)
{
    *a = import_work(f, "10.1/a", "Subhaneil Lahiri", NULL, 1, "NeurIPS",
                     2016);
    *b = import_work(f, "10.1/b", "Subhaneil Lahiri", NULL, 1, "NeurIPS",
                     2017);
}

static struct bz_identity_pass_report run_pass(struct bz_test_store *f)
{
    struct bz_identity_pass_report report = {0};
    struct bz_error err = {0};

    if (bz_identity_pass(f->store, &report, &err) != BZ_OK)
        fail_msg("pass: %s", err.message);
    return report;
}

static void test_one_person_one_record(void **state)
{
    struct bz_test_store *f = *state;
    int64_t a = import_work(f, "10.1/a", "Subhaneil Lahiri", NULL, 1,
                            "NeurIPS", 2016);
    int64_t b = import_work(f, "10.1/b", "S. Lahiri", NULL, 1, "NeurIPS",
                            2017);
    int64_t other = import_work(f, "10.1/c", "Sanjay Lahiri", NULL, 1,
                                "NeurIPS", 2017);
    struct bz_identity_pass_report report;
    struct bz_audit_entry *log;
    size_t n;
    struct bz_error err = {0};

    assert_true(a != b && b != other);
    report = run_pass(f);
    assert_int_equal(report.merged, 1);
    assert_int_equal(survivor(f, b), a); /* the older record survives */
    assert_int_equal(survivor(f, other), other); /* Sanjay is not Subhaneil */
    assert_int_equal(
        f->store->ops->audit_list(f->store, &f->arena, NULL, &log, &n, &err),
        BZ_OK);
    assert_true(n >= 2);
    assert_string_equal(log[0].actor, "resolver");

    /* nothing new: nothing to weigh */
    report = run_pass(f);
    assert_int_equal(report.blocks, 0);
    assert_int_equal(report.merged, 0);
}

static void test_id_record_survives(void **state)
{
    struct bz_test_store *f = *state;
    int64_t named = import_work(f, "10.1/a", "Subhaneil Lahiri", NULL, 1,
                                "NeurIPS", 2016);
    int64_t with_id = import_work(f, "10.1/b", "Subhaneil Lahiri",
                                  "A5000000001", 1, "NeurIPS", 2017);
    int64_t alone = import_work(f, "10.1/c", "Subhaneil Lahiri", NULL, 0,
                                "Journal of Far Away Geology", 1971);

    run_pass(f);
    assert_int_equal(survivor(f, named), with_id);
    assert_int_equal(survivor(f, with_id), with_id);
    /* no shared evidence at all, decades apart: not the same person */
    assert_int_equal(survivor(f, alone), alone);
}

/* The id-bearing record comes with a later import: the pass weighs its
 * block again and the older name-only twin joins it. */
static void test_id_record_after_twin(void **state)
{
    struct bz_test_store *f = *state;
    int64_t named = import_work(f, "10.1/a", "Subhaneil Lahiri", NULL, 1,
                                "NeurIPS", 2016);
    int64_t with_id, other;
    struct bz_identity_pass_report report = run_pass(f);

    assert_int_equal(report.merged, 0); /* alone in its block */
    with_id = import_work(f, "10.1/b", "Subhaneil Lahiri", "A5000000001", 1,
                          "NeurIPS", 2017);
    report = run_pass(f);
    assert_int_equal(report.blocks, 1);
    assert_int_equal(report.merged, 1);
    assert_int_equal(survivor(f, named), with_id);

    /* a second id-bearing record of the block with nothing name-only left
     * to merge: no block to weigh */
    other = import_work(f, "10.1/c", "Sanjay Lahiri", "A5000000002", 1,
                        "NeurIPS", 2018);
    report = run_pass(f);
    assert_int_equal(report.blocks, 0);
    assert_int_equal(survivor(f, other), other);
}

/* A name-only record the pass left apart, for want of evidence, from an
 * id-bearing one of its block: a later work of the id-bearing record
 * gives the evidence (a co-author, a venue and a year near), and the
 * records
 * that gained works are weighed again (identity_touch, as
 * bz_import_files does it), so the twin joins without resolve --all. */
static void test_new_work_weighs_again(void **state)
{
    struct bz_test_store *f = *state;
    const struct bz_store_ops *ops = f->store->ops;
    int64_t with_id = import_work(f, "10.1/a", "Subhaneil Lahiri",
                                  "A5000000001", 0, "NeurIPS", 2015);
    int64_t named = import_work(f, "10.1/b", "S. Lahiri", NULL, 1,
                                "NeurIPS", 2016);
    struct bz_identity_pass_report report = run_pass(f);
    struct bz_error err = {0};
    int64_t mark = 0, again;

    assert_int_equal(report.merged, 0);
    assert_int_equal(survivor(f, named), named);

    assert_int_equal(ops->identity_mark(f->store, &mark, &err), BZ_OK);
    assert_true(mark > 0);
    again = import_work(f, "10.1/c", "Subhaneil Lahiri", "A5000000001", 1,
                        "NeurIPS", 2017);
    assert_int_equal(again, with_id);
    /* without the touch, nothing waits */
    report = run_pass(f);
    assert_int_equal(report.blocks, 0);
    assert_int_equal(survivor(f, named), named);
    assert_int_equal(ops->identity_touch(f->store, mark, &err), BZ_OK);
    report = run_pass(f);
    assert_int_equal(report.blocks, 1);
    assert_int_equal(report.merged, 1);
    assert_int_equal(survivor(f, named), with_id);

    /* a touch with no new work since marks nothing */
    assert_int_equal(ops->identity_mark(f->store, &mark, &err), BZ_OK);
    assert_int_equal(ops->identity_touch(f->store, mark, &err), BZ_OK);
    report = run_pass(f);
    assert_int_equal(report.blocks, 0);
}

/* The same through bz_import_files: an import that gives a weighed
 * record new works has its block weighed by the next pass. */
static void test_import_weighs_new_works(void **state)
{
    struct bz_test_store *f = *state;
    int64_t with_id = import_work(f, "10.1/a", "Subhaneil Lahiri",
                                  "A5000000001", 0, "NeurIPS", 2015);
    int64_t named = import_work(f, "10.1/b", "S. Lahiri", NULL, 1,
                                "NeurIPS", 2016);
    const char *tmp = getenv("BZ_TEST_TMP");
    char path[4096];
    const char *paths[] = {path};
    struct bz_import_options options = {.quiet = 1};
    struct bz_import_report report = {0};
    struct bz_error err = {0};
    FILE *out;

    run_pass(f);
    assert_int_equal(survivor(f, named), named);
    snprintf(path, sizeof(path), "%s/pass-later-%ld.jsonl", tmp ? tmp : "/tmp",
             (long)getpid());
    assert_non_null(out = fopen(path, "w"));
    fputs("{\"id\": \"https://openalex.org/W990002\", "
          "\"doi\": \"https://doi.org/10.1/c\", \"title\": \"10.1/c\", "
          "\"publication_year\": 2017, \"primary_location\": "
          "{\"source\": {\"display_name\": \"NeurIPS\"}}, "
          "\"authorships\": [{\"author_position\": \"first\", \"author\": "
          "{\"id\": \"https://openalex.org/A5000000001\", "
          "\"display_name\": \"Subhaneil Lahiri\"}, "
          "\"raw_author_name\": \"Subhaneil Lahiri\"}, "
          "{\"author_position\": \"last\", \"author\": {\"id\": null, "
          "\"display_name\": \"Surya Ganguli\", \"orcid\": "
          "\"https://orcid.org/0000-0002-1825-0097\"}, "
          "\"raw_author_name\": \"Surya Ganguli\"}]}\n",
          out);
    assert_int_equal(fclose(out), 0);
    if (bz_import_files(f->store, paths, 1, &options, &report, &err) != BZ_OK)
        fail_msg("import %s: %s", path, err.message);
    remove(path);
    assert_int_equal(report.tally.new_works, 1);
    bz_import_report_release(&report);
    run_pass(f);
    assert_int_equal(survivor(f, named), with_id);
}

/* Two same-named records the pass left apart, weighed before: claiming
 * one has the block weighed again, and the claimed one survives. */
static void test_claim_weighs_again(void **state)
{
    struct bz_test_store *f = *state;
    const struct bz_store_ops *ops = f->store->ops;
    int64_t a, b;
    struct bz_identity_pass_report report;
    struct bz_error err = {0};
    int64_t account = 0;

    import_twins(f, &a, &b);
    /* as an older pass that did not merge them would have left them */
    assert_int_equal(ops->identity_checked(f->store, 0, b, &err), BZ_OK);
    report = run_pass(f);
    assert_int_equal(report.blocks, 0);
    assert_int_equal(survivor(f, a), a);

    assert_int_equal(ops->account_create(f->store, "s@example.org", "h",
                                         "user", &account, &err),
                     BZ_OK);
    assert_int_equal(ops->claim_set_owner(f->store, b, account, 3, &err),
                     BZ_OK);
    report = run_pass(f);
    assert_int_equal(report.blocks, 1);
    assert_int_equal(survivor(f, a), b); /* the claimed one, not the oldest */
    assert_int_equal(survivor(f, b), b);

    /* claimed again at another level: nothing new to weigh */
    assert_int_equal(ops->claim_set_owner(f->store, b, account, 2, &err),
                     BZ_OK);
    report = run_pass(f);
    assert_int_equal(report.blocks, 0);
}

/* A work with more name-only authors of one block than the pass weighs,
 * read in one batch with a small block: the small one is still weighed
 * (read again on its own), the large one left alone and counted. */
static void test_large_block_alone(void **state)
{
    struct bz_test_store *f = *state;
    size_t n = BZ_IDENTITY_BLOCK_MENTIONS + 1;
    struct bz_author_record *authors =
        bz_arena_calloc(&f->arena, n, sizeof(*authors));
    struct bz_external_id ids[] = {{"doi", "10.1/large", "crossref"}};
    struct bz_work_record w = {.source = "crossref", .title = "large",
                               .publication_year = 2020, .open_access = -1,
                               .ids = ids, .id_count = 1,
                               .authors = authors, .author_count = n};
    struct bz_import_tally tally = {0};
    struct bz_identity_pass_report report;
    struct bz_error err = {0};
    int64_t a, b;

    assert_non_null(authors);
    import_twins(f, &a, &b); /* first: their block opens the round */
    for (size_t i = 0; i < n; i++)
        authors[i].raw_name = "Anne Large";
    assert_int_equal(f->store->ops->import_work(f->store, &w, &tally, &err),
                     BZ_OK);
    report = run_pass(f);
    assert_int_equal(report.too_large, 1);
    assert_int_equal(survivor(f, b), a);
}

static void test_split_stays_apart(void **state)
{
    struct bz_test_store *f = *state;
    const struct bz_store_ops *ops = f->store->ops;
    int64_t a, b;
    struct bz_error err = {0};
    int64_t work_b = 0, split = 0;

    import_twins(f, &a, &b);
    run_pass(f);
    assert_int_equal(survivor(f, b), a);
    assert_int_equal(ops->work_find(f->store, "doi", "10.1/b", &work_b, &err),
                     BZ_OK);
    assert_int_equal(ops->researcher_split(f->store, a, &work_b, 1, &split,
                                           &err),
                     BZ_OK);
    assert_int_equal(ops->identity_recheck(f->store, &err), BZ_OK);
    run_pass(f);
    assert_int_equal(survivor(f, split), split);
    assert_int_equal(survivor(f, a), a);

    /* nor by an id-bearing twin arriving later */
    import_work(f, "10.1/c", "Subhaneil Lahiri", "A5000000001", 1, "NeurIPS",
                2018);
    run_pass(f);
    assert_int_equal(survivor(f, split), split);
}

#define PASS_TESTS(engine)                                                     \
    {                                                                          \
        BZ_TEST_STORE(test_one_person_one_record, engine),                     \
        BZ_TEST_STORE(test_id_record_survives, engine),                        \
        BZ_TEST_STORE(test_id_record_after_twin, engine),                      \
        BZ_TEST_STORE(test_claim_weighs_again, engine),                        \
        BZ_TEST_STORE(test_new_work_weighs_again, engine),                     \
        BZ_TEST_STORE(test_import_weighs_new_works, engine),                   \
        BZ_TEST_STORE(test_large_block_alone, engine),                         \
        BZ_TEST_STORE(test_split_stays_apart, engine),                         \
    }

BZ_TEST_ENGINES_MAIN("identity pass", PASS_TESTS)
