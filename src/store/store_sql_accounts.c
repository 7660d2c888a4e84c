/* store_sql_accounts.c - accounts, sessions, API tokens, throttling and
 * settings, over the SQL store (store_sql_internal.h).
 *
 * Tokens are never stored, only their hashes (the caller hashes). A write
 * of one statement runs in the engine's own implicit transaction; one of
 * several runs through store_sql_write(), all or nothing.
 */
#include "store/store_sql_internal.h"

#include <string.h>

enum account_stmt_id {
    ACC_CREATE,
    ACC_GET,
    ACC_FIND,
    ACC_SET_PASSWORD,
    ACC_DROP_SESSIONS_BUT,
    ACC_SET_VERIFIED,
    ACC_TAKE_PENDING,
    ACC_EMAIL_TAKEN,
    ACC_SET_PENDING,
    ACC_SET_ROLE,
    ACC_DELETE_SESSIONS,
    ACC_DELETE_TOKENS,
    ACC_DELETE_FOLLOWS,
    ACC_UNCLAIM_RECORD,
    ACC_END_CLAIMS,
    ACC_FORGET_DECIDER,
    ACC_DELETE,
    SESSION_CREATE,
    SESSION_GET,
    SESSION_DELETE,
    TOKEN_CREATE,
    TOKEN_LIST,
    TOKEN_REVOKE,
    TOKEN_FIND,
    TOKEN_USED,
    THROTTLE_HIT,
    THROTTLE_CLEAR,
    SETTING_GET,
    SETTING_INIT,
    MAIL_ENQUEUE,
    MAIL_CLAIM,
    MAIL_SENT,
    MAIL_FAILED,
    ACCOUNT_STMT_COUNT
};

_Static_assert(ACCOUNT_STMT_COUNT <= STORE_SQL_ACCOUNT_STMTS,
               "store_sql_internal.h gives too few account slots");

/* The columns account_read() reads, in its order. */
#define ACCOUNT_COLUMNS                                                        \
    "SELECT id, email, email_verified, role, password_hash, pending_email, "  \
    "COALESCE(owns_researcher_id, 0), created_at FROM account "

static const struct {
    const char *name;
    const char *sql;
} account_sql[ACCOUNT_STMT_COUNT] = {
    /* no row back: the address has an account already */
    [ACC_CREATE] = {"insert account",
                    "INSERT INTO account (email, password_hash, role) "
                    "VALUES (?1, ?2, ?3) ON CONFLICT (email) DO NOTHING "
                    "RETURNING id"},
    [ACC_GET] = {"read account", ACCOUNT_COLUMNS "WHERE id = ?1"},
    [ACC_FIND] = {"find account", ACCOUNT_COLUMNS "WHERE email = ?1"},
    [ACC_SET_PASSWORD] = {"update password",
                          "UPDATE account SET password_hash = ?2 "
                          "WHERE id = ?1"},
    [ACC_DROP_SESSIONS_BUT] = {"end other sessions",
                               "DELETE FROM session WHERE account_id = ?1 "
                               "AND token_hash <> "
                               "COALESCE(CAST(?2 AS TEXT), '')"},
    [ACC_SET_VERIFIED] = {"verify email",
                          "UPDATE account SET email_verified = 1 "
                          "WHERE id = ?1 AND email = ?2"},
    [ACC_TAKE_PENDING] = {"take pending email",
                          "UPDATE account SET email = pending_email, "
                          "pending_email = NULL, email_verified = 1 "
                          "WHERE id = ?1 AND pending_email = ?2"},
    [ACC_EMAIL_TAKEN] = {"find email",
                         "SELECT EXISTS (SELECT 1 FROM account "
                         "WHERE email = ?1 AND id <> ?2)"},
    [ACC_SET_PENDING] = {"update pending email",
                         "UPDATE account SET pending_email = ?2 "
                         "WHERE id = ?1"},
    [ACC_SET_ROLE] = {"update role",
                      "UPDATE account SET role = ?2 WHERE id = ?1"},
    [ACC_DELETE_SESSIONS] = {"delete sessions",
                             "DELETE FROM session WHERE account_id = ?1"},
    [ACC_DELETE_TOKENS] = {"delete api tokens",
                           "DELETE FROM api_token WHERE account_id = ?1"},
    [ACC_DELETE_FOLLOWS] = {"delete follows",
                            "DELETE FROM follow WHERE account_id = ?1"},
    [ACC_UNCLAIM_RECORD] = {"unclaim record",
                            "UPDATE researcher SET claim_level = 0 "
                            "WHERE id = (SELECT owns_researcher_id "
                            "FROM account WHERE id = ?1)"},
    /* a claim still open or in force ends with its account; decided ones
     * keep their state; all lose the account */
    [ACC_END_CLAIMS] = {"end claims",
                        "UPDATE claim SET account_id = NULL, "
                        "state = CASE WHEN state = 'rejected' "
                        "OR state = 'withdrawn' THEN state "
                        "ELSE 'withdrawn' END, "
                        "reason = CASE WHEN state = 'rejected' "
                        "OR state = 'withdrawn' THEN reason "
                        "ELSE 'the account was deleted' END "
                        "WHERE account_id = ?1"},
    [ACC_FORGET_DECIDER] = {"forget decider",
                            "UPDATE claim SET decided_by = NULL "
                            "WHERE decided_by = ?1"},
    [ACC_DELETE] = {"delete account", "DELETE FROM account WHERE id = ?1"},
    [SESSION_CREATE] = {"insert session",
                        "INSERT INTO session (token_hash, account_id, "
                        "created_at, expires_at) VALUES (?1, ?2, ?3, ?4)"},
    [SESSION_GET] = {"read session",
                     "SELECT account_id, expires_at FROM session "
                     "WHERE token_hash = ?1"},
    [SESSION_DELETE] = {"delete session",
                        "DELETE FROM session WHERE token_hash = ?1"},
    [TOKEN_CREATE] = {"insert api token",
                      "INSERT INTO api_token (account_id, name, "
                      "token_hash, created_at) VALUES (?1, ?2, ?3, ?4) "
                      "RETURNING id"},
    [TOKEN_LIST] = {"read api tokens",
                    "SELECT id, name, created_at, "
                    "COALESCE(last_used_at, 0) FROM api_token "
                    "WHERE account_id = ?1 AND revoked_at IS NULL "
                    "ORDER BY id DESC"},
    [TOKEN_REVOKE] = {"revoke api token",
                      "UPDATE api_token SET revoked_at = ?3 "
                      "WHERE id = ?2 AND account_id = ?1 "
                      "AND revoked_at IS NULL"},
    [TOKEN_FIND] = {"find api token",
                    "SELECT id, account_id, COALESCE(last_used_at, 0) "
                    "FROM api_token "
                    "WHERE token_hash = ?1 AND revoked_at IS NULL"},
    [TOKEN_USED] = {"record api token use",
                    "UPDATE api_token SET last_used_at = ?2 WHERE id = ?1"},
    /* one statement, so that two servers counting at once count both */
    [THROTTLE_HIT] = {"count attempt",
                      "INSERT INTO throttle (key, window_start, count) "
                      "VALUES (?1, ?2, 1) ON CONFLICT (key) DO UPDATE SET "
                      "count = CASE WHEN throttle.window_start <= ?2 - ?3 "
                      "THEN 1 ELSE throttle.count + 1 END, "
                      "window_start = CASE WHEN "
                      "throttle.window_start <= ?2 - ?3 "
                      "THEN ?2 ELSE throttle.window_start END "
                      "RETURNING count"},
    [THROTTLE_CLEAR] = {"clear attempts",
                        "DELETE FROM throttle WHERE key = ?1"},
    [SETTING_GET] = {"read setting",
                     "SELECT value FROM setting WHERE name = ?1"},
    [SETTING_INIT] = {"insert setting",
                      "INSERT INTO setting (name, value) VALUES (?1, ?2) "
                      "ON CONFLICT (name) DO NOTHING"},
    [MAIL_ENQUEUE] = {"queue mail",
                      "INSERT INTO mail_outbox (recipient, subject, body, "
                      "created_at) VALUES (?1, ?2, ?3, ?4)"},
    /* The outer conditions repeat the inner ones: when two senders pick
     * the same row at once, the second's UPDATE, which waits for the
     * first's, finds them false and claims nothing. */
    [MAIL_CLAIM] = {"claim mail",
                    "UPDATE mail_outbox SET claimed_until = ?1 + ?2, "
                    "attempts = attempts + 1 "
                    "WHERE id = (SELECT id FROM mail_outbox "
                    "WHERE sent_at IS NULL AND claimed_until <= ?1 "
                    "AND attempts < ?3 ORDER BY id LIMIT 1) "
                    "AND sent_at IS NULL AND claimed_until <= ?1 "
                    "RETURNING id, recipient, subject, body, attempts"},
    [MAIL_SENT] = {"mark mail sent",
                   "UPDATE mail_outbox SET sent_at = ?2, last_error = NULL "
                   "WHERE id = ?1"},
    [MAIL_FAILED] = {"mark mail failed",
                     "UPDATE mail_outbox SET last_error = ?2, "
                     "claimed_until = ?3 WHERE id = ?1"},
};

/* A token's use is written at most this often: each write moves the
 * generation and so empties every server's page cache. */
#define ACCOUNT_TOKEN_USE_EVERY 3600

static struct bz_sql_stmt *account_stmt(struct store_sql *s,
                                        enum account_stmt_id id,
                                        struct bz_error *err)
{
    return store_sql_prepared(s, &s->account_stmts[id], account_sql[id].name,
                              account_sql[id].sql, err);
}

void store_sql_accounts_close(struct store_sql *s)
{
    for (size_t i = 0; i < ACCOUNT_STMT_COUNT; i++)
        bz_sql_finalize(s->account_stmts[i]);
}

/* Runs the statement id with ?1 = key (and nothing else). */
static enum bz_status account_run_by(struct store_sql *s,
                                     enum account_stmt_id id, int64_t key,
                                     struct bz_error *err)
{
    struct bz_sql_stmt *st = account_stmt(s, id, err);

    if (st == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, key);
    return store_sql_exec(s, st, err);
}

/* --- accounts ------------------------------------------------------------- */

static int account_role_valid(const char *role)
{
    return role != NULL && (strcmp(role, "user") == 0 ||
                            strcmp(role, "moderator") == 0 ||
                            strcmp(role, "admin") == 0);
}

enum bz_status store_sql_account_create(struct bz_store *store,
                                        const char *email,
                                        const char *password_hash,
                                        const char *role, int64_t *id,
                                        struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st;
    enum bz_status status;

    *id = 0;
    if (store_sql_blank(email))
        return bz_error_set(err, BZ_INVALID, "store: an account needs an "
                                             "email address");
    if (!account_role_valid(role))
        return bz_error_set(err, BZ_INVALID, "store: no role '%s'",
                            role ? role : "");
    if ((st = account_stmt(s, ACC_CREATE, err)) == NULL)
        return BZ_STORE;
    store_sql_bind_text(st, 1, email);
    store_sql_bind_text(st, 2, password_hash);
    store_sql_bind_text(st, 3, role);
    status = store_sql_int64(s, st, id, err);
    if (status == BZ_OK && *id == 0)
        return bz_error_set(err, BZ_CONFLICT,
                            "an account with that email address exists");
    return status;
}

static void account_read(struct bz_arena *arena, struct bz_sql_stmt *st,
                         struct bz_account *a, int *nomem)
{
    a->id = bz_sql_column_int64(st, 0);
    a->email = store_sql_text(arena, st, 1, nomem);
    a->email_verified = (int)bz_sql_column_int64(st, 2);
    a->role = store_sql_text(arena, st, 3, nomem);
    a->password_hash = store_sql_text(arena, st, 4, nomem);
    a->pending_email = store_sql_text(arena, st, 5, nomem);
    a->owns_researcher_id = bz_sql_column_int64(st, 6);
    a->created_at = store_sql_text(arena, st, 7, nomem);
}

/* Runs st (bound) and reads its one account row. */
static enum bz_status account_one(struct store_sql *s,
                                  struct bz_sql_stmt *st,
                                  struct bz_arena *arena,
                                  struct bz_account *out,
                                  struct bz_error *err)
{
    enum bz_sql_step rc = bz_sql_step(st, err);
    enum bz_status status = BZ_OK;
    int nomem = 0;

    (void)s;
    memset(out, 0, sizeof(*out));
    if (rc == BZ_SQL_ROW)
        account_read(arena, st, out, &nomem);
    else if (rc == BZ_SQL_DONE)
        status = bz_error_set(err, BZ_NOT_FOUND, "no such account");
    else
        status = store_sql_failed(err);
    bz_sql_reset(st);
    if (status == BZ_OK && nomem)
        status = store_sql_nomem(err);
    return status;
}

enum bz_status store_sql_account_get(struct bz_store *store,
                                     struct bz_arena *arena, int64_t id,
                                     struct bz_account *out,
                                     struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st = account_stmt(s, ACC_GET, err);

    if (st == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, id);
    return account_one(s, st, arena, out, err);
}

enum bz_status store_sql_account_find(struct bz_store *store,
                                      struct bz_arena *arena,
                                      const char *email,
                                      struct bz_account *out,
                                      struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st = account_stmt(s, ACC_FIND, err);

    if (st == NULL)
        return BZ_STORE;
    store_sql_bind_text(st, 1, email);
    return account_one(s, st, arena, out, err);
}

struct account_password {
    int64_t id;
    const char *hash;
    const char *keep_session;
};

static enum bz_status account_password_write(struct store_sql *s,
                                             const void *record,
                                             struct bz_import_tally *tally,
                                             struct bz_error *err)
{
    const struct account_password *p = record;
    struct bz_sql_stmt *st;
    enum bz_status status;

    (void)tally;
    if ((st = account_stmt(s, ACC_SET_PASSWORD, err)) == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, p->id);
    store_sql_bind_text(st, 2, p->hash);
    if ((status = store_sql_exec(s, st, err)) != BZ_OK)
        return status;
    if (bz_sql_changes(st) == 0)
        return bz_error_set(err, BZ_NOT_FOUND, "no such account");
    if ((st = account_stmt(s, ACC_DROP_SESSIONS_BUT, err)) == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, p->id);
    store_sql_bind_text(st, 2, p->keep_session);
    return store_sql_exec(s, st, err);
}

enum bz_status store_sql_account_set_password(struct bz_store *store,
                                              int64_t id, const char *hash,
                                              const char *keep_session,
                                              struct bz_error *err)
{
    struct account_password p = {id, hash, keep_session};

    if (store_sql_blank(hash))
        return bz_error_set(err, BZ_INVALID, "store: empty password hash");
    return store_sql_write(store_sql_of(store), account_password_write, &p,
                           NULL, err);
}

struct account_email {
    int64_t id;
    const char *email;
};

/* Whether another account than id has email. */
static enum bz_status account_email_taken(struct store_sql *s, int64_t id,
                                          const char *email, int64_t *taken,
                                          struct bz_error *err)
{
    struct bz_sql_stmt *st = account_stmt(s, ACC_EMAIL_TAKEN, err);

    if (st == NULL)
        return BZ_STORE;
    store_sql_bind_text(st, 1, email);
    bz_sql_bind_int64(st, 2, id);
    return store_sql_int64(s, st, taken, err);
}

static enum bz_status account_verify_write(struct store_sql *s,
                                           const void *record,
                                           struct bz_import_tally *tally,
                                           struct bz_error *err)
{
    const struct account_email *e = record;
    struct bz_sql_stmt *st;
    enum bz_status status;
    int64_t taken;

    (void)tally;
    if ((st = account_stmt(s, ACC_SET_VERIFIED, err)) == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, e->id);
    store_sql_bind_text(st, 2, e->email);
    if ((status = store_sql_exec(s, st, err)) != BZ_OK)
        return status;
    if (bz_sql_changes(st) > 0)
        return BZ_OK;

    status = account_email_taken(s, e->id, e->email, &taken, err);
    if (status != BZ_OK)
        return status;
    if (taken)
        return bz_error_set(err, BZ_CONFLICT, "another account has the "
                                              "address '%s' now",
                            e->email);
    if ((st = account_stmt(s, ACC_TAKE_PENDING, err)) == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, e->id);
    store_sql_bind_text(st, 2, e->email);
    if ((status = store_sql_exec(s, st, err)) != BZ_OK)
        return status;
    if (bz_sql_changes(st) == 0)
        return bz_error_set(err, BZ_GONE, "the address '%s' is no longer "
                                          "this account's",
                            e->email);
    return BZ_OK;
}

enum bz_status store_sql_account_verify_email(struct bz_store *store,
                                              int64_t id, const char *email,
                                              struct bz_error *err)
{
    struct account_email e = {id, email};

    if (store_sql_blank(email))
        return bz_error_set(err, BZ_INVALID, "store: empty email address");
    return store_sql_write(store_sql_of(store), account_verify_write, &e,
                           NULL, err);
}

static enum bz_status account_pending_write(struct store_sql *s,
                                            const void *record,
                                            struct bz_import_tally *tally,
                                            struct bz_error *err)
{
    const struct account_email *e = record;
    struct bz_sql_stmt *st;
    enum bz_status status;
    int64_t taken = 0;

    (void)tally;
    if (e->email != NULL &&
        (status = account_email_taken(s, e->id, e->email, &taken, err)) !=
            BZ_OK)
        return status;
    if (taken)
        return bz_error_set(err, BZ_CONFLICT, "another account has the "
                                              "address '%s'",
                            e->email);
    if ((st = account_stmt(s, ACC_SET_PENDING, err)) == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, e->id);
    store_sql_bind_text(st, 2, e->email);
    if ((status = store_sql_exec(s, st, err)) != BZ_OK)
        return status;
    if (bz_sql_changes(st) == 0)
        return bz_error_set(err, BZ_NOT_FOUND, "no such account");
    return BZ_OK;
}

enum bz_status store_sql_account_set_pending_email(struct bz_store *store,
                                                   int64_t id,
                                                   const char *email,
                                                   struct bz_error *err)
{
    struct account_email e = {id, email};

    return store_sql_write(store_sql_of(store), account_pending_write, &e,
                           NULL, err);
}

enum bz_status store_sql_account_set_role(struct bz_store *store, int64_t id,
                                          const char *role,
                                          struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st;
    enum bz_status status;

    if (!account_role_valid(role))
        return bz_error_set(err, BZ_INVALID,
                            "no role '%s' (user, moderator or admin)",
                            role ? role : "");
    if ((st = account_stmt(s, ACC_SET_ROLE, err)) == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, id);
    store_sql_bind_text(st, 2, role);
    if ((status = store_sql_exec(s, st, err)) != BZ_OK)
        return status;
    if (bz_sql_changes(st) == 0)
        return bz_error_set(err, BZ_NOT_FOUND, "no such account");
    return BZ_OK;
}

/* In order: what refers to the account first, the account last. */
static enum bz_status account_delete_write(struct store_sql *s,
                                           const void *record,
                                           struct bz_import_tally *tally,
                                           struct bz_error *err)
{
    static const enum account_stmt_id steps[] = {
        ACC_DELETE_SESSIONS, ACC_DELETE_TOKENS,  ACC_DELETE_FOLLOWS,
        ACC_UNCLAIM_RECORD,  ACC_END_CLAIMS,     ACC_FORGET_DECIDER,
    };
    int64_t id = *(const int64_t *)record;
    struct bz_sql_stmt *st;
    enum bz_status status;

    (void)tally;
    for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
        if ((status = account_run_by(s, steps[i], id, err)) != BZ_OK)
            return status;
    if ((status = store_sql_owner_forget_account(s, id, err)) != BZ_OK ||
        (status = store_sql_reactions_forget_account(s, id, err)) != BZ_OK)
        return status;
    if ((status = store_sql_collaboration_forget_account(s, id, err)) !=
        BZ_OK)
        return status;
    if ((st = account_stmt(s, ACC_DELETE, err)) == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, id);
    if ((status = store_sql_exec(s, st, err)) != BZ_OK)
        return status;
    if (bz_sql_changes(st) == 0)
        return bz_error_set(err, BZ_NOT_FOUND, "no such account");
    return BZ_OK;
}

enum bz_status store_sql_account_delete(struct bz_store *store, int64_t id,
                                        struct bz_error *err)
{
    return store_sql_write(store_sql_of(store), account_delete_write, &id,
                           NULL, err);
}

/* --- sessions ------------------------------------------------------------- */

enum bz_status store_sql_session_create(struct bz_store *store,
                                        const char *token_hash,
                                        int64_t account_id, int64_t now,
                                        int64_t expires_at,
                                        struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st = account_stmt(s, SESSION_CREATE, err);

    if (st == NULL)
        return BZ_STORE;
    store_sql_bind_text(st, 1, token_hash);
    bz_sql_bind_int64(st, 2, account_id);
    bz_sql_bind_int64(st, 3, now);
    bz_sql_bind_int64(st, 4, expires_at);
    return store_sql_exec(s, st, err);
}

static enum bz_status account_session_drop(struct store_sql *s,
                                           const char *token_hash,
                                           struct bz_error *err)
{
    struct bz_sql_stmt *st = account_stmt(s, SESSION_DELETE, err);

    if (st == NULL)
        return BZ_STORE;
    store_sql_bind_text(st, 1, token_hash);
    return store_sql_exec(s, st, err);
}

enum bz_status store_sql_session_account(struct bz_store *store,
                                         const char *token_hash, int64_t now,
                                         int64_t *account_id,
                                         struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st = account_stmt(s, SESSION_GET, err);
    enum bz_sql_step rc;
    int64_t expires = 0;

    *account_id = 0;
    if (st == NULL)
        return BZ_STORE;
    store_sql_bind_text(st, 1, token_hash);
    rc = bz_sql_step(st, err);
    if (rc == BZ_SQL_ROW) {
        *account_id = bz_sql_column_int64(st, 0);
        expires = bz_sql_column_int64(st, 1);
    }
    bz_sql_reset(st);
    if (rc == BZ_SQL_FAILED)
        return store_sql_failed(err);
    if (rc == BZ_SQL_DONE)
        return bz_error_set(err, BZ_NOT_FOUND, "no such session");
    if (expires <= now) {
        *account_id = 0;
        if (account_session_drop(s, token_hash, err) != BZ_OK)
            return BZ_STORE;
        return bz_error_set(err, BZ_NOT_FOUND, "the session has expired");
    }
    return BZ_OK;
}

enum bz_status store_sql_session_delete(struct bz_store *store,
                                        const char *token_hash,
                                        int64_t account_id,
                                        struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);

    if (token_hash != NULL)
        return account_session_drop(s, token_hash, err);
    return account_run_by(s, ACC_DELETE_SESSIONS, account_id, err);
}

/* --- API tokens ----------------------------------------------------------- */

enum bz_status store_sql_api_token_create(struct bz_store *store,
                                          int64_t account_id,
                                          const char *name,
                                          const char *token_hash, int64_t now,
                                          int64_t *id, struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st = account_stmt(s, TOKEN_CREATE, err);

    if (st == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, account_id);
    store_sql_bind_text(st, 2, name);
    store_sql_bind_text(st, 3, token_hash);
    bz_sql_bind_int64(st, 4, now);
    return store_sql_int64(s, st, id, err);
}

static void account_read_token(struct bz_arena *arena, struct bz_sql_stmt *st,
                               void *item, int *nomem)
{
    struct bz_api_token *t = item;

    t->id = bz_sql_column_int64(st, 0);
    t->name = store_sql_text(arena, st, 1, nomem);
    t->created_at = bz_sql_column_int64(st, 2);
    t->last_used_at = bz_sql_column_int64(st, 3);
}

enum bz_status store_sql_api_token_list(struct bz_store *store,
                                        struct bz_arena *arena,
                                        int64_t account_id,
                                        struct bz_api_token **out,
                                        size_t *count, struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st = account_stmt(s, TOKEN_LIST, err);

    bz_sql_bind_int64(st, 1, account_id);
    return store_sql_collect(s, st, arena, sizeof(**out), account_read_token,
                             (void **)out, count, err);
}

enum bz_status store_sql_api_token_revoke(struct bz_store *store,
                                          int64_t account_id, int64_t id,
                                          int64_t now, struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st = account_stmt(s, TOKEN_REVOKE, err);
    enum bz_status status;

    if (st == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, account_id);
    bz_sql_bind_int64(st, 2, id);
    bz_sql_bind_int64(st, 3, now);
    if ((status = store_sql_exec(s, st, err)) != BZ_OK)
        return status;
    if (bz_sql_changes(st) == 0)
        return bz_error_set(err, BZ_NOT_FOUND, "no such api token");
    return BZ_OK;
}

enum bz_status store_sql_api_token_account(struct bz_store *store,
                                           const char *token_hash,
                                           int64_t now, int64_t *account_id,
                                           struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st = account_stmt(s, TOKEN_FIND, err);
    enum bz_sql_step rc;
    int64_t id = 0, used = 0;

    *account_id = 0;
    if (st == NULL)
        return BZ_STORE;
    store_sql_bind_text(st, 1, token_hash);
    rc = bz_sql_step(st, err);
    if (rc == BZ_SQL_ROW) {
        id = bz_sql_column_int64(st, 0);
        *account_id = bz_sql_column_int64(st, 1);
        used = bz_sql_column_int64(st, 2);
    }
    bz_sql_reset(st);
    if (rc == BZ_SQL_FAILED)
        return store_sql_failed(err);
    if (rc == BZ_SQL_DONE)
        return bz_error_set(err, BZ_NOT_FOUND, "no such api token");
    if (now - used < ACCOUNT_TOKEN_USE_EVERY)
        return BZ_OK;
    if ((st = account_stmt(s, TOKEN_USED, err)) == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, id);
    bz_sql_bind_int64(st, 2, now);
    return store_sql_exec(s, st, err);
}

/* --- throttling and settings ---------------------------------------------- */

enum bz_status store_sql_throttle_hit(struct bz_store *store, const char *key,
                                      int64_t now, int64_t window,
                                      long *count, struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st = account_stmt(s, THROTTLE_HIT, err);
    enum bz_status status;
    int64_t n = 0;

    *count = 0;
    if (st == NULL)
        return BZ_STORE;
    store_sql_bind_text(st, 1, key);
    bz_sql_bind_int64(st, 2, now);
    bz_sql_bind_int64(st, 3, window);
    status = store_sql_int64(s, st, &n, err);
    *count = (long)n;
    return status;
}

enum bz_status store_sql_throttle_clear(struct bz_store *store,
                                        const char *key, struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st = account_stmt(s, THROTTLE_CLEAR, err);

    if (st == NULL)
        return BZ_STORE;
    store_sql_bind_text(st, 1, key);
    return store_sql_exec(s, st, err);
}

enum bz_status store_sql_setting_get(struct bz_store *store,
                                     struct bz_arena *arena,
                                     const char *name, const char **value,
                                     struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st = account_stmt(s, SETTING_GET, err);
    enum bz_sql_step rc;
    int nomem = 0;

    *value = NULL;
    if (st == NULL)
        return BZ_STORE;
    store_sql_bind_text(st, 1, name);
    rc = bz_sql_step(st, err);
    if (rc == BZ_SQL_ROW)
        *value = store_sql_text(arena, st, 0, &nomem);
    bz_sql_reset(st);
    if (rc == BZ_SQL_FAILED)
        return store_sql_failed(err);
    return nomem ? store_sql_nomem(err) : BZ_OK;
}

enum bz_status store_sql_setting_init(struct bz_store *store,
                                      struct bz_arena *arena,
                                      const char *name, const char *value,
                                      const char **out, struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st = account_stmt(s, SETTING_INIT, err);
    enum bz_status status;

    *out = NULL;
    if (st == NULL)
        return BZ_STORE;
    store_sql_bind_text(st, 1, name);
    store_sql_bind_text(st, 2, value);
    if ((status = store_sql_exec(s, st, err)) != BZ_OK)
        return status;
    status = store_sql_setting_get(store, arena, name, out, err);
    if (status == BZ_OK && *out == NULL)
        return bz_error_set(err, BZ_STORE, "store: setting '%s' vanished",
                            name);
    return status;
}

/* --- the outbox ----------------------------------------------------------- */

enum bz_status store_sql_mail_enqueue(struct bz_store *store,
                                      const char *recipient,
                                      const char *subject, const char *body,
                                      int64_t now, struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st = account_stmt(s, MAIL_ENQUEUE, err);

    if (st == NULL)
        return BZ_STORE;
    store_sql_bind_text(st, 1, recipient);
    store_sql_bind_text(st, 2, subject);
    store_sql_bind_text(st, 3, body);
    bz_sql_bind_int64(st, 4, now);
    return store_sql_exec(s, st, err);
}

enum bz_status store_sql_mail_claim(struct bz_store *store,
                                    struct bz_arena *arena, int64_t now,
                                    int64_t lease, struct bz_outbox_mail *out,
                                    struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st = account_stmt(s, MAIL_CLAIM, err);
    enum bz_sql_step rc;
    int nomem = 0;

    memset(out, 0, sizeof(*out));
    if (st == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, now);
    bz_sql_bind_int64(st, 2, lease);
    bz_sql_bind_int64(st, 3, BZ_OUTBOX_ATTEMPTS);
    rc = bz_sql_step(st, err);
    if (rc == BZ_SQL_ROW) {
        out->id = bz_sql_column_int64(st, 0);
        out->recipient = store_sql_text(arena, st, 1, &nomem);
        out->subject = store_sql_text(arena, st, 2, &nomem);
        out->body = store_sql_text(arena, st, 3, &nomem);
        out->attempts = (int)bz_sql_column_int64(st, 4);
    }
    bz_sql_reset(st);
    if (rc == BZ_SQL_FAILED)
        return store_sql_failed(err);
    if (rc == BZ_SQL_DONE)
        return bz_error_set(err, BZ_NOT_FOUND, "no mail is due");
    return nomem ? store_sql_nomem(err) : BZ_OK;
}

enum bz_status store_sql_mail_done(struct bz_store *store, int64_t id,
                                   const char *error, int64_t now,
                                   int64_t retry_at, struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st =
        account_stmt(s, error == NULL ? MAIL_SENT : MAIL_FAILED, err);

    if (st == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, id);
    if (error == NULL) {
        bz_sql_bind_int64(st, 2, now);
    } else {
        store_sql_bind_text(st, 2, error);
        bz_sql_bind_int64(st, 3, retry_at);
    }
    return store_sql_exec(s, st, err);
}
