/* store_sql_internal.h - what the files of the SQL store share.
 *
 * The store over SQL is one struct (struct store_sql) and several files:
 * store_sql.c (works, researchers, topics, imports, merges),
 * store_sql_accounts.c (accounts, sessions, tokens, throttling, the
 * outbox), store_sql_claims.c (claims and the facts they are checked
 * against), store_sql_owner.c (what owners edit, and opt-outs),
 * store_sql_follow.c (follows, and the feeds they make),
 * store_sql_collaboration.c (invitations, conversations, blocks),
 * store_sql_identity.c (what the name resolution pass reads) and
 * store_sql_reactions.c (reactions, collections, reviews, work links).
 * Each file keeps its own table of statements, prepared on first use into
 * the slots this struct gives it; the helpers below are the only way any
 * of them runs SQL. Nothing outside src/store/ includes this header.
 */
#ifndef BZ_STORE_SQL_INTERNAL_H
#define BZ_STORE_SQL_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/error.h"
#include "store/citation_runs.h"
#include "store/sql.h"
#include "store/store.h"

#define STORE_SQL_LIST_WORDS 8     /* most words researcher_list matches */
#define STORE_SQL_ACCOUNT_STMTS 64 /* slots of store_sql_accounts.c */
#define STORE_SQL_CLAIM_STMTS 24   /* slots of store_sql_claims.c */
#define STORE_SQL_OWNER_STMTS 24   /* slots of store_sql_owner.c */
#define STORE_SQL_FOLLOW_STMTS 16  /* slots of store_sql_follow.c */
#define STORE_SQL_COI_STMTS 8      /* slots of store_sql_coi.c */
#define STORE_SQL_TOPIC_STMTS 16   /* slots of store_sql_topics.c */
#define STORE_SQL_COLLAB_STMTS 32  /* slots of store_sql_collaboration.c */
#define STORE_SQL_IDENTITY_STMTS 12 /* slots of store_sql_identity.c */
#define STORE_SQL_REACTION_STMTS 44 /* slots of store_sql_reactions.c */
#define STORE_SQL_SLUG_MAX 80      /* bytes of a slug */

/* --- what a write transaction has learnt (store_sql.c) --- */

struct store_sql_fact {
    struct store_sql_fact *next; /* in its bucket */
    uint64_t hash;
    int64_t owner;
    unsigned flags;
    size_t key_len;
    char key[]; /* kind, scheme, '\0', value */
};

struct store_sql_cache {
    struct store_sql_fact **buckets; /* owned, with the facts */
    size_t bucket_count;             /* a power of two, or 0 */
    size_t count;
    int on; /* inside a transaction this handle began */
};

struct store_sql_ref;

/* Kinds of rows an import writes in bulk (store_sql.c). */
enum store_sql_bulk_kind {
    BULK_AUTHORSHIP,
    BULK_LINK, /* an authorship's institution */
    BULK_AFFILIATION,
    BULK_PROVENANCE,
    BULK_CITATION_PENDING, /* a work whose citation rows wait */
    STORE_SQL_BULK_KINDS
};

struct store_sql {
    struct bz_store base; /* first: a bz_store * is a store_sql * */
    struct bz_sql *sql;   /* owned */
    struct bz_sql_stmt **stmts; /* owned: store_sql.c's, NULL until used */
    /* owned; researcher_list's statement for each number of words */
    struct bz_sql_stmt *list_stmts[STORE_SQL_LIST_WORDS + 1];
    struct bz_sql_stmt *account_stmts[STORE_SQL_ACCOUNT_STMTS]; /* owned */
    struct bz_sql_stmt *claim_stmts[STORE_SQL_CLAIM_STMTS];     /* owned */
    struct bz_sql_stmt *owner_stmts[STORE_SQL_OWNER_STMTS];     /* owned */
    struct bz_sql_stmt *follow_stmts[STORE_SQL_FOLLOW_STMTS];   /* owned */
    struct bz_sql_stmt *coi_stmts[STORE_SQL_COI_STMTS];         /* owned */
    struct bz_sql_stmt *topic_stmts[STORE_SQL_TOPIC_STMTS];     /* owned */
    struct bz_sql_stmt *graph_stmts[BZ_GRAPH_Q_COUNT];          /* owned */
    struct bz_sql_stmt *collab_stmts[STORE_SQL_COLLAB_STMTS];   /* owned */
    struct bz_sql_stmt *identity_stmts[STORE_SQL_IDENTITY_STMTS]; /* owned */
    struct bz_sql_stmt *reaction_stmts[STORE_SQL_REACTION_STMTS]; /* owned */
    struct bz_arena scratch; /* an import's temporary strings */
    struct store_sql_cache cache;
    /* citation edges waiting for the engine's bulk path (copy_in), in
     * its text format; sent at commit, or between records when large */
    struct bz_buf copy_rows;
    struct bz_buf refs_text; /* a work's reference list being written */
    /* owned: copy_rows's rows in order, kept from one flush to the next
     * so that each does not allocate a few megabytes anew */
    struct bz_citation_row *citation_rows;
    size_t citation_room;
    struct bz_sql_stmt *citation_many; /* owned: their statement of many */
    /* rows waiting to be written in bulk (store_sql.c's
     * store_sql_flush_bulk), an array of one kind's rows each, and the
     * texts they name */
    struct bz_buf bulk_rows[STORE_SQL_BULK_KINDS], bulk_text;
    /* the works of the queued authorships, where each one's begin */
    struct bz_buf bulk_works;
    /* owned: their statements of many rows, NULL until used */
    struct bz_sql_stmt *bulk_many[STORE_SQL_BULK_KINDS];
    /* between import_begin and import_end: commits keep copy_rows; its
     * length when the transaction began (a rollback drops what follows) */
    int keep_citations;
    size_t copy_begin_mark;
    size_t copy_keep; /* the bytes kept back at most (a test lowers it) */
    /* the rows kept that commits sent to a file (store_sql_citation_spill),
     * and their works, int64_t ids, pending until the runs are merged */
    struct bz_citation_runs citation_runs;
    struct bz_buf spilled_works;
    /* a group of writes is open (store.h's group_begin), and one of its
     * writes failed; copy_rows's length when it began */
    int group, group_failed;
    size_t group_copy_mark;
};

struct store_sql *store_sql_of(struct bz_store *store);

/* The ids (column id) of the known works that work names among its
 * references (work_reference's JSON list), as SQLite and PostgreSQL read
 * them; the text may go on with " AND ...". */
#define STORE_SQL_CITED_SQLITE(work)                                           \
    "SELECT i.work_id AS id FROM work_reference r, json_each(r.refs) j "      \
    "JOIN work_id i ON i.scheme = json_extract(j.value, '$[0]') "             \
    "AND i.value = json_extract(j.value, '$[1]') WHERE r.work_id = " work
#define STORE_SQL_CITED_PG(work)                                               \
    "SELECT i.work_id AS id FROM work_reference r "                           \
    "CROSS JOIN LATERAL json_array_elements(r.refs::json) j(pair) "           \
    "JOIN work_id i ON i.scheme = j.pair ->> 0 "                              \
    "AND i.value = j.pair ->> 1 WHERE r.work_id = " work

/* sql, or sql_pg when it is not NULL and s is over PostgreSQL: for the
 * statements whose text differs between the engines. */
const char *store_sql_dialect_text(const struct store_sql *s,
                                   const char *sql, const char *sql_pg);

/* *slot's statement (text sql, named what in messages), prepared on its
 * first use, reset and with no bindings; NULL with err filled. */
struct bz_sql_stmt *store_sql_prepared(struct store_sql *s,
                                       struct bz_sql_stmt **slot,
                                       const char *what, const char *sql,
                                       struct bz_error *err);

/* Statuses: a failed step's (its message is in err already), a step
 * without the row expected, an allocation. */
enum bz_status store_sql_failed(struct bz_error *err);
enum bz_status store_sql_unexpected(enum bz_sql_step rc,
                                    struct bz_error *err);
enum bz_status store_sql_nomem(struct bz_error *err);

/* Binding: text (NULL binds NULL), text with "" as NULL, and an integer
 * with the value that means "unknown" as NULL. */
void store_sql_bind_text(struct bz_sql_stmt *st, int col, const char *s);
void store_sql_bind_optional(struct bz_sql_stmt *st, int col,
                             const char *s);
void store_sql_bind_known(struct bz_sql_stmt *st, int col, int64_t n,
                          int64_t unknown);

/* Running: st returning no rows; st's first column of its first row as an
 * integer (0 when no row). Both end the use of st. */
enum bz_status store_sql_exec(struct store_sql *s, struct bz_sql_stmt *st,
                              struct bz_error *err);
enum bz_status store_sql_int64(struct store_sql *s, struct bz_sql_stmt *st,
                               int64_t *value, struct bz_error *err);

/* A copy of column col in arena, NULL for SQL NULL; sets *nomem when the
 * arena is full. */
const char *store_sql_text(struct bz_arena *arena, struct bz_sql_stmt *st,
                           int col, int *nomem);

/* Reads the current row of st into item; sets *nomem when the arena is
 * full. */
typedef void store_sql_row_fn(struct bz_arena *arena, struct bz_sql_stmt *st,
                              void *item, int *nomem);

/* Runs st, bound by the caller, and reads every row with read into an
 * array of items of size bytes in arena: *out (NULL when empty) and
 * *count, which are NULL and 0 when it fails. Ends the use of st. A NULL
 * st (its prepare failed and filled err) answers BZ_STORE: a caller
 * prepares, binds (a no-op on NULL) and collects, with no check between. */
enum bz_status store_sql_collect(struct store_sql *s, struct bz_sql_stmt *st,
                                 struct bz_arena *arena, size_t size,
                                 store_sql_row_fn *read, void **out,
                                 size_t *count, struct bz_error *err);

/* Row readers other files share (store_sql.c): a struct bz_work_ref from
 * id, title, slug, year (0 unknown); a struct bz_institution_ref from id,
 * display_name, country_code; a struct bz_external_id from scheme, value,
 * source; a struct bz_topic_ref from id, display_name, scheme,
 * external_id, works. */
store_sql_row_fn store_sql_read_work_ref;
store_sql_row_fn store_sql_read_institution;
store_sql_row_fn store_sql_read_id;
store_sql_row_fn store_sql_read_topic;

/* The resolver's block key of a display name ("s ganguli"), "" when the
 * name does not parse, in arena; NULL when the arena is full. */
const char *store_sql_block_key(struct bz_arena *arena, const char *name);

/* 1 when s is NULL or only white space. */
int store_sql_blank(const char *s);

/* Runs write on record all or nothing, in a savepoint of its own, inside
 * the open transaction or one of its own; tally (NULL: not wanted) gains
 * what it did only when it succeeded. */
typedef enum bz_status store_sql_write_fn(struct store_sql *s,
                                          const void *record,
                                          struct bz_import_tally *tally,
                                          struct bz_error *err);
enum bz_status store_sql_write(struct store_sql *s, store_sql_write_fn *write,
                               const void *record,
                               struct bz_import_tally *tally,
                               struct bz_error *err);

/* store_sql.c: the works ids[0..count) into out[], as works_page reads
 * them (ids and authorships filled); BZ_NOT_FOUND when one is missing. */
enum bz_status store_sql_works_read(struct store_sql *s,
                                   struct bz_arena *arena,
                                   const int64_t *ids, size_t count,
                                   struct bz_work *out, struct bz_error *err);

/* store_sql_accounts.c: the account operations of store.h. */
enum bz_status store_sql_account_create(struct bz_store *store,
                                        const char *email,
                                        const char *password_hash,
                                        const char *role, int64_t *id,
                                        struct bz_error *err);
enum bz_status store_sql_account_get(struct bz_store *store,
                                     struct bz_arena *arena, int64_t id,
                                     struct bz_account *out,
                                     struct bz_error *err);
enum bz_status store_sql_account_find(struct bz_store *store,
                                      struct bz_arena *arena,
                                      const char *email,
                                      struct bz_account *out,
                                      struct bz_error *err);
enum bz_status store_sql_account_set_password(struct bz_store *store,
                                              int64_t id, const char *hash,
                                              const char *keep_session,
                                              struct bz_error *err);
enum bz_status store_sql_account_verify_email(struct bz_store *store,
                                              int64_t id, const char *email,
                                              struct bz_error *err);
enum bz_status store_sql_account_set_pending_email(struct bz_store *store,
                                                   int64_t id,
                                                   const char *email,
                                                   struct bz_error *err);
enum bz_status store_sql_account_set_role(struct bz_store *store, int64_t id,
                                          const char *role,
                                          struct bz_error *err);
enum bz_status store_sql_account_delete(struct bz_store *store, int64_t id,
                                        struct bz_error *err);
enum bz_status store_sql_session_create(struct bz_store *store,
                                        const char *token_hash,
                                        int64_t account_id, int64_t now,
                                        int64_t expires_at,
                                        struct bz_error *err);
enum bz_status store_sql_session_account(struct bz_store *store,
                                         const char *token_hash, int64_t now,
                                         int64_t *account_id,
                                         struct bz_error *err);
enum bz_status store_sql_session_delete(struct bz_store *store,
                                        const char *token_hash,
                                        int64_t account_id,
                                        struct bz_error *err);
enum bz_status store_sql_api_token_create(struct bz_store *store,
                                          int64_t account_id,
                                          const char *name,
                                          const char *token_hash, int64_t now,
                                          int64_t *id, struct bz_error *err);
enum bz_status store_sql_api_token_list(struct bz_store *store,
                                        struct bz_arena *arena,
                                        int64_t account_id,
                                        struct bz_api_token **out,
                                        size_t *count, struct bz_error *err);
enum bz_status store_sql_api_token_revoke(struct bz_store *store,
                                          int64_t account_id, int64_t id,
                                          int64_t now, struct bz_error *err);
enum bz_status store_sql_api_token_account(struct bz_store *store,
                                           const char *token_hash,
                                           int64_t now, int64_t *account_id,
                                           struct bz_error *err);
enum bz_status store_sql_throttle_hit(struct bz_store *store, const char *key,
                                      int64_t now, int64_t window,
                                      long *count, struct bz_error *err);
enum bz_status store_sql_throttle_clear(struct bz_store *store,
                                        const char *key, struct bz_error *err);
enum bz_status store_sql_setting_get(struct bz_store *store,
                                     struct bz_arena *arena,
                                     const char *name, const char **value,
                                     struct bz_error *err);
enum bz_status store_sql_setting_init(struct bz_store *store,
                                      struct bz_arena *arena,
                                      const char *name, const char *value,
                                      const char **out, struct bz_error *err);

enum bz_status store_sql_mail_enqueue(struct bz_store *store,
                                      const char *recipient,
                                      const char *subject, const char *body,
                                      int64_t now, struct bz_error *err);
enum bz_status store_sql_mail_claim(struct bz_store *store,
                                    struct bz_arena *arena, int64_t now,
                                    int64_t lease, struct bz_outbox_mail *out,
                                    struct bz_error *err);
enum bz_status store_sql_mail_done(struct bz_store *store, int64_t id,
                                   const char *error, int64_t now,
                                   int64_t retry_at, struct bz_error *err);

/* Finalises store_sql_accounts.c's statements (store_sql.c's close). */
void store_sql_accounts_close(struct store_sql *s);

/* store_sql_claims.c: the claim operations of store.h. */
enum bz_status store_sql_researcher_lock(struct bz_store *store, int64_t id,
                                         int *claim_level,
                                         int64_t *merged_into,
                                         struct bz_error *err);
enum bz_status store_sql_claim_insert(struct bz_store *store,
                                      const struct bz_claim *claim,
                                      int64_t *id, struct bz_error *err);
enum bz_status store_sql_claim_update(struct bz_store *store,
                                      const struct bz_claim *claim,
                                      struct bz_error *err);
enum bz_status store_sql_claim_get(struct bz_store *store,
                                   struct bz_arena *arena, int64_t id,
                                   struct bz_claim *out,
                                   struct bz_error *err);
enum bz_status store_sql_claim_list(struct bz_store *store,
                                    struct bz_arena *arena,
                                    const struct bz_claim_filter *filter,
                                    int64_t after, int limit,
                                    struct bz_claim **out, size_t *count,
                                    int *more, struct bz_error *err);
enum bz_status store_sql_claim_set_owner(struct bz_store *store, int64_t id,
                                         int64_t account_id, int level,
                                         struct bz_error *err);
enum bz_status store_sql_researcher_emails(struct bz_store *store,
                                           struct bz_arena *arena,
                                           int64_t id, const char ***out,
                                           size_t *count,
                                           struct bz_error *err);
enum bz_status store_sql_researcher_homepages(struct bz_store *store,
                                              struct bz_arena *arena,
                                              int64_t id, const char ***out,
                                              size_t *count,
                                              struct bz_error *err);

/* Keeps the email addresses of a people source's record r for
 * researcher id (import_researcher's step); *gained counts those new. */
enum bz_status store_sql_claims_keep_emails(
    struct store_sql *s, int64_t id, const struct bz_researcher_record *r,
    long *gained, struct bz_error *err);

/* Finalises store_sql_claims.c's statements (store_sql.c's close). */
void store_sql_claims_close(struct store_sql *s);

/* store_sql_owner.c: what owners edit, and opt-outs (store.h). */
enum bz_status store_sql_researcher_edit(struct bz_store *store, int64_t id,
                                         const struct bz_researcher_edit *e,
                                         struct bz_error *err);
enum bz_status store_sql_researcher_names(struct bz_store *store,
                                          struct bz_arena *arena, int64_t id,
                                          struct bz_researcher_name **out,
                                          size_t *count,
                                          struct bz_error *err);
enum bz_status store_sql_researcher_name_hide(struct bz_store *store,
                                              int64_t id, const char *name,
                                              int hidden,
                                              struct bz_error *err);
enum bz_status store_sql_researcher_work_flags(struct bz_store *store,
                                               struct bz_arena *arena,
                                               int64_t id,
                                               struct bz_work_flag **out,
                                               size_t *count,
                                               struct bz_error *err);
enum bz_status store_sql_researcher_work_flag(struct bz_store *store,
                                              int64_t id,
                                              const struct bz_work_flag *f,
                                              struct bz_error *err);
enum bz_status store_sql_researcher_hide(struct bz_store *store, int64_t id,
                                         int64_t at, struct bz_error *err);
enum bz_status store_sql_opt_out_insert(struct bz_store *store,
                                        const struct bz_opt_out *o,
                                        int64_t *id, struct bz_error *err);
enum bz_status store_sql_opt_out_get(struct bz_store *store,
                                     struct bz_arena *arena, int64_t id,
                                     struct bz_opt_out *out,
                                     struct bz_error *err);
enum bz_status store_sql_opt_out_list(struct bz_store *store,
                                      struct bz_arena *arena,
                                      const char *state, int limit,
                                      struct bz_opt_out **out, size_t *count,
                                      struct bz_error *err);
enum bz_status store_sql_opt_out_update(struct bz_store *store,
                                        const struct bz_opt_out *o,
                                        struct bz_error *err);

/* store_sql_graph.c: the research graph's rows (store.h). */
enum bz_status store_sql_graph_rows(struct bz_store *store,
                                    struct bz_arena *arena,
                                    enum bz_graph_query query, int64_t id,
                                    int limit, struct bz_graph_row **out,
                                    size_t *count, struct bz_error *err);

/* Finalises store_sql_graph.c's statements (store_sql.c's close). */
void store_sql_graph_close(struct store_sql *s);

/* The opt-outs of account id lose it (account_delete's step). */
enum bz_status store_sql_owner_forget_account(struct store_sql *s, int64_t id,
                                              struct bz_error *err);

/* Finalises store_sql_owner.c's statements (store_sql.c's close). */
void store_sql_owner_close(struct store_sql *s);

/* store_sql_follow.c: follows, and the feeds they make (store.h). */
enum bz_status store_sql_follow_set(struct bz_store *store,
                                    int64_t account_id, int64_t id, int on,
                                    int *changed, struct bz_error *err);
enum bz_status store_sql_follow_get(struct bz_store *store,
                                    int64_t account_id, int64_t id,
                                    int *following, struct bz_error *err);

enum bz_status store_sql_account_following(struct bz_store *store,
                                           struct bz_arena *arena,
                                           int64_t account_id, int64_t after,
                                           int limit,
                                           struct bz_researcher **out,
                                           size_t *count, int *more,
                                           struct bz_error *err);
enum bz_status store_sql_account_feed(struct bz_store *store,
                                      struct bz_arena *arena,
                                      int64_t account_id, int64_t before,
                                      int64_t after, int limit,
                                      struct bz_feed_entry **out,
                                      size_t *count, int *more,
                                      struct bz_error *err);
enum bz_status store_sql_researcher_feed(struct bz_store *store,
                                         struct bz_arena *arena, int64_t id,
                                         int64_t before, int64_t after,
                                         int limit,
                                         struct bz_feed_entry **out,
                                         size_t *count, int *more,
                                         struct bz_error *err);

enum bz_status store_sql_digest_set(struct bz_store *store,
                                    int64_t account_id, int on, int64_t now,
                                    struct bz_error *err);
enum bz_status store_sql_digest_get(struct bz_store *store,
                                    int64_t account_id, int *on,
                                    struct bz_error *err);
enum bz_status store_sql_digest_due(struct bz_store *store,
                                    struct bz_arena *arena, int64_t due,
                                    int64_t after, int limit,
                                    struct bz_digest_account **out,
                                    size_t *count, struct bz_error *err);
enum bz_status store_sql_digest_claim(struct bz_store *store,
                                      const struct bz_digest_account *a,
                                      int64_t now, int64_t work_id,
                                      int *claimed, struct bz_error *err);

/* Finalises store_sql_follow.c's statements (store_sql.c's close). */
void store_sql_follow_close(struct store_sql *s);
/* store_sql_collaboration.c: invitations, conversations, blocks and
 * reports (store.h). */
enum bz_status store_sql_researcher_owner(struct bz_store *store, int64_t id,
                                          int64_t *account_id,
                                          struct bz_error *err);
enum bz_status store_sql_topic_name(struct bz_store *store,
                                    struct bz_arena *arena, int64_t id,
                                    const char **name, struct bz_error *err);
enum bz_status store_sql_invitation_insert(struct bz_store *store,
                                           const struct bz_invitation *inv,
                                           int64_t *id, struct bz_error *err);
enum bz_status store_sql_invitation_count_since(struct bz_store *store,
                                                int64_t sender_id,
                                                int64_t since, long *count,
                                                struct bz_error *err);
enum bz_status store_sql_invitation_get(struct bz_store *store,
                                        struct bz_arena *arena, int64_t id,
                                        int64_t reader,
                                        struct bz_invitation *out,
                                        struct bz_error *err);
enum bz_status store_sql_invitation_list(struct bz_store *store,
                                         struct bz_arena *arena,
                                         int64_t account_id, const char *which,
                                         int limit, struct bz_invitation **out,
                                         size_t *count, struct bz_error *err);
enum bz_status store_sql_invitation_set_state(struct bz_store *store,
                                              int64_t id, const char *from,
                                              const char *to, int64_t now,
                                              struct bz_error *err);
enum bz_status store_sql_invitation_decline_from(struct bz_store *store,
                                                 int64_t recipient_id,
                                                 int64_t sender_id,
                                                 int64_t now,
                                                 struct bz_error *err);
enum bz_status store_sql_message_insert(struct bz_store *store,
                                        int64_t invitation_id,
                                        int64_t author_id, const char *body,
                                        int64_t now, int64_t *id,
                                        struct bz_error *err);
enum bz_status store_sql_message_list(struct bz_store *store,
                                      struct bz_arena *arena,
                                      int64_t invitation_id, int limit,
                                      struct bz_message **out, size_t *count,
                                      struct bz_error *err);
enum bz_status store_sql_conversation_mark_read(struct bz_store *store,
                                                int64_t invitation_id,
                                                int64_t account_id,
                                                int64_t message_id,
                                                struct bz_error *err);
enum bz_status store_sql_unread_total(struct bz_store *store,
                                      int64_t account_id, long *count,
                                      struct bz_error *err);
enum bz_status store_sql_block_set(struct bz_store *store, int64_t blocker_id,
                                   int64_t blocked_id, int on, int64_t now,
                                   struct bz_error *err);
enum bz_status store_sql_block_exists(struct bz_store *store,
                                      int64_t blocker_id, int64_t blocked_id,
                                      int *blocked, struct bz_error *err);
enum bz_status store_sql_block_list(struct bz_store *store,
                                    struct bz_arena *arena, int64_t blocker_id,
                                    struct bz_block **out, size_t *count,
                                    struct bz_error *err);
enum bz_status store_sql_report_insert(struct bz_store *store,
                                       int64_t invitation_id,
                                       int64_t reporter_id, const char *reason,
                                       int64_t now, int64_t *id,
                                       struct bz_error *err);
enum bz_status store_sql_report_list(struct bz_store *store,
                                     struct bz_arena *arena, int limit,
                                     struct bz_abuse_report **out,
                                     size_t *count, struct bz_error *err);

/* Account id leaves its invitations, messages and reports; its pending
 * invitations end; its read marks and blocks go (account_delete's
 * step). */
enum bz_status store_sql_collaboration_forget_account(struct store_sql *s,
                                                      int64_t id,
                                                      struct bz_error *err);

/* Finalises store_sql_collaboration.c's statements (store_sql.c's
 * close). */
void store_sql_collaboration_close(struct store_sql *s);

/* store_sql_coi.c: conflicts of interest and suggestions (store.h). */
enum bz_status store_sql_researcher_shared_works(struct bz_store *store,
                                                 struct bz_arena *arena,
                                                 int64_t a, int64_t b,
                                                 struct bz_work_ref **out,
                                                 size_t *count,
                                                 struct bz_error *err);
enum bz_status store_sql_researcher_current_institutions(
    struct bz_store *store, struct bz_arena *arena, int64_t id,
    struct bz_institution_ref **out, size_t *count, struct bz_error *err);

enum bz_status store_sql_researcher_suggestion_candidates(
    struct bz_store *store, struct bz_arena *arena, int64_t id,
    int coauthor_weight, int topic_weight, int limit,
    struct bz_suggestion_candidate **out, size_t *count,
    struct bz_error *err);

/* Finalises store_sql_coi.c's statements (store_sql.c's close). */
void store_sql_coi_close(struct store_sql *s);
/* store_sql_identity.c: the name resolution operations of store.h. */
enum bz_status store_sql_identity_pending(struct bz_store *store,
                                          struct bz_arena *arena,
                                          int64_t after, size_t limit,
                                          struct bz_identity_pending **out,
                                          size_t *count,
                                          struct bz_error *err);
enum bz_status store_sql_identity_block(
    struct bz_store *store, struct bz_arena *arena,
    const char *const *block_keys, size_t key_count, size_t max_mentions,
    struct bz_identity_record **records, size_t *record_count,
    struct bz_identity_mention **mentions, size_t *mention_count,
    struct bz_error *err);
enum bz_status store_sql_identity_prepare(struct bz_store *store,
                                          struct bz_arena *arena,
                                          struct bz_error *err);
enum bz_status store_sql_identity_checked(struct bz_store *store,
                                          int64_t after, int64_t through,
                                          struct bz_error *err);
enum bz_status store_sql_identity_mark(struct bz_store *store, int64_t *mark,
                                       struct bz_error *err);
enum bz_status store_sql_identity_touch(struct bz_store *store, int64_t mark,
                                        struct bz_error *err);
enum bz_status store_sql_identity_recheck(struct bz_store *store,
                                          struct bz_error *err);
void store_sql_identity_close(struct store_sql *s);

/* store_sql_reactions.c: what accounts say about works (store.h). */
enum bz_status store_sql_work_signals(struct bz_store *store,
                                      struct bz_arena *arena, int64_t work_id,
                                      int64_t account_id,
                                      struct bz_work_signals *out,
                                      struct bz_error *err);
enum bz_status store_sql_work_react(struct bz_store *store, int64_t work_id,
                                    int64_t account_id, const char *kind,
                                    int64_t now, struct bz_error *err);
enum bz_status store_sql_collection_create(struct bz_store *store,
                                           int64_t account_id,
                                           const char *name, int64_t now,
                                           int64_t *id, struct bz_error *err);
enum bz_status store_sql_collection_rename(struct bz_store *store,
                                           int64_t account_id, int64_t id,
                                           const char *name,
                                           struct bz_error *err);
enum bz_status store_sql_collection_delete(struct bz_store *store,
                                           int64_t account_id, int64_t id,
                                           struct bz_error *err);
enum bz_status store_sql_collection_list(struct bz_store *store,
                                         struct bz_arena *arena,
                                         int64_t account_id, int64_t work_id,
                                         struct bz_collection **out,
                                         size_t *count, struct bz_error *err);
enum bz_status store_sql_collection_get(struct bz_store *store,
                                        struct bz_arena *arena,
                                        int64_t account_id, int64_t id,
                                        struct bz_collection *out,
                                        struct bz_work_ref **works,
                                        size_t *work_count,
                                        struct bz_error *err);
enum bz_status store_sql_collection_item_set(struct bz_store *store,
                                             int64_t account_id, int64_t id,
                                             int64_t work_id, int in,
                                             int64_t now,
                                             struct bz_error *err);
enum bz_status store_sql_review_insert(struct bz_store *store,
                                       const struct bz_review *review,
                                       int64_t now, int64_t *id,
                                       struct bz_error *err);
enum bz_status store_sql_review_update(struct bz_store *store,
                                       const struct bz_review *review,
                                       int64_t now, struct bz_error *err);
enum bz_status store_sql_review_get(struct bz_store *store,
                                    struct bz_arena *arena, int64_t id,
                                    struct bz_review *out,
                                    struct bz_error *err);
enum bz_status store_sql_review_list(struct bz_store *store,
                                     struct bz_arena *arena, int64_t work_id,
                                     struct bz_review **out, size_t *count,
                                     struct bz_error *err);
enum bz_status store_sql_review_report_insert(struct bz_store *store,
                                              int64_t review_id,
                                              int64_t account_id,
                                              const char *reason, int64_t now,
                                              int64_t *id,
                                              struct bz_error *err);
enum bz_status store_sql_review_report_list(struct bz_store *store,
                                            struct bz_arena *arena,
                                            const char *state, int limit,
                                            struct bz_review_report **out,
                                            size_t *count,
                                            struct bz_error *err);
enum bz_status
store_sql_review_report_decide(struct bz_store *store, int64_t id,
                               enum bz_review_decision decision,
                               int64_t moderator, int64_t now,
                               struct bz_error *err);
enum bz_status store_sql_work_link_insert(struct bz_store *store,
                                          const struct bz_work_link *link,
                                          int64_t *id, struct bz_error *err);
enum bz_status store_sql_work_link_list(struct bz_store *store,
                                        struct bz_arena *arena,
                                        int64_t work_id,
                                        struct bz_work_link **out,
                                        size_t *count, struct bz_error *err);
enum bz_status store_sql_work_link_delete(struct bz_store *store,
                                          int64_t work_id, int64_t id,
                                          struct bz_error *err);
enum bz_status store_sql_account_reactions(struct bz_store *store,
                                           struct bz_arena *arena,
                                           int64_t account_id,
                                           struct bz_work_reaction **out,
                                           size_t *count,
                                           struct bz_error *err);
enum bz_status store_sql_account_reviews(struct bz_store *store,
                                         struct bz_arena *arena,
                                         int64_t account_id,
                                         struct bz_review **out,
                                         size_t *count, struct bz_error *err);

/* Account id's reactions and collections go; its reviews, reports and
 * links lose it (account_delete's step). */
enum bz_status store_sql_reactions_forget_account(struct store_sql *s,
                                                  int64_t id,
                                                  struct bz_error *err);

/* Finalises store_sql_reactions.c's statements (store_sql.c's close). */
void store_sql_reactions_close(struct store_sql *s);

/* store_sql_topics.c: the topic and institution pages (store.h). */
enum bz_status store_sql_topic_get(struct bz_store *store,
                                   struct bz_arena *arena, int64_t id,
                                   struct bz_topic *out,
                                   struct bz_error *err);
enum bz_status store_sql_topic_find(struct bz_store *store,
                                    const char *scheme, const char *value,
                                    int64_t *id, struct bz_error *err);
enum bz_status store_sql_topic_works(struct bz_store *store,
                                     struct bz_arena *arena, int64_t id,
                                     long offset, int limit,
                                     struct bz_work_ref **out, size_t *count,
                                     int *more, struct bz_error *err);
enum bz_status store_sql_topic_researchers(struct bz_store *store,
                                           struct bz_arena *arena, int64_t id,
                                           int limit,
                                           struct bz_researcher_count **out,
                                           size_t *count,
                                           struct bz_error *err);
enum bz_status store_sql_institution_get(struct bz_store *store,
                                         struct bz_arena *arena, int64_t id,
                                         struct bz_institution *out,
                                         struct bz_error *err);
enum bz_status store_sql_institution_find(struct bz_store *store,
                                          const char *scheme,
                                          const char *value, int64_t *id,
                                          struct bz_error *err);
enum bz_status store_sql_institution_works(
    struct bz_store *store, struct bz_arena *arena, int64_t id, long offset,
    int limit, struct bz_work_ref **out, size_t *count, int *more,
    struct bz_error *err);
enum bz_status store_sql_institution_researchers(
    struct bz_store *store, struct bz_arena *arena, int64_t id, int limit,
    struct bz_researcher_count **out, size_t *count, struct bz_error *err);

/* Finalises store_sql_topics.c's statements (store_sql.c's close). */
void store_sql_topics_close(struct store_sql *s);

#endif
