/* page_researcher.c - the profile page, in the seed page's order. */
#include <string.h>

#include "core/ids.h"
#include "core/links.h"
#include "http/viewer.h"
#include "pages/html.h"
#include "pages/pages.h"
#include "pages/page_parts.h"
#include "pages/page_slice.h"
#include "profile/profile.h"

static void researcher_header(struct bz_buf *out, const struct bz_profile *p)
{
    const struct bz_researcher *r = &p->researcher;

    bz_html_raw(out, "<section class=\"profile-header\">\n"
                     "<p class=\"eyebrow\">Researcher profile</p>\n<h1>");
    bz_html_text(out, r->display_name);
    bz_html_raw(out, "</h1>\n<p class=\"summary\">");
    bz_html_text(out, p->summary);
    bz_html_raw(out, "</p>\n<p class=\"badges\"><span class=\"badge\">"
                     "Researcher</span> <span class=\"badge\">");
    /* the owner's words first, marked: they earn nothing (score.h) */
    if (r->self_affiliation) {
        bz_html_text(out, r->self_affiliation);
        bz_html_raw(out, " (self-asserted)");
    } else if (r->affiliation) {
        bz_html_text(out, r->affiliation);
        if (!r->affiliation_imported)
            bz_html_raw(out, " (self-asserted)");
    } else {
        bz_html_raw(out, "Affiliation not imported");
    }
    bz_html_raw(out, "</span>");
    if (r->open_to_collaborate)
        bz_html_raw(out, " <span class=\"badge open\">Open to collaborate"
                         "</span>");
    bz_html_raw(out, "</p>\n</section>\n");
}

static void researcher_count(struct bz_buf *out, long n, const char *label)
{
    bz_html_raw(out, "<li><strong>");
    bz_html_long(out, n);
    bz_html_raw(out, "</strong> ");
    bz_html_raw(out, label);
    bz_html_raw(out, "</li>\n");
}

static void researcher_why(struct bz_buf *out, const struct bz_trust *t,
                           int claimed)
{
    int i;

    bz_html_raw(out, "<details class=\"why\" open>\n<summary>Why this score"
                     "</summary>\n<table>\n<thead><tr><th>Component</th>"
                     "<th>Points</th><th>Evidence</th></tr></thead>\n"
                     "<tbody>\n");
    for (i = 0; i < BZ_TRUST_COMPONENTS; i++) {
        const struct bz_trust_component *c = &t->components[i];

        bz_html_raw(out, "<tr><td>");
        bz_html_text(out, c->label);
        bz_html_raw(out, "</td><td>");
        bz_buf_printf(out, "%d / %d", c->points, c->max);
        bz_html_raw(out, "</td><td>");
        bz_html_text(out, c->evidence);
        bz_html_raw(out, "</td></tr>\n");
    }
    bz_html_raw(out, "</tbody>\n<tfoot><tr><td>Total</td><td>");
    bz_buf_printf(out, "%d", t->raw);
    bz_html_raw(out, "</td><td>");
    if (t->capped)
        bz_buf_printf(out,
                      "Shown as %d: until a person claims this record, its "
                      "score stops at %d (Emerging at most), since nobody "
                      "stands behind the evidence yet.",
                      t->score, BZ_TRUST_UNCLAIMED_CAP);
    else if (claimed)
        bz_html_raw(out, "Claimed: the whole sum counts.");
    else
        bz_html_raw(out, "Unclaimed records stop at 21 points; this one is "
                         "not above that cap.");
    bz_html_raw(out, "</td></tr></tfoot>\n</table>\n</details>\n");
}

static void researcher_trust(struct bz_buf *out, const struct bz_profile *p)
{
    size_t i;

    bz_html_raw(out, "<section class=\"card trust\">\n<h2>Trust snapshot</h2>"
                     "\n<p class=\"eyebrow\">Quick read</p>\n"
                     "<p class=\"badges\"><span class=\"badge score\">");
    bz_buf_printf(out, "Trust %d - %s", p->trust.score, p->trust.band);
    bz_html_raw(out, "</span> <span class=\"badge\">");
    bz_buf_printf(out, "Verification L%d", p->level);
    bz_html_raw(out, "</span> <span class=\"badge\">");
    bz_html_raw(out, p->researcher.claim_level ? "Claimed"
                                               : "Unclaimed author");
    bz_html_raw(out, "</span></p>\n<ul class=\"counts\">\n");
    researcher_count(out, (long)p->work_count, "works");
    researcher_count(out, p->followers, "followers");
    researcher_count(out, (long)p->topic_count, "topics");
    researcher_count(out, (long)p->close_count, "close collaborators");
    bz_html_raw(out, "</ul>\n");
    researcher_why(out, &p->trust, p->researcher.claim_level >= 2);

    bz_html_raw(out, "<h3>Close collaborators</h3>\n");
    if (p->close_count == 0)
        bz_html_raw(out, "<p>No co-author reaches a collaboration strength "
                         "of 0.5 yet.</p>\n");
    else
        bz_html_raw(out, "<ul class=\"collaborators\">\n");
    for (i = 0; i < p->close_count; i++) {
        const struct bz_collaborator *c = &p->collaborators[i];

        bz_html_raw(out, "<li>");
        bz_page_researcher_link(out, c->id, c->slug, c->name);
        bz_buf_printf(out, " <span class=\"muted\">%d shared work%s, "
                           "strength %.2f</span></li>\n",
                      c->shared_works, c->shared_works == 1 ? "" : "s",
                      c->strength);
    }
    if (p->close_count)
        bz_html_raw(out, "</ul>\n");
    bz_html_raw(out, "<p class=\"muted\">A co-author is close when the sum, "
                     "over shared works, of 1/(authors - 1) is at least "
                     "0.5.</p>\n</section>\n");
}

/* Citations as Google Scholar counts them, and the works per year. */
static void researcher_citations(struct bz_buf *out,
                                 const struct bz_profile *p)
{
    const struct bz_citation_stats *c = &p->citations;
    size_t i;

    bz_html_raw(out, "<section class=\"card citations\">\n<h2>Citations"
                     "</h2>\n<p class=\"eyebrow\">As the imported sources "
                     "count them</p>\n<ul class=\"counts\">\n");
    researcher_count(out, c->total, "citations");
    researcher_count(out, c->h_index, "h-index");
    researcher_count(out, c->i10_index, "i10-index");
    bz_html_raw(out, "</ul>\n<p class=\"muted\">h-index: the largest h "
                     "such that h works have at least h citations each; "
                     "i10-index: works with at least 10 citations. Each "
                     "work counts with the highest count any source "
                     "gave.</p>\n");
    if (p->year_count == 0) {
        bz_html_raw(out, "<p>No publication years imported.</p>\n"
                         "</section>\n");
        return;
    }
    bz_html_raw(out, "<table class=\"by-year\">\n<thead><tr><th>Year</th>"
                     "<th>Works</th></tr></thead>\n<tbody>\n");
    for (i = 0; i < p->year_count; i++)
        bz_buf_printf(out, "<tr><td>%d</td><td>%d</td></tr>\n",
                      p->works_by_year[i].year, p->works_by_year[i].works);
    bz_html_raw(out, "</tbody>\n</table>\n</section>\n");
}

/* Follow / Unfollow with the count (page_follow.c): a link for an
 * anonymous visitor, the same for all of them, a form for an account. */
static void researcher_actions(struct bz_buf *out, const struct bz_profile *p,
                               const struct bz_viewer *v, int following)
{
    bz_html_raw(out, "<section class=\"card actions\">\n<h2>Actions</h2>\n"
                     "<p class=\"eyebrow\">Decide how to stay connected</p>\n");
    bz_page_follow_button(out, v, p->researcher.id, p->followers, following);
    bz_html_raw(out, "</section>\n");
}

/* What only the signed-in owner sees: the link to the edit page. Never
 * on the anonymous page, which is cached and shared. */
static void researcher_viewer_links(struct bz_buf *out,
                                    const struct bz_profile *p,
                                    const struct bz_viewer *v)
{
    long long id = (long long)p->researcher.id;

    if (v == NULL || !v->signed_in)
        return;
    if (v->account.owns_researcher_id == p->researcher.id)
        bz_buf_printf(out, "<p><a class=\"button\" href=\"/researchers/"
                           "R%lld/edit\">Edit this profile</a></p>\n",
                      id);
}

static void researcher_identity(struct bz_buf *out, const struct bz_profile *p,
                                const struct bz_viewer *v)
{
    bz_html_raw(out, "<section class=\"card identity\">\n"
                     "<h2>Identity and collaboration</h2>\n"
                     "<p class=\"eyebrow\">How to connect with this "
                     "researcher</p>\n");
    if (p->researcher.claim_level == 0) {
        bz_html_raw(out, "<p>Claiming links this public author record to a "
                         "researcher profile and unlocks direct "
                         "collaboration workflows.</p>\n");
        /* the same for everyone, so that the page stays cacheable: the
         * claim page sends a visitor who is not logged in to log in */
        bz_buf_printf(out, "<p><a class=\"button\" href=\"/researchers/"
                           "R%lld/claim\">Log in to claim</a></p>\n",
                      (long long)p->researcher.id);
        /* the same for everyone too: the person a record describes may
         * rather have it hidden than claim it */
        bz_buf_printf(out, "<p class=\"eyebrow\">Is this you, and would "
                           "you rather not be listed? <a href=\"/researchers/"
                           "R%lld/opt-out\">Ask for this record to be "
                           "hidden</a>.</p>\n",
                      (long long)p->researcher.id);
    } else
        bz_html_raw(out, "<p>This record is claimed by the researcher.</p>\n");
    researcher_viewer_links(out, p, v);
    bz_html_raw(out, "<h3>Direct collaboration</h3>\n<p class=\"eyebrow\">"
                     "Open a focused conversation when the fit is right</p>\n");
    if (p->researcher.claim_level == 0)
        bz_html_raw(out, "<p>Claim this author entity first to unlock direct "
                         "invitations.</p>\n");
    else if (p->researcher.open_to_collaborate && v->signed_in &&
             v->account.owns_researcher_id == p->researcher.id)
        bz_html_raw(out, "<p>Others can invite you from here; your "
                         "invitations are on <a href=\"/invitations\">"
                         "Invitations</a>.</p>\n");
    else if (p->researcher.open_to_collaborate)
        /* a link, the same for everyone: the invitation page asks a
         * visitor who is not logged in to log in first */
        bz_buf_printf(out, "<p><a class=\"button\" href=\"/researchers/"
                           "R%lld/invite\">Invite to collaborate</a></p>\n",
                      (long long)p->researcher.id);
    else
        bz_html_raw(out, "<p>This researcher is not taking invitations "
                         "now.</p>\n");
    bz_html_raw(out, "</section>\n");
}

/* The research map around the researcher, drawn and listed
 * (page_slice.h). */
static enum bz_status researcher_slice(struct bz_buf *out,
                                       struct bz_request *req,
                                       const struct bz_profile *p,
                                       struct bz_error *err)
{
    return bz_page_slice(out, req, BZ_GRAPH_RESEARCHER, p->researcher.id,
                         "Research graph", "See the researcher in context",
                         p->topics, p->topic_count, err);
}

static void researcher_work(struct bz_buf *out, struct bz_arena *arena,
                            const struct bz_work *w, int featured)
{
    bz_html_raw(out, featured ? "<article class=\"work featured\">\n"
                                "<p class=\"eyebrow\">Featured by the "
                                "researcher</p>\n"
                              : "<article class=\"work\">\n");
    bz_page_work_meta(out, w);
    bz_html_raw(out, "<h3>");
    bz_page_work_link(out, w->id, w->slug, w->title);
    bz_html_raw(out, "</h3>\n");
    if (w->abstract) {
        bz_html_raw(out, "<p class=\"abstract\">");
        bz_html_text(out, w->abstract);
        bz_html_raw(out, "</p>\n");
    }
    bz_page_work_links(out, arena, w);
    bz_html_raw(out, "</article>\n");
}

static void researcher_works(struct bz_buf *out, struct bz_arena *arena,
                             const struct bz_profile *p)
{
    size_t i;

    bz_html_raw(out, "<section class=\"works\">\n<h2>Published work</h2>\n"
                     "<p class=\"eyebrow\">");
    bz_buf_printf(out, "%zu published item(s)", p->work_count);
    bz_buf_printf(out, "</p>\n<p class=\"muted\">Cite them all: <a href=\""
                       "/export/researchers/R%lld.bib\">BibTeX</a> · <a "
                       "href=\"/export/researchers/R%lld.ris\">RIS</a></p>\n",
                  (long long)p->researcher.id, (long long)p->researcher.id);
    for (i = 0; i < p->work_count; i++)
        researcher_work(out, arena, &p->works[i], i < p->featured_count);
    bz_html_raw(out, "</section>\n");
}

enum bz_status bz_page_researcher(struct bz_request *req,
                                  struct bz_response *resp, const char *id,
                                  struct bz_error *err)
{
    struct bz_profile p;
    struct bz_viewer v = {0};
    struct bz_id_ref ref;
    struct bz_buf *out = &resp->body;
    int64_t number;
    int following = 0;
    enum bz_status rc;

    if ((rc = bz_resolve_id(req, id, 'R', &number, &ref, err)) != BZ_OK)
        return rc;
    if ((rc = bz_profile_load(req->store, req->arena, number, &p, err)))
        return rc;
    if (p.researcher.merged_into) {
        struct bz_researcher survivor;

        rc = req->store->ops->researcher_get(req->store, req->arena,
                                             p.researcher.merged_into,
                                             &survivor, err);
        if (rc != BZ_OK)
            return rc;
        resp->location = bz_page_researcher_path(req->arena, survivor.id,
                                                 survivor.slug);
        resp->cacheable = 1;
        return BZ_MOVED;
    }
    if (!bz_page_is_canonical(&ref, p.researcher.slug)) {
        resp->location = bz_page_researcher_path(req->arena, number,
                                                 p.researcher.slug);
        resp->cacheable = 1;
        return BZ_MOVED;
    }

    /* only a request with credentials can be signed in; the anonymous
     * page stays the same bytes for everyone */
    if ((rc = bz_viewer_of(req, &v, err)) != BZ_OK)
        return rc;
    if (v.signed_in &&
        (rc = bz_response_add_header(resp, "Cache-Control",
                                     "private, no-store", err)) != BZ_OK)
        return rc;
    if (v.signed_in &&
        (rc = req->store->ops->follow_get(req->store, v.account.id, number,
                                          &following, err)) != BZ_OK)
        return rc;

    bz_html_begin(out, p.researcher.display_name);
    researcher_header(out, &p);
    researcher_trust(out, &p);
    researcher_citations(out, &p);
    researcher_actions(out, &p, &v, following);
    researcher_identity(out, &p, &v);
    if ((rc = bz_page_suggestions(req, out, &p, &v, err)) != BZ_OK)
        return rc;
    if ((rc = researcher_slice(out, req, &p, err)) != BZ_OK)
        return rc;
    researcher_works(out, req->arena, &p);
    bz_html_end(out);
    resp->content_type = "text/html; charset=utf-8";
    resp->location = NULL;
    resp->cacheable = !v.signed_in;
    return BZ_OK;
}
