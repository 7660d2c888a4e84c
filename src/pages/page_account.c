/* page_account.c - signing up, logging in and out, and the account page
 * with everything an owner changes there. The rules are account.c's; this
 * file reads forms, checks CSRF, sets cookies and writes HTML. Every page
 * here depends on who asks: none is cached (Cache-Control: no-store). A
 * form that was wrong is shown again with what was wrong, and a POST that
 * worked answers 303 to a page that says so (from a fixed list: nothing a
 * request sends is echoed as a notice). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "account/account.h"
#include "mail/outbox.h"
#include "pages/forms.h"
#include "pages/html.h"
#include "pages/page_collab.h"
#include "pages/pages.h"
#include "http/viewer.h"

/* The notices a 303 may land on, by their ?done= name. */
static const struct {
    const char *name;
    const char *text;
} account_notices[] = {
    {"signed-up", "Check your inbox: a link to confirm your address is on "
                  "its way. Open it within 48 hours."},
    {"verified", "Your email address is confirmed."},
    {"resent", "A new confirmation link is on its way."},
    {"password", "Your password is changed. Your other sessions have "
                 "ended."},
    {"email", "A link to confirm the new address is on its way to it. "
              "The address changes when it is opened."},
    {"token", "The token was made."},
    {"revoked", "The token is revoked."},
    {"reset-sent", "If an account has that address, a link to set a new "
                   "password is on its way to it."},
    {"reset", "Your password is set. Log in with it."},
    {"logged-out", "You are logged out."},
    {"deleted", "Your account is deleted."},
    {"withdrawn", "Your claim is withdrawn."},
    {"digest", "Your digest setting is saved."},
};

static const char *account_notice(const struct bz_request *req)
{
    const char *done = bz_request_param(req, "done");

    for (size_t i = 0; done && i < sizeof(account_notices) /
                                       sizeof(account_notices[0]);
         i++)
        if (strcmp(done, account_notices[i].name) == 0)
            return account_notices[i].text;
    return NULL;
}

/* --- the parts of a page ------------------------------------------------- */

/* Answers 303 to path?done=notice. */
static enum bz_status account_done(struct bz_request *req,
                                   struct bz_response *resp,
                                   const char *path, const char *notice,
                                   struct bz_error *err)
{
    resp->location = bz_arena_printf(req->arena, "%s?done=%s", path, notice);
    if (resp->location == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    return bz_error_set(err, BZ_SEE_OTHER, "see %s", resp->location);
}

/* A local path to go to after logging in: "/..." but not "//..." (which
 * a browser reads as another host), else "/account". */
static const char *account_next(const char *next)
{
    if (next == NULL || next[0] != '/' || next[1] == '/' || next[1] == '\\')
        return "/account";
    /* a browser drops tabs and line breaks ("/\t/evil" becomes
     * "//evil"): only printable ASCII but the backslash passes */
    for (const char *p = next; *p; p++)
        if (*p <= ' ' || *p > '~' || *p == '\\')
            return "/account";
    return next;
}

/* A 429's Retry-After: seconds of the window that throttled. */
static enum bz_status account_retry_after(struct bz_response *resp,
                                          enum bz_status status,
                                          const char *seconds,
                                          struct bz_error *err)
{
    if (status != BZ_RATE_LIMITED)
        return BZ_OK;
    return bz_response_add_header(resp, "Retry-After", seconds, err);
}

static void account_kick(struct bz_request *req)
{
    if (req->site != NULL)
        bz_outbox_kick(req->site->outbox);
}

/* --- sign up ------------------------------------------------------------- */

static enum bz_status account_signup_page(struct bz_request *req,
                                          struct bz_response *resp,
                                          struct bz_viewer *v,
                                          const char *email,
                                          const char *problem,
                                          struct bz_error *err)
{
    const char *next = account_next(req->method == BZ_POST
                                        ? bz_request_form(req, "next")
                                        : bz_request_param(req, "next"));
    struct bz_buf *out = &resp->body;
    enum bz_status status;

    if ((status = bz_form_personal(resp, err)) != BZ_OK ||
        (status = bz_viewer_form_token(req, resp, v, err)) != BZ_OK)
        return status;
    bz_form_page_begin(out, "Sign up", v, account_notice(req), problem);
    bz_html_raw(out, "<p>An account lets you claim your researcher record, "
                     "follow researchers and be invited to collaborate.</p>\n");
    bz_form_begin(out, "/signup", v);
    bz_form_hidden(out, "next", next);
    bz_form_field(out, "Email address", "email", "email", email, "email");
    bz_form_field(out, "Password (at least 10 characters)", "password",
                  "password", NULL, "new-password");
    bz_form_submit(out, "Sign up");
    bz_html_raw(out, "<p>Have an account? <a href=\"/login\">Log in</a>."
                     "</p>\n");
    bz_form_page_end(out);
    return BZ_OK;
}

enum bz_status bz_page_signup(struct bz_request *req,
                              struct bz_response *resp, struct bz_error *err)
{
    struct bz_viewer v;
    struct bz_account_ctx ctx;
    struct bz_error problem = {0};
    const char *email;
    enum bz_status status;

    if ((status = bz_viewer_of(req, &v, err)) != BZ_OK)
        return status;
    if (req->method != BZ_POST)
        return account_signup_page(req, resp, &v, NULL, NULL, err);
    if ((status = bz_viewer_check_post(req, &v, err)) != BZ_OK)
        return status;
    email = bz_request_form(req, "email");
    bz_viewer_ctx(req, &ctx);
    status = bz_account_signup(&ctx, email, bz_request_form(req, "password"),
                               &problem);
    if (status == BZ_OK) {
        account_kick(req);
        /* back to log-in, and from there where the visitor was going */
        return bz_form_see_other_to(
            req, resp, "/login?done=signed-up&next=",
            account_next(bz_request_form(req, "next")), err);
    }
    if (account_retry_after(resp, status, "3600", err) != BZ_OK)
        return BZ_NOMEM;
    if ((resp->status = bz_form_status(status)) == 0)
        return bz_error_set(err, status, "%s", problem.message);
    return account_signup_page(req, resp, &v, email, problem.message, err);
}

/* --- log in and out ------------------------------------------------------ */

static enum bz_status account_login_page(struct bz_request *req,
                                         struct bz_response *resp,
                                         struct bz_viewer *v,
                                         const char *email,
                                         const char *problem,
                                         struct bz_error *err)
{
    const char *next = account_next(bz_request_param(req, "next"));
    struct bz_buf *out = &resp->body;
    enum bz_status status;

    if ((status = bz_form_personal(resp, err)) != BZ_OK ||
        (status = bz_viewer_form_token(req, resp, v, err)) != BZ_OK)
        return status;
    bz_form_page_begin(out, "Log in", v, account_notice(req), problem);
    bz_form_begin(out, "/login", v);
    bz_html_raw(out, "<input type=\"hidden\" name=\"next\" value=\"");
    bz_html_text(out, next);
    bz_html_raw(out, "\">\n");
    bz_form_field(out, "Email address", "email", "email", email, "username");
    bz_form_field(out, "Password", "password", "password", NULL,
                  "current-password");
    bz_form_submit(out, "Log in");
    bz_html_raw(out, "<p><a href=\"/account/reset\">Forgot your password?"
                     "</a> · <a href=\"/signup?next=");
    bz_form_escape(out, next); /* escaped: nothing for HTML to read */
    bz_html_raw(out, "\">Sign up</a></p>\n");
    bz_form_page_end(out);
    return BZ_OK;
}

enum bz_status bz_page_login(struct bz_request *req, struct bz_response *resp,
                             struct bz_error *err)
{
    struct bz_viewer v;
    struct bz_account_ctx ctx;
    struct bz_session session;
    struct bz_error problem = {0};
    const char *email;
    enum bz_status status;

    if ((status = bz_viewer_of(req, &v, err)) != BZ_OK)
        return status;
    if (req->method != BZ_POST)
        return account_login_page(req, resp, &v, NULL, NULL, err);
    if ((status = bz_viewer_check_post(req, &v, err)) != BZ_OK)
        return status;
    email = bz_request_form(req, "email");
    bz_viewer_ctx(req, &ctx);
    status = bz_account_login(&ctx, email, bz_request_form(req, "password"),
                              &session, &problem);
    if (account_retry_after(resp, status, "900", err) != BZ_OK)
        return BZ_NOMEM;
    if (status != BZ_OK) {
        if ((resp->status = bz_form_status(status)) == 0)
            return bz_error_set(err, status, "%s", problem.message);
        return account_login_page(req, resp, &v, email, problem.message, err);
    }
    /* a new session each log-in: a cookie planted before it is worthless */
    if (v.signed_in)
        bz_account_logout(&ctx, v.session_hash, NULL);
    if ((status = bz_response_set_cookie(resp, BZ_SESSION_COOKIE,
                                         session.token, BZ_SESSION_SECONDS,
                                         0, err)) != BZ_OK)
        return status;
    memset(&session, 0, sizeof(session));
    resp->location = bz_arena_strdup(
        req->arena, account_next(bz_request_form(req, "next")));
    if (resp->location == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    return bz_error_set(err, BZ_SEE_OTHER, "logged in");
}

enum bz_status bz_page_logout(struct bz_request *req,
                              struct bz_response *resp, struct bz_error *err)
{
    struct bz_viewer v;
    struct bz_account_ctx ctx;
    enum bz_status status;

    if ((status = bz_viewer_of(req, &v, err)) != BZ_OK)
        return status;
    if (v.signed_in) {
        if ((status = bz_viewer_check_post(req, &v, err)) != BZ_OK)
            return status;
        bz_viewer_ctx(req, &ctx);
        if ((status = bz_account_logout(&ctx, v.session_hash, err)) != BZ_OK)
            return status;
    }
    if ((status = bz_response_set_cookie(resp, BZ_SESSION_COOKIE, "",
                                         BZ_COOKIE_DELETE, 0, err)) != BZ_OK)
        return status;
    return account_done(req, resp, "/login", "logged-out", err);
}

/* --- links from mail ----------------------------------------------------- */

enum bz_status bz_page_verify(struct bz_request *req,
                              struct bz_response *resp, struct bz_error *err)
{
    struct bz_viewer v;
    struct bz_account_ctx ctx;
    struct bz_error problem = {0};
    enum bz_status status;

    if ((status = bz_viewer_of(req, &v, err)) != BZ_OK)
        return status;
    bz_viewer_ctx(req, &ctx);
    status = bz_account_verify(&ctx, bz_request_param(req, "t"), &problem);
    if (status == BZ_OK)
        return account_done(req, resp, v.signed_in ? "/account" : "/login",
                            "verified", err);
    if ((resp->status = bz_form_status(status)) == 0)
        return bz_error_set(err, status, "%s", problem.message);
    if ((status = bz_form_personal(resp, err)) != BZ_OK)
        return status;
    bz_form_page_begin(&resp->body, "Confirming your address", &v, NULL,
                  problem.message);
    bz_form_page_end(&resp->body);
    return BZ_OK;
}

static enum bz_status account_reset_page(struct bz_request *req,
                                         struct bz_response *resp,
                                         struct bz_viewer *v,
                                         const char *problem,
                                         struct bz_error *err)
{
    struct bz_buf *out = &resp->body;
    enum bz_status status;

    if ((status = bz_form_personal(resp, err)) != BZ_OK ||
        (status = bz_viewer_form_token(req, resp, v, err)) != BZ_OK)
        return status;
    bz_form_page_begin(out, "Forgot your password?", v, account_notice(req),
                  problem);
    bz_html_raw(out, "<p>Give the address of your account: a link to set "
                     "a new password goes to it.</p>\n");
    bz_form_begin(out, "/account/reset", v);
    bz_form_field(out, "Email address", "email", "email", NULL, "email");
    bz_form_submit(out, "Send the link");
    bz_form_page_end(out);
    return BZ_OK;
}

enum bz_status bz_page_reset(struct bz_request *req, struct bz_response *resp,
                             struct bz_error *err)
{
    struct bz_viewer v;
    struct bz_account_ctx ctx;
    struct bz_error problem = {0};
    enum bz_status status;

    if ((status = bz_viewer_of(req, &v, err)) != BZ_OK)
        return status;
    if (req->method != BZ_POST)
        return account_reset_page(req, resp, &v, NULL, err);
    if ((status = bz_viewer_check_post(req, &v, err)) != BZ_OK)
        return status;
    bz_viewer_ctx(req, &ctx);
    status = bz_account_reset_request(&ctx, bz_request_form(req, "email"),
                                      &problem);
    if (status == BZ_OK) {
        account_kick(req);
        return account_done(req, resp, "/account/reset", "reset-sent", err);
    }
    if (account_retry_after(resp, status, "3600", err) != BZ_OK)
        return BZ_NOMEM;
    if ((resp->status = bz_form_status(status)) == 0)
        return bz_error_set(err, status, "%s", problem.message);
    return account_reset_page(req, resp, &v, problem.message, err);
}

enum bz_status bz_page_reset_confirm(struct bz_request *req,
                                     struct bz_response *resp,
                                     struct bz_error *err)
{
    const char *link = req->method == BZ_POST ? bz_request_form(req, "t")
                                              : bz_request_param(req, "t");
    struct bz_viewer v;
    struct bz_account_ctx ctx;
    struct bz_error problem = {0};
    struct bz_buf *out = &resp->body;
    enum bz_status status;

    if ((status = bz_viewer_of(req, &v, err)) != BZ_OK)
        return status;
    if (req->method == BZ_POST) {
        if ((status = bz_viewer_check_post(req, &v, err)) != BZ_OK)
            return status;
        bz_viewer_ctx(req, &ctx);
        status = bz_account_reset(&ctx, link,
                                  bz_request_form(req, "password"),
                                  &problem);
        if (status == BZ_OK)
            return account_done(req, resp, "/login", "reset", err);
        if ((resp->status = bz_form_status(status)) == 0)
            return bz_error_set(err, status, "%s", problem.message);
    }
    if ((status = bz_form_personal(resp, err)) != BZ_OK ||
        (status = bz_viewer_form_token(req, resp, &v, err)) != BZ_OK)
        return status;
    bz_form_page_begin(out, "Choose a new password", &v, NULL,
                  problem.message[0] ? problem.message : NULL);
    bz_form_begin(out, "/account/reset/confirm", &v);
    bz_html_raw(out, "<input type=\"hidden\" name=\"t\" value=\"");
    bz_html_text(out, link ? link : "");
    bz_html_raw(out, "\">\n");
    bz_form_field(out, "New password (at least 10 characters)", "password",
                  "password", NULL, "new-password");
    bz_form_submit(out, "Set the password");
    bz_form_page_end(out);
    return BZ_OK;
}

/* --- the account page ---------------------------------------------------- */

static void account_tokens(struct bz_buf *out, const struct bz_viewer *v,
                           const struct bz_api_token *tokens, size_t count,
                           const char *made)
{
    bz_html_raw(out, "<h2>API tokens</h2>\n<p>A token lets a script use "
                     "the API as you: send it as <code>Authorization: "
                     "Bearer TOKEN</code>.</p>\n");
    if (made) {
        bz_html_raw(out, "<p class=\"notice\">Your new token, shown this "
                         "once: <code class=\"token\">");
        bz_html_text(out, made);
        bz_html_raw(out, "</code></p>\n");
    }
    bz_html_raw(out, "<ul>\n");
    for (size_t i = 0; i < count; i++) {
        char when[32];
        time_t at = (time_t)tokens[i].created_at;
        struct tm tm;

        strftime(when, sizeof(when), "%Y-%m-%d", gmtime_r(&at, &tm));
        bz_html_raw(out, "<li>");
        bz_html_text(out, tokens[i].name);
        bz_buf_printf(out, " <span class=\"muted\">made %s</span> ", when);
        bz_form_begin(out, "/account/tokens/revoke", v);
        bz_buf_printf(out, "<input type=\"hidden\" name=\"id\" "
                           "value=\"%lld\"><button type=\"submit\">Revoke"
                           "</button></form></li>\n",
                      (long long)tokens[i].id);
    }
    if (count == 0)
        bz_html_raw(out, "<li>None yet.</li>\n");
    bz_html_raw(out, "</ul>\n");
    bz_form_begin(out, "/account/tokens", v);
    bz_form_field(out, "Name of a new token", "text", "name", NULL, "off");
    bz_form_submit(out, "Make a token");
}

static enum bz_status account_page(struct bz_request *req,
                                   struct bz_response *resp,
                                   struct bz_viewer *v, const char *problem,
                                   const char *made, struct bz_error *err)
{
    const struct bz_account *a = &v->account;
    struct bz_buf *out = &resp->body;
    struct bz_api_token *tokens;
    size_t count;
    enum bz_status status;

    if ((status = bz_form_personal(resp, err)) != BZ_OK ||
        (status = req->store->ops->api_token_list(req->store, req->arena,
                                                  a->id, &tokens, &count,
                                                  err)) != BZ_OK)
        return status;
    bz_form_page_begin(out, "Your account", v, account_notice(req), problem);
    bz_html_raw(out, "<p>Email address: <strong>");
    bz_html_text(out, a->email);
    bz_html_raw(out, a->email_verified ? "</strong> (confirmed)"
                                       : "</strong> (not confirmed yet)");
    bz_html_raw(out, " · role: ");
    bz_html_text(out, a->role);
    bz_html_raw(out, "</p>\n");
    if (a->pending_email) {
        bz_html_raw(out, "<p>Changing to ");
        bz_html_text(out, a->pending_email);
        bz_html_raw(out, ": open the link sent there.</p>\n");
    }
    if (!a->email_verified) {
        bz_form_begin(out, "/account/verify/resend", v);
        bz_form_submit(out, "Send the confirmation link again");
    }
    if (a->owns_researcher_id)
        bz_buf_printf(out, "<p>You own the record <a href=\"/researchers/"
                           "R%lld\">R%lld</a>.</p>\n",
                      (long long)a->owns_researcher_id,
                      (long long)a->owns_researcher_id);

    bz_html_raw(out, "<h2>Change the password</h2>\n");
    bz_form_begin(out, "/account/password", v);
    bz_form_field(out, "Current password", "password", "current", NULL,
                  "current-password");
    bz_form_field(out, "New password", "password", "password", NULL,
                  "new-password");
    bz_form_submit(out, "Change the password");

    bz_html_raw(out, "<h2>Change the email address</h2>\n");
    bz_form_begin(out, "/account/email", v);
    bz_form_field(out, "New address", "email", "email", NULL, "email");
    bz_form_field(out, "Password", "password", "password", NULL,
                  "current-password");
    bz_form_submit(out, "Change the address");

    account_tokens(out, v, tokens, count, made);
    bz_page_claims_of(req, out, v);
    bz_page_collab_summary(req, out, v);
    bz_page_digest_section(req, out, v);

    bz_html_raw(out, "<h2>Your data</h2>\n<p><a href=\"/account/export\" "
                     "download>Download everything bzpeer keeps about your "
                     "account</a> (JSON).</p>\n"
                     "<h2>Delete the account</h2>\n<p>Your claims end and "
                     "your data goes; an entry in the audit log stays.</p>\n");
    bz_form_begin(out, "/account/delete", v);
    bz_form_field(out, "Password", "password", "password", NULL,
                  "current-password");
    bz_form_submit(out, "Delete my account");
    bz_form_page_end(out);
    return BZ_OK;
}

/* The signed-in viewer, or a 303 to the log-in page that comes back. */
static enum bz_status account_signed_in(struct bz_request *req,
                                        struct bz_response *resp,
                                        struct bz_viewer *v,
                                        struct bz_error *err)
{
    enum bz_status status = bz_viewer_of(req, v, err);

    if (status != BZ_OK || v->signed_in)
        return status;
    return bz_form_log_in_first(
        req, resp, req->method == BZ_GET ? req->path : "/account", err);
}

enum bz_status bz_page_account(struct bz_request *req,
                               struct bz_response *resp, struct bz_error *err)
{
    struct bz_viewer v;
    enum bz_status status = account_signed_in(req, resp, &v, err);

    if (status != BZ_OK)
        return status;
    return account_page(req, resp, &v, NULL, NULL, err);
}

/* One change of the account page, by its path after "/account/". */
static enum bz_status account_change(struct bz_request *req,
                                     const char *what, struct bz_viewer *v,
                                     const char **done, char *made,
                                     struct bz_error *err)
{
    struct bz_account_ctx ctx;
    const struct bz_account *a = &v->account;

    bz_viewer_ctx(req, &ctx);
    if (strcmp(what, "password") == 0) {
        *done = "password";
        return bz_account_change_password(
            &ctx, a, bz_request_form(req, "current"),
            bz_request_form(req, "password"), v->session_hash, err);
    }
    if (strcmp(what, "email") == 0) {
        *done = "email";
        return bz_account_change_email(&ctx, a,
                                       bz_request_form(req, "password"),
                                       bz_request_form(req, "email"), err);
    }
    if (strcmp(what, "verify/resend") == 0) {
        *done = "resent";
        return bz_account_send_verification(&ctx, a, err);
    }
    if (strcmp(what, "tokens") == 0) {
        *done = NULL; /* shown on the page, once */
        return bz_account_token_create(&ctx, a, bz_request_form(req, "name"),
                                       made, err);
    }
    if (strcmp(what, "tokens/revoke") == 0) {
        const char *id = bz_request_form(req, "id");
        char *end;
        long long n = id ? strtoll(id, &end, 10) : 0;

        *done = "revoked";
        if (id == NULL || *end != '\0' || n <= 0)
            return bz_error_set(err, BZ_INVALID, "which token?");
        return req->store->ops->api_token_revoke(req->store, a->id, n,
                                                 ctx.now, err);
    }
    *done = "deleted";
    return bz_account_delete(&ctx, a, bz_request_form(req, "password"), err);
}

enum bz_status bz_page_account_post(struct bz_request *req,
                                    struct bz_response *resp,
                                    const char *what, struct bz_error *err)
{
    struct bz_viewer v;
    struct bz_error problem = {0};
    char made[BZ_TOKEN_API_SIZE] = "";
    const char *done = NULL;
    enum bz_status status = account_signed_in(req, resp, &v, err);

    if (status != BZ_OK ||
        (status = bz_viewer_check_post(req, &v, err)) != BZ_OK)
        return status;
    status = account_change(req, what, &v, &done, made, &problem);
    if (account_retry_after(resp, status, "3600", err) != BZ_OK)
        return BZ_NOMEM;
    if (status != BZ_OK) {
        if ((resp->status = bz_form_status(status)) == 0)
            return bz_error_set(err, status, "%s", problem.message);
        return account_page(req, resp, &v, problem.message, NULL, err);
    }
    account_kick(req);
    if (strcmp(what, "delete") == 0) {
        if ((status = bz_response_set_cookie(resp, BZ_SESSION_COOKIE, "",
                                             BZ_COOKIE_DELETE, 0, err)) !=
            BZ_OK)
            return status;
        return account_done(req, resp, "/login", "deleted", err);
    }
    if (done == NULL) {
        /* the token is shown once, on this answer, never in an address */
        status = account_page(req, resp, &v, NULL, made, err);
        memset(made, 0, sizeof(made));
        return status;
    }
    return account_done(req, resp, "/account", done, err);
}

enum bz_status bz_page_account_export(struct bz_request *req,
                                      struct bz_response *resp,
                                      struct bz_error *err)
{
    struct bz_viewer v;
    struct bz_account_ctx ctx;
    enum bz_status status = account_signed_in(req, resp, &v, err);

    if (status != BZ_OK)
        return status;
    bz_viewer_ctx(req, &ctx);
    if ((status = bz_account_export(&ctx, req->arena, &v.account,
                                    &resp->body, err)) != BZ_OK ||
        (status = bz_response_add_header(resp, "Cache-Control", "no-store",
                                         err)) != BZ_OK ||
        (status = bz_response_add_header(
             resp, "Content-Disposition",
             "attachment; filename=\"bzpeer-account.json\"", err)) != BZ_OK)
        return status;
    resp->content_type = "application/json";
    resp->cacheable = 0;
    return BZ_OK;
}
