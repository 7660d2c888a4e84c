/* outbox.c - the sender of the outbox (outbox.h). */
#include "mail/outbox.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/log.h"
#include "follow/digest.h"
#include "mail/mail.h"

/* How often, at most, a sender looks for digests that are due, in
 * seconds (less when digest.interval is shorter). */
#define OUTBOX_DIGEST_CHECK 600

struct bz_outbox {
    const struct bz_config *cfg;
    struct bz_store *store; /* owned: the sender's own */
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    int kicked, stopping;
    int64_t digest_next; /* when to look for due digests next */
};

/* The wait before the next try of a message that failed attempts times:
 * a minute, doubling, at most an hour. */
static int64_t outbox_backoff(int attempts)
{
    int64_t wait = 60;

    for (int i = 1; i < attempts && wait < 3600; i++)
        wait *= 2;
    return wait < 3600 ? wait : 3600;
}

/* Sends one due message. BZ_NOT_FOUND when none is due; BZ_IO when its
 * send failed (it is kept for later); another status when the store
 * failed. */
static enum bz_status outbox_send_one(struct bz_store *store,
                                      const struct bz_config *cfg,
                                      struct bz_arena *arena,
                                      struct bz_error *err)
{
    struct bz_outbox_mail m;
    struct bz_mail mail = {0};
    struct bz_error send_err = {0};
    int64_t now = (int64_t)time(NULL);
    enum bz_status status;

    status = store->ops->mail_claim(store, arena, now, BZ_OUTBOX_LEASE, &m,
                                    err);
    if (status != BZ_OK)
        return status;
    mail.to = m.recipient;
    mail.subject = m.subject;
    mail.text = m.body;
    if (bz_mail_send(cfg, &mail, &send_err) == BZ_OK)
        return store->ops->mail_done(store, m.id, NULL, (int64_t)time(NULL),
                                     0, err);
    bz_log(BZ_LOG_WARN, "mail", 0, 0, "attempt %d of %d: %s", m.attempts,
           BZ_OUTBOX_ATTEMPTS, send_err.message);
    status = store->ops->mail_done(store, m.id, send_err.message, now,
                                   now + outbox_backoff(m.attempts), err);
    if (status != BZ_OK)
        return status;
    bz_error_set(err, BZ_IO, "%s", send_err.message);
    return BZ_IO;
}

enum bz_status bz_outbox_flush(struct bz_store *store,
                               const struct bz_config *cfg, int *sent,
                               struct bz_error *err)
{
    struct bz_arena arena;
    struct bz_error one = {0};
    enum bz_status status, first = BZ_OK;

    *sent = 0;
    bz_arena_init(&arena, 0);
    for (;;) {
        status = outbox_send_one(store, cfg, &arena, &one);
        bz_arena_reset(&arena);
        if (status == BZ_OK) {
            (*sent)++;
            continue;
        }
        if (status == BZ_IO) {
            if (first == BZ_OK) {
                first = BZ_IO;
                bz_error_set(err, BZ_IO, "%s", one.message);
            }
            continue; /* it waits now: the next is another */
        }
        if (status != BZ_NOT_FOUND && first == BZ_OK) {
            first = status;
            bz_error_set(err, status, "%s", one.message);
        }
        break;
    }
    bz_arena_release(&arena);
    return first;
}

/* Queues the digests that are due (digest.h), when it is time to look:
 * the mail goes out with the flush that follows. */
static void outbox_digests(struct bz_outbox *o)
{
    int64_t now = (int64_t)time(NULL), interval;
    struct bz_error err = {0};
    int queued;

    if (now < o->digest_next)
        return;
    if (bz_digest_interval(o->cfg, &interval, &err) != BZ_OK)
        bz_log(BZ_LOG_WARN, "mail", 0, 0, "%s: a week it is", err.message);
    o->digest_next =
        now + (interval < OUTBOX_DIGEST_CHECK ? interval : OUTBOX_DIGEST_CHECK);
    if (bz_digest_run(o->store, o->cfg, now, interval, &queued, &err) !=
        BZ_OK)
        bz_log(BZ_LOG_ERROR, "mail", 0, 0, "digest: %s", err.message);
    else if (queued > 0)
        bz_log(BZ_LOG_INFO, "mail", 0, 0, "queued %d digest(s)", queued);
}

static void *outbox_main(void *arg)
{
    struct bz_outbox *o = arg;
    struct bz_error err;
    int sent;

    pthread_mutex_lock(&o->lock);
    while (!o->stopping) {
        struct timespec until;

        o->kicked = 0;
        pthread_mutex_unlock(&o->lock);
        outbox_digests(o);
        if (bz_outbox_flush(o->store, o->cfg, &sent, &err) != BZ_OK &&
            err.status != BZ_IO)
            bz_log(BZ_LOG_ERROR, "mail", 0, 0, "outbox: %s", err.message);
        pthread_mutex_lock(&o->lock);
        if (o->kicked || o->stopping)
            continue;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += BZ_OUTBOX_POLL_MS / 1000;
        until.tv_nsec += (long)(BZ_OUTBOX_POLL_MS % 1000) * 1000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        while (!o->kicked && !o->stopping &&
               pthread_cond_timedwait(&o->wake, &o->lock, &until) !=
                   ETIMEDOUT)
            ;
    }
    pthread_mutex_unlock(&o->lock);
    return NULL;
}

enum bz_status bz_outbox_start(const struct bz_config *cfg,
                               struct bz_outbox **out, struct bz_error *err)
{
    struct bz_outbox *o = calloc(1, sizeof(*o));
    enum bz_status status;

    *out = NULL;
    if (o == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory for the outbox");
    o->cfg = cfg;
    if ((status = bz_store_open(cfg->db, &o->store, err)) != BZ_OK) {
        free(o);
        return status;
    }
    pthread_mutex_init(&o->lock, NULL);
    pthread_cond_init(&o->wake, NULL);
    if (pthread_create(&o->thread, NULL, outbox_main, o) != 0) {
        status = bz_error_errno(err, errno, "cannot start the mail sender");
        bz_store_close(o->store);
        pthread_cond_destroy(&o->wake);
        pthread_mutex_destroy(&o->lock);
        free(o);
        return status;
    }
    *out = o;
    return BZ_OK;
}

void bz_outbox_kick(struct bz_outbox *o)
{
    if (o == NULL)
        return;
    pthread_mutex_lock(&o->lock);
    o->kicked = 1;
    pthread_cond_signal(&o->wake);
    pthread_mutex_unlock(&o->lock);
}

void bz_outbox_stop(struct bz_outbox *o)
{
    if (o == NULL)
        return;
    pthread_mutex_lock(&o->lock);
    o->stopping = 1;
    pthread_cond_signal(&o->wake);
    pthread_mutex_unlock(&o->lock);
    pthread_join(o->thread, NULL);
    bz_store_close(o->store);
    pthread_cond_destroy(&o->wake);
    pthread_mutex_destroy(&o->lock);
    free(o);
}
