/* server.c - evhttp event loops, limits, the cache and the access log.
 *
 * The response cache's rule, so that no one is given another's page: a
 * GET or HEAD reads a cached answer and may fill the cache only when it
 * carries no credentials (no session cookie, no Authorization header:
 * bz_cookie_credentials); a POST never does; a response is kept only when
 * its handler marked it cacheable and it sets no cookie. */
#include "http/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <event2/listener.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/queue.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "account/account.h"
#include "core/log.h"
#include "http/cache.h"
#include "http/request.h"
#include "mail/mail.h"
#include "mail/outbox.h"
#include "store/pool.h"

#define SERVER_MAX_URI 8192
#define SERVER_MAX_THREADS 64
#define SERVER_POOL_WAIT_MS 5000 /* longest wait for a free connection */

/* evhttp reads a body of up to this many times max_body before it hands
 * the request over, so that a body over max_body by less than that gets
 * our 413, with its reason, in the site's layout and headers. Past it
 * evhttp answers a bare 413 itself (libevent 2.1 has no hook to render
 * its own errors), after reading the body to its end so that the client
 * sees the answer rather than a reset. */
#define SERVER_BODY_SLACK 2

struct server_loop {
    pthread_t thread;
    struct event_base *base;
    struct evhttp *http;
    struct bz_store_pool *pool; /* the process's, shared by every loop */
    struct bz_cache cache;
    struct bz_arena arena;
    struct bz_buf access;       /* access-log lines not yet written */
    struct event *flush_timer;  /* writes them out every second */
    struct event *stop_event;   /* fires when the main thread says stop */
    int stop_pipe[2];           /* the main thread writes a byte to [1] */
    const struct bz_config *config;
    const struct bz_site *site;
    int https; /* base_url is https */
    int index;
};

#define SERVER_ACCESS_FLUSH_BYTES (16u * 1024)
#define SERVER_MAX_SINGLE_WRITE (1024 * 1024)

static atomic_ullong server_request_ids;

static long server_micros_since(const struct timespec *start)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return (now.tv_sec - start->tv_sec) * 1000000L +
           (now.tv_nsec - start->tv_nsec) / 1000;
}

static enum bz_method server_method(struct evhttp_request *req)
{
    switch (evhttp_request_get_command(req)) {
    case EVHTTP_REQ_GET:
        return BZ_GET;
    case EVHTTP_REQ_HEAD:
        return BZ_HEAD;
    case EVHTTP_REQ_POST:
        return BZ_POST;
    default:
        return BZ_OTHER;
    }
}

static const char *server_method_name(enum bz_method method)
{
    static const char *const names[] = {"GET", "HEAD", "POST", "OTHER"};

    return names[method];
}

/* What goes out besides the body: the status, the type, where to, and
 * the headers a handler added. */
struct server_head {
    int status;
    const char *content_type;
    const char *location;
    const struct bz_header *headers;
    size_t header_count;
};

/* Headers every response carries: its own, then the security headers,
 * static and cheap, on pages, API answers, errors and static files.
 * evhttp's own answers (a 400 for a request it cannot parse, the bare 413
 * past SERVER_BODY_SLACK) carry none of them: libevent 2.1 writes those
 * itself. They hold no content of ours, so nothing in them can be framed
 * or sniffed into a script. */
static void server_common_headers(struct evkeyvalq *out,
                                  const struct server_head *head)
{
    size_t i;

    evhttp_add_header(out, "Content-Type", head->content_type);
    evhttp_add_header(out, "X-Content-Type-Options", "nosniff");
    evhttp_add_header(out, "Referrer-Policy", "same-origin");
    evhttp_add_header(out, "X-Frame-Options", "DENY");
    evhttp_add_header(out, "Content-Security-Policy",
                      "default-src 'self'; img-src 'self' data:; "
                      "frame-ancestors 'none'");
    if (head->location)
        evhttp_add_header(out, "Location", head->location);
    for (i = 0; i < head->header_count; i++)
        evhttp_add_header(out, head->headers[i].name, head->headers[i].value);
}

/* Sends the response; a HEAD request gets the headers a GET would, with
 * its Content-Length, and no body (evhttp would send one if given). */
static void server_send(struct evhttp_request *req,
                        const struct server_head *head, const char *body,
                        size_t len)
{
    struct evkeyvalq *headers = evhttp_request_get_output_headers(req);
    char length[32];

    server_common_headers(headers, head);
    if (evhttp_request_get_command(req) == EVHTTP_REQ_HEAD) {
        snprintf(length, sizeof(length), "%zu", len);
        evhttp_add_header(headers, "Content-Length", length);
    } else {
        evbuffer_add(evhttp_request_get_output_buffer(req), body, len);
    }
    evhttp_send_reply(req, head->status, NULL, NULL);
}

static void server_cached_body_done(const void *data, size_t len, void *entry)
{
    (void)data;
    (void)len;
    bz_cache_drop(entry);
}

/* Sends a cached response; its body goes out without a copy, the entry
 * held until the socket has taken it. */
static void server_send_cached(struct evhttp_request *req,
                               const struct bz_cache_entry *hit)
{
    struct evbuffer *out = evhttp_request_get_output_buffer(req);
    struct server_head head = {hit->status, hit->content_type, hit->location,
                               hit->headers, hit->header_count};

    if (evhttp_request_get_command(req) == EVHTTP_REQ_HEAD) {
        server_send(req, &head, hit->body, hit->body_len);
        return;
    }
    server_common_headers(evhttp_request_get_output_headers(req), &head);
    bz_cache_hold(hit);
    if (evbuffer_add_reference(out, hit->body, hit->body_len,
                               server_cached_body_done, (void *)hit) < 0) {
        bz_cache_drop(hit);
        evbuffer_add(out, hit->body, hit->body_len);
    }
    evhttp_send_reply(req, hit->status, NULL, NULL);
}

static void server_access(struct server_loop *loop,
                          unsigned long long request_id, const char *peer,
                          enum bz_method method, const char *target,
                          int status, size_t bytes,
                          const struct timespec *start)
{
    bz_log_access(&loop->access, request_id, peer ? peer : "-",
                  server_method_name(method), target, status, bytes,
                  server_micros_since(start));
    if (loop->access.len >= SERVER_ACCESS_FLUSH_BYTES || loop->access.failed)
        bz_log_access_flush(&loop->access);
}

/* Builds our request from evhttp's; BZ_INVALID for a target we refuse. */
static enum bz_status server_parse_target(struct evhttp_request *ev,
                                          struct bz_request *req,
                                          struct bz_error *err)
{
    const struct evhttp_uri *uri = evhttp_request_get_evhttp_uri(ev);
    const char *raw = evhttp_request_get_uri(ev);
    const char *path, *query;
    char *decoded;
    size_t len;

    if (raw == NULL || strlen(raw) > SERVER_MAX_URI)
        return bz_error_set(err, BZ_TOO_LARGE, "request target too long");
    path = uri ? evhttp_uri_get_path(uri) : NULL;
    if (path == NULL || path[0] != '/')
        return bz_error_set(err, BZ_INVALID, "bad request target");
    decoded = evhttp_uridecode(path, 0, &len);
    if (decoded == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    if (strlen(decoded) != len) {
        free(decoded);
        return bz_error_set(err, BZ_INVALID, "NUL byte in the path");
    }
    req->path = bz_arena_strndup(req->arena, decoded, len);
    free(decoded);
    query = evhttp_uri_get_query(uri);
    req->query = query ? bz_arena_strdup(req->arena, query) : NULL;
    if (req->path == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    return BZ_OK;
}

/* The request's headers as an arena array; the strings stay evhttp's. */
static enum bz_status server_headers(struct evhttp_request *ev,
                                     struct bz_request *req,
                                     struct bz_error *err)
{
    struct evkeyvalq *in = evhttp_request_get_input_headers(ev);
    struct evkeyval *h;
    struct bz_header *list;
    size_t n = 0;

    TAILQ_FOREACH(h, in, next)
        n++;
    if (n == 0)
        return BZ_OK;
    list = bz_arena_alloc(req->arena, n * sizeof(*list));
    if (list == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory for headers");
    n = 0;
    TAILQ_FOREACH(h, in, next) {
        list[n].name = h->key;
        list[n].value = h->value;
        n++;
    }
    req->headers = list;
    req->header_count = n;
    return BZ_OK;
}

/* A POST's body, copied into the arena with a NUL after it. */
static enum bz_status server_body(struct evhttp_request *ev,
                                  struct bz_request *req,
                                  struct bz_error *err)
{
    struct evbuffer *in = evhttp_request_get_input_buffer(ev);
    size_t n = evbuffer_get_length(in);
    char *copy;

    if (n == 0)
        return BZ_OK;
    if (n > (size_t)req->config->max_body)
        return bz_error_set(err, BZ_TOO_LARGE,
                            "request body of %zu bytes is over the limit "
                            "of %ld bytes",
                            n, req->config->max_body);
    copy = bz_arena_alloc(req->arena, n + 1);
    if (copy == NULL || evbuffer_copyout(in, copy, n) != (ev_ssize_t)n)
        return bz_error_set(err, BZ_NOMEM, "out of memory for the body");
    copy[n] = '\0';
    req->body = copy;
    req->body_len = n;
    return BZ_OK;
}

/* Whether the request may use the cache: a GET or HEAD without
 * credentials. Read from evhttp's headers, so that a hit allocates
 * nothing. */
static int server_may_cache(struct evhttp_request *ev, enum bz_method method)
{
    struct evkeyvalq *in = evhttp_request_get_input_headers(ev);
    struct evkeyval *h;

    if (method != BZ_GET && method != BZ_HEAD)
        return 0;
    TAILQ_FOREACH(h, in, next)
        if (bz_cookie_credentials(h->key, h->value))
            return 0;
    return 1;
}

/* Builds the request and routes it; the status the response answers. */
static enum bz_status server_route(struct evhttp_request *ev,
                                   struct bz_request *req,
                                   struct bz_response *resp,
                                   struct bz_error *err)
{
    enum bz_status rc;

    if (req->store == NULL)
        return BZ_STORE; /* err says why */
    if ((rc = server_parse_target(ev, req, err)) != BZ_OK ||
        (rc = server_headers(ev, req, err)) != BZ_OK)
        return rc;
    if (req->method == BZ_POST && (rc = server_body(ev, req, err)) != BZ_OK)
        return rc;
    rc = bz_route(req, resp, err);
    if (rc == BZ_OK && resp->body.failed)
        rc = bz_error_set(err, BZ_TOO_LARGE, "response too large");
    return rc;
}

/* Turns a status other than BZ_OK into what is sent: a redirect's short
 * text, or the error page (whose headers the handler's stay with). */
static void server_error_body(struct bz_request *req,
                              struct bz_response *resp, enum bz_status rc,
                              struct bz_error *err)
{
    if ((rc == BZ_MOVED || rc == BZ_SEE_OTHER) && resp->location) {
        bz_buf_reset(&resp->body);
        bz_buf_puts(&resp->body, rc == BZ_MOVED ? "Moved to " : "See ");
        bz_buf_puts(&resp->body, resp->location);
        bz_buf_puts(&resp->body, "\n");
        resp->content_type = "text/plain; charset=utf-8";
        return;
    }
    if (rc == BZ_STORE || rc == BZ_NOMEM || rc == BZ_IO)
        bz_log(BZ_LOG_ERROR, "http", req->id, err->sys_errno, "%s",
               err->message);
    resp->location = NULL;
    resp->cacheable = 0;
    bz_buf_reset(&resp->body);
    if (req->path == NULL)
        req->path = "/";
    bz_route_error(req, resp, rc, err->message);
    if (rc == BZ_NOT_FOUND || rc == BZ_INVALID)
        resp->cacheable = 1; /* the same until the data changes */
    /* a 405 from a handler that did not say what it takes */
    if (rc == BZ_NOT_ALLOWED &&
        bz_header_find(resp->headers, resp->header_count, "Allow") == NULL &&
        resp->header_count < BZ_RESPONSE_MAX_HEADERS) {
        resp->headers[resp->header_count].name = "Allow";
        resp->headers[resp->header_count].value = "GET, HEAD";
        resp->header_count++;
    }
}

/* Whether addr is one of the comma-separated addresses of list. */
static int server_listed(const char *list, const char *addr)
{
    size_t n = strlen(addr);

    while (list != NULL && *list != '\0') {
        size_t len;

        list += strspn(list, " ,");
        len = strcspn(list, " ,");
        if (len == n && len > 0 && strncmp(list, addr, n) == 0)
            return 1;
        list += len;
    }
    return 0;
}

/* The client's address: the connection's peer, or, when that peer is a
 * proxy the config trusts (trusted_proxies), the address that proxy put
 * last in X-Forwarded-For (nginx's $proxy_add_x_forwarded_for appends
 * the address it saw; what comes before it is the client's to forge).
 * Log-in throttling counts per address, so behind nginx without this
 * every visitor would be 127.0.0.1. */
static const char *server_client_address(struct evhttp_request *ev,
                                         const char *peer,
                                         const struct bz_config *cfg,
                                         struct bz_arena *arena)
{
    const char *trusted = bz_config_get(cfg, "trusted_proxies");
    const char *forwarded, *last, *end;
    size_t len;

    if (peer == NULL)
        return "-";
    if (trusted == NULL || !server_listed(trusted, peer))
        return peer;
    forwarded = evhttp_find_header(evhttp_request_get_input_headers(ev),
                                   "X-Forwarded-For");
    if (forwarded == NULL)
        return peer;
    last = strrchr(forwarded, ',');
    last = last ? last + 1 : forwarded;
    last += strspn(last, " \t");
    end = last + strcspn(last, " \t");
    len = (size_t)(end - last);
    if (len == 0 || len > 45 || strspn(last, "0123456789abcdefABCDEF.:") <
                                    len)
        return peer; /* not an address: keep the proxy's */
    forwarded = bz_arena_strndup(arena, last, len);
    return forwarded != NULL ? forwarded : peer;
}

static void server_handle(struct evhttp_request *ev, void *arg)
{
    struct server_loop *loop = arg;
    struct bz_request req = {0};
    struct bz_response resp;
    struct bz_error err = {0};
    struct server_head head;
    const struct bz_cache_entry *hit = NULL;
    const char *target = evhttp_request_get_uri(ev);
    struct evhttp_connection *conn = evhttp_request_get_connection(ev);
    char *peer = NULL;
    ev_uint16_t peer_port = 0;
    struct timespec start;
    enum bz_status rc;
    uint64_t generation;
    int may_cache;

    clock_gettime(CLOCK_MONOTONIC, &start);
    if (conn)
        evhttp_connection_get_peer(conn, &peer, &peer_port);
    req.id = atomic_fetch_add(&server_request_ids, 1) + 1;
    req.method = server_method(ev);
    req.peer = server_client_address(ev, peer, loop->config, &loop->arena);
    req.https = loop->https;
    req.arena = &loop->arena;
    req.config = loop->config;
    req.site = loop->site;
    req.store = bz_store_pool_acquire(loop->pool, SERVER_POOL_WAIT_MS, &err);
    target = target ? target : "";
    may_cache = server_may_cache(ev, req.method);
    if (!may_cache && req.method != BZ_POST)
        bz_log(BZ_LOG_DEBUG, "cache", req.id, 0,
               "not used: the request carries credentials");

    if (req.store != NULL && may_cache &&
        req.store->ops->generation(req.store, &generation, NULL) == BZ_OK) {
        bz_cache_check(&loop->cache, generation);
        hit = bz_cache_get(&loop->cache, target);
    }
    if (hit) {
        bz_log(BZ_LOG_DEBUG, "cache", req.id, 0, "hit");
        bz_store_pool_release(loop->pool, req.store);
        server_send_cached(ev, hit);
        server_access(loop, req.id, req.peer, req.method, target, hit->status,
                      hit->body_len, &start);
        return;
    }

    bz_response_init(&resp, &req);
    rc = server_route(ev, &req, &resp, &err);
    if (rc != BZ_OK)
        server_error_body(&req, &resp, rc, &err);
    if (resp.content_type == NULL)
        resp.content_type = "text/html; charset=utf-8";

    head = (struct server_head){rc == BZ_OK && resp.status != 0
                                    ? resp.status
                                    : bz_http_status(rc),
                                resp.content_type,
                                resp.location, resp.headers,
                                resp.header_count};
    server_send(ev, &head, resp.body.data ? resp.body.data : "",
                resp.body.len);
    if (may_cache && resp.cacheable && !resp.sets_cookie) {
        bz_cache_put(&loop->cache, target, head.status, resp.content_type,
                     resp.location, resp.headers, resp.header_count,
                     resp.body.data ? resp.body.data : "", resp.body.len);
        bz_log(BZ_LOG_DEBUG, "cache", req.id, 0, "offered");
    }
    server_access(loop, req.id, req.peer, req.method, target, head.status,
                  resp.body.len, &start);
    bz_response_release(&resp);
    bz_arena_reset(&loop->arena);
    bz_store_pool_release(loop->pool, req.store);
}

/* --- the listening socket ------------------------------------------------- */

static enum bz_status server_listen(const char *host, int port, int *fd_out,
                                    int *port_out, struct bz_error *err)
{
    struct addrinfo hints = {0}, *res = NULL;
    char service[16];
    int fd, one = 1, gai;
    struct sockaddr_storage bound;
    socklen_t bound_len = sizeof(bound);

    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    snprintf(service, sizeof(service), "%d", port);
    gai = getaddrinfo(host, service, &hints, &res);
    if (gai != 0)
        return bz_error_set(err, BZ_INVALID, "cannot resolve '%s': %s", host,
                            gai_strerror(gai));
    fd = socket(res->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
                0);
    if (fd < 0)
        goto fail;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    /* accepted sockets inherit it: evhttp writes headers and body apart,
     * and Nagle's algorithm would hold the body for the peer's delayed ACK */
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    if (bind(fd, res->ai_addr, res->ai_addrlen) < 0 || listen(fd, 1024) < 0 ||
        getsockname(fd, (struct sockaddr *)&bound, &bound_len) < 0)
        goto fail;
    freeaddrinfo(res);
    *port_out = ntohs(bound.ss_family == AF_INET6
                          ? ((struct sockaddr_in6 *)&bound)->sin6_port
                          : ((struct sockaddr_in *)&bound)->sin_port);
    *fd_out = fd;
    return BZ_OK;

fail:
    bz_error_errno(err, errno, "cannot listen on '%s' port %d", host, port);
    if (fd >= 0)
        close(fd);
    freeaddrinfo(res);
    return BZ_IO;
}

/* --- the loops ------------------------------------------------------------ */

static void *server_loop_main(void *arg)
{
    struct server_loop *loop = arg;

    event_base_dispatch(loop->base);
    return NULL;
}

static void server_flush_cb(evutil_socket_t fd, short what, void *arg)
{
    struct server_loop *loop = arg;

    (void)fd;
    (void)what;
    bz_log_access_flush(&loop->access);
}

static void server_stop_cb(evutil_socket_t fd, short what, void *arg)
{
    struct server_loop *loop = arg;

    (void)fd;
    (void)what;
    event_base_loopexit(loop->base, NULL);
}

/* Each connection's bufferevent, made here so that a whole page goes out
 * in one writev: libevent's default writes at most 16 KiB at a time. */
static struct bufferevent *server_new_connection(struct event_base *base,
                                                 void *arg)
{
    struct bufferevent *bev =
        bufferevent_socket_new(base, -1, BEV_OPT_CLOSE_ON_FREE);

    (void)arg;
    if (bev)
        bufferevent_set_max_single_write(bev, SERVER_MAX_SINGLE_WRITE);
    return bev;
}

static void server_loop_release(struct server_loop *loop)
{
    bz_log_access_flush(&loop->access);
    bz_buf_release(&loop->access);
    if (loop->flush_timer)
        event_free(loop->flush_timer);
    if (loop->stop_event)
        event_free(loop->stop_event);
    if (loop->stop_pipe[0] >= 0) {
        close(loop->stop_pipe[0]);
        close(loop->stop_pipe[1]);
    }
    if (loop->http)
        evhttp_free(loop->http);
    if (loop->base)
        event_base_free(loop->base);
    bz_cache_release(&loop->cache);
    bz_arena_release(&loop->arena);
}

static enum bz_status server_loop_init(struct server_loop *loop,
                                       const struct bz_config *config,
                                       struct bz_store_pool *pool, int fd,
                                       struct bz_error *err)
{
    struct evconnlistener *listener;
    struct event_config *ev_cfg;
    struct timeval second = {1, 0};

    loop->config = config;
    loop->https = strncmp(config->base_url, "https://", 8) == 0;
    bz_arena_init(&loop->arena, 0);
    bz_buf_init(&loop->access, 4 * SERVER_ACCESS_FLUSH_BYTES);
    loop->stop_pipe[0] = loop->stop_pipe[1] = -1;
    if (bz_cache_init(&loop->cache) < 0)
        return bz_error_set(err, BZ_NOMEM, "out of memory for the cache");
    loop->pool = pool;
    /* the changelist folds the add-then-delete of write interest that
     * every response makes into fewer epoll_ctl calls */
    ev_cfg = event_config_new();
    if (ev_cfg == NULL)
        return bz_error_set(err, BZ_NOMEM, "cannot create the event loop");
    event_config_set_flag(ev_cfg, EVENT_BASE_FLAG_NOLOCK |
                                      EVENT_BASE_FLAG_EPOLL_USE_CHANGELIST);
    loop->base = event_base_new_with_config(ev_cfg);
    event_config_free(ev_cfg);
    loop->http = loop->base ? evhttp_new(loop->base) : NULL;
    if (loop->http == NULL)
        return bz_error_set(err, BZ_NOMEM, "cannot create the event loop");
    evhttp_set_max_headers_size(loop->http, (ev_ssize_t)config->max_headers);
    evhttp_set_max_body_size(loop->http,
                             (ev_ssize_t)config->max_body * SERVER_BODY_SLACK);
    evhttp_set_flags(loop->http, EVHTTP_SERVER_LINGERING_CLOSE);
    evhttp_set_timeout(loop->http, config->idle_timeout);
    evhttp_set_allowed_methods(loop->http, EVHTTP_REQ_GET | EVHTTP_REQ_HEAD |
                                               EVHTTP_REQ_POST);
    evhttp_set_default_content_type(loop->http, "text/html; charset=utf-8");
    evhttp_set_gencb(loop->http, server_handle, loop);
    evhttp_set_bevcb(loop->http, server_new_connection, NULL);
    if (pipe2(loop->stop_pipe, O_CLOEXEC | O_NONBLOCK) < 0)
        return bz_error_errno(err, errno, "cannot make a pipe");
    loop->stop_event = event_new(loop->base, loop->stop_pipe[0], EV_READ,
                                 server_stop_cb, loop);
    loop->flush_timer = event_new(loop->base, -1, EV_PERSIST,
                                  server_flush_cb, loop);
    if (loop->stop_event == NULL || loop->flush_timer == NULL ||
        event_add(loop->stop_event, NULL) < 0 ||
        event_add(loop->flush_timer, &second) < 0)
        return bz_error_set(err, BZ_NOMEM, "cannot add loop events");
    /* every loop listens on the one socket; none of them closes it */
    listener = evconnlistener_new(loop->base, NULL, NULL, 0, -1, fd);
    if (listener == NULL || evhttp_bind_listener(loop->http, listener) == NULL)
        return bz_error_set(err, BZ_IO, "cannot accept on the socket");
    return BZ_OK;
}

/* The secret (the config's, else the instance's in the store) and the
 * outbox's sender, before any loop starts. */
static enum bz_status server_site_open(const struct bz_config *config,
                                       struct bz_store_pool *pool,
                                       struct bz_site *site,
                                       struct bz_error *err)
{
    struct bz_store *store = bz_store_pool_acquire(pool, SERVER_POOL_WAIT_MS,
                                                   err);
    enum bz_status rc;

    if (store == NULL)
        return BZ_STORE;
    rc = bz_mail_check_config(config, err);
    if (rc == BZ_OK)
        rc = bz_account_secret(store, config, &site->secret, err);
    bz_store_pool_release(pool, store);
    if (rc == BZ_OK)
        rc = bz_outbox_start(config, &site->outbox, err);
    return rc;
}

enum bz_status bz_server_run(const struct bz_config *config,
                             struct bz_error *err)
{
    struct server_loop loops[SERVER_MAX_THREADS];
    struct bz_store_pool *pool = NULL;
    struct bz_site site = {0};
    char db[BZ_CONFIG_VALUE_MAX];
    int count = config->threads, started = 0, fd = -1, port = 0, i, sig;
    enum bz_status rc;
    sigset_t stop;

    if (count > SERVER_MAX_THREADS)
        count = SERVER_MAX_THREADS;
    /* Each base is used by its own thread only, so libevent's locks are
     * not turned on; the main thread stops a loop through its pipe. */
    memset(loops, 0, sizeof(loops));
    for (i = 0; i < SERVER_MAX_THREADS; i++)
        loops[i].stop_pipe[0] = loops[i].stop_pipe[1] = -1;
    if ((rc = server_listen(config->host, config->port, &fd, &port, err)) !=
        BZ_OK)
        return rc;
    bz_store_map_reads((int64_t)config->sqlite_mmap_mb << 20);
    if ((rc = bz_store_pool_open(config->db, config->db_pool, &pool, err)) !=
        BZ_OK) {
        close(fd);
        return rc;
    }
    if ((rc = server_site_open(config, pool, &site, err)) != BZ_OK) {
        bz_store_pool_close(pool);
        close(fd);
        return rc;
    }

    /* the loops' threads inherit a mask without SIGINT and SIGTERM, so the
     * main thread alone takes them, with sigwait */
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);

    for (i = 0; i < count; i++) {
        loops[i].index = i;
        loops[i].site = &site;
        if ((rc = server_loop_init(&loops[i], config, pool, fd, err)) !=
            BZ_OK)
            goto stop_loops;
    }
    for (i = 0; i < count; i++, started++)
        if (pthread_create(&loops[i].thread, NULL, server_loop_main,
                           &loops[i]) != 0) {
            rc = bz_error_errno(err, errno, "cannot start a thread");
            goto stop_loops;
        }
    bz_log(BZ_LOG_INFO, "http", 0, 0,
           "listening on http://%s:%d/ with %d event loop(s), db '%s' "
           "(at most %d connection(s))",
           config->host, port, count,
           bz_store_url_redacted(config->db, db, sizeof(db)), config->db_pool);

    sigwait(&stop, &sig);
    bz_log(BZ_LOG_INFO, "http", 0, 0, "stopping on signal %d", sig);

stop_loops:
    for (i = 0; i < started; i++)
        if (write(loops[i].stop_pipe[1], "x", 1) < 0)
            bz_log(BZ_LOG_ERROR, "http", 0, errno, "cannot stop a loop");
    for (i = 0; i < started; i++)
        pthread_join(loops[i].thread, NULL);
    for (i = 0; i < count; i++)
        server_loop_release(&loops[i]);
    bz_outbox_stop(site.outbox);
    bz_secret_release(&site.secret);
    bz_store_pool_close(pool);
    close(fd);
    fflush(stdout);
    return rc;
}
