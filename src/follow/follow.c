/* follow.c - the rules of following (follow.h). */
#include "follow/follow.h"

#include <string.h>

#include "core/arena.h"

/* The record to follow: id, or the survivor it was merged into. */
static enum bz_status follow_target(struct bz_store *store,
                                    struct bz_arena *arena, int64_t id,
                                    int on, struct bz_researcher *r,
                                    struct bz_error *err)
{
    enum bz_status status;

    status = store->ops->researcher_get(store, arena, id, r, err);
    if (status == BZ_OK && r->merged_into)
        status = store->ops->researcher_get(store, arena, r->merged_into, r,
                                            err);
    if (status == BZ_OK && on && r->hidden_at)
        return bz_error_set(err, BZ_GONE,
                            "the record 'R%lld' is hidden at the request "
                            "of the person it describes",
                            (long long)r->id);
    return status;
}

/* The steps of bz_follow_set, inside its transaction. The store's writers
 * take turns (store.h), so the owner read here stays the owner until the
 * follow is written. */
static enum bz_status follow_write(struct bz_store *store,
                                   struct bz_arena *arena,
                                   int64_t account_id, int64_t id, int on,
                                   struct bz_follow_state *out,
                                   struct bz_error *err)
{
    struct bz_researcher r;
    struct bz_account a;
    long verified;
    enum bz_status status;

    if ((status = follow_target(store, arena, id, on, &r, err)) != BZ_OK ||
        (status = store->ops->account_get(store, arena, account_id, &a,
                                          err)) != BZ_OK)
        return status;
    if (on && a.owns_researcher_id == r.id)
        return bz_error_set(err, BZ_FORBIDDEN,
                            "you own the record 'R%lld': nobody follows "
                            "their own record",
                            (long long)r.id);
    out->researcher_id = r.id;
    out->following = on;
    if ((status = store->ops->follow_set(store, account_id, r.id, on,
                                         &out->changed, err)) != BZ_OK)
        return status;
    return store->ops->researcher_followers(store, r.id, &out->followers,
                                            &verified, err);
}

enum bz_status bz_follow_set(struct bz_store *store, int64_t account_id,
                             int64_t id, int on, struct bz_follow_state *out,
                             struct bz_error *err)
{
    struct bz_arena arena;
    enum bz_status status;

    memset(out, 0, sizeof(*out));
    if ((status = store->ops->begin(store, err)) != BZ_OK)
        return status;
    bz_arena_init(&arena, 0);
    status = follow_write(store, &arena, account_id, id, on, out, err);
    bz_arena_release(&arena);
    if (status != BZ_OK) {
        store->ops->rollback(store, NULL);
        return status;
    }
    return store->ops->commit(store, err);
}
