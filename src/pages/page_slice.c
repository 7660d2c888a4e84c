/* page_slice.c - the research map of a profile or work page, and its list. */
#include "pages/page_slice.h"

#include "graph/layout.h"
#include "graph/svg.h"
#include "pages/html.h"

/* How far from the centre the map of a page reaches: a researcher's own
 * works, co-authors, topics and institutions fill it at one step; a
 * work's authors and topics alone would leave it nearly empty, so its
 * map goes on to their works and co-authors. */
static int slice_depth(enum bz_graph_kind kind)
{
    return kind == BZ_GRAPH_WORK ? 2 : 1;
}

/* The text list's groups, in the order of the old text slice. */
static const struct {
    enum bz_graph_kind kind;
    const char *heading;
} slice_groups[] = {
    {BZ_GRAPH_WORK, "Nearby papers"},
    {BZ_GRAPH_RESEARCHER, "People"},
    {BZ_GRAPH_TOPIC, "Topics"},
    {BZ_GRAPH_INSTITUTION, "Institutions"},
};

/* What the page knows of the list's topics (bz_page_slice). */
struct slice_topics {
    const struct bz_topic_ref *refs;
    size_t count;
};

/* A topic's scheme and code, and its works when counted. */
static void slice_topic_facts(struct bz_buf *out, const struct bz_graph_node *n,
                              const struct slice_topics *t)
{
    for (size_t i = 0; i < t->count; i++) {
        const struct bz_topic_ref *r = &t->refs[i];

        if (r->id != n->id || r->scheme == NULL || r->external_id == NULL)
            continue;
        bz_html_raw(out, " <span class=\"muted\">");
        bz_html_text(out, r->scheme);
        bz_html_raw(out, " ");
        bz_html_text(out, r->external_id);
        if (r->works > 0)
            bz_buf_printf(out, ", %d work%s", r->works,
                          r->works == 1 ? "" : "s");
        bz_html_raw(out, "</span>");
        return;
    }
}

static void slice_item(struct bz_buf *out, const struct bz_graph_node *n,
                       const struct slice_topics *t)
{
    bz_html_raw(out, "<li><a href=\"");
    bz_graph_svg_href(out, n);
    bz_html_raw(out, "\">");
    bz_html_text(out, n->label);
    bz_html_raw(out, "</a>");
    if (n->kind == BZ_GRAPH_WORK && n->year)
        bz_buf_printf(out, " <span class=\"muted\">%d</span>", n->year);
    if (n->kind == BZ_GRAPH_TOPIC)
        slice_topic_facts(out, n, t);
    if (n->depth >= 2)
        bz_html_raw(out, " <span class=\"muted\">(two steps away)</span>");
    bz_html_raw(out, "</li>\n");
}

/* The nodes of the map but the centre, grouped by kind, in slice order. */
static void slice_list(struct bz_buf *out, const struct bz_graph_slice *s,
                       const struct slice_topics *t)
{
    size_t g, i, shown;

    bz_html_raw(out, "<div class=\"slice\">\n");
    for (g = 0; g < sizeof(slice_groups) / sizeof(slice_groups[0]); g++) {
        bz_html_raw(out, "<div><h3>");
        bz_html_raw(out, slice_groups[g].heading);
        bz_html_raw(out, "</h3>\n<ul>\n");
        for (i = 1, shown = 0; i < s->node_count; i++)
            if (s->nodes[i].kind == slice_groups[g].kind) {
                slice_item(out, &s->nodes[i], t);
                shown++;
            }
        if (shown == 0)
            bz_html_raw(out, "<li>None on this map.</li>\n");
        bz_html_raw(out, "</ul></div>\n");
    }
    bz_html_raw(out, "</div>\n");
}

enum bz_status bz_page_slice(struct bz_buf *out, struct bz_request *req,
                             enum bz_graph_kind kind, int64_t id,
                             const char *heading, const char *eyebrow,
                             const struct bz_topic_ref *topics,
                             size_t topic_count, struct bz_error *err)
{
    struct slice_topics t = {topics, topics ? topic_count : 0};
    struct bz_graph_slice slice;
    struct bz_graph_layout layout;
    enum bz_status rc;

    rc = bz_graph_slice_build(req->store, req->arena, kind, id,
                              slice_depth(kind), BZ_PAGE_SLICE_LIMIT, &slice,
                              err);
    if (rc != BZ_OK)
        return rc;
    if ((rc = bz_graph_layout(&slice, req->arena, &layout, err)) != BZ_OK)
        return rc;

    bz_html_raw(out, "<section class=\"card graph\">\n<h2>");
    bz_html_text(out, heading);
    bz_html_raw(out, "</h2>\n<p class=\"eyebrow\">");
    bz_html_text(out, eyebrow);
    bz_buf_printf(out, "</p>\n<p><a class=\"button\" href=\"/explore?center="
                       "%c%lld\">Open full explorer</a></p>\n",
                  (char)kind, (long long)id);
    bz_html_raw(out, "<p>Inspect adjacent work, topics, institutions and "
                     "collaborators without jumping out to a separate graph "
                     "page.</p>\n");
    bz_graph_svg(out, &slice, &layout);
    bz_html_raw(out, "<p class=\"muted\">Every node of the map, by kind "
                     "(the map shows at most ");
    bz_buf_printf(out, "%d, nearest first):</p>\n", BZ_PAGE_SLICE_LIMIT);
    slice_list(out, &slice, &t);
    bz_html_raw(out, "</section>\n");
    return BZ_OK;
}
