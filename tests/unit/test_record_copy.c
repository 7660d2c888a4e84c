/* test_record_copy.c - deep copies of import records, and the import
 * driver's queued path (reader thread, store thread) against the
 * sequential one. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "import/import.h"
#include "import/input.h"
#include "import/reader.h"
#include "import/record_copy.h"
#include "store/store.h"

/* --- copies ------------------------------------------------------------ */

/* Source strings live in pool, which is scribbled over once a copy is
 * made: a copy still pointing into it would read '#'. */
struct source {
    char pool[8192];
    size_t used;
    struct bz_arena arena; /* source arrays; released after the copy */
};

static const char *src_string(struct source *s, const char *text)
{
    size_t n = strlen(text) + 1;
    char *out = s->pool + s->used;

    assert_true(s->used + n <= sizeof(s->pool));
    memcpy(out, text, n);
    s->used += n;
    return out;
}

static void *src_array(struct source *s, size_t count, size_t size)
{
    void *p = bz_arena_calloc(&s->arena, count, size);

    assert_non_null(p);
    return p;
}

static void src_scribble(struct source *s)
{
    memset(s->pool, '#', sizeof(s->pool));
    bz_arena_release(&s->arena);
}

static struct bz_external_id *src_ids(struct source *s, const char *scheme,
                                      const char *value)
{
    struct bz_external_id *ids = src_array(s, 1, sizeof(*ids));

    ids->scheme = src_string(s, scheme);
    ids->value = src_string(s, value);
    ids->source = src_string(s, "openalex");
    return ids;
}

static void src_institution(struct source *s, struct bz_institution_record *i)
{
    i->display_name = src_string(s, "Stanford University");
    i->ids = src_ids(s, "ror", "00f54p054");
    i->id_count = 1;
    i->country_code = src_string(s, "US");
    i->homepage = NULL;
}

static void test_copy_work(void **state)
{
    struct source *s = calloc(1, sizeof(*s));
    struct bz_arena to;
    struct bz_work_record w = {0}, *c;
    struct bz_topic_record *t;

    (void)state;
    bz_arena_init(&s->arena, 0);
    bz_arena_init(&to, 0);
    w.source = src_string(s, "openalex");
    w.source_record = src_string(s, "W1");
    w.title = src_string(s, "Deep learning");
    w.abstract = NULL;
    w.publication_year = 2015;
    w.type = src_string(s, "article");
    w.open_access = -1;
    w.ids = src_ids(s, "doi", "10.1038/nature14539");
    w.id_count = 1;
    w.author_count = 2;
    w.authors = src_array(s, 2, sizeof(*w.authors));
    w.authors[0].raw_name = src_string(s, "Y. LeCun");
    w.authors[0].display_name = src_string(s, "Yann LeCun");
    w.authors[0].ids = src_ids(s, "orcid", "0000-0000-0000-0001");
    w.authors[0].id_count = 1;
    w.authors[0].institutions =
        src_array(s, 1, sizeof(*w.authors[0].institutions));
    w.authors[0].institution_count = 1;
    src_institution(s, w.authors[0].institutions);
    w.authors[1].raw_name = src_string(s, "G. Hinton"); /* no ids */
    w.topic_count = 1;
    w.topics = t = src_array(s, 1, sizeof(*w.topics));
    t->scheme = src_string(s, "openalex");
    t->external_id = src_string(s, "T10320");
    t->display_name = src_string(s, "Neural networks");
    t->level = src_string(s, "topic");
    t->score = 0.75;
    t->parent_count = 1;
    t->parents = src_array(s, 1, sizeof(*t->parents));
    t->parents[0].scheme = src_string(s, "openalex");
    t->parents[0].external_id = src_string(s, "1702");
    t->parents[0].level = src_string(s, "subfield");
    w.references = src_ids(s, "openalex", "W2");
    w.reference_count = 1;

    c = bz_record_copy_work(&to, &w);
    assert_non_null(c);
    src_scribble(s);
    free(s);

    assert_string_equal(c->source, "openalex");
    assert_string_equal(c->source_record, "W1");
    assert_string_equal(c->title, "Deep learning");
    assert_null(c->abstract);
    assert_null(c->venue);
    assert_int_equal(c->publication_year, 2015);
    assert_int_equal(c->open_access, -1);
    assert_int_equal(c->id_count, 1);
    assert_string_equal(c->ids[0].scheme, "doi");
    assert_string_equal(c->ids[0].value, "10.1038/nature14539");
    assert_string_equal(c->ids[0].source, "openalex");
    assert_int_equal(c->author_count, 2);
    assert_string_equal(c->authors[0].display_name, "Yann LeCun");
    assert_string_equal(c->authors[0].ids[0].value, "0000-0000-0000-0001");
    assert_int_equal(c->authors[0].institution_count, 1);
    assert_string_equal(c->authors[0].institutions[0].display_name,
                        "Stanford University");
    assert_string_equal(c->authors[0].institutions[0].ids[0].value,
                        "00f54p054");
    assert_string_equal(c->authors[0].institutions[0].country_code, "US");
    assert_null(c->authors[0].institutions[0].homepage);
    assert_string_equal(c->authors[1].raw_name, "G. Hinton");
    assert_null(c->authors[1].display_name);
    assert_int_equal(c->authors[1].id_count, 0);
    assert_int_equal(c->authors[1].institution_count, 0);
    assert_int_equal(c->topic_count, 1);
    assert_string_equal(c->topics[0].external_id, "T10320");
    assert_true(c->topics[0].score == 0.75);
    assert_int_equal(c->topics[0].parent_count, 1);
    assert_string_equal(c->topics[0].parents[0].external_id, "1702");
    assert_null(c->topics[0].parents[0].display_name);
    assert_int_equal(c->reference_count, 1);
    assert_string_equal(c->references[0].value, "W2");
    bz_arena_release(&to);
}

static void test_copy_people_and_places(void **state)
{
    struct source *s = calloc(1, sizeof(*s));
    struct bz_arena to;
    struct bz_researcher_record r = {0}, *rc;
    struct bz_institution_record i = {0}, *ic;
    struct bz_venue_record v = {0}, *vc;
    struct bz_topic_record t = {0}, *tc;
    const char **names;

    (void)state;
    bz_arena_init(&s->arena, 0);
    bz_arena_init(&to, 0);
    r.source = src_string(s, "orcid");
    r.display_name = src_string(s, "Surya Ganguli");
    names = src_array(s, 2, sizeof(*names));
    names[0] = src_string(s, "S. Ganguli");
    names[1] = src_string(s, "Surya G.");
    r.alternative_names = names;
    r.alternative_name_count = 2;
    r.ids = src_ids(s, "orcid", "0000-0002-1825-0097");
    r.id_count = 1;
    r.affiliations = src_array(s, 1, sizeof(*r.affiliations));
    r.affiliation_count = 1;
    src_institution(s, r.affiliations);
    src_institution(s, &i);
    v.source = src_string(s, "openalex");
    v.display_name = src_string(s, "Nature");
    v.publisher = src_string(s, "Springer");
    v.ids = src_ids(s, "issn_l", "0028-0836");
    v.id_count = 1;
    t.scheme = src_string(s, "arxiv");
    t.external_id = src_string(s, "cs.LG");
    t.level = src_string(s, "category");

    rc = bz_record_copy_researcher(&to, &r);
    ic = bz_record_copy_institution(&to, &i);
    vc = bz_record_copy_venue(&to, &v);
    tc = bz_record_copy_topic(&to, &t);
    assert_non_null(rc);
    assert_non_null(ic);
    assert_non_null(vc);
    assert_non_null(tc);
    src_scribble(s);
    free(s);

    assert_string_equal(rc->display_name, "Surya Ganguli");
    assert_null(rc->source_record);
    assert_int_equal(rc->alternative_name_count, 2);
    assert_string_equal(rc->alternative_names[1], "Surya G.");
    assert_string_equal(rc->ids[0].value, "0000-0002-1825-0097");
    assert_string_equal(rc->affiliations[0].ids[0].scheme, "ror");
    assert_string_equal(ic->display_name, "Stanford University");
    assert_string_equal(ic->ids[0].value, "00f54p054");
    assert_string_equal(vc->publisher, "Springer");
    assert_null(vc->type);
    assert_string_equal(vc->ids[0].value, "0028-0836");
    assert_string_equal(tc->external_id, "cs.LG");
    assert_null(tc->display_name);
    assert_int_equal(tc->parent_count, 0);
    assert_null(tc->parents);
    bz_arena_release(&to);
}

static void test_copy_past_the_cap_fails(void **state)
{
    struct bz_arena to;
    struct bz_work_record w = {0};
    char title[2048];

    (void)state;
    memset(title, 't', sizeof(title) - 1);
    title[sizeof(title) - 1] = '\0';
    w.source = "openalex";
    w.title = title;
    bz_arena_init(&to, 1024);
    assert_null(bz_record_copy_work(&to, &w));
    bz_arena_release(&to);
}

/* --- the queued path --------------------------------------------------- */

/* Works in the test file: more than a few batches of the pipe, and more
 * than the 1 MiB below which the driver reads on its own thread. */
#define PIPE_WORKS 2500

static char *tmp_path(const char *name)
{
    const char *dir = getenv("BZ_TEST_TMP");
    char *path = malloc(4096);

    snprintf(path, 4096, "%s/record_copy_%ld_%s", dir ? dir : "/tmp",
             (long)getpid(), name);
    return path;
}

/* OpenAlex works, with lines the reader skips (not JSON) and works the
 * driver refuses (a title past its cap) among them; *bad gets the count. */
static char *write_works(const char *name, int *bad)
{
    char *path = tmp_path(name);
    FILE *f = fopen(path, "w");
    char long_title[5001];
    int i;

    assert_non_null(f);
    memset(long_title, 'x', sizeof(long_title) - 1);
    long_title[sizeof(long_title) - 1] = '\0';
    *bad = 0;
    for (i = 1; i <= PIPE_WORKS; i++) {
        if (i % 397 == 0) {
            fputs("{not json\n", f);
            ++*bad;
            continue;
        }
        fprintf(f,
                "{\"id\":\"https://openalex.org/W%d\",\"title\":\"%s %d\","
                "\"publication_year\":%d,\"abstract_inverted_index\":"
                "{\"an\":[0],\"abstract\":[1]},\"authorships\":[{"
                "\"author\":{\"id\":\"https://openalex.org/A%d\","
                "\"display_name\":\"Author %d\"},\"raw_author_name\":"
                "\"Author %d\",\"institutions\":[{\"id\":"
                "\"https://openalex.org/I%d\",\"display_name\":"
                "\"Institute %d\",\"country_code\":\"US\"}]}],"
                "\"topics\":[{\"id\":\"https://openalex.org/T%d\","
                "\"display_name\":\"Topic %d\",\"score\":0.9,"
                "\"subfield\":{\"id\":\"https://openalex.org/subfields/%d\","
                "\"display_name\":\"Subfield %d\"}}]}\n",
                i, i % 211 == 0 ? long_title : "Work", i, 1990 + i % 30,
                i % 300, i % 300, i % 300, i % 40, i % 40, i % 60, i % 60,
                i % 7, i % 7);
        *bad += i % 211 == 0;
    }
    assert_true(ftell(f) > 1024 * 1024);
    fclose(f);
    return path;
}

static struct bz_store *open_store(const char *name)
{
    char *path = tmp_path(name);
    struct bz_store *store = NULL;
    struct bz_error err = {0};

    unlink(path);
    assert_int_equal(bz_store_open(path, &store, &err), BZ_OK);
    free(path);
    return store;
}

static void drop_store(struct bz_store *store, const char *name)
{
    char *path = tmp_path(name);

    bz_store_close(store);
    unlink(path);
    free(path);
}

static void assert_same_report(const struct bz_import_report *a,
                               const struct bz_import_report *b)
{
    size_t i;

    assert_int_equal(a->records, b->records);
    assert_int_equal(a->skipped, b->skipped);
    assert_int_equal(a->error_total, b->error_total);
    assert_int_equal(a->error_count, b->error_count);
    assert_memory_equal(&a->tally, &b->tally, sizeof(a->tally));
    for (i = 0; i < a->error_count; i++) {
        assert_int_equal(a->errors[i].line, b->errors[i].line);
        assert_string_equal(a->errors[i].reason, b->errors[i].reason);
    }
}

/* bz_import_files (the reader on its own thread) reports what
 * bz_import_one (everything on this thread) does, in the same order. */
static void test_queued_import_matches_sequential(void **state)
{
    struct bz_import_options options = {0};
    struct bz_import_report queued, sequential;
    struct bz_store *a = open_store("a.db"), *b = open_store("b.db");
    struct bz_store_counts ca, cb;
    struct bz_import_input *in;
    struct bz_error err = {0};
    FILE *f;
    char *path, *text;
    long size;
    int bad;

    (void)state;
    path = write_works("works.jsonl", &bad);
    options.quiet = 1;
    assert_int_equal(bz_import_files(a, (const char *const *)&path, 1, &options,
                                     &queued, &err),
                     BZ_OK);
    assert_int_equal(queued.records, PIPE_WORKS);
    assert_int_equal(queued.skipped, bad);
    assert_int_equal(queued.files, 1);

    f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    size = ftell(f);
    rewind(f);
    text = malloc((size_t)size);
    assert_int_equal(fread(text, 1, (size_t)size, f), (size_t)size);
    fclose(f);
    in = bz_input_memory(path, text, (size_t)size);
    assert_int_equal(bz_import_one(b, &bz_reader_openalex, in, &options, 1,
                                   &sequential, &err),
                     BZ_OK);
    assert_same_report(&queued, &sequential);
    assert_int_equal(a->ops->counts(a, &ca, &err), BZ_OK);
    assert_int_equal(b->ops->counts(b, &cb, &err), BZ_OK);
    assert_memory_equal(&ca, &cb, sizeof(ca));
    assert_int_equal(ca.works, PIPE_WORKS - bad);

    bz_input_free(in);
    free(text);
    bz_import_report_release(&queued);
    bz_import_report_release(&sequential);
    drop_store(a, "a.db");
    drop_store(b, "b.db");
    unlink(path);
    free(path);
}

/* --strict: the reader runs ahead, but the first error stops the run and
 * nothing is kept, nor reported after it. */
static void test_queued_import_strict_keeps_nothing(void **state)
{
    struct bz_import_options options = {0};
    struct bz_import_report report;
    struct bz_store *store = open_store("strict.db");
    struct bz_store_counts counts;
    struct bz_error err = {0};
    char *path;
    int bad;

    (void)state;
    path = write_works("strict.jsonl", &bad);
    options.quiet = 1;
    options.strict = 1;
    assert_int_equal(bz_import_files(store, (const char *const *)&path, 1,
                                     &options, &report, &err),
                     BZ_INVALID);
    assert_int_equal(report.error_total, 1);
    assert_int_equal(report.errors[0].line, 211); /* the first long title */
    assert_int_equal(report.records, 211);
    assert_int_equal(store->ops->counts(store, &counts, &err), BZ_OK);
    assert_int_equal(counts.works, 0);

    bz_import_report_release(&report);
    drop_store(store, "strict.db");
    unlink(path);
    free(path);
}

/* A store whose import_work fails as a broken database does at its Nth
 * call, and which checks that it is only called on the importing thread. */
struct failing_store {
    struct bz_store base;
    pthread_t owner;
    int calls, fail_at, other_thread, rolled_back, commits;
};

static struct failing_store *failing(struct bz_store *store)
{
    struct failing_store *f = (struct failing_store *)store;

    if (!pthread_equal(f->owner, pthread_self()))
        f->other_thread = 1;
    return f;
}

static enum bz_status failing_begin(struct bz_store *store,
                                    struct bz_error *err)
{
    (void)err;
    failing(store);
    return BZ_OK;
}

static enum bz_status failing_commit(struct bz_store *store,
                                     struct bz_error *err)
{
    (void)err;
    failing(store)->commits++;
    return BZ_OK;
}

static enum bz_status failing_rollback(struct bz_store *store,
                                       struct bz_error *err)
{
    (void)err;
    failing(store)->rolled_back = 1;
    return BZ_OK;
}

static enum bz_status failing_import_work(struct bz_store *store,
                                          const struct bz_work_record *r,
                                          struct bz_import_tally *tally,
                                          struct bz_error *err)
{
    struct failing_store *f = failing(store);

    assert_non_null(r->title);
    if (++f->calls == f->fail_at)
        return bz_error_set(err, BZ_STORE, "disk I/O error");
    tally->new_works++;
    return BZ_OK;
}

/* The name resolution marks an import sets: none here. */
static enum bz_status failing_identity_mark(struct bz_store *store,
                                            int64_t *mark,
                                            struct bz_error *err)
{
    (void)err;
    failing(store);
    *mark = 0;
    return BZ_OK;
}

static enum bz_status failing_identity_touch(struct bz_store *store,
                                             int64_t mark,
                                             struct bz_error *err)
{
    (void)mark, (void)err;
    failing(store);
    return BZ_OK;
}

/* A database failure stops the run: nothing after it reaches the store,
 * the transaction is rolled back, and the error is the store's. */
static void test_queued_import_stops_on_store_failure(void **state)
{
    static const struct bz_store_ops ops = {
        .name = "failing",
        .begin = failing_begin,
        .commit = failing_commit,
        .rollback = failing_rollback,
        .import_work = failing_import_work,
        .identity_mark = failing_identity_mark,
        .identity_touch = failing_identity_touch,
    };
    struct failing_store store = {{&ops}, pthread_self(), 0, 700, 0, 0, 0};
    struct bz_import_options options = {0};
    struct bz_import_report report;
    struct bz_error err = {0};
    char *path;
    int bad;

    (void)state;
    path = write_works("failing.jsonl", &bad);
    options.quiet = 1;
    assert_int_equal(bz_import_files(&store.base, (const char *const *)&path, 1,
                                     &options, &report, &err),
                     BZ_STORE);
    assert_string_equal(err.message, "disk I/O error");
    assert_int_equal(store.calls, 700);
    assert_true(store.rolled_back);
    assert_false(store.other_thread);
    /* 699 stored and, before the failure, the lines the reader skipped
     * (397) and the title refused (211, 422, 633) */
    assert_int_equal(report.records, 699 + 4);
    assert_int_equal(report.error_total, 4);

    bz_import_report_release(&report);
    unlink(path);
    free(path);
}

/* A real store whose import_work fails, as running out of memory would,
 * after it wrote the record titled doomed: in a group (the queued path's
 * batches) that record is then half there, and the driver must undo the
 * group and write its other records again. The rest goes to the real
 * store. */
struct spoiling_store {
    struct bz_store base;
    struct bz_store *real;
    const char *doomed;
    int spoilt, undone;
};

static struct bz_store *real_of(struct bz_store *store)
{
    return ((struct spoiling_store *)store)->real;
}

static enum bz_status spoiling_begin(struct bz_store *store,
                                     struct bz_error *err)
{
    return real_of(store)->ops->begin(real_of(store), err);
}

static enum bz_status spoiling_commit(struct bz_store *store,
                                      struct bz_error *err)
{
    return real_of(store)->ops->commit(real_of(store), err);
}

static enum bz_status spoiling_rollback(struct bz_store *store,
                                        struct bz_error *err)
{
    return real_of(store)->ops->rollback(real_of(store), err);
}

static enum bz_status spoiling_group_begin(struct bz_store *store,
                                           struct bz_error *err)
{
    return real_of(store)->ops->group_begin(real_of(store), err);
}

static enum bz_status spoiling_group_end(struct bz_store *store,
                                         struct bz_error *err)
{
    return real_of(store)->ops->group_end(real_of(store), err);
}

static enum bz_status spoiling_group_undo(struct bz_store *store,
                                          struct bz_error *err)
{
    struct spoiling_store *s = (struct spoiling_store *)store;

    s->spoilt = 0;
    s->undone++;
    return s->real->ops->group_undo(s->real, err);
}

static int spoiling_group_failed(const struct bz_store *store)
{
    const struct spoiling_store *s = (const struct spoiling_store *)store;

    return s->spoilt || s->real->ops->group_failed(s->real);
}

static enum bz_status spoiling_import_work(struct bz_store *store,
                                           const struct bz_work_record *r,
                                           struct bz_import_tally *tally,
                                           struct bz_error *err)
{
    struct spoiling_store *s = (struct spoiling_store *)store;
    enum bz_status rc = s->real->ops->import_work(s->real, r, tally, err);

    if (rc != BZ_OK || strcmp(r->title, s->doomed) != 0)
        return rc;
    s->spoilt = 1;
    return bz_error_set(err, BZ_NOMEM, "out of memory");
}

static enum bz_status spoiling_identity_mark(struct bz_store *store,
                                             int64_t *mark,
                                             struct bz_error *err)
{
    return real_of(store)->ops->identity_mark(real_of(store), mark, err);
}

static enum bz_status spoiling_identity_touch(struct bz_store *store,
                                              int64_t mark,
                                              struct bz_error *err)
{
    return real_of(store)->ops->identity_touch(real_of(store), mark, err);
}

/* A record failing half-way costs only itself: the group it spoilt is
 * undone, the records before it in the batch go in again without being
 * counted twice, and the import goes on. */
static void test_queued_import_mends_a_spoilt_group(void **state)
{
    static const struct bz_store_ops ops = {
        .name = "spoiling",
        .begin = spoiling_begin,
        .commit = spoiling_commit,
        .rollback = spoiling_rollback,
        .group_begin = spoiling_group_begin,
        .group_end = spoiling_group_end,
        .group_undo = spoiling_group_undo,
        .group_failed = spoiling_group_failed,
        .import_work = spoiling_import_work,
        .identity_mark = spoiling_identity_mark,
        .identity_touch = spoiling_identity_touch,
    };
    struct spoiling_store store = {{&ops}, open_store("spoilt.db"),
                                   "Work 1000", 0, 0};
    struct bz_import_options options = {0};
    struct bz_import_report report;
    struct bz_store_counts counts;
    struct bz_error err = {0};
    int64_t id;
    size_t i;
    char *path;
    int bad;

    (void)state;
    path = write_works("spoilt.jsonl", &bad);
    options.quiet = 1;
    assert_int_equal(bz_import_files(&store.base, (const char *const *)&path, 1,
                                     &options, &report, &err),
                     BZ_OK);
    assert_int_equal(store.undone, 1);
    assert_int_equal(report.records, PIPE_WORKS);
    assert_int_equal(report.skipped, bad + 1);
    assert_int_equal(report.tally.new_works, PIPE_WORKS - bad - 1);
    for (i = 0; i < report.error_count && report.errors[i].line != 1000; i++)
        ;
    assert_true(i < report.error_count);
    assert_string_equal(report.errors[i].reason, "out of memory");

    assert_int_equal(store.real->ops->counts(store.real, &counts, &err),
                     BZ_OK);
    assert_int_equal(counts.works, PIPE_WORKS - bad - 1);
    assert_int_equal(store.real->ops->work_find(store.real, "openalex",
                                                "W1000", &id, &err),
                     BZ_NOT_FOUND);
    /* its neighbours in the batch, before and after it */
    assert_int_equal(store.real->ops->work_find(store.real, "openalex",
                                                "W999", &id, &err),
                     BZ_OK);
    assert_int_equal(store.real->ops->work_find(store.real, "openalex",
                                                "W1001", &id, &err),
                     BZ_OK);

    bz_import_report_release(&report);
    drop_store(store.real, "spoilt.db");
    unlink(path);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_copy_work),
        cmocka_unit_test(test_copy_people_and_places),
        cmocka_unit_test(test_copy_past_the_cap_fails),
        cmocka_unit_test(test_queued_import_matches_sequential),
        cmocka_unit_test(test_queued_import_strict_keeps_nothing),
        cmocka_unit_test(test_queued_import_stops_on_store_failure),
        cmocka_unit_test(test_queued_import_mends_a_spoilt_group),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
