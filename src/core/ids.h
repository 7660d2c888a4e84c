/* ids.h - reading the ids that name records in addresses.
 *
 * An address names a record by its own id ("R12"), its id and any slug
 * ("R12-surya-ganguli"), or an external id ("orcid:0000-0002-1825-0097",
 * "openalex:A5023888391", "doi:10.1596/1813-9450-3630", "arxiv:1810.10065").
 */
#ifndef BZ_IDS_H
#define BZ_IDS_H

#include <stdint.h>

#include "core/arena.h"
#include "core/error.h"

struct bz_id_ref {
    int64_t number;     /* the R/W/T/I number, or 0 for an external id */
    const char *slug;   /* what followed "R12-", or NULL */
    const char *scheme; /* external: "orcid", "openalex", "doi", "arxiv" */
    const char *value;  /* external: normalised value */
};

#define BZ_ID_MAX_LENGTH 512

/* Reads s as an id of the given kind ('R', 'W', 'T' or 'I').
 * BZ_INVALID with a reason for anything else: a wrong letter, no digits,
 * a number out of range, an unknown scheme, an empty value. */
enum bz_status bz_id_parse(struct bz_arena *arena, const char *s, char kind,
                           struct bz_id_ref *out, struct bz_error *err);

#endif
