/* layout.h - where each node of a slice and its label go on the map.
 *
 * The map has a fixed size (BZ_GRAPH_MAP_WIDTH x BZ_GRAPH_MAP_HEIGHT, a
 * band at the bottom kept for the legend). The centre sits in the
 * middle; the nodes one hop away go around it on an ellipse, grouped by
 * kind (works, researchers, topics, institutions) and, within a kind,
 * nearest first by rank; when there are many they alternate between an
 * inner and an outer ellipse. Nodes two hops away go on a wider ellipse,
 * each near the first node it hangs from. A relaxation then pushes apart
 * any two circles closer than BZ_GRAPH_NODE_GAP, in a fixed order.
 *
 * Labels are measured with a fixed estimate per character
 * (BZ_GRAPH_CHAR_WIDTH for BZ_GRAPH_FONT_SIZE, which the SVG sets), and
 * placed one by one, the centre first, then by depth and rank: beside
 * the node on the side away from the centre, else shifted up or down,
 * above, below or on the other side; when no place is free the label is
 * cut shorter with an ellipsis and tried again, and at the shortest it is
 * left out. A placed label's box overlaps no circle and no other label,
 * and stays inside the map above the legend. The full label is the
 * caller's to show (in the SVG's <title>, and in the text list).
 *
 * Everything is computed in a fixed order from the slice alone, and the
 * coordinates are rounded to a tenth, so the same slice gives the same
 * layout, to the bit, on every run.
 */
#ifndef BZ_GRAPH_LAYOUT_H
#define BZ_GRAPH_LAYOUT_H

#include <stddef.h>

#include "core/arena.h"
#include "core/error.h"
#include "graph/graph.h"

#define BZ_GRAPH_MAP_WIDTH 960
#define BZ_GRAPH_MAP_HEIGHT 560
#define BZ_GRAPH_LEGEND_HEIGHT 28 /* the band at the bottom */
#define BZ_GRAPH_FONT_SIZE 12     /* px, sans-serif */
#define BZ_GRAPH_CHAR_WIDTH 7.0   /* the estimate for one character */
#define BZ_GRAPH_LABEL_HEIGHT 15  /* a label's box */
#define BZ_GRAPH_NODE_GAP 4       /* least room between two circles */

enum bz_graph_anchor {
    BZ_GRAPH_ANCHOR_START, /* the text begins at x */
    BZ_GRAPH_ANCHOR_MIDDLE,
    BZ_GRAPH_ANCHOR_END,
};

struct bz_graph_box {
    double x, y, width, height; /* top-left corner and size */
};

struct bz_graph_label {
    const char *text; /* as drawn, perhaps cut with "…"; NULL: left out */
    int truncated;    /* 1 when text is shorter than the node's label */
    double x, y;      /* the text's anchor point, on its baseline */
    enum bz_graph_anchor anchor;
    struct bz_graph_box box; /* the estimated box; zero when left out */
};

struct bz_graph_layout {
    double width, height;          /* the viewBox */
    double *radius;                /* per node, in slice order */
    struct bz_graph_label *labels; /* per node, in slice order */
    size_t count;                  /* the slice's node_count */
};

/* Sets x and y of every node of slice and fills layout with the radii and
 * labels, all in arena. A slice with no nodes gives an empty layout.
 * BZ_NOMEM when the arena runs out (layout is then unusable). */
enum bz_status bz_graph_layout(struct bz_graph_slice *slice,
                               struct bz_arena *arena,
                               struct bz_graph_layout *layout,
                               struct bz_error *err);

/* The estimated width of s as a label: BZ_GRAPH_CHAR_WIDTH per code
 * point, twice that for the East Asian wide ranges (Hangul, CJK, Kana,
 * full-width forms). A byte that does not begin a code point counts as
 * one. */
double bz_graph_label_width(const char *s);

/* 1 when the boxes a and b overlap (touching edges do not). */
int bz_graph_boxes_overlap(const struct bz_graph_box *a,
                           const struct bz_graph_box *b);

/* 1 when the circle (cx, cy, r) and the box overlap. */
int bz_graph_circle_box_overlap(double cx, double cy, double r,
                                const struct bz_graph_box *box);

#endif
