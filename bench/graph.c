/* graph.c - the research graph benchmark: slice latency at scale, beside
 * the same query written as recursive SQL, in the same run.
 *
 *   bzgraphbench [--researchers N] [--seed S] [--queries Q]
 *                [--sql-queries Q] [--depth-two-sql-queries Q] [--reuse]
 *                DBFILE
 *
 * Writes a synthetic graph of N researchers into a fresh SQLite database
 * DBFILE (made by bz_store_open, so with bzpeer's schema and indexes),
 * straight through SQL in one transaction: the importer reads a record
 * at a time (about 2,000 works a second, README), too slow for a million
 * people. The shape: productivity by Lotka's law (a researcher writes k
 * works with probability proportional to k^-2, up to 1,000), teams of 1
 * to 8 with a tail to 60 drawn from authorship slots shuffled within
 * communities and, one slot in six, across the whole graph, so that
 * co-authorship is local, repeated and power-law; a home institution and
 * a topic per community; years, citation counts (Pareto) and references
 * (five a work, half to recent works near by, half to much-cited ones).
 *
 * Then it times bz_graph_slice_build (depth 1 and 2, limit 40) for Q
 * researchers drawn at random, and a recursive SQL walk that ranks the
 * same neighbourhood (co-authors by summed 1/(authors - 1), works, topics
 * and institutions, top 40) for the first of them, on a connection of its
 * own. Prints one line per measure: p50, p99, mean and max in ms. With
 * --reuse, DBFILE is measured as it is (written before with the same N
 * and seed); with BENCH_GRAPH_QUERIES set, the time of each store query
 * is printed after each slice measure.
 */
#include <math.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/error.h"
#include "graph/graph.h"
#include "store/store.h"

#define BENCH_MAX_WORKS 1000 /* a researcher's most */
#define BENCH_COMMUNITY 150  /* researchers in a community */
#define BENCH_WINDOW 4096    /* authorship slots shuffled together */
#define BENCH_TOPICS 4500
#define BENCH_REFERENCES 5
#define BENCH_SQL_TIMEOUT 10.0 /* seconds: a recursive query past it stops */

static uint64_t bench_state = 88172645463325252ull;

static uint64_t bench_next(void)
{
    bench_state ^= bench_state << 13; /* xorshift64 */
    bench_state ^= bench_state >> 7;
    bench_state ^= bench_state << 17;
    return bench_state;
}

static double bench_unit(void)
{
    return (double)(bench_next() >> 11) / 9007199254740992.0;
}

static uint64_t bench_below(uint64_t n)
{
    return bench_next() % n;
}

static double bench_clock(clockid_t clock)
{
    struct timespec t;

    clock_gettime(clock, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double bench_now(void)
{
    return bench_clock(CLOCK_MONOTONIC);
}

/* This process's CPU time: the machine is shared, and the wall clock
 * counts the time others had the cores too. */
static double bench_cpu(void)
{
    return bench_clock(CLOCK_PROCESS_CPUTIME_ID);
}

static void bench_die(const char *what, const char *detail)
{
    fprintf(stderr, "bzgraphbench: %s: %s\n", what, detail);
    exit(1);
}

/* --- writing the graph -----------------------------------------------------
 */

struct bench_db {
    sqlite3 *db;
    sqlite3_stmt *researcher, *work, *work_id, *authorship, *inst_link,
        *topic_link, *citation, *count;
};

static sqlite3_stmt *bench_prepare(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st;

    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        bench_die(sql, sqlite3_errmsg(db));
    return st;
}

static void bench_exec(sqlite3 *db, const char *sql)
{
    char *message = NULL;

    if (sqlite3_exec(db, sql, NULL, NULL, &message) != SQLITE_OK)
        bench_die(sql, message ? message : "failed");
}

static void bench_step(struct bench_db *b, sqlite3_stmt *st)
{
    if (sqlite3_step(st) != SQLITE_DONE)
        bench_die("insert", sqlite3_errmsg(b->db));
    sqlite3_reset(st);
}

/* Lotka's law: k with probability proportional to k^-2, 1..max. */
static int bench_productivity(void)
{
    double u = bench_unit();
    /* inverse of the continuous CDF of x^-2 on [1, max + 1) */
    double k = 1.0 / (1.0 - u * (1.0 - 1.0 / (BENCH_MAX_WORKS + 1)));

    return k >= BENCH_MAX_WORKS ? BENCH_MAX_WORKS : (int)k;
}

static int bench_team(void)
{
    double u = bench_unit();

    if (u < 0.9)
        return 1 + (int)bench_below(8);
    return 9 + (int)(pow(bench_unit(), 3.0) * 52); /* the tail, to 60 */
}

static void bench_people(struct bench_db *b, long n)
{
    char name[64], key[64], slug[64];

    for (long r = 1; r <= n; r++) {
        snprintf(name, sizeof(name), "Researcher %ld", r);
        snprintf(key, sizeof(key), "researcher %ld", r);
        snprintf(slug, sizeof(slug), "researcher-%ld", r);
        sqlite3_bind_int64(b->researcher, 1, r);
        sqlite3_bind_text(b->researcher, 2, name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(b->researcher, 3, key, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(b->researcher, 4, slug, -1, SQLITE_TRANSIENT);
        bench_step(b, b->researcher);
    }
    bench_exec(b->db, "INSERT INTO topic (id, scheme, external_id, "
                      "display_name, level) WITH RECURSIVE t(i) AS "
                      "(SELECT 1 UNION ALL SELECT i + 1 FROM t WHERE i < 4500) "
                      "SELECT i, 'openalex', 'T' || (10000 + i), "
                      "'Topic ' || i, 'topic' FROM t");
    bench_exec(b->db, "INSERT INTO institution (id, display_name) "
                      "WITH RECURSIVE t(i) AS (SELECT 1 UNION ALL "
                      "SELECT i + 1 FROM t WHERE i < 20000) "
                      "SELECT i, 'Institution ' || i FROM t");
}

/* The authorship slots: researcher r once per work, shuffled within
 * windows (communities sit together), one in six swapped anywhere. */
static int32_t *bench_slots(long n, size_t *count)
{
    size_t cap = (size_t)n * 6, used = 0;
    int32_t *slots = malloc(cap * sizeof(*slots));

    if (slots == NULL)
        bench_die("memory", "slots");
    for (long r = 1; r <= n; r++) {
        int k = bench_productivity();

        for (int i = 0; i < k; i++) {
            if (used == cap) {
                cap *= 2;
                if ((slots = realloc(slots, cap * sizeof(*slots))) == NULL)
                    bench_die("memory", "slots");
            }
            slots[used++] = (int32_t)r;
        }
    }
    for (size_t start = 0; start < used; start += BENCH_WINDOW) {
        size_t len = used - start < BENCH_WINDOW ? used - start : BENCH_WINDOW;

        for (size_t i = len; i > 1; i--) {
            size_t j = bench_below(i);
            int32_t t = slots[start + i - 1];

            slots[start + i - 1] = slots[start + j];
            slots[start + j] = t;
        }
    }
    for (size_t i = 0; i < used; i++)
        if (bench_below(6) == 0) {
            size_t j = bench_below(used);
            int32_t t = slots[i];

            slots[i] = slots[j];
            slots[j] = t;
        }
    *count = used;
    return slots;
}

static void bench_work(struct bench_db *b, long w, const int32_t *team,
                       int size, long works_so_far)
{
    char title[64], slug[64], value[32];
    int year = 2025 - (int)(pow(bench_unit(), 1.5) * 35);
    long cites = (long)(pow(1.0 - bench_unit(), -1.0 / 1.2)) - 1;
    int topic = 1 + (int)((team[0] / BENCH_COMMUNITY) * 7919 % BENCH_TOPICS);

    snprintf(title, sizeof(title), "Synthetic work %ld", w);
    snprintf(slug, sizeof(slug), "synthetic-work-%ld", w);
    snprintf(value, sizeof(value), "W%ld", w);
    sqlite3_bind_int64(b->work, 1, w);
    sqlite3_bind_text(b->work, 2, title, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(b->work, 3, slug, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(b->work, 4, year);
    bench_step(b, b->work);
    sqlite3_bind_text(b->work_id, 1, value, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(b->work_id, 2, w);
    bench_step(b, b->work_id);
    if (cites > 0) {
        sqlite3_bind_int64(b->count, 1, w);
        sqlite3_bind_int64(b->count, 2, cites > 100000 ? 100000 : cites);
        bench_step(b, b->count);
    }
    for (int i = 0; i < size; i++) {
        sqlite3_bind_int64(b->authorship, 1, w);
        sqlite3_bind_int(b->authorship, 2, i + 1);
        sqlite3_bind_int64(b->authorship, 3, team[i]);
        bench_step(b, b->authorship);
        sqlite3_bind_int64(b->inst_link, 1, w);
        sqlite3_bind_int(b->inst_link, 2, i + 1);
        sqlite3_bind_int64(b->inst_link, 3,
                           1 + (team[i] / (BENCH_COMMUNITY * 3)) % 20000);
        bench_step(b, b->inst_link);
    }
    for (int t = 0; t < 1 + (int)bench_below(3); t++) {
        sqlite3_bind_int64(b->topic_link, 1, w);
        sqlite3_bind_int(b->topic_link, 2,
                         1 + (topic - 1 + t * (int)bench_below(40)) %
                                 BENCH_TOPICS);
        sqlite3_bind_double(b->topic_link, 3, 1.0 - 0.2 * t);
        bench_step(b, b->topic_link);
    }
    for (int r = 0; r < BENCH_REFERENCES && works_so_far > 1; r++) {
        long cited = bench_below(2)
                         ? w - 1 -
                               (long)bench_below(
                                   works_so_far < 500 ? works_so_far - 1 : 500)
                         : 1 + (long)(pow(bench_unit(), 3.0) *
                                      (double)(works_so_far - 1));

        if (cited < 1 || cited >= w)
            continue;
        snprintf(value, sizeof(value), "W%ld", cited);
        sqlite3_bind_int64(b->citation, 1, w);
        sqlite3_bind_text(b->citation, 2, value, -1, SQLITE_TRANSIENT);
        bench_step(b, b->citation);
    }
}

/* Cuts the slots into works; a researcher twice in a team is once. */
static long bench_works(struct bench_db *b, const int32_t *slots, size_t count)
{
    int32_t team[64];
    long w = 0;
    size_t i = 0;

    while (i < count) {
        int want = bench_team(), size = 0;

        for (; i < count && size < want; i++) {
            int dup = 0;

            for (int k = 0; k < size; k++)
                dup |= team[k] == slots[i];
            if (!dup)
                team[size++] = slots[i];
        }
        if (size == 0)
            break;
        w++;
        bench_work(b, w, team, size, w - 1);
    }
    return w;
}

static void bench_load(const char *path, long researchers)
{
    struct bench_db b = {0};
    struct bz_store *store;
    struct bz_error err;
    char url[4096];
    double t0 = bench_now();
    size_t slots_count;
    int32_t *slots;
    long works;

    remove(path);
    snprintf(url, sizeof(url), "sqlite:%s", path);
    if (bz_store_open(url, &store, &err) != BZ_OK)
        bench_die(path, err.message);
    bz_store_close(store);
    if (sqlite3_open(path, &b.db) != SQLITE_OK)
        bench_die(path, sqlite3_errmsg(b.db));
    bench_exec(b.db, "PRAGMA synchronous = OFF; PRAGMA cache_size = -262144; "
                     "BEGIN");
    b.researcher = bench_prepare(b.db, "INSERT INTO researcher (id, "
                                       "display_name, name_key, slug) "
                                       "VALUES (?1, ?2, ?3, ?4)");
    b.work = bench_prepare(b.db, "INSERT INTO work (id, title, slug, "
                                 "publication_year, type) VALUES "
                                 "(?1, ?2, ?3, ?4, 'article')");
    b.work_id = bench_prepare(b.db, "INSERT INTO work_id (scheme, value, "
                                    "work_id, source) VALUES ('openalex', "
                                    "?1, ?2, 'bench')");
    b.count = bench_prepare(b.db, "INSERT INTO work_citation_count (work_id, "
                                  "source, count) VALUES (?1, 'bench', ?2)");
    b.authorship =
        bench_prepare(b.db, "INSERT INTO authorship (work_id, position, "
                            "researcher_id, raw_name) VALUES (?1, ?2, "
                            "?3, 'Researcher ' || ?3)");
    b.inst_link = bench_prepare(b.db, "INSERT INTO authorship_institution "
                                      "(work_id, position, institution_id, "
                                      "ordinal) VALUES (?1, ?2, ?3, 1)");
    b.topic_link = bench_prepare(b.db, "INSERT OR IGNORE INTO work_topic "
                                       "(work_id, topic_id, score, source) "
                                       "VALUES (?1, ?2, ?3, 'bench')");
    b.citation = bench_prepare(b.db, "INSERT OR IGNORE INTO citation "
                                     "(citing_work_id, cited_scheme, "
                                     "cited_value) VALUES (?1, "
                                     "'openalex', ?2)");
    bench_people(&b, researchers);
    slots = bench_slots(researchers, &slots_count);
    works = bench_works(&b, slots, slots_count);
    free(slots);
    sqlite3_finalize(b.researcher);
    sqlite3_finalize(b.work);
    sqlite3_finalize(b.work_id);
    sqlite3_finalize(b.count);
    sqlite3_finalize(b.authorship);
    sqlite3_finalize(b.inst_link);
    sqlite3_finalize(b.topic_link);
    sqlite3_finalize(b.citation);
    /* each work's reference list, from its edges, as an import keeps it */
    bench_exec(b.db, "INSERT INTO work_reference (work_id, reference_count, "
                     "refs) SELECT citing_work_id, count(*), "
                     "json_group_array(json_array(cited_scheme, "
                     "cited_value)) FROM citation GROUP BY citing_work_id");
    bench_exec(b.db, "COMMIT");
    sqlite3_close(b.db);
    printf("loaded %ld researchers, %ld works, %zu authorships in %.1f s\n",
           researchers, works, slots_count, bench_now() - t0);
    fflush(stdout);
}

/* --- measuring -------------------------------------------------------------
 */

/* Where the time goes: the store's graph_rows, timed per query. */
static const struct bz_store_ops *bench_real_ops;
static double bench_query_seconds[BZ_GRAPH_Q_COUNT];
static long bench_query_calls[BZ_GRAPH_Q_COUNT];

static enum bz_status bench_timed_rows(struct bz_store *store,
                                       struct bz_arena *arena,
                                       enum bz_graph_query query, int64_t id,
                                       int limit, struct bz_graph_row **out,
                                       size_t *count, struct bz_error *err)
{
    double t0 = bench_now();
    enum bz_status rc = bench_real_ops->graph_rows(store, arena, query, id,
                                                   limit, out, count, err);

    bench_query_seconds[query] += bench_now() - t0;
    bench_query_calls[query]++;
    return rc;
}

static void bench_query_report(void)
{
    for (int q = 0; q < BZ_GRAPH_Q_COUNT; q++)
        if (bench_query_calls[q])
            printf("    query %2d: %8ld calls, %8.3f ms each, %7.1f s in "
                   "all\n",
                   q, bench_query_calls[q],
                   bench_query_seconds[q] * 1000 / bench_query_calls[q],
                   bench_query_seconds[q]);
    memset(bench_query_seconds, 0, sizeof(bench_query_seconds));
    memset(bench_query_calls, 0, sizeof(bench_query_calls));
}

static int bench_compare(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return x < y ? -1 : x > y;
}

static void bench_report(const char *what, double *ms, int n, double nodes)
{
    double sum = 0;

    qsort(ms, (size_t)n, sizeof(*ms), bench_compare);
    for (int i = 0; i < n; i++)
        sum += ms[i];
    printf("%-28s %6d  p50 %8.3f ms  p99 %8.3f ms  mean %8.3f ms  "
           "max %9.3f ms  nodes %.1f\n",
           what, n, ms[n / 2], ms[(int)((n - 1) * 0.99)], sum / n, ms[n - 1],
           nodes / n);
    fflush(stdout);
}

static void bench_slices(const char *path, enum bz_graph_kind kind,
                         const int64_t *centres, int n, int depth)
{
    struct bz_store *store;
    struct bz_arena arena;
    struct bz_graph_slice s;
    struct bz_error err;
    char url[4096], what[64];
    double *ms = calloc((size_t)n, sizeof(*ms)), nodes = 0;
    double *cpu = calloc((size_t)n, sizeof(*cpu));

    snprintf(url, sizeof(url), "sqlite:%s", path);
    if (ms == NULL || cpu == NULL || bz_store_open(url, &store, &err) != BZ_OK)
        bench_die(path, err.message);
    bz_arena_init(&arena, 0);
    if (getenv("BENCH_GRAPH_QUERIES") != NULL) {
        static struct bz_store_ops timed;

        bench_real_ops = store->ops;
        timed = *store->ops;
        timed.graph_rows = bench_timed_rows;
        store->ops = &timed;
    }
    for (int i = 0; i < n + n / 10; i++) { /* the first tenth warms up */
        int k = i < n / 10 ? i : i - n / 10;
        double t0 = bench_now(), c0 = bench_cpu();

        if (bz_graph_slice_build(store, &arena, kind, centres[k], depth,
                                 BZ_GRAPH_DEFAULT_LIMIT, &s, &err) != BZ_OK)
            bench_die("slice", err.message);
        if (i >= n / 10) {
            ms[k] = (bench_now() - t0) * 1000;
            cpu[k] = (bench_cpu() - c0) * 1000;
            nodes += (double)s.node_count;
        }
        bz_arena_reset(&arena);
    }
    snprintf(what, sizeof(what), "slice depth %d%s (bzpeer)", depth,
             kind == BZ_GRAPH_WORK          ? ", works"
             : kind == BZ_GRAPH_TOPIC       ? ", topics"
             : kind == BZ_GRAPH_INSTITUTION ? ", institutions"
                                            : "");
    bench_report(what, ms, n, nodes);
    snprintf(what, sizeof(what), "  the same, CPU time");
    bench_report(what, cpu, n, nodes);
    if (bench_real_ops != NULL) {
        bench_query_report();
        store->ops = bench_real_ops;
    }
    bz_arena_release(&arena);
    bz_store_close(store);
    free(cpu);
    free(ms);
}

/* The same neighbourhood as one recursive query: walk authorship both
 * ways (to a researcher weighted 1/(authors - 1)), work topics and work
 * institutions for 2 hops per depth, sum the weights of the paths that
 * reach each record, keep the 40 best. */
static const char bench_recursive_sql[] =
    "WITH RECURSIVE walk(kind, id, hops, weight) AS ("
    "SELECT 'R', ?1, 0, 1.0 "
    "UNION ALL SELECT 'W', a.work_id, w.hops + 1, w.weight "
    "FROM walk w JOIN authorship a ON a.researcher_id = w.id "
    "WHERE w.kind = 'R' AND w.hops < ?2 "
    "UNION ALL SELECT 'R', a.researcher_id, w.hops + 1, "
    "w.weight / max(1, (SELECT count(*) - 1 FROM authorship c "
    "WHERE c.work_id = w.id)) "
    "FROM walk w JOIN authorship a ON a.work_id = w.id "
    "WHERE w.kind = 'W' AND w.hops < ?2 AND a.researcher_id IS NOT NULL "
    "UNION ALL SELECT 'T', t.topic_id, w.hops + 1, w.weight "
    "FROM walk w JOIN work_topic t ON t.work_id = w.id "
    "WHERE w.kind = 'W' AND w.hops < ?2 "
    "UNION ALL SELECT 'I', i.institution_id, w.hops + 1, w.weight "
    "FROM walk w JOIN authorship_institution i ON i.work_id = w.id "
    "WHERE w.kind = 'W' AND w.hops < ?2) "
    "SELECT kind, id, sum(weight) AS score FROM walk "
    "WHERE NOT (kind = 'R' AND id = ?1) GROUP BY kind, id "
    "ORDER BY score DESC, kind, id LIMIT 40";

static int bench_deadline(void *data)
{
    return bench_now() > *(double *)data;
}

static void bench_recursive(const char *path, const int64_t *centres, int n,
                            int depth)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st;
    double *ms = calloc((size_t)n, sizeof(*ms)), nodes = 0, deadline;
    double *cpu = calloc((size_t)n, sizeof(*cpu));
    char what[64];
    int stopped = 0, rc;

    if (ms == NULL || cpu == NULL ||
        sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        bench_die(path, "cannot open for the recursive query");
    st = bench_prepare(db, bench_recursive_sql);
    sqlite3_progress_handler(db, 10000, bench_deadline, &deadline);
    for (int i = 0; i < n; i++) {
        double t0 = bench_now(), c0 = bench_cpu();

        deadline = t0 + BENCH_SQL_TIMEOUT;
        sqlite3_bind_int64(st, 1, centres[i]);
        sqlite3_bind_int(st, 2, 2 * depth);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW)
            nodes += 1;
        if (rc == SQLITE_INTERRUPT)
            stopped++;
        else if (rc != SQLITE_DONE)
            bench_die("recursive query", sqlite3_errmsg(db));
        sqlite3_reset(st);
        ms[i] = (bench_now() - t0) * 1000;
        cpu[i] = (bench_cpu() - c0) * 1000;
        nodes += 1; /* the centre */
    }
    snprintf(what, sizeof(what), "recursive SQL depth %d", depth);
    bench_report(what, ms, n, nodes);
    snprintf(what, sizeof(what), "  the same, CPU time");
    bench_report(what, cpu, n, nodes);
    if (stopped)
        printf("  (%d of %d stopped at %.0f s, counted as %.0f s)\n", stopped,
               n, BENCH_SQL_TIMEOUT, BENCH_SQL_TIMEOUT);
    sqlite3_finalize(st);
    sqlite3_close(db);
    free(cpu);
    free(ms);
}

/* The highest id of table: bench_load numbers its records 1 to that. */
static long bench_max_id(const char *path, const char *table)
{
    char sql[64];
    long count = 0;
    sqlite3 *db;
    sqlite3_stmt *st;

    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        bench_die(path, "cannot open to count records");
    snprintf(sql, sizeof(sql), "SELECT max(id) FROM %s", table);
    st = bench_prepare(db, sql);
    if (sqlite3_step(st) == SQLITE_ROW)
        count = (long)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    if (count < 1)
        bench_die(table, "holds no records");
    return count;
}

static long bench_number(const char *s, const char *what)
{
    char *end;
    long n = strtol(s, &end, 10);

    if (*s == '\0' || *end || n < 1)
        bench_die(what, "expected a positive number");
    return n;
}

int main(int argc, char **argv)
{
    long researchers = 100000, queries = 2000, sql_queries = 200, sql_two = 50;
    const char *path = NULL;
    static const struct {
        enum bz_graph_kind kind;
        const char *table;
        int depth;
    } others[] = {{BZ_GRAPH_WORK, "work", 2},
                  {BZ_GRAPH_TOPIC, "topic", 1},
                  {BZ_GRAPH_INSTITUTION, "institution", 1}};
    int64_t *centres;
    int reuse = 0;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--researchers") == 0 && i + 1 < argc)
            researchers = bench_number(argv[++i], "--researchers");
        else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc)
            bench_state = (uint64_t)bench_number(argv[++i], "--seed") *
                          0x9e3779b97f4a7c15ull;
        else if (strcmp(argv[i], "--queries") == 0 && i + 1 < argc)
            queries = bench_number(argv[++i], "--queries");
        else if (strcmp(argv[i], "--sql-queries") == 0 && i + 1 < argc)
            sql_queries = bench_number(argv[++i], "--sql-queries");
        else if (strcmp(argv[i], "--depth-two-sql-queries") == 0 &&
                 i + 1 < argc)
            sql_two = bench_number(argv[++i], "--depth-two-sql-queries");
        else if (strcmp(argv[i], "--reuse") == 0)
            reuse = 1;
        else if (argv[i][0] != '-' && path == NULL)
            path = argv[i];
        else
            bench_die(argv[i], "usage: bzgraphbench [--researchers N] "
                               "[--seed S] [--queries Q] [--sql-queries Q] "
                               "[--depth-two-sql-queries Q] [--reuse] "
                               "DBFILE");
    }
    if (path == NULL)
        bench_die("DBFILE", "missing");
    if (!reuse)
        bench_load(path, researchers);
    /* the slices are read as the server reads them (sqlite.mmap_mb's
     * default) */
    bz_store_map_reads((int64_t)2048 << 20);
    if ((centres = calloc((size_t)queries, sizeof(*centres))) == NULL)
        bench_die("memory", "centres");
    for (long i = 0; i < queries; i++)
        centres[i] = 1 + (int64_t)bench_below((uint64_t)researchers);
    bench_slices(path, BZ_GRAPH_RESEARCHER, centres, (int)queries, 1);
    bench_slices(path, BZ_GRAPH_RESEARCHER, centres, (int)queries, 2);
    bench_recursive(path, centres,
                    (int)(sql_queries < queries ? sql_queries : queries), 1);
    bench_recursive(path, centres, (int)(sql_two < queries ? sql_two : queries),
                    2);
    /* a work page draws a depth-2 slice around its work; topic and
     * institution pages depth 1 */
    for (size_t k = 0; k < sizeof(others) / sizeof(others[0]); k++) {
        long most = bench_max_id(path, others[k].table);

        for (long i = 0; i < queries; i++)
            centres[i] = 1 + (int64_t)bench_below((uint64_t)most);
        bench_slices(path, others[k].kind, centres, (int)queries,
                     others[k].depth);
    }
    free(centres);
    return 0;
}
