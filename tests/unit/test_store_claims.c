/* test_store_claims.c - the store's claim operations, on SQLite and on
 * PostgreSQL (support/test_db.h): rows, the unique indexes of migration 7,
 * ownership, and the emails and homepages claims are checked against. */
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

static int64_t make_account(struct bz_test_store *f, const char *email)
{
    struct bz_error err;
    int64_t id = 0;

    if (f->store->ops->account_create(f->store, email, "h", "user", &id,
                                      &err) != BZ_OK)
        fail_msg("account_create: %s", err.message);
    return id;
}

/* An ORCID person with the emails and the affiliation's homepage given. */
static int64_t make_person(struct bz_test_store *f, const char *orcid,
                           const char *const *emails, size_t email_count,
                           const char *homepage)
{
    struct bz_external_id ids[] = {{"orcid", orcid, "orcid"}};
    struct bz_external_id inst_ids[] = {{"ror", orcid, "orcid"}};
    struct bz_institution_record inst = {.display_name = "Univ",
                                         .ids = inst_ids,
                                         .id_count = 1,
                                         .homepage = homepage};
    struct bz_researcher_record r = {.source = "orcid",
                                     .display_name = "Ada Lovelace",
                                     .ids = ids,
                                     .id_count = 1,
                                     .emails = emails,
                                     .email_count = email_count,
                                     .affiliations = &inst,
                                     .affiliation_count = homepage ? 1 : 0};
    struct bz_import_tally tally = {0};
    struct bz_error err;
    int64_t id = 0;

    if (f->store->ops->import_researcher(f->store, &r, &tally, &err) != BZ_OK ||
        f->store->ops->researcher_find(f->store, "orcid", orcid, &id, &err) !=
            BZ_OK)
        fail_msg("import_researcher: %s", err.message);
    return id;
}

static struct bz_claim new_claim(int64_t researcher, int64_t account,
                                 const char *evidence, const char *state)
{
    struct bz_claim c = {0};

    c.researcher_id = researcher;
    c.account_id = account;
    c.evidence = evidence;
    c.state = state;
    c.note = "mine";
    c.created_at = 100;
    return c;
}

static void test_claim_rows(void **state)
{
    struct bz_test_store *f = *state;
    const struct bz_store_ops *ops = f->store->ops;
    int64_t r1 = make_person(f, "0000-0002-1825-0097", NULL, 0, NULL);
    int64_t r2 = make_person(f, "0000-0001-5109-3700", NULL, 0, NULL);
    int64_t a = make_account(f, "a@example.org");
    int64_t b = make_account(f, "b@example.org");
    struct bz_claim c = new_claim(r1, a, "statement", "pending"), got, *list;
    struct bz_claim_filter pending = {.state = "pending"};
    struct bz_claim_filter of_b = {.account_id = b};
    struct bz_error err;
    size_t n;
    int more;
    int64_t id, id2, id3;

    assert_int_equal(ops->claim_insert(f->store, &c, &id, &err), BZ_OK);
    assert_int_equal(ops->claim_get(f->store, &f->arena, id, &got, &err),
                     BZ_OK);
    assert_int_equal(got.researcher_id, r1);
    assert_string_equal(got.researcher_name, "Ada Lovelace");
    assert_string_equal(got.account_email, "a@example.org");
    assert_string_equal(got.evidence, "statement");
    assert_string_equal(got.state, "pending");
    assert_string_equal(got.note, "mine");
    assert_null(got.evidence_detail);
    assert_int_equal(got.level, 0);
    assert_int_equal(got.decided_at, 0);
    assert_int_equal(ops->claim_get(f->store, &f->arena, id + 9, &got, &err),
                     BZ_NOT_FOUND);

    /* one open claim per account; bad values refused */
    c = new_claim(r2, a, "documents", "pending");
    assert_int_equal(ops->claim_insert(f->store, &c, &id2, &err), BZ_CONFLICT);
    c = new_claim(r2, a, "letter", "pending");
    assert_int_equal(ops->claim_insert(f->store, &c, &id2, &err), BZ_INVALID);
    /* one approved claim per record */
    c = new_claim(r1, b, "orcid", "approved");
    c.level = 3;
    assert_int_equal(ops->claim_insert(f->store, &c, &id2, &err), BZ_OK);
    got.id = id;
    got.state = "approved";
    got.level = 2;
    assert_int_equal(ops->claim_update(f->store, &got, &err), BZ_CONFLICT);
    got.state = "rejected";
    got.reason = "no";
    got.decided_at = 200;
    assert_int_equal(ops->claim_update(f->store, &got, &err), BZ_OK);
    c = new_claim(r2, a, "statement", "pending"); /* a is free again */
    assert_int_equal(ops->claim_insert(f->store, &c, &id3, &err), BZ_OK);

    assert_int_equal(ops->claim_list(f->store, &f->arena, &pending, 0, 10,
                                     &list, &n, &more, &err),
                     BZ_OK);
    assert_int_equal(n, 1);
    assert_int_equal(list[0].id, id3);
    assert_int_equal(ops->claim_list(f->store, &f->arena, &of_b, 0, 10, &list,
                                     &n, &more, &err),
                     BZ_OK);
    assert_int_equal(n, 1);
    assert_int_equal(list[0].level, 3);
    assert_int_equal(ops->claim_list(f->store, &f->arena, NULL, 0, 2, &list, &n,
                                     &more, &err),
                     BZ_OK);
    assert_int_equal(n, 2);
    assert_true(more);
    assert_int_equal(ops->claim_list(f->store, &f->arena, NULL, list[1].id, 2,
                                     &list, &n, &more, &err),
                     BZ_OK);
    assert_int_equal(n, 1);
    assert_false(more);
}

static void test_owner(void **state)
{
    struct bz_test_store *f = *state;
    const struct bz_store_ops *ops = f->store->ops;
    int64_t r = make_person(f, "0000-0002-1825-0097", NULL, 0, NULL);
    int64_t a = make_account(f, "a@example.org");
    int64_t b = make_account(f, "b@example.org");
    struct bz_researcher rec;
    struct bz_account acc;
    struct bz_error err;
    int64_t merged;
    int level;

    assert_int_equal(ops->researcher_lock(f->store, r, &level, &merged, &err),
                     BZ_OK);
    assert_int_equal(level, 0);
    assert_int_equal(merged, 0);
    assert_int_equal(
        ops->researcher_lock(f->store, r + 5, &level, &merged, &err),
        BZ_NOT_FOUND);

    assert_int_equal(ops->claim_set_owner(f->store, r, a, 3, &err), BZ_OK);
    assert_int_equal(ops->researcher_get(f->store, &f->arena, r, &rec, &err),
                     BZ_OK);
    assert_int_equal(rec.claim_level, 3);
    assert_int_equal(ops->account_get(f->store, &f->arena, a, &acc, &err),
                     BZ_OK);
    assert_int_equal(acc.owns_researcher_id, r);
    /* a new owner takes it from the old */
    assert_int_equal(ops->claim_set_owner(f->store, r, b, 2, &err), BZ_OK);
    assert_int_equal(ops->account_get(f->store, &f->arena, a, &acc, &err),
                     BZ_OK);
    assert_int_equal(acc.owns_researcher_id, 0);
    /* level 0: unclaimed, nobody's */
    assert_int_equal(ops->claim_set_owner(f->store, r, 0, 0, &err), BZ_OK);
    assert_int_equal(ops->researcher_get(f->store, &f->arena, r, &rec, &err),
                     BZ_OK);
    assert_int_equal(rec.claim_level, 0);
    assert_int_equal(ops->account_get(f->store, &f->arena, b, &acc, &err),
                     BZ_OK);
    assert_int_equal(acc.owns_researcher_id, 0);
    assert_int_equal(ops->claim_set_owner(f->store, r, a, 1, &err), BZ_INVALID);
    assert_int_equal(ops->claim_set_owner(f->store, r, a + 9, 2, &err),
                     BZ_NOT_FOUND);
    assert_int_equal(ops->claim_set_owner(f->store, r + 9, a, 2, &err),
                     BZ_NOT_FOUND);
}

static void test_emails_and_homepages(void **state)
{
    struct bz_test_store *f = *state;
    const struct bz_store_ops *ops = f->store->ops;
    static const char *const first[] = {"Ada@Example.org", "not-an-address"};
    static const char *const second[] = {"ada@math.example.org"};
    int64_t r1 = make_person(f, "0000-0002-1825-0097", first, 2,
                             "https://www.example.org/");
    int64_t r2 = make_person(f, "0000-0001-5109-3700", second, 1,
                             "http://other.example.net");
    const char **list;
    struct bz_error err;
    size_t n;

    assert_int_equal(
        ops->researcher_emails(f->store, &f->arena, r1, &list, &n, &err),
        BZ_OK);
    assert_int_equal(n, 1);
    assert_string_equal(list[0], "ada@example.org");
    assert_int_equal(
        ops->researcher_homepages(f->store, &f->arena, r1, &list, &n, &err),
        BZ_OK);
    assert_int_equal(n, 1);
    assert_string_equal(list[0], "https://www.example.org/");

    /* a merge moves them to the survivor */
    assert_int_equal(ops->researcher_merge(f->store, r1, r2, &err), BZ_OK);
    assert_int_equal(
        ops->researcher_emails(f->store, &f->arena, r1, &list, &n, &err),
        BZ_OK);
    assert_int_equal(n, 2);
    assert_string_equal(list[0], "ada@example.org");
    assert_string_equal(list[1], "ada@math.example.org");
    assert_int_equal(
        ops->researcher_homepages(f->store, &f->arena, r1, &list, &n, &err),
        BZ_OK);
    assert_int_equal(n, 2);
    assert_int_equal(
        ops->researcher_emails(f->store, &f->arena, r2, &list, &n, &err),
        BZ_OK);
    assert_int_equal(n, 0);
}

#define STORE_CLAIM_TESTS(engine)                                              \
    {                                                                          \
        BZ_TEST_STORE(test_claim_rows, engine),                                \
        BZ_TEST_STORE(test_owner, engine),                                     \
        BZ_TEST_STORE(test_emails_and_homepages, engine),                      \
    }

BZ_TEST_ENGINES_MAIN("store claims", STORE_CLAIM_TESTS)
