/* test_owner.c - what owners edit and opt-outs, on SQLite and PostgreSQL
 * (support/test_db.h): the store's rows, the profile and score that
 * leave hidden and "not mine" works out, the self-asserted affiliation
 * that earns nothing, and hidden records and names. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "owner/owner.h"
#include "profile/profile.h"
#include "store/store.h"
#include "support/test_db.h"

struct fixture {
    struct bz_test_db db;
    struct bz_store *store;
    struct bz_arena arena;
    int64_t researcher, works[3];
};

static void import_three(struct fixture *f)
{
    static const char *const dois[] = {"10.1/a", "10.1/b", "10.1/c"};
    static const char *const titles[] = {"Alpha", "Beta", "Gamma"};
    struct bz_error err;

    for (int i = 0; i < 3; i++) {
        struct bz_external_id aid = {"orcid", "0000-0000-0000-0001", "t"};
        struct bz_author_record author = {
            .raw_name = "Ada Lovelace", .ids = &aid, .id_count = 1};
        struct bz_external_id wid = {"doi", dois[i], "t"};
        struct bz_work_record w = {.source = "t",
                                   .title = titles[i],
                                   .publication_year = 2020 + i,
                                   .open_access = -1,
                                   .ids = &wid,
                                   .id_count = 1,
                                   .authors = &author,
                                   .author_count = 1};

        assert_int_equal(f->store->ops->begin(f->store, &err), BZ_OK);
        if (f->store->ops->import_work(f->store, &w, NULL, &err) != BZ_OK)
            fail_msg("import: %s", err.message);
        assert_int_equal(f->store->ops->commit(f->store, &err), BZ_OK);
        assert_int_equal(f->store->ops->work_find(f->store, "doi", dois[i],
                                                  &f->works[i], &err),
                         BZ_OK);
    }
    assert_int_equal(f->store->ops->researcher_find(f->store, "orcid",
                                                    "0000-0000-0000-0001",
                                                    &f->researcher, &err),
                     BZ_OK);
}

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));
    int postgresql = *(int *)*state;

    if (f == NULL)
        return -1;
    f->store = bz_test_db_open(&f->db, postgresql);
    bz_arena_init(&f->arena, 0);
    import_three(f);
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

static const struct bz_trust_component *component(const struct bz_profile *p,
                                                  const char *name)
{
    for (int i = 0; i < BZ_TRUST_COMPONENTS; i++)
        if (strcmp(p->trust.components[i].name, name) == 0)
            return &p->trust.components[i];
    fail_msg("no component '%s'", name);
    return NULL;
}

static void test_works_hidden_and_featured(void **state)
{
    struct fixture *f = *state;
    const struct bz_store_ops *ops = f->store->ops;
    struct bz_work_flag hide = {f->works[0], 1, 0},
                        feature = {f->works[1], 0, 1};
    struct bz_work_flag bad = {999999, 1, 0};
    struct bz_profile p;
    struct bz_researcher r;
    struct bz_error err;

    assert_int_equal(
        bz_profile_load(f->store, &f->arena, f->researcher, &p, &err), BZ_OK);
    assert_int_equal(p.work_count, 3);
    assert_int_equal(component(&p, "works")->points, 3);

    assert_int_equal(
        ops->researcher_work_flag(f->store, f->researcher, &hide, &err), BZ_OK);
    assert_int_equal(
        ops->researcher_work_flag(f->store, f->researcher, &feature, &err),
        BZ_OK);
    assert_int_equal(
        ops->researcher_work_flag(f->store, f->researcher, &bad, &err),
        BZ_INVALID);
    assert_int_equal(
        bz_profile_load(f->store, &f->arena, f->researcher, &p, &err), BZ_OK);
    assert_int_equal(p.work_count, 2);
    assert_int_equal(p.featured_count, 1);
    assert_int_equal(p.works[0].id, f->works[1]); /* featured first */
    assert_int_equal(p.works[1].id, f->works[2]);
    assert_int_equal(component(&p, "works")->points, 2);
    assert_int_equal(
        ops->researcher_get(f->store, &f->arena, f->researcher, &r, &err),
        BZ_OK);
    assert_int_equal(r.work_count, 2);
}

static void test_self_affiliation_earns_nothing(void **state)
{
    struct fixture *f = *state;
    struct bz_researcher_edit e = {.self_affiliation = "My Lab",
                                   .summary = "One line.",
                                   .open_to_collaborate = 0};
    struct bz_profile p;
    struct bz_error err;

    assert_int_equal(
        f->store->ops->researcher_edit(f->store, f->researcher, &e, &err),
        BZ_OK);
    assert_int_equal(
        bz_profile_load(f->store, &f->arena, f->researcher, &p, &err), BZ_OK);
    assert_string_equal(p.researcher.self_affiliation, "My Lab");
    assert_null(p.researcher.affiliation);
    assert_string_equal(p.summary, "One line.");
    assert_int_equal(p.researcher.open_to_collaborate, 0);
    assert_int_equal(component(&p, "affiliation")->points, 0);

    e = (struct bz_researcher_edit){.self_affiliation = "",
                                    .open_to_collaborate = -1};
    assert_int_equal(
        f->store->ops->researcher_edit(f->store, f->researcher, &e, &err),
        BZ_OK);
    assert_int_equal(
        bz_profile_load(f->store, &f->arena, f->researcher, &p, &err), BZ_OK);
    assert_null(p.researcher.self_affiliation);
    assert_int_equal(p.researcher.open_to_collaborate, 0);
}

static size_t found(struct fixture *f, const char *word)
{
    const char *words[] = {word};
    struct bz_researcher *list;
    size_t count;
    int more;
    struct bz_error err;

    assert_int_equal(f->store->ops->researcher_list(f->store, &f->arena, words,
                                                    1, 0, 10, &list, &count,
                                                    &more, &err),
                     BZ_OK);
    return count;
}

static void test_names_and_hidden_record(void **state)
{
    struct fixture *f = *state;
    const struct bz_store_ops *ops = f->store->ops;
    struct bz_researcher_edit e = {.display_name = "Augusta King",
                                   .open_to_collaborate = -1};
    struct bz_researcher_name *names;
    struct bz_profile p;
    size_t n;
    int level;
    int64_t merged, other = 0;
    struct bz_error err;

    assert_int_equal(ops->researcher_edit(f->store, f->researcher, &e, &err),
                     BZ_OK);
    assert_int_equal(ops->researcher_names(f->store, &f->arena, f->researcher,
                                           &names, &n, &err),
                     BZ_OK);
    assert_int_equal(n, 1);
    assert_string_equal(names[0].name, "Ada Lovelace");
    assert_int_equal(found(f, "lovelace"), 1);
    assert_int_equal(ops->researcher_name_hide(f->store, f->researcher,
                                               "Ada Lovelace", 1, &err),
                     BZ_OK);
    assert_int_equal(found(f, "lovelace"), 0);
    assert_int_equal(found(f, "augusta"), 1);
    assert_int_equal(
        ops->researcher_name_hide(f->store, f->researcher, "Nobody", 1, &err),
        BZ_NOT_FOUND);

    assert_int_equal(
        ops->researcher_hide(f->store, f->researcher, 1700000000, &err), BZ_OK);
    assert_int_equal(found(f, "augusta"), 0);
    assert_int_equal(
        bz_profile_load(f->store, &f->arena, f->researcher, &p, &err), BZ_GONE);
    assert_int_equal(
        ops->researcher_lock(f->store, f->researcher, &level, &merged, &err),
        BZ_GONE);
    assert_int_equal(ops->researcher_split(f->store, f->researcher, f->works, 1,
                                           &other, &err),
                     BZ_GONE);
    assert_int_equal(ops->researcher_hide(f->store, f->researcher, 0, &err),
                     BZ_OK);
    assert_int_equal(found(f, "augusta"), 1);
}

static void test_opt_out_rows(void **state)
{
    struct fixture *f = *state;
    const struct bz_store_ops *ops = f->store->ops;
    struct bz_opt_out o = {0}, got, *list;
    struct bz_error err;
    int64_t account = 0, id = 0, again = 0;
    size_t n;

    assert_int_equal(ops->account_create(f->store, "ada@example.org", "h",
                                         "user", &account, &err),
                     BZ_OK);
    o.researcher_id = f->researcher;
    o.account_id = account;
    o.note = "it is me";
    o.created_at = 1700000000;
    assert_int_equal(ops->opt_out_insert(f->store, &o, &id, &err), BZ_OK);
    assert_true(id > 0);
    assert_int_equal(ops->opt_out_insert(f->store, &o, &again, &err),
                     BZ_CONFLICT);
    assert_int_equal(
        ops->opt_out_list(f->store, &f->arena, "pending", 10, &list, &n, &err),
        BZ_OK);
    assert_int_equal(n, 1);
    assert_string_equal(list[0].account_email, "ada@example.org");
    got = list[0];
    got.state = "approved";
    got.decided_at = 1700000100;
    assert_int_equal(ops->opt_out_update(f->store, &got, &err), BZ_OK);
    assert_int_equal(ops->opt_out_get(f->store, &f->arena, id, &got, &err),
                     BZ_OK);
    assert_string_equal(got.state, "approved");
    assert_string_equal(got.note, "it is me");
    got.state = "gone";
    assert_int_equal(ops->opt_out_update(f->store, &got, &err), BZ_INVALID);
    assert_int_equal(ops->account_delete(f->store, account, &err), BZ_OK);
    assert_int_equal(ops->opt_out_get(f->store, &f->arena, id, &got, &err),
                     BZ_OK);
    assert_int_equal(got.account_id, 0);
}

static void test_not_mine_splits(void **state)
{
    struct fixture *f = *state;
    const struct bz_store_ops *ops = f->store->ops;
    struct bz_owner_ctx ctx = {f->store, NULL, 1700000000};
    struct bz_account owner = {0}, stranger = {0};
    struct bz_audit_entry *entries;
    struct bz_profile p;
    struct bz_error err;
    int64_t account = 0, new_id = 0;
    size_t n;
    char subject[32];

    assert_int_equal(ops->account_create(f->store, "ada@example.org", "h",
                                         "user", &account, &err),
                     BZ_OK);
    assert_int_equal(
        ops->claim_set_owner(f->store, f->researcher, account, 2, &err), BZ_OK);
    owner.id = account;
    owner.owns_researcher_id = f->researcher;
    stranger.id = account + 1;
    assert_int_equal(bz_owner_works(&ctx, &stranger, f->researcher, NULL, 0,
                                    &f->works[2], 1, &new_id, &err),
                     BZ_FORBIDDEN);
    assert_int_equal(bz_owner_works(&ctx, &owner, f->researcher, NULL, 0,
                                    &f->works[2], 1, &new_id, &err),
                     BZ_OK);
    assert_true(new_id > 0);
    assert_int_equal(
        bz_profile_load(f->store, &f->arena, f->researcher, &p, &err), BZ_OK);
    assert_int_equal(p.work_count, 2);
    assert_int_equal(component(&p, "works")->points, 2);
    snprintf(subject, sizeof(subject), "R%lld", (long long)f->researcher);
    assert_int_equal(
        ops->audit_list(f->store, &f->arena, subject, &entries, &n, &err),
        BZ_OK);
    assert_int_equal(n, 2);
    assert_string_equal(entries[1].action, "split");
    assert_string_equal(entries[1].reason, BZ_OWNER_NOT_MINE_REASON);
    assert_int_equal(strtoll(entries[1].actor + 1, NULL, 10), account);
}

#define OWNER_TESTS(engine)                                                    \
    {                                                                          \
        cmocka_unit_test_prestate_setup_teardown(                              \
            test_works_hidden_and_featured, setup, teardown, &engine),         \
            cmocka_unit_test_prestate_setup_teardown(                          \
                test_self_affiliation_earns_nothing, setup, teardown,          \
                &engine),                                                      \
            cmocka_unit_test_prestate_setup_teardown(                          \
                test_names_and_hidden_record, setup, teardown, &engine),       \
            cmocka_unit_test_prestate_setup_teardown(test_opt_out_rows, setup, \
                                                     teardown, &engine),       \
            cmocka_unit_test_prestate_setup_teardown(                          \
                test_not_mine_splits, setup, teardown, &engine),               \
    }

BZ_TEST_ENGINES_MAIN("owner", OWNER_TESTS)
