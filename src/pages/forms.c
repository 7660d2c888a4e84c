/* forms.c - the shared parts of pages with forms (forms.h). */
#include "pages/forms.h"

#include <string.h>

#include "pages/html.h"

enum bz_status bz_form_personal(struct bz_response *resp,
                                struct bz_error *err)
{
    resp->content_type = "text/html; charset=utf-8";
    resp->cacheable = 0;
    return bz_response_add_header(resp, "Cache-Control", "no-store", err);
}

static void form_paragraph(struct bz_buf *out, const char *class,
                           const char *role, const char *text)
{
    bz_html_raw(out, "<p class=\"");
    bz_html_raw(out, class);
    bz_html_raw(out, "\" role=\"");
    bz_html_raw(out, role);
    bz_html_raw(out, "\">");
    bz_html_text(out, text);
    bz_html_raw(out, "</p>\n");
}

void bz_form_page_begin(struct bz_buf *out, const char *title,
                        const struct bz_viewer *v, const char *notice,
                        const char *problem)
{
    bz_html_begin(out, title);
    bz_html_raw(out, "<nav class=\"account\">");
    if (v->signed_in) {
        bz_html_raw(out, "Signed in as ");
        bz_html_text(out, v->account.email);
        bz_html_raw(out, " · <a href=\"/account\">Account</a> · ");
        bz_html_raw(out, "<form class=\"inline\" method=\"post\" "
                         "action=\"/logout\">");
        bz_form_hidden(out, "csrf", v->csrf);
        bz_html_raw(out, "<button type=\"submit\">Log out</button></form>");
    } else {
        bz_html_raw(out, "<a href=\"/login\">Log in</a> · "
                         "<a href=\"/signup\">Sign up</a>");
    }
    bz_html_raw(out, "</nav>\n<section class=\"card\">\n<h1>");
    bz_html_text(out, title);
    bz_html_raw(out, "</h1>\n");
    if (notice)
        form_paragraph(out, "notice", "status", notice);
    if (problem)
        form_paragraph(out, "problem", "alert", problem);
}

void bz_form_page_end(struct bz_buf *out)
{
    bz_html_raw(out, "</section>\n");
    bz_html_end(out);
}

void bz_form_begin(struct bz_buf *out, const char *action,
                   const struct bz_viewer *v)
{
    bz_html_raw(out, "<form method=\"post\" action=\"");
    bz_html_text(out, action);
    bz_html_raw(out, "\">\n");
    bz_form_hidden(out, "csrf", v->csrf);
}

void bz_form_hidden(struct bz_buf *out, const char *name, const char *value)
{
    bz_html_raw(out, "<input type=\"hidden\" name=\"");
    bz_html_text(out, name);
    bz_html_raw(out, "\" value=\"");
    bz_html_text(out, value);
    bz_html_raw(out, "\">\n");
}

void bz_form_field(struct bz_buf *out, const char *label, const char *type,
                   const char *name, const char *value,
                   const char *autocomplete)
{
    bz_html_raw(out, "<p><label>");
    bz_html_text(out, label);
    bz_html_raw(out, "<br><input type=\"");
    bz_html_text(out, type);
    bz_html_raw(out, "\" name=\"");
    bz_html_text(out, name);
    bz_html_raw(out, "\" autocomplete=\"");
    bz_html_text(out, autocomplete);
    bz_html_raw(out, "\"");
    if (value) {
        bz_html_raw(out, " value=\"");
        bz_html_text(out, value);
        bz_html_raw(out, "\"");
    }
    bz_html_raw(out, " required></label></p>\n");
}

void bz_form_submit(struct bz_buf *out, const char *text)
{
    bz_html_raw(out, "<p><button type=\"submit\">");
    bz_html_text(out, text);
    bz_html_raw(out, "</button></p>\n</form>\n");
}

int bz_form_status(enum bz_status status)
{
    switch (status) {
    case BZ_INVALID:
    case BZ_TOO_LARGE:
        return 400;
    case BZ_UNAUTHORIZED:
        return 401;
    case BZ_FORBIDDEN:
        return 403;
    case BZ_NOT_FOUND:
        return 404;
    case BZ_CONFLICT:
        return 409;
    case BZ_GONE:
        return 410;
    case BZ_RATE_LIMITED:
        return 429;
    default:
        return 0;
    }
}

enum bz_status bz_form_see_other(struct bz_request *req,
                                 struct bz_response *resp,
                                 const char *location, struct bz_error *err)
{
    resp->location = bz_arena_strdup(req->arena, location);
    if (resp->location == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    return bz_error_set(err, BZ_SEE_OTHER, "see %s", location);
}

void bz_form_escape(struct bz_buf *out, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";

    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
            (*p >= '0' && *p <= '9') || *p == '/' || *p == '-' ||
            *p == '_' || *p == '.' || *p == '~' || *p == ':')
            bz_buf_putc(out, (char)*p);
        else
            bz_buf_printf(out, "%%%c%c", hex[*p >> 4], hex[*p & 15]);
    }
}

enum bz_status bz_form_see_other_to(struct bz_request *req,
                                    struct bz_response *resp,
                                    const char *prefix, const char *path,
                                    struct bz_error *err)
{
    struct bz_buf to;
    enum bz_status status;

    /* a path escaped takes at most three bytes a byte */
    bz_buf_init(&to, strlen(prefix) + 3 * strlen(path) + 1);
    bz_buf_puts(&to, prefix);
    bz_form_escape(&to, path);
    status = to.failed ? bz_error_set(err, BZ_NOMEM, "out of memory")
                       : bz_form_see_other(req, resp, to.data, err);
    bz_buf_release(&to);
    return status;
}

enum bz_status bz_form_log_in_first(struct bz_request *req,
                                    struct bz_response *resp,
                                    const char *back, struct bz_error *err)
{
    enum bz_status status =
        bz_form_see_other_to(req, resp, "/login?next=", back, err);

    if (status == BZ_SEE_OTHER)
        bz_error_set(err, BZ_SEE_OTHER, "log in first");
    return status;
}

enum bz_status bz_form_signed_in(struct bz_request *req,
                                 struct bz_response *resp,
                                 struct bz_viewer *v, const char *back,
                                 struct bz_error *err)
{
    enum bz_status status = bz_viewer_of(req, v, err);

    if (status != BZ_OK || v->signed_in)
        return status;
    return bz_form_log_in_first(req, resp, back, err);
}

enum bz_status bz_form_poster(struct bz_request *req, struct bz_viewer *v,
                              struct bz_error *err)
{
    enum bz_status status = bz_viewer_of(req, v, err);

    if (status != BZ_OK)
        return status;
    if (!v->signed_in)
        return bz_error_set(err, BZ_UNAUTHORIZED, "log in first");
    return bz_viewer_check_post(req, v, err);
}

enum bz_status bz_form_member(struct bz_request *req, struct bz_response *resp,
                              struct bz_viewer *v, const char *back,
                              struct bz_error *err)
{
    enum bz_status status = bz_form_signed_in(req, resp, v, back, err);

    if (status != BZ_OK || !v->signed_in || req->method != BZ_POST)
        return status;
    return bz_viewer_check_post(req, v, err);
}
