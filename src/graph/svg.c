/* svg.c - the research map as SVG: edges, linked nodes and a legend. */
#include "graph/svg.h"

#include <math.h>
#include <string.h>

#include "pages/html.h"

#define LEGEND_STEP 130 /* between two kinds in the legend */

/* The four kinds, in the legend's order, with their words and pages. */
static const struct kind_info {
    enum bz_graph_kind kind;
    const char *word, *plural, *heading, *base;
} kinds[] = {
    {BZ_GRAPH_RESEARCHER, "researcher", "researchers", "Researcher",
     "/researchers/"},
    {BZ_GRAPH_WORK, "work", "works", "Work", "/works/"},
    {BZ_GRAPH_TOPIC, "topic", "topics", "Topic", "/topics/"},
    {BZ_GRAPH_INSTITUTION, "institution", "institutions", "Institution",
     "/institutions/"},
};

#define KIND_COUNT (sizeof(kinds) / sizeof(kinds[0]))

/* What the program says of kind; the last entry for no known kind. */
static const struct kind_info *kind_info(enum bz_graph_kind kind)
{
    static const struct kind_info other = {0, "node", "nodes", "Node", NULL};
    size_t k;

    for (k = 0; k < KIND_COUNT; k++)
        if (kinds[k].kind == kind)
            return &kinds[k];
    return &other;
}

const char *bz_graph_svg_kind_word(enum bz_graph_kind kind)
{
    return kind_info(kind)->word;
}

void bz_graph_svg_href(struct bz_buf *out, const struct bz_graph_node *node)
{
    const char *base = kind_info(node->kind)->base;

    if (base == NULL) /* not a kind this program makes: no page */
        return;
    bz_html_raw(out, base);
    bz_buf_printf(out, "%c%lld", (char)node->kind, (long long)node->id);
    if (node->slug && *node->slug) {
        bz_html_raw(out, "-");
        bz_html_text(out, node->slug);
    }
}

/* An edge's kind as a class: only the lower-case letters of the builder's
 * own words ("coauthorship"), else no class. */
static int edge_kind_is_class(const char *kind)
{
    size_t i;

    if (kind == NULL || *kind == '\0')
        return 0;
    for (i = 0; kind[i]; i++)
        if (kind[i] < 'a' || kind[i] > 'z')
            return 0;
    return 1;
}

/* Appends name, then v with places (1 or 2) decimals, then a quote: the
 * map's numbers, written without printf, whose formatting of doubles
 * cost more than all the rest of the map. */
static void svg_number(struct bz_buf *out, const char *name, double v,
                       int places)
{
    char digits[48], *end = digits + sizeof(digits), *p = end;
    long long scaled = llround((isfinite(v) ? v : 0) * (places == 2 ? 100
                                                                    : 10));
    unsigned long long u = scaled < 0 ? 0 - (unsigned long long)scaled
                                      : (unsigned long long)scaled;
    int k;

    *--p = '"';
    for (k = 0; k < places; k++, u /= 10)
        *--p = (char)('0' + u % 10);
    *--p = '.';
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (scaled < 0)
        *--p = '-';
    bz_buf_puts(out, name);
    bz_buf_add(out, p, (size_t)(end - p));
}

static double edge_width(double weight)
{
    if (!(weight > 0)) /* also NaN */
        weight = 0;
    return 0.75 + 1.25 * (weight < 2 ? weight : 2);
}

/* Edges between two nodes other than the centre first and fainter
 * ("between"), then the centre's own on top of them. */
static void svg_edges(struct bz_buf *out, const struct bz_graph_slice *slice)
{
    size_t e;
    int pass;

    bz_html_raw(out, "<g class=\"edges\">\n");
    for (pass = 0; pass < 2; pass++)
        for (e = 0; e < slice->edge_count; e++) {
            const struct bz_graph_edge *edge = &slice->edges[e];
            const struct bz_graph_node *s, *t;
            int between = edge->source != 0 && edge->target != 0;

            if (edge->source >= slice->node_count ||
                edge->target >= slice->node_count || between != !pass)
                continue;
            s = &slice->nodes[edge->source];
            t = &slice->nodes[edge->target];
            bz_html_raw(out, "<line class=\"edge");
            if (edge_kind_is_class(edge->kind)) {
                bz_html_raw(out, " ");
                bz_html_raw(out, edge->kind);
            }
            bz_html_raw(out, between ? " between\"" : "\"");
            svg_number(out, " x1=\"", s->x, 1);
            svg_number(out, " y1=\"", s->y, 1);
            svg_number(out, " x2=\"", t->x, 1);
            svg_number(out, " y2=\"", t->y, 1);
            svg_number(out, " stroke-width=\"", edge_width(edge->weight), 2);
            bz_html_raw(out, "/>\n");
        }
    bz_html_raw(out, "</g>\n");
}

static const char *anchor_word(enum bz_graph_anchor anchor)
{
    return anchor == BZ_GRAPH_ANCHOR_START    ? "start"
           : anchor == BZ_GRAPH_ANCHOR_MIDDLE ? "middle"
                                              : "end";
}

static void svg_node(struct bz_buf *out, const struct bz_graph_node *n,
                     double radius, const struct bz_graph_label *label,
                     int centre)
{
    const struct kind_info *info = kind_info(n->kind);
    int linked = info->base != NULL;

    if (linked) {
        bz_html_raw(out, "<a href=\"");
        bz_graph_svg_href(out, n);
        bz_html_raw(out, "\"");
    } else {
        bz_html_raw(out, "<g");
    }
    bz_html_raw(out, " class=\"node ");
    bz_html_raw(out, info->word);
    bz_html_raw(out, centre ? " centre\"><title>" : "\"><title>");
    bz_html_raw(out, info->heading);
    bz_html_raw(out, ": ");
    bz_html_text(out, n->label);
    if (n->kind == BZ_GRAPH_WORK && n->year)
        bz_buf_printf(out, " (%d)", n->year);
    svg_number(out, "</title><circle cx=\"", n->x, 1);
    svg_number(out, " cy=\"", n->y, 1);
    svg_number(out, " r=\"", radius, 1);
    bz_html_raw(out, "/>");
    if (label->text) {
        svg_number(out, "<text x=\"", label->x, 1);
        svg_number(out, " y=\"", label->y, 1);
        bz_html_raw(out, " text-anchor=\"");
        bz_html_raw(out, anchor_word(label->anchor));
        bz_html_raw(out, "\">");
        bz_html_text(out, label->text);
        bz_html_raw(out, "</text>");
    }
    bz_html_raw(out, linked ? "</a>\n" : "</g>\n");
}

static void svg_legend(struct bz_buf *out)
{
    double y = BZ_GRAPH_MAP_HEIGHT - BZ_GRAPH_LEGEND_HEIGHT / 2.0;
    size_t k;

    bz_html_raw(out, "<g class=\"legend\">\n");
    for (k = 0; k < KIND_COUNT; k++) {
        double x = 12 + (double)k * LEGEND_STEP;

        bz_buf_printf(out, "<g class=\"node %s\"><circle cx=\"%.1f\" "
                           "cy=\"%.1f\" r=\"6.0\"/><text x=\"%.1f\" "
                           "y=\"%.1f\">%s</text></g>\n",
                      kinds[k].word, x + 6, y, x + 16, y + 4,
                      kinds[k].heading);
    }
    bz_buf_printf(out, "<text class=\"note\" x=\"%.1f\" y=\"%.1f\" "
                       "text-anchor=\"end\">Thicker lines: stronger ties"
                       "</text>\n</g>\n",
                  BZ_GRAPH_MAP_WIDTH - 12.0, y + 4);
}

/* How many nodes of each kind, for the description. */
static void svg_desc(struct bz_buf *out, const struct bz_graph_slice *slice)
{
    size_t counts[KIND_COUNT] = {0}, i, k;

    for (i = 1; i < slice->node_count; i++)
        for (k = 0; k < KIND_COUNT; k++)
            if (slice->nodes[i].kind == kinds[k].kind)
                counts[k]++;
    bz_html_raw(out, "<desc id=\"graph-map-desc\">");
    bz_buf_printf(out, "%zu node%s around the centre: ",
                  slice->node_count - 1, slice->node_count == 2 ? "" : "s");
    for (k = 0; k < KIND_COUNT; k++)
        bz_buf_printf(out, "%s%zu %s", k ? ", " : "", counts[k],
                      counts[k] == 1 ? kinds[k].word : kinds[k].plural);
    bz_html_raw(out, ". Each node links to its page; the list after the "
                     "map names the same nodes.</desc>\n");
}

void bz_graph_svg(struct bz_buf *out, const struct bz_graph_slice *slice,
                  const struct bz_graph_layout *layout)
{
    size_t i;

    if (slice->node_count == 0 || layout->count != slice->node_count)
        return;
    bz_buf_printf(out, "<svg class=\"graph-map\" "
                       "xmlns=\"http://www.w3.org/2000/svg\" "
                       "viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
                       "aria-labelledby=\"graph-map-title graph-map-desc\" "
                       "font-family=\"sans-serif\" font-size=\"%d\">\n"
                       "<title id=\"graph-map-title\">Research map around ",
                  layout->width, layout->height, BZ_GRAPH_FONT_SIZE);
    bz_html_text(out, slice->nodes[0].label);
    bz_html_raw(out, "</title>\n");
    svg_desc(out, slice);
    svg_edges(out, slice);
    bz_html_raw(out, "<g class=\"nodes\">\n");
    for (i = 0; i < slice->node_count; i++)
        svg_node(out, &slice->nodes[i], layout->radius[i], &layout->labels[i],
                 i == 0);
    bz_html_raw(out, "</g>\n");
    svg_legend(out);
    bz_html_raw(out, "</svg>\n");
}
