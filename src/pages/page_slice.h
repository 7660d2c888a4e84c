/* page_slice.h - the research map section that the profile and work
 * pages share: the slice around the page's record, drawn inline as SVG
 * and listed as text.
 *
 * The section is server-rendered, so it is there with JavaScript off;
 * the text list after the map names the same nodes, grouped by kind, for
 * screen readers and for anyone who cannot see the map.
 */
#ifndef BZ_PAGE_SLICE_H
#define BZ_PAGE_SLICE_H

#include <stdint.h>

#include "core/buf.h"
#include "graph/graph.h"
#include "http/request.h"

/* How many nodes besides the centre the map of a page shows at most. */
#define BZ_PAGE_SLICE_LIMIT BZ_GRAPH_DEFAULT_LIMIT

/* Builds the slice around the record (kind, id) from req's store, lays
 * it out and writes the section to out: heading (an <h2>) and eyebrow,
 * "Open full explorer" linking to /explore?center=KIND{id}, the map and
 * the text list. topics[0..topic_count) (NULL for none), the page's own
 * topics, give the list each topic's scheme and code ("arxiv cs.LG") and
 * its number of works when known. Returns BZ_OK, or the builder's error
 * (BZ_NOT_FOUND, BZ_STORE, BZ_NOMEM) with nothing of the section
 * written. */
enum bz_status bz_page_slice(struct bz_buf *out, struct bz_request *req,
                             enum bz_graph_kind kind, int64_t id,
                             const char *heading, const char *eyebrow,
                             const struct bz_topic_ref *topics,
                             size_t topic_count, struct bz_error *err);

#endif
