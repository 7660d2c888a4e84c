/* test_reader_dblp.c - the dblp XML reader: real samples into SQLite, the
 * entity filter across chunk boundaries, constant memory on a large file,
 * entity bombs, outside DTDs, truncation and detection. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "import/dblp_entities.h"
#include "import/import.h"
#include "import/input.h"
#include "import/reader.h"
#include "store/store.h"
#include "support/reader_fixture.h"
#include "support/stored_work.h"

/* AddressSanitizer keeps freed memory in quarantine, so peak RSS says
 * nothing about the reader under it. */
#if defined(__SANITIZE_ADDRESS__)
#define TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TEST_ASAN 1
#endif
#endif

/* --- helpers -------------------------------------------------------------- */

/* Runs the dblp reader over text in memory, keeping what it gave. */
static void import_text(struct bz_store *store, const char *text,
                        struct bz_import_report *report)
{
    struct bz_import_input *in = bz_input_memory("mem.xml", text, strlen(text));
    struct bz_import_options options = {.quiet = 1};
    struct bz_error err;

    assert_non_null(in);
    assert_int_equal(
        bz_import_one(store, &bz_reader_dblp, in, &options, 1, report, &err),
        BZ_OK);
    bz_input_free(in);
}

static int work_missing(struct bz_store *store, const char *scheme,
                        const char *value)
{
    struct bz_error err;
    int64_t id = 0;

    return store->ops->work_find(store, scheme, value, &id, &err) ==
           BZ_NOT_FOUND;
}

static long max_rss_kb(void)
{
    struct rusage ru;

    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

static double seconds_since(const struct timespec *t)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t->tv_sec) +
           (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

/* Reads a whole file (for detection). */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *data;
    long n;

    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    data = malloc((size_t)n + 1);
    assert_non_null(data);
    assert_int_equal(fread(data, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    data[n] = '\0';
    *len = (size_t)n;
    return data;
}

/* --- constant memory (first: ru_maxrss is a peak over the whole run) ----- */

static void test_dblp_constant_memory(void **state)
{
    char path[PATH_MAX];
    const char *paths[1] = {path};
    struct bz_import_report report;
    struct bz_store *store = NULL;
    struct bz_error err;
    struct timespec started;
    long before, after, records = 0;
    FILE *f;

    (void)state;
    snprintf(path, sizeof(path), "%s/dblp-big-%d.xml", reader_tmp_dir(),
             (int)getpid());
    f = fopen(path, "wb");
    assert_non_null(f);
    fputs("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n"
          "<!DOCTYPE dblp SYSTEM \"dblp.dtd\">\n<dblp>\n",
          f);
    while (ftell(f) < 20L * 1024 * 1024) {
        records++;
        fprintf(f,
                "<article mdate=\"2020-01-01\" key=\"journals/big/R%ld\">\n"
                "<author>J&ouml;rg M&uuml;ller %04ld</author>\n"
                "<author orcid=\"0000-0002-1825-0097\">Fran&ccedil;ois "
                "&Eacute;lie</author>\n"
                "<title>Record %ld on Stra&szlig;en &amp; "
                "caf&eacute;s, &#228;rger and <i>more</i>.</title>\n"
                "<pages>1-10</pages>\n<year>2001</year>\n"
                "<journal>J. &Uuml;ber</journal>\n"
                "<ee>https://doi.org/10.1234/big.%ld</ee>\n"
                "<url>db/journals/big/big1.html#R%ld</url>\n"
                "</article>\n",
                records, records % 10000, records, records, records);
    }
    fputs("</dblp>\n", f);
    fclose(f);

    assert_int_equal(bz_store_open("null:", &store, &err), BZ_OK);
    before = max_rss_kb();
    clock_gettime(CLOCK_MONOTONIC, &started);
    assert_int_equal(reader_import_paths(store, paths, 1, &report), BZ_OK);
    after = max_rss_kb();
    assert_int_equal(report.records, records);
    assert_int_equal(report.skipped, 0);
    assert_true(records > 40000);
    print_message("dblp: %ld records (20 MB) in %.2f s, peak RSS +%ld KB\n",
                  records, seconds_since(&started), after - before);
#ifndef TEST_ASAN
    assert_true(after - before < 50 * 1024);
    assert_true(seconds_since(&started) < 10.0);
#endif
    bz_import_report_release(&report);
    bz_store_close(store);
    unlink(path);
}

/* --- the real samples ----------------------------------------------------- */

static void test_dblp_samples(void **state)
{
    char db[PATH_MAX], dir[PATH_MAX];
    const char *paths[1] = {dir};
    struct bz_store *store = reader_open_store(db, sizeof(db), "dblp-samples");
    struct bz_import_report report;
    struct bz_arena arena;
    struct bz_work w;
    struct bz_error err;
    int64_t id;

    (void)state;
    bz_arena_init(&arena, 0);
    reader_data_path(dir, sizeof(dir), "dblp/xml");
    assert_int_equal(reader_import_paths(store, paths, 1, &report), BZ_OK);
    /* 13 + 10 + 21 records: 38 works, 5 person pages, and one dblp data
     * record with no title, skipped at its line */
    assert_int_equal(report.files, 3);
    assert_int_equal(report.records, 44);
    assert_int_equal(report.skipped, 1);
    assert_int_equal(report.tally.new_works, 38);
    assert_int_equal(report.error_count, 1);
    assert_int_equal(report.errors[0].line, 214);
    assert_string_equal(report.errors[0].reason, "dblp record has no title");

    /* an entity-bearing name: Yl&ouml;nen */
    stored_work_get(store, &arena, "dblp", "phd/Ylonen94", &w);
    assert_string_equal(w.title, "Shadow Paging Is Feasible");
    assert_int_equal(w.publication_year, 1994);
    assert_string_equal(w.type, "thesis");
    assert_string_equal(w.venue, "Helsinki University of Technology, "
                                 "Department of Computer Science");
    assert_int_equal(w.authorship_count, 1);
    assert_string_equal(w.authorships[0].raw_name, "Tatu Yl\xc3\xb6nen");

    /* Sep&uacute;lveda, a DOI, a book chapter */
    stored_work_get(store, &arena, "doi", "10.1007/978-3-662-43505-2_76", &w);
    assert_string_equal(w.title, "Evolving Embedded Fuzzy Controllers");
    assert_int_equal(w.publication_year, 2015);
    assert_string_equal(w.type, "book chapter");
    assert_string_equal(w.venue, "Handbook of Computational Intelligence");
    assert_true(stored_work_has_id(&w, "dblp", "reference/sp/RossC15"));
    assert_int_equal(w.authorship_count, 2);
    assert_string_equal(w.authorships[0].raw_name, "Oscar Montiel Ross");
    assert_string_equal(w.authorships[1].raw_name,
                        "Roberto Sep\xc3\xbalveda Cruz");
    assert_non_null(w.landing_url);
    assert_string_equal(w.landing_url,
                        "https://doi.org/10.1007/978-3-662-43505-2_76");

    /* ten authors in order; homonym numbers kept in raw_name only */
    stored_work_get(store, &arena, "dblp", "tr/meltdown/s18", &w);
    assert_string_equal(w.title,
                        "Spectre Attacks: Exploiting Speculative Execution");
    assert_int_equal(w.publication_year, 2018);
    assert_string_equal(w.type, "article");
    assert_string_equal(w.venue, "meltdownattack.com");
    assert_int_equal(w.authorship_count, 10);
    assert_string_equal(w.authorships[0].raw_name, "Paul Kocher");
    assert_string_equal(w.authorships[7].raw_name, "Thomas Prescher 0002");
    assert_string_equal(w.authorships[8].raw_name, "Michael Schwarz 0001");
    assert_string_equal(w.authorships[8].researcher_name, "Michael Schwarz");
    assert_string_equal(w.authorships[9].raw_name, "Yuval Yarom");
    assert_int_equal(w.authorships[8].position, 9);

    /* the file whose DTD is inlined: Jos&eacute; */
    stored_work_get(store, &arena, "dblp", "books/acm/kim95/Blakeley95", &w);
    assert_string_equal(w.authorships[0].raw_name, "Jos\xc3\xa9 A. Blakeley");
    assert_string_equal(w.title, "OQL[C++]: Extending C++ with an Object "
                                 "Query Capability");

    /* a title across lines, &auml;, a book with no venue */
    stored_work_get(store, &arena, "dblp", "phd/dnb/Curth89", &w);
    assert_string_equal(w.title, "Planspieltechnik und Computer-based-"
                                 "Training zur Schulung von Eink\xc3\xa4ufern "
                                 "im Handel");
    assert_string_equal(w.type, "book");
    assert_null(w.venue);

    /* proceedings, conference papers, open access */
    stored_work_get(store, &arena, "doi", "10.1007/b94348", &w);
    assert_string_equal(w.type, "proceedings");
    assert_string_equal(w.venue, "OTM");
    assert_int_equal(w.authorship_count, 0); /* editors are not authors */
    stored_work_get(store, &arena, "dblp", "journals/tcs/PierroW01", &w);
    assert_string_equal(w.type, "conference paper");
    assert_string_equal(w.title, "Preface");
    assert_int_equal(w.open_access, 1);

    /* an author's orcid attribute is the researcher's id */
    assert_int_equal(store->ops->researcher_find(
                         store, "orcid", "0000-0002-3904-2924", &id, &err),
                     BZ_OK);
    /* a person page: pid from the key, name with &Ouml; */
    if (store->ops->import_researcher) {
        struct bz_researcher r;

        assert_int_equal(
            store->ops->researcher_find(store, "dblp", "308/1161", &id, &err),
            BZ_OK);
        assert_int_equal(
            store->ops->researcher_get(store, &arena, id, &r, &err), BZ_OK);
        assert_string_equal(r.display_name, "Joey \xc3\x96hman");
        /* its url names an ORCID iD */
        assert_int_equal(store->ops->researcher_find(
                             store, "orcid", "0000-0001-6985-5486", &id, &err),
                         BZ_OK);
    }
    bz_import_report_release(&report);

    /* a second import adds nothing */
    assert_int_equal(reader_import_paths(store, paths, 1, &report), BZ_OK);
    assert_int_equal(report.tally.new_works, 0);
    assert_int_equal(report.tally.new_researchers, 0);
    bz_import_report_release(&report);
    bz_arena_release(&arena);
    reader_close_store(store, db);
}

/* CoRR keys, arXiv links, pids, person pages: a made-up file of dblp's
 * shape. */
static void test_dblp_identifiers(void **state)
{
    static const char doc[] =
        "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n"
        "<!DOCTYPE dblp SYSTEM \"dblp.dtd\">\n"
        "<dblp>\n"
        "<article mdate=\"2018-11-01\" key=\"journals/corr/abs-1810-10065\""
        " publtype=\"informal\">\n"
        "<author pid=\"08/6762\">Jonathan Kadmon</author>\n"
        "<author pid=\"56/10453\" orcid=\"0000-0002-1825-0097\">Surya "
        "Ganguli</author>\n"
        "<title>Statistical mechanics of low-rank tensor "
        "decomposition.</title>\n"
        "<journal>CoRR</journal><volume>abs/1810.10065</volume>"
        "<year>2018</year>\n"
        "<ee type=\"oa\">http://arxiv.org/abs/1810.10065v2</ee>\n"
        "</article>\n"
        "<inproceedings mdate=\"2020-01-01\" key=\"conf/x/KadmonTG20\">\n"
        "<author>Jonathan Kadmon</author>\n"
        "<title>Predictive coding in balanced neural networks with noise, "
        "chaos and delays.</title>\n"
        "<booktitle>NeurIPS</booktitle><year>2020</year>\n"
        "<ee>https://doi.org/10.48550/arXiv.2006.14178</ee>\n"
        "</inproceedings>\n"
        "<www mdate=\"2020-01-01\" key=\"homepages/56/10453\">\n"
        "<author>Surya Ganguli</author><author>S. Ganguli</author>\n"
        "<title>Home Page</title>\n"
        "<note type=\"affiliation\">Stanford University</note>\n"
        "</www>\n"
        "<www mdate=\"2020-01-01\" key=\"homepages/00/1\" "
        "publtype=\"disambiguation\">\n"
        "<author>Wei Wang</author><title>Home Page</title></www>\n"
        "<www mdate=\"2020-01-01\" key=\"www/org/x\"><title>X</title>"
        "<url>http://x.invalid/</url></www>\n"
        "</dblp>\n";
    char db[PATH_MAX];
    struct bz_store *store = reader_open_store(db, sizeof(db), "dblp-ids");
    struct bz_import_report report;
    struct bz_arena arena;
    struct bz_work w;
    struct bz_error err;
    int64_t id, other;

    (void)state;
    bz_arena_init(&arena, 0);
    import_text(store, doc, &report);
    assert_int_equal(report.skipped, 0);
    /* two works and one person: the disambiguation page and the other web
     * page are passed over */
    assert_int_equal(report.records, 3);
    assert_int_equal(report.tally.new_works, 2);

    stored_work_get(store, &arena, "arxiv", "1810.10065", &w);
    assert_string_equal(w.type, "preprint");
    assert_string_equal(w.title, "Statistical mechanics of low-rank tensor "
                                 "decomposition");
    assert_true(stored_work_has_id(&w, "doi", "10.48550/arxiv.1810.10065"));
    assert_true(stored_work_has_id(&w, "dblp", "journals/corr/abs-1810-10065"));
    assert_int_equal(w.open_access, 1);
    assert_string_equal(w.authorships[1].raw_name, "Surya Ganguli");
    assert_int_equal(
        store->ops->researcher_find(store, "dblp", "56/10453", &id, &err),
        BZ_OK);
    assert_int_equal(store->ops->researcher_find(
                         store, "orcid", "0000-0002-1825-0097", &other, &err),
                     BZ_OK);
    assert_true(id == other);

    stored_work_get(store, &arena, "doi", "10.48550/arxiv.2006.14178", &w);
    assert_true(stored_work_has_id(&w, "arxiv", "2006.14178"));
    assert_string_equal(w.type, "conference paper");
    assert_string_equal(w.venue, "NeurIPS");

    if (store->ops->import_researcher) {
        struct bz_researcher r;

        assert_int_equal(
            store->ops->researcher_get(store, &arena, id, &r, &err), BZ_OK);
        assert_string_equal(r.display_name, "Surya Ganguli");
    }
    bz_import_report_release(&report);
    bz_arena_release(&arena);
    reader_close_store(store, db);
}

/* --- the entity filter ---------------------------------------------------- */

/* Runs the filter over text (raw reads of the filter's chunk) handing
 * out at most step bytes per call; returns the output (malloc'd). */
static char *filter_all(const char *text, size_t len, size_t step)
{
    struct bz_import_input *in = bz_input_memory("f", text, len);
    struct bz_dblp_filter *f = malloc(sizeof(*f));
    size_t cap = 3 * len + 64, n = 0;
    char *out = malloc(cap);
    struct bz_error err;
    long got;

    assert_non_null(in);
    assert_non_null(f);
    assert_non_null(out);
    bz_dblp_filter_init(f, in);
    while ((got = bz_dblp_filter_read(
                f, out + n, step < cap - n ? step : cap - n, &err)) > 0)
        n += (size_t)got;
    assert_int_equal(got, 0);
    out[n] = '\0';
    free(f);
    bz_input_free(in);
    return out;
}

static void test_dblp_entity_table(void **state)
{
    size_t i;
    uint32_t cp, prev_cp;

    (void)state;
    assert_true(bz_dblp_entity_count() >= 96);
    for (i = 0; i < bz_dblp_entity_count(); i++) {
        const char *name = bz_dblp_entity_name(i, &cp);

        assert_non_null(name);
        if (i > 0)
            assert_true(strcmp(bz_dblp_entity_name(i - 1, &prev_cp), name) < 0);
        assert_int_equal(bz_dblp_entity_lookup(name, strlen(name)), cp);
    }
    assert_int_equal(bz_dblp_entity_lookup("ouml", 4), 0xF6);
    assert_int_equal(bz_dblp_entity_lookup("Ouml", 4), 0xD6);
    assert_int_equal(bz_dblp_entity_lookup("szlig", 5), 0xDF);
    assert_int_equal(bz_dblp_entity_lookup("eacute", 6), 0xE9);
    assert_int_equal(bz_dblp_entity_lookup("Eacute", 6), 0xC9);
    assert_int_equal(bz_dblp_entity_lookup("auml", 4), 0xE4);
    assert_int_equal(bz_dblp_entity_lookup("times", 5), 0xD7);
    assert_int_equal(bz_dblp_entity_lookup("micro", 5), 0xB5);
    assert_int_equal(bz_dblp_entity_lookup("reg", 3), 0xAE);
    assert_int_equal(bz_dblp_entity_lookup("yuml", 4), 0xFF);
    assert_int_equal(bz_dblp_entity_lookup("amp", 3), 0);
    assert_int_equal(bz_dblp_entity_lookup("oumlx", 4), 0xF6); /* n bytes */
}

static void test_dblp_filter_rewrites(void **state)
{
    static const char in[] =
        "<a>Yl&ouml;nen &amp; &lt;x&gt; &#228;&#x00E4; &bogus; AT&T "
        "&aVeryLongEntityNameThatNoTableHoldsAtAll; &; && &ouml</a>";
    static const char want[] =
        "<a>Yl&#246;nen &amp; &lt;x&gt; &#228;&#x00E4; &#65533; AT&T "
        "&aVeryLongEntityNameThatNoTableHoldsAtAll; &; && &ouml</a>";
    size_t step;

    (void)state;
    for (step = 1; step < 20; step++) {
        char *out = filter_all(in, strlen(in), step);

        assert_string_equal(out, want);
        free(out);
    }
}

/* An entity cut by the end of the filter's raw read, at every offset. */
static void test_dblp_filter_chunk_boundary(void **state)
{
    static const char tail[] = "&Eacute;&ouml;&amp;&#228;&szlig;</a>";
    static const char want_tail[] = "&#201;&#246;&amp;&#228;&#223;</a>";
    size_t pad, step;

    (void)state;
    for (pad = BZ_DBLP_FILTER_CHUNK - 12; pad <= BZ_DBLP_FILTER_CHUNK + 2;
         pad++) {
        size_t len = 3 + pad + strlen(tail);
        char *in = malloc(len + 1), *want = malloc(len + 64), *out;

        assert_non_null(in);
        assert_non_null(want);
        memcpy(in, "<a>", 3);
        memset(in + 3, 'x', pad);
        strcpy(in + 3 + pad, tail);
        memcpy(want, in, 3 + pad);
        strcpy(want + 3 + pad, want_tail);
        for (step = 7; step <= 4096; step *= 8) {
            out = filter_all(in, len, step);
            assert_string_equal(out, want);
            free(out);
        }
        free(in);
        free(want);
    }
}

/* --- hostile documents ---------------------------------------------------- */

/* Writes a billion-laughs document whose entity names are name_len long
 * (a long name passes the filter untouched and meets libxml2 itself). */
static void write_bomb(const char *path, size_t name_len)
{
    FILE *f = fopen(path, "wb");
    char names[10][64];
    int i, j;

    assert_non_null(f);
    for (i = 0; i < 10; i++) {
        memset(names[i], 'e', name_len);
        names[i][0] = (char)('a' + i);
        names[i][name_len] = '\0';
    }
    fputs("<?xml version=\"1.0\"?>\n<!DOCTYPE dblp [\n", f);
    fprintf(f, "<!ENTITY %s \"", names[0]);
    for (j = 0; j < 100; j++)
        fputs("laugh", f);
    fputs("\">\n", f);
    for (i = 1; i < 10; i++) {
        fprintf(f, "<!ENTITY %s \"", names[i]);
        for (j = 0; j < 10; j++)
            fprintf(f, "&%s;", names[i - 1]);
        fputs("\">\n", f);
    }
    fprintf(f,
            "]>\n<dblp>\n<article mdate=\"2020-01-01\" key=\"bomb/1\">"
            "<title>Bomb &%s;</title><year>2020</year></article>\n"
            "</dblp>\n",
            names[9]);
    fclose(f);
}

/* Each kind fails cleanly or imports a short title, quickly, in little
 * memory. */
static void test_dblp_entity_bomb(void **state)
{
    static const size_t name_lengths[] = {2, BZ_DBLP_ENTITY_NAME_MAX + 8};
    size_t k;

    (void)state;
    for (k = 0; k < 2; k++) {
        char db[PATH_MAX], path[PATH_MAX];
        const char *paths[1] = {path};
        struct bz_store *store = reader_open_store(db, sizeof(db), "dblp-bomb");
        struct bz_import_report report;
        struct timespec started;
        struct bz_arena arena;
        struct bz_work w;
        long before = max_rss_kb();

        bz_arena_init(&arena, 0);
        snprintf(path, sizeof(path), "%s/dblp-bomb-%d.xml", reader_tmp_dir(),
                 (int)getpid());
        write_bomb(path, name_lengths[k]);
        clock_gettime(CLOCK_MONOTONIC, &started);
        reader_import_paths(store, paths, 1, &report);
        assert_true(seconds_since(&started) < 5.0);
        assert_true(max_rss_kb() - before < 64 * 1024);
        assert_true(report.records <= 1);
        if (!work_missing(store, "dblp", "bomb/1")) {
            stored_work_get(store, &arena, "dblp", "bomb/1", &w);
            assert_true(strlen(w.title) < 64);
        } else {
            assert_true(report.error_total >= 1);
        }
        bz_import_report_release(&report);
        bz_arena_release(&arena);
        reader_close_store(store, db);
        unlink(path);
    }
}

/* An outside DTD or entity names a file or a server: nothing is loaded. */
static void test_dblp_outside_dtd(void **state)
{
    static const char *const docs[] = {
        "<?xml version=\"1.0\"?>\n"
        "<!DOCTYPE dblp SYSTEM \"http://example.invalid/x.dtd\">\n"
        "<dblp><article mdate=\"2020-01-01\" key=\"ext/1\">"
        "<title>Outside &ouml;</title><year>2020</year></article></dblp>\n",
        "<?xml version=\"1.0\"?>\n"
        "<!DOCTYPE dblp SYSTEM \"file:///etc/passwd\">\n"
        "<dblp><article mdate=\"2020-01-01\" key=\"ext/1\">"
        "<title>Outside &ouml;</title><year>2020</year></article></dblp>\n",
        "<?xml version=\"1.0\"?>\n"
        "<!DOCTYPE dblp SYSTEM \"file:///etc/passwd\" [\n"
        "<!ENTITY xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxe SYSTEM "
        "\"file:///etc/passwd\">\n"
        "<!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n]>\n"
        "<dblp><article mdate=\"2020-01-01\" key=\"ext/1\">"
        "<title>Outside &xxe; "
        "&xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxe;</title>"
        "<year>2020</year></article></dblp>\n",
    };
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(docs) / sizeof(*docs); i++) {
        char db[PATH_MAX];
        struct bz_store *store = reader_open_store(db, sizeof(db), "dblp-dtd");
        struct bz_import_report report;
        struct bz_arena arena;
        struct bz_work w;

        bz_arena_init(&arena, 0);
        import_text(store, docs[i], &report);
        if (!work_missing(store, "dblp", "ext/1")) {
            stored_work_get(store, &arena, "dblp", "ext/1", &w);
            assert_null(strstr(w.title, "root:"));
            assert_true(strncmp(w.title, "Outside", 7) == 0);
            if (i < 2)
                assert_string_equal(w.title, "Outside \xc3\xb6");
        } else {
            assert_true(i == 2 && report.error_total >= 1);
        }
        bz_import_report_release(&report);
        bz_arena_release(&arena);
        reader_close_store(store, db);
    }
}

/* A file cut short: the records before the cut stay, and it errs. */
static void test_dblp_truncated(void **state)
{
    static const char doc[] =
        "<?xml version=\"1.0\"?>\n<dblp>\n"
        "<article mdate=\"2020-01-01\" key=\"cut/1\"><title>One.</title>"
        "<year>2020</year></article>\n"
        "<article mdate=\"2020-01-01\" key=\"cut/2\"><title>Two.</title>"
        "<year>2020</year></article>\n"
        "<article mdate=\"2020-01-01\" key=\"cut/3\"><title>Thr";
    char db[PATH_MAX];
    struct bz_store *store = reader_open_store(db, sizeof(db), "dblp-cut");
    struct bz_import_report report;
    struct bz_arena arena;
    struct bz_work w;

    (void)state;
    bz_arena_init(&arena, 0);
    import_text(store, doc, &report);
    assert_int_equal(report.records, 2);
    assert_int_equal(report.error_count, 1);
    assert_non_null(strstr(report.errors[0].reason, "XML"));
    stored_work_get(store, &arena, "dblp", "cut/2", &w);
    assert_string_equal(w.title, "Two");
    assert_true(work_missing(store, "dblp", "cut/3"));
    bz_import_report_release(&report);
    bz_arena_release(&arena);
    reader_close_store(store, db);
}

/* --- detection ------------------------------------------------------------ */

static int detect_file(const struct bz_reader *reader, const char *rel,
                       const char *name)
{
    char path[PATH_MAX];
    size_t len;
    char *data;
    int yes;

    reader_data_path(path, sizeof(path), rel);
    data = slurp(path, &len);
    yes = reader->detect(data, len < BZ_IMPORT_HEAD ? len : BZ_IMPORT_HEAD,
                         name ? name : path);
    free(data);
    return yes;
}

static void test_dblp_detect(void **state)
{
    char demo[PATH_MAX];
    const char *src = getenv("BZ_SOURCE_DIR");
    size_t len;
    char *data;

    (void)state;
    assert_true(
        detect_file(&bz_reader_dblp, "dblp/xml/dblp-tiny_askmrsinh.xml", NULL));
    assert_true(
        detect_file(&bz_reader_dblp, "dblp/xml/dblp2_aleyasen.xml", NULL));
    assert_true(detect_file(&bz_reader_dblp,
                            "dblp/xml/testData_danielschafi.xml", NULL));
    assert_true(bz_reader_dblp.detect(
        "<article mdate=\"2020-01-01\" key=\"a/b\"><title>", 44, "x"));
    assert_false(detect_file(&bz_reader_dblp, "bibtex-d2l/d2l.bib", NULL));
    assert_false(detect_file(&bz_reader_dblp, "dblp/bibtex/ley.bib", NULL));
    assert_false(bz_reader_dblp.detect("{\"id\": \"<dblp>\"}", 16, "x.json"));
    assert_false(bz_reader_dblp.detect("<feed xmlns=\"http://www.w3.org/2005/"
                                       "Atom\"><entry>",
                                       48, "x.xml"));
    snprintf(demo, sizeof(demo), "%s/data/demo/works.jsonl", src ? src : ".");
    if (access(demo, R_OK) == 0) {
        data = slurp(demo, &len);
        assert_false(bz_reader_dblp.detect(
            data, len < BZ_IMPORT_HEAD ? len : BZ_IMPORT_HEAD, demo));
        free(data);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dblp_constant_memory),
        cmocka_unit_test(test_dblp_samples),
        cmocka_unit_test(test_dblp_identifiers),
        cmocka_unit_test(test_dblp_entity_table),
        cmocka_unit_test(test_dblp_filter_rewrites),
        cmocka_unit_test(test_dblp_filter_chunk_boundary),
        cmocka_unit_test(test_dblp_entity_bomb),
        cmocka_unit_test(test_dblp_outside_dtd),
        cmocka_unit_test(test_dblp_truncated),
        cmocka_unit_test(test_dblp_detect),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
