/* test_store_accounts.c - the store's accounts, sessions, API tokens,
 * throttling and settings, on SQLite and on PostgreSQL (support/test_db.h).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "store/store.h"
#include "support/test_db.h"

#define HASH_A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define HASH_B "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
#define HASH_C "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"

static int64_t make_account(struct bz_test_store *f, const char *email)
{
    struct bz_error err;
    int64_t id = 0;

    if (f->store->ops->account_create(f->store, email, "$argon2id$x", "user",
                                      &id, &err) != BZ_OK)
        fail_msg("account_create failed: %s", err.message);
    assert_true(id > 0);
    return id;
}

static void test_account_create_and_read(void **state)
{
    struct bz_test_store *f = *state;
    const struct bz_store_ops *ops = f->store->ops;
    struct bz_account a;
    struct bz_error err;
    int64_t id = make_account(f, "ada@example.org"), other;

    assert_int_equal(ops->account_get(f->store, &f->arena, id, &a, &err),
                     BZ_OK);
    assert_int_equal(a.id, id);
    assert_string_equal(a.email, "ada@example.org");
    assert_int_equal(a.email_verified, 0);
    assert_string_equal(a.role, "user");
    assert_string_equal(a.password_hash, "$argon2id$x");
    assert_null(a.pending_email);
    assert_int_equal(a.owns_researcher_id, 0);
    assert_non_null(a.created_at);

    assert_int_equal(ops->account_find(f->store, &f->arena,
                                       "ada@example.org", &a, &err),
                     BZ_OK);
    assert_int_equal(a.id, id);
    assert_int_equal(ops->account_find(f->store, &f->arena, "no@example.org",
                                       &a, &err),
                     BZ_NOT_FOUND);
    assert_int_equal(ops->account_get(f->store, &f->arena, id + 100, &a,
                                      &err),
                     BZ_NOT_FOUND);

    /* one account per address; bad input refused */
    assert_int_equal(ops->account_create(f->store, "ada@example.org", "h",
                                         "user", &other, &err),
                     BZ_CONFLICT);
    assert_int_equal(ops->account_create(f->store, "b@example.org", "h",
                                         "root", &other, &err),
                     BZ_INVALID);
    assert_int_equal(ops->account_create(f->store, " ", "h", "user", &other,
                                         &err),
                     BZ_INVALID);
}

static void test_account_roles(void **state)
{
    struct bz_test_store *f = *state;
    const struct bz_store_ops *ops = f->store->ops;
    struct bz_account a;
    struct bz_error err;
    int64_t id = make_account(f, "mod@example.org");

    assert_int_equal(ops->account_set_role(f->store, id, "moderator", &err),
                     BZ_OK);
    assert_int_equal(ops->account_get(f->store, &f->arena, id, &a, &err),
                     BZ_OK);
    assert_string_equal(a.role, "moderator");
    assert_int_equal(ops->account_set_role(f->store, id, "king", &err),
                     BZ_INVALID);
    assert_int_equal(ops->account_set_role(f->store, id + 9, "admin", &err),
                     BZ_NOT_FOUND);
}

static void test_email_verification_and_change(void **state)
{
    struct bz_test_store *f = *state;
    const struct bz_store_ops *ops = f->store->ops;
    struct bz_account a;
    struct bz_error err;
    int64_t id = make_account(f, "ada@example.org");
    int64_t other = make_account(f, "bob@example.org");

    assert_int_equal(ops->account_verify_email(f->store, id,
                                               "ada@example.org", &err),
                     BZ_OK);
    assert_int_equal(ops->account_get(f->store, &f->arena, id, &a, &err),
                     BZ_OK);
    assert_int_equal(a.email_verified, 1);

    /* a change waits for its own link; another's address is refused */
    assert_int_equal(ops->account_set_pending_email(f->store, id,
                                                    "bob@example.org", &err),
                     BZ_CONFLICT);
    assert_int_equal(ops->account_set_pending_email(f->store, id,
                                                    "ada@new.example", &err),
                     BZ_OK);
    assert_int_equal(ops->account_get(f->store, &f->arena, id, &a, &err),
                     BZ_OK);
    assert_string_equal(a.email, "ada@example.org");
    assert_string_equal(a.pending_email, "ada@new.example");

    /* a stale link: neither the address nor the pending one */
    assert_int_equal(ops->account_verify_email(f->store, id,
                                               "old@example.org", &err),
                     BZ_GONE);
    assert_int_equal(ops->account_verify_email(f->store, id,
                                               "ada@new.example", &err),
                     BZ_OK);
    assert_int_equal(ops->account_get(f->store, &f->arena, id, &a, &err),
                     BZ_OK);
    assert_string_equal(a.email, "ada@new.example");
    assert_null(a.pending_email);
    assert_int_equal(a.email_verified, 1);

    /* the pending address taken by someone else before the link is used */
    assert_int_equal(ops->account_set_pending_email(f->store, other,
                                                    "carol@example.org",
                                                    &err),
                     BZ_OK);
    make_account(f, "carol@example.org");
    assert_int_equal(ops->account_verify_email(f->store, other,
                                               "carol@example.org", &err),
                     BZ_CONFLICT);
}

static void test_sessions(void **state)
{
    struct bz_test_store *f = *state;
    const struct bz_store_ops *ops = f->store->ops;
    struct bz_error err;
    int64_t id = make_account(f, "ada@example.org"), who;

    assert_int_equal(ops->session_create(f->store, HASH_A, id, 1000, 2000,
                                         &err),
                     BZ_OK);
    assert_int_equal(ops->session_create(f->store, HASH_B, id, 1000, 5000,
                                         &err),
                     BZ_OK);
    assert_int_equal(ops->session_account(f->store, HASH_A, 1500, &who, &err),
                     BZ_OK);
    assert_int_equal(who, id);
    /* expired: not found, and gone after */
    assert_int_equal(ops->session_account(f->store, HASH_A, 2000, &who, &err),
                     BZ_NOT_FOUND);
    assert_int_equal(ops->session_account(f->store, HASH_A, 1500, &who, &err),
                     BZ_NOT_FOUND);
    assert_int_equal(ops->session_account(f->store, HASH_C, 1500, &who, &err),
                     BZ_NOT_FOUND);

    /* a new password ends the other sessions, not the one kept */
    assert_int_equal(ops->session_create(f->store, HASH_C, id, 1000, 5000,
                                         &err),
                     BZ_OK);
    assert_int_equal(ops->account_set_password(f->store, id, "$argon2id$y",
                                               HASH_C, &err),
                     BZ_OK);
    assert_int_equal(ops->session_account(f->store, HASH_B, 1500, &who, &err),
                     BZ_NOT_FOUND);
    assert_int_equal(ops->session_account(f->store, HASH_C, 1500, &who, &err),
                     BZ_OK);
    assert_int_equal(ops->session_delete(f->store, HASH_C, 0, &err), BZ_OK);
    assert_int_equal(ops->session_account(f->store, HASH_C, 1500, &who, &err),
                     BZ_NOT_FOUND);

    /* all of an account's */
    assert_int_equal(ops->session_create(f->store, HASH_A, id, 1000, 5000,
                                         &err),
                     BZ_OK);
    assert_int_equal(ops->session_delete(f->store, NULL, id, &err), BZ_OK);
    assert_int_equal(ops->session_account(f->store, HASH_A, 1500, &who, &err),
                     BZ_NOT_FOUND);
    assert_int_equal(ops->account_set_password(f->store, id + 7, "h", NULL,
                                               &err),
                     BZ_NOT_FOUND);
}

static void test_api_tokens(void **state)
{
    struct bz_test_store *f = *state;
    const struct bz_store_ops *ops = f->store->ops;
    struct bz_api_token *tokens;
    struct bz_error err;
    int64_t ada = make_account(f, "ada@example.org");
    int64_t bob = make_account(f, "bob@example.org");
    int64_t t1, t2, who;
    size_t n;

    assert_int_equal(ops->api_token_create(f->store, ada, "laptop", HASH_A,
                                           100, &t1, &err),
                     BZ_OK);
    assert_int_equal(ops->api_token_create(f->store, ada, "ci", HASH_B, 200,
                                           &t2, &err),
                     BZ_OK);
    assert_int_equal(ops->api_token_list(f->store, &f->arena, ada, &tokens,
                                         &n, &err),
                     BZ_OK);
    assert_int_equal(n, 2);
    assert_int_equal(tokens[0].id, t2); /* newest first */
    assert_string_equal(tokens[0].name, "ci");
    assert_int_equal(tokens[1].last_used_at, 0);

    assert_int_equal(ops->api_token_account(f->store, HASH_A, 10000, &who,
                                            &err),
                     BZ_OK);
    assert_int_equal(who, ada);
    assert_int_equal(ops->api_token_list(f->store, &f->arena, ada, &tokens,
                                         &n, &err),
                     BZ_OK);
    assert_int_equal(tokens[1].last_used_at, 10000);

    /* only the owner revokes; a revoked token finds nobody */
    assert_int_equal(ops->api_token_revoke(f->store, bob, t1, 300, &err),
                     BZ_NOT_FOUND);
    assert_int_equal(ops->api_token_revoke(f->store, ada, t1, 300, &err),
                     BZ_OK);
    assert_int_equal(ops->api_token_revoke(f->store, ada, t1, 300, &err),
                     BZ_NOT_FOUND);
    assert_int_equal(ops->api_token_account(f->store, HASH_A, 400, &who,
                                            &err),
                     BZ_NOT_FOUND);
    assert_int_equal(ops->api_token_list(f->store, &f->arena, ada, &tokens,
                                         &n, &err),
                     BZ_OK);
    assert_int_equal(n, 1);
}

static void test_throttle(void **state)
{
    struct bz_test_store *f = *state;
    const struct bz_store_ops *ops = f->store->ops;
    struct bz_error err;
    long count;

    for (long i = 1; i <= 3; i++) {
        assert_int_equal(ops->throttle_hit(f->store, "acct:ada", 1000 + i, 60,
                                           &count, &err),
                         BZ_OK);
        assert_int_equal(count, i);
    }
    assert_int_equal(ops->throttle_hit(f->store, "addr:127.0.0.1", 1000, 60,
                                       &count, &err),
                     BZ_OK);
    assert_int_equal(count, 1);
    /* a new window starts once the first attempt's has passed */
    assert_int_equal(ops->throttle_hit(f->store, "acct:ada", 1061, 60, &count,
                                       &err),
                     BZ_OK);
    assert_int_equal(count, 1);
    assert_int_equal(ops->throttle_hit(f->store, "acct:ada", 1062, 60, &count,
                                       &err),
                     BZ_OK);
    assert_int_equal(count, 2);
    assert_int_equal(ops->throttle_clear(f->store, "acct:ada", &err), BZ_OK);
    assert_int_equal(ops->throttle_hit(f->store, "acct:ada", 1063, 60, &count,
                                       &err),
                     BZ_OK);
    assert_int_equal(count, 1);
}

static void test_settings(void **state)
{
    struct bz_test_store *f = *state;
    const struct bz_store_ops *ops = f->store->ops;
    struct bz_error err;
    const char *value;

    assert_int_equal(ops->setting_get(f->store, &f->arena, "secret", &value,
                                      &err),
                     BZ_OK);
    assert_null(value);
    assert_int_equal(ops->setting_init(f->store, &f->arena, "secret", "one",
                                       &value, &err),
                     BZ_OK);
    assert_string_equal(value, "one");
    /* the first value wins: every server ends up with the same */
    assert_int_equal(ops->setting_init(f->store, &f->arena, "secret", "two",
                                       &value, &err),
                     BZ_OK);
    assert_string_equal(value, "one");
}

static void test_account_delete(void **state)
{
    struct bz_test_store *f = *state;
    const struct bz_store_ops *ops = f->store->ops;
    struct bz_account a;
    struct bz_error err;
    int64_t id = make_account(f, "ada@example.org"), who, t;

    assert_int_equal(ops->session_create(f->store, HASH_A, id, 1, 9999, &err),
                     BZ_OK);
    assert_int_equal(ops->api_token_create(f->store, id, "x", HASH_B, 1, &t,
                                           &err),
                     BZ_OK);
    assert_int_equal(ops->account_delete(f->store, id, &err), BZ_OK);
    assert_int_equal(ops->account_get(f->store, &f->arena, id, &a, &err),
                     BZ_NOT_FOUND);
    assert_int_equal(ops->session_account(f->store, HASH_A, 2, &who, &err),
                     BZ_NOT_FOUND);
    assert_int_equal(ops->api_token_account(f->store, HASH_B, 2, &who, &err),
                     BZ_NOT_FOUND);
    assert_int_equal(ops->account_delete(f->store, id, &err), BZ_NOT_FOUND);
    /* the address is free again */
    make_account(f, "ada@example.org");
}

static void test_outbox(void **state)
{
    struct bz_test_store *f = *state;
    const struct bz_store_ops *ops = f->store->ops;
    struct bz_outbox_mail m;
    struct bz_error err;
    int64_t first;

    assert_int_equal(ops->mail_claim(f->store, &f->arena, 100, 60, &m, &err),
                     BZ_NOT_FOUND);
    assert_int_equal(ops->mail_enqueue(f->store, "a@example.org", "One",
                                       "first\n", 100, &err),
                     BZ_OK);
    assert_int_equal(ops->mail_enqueue(f->store, "b@example.org", "Two",
                                       "second\n", 100, &err),
                     BZ_OK);
    assert_int_equal(ops->mail_claim(f->store, &f->arena, 100, 60, &m, &err),
                     BZ_OK);
    first = m.id;
    assert_string_equal(m.recipient, "a@example.org");
    assert_string_equal(m.subject, "One");
    assert_string_equal(m.body, "first\n");
    assert_int_equal(m.attempts, 1);
    /* leased: the next claim takes the other, then none is due */
    assert_int_equal(ops->mail_claim(f->store, &f->arena, 101, 60, &m, &err),
                     BZ_OK);
    assert_string_equal(m.recipient, "b@example.org");
    assert_int_equal(ops->mail_done(f->store, m.id, NULL, 102, 0, &err),
                     BZ_OK);
    assert_int_equal(ops->mail_claim(f->store, &f->arena, 102, 60, &m, &err),
                     BZ_NOT_FOUND);

    /* a failure is tried again from its retry time */
    assert_int_equal(ops->mail_done(f->store, first, "refused", 103, 200,
                                    &err),
                     BZ_OK);
    assert_int_equal(ops->mail_claim(f->store, &f->arena, 199, 60, &m, &err),
                     BZ_NOT_FOUND);
    assert_int_equal(ops->mail_claim(f->store, &f->arena, 200, 60, &m, &err),
                     BZ_OK);
    assert_int_equal(m.id, first);
    assert_int_equal(m.attempts, 2);

    /* and given up after BZ_OUTBOX_ATTEMPTS */
    for (int i = 2; i < BZ_OUTBOX_ATTEMPTS; i++) {
        assert_int_equal(ops->mail_done(f->store, first, "refused", 300, 300,
                                        &err),
                         BZ_OK);
        assert_int_equal(ops->mail_claim(f->store, &f->arena, 300, 60, &m,
                                         &err),
                         BZ_OK);
    }
    assert_int_equal(m.attempts, BZ_OUTBOX_ATTEMPTS);
    assert_int_equal(ops->mail_done(f->store, first, "refused", 300, 300,
                                    &err),
                     BZ_OK);
    assert_int_equal(ops->mail_claim(f->store, &f->arena, 400, 60, &m, &err),
                     BZ_NOT_FOUND);
}

#define ACCOUNT_TESTS(engine)                                                  \
    {                                                                          \
        BZ_TEST_STORE(test_account_create_and_read, engine),                   \
        BZ_TEST_STORE(test_account_roles, engine),                             \
        BZ_TEST_STORE(test_email_verification_and_change, engine),             \
        BZ_TEST_STORE(test_sessions, engine),                                  \
        BZ_TEST_STORE(test_api_tokens, engine),                                \
        BZ_TEST_STORE(test_throttle, engine),                                  \
        BZ_TEST_STORE(test_settings, engine),                                  \
        BZ_TEST_STORE(test_account_delete, engine),                            \
        BZ_TEST_STORE(test_outbox, engine),                                    \
    }

BZ_TEST_ENGINES_MAIN("accounts", ACCOUNT_TESTS)
