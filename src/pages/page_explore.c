/* page_explore.c - the full explorer's page: the graph around a centre,
 * its filters and search as a form, and the nodes as a text list. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ids.h"
#include "core/text.h"
#include "graph/graph.h"
#include "http/static.h"
#include "pages/html.h"
#include "pages/pages.h"

/* What the address may ask for: expanded nodes, a search's length. */
#define EXPLORE_MAX_EXPAND 20
#define EXPLORE_MAX_QUERY 200
#define EXPLORE_MIN_YEAR 1000
#define EXPLORE_MAX_YEAR 2999

/* The graph library, from npm, embedded at build time (CMakeLists.txt). */
#define EXPLORE_LIBRARY "vendor/cytoscape.min.js"

struct explore_node_ref {
    char kind; /* 'R', 'W', 'T' or 'I' */
    int64_t id;
};

/* The view an address names: ?center=&expand=&kinds=&from=&to=&q= */
struct explore_view {
    struct explore_node_ref center;
    struct explore_node_ref expand[EXPLORE_MAX_EXPAND];
    size_t expand_count;
    unsigned kinds;   /* bit per kind (explore_kinds[]); all when absent */
    int from, to;     /* years, 0 when open */
    const char *q;    /* "" when none */
    const char *fold; /* q folded, without the outer spaces */
};

static const struct {
    char letter;
    const char *name;   /* as in the address and the graph JSON */
    const char *plural; /* as a heading */
} explore_kinds[] = {
    {'R', "researcher", "People"},
    {'W', "work", "Papers"},
    {'T', "topic", "Topics"},
    {'I', "institution", "Institutions"},
};

#define EXPLORE_KIND_COUNT (sizeof(explore_kinds) / sizeof(explore_kinds[0]))
#define EXPLORE_ALL_KINDS ((1u << EXPLORE_KIND_COUNT) - 1)

static int explore_kind_index(char letter)
{
    size_t i;

    for (i = 0; i < EXPLORE_KIND_COUNT; i++)
        if (explore_kinds[i].letter == letter)
            return (int)i;
    return -1;
}

/* --- reading the address -------------------------------------------------- */

/* An own id of any kind ("R12"): its letter and number. */
static enum bz_status explore_own_id(struct bz_request *req, const char *s,
                                     const char *what,
                                     struct explore_node_ref *out,
                                     struct bz_error *err)
{
    struct bz_id_ref ref;

    if (s[0] == '\0' || explore_kind_index(s[0]) < 0 ||
        bz_id_parse(req->arena, s, s[0], &ref, err) != BZ_OK ||
        ref.scheme != NULL || ref.slug != NULL)
        return bz_error_set(err, BZ_INVALID,
                            "'%s' takes an id such as R12, "
                            "W3, T5 or I2: '%.80s' is not one",
                            what, s);
    out->kind = s[0];
    out->id = ref.number;
    return BZ_OK;
}

/* The items of every parameter called name, each a comma-separated list
 * ("?kinds=work,topic&kinds=institution"): at most max of them into
 * items[] (arena strings), their number in *count; *present is whether
 * the parameter was there at all. BZ_INVALID past max. */
static enum bz_status explore_items(struct bz_request *req, const char *name,
                                    const char **items, size_t max,
                                    size_t *count, int *present,
                                    struct bz_error *err)
{
    const char *values[EXPLORE_MAX_EXPAND];
    size_t n = bz_request_param_all(req, name, values, EXPLORE_MAX_EXPAND), i;

    *count = 0;
    *present = n > 0;
    if (n > EXPLORE_MAX_EXPAND)
        return bz_error_set(err, BZ_INVALID, "'%s' is repeated too often",
                            name);
    for (i = 0; i < n; i++) {
        char *list = bz_arena_strdup(req->arena, values[i]), *save = NULL;

        if (list == NULL)
            return bz_error_set(err, BZ_NOMEM, "out of memory");
        for (char *s = strtok_r(list, ",", &save); s;
             s = strtok_r(NULL, ",", &save)) {
            if (*count == max)
                return bz_error_set(err, BZ_INVALID,
                                    "'%s' takes at most "
                                    "%zu items",
                                    name, max);
            items[(*count)++] = s;
        }
    }
    return BZ_OK;
}

/* "expand": the ids of the expanded nodes, in order. */
static enum bz_status explore_read_expand(struct bz_request *req,
                                          struct explore_view *view,
                                          struct bz_error *err)
{
    const char *items[EXPLORE_MAX_EXPAND];
    size_t n, i;
    int present;
    enum bz_status rc;

    if ((rc = explore_items(req, "expand", items, EXPLORE_MAX_EXPAND, &n,
                            &present, err)) != BZ_OK)
        return rc;
    for (i = 0; i < n; i++)
        if ((rc = explore_own_id(req, items[i], "expand", &view->expand[i],
                                 err)) != BZ_OK)
            return rc;
    view->expand_count = n;
    return BZ_OK;
}

/* "kinds": researcher, work, topic, institution, comma-separated or
 * repeated (a form's checkboxes); absent is every kind, empty is none. */
static enum bz_status explore_read_kinds(struct bz_request *req,
                                         struct explore_view *view,
                                         struct bz_error *err)
{
    const char *items[EXPLORE_KIND_COUNT * 2];
    size_t n, i, k;
    int present;
    enum bz_status rc;

    if ((rc = explore_items(req, "kinds", items, EXPLORE_KIND_COUNT * 2, &n,
                            &present, err)) != BZ_OK)
        return rc;
    view->kinds = present ? 0 : EXPLORE_ALL_KINDS;
    for (i = 0; i < n; i++) {
        for (k = 0; k < EXPLORE_KIND_COUNT; k++)
            if (strcmp(items[i], explore_kinds[k].name) == 0)
                break;
        if (k == EXPLORE_KIND_COUNT)
            return bz_error_set(err, BZ_INVALID,
                                "'kinds' takes researcher, "
                                "work, topic and institution: '%.40s' is "
                                "none of them",
                                items[i]);
        view->kinds |= 1u << k;
    }
    return BZ_OK;
}

/* A year parameter: 0 when absent or empty. */
static enum bz_status explore_read_year(struct bz_request *req,
                                        const char *name, int *year,
                                        struct bz_error *err)
{
    const char *s = bz_request_param(req, name);
    char *end;
    long n;

    *year = 0;
    if (s == NULL || *s == '\0')
        return BZ_OK;
    n = strtol(s, &end, 10);
    if (*end != '\0' || end == s || n < EXPLORE_MIN_YEAR ||
        n > EXPLORE_MAX_YEAR)
        return bz_error_set(err, BZ_INVALID,
                            "'%s' takes a year from %d to "
                            "%d: '%.20s' is not one",
                            name, EXPLORE_MIN_YEAR, EXPLORE_MAX_YEAR, s);
    *year = (int)n;
    return BZ_OK;
}

static enum bz_status explore_read_query(struct bz_request *req,
                                         struct explore_view *view,
                                         struct bz_error *err)
{
    const char *q = bz_request_param(req, "q");
    char *fold;
    size_t n;

    view->q = q ? q : "";
    view->fold = "";
    if (q == NULL || *q == '\0')
        return BZ_OK;
    if (strlen(q) > EXPLORE_MAX_QUERY)
        return bz_error_set(err, BZ_INVALID, "'q' takes at most %d bytes",
                            EXPLORE_MAX_QUERY);
    if (!bz_text_utf8_valid(q, strlen(q)))
        return bz_error_set(err, BZ_INVALID, "'q' is not valid UTF-8");
    if ((fold = bz_text_fold_words(req->arena, q)) == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    while (*fold == ' ')
        fold++;
    n = strlen(fold);
    while (n > 0 && fold[n - 1] == ' ')
        fold[--n] = '\0';
    view->fold = fold;
    return BZ_OK;
}

/* The address with center=canonical and the rest of the query as it was. */
static char *explore_moved(struct bz_request *req,
                           const struct explore_node_ref *center)
{
    char *rest = bz_arena_strdup(req->arena, req->query), *save = NULL;
    char *out = bz_arena_printf(req->arena, "/explore?center=%c%lld",
                                center->kind, (long long)center->id);

    if (rest == NULL || out == NULL)
        return NULL;
    for (char *p = strtok_r(rest, "&", &save); p && out;
         p = strtok_r(NULL, "&", &save))
        if (strncmp(p, "center=", 7) != 0 && strcmp(p, "center") != 0)
            out = bz_arena_printf(req->arena, "%s&%s", out, p);
    return out;
}

/* Reads the view; BZ_MOVED (resp->location set) for a centre that is not
 * named by its bare own id. */
static enum bz_status explore_read(struct bz_request *req,
                                   struct bz_response *resp,
                                   struct explore_view *view,
                                   struct bz_error *err)
{
    const char *center = bz_request_param(req, "center");
    enum bz_graph_kind kind;
    char bare[32];
    enum bz_status rc;

    memset(view, 0, sizeof(*view));
    if (center == NULL || *center == '\0')
        return bz_error_set(err, BZ_INVALID,
                            "the explorer needs a centre: "
                            "/explore?center=R12 (a researcher, work, topic "
                            "or institution id)");
    /* the API's reading of a centre, so that both take the same ids */
    if ((rc = bz_graph_resolve(req->store, req->arena, center, &kind,
                               &view->center.id, err)) != BZ_OK)
        return rc;
    view->center.kind = (char)kind;
    snprintf(bare, sizeof(bare), "%c%lld", view->center.kind,
             (long long)view->center.id);
    if ((rc = explore_read_expand(req, view, err)) != BZ_OK ||
        (rc = explore_read_kinds(req, view, err)) != BZ_OK ||
        (rc = explore_read_year(req, "from", &view->from, err)) != BZ_OK ||
        (rc = explore_read_year(req, "to", &view->to, err)) != BZ_OK ||
        (rc = explore_read_query(req, view, err)) != BZ_OK)
        return rc;
    if (view->from && view->to && view->from > view->to)
        return bz_error_set(err, BZ_INVALID, "'from' (%d) is after 'to' (%d)",
                            view->from, view->to);
    if (strcmp(center, bare) == 0)
        return BZ_OK;
    if ((resp->location = explore_moved(req, &view->center)) == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    resp->cacheable = 1;
    return BZ_MOVED;
}

/* --- the nodes ------------------------------------------------------------ */

/* The nodes of the centre's slice and of each expanded node's, once each,
 * the centre first. */
struct explore_nodes {
    const struct bz_graph_node **nodes;
    size_t count, cap;
};

static enum bz_status explore_slice(struct bz_request *req,
                                    const struct explore_node_ref *ref,
                                    struct bz_graph_slice *out,
                                    struct bz_error *err)
{
    return bz_graph_slice_build(req->store, req->arena,
                                (enum bz_graph_kind)ref->kind, ref->id, 1,
                                BZ_GRAPH_DEFAULT_LIMIT, out, err);
}

static enum bz_status explore_add(struct bz_request *req,
                                  struct explore_nodes *set,
                                  const struct bz_graph_slice *slice,
                                  struct bz_error *err)
{
    size_t i, j;

    for (i = 0; i < slice->node_count; i++) {
        const struct bz_graph_node *n = &slice->nodes[i];

        for (j = 0; j < set->count; j++)
            if (set->nodes[j]->kind == n->kind && set->nodes[j]->id == n->id)
                break;
        if (j < set->count)
            continue;
        if (set->count == set->cap) {
            size_t cap = set->cap ? set->cap * 2 : 64;
            const struct bz_graph_node **grown =
                bz_arena_alloc(req->arena, cap * sizeof(*grown));

            if (grown == NULL)
                return bz_error_set(err, BZ_NOMEM, "out of memory");
            if (set->count)
                memcpy(grown, set->nodes, set->count * sizeof(*grown));
            set->nodes = grown;
            set->cap = cap;
        }
        set->nodes[set->count++] = n;
    }
    return BZ_OK;
}

/* The centre's slice, then each expanded node's (one that is gone or
 * hidden since the address was made is left out). */
static enum bz_status explore_collect(struct bz_request *req,
                                      const struct explore_view *view,
                                      struct explore_nodes *set,
                                      struct bz_error *err)
{
    struct bz_graph_slice slice;
    enum bz_status rc;
    size_t i;

    memset(set, 0, sizeof(*set));
    if ((rc = explore_slice(req, &view->center, &slice, err)) != BZ_OK ||
        (rc = explore_add(req, set, &slice, err)) != BZ_OK)
        return rc;
    for (i = 0; i < view->expand_count; i++) {
        rc = explore_slice(req, &view->expand[i], &slice, err);
        if (rc == BZ_NOT_FOUND || rc == BZ_GONE)
            continue;
        if (rc != BZ_OK || (rc = explore_add(req, set, &slice, err)))
            return rc;
    }
    return BZ_OK;
}

/* Whether the filters of the view keep node n. */
static int explore_keeps(struct bz_request *req,
                         const struct explore_view *view,
                         const struct bz_graph_node *n)
{
    int k = explore_kind_index((char)n->kind);
    const char *label;

    if (k < 0 || (view->kinds & (1u << k)) == 0)
        return 0;
    if (n->year && ((view->from && n->year < view->from) ||
                    (view->to && n->year > view->to)))
        return 0;
    if (*view->fold == '\0')
        return 1;
    label = bz_text_fold_words(req->arena, n->label ? n->label : "");
    return label && strstr(label, view->fold) != NULL;
}

/* --- the page ------------------------------------------------------------- */

/* The address of node n's page, escaped (graph.h). */
static void explore_node_page(struct bz_arena *arena, struct bz_buf *out,
                              const struct bz_graph_node *n)
{
    bz_html_text(out, bz_graph_node_path(arena, n));
}

static void explore_header(struct bz_arena *arena, struct bz_buf *out,
                           const struct bz_graph_node *c, size_t count)
{
    int k = explore_kind_index((char)c->kind);

    bz_html_raw(out, "<section class=\"profile-header\">\n<p class=\"eyebrow\">"
                     "Research graph explorer</p>\n<h1 id=\"explore-title\">");
    bz_html_text(out, c->label);
    bz_html_raw(out, "</h1>\n<p class=\"summary\">The research graph around "
                     "the ");
    bz_html_raw(out, explore_kinds[k].name);
    bz_html_raw(out, " <a href=\"");
    explore_node_page(arena, out, c);
    bz_html_raw(out, "\">");
    bz_html_text(out, c->label);
    bz_buf_printf(out,
                  "</a>: %zu other node%s in this view. Expand any "
                  "node to see its own neighbours; the address keeps "
                  "the view, so it can be shared.</p>\n</section>\n",
                  count - 1, count == 2 ? "" : "s");
}

/* A labelled year input called name, empty when year is 0. */
static void explore_year_input(struct bz_buf *out, const char *label,
                               const char *name, int year)
{
    bz_buf_printf(out,
                  "<label>%s <input type=\"number\" name=\"%s\" "
                  "id=\"explore-%s\" min=\"%d\" max=\"%d\" "
                  "inputmode=\"numeric\" value=\"",
                  label, name, name, EXPLORE_MIN_YEAR, EXPLORE_MAX_YEAR);
    if (year)
        bz_buf_printf(out, "%d", year);
    bz_html_raw(out, "\"></label>\n");
}

/* The filters and the search, as a form that works without script. */
static void explore_form(struct bz_buf *out, const struct explore_view *view)
{
    size_t i;

    bz_buf_printf(out,
                  "<form class=\"card explore-controls\" "
                  "id=\"explore-form\" method=\"get\" "
                  "action=\"/explore\">\n<input type=\"hidden\" "
                  "name=\"center\" value=\"%c%lld\">\n",
                  view->center.kind, (long long)view->center.id);
    if (view->expand_count) {
        bz_html_raw(out, "<input type=\"hidden\" name=\"expand\" value=\"");
        for (i = 0; i < view->expand_count; i++)
            bz_buf_printf(out, "%s%c%lld", i ? "," : "", view->expand[i].kind,
                          (long long)view->expand[i].id);
        bz_html_raw(out, "\">\n");
    }
    bz_html_raw(out, "<fieldset class=\"kinds\">\n<legend>Show</legend>\n");
    for (i = 0; i < EXPLORE_KIND_COUNT; i++) {
        bz_buf_printf(out,
                      "<label class=\"kind-%s\"><input "
                      "type=\"checkbox\" name=\"kinds\" "
                      "value=\"%s\"%s> %s</label>\n",
                      explore_kinds[i].name, explore_kinds[i].name,
                      view->kinds & (1u << i) ? " checked" : "",
                      explore_kinds[i].plural);
    }
    bz_html_raw(out, "</fieldset>\n<fieldset class=\"years\">\n<legend>"
                     "Papers from the years</legend>\n");
    explore_year_input(out, "From", "from", view->from);
    explore_year_input(out, "to", "to", view->to);
    bz_buf_printf(out,
                  "</fieldset>\n<p class=\"search\"><label>"
                  "Search this graph <input type=\"search\" name=\"q\" "
                  "id=\"explore-q\" maxlength=\"%d\" value=\"",
                  EXPLORE_MAX_QUERY);
    bz_html_text(out, view->q);
    bz_html_raw(out, "\"></label> <button type=\"submit\">Apply</button> "
                     "<span class=\"muted\" id=\"explore-status\" "
                     "role=\"status\"></span></p>\n</form>\n");
}

/* The graph's container and the side panel, which the script fills; with
 * no script they stay hidden. Without its library the page says why. */
static void explore_canvas(struct bz_buf *out, const struct explore_view *view,
                           int scripted)
{
    if (!scripted) {
        bz_html_raw(out, "<p class=\"card muted\">The interactive graph is "
                         "not built into this server: its library, "
                         "cytoscape, comes from npm (<code>npm ci</code>, "
                         "then rebuild). The nodes are listed below.</p>\n");
        return;
    }
    bz_buf_printf(out,
                  "<div class=\"explore-layout\" id=\"explore-layout\" "
                  "hidden>\n<div class=\"explore-graph\" "
                  "id=\"explore-graph\" data-center=\"%c%lld\" "
                  "role=\"img\" aria-label=\"Research graph\"></div>\n",
                  view->center.kind, (long long)view->center.id);
    bz_html_raw(out, "<aside class=\"card explore-panel\" id=\"explore-panel\" "
                     "aria-live=\"polite\">\n<h2>Details</h2>\n<p "
                     "class=\"muted\">Select a node to see its summary here; "
                     "double-click it, or use Expand, to add its "
                     "neighbours.</p>\n</aside>\n</div>\n");
}

/* The address of the view with node n expanded too, for a link: the
 * centre, the expanded ids, then the filters as they are. */
static void explore_expand_href(struct bz_buf *out,
                                const struct explore_view *view,
                                const struct bz_graph_node *n)
{
    size_t i;
    int first = 1;

    bz_buf_printf(out, "/explore?center=%c%lld&amp;expand=", view->center.kind,
                  (long long)view->center.id);
    for (i = 0; i < view->expand_count; i++)
        bz_buf_printf(out, "%c%lld,", view->expand[i].kind,
                      (long long)view->expand[i].id);
    bz_buf_printf(out, "%c%lld", (char)n->kind, (long long)n->id);
    if (view->kinds != EXPLORE_ALL_KINDS) {
        bz_html_raw(out, "&amp;kinds=");
        for (i = 0; i < EXPLORE_KIND_COUNT; i++)
            if (view->kinds & (1u << i)) {
                bz_buf_printf(out, "%s%s", first ? "" : ",",
                              explore_kinds[i].name);
                first = 0;
            }
    }
    if (view->from)
        bz_buf_printf(out, "&amp;from=%d", view->from);
    if (view->to)
        bz_buf_printf(out, "&amp;to=%d", view->to);
    if (*view->q) {
        bz_html_raw(out, "&amp;q=");
        for (const unsigned char *p = (const unsigned char *)view->q; *p; p++)
            bz_buf_printf(out, isalnum(*p) ? "%c" : "%%%02X", *p);
    }
}

/* Whether node n is the centre or one of the expanded nodes. */
static int explore_is_expanded(const struct explore_view *view,
                               const struct bz_graph_node *n)
{
    size_t i;

    if ((char)n->kind == view->center.kind && n->id == view->center.id)
        return 1;
    for (i = 0; i < view->expand_count; i++)
        if ((char)n->kind == view->expand[i].kind &&
            n->id == view->expand[i].id)
            return 1;
    return 0;
}

static void explore_item(struct bz_arena *arena, struct bz_buf *out,
                         const struct explore_view *view,
                         const struct bz_graph_node *n)
{
    bz_html_raw(out, "<li><a href=\"");
    explore_node_page(arena, out, n);
    bz_html_raw(out, "\">");
    bz_html_text(out, n->label);
    bz_buf_printf(out, "</a> <span class=\"muted\">%c%lld", (char)n->kind,
                  (long long)n->id);
    if (n->year)
        bz_buf_printf(out, " · %d", n->year);
    bz_html_raw(out, "</span>");
    if (!explore_is_expanded(view, n) &&
        view->expand_count < EXPLORE_MAX_EXPAND) {
        bz_html_raw(out, " <a class=\"expand\" href=\"");
        explore_expand_href(out, view, n);
        bz_html_raw(out, "\">expand</a>");
    }
    bz_buf_printf(out,
                  " <a class=\"recenter\" href=\"/explore?"
                  "center=%c%lld\">explore from here</a></li>\n",
                  (char)n->kind, (long long)n->id);
}

/* The nodes the filters keep, by kind, as links: the page without
 * script, and a list to read with it. */
static void explore_list(struct bz_request *req, struct bz_buf *out,
                         const struct explore_view *view,
                         const struct explore_nodes *set)
{
    size_t i, shown = 0, k;

    bz_html_raw(out, "<section class=\"card explore-list\" "
                     "id=\"explore-list\">\n<h2>Nodes in this view</h2>\n"
                     "<noscript><p class=\"muted\">JavaScript is off: the "
                     "graph's nodes are listed here, and the form above "
                     "filters them.</p></noscript>\n");
    for (k = 0; k < EXPLORE_KIND_COUNT; k++) {
        size_t here = 0;

        for (i = 1; i < set->count; i++) {
            const struct bz_graph_node *n = set->nodes[i];

            if ((char)n->kind != explore_kinds[k].letter ||
                !explore_keeps(req, view, n))
                continue;
            if (here++ == 0) {
                bz_html_raw(out, "<h3>");
                bz_html_raw(out, explore_kinds[k].plural);
                bz_html_raw(out, "</h3>\n<ul>\n");
            }
            explore_item(req->arena, out, view, n);
        }
        if (here)
            bz_html_raw(out, "</ul>\n");
        shown += here;
    }
    if (shown == 0)
        bz_html_raw(out, "<p>No node nearby matches these filters.</p>\n");
    if (shown + 1 < set->count)
        bz_buf_printf(out,
                      "<p class=\"muted\">%zu more hidden by the "
                      "filters.</p>\n",
                      set->count - 1 - shown);
    bz_html_raw(out, "</section>\n");
}

/* A researcher merged into another: its survivor's view instead. */
static enum bz_status explore_survivor(struct bz_request *req,
                                       struct bz_response *resp,
                                       struct explore_view *view,
                                       struct bz_error *err)
{
    struct bz_researcher r;
    enum bz_status rc;

    if (view->center.kind != 'R')
        return BZ_OK;
    rc = req->store->ops->researcher_get(req->store, req->arena,
                                         view->center.id, &r, err);
    if (rc != BZ_OK || r.merged_into == 0)
        return rc;
    view->center.id = r.merged_into;
    if ((resp->location = explore_moved(req, &view->center)) == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    resp->cacheable = 1;
    return BZ_MOVED;
}

enum bz_status bz_page_explore(struct bz_request *req, struct bz_response *resp,
                               struct bz_error *err)
{
    struct explore_view view;
    struct explore_nodes set;
    struct bz_buf *out = &resp->body;
    int scripted = bz_static_find(EXPLORE_LIBRARY) != NULL;
    char *title;
    enum bz_status rc;

    if ((rc = explore_read(req, resp, &view, err)) != BZ_OK ||
        (rc = explore_survivor(req, resp, &view, err)) != BZ_OK ||
        (rc = explore_collect(req, &view, &set, err)) != BZ_OK)
        return rc;
    if (set.count == 0)
        return bz_error_set(err, BZ_NOT_FOUND, "no record %c%lld",
                            view.center.kind, (long long)view.center.id);
    title = bz_arena_printf(req->arena, "Explore: %s", set.nodes[0]->label);
    if (title == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");

    bz_html_begin(out, title);
    explore_header(req->arena, out, set.nodes[0], set.count);
    explore_form(out, &view);
    explore_canvas(out, &view, scripted);
    explore_list(req, out, &view, &set);
    if (scripted)
        /* cytoscape adds a <style> of its own unless an element has this
         * id: the rule is in style.css, so no inline style is needed */
        bz_html_raw(out,
                    "<span id=\"__________cytoscape_stylesheet\" "
                    "hidden></span>\n<script src=\"/static/" EXPLORE_LIBRARY
                    "\" defer></script>\n<script "
                    "src=\"/static/explore.js\" defer></script>\n");
    bz_html_end(out);
    resp->content_type = "text/html; charset=utf-8";
    resp->cacheable = 1;
    return BZ_OK;
}
