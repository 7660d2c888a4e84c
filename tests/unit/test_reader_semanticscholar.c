/* test_reader_semanticscholar.c - the Semantic Scholar reader on the shared
 * samples: a full paper and a batch read back from a real store, every
 * response shape that carries papers, the folder's counts, re-imports,
 * lists of authors and other shapes skipped, bad records, the datasets'
 * JSON Lines, and detection against the other formats. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "import/import.h"
#include "import/reader.h"
#include "store/store.h"
#include "support/reader_fixture.h"

static int setup(void **state)
{
    return reader_fixture_setup(state, "s2");
}

static int teardown(void **state)
{
    return reader_fixture_teardown(state);
}

static void test_full_paper(void **state)
{
    struct fixture *f = *state;
    struct bz_work w;
    struct bz_error err;
    int64_t id, turing;

    reader_import_one(f, "semanticscholar-api/fixtures/Paper.json");
    /* one paper; its 1000 citations and 14 references are not records */
    assert_int_equal(f->report.records, 1);
    assert_int_equal(f->report.tally.new_works, 1);
    id = reader_find_work(f, "s2", "2d5673caa9e6af3a7b82a43f19ee920992db07ad");
    assert_true(id > 0);
    assert_int_equal(reader_find_work(f, "doi", "10.1093/mind/lix.236.433"),
                     id);
    assert_int_equal(reader_find_work(f, "dblp", "journals/x/Turing50"), id);
    assert_int_equal(reader_find_work(f, "mag", "2145482038"), id);
    assert_int_equal(reader_find_work(f, "s2corpus", "14636783"), id);
    assert_int_equal(f->store->ops->work_get(f->store, &f->arena, id, &w, &err),
                     BZ_OK);
    assert_string_equal(w.title, "Computing Machinery and Intelligence");
    assert_int_equal(w.publication_year, 1950);
    assert_string_equal(w.venue, "The Philosophy of Artificial Intelligence");
    assert_string_equal(w.type, "article");
    assert_int_equal(w.open_access, 0);
    assert_string_equal(w.landing_url,
                        "https://www.semanticscholar.org/paper/"
                        "2d5673caa9e6af3a7b82a43f19ee920992db07ad");
    assert_string_equal(reader_work_id_value(&w, "doi"),
                        "10.1093/mind/lix.236.433");
    assert_non_null(strstr(w.abstract, "Can machines think?"));
    assert_int_equal(w.authorship_count, 1);
    assert_string_equal(w.authorships[0].raw_name, "A. Turing");
    assert_int_equal(f->store->ops->researcher_find(f->store, "s2", "2262347",
                                                    &turing, &err),
                     BZ_OK);
    assert_int_equal(w.authorships[0].researcher_id, turing);
    assert_true(reader_has_provenance(&w, "semanticscholar"));
}

static void test_batch_with_a_missing_paper(void **state)
{
    struct fixture *f = *state;
    struct bz_work w;
    struct bz_error err;

    reader_import_one(f, "semanticscholar-api/responses/"
                         "test_get_papers_not_found_warning_00.json");
    assert_int_equal(f->report.records, 4);
    assert_int_equal(f->report.skipped, 1);
    assert_string_equal(f->report.errors[0].reason,
                        "a batch entry is null (no such paper)");
    assert_int_equal(f->report.tally.new_works, 3);
    assert_int_equal(f->store->ops->work_get(
                         f->store, &f->arena,
                         reader_find_work(f, "doi", "10.2139/ssrn.288970"), &w,
                         &err),
                     BZ_OK);
    assert_string_equal(w.title, "How Much Should We Trust "
                                 "Differences-in-Differences Estimates?");
    assert_int_equal(w.publication_year, 2001);
    /* "venue" is empty: the journal's name stands in */
    assert_string_equal(w.venue, "Experimental & Empirical Studies eJournal");
    assert_string_equal(w.type, "review");
    assert_int_equal(w.open_access, 1);
    assert_int_equal(w.authorship_count, 3);
    assert_string_equal(w.authorships[0].raw_name, "Marianne Bertrand");
    assert_string_equal(w.authorships[1].raw_name, "E. Duflo");
    assert_string_equal(w.authorships[2].raw_name, "S. Mullainathan");
}

static void test_shapes_that_carry_papers(void **state)
{
    static const struct {
        const char *file;
        long records, skipped;
    } cases[] = {
        {"semanticscholar-api/responses/test_get_recommended_papers_00.json",
         100, 0},
        {"semanticscholar-api/responses/test_get_paper_citations_00.json", 100,
         0},
        {"semanticscholar-api/responses/test_get_paper_references_01.json", 17,
         13},
        {"semanticscholar-api/responses/test_search_paper_00.json", 100, 0},
        {"semanticscholar-api/responses/test_search_snippet_00.json", 2, 0},
        {"semanticscholar-api/responses/test_search_paper_year_00.json", 21,
         21},
        {"semanticscholar-api/fixtures/Citation.json", 1, 0},
        {"semanticscholar-api/fixtures/Author.json", 60, 0},
        {"semanticscholar-api/responses/test_get_authors_00.json", 1, 1},
        {"semanticscholar-api/responses/test_get_paper_authors_00.json", 1, 1},
        {"semanticscholar-api/responses/test_get_author_00.json", 1, 1},
    };
    struct fixture *f = *state;
    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
        reader_import_one(f, cases[i].file);
        if (f->report.records != cases[i].records ||
            f->report.skipped != cases[i].skipped)
            fail_msg("%s: %ld records, %ld skipped", cases[i].file,
                     f->report.records, f->report.skipped);
    }
    /* the last three are authors: no papers, one reason each */
    assert_string_equal(f->report.errors[0].reason,
                        "a Semantic Scholar author without papers");
}

static void test_author_papers_and_snippets(void **state)
{
    static const char *const files[] = {
        "semanticscholar-api/fixtures/Author.json",
        "semanticscholar-api/responses/test_search_snippet_00.json"};
    struct fixture *f = *state;
    struct bz_researcher r;
    struct bz_work *works, w;
    struct bz_error err;
    size_t count;
    int64_t turing, id;

    reader_import(f, files, 2);
    assert_int_equal(f->store->ops->researcher_find(f->store, "s2", "2262347",
                                                    &turing, &err),
                     BZ_OK);
    assert_int_equal(
        f->store->ops->researcher_get(f->store, &f->arena, turing, &r, &err),
        BZ_OK);
    assert_string_equal(r.display_name, "A. Turing");
    assert_int_equal(f->store->ops->researcher_works(
                         f->store, &f->arena, turing, &works, &count, &err),
                     BZ_OK);
    assert_true(count >= 55 && count <= 60);

    /* a snippet's paper is known by its corpus id only */
    id = reader_find_work(f, "s2corpus", "12345678");
    assert_true(id > 0);
    assert_int_equal(f->store->ops->work_get(f->store, &f->arena, id, &w, &err),
                     BZ_OK);
    assert_string_equal(w.title, "Evaluating Machine Intelligence");
    assert_int_equal(w.authorship_count, 2);
    assert_string_equal(w.authorships[1].raw_name, "Jane Doe");
    assert_int_equal(w.version_count, 1);
    assert_string_equal(w.versions[0].source_record, "s2:CorpusId:12345678");
}

static void test_folder_counts_and_twice(void **state)
{
    struct fixture *f = *state;
    struct bz_store_counts counts, again;
    struct bz_error err;

    reader_import_one(f, "semanticscholar-api");
    /* counted from the files: 81 + 5 of them are S2 responses; most list
     * responses ask for one field only, and their papers lack titles; 31
     * references are unresolved (no paperId) */
    assert_int_equal(f->report.records, 16724 + 64);
    assert_int_equal(f->report.skipped, 9375 + 31 + 1);
    assert_true(reader_has_error(&f->report, "an unresolved reference"));
    assert_true(f->report.tally.new_works > 6000);
    assert_true(reader_has_error(&f->report, "a batch entry is null"));
    assert_int_equal(f->store->ops->counts(f->store, &counts, &err), BZ_OK);
    assert_int_equal(counts.works, f->report.tally.new_works);

    reader_import_one(f, "semanticscholar-api");
    assert_int_equal(f->report.tally.new_works, 0);
    assert_int_equal(f->report.tally.new_researchers, 0);
    assert_int_equal(f->store->ops->counts(f->store, &again, &err), BZ_OK);
    assert_int_equal(again.works, counts.works);
    assert_int_equal(again.researchers, counts.researchers);
}

static void test_dataset_lines_and_bad_records(void **state)
{
    static const char lines[] =
        "{\"corpusid\": 215768677, \"externalids\": {\"ArXiv\": "
        "\"2006.14178v2\", \"DOI\": \"https://doi.org/10.1/X\", "
        "\"CorpusId\": \"215768677\", \"PubMed\": null}, \"title\": "
        "\"A <i>dataset</i>  line\", \"authors\": [{\"authorId\": \"5\", "
        "\"name\": \"Ann Author\"}], \"year\": 2020, \"isopenaccess\": true, "
        "\"publicationtypes\": [\"JournalArticle\", \"Conference\"]}\n"
        "{\"paperId\": \"p2\", \"title\": 7}\n"
        "{\"paperId\": \"p3\", \"title\": \"t\", \"year\": \"1950\"}\n"
        "{\"paperId\": \"p4\", \"title\": \"t\", \"externalIds\": []}\n"
        "{\"paperId\": \"p5\", \"title\": \"t\", \"authors\": \"x\"}\n"
        "{\"paperId\": \"p6\", \"title\": \"t\", \"externalIds\": "
        "{\"DOI\": 10}}\n"
        "{\"paperId\": \"p7\"}\n"
        "{\"paperId\": \"p8\", \"title\": \"fine\", \"publicationTypes\": "
        "[\"CaseReport\"], \"openAccessPdf\": {\"url\": \"https://x/y.pdf\"}}\n"
        "[1, 2]\n"
        "{\"paperId\": broken\n";
    struct fixture *f = *state;
    char path[PATH_MAX];
    struct bz_work w;
    struct bz_error err;
    int64_t id;

    reader_write_temp(path, sizeof(path), "s2.jsonl", lines);
    reader_import_one(f, path);
    unlink(path);
    assert_int_equal(f->report.records, 10);
    assert_int_equal(f->report.skipped, 8);
    assert_int_equal(f->report.tally.new_works, 2);
    assert_string_equal(f->report.errors[0].reason,
                        "field 'title' is not a string");
    assert_int_equal(f->report.errors[0].line, 2);
    assert_string_equal(f->report.errors[1].reason,
                        "field 'year' is not a year");
    assert_string_equal(f->report.errors[2].reason,
                        "field 'externalIds' is not an object");
    assert_string_equal(f->report.errors[3].reason,
                        "field 'authors' is not a list of authors");
    assert_string_equal(f->report.errors[4].reason,
                        "field 'DOI' is not a string");
    assert_string_equal(f->report.errors[5].reason, "paper 'p7' has no title");
    assert_string_equal(f->report.errors[6].reason,
                        "not a Semantic Scholar paper or list of papers");
    assert_int_equal(f->report.errors[7].line, 10);

    id = reader_find_work(f, "arxiv", "2006.14178");
    assert_true(id > 0);
    assert_int_equal(reader_find_work(f, "doi", "10.1/x"), id);
    assert_int_equal(reader_find_work(f, "s2corpus", "215768677"), id);
    assert_int_equal(f->store->ops->work_get(f->store, &f->arena, id, &w, &err),
                     BZ_OK);
    assert_string_equal(w.title, "A dataset line");
    assert_string_equal(w.type, "conference paper");
    assert_int_equal(w.open_access, 1);
    assert_string_equal(w.authorships[0].raw_name, "Ann Author");
    assert_int_equal(f->store->ops->work_get(f->store, &f->arena,
                                             reader_find_work(f, "s2", "p8"),
                                             &w, &err),
                     BZ_OK);
    assert_string_equal(w.type, "case report");
    assert_int_equal(w.open_access, 1);
}

static void test_detection(void **state)
{
    static const char *const mine[] = {
        "semanticscholar-api/fixtures/Paper.json",
        "semanticscholar-api/fixtures/Author.json",
        "semanticscholar-api/responses/test_get_papers_00.json",
        "semanticscholar-api/responses/test_get_recommended_papers_00.json",
        "semanticscholar-api/responses/test_search_snippet_00.json",
        "semanticscholar-api/responses/test_get_authors_00.json",
        NULL};
    static const char *const others[] = {
        "crossref-api/works.jsonl",
        "crossref-api/responses/test_works_query_00.json",
        "orcid-api-v3/0000-0002-9341-7985_person.json",
        "orcid-api-v3/0000-0003-1444-9135_works.json",
        "orcid-model-samples-xml/record_3.0_record-3.0.xml",
        "openalex-api-works/work_W2162348455.json",
        "openalex-api-works/snowball_citing_works.json",
        "semanticscholar-api/responses/index.json",
        "semanticscholar-api/fixtures/Release.json",
        "semanticscholar-api/responses/test_empty_paginated_results_00.json",
        NULL};
    static char head[BZ_IMPORT_HEAD];
    size_t i, n;

    (void)state;
    for (i = 0; mine[i]; i++) {
        n = reader_head_of(mine[i], head, sizeof(head));
        if (!bz_reader_semanticscholar.detect(head, n, mine[i]))
            fail_msg("semanticscholar does not claim %s", mine[i]);
    }
    for (i = 0; others[i]; i++) {
        n = reader_head_of(others[i], head, sizeof(head));
        if (bz_reader_semanticscholar.detect(head, n, others[i]))
            fail_msg("semanticscholar claims %s", others[i]);
    }
    assert_false(bz_reader_semanticscholar.detect("{\"paperId\"", 9, "x"));
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_full_paper),
        T(test_batch_with_a_missing_paper),
        T(test_shapes_that_carry_papers),
        T(test_author_papers_and_snippets),
        T(test_folder_counts_and_twice),
        T(test_dataset_lines_and_bad_records),
        cmocka_unit_test(test_detection),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
