/* citation_runs.c - sorted runs of citation rows in a temporary file, and
 * their merge (citation_runs.h). */
#include "store/citation_runs.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A row in the file: its citing work, the lengths of its two strings
 * (their NULs included), then the strings. */
struct run_head {
    int64_t citing;
    uint32_t scheme_len, value_len;
};

#define RUN_WRITE_BYTES (256u << 10) /* written out at a time */
#define RUN_READ_BYTES (64u << 10)   /* read ahead per run */
#define MERGE_BATCH 1024             /* rows passed to emit at a time */

void bz_citation_row_near(struct bz_citation_row *row)
{
    unsigned char bytes[16] = {0};

    memcpy(bytes, row->scheme, strnlen(row->scheme, 2));
    memcpy(bytes + 2, row->value, strnlen(row->value, 14));
    row->near[0] = row->near[1] = 0;
    for (int i = 0; i < 16; i++)
        row->near[i / 8] = row->near[i / 8] << 8 | bytes[i];
}

static int row_before(const struct bz_citation_row *x,
                      const struct bz_citation_row *y)
{
    if (x->near[0] != y->near[0])
        return x->near[0] < y->near[0];
    if (x->near[1] != y->near[1])
        return x->near[1] < y->near[1];
    return x->citing < y->citing;
}

int bz_citation_row_order(const void *a, const void *b)
{
    const struct bz_citation_row *x = a, *y = b;

    return row_before(x, y) ? -1 : row_before(y, x);
}

static void row_swap(struct bz_citation_row *a, struct bz_citation_row *b)
{
    struct bz_citation_row t = *a;

    *a = *b;
    *b = t;
}

static void rows_insertion_sort(struct bz_citation_row *rows, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        struct bz_citation_row t = rows[i];
        size_t j = i;

        for (; j > 0 && row_before(&t, &rows[j - 1]); j--)
            rows[j] = rows[j - 1];
        rows[j] = t;
    }
}

static void rows_sift_down(struct bz_citation_row *rows, size_t n, size_t i)
{
    for (;;) {
        size_t top = i, left = 2 * i + 1, right = left + 1;

        if (left < n && row_before(&rows[top], &rows[left]))
            top = left;
        if (right < n && row_before(&rows[top], &rows[right]))
            top = right;
        if (top == i)
            return;
        row_swap(&rows[i], &rows[top]);
        i = top;
    }
}

static void rows_heap_sort(struct bz_citation_row *rows, size_t n)
{
    for (size_t i = n / 2; i-- > 0;)
        rows_sift_down(rows, n, i);
    for (size_t end = n; end-- > 1;) {
        row_swap(&rows[0], &rows[end]);
        rows_sift_down(rows, end, 0);
    }
}

/* Quicksort on the median of three, with the comparison inlined; past
 * depth levels the rest goes to heap sort, so that no input makes it
 * quadratic. Small parts are left for one insertion sort at the end. */
static void rows_quick_sort(struct bz_citation_row *rows, size_t n,
                            int depth)
{
    while (n > 16) {
        size_t mid = n / 2, i = 0, j = n - 1;
        struct bz_citation_row pivot;

        if (depth-- == 0) {
            rows_heap_sort(rows, n);
            return;
        }
        if (row_before(&rows[mid], &rows[0]))
            row_swap(&rows[mid], &rows[0]);
        if (row_before(&rows[n - 1], &rows[0]))
            row_swap(&rows[n - 1], &rows[0]);
        if (row_before(&rows[n - 1], &rows[mid]))
            row_swap(&rows[n - 1], &rows[mid]);
        pivot = rows[mid];
        for (;;) { /* Hoare's partition: [0, j] <= pivot <= [j + 1, n) */
            while (row_before(&rows[i], &pivot))
                i++;
            while (row_before(&pivot, &rows[j]))
                j--;
            if (i >= j)
                break;
            row_swap(&rows[i], &rows[j]);
            i++;
            j--;
        }
        /* the smaller side by recursion, the larger by the loop */
        if (j + 1 < n - (j + 1)) {
            rows_quick_sort(rows, j + 1, depth);
            rows += j + 1;
            n -= j + 1;
        } else {
            rows_quick_sort(rows + j + 1, n - (j + 1), depth);
            n = j + 1;
        }
    }
}

void bz_citation_rows_sort(struct bz_citation_row *rows, size_t n)
{
    int depth = 0;

    for (size_t m = n; m > 1; m >>= 1)
        depth += 2;
    rows_quick_sort(rows, n, depth);
    rows_insertion_sort(rows, n);
}

void bz_citation_runs_init(struct bz_citation_runs *runs)
{
    memset(runs, 0, sizeof(*runs));
    runs->fd = -1;
}

static enum bz_status runs_open(struct bz_citation_runs *runs,
                                struct bz_error *err)
{
    const char *dir = getenv("TMPDIR");
    char path[4096];
    int n;

    if (dir == NULL || dir[0] == '\0')
        dir = "/tmp";
    n = snprintf(path, sizeof(path), "%s/bzpeer-citations-XXXXXX", dir);
    if (n < 0 || (size_t)n >= sizeof(path))
        return bz_error_set(err, BZ_IO, "store: temporary directory '%s' "
                                        "is too long a path", dir);
    runs->fd = mkstemp(path);
    if (runs->fd < 0)
        return bz_error_errno(err, errno, "store: cannot make a file for "
                                          "citation rows in '%s'", dir);
    unlink(path);
    return BZ_OK;
}

static enum bz_status runs_write(struct bz_citation_runs *runs,
                                 const char *data, size_t len, off_t at,
                                 struct bz_error *err)
{
    while (len > 0) {
        ssize_t n = pwrite(runs->fd, data, len, at);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return bz_error_errno(err, n < 0 ? errno : ENOSPC,
                                  "store: cannot write citation rows");
        data += n;
        len -= (size_t)n;
        at += n;
    }
    return BZ_OK;
}

/* Appends one row to out, writing out first when it would not fit. */
static enum bz_status runs_put(struct bz_citation_runs *runs, char *out,
                               size_t *used, off_t *at,
                               const struct bz_citation_row *row,
                               struct bz_error *err)
{
    size_t scheme_len = strlen(row->scheme) + 1;
    size_t value_len = strlen(row->value) + 1;
    struct run_head head = {row->citing, (uint32_t)scheme_len,
                            (uint32_t)value_len};
    size_t need = sizeof(head) + scheme_len + value_len;
    enum bz_status status;

    if (scheme_len + value_len > BZ_CITATION_ROW_TEXT_MAX)
        return bz_error_set(err, BZ_TOO_LARGE, "store: a cited id of %zu "
                            "bytes", value_len - 1);
    if (*used + need > RUN_WRITE_BYTES) {
        if ((status = runs_write(runs, out, *used, *at, err)) != BZ_OK)
            return status;
        *at += (off_t)*used;
        *used = 0;
    }
    memcpy(out + *used, &head, sizeof(head));
    memcpy(out + *used + sizeof(head), row->scheme, scheme_len);
    memcpy(out + *used + sizeof(head) + scheme_len, row->value, value_len);
    *used += need;
    return BZ_OK;
}

enum bz_status bz_citation_runs_add(struct bz_citation_runs *runs,
                                    const struct bz_citation_row *rows,
                                    size_t n, struct bz_error *err)
{
    enum bz_status status = BZ_OK;
    off_t at = runs->size;
    size_t used = 0;
    char *out;

    if (n == 0)
        return BZ_OK;
    if (runs->count == runs->room) {
        size_t room = runs->room ? runs->room * 2 : 16;
        void *grown = realloc(runs->run, room * sizeof(*runs->run));

        if (grown == NULL)
            return bz_error_set(err, BZ_NOMEM, "store: out of memory for "
                                               "the citation runs");
        runs->run = grown;
        runs->room = room;
    }
    if (runs->fd < 0 && (status = runs_open(runs, err)) != BZ_OK)
        return status;
    if ((out = malloc(RUN_WRITE_BYTES)) == NULL)
        return bz_error_set(err, BZ_NOMEM, "store: out of memory for "
                                           "writing citation rows");
    for (size_t i = 0; status == BZ_OK && i < n; i++)
        status = runs_put(runs, out, &used, &at, &rows[i], err);
    if (status == BZ_OK && used > 0 &&
        (status = runs_write(runs, out, used, at, err)) == BZ_OK)
        at += (off_t)used;
    free(out);
    if (status != BZ_OK)
        return status; /* the next run writes over what this one left */
    runs->run[runs->count].begin = runs->size;
    runs->run[runs->count].end = at;
    runs->count++;
    runs->size = at;
    return BZ_OK;
}

/* --- the merge ------------------------------------------------------------ */

/* Where one run, or the rows in memory, is read from; row is its current
 * one, whose strings live in buf until the next read. */
struct run_cursor {
    struct bz_citation_row row;
    int fd;
    off_t pos, end;
    char *buf; /* owned */
    size_t len, at, room;
    const struct bz_citation_row *memory; /* or NULL: a run */
    size_t memory_left;
};

/* Makes the cursor's buffer hold need bytes from at; *got is 0 when the
 * run ends before them. */
static enum bz_status cursor_fill(struct run_cursor *c, size_t need,
                                  int *got, struct bz_error *err)
{
    *got = 1;
    if (c->len - c->at >= need)
        return BZ_OK;
    memmove(c->buf, c->buf + c->at, c->len - c->at);
    c->len -= c->at;
    c->at = 0;
    if (need > c->room) {
        char *grown = realloc(c->buf, need);

        if (grown == NULL)
            return bz_error_set(err, BZ_NOMEM, "store: out of memory for "
                                               "reading citation rows");
        c->buf = grown;
        c->room = need;
    }
    while (c->len < need && c->pos < c->end) {
        size_t want = c->room - c->len;
        ssize_t n;

        if ((off_t)want > c->end - c->pos)
            want = (size_t)(c->end - c->pos);
        n = pread(c->fd, c->buf + c->len, want, c->pos);
        if (n < 0 && errno == EINTR)
            continue;
        if (n == 0)
            return bz_error_set(err, BZ_IO, "store: the file of citation "
                                            "rows is damaged: cut short");
        if (n < 0)
            return bz_error_errno(err, errno, "store: cannot read citation "
                                              "rows back");
        c->len += (size_t)n;
        c->pos += n;
    }
    *got = c->len >= need;
    return BZ_OK;
}

static enum bz_status cursor_damaged(struct bz_error *err)
{
    return bz_error_set(err, BZ_IO, "store: the file of citation rows is "
                                    "damaged");
}

/* Moves to the cursor's next row; *more is 0 at its end. */
static enum bz_status cursor_next(struct run_cursor *c, int *more,
                                  struct bz_error *err)
{
    struct run_head head;
    enum bz_status status;
    size_t text;

    *more = 1;
    if (c->memory != NULL) {
        if (c->memory_left == 0)
            *more = 0;
        else {
            c->row = *c->memory++;
            c->memory_left--;
        }
        return BZ_OK;
    }
    if (c->len == c->at && c->pos == c->end) {
        *more = 0;
        return BZ_OK;
    }
    if ((status = cursor_fill(c, sizeof(head), more, err)) != BZ_OK)
        return status;
    if (!*more)
        return cursor_damaged(err);
    memcpy(&head, c->buf + c->at, sizeof(head));
    text = (size_t)head.scheme_len + head.value_len;
    if (head.scheme_len == 0 || head.value_len == 0 ||
        text > BZ_CITATION_ROW_TEXT_MAX)
        return cursor_damaged(err);
    if ((status = cursor_fill(c, sizeof(head) + text, more, err)) != BZ_OK)
        return status;
    c->row.scheme = c->buf + c->at + sizeof(head);
    c->row.value = c->row.scheme + head.scheme_len;
    if (!*more || c->row.scheme[head.scheme_len - 1] != '\0' ||
        c->row.value[head.value_len - 1] != '\0')
        return cursor_damaged(err);
    c->row.citing = head.citing;
    bz_citation_row_near(&c->row);
    c->at += sizeof(head) + text;
    return BZ_OK;
}

static int cursor_before(const struct run_cursor *a,
                         const struct run_cursor *b)
{
    return row_before(&a->row, &b->row);
}

/* Restores the heap's order below slot i. */
static void heap_down(struct run_cursor **heap, size_t n, size_t i)
{
    for (;;) {
        size_t least = i, left = 2 * i + 1, right = left + 1;
        struct run_cursor *swap;

        if (left < n && cursor_before(heap[left], heap[least]))
            least = left;
        if (right < n && cursor_before(heap[right], heap[least]))
            least = right;
        if (least == i)
            return;
        swap = heap[i];
        heap[i] = heap[least];
        heap[least] = swap;
        i = least;
    }
}

/* The rows of a batch, their strings copied into text. */
struct merge_batch {
    struct bz_citation_row row[MERGE_BATCH];
    size_t scheme_at[MERGE_BATCH], value_at[MERGE_BATCH];
    size_t n;
    char *text; /* owned */
    size_t text_len, text_room;
};

static enum bz_status batch_send(struct merge_batch *b, bz_citation_emit emit,
                                 void *arg, struct bz_error *err)
{
    enum bz_status status;

    for (size_t i = 0; i < b->n; i++) {
        b->row[i].scheme = b->text + b->scheme_at[i];
        b->row[i].value = b->text + b->value_at[i];
    }
    status = b->n ? emit(arg, b->row, b->n, err) : BZ_OK;
    b->n = 0;
    b->text_len = 0;
    return status;
}

static enum bz_status batch_add(struct merge_batch *b,
                                const struct bz_citation_row *row,
                                bz_citation_emit emit, void *arg,
                                struct bz_error *err)
{
    size_t scheme_len = strlen(row->scheme) + 1;
    size_t value_len = strlen(row->value) + 1;
    enum bz_status status;

    if (b->n == MERGE_BATCH &&
        (status = batch_send(b, emit, arg, err)) != BZ_OK)
        return status;
    if (b->text_len + scheme_len + value_len > b->text_room) {
        size_t room = 2 * (b->text_len + scheme_len + value_len);
        char *grown = realloc(b->text, room);

        if (grown == NULL)
            return bz_error_set(err, BZ_NOMEM, "store: out of memory for "
                                               "merging citation rows");
        b->text = grown;
        b->text_room = room;
    }
    b->row[b->n] = *row;
    b->scheme_at[b->n] = b->text_len;
    memcpy(b->text + b->text_len, row->scheme, scheme_len);
    b->text_len += scheme_len;
    b->value_at[b->n] = b->text_len;
    memcpy(b->text + b->text_len, row->value, value_len);
    b->text_len += value_len;
    b->n++;
    return BZ_OK;
}

/* Takes the heap's rows in order until it is empty. */
static enum bz_status merge_heap(struct run_cursor **heap, size_t n,
                                 struct merge_batch *batch,
                                 bz_citation_emit emit, void *arg,
                                 struct bz_error *err)
{
    enum bz_status status;

    for (size_t i = n / 2; i-- > 0;)
        heap_down(heap, n, i);
    while (n > 0) {
        int more;

        if ((status = batch_add(batch, &heap[0]->row, emit, arg, err)) !=
                BZ_OK ||
            (status = cursor_next(heap[0], &more, err)) != BZ_OK)
            return status;
        if (!more)
            heap[0] = heap[--n];
        heap_down(heap, n, 0);
    }
    return batch_send(batch, emit, arg, err);
}

enum bz_status bz_citation_runs_merge(const struct bz_citation_runs *runs,
                                      const struct bz_citation_row *memory,
                                      size_t memory_n, bz_citation_emit emit,
                                      void *arg, struct bz_error *err)
{
    size_t total = runs->count + 1, n = 0;
    struct run_cursor *cursor = calloc(total, sizeof(*cursor));
    struct run_cursor **heap = calloc(total, sizeof(*heap));
    struct merge_batch *batch = calloc(1, sizeof(*batch));
    enum bz_status status = BZ_OK;

    if (cursor == NULL || heap == NULL || batch == NULL) {
        status = bz_error_set(err, BZ_NOMEM, "store: out of memory for "
                                             "merging citation rows");
        goto done;
    }
    for (size_t i = 0; i < total && status == BZ_OK; i++) {
        struct run_cursor *c = &cursor[i];
        int first = 0;

        if (i == runs->count) {
            c->memory = memory;
            c->memory_left = memory_n;
            if (memory == NULL)
                continue;
        } else {
            c->fd = runs->fd;
            c->pos = runs->run[i].begin;
            c->end = runs->run[i].end;
            c->room = RUN_READ_BYTES;
            if ((c->buf = malloc(c->room)) == NULL) {
                status = bz_error_set(err, BZ_NOMEM, "store: out of memory "
                                      "for reading citation rows");
                break;
            }
        }
        status = cursor_next(c, &first, err);
        if (status == BZ_OK && first)
            heap[n++] = c;
    }
    if (status == BZ_OK)
        status = merge_heap(heap, n, batch, emit, arg, err);
done:
    for (size_t i = 0; cursor != NULL && i < total; i++)
        free(cursor[i].buf);
    if (batch != NULL)
        free(batch->text);
    free(batch);
    free(heap);
    free(cursor);
    return status;
}

void bz_citation_runs_clear(struct bz_citation_runs *runs)
{
    /* its space comes back; or, failing that, with a file of its own */
    if (runs->fd >= 0 && runs->size > 0 && ftruncate(runs->fd, 0) != 0) {
        close(runs->fd);
        runs->fd = -1;
    }
    runs->count = 0;
    runs->size = 0;
}

void bz_citation_runs_release(struct bz_citation_runs *runs)
{
    if (runs->fd >= 0)
        close(runs->fd);
    free(runs->run);
    bz_citation_runs_init(runs);
}
