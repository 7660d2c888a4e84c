/* reaction.c - the rules of reactions, the library, reviews and work
 * links (reaction.h). */
#include "reaction/reaction.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api/json.h"
#include "core/arena.h"
#include "core/links.h"
#include "owner/owner.h"

static enum bz_status reaction_end(const struct bz_reaction_ctx *ctx,
                                   enum bz_status status, struct bz_error *err)
{
    return bz_store_finish(ctx->store, status, err);
}

/* 1 when s has a byte below 0x20 or DEL, which no name or summary needs
 * (comments may have line breaks and tabs: allow_breaks). */
static int reaction_has_control(const char *s, int allow_breaks)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p < 0x20 || *p == 0x7f) &&
            !(allow_breaks && (*p == '\n' || *p == '\r' || *p == '\t')))
            return 1;
    return 0;
}

static int reaction_blank(const char *s)
{
    for (; s && *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
            return 0;
    return 1;
}

/* A required text of at most max bytes, named what in messages. */
static enum bz_status reaction_text(const char *s, const char *what, size_t max,
                                    int allow_breaks, struct bz_error *err)
{
    if (reaction_blank(s))
        return bz_error_set(err, BZ_INVALID, "a %s is required", what);
    if (strlen(s) > max)
        return bz_error_set(err, BZ_INVALID, "the %s is longer than %zu bytes",
                            what, max);
    if (reaction_has_control(s, allow_breaks))
        return bz_error_set(err, BZ_INVALID, "the %s has a control character",
                            what);
    return BZ_OK;
}

enum bz_status bz_reaction_set(const struct bz_reaction_ctx *ctx,
                               const struct bz_account *a, int64_t work_id,
                               const char *reaction, struct bz_error *err)
{
    const char *kind;

    if (reaction && strcmp(reaction, "like") == 0)
        kind = "like";
    else if (reaction && strcmp(reaction, "dislike") == 0)
        kind = "dislike";
    else if (reaction && strcmp(reaction, "none") == 0)
        kind = NULL;
    else
        return bz_error_set(err, BZ_INVALID,
                            "a reaction is 'like', 'dislike' or 'none'");
    return ctx->store->ops->work_react(ctx->store, work_id, a->id, kind,
                                       ctx->now, err);
}

/* --- the library ---------------------------------------------------------- */

static enum bz_status library_name(const char *name, struct bz_error *err)
{
    return reaction_text(name, "collection name", BZ_COLLECTION_NAME_MAX, 0,
                         err);
}

enum bz_status bz_library_create(const struct bz_reaction_ctx *ctx,
                                 const struct bz_account *a, const char *name,
                                 int64_t *id, struct bz_error *err)
{
    struct bz_arena arena;
    struct bz_collection *list;
    size_t count;
    enum bz_status status;

    *id = 0;
    if ((status = library_name(name, err)) != BZ_OK)
        return status;
    if ((status = ctx->store->ops->begin(ctx->store, err)) != BZ_OK)
        return status;
    bz_arena_init(&arena, 0);
    status = ctx->store->ops->collection_list(ctx->store, &arena, a->id, 0,
                                              &list, &count, err);
    if (status == BZ_OK && count >= BZ_COLLECTIONS_MAX)
        status = bz_error_set(err, BZ_INVALID,
                              "you have %d collections, the most there can "
                              "be: delete one first",
                              BZ_COLLECTIONS_MAX);
    if (status == BZ_OK)
        status = ctx->store->ops->collection_create(ctx->store, a->id, name,
                                                    ctx->now, id, err);
    bz_arena_release(&arena);
    return reaction_end(ctx, status, err);
}

enum bz_status bz_library_rename(const struct bz_reaction_ctx *ctx,
                                 const struct bz_account *a, int64_t id,
                                 const char *name, struct bz_error *err)
{
    enum bz_status status = library_name(name, err);

    if (status != BZ_OK)
        return status;
    return ctx->store->ops->collection_rename(ctx->store, a->id, id, name, err);
}

enum bz_status bz_library_delete(const struct bz_reaction_ctx *ctx,
                                 const struct bz_account *a, int64_t id,
                                 struct bz_error *err)
{
    return ctx->store->ops->collection_delete(ctx->store, a->id, id, err);
}

enum bz_status bz_library_save(const struct bz_reaction_ctx *ctx,
                               const struct bz_account *a, int64_t id,
                               int64_t work_id, int in, struct bz_error *err)
{
    return ctx->store->ops->collection_item_set(ctx->store, a->id, id, work_id,
                                                in, ctx->now, err);
}

/* --- reviews -------------------------------------------------------------- */

enum bz_status bz_review_rating(const char *text, const char *what, int *out,
                                struct bz_error *err)
{
    char *end;
    long n;

    *out = 0;
    if (text == NULL || *text == '\0')
        return bz_error_set(err, BZ_INVALID, "a %s rating is required", what);
    n = strtol(text, &end, 10);
    if (*end != '\0' || text[0] < '0' || text[0] > '9' ||
        n < BZ_REVIEW_RATING_MIN || n > BZ_REVIEW_RATING_MAX)
        return bz_error_set(err, BZ_INVALID,
                            "the %s rating must be a whole number from %d "
                            "to %d",
                            what, BZ_REVIEW_RATING_MIN, BZ_REVIEW_RATING_MAX);
    *out = (int)n;
    return BZ_OK;
}

static enum bz_status review_check(const struct bz_review *r,
                                   struct bz_error *err)
{
    enum bz_status status =
        reaction_text(r->summary, "summary", BZ_REVIEW_SUMMARY_MAX, 1, err);

    if (status != BZ_OK)
        return status;
    if (r->soundness < BZ_REVIEW_RATING_MIN ||
        r->soundness > BZ_REVIEW_RATING_MAX ||
        r->significance < BZ_REVIEW_RATING_MIN ||
        r->significance > BZ_REVIEW_RATING_MAX)
        return bz_error_set(err, BZ_INVALID,
                            "ratings are whole numbers from %d to %d",
                            BZ_REVIEW_RATING_MIN, BZ_REVIEW_RATING_MAX);
    if (r->comments && !reaction_blank(r->comments))
        return reaction_text(r->comments, "comments", BZ_REVIEW_COMMENTS_MAX, 1,
                             err);
    return BZ_OK;
}

/* r with blank comments as none, and the author a. */
static struct bz_review review_of(const struct bz_account *a,
                                  const struct bz_review *r)
{
    struct bz_review v = *r;

    v.account_id = a->id;
    if (reaction_blank(v.comments))
        v.comments = NULL;
    return v;
}

enum bz_status bz_review_create(const struct bz_reaction_ctx *ctx,
                                const struct bz_account *a,
                                const struct bz_review *r, int64_t *id,
                                struct bz_error *err)
{
    struct bz_review v = review_of(a, r);
    enum bz_status status = review_check(&v, err);

    *id = 0;
    if (status != BZ_OK)
        return status;
    return ctx->store->ops->review_insert(ctx->store, &v, ctx->now, id, err);
}

/* Review id as it is stored (arena), shown (not hidden). */
static enum bz_status review_shown(const struct bz_reaction_ctx *ctx,
                                   struct bz_arena *arena, int64_t id,
                                   struct bz_review *out, struct bz_error *err)
{
    enum bz_status status =
        ctx->store->ops->review_get(ctx->store, arena, id, out, err);

    if (status == BZ_OK && out->hidden_at != 0)
        return bz_error_set(err, BZ_NOT_FOUND, "no review %lld", (long long)id);
    return status;
}

enum bz_status bz_review_edit(const struct bz_reaction_ctx *ctx,
                              const struct bz_account *a,
                              const struct bz_review *r, struct bz_error *err)
{
    struct bz_review v = review_of(a, r), stored;
    struct bz_arena arena;
    enum bz_status status = review_check(&v, err);

    if (status != BZ_OK)
        return status;
    if ((status = ctx->store->ops->begin(ctx->store, err)) != BZ_OK)
        return status;
    bz_arena_init(&arena, 0);
    status = review_shown(ctx, &arena, r->id, &stored, err);
    if (status == BZ_OK && stored.account_id != a->id)
        status = bz_error_set(err, BZ_FORBIDDEN,
                              "only its author may edit this review");
    if (status == BZ_OK)
        status = ctx->store->ops->review_update(ctx->store, &v, ctx->now, err);
    bz_arena_release(&arena);
    return reaction_end(ctx, status, err);
}

enum bz_status bz_review_report(const struct bz_reaction_ctx *ctx,
                                const struct bz_account *a, int64_t id,
                                const char *reason, int64_t *report_id,
                                struct bz_error *err)
{
    struct bz_review stored;
    struct bz_arena arena;
    enum bz_status status =
        reaction_text(reason, "reason", BZ_REVIEW_REPORT_MAX, 1, err);

    *report_id = 0;
    if (status != BZ_OK)
        return status;
    if ((status = ctx->store->ops->begin(ctx->store, err)) != BZ_OK)
        return status;
    bz_arena_init(&arena, 0);
    status = review_shown(ctx, &arena, id, &stored, err);
    if (status == BZ_OK)
        status = ctx->store->ops->review_report_insert(
            ctx->store, id, a->id, reason, ctx->now, report_id, err);
    bz_arena_release(&arena);
    return reaction_end(ctx, status, err);
}

enum bz_status bz_review_decide(const struct bz_reaction_ctx *ctx,
                                const struct bz_account *m, int64_t id,
                                const char *decision, struct bz_error *err)
{
    enum bz_review_decision d;

    if (!bz_owner_is_moderator(m))
        return bz_error_set(err, BZ_FORBIDDEN, "this is for moderators");
    if (decision && strcmp(decision, "hide") == 0)
        d = BZ_REVIEW_HIDE;
    else if (decision && strcmp(decision, "dismiss") == 0)
        d = BZ_REVIEW_DISMISS;
    else if (decision && strcmp(decision, "restore") == 0)
        d = BZ_REVIEW_RESTORE;
    else
        return bz_error_set(err, BZ_INVALID,
                            "a decision is 'hide', 'dismiss' or 'restore'");
    return ctx->store->ops->review_report_decide(ctx->store, id, d, m->id,
                                                 ctx->now, err);
}

/* --- links ---------------------------------------------------------------- */

int64_t bz_work_link_author(const struct bz_account *a, const struct bz_work *w)
{
    if (a == NULL || a->owns_researcher_id == 0)
        return 0;
    for (size_t i = 0; i < w->authorship_count; i++)
        if (w->authorships[i].researcher_id == a->owns_researcher_id)
            return a->owns_researcher_id;
    return 0;
}

static int link_host_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '-' || c == '.';
}

enum bz_status bz_work_link_check(const char *url, struct bz_error *err)
{
    const char *host, *p;
    int dot = 0;

    if (url == NULL || *url == '\0')
        return bz_error_set(err, BZ_INVALID, "an address is required");
    if (strlen(url) > BZ_WORK_LINK_URL_MAX)
        return bz_error_set(err, BZ_INVALID,
                            "the address is longer than %d bytes",
                            BZ_WORK_LINK_URL_MAX);
    if (strncasecmp(url, "https://", 8) == 0)
        host = url + 8;
    else if (strncasecmp(url, "http://", 7) == 0)
        host = url + 7;
    else
        return bz_error_set(err, BZ_INVALID,
                            "the address must begin with https:// or "
                            "http://");
    for (p = url; *p; p++)
        if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f ||
            strchr("\"<>\\^`{|}", *p))
            return bz_error_set(err, BZ_INVALID,
                                "the address has a space or a character "
                                "that no address has");
    for (p = host; link_host_char(*p); p++)
        dot |= *p == '.';
    if (*p == ':')
        for (p++; *p >= '0' && *p <= '9'; p++)
            ;
    if (p == host || !dot || host[0] == '.' || p[-1] == '.' ||
        (*p != '\0' && *p != '/' && *p != '?' && *p != '#'))
        return bz_error_set(err, BZ_INVALID,
                            "the address needs a host name such as "
                            "github.com (and no user name)");
    return BZ_OK;
}

static enum bz_status link_right(const struct bz_account *a,
                                 const struct bz_work *w,
                                 int64_t *researcher_id, struct bz_error *err)
{
    *researcher_id = bz_work_link_author(a, w);
    if (*researcher_id == 0)
        return bz_error_set(err, BZ_FORBIDDEN,
                            "only the owner of an author's record of this "
                            "work may change its links");
    return BZ_OK;
}

/* BZ_INVALID when w's abstract gives url already, or w has the most
 * links (a transaction is open). */
static enum bz_status link_new(const struct bz_reaction_ctx *ctx,
                               struct bz_arena *arena, const struct bz_work *w,
                               const char *url, struct bz_error *err)
{
    const char *found[BZ_LINKS_MAX];
    struct bz_work_link *links;
    size_t n, count;
    enum bz_status status;

    n = bz_links_find(arena, w->abstract, BZ_LINK_CODE, found, BZ_LINKS_MAX);
    n += bz_links_find(arena, w->abstract, BZ_LINK_DATASET, found + n,
                       BZ_LINKS_MAX - n);
    for (size_t i = 0; i < n; i++)
        if (strcmp(found[i], url) == 0)
            return bz_error_set(err, BZ_INVALID,
                                "the abstract gives this link already");
    status = ctx->store->ops->work_link_list(ctx->store, arena, w->id, &links,
                                             &count, err);
    if (status == BZ_OK && count >= BZ_WORK_LINKS_MAX)
        return bz_error_set(err, BZ_INVALID,
                            "this work has %d links, the most there can be",
                            BZ_WORK_LINKS_MAX);
    return status;
}

enum bz_status bz_work_link_add(const struct bz_reaction_ctx *ctx,
                                const struct bz_account *a,
                                const struct bz_work *w, const char *kind,
                                const char *url, int64_t *id,
                                struct bz_error *err)
{
    struct bz_work_link link = {0};
    struct bz_arena arena;
    enum bz_status status;

    *id = 0;
    if ((status = link_right(a, w, &link.researcher_id, err)) != BZ_OK)
        return status;
    if (kind == NULL || (strcmp(kind, "code") && strcmp(kind, "dataset")))
        return bz_error_set(err, BZ_INVALID,
                            "a link's kind is 'code' or 'dataset'");
    if ((status = bz_work_link_check(url, err)) != BZ_OK)
        return status;
    link.work_id = w->id;
    link.kind = kind;
    link.url = url;
    link.account_id = a->id;
    link.created_at = ctx->now;
    if ((status = ctx->store->ops->begin(ctx->store, err)) != BZ_OK)
        return status;
    bz_arena_init(&arena, 0);
    status = link_new(ctx, &arena, w, url, err);
    if (status == BZ_OK)
        status = ctx->store->ops->work_link_insert(ctx->store, &link, id, err);
    bz_arena_release(&arena);
    return reaction_end(ctx, status, err);
}

enum bz_status bz_work_link_remove(const struct bz_reaction_ctx *ctx,
                                   const struct bz_account *a,
                                   const struct bz_work *w, int64_t id,
                                   struct bz_error *err)
{
    int64_t researcher_id;
    enum bz_status status = link_right(a, w, &researcher_id, err);

    if (status != BZ_OK)
        return status;
    return ctx->store->ops->work_link_delete(ctx->store, w->id, id, err);
}

/* --- an account's export -------------------------------------------------- */

struct export_collection {
    struct bz_collection collection;
    struct bz_work_ref *works;
    size_t work_count;
};

static void export_reactions(yajl_gen g, const struct bz_work_reaction *r,
                             size_t n)
{
    bz_json_key(g, "reactions");
    yajl_gen_array_open(g);
    for (size_t i = 0; i < n; i++) {
        yajl_gen_map_open(g);
        bz_json_kv_id(g, "work", 'W', r[i].work_id);
        bz_json_kv_string(g, "kind", r[i].kind);
        bz_json_kv_long(g, "at", r[i].created_at);
        yajl_gen_map_close(g);
    }
    yajl_gen_array_close(g);
}

static void export_collections(yajl_gen g, const struct export_collection *c,
                               size_t n)
{
    bz_json_key(g, "collections");
    yajl_gen_array_open(g);
    for (size_t i = 0; i < n; i++) {
        yajl_gen_map_open(g);
        bz_json_kv_string(g, "name", c[i].collection.name);
        bz_json_kv_long(g, "created_at", c[i].collection.created_at);
        bz_json_key(g, "works");
        yajl_gen_array_open(g);
        for (size_t k = 0; k < c[i].work_count; k++) {
            char id[24];

            snprintf(id, sizeof id, "W%lld", (long long)c[i].works[k].id);
            bz_json_string(g, id);
        }
        yajl_gen_array_close(g);
        yajl_gen_map_close(g);
    }
    yajl_gen_array_close(g);
}

static void export_reviews(yajl_gen g, const struct bz_review *v, size_t n)
{
    bz_json_key(g, "reviews");
    yajl_gen_array_open(g);
    for (size_t i = 0; i < n; i++) {
        yajl_gen_map_open(g);
        bz_json_kv_long(g, "id", v[i].id);
        bz_json_kv_id(g, "work", 'W', v[i].work_id);
        bz_json_kv_string(g, "summary", v[i].summary);
        bz_json_kv_long(g, "soundness", v[i].soundness);
        bz_json_kv_long(g, "significance", v[i].significance);
        bz_json_kv_string(g, "comments", v[i].comments);
        bz_json_kv_long(g, "created_at", v[i].created_at);
        bz_json_kv_long(g, "updated_at", v[i].updated_at);
        bz_json_kv_bool(g, "hidden", v[i].hidden_at != 0);
        yajl_gen_map_close(g);
    }
    yajl_gen_array_close(g);
}

enum bz_status bz_reaction_export(struct bz_store *store,
                                  struct bz_arena *arena,
                                  const struct bz_account *a, yajl_gen g,
                                  struct bz_error *err)
{
    struct bz_work_reaction *reactions;
    struct bz_collection *list;
    struct export_collection *collections;
    struct bz_review *reviews;
    size_t reaction_count, count, review_count;
    enum bz_status status;

    if ((status = store->ops->account_reactions(
             store, arena, a->id, &reactions, &reaction_count, err)) != BZ_OK ||
        (status = store->ops->account_reviews(store, arena, a->id, &reviews,
                                              &review_count, err)) != BZ_OK ||
        (status = store->ops->collection_list(store, arena, a->id, 0, &list,
                                              &count, err)) != BZ_OK)
        return status;
    collections = bz_arena_calloc(arena, count + 1, sizeof(*collections));
    if (collections == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    for (size_t i = 0; i < count; i++)
        if ((status = store->ops->collection_get(
                 store, arena, a->id, list[i].id, &collections[i].collection,
                 &collections[i].works, &collections[i].work_count, err)) !=
            BZ_OK)
            return status;
    export_reactions(g, reactions, reaction_count);
    export_collections(g, collections, count);
    export_reviews(g, reviews, review_count);
    return BZ_OK;
}
