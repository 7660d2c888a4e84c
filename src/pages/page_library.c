/* page_library.c - an account's library: its named collections of saved
 * works, /library and /library/{n} (page_reactions.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pages/forms.h"
#include "pages/html.h"
#include "pages/page_parts.h"
#include "pages/page_reactions.h"
#include "reaction/reaction.h"

static void library_ctx(const struct bz_request *req,
                        struct bz_reaction_ctx *ctx)
{
    ctx->store = req->store;
    ctx->now = (int64_t)time(NULL);
}

/* An inline form to action with one text field or none, and a button. */
static void library_form(struct bz_buf *out, const char *action,
                         const struct bz_viewer *v, const char *field,
                         const char *value, const char *button)
{
    bz_html_raw(out, "<form class=\"inline\" method=\"post\" action=\"");
    bz_html_text(out, action);
    bz_html_raw(out, "\">\n");
    bz_form_hidden(out, "csrf", v->csrf);
    if (field) {
        bz_html_raw(out, "<input type=\"text\" name=\"");
        bz_html_text(out, field);
        bz_buf_printf(out, "\" maxlength=\"%d\" required",
                      BZ_COLLECTION_NAME_MAX);
        if (value) {
            bz_html_raw(out, " value=\"");
            bz_html_text(out, value);
            bz_html_raw(out, "\"");
        }
        bz_html_raw(out, "> ");
    }
    bz_html_raw(out, "<button type=\"submit\">");
    bz_html_text(out, button);
    bz_html_raw(out, "</button></form>");
}

static enum bz_status library_list(struct bz_request *req,
                                   struct bz_response *resp,
                                   const struct bz_viewer *v,
                                   struct bz_error *err)
{
    struct bz_buf *out = &resp->body;
    struct bz_collection *list;
    size_t count;
    char action[64];
    enum bz_status status;

    if ((status = req->store->ops->collection_list(req->store, req->arena,
                                                   v->account.id, 0, &list,
                                                   &count, err)) != BZ_OK ||
        (status = bz_form_personal(resp, err)) != BZ_OK)
        return status;
    bz_form_page_begin(out, "Your library", v, NULL, NULL);
    bz_buf_printf(out,
                  "<p class=\"eyebrow\">%zu collection%s, seen by you "
                  "alone</p>\n<ul class=\"collections\">\n",
                  count, count == 1 ? "" : "s");
    for (size_t i = 0; i < count; i++) {
        long long id = (long long)list[i].id;

        bz_buf_printf(out, "<li><a href=\"/library/%lld\">", id);
        bz_html_text(out, list[i].name);
        bz_buf_printf(out, "</a> <span class=\"muted\">%ld work%s</span> ",
                      list[i].work_count, list[i].work_count == 1 ? "" : "s");
        snprintf(action, sizeof action, "/library/%lld/rename", id);
        library_form(out, action, v, "name", list[i].name, "Rename");
        bz_html_raw(out, " ");
        snprintf(action, sizeof action, "/library/%lld/delete", id);
        library_form(out, action, v, NULL, NULL, "Delete");
        bz_html_raw(out, "</li>\n");
    }
    if (count == 0)
        bz_html_raw(out, "<li>No collection yet: save a work from its page, "
                         "or make one here.</li>\n");
    bz_html_raw(out, "</ul>\n<h2>New collection</h2>\n<p>");
    library_form(out, "/library", v, "name", NULL, "Make it");
    bz_html_raw(out, "</p>\n");
    bz_form_page_end(out);
    return BZ_OK;
}

static enum bz_status library_one(struct bz_request *req,
                                  struct bz_response *resp,
                                  const struct bz_viewer *v, int64_t id,
                                  struct bz_error *err)
{
    struct bz_buf *out = &resp->body;
    struct bz_collection c;
    struct bz_work_ref *works;
    size_t count;
    char action[64];
    enum bz_status status;

    if ((status = req->store->ops->collection_get(req->store, req->arena,
                                                  v->account.id, id, &c, &works,
                                                  &count, err)) != BZ_OK ||
        (status = bz_form_personal(resp, err)) != BZ_OK)
        return status;
    bz_form_page_begin(out, c.name, v, NULL, NULL);
    bz_buf_printf(out,
                  "<p class=\"eyebrow\">%zu saved work%s · <a "
                  "href=\"/library\">Your library</a></p>\n<ul>\n",
                  count, count == 1 ? "" : "s");
    snprintf(action, sizeof action, "/library/%lld/remove", (long long)id);
    for (size_t i = 0; i < count; i++) {
        char work[24];

        bz_html_raw(out, "<li>");
        bz_page_work_link(out, works[i].id, works[i].slug, works[i].title);
        if (works[i].publication_year)
            bz_buf_printf(out, " <span class=\"muted\">%d</span>",
                          works[i].publication_year);
        bz_html_raw(out, " <form class=\"inline\" method=\"post\" action=\"");
        bz_html_text(out, action);
        bz_html_raw(out, "\">\n");
        bz_form_hidden(out, "csrf", v->csrf);
        snprintf(work, sizeof work, "%lld", (long long)works[i].id);
        bz_form_hidden(out, "work", work);
        bz_html_raw(out, "<button type=\"submit\">Remove</button></form>"
                         "</li>\n");
    }
    if (count == 0)
        bz_html_raw(out, "<li>Nothing saved here yet.</li>\n");
    bz_html_raw(out, "</ul>\n");
    bz_form_page_end(out);
    return BZ_OK;
}

/* A positive decimal id of n bytes at s, or 0. */
static int64_t library_number(const char *s, size_t n)
{
    int64_t id = 0;

    if (n == 0 || n > 18 || *s == '0')
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        id = id * 10 + (s[i] - '0');
    }
    return id;
}

static enum bz_status library_post(struct bz_request *req,
                                   struct bz_response *resp,
                                   const struct bz_viewer *v, int64_t id,
                                   const char *what, struct bz_error *err)
{
    struct bz_reaction_ctx ctx;
    const char *work = bz_request_form(req, "work");
    int64_t made, work_id = work ? library_number(work, strlen(work)) : 0;
    char back[48];
    enum bz_status status;

    library_ctx(req, &ctx);
    snprintf(back, sizeof back, "/library");
    if (id == 0)
        status = bz_library_create(&ctx, &v->account,
                                   bz_request_form(req, "name"), &made, err);
    else if (strcmp(what, "rename") == 0)
        status = bz_library_rename(&ctx, &v->account, id,
                                   bz_request_form(req, "name"), err);
    else if (strcmp(what, "delete") == 0)
        status = bz_library_delete(&ctx, &v->account, id, err);
    else if (work_id == 0)
        return bz_error_set(err, BZ_INVALID, "which work?");
    else {
        status = bz_library_save(&ctx, &v->account, id, work_id, 0, err);
        snprintf(back, sizeof back, "/library/%lld", (long long)id);
    }
    if (status != BZ_OK)
        return status;
    return bz_form_see_other(req, resp, back, err);
}

/* A 405 naming what the address takes. */
static enum bz_status library_allow(struct bz_response *resp, const char *allow,
                                    struct bz_error *err)
{
    if (bz_response_add_header(resp, "Allow", allow, err) != BZ_OK)
        return BZ_NOMEM;
    return bz_error_set(err, BZ_NOT_ALLOWED, "method not allowed");
}

enum bz_status bz_page_library(struct bz_request *req, struct bz_response *resp,
                               const char *rest, struct bz_error *err)
{
    const char *number = *rest == '/' ? rest + 1 : rest;
    const char *slash = strchr(number, '/');
    size_t n = slash ? (size_t)(slash - number) : strlen(number);
    int64_t id = library_number(number, n);
    const char *what = slash ? slash + 1 : "";
    struct bz_viewer v;
    enum bz_status status;

    if ((*rest != '\0' && id == 0) ||
        (slash && strcmp(what, "rename") && strcmp(what, "delete") &&
         strcmp(what, "remove")))
        return bz_error_set(err, BZ_NOT_FOUND, "no page at this address");
    if (req->method != BZ_POST) {
        if (slash)
            return library_allow(resp, "POST", err);
        if ((status = bz_form_signed_in(req, resp, &v, req->path, err)) !=
            BZ_OK)
            return status;
        return id ? library_one(req, resp, &v, id, err)
                  : library_list(req, resp, &v, err);
    }
    if (id != 0 && !slash)
        return library_allow(resp, "GET, HEAD", err);
    if ((status = bz_form_poster(req, &v, err)) != BZ_OK)
        return status;
    return library_post(req, resp, &v, id, what, err);
}
