/* route.c - which handler answers which path and method, and how errors
 * look. */
#include <string.h>
#include <strings.h>

#include "api/api.h"
#include "core/ids.h"
#include "http/request.h"
#include "http/static.h"
#include "pages/page_collab.h"
#include "pages/page_reactions.h"
#include "pages/pages.h"

int bz_http_status(enum bz_status status)
{
    switch (status) {
    case BZ_OK:
        return 200;
    case BZ_MOVED:
        return 301;
    case BZ_SEE_OTHER:
        return 303;
    case BZ_INVALID:
    case BZ_USAGE:
        return 400;
    case BZ_UNAUTHORIZED:
        return 401;
    case BZ_FORBIDDEN:
        return 403;
    case BZ_NOT_FOUND:
        return 404;
    case BZ_CONFLICT:
        return 409;
    case BZ_NOT_ALLOWED:
        return 405;
    case BZ_GONE:
        return 410;
    case BZ_TOO_LARGE:
        return 413;
    case BZ_UNSUPPORTED_MEDIA:
        return 415;
    case BZ_RATE_LIMITED:
        return 429;
    case BZ_IO:
    case BZ_STORE:
    case BZ_NOMEM:
        return 500;
    }
    return 500;
}

enum bz_status bz_resolve_id(struct bz_request *req, const char *id,
                             char kind, int64_t *number,
                             struct bz_id_ref *ref, struct bz_error *err)
{
    enum bz_status rc = bz_id_parse(req->arena, id, kind, ref, err);

    if (rc != BZ_OK)
        return rc;
    if (ref->scheme == NULL) {
        *number = ref->number;
        return BZ_OK;
    }
    if (kind == 'R')
        return req->store->ops->researcher_find(req->store, ref->scheme,
                                                ref->value, number, err);
    if (kind == 'T')
        return req->store->ops->topic_find(req->store, ref->scheme,
                                           ref->value, number, err);
    if (kind == 'I')
        return req->store->ops->institution_find(req->store, ref->scheme,
                                                 ref->value, number, err);
    return req->store->ops->work_find(req->store, ref->scheme, ref->value,
                                      number, err);
}

/* --- dispatching ---------------------------------------------------------- */

/* The route of table path matches, with *rest what follows a prefix. */
static const struct bz_route_entry *
route_match(const struct bz_route_entry *table, const char *path,
            const char **rest)
{
    const struct bz_route_entry *r;

    for (r = table; r->path; r++) {
        size_t n = strlen(r->path);

        if ((r->flags & BZ_ROUTE_PREFIX) && strncmp(path, r->path, n) == 0) {
            *rest = path + n;
            return r;
        }
        if (strcmp(path, r->path) == 0) {
            *rest = "";
            return r;
        }
    }
    return NULL;
}

static int route_takes(const struct bz_route_entry *r, enum bz_method method)
{
    if (method == BZ_GET || method == BZ_HEAD)
        return (r->flags & BZ_ROUTE_GET) != 0;
    if (method == BZ_POST)
        return (r->flags & BZ_ROUTE_POST) != 0;
    return 0;
}

/* A 405 and its Allow header (a static string: nothing to copy). */
static enum bz_status route_not_allowed(const struct bz_route_entry *r,
                                        struct bz_response *resp,
                                        struct bz_error *err)
{
    unsigned methods = r->flags & (BZ_ROUTE_GET | BZ_ROUTE_POST);
    const char *allow = methods == BZ_ROUTE_POST   ? "POST"
                        : methods == BZ_ROUTE_GET ? "GET, HEAD"
                                                  : "GET, HEAD, POST";

    if (resp->header_count < BZ_RESPONSE_MAX_HEADERS) {
        resp->headers[resp->header_count].name = "Allow";
        resp->headers[resp->header_count].value = allow;
        resp->header_count++;
    }
    return bz_error_set(err, BZ_NOT_ALLOWED, "method not allowed");
}

/* 1 when the Content-Type value names the media type (any case), with or
 * without parameters after ';'. */
static int route_media_is(const char *content_type, const char *media)
{
    size_t n = strlen(media);
    const char *p = content_type + n;

    if (strncasecmp(content_type, media, n) != 0)
        return 0;
    while (*p == ' ' || *p == '\t')
        p++;
    return *p == '\0' || *p == ';';
}

/* Checks a POST body's type against the route's and parses a form. */
static enum bz_status route_body(const struct bz_route_entry *r,
                                 struct bz_request *req,
                                 struct bz_error *err)
{
    const char *type = bz_request_header(req, "Content-Type");
    struct bz_form_field *fields;
    enum bz_status rc;

    if ((r->flags & (BZ_ROUTE_FORM | BZ_ROUTE_JSON)) == 0)
        return BZ_OK; /* a POST that takes no body ignores one */
    if (type == NULL && req->body_len == 0 && (r->flags & BZ_ROUTE_FORM))
        return BZ_OK; /* an empty form */
    if (type && (r->flags & BZ_ROUTE_FORM) &&
        route_media_is(type, "application/x-www-form-urlencoded")) {
        rc = bz_form_parse(req->arena, req->body ? req->body : "",
                           req->body_len, &fields, &req->form_count, err);
        req->form = fields;
        return rc;
    }
    if (type && (r->flags & BZ_ROUTE_JSON) &&
        route_media_is(type, "application/json"))
        return BZ_OK;
    return bz_error_set(err, BZ_UNSUPPORTED_MEDIA, "this address takes %s",
                        (r->flags & BZ_ROUTE_JSON) == 0
                            ? "application/x-www-form-urlencoded"
                        : (r->flags & BZ_ROUTE_FORM) == 0
                            ? "application/json"
                            : "application/x-www-form-urlencoded or "
                              "application/json");
}

enum bz_status bz_route_dispatch(const struct bz_route_entry *table,
                                 struct bz_request *req,
                                 struct bz_response *resp,
                                 struct bz_error *err)
{
    const char *rest = "";
    const struct bz_route_entry *r = route_match(table, req->path, &rest);
    enum bz_status rc;

    if (r == NULL)
        return bz_error_set(err, BZ_NOT_FOUND, "no page at this address");
    if (!route_takes(r, req->method))
        return route_not_allowed(r, resp, err);
    if (req->method == BZ_POST && (rc = route_body(r, req, err)) != BZ_OK)
        return rc;
    return r->handler(req, resp, rest, err);
}

/* --- the site's routes ---------------------------------------------------- */

static const char *route_content_type(const char *name)
{
    const char *dot = strrchr(name, '.');

    if (dot && strcmp(dot, ".css") == 0)
        return "text/css; charset=utf-8";
    if (dot && strcmp(dot, ".svg") == 0)
        return "image/svg+xml";
    if (dot && strcmp(dot, ".js") == 0)
        return "text/javascript; charset=utf-8";
    return "application/octet-stream";
}

static enum bz_status route_static_file(struct bz_response *resp,
                                        const char *name,
                                        struct bz_error *err)
{
    const struct bz_static_file *f = bz_static_find(name);

    if (f == NULL)
        return bz_error_set(err, BZ_NOT_FOUND, "no static file '%s'", name);
    bz_buf_add(&resp->body, f->data, f->size);
    resp->content_type = route_content_type(name);
    resp->cacheable = 1;
    return BZ_OK;
}

/* A 405 naming the methods the address takes. */
static enum bz_status route_allow_only(struct bz_response *resp,
                                        const char *allow,
                                        struct bz_error *err)
{
    if (bz_response_add_header(resp, "Allow", allow, err) != BZ_OK)
        return BZ_NOMEM;
    return bz_error_set(err, BZ_NOT_ALLOWED, "method not allowed");
}

static enum bz_status route_nothing_here(struct bz_error *err)
{
    return bz_error_set(err, BZ_NOT_FOUND, "no page at this address");
}

static enum bz_status route_api(struct bz_request *req,
                                struct bz_response *resp, const char *rest,
                                struct bz_error *err)
{
    (void)rest;
    return bz_api_route(req, resp, req->path + 7, err); /* after /api/v1 */
}

static enum bz_status route_home(struct bz_request *req,
                                 struct bz_response *resp, const char *rest,
                                 struct bz_error *err)
{
    (void)rest;
    return bz_page_home(req, resp, err);
}

static enum bz_status route_health(struct bz_request *req,
                                   struct bz_response *resp,
                                   const char *rest, struct bz_error *err)
{
    (void)req;
    (void)rest;
    (void)err;
    bz_buf_puts(&resp->body, "ok\n");
    resp->content_type = "text/plain; charset=utf-8";
    return BZ_OK;
}

/* Whether rest ends in suffix; *id_len is then what precedes it. */
static int route_ends_with(const char *rest, const char *suffix,
                           size_t *id_len)
{
    size_t n = strlen(rest), k = strlen(suffix);

    if (n <= k || strcmp(rest + n - k, suffix) != 0)
        return 0;
    *id_len = n - k;
    return 1;
}

/* "/researchers/{id}", its claim pages "{id}/claim" (GET, POST) and
 * "{id}/claim/orcid" (GET), its owner's "{id}/edit", the opt-out
 * "{id}/opt-out" and the invitation "{id}/invite" (GET, POST), following
 * "{id}/follow" (GET, POST) and "{id}/unfollow" (POST), the Atom feed
 * "{id}/feed.atom" (GET); the profile itself takes no POST. */
static enum bz_status route_researcher(struct bz_request *req,
                                       struct bz_response *resp,
                                       const char *rest, struct bz_error *err)
{
    size_t id_len = 0;
    char *id;
    int orcid;

    if (*rest == '\0')
        return route_nothing_here(err);
    orcid = route_ends_with(rest, "/claim/orcid", &id_len);
    if (orcid || route_ends_with(rest, "/claim", &id_len)) {
        if ((id = bz_arena_strndup(req->arena, rest, id_len)) == NULL)
            return bz_error_set(err, BZ_NOMEM, "out of memory");
        if (orcid && req->method == BZ_POST)
            return route_allow_only(resp, "GET, HEAD", err);
        return orcid ? bz_page_claim_orcid(req, resp, id, err)
                     : bz_page_claim(req, resp, id, err);
    }
    if (route_ends_with(rest, "/feed.atom", &id_len)) {
        if ((id = bz_arena_strndup(req->arena, rest, id_len)) == NULL)
            return bz_error_set(err, BZ_NOMEM, "out of memory");
        if (req->method == BZ_POST)
            return route_allow_only(resp, "GET, HEAD", err);
        return bz_page_researcher_atom(req, resp, id, err);
    }
    if (route_ends_with(rest, "/follow", &id_len) ||
        route_ends_with(rest, "/unfollow", &id_len)) {
        int on = route_ends_with(rest, "/follow", &id_len);

        if ((id = bz_arena_strndup(req->arena, rest, id_len)) == NULL)
            return bz_error_set(err, BZ_NOMEM, "out of memory");
        if (!on && req->method != BZ_POST)
            return route_allow_only(resp, "POST", err);
        return bz_page_follow(req, resp, id, on, err);
    }
    if (route_ends_with(rest, "/invite", &id_len)) {
        if ((id = bz_arena_strndup(req->arena, rest, id_len)) == NULL)
            return bz_error_set(err, BZ_NOMEM, "out of memory");
        return bz_page_invite(req, resp, id, err);
    }
    if (route_ends_with(rest, "/edit", &id_len) ||
        route_ends_with(rest, "/opt-out", &id_len)) {
        int edit = route_ends_with(rest, "/edit", &id_len);

        if ((id = bz_arena_strndup(req->arena, rest, id_len)) == NULL)
            return bz_error_set(err, BZ_NOMEM, "out of memory");
        return edit ? bz_page_researcher_edit(req, resp, id, err)
                    : bz_page_opt_out(req, resp, id, err);
    }
    if (req->method == BZ_POST)
        return route_allow_only(resp, "GET, HEAD", err);
    return bz_page_researcher(req, resp, rest, err);
}

/* "/works/{id}" (GET) and what accounts do to it, "{id}/react",
 * "{id}/save", "{id}/reviews", "{id}/links", "{id}/links/remove" (GET,
 * POST: page_reactions.h); an {id} with a '/' (a DOI) is the work page's. */
static enum bz_status route_work(struct bz_request *req,
                                 struct bz_response *resp, const char *rest,
                                 struct bz_error *err)
{
    static const char *const actions[] = {"/links/remove", "/react",
                                          "/save", "/reviews", "/links"};
    size_t id_len = 0;
    char *id;

    if (*rest == '\0')
        return route_nothing_here(err);
    for (size_t i = 0; i < sizeof(actions) / sizeof(actions[0]); i++) {
        if (!route_ends_with(rest, actions[i], &id_len) ||
            memchr(rest, '/', id_len) != NULL)
            continue;
        if ((id = bz_arena_strndup(req->arena, rest, id_len)) == NULL)
            return bz_error_set(err, BZ_NOMEM, "out of memory");
        return bz_page_work_action(req, resp, id, actions[i] + 1, err);
    }
    if (req->method == BZ_POST)
        return route_allow_only(resp, "GET, HEAD", err);
    return bz_page_work(req, resp, rest, err);
}

static enum bz_status route_review(struct bz_request *req,
                                   struct bz_response *resp,
                                   const char *rest, struct bz_error *err)
{
    return bz_page_review(req, resp, rest, err);
}

static enum bz_status route_library(struct bz_request *req,
                                    struct bz_response *resp,
                                    const char *rest, struct bz_error *err)
{
    (void)rest;
    return bz_page_library(req, resp, req->path + 8, err); /* after /library */
}

/* "/topics/{id}" and "/institutions/{id}" (page_topic.c) */
static enum bz_status route_topic(struct bz_request *req,
                                  struct bz_response *resp, const char *rest,
                                  struct bz_error *err)
{
    if (*rest == '\0')
        return route_nothing_here(err);
    return bz_page_topic(req, resp, rest, err);
}

static enum bz_status route_institution(struct bz_request *req,
                                        struct bz_response *resp,
                                        const char *rest, struct bz_error *err)
{
    if (*rest == '\0')
        return route_nothing_here(err);
    return bz_page_institution(req, resp, rest, err);
}

static enum bz_status route_export(struct bz_request *req,
                                   struct bz_response *resp,
                                   const char *rest, struct bz_error *err)
{
    return bz_page_export(req, resp, rest, err);
}

static enum bz_status route_static(struct bz_request *req,
                                   struct bz_response *resp,
                                   const char *rest, struct bz_error *err)
{
    /* static/ has no folders; vendor/ holds the libraries from npm */
    const char *name = strncmp(rest, "vendor/", 7) == 0 ? rest + 7 : rest;

    (void)req;
    if (strchr(name, '/'))
        return route_nothing_here(err);
    return route_static_file(resp, rest, err);
}

static enum bz_status route_favicon(struct bz_request *req,
                                    struct bz_response *resp,
                                    const char *rest, struct bz_error *err)
{
    (void)req;
    (void)rest;
    return route_static_file(resp, "favicon.svg", err);
}

/* First match wins: a route for one address goes before a prefix that
 * also covers it. */
/* --- the account pages (page_account.c) --- */

#define ROUTE_PAGE(name, page)                                                 \
    static enum bz_status name(struct bz_request *req,                        \
                               struct bz_response *resp, const char *rest,    \
                               struct bz_error *err)                          \
    {                                                                          \
        (void)rest;                                                            \
        return page(req, resp, err);                                           \
    }

ROUTE_PAGE(route_explore, bz_page_explore)
ROUTE_PAGE(route_signup, bz_page_signup)
ROUTE_PAGE(route_login, bz_page_login)
ROUTE_PAGE(route_logout, bz_page_logout)
ROUTE_PAGE(route_verify, bz_page_verify)
ROUTE_PAGE(route_reset, bz_page_reset)
ROUTE_PAGE(route_reset_confirm, bz_page_reset_confirm)
ROUTE_PAGE(route_account, bz_page_account)
ROUTE_PAGE(route_account_export, bz_page_account_export)
ROUTE_PAGE(route_orcid_callback, bz_page_orcid_callback)
ROUTE_PAGE(route_claim_withdraw, bz_page_claim_withdraw)
ROUTE_PAGE(route_moderate, bz_page_moderate)
ROUTE_PAGE(route_moderate_decide, bz_page_moderate_decide)
ROUTE_PAGE(route_optouts_decide, bz_page_optouts_decide)
ROUTE_PAGE(route_coi, bz_page_coi)
ROUTE_PAGE(route_invitations, bz_page_invitations)
ROUTE_PAGE(route_conversations, bz_page_conversations)
ROUTE_PAGE(route_reviews_decide, bz_page_review_reports_decide)

/* "/invitations/{id}/{answer}" and "/conversations/{id}": rest is what
 * follows the prefix. */
static enum bz_status route_invitation_post(struct bz_request *req,
                                            struct bz_response *resp,
                                            const char *rest,
                                            struct bz_error *err)
{
    return bz_page_invitation_post(req, resp, rest, err);
}

static enum bz_status route_conversation(struct bz_request *req,
                                         struct bz_response *resp,
                                         const char *rest,
                                         struct bz_error *err)
{
    return bz_page_conversation(req, resp, rest, err);
}
ROUTE_PAGE(route_following, bz_page_following)
ROUTE_PAGE(route_feed, bz_page_feed)
ROUTE_PAGE(route_digest, bz_page_digest_post)

/* The account page's changes: rest is what follows "/account/". */
static enum bz_status route_account_post(struct bz_request *req,
                                         struct bz_response *resp,
                                         const char *rest,
                                         struct bz_error *err)
{
    static const char *const known[] = {"password", "email",
                                        "verify/resend", "tokens",
                                        "tokens/revoke", "delete"};

    for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
        if (strcmp(rest, known[i]) == 0)
            return bz_page_account_post(req, resp, rest, err);
    return bz_error_set(err, BZ_NOT_FOUND, "no page '%s'", req->path);
}

static const struct bz_route_entry route_site[] = {
    {"/api/v1/",
     BZ_ROUTE_GET | BZ_ROUTE_POST | BZ_ROUTE_FORM | BZ_ROUTE_JSON |
         BZ_ROUTE_PREFIX,
     route_api},
    {"/api/v1", BZ_ROUTE_GET, route_api},
    {"/", BZ_ROUTE_GET, route_home},
    {"/healthz", BZ_ROUTE_GET, route_health},
    {"/researchers/",
     BZ_ROUTE_GET | BZ_ROUTE_POST | BZ_ROUTE_FORM | BZ_ROUTE_PREFIX,
     route_researcher},
    {"/works/", BZ_ROUTE_GET | BZ_ROUTE_POST | BZ_ROUTE_FORM | BZ_ROUTE_PREFIX,
     route_work},
    {"/reviews/",
     BZ_ROUTE_GET | BZ_ROUTE_POST | BZ_ROUTE_FORM | BZ_ROUTE_PREFIX,
     route_review},
    {"/library", BZ_ROUTE_GET | BZ_ROUTE_POST | BZ_ROUTE_FORM, route_library},
    {"/library/",
     BZ_ROUTE_GET | BZ_ROUTE_POST | BZ_ROUTE_FORM | BZ_ROUTE_PREFIX,
     route_library},
    {"/export/", BZ_ROUTE_GET | BZ_ROUTE_PREFIX, route_export},
    {"/explore", BZ_ROUTE_GET, route_explore},
    {"/static/", BZ_ROUTE_GET | BZ_ROUTE_PREFIX, route_static},
    {"/favicon.ico", BZ_ROUTE_GET, route_favicon},
    {"/coi", BZ_ROUTE_GET, route_coi},
    {"/topics/", BZ_ROUTE_GET | BZ_ROUTE_PREFIX, route_topic},
    {"/institutions/", BZ_ROUTE_GET | BZ_ROUTE_PREFIX, route_institution},
    {"/signup", BZ_ROUTE_GET | BZ_ROUTE_POST | BZ_ROUTE_FORM, route_signup},
    {"/login", BZ_ROUTE_GET | BZ_ROUTE_POST | BZ_ROUTE_FORM, route_login},
    {"/logout", BZ_ROUTE_POST | BZ_ROUTE_FORM, route_logout},
    {"/account", BZ_ROUTE_GET, route_account},
    {"/account/export", BZ_ROUTE_GET, route_account_export},
    {"/account/verify", BZ_ROUTE_GET, route_verify},
    {"/account/reset", BZ_ROUTE_GET | BZ_ROUTE_POST | BZ_ROUTE_FORM,
     route_reset},
    {"/account/reset/confirm", BZ_ROUTE_GET | BZ_ROUTE_POST | BZ_ROUTE_FORM,
     route_reset_confirm},
    {"/account/claims/withdraw", BZ_ROUTE_POST | BZ_ROUTE_FORM,
     route_claim_withdraw},
    {"/account/digest", BZ_ROUTE_POST | BZ_ROUTE_FORM, route_digest},
    {"/account/", BZ_ROUTE_POST | BZ_ROUTE_FORM | BZ_ROUTE_PREFIX,
     route_account_post},
    {"/oauth/orcid/callback", BZ_ROUTE_GET, route_orcid_callback},
    {"/moderate", BZ_ROUTE_GET, route_moderate},
    {"/moderate/claims", BZ_ROUTE_POST | BZ_ROUTE_FORM,
     route_moderate_decide},
    {"/moderate/opt-outs", BZ_ROUTE_POST | BZ_ROUTE_FORM,
     route_optouts_decide},
    {"/invitations", BZ_ROUTE_GET, route_invitations},
    {"/invitations/", BZ_ROUTE_POST | BZ_ROUTE_FORM | BZ_ROUTE_PREFIX,
     route_invitation_post},
    {"/conversations", BZ_ROUTE_GET, route_conversations},
    {"/conversations/",
     BZ_ROUTE_GET | BZ_ROUTE_POST | BZ_ROUTE_FORM | BZ_ROUTE_PREFIX,
     route_conversation},
    {"/moderate/reviews", BZ_ROUTE_POST | BZ_ROUTE_FORM,
     route_reviews_decide},
    {"/following", BZ_ROUTE_GET, route_following},
    {"/feed", BZ_ROUTE_GET, route_feed},
    {NULL, 0, NULL},
};

enum bz_status bz_route(struct bz_request *req, struct bz_response *resp,
                        struct bz_error *err)
{
    return bz_route_dispatch(route_site, req, resp, err);
}

void bz_route_error(struct bz_request *req, struct bz_response *resp,
                    enum bz_status status, const char *message)
{
    if (strncmp(req->path, "/api/", 5) == 0)
        bz_api_error(resp, status, message);
    else
        bz_page_error(resp, bz_http_status(status), message);
}
