/* outbox.h - sending the mail the store's outbox holds.
 *
 * Whatever must mail someone (a sign-up's link, a claim's decision) adds
 * the message to the outbox in its own transaction (the store's
 * mail_enqueue) and goes on; a sender takes it from there. A server runs
 * one sender thread (bz_outbox_start) on a store handle of its own, so
 * that no event loop waits on a mail server; a command sends what it
 * queued before it exits (bz_outbox_flush). Senders of several servers
 * share one outbox safely: each message is claimed for a while before it
 * is sent, and a failed one is tried again later, at most
 * BZ_OUTBOX_ATTEMPTS times. The sender thread also queues the weekly
 * digests that are due (follow/digest.h), looking every ten minutes at
 * most.
 */
#ifndef BZ_OUTBOX_H
#define BZ_OUTBOX_H

#include "core/config.h"
#include "core/error.h"
#include "store/store.h"

#define BZ_OUTBOX_LEASE 120 /* seconds a claimed message is the sender's */
#define BZ_OUTBOX_POLL_MS 1000 /* how often a sender looks, unkicked */

struct bz_outbox;

/* Starts a sender thread on a store of its own, opened from cfg->db. */
enum bz_status bz_outbox_start(const struct bz_config *cfg,
                               struct bz_outbox **out, struct bz_error *err);

/* Wakes the sender at once (a message was just queued). Safe from any
 * thread; NULL is fine. */
void bz_outbox_kick(struct bz_outbox *outbox);

/* Stops the thread after the message in hand, and frees. NULL is fine. */
void bz_outbox_stop(struct bz_outbox *outbox);

/* Sends every message due now, on store, in this thread; *sent counts
 * them. A failed send is kept for later and reported in err (the first
 * one), with BZ_IO. */
enum bz_status bz_outbox_flush(struct bz_store *store,
                               const struct bz_config *cfg, int *sent,
                               struct bz_error *err);

#endif
