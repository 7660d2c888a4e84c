/* digest.c - the weekly digest of an account's feed (digest.h). */
#include "follow/digest.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"

#define DIGEST_BATCH 100 /* accounts read at a time */

enum bz_status bz_digest_interval(const struct bz_config *cfg,
                                  int64_t *seconds, struct bz_error *err)
{
    const char *text = cfg ? bz_config_get(cfg, "digest.interval") : NULL;
    char *end;
    long long n;

    *seconds = BZ_DIGEST_INTERVAL;
    if (text == NULL || *text == '\0')
        return BZ_OK;
    errno = 0;
    n = strtoll(text, &end, 10);
    if (errno || *end || n < 1)
        return bz_error_set(err, BZ_INVALID,
                            "config 'digest.interval': '%s' is not a "
                            "number of seconds",
                            text);
    *seconds = n;
    return BZ_OK;
}

/* base_url without its trailing slashes. */
static int digest_base_length(const char *base)
{
    size_t n = strlen(base);

    while (n > 0 && base[n - 1] == '/')
        n--;
    return (int)n;
}

/* One work of the digest: its title, year and authors, and its address. */
static void digest_item(struct bz_buf *out, const char *base,
                        const struct bz_work *w)
{
    bz_buf_printf(out, "- %s", w->title);
    if (w->publication_year)
        bz_buf_printf(out, " (%d)", w->publication_year);
    for (size_t i = 0; i < w->authorship_count; i++) {
        const struct bz_authorship *a = &w->authorships[i];

        bz_buf_printf(out, "%s%s", i == 0 ? ", by " : ", ",
                      a->researcher_id ? a->researcher_name : a->raw_name);
    }
    bz_buf_printf(out, "\n  %.*s/works/W%lld%s%s\n\n",
                  digest_base_length(base), base, (long long)w->id,
                  *w->slug ? "-" : "", w->slug);
}

static char *digest_body(struct bz_arena *arena, const char *base,
                         const struct bz_feed_entry *feed, size_t count,
                         int more)
{
    int n = digest_base_length(base);
    struct bz_buf out;
    char *text;

    bz_buf_init(&out, 1u << 20);
    bz_buf_puts(&out, "New works by the researchers you follow on bzpeer, "
                      "newest first, since your last digest:\n\n");
    for (size_t i = 0; i < count; i++)
        digest_item(&out, base, &feed[i].work);
    if (more)
        bz_buf_printf(&out, "And more: the others are in your feed.\n\n");
    bz_buf_printf(&out, "Your feed: %.*s/feed\nThe researchers you follow: "
                        "%.*s/following\n\nTo stop this mail, turn the "
                        "weekly digest off on %.*s/account\n",
                  n, base, n, base, n, base);
    text = out.failed ? NULL : bz_arena_strdup(arena, out.data);
    bz_buf_release(&out);
    return text;
}

/* The digest of a, inside its transaction: claimed, then queued when
 * there is anything to say. *queued is 1 when a mail was queued. */
static enum bz_status digest_write(struct bz_store *store,
                                   struct bz_arena *arena, const char *base,
                                   const struct bz_digest_account *a,
                                   int64_t now, int *queued,
                                   struct bz_error *err)
{
    struct bz_feed_entry *feed;
    char subject[96];
    const char *body;
    size_t count;
    int more, claimed;
    enum bz_status status;

    *queued = 0;
    status = store->ops->account_feed(store, arena, a->account_id, 0,
                                      a->work_id, BZ_DIGEST_WORKS, &feed,
                                      &count, &more, err);
    if (status == BZ_OK)
        status = store->ops->digest_claim(
            store, a, now, count ? feed[0].work.id : a->work_id, &claimed,
            err);
    if (status != BZ_OK || !claimed || count == 0)
        return status;
    snprintf(subject, sizeof(subject), "Your bzpeer digest: %zu%s new "
             "work%s", count, more ? "+" : "", count == 1 && !more ? "" : "s");
    if ((body = digest_body(arena, base, feed, count, more)) == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    if ((status = store->ops->mail_enqueue(store, a->email, subject, body,
                                           now, err)) == BZ_OK)
        *queued = 1;
    return status;
}

/* One account's digest in a transaction of its own. */
static enum bz_status digest_one(struct bz_store *store, const char *base,
                                 const struct bz_digest_account *a,
                                 int64_t now, int *queued,
                                 struct bz_error *err)
{
    struct bz_arena arena;
    enum bz_status status;

    if ((status = store->ops->begin(store, err)) != BZ_OK)
        return status;
    bz_arena_init(&arena, 0);
    status = digest_write(store, &arena, base, a, now, queued, err);
    bz_arena_release(&arena);
    if (status != BZ_OK) {
        store->ops->rollback(store, NULL);
        return status;
    }
    return store->ops->commit(store, err);
}

enum bz_status bz_digest_run(struct bz_store *store,
                             const struct bz_config *cfg, int64_t now,
                             int64_t interval, int *queued,
                             struct bz_error *err)
{
    const char *base = cfg && cfg->base_url ? cfg->base_url
                                            : "http://127.0.0.1:8080";
    struct bz_digest_account *due;
    struct bz_arena arena;
    int64_t after = 0;
    size_t count;
    enum bz_status status;

    *queued = 0;
    bz_arena_init(&arena, 0);
    do {
        status = store->ops->digest_due(store, &arena, now - interval, after,
                                        DIGEST_BATCH, &due, &count, err);
        for (size_t i = 0; status == BZ_OK && i < count; i++) {
            int one = 0;

            status = digest_one(store, base, &due[i], now, &one, err);
            *queued += one;
            after = due[i].account_id;
        }
        bz_arena_reset(&arena);
    } while (status == BZ_OK && count == DIGEST_BATCH);
    bz_arena_release(&arena);
    return status;
}
