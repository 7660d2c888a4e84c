/* test_reader_crossref.c - the Crossref reader on the shared samples: a
 * named work read back from a real store, whole-file counts, re-imports,
 * a Crossref and a Semantic Scholar record of one paper, responses that
 * hold no works, bad records, and detection against the other formats. */
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
    return reader_fixture_setup(state, "crossref");
}

static int teardown(void **state)
{
    return reader_fixture_teardown(state);
}

static void test_named_work(void **state)
{
    struct fixture *f = *state;
    struct bz_work w;
    struct bz_error err;
    int64_t id, keller;

    reader_import_one(f, "crossref-api/works.jsonl");
    id = reader_find_work(f, "doi", "10.1111/1365-2664.14881");
    assert_true(id > 0);
    assert_int_equal(f->store->ops->work_get(f->store, &f->arena, id, &w, &err),
                     BZ_OK);
    assert_string_equal(w.title, "The transition from resistance to "
                                 "acceptance: Managing a marine invasive "
                                 "species in a changing world");
    assert_int_equal(w.publication_year, 2025);
    assert_string_equal(w.venue, "Journal of Applied Ecology");
    assert_string_equal(w.type, "article");
    assert_int_equal(w.open_access, -1);
    assert_string_equal(reader_work_id_value(&w, "doi"),
                        "10.1111/1365-2664.14881");
    assert_int_equal(w.authorship_count, 4);
    assert_string_equal(w.authorships[0].raw_name, "Abigail G. Keller");
    assert_string_equal(w.authorships[1].raw_name, "Timothy D. Counihan");
    assert_string_equal(w.authorships[2].raw_name, "Edwin D. Grosholz");
    assert_string_equal(w.authorships[3].raw_name, "Carl Boettiger");
    /* the JATS heading "Abstract" is dropped, the text kept */
    assert_non_null(w.abstract);
    assert_int_equal(strncmp(w.abstract,
                             "Marine invasive species can "
                             "transform coastal ecosystems",
                             55),
                     0);
    assert_null(strstr(w.abstract, "jats"));
    assert_true(reader_has_provenance(&w, "crossref"));
    /* the author's ORCID iD names their record */
    assert_int_equal(f->store->ops->researcher_find(f->store, "orcid",
                                                    "0000-0001-6068-0173",
                                                    &keller, &err),
                     BZ_OK);
    assert_int_equal(w.authorships[0].researcher_id, keller);
    assert_true(w.institution_count >= 2);
}

static void test_titles_and_abstracts_lose_markup(void **state)
{
    struct fixture *f = *state;
    struct bz_work w;
    struct bz_error err;

    reader_import_one(f, "crossref-api/works.jsonl");
    assert_int_equal(f->store->ops->work_get(
                         f->store, &f->arena,
                         reader_find_work(f, "doi", "10.7717/peerj.10050"), &w,
                         &err),
                     BZ_OK);
    assert_string_equal(w.title, "Are giant clams (Tridacna maxima) "
                                 "distractible? A multi-modal study");
    assert_string_equal(w.authorships[3].raw_name, "Daniel T. Blumstein");
    assert_string_equal(w.landing_url, "https://peerj.com/articles/10050");
    assert_int_equal(f->store->ops->work_get(
                         f->store, &f->arena,
                         reader_find_work(f, "doi", "10.7717/peerj.12501"), &w,
                         &err),
                     BZ_OK);
    assert_non_null(strstr(w.title, "genomes of Eupteryx minusula and "
                                    "Eupteryx gracilirama (Hemiptera:"));
    assert_non_null(strstr(w.abstract, "includes >2,600 valid genera"));
    assert_int_equal(f->store->ops->work_get(
                         f->store, &f->arena,
                         reader_find_work(f, "doi", "10.1039/d0ce00680g"), &w,
                         &err),
                     BZ_OK);
    assert_string_equal(w.title, "Encapsulation of the [Ru(bpy)3]2+ "
                                 "luminophore in a unique hydrogen-bonded "
                                 "host framework");
}

static void test_whole_file_counts_and_twice(void **state)
{
    struct fixture *f = *state;
    struct bz_store_counts counts, again;
    struct bz_error err;

    reader_import_one(f, "crossref-api/works.jsonl");
    /* 520 lines; 18 have no title (figures, tables, an issue) */
    assert_int_equal(f->report.records, 520);
    assert_int_equal(f->report.skipped, 18);
    assert_int_equal(f->report.tally.new_works, 502);
    assert_true(reader_has_error(&f->report,
                                 "'10.1371/journal.pone.0008767.t004' "
                                 "has no title"));
    assert_int_equal(f->report.errors[0].line > 1, 1);
    assert_int_equal(f->store->ops->counts(f->store, &counts, &err), BZ_OK);
    assert_int_equal(counts.works, 502);

    reader_import_one(f, "crossref-api/works.jsonl");
    assert_int_equal(f->report.tally.new_works, 0);
    assert_int_equal(f->report.tally.new_researchers, 0);
    assert_int_equal(f->report.tally.new_institutions, 0);
    assert_int_equal(f->store->ops->counts(f->store, &again, &err), BZ_OK);
    assert_int_equal(again.works, counts.works);
    assert_int_equal(again.researchers, counts.researchers);
}

static void test_responses(void **state)
{
    static const char *const files[] = {
        "crossref-api/responses/test_works_with_many_ids_04.json",
        "crossref-api/responses/test_cursor_00.json",
        "crossref-api/responses/test_funders_00.json",
        "crossref-api/responses/test_types_ids_00.json",
        ("crossref-api/responses/test_content_negotiation_citeproc_json_01."
         "json")};
    struct fixture *f = *state;
    struct bz_work w;
    struct bz_error err;

    reader_import(f, files, 5);
    /* one work, a page of 20, two responses of no works (one skipped
     * record each), and a CSL-JSON work */
    assert_int_equal(f->report.records, 1 + 20 + 1 + 1 + 1);
    assert_int_equal(f->report.skipped, 2);
    assert_int_equal(f->report.tally.new_works, 22);
    assert_int_equal(f->report.error_count, 2);
    assert_string_equal(f->report.errors[0].reason,
                        "not a Crossref work or work list");
    assert_int_equal(f->report.errors[0].line, 1);
    assert_non_null(strstr(f->report.errors[1].file, "test_types_ids_00"));

    assert_int_equal(f->store->ops->work_get(
                         f->store, &f->arena,
                         reader_find_work(f, "doi", "10.3892/ijo_00000353"), &w,
                         &err),
                     BZ_OK);
    assert_string_equal(w.venue, "International Journal of Oncology");
    assert_int_equal(w.publication_year, 2009);
    assert_int_equal(w.authorship_count, 1);
    assert_string_equal(w.authorships[0].raw_name, "Stravopodis");
    assert_int_equal(
        f->store->ops->work_get(
            f->store, &f->arena,
            reader_find_work(f, "doi", "10.1126/science.169.3946.635"), &w,
            &err),
        BZ_OK);
    assert_string_equal(w.title, "The Structure of Ordinary Water");
    assert_string_equal(w.venue, "Science");
    assert_int_equal(w.publication_year, 1970);
    assert_string_equal(w.authorships[0].raw_name, "Henry S. Frank");
}

static void test_same_paper_as_semantic_scholar(void **state)
{
    static const char s2[] =
        "{\"paperId\": \"00000000000000000000000000000000000000aa\", "
        "\"externalIds\": {\"DOI\": \"10.7717/PEERJ.10050\", "
        "\"CorpusId\": 1}, \"isOpenAccess\": true, \"title\": \"Are giant "
        "clams (Tridacna maxima) "
        "distractible? A multi-modal study\", \"year\": 2020, "
        "\"authors\": [{\"authorId\": \"1\", \"name\": \"Ryan Doyle\"}]}\n";
    struct fixture *f = *state;
    char path[PATH_MAX];
    const char *files[2];
    struct bz_work w;
    struct bz_error err;
    int64_t id;

    reader_write_temp(path, sizeof(path), "same-paper-s2.jsonl", s2);
    files[0] = "crossref-api/works.jsonl";
    files[1] = path;
    reader_import(f, files, 2);
    unlink(path);
    id = reader_find_work(f, "doi", "10.7717/peerj.10050");
    assert_true(id > 0);
    assert_int_equal(
        reader_find_work(f, "s2", "00000000000000000000000000000000000000aa"),
        id);
    assert_int_equal(f->report.tally.new_works, 502);
    assert_int_equal(f->store->ops->work_get(f->store, &f->arena, id, &w, &err),
                     BZ_OK);
    assert_true(reader_has_provenance(&w, "crossref"));
    assert_true(reader_has_provenance(&w, "semanticscholar"));
    assert_int_equal(w.version_count, 2);
    assert_int_equal(w.authorship_count, 4);
}

static void test_bad_records(void **state)
{
    static const char lines[] =
        "{\"DOI\": \"10.1/ok\", \"title\": [\"A good one\"], "
        "\"container-title\": [\"J\"], \"issued\": {\"date-parts\": "
        "[[2001]]}}\n"
        "{\"DOI\": \"10.1/a\", \"title\": 7, \"member\": \"1\"}\n"
        "{\"DOI\": 12, \"title\": [\"x\"]}\n"
        "{\"title\": [\"no doi\"], \"container-title\": [\"J\"]}\n"
        "{\"DOI\": \"10.1/b\", \"title\": [\"t\"], \"author\": {}}\n"
        "{\"DOI\": \"10.1/c\", \"title\": [\"t\"], \"issued\": "
        "{\"date-parts\": [[\"2001\"]]}}\n"
        "{\"DOI\": \"10.1/d\", \"title\": [\"t\"], \"author\": [7]}\n"
        "{\"DOI\": \"10.1/e\", broken\n"
        "\n"
        "{\"DOI\": \"10.1/f\", \"title\": [\"  spaced\\n  out  \"], "
        "\"author\": [{\"sequence\": \"first\"}, {\"name\": \"A Team\"}]}\n";
    struct fixture *f = *state;
    char path[PATH_MAX];
    struct bz_work w;
    struct bz_error err;

    reader_write_temp(path, sizeof(path), "bad.jsonl", lines);
    reader_import_one(f, path);
    unlink(path);
    assert_int_equal(f->report.records, 9);
    assert_int_equal(f->report.skipped, 7);
    assert_int_equal(f->report.tally.new_works, 2);
    assert_int_equal(f->report.error_count, 7);
    assert_string_equal(f->report.errors[0].reason,
                        "field 'title' is not a list of strings");
    assert_int_equal(f->report.errors[0].line, 2);
    assert_string_equal(f->report.errors[1].reason,
                        "field 'DOI' is not a string");
    assert_string_equal(f->report.errors[2].reason, "work has no DOI");
    assert_string_equal(f->report.errors[3].reason,
                        "field 'author' is not a list of people");
    assert_string_equal(f->report.errors[4].reason,
                        "field 'issued' is not a date");
    assert_string_equal(f->report.errors[5].reason,
                        "field 'author' is not a list of people");
    assert_int_equal(f->report.errors[6].line, 8);
    assert_true(strlen(f->report.errors[6].reason) > 0);

    assert_int_equal(
        f->store->ops->work_get(f->store, &f->arena,
                                reader_find_work(f, "doi", "10.1/f"), &w, &err),
        BZ_OK);
    assert_string_equal(w.title, "spaced out");
    assert_int_equal(w.authorship_count, 1); /* the nameless one dropped */
    assert_string_equal(w.authorships[0].raw_name, "A Team");
}

static void test_broken_document(void **state)
{
    static const char text[] = "{\n \"status\": \"ok\",\n \"message-type\": "
                               "\"work\",\n \"message\": {\"DOI\": \n";
    struct fixture *f = *state;
    char path[PATH_MAX];

    reader_write_temp(path, sizeof(path), "broken.json", text);
    reader_import_one(f, path);
    unlink(path);
    assert_int_equal(f->report.records, 1);
    assert_int_equal(f->report.skipped, 1);
    assert_int_equal(f->report.errors[0].line, 1);
    assert_non_null(strstr(f->report.errors[0].reason, "parse error"));
}

static void test_detection(void **state)
{
    static const char *const mine[] = {
        "crossref-api/works.jsonl",
        "crossref-api/responses/test_funders_00.json",
        "crossref-api/responses/test_works_query_00.json",
        "crossref-api/responses/test_content_negotiation_citeproc_json_01."
        "json",
        NULL};
    static const char *const others[] = {
        "semanticscholar-api/fixtures/Paper.json",
        "semanticscholar-api/responses/test_get_papers_00.json",
        "semanticscholar-api/responses/test_get_author_papers_00.json",
        "orcid-api-v3/0000-0002-9341-7985_person.json",
        "orcid-api-v3/0000-0002-9341-7985_works.json",
        "orcid-model-samples-xml/record_3.0_record-3.0.xml",
        "openalex-api-works/work_W2162348455.json",
        "crossref-api/responses/index.json",
        "crossref-api/responses/test_content_negotiation_01.bib",
        NULL};
    static char head[BZ_IMPORT_HEAD];
    size_t i, n;

    (void)state;
    for (i = 0; mine[i]; i++) {
        n = reader_head_of(mine[i], head, sizeof(head));
        if (!bz_reader_crossref.detect(head, n, mine[i]))
            fail_msg("crossref does not claim %s", mine[i]);
    }
    for (i = 0; others[i]; i++) {
        n = reader_head_of(others[i], head, sizeof(head));
        if (bz_reader_crossref.detect(head, n, others[i]))
            fail_msg("crossref claims %s", others[i]);
    }
    /* never past len: the key is cut off by len */
    assert_false(bz_reader_crossref.detect("{\"message-type\"", 10, "x"));
    assert_false(bz_reader_crossref.detect("", 0, "x"));
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_named_work),
        T(test_titles_and_abstracts_lose_markup),
        T(test_whole_file_counts_and_twice),
        T(test_responses),
        T(test_same_paper_as_semantic_scholar),
        T(test_bad_records),
        T(test_broken_document),
        cmocka_unit_test(test_detection),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
