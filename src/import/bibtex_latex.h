/* bibtex_latex.h - the TeX inside BibTeX field values, as plain UTF-8.
 *
 * Handles what bibliographies hold: accents over a letter in all their
 * spellings ({\"a}, \"{a}, \"a, \'{\i}, \c{c}, \v s, ...), the special
 * letters (\ss \o \O \aa \AA \ae \AE \oe \OE \l \L \i \j ...), escaped
 * characters (\& \% \_ \$ \# \{ \}), ties (~), dashes (-- and ---),
 * TeX quotes (`` ''), the Greek letters of math mode, and font commands
 * (\emph{x}, {\em x}) whose text is kept. An accent with no precomposed
 * character is written as the letter and a combining mark. Grouping
 * braces and math dollars are dropped. An unknown command followed by a
 * group is dropped (its group's text stays); one that is not is written
 * as its name without the backslash (\LaTeX -> LaTeX).
 */
#ifndef BZ_BIBTEX_LATEX_H
#define BZ_BIBTEX_LATEX_H

#include <stddef.h>

#include "core/arena.h"

/* The n bytes at s (TeX, UTF-8 otherwise) as UTF-8 text, with runs of
 * white space made single spaces and no space at either end. In arena;
 * "" when nothing is left, NULL out of memory. */
char *bz_bibtex_latex_to_utf8(struct bz_arena *arena, const char *s, size_t n);

/* The n bytes at s taken literally, as DOIs, URLs and eprint ids are:
 * braces dropped, the escapes \_ \% \& \# \$ \~ undone, white space
 * removed. In arena; NULL out of memory. */
char *bz_bibtex_verbatim(struct bz_arena *arena, const char *s, size_t n);

#endif
