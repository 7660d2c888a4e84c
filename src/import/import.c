/* import.c - the import driver: files, formats, batches and the report. */
#include "import/import.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <yajl/yajl_gen.h>
#include <yajl/yajl_tree.h>
#include <zlib.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/log.h"
#include "core/text.h"
#include "import/import_openalex.h"

/* Deepest JSON nesting accepted; yajl's tree is freed recursively. */
#define IMPORT_MAX_DEPTH 256

struct import_run {
    struct bz_store *store;
    const struct bz_import_options *options;
    struct bz_import_report *report;
    struct bz_arena arena; /* per record */
    long in_batch;         /* records since the last commit */
    int failed_strict;     /* strict and an error was met */
};

/* --- the report ----------------------------------------------------------- */

static void import_add_error(struct import_run *run, const char *file,
                             long line, const char *reason)
{
    struct bz_import_report *report = run->report;

    report->error_total++;
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
                          long researchers, long topics, long institutions)
{
    yajl_gen_string(g, (const unsigned char *)key, strlen(key));
    yajl_gen_map_open(g);
    json_key_long(g, "works", works);
    json_key_long(g, "researchers", researchers);
    json_key_long(g, "topics", topics);
    json_key_long(g, "institutions", institutions);
    yajl_gen_map_close(g);
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
                  t->new_institutions);
    json_entities(g, "updated", t->updated_works, t->updated_researchers,
                  t->updated_topics, t->updated_institutions);
    /* records merged into others come with identity resolution; none yet */
    json_entities(g, "merged", 0, 0, 0, 0);
    json_key_long(g, "skipped", report->skipped);
    yajl_gen_string(g, (const unsigned char *)"errors", 6);
    yajl_gen_array_open(g);
    for (i = 0; i < report->error_count; i++) {
        const struct bz_import_error *e = &report->errors[i];

        yajl_gen_map_open(g);
        yajl_gen_string(g, (const unsigned char *)"file", 4);
        yajl_gen_string(g, (const unsigned char *)e->file, strlen(e->file));
        json_key_long(g, "line", e->line);
        yajl_gen_string(g, (const unsigned char *)"reason", 6);
        yajl_gen_string(g, (const unsigned char *)e->reason,
                        strlen(e->reason));
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
            "imported %ld record(s): new %ld works, %ld researchers, %ld "
            "topics, %ld institutions; updated %ld works, %ld researchers; "
            "skipped %ld\n",
            report->records, t->new_works, t->new_researchers, t->new_topics,
            t->new_institutions, t->updated_works, t->updated_researchers,
            report->skipped);
}

/* --- one record ----------------------------------------------------------- */

/* Counts a record that is not stored and reports why. */
static void import_skip(struct import_run *run, const char *file, long line,
                        const char *reason)
{
    run->report->records++;
    run->report->skipped++;
    import_add_error(run, file, line, reason);
    if (run->options->strict)
        run->failed_strict = 1;
}

/* Depth of JSON nesting, counting brackets outside strings. */
static int import_json_depth_ok(const char *s, size_t n)
{
    int depth = 0, in_string = 0;
    size_t i;

    for (i = 0; i < n; i++) {
        char c = s[i];

        if (in_string) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_string = 0;
        } else if (c == '"') {
            in_string = 1;
        } else if (c == '{' || c == '[') {
            if (++depth > IMPORT_MAX_DEPTH)
                return 0;
        } else if (c == '}' || c == ']') {
            depth--;
        }
    }
    return 1;
}

/* Stores one OpenAlex work object; reasons go to the report. */
static void import_work_object(struct import_run *run, yajl_val object,
                               const char *file, long line)
{
    struct bz_work_record record;
    struct bz_import_tally tally = {0};
    struct bz_error err;
    enum bz_status rc;

    bz_arena_reset(&run->arena);
    rc = bz_openalex_work_read(object, &run->arena, &record, &err);
    if (rc == BZ_OK)
        rc = run->store->ops->import_work(run->store, &record, &tally, &err);
    if (rc != BZ_OK) {
        import_skip(run, file, line, err.message);
        return;
    }
    run->report->records++;
    run->report->tally.new_works += tally.new_works;
    run->report->tally.new_researchers += tally.new_researchers;
    run->report->tally.new_topics += tally.new_topics;
    run->report->tally.new_institutions += tally.new_institutions;
    run->report->tally.updated_works += tally.updated_works;
    run->report->tally.updated_researchers += tally.updated_researchers;
    run->report->tally.updated_topics += tally.updated_topics;
    run->report->tally.updated_institutions += tally.updated_institutions;
}

/* Commits the batch once it is full (never when strict: one transaction). */
static enum bz_status import_maybe_commit(struct import_run *run,
                                          struct bz_error *err)
{
    enum bz_status rc;

    if (run->options->strict || ++run->in_batch < BZ_IMPORT_BATCH)
        return BZ_OK;
    run->in_batch = 0;
    if ((rc = run->store->ops->commit(run->store, err)) != BZ_OK)
        return rc;
    return run->store->ops->begin(run->store, err);
}

/* One JSON text: a work, or an API response {"results": [works]}. */
static enum bz_status import_json_text(struct import_run *run, char *text,
                                       size_t len, const char *file,
                                       long line, struct bz_error *err)
{
    char reason[256];
    yajl_val root, results;
    enum bz_status rc = BZ_OK;
    size_t i;

    if (!bz_text_utf8_valid(text, len)) {
        import_skip(run, file, line, "invalid UTF-8");
        return BZ_OK;
    }
    if (!import_json_depth_ok(text, len)) {
        import_skip(run, file, line, "JSON nested too deeply");
        return BZ_OK;
    }
    reason[0] = '\0';
    root = yajl_tree_parse(text, reason, sizeof(reason));
    if (root == NULL) {
        char *nl = strchr(reason, '\n');

        if (nl)
            *nl = '\0';
        import_skip(run, file, line, *reason ? reason : "invalid JSON");
        return BZ_OK;
    }
    results = NULL;
    if (YAJL_IS_OBJECT(root) && !bz_openalex_is_work(root)) {
        const char *path[] = {"results", NULL};

        results = yajl_tree_get(root, path, yajl_t_array);
    }
    if (results) {
        for (i = 0; i < results->u.array.len && !run->failed_strict; i++) {
            import_work_object(run, results->u.array.values[i], file, line);
            if ((rc = import_maybe_commit(run, err)) != BZ_OK)
                break;
        }
    } else if (bz_openalex_is_work(root)) {
        import_work_object(run, root, file, line);
        rc = import_maybe_commit(run, err);
    } else {
        import_skip(run, file, line,
                    "not an OpenAlex work or a list of works");
    }
    yajl_tree_free(root);
    return rc;
}

/* --- one file ------------------------------------------------------------- */

/* Reads one line (without its newline) into buf, replacing what buf held.
 * Returns 1 for a line, 0 at the end of the stream, -1 on a read error;
 * *too_long is set when the line passed the cap (the rest of it is read
 * and dropped). */
static int import_read_line(gzFile in, struct bz_buf *buf, int *too_long)
{
    char chunk[65536];
    int got = 0;

    bz_buf_reset(buf);
    *too_long = 0;
    while (gzgets(in, chunk, sizeof(chunk)) != NULL) {
        size_t n = strlen(chunk);
        int end = n > 0 && chunk[n - 1] == '\n';

        got = 1;
        if (end)
            n--;
        if (!*too_long && bz_buf_add(buf, chunk, n) < 0)
            *too_long = 1;
        if (end)
            return 1;
    }
    if (!gzeof(in))
        return -1;
    return got;
}

static enum bz_status import_read_error(gzFile in, const char *file,
                                        struct bz_error *err)
{
    int zerr;
    const char *msg = gzerror(in, &zerr);

    if (zerr == Z_ERRNO)
        return bz_error_errno(err, errno, "read failed");
    (void)file;
    return bz_error_set(err, BZ_IO, "read failed: %s",
                        zerr == Z_OK ? "truncated input" : msg);
}

/* The first byte that is not white space, or 0 for an empty text. */
static char import_first_byte(const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
            return s[i];
    return 0;
}

/* 1 when the line is a whole JSON text by itself (so the file is JSON
 * Lines); a pretty-printed document's first line never is. */
static int import_line_is_json(const char *text, size_t len)
{
    yajl_val v;

    if (!import_json_depth_ok(text, len))
        return 1; /* JSON Lines whose record will be rejected */
    v = yajl_tree_parse(text, NULL, 0);
    if (v == NULL)
        return 0;
    yajl_tree_free(v);
    return 1;
}

/* One line of a JSON Lines file. */
static enum bz_status import_line(struct import_run *run, struct bz_buf *buf,
                                  int too_long, const char *file, long line,
                                  struct bz_error *err)
{
    char reason[96];

    if (too_long) {
        snprintf(reason, sizeof(reason), "record longer than %u bytes",
                 BZ_IMPORT_MAX_RECORD);
        import_skip(run, file, line, reason);
        return BZ_OK;
    }
    if (import_first_byte(buf->data ? buf->data : "", buf->len) == 0)
        return BZ_OK;
    return import_json_text(run, buf->data, buf->len, file, line, err);
}

/* The rest of a file read as one JSON document after its first line. */
static enum bz_status import_document(struct import_run *run, gzFile in,
                                      struct bz_buf *buf, const char *file,
                                      struct bz_error *err)
{
    char chunk[65536];
    int n;

    bz_buf_putc(buf, '\n');
    while ((n = gzread(in, chunk, sizeof(chunk))) > 0)
        if (bz_buf_add(buf, chunk, (size_t)n) < 0)
            return bz_error_set(err, BZ_TOO_LARGE,
                                "document larger than %u bytes",
                                BZ_IMPORT_MAX_RECORD);
    if (n < 0 || !gzeof(in))
        return import_read_error(in, file, err);
    return import_json_text(run, buf->data, buf->len, file, 1, err);
}

/* Reads one file. A failure of the file itself (it cannot be read, it is
 * empty, its format is unknown) returns an error with *at_line set to
 * where it was met; errors of single records are in the report. */
static enum bz_status import_file(struct import_run *run, const char *path,
                                  long *at_line, struct bz_error *err)
{
    const char *name = path;
    struct bz_buf buf;
    enum bz_status rc = BZ_OK;
    long line = 1;
    int got, too_long;
    gzFile in;
    char first;

    in = strcmp(path, "-") == 0 ? gzdopen(dup(STDIN_FILENO), "rb")
                                : gzopen(path, "rb");
    if (in == NULL)
        return bz_error_errno(err, errno, "cannot open '%s'", path);
    gzbuffer(in, 256u * 1024);
    bz_buf_init(&buf, BZ_IMPORT_MAX_RECORD);

    /* the first non-blank line tells the format */
    while ((got = import_read_line(in, &buf, &too_long)) == 1 && !too_long &&
           import_first_byte(buf.data ? buf.data : "", buf.len) == 0)
        line++;
    if (got < 0) {
        rc = import_read_error(in, name, err);
        goto close_file;
    }
    first = got ? (too_long ? '{' : import_first_byte(buf.data, buf.len)) : 0;
    if (first == 0) {
        rc = bz_error_set(err, BZ_INVALID, "empty file");
        goto close_file;
    }
    if (first != '{' && first != '[') {
        rc = bz_error_set(err, BZ_INVALID,
                          "unknown format (expected OpenAlex JSON)");
        goto close_file;
    }
    if (!too_long && !import_line_is_json(buf.data, buf.len)) {
        rc = import_document(run, in, &buf, name, err);
        goto close_file;
    }

    for (;;) {
        rc = import_line(run, &buf, too_long, name, line, err);
        if (rc != BZ_OK || run->failed_strict)
            break;
        got = import_read_line(in, &buf, &too_long);
        if (got == 0)
            break;
        line++;
        if (got < 0) {
            /* a truncated .gz: what was read is kept, the file errs */
            rc = import_read_error(in, name, err);
            break;
        }
    }

close_file:
    *at_line = line;
    gzclose(in);
    bz_buf_release(&buf);
    return rc;
}

/* --- the run -------------------------------------------------------------- */

enum bz_status bz_import_files(struct bz_store *store,
                               const char *const *paths, size_t count,
                               const struct bz_import_options *options,
                               struct bz_import_report *report,
                               struct bz_error *err)
{
    struct import_run run = {store, options, report, {0}, 0, 0};
    size_t i, readable = 0;
    enum bz_status rc;

    memset(report, 0, sizeof(*report));
    bz_arena_init(&run.arena, 256u * 1024 * 1024);
    if ((rc = store->ops->begin(store, err)) != BZ_OK)
        goto release_arena;

    for (i = 0; i < count && !run.failed_strict; i++) {
        struct bz_error file_err;
        long at_line = 0;

        rc = import_file(&run, paths[i], &at_line, &file_err);
        if (rc == BZ_STORE || rc == BZ_NOMEM) {
            *err = file_err;
            goto rollback;
        }
        if (rc != BZ_OK) {
            import_add_error(&run, paths[i], at_line, file_err.message);
            if (options->strict)
                run.failed_strict = 1;
            continue;
        }
        readable++;
    }

    if (run.failed_strict) {
        rc = bz_error_set(err, BZ_INVALID,
                          "import stopped at the first error (--strict): "
                          "nothing was kept");
        goto rollback;
    }
    if (readable == 0) {
        rc = bz_error_set(err, BZ_INVALID, "nothing readable was imported");
        goto rollback;
    }
    rc = store->ops->commit(store, err);
    goto release_arena;

rollback:
    store->ops->rollback(store, NULL);
    if (run.failed_strict || readable == 0)
        memset(&report->tally, 0, sizeof(report->tally));
release_arena:
    bz_arena_release(&run.arena);
    return rc;
}
