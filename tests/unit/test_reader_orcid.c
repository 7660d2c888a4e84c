/* test_reader_orcid.c - the ORCID readers (JSON and XML) on the shared
 * samples: people read back as researchers found by their iD, works with
 * their owner or contributors as authors, folder counts, re-imports, a
 * record's current employment, bad records, broken XML, and detection
 * against the other formats. */
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
    return reader_fixture_setup(state, "orcid");
}

static int teardown(void **state)
{
    return reader_fixture_teardown(state);
}

/* People need the store's import_researcher; without it the driver says
 * "the database cannot keep such records". */
static void need_researchers(struct fixture *f)
{
    if (f->store->ops->import_researcher == NULL)
        skip();
}

static int64_t find_researcher(struct fixture *f, const char *scheme,
                               const char *value)
{
    struct bz_error err;
    int64_t id = 0;

    if (f->store->ops->researcher_find(f->store, scheme, value, &id, &err) !=
        BZ_OK)
        fail_msg("no researcher %s:%s", scheme, value);
    return id;
}

static const char *researcher_id_value(const struct bz_researcher *r,
                                       const char *scheme)
{
    size_t i;

    for (i = 0; i < r->id_count; i++)
        if (strcmp(r->ids[i].scheme, scheme) == 0)
            return r->ids[i].value;
    return NULL;
}

static void test_json_person(void **state)
{
    static const char *const files[] = {
        "orcid-api-v3/0000-0002-9341-7985_person.json",
        "orcid-api-v3/0000-0002-5377-2624_person.json",
        "orcid-api-v3/0000-0003-1444-9135_person.json",
        "orcid-api-v3/0000-0003-4575-321X_person.json"};
    struct fixture *f = *state;
    struct bz_researcher r;
    struct bz_error err;
    int64_t id;

    need_researchers(f);
    reader_import(f, files, 4);
    assert_int_equal(f->report.records, 4);
    assert_int_equal(f->report.skipped, 0);
    assert_int_equal(f->report.tally.new_researchers, 4);

    id = find_researcher(f, "orcid", "0000-0002-9341-7985");
    assert_int_equal(
        f->store->ops->researcher_get(f->store, &f->arena, id, &r, &err),
        BZ_OK);
    assert_string_equal(r.display_name, "Peter Binfield");
    assert_string_equal(researcher_id_value(&r, "orcid"),
                        "0000-0002-9341-7985");
    assert_string_equal(researcher_id_value(&r, "scopus"), "55224382400");
    assert_true(r.has_source_id);
    assert_int_equal(find_researcher(f, "scopus", "55224382400"), id);

    /* the credit name is the display name; the other names are kept for
     * search, the staff number ("Pitt ID") is not an id bzpeer keeps */
    id = find_researcher(f, "orcid", "0000-0003-1444-9135");
    assert_int_equal(
        f->store->ops->researcher_get(f->store, &f->arena, id, &r, &err),
        BZ_OK);
    assert_string_equal(r.display_name, "Scott A Chamberlain");
    id = find_researcher(f, "orcid", "0000-0002-5377-2624");
    assert_int_equal(
        f->store->ops->researcher_get(f->store, &f->arena, id, &r, &err),
        BZ_OK);
    assert_string_equal(r.display_name, "Carl Beringer");
    assert_int_equal(r.id_count, 2);
    id = find_researcher(f, "orcid", "0000-0003-4575-321X");
    assert_int_equal(
        f->store->ops->researcher_get(f->store, &f->arena, id, &r, &err),
        BZ_OK);
    assert_string_equal(r.display_name, "CARL HIMPSEL");
}

static void test_json_works_with_their_owner(void **state)
{
    static const char *const files[] = {
        "orcid-api-v3/0000-0002-9341-7985_person.json",
        "orcid-api-v3/0000-0002-9341-7985_works.json"};
    struct fixture *f = *state;
    struct bz_work w;
    struct bz_error err;
    int64_t id, binfield;

    need_researchers(f);
    reader_import(f, files, 2);
    assert_int_equal(f->report.records, 1 + 8);
    assert_int_equal(f->report.skipped, 0);
    assert_int_equal(f->report.tally.new_works, 8);
    binfield = find_researcher(f, "orcid", "0000-0002-9341-7985");
    id = reader_find_work(f, "doi", "10.3233/isu-130714");
    assert_true(id > 0);
    assert_int_equal(
        reader_find_work(f, "orcid-work", "0000-0002-9341-7985/work/15536015"),
        id);
    assert_int_equal(f->store->ops->work_get(f->store, &f->arena, id, &w, &err),
                     BZ_OK);
    assert_string_equal(w.title, "PeerJ - A case study in improving "
                                 "research collaboration at the journal "
                                 "level");
    assert_int_equal(w.publication_year, 2013);
    assert_string_equal(w.type, "article");
    assert_null(w.venue);
    assert_int_equal(w.authorship_count, 1);
    assert_string_equal(w.authorships[0].raw_name, "Peter Binfield");
    assert_int_equal(w.authorships[0].researcher_id, binfield);
    assert_true(reader_has_provenance(&w, "orcid"));
    assert_string_equal(w.versions[0].source_record,
                        "orcid:0000-0002-9341-7985/work/15536015");
}

static void test_json_full_works(void **state)
{
    static const char *const files[] = {
        "orcid-api-v3/0000-0002-0734-2199_work_77226586.json",
        "orcid-api-v3/0000-0002-0734-2199_work_40038622.json"};
    struct fixture *f = *state;
    struct bz_work w;
    struct bz_error err;

    reader_import(f, files, 2);
    assert_int_equal(f->report.tally.new_works, 2);
    assert_int_equal(f->store->ops->work_get(
                         f->store, &f->arena,
                         reader_find_work(f, "orcid-work",
                                          "0000-0002-0734-2199/work/77226586"),
                         &w, &err),
                     BZ_OK);
    assert_string_equal(w.title,
                        "Dose-Rate Estimation using \xce\xb1-Al2O3:C Chips: "
                        "Aftermath");
    assert_string_equal(w.venue, "Ancient TL");
    assert_int_equal(w.publication_year, 2020);
    /* the contributors, in order; the short description is the abstract,
     * without its <sub> tags */
    assert_int_equal(w.authorship_count, 4);
    assert_string_equal(w.authorships[0].raw_name, "Sebastian Kreutzer");
    assert_string_equal(w.authorships[1].raw_name, "Chantal Tribolo");
    assert_string_equal(w.authorships[2].raw_name, "Lo\xc3\xaf"
                                                   "c Martin");
    assert_string_equal(w.authorships[3].raw_name, "Norbert Mercier");
    assert_non_null(strstr(w.abstract, "\xce\xb1-Al2O3:C chips used"));
    assert_null(strstr(w.abstract, "<sub>"));
    if (f->store->ops->import_researcher)
        assert_int_equal(find_researcher(f, "orcid", "0000-0002-0734-2199"),
                         w.authorships[0].researcher_id);

    /* no contributors listed: the owner, named by the work's source */
    assert_int_equal(f->store->ops->work_get(
                         f->store, &f->arena,
                         reader_find_work(f, "orcid-work",
                                          "0000-0002-0734-2199/work/40038622"),
                         &w, &err),
                     BZ_OK);
    assert_string_equal(w.title,
                        "Introducing an R package for luminescence dating "
                        "analysis");
    assert_int_equal(w.publication_year, 2012);
    assert_string_equal(w.type, "article");
    assert_int_equal(w.authorship_count, 1);
    assert_string_equal(w.authorships[0].raw_name, "Sebastian Kreutzer");
}

static void test_json_folder_counts_and_twice(void **state)
{
    struct fixture *f = *state;
    struct bz_store_counts counts, again;
    struct bz_error err;

    need_researchers(f);
    reader_import_one(f, "orcid-api-v3");
    /* 17 people, 74 + 8 + 111 + 0 work groups, 2 full works, and 16
     * searches that list iDs only */
    assert_int_equal(f->report.records, 17 + 193 + 2 + 16);
    assert_int_equal(f->report.skipped, 16);
    assert_true(
        reader_has_error(&f->report, "an ORCID search result lists iDs"));
    assert_int_equal(f->report.tally.new_works, 195);
    assert_int_equal(f->store->ops->counts(f->store, &counts, &err), BZ_OK);

    reader_import_one(f, "orcid-api-v3");
    assert_int_equal(f->report.tally.new_works, 0);
    assert_int_equal(f->report.tally.new_researchers, 0);
    assert_int_equal(f->report.tally.updated_researchers, 0);
    assert_int_equal(f->store->ops->counts(f->store, &again, &err), BZ_OK);
    assert_int_equal(again.works, counts.works);
    assert_int_equal(again.researchers, counts.researchers);
}

static void test_json_record_with_employment(void **state)
{
    static const char record[] =
        "{\"orcid-identifier\": {\"path\": \"0000-0002-1825-0097\"},\n"
        " \"person\": {\"name\": {\"given-names\": {\"value\": \"Josiah\"},\n"
        "   \"family-name\": {\"value\": \"Carberry\"}, \"credit-name\": "
        "null},\n"
        "   \"other-names\": {\"other-name\": [{\"content\": \"J. S. "
        "Carberry\"}]},\n"
        "   \"external-identifiers\": {\"external-identifier\": [\n"
        "     {\"external-id-type\": \"ResearcherID\", "
        "\"external-id-value\": \"A-1234-2009\"}]}},\n"
        " \"activities-summary\": {\n"
        "   \"employments\": {\"affiliation-group\": [\n"
        "     {\"summaries\": [{\"employment-summary\": {\"end-date\": "
        "{\"year\": {\"value\": \"2001\"}}, \"organization\": {\"name\": "
        "\"Old College\"}}}]},\n"
        "     {\"summaries\": [{\"employment-summary\": {\"end-date\": null, "
        "\"organization\": {\"name\": \"Brown University\", \"address\": "
        "{\"country\": \"US\"}, \"disambiguated-organization\": "
        "{\"disambiguated-organization-identifier\": "
        "\"https://ror.org/05gq02987\", \"disambiguation-source\": "
        "\"ROR\"}}}}]}]},\n"
        "   \"works\": {\"group\": [{\"work-summary\": [{\"put-code\": 1, "
        "\"title\": {\"title\": {\"value\": \"Psychoceramics\"}}, \"type\": "
        "\"book\", \"external-ids\": {\"external-id\": [{"
        "\"external-id-type\": \"doi\", \"external-id-value\": "
        "\"https://doi.org/10.5555/12345678\", "
        "\"external-id-relationship\": \"self\"}, {\"external-id-type\": "
        "\"issn\", \"external-id-value\": \"0000-0000\", "
        "\"external-id-relationship\": \"part-of\"}]}}]}]}}}\n";
    struct fixture *f = *state;
    char path[PATH_MAX];
    struct bz_researcher r;
    struct bz_work w;
    struct bz_error err;
    int64_t id;

    need_researchers(f);
    reader_write_temp(path, sizeof(path), "record.json", record);
    reader_import_one(f, path);
    unlink(path);
    assert_int_equal(f->report.records, 2);
    assert_int_equal(f->report.skipped, 0);
    id = find_researcher(f, "orcid", "0000-0002-1825-0097");
    assert_int_equal(find_researcher(f, "researcherid", "A-1234-2009"), id);
    assert_int_equal(
        f->store->ops->researcher_get(f->store, &f->arena, id, &r, &err),
        BZ_OK);
    assert_string_equal(r.display_name, "Josiah Carberry");
    assert_non_null(r.affiliation);
    assert_string_equal(r.affiliation, "Brown University");
    assert_true(r.affiliation_imported);
    assert_int_equal(
        f->store->ops->work_get(f->store, &f->arena,
                                reader_find_work(f, "doi", "10.5555/12345678"),
                                &w, &err),
        BZ_OK);
    assert_string_equal(w.type, "book");
    assert_int_equal(w.id_count, 2); /* the DOI and the ORCID work */
    assert_string_equal(w.authorships[0].raw_name, "Josiah Carberry");
    assert_int_equal(w.authorships[0].researcher_id, id);
}

static void test_json_bad_records(void **state)
{
    static const char lines[] =
        "{\"put-code\": 1, \"path\": \"/0000-0002-1825-0097/work/1\", "
        "\"title\": {\"title\": {\"value\": \"Fine\"}}, \"type\": "
        "\"data-set\", \"publication-date\": {\"year\": {\"value\": "
        "\"1999\"}}}\n"
        "{\"put-code\": 2, \"title\": {\"title\": {\"value\": 7}}}\n"
        "{\"put-code\": 3, \"title\": 7}\n"
        "{\"put-code\": 4, \"title\": {\"title\": {\"value\": \"t\"}}, "
        "\"publication-date\": \"1999\"}\n"
        "{\"put-code\": 5, \"title\": {\"title\": null}}\n"
        "{\"put-code\": 6, \"title\": {\"title\": {\"value\": \"t\"}}, "
        "\"external-ids\": []}\n"
        "{\"put-code\": 7, \"title\": {\"title\": {\"value\": \"t\"}}, "
        "\"contributors\": {\"contributor\": [7]}}\n"
        "{\"name\": [], \"path\": \"/0000-0002-1825-0097/person\", "
        "\"other-names\": null}\n"
        "{\"result\": null, \"num-found\": 0}\n";
    struct fixture *f = *state;
    char path[PATH_MAX];
    struct bz_work w;
    struct bz_error err;

    reader_write_temp(path, sizeof(path), "bad.jsonl", lines);
    reader_import_one(f, path);
    unlink(path);
    assert_int_equal(f->report.records, 9);
    assert_int_equal(f->report.skipped, 8);
    assert_string_equal(f->report.errors[0].reason,
                        "field 'title' is not an ORCID value");
    assert_int_equal(f->report.errors[0].line, 2);
    assert_string_equal(f->report.errors[1].reason,
                        "field 'title' is not an ORCID value");
    assert_string_equal(f->report.errors[2].reason,
                        "field 'publication-date' is not an ORCID value");
    assert_string_equal(f->report.errors[3].reason, "work 5 has no title");
    assert_string_equal(f->report.errors[4].reason,
                        "field 'external-ids' is not a list of ids");
    assert_string_equal(f->report.errors[5].reason,
                        "field 'contributors' is not a list of "
                        "contributors");
    assert_string_equal(f->report.errors[6].reason,
                        "field 'person' is not an ORCID person");
    assert_int_equal(f->report.errors[7].line, 9);
    assert_int_equal(
        f->store->ops->work_get(
            f->store, &f->arena,
            reader_find_work(f, "orcid-work", "0000-0002-1825-0097/work/1"), &w,
            &err),
        BZ_OK);
    assert_string_equal(w.type, "dataset");
    assert_int_equal(w.publication_year, 1999);
    assert_int_equal(w.authorship_count, 0); /* no name for the owner */
}

static void test_xml_record(void **state)
{
    struct fixture *f = *state;
    struct bz_researcher r;
    struct bz_work *works, w;
    struct bz_error err;
    size_t count;
    int64_t id;

    need_researchers(f);
    reader_import_one(f, "orcid-model-samples-xml/record_3.0_record-3.0.xml");
    assert_int_equal(f->report.records, 2);
    assert_int_equal(f->report.skipped, 0);
    id = find_researcher(f, "orcid", "8888-8888-8888-8880");
    assert_int_equal(
        f->store->ops->researcher_get(f->store, &f->arena, id, &r, &err),
        BZ_OK);
    assert_string_equal(r.display_name, "credit-name");
    /* the sample's only employment has ended: no current affiliation */
    assert_null(r.affiliation);
    assert_int_equal(f->store->ops->researcher_works(f->store, &f->arena, id,
                                                     &works, &count, &err),
                     BZ_OK);
    assert_int_equal(count, 1);
    assert_int_equal(
        f->store->ops->work_get(f->store, &f->arena, works[0].id, &w, &err),
        BZ_OK);
    assert_string_equal(w.title, "common:title");
    assert_int_equal(w.publication_year, 1948);
    assert_string_equal(w.venue, "Procedia Computer Science");
    assert_string_equal(w.type, "artistic performance");
    assert_int_equal(w.authorship_count, 1);
    assert_string_equal(w.authorships[0].raw_name, "credit-name");
    assert_int_equal(w.authorships[0].researcher_id, id);
    assert_string_equal(w.versions[0].source_record,
                        "orcid:8888-8888-8888-8880/work/0");
}

static void test_xml_works(void **state)
{
    struct fixture *f = *state;
    struct bz_work w;
    struct bz_error err;
    int64_t id;

    reader_import_one(f, "orcid-model-samples-xml/record_3.0_works-3.0.xml");
    assert_int_equal(f->report.records, 3);
    assert_int_equal(f->report.tally.new_works, 3);
    /* the DOI of work 0 is its conference's ("part-of"): not its own */
    assert_int_equal(reader_find_work(f, "doi", "123456"), 0);
    id = reader_find_work(f, "arxiv", "123456");
    assert_true(id > 0);
    assert_int_equal(f->store->ops->work_get(f->store, &f->arena, id, &w, &err),
                     BZ_OK);
    assert_string_equal(w.title, "Work # 1");
    assert_string_equal(w.type, "conference paper");
    assert_int_equal(w.publication_year, 2017);
    assert_string_equal(w.landing_url == NULL ? "" : w.landing_url, "");
    /* the owner, named by the works' source */
    assert_int_equal(w.authorship_count, 1);
    assert_string_equal(w.authorships[0].raw_name, "User One Credit name");
    assert_int_equal(
        f->store->ops->work_get(
            f->store, &f->arena,
            reader_find_work(f, "orcid-work", "8888-8888-8888-8880/work/3358"),
            &w, &err),
        BZ_OK);
    assert_string_equal(w.title, "Work # 2");
    assert_string_equal(w.venue, "some journal title");
    assert_string_equal(w.type, "article");
}

static void test_xml_folder_counts_and_twice(void **state)
{
    struct fixture *f = *state;
    struct bz_store_counts counts, again;
    struct bz_error err;

    need_researchers(f);
    reader_import_one(f, "orcid-model-samples-xml");
    /* works: record 1, activities 1, works 3, full work 1; people: the
     * record and the record summary (one person); skipped: a person with
     * no iD and six documents of other kinds (educations, employments,
     * fundings, peer reviews, an error, a search) */
    assert_int_equal(f->report.records, 6 + 2 + 7);
    assert_int_equal(f->report.skipped, 7);
    assert_true(reader_has_error(&f->report, "person has no ORCID iD"));
    assert_true(
        reader_has_error(&f->report, "not an ORCID record, person or works"));
    assert_int_equal(f->report.tally.new_researchers, 1);
    assert_int_equal(find_researcher(f, "scopus", "1"),
                     find_researcher(f, "orcid", "8888-8888-8888-8880"));
    assert_int_equal(f->store->ops->counts(f->store, &counts, &err), BZ_OK);

    reader_import_one(f, "orcid-model-samples-xml");
    assert_int_equal(f->report.tally.new_works, 0);
    assert_int_equal(f->report.tally.new_researchers, 0);
    assert_int_equal(f->report.tally.updated_researchers, 0);
    assert_int_equal(f->store->ops->counts(f->store, &again, &err), BZ_OK);
    assert_int_equal(again.works, counts.works);
    assert_int_equal(again.researchers, counts.researchers);
}

static void test_xml_broken(void **state)
{
    static const char text[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<activities:works path=\"/0000-0002-1825-0097/works\"\n"
        "  xmlns:activities=\"http://www.orcid.org/ns/activities\"\n"
        "  xmlns:work=\"http://www.orcid.org/ns/work\"\n"
        "  xmlns:common=\"http://www.orcid.org/ns/common\">\n"
        " <activities:group>\n"
        "  <work:work-summary put-code=\"9\">\n"
        "   <work:title><common:title>Kept &amp; sound</common:title>"
        "</work:title>\n"
        "   <work:type>preprint</work:type>\n"
        "  </work:work-summary>\n"
        " </activities:group>\n"
        " <activities:group>\n"
        "  <work:work-summary put-code=\"10\">\n"
        "   <work:title><common:title>Lost</common:title>\n"
        "  </work:work-summary>\n";
    struct fixture *f = *state;
    char path[PATH_MAX];
    const char *files[2];
    struct bz_work w;
    struct bz_error err;
    int64_t id;

    reader_write_temp(path, sizeof(path), "broken.xml", text);
    files[0] = "orcid-model-samples-xml/record_3.0_works-3.0.xml";
    files[1] = path;
    reader_import(f, files, 2);
    unlink(path);
    /* the broken file's first work is kept, and the break reported */
    assert_int_equal(f->report.tally.new_works, 3 + 1);
    assert_int_equal(f->report.error_count, 1);
    assert_non_null(strstr(f->report.errors[0].reason, "XML: "));
    id = reader_find_work(f, "orcid-work", "0000-0002-1825-0097/work/9");
    assert_true(id > 0);
    assert_int_equal(f->store->ops->work_get(f->store, &f->arena, id, &w, &err),
                     BZ_OK);
    assert_string_equal(w.title, "Kept & sound");
    assert_string_equal(w.type, "preprint");
    assert_int_equal(
        reader_find_work(f, "orcid-work", "0000-0002-1825-0097/work/10"), 0);
}

static void test_detection(void **state)
{
    static const char *const json[] = {
        "orcid-api-v3/0000-0001-6101-5802_person.json",
        "orcid-api-v3/0000-0002-9341-7985_works.json",
        "orcid-api-v3/0000-0003-1620-1408_works.json",
        "orcid-api-v3/0000-0002-0734-2199_work_40038622.json",
        "orcid-api-v3/search_q_carl_boettiger.json",
        "orcid-api-v3/search_.json",
        NULL};
    static const char *const xml[] = {
        "orcid-model-samples-xml/record_3.0_record-3.0.xml",
        "orcid-model-samples-xml/record_3.0_works-3.0.xml",
        "orcid-model-samples-xml/record_3.0_work-full-3.0.xml",
        "orcid-model-samples-xml/record_3.0_person-3.0.xml",
        "orcid-model-samples-xml/record_3.0_error-3.0.xml",
        "orcid-model-samples-xml/summary_3.0_summary-3.0.xml",
        NULL};
    static const char *const others[] = {
        "crossref-api/works.jsonl",
        "crossref-api/responses/test_works_query_00.json",
        "semanticscholar-api/fixtures/Paper.json",
        "semanticscholar-api/fixtures/Author.json",
        "openalex-api-works/work_W2162348455.json",
        "arxiv-oai-pmh/hepcrawl_functional_arxiv-physics-hep-ex.xml",
        "arxiv-api-atom/id_0000.0000_s0_m100_8b51d9633a68.atom.xml",
        "dblp/xml/dblp-tiny_askmrsinh.xml",
        "orcid-api-v3/index.json",
        NULL};
    static char head[BZ_IMPORT_HEAD];
    size_t i, n;

    (void)state;
    for (i = 0; json[i]; i++) {
        n = reader_head_of(json[i], head, sizeof(head));
        if (!bz_reader_orcid_json.detect(head, n, json[i]))
            fail_msg("orcid-json does not claim %s", json[i]);
        if (bz_reader_orcid_xml.detect(head, n, json[i]))
            fail_msg("orcid-xml claims %s", json[i]);
    }
    for (i = 0; xml[i]; i++) {
        n = reader_head_of(xml[i], head, sizeof(head));
        if (!bz_reader_orcid_xml.detect(head, n, xml[i]))
            fail_msg("orcid-xml does not claim %s", xml[i]);
        if (bz_reader_orcid_json.detect(head, n, xml[i]))
            fail_msg("orcid-json claims %s", xml[i]);
    }
    for (i = 0; others[i]; i++) {
        n = reader_head_of(others[i], head, sizeof(head));
        if (bz_reader_orcid_json.detect(head, n, others[i]) ||
            bz_reader_orcid_xml.detect(head, n, others[i]))
            fail_msg("an orcid reader claims %s", others[i]);
    }
    assert_false(
        bz_reader_orcid_xml.detect("<x xmlns=\"http://www.orcid", 20, "x"));
}

/* A record's public emails are kept, lower-case, for claims (claim.h);
 * others ("limited", "private" in a member's dump) are not. */
static void test_emails_kept(void **state)
{
    static const char json[] =
        "{\"name\": {\"given-names\": {\"value\": \"Ada\"}, "
        "\"family-name\": {\"value\": \"Lovelace\"}, "
        "\"credit-name\": null, \"path\": \"0000-0002-1825-0097\"}, "
        "\"emails\": {\"email\": [{\"email\": \"Ada@Example.ORG\", "
        "\"visibility\": \"public\"}, {\"email\": \"hid@example.org\", "
        "\"visibility\": \"limited\"}, {\"email\": \"no address\"}]}, "
        "\"path\": \"/0000-0002-1825-0097/person\"}\n";
    struct fixture *f = *state;
    char path[PATH_MAX];
    const char **emails;
    const char *src = getenv("BZ_SOURCE_DIR");
    struct bz_error err;
    size_t n;
    int64_t id;

    need_researchers(f);
    reader_write_temp(path, sizeof(path), "emails.json", json);
    reader_import_one(f, path);
    unlink(path);
    id = find_researcher(f, "orcid", "0000-0002-1825-0097");
    assert_int_equal(f->store->ops->researcher_emails(f->store, &f->arena, id,
                                                      &emails, &n, &err),
                     BZ_OK);
    assert_int_equal(n, 1);
    assert_string_equal(emails[0], "ada@example.org");

    if (src == NULL)
        skip();
    snprintf(path, sizeof(path), "%s/tests/fuzz/corpus/orcid_xml/record.xml",
             src);
    reader_import_one(f, path);
    id = find_researcher(f, "orcid", "8888-8888-8888-8880");
    assert_int_equal(f->store->ops->researcher_emails(f->store, &f->arena, id,
                                                      &emails, &n, &err),
                     BZ_OK);
    assert_int_equal(n, 1);
    assert_string_equal(emails[0], "user1@email.com");
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_json_person),
        T(test_json_works_with_their_owner),
        T(test_json_full_works),
        T(test_json_folder_counts_and_twice),
        T(test_json_record_with_employment),
        T(test_json_bad_records),
        T(test_xml_record),
        T(test_xml_works),
        T(test_xml_folder_counts_and_twice),
        T(test_xml_broken),
        T(test_emails_kept),
        cmocka_unit_test(test_detection),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
