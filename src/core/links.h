/* links.h - code and dataset links found in free text (an abstract).
 *
 * A code link is an http(s) address on a code host (github.com,
 * gitlab.com, bitbucket.org, codeberg.org, sourceforge.net,
 * huggingface.co); a dataset link one on a data repository (zenodo.org,
 * figshare.com, datadryad.org, a Dataverse, kaggle.com/datasets,
 * openneuro.org/datasets, physionet.org/content, and Zenodo's DOIs,
 * doi.org/10.5281/zenodo.*). A host matches with any subdomain
 * (www.github.com, springernature.figshare.com), and the address must go
 * on past the host. A link ends at white space or a character that cannot
 * continue an address, and loses trailing punctuation (".", ",", ";",
 * ":", "!", "?", quotes, and a closing bracket without its opener).
 */
#ifndef BZ_LINKS_H
#define BZ_LINKS_H

#include <stddef.h>

#include "core/arena.h"

#define BZ_LINKS_MAX 16

enum bz_link_kind {
    BZ_LINK_OTHER,
    BZ_LINK_CODE,
    BZ_LINK_DATASET,
};

/* What the whole address url links to, by its host and path. */
enum bz_link_kind bz_links_kind(const char *url);

/* Writes up to max distinct links of kind in text, in order of
 * appearance, as arena strings into out. Returns how many. */
size_t bz_links_find(struct bz_arena *arena, const char *text,
                     enum bz_link_kind kind, const char **out, size_t max);

/* bz_links_find's code links. */
size_t bz_links_code(struct bz_arena *arena, const char *text,
                     const char **out, size_t max);

#endif
