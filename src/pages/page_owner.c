/* page_owner.c - what the person behind a record does with it: its owner
 * edits it on /researchers/{id}/edit, and the person behind an unclaimed
 * record asks for it to be hidden on /researchers/{id}/opt-out.
 *
 * The rules are owner.c's (owner.h). Both pages depend on who asks and
 * are never cached; every POST carries the form's CSRF token.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/ids.h"
#include "http/viewer.h"
#include "owner/owner.h"
#include "pages/forms.h"
#include "pages/html.h"
#include "pages/page_parts.h"
#include "pages/pages.h"

#define OWNER_FORM_WORKS 200 /* works the edit form lists at most */
#define OWNER_FORM_NAMES 50  /* other names it lists at most */

static void owner_ctx(const struct bz_request *req, struct bz_owner_ctx *ctx)
{
    ctx->store = req->store;
    ctx->cfg = req->config;
    ctx->now = (int64_t)time(NULL);
}

/* A form field that may be left empty: <input type="text">. */
static void owner_text_field(struct bz_buf *out, const char *label,
                             const char *name, const char *value, int max)
{
    bz_html_raw(out, "<p><label>");
    bz_html_text(out, label);
    bz_buf_printf(out,
                  "<br><input type=\"text\" name=\"%s\" "
                  "maxlength=\"%d\" value=\"",
                  name, max);
    if (value)
        bz_html_text(out, value);
    bz_html_raw(out, "\"></label></p>\n");
}

/* --- the edit form -------------------------------------------------------- */

static const struct bz_work_flag *
owner_flag_of(const struct bz_work_flag *flags, size_t n, int64_t work_id)
{
    for (size_t i = 0; i < n; i++)
        if (flags[i].work_id == work_id)
            return &flags[i];
    return NULL;
}

static void owner_work_option(struct bz_buf *out, const char *value,
                              const char *label, int selected)
{
    bz_buf_printf(out, "<option value=\"%s\"%s>%s</option>", value,
                  selected ? " selected" : "", label);
}

static void owner_works_form(struct bz_buf *out, const char *action,
                             const struct bz_viewer *v,
                             const struct bz_work *works, size_t count,
                             const struct bz_work_flag *flags,
                             size_t flag_count)
{
    bz_html_raw(out, "<h2>Works</h2>\n<p class=\"muted\">Feature a few "
                     "works to show them first; a hidden work leaves your "
                     "list and your trust score; a work that is not yours "
                     "moves to a record of its own.</p>\n");
    bz_form_begin(out, action, v);
    bz_form_hidden(out, "section", "works");
    bz_html_raw(out, "<ul class=\"owner-works\">\n");
    for (size_t i = 0; i < count && i < OWNER_FORM_WORKS; i++) {
        const struct bz_work_flag *f =
            owner_flag_of(flags, flag_count, works[i].id);
        int hidden = f && f->hidden, featured = f && f->featured && !hidden;

        bz_buf_printf(out,
                      "<li><input type=\"hidden\" name=\"work_%zu\" "
                      "value=\"%lld\"><select name=\"work_%zu_state\">",
                      i, (long long)works[i].id, i);
        owner_work_option(out, "shown", "Shown", !hidden && !featured);
        owner_work_option(out, "featured", "Featured", featured);
        owner_work_option(out, "hidden", "Hidden", hidden);
        owner_work_option(out, "not_mine", "Not mine", 0);
        bz_html_raw(out, "</select> ");
        bz_html_text(out, works[i].title);
        if (works[i].publication_year)
            bz_buf_printf(out, " <span class=\"muted\">%d</span>",
                          works[i].publication_year);
        bz_html_raw(out, "</li>\n");
    }
    bz_html_raw(out, "</ul>\n");
    bz_form_submit(out, "Save works");
}

static void owner_names_form(struct bz_buf *out, const char *action,
                             const struct bz_viewer *v,
                             const struct bz_researcher_name *names,
                             size_t count)
{
    bz_html_raw(out, "<h2>Other names</h2>\n");
    if (count == 0) {
        bz_html_raw(out, "<p>The sources give no other name.</p>\n");
        return;
    }
    bz_html_raw(out, "<p class=\"muted\">A hidden name is not shown and "
                     "not found by search.</p>\n");
    bz_form_begin(out, action, v);
    bz_form_hidden(out, "section", "names");
    for (size_t i = 0; i < count && i < OWNER_FORM_NAMES; i++) {
        char field[32];

        snprintf(field, sizeof(field), "name_%zu", i);
        bz_form_hidden(out, field, names[i].name);
        bz_buf_printf(out,
                      "<p><label><input type=\"checkbox\" "
                      "name=\"hide_%zu\" value=\"1\"%s> Hide ",
                      i, names[i].hidden ? " checked" : "");
        bz_html_text(out, names[i].name);
        bz_html_raw(out, "</label></p>\n");
    }
    bz_form_submit(out, "Save names");
}

static enum bz_status
owner_edit_page(struct bz_request *req, struct bz_response *resp,
                const struct bz_viewer *v, const struct bz_researcher *r,
                const char *notice, const char *problem, struct bz_error *err)
{
    const struct bz_store_ops *ops = req->store->ops;
    struct bz_buf *out = &resp->body;
    struct bz_work *works;
    struct bz_work_flag *flags;
    struct bz_researcher_name *names;
    size_t work_count, flag_count, name_count;
    char action[64], title[256];
    enum bz_status status;

    if ((status = ops->researcher_works(req->store, req->arena, r->id, &works,
                                        &work_count, err)) ||
        (status = ops->researcher_work_flags(req->store, req->arena, r->id,
                                             &flags, &flag_count, err)) ||
        (status = ops->researcher_names(req->store, req->arena, r->id, &names,
                                        &name_count, err)) ||
        (status = bz_form_personal(resp, err)))
        return status;
    snprintf(title, sizeof(title), "Edit %s", r->display_name);
    snprintf(action, sizeof(action), "/researchers/R%lld/edit",
             (long long)r->id);
    bz_form_page_begin(out, title, v, notice, problem);
    bz_html_raw(out, "<p>Your record: ");
    bz_page_researcher_link(out, r->id, r->slug, r->display_name);
    bz_html_raw(out, ". What you write here is shown as yours "
                     "(self-asserted): it never raises the verification "
                     "level or the trust score.</p>\n<h2>Profile</h2>\n");
    bz_form_begin(out, action, v);
    bz_form_hidden(out, "section", "profile");
    owner_text_field(out, "Display name", "display_name", r->display_name,
                     BZ_OWNER_NAME_MAX);
    owner_text_field(out, "Affiliation (self-asserted)", "affiliation",
                     r->self_affiliation, BZ_OWNER_AFFILIATION_MAX);
    owner_text_field(out, "One-line summary", "summary", r->summary,
                     BZ_OWNER_SUMMARY_MAX);
    bz_buf_printf(out,
                  "<p><label><input type=\"checkbox\" name=\"open\" "
                  "value=\"1\"%s> Open to collaborate</label></p>\n",
                  r->open_to_collaborate ? " checked" : "");
    bz_form_submit(out, "Save profile");
    owner_names_form(out, action, v, names, name_count);
    owner_works_form(out, action, v, works, work_count, flags, flag_count);
    bz_form_page_end(out);
    return BZ_OK;
}

/* --- saving --------------------------------------------------------------- */

static enum bz_status owner_save_profile(struct bz_request *req,
                                         const struct bz_owner_ctx *ctx,
                                         const struct bz_viewer *v, int64_t id,
                                         struct bz_error *err)
{
    struct bz_researcher_edit e = {0};

    e.display_name = bz_request_form(req, "display_name");
    e.self_affiliation = bz_request_form(req, "affiliation");
    e.summary = bz_request_form(req, "summary");
    e.open_to_collaborate = bz_request_form(req, "open") != NULL;
    if (e.self_affiliation == NULL)
        e.self_affiliation = "";
    if (e.summary == NULL)
        e.summary = "";
    return bz_owner_edit(ctx, &v->account, id, &e, err);
}

static enum bz_status owner_save_names(struct bz_request *req,
                                       const struct bz_owner_ctx *ctx,
                                       const struct bz_viewer *v, int64_t id,
                                       struct bz_error *err)
{
    const char *names[OWNER_FORM_NAMES];
    int hidden[OWNER_FORM_NAMES];
    size_t n = 0;
    char field[32];

    for (size_t i = 0; i < OWNER_FORM_NAMES; i++) {
        snprintf(field, sizeof(field), "name_%zu", i);
        if ((names[n] = bz_request_form(req, field)) == NULL)
            continue;
        snprintf(field, sizeof(field), "hide_%zu", i);
        hidden[n++] = bz_request_form(req, field) != NULL;
    }
    return bz_owner_names(ctx, &v->account, id, names, hidden, n, err);
}

static enum bz_status owner_save_works(struct bz_request *req,
                                       const struct bz_owner_ctx *ctx,
                                       const struct bz_viewer *v, int64_t id,
                                       int64_t *new_id, struct bz_error *err)
{
    struct bz_work_flag flags[OWNER_FORM_WORKS];
    int64_t not_mine[OWNER_FORM_WORKS];
    size_t n = 0, m = 0;
    char field[40];

    for (size_t i = 0; i < OWNER_FORM_WORKS; i++) {
        const char *work, *state;
        char *end;
        long long w;

        snprintf(field, sizeof(field), "work_%zu", i);
        if ((work = bz_request_form(req, field)) == NULL)
            continue;
        snprintf(field, sizeof(field), "work_%zu_state", i);
        state = bz_request_form(req, field);
        w = strtoll(work[0] == 'W' ? work + 1 : work, &end, 10);
        if (*end != '\0' || w <= 0 || state == NULL)
            return bz_error_set(err, BZ_INVALID, "which work?");
        if (strcmp(state, "not_mine") == 0) {
            not_mine[m++] = w;
            continue;
        }
        if (strcmp(state, "shown") != 0 && strcmp(state, "featured") != 0 &&
            strcmp(state, "hidden") != 0)
            return bz_error_set(err, BZ_INVALID, "no work state '%s'", state);
        flags[n].work_id = w;
        flags[n].hidden = strcmp(state, "hidden") == 0;
        flags[n++].featured = strcmp(state, "featured") == 0;
    }
    return bz_owner_works(ctx, &v->account, id, flags, n, not_mine, m, new_id,
                          err);
}

enum bz_status bz_page_researcher_edit(struct bz_request *req,
                                       struct bz_response *resp, const char *id,
                                       struct bz_error *err)
{
    const char *section = bz_request_form(req, "section");
    struct bz_viewer v;
    struct bz_researcher r;
    struct bz_owner_ctx ctx;
    struct bz_error problem = {0};
    char back[64], *notice;
    int64_t new_id = 0;
    enum bz_status status;

    snprintf(back, sizeof(back), "/researchers/%.40s/edit", id);
    if ((status = bz_form_member(req, resp, &v, back, err)) != BZ_OK ||
        !v.signed_in)
        return status;
    if ((status = bz_page_record(req, id, &r, err)) != BZ_OK ||
        (status = bz_owner_check(&v.account, r.id, err)) != BZ_OK)
        return status;
    if (req->method != BZ_POST)
        return owner_edit_page(req, resp, &v, &r, NULL, NULL, err);

    owner_ctx(req, &ctx);
    if (section && strcmp(section, "profile") == 0)
        status = owner_save_profile(req, &ctx, &v, r.id, &problem);
    else if (section && strcmp(section, "names") == 0)
        status = owner_save_names(req, &ctx, &v, r.id, &problem);
    else if (section && strcmp(section, "works") == 0)
        status = owner_save_works(req, &ctx, &v, r.id, &new_id, &problem);
    else
        status = bz_error_set(&problem, BZ_INVALID, "which part to save?");
    if (status != BZ_OK) {
        if ((resp->status = bz_form_status(status)) == 0)
            return bz_error_set(err, status, "%s", problem.message);
        if ((status = bz_page_record(req, id, &r, err)) != BZ_OK)
            return status;
        return owner_edit_page(req, resp, &v, &r, NULL, problem.message, err);
    }
    notice = new_id ? bz_arena_printf(req->arena,
                                      "Saved. The works that "
                                      "are not yours are now R%lld.",
                                      (long long)new_id)
                    : "Saved.";
    if (notice == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    if ((status = bz_page_record(req, id, &r, err)) != BZ_OK)
        return status;
    return owner_edit_page(req, resp, &v, &r, notice, NULL, err);
}

/* --- asking for a record to be hidden ------------------------------------- */

static enum bz_status
opt_out_page(struct bz_request *req, struct bz_response *resp,
             const struct bz_viewer *v, const struct bz_researcher *r,
             const char *notice, const char *problem, struct bz_error *err)
{
    struct bz_buf *out = &resp->body;
    char action[64], title[256];
    enum bz_status status;

    (void)req;
    if ((status = bz_form_personal(resp, err)) != BZ_OK)
        return status;
    snprintf(title, sizeof(title), "Hide %s", r->display_name);
    snprintf(action, sizeof(action), "/researchers/R%lld/opt-out",
             (long long)r->id);
    bz_form_page_begin(out, title, v, notice, problem);
    bz_html_raw(out, "<p>If the record ");
    bz_page_researcher_link(out, r->id, r->slug, r->display_name);
    bz_buf_printf(out,
                  " (R%lld) is about you and you want it gone, ask "
                  "for it to be hidden. A moderator decides; you "
                  "will hear by email. A hidden record leaves the "
                  "site's pages, lists and search.</p>\n",
                  (long long)r->id);
    if (!v->account.email_verified)
        bz_html_raw(out, "<p class=\"problem\">Confirm your email address "
                         "first (see <a href=\"/account\">your account</a>)."
                         "</p>\n");
    bz_form_begin(out, action, v);
    bz_html_raw(out, "<p><label>A note for the moderator<br><textarea "
                     "name=\"note\" rows=\"4\"></textarea></label></p>\n");
    bz_form_submit(out, "Ask to hide this record");
    bz_form_page_end(out);
    return BZ_OK;
}

enum bz_status bz_page_opt_out(struct bz_request *req, struct bz_response *resp,
                               const char *id, struct bz_error *err)
{
    struct bz_viewer v;
    struct bz_researcher r;
    struct bz_owner_ctx ctx;
    struct bz_error problem = {0};
    char back[64];
    int64_t opt_out_id;
    enum bz_status status;

    snprintf(back, sizeof(back), "/researchers/%.40s/opt-out", id);
    if ((status = bz_form_member(req, resp, &v, back, err)) != BZ_OK ||
        !v.signed_in)
        return status;
    if ((status = bz_page_record(req, id, &r, err)) != BZ_OK)
        return status;
    if (r.hidden_at != 0)
        return bz_error_set(err, BZ_GONE, "this record is hidden already");
    if (r.claim_level != 0 || r.merged_into != 0)
        return bz_error_set(err, BZ_CONFLICT,
                            "only an unclaimed record can be hidden");
    if (req->method != BZ_POST)
        return opt_out_page(req, resp, &v, &r, NULL, NULL, err);

    owner_ctx(req, &ctx);
    status =
        bz_opt_out_request(&ctx, &v.account, r.id, bz_request_form(req, "note"),
                           &opt_out_id, &problem);
    if (status != BZ_OK) {
        if ((resp->status = bz_form_status(status)) == 0)
            return bz_error_set(err, status, "%s", problem.message);
        return opt_out_page(req, resp, &v, &r, NULL, problem.message, err);
    }
    return opt_out_page(req, resp, &v, &r,
                        "Your request waits for a moderator; you will hear "
                        "by email.",
                        NULL, err);
}
