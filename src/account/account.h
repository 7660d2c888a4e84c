/* account.h - what a person does with an account: sign up, confirm the
 * address, log in and out, reset or change the password, change the
 * address, make API tokens, download their data, delete the account.
 *
 * The rules live here, between the pages (which read forms and set
 * cookies) and the store (which keeps rows): passwords are checked and
 * hashed (auth/password.h), links are signed and expire (auth/sign.h),
 * sessions and API tokens are random and kept only as hashes
 * (auth/token.h), mail goes through the outbox (the store's
 * mail_enqueue, sent by mail/outbox.h), log-ins are throttled per
 * account and per address, and nothing tells a stranger whether an
 * address has an account: sign-up, log-in and reset answer the same
 * either way.
 */
#ifndef BZ_ACCOUNT_H
#define BZ_ACCOUNT_H

#include <stdint.h>

#include "auth/secret.h"
#include "auth/token.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/config.h"
#include "core/error.h"
#include "store/store.h"

#define BZ_SESSION_COOKIE "bz_session"
#define BZ_SESSION_SECONDS (30L * 24 * 3600)   /* a session's life */
#define BZ_VERIFY_LINK_SECONDS (48L * 3600)    /* an address link's */
#define BZ_RESET_LINK_SECONDS 3600             /* a reset link's */
#define BZ_LOGIN_WINDOW 900                    /* seconds of a window */
#define BZ_LOGIN_PER_ACCOUNT 5  /* attempts per window on one address */
#define BZ_LOGIN_PER_PEER 30    /* attempts per window from one address */
#define BZ_MAIL_PER_PEER 10     /* mails asked per hour from one address */
#define BZ_TOKEN_NAME_MAX 64

/* Who acts, and when. */
struct bz_account_ctx {
    struct bz_store *store;
    const struct bz_config *cfg; /* base_url for links */
    const struct bz_secret *secret;
    int64_t now;      /* Unix seconds */
    const char *peer; /* the client's address, or NULL (a command) */
};

/* The instance's secret: the config's `secret` (64 hex characters) when
 * set, else the one kept in the store, made on first use and shared by
 * every server of the instance. */
enum bz_status bz_account_secret(struct bz_store *store,
                                 const struct bz_config *cfg,
                                 struct bz_secret *out, struct bz_error *err);

/* The address as accounts keep it: trimmed, lower-case, checked. */
enum bz_status bz_account_email(const char *in,
                                char out[BZ_ACCOUNT_EMAIL_MAX + 1],
                                struct bz_error *err);

/* A new account, and the link to confirm its address sent to it. When the
 * address has an account already, that account is told instead, and the
 * answer is the same BZ_OK: a stranger learns nothing. BZ_INVALID for a
 * bad address or a weak password (the message says why);
 * BZ_RATE_LIMITED when this peer asked for too many mails. */
enum bz_status bz_account_signup(const struct bz_account_ctx *ctx,
                                 const char *email, const char *password,
                                 struct bz_error *err);

/* A new account made by an admin's command, its address taken as
 * verified; BZ_CONFLICT when the address has one. */
enum bz_status bz_account_add(const struct bz_account_ctx *ctx,
                              const char *email, const char *password,
                              const char *role, int64_t *id,
                              struct bz_error *err);

/* The session a log-in opens: the cookie's value (its token) and its
 * stored hash. */
struct bz_session {
    char token[BZ_TOKEN_SIZE];
    char hash[BZ_TOKEN_HASH_SIZE];
    int64_t account_id;
};

/* Checks email and password and opens a session. BZ_UNAUTHORIZED with
 * one message for an unknown address and a wrong password alike (and as
 * slowly); BZ_RATE_LIMITED after too many attempts on the account or from
 * the peer. */
enum bz_status bz_account_login(const struct bz_account_ctx *ctx,
                                const char *email, const char *password,
                                struct bz_session *out, struct bz_error *err);

/* The account of a session cookie's value, and the session's hash (for
 * its CSRF token). BZ_NOT_FOUND when the value is no live session. */
enum bz_status bz_account_of_session(const struct bz_account_ctx *ctx,
                                     struct bz_arena *arena,
                                     const char *token,
                                     struct bz_account *out,
                                     char hash[BZ_TOKEN_HASH_SIZE],
                                     struct bz_error *err);

/* The account of an "Authorization: Bearer bzp_..." value. */
enum bz_status bz_account_of_bearer(const struct bz_account_ctx *ctx,
                                    struct bz_arena *arena,
                                    const char *authorization,
                                    struct bz_account *out,
                                    struct bz_error *err);

/* Ends the session whose hash is given. */
enum bz_status bz_account_logout(const struct bz_account_ctx *ctx,
                                 const char *hash, struct bz_error *err);

/* Opens a confirmation link's value (from /account/verify?t=): the
 * address is verified, or the new address replaces the old. BZ_INVALID
 * for a forged or mangled link, BZ_GONE for an expired or used one. */
enum bz_status bz_account_verify(const struct bz_account_ctx *ctx,
                                 const char *link, struct bz_error *err);

/* Sends a new confirmation link to the account's address. */
enum bz_status bz_account_send_verification(const struct bz_account_ctx *ctx,
                                            const struct bz_account *a,
                                            struct bz_error *err);

/* Sends a reset link when the address has an account; BZ_OK either way. */
enum bz_status bz_account_reset_request(const struct bz_account_ctx *ctx,
                                        const char *email,
                                        struct bz_error *err);

/* Sets a new password from a reset link's value; every session ends, and
 * the link dies with the old password. */
enum bz_status bz_account_reset(const struct bz_account_ctx *ctx,
                                const char *link, const char *password,
                                struct bz_error *err);

/* Changes the password (the current one given); the sessions but
 * keep_hash's end. BZ_UNAUTHORIZED for a wrong current password. */
enum bz_status bz_account_change_password(const struct bz_account_ctx *ctx,
                                          const struct bz_account *a,
                                          const char *current,
                                          const char *password,
                                          const char *keep_hash,
                                          struct bz_error *err);

/* Starts a change of address: a link goes to the new one, a notice to the
 * old; the address changes when the link is opened. */
enum bz_status bz_account_change_email(const struct bz_account_ctx *ctx,
                                       const struct bz_account *a,
                                       const char *password,
                                       const char *email,
                                       struct bz_error *err);

/* A new API token named name; out is shown once, never stored. */
enum bz_status bz_account_token_create(const struct bz_account_ctx *ctx,
                                       const struct bz_account *a,
                                       const char *name,
                                       char out[BZ_TOKEN_API_SIZE],
                                       struct bz_error *err);

/* Deletes the account (its password given); an audit entry stays. */
enum bz_status bz_account_delete(const struct bz_account_ctx *ctx,
                                 const struct bz_account *a,
                                 const char *password, struct bz_error *err);

/* Everything bzpeer keeps about the account, as one JSON object. */
enum bz_status bz_account_export(const struct bz_account_ctx *ctx,
                                 struct bz_arena *arena,
                                 const struct bz_account *a,
                                 struct bz_buf *out, struct bz_error *err);

#endif
