/* arxiv_ids.h - arXiv paper identifiers and subject category codes.
 *
 * An arXiv id comes in two styles: the new one, "YYMM.NNNN" (2007-2014)
 * or "YYMM.NNNNN" (from 2015), and the old one, "archive/YYMMNNN"
 * ("hep-th/9901001"), which some sources write with a subject class
 * ("math.AG/0202001") or in capitals. Either may carry a version ("v2")
 * and a prefix ("arXiv:", "oai:arXiv.org:", "https://arxiv.org/abs/").
 * The canonical form bzpeer keeps is the id without prefix, version or
 * subject class, its archive in lower case.
 *
 * Category codes are "cs.LG", "math-ph", "cond-mat.mes-hall": an archive,
 * then, for most, a dot and a subject class. All functions take (pointer,
 * length) and never read past it.
 */
#ifndef BZ_ARXIV_IDS_H
#define BZ_ARXIV_IDS_H

#include <stddef.h>

/* Room for the longest canonical id and its NUL. */
#define BZ_ARXIV_ID_MAX 48
/* The longest category code accepted. */
#define BZ_ARXIV_CATEGORY_MAX 40

/* Parses the n bytes at s (white space around is allowed) as an arXiv id.
 * Returns 1 and writes the canonical id to out (BZ_ARXIV_ID_MAX bytes,
 * NUL-terminated) and the version to *version (0 when none; version may
 * be NULL); returns 0, leaving out empty, when s is not an arXiv id. out
 * may be the buffer s points into (an id is canonicalised in place). */
int bz_arxiv_id_parse(const char *s, size_t n, char *out, int *version);

/* 1 when the n bytes at s are a well-formed category code: an archive of
 * lower-case letters and '-', optionally a dot and a subject class of
 * letters and '-' ("cs.LG", "hep-th", "physics.acc-ph"). */
int bz_arxiv_category_valid(const char *s, size_t n);

/* The length of the archive part of a valid code: up to its dot, or all
 * of it ("hep-th" is its own archive). */
size_t bz_arxiv_category_archive_len(const char *s, size_t n);

/* 1 when a code without a dot names an archive that is not itself a
 * category one can submit to: cs, econ, eess, math, nlin, physics, q-fin,
 * stat (arXiv's taxonomy); 0 for "hep-th", "astro-ph", ... */
int bz_arxiv_archive_only(const char *s, size_t n);

#endif
