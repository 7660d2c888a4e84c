/* follow.h - the rules of following a researcher record.
 *
 *   - any signed-in account may follow any record that is not hidden;
 *   - following is idempotent: following twice is one follow, unfollowing
 *     what is not followed changes nothing;
 *   - the owner of a record cannot follow it (BZ_FORBIDDEN); a follow from
 *     before the account claimed the record stays, is never counted, and
 *     can be undone;
 *   - a merged record's follow goes to the record it was merged into;
 *   - the count is every follower but the owner, exact when the call
 *     returns, and followers with a verified email feed the trust score
 *     (score.h).
 * Each call runs in a transaction of its own, so that its answer is the
 * state every server shows from then on.
 */
#ifndef BZ_FOLLOW_H
#define BZ_FOLLOW_H

#include <stdint.h>

#include "core/error.h"
#include "store/store.h"

/* What a follow or an unfollow left. */
struct bz_follow_state {
    int64_t researcher_id; /* the record followed: the survivor of a merge */
    int following;         /* the account follows it now */
    int changed;           /* the call added or removed the follow */
    long followers;        /* the count after the call */
};

/* Makes account_id follow researcher id (on 1) or stop (on 0) and fills
 * *out. BZ_NOT_FOUND for an unknown record or account, BZ_GONE when on
 * and the record is hidden, BZ_FORBIDDEN when on and the account owns
 * the record. */
enum bz_status bz_follow_set(struct bz_store *store, int64_t account_id,
                             int64_t id, int on, struct bz_follow_state *out,
                             struct bz_error *err);

#endif
