/* name.h - parsing an author's name into folded given names and surname.
 *
 * A parsed name is a plain value (no pointers, nothing to free): the
 * surname folded with its particles and hyphens joined ("van der Meer" ->
 * "vandermeer", "Nguyen-Vu" -> "nguyenvu") and the given names in order,
 * each folded, a one-letter entry being an initial. Folding is that of
 * core/text.h (case and the Latin diacritics). Parsing never allocates
 * outside the call: it uses a small arena of its own that it releases.
 */
#ifndef BZ_NAME_H
#define BZ_NAME_H

#include <stddef.h>

#include "core/error.h"

#define BZ_NAME_GIVEN_MAX 6   /* given names or initials kept */
#define BZ_NAME_PART_MAX 48   /* bytes of one folded part, NUL included */
#define BZ_NAME_INPUT_MAX 512 /* longest name string accepted */

struct bz_name {
    char surname[BZ_NAME_PART_MAX * 2];              /* folded, joined */
    char given[BZ_NAME_GIVEN_MAX][BZ_NAME_PART_MAX]; /* folded, in order */
    size_t given_count;
};

/* How two parsed names relate. */
enum bz_name_match {
    BZ_NAME_CONFLICT = 0, /* different surnames or given names that clash */
    BZ_NAME_COMPATIBLE,   /* no clash, but initials or missing parts */
    BZ_NAME_EXACT         /* the same surname and the same given names */
};

/* Parses the n bytes at s ("Surya Ganguli", "Ganguli, Surya",
 * "S.Ganguli", "S. Ganguli*", "TDB Nguyen-Vu", "R.S. de Groot") into
 * *name. Equal-contribution and affiliation marks (*, †, ‡, §, ¶, #,
 * digits) and suffixes (Jr, Sr, II, III, IV) are dropped; "Last, First"
 * is read as such; runs of two or three capitals ("SE", "TDB") in a name
 * that is not all capitals are initials. Returns BZ_OK, BZ_INVALID (no
 * letters, or no surname) or BZ_TOO_LARGE (longer than BZ_NAME_INPUT_MAX
 * or a part longer than BZ_NAME_PART_MAX), with err filled. */
enum bz_status bz_name_parse(const char *s, size_t n, struct bz_name *name,
                             struct bz_error *err);

/* As bz_name_parse for a name already split into given names and family
 * name (either may be NULL or empty, not both), as S2AND and ORCID give
 * it. */
enum bz_status bz_name_parse_parts(const char *given, const char *family,
                                   struct bz_name *name, struct bz_error *err);

/* Compares two parsed names. Given names are compared in order: two full
 * forms must be equal, an initial matches a full form with that first
 * letter, a name with fewer given names is compatible with a longer one.
 * Full forms that differ only by being split ("Wen Jun" / "Wenjun",
 * "Jean-Pierre" / "Jeanpierre") are equal. */
enum bz_name_match bz_name_compare(const struct bz_name *a,
                                   const struct bz_name *b);

/* 1 when the first given name is a full form (more than an initial). */
int bz_name_has_full_given(const struct bz_name *name);

/* Writes the block key, first initial and surname ("s ganguli"; the
 * surname alone when there is no given name), into out (size bytes,
 * truncated, always NUL-terminated when size > 0). */
void bz_name_block_key(const struct bz_name *name, char *out, size_t size);

#endif
