/* layout.c - rings, a relaxation and label placement for a slice's map. */
#include "graph/layout.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DRAW_HEIGHT (BZ_GRAPH_MAP_HEIGHT - BZ_GRAPH_LEGEND_HEIGHT)
#define CENTRE_X (BZ_GRAPH_MAP_WIDTH / 2.0)
#define CENTRE_Y (DRAW_HEIGHT / 2.0)
#define MARGIN 2.0      /* kept free along the map's edges */
#define LABEL_GAP 4.0   /* between a circle and the label beside it */
#define LABEL_PAD 1.0   /* kept free around a label's box */
#define LABEL_SHIFT 9.0 /* how far a label beside its node moves up or down */
#define RELAX_ROUNDS 300
#define MANY_NODES 60 /* past this, smaller circles */
#define RING_SPLIT 12 /* past this many one hop away, two ellipses */

static const double PI = 3.14159265358979323846;

/* The longest label, in code points, by depth; then the shorter cuts
 * tried when a label does not fit anywhere. */
static const size_t depth_cap[] = {48, 30, 22};
static const size_t label_cuts[] = {22, 15, 10};

struct ellipse {
    double rx, ry;
};

static double round_tenth(double v)
{
    return round(v * 10.0) / 10.0;
}

static int node_depth(const struct bz_graph_slice *slice, size_t i)
{
    int d = slice->nodes[i].depth;

    if (i == 0)
        return 0;
    return d < 1 ? 1 : d > 2 ? 2 : d;
}

static int kind_order(enum bz_graph_kind kind)
{
    switch (kind) {
    case BZ_GRAPH_WORK:
        return 0;
    case BZ_GRAPH_RESEARCHER:
        return 1;
    case BZ_GRAPH_TOPIC:
        return 2;
    case BZ_GRAPH_INSTITUTION:
        return 3;
    }
    return 4;
}

/* What orders the nodes of a ring or the labels: a key, then the kind,
 * then rank (higher first), then id, then the slice index, so that the
 * order is total and qsort's is the same on every run. */
struct order {
    size_t index;
    double key;
    int kind;
    double rank;
    int64_t id;
};

static int order_compare(const void *pa, const void *pb)
{
    const struct order *a = pa, *b = pb;

    if (a->key != b->key)
        return a->key < b->key ? -1 : 1;
    if (a->kind != b->kind)
        return a->kind < b->kind ? -1 : 1;
    if (a->rank != b->rank && !isnan(a->rank) && !isnan(b->rank))
        return a->rank > b->rank ? -1 : 1;
    if (a->id != b->id)
        return a->id < b->id ? -1 : 1;
    return a->index < b->index ? -1 : a->index > b->index;
}

static void order_set(struct order *o, const struct bz_graph_slice *slice,
                      size_t i, double key, int by_kind)
{
    o->index = i;
    o->key = key;
    o->kind = by_kind ? kind_order(slice->nodes[i].kind) : 0;
    o->rank = slice->nodes[i].rank;
    o->id = slice->nodes[i].id;
}

/* The angle of node i from the centre, for a node already placed. */
static double node_angle(const struct bz_graph_slice *slice, size_t i)
{
    return atan2(slice->nodes[i].y - CENTRE_Y, slice->nodes[i].x - CENTRE_X);
}

/* Puts the count nodes of ring, in that order, evenly around the outer
 * ellipse from angle start, alternating with the inner one when split. */
static void ring_place(struct bz_graph_slice *slice, const struct order *ring,
                       size_t count, double start, struct ellipse outer,
                       struct ellipse inner, int split)
{
    size_t k;

    for (k = 0; k < count; k++) {
        struct bz_graph_node *n = &slice->nodes[ring[k].index];
        double a = start + 2 * PI * ((double)k + 0.5) / (double)count;
        struct ellipse e = split && k % 2 ? inner : outer;

        n->x = CENTRE_X + e.rx * cos(a);
        n->y = CENTRE_Y + e.ry * sin(a);
    }
}

/* The angle of the first node one hop away that an edge ties node i to,
 * or a value past every angle when there is none. */
static double parent_angle(const struct bz_graph_slice *slice, size_t i)
{
    size_t e;

    for (e = 0; e < slice->edge_count; e++) {
        size_t s = slice->edges[e].source, t = slice->edges[e].target;
        size_t other = s == i ? t : t == i ? s : slice->node_count;

        if (other < slice->node_count && other != 0 &&
            node_depth(slice, other) == 1)
            return node_angle(slice, other);
    }
    return 4 * PI;
}

static enum bz_status layout_rings(struct bz_graph_slice *slice,
                                   struct bz_arena *arena,
                                   struct bz_error *err)
{
    size_t n = slice->node_count, n1 = 0, n2 = 0, i;
    struct order *one = bz_arena_calloc(arena, n, sizeof(*one));
    struct order *two = bz_arena_calloc(arena, n, sizeof(*two));
    struct ellipse outer = {330, 200}, inner = {205, 120};
    struct ellipse far = {410, 228}, far_inner = {345, 190};

    if (one == NULL || two == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory for the map");
    slice->nodes[0].x = CENTRE_X;
    slice->nodes[0].y = CENTRE_Y;
    for (i = 1; i < n; i++)
        if (node_depth(slice, i) == 1)
            order_set(&one[n1++], slice, i, 0, 1);
        else
            n2++;
    if (n2) {
        outer = (struct ellipse){235, 140};
        inner = (struct ellipse){150, 85};
    } else if (n1 <= 6) { /* a few nodes: nearer, not lost at the edges */
        outer = (struct ellipse){220, 135};
    }
    qsort(one, n1, sizeof(*one), order_compare);
    if (n1)
        ring_place(slice, one, n1, -PI / 2, outer, inner, n1 > RING_SPLIT);

    n2 = 0;
    for (i = 1; i < n; i++)
        if (node_depth(slice, i) == 2)
            order_set(&two[n2++], slice, i, parent_angle(slice, i), 1);
    qsort(two, n2, sizeof(*two), order_compare);
    if (n2) {
        double start = two[0].key < 4 * PI ? two[0].key : -PI / 2;

        ring_place(slice, two, n2, start - PI / (double)n2, far, far_inner,
                   n2 > 2 * RING_SPLIT);
    }
    return BZ_OK;
}

static double clamp(double v, double lo, double hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

static void node_clamp(struct bz_graph_node *n, double r)
{
    n->x = clamp(n->x, MARGIN + r, BZ_GRAPH_MAP_WIDTH - MARGIN - r);
    n->y = clamp(n->y, MARGIN + r, DRAW_HEIGHT - MARGIN - r);
}

/* Pushes nodes i and j apart when their circles are closer than the gap;
 * the centre stays where it is. Returns 1 when it moved them. */
static int relax_pair(struct bz_graph_slice *slice, const double *radius,
                      size_t i, size_t j)
{
    struct bz_graph_node *a = &slice->nodes[i], *b = &slice->nodes[j];
    double dx = b->x - a->x, dy = b->y - a->y, d;
    double need = radius[i] + radius[j] + BZ_GRAPH_NODE_GAP, push;

    if (dx * dx + dy * dy >= need * need)
        return 0;
    d = sqrt(dx * dx + dy * dy);
    if (d < 1e-6) { /* on top of each other: a direction of j's own */
        dx = cos((double)j);
        dy = sin((double)j);
        d = 1;
    }
    push = need - d + 0.25; /* room for rounding to a tenth */
    dx /= d;
    dy /= d;
    if (i == 0) {
        b->x += dx * push;
        b->y += dy * push;
    } else {
        a->x -= dx * push / 2;
        a->y -= dy * push / 2;
        b->x += dx * push / 2;
        b->y += dy * push / 2;
        node_clamp(a, radius[i]);
    }
    node_clamp(b, radius[j]);
    return 1;
}

static void layout_relax(struct bz_graph_slice *slice, const double *radius)
{
    size_t n = slice->node_count, i, j;
    int round, moved = 1;

    for (round = 0; round < RELAX_ROUNDS && moved; round++) {
        moved = 0;
        for (i = 0; i < n; i++)
            for (j = i + 1; j < n; j++)
                moved |= relax_pair(slice, radius, i, j);
    }
    for (i = 0; i < n; i++) {
        slice->nodes[i].x = round_tenth(slice->nodes[i].x);
        slice->nodes[i].y = round_tenth(slice->nodes[i].y);
    }
}

/* The length of the UTF-8 sequence that begins with byte c (1 for a byte
 * that begins none). */
static size_t utf8_length(unsigned char c)
{
    if (c >= 0xF0 && c < 0xF8)
        return 4;
    if (c >= 0xE0)
        return c < 0xF0 ? 3 : 1;
    if (c >= 0xC0)
        return 2;
    return 1;
}

/* The code point at s (of length len), or 0 for a malformed one. */
static unsigned long utf8_code_point(const unsigned char *s, size_t len)
{
    unsigned long cp = len == 1 ? s[0] : s[0] & (0x7F >> len);
    size_t k;

    for (k = 1; k < len; k++) {
        if ((s[k] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (s[k] & 0x3F);
    }
    return cp;
}

static int wide_code_point(unsigned long cp)
{
    return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
           (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
           (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

/* The byte length of the code point at s, never past the string's end. */
static size_t code_point_length(const char *s)
{
    size_t len = utf8_length((unsigned char)*s), k;

    for (k = 1; k < len; k++)
        if (s[k] == '\0')
            return 1;
    return len;
}

double bz_graph_label_width(const char *s)
{
    double w = 0;

    while (s && *s) {
        size_t len = code_point_length(s);
        unsigned long cp = utf8_code_point((const unsigned char *)s, len);

        w += wide_code_point(cp) ? 2 * BZ_GRAPH_CHAR_WIDTH
                                 : BZ_GRAPH_CHAR_WIDTH;
        s += len;
    }
    return w;
}

static size_t code_point_count(const char *s)
{
    size_t n = 0;

    while (*s) {
        s += code_point_length(s);
        n++;
    }
    return n;
}

/* label cut to at most max code points, the last one an ellipsis, without
 * the spaces and punctuation the cut leaves at its end; in arena. */
static const char *label_cut(struct bz_arena *arena, const char *label,
                             size_t max)
{
    size_t bytes = 0, k, keep;
    char *out;

    for (k = 0; k + 1 < max && label[bytes]; k++)
        bytes += code_point_length(label + bytes);
    keep = bytes;
    while (keep > 0 && strchr(" ,;:.-/(", label[keep - 1]))
        keep--;
    if (keep == 0)
        keep = bytes;
    out = bz_arena_alloc(arena, keep + 4);
    if (out == NULL)
        return NULL;
    memcpy(out, label, keep);
    memcpy(out + keep, "\xE2\x80\xA6", 4); /* U+2026 and the NUL */
    return out;
}

int bz_graph_boxes_overlap(const struct bz_graph_box *a,
                           const struct bz_graph_box *b)
{
    return a->x < b->x + b->width && b->x < a->x + a->width &&
           a->y < b->y + b->height && b->y < a->y + a->height;
}

int bz_graph_circle_box_overlap(double cx, double cy, double r,
                                const struct bz_graph_box *box)
{
    double nx = clamp(cx, box->x, box->x + box->width);
    double ny = clamp(cy, box->y, box->y + box->height);

    return (cx - nx) * (cx - nx) + (cy - ny) * (cy - ny) < r * r;
}

/* 1 when box is inside the map above the legend and clear of every
 * circle and of the labels placed so far. */
static int label_fits(const struct bz_graph_slice *slice,
                      const struct bz_graph_layout *layout,
                      const struct bz_graph_box *box)
{
    struct bz_graph_box padded = {box->x - LABEL_PAD, box->y - LABEL_PAD,
                                  box->width + 2 * LABEL_PAD,
                                  box->height + 2 * LABEL_PAD};
    size_t i;

    if (box->x < MARGIN || box->y < MARGIN ||
        box->x + box->width > BZ_GRAPH_MAP_WIDTH - MARGIN ||
        box->y + box->height > DRAW_HEIGHT - MARGIN)
        return 0;
    for (i = 0; i < slice->node_count; i++) {
        const struct bz_graph_label *l = &layout->labels[i];

        if (bz_graph_circle_box_overlap(slice->nodes[i].x, slice->nodes[i].y,
                                        layout->radius[i] + LABEL_PAD,
                                        box))
            return 0;
        if (l->text && bz_graph_boxes_overlap(&l->box, &padded))
            return 0;
    }
    return 1;
}

/* The places a label may take, in the order they are tried. */
enum place {
    PLACE_OUT,      /* beside the node, away from the centre */
    PLACE_OUT_UP,   /* the same, moved up */
    PLACE_OUT_DOWN, /* the same, moved down */
    PLACE_ABOVE,
    PLACE_BELOW,
    PLACE_IN, /* beside the node, towards the centre */
    PLACE_IN_UP,
    PLACE_IN_DOWN,
    PLACE_COUNT
};

static void label_box(const struct bz_graph_node *n, double r, double w,
                      enum place place, struct bz_graph_label *l)
{
    double h = BZ_GRAPH_LABEL_HEIGHT, side = n->x >= CENTRE_X ? 1 : -1;
    double shift = 0;

    if (place >= PLACE_IN)
        side = -side;
    if (place == PLACE_OUT_UP || place == PLACE_IN_UP)
        shift = -LABEL_SHIFT;
    if (place == PLACE_OUT_DOWN || place == PLACE_IN_DOWN)
        shift = LABEL_SHIFT;
    l->box.width = w;
    l->box.height = h;
    if (place == PLACE_ABOVE || place == PLACE_BELOW) {
        l->anchor = BZ_GRAPH_ANCHOR_MIDDLE;
        l->box.x = round_tenth(n->x - w / 2);
        l->box.y = round_tenth(place == PLACE_ABOVE ? n->y - r - 2 - h
                                                    : n->y + r + 2);
        l->x = round_tenth(l->box.x + w / 2);
    } else {
        l->anchor = side > 0 ? BZ_GRAPH_ANCHOR_START : BZ_GRAPH_ANCHOR_END;
        l->box.x = round_tenth(side > 0 ? n->x + r + LABEL_GAP
                                        : n->x - r - LABEL_GAP - w);
        l->box.y = round_tenth(n->y - h / 2 + shift);
        l->x = side > 0 ? l->box.x : round_tenth(l->box.x + w);
    }
    /* the baseline that centres 12px text in the box */
    l->y = round_tenth(l->box.y + h / 2 + BZ_GRAPH_FONT_SIZE * 0.35);
}

/* The order of the places for node i: outward first; for a node above or
 * below the centre, above or below first; for the centre, below first. */
static void label_places(const struct bz_graph_slice *slice, size_t i,
                         enum place *places)
{
    static const enum place beside[PLACE_COUNT] = {
        PLACE_OUT,   PLACE_OUT_UP, PLACE_OUT_DOWN, PLACE_ABOVE,
        PLACE_BELOW, PLACE_IN,     PLACE_IN_UP,    PLACE_IN_DOWN};
    const struct bz_graph_node *n = &slice->nodes[i];
    size_t k, m = 0;
    enum place first = PLACE_COUNT;

    if (i == 0)
        first = PLACE_BELOW;
    else if (fabs(n->x - CENTRE_X) < 60)
        first = n->y < CENTRE_Y ? PLACE_ABOVE : PLACE_BELOW;
    if (first != PLACE_COUNT)
        places[m++] = first;
    for (k = 0; k < PLACE_COUNT; k++)
        if (beside[k] != first)
            places[m++] = beside[k];
}

/* Places node i's label at the first free place, cutting it shorter
 * until one is free; leaves it out when none is. */
static enum bz_status label_place(const struct bz_graph_slice *slice,
                                  struct bz_arena *arena,
                                  struct bz_graph_layout *layout, size_t i,
                                  struct bz_error *err)
{
    const char *full = slice->nodes[i].label ? slice->nodes[i].label : "";
    size_t length = code_point_count(full), k, c, p;
    size_t cuts[1 + sizeof(label_cuts) / sizeof(label_cuts[0])], ncuts = 0;
    size_t cap = depth_cap[node_depth(slice, i)];
    enum place places[PLACE_COUNT];
    struct bz_graph_label *l = &layout->labels[i];

    if (length == 0)
        return BZ_OK;
    cuts[ncuts++] = length < cap ? length : cap;
    for (k = 0; k < sizeof(label_cuts) / sizeof(label_cuts[0]); k++)
        if (label_cuts[k] < cuts[ncuts - 1])
            cuts[ncuts++] = label_cuts[k];
    label_places(slice, i, places);

    for (c = 0; c < ncuts; c++) {
        const char *text = cuts[c] >= length
                               ? full
                               : label_cut(arena, full, cuts[c]);
        double w;

        if (text == NULL)
            return bz_error_set(err, BZ_NOMEM, "out of memory for a label");
        w = bz_graph_label_width(text);
        for (p = 0; p < PLACE_COUNT; p++) {
            struct bz_graph_label candidate = {0};

            label_box(&slice->nodes[i], layout->radius[i], w, places[p],
                      &candidate);
            if (label_fits(slice, layout, &candidate.box)) {
                candidate.text = text;
                candidate.truncated = text != full;
                *l = candidate;
                return BZ_OK;
            }
        }
    }
    return BZ_OK;
}

static enum bz_status layout_labels(const struct bz_graph_slice *slice,
                                    struct bz_arena *arena,
                                    struct bz_graph_layout *layout,
                                    struct bz_error *err)
{
    size_t n = slice->node_count, i;
    struct order *order = bz_arena_calloc(arena, n, sizeof(*order));
    enum bz_status rc;

    if (order == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory for the map");
    for (i = 0; i < n; i++)
        order_set(&order[i], slice, i, node_depth(slice, i), 0);
    qsort(order, n, sizeof(*order), order_compare);
    for (i = 0; i < n; i++)
        if ((rc = label_place(slice, arena, layout, order[i].index, err)))
            return rc;
    return BZ_OK;
}

enum bz_status bz_graph_layout(struct bz_graph_slice *slice,
                               struct bz_arena *arena,
                               struct bz_graph_layout *layout,
                               struct bz_error *err)
{
    size_t n = slice->node_count, i;
    int many = n > MANY_NODES;
    enum bz_status rc;

    memset(layout, 0, sizeof(*layout));
    layout->width = BZ_GRAPH_MAP_WIDTH;
    layout->height = BZ_GRAPH_MAP_HEIGHT;
    if (n == 0)
        return BZ_OK;
    layout->radius = bz_arena_calloc(arena, n, sizeof(*layout->radius));
    layout->labels = bz_arena_calloc(arena, n, sizeof(*layout->labels));
    if (layout->radius == NULL || layout->labels == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory for the map");
    layout->count = n;
    for (i = 0; i < n; i++) {
        int d = node_depth(slice, i);

        layout->radius[i] = d == 0 ? 14 : d == 1 ? (many ? 5 : 8)
                                                 : (many ? 4 : 6);
    }
    if ((rc = layout_rings(slice, arena, err)) != BZ_OK)
        return rc;
    layout_relax(slice, layout->radius);
    return layout_labels(slice, arena, layout, err);
}
