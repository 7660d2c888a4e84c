/* collaboration.h - direct collaboration: invitations to the owners of
 * claimed records, the conversations accepted ones become, and what keeps
 * them civil (caps, blocks, reports).
 *
 * The rules:
 *   - only a claimed record (claim level 2 or 3) whose owner left "open to
 *     collaborate" on can be invited, and not by its own owner
 *     (BZ_FORBIDDEN); the sender must have confirmed their email address;
 *   - an invitation has a subject (one line, 1 to BZ_COLLAB_SUBJECT_MAX
 *     bytes), a message (1 to BZ_COLLAB_MESSAGE_MAX bytes) and optionally
 *     a topic, any known T id (BZ_INVALID otherwise);
 *   - a sender sends at most collaboration.daily_invitations in any 24
 *     hours (BZ_RATE_LIMITED) and has at most one pending invitation to
 *     the same person (BZ_CONFLICT);
 *   - an invitation goes pending -> accepted | declined (its recipient) or
 *     withdrawn (its sender); answering again as before changes nothing
 *     and succeeds; any other move is BZ_CONFLICT;
 *   - an accepted invitation is a conversation of its two parties, who
 *     read it and write to it; a moderator reads it (never writes) once a
 *     party reported it; anyone else gets BZ_NOT_FOUND, as if it did not
 *     exist;
 *   - a party may block the other: a blocked account cannot invite the
 *     blocker, its pending invitations to them are declined, and no one
 *     writes in a conversation where either blocks the other;
 *   - the recipient is mailed a new invitation, the sender its answer
 *     (accepted or declined), each party the other's messages.
 * Each function that writes runs in a transaction of its own: all of it
 * or none, its mail included (the outbox).
 */
#ifndef BZ_COLLABORATION_H
#define BZ_COLLABORATION_H

#include <stdint.h>

#include "core/arena.h"
#include "core/config.h"
#include "core/error.h"
#include "store/store.h"

#define BZ_COLLAB_SUBJECT_MAX 200   /* bytes of a subject */
#define BZ_COLLAB_MESSAGE_MAX 5000  /* bytes of a message */
#define BZ_COLLAB_REASON_MAX 2000   /* bytes of a report's reason */
#define BZ_COLLAB_DAILY_DEFAULT 10  /* collaboration.daily_invitations */
#define BZ_COLLAB_LIST_MAX 200      /* invitations a list shows */
#define BZ_COLLAB_MESSAGES_MAX 500  /* newest messages a page shows */
#define BZ_COLLAB_DAY (24 * 60 * 60)

struct bz_collab_ctx {
    struct bz_store *store;
    const struct bz_config *cfg; /* base_url and the cap; may be NULL */
    int64_t now;                 /* Unix seconds */
};

/* How a viewer may see an invitation (bz_collab_open). */
enum bz_collab_role {
    BZ_COLLAB_SENDER,
    BZ_COLLAB_RECIPIENT,
    BZ_COLLAB_MODERATOR, /* reads a reported conversation only */
};

/* The cap of collaboration.daily_invitations (cfg NULL: the default). */
long bz_collab_daily_cap(const struct bz_config *cfg);

/* Checks that record r may be invited by sender, without writing:
 * BZ_FORBIDDEN with the reason (unclaimed, closed, the sender's own
 * record, unconfirmed address), BZ_GONE for a hidden record. */
enum bz_status bz_collab_may_invite(const struct bz_account *sender,
                                    const struct bz_researcher *r,
                                    struct bz_error *err);

/* Sends an invitation from sender to the owner of record researcher_id;
 * topic is "T12" or NULL/"" for none. *id is the invitation's. */
enum bz_status bz_collab_invite(const struct bz_collab_ctx *ctx,
                                const struct bz_account *sender,
                                int64_t researcher_id, const char *subject,
                                const char *message, const char *topic,
                                int64_t *id, struct bz_error *err);

/* Answers invitation id as a: "accept" or "decline" (the recipient),
 * "withdraw" (the sender). BZ_NOT_FOUND when a is not the party that may
 * give that answer, BZ_INVALID for another answer. */
enum bz_status bz_collab_answer(const struct bz_collab_ctx *ctx,
                                const struct bz_account *a, int64_t id,
                                const char *answer, struct bz_error *err);

/* Reads invitation id for a (its unread count for a) and how a may see
 * it; BZ_NOT_FOUND when a may not. conversation: for its parties only
 * an accepted one (BZ_NOT_FOUND otherwise), and for a moderator a
 * reported one in any state. */
enum bz_status bz_collab_open(const struct bz_collab_ctx *ctx,
                              struct bz_arena *arena,
                              const struct bz_account *a, int64_t id,
                              int conversation, struct bz_invitation *out,
                              enum bz_collab_role *role,
                              struct bz_error *err);

/* Posts a message of a in conversation id; *message_id is its id.
 * BZ_FORBIDDEN when a block stops it or a is a moderator only. */
enum bz_status bz_collab_post(const struct bz_collab_ctx *ctx,
                              const struct bz_account *a, int64_t id,
                              const char *body, int64_t *message_id,
                              struct bz_error *err);

/* The conversation's newest messages (oldest first) for a party, who
 * has read them all then; for a moderator, the same without a mark. */
enum bz_status bz_collab_messages(const struct bz_collab_ctx *ctx,
                                  struct bz_arena *arena,
                                  const struct bz_account *a,
                                  const struct bz_invitation *inv,
                                  enum bz_collab_role role,
                                  struct bz_message **out, size_t *count,
                                  struct bz_error *err);

/* a, a party of invitation id, blocks (on) or unblocks the other party;
 * blocking declines the other's pending invitations to a. */
enum bz_status bz_collab_block(const struct bz_collab_ctx *ctx,
                               const struct bz_account *a, int64_t id,
                               int on, struct bz_error *err);

/* a unblocks account blocked_id (their list of blocks). */
enum bz_status bz_collab_unblock(const struct bz_collab_ctx *ctx,
                                 const struct bz_account *a,
                                 int64_t blocked_id, struct bz_error *err);

/* a, a party of invitation id, reports it to moderators with reason (1
 * to BZ_COLLAB_REASON_MAX bytes). */
enum bz_status bz_collab_report(const struct bz_collab_ctx *ctx,
                                const struct bz_account *a, int64_t id,
                                const char *reason, struct bz_error *err);

/* The label of the other party of inv for role: the record invited, for
 * its sender; else the sender's record, or its address, or "a deleted
 * account". */
const char *bz_collab_other_label(const struct bz_invitation *inv,
                                  enum bz_collab_role role);

#endif
