/* api_topics.c - topics and institutions as JSON. */
#include "api/api_topics.h"

#include <string.h>

#include "api/api.h"
#include "api/json.h"
#include "core/ids.h"
#include "pages/page_parts.h"

#define API_RECORD_RESEARCHERS 100

static void topic_refs(yajl_gen g, const char *key,
                       const struct bz_topic_ref *t, size_t n)
{
    bz_json_key(g, key);
    yajl_gen_array_open(g);
    for (size_t i = 0; i < n; i++) {
        yajl_gen_map_open(g);
        bz_json_kv_id(g, "id", 'T', t[i].id);
        bz_json_kv_string(g, "display_name", t[i].display_name);
        bz_json_kv_string(g, "scheme", t[i].scheme);
        bz_json_kv_string(g, "external_id", t[i].external_id);
        yajl_gen_map_close(g);
    }
    yajl_gen_array_close(g);
}

/* What both records end with: counts, researchers, a page of works. */
struct record_lists {
    long work_count, researcher_count;
    struct bz_researcher_count *people;
    size_t people_count;
    struct bz_work_ref *works;
    size_t work_shown;
    int more;
    int64_t after;
};

static void record_lists(yajl_gen g, const struct record_lists *l)
{
    bz_json_key(g, "counts");
    yajl_gen_map_open(g);
    bz_json_kv_long(g, "works", l->work_count);
    bz_json_kv_long(g, "researchers", l->researcher_count);
    yajl_gen_map_close(g);
    bz_json_key(g, "researchers");
    yajl_gen_array_open(g);
    for (size_t i = 0; i < l->people_count; i++) {
        yajl_gen_map_open(g);
        bz_json_kv_id(g, "id", 'R', l->people[i].id);
        bz_json_kv_string(g, "display_name", l->people[i].display_name);
        bz_json_kv_long(g, "works", l->people[i].works);
        yajl_gen_map_close(g);
    }
    yajl_gen_array_close(g);
    bz_json_key(g, "works");
    yajl_gen_map_open(g);
    bz_api_meta(g, l->work_shown, l->more, l->after + (int64_t)l->work_shown);
    bz_json_key(g, "results");
    yajl_gen_array_open(g);
    for (size_t i = 0; i < l->work_shown; i++) {
        yajl_gen_map_open(g);
        bz_json_kv_id(g, "id", 'W', l->works[i].id);
        bz_json_kv_string(g, "title", l->works[i].title);
        bz_json_key(g, "publication_year");
        if (l->works[i].publication_year)
            yajl_gen_integer(g, l->works[i].publication_year);
        else
            yajl_gen_null(g);
        yajl_gen_map_close(g);
    }
    yajl_gen_array_close(g);
    yajl_gen_map_close(g);
}

typedef enum bz_status works_fn(struct bz_store *store, struct bz_arena *arena,
                                int64_t id, long offset, int limit,
                                struct bz_work_ref **out, size_t *count,
                                int *more, struct bz_error *err);
typedef enum bz_status people_fn(struct bz_store *store, struct bz_arena *arena,
                                 int64_t id, int limit,
                                 struct bz_researcher_count **out,
                                 size_t *count, struct bz_error *err);

/* The page of works from l->after and the researchers of record id. */
static enum bz_status record_read(struct bz_request *req, works_fn *works,
                                  people_fn *people, int64_t id, int per_page,
                                  struct record_lists *l, struct bz_error *err)
{
    enum bz_status rc =
        works(req->store, req->arena, id, (long)l->after, per_page, &l->works,
              &l->work_shown, &l->more, err);

    if (rc != BZ_OK)
        return rc;
    return people(req->store, req->arena, id, API_RECORD_RESEARCHERS,
                  &l->people, &l->people_count, err);
}

enum bz_status bz_api_topic(struct bz_request *req, struct bz_response *resp,
                            const char *id, struct bz_error *err)
{
    const struct bz_store_ops *ops = req->store->ops;
    struct record_lists l = {0};
    struct bz_id_ref ref;
    struct bz_topic t;
    int64_t number;
    int per_page;
    enum bz_status rc;
    yajl_gen g;

    if (strchr(id, '/'))
        return bz_error_set(err, BZ_NOT_FOUND, "no such API address");
    if ((rc = bz_api_paging(req, &per_page, &l.after, err)) ||
        (rc = bz_resolve_id(req, id, 'T', &number, &ref, err)) ||
        (rc = ops->topic_get(req->store, req->arena, number, &t, err)) ||
        (rc = record_read(req, ops->topic_works, ops->topic_researchers, t.id,
                          per_page, &l, err)))
        return rc;
    l.work_count = t.work_count;
    l.researcher_count = t.researcher_count;
    if ((g = bz_api_gen()) == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    yajl_gen_map_open(g);
    bz_json_kv_id(g, "id", 'T', t.id);
    bz_json_kv_string(g, "display_name", t.display_name);
    bz_json_kv_string(g, "scheme", t.scheme);
    bz_json_kv_string(g, "external_id", t.external_id);
    bz_json_kv_string(g, "level", t.level);
    bz_json_kv_string(
        g, "url", bz_page_record_path(req->arena, 'T', t.id, t.display_name));
    topic_refs(g, "parents", t.parents, t.parent_count);
    topic_refs(g, "children", t.children, t.child_count);
    record_lists(g, &l);
    yajl_gen_map_close(g);
    return bz_api_send(g, resp, err);
}

enum bz_status bz_api_institution(struct bz_request *req,
                                  struct bz_response *resp, const char *id,
                                  struct bz_error *err)
{
    const struct bz_store_ops *ops = req->store->ops;
    struct record_lists l = {0};
    struct bz_institution inst;
    struct bz_id_ref ref;
    int64_t number;
    int per_page;
    enum bz_status rc;
    yajl_gen g;

    if (strchr(id, '/'))
        return bz_error_set(err, BZ_NOT_FOUND, "no such API address");
    if ((rc = bz_api_paging(req, &per_page, &l.after, err)) ||
        (rc = bz_resolve_id(req, id, 'I', &number, &ref, err)) ||
        (rc = ops->institution_get(req->store, req->arena, number, &inst,
                                   err)) ||
        (rc = record_read(req, ops->institution_works,
                          ops->institution_researchers, inst.id, per_page, &l,
                          err)))
        return rc;
    l.work_count = inst.work_count;
    l.researcher_count = inst.researcher_count;
    if ((g = bz_api_gen()) == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    yajl_gen_map_open(g);
    bz_json_kv_id(g, "id", 'I', inst.id);
    bz_json_kv_string(g, "display_name", inst.display_name);
    bz_json_kv_string(g, "country_code", inst.country_code);
    bz_json_kv_string(g, "homepage_url", inst.homepage);
    bz_json_kv_string(
        g, "url",
        bz_page_record_path(req->arena, 'I', inst.id, inst.display_name));
    bz_api_ids(g, inst.ids, inst.id_count);
    record_lists(g, &l);
    yajl_gen_map_close(g);
    return bz_api_send(g, resp, err);
}
