/* reader.h - the contract between the import driver and each format reader.
 *
 * The driver (import.c) opens a file as a struct bz_import_input, shows its
 * first bytes to every reader's detect(), and hands the input to the first
 * reader that claims it. The reader streams through the input and gives
 * each record it makes to the driver with bz_import_work() and friends; a
 * record it cannot make is reported with bz_import_skip(). The driver
 * stores records, counts them, commits in batches and writes the report.
 *
 * Memory: a reader builds each record in bz_import_record_arena(), which
 * bz_import_record_begin() empties; nothing in it outlives the next
 * record. Records are copied by the store.
 *
 * Lines: readers report the 1-based line where a record starts (for XML,
 * the line of its element as libxml2 counts it; for a record inside one
 * JSON document, the document's line).
 */
#ifndef BZ_READER_H
#define BZ_READER_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/error.h"
#include "store/store.h"

/* How many decompressed bytes detect() is shown (fewer for short files). */
#define BZ_IMPORT_HEAD 65536

/* --- the input ----------------------------------------------------------- */

struct bz_import_input;

/* The name errors use: the path given, or "-" for standard input. */
const char *bz_input_name(const struct bz_import_input *in);

/* Reads up to n decompressed bytes into buf. Returns the count, 0 at the
 * end, or -1 on a read error (a truncated .gz, an I/O error) with err
 * filled. The head that detect() saw is read again from the start. */
long bz_input_read(struct bz_import_input *in, void *buf, size_t n,
                   struct bz_error *err);

/* Reads the next line, without its "\n" (and without a "\r" before it),
 * into line (reset first). Returns 1 for a line, 0 at the end, -1 on a read
 * error. A line longer than line->cap sets *too_long; the rest of it is
 * read and dropped, and line holds its first line->cap bytes. */
int bz_input_line(struct bz_import_input *in, struct bz_buf *line,
                  int *too_long, struct bz_error *err);

/* The number of the line bz_input_line returned last (1-based), or of the
 * line being read when only bz_input_read is used (0: unknown). */
long bz_input_line_number(const struct bz_import_input *in);

/* Sets the line number errors about the file will name (XML readers, whose
 * parser counts lines itself). */
void bz_input_set_line(struct bz_import_input *in, long line);

/* Adds the newlines in buf (n bytes just read with bz_input_read) to the
 * line number, for readers that read bytes and still report lines. */
void bz_input_count_lines(struct bz_import_input *in, const char *buf,
                          size_t n);

/* Makes an input over n bytes in memory (tests, fuzzing); the bytes must
 * outlive it. Free it with bz_input_free. NULL out of memory. */
struct bz_import_input *bz_input_memory(const char *name, const void *data,
                                        size_t n);
void bz_input_free(struct bz_import_input *in);

/* --- the context: where records go --------------------------------------- */

struct bz_import_context;

/* Empties the record arena; call before building each record. */
void bz_import_record_begin(struct bz_import_context *ctx);
struct bz_arena *bz_import_record_arena(struct bz_import_context *ctx);

/* Each gives one record to the store. A record the store refuses is
 * reported as NAME:LINE: reason and counted as skipped. Each returns 0 to
 * go on, or -1 when the run must stop (--strict met an error, or the
 * database failed): the reader then returns BZ_OK at once, reading no
 * further. */
int bz_import_work(struct bz_import_context *ctx,
                   const struct bz_work_record *record, long line);
int bz_import_researcher(struct bz_import_context *ctx,
                         const struct bz_researcher_record *record, long line);
int bz_import_institution(struct bz_import_context *ctx,
                          const struct bz_institution_record *record,
                          long line);
int bz_import_topic(struct bz_import_context *ctx,
                    const struct bz_topic_record *record, long line);
int bz_import_venue(struct bz_import_context *ctx,
                    const struct bz_venue_record *record, long line);

/* An old id that now names another record (OpenAlex's merged ids): kind is
 * 'W', 'R', 'I' or 'T'; both ids are in scheme. */
int bz_import_alias(struct bz_import_context *ctx, char kind,
                    const char *scheme, const char *old_value,
                    const char *new_value, long line);

/* Reports a record the reader could not make, with its reason; same
 * return as above. */
int bz_import_skip(struct bz_import_context *ctx, long line,
                   const char *reason);

/* 1 when the run is to stop (see above); readers that loop may ask. */
int bz_import_stopped(const struct bz_import_context *ctx);

/* --- a reader ------------------------------------------------------------ */

struct bz_reader {
    const char *name; /* "openalex", "arxiv-oai", ... (lower case) */

    /* 1 when the first bytes of the file (head, len bytes, decompressed;
     * not NUL-terminated) and its name look like this format. Must not
     * read past len. */
    int (*detect)(const char *head, size_t len, const char *name);

    /* Reads the whole input, giving each record to ctx. BZ_OK when the
     * file was read to its end or the run stopped; an error (err filled,
     * without the file name) when the file itself failed: unreadable,
     * truncated, not of this format after all. Records given before an
     * error are kept. */
    enum bz_status (*read)(struct bz_import_input *in,
                           struct bz_import_context *ctx,
                           struct bz_error *err);
};

/* The readers, each in its own reader_<source>.c; import.c lists the order
 * detection tries them in. */
extern const struct bz_reader bz_reader_openalex;
extern const struct bz_reader bz_reader_openalex_merged_ids;
extern const struct bz_reader bz_reader_arxiv_oai;      /* OAI-PMH XML */
extern const struct bz_reader bz_reader_arxiv_atom;     /* the API's Atom */
extern const struct bz_reader bz_reader_arxiv_abs;      /* legacy .abs */
extern const struct bz_reader bz_reader_arxiv_snapshot; /* JSON Lines */
extern const struct bz_reader bz_reader_crossref;
extern const struct bz_reader bz_reader_semanticscholar;
extern const struct bz_reader bz_reader_orcid_json;
extern const struct bz_reader bz_reader_orcid_xml;
extern const struct bz_reader bz_reader_dblp;
extern const struct bz_reader bz_reader_bibtex;

#endif
