/* api.c - /api/v1: researchers, their works, and works, as JSON. */
#include "api/api.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api_actions.h"
#include "api/api_coi.h"
#include "api/api_topics.h"
#include "api/json.h"
#include "http/viewer.h"
#include "core/ids.h"
#include "core/links.h"
#include "core/text.h"
#include "profile/profile.h"

#define API_DEFAULT_PER_PAGE 25
#define API_MAX_PER_PAGE 200
#define API_MAX_QUERY_WORDS 8

static yajl_gen api_gen(void)
{
    yajl_gen g = yajl_gen_alloc(NULL);

    if (g)
        yajl_gen_config(g, yajl_gen_validate_utf8, 1);
    return g;
}

static enum bz_status api_send(yajl_gen g, struct bz_response *resp,
                               struct bz_error *err)
{
    enum bz_status rc = bz_json_finish(g, &resp->body, err);

    yajl_gen_free(g);
    resp->content_type = "application/json";
    resp->cacheable = 1;
    return rc;
}

void bz_api_error(struct bz_response *resp, enum bz_status status,
                  const char *message)
{
    yajl_gen g = api_gen();

    if (g == NULL)
        return;
    yajl_gen_map_open(g);
    bz_json_key(g, "error");
    yajl_gen_map_open(g);
    bz_json_kv_string(g, "code", bz_status_name(status));
    bz_json_kv_string(g, "message", message);
    yajl_gen_map_close(g);
    yajl_gen_map_close(g);
    api_send(g, resp, NULL);
    resp->cacheable = 0;
}

/* per_page and cursor: a number from 1 to 200, and an opaque last id. */
static enum bz_status api_paging(struct bz_request *req, int *per_page,
                                 int64_t *after, struct bz_error *err)
{
    const char *pp = bz_request_param(req, "per_page");
    const char *cursor = bz_request_param(req, "cursor");
    char *end;
    long n;

    *per_page = API_DEFAULT_PER_PAGE;
    *after = 0;
    if (pp) {
        errno = 0;
        n = strtol(pp, &end, 10);
        if (errno || *end || end == pp || n < 1 || n > API_MAX_PER_PAGE)
            return bz_error_set(err, BZ_INVALID,
                                "per_page must be a number from 1 to %d",
                                API_MAX_PER_PAGE);
        *per_page = (int)n;
    }
    if (cursor && *cursor) {
        long long v;

        errno = 0;
        v = strtoll(cursor, &end, 10);
        if (errno || *end || end == cursor || v < 1)
            return bz_error_set(err, BZ_INVALID, "bad cursor '%.40s'", cursor);
        *after = v;
    }
    return BZ_OK;
}

static void api_ids(yajl_gen g, const struct bz_external_id *ids, size_t n)
{
    size_t i, k;

    bz_json_key(g, "ids");
    yajl_gen_map_open(g);
    for (i = 0; i < n; i++) {
        int seen = 0;

        for (k = 0; k < i; k++)
            seen |= strcmp(ids[k].scheme, ids[i].scheme) == 0;
        if (!seen)
            bz_json_kv_string(g, ids[i].scheme, ids[i].value);
    }
    yajl_gen_map_close(g);
}

static void api_level(yajl_gen g, int level)
{
    char text[4] = {'L', (char)('0' + level), '\0', '\0'};

    bz_json_kv_string(g, "verification_level", text);
}

static void api_trust(yajl_gen g, const struct bz_trust *t)
{
    int i;

    bz_json_key(g, "trust");
    yajl_gen_map_open(g);
    bz_json_kv_long(g, "score", t->score);
    bz_json_kv_string(g, "band", t->band);
    bz_json_kv_bool(g, "capped", t->capped);
    bz_json_kv_long(g, "raw", t->raw);
    bz_json_key(g, "components");
    yajl_gen_array_open(g);
    for (i = 0; i < BZ_TRUST_COMPONENTS; i++) {
        yajl_gen_map_open(g);
        bz_json_kv_string(g, "name", t->components[i].name);
        bz_json_kv_long(g, "points", t->components[i].points);
        bz_json_kv_long(g, "max", t->components[i].max);
        bz_json_kv_string(g, "evidence", t->components[i].evidence);
        yajl_gen_map_close(g);
    }
    yajl_gen_array_close(g);
    yajl_gen_map_close(g);
}

/* "citations": total, h_index, i10_index, by_year [{year, works}]. */
static void api_researcher_citations(yajl_gen g, const struct bz_profile *p)
{
    size_t i;

    bz_json_key(g, "citations");
    yajl_gen_map_open(g);
    bz_json_kv_long(g, "total", p->citations.total);
    bz_json_kv_long(g, "h_index", p->citations.h_index);
    bz_json_kv_long(g, "i10_index", p->citations.i10_index);
    bz_json_key(g, "by_year");
    yajl_gen_array_open(g);
    for (i = 0; i < p->year_count; i++) {
        yajl_gen_map_open(g);
        bz_json_kv_long(g, "year", p->works_by_year[i].year);
        bz_json_kv_long(g, "works", p->works_by_year[i].works);
        yajl_gen_map_close(g);
    }
    yajl_gen_array_close(g);
    yajl_gen_map_close(g);
}

/* A work's count of citing works, null when no source gave one. */
static void api_cited_by_count(yajl_gen g, const struct bz_work *w)
{
    bz_json_key(g, "cited_by_count");
    if (w->cited_by_count < 0)
        yajl_gen_null(g);
    else
        yajl_gen_integer(g, w->cited_by_count);
}

static void api_work_refs(yajl_gen g, const char *key,
                          const struct bz_work_ref *refs, size_t n)
{
    size_t i;

    bz_json_key(g, key);
    yajl_gen_array_open(g);
    for (i = 0; i < n; i++) {
        yajl_gen_map_open(g);
        bz_json_kv_id(g, "id", 'W', refs[i].id);
        bz_json_kv_string(g, "title", refs[i].title);
        bz_json_key(g, "publication_year");
        if (refs[i].publication_year)
            yajl_gen_integer(g, refs[i].publication_year);
        else
            yajl_gen_null(g);
        yajl_gen_map_close(g);
    }
    yajl_gen_array_close(g);
}

/* "citations": count and source, and the works bzpeer knows on each
 * side. */
static void api_work_citations(yajl_gen g, const struct bz_work *w)
{
    bz_json_key(g, "citations");
    yajl_gen_map_open(g);
    bz_json_key(g, "count");
    if (w->cited_by_count < 0)
        yajl_gen_null(g);
    else
        yajl_gen_integer(g, w->cited_by_count);
    bz_json_kv_string(g, "source", w->cited_by_source);
    bz_json_kv_long(g, "reference_count", w->reference_count);
    api_work_refs(g, "cited_by", w->citing, w->citing_count);
    api_work_refs(g, "references", w->cited, w->cited_count);
    yajl_gen_map_close(g);
}

static void api_profile(yajl_gen g, struct bz_arena *arena,
                        const struct bz_profile *p)
{
    const struct bz_researcher *r = &p->researcher;
    size_t i;

    yajl_gen_map_open(g);
    bz_json_kv_id(g, "id", 'R', r->id);
    bz_json_kv_string(g, "display_name", r->display_name);
    bz_json_kv_string(g, "url", bz_arena_printf(arena, "/researchers/R%lld%s%s",
                                                (long long)r->id,
                                                *r->slug ? "-" : "", r->slug));
    api_level(g, p->level);
    bz_json_kv_bool(g, "claimed", r->claim_level > 0);
    api_trust(g, &p->trust);
    bz_json_key(g, "counts");
    yajl_gen_map_open(g);
    bz_json_kv_long(g, "works", (long long)p->work_count);
    bz_json_kv_long(g, "followers", p->followers);
    bz_json_kv_long(g, "topics", (long long)p->topic_count);
    bz_json_kv_long(g, "close_collaborators", (long long)p->close_count);
    yajl_gen_map_close(g);
    bz_json_kv_string(g, "affiliation", r->affiliation);
    /* the owner's words: shown apart, never counted (score.h) */
    bz_json_kv_string(g, "self_asserted_affiliation", r->self_affiliation);
    bz_json_kv_bool(g, "open_to_collaborate", r->open_to_collaborate);
    bz_json_kv_string(g, "summary", p->summary);
    api_ids(g, r->ids, r->id_count);
    api_researcher_citations(g, p);

    bz_json_key(g, "topics");
    yajl_gen_array_open(g);
    for (i = 0; i < p->topic_count; i++) {
        yajl_gen_map_open(g);
        bz_json_kv_id(g, "id", 'T', p->topics[i].id);
        bz_json_kv_string(g, "display_name", p->topics[i].display_name);
        bz_json_kv_string(g, "scheme", p->topics[i].scheme);
        bz_json_kv_string(g, "external_id", p->topics[i].external_id);
        bz_json_kv_long(g, "works", p->topics[i].works);
        yajl_gen_map_close(g);
    }
    yajl_gen_array_close(g);
    bz_json_key(g, "close_collaborators");
    yajl_gen_array_open(g);
    for (i = 0; i < p->close_count; i++) {
        yajl_gen_map_open(g);
        bz_json_kv_id(g, "id", 'R', p->collaborators[i].id);
        bz_json_kv_string(g, "display_name", p->collaborators[i].name);
        bz_json_kv_long(g, "shared_works", p->collaborators[i].shared_works);
        bz_json_kv_double(g, "strength", p->collaborators[i].strength);
        yajl_gen_map_close(g);
    }
    yajl_gen_array_close(g);
    yajl_gen_map_close(g);
}

/* "authorships": [{position, raw_name, researcher: {id, display_name} or
 * null}], in author order. */
static void api_authorships(yajl_gen g, const struct bz_work *w)
{
    size_t i;

    bz_json_key(g, "authorships");
    yajl_gen_array_open(g);
    for (i = 0; i < w->authorship_count; i++) {
        const struct bz_authorship *a = &w->authorships[i];

        yajl_gen_map_open(g);
        bz_json_kv_long(g, "position", a->position);
        bz_json_kv_string(g, "raw_name", a->raw_name);
        bz_json_key(g, "researcher");
        if (a->researcher_id) {
            yajl_gen_map_open(g);
            bz_json_kv_id(g, "id", 'R', a->researcher_id);
            bz_json_kv_string(g, "display_name", a->researcher_name);
            yajl_gen_map_close(g);
        } else {
            yajl_gen_null(g);
        }
        yajl_gen_map_close(g);
    }
    yajl_gen_array_close(g);
}

/* A work; with detail, its authorships, topics, institutions, provenance
 * and versions. */
void bz_api_write_work(yajl_gen g, const struct bz_work *w, int detail)
{
    size_t i;

    yajl_gen_map_open(g);
    bz_json_kv_id(g, "id", 'W', w->id);
    bz_json_kv_string(g, "title", w->title);
    bz_json_key(g, "publication_year");
    if (w->publication_year)
        yajl_gen_integer(g, w->publication_year);
    else
        yajl_gen_null(g);
    bz_json_kv_string(g, "type", w->type);
    bz_json_kv_string(g, "venue", w->venue);
    bz_json_key(g, "open_access");
    if (w->open_access < 0)
        yajl_gen_null(g);
    else
        yajl_gen_bool(g, w->open_access);
    bz_json_kv_string(g, "abstract", w->abstract);
    bz_json_kv_string(g, "landing_page_url", w->landing_url);
    api_ids(g, w->ids, w->id_count);
    api_cited_by_count(g, w);
    if (!detail) {
        yajl_gen_map_close(g);
        return;
    }
    api_authorships(g, w);
    bz_json_key(g, "topics");
    yajl_gen_array_open(g);
    for (i = 0; i < w->topic_count; i++) {
        yajl_gen_map_open(g);
        bz_json_kv_id(g, "id", 'T', w->topics[i].id);
        bz_json_kv_string(g, "display_name", w->topics[i].display_name);
        bz_json_kv_string(g, "scheme", w->topics[i].scheme);
        bz_json_kv_string(g, "external_id", w->topics[i].external_id);
        bz_json_kv_double(g, "score", w->topics[i].score);
        bz_json_kv_string(g, "source", w->topics[i].source);
        yajl_gen_map_close(g);
    }
    yajl_gen_array_close(g);
    bz_json_key(g, "institutions");
    yajl_gen_array_open(g);
    for (i = 0; i < w->institution_count; i++) {
        yajl_gen_map_open(g);
        bz_json_kv_id(g, "id", 'I', w->institutions[i].id);
        bz_json_kv_string(g, "display_name", w->institutions[i].display_name);
        yajl_gen_map_close(g);
    }
    yajl_gen_array_close(g);
    bz_json_key(g, "counts");
    yajl_gen_map_open(g);
    bz_json_kv_long(g, "authors", (long long)w->authorship_count);
    bz_json_kv_long(g, "topics", (long long)w->topic_count);
    bz_json_kv_long(g, "institutions", (long long)w->institution_count);
    if (w->signals) {
        bz_json_kv_long(g, "likes", w->signals->likes);
        bz_json_kv_long(g, "dislikes", w->signals->dislikes);
        bz_json_kv_long(g, "saves", w->signals->saves);
        bz_json_kv_long(g, "reviews", w->signals->reviews);
        bz_json_kv_long(g, "code", w->signals->code_links);
        bz_json_kv_long(g, "dataset", w->signals->dataset_links);
    }
    yajl_gen_map_close(g);
    bz_json_key(g, "provenance");
    yajl_gen_array_open(g);
    for (i = 0; i < w->provenance_count; i++) {
        yajl_gen_map_open(g);
        bz_json_kv_string(g, "field", w->provenance[i].field);
        bz_json_kv_string(g, "source", w->provenance[i].source);
        bz_json_kv_string(g, "record", w->provenance[i].record);
        yajl_gen_map_close(g);
    }
    yajl_gen_array_close(g);
    bz_json_key(g, "versions");
    yajl_gen_array_open(g);
    for (i = 0; i < w->version_count; i++) {
        const struct bz_work_version *v = &w->versions[i];

        yajl_gen_map_open(g);
        bz_json_kv_string(g, "source", v->source);
        bz_json_kv_string(g, "type", v->type);
        bz_json_kv_string(g, "venue", v->venue);
        bz_json_key(g, "publication_year");
        if (v->publication_year)
            yajl_gen_integer(g, v->publication_year);
        else
            yajl_gen_null(g);
        bz_json_kv_string(g, "doi", v->doi);
        bz_json_kv_string(g, "arxiv", v->arxiv);
        yajl_gen_map_close(g);
    }
    yajl_gen_array_close(g);
    api_work_citations(g, w);
    yajl_gen_map_close(g);
}

static void api_meta(yajl_gen g, size_t count, int more, int64_t last)
{
    bz_json_key(g, "meta");
    yajl_gen_map_open(g);
    bz_json_kv_long(g, "count", (long long)count);
    bz_json_key(g, "next_cursor");
    if (more) {
        char text[32];

        snprintf(text, sizeof(text), "%lld", (long long)last);
        bz_json_string(g, text);
    } else {
        yajl_gen_null(g);
    }
    yajl_gen_map_close(g);
}

/* --- what the other API files share (api.h) --- */

yajl_gen bz_api_gen(void)
{
    return api_gen();
}

enum bz_status bz_api_send(yajl_gen g, struct bz_response *resp,
                           struct bz_error *err)
{
    return api_send(g, resp, err);
}

enum bz_status bz_api_paging(struct bz_request *req, int *per_page,
                             int64_t *after, struct bz_error *err)
{
    return api_paging(req, per_page, after, err);
}

void bz_api_meta(yajl_gen g, size_t count, int more, int64_t last)
{
    api_meta(g, count, more, last);
}

void bz_api_ids(yajl_gen g, const struct bz_external_id *ids, size_t n)
{
    api_ids(g, ids, n);
}

/* A list of researchers, {"meta", "results": [{id, display_name,
 * verification_level, claimed, works}]}, in a new generator (NULL when out
 * of memory). */
static yajl_gen api_researchers(const struct bz_researcher *list,
                                size_t count, int more)
{
    yajl_gen g = api_gen();

    if (g == NULL)
        return NULL;
    yajl_gen_map_open(g);
    api_meta(g, count, more, count ? list[count - 1].id : 0);
    bz_json_key(g, "results");
    yajl_gen_array_open(g);
    for (size_t i = 0; i < count; i++) {
        yajl_gen_map_open(g);
        bz_json_kv_id(g, "id", 'R', list[i].id);
        bz_json_kv_string(g, "display_name", list[i].display_name);
        api_level(g, bz_score_level(list[i].has_source_id,
                                    list[i].claim_level));
        bz_json_kv_bool(g, "claimed", list[i].claim_level > 0);
        bz_json_kv_long(g, "works", list[i].work_count);
        yajl_gen_map_close(g);
    }
    yajl_gen_array_close(g);
    yajl_gen_map_close(g);
    return g;
}

static enum bz_status api_researcher_list(struct bz_request *req,
                                          struct bz_response *resp,
                                          struct bz_error *err)
{
    const char *q = bz_request_param(req, "q");
    char *words[API_MAX_QUERY_WORDS];
    size_t word_count = 0, count;
    struct bz_researcher *list;
    int per_page, more;
    int64_t after;
    enum bz_status rc;
    yajl_gen g;

    if ((rc = api_paging(req, &per_page, &after, err)) != BZ_OK)
        return rc;
    if (q)
        word_count = bz_text_split_words(req->arena, q, words,
                                         API_MAX_QUERY_WORDS);
    if ((rc = req->store->ops->researcher_list(
             req->store, req->arena, (const char *const *)words, word_count,
             after, per_page, &list, &count, &more, err)) != BZ_OK)
        return rc;
    if ((g = api_researchers(list, count, more)) == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    return api_send(g, resp, err);
}

static enum bz_status api_researcher(struct bz_request *req,
                                     struct bz_response *resp, const char *id,
                                     int works, struct bz_error *err)
{
    struct bz_profile p;
    struct bz_id_ref ref;
    int64_t number;
    enum bz_status rc;
    yajl_gen g;
    size_t i;

    if ((rc = bz_resolve_id(req, id, 'R', &number, &ref, err)) != BZ_OK ||
        (rc = bz_profile_load(req->store, req->arena, number, &p, err)))
        return rc;
    if (p.researcher.merged_into) {
        resp->location = bz_arena_printf(
            req->arena, "/api/v1/researchers/R%lld%s",
            (long long)p.researcher.merged_into, works ? "/works" : "");
        return BZ_MOVED;
    }
    if ((g = api_gen()) == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    if (!works) {
        api_profile(g, req->arena, &p);
        return api_send(g, resp, err);
    }
    yajl_gen_map_open(g);
    api_meta(g, p.work_count, 0, 0);
    bz_json_key(g, "results");
    yajl_gen_array_open(g);
    for (i = 0; i < p.work_count; i++)
        bz_api_write_work(g, &p.works[i], 0);
    yajl_gen_array_close(g);
    yajl_gen_map_close(g);
    return api_send(g, resp, err);
}

static enum bz_status api_work_one(struct bz_request *req,
                                   struct bz_response *resp, const char *id,
                                   struct bz_error *err)
{
    struct bz_work w;
    struct bz_work_signals signals;
    struct bz_id_ref ref;
    const char *found[BZ_LINKS_MAX];
    int64_t number;
    enum bz_status rc;
    yajl_gen g;

    if ((rc = bz_resolve_id(req, id, 'W', &number, &ref, err)) != BZ_OK ||
        (rc = req->store->ops->work_get(req->store, req->arena, number, &w,
                                        err)) != BZ_OK ||
        (rc = req->store->ops->work_signals(req->store, req->arena, w.id, 0,
                                            &signals, err)) != BZ_OK)
        return rc;
    /* code and dataset: the abstract's links and those owners added */
    signals.code_links += (long)bz_links_find(req->arena, w.abstract,
                                              BZ_LINK_CODE, found,
                                              BZ_LINKS_MAX);
    signals.dataset_links += (long)bz_links_find(req->arena, w.abstract,
                                                 BZ_LINK_DATASET, found,
                                                 BZ_LINKS_MAX);
    w.signals = &signals;
    if ((g = api_gen()) == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    bz_api_write_work(g, &w, 1);
    return api_send(g, resp, err);
}

/* /api/v1/me: the account a token or a session acts as. */
static enum bz_status api_me(struct bz_request *req, struct bz_response *resp,
                             struct bz_error *err)
{
    struct bz_viewer v;
    enum bz_status rc;
    int by_token;
    yajl_gen g;

    if ((rc = bz_viewer_of_api(req, &v, &by_token, err)) != BZ_OK)
        return rc;
    if (!v.signed_in)
        return bz_error_set(err, BZ_UNAUTHORIZED,
                            "log in, or send 'Authorization: Bearer "
                            "bzp_...'");
    if ((g = api_gen()) == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    yajl_gen_map_open(g);
    bz_json_kv_id(g, "id", 'A', v.account.id);
    bz_json_kv_string(g, "email", v.account.email);
    bz_json_kv_bool(g, "email_verified", v.account.email_verified);
    bz_json_kv_string(g, "role", v.account.role);
    bz_json_key(g, "owns");
    if (v.account.owns_researcher_id) {
        char id[24];

        snprintf(id, sizeof(id), "R%lld",
                 (long long)v.account.owns_researcher_id);
        bz_json_string(g, id);
    } else {
        yajl_gen_null(g);
    }
    bz_json_kv_string(g, "authenticated_by", by_token ? "token" : "session");
    yajl_gen_map_close(g);
    rc = api_send(g, resp, err);
    resp->cacheable = 0;
    return rc;
}

enum bz_status bz_api_viewer(struct bz_request *req, struct bz_viewer *v,
                             int *by_token, struct bz_error *err)
{
    enum bz_status rc;

    if ((rc = bz_viewer_of_api(req, v, by_token, err)) != BZ_OK)
        return rc;
    if (!v->signed_in)
        return bz_error_set(err, BZ_UNAUTHORIZED,
                            "log in, or send 'Authorization: Bearer "
                            "bzp_...'");
    return BZ_OK;
}

enum bz_status bz_api_send_personal(yajl_gen g, struct bz_response *resp,
                                    struct bz_error *err)
{
    enum bz_status rc = api_send(g, resp, err);

    resp->cacheable = 0;
    if (rc != BZ_OK)
        return rc;
    return bz_response_add_header(resp, "Cache-Control", "no-store", err);
}

/* /api/v1/me/following: the records the account follows, by id. */
static enum bz_status api_me_following(struct bz_request *req,
                                       struct bz_response *resp,
                                       struct bz_error *err)
{
    struct bz_researcher *list;
    struct bz_viewer v;
    int by_token;
    size_t count;
    int per_page, more;
    int64_t after;
    enum bz_status rc;
    yajl_gen g;

    if ((rc = bz_api_viewer(req, &v, &by_token, err)) != BZ_OK ||
        (rc = api_paging(req, &per_page, &after, err)) != BZ_OK ||
        (rc = req->store->ops->account_following(
             req->store, req->arena, v.account.id, after, per_page, &list,
             &count, &more, err)) != BZ_OK)
        return rc;
    if ((g = api_researchers(list, count, more)) == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    return bz_api_send_personal(g, resp, err);
}

/* /api/v1/me/feed: the works of the records the account follows, newest
 * arrival first; the cursor is the last work's number. */
static enum bz_status api_me_feed(struct bz_request *req,
                                  struct bz_response *resp,
                                  struct bz_error *err)
{
    struct bz_feed_entry *feed;
    struct bz_viewer v;
    int by_token;
    size_t count, i;
    int per_page, more;
    int64_t before;
    enum bz_status rc;
    yajl_gen g;

    if ((rc = bz_api_viewer(req, &v, &by_token, err)) != BZ_OK ||
        (rc = api_paging(req, &per_page, &before, err)) != BZ_OK ||
        (rc = req->store->ops->account_feed(req->store, req->arena,
                                            v.account.id, before, 0,
                                            per_page, &feed, &count, &more,
                                            err)) != BZ_OK)
        return rc;
    if ((g = api_gen()) == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    yajl_gen_map_open(g);
    api_meta(g, count, more, count ? feed[count - 1].work.id : 0);
    bz_json_key(g, "results");
    yajl_gen_array_open(g);
    for (i = 0; i < count; i++) {
        yajl_gen_map_open(g);
        bz_json_kv_string(g, "added_at", feed[i].added_at);
        bz_json_key(g, "work");
        bz_api_write_work(g, &feed[i].work, 0);
        api_authorships(g, &feed[i].work);
        yajl_gen_map_close(g);
    }
    yajl_gen_array_close(g);
    yajl_gen_map_close(g);
    return bz_api_send_personal(g, resp, err);
}

/* Whether path is prefix, a non-empty ID, then suffix; *id is then ID
 * copied into req's arena (NULL when out of memory). */
static int api_split(struct bz_request *req, const char *path,
                     const char *prefix, const char *suffix, const char **id)
{
    size_t p = strlen(prefix), s = strlen(suffix), n = strlen(path);

    if (n <= p + s || strncmp(path, prefix, p) != 0 ||
        strcmp(path + n - s, suffix) != 0)
        return 0;
    *id = bz_arena_strndup(req->arena, path + p, n - p - s);
    return 1;
}

static enum bz_status api_researcher_works(struct bz_request *req,
                                           struct bz_response *resp,
                                           const char *id,
                                           struct bz_error *err)
{
    return api_researcher(req, resp, id, 1, err);
}

static enum bz_status api_follow_on(struct bz_request *req,
                                    struct bz_response *resp, const char *id,
                                    struct bz_error *err)
{
    return bz_api_follow(req, resp, id, 1, err);
}

static enum bz_status api_follow_off(struct bz_request *req,
                                     struct bz_response *resp, const char *id,
                                     struct bz_error *err)
{
    return bz_api_follow(req, resp, id, 0, err);
}

/* The addresses with a suffix after the record's id: the reads (GET and
 * HEAD) and the writes (POST only: api_actions.h). */
static const struct {
    const char *prefix, *suffix;
    int post;
    enum bz_status (*handler)(struct bz_request *req,
                              struct bz_response *resp, const char *id,
                              struct bz_error *err);
} api_suffixed[] = {
    {"/researchers/", "/suggestions", 0, bz_api_suggestions},
    {"/researchers/", "/works", 0, api_researcher_works},
    {"/works/", "/reviews", 0, bz_api_reviews},
    {"/researchers/", "/follow", 1, api_follow_on},
    {"/researchers/", "/unfollow", 1, api_follow_off},
    {"/works/", "/reaction", 1, bz_api_react},
    {"/works/", "/review", 1, bz_api_review},
};

/* The API's GET addresses but those with a suffix after the id. */
static enum bz_status api_plain(struct bz_request *req,
                                struct bz_response *resp, const char *path,
                                struct bz_error *err)
{
    if (strcmp(path, "/researchers") == 0)
        return api_researcher_list(req, resp, err);
    if (strncmp(path, "/researchers/", 13) == 0) {
        if (strchr(path + 13, '/'))
            return bz_error_set(err, BZ_NOT_FOUND, "no such API address");
        return api_researcher(req, resp, path + 13, 0, err);
    }
    if (strncmp(path, "/topics/", 8) == 0)
        return bz_api_topic(req, resp, path + 8, err);
    if (strncmp(path, "/institutions/", 14) == 0)
        return bz_api_institution(req, resp, path + 14, err);
    if (strncmp(path, "/works/", 7) == 0)
        return api_work_one(req, resp, path + 7, err);
    if (strcmp(path, "/me") == 0)
        return api_me(req, resp, err);
    if (strcmp(path, "/coi") == 0)
        return bz_api_coi(req, resp, err);
    if (strcmp(path, "/graph") == 0)
        return bz_api_graph(req, resp, err);
    if (strcmp(path, "/me/following") == 0)
        return api_me_following(req, resp, err);
    if (strcmp(path, "/me/feed") == 0)
        return api_me_feed(req, resp, err);
    return bz_error_set(err, BZ_NOT_FOUND, "no such API address");
}

enum bz_status bz_api_route(struct bz_request *req, struct bz_response *resp,
                            const char *path, struct bz_error *err)
{
    const char *id = NULL;
    int post = req->method == BZ_POST;

    for (size_t i = 0; i < sizeof(api_suffixed) / sizeof(*api_suffixed);
         i++) {
        if (!api_split(req, path, api_suffixed[i].prefix,
                       api_suffixed[i].suffix, &id))
            continue;
        if (post != api_suffixed[i].post)
            return bz_response_add_header(resp, "Allow",
                                          api_suffixed[i].post ? "POST"
                                                               : "GET, HEAD",
                                          err) != BZ_OK
                       ? BZ_NOMEM
                       : bz_error_set(err, BZ_NOT_ALLOWED,
                                      "%s takes %s only",
                                      api_suffixed[i].suffix + 1,
                                      api_suffixed[i].post ? "POST"
                                                           : "GET");
        if (id == NULL)
            return bz_error_set(err, BZ_NOMEM, "out of memory");
        return api_suffixed[i].handler(req, resp, id, err);
    }
    if (post)
        return bz_response_add_header(resp, "Allow", "GET, HEAD", err) !=
                       BZ_OK
                   ? BZ_NOMEM
                   : bz_error_set(err, BZ_NOT_ALLOWED, "method not allowed");
    return api_plain(req, resp, path, err);
}
