/* text.h - folding names for search, slugs for addresses, UTF-8 checks.
 *
 * Folding lower-cases ASCII and maps the Latin letters with diacritics of
 * U+00C0..U+024F to their base letters (Suárez -> suarez, Ł -> l, ß -> ss);
 * any other non-ASCII code point is kept as it is. Words are runs of letters
 * and digits; everything else separates them.
 */
#ifndef BZ_TEXT_H
#define BZ_TEXT_H

#include <stddef.h>

#include "core/arena.h"

/* 1 when the n bytes at s are well-formed UTF-8 (no overlongs, no
 * surrogates, nothing past U+10FFFF), else 0. */
int bz_text_utf8_valid(const char *s, size_t n);

/* The folded words of s joined by single spaces, with one space before the
 * first and after the last (" surya ganguli "), so that a word search is a
 * substring search for " word". In the arena; NULL out of memory. */
char *bz_text_fold_words(struct bz_arena *arena, const char *s);

/* Splits the folded form of s into at most max words, each an arena
 * string, into words[]. Returns the number of words. */
size_t bz_text_split_words(struct bz_arena *arena, const char *s,
                           char **words, size_t max);

/* The slug of s: folded ASCII words joined by '-', at most max_len bytes,
 * cut at a word boundary; "" when s has no ASCII words. */
char *bz_text_slug(struct bz_arena *arena, const char *s, size_t max_len);

#endif
