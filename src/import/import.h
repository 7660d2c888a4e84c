/* import.h - `bzpeer import`: reading files of records into the store.
 *
 * The driver opens each file (plain or gzip, or "-" for standard input),
 * tells its format from its content, hands each record to the reader of
 * that format, and stores it through store->ops->import_work. A bad record
 * is skipped and reported as `FILE:LINE: reason`; it never leaves half of
 * itself behind. With strict set, the first error stops the run and
 * nothing of the run is kept.
 *
 * Threads: bz_import_files reads each file on a thread of its own, which
 * copies the records into batches that the calling thread stores, so that
 * parsing overlaps storing; the store is only ever used by the caller's
 * thread. bz_import_one, and an import into the null store, run on the
 * caller's thread alone.
 */
#ifndef BZ_IMPORT_H
#define BZ_IMPORT_H

#include <stddef.h>
#include <stdio.h>

#include "core/error.h"
#include "store/store.h"

/* The longest record (one JSON line, or one whole JSON document) read. */
#define BZ_IMPORT_MAX_RECORD (16u * 1024 * 1024)
/* Errors kept for the report; later ones are only counted. */
#define BZ_IMPORT_MAX_ERRORS 1000
/* Records per transaction when not strict. */
#define BZ_IMPORT_BATCH 5000

struct bz_import_options {
    int strict;   /* stop at the first error and keep nothing */
    int quiet;    /* print nothing but errors */
    int progress; /* draw a progress bar on stderr (a terminal) */
};

struct bz_import_error {
    char *file;   /* owned by the report */
    long line;    /* 1-based; 0 when the error is about the whole file */
    char *reason; /* owned by the report */
};

struct bz_import_report {
    struct bz_import_tally tally;
    long records; /* records read */
    long skipped; /* records not stored */
    long files;   /* files read */
    long files_unknown; /* files in walked folders that no reader knew */
    struct bz_import_error *errors; /* owned; the first BZ_IMPORT_MAX_ERRORS */
    size_t error_count;             /* kept in errors[] */
    long error_total;               /* all errors, kept or not */
};

/* Imports the files in order into store. Returns BZ_OK when the run is
 * done (even with skipped records, which are in the report), or an error
 * when nothing was readable or, with strict, at the first error (after
 * rolling everything back). The report is filled in both cases and must
 * be released with bz_import_report_release. */
enum bz_status bz_import_files(struct bz_store *store,
                               const char *const *paths, size_t count,
                               const struct bz_import_options *options,
                               struct bz_import_report *report,
                               struct bz_error *err);

struct bz_reader;
struct bz_import_input;

/* Runs one reader over one input (no detection) in one transaction: for
 * tests and fuzzing. With keep 0 the transaction is rolled back, so that
 * nothing stays. The report is filled as by bz_import_files. */
enum bz_status bz_import_one(struct bz_store *store,
                             const struct bz_reader *reader,
                             struct bz_import_input *input,
                             const struct bz_import_options *options,
                             int keep, struct bz_import_report *report,
                             struct bz_error *err);

void bz_import_report_release(struct bz_import_report *report);

/* SPEC.md's import report as one JSON object and a newline. */
void bz_import_report_write_json(const struct bz_import_report *report,
                                 FILE *out);

/* A summary for people: what is new and updated per entity, and the
 * number skipped. */
void bz_import_report_write_text(const struct bz_import_report *report,
                                 FILE *out);

#endif
