/* page_feed.c - what following gives: /following (the records an account
 * follows), /feed (their new works, newest first) and the public Atom feed
 * of each researcher's new works (/researchers/{id}/feed.atom).
 *
 * "New" is by order of arrival in bzpeer: a work's W number, given in
 * import order. The two lists are keyset-paged by ?cursor= (the last
 * number of the page before) and ?per_page= as the API's lists are. The
 * Atom feed is public and cached like the profile; its links are
 * absolute, from base_url.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "api/api.h"
#include "core/ids.h"
#include "http/viewer.h"
#include "pages/forms.h"
#include "pages/html.h"
#include "pages/page_parts.h"
#include "pages/pages.h"
#include "score/score.h"

#define FEED_ATOM_ENTRIES 50 /* works in a researcher's Atom feed */

/* ?per_page= and ?cursor= of req, as the API reads them (400 when bad). */
static enum bz_status feed_paging(struct bz_request *req, int *per_page,
                                  int64_t *cursor, struct bz_error *err)
{
    return bz_api_paging(req, per_page, cursor, err);
}

/* The link to the next page of path, when there is one. */
static void feed_next_link(struct bz_buf *out, const char *path, int more,
                           int per_page, int64_t last, const char *text)
{
    if (!more)
        return;
    bz_buf_printf(out, "<p class=\"pager\"><a rel=\"next\" href=\"%s?cursor="
                       "%lld&amp;per_page=%d\">",
                  path, (long long)last, per_page);
    bz_html_text(out, text);
    bz_html_raw(out, "</a></p>\n");
}

/* "2026-12-03 16:20:00" as "2026-12-03T16:20:00Z" (RFC 3339) into out,
 * of size at least 21; the text as it is when it has another shape. */
static void feed_rfc3339(const char *at, char *out, size_t size)
{
    if (at != NULL && strlen(at) == 19 && at[10] == ' ')
        snprintf(out, size, "%.10sT%.8sZ", at, at + 11);
    else
        snprintf(out, size, "%s", at ? at : "1970-01-01T00:00:00Z");
}

/* --- /following --------------------------------------------------------- */

static void following_item(struct bz_buf *out, const struct bz_viewer *v,
                           const struct bz_researcher *r)
{
    bz_html_raw(out, "<li>");
    bz_page_researcher_link(out, r->id, r->slug, r->display_name);
    bz_buf_printf(out, " <span class=\"muted\">R%lld · Verification L%d · "
                       "%d work%s</span> ",
                  (long long)r->id,
                  bz_score_level(r->has_source_id, r->claim_level),
                  r->work_count, r->work_count == 1 ? "" : "s");
    bz_buf_printf(out, "<form class=\"inline\" method=\"post\" action=\""
                       "/researchers/R%lld/unfollow\">",
                  (long long)r->id);
    bz_form_hidden(out, "csrf", v->csrf);
    bz_form_hidden(out, "back", "following");
    bz_html_raw(out, "<button type=\"submit\">Unfollow</button></form>"
                     "</li>\n");
}

enum bz_status bz_page_following(struct bz_request *req,
                                 struct bz_response *resp,
                                 struct bz_error *err)
{
    struct bz_buf *out = &resp->body;
    struct bz_researcher *list;
    struct bz_viewer v;
    size_t count;
    int per_page, more;
    int64_t after;
    enum bz_status status;

    if ((status = bz_form_signed_in(req, resp, &v, "/following", err)) ||
        (status = feed_paging(req, &per_page, &after, err)) != BZ_OK ||
        (status = req->store->ops->account_following(
             req->store, req->arena, v.account.id, after, per_page, &list,
             &count, &more, err)) != BZ_OK ||
        (status = bz_form_personal(resp, err)) != BZ_OK)
        return status;
    bz_form_page_begin(out, "Researchers you follow", &v, NULL, NULL);
    if (count == 0 && after == 0)
        bz_html_raw(out, "<p>You follow nobody yet: \"Follow researcher\" "
                         "on a profile adds its new works to <a "
                         "href=\"/feed\">your feed</a>.</p>\n");
    else
        bz_html_raw(out, "<p>Their new works are in <a href=\"/feed\">your "
                         "feed</a>.</p>\n<ul class=\"following\">\n");
    for (size_t i = 0; i < count; i++)
        following_item(out, &v, &list[i]);
    if (count > 0 || after != 0)
        bz_html_raw(out, "</ul>\n");
    feed_next_link(out, "/following", more, per_page,
                   count ? list[count - 1].id : 0, "More researchers");
    bz_form_page_end(out);
    return BZ_OK;
}

/* --- /feed --------------------------------------------------------------- */

static void feed_item(struct bz_buf *out, const struct bz_feed_entry *e)
{
    const struct bz_work *w = &e->work;

    bz_html_raw(out, "<article class=\"work\">\n");
    bz_page_work_meta(out, w);
    bz_html_raw(out, "<h3>");
    bz_page_work_link(out, w->id, w->slug, w->title);
    bz_html_raw(out, "</h3>\n<p class=\"authors\">");
    for (size_t i = 0; i < w->authorship_count; i++) {
        const struct bz_authorship *a = &w->authorships[i];

        if (i > 0)
            bz_html_raw(out, ", ");
        bz_page_researcher_link(out, a->researcher_id, a->researcher_slug,
                                a->researcher_id ? a->researcher_name
                                                 : a->raw_name);
    }
    bz_html_raw(out, "</p>\n<p class=\"muted\">Added to bzpeer ");
    bz_html_text(out, e->added_at);
    bz_html_raw(out, " UTC</p>\n</article>\n");
}

enum bz_status bz_page_feed(struct bz_request *req, struct bz_response *resp,
                            struct bz_error *err)
{
    struct bz_buf *out = &resp->body;
    struct bz_feed_entry *feed;
    struct bz_viewer v;
    size_t count;
    int per_page, more;
    int64_t before;
    enum bz_status status;

    if ((status = bz_form_signed_in(req, resp, &v, "/feed", err)) != BZ_OK ||
        (status = feed_paging(req, &per_page, &before, err)) != BZ_OK ||
        (status = req->store->ops->account_feed(
             req->store, req->arena, v.account.id, before, 0, per_page,
             &feed, &count, &more, err)) != BZ_OK ||
        (status = bz_form_personal(resp, err)) != BZ_OK)
        return status;
    bz_form_page_begin(out, "Your feed", &v, NULL, NULL);
    bz_html_raw(out, "<p>New works by <a href=\"/following\">the researchers "
                     "you follow</a>, newest first, as they arrive in "
                     "bzpeer.</p>\n");
    if (count == 0)
        bz_html_raw(out, before ? "<p>No older works.</p>\n"
                                : "<p>No works yet: follow researchers from "
                                  "their profiles.</p>\n");
    for (size_t i = 0; i < count; i++)
        feed_item(out, &feed[i]);
    feed_next_link(out, "/feed", more, per_page,
                   count ? feed[count - 1].work.id : 0, "Older works");
    bz_form_page_end(out);
    return BZ_OK;
}

/* --- the weekly digest, on /account --------------------------------------- */

void bz_page_digest_section(struct bz_request *req, struct bz_buf *out,
                            const struct bz_viewer *v)
{
    struct bz_error err = {0};
    int on = 0;

    if (req->store->ops->digest_get(req->store, v->account.id, &on, &err) !=
        BZ_OK)
        return; /* the rest of the account page still shows */
    bz_html_raw(out, "<h2>Following</h2>\n<p><a href=\"/following\">The "
                     "researchers you follow</a> · <a href=\"/feed\">their "
                     "new works</a></p>\n");
    bz_form_begin(out, "/account/digest", v);
    bz_html_raw(out, "<p><label><input type=\"checkbox\" name=\"digest\" "
                     "value=\"1\"");
    if (on)
        bz_html_raw(out, " checked");
    bz_html_raw(out, "> Weekly digest: mail me the new works of the "
                     "researchers I follow once a week</label>");
    if (!v->account.email_verified)
        bz_html_raw(out, " <span class=\"muted\">(once the address is "
                         "confirmed)</span>");
    bz_html_raw(out, "</p>\n");
    bz_form_submit(out, "Save the digest setting");
}

enum bz_status bz_page_digest_post(struct bz_request *req,
                                   struct bz_response *resp,
                                   struct bz_error *err)
{
    const char *digest;
    struct bz_viewer v;
    enum bz_status status;

    if ((status = bz_form_signed_in(req, resp, &v, "/account", err)) ||
        (status = bz_viewer_check_post(req, &v, err)) != BZ_OK)
        return status;
    digest = bz_request_form(req, "digest");
    if (digest != NULL && strcmp(digest, "1") != 0)
        return bz_error_set(err, BZ_INVALID,
                            "the field 'digest' is \"1\" or absent");
    status = req->store->ops->digest_set(req->store, v.account.id,
                                         digest != NULL,
                                         (int64_t)time(NULL), err);
    if (status != BZ_OK)
        return status;
    return bz_form_see_other(req, resp, "/account?done=digest", err);
}

/* --- the Atom feed -------------------------------------------------------- */

/* Text for XML: escaped as HTML is, without the control characters XML
 * 1.0 cannot hold (all below U+0020 but tab, newline and return). */
static void atom_text(struct bz_buf *out, const char *s)
{
    size_t start = 0, i;

    if (s == NULL)
        return;
    for (i = 0; s[i]; i++) {
        unsigned char c = (unsigned char)s[i];

        if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r')
            continue;
        bz_html_textn(out, s + start, i - start);
        start = i + 1;
    }
    bz_html_textn(out, s + start, i - start);
}

/* An element holding text: <name>text</name>. */
static void atom_element(struct bz_buf *out, const char *name,
                         const char *text)
{
    bz_buf_printf(out, "<%s>", name);
    atom_text(out, text);
    bz_buf_printf(out, "</%s>\n", name);
}

/* base_url without its trailing slashes. */
static int atom_base_length(const char *base)
{
    size_t n = strlen(base);

    while (n > 0 && base[n - 1] == '/')
        n--;
    return (int)n;
}

/* An absolute address: base_url, then path. */
static void atom_url(struct bz_buf *out, const char *base, const char *path)
{
    bz_buf_printf(out, "%.*s", atom_base_length(base), base);
    atom_text(out, path);
}

static void atom_entry(struct bz_buf *out, struct bz_arena *arena,
                       const char *base, const struct bz_feed_entry *e)
{
    const struct bz_work *w = &e->work;
    char at[32];

    feed_rfc3339(e->added_at, at, sizeof(at));
    bz_html_raw(out, "<entry>\n<id>");
    atom_url(out, base, bz_arena_printf(arena, "/works/W%lld",
                                        (long long)w->id));
    bz_html_raw(out, "</id>\n");
    atom_element(out, "title", w->title);
    bz_html_raw(out, "<link rel=\"alternate\" type=\"text/html\" href=\"");
    atom_url(out, base, bz_page_work_path(arena, w->id, w->slug));
    bz_buf_printf(out, "\"/>\n<published>%s</published>\n"
                       "<updated>%s</updated>\n",
                  at, at);
    for (size_t i = 0; i < w->authorship_count; i++) {
        const struct bz_authorship *a = &w->authorships[i];

        bz_html_raw(out, "<author>\n");
        atom_element(out, "name", a->researcher_id ? a->researcher_name
                                                   : a->raw_name);
        if (a->researcher_id) {
            bz_html_raw(out, "<uri>");
            atom_url(out, base,
                     bz_page_researcher_path(arena, a->researcher_id,
                                             a->researcher_slug));
            bz_html_raw(out, "</uri>\n");
        }
        bz_html_raw(out, "</author>\n");
    }
    if (w->type) {
        bz_html_raw(out, "<category term=\"");
        atom_text(out, w->type);
        bz_html_raw(out, "\"/>\n");
    }
    if (w->abstract && *w->abstract) {
        bz_html_raw(out, "<summary type=\"text\">");
        atom_text(out, w->abstract);
        bz_html_raw(out, "</summary>\n");
    }
    bz_html_raw(out, "</entry>\n");
}

static void atom_feed(struct bz_buf *out, struct bz_arena *arena,
                      const char *base, const struct bz_researcher *r,
                      const struct bz_feed_entry *feed, size_t count)
{
    const char *profile = bz_page_researcher_path(arena, r->id, r->slug);
    char updated[32];

    /* the newest entry's time; with none, the Unix epoch: nothing of the
     * record's has come yet, and the bytes stay the same until it does */
    feed_rfc3339(count ? feed[0].added_at : NULL, updated, sizeof(updated));
    bz_html_raw(out, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                     "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n<id>");
    atom_url(out, base, bz_arena_printf(arena, "/researchers/R%lld",
                                        (long long)r->id));
    bz_html_raw(out, "</id>\n<title>New works by ");
    atom_text(out, r->display_name);
    bz_html_raw(out, " · bzpeer</title>\n<link rel=\"alternate\" "
                     "type=\"text/html\" href=\"");
    atom_url(out, base, profile);
    bz_html_raw(out, "\"/>\n<link rel=\"self\" type=\"application/atom+xml\" "
                     "href=\"");
    atom_url(out, base, bz_arena_printf(arena, "%s/feed.atom", profile));
    bz_buf_printf(out, "\"/>\n<updated>%s</updated>\n<author>\n", updated);
    atom_element(out, "name", r->display_name);
    bz_html_raw(out, "<uri>");
    atom_url(out, base, profile);
    bz_html_raw(out, "</uri>\n</author>\n<generator>bzpeer</generator>\n");
    for (size_t i = 0; i < count; i++)
        atom_entry(out, arena, base, &feed[i]);
    bz_html_raw(out, "</feed>\n");
}

/* 301 to the canonical address's feed, as the profile does. */
static enum bz_status atom_moved(struct bz_request *req,
                                 struct bz_response *resp, int64_t id,
                                 const char *slug)
{
    resp->location = bz_arena_printf(
        req->arena, "%s/feed.atom", bz_page_researcher_path(req->arena, id,
                                                            slug));
    resp->cacheable = 1;
    return BZ_MOVED;
}

enum bz_status bz_page_researcher_atom(struct bz_request *req,
                                       struct bz_response *resp,
                                       const char *id, struct bz_error *err)
{
    struct bz_feed_entry *feed;
    struct bz_researcher r;
    struct bz_id_ref ref;
    size_t count;
    int more;
    int64_t number;
    enum bz_status status;

    if ((status = bz_resolve_id(req, id, 'R', &number, &ref, err)) != BZ_OK ||
        (status = req->store->ops->researcher_get(req->store, req->arena,
                                                  number, &r, err)) != BZ_OK)
        return status;
    if (r.merged_into) {
        if ((status = req->store->ops->researcher_get(
                 req->store, req->arena, r.merged_into, &r, err)) != BZ_OK)
            return status;
        return atom_moved(req, resp, r.id, r.slug);
    }
    if (r.hidden_at)
        return bz_error_set(err, BZ_GONE,
                            "this record is hidden at the request of the "
                            "person it describes");
    if (!bz_page_is_canonical(&ref, r.slug))
        return atom_moved(req, resp, r.id, r.slug);
    if ((status = req->store->ops->researcher_feed(
             req->store, req->arena, r.id, 0, 0, FEED_ATOM_ENTRIES, &feed,
             &count, &more, err)) != BZ_OK)
        return status;
    atom_feed(&resp->body, req->arena, req->config->base_url, &r, feed,
              count);
    resp->content_type = "application/atom+xml; charset=utf-8";
    resp->cacheable = 1;
    return resp->body.failed ? bz_error_set(err, BZ_NOMEM, "out of memory")
                             : BZ_OK;
}
