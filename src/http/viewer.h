/* viewer.h - who is looking at a page: nobody, or an account signed in
 * through its session cookie; and the CSRF token its forms carry. */
#ifndef BZ_VIEWER_H
#define BZ_VIEWER_H

#include "account/account.h"
#include "auth/csrf.h"
#include "http/request.h"

struct bz_viewer {
    int signed_in;
    struct bz_account account;        /* when signed_in */
    char session_hash[BZ_TOKEN_HASH_SIZE]; /* when signed_in */
    char csrf[BZ_CSRF_SIZE]; /* for forms: the session's, or the anonymous
                                cookie's (bz_viewer_form_token) */
};

/* The account context of req: its store, config, secret, clock, peer. */
void bz_viewer_ctx(const struct bz_request *req, struct bz_account_ctx *ctx);

/* Fills v for req. A cookie that names no live session is no viewer, not
 * an error; BZ_STORE when the store fails. */
enum bz_status bz_viewer_of(struct bz_request *req, struct bz_viewer *v,
                            struct bz_error *err);

/* Makes sure a form for an anonymous viewer has a token: the bz_csrf
 * cookie's, or a new one set on resp. */
enum bz_status bz_viewer_form_token(struct bz_request *req,
                                    struct bz_response *resp,
                                    struct bz_viewer *v, struct bz_error *err);

/* The account an API request acts as: its "Authorization: Bearer bzp_..."
 * token when it has one (BZ_UNAUTHORIZED when that is not a live token),
 * else its session cookie, else nobody (*signed_in 0). A cookie's POST
 * must carry the session's CSRF token in X-CSRF-Token (not checked here:
 * bz_viewer_check_api). */
enum bz_status bz_viewer_of_api(struct bz_request *req, struct bz_viewer *v,
                                int *by_token, struct bz_error *err);

/* Checks an API POST of req made as v (bz_viewer_of_api): a token's
 * always passes, since no browser sends one by itself; a session's must
 * come from this site (Origin, when sent) with the session's CSRF token,
 * the one its forms carry, in X-CSRF-Token. BZ_FORBIDDEN otherwise. */
enum bz_status bz_viewer_check_api(struct bz_request *req,
                                   const struct bz_viewer *v, int by_token,
                                   struct bz_error *err);

/* Checks a POST of req: it comes from this site (Origin, when sent, is
 * base_url's) and its "csrf" field is the session's token, or for an
 * anonymous viewer the bz_csrf cookie's. BZ_FORBIDDEN otherwise. */
enum bz_status bz_viewer_check_post(struct bz_request *req,
                                    const struct bz_viewer *v,
                                    struct bz_error *err);

#endif
