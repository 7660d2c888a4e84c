/* migrate.c - copies every table of one database into another, checked.
 *
 * The copy goes through the SQL connections of sql.h, so that either
 * engine can be source or target. A table is read in batches of
 * MIGRATE_BATCH rows in the order of its key, each batch starting after
 * the last key of the one before, so that neither side ever holds more
 * than a batch; each row read is hashed as it goes by and written with a
 * prepared INSERT. Once every table is copied, the target is read back the
 * same way and each table's count and checksum must match the source's.
 */
#include "store/migrate.h"

#include <inttypes.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>

#include "core/buf.h"
#include "store/sql.h"
#include "store/store.h"
#include "store/store_sql.h"

#define MIGRATE_BATCH 1000  /* rows a statement reads at most */
#define MIGRATE_COLUMNS 16  /* most columns of a table, with room to spare */
#define MIGRATE_KEYS 4      /* most columns of a key */
#define MIGRATE_URL_MAX 256 /* of a URL as messages show it */

#define MIGRATE_FNV_OFFSET UINT64_C(0xcbf29ce484222325)
#define MIGRATE_FNV_PRIME UINT64_C(0x100000001b3)

/* How a column is read and bound: its value type in the schema. */
enum migrate_type {
    MIGRATE_INTEGER,
    MIGRATE_REAL,
    MIGRATE_TEXT,
};

struct migrate_column {
    const char *name;
    enum migrate_type type;
};

struct migrate_table {
    const char *name;
    /* The first key_count columns order the rows and tell them apart:
     * the primary key, or for work_version its UNIQUE key. */
    int key_count;
    /* The id column that AUTOINCREMENT (SQLite) or an identity
     * (PostgreSQL) numbers, or NULL. */
    const char *identity;
    /* A column naming another row of the same table, or NULL: copied as
     * NULL, then set once the whole table is in (a parent may come after
     * its child in id order, and foreign keys are checked at once). */
    const char *parent;
    /* Only the rows this condition holds for, or NULL: for the pass that
     * sets parent. */
    const char *where;
    /* Up to the first without a name. "rowid" is SQLite's implicit rowid,
     * an explicit identity column in PostgreSQL. */
    struct migrate_column columns[MIGRATE_COLUMNS];
};

#define INTEGER MIGRATE_INTEGER
#define REAL MIGRATE_REAL
#define TEXT MIGRATE_TEXT

/* Every table the migrations create, parents before children, with every
 * column. This list must follow schema_sqlite.c (and schema_pg.c, which
 * has the same tables): a table or a column it lacks would not be copied,
 * so bz_migrate compares it with both databases' catalogues first and
 * refuses to run when they differ. */
static const struct migrate_table migrate_tables[] = {
    {"researcher",
     1,
     "id",
     "merged_into",
     NULL,
     {{"id", INTEGER},
      {"display_name", TEXT},
      {"name_key", TEXT},
      {"slug", TEXT},
      {"summary", TEXT},
      {"open_to_collaborate", INTEGER},
      {"claim_level", INTEGER},
      {"merged_into", INTEGER},
      {"created_at", TEXT},
      {"self_affiliation", TEXT},
      {"hidden_at", INTEGER},
      {"block_key", TEXT},
      {"identity_state", INTEGER}}},
    {"researcher_id",
     2,
     NULL,
     NULL,
     NULL,
     {{"scheme", TEXT},
      {"value", TEXT},
      {"researcher_id", INTEGER},
      {"source", TEXT}}},
    {"researcher_email",
     2,
     NULL,
     NULL,
     NULL,
     {{"researcher_id", INTEGER}, {"email", TEXT}, {"source", TEXT}}},
    {"researcher_name",
     2,
     NULL,
     NULL,
     NULL,
     {{"researcher_id", INTEGER},
      {"name", TEXT},
      {"name_key", TEXT},
      {"source", TEXT},
      {"hidden", INTEGER}}},
    {"institution",
     1,
     "id",
     NULL,
     NULL,
     {{"id", INTEGER},
      {"display_name", TEXT},
      {"country_code", TEXT},
      {"homepage", TEXT},
      {"created_at", TEXT}}},
    {"institution_id",
     2,
     NULL,
     NULL,
     NULL,
     {{"scheme", TEXT},
      {"value", TEXT},
      {"institution_id", INTEGER},
      {"source", TEXT}}},
    {"affiliation",
     3,
     NULL,
     NULL,
     NULL,
     {{"researcher_id", INTEGER},
      {"institution_id", INTEGER},
      {"source", TEXT},
      {"first_year", INTEGER},
      {"last_year", INTEGER},
      {"current", INTEGER},
      {"rowid", INTEGER}}},
    {"work",
     1,
     "id",
     NULL,
     NULL,
     {{"id", INTEGER},
      {"title", TEXT},
      {"slug", TEXT},
      {"abstract", TEXT},
      {"publication_year", INTEGER},
      {"type", TEXT},
      {"venue", TEXT},
      {"open_access", INTEGER},
      {"landing_url", TEXT},
      {"created_at", TEXT},
      {"title_key", TEXT},
      {"first_author_key", TEXT}}},
    {"work_id",
     2,
     NULL,
     NULL,
     NULL,
     {{"scheme", TEXT},
      {"value", TEXT},
      {"work_id", INTEGER},
      {"source", TEXT}}},
    {"work_version",
     3,
     NULL,
     NULL,
     NULL,
     {{"work_id", INTEGER},
      {"source", TEXT},
      {"source_record", TEXT},
      {"type", TEXT},
      {"venue", TEXT},
      {"publication_year", INTEGER},
      {"doi", TEXT},
      {"arxiv", TEXT},
      {"landing_url", TEXT},
      {"rowid", INTEGER}}},
    {"authorship",
     2,
     NULL,
     NULL,
     NULL,
     {{"work_id", INTEGER},
      {"position", INTEGER},
      {"researcher_id", INTEGER},
      {"raw_name", TEXT}}},
    {"authorship_institution",
     3,
     NULL,
     NULL,
     NULL,
     {{"work_id", INTEGER},
      {"position", INTEGER},
      {"institution_id", INTEGER},
      {"ordinal", INTEGER}}},
    {"topic",
     1,
     "id",
     "parent_id",
     NULL,
     {{"id", INTEGER},
      {"scheme", TEXT},
      {"external_id", TEXT},
      {"display_name", TEXT},
      {"level", TEXT},
      {"parent_id", INTEGER}}},
    {"work_topic",
     2,
     NULL,
     NULL,
     NULL,
     {{"work_id", INTEGER},
      {"topic_id", INTEGER},
      {"score", REAL},
      {"source", TEXT}}},
    {"venue",
     1,
     "id",
     NULL,
     NULL,
     {{"id", INTEGER},
      {"display_name", TEXT},
      {"type", TEXT},
      {"publisher", TEXT},
      {"created_at", TEXT}}},
    {"venue_id",
     2,
     NULL,
     NULL,
     NULL,
     {{"scheme", TEXT},
      {"value", TEXT},
      {"venue_id", INTEGER},
      {"source", TEXT}}},
    {"account",
     1,
     "id",
     NULL,
     NULL,
     {{"id", INTEGER},
      {"email", TEXT},
      {"email_verified", INTEGER},
      {"owns_researcher_id", INTEGER},
      {"created_at", TEXT},
      {"password_hash", TEXT},
      {"role", TEXT},
      {"pending_email", TEXT},
      {"digest", INTEGER},
      {"digest_sent_at", INTEGER},
      {"digest_work_id", INTEGER}}},
    {"follow",
     2,
     NULL,
     NULL,
     NULL,
     {{"account_id", INTEGER},
      {"researcher_id", INTEGER},
      {"created_at", TEXT}}},
    {"provenance",
     4,
     NULL,
     NULL,
     NULL,
     {{"entity", TEXT},
      {"entity_id", INTEGER},
      {"field", TEXT},
      {"source", TEXT},
      {"source_record", TEXT}}},
    {"id_alias",
     3,
     NULL,
     NULL,
     NULL,
     {{"kind", TEXT},
      {"scheme", TEXT},
      {"old_value", TEXT},
      {"new_value", TEXT}}},
    {"work_citation_count",
     2,
     NULL,
     NULL,
     NULL,
     {{"work_id", INTEGER}, {"source", TEXT}, {"count", INTEGER}}},
    {"work_reference",
     1,
     NULL,
     NULL,
     NULL,
     {{"work_id", INTEGER},
      {"reference_count", INTEGER},
      {"refs", TEXT}}},
    {"citation_pending", 1, NULL, NULL, NULL, {{"work_id", INTEGER}}},
    {"citation",
     3,
     NULL,
     NULL,
     NULL,
     {{"cited_scheme", TEXT},
      {"cited_value", TEXT},
      {"citing_work_id", INTEGER}}},
    {"audit_log",
     1,
     "id",
     NULL,
     NULL,
     {{"id", INTEGER},
      {"at", TEXT},
      {"actor", TEXT},
      {"action", TEXT},
      {"subject", TEXT},
      {"detail", TEXT},
      {"reason", TEXT}}},
    {"session",
     1,
     NULL,
     NULL,
     NULL,
     {{"token_hash", TEXT},
      {"account_id", INTEGER},
      {"created_at", INTEGER},
      {"expires_at", INTEGER}}},
    {"api_token",
     1,
     "id",
     NULL,
     NULL,
     {{"id", INTEGER},
      {"account_id", INTEGER},
      {"name", TEXT},
      {"token_hash", TEXT},
      {"created_at", INTEGER},
      {"last_used_at", INTEGER},
      {"revoked_at", INTEGER}}},
    {"throttle",
     1,
     NULL,
     NULL,
     NULL,
     {{"key", TEXT}, {"window_start", INTEGER}, {"count", INTEGER}}},
    {"setting", 1, NULL, NULL, NULL, {{"name", TEXT}, {"value", TEXT}}},
    {"claim",
     1,
     "id",
     NULL,
     NULL,
     {{"id", INTEGER},
      {"researcher_id", INTEGER},
      {"account_id", INTEGER},
      {"evidence", TEXT},
      {"evidence_detail", TEXT},
      {"note", TEXT},
      {"state", TEXT},
      {"level", INTEGER},
      {"reason", TEXT},
      {"created_at", INTEGER},
      {"decided_at", INTEGER},
      {"decided_by", INTEGER}}},
    {"mail_outbox",
     1,
     "id",
     NULL,
     NULL,
     {{"id", INTEGER},
      {"recipient", TEXT},
      {"subject", TEXT},
      {"body", TEXT},
      {"created_at", INTEGER},
      {"claimed_until", INTEGER},
      {"attempts", INTEGER},
      {"sent_at", INTEGER},
      {"last_error", TEXT}}},
    {"researcher_work_flag",
     2,
     NULL,
     NULL,
     NULL,
     {{"researcher_id", INTEGER},
      {"work_id", INTEGER},
      {"hidden", INTEGER},
      {"featured", INTEGER}}},
    {"opt_out",
     1,
     "id",
     NULL,
     NULL,
     {{"id", INTEGER},
      {"researcher_id", INTEGER},
      {"account_id", INTEGER},
      {"note", TEXT},
      {"state", TEXT},
      {"reason", TEXT},
      {"created_at", INTEGER},
      {"decided_at", INTEGER},
      {"decided_by", INTEGER}}},
    {"invitation",
     1,
     "id",
     NULL,
     NULL,
     {{"id", INTEGER},
      {"sender_id", INTEGER},
      {"recipient_id", INTEGER},
      {"researcher_id", INTEGER},
      {"topic_id", INTEGER},
      {"subject", TEXT},
      {"message", TEXT},
      {"state", TEXT},
      {"created_at", INTEGER},
      {"decided_at", INTEGER}}},
    {"conversation_message",
     1,
     "id",
     NULL,
     NULL,
     {{"id", INTEGER},
      {"invitation_id", INTEGER},
      {"author_id", INTEGER},
      {"body", TEXT},
      {"created_at", INTEGER}}},
    {"conversation_read",
     2,
     NULL,
     NULL,
     NULL,
     {{"invitation_id", INTEGER},
      {"account_id", INTEGER},
      {"last_read_id", INTEGER}}},
    {"account_block",
     2,
     NULL,
     NULL,
     NULL,
     {{"blocker_id", INTEGER},
      {"blocked_id", INTEGER},
      {"created_at", INTEGER}}},
    {"abuse_report",
     1,
     "id",
     NULL,
     NULL,
     {{"id", INTEGER},
      {"invitation_id", INTEGER},
      {"reporter_id", INTEGER},
      {"reason", TEXT},
      {"created_at", INTEGER}}},
    {"work_reaction",
     2,
     NULL,
     NULL,
     NULL,
     {{"work_id", INTEGER},
      {"account_id", INTEGER},
      {"kind", TEXT},
      {"created_at", INTEGER}}},
    {"collection",
     1,
     "id",
     NULL,
     NULL,
     {{"id", INTEGER},
      {"account_id", INTEGER},
      {"name", TEXT},
      {"created_at", INTEGER}}},
    {"collection_item",
     2,
     NULL,
     NULL,
     NULL,
     {{"collection_id", INTEGER}, {"work_id", INTEGER}, {"added_at", INTEGER}}},
    {"review",
     1,
     "id",
     NULL,
     NULL,
     {{"id", INTEGER},
      {"work_id", INTEGER},
      {"account_id", INTEGER},
      {"summary", TEXT},
      {"soundness", INTEGER},
      {"significance", INTEGER},
      {"comments", TEXT},
      {"created_at", INTEGER},
      {"updated_at", INTEGER},
      {"hidden_at", INTEGER},
      {"hidden_by", INTEGER}}},
    {"review_report",
     1,
     "id",
     NULL,
     NULL,
     {{"id", INTEGER},
      {"review_id", INTEGER},
      {"account_id", INTEGER},
      {"reason", TEXT},
      {"state", TEXT},
      {"created_at", INTEGER},
      {"decided_at", INTEGER},
      {"decided_by", INTEGER}}},
    {"work_link",
     1,
     "id",
     NULL,
     NULL,
     {{"id", INTEGER},
      {"work_id", INTEGER},
      {"kind", TEXT},
      {"url", TEXT},
      {"researcher_id", INTEGER},
      {"account_id", INTEGER},
      {"created_at", INTEGER}}},
};

#undef INTEGER
#undef REAL
#undef TEXT

#define MIGRATE_TABLE_COUNT (sizeof(migrate_tables) / sizeof(migrate_tables[0]))

/* Tables of a database that are not data: each side keeps its own. */
static const char *const migrate_skipped[] = {"schema_migrations"};

/* One side of the copy. */
struct migrate_side {
    const char *role;          /* "source", "target" */
    char url[MIGRATE_URL_MAX]; /* as messages show it: no password */
    struct bz_store *store;    /* owned */
    struct bz_sql *sql;        /* the store's */
};

/* What reading a table found: its rows and their checksum. */
struct migrate_tally {
    uint64_t rows;
    uint64_t checksum;
};

/* Called with each row a scan reads (ctx is the scan's). */
typedef enum bz_status (*migrate_row_fn)(void *ctx, struct bz_sql_stmt *row,
                                         struct bz_error *err);

/* --- messages ------------------------------------------------------------- */

/* Puts context before the message a failure left in err. */
static enum bz_status migrate_failed(struct bz_error *err,
                                     enum bz_status status, const char *context)
{
    char reason[BZ_ERROR_MESSAGE_MAX];

    if (err == NULL)
        return status;
    snprintf(reason, sizeof(reason), "%s", err->message);
    return bz_error_set(err, status, "migrate: %s: %s", context, reason);
}

/* --- checksums ------------------------------------------------------------ */

static uint64_t migrate_fnv(uint64_t hash, const void *data, size_t n)
{
    const unsigned char *p = data;
    size_t i;

    for (i = 0; i < n; i++) {
        hash ^= p[i];
        hash *= MIGRATE_FNV_PRIME;
    }
    return hash;
}

/* Eight bytes, least significant first, whatever the machine. */
static uint64_t migrate_fnv_u64(uint64_t hash, uint64_t value)
{
    unsigned char bytes[8];
    int i;

    for (i = 0; i < 8; i++)
        bytes[i] = (unsigned char)(value >> (8 * i));
    return migrate_fnv(hash, bytes, sizeof(bytes));
}

/* Adds the current row of st to hash: per column a mark of its kind (N
 * for NULL), its value (an integer as 64 bits, a double by its bits, a
 * text as its length and bytes) and a separator; a separator per row. */
static uint64_t migrate_hash_row(uint64_t hash, struct bz_sql *sql,
                                 struct bz_sql_stmt *st,
                                 const struct migrate_table *t)
{
    const struct bz_sql_driver *d = sql->driver;
    int i;

    for (i = 0; i < MIGRATE_COLUMNS && t->columns[i].name; i++) {
        if (d->column_null(st, i)) {
            hash = migrate_fnv(hash, "N", 1);
        } else if (t->columns[i].type == MIGRATE_INTEGER) {
            hash = migrate_fnv(hash, "I", 1);
            hash = migrate_fnv_u64(hash, (uint64_t)d->column_int64(st, i));
        } else if (t->columns[i].type == MIGRATE_REAL) {
            double value = d->column_double(st, i);
            uint64_t bits;

            memcpy(&bits, &value, sizeof(bits));
            hash = migrate_fnv(hash, "R", 1);
            hash = migrate_fnv_u64(hash, bits);
        } else {
            size_t len;
            const char *text = d->column_text(st, i, &len);

            hash = migrate_fnv(hash, "T", 1);
            hash = migrate_fnv_u64(hash, (uint64_t)len);
            hash = migrate_fnv(hash, text ? text : "", len);
        }
        hash = migrate_fnv(hash, "\x1f", 1);
    }
    return migrate_fnv(hash, "\x1e", 1);
}

/* --- statements ----------------------------------------------------------- */

static int migrate_column_count(const struct migrate_table *t)
{
    int n = 0;

    while (n < MIGRATE_COLUMNS && t->columns[n].name)
        n++;
    return n;
}

static void migrate_put_key(struct bz_buf *text, const struct migrate_table *t)
{
    int i;

    for (i = 0; i < t->key_count; i++)
        bz_buf_printf(text, "%s%s", i ? ", " : "", t->columns[i].name);
}

/* The statement reading a batch of t: the first one (after == 0), or the
 * one after a key (?1 ... ?key_count). */
static struct bz_sql_stmt *migrate_prepare_read(struct bz_sql *sql,
                                                const struct migrate_table *t,
                                                int after, struct bz_error *err)
{
    struct bz_sql_stmt *st = NULL;
    struct bz_buf text;
    int i;

    bz_buf_init(&text, 0);
    bz_buf_puts(&text, "SELECT ");
    for (i = 0; i < migrate_column_count(t); i++)
        bz_buf_printf(&text, "%s%s", i ? ", " : "", t->columns[i].name);
    bz_buf_printf(&text, " FROM %s", t->name);
    if (t->where || after)
        bz_buf_puts(&text, " WHERE ");
    if (t->where)
        bz_buf_printf(&text, "%s%s", t->where, after ? " AND " : "");
    if (after) {
        bz_buf_putc(&text, '(');
        migrate_put_key(&text, t);
        bz_buf_puts(&text, ") > (");
        for (i = 0; i < t->key_count; i++)
            bz_buf_printf(&text, "%s?%d", i ? ", " : "", i + 1);
        bz_buf_putc(&text, ')');
    }
    bz_buf_puts(&text, " ORDER BY ");
    migrate_put_key(&text, t);
    bz_buf_printf(&text, " LIMIT %d", MIGRATE_BATCH);
    if (text.failed)
        bz_error_set(err, BZ_NOMEM, "out of memory");
    else
        st = sql->driver->prepare(sql, "read rows", text.data, err);
    bz_buf_release(&text);
    return st;
}

/* INSERT INTO t with every column, ?1 ... ?N in order. */
static struct bz_sql_stmt *migrate_prepare_insert(struct bz_sql *sql,
                                                  const struct migrate_table *t,
                                                  struct bz_error *err)
{
    struct bz_sql_stmt *st = NULL;
    struct bz_buf text;
    int i, n = migrate_column_count(t), has_identity = t->identity != NULL;

    bz_buf_init(&text, 0);
    bz_buf_printf(&text, "INSERT INTO %s (", t->name);
    for (i = 0; i < n; i++) {
        bz_buf_printf(&text, "%s%s", i ? ", " : "", t->columns[i].name);
        has_identity |= strcmp(t->columns[i].name, "rowid") == 0;
    }
    bz_buf_putc(&text, ')');
    /* PostgreSQL's rowid columns are GENERATED ALWAYS: a value given for
     * one is refused without this clause, which changes nothing for the
     * BY DEFAULT ids. */
    if (has_identity && sql->driver->dialect == BZ_SQL_POSTGRESQL)
        bz_buf_puts(&text, " OVERRIDING SYSTEM VALUE");
    bz_buf_puts(&text, " VALUES (");
    for (i = 0; i < n; i++)
        bz_buf_printf(&text, "%s?%d", i ? ", " : "", i + 1);
    bz_buf_putc(&text, ')');
    if (text.failed)
        bz_error_set(err, BZ_NOMEM, "out of memory");
    else
        st = sql->driver->prepare(sql, "write rows", text.data, err);
    bz_buf_release(&text);
    return st;
}

/* Runs text, which returns one integer (or no row: *out is then 0). */
static enum bz_status migrate_query_int64(struct bz_sql *sql, const char *text,
                                          int64_t *out, struct bz_error *err)
{
    const struct bz_sql_driver *d = sql->driver;
    struct bz_sql_stmt *st = d->prepare(sql, "query", text, err);
    enum bz_sql_step step;

    *out = 0;
    if (st == NULL)
        return err ? err->status : BZ_STORE;
    step = d->step(st, err);
    if (step == BZ_SQL_ROW && !d->column_null(st, 0))
        *out = d->column_int64(st, 0);
    d->reset(st);
    d->finalize(st);
    return step == BZ_SQL_FAILED ? BZ_STORE : BZ_OK;
}

/* --- reading a table in batches ------------------------------------------- */

/* The key of the last row read, kept past the step that ends its batch. */
struct migrate_key {
    struct bz_buf text[MIGRATE_KEYS];
    int64_t number[MIGRATE_KEYS];
};

static int migrate_key_keep(struct migrate_key *key, struct bz_sql *sql,
                            struct bz_sql_stmt *st,
                            const struct migrate_table *t)
{
    const struct bz_sql_driver *d = sql->driver;
    int i;

    for (i = 0; i < t->key_count; i++) {
        size_t len;
        const char *text;

        if (t->columns[i].type == MIGRATE_INTEGER) {
            key->number[i] = d->column_int64(st, i);
            continue;
        }
        text = d->column_text(st, i, &len);
        bz_buf_reset(&key->text[i]);
        bz_buf_add(&key->text[i], text ? text : "", len);
        if (key->text[i].failed)
            return -1;
    }
    return 0;
}

static void migrate_key_bind(const struct migrate_key *key, struct bz_sql *sql,
                             struct bz_sql_stmt *st,
                             const struct migrate_table *t)
{
    const struct bz_sql_driver *d = sql->driver;
    int i;

    for (i = 0; i < t->key_count; i++) {
        if (t->columns[i].type == MIGRATE_INTEGER)
            d->bind_int64(st, i + 1, key->number[i]);
        else
            d->bind_text(st, i + 1, key->text[i].data ? key->text[i].data : "");
    }
}

/* Runs one batch statement to its end: every row is counted, hashed into
 * tally, kept as the last key and handed to fn. *rows is how many. */
static enum bz_status migrate_batch(struct bz_sql *sql, struct bz_sql_stmt *st,
                                    const struct migrate_table *t,
                                    struct migrate_key *last, migrate_row_fn fn,
                                    void *ctx, struct migrate_tally *tally,
                                    long *rows, struct bz_error *err)
{
    enum bz_status status = BZ_OK;
    enum bz_sql_step step;

    *rows = 0;
    while ((step = sql->driver->step(st, err)) == BZ_SQL_ROW) {
        (*rows)++;
        tally->rows++;
        tally->checksum = migrate_hash_row(tally->checksum, sql, st, t);
        if (migrate_key_keep(last, sql, st, t) < 0) {
            status = bz_error_set(err, BZ_NOMEM, "out of memory");
            break;
        }
        if (fn && (status = fn(ctx, st, err)) != BZ_OK)
            break;
    }
    if (status == BZ_OK && step == BZ_SQL_FAILED)
        status = BZ_STORE;
    sql->driver->reset(st);
    return status;
}

/* Reads all of t (the rows t->where holds for) in key order, batch after
 * batch, into tally, handing each row to fn when not NULL. Two keys take
 * turns: the one bound to the statement must outlive its run while the
 * other takes the rows it returns. */
static enum bz_status migrate_scan(struct bz_sql *sql,
                                   const struct migrate_table *t,
                                   migrate_row_fn fn, void *ctx,
                                   struct migrate_tally *tally,
                                   struct bz_error *err)
{
    const struct bz_sql_driver *d = sql->driver;
    struct bz_sql_stmt *first, *next = NULL, *st;
    struct migrate_key keys[2];
    enum bz_status status;
    int bound = 0, i;
    long rows;

    tally->rows = 0;
    tally->checksum = MIGRATE_FNV_OFFSET;
    if ((first = migrate_prepare_read(sql, t, 0, err)) == NULL)
        return err ? err->status : BZ_STORE;
    if ((next = migrate_prepare_read(sql, t, 1, err)) == NULL) {
        d->finalize(first);
        return err ? err->status : BZ_STORE;
    }
    for (i = 0; i < MIGRATE_KEYS; i++) {
        bz_buf_init(&keys[0].text[i], 0);
        bz_buf_init(&keys[1].text[i], 0);
    }

    st = first;
    for (;;) {
        status = migrate_batch(sql, st, t, &keys[!bound], fn, ctx, tally, &rows,
                               err);
        if (status != BZ_OK || rows < MIGRATE_BATCH)
            break;
        bound = !bound;
        migrate_key_bind(&keys[bound], sql, next, t);
        st = next;
    }

    for (i = 0; i < MIGRATE_KEYS; i++) {
        bz_buf_release(&keys[0].text[i]);
        bz_buf_release(&keys[1].text[i]);
    }
    d->finalize(next);
    d->finalize(first);
    return status;
}

/* --- copying -------------------------------------------------------------- */

struct migrate_copy {
    struct bz_sql *source;
    struct bz_sql *target;
    struct bz_sql_stmt *write; /* the target's INSERT or UPDATE */
    const struct migrate_table *table;
};

/* Binds the source's row to the target's statement, column by column, as
 * the types of the table say, and runs it. */
static enum bz_status migrate_copy_row(void *ctx, struct bz_sql_stmt *row,
                                       struct bz_error *err)
{
    struct migrate_copy *c = ctx;
    const struct bz_sql_driver *in = c->source->driver;
    const struct bz_sql_driver *out = c->target->driver;
    const struct migrate_table *t = c->table;
    enum bz_sql_step step;
    int i;

    for (i = 0; i < MIGRATE_COLUMNS && t->columns[i].name; i++) {
        const struct migrate_column *col = &t->columns[i];

        if (in->column_null(row, i) ||
            (t->parent && strcmp(col->name, t->parent) == 0))
            out->bind_null(c->write, i + 1);
        else if (col->type == MIGRATE_INTEGER)
            out->bind_int64(c->write, i + 1, in->column_int64(row, i));
        else if (col->type == MIGRATE_REAL)
            out->bind_double(c->write, i + 1, in->column_double(row, i));
        else
            out->bind_text(c->write, i + 1, in->column_text(row, i, NULL));
    }
    step = out->step(c->write, err);
    out->reset(c->write);
    return step == BZ_SQL_FAILED ? BZ_STORE : BZ_OK;
}

/* The second pass of a table with a parent column: the rows that have one
 * are read again, and it is set on the copies. */
static enum bz_status migrate_copy_parents(struct migrate_copy *c,
                                           struct bz_error *err)
{
    const struct migrate_table *t = c->table;
    struct migrate_table pass = {t->name, 1, NULL, NULL, NULL, {{0}}};
    struct migrate_tally tally;
    char where[128], update[256];
    enum bz_status status;

    snprintf(where, sizeof(where), "%s IS NOT NULL", t->parent);
    snprintf(update, sizeof(update), "UPDATE %s SET %s = ?2 WHERE %s = ?1",
             t->name, t->parent, t->identity);
    pass.where = where;
    pass.columns[0].name = t->identity;
    pass.columns[1].name = t->parent;
    pass.columns[0].type = pass.columns[1].type = MIGRATE_INTEGER;

    c->write =
        c->target->driver->prepare(c->target, "set parents", update, err);
    if (c->write == NULL)
        return err ? err->status : BZ_STORE;
    c->table = &pass;
    status = migrate_scan(c->source, &pass, migrate_copy_row, c, &tally, err);
    c->target->driver->finalize(c->write);
    c->table = t;
    return status;
}

/* Copies t, keeping what the source's rows came to in tally. */
static enum bz_status migrate_copy_table(struct migrate_side *from,
                                         struct migrate_side *to,
                                         const struct migrate_table *t,
                                         struct migrate_tally *tally,
                                         struct bz_error *err)
{
    struct migrate_copy c = {from->sql, to->sql, NULL, t};
    enum bz_status status;
    char context[128];

    snprintf(context, sizeof(context), "copying table '%s'", t->name);
    if ((c.write = migrate_prepare_insert(to->sql, t, err)) == NULL)
        return migrate_failed(err, err ? err->status : BZ_STORE, context);
    status = migrate_scan(from->sql, t, migrate_copy_row, &c, tally, err);
    to->sql->driver->finalize(c.write);
    if (status == BZ_OK && t->parent)
        status = migrate_copy_parents(&c, err);
    return status == BZ_OK ? BZ_OK : migrate_failed(err, status, context);
}

/* Moves each identity sequence of a PostgreSQL target past the highest id
 * copied, so that the next row inserted gets a new one. SQLite's
 * AUTOINCREMENT counters follow explicit ids by themselves.
 * NEEDSWORK: the source's own counter is not carried over, so an id whose
 * row was deleted before the move, above every id left, may be given
 * again. Safe for now: no command deletes researchers, works, topics,
 * institutions or venues. */
static enum bz_status migrate_sequences(struct migrate_side *to,
                                        struct bz_error *err)
{
    size_t i;
    int k;

    if (to->sql->driver->dialect != BZ_SQL_POSTGRESQL)
        return BZ_OK;
    for (i = 0; i < MIGRATE_TABLE_COUNT; i++) {
        const struct migrate_table *t = &migrate_tables[i];

        for (k = -1; k < migrate_column_count(t); k++) {
            const char *column = k < 0 ? t->identity : t->columns[k].name;
            char text[256];
            int64_t ignored;

            if (column == NULL || (k >= 0 && strcmp(column, "rowid") != 0))
                continue;
            snprintf(text, sizeof(text),
                     "SELECT setval(pg_get_serial_sequence('%s', '%s'), "
                     "max(%s)) FROM %s HAVING max(%s) IS NOT NULL",
                     t->name, column, column, t->name, column);
            if (migrate_query_int64(to->sql, text, &ignored, err) != BZ_OK)
                return migrate_failed(err, BZ_STORE, "setting sequences");
        }
    }
    return BZ_OK;
}

/* --- checks before the copy ----------------------------------------------- */

static const struct migrate_table *migrate_table_find(const char *name,
                                                      size_t *index)
{
    size_t i;

    for (i = 0; i < MIGRATE_TABLE_COUNT; i++)
        if (strcmp(migrate_tables[i].name, name) == 0) {
            *index = i;
            return &migrate_tables[i];
        }
    return NULL;
}

static int migrate_skipped_table(const char *name)
{
    size_t i;

    for (i = 0; i < sizeof(migrate_skipped) / sizeof(migrate_skipped[0]); i++)
        if (strcmp(migrate_skipped[i], name) == 0)
            return 1;
    return 0;
}

/* Every table and column of side, as its catalogue lists them, ordered by
 * table. SQLite does not list the implicit rowid. */
static const char *migrate_catalogue_sql(const struct bz_sql *sql)
{
    if (sql->driver->dialect == BZ_SQL_POSTGRESQL)
        return "SELECT table_name, column_name FROM information_schema.columns"
               " WHERE table_schema = current_schema()"
               " ORDER BY table_name, ordinal_position";
    return "SELECT m.name, p.name FROM sqlite_master AS m"
           " JOIN pragma_table_info(m.name) AS p"
           " WHERE m.type = 'table'"
           " AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
           " ORDER BY m.name, p.cid";
}

/* Marks column of table as seen; BZ_CONFLICT when the list lacks either. */
static enum bz_status
migrate_catalogue_row(struct migrate_side *side, const char *table,
                      const char *column, unsigned char seen[][MIGRATE_COLUMNS],
                      struct bz_error *err)
{
    const struct migrate_table *t;
    size_t index;
    int i;

    if (migrate_skipped_table(table))
        return BZ_OK;
    if ((t = migrate_table_find(table, &index)) == NULL)
        return bz_error_set(err, BZ_CONFLICT,
                            "migrate: %s '%s' has a table '%s' that migrate "
                            "does not know (src/store/migrate.c must follow "
                            "the schema)",
                            side->role, side->url, table);
    for (i = 0; i < migrate_column_count(t); i++)
        if (strcmp(t->columns[i].name, column) == 0) {
            seen[index][i] = 1;
            return BZ_OK;
        }
    return bz_error_set(err, BZ_CONFLICT,
                        "migrate: %s '%s' has a column '%s.%s' that migrate "
                        "does not know (src/store/migrate.c must follow the "
                        "schema)",
                        side->role, side->url, table, column);
}

/* Compares migrate_tables with the tables and columns side really has. */
static enum bz_status migrate_check_catalogue(struct migrate_side *side,
                                              struct bz_error *err)
{
    unsigned char seen[MIGRATE_TABLE_COUNT][MIGRATE_COLUMNS] = {{0}};
    const struct bz_sql_driver *d = side->sql->driver;
    struct bz_sql_stmt *st;
    enum bz_status status = BZ_OK;
    enum bz_sql_step step = BZ_SQL_DONE;
    size_t i;
    int k;

    st = d->prepare(side->sql, "read catalogue",
                    migrate_catalogue_sql(side->sql), err);
    if (st == NULL)
        return migrate_failed(err, BZ_STORE, "reading the catalogue");
    while (status == BZ_OK && (step = d->step(st, err)) == BZ_SQL_ROW)
        status = migrate_catalogue_row(side, d->column_text(st, 0, NULL),
                                       d->column_text(st, 1, NULL), seen, err);
    if (status == BZ_OK && step == BZ_SQL_FAILED)
        status = migrate_failed(err, BZ_STORE, "reading the catalogue");
    d->reset(st);
    d->finalize(st);

    for (i = 0; status == BZ_OK && i < MIGRATE_TABLE_COUNT; i++) {
        const struct migrate_table *t = &migrate_tables[i];

        for (k = 0; status == BZ_OK && k < migrate_column_count(t); k++)
            if (!seen[i][k] && !(d->dialect == BZ_SQL_SQLITE &&
                                 strcmp(t->columns[k].name, "rowid") == 0))
                status = bz_error_set(err, BZ_CONFLICT,
                                      "migrate: %s '%s' has no column "
                                      "'%s.%s'",
                                      side->role, side->url, t->name,
                                      t->columns[k].name);
    }
    return status;
}

/* BZ_CONFLICT unless every copied table of the target is empty. */
static enum bz_status migrate_check_empty(struct migrate_side *to,
                                          struct bz_error *err)
{
    size_t i;

    for (i = 0; i < MIGRATE_TABLE_COUNT; i++) {
        char text[128];
        int64_t rows;

        snprintf(text, sizeof(text), "SELECT count(*) FROM %s",
                 migrate_tables[i].name);
        if (migrate_query_int64(to->sql, text, &rows, err) != BZ_OK)
            return migrate_failed(err, BZ_STORE, "counting target rows");
        if (rows > 0)
            return bz_error_set(err, BZ_CONFLICT,
                                "migrate: target '%s' is not empty (table "
                                "%s has %lld row%s)",
                                to->url, migrate_tables[i].name,
                                (long long)rows, rows == 1 ? "" : "s");
    }
    return BZ_OK;
}

static enum bz_status migrate_check_versions(struct migrate_side *from,
                                             struct migrate_side *to,
                                             struct bz_error *err)
{
    static const char text[] =
        "SELECT COALESCE(max(version), 0) FROM schema_migrations";
    int64_t source, target;

    if (migrate_query_int64(from->sql, text, &source, err) != BZ_OK ||
        migrate_query_int64(to->sql, text, &target, err) != BZ_OK)
        return migrate_failed(err, BZ_STORE, "reading schema versions");
    if (source != target)
        return bz_error_set(err, BZ_CONFLICT,
                            "migrate: source '%s' has schema version %lld, "
                            "target '%s' has %lld",
                            from->url, (long long)source, to->url,
                            (long long)target);
    return BZ_OK;
}

/* --- opening -------------------------------------------------------------- */

/* The file a SQLite URL names (as bz_sql_open reads it), or NULL when url
 * names a PostgreSQL database or another scheme. */
static const char *migrate_sqlite_path(const char *url)
{
    if (strncmp(url, "sqlite://", 9) == 0)
        return url + 9;
    if (strncmp(url, "sqlite:", 7) == 0)
        return url + 7;
    if (strstr(url, "://") != NULL)
        return NULL;
    return url;
}

static enum bz_status migrate_open(struct migrate_side *side, const char *url,
                                   int must_exist, struct bz_error *err)
{
    const char *path = migrate_sqlite_path(url);
    struct stat info;
    char context[MIGRATE_URL_MAX + 32];

    bz_store_url_redacted(url, side->url, sizeof(side->url));
    if (must_exist && path && path[0] && strcmp(path, ":memory:") != 0 &&
        stat(path, &info) != 0)
        return bz_error_set(err, BZ_NOT_FOUND,
                            "migrate: %s '%s' does not exist", side->role,
                            side->url);
    snprintf(context, sizeof(context), "cannot open %s '%s'", side->role,
             side->url);
    if (bz_store_open(url, &side->store, err) != BZ_OK)
        return migrate_failed(err, err ? err->status : BZ_STORE, context);
    if ((side->sql = bz_store_sql_connection(side->store)) == NULL)
        return bz_error_set(err, BZ_INVALID,
                            "migrate: %s '%s' is not an SQL database",
                            side->role, side->url);
    return BZ_OK;
}

/* --- the whole run -------------------------------------------------------- */

static enum bz_status migrate_verify(struct migrate_side *from,
                                     struct migrate_side *to,
                                     const struct migrate_tally *copied,
                                     FILE *report, struct bz_error *err)
{
    uint64_t total = 0;
    size_t i;

    for (i = 0; i < MIGRATE_TABLE_COUNT; i++) {
        const struct migrate_table *t = &migrate_tables[i];
        struct migrate_tally found;
        char context[128];

        snprintf(context, sizeof(context), "verifying table '%s'", t->name);
        if (migrate_scan(to->sql, t, NULL, NULL, &found, err) != BZ_OK)
            return migrate_failed(err, BZ_STORE, context);
        if (found.rows != copied[i].rows ||
            found.checksum != copied[i].checksum)
            return bz_error_set(err, BZ_STORE,
                                "migrate: table '%s' differs after the copy "
                                "(source %" PRIu64 " rows, checksum %016" PRIx64
                                "; target %" PRIu64 " rows, checksum "
                                "%016" PRIx64 "): nothing was kept",
                                t->name, copied[i].rows, copied[i].checksum,
                                found.rows, found.checksum);
        total += found.rows;
        if (report)
            fprintf(report,
                    "%-24s %10" PRIu64 " rows  checksum %016" PRIx64 "  ok\n",
                    t->name, found.rows, found.checksum);
    }
    if (report)
        fprintf(report,
                "migrated %" PRIu64 " rows in %zu tables from '%s' "
                "to '%s'; every table verified\n",
                total, (size_t)MIGRATE_TABLE_COUNT, from->url, to->url);
    return BZ_OK;
}

/* Everything between the two begins and the commit. */
static enum bz_status migrate_run(struct migrate_side *from,
                                  struct migrate_side *to, FILE *report,
                                  struct bz_error *err)
{
    struct migrate_tally copied[MIGRATE_TABLE_COUNT];
    enum bz_status status;
    size_t i;

    if ((status = migrate_check_versions(from, to, err)) != BZ_OK ||
        (status = migrate_check_catalogue(from, err)) != BZ_OK ||
        (status = migrate_check_catalogue(to, err)) != BZ_OK ||
        (status = migrate_check_empty(to, err)) != BZ_OK)
        return status;
    for (i = 0; i < MIGRATE_TABLE_COUNT; i++)
        if ((status = migrate_copy_table(from, to, &migrate_tables[i],
                                         &copied[i], err)) != BZ_OK)
            return status;
    if ((status = migrate_sequences(to, err)) != BZ_OK)
        return status;
    return migrate_verify(from, to, copied, report, err);
}

enum bz_status bz_migrate(const char *from_url, const char *to_url,
                          FILE *report, struct bz_error *err)
{
    struct migrate_side from = {.role = "source"}, to = {.role = "target"};
    enum bz_status status;

    if ((status = migrate_open(&from, from_url, 1, err)) != BZ_OK ||
        (status = migrate_open(&to, to_url, 0, err)) != BZ_OK)
        goto close;

    /* The source's write lock keeps its writers out until the end: the
     * copy, and the checksums compared with it, are of one moment. */
    if ((status = from.sql->driver->begin(from.sql, err)) != BZ_OK) {
        status = migrate_failed(err, status, "cannot lock the source");
        goto close;
    }
    if ((status = to.sql->driver->begin(to.sql, err)) != BZ_OK) {
        status = migrate_failed(err, status, "cannot begin on the target");
        goto unlock_source;
    }

    status = migrate_run(&from, &to, report, err);
    if (status == BZ_OK &&
        (status = to.sql->driver->commit(to.sql, err)) != BZ_OK)
        status = migrate_failed(err, status, "commit on the target");
    if (status != BZ_OK)
        to.sql->driver->rollback(to.sql, NULL);

unlock_source:
    from.sql->driver->rollback(from.sql, NULL);
close:
    bz_store_close(to.store);
    bz_store_close(from.store);
    return status;
}
