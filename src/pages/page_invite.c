/* page_invite.c - inviting the owner of a claimed record to collaborate
 * (/researchers/{id}/invite), the viewer's invitations, received and sent
 * (/invitations), and their POSTs: accept, decline, withdraw, block,
 * unblock, report.
 *
 * The rules are collaboration.c's (collaboration.h). Every page here
 * depends on who asks and is never cached; every POST carries the form's
 * CSRF token.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "collaboration/collaboration.h"
#include "core/ids.h"
#include "http/site.h"
#include "http/viewer.h"
#include "mail/outbox.h"
#include "pages/forms.h"
#include "pages/html.h"
#include "pages/page_collab.h"
#include "pages/page_parts.h"
#include "pages/pages.h"

#define INVITE_TOPICS_MAX 50 /* the recipient's topics the form offers */

void bz_page_collab_ctx(const struct bz_request *req,
                        struct bz_collab_ctx *ctx)
{
    ctx->store = req->store;
    ctx->cfg = req->config;
    ctx->now = (int64_t)time(NULL);
}

void bz_page_collab_kick(const struct bz_request *req)
{
    if (req->site != NULL)
        bz_outbox_kick(req->site->outbox);
}

int64_t bz_page_collab_number(const char *text, size_t len)
{
    char digits[24];
    char *end;
    long long n;

    if (text == NULL || len == 0 || len >= sizeof(digits))
        return 0;
    memcpy(digits, text, len);
    digits[len] = '\0';
    if (digits[0] < '0' || digits[0] > '9')
        return 0;
    n = strtoll(digits, &end, 10);
    return *end == '\0' && n > 0 ? (int64_t)n : 0;
}

/* --- the invitation form -------------------------------------------------- */

static void invite_topics(struct bz_request *req, struct bz_buf *out,
                          int64_t researcher_id, const char *chosen)
{
    struct bz_topic_ref *topics = NULL;
    size_t count = 0;

    req->store->ops->researcher_topics(req->store, req->arena, researcher_id,
                                       &topics, &count, NULL);
    bz_html_raw(out, "<p><label>Topic (optional)<br><select name=\"topic\">"
                     "<option value=\"\">No topic</option>");
    for (size_t i = 0; i < count && i < INVITE_TOPICS_MAX; i++) {
        char value[32];

        snprintf(value, sizeof(value), "T%lld", (long long)topics[i].id);
        bz_html_raw(out, "<option value=\"");
        bz_html_text(out, value);
        bz_html_raw(out, chosen && strcmp(chosen, value) == 0
                             ? "\" selected>"
                             : "\">");
        bz_html_text(out, topics[i].display_name);
        bz_html_raw(out, "</option>");
    }
    bz_html_raw(out, "</select></label></p>\n");
}

static enum bz_status invite_page(struct bz_request *req,
                                  struct bz_response *resp,
                                  const struct bz_viewer *v,
                                  const struct bz_researcher *r,
                                  const char *problem, int form,
                                  struct bz_error *err)
{
    struct bz_buf *out = &resp->body;
    const char *subject = bz_request_form(req, "subject");
    const char *message = bz_request_form(req, "message");
    char action[64], title[256];
    enum bz_status status;

    if ((status = bz_form_personal(resp, err)) != BZ_OK)
        return status;
    snprintf(title, sizeof(title), "Invite %s to collaborate",
             r->display_name);
    snprintf(action, sizeof(action), "/researchers/R%lld/invite",
             (long long)r->id);
    bz_form_page_begin(out, title, v, NULL, problem);
    bz_html_raw(out, "<p>To ");
    bz_page_researcher_link(out, r->id, r->slug, r->display_name);
    bz_buf_printf(out, " (R%lld).", (long long)r->id);
    if (!form) {
        bz_html_raw(out, "</p>\n");
        bz_form_page_end(out);
        return BZ_OK;
    }
    bz_buf_printf(out,
                  " They see your email address and the record you own, "
                  "if any, and accept or decline; an accepted invitation "
                  "becomes a conversation of the two of you. You may send "
                  "%ld invitations in any 24 hours, and one at a time to "
                  "the same person.</p>\n",
                  bz_collab_daily_cap(req->config));
    bz_form_begin(out, action, v);
    bz_buf_printf(out,
                  "<p><label>Subject<br><input type=\"text\" "
                  "name=\"subject\" maxlength=\"%d\" required value=\"",
                  BZ_COLLAB_SUBJECT_MAX);
    if (subject)
        bz_html_text(out, subject);
    bz_buf_printf(out,
                  "\"></label></p>\n<p><label>Message<br><textarea "
                  "name=\"message\" rows=\"8\" maxlength=\"%d\" required>",
                  BZ_COLLAB_MESSAGE_MAX);
    if (message)
        bz_html_text(out, message);
    bz_html_raw(out, "</textarea></label></p>\n");
    invite_topics(req, out, r->id, bz_request_form(req, "topic"));
    bz_form_submit(out, "Send the invitation");
    bz_form_page_end(out);
    return BZ_OK;
}

enum bz_status bz_page_invite(struct bz_request *req, struct bz_response *resp,
                              const char *id, struct bz_error *err)
{
    struct bz_viewer v;
    struct bz_researcher r;
    struct bz_id_ref ref = {0};
    struct bz_collab_ctx ctx;
    struct bz_error problem = {0};
    char back[64];
    int64_t number, invitation_id;
    enum bz_status status;

    snprintf(back, sizeof(back), "/researchers/%.40s/invite", id);
    if ((status = bz_form_member(req, resp, &v, back, err)) != BZ_OK)
        return status;
    if ((status = bz_resolve_id(req, id, 'R', &number, &ref, err)) ||
        (status = req->store->ops->researcher_get(req->store, req->arena,
                                                  number, &r, err)))
        return status;
    if ((status = bz_collab_may_invite(&v.account, &r, &problem)) != BZ_OK) {
        if ((resp->status = bz_form_status(status)) == 0)
            return bz_error_set(err, status, "%s", problem.message);
        return invite_page(req, resp, &v, &r, problem.message, 0, err);
    }
    if (req->method != BZ_POST)
        return invite_page(req, resp, &v, &r, NULL, 1, err);

    bz_page_collab_ctx(req, &ctx);
    status = bz_collab_invite(&ctx, &v.account, r.id,
                              bz_request_form(req, "subject"),
                              bz_request_form(req, "message"),
                              bz_request_form(req, "topic"), &invitation_id,
                              &problem);
    if (status != BZ_OK) {
        if ((resp->status = bz_form_status(status)) == 0)
            return bz_error_set(err, status, "%s", problem.message);
        return invite_page(req, resp, &v, &r, problem.message, 1, err);
    }
    bz_page_collab_kick(req);
    return bz_form_see_other(req, resp, "/invitations?done=sent", err);
}

/* --- the viewer's invitations --------------------------------------------- */

/* A button of its own form posting to /invitations/{id}/{what}. */
static void invitations_button(struct bz_buf *out, const struct bz_viewer *v,
                               int64_t id, const char *what,
                               const char *label)
{
    char action[64];

    snprintf(action, sizeof(action), "/invitations/%lld/%s", (long long)id,
             what);
    bz_html_raw(out, "<form class=\"inline\" method=\"post\" action=\"");
    bz_html_text(out, action);
    bz_html_raw(out, "\">");
    bz_form_hidden(out, "csrf", v->csrf);
    bz_html_raw(out, "<button type=\"submit\">");
    bz_html_text(out, label);
    bz_html_raw(out, "</button></form> ");
}

void bz_page_collab_report_form(struct bz_buf *out, const struct bz_viewer *v,
                                int64_t id)
{
    char action[64];

    snprintf(action, sizeof(action), "/invitations/%lld/report",
             (long long)id);
    bz_html_raw(out, "<details><summary>Report abuse</summary>");
    bz_form_begin(out, action, v);
    bz_buf_printf(out,
                  "<p><label>What is wrong (moderators then read this "
                  "conversation)<br><textarea name=\"reason\" rows=\"3\" "
                  "maxlength=\"%d\" required></textarea></label></p>\n",
                  BZ_COLLAB_REASON_MAX);
    bz_form_submit(out, "Report to moderators");
    bz_html_raw(out, "</details>\n");
}

void bz_page_collab_block_form(struct bz_buf *out, const struct bz_viewer *v,
                               int64_t id)
{
    invitations_button(out, v, id, "block", "Block this account");
}

static void invitations_item(struct bz_buf *out, const struct bz_viewer *v,
                             const struct bz_invitation *inv,
                             enum bz_collab_role role)
{
    int pending = strcmp(inv->state, "pending") == 0;

    bz_buf_printf(out, "<li class=\"invitation\" id=\"invitation-%lld\">",
                  (long long)inv->id);
    bz_html_raw(out, role == BZ_COLLAB_SENDER ? "To " : "From ");
    bz_html_text(out, bz_collab_other_label(inv, role));
    if (role == BZ_COLLAB_RECIPIENT && inv->sender_record_id != 0)
        bz_buf_printf(out, " (<a href=\"/researchers/R%lld\">R%lld</a>)",
                      (long long)inv->sender_record_id,
                      (long long)inv->sender_record_id);
    if (role == BZ_COLLAB_SENDER)
        bz_buf_printf(out, " (<a href=\"/researchers/R%lld\">R%lld</a>)",
                      (long long)inv->researcher_id,
                      (long long)inv->researcher_id);
    bz_html_raw(out, ": <strong>");
    bz_html_text(out, inv->subject);
    bz_html_raw(out, "</strong> <span class=\"state\">");
    bz_html_text(out, inv->state);
    bz_html_raw(out, "</span>");
    if (inv->topic_name) {
        bz_buf_printf(out, " · topic <a href=\"/topics/T%lld\">",
                      (long long)inv->topic_id);
        bz_html_text(out, inv->topic_name);
        bz_html_raw(out, "</a>");
    }
    bz_html_raw(out, "<blockquote class=\"message-body\">");
    bz_html_text(out, inv->message);
    bz_html_raw(out, "</blockquote>\n");
    if (strcmp(inv->state, "accepted") == 0)
        bz_buf_printf(out,
                      "<p><a href=\"/conversations/%lld\">Open the "
                      "conversation</a></p>\n",
                      (long long)inv->id);
    if (pending && role == BZ_COLLAB_RECIPIENT) {
        invitations_button(out, v, inv->id, "accept", "Accept");
        invitations_button(out, v, inv->id, "decline", "Decline");
    }
    if (pending && role == BZ_COLLAB_SENDER)
        invitations_button(out, v, inv->id, "withdraw", "Withdraw");
    if (role == BZ_COLLAB_RECIPIENT && inv->sender_id != 0) {
        bz_page_collab_block_form(out, v, inv->id);
        bz_page_collab_report_form(out, v, inv->id);
    }
    bz_html_raw(out, "</li>\n");
}

static enum bz_status invitations_list(struct bz_request *req,
                                       struct bz_buf *out,
                                       const struct bz_viewer *v,
                                       const char *which, const char *title,
                                       struct bz_error *err)
{
    enum bz_collab_role role = strcmp(which, "sent") == 0
                                   ? BZ_COLLAB_SENDER
                                   : BZ_COLLAB_RECIPIENT;
    struct bz_invitation *list;
    size_t count;
    enum bz_status status;

    status = req->store->ops->invitation_list(req->store, req->arena,
                                              v->account.id, which,
                                              BZ_COLLAB_LIST_MAX, &list,
                                              &count, err);
    if (status != BZ_OK)
        return status;
    bz_buf_printf(out, "<h2>%s (%zu)</h2>\n<ul class=\"invitations\" "
                       "id=\"%s\">\n",
                  title, count, which);
    for (size_t i = 0; i < count; i++)
        invitations_item(out, v, &list[i], role);
    if (count == 0)
        bz_html_raw(out, "<li>None.</li>\n");
    bz_html_raw(out, "</ul>\n");
    return BZ_OK;
}

static enum bz_status invitations_blocks(struct bz_request *req,
                                         struct bz_buf *out,
                                         const struct bz_viewer *v,
                                         struct bz_error *err)
{
    struct bz_block *blocks;
    size_t count;
    enum bz_status status;

    status = req->store->ops->block_list(req->store, req->arena,
                                         v->account.id, &blocks, &count, err);
    if (status != BZ_OK || count == 0)
        return status;
    bz_buf_printf(out, "<h2>Accounts you block (%zu)</h2>\n<ul>\n", count);
    for (size_t i = 0; i < count; i++) {
        char id[32];

        snprintf(id, sizeof(id), "%lld", (long long)blocks[i].blocked_id);
        bz_html_raw(out, "<li>");
        bz_html_text(out, blocks[i].blocked_record_name
                              ? blocks[i].blocked_record_name
                              : blocks[i].blocked_email);
        bz_html_raw(out, " ");
        bz_form_begin(out, "/invitations/unblock", v);
        bz_form_hidden(out, "account", id);
        bz_html_raw(out, "<button type=\"submit\">Unblock</button></form>"
                         "</li>\n");
    }
    bz_html_raw(out, "</ul>\n");
    return BZ_OK;
}

static const char *invitations_notice(const char *done)
{
    static const struct {
        const char *done, *text;
    } notices[] = {
        {"sent", "Your invitation is sent."},
        {"accept", "You accepted the invitation."},
        {"decline", "You declined the invitation."},
        {"withdraw", "You withdrew the invitation."},
        {"block", "The account is blocked: it can no longer invite you or "
                  "write to you."},
        {"unblock", "The account is no longer blocked."},
        {"report", "Thank you: moderators will read the conversation."},
    };

    for (size_t i = 0; done && i < sizeof(notices) / sizeof(notices[0]); i++)
        if (strcmp(done, notices[i].done) == 0)
            return notices[i].text;
    return NULL;
}

enum bz_status bz_page_invitations(struct bz_request *req,
                                   struct bz_response *resp,
                                   struct bz_error *err)
{
    struct bz_viewer v;
    struct bz_buf *out = &resp->body;
    enum bz_status status;

    if ((status = bz_form_signed_in(req, resp, &v, "/invitations", err)) !=
            BZ_OK ||
        !v.signed_in)
        return status;
    if ((status = bz_form_personal(resp, err)) != BZ_OK)
        return status;
    bz_form_page_begin(out, "Invitations", &v,
                       invitations_notice(bz_request_param(req, "done")),
                       NULL);
    bz_html_raw(out, "<p><a href=\"/conversations\">Your conversations"
                     "</a></p>\n");
    if ((status = invitations_list(req, out, &v, "received", "Received",
                                   err)) != BZ_OK ||
        (status = invitations_list(req, out, &v, "sent", "Sent", err)) !=
            BZ_OK ||
        (status = invitations_blocks(req, out, &v, err)) != BZ_OK)
        return status;
    bz_form_page_end(out);
    return BZ_OK;
}

/* --- the POSTs ------------------------------------------------------------ */

/* Where an answer sends the viewer back to: a conversation for the
 * accepted and the blocked, the list otherwise. */
static enum bz_status invitations_back(struct bz_request *req,
                                       struct bz_response *resp,
                                       const char *what, int64_t id,
                                       struct bz_error *err)
{
    char *to;

    if (strcmp(what, "accept") == 0)
        to = bz_arena_printf(req->arena, "/conversations/%lld",
                             (long long)id);
    else
        to = bz_arena_printf(req->arena, "/invitations?done=%s", what);
    if (to == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    return bz_form_see_other(req, resp, to, err);
}

static enum bz_status invitations_unblock(struct bz_request *req,
                                          struct bz_response *resp,
                                          const struct bz_viewer *v,
                                          struct bz_error *err)
{
    const char *account = bz_request_form(req, "account");
    int64_t blocked = bz_page_collab_number(account,
                                            account ? strlen(account) : 0);
    struct bz_collab_ctx ctx;
    enum bz_status status;

    if (blocked == 0)
        return bz_error_set(err, BZ_INVALID, "which account to unblock?");
    bz_page_collab_ctx(req, &ctx);
    if ((status = bz_collab_unblock(&ctx, &v->account, blocked, err)))
        return status;
    return bz_form_see_other(req, resp, "/invitations?done=unblock", err);
}

enum bz_status bz_page_invitation_post(struct bz_request *req,
                                       struct bz_response *resp,
                                       const char *rest, struct bz_error *err)
{
    const char *slash = strchr(rest, '/');
    const char *what = slash ? slash + 1 : "";
    int64_t id = bz_page_collab_number(rest, slash ? (size_t)(slash - rest)
                                                   : 0);
    struct bz_viewer v;
    struct bz_collab_ctx ctx;
    enum bz_status status;

    if ((status = bz_form_member(req, resp, &v, "/invitations", err)) !=
        BZ_OK)
        return status;
    if (strcmp(rest, "unblock") == 0)
        return invitations_unblock(req, resp, &v, err);
    if (id == 0)
        return bz_error_set(err, BZ_NOT_FOUND, "no page '%s'", req->path);
    bz_page_collab_ctx(req, &ctx);
    if (strcmp(what, "block") == 0)
        status = bz_collab_block(&ctx, &v.account, id, 1, err);
    else if (strcmp(what, "report") == 0)
        status = bz_collab_report(&ctx, &v.account, id,
                                  bz_request_form(req, "reason"), err);
    else if (strcmp(what, "accept") == 0 || strcmp(what, "decline") == 0 ||
             strcmp(what, "withdraw") == 0)
        status = bz_collab_answer(&ctx, &v.account, id, what, err);
    else
        return bz_error_set(err, BZ_NOT_FOUND, "no page '%s'", req->path);
    if (status != BZ_OK)
        return status;
    bz_page_collab_kick(req);
    return invitations_back(req, resp, what, id, err);
}
