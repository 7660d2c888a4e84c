/* api_coi.c - the conflict-of-interest check as JSON, and the reading of
 * its two researchers. */
#include "api/api_coi.h"

#include <string.h>

#include "api/api.h"
#include "api/json.h"
#include "core/ids.h"
#include "graph/suggest.h"

int bz_coi_window_years(const struct bz_request *req)
{
    if (req->config == NULL || req->config->coi_years == 0)
        return BZ_COI_YEARS_DEFAULT;
    return req->config->coi_years;
}

/* The record parameter name names, following a merge; errors name the
 * parameter. */
static enum bz_status coi_researcher(struct bz_request *req, const char *name,
                                     const char *text,
                                     struct bz_researcher *out,
                                     struct bz_error *err)
{
    struct bz_store *store = req->store;
    struct bz_error why = {0};
    struct bz_id_ref ref;
    int64_t number;
    enum bz_status rc;

    if (text == NULL || *text == '\0')
        return bz_error_set(err, BZ_INVALID,
                            "give two researchers: '%s' is missing", name);
    if ((rc = bz_resolve_id(req, text, 'R', &number, &ref, &why)) ||
        (rc = store->ops->researcher_get(store, req->arena, number, out, &why)))
        return bz_error_set(err, rc, "%s: %s", name, why.message);
    if (out->merged_into &&
        (rc = store->ops->researcher_get(store, req->arena, out->merged_into,
                                         out, &why)))
        return bz_error_set(err, rc, "%s: %s", name, why.message);
    if (out->hidden_at)
        return bz_error_set(err, BZ_GONE,
                            "%s: this record is hidden at the request of "
                            "the person it describes",
                            name);
    return BZ_OK;
}

enum bz_status bz_coi_query_read(struct bz_request *req, struct bz_coi_query *q,
                                 struct bz_error *err)
{
    enum bz_status rc;

    memset(q, 0, sizeof(*q));
    q->a_text = bz_request_param(req, "a");
    q->b_text = bz_request_param(req, "b");
    if ((rc = coi_researcher(req, "a", q->a_text, &q->a, err)) ||
        (rc = coi_researcher(req, "b", q->b_text, &q->b, err)))
        return rc;
    if (q->a.id == q->b.id)
        return bz_error_set(err, BZ_INVALID,
                            "a and b are the same researcher, 'R%lld': "
                            "choose two different ones",
                            (long long)q->a.id);
    q->current_year = bz_coi_current_year();
    return bz_coi_load(req->store, req->arena, q->a.id, q->b.id,
                       q->current_year, bz_coi_window_years(req), &q->coi, err);
}

static void coi_person(yajl_gen g, const char *key,
                       const struct bz_researcher *r)
{
    bz_json_key(g, key);
    yajl_gen_map_open(g);
    bz_json_kv_id(g, "id", 'R', r->id);
    bz_json_kv_string(g, "display_name", r->display_name);
    yajl_gen_map_close(g);
}

static void coi_window(yajl_gen g, const struct bz_coi *c)
{
    bz_json_key(g, "window");
    yajl_gen_map_open(g);
    bz_json_kv_long(g, "years", c->years);
    bz_json_kv_long(g, "from", c->first_year);
    bz_json_kv_long(g, "to", c->last_year);
    yajl_gen_map_close(g);
}

static void coi_works(yajl_gen g, const struct bz_coi *c)
{
    bz_json_key(g, "coauthored_works");
    yajl_gen_array_open(g);
    for (size_t i = 0; i < c->work_count; i++) {
        yajl_gen_map_open(g);
        bz_json_kv_id(g, "id", 'W', c->works[i]->id);
        bz_json_kv_string(g, "title", c->works[i]->title);
        bz_json_key(g, "publication_year");
        if (c->works[i]->publication_year)
            yajl_gen_integer(g, c->works[i]->publication_year);
        else
            yajl_gen_null(g);
        yajl_gen_map_close(g);
    }
    yajl_gen_array_close(g);
    bz_json_kv_long(g, "earlier_coauthored_works", (long long)c->earlier_count);
}

static void coi_institutions(yajl_gen g, const struct bz_coi *c)
{
    bz_json_key(g, "shared_institutions");
    yajl_gen_array_open(g);
    for (size_t i = 0; i < c->institution_count; i++) {
        yajl_gen_map_open(g);
        bz_json_kv_id(g, "id", 'I', c->institutions[i]->id);
        bz_json_kv_string(g, "display_name", c->institutions[i]->display_name);
        bz_json_kv_string(g, "country_code", c->institutions[i]->country_code);
        yajl_gen_map_close(g);
    }
    yajl_gen_array_close(g);
}

enum bz_status bz_api_coi(struct bz_request *req, struct bz_response *resp,
                          struct bz_error *err)
{
    struct bz_coi_query q;
    const char *summary;
    enum bz_status rc;
    yajl_gen g;

    if ((rc = bz_coi_query_read(req, &q, err)) != BZ_OK)
        return rc;
    if ((summary = bz_coi_summary(req->arena, &q.coi)) == NULL ||
        (g = bz_api_gen()) == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    yajl_gen_map_open(g);
    coi_person(g, "a", &q.a);
    coi_person(g, "b", &q.b);
    bz_json_kv_bool(g, "conflict", q.coi.conflict);
    bz_json_kv_string(g, "reason", summary);
    coi_window(g, &q.coi);
    coi_works(g, &q.coi);
    coi_institutions(g, &q.coi);
    yajl_gen_map_close(g);
    return bz_api_send(g, resp, err);
}

static void coi_suggestion(yajl_gen g, const struct bz_suggestion *s)
{
    const struct bz_suggestion_candidate *c = s->who;

    yajl_gen_map_open(g);
    bz_json_key(g, "researcher");
    yajl_gen_map_open(g);
    bz_json_kv_id(g, "id", 'R', c->id);
    bz_json_kv_string(g, "display_name", c->display_name);
    yajl_gen_map_close(g);
    bz_json_kv_long(g, "score", s->score);
    bz_json_kv_long(g, "shared_topics", c->shared_topics);
    bz_json_kv_long(g, "coauthors_in_common", c->common_coauthors);
    bz_json_kv_long(g, "shared_works", c->shared_works);
    bz_json_key(g, "last_shared_year");
    if (c->last_shared_year)
        yajl_gen_integer(g, c->last_shared_year);
    else
        yajl_gen_null(g);
    bz_json_kv_string(g, "reason", s->reason);
    yajl_gen_map_close(g);
}

enum bz_status bz_api_suggestions(struct bz_request *req,
                                  struct bz_response *resp, const char *id,
                                  struct bz_error *err)
{
    struct bz_researcher r;
    struct bz_suggestion *list;
    struct bz_id_ref ref;
    size_t count, end;
    int64_t number, after;
    int per_page;
    enum bz_status rc;
    yajl_gen g;

    if ((rc = bz_api_paging(req, &per_page, &after, err)) ||
        (rc = bz_resolve_id(req, id, 'R', &number, &ref, err)) ||
        (rc = req->store->ops->researcher_get(req->store, req->arena, number,
                                              &r, err)))
        return rc;
    if (r.merged_into) {
        resp->location =
            bz_arena_printf(req->arena, "/api/v1/researchers/R%lld/suggestions",
                            (long long)r.merged_into);
        return BZ_MOVED;
    }
    if (r.hidden_at)
        return bz_error_set(err, BZ_GONE,
                            "this record is hidden at the request of the "
                            "person it describes");
    if ((rc = bz_suggest_load(req->store, req->arena, r.id,
                              bz_coi_current_year(), bz_coi_window_years(req),
                              &list, &count, err)) != BZ_OK)
        return rc;
    if ((size_t)after > count)
        after = (int64_t)count;
    end = (size_t)after + (size_t)per_page < count
              ? (size_t)after + (size_t)per_page
              : count;
    if ((g = bz_api_gen()) == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    yajl_gen_map_open(g);
    bz_api_meta(g, end - (size_t)after, end < count, (int64_t)end);
    bz_json_key(g, "results");
    yajl_gen_array_open(g);
    for (size_t i = (size_t)after; i < end; i++)
        coi_suggestion(g, &list[i]);
    yajl_gen_array_close(g);
    yajl_gen_map_close(g);
    return bz_api_send(g, resp, err);
}
