/* page_conversation.c - the conversations that accepted invitations
 * become: the viewer's list (/conversations), one conversation with its
 * messages and the form for a new one (/conversations/{id}), the
 * moderators' list of reported ones (a section of /moderate) and the
 * account page's line of what waits.
 *
 * Who may read and write is collaboration.c's: the two parties, and a
 * moderator, read only, once a party reported it; anyone else gets 404.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "collaboration/collaboration.h"
#include "owner/owner.h"
#include "pages/forms.h"
#include "pages/html.h"
#include "pages/page_collab.h"
#include "pages/pages.h"

#define CONVERSATION_REPORTS_MAX 200 /* reports /moderate lists */

/* "2026-12-03 16:20 UTC" */
static void conversation_time(struct bz_buf *out, int64_t at)
{
    time_t t = (time_t)at;
    struct tm tm;
    char text[32];

    if (gmtime_r(&t, &tm) == NULL ||
        strftime(text, sizeof(text), "%Y-%m-%d %H:%M UTC", &tm) == 0)
        return;
    bz_html_text(out, text);
}

/* --- the list ------------------------------------------------------------- */

enum bz_status bz_page_conversations(struct bz_request *req,
                                     struct bz_response *resp,
                                     struct bz_error *err)
{
    struct bz_viewer v;
    struct bz_buf *out = &resp->body;
    struct bz_invitation *list;
    size_t count;
    enum bz_status status;

    if ((status = bz_form_signed_in(req, resp, &v, "/conversations", err)) !=
            BZ_OK ||
        !v.signed_in)
        return status;
    if ((status = req->store->ops->invitation_list(
             req->store, req->arena, v.account.id, "conversations",
             BZ_COLLAB_LIST_MAX, &list, &count, err)) != BZ_OK ||
        (status = bz_form_personal(resp, err)) != BZ_OK)
        return status;
    bz_form_page_begin(out, "Conversations", &v, NULL, NULL);
    bz_html_raw(out, "<p><a href=\"/invitations\">Your invitations</a></p>\n"
                     "<ul class=\"conversations\">\n");
    for (size_t i = 0; i < count; i++) {
        enum bz_collab_role role = list[i].sender_id == v.account.id
                                       ? BZ_COLLAB_SENDER
                                       : BZ_COLLAB_RECIPIENT;

        bz_buf_printf(out, "<li><a href=\"/conversations/%lld\">",
                      (long long)list[i].id);
        bz_html_text(out, list[i].subject);
        bz_html_raw(out, "</a> with ");
        bz_html_text(out, bz_collab_other_label(&list[i], role));
        if (list[i].unread > 0)
            bz_buf_printf(out, " <strong class=\"unread\">%ld unread</strong>",
                          list[i].unread);
        bz_html_raw(out, "</li>\n");
    }
    if (count == 0)
        bz_html_raw(out, "<li>None yet: an accepted invitation becomes a "
                         "conversation.</li>\n");
    bz_html_raw(out, "</ul>\n");
    bz_form_page_end(out);
    return BZ_OK;
}

/* --- one conversation ----------------------------------------------------- */

static void conversation_message(struct bz_buf *out,
                                 const struct bz_message *m,
                                 const struct bz_invitation *inv,
                                 int is_new)
{
    const char *who;

    if (m->author_id == 0)
        who = "a deleted account";
    else if (m->author_id == inv->sender_id)
        who = inv->sender_record_name ? inv->sender_record_name
                                      : inv->sender_email;
    else
        who = inv->researcher_name;
    bz_buf_printf(out, "<li class=\"message%s\" id=\"message-%lld\">",
                  is_new ? " unread" : "", (long long)m->id);
    bz_html_raw(out, "<p class=\"meta\"><strong>");
    bz_html_text(out, who ? who : "a deleted account");
    bz_html_raw(out, "</strong> · ");
    conversation_time(out, m->created_at);
    if (is_new)
        bz_html_raw(out, " · <strong class=\"unread\">new</strong>");
    bz_html_raw(out, "</p><div class=\"message-body\">");
    bz_html_text(out, m->body);
    bz_html_raw(out, "</div></li>\n");
}

static enum bz_status
conversation_page(struct bz_request *req, struct bz_response *resp,
                  const struct bz_viewer *v, const struct bz_invitation *inv,
                  enum bz_collab_role role, const char *problem,
                  struct bz_error *err)
{
    struct bz_buf *out = &resp->body;
    struct bz_collab_ctx ctx;
    struct bz_message *messages;
    size_t count, others = 0;
    char action[64];
    enum bz_status status;

    bz_page_collab_ctx(req, &ctx);
    if ((status = bz_collab_messages(&ctx, req->arena, &v->account, inv,
                                     role, &messages, &count, err)) ||
        (status = bz_form_personal(resp, err)))
        return status;
    bz_form_page_begin(out, inv->subject, v, NULL, problem);
    bz_html_raw(out, "<p>");
    if (role == BZ_COLLAB_MODERATOR)
        bz_html_raw(out, "You read this conversation as a moderator: a "
                         "party reported it. ");
    bz_html_raw(out, "Between ");
    bz_html_text(out, bz_collab_other_label(inv, BZ_COLLAB_RECIPIENT));
    bz_html_raw(out, " and ");
    bz_buf_printf(out, "<a href=\"/researchers/R%lld\">",
                  (long long)inv->researcher_id);
    bz_html_text(out, inv->researcher_name);
    bz_html_raw(out, "</a>. Only the two of you read it (and moderators, "
                     "should one of you report it).</p>\n"
                     "<h2>The invitation</h2>\n"
                     "<div class=\"message-body\">");
    bz_html_text(out, inv->message);
    bz_buf_printf(out, "</div>\n<h2>Messages (%zu)</h2>\n"
                       "<ol class=\"messages\">\n",
                  count);
    /* the newest inv->unread messages of the other party were unread */
    for (size_t i = count; i-- > 0;)
        others += messages[i].author_id != v->account.id;
    for (size_t i = 0, seen = 0; i < count; i++) {
        int theirs = messages[i].author_id != v->account.id;

        seen += theirs;
        conversation_message(out, &messages[i], inv,
                             role != BZ_COLLAB_MODERATOR && theirs &&
                                 others - seen < (size_t)inv->unread);
    }
    bz_html_raw(out, "</ol>\n");
    if (role != BZ_COLLAB_MODERATOR) {
        snprintf(action, sizeof(action), "/conversations/%lld",
                 (long long)inv->id);
        bz_form_begin(out, action, v);
        bz_buf_printf(out,
                      "<p><label>Your message<br><textarea name=\"body\" "
                      "rows=\"5\" maxlength=\"%d\" required></textarea>"
                      "</label></p>\n",
                      BZ_COLLAB_MESSAGE_MAX);
        bz_form_submit(out, "Send");
        bz_page_collab_block_form(out, v, inv->id);
        bz_page_collab_report_form(out, v, inv->id);
    }
    bz_form_page_end(out);
    return BZ_OK;
}

enum bz_status bz_page_conversation(struct bz_request *req,
                                    struct bz_response *resp,
                                    const char *rest, struct bz_error *err)
{
    int64_t id = bz_page_collab_number(rest, strlen(rest));
    struct bz_viewer v;
    struct bz_collab_ctx ctx;
    struct bz_invitation inv;
    enum bz_collab_role role;
    struct bz_error problem = {0};
    char back[64], *to;
    int64_t message_id;
    enum bz_status status;

    snprintf(back, sizeof(back), "/conversations/%lld", (long long)id);
    if (id == 0)
        return bz_error_set(err, BZ_NOT_FOUND, "no page '%s'", req->path);
    if ((status = bz_form_member(req, resp, &v, back, err)) != BZ_OK)
        return status;
    bz_page_collab_ctx(req, &ctx);
    if ((status = bz_collab_open(&ctx, req->arena, &v.account, id, 1, &inv,
                                 &role, err)) != BZ_OK)
        return status;
    if (req->method != BZ_POST)
        return conversation_page(req, resp, &v, &inv, role, NULL, err);

    status = bz_collab_post(&ctx, &v.account, id, bz_request_form(req, "body"),
                            &message_id, &problem);
    if (status != BZ_OK) {
        if ((resp->status = bz_form_status(status)) == 0)
            return bz_error_set(err, status, "%s", problem.message);
        return conversation_page(req, resp, &v, &inv, role, problem.message,
                                 err);
    }
    bz_page_collab_kick(req);
    to = bz_arena_printf(req->arena, "/conversations/%lld#message-%lld",
                         (long long)id, (long long)message_id);
    if (to == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    return bz_form_see_other(req, resp, to, err);
}

/* --- moderators and the account page -------------------------------------- */

void bz_page_reports_section(struct bz_request *req, struct bz_buf *out,
                             const struct bz_viewer *v)
{
    struct bz_abuse_report *list;
    size_t count;

    if (!v->signed_in || !bz_owner_is_moderator(&v->account))
        return;
    bz_html_raw(out, "<h2>Reported conversations");
    if (req->store->ops->report_list(req->store, req->arena,
                                     CONVERSATION_REPORTS_MAX, &list, &count,
                                     NULL) != BZ_OK) {
        bz_html_raw(out, "</h2>\n<p class=\"problem\">The reports could not "
                         "be read.</p>\n");
        return;
    }
    bz_buf_printf(out, " (%zu)</h2>\n<ul class=\"reports\">\n", count);
    for (size_t i = 0; i < count; i++) {
        bz_buf_printf(out, "<li><a href=\"/conversations/%lld\">",
                      (long long)list[i].invitation_id);
        bz_html_text(out, list[i].subject);
        bz_html_raw(out, "</a>, reported by ");
        bz_html_text(out, list[i].reporter_email ? list[i].reporter_email
                                                 : "a deleted account");
        bz_html_raw(out, " on ");
        conversation_time(out, list[i].created_at);
        bz_html_raw(out, "<blockquote>");
        bz_html_text(out, list[i].reason);
        bz_html_raw(out, "</blockquote></li>\n");
    }
    if (count == 0)
        bz_html_raw(out, "<li>None.</li>\n");
    bz_html_raw(out, "</ul>\n");
}

void bz_page_collab_summary(struct bz_request *req, struct bz_buf *out,
                            const struct bz_viewer *v)
{
    struct bz_invitation *list;
    size_t count, waiting = 0;
    long unread = 0;

    if (req->store->ops->invitation_list(req->store, req->arena,
                                         v->account.id, "received",
                                         BZ_COLLAB_LIST_MAX, &list, &count,
                                         NULL) != BZ_OK ||
        req->store->ops->unread_total(req->store, v->account.id, &unread,
                                      NULL) != BZ_OK)
        return;
    for (size_t i = 0; i < count; i++)
        waiting += strcmp(list[i].state, "pending") == 0;
    bz_buf_printf(out,
                  "<h2>Collaboration</h2>\n<p class=\"collaboration\">"
                  "<a href=\"/invitations\">Invitations</a>: %zu waiting "
                  "for your answer · <a href=\"/conversations\">"
                  "Conversations</a>: %ld unread</p>\n",
                  waiting, unread);
}
