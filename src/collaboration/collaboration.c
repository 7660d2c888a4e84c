/* collaboration.c - invitations, conversations, blocks and reports
 * (collaboration.h). */
#include "collaboration/collaboration.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "owner/owner.h"

static enum bz_status collab_begin(const struct bz_collab_ctx *ctx,
                                   struct bz_error *err)
{
    return ctx->store->ops->begin(ctx->store, err);
}

static enum bz_status collab_end(const struct bz_collab_ctx *ctx,
                                 enum bz_status status, struct bz_error *err)
{
    return bz_store_finish(ctx->store, status, err);
}

static const char *collab_base(const struct bz_collab_ctx *ctx)
{
    return ctx->cfg && ctx->cfg->base_url ? ctx->cfg->base_url : "";
}

long bz_collab_daily_cap(const struct bz_config *cfg)
{
    return cfg ? cfg->daily_invitations : BZ_COLLAB_DAILY_DEFAULT;
}

/* A required text of at most max bytes; one line when one_line. */
static enum bz_status collab_text(const char *field, const char *value,
                                  size_t max, int one_line,
                                  struct bz_error *err)
{
    const char *p = value;

    while (p && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
        p++;
    if (p == NULL || *p == '\0')
        return bz_error_set(err, BZ_INVALID, "the %s is empty", field);
    if (strlen(value) > max)
        return bz_error_set(err, BZ_INVALID, "the %s is longer than %zu bytes",
                            field, max);
    if (one_line && strpbrk(value, "\r\n") != NULL)
        return bz_error_set(err, BZ_INVALID, "the %s must be one line", field);
    return BZ_OK;
}

/* "T12" (or "t12") as 12; 0 for NULL or "" (none); -1 when malformed. */
static int64_t collab_topic_id(const char *topic)
{
    char *end;
    long long n;

    if (topic == NULL || *topic == '\0')
        return 0;
    if (topic[0] != 'T' && topic[0] != 't')
        return -1;
    if (topic[1] < '0' || topic[1] > '9')
        return -1;
    n = strtoll(topic + 1, &end, 10);
    return *end == '\0' && n > 0 ? (int64_t)n : -1;
}

enum bz_status bz_collab_may_invite(const struct bz_account *sender,
                                    const struct bz_researcher *r,
                                    struct bz_error *err)
{
    if (r->hidden_at != 0)
        return bz_error_set(err, BZ_GONE, "this record is hidden");
    if (r->claim_level == 0 || r->merged_into != 0)
        return bz_error_set(err, BZ_FORBIDDEN,
                            "claim this author entity first to unlock direct "
                            "invitations");
    if (!r->open_to_collaborate)
        return bz_error_set(err, BZ_FORBIDDEN,
                            "this researcher is not taking invitations now");
    if (sender->owns_researcher_id == r->id)
        return bz_error_set(err, BZ_FORBIDDEN,
                            "this is your own record: invite someone else");
    if (!sender->email_verified)
        return bz_error_set(err, BZ_FORBIDDEN,
                            "confirm your email address first");
    return BZ_OK;
}

/* Queues a mail to address (nothing when it is NULL: a deleted account). */
static enum bz_status collab_mail(const struct bz_collab_ctx *ctx,
                                  const char *address, const char *subject,
                                  const char *body, struct bz_error *err)
{
    if (address == NULL)
        return BZ_OK;
    return ctx->store->ops->mail_enqueue(ctx->store, address, subject, body,
                                         ctx->now, err);
}

static enum bz_status collab_mail_invitation(const struct bz_collab_ctx *ctx,
                                             struct bz_arena *arena,
                                             const struct bz_account *sender,
                                             const char *to,
                                             const struct bz_invitation *inv,
                                             const char *topic_name,
                                             struct bz_error *err)
{
    char *subject = bz_arena_printf(arena, "Invitation to collaborate: %s",
                                    inv->subject);
    char *body = bz_arena_printf(
        arena,
        "%s invites you to collaborate, as the owner of the record R%lld.\n"
        "\nSubject: %s\n%s%s%s\n%s\n\nAccept or decline it here:\n"
        "%s/invitations\n",
        sender->email, (long long)inv->researcher_id, inv->subject,
        topic_name ? "Topic: " : "", topic_name ? topic_name : "",
        topic_name ? "\n" : "", inv->message, collab_base(ctx));

    if (subject == NULL || body == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    return collab_mail(ctx, to, subject, body, err);
}

/* The checks and the insert of bz_collab_invite, in its transaction. */
static enum bz_status collab_invite_write(const struct bz_collab_ctx *ctx,
                                          struct bz_arena *arena,
                                          const struct bz_account *sender,
                                          struct bz_invitation *inv,
                                          int64_t *id, struct bz_error *err)
{
    const struct bz_store_ops *ops = ctx->store->ops;
    struct bz_researcher r;
    struct bz_account owner;
    const char *topic_name = NULL;
    long sent = 0, cap = bz_collab_daily_cap(ctx->cfg);
    int blocked = 0;
    enum bz_status status;

    if ((status = ops->researcher_get(ctx->store, arena, inv->researcher_id,
                                      &r, err)) != BZ_OK ||
        (status = bz_collab_may_invite(sender, &r, err)) != BZ_OK)
        return status;
    if (inv->topic_id > 0 &&
        (status = ops->topic_name(ctx->store, arena, inv->topic_id,
                                  &topic_name, err)) != BZ_OK)
        return status == BZ_NOT_FOUND ? bz_error_set(err, BZ_INVALID,
                                                     "no topic 'T%lld'",
                                                     (long long)inv->topic_id)
                                      : status;
    if ((status = ops->researcher_owner(ctx->store, r.id, &inv->recipient_id,
                                        err)) != BZ_OK)
        return status;
    if (inv->recipient_id == 0)
        return bz_error_set(err, BZ_FORBIDDEN,
                            "claim this author entity first to unlock direct "
                            "invitations");
    if (inv->recipient_id == sender->id)
        return bz_error_set(err, BZ_FORBIDDEN,
                            "this is your own record: invite someone else");
    if ((status = ops->block_exists(ctx->store, inv->recipient_id, sender->id,
                                    &blocked, err)) != BZ_OK)
        return status;
    if (blocked)
        return bz_error_set(err, BZ_FORBIDDEN,
                            "this researcher does not take invitations from "
                            "you");
    if ((status = ops->invitation_count_since(ctx->store, sender->id,
                                              ctx->now - BZ_COLLAB_DAY + 1,
                                              &sent, err)) != BZ_OK)
        return status;
    if (cap == 0)
        return bz_error_set(err, BZ_FORBIDDEN,
                            "this instance takes no invitations "
                            "(collaboration.daily_invitations is 0)");
    if (sent >= cap)
        return bz_error_set(err, BZ_RATE_LIMITED,
                            "you sent %ld invitations in the last 24 hours, "
                            "the most there may be: try again later",
                            sent);
    if ((status = ops->account_get(ctx->store, arena, inv->recipient_id,
                                   &owner, err)) != BZ_OK ||
        (status = ops->invitation_insert(ctx->store, inv, id, err)) != BZ_OK)
        return status;
    return collab_mail_invitation(ctx, arena, sender, owner.email, inv,
                                  topic_name, err);
}

enum bz_status bz_collab_invite(const struct bz_collab_ctx *ctx,
                                const struct bz_account *sender,
                                int64_t researcher_id, const char *subject,
                                const char *message, const char *topic,
                                int64_t *id, struct bz_error *err)
{
    struct bz_invitation inv = {0};
    struct bz_arena arena;
    enum bz_status status;

    *id = 0;
    if ((status = collab_text("subject", subject, BZ_COLLAB_SUBJECT_MAX, 1,
                              err)) != BZ_OK ||
        (status = collab_text("message", message, BZ_COLLAB_MESSAGE_MAX, 0,
                              err)) != BZ_OK)
        return status;
    if ((inv.topic_id = collab_topic_id(topic)) < 0)
        return bz_error_set(err, BZ_INVALID,
                            "no topic '%.40s': give a T id, such as T12",
                            topic);
    inv.sender_id = sender->id;
    inv.researcher_id = researcher_id;
    inv.subject = subject;
    inv.message = message;
    inv.created_at = ctx->now;
    bz_arena_init(&arena, 0);
    if ((status = collab_begin(ctx, err)) == BZ_OK)
        status = collab_end(
            ctx, collab_invite_write(ctx, &arena, sender, &inv, id, err), err);
    bz_arena_release(&arena);
    return status;
}

/* --- answers -------------------------------------------------------------- */

/* The state an answer moves to, the party who gives it; NULL for none. */
static const char *collab_answer_state(const char *answer, int *by_sender)
{
    *by_sender = 0;
    if (strcmp(answer, "accept") == 0)
        return "accepted";
    if (strcmp(answer, "decline") == 0)
        return "declined";
    if (strcmp(answer, "withdraw") == 0) {
        *by_sender = 1;
        return "withdrawn";
    }
    return NULL;
}

static enum bz_status collab_mail_answer(const struct bz_collab_ctx *ctx,
                                         struct bz_arena *arena,
                                         const struct bz_invitation *inv,
                                         const char *to_state,
                                         struct bz_error *err)
{
    int accepted = strcmp(to_state, "accepted") == 0;
    char *subject, *body;

    if (!accepted && strcmp(to_state, "declined") != 0)
        return BZ_OK; /* a sender who withdraws tells nobody */
    subject = bz_arena_printf(arena, "%s %s your invitation: %s",
                              inv->researcher_name, to_state, inv->subject);
    body = accepted
               ? bz_arena_printf(arena,
                                 "%s (R%lld) accepted your invitation "
                                 "\"%s\". Your conversation is open:\n"
                                 "%s/conversations/%lld\n",
                                 inv->researcher_name,
                                 (long long)inv->researcher_id, inv->subject,
                                 collab_base(ctx), (long long)inv->id)
               : bz_arena_printf(arena,
                                 "%s (R%lld) declined your invitation "
                                 "\"%s\".\n%s/invitations\n",
                                 inv->researcher_name,
                                 (long long)inv->researcher_id, inv->subject,
                                 collab_base(ctx));
    if (subject == NULL || body == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    return collab_mail(ctx, inv->sender_email, subject, body, err);
}

static enum bz_status collab_answer_write(const struct bz_collab_ctx *ctx,
                                          struct bz_arena *arena,
                                          const struct bz_account *a,
                                          int64_t id, const char *answer,
                                          struct bz_error *err)
{
    const struct bz_store_ops *ops = ctx->store->ops;
    struct bz_invitation inv;
    int by_sender;
    const char *to = collab_answer_state(answer, &by_sender);
    enum bz_status status;

    if (to == NULL)
        return bz_error_set(err, BZ_INVALID,
                            "no answer '%.20s': accept, decline or withdraw",
                            answer);
    status = ops->invitation_get(ctx->store, arena, id, a->id, &inv, err);
    if (status != BZ_OK && status != BZ_NOT_FOUND)
        return status;
    if (status == BZ_NOT_FOUND ||
        (by_sender ? inv.sender_id : inv.recipient_id) != a->id)
        return bz_error_set(err, BZ_NOT_FOUND, "no invitation %lld for you",
                            (long long)id);
    if (strcmp(inv.state, to) == 0)
        return BZ_OK; /* answered so already: nothing changes */
    if (strcmp(inv.state, "pending") != 0)
        return bz_error_set(err, BZ_CONFLICT, "the invitation is %s already",
                            inv.state);
    if ((status = ops->invitation_set_state(ctx->store, id, "pending", to,
                                            ctx->now, err)) != BZ_OK)
        return status;
    return collab_mail_answer(ctx, arena, &inv, to, err);
}

enum bz_status bz_collab_answer(const struct bz_collab_ctx *ctx,
                                const struct bz_account *a, int64_t id,
                                const char *answer, struct bz_error *err)
{
    struct bz_arena arena;
    enum bz_status status;

    bz_arena_init(&arena, 0);
    if ((status = collab_begin(ctx, err)) == BZ_OK)
        status = collab_end(ctx,
                            collab_answer_write(ctx, &arena, a, id,
                                                answer ? answer : "", err),
                            err);
    bz_arena_release(&arena);
    return status;
}

/* --- reading -------------------------------------------------------------- */

enum bz_status bz_collab_open(const struct bz_collab_ctx *ctx,
                              struct bz_arena *arena,
                              const struct bz_account *a, int64_t id,
                              int conversation, struct bz_invitation *out,
                              enum bz_collab_role *role,
                              struct bz_error *err)
{
    enum bz_status status;

    status = ctx->store->ops->invitation_get(ctx->store, arena, id, a->id, out,
                                             err);
    if (status != BZ_OK && status != BZ_NOT_FOUND)
        return status;
    if (status == BZ_OK && out->sender_id == a->id)
        *role = BZ_COLLAB_SENDER;
    else if (status == BZ_OK && out->recipient_id == a->id)
        *role = BZ_COLLAB_RECIPIENT;
    else if (status == BZ_OK && conversation && out->reported &&
             bz_owner_is_moderator(a))
        *role = BZ_COLLAB_MODERATOR;
    else
        status = BZ_NOT_FOUND;
    /* a moderator reads a reported invitation whatever its state */
    if (status == BZ_OK && conversation && *role != BZ_COLLAB_MODERATOR &&
        strcmp(out->state, "accepted") != 0)
        status = BZ_NOT_FOUND;
    if (status == BZ_NOT_FOUND)
        return bz_error_set(err, BZ_NOT_FOUND, "no %s %lld for you",
                            conversation ? "conversation" : "invitation",
                            (long long)id);
    return BZ_OK;
}

enum bz_status bz_collab_messages(const struct bz_collab_ctx *ctx,
                                  struct bz_arena *arena,
                                  const struct bz_account *a,
                                  const struct bz_invitation *inv,
                                  enum bz_collab_role role,
                                  struct bz_message **out, size_t *count,
                                  struct bz_error *err)
{
    const struct bz_store_ops *ops = ctx->store->ops;
    enum bz_status status;

    status = ops->message_list(ctx->store, arena, inv->id,
                               BZ_COLLAB_MESSAGES_MAX, out, count, err);
    if (status != BZ_OK || role == BZ_COLLAB_MODERATOR || *count == 0)
        return status;
    return ops->conversation_mark_read(ctx->store, inv->id, a->id,
                                       (*out)[*count - 1].id, err);
}

const char *bz_collab_other_label(const struct bz_invitation *inv,
                                  enum bz_collab_role role)
{
    if (role == BZ_COLLAB_SENDER)
        return inv->researcher_name;
    if (inv->sender_record_name != NULL)
        return inv->sender_record_name;
    return inv->sender_email ? inv->sender_email : "a deleted account";
}

/* --- writing -------------------------------------------------------------- */

/* The other party of inv for a, 0 when it was deleted. */
static int64_t collab_other(const struct bz_invitation *inv,
                            const struct bz_account *a)
{
    return inv->sender_id == a->id ? inv->recipient_id : inv->sender_id;
}

/* Forbidden when a and other block one another, either way. */
static enum bz_status collab_unblocked(const struct bz_collab_ctx *ctx,
                                       int64_t a, int64_t other,
                                       struct bz_error *err)
{
    const struct bz_store_ops *ops = ctx->store->ops;
    int mine = 0, theirs = 0;
    enum bz_status status;

    if ((status = ops->block_exists(ctx->store, a, other, &mine, err)) ||
        (status = ops->block_exists(ctx->store, other, a, &theirs, err)))
        return status;
    if (mine)
        return bz_error_set(err, BZ_FORBIDDEN,
                            "you blocked this account: unblock it to write");
    if (theirs)
        return bz_error_set(err, BZ_FORBIDDEN,
                            "this account does not take your messages");
    return BZ_OK;
}

static enum bz_status collab_post_write(const struct bz_collab_ctx *ctx,
                                        struct bz_arena *arena,
                                        const struct bz_account *a,
                                        int64_t id, const char *body,
                                        int64_t *message_id,
                                        struct bz_error *err)
{
    struct bz_invitation inv;
    enum bz_collab_role role;
    int64_t other;
    const char *to;
    char *subject, *text;
    enum bz_status status;

    if ((status = bz_collab_open(ctx, arena, a, id, 1, &inv, &role, err)))
        return status;
    if (role == BZ_COLLAB_MODERATOR)
        return bz_error_set(err, BZ_FORBIDDEN,
                            "moderators read a reported conversation; they "
                            "do not write in it");
    if ((other = collab_other(&inv, a)) == 0)
        return bz_error_set(err, BZ_GONE,
                            "the other party deleted their account");
    if ((status = collab_unblocked(ctx, a->id, other, err)) != BZ_OK ||
        (status = ctx->store->ops->message_insert(ctx->store, id, a->id, body,
                                                  ctx->now, message_id, err)))
        return status;
    to = role == BZ_COLLAB_SENDER ? inv.recipient_email : inv.sender_email;
    subject = bz_arena_printf(arena, "New message: %s", inv.subject);
    text = bz_arena_printf(arena,
                           "%s wrote in your conversation \"%s\":\n\n%s\n\n"
                           "Answer here:\n%s/conversations/%lld\n",
                           a->email, inv.subject, body, collab_base(ctx),
                           (long long)id);
    if (subject == NULL || text == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    return collab_mail(ctx, to, subject, text, err);
}

enum bz_status bz_collab_post(const struct bz_collab_ctx *ctx,
                              const struct bz_account *a, int64_t id,
                              const char *body, int64_t *message_id,
                              struct bz_error *err)
{
    struct bz_arena arena;
    enum bz_status status;

    *message_id = 0;
    if ((status = collab_text("message", body, BZ_COLLAB_MESSAGE_MAX, 0,
                              err)) != BZ_OK)
        return status;
    bz_arena_init(&arena, 0);
    if ((status = collab_begin(ctx, err)) == BZ_OK)
        status = collab_end(
            ctx, collab_post_write(ctx, &arena, a, id, body, message_id, err),
            err);
    bz_arena_release(&arena);
    return status;
}

/* --- blocks and reports --------------------------------------------------- */

static enum bz_status collab_block_write(const struct bz_collab_ctx *ctx,
                                         struct bz_arena *arena,
                                         const struct bz_account *a,
                                         int64_t id, int on,
                                         struct bz_error *err)
{
    const struct bz_store_ops *ops = ctx->store->ops;
    struct bz_invitation inv;
    enum bz_collab_role role;
    int64_t other;
    enum bz_status status;

    if ((status = bz_collab_open(ctx, arena, a, id, 0, &inv, &role, err)))
        return status;
    if ((other = collab_other(&inv, a)) == 0)
        return bz_error_set(err, BZ_GONE,
                            "the other party deleted their account");
    if ((status = ops->block_set(ctx->store, a->id, other, on, ctx->now,
                                 err)) != BZ_OK ||
        !on)
        return status;
    return ops->invitation_decline_from(ctx->store, a->id, other, ctx->now,
                                        err);
}

enum bz_status bz_collab_block(const struct bz_collab_ctx *ctx,
                               const struct bz_account *a, int64_t id,
                               int on, struct bz_error *err)
{
    struct bz_arena arena;
    enum bz_status status;

    bz_arena_init(&arena, 0);
    if ((status = collab_begin(ctx, err)) == BZ_OK)
        status = collab_end(
            ctx, collab_block_write(ctx, &arena, a, id, on, err), err);
    bz_arena_release(&arena);
    return status;
}

enum bz_status bz_collab_unblock(const struct bz_collab_ctx *ctx,
                                 const struct bz_account *a,
                                 int64_t blocked_id, struct bz_error *err)
{
    return ctx->store->ops->block_set(ctx->store, a->id, blocked_id, 0,
                                      ctx->now, err);
}

static enum bz_status collab_report_write(const struct bz_collab_ctx *ctx,
                                          struct bz_arena *arena,
                                          const struct bz_account *a,
                                          int64_t id, const char *reason,
                                          struct bz_error *err)
{
    struct bz_invitation inv;
    enum bz_collab_role role;
    int64_t report_id;
    enum bz_status status;

    if ((status = bz_collab_open(ctx, arena, a, id, 0, &inv, &role, err)))
        return status;
    return ctx->store->ops->report_insert(ctx->store, id, a->id, reason,
                                          ctx->now, &report_id, err);
}

enum bz_status bz_collab_report(const struct bz_collab_ctx *ctx,
                                const struct bz_account *a, int64_t id,
                                const char *reason, struct bz_error *err)
{
    struct bz_arena arena;
    enum bz_status status;

    if ((status = collab_text("reason", reason, BZ_COLLAB_REASON_MAX, 0,
                              err)) != BZ_OK)
        return status;
    bz_arena_init(&arena, 0);
    if ((status = collab_begin(ctx, err)) == BZ_OK)
        status = collab_end(
            ctx, collab_report_write(ctx, &arena, a, id, reason, err), err);
    bz_arena_release(&arena);
    return status;
}
