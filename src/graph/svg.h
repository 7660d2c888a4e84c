/* svg.h - a laid-out slice drawn as an inline SVG map, each node a link.
 *
 * The map is an <svg role="img"> named by its <title> and <desc>
 * (aria-labelledby), with the size and font the layout measured for
 * (layout.h). Edges are <line class="edge KIND"> drawn first, wider for
 * a greater weight, those that miss the centre first and marked
 * "between"; each node is an <a href> to its page holding a
 * <title> with the full label, a <circle> and, when the layout placed
 * one, a <text> with the label as drawn. Classes name the kind
 * (researcher, work, topic, institution) and the centre, for
 * static/style.css to colour; a legend of the four kinds fills the band
 * at the bottom. Every label goes through bz_html_text, so markup in a
 * title stays text in SVG text and attributes alike.
 */
#ifndef BZ_GRAPH_SVG_H
#define BZ_GRAPH_SVG_H

#include "core/buf.h"
#include "graph/graph.h"
#include "graph/layout.h"

/* Writes the map of slice, laid out by layout (same node order), to out.
 * A slice with no nodes writes nothing. Errors show as out->failed. */
void bz_graph_svg(struct bz_buf *out, const struct bz_graph_slice *slice,
                  const struct bz_graph_layout *layout);

/* Writes the canonical path of node's page, escaped for an attribute:
 * /researchers/R12-slug, /works/W3-slug, /topics/T5, /institutions/I2
 * (the slug only when the node has one). */
void bz_graph_svg_href(struct bz_buf *out, const struct bz_graph_node *node);

/* The word for a kind: "researcher", "work", "topic", "institution", or
 * "node" for a letter that is none of them. Static. */
const char *bz_graph_svg_kind_word(enum bz_graph_kind kind);

#endif
