/* claim.c - claiming researcher records: the rules of claim.h over the
 * store's claim operations. */
#include "claim/claim.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "import/import_json.h"

#define CLAIM_PAGE 200 /* claims read at once when walking a record's */

static const char *const claim_evidence_names[] = {
    [BZ_CLAIM_ORCID] = "orcid",
    [BZ_CLAIM_METADATA_EMAIL] = "metadata_email",
    [BZ_CLAIM_DOMAIN_EMAIL] = "domain_email",
    [BZ_CLAIM_DOCUMENTS] = "documents",
    [BZ_CLAIM_STATEMENT] = "statement",
};

static const char *const claim_state_names[] = {
    [BZ_CLAIM_PENDING] = "pending",   [BZ_CLAIM_APPROVED] = "approved",
    [BZ_CLAIM_REJECTED] = "rejected", [BZ_CLAIM_WITHDRAWN] = "withdrawn",
    [BZ_CLAIM_DISPUTED] = "disputed",
};

#define CLAIM_COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

const char *bz_claim_evidence_name(enum bz_claim_evidence evidence)
{
    int i = (int)evidence;

    return i >= 0 && i < CLAIM_COUNT(claim_evidence_names)
               ? claim_evidence_names[i]
               : "";
}

int bz_claim_evidence_parse(const char *name, enum bz_claim_evidence *out)
{
    for (int i = 0; name && i < CLAIM_COUNT(claim_evidence_names); i++)
        if (strcmp(name, claim_evidence_names[i]) == 0) {
            *out = (enum bz_claim_evidence)i;
            return 0;
        }
    return -1;
}

const char *bz_claim_state_name(enum bz_claim_state state)
{
    int i = (int)state;

    return i >= 0 && i < CLAIM_COUNT(claim_state_names) ? claim_state_names[i]
                                                        : "";
}

int bz_claim_state_parse(const char *name, enum bz_claim_state *out)
{
    for (int i = 0; name && i < CLAIM_COUNT(claim_state_names); i++)
        if (strcmp(name, claim_state_names[i]) == 0) {
            *out = (enum bz_claim_state)i;
            return 0;
        }
    return -1;
}

int bz_claim_default_level(enum bz_claim_evidence evidence)
{
    return evidence == BZ_CLAIM_STATEMENT ? 2 : 3;
}

/* --- small predicates ----------------------------------------------------- */

static int claim_is(const struct bz_claim *c, enum bz_claim_state state)
{
    return c->state && strcmp(c->state, bz_claim_state_name(state)) == 0;
}

/* Pending, approved or disputed: what an account has one of at most. */
static int claim_open(const struct bz_claim *c)
{
    return claim_is(c, BZ_CLAIM_PENDING) || claim_is(c, BZ_CLAIM_APPROVED) ||
           claim_is(c, BZ_CLAIM_DISPUTED);
}

/* The claim its account owns the record by: approved, or approved once
 * and disputed since (a disputed claim keeps the level it was given). */
static int claim_in_force(const struct bz_claim *c)
{
    return c->level > 0 &&
           (claim_is(c, BZ_CLAIM_APPROVED) || claim_is(c, BZ_CLAIM_DISPUTED));
}

static int claim_blank(const char *s)
{
    while (s && isspace((unsigned char)*s))
        s++;
    return s == NULL || *s == '\0';
}

static int claim_is_moderator(const struct bz_account *a)
{
    return a->role &&
           (strcmp(a->role, "moderator") == 0 || strcmp(a->role, "admin") == 0);
}

/* "A12", or "cli" for account 0 (a command). */
static const char *claim_actor(int64_t account_id, char *buf, size_t size)
{
    if (account_id <= 0)
        snprintf(buf, size, "cli");
    else
        snprintf(buf, size, "A%lld", (long long)account_id);
    return buf;
}

/* --- the domain rule ------------------------------------------------------ */

/* Second-level labels under a country code that registries give out as
 * public suffixes ("ac.uk", "edu.au"): a homepage host of this shape is
 * not one institution's. */
static int claim_public_suffix(const char *host)
{
    static const char *const labels[] = {
        "ac", "co",  "com", "edu",  "gov", "net", "org", "or", "ne",
        "go", "mil", "gob", "gouv", "nic", "res", "sch", "lg"};
    const char *dot = strchr(host, '.');
    size_t first;

    if (dot == NULL || strchr(dot + 1, '.') != NULL || strlen(dot + 1) != 2)
        return 0;
    first = (size_t)(dot - host);
    for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
        if (strlen(labels[i]) == first && strncmp(host, labels[i], first) == 0)
            return 1;
    return 0;
}

/* homepage's host, lower-case, without a leading "www." and a trailing
 * dot, in out; -1 when there is none worth matching. */
static int claim_homepage_host(const char *homepage, char *out, size_t size)
{
    const char *p = homepage, *at;
    size_t n, k;
    int digits_only = 1;

    if (homepage == NULL)
        return -1;
    if (strncmp(p, "https://", 8) == 0)
        p += 8;
    else if (strncmp(p, "http://", 7) == 0)
        p += 7;
    else if (strstr(p, "://") != NULL)
        return -1;
    n = strcspn(p, "/?#");
    at = memchr(p, '@', n);
    if (at != NULL) { /* user@host: only the host */
        n -= (size_t)(at + 1 - p);
        p = at + 1;
    }
    n = strcspn(p, ":/?#") < n ? strcspn(p, ":/?#") : n;
    if (n == 0 || n >= size)
        return -1;
    for (k = 0; k < n; k++) {
        out[k] = (char)tolower((unsigned char)p[k]);
        if (!isdigit((unsigned char)out[k]) && out[k] != '.')
            digits_only = 0;
    }
    out[n] = '\0';
    if (n > 0 && out[n - 1] == '.')
        out[--n] = '\0';
    if (strncmp(out, "www.", 4) == 0)
        memmove(out, out + 4, n - 3);
    if (digits_only || strchr(out, '.') == NULL || out[0] == '.' ||
        claim_public_suffix(out))
        return -1;
    return 0;
}

int bz_claim_domain_matches(const char *email, const char *homepage)
{
    char host[256], domain[256];
    const char *at = email ? strrchr(email, '@') : NULL;
    size_t n, h;

    if (at == NULL || claim_homepage_host(homepage, host, sizeof host) < 0)
        return 0;
    n = strlen(at + 1);
    if (n == 0 || n >= sizeof domain)
        return 0;
    for (size_t k = 0; k <= n; k++)
        domain[k] = (char)tolower((unsigned char)at[1 + k]);
    if (domain[n - 1] == '.')
        domain[--n] = '\0';
    h = strlen(host);
    if (n == h)
        return strcmp(domain, host) == 0;
    return n > h && domain[n - h - 1] == '.' &&
           strcmp(domain + n - h, host) == 0;
}

/* --- audit and mail ------------------------------------------------------- */

static enum bz_status claim_audit(const struct bz_claim_ctx *ctx,
                                  const char *actor, const char *action,
                                  const char *subject, const char *detail,
                                  const char *reason, struct bz_error *err)
{
    struct bz_audit_entry e = {0};

    e.actor = actor;
    e.action = action;
    e.subject = subject;
    e.detail = detail;
    e.reason = reason;
    return ctx->store->ops->audit_append(ctx->store, &e, err);
}

/* An entry about claim c: {"record": "R4", "state": ..., "level": N}. */
static enum bz_status claim_audit_claim(const struct bz_claim_ctx *ctx,
                                        const char *actor, const char *action,
                                        const struct bz_claim *c,
                                        const char *reason,
                                        struct bz_error *err)
{
    char subject[32], detail[192];

    snprintf(subject, sizeof subject, "C%lld", (long long)c->id);
    snprintf(detail, sizeof detail,
             "{\"record\": \"R%lld\", \"account\": %s%lld%s, "
             "\"evidence\": \"%s\", \"state\": \"%s\", \"level\": %d}",
             (long long)c->researcher_id, c->account_id ? "\"A" : "",
             (long long)c->account_id, c->account_id ? "\"" : "", c->evidence,
             c->state, c->level);
    if (c->account_id == 0)
        snprintf(detail, sizeof detail,
                 "{\"record\": \"R%lld\", \"account\": null, "
                 "\"evidence\": \"%s\", \"state\": \"%s\", \"level\": %d}",
                 (long long)c->researcher_id, c->evidence, c->state, c->level);
    return claim_audit(ctx, actor, action, subject, detail, reason, err);
}

/* An entry about the record: its claim level went from one to another. */
static enum bz_status claim_audit_level(const struct bz_claim_ctx *ctx,
                                        const char *actor, int64_t record,
                                        int from, int to, int64_t claim_id,
                                        struct bz_error *err)
{
    char subject[32], detail[96];

    snprintf(subject, sizeof subject, "R%lld", (long long)record);
    snprintf(detail, sizeof detail,
             "{\"from\": %d, \"to\": %d, \"claim\": \"C%lld\"}", from, to,
             (long long)claim_id);
    return claim_audit(ctx, actor, "claim_level", subject, detail, NULL, err);
}

/* base_url without its trailing slashes, for links. */
static int claim_base_length(const struct bz_claim_ctx *ctx)
{
    const char *base = ctx->cfg && ctx->cfg->base_url ? ctx->cfg->base_url : "";
    size_t n = strlen(base);

    while (n > 0 && base[n - 1] == '/')
        n--;
    return (int)n;
}

/* Queues the mail that tells c's claimant what became of the claim
 * (decision "approved", "rejected" or "revoked"); none when the account
 * is gone. */
static enum bz_status claim_mail(const struct bz_claim_ctx *ctx,
                                 struct bz_arena *arena,
                                 const struct bz_claim *c, const char *decision,
                                 const char *reason, struct bz_error *err)
{
    const char *base = ctx->cfg && ctx->cfg->base_url ? ctx->cfg->base_url : "";
    int n = claim_base_length(ctx);
    const char *subject, *what, *body;

    if (c->account_id == 0 || c->account_email == NULL)
        return BZ_OK;
    subject = bz_arena_printf(arena, "Your claim of R%lld was %s",
                              (long long)c->researcher_id, decision);
    if (strcmp(decision, "approved") == 0)
        what = bz_arena_printf(arena,
                               "The record is yours now, at verification "
                               "level L%d.",
                               c->level);
    else if (strcmp(decision, "revoked") == 0)
        what = "The record is no longer yours.";
    else
        what = "The record stays as it was.";
    body = bz_arena_printf(
        arena,
        "Your claim C%lld of the record of %s (R%lld) was %s.\n"
        "%s\n\n%s%s%s"
        "Your claims: %.*s/account\n"
        "The record: %.*s/researchers/R%lld\n",
        (long long)c->id, c->researcher_name ? c->researcher_name : "",
        (long long)c->researcher_id, decision, what, reason ? "Reason: " : "",
        reason ? reason : "", reason ? "\n\n" : "", n, base, n, base,
        (long long)c->researcher_id);
    if (subject == NULL || what == NULL || body == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    return ctx->store->ops->mail_enqueue(ctx->store, c->account_email, subject,
                                         body, ctx->now, err);
}

/* --- reading -------------------------------------------------------------- */

/* Every claim of record id, in arena. */
static enum bz_status claim_of_record(const struct bz_claim_ctx *ctx,
                                      struct bz_arena *arena, int64_t id,
                                      struct bz_claim **out, size_t *count,
                                      struct bz_error *err)
{
    struct bz_claim_filter f = {.researcher_id = id};
    struct bz_claim *all = NULL, *page;
    size_t n = 0, got;
    int64_t after = 0;
    int more = 1;

    while (more) {
        enum bz_status status = ctx->store->ops->claim_list(
            ctx->store, arena, &f, after, CLAIM_PAGE, &page, &got, &more, err);

        if (status != BZ_OK)
            return status;
        if (got == 0)
            break;
        {
            struct bz_claim *grown =
                bz_arena_calloc(arena, n + got, sizeof(*grown));

            if (grown == NULL)
                return bz_error_set(err, BZ_NOMEM, "out of memory");
            if (n)
                memcpy(grown, all, n * sizeof(*all));
            memcpy(grown + n, page, got * sizeof(*page));
            all = grown;
            n += got;
        }
        after = page[got - 1].id;
    }
    *out = all;
    *count = n;
    return BZ_OK;
}

/* The account's open claim, if any (*found 0 when none). */
static enum bz_status claim_open_of_account(const struct bz_claim_ctx *ctx,
                                            struct bz_arena *arena,
                                            int64_t account_id,
                                            struct bz_claim *out, int *found,
                                            struct bz_error *err)
{
    struct bz_claim_filter f = {.account_id = account_id};
    struct bz_claim *page;
    size_t got;
    int64_t after = 0;
    int more = 1;

    *found = 0;
    while (more) {
        enum bz_status status = ctx->store->ops->claim_list(
            ctx->store, arena, &f, after, CLAIM_PAGE, &page, &got, &more, err);

        if (status != BZ_OK)
            return status;
        for (size_t i = 0; i < got; i++)
            if (claim_open(&page[i])) {
                *out = page[i];
                *found = 1;
                return BZ_OK;
            }
        if (got == 0)
            break;
        after = page[got - 1].id;
    }
    return BZ_OK;
}

/* --- changing a claim ----------------------------------------------------- */

/* Gives c a new state (and level, reason, decider), in the store. */
static enum bz_status claim_set(const struct bz_claim_ctx *ctx,
                                struct bz_claim *c, enum bz_claim_state state,
                                int level, const char *reason,
                                int64_t decided_by, struct bz_error *err)
{
    c->state = bz_claim_state_name(state);
    c->level = level;
    c->reason = reason;
    if (state != BZ_CLAIM_DISPUTED && state != BZ_CLAIM_PENDING)
        c->decided_at = ctx->now;
    c->decided_by = decided_by;
    return ctx->store->ops->claim_update(ctx->store, c, err);
}

/* After a claim left the dispute on record id without winning it: a
 * lone claim left disputed is reopened, approved again if it was in
 * force, else pending. */
static enum bz_status claim_settle(const struct bz_claim_ctx *ctx,
                                   struct bz_arena *arena, int64_t id,
                                   const char *actor, struct bz_error *err)
{
    struct bz_claim *all, *last = NULL;
    size_t n, disputed = 0;
    enum bz_status status = claim_of_record(ctx, arena, id, &all, &n, err);

    if (status != BZ_OK)
        return status;
    for (size_t i = 0; i < n; i++)
        if (claim_is(&all[i], BZ_CLAIM_DISPUTED)) {
            disputed++;
            last = &all[i];
        }
    if (disputed != 1)
        return BZ_OK;
    status = claim_set(ctx, last,
                       last->level > 0 ? BZ_CLAIM_APPROVED : BZ_CLAIM_PENDING,
                       last->level, last->reason, last->decided_by, err);
    if (status == BZ_OK)
        status = claim_audit_claim(ctx, actor, "claim_reopen", last,
                                   "no other claim disputes it", err);
    return status;
}

/* Ends claim c with state (rejected or withdrawn): the record stops being
 * its account's if it was in force, and the dispute it was in settles.
 * action is the audit's ("claim_reject", "claim_revoke",
 * "claim_withdraw"); mail the decision's word, or NULL for none. */
static enum bz_status claim_end(const struct bz_claim_ctx *ctx,
                                struct bz_arena *arena, struct bz_claim *c,
                                enum bz_claim_state state, const char *action,
                                const char *actor, int64_t decided_by,
                                const char *reason, const char *mail,
                                struct bz_error *err)
{
    const struct bz_store_ops *ops = ctx->store->ops;
    int in_force = claim_in_force(c);
    enum bz_status status;

    status = claim_set(ctx, c, state, c->level, reason, decided_by, err);
    if (status == BZ_OK)
        status = claim_audit_claim(ctx, actor, action, c, reason, err);
    if (status == BZ_OK && in_force) {
        status = ops->claim_set_owner(ctx->store, c->researcher_id, 0, 0, err);
        if (status == BZ_OK)
            status = claim_audit_level(ctx, actor, c->researcher_id, c->level,
                                       0, c->id, err);
    }
    if (status == BZ_OK && mail != NULL)
        status = claim_mail(ctx, arena, c, mail, reason, err);
    if (status == BZ_OK)
        status = claim_settle(ctx, arena, c->researcher_id, actor, err);
    return status;
}

/* Runs fn in a transaction of its own: all of it or none. */
typedef enum bz_status claim_step_fn(const struct bz_claim_ctx *ctx,
                                     struct bz_arena *arena, void *args,
                                     struct bz_error *err);

static enum bz_status claim_transaction(const struct bz_claim_ctx *ctx,
                                        claim_step_fn *fn, void *args,
                                        struct bz_error *err)
{
    const struct bz_store_ops *ops = ctx->store->ops;
    struct bz_arena arena;
    enum bz_status status;

    bz_arena_init(&arena, 0);
    status = ops->begin(ctx->store, err);
    if (status == BZ_OK)
        status = bz_store_finish(ctx->store, fn(ctx, &arena, args, err), err);
    bz_arena_release(&arena);
    return status;
}

/* --- submitting ----------------------------------------------------------- */

/* The links of a documents claim: one per line, each http(s), at most
 * BZ_CLAIM_LINKS_MAX, without blank lines; *out is them joined by
 * newlines, in arena. */
static enum bz_status claim_links(struct bz_arena *arena, const char *in,
                                  const char **out, struct bz_error *err)
{
    struct bz_buf buf;
    const char *p = in ? in : "";
    int links = 0;

    bz_buf_init(&buf, BZ_CLAIM_DETAIL_MAX + 1);
    while (*p) {
        size_t n = strcspn(p, "\r\n"), start = 0;

        while (start < n && isspace((unsigned char)p[start]))
            start++;
        while (n > start && isspace((unsigned char)p[n - 1]))
            n--;
        if (n > start) {
            const char *link = p + start;
            size_t len = n - start;
            int ok = (len > 8 && strncmp(link, "https://", 8) == 0) ||
                     (len > 7 && strncmp(link, "http://", 7) == 0);

            for (size_t k = 0; ok && k < len; k++)
                ok = !isspace((unsigned char)link[k]) &&
                     !iscntrl((unsigned char)link[k]);
            if (!ok) {
                bz_buf_release(&buf);
                return bz_error_set(err, BZ_INVALID,
                                    "'%.*s' is not an http or https link",
                                    (int)(len > 80 ? 80 : len), link);
            }
            if (++links > BZ_CLAIM_LINKS_MAX) {
                bz_buf_release(&buf);
                return bz_error_set(err, BZ_TOO_LARGE,
                                    "at most %d document links",
                                    BZ_CLAIM_LINKS_MAX);
            }
            if ((links > 1 && bz_buf_putc(&buf, '\n') < 0) ||
                bz_buf_add(&buf, link, len) < 0) {
                bz_buf_release(&buf);
                return bz_error_set(err, BZ_TOO_LARGE,
                                    "the document links pass %d bytes",
                                    BZ_CLAIM_DETAIL_MAX);
            }
        }
        p += strcspn(p, "\r\n");
        p += strspn(p, "\r\n");
    }
    *out = links ? bz_arena_strndup(arena, buf.data, buf.len) : NULL;
    bz_buf_release(&buf);
    if (links == 0)
        return bz_error_set(err, BZ_INVALID,
                            "a documents claim needs at least one link");
    return *out ? BZ_OK : bz_error_set(err, BZ_NOMEM, "out of memory");
}

static enum bz_status claim_check_request(const struct bz_claim_request *req,
                                          struct bz_error *err)
{
    int needs_note = req->evidence == BZ_CLAIM_STATEMENT ||
                     req->evidence == BZ_CLAIM_DOCUMENTS;

    if (bz_claim_evidence_name(req->evidence)[0] == '\0')
        return bz_error_set(err, BZ_INVALID, "no such kind of evidence");
    if (needs_note && claim_blank(req->note))
        return bz_error_set(err, BZ_INVALID,
                            req->evidence == BZ_CLAIM_STATEMENT
                                ? "say why the record is yours"
                                : "say what the documents show");
    if (req->note && strlen(req->note) > BZ_CLAIM_NOTE_MAX)
        return bz_error_set(err, BZ_TOO_LARGE, "the note passes %d bytes",
                            BZ_CLAIM_NOTE_MAX);
    if (req->detail && strlen(req->detail) > BZ_CLAIM_DETAIL_MAX)
        return bz_error_set(err, BZ_TOO_LARGE, "the evidence passes %d bytes",
                            BZ_CLAIM_DETAIL_MAX);
    if (req->evidence == BZ_CLAIM_ORCID && claim_blank(req->detail))
        return bz_error_set(err, BZ_INVALID,
                            "an ORCID claim needs the iD the sign-in proved");
    return BZ_OK;
}

/* Checks the evidence against what the record's sources say; *detail is
 * what the claim keeps of it. BZ_FORBIDDEN when it does not match. */
static enum bz_status claim_check_evidence(const struct bz_claim_ctx *ctx,
                                           struct bz_arena *arena,
                                           const struct bz_claim_request *req,
                                           const struct bz_account *a,
                                           const char **detail,
                                           struct bz_error *err)
{
    const struct bz_store_ops *ops = ctx->store->ops;
    struct bz_researcher r;
    const char **list, *orcid;
    size_t n;
    enum bz_status status;

    *detail = NULL;
    switch (req->evidence) {
    case BZ_CLAIM_ORCID:
        if ((orcid = bz_import_orcid_id(arena, req->detail)) == NULL)
            return bz_error_set(err, BZ_INVALID, "'%s' is not an ORCID iD",
                                req->detail);
        status =
            ops->researcher_get(ctx->store, arena, req->researcher_id, &r, err);
        if (status != BZ_OK)
            return status;
        for (size_t i = 0; i < r.id_count; i++)
            if (strcmp(r.ids[i].scheme, "orcid") == 0 &&
                strcmp(r.ids[i].value, orcid) == 0) {
                *detail = orcid;
                return BZ_OK;
            }
        return bz_error_set(err, BZ_FORBIDDEN,
                            "the ORCID iD '%s' is not the record's", orcid);
    case BZ_CLAIM_METADATA_EMAIL:
        status = ops->researcher_emails(ctx->store, arena, req->researcher_id,
                                        &list, &n, err);
        for (size_t i = 0; status == BZ_OK && i < n; i++)
            if (strcmp(list[i], a->email) == 0) {
                *detail = a->email;
                return BZ_OK;
            }
        if (status != BZ_OK)
            return status;
        return bz_error_set(err, BZ_FORBIDDEN,
                            "the address '%s' is not in the record's "
                            "sources",
                            a->email);
    case BZ_CLAIM_DOMAIN_EMAIL:
        status = ops->researcher_homepages(ctx->store, arena,
                                           req->researcher_id, &list, &n, err);
        for (size_t i = 0; status == BZ_OK && i < n; i++)
            if (bz_claim_domain_matches(a->email, list[i])) {
                *detail = bz_arena_printf(arena, "%s (%s)",
                                          strrchr(a->email, '@') + 1, list[i]);
                return *detail ? BZ_OK
                               : bz_error_set(err, BZ_NOMEM, "out of memory");
            }
        if (status != BZ_OK)
            return status;
        return bz_error_set(err, BZ_FORBIDDEN,
                            "the address '%s' is not at the domain of an "
                            "institution the record's sources name",
                            a->email);
    case BZ_CLAIM_DOCUMENTS:
        return claim_links(arena, req->detail, detail, err);
    case BZ_CLAIM_STATEMENT:
        return BZ_OK;
    }
    return bz_error_set(err, BZ_INVALID, "no such kind of evidence");
}

/* The claimant as the rules want them: verified, owning nothing. */
static enum bz_status claim_check_claimant(const struct bz_claim_ctx *ctx,
                                           struct bz_arena *arena,
                                           int64_t account_id, int64_t record,
                                           struct bz_account *a,
                                           struct bz_error *err)
{
    struct bz_claim open;
    int found;
    enum bz_status status =
        ctx->store->ops->account_get(ctx->store, arena, account_id, a, err);

    if (status == BZ_NOT_FOUND)
        return bz_error_set(err, BZ_FORBIDDEN, "no such account");
    if (status != BZ_OK)
        return status;
    if (!a->email_verified)
        return bz_error_set(err, BZ_FORBIDDEN,
                            "confirm your email address before claiming a "
                            "record");
    if (a->owns_researcher_id == record)
        return bz_error_set(err, BZ_CONFLICT,
                            "the record 'R%lld' is yours "
                            "already",
                            (long long)record);
    if (a->owns_researcher_id != 0)
        return bz_error_set(err, BZ_CONFLICT,
                            "an account owns one record at most, and this "
                            "one owns 'R%lld'",
                            (long long)a->owns_researcher_id);
    status = claim_open_of_account(ctx, arena, account_id, &open, &found, err);
    if (status == BZ_OK && found)
        return bz_error_set(err, BZ_CONFLICT,
                            "the claim 'C%lld' of 'R%lld' is open: withdraw "
                            "it first",
                            (long long)open.id, (long long)open.researcher_id);
    return status;
}

/* Marks every open claim of the record disputed (the new one joins them). */
static enum bz_status claim_open_dispute(const struct bz_claim_ctx *ctx,
                                         const char *actor,
                                         struct bz_claim *all, size_t n,
                                         int64_t by, struct bz_error *err)
{
    char reason[64];

    snprintf(reason, sizeof reason, "disputed by the claim 'C%lld'",
             (long long)by);
    for (size_t i = 0; i < n; i++) {
        enum bz_status status;

        if (!claim_is(&all[i], BZ_CLAIM_PENDING) &&
            !claim_is(&all[i], BZ_CLAIM_APPROVED))
            continue;
        status = claim_set(ctx, &all[i], BZ_CLAIM_DISPUTED, all[i].level,
                           all[i].reason, all[i].decided_by, err);
        if (status == BZ_OK)
            status = claim_audit_claim(ctx, actor, "claim_dispute", &all[i],
                                       reason, err);
        if (status != BZ_OK)
            return status;
    }
    return BZ_OK;
}

struct claim_submit_args {
    int64_t account_id;
    const struct bz_claim_request *req;
    int64_t *claim_id;
    enum bz_claim_state *state;
};

static enum bz_status claim_submit_step(const struct bz_claim_ctx *ctx,
                                        struct bz_arena *arena, void *args,
                                        struct bz_error *err)
{
    const struct bz_store_ops *ops = ctx->store->ops;
    struct claim_submit_args *s = args;
    const struct bz_claim_request *req = s->req;
    struct bz_account a;
    struct bz_claim c = {0}, *all;
    char actor[32];
    size_t n;
    int level, contested = 0;
    int64_t merged;
    enum bz_claim_state state = BZ_CLAIM_PENDING;
    enum bz_status status;

    /* the record's row first: its claims are decided one at a time */
    status = ops->researcher_lock(ctx->store, req->researcher_id, &level,
                                  &merged, err);
    if (status != BZ_OK)
        return status;
    if (merged != 0)
        return bz_error_set(err, BZ_CONFLICT,
                            "the record 'R%lld' is merged into 'R%lld': "
                            "claim that one",
                            (long long)req->researcher_id, (long long)merged);
    if ((status = claim_check_claimant(ctx, arena, s->account_id,
                                       req->researcher_id, &a, err)) ||
        (status = claim_check_evidence(ctx, arena, req, &a, &c.evidence_detail,
                                       err)) ||
        (status =
             claim_of_record(ctx, arena, req->researcher_id, &all, &n, err)))
        return status;

    contested = level > 0;
    for (size_t i = 0; i < n; i++)
        contested |= claim_open(&all[i]);
    if (contested)
        state = BZ_CLAIM_DISPUTED;
    else if (req->evidence == BZ_CLAIM_ORCID ||
             req->evidence == BZ_CLAIM_METADATA_EMAIL)
        state = BZ_CLAIM_APPROVED;

    c.researcher_id = req->researcher_id;
    c.account_id = a.id;
    c.account_email = a.email;
    c.evidence = bz_claim_evidence_name(req->evidence);
    c.note = claim_blank(req->note) ? NULL : req->note;
    c.state = bz_claim_state_name(state);
    c.level = state == BZ_CLAIM_APPROVED ? 3 : 0;
    c.created_at = ctx->now;
    c.decided_at = state == BZ_CLAIM_APPROVED ? ctx->now : 0;
    if (state == BZ_CLAIM_APPROVED)
        c.reason = req->evidence == BZ_CLAIM_ORCID
                       ? "the ORCID iD proven is the record's"
                       : "the address is in the record's sources";
    if ((status = ops->claim_insert(ctx->store, &c, &c.id, err)) != BZ_OK)
        return status;
    claim_actor(a.id, actor, sizeof actor);
    status = claim_audit_claim(ctx, actor, "claim_submit", &c, c.reason, err);
    if (status == BZ_OK && contested)
        status = claim_open_dispute(ctx, actor, all, n, c.id, err);
    if (status == BZ_OK && state == BZ_CLAIM_APPROVED) {
        status =
            ops->claim_set_owner(ctx->store, c.researcher_id, a.id, 3, err);
        if (status == BZ_OK)
            status =
                claim_audit_level(ctx, actor, c.researcher_id, 0, 3, c.id, err);
        if (status == BZ_OK)
            status = ops->claim_get(ctx->store, arena, c.id, &c, err);
        if (status == BZ_OK)
            status = claim_mail(ctx, arena, &c, "approved", c.reason, err);
    }
    if (status != BZ_OK)
        return status;
    *s->claim_id = c.id;
    *s->state = state;
    return BZ_OK;
}

enum bz_status bz_claim_submit(const struct bz_claim_ctx *ctx,
                               int64_t account_id,
                               const struct bz_claim_request *req,
                               int64_t *claim_id, enum bz_claim_state *state,
                               struct bz_error *err)
{
    struct claim_submit_args args = {account_id, req, claim_id, state};
    enum bz_status status;

    *claim_id = 0;
    *state = BZ_CLAIM_PENDING;
    if ((status = claim_check_request(req, err)) != BZ_OK)
        return status;
    return claim_transaction(ctx, claim_submit_step, &args, err);
}

/* --- withdrawing and deciding --------------------------------------------- */

/* Claim id, read again once its record is held (another server may have
 * changed it between the two). */
static enum bz_status claim_hold(const struct bz_claim_ctx *ctx,
                                 struct bz_arena *arena, int64_t id,
                                 struct bz_claim *out, int64_t *merged,
                                 struct bz_error *err)
{
    const struct bz_store_ops *ops = ctx->store->ops;
    enum bz_status status = ops->claim_get(ctx->store, arena, id, out, err);
    int level;

    if (status == BZ_OK)
        status = ops->researcher_lock(ctx->store, out->researcher_id, &level,
                                      merged, err);
    if (status == BZ_OK)
        status = ops->claim_get(ctx->store, arena, id, out, err);
    return status;
}

struct claim_withdraw_args {
    int64_t account_id, claim_id;
};

static enum bz_status claim_withdraw_step(const struct bz_claim_ctx *ctx,
                                          struct bz_arena *arena, void *args,
                                          struct bz_error *err)
{
    const struct claim_withdraw_args *w = args;
    struct bz_claim c;
    char actor[32];
    int64_t merged;
    enum bz_status status =
        claim_hold(ctx, arena, w->claim_id, &c, &merged, err);

    if (status != BZ_OK)
        return status;
    if (c.account_id != w->account_id || w->account_id == 0)
        return bz_error_set(err, BZ_NOT_FOUND, "no claim 'C%lld'",
                            (long long)w->claim_id);
    if (!claim_open(&c))
        return bz_error_set(err, BZ_CONFLICT, "the claim 'C%lld' is %s",
                            (long long)c.id, c.state);
    return claim_end(ctx, arena, &c, BZ_CLAIM_WITHDRAWN, "claim_withdraw",
                     claim_actor(w->account_id, actor, sizeof actor), 0,
                     "withdrawn by the claimant", NULL, err);
}

enum bz_status bz_claim_withdraw(const struct bz_claim_ctx *ctx,
                                 int64_t account_id, int64_t claim_id,
                                 struct bz_error *err)
{
    struct claim_withdraw_args args = {account_id, claim_id};

    return claim_transaction(ctx, claim_withdraw_step, &args, err);
}

/* Approves c at level: the record's other open claims are rejected (the
 * owner's, if another's, revoked), then c's account owns it. */
static enum bz_status claim_approve(const struct bz_claim_ctx *ctx,
                                    struct bz_arena *arena, struct bz_claim *c,
                                    int level, const char *actor,
                                    int64_t moderator_id, const char *reason,
                                    struct bz_error *err)
{
    const struct bz_store_ops *ops = ctx->store->ops;
    static const char lost[] = "another claim of the record was approved";
    struct bz_account a;
    struct bz_researcher r;
    struct bz_claim *all;
    size_t n;
    enum bz_status status;

    if (c->account_id == 0)
        return bz_error_set(err, BZ_CONFLICT,
                            "the claimant's account was "
                            "deleted");
    if ((status =
             ops->account_get(ctx->store, arena, c->account_id, &a, err)) ||
        (status = ops->researcher_get(ctx->store, arena, c->researcher_id, &r,
                                      err)) ||
        (status = claim_of_record(ctx, arena, c->researcher_id, &all, &n, err)))
        return status;
    if (!a.email_verified)
        return bz_error_set(err, BZ_CONFLICT,
                            "the claimant's address is not "
                            "confirmed");
    if (a.owns_researcher_id != 0 && a.owns_researcher_id != c->researcher_id)
        return bz_error_set(err, BZ_CONFLICT,
                            "the claimant owns 'R%lld' "
                            "already",
                            (long long)a.owns_researcher_id);

    for (size_t i = 0; i < n; i++) {
        struct bz_claim *o = &all[i];
        int in_force = claim_in_force(o);

        if (o->id == c->id || !claim_open(o))
            continue;
        status = claim_set(ctx, o, BZ_CLAIM_REJECTED, o->level, lost,
                           moderator_id, err);
        if (status == BZ_OK)
            status = claim_audit_claim(
                ctx, actor, in_force ? "claim_revoke" : "claim_reject", o, lost,
                err);
        if (status == BZ_OK)
            status = claim_mail(ctx, arena, o,
                                in_force ? "revoked" : "rejected", lost, err);
        if (status != BZ_OK)
            return status;
    }
    status =
        claim_set(ctx, c, BZ_CLAIM_APPROVED, level, reason, moderator_id, err);
    if (status == BZ_OK)
        status = ops->claim_set_owner(ctx->store, c->researcher_id,
                                      c->account_id, level, err);
    if (status == BZ_OK)
        status = claim_audit_claim(ctx, actor, "claim_approve", c, reason, err);
    if (status == BZ_OK && r.claim_level != level)
        status = claim_audit_level(ctx, actor, c->researcher_id, r.claim_level,
                                   level, c->id, err);
    if (status == BZ_OK)
        status = claim_mail(ctx, arena, c, "approved", reason, err);
    return status;
}

struct claim_decide_args {
    int64_t moderator_id, claim_id;
    enum bz_claim_decision decision;
    int level;
    const char *reason;
};

static enum bz_status claim_decide_step(const struct bz_claim_ctx *ctx,
                                        struct bz_arena *arena, void *args,
                                        struct bz_error *err)
{
    const struct claim_decide_args *d = args;
    struct bz_account moderator;
    struct bz_claim c;
    enum bz_claim_evidence evidence = BZ_CLAIM_STATEMENT;
    char actor[32];
    int64_t merged;
    int level = d->level;
    enum bz_status status;

    claim_actor(d->moderator_id, actor, sizeof actor);
    if (d->moderator_id > 0) {
        status = ctx->store->ops->account_get(ctx->store, arena,
                                              d->moderator_id, &moderator, err);
        if (status != BZ_OK && status != BZ_NOT_FOUND)
            return status;
        if (status == BZ_NOT_FOUND || !claim_is_moderator(&moderator))
            return bz_error_set(err, BZ_FORBIDDEN,
                                "only a moderator decides claims");
    }
    if ((status = claim_hold(ctx, arena, d->claim_id, &c, &merged, err)))
        return status;
    if (d->moderator_id > 0 && c.account_id == d->moderator_id)
        return bz_error_set(err, BZ_FORBIDDEN,
                            "another moderator must decide your own claim");
    if (merged != 0 && d->decision == BZ_CLAIM_APPROVE)
        return bz_error_set(err, BZ_CONFLICT,
                            "the record 'R%lld' is merged into 'R%lld'",
                            (long long)c.researcher_id, (long long)merged);

    switch (d->decision) {
    case BZ_CLAIM_APPROVE:
        if (!claim_is(&c, BZ_CLAIM_PENDING) && !claim_is(&c, BZ_CLAIM_DISPUTED))
            break;
        bz_claim_evidence_parse(c.evidence, &evidence);
        if (level == 0)
            level = bz_claim_default_level(evidence);
        return claim_approve(ctx, arena, &c, level, actor, d->moderator_id,
                             d->reason, err);
    case BZ_CLAIM_REJECT:
        if (!claim_is(&c, BZ_CLAIM_PENDING) && !claim_is(&c, BZ_CLAIM_DISPUTED))
            break;
        return claim_end(ctx, arena, &c, BZ_CLAIM_REJECTED,
                         claim_in_force(&c) ? "claim_revoke" : "claim_reject",
                         actor, d->moderator_id, d->reason,
                         claim_in_force(&c) ? "revoked" : "rejected", err);
    case BZ_CLAIM_REVOKE:
        if (!claim_in_force(&c))
            break;
        return claim_end(ctx, arena, &c, BZ_CLAIM_REJECTED, "claim_revoke",
                         actor, d->moderator_id, d->reason, "revoked", err);
    }
    return bz_error_set(err, BZ_CONFLICT, "the claim 'C%lld' is %s%s",
                        (long long)c.id, c.state,
                        d->decision == BZ_CLAIM_REVOKE ? ", not in force" : "");
}

enum bz_status bz_claim_decide(const struct bz_claim_ctx *ctx,
                               int64_t moderator_id, int64_t claim_id,
                               enum bz_claim_decision decision, int level,
                               const char *reason, struct bz_error *err)
{
    struct claim_decide_args args = {moderator_id, claim_id, decision, level,
                                     claim_blank(reason) ? NULL : reason};

    if (decision != BZ_CLAIM_APPROVE && args.reason == NULL)
        return bz_error_set(err, BZ_INVALID,
                            "say why: the claimant is shown the reason");
    if (decision == BZ_CLAIM_APPROVE && level != 0 && level != 2 && level != 3)
        return bz_error_set(err, BZ_INVALID, "a claim's level is 2 or 3");
    if (reason && strlen(reason) > BZ_CLAIM_REASON_MAX)
        return bz_error_set(err, BZ_TOO_LARGE, "the reason passes %d bytes",
                            BZ_CLAIM_REASON_MAX);
    return claim_transaction(ctx, claim_decide_step, &args, err);
}

/* --- reading, and the account's end --------------------------------------- */

/* 1 when viewer_id (0: a command) sees every claim; -1 with err. */
static int claim_sees_all(const struct bz_claim_ctx *ctx,
                          struct bz_arena *arena, int64_t viewer_id,
                          struct bz_error *err)
{
    struct bz_account a;
    enum bz_status status;

    if (viewer_id <= 0)
        return 1;
    status =
        ctx->store->ops->account_get(ctx->store, arena, viewer_id, &a, err);
    if (status == BZ_NOT_FOUND)
        return 0;
    if (status != BZ_OK)
        return -1;
    return claim_is_moderator(&a);
}

enum bz_status bz_claim_list(const struct bz_claim_ctx *ctx,
                             struct bz_arena *arena, int64_t viewer_id,
                             const struct bz_claim_filter *filter,
                             int64_t after, int limit, struct bz_claim **out,
                             size_t *count, int *more, struct bz_error *err)
{
    struct bz_claim_filter f = {0};
    int all = claim_sees_all(ctx, arena, viewer_id, err);

    *out = NULL;
    *count = 0;
    *more = 0;
    if (all < 0)
        return BZ_STORE;
    if (filter)
        f = *filter;
    if (!all)
        f.account_id = viewer_id;
    return ctx->store->ops->claim_list(ctx->store, arena, &f, after, limit, out,
                                       count, more, err);
}

enum bz_status bz_claim_get(const struct bz_claim_ctx *ctx,
                            struct bz_arena *arena, int64_t viewer_id,
                            int64_t claim_id, struct bz_claim_view *out,
                            struct bz_error *err)
{
    const struct bz_store_ops *ops = ctx->store->ops;
    char subject[32];
    int all;
    enum bz_status status;

    memset(out, 0, sizeof(*out));
    status = ops->claim_get(ctx->store, arena, claim_id, &out->claim, err);
    if (status != BZ_OK)
        return status;
    if ((all = claim_sees_all(ctx, arena, viewer_id, err)) < 0)
        return BZ_STORE;
    if (!all && out->claim.account_id != viewer_id) {
        memset(out, 0, sizeof(*out));
        return bz_error_set(err, BZ_NOT_FOUND, "no claim 'C%lld'",
                            (long long)claim_id);
    }
    snprintf(subject, sizeof subject, "C%lld", (long long)claim_id);
    return ops->audit_list(ctx->store, arena, subject, &out->history,
                           &out->history_count, err);
}

enum bz_status bz_claim_release_account(const struct bz_claim_ctx *ctx,
                                        int64_t account_id,
                                        struct bz_error *err)
{
    struct bz_arena arena;
    struct bz_claim c;
    char actor[32];
    int64_t merged;
    int found;
    enum bz_status status;

    bz_arena_init(&arena, 0);
    claim_actor(account_id, actor, sizeof actor);
    /* one open claim at most (the schema's index); the loop is a guard */
    for (int round = 0; round < 4; round++) {
        status =
            claim_open_of_account(ctx, &arena, account_id, &c, &found, err);
        if (status != BZ_OK || !found)
            break;
        status = claim_hold(ctx, &arena, c.id, &c, &merged, err);
        if (status == BZ_OK)
            status =
                claim_end(ctx, &arena, &c, BZ_CLAIM_WITHDRAWN, "claim_withdraw",
                          actor, 0, "the account was deleted", NULL, err);
        if (status != BZ_OK)
            break;
    }
    bz_arena_release(&arena);
    return status;
}
