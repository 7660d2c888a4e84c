/* citation_runs.h - citation index rows spilled to a temporary file in
 * sorted runs, and the merge that gives them back in one order.
 *
 * An import keeps its citation rows back across commits and writes them
 * into the index at its end (store_sql.c). Past a few megabytes the rows
 * kept are sorted and written out here as one run; at the end the runs and
 * the rows still in memory are merged, so that the index is visited once,
 * in its order, whatever the size of the import. Every row passed in has
 * been committed already (its work exists): losing the file loses nothing
 * that citation_pending cannot mend.
 *
 * The file is made with mkstemp in $TMPDIR (else /tmp) and unlinked at
 * once, so that it goes with the process. No SQL here.
 */
#ifndef BZ_CITATION_RUNS_H
#define BZ_CITATION_RUNS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "core/error.h"

/* One row of the citation index: the cited id and the citing work, with
 * where the row goes in the index, near enough (bz_citation_row_near). */
struct bz_citation_row {
    uint64_t near[2];
    const char *scheme, *value; /* NUL-terminated; not owned */
    int64_t citing;
};

/* Sets row->near from its scheme and value: the scheme's first two bytes
 * and the value's first fourteen, as two numbers (a string's bytes
 * big-endian compare as the string does). Sorted by them, rows visit the
 * index's pages in its order without comparing strings. */
void bz_citation_row_near(struct bz_citation_row *row);

/* qsort's comparison: by near, then by citing work. */
int bz_citation_row_order(const void *a, const void *b);

/* Sorts rows in bz_citation_row_order, in place, in O(n log n) whatever
 * the input (qsort's order, three times as fast: its comparison is
 * inlined and nothing is allocated). */
void bz_citation_rows_sort(struct bz_citation_row *rows, size_t n);

/* A row's encoded size at most: scheme and value together, NULs
 * included. Longer rows are refused by bz_citation_runs_add. */
#define BZ_CITATION_ROW_TEXT_MAX 65536

struct bz_citation_run {
    off_t begin, end; /* bytes of the file */
};

struct bz_citation_runs {
    int fd;                      /* -1 until the first run */
    struct bz_citation_run *run; /* owned */
    size_t count, room;
    off_t size; /* bytes written */
};

void bz_citation_runs_init(struct bz_citation_runs *runs);

/* Writes rows[0..n), sorted by bz_citation_row_order, as one run, making
 * the file at the first. On failure (BZ_IO: the file could not be made or
 * written; BZ_TOO_LARGE: a row past BZ_CITATION_ROW_TEXT_MAX; BZ_NOMEM)
 * the runs written before stay and this one is not one of them. */
enum bz_status bz_citation_runs_add(struct bz_citation_runs *runs,
                                    const struct bz_citation_row *rows,
                                    size_t n, struct bz_error *err);

/* Receives the merged rows, a batch at a time; the rows and their strings
 * live until it returns. A status other than BZ_OK stops the merge. */
typedef enum bz_status (*bz_citation_emit)(void *arg,
                                           const struct bz_citation_row *rows,
                                           size_t n, struct bz_error *err);

/* Merges every run and memory[0..memory_n) (sorted by
 * bz_citation_row_order, near set) into one order, passing them to emit in
 * batches. Returns BZ_OK, emit's status, BZ_IO when the file cannot be
 * read or a run is cut short, or BZ_NOMEM. The runs stay: clear them. */
enum bz_status bz_citation_runs_merge(const struct bz_citation_runs *runs,
                                      const struct bz_citation_row *memory,
                                      size_t memory_n, bz_citation_emit emit,
                                      void *arg, struct bz_error *err);

/* Forgets every run and empties the file (kept open for the next). */
void bz_citation_runs_clear(struct bz_citation_runs *runs);

/* Closes the file and frees what runs owns. */
void bz_citation_runs_release(struct bz_citation_runs *runs);

#endif
