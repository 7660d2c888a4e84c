/* request.h - a request as handlers see it, and the response they fill.
 *
 * The HTTP layer (server.c) builds a struct bz_request from evhttp's, and
 * hands it to bz_route(). Handlers never see libevent. All memory of a
 * request comes from its arena, reset after the response is sent.
 */
#ifndef BZ_REQUEST_H
#define BZ_REQUEST_H

#include "core/arena.h"
#include "core/buf.h"
#include "core/config.h"
#include "core/error.h"
#include "http/cookie.h"
#include "http/form.h"
#include "http/header.h"
#include "http/site.h"
#include "store/store.h"

enum bz_method { BZ_GET, BZ_HEAD, BZ_POST, BZ_OTHER };

struct bz_request {
    enum bz_method method;
    const char *path;  /* percent-decoded, starts with '/', no NUL inside */
    const char *query; /* raw query string without '?', or NULL */
    unsigned long long id;
    const char *peer;  /* the client's address as text, never NULL ("-"
                          when unknown); the HTTP layer's */
    int https;         /* the site is served over https (base_url's
                          scheme), so cookies get Secure */
    const struct bz_header *headers; /* as received, in order; the strings
                                        are the HTTP layer's, valid until
                                        the response is sent */
    size_t header_count;
    const char *body;  /* a POST's body (arena): body_len bytes and a NUL
                          after them, which a JSON parser may rely on; it
                          may hold NULs of its own. NULL when none */
    size_t body_len;
    const struct bz_form_field *form; /* a form route's fields (arena),
                                         filled by bz_route_dispatch */
    size_t form_count;
    struct bz_arena *arena;
    struct bz_store *store;
    const struct bz_config *config;
    const struct bz_site *site; /* the secret, the outbox (site.h) */
};

/* Headers a response may add besides those the HTTP layer writes. */
#define BZ_RESPONSE_MAX_HEADERS 16

struct bz_response {
    int status;               /* 0: the HTTP layer's, from the handler's
                                 status; a handler that returns BZ_OK may
                                 set another (a form shown again with what
                                 was wrong in it: 400, 401, 429) */
    const char *content_type; /* static string */
    const char *location;     /* for BZ_MOVED and BZ_SEE_OTHER: where to
                                 (arena) */
    int cacheable;            /* the same request gives the same bytes,
                                 to whoever asks, until the store's
                                 generation changes: never set it for an
                                 answer that depends on who is asking */
    struct bz_buf body;
    struct bz_arena *arena;   /* the request's: added headers live there */
    int https;                /* the request's: cookies get Secure */
    struct bz_header headers[BZ_RESPONSE_MAX_HEADERS]; /* added headers, in
                                                          order */
    size_t header_count;
    int sets_cookie; /* a Set-Cookie is among them: never cached */
};

/* A handler fills resp and returns BZ_OK, or returns another status (with
 * err filled) which the HTTP layer turns into a status code and an error
 * page; for BZ_MOVED and BZ_SEE_OTHER it sets resp->location. Headers it
 * added are sent with the error page too (WWW-Authenticate with a 401,
 * Retry-After with a 429). */
typedef enum bz_status (*bz_handler_fn)(struct bz_request *req,
                                        struct bz_response *resp,
                                        struct bz_error *err);

/* --- the request ---------------------------------------------------------- */

/* The value of a query parameter, percent-decoded into the arena; NULL
 * when absent. An empty "q=" gives "". */
const char *bz_request_param(const struct bz_request *req, const char *name);

/* Every value of the query parameter called name, in order
 * ("?kinds=work&kinds=topic"): fills values with up to max of them,
 * percent-decoded into the arena, and returns how many there are (which
 * may be more than max; fewer when out of memory). */
size_t bz_request_param_all(const struct bz_request *req, const char *name,
                            const char **values, size_t max);

/* The value of the first request header called name (any case), or NULL.
 * The string is the HTTP layer's (see headers above). */
const char *bz_request_header(const struct bz_request *req,
                              const char *name);

/* The value of the cookie called name (exact case) from the Cookie
 * header(s), as an arena string without its quotes; NULL when absent or
 * out of memory. The first one sent wins (cookie.h says what is skipped
 * as malformed). */
const char *bz_request_cookie(const struct bz_request *req,
                              const char *name);

/* The first value of the form field called name (exact case), or NULL:
 * only a POST to a form route has fields. */
const char *bz_request_form(const struct bz_request *req, const char *name);

/* Every value of the form field called name, in order: fills values with
 * up to max of them and returns how many there are (which may be more
 * than max). The strings are the arena's. */
size_t bz_request_form_all(const struct bz_request *req, const char *name,
                           const char **values, size_t max);

/* The raw body and its length in *len (0 and NULL when there is none). */
const char *bz_request_body(const struct bz_request *req, size_t *len);

/* 1 when the request carries credentials: the session cookie or an
 * Authorization header. Such a request never uses the response cache. */
int bz_request_is_personal(const struct bz_request *req);

/* --- the response --------------------------------------------------------- */

/* Empties resp for req: no headers, an empty body with the default cap,
 * the arena and https of req. */
void bz_response_init(struct bz_response *resp, const struct bz_request *req);

/* Frees the body; the rest is the arena's. */
void bz_response_release(struct bz_response *resp);

/* Adds a header, name and value copied into the arena. BZ_INVALID for a
 * name that is not a token or a value that could break the header (see
 * bz_header_value_valid), or a header the HTTP layer writes itself
 * (Content-Type, Content-Length, Location, Connection,
 * Transfer-Encoding); BZ_TOO_LARGE past BZ_RESPONSE_MAX_HEADERS;
 * BZ_NOMEM. A Set-Cookie added this way marks the response uncacheable
 * as bz_response_set_cookie does. */
enum bz_status bz_response_add_header(struct bz_response *resp,
                                      const char *name, const char *value,
                                      struct bz_error *err);

/* Adds a Set-Cookie: Path=/, HttpOnly, SameSite=Lax, and Secure when the
 * site is on https; max_age in seconds, or BZ_COOKIE_SESSION (-1) for a
 * cookie that ends with the browser, or BZ_COOKIE_DELETE (0) to delete
 * it (value may be ""). flags: enum bz_cookie_flags. Errors as
 * bz_cookie_format and bz_response_add_header. The response is then
 * never cached. */
enum bz_status bz_response_set_cookie(struct bz_response *resp,
                                      const char *name, const char *value,
                                      long max_age, unsigned flags,
                                      struct bz_error *err);

/* --- routing (route.c) ---------------------------------------------------- */

/* Resolves an address id of kind 'R', 'W', 'T' or 'I' to its number: an
 * own id directly (BZ_NOT_FOUND is left to the caller's read), an
 * external id through the store. *ref gets what the address held (its
 * slug, or its scheme and value). BZ_INVALID for a malformed id. */
struct bz_id_ref;
enum bz_status bz_resolve_id(struct bz_request *req, const char *id,
                             char kind, int64_t *number,
                             struct bz_id_ref *ref, struct bz_error *err);

/* The HTTP status for a handler's status. */
int bz_http_status(enum bz_status status);

/* What a route takes: its methods, and for a POST the body types. */
enum bz_route_flags {
    BZ_ROUTE_GET = 1u << 0,  /* GET, and HEAD with it */
    BZ_ROUTE_POST = 1u << 1,
    BZ_ROUTE_FORM = 1u << 2, /* a POST body may be a urlencoded form,
                                parsed into req->form before the handler */
    BZ_ROUTE_JSON = 1u << 3, /* a POST body may be application/json, left
                                raw in req->body */
    BZ_ROUTE_PREFIX = 1u << 4, /* path is a prefix, not the whole path */
};

/* A route's handler; rest is what follows the route's path when that is
 * a prefix (BZ_ROUTE_PREFIX, maybe ""), else "". */
typedef enum bz_status (*bz_route_fn)(struct bz_request *req,
                                      struct bz_response *resp,
                                      const char *rest, struct bz_error *err);

struct bz_route_entry {
    const char *path; /* the whole path, or its start (BZ_ROUTE_PREFIX) */
    unsigned flags;   /* enum bz_route_flags */
    bz_route_fn handler;
};

/* Dispatches req to the first route of table (ended by a NULL path) whose
 * path matches. A method the route does not take is BZ_NOT_ALLOWED with
 * an Allow header naming those it takes. A POST to a route with
 * BZ_ROUTE_FORM or BZ_ROUTE_JSON must carry one of those types (an empty
 * body without Content-Type counts as an empty form), else
 * BZ_UNSUPPORTED_MEDIA; a form is parsed first (its errors are
 * bz_form_parse's). No route: BZ_NOT_FOUND, whatever the method. */
enum bz_status bz_route_dispatch(const struct bz_route_entry *table,
                                 struct bz_request *req,
                                 struct bz_response *resp,
                                 struct bz_error *err);

/* Dispatches through the site's table: the pages, the API, static files. */
enum bz_status bz_route(struct bz_request *req, struct bz_response *resp,
                        struct bz_error *err);

/* Renders the error page (HTML, or JSON under /api/) for an error. */
void bz_route_error(struct bz_request *req, struct bz_response *resp,
                    enum bz_status status, const char *message);

#endif
