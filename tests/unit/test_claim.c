/* test_claim.c - the rules of claiming (claim/claim.h) on SQLite and on
 * PostgreSQL: each kind of evidence, disputes, one record per account,
 * refusals, revocation, the audit log, the mail, and the level and trust
 * score of the record following its claim (profile.h). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claim/claim.h"
#include "core/arena.h"
#include "core/config.h"
#include "profile/profile.h"
#include "store/store.h"
#include "support/test_db.h"

#define ORCID_SEED "0000-0002-1825-0097"
#define ORCID_OTHER "0000-0001-5109-3700"

struct fixture {
    struct bz_test_db db;
    struct bz_store *store;
    struct bz_arena arena;
    struct bz_config cfg;
    struct bz_claim_ctx ctx;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));
    int postgresql = *(int *)*state;

    if (f == NULL)
        return -1;
    f->store = bz_test_db_open(&f->db, postgresql);
    bz_arena_init(&f->arena, 0);
    f->cfg.base_url = "http://bz.test/";
    f->ctx.store = f->store;
    f->ctx.cfg = &f->cfg;
    f->ctx.now = 1000;
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

/* --- making the world ----------------------------------------------------- */

static int64_t account(struct fixture *f, const char *email, int verified,
                       const char *role)
{
    const struct bz_store_ops *ops = f->store->ops;
    struct bz_error err;
    int64_t id = 0;

    if (ops->account_create(f->store, email, "$argon2id$x", role, &id, &err) !=
            BZ_OK ||
        (verified &&
         ops->account_verify_email(f->store, id, email, &err) != BZ_OK))
        fail_msg("account '%s': %s", email, err.message);
    return id;
}

/* A person from a people source: an ORCID iD, an email the source shows
 * (or NULL), an affiliation with a homepage (or NULL). */
static int64_t person(struct fixture *f, const char *name, const char *orcid,
                      const char *email, const char *homepage)
{
    struct bz_external_id ids[] = {{"orcid", orcid, "orcid"}};
    struct bz_external_id inst_ids[] = {{"ror", "00f54p054", "orcid"}};
    struct bz_institution_record inst = {
        .display_name = "Example University",
        .ids = inst_ids,
        .id_count = 1,
        .homepage = homepage,
    };
    const char *emails[] = {email};
    struct bz_researcher_record r = {
        .source = "orcid",
        .display_name = name,
        .ids = ids,
        .id_count = 1,
        .emails = emails,
        .email_count = email ? 1 : 0,
        .affiliations = &inst,
        .affiliation_count = homepage ? 1 : 0,
    };
    struct bz_import_tally tally = {0};
    struct bz_error err;
    int64_t id = 0;

    if (f->store->ops->import_researcher(f->store, &r, &tally, &err) != BZ_OK ||
        f->store->ops->researcher_find(f->store, "orcid", orcid, &id, &err) !=
            BZ_OK)
        fail_msg("person '%s': %s", name, err.message);
    return id;
}

/* The seed's record: 7 works with arXiv ids from 2018 to 2026, no
 * affiliation, no co-authors, no followers (L1, Trust 21). */
static int64_t seed_record(struct fixture *f)
{
    static const int years[] = {2018, 2019, 2020, 2022, 2024, 2025, 2026};
    struct bz_error err;
    int64_t id = 0;

    for (int i = 0; i < 7; i++) {
        char arxiv[32], title[64];
        struct bz_external_id author_ids[] = {{"orcid", ORCID_SEED, "arxiv"}};
        struct bz_author_record author = {
            .raw_name = "Surya Ganguli", .ids = author_ids, .id_count = 1};
        struct bz_external_id ids[] = {{"arxiv", arxiv, "arxiv"}};
        struct bz_work_record w = {.source = "arxiv",
                                   .title = title,
                                   .publication_year = years[i],
                                   .type = "preprint",
                                   .open_access = 1,
                                   .ids = ids,
                                   .id_count = 1,
                                   .authors = &author,
                                   .author_count = 1};
        struct bz_import_tally tally = {0};

        snprintf(arxiv, sizeof arxiv, "%02d01.0000%d", years[i] % 100, i);
        snprintf(title, sizeof title, "On learning, part %d", i + 1);
        if (f->store->ops->import_work(f->store, &w, &tally, &err) != BZ_OK)
            fail_msg("import_work: %s", err.message);
    }
    if (f->store->ops->researcher_find(f->store, "orcid", ORCID_SEED, &id,
                                       &err) != BZ_OK)
        fail_msg("seed: %s", err.message);
    return id;
}

static struct bz_researcher record(struct fixture *f, int64_t id)
{
    struct bz_researcher r;
    struct bz_error err;

    if (f->store->ops->researcher_get(f->store, &f->arena, id, &r, &err) !=
        BZ_OK)
        fail_msg("researcher_get: %s", err.message);
    return r;
}

static int64_t owner_of(struct fixture *f, int64_t account_id)
{
    struct bz_account a;
    struct bz_error err;

    if (f->store->ops->account_get(f->store, &f->arena, account_id, &a, &err) !=
        BZ_OK)
        fail_msg("account_get: %s", err.message);
    return a.owns_researcher_id;
}

static struct bz_claim claim(struct fixture *f, int64_t id)
{
    struct bz_claim c;
    struct bz_error err;

    if (f->store->ops->claim_get(f->store, &f->arena, id, &c, &err) != BZ_OK)
        fail_msg("claim_get: %s", err.message);
    return c;
}

/* Takes every queued mail; the number, and the last one in *last. */
static int mails(struct fixture *f, struct bz_outbox_mail *last)
{
    struct bz_outbox_mail m;
    struct bz_error err;
    int n = 0;

    while (f->store->ops->mail_claim(f->store, &f->arena, f->ctx.now, 60, &m,
                                     &err) == BZ_OK) {
        f->store->ops->mail_done(f->store, m.id, NULL, f->ctx.now, 0, &err);
        if (last)
            *last = m;
        n++;
    }
    return n;
}

static enum bz_status submit(struct fixture *f, int64_t account_id,
                             int64_t researcher, enum bz_claim_evidence kind,
                             const char *detail, const char *note, int64_t *id,
                             enum bz_claim_state *state, struct bz_error *err)
{
    struct bz_claim_request req = {researcher, kind, detail, note};
    enum bz_status status =
        bz_claim_submit(&f->ctx, account_id, &req, id, state, err);

    if (status != BZ_OK)
        print_message("submit: %s\n", err->message);
    return status;
}

/* bz_claim_decide, saying why when it refuses. */
static enum bz_status decide(struct fixture *f, int64_t moderator, int64_t id,
                             enum bz_claim_decision decision, int level,
                             const char *reason, struct bz_error *err)
{
    enum bz_status status =
        bz_claim_decide(&f->ctx, moderator, id, decision, level, reason, err);

    if (status != BZ_OK)
        print_message("decide: %s\n", err->message);
    return status;
}

/* 1 when the audit log holds an entry of action about subject. */
static int audited(struct fixture *f, const char *subject, const char *action)
{
    struct bz_audit_entry *e;
    struct bz_error err;
    size_t n;

    if (f->store->ops->audit_list(f->store, &f->arena, subject, &e, &n, &err) !=
        BZ_OK)
        fail_msg("audit_list: %s", err.message);
    for (size_t i = 0; i < n; i++)
        if (strcmp(e[i].action, action) == 0)
            return 1;
    return 0;
}

static struct bz_profile profile(struct fixture *f, int64_t id)
{
    struct bz_profile p;
    struct bz_error err;

    if (bz_profile_load(f->store, &f->arena, id, &p, &err) != BZ_OK)
        fail_msg("bz_profile_load: %s", err.message);
    return p;
}

/* --- the tests ------------------------------------------------------------ */

static void test_orcid_approved_at_once(void **state)
{
    struct fixture *f = *state;
    int64_t r = person(f, "Ada Lovelace", ORCID_SEED, NULL, NULL);
    int64_t a = account(f, "ada@example.org", 1, "user");
    struct bz_outbox_mail m;
    struct bz_error err;
    enum bz_claim_state st;
    int64_t id;
    char subject[32];

    /* an iD that is not the record's proves nothing */
    assert_int_equal(
        submit(f, a, r, BZ_CLAIM_ORCID, ORCID_OTHER, NULL, &id, &st, &err),
        BZ_FORBIDDEN);
    assert_int_equal(
        submit(f, a, r, BZ_CLAIM_ORCID, "not an id", NULL, &id, &st, &err),
        BZ_INVALID);
    assert_int_equal(mails(f, NULL), 0);

    assert_int_equal(submit(f, a, r, BZ_CLAIM_ORCID,
                            "https://orcid.org/" ORCID_SEED, NULL, &id, &st,
                            &err),
                     BZ_OK);
    assert_int_equal(st, BZ_CLAIM_APPROVED);
    assert_int_equal(record(f, r).claim_level, 3);
    assert_int_equal(owner_of(f, a), r);
    assert_string_equal(claim(f, id).evidence_detail, ORCID_SEED);
    assert_int_equal(claim(f, id).level, 3);
    snprintf(subject, sizeof subject, "C%lld", (long long)id);
    assert_true(audited(f, subject, "claim_submit"));
    snprintf(subject, sizeof subject, "R%lld", (long long)r);
    assert_true(audited(f, subject, "claim_level"));
    assert_int_equal(mails(f, &m), 1);
    assert_string_equal(m.recipient, "ada@example.org");
    assert_non_null(strstr(m.subject, "approved"));
    assert_non_null(strstr(m.body, "http://bz.test/account\n"));
    assert_non_null(strstr(m.body, "L3"));
}

static void test_metadata_email(void **state)
{
    struct fixture *f = *state;
    int64_t r = person(f, "Ada Lovelace", ORCID_SEED, "Ada@Example.ORG", NULL);
    int64_t stranger = account(f, "eve@example.org", 1, "user");
    int64_t a = account(f, "ada@example.org", 1, "user");
    struct bz_error err;
    enum bz_claim_state st;
    int64_t id;

    assert_int_equal(submit(f, stranger, r, BZ_CLAIM_METADATA_EMAIL, NULL, NULL,
                            &id, &st, &err),
                     BZ_FORBIDDEN);
    assert_int_equal(
        submit(f, a, r, BZ_CLAIM_METADATA_EMAIL, NULL, NULL, &id, &st, &err),
        BZ_OK);
    assert_int_equal(st, BZ_CLAIM_APPROVED);
    assert_int_equal(record(f, r).claim_level, 3);
    assert_string_equal(claim(f, id).evidence_detail, "ada@example.org");
    assert_int_equal(mails(f, NULL), 1);
}

static void test_domain_email_waits(void **state)
{
    struct fixture *f = *state;
    int64_t r =
        person(f, "Ada Lovelace", ORCID_SEED, NULL, "https://www.example.edu/");
    int64_t other = account(f, "ada@evilexample.edu", 1, "user");
    int64_t a = account(f, "ada@cs.example.edu", 1, "user");
    int64_t mod = account(f, "mod@example.org", 1, "moderator");
    struct bz_error err;
    enum bz_claim_state st;
    int64_t id;

    assert_int_equal(
        submit(f, other, r, BZ_CLAIM_DOMAIN_EMAIL, NULL, NULL, &id, &st, &err),
        BZ_FORBIDDEN);
    assert_int_equal(
        submit(f, a, r, BZ_CLAIM_DOMAIN_EMAIL, NULL, NULL, &id, &st, &err),
        BZ_OK);
    assert_int_equal(st, BZ_CLAIM_PENDING);
    assert_int_equal(record(f, r).claim_level, 0);
    assert_int_equal(mails(f, NULL), 0);

    /* a user is no moderator; a moderator approves, at L3 */
    assert_int_equal(decide(f, other, id, BZ_CLAIM_APPROVE, 0, NULL, &err),
                     BZ_FORBIDDEN);
    assert_int_equal(decide(f, mod, id, BZ_CLAIM_APPROVE, 0,
                            "the address is the university's", &err),
                     BZ_OK);
    assert_int_equal(record(f, r).claim_level, 3);
    assert_int_equal(claim(f, id).decided_by, mod);
    assert_int_equal(mails(f, NULL), 1);
    /* decided once */
    assert_int_equal(decide(f, mod, id, BZ_CLAIM_APPROVE, 0, NULL, &err),
                     BZ_CONFLICT);
}

static void test_domain_rule(void **state)
{
    (void)state;
    assert_true(
        bz_claim_domain_matches("a@stanford.edu", "https://www.stanford.edu/"));
    assert_true(
        bz_claim_domain_matches("a@cs.Stanford.EDU", "http://stanford.edu"));
    assert_true(bz_claim_domain_matches("a@stanford.edu",
                                        "https://stanford.edu:443/about"));
    assert_false(bz_claim_domain_matches("a@notstanford.edu",
                                         "https://www.stanford.edu/"));
    assert_false(
        bz_claim_domain_matches("a@stanford.edu", "https://cs.stanford.edu/"));
    assert_false(bz_claim_domain_matches("a@stanford.edu.evil.com",
                                         "https://www.stanford.edu/"));
    assert_false(bz_claim_domain_matches("a@ox.ac.uk", "http://www.ac.uk/"));
    assert_false(bz_claim_domain_matches("a@edu", "http://edu/"));
    assert_false(bz_claim_domain_matches("a@10.0.0.1", "http://10.0.0.1/"));
    assert_false(bz_claim_domain_matches("a@x.org", NULL));
    assert_false(bz_claim_domain_matches("no-at", "http://x.org/"));
    assert_true(bz_claim_domain_matches("a@ox.ac.uk", "http://www.ox.ac.uk"));
}

static void test_statement_and_score(void **state)
{
    struct fixture *f = *state;
    int64_t r = seed_record(f);
    int64_t a = account(f, "surya@example.org", 1, "user");
    struct bz_profile p = profile(f, r);
    struct bz_error err;
    enum bz_claim_state st;
    int64_t id;

    /* unclaimed: L1, 10 + 7 + 4 = 21 */
    assert_int_equal(p.level, 1);
    assert_int_equal(p.trust.score, 21);

    assert_int_equal(
        submit(f, a, r, BZ_CLAIM_STATEMENT, NULL, " ", &id, &st, &err),
        BZ_INVALID);
    assert_int_equal(submit(f, a, r, BZ_CLAIM_STATEMENT, NULL,
                            "I wrote these papers.", &id, &st, &err),
                     BZ_OK);
    assert_int_equal(st, BZ_CLAIM_PENDING);
    assert_int_equal(decide(f, 0, id, BZ_CLAIM_APPROVE, 0, NULL, &err), BZ_OK);
    p = profile(f, r);
    assert_int_equal(p.level, 2);
    assert_int_equal(p.trust.score, 36);
    assert_string_equal(p.trust.band, "Emerging");
    assert_false(p.trust.capped);

    /* revoked: back to L1 and 21 */
    assert_int_equal(decide(f, 0, id, BZ_CLAIM_REVOKE, 0, NULL, &err),
                     BZ_INVALID);
    assert_int_equal(
        decide(f, 0, id, BZ_CLAIM_REVOKE, 0, "not the author", &err), BZ_OK);
    p = profile(f, r);
    assert_int_equal(p.level, 1);
    assert_int_equal(p.trust.score, 21);
    assert_int_equal(owner_of(f, a), 0);
    assert_string_equal(claim(f, id).state, "rejected");
    assert_string_equal(claim(f, id).reason, "not the author");
    assert_int_equal(mails(f, NULL), 2); /* approved, revoked */

    /* by ORCID: L3, 40 + 7 + 4 = 51 */
    assert_int_equal(
        submit(f, a, r, BZ_CLAIM_ORCID, ORCID_SEED, NULL, &id, &st, &err),
        BZ_OK);
    assert_int_equal(st, BZ_CLAIM_APPROVED);
    p = profile(f, r);
    assert_int_equal(p.level, 3);
    assert_int_equal(p.trust.score, 51);
    assert_string_equal(p.trust.band, "Established");
}

static void test_dispute(void **state)
{
    struct fixture *f = *state;
    int64_t r = person(f, "Ada Lovelace", ORCID_SEED, NULL, NULL);
    int64_t a = account(f, "ada@example.org", 1, "user");
    int64_t b = account(f, "bob@example.org", 1, "user");
    int64_t c = account(f, "cy@example.org", 1, "user");
    struct bz_error err;
    enum bz_claim_state st;
    int64_t ca, cb, cc;
    char subject[32];

    /* a pending claim and a second one: both disputed */
    assert_int_equal(
        submit(f, a, r, BZ_CLAIM_STATEMENT, NULL, "mine", &ca, &st, &err),
        BZ_OK);
    assert_int_equal(
        submit(f, b, r, BZ_CLAIM_STATEMENT, NULL, "no, mine", &cb, &st, &err),
        BZ_OK);
    assert_int_equal(st, BZ_CLAIM_DISPUTED);
    assert_string_equal(claim(f, ca).state, "disputed");
    snprintf(subject, sizeof subject, "C%lld", (long long)ca);
    assert_true(audited(f, subject, "claim_dispute"));
    /* approving one rejects the other */
    assert_int_equal(decide(f, 0, cb, BZ_CLAIM_APPROVE, 0, NULL, &err), BZ_OK);
    assert_string_equal(claim(f, ca).state, "rejected");
    assert_int_equal(record(f, r).claim_level, 2);
    assert_int_equal(owner_of(f, b), r);
    assert_int_equal(mails(f, NULL), 2);

    /* an ORCID claim on a claimed record is not approved at once: the
     * owner keeps the record while the dispute lasts */
    assert_int_equal(
        submit(f, c, r, BZ_CLAIM_ORCID, ORCID_SEED, NULL, &cc, &st, &err),
        BZ_OK);
    assert_int_equal(st, BZ_CLAIM_DISPUTED);
    assert_string_equal(claim(f, cb).state, "disputed");
    assert_int_equal(record(f, r).claim_level, 2);
    assert_int_equal(owner_of(f, b), r);
    /* rejecting the newcomer reopens the owner's claim */
    assert_int_equal(
        decide(f, 0, cc, BZ_CLAIM_REJECT, 0, "the owner is confirmed", &err),
        BZ_OK);
    assert_string_equal(claim(f, cb).state, "approved");
    assert_int_equal(record(f, r).claim_level, 2);

    /* and the owner withdrawing ends ownership */
    assert_int_equal(bz_claim_withdraw(&f->ctx, a, cb, &err), BZ_NOT_FOUND);
    assert_int_equal(bz_claim_withdraw(&f->ctx, b, cb, &err), BZ_OK);
    assert_int_equal(record(f, r).claim_level, 0);
    assert_int_equal(owner_of(f, b), 0);
    assert_int_equal(bz_claim_withdraw(&f->ctx, b, cb, &err), BZ_CONFLICT);
}

static void test_refusals(void **state)
{
    struct fixture *f = *state;
    int64_t r1 = person(f, "Ada Lovelace", ORCID_SEED, NULL, NULL);
    int64_t r2 = person(f, "A. Lovelace", ORCID_OTHER, NULL, NULL);
    int64_t unverified = account(f, "new@example.org", 0, "user");
    int64_t a = account(f, "ada@example.org", 1, "user");
    struct bz_error err;
    enum bz_claim_state st;
    int64_t id, id2;

    assert_int_equal(submit(f, unverified, r1, BZ_CLAIM_STATEMENT, NULL, "mine",
                            &id, &st, &err),
                     BZ_FORBIDDEN);
    assert_int_equal(submit(f, a, r1 + 100, BZ_CLAIM_STATEMENT, NULL, "mine",
                            &id, &st, &err),
                     BZ_NOT_FOUND);

    /* one open claim, then one record, per account */
    assert_int_equal(
        submit(f, a, r1, BZ_CLAIM_STATEMENT, NULL, "mine", &id, &st, &err),
        BZ_OK);
    assert_int_equal(
        submit(f, a, r2, BZ_CLAIM_STATEMENT, NULL, "mine too", &id2, &st, &err),
        BZ_CONFLICT);
    assert_int_equal(decide(f, 0, id, BZ_CLAIM_APPROVE, 0, NULL, &err), BZ_OK);
    assert_int_equal(
        submit(f, a, r2, BZ_CLAIM_ORCID, ORCID_OTHER, NULL, &id2, &st, &err),
        BZ_CONFLICT);
    assert_int_equal(
        submit(f, a, r1, BZ_CLAIM_STATEMENT, NULL, "again", &id2, &st, &err),
        BZ_CONFLICT);

    /* a merged record is claimed through its survivor */
    assert_int_equal(bz_claim_withdraw(&f->ctx, a, id, &err), BZ_OK);
    assert_int_equal(f->store->ops->researcher_merge(f->store, r1, r2, &err),
                     BZ_OK);
    assert_int_equal(
        submit(f, a, r2, BZ_CLAIM_ORCID, ORCID_OTHER, NULL, &id2, &st, &err),
        BZ_CONFLICT);
    /* the survivor gained the merged record's iD */
    assert_int_equal(
        submit(f, a, r1, BZ_CLAIM_ORCID, ORCID_OTHER, NULL, &id2, &st, &err),
        BZ_OK);
    assert_int_equal(st, BZ_CLAIM_APPROVED);
}

/* A merge takes the claim along with the ownership: revoking it later
 * frees the survivor. */
static void test_merge_moves_claim(void **state)
{
    struct fixture *f = *state;
    int64_t into = person(f, "Ada Lovelace", ORCID_SEED, NULL, NULL);
    int64_t from = person(f, "A. Lovelace", ORCID_OTHER, NULL, NULL);
    int64_t a = account(f, "ada@example.org", 1, "user");
    struct bz_error err;
    enum bz_claim_state st;
    int64_t id;

    assert_int_equal(
        submit(f, a, from, BZ_CLAIM_ORCID, ORCID_OTHER, NULL, &id, &st, &err),
        BZ_OK);
    assert_int_equal(
        f->store->ops->researcher_merge(f->store, into, from, &err), BZ_OK);
    assert_int_equal(record(f, into).claim_level, 3);
    assert_int_equal(owner_of(f, a), into);
    assert_int_equal(claim(f, id).researcher_id, into);
    assert_int_equal(decide(f, 0, id, BZ_CLAIM_REVOKE, 0, "a test", &err),
                     BZ_OK);
    assert_int_equal(record(f, into).claim_level, 0);
    assert_int_equal(owner_of(f, a), 0);
}

static void test_visibility_and_release(void **state)
{
    struct fixture *f = *state;
    int64_t r = person(f, "Ada Lovelace", ORCID_SEED, NULL, NULL);
    int64_t a = account(f, "ada@example.org", 1, "user");
    int64_t b = account(f, "bob@example.org", 1, "user");
    int64_t mod = account(f, "mod@example.org", 1, "admin");
    struct bz_claim_filter pending = {.state = "approved"};
    struct bz_claim_view v;
    struct bz_claim *list;
    struct bz_error err;
    enum bz_claim_state st;
    size_t n;
    int more;
    int64_t id;

    assert_int_equal(
        submit(f, a, r, BZ_CLAIM_ORCID, ORCID_SEED, NULL, &id, &st, &err),
        BZ_OK);
    assert_int_equal(bz_claim_get(&f->ctx, &f->arena, a, id, &v, &err), BZ_OK);
    assert_true(v.history_count >= 1);
    assert_string_equal(v.history[0].action, "claim_submit");
    assert_string_equal(v.history[0].actor, "A1");
    assert_int_equal(bz_claim_get(&f->ctx, &f->arena, b, id, &v, &err),
                     BZ_NOT_FOUND);
    assert_int_equal(bz_claim_get(&f->ctx, &f->arena, mod, id, &v, &err),
                     BZ_OK);
    assert_int_equal(bz_claim_list(&f->ctx, &f->arena, b, NULL, 0, 10, &list,
                                   &n, &more, &err),
                     BZ_OK);
    assert_int_equal(n, 0);
    assert_int_equal(bz_claim_list(&f->ctx, &f->arena, mod, &pending, 0, 10,
                                   &list, &n, &more, &err),
                     BZ_OK);
    assert_int_equal(n, 1);
    assert_string_equal(list[0].account_email, "ada@example.org");

    /* the account's deletion ends its claim, with an audit entry */
    assert_int_equal(f->store->ops->begin(f->store, &err), BZ_OK);
    assert_int_equal(bz_claim_release_account(&f->ctx, a, &err), BZ_OK);
    assert_int_equal(f->store->ops->account_delete(f->store, a, &err), BZ_OK);
    assert_int_equal(f->store->ops->commit(f->store, &err), BZ_OK);
    assert_int_equal(record(f, r).claim_level, 0);
    assert_string_equal(claim(f, id).state, "withdrawn");
    assert_int_equal(claim(f, id).account_id, 0);
    assert_true(audited(f, "C1", "claim_withdraw"));
}

#define CLAIM_TESTS(engine)                                                    \
    {                                                                          \
        cmocka_unit_test_prestate_setup_teardown(test_orcid_approved_at_once,  \
                                                 setup, teardown, &engine),    \
            cmocka_unit_test_prestate_setup_teardown(                          \
                test_metadata_email, setup, teardown, &engine),                \
            cmocka_unit_test_prestate_setup_teardown(                          \
                test_domain_email_waits, setup, teardown, &engine),            \
            cmocka_unit_test_prestate_setup_teardown(                          \
                test_statement_and_score, setup, teardown, &engine),           \
            cmocka_unit_test_prestate_setup_teardown(test_dispute, setup,      \
                                                     teardown, &engine),       \
            cmocka_unit_test_prestate_setup_teardown(test_refusals, setup,     \
                                                     teardown, &engine),       \
            cmocka_unit_test_prestate_setup_teardown(                          \
                test_merge_moves_claim, setup, teardown, &engine),             \
            cmocka_unit_test_prestate_setup_teardown(                          \
                test_visibility_and_release, setup, teardown, &engine),        \
    }

int main(void)
{
    static int sqlite = 0, postgresql = 1;
    const struct CMUnitTest rules[] = {cmocka_unit_test(test_domain_rule)};
    const struct CMUnitTest sqlite_tests[] = CLAIM_TESTS(sqlite);
    const struct CMUnitTest pg_tests[] = CLAIM_TESTS(postgresql);
    int failed;

    failed = cmocka_run_group_tests_name("claims: rules", rules, NULL, NULL);
    return failed + bz_test_run_engines("claims", sqlite_tests, pg_tests,
                                        BZ_TEST_COUNT(sqlite_tests));
}
