/* test_graph.c - the research graph's ranking (docs/graph.md): the rules
 * on hand-made rows served by a fake store, then slices of the demo data
 * on SQLite and PostgreSQL (support/test_db.h): Surya Ganguli (R4) at the
 * centre, Jonathan Kadmon the strongest co-author at 1.5, hidden works
 * and records left out. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/arena.h"
#include "graph/graph.h"
#include "import/import.h"
#include "store/store.h"
#include "support/test_db.h"

/* --- the rules alone ------------------------------------------------------ */

static void test_work_rank(void **state)
{
    (void)state;
    /* no citations, this year: 1 */
    assert_float_equal(bz_graph_work_rank(0, 2024, 2024), 1.0, 1e-12);
    /* 1 + log2(1 + 7) = 4 */
    assert_float_equal(bz_graph_work_rank(7, 2024, 2024), 4.0, 1e-12);
    /* a half-life older: half */
    assert_float_equal(bz_graph_work_rank(7, 2020, 2024), 2.0, 1e-12);
    /* unknown year: BZ_GRAPH_UNKNOWN_AGE years old */
    assert_float_equal(bz_graph_work_rank(0, 0, 2024),
                       exp2(-BZ_GRAPH_UNKNOWN_AGE / BZ_GRAPH_HALF_LIFE), 1e-12);
    /* a year past the newest counts as the newest; a negative count 0 */
    assert_float_equal(bz_graph_work_rank(-3, 2026, 2024), 1.0, 1e-12);
    assert_true(bz_graph_work_rank(100, 2020, 2024) >
                bz_graph_work_rank(1, 2024, 2024));
}

static void test_strength_share(void **state)
{
    (void)state;
    assert_float_equal(bz_graph_strength_share(2), 1.0, 1e-12);
    assert_float_equal(bz_graph_strength_share(3), 0.5, 1e-12);
    assert_float_equal(bz_graph_strength_share(5), 0.25, 1e-12);
    assert_float_equal(bz_graph_strength_share(1), 0.0, 1e-12);
    assert_float_equal(bz_graph_strength_share(0), 0.0, 1e-12);
}

/* --- a fake store of hand-made rows ----------------------------------------
 */

/* Researcher R1 wrote W10 (2020, 5 citations, 2 authors: R1, R2), W11
 * (2024, 3 authors: R1, R2, R3) and W12 (2024, 3 authors: R1, R5, R4).
 * Strengths: R2 1 + 1/2 = 1.5, R3, R4, R5 0.5 each (a tie: by id).
 * Topics: T20 on W10 and W11 (2/3), T21 on W12 (1/3). Institutions: I30
 * listed by R1 and R2 on W10, I31 by R3 on W11. W11 cites W10. */
struct fake_row {
    enum bz_graph_query query;
    int64_t of;
    struct bz_graph_row row;
};

/* A row of researcher R1's neighbourhood. */
#define HOOD(part, ...)                                                        \
    {BZ_GRAPH_Q_RESEARCHER_HOOD, 1, {.kind = part, __VA_ARGS__}}

static const struct fake_row fake_rows[] = {
    {BZ_GRAPH_Q_RESEARCHER, 1, {.id = 1, .label = "Ada", .slug = "ada"}},
    {BZ_GRAPH_Q_RESEARCHER, 9, {.from = 1, .id = 9, .label = "Old Ada"}},
    {BZ_GRAPH_Q_RESEARCHER, 8, {.id = 8, .label = "Hid", .position = 1}},
    {BZ_GRAPH_Q_RESEARCHER, 2, {.id = 2, .label = "Bo", .slug = "bo"}},
    {BZ_GRAPH_Q_RESEARCHER, 3, {.id = 3, .label = "Cy"}},
    {BZ_GRAPH_Q_RESEARCHER, 4, {.id = 4, .label = "Di"}},
    {BZ_GRAPH_Q_RESEARCHER, 5, {.id = 5, .label = "Ed"}},
    {BZ_GRAPH_Q_TOPIC, 20, {.id = 20, .label = "Graphs"}},
    {BZ_GRAPH_Q_TOPIC, 21, {.id = 21, .label = "Trees"}},
    {BZ_GRAPH_Q_INSTITUTION, 30, {.id = 30, .label = "Uni"}},
    {BZ_GRAPH_Q_INSTITUTION, 31, {.id = 31, .label = "Lab"}},
    HOOD('W', .from = 1, .id = 10, .label = "Ten", .year = 2020,
         .citations = 5, .authors = 2),
    HOOD('W', .from = 1, .id = 11, .label = "Eleven", .year = 2024,
         .authors = 3),
    HOOD('W', .from = 1, .id = 12, .label = "Twelve", .year = 2024,
         .authors = 3),
    /* authorships: from the work, id the author, via the institution */
    HOOD('A', .from = 10, .id = 1, .via = 30),
    HOOD('A', .from = 10, .id = 2, .via = 30),
    HOOD('A', .from = 11, .id = 1),
    HOOD('A', .from = 11, .id = 2),
    HOOD('A', .from = 11, .id = 3, .via = 31),
    HOOD('A', .from = 12, .id = 1),
    HOOD('A', .from = 12, .id = 5),
    HOOD('A', .from = 12, .id = 4),
    HOOD('T', .from = 10, .id = 20),
    HOOD('T', .from = 11, .id = 20),
    HOOD('T', .from = 12, .id = 21),
    {BZ_GRAPH_Q_WORK_CITES, 11, {.from = 11, .id = 10}},
};

static enum bz_status fake_graph_rows(struct bz_store *store,
                                      struct bz_arena *arena,
                                      enum bz_graph_query query, int64_t id,
                                      int limit, struct bz_graph_row **out,
                                      size_t *count, struct bz_error *err)
{
    size_t n = sizeof(fake_rows) / sizeof(fake_rows[0]), k = 0;

    (void)store;
    (void)limit;
    (void)err;
    *out = bz_arena_calloc(arena, n, sizeof(**out));
    for (size_t i = 0; i < n; i++)
        if (fake_rows[i].query == query && fake_rows[i].of == id)
            (*out)[k++] = fake_rows[i].row;
    *count = k;
    return BZ_OK;
}

static const struct bz_store_ops fake_ops = {.name = "fake",
                                             .graph_rows = fake_graph_rows};
static struct bz_store fake_store = {&fake_ops};

static const struct bz_graph_node *node_of(const struct bz_graph_slice *s,
                                           enum bz_graph_kind kind, int64_t id,
                                           size_t *index)
{
    for (size_t i = 0; i < s->node_count; i++)
        if (s->nodes[i].kind == kind && s->nodes[i].id == id) {
            if (index)
                *index = i;
            return &s->nodes[i];
        }
    return NULL;
}

static const struct bz_graph_edge *edge_of(const struct bz_graph_slice *s,
                                           const char *kind, size_t a, size_t b)
{
    for (size_t i = 0; i < s->edge_count; i++)
        if (strcmp(s->edges[i].kind, kind) == 0 &&
            ((s->edges[i].source == a && s->edges[i].target == b) ||
             (s->edges[i].source == b && s->edges[i].target == a)))
            return &s->edges[i];
    return NULL;
}

static void build(struct bz_store *store, struct bz_arena *arena,
                  enum bz_graph_kind kind, int64_t id, int depth, size_t limit,
                  struct bz_graph_slice *s)
{
    struct bz_error err;

    if (bz_graph_slice_build(store, arena, kind, id, depth, limit, s, &err) !=
        BZ_OK)
        fail_msg("slice of %c%lld: %s", (char)kind, (long long)id, err.message);
}

static void test_hand_made_ranks(void **state)
{
    struct bz_arena arena;
    struct bz_graph_slice s;
    static const struct {
        enum bz_graph_kind kind;
        int64_t id;
        double rank;
    } want[] = {
        {BZ_GRAPH_RESEARCHER, 1, 0},
        /* co-authors by strength, the tie at 0.5 by id */
        {BZ_GRAPH_RESEARCHER, 2, 1.5},
        {BZ_GRAPH_RESEARCHER, 3, 0.5},
        {BZ_GRAPH_RESEARCHER, 4, 0.5},
        {BZ_GRAPH_RESEARCHER, 5, 0.5},
        /* works: newest 2024; W10 (1 + log2 6) / 2 beats W11 and W12
         * (1 each), which tie and go by id */
        {BZ_GRAPH_WORK, 10, 1.7924812503605781},
        {BZ_GRAPH_WORK, 11, 1},
        {BZ_GRAPH_WORK, 12, 1},
        /* topics by share of works */
        {BZ_GRAPH_TOPIC, 20, 2.0 / 3},
        {BZ_GRAPH_TOPIC, 21, 1.0 / 3},
        /* institutions by researchers listing them */
        {BZ_GRAPH_INSTITUTION, 30, 2},
        {BZ_GRAPH_INSTITUTION, 31, 1},
    };
    size_t i, centre = 0, bo = 0, w10 = 0, w11 = 0, uni = 0;

    (void)state;
    bz_arena_init(&arena, 0);
    build(&fake_store, &arena, BZ_GRAPH_RESEARCHER, 1, 1,
          BZ_GRAPH_DEFAULT_LIMIT, &s);
    assert_int_equal(s.node_count, sizeof(want) / sizeof(want[0]));
    for (i = 0; i < s.node_count; i++) {
        assert_int_equal(s.nodes[i].kind, want[i].kind);
        assert_int_equal(s.nodes[i].id, want[i].id);
        assert_float_equal(s.nodes[i].rank, want[i].rank, 1e-9);
        assert_int_equal(s.nodes[i].depth, i == 0 ? 0 : 1);
    }
    assert_string_equal(s.nodes[0].label, "Ada");
    /* co-authors, topics and institutions are named once chosen */
    assert_string_equal(s.nodes[1].label, "Bo");
    assert_string_equal(s.nodes[1].slug, "bo");
    assert_string_equal(s.nodes[8].label, "Graphs");
    assert_string_equal(s.nodes[10].label, "Uni");
    /* co-authors and institutions are named after they are chosen */
    assert_string_equal(s.nodes[1].label, "Bo");
    assert_string_equal(s.nodes[1].slug, "bo");
    assert_string_equal(s.nodes[10].label, "Uni");
    assert_int_equal(s.nodes[5].year, 2020);

    assert_non_null(node_of(&s, BZ_GRAPH_RESEARCHER, 1, &centre));
    assert_non_null(node_of(&s, BZ_GRAPH_RESEARCHER, 2, &bo));
    assert_non_null(node_of(&s, BZ_GRAPH_WORK, 10, &w10));
    assert_non_null(node_of(&s, BZ_GRAPH_WORK, 11, &w11));
    assert_non_null(node_of(&s, BZ_GRAPH_INSTITUTION, 30, &uni));
    assert_float_equal(edge_of(&s, "coauthorship", centre, bo)->weight, 1.5,
                       1e-12);
    assert_non_null(edge_of(&s, "authorship", bo, w11));
    assert_non_null(edge_of(&s, "affiliation", bo, uni));
    assert_non_null(edge_of(&s, "institution", w10, uni));
    /* a citation keeps its direction: W11 cites W10 */
    assert_non_null(edge_of(&s, "citation", w10, w11));
    for (i = 0; i < s.edge_count; i++)
        if (strcmp(s.edges[i].kind, "citation") == 0) {
            assert_int_equal(s.edges[i].source, w11);
            assert_int_equal(s.edges[i].target, w10);
        }
    /* edges sorted by source, target, kind, each once */
    for (i = 1; i < s.edge_count; i++) {
        const struct bz_graph_edge *a = &s.edges[i - 1], *b = &s.edges[i];

        assert_true(
            a->source < b->source ||
            (a->source == b->source &&
             (a->target < b->target ||
              (a->target == b->target && strcmp(a->kind, b->kind) < 0))));
    }
    bz_arena_release(&arena);
}

/* The limit is taken by turns of kind: best researcher, best work, best
 * topic, best institution, second researcher, ... */
static void test_hand_made_turns(void **state)
{
    struct bz_arena arena;
    struct bz_graph_slice s;

    (void)state;
    bz_arena_init(&arena, 0);
    build(&fake_store, &arena, BZ_GRAPH_RESEARCHER, 1, 1, 6, &s);
    assert_int_equal(s.node_count, 6);
    assert_non_null(node_of(&s, BZ_GRAPH_RESEARCHER, 2, NULL));
    assert_non_null(node_of(&s, BZ_GRAPH_RESEARCHER, 3, NULL));
    assert_non_null(node_of(&s, BZ_GRAPH_WORK, 10, NULL));
    assert_non_null(node_of(&s, BZ_GRAPH_TOPIC, 20, NULL));
    assert_non_null(node_of(&s, BZ_GRAPH_INSTITUTION, 30, NULL));
    assert_null(node_of(&s, BZ_GRAPH_RESEARCHER, 4, NULL));

    build(&fake_store, &arena, BZ_GRAPH_RESEARCHER, 1, 1, 1, &s);
    assert_int_equal(s.node_count, 1);
    assert_int_equal(s.edge_count, 0);

    /* a record with no works has no neighbour: the centre alone */
    build(&fake_store, &arena, BZ_GRAPH_RESEARCHER, 3, 1, 10, &s);
    assert_int_equal(s.node_count, 1);
    assert_int_equal(s.nodes[0].id, 3);
    assert_int_equal(s.edge_count, 0);
    bz_arena_release(&arena);
}

static void test_hand_made_errors(void **state)
{
    struct bz_arena arena;
    struct bz_graph_slice s;
    struct bz_error err;
    struct bz_store *st = &fake_store;

    (void)state;
    bz_arena_init(&arena, 0);
    assert_int_equal(bz_graph_slice_build(st, &arena, BZ_GRAPH_RESEARCHER, 1, 3,
                                          10, &s, &err),
                     BZ_INVALID);
    assert_int_equal(bz_graph_slice_build(st, &arena, BZ_GRAPH_RESEARCHER, 1, 1,
                                          0, &s, &err),
                     BZ_INVALID);
    assert_int_equal(bz_graph_slice_build(st, &arena, BZ_GRAPH_RESEARCHER, 1, 1,
                                          BZ_GRAPH_MAX_LIMIT + 1, &s, &err),
                     BZ_INVALID);
    assert_int_equal(bz_graph_slice_build(st, &arena, (enum bz_graph_kind)'X',
                                          1, 1, 10, &s, &err),
                     BZ_INVALID);
    assert_int_equal(bz_graph_slice_build(st, &arena, BZ_GRAPH_RESEARCHER, 7, 1,
                                          10, &s, &err),
                     BZ_NOT_FOUND);
    assert_string_equal(err.message, "no researcher 'R7'");
    assert_int_equal(bz_graph_slice_build(st, &arena, BZ_GRAPH_RESEARCHER, 8, 1,
                                          10, &s, &err),
                     BZ_GONE);
    /* a merged record: its survivor's slice */
    build(st, &arena, BZ_GRAPH_RESEARCHER, 9, 1, 10, &s);
    assert_int_equal(s.nodes[0].id, 1);
    bz_arena_release(&arena);
}

static void test_resolve(void **state)
{
    struct bz_arena arena;
    struct bz_error err;
    enum bz_graph_kind kind;
    int64_t id;

    (void)state;
    bz_arena_init(&arena, 0);
    assert_int_equal(
        bz_graph_resolve(&fake_store, &arena, "T5-any", &kind, &id, &err),
        BZ_OK);
    assert_int_equal(kind, BZ_GRAPH_TOPIC);
    assert_int_equal(id, 5);
    assert_int_equal(
        bz_graph_resolve(&fake_store, &arena, "I2", &kind, &id, &err), BZ_OK);
    assert_int_equal(kind, BZ_GRAPH_INSTITUTION);
    assert_int_equal(
        bz_graph_resolve(&fake_store, &arena, "", &kind, &id, &err),
        BZ_INVALID);
    assert_int_equal(
        bz_graph_resolve(&fake_store, &arena, NULL, &kind, &id, &err),
        BZ_INVALID);
    assert_int_equal(
        bz_graph_resolve(&fake_store, &arena, "Q4", &kind, &id, &err),
        BZ_INVALID);
    assert_int_equal(
        bz_graph_resolve(&fake_store, &arena, "W0", &kind, &id, &err),
        BZ_INVALID);
    assert_int_equal(
        bz_graph_resolve(&fake_store, &arena, "openalex:X3", &kind, &id, &err),
        BZ_INVALID);
    bz_arena_release(&arena);
}

/* --- the demo data, on both engines ----------------------------------------
 */

struct fixture {
    struct bz_test_db db;
    struct bz_store *store;
    struct bz_arena arena;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));
    const char *src = getenv("BZ_SOURCE_DIR");
    char path[4096];
    const char *paths[] = {path};
    struct bz_import_options options = {0};
    struct bz_import_report report = {0};
    struct bz_error err;

    if (f == NULL)
        return -1;
    f->store = bz_test_db_open(&f->db, *(int *)*state);
    bz_arena_init(&f->arena, 0);
    snprintf(path, sizeof(path), "%s/data/demo/works.jsonl", src ? src : ".");
    options.quiet = 1;
    if (bz_import_files(f->store, paths, 1, &options, &report, &err) != BZ_OK)
        fail_msg("import %s: %s", path, err.message);
    bz_import_report_release(&report);
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

static void test_demo_ganguli(void **state)
{
    struct fixture *f = *state;
    struct bz_graph_slice s;
    size_t works = 0, i, kadmon;

    build(f->store, &f->arena, BZ_GRAPH_RESEARCHER, 4, 1,
          BZ_GRAPH_DEFAULT_LIMIT, &s);
    assert_int_equal(s.nodes[0].id, 4);
    assert_string_equal(s.nodes[0].label, "Surya Ganguli");
    assert_string_equal(s.nodes[0].slug, "surya-ganguli");
    assert_int_equal(s.nodes[1].kind, BZ_GRAPH_RESEARCHER);
    assert_string_equal(s.nodes[1].label, "Jonathan Kadmon");
    assert_float_equal(s.nodes[1].rank, 1.5, 1e-12);
    kadmon = 1;
    assert_float_equal(edge_of(&s, "coauthorship", 0, kadmon)->weight, 1.5,
                       1e-12);
    for (i = 2; i < s.node_count; i++)
        if (s.nodes[i].kind == BZ_GRAPH_RESEARCHER)
            assert_true(s.nodes[i].rank < 1.5);
    for (i = 0; i < s.node_count; i++)
        if (s.nodes[i].kind == BZ_GRAPH_WORK) {
            works++;
            assert_non_null(edge_of(&s, "authorship", 0, i));
        }
    assert_int_equal(works, 7);
    for (i = 0; i < s.edge_count; i++) {
        assert_true(s.edges[i].source < s.node_count);
        assert_true(s.edges[i].target < s.node_count);
    }
}

/* Depth 2 from a work reaches Ganguli's other works through him; the
 * same build twice gives the same slice. */
static void test_demo_depth_two(void **state)
{
    struct fixture *f = *state;
    struct bz_graph_slice a, b;
    size_t far = 0, i;

    build(f->store, &f->arena, BZ_GRAPH_WORK, 1, 2, BZ_GRAPH_DEFAULT_LIMIT, &a);
    build(f->store, &f->arena, BZ_GRAPH_WORK, 1, 2, BZ_GRAPH_DEFAULT_LIMIT, &b);
    assert_int_equal(a.nodes[0].kind, BZ_GRAPH_WORK);
    assert_int_equal(a.nodes[0].id, 1);
    assert_true(a.node_count <= BZ_GRAPH_DEFAULT_LIMIT);
    for (i = 0; i < a.node_count; i++) {
        far += a.nodes[i].depth == 2;
        assert_true(i == 0 || a.nodes[i].depth >= a.nodes[i - 1].depth);
        assert_int_equal(a.nodes[i].kind, b.nodes[i].kind);
        assert_int_equal(a.nodes[i].id, b.nodes[i].id);
    }
    assert_true(far > 0);
    assert_int_equal(a.edge_count, b.edge_count);
    assert_memory_equal(a.edges, b.edges, a.edge_count * sizeof(*a.edges));
}

/* A work the owner hid is left out; a hidden record is gone. */
static void test_demo_hidden(void **state)
{
    struct fixture *f = *state;
    const struct bz_store_ops *ops = f->store->ops;
    struct bz_work_flag flag = {.work_id = 1, .hidden = 1};
    struct bz_graph_slice s;
    struct bz_error err;

    assert_int_equal(ops->researcher_work_flag(f->store, 4, &flag, &err),
                     BZ_OK);
    build(f->store, &f->arena, BZ_GRAPH_RESEARCHER, 4, 1,
          BZ_GRAPH_DEFAULT_LIMIT, &s);
    assert_null(node_of(&s, BZ_GRAPH_WORK, 1, NULL));
    assert_non_null(node_of(&s, BZ_GRAPH_WORK, 2, NULL));

    assert_int_equal(ops->researcher_hide(f->store, 17, 1700000000, &err),
                     BZ_OK);
    build(f->store, &f->arena, BZ_GRAPH_RESEARCHER, 4, 1,
          BZ_GRAPH_DEFAULT_LIMIT, &s);
    assert_null(node_of(&s, BZ_GRAPH_RESEARCHER, 17, NULL));
    assert_int_equal(bz_graph_slice_build(f->store, &f->arena,
                                          BZ_GRAPH_RESEARCHER, 17, 1, 10, &s,
                                          &err),
                     BZ_GONE);
}

/* A neighbour expanded at depth 2 is read with the first
 * BZ_GRAPH_EXPAND_AUTHORS authors of each work, and its own authorship
 * wherever it stands; the centre's neighbourhood with all of them. */
static void test_expanded_first_authors(void **state)
{
    struct fixture *f = *state;
    enum { TEAM = BZ_GRAPH_EXPAND_AUTHORS + 8 };
    const char *tmp = getenv("BZ_TEST_TMP");
    char path[4096], ref[64];
    const char *paths[] = {path};
    struct bz_import_options options = {.quiet = 1};
    struct bz_import_report report = {0};
    struct bz_graph_row *rows;
    struct bz_error err;
    enum bz_graph_kind kind;
    int64_t last;
    size_t count, i, authors;
    FILE *out;

    snprintf(path, sizeof(path), "%s/graph-team-%ld.jsonl", tmp ? tmp : "/tmp",
             (long)getpid());
    out = fopen(path, "w");
    assert_non_null(out);
    fprintf(out, "{\"id\": \"https://openalex.org/W990001\", "
                 "\"title\": \"A large team\", \"publication_year\": 2025, "
                 "\"authorships\": [");
    for (i = 1; i <= TEAM; i++)
        fprintf(out,
                "%s{\"author_position\": \"%s\", \"author\": {\"id\": "
                "\"https://openalex.org/A99%04zu\", \"display_name\": "
                "\"Team Member %zu\"}, \"raw_author_name\": \"Team Member "
                "%zu\"}",
                i > 1 ? ", " : "", i == 1 ? "first" : "middle", i, i, i);
    fprintf(out, "]}\n");
    assert_int_equal(fclose(out), 0);
    if (bz_import_files(f->store, paths, 1, &options, &report, &err) != BZ_OK)
        fail_msg("import %s: %s", path, err.message);
    bz_import_report_release(&report);
    remove(path);

    snprintf(ref, sizeof(ref), "openalex:A99%04d", (int)TEAM);
    assert_int_equal(bz_graph_resolve(f->store, &f->arena, ref, &kind, &last,
                                      &err),
                     BZ_OK);
    assert_int_equal(kind, BZ_GRAPH_RESEARCHER);
    for (int expand = 0; expand <= 1; expand++) {
        int own = 0;

        assert_int_equal(f->store->ops->graph_rows(
                             f->store, &f->arena,
                             expand ? BZ_GRAPH_Q_RESEARCHER_EXPAND
                                    : BZ_GRAPH_Q_RESEARCHER_HOOD,
                             last, BZ_GRAPH_EXPAND_WORKS, &rows, &count, &err),
                         BZ_OK);
        for (i = 0, authors = 0; i < count; i++) {
            if (rows[i].kind != 'A')
                continue;
            authors++;
            own += rows[i].id == last;
            if (expand && rows[i].id != last)
                assert_true(rows[i].position <= BZ_GRAPH_EXPAND_AUTHORS);
        }
        assert_int_equal(own, 1);
        assert_int_equal(authors,
                         expand ? BZ_GRAPH_EXPAND_AUTHORS + 1 : (size_t)TEAM);
    }
}

#define DEMO_TESTS(engine)                                                     \
    {                                                                          \
        cmocka_unit_test_prestate_setup_teardown(test_demo_ganguli, setup,     \
                                                 teardown, &engine),           \
            cmocka_unit_test_prestate_setup_teardown(                          \
                test_demo_depth_two, setup, teardown, &engine),                \
            cmocka_unit_test_prestate_setup_teardown(test_demo_hidden, setup,  \
                                                     teardown, &engine),       \
            cmocka_unit_test_prestate_setup_teardown(                          \
                test_expanded_first_authors, setup, teardown, &engine),        \
    }

int main(void)
{
    static int sqlite = 0, postgresql = 1;
    const struct CMUnitTest rules[] = {
        cmocka_unit_test(test_work_rank),
        cmocka_unit_test(test_strength_share),
        cmocka_unit_test(test_hand_made_ranks),
        cmocka_unit_test(test_hand_made_turns),
        cmocka_unit_test(test_hand_made_errors),
        cmocka_unit_test(test_resolve),
    };
    const struct CMUnitTest sqlite_tests[] = DEMO_TESTS(sqlite);
    const struct CMUnitTest pg_tests[] = DEMO_TESTS(postgresql);
    int failed;

    failed = cmocka_run_group_tests_name("graph: rules", rules, NULL, NULL);
    failed +=
        cmocka_run_group_tests_name("graph: sqlite", sqlite_tests, NULL, NULL);
    if (bz_test_pg_available())
        failed += cmocka_run_group_tests_name("graph: postgresql", pg_tests,
                                              NULL, NULL);
    else if (bz_test_pg_missing_fails())
        failed++;
    return failed;
}
