/* owner.h - what the owner of a claimed record may change, and the
 * opt-out of an unclaimed record by the person it describes.
 *
 * The rules:
 *   - only the record's owner (account.owns_researcher_id) edits it:
 *     anyone else gets BZ_FORBIDDEN, whatever id they send;
 *   - what an owner types is self-asserted: the affiliation is kept apart
 *     from imported ones and earns no points; the level never moves;
 *   - a hidden work leaves the record's list and its trust score; a
 *     featured one is shown first; a work marked "not mine" is split off
 *     to a new record, as `bzpeer split` does;
 *   - an opt-out is asked for an unclaimed record by a signed-in account
 *     with a verified email address; a moderator approves it (the record
 *     is hidden: its page and JSON answer 410, it leaves lists and search,
 *     merges and claims refuse it), rejects it, or restores an approved
 *     one; the requester gets a mail on each decision.
 * Every change is an audit entry with actor "A<account id>" and subject
 * "R<record id>". Each function runs in a transaction of its own: all of
 * it or none.
 */
#ifndef BZ_OWNER_H
#define BZ_OWNER_H

#include <stdint.h>

#include "core/arena.h"
#include "core/config.h"
#include "core/error.h"
#include "store/store.h"

#define BZ_OWNER_NAME_MAX 200    /* bytes of a display name */
#define BZ_OWNER_SUMMARY_MAX 300 /* bytes of the one-line summary */
#define BZ_OWNER_AFFILIATION_MAX 300
#define BZ_OWNER_FEATURED_MAX 5  /* works featured at once */
#define BZ_OWNER_NOTE_MAX 4000   /* bytes of an opt-out's note */
#define BZ_OWNER_REASON_MAX 1000 /* bytes of a moderator's reason */
#define BZ_OWNER_NOT_MINE_REASON "marked not mine by its owner"

struct bz_owner_ctx {
    struct bz_store *store;
    const struct bz_config *cfg; /* base_url for mails; may be NULL */
    int64_t now;                 /* Unix seconds */
};

/* BZ_OK when account a owns record id, else BZ_FORBIDDEN. */
enum bz_status bz_owner_check(const struct bz_account *a, int64_t id,
                              struct bz_error *err);

/* Sets the fields of e on a's record id (store.h's researcher_edit), with
 * their limits checked (BZ_INVALID). */
enum bz_status bz_owner_edit(const struct bz_owner_ctx *ctx,
                             const struct bz_account *a, int64_t id,
                             const struct bz_researcher_edit *e,
                             struct bz_error *err);

/* Hides names[i] when hidden[i], shows it otherwise. */
enum bz_status bz_owner_names(const struct bz_owner_ctx *ctx,
                              const struct bz_account *a, int64_t id,
                              const char *const *names, const int *hidden,
                              size_t count, struct bz_error *err);

/* Sets flags on the works they name, then splits the works of not_mine
 * (may be empty) off to a new record, *new_id (0 when none was split).
 * BZ_INVALID when more than BZ_OWNER_FEATURED_MAX are featured, a work is
 * not the record's, or not_mine would take every work. */
enum bz_status bz_owner_works(const struct bz_owner_ctx *ctx,
                              const struct bz_account *a, int64_t id,
                              const struct bz_work_flag *flags,
                              size_t flag_count, const int64_t *not_mine,
                              size_t not_mine_count, int64_t *new_id,
                              struct bz_error *err);

/* A pending opt-out of record id by a, *opt_out_id. BZ_FORBIDDEN when a's
 * email is not verified, BZ_CONFLICT when the record is claimed or a has
 * one waiting for it, BZ_GONE when it is hidden already. */
enum bz_status bz_opt_out_request(const struct bz_owner_ctx *ctx,
                                  const struct bz_account *a, int64_t id,
                                  const char *note, int64_t *opt_out_id,
                                  struct bz_error *err);

/* A moderator's decision on opt-out opt_out_id: "approve" or "reject" a
 * pending one, "restore" an approved one. BZ_FORBIDDEN for an account
 * that is not a moderator or admin, BZ_CONFLICT when the opt-out is not
 * in a state the decision applies to, BZ_INVALID for another decision. */
enum bz_status bz_opt_out_decide(const struct bz_owner_ctx *ctx,
                                 const struct bz_account *moderator,
                                 int64_t opt_out_id, const char *decision,
                                 const char *reason, struct bz_error *err);

/* 1 when a may moderate. */
int bz_owner_is_moderator(const struct bz_account *a);

#endif
