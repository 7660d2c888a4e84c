/* page_reactions.c - the work page's reactions, library, reviews and links
 * sections, their POSTs, the review report page and the moderators'
 * section of review reports (page_reactions.h). */
#include "pages/page_reactions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/ids.h"
#include "owner/owner.h"
#include "pages/forms.h"
#include "pages/html.h"
#include "pages/page_parts.h"
#include "pages/pages.h"
#include "reaction/reaction.h"

#define REPORTS_MODERATE_MAX 200 /* open reports listed on /moderate */

static void reactions_ctx(const struct bz_request *req,
                          struct bz_reaction_ctx *ctx)
{
    ctx->store = req->store;
    ctx->now = (int64_t)time(NULL);
}

/* A positive decimal id, or 0. */
static int64_t reactions_number(const char *text)
{
    char *end;
    long long n;

    if (text == NULL || *text < '1' || *text > '9')
        return 0;
    n = strtoll(text, &end, 10);
    return *end == '\0' && n > 0 ? (int64_t)n : 0;
}

static const char *plural(long n)
{
    return n == 1 ? "" : "s";
}

enum bz_status bz_reactions_load(struct bz_request *req,
                                 const struct bz_work *w,
                                 const struct bz_viewer *v,
                                 struct bz_work_reactions *r,
                                 struct bz_error *err)
{
    struct bz_store *st = req->store;
    int64_t account = v->signed_in ? v->account.id : 0;
    enum bz_status status;

    memset(r, 0, sizeof(*r));
    r->work = w;
    r->viewer = v;
    if ((r->path = bz_page_work_path(req->arena, w->id, w->slug)) == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    r->code_count = bz_links_find(req->arena, w->abstract, BZ_LINK_CODE,
                                  r->code, BZ_LINKS_MAX);
    r->data_count = bz_links_find(req->arena, w->abstract, BZ_LINK_DATASET,
                                  r->data, BZ_LINKS_MAX);
    if ((status = st->ops->work_signals(st, req->arena, w->id, account,
                                        &r->signals, err)) != BZ_OK ||
        (status = st->ops->work_link_list(st, req->arena, w->id, &r->links,
                                          &r->link_count, err)) != BZ_OK ||
        (status = st->ops->review_list(st, req->arena, w->id, &r->reviews,
                                       &r->review_count, err)) != BZ_OK)
        return status;
    if (!v->signed_in)
        return BZ_OK;
    return st->ops->collection_list(st, req->arena, account, w->id,
                                    &r->collections, &r->collection_count, err);
}

static long reactions_code(const struct bz_work_reactions *r)
{
    return (long)r->code_count + r->signals.code_links;
}

static long reactions_data(const struct bz_work_reactions *r)
{
    return (long)r->data_count + r->signals.dataset_links;
}

void bz_reactions_counts(struct bz_buf *out, const struct bz_work_reactions *r)
{
    const struct bz_work_signals *g = &r->signals;

    bz_buf_printf(out, "<li><strong>%ld</strong> review%s</li>\n", g->reviews,
                  plural(g->reviews));
    bz_buf_printf(out, "<li><strong>%ld</strong> save%s</li>\n", g->saves,
                  plural(g->saves));
    bz_buf_printf(out, "<li><strong>%ld</strong> code link%s</li>\n",
                  reactions_code(r), plural(reactions_code(r)));
    bz_buf_printf(out, "<li><strong>%ld</strong> dataset link%s</li>\n",
                  reactions_data(r), plural(reactions_data(r)));
}

/* <form class="inline" method="post" action="PATH/WHAT"> with the token;
 * what NULL for path itself. */
static void reactions_form(struct bz_buf *out, const char *path,
                           const char *what, const struct bz_viewer *v,
                           int inline_form)
{
    bz_html_raw(out, inline_form ? "<form class=\"inline\" method=\"post\" "
                                   "action=\""
                                 : "<form method=\"post\" action=\"");
    bz_html_text(out, path);
    if (what) {
        bz_html_raw(out, "/");
        bz_html_text(out, what);
    }
    bz_html_raw(out, "\">\n");
    bz_form_hidden(out, "csrf", v->csrf);
}

/* --- next steps: like or dislike, save --------------------------------- */

/* The button that sets the reaction kind, or takes it back when it is the
 * viewer's (mine), with its count. */
static void reactions_button(struct bz_buf *out, const char *kind,
                             const char *label, const char *pressed,
                             const char *mine, long count)
{
    int on = strcmp(mine, kind) == 0;

    bz_buf_printf(out,
                  "<button type=\"submit\" name=\"reaction\" value=\"%s\" "
                  "aria-pressed=\"%s\">%s<span class=\"count\">%ld</span>"
                  "</button>",
                  on ? "none" : kind, on ? "true" : "false",
                  on ? pressed : label, count);
}

static void reactions_buttons(struct bz_buf *out,
                              const struct bz_work_reactions *r)
{
    const struct bz_work_signals *g = &r->signals;
    const char *mine = g->reaction ? g->reaction : "";
    char base[40];

    snprintf(base, sizeof base, "/works/W%lld", (long long)r->work->id);
    if (!r->viewer->signed_in) {
        /* links, the same for everyone: the page asks to log in first */
        bz_buf_printf(out,
                      "<p><a class=\"button\" rel=\"nofollow\" "
                      "href=\"%s/react\">Like<span class=\"count\">"
                      "%ld</span></a> <a class=\"button\" "
                      "rel=\"nofollow\" href=\"%s/react\">Dislike"
                      "<span class=\"count\">%ld</span></a></p>\n",
                      base, g->likes, base, g->dislikes);
        return;
    }
    bz_html_raw(out, "<p>");
    reactions_form(out, base, "react", r->viewer, 1);
    reactions_button(out, "like", "Like", "Liked", mine, g->likes);
    bz_html_raw(out, " ");
    reactions_button(out, "dislike", "Dislike", "Disliked", mine, g->dislikes);
    bz_html_raw(out, "</form>");
    if (*mine)
        bz_buf_printf(out,
                      " <span class=\"muted\">You %s this work; "
                      "press again to take it back.</span>",
                      strcmp(mine, "like") ? "dislike" : "like");
    bz_html_raw(out, "</p>\n");
}

static void reactions_collections(struct bz_buf *out,
                                  const struct bz_work_reactions *r)
{
    char base[40], id[24];

    snprintf(base, sizeof base, "/works/W%lld", (long long)r->work->id);
    if (!r->viewer->signed_in) {
        bz_buf_printf(out,
                      "<p><a class=\"button\" rel=\"nofollow\" "
                      "href=\"%s/save\">Log in to curate</a></p>\n",
                      base);
        return;
    }
    bz_html_raw(out, "<ul class=\"collections\">\n");
    for (size_t i = 0; i < r->collection_count; i++) {
        const struct bz_collection *c = &r->collections[i];

        snprintf(id, sizeof id, "%lld", (long long)c->id);
        bz_buf_printf(out, "<li><a href=\"/library/%s\">", id);
        bz_html_text(out, c->name);
        bz_html_raw(out, "</a> ");
        if (c->holds_work)
            bz_html_raw(out, "<span class=\"muted\">(saved)</span> ");
        reactions_form(out, base, "save", r->viewer, 1);
        bz_form_hidden(out, "collection", id);
        bz_form_hidden(out, "in", c->holds_work ? "0" : "1");
        bz_html_raw(out, c->holds_work ? "<button type=\"submit\">Remove "
                                         "from it</button>"
                                       : "<button type=\"submit\">Save here"
                                         "</button>");
        bz_html_raw(out, "</form></li>\n");
    }
    if (r->collection_count == 0)
        bz_html_raw(out, "<li>You have no collection yet.</li>\n");
    bz_html_raw(out, "</ul>\n");
    reactions_form(out, base, "save", r->viewer, 0);
    bz_buf_printf(out,
                  "<p><label>New collection<br><input type=\"text\" "
                  "name=\"new_collection\" maxlength=\"%d\" required>"
                  "</label> <button type=\"submit\">Save to a new "
                  "collection</button></p>\n</form>\n"
                  "<p><a href=\"/library\">Your library</a></p>\n",
                  BZ_COLLECTION_NAME_MAX);
}

void bz_reactions_next_steps(struct bz_buf *out,
                             const struct bz_work_reactions *r)
{
    bz_html_raw(out, "<section class=\"card actions\" id=\"next-steps\">\n"
                     "<h2>Next steps</h2>\n<p class=\"eyebrow\">The fast "
                     "social read</p>\n");
    reactions_buttons(out, r);
    bz_html_raw(out, "<h3>Save to a collection</h3>\n");
    bz_buf_printf(out,
                  "<p class=\"muted\">Saved by %ld account%s. "
                  "Collections are private.</p>\n",
                  r->signals.saves, plural(r->signals.saves));
    reactions_collections(out, r);
    bz_html_raw(out, "</section>\n");
}

/* --- code and data ------------------------------------------------------- */

static void reactions_link(struct bz_buf *out, const char *kind,
                           const char *url)
{
    bz_html_raw(out, "<li>");
    bz_html_text(out, kind);
    /* every link is http(s) (links.h, reaction.h): none is left out */
    bz_html_raw(out, ": <a rel=\"nofollow noopener\" href=\"");
    bz_html_url(out, url);
    bz_html_raw(out, "\">");
    bz_html_text(out, url);
    bz_html_raw(out, "</a>");
}

void bz_reactions_links(struct bz_buf *out, const struct bz_work_reactions *r)
{
    const struct bz_viewer *v = r->viewer;
    int64_t author =
        v->signed_in ? bz_work_link_author(&v->account, r->work) : 0;
    char base[40], id[24];
    size_t i;

    snprintf(base, sizeof base, "/works/W%lld", (long long)r->work->id);
    bz_html_raw(out, "<section class=\"card\" id=\"links\">\n<h2>Code and "
                     "data</h2>\n<ul class=\"counts\">\n");
    bz_buf_printf(out,
                  "<li><strong>%ld</strong> code link%s</li>\n"
                  "<li><strong>%ld</strong> dataset link%s</li>\n</ul>\n"
                  "<ul>\n",
                  reactions_code(r), plural(reactions_code(r)),
                  reactions_data(r), plural(reactions_data(r)));
    for (i = 0; i < r->code_count; i++) {
        reactions_link(out, "code", r->code[i]);
        bz_html_raw(out, " <span class=\"muted\">found in the abstract"
                         "</span></li>\n");
    }
    for (i = 0; i < r->data_count; i++) {
        reactions_link(out, "dataset", r->data[i]);
        bz_html_raw(out, " <span class=\"muted\">found in the abstract"
                         "</span></li>\n");
    }
    for (i = 0; i < r->link_count; i++) {
        const struct bz_work_link *l = &r->links[i];

        reactions_link(out, l->kind, l->url);
        bz_html_raw(out, " <span class=\"muted\">added by the owner of ");
        bz_page_researcher_link(out, l->researcher_id, NULL,
                                l->researcher_name);
        bz_html_raw(out, "'s record</span>");
        if (author) {
            snprintf(id, sizeof id, "%lld", (long long)l->id);
            bz_html_raw(out, " ");
            reactions_form(out, base, "links/remove", v, 1);
            bz_form_hidden(out, "link", id);
            bz_html_raw(out, "<button type=\"submit\">Remove</button>"
                             "</form>");
        }
        bz_html_raw(out, "</li>\n");
    }
    if (r->code_count + r->data_count + r->link_count == 0)
        bz_html_raw(out, "<li>No code or dataset link known.</li>\n");
    bz_html_raw(out, "</ul>\n");
    if (author) {
        reactions_form(out, base, "links", v, 0);
        bz_buf_printf(out,
                      "<p><label>Kind<br><select name=\"kind\">"
                      "<option value=\"code\">code</option>"
                      "<option value=\"dataset\">dataset</option>"
                      "</select></label></p>\n<p><label>Address "
                      "(https://...)<br><input type=\"url\" "
                      "name=\"url\" maxlength=\"%d\" required>"
                      "</label></p>\n",
                      BZ_WORK_LINK_URL_MAX);
        bz_form_submit(out, "Add the link");
    } else {
        bz_html_raw(out, "<p class=\"muted\">The owner of the record of one "
                         "of the authors may add code and dataset "
                         "links.</p>\n");
    }
    bz_html_raw(out, "</section>\n");
}

/* --- reviews ------------------------------------------------------------- */

static void review_rating_field(struct bz_buf *out, const char *label,
                                const char *name, int value)
{
    bz_html_raw(out, "<p><label>");
    bz_html_text(out, label);
    bz_buf_printf(out,
                  " (%d to %d)<br><select name=\"%s\" required>"
                  "<option value=\"\">Choose</option>",
                  BZ_REVIEW_RATING_MIN, BZ_REVIEW_RATING_MAX, name);
    for (int i = BZ_REVIEW_RATING_MIN; i <= BZ_REVIEW_RATING_MAX; i++)
        bz_buf_printf(out, "<option value=\"%d\"%s>%d</option>", i,
                      i == value ? " selected" : "", i);
    bz_html_raw(out, "</select></label></p>\n");
}

static void review_text_field(struct bz_buf *out, const char *label,
                              const char *name, const char *value, size_t max,
                              int required)
{
    bz_html_raw(out, "<p><label>");
    bz_html_text(out, label);
    bz_buf_printf(out,
                  "<br><textarea name=\"%s\" rows=\"%d\" "
                  "maxlength=\"%zu\"%s>",
                  name, required ? 3 : 6, max, required ? " required" : "");
    if (value)
        bz_html_text(out, value);
    bz_html_raw(out, "</textarea></label></p>\n");
}

/* The template's fields, with v's values (NULL: empty). */
static void review_fields(struct bz_buf *out, const struct bz_review *v)
{
    review_text_field(out, "Summary", "summary", v ? v->summary : NULL,
                      BZ_REVIEW_SUMMARY_MAX, 1);
    review_rating_field(out, "Soundness", "soundness", v ? v->soundness : 0);
    review_rating_field(out, "Significance", "significance",
                        v ? v->significance : 0);
    review_text_field(out, "Comments (optional)", "comments",
                      v ? v->comments : NULL, BZ_REVIEW_COMMENTS_MAX, 0);
}

static void review_author(struct bz_buf *out, const struct bz_review *v)
{
    bz_html_raw(out, "<p class=\"muted\">By ");
    if (v->account_id == 0)
        bz_html_raw(out, "a deleted account");
    else if (v->author_researcher_id && v->author_name)
        bz_page_researcher_link(out, v->author_researcher_id, NULL,
                                v->author_name);
    else
        bz_html_raw(out, "a bzpeer member");
    if (v->updated_at != v->created_at)
        bz_html_raw(out, " · edited");
    bz_html_raw(out, "</p>\n");
}

static void review_item(struct bz_buf *out, const struct bz_work_reactions *r,
                        const struct bz_review *v)
{
    const struct bz_viewer *viewer = r->viewer;
    int mine = viewer->signed_in && v->account_id == viewer->account.id;
    char action[48];

    bz_buf_printf(out,
                  "<article class=\"review\" id=\"review-%lld\">\n"
                  "<p class=\"badges\"><span class=\"badge\">Soundness "
                  "%d/%d</span> <span class=\"badge\">Significance "
                  "%d/%d</span></p>\n<p>",
                  (long long)v->id, v->soundness, BZ_REVIEW_RATING_MAX,
                  v->significance, BZ_REVIEW_RATING_MAX);
    bz_html_text(out, v->summary);
    bz_html_raw(out, "</p>\n");
    if (v->comments) {
        bz_html_raw(out, "<blockquote>");
        bz_html_text(out, v->comments);
        bz_html_raw(out, "</blockquote>\n");
    }
    review_author(out, v);
    if (mine) {
        snprintf(action, sizeof action, "/reviews/%lld/edit", (long long)v->id);
        bz_html_raw(out, "<details>\n<summary>Edit your review</summary>\n");
        bz_form_begin(out, action, viewer);
        review_fields(out, v);
        bz_form_submit(out, "Save the review");
        bz_html_raw(out, "</details>\n");
    } else {
        bz_buf_printf(out,
                      "<p><a rel=\"nofollow\" href=\"/reviews/%lld/"
                      "report\">Report to the moderators</a></p>\n",
                      (long long)v->id);
    }
    bz_html_raw(out, "</article>\n");
}

void bz_reactions_reviews(struct bz_buf *out, const struct bz_work_reactions *r)
{
    const struct bz_viewer *v = r->viewer;
    int reviewed = 0;
    char action[48];

    bz_html_raw(out, "<section class=\"card reviews\" id=\"reviews\">\n"
                     "<h2>Reviews</h2>\n<p class=\"eyebrow\">");
    bz_buf_printf(out, "%zu review(s)", r->review_count);
    bz_buf_printf(out,
                  "</p>\n<p class=\"muted\">A review follows a "
                  "template: a summary, soundness and significance "
                  "from %d to %d, and comments.</p>\n",
                  BZ_REVIEW_RATING_MIN, BZ_REVIEW_RATING_MAX);
    for (size_t i = 0; i < r->review_count; i++) {
        review_item(out, r, &r->reviews[i]);
        reviewed |= v->signed_in && r->reviews[i].account_id == v->account.id;
    }
    snprintf(action, sizeof action, "/works/W%lld/reviews",
             (long long)r->work->id);
    if (!v->signed_in) {
        bz_buf_printf(out,
                      "<p><a class=\"button\" rel=\"nofollow\" "
                      "href=\"%s\">Log in to review</a></p>\n",
                      action);
    } else if (!reviewed) {
        bz_html_raw(out, "<h3>Write a review</h3>\n");
        bz_form_begin(out, action, v);
        review_fields(out, NULL);
        bz_form_submit(out, "Publish the review");
    }
    bz_html_raw(out, "</section>\n");
}

/* --- the POSTs of the work page ------------------------------------------ */

/* Reads the template's fields of the form into v. */
static enum bz_status review_from_form(struct bz_request *req,
                                       struct bz_review *v,
                                       struct bz_error *err)
{
    enum bz_status status;

    v->summary = bz_request_form(req, "summary");
    v->comments = bz_request_form(req, "comments");
    if ((status = bz_review_rating(bz_request_form(req, "soundness"),
                                   "soundness", &v->soundness, err)) != BZ_OK)
        return status;
    return bz_review_rating(bz_request_form(req, "significance"),
                            "significance", &v->significance, err);
}

/* "PATH#anchor" in the arena, for a 303 back. */
static enum bz_status reactions_back(struct bz_request *req,
                                     struct bz_response *resp, const char *path,
                                     const char *anchor, struct bz_error *err)
{
    char *to = bz_arena_printf(req->arena, "%s#%s", path, anchor);

    if (to == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    return bz_form_see_other(req, resp, to, err);
}

static enum bz_status reactions_save(const struct bz_reaction_ctx *ctx,
                                     struct bz_request *req,
                                     const struct bz_viewer *v, int64_t work_id,
                                     struct bz_error *err)
{
    const char *name = bz_request_form(req, "new_collection");
    const char *in = bz_request_form(req, "in");
    int64_t id;
    enum bz_status status;

    if (name != NULL) {
        if ((status = bz_library_create(ctx, &v->account, name, &id, err)) !=
            BZ_OK)
            return status;
        return bz_library_save(ctx, &v->account, id, work_id, 1, err);
    }
    if ((id = reactions_number(bz_request_form(req, "collection"))) == 0)
        return bz_error_set(err, BZ_INVALID, "which collection?");
    if (in == NULL || (strcmp(in, "1") && strcmp(in, "0")))
        return bz_error_set(err, BZ_INVALID,
                            "'in' is 1 (save) or 0 (take out)");
    return bz_library_save(ctx, &v->account, id, work_id, in[0] == '1', err);
}

/* The POST of action for work w by signed-in viewer v; the anchor of the
 * section to go back to in *anchor. */
static enum bz_status reactions_post(struct bz_request *req,
                                     const struct bz_viewer *v,
                                     const struct bz_work *w,
                                     const char *action, const char **anchor,
                                     struct bz_error *err)
{
    struct bz_reaction_ctx ctx;
    struct bz_review review = {0};
    int64_t id;
    enum bz_status status;

    reactions_ctx(req, &ctx);
    *anchor = "next-steps";
    if (strcmp(action, "react") == 0)
        return bz_reaction_set(&ctx, &v->account, w->id,
                               bz_request_form(req, "reaction"), err);
    if (strcmp(action, "save") == 0)
        return reactions_save(&ctx, req, v, w->id, err);
    *anchor = "links";
    if (strcmp(action, "links") == 0)
        return bz_work_link_add(&ctx, &v->account, w,
                                bz_request_form(req, "kind"),
                                bz_request_form(req, "url"), &id, err);
    if (strcmp(action, "links/remove") == 0) {
        if ((id = reactions_number(bz_request_form(req, "link"))) == 0)
            return bz_error_set(err, BZ_INVALID, "which link?");
        return bz_work_link_remove(&ctx, &v->account, w, id, err);
    }
    *anchor = "reviews";
    if ((status = review_from_form(req, &review, err)) != BZ_OK)
        return status;
    review.work_id = w->id;
    return bz_review_create(&ctx, &v->account, &review, &id, err);
}

enum bz_status bz_page_work_action(struct bz_request *req,
                                   struct bz_response *resp, const char *id,
                                   const char *action, struct bz_error *err)
{
    struct bz_work w;
    struct bz_id_ref ref;
    struct bz_viewer v;
    int64_t number;
    const char *path, *anchor;
    enum bz_status status;

    if ((status = bz_resolve_id(req, id, 'W', &number, &ref, err)) != BZ_OK ||
        (status = req->store->ops->work_get(req->store, req->arena, number, &w,
                                            err)) != BZ_OK)
        return status;
    if ((path = bz_page_work_path(req->arena, w.id, w.slug)) == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    if (req->method != BZ_POST) {
        /* the anonymous page's links: log in, then back to the work (by
         * its short address: a slug may be longer than a log-in's next) */
        char back[40];

        snprintf(back, sizeof back, "/works/W%lld", (long long)w.id);
        if ((status = bz_form_signed_in(req, resp, &v, back, err)) != BZ_OK)
            return status;
        return bz_form_see_other(req, resp, path, err);
    }
    if ((status = bz_form_poster(req, &v, err)) != BZ_OK ||
        (status = reactions_post(req, &v, &w, action, &anchor, err)) != BZ_OK)
        return status;
    return reactions_back(req, resp, path, anchor, err);
}

/* --- /reviews/{n}/... ---------------------------------------------------- */

static enum bz_status review_report_page(struct bz_response *resp,
                                         const struct bz_viewer *v,
                                         const struct bz_review *review,
                                         struct bz_error *err)
{
    struct bz_buf *out = &resp->body;
    char action[48];
    enum bz_status status;

    if ((status = bz_form_personal(resp, err)) != BZ_OK)
        return status;
    bz_form_page_begin(out, "Report a review", v, NULL, NULL);
    bz_html_raw(out, "<p>A review of ");
    bz_page_work_link(out, review->work_id, review->work_slug,
                      review->work_title);
    bz_html_raw(out, ":</p>\n<blockquote>");
    bz_html_text(out, review->summary);
    bz_html_raw(out, "</blockquote>\n<p>Moderators read every report and may "
                     "hide the review.</p>\n");
    snprintf(action, sizeof action, "/reviews/%lld/report",
             (long long)review->id);
    bz_form_begin(out, action, v);
    review_text_field(out, "What is wrong with it?", "reason", NULL,
                      BZ_REVIEW_REPORT_MAX, 1);
    bz_form_submit(out, "Report it");
    bz_form_page_end(out);
    return BZ_OK;
}

enum bz_status bz_page_review(struct bz_request *req, struct bz_response *resp,
                              const char *rest, struct bz_error *err)
{
    const char *slash = strchr(rest, '/');
    char *number =
        slash ? bz_arena_strndup(req->arena, rest, (size_t)(slash - rest))
              : NULL;
    int64_t id = reactions_number(number);
    int edit = slash && strcmp(slash, "/edit") == 0;
    struct bz_reaction_ctx ctx;
    struct bz_review review, changed = {0};
    struct bz_viewer v;
    const char *back, *path;
    char anchor[32];
    int64_t report_id;
    enum bz_status status;

    if (id == 0 || (!edit && strcmp(slash, "/report") != 0))
        return bz_error_set(err, BZ_NOT_FOUND, "no page at this address");
    if ((status = req->store->ops->review_get(req->store, req->arena, id,
                                              &review, err)) != BZ_OK)
        return status;
    if (review.hidden_at)
        return bz_error_set(err, BZ_NOT_FOUND, "no review %lld", (long long)id);
    path = bz_page_work_path(req->arena, review.work_id, review.work_slug);
    back =
        edit ? bz_page_work_path(req->arena, review.work_id, NULL) : req->path;
    if (path == NULL || back == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    if ((status = bz_form_signed_in(req, resp, &v, back, err)) != BZ_OK)
        return status;
    snprintf(anchor, sizeof anchor, "review-%lld", (long long)id);
    if (req->method != BZ_POST)
        return edit ? reactions_back(req, resp, path, anchor, err)
                    : review_report_page(resp, &v, &review, err);
    if ((status = bz_viewer_check_post(req, &v, err)) != BZ_OK)
        return status;
    reactions_ctx(req, &ctx);
    if (edit) {
        if ((status = review_from_form(req, &changed, err)) != BZ_OK)
            return status;
        changed.id = id;
        changed.work_id = review.work_id;
        status = bz_review_edit(&ctx, &v.account, &changed, err);
    } else {
        status =
            bz_review_report(&ctx, &v.account, id,
                             bz_request_form(req, "reason"), &report_id, err);
    }
    if (status != BZ_OK)
        return status;
    return reactions_back(req, resp, path, anchor, err);
}

/* --- /moderate ----------------------------------------------------------- */

static void report_item(struct bz_buf *out, const struct bz_viewer *v,
                        const struct bz_review_report *p)
{
    const struct bz_review *r = &p->review;

    bz_buf_printf(out, "<li><strong>Report %lld</strong> by ",
                  (long long)p->id);
    bz_html_text(out,
                 p->account_email ? p->account_email : "(a deleted account)");
    bz_html_raw(out, " of a review of ");
    bz_page_work_link(out, r->work_id, r->work_slug, r->work_title);
    bz_buf_printf(out,
                  " (review %lld, soundness %d, significance %d):"
                  "<blockquote>",
                  (long long)r->id, r->soundness, r->significance);
    bz_html_text(out, r->summary);
    if (r->comments) {
        bz_html_raw(out, "<br>");
        bz_html_text(out, r->comments);
    }
    bz_html_raw(out, "</blockquote>Reason: ");
    bz_html_text(out, p->reason);
    bz_form_begin(out, "/moderate/reviews", v);
    bz_buf_printf(out, "<input type=\"hidden\" name=\"id\" value=\"%lld\">",
                  (long long)p->id);
    if (strcmp(p->state, "hidden") == 0)
        bz_html_raw(out, "<button type=\"submit\" name=\"decision\" "
                         "value=\"restore\">Show the review again</button>"
                         "</form></li>\n");
    else
        bz_html_raw(out, "<button type=\"submit\" name=\"decision\" "
                         "value=\"hide\">Hide the review</button> "
                         "<button type=\"submit\" name=\"decision\" "
                         "value=\"dismiss\">Dismiss the report</button>"
                         "</form></li>\n");
}

/* The reports in state, under heading, each with its buttons. */
static void report_list(struct bz_request *req, struct bz_buf *out,
                        const struct bz_viewer *v, const char *state,
                        const char *heading)
{
    struct bz_review_report *list;
    size_t count;

    bz_html_raw(out, "<h2>");
    bz_html_text(out, heading);
    if (req->store->ops->review_report_list(req->store, req->arena, state,
                                            REPORTS_MODERATE_MAX, &list, &count,
                                            NULL) != BZ_OK) {
        bz_html_raw(out, "</h2>\n<p class=\"problem\">The reports could not "
                         "be read.</p>\n");
        return;
    }
    bz_buf_printf(out, " (%zu)</h2>\n<ul>\n", count);
    for (size_t i = 0; i < count; i++)
        report_item(out, v, &list[i]);
    if (count == 0)
        bz_html_raw(out, "<li>None.</li>\n");
    bz_html_raw(out, "</ul>\n");
}

void bz_page_review_reports_section(struct bz_request *req, struct bz_buf *out,
                                    const struct bz_viewer *v)
{
    if (!v->signed_in || !bz_owner_is_moderator(&v->account))
        return;
    report_list(req, out, v, "open", "Reported reviews");
    report_list(req, out, v, "hidden", "Reviews hidden on a report");
}

enum bz_status bz_page_review_reports_decide(struct bz_request *req,
                                             struct bz_response *resp,
                                             struct bz_error *err)
{
    struct bz_reaction_ctx ctx;
    struct bz_viewer v;
    int64_t id = reactions_number(bz_request_form(req, "id"));
    enum bz_status status;

    if ((status = bz_form_poster(req, &v, err)) != BZ_OK)
        return status;
    if (!bz_owner_is_moderator(&v.account))
        return bz_error_set(err, BZ_FORBIDDEN, "this page is for moderators");
    if (id == 0)
        return bz_error_set(err, BZ_INVALID, "which report?");
    reactions_ctx(req, &ctx);
    if ((status = bz_review_decide(&ctx, &v.account, id,
                                   bz_request_form(req, "decision"), err)) !=
        BZ_OK)
        return status;
    return bz_form_see_other(req, resp, "/moderate?done=review", err);
}
