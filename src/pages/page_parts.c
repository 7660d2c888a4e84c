/* page_parts.c - record links, canonical addresses and work links. */
#include "pages/page_parts.h"

#include <string.h>

#include "core/links.h"
#include "core/text.h"
#include "pages/html.h"
#include "profile/profile.h"

static char *page_path(struct bz_arena *arena, const char *base, char kind,
                       int64_t id, const char *slug)
{
    int has_slug = slug && *slug;

    return bz_arena_printf(arena, "%s%c%lld%s%s", base, kind, (long long)id,
                           has_slug ? "-" : "", has_slug ? slug : "");
}

char *bz_page_researcher_path(struct bz_arena *arena, int64_t id,
                              const char *slug)
{
    return page_path(arena, "/researchers/", 'R', id, slug);
}

char *bz_page_work_path(struct bz_arena *arena, int64_t id, const char *slug)
{
    return page_path(arena, "/works/", 'W', id, slug);
}

enum bz_status bz_page_record(struct bz_request *req, const char *id,
                              struct bz_researcher *r, struct bz_error *err)
{
    struct bz_id_ref ref = {0};
    enum bz_status status;
    int64_t number;

    if ((status = bz_resolve_id(req, id, 'R', &number, &ref, err)) != BZ_OK)
        return status;
    return req->store->ops->researcher_get(req->store, req->arena, number, r,
                                           err);
}

int bz_page_is_canonical(const struct bz_id_ref *ref, const char *slug)
{
    if (ref->scheme)
        return 0;
    if (slug == NULL || *slug == '\0')
        return ref->slug == NULL;
    return ref->slug && strcmp(ref->slug, slug) == 0;
}

static void page_record_link(struct bz_buf *out, const char *base, char kind,
                             int64_t id, const char *slug, const char *text)
{
    int has_slug = slug && *slug;

    bz_html_raw(out, "<a href=\"");
    bz_html_raw(out, base);
    bz_buf_printf(out, "%c%lld", kind, (long long)id);
    if (has_slug) {
        bz_html_raw(out, "-");
        bz_html_text(out, slug);
    }
    bz_html_raw(out, "\">");
    bz_html_text(out, text);
    bz_html_raw(out, "</a>");
}

void bz_page_researcher_link(struct bz_buf *out, int64_t id,
                             const char *slug, const char *name)
{
    if (id == 0) {
        bz_html_text(out, name);
        return;
    }
    page_record_link(out, "/researchers/", 'R', id, slug, name);
}

void bz_page_work_link(struct bz_buf *out, int64_t id, const char *slug,
                       const char *title)
{
    page_record_link(out, "/works/", 'W', id, slug, title);
}

void bz_page_work_meta(struct bz_buf *out, const struct bz_work *w)
{
    bz_html_raw(out, "<p class=\"meta\"><span class=\"type\">");
    bz_html_text(out, w->type ? w->type : "work");
    bz_html_raw(out, "</span>");
    if (w->publication_year)
        bz_buf_printf(out, "<span class=\"year\">%d</span>",
                      w->publication_year);
    if (w->venue) {
        bz_html_raw(out, "<span class=\"venue\">");
        bz_html_text(out, w->venue);
        bz_html_raw(out, "</span>");
    }
    bz_html_raw(out, "</p>\n");
}

static void page_outbound(struct bz_buf *out, const char *label,
                          const char *prefix, const char *value)
{
    bz_html_raw(out, "<li><a rel=\"nofollow noopener\" href=\"");
    bz_html_text(out, prefix);
    bz_html_text(out, value);
    bz_html_raw(out, "\">");
    bz_html_raw(out, label);
    bz_html_raw(out, "</a></li>");
}

void bz_page_work_links(struct bz_buf *out, struct bz_arena *arena,
                        const struct bz_work *work)
{
    const char *doi = bz_profile_work_id(work, "doi");
    const char *arxiv = bz_profile_work_id(work, "arxiv");
    const char *code[BZ_LINKS_MAX];
    size_t n = bz_links_code(arena, work->abstract, code, BZ_LINKS_MAX), i;

    bz_html_raw(out, "<ul class=\"links\">");
    if (doi)
        page_outbound(out, "DOI", "https://doi.org/", doi);
    if (arxiv)
        page_outbound(out, "arXiv", "https://arxiv.org/abs/", arxiv);
    for (i = 0; i < n; i++) {
        bz_html_raw(out, "<li><a rel=\"nofollow noopener\" href=\"");
        bz_html_url(out, code[i]);
        bz_html_raw(out, "\">Code</a> <span class=\"muted\">");
        bz_html_text(out, code[i]);
        bz_html_raw(out, "</span></li>");
    }
    bz_buf_printf(out, "<li><a href=\"/export/works/W%lld.bib\">BibTeX</a>"
                       "</li><li><a href=\"/export/works/W%lld.ris\">RIS</a>"
                       "</li>",
                  (long long)work->id, (long long)work->id);
    bz_html_raw(out, "</ul>\n");
}

const char *bz_page_name_slug(struct bz_arena *arena, const char *name)
{
    const char *slug = bz_text_slug(arena, name ? name : "", 80);

    return slug ? slug : "";
}

char *bz_page_record_path(struct bz_arena *arena, char kind, int64_t id,
                          const char *name)
{
    return page_path(arena, kind == 'T' ? "/topics/" : "/institutions/",
                     kind, id, bz_page_name_slug(arena, name));
}

void bz_page_topic_link(struct bz_buf *out, struct bz_arena *arena,
                        int64_t id, const char *name)
{
    page_record_link(out, "/topics/", 'T', id, bz_page_name_slug(arena, name),
                     name);
}

void bz_page_institution_link(struct bz_buf *out, struct bz_arena *arena,
                              int64_t id, const char *name)
{
    page_record_link(out, "/institutions/", 'I', id,
                     bz_page_name_slug(arena, name), name);
}

void bz_page_work_ref_list(struct bz_buf *out, const struct bz_work_ref *w,
                           size_t n)
{
    bz_html_raw(out, "<ul class=\"work-refs\">\n");
    for (size_t i = 0; i < n; i++) {
        bz_html_raw(out, "<li>");
        bz_page_work_link(out, w[i].id, w[i].slug, w[i].title);
        if (w[i].publication_year)
            bz_buf_printf(out, " <span class=\"muted\">%d</span>",
                          w[i].publication_year);
        bz_html_raw(out, "</li>\n");
    }
    bz_html_raw(out, "</ul>\n");
}

void bz_page_researcher_count_list(struct bz_buf *out,
                                   const struct bz_researcher_count *r,
                                   size_t n)
{
    bz_html_raw(out, "<ul class=\"people\">\n");
    for (size_t i = 0; i < n; i++) {
        bz_html_raw(out, "<li>");
        bz_page_researcher_link(out, r[i].id, r[i].slug, r[i].display_name);
        bz_buf_printf(out, " <span class=\"muted\">%d work%s</span></li>\n",
                      r[i].works, r[i].works == 1 ? "" : "s");
    }
    bz_html_raw(out, "</ul>\n");
}
