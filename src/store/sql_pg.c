/* sql_pg.c - the SQL driver of sql.h over PostgreSQL, through libpq. */
#include "store/sql.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <libpq-fe.h>

#define PG_CONNECT_WAIT_MS 5000 /* while the server is starting */
#define PG_CONFLICT_RETRIES 5   /* of a serialization failure, deadlock */
#define PG_MAX_PARAMS 65535     /* what the wire protocol can carry */
#define PG_MIN_SERVER_VERSION 150000

/* Type oids of the server's catalogue, fixed since its first release. */
#define PG_BOOL_OID 16
#define PG_INT8_OID 20
#define PG_TEXT_OID 25
#define PG_FLOAT8_OID 701

/* The key of the advisory lock every writer holds from begin() to its
 * end: "bzpeer" read as a number, unlikely to meet another program's. */
#define PG_WRITER_LOCK "108278011225458"

#define PG_NEXT_GENERATION "SELECT nextval('bzpeer_generation')"

/* Most commands sent ahead before their results are read: each result is
 * small, but the server's socket buffer is not endless. */
#define PG_PIPELINE_MAX 1024

struct pg_stmt;

/* A command sent in the pipeline whose result is not read yet: the
 * Parse of a statement (prepare) or a run of it. */
struct pg_pending {
    struct pg_stmt *st;
    int is_prepare;
};

struct pg_sql {
    struct bz_sql base;
    PGconn *conn;
    char *url_shown;         /* the url without its password, for messages */
    unsigned long next_name; /* numbers statements: "bz1", "bz2"... */
    /* Counts the sessions (a reset starts one), since the server forgets
     * every prepared statement with its session. */
    unsigned long session;
    /* Whether a transaction was open when the connection was last up: a
     * lost connection makes libpq's own answer "unknown". */
    int was_in_transaction;
    /* Inside a transaction, a command that returns no rows is sent
     * without waiting for its answer (libpq's pipeline mode); the answers
     * are read at the next command that returns rows, or ends a savepoint
     * or the transaction: see pg_pipeline_send. */
    int pipeline;
    struct pg_pending pending[PG_PIPELINE_MAX];
    int pending_count;
    /* The first failure of a command sent ahead, found where no caller
     * could be told (changes()), for the next step() to report. */
    char failed[BZ_ERROR_MESSAGE_MAX];
};

enum pg_bound {
    PG_BOUND_NULL,
    PG_BOUND_INT64,
    PG_BOUND_DOUBLE,
    PG_BOUND_TEXT,
};

struct pg_param {
    enum pg_bound bound;
    char number[32]; /* an int64 or a double, as text */
};

struct pg_stmt {
    struct bz_sql_stmt base;
    struct pg_sql *sql;
    char *what;    /* owned: names it in messages */
    char *text;    /* owned: the text with $N for ?N */
    char name[32]; /* the server's name for it */
    int nparams;
    int bad_col;             /* a bind() past nparams, reported by step() */
    int typed;               /* types are those of the first run */
    unsigned long prepared;  /* the session it was prepared in, or 0 */
    Oid *types;              /* nparams, owned; 0 lets the server infer */
    struct pg_param *params; /* nparams, owned */
    const char **values;     /* nparams, owned array; NULL is SQL NULL */
    PGresult *res;           /* the current run's rows, until reset() */
    int row;                 /* the current row in res */
    long changes;
    int rowless;             /* returns no rows: may be sent ahead */
    int ran;                 /* step() ran it since the last reset() */
    int in_flight;           /* runs sent ahead whose answer is unread */
};

static const struct bz_sql_driver pg_driver;

static enum bz_status pg_pipeline_drain(struct pg_sql *sql,
                                        struct pg_stmt *last,
                                        struct bz_error *err);
static enum bz_status pg_pipeline_failed(struct pg_sql *sql,
                                         struct bz_error *err);
static int pg_text_rowless(const char *text);

static void pg_sleep_ms(long ms)
{
    struct timespec delay = {ms / 1000, (ms % 1000) * 1000000L};

    nanosleep(&delay, NULL);
}

static long pg_elapsed_ms(const struct timespec *start)
{
    struct timespec now;

    clock_gettime(CLOCK_MONOTONIC, &now);
    return (now.tv_sec - start->tv_sec) * 1000L +
           (now.tv_nsec - start->tv_nsec) / 1000000L;
}

/* --- messages --- */

/* Copies message into out as one line: libpq's own messages span lines
 * and end in a newline, ours must not. */
static void pg_one_line(const char *message, char *out, size_t size)
{
    size_t n = 0;
    int space = 0;

    for (; *message != '\0' && n + 1 < size; message++) {
        if (*message == '\n' || *message == '\t' || *message == ' ') {
            space = n > 0;
            continue;
        }
        if (space && n + 2 < size)
            out[n++] = ' ';
        space = 0;
        out[n++] = *message;
    }
    out[n] = '\0';
}

/* Why res failed, or the connection when there is no result or the
 * server sent no message (libpq's own errors, a lost connection). */
static void pg_reason(PGconn *conn, const PGresult *res, char *out, size_t size)
{
    const char *message = NULL;

    if (res != NULL)
        message = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
    if ((message == NULL || message[0] == '\0') && res != NULL)
        message = PQresultErrorMessage(res);
    if (message == NULL || message[0] == '\0')
        message = PQerrorMessage(conn);
    if (message == NULL || message[0] == '\0')
        message = "unknown error";
    pg_one_line(message, out, size);
}

static enum bz_status pg_fail(struct pg_sql *sql, const PGresult *res,
                              const char *what, struct bz_error *err)
{
    char reason[BZ_ERROR_MESSAGE_MAX];

    pg_reason(sql->conn, res, reason, sizeof reason);
    return bz_error_set(err, BZ_STORE, "postgresql: %s failed: %s", what,
                        reason);
}

/* --- the session --- */

static int pg_result_ok(const PGresult *res)
{
    ExecStatusType status = PQresultStatus(res);

    return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK ||
           status == PGRES_EMPTY_QUERY;
}

static int pg_sqlstate_is(const PGresult *res, const char *state)
{
    const char *got = PQresultErrorField(res, PG_DIAG_SQLSTATE);

    return got != NULL && strcmp(got, state) == 0;
}

static void pg_note_transaction(struct pg_sql *sql)
{
    PGTransactionStatusType status = PQtransactionStatus(sql->conn);

    if (status != PQTRANS_UNKNOWN)
        sql->was_in_transaction = status != PQTRANS_IDLE;
}

/* Whether a transaction is open, or was when the connection broke: then
 * its writes are gone and nothing may run as if they were not. */
static int pg_transaction_open(struct pg_sql *sql)
{
    PGTransactionStatusType status = PQtransactionStatus(sql->conn);

    if (status == PQTRANS_UNKNOWN)
        return sql->was_in_transaction;
    return status != PQTRANS_IDLE;
}

/* Settings every session needs, the first and each after a reset: text
 * in UTF-8, backslashes as plain characters in '...', times in UTC. */
static enum bz_status pg_session_setup(struct pg_sql *sql, struct bz_error *err)
{
    PGresult *res = PQexec(sql->conn, "SET client_encoding = 'UTF8';"
                                      "SET standard_conforming_strings = on;"
                                      "SET TIME ZONE 'UTC'");
    enum bz_status status = BZ_OK;

    if (!pg_result_ok(res))
        status = pg_fail(sql, res, "session setup", err);
    PQclear(res);
    return status;
}

/* One attempt at a new session on the same connection parameters. */
static int pg_reconnect(struct pg_sql *sql)
{
    PQreset(sql->conn);
    if (PQstatus(sql->conn) != CONNECTION_OK)
        return 0;
    sql->session++;
    sql->was_in_transaction = 0;
    return pg_session_setup(sql, NULL) == BZ_OK;
}

/* Whether a command that failed with res may run again. Only outside a
 * transaction, where the server undid just that command: a serialization
 * failure or a deadlock, a few times after a growing pause, or a lost
 * connection, once, after a reset. (An INSERT whose connection broke may
 * have committed before the break; its retry then meets its own row.) */
static int pg_should_retry(struct pg_sql *sql, const PGresult *res,
                           int in_transaction, int *attempts, int *reconnected)
{
    if (in_transaction || PQtransactionStatus(sql->conn) == PQTRANS_INERROR)
        return 0;
    if (PQstatus(sql->conn) == CONNECTION_BAD) {
        if (*reconnected)
            return 0;
        *reconnected = 1;
        return pg_reconnect(sql);
    }
    if (!pg_sqlstate_is(res, "40001") && !pg_sqlstate_is(res, "40P01"))
        return 0;
    if (*attempts >= PG_CONFLICT_RETRIES)
        return 0;
    pg_sleep_ms(10L << *attempts);
    (*attempts)++;
    return 1;
}

/* Runs command (no parameters) and returns its result, which the caller
 * clears; NULL with err naming what when it failed. */
static PGresult *pg_command(struct pg_sql *sql, const char *what,
                            const char *command, struct bz_error *err)
{
    int in_transaction = pg_transaction_open(sql);
    int attempts = 0, reconnected = 0;
    PGresult *res;

    if (pg_pipeline_drain(sql, NULL, err) != BZ_OK ||
        pg_pipeline_failed(sql, err) != BZ_OK)
        return NULL;
    for (;;) {
        res = PQexec(sql->conn, command);
        pg_note_transaction(sql);
        if (pg_result_ok(res))
            return res;
        if (!pg_should_retry(sql, res, in_transaction, &attempts, &reconnected))
            break;
        PQclear(res);
    }
    pg_fail(sql, res, what, err);
    PQclear(res);
    return NULL;
}

static enum bz_status pg_bump_generation(struct pg_sql *sql,
                                         struct bz_error *err)
{
    PGresult *res = pg_command(sql, "generation", PG_NEXT_GENERATION, err);

    if (res == NULL)
        return BZ_STORE;
    PQclear(res);
    return BZ_OK;
}

/* --- placeholders --- */

/* Whether c may be part of an identifier or keyword. */
static int pg_word_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '_' || (unsigned char)c >= 0x80;
}

/* Copies the literal or quoted identifier that starts at *in (its quote)
 * to *out, doubled quotes included; an E'...' string also escapes with
 * backslashes. Moves both on. */
static void pg_copy_quoted(const char *start, const char **in, char **out)
{
    const char *p = *in;
    char quote = *p;
    int backslashes = quote == '\'' && p > start &&
                      (p[-1] == 'E' || p[-1] == 'e') &&
                      (p - 1 == start || !pg_word_char(p[-2]));
    char *o = *out;

    *o++ = *p++;
    while (*p != '\0') {
        if ((backslashes && *p == '\\' && p[1] != '\0') ||
            (*p == quote && p[1] == quote)) {
            *o++ = *p++;
        } else if (*p == quote) {
            *o++ = *p++;
            break;
        }
        *o++ = *p++;
    }
    *in = p;
    *out = o;
}

/* Copies the comment at *in: to the line's end for --, to the matching
 * close for a block comment (they nest in PostgreSQL). */
static void pg_copy_comment(const char **in, char **out)
{
    const char *p = *in;
    char *o = *out;
    int depth = 0;

    if (p[0] == '-') {
        while (*p != '\0' && *p != '\n')
            *o++ = *p++;
    } else {
        do {
            if (p[0] == '/' && p[1] == '*')
                depth++, *o++ = *p++;
            else if (p[0] == '*' && p[1] == '/')
                depth--, *o++ = *p++;
            *o++ = *p++;
        } while (*p != '\0' && depth > 0);
    }
    *in = p;
    *out = o;
}

/* Writes text into out (room for strlen(text) + 1) with each ?N as $N,
 * but for those in literals, quoted identifiers and comments, and returns
 * the highest N, or -1 for a ? with no number, ?0 or a number past the
 * protocol's limit. (The store's SQL is also SQLite's, so it has no
 * dollar-quoted strings: they are not looked for.) */
static int pg_rewrite_placeholders(const char *text, char *out)
{
    const char *p = text;
    int highest = 0;

    while (*p != '\0') {
        long n = 0;

        if (*p == '\'' || *p == '"') {
            pg_copy_quoted(text, &p, &out);
            continue;
        }
        if ((p[0] == '-' && p[1] == '-') || (p[0] == '/' && p[1] == '*')) {
            pg_copy_comment(&p, &out);
            continue;
        }
        if (*p != '?') {
            *out++ = *p++;
            continue;
        }
        *out++ = '$';
        for (p++; *p >= '0' && *p <= '9' && n <= PG_MAX_PARAMS; p++)
            n = n * 10 + (*p - '0'), *out++ = *p;
        if (n < 1 || n > PG_MAX_PARAMS)
            return -1;
        if (n > highest)
            highest = (int)n;
    }
    *out = '\0';
    return highest;
}

/* --- statements --- */

static void pg_finalize(struct bz_sql_stmt *base)
{
    struct pg_stmt *st = (struct pg_stmt *)base;
    char command[64];

    if (st == NULL)
        return;
    if (st->in_flight > 0 &&
        pg_pipeline_drain(st->sql, NULL, NULL) != BZ_OK)
        st->sql->failed[0] = '\0'; /* the store is closing */
    PQclear(st->res);
    /* The server keeps a prepared statement for the whole session: a
     * long-lived connection that prepares as it goes must let them go. */
    if (st->prepared == st->sql->session &&
        PQstatus(st->sql->conn) == CONNECTION_OK) {
        snprintf(command, sizeof command, "DEALLOCATE %s", st->name);
        PQclear(PQexec(st->sql->conn, command));
        pg_note_transaction(st->sql);
    }
    free(st->what);
    free(st->text);
    free(st->types);
    free(st->params);
    free(st->values);
    free(st);
}

/* Allocates st's per-parameter arrays once the count is known. */
static int pg_stmt_alloc_params(struct pg_stmt *st)
{
    size_t n = st->nparams > 0 ? (size_t)st->nparams : 1;

    st->types = calloc(n, sizeof *st->types);
    st->params = calloc(n, sizeof *st->params);
    st->values = calloc(n, sizeof *st->values);
    return st->types != NULL && st->params != NULL && st->values != NULL;
}

/* Only rewrites the text and counts its parameters: the statement is
 * prepared on the server at its first run, once its bindings tell the
 * types of its parameters (which a text of "?1" alone does not). */
static struct bz_sql_stmt *pg_prepare(struct bz_sql *base, const char *what,
                                      const char *text, struct bz_error *err)
{
    struct pg_sql *sql = (struct pg_sql *)base;
    struct pg_stmt *st = calloc(1, sizeof *st);

    if (st == NULL)
        goto nomem;
    st->base.driver = &pg_driver;
    st->sql = sql;
    st->what = strdup(what);
    st->text = malloc(strlen(text) + 1);
    if (st->what == NULL || st->text == NULL)
        goto nomem;
    st->nparams = pg_rewrite_placeholders(text, st->text);
    st->rowless = pg_text_rowless(text);
    if (st->nparams < 0) {
        bz_error_set(err, BZ_STORE,
                     "postgresql: %s failed: a parameter is not one of "
                     "?1 to ?%d",
                     what, PG_MAX_PARAMS);
        pg_finalize((struct bz_sql_stmt *)st);
        return NULL;
    }
    if (!pg_stmt_alloc_params(st))
        goto nomem;
    snprintf(st->name, sizeof st->name, "bz%lu", ++sql->next_name);
    return (struct bz_sql_stmt *)st;

nomem:
    pg_finalize((struct bz_sql_stmt *)st);
    bz_error_set(err, BZ_NOMEM, "postgresql: %s failed: out of memory", what);
    return NULL;
}

static struct pg_param *pg_param(struct pg_stmt *st, int col)
{
    if (col < 1 || col > st->nparams) {
        st->bad_col = col;
        return NULL;
    }
    return &st->params[col - 1];
}

static void pg_bind_null(struct bz_sql_stmt *base, int col)
{
    struct pg_stmt *st = (struct pg_stmt *)base;
    struct pg_param *param = pg_param(st, col);

    if (param == NULL)
        return;
    param->bound = PG_BOUND_NULL;
    st->values[col - 1] = NULL;
}

static void pg_bind_int64(struct bz_sql_stmt *base, int col, int64_t value)
{
    struct pg_stmt *st = (struct pg_stmt *)base;
    struct pg_param *param = pg_param(st, col);

    if (param == NULL)
        return;
    param->bound = PG_BOUND_INT64;
    snprintf(param->number, sizeof param->number, "%lld", (long long)value);
    st->values[col - 1] = param->number;
}

static void pg_bind_double(struct bz_sql_stmt *base, int col, double value)
{
    struct pg_stmt *st = (struct pg_stmt *)base;
    struct pg_param *param = pg_param(st, col);

    if (param == NULL)
        return;
    param->bound = PG_BOUND_DOUBLE;
    snprintf(param->number, sizeof param->number, "%.17g", value);
    st->values[col - 1] = param->number;
}

static void pg_bind_text(struct bz_sql_stmt *base, int col, const char *text)
{
    struct pg_stmt *st = (struct pg_stmt *)base;
    struct pg_param *param = pg_param(st, col);

    if (param == NULL)
        return;
    param->bound = PG_BOUND_TEXT; /* a NULL text is still a text */
    st->values[col - 1] = text;
}

/* The parameter types of the statement's first run, kept for its life:
 * later runs send every value as text, which the server reads into an
 * int8 or a text parameter alike. */
static void pg_stmt_fix_types(struct pg_stmt *st)
{
    static const Oid oids[] = {
        [PG_BOUND_NULL] = 0,
        [PG_BOUND_INT64] = PG_INT8_OID,
        [PG_BOUND_DOUBLE] = PG_FLOAT8_OID,
        [PG_BOUND_TEXT] = PG_TEXT_OID,
    };

    for (int i = 0; i < st->nparams; i++)
        st->types[i] = oids[st->params[i].bound];
    st->typed = 1;
}

/* One try at a run: prepared first in a session that has not seen it. */
static PGresult *pg_stmt_try(struct pg_stmt *st)
{
    struct pg_sql *sql = st->sql;
    PGresult *res;

    if (st->prepared != sql->session) {
        res = PQprepare(sql->conn, st->name, st->text, st->nparams, st->types);
        if (PQresultStatus(res) != PGRES_COMMAND_OK)
            return res;
        PQclear(res);
        st->prepared = sql->session;
    }
    return PQexecPrepared(sql->conn, st->name, st->nparams, st->values, NULL,
                          NULL, 0);
}

/* Rows a run inserted, updated or deleted; 0 for any other command. */
static long pg_result_changes(PGresult *res)
{
    const char *command = PQcmdStatus(res);

    if (strncmp(command, "INSERT ", 7) != 0 &&
        strncmp(command, "UPDATE ", 7) != 0 &&
        strncmp(command, "DELETE ", 7) != 0 &&
        strncmp(command, "MERGE ", 6) != 0)
        return 0;
    return atol(PQcmdTuples(res));
}

/* --- the pipeline ---
 *
 * An import sends tens of writes per record (authorships, provenance,
 * citation edges), each a round trip when run one by one. Inside a
 * transaction a command that returns no rows is only sent; the answers
 * are read in one go at the next command whose answer is needed (one
 * that returns rows, RELEASE of a savepoint, COMMIT, changes()), which
 * then reports the first failure among them, naming the command that
 * failed. RELEASE is always waited for, so a record's failure is known
 * before the next record begins: the store's rule, that a bad record
 * is rolled back to its savepoint alone, holds. */

/* Whether text returns no rows and may be sent ahead, by its first word:
 * the writes the store sends by the thousand, and SAVEPOINT. */
static int pg_text_rowless(const char *text)
{
    static const char *const words[] = {"INSERT ", "UPDATE ", "DELETE ",
                                        "SAVEPOINT "};

    text += strspn(text, " \n\t");
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strncasecmp(text, words[i], strlen(words[i])) == 0)
            return strcasestr(text, "RETURNING") == NULL;
    return 0;
}

static void pg_pipeline_push(struct pg_sql *sql, struct pg_stmt *st,
                             int is_prepare)
{
    sql->pending[sql->pending_count].st = st;
    sql->pending[sql->pending_count].is_prepare = is_prepare;
    sql->pending_count++;
}

/* Reads the answers of everything sent ahead, and leaves pipeline mode.
 * The rows of the last command, when it is a run of last, become last's
 * result. BZ_STORE with err naming the first command that failed. */
static enum bz_status pg_pipeline_drain(struct pg_sql *sql,
                                        struct pg_stmt *last,
                                        struct bz_error *err)
{
    enum bz_status status = BZ_OK;
    PGresult *res;

    if (!sql->pipeline)
        return BZ_OK;
    if (PQpipelineSync(sql->conn) != 1)
        status = pg_fail(sql, NULL, "pipeline", err);
    for (int i = 0; i < sql->pending_count; i++) {
        struct pg_pending *p = &sql->pending[i];
        ExecStatusType type;

        res = PQgetResult(sql->conn);
        type = res != NULL ? PQresultStatus(res) : PGRES_FATAL_ERROR;
        if (!p->is_prepare)
            p->st->in_flight--;
        if (type == PGRES_COMMAND_OK || type == PGRES_TUPLES_OK) {
            if (!p->is_prepare && p->st == last &&
                i == sql->pending_count - 1) {
                PQclear(last->res);
                last->res = res;
                last->changes = pg_result_changes(res);
                res = NULL;
            } else if (!p->is_prepare) {
                p->st->changes = pg_result_changes(res);
            }
        } else {
            if (p->is_prepare)
                p->st->prepared = 0;
            if (status == BZ_OK)
                status = pg_fail(sql, type == PGRES_PIPELINE_ABORTED
                                          ? NULL : res,
                                 p->st->what, err);
        }
        PQclear(res);
        /* each command's answer ends with a NULL */
        while (PQstatus(sql->conn) == CONNECTION_OK &&
               (res = PQgetResult(sql->conn)) != NULL)
            PQclear(res);
    }
    sql->pending_count = 0;
    res = PQgetResult(sql->conn); /* the sync's own answer */
    if (PQresultStatus(res) != PGRES_PIPELINE_SYNC && status == BZ_OK)
        status = pg_fail(sql, res, "pipeline", err);
    PQclear(res);
    PQexitPipelineMode(sql->conn);
    sql->pipeline = PQpipelineStatus(sql->conn) != PQ_PIPELINE_OFF;
    pg_note_transaction(sql);
    return status;
}

/* Sends a run of st, with its Parse when this session has not seen it,
 * without reading the answer. */
static enum bz_status pg_pipeline_send(struct pg_stmt *st,
                                       struct bz_error *err)
{
    struct pg_sql *sql = st->sql;

    if (sql->pending_count + 2 > PG_PIPELINE_MAX &&
        pg_pipeline_drain(sql, NULL, err) != BZ_OK)
        return BZ_STORE;
    if (!sql->pipeline) {
        if (PQenterPipelineMode(sql->conn) != 1)
            return pg_fail(sql, NULL, st->what, err);
        sql->pipeline = 1;
    }
    if (st->prepared != sql->session) {
        if (PQsendPrepare(sql->conn, st->name, st->text, st->nparams,
                          st->types) != 1)
            return pg_fail(sql, NULL, st->what, err);
        st->prepared = sql->session;
        pg_pipeline_push(sql, st, 1);
    }
    if (PQsendQueryPrepared(sql->conn, st->name, st->nparams, st->values,
                            NULL, NULL, 0) != 1)
        return pg_fail(sql, NULL, st->what, err);
    pg_pipeline_push(sql, st, 0);
    st->in_flight++;
    return BZ_OK;
}

/* A failure found by a drain no caller could hear, reported once. */
static enum bz_status pg_pipeline_failed(struct pg_sql *sql,
                                         struct bz_error *err)
{
    if (sql->failed[0] == '\0')
        return BZ_OK;
    bz_error_set(err, BZ_STORE, "%s", sql->failed);
    sql->failed[0] = '\0';
    return BZ_STORE;
}


/* Runs st and keeps all its rows: a row at a time would hold the
 * connection, and the store runs statements while reading another's. */
static enum bz_status pg_stmt_run(struct pg_stmt *st, struct bz_error *err)
{
    struct pg_sql *sql = st->sql;
    int in_transaction = pg_transaction_open(sql);
    int attempts = 0, reconnected = 0;
    PGresult *res;

    if (st->bad_col != 0)
        return bz_error_set(err, BZ_STORE,
                            "postgresql: %s failed: no parameter ?%d", st->what,
                            st->bad_col);
    if (!st->typed)
        pg_stmt_fix_types(st);
    st->changes = 0;
    st->row = 0;
    if (pg_pipeline_failed(sql, err) != BZ_OK)
        return BZ_STORE;
    if (in_transaction && st->rowless)
        return pg_pipeline_send(st, err);
    if (sql->pipeline) {
        /* its answer comes with those of the commands sent ahead */
        if (pg_pipeline_send(st, err) != BZ_OK ||
            pg_pipeline_drain(sql, st, err) != BZ_OK)
            return BZ_STORE;
        return BZ_OK;
    }
    for (;;) {
        res = pg_stmt_try(st);
        pg_note_transaction(sql);
        if (pg_result_ok(res))
            break;
        if (!pg_should_retry(sql, res, in_transaction, &attempts,
                             &reconnected)) {
            pg_fail(sql, res, st->what, err);
            PQclear(res);
            return BZ_STORE;
        }
        PQclear(res);
    }
    st->res = res;
    st->changes = pg_result_changes(res);
    /* A write of its own commits at once: readers must see it as a
     * change, as they see a commit(). */
    if (st->changes > 0 && !in_transaction && !pg_transaction_open(sql))
        return pg_bump_generation(sql, err);
    return BZ_OK;
}

static enum bz_sql_step pg_step(struct bz_sql_stmt *base, struct bz_error *err)
{
    struct pg_stmt *st = (struct pg_stmt *)base;

    if (!st->ran) {
        st->ran = 1;
        if (pg_stmt_run(st, err) != BZ_OK)
            return BZ_SQL_FAILED;
    } else if (st->res != NULL && st->row < PQntuples(st->res)) {
        st->row++;
    }
    /* a command sent ahead has no rows */
    if (st->res == NULL || st->row >= PQntuples(st->res))
        return BZ_SQL_DONE;
    return BZ_SQL_ROW;
}

/* The current row's value at col, or NULL when there is none or it is
 * SQL NULL. */
static const char *pg_value(struct pg_stmt *st, int col)
{
    if (st->res == NULL || st->row >= PQntuples(st->res) || col < 0 ||
        col >= PQnfields(st->res) || PQgetisnull(st->res, st->row, col))
        return NULL;
    return PQgetvalue(st->res, st->row, col);
}

static int pg_is_bool(struct pg_stmt *st, int col)
{
    return PQftype(st->res, col) == PG_BOOL_OID;
}

static int pg_column_null(struct bz_sql_stmt *base, int col)
{
    return pg_value((struct pg_stmt *)base, col) == NULL;
}

/* A boolean reads as 1 or 0, as SQLite gives it. */
static int64_t pg_column_int64(struct bz_sql_stmt *base, int col)
{
    struct pg_stmt *st = (struct pg_stmt *)base;
    const char *value = pg_value(st, col);

    if (value == NULL)
        return 0;
    if (pg_is_bool(st, col))
        return value[0] == 't';
    return strtoll(value, NULL, 10);
}

static double pg_column_double(struct bz_sql_stmt *base, int col)
{
    const char *value = pg_value((struct pg_stmt *)base, col);

    return value != NULL ? strtod(value, NULL) : 0.0;
}

static const char *pg_column_text(struct bz_sql_stmt *base, int col,
                                  size_t *len)
{
    struct pg_stmt *st = (struct pg_stmt *)base;
    const char *value = pg_value(st, col);
    size_t n = 0;

    if (value != NULL && pg_is_bool(st, col)) {
        value = value[0] == 't' ? "1" : "0";
        n = 1;
    } else if (value != NULL) {
        n = (size_t)PQgetlength(st->res, st->row, col);
    }
    if (len != NULL)
        *len = n;
    return value;
}

/* A count of a command sent ahead needs its answer, and those before. */
static long pg_changes(struct bz_sql_stmt *base)
{
    struct pg_stmt *st = (struct pg_stmt *)base;
    struct bz_error err;

    if (st->in_flight > 0 && pg_pipeline_drain(st->sql, NULL, &err) != BZ_OK)
        snprintf(st->sql->failed, sizeof st->sql->failed, "%s", err.message);
    return st->changes;
}

static void pg_reset(struct bz_sql_stmt *base)
{
    struct pg_stmt *st = (struct pg_stmt *)base;

    PQclear(st->res);
    st->res = NULL;
    st->row = 0;
    st->ran = 0;
    st->bad_col = 0;
    for (int i = 0; i < st->nparams; i++) {
        st->params[i].bound = PG_BOUND_NULL;
        st->values[i] = NULL;
    }
}

/* --- scripts and transactions --- */

/* A script outside a transaction may have changed data: the generation
 * moves, which costs a round trip on a rare call (a migration). */
static enum bz_status pg_exec(struct bz_sql *base, const char *what,
                              const char *script, struct bz_error *err)
{
    struct pg_sql *sql = (struct pg_sql *)base;
    PGresult *res = pg_command(sql, what, script, err);

    if (res == NULL)
        return BZ_STORE;
    PQclear(res);
    if (!pg_transaction_open(sql))
        return pg_bump_generation(sql, err);
    return BZ_OK;
}

/* Leaves a transaction that failed to start; what failed is already
 * said, so this one's own failure is not. */
static void pg_rollback_quietly(struct pg_sql *sql)
{
    if (PQstatus(sql->conn) == CONNECTION_OK &&
        PQtransactionStatus(sql->conn) != PQTRANS_IDLE) {
        PQclear(PQexec(sql->conn, "ROLLBACK"));
        pg_note_transaction(sql);
    }
}

/* The advisory lock keeps every other writer, of any process, waiting
 * until this transaction ends; the server frees it with the transaction.
 * One round trip for both commands. */
static enum bz_status pg_begin(struct bz_sql *base, struct bz_error *err)
{
    struct pg_sql *sql = (struct pg_sql *)base;
    PGresult *res;

    if (pg_transaction_open(sql))
        return bz_error_set(err, BZ_STORE,
                            "postgresql: begin failed: "
                            "a transaction is already open");
    res = pg_command(sql, "begin",
                     "BEGIN; SELECT pg_advisory_xact_lock(" PG_WRITER_LOCK ")",
                     err);
    if (res == NULL) {
        pg_rollback_quietly(sql);
        return BZ_STORE;
    }
    PQclear(res);
    return BZ_OK;
}

/* The generation moves twice. Inside the transaction, so that it has
 * moved even when the connection breaks just after COMMIT; and after, so
 * that a reader who sees the newest number also sees the data: a
 * sequence is not transactional and the first move is seen before the
 * COMMIT is. */
static enum bz_status pg_commit(struct bz_sql *base, struct bz_error *err)
{
    struct pg_sql *sql = (struct pg_sql *)base;
    PGresult *res;
    int committed;

    if (!pg_transaction_open(sql))
        return bz_error_set(err, BZ_STORE,
                            "postgresql: commit failed: "
                            "no transaction is open");
    res = pg_command(sql, "commit", PG_NEXT_GENERATION "; COMMIT", err);
    if (res == NULL)
        return BZ_STORE;
    /* A failed transaction's COMMIT succeeds, as a ROLLBACK. */
    committed = strcmp(PQcmdStatus(res), "COMMIT") == 0;
    PQclear(res);
    if (!committed)
        return bz_error_set(err, BZ_STORE,
                            "postgresql: commit failed: "
                            "the transaction was rolled back");
    return pg_bump_generation(sql, err);
}

/* A lost connection took its transaction with it: nothing to undo, and
 * the next command reconnects. */
static enum bz_status pg_rollback(struct bz_sql *base, struct bz_error *err)
{
    struct pg_sql *sql = (struct pg_sql *)base;
    PGresult *res;

    /* what was sent ahead is undone with the rest: its failures too */
    pg_pipeline_drain(sql, NULL, NULL);
    sql->failed[0] = '\0';
    if (PQstatus(sql->conn) == CONNECTION_BAD) {
        sql->was_in_transaction = 0;
        return BZ_OK;
    }
    if (PQtransactionStatus(sql->conn) == PQTRANS_IDLE)
        return BZ_OK;
    res = pg_command(sql, "rollback", "ROLLBACK", err);
    if (res == NULL)
        return BZ_STORE;
    PQclear(res);
    return BZ_OK;
}

static int pg_in_transaction(struct bz_sql *base)
{
    return pg_transaction_open((struct pg_sql *)base);
}

/* A round trip per call: the price of a number that is exact across
 * processes and servers, where SQLite reads a counter in shared memory. */
static enum bz_status pg_generation(struct bz_sql *base, uint64_t *out,
                                    struct bz_error *err)
{
    struct pg_sql *sql = (struct pg_sql *)base;
    PGresult *res = pg_command(sql, "generation",
                               "SELECT last_value FROM bzpeer_generation", err);

    if (res == NULL)
        return BZ_STORE;
    if (PQntuples(res) != 1 || PQgetisnull(res, 0, 0)) {
        PQclear(res);
        return bz_error_set(err, BZ_STORE,
                            "postgresql: generation failed: "
                            "sequence 'bzpeer_generation' "
                            "has no value");
    }
    *out = strtoull(PQgetvalue(res, 0, 0), NULL, 10);
    PQclear(res);
    return BZ_OK;
}

/* COPY FROM STDIN: answers are read first (COPY cannot be pipelined),
 * then the data goes in one stream. */
static enum bz_status pg_copy_in(struct bz_sql *base, const char *what,
                                 const char *command, const char *data,
                                 size_t len, struct bz_error *err)
{
    struct pg_sql *sql = (struct pg_sql *)base;
    enum bz_status status = BZ_OK;
    PGresult *res;

    if (pg_pipeline_drain(sql, NULL, err) != BZ_OK ||
        pg_pipeline_failed(sql, err) != BZ_OK)
        return BZ_STORE;
    res = PQexec(sql->conn, command);
    if (PQresultStatus(res) != PGRES_COPY_IN) {
        pg_fail(sql, res, what, err);
        PQclear(res);
        pg_note_transaction(sql);
        return BZ_STORE;
    }
    PQclear(res);
    while (len > 0 && status == BZ_OK) {
        int chunk = len > (1u << 20) ? 1 << 20 : (int)len;

        if (PQputCopyData(sql->conn, data, chunk) != 1)
            status = pg_fail(sql, NULL, what, err);
        data += chunk;
        len -= (size_t)chunk;
    }
    if (PQputCopyEnd(sql->conn, status == BZ_OK ? NULL : "bzpeer gave up") !=
            1 &&
        status == BZ_OK)
        status = pg_fail(sql, NULL, what, err);
    while ((res = PQgetResult(sql->conn)) != NULL) {
        if (PQresultStatus(res) != PGRES_COMMAND_OK && status == BZ_OK)
            status = pg_fail(sql, res, what, err);
        PQclear(res);
    }
    pg_note_transaction(sql);
    return status;
}


/* A lost connection ends every session's transaction on the server. */
static void pg_close(struct bz_sql *base)
{
    struct pg_sql *sql = (struct pg_sql *)base;

    if (sql == NULL)
        return;
    PQfinish(sql->conn);
    free(sql->url_shown);
    free(sql);
}

/* --- opening --- */

/* Whether the server at url is not up yet: not listening, or refusing
 * while it starts. Any other failure (a password, a database) stays. */
static int pg_server_starting(const char *url)
{
    PGPing ping = PQping(url);

    return ping == PQPING_NO_RESPONSE || ping == PQPING_REJECT;
}

/* The server's notices ("already exists, skipping") are no failures, and
 * libpq would print them on stderr, outside the log. */
static void pg_ignore_notice(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

static enum bz_status pg_connect(struct pg_sql *sql, const char *url,
                                 struct bz_error *err)
{
    char reason[BZ_ERROR_MESSAGE_MAX / 2];
    struct timespec start;

    clock_gettime(CLOCK_MONOTONIC, &start);
    for (;;) {
        sql->conn = PQconnectdb(url);
        if (sql->conn == NULL)
            return bz_error_set(err, BZ_NOMEM,
                                "postgresql: connect to "
                                "'%s' failed: out of memory",
                                sql->url_shown);
        if (PQstatus(sql->conn) == CONNECTION_OK) {
            PQsetNoticeProcessor(sql->conn, pg_ignore_notice, NULL);
            return BZ_OK;
        }
        if (pg_elapsed_ms(&start) >= PG_CONNECT_WAIT_MS ||
            !pg_server_starting(url))
            break;
        PQfinish(sql->conn);
        sql->conn = NULL;
        pg_sleep_ms(100);
    }
    pg_reason(sql->conn, NULL, reason, sizeof reason);
    return bz_error_set(err, BZ_STORE, "postgresql: connect to '%s' failed: %s",
                        sql->url_shown, reason);
}

static enum bz_status pg_check_version(struct pg_sql *sql, struct bz_error *err)
{
    int version = PQserverVersion(sql->conn);

    if (version >= PG_MIN_SERVER_VERSION)
        return BZ_OK;
    return bz_error_set(err, BZ_STORE,
                        "postgresql: server at '%s' runs version %d.%d; "
                        "bzpeer needs 15 or later",
                        sql->url_shown, version / 10000, version % 10000);
}

/* The generation's sequence. Two processes opening a new database at
 * once may both find it missing; the loser's error means it exists. */
static enum bz_status pg_create_sequence(struct pg_sql *sql,
                                         struct bz_error *err)
{
    PGresult *res = PQexec(sql->conn, "CREATE SEQUENCE IF NOT EXISTS "
                                      "bzpeer_generation");
    enum bz_status status = BZ_OK;

    if (!pg_result_ok(res) && !pg_sqlstate_is(res, "42P07") &&
        !pg_sqlstate_is(res, "23505"))
        status = pg_fail(sql, res, "create sequence 'bzpeer_generation'", err);
    PQclear(res);
    return status;
}

enum bz_status bz_sql_pg_open(const char *url, struct bz_sql **out,
                              struct bz_error *err)
{
    struct pg_sql *sql = calloc(1, sizeof *sql);
    enum bz_status status;

    *out = NULL;
    if (sql == NULL)
        return bz_error_set(err, BZ_NOMEM, "postgresql: out of memory");
    sql->base.driver = &pg_driver;
    sql->session = 1;
    sql->url_shown = malloc(strlen(url) + 16); /* "***" may lengthen it */
    if (sql->url_shown != NULL)
        bz_store_url_redacted(url, sql->url_shown, strlen(url) + 16);
    if (sql->url_shown == NULL) {
        free(sql);
        return bz_error_set(err, BZ_NOMEM, "postgresql: out of memory");
    }
    status = pg_connect(sql, url, err);
    if (status == BZ_OK)
        status = pg_session_setup(sql, err);
    if (status == BZ_OK)
        status = pg_check_version(sql, err);
    if (status == BZ_OK)
        status = pg_create_sequence(sql, err);
    if (status != BZ_OK) {
        pg_close(&sql->base);
        return status;
    }
    *out = &sql->base;
    return BZ_OK;
}

static const struct bz_sql_driver pg_driver = {
    .name = "postgresql",
    .dialect = BZ_SQL_POSTGRESQL,
    .reports_late = 1,
    .migrations = bz_schema_pg,
    .migration_count = &bz_schema_pg_count,
    .close = pg_close,
    .prepare = pg_prepare,
    .finalize = pg_finalize,
    .bind_null = pg_bind_null,
    .bind_int64 = pg_bind_int64,
    .bind_double = pg_bind_double,
    .bind_text = pg_bind_text,
    .step = pg_step,
    .column_null = pg_column_null,
    .column_int64 = pg_column_int64,
    .column_double = pg_column_double,
    .column_text = pg_column_text,
    .changes = pg_changes,
    .reset = pg_reset,
    .exec = pg_exec,
    .begin = pg_begin,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .in_transaction = pg_in_transaction,
    .generation = pg_generation,
    .copy_in = pg_copy_in,
};
