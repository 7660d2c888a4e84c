/* page_claim.c - claiming a researcher record, and the moderators' page.
 *
 * The rules are claim.c's (claim.h); ORCID's sign-in is oauth/orcid.h's.
 * Here: the claim form on /researchers/{id}/claim, the trip through ORCID
 * (/researchers/{id}/claim/orcid out, /oauth/orcid/callback back), a
 * claimant's withdrawal, and /moderate, where moderators decide claims and
 * see the records that look like two people in one. None of these pages
 * is cached: each depends on who asks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "claim/claim.h"
#include "core/ids.h"
#include "http/viewer.h"
#include "mail/outbox.h"
#include "oauth/orcid.h"
#include "pages/forms.h"
#include "pages/html.h"
#include "pages/page_parts.h"
#include "pages/page_collab.h"
#include "pages/page_reactions.h"
#include "pages/pages.h"
#include "profile/doubts_scan.h"

#define CLAIM_MODERATE_MAX 200 /* claims listed on /moderate */

static void claim_ctx(const struct bz_request *req, struct bz_claim_ctx *ctx)
{
    ctx->store = req->store;
    ctx->cfg = req->config;
    ctx->now = (int64_t)time(NULL);
}

static const char *claim_state_text(enum bz_claim_state state)
{
    switch (state) {
    case BZ_CLAIM_APPROVED:
        return "Your claim is approved: the record is yours.";
    case BZ_CLAIM_DISPUTED:
        return "Someone else claims this record too: a moderator will "
               "decide, and you will hear by email.";
    default:
        return "Your claim waits for a moderator; you will hear by email.";
    }
}

/* --- the claim form ------------------------------------------------------ */

static void claim_option(struct bz_buf *out, const char *value,
                         const char *label, const char *hint, int checked)
{
    bz_html_raw(out, "<p><label><input type=\"radio\" name=\"evidence\" "
                     "value=\"");
    bz_html_text(out, value);
    bz_html_raw(out, checked ? "\" checked> " : "\"> ");
    bz_html_text(out, label);
    bz_html_raw(out, "</label><br><span class=\"muted\">");
    bz_html_text(out, hint);
    bz_html_raw(out, "</span></p>\n");
}

/* The claim form (notice NULL), or once a claim is made, the notice of
 * what became of it and no form to send it again. */
static enum bz_status claim_page(struct bz_request *req,
                                 struct bz_response *resp,
                                 const struct bz_viewer *v,
                                 const struct bz_researcher *r,
                                 const char *notice, const char *problem,
                                 struct bz_error *err)
{
    struct bz_buf *out = &resp->body;
    char action[64], title[256];
    enum bz_status status;

    if ((status = bz_form_personal(resp, err)) != BZ_OK)
        return status;
    snprintf(title, sizeof(title), "Claim %s", r->display_name);
    snprintf(action, sizeof(action), "/researchers/R%lld/claim",
             (long long)r->id);
    bz_form_page_begin(out, title, v, notice, problem);
    if (notice != NULL) {
        bz_html_raw(out, "<p>Back to ");
        bz_page_researcher_link(out, r->id, r->slug, r->display_name);
        bz_html_raw(out, ", or see your claims on <a href=\"/account\">"
                         "your account</a>.</p>\n");
        bz_form_page_end(out);
        return BZ_OK;
    }
    bz_html_raw(out, "<p>Claiming links the public record ");
    bz_page_researcher_link(out, r->id, r->slug, r->display_name);
    bz_buf_printf(out, " (R%lld) to your account. Choose how you show it "
                       "is yours; what the sources say decides, never what "
                       "is typed here.</p>\n",
                  (long long)r->id);
    if (!v->account.email_verified)
        bz_html_raw(out, "<p class=\"problem\">Confirm your email address "
                         "first (see <a href=\"/account\">your account</a>)."
                         "</p>\n");
    if (bz_orcid_configured(req->config))
        bz_buf_printf(out, "<h2>With ORCID</h2>\n<p><a class=\"button\" "
                           "href=\"/researchers/R%lld/claim/orcid\">Sign in "
                           "with ORCID</a> <span class=\"muted\">Approved at "
                           "once when the iD you prove is the record's "
                           "(Verification L3).</span></p>\n",
                      (long long)r->id);
    bz_html_raw(out, "<h2>With your email address or your words</h2>\n");
    bz_form_begin(out, action, v);
    claim_option(out, "metadata_email", "My address appears in the "
                 "record's source metadata",
                 "Approved at once when it does (L3).", 1);
    claim_option(out, "domain_email", "My address is at the domain of an "
                 "institution the record is affiliated with",
                 "A moderator checks it (L3).", 0);
    claim_option(out, "documents", "Documents for a moderator",
                 "Links to documents that show the record is yours, one "
                 "per line, and a note (L3 when a moderator approves).",
                 0);
    claim_option(out, "statement", "My statement alone",
                 "A note for a moderator (L2 when approved).", 0);
    bz_html_raw(out, "<p><label>Links to documents (one per line)<br>"
                     "<textarea name=\"detail\" rows=\"3\"></textarea>"
                     "</label></p>\n<p><label>A note for the moderator<br>"
                     "<textarea name=\"note\" rows=\"4\"></textarea></label>"
                     "</p>\n<p><button type=\"submit\">Claim this record"
                     "</button></p>\n</form>\n");
    bz_form_page_end(out);
    return BZ_OK;
}

static void claim_kick(struct bz_request *req)
{
    if (req->site != NULL)
        bz_outbox_kick(req->site->outbox);
}

enum bz_status bz_page_claim(struct bz_request *req, struct bz_response *resp,
                             const char *id, struct bz_error *err)
{
    struct bz_viewer v;
    struct bz_researcher r;
    struct bz_claim_ctx ctx;
    struct bz_claim_request claim = {0};
    struct bz_error problem = {0};
    enum bz_claim_state state;
    const char *evidence = bz_request_form(req, "evidence");
    int64_t claim_id;
    enum bz_status status;

    if ((status = bz_form_signed_in(req, resp, &v, req->path, err)) != BZ_OK ||
        (status = bz_page_record(req, id, &r, err)) != BZ_OK)
        return status;
    if (r.merged_into)
        return bz_error_set(err, BZ_CONFLICT, "R%lld was merged into R%lld: "
                            "claim R%lld",
                            (long long)r.id, (long long)r.merged_into,
                            (long long)r.merged_into);
    if (req->method != BZ_POST)
        return claim_page(req, resp, &v, &r, NULL, NULL, err);
    if ((status = bz_viewer_check_post(req, &v, err)) != BZ_OK)
        return status;

    claim.researcher_id = r.id;
    claim.detail = bz_request_form(req, "detail");
    claim.note = bz_request_form(req, "note");
    if (evidence == NULL ||
        bz_claim_evidence_parse(evidence, &claim.evidence) < 0 ||
        claim.evidence == BZ_CLAIM_ORCID) {
        resp->status = 400;
        return claim_page(req, resp, &v, &r, NULL,
                          "choose how you show the record is yours", err);
    }
    claim_ctx(req, &ctx);
    status = bz_claim_submit(&ctx, v.account.id, &claim, &claim_id, &state,
                             &problem);
    if (status != BZ_OK) {
        if ((resp->status = bz_form_status(status)) == 0)
            return bz_error_set(err, status, "%s", problem.message);
        return claim_page(req, resp, &v, &r, NULL, problem.message, err);
    }
    claim_kick(req);
    return claim_page(req, resp, &v, &r, claim_state_text(state), NULL, err);
}

/* --- through ORCID ------------------------------------------------------- */

enum bz_status bz_page_claim_orcid(struct bz_request *req,
                                   struct bz_response *resp, const char *id,
                                   struct bz_error *err)
{
    struct bz_viewer v;
    struct bz_researcher r;
    struct bz_buf url;
    size_t n = strlen(req->path);
    char *back = bz_arena_strndup(req->arena, req->path,
                                  n > 6 ? n - 6 : n); /* less "/orcid" */
    enum bz_status status;

    /* once logged in, back to the claim form, which offers ORCID again */
    if (back == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    if ((status = bz_form_signed_in(req, resp, &v, back, err)) != BZ_OK ||
        (status = bz_page_record(req, id, &r, err)) != BZ_OK)
        return status;
    if (!bz_orcid_configured(req->config))
        return bz_error_set(err, BZ_NOT_FOUND,
                            "sign-in with ORCID is not set up here");
    bz_buf_init(&url, 512);
    status = bz_orcid_authorize_url(req->config, &req->site->secret,
                                    v.account.id, r.id, (int64_t)time(NULL),
                                    &url, err);
    if (status == BZ_OK)
        status = bz_form_see_other(req, resp, url.data, err);
    bz_buf_release(&url);
    return status;
}

enum bz_status bz_page_orcid_callback(struct bz_request *req,
                                      struct bz_response *resp,
                                      struct bz_error *err)
{
    const char *code = bz_request_param(req, "code");
    const char *state_text = bz_request_param(req, "state");
    struct bz_viewer v;
    struct bz_researcher r;
    struct bz_claim_ctx ctx;
    struct bz_claim_request claim = {0};
    struct bz_error problem = {0};
    enum bz_claim_state state;
    char orcid[20], name[256];
    int64_t account_id, researcher_id, claim_id;
    enum bz_status status;

    if ((status = bz_form_signed_in(req, resp, &v, "/account", err)) != BZ_OK)
        return status;
    if (bz_request_param(req, "error") != NULL)
        return bz_error_set(err, BZ_FORBIDDEN,
                            "the sign-in with ORCID was cancelled");
    if (code == NULL || state_text == NULL)
        return bz_error_set(err, BZ_INVALID,
                            "ORCID's answer lacks its code or state");
    status = bz_orcid_callback(req->config, &req->site->secret, code,
                               state_text, strlen(state_text),
                               (int64_t)time(NULL), &account_id,
                               &researcher_id, orcid, name, err);
    if (status != BZ_OK)
        return status;
    /* the trip began in another session: it proves nothing for this one */
    if (account_id != v.account.id)
        return bz_error_set(err, BZ_FORBIDDEN,
                            "this sign-in with ORCID was started by "
                            "another account");
    if ((status = req->store->ops->researcher_get(req->store, req->arena,
                                                  researcher_id, &r, err)) !=
        BZ_OK)
        return status;
    claim.researcher_id = researcher_id;
    claim.evidence = BZ_CLAIM_ORCID;
    claim.detail = orcid;
    claim_ctx(req, &ctx);
    status = bz_claim_submit(&ctx, v.account.id, &claim, &claim_id, &state,
                             &problem);
    if (status != BZ_OK) {
        if ((resp->status = bz_form_status(status)) == 0)
            return bz_error_set(err, status, "%s", problem.message);
        return claim_page(req, resp, &v, &r, NULL, problem.message, err);
    }
    claim_kick(req);
    return claim_page(req, resp, &v, &r, claim_state_text(state), NULL, err);
}

/* --- a claimant's own claims (the account page) -------------------------- */

/* A claim's history from the audit log, as viewer_id may see it: who
 * did what, when and why. Nothing when it cannot be read. */
static void claim_history(struct bz_request *req, int64_t viewer_id,
                          int64_t claim_id, struct bz_buf *out)
{
    struct bz_claim_ctx ctx;
    struct bz_claim_view view;

    claim_ctx(req, &ctx);
    if (bz_claim_get(&ctx, req->arena, viewer_id, claim_id, &view, NULL) !=
            BZ_OK ||
        view.history_count == 0)
        return;
    bz_html_raw(out, "<details class=\"history\"><summary>History"
                     "</summary><ol>\n");
    for (size_t i = 0; i < view.history_count; i++) {
        const struct bz_audit_entry *e = &view.history[i];

        bz_html_raw(out, "<li>");
        bz_html_text(out, e->at);
        bz_html_raw(out, " ");
        bz_html_text(out, e->actor);
        bz_html_raw(out, ": ");
        bz_html_text(out, e->action);
        if (e->reason) {
            bz_html_raw(out, " (");
            bz_html_text(out, e->reason);
            bz_html_raw(out, ")");
        }
        bz_html_raw(out, "</li>\n");
    }
    bz_html_raw(out, "</ol></details>");
}

void bz_page_claims_of(struct bz_request *req, struct bz_buf *out,
                       const struct bz_viewer *v)
{
    struct bz_claim_ctx ctx;
    struct bz_claim_filter filter = {0};
    struct bz_claim *claims;
    size_t count;
    int more;

    claim_ctx(req, &ctx);
    filter.account_id = v->account.id; /* a moderator's own, not all */
    if (bz_claim_list(&ctx, req->arena, v->account.id, &filter, 0, 50,
                      &claims, &count, &more, NULL) != BZ_OK || count == 0)
        return;
    bz_html_raw(out, "<h2>Your claims</h2>\n<ul>\n");
    for (size_t i = 0; i < count; i++) {
        const struct bz_claim *c = &claims[i];
        int open = strcmp(c->state, "pending") == 0 ||
                   strcmp(c->state, "disputed") == 0 ||
                   strcmp(c->state, "approved") == 0;

        bz_buf_printf(out, "<li>C%lld: <a href=\"/researchers/R%lld\">",
                      (long long)c->id, (long long)c->researcher_id);
        bz_html_text(out, c->researcher_name);
        bz_html_raw(out, "</a>, ");
        bz_html_text(out, c->evidence);
        bz_html_raw(out, ", <strong>");
        bz_html_text(out, c->state);
        bz_html_raw(out, "</strong>");
        if (c->level)
            bz_buf_printf(out, " (L%d)", c->level);
        if (c->reason) {
            bz_html_raw(out, ": ");
            bz_html_text(out, c->reason);
        }
        if (open) {
            bz_html_raw(out, " ");
            bz_form_begin(out, "/account/claims/withdraw", v);
            bz_buf_printf(out, "<input type=\"hidden\" name=\"id\" "
                               "value=\"%lld\"><button type=\"submit\">"
                               "Withdraw</button></form>",
                          (long long)c->id);
        }
        claim_history(req, v->account.id, c->id, out);
        bz_html_raw(out, "</li>\n");
    }
    bz_html_raw(out, "</ul>\n");
}

enum bz_status bz_page_claim_withdraw(struct bz_request *req,
                                      struct bz_response *resp,
                                      struct bz_error *err)
{
    const char *id = bz_request_form(req, "id");
    struct bz_viewer v;
    struct bz_claim_ctx ctx;
    char *end;
    long long n = id ? strtoll(id, &end, 10) : 0;
    enum bz_status status;

    if ((status = bz_form_signed_in(req, resp, &v, "/account", err)) != BZ_OK ||
        (status = bz_viewer_check_post(req, &v, err)) != BZ_OK)
        return status;
    if (id == NULL || *end != '\0' || n <= 0)
        return bz_error_set(err, BZ_INVALID, "which claim?");
    claim_ctx(req, &ctx);
    if ((status = bz_claim_withdraw(&ctx, v.account.id, n, err)) != BZ_OK)
        return status;
    return bz_form_see_other(req, resp, "/account?done=withdrawn", err);
}

/* --- /moderate ----------------------------------------------------------- */

static int claim_is_moderator(const struct bz_viewer *v)
{
    return strcmp(v->account.role, "moderator") == 0 ||
           strcmp(v->account.role, "admin") == 0;
}

/* A claim's detail, a line each: its links as links (html.c writes only
 * http and https ones as such), anything else as text. */
static void moderate_detail(struct bz_buf *out, const char *detail)
{
    bz_html_raw(out, "<ul class=\"evidence\">\n");
    while (*detail != '\0') {
        size_t n = strcspn(detail, "\n");
        char line[BZ_CLAIM_DETAIL_MAX + 1];

        if (n > BZ_CLAIM_DETAIL_MAX)
            n = BZ_CLAIM_DETAIL_MAX;
        memcpy(line, detail, n);
        line[n] = '\0';
        bz_html_raw(out, "<li>");
        if (strncmp(line, "https://", 8) == 0 ||
            strncmp(line, "http://", 7) == 0) {
            bz_html_raw(out, "<a rel=\"nofollow noopener\" href=\"");
            bz_html_url(out, line);
            bz_html_raw(out, "\">");
            bz_html_text(out, line);
            bz_html_raw(out, "</a>");
        } else {
            bz_html_text(out, line);
        }
        bz_html_raw(out, "</li>\n");
        detail += strcspn(detail, "\n");
        detail += *detail == '\n';
    }
    bz_html_raw(out, "</ul>");
}

static void moderate_claim(struct bz_request *req, struct bz_buf *out,
                           const struct bz_viewer *v, const struct bz_claim *c)
{
    bz_buf_printf(out, "<li><strong>C%lld</strong> ", (long long)c->id);
    bz_html_text(out, c->account_email ? c->account_email
                                       : "(a deleted account)");
    bz_buf_printf(out, " claims <a href=\"/researchers/R%lld\">",
                  (long long)c->researcher_id);
    bz_html_text(out, c->researcher_name);
    bz_html_raw(out, "</a>: ");
    bz_html_text(out, c->evidence);
    bz_html_raw(out, ", ");
    bz_html_text(out, c->state);
    if (c->evidence_detail)
        moderate_detail(out, c->evidence_detail);
    if (c->note) {
        bz_html_raw(out, "<blockquote>");
        bz_html_text(out, c->note);
        bz_html_raw(out, "</blockquote>");
    }
    bz_form_begin(out, "/moderate/claims", v);
    bz_buf_printf(out, "<input type=\"hidden\" name=\"id\" value=\"%lld\">",
                  (long long)c->id);
    bz_html_raw(out, "<label>Reason (shown to the claimant) <input "
                     "type=\"text\" name=\"reason\"></label> "
                     "<label>Level <select name=\"level\"><option "
                     "value=\"0\">as the evidence says</option><option "
                     "value=\"2\">L2</option><option value=\"3\">L3"
                     "</option></select></label> "
                     "<button type=\"submit\" name=\"decision\" "
                     "value=\"approve\">Approve</button> "
                     "<button type=\"submit\" name=\"decision\" "
                     "value=\"reject\">Reject</button>");
    if (strcmp(c->state, "approved") == 0)
        bz_html_raw(out, " <button type=\"submit\" name=\"decision\" "
                         "value=\"revoke\">Revoke</button>");
    bz_html_raw(out, "</form>");
    claim_history(req, v->account.id, c->id, out);
    bz_html_raw(out, "</li>\n");
}

static enum bz_status moderate_claims(struct bz_request *req,
                                      struct bz_buf *out,
                                      const struct bz_viewer *v,
                                      const char *state, const char *title,
                                      struct bz_error *err)
{
    struct bz_claim_ctx ctx;
    struct bz_claim_filter filter = {0};
    struct bz_claim *claims;
    size_t count;
    int more;
    enum bz_status status;

    claim_ctx(req, &ctx);
    filter.state = state;
    status = bz_claim_list(&ctx, req->arena, v->account.id, &filter, 0,
                           CLAIM_MODERATE_MAX, &claims, &count, &more, err);
    if (status != BZ_OK)
        return status;
    bz_html_raw(out, "<h2>");
    bz_html_text(out, title);
    bz_buf_printf(out, " (%zu%s)</h2>\n<ul>\n", count, more ? "+" : "");
    for (size_t i = 0; i < count; i++)
        moderate_claim(req, out, v, &claims[i]);
    if (count == 0)
        bz_html_raw(out, "<li>None.</li>\n");
    bz_html_raw(out, "</ul>\n");
    return BZ_OK;
}

static void moderate_doubts(struct bz_request *req, struct bz_buf *out)
{
    struct bz_doubts_found *found;
    size_t count;

    bz_html_raw(out, "<h2>Two people in one record?</h2>\n");
    if (bz_doubts_scan(req->store, req->arena, &found, &count, NULL) !=
        BZ_OK) {
        bz_html_raw(out, "<p class=\"problem\">The records could not be "
                         "read.</p>\n");
        return;
    }
    bz_html_raw(out, "<ul>\n");
    for (size_t i = 0; i < count; i++) {
        const struct bz_doubts_found *f = &found[i];

        bz_html_raw(out, "<li>");
        bz_page_researcher_link(out, f->researcher.id, f->researcher.slug,
                                f->researcher.display_name);
        bz_buf_printf(out, ": %zu works %d-%d and %zu works %d-%d, no "
                           "co-author or topic in common. Split: "
                           "<code>bzpeer split R%lld --works",
                      f->doubt.works[0], f->doubt.first_year[0],
                      f->doubt.last_year[0], f->doubt.works[1],
                      f->doubt.first_year[1], f->doubt.last_year[1],
                      (long long)f->researcher.id);
        for (size_t k = 0; k < f->work_count; k++)
            if (f->works[k].group == 1)
                bz_buf_printf(out, " W%lld", (long long)f->works[k].id);
        bz_html_raw(out, "</code></li>\n");
    }
    if (count == 0)
        bz_html_raw(out, "<li>No record looks like two people in one.</li>\n");
    bz_html_raw(out, "</ul>\n");
}

enum bz_status bz_page_moderate(struct bz_request *req,
                                struct bz_response *resp,
                                struct bz_error *err)
{
    struct bz_viewer v;
    struct bz_buf *out = &resp->body;
    const char *done = bz_request_param(req, "done");
    enum bz_status status;

    if ((status = bz_form_signed_in(req, resp, &v, "/moderate", err)) != BZ_OK)
        return status;
    if (!claim_is_moderator(&v))
        return bz_error_set(err, BZ_FORBIDDEN, "this page is for moderators");
    if ((status = bz_form_personal(resp, err)) != BZ_OK)
        return status;
    if (done != NULL)
        done = strcmp(done, "decided") == 0   ? "The claim is decided."
               : strcmp(done, "opt-out") == 0 ? "The opt-out is decided."
               : strcmp(done, "review") == 0  ? "The report is decided."
                                              : NULL;
    bz_form_page_begin(out, "Moderation", &v, done, NULL);
    if ((status = moderate_claims(req, out, &v, "disputed",
                                  "Disputed claims", err)) != BZ_OK ||
        (status = moderate_claims(req, out, &v, "pending",
                                  "Claims waiting", err)) != BZ_OK ||
        (status = moderate_claims(req, out, &v, "approved",
                                  "Claims in force", err)) != BZ_OK)
        return status;
    bz_page_optouts_section(req, out, &v);
    bz_page_reports_section(req, out, &v);
    bz_page_review_reports_section(req, out, &v);
    moderate_doubts(req, out);
    bz_form_page_end(out);
    return BZ_OK;
}

enum bz_status bz_page_moderate_decide(struct bz_request *req,
                                       struct bz_response *resp,
                                       struct bz_error *err)
{
    const char *id = bz_request_form(req, "id");
    const char *decision = bz_request_form(req, "decision");
    const char *level = bz_request_form(req, "level");
    struct bz_viewer v;
    struct bz_claim_ctx ctx;
    enum bz_claim_decision d;
    char *end;
    long long n = id ? strtoll(id, &end, 10) : 0;
    enum bz_status status;

    if ((status = bz_form_signed_in(req, resp, &v, "/moderate", err)) !=
            BZ_OK ||
        (status = bz_viewer_check_post(req, &v, err)) != BZ_OK)
        return status;
    if (!claim_is_moderator(&v))
        return bz_error_set(err, BZ_FORBIDDEN, "this page is for moderators");
    if (id == NULL || *end != '\0' || n <= 0)
        return bz_error_set(err, BZ_INVALID, "which claim?");
    if (decision && strcmp(decision, "approve") == 0)
        d = BZ_CLAIM_APPROVE;
    else if (decision && strcmp(decision, "reject") == 0)
        d = BZ_CLAIM_REJECT;
    else if (decision && strcmp(decision, "revoke") == 0)
        d = BZ_CLAIM_REVOKE;
    else
        return bz_error_set(err, BZ_INVALID,
                            "the decision is approve, reject or revoke");
    claim_ctx(req, &ctx);
    status = bz_claim_decide(&ctx, v.account.id, n, d,
                             level ? atoi(level) : 0,
                             bz_request_form(req, "reason"), err);
    if (status != BZ_OK)
        return status;
    claim_kick(req);
    return bz_form_see_other(req, resp, "/moderate?done=decided", err);
}
