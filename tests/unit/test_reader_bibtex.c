/* test_reader_bibtex.c - the BibTeX reader: d2l.bib and dblp's exports
 * into SQLite, macros and concatenation, TeX accents, names, a malformed
 * entry among good ones, caps, re-import and detection. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "import/bibtex_latex.h"
#include "import/import.h"
#include "import/input.h"
#include "import/reader.h"
#include "store/store.h"
#include "support/reader_fixture.h"
#include "support/stored_work.h"

/* --- helpers -------------------------------------------------------------- */

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");

    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* Imports one .bib text written to BZ_TEST_TMP/name. */
static void import_bib(struct bz_store *store, const char *name,
                       const char *text, struct bz_import_report *report)
{
    char path[PATH_MAX];
    const char *paths[1] = {path};

    snprintf(path, sizeof(path), "%s/%d-%s", reader_tmp_dir(), (int)getpid(),
             name);
    write_file(path, text);
    assert_int_equal(reader_import_paths(store, paths, 1, report), BZ_OK);
    unlink(path);
}

/* The first work (by id) whose title is title, in full; 0 when none. */
static int find_by_title(struct bz_store *store, struct bz_arena *arena,
                         const char *title, struct bz_work *out)
{
    int64_t after = 0;
    int more = 1;

    while (more) {
        struct bz_work *works;
        struct bz_error err;
        size_t count, i;

        assert_int_equal(store->ops->works_page(store, arena, 0, after, 200,
                                                &works, &count, &more, &err),
                         BZ_OK);
        for (i = 0; i < count; i++) {
            if (strcmp(works[i].title, title) == 0) {
                assert_int_equal(
                    store->ops->work_get(store, arena, works[i].id, out, &err),
                    BZ_OK);
                return 1;
            }
            after = works[i].id;
        }
        if (count == 0)
            break;
    }
    return 0;
}

static void assert_authors(const struct bz_work *w, const char *const *names,
                           size_t count)
{
    size_t i;

    assert_int_equal(w->authorship_count, count);
    for (i = 0; i < count; i++) {
        assert_int_equal(w->authorships[i].position, (int)i + 1);
        assert_string_equal(w->authorships[i].raw_name, names[i]);
    }
}

static struct bz_store_counts counts_of(struct bz_store *store)
{
    struct bz_store_counts c;
    struct bz_error err;

    assert_int_equal(store->ops->counts(store, &c, &err), BZ_OK);
    return c;
}

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

/* Entries with a title field in the file, counted plainly: an '@' that
 * opens a line and is not @string/@comment/@preamble, and whose text up
 * to the next such '@' has a "title" field. */
static long count_titled_entries(const char *text)
{
    const char *p = text, *next;
    long count = 0;

    while ((p = strchr(p, '@')) != NULL) {
        int opens = p == text || p[-1] == '\n';
        const char *t;

        next = p + 1;
        while ((next = strchr(next, '@')) != NULL && next[-1] != '\n')
            next++;
        if (opens && strncasecmp(p, "@string", 7) != 0 &&
            strncasecmp(p, "@comment", 8) != 0 &&
            strncasecmp(p, "@preamble", 9) != 0) {
            for (t = p; (t = strcasestr(t, "title")) != NULL &&
                        (next == NULL || t < next);
                 t++) {
                const char *q = t + 5;

                while (*q == ' ' || *q == '\t')
                    q++;
                if (*q == '=' && (t[-1] == ' ' || t[-1] == '\t' ||
                                  t[-1] == ',' || t[-1] == '\n')) {
                    count++;
                    break;
                }
            }
        }
        if (next == NULL)
            break;
        p = next;
    }
    return count;
}

/* --- d2l.bib ---------------------------------------------------------------
 */

static void test_bibtex_d2l(void **state)
{
    static const char *const sigmoid[] = {"Jeffrey Pennington",
                                          "Samuel Schoenholz", "Surya Ganguli"};
    static const char *const diffusion[] = {
        "Jascha Sohl-Dickstein", "Eric Weiss", "Niru Maheswaranathan",
        "Surya Ganguli"};
    char db[PATH_MAX], bib[PATH_MAX];
    const char *paths[1] = {bib};
    struct bz_store *store = reader_open_store(db, sizeof(db), "bibtex-d2l");
    struct bz_import_report report;
    struct bz_store_counts before, after;
    struct bz_arena arena;
    struct bz_work w;
    size_t len;
    char *text;
    long titled;

    (void)state;
    bz_arena_init(&arena, 0);
    reader_data_path(bib, sizeof(bib), "bibtex-d2l/d2l.bib");
    text = slurp(bib, &len);
    titled = count_titled_entries(text);
    free(text);
    assert_int_equal(titled, 488);

    assert_int_equal(reader_import_paths(store, paths, 1, &report), BZ_OK);
    assert_int_equal(report.records, titled);
    assert_int_equal(report.skipped, 0);
    /* d2l lists some works twice (under two keys): they join the first,
     * by id or by title, first author and year (merged counts among the
     * updated) */
    assert_int_equal(report.tally.new_works + report.tally.updated_works,
                     titled);
    assert_true(report.tally.new_works > 470);
    bz_import_report_release(&report);

    /* the two Surya Ganguli entries; the first wraps its authors */
    assert_true(find_by_title(store, &arena,
                              "Resurrecting the sigmoid in deep learning "
                              "through dynamical isometry: theory and "
                              "practice",
                              &w));
    assert_int_equal(w.publication_year, 2017);
    assert_string_equal(w.type, "conference paper");
    assert_string_equal(w.venue,
                        "Advances in Neural Information Processing Systems");
    assert_authors(&w, sigmoid, 3);
    assert_true(find_by_title(store, &arena,
                              "Deep unsupervised learning using "
                              "nonequilibrium thermodynamics",
                              &w));
    assert_int_equal(w.publication_year, 2015);
    assert_string_equal(w.type, "conference paper");
    assert_string_equal(w.venue, "International Conference on Machine "
                                 "Learning");
    assert_authors(&w, diffusion, 4);

    /* accents and brace-protected capitals, "et al." dropped */
    assert_true(find_by_title(store, &arena,
                              "TensorFlow: A system for large-scale machine "
                              "learning",
                              &w));
    assert_int_equal(w.authorship_count, 10);
    assert_string_equal(w.authorships[0].raw_name, "Mart\xc3\xadn Abadi");
    assert_string_equal(w.authorships[9].raw_name, "Michael Isard");

    /* "Ar{X}iv:1810.05934" as a journal: an arXiv preprint */
    stored_work_get(store, &arena, "arxiv", "1810.05934", &w);
    assert_string_equal(w.title, "Massively parallel hyperparameter tuning");
    assert_string_equal(w.type, "preprint");
    assert_true(stored_work_has_id(&w, "doi", "10.48550/arxiv.1810.05934"));

    /* importing again adds nothing */
    before = counts_of(store);
    assert_int_equal(reader_import_paths(store, paths, 1, &report), BZ_OK);
    after = counts_of(store);
    /* even the entry with neither ids nor authors (the edited book
     * hutter-book19a) is found again, by its cite key and title */
    assert_int_equal(report.tally.new_works, 0);
    assert_int_equal(after.works, before.works);
    assert_int_equal(after.researchers, before.researchers);
    bz_import_report_release(&report);
    bz_arena_release(&arena);
    reader_close_store(store, db);
}

/* --- dblp's BibTeX ---------------------------------------------------------
 */

static void test_bibtex_dblp_exports(void **state)
{
    static const char *const spire[] = {"H. Bast", "Christian Worm Mortensen",
                                        "Ingmar Weber"};
    char db[PATH_MAX], dir[PATH_MAX];
    const char *paths[1] = {dir};
    struct bz_store *store = reader_open_store(db, sizeof(db), "bibtex-dblp");
    struct bz_import_report report;
    struct bz_arena arena;
    struct bz_work w;

    (void)state;
    bz_arena_init(&arena, 0);
    reader_data_path(dir, sizeof(dir), "dblp/bibtex");
    assert_int_equal(reader_import_paths(store, paths, 1, &report), BZ_OK);
    /* six .bib files (the key list is no format), 15 entries: one paper in
     * four styles, its proceedings twice, nine of Michael Ley's */
    assert_int_equal(report.files, 6);
    assert_int_equal(report.records, 15);
    assert_int_equal(report.skipped, 0);
    assert_int_equal(report.tally.new_works, 11);
    bz_import_report_release(&report);

    stored_work_get(store, &arena, "doi", "10.1007/11880561_13", &w);
    assert_string_equal(w.title, "Output-Sensitive Autocompletion Search");
    assert_int_equal(w.publication_year, 2006);
    assert_string_equal(w.type, "conference paper");
    assert_true(stored_work_has_id(&w, "dblp", "conf/spire/BastMW06"));
    assert_authors(&w, spire, 3);

    stored_work_get(store, &arena, "dblp", "conf/gvd/Ley07", &w);
    assert_string_equal(w.title,
                        "Datenqualit\xc3\xa4t: Eine organisatorische und "
                        "technische Herausforderung - Erfahrungen von der "
                        "DBLP-Bibliographie");
    assert_int_equal(w.authorship_count, 1); /* editors are not authors */
    assert_string_equal(w.authorships[0].raw_name, "Michael Ley");
    assert_string_equal(w.venue,
                        "Post-Proceedings of the 19. GI-Workshop on "
                        "Foundations of Databases (Grundlagen von "
                        "Datenbanken), Bretten, Baden-W\xc3\xbcrttemberg, "
                        "Germany, May 29 - June 1, 2007");
    stored_work_get(store, &arena, "dblp", "persons/Ley95", &w);
    assert_string_equal(w.title, "DB&LP: A WWW Bibliography on Databases and "
                                 "Logic Programming");
    stored_work_get(store, &arena, "doi", "10.1007/11880561", &w);
    assert_string_equal(w.type, "proceedings");
    assert_int_equal(w.authorship_count, 0);
    bz_arena_release(&arena);
    reader_close_store(store, db);
}

/* --- syntax --------------------------------------------------------------- */

static void test_bibtex_macros_and_accents(void **state)
{
    static const char bib[] =
        "Text before the entries is ignored, even foo@example.org.\n"
        "@string{nips = \"Advances in Neural \" # {Information Processing}"
        " # \" Systems\"}\n"
        "@STRING( yr = \"2020\" )\n"
        "@comment{ nothing here: @article{nope, title = {Nope}} }\n"
        "@preamble{ \"\\newcommand{\\noopsort}[1]{}\" }\n"
        "@Article{ acc1,\n"
        "  title = {{\\\"a} \\\"{a} \\'{e} \\`{e} \\^{o} \\~{n} \\c{c} "
        "\\v{s} \\u{g} \\={a} \\.{z} \\H{o} {\\ss} {\\o} {\\O} {\\aa} "
        "{\\AA} {\\ae} {\\l} {\\L} \\\"o\\'e \\'\\i{} \\v s "
        "{T}ensor{F}low -- {\\em fast} \\& \\emph{small}},\n"
        "  author = {M{\\\"u}ller, J{\\\"o}rg and Fran\\c{c}ois de la Tour"
        " and {Barnes and Noble} and van der Berg, Jr, Jan and others},\n"
        "  journal = nips # { } # yr,\n"
        "  year = yr, month = jan,\n"
        "  doi = {https://doi.org/10.1234/ABC\\_def},\n"
        "}\n"
        "@misc{ax,\n"
        "  title = {An ar{X}iv one}, author = {Kadmon, Jonathan},\n"
        "  eprint = {2006.14178v2}, archivePrefix = {arXiv},\n"
        "  year = 2020 }\n"
        "@inproceedings(paren, title = \"Quoted {\"}title{\"} (here)\",\n"
        "  booktitle = \"B\", year = \"1999\", author = \"Solo, Han\")\n"
        "@book{noid, title = {A book with no id}, author = {Nobody, A.},"
        " year = {1990}, publisher = {P}}\n";
    static const char *const names[] = {
        "J\xc3\xb6rg M\xc3\xbcller", "Fran\xc3\xa7ois de la Tour",
        "Barnes and Noble", "Jan van der Berg Jr"};
    char db[PATH_MAX];
    struct bz_store *store = reader_open_store(db, sizeof(db), "bibtex-syntax");
    struct bz_import_report report;
    struct bz_arena arena;
    struct bz_work w;

    (void)state;
    bz_arena_init(&arena, 0);
    import_bib(store, "syntax.bib", bib, &report);
    assert_int_equal(report.records, 4);
    assert_int_equal(report.skipped, 0);
    bz_import_report_release(&report);

    stored_work_get(store, &arena, "doi", "10.1234/abc_def", &w);
    assert_string_equal(w.title,
                        "\xc3\xa4 \xc3\xa4 \xc3\xa9 \xc3\xa8 \xc3\xb4 "
                        "\xc3\xb1 \xc3\xa7 \xc5\xa1 \xc4\x9f \xc4\x81 "
                        "\xc5\xbc \xc5\x91 \xc3\x9f \xc3\xb8 \xc3\x98 "
                        "\xc3\xa5 \xc3\x85 \xc3\xa6 \xc5\x82 \xc5\x81 "
                        "\xc3\xb6\xc3\xa9 \xc3\xad \xc5\xa1 TensorFlow "
                        "\xe2\x80\x93 fast & small");
    assert_string_equal(w.venue, "Advances in Neural Information Processing "
                                 "Systems 2020");
    assert_int_equal(w.publication_year, 2020);
    assert_string_equal(w.type, "article");
    assert_authors(&w, names, 4);

    stored_work_get(store, &arena, "arxiv", "2006.14178", &w);
    assert_string_equal(w.title, "An arXiv one");
    assert_string_equal(w.type, "preprint");
    assert_true(stored_work_has_id(&w, "doi", "10.48550/arxiv.2006.14178"));
    assert_string_equal(w.authorships[0].raw_name, "Jonathan Kadmon");

    assert_true(find_by_title(store, &arena, "Quoted \"title\" (here)", &w));
    assert_int_equal(w.publication_year, 1999);
    assert_string_equal(w.venue, "B");
    assert_string_equal(w.authorships[0].raw_name, "Han Solo");

    /* no identifier at all: still a work */
    assert_true(find_by_title(store, &arena, "A book with no id", &w));
    assert_string_equal(w.type, "book");
    assert_int_equal(w.publication_year, 1990);
    assert_false(find_by_title(store, &arena, "Nope", &w));
    bz_arena_release(&arena);
    reader_close_store(store, db);
}

static void test_bibtex_latex(void **state)
{
    static const struct {
        const char *tex, *text;
    } cases[] = {
        {"Ram{\\'o}n y {C}ajal", "Ram\xc3\xb3n y Cajal"},
        {"Stra\\ss e", "Stra\xc3\x9f"
                       "e"},
        {"\\AA{}ngstr\\\"om", "\xc3\x85ngstr\xc3\xb6m"},
        {"\\c c \\v{z} \\k{a} \\r{u}", "\xc3\xa7 \xc5\xbe \xc4\x85 \xc5\xaf"},
        {"\\d{a}", "a\xcc\xa3"},
        {"$\\beta$-VAE and $\\ell_1$", "\xce\xb2-VAE and \xe2\x84\x93_1"},
        {"``quoted'' --- x~y",
         "\xe2\x80\x9cquoted\xe2\x80\x9d \xe2\x80\x94 x y"},
        {"\\LaTeX{} rocks", "LaTeX rocks"},
        {"  {\\bf Bold}\n\t text  ", "Bold text"},
        {"50\\% of \\$5", "50% of $5"},
        {"", ""},
        {"{}", ""},
        {"\\", ""},
        {"\\\"", ""},
        {"\\'{", ""},
    };
    struct bz_arena arena;
    size_t i;

    (void)state;
    bz_arena_init(&arena, 0);
    for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
        char *out =
            bz_bibtex_latex_to_utf8(&arena, cases[i].tex, strlen(cases[i].tex));

        assert_non_null(out);
        assert_string_equal(out, cases[i].text);
    }
    assert_string_equal(bz_bibtex_verbatim(&arena, "{10.1007/978\\_3}", 16),
                        "10.1007/978_3");
    bz_arena_release(&arena);
}

/* A malformed entry in the middle is skipped at its line; the entries
 * after it import. */
static void test_bibtex_malformed(void **state)
{
    static const char bib[] = "@article{good1,\n"            /* 1 */
                              "  title = {Good one},\n"      /* 2 */
                              "  year = 2001}\n"             /* 3 */
                              "\n"                           /* 4 */
                              "@article{open,\n"             /* 5 */
                              "  title = {Never {closed},\n" /* 6 */
                              "  year = 2002\n"              /* 7 */
                              "\n"                           /* 8 */
                              "@article{good2, title = {Good two},"
                              " year = 2003}\n"                  /* 9 */
                              "@article{notitle, year = 2004}\n" /* 10 */
                              "@article{nocomma, title = {X}\n"  /* 11 */
                              "  year = {2005}}\n"               /* 12 */
                              "  @book{good3,\n"                 /* 13 */
                              "  title = \"Good three\"}\n"      /* 14 */
                              "@article{tail, title = {Cut off"; /* 15 */
    char db[PATH_MAX];
    struct bz_store *store = reader_open_store(db, sizeof(db), "bibtex-bad");
    struct bz_import_report report;
    struct bz_arena arena;
    struct bz_work w;

    (void)state;
    bz_arena_init(&arena, 0);
    import_bib(store, "bad.bib", bib, &report);
    assert_int_equal(report.records, 7);
    assert_int_equal(report.skipped, 4);
    assert_int_equal(report.error_count, 4);
    assert_int_equal(report.errors[0].line, 5);
    assert_non_null(strstr(report.errors[0].reason, "unbalanced braces"));
    assert_int_equal(report.errors[1].line, 10);
    assert_non_null(strstr(report.errors[1].reason, "no title"));
    assert_int_equal(report.errors[2].line, 11);
    assert_non_null(strstr(report.errors[2].reason, "nocomma"));
    assert_non_null(strstr(report.errors[2].reason, "expected ','"));
    assert_int_equal(report.errors[3].line, 15);
    assert_non_null(strstr(report.errors[3].reason, "end of the file"));
    assert_true(find_by_title(store, &arena, "Good one", &w));
    assert_true(find_by_title(store, &arena, "Good two", &w));
    assert_true(find_by_title(store, &arena, "Good three", &w));
    assert_int_equal(w.publication_year, 0);
    bz_import_report_release(&report);
    bz_arena_release(&arena);
    reader_close_store(store, db);
}

/* An entry over BZ_IMPORT_MAX_RECORD bytes is skipped; the next imports. */
static void test_bibtex_too_long(void **state)
{
    char db[PATH_MAX], path[PATH_MAX];
    const char *paths[1] = {path};
    struct bz_store *store = NULL;
    struct bz_import_report report;
    struct bz_error err;
    char chunk[4096];
    size_t written = 0;
    FILE *f;

    (void)state;
    (void)db;
    snprintf(path, sizeof(path), "%s/%d-long.bib", reader_tmp_dir(),
             (int)getpid());
    f = fopen(path, "wb");
    assert_non_null(f);
    fputs("@article{long,\n  title = {Long},\n  abstract = {", f);
    memset(chunk, 'a', sizeof(chunk));
    for (int i = 0; i < 63; i++)
        chunk[64 * i + 63] = ' ';
    while (written <= BZ_IMPORT_MAX_RECORD) {
        fwrite(chunk, 1, sizeof(chunk), f);
        written += sizeof(chunk);
    }
    fputs("}}\n@article{short, title = {Short}}\n", f);
    fclose(f);
    assert_int_equal(bz_store_open("null:", &store, &err), BZ_OK);
    assert_int_equal(reader_import_paths(store, paths, 1, &report), BZ_OK);
    assert_int_equal(report.records, 2);
    assert_int_equal(report.skipped, 1);
    assert_int_equal(report.errors[0].line, 1);
    assert_non_null(strstr(report.errors[0].reason, "longer than"));
    bz_import_report_release(&report);
    bz_store_close(store);
    unlink(path);
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

static void test_bibtex_detect(void **state)
{
    static const char *const bibs[] = {
        "bibtex-d2l/d2l.bib",
        "dblp/bibtex/ley.bib",
        "dblp/bibtex/standard.bib",
        "dblp/bibtex/condensed.bib",
        "dblp/bibtex/crossref.bib",
        "dblp/bibtex/doi.org.bib",
        "dblp/bibtex/3540457747-standard.bib",
    };
    char demo[PATH_MAX];
    const char *src = getenv("BZ_SOURCE_DIR");
    size_t i, len;
    char *data;

    (void)state;
    for (i = 0; i < sizeof(bibs) / sizeof(*bibs); i++) {
        assert_true(detect_file(&bz_reader_bibtex, bibs[i], NULL));
        /* by content alone */
        assert_true(detect_file(&bz_reader_bibtex, bibs[i], "no-extension"));
        assert_false(detect_file(&bz_reader_dblp, bibs[i], NULL));
    }
    assert_true(
        bz_reader_bibtex.detect("% refs\n  @ InProceedings {x,", 29, "-"));
    assert_false(detect_file(&bz_reader_bibtex,
                             "dblp/bibtex/Mehlhorn_Kurt.dblpkeys.txt", NULL));
    assert_false(detect_file(&bz_reader_bibtex,
                             "dblp/xml/testData_danielschafi.xml", NULL));
    assert_false(
        detect_file(&bz_reader_bibtex, "dblp/xml/dblp2_aleyasen.xml", NULL));
    assert_false(
        bz_reader_bibtex.detect("{\"title\": \"@article{x,\"}", 25, "x.bib"));
    assert_false(bz_reader_bibtex.detect("<x>\n@article{x,</x>", 19, "x.bib"));
    assert_false(bz_reader_bibtex.detect("mail me @article{", 17, "notes"));
    snprintf(demo, sizeof(demo), "%s/data/demo/works.jsonl", src ? src : ".");
    if (access(demo, R_OK) == 0) {
        data = slurp(demo, &len);
        assert_false(bz_reader_bibtex.detect(
            data, len < BZ_IMPORT_HEAD ? len : BZ_IMPORT_HEAD, demo));
        free(data);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bibtex_d2l),
        cmocka_unit_test(test_bibtex_dblp_exports),
        cmocka_unit_test(test_bibtex_macros_and_accents),
        cmocka_unit_test(test_bibtex_latex),
        cmocka_unit_test(test_bibtex_malformed),
        cmocka_unit_test(test_bibtex_too_long),
        cmocka_unit_test(test_bibtex_detect),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
