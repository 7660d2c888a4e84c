/* owner.c - owners' edits of their records, and opt-outs (owner.h). */
#include "owner/owner.h"

#include <stdio.h>
#include <string.h>

/* Runs the steps in a transaction: begin, then commit when they did. */
static enum bz_status owner_begin(const struct bz_owner_ctx *ctx,
                                  struct bz_error *err)
{
    return ctx->store->ops->begin(ctx->store, err);
}

static enum bz_status owner_end(const struct bz_owner_ctx *ctx,
                                enum bz_status status, struct bz_error *err)
{
    return bz_store_finish(ctx->store, status, err);
}

static enum bz_status owner_audit(const struct bz_owner_ctx *ctx,
                                  int64_t account_id, const char *action,
                                  int64_t researcher_id, const char *detail,
                                  const char *reason, struct bz_error *err)
{
    struct bz_audit_entry e = {0};
    char actor[32], subject[32];

    snprintf(actor, sizeof(actor), "A%lld", (long long)account_id);
    snprintf(subject, sizeof(subject), "R%lld", (long long)researcher_id);
    e.actor = actor;
    e.action = action;
    e.subject = subject;
    e.detail = detail;
    e.reason = reason;
    return ctx->store->ops->audit_append(ctx->store, &e, err);
}

int bz_owner_is_moderator(const struct bz_account *a)
{
    return a->role &&
           (strcmp(a->role, "moderator") == 0 || strcmp(a->role, "admin") == 0);
}

enum bz_status bz_owner_check(const struct bz_account *a, int64_t id,
                              struct bz_error *err)
{
    if (a == NULL || id <= 0 || a->owns_researcher_id != id)
        return bz_error_set(err, BZ_FORBIDDEN,
                            "only the owner of 'R%lld' may edit it",
                            (long long)id);
    return BZ_OK;
}

/* --- editing -------------------------------------------------------------- */

static enum bz_status owner_limit(const char *field, const char *value,
                                  size_t max, struct bz_error *err)
{
    if (value != NULL && strlen(value) > max)
        return bz_error_set(err, BZ_INVALID, "the %s is longer than %zu bytes",
                            field, max);
    if (value != NULL && strpbrk(value, "\r\n") != NULL)
        return bz_error_set(err, BZ_INVALID, "the %s must be one line", field);
    return BZ_OK;
}

/* {"fields": ["summary", ...]}: which fields e sets, in buf. */
static const char *owner_edit_detail(const struct bz_researcher_edit *e,
                                     char *buf, size_t size)
{
    const char *names[4];
    size_t n = 0, used;

    if (e->display_name)
        names[n++] = "display_name";
    if (e->self_affiliation)
        names[n++] = "self_affiliation";
    if (e->summary)
        names[n++] = "summary";
    if (e->open_to_collaborate >= 0)
        names[n++] = "open_to_collaborate";
    used = (size_t)snprintf(buf, size, "{\"fields\": [");
    for (size_t i = 0; i < n && used < size; i++)
        used += (size_t)snprintf(buf + used, size - used, "%s\"%s\"",
                                 i ? ", " : "", names[i]);
    if (used < size)
        snprintf(buf + used, size - used, "]}");
    return buf;
}

enum bz_status bz_owner_edit(const struct bz_owner_ctx *ctx,
                             const struct bz_account *a, int64_t id,
                             const struct bz_researcher_edit *e,
                             struct bz_error *err)
{
    char detail[160];
    enum bz_status status;

    if ((status = bz_owner_check(a, id, err)) ||
        (status = owner_limit("display name", e->display_name,
                              BZ_OWNER_NAME_MAX, err)) ||
        (status =
             owner_limit("summary", e->summary, BZ_OWNER_SUMMARY_MAX, err)) ||
        (status = owner_limit("affiliation", e->self_affiliation,
                              BZ_OWNER_AFFILIATION_MAX, err)))
        return status;
    if ((status = owner_begin(ctx, err)) != BZ_OK)
        return status;
    status = ctx->store->ops->researcher_edit(ctx->store, id, e, err);
    if (status == BZ_OK)
        status = owner_audit(ctx, a->id, "owner_edit", id,
                             owner_edit_detail(e, detail, sizeof(detail)), NULL,
                             err);
    return owner_end(ctx, status, err);
}

enum bz_status bz_owner_names(const struct bz_owner_ctx *ctx,
                              const struct bz_account *a, int64_t id,
                              const char *const *names, const int *hidden,
                              size_t count, struct bz_error *err)
{
    enum bz_status status;
    long hid = 0;
    char detail[64];

    if ((status = bz_owner_check(a, id, err)) != BZ_OK ||
        (status = owner_begin(ctx, err)) != BZ_OK)
        return status;
    for (size_t i = 0; status == BZ_OK && i < count; i++) {
        status = ctx->store->ops->researcher_name_hide(ctx->store, id, names[i],
                                                       hidden[i], err);
        hid += hidden[i] != 0;
    }
    snprintf(detail, sizeof(detail), "{\"names\": %zu, \"hidden\": %ld}", count,
             hid);
    if (status == BZ_OK)
        status = owner_audit(ctx, a->id, "owner_names", id, detail, NULL, err);
    return owner_end(ctx, status, err);
}

/* {"from": "R4", "to": "R9", "works": ["W1", ...]}, as `bzpeer split`
 * writes it; NULL when the arena is full. */
static const char *owner_split_detail(struct bz_arena *arena, int64_t from,
                                      int64_t to, const int64_t *works,
                                      size_t count)
{
    char *text = bz_arena_printf(arena,
                                 "{\"from\": \"R%lld\", \"to\": "
                                 "\"R%lld\", \"works\": [",
                                 (long long)from, (long long)to);

    for (size_t i = 0; text && i < count; i++)
        text = bz_arena_printf(arena, "%s%s\"W%lld\"", text, i ? ", " : "",
                               (long long)works[i]);
    return text ? bz_arena_printf(arena, "%s]}", text) : NULL;
}

static enum bz_status owner_split(const struct bz_owner_ctx *ctx,
                                  int64_t account_id, int64_t id,
                                  const int64_t *works, size_t count,
                                  int64_t *new_id, struct bz_error *err)
{
    struct bz_arena arena;
    const char *detail;
    enum bz_status status;

    status = ctx->store->ops->researcher_split(ctx->store, id, works, count,
                                               new_id, err);
    if (status != BZ_OK)
        return status;
    bz_arena_init(&arena, 0);
    detail = owner_split_detail(&arena, id, *new_id, works, count);
    if (detail == NULL)
        status = bz_error_set(err, BZ_NOMEM, "out of memory");
    if (status == BZ_OK)
        status = owner_audit(ctx, account_id, "split", id, detail,
                             BZ_OWNER_NOT_MINE_REASON, err);
    if (status == BZ_OK)
        status = owner_audit(ctx, account_id, "split_from", *new_id, detail,
                             BZ_OWNER_NOT_MINE_REASON, err);
    bz_arena_release(&arena);
    return status;
}

enum bz_status bz_owner_works(const struct bz_owner_ctx *ctx,
                              const struct bz_account *a, int64_t id,
                              const struct bz_work_flag *flags,
                              size_t flag_count, const int64_t *not_mine,
                              size_t not_mine_count, int64_t *new_id,
                              struct bz_error *err)
{
    size_t featured = 0, hidden = 0;
    char detail[96];
    enum bz_status status;

    *new_id = 0;
    if ((status = bz_owner_check(a, id, err)) != BZ_OK)
        return status;
    for (size_t i = 0; i < flag_count; i++) {
        featured += flags[i].featured != 0;
        hidden += flags[i].hidden != 0;
    }
    if (featured > BZ_OWNER_FEATURED_MAX)
        return bz_error_set(err, BZ_INVALID, "feature %d works at most",
                            BZ_OWNER_FEATURED_MAX);
    if ((status = owner_begin(ctx, err)) != BZ_OK)
        return status;
    for (size_t i = 0; status == BZ_OK && i < flag_count; i++)
        status = ctx->store->ops->researcher_work_flag(ctx->store, id,
                                                       &flags[i], err);
    snprintf(detail, sizeof(detail),
             "{\"featured\": %zu, \"hidden\": %zu, \"not_mine\": %zu}",
             featured, hidden, not_mine_count);
    if (status == BZ_OK)
        status = owner_audit(ctx, a->id, "owner_works", id, detail, NULL, err);
    if (status == BZ_OK && not_mine_count > 0)
        status =
            owner_split(ctx, a->id, id, not_mine, not_mine_count, new_id, err);
    return owner_end(ctx, status, err);
}

/* --- opt-outs ------------------------------------------------------------- */

enum bz_status bz_opt_out_request(const struct bz_owner_ctx *ctx,
                                  const struct bz_account *a, int64_t id,
                                  const char *note, int64_t *opt_out_id,
                                  struct bz_error *err)
{
    const struct bz_store_ops *ops = ctx->store->ops;
    struct bz_opt_out o = {0};
    struct bz_researcher r;
    struct bz_arena arena;
    char detail[64];
    enum bz_status status;

    *opt_out_id = 0;
    if (!a->email_verified)
        return bz_error_set(err, BZ_FORBIDDEN,
                            "confirm your email address first");
    if (note != NULL && strlen(note) > BZ_OWNER_NOTE_MAX)
        return bz_error_set(err, BZ_INVALID, "the note is longer than %d bytes",
                            BZ_OWNER_NOTE_MAX);
    bz_arena_init(&arena, 0);
    if ((status = owner_begin(ctx, err)) != BZ_OK)
        goto out;
    status = ops->researcher_get(ctx->store, &arena, id, &r, err);
    if (status == BZ_OK && r.hidden_at != 0)
        status = bz_error_set(err, BZ_GONE, "'R%lld' is hidden already",
                              (long long)id);
    else if (status == BZ_OK && r.merged_into != 0)
        status =
            bz_error_set(err, BZ_CONFLICT, "'R%lld' is merged into 'R%lld'",
                         (long long)id, (long long)r.merged_into);
    else if (status == BZ_OK && r.claim_level != 0)
        status = bz_error_set(err, BZ_CONFLICT,
                              "'R%lld' is claimed: its owner may hide "
                              "works, not the record",
                              (long long)id);
    o.researcher_id = id;
    o.account_id = a->id;
    o.note = note;
    o.created_at = ctx->now;
    if (status == BZ_OK)
        status = ops->opt_out_insert(ctx->store, &o, opt_out_id, err);
    snprintf(detail, sizeof(detail), "{\"opt_out\": %lld}",
             (long long)*opt_out_id);
    if (status == BZ_OK)
        status =
            owner_audit(ctx, a->id, "opt_out_request", id, detail, NULL, err);
    status = owner_end(ctx, status, err);
out:
    bz_arena_release(&arena);
    return status;
}

/* Queues the requester's mail about decision on o. */
static enum bz_status opt_out_mail(const struct bz_owner_ctx *ctx,
                                   const struct bz_opt_out *o,
                                   const char *decision, const char *reason,
                                   struct bz_error *err)
{
    const char *base = ctx->cfg && ctx->cfg->base_url ? ctx->cfg->base_url : "";
    const char *what;
    char subject[128], body[2048];

    if (o->account_email == NULL)
        return BZ_OK; /* the account is gone: nobody to tell */
    if (strcmp(decision, "approve") == 0)
        what = "is approved: the record is hidden";
    else if (strcmp(decision, "reject") == 0)
        what = "is declined: the record stays public";
    else
        what = "was undone by a moderator: the record is public again";
    snprintf(subject, sizeof(subject), "Your request to hide R%lld",
             (long long)o->researcher_id);
    snprintf(body, sizeof(body),
             "Your request to hide the record R%lld %s.\n%s%s%s\n"
             "%s/researchers/R%lld\n",
             (long long)o->researcher_id, what, reason ? "Reason: " : "",
             reason ? reason : "", reason ? "\n" : "", base,
             (long long)o->researcher_id);
    return ctx->store->ops->mail_enqueue(ctx->store, o->account_email, subject,
                                         body, ctx->now, err);
}

/* The state decision takes o from and to, or -1 for none. */
static int opt_out_transition(const char *decision, const char **from,
                              const char **to)
{
    if (strcmp(decision, "approve") == 0)
        *from = "pending", *to = "approved";
    else if (strcmp(decision, "reject") == 0)
        *from = "pending", *to = "rejected";
    else if (strcmp(decision, "restore") == 0)
        *from = "approved", *to = "restored";
    else
        return -1;
    return 0;
}

static enum bz_status opt_out_apply(const struct bz_owner_ctx *ctx,
                                    struct bz_arena *arena,
                                    const struct bz_account *m, int64_t id,
                                    const char *decision, const char *reason,
                                    struct bz_error *err)
{
    const struct bz_store_ops *ops = ctx->store->ops;
    const char *from, *to;
    struct bz_opt_out o;
    char action[32], detail[64];
    enum bz_status status;

    if (opt_out_transition(decision, &from, &to) < 0)
        return bz_error_set(err, BZ_INVALID, "no decision '%s'", decision);
    if ((status = ops->opt_out_get(ctx->store, arena, id, &o, err)) != BZ_OK)
        return status;
    if (strcmp(o.state, from) != 0)
        return bz_error_set(err, BZ_CONFLICT, "the opt-out %lld is %s",
                            (long long)id, o.state);
    o.state = to;
    o.reason = reason && *reason ? reason : NULL;
    o.decided_at = ctx->now;
    o.decided_by = m->id;
    if ((status = ops->opt_out_update(ctx->store, &o, err)) != BZ_OK)
        return status;
    if (strcmp(decision, "approve") == 0)
        status =
            ops->researcher_hide(ctx->store, o.researcher_id, ctx->now, err);
    else if (strcmp(decision, "restore") == 0)
        status = ops->researcher_hide(ctx->store, o.researcher_id, 0, err);
    if (status != BZ_OK)
        return status;
    snprintf(action, sizeof(action), "opt_out_%s", decision);
    snprintf(detail, sizeof(detail), "{\"opt_out\": %lld, \"state\": \"%s\"}",
             (long long)id, to);
    if ((status = owner_audit(ctx, m->id, action, o.researcher_id, detail,
                              o.reason, err)) != BZ_OK)
        return status;
    return opt_out_mail(ctx, &o, decision, o.reason, err);
}

enum bz_status bz_opt_out_decide(const struct bz_owner_ctx *ctx,
                                 const struct bz_account *moderator,
                                 int64_t opt_out_id, const char *decision,
                                 const char *reason, struct bz_error *err)
{
    struct bz_arena arena;
    enum bz_status status;

    if (!bz_owner_is_moderator(moderator))
        return bz_error_set(err, BZ_FORBIDDEN,
                            "only moderators decide opt-outs");
    if (reason != NULL && strlen(reason) > BZ_OWNER_REASON_MAX)
        return bz_error_set(err, BZ_INVALID,
                            "the reason is longer than %d bytes",
                            BZ_OWNER_REASON_MAX);
    bz_arena_init(&arena, 0);
    if ((status = owner_begin(ctx, err)) == BZ_OK)
        status = owner_end(ctx,
                           opt_out_apply(ctx, &arena, moderator, opt_out_id,
                                         decision ? decision : "", reason, err),
                           err);
    bz_arena_release(&arena);
    return status;
}
