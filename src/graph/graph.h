/* graph.h - the research graph around one record: its slice.
 *
 * A slice is a small graph, built from the store for one centre (a
 * researcher, work, topic or institution) and ranked so that it stays
 * readable: the centre, then the nodes nearest to it by the rules in
 * docs/graph.md, at most limit of them. The profile and work pages draw
 * it as SVG (layout.h, svg.h), the explorer and /api/v1/graph send it as
 * JSON, so every view of the graph shows the same nodes.
 *
 * Memory: everything a slice holds lives in the arena passed to
 * bz_graph_slice_build.
 */
#ifndef BZ_GRAPH_H
#define BZ_GRAPH_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/error.h"
#include "store/store.h"

/* The kinds of node, by the letter of their ids ("R12", "W3", "T5", "I2"). */
enum bz_graph_kind {
    BZ_GRAPH_RESEARCHER = 'R',
    BZ_GRAPH_WORK = 'W',
    BZ_GRAPH_TOPIC = 'T',
    BZ_GRAPH_INSTITUTION = 'I',
};

struct bz_graph_node {
    enum bz_graph_kind kind;
    int64_t id;          /* the R, W, T or I number */
    const char *label;   /* display name or title */
    const char *slug;    /* for the canonical address; may be NULL */
    int depth;           /* 0 the centre, 1 or 2 hops from it */
    double rank;         /* the ranking rule's score; higher is nearer */
    int year;            /* works: publication year, else 0 */
    /* filled by bz_graph_layout (layout.h); 0 before */
    double x, y;
};

/* "authorship" (researcher-work), "coauthorship" (researcher-researcher,
 * weight = collaboration strength), "topic" (work-topic or
 * researcher-topic, weight = share of works), "affiliation"
 * (researcher-institution), "citation" (citing work -> cited work). */
struct bz_graph_edge {
    size_t source; /* index into nodes */
    size_t target;
    const char *kind;
    double weight;
};

struct bz_graph_slice {
    struct bz_graph_node *nodes; /* nodes[0] is the centre */
    size_t node_count;
    struct bz_graph_edge *edges;
    size_t edge_count;
};

#define BZ_GRAPH_DEFAULT_LIMIT 40
#define BZ_GRAPH_MAX_LIMIT 200

#endif
