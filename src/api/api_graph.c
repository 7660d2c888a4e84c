/* api_graph.c - /api/v1/graph: the slice of the research graph around a
 * record, as JSON in SPEC.md's shape (graph.h builds it). */
#include "api/api.h"

#include <errno.h>
#include <stdlib.h>

#include "api/json.h"
#include "graph/graph.h"

/* A parameter that must be a whole number from low to high; def when
 * absent. */
static enum bz_status api_graph_number(struct bz_request *req,
                                       const char *name, long def, long low,
                                       long high, long *out,
                                       struct bz_error *err)
{
    const char *text = bz_request_param(req, name);
    char *end;
    long n;

    *out = def;
    if (text == NULL)
        return BZ_OK;
    errno = 0;
    n = strtol(text, &end, 10);
    if (errno || end == text || *end || n < low || n > high)
        return high == low + 1
                   ? bz_error_set(err, BZ_INVALID, "%s must be %ld or %ld",
                                  name, low, high)
                   : bz_error_set(err, BZ_INVALID,
                                  "%s must be a number from %ld to %ld", name,
                                  low, high);
    *out = n;
    return BZ_OK;
}

static void api_graph_node_id(yajl_gen g, const char *key,
                              const struct bz_graph_node *n)
{
    bz_json_kv_id(g, key, (char)n->kind, n->id);
}

static void api_graph_nodes(yajl_gen g, struct bz_arena *arena,
                            const struct bz_graph_slice *slice)
{
    bz_json_key(g, "nodes");
    yajl_gen_array_open(g);
    for (size_t i = 0; i < slice->node_count; i++) {
        const struct bz_graph_node *n = &slice->nodes[i];

        yajl_gen_map_open(g);
        api_graph_node_id(g, "id", n);
        bz_json_kv_string(g, "kind", bz_graph_kind_name(n->kind));
        bz_json_kv_string(g, "label", n->label);
        bz_json_kv_string(g, "slug", n->slug);
        bz_json_kv_string(g, "url", bz_graph_node_path(arena, n));
        bz_json_kv_long(g, "depth", n->depth);
        bz_json_kv_double(g, "rank", n->rank);
        if (n->kind == BZ_GRAPH_WORK) {
            bz_json_key(g, "year");
            if (n->year)
                yajl_gen_integer(g, n->year);
            else
                yajl_gen_null(g);
        }
        yajl_gen_map_close(g);
    }
    yajl_gen_array_close(g);
}

static void api_graph_edges(yajl_gen g, const struct bz_graph_slice *slice)
{
    bz_json_key(g, "edges");
    yajl_gen_array_open(g);
    for (size_t i = 0; i < slice->edge_count; i++) {
        const struct bz_graph_edge *e = &slice->edges[i];

        yajl_gen_map_open(g);
        api_graph_node_id(g, "source", &slice->nodes[e->source]);
        api_graph_node_id(g, "target", &slice->nodes[e->target]);
        bz_json_kv_string(g, "kind", e->kind);
        bz_json_kv_double(g, "weight", e->weight);
        yajl_gen_map_close(g);
    }
    yajl_gen_array_close(g);
}

enum bz_status bz_api_graph(struct bz_request *req, struct bz_response *resp,
                            struct bz_error *err)
{
    struct bz_graph_slice slice;
    enum bz_graph_kind kind;
    long depth, limit;
    enum bz_status rc;
    int64_t id;
    yajl_gen g;

    if ((rc = api_graph_number(req, "depth", 1, 1, 2, &depth, err)) !=
            BZ_OK ||
        (rc = api_graph_number(req, "limit", BZ_GRAPH_DEFAULT_LIMIT, 1,
                               BZ_GRAPH_MAX_LIMIT, &limit, err)) != BZ_OK ||
        (rc = bz_graph_resolve(req->store, req->arena,
                               bz_request_param(req, "center"), &kind, &id,
                               err)) != BZ_OK ||
        (rc = bz_graph_slice_build(req->store, req->arena, kind, id,
                                   (int)depth, (size_t)limit, &slice,
                                   err)) != BZ_OK)
        return rc;
    /* a merged record's address leads to its survivor's, as elsewhere */
    if (kind == BZ_GRAPH_RESEARCHER && slice.nodes[0].id != id) {
        resp->location = bz_arena_printf(
            req->arena, "/api/v1/graph?center=R%lld&depth=%ld&limit=%ld",
            (long long)slice.nodes[0].id, depth, limit);
        return BZ_MOVED;
    }
    if ((g = bz_api_gen()) == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    yajl_gen_map_open(g);
    api_graph_node_id(g, "center", &slice.nodes[0]);
    bz_json_kv_long(g, "depth", depth);
    bz_json_kv_long(g, "limit", limit);
    api_graph_nodes(g, req->arena, &slice);
    api_graph_edges(g, &slice);
    yajl_gen_map_close(g);
    return bz_api_send(g, resp, err);
}
