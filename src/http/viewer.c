/* viewer.c - the viewer of a page and the CSRF checks of its forms. */
#include "http/viewer.h"

#include <string.h>
#include <time.h>

#include "auth/token.h"

#define VIEWER_CSRF_COOKIE "bz_csrf"

void bz_viewer_ctx(const struct bz_request *req, struct bz_account_ctx *ctx)
{
    memset(ctx, 0, sizeof(*ctx));
    ctx->store = req->store;
    ctx->cfg = req->config;
    ctx->secret = req->site != NULL ? &req->site->secret : NULL;
    ctx->now = (int64_t)time(NULL);
    ctx->peer = req->peer;
}

enum bz_status bz_viewer_of(struct bz_request *req, struct bz_viewer *v,
                            struct bz_error *err)
{
    const char *token = bz_request_cookie(req, BZ_SESSION_COOKIE);
    struct bz_account_ctx ctx;
    struct bz_error quiet = {0};
    enum bz_status status;

    memset(v, 0, sizeof(*v));
    if (token == NULL || req->site == NULL)
        return BZ_OK;
    bz_viewer_ctx(req, &ctx);
    status = bz_account_of_session(&ctx, req->arena, token, &v->account,
                                   v->session_hash, &quiet);
    if (status == BZ_NOT_FOUND)
        return BZ_OK; /* an old or forged cookie: nobody */
    if (status != BZ_OK)
        return bz_error_set(err, status, "%s", quiet.message);
    v->signed_in = 1;
    bz_csrf_token(&req->site->secret, v->session_hash,
                  strlen(v->session_hash), v->csrf);
    return BZ_OK;
}

enum bz_status bz_viewer_form_token(struct bz_request *req,
                                    struct bz_response *resp,
                                    struct bz_viewer *v, struct bz_error *err)
{
    const char *cookie = bz_request_cookie(req, VIEWER_CSRF_COOKIE);
    enum bz_status status;

    if (v->signed_in)
        return BZ_OK;
    if (cookie != NULL && bz_token_check(cookie, strlen(cookie), NULL) ==
                              BZ_OK) {
        memcpy(v->csrf, cookie, BZ_TOKEN_LENGTH);
        v->csrf[BZ_TOKEN_LENGTH] = '\0';
        return BZ_OK;
    }
    if ((status = bz_token_new(v->csrf, err)) != BZ_OK)
        return status;
    return bz_response_set_cookie(resp, VIEWER_CSRF_COOKIE, v->csrf,
                                  BZ_COOKIE_SESSION, 0, err);
}

/* Whether origin (scheme://host[:port]) is base_url's. */
static int viewer_same_origin(const char *origin, const char *base)
{
    size_t n = strlen(origin);

    if (base == NULL)
        return 0;
    return strncmp(base, origin, n) == 0 &&
           (base[n] == '\0' || base[n] == '/');
}

/* Whether req's Origin names another site than base_url's. Without an
 * Origin, or with "null", it does not say, and the CSRF token decides. */
static int viewer_from_elsewhere(struct bz_request *req)
{
    const char *origin = bz_request_header(req, "Origin");

    return origin != NULL && strcmp(origin, "null") != 0 &&
           !viewer_same_origin(origin, req->config->base_url);
}

enum bz_status bz_viewer_check_post(struct bz_request *req,
                                    const struct bz_viewer *v,
                                    struct bz_error *err)
{
    const char *given = bz_request_form(req, "csrf");
    size_t given_len = given ? strlen(given) : 0;
    int good;

    if (viewer_from_elsewhere(req))
        return bz_error_set(err, BZ_FORBIDDEN,
                            "the form was sent from another site");
    if (v->signed_in) {
        good = bz_csrf_check(&req->site->secret, v->session_hash,
                             strlen(v->session_hash), given, given_len);
    } else {
        const char *cookie = bz_request_cookie(req, VIEWER_CSRF_COOKIE);

        good = cookie != NULL && given != NULL &&
               bz_token_check(cookie, strlen(cookie), NULL) == BZ_OK &&
               bz_token_equal(cookie, strlen(cookie), given, given_len);
    }
    if (!good)
        return bz_error_set(err, BZ_FORBIDDEN,
                            "the form has expired or did not come from "
                            "this site; load the page again and resend it");
    return BZ_OK;
}

enum bz_status bz_viewer_check_api(struct bz_request *req,
                                   const struct bz_viewer *v, int by_token,
                                   struct bz_error *err)
{
    const char *given = bz_request_header(req, "X-CSRF-Token");

    if (by_token)
        return BZ_OK;
    if (viewer_from_elsewhere(req))
        return bz_error_set(err, BZ_FORBIDDEN,
                            "the request was sent from another site");
    if (!v->signed_in || given == NULL ||
        !bz_csrf_check(&req->site->secret, v->session_hash,
                       strlen(v->session_hash), given, strlen(given)))
        return bz_error_set(err, BZ_FORBIDDEN,
                            "a session's request needs its CSRF token in "
                            "X-CSRF-Token, or send 'Authorization: Bearer "
                            "bzp_...'");
    return BZ_OK;
}

enum bz_status bz_viewer_of_api(struct bz_request *req, struct bz_viewer *v,
                                int *by_token, struct bz_error *err)
{
    const char *authorization = bz_request_header(req, "Authorization");
    struct bz_account_ctx ctx;
    enum bz_status status;

    *by_token = 0;
    if (authorization == NULL)
        return bz_viewer_of(req, v, err);
    memset(v, 0, sizeof(*v));
    if (req->site == NULL)
        return bz_error_set(err, BZ_UNAUTHORIZED, "no accounts here");
    bz_viewer_ctx(req, &ctx);
    status = bz_account_of_bearer(&ctx, req->arena, authorization,
                                  &v->account, err);
    if (status != BZ_OK)
        return status;
    v->signed_in = 1;
    *by_token = 1;
    return BZ_OK;
}
