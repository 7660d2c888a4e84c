/* import.c - the import driver: paths, formats, batches, progress and the
 * report. */
#include "import/import.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <yajl/yajl_gen.h>

#include "core/arena.h"
#include "core/buf.h"
#include "import/import_json.h"
#include "import/input.h"
#include "import/json_tree.h"
#include "import/reader.h"
#include "import/record_copy.h"
#include "topics/topics.h"

/* Most files a folder walk reads, and how deep it goes. */
#define IMPORT_MAX_FILES 100000
#define IMPORT_MAX_DEPTH 16

/* The readers in the order detection asks them: the more particular
 * formats first, OpenAlex (which claims any JSON with authorships) late. */
static const struct bz_reader *const import_readers[] = {
    &bz_reader_openalex_merged_ids,
    &bz_reader_arxiv_oai,
    &bz_reader_arxiv_atom,
    &bz_reader_orcid_xml,
    &bz_reader_dblp,
    &bz_reader_crossref,
    &bz_reader_semanticscholar,
    &bz_reader_orcid_json,
    &bz_reader_arxiv_snapshot,
    &bz_reader_openalex,
    &bz_reader_arxiv_abs,
    &bz_reader_bibtex,
};
#define IMPORT_READER_COUNT (sizeof(import_readers) / sizeof(*import_readers))

/* The pipe between a reader thread and the store thread (see "the pipe"
 * below): records in a batch at most, the bytes of copies past which a
 * batch is sent on early, and the batches there are (one being filled,
 * one being stored, the rest waiting), which bounds the memory a reader
 * running ahead can take. */
#define IMPORT_PIPE_RECORDS 256
#define IMPORT_PIPE_BYTES (4u << 20)
#define IMPORT_PIPE_BATCHES 4
/* A batch's arena holds one record's copies at least; a record's own
 * arena is capped at 256 MiB. */
#define IMPORT_PIPE_ARENA_CAP (512u * 1024 * 1024)
/* Files smaller than this are read on the store thread: for them a
 * thread costs more than the overlap gains (a folder of small API
 * answers). Input of unknown size (standard input) goes through the pipe. */
#define IMPORT_PIPE_MIN_FILE (1u << 20)
/* The reader thread's stack: readers parse nested input recursively. */
#define IMPORT_READER_STACK (16u * 1024 * 1024)

struct import_pipe;

struct bz_import_context {
    struct bz_store *store;
    const struct bz_import_options *options;
    struct bz_import_report *report;
    struct bz_arena arena;          /* per record */
    struct bz_import_input *input;  /* the file being read */
    long in_batch;                  /* records since the last commit */
    atomic_int stopped;             /* strict met an error, or store died;
                                       set by the store thread, read by the
                                       reader thread too */
    struct bz_error fatal;          /* why the store died */
    int fatal_set;
    struct timespec started, last_drawn;
    int drawn;                      /* a progress line is on screen */
    /* Set while a reader thread reads the input: the bz_import_* calls
     * then queue copies of the records, which the store thread stores. */
    struct import_pipe *pipe;
    long long shown_done, shown_total; /* progress of the batch stored */
    /* The store thread's, while it stores a batch as one group of the
     * store's (pipe_store_batch): a commit due waits for the group's end;
     * the last record went in; a spoilt group's records are being stored
     * again. */
    int grouped, commit_due, last_stored, replaying;
};

/* --- the report ----------------------------------------------------------- */

static void import_add_error(struct bz_import_context *ctx, const char *file,
                             long line, const char *reason)
{
    struct bz_import_report *report = ctx->report;

    report->error_total++;
    if (ctx->drawn) {
        fputs("\r\033[K", stderr);
        ctx->drawn = 0;
    }
    fprintf(stderr, "%s:%ld: %s\n", file, line, reason); /* even if quiet */
    if (report->error_count == BZ_IMPORT_MAX_ERRORS)
        return;
    if (report->errors == NULL) {
        report->errors = calloc(BZ_IMPORT_MAX_ERRORS, sizeof(*report->errors));
        if (report->errors == NULL)
            return;
    }
    report->errors[report->error_count].file = strdup(file);
    report->errors[report->error_count].line = line;
    report->errors[report->error_count].reason = strdup(reason);
    report->error_count++;
}

void bz_import_report_release(struct bz_import_report *report)
{
    size_t i;

    for (i = 0; i < report->error_count; i++) {
        free(report->errors[i].file);
        free(report->errors[i].reason);
    }
    free(report->errors);
    memset(report, 0, sizeof(*report));
}

static void json_key_long(yajl_gen g, const char *key, long value)
{
    yajl_gen_string(g, (const unsigned char *)key, strlen(key));
    yajl_gen_integer(g, value);
}

static void json_entities(yajl_gen g, const char *key, long works,
                          long researchers, long topics, long institutions,
                          long venues)
{
    yajl_gen_string(g, (const unsigned char *)key, strlen(key));
    yajl_gen_map_open(g);
    json_key_long(g, "works", works);
    json_key_long(g, "researchers", researchers);
    json_key_long(g, "topics", topics);
    json_key_long(g, "institutions", institutions);
    json_key_long(g, "venues", venues);
    yajl_gen_map_close(g);
}

static void json_string(yajl_gen g, const char *s)
{
    yajl_gen_string(g, (const unsigned char *)s, strlen(s));
}

void bz_import_report_write_json(const struct bz_import_report *report,
                                 FILE *out)
{
    const struct bz_import_tally *t = &report->tally;
    yajl_gen g = yajl_gen_alloc(NULL);
    const unsigned char *text;
    size_t len, i;

    if (g == NULL)
        return;
    yajl_gen_map_open(g);
    json_entities(g, "new", t->new_works, t->new_researchers, t->new_topics,
                  t->new_institutions, t->new_venues);
    json_entities(g, "updated", t->updated_works, t->updated_researchers,
                  t->updated_topics, t->updated_institutions,
                  t->updated_venues);
    /* merged: records that joined a known work by title, first author and
     * year rather than by an identifier, and name-only researcher records
     * that name resolution merged into another */
    json_entities(g, "merged", t->merged_works, t->merged_researchers, 0, 0,
                  0);
    json_key_long(g, "skipped", report->skipped);
    json_key_long(g, "records", report->records);
    json_key_long(g, "files", report->files);
    json_string(g, "errors");
    yajl_gen_array_open(g);
    for (i = 0; i < report->error_count; i++) {
        const struct bz_import_error *e = &report->errors[i];

        yajl_gen_map_open(g);
        json_string(g, "file");
        json_string(g, e->file);
        json_key_long(g, "line", e->line);
        json_string(g, "reason");
        json_string(g, e->reason);
        yajl_gen_map_close(g);
    }
    yajl_gen_array_close(g);
    yajl_gen_map_close(g);
    yajl_gen_get_buf(g, &text, &len);
    fwrite(text, 1, len, out);
    fputc('\n', out);
    yajl_gen_free(g);
}

void bz_import_report_write_text(const struct bz_import_report *report,
                                 FILE *out)
{
    const struct bz_import_tally *t = &report->tally;

    fprintf(out,
            "imported %ld record(s) from %ld file(s)\n"
            "  new:     %ld works, %ld researchers, %ld topics, "
            "%ld institutions, %ld venues\n"
            "  updated: %ld works, %ld researchers, %ld topics, "
            "%ld institutions, %ld venues\n"
            "  merged:  %ld works (by title, first author and year), "
            "%ld researchers (by name resolution)\n"
            "  skipped: %ld record(s)\n",
            report->records, report->files, t->new_works, t->new_researchers,
            t->new_topics, t->new_institutions, t->new_venues,
            t->updated_works, t->updated_researchers, t->updated_topics,
            t->updated_institutions, t->updated_venues, t->merged_works,
            t->merged_researchers, report->skipped);
    if (report->files_unknown)
        fprintf(out, "  %ld file(s) in the folders were of no known format\n",
                report->files_unknown);
}

/* --- progress ------------------------------------------------------------- */

static double import_seconds_since(const struct timespec *t)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t->tv_sec) +
           (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

/* Redraws the bar at most five times a second: records, records/s, bytes
 * of this file read and, when its size is known, a bar and an ETA. */
static void import_progress(struct bz_import_context *ctx, int final)
{
    long long done, total;
    double elapsed, rate, share;
    char bar[21];
    int i, filled;

    if (!ctx->options->progress || ctx->input == NULL)
        return;
    if (!final && ctx->drawn && import_seconds_since(&ctx->last_drawn) < 0.2)
        return;
    clock_gettime(CLOCK_MONOTONIC, &ctx->last_drawn);
    elapsed = import_seconds_since(&ctx->started);
    rate = elapsed > 0 ? (double)ctx->report->records / elapsed : 0;
    if (ctx->pipe) { /* the input is the reader thread's */
        done = ctx->shown_done;
        total = ctx->shown_total;
    } else {
        done = bz_input_progress(ctx->input, &total);
    }
    fprintf(stderr, "\r\033[K%s ", bz_input_name(ctx->input));
    if (total > 0) {
        share = (double)done / (double)total;
        if (share > 1)
            share = 1;
        filled = (int)(share * 20);
        for (i = 0; i < 20; i++)
            bar[i] = i < filled ? '#' : '.';
        bar[20] = '\0';
        fprintf(stderr, "[%s] %.1f/%.1f MB ", bar, (double)done / 1e6,
                (double)total / 1e6);
        if (share > 0.001 && !final)
            fprintf(stderr, "ETA %.0fs ",
                    elapsed / share * (1 - share));
    } else {
        fprintf(stderr, "%.1f MB ", (double)done / 1e6);
    }
    fprintf(stderr, "%ld records, %.0f/s", ctx->report->records, rate);
    if (final)
        fputc('\n', stderr);
    ctx->drawn = !final;
}

/* --- storing ------------------------------------------------------------- */

/* What the bz_import_* calls do on the thread that holds the store: at
 * once when a file is read on that thread, as each batch arrives when the
 * reader runs on its own (the pipe, below). */

/* The store thread's side of bz_import_skip (and of every record the
 * store refused). */
static int import_skip(struct bz_import_context *ctx, long line,
                       const char *reason)
{
    ctx->report->records++;
    ctx->report->skipped++;
    import_add_error(ctx, bz_input_name(ctx->input), line, reason);
    if (ctx->options->strict)
        ctx->stopped = 1;
    return ctx->stopped ? -1 : 0;
}

static void import_tally_add(struct bz_import_tally *to,
                             const struct bz_import_tally *t)
{
    to->new_works += t->new_works;
    to->new_researchers += t->new_researchers;
    to->new_topics += t->new_topics;
    to->new_institutions += t->new_institutions;
    to->new_venues += t->new_venues;
    to->updated_works += t->updated_works;
    to->updated_researchers += t->updated_researchers;
    to->updated_topics += t->updated_topics;
    to->updated_institutions += t->updated_institutions;
    to->updated_venues += t->updated_venues;
    to->merged_works += t->merged_works;
}

/* The database itself failed, for the reason in err: the run stops. */
static int import_fatal(struct bz_import_context *ctx,
                        const struct bz_error *err)
{
    ctx->fatal = *err;
    ctx->fatal_set = 1;
    ctx->stopped = 1;
    return -1;
}

/* Commits the records stored since the last commit and begins anew. */
static int import_commit(struct bz_import_context *ctx, struct bz_error *err)
{
    struct bz_store *store = ctx->store;

    ctx->in_batch = 0;
    ctx->commit_due = 0;
    if (store->ops->commit(store, err) != BZ_OK ||
        store->ops->begin(store, err) != BZ_OK)
        return import_fatal(ctx, err);
    return 0;
}

/* After the store answered rc for one record: count it, report it, commit
 * a full batch. A record stored again (pipe_store_again) was counted the
 * first time; it must go in as it did then. */
static int import_stored(struct bz_import_context *ctx, enum bz_status rc,
                         const struct bz_import_tally *tally,
                         struct bz_error *err, long line)
{
    if (ctx->replaying)
        return rc == BZ_OK ? 0 : import_fatal(ctx, err);
    /* the database itself failed: stop the run. (BZ_NOMEM is one record's
     * arena passing its cap: that record is skipped below.) */
    if (rc == BZ_STORE || rc == BZ_IO)
        return import_fatal(ctx, err);
    if (rc != BZ_OK)
        return import_skip(ctx, line, err->message);
    ctx->last_stored = 1;
    ctx->report->records++;
    import_tally_add(&ctx->report->tally, tally);
    import_progress(ctx, 0);
    if (ctx->options->strict || ++ctx->in_batch < BZ_IMPORT_BATCH)
        return 0;
    if (ctx->grouped) {
        ctx->commit_due = 1;
        return 0;
    }
    return import_commit(ctx, err);
}

/* Each import_store_<entity> is one call of the store's op of that name. */
#define IMPORT_ENTITY(fn, type, op)                                           \
    static int fn(struct bz_import_context *ctx, const type *record,          \
                  long line)                                                  \
    {                                                                         \
        struct bz_import_tally tally = {0};                                   \
        struct bz_error err = {0};                                            \
        enum bz_status rc;                                                    \
                                                                              \
        if (ctx->stopped)                                                     \
            return -1;                                                        \
        if (ctx->store->ops->op == NULL)                                      \
            return import_skip(ctx, line, "the database cannot keep "        \
                                          "such records");                    \
        rc = ctx->store->ops->op(ctx->store, record, &tally, &err);           \
        return import_stored(ctx, rc, &tally, &err, line);                    \
    }

/* A work passes the size checks every reader's works share before the
 * store sees it (import_json.h): such a record is garbage, and the
 * store's work on it would be unbounded. */
static enum bz_status import_checked_work(struct bz_store *store,
                                          const struct bz_work_record *record,
                                          struct bz_import_tally *tally,
                                          struct bz_error *err)
{
    enum bz_status rc = bz_import_check_work(record, err);

    if (rc != BZ_OK)
        return rc;
    return store->ops->import_work(store, record, tally, err);
}

static int import_store_work(struct bz_import_context *ctx,
                             const struct bz_work_record *record, long line)
{
    struct bz_import_tally tally = {0};
    struct bz_error err = {0};
    enum bz_status rc;

    if (ctx->stopped)
        return -1;
    rc = import_checked_work(ctx->store, record, &tally, &err);
    return import_stored(ctx, rc, &tally, &err, line);
}

IMPORT_ENTITY(import_store_researcher, struct bz_researcher_record,
              import_researcher)
IMPORT_ENTITY(import_store_institution, struct bz_institution_record,
              import_institution)
IMPORT_ENTITY(import_store_topic, struct bz_topic_record, import_topic)
IMPORT_ENTITY(import_store_venue, struct bz_venue_record, import_venue)

static int import_store_alias(struct bz_import_context *ctx, char kind,
                              const char *scheme, const char *old_value,
                              const char *new_value, long line)
{
    struct bz_import_tally none = {0};
    struct bz_error err = {0};
    enum bz_status rc;

    if (ctx->stopped)
        return -1;
    if (ctx->store->ops->add_alias == NULL)
        return import_skip(ctx, line, "the database cannot keep aliases");
    rc = ctx->store->ops->add_alias(ctx->store, kind, scheme, old_value,
                                    new_value, &err);
    if (rc == BZ_NOT_FOUND)
        rc = BZ_OK; /* kept; it takes effect once the survivor arrives */
    return import_stored(ctx, rc, &none, &err, line);
}

/* --- the pipe ------------------------------------------------------------- */

/* While a file is read, its reader runs on a thread of its own and the
 * store stays on the calling thread (a store handle is one thread's). The
 * reader thread copies each record it is given into the batch it fills
 * (the reader's memory dies with the record) and queues full batches; the
 * store thread stores them in order through the same functions the
 * sequential path calls, so counts, errors and their order, commits and
 * --strict are as they were. The pipe is one file's: it is drained when
 * the reader returns, so per-file checks see every record of the file. */

enum import_item_kind {
    IMPORT_ITEM_WORK,
    IMPORT_ITEM_RESEARCHER,
    IMPORT_ITEM_INSTITUTION,
    IMPORT_ITEM_TOPIC,
    IMPORT_ITEM_VENUE,
    IMPORT_ITEM_ALIAS,
    IMPORT_ITEM_SKIP
};

/* One call of a reader, replayed on the store thread. */
struct import_item {
    enum import_item_kind kind;
    char alias_kind;       /* IMPORT_ITEM_ALIAS: 'W', 'R', 'I' or 'T' */
    long line;
    const void *record;    /* the copy, in the batch's arena */
    const char *text[3];   /* alias: scheme, old, new; skip: the reason */
    int stored;            /* the store took it */
};

struct import_batch {
    struct import_batch *next; /* in the queue or among the spares */
    struct bz_arena arena;     /* the copies; reset by the reader thread */
    struct import_item items[IMPORT_PIPE_RECORDS];
    size_t count;
    long long done, total;     /* the input's progress when it was sent */
    int last;                  /* the reader returned: its last batch */
};

struct import_pipe {
    pthread_mutex_t lock;          /* guards head, tail and spare */
    pthread_cond_t queued;         /* a batch joined the queue */
    pthread_cond_t freed;          /* a batch came back to the spares */
    struct import_batch *head, *tail; /* sent, oldest first */
    struct import_batch *spare;       /* empty */
    /* the reader thread's alone */
    struct import_batch *filling;
    int reader_stopped;            /* --strict: it reported an error */
    const struct bz_reader *reader;
    struct bz_import_input *in;
    struct bz_import_context *ctx;
    enum bz_status rc;             /* what read() returned; read after join */
    struct bz_error err;
    struct import_batch batches[IMPORT_PIPE_BATCHES];
};

/* Reader thread: the batch being filled, taking a spare (and waiting for
 * one while the store thread is behind) when there is none. */
static struct import_batch *pipe_filling(struct import_pipe *pipe)
{
    struct import_batch *b = pipe->filling;

    if (b != NULL)
        return b;
    pthread_mutex_lock(&pipe->lock);
    while (pipe->spare == NULL)
        pthread_cond_wait(&pipe->freed, &pipe->lock);
    b = pipe->spare;
    pipe->spare = b->next;
    pthread_mutex_unlock(&pipe->lock);

    /* the copies are freed on the thread that made them */
    bz_arena_reset(&b->arena);
    b->next = NULL;
    b->count = 0;
    b->last = 0;
    pipe->filling = b;
    return b;
}

/* Reader thread: queues the batch being filled (an empty one when last). */
static void pipe_send(struct import_pipe *pipe, int last)
{
    struct import_batch *b = pipe_filling(pipe);

    b->done = bz_input_progress(pipe->in, &b->total);
    b->last = last;
    pipe->filling = NULL;
    pthread_mutex_lock(&pipe->lock);
    if (pipe->tail)
        pipe->tail->next = b;
    else
        pipe->head = b;
    pipe->tail = b;
    pthread_cond_signal(&pipe->queued);
    pthread_mutex_unlock(&pipe->lock);
}

/* Reader thread: 1 when the run stopped or this reader must stop. */
static int pipe_stopped(const struct bz_import_context *ctx)
{
    return ctx->stopped || ctx->pipe->reader_stopped;
}

/* Reader thread: counts the item just filled in and sends a full batch.
 * Returns what the reader's call returns. */
static int pipe_added(struct bz_import_context *ctx)
{
    struct import_pipe *pipe = ctx->pipe;
    struct import_batch *b = pipe->filling;

    b->count++;
    if (b->count == IMPORT_PIPE_RECORDS || b->arena.used >= IMPORT_PIPE_BYTES)
        pipe_send(pipe, 0);
    return pipe_stopped(ctx) ? -1 : 0;
}

static const char *pipe_copy_string(struct bz_arena *arena, const char *s,
                                    int *failed)
{
    const char *copy = bz_arena_strdup(arena, s);

    if (copy == NULL && s != NULL)
        *failed = 1;
    return copy;
}

static int pipe_skip(struct bz_import_context *ctx, long line,
                     const char *reason)
{
    struct import_batch *b;
    struct import_item *item;
    int failed = 0;

    if (pipe_stopped(ctx))
        return -1;
    b = pipe_filling(ctx->pipe);
    item = &b->items[b->count];
    memset(item, 0, sizeof(*item));
    item->kind = IMPORT_ITEM_SKIP;
    item->line = line;
    item->text[0] = pipe_copy_string(&b->arena, reason, &failed);
    if (failed)
        item->text[0] = "out of memory";
    if (ctx->options->strict)
        ctx->pipe->reader_stopped = 1; /* as the store thread will stop */
    return pipe_added(ctx);
}

static int pipe_reference_order(const void *a, const void *b)
{
    const struct bz_external_id *x = a, *y = b;
    int c = strcmp(x->scheme, y->scheme);

    return c ? c : strcmp(x->value, y->value);
}

/* A copy of a work with its references sorted by scheme and value, the
 * order the store keeps them in: sorted here, on the reader thread, which
 * has time to spare, they cost the store's thread one look (a list that
 * comes unsorted it sorts itself). */
static struct bz_work_record *pipe_copy_work(struct bz_arena *arena,
                                             const struct bz_work_record *r)
{
    struct bz_work_record *copy = bz_record_copy_work(arena, r);

    if (copy != NULL && copy->reference_count > 1)
        qsort(copy->references, copy->reference_count,
              sizeof(*copy->references), pipe_reference_order);
    return copy;
}

static const void *pipe_copy(struct bz_arena *arena,
                             enum import_item_kind kind, const void *record)
{
    switch (kind) {
    case IMPORT_ITEM_WORK:
        return pipe_copy_work(arena, record);
    case IMPORT_ITEM_RESEARCHER:
        return bz_record_copy_researcher(arena, record);
    case IMPORT_ITEM_INSTITUTION:
        return bz_record_copy_institution(arena, record);
    case IMPORT_ITEM_TOPIC:
        return bz_record_copy_topic(arena, record);
    case IMPORT_ITEM_VENUE:
        return bz_record_copy_venue(arena, record);
    default:
        return NULL;
    }
}

/* Reader thread: queues a copy of one record. A copy that does not fit
 * the batch is tried again in an empty one. */
static int pipe_record(struct bz_import_context *ctx,
                       enum import_item_kind kind, const void *record,
                       long line)
{
    struct import_pipe *pipe = ctx->pipe;
    struct import_batch *b;
    struct import_item *item;
    const void *copy;

    if (pipe_stopped(ctx))
        return -1;
    b = pipe_filling(pipe);
    copy = pipe_copy(&b->arena, kind, record);
    if (copy == NULL && b->count > 0) {
        pipe_send(pipe, 0);
        b = pipe_filling(pipe);
        copy = pipe_copy(&b->arena, kind, record);
    }
    if (copy == NULL)
        return pipe_skip(ctx, line, "out of memory");
    item = &b->items[b->count];
    memset(item, 0, sizeof(*item));
    item->kind = kind;
    item->line = line;
    item->record = copy;
    return pipe_added(ctx);
}

static int pipe_alias(struct bz_import_context *ctx, char kind,
                      const char *scheme, const char *old_value,
                      const char *new_value, long line)
{
    struct import_batch *b;
    struct import_item *item;
    int failed = 0;

    if (pipe_stopped(ctx))
        return -1;
    b = pipe_filling(ctx->pipe);
    item = &b->items[b->count];
    memset(item, 0, sizeof(*item));
    item->kind = IMPORT_ITEM_ALIAS;
    item->alias_kind = kind;
    item->line = line;
    item->text[0] = pipe_copy_string(&b->arena, scheme, &failed);
    item->text[1] = pipe_copy_string(&b->arena, old_value, &failed);
    item->text[2] = pipe_copy_string(&b->arena, new_value, &failed);
    if (failed)
        return pipe_skip(ctx, line, "out of memory");
    return pipe_added(ctx);
}

static void *pipe_reader_main(void *arg)
{
    struct import_pipe *pipe = arg;

    pipe->rc = pipe->reader->read(pipe->in, pipe->ctx, &pipe->err);
    pipe_send(pipe, 1);
    return NULL;
}

/* Store thread: the oldest batch sent, waiting for one. */
static struct import_batch *pipe_take(struct import_pipe *pipe)
{
    struct import_batch *b;

    pthread_mutex_lock(&pipe->lock);
    while (pipe->head == NULL)
        pthread_cond_wait(&pipe->queued, &pipe->lock);
    b = pipe->head;
    pipe->head = b->next;
    if (pipe->head == NULL)
        pipe->tail = NULL;
    pthread_mutex_unlock(&pipe->lock);
    return b;
}

static void pipe_give_back(struct import_pipe *pipe, struct import_batch *b)
{
    pthread_mutex_lock(&pipe->lock);
    b->next = pipe->spare;
    pipe->spare = b;
    pthread_cond_signal(&pipe->freed);
    pthread_mutex_unlock(&pipe->lock);
}

/* Store thread: one reader call, as the sequential path makes it. */
static void pipe_store(struct bz_import_context *ctx,
                       const struct import_item *item)
{
    switch (item->kind) {
    case IMPORT_ITEM_WORK:
        import_store_work(ctx, item->record, item->line);
        break;
    case IMPORT_ITEM_RESEARCHER:
        import_store_researcher(ctx, item->record, item->line);
        break;
    case IMPORT_ITEM_INSTITUTION:
        import_store_institution(ctx, item->record, item->line);
        break;
    case IMPORT_ITEM_TOPIC:
        import_store_topic(ctx, item->record, item->line);
        break;
    case IMPORT_ITEM_VENUE:
        import_store_venue(ctx, item->record, item->line);
        break;
    case IMPORT_ITEM_ALIAS:
        import_store_alias(ctx, item->alias_kind, item->text[0],
                           item->text[1], item->text[2], item->line);
        break;
    case IMPORT_ITEM_SKIP:
        import_skip(ctx, item->line, item->text[0]);
        break;
    }
}

/* Store thread: the write of b's item at index failed spoilt its group
 * (store.h): undoes the group, opens another and stores again the items
 * before that one that went in. */
static void pipe_store_again(struct bz_import_context *ctx,
                             struct import_batch *b, size_t failed)
{
    const struct bz_store_ops *ops = ctx->store->ops;
    struct bz_error err = {0};

    if (ops->group_undo(ctx->store, &err) != BZ_OK ||
        ops->group_begin(ctx->store, &err) != BZ_OK) {
        ctx->grouped = 0;
        import_fatal(ctx, &err);
        return;
    }
    ctx->replaying = 1;
    for (size_t i = 0; i < failed && !ctx->stopped; i++)
        if (b->items[i].stored)
            pipe_store(ctx, &b->items[i]);
    ctx->replaying = 0;
}

/* Store thread: stores the items of b, as one group of the store's when
 * it has groups: their records then share one savepoint, where each would
 * take its own. A record failing after it began to write spoils the group,
 * which pipe_store_again mends. A commit due waits for the group's end. */
static void pipe_store_batch(struct bz_import_context *ctx,
                             struct import_batch *b)
{
    const struct bz_store_ops *ops = ctx->store->ops;
    struct bz_error err = {0};

    ctx->grouped = ops->group_begin != NULL && !ctx->stopped;
    if (ctx->grouped && ops->group_begin(ctx->store, &err) != BZ_OK) {
        ctx->grouped = 0;
        import_fatal(ctx, &err);
        return;
    }
    /* once stopped, what the reader sent after the error is dropped */
    for (size_t i = 0; i < b->count && !ctx->stopped; i++) {
        ctx->last_stored = 0;
        pipe_store(ctx, &b->items[i]);
        b->items[i].stored = ctx->last_stored;
        if (ctx->grouped && !ctx->stopped && ops->group_failed(ctx->store))
            pipe_store_again(ctx, b, i);
    }
    if (ctx->grouped) {
        ctx->grouped = 0;
        if (!ctx->stopped && ops->group_end(ctx->store, &err) != BZ_OK) {
            import_fatal(ctx, &err);
            return;
        }
    }
    if (ctx->commit_due && !ctx->stopped)
        import_commit(ctx, &err);
}

static struct import_pipe *pipe_new(struct bz_import_context *ctx,
                                    const struct bz_reader *reader,
                                    struct bz_import_input *in)
{
    struct import_pipe *pipe = calloc(1, sizeof(*pipe));
    size_t i;

    if (pipe == NULL)
        return NULL;
    if (pthread_mutex_init(&pipe->lock, NULL) != 0)
        goto free_pipe;
    if (pthread_cond_init(&pipe->queued, NULL) != 0)
        goto destroy_lock;
    if (pthread_cond_init(&pipe->freed, NULL) != 0)
        goto destroy_queued;
    for (i = 0; i < IMPORT_PIPE_BATCHES; i++) {
        bz_arena_init(&pipe->batches[i].arena, IMPORT_PIPE_ARENA_CAP);
        pipe->batches[i].next = pipe->spare;
        pipe->spare = &pipe->batches[i];
    }
    pipe->reader = reader;
    pipe->in = in;
    pipe->ctx = ctx;
    return pipe;

destroy_queued:
    pthread_cond_destroy(&pipe->queued);
destroy_lock:
    pthread_mutex_destroy(&pipe->lock);
free_pipe:
    free(pipe);
    return NULL;
}

static void pipe_free(struct import_pipe *pipe)
{
    size_t i;

    for (i = 0; i < IMPORT_PIPE_BATCHES; i++)
        bz_arena_release(&pipe->batches[i].arena);
    pthread_cond_destroy(&pipe->freed);
    pthread_cond_destroy(&pipe->queued);
    pthread_mutex_destroy(&pipe->lock);
    free(pipe);
}

/* 1 when the file is worth a reader thread: not for the null store
 * (which stores nothing, so there is nothing to overlap, and the parsing
 * floor it measures stays the reader's alone), nor for a small file. */
static int import_pipe_pays(const struct bz_import_context *ctx,
                            const struct bz_import_input *in)
{
    const char *name = ctx->store->ops->name;
    long long size;

    if (name != NULL && strcmp(name, "null") == 0)
        return 0;
    bz_input_progress(in, &size);
    return size < 0 || size >= IMPORT_PIPE_MIN_FILE;
}

/* Store thread: runs the reader on a thread of its own and stores what it
 * sends until it returns; returns what it returned. Reads on this thread
 * when the pipe does not pay or no thread can be had. */
static enum bz_status import_read(struct bz_import_context *ctx,
                                  const struct bz_reader *reader,
                                  struct bz_import_input *in,
                                  struct bz_error *err)
{
    struct import_pipe *pipe = NULL;
    struct import_batch *b;
    pthread_attr_t attr;
    pthread_t thread;
    enum bz_status rc;
    int last = 0, started;

    if (import_pipe_pays(ctx, in))
        pipe = pipe_new(ctx, reader, in);
    if (pipe == NULL)
        return reader->read(in, ctx, err);
    ctx->pipe = pipe;
    started = pthread_attr_init(&attr) == 0;
    if (started) {
        pthread_attr_setstacksize(&attr, IMPORT_READER_STACK);
        started = pthread_create(&thread, &attr, pipe_reader_main, pipe) == 0;
        pthread_attr_destroy(&attr);
    }
    if (!started) {
        ctx->pipe = NULL;
        pipe_free(pipe);
        return reader->read(in, ctx, err);
    }

    while (!last) {
        b = pipe_take(pipe);
        ctx->shown_done = b->done;
        ctx->shown_total = b->total;
        pipe_store_batch(ctx, b);
        last = b->last;
        pipe_give_back(pipe, b);
    }
    pthread_join(thread, NULL);

    ctx->pipe = NULL;
    rc = pipe->rc;
    *err = pipe->err;
    pipe_free(pipe);
    /* a reader told to stop returns BZ_OK at once; this one may have read
     * on past the error that stopped the run, into a failure of its own */
    return ctx->stopped ? BZ_OK : rc;
}

/* --- what readers call ---------------------------------------------------- */

void bz_import_record_begin(struct bz_import_context *ctx)
{
    bz_arena_reset(&ctx->arena);
}

struct bz_arena *bz_import_record_arena(struct bz_import_context *ctx)
{
    return &ctx->arena;
}

int bz_import_stopped(const struct bz_import_context *ctx)
{
    return ctx->pipe ? pipe_stopped(ctx) : ctx->stopped;
}

int bz_import_skip(struct bz_import_context *ctx, long line,
                   const char *reason)
{
    if (ctx->pipe)
        return pipe_skip(ctx, line, reason);
    return import_skip(ctx, line, reason);
}

/* --- topics assigned from title and abstract (src/topics/) ------------- */

/* record, or a copy of it in the record arena with the topics the
 * classifier gives it when it has none and assignment is on; *copy holds
 * the copy. */
static const struct bz_work_record *
import_with_topics(struct bz_import_context *ctx,
                   const struct bz_work_record *record,
                   struct bz_work_record *copy)
{
    const struct bz_topics *topics;

    if (record->topic_count > 0 || (topics = bz_topics_for_import()) == NULL)
        return record;
    *copy = *record;
    if (bz_topics_assign(topics, copy, bz_import_record_arena(ctx)) == 0)
        return record;
    return copy;
}

int bz_import_work(struct bz_import_context *ctx,
                   const struct bz_work_record *record, long line)
{
    struct bz_work_record with_topics;

    record = import_with_topics(ctx, record, &with_topics);
    if (ctx->pipe)
        return pipe_record(ctx, IMPORT_ITEM_WORK, record, line);
    return import_store_work(ctx, record, line);
}

int bz_import_researcher(struct bz_import_context *ctx,
                         const struct bz_researcher_record *record, long line)
{
    if (ctx->pipe)
        return pipe_record(ctx, IMPORT_ITEM_RESEARCHER, record, line);
    return import_store_researcher(ctx, record, line);
}

int bz_import_institution(struct bz_import_context *ctx,
                          const struct bz_institution_record *record,
                          long line)
{
    if (ctx->pipe)
        return pipe_record(ctx, IMPORT_ITEM_INSTITUTION, record, line);
    return import_store_institution(ctx, record, line);
}

int bz_import_topic(struct bz_import_context *ctx,
                    const struct bz_topic_record *record, long line)
{
    if (ctx->pipe)
        return pipe_record(ctx, IMPORT_ITEM_TOPIC, record, line);
    return import_store_topic(ctx, record, line);
}

int bz_import_venue(struct bz_import_context *ctx,
                    const struct bz_venue_record *record, long line)
{
    if (ctx->pipe)
        return pipe_record(ctx, IMPORT_ITEM_VENUE, record, line);
    return import_store_venue(ctx, record, line);
}

int bz_import_alias(struct bz_import_context *ctx, char kind,
                    const char *scheme, const char *old_value,
                    const char *new_value, long line)
{
    if (ctx->pipe)
        return pipe_alias(ctx, kind, scheme, old_value, new_value, line);
    return import_store_alias(ctx, kind, scheme, old_value, new_value, line);
}

/* --- files ---------------------------------------------------------------- */

/* The reader for the input, or NULL when none knows its head. */
static const struct bz_reader *import_detect(struct bz_import_input *in,
                                             int *empty,
                                             struct bz_error *err)
{
    const char *head;
    size_t len, i;

    *empty = 0;
    if (bz_input_load_head(in, &head, &len, err) != BZ_OK)
        return NULL;
    for (i = 0; i < len; i++)
        if (head[i] != ' ' && head[i] != '\t' && head[i] != '\r' &&
            head[i] != '\n')
            break;
    if (i == len) {
        *empty = 1;
        return NULL;
    }
    for (i = 0; i < IMPORT_READER_COUNT; i++)
        if (import_readers[i] &&
            import_readers[i]->detect(head, len, bz_input_name(in)))
            return import_readers[i];
    return NULL;
}

/* Reads one file. *unknown is set (and nothing reported) when in_folder
 * and no reader knows it; otherwise every failure is reported as
 * FILE:LINE: reason. Returns 1 when the file was read. */
static int import_file(struct bz_import_context *ctx, const char *path,
                       int in_folder, int *unknown)
{
    const struct bz_reader *reader;
    struct bz_import_input *in;
    struct bz_error err = {0};
    enum bz_status rc;
    long before;
    int empty, read = 0;

    *unknown = 0;
    in = bz_input_open(path, &err);
    if (in == NULL) {
        import_add_error(ctx, path, 0, err.message);
        return 0;
    }
    ctx->input = in;
    reader = import_detect(in, &empty, &err);
    if (reader == NULL) {
        if (err.status != BZ_OK)
            import_add_error(ctx, path, 0, err.message);
        else if (in_folder)
            *unknown = 1;
        else
            import_add_error(ctx, path, 1,
                             empty ? "empty file" : "unknown format");
        goto free_input;
    }
    before = ctx->report->records;
    rc = import_read(ctx, reader, in, &err);
    if (rc != BZ_OK && !ctx->fatal_set)
        import_add_error(ctx, path, bz_input_line_number(in), err.message);
    /* a file that failed part-way still gave the records before the break */
    read = rc == BZ_OK || ctx->report->records > before;
    import_progress(ctx, 1);

free_input:
    ctx->input = NULL;
    bz_input_free(in);
    return read;
}

struct import_paths {
    char **paths;   /* owned */
    long *expected; /* owned: records a manifest promises, or -1 */
    size_t count, alloc;
};

static int import_paths_add(struct import_paths *list, const char *path,
                            long expected)
{
    if (list->count == list->alloc) {
        size_t alloc = list->alloc ? list->alloc * 2 : 64;
        char **p = realloc(list->paths, alloc * sizeof(*p));
        long *e;

        if (p == NULL)
            return -1;
        list->paths = p;
        e = realloc(list->expected, alloc * sizeof(*e));
        if (e == NULL)
            return -1;
        list->expected = e;
        list->alloc = alloc;
    }
    list->paths[list->count] = strdup(path);
    if (list->paths[list->count] == NULL)
        return -1;
    list->expected[list->count] = expected;
    list->count++;
    return 0;
}

static int import_paths_compare(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void import_paths_release(struct import_paths *list)
{
    size_t i;

    for (i = 0; i < list->count; i++)
        free(list->paths[i]);
    free(list->paths);
    free(list->expected);
    memset(list, 0, sizeof(*list));
}

/* Parts in dir's updated_date= folders that the manifest does not list: read
 * too (a partial copy of a snapshot keeps what it has), and reported. */
static int import_unlisted_parts(struct bz_import_context *ctx,
                                 const char *dir, const char *manifest,
                                 struct import_paths *list)
{
    size_t listed = list->count, i, k;
    struct dirent *e;
    long unlisted = 0;
    DIR *d = opendir(dir);

    if (d == NULL)
        return -1;
    while ((e = readdir(d)) != NULL) {
        char sub[4096], path[4600];
        struct dirent *f;
        DIR *parts;

        if (strncmp(e->d_name, "updated_date=", 13) != 0 ||
            (size_t)snprintf(sub, sizeof(sub), "%s/%s", dir, e->d_name) >=
                sizeof(sub) ||
            (parts = opendir(sub)) == NULL)
            continue;
        while ((f = readdir(parts)) != NULL) {
            int known = 0;

            if (f->d_name[0] == '.')
                continue;
            snprintf(path, sizeof(path), "%s/%s", sub, f->d_name);
            for (k = 0; k < listed && !known; k++)
                known = strcmp(list->paths[k], path) == 0;
            if (!known && import_paths_add(list, path, -1) == 0)
                unlisted++;
        }
        closedir(parts);
    }
    closedir(d);
    if (list->count - listed > 1)
        qsort(list->paths + listed, list->count - listed,
              sizeof(*list->paths), import_paths_compare);
    for (i = listed; i < list->count; i++)
        list->expected[i] = -1;
    if (unlisted) {
        char reason[128];

        snprintf(reason, sizeof(reason),
                 "%ld part(s) it does not list were read too", unlisted);
        import_add_error(ctx, manifest, 1, reason);
    }
    return 0;
}

/* An OpenAlex snapshot's <entity>/manifest lists its parts as
 * s3://openalex/data/<entity>/updated_date=.../part_000.gz with their
 * record counts. The parts found under dir (as named, or without ".gz")
 * go into list; missing ones are reported once. */
static int import_manifest(struct bz_import_context *ctx, const char *dir,
                           const char *manifest, struct import_paths *list)
{
    struct bz_import_input *in;
    struct bz_error err = {0};
    struct bz_buf text;
    char chunk[65536], reason[256], path[4096];
    yajl_val root, entries;
    long got, missing = 0;
    size_t i;
    int bad = 0;

    in = bz_input_open(manifest, &err);
    if (in == NULL)
        return -1;
    bz_buf_init(&text, 16u << 20);
    while ((got = bz_input_read(in, chunk, sizeof(chunk), &err)) > 0)
        bz_buf_add(&text, chunk, (size_t)got);
    bz_input_free(in);
    root = got < 0 || text.failed || text.len == 0
               ? NULL
               : bz_jt_parse(text.data, text.len, reason, sizeof(reason));
    bz_buf_release(&text);
    entries = bz_jt_array(root, "entries", &bad);
    if (entries == NULL) {
        import_add_error(ctx, manifest, 1, "not a snapshot manifest");
        yajl_tree_free(root);
        return -1;
    }
    for (i = 0; i < entries->u.array.len; i++) {
        yajl_val e = entries->u.array.values[i];
        const char *url = bz_jt_string(e, "url", &bad);
        long count = (long)bz_jt_integer(bz_jt_get(e, "meta"), "record_count",
                                         -1, &bad);
        const char *part = url ? strstr(url, "/updated_date=") : NULL;
        struct stat st;
        size_t n;

        if (part == NULL || strstr(part, "..") ||
            (size_t)snprintf(path, sizeof(path), "%s%s", dir, part) >=
                sizeof(path))
            continue;
        if (stat(path, &st) != 0) {
            n = strlen(path);
            if (n > 3 && strcmp(path + n - 3, ".gz") == 0)
                path[n - 3] = '\0';
        }
        if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
            missing++;
        else if (import_paths_add(list, path, count) < 0)
            break;
    }
    if (missing) {
        snprintf(reason, sizeof(reason),
                 "%ld of the %zu parts it lists are missing", missing,
                 entries->u.array.len);
        import_add_error(ctx, manifest, 1, reason);
    }
    yajl_tree_free(root);
    return import_unlisted_parts(ctx, dir, manifest, list);
}

/* Walks dir into list, sorted, skipping hidden entries and notes
 * (PROVENANCE.md and other .md files). A folder with a manifest is an
 * OpenAlex snapshot entity: the parts its manifest lists are read, and
 * nothing else under it. */
static int import_walk(struct bz_import_context *ctx, const char *dir,
                       int depth, struct import_paths *list)
{
    struct import_paths here = {0};
    struct dirent *e;
    struct stat st;
    char manifest[4096];
    DIR *d;
    size_t i;
    int rc = 0;

    if ((size_t)snprintf(manifest, sizeof(manifest), "%s/manifest", dir) <
            sizeof(manifest) &&
        stat(manifest, &st) == 0 && S_ISREG(st.st_mode))
        return import_manifest(ctx, dir, manifest, list);
    if (depth > IMPORT_MAX_DEPTH || (d = opendir(dir)) == NULL)
        return -1;
    while ((e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        char *path;

        if (e->d_name[0] == '.' ||
            (n > 3 && strcmp(e->d_name + n - 3, ".md") == 0))
            continue;
        path = malloc(strlen(dir) + n + 2);
        if (path == NULL || sprintf(path, "%s/%s", dir, e->d_name) < 0 ||
            import_paths_add(&here, path, -1) < 0)
            rc = -1;
        free(path);
    }
    closedir(d);
    if (here.count > 1) /* paths is NULL for an empty folder */
        qsort(here.paths, here.count, sizeof(*here.paths),
              import_paths_compare);
    for (i = 0; i < here.count && rc == 0; i++) {
        if (list->count >= IMPORT_MAX_FILES)
            rc = -1;
        else if (stat(here.paths[i], &st) == 0 && S_ISDIR(st.st_mode))
            rc = import_walk(ctx, here.paths[i], depth + 1, list);
        else
            rc = import_paths_add(list, here.paths[i], -1);
    }
    import_paths_release(&here);
    return rc;
}

/* Reads one path given on the command line: a file, "-" or a folder. */
static int import_path(struct bz_import_context *ctx, const char *path)
{
    struct import_paths files = {0};
    struct stat st;
    size_t i;
    int read = 0, unknown;

    if (strcmp(path, "-") == 0 || stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
        return import_file(ctx, path, 0, &unknown);
    if (import_walk(ctx, path, 0, &files) < 0)
        import_add_error(ctx, path, 0,
                         "cannot walk the folder (unreadable, too deep or "
                         "more than 100000 files)");
    for (i = 0; i < files.count && !ctx->stopped; i++) {
        long before = ctx->report->records;
        char reason[128];

        read += import_file(ctx, files.paths[i], 1, &unknown);
        ctx->report->files_unknown += unknown;
        if (files.expected[i] >= 0 &&
            ctx->report->records - before != files.expected[i]) {
            snprintf(reason, sizeof(reason),
                     "the manifest says %ld records, %ld were read",
                     files.expected[i], ctx->report->records - before);
            import_add_error(ctx, files.paths[i], 0, reason);
        }
    }
    import_paths_release(&files);
    return read;
}

/* --- the run -------------------------------------------------------------- */

enum bz_status bz_import_files(struct bz_store *store,
                               const char *const *paths, size_t count,
                               const struct bz_import_options *options,
                               struct bz_import_report *report,
                               struct bz_error *err)
{
    struct bz_import_context ctx = {0};
    size_t i;
    long readable = 0;
    int64_t mark = 0;
    enum bz_status rc;

    memset(report, 0, sizeof(*report));
    ctx.store = store;
    ctx.options = options;
    ctx.report = report;
    clock_gettime(CLOCK_MONOTONIC, &ctx.started);
    bz_arena_init(&ctx.arena, 256u * 1024 * 1024);
    if ((rc = store->ops->begin(store, err)) != BZ_OK)
        goto release_arena;
    if ((rc = store->ops->identity_mark(store, &mark, err)) != BZ_OK)
        goto rollback;
    if (store->ops->import_begin != NULL &&
        (rc = store->ops->import_begin(store, err)) != BZ_OK)
        goto rollback;

    for (i = 0; i < count && !ctx.stopped; i++)
        readable += import_path(&ctx, paths[i]);
    report->files = readable;

    if (ctx.fatal_set) {
        *err = ctx.fatal;
        rc = err->status != BZ_OK ? err->status : BZ_STORE;
        goto rollback;
    }
    if (ctx.stopped || (options->strict && report->error_total > 0)) {
        rc = bz_error_set(err, BZ_INVALID,
                          "import stopped at the first error (--strict): "
                          "nothing was kept");
        goto rollback;
    }
    if (readable == 0) {
        rc = bz_error_set(err, BZ_INVALID, "nothing readable was imported");
        goto rollback;
    }
    /* records that gained works are weighed again by the next pass */
    if ((rc = store->ops->identity_touch(store, mark, err)) != BZ_OK)
        goto rollback;
    if (store->ops->import_end != NULL &&
        (rc = store->ops->import_end(store, err)) != BZ_OK)
        goto rollback;
    rc = store->ops->commit(store, err);
    goto release_arena;

rollback:
    store->ops->rollback(store, NULL);
    memset(&report->tally, 0, sizeof(report->tally));
    /* what earlier commits kept back goes in now if it can; else the
     * next import writes it (store.h, import_begin) */
    if (store->ops->import_end != NULL) {
        int began = store->ops->begin(store, NULL) == BZ_OK;

        /* (which ends the run even when nothing could begin) */
        if (store->ops->import_end(store, NULL) == BZ_OK && began)
            store->ops->commit(store, NULL);
        else if (began)
            store->ops->rollback(store, NULL);
    }
release_arena:
    bz_arena_release(&ctx.arena);
    return rc;
}

enum bz_status bz_import_one(struct bz_store *store,
                             const struct bz_reader *reader,
                             struct bz_import_input *input,
                             const struct bz_import_options *options,
                             int keep, struct bz_import_report *report,
                             struct bz_error *err)
{
    struct bz_import_context ctx = {0};
    struct bz_error read_err = {0};
    enum bz_status rc;

    memset(report, 0, sizeof(*report));
    ctx.store = store;
    ctx.options = options;
    ctx.report = report;
    ctx.input = input;
    clock_gettime(CLOCK_MONOTONIC, &ctx.started);
    bz_arena_init(&ctx.arena, 256u * 1024 * 1024);
    if ((rc = store->ops->begin(store, err)) != BZ_OK)
        goto release_arena;
    rc = reader->read(input, &ctx, &read_err);
    if (rc != BZ_OK && !ctx.fatal_set)
        import_add_error(&ctx, bz_input_name(input),
                         bz_input_line_number(input), read_err.message);
    if (ctx.fatal_set) {
        *err = ctx.fatal;
        rc = BZ_STORE;
    } else {
        rc = BZ_OK;
    }
    report->files = 1;
    if (keep && rc == BZ_OK)
        rc = store->ops->commit(store, err);
    else
        store->ops->rollback(store, NULL);
release_arena:
    bz_arena_release(&ctx.arena);
    return rc;
}
