/* api.h - the JSON API under /api/v1, in SPEC.md's shapes.
 *
 * Lists are {"meta": {"count", "next_cursor"}, "results": [...]}, paged by
 * per_page (1..200) and cursor (opaque: the last id of the previous page).
 * Errors are {"error": {"code", "message"}} with the HTTP status.
 */
#ifndef BZ_API_H
#define BZ_API_H

#include "http/request.h"

/* Routes path, the part after "/api/v1". */
enum bz_status bz_api_route(struct bz_request *req, struct bz_response *resp,
                            const char *path, struct bz_error *err);

#include <yajl/yajl_gen.h>

#include "store/store.h"

struct bz_viewer;

/* Writes a work as the API shows it; with detail, its authorships,
 * topics, institutions, counts and provenance too (export uses it). */
void bz_api_write_work(yajl_gen g, const struct bz_work *work, int detail);

/* /api/v1/graph?center=&depth=&limit= (api_graph.c): the slice of the
 * research graph around center, as graph.h builds it. */
enum bz_status bz_api_graph(struct bz_request *req, struct bz_response *resp,
                            struct bz_error *err);

/* Writes the error object for status and message into resp. */
void bz_api_error(struct bz_response *resp, enum bz_status status,
                  const char *message);

/* What the API's files share. bz_api_gen: a generator that checks UTF-8
 * (NULL when out of memory); bz_api_send: finishes and frees g into resp
 * as cacheable JSON; bz_api_paging: per_page (default 25, 1..200) and
 * cursor (a positive number, 0 when absent), BZ_INVALID with a reason;
 * bz_api_meta: the "meta" key of a list, next_cursor last when more. */
yajl_gen bz_api_gen(void);
/* The signed-in account of an API request (bz_viewer_of_api: a token's,
 * *by_token 1, or a session's): BZ_UNAUTHORIZED for nobody. */
enum bz_status bz_api_viewer(struct bz_request *req, struct bz_viewer *v,
                             int *by_token, struct bz_error *err);
/* bz_api_send for an answer about the account asking: never cached,
 * Cache-Control: no-store. */
enum bz_status bz_api_send_personal(yajl_gen g, struct bz_response *resp,
                                    struct bz_error *err);
enum bz_status bz_api_send(yajl_gen g, struct bz_response *resp,
                           struct bz_error *err);
enum bz_status bz_api_paging(struct bz_request *req, int *per_page,
                             int64_t *after, struct bz_error *err);
void bz_api_meta(yajl_gen g, size_t count, int more, int64_t last);
/* "ids": {scheme: value}, the first value of each scheme. */
void bz_api_ids(yajl_gen g, const struct bz_external_id *ids, size_t n);

#endif
