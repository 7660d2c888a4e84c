/* page_follow.c - following a researcher: the profile's button, the
 * follow page and its POSTs (follow.h has the rules).
 *
 * The anonymous profile is cached and the same for everyone, so it only
 * links to /researchers/{id}/follow, which asks a visitor to log in first.
 * A signed-in viewer's profile (never cached) has the form itself; with
 * JavaScript on, static/follow.js sends it with fetch, asking for JSON,
 * and updates the button and the count in place. Without it the POST
 * answers 303 back to the profile.
 */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "api/json.h"
#include "core/ids.h"
#include "follow/follow.h"
#include "http/viewer.h"
#include "pages/forms.h"
#include "pages/html.h"
#include "pages/page_parts.h"
#include "pages/pages.h"

/* --- the button ----------------------------------------------------------- */

void bz_page_follow_button(struct bz_buf *out, const struct bz_viewer *v,
                           int64_t id, long followers, int following)
{
    long long n = (long long)id;

    if (v == NULL || !v->signed_in) {
        bz_buf_printf(out, "<p><a class=\"button\" href=\"/researchers/"
                           "R%lld/follow\">Follow researcher<span "
                           "class=\"count\">%ld</span></a></p>\n",
                      n, followers);
        return;
    }
    if (v->account.owns_researcher_id == id && !following) {
        bz_buf_printf(out, "<p><span class=\"button disabled\">Followers"
                           "<span class=\"count\">%ld</span></span> <span "
                           "class=\"muted\">This is your record: nobody "
                           "follows their own.</span></p>\n",
                      followers);
        return;
    }
    bz_buf_printf(out, "<form class=\"follow\" method=\"post\" action=\""
                       "/researchers/R%lld/%s\" data-follow=\"R%lld\">\n",
                  n, following ? "unfollow" : "follow", n);
    bz_form_hidden(out, "csrf", v->csrf);
    bz_buf_printf(out, "<p><button type=\"submit\" class=\"button\" "
                       "aria-pressed=\"%s\"><span class=\"label\">%s"
                       "</span><span class=\"count\">%ld</span></button> "
                       "<span class=\"muted follow-note\" role=\"status\">"
                       "%s</span></p>\n</form>\n"
                       "<script src=\"/static/follow.js\" defer></script>\n",
                  following ? "true" : "false",
                  following ? "Unfollow researcher" : "Follow researcher",
                  followers,
                  following ? "You follow this researcher: their new works "
                              "are in your <a href=\"/feed\">feed</a>."
                            : "");
}

/* --- the follow page and its POSTs ---------------------------------------- */

/* 1 when the client asked for JSON (static/follow.js does). */
static int follow_wants_json(const struct bz_request *req)
{
    const char *accept = bz_request_header(req, "Accept");

    return accept != NULL && strstr(accept, "application/json") != NULL;
}

/* The record of "/researchers/{id}/follow": id is what precedes it; the
 * survivor of a merge. */
static enum bz_status follow_record(struct bz_request *req, const char *id,
                                    struct bz_researcher *r,
                                    struct bz_error *err)
{
    enum bz_status status = bz_page_record(req, id, r, err);

    if (status == BZ_OK && r->merged_into)
        status = req->store->ops->researcher_get(req->store, req->arena,
                                                 r->merged_into, r, err);
    if (status == BZ_OK && r->hidden_at)
        return bz_error_set(err, BZ_GONE,
                            "this record is hidden at the request of the "
                            "person it describes");
    return status;
}

/* GET: the record, its count and the viewer's button. */
static enum bz_status follow_page(struct bz_request *req,
                                  struct bz_response *resp,
                                  const struct bz_viewer *v,
                                  const struct bz_researcher *r,
                                  struct bz_error *err)
{
    struct bz_buf *out = &resp->body;
    long followers, verified;
    int following;
    char title[256];
    enum bz_status status;

    if ((status = req->store->ops->researcher_followers(
             req->store, r->id, &followers, &verified, err)) != BZ_OK ||
        (status = req->store->ops->follow_get(req->store, v->account.id,
                                              r->id, &following, err)) ||
        (status = bz_form_personal(resp, err)) != BZ_OK)
        return status;
    snprintf(title, sizeof(title), "Follow %s", r->display_name);
    bz_form_page_begin(out, title, v, NULL, NULL);
    bz_html_raw(out, "<p>Following ");
    bz_page_researcher_link(out, r->id, r->slug, r->display_name);
    bz_html_raw(out, " puts their new works in <a href=\"/feed\">your "
                     "feed</a>; <a href=\"/following\">the researchers you "
                     "follow</a> are listed on one page.</p>\n");
    bz_page_follow_button(out, v, r->id, followers, following);
    bz_form_page_end(out);
    return BZ_OK;
}

/* The JSON answer of a POST: {"researcher", "following", "followers"},
 * or the API's error object with its status. */
static enum bz_status follow_json(struct bz_response *resp,
                                  const struct bz_follow_state *s,
                                  enum bz_status status,
                                  const struct bz_error *problem,
                                  struct bz_error *err)
{
    yajl_gen g;

    if (bz_form_personal(resp, err) != BZ_OK)
        return BZ_NOMEM;
    if (status != BZ_OK) {
        bz_api_error(resp, status, problem->message);
        resp->status = bz_http_status(status);
        return BZ_OK;
    }
    if ((g = yajl_gen_alloc(NULL)) == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    yajl_gen_map_open(g);
    bz_json_kv_id(g, "researcher", 'R', s->researcher_id);
    bz_json_kv_bool(g, "following", s->following);
    bz_json_kv_bool(g, "changed", s->changed);
    bz_json_kv_long(g, "followers", s->followers);
    yajl_gen_map_close(g);
    status = bz_json_finish(g, &resp->body, err);
    yajl_gen_free(g);
    resp->content_type = "application/json";
    return status;
}

/* Where a plain POST goes back to: the profile, or /following when the
 * form came from there. */
static enum bz_status follow_back(struct bz_request *req,
                                  struct bz_response *resp,
                                  const struct bz_researcher *r,
                                  struct bz_error *err)
{
    const char *back = bz_request_form(req, "back");
    const char *to;

    if (back != NULL && strcmp(back, "following") == 0)
        to = "/following";
    else
        to = bz_page_researcher_path(req->arena, r->id, r->slug);
    if (to == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    return bz_form_see_other(req, resp, to, err);
}

/* POST: follow (on 1) or unfollow, CSRF-checked. */
static enum bz_status follow_post(struct bz_request *req,
                                  struct bz_response *resp,
                                  const struct bz_viewer *v, const char *id,
                                  int on, struct bz_error *err)
{
    int json = follow_wants_json(req);
    struct bz_follow_state state = {0};
    struct bz_researcher r;
    struct bz_error problem = {0};
    enum bz_status status;

    status = bz_viewer_check_post(req, v, &problem);
    if (status == BZ_OK)
        status = follow_record(req, id, &r, &problem);
    if (status == BZ_OK)
        status = bz_follow_set(req->store, v->account.id, r.id, on, &state,
                               &problem);
    if (json)
        return follow_json(resp, &state, status, &problem, err);
    if (status != BZ_OK)
        return bz_error_set(err, status, "%s", problem.message);
    return follow_back(req, resp, &r, err);
}

enum bz_status bz_page_follow(struct bz_request *req,
                              struct bz_response *resp, const char *id,
                              int on, struct bz_error *err)
{
    struct bz_viewer v;
    struct bz_researcher r;
    char back[64];
    enum bz_status status;

    if ((status = bz_viewer_of(req, &v, err)) != BZ_OK)
        return status;
    if (!v.signed_in) {
        struct bz_error problem = {0};

        if (req->method == BZ_POST && follow_wants_json(req)) {
            bz_error_set(&problem, BZ_UNAUTHORIZED, "log in to follow");
            return follow_json(resp, NULL, BZ_UNAUTHORIZED, &problem, err);
        }
        /* back to the follow page, whatever was asked: a GET there
         * changes nothing, and shows the button */
        if ((status = follow_record(req, id, &r, err)) != BZ_OK)
            return status;
        snprintf(back, sizeof(back), "/researchers/R%lld/follow",
                 (long long)r.id);
        return bz_form_log_in_first(req, resp, back, err);
    }
    if (req->method == BZ_POST)
        return follow_post(req, resp, &v, id, on, err);
    if ((status = follow_record(req, id, &r, err)) != BZ_OK)
        return status;
    return follow_page(req, resp, &v, &r, err);
}
