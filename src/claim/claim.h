/* claim.h - SPEC.md's rules for claiming a researcher record: who may
 * claim, what evidence proves, when a claim is approved at once, waits
 * for a moderator or opens a dispute, and what approval and revocation do
 * to the record's verification level and trust score.
 *
 * The rules, in short:
 *   - the claimant's account must have a verified email address, own no
 *     record and have no other claim open (one record per account);
 *   - a merged record cannot be claimed (its survivor can);
 *   - evidence is checked against what sources said, never against what
 *     an owner typed: "orcid" (the iD an ORCID sign-in proved equals one
 *     of the record's), "metadata_email" (the account's address is one the
 *     record's source metadata gives), "domain_email" (the address is at
 *     the host of an imported institution's homepage, without "www.", or
 *     a subdomain of it), "documents" (links and a note for a moderator),
 *     "statement" (the claimant's words alone);
 *   - "orcid" and "metadata_email" are approved at once at L3; the others
 *     wait for a moderator, who approves at L2 ("statement") or L3;
 *   - a claim on a record that is claimed, or has a claim pending or
 *     disputed, makes every open claim of that record "disputed": the
 *     owner in force keeps the record until a moderator decides;
 *   - approval makes the account the owner and the record's claim_level
 *     the claim's level (score.h reads it: the level and trust score
 *     follow at once); revocation, withdrawal and the account's deletion
 *     set it back to 0.
 * Every change is an audit entry: subject "C<claim id>", actor
 * "A<account id>" or "cli"; a change of level is also an entry about the
 * record ("R<id>", action "claim_level"). Each decision queues a mail to
 * the claimant (the store's outbox) with links from cfg->base_url.
 *
 * Each function below but bz_claim_release_account runs in a transaction
 * of its own: all of it or none.
 */
#ifndef BZ_CLAIM_H
#define BZ_CLAIM_H

#include <stdint.h>

#include "core/arena.h"
#include "core/config.h"
#include "core/error.h"
#include "store/store.h"

#define BZ_CLAIM_NOTE_MAX 4000   /* bytes of a statement or note */
#define BZ_CLAIM_DETAIL_MAX 2000 /* bytes of the document links */
#define BZ_CLAIM_LINKS_MAX 10    /* document links */
#define BZ_CLAIM_REASON_MAX 1000 /* bytes of a moderator's reason */

enum bz_claim_evidence {
    BZ_CLAIM_ORCID,
    BZ_CLAIM_METADATA_EMAIL,
    BZ_CLAIM_DOMAIN_EMAIL,
    BZ_CLAIM_DOCUMENTS,
    BZ_CLAIM_STATEMENT,
};

enum bz_claim_state {
    BZ_CLAIM_PENDING,
    BZ_CLAIM_APPROVED,
    BZ_CLAIM_REJECTED,
    BZ_CLAIM_WITHDRAWN,
    BZ_CLAIM_DISPUTED,
};

enum bz_claim_decision {
    BZ_CLAIM_APPROVE, /* a pending or disputed claim */
    BZ_CLAIM_REJECT,  /* a pending or disputed one (the owner's: revoked) */
    BZ_CLAIM_REVOKE,  /* one in force: approved, or disputed by another */
};

/* The names the store and forms use ("orcid", "pending", ...), and back;
 * a parse returns -1 for an unknown name. */
const char *bz_claim_evidence_name(enum bz_claim_evidence evidence);
int bz_claim_evidence_parse(const char *name, enum bz_claim_evidence *out);
const char *bz_claim_state_name(enum bz_claim_state state);
int bz_claim_state_parse(const char *name, enum bz_claim_state *out);

/* The level a claim with this evidence is approved at unless the
 * moderator says otherwise: 2 for a statement, else 3. */
int bz_claim_default_level(enum bz_claim_evidence evidence);

/* Who acts, and when. */
struct bz_claim_ctx {
    struct bz_store *store;
    const struct bz_config *cfg; /* base_url for the mail's links */
    int64_t now;                 /* Unix seconds */
};

/* What a claimant asks. */
struct bz_claim_request {
    int64_t researcher_id;
    enum bz_claim_evidence evidence;
    /* orcid: the iD the ORCID sign-in proved (any form); documents: the
     * links, one per line, http or https; ignored otherwise (the store
     * keeps the address or domain that matched instead) */
    const char *detail;
    /* statement and documents: required, the claimant's words for the
     * moderator; optional otherwise */
    const char *note;
};

/* Account account_id claims req->researcher_id. On BZ_OK, *claim_id is
 * the new claim and *state its state: BZ_CLAIM_APPROVED (at once),
 * BZ_CLAIM_PENDING or BZ_CLAIM_DISPUTED. Otherwise, with the reason in
 * err: BZ_INVALID for a missing note, ORCID iD or a bad link;
 * BZ_TOO_LARGE past the caps above; BZ_NOT_FOUND for no such record;
 * BZ_FORBIDDEN when the account's address is not verified or the
 * evidence does not match the record; BZ_CONFLICT when the account owns a
 * record or has a claim open already, or the record is merged. */
enum bz_status bz_claim_submit(const struct bz_claim_ctx *ctx,
                               int64_t account_id,
                               const struct bz_claim_request *req,
                               int64_t *claim_id, enum bz_claim_state *state,
                               struct bz_error *err);

/* The claimant withdraws claim_id (pending, disputed or in force; the
 * record goes back to L0 if it was theirs). BZ_NOT_FOUND when it is not
 * account_id's, BZ_CONFLICT when it was decided already. */
enum bz_status bz_claim_withdraw(const struct bz_claim_ctx *ctx,
                                 int64_t account_id, int64_t claim_id,
                                 struct bz_error *err);

/* A moderator decides claim_id. moderator_id is the deciding account
 * (its role must be moderator or admin, and the claim not its own), or 0
 * for a command ("cli" in the audit log). level: for an approval, 2 or
 * 3, or 0 for bz_claim_default_level; else ignored. reason is shown to
 * the claimant: required to reject or revoke, optional to approve.
 * Approving a claim of a disputed record rejects its other open claims
 * (and revokes the owner's, if any); ending one of two disputed claims
 * reopens the other (back to approved if it was in force, else pending).
 * BZ_FORBIDDEN, BZ_NOT_FOUND, BZ_INVALID (no reason, a bad level),
 * BZ_CONFLICT (the claim's state does not allow it, the claimant owns
 * another record or was deleted, the record was merged). */
enum bz_status bz_claim_decide(const struct bz_claim_ctx *ctx,
                               int64_t moderator_id, int64_t claim_id,
                               enum bz_claim_decision decision, int level,
                               const char *reason, struct bz_error *err);

/* Claims as viewer_id may see them: a moderator or admin (or 0, a
 * command) every claim filter lets through; anyone else only their own
 * (filter->account_id is taken as viewer_id). Paged as the store's
 * claim_list: id > after, oldest first, at most limit, *more. In arena. */
enum bz_status bz_claim_list(const struct bz_claim_ctx *ctx,
                             struct bz_arena *arena, int64_t viewer_id,
                             const struct bz_claim_filter *filter,
                             int64_t after, int limit, struct bz_claim **out,
                             size_t *count, int *more, struct bz_error *err);

/* One claim and its audit entries, oldest first. */
struct bz_claim_view {
    struct bz_claim claim;
    struct bz_audit_entry *history;
    size_t history_count;
};

/* Claim claim_id as viewer_id may see it (rules of bz_claim_list): its
 * claimant, a moderator or admin, or 0. BZ_NOT_FOUND for anyone else, as
 * for no such claim. In arena. */
enum bz_status bz_claim_get(const struct bz_claim_ctx *ctx,
                            struct bz_arena *arena, int64_t viewer_id,
                            int64_t claim_id, struct bz_claim_view *out,
                            struct bz_error *err);

/* Ends every open claim of account_id before the account is deleted:
 * each is withdrawn ("the account was deleted"), with its audit entries,
 * its record back to L0 if it owned it, and a dispute it was in settled
 * as bz_claim_decide settles it. Runs inside the caller's open
 * transaction, before the store's account_delete. */
enum bz_status bz_claim_release_account(const struct bz_claim_ctx *ctx,
                                        int64_t account_id,
                                        struct bz_error *err);

/* Whether an email address's domain is at homepage's host: equal to the
 * host without a leading "www.", or a subdomain of it. A host of one
 * label, an IP address or a bare public suffix ("ac.uk") matches
 * nothing. For tests and for the claim form's hint. */
int bz_claim_domain_matches(const char *email, const char *homepage);

#endif
