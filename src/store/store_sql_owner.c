/* store_sql_owner.c - what the owner of a record edits (its name,
 * affiliation, summary, flag, other names and works) and the opt-outs of
 * unclaimed records, over the SQL store (store_sql_internal.h).
 *
 * Only rows live here; who may do what is owner.c's. What an owner types
 * is kept apart from what sources said (researcher.self_affiliation, the
 * provenance source "owner"), so that it can never count as evidence.
 */
#include "store/store_sql_internal.h"

#include <string.h>

#include "core/text.h"

enum owner_stmt_id {
    OWNER_EXISTS,
    OWNER_FORMER_NAME,
    OWNER_SET_NAME,
    OWNER_SET_AFFILIATION,
    OWNER_SET_SUMMARY,
    OWNER_SET_OPEN,
    OWNER_PROVENANCE,
    OWNER_NAMES,
    OWNER_NAME_HIDE,
    OWNER_HAS_WORK,
    OWNER_FLAG_SET,
    OWNER_FLAGS,
    OWNER_HIDE,
    OPT_OUT_INSERT,
    OPT_OUT_GET,
    OPT_OUT_LIST,
    OPT_OUT_UPDATE,
    OPT_OUT_FORGET,
    OPT_OUT_FORGET_DECIDER,
    OWNER_STMT_COUNT
};

_Static_assert(OWNER_STMT_COUNT <= STORE_SQL_OWNER_STMTS,
               "store_sql_internal.h gives too few owner slots");

/* The columns opt_out_read() reads, in its order. */
#define OPT_OUT_COLUMNS                                                        \
    "SELECT o.id, o.researcher_id, r.display_name, "                           \
    "COALESCE(o.account_id, 0), a.email, o.note, o.state, o.reason, "          \
    "o.created_at, COALESCE(o.decided_at, 0), COALESCE(o.decided_by, 0) "      \
    "FROM opt_out o JOIN researcher r ON r.id = o.researcher_id "              \
    "LEFT JOIN account a ON a.id = o.account_id "

static const struct {
    const char *name;
    const char *sql;
} owner_sql[OWNER_STMT_COUNT] = {
    [OWNER_EXISTS] = {"find researcher",
                      "SELECT EXISTS (SELECT 1 FROM researcher "
                      "WHERE id = ?1)"},
    /* the name being replaced stays findable, as a former name */
    [OWNER_FORMER_NAME] = {"keep former name",
                           "INSERT INTO researcher_name (researcher_id, "
                           "name, name_key, source) SELECT id, display_name, "
                           "name_key, 'owner' FROM researcher "
                           "WHERE id = ?1 AND display_name <> ?2 "
                           "ON CONFLICT DO NOTHING"},
    [OWNER_SET_NAME] = {"set display name",
                        "UPDATE researcher SET display_name = ?2, "
                        "name_key = ?3, slug = ?4 WHERE id = ?1"},
    [OWNER_SET_AFFILIATION] = {"set self-asserted affiliation",
                               "UPDATE researcher SET self_affiliation = ?2 "
                               "WHERE id = ?1"},
    [OWNER_SET_SUMMARY] = {"set summary", "UPDATE researcher SET summary = ?2 "
                                          "WHERE id = ?1"},
    [OWNER_SET_OPEN] = {"set open to collaborate",
                        "UPDATE researcher SET open_to_collaborate = ?2 "
                        "WHERE id = ?1"},
    [OWNER_PROVENANCE] = {"insert owner provenance",
                          "INSERT INTO provenance (entity, entity_id, field, "
                          "source, source_record) VALUES ('researcher', ?1, "
                          "?2, 'owner', NULL) ON CONFLICT DO NOTHING"},
    [OWNER_NAMES] = {"read researcher names",
                     "SELECT name, source, hidden FROM researcher_name "
                     "WHERE researcher_id = ?1 ORDER BY name"},
    [OWNER_NAME_HIDE] = {"hide researcher name",
                         "UPDATE researcher_name SET hidden = ?3 "
                         "WHERE researcher_id = ?1 AND name = ?2"},
    [OWNER_HAS_WORK] = {"check authorship",
                        "SELECT EXISTS (SELECT 1 FROM authorship "
                        "WHERE researcher_id = ?1 AND work_id = ?2)"},
    [OWNER_FLAG_SET] = {"set work flag",
                        "INSERT INTO researcher_work_flag (researcher_id, "
                        "work_id, hidden, featured) VALUES (?1, ?2, ?3, ?4) "
                        "ON CONFLICT (researcher_id, work_id) DO UPDATE "
                        "SET hidden = excluded.hidden, "
                        "featured = excluded.featured"},
    /* a split or merge may have taken a flagged work away since */
    [OWNER_FLAGS] = {"read work flags",
                     "SELECT f.work_id, f.hidden, f.featured "
                     "FROM researcher_work_flag f WHERE f.researcher_id = ?1 "
                     "AND EXISTS (SELECT 1 FROM authorship a "
                     "WHERE a.researcher_id = f.researcher_id "
                     "AND a.work_id = f.work_id) ORDER BY f.work_id"},
    [OWNER_HIDE] = {"hide researcher",
                    "UPDATE researcher SET hidden_at = ?2 WHERE id = ?1"},
    /* no row back: the account has one pending for the record already */
    [OPT_OUT_INSERT] = {"insert opt-out",
                        "INSERT INTO opt_out (researcher_id, account_id, "
                        "note, state, created_at) VALUES (?1, ?2, ?3, "
                        "'pending', ?4) ON CONFLICT DO NOTHING RETURNING id"},
    [OPT_OUT_GET] = {"read opt-out", OPT_OUT_COLUMNS "WHERE o.id = ?1"},
    [OPT_OUT_LIST] = {"read opt-outs",
                      OPT_OUT_COLUMNS "WHERE (?1 IS NULL OR o.state = ?1) "
                                      "ORDER BY o.id LIMIT ?2"},
    [OPT_OUT_UPDATE] = {"update opt-out",
                        "UPDATE opt_out SET state = ?2, reason = ?3, "
                        "decided_at = ?4, decided_by = ?5 WHERE id = ?1"},
    [OPT_OUT_FORGET] = {"forget opt-out account",
                        "UPDATE opt_out SET account_id = NULL "
                        "WHERE account_id = ?1"},
    [OPT_OUT_FORGET_DECIDER] = {"forget opt-out decider",
                                "UPDATE opt_out SET decided_by = NULL "
                                "WHERE decided_by = ?1"},
};

static struct bz_sql_stmt *
owner_stmt(struct store_sql *s, enum owner_stmt_id id, struct bz_error *err)
{
    return store_sql_prepared(s, &s->owner_stmts[id], owner_sql[id].name,
                              owner_sql[id].sql, err);
}

void store_sql_owner_close(struct store_sql *s)
{
    for (size_t i = 0; i < OWNER_STMT_COUNT; i++)
        bz_sql_finalize(s->owner_stmts[i]);
}

/* Runs statement id with ?1 = a and ?2 = text (NULL: not bound). */
static enum bz_status owner_run(struct store_sql *s, enum owner_stmt_id id,
                                int64_t a, const char *text,
                                struct bz_error *err)
{
    struct bz_sql_stmt *st = owner_stmt(s, id, err);

    if (st == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, a);
    if (text != NULL)
        store_sql_bind_text(st, 2, text);
    return store_sql_exec(s, st, err);
}

static enum bz_status owner_exists(struct store_sql *s, int64_t id,
                                   struct bz_error *err)
{
    struct bz_sql_stmt *st = owner_stmt(s, OWNER_EXISTS, err);
    enum bz_status status;
    int64_t found;

    if (st == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, id);
    if ((status = store_sql_int64(s, st, &found, err)) != BZ_OK)
        return status;
    if (!found)
        return bz_error_set(err, BZ_NOT_FOUND, "no researcher 'R%lld'",
                            (long long)id);
    return BZ_OK;
}

/* --- the owner's fields --------------------------------------------------- */

static enum bz_status owner_set_name(struct store_sql *s, int64_t id,
                                     const char *name, struct bz_error *err)
{
    struct bz_arena arena;
    struct bz_sql_stmt *st;
    const char *key, *slug;
    enum bz_status status;

    bz_arena_init(&arena, 0);
    key = bz_text_fold_words(&arena, name);
    slug = bz_text_slug(&arena, name, STORE_SQL_SLUG_MAX);
    if (key == NULL || slug == NULL) {
        status = store_sql_nomem(err);
        goto out;
    }
    if ((status = owner_run(s, OWNER_FORMER_NAME, id, name, err)) != BZ_OK)
        goto out;
    if ((st = owner_stmt(s, OWNER_SET_NAME, err)) == NULL) {
        status = BZ_STORE;
        goto out;
    }
    bz_sql_bind_int64(st, 1, id);
    store_sql_bind_text(st, 2, name);
    store_sql_bind_text(st, 3, key);
    store_sql_bind_text(st, 4, slug);
    status = store_sql_exec(s, st, err);
out:
    bz_arena_release(&arena);
    return status;
}

/* Sets a text field (statement id, "" as NULL) and its provenance. */
static enum bz_status owner_set_text(struct store_sql *s, int64_t id,
                                     enum owner_stmt_id which,
                                     const char *field, const char *value,
                                     struct bz_error *err)
{
    struct bz_sql_stmt *st = owner_stmt(s, which, err);
    enum bz_status status;

    if (st == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, id);
    store_sql_bind_optional(st, 2, value);
    if ((status = store_sql_exec(s, st, err)) != BZ_OK)
        return status;
    return owner_run(s, OWNER_PROVENANCE, id, field, err);
}

struct owner_edit_args {
    int64_t id;
    const struct bz_researcher_edit *edit;
};

static enum bz_status owner_edit_write(struct store_sql *s, const void *record,
                                       struct bz_import_tally *tally,
                                       struct bz_error *err)
{
    const struct owner_edit_args *a = record;
    const struct bz_researcher_edit *e = a->edit;
    enum bz_status status;
    struct bz_sql_stmt *st;

    (void)tally;
    if ((status = owner_exists(s, a->id, err)) != BZ_OK)
        return status;
    if (e->display_name != NULL &&
        ((status = owner_set_name(s, a->id, e->display_name, err)) ||
         (status = owner_run(s, OWNER_PROVENANCE, a->id, "display_name", err))))
        return status;
    if (e->self_affiliation != NULL &&
        (status =
             owner_set_text(s, a->id, OWNER_SET_AFFILIATION, "self_affiliation",
                            e->self_affiliation, err)) != BZ_OK)
        return status;
    if (e->summary != NULL &&
        (status = owner_set_text(s, a->id, OWNER_SET_SUMMARY, "summary",
                                 e->summary, err)) != BZ_OK)
        return status;
    if (e->open_to_collaborate < 0)
        return BZ_OK;
    if ((st = owner_stmt(s, OWNER_SET_OPEN, err)) == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, a->id);
    bz_sql_bind_int64(st, 2, e->open_to_collaborate ? 1 : 0);
    if ((status = store_sql_exec(s, st, err)) != BZ_OK)
        return status;
    return owner_run(s, OWNER_PROVENANCE, a->id, "open_to_collaborate", err);
}

enum bz_status store_sql_researcher_edit(struct bz_store *store, int64_t id,
                                         const struct bz_researcher_edit *e,
                                         struct bz_error *err)
{
    struct owner_edit_args a = {id, e};

    if (e->display_name != NULL && store_sql_blank(e->display_name))
        return bz_error_set(err, BZ_INVALID, "a display name is required");
    return store_sql_write(store_sql_of(store), owner_edit_write, &a, NULL,
                           err);
}

/* --- other names ---------------------------------------------------------- */

/* OWNER_NAMES: name, source, hidden */
static void owner_read_name(struct bz_arena *arena, struct bz_sql_stmt *st,
                            void *item, int *nomem)
{
    struct bz_researcher_name *n = item;

    n->name = store_sql_text(arena, st, 0, nomem);
    n->source = store_sql_text(arena, st, 1, nomem);
    n->hidden = (int)bz_sql_column_int64(st, 2);
}

enum bz_status store_sql_researcher_names(struct bz_store *store,
                                          struct bz_arena *arena, int64_t id,
                                          struct bz_researcher_name **out,
                                          size_t *count, struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st = owner_stmt(s, OWNER_NAMES, err);
    void *items = NULL;
    enum bz_status status;

    bz_sql_bind_int64(st, 1, id);
    status = store_sql_collect(s, st, arena, sizeof(**out), owner_read_name,
                               &items, count, err);
    *out = items;
    return status;
}

enum bz_status store_sql_researcher_name_hide(struct bz_store *store,
                                              int64_t id, const char *name,
                                              int hidden, struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st = owner_stmt(s, OWNER_NAME_HIDE, err);
    enum bz_status status;

    if (st == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, id);
    store_sql_bind_text(st, 2, name);
    bz_sql_bind_int64(st, 3, hidden ? 1 : 0);
    if ((status = store_sql_exec(s, st, err)) != BZ_OK)
        return status;
    if (bz_sql_changes(st) == 0)
        return bz_error_set(err, BZ_NOT_FOUND,
                            "researcher 'R%lld' has no name '%s'",
                            (long long)id, name);
    return BZ_OK;
}

/* --- works ---------------------------------------------------------------- */

/* OWNER_FLAGS: work_id, hidden, featured */
static void owner_read_flag(struct bz_arena *arena, struct bz_sql_stmt *st,
                            void *item, int *nomem)
{
    struct bz_work_flag *f = item;

    (void)arena;
    (void)nomem;
    f->work_id = bz_sql_column_int64(st, 0);
    f->hidden = (int)bz_sql_column_int64(st, 1);
    f->featured = (int)bz_sql_column_int64(st, 2);
}

enum bz_status
store_sql_researcher_work_flags(struct bz_store *store, struct bz_arena *arena,
                                int64_t id, struct bz_work_flag **out,
                                size_t *count, struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st = owner_stmt(s, OWNER_FLAGS, err);
    void *items = NULL;
    enum bz_status status;

    bz_sql_bind_int64(st, 1, id);
    status = store_sql_collect(s, st, arena, sizeof(**out), owner_read_flag,
                               &items, count, err);
    *out = items;
    return status;
}

enum bz_status store_sql_researcher_work_flag(struct bz_store *store,
                                              int64_t id,
                                              const struct bz_work_flag *f,
                                              struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st = owner_stmt(s, OWNER_HAS_WORK, err);
    enum bz_status status;
    int64_t has;

    if (st == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, id);
    bz_sql_bind_int64(st, 2, f->work_id);
    if ((status = store_sql_int64(s, st, &has, err)) != BZ_OK)
        return status;
    if (!has)
        return bz_error_set(err, BZ_INVALID,
                            "work 'W%lld' is not one of researcher "
                            "'R%lld''s works",
                            (long long)f->work_id, (long long)id);
    if ((st = owner_stmt(s, OWNER_FLAG_SET, err)) == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, id);
    bz_sql_bind_int64(st, 2, f->work_id);
    bz_sql_bind_int64(st, 3, f->hidden ? 1 : 0);
    bz_sql_bind_int64(st, 4, f->featured ? 1 : 0);
    return store_sql_exec(s, st, err);
}

enum bz_status store_sql_researcher_hide(struct bz_store *store, int64_t id,
                                         int64_t at, struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st = owner_stmt(s, OWNER_HIDE, err);
    enum bz_status status;

    if (st == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, id);
    store_sql_bind_known(st, 2, at, 0);
    if ((status = store_sql_exec(s, st, err)) != BZ_OK)
        return status;
    if (bz_sql_changes(st) == 0)
        return bz_error_set(err, BZ_NOT_FOUND, "no researcher 'R%lld'",
                            (long long)id);
    return BZ_OK;
}

/* --- opt-outs ------------------------------------------------------------- */

/* OPT_OUT_COLUMNS */
static void opt_out_read(struct bz_arena *arena, struct bz_sql_stmt *st,
                         void *item, int *nomem)
{
    struct bz_opt_out *o = item;

    o->id = bz_sql_column_int64(st, 0);
    o->researcher_id = bz_sql_column_int64(st, 1);
    o->researcher_name = store_sql_text(arena, st, 2, nomem);
    o->account_id = bz_sql_column_int64(st, 3);
    o->account_email = store_sql_text(arena, st, 4, nomem);
    o->note = store_sql_text(arena, st, 5, nomem);
    o->state = store_sql_text(arena, st, 6, nomem);
    o->reason = store_sql_text(arena, st, 7, nomem);
    o->created_at = bz_sql_column_int64(st, 8);
    o->decided_at = bz_sql_column_int64(st, 9);
    o->decided_by = bz_sql_column_int64(st, 10);
}

static int opt_out_state_valid(const char *st)
{
    static const char *const states[] = {"pending", "approved", "rejected",
                                         "restored"};

    for (size_t i = 0; st && i < sizeof(states) / sizeof(states[0]); i++)
        if (strcmp(st, states[i]) == 0)
            return 1;
    return 0;
}

enum bz_status store_sql_opt_out_insert(struct bz_store *store,
                                        const struct bz_opt_out *o, int64_t *id,
                                        struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st;
    enum bz_status status;

    *id = 0;
    if ((status = owner_exists(s, o->researcher_id, err)) != BZ_OK)
        return status;
    if ((st = owner_stmt(s, OPT_OUT_INSERT, err)) == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, o->researcher_id);
    store_sql_bind_known(st, 2, o->account_id, 0);
    store_sql_bind_optional(st, 3, o->note);
    bz_sql_bind_int64(st, 4, o->created_at);
    if ((status = store_sql_int64(s, st, id, err)) != BZ_OK)
        return status;
    if (*id == 0)
        return bz_error_set(err, BZ_CONFLICT,
                            "an opt-out of 'R%lld' is waiting already",
                            (long long)o->researcher_id);
    return BZ_OK;
}

enum bz_status store_sql_opt_out_get(struct bz_store *store,
                                     struct bz_arena *arena, int64_t id,
                                     struct bz_opt_out *out,
                                     struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st = owner_stmt(s, OPT_OUT_GET, err);
    void *items;
    size_t count;
    enum bz_status status;

    if (st == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, id);
    status = store_sql_collect(s, st, arena, sizeof(*out), opt_out_read, &items,
                               &count, err);
    if (status != BZ_OK)
        return status;
    if (count == 0)
        return bz_error_set(err, BZ_NOT_FOUND, "no opt-out %lld",
                            (long long)id);
    *out = *(struct bz_opt_out *)items;
    return BZ_OK;
}

enum bz_status store_sql_opt_out_list(struct bz_store *store,
                                      struct bz_arena *arena, const char *state,
                                      int limit, struct bz_opt_out **out,
                                      size_t *count, struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st = owner_stmt(s, OPT_OUT_LIST, err);
    void *items = NULL;
    enum bz_status status;

    store_sql_bind_text(st, 1, state);
    bz_sql_bind_int64(st, 2, limit);
    status = store_sql_collect(s, st, arena, sizeof(**out), opt_out_read,
                               &items, count, err);
    *out = items;
    return status;
}

enum bz_status store_sql_opt_out_update(struct bz_store *store,
                                        const struct bz_opt_out *o,
                                        struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st;
    enum bz_status status;

    if (!opt_out_state_valid(o->state))
        return bz_error_set(err, BZ_INVALID, "store: no opt-out state '%s'",
                            o->state ? o->state : "");
    if ((st = owner_stmt(s, OPT_OUT_UPDATE, err)) == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, o->id);
    store_sql_bind_text(st, 2, o->state);
    store_sql_bind_optional(st, 3, o->reason);
    store_sql_bind_known(st, 4, o->decided_at, 0);
    store_sql_bind_known(st, 5, o->decided_by, 0);
    if ((status = store_sql_exec(s, st, err)) != BZ_OK)
        return status;
    if (bz_sql_changes(st) == 0)
        return bz_error_set(err, BZ_NOT_FOUND, "no opt-out %lld",
                            (long long)o->id);
    return BZ_OK;
}

enum bz_status store_sql_owner_forget_account(struct store_sql *s, int64_t id,
                                              struct bz_error *err)
{
    enum bz_status status = owner_run(s, OPT_OUT_FORGET, id, NULL, err);

    if (status != BZ_OK)
        return status;
    return owner_run(s, OPT_OUT_FORGET_DECIDER, id, NULL, err);
}
