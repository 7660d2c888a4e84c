/* api_actions.h - the API's writes: what an account does, as the pages'
 * forms do it, answered in JSON. Each takes the account of a bearer
 * token, or of a session cookie whose request carries the session's CSRF
 * token in X-CSRF-Token (401 without an account, 403 without the token).
 */
#ifndef BZ_API_ACTIONS_H
#define BZ_API_ACTIONS_H

#include "http/request.h"

/* POST /api/v1/researchers/{id}/follow (on 1) and .../unfollow:
 * {"researcher", "following", "changed", "followers"}. A merged id
 * follows its survivor; a hidden record is 410 (to follow), one's own
 * 403. */
enum bz_status bz_api_follow(struct bz_request *req, struct bz_response *resp,
                             const char *id, int on, struct bz_error *err);

/* POST /api/v1/works/{id}/reaction with "reaction" = like, dislike or
 * none (taken back), as a form field or a JSON object's member:
 * {"work", "reaction" (null for none), "likes", "dislikes"}. */
enum bz_status bz_api_react(struct bz_request *req, struct bz_response *resp,
                            const char *id, struct bz_error *err);

/* GET /api/v1/works/{id}/reviews: the work's shown reviews, oldest
 * first, {"meta": {"count"}, "results": [review]}, each review {"id",
 * "work", "by" (the R id its author owns, or null), "by_name", "summary",
 * "soundness", "significance", "comments" (or null), "created_at",
 * "updated_at"}. Public, and cached like the work. */
enum bz_status bz_api_reviews(struct bz_request *req, struct bz_response *resp,
                              const char *id, struct bz_error *err);

/* POST /api/v1/works/{id}/review: the account's review of the work,
 * "summary", "soundness" and "significance" (whole numbers 1 to 5, or
 * their digits) and "comments" (optional), as JSON members or form
 * fields; made (201) or, when the account has one, replaced (200). The
 * answer is the review. */
enum bz_status bz_api_review(struct bz_request *req, struct bz_response *resp,
                             const char *id, struct bz_error *err);

#endif
