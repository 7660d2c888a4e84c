/* test_score.c - unit tests of SPEC.md's rules in score.c: levels, every
 * trust component and band edge, the worked examples, close collaborators. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "score/score.h"

enum { IDENTITY, WORKS, ACTIVE_YEARS, AFFILIATION, COAUTHORS, FOLLOWERS };

/* The seed's record: L1, 7 works with arXiv ids from 2018 to 2026, no
 * affiliation, no claimed co-authors, no followers. */
static struct bz_trust_input seed_input(void)
{
    struct bz_trust_input in = {
        .has_source_id = 1,
        .works_with_pid = 7,
        .first_year = 2018,
        .last_year = 2026,
    };

    return in;
}

static struct bz_trust trust_of(const struct bz_trust_input *in)
{
    struct bz_trust t;

    memset(&t, 0xa5, sizeof t);
    bz_score_trust(in, &t);
    return t;
}

static int points_of(const struct bz_trust_input *in, int component)
{
    struct bz_trust t = trust_of(in);

    return t.components[component].points;
}

/* --- levels -------------------------------------------------------------- */

static void test_level_all_combinations(void **state)
{
    (void)state;
    assert_int_equal(bz_score_level(0, 0), 0);
    assert_int_equal(bz_score_level(1, 0), 1);
    assert_int_equal(bz_score_level(0, 2), 2);
    assert_int_equal(bz_score_level(1, 2), 2);
    assert_int_equal(bz_score_level(0, 3), 3);
    assert_int_equal(bz_score_level(1, 3), 3);
}

/* Values outside the contract still give a level in 0..3. */
static void test_level_out_of_range(void **state)
{
    (void)state;
    assert_int_equal(bz_score_level(0, -1), 0);
    assert_int_equal(bz_score_level(1, 1), 1);
    assert_int_equal(bz_score_level(7, 0), 1);
    assert_int_equal(bz_score_level(0, 9), 3);
}

/* --- components ---------------------------------------------------------- */

static void test_components_names_and_order(void **state)
{
    static const char *const names[] = {"identity",     "works",
                                        "active_years", "affiliation",
                                        "coauthors",    "followers"};
    static const char *const labels[] = {
        "Identity",
        "Works with a persistent identifier",
        "Active years",
        "Current affiliation from an imported source",
        "Co-authors with claimed records (L2 or L3)",
        "Followers with verified accounts",
    };
    static const int max[] = {40, 20, 10, 5, 15, 10};
    struct bz_trust_input in = seed_input();
    struct bz_trust t = trust_of(&in);

    (void)state;
    for (int i = 0; i < BZ_TRUST_COMPONENTS; i++) {
        assert_string_equal(t.components[i].name, names[i]);
        assert_string_equal(t.components[i].label, labels[i]);
        assert_int_equal(t.components[i].max, max[i]);
        assert_true(strlen(t.components[i].evidence) > 0);
        assert_true(strlen(t.components[i].evidence) < 159);
    }
}

static void test_identity_points(void **state)
{
    struct bz_trust_input in = {0};

    (void)state;
    assert_int_equal(points_of(&in, IDENTITY), 0);
    in.has_source_id = 1;
    assert_int_equal(points_of(&in, IDENTITY), 10);
    in.claim_level = 2;
    assert_int_equal(points_of(&in, IDENTITY), 25);
    in.claim_level = 3;
    assert_int_equal(points_of(&in, IDENTITY), 40);
    in.has_source_id = 0;
    assert_int_equal(points_of(&in, IDENTITY), 40);
}

static void test_identity_evidence(void **state)
{
    struct bz_trust_input in = seed_input();
    struct bz_trust t = trust_of(&in);

    (void)state;
    assert_string_equal(t.components[IDENTITY].evidence,
                        "L1: a persistent author identifier from its source");
    in.has_source_id = 0;
    t = trust_of(&in);
    assert_true(strncmp(t.components[IDENTITY].evidence, "L0", 2) == 0);
    in.claim_level = 2;
    t = trust_of(&in);
    assert_true(strncmp(t.components[IDENTITY].evidence, "L2", 2) == 0);
    in.claim_level = 3;
    t = trust_of(&in);
    assert_true(strncmp(t.components[IDENTITY].evidence, "L3", 2) == 0);
}

static void test_works_points(void **state)
{
    static const struct {
        int works, points;
    } cases[] = {{0, 0}, {1, 1}, {7, 7}, {20, 20}, {25, 20}, {-3, 0}};
    struct bz_trust_input in = {0};

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        in.works_with_pid = cases[i].works;
        assert_int_equal(points_of(&in, WORKS), cases[i].points);
    }
}

static void test_works_evidence(void **state)
{
    struct bz_trust_input in = {0};
    struct bz_trust t = trust_of(&in);

    (void)state;
    assert_string_equal(t.components[WORKS].evidence,
                        "no works with a DOI or arXiv id");
    in.works_with_pid = 1;
    t = trust_of(&in);
    assert_string_equal(t.components[WORKS].evidence,
                        "1 work with a DOI or arXiv id");
    in.works_with_pid = 7;
    t = trust_of(&in);
    assert_string_equal(t.components[WORKS].evidence,
                        "7 works with a DOI or arXiv id");
}

static void test_active_years_points(void **state)
{
    static const struct {
        int first, last, points;
    } cases[] = {
        {0, 0, 0},        /* no works with years */
        {2026, 2026, 0},  /* 1 year */
        {2025, 2026, 1},  /* 2 years */
        {2018, 2026, 4},  /* 9 years: the seed */
        {2007, 2026, 10}, /* 20 years: the maximum */
        {1997, 2026, 10}, /* 30 years: past it */
        {2026, 2018, 4},  /* a reversed range */
        {0, 2026, 0},     /* half a range */
    };
    struct bz_trust_input in = {0};

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        in.first_year = cases[i].first;
        in.last_year = cases[i].last;
        assert_int_equal(points_of(&in, ACTIVE_YEARS), cases[i].points);
    }
}

static void test_active_years_evidence(void **state)
{
    struct bz_trust_input in = seed_input();
    struct bz_trust t = trust_of(&in);

    (void)state;
    assert_string_equal(t.components[ACTIVE_YEARS].evidence,
                        "2018 to 2026: 9 years");
    in.first_year = in.last_year = 2026;
    t = trust_of(&in);
    assert_string_equal(t.components[ACTIVE_YEARS].evidence, "2026: 1 year");
    in.first_year = in.last_year = 0;
    t = trust_of(&in);
    assert_string_equal(t.components[ACTIVE_YEARS].evidence,
                        "no works with a year");
}

static void test_affiliation_points(void **state)
{
    struct bz_trust_input in = {0};
    struct bz_trust t = trust_of(&in);

    (void)state;
    assert_int_equal(t.components[AFFILIATION].points, 0);
    assert_string_equal(t.components[AFFILIATION].evidence,
                        "no imported affiliation");
    in.imported_affiliation = 1;
    t = trust_of(&in);
    assert_int_equal(t.components[AFFILIATION].points, 5);
}

static void test_coauthors_points(void **state)
{
    static const struct {
        int coauthors, points;
    } cases[] = {{0, 0}, {1, 3}, {2, 6}, {5, 15}, {6, 15}, {-1, 0}};
    struct bz_trust_input in = {0};

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        in.verified_coauthors = cases[i].coauthors;
        assert_int_equal(points_of(&in, COAUTHORS), cases[i].points);
    }
}

static void test_coauthors_evidence(void **state)
{
    struct bz_trust_input in = {0};
    struct bz_trust t = trust_of(&in);

    (void)state;
    assert_string_equal(t.components[COAUTHORS].evidence,
                        "no co-authors with claimed records");
    in.verified_coauthors = 1;
    t = trust_of(&in);
    assert_string_equal(t.components[COAUTHORS].evidence,
                        "1 co-author with a claimed record");
    in.verified_coauthors = 6;
    t = trust_of(&in);
    assert_string_equal(t.components[COAUTHORS].evidence,
                        "6 co-authors with claimed records");
}

/* floor(2 log2(1 + n)), at the exact powers of two and around them. */
static void test_followers_points(void **state)
{
    static const struct {
        long followers;
        int points;
    } cases[] = {
        {0, 0},   {1, 2},   {2, 3},     {3, 4},  {4, 4},
        {5, 5},   {6, 5},   {7, 6},     {10, 6}, {11, 7},
        {14, 7},  {15, 8},  {21, 8},    {22, 9}, {30, 9},
        {31, 10}, {32, 10}, {1000, 10}, {-5, 0}, {2147483647L, 10},
    };
    struct bz_trust_input in = {0};

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        in.verified_followers = cases[i].followers;
        assert_int_equal(points_of(&in, FOLLOWERS), cases[i].points);
    }
}

static void test_followers_evidence(void **state)
{
    struct bz_trust_input in = {0};
    struct bz_trust t = trust_of(&in);

    (void)state;
    assert_string_equal(t.components[FOLLOWERS].evidence,
                        "no verified followers");
    in.verified_followers = 1;
    t = trust_of(&in);
    assert_string_equal(t.components[FOLLOWERS].evidence,
                        "1 verified follower");
    in.verified_followers = 3;
    t = trust_of(&in);
    assert_string_equal(t.components[FOLLOWERS].evidence,
                        "3 verified followers");
}

/* Every component at its maximum, claimed at L3: 100, Exemplary. */
static void test_trust_maximum(void **state)
{
    struct bz_trust_input in = {
        .has_source_id = 1,
        .claim_level = 3,
        .works_with_pid = 500,
        .first_year = 1950,
        .last_year = 2026,
        .imported_affiliation = 1,
        .verified_coauthors = 40,
        .verified_followers = 100000,
    };
    struct bz_trust t = trust_of(&in);

    (void)state;
    assert_int_equal(t.raw, 100);
    assert_int_equal(t.score, 100);
    assert_false(t.capped);
    assert_string_equal(t.band, "Exemplary");
}

static void test_trust_all_zero(void **state)
{
    struct bz_trust_input in = {0};
    struct bz_trust t = trust_of(&in);

    (void)state;
    assert_int_equal(t.raw, 0);
    assert_int_equal(t.score, 0);
    assert_false(t.capped);
    assert_string_equal(t.band, "Unverified");
}

/* --- bands --------------------------------------------------------------- */

static void test_band_edges(void **state)
{
    (void)state;
    assert_string_equal(bz_score_band(0), "Unverified");
    assert_string_equal(bz_score_band(19), "Unverified");
    assert_string_equal(bz_score_band(20), "Emerging");
    assert_string_equal(bz_score_band(39), "Emerging");
    assert_string_equal(bz_score_band(40), "Established");
    assert_string_equal(bz_score_band(59), "Established");
    assert_string_equal(bz_score_band(60), "Trusted");
    assert_string_equal(bz_score_band(79), "Trusted");
    assert_string_equal(bz_score_band(80), "Exemplary");
    assert_string_equal(bz_score_band(100), "Exemplary");
}

static void test_band_out_of_range(void **state)
{
    (void)state;
    assert_string_equal(bz_score_band(-1), "Unverified");
    assert_string_equal(bz_score_band(-1000), "Unverified");
    assert_string_equal(bz_score_band(101), "Exemplary");
    assert_string_equal(bz_score_band(1000), "Exemplary");
}

/* --- SPEC.md's worked examples ------------------------------------------ */

static void test_example_seed(void **state)
{
    struct bz_trust_input in = seed_input();
    struct bz_trust t = trust_of(&in);

    (void)state;
    assert_int_equal(t.components[IDENTITY].points, 10);
    assert_int_equal(t.components[WORKS].points, 7);
    assert_int_equal(t.components[ACTIVE_YEARS].points, 4);
    assert_int_equal(t.components[AFFILIATION].points, 0);
    assert_int_equal(t.components[COAUTHORS].points, 0);
    assert_int_equal(t.components[FOLLOWERS].points, 0);
    assert_int_equal(t.raw, 21);
    assert_int_equal(t.score, 21);
    assert_false(t.capped);
    assert_string_equal(t.band, "Emerging");
}

static void test_example_one_work_one_year(void **state)
{
    struct bz_trust_input in = {
        .has_source_id = 1,
        .works_with_pid = 1,
        .first_year = 2024,
        .last_year = 2024,
    };
    struct bz_trust t = trust_of(&in);

    (void)state;
    assert_int_equal(t.raw, 11);
    assert_int_equal(t.score, 11);
    assert_false(t.capped);
    assert_string_equal(t.band, "Unverified");
}

static void test_example_seed_one_follower_capped(void **state)
{
    struct bz_trust_input in = seed_input();
    struct bz_trust t;

    (void)state;
    in.verified_followers = 1;
    t = trust_of(&in);
    assert_int_equal(t.components[FOLLOWERS].points, 2);
    assert_int_equal(t.raw, 23);
    assert_int_equal(t.score, 21);
    assert_true(t.capped);
    assert_string_equal(t.band, "Emerging");
}

static void test_example_seed_claimed(void **state)
{
    struct bz_trust_input in = seed_input();
    struct bz_trust t;

    (void)state;
    in.claim_level = 2;
    t = trust_of(&in);
    assert_int_equal(t.raw, 36);
    assert_int_equal(t.score, 36);
    assert_false(t.capped);
    assert_string_equal(t.band, "Emerging");

    in.claim_level = 3;
    t = trust_of(&in);
    assert_int_equal(t.raw, 51);
    assert_int_equal(t.score, 51);
    assert_false(t.capped);
    assert_string_equal(t.band, "Established");
}

/* The cap binds unclaimed L0 records too, and never a claimed one. */
static void test_cap_unclaimed_only(void **state)
{
    struct bz_trust_input in = {
        .works_with_pid = 20,
        .first_year = 2000,
        .last_year = 2026,
        .imported_affiliation = 1,
        .verified_coauthors = 5,
        .verified_followers = 31,
    };
    struct bz_trust t = trust_of(&in);

    (void)state;
    assert_int_equal(t.raw, 60);
    assert_int_equal(t.score, 21);
    assert_true(t.capped);
    assert_string_equal(t.band, "Emerging");

    in.claim_level = 2;
    t = trust_of(&in);
    assert_int_equal(t.raw, 85);
    assert_int_equal(t.score, 85);
    assert_false(t.capped);
    assert_string_equal(t.band, "Exemplary");
}

/* --- close collaborators on the seed's data (works.md) ------------------ */

#define SEED_WORKS 7
#define SEED_MAX_AUTHORS 8
#define SEED_MAX_ROWS (SEED_WORKS * SEED_MAX_AUTHORS)

static const char *const seed_authors[SEED_WORKS][SEED_MAX_AUTHORS] = {
    {"Vedang Lad", "Katrin Franke", "Tamar Rott Shaham", "Surya Ganguli",
     "Andreas S. Tolias", "Sophia Sanborn", "Nikos Karantzas"},
    {"Brett W. Larsen", "Stanislav Fort", "Nic Becker", "Surya Ganguli"},
    {"Mansheej Paul", "Brett W. Larsen", "Surya Ganguli", "Jonathan Frankle",
     "Gintare Karolina Dziugaite"},
    {"Yuandong Tian", "Lantao Yu", "Xinlei Chen", "Surya Ganguli"},
    {"Jonathan Kadmon", "Jonathan Timcheck", "Surya Ganguli"},
    {"Daniel Kunin", "Aran Nayebi", "Javier Sagastuy-Brena", "Surya Ganguli",
     "Jonathan M. Bloom", "Daniel L. K. Yamins"},
    {"Jonathan Kadmon", "Surya Ganguli"},
};

struct seed_rows {
    struct bz_coauthorship rows[SEED_MAX_ROWS];
    size_t count;
    const char *names[SEED_MAX_ROWS]; /* distinct co-authors; index = id-1 */
    size_t name_count;
};

static int64_t seed_id(struct seed_rows *s, const char *name)
{
    for (size_t i = 0; i < s->name_count; i++)
        if (strcmp(s->names[i], name) == 0)
            return (int64_t)i + 1;
    s->names[s->name_count++] = name;
    return (int64_t)s->name_count;
}

/* Surya Ganguli's coauthorship rows, one per (work, co-author), the newest
 * work (W1) first. */
static void seed_rows_build(struct seed_rows *s)
{
    memset(s, 0, sizeof *s);
    for (int w = 0; w < SEED_WORKS; w++) {
        int authors = 0;

        while (authors < SEED_MAX_AUTHORS && seed_authors[w][authors])
            authors++;
        for (int a = 0; a < authors; a++) {
            const char *name = seed_authors[w][a];
            struct bz_coauthorship *row;

            if (strcmp(name, "Surya Ganguli") == 0)
                continue;
            row = &s->rows[s->count++];
            row->work_id = w + 1;
            row->coauthor_id = seed_id(s, name);
            row->coauthor_name = name;
            row->coauthor_slug = "slug";
            row->coauthor_has_source_id = 1;
            row->author_count = authors;
        }
    }
}

static const struct bz_collaborator *
find_collaborator(const struct bz_collaborator *c, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(c[i].name, name) == 0)
            return &c[i];
    return NULL;
}

static void check_seed_collaborators(const struct seed_rows *s,
                                     const struct bz_collaborator *out,
                                     size_t n)
{
    assert_int_equal(n, s->name_count);
    assert_int_equal(n, 22);

    assert_string_equal(out[0].name, "Jonathan Kadmon");
    assert_int_equal(out[0].shared_works, 2);
    assert_float_equal(out[0].strength, 1.5, 1e-9);

    assert_string_equal(out[1].name, "Brett W. Larsen");
    assert_int_equal(out[1].shared_works, 2);
    assert_float_equal(out[1].strength, 1.0 / 3 + 1.0 / 4, 1e-9);
    assert_float_equal(out[1].strength, 0.5833, 1e-4);

    assert_string_equal(out[2].name, "Jonathan Timcheck");
    assert_int_equal(out[2].shared_works, 1);
    assert_float_equal(out[2].strength, 0.5, 1e-9);

    for (size_t i = 3; i < n; i++) {
        assert_true(out[i].strength < 0.5);
        assert_int_equal(out[i].shared_works, 1);
        assert_true(out[i].strength <= out[i - 1].strength + 1e-9);
    }
    assert_int_equal(bz_score_close_count(out, n), 3);
}

static void test_collaborators_seed(void **state)
{
    struct seed_rows s;
    struct bz_collaborator out[SEED_MAX_ROWS];
    const struct bz_collaborator *c;
    size_t n;

    (void)state;
    seed_rows_build(&s);
    n = bz_score_collaborators(s.rows, s.count, out);
    check_seed_collaborators(&s, out, n);

    /* The 1/3 group of works 2 and 4, by name. */
    assert_string_equal(out[3].name, "Lantao Yu");
    assert_string_equal(out[4].name, "Nic Becker");
    assert_string_equal(out[5].name, "Stanislav Fort");
    assert_string_equal(out[6].name, "Xinlei Chen");
    assert_string_equal(out[7].name, "Yuandong Tian");

    c = find_collaborator(out, n, "Vedang Lad");
    assert_non_null(c);
    assert_float_equal(c->strength, 1.0 / 6, 1e-9);
    assert_int_equal(c->level, 1);
    assert_string_equal(c->slug, "slug");
    assert_int_equal(c->id, 1);
    c = find_collaborator(out, n, "Daniel Kunin");
    assert_non_null(c);
    assert_float_equal(c->strength, 1.0 / 5, 1e-9);
}

/* The result does not depend on the order of the rows. */
static void test_collaborators_row_order(void **state)
{
    struct seed_rows s;
    struct bz_collaborator out[SEED_MAX_ROWS];
    size_t n;

    (void)state;
    seed_rows_build(&s);
    for (size_t i = 0; i < s.count / 2; i++) {
        struct bz_coauthorship swap = s.rows[i];

        s.rows[i] = s.rows[s.count - 1 - i];
        s.rows[s.count - 1 - i] = swap;
    }
    n = bz_score_collaborators(s.rows, s.count, out);
    check_seed_collaborators(&s, out, n);
}

static void test_collaborators_level(void **state)
{
    const struct bz_coauthorship rows[] = {
        {1, 10, "Ada", "ada", 0, 0, 2},
        {1, 11, "Bea", "bea", 2, 1, 2},
        {2, 12, "Cy", "cy", 3, 0, 3},
        {2, 13, "Dee", "dee", 0, 1, 3},
    };
    struct bz_collaborator out[4];
    size_t n;

    (void)state;
    n = bz_score_collaborators(rows, 4, out);
    assert_int_equal(n, 4);
    assert_string_equal(out[0].name, "Ada");
    assert_int_equal(out[0].level, 0);
    assert_string_equal(out[1].name, "Bea");
    assert_int_equal(out[1].level, 2);
    assert_string_equal(out[2].name, "Cy");
    assert_int_equal(out[2].level, 3);
    assert_string_equal(out[3].name, "Dee");
    assert_int_equal(out[3].level, 1);
}

/* A work with one author has no co-author; its rows count for nothing. */
static void test_collaborators_single_author_ignored(void **state)
{
    const struct bz_coauthorship rows[] = {
        {1, 10, "Ada", "ada", 0, 1, 1},
        {2, 11, "Bea", "bea", 0, 1, 0},
        {3, 10, "Ada", "ada", 0, 1, 2},
        {4, 12, "Cy", "cy", 0, 1, 1},
    };
    struct bz_collaborator out[4];
    size_t n;

    (void)state;
    n = bz_score_collaborators(rows, 4, out);
    assert_int_equal(n, 1);
    assert_string_equal(out[0].name, "Ada");
    assert_int_equal(out[0].shared_works, 1);
    assert_float_equal(out[0].strength, 1.0, 1e-9);

    n = bz_score_collaborators(rows + 3, 1, out);
    assert_int_equal(n, 0);
    n = bz_score_collaborators(NULL, 0, out);
    assert_int_equal(n, 0);
}

/* Equal strengths rank by name (strcmp), then by id. */
static void test_collaborators_tie_break(void **state)
{
    const struct bz_coauthorship rows[] = {
        {1, 9, "Bob", "bob-9", 0, 1, 5},
        {2, 7, "Alice", "alice-7", 0, 1, 5},
        {3, 4, "Alice", "alice-4", 0, 1, 5},
        {4, 5, "alice", "alice-5", 0, 1, 5},
        {5, 3, "Zed", "zed", 0, 1, 2},
        {6, 8, "Carl", "carl", 0, 1, 3},
        {7, 8, "Carl", "carl", 0, 1, 7},
    };
    struct bz_collaborator out[7];
    size_t n;

    (void)state;
    n = bz_score_collaborators(rows, 7, out);
    assert_int_equal(n, 6);
    assert_string_equal(out[0].name, "Zed");  /* 1 */
    assert_string_equal(out[1].name, "Carl"); /* 1/2 + 1/6 */
    assert_int_equal(out[1].shared_works, 2);
    assert_string_equal(out[2].name, "Alice"); /* 1/4 from here */
    assert_int_equal(out[2].id, 4);
    assert_string_equal(out[3].name, "Alice");
    assert_int_equal(out[3].id, 7);
    assert_string_equal(out[4].name, "Bob");
    assert_string_equal(out[5].name, "alice");
    assert_int_equal(bz_score_close_count(out, n), 2);
}

/* Sums that differ from another strength only by rounding rank as equal
 * and count as close: 1/3 + 1/6 is 0.5. */
static void test_collaborators_rounding(void **state)
{
    const struct bz_coauthorship rows[] = {
        {1, 1, "Bo", "bo", 0, 1, 4},
        {2, 1, "Bo", "bo", 0, 1, 7},
        {3, 2, "Al", "al", 0, 1, 3},
    };
    struct bz_collaborator out[3];
    size_t n;

    (void)state;
    n = bz_score_collaborators(rows, 3, out);
    assert_int_equal(n, 2);
    assert_string_equal(out[0].name, "Al");
    assert_string_equal(out[1].name, "Bo");
    assert_float_equal(out[1].strength, 0.5, 1e-9);
    assert_int_equal(bz_score_close_count(out, n), 2);
}

/* A work listed twice for the same co-author counts once. */
static void test_collaborators_duplicate_row(void **state)
{
    const struct bz_coauthorship rows[] = {
        {1, 1, "Bo", "bo", 0, 1, 3},
        {1, 1, "Bo", "bo", 0, 1, 3},
        {2, 1, "Bo", "bo", 0, 1, 5},
    };
    struct bz_collaborator out[3];
    size_t n;

    (void)state;
    n = bz_score_collaborators(rows, 3, out);
    assert_int_equal(n, 1);
    assert_int_equal(out[0].shared_works, 2);
    assert_float_equal(out[0].strength, 0.5 + 0.25, 1e-9);
}

static void test_close_count_threshold(void **state)
{
    struct bz_collaborator c[4] = {
        {.strength = 2.0},
        {.strength = 0.5},
        {.strength = 0.5 - 1e-12},
        {.strength = 0.49},
    };

    (void)state;
    assert_int_equal(bz_score_close_count(c, 4), 3);
    assert_int_equal(bz_score_close_count(c, 0), 0);
}

/* A prolific author: thousands of rows, many co-authors in many works. */
static void test_collaborators_many_rows(void **state)
{
    enum { ROWS = 6000, COAUTHORS = 300 };
    struct bz_coauthorship *rows = calloc(ROWS, sizeof *rows);
    struct bz_collaborator *out = calloc(ROWS, sizeof *out);
    size_t n;

    (void)state;
    assert_non_null(rows);
    assert_non_null(out);
    for (int i = 0; i < ROWS; i++) {
        rows[i].work_id = i / 3 + 1;
        rows[i].coauthor_id = (i * 7919) % COAUTHORS + 1;
        rows[i].coauthor_name = "Same Name";
        rows[i].author_count = 4;
    }
    n = bz_score_collaborators(rows, ROWS, out);
    assert_int_equal(n, COAUTHORS);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(out[i].shared_works, ROWS / COAUTHORS);
        assert_float_equal(out[i].strength, ROWS / COAUTHORS / 3.0, 1e-6);
        if (i > 0)
            assert_true(out[i - 1].id < out[i].id);
    }
    free(rows);
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_level_all_combinations),
        cmocka_unit_test(test_level_out_of_range),
        cmocka_unit_test(test_components_names_and_order),
        cmocka_unit_test(test_identity_points),
        cmocka_unit_test(test_identity_evidence),
        cmocka_unit_test(test_works_points),
        cmocka_unit_test(test_works_evidence),
        cmocka_unit_test(test_active_years_points),
        cmocka_unit_test(test_active_years_evidence),
        cmocka_unit_test(test_affiliation_points),
        cmocka_unit_test(test_coauthors_points),
        cmocka_unit_test(test_coauthors_evidence),
        cmocka_unit_test(test_followers_points),
        cmocka_unit_test(test_followers_evidence),
        cmocka_unit_test(test_trust_maximum),
        cmocka_unit_test(test_trust_all_zero),
        cmocka_unit_test(test_band_edges),
        cmocka_unit_test(test_band_out_of_range),
        cmocka_unit_test(test_example_seed),
        cmocka_unit_test(test_example_one_work_one_year),
        cmocka_unit_test(test_example_seed_one_follower_capped),
        cmocka_unit_test(test_example_seed_claimed),
        cmocka_unit_test(test_cap_unclaimed_only),
        cmocka_unit_test(test_collaborators_seed),
        cmocka_unit_test(test_collaborators_row_order),
        cmocka_unit_test(test_collaborators_level),
        cmocka_unit_test(test_collaborators_single_author_ignored),
        cmocka_unit_test(test_collaborators_tie_break),
        cmocka_unit_test(test_collaborators_rounding),
        cmocka_unit_test(test_collaborators_duplicate_row),
        cmocka_unit_test(test_close_count_threshold),
        cmocka_unit_test(test_collaborators_many_rows),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
