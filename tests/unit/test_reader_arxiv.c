/* test_reader_arxiv.c - the four arXiv readers, on the shared samples and
 * on the fixtures, imported into a real SQLite store and read back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "import/arxiv_ids.h"
#include "import/import.h"
#include "import/reader.h"
#include "support/stored_work.h"

/* --- paths and files ------------------------------------------------------ */

static const char *source_dir(void)
{
    const char *s = getenv("BZ_SOURCE_DIR");

    return s ? s : ".";
}

static const char *tmp_dir(void)
{
    const char *t = getenv("BZ_TEST_TMP");

    return t ? t : "/tmp";
}

/* A path under the shared data ("arxiv-abs/ftp/...") or, with fixture
 * set, under tests/fixtures; in a static ring so that a few can be live. */
static const char *data_path(const char *rel, int fixture)
{
    static char ring[8][1024];
    static int next;
    char *out = ring[next++ % 8];

    if (fixture)
        snprintf(out, sizeof(ring[0]), "%s/tests/fixtures/%s", source_dir(),
                 rel);
    else
        snprintf(out, sizeof(ring[0]), "%s/../shared/data/%s", source_dir(),
                 rel);
    return out;
}

#define SHARED(rel) data_path(rel, 0)
#define FIXTURE(rel) data_path(rel, 1)

#define OAI_SINGLE "arxiv-oai-pmh/hepcrawl_functional_arxiv-single.xml"
#define OAI_HEP_TH "arxiv-oai-pmh/hepcrawl_functional_arxiv-physics-hep-th.xml"
#define OAI_AFFIL "arxiv-oai-pmh/hepcrawl_unit_sample_arxiv_record8.xml"
#define OAI_TWELVE "arxiv-oai-pmh/hepcrawl_unit_sample_arxiv_record.xml"
#define DC_PAGE1 "arxiv-oai-dc/listrecords-oai_dc-page1.xml"
#define DC_PAGE2 "arxiv-oai-dc/listrecords-oai_dc-page2.xml"
#define ATOM_MAESTRO "arxiv-api-atom/legacy_search_au_del_maestro.atom.xml"
#define ATOM_GOULD                                                             \
    "arxiv-api-atom/id_astro-ph_0601001_s0_m100_3150dca9dc76.atom.xml"
#define ATOM_ERROR "arxiv-api-atom/id_abc_s0_m100_b79c8dcf6bc3.atom.xml"
#define ABS_IMAMURA "arxiv-abs/ftp/hep-th/papers/9901/9901001.abs"
#define ABS_IMAMURA_V1 "arxiv-abs/orig/hep-th/papers/9901/9901001v1.abs"
#define SNAPSHOT "arxiv-snapshot/arxiv-metadata-sample.jsonl"

/* The whole file, malloc'd, in *len bytes (not NUL-terminated). */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *data;
    long n;

    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    n = ftell(f);
    assert_true(n >= 0);
    rewind(f);
    data = malloc((size_t)n + 1);
    assert_non_null(data);
    assert_int_equal(fread(data, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return data;
}

/* Writes n bytes to a new file of the temporary folder; the path is
 * static until the next call. */
static const char *write_tmp(const char *name, const char *data, size_t n)
{
    static char path[1024];
    FILE *f;

    snprintf(path, sizeof(path), "%s/arxiv-%d-%s", tmp_dir(), (int)getpid(),
             name);
    f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    fclose(f);
    return path;
}

/* --- a store per test ----------------------------------------------------- */

struct fixture {
    char path[512];
    struct bz_store *store;
    struct bz_arena arena;
};

static int setup(void **state)
{
    static int count;
    struct fixture *f = calloc(1, sizeof(*f));
    struct bz_error err;

    if (f == NULL)
        return -1;
    snprintf(f->path, sizeof(f->path), "%s/arxiv-%d-%d.db", tmp_dir(),
             (int)getpid(), count++);
    unlink(f->path);
    if (bz_store_open(f->path, &f->store, &err) != BZ_OK) {
        fprintf(stderr, "%s\n", err.message);
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
    char side[600];

    bz_store_close(f->store);
    bz_arena_release(&f->arena);
    unlink(f->path);
    snprintf(side, sizeof(side), "%s-wal", f->path);
    unlink(side);
    snprintf(side, sizeof(side), "%s-shm", f->path);
    unlink(side);
    free(f);
    return 0;
}

/* Imports the paths; the report is the caller's to release. */
static enum bz_status import_paths(struct fixture *f, const char *const *paths,
                                   size_t count,
                                   struct bz_import_report *report)
{
    struct bz_import_options options = {.quiet = 1};
    struct bz_error err;

    return bz_import_files(f->store, paths, count, &options, report, &err);
}

/* Imports one path and checks that it went through; returns new works. */
static long import_one(struct fixture *f, const char *path)
{
    struct bz_import_report report;
    long new_works;

    assert_int_equal(import_paths(f, &path, 1, &report), BZ_OK);
    new_works = report.tally.new_works;
    bz_import_report_release(&report);
    return new_works;
}

/* The work carrying arxiv:id, read whole into *w. */
static void get_arxiv_work(struct fixture *f, const char *id, struct bz_work *w)
{
    struct bz_error err;
    int64_t work_id = 0;

    if (f->store->ops->work_find(f->store, "arxiv", id, &work_id, &err) !=
        BZ_OK)
        fail_msg("no work with arxiv:%s", id);
    assert_int_equal(
        f->store->ops->work_get(f->store, &f->arena, work_id, w, &err), BZ_OK);
}

static int64_t find_work(struct fixture *f, const char *scheme,
                         const char *value)
{
    struct bz_error err;
    int64_t id = 0;

    if (f->store->ops->work_find(f->store, scheme, value, &id, &err) != BZ_OK)
        return 0;
    return id;
}

static void check_authors(const struct bz_work *w, const char *const *names)
{
    size_t n = 0;

    while (names[n])
        n++;
    assert_int_equal(w->authorship_count, n);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(w->authorships[i].position, (int)i + 1);
        assert_string_equal(w->authorships[i].raw_name, names[i]);
    }
}

static size_t count_ids(const struct bz_work *w, const char *scheme)
{
    size_t n = 0;

    for (size_t i = 0; i < w->id_count; i++)
        n += strcmp(w->ids[i].scheme, scheme) == 0;
    return n;
}

/* The work's arXiv topics are exactly codes; the first is first. */
static void check_topics(const struct bz_work *w, const char *const *codes)
{
    size_t n = 0;

    while (codes[n])
        n++;
    assert_int_equal(w->topic_count, n);
    assert_string_equal(w->topics[0].external_id, codes[0]);
    for (size_t i = 0; i < n; i++) {
        size_t k = 0;

        while (k < n && strcmp(w->topics[k].external_id, codes[i]) != 0)
            k++;
        if (k == n)
            fail_msg("topic '%s' is missing", codes[i]);
        assert_string_equal(w->topics[k].scheme, "arxiv");
        assert_string_equal(w->topics[k].display_name, codes[i]);
    }
}

static int has_institution(const struct bz_work *w, const char *name)
{
    for (size_t i = 0; i < w->institution_count; i++)
        if (strcmp(w->institutions[i].display_name, name) == 0)
            return 1;
    return 0;
}

/* What every arXiv work carries whatever its source. */
static void check_preprint(const struct bz_work *w, const char *id)
{
    char doi[128], url[128];

    snprintf(doi, sizeof(doi), "10.48550/arxiv.%s", id);
    snprintf(url, sizeof(url), "https://arxiv.org/abs/%s", id);
    assert_true(stored_work_has_id(w, "arxiv", id));
    assert_true(stored_work_has_id(w, "doi", doi));
    assert_string_equal(w->type, "preprint");
    assert_string_equal(w->venue, "arXiv");
    assert_int_equal(w->open_access, 1);
    assert_string_equal(w->landing_url, url);
}

/* The first error of the report whose reason holds text, or NULL. */
static const struct bz_import_error *
find_error(const struct bz_import_report *r, const char *text)
{
    for (size_t i = 0; i < r->error_count; i++)
        if (strstr(r->errors[i].reason, text))
            return &r->errors[i];
    return NULL;
}

/* --- ids ------------------------------------------------------------------ */

static void test_arxiv_ids(void **state)
{
    static const struct {
        const char *in, *out;
        int version;
    } good[] = {
        {"1810.10065", "1810.10065", 0},
        {"arXiv:1810.10065v3", "1810.10065", 3},
        {"http://arxiv.org/abs/1707.08567v1", "1707.08567", 1},
        {"oai:arXiv.org:0704.0001", "0704.0001", 0},
        {" hep-th/9901001 ", "hep-th/9901001", 0},
        {"HEP-TH/9901001v2", "hep-th/9901001", 2},
        {"math.AG/0202001", "math/0202001", 0},
        {"https://arxiv.org/abs/astro-ph/0601001v1", "astro-ph/0601001", 1},
    };
    static const char *const bad[] = {"",
                                      "abc",
                                      "0000.0000",
                                      "1810.1006",
                                      "1501.1234",
                                      "1412.12345",
                                      "0613.0001",
                                      "hep-th/990100",
                                      "hep-th/9913001",
                                      "hep-th/2001001",
                                      "1810.10065v",
                                      "1810.10065x",
                                      "https://arxiv.org/api/errors#x",
                                      "/9901001",
                                      NULL};
    char out[BZ_ARXIV_ID_MAX];
    int version;

    (void)state;
    for (size_t i = 0; i < sizeof(good) / sizeof(*good); i++) {
        assert_int_equal(
            bz_arxiv_id_parse(good[i].in, strlen(good[i].in), out, &version),
            1);
        assert_string_equal(out, good[i].out);
        assert_int_equal(version, good[i].version);
    }
    for (size_t i = 0; bad[i]; i++) {
        if (bz_arxiv_id_parse(bad[i], strlen(bad[i]), out, NULL))
            fail_msg("'%s' taken as an arXiv id", bad[i]);
        assert_string_equal(out, "");
    }
    /* in place, as other readers canonicalise an id they hold */
    snprintf(out, sizeof(out), "%s", "arXiv:HEP-TH/9901001v2");
    assert_int_equal(bz_arxiv_id_parse(out, strlen(out), out, &version), 1);
    assert_string_equal(out, "hep-th/9901001");
    /* the length is honoured: a prefix of a valid id is not one */
    assert_int_equal(bz_arxiv_id_parse("1810.10065", 9, out, NULL), 0);
    assert_true(bz_arxiv_category_valid("cs.LG", 5));
    assert_true(bz_arxiv_category_valid("hep-th", 6));
    assert_true(bz_arxiv_category_valid("cond-mat.mes-hall", 17));
    assert_false(bz_arxiv_category_valid("68T05", 5));
    assert_false(bz_arxiv_category_valid("I.2.6", 5));
    assert_false(bz_arxiv_category_valid("cs.", 3));
    assert_int_equal(bz_arxiv_category_archive_len("q-bio.NC", 8), 5);
    assert_true(bz_arxiv_archive_only("math", 4));
    assert_false(bz_arxiv_archive_only("hep-th", 6));
}

/* --- detection ------------------------------------------------------------ */

enum kind { KIND_OAI, KIND_ATOM, KIND_ABS, KIND_SNAPSHOT };

static const struct bz_reader *reader_of(enum kind k)
{
    switch (k) {
    case KIND_OAI:
        return &bz_reader_arxiv_oai;
    case KIND_ATOM:
        return &bz_reader_arxiv_atom;
    case KIND_ABS:
        return &bz_reader_arxiv_abs;
    case KIND_SNAPSHOT:
        break;
    }
    return &bz_reader_arxiv_snapshot;
}

/* Calls detect on the first len bytes of data, copied to a buffer of
 * exactly that size so that a read past it is caught under ASan. */
static int detect_exact(const struct bz_reader *r, const char *data, size_t len,
                        const char *name)
{
    char *copy = malloc(len ? len : 1);
    int rc;

    assert_non_null(copy);
    memcpy(copy, data, len);
    rc = r->detect(copy, len, name);
    free(copy);
    return rc;
}

static void test_detect(void **state)
{
    static const struct {
        const char *rel;
        int fixture;
        enum kind kind;
    } samples[] = {
        {OAI_SINGLE, 0, KIND_OAI},
        {OAI_HEP_TH, 0, KIND_OAI},
        {DC_PAGE1, 1, KIND_OAI},
        {ATOM_GOULD, 0, KIND_ATOM},
        {ATOM_MAESTRO, 0, KIND_ATOM},
        {ATOM_ERROR, 0, KIND_ATOM},
        {ABS_IMAMURA, 0, KIND_ABS},
        {ABS_IMAMURA_V1, 0, KIND_ABS},
        {"arxiv-abs/ftp/arxiv/papers/0704/0704.0001.abs", 0, KIND_ABS},
        {SNAPSHOT, 1, KIND_SNAPSHOT},
    };

    (void)state;
    for (size_t i = 0; i < sizeof(samples) / sizeof(*samples); i++) {
        size_t len;
        char *data = slurp(data_path(samples[i].rel, samples[i].fixture), &len);

        if (len > BZ_IMPORT_HEAD)
            len = BZ_IMPORT_HEAD;
        for (int k = KIND_OAI; k <= KIND_SNAPSHOT; k++) {
            /* "sample": no .abs name, so that .abs is told by content */
            int claims = detect_exact(reader_of(k), data, len, "sample");

            if (claims != ((int)samples[i].kind == k))
                fail_msg("reader '%s' %s %s", reader_of(k)->name,
                         claims ? "claims" : "refuses", samples[i].rel);
        }
        /* every shorter head: no read past len, and no claim of nothing */
        for (size_t n = 0; n <= len && n <= 600; n++)
            for (int k = KIND_OAI; k <= KIND_SNAPSHOT; k++)
                if (n == 0)
                    assert_false(detect_exact(reader_of(k), data, 0, "x"));
                else
                    (void)detect_exact(reader_of(k), data, n, "x");
        free(data);
    }
    /* an .abs file is also known by its name */
    assert_true(bz_reader_arxiv_abs.detect("Title: x\n", 9, "a/0704.0001.abs"));
    assert_false(bz_reader_arxiv_abs.detect("Title: x\n", 9, "a/abs.txt"));
    /* OpenAlex-shaped JSON is not the snapshot */
    assert_false(bz_reader_arxiv_snapshot.detect(
        "{\"id\":\"https://openalex.org/W1\",\"authorships\":[]}\n", 49,
        "w.jsonl"));
}

/* --- OAI-PMH -------------------------------------------------------------- */

static void test_oai_arxiv_format(void **state)
{
    static const char *const sergyeyev[] = {"A. Sergyeyev", NULL};
    static const char *const topics[] = {
        "math.AP", "hep-th", "math-ph", "math.DG", "math.MP", "nlin.SI", NULL};
    struct fixture *f = *state;
    struct bz_import_report report;
    const char *path = SHARED(OAI_HEP_TH);
    struct bz_work w;

    assert_int_equal(import_one(f, SHARED(OAI_SINGLE)), 1);
    get_arxiv_work(f, "1401.2122", &w);
    assert_string_equal(w.title, "New integrable (3+1)-dimensional systems "
                                 "and contact geometry");
    assert_int_equal(w.publication_year, 2014); /* <created>, not <updated> */
    check_preprint(&w, "1401.2122");
    assert_true(stored_work_has_id(&w, "doi", "10.1007/s11005-017-1013-4"));
    assert_int_equal(w.id_count, 3);
    check_authors(&w, sergyeyev);
    check_topics(&w, topics);
    assert_non_null(strstr(w.abstract, "We introduce a novel systematic "
                                       "construction for integrable"));
    assert_null(strchr(w.abstract, '\n'));

    /* a ListRecords page: all of its records */
    assert_int_equal(import_paths(f, &path, 1, &report), BZ_OK);
    assert_int_equal(report.records, 3);
    assert_int_equal(report.tally.new_works, 3);
    assert_int_equal(report.skipped, 0);
    bz_import_report_release(&report);

    /* the same file again adds nothing */
    assert_int_equal(import_paths(f, &path, 1, &report), BZ_OK);
    assert_int_equal(report.records, 3);
    assert_int_equal(report.tally.new_works, 0);
    assert_int_equal(report.tally.new_researchers, 0);
    bz_import_report_release(&report);
}

static void test_oai_affiliations(void **state)
{
    static const char *const first[] = {"Super-Kamiokande Collaboration",
                                        "K. Abe",
                                        "Y. Suzuki",
                                        "M. R. Vagins",
                                        "C. M. Nantais",
                                        "J. F. Martin",
                                        "P. de Perio",
                                        NULL};
    struct fixture *f = *state;
    struct bz_work w;

    assert_int_equal(import_one(f, SHARED(OAI_AFFIL)), 1);
    get_arxiv_work(f, "1606.07538", &w);
    assert_string_equal(w.title,
                        "Solar Neutrino Measurements in Super-Kamiokande-IV");
    /* the record's <author><keyname>:</keyname></author> is no author */
    check_authors(&w, first);
    assert_true(has_institution(&w, "Kamioka Observatory, Institute for "
                                    "Cosmic Ray Research, University of "
                                    "Tokyo"));
    assert_true(has_institution(&w, "Department of Physics, University of "
                                    "Toronto"));
}

static void test_oai_dc_harvest(void **state)
{
    static const char *const balazs[] = {"C. Balázs", "E. L. Berger",
                                         "P. M. Nadolsky", "C. -P. Yuan", NULL};
    static const char *const hep_ph[] = {"hep-ph", NULL};
    struct fixture *f = *state;
    const char *paths[2] = {FIXTURE(DC_PAGE1), FIXTURE(DC_PAGE2)};
    struct bz_import_report report;
    struct bz_work w;

    /* two pages of one harvest: the resumption token is no error */
    assert_int_equal(import_paths(f, paths, 2, &report), BZ_OK);
    assert_int_equal(report.records, 4);
    assert_int_equal(report.tally.new_works, 4);
    assert_int_equal(report.error_total, 0);
    bz_import_report_release(&report);

    get_arxiv_work(f, "0704.0001", &w);
    assert_string_equal(w.title, "Calculation of prompt diphoton production "
                                 "cross sections at Tevatron and LHC "
                                 "energies");
    assert_int_equal(w.publication_year, 2007);
    check_preprint(&w, "0704.0001");
    assert_true(stored_work_has_id(&w, "doi", "10.1103/physrevd.76.013009"));
    check_authors(&w, balazs);
    check_topics(&w, hep_ph);
    assert_non_null(strstr(w.abstract, "A fully differential calculation"));
    assert_null(strstr(w.abstract, "Comment:"));

    get_arxiv_work(f, "quant-ph/0201082", &w);
    check_preprint(&w, "quant-ph/0201082");
    assert_int_equal(w.publication_year, 2002);
    assert_int_equal(w.topic_count, 2); /* the sets: cs, physics:quant-ph */
}

static void test_oai_truncated(void **state)
{
    struct fixture *f = *state;
    struct bz_import_report report;
    const char *paths[2];
    const struct bz_import_error *e;
    size_t len, half, before = 0;
    char *data = slurp(SHARED(OAI_TWELVE), &len);
    const char *p;

    half = len / 2;
    for (p = data;
         (p = memmem(p, (size_t)(data + half - p), "</record>", 9)) != NULL;
         p += 9)
        before++;
    assert_true(before >= 1 && before < 12);
    paths[0] = SHARED(OAI_SINGLE);
    paths[1] = write_tmp("truncated.xml", data, half);
    free(data);

    assert_int_equal(import_paths(f, paths, 2, &report), BZ_OK);
    assert_int_equal(report.tally.new_works, 1 + (long)before);
    e = find_error(&report, "XML");
    assert_non_null(e);
    assert_non_null(strstr(e->file, "truncated.xml"));
    assert_true(e->line > 1);
    bz_import_report_release(&report);
    assert_true(find_work(f, "arxiv", "1601.03238") != 0);    /* the first */
    assert_int_equal(find_work(f, "arxiv", "1808.04927"), 0); /* the last */
    unlink(paths[1]);
}

/* --- Atom ----------------------------------------------------------------- */

static void test_atom(void **state)
{
    static const char *const maestro[] = {"Adrian Del Maestro", NULL};
    static const char *const cond_mat[] = {"cond-mat.mes-hall",
                                           "cond-mat.other", NULL};
    static const char *const gould[] = {"Andrew Gould", "Susan Dorsher",
                                        "B. Scott Gaudi", "Andrzej Udalski",
                                        NULL};
    struct fixture *f = *state;
    const char *path = SHARED(ATOM_MAESTRO);
    struct bz_import_report report;
    const struct bz_import_error *e;
    struct bz_work w;

    assert_int_equal(import_paths(f, &path, 1, &report), BZ_OK);
    assert_int_equal(report.records, 10);
    assert_int_equal(report.tally.new_works, 10);
    bz_import_report_release(&report);

    get_arxiv_work(f, "1201.4869", &w);
    assert_string_equal(w.title,
                        "A Luttinger Liquid Core Inside Helium-4 Filled "
                        "Nanopores");
    assert_int_equal(w.publication_year, 2012);
    check_preprint(&w, "1201.4869");
    assert_true(stored_work_has_id(&w, "doi", "10.1142/s021797921244002x"));
    check_authors(&w, maestro);
    check_topics(&w, cond_mat);
    assert_int_equal(strncmp(w.abstract, "As helium-4 is cooled", 21), 0);

    assert_int_equal(import_one(f, path), 0); /* again: nothing new */

    assert_int_equal(import_one(f, SHARED(ATOM_GOULD)), 1);
    get_arxiv_work(f, "astro-ph/0601001", &w);
    check_preprint(&w, "astro-ph/0601001");
    assert_int_equal(w.publication_year, 2006);
    check_authors(&w, gould);
    assert_int_equal(count_ids(&w, "doi"), 1); /* journal-ref, no DOI */
    assert_true(has_institution(&w, "Warsaw University Observatory"));

    /* the API's error entry is skipped with its message */
    path = SHARED(ATOM_ERROR);
    assert_int_equal(import_paths(f, &path, 1, &report), BZ_OK);
    assert_int_equal(report.skipped, 1);
    e = find_error(&report, "incorrect id format for abc");
    assert_non_null(e);
    assert_int_equal(e->line, 10);
    bz_import_report_release(&report);
}

/* The same paper from the Atom feed and from an OAI harvest is one work. */
static void test_atom_and_oai_are_one_work(void **state)
{
    struct fixture *f = *state;
    int64_t id;
    struct bz_work w;

    assert_int_equal(import_one(f, FIXTURE(DC_PAGE1)), 2);
    id = find_work(f, "arxiv", "astro-ph/0601001");
    assert_true(id != 0);
    assert_int_equal(import_one(f, SHARED(ATOM_GOULD)), 0);
    assert_int_equal(find_work(f, "arxiv", "astro-ph/0601001"), id);
    assert_int_equal(find_work(f, "doi", "10.48550/arxiv.astro-ph/0601001"),
                     id);
    get_arxiv_work(f, "astro-ph/0601001", &w);
    assert_int_equal(w.authorship_count, 4);
    /* and the other way round: the Atom entry first, then the harvest */
    assert_int_equal(
        import_one(f, SHARED("arxiv-api-atom/"
                             "id_1605.08386_s0_m100_199195aa31ad.atom.xml")),
        1);
    id = find_work(f, "arxiv", "1605.08386");
    assert_int_equal(import_one(f, FIXTURE(DC_PAGE2)), 1); /* the other one */
    assert_int_equal(find_work(f, "arxiv", "1605.08386"), id);
}

/* --- .abs ----------------------------------------------------------------- */

static void test_abs(void **state)
{
    static const char *const imamura[] = {"Yosuke Imamura", NULL};
    static const char *const hep_th[] = {"hep-th", NULL};
    static const char *const brignole[] = {
        "Andrea Brignole", "Ferruccio Feruglio", "Fabio Zwirner", NULL};
    static const char *const internet[] = {
        "Barry M. Leiner",   "Vinton G. Cerf",
        "David D. Clark",    "Robert E. Kahn",
        "Leonard Kleinrock", "Daniel C. Lynch",
        "Jon Postel",        "Larry G. Roberts",
        "Stephen Wolf",      NULL};
    static const char *const swinir[] = {"Jingyun Liang Jr.",
                                         "Jiezhang Cao III",
                                         "Guolei Sun SJ",
                                         "Kai Zhang",
                                         "Luc Van Gool",
                                         "Radu Timofte",
                                         NULL};
    static const char *const d0[] = {"D0 Collaboration", "V. Abazov", NULL};
    struct fixture *f = *state;
    const char *path = SHARED("arxiv-abs");
    struct bz_import_report report;
    struct bz_work w;

    /* the whole tree: current versions (ftp/) and older ones (orig/) */
    assert_int_equal(import_paths(f, &path, 1, &report), BZ_OK);
    assert_int_equal(report.records, 940); /* 941 files, one empty */
    /* 880 files under ftp/, two of which carry the same paper */
    assert_int_equal(report.tally.new_works, 879);
    assert_int_equal(report.skipped, 0);
    bz_import_report_release(&report);

    get_arxiv_work(f, "hep-th/9901001", &w);
    assert_string_equal(w.title, "String Junctions and Their Duals in "
                                 "Heterotic String Theory");
    assert_int_equal(w.publication_year, 1999);
    check_preprint(&w, "hep-th/9901001");
    assert_true(stored_work_has_id(&w, "doi", "10.1143/ptp.101.1155"));
    check_authors(&w, imamura);
    check_topics(&w, hep_th);
    assert_int_equal(strncmp(w.abstract, "We explicitly give", 18), 0);
    assert_null(strstr(w.abstract, "\\\\"));

    /* continuation lines and parenthesised affiliations */
    get_arxiv_work(f, "hep-th/9709111", &w);
    check_authors(&w, brignole);
    assert_int_equal(w.publication_year, 1997);
    /* "A, B, and C" */
    get_arxiv_work(f, "cs/9901011", &w);
    check_authors(&w, internet);
    /* a suffix written as an item of the list */
    get_arxiv_work(f, "2108.10257", &w);
    check_authors(&w, swinir);
    /* "X Collaboration: A, et al" */
    get_arxiv_work(f, "0808.4142", &w);
    check_authors(&w, d0);

    /* again: nothing new */
    assert_int_equal(import_one(f, SHARED(ABS_IMAMURA)), 0);
}

static void test_abs_without_title(void **state)
{
    static const char text[] =
        "------------------------------------------------------------\n"
        "\\\\\n"
        "arXiv:0704.0002\n"
        "From: Louis Theran <x@example.org>\n"
        "Date: Sat, 31 Mar 2007 02:26:18 GMT   (377kb,D)\n"
        "\n"
        "Authors: Ileana Streinu and Louis Theran\n"
        "Categories: math.CO cs.CG\n"
        "\\\\\n"
        "  An abstract.\n"
        "\\\\\n";
    struct fixture *f = *state;
    struct bz_import_report report;
    const char *path = write_tmp("untitled.abs", text, sizeof(text) - 1);
    const struct bz_import_error *e;

    assert_int_equal(import_paths(f, &path, 1, &report), BZ_OK);
    assert_int_equal(report.records, 1);
    assert_int_equal(report.skipped, 1);
    assert_int_equal(report.tally.new_works, 0);
    e = find_error(&report, "has no title");
    assert_non_null(e);
    assert_int_equal(e->line, 1);
    assert_non_null(strstr(e->reason, "arxiv:0704.0002"));
    bz_import_report_release(&report);
    unlink(path);
}

/* --- the snapshot --------------------------------------------------------- */

static void test_snapshot(void **state)
{
    static const char *const balazs[] = {"C. Balázs", "E. L. Berger",
                                         "P. M. Nadolsky", "C. -P. Yuan", NULL};
    static const char *const streinu[] = {"Ileana Streinu", "Louis Theran",
                                          NULL};
    static const char *const sparse[] = {"math.CO", "cs.CG", NULL};
    struct fixture *f = *state;
    const char *path = FIXTURE(SNAPSHOT);
    struct bz_import_report report;
    struct bz_work w;

    assert_int_equal(import_paths(f, &path, 1, &report), BZ_OK);
    assert_int_equal(report.records, 3);
    assert_int_equal(report.tally.new_works, 3);
    bz_import_report_release(&report);

    get_arxiv_work(f, "0704.0001", &w);
    assert_string_equal(w.title, "Calculation of prompt diphoton production "
                                 "cross sections at Tevatron and LHC "
                                 "energies");
    assert_int_equal(w.publication_year, 2007);
    check_preprint(&w, "0704.0001");
    assert_true(stored_work_has_id(&w, "doi", "10.1103/physrevd.76.013009"));
    check_authors(&w, balazs);

    get_arxiv_work(f, "0704.0002", &w);
    assert_int_equal(w.publication_year, 2007); /* v1, not v2 (2008) */
    check_authors(&w, streinu);
    check_topics(&w, sparse);
    assert_int_equal(count_ids(&w, "doi"), 1);

    get_arxiv_work(f, "hep-th/9901001", &w);
    assert_int_equal(w.publication_year, 1999);
    assert_true(stored_work_has_id(&w, "doi", "10.1143/ptp.101.1155"));

    assert_int_equal(import_one(f, path), 0); /* again: nothing new */
    /* the same papers as .abs files: the same works */
    assert_int_equal(import_one(f, SHARED(ABS_IMAMURA)), 0);
    assert_int_equal(
        import_one(f, SHARED("arxiv-abs/ftp/arxiv/papers/0704/0704.0001.abs")),
        0);
}

static void test_snapshot_bad_lines(void **state)
{
    static const char text[] =
        "{\"id\":\"0704.0002\",\"submitter\":\"L\",\"title\":\"Sparsity\","
        "\"categories\":\"math.CO\",\"authors_parsed\":[[\"Theran\","
        "\"Louis\",\"\"]]}\n"
        "{\"id\":704.0003,\"title\":\"a number for an id\"}\n"
        "{\"id\":\"abc\",\"title\":\"not an arXiv id\"}\n"
        "\n"
        "{\"id\":\"0704.0004\",\"categories\":\"math.CO\"}\n"
        "{\"id\":\"0704.0005\",\"title\":\"x\",\"authors_parsed\":\"Me\"}\n"
        "{\"id\":\"0704.0006\",\"title\":\"x\",\"versions\":[1]}\n"
        "{not json\n"
        "[1,2]\n"
        "{\"id\":\"0704.0007\",\"title\":\"The last\",\"authors\":"
        "\"A. B, C. D and E. F\"}\n";
    static const char *const last[] = {"A. B", "C. D", "E. F", NULL};
    static const struct {
        long line;
        const char *reason;
    } errors[] = {
        {2, "field 'id' is not a string"},
        {3, "id 'abc' is not an arXiv id"},
        {5, "has no title"},
        {6, "field 'authors_parsed' is not a list"},
        {7, "field 'versions' is not a list"},
        {8, ""},
        {9, "line is not a JSON object"},
    };
    struct fixture *f = *state;
    struct bz_import_report report;
    const char *path = write_tmp("bad.jsonl", text, sizeof(text) - 1);
    struct bz_work w;

    assert_int_equal(import_paths(f, &path, 1, &report), BZ_OK);
    assert_int_equal(report.tally.new_works, 2);
    assert_int_equal(report.skipped, 7);
    assert_int_equal(report.error_count, 7);
    for (size_t i = 0; i < 7; i++) {
        assert_int_equal(report.errors[i].line, errors[i].line);
        if (strstr(report.errors[i].reason, errors[i].reason) == NULL)
            fail_msg("line %ld: '%s'", errors[i].line, report.errors[i].reason);
    }
    bz_import_report_release(&report);
    get_arxiv_work(f, "0704.0007", &w);
    check_authors(&w, last); /* no authors_parsed: the free text */
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_arxiv_ids),
        cmocka_unit_test(test_detect),
        cmocka_unit_test_setup_teardown(test_oai_arxiv_format, setup, teardown),
        cmocka_unit_test_setup_teardown(test_oai_affiliations, setup, teardown),
        cmocka_unit_test_setup_teardown(test_oai_dc_harvest, setup, teardown),
        cmocka_unit_test_setup_teardown(test_oai_truncated, setup, teardown),
        cmocka_unit_test_setup_teardown(test_atom, setup, teardown),
        cmocka_unit_test_setup_teardown(test_atom_and_oai_are_one_work, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_abs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_abs_without_title, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_snapshot, setup, teardown),
        cmocka_unit_test_setup_teardown(test_snapshot_bad_lines, setup,
                                        teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
