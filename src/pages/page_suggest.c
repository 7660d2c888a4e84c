/* page_suggest.c - the suggested collaborators on an owner's own profile:
 * who suggest.h proposes, and why. Only the signed-in owner sees them,
 * on the profile that is never cached for a signed-in viewer. */
#include "api/api_coi.h"
#include "graph/suggest.h"
#include "http/viewer.h"
#include "pages/html.h"
#include "pages/page_parts.h"
#include "pages/pages.h"
#include "profile/profile.h"

#define SUGGEST_SHOWN 10 /* the rest are in the API */

enum bz_status bz_page_suggestions(struct bz_request *req, struct bz_buf *out,
                                   const struct bz_profile *p,
                                   const struct bz_viewer *v,
                                   struct bz_error *err)
{
    long long id = (long long)p->researcher.id;
    struct bz_suggestion *list;
    size_t count;
    enum bz_status rc;

    if (v == NULL || !v->signed_in ||
        v->account.owns_researcher_id != p->researcher.id)
        return BZ_OK;
    rc = bz_suggest_load(req->store, req->arena, p->researcher.id,
                         bz_coi_current_year(), bz_coi_window_years(req), &list,
                         &count, err);
    if (rc != BZ_OK)
        return rc;

    bz_html_raw(out, "<section class=\"card suggestions\">\n<h2>Suggested "
                     "collaborators</h2>\n<p class=\"eyebrow\">Only you see "
                     "these</p>\n");
    if (count == 0)
        bz_html_raw(out, "<p>Nobody shares a topic or a co-author with you "
                         "without a conflict of interest yet.</p>\n");
    else
        bz_html_raw(out, "<ol class=\"suggested\">\n");
    for (size_t i = 0; i < count && i < SUGGEST_SHOWN; i++) {
        const struct bz_suggestion_candidate *c = list[i].who;

        bz_html_raw(out, "<li>");
        bz_page_researcher_link(out, c->id, c->slug, c->display_name);
        bz_html_raw(out, " <span class=\"muted\">");
        bz_html_text(out, list[i].reason);
        bz_buf_printf(out,
                      "</span> <a class=\"muted\" href=\"/coi?a=R%lld"
                      "&amp;b=R%lld\">Check</a></li>\n",
                      id, (long long)c->id);
    }
    if (count)
        bz_html_raw(out, "</ol>\n");
    bz_buf_printf(out,
                  "<p class=\"muted\">Ranked by %d points per "
                  "co-author in common and %d per shared topic; "
                  "anyone you wrote with in the last %d years, or who "
                  "shares your current institution, is left out. "
                  "All of them: <a href=\"/api/v1/researchers/R%lld/"
                  "suggestions\">JSON</a>.</p>\n</section>\n",
                  BZ_SUGGEST_COAUTHOR_WEIGHT, BZ_SUGGEST_TOPIC_WEIGHT,
                  bz_coi_window_years(req), id);
    return BZ_OK;
}
