/* page_topic.c - the topic and institution pages that graph nodes link
 * to: the record, its works newest first (paged) and its researchers by
 * number of works. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/ids.h"
#include "pages/html.h"
#include "pages/page_parts.h"
#include "pages/pages.h"

#define RECORD_WORKS_PER_PAGE 50
#define RECORD_RESEARCHERS 50
#define RECORD_PAGE_MAX 100000

enum bz_status bz_page_number(const struct bz_request *req, long *page,
                              struct bz_error *err)
{
    const char *text = bz_request_param(req, "page");
    char *end;
    long n;

    *page = 1;
    if (text == NULL)
        return BZ_OK;
    errno = 0;
    n = strtol(text, &end, 10);
    if (errno || *end || end == text || n < 1 || n > RECORD_PAGE_MAX)
        return bz_error_set(err, BZ_INVALID,
                            "page must be a number from 1 to %d",
                            RECORD_PAGE_MAX);
    *page = n;
    return BZ_OK;
}

/* What both pages have: where they live, which works page, the lists. */
struct record_page {
    const char *path; /* canonical, without the query */
    long page;
    long work_count;
    struct bz_work_ref *works;
    size_t shown;
    int more;
    struct bz_researcher_count *people;
    size_t people_count;
    long people_total;
};

/* 301 to page->path (and its ?page=) unless ref is canonical for slug. */
static enum bz_status record_canonical(struct bz_request *req,
                                       struct bz_response *resp,
                                       const struct bz_id_ref *ref,
                                       const char *name,
                                       struct record_page *page)
{
    if (bz_page_is_canonical(ref, bz_page_name_slug(req->arena, name)))
        return BZ_OK;
    resp->location = page->page > 1 ? bz_arena_printf(req->arena, "%s?page=%ld",
                                                      page->path, page->page)
                                    : page->path;
    resp->cacheable = 1;
    return BZ_MOVED;
}

static void record_works(struct bz_buf *out, const struct record_page *p)
{
    long first = (p->page - 1) * RECORD_WORKS_PER_PAGE;

    bz_html_raw(out, "<section class=\"card\">\n<h2>Works</h2>\n"
                     "<p class=\"eyebrow\">");
    bz_buf_printf(out, "%ld work%s, newest first", p->work_count,
                  p->work_count == 1 ? "" : "s");
    if (p->shown)
        bz_buf_printf(out, "; %ld to %ld", first + 1, first + (long)p->shown);
    bz_html_raw(out, "</p>\n");
    if (p->shown)
        bz_page_work_ref_list(out, p->works, p->shown);
    else
        bz_html_raw(out, "<p>No works on this page.</p>\n");
    if (p->page > 1) {
        bz_html_raw(out, "<p><a rel=\"prev\" href=\"");
        bz_html_text(out, p->path);
        bz_buf_printf(out, "?page=%ld\">Newer works</a></p>\n", p->page - 1);
    }
    if (p->more) {
        bz_html_raw(out, "<p><a rel=\"next\" href=\"");
        bz_html_text(out, p->path);
        bz_buf_printf(out, "?page=%ld\">Older works</a></p>\n", p->page + 1);
    }
    bz_html_raw(out, "</section>\n");
}

static void record_people(struct bz_buf *out, const struct record_page *p)
{
    bz_html_raw(out, "<section class=\"card\">\n<h2>Researchers</h2>\n"
                     "<p class=\"eyebrow\">");
    bz_buf_printf(out, "%ld researcher%s, most works first", p->people_total,
                  p->people_total == 1 ? "" : "s");
    if ((long)p->people_count < p->people_total)
        bz_buf_printf(out, "; the first %zu", p->people_count);
    bz_html_raw(out, "</p>\n");
    if (p->people_count)
        bz_page_researcher_count_list(out, p->people, p->people_count);
    else
        bz_html_raw(out, "<p>None imported.</p>\n");
    bz_html_raw(out, "</section>\n");
}

static void record_end(struct bz_response *resp, struct record_page *p)
{
    record_works(&resp->body, p);
    record_people(&resp->body, p);
    bz_html_end(&resp->body);
    resp->content_type = "text/html; charset=utf-8";
    resp->cacheable = 1;
}

/* --- topics --------------------------------------------------------------- */

static void topic_header(struct bz_buf *out, struct bz_arena *arena,
                         const struct bz_topic *t)
{
    bz_html_raw(out, "<section class=\"profile-header\">\n<p class=\"eyebrow"
                     "\">Topic</p>\n<h1>");
    bz_html_text(out, t->display_name);
    bz_html_raw(out, "</h1>\n<p class=\"badges\"><span class=\"badge\">");
    bz_html_text(out, t->scheme);
    bz_html_raw(out, " ");
    bz_html_text(out, t->external_id);
    bz_html_raw(out, "</span>");
    if (t->level) {
        bz_html_raw(out, " <span class=\"badge\">");
        bz_html_text(out, t->level);
        bz_html_raw(out, "</span>");
    }
    bz_html_raw(out, "</p>\n");
    if (t->parent_count) {
        bz_html_raw(out, "<p class=\"chain\">");
        for (size_t i = 0; i < t->parent_count; i++) {
            bz_page_topic_link(out, arena, t->parents[i].id,
                               t->parents[i].display_name);
            bz_html_raw(out, " &gt; ");
        }
        bz_html_text(out, t->display_name);
        bz_html_raw(out, "</p>\n");
    }
    if (t->child_count) {
        bz_html_raw(out, "<p>Under it: ");
        for (size_t i = 0; i < t->child_count; i++) {
            if (i)
                bz_html_raw(out, ", ");
            bz_page_topic_link(out, arena, t->children[i].id,
                               t->children[i].display_name);
        }
        bz_html_raw(out, "</p>\n");
    }
    bz_html_raw(out, "</section>\n");
}

enum bz_status bz_page_topic(struct bz_request *req, struct bz_response *resp,
                             const char *id, struct bz_error *err)
{
    const struct bz_store_ops *ops = req->store->ops;
    struct record_page p = {0};
    struct bz_id_ref ref;
    struct bz_topic t;
    int64_t number;
    enum bz_status rc;

    if ((rc = bz_page_number(req, &p.page, err)) ||
        (rc = bz_resolve_id(req, id, 'T', &number, &ref, err)) ||
        (rc = ops->topic_get(req->store, req->arena, number, &t, err)))
        return rc;
    p.path = bz_page_record_path(req->arena, 'T', t.id, t.display_name);
    if ((rc = record_canonical(req, resp, &ref, t.display_name, &p)) ||
        (rc = ops->topic_works(
             req->store, req->arena, t.id, (p.page - 1) * RECORD_WORKS_PER_PAGE,
             RECORD_WORKS_PER_PAGE, &p.works, &p.shown, &p.more, err)) ||
        (rc = ops->topic_researchers(req->store, req->arena, t.id,
                                     RECORD_RESEARCHERS, &p.people,
                                     &p.people_count, err)))
        return rc;
    p.work_count = t.work_count;
    p.people_total = t.researcher_count;

    bz_html_begin(&resp->body, t.display_name);
    topic_header(&resp->body, req->arena, &t);
    record_end(resp, &p);
    return BZ_OK;
}

/* --- institutions --------------------------------------------------------- */

static void institution_header(struct bz_buf *out,
                               const struct bz_institution *i)
{
    bz_html_raw(out, "<section class=\"profile-header\">\n<p class=\"eyebrow"
                     "\">Institution</p>\n<h1>");
    bz_html_text(out, i->display_name);
    bz_html_raw(out, "</h1>\n<p class=\"badges\">");
    if (i->country_code) {
        bz_html_raw(out, "<span class=\"badge\">");
        bz_html_text(out, i->country_code);
        bz_html_raw(out, "</span> ");
    }
    for (size_t k = 0; k < i->id_count; k++) {
        bz_html_raw(out, "<span class=\"badge\">");
        bz_html_text(out, i->ids[k].scheme);
        bz_html_raw(out, " ");
        bz_html_text(out, i->ids[k].value);
        bz_html_raw(out, "</span> ");
    }
    bz_html_raw(out, "</p>\n");
    /* only an http(s) address becomes a link (html.h) */
    if (i->homepage && (strncmp(i->homepage, "http://", 7) == 0 ||
                        strncmp(i->homepage, "https://", 8) == 0)) {
        bz_html_raw(out, "<p><a rel=\"nofollow\" href=\"");
        bz_html_url(out, i->homepage);
        bz_html_raw(out, "\">");
        bz_html_text(out, i->homepage);
        bz_html_raw(out, "</a></p>\n");
    }
    bz_html_raw(out, "</section>\n");
}

enum bz_status bz_page_institution(struct bz_request *req,
                                   struct bz_response *resp, const char *id,
                                   struct bz_error *err)
{
    const struct bz_store_ops *ops = req->store->ops;
    struct record_page p = {0};
    struct bz_institution inst;
    struct bz_id_ref ref;
    int64_t number;
    enum bz_status rc;

    if ((rc = bz_page_number(req, &p.page, err)) ||
        (rc = bz_resolve_id(req, id, 'I', &number, &ref, err)) ||
        (rc = ops->institution_get(req->store, req->arena, number, &inst, err)))
        return rc;
    p.path = bz_page_record_path(req->arena, 'I', inst.id, inst.display_name);
    if ((rc = record_canonical(req, resp, &ref, inst.display_name, &p)) ||
        (rc = ops->institution_works(req->store, req->arena, inst.id,
                                     (p.page - 1) * RECORD_WORKS_PER_PAGE,
                                     RECORD_WORKS_PER_PAGE, &p.works, &p.shown,
                                     &p.more, err)) ||
        (rc = ops->institution_researchers(req->store, req->arena, inst.id,
                                           RECORD_RESEARCHERS, &p.people,
                                           &p.people_count, err)))
        return rc;
    p.work_count = inst.work_count;
    p.people_total = inst.researcher_count;

    bz_html_begin(&resp->body, inst.display_name);
    institution_header(&resp->body, &inst);
    record_end(resp, &p);
    return BZ_OK;
}
