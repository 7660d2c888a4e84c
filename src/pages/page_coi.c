/* page_coi.c - /coi: the conflict-of-interest check between two
 * researchers, a GET form and its answer, readable without script. */
#include "api/api_coi.h"
#include "pages/forms.h"
#include "pages/html.h"
#include "pages/page_parts.h"
#include "pages/pages.h"

static void coi_form(struct bz_buf *out, const struct bz_coi_query *q)
{
    bz_html_raw(out, "<section class=\"card\">\n<h1>Conflict of interest"
                     "</h1>\n<p class=\"eyebrow\">Check two researchers"
                     "</p>\n<form method=\"get\" action=\"/coi\">\n");
    bz_form_field(out, "First researcher", "text", "a", q->a_text, "off");
    bz_form_field(out, "Second researcher", "text", "b", q->b_text, "off");
    bz_form_submit(out, "Check");
    bz_html_raw(out, "<p class=\"muted\">Each is an id (R4), a profile's "
                     "address part (R4-surya-ganguli) or an external id "
                     "(orcid:&#8230;, openalex:A&#8230;).</p>\n</section>\n");
}

static void coi_works(struct bz_buf *out, const struct bz_coi *c)
{
    bz_html_raw(out, "<h3>Co-authored works in the window</h3>\n");
    if (c->work_count == 0) {
        bz_html_raw(out, "<p>None.</p>\n");
        return;
    }
    bz_html_raw(out, "<ul class=\"coi-works\">\n");
    for (size_t i = 0; i < c->work_count; i++) {
        const struct bz_work_ref *w = c->works[i];

        bz_html_raw(out, "<li>");
        bz_page_work_link(out, w->id, w->slug, w->title);
        if (w->publication_year)
            bz_buf_printf(out, " <span class=\"muted\">%d</span>",
                          w->publication_year);
        else
            bz_html_raw(out, " <span class=\"muted\">year unknown</span>");
        bz_html_raw(out, "</li>\n");
    }
    bz_html_raw(out, "</ul>\n");
}

static void coi_institutions(struct bz_buf *out, struct bz_arena *arena,
                             const struct bz_coi *c)
{
    bz_html_raw(out, "<h3>Shared current institutions</h3>\n");
    if (c->institution_count == 0) {
        bz_html_raw(out, "<p>None.</p>\n");
        return;
    }
    bz_html_raw(out, "<ul class=\"coi-institutions\">\n");
    for (size_t i = 0; i < c->institution_count; i++) {
        bz_html_raw(out, "<li>");
        bz_page_institution_link(out, arena, c->institutions[i]->id,
                                 c->institutions[i]->display_name);
        bz_html_raw(out, "</li>\n");
    }
    bz_html_raw(out, "</ul>\n");
}

static void coi_answer(struct bz_buf *out, struct bz_arena *arena,
                       const struct bz_coi_query *q, const char *summary)
{
    const struct bz_coi *c = &q->coi;

    bz_html_raw(out, "<section class=\"card coi\">\n<h2>");
    bz_page_researcher_link(out, q->a.id, q->a.slug, q->a.display_name);
    bz_html_raw(out, " and ");
    bz_page_researcher_link(out, q->b.id, q->b.slug, q->b.display_name);
    bz_html_raw(out, "</h2>\n<p class=\"badges\"><span class=\"badge ");
    bz_html_raw(out, c->conflict ? "conflict\">Conflict of interest"
                                 : "open\">No conflict of interest");
    bz_html_raw(out, "</span></p>\n<p class=\"coi-reason\">");
    bz_html_text(out, summary);
    bz_html_raw(out, "</p>\n");
    coi_works(out, c);
    coi_institutions(out, arena, c);
    bz_buf_printf(out,
                  "<p class=\"muted\">The rule: two researchers "
                  "conflict when they co-authored a work in the last "
                  "%d calendar years, this one included (%d to %d; a "
                  "work of unknown year counts), or share a current "
                  "institution.</p>\n</section>\n",
                  c->years, c->first_year, c->last_year);
}

enum bz_status bz_page_coi(struct bz_request *req, struct bz_response *resp,
                           struct bz_error *err)
{
    struct bz_buf *out = &resp->body;
    struct bz_coi_query q;
    const char *summary = NULL;
    enum bz_status rc;
    int status;

    rc = bz_coi_query_read(req, &q, err);
    if (rc == BZ_OK) {
        if ((summary = bz_coi_summary(req->arena, &q.coi)) == NULL)
            return bz_error_set(err, BZ_NOMEM, "out of memory");
        status = 200;
    } else if (q.a_text == NULL && q.b_text == NULL) {
        status = 200; /* no question yet: the empty form */
    } else if ((status = bz_form_status(rc)) == 0) {
        return rc;
    }

    bz_html_begin(out, "Conflict of interest");
    coi_form(out, &q);
    if (status != 200) {
        bz_html_raw(out, "<p class=\"problem\">");
        bz_html_text(out, err->message);
        bz_html_raw(out, "</p>\n");
    } else if (summary) {
        coi_answer(out, req->arena, &q, summary);
    }
    bz_html_end(out);
    resp->content_type = "text/html; charset=utf-8";
    resp->status = status;
    resp->cacheable = 1;
    return BZ_OK;
}
