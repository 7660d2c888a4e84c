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
#include "store/store.h"

enum bz_method { BZ_GET, BZ_HEAD, BZ_POST, BZ_OTHER };

struct bz_request {
    enum bz_method method;
    const char *path;  /* percent-decoded, starts with '/', no NUL inside */
    const char *query; /* raw query string without '?', or NULL */
    unsigned long long id;
    struct bz_arena *arena;
    struct bz_store *store;
    const struct bz_config *config;
};

struct bz_response {
    int status;               /* set by the HTTP layer from the status */
    const char *content_type; /* static string */
    const char *location;     /* for BZ_MOVED: where to (arena) */
    int cacheable;            /* the same request gives the same bytes,
                                 to whoever asks, until the store's
                                 generation changes: never set it for an
                                 answer that depends on who is asking */
    struct bz_buf body;
};

/* A handler fills resp and returns BZ_OK, or returns another status (with
 * err filled) which the HTTP layer turns into a status code and an error
 * page; for BZ_MOVED it sets resp->location. */
typedef enum bz_status (*bz_handler_fn)(struct bz_request *req,
                                        struct bz_response *resp,
                                        struct bz_error *err);

/* The value of a query parameter, percent-decoded into the arena; NULL
 * when absent. An empty "q=" gives "". */
const char *bz_request_param(const struct bz_request *req, const char *name);

/* Resolves an address id of kind 'R' or 'W' to its number: an own id
 * directly (BZ_NOT_FOUND is left to the caller's read), an external id
 * through the store. *ref gets what the address held (its slug, or its
 * scheme and value). BZ_INVALID for a malformed id. */
struct bz_id_ref;
enum bz_status bz_resolve_id(struct bz_request *req, const char *id,
                             char kind, int64_t *number,
                             struct bz_id_ref *ref, struct bz_error *err);

/* The HTTP status for a handler's status. */
int bz_http_status(enum bz_status status);

/* Dispatches to the page or API handler of req->path (route.c). */
enum bz_status bz_route(struct bz_request *req, struct bz_response *resp,
                        struct bz_error *err);

/* Renders the error page (HTML, or JSON under /api/) for an error. */
void bz_route_error(struct bz_request *req, struct bz_response *resp,
                    enum bz_status status, const char *message);

#endif
