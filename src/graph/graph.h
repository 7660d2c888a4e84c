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
 * (researcher-institution, weight = works listing it, or researchers for
 * an institution's own), "citation" (citing work -> cited work),
 * "institution" (work-institution: an authorship of the work lists it).
 * All weights are 1 but those named. */
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

/* The ranking's constants (docs/graph.md): at depth 2, how many
 * researchers and works of depth 1 are expanded; a work's half-life in
 * years; the age given a work whose year is unknown. */
#define BZ_GRAPH_EXPAND 8
#define BZ_GRAPH_HALF_LIFE 4.0
#define BZ_GRAPH_UNKNOWN_AGE 8.0
/* The works of a researcher a neighbourhood reads: all of the centre's
 * (BZ_GRAPH_ALL_WORKS), the newest BZ_GRAPH_EXPAND_WORKS of one expanded
 * at depth 2, so that expanding a prolific co-author costs what an
 * ordinary one does. */
#define BZ_GRAPH_ALL_WORKS (1 << 30)
#define BZ_GRAPH_EXPAND_WORKS 20

/* Builds the slice around record id of kind: depth 1 or 2, at most limit
 * nodes (1..BZ_GRAPH_MAX_LIMIT) with the centre first, then depth 1, then
 * depth 2, each by kind (researchers, works, topics, institutions), rank
 * (higher first) and id; edges sorted by source, target and kind. A
 * merged researcher gives its survivor's slice (nodes[0] is the
 * survivor). BZ_INVALID for a bad depth or limit, BZ_NOT_FOUND for an
 * unknown record, BZ_GONE for a researcher hidden by an opt-out; store
 * errors as the store gives them. Everything lives in arena. */
enum bz_status bz_graph_slice_build(struct bz_store *store,
                                    struct bz_arena *arena,
                                    enum bz_graph_kind kind, int64_t id,
                                    int depth, size_t limit,
                                    struct bz_graph_slice *out,
                                    struct bz_error *err);

/* The record center names: "R12", "W3", "T5", "I2" (a slug may follow,
 * "R12-surya-ganguli") or an external id (orcid:, openalex:A..., W...,
 * T... or I..., doi:, arxiv:, dblp:, s2:) as the pages accept them
 * (ids.h). BZ_INVALID
 * with a reason for a missing or malformed one, BZ_NOT_FOUND when an
 * external id names nothing. Does not check that an own id exists. */
enum bz_status bz_graph_resolve(struct bz_store *store,
                                struct bz_arena *arena, const char *center,
                                enum bz_graph_kind *kind, int64_t *id,
                                struct bz_error *err);

/* The address of node's page, "/researchers/R4-surya-ganguli" (the
 * canonical one when the node has a slug), in arena; NULL when full. */
const char *bz_graph_node_path(struct bz_arena *arena,
                               const struct bz_graph_node *node);

/* "researcher", "work", "topic" or "institution"; NULL for another
 * value. */
const char *bz_graph_kind_name(enum bz_graph_kind kind);

/* A work's rank: (1 + log2(1 + citations)) * 2^(-age / half-life), age
 * the years from year to newest_year (the newest of the works ranked
 * together; BZ_GRAPH_UNKNOWN_AGE when either is unknown, 0 or less). */
double bz_graph_work_rank(long citations, int year, int newest_year);

/* What one shared work of authors authorships adds to the collaboration
 * strength of two of its authors: 1 / (authors - 1); 0 below 2. */
double bz_graph_strength_share(int authors);

#endif
