/* test_store_collaboration.c - the store's operations for direct
 * collaboration, on SQLite and on PostgreSQL (support/test_db.h): the
 * invitation rows and the one-pending-per-pair index of migration 9,
 * state moves, messages (the newest, oldest first), read marks that never
 * move back, blocks, reports, and what deleting an account leaves. */
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

struct fixture {
    struct bz_test_db db;
    struct bz_store *store;
    struct bz_arena arena;
    int64_t record;          /* R of an ORCID person, owned by owner */
    int64_t owner, a, b;     /* accounts */
};

static int64_t make_account(struct bz_store *store, const char *email)
{
    struct bz_error err;
    int64_t id = 0;

    if (store->ops->account_create(store, email, "h", "user", &id, &err) !=
        BZ_OK)
        fail_msg("account_create: %s", err.message);
    return id;
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));
    int postgresql = *(int *)*state;
    struct bz_external_id ids[] = {{"orcid", "0000-0002-1825-0097", "orcid"}};
    struct bz_researcher_record r = {.source = "orcid",
                                     .display_name = "Ada Lovelace",
                                     .ids = ids,
                                     .id_count = 1};
    struct bz_import_tally tally = {0};
    struct bz_error err;

    if (f == NULL)
        return -1;
    f->store = bz_test_db_open(&f->db, postgresql);
    bz_arena_init(&f->arena, 0);
    if (f->store->ops->import_researcher(f->store, &r, &tally, &err) ||
        f->store->ops->researcher_find(f->store, "orcid", ids[0].value,
                                       &f->record, &err))
        fail_msg("import_researcher: %s", err.message);
    f->owner = make_account(f->store, "ada@example.org");
    f->a = make_account(f->store, "a@example.org");
    f->b = make_account(f->store, "b@example.org");
    if (f->store->ops->claim_set_owner(f->store, f->record, f->owner, 2,
                                       &err) != BZ_OK)
        fail_msg("claim_set_owner: %s", err.message);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;

    bz_test_db_close(&f->db, f->store);
    bz_arena_release(&f->arena);
    free(f);
    return 0;
}

static int64_t invite(struct fixture *f, int64_t sender, int64_t at,
                      enum bz_status want)
{
    struct bz_invitation inv = {0};
    struct bz_error err;
    int64_t id = 0;

    inv.sender_id = sender;
    inv.recipient_id = f->owner;
    inv.researcher_id = f->record;
    inv.subject = "Shall we?";
    inv.message = "A project";
    inv.created_at = at;
    assert_int_equal(f->store->ops->invitation_insert(f->store, &inv, &id,
                                                      &err),
                     want);
    return id;
}

static void test_invitations(void **state)
{
    struct fixture *f = *state;
    const struct bz_store_ops *ops = f->store->ops;
    struct bz_invitation got, *list;
    struct bz_error err;
    int64_t owner = 0, id, id2;
    const char *name;
    size_t n;
    long count;

    assert_int_equal(ops->researcher_owner(f->store, f->record, &owner, &err),
                     BZ_OK);
    assert_int_equal(owner, f->owner);
    assert_int_equal(
        ops->researcher_owner(f->store, f->record + 9, &owner, &err), BZ_OK);
    assert_int_equal(owner, 0);
    assert_int_equal(ops->topic_name(f->store, &f->arena, 999, &name, &err),
                     BZ_NOT_FOUND);

    id = invite(f, f->a, 1000, BZ_OK);
    invite(f, f->a, 1001, BZ_CONFLICT); /* one pending per pair */
    id2 = invite(f, f->b, 1002, BZ_OK);
    assert_int_equal(ops->invitation_get(f->store, &f->arena, id, f->a, &got,
                                         &err),
                     BZ_OK);
    assert_int_equal(got.sender_id, f->a);
    assert_string_equal(got.sender_email, "a@example.org");
    assert_null(got.sender_record_name);
    assert_string_equal(got.recipient_email, "ada@example.org");
    assert_string_equal(got.researcher_name, "Ada Lovelace");
    assert_int_equal(got.topic_id, 0);
    assert_null(got.topic_name);
    assert_string_equal(got.state, "pending");
    assert_int_equal(got.created_at, 1000);
    assert_int_equal(got.reported, 0);
    assert_int_equal(ops->invitation_get(f->store, &f->arena, id2 + 9, f->a,
                                         &got, &err),
                     BZ_NOT_FOUND);

    assert_int_equal(ops->invitation_count_since(f->store, f->a, 1000, &count,
                                                 &err),
                     BZ_OK);
    assert_int_equal(count, 1);
    assert_int_equal(ops->invitation_count_since(f->store, f->a, 1001, &count,
                                                 &err),
                     BZ_OK);
    assert_int_equal(count, 0);

    assert_int_equal(ops->invitation_list(f->store, &f->arena, f->owner,
                                          "received", 10, &list, &n, &err),
                     BZ_OK);
    assert_int_equal(n, 2);
    assert_int_equal(list[0].id, id2); /* newest first */
    assert_int_equal(ops->invitation_list(f->store, &f->arena, f->a, "sent",
                                          10, &list, &n, &err),
                     BZ_OK);
    assert_int_equal(n, 1);
    assert_int_equal(ops->invitation_list(f->store, &f->arena, f->a,
                                          "conversations", 10, &list, &n,
                                          &err),
                     BZ_OK);
    assert_int_equal(n, 0);

    /* moves: only from the state named */
    assert_int_equal(ops->invitation_set_state(f->store, id, "pending",
                                               "accepted", 1100, &err),
                     BZ_OK);
    assert_int_equal(ops->invitation_set_state(f->store, id, "pending",
                                               "declined", 1100, &err),
                     BZ_CONFLICT);
    assert_int_equal(ops->invitation_set_state(f->store, id2 + 9, "pending",
                                               "declined", 1100, &err),
                     BZ_NOT_FOUND);
    invite(f, f->a, 1200, BZ_OK); /* answered: a new one may go */
    assert_int_equal(ops->invitation_list(f->store, &f->arena, f->owner,
                                          "conversations", 10, &list, &n,
                                          &err),
                     BZ_OK);
    assert_int_equal(n, 1);
    assert_int_equal(list[0].id, id);
    assert_int_equal(list[0].decided_at, 1100);

    /* a block's step declines b's pending ones */
    assert_int_equal(ops->invitation_decline_from(f->store, f->owner, f->b,
                                                  1300, &err),
                     BZ_OK);
    assert_int_equal(ops->invitation_get(f->store, &f->arena, id2, f->b, &got,
                                         &err),
                     BZ_OK);
    assert_string_equal(got.state, "declined");
}

static void test_messages(void **state)
{
    struct fixture *f = *state;
    const struct bz_store_ops *ops = f->store->ops;
    int64_t id = invite(f, f->a, 1000, BZ_OK), m[4];
    struct bz_invitation got;
    struct bz_message *list;
    struct bz_error err;
    size_t n;
    long unread;
    char body[16];

    assert_int_equal(ops->invitation_set_state(f->store, id, "pending",
                                               "accepted", 1100, &err),
                     BZ_OK);
    for (int i = 0; i < 4; i++) {
        snprintf(body, sizeof(body), "m%d", i);
        assert_int_equal(ops->message_insert(f->store, id,
                                             i == 3 ? f->owner : f->a, body,
                                             1200 + i, &m[i], &err),
                         BZ_OK);
    }
    /* the newest three, oldest first */
    assert_int_equal(ops->message_list(f->store, &f->arena, id, 3, &list, &n,
                                       &err),
                     BZ_OK);
    assert_int_equal(n, 3);
    assert_string_equal(list[0].body, "m1");
    assert_string_equal(list[2].body, "m3");
    assert_int_equal(list[2].author_id, f->owner);

    /* unread: the other party's messages past the mark */
    assert_int_equal(ops->unread_total(f->store, f->owner, &unread, &err),
                     BZ_OK);
    assert_int_equal(unread, 3);
    assert_int_equal(ops->unread_total(f->store, f->a, &unread, &err), BZ_OK);
    assert_int_equal(unread, 1);
    assert_int_equal(ops->conversation_mark_read(f->store, id, f->owner, m[1],
                                                 &err),
                     BZ_OK);
    assert_int_equal(ops->invitation_get(f->store, &f->arena, id, f->owner,
                                         &got, &err),
                     BZ_OK);
    assert_int_equal(got.unread, 1);
    assert_int_equal(got.last_message_at, 1203);
    /* a mark never moves back */
    assert_int_equal(ops->conversation_mark_read(f->store, id, f->owner, m[0],
                                                 &err),
                     BZ_OK);
    assert_int_equal(ops->unread_total(f->store, f->owner, &unread, &err),
                     BZ_OK);
    assert_int_equal(unread, 1);
    assert_int_equal(ops->conversation_mark_read(f->store, id, f->owner, m[3],
                                                 &err),
                     BZ_OK);
    assert_int_equal(ops->unread_total(f->store, f->owner, &unread, &err),
                     BZ_OK);
    assert_int_equal(unread, 0);
}

static void test_blocks_reports_and_deletion(void **state)
{
    struct fixture *f = *state;
    const struct bz_store_ops *ops = f->store->ops;
    int64_t id = invite(f, f->a, 1000, BZ_OK), pending, report, m;
    struct bz_invitation got;
    struct bz_abuse_report *reports;
    struct bz_block *blocks;
    struct bz_message *list;
    struct bz_error err;
    size_t n;
    int blocked;

    assert_int_equal(ops->block_set(f->store, f->owner, f->a, 1, 1100, &err),
                     BZ_OK);
    assert_int_equal(ops->block_set(f->store, f->owner, f->a, 1, 1101, &err),
                     BZ_OK); /* idempotent */
    assert_int_equal(ops->block_exists(f->store, f->owner, f->a, &blocked,
                                       &err),
                     BZ_OK);
    assert_true(blocked);
    assert_int_equal(ops->block_exists(f->store, f->a, f->owner, &blocked,
                                       &err),
                     BZ_OK);
    assert_false(blocked);
    assert_int_equal(ops->block_list(f->store, &f->arena, f->owner, &blocks,
                                     &n, &err),
                     BZ_OK);
    assert_int_equal(n, 1);
    assert_string_equal(blocks[0].blocked_email, "a@example.org");
    assert_int_equal(blocks[0].created_at, 1100);
    assert_int_equal(ops->block_set(f->store, f->owner, f->a, 0, 1200, &err),
                     BZ_OK);
    assert_int_equal(ops->block_list(f->store, &f->arena, f->owner, &blocks,
                                     &n, &err),
                     BZ_OK);
    assert_int_equal(n, 0);

    assert_int_equal(ops->report_insert(f->store, id, f->owner, "spam", 1300,
                                        &report, &err),
                     BZ_OK);
    assert_int_equal(ops->report_list(f->store, &f->arena, 10, &reports, &n,
                                      &err),
                     BZ_OK);
    assert_int_equal(n, 1);
    assert_int_equal(reports[0].invitation_id, id);
    assert_string_equal(reports[0].subject, "Shall we?");
    assert_string_equal(reports[0].reporter_email, "ada@example.org");
    assert_int_equal(ops->invitation_get(f->store, &f->arena, id, f->a, &got,
                                         &err),
                     BZ_OK);
    assert_int_equal(got.reported, 1);

    /* a's account goes: its rows stay without it, its pending ones end */
    assert_int_equal(ops->invitation_set_state(f->store, id, "pending",
                                               "accepted", 1400, &err),
                     BZ_OK);
    assert_int_equal(ops->message_insert(f->store, id, f->a, "bye", 1500, &m,
                                         &err),
                     BZ_OK);
    assert_int_equal(ops->block_set(f->store, f->a, f->owner, 1, 1500, &err),
                     BZ_OK);
    pending = invite(f, f->a, 1600, BZ_OK);
    assert_int_equal(ops->account_delete(f->store, f->a, &err), BZ_OK);
    assert_int_equal(ops->invitation_get(f->store, &f->arena, pending,
                                         f->owner, &got, &err),
                     BZ_OK);
    assert_string_equal(got.state, "withdrawn");
    assert_int_equal(got.sender_id, 0);
    assert_null(got.sender_email);
    assert_int_equal(ops->invitation_get(f->store, &f->arena, id, f->owner,
                                         &got, &err),
                     BZ_OK);
    assert_string_equal(got.state, "accepted");
    assert_int_equal(got.unread, 1);
    assert_int_equal(ops->message_list(f->store, &f->arena, id, 10, &list, &n,
                                       &err),
                     BZ_OK);
    assert_int_equal(n, 1);
    assert_int_equal(list[0].author_id, 0);
    assert_int_equal(ops->block_exists(f->store, f->a, f->owner, &blocked,
                                       &err),
                     BZ_OK);
    assert_false(blocked);

    /* and the recipient's: its pending ones are declined */
    pending = invite(f, f->b, 1700, BZ_OK);
    assert_int_equal(ops->account_delete(f->store, f->owner, &err), BZ_OK);
    assert_int_equal(ops->invitation_get(f->store, &f->arena, pending, f->b,
                                         &got, &err),
                     BZ_OK);
    assert_string_equal(got.state, "declined");
    assert_int_equal(got.recipient_id, 0);
    assert_int_equal(ops->report_list(f->store, &f->arena, 10, &reports, &n,
                                      &err),
                     BZ_OK);
    assert_int_equal(reports[0].reporter_id, 0);
}

#define STORE_COLLAB_TESTS(engine)                                             \
    {                                                                          \
        cmocka_unit_test_prestate_setup_teardown(test_invitations, setup,      \
                                                 teardown, &engine),           \
            cmocka_unit_test_prestate_setup_teardown(test_messages, setup,     \
                                                     teardown, &engine),       \
            cmocka_unit_test_prestate_setup_teardown(                          \
                test_blocks_reports_and_deletion, setup, teardown, &engine),   \
    }

BZ_TEST_ENGINES_MAIN("store collaboration", STORE_COLLAB_TESTS)
