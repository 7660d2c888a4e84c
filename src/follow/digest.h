/* digest.h - the weekly digest of an account's feed, by mail.
 *
 * An account turns it on at /account (store.h's digest_set); from then on,
 * once every interval (digest.interval seconds, a week by default), it is
 * mailed the works of the records it follows that came since its last
 * digest, newest first; a week with none sends nothing. Every server's
 * outbox thread runs bz_digest_run now and then, and so does `bzpeer
 * digest`: each account's digest is claimed in the transaction that
 * queues its mail (digest_claim), so that two senders never send one
 * twice.
 */
#ifndef BZ_DIGEST_H
#define BZ_DIGEST_H

#include <stdint.h>

#include "core/config.h"
#include "core/error.h"
#include "store/store.h"

#define BZ_DIGEST_INTERVAL 604800 /* seconds between digests: a week */
#define BZ_DIGEST_WORKS 50        /* works a digest lists at most */

/* digest.interval of cfg, in seconds (at least 1), or BZ_DIGEST_INTERVAL;
 * BZ_INVALID when it is not a positive number. */
enum bz_status bz_digest_interval(const struct bz_config *cfg,
                                  int64_t *seconds, struct bz_error *err);

/* Queues the digest of every account due at now: whose last one was made
 * interval seconds ago or more (interval 0: every account with the digest
 * on). *queued counts the mails queued. Each account is its own
 * transaction; the outbox sends them (mail/outbox.h). */
enum bz_status bz_digest_run(struct bz_store *store,
                             const struct bz_config *cfg, int64_t now,
                             int64_t interval, int *queued,
                             struct bz_error *err);

#endif
