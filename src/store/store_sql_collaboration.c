/* store_sql_collaboration.c - invitations, the conversations they become,
 * read marks, blocks and abuse reports, over the SQL store
 * (store_sql_internal.h).
 *
 * Only rows live here; who may read or write what is collaboration.c's.
 * The schema's partial unique index (migration 9) is the last word on
 * "one pending invitation per sender and recipient", whatever two servers
 * do at once.
 */
#include "store/store_sql_internal.h"

#include <string.h>

enum collab_stmt_id {
    COLLAB_OWNER,
    COLLAB_TOPIC,
    INVITATION_INSERT,
    INVITATION_COUNT,
    INVITATION_GET,
    INVITATION_LIST,
    INVITATION_SET_STATE,
    INVITATION_EXISTS,
    INVITATION_DECLINE_FROM,
    MESSAGE_INSERT,
    MESSAGE_LIST,
    READ_MARK,
    UNREAD_TOTAL,
    BLOCK_ON,
    BLOCK_OFF,
    BLOCK_EXISTS,
    BLOCK_LIST,
    REPORT_INSERT,
    REPORT_LIST,
    FORGET_READS,
    FORGET_BLOCKS,
    FORGET_SENT,
    FORGET_RECEIVED,
    FORGET_SENDER,
    FORGET_RECIPIENT,
    FORGET_AUTHOR,
    FORGET_REPORTER,
    COLLAB_STMT_COUNT
};

_Static_assert(COLLAB_STMT_COUNT <= STORE_SQL_COLLAB_STMTS,
               "store_sql_internal.h gives too few collaboration slots");

/* The other party's messages of invitation i that account ?1 has not
 * read. */
#define COLLAB_UNREAD                                                          \
    "(SELECT COUNT(*) FROM conversation_message m "                            \
    "WHERE m.invitation_id = i.id AND COALESCE(m.author_id, 0) <> ?1 "         \
    "AND m.id > COALESCE((SELECT c.last_read_id FROM conversation_read c "     \
    "WHERE c.invitation_id = i.id AND c.account_id = ?1), 0))"

/* The columns invitation_read() reads, in its order; ?1 is the reader. */
#define INVITATION_COLUMNS                                                     \
    "SELECT i.id, COALESCE(i.sender_id, 0), sa.email, "                        \
    "COALESCE(sa.owns_researcher_id, 0), sr.display_name, "                    \
    "COALESCE(i.recipient_id, 0), ra.email, i.researcher_id, "                 \
    "r.display_name, COALESCE(i.topic_id, 0), t.display_name, i.subject, "     \
    "i.message, i.state, i.created_at, COALESCE(i.decided_at, 0), "            \
    "COALESCE((SELECT MAX(m.created_at) FROM conversation_message m "          \
    "WHERE m.invitation_id = i.id), 0), " COLLAB_UNREAD ", "                   \
    "CASE WHEN EXISTS (SELECT 1 FROM abuse_report p "                          \
    "WHERE p.invitation_id = i.id) THEN 1 ELSE 0 END "                         \
    "FROM invitation i JOIN researcher r ON r.id = i.researcher_id "           \
    "LEFT JOIN account sa ON sa.id = i.sender_id "                             \
    "LEFT JOIN researcher sr ON sr.id = sa.owns_researcher_id "                \
    "LEFT JOIN account ra ON ra.id = i.recipient_id "                          \
    "LEFT JOIN topic t ON t.id = i.topic_id "

static const struct {
    const char *name;
    const char *sql;
} collab_sql[COLLAB_STMT_COUNT] = {
    [COLLAB_OWNER] = {"find record owner",
                      "SELECT COALESCE(MIN(id), 0) FROM account "
                      "WHERE owns_researcher_id = ?1"},
    [COLLAB_TOPIC] = {"read topic name",
                      "SELECT display_name FROM topic WHERE id = ?1"},
    /* no row back: the sender has one pending to the recipient */
    [INVITATION_INSERT] = {"insert invitation",
                           "INSERT INTO invitation (sender_id, recipient_id, "
                           "researcher_id, topic_id, subject, message, state, "
                           "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
                           "'pending', ?7) ON CONFLICT DO NOTHING "
                           "RETURNING id"},
    [INVITATION_COUNT] = {"count invitations",
                          "SELECT COUNT(*) FROM invitation "
                          "WHERE sender_id = ?1 AND created_at >= ?2"},
    [INVITATION_GET] = {"read invitation",
                        INVITATION_COLUMNS "WHERE i.id = ?2"},
    [INVITATION_LIST] = {"read invitations",
                         INVITATION_COLUMNS
                         "WHERE (?2 = 'received' AND i.recipient_id = ?1) "
                         "OR (?2 = 'sent' AND i.sender_id = ?1) "
                         "OR (?2 = 'conversations' AND i.state = 'accepted' "
                         "AND (i.sender_id = ?1 OR i.recipient_id = ?1)) "
                         "ORDER BY i.id DESC LIMIT ?3"},
    [INVITATION_SET_STATE] = {"update invitation",
                              "UPDATE invitation SET state = ?3, "
                              "decided_at = ?4 WHERE id = ?1 AND state = ?2"},
    [INVITATION_EXISTS] = {"find invitation",
                           "SELECT EXISTS (SELECT 1 FROM invitation "
                           "WHERE id = ?1)"},
    [INVITATION_DECLINE_FROM] = {"decline invitations",
                                 "UPDATE invitation SET state = 'declined', "
                                 "decided_at = ?3 WHERE recipient_id = ?1 "
                                 "AND sender_id = ?2 AND state = 'pending'"},
    [MESSAGE_INSERT] = {"insert message",
                        "INSERT INTO conversation_message (invitation_id, "
                        "author_id, body, created_at) VALUES (?1, ?2, ?3, "
                        "?4) RETURNING id"},
    [MESSAGE_LIST] = {"read messages",
                      "SELECT id, invitation_id, author_id, body, created_at "
                      "FROM (SELECT id, invitation_id, "
                      "COALESCE(author_id, 0) AS author_id, body, "
                      "created_at FROM conversation_message "
                      "WHERE invitation_id = ?1 ORDER BY id DESC LIMIT ?2) "
                      "AS newest ORDER BY id"},
    [READ_MARK] = {"mark conversation read",
                   "INSERT INTO conversation_read (invitation_id, "
                   "account_id, last_read_id) VALUES (?1, ?2, ?3) "
                   "ON CONFLICT (invitation_id, account_id) DO UPDATE "
                   "SET last_read_id = CASE WHEN excluded.last_read_id > "
                   "conversation_read.last_read_id THEN "
                   "excluded.last_read_id ELSE "
                   "conversation_read.last_read_id END"},
    [UNREAD_TOTAL] = {"count unread messages",
                      "SELECT CAST(COALESCE(SUM(" COLLAB_UNREAD "), 0) "
                      "AS BIGINT) "
                      "FROM invitation i WHERE i.state = 'accepted' "
                      "AND (i.sender_id = ?1 OR i.recipient_id = ?1)"},
    [BLOCK_ON] = {"block account",
                  "INSERT INTO account_block (blocker_id, blocked_id, "
                  "created_at) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING"},
    [BLOCK_OFF] = {"unblock account",
                   "DELETE FROM account_block WHERE blocker_id = ?1 "
                   "AND blocked_id = ?2"},
    [BLOCK_EXISTS] = {"find block",
                      "SELECT EXISTS (SELECT 1 FROM account_block "
                      "WHERE blocker_id = ?1 AND blocked_id = ?2)"},
    [BLOCK_LIST] = {"read blocks",
                    "SELECT b.blocked_id, a.email, r.display_name, "
                    "b.created_at FROM account_block b "
                    "JOIN account a ON a.id = b.blocked_id "
                    "LEFT JOIN researcher r ON r.id = a.owns_researcher_id "
                    "WHERE b.blocker_id = ?1 "
                    "ORDER BY b.created_at DESC, b.blocked_id"},
    [REPORT_INSERT] = {"insert abuse report",
                       "INSERT INTO abuse_report (invitation_id, "
                       "reporter_id, reason, created_at) VALUES (?1, ?2, ?3, "
                       "?4) RETURNING id"},
    [REPORT_LIST] = {"read abuse reports",
                     "SELECT p.id, p.invitation_id, "
                     "COALESCE(p.reporter_id, 0), a.email, i.subject, "
                     "p.reason, p.created_at FROM abuse_report p "
                     "JOIN invitation i ON i.id = p.invitation_id "
                     "LEFT JOIN account a ON a.id = p.reporter_id "
                     "ORDER BY p.id DESC LIMIT ?1"},
    [FORGET_READS] = {"forget read marks",
                      "DELETE FROM conversation_read WHERE account_id = ?1"},
    [FORGET_BLOCKS] = {"forget blocks",
                       "DELETE FROM account_block WHERE blocker_id = ?1 "
                       "OR blocked_id = ?1"},
    /* nobody is left to answer an invitation, or to be answered */
    [FORGET_SENT] = {"withdraw invitations",
                     "UPDATE invitation SET state = 'withdrawn', "
                     "decided_at = created_at WHERE sender_id = ?1 "
                     "AND state = 'pending'"},
    [FORGET_RECEIVED] = {"decline invitations",
                         "UPDATE invitation SET state = 'declined', "
                         "decided_at = created_at WHERE recipient_id = ?1 "
                         "AND state = 'pending'"},
    [FORGET_SENDER] = {"forget invitation sender",
                       "UPDATE invitation SET sender_id = NULL "
                       "WHERE sender_id = ?1"},
    [FORGET_RECIPIENT] = {"forget invitation recipient",
                          "UPDATE invitation SET recipient_id = NULL "
                          "WHERE recipient_id = ?1"},
    [FORGET_AUTHOR] = {"forget message author",
                       "UPDATE conversation_message SET author_id = NULL "
                       "WHERE author_id = ?1"},
    [FORGET_REPORTER] = {"forget reporter",
                         "UPDATE abuse_report SET reporter_id = NULL "
                         "WHERE reporter_id = ?1"},
};

static struct bz_sql_stmt *
collab_stmt(struct store_sql *s, enum collab_stmt_id id, struct bz_error *err)
{
    return store_sql_prepared(s, &s->collab_stmts[id], collab_sql[id].name,
                              collab_sql[id].sql, err);
}

void store_sql_collaboration_close(struct store_sql *s)
{
    for (size_t i = 0; i < COLLAB_STMT_COUNT; i++)
        bz_sql_finalize(s->collab_stmts[i]);
}

/* Runs statement id with ?1 = a and ?2 = b; *value is its first column
 * when value is not NULL. */
static enum bz_status collab_run(struct store_sql *s, enum collab_stmt_id id,
                                 int64_t a, int64_t b, int64_t *value,
                                 struct bz_error *err)
{
    struct bz_sql_stmt *st = collab_stmt(s, id, err);

    if (st == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, a);
    if (strstr(collab_sql[id].sql, "?2") != NULL)
        bz_sql_bind_int64(st, 2, b);
    if (value != NULL)
        return store_sql_int64(s, st, value, err);
    return store_sql_exec(s, st, err);
}

enum bz_status store_sql_researcher_owner(struct bz_store *store, int64_t id,
                                          int64_t *account_id,
                                          struct bz_error *err)
{
    *account_id = 0;
    return collab_run(store_sql_of(store), COLLAB_OWNER, id, 0, account_id,
                      err);
}

enum bz_status store_sql_topic_name(struct bz_store *store,
                                    struct bz_arena *arena, int64_t id,
                                    const char **name, struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st = collab_stmt(s, COLLAB_TOPIC, err);
    enum bz_sql_step rc;
    int nomem = 0;

    *name = NULL;
    if (st == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, id);
    rc = bz_sql_step(st, err);
    if (rc == BZ_SQL_ROW)
        *name = store_sql_text(arena, st, 0, &nomem);
    bz_sql_reset(st);
    if (rc == BZ_SQL_FAILED)
        return store_sql_failed(err);
    if (nomem)
        return store_sql_nomem(err);
    if (*name == NULL)
        return bz_error_set(err, BZ_NOT_FOUND, "no topic 'T%lld'",
                            (long long)id);
    return BZ_OK;
}

/* --- invitations ---------------------------------------------------------- */

enum bz_status store_sql_invitation_insert(struct bz_store *store,
                                           const struct bz_invitation *inv,
                                           int64_t *id, struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st = collab_stmt(s, INVITATION_INSERT, err);
    enum bz_status status;

    *id = 0;
    if (st == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, inv->sender_id);
    bz_sql_bind_int64(st, 2, inv->recipient_id);
    bz_sql_bind_int64(st, 3, inv->researcher_id);
    store_sql_bind_known(st, 4, inv->topic_id, 0);
    store_sql_bind_text(st, 5, inv->subject);
    store_sql_bind_text(st, 6, inv->message);
    bz_sql_bind_int64(st, 7, inv->created_at);
    if ((status = store_sql_int64(s, st, id, err)) != BZ_OK)
        return status;
    if (*id == 0)
        return bz_error_set(err, BZ_CONFLICT,
                            "you have an invitation to this researcher "
                            "waiting for an answer already");
    return BZ_OK;
}

enum bz_status store_sql_invitation_count_since(struct bz_store *store,
                                                int64_t sender_id,
                                                int64_t since, long *count,
                                                struct bz_error *err)
{
    int64_t n = 0;
    enum bz_status status = collab_run(store_sql_of(store), INVITATION_COUNT,
                                       sender_id, since, &n, err);

    *count = (long)n;
    return status;
}

/* INVITATION_COLUMNS */
static void invitation_read(struct bz_arena *arena, struct bz_sql_stmt *st,
                            void *item, int *nomem)
{
    struct bz_invitation *i = item;

    i->id = bz_sql_column_int64(st, 0);
    i->sender_id = bz_sql_column_int64(st, 1);
    i->sender_email = store_sql_text(arena, st, 2, nomem);
    i->sender_record_id = bz_sql_column_int64(st, 3);
    i->sender_record_name = store_sql_text(arena, st, 4, nomem);
    i->recipient_id = bz_sql_column_int64(st, 5);
    i->recipient_email = store_sql_text(arena, st, 6, nomem);
    i->researcher_id = bz_sql_column_int64(st, 7);
    i->researcher_name = store_sql_text(arena, st, 8, nomem);
    i->topic_id = bz_sql_column_int64(st, 9);
    i->topic_name = store_sql_text(arena, st, 10, nomem);
    i->subject = store_sql_text(arena, st, 11, nomem);
    i->message = store_sql_text(arena, st, 12, nomem);
    i->state = store_sql_text(arena, st, 13, nomem);
    i->created_at = bz_sql_column_int64(st, 14);
    i->decided_at = bz_sql_column_int64(st, 15);
    i->last_message_at = bz_sql_column_int64(st, 16);
    i->unread = (long)bz_sql_column_int64(st, 17);
    i->reported = (int)bz_sql_column_int64(st, 18);
}

enum bz_status store_sql_invitation_get(struct bz_store *store,
                                        struct bz_arena *arena, int64_t id,
                                        int64_t reader,
                                        struct bz_invitation *out,
                                        struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st = collab_stmt(s, INVITATION_GET, err);
    void *items;
    size_t count;
    enum bz_status status;

    if (st == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, reader);
    bz_sql_bind_int64(st, 2, id);
    status = store_sql_collect(s, st, arena, sizeof(*out), invitation_read,
                               &items, &count, err);
    if (status != BZ_OK)
        return status;
    if (count == 0)
        return bz_error_set(err, BZ_NOT_FOUND, "no invitation %lld",
                            (long long)id);
    *out = *(struct bz_invitation *)items;
    return BZ_OK;
}

enum bz_status store_sql_invitation_list(struct bz_store *store,
                                         struct bz_arena *arena,
                                         int64_t account_id, const char *which,
                                         int limit, struct bz_invitation **out,
                                         size_t *count, struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st = collab_stmt(s, INVITATION_LIST, err);
    void *items = NULL;
    enum bz_status status;

    bz_sql_bind_int64(st, 1, account_id);
    store_sql_bind_text(st, 2, which);
    bz_sql_bind_int64(st, 3, limit);
    status = store_sql_collect(s, st, arena, sizeof(**out), invitation_read,
                               &items, count, err);
    *out = items;
    return status;
}

enum bz_status store_sql_invitation_set_state(struct bz_store *store,
                                              int64_t id, const char *from,
                                              const char *to, int64_t now,
                                              struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st = collab_stmt(s, INVITATION_SET_STATE, err);
    enum bz_status status;
    int64_t exists = 0;

    if (st == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, id);
    store_sql_bind_text(st, 2, from);
    store_sql_bind_text(st, 3, to);
    bz_sql_bind_int64(st, 4, now);
    if ((status = store_sql_exec(s, st, err)) != BZ_OK)
        return status;
    if (bz_sql_changes(st) > 0)
        return BZ_OK;
    if ((status = collab_run(s, INVITATION_EXISTS, id, 0, &exists, err)) !=
        BZ_OK)
        return status;
    if (!exists)
        return bz_error_set(err, BZ_NOT_FOUND, "no invitation %lld",
                            (long long)id);
    return bz_error_set(err, BZ_CONFLICT, "the invitation %lld is not %s",
                        (long long)id, from);
}

enum bz_status store_sql_invitation_decline_from(struct bz_store *store,
                                                 int64_t recipient_id,
                                                 int64_t sender_id,
                                                 int64_t now,
                                                 struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st = collab_stmt(s, INVITATION_DECLINE_FROM, err);

    if (st == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, recipient_id);
    bz_sql_bind_int64(st, 2, sender_id);
    bz_sql_bind_int64(st, 3, now);
    return store_sql_exec(s, st, err);
}

/* --- messages and read marks ---------------------------------------------- */

enum bz_status store_sql_message_insert(struct bz_store *store,
                                        int64_t invitation_id,
                                        int64_t author_id, const char *body,
                                        int64_t now, int64_t *id,
                                        struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st = collab_stmt(s, MESSAGE_INSERT, err);

    *id = 0;
    if (st == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, invitation_id);
    bz_sql_bind_int64(st, 2, author_id);
    store_sql_bind_text(st, 3, body);
    bz_sql_bind_int64(st, 4, now);
    return store_sql_int64(s, st, id, err);
}

/* MESSAGE_LIST: id, invitation_id, author_id, body, created_at */
static void message_read(struct bz_arena *arena, struct bz_sql_stmt *st,
                         void *item, int *nomem)
{
    struct bz_message *m = item;

    m->id = bz_sql_column_int64(st, 0);
    m->invitation_id = bz_sql_column_int64(st, 1);
    m->author_id = bz_sql_column_int64(st, 2);
    m->body = store_sql_text(arena, st, 3, nomem);
    m->created_at = bz_sql_column_int64(st, 4);
}

enum bz_status store_sql_message_list(struct bz_store *store,
                                      struct bz_arena *arena,
                                      int64_t invitation_id, int limit,
                                      struct bz_message **out, size_t *count,
                                      struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st = collab_stmt(s, MESSAGE_LIST, err);
    void *items = NULL;
    enum bz_status status;

    bz_sql_bind_int64(st, 1, invitation_id);
    bz_sql_bind_int64(st, 2, limit);
    status = store_sql_collect(s, st, arena, sizeof(**out), message_read,
                               &items, count, err);
    *out = items;
    return status;
}

enum bz_status store_sql_conversation_mark_read(struct bz_store *store,
                                                int64_t invitation_id,
                                                int64_t account_id,
                                                int64_t message_id,
                                                struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st = collab_stmt(s, READ_MARK, err);

    if (st == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, invitation_id);
    bz_sql_bind_int64(st, 2, account_id);
    bz_sql_bind_int64(st, 3, message_id);
    return store_sql_exec(s, st, err);
}

enum bz_status store_sql_unread_total(struct bz_store *store,
                                      int64_t account_id, long *count,
                                      struct bz_error *err)
{
    int64_t n = 0;
    enum bz_status status = collab_run(store_sql_of(store), UNREAD_TOTAL,
                                       account_id, 0, &n, err);

    *count = (long)n;
    return status;
}

/* --- blocks and reports --------------------------------------------------- */

enum bz_status store_sql_block_set(struct bz_store *store, int64_t blocker_id,
                                   int64_t blocked_id, int on, int64_t now,
                                   struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st = collab_stmt(s, on ? BLOCK_ON : BLOCK_OFF, err);

    if (st == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, blocker_id);
    bz_sql_bind_int64(st, 2, blocked_id);
    if (on)
        bz_sql_bind_int64(st, 3, now);
    return store_sql_exec(s, st, err);
}

enum bz_status store_sql_block_exists(struct bz_store *store,
                                      int64_t blocker_id, int64_t blocked_id,
                                      int *blocked, struct bz_error *err)
{
    int64_t found = 0;
    enum bz_status status = collab_run(store_sql_of(store), BLOCK_EXISTS,
                                       blocker_id, blocked_id, &found, err);

    *blocked = found != 0;
    return status;
}

/* BLOCK_LIST: blocked_id, email, record name, created_at */
static void block_read(struct bz_arena *arena, struct bz_sql_stmt *st,
                       void *item, int *nomem)
{
    struct bz_block *b = item;

    b->blocked_id = bz_sql_column_int64(st, 0);
    b->blocked_email = store_sql_text(arena, st, 1, nomem);
    b->blocked_record_name = store_sql_text(arena, st, 2, nomem);
    b->created_at = bz_sql_column_int64(st, 3);
}

enum bz_status store_sql_block_list(struct bz_store *store,
                                    struct bz_arena *arena, int64_t blocker_id,
                                    struct bz_block **out, size_t *count,
                                    struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st = collab_stmt(s, BLOCK_LIST, err);
    void *items = NULL;
    enum bz_status status;

    bz_sql_bind_int64(st, 1, blocker_id);
    status = store_sql_collect(s, st, arena, sizeof(**out), block_read,
                               &items, count, err);
    *out = items;
    return status;
}

enum bz_status store_sql_report_insert(struct bz_store *store,
                                       int64_t invitation_id,
                                       int64_t reporter_id, const char *reason,
                                       int64_t now, int64_t *id,
                                       struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st = collab_stmt(s, REPORT_INSERT, err);

    *id = 0;
    if (st == NULL)
        return BZ_STORE;
    bz_sql_bind_int64(st, 1, invitation_id);
    bz_sql_bind_int64(st, 2, reporter_id);
    store_sql_bind_text(st, 3, reason);
    bz_sql_bind_int64(st, 4, now);
    return store_sql_int64(s, st, id, err);
}

/* REPORT_LIST: id, invitation_id, reporter_id, email, subject, reason,
 * created_at */
static void report_read(struct bz_arena *arena, struct bz_sql_stmt *st,
                        void *item, int *nomem)
{
    struct bz_abuse_report *p = item;

    p->id = bz_sql_column_int64(st, 0);
    p->invitation_id = bz_sql_column_int64(st, 1);
    p->reporter_id = bz_sql_column_int64(st, 2);
    p->reporter_email = store_sql_text(arena, st, 3, nomem);
    p->subject = store_sql_text(arena, st, 4, nomem);
    p->reason = store_sql_text(arena, st, 5, nomem);
    p->created_at = bz_sql_column_int64(st, 6);
}

enum bz_status store_sql_report_list(struct bz_store *store,
                                     struct bz_arena *arena, int limit,
                                     struct bz_abuse_report **out,
                                     size_t *count, struct bz_error *err)
{
    struct store_sql *s = store_sql_of(store);
    struct bz_sql_stmt *st = collab_stmt(s, REPORT_LIST, err);
    void *items = NULL;
    enum bz_status status;

    bz_sql_bind_int64(st, 1, limit);
    status = store_sql_collect(s, st, arena, sizeof(**out), report_read,
                               &items, count, err);
    *out = items;
    return status;
}

enum bz_status store_sql_collaboration_forget_account(struct store_sql *s,
                                                      int64_t id,
                                                      struct bz_error *err)
{
    static const enum collab_stmt_id steps[] = {
        FORGET_READS,     FORGET_BLOCKS, FORGET_SENT,   FORGET_RECEIVED,
        FORGET_SENDER,    FORGET_RECIPIENT, FORGET_AUTHOR, FORGET_REPORTER,
    };
    enum bz_status status;

    for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
        if ((status = collab_run(s, steps[i], id, 0, NULL, err)) != BZ_OK)
            return status;
    return BZ_OK;
}
