/* export.h - works out of the store as JSON Lines, CSV, BibTeX or RIS.
 *
 * The inverse of import: `bzpeer export` streams every work, or one
 * researcher's, in one of four formats; the pages offer BibTeX and RIS for
 * a work and for a researcher's list. Each writer appends to a capped
 * buffer (core/buf.h) and escapes for its format.
 */
#ifndef BZ_EXPORT_H
#define BZ_EXPORT_H

#include <stdint.h>
#include <stdio.h>

#include "core/buf.h"
#include "core/error.h"
#include "store/store.h"

enum bz_export_format {
    BZ_EXPORT_JSONL,
    BZ_EXPORT_CSV,
    BZ_EXPORT_BIBTEX,
    BZ_EXPORT_RIS
};

/* "jsonl", "csv", "bibtex" or "ris" (also "bib"); -1 for anything else. */
int bz_export_format_parse(const char *name, enum bz_export_format *out);

/* The MIME type of a format ("application/x-bibtex; charset=utf-8", ...). */
const char *bz_export_content_type(enum bz_export_format format);

/* What goes before the first work (CSV's header line; nothing for the
 * others). */
void bz_export_begin(struct bz_buf *out, enum bz_export_format format);

/* One work with its ids and authorships, in format. */
void bz_export_work(struct bz_buf *out, enum bz_export_format format,
                    const struct bz_work *work);

/* Streams every work (researcher_id 0) or one researcher's to out, a page
 * of works at a time. Returns BZ_OK, or the store's or the stream's
 * error. */
enum bz_status bz_export_store(struct bz_store *store, int64_t researcher_id,
                               enum bz_export_format format, FILE *out,
                               struct bz_error *err);

#endif
