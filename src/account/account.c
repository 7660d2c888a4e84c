/* account.c - the rules of accounts (account.h). */
#include "account/account.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <yajl/yajl_gen.h>

#include "api/json.h"
#include "auth/password.h"
#include "auth/sign.h"
#include "claim/claim.h"
#include "mail/mail.h"
#include "reaction/reaction.h"

#define ACCOUNT_PURPOSE_VERIFY "verify-email"
#define ACCOUNT_PURPOSE_CHANGE "change-email"
#define ACCOUNT_PURPOSE_RESET "reset-password"
#define ACCOUNT_MAIL_WINDOW 3600

/* One message for an unknown address and a wrong password alike. */
#define ACCOUNT_WRONG "the email address or the password is wrong"

/* --- helpers ------------------------------------------------------------- */

static const char *account_base(const struct bz_account_ctx *ctx)
{
    const char *base = ctx->cfg != NULL ? ctx->cfg->base_url : NULL;

    return base != NULL ? base : "http://127.0.0.1:8080";
}

static enum bz_status account_queue(const struct bz_account_ctx *ctx,
                                    const char *to, const char *subject,
                                    const char *text, struct bz_error *err)
{
    return ctx->store->ops->mail_enqueue(ctx->store, to, subject, text,
                                         ctx->now, err);
}

/* Counts one attempt under "what:who"; BZ_RATE_LIMITED past limit. */
static enum bz_status account_throttle(const struct bz_account_ctx *ctx,
                                       const char *what, const char *who,
                                       int64_t window, long limit,
                                       const char *message,
                                       struct bz_error *err)
{
    char key[BZ_ACCOUNT_EMAIL_MAX + 64];
    enum bz_status status;
    long count;

    if (who == NULL || who[0] == '\0')
        return BZ_OK;
    snprintf(key, sizeof(key), "%s:%s", what, who);
    status = ctx->store->ops->throttle_hit(ctx->store, key, ctx->now, window,
                                           &count, err);
    if (status != BZ_OK)
        return status;
    if (count > limit)
        return bz_error_set(err, BZ_RATE_LIMITED, "%s", message);
    return BZ_OK;
}

static enum bz_status account_mail_allowed(const struct bz_account_ctx *ctx,
                                           struct bz_error *err)
{
    return account_throttle(ctx, "mail", ctx->peer, ACCOUNT_MAIL_WINDOW,
                            BZ_MAIL_PER_PEER,
                            "too many messages asked for from your "
                            "address; try again in an hour",
                            err);
}

/* A link to path with a signed value of purpose and subject. */
static enum bz_status account_link(const struct bz_account_ctx *ctx,
                                   const char *path, const char *purpose,
                                   const char *subject, int64_t seconds,
                                   struct bz_buf *out, struct bz_error *err)
{
    char value[BZ_SIGN_SIZE];
    enum bz_status status;

    status = bz_sign_make(ctx->secret, purpose, subject, ctx->now + seconds,
                          value, err);
    if (status != BZ_OK)
        return status;
    if (bz_buf_printf(out, "%s%s?t=%s", account_base(ctx), path, value) < 0)
        return bz_error_set(err, BZ_NOMEM, "out of memory for a link");
    return BZ_OK;
}

/* What a reset link is bound to: a digest of the password hash in force,
 * so that the link dies once the password changes. */
static enum bz_status account_password_mark(const char *hash,
                                            char out[17],
                                            struct bz_error *err)
{
    char digest[BZ_TOKEN_HASH_SIZE];
    enum bz_status status;

    status = bz_token_hash(hash ? hash : "", hash ? strlen(hash) : 0, digest,
                           err);
    if (status != BZ_OK)
        return status;
    memcpy(out, digest, 16);
    out[16] = '\0';
    return BZ_OK;
}

/* Reads "ID REST" from a link's subject. */
static int account_subject_split(const char *subject, int64_t *id,
                                 const char **rest)
{
    char *end;
    long long n = strtoll(subject, &end, 10);

    if (end == subject || *end != ' ' || n <= 0)
        return -1;
    *id = (int64_t)n;
    *rest = end + 1;
    return 0;
}

static enum bz_status account_password_ok(const char *password,
                                          const char *email,
                                          struct bz_error *err)
{
    if (password == NULL)
        return bz_error_set(err, BZ_INVALID, "a password is needed");
    return bz_password_check(password, strlen(password), email, err);
}

static enum bz_status account_hash(const char *password,
                                   char out[BZ_PASSWORD_HASH_SIZE],
                                   struct bz_error *err)
{
    return bz_password_hash(password, strlen(password), out,
                            BZ_PASSWORD_HASH_SIZE, err);
}

/* 1 when password is the account's (and its hash exists). */
static int account_password_matches(const struct bz_account *a,
                                    const char *password)
{
    if (password == NULL)
        return 0;
    if (a->password_hash == NULL) {
        bz_password_verify_dummy(password, strlen(password));
        return 0;
    }
    return bz_password_verify(a->password_hash, password, strlen(password));
}

/* --- the secret and addresses -------------------------------------------- */

enum bz_status bz_account_secret(struct bz_store *store,
                                 const struct bz_config *cfg,
                                 struct bz_secret *out, struct bz_error *err)
{
    const char *configured = cfg != NULL ? bz_config_get(cfg, "secret")
                                         : NULL;
    char hex[BZ_SECRET_HEX_SIZE];
    struct bz_secret fresh;
    struct bz_arena arena;
    const char *kept;
    enum bz_status status;

    if (configured != NULL && configured[0] != '\0')
        return bz_secret_parse(configured, strlen(configured), out, err);
    if ((status = bz_secret_new(&fresh, err)) != BZ_OK)
        return status;
    bz_secret_format(&fresh, hex);
    bz_secret_release(&fresh);
    bz_arena_init(&arena, 0);
    status = store->ops->setting_init(store, &arena, "secret", hex, &kept,
                                      err);
    if (status == BZ_OK)
        status = bz_secret_parse(kept, strlen(kept), out, err);
    memset(hex, 0, sizeof(hex));
    bz_arena_release(&arena);
    return status;
}

enum bz_status bz_account_email(const char *in,
                                char out[BZ_ACCOUNT_EMAIL_MAX + 1],
                                struct bz_error *err)
{
    size_t start = 0, end, n;

    out[0] = '\0';
    if (in == NULL)
        return bz_error_set(err, BZ_INVALID, "an email address is needed");
    end = strlen(in);
    while (start < end && isspace((unsigned char)in[start]))
        start++;
    while (end > start && isspace((unsigned char)in[end - 1]))
        end--;
    n = end - start;
    if (n == 0)
        return bz_error_set(err, BZ_INVALID, "an email address is needed");
    if (n > BZ_ACCOUNT_EMAIL_MAX)
        return bz_error_set(err, BZ_INVALID,
                            "the email address is longer than %d bytes",
                            BZ_ACCOUNT_EMAIL_MAX);
    for (size_t i = 0; i < n; i++)
        out[i] = (char)tolower((unsigned char)in[start + i]);
    out[n] = '\0';
    if (bz_mail_check_address(out, err) != BZ_OK) {
        /* the mail module's words, without its "mail: " */
        if (err != NULL && strncmp(err->message, "mail: ", 6) == 0)
            memmove(err->message, err->message + 6,
                    strlen(err->message + 6) + 1);
        out[0] = '\0';
        return BZ_INVALID;
    }
    return BZ_OK;
}

/* --- signing up ---------------------------------------------------------- */

static enum bz_status account_mail_verification(
    const struct bz_account_ctx *ctx, int64_t id, const char *email,
    const char *purpose, struct bz_error *err)
{
    char subject[BZ_SIGN_SUBJECT_SIZE];
    struct bz_buf text;
    enum bz_status status;

    snprintf(subject, sizeof(subject), "%lld %s", (long long)id, email);
    bz_buf_init(&text, 1024);
    bz_buf_printf(&text,
                  "Someone, hopefully you, asked to use this address for "
                  "an account at\n%s.\n\nTo confirm it, open this link "
                  "within 48 hours:\n\n",
                  account_base(ctx));
    status = account_link(ctx, "/account/verify", purpose, subject,
                          BZ_VERIFY_LINK_SECONDS, &text, err);
    if (status == BZ_OK) {
        bz_buf_puts(&text, "\n\nIf it was not you, ignore this message: "
                           "nothing changes without the link.\n");
        status = text.failed
                     ? bz_error_set(err, BZ_NOMEM, "out of memory for mail")
                     : account_queue(ctx, email,
                                     "Confirm your email address for bzpeer",
                                     text.data, err);
    }
    bz_buf_release(&text);
    return status;
}

enum bz_status bz_account_signup(const struct bz_account_ctx *ctx,
                                 const char *email_in, const char *password,
                                 struct bz_error *err)
{
    char email[BZ_ACCOUNT_EMAIL_MAX + 1];
    char hash[BZ_PASSWORD_HASH_SIZE];
    struct bz_buf text;
    enum bz_status status;
    int64_t id;

    if ((status = bz_account_email(email_in, email, err)) != BZ_OK ||
        (status = account_password_ok(password, email, err)) != BZ_OK ||
        (status = account_mail_allowed(ctx, err)) != BZ_OK ||
        (status = account_hash(password, hash, err)) != BZ_OK)
        return status;

    status = ctx->store->ops->account_create(ctx->store, email, hash, "user",
                                             &id, err);
    if (status == BZ_OK)
        return account_mail_verification(ctx, id, email,
                                         ACCOUNT_PURPOSE_VERIFY, err);
    if (status != BZ_CONFLICT)
        return status;

    /* the address has an account: its owner hears of it, the asker does
     * not, since the answer is the same */
    bz_buf_init(&text, 512);
    bz_buf_printf(&text,
                  "Someone tried to sign up at %s with this address, which "
                  "has an account already.\n\nIf it was you and you have "
                  "forgotten your password, you can set a new one at\n"
                  "%s/account/reset\n\nIf it was not you, nothing has "
                  "changed.\n",
                  account_base(ctx), account_base(ctx));
    status = text.failed ? bz_error_set(err, BZ_NOMEM, "out of memory")
                         : account_queue(ctx, email,
                                         "Your bzpeer account", text.data,
                                         err);
    bz_buf_release(&text);
    return status;
}

enum bz_status bz_account_add(const struct bz_account_ctx *ctx,
                              const char *email_in, const char *password,
                              const char *role, int64_t *id,
                              struct bz_error *err)
{
    char email[BZ_ACCOUNT_EMAIL_MAX + 1];
    char hash[BZ_PASSWORD_HASH_SIZE];
    enum bz_status status;

    *id = 0;
    if ((status = bz_account_email(email_in, email, err)) != BZ_OK ||
        (status = account_password_ok(password, email, err)) != BZ_OK ||
        (status = account_hash(password, hash, err)) != BZ_OK)
        return status;
    status = ctx->store->ops->account_create(ctx->store, email, hash, role,
                                             id, err);
    if (status != BZ_OK)
        return status;
    return ctx->store->ops->account_verify_email(ctx->store, *id, email,
                                                 err);
}

enum bz_status bz_account_send_verification(const struct bz_account_ctx *ctx,
                                            const struct bz_account *a,
                                            struct bz_error *err)
{
    enum bz_status status = account_mail_allowed(ctx, err);

    if (status != BZ_OK)
        return status;
    if (a->email_verified)
        return bz_error_set(err, BZ_CONFLICT,
                            "the address is confirmed already");
    return account_mail_verification(ctx, a->id, a->email,
                                     ACCOUNT_PURPOSE_VERIFY, err);
}

/* --- logging in ---------------------------------------------------------- */

enum bz_status bz_account_login(const struct bz_account_ctx *ctx,
                                const char *email_in, const char *password,
                                struct bz_session *out, struct bz_error *err)
{
    char email[BZ_ACCOUNT_EMAIL_MAX + 1];
    char hash[BZ_PASSWORD_HASH_SIZE];
    char key[BZ_ACCOUNT_EMAIL_MAX + 16];
    struct bz_account a;
    struct bz_arena arena;
    enum bz_status status;
    int found, good;

    memset(out, 0, sizeof(*out));
    if (bz_account_email(email_in, email, NULL) != BZ_OK || password == NULL)
        return bz_error_set(err, BZ_UNAUTHORIZED, ACCOUNT_WRONG);
    status = account_throttle(ctx, "login-peer", ctx->peer, BZ_LOGIN_WINDOW,
                              BZ_LOGIN_PER_PEER,
                              "too many log-in attempts from your address; "
                              "try again in 15 minutes",
                              err);
    if (status == BZ_OK)
        status = account_throttle(ctx, "login", email, BZ_LOGIN_WINDOW,
                                  BZ_LOGIN_PER_ACCOUNT,
                                  "too many log-in attempts for this "
                                  "account; try again in 15 minutes, or "
                                  "reset the password",
                                  err);
    if (status != BZ_OK)
        return status;

    bz_arena_init(&arena, 0);
    status = ctx->store->ops->account_find(ctx->store, &arena, email, &a,
                                           err);
    found = status == BZ_OK;
    if (status != BZ_OK && status != BZ_NOT_FOUND)
        goto done;
    /* an unknown address costs a hash too, so that timing tells nothing */
    if (found)
        good = account_password_matches(&a, password);
    else
        good = (bz_password_verify_dummy(password, strlen(password)), 0);
    if (!good) {
        status = bz_error_set(err, BZ_UNAUTHORIZED, ACCOUNT_WRONG);
        goto done;
    }

    snprintf(key, sizeof(key), "login:%s", email);
    if ((status = ctx->store->ops->throttle_clear(ctx->store, key, err)) !=
            BZ_OK ||
        (status = bz_token_new(out->token, err)) != BZ_OK ||
        (status = bz_token_hash(out->token, strlen(out->token), out->hash,
                                err)) != BZ_OK)
        goto done;
    status = ctx->store->ops->session_create(ctx->store, out->hash, a.id,
                                             ctx->now,
                                             ctx->now + BZ_SESSION_SECONDS,
                                             err);
    out->account_id = a.id;
    /* a hash made at an older cost is replaced while the password is in
     * hand */
    if (status == BZ_OK && bz_password_needs_rehash(a.password_hash) &&
        account_hash(password, hash, NULL) == BZ_OK)
        ctx->store->ops->account_set_password(ctx->store, a.id, hash,
                                              out->hash, NULL);
done:
    if (status != BZ_OK)
        memset(out, 0, sizeof(*out));
    bz_arena_release(&arena);
    return status;
}

enum bz_status bz_account_of_session(const struct bz_account_ctx *ctx,
                                     struct bz_arena *arena,
                                     const char *token,
                                     struct bz_account *out,
                                     char hash[BZ_TOKEN_HASH_SIZE],
                                     struct bz_error *err)
{
    enum bz_status status;
    int64_t id;

    hash[0] = '\0';
    if (token == NULL || bz_token_check(token, strlen(token), NULL) != BZ_OK)
        return bz_error_set(err, BZ_NOT_FOUND, "no session");
    if ((status = bz_token_hash(token, strlen(token), hash, err)) != BZ_OK)
        return status;
    status = ctx->store->ops->session_account(ctx->store, hash, ctx->now, &id,
                                              err);
    if (status == BZ_OK)
        status = ctx->store->ops->account_get(ctx->store, arena, id, out, err);
    if (status != BZ_OK)
        hash[0] = '\0';
    return status;
}

enum bz_status bz_account_of_bearer(const struct bz_account_ctx *ctx,
                                    struct bz_arena *arena,
                                    const char *authorization,
                                    struct bz_account *out,
                                    struct bz_error *err)
{
    char hash[BZ_TOKEN_HASH_SIZE];
    const char *token;
    enum bz_status status;
    int64_t id;

    if (authorization == NULL || strncmp(authorization, "Bearer ", 7) != 0)
        return bz_error_set(err, BZ_UNAUTHORIZED,
                            "expected 'Authorization: Bearer bzp_...'");
    token = authorization + 7;
    if (bz_token_api_check(token, strlen(token), NULL) != BZ_OK ||
        bz_token_hash(token, strlen(token), hash, err) != BZ_OK)
        return bz_error_set(err, BZ_UNAUTHORIZED, "the API token is not "
                                                  "valid");
    status = ctx->store->ops->api_token_account(ctx->store, hash, ctx->now,
                                                &id, err);
    if (status == BZ_NOT_FOUND)
        return bz_error_set(err, BZ_UNAUTHORIZED, "the API token is not "
                                                  "valid or was revoked");
    if (status != BZ_OK)
        return status;
    return ctx->store->ops->account_get(ctx->store, arena, id, out, err);
}

enum bz_status bz_account_logout(const struct bz_account_ctx *ctx,
                                 const char *hash, struct bz_error *err)
{
    if (hash == NULL || hash[0] == '\0')
        return BZ_OK;
    return ctx->store->ops->session_delete(ctx->store, hash, 0, err);
}

/* --- links --------------------------------------------------------------- */

enum bz_status bz_account_verify(const struct bz_account_ctx *ctx,
                                 const char *link, struct bz_error *err)
{
    char subject[BZ_SIGN_SUBJECT_SIZE];
    const char *email;
    enum bz_status status;
    int64_t id;

    if (link == NULL)
        return bz_error_set(err, BZ_INVALID, "the link has no value");
    status = bz_sign_check(ctx->secret, ACCOUNT_PURPOSE_VERIFY, link,
                           strlen(link), ctx->now, subject, NULL);
    if (status == BZ_INVALID)
        status = bz_sign_check(ctx->secret, ACCOUNT_PURPOSE_CHANGE, link,
                               strlen(link), ctx->now, subject, NULL);
    if (status == BZ_GONE)
        return bz_error_set(err, BZ_GONE, "the link has expired; ask for a "
                                          "new one from your account page");
    if (status != BZ_OK || account_subject_split(subject, &id, &email) < 0)
        return bz_error_set(err, BZ_INVALID,
                            "the link is not one bzpeer sent, or it was "
                            "cut short by the mail program");
    status = ctx->store->ops->account_verify_email(ctx->store, id, email,
                                                   err);
    if (status == BZ_NOT_FOUND)
        return bz_error_set(err, BZ_GONE, "the account no longer exists");
    return status;
}

enum bz_status bz_account_reset_request(const struct bz_account_ctx *ctx,
                                        const char *email_in,
                                        struct bz_error *err)
{
    char email[BZ_ACCOUNT_EMAIL_MAX + 1];
    char subject[BZ_SIGN_SUBJECT_SIZE], mark[17];
    struct bz_account a;
    struct bz_arena arena;
    struct bz_buf text;
    enum bz_status status;

    if ((status = bz_account_email(email_in, email, err)) != BZ_OK ||
        (status = account_mail_allowed(ctx, err)) != BZ_OK)
        return status;
    bz_arena_init(&arena, 0);
    status = ctx->store->ops->account_find(ctx->store, &arena, email, &a,
                                           err);
    if (status != BZ_OK) {
        bz_arena_release(&arena);
        return status == BZ_NOT_FOUND ? BZ_OK : status; /* tell nobody */
    }
    bz_buf_init(&text, 1024);
    status = account_password_mark(a.password_hash, mark, err);
    if (status == BZ_OK) {
        snprintf(subject, sizeof(subject), "%lld %s", (long long)a.id, mark);
        bz_buf_printf(&text,
                      "Someone, hopefully you, asked to set a new password "
                      "for your account at\n%s.\n\nTo choose one, open this "
                      "link within an hour:\n\n",
                      account_base(ctx));
        status = account_link(ctx, "/account/reset/confirm",
                              ACCOUNT_PURPOSE_RESET, subject,
                              BZ_RESET_LINK_SECONDS, &text, err);
    }
    if (status == BZ_OK) {
        bz_buf_puts(&text, "\n\nIf it was not you, ignore this message: "
                           "your password stays as it is.\n");
        status = text.failed
                     ? bz_error_set(err, BZ_NOMEM, "out of memory for mail")
                     : account_queue(ctx, a.email,
                                     "Set a new bzpeer password", text.data,
                                     err);
    }
    bz_buf_release(&text);
    bz_arena_release(&arena);
    return status;
}

enum bz_status bz_account_reset(const struct bz_account_ctx *ctx,
                                const char *link, const char *password,
                                struct bz_error *err)
{
    char subject[BZ_SIGN_SUBJECT_SIZE], mark[17];
    char hash[BZ_PASSWORD_HASH_SIZE];
    const char *given_mark;
    struct bz_account a;
    struct bz_arena arena;
    enum bz_status status;
    int64_t id;

    status = bz_sign_check(ctx->secret, ACCOUNT_PURPOSE_RESET,
                           link ? link : "", link ? strlen(link) : 0,
                           ctx->now, subject, NULL);
    if (status == BZ_GONE)
        return bz_error_set(err, BZ_GONE, "the link has expired; ask for a "
                                          "new one");
    if (status != BZ_OK ||
        account_subject_split(subject, &id, &given_mark) < 0)
        return bz_error_set(err, BZ_INVALID,
                            "the link is not one bzpeer sent, or it was "
                            "cut short by the mail program");
    bz_arena_init(&arena, 0);
    status = ctx->store->ops->account_get(ctx->store, &arena, id, &a, err);
    if (status == BZ_NOT_FOUND)
        status = bz_error_set(err, BZ_GONE, "the account no longer exists");
    if (status == BZ_OK)
        status = account_password_mark(a.password_hash, mark, err);
    if (status == BZ_OK && strcmp(mark, given_mark) != 0)
        status = bz_error_set(err, BZ_GONE, "the link was used already, or "
                                            "the password changed since");
    if (status == BZ_OK)
        status = account_password_ok(password, a.email, err);
    if (status == BZ_OK)
        status = account_hash(password, hash, err);
    if (status == BZ_OK)
        status = ctx->store->ops->account_set_password(ctx->store, id, hash,
                                                       NULL, err);
    /* the mail was opened: the address works */
    if (status == BZ_OK && !a.email_verified)
        status = ctx->store->ops->account_verify_email(ctx->store, id,
                                                       a.email, err);
    bz_arena_release(&arena);
    return status;
}

/* --- the account page's changes ------------------------------------------ */

enum bz_status bz_account_change_password(const struct bz_account_ctx *ctx,
                                          const struct bz_account *a,
                                          const char *current,
                                          const char *password,
                                          const char *keep_hash,
                                          struct bz_error *err)
{
    char hash[BZ_PASSWORD_HASH_SIZE];
    enum bz_status status;

    if (!account_password_matches(a, current))
        return bz_error_set(err, BZ_UNAUTHORIZED,
                            "the current password is wrong");
    if ((status = account_password_ok(password, a->email, err)) != BZ_OK ||
        (status = account_hash(password, hash, err)) != BZ_OK)
        return status;
    return ctx->store->ops->account_set_password(ctx->store, a->id, hash,
                                                 keep_hash, err);
}

enum bz_status bz_account_change_email(const struct bz_account_ctx *ctx,
                                       const struct bz_account *a,
                                       const char *password,
                                       const char *email_in,
                                       struct bz_error *err)
{
    char email[BZ_ACCOUNT_EMAIL_MAX + 1];
    struct bz_buf text;
    enum bz_status status;

    if (!account_password_matches(a, password))
        return bz_error_set(err, BZ_UNAUTHORIZED, "the password is wrong");
    if ((status = bz_account_email(email_in, email, err)) != BZ_OK)
        return status;
    if (strcmp(email, a->email) == 0)
        return bz_error_set(err, BZ_INVALID,
                            "that is the account's address already");
    if ((status = account_mail_allowed(ctx, err)) != BZ_OK)
        return status;
    status = ctx->store->ops->account_set_pending_email(ctx->store, a->id,
                                                        email, err);
    if (status == BZ_CONFLICT)
        return bz_error_set(err, BZ_CONFLICT,
                            "that address cannot be used for this "
                            "account");
    if (status == BZ_OK)
        status = account_mail_verification(ctx, a->id, email,
                                           ACCOUNT_PURPOSE_CHANGE, err);
    if (status != BZ_OK)
        return status;
    bz_buf_init(&text, 512);
    bz_buf_printf(&text,
                  "Your bzpeer account at %s is being moved to the address "
                  "%s. The change happens when a link sent there is "
                  "opened.\n\nIf you did not ask for this, log in and "
                  "change your password.\n",
                  account_base(ctx), email);
    status = text.failed ? bz_error_set(err, BZ_NOMEM, "out of memory")
                         : account_queue(ctx, a->email,
                                         "Your bzpeer address is changing",
                                         text.data, err);
    bz_buf_release(&text);
    return status;
}

enum bz_status bz_account_token_create(const struct bz_account_ctx *ctx,
                                       const struct bz_account *a,
                                       const char *name,
                                       char out[BZ_TOKEN_API_SIZE],
                                       struct bz_error *err)
{
    char hash[BZ_TOKEN_HASH_SIZE];
    enum bz_status status;
    int64_t id;
    size_t n = name ? strlen(name) : 0;

    out[0] = '\0';
    if (n == 0 || n > BZ_TOKEN_NAME_MAX)
        return bz_error_set(err, BZ_INVALID,
                            "a token needs a name of 1 to %d bytes",
                            BZ_TOKEN_NAME_MAX);
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)name[i] < 0x20 || name[i] == 0x7f)
            return bz_error_set(err, BZ_INVALID,
                                "a token's name is one line of text");
    if ((status = bz_token_api_new(out, err)) != BZ_OK ||
        (status = bz_token_hash(out, strlen(out), hash, err)) != BZ_OK)
        return status;
    status = ctx->store->ops->api_token_create(ctx->store, a->id, name, hash,
                                               ctx->now, &id, err);
    if (status != BZ_OK)
        out[0] = '\0';
    return status;
}

enum bz_status bz_account_delete(const struct bz_account_ctx *ctx,
                                 const struct bz_account *a,
                                 const char *password, struct bz_error *err)
{
    struct bz_store *store = ctx->store;
    char subject[32], detail[64];
    struct bz_audit_entry entry = {0};
    struct bz_claim_ctx claims;
    enum bz_status status;

    if (!account_password_matches(a, password))
        return bz_error_set(err, BZ_UNAUTHORIZED, "the password is wrong");
    snprintf(subject, sizeof(subject), "A%lld", (long long)a->id);
    snprintf(detail, sizeof(detail), "{\"owned\": %s%lld%s}",
             a->owns_researcher_id ? "\"R" : "",
             (long long)a->owns_researcher_id,
             a->owns_researcher_id ? "\"" : "");
    if (!a->owns_researcher_id)
        snprintf(detail, sizeof(detail), "{\"owned\": null}");
    entry.actor = subject;
    entry.action = "account_delete";
    entry.subject = subject;
    entry.detail = detail;
    entry.reason = "deleted by its owner";

    if ((status = store->ops->begin(store, err)) != BZ_OK)
        return status;
    claims.store = store;
    claims.cfg = ctx->cfg;
    claims.now = ctx->now;
    status = bz_claim_release_account(&claims, a->id, err);
    if (status == BZ_OK)
        status = store->ops->account_delete(store, a->id, err);
    if (status == BZ_OK)
        status = store->ops->audit_append(store, &entry, err);
    if (status == BZ_OK)
        status = store->ops->commit(store, err);
    if (status != BZ_OK)
        store->ops->rollback(store, NULL);
    return status;
}

enum bz_status bz_account_export(const struct bz_account_ctx *ctx,
                                 struct bz_arena *arena,
                                 const struct bz_account *a,
                                 struct bz_buf *out, struct bz_error *err)
{
    struct bz_api_token *tokens;
    struct bz_audit_entry *audit;
    size_t token_count, audit_count;
    char subject[32];
    enum bz_status status;
    yajl_gen g;

    snprintf(subject, sizeof(subject), "A%lld", (long long)a->id);
    status = ctx->store->ops->api_token_list(ctx->store, arena, a->id,
                                             &tokens, &token_count, err);
    if (status == BZ_OK)
        status = ctx->store->ops->audit_list(ctx->store, arena, subject,
                                             &audit, &audit_count, err);
    if (status != BZ_OK)
        return status;
    if ((g = yajl_gen_alloc(NULL)) == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    yajl_gen_config(g, yajl_gen_beautify, 1);
    yajl_gen_map_open(g);
    bz_json_kv_string(g, "email", a->email);
    bz_json_kv_bool(g, "email_verified", a->email_verified);
    bz_json_kv_string(g, "pending_email", a->pending_email);
    bz_json_kv_string(g, "role", a->role);
    bz_json_kv_string(g, "created_at", a->created_at);
    bz_json_key(g, "owns");
    if (a->owns_researcher_id) {
        char id[24];

        snprintf(id, sizeof(id), "R%lld", (long long)a->owns_researcher_id);
        bz_json_string(g, id);
    } else {
        yajl_gen_null(g);
    }
    bz_json_key(g, "api_tokens");
    yajl_gen_array_open(g);
    for (size_t i = 0; i < token_count; i++) {
        yajl_gen_map_open(g);
        bz_json_kv_string(g, "name", tokens[i].name);
        bz_json_kv_long(g, "created_at", tokens[i].created_at);
        bz_json_kv_long(g, "last_used_at", tokens[i].last_used_at);
        yajl_gen_map_close(g);
    }
    yajl_gen_array_close(g);
    bz_json_key(g, "audit");
    yajl_gen_array_open(g);
    for (size_t i = 0; i < audit_count; i++) {
        yajl_gen_map_open(g);
        bz_json_kv_string(g, "at", audit[i].at);
        bz_json_kv_string(g, "action", audit[i].action);
        bz_json_kv_string(g, "detail", audit[i].detail);
        bz_json_kv_string(g, "reason", audit[i].reason);
        yajl_gen_map_close(g);
    }
    yajl_gen_array_close(g);
    /* what the account said about works (reaction.h) */
    status = bz_reaction_export(ctx->store, arena, a, g, err);
    if (status != BZ_OK) {
        yajl_gen_free(g);
        return status;
    }
    yajl_gen_map_close(g);
    status = bz_json_finish(g, out, err);
    yajl_gen_free(g);
    return status;
}
