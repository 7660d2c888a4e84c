/* store_sql_claims.c - claims of researcher records, and the facts a claim
 * is checked against (a record's emails and institution homepages from
 * its sources), over the SQL store (store_sql_internal.h).
 *
 * Only rows live here; what a claim may do is claim.c's. The schema's two
 * partial unique indexes (migration 7) are the last word on ownership: an
 * account has one claim open or in force at most, a record one approved
 * claim at most, whatever two servers do at once.
 */
#include "store/store_sql_internal.h"

#include <string.h>

enum claim_stmt_id {
    CLAIM_LOCK,
    CLAIM_INSERT,
    CLAIM_CONFLICTS,
    CLAIM_UPDATE,
    CLAIM_GET,
    CLAIM_LIST,
    OWNER_CLEAR,
    OWNER_CLEAR_OTHERS,
    OWNER_SET_ACCOUNT,
    OWNER_SET_LEVEL,
    EMAIL_KEEP,
    EMAIL_LIST,
    HOMEPAGE_LIST,
    CLAIM_STMT_COUNT
};

_Static_assert(CLAIM_STMT_COUNT <= STORE_SQL_CLAIM_STMTS,
               "store_sql_internal.h gives too few claim slots");

/* The columns claim_read() reads, in its order. */
#define CLAIM_COLUMNS                                                          \
    "SELECT c.id, c.researcher_id, r.display_name, "                           \
    "COALESCE(c.account_id, 0), a.email, c.evidence, c.evidence_detail, "      \
    "c.note, c.state, COALESCE(c.level, 0), c.reason, c.created_at, "          \
    "COALESCE(c.decided_at, 0), COALESCE(c.decided_by, 0) FROM claim c "       \
    "JOIN researcher r ON r.id = c.researcher_id "                             \
    "LEFT JOIN account a ON a.id = c.account_id "

/* A claim that is open or in force: what an account may have one of. */
#define CLAIM_OPEN(col)                                                        \
    "(" col " = 'pending' OR " col " = 'approved' OR " col " = 'disputed')"

static const struct {
    const char *name;
    const char *sql;
} claim_sql[CLAIM_STMT_COUNT] = {
    /* an update that changes nothing, for the row lock it takes */
    [CLAIM_LOCK] = {"lock researcher",
                    "UPDATE researcher SET claim_level = claim_level "
                    "WHERE id = ?1 "
                    "RETURNING claim_level, COALESCE(merged_into, 0), "
                    "COALESCE(hidden_at, 0)"},
    /* no row back: a unique index of migration 7 refused it */
    [CLAIM_INSERT] = {"insert claim",
                      "INSERT INTO claim (researcher_id, account_id, "
                      "evidence, evidence_detail, note, state, level, "
                      "reason, created_at, decided_at, decided_by) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
                      "?11) ON CONFLICT DO NOTHING RETURNING id"},
    /* whether claim ?1 taking state ?2 would break a unique index */
    [CLAIM_CONFLICTS] = {"check claim",
                         "SELECT EXISTS (SELECT 1 FROM claim c, claim o "
                         "WHERE c.id = ?1 AND o.id <> c.id AND "
                         "((?2 = 'approved' AND o.state = 'approved' "
                         "AND o.researcher_id = c.researcher_id) OR "
                         "(" CLAIM_OPEN("?2") " AND " CLAIM_OPEN(
                             "o.state") " AND o.account_id = c.account_id)))"},
    [CLAIM_UPDATE] = {"update claim",
                      "UPDATE claim SET state = ?2, level = ?3, reason = ?4, "
                      "decided_at = ?5, decided_by = ?6 WHERE id = ?1"},
    [CLAIM_GET] = {"read claim", CLAIM_COLUMNS "WHERE c.id = ?1"},
    [CLAIM_LIST] = {"read claims", CLAIM_COLUMNS
                    "WHERE c.id > ?1 AND (?2 IS NULL OR c.state = ?2) "
                    "AND (?3 = 0 OR c.account_id = ?3) "
                    "AND (?4 = 0 OR c.researcher_id = ?4) "
                    "ORDER BY c.id LIMIT ?5"},
    [OWNER_CLEAR] = {"end ownership",
                     "UPDATE account SET owns_researcher_id = NULL "
                     "WHERE owns_researcher_id = ?1"},
    [OWNER_CLEAR_OTHERS] = {"end former ownership",
                            "UPDATE account SET owns_researcher_id = NULL "
                            "WHERE owns_researcher_id = ?1 AND id <> ?2"},
    [OWNER_SET_ACCOUNT] = {"set owner",
                           "UPDATE account SET owns_researcher_id = ?1 "
                           "WHERE id = ?2"},
    /* a record claimed now is weighed again by the resolution pass: its
     * block's name-only records may be its owner (identity_state 1 is
     * weighed; 2, split off, stays) */
    [OWNER_SET_LEVEL] = {"set claim level",
                         "UPDATE researcher SET claim_level = ?2, "
                         "identity_state = CASE WHEN claim_level = 0 "
                         "AND ?2 > 0 AND identity_state = 1 THEN 0 "
                         "ELSE identity_state END "
                         "WHERE id = ?1"},
    [EMAIL_KEEP] = {"insert researcher email",
                    "INSERT INTO researcher_email (researcher_id, email, "
                    "source) VALUES (?1, lower(?2), ?3) "
                    "ON CONFLICT DO NOTHING"},
    [EMAIL_LIST] = {"read researcher emails",
                    "SELECT DISTINCT email FROM researcher_email "
                    "WHERE researcher_id = ?1 ORDER BY email"},
    /* what sources said: affiliations from people sources, and the
     * institutions of the record's authorships */
    [HOMEPAGE_LIST] = {"read institution homepages",
                       "SELECT DISTINCT i.homepage FROM institution i "
                       "WHERE i.homepage IS NOT NULL AND i.homepage <> '' "
                       "AND i.id IN (SELECT institution_id FROM affiliation "
                       "WHERE researcher_id = ?1 "
                       "UNION SELECT ai.institution_id FROM authorship a "
                       "JOIN authorship_institution ai "
                       "ON ai.work_id = a.work_id "
                       "AND ai.position = a.position "
                       "WHERE a.researcher_id = ?1) ORDER BY 1"},
};

static struct bz_sql_stmt *
claim_stmt(struct store_sql *s, enum claim_stmt_id id, struct bz_error *err)
{
    return store_sql_prepared(s, &s->claim_stmts[id], claim_sql[id].name,
                              claim_sql[id].sql, err);
}

void store_sql_claims_close(struct store_sql *s)
{
    for (size_t i = 0; i < CLAIM_STMT_COUNT; i++)
        bz_sql_finalize(s->claim_stmts[i]);
}

static int claim_evidence_valid(const char *e)
{
    static const char *const kinds[] = {
        "orcid", "metadata_email", "domain_email", "documents", "statement"};

    for (size_t i = 0; e && i < sizeof(kinds) / sizeof(kinds[0]); i++)
        if (strcmp(e, kinds[i]) == 0)
            return 1;
    return 0;
}

static int claim_state_valid(const char *st)
{
    static const char *const states[] = {"pending", "approved", "rejected",
                                         "withdrawn", "disputed"};

    for (size_t i = 0; st && i < sizeof(states) / sizeof(states[0]); i++)
        if (strcmp(st, states[i]) == 0)
            return 1;
    return 0;
}

/* --- locking -------------------------------------------------------------- */

enum bz_status store_sql_researcher_lock(struct bz_store *store, int64_t id,
                                         int *claim_level, int64_t *merged_into,
                                         struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st = claim_stmt(s, CLAIM_LOCK, err);
    enum bz_sql_step rc;
    int64_t hidden_at = 0;

    *claim_level = 0;
    *merged_into = 0;
    if (st == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, id);
    rc = bz_sql_step(st, err);
    if (rc == BZ_SQL_ROW) {
        *claim_level = (int)bz_sql_column_int64(st, 0);
        *merged_into = bz_sql_column_int64(st, 1);
        hidden_at = bz_sql_column_int64(st, 2);
    }
    bz_sql_reset(st);
    if (rc == BZ_SQL_FAILED)
        return store_sql_failed(err);
    if (rc == BZ_SQL_DONE)
        return bz_error_set(err, BZ_NOT_FOUND, "no researcher 'R%lld'",
                            (long long)id);
    if (hidden_at != 0)
        return bz_error_set(err, BZ_GONE,
                            "the record 'R%lld' is hidden at the request of "
                            "the person it describes",
                            (long long)id);
    return BZ_OK;
}

/* --- claims --------------------------------------------------------------- */

static enum bz_status claim_check(const struct bz_claim *c,
                                  struct bz_error *err)
{
    if (!claim_evidence_valid(c->evidence))
        return bz_error_set(err, BZ_INVALID, "store: no evidence kind '%s'",
                            c->evidence ? c->evidence : "");
    if (!claim_state_valid(c->state))
        return bz_error_set(err, BZ_INVALID, "store: no claim state '%s'",
                            c->state ? c->state : "");
    if (c->level != 0 && c->level != 2 && c->level != 3)
        return bz_error_set(err, BZ_INVALID, "store: no claim level %d",
                            c->level);
    return BZ_OK;
}

enum bz_status store_sql_claim_insert(struct bz_store *store,
                                      const struct bz_claim *c, int64_t *id,
                                      struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st;
    enum bz_status status;

    *id = 0;
    if ((status = claim_check(c, err)) != BZ_OK)
        return status;
    if ((st = claim_stmt(s, CLAIM_INSERT, err)) == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, c->researcher_id);
    store_sql_bind_known(st, 2, c->account_id, 0);
    store_sql_bind_text(st, 3, c->evidence);
    store_sql_bind_optional(st, 4, c->evidence_detail);
    store_sql_bind_optional(st, 5, c->note);
    store_sql_bind_text(st, 6, c->state);
    store_sql_bind_known(st, 7, c->level, 0);
    store_sql_bind_optional(st, 8, c->reason);
    bz_sql_bind_int64(st, 9, c->created_at);
    store_sql_bind_known(st, 10, c->decided_at, 0);
    store_sql_bind_known(st, 11, c->decided_by, 0);
    status = store_sql_int64(s, st, id, err);
    if (status == BZ_OK && *id == 0)
        return bz_error_set(err, BZ_CONFLICT,
                            "the account has an open claim already, or "
                            "the record an approved one");
    return status;
}

enum bz_status store_sql_claim_update(struct bz_store *store,
                                      const struct bz_claim *c,
                                      struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st;
    enum bz_status status;
    int64_t conflicts = 0;

    if (!claim_state_valid(c->state))
        return bz_error_set(err, BZ_INVALID, "store: no claim state '%s'",
                            c->state ? c->state : "");
    if ((st = claim_stmt(s, CLAIM_CONFLICTS, err)) == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, c->id);
    store_sql_bind_text(st, 2, c->state);
    if ((status = store_sql_int64(s, st, &conflicts, err)) != BZ_OK)
        return status;
    if (conflicts)
        return bz_error_set(err, BZ_CONFLICT,
                            "the account has another open claim, or the "
                            "record an approved one");

    if ((st = claim_stmt(s, CLAIM_UPDATE, err)) == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, c->id);
    store_sql_bind_text(st, 2, c->state);
    store_sql_bind_known(st, 3, c->level, 0);
    store_sql_bind_optional(st, 4, c->reason);
    store_sql_bind_known(st, 5, c->decided_at, 0);
    store_sql_bind_known(st, 6, c->decided_by, 0);
    if ((status = store_sql_exec(s, st, err)) != BZ_OK)
        return status;
    if (bz_sql_changes(st) == 0)
        return bz_error_set(err, BZ_NOT_FOUND, "no claim 'C%lld'",
                            (long long)c->id);
    return BZ_OK;
}

static void claim_read(struct bz_arena *arena, struct bz_sql_stmt *st,
                       void *item, int *nomem)
{
    struct bz_claim *c = item;

    c->id = bz_sql_column_int64(st, 0);
    c->researcher_id = bz_sql_column_int64(st, 1);
    c->researcher_name = store_sql_text(arena, st, 2, nomem);
    c->account_id = bz_sql_column_int64(st, 3);
    c->account_email = store_sql_text(arena, st, 4, nomem);
    c->evidence = store_sql_text(arena, st, 5, nomem);
    c->evidence_detail = store_sql_text(arena, st, 6, nomem);
    c->note = store_sql_text(arena, st, 7, nomem);
    c->state = store_sql_text(arena, st, 8, nomem);
    c->level = (int)bz_sql_column_int64(st, 9);
    c->reason = store_sql_text(arena, st, 10, nomem);
    c->created_at = bz_sql_column_int64(st, 11);
    c->decided_at = bz_sql_column_int64(st, 12);
    c->decided_by = bz_sql_column_int64(st, 13);
}

enum bz_status store_sql_claim_get(struct bz_store *store,
                                   struct bz_arena *arena, int64_t id,
                                   struct bz_claim *out, struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st = claim_stmt(s, CLAIM_GET, err);
    enum bz_sql_step rc;
    int nomem = 0;

    memset(out, 0, sizeof(*out));
    if (st == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, id);
    rc = bz_sql_step(st, err);
    if (rc == BZ_SQL_ROW)
        claim_read(arena, st, out, &nomem);
    bz_sql_reset(st);
    if (rc == BZ_SQL_FAILED)
        return store_sql_failed(err);
    if (rc == BZ_SQL_DONE)
        return bz_error_set(err, BZ_NOT_FOUND, "no claim 'C%lld'",
                            (long long)id);
    return nomem ? store_sql_nomem(err) : BZ_OK;
}

enum bz_status store_sql_claim_list(struct bz_store *store,
                                    struct bz_arena *arena,
                                    const struct bz_claim_filter *filter,
                                    int64_t after, int limit,
                                    struct bz_claim **out, size_t *count,
                                    int *more, struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st = claim_stmt(s, CLAIM_LIST, err);
    enum bz_status status;

    *more = 0;
    if (limit < 1)
        limit = 1;
    bz_sql_bind_int64(st, 1, after);
    store_sql_bind_text(st, 2, filter ? filter->state : NULL);
    bz_sql_bind_int64(st, 3, filter ? filter->account_id : 0);
    bz_sql_bind_int64(st, 4, filter ? filter->researcher_id : 0);
    bz_sql_bind_int64(st, 5, (int64_t)limit + 1); /* one more: *more */
    status = store_sql_collect(s, st, arena, sizeof(**out), claim_read,
                               (void **)out, count, err);
    if (status == BZ_OK && *count > (size_t)limit) {
        *count = (size_t)limit;
        *more = 1;
    }
    return status;
}

/* --- ownership ------------------------------------------------------------ */

struct claim_owner {
    int64_t researcher_id, account_id;
    int level;
};

/* Runs owner statement id with ?1 the record and ?2 the second value;
 * *changed is the rows it changed. */
static enum bz_status claim_owner_run(struct store_sql *s,
                                      enum claim_stmt_id id, int64_t first,
                                      int64_t second, long *changed,
                                      struct bz_error *err)
{
    struct bz_sql_stmt *st = claim_stmt(s, id, err);
    enum bz_status status;

    if (st == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, first);
    if (id != OWNER_CLEAR)
        bz_sql_bind_int64(st, 2, second);
    status = store_sql_exec(s, st, err);
    *changed = status == BZ_OK ? bz_sql_changes(st) : 0;
    return status;
}

static enum bz_status claim_owner_write(struct store_sql *s, const void *record,
                                        struct bz_import_tally *tally,
                                        struct bz_error *err)
{
    const struct claim_owner *o = record;
    enum bz_status status;
    long changed;

    (void)tally;
    status = claim_owner_run(s, OWNER_SET_LEVEL, o->researcher_id, o->level,
                             &changed, err);
    if (status != BZ_OK)
        return status;
    if (changed == 0)
        return bz_error_set(err, BZ_NOT_FOUND, "no researcher 'R%lld'",
                            (long long)o->researcher_id);
    if (o->level == 0)
        return claim_owner_run(s, OWNER_CLEAR, o->researcher_id, 0, &changed,
                               err);
    status = claim_owner_run(s, OWNER_CLEAR_OTHERS, o->researcher_id,
                             o->account_id, &changed, err);
    if (status == BZ_OK)
        status = claim_owner_run(s, OWNER_SET_ACCOUNT, o->researcher_id,
                                 o->account_id, &changed, err);
    if (status == BZ_OK && changed == 0)
        return bz_error_set(err, BZ_NOT_FOUND, "no such account");
    return status;
}

enum bz_status store_sql_claim_set_owner(struct bz_store *store, int64_t id,
                                         int64_t account_id, int level,
                                         struct bz_error *err)
{
    struct claim_owner o = {id, account_id, level};

    if (level != 0 && level != 2 && level != 3)
        return bz_error_set(err, BZ_INVALID, "store: no claim level %d", level);
    if (level != 0 && account_id <= 0)
        return bz_error_set(err, BZ_INVALID,
                            "store: a claimed record "
                            "needs an owner");
    return store_sql_write(store_sql_of(store), claim_owner_write, &o, NULL,
                           err);
}

/* --- what claims are checked against -------------------------------------- */

static void claim_read_text(struct bz_arena *arena, struct bz_sql_stmt *st,
                            void *item, int *nomem)
{
    *(const char **)item = store_sql_text(arena, st, 0, nomem);
}

static enum bz_status claim_texts(struct store_sql *s, enum claim_stmt_id id,
                                  struct bz_arena *arena, int64_t researcher,
                                  const char ***out, size_t *count,
                                  struct bz_error *err)
{
    struct bz_sql_stmt *st = claim_stmt(s, id, err);

    bz_sql_bind_int64(st, 1, researcher);
    return store_sql_collect(s, st, arena, sizeof(**out), claim_read_text,
                             (void **)out, count, err);
}

enum bz_status store_sql_researcher_emails(struct bz_store *store,
                                           struct bz_arena *arena, int64_t id,
                                           const char ***out, size_t *count,
                                           struct bz_error *err)
{
    return claim_texts(store_sql_of(store), EMAIL_LIST, arena, id, out, count,
                       err);
}

enum bz_status store_sql_researcher_homepages(struct bz_store *store,
                                              struct bz_arena *arena,
                                              int64_t id, const char ***out,
                                              size_t *count,
                                              struct bz_error *err)
{
    return claim_texts(store_sql_of(store), HOMEPAGE_LIST, arena, id, out,
                       count, err);
}

enum bz_status
store_sql_claims_keep_emails(struct store_sql *s, int64_t id,
                             const struct bz_researcher_record *r, long *gained,
                             struct bz_error *err)
{
    struct bz_sql_stmt *st;
    enum bz_status status;

    for (size_t i = 0; i < r->email_count; i++) {
        if (store_sql_blank(r->emails[i]) || strchr(r->emails[i], '@') == NULL)
            continue;
        if ((st = claim_stmt(s, EMAIL_KEEP, err)) == NULL)
            return BZ_STORE;
        bz_sql_bind_int64(st, 1, id);
        store_sql_bind_text(st, 2, r->emails[i]);
        store_sql_bind_text(st, 3, r->source);
        if ((status = store_sql_exec(s, st, err)) != BZ_OK)
            return status;
        *gained += bz_sql_changes(st);
    }
    return BZ_OK;
}
