/* request.c - what a handler reads from a request and adds to a response. */
#include "http/request.h"

#include <string.h>
#include <strings.h>

#include <sys/queue.h>

#include <event2/http.h>
#include <event2/keyvalq_struct.h>

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

size_t bz_request_param_all(const struct bz_request *req, const char *name,
                            const char **values, size_t max)
{
    struct evkeyvalq params;
    struct evkeyval *p;
    size_t found = 0;

    if (req->query == NULL)
        return 0;
    TAILQ_INIT(&params);
    if (evhttp_parse_query_str(req->query, &params) < 0)
        return 0;
    TAILQ_FOREACH(p, &params, next) {
        if (strcmp(p->key, name) != 0)
            continue;
        if (found < max &&
            (values[found] = bz_arena_strdup(req->arena, p->value)) == NULL)
            break;
        found++;
    }
    evhttp_clear_headers(&params);
    return found;
}

const char *bz_request_header(const struct bz_request *req, const char *name)
{
    return bz_header_find(req->headers, req->header_count, name);
}

/* The value of cookie name, inside the HTTP layer's header, or NULL. */
static const char *request_cookie_raw(const struct bz_request *req,
                                      const char *name, size_t *len)
{
    const char *value;
    size_t i;

    for (i = 0; i < req->header_count; i++) {
        const char *h = req->headers[i].value;

        if (strcasecmp(req->headers[i].name, "Cookie") == 0 &&
            bz_cookie_find(h, strlen(h), name, &value, len))
            return value;
    }
    return NULL;
}

const char *bz_request_cookie(const struct bz_request *req, const char *name)
{
    size_t len;
    const char *value = request_cookie_raw(req, name, &len);

    return value ? bz_arena_strndup(req->arena, value, len) : NULL;
}

const char *bz_request_form(const struct bz_request *req, const char *name)
{
    size_t i;

    for (i = 0; i < req->form_count; i++)
        if (strcmp(req->form[i].name, name) == 0)
            return req->form[i].value;
    return NULL;
}

size_t bz_request_form_all(const struct bz_request *req, const char *name,
                           const char **values, size_t max)
{
    size_t i, found = 0;

    for (i = 0; i < req->form_count; i++) {
        if (strcmp(req->form[i].name, name) != 0)
            continue;
        if (found < max)
            values[found] = req->form[i].value;
        found++;
    }
    return found;
}

const char *bz_request_body(const struct bz_request *req, size_t *len)
{
    *len = req->body ? req->body_len : 0;
    return req->body;
}

int bz_request_is_personal(const struct bz_request *req)
{
    size_t i;

    for (i = 0; i < req->header_count; i++)
        if (bz_cookie_credentials(req->headers[i].name, req->headers[i].value))
            return 1;
    return 0;
}

/* --- the response --------------------------------------------------------- */

void bz_response_init(struct bz_response *resp, const struct bz_request *req)
{
    memset(resp, 0, sizeof(*resp));
    bz_buf_init(&resp->body, 0);
    resp->arena = req->arena;
    resp->https = req->https;
}

void bz_response_release(struct bz_response *resp)
{
    bz_buf_release(&resp->body);
}

/* Headers only the HTTP layer writes: a second one would contradict it. */
static int response_reserved(const char *name)
{
    static const char *const reserved[] = {
        "Content-Type", "Content-Length",    "Location",
        "Connection",   "Transfer-Encoding", NULL};
    size_t i;

    for (i = 0; reserved[i]; i++)
        if (strcasecmp(name, reserved[i]) == 0)
            return 1;
    return 0;
}

enum bz_status bz_response_add_header(struct bz_response *resp,
                                      const char *name, const char *value,
                                      struct bz_error *err)
{
    struct bz_header *h;

    if (resp->arena == NULL) /* not made by bz_response_init */
        return bz_error_set(err, BZ_NOMEM, "response without an arena");
    if (!bz_header_name_valid(name, strlen(name)))
        return bz_error_set(err, BZ_INVALID, "bad header name");
    if (!bz_header_value_valid(value, strlen(value)))
        return bz_error_set(err, BZ_INVALID, "bad value for header '%s'", name);
    if (response_reserved(name))
        return bz_error_set(err, BZ_INVALID, "header '%s' is the HTTP layer's",
                            name);
    if (resp->header_count >= BZ_RESPONSE_MAX_HEADERS)
        return bz_error_set(err, BZ_TOO_LARGE, "more than %d response headers",
                            BZ_RESPONSE_MAX_HEADERS);
    h = &resp->headers[resp->header_count];
    h->name = bz_arena_strdup(resp->arena, name);
    h->value = bz_arena_strdup(resp->arena, value);
    if (h->name == NULL || h->value == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory for a header");
    resp->header_count++;
    if (strcasecmp(name, "Set-Cookie") == 0)
        resp->sets_cookie = 1;
    return BZ_OK;
}

enum bz_status bz_response_set_cookie(struct bz_response *resp,
                                      const char *name, const char *value,
                                      long max_age, unsigned flags,
                                      struct bz_error *err)
{
    char *line;
    enum bz_status rc;

    rc = bz_cookie_format(resp->arena, name, value, max_age, flags, resp->https,
                          &line, err);
    if (rc != BZ_OK)
        return rc;
    return bz_response_add_header(resp, "Set-Cookie", line, err);
}
