/* route.c - which handler answers which path, and how errors look. */
#include <string.h>
#include <strings.h>

#include <sys/queue.h>

#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <stdlib.h>

#include "api/api.h"
#include "core/ids.h"
#include "http/request.h"
#include "http/static.h"
#include "pages/pages.h"

int bz_http_status(enum bz_status status)
{
    switch (status) {
    case BZ_OK:
        return 200;
    case BZ_MOVED:
        return 301;
    case BZ_INVALID:
    case BZ_USAGE:
        return 400;
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
    case BZ_IO:
    case BZ_STORE:
    case BZ_NOMEM:
        return 500;
    }
    return 500;
}

const char *bz_request_param(const struct bz_request *req, const char *name)
{
    struct evkeyvalq params;
    const char *value;
    char *copy;

    if (req->query == NULL)
        return NULL;
    TAILQ_INIT(&params);
    if (evhttp_parse_query_str(req->query, &params) < 0)
        return NULL;
    value = evhttp_find_header(&params, name);
    copy = value ? bz_arena_strdup(req->arena, value) : NULL;
    evhttp_clear_headers(&params);
    return copy;
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
    return req->store->ops->work_find(req->store, ref->scheme, ref->value,
                                      number, err);
}

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

static enum bz_status route_static(struct bz_response *resp, const char *name,
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

enum bz_status bz_route(struct bz_request *req, struct bz_response *resp,
                        struct bz_error *err)
{
    const char *path = req->path;

    if (strncmp(path, "/api/v1/", 8) == 0 || strcmp(path, "/api/v1") == 0)
        return bz_api_route(req, resp, path + 7, err);
    if (req->method != BZ_GET && req->method != BZ_HEAD)
        return bz_error_set(err, BZ_NOT_ALLOWED, "method not allowed");
    if (strcmp(path, "/") == 0)
        return bz_page_home(req, resp, err);
    if (strcmp(path, "/healthz") == 0) {
        bz_buf_puts(&resp->body, "ok\n");
        resp->content_type = "text/plain; charset=utf-8";
        return BZ_OK;
    }
    if (strncmp(path, "/researchers/", 13) == 0 && path[13])
        return bz_page_researcher(req, resp, path + 13, err);
    if (strncmp(path, "/works/", 7) == 0 && path[7])
        return bz_page_work(req, resp, path + 7, err);
    if (strncmp(path, "/export/", 8) == 0)
        return bz_page_export(req, resp, path + 8, err);
    if (strncmp(path, "/static/", 8) == 0 && strchr(path + 8, '/') == NULL)
        return route_static(resp, path + 8, err);
    if (strcmp(path, "/favicon.ico") == 0)
        return route_static(resp, "favicon.svg", err);
    return bz_error_set(err, BZ_NOT_FOUND, "no page at this address");
}

void bz_route_error(struct bz_request *req, struct bz_response *resp,
                    enum bz_status status, const char *message)
{
    if (strncmp(req->path, "/api/", 5) == 0)
        bz_api_error(resp, status, message);
    else
        bz_page_error(resp, bz_http_status(status), message);
}
