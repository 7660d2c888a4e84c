/* api_actions.c - what an account does through the API: follow and
 * unfollow a researcher, like or dislike a work. The same rules as the
 * pages' forms (follow/follow.h, reaction/reaction.h); the account is a
 * token's, or a session's with its CSRF token (bz_viewer_check_api). */
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

/* The "reaction" a POST names: its form field, or the member of a JSON
 * object body ({"reaction": "like"}), copied into arena. NULL with err
 * set when the body names none. */
static const char *actions_reaction_of(struct bz_request *req,
                                       struct bz_error *err)
{
    const char *type = bz_request_header(req, "Content-Type");
    const char *path[] = {"reaction", NULL};
    const char *text = req->body ? req->body : "";
    const char *word;
    char why[128];
    yajl_val doc, member;

    if (type == NULL || strncmp(type, "application/json", 16) != 0) {
        word = bz_request_form(req, "reaction");
        if (word == NULL)
            bz_error_set(err, BZ_INVALID,
                         "say which reaction: like, dislike or none");
        return word;
    }
    /* the body ends in a NUL of the server's; one of its own would hide
     * what follows from the parser */
    if (strlen(text) != req->body_len) {
        bz_error_set(err, BZ_INVALID, "the body holds a NUL byte");
        return NULL;
    }
    why[0] = '\0';
    if ((doc = yajl_tree_parse(text, why, sizeof(why))) == NULL) {
        why[strcspn(why, "\n")] = '\0';
        bz_error_set(err, BZ_INVALID, "the body is not JSON: %s",
                     why[0] ? why : "parse error");
        return NULL;
    }
    member = YAJL_IS_OBJECT(doc) ? yajl_tree_get(doc, path, yajl_t_string)
                                 : NULL;
    word = member ? bz_arena_strdup(req->arena, YAJL_GET_STRING(member))
                  : NULL;
    yajl_tree_free(doc);
    if (member == NULL)
        bz_error_set(err, BZ_INVALID,
                     "the body must be an object with a \"reaction\" "
                     "string: like, dislike or none");
    else if (word == NULL)
        bz_error_set(err, BZ_NOMEM, "out of memory");
    return word;
}

enum bz_status bz_api_react(struct bz_request *req, struct bz_response *resp,
                            const char *id, struct bz_error *err)
{
    struct bz_reaction_ctx ctx = {req->store, (int64_t)time(NULL)};
    struct bz_work_signals signals;
    struct bz_id_ref ref;
    struct bz_viewer v;
    const char *word;
    int64_t number;
    enum bz_status rc;
    yajl_gen g;

    if ((rc = actions_viewer(req, &v, err)) != BZ_OK ||
        (rc = bz_resolve_id(req, id, 'W', &number, &ref, err)) != BZ_OK)
        return rc;
    if ((word = actions_reaction_of(req, err)) == NULL)
        return err->status;
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
