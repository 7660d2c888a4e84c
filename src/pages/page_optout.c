/* page_optout.c - the moderators' queue of opt-outs: a section of
 * /moderate (bz_page_optouts_section) and its POST, /moderate/opt-outs,
 * where a moderator approves, rejects or restores (owner.h). */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http/viewer.h"
#include "mail/outbox.h"
#include "owner/owner.h"
#include "pages/forms.h"
#include "pages/html.h"
#include "pages/pages.h"

#define OPTOUT_MODERATE_MAX 200 /* opt-outs listed per state */

static void optout_item(struct bz_buf *out, const struct bz_viewer *v,
                        const struct bz_opt_out *o)
{
    int approved = strcmp(o->state, "approved") == 0;

    bz_buf_printf(out, "<li><strong>O%lld</strong> ", (long long)o->id);
    bz_html_text(out,
                 o->account_email ? o->account_email : "(a deleted account)");
    bz_buf_printf(out, " asks to hide <a href=\"/researchers/R%lld\">",
                  (long long)o->researcher_id);
    bz_html_text(out, o->researcher_name);
    bz_buf_printf(out, "</a> (R%lld): ", (long long)o->researcher_id);
    bz_html_text(out, o->state);
    if (o->note) {
        bz_html_raw(out, "<blockquote>");
        bz_html_text(out, o->note);
        bz_html_raw(out, "</blockquote>");
    }
    bz_form_begin(out, "/moderate/opt-outs", v);
    bz_buf_printf(out, "<input type=\"hidden\" name=\"id\" value=\"%lld\">",
                  (long long)o->id);
    bz_html_raw(out, "<label>Reason (shown to the requester) <input "
                     "type=\"text\" name=\"reason\"></label> ");
    if (approved)
        bz_html_raw(out, "<button type=\"submit\" name=\"decision\" "
                         "value=\"restore\">Restore the record</button>");
    else
        bz_html_raw(out, "<button type=\"submit\" name=\"decision\" "
                         "value=\"approve\">Hide the record</button> "
                         "<button type=\"submit\" name=\"decision\" "
                         "value=\"reject\">Reject</button>");
    bz_html_raw(out, "</form></li>\n");
}

static void optout_list(struct bz_request *req, struct bz_buf *out,
                        const struct bz_viewer *v, const char *state,
                        const char *title)
{
    struct bz_opt_out *list;
    size_t count;

    bz_html_raw(out, "<h2>");
    bz_html_text(out, title);
    if (req->store->ops->opt_out_list(req->store, req->arena, state,
                                      OPTOUT_MODERATE_MAX, &list, &count,
                                      NULL) != BZ_OK) {
        bz_html_raw(out, "</h2>\n<p class=\"problem\">The opt-outs could "
                         "not be read.</p>\n");
        return;
    }
    bz_buf_printf(out, " (%zu)</h2>\n<ul>\n", count);
    for (size_t i = 0; i < count; i++)
        optout_item(out, v, &list[i]);
    if (count == 0)
        bz_html_raw(out, "<li>None.</li>\n");
    bz_html_raw(out, "</ul>\n");
}

void bz_page_optouts_section(struct bz_request *req, struct bz_buf *out,
                             const struct bz_viewer *v)
{
    if (!v->signed_in || !bz_owner_is_moderator(&v->account))
        return;
    optout_list(req, out, v, "pending", "Records their people ask to hide");
    optout_list(req, out, v, "approved",
                "Records hidden at their "
                "people's request");
}

enum bz_status bz_page_optouts_decide(struct bz_request *req,
                                      struct bz_response *resp,
                                      struct bz_error *err)
{
    const char *id = bz_request_form(req, "id");
    const char *decision = bz_request_form(req, "decision");
    struct bz_viewer v;
    struct bz_owner_ctx ctx;
    char *end;
    long long n = id ? strtoll(id, &end, 10) : 0;
    enum bz_status status;

    if ((status = bz_form_poster(req, &v, err)) != BZ_OK)
        return status;
    if (!bz_owner_is_moderator(&v.account))
        return bz_error_set(err, BZ_FORBIDDEN, "this page is for moderators");
    if (id == NULL || *end != '\0' || n <= 0)
        return bz_error_set(err, BZ_INVALID, "which opt-out?");
    ctx.store = req->store;
    ctx.cfg = req->config;
    ctx.now = (int64_t)time(NULL);
    status = bz_opt_out_decide(&ctx, &v.account, n, decision,
                               bz_request_form(req, "reason"), err);
    if (status != BZ_OK)
        return status;
    if (req->site != NULL)
        bz_outbox_kick(req->site->outbox);
    return bz_form_see_other(req, resp, "/moderate?done=opt-out", err);
}
