/* api_actions.c - what an account does through the API: follow and
 * unfollow a researcher, like or dislike a work, review it; and a work's
 * reviews to read. The same rules as the pages' forms (follow/follow.h,
 * reaction/reaction.h); the account is a token's, or a session's with its
 * CSRF token (bz_viewer_check_api). */
#include "api/api_actions.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <yajl/yajl_tree.h>

#include "api/api.h"
#include "api/json.h"
#include "core/ids.h"
#include "follow/follow.h"
#include "http/viewer.h"
#include "reaction/reaction.h"

/* The account an API POST acts as, checked: BZ_UNAUTHORIZED for nobody,
 * BZ_FORBIDDEN for a session without its CSRF token. */
static enum bz_status actions_viewer(struct bz_request *req,
                                     struct bz_viewer *v, struct bz_error *err)
{
    enum bz_status rc;
    int by_token;

    if ((rc = bz_api_viewer(req, v, &by_token, err)) != BZ_OK)
        return rc;
    return bz_viewer_check_api(req, v, by_token, err);
}

enum bz_status bz_api_follow(struct bz_request *req, struct bz_response *resp,
                             const char *id, int on, struct bz_error *err)
{
    struct bz_follow_state state = {0};
    struct bz_id_ref ref;
    struct bz_viewer v;
    int64_t number;
    enum bz_status rc;
    yajl_gen g;

    if ((rc = actions_viewer(req, &v, err)) != BZ_OK ||
        (rc = bz_resolve_id(req, id, 'R', &number, &ref, err)) != BZ_OK ||
        (rc = bz_follow_set(req->store, v.account.id, number, on, &state,
                            err)) != BZ_OK)
        return rc;
    if ((g = bz_api_gen()) == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    yajl_gen_map_open(g);
    bz_json_kv_id(g, "researcher", 'R', state.researcher_id);
    bz_json_kv_bool(g, "following", state.following);
    bz_json_kv_bool(g, "changed", state.changed);
    bz_json_kv_long(g, "followers", state.followers);
    yajl_gen_map_close(g);
    return bz_api_send_personal(g, resp, err);
}

/* A POST's fields: a JSON object's members, or a form's. */
struct actions_body {
    yajl_val doc; /* the JSON object, or NULL for a form */
};

/* Reads req's body: a JSON object when it says application/json (400
 * for anything else, a NUL in it included), else the form the router
 * parsed. actions_body_free frees it. */
static enum bz_status actions_body_read(struct bz_request *req,
                                        struct actions_body *body,
                                        struct bz_error *err)
{
    const char *type = bz_request_header(req, "Content-Type");
    const char *text = req->body ? req->body : "";
    char why[128];

    body->doc = NULL;
    if (type == NULL || strncmp(type, "application/json", 16) != 0)
        return BZ_OK;
    /* the body ends in a NUL of the server's; one of its own would hide
     * what follows from the parser */
    if (strlen(text) != req->body_len)
        return bz_error_set(err, BZ_INVALID, "the body holds a NUL byte");
    why[0] = '\0';
    if ((body->doc = yajl_tree_parse(text, why, sizeof(why))) == NULL) {
        why[strcspn(why, "\n")] = '\0';
        return bz_error_set(err, BZ_INVALID, "the body is not JSON: %s",
                            why[0] ? why : "parse error");
    }
    if (!YAJL_IS_OBJECT(body->doc)) {
        yajl_tree_free(body->doc);
        body->doc = NULL;
        return bz_error_set(err, BZ_INVALID,
                            "the body must be a JSON object");
    }
    return BZ_OK;
}

static void actions_body_free(struct actions_body *body)
{
    yajl_tree_free(body->doc);
}

/* The field name as text (in req's arena): a JSON string member (with
 * number, an integer one too, as digits), or a form field; NULL when
 * absent or of another type. */
static const char *actions_field(struct bz_request *req,
                                 const struct actions_body *body,
                                 const char *name, int number)
{
    const char *path[] = {name, NULL};
    yajl_val v;

    if (body->doc == NULL)
        return bz_request_form(req, name);
    if ((v = yajl_tree_get(body->doc, path, yajl_t_any)) == NULL)
        return NULL;
    if (YAJL_IS_STRING(v))
        return bz_arena_strdup(req->arena, YAJL_GET_STRING(v));
    if (number && YAJL_IS_INTEGER(v))
        return bz_arena_printf(req->arena, "%lld",
                               (long long)YAJL_GET_INTEGER(v));
    return NULL;
}

enum bz_status bz_api_react(struct bz_request *req, struct bz_response *resp,
                            const char *id, struct bz_error *err)
{
    struct bz_reaction_ctx ctx = {req->store, (int64_t)time(NULL)};
    struct bz_work_signals signals;
    struct actions_body body;
    struct bz_id_ref ref;
    struct bz_viewer v;
    const char *word;
    int64_t number;
    enum bz_status rc;
    yajl_gen g;

    if ((rc = actions_viewer(req, &v, err)) != BZ_OK ||
        (rc = bz_resolve_id(req, id, 'W', &number, &ref, err)) != BZ_OK ||
        (rc = actions_body_read(req, &body, err)) != BZ_OK)
        return rc;
    word = actions_field(req, &body, "reaction", 0);
    actions_body_free(&body);
    if (word == NULL)
        return bz_error_set(err, BZ_INVALID,
                            "say which reaction, as a \"reaction\" string: "
                            "like, dislike or none");
    if ((rc = bz_reaction_set(&ctx, &v.account, number, word, err)) !=
            BZ_OK ||
        (rc = req->store->ops->work_signals(req->store, req->arena, number,
                                            v.account.id, &signals, err)) !=
            BZ_OK)
        return rc;
    if ((g = bz_api_gen()) == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    yajl_gen_map_open(g);
    bz_json_kv_id(g, "work", 'W', number);
    bz_json_kv_string(g, "reaction", signals.reaction);
    bz_json_kv_long(g, "likes", signals.likes);
    bz_json_kv_long(g, "dislikes", signals.dislikes);
    yajl_gen_map_close(g);
    return bz_api_send_personal(g, resp, err);
}

/* "2026-12-03T22:35:09Z" for Unix seconds at, in buf. */
static const char *actions_time(int64_t at, char *buf, size_t size)
{
    time_t t = (time_t)at;
    struct tm tm;

    if (gmtime_r(&t, &tm) == NULL ||
        strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        return NULL;
    return buf;
}

/* One review as the API shows it: by the record its author owns (null:
 * none, or a deleted account), never by the account. */
static void actions_write_review(yajl_gen g, const struct bz_review *r)
{
    char when[32];

    yajl_gen_map_open(g);
    bz_json_kv_long(g, "id", r->id);
    bz_json_kv_id(g, "work", 'W', r->work_id);
    if (r->author_researcher_id)
        bz_json_kv_id(g, "by", 'R', r->author_researcher_id);
    else
        bz_json_kv_string(g, "by", NULL);
    bz_json_kv_string(g, "by_name", r->author_name);
    bz_json_kv_string(g, "summary", r->summary);
    bz_json_kv_long(g, "soundness", r->soundness);
    bz_json_kv_long(g, "significance", r->significance);
    bz_json_kv_string(g, "comments",
                      r->comments && *r->comments ? r->comments : NULL);
    bz_json_kv_string(g, "created_at",
                      actions_time(r->created_at, when, sizeof(when)));
    bz_json_kv_string(g, "updated_at",
                      actions_time(r->updated_at, when, sizeof(when)));
    yajl_gen_map_close(g);
}

enum bz_status bz_api_reviews(struct bz_request *req, struct bz_response *resp,
                              const char *id, struct bz_error *err)
{
    struct bz_review *list;
    struct bz_id_ref ref;
    int64_t number;
    size_t count;
    enum bz_status rc;
    yajl_gen g;

    if ((rc = bz_resolve_id(req, id, 'W', &number, &ref, err)) != BZ_OK ||
        (rc = req->store->ops->review_list(req->store, req->arena, number,
                                           &list, &count, err)) != BZ_OK)
        return rc;
    if (count == 0 && (rc = req->store->ops->work_get(
                           req->store, req->arena, number,
                           &(struct bz_work){0}, err)) != BZ_OK)
        return rc; /* no reviews, or no such work */
    if ((g = bz_api_gen()) == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    yajl_gen_map_open(g);
    bz_api_meta(g, count, 0, 0);
    bz_json_key(g, "results");
    yajl_gen_array_open(g);
    for (size_t i = 0; i < count; i++)
        actions_write_review(g, &list[i]);
    yajl_gen_array_close(g);
    yajl_gen_map_close(g);
    return bz_api_send(g, resp, err);
}

/* The shown review of work_id that account_id wrote, or 0. */
static enum bz_status actions_own_review(struct bz_request *req,
                                         int64_t work_id, int64_t account_id,
                                         int64_t *id, struct bz_error *err)
{
    struct bz_review *list;
    size_t count;
    enum bz_status rc;

    *id = 0;
    if ((rc = req->store->ops->review_list(req->store, req->arena, work_id,
                                           &list, &count, err)) != BZ_OK)
        return rc;
    for (size_t i = 0; i < count; i++)
        if (list[i].account_id == account_id)
            *id = list[i].id;
    return BZ_OK;
}

enum bz_status bz_api_review(struct bz_request *req, struct bz_response *resp,
                             const char *id, struct bz_error *err)
{
    struct bz_reaction_ctx ctx = {req->store, (int64_t)time(NULL)};
    struct bz_review review = {0}, stored;
    struct actions_body body;
    struct bz_id_ref ref;
    struct bz_viewer v;
    int64_t number, own;
    enum bz_status rc;
    yajl_gen g;

    if ((rc = actions_viewer(req, &v, err)) != BZ_OK ||
        (rc = bz_resolve_id(req, id, 'W', &number, &ref, err)) != BZ_OK ||
        (rc = actions_own_review(req, number, v.account.id, &own, err)) !=
            BZ_OK ||
        (rc = actions_body_read(req, &body, err)) != BZ_OK)
        return rc;
    review.id = own;
    review.work_id = number;
    review.summary = actions_field(req, &body, "summary", 0);
    review.comments = actions_field(req, &body, "comments", 0);
    rc = bz_review_rating(actions_field(req, &body, "soundness", 1),
                          "soundness", &review.soundness, err);
    if (rc == BZ_OK)
        rc = bz_review_rating(actions_field(req, &body, "significance", 1),
                              "significance", &review.significance, err);
    actions_body_free(&body);
    if (rc != BZ_OK)
        return rc;
    if (review.comments == NULL)
        review.comments = "";
    rc = own ? bz_review_edit(&ctx, &v.account, &review, err)
             : bz_review_create(&ctx, &v.account, &review, &review.id, err);
    if (rc != BZ_OK ||
        (rc = req->store->ops->review_get(req->store, req->arena, review.id,
                                          &stored, err)) != BZ_OK)
        return rc;
    if ((g = bz_api_gen()) == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    actions_write_review(g, &stored);
    rc = bz_api_send_personal(g, resp, err);
    if (rc == BZ_OK && !own)
        resp->status = 201;
    return rc;
}
