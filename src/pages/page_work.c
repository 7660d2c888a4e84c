/* page_work.c - a work's page: what it is, who wrote it, where it is from. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ids.h"
#include "core/links.h"
#include "http/viewer.h"
#include "pages/html.h"
#include "pages/page_parts.h"
#include "pages/page_reactions.h"
#include "pages/page_slice.h"
#include "pages/pages.h"
#include "topics/topics.h"

static void work_facts(struct bz_buf *out, const struct bz_work *w)
{
    bz_html_raw(out, "<p class=\"facts\">");
    if (w->open_access == 1)
        bz_html_raw(out, "Open access · ");
    else if (w->open_access == 0)
        bz_html_raw(out, "Closed access · ");
    bz_buf_printf(out, "%zu author%s · %zu topic%s", w->authorship_count,
                  w->authorship_count == 1 ? "" : "s", w->topic_count,
                  w->topic_count == 1 ? "" : "s");
    bz_html_raw(out, "</p>\n");
}

/* The highest count of citing works a source gave, with that source. */
static void work_citation_count(struct bz_buf *out, const struct bz_work *w)
{
    bz_html_raw(out, "<p class=\"citation-count\">");
    if (w->cited_by_count < 0) {
        bz_html_raw(out, "No source imported a citation count for this "
                         "work.</p>\n");
        return;
    }
    bz_buf_printf(out, "<strong>%ld</strong> citation%s", w->cited_by_count,
                  w->cited_by_count == 1 ? "" : "s");
    bz_html_raw(out, " <span class=\"muted\">(");
    bz_html_text(out, w->cited_by_source);
    bz_html_raw(out, ")</span></p>\n");
}

/* One side of the citations bzpeer knows: a list of linked works. */
static void work_citation_list(struct bz_buf *out, const char *heading,
                               const struct bz_work_ref *refs, size_t n,
                               const char *none)
{
    bz_html_raw(out, "<h3>");
    bz_html_text(out, heading);
    bz_buf_printf(out, " (%zu)</h3>\n<ul>\n", n);
    for (size_t i = 0; i < n; i++) {
        bz_html_raw(out, "<li>");
        bz_page_work_link(out, refs[i].id, refs[i].slug, refs[i].title);
        if (refs[i].publication_year)
            bz_buf_printf(out, " <span class=\"muted\">%d</span>",
                          refs[i].publication_year);
        bz_html_raw(out, "</li>\n");
    }
    if (n == 0) {
        bz_html_raw(out, "<li>");
        bz_html_text(out, none);
        bz_html_raw(out, "</li>\n");
    }
    bz_html_raw(out, "</ul>\n");
}

static void work_citations(struct bz_buf *out, const struct bz_work *w)
{
    bz_html_raw(out, "<section class=\"card citations\">\n"
                     "<h2>Citations</h2>\n");
    work_citation_count(out, w);
    work_citation_list(out, "Cited by works in bzpeer", w->citing,
                       w->citing_count, "None imported yet.");
    work_citation_list(out, "Cites works in bzpeer", w->cited,
                       w->cited_count, "None imported yet.");
    bz_buf_printf(out, "<p class=\"muted\">The sources list %ld "
                       "reference%s of this work.</p>\n</section>\n",
                  w->reference_count, w->reference_count == 1 ? "" : "s");
}

static void work_signals(struct bz_buf *out, const struct bz_work *w,
                         const struct bz_work_reactions *r)
{
    bz_html_raw(out, "<ul class=\"counts\">\n");
    bz_reactions_counts(out, r);
    bz_buf_printf(out, "<li><strong>%zu</strong> institution%s</li>\n",
                  w->institution_count, w->institution_count == 1 ? "" : "s");
    bz_buf_printf(out, "<li><strong>%zu</strong> identifier%s</li>\n",
                  w->id_count, w->id_count == 1 ? "" : "s");
    bz_html_raw(out, "</ul>\n");
    work_citation_count(out, w);
}

static void work_authors(struct bz_buf *out, const struct bz_work *w)
{
    size_t i;

    bz_html_raw(out, "<section class=\"card\">\n<h2>Authors</h2>\n<ol "
                     "class=\"authors\">\n");
    for (i = 0; i < w->authorship_count; i++) {
        const struct bz_authorship *a = &w->authorships[i];

        bz_html_raw(out, "<li>");
        bz_page_researcher_link(out, a->researcher_id, a->researcher_slug,
                                a->researcher_name ? a->researcher_name
                                                   : a->raw_name);
        if (a->researcher_name && strcmp(a->raw_name, a->researcher_name))
        {
            bz_html_raw(out, " <span class=\"muted\">as ");
            bz_html_text(out, a->raw_name);
            bz_html_raw(out, "</span>");
        }
        bz_html_raw(out, "</li>\n");
    }
    bz_html_raw(out, "</ol>\n</section>\n");
}

static void work_context(struct bz_buf *out, struct bz_arena *arena,
                         const struct bz_work *w)
{
    size_t i;

    bz_html_raw(out, "<section class=\"card\">\n<h2>Topics</h2>\n<ul>\n");
    for (i = 0; i < w->topic_count; i++) {
        bz_html_raw(out, "<li><a href=\"");
        bz_html_text(out, bz_page_record_path(arena, 'T', w->topics[i].id,
                                              w->topics[i].display_name));
        bz_html_raw(out, "\">");
        bz_html_text(out, bz_topics_display_name(w->topics[i].scheme,
                                                 w->topics[i].external_id,
                                                 w->topics[i].display_name));
        bz_html_raw(out, "</a> <span class=\"muted\">");
        bz_html_text(out, w->topics[i].scheme);
        bz_html_raw(out, " ");
        bz_html_text(out, w->topics[i].external_id);
        if (w->topics[i].source != NULL &&
            strcmp(w->topics[i].source, BZ_TOPICS_SOURCE) == 0)
            bz_buf_printf(out, ", score %.2f, " BZ_TOPICS_ASSIGNED_NOTE,
                          w->topics[i].score);
        bz_html_raw(out, "</span></li>\n");
    }
    if (w->topic_count == 0)
        bz_html_raw(out, "<li>No topics imported.</li>\n");
    bz_html_raw(out, "</ul>\n<h2>Institutions</h2>\n<ul>\n");
    for (i = 0; i < w->institution_count; i++) {
        bz_html_raw(out, "<li>");
        bz_page_institution_link(out, arena, w->institutions[i].id,
                                 w->institutions[i].display_name);
        bz_html_raw(out, "</li>\n");
    }
    if (w->institution_count == 0)
        bz_html_raw(out, "<li>No institutions imported.</li>\n");
    bz_html_raw(out, "</ul>\n</section>\n");
}

/* An identifier as a link where it has a resolver, as text otherwise. */
static void work_identifier(struct bz_buf *out, const struct bz_external_id *id)
{
    static const struct {
        const char *scheme, *prefix;
    } resolvers[] = {{"doi", "https://doi.org/"},
                     {"arxiv", "https://arxiv.org/abs/"},
                     {"openalex", "https://openalex.org/"},
                     {NULL, NULL}};
    size_t i;

    bz_html_raw(out, "<tr><td>");
    bz_html_text(out, id->scheme);
    bz_html_raw(out, "</td><td>");
    for (i = 0; resolvers[i].scheme; i++)
        if (strcmp(resolvers[i].scheme, id->scheme) == 0)
            break;
    if (resolvers[i].scheme) {
        bz_html_raw(out, "<a rel=\"nofollow noopener\" href=\"");
        bz_html_text(out, resolvers[i].prefix);
        bz_html_text(out, id->value);
        bz_html_raw(out, "\">");
        bz_html_text(out, id->value);
        bz_html_raw(out, "</a>");
    } else {
        bz_html_text(out, id->value);
    }
    bz_html_raw(out, "</td><td>");
    bz_html_text(out, id->source);
    bz_html_raw(out, "</td></tr>\n");
}

/* The sources' records merged into the work (a preprint and its
 * published version), listed when there are more than one. */
static void work_versions(struct bz_buf *out, const struct bz_work *w)
{
    char year[16];

    if (w->version_count < 2)
        return;
    bz_html_raw(out, "<h2>Versions</h2>\n<ul class=\"versions\">\n");
    for (size_t i = 0; i < w->version_count; i++) {
        const struct bz_work_version *v = &w->versions[i];

        bz_html_raw(out, "<li>");
        bz_html_text(out, v->source);
        bz_html_raw(out, ": ");
        bz_html_text(out, v->type ? v->type : "work");
        if (v->venue) {
            bz_html_raw(out, ", ");
            bz_html_text(out, v->venue);
        }
        if (v->publication_year) {
            snprintf(year, sizeof year, ", %d", v->publication_year);
            bz_html_text(out, year);
        }
        if (v->doi) {
            bz_html_raw(out, ", DOI ");
            bz_html_text(out, v->doi);
        }
        if (v->arxiv) {
            bz_html_raw(out, ", arXiv ");
            bz_html_text(out, v->arxiv);
        }
        bz_html_raw(out, "</li>\n");
    }
    bz_html_raw(out, "</ul>\n");
}

static void work_sources(struct bz_buf *out, const struct bz_work *w)
{
    size_t i;

    bz_html_raw(out, "<section class=\"card\">\n<h2>Identifiers</h2>\n<table>"
                     "<thead><tr><th>Scheme</th><th>Value</th><th>Source</th>"
                     "</tr></thead><tbody>\n");
    for (i = 0; i < w->id_count; i++)
        work_identifier(out, &w->ids[i]);
    bz_html_raw(out, "</tbody></table>\n");
    work_versions(out, w);
    bz_html_raw(out, "<h2>Sources of every field</h2>\n"
                     "<table><thead><tr><th>Field</th><th>Source</th>"
                     "<th>Record</th></tr></thead><tbody>\n");
    for (i = 0; i < w->provenance_count; i++) {
        bz_html_raw(out, "<tr><td>");
        bz_html_text(out, w->provenance[i].field);
        bz_html_raw(out, "</td><td>");
        bz_html_text(out, w->provenance[i].source);
        bz_html_raw(out, "</td><td>");
        bz_html_text(out, w->provenance[i].record ? w->provenance[i].record
                                                  : "");
        bz_html_raw(out, "</td></tr>\n");
    }
    bz_html_raw(out, "</tbody></table>\n</section>\n");
}

enum bz_status bz_page_work(struct bz_request *req, struct bz_response *resp,
                            const char *id, struct bz_error *err)
{
    struct bz_work w;
    struct bz_id_ref ref;
    struct bz_viewer v = {0};
    struct bz_work_reactions r;
    struct bz_buf *out = &resp->body;
    int64_t number;
    enum bz_status rc;

    if ((rc = bz_resolve_id(req, id, 'W', &number, &ref, err)) != BZ_OK)
        return rc;
    if ((rc = req->store->ops->work_get(req->store, req->arena, number, &w,
                                        err)) != BZ_OK)
        return rc;
    resp->cacheable = 1;
    if (!bz_page_is_canonical(&ref, w.slug)) {
        resp->location = bz_page_work_path(req->arena, w.id, w.slug);
        return BZ_MOVED;
    }
    /* only a request with credentials can be signed in; the anonymous
     * page stays the same bytes for everyone */
    if ((rc = bz_viewer_of(req, &v, err)) != BZ_OK ||
        (rc = bz_reactions_load(req, &w, &v, &r, err)) != BZ_OK)
        return rc;
    if (v.signed_in &&
        (rc = bz_response_add_header(resp, "Cache-Control",
                                     "private, no-store", err)) != BZ_OK)
        return rc;
    resp->cacheable = !v.signed_in;

    bz_html_begin(out, w.title);
    bz_html_raw(out, "<section class=\"profile-header\">\n");
    bz_page_work_meta(out, &w);
    bz_html_raw(out, "<h1>");
    bz_html_text(out, w.title);
    bz_html_raw(out, "</h1>\n");
    work_facts(out, &w);
    if (w.abstract) {
        bz_html_raw(out, "<p class=\"abstract\">");
        bz_html_text(out, w.abstract);
        bz_html_raw(out, "</p>\n");
    }
    bz_page_work_links(out, req->arena, &w);
    bz_html_raw(out, "</section>\n<section class=\"card\">\n"
                     "<h2>Signals</h2>\n");
    work_signals(out, &w, &r);
    bz_html_raw(out, "</section>\n");
    bz_reactions_next_steps(out, &r);
    work_authors(out, &w);
    bz_reactions_links(out, &r);
    work_citations(out, &w);
    bz_reactions_reviews(out, &r);
    work_context(out, req->arena, &w);
    rc = bz_page_slice(out, req, BZ_GRAPH_WORK, w.id, "Research map",
                       "See the work in context", w.topics, w.topic_count,
                       err);
    if (rc != BZ_OK)
        return rc;
    work_sources(out, &w);
    bz_html_end(out);
    resp->content_type = "text/html; charset=utf-8";
    return BZ_OK;
}
