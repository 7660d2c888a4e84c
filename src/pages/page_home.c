/* page_home.c - the front page and the error page. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ids.h"
#include "pages/html.h"
#include "pages/page_parts.h"
#include "pages/pages.h"

#define HOME_PER_PAGE 50

enum bz_status bz_page_home(struct bz_request *req, struct bz_response *resp,
                            struct bz_error *err)
{
    const char *after_text = bz_request_param(req, "after");
    struct bz_store_counts counts;
    struct bz_researcher *list;
    struct bz_id_ref after = {0};
    struct bz_buf *out = &resp->body;
    size_t count, i;
    int more;
    enum bz_status rc;

    if (after_text && *after_text &&
        (rc = bz_id_parse(req->arena, after_text, 'R', &after, err)) != BZ_OK)
        return rc;
    if (after.scheme)
        return bz_error_set(err, BZ_INVALID, "'after' takes an R id");
    if ((rc = req->store->ops->counts(req->store, &counts, err)) != BZ_OK ||
        (rc = req->store->ops->researcher_list(req->store, req->arena, NULL, 0,
                                               after.number, HOME_PER_PAGE,
                                               &list, &count, &more, err)))
        return rc;

    bz_html_begin(out, "Researchers");
    bz_html_raw(out, "<section class=\"profile-header\">\n<h1>Researchers"
                     "</h1>\n<p class=\"summary\">");
    bz_buf_printf(out, "%ld researchers, %ld works, %ld topics and %ld "
                       "institutions, built from open scholarly metadata.",
                  counts.researchers, counts.works, counts.topics,
                  counts.institutions);
    bz_html_raw(out, "</p>\n</section>\n<section class=\"card\">\n"
                     "<ul class=\"people\">\n");
    for (i = 0; i < count; i++) {
        bz_html_raw(out, "<li>");
        bz_page_researcher_link(out, list[i].id, list[i].slug,
                                list[i].display_name);
        bz_buf_printf(out, " <span class=\"muted\">R%lld · %d work%s</span>"
                           "</li>\n",
                      (long long)list[i].id, list[i].work_count,
                      list[i].work_count == 1 ? "" : "s");
    }
    if (count == 0)
        bz_html_raw(out, "<li>No researchers yet: import some records with "
                         "<code>bzpeer import</code>.</li>\n");
    bz_html_raw(out, "</ul>\n");
    if (more && count)
        bz_buf_printf(out, "<p><a rel=\"next\" href=\"/?after=R%lld\">Next "
                           "page</a></p>\n",
                      (long long)list[count - 1].id);
    bz_html_raw(out, "</section>\n");
    bz_html_end(out);
    resp->content_type = "text/html; charset=utf-8";
    resp->cacheable = 1;
    return BZ_OK;
}

void bz_page_error(struct bz_response *resp, int http_status,
                   const char *message)
{
    const char *title = http_status == 404   ? "Not found"
                        : http_status == 400 ? "Bad request"
                        : http_status == 401 ? "Sign-in required"
                        : http_status == 403 ? "Forbidden"
                        : http_status == 405 ? "Method not allowed"
                        : http_status == 409 ? "Conflict"
                        : http_status == 410 ? "Gone"
                        : http_status == 413 ? "Too large"
                        : http_status == 415 ? "Unsupported media type"
                        : http_status == 429 ? "Too many requests"
                                             : "Something went wrong";
    char code[16];

    snprintf(code, sizeof(code), "%d", http_status);
    bz_html_begin(&resp->body, title);
    bz_html_raw(&resp->body, "<section class=\"profile-header error\">\n"
                             "<p class=\"eyebrow\">Error ");
    bz_html_text(&resp->body, code);
    bz_html_raw(&resp->body, "</p>\n<h1>");
    bz_html_text(&resp->body, title);
    bz_html_raw(&resp->body, "</h1>\n<p class=\"summary\">");
    bz_html_text(&resp->body, http_status >= 500 ? "The server failed to "
                                                   "answer this request."
                                                 : message);
    bz_html_raw(&resp->body, "</p>\n<p><a href=\"/\">Back to the front page"
                             "</a></p>\n</section>\n");
    bz_html_end(&resp->body);
    resp->content_type = "text/html; charset=utf-8";
}
