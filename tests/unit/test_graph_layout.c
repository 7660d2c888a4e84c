/* test_graph_layout.c - the map's layout and its SVG, on hand-made slices. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/text.h"
#include "graph/layout.h"
#include "graph/svg.h"

#define DRAW_HEIGHT (BZ_GRAPH_MAP_HEIGHT - BZ_GRAPH_LEGEND_HEIGHT)

static const char *const long_titles[] = {
    "Statistical mechanics of low-rank tensor decomposition",
    "Two Routes to Scalable Credit Assignment without Weight Symmetry",
    "Predictive coding in balanced neural networks with noise, chaos and "
    "delays",
    "Understanding Self-supervised Learning with Dual Deep Networks",
    "Lottery Tickets on a Data Diet: Finding Initializations with Sparse "
    "Trainable Networks",
    "How many degrees of freedom do we need to train deep networks: a loss "
    "landscape perspective",
};

/* A slice like the builder's: the centre R1, then count - 1 nodes of
 * every kind in turn, the first `one_hop` of them one hop away and the
 * rest two, each tied to the centre or to a node one hop away. */
static struct bz_graph_slice make_slice(struct bz_arena *a, size_t count,
                                        size_t one_hop)
{
    static const enum bz_graph_kind kinds[] = {
        BZ_GRAPH_RESEARCHER, BZ_GRAPH_WORK, BZ_GRAPH_RESEARCHER,
        BZ_GRAPH_TOPIC, BZ_GRAPH_INSTITUTION, BZ_GRAPH_WORK};
    struct bz_graph_slice s = {0};
    size_t i;

    s.nodes = bz_arena_calloc(a, count, sizeof(*s.nodes));
    s.edges = bz_arena_calloc(a, count, sizeof(*s.edges));
    assert_non_null(s.nodes);
    assert_non_null(s.edges);
    s.node_count = count;
    s.nodes[0] = (struct bz_graph_node){.kind = BZ_GRAPH_RESEARCHER,
                                        .id = 1,
                                        .label = "Surya Ganguli",
                                        .slug = "surya-ganguli"};
    for (i = 1; i < count; i++) {
        struct bz_graph_node *n = &s.nodes[i];

        n->kind = kinds[i % 6];
        n->id = (int64_t)i + 1;
        n->depth = i <= one_hop ? 1 : 2;
        n->rank = 1.0 / (double)i;
        if (n->kind == BZ_GRAPH_WORK) {
            n->label = long_titles[i % 6];
            n->year = 2000 + (int)i;
        } else {
            n->label = bz_arena_printf(a, "%s number %zu",
                                       bz_graph_svg_kind_word(n->kind), i);
        }
        s.edges[s.edge_count++] = (struct bz_graph_edge){
            .source = n->depth == 1 ? 0 : 1 + (i % one_hop),
            .target = i,
            .kind = "authorship",
            .weight = (double)(i % 4) / 2};
    }
    return s;
}

/* No two circles overlap, every circle is inside the map above the
 * legend, and every label placed is clear of all circles and labels. */
static void assert_no_overlaps(const struct bz_graph_slice *s,
                               const struct bz_graph_layout *l)
{
    size_t i, j;

    assert_int_equal(l->count, s->node_count);
    for (i = 0; i < s->node_count; i++) {
        const struct bz_graph_node *a = &s->nodes[i];
        const struct bz_graph_label *la = &l->labels[i];

        assert_true(a->x - l->radius[i] >= 0);
        assert_true(a->x + l->radius[i] <= BZ_GRAPH_MAP_WIDTH);
        assert_true(a->y - l->radius[i] >= 0);
        assert_true(a->y + l->radius[i] <= DRAW_HEIGHT);
        for (j = i + 1; j < s->node_count; j++) {
            const struct bz_graph_node *b = &s->nodes[j];

            if (hypot(a->x - b->x, a->y - b->y) <
                l->radius[i] + l->radius[j])
                fail_msg("circles %zu and %zu overlap", i, j);
        }
        if (la->text == NULL)
            continue;
        assert_true(la->box.x >= 0 && la->box.y >= 0);
        assert_true(la->box.x + la->box.width <= BZ_GRAPH_MAP_WIDTH);
        assert_true(la->box.y + la->box.height <= DRAW_HEIGHT);
        assert_true(fabs(la->box.width - bz_graph_label_width(la->text)) <
                    1e-9);
        for (j = 0; j < s->node_count; j++) {
            if (bz_graph_circle_box_overlap(s->nodes[j].x, s->nodes[j].y,
                                            l->radius[j], &la->box))
                fail_msg("label %zu covers circle %zu", i, j);
            if (j != i && l->labels[j].text &&
                bz_graph_boxes_overlap(&la->box, &l->labels[j].box))
                fail_msg("labels %zu and %zu overlap", i, j);
        }
    }
}

/* A cut label is a prefix of the full one, ends in an ellipsis, and is
 * well-formed UTF-8; an uncut one is the label itself. */
static void assert_labels_are_prefixes(const struct bz_graph_slice *s,
                                       const struct bz_graph_layout *l)
{
    size_t i;

    for (i = 0; i < s->node_count; i++) {
        const char *t = l->labels[i].text, *full = s->nodes[i].label;
        size_t n;

        if (t == NULL)
            continue;
        assert_true(bz_text_utf8_valid(t, strlen(t)));
        if (!l->labels[i].truncated) {
            assert_string_equal(t, full);
            continue;
        }
        n = strlen(t);
        assert_true(n > 3);
        assert_memory_equal(t + n - 3, "\xE2\x80\xA6", 3);
        assert_memory_equal(t, full, n - 3);
        assert_true(strlen(full) > n - 3);
    }
}

static size_t labels_placed(const struct bz_graph_layout *l)
{
    size_t i, n = 0;

    for (i = 0; i < l->count; i++)
        n += l->labels[i].text != NULL;
    return n;
}

static void layout_ok(struct bz_graph_slice *s, struct bz_arena *a,
                      struct bz_graph_layout *l)
{
    struct bz_error err;

    assert_int_equal(bz_graph_layout(s, a, l, &err), BZ_OK);
    assert_no_overlaps(s, l);
    assert_labels_are_prefixes(s, l);
}

static void test_forty_nodes_one_hop_do_not_overlap(void **state)
{
    struct bz_arena a;
    struct bz_graph_slice s;
    struct bz_graph_layout l;

    (void)state;
    bz_arena_init(&a, 0);
    s = make_slice(&a, 40, 39);
    layout_ok(&s, &a, &l);
    assert_float_equal(s.nodes[0].x, BZ_GRAPH_MAP_WIDTH / 2.0, 1e-9);
    assert_non_null(l.labels[0].text); /* the centre is labelled first */
    assert_string_equal(l.labels[0].text, "Surya Ganguli");
    /* most labels find a place, cut or not */
    assert_true(labels_placed(&l) >= 30);
    bz_arena_release(&a);
}

static void test_two_hops_and_two_hundred_nodes_do_not_overlap(void **state)
{
    static const size_t sizes[][2] = {{2, 1}, {3, 2}, {12, 5}, {25, 8},
                                      {40, 12}, {41, 40}, {80, 30},
                                      {200, 60}, {200, 199}};
    size_t k;

    (void)state;
    for (k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
        struct bz_arena a;
        struct bz_graph_slice s;
        struct bz_graph_layout l;

        bz_arena_init(&a, 0);
        s = make_slice(&a, sizes[k][0], sizes[k][1]);
        layout_ok(&s, &a, &l);
        bz_arena_release(&a);
    }
}

static void test_a_small_slice_shows_every_label_whole(void **state)
{
    struct bz_arena a;
    struct bz_graph_slice s;
    struct bz_graph_layout l;
    size_t i;

    (void)state;
    bz_arena_init(&a, 0);
    s = make_slice(&a, 8, 7);
    for (i = 1; i < s.node_count; i++)
        s.nodes[i].label = bz_arena_printf(&a, "Node %zu", i);
    layout_ok(&s, &a, &l);
    for (i = 0; i < s.node_count; i++) {
        assert_non_null(l.labels[i].text);
        assert_false(l.labels[i].truncated);
    }
    bz_arena_release(&a);
}

static void test_long_and_wide_labels_are_cut_on_code_points(void **state)
{
    struct bz_arena a;
    struct bz_graph_slice s;
    struct bz_graph_layout l;
    size_t i;

    (void)state;
    bz_arena_init(&a, 0);
    s = make_slice(&a, 30, 29);
    for (i = 1; i < s.node_count; i++)
        s.nodes[i].label = i % 2 ? "統計力学によるテンソル分解の"
                                   "理論と大規模なニューラル"
                                   "ネットワークの学習"
                                 : "Émilie Suárez-Łukasiewicz-Þórðardóttir "
                                   "de la Peña y Müller";
    s.nodes[3].label = NULL; /* no label: nothing drawn, nothing broken */
    s.nodes[4].label = "";
    layout_ok(&s, &a, &l);
    assert_null(l.labels[3].text);
    assert_null(l.labels[4].text);
    assert_true(labels_placed(&l) > 0);
    for (i = 0; i < s.node_count; i++)
        if (l.labels[i].text)
            assert_true(l.labels[i].box.width <= 30 * 2 *
                                                     BZ_GRAPH_CHAR_WIDTH);
    assert_float_equal(bz_graph_label_width("ab"), 2 * BZ_GRAPH_CHAR_WIDTH,
                       1e-9);
    assert_float_equal(bz_graph_label_width("統計"), 4 * BZ_GRAPH_CHAR_WIDTH,
                       1e-9);
    assert_float_equal(bz_graph_label_width("é\xE2\x80\xA6"),
                       2 * BZ_GRAPH_CHAR_WIDTH, 1e-9);
    assert_float_equal(bz_graph_label_width("\xC3"), BZ_GRAPH_CHAR_WIDTH,
                       1e-9);
    bz_arena_release(&a);
}

/* A slice, its layout and its SVG, for the tests of the drawing. */
struct drawing {
    struct bz_arena arena;
    struct bz_graph_slice slice;
    struct bz_graph_layout layout;
    struct bz_buf svg;
};

static void drawing_begin(struct drawing *d, size_t count, size_t one_hop)
{
    bz_arena_init(&d->arena, 0);
    bz_buf_init(&d->svg, 0);
    d->slice = make_slice(&d->arena, count, one_hop);
}

/* Lays the slice out, checks the layout and draws it; returns the SVG. */
static const char *drawing_draw(struct drawing *d)
{
    layout_ok(&d->slice, &d->arena, &d->layout);
    bz_graph_svg(&d->svg, &d->slice, &d->layout);
    assert_false(d->svg.failed);
    return d->svg.data ? d->svg.data : "";
}

static void drawing_end(struct drawing *d)
{
    bz_buf_release(&d->svg);
    bz_arena_release(&d->arena);
}

static void test_same_slice_same_bytes(void **state)
{
    struct drawing one, two, other;

    (void)state;
    drawing_begin(&one, 40, 25);
    drawing_begin(&two, 40, 25);
    drawing_begin(&other, 40, 39);
    drawing_draw(&one);
    drawing_draw(&two);
    drawing_draw(&other);
    assert_int_equal(one.svg.len, two.svg.len);
    assert_memory_equal(one.svg.data, two.svg.data, one.svg.len);
    assert_true(other.svg.len != one.svg.len ||
                memcmp(other.svg.data, one.svg.data, one.svg.len) != 0);
    drawing_end(&one);
    drawing_end(&two);
    drawing_end(&other);
}

static size_t occurrences(const char *s, const char *what)
{
    size_t n = 0;

    while ((s = strstr(s, what)) != NULL) {
        n++;
        s += strlen(what);
    }
    return n;
}

static void test_svg_links_every_node_with_a_legend(void **state)
{
    struct drawing d;
    const char *svg;

    (void)state;
    drawing_begin(&d, 5, 4);
    d.slice.nodes[1].slug = "two-routes";
    svg = drawing_draw(&d);
    assert_non_null(strstr(svg, "<svg class=\"graph-map\""));
    assert_non_null(strstr(svg, "viewBox=\"0 0 960 560\" role=\"img\" "
                                "aria-labelledby=\"graph-map-title "
                                "graph-map-desc\""));
    assert_non_null(strstr(svg, "<title id=\"graph-map-title\">Research "
                                "map around Surya Ganguli</title>"));
    assert_non_null(strstr(svg, "<desc id=\"graph-map-desc\">4 nodes "
                                "around the centre: 1 researcher, 1 work,"
                                " 1 topic, 1 institution."));
    assert_non_null(strstr(svg, "<a href=\"/researchers/R1-surya-ganguli\""
                                " class=\"node researcher centre\">"));
    assert_non_null(strstr(svg, "<a href=\"/works/W2-two-routes\" "
                                "class=\"node work\">"));
    assert_non_null(strstr(svg, "<a href=\"/researchers/R3\""));
    assert_non_null(strstr(svg, "<a href=\"/topics/T4\""));
    assert_non_null(strstr(svg, "<a href=\"/institutions/I5\""));
    assert_int_equal(occurrences(svg, "<a href="), 5);
    assert_non_null(strstr(svg, "<title>Work: Two Routes to Scalable "
                                "Credit Assignment without Weight "
                                "Symmetry (2001)</title>"));
    assert_non_null(strstr(svg, "<g class=\"legend\">"));
    assert_non_null(strstr(svg, ">Researcher</text>"));
    assert_non_null(strstr(svg, ">Work</text>"));
    assert_non_null(strstr(svg, ">Topic</text>"));
    assert_non_null(strstr(svg, ">Institution</text>"));
    assert_int_equal(occurrences(svg, "<line class=\"edge authorship\""), 4);
    assert_string_equal(svg + d.svg.len - 7, "</svg>\n");
    drawing_end(&d);
}

static void test_edge_width_follows_weight(void **state)
{
    struct drawing d;
    struct bz_graph_edge *e;
    const char *svg;

    (void)state;
    drawing_begin(&d, 6, 5);
    e = d.slice.edges;
    e[0].weight = 0;
    e[1].weight = 1;
    e[2].weight = 9;
    e[3].weight = NAN;
    e[3].kind = "co\"authorship"; /* not a class: left out */
    e[4].target = 99;             /* no such node: not drawn */
    e[1].source = 2;              /* misses the centre: fainter, first */
    svg = drawing_draw(&d);
    assert_non_null(strstr(svg, "<g class=\"edges\">\n<line class=\"edge "
                                "authorship between\""));
    assert_int_equal(occurrences(svg, " between\""), 1);
    assert_int_equal(occurrences(svg, "<line "), 4);
    assert_int_equal(occurrences(svg, "stroke-width=\"0.75\""), 2);
    assert_int_equal(occurrences(svg, "stroke-width=\"2.00\""), 1);
    assert_int_equal(occurrences(svg, "stroke-width=\"3.25\""), 1);
    assert_int_equal(occurrences(svg, "<line class=\"edge\""), 1);
    assert_null(strstr(svg, "co\"authorship"));
    drawing_end(&d);
}

static void test_svg_escapes_hostile_labels_and_slugs(void **state)
{
    struct drawing d;
    struct bz_graph_node *n;
    const char *svg;

    (void)state;
    drawing_begin(&d, 4, 3);
    n = d.slice.nodes;
    n[0].label = "Eve <img src=x onerror=alert(1)>";
    n[1].label = "<script>alert(1)</script> & \"quotes\" 'q'";
    n[2].slug = "x\" onmouseover=\"alert(1)";
    svg = drawing_draw(&d);
    assert_non_null(d.layout.labels[1].text);
    assert_null(strstr(svg, "<script"));
    assert_null(strstr(svg, "<img"));
    assert_null(strstr(svg, "\"quotes"));
    assert_null(strstr(svg, "'q'"));
    assert_null(strstr(svg, "\" onmouseover"));
    assert_non_null(strstr(svg, "Research map around Eve &lt;img src=x "
                                "onerror=alert(1)&gt;</title>"));
    assert_non_null(strstr(svg, "<title>Work: &lt;script&gt;alert(1)&lt;"
                                "/script&gt; &amp; &quot;quotes&quot; "
                                "&#39;q&#39; (2001)</title>"));
    assert_non_null(strstr(svg, "href=\"/researchers/R3-x&quot; "
                                "onmouseover=&quot;alert(1)\""));
    /* the drawn label is escaped too, cut or whole */
    assert_non_null(strstr(svg, "\">&lt;script&gt;alert(1)"));
    drawing_end(&d);
}

static void test_empty_slice_draws_nothing(void **state)
{
    struct drawing d;
    struct bz_graph_slice empty = {0};
    struct bz_error err;

    (void)state;
    drawing_begin(&d, 1, 1); /* the centre alone */
    assert_int_equal(bz_graph_layout(&empty, &d.arena, &d.layout, &err),
                     BZ_OK);
    assert_int_equal(d.layout.count, 0);
    bz_graph_svg(&d.svg, &empty, &d.layout);
    assert_int_equal(d.svg.len, 0);
    assert_non_null(strstr(drawing_draw(&d), "0 nodes around the centre"));
    drawing_end(&d);
}

static void test_layout_reports_an_arena_out_of_room(void **state)
{
    struct bz_arena big, small;
    struct bz_graph_slice s;
    struct bz_graph_layout l;
    struct bz_error err;

    (void)state;
    bz_arena_init(&big, 0);
    bz_arena_init(&small, 64);
    s = make_slice(&big, 40, 39);
    assert_int_equal(bz_graph_layout(&s, &small, &l, &err), BZ_NOMEM);
    bz_arena_release(&small);
    bz_arena_release(&big);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_forty_nodes_one_hop_do_not_overlap),
        cmocka_unit_test(test_two_hops_and_two_hundred_nodes_do_not_overlap),
        cmocka_unit_test(test_a_small_slice_shows_every_label_whole),
        cmocka_unit_test(test_long_and_wide_labels_are_cut_on_code_points),
        cmocka_unit_test(test_same_slice_same_bytes),
        cmocka_unit_test(test_svg_links_every_node_with_a_legend),
        cmocka_unit_test(test_edge_width_follows_weight),
        cmocka_unit_test(test_svg_escapes_hostile_labels_and_slugs),
        cmocka_unit_test(test_empty_slice_draws_nothing),
        cmocka_unit_test(test_layout_reports_an_arena_out_of_room),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
