/* links.h - code links found in free text (an abstract).
 *
 * A code link is an http(s) address on a code host (github.com,
 * gitlab.com, bitbucket.org, codeberg.org, sourceforge.net,
 * huggingface.co). It ends at white space or a character that cannot
 * continue an address, and loses trailing punctuation (".", ",", ";",
 * ":", "!", "?", quotes, and a closing bracket without its opener).
 */
#ifndef BZ_LINKS_H
#define BZ_LINKS_H

#include <stddef.h>

#include "core/arena.h"

#define BZ_LINKS_MAX 16

/* Writes up to max distinct code links of text, in order of appearance,
 * as arena strings into out. Returns how many. */
size_t bz_links_code(struct bz_arena *arena, const char *text,
                     const char **out, size_t max);

#endif
