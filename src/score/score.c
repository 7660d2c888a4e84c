/* score.c - SPEC.md's verification level, trust score, band and close
 * collaborators, computed from plain inputs. */
#include "score/score.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Each component's maximum, in SPEC.md's order. */
#define TRUST_IDENTITY_MAX 40
#define TRUST_WORKS_MAX 20
#define TRUST_YEARS_MAX 10
#define TRUST_AFFILIATION_MAX 5
#define TRUST_COAUTHORS_MAX 15
#define TRUST_COAUTHOR_POINTS 3
#define TRUST_FOLLOWERS_MAX 10

/* Strengths closer than this are equal, both when ranking and when testing
 * the close threshold: 1/3 + 1/6 must count as 0.5. */
#define STRENGTH_EPSILON 1e-9

int bz_score_level(int has_source_id, int claim_level)
{
    if (claim_level >= 3)
        return 3;
    if (claim_level == 2)
        return 2;
    return has_source_id ? 1 : 0;
}

const char *bz_score_band(int score)
{
    if (score < 0)
        score = 0;
    if (score > 100)
        score = 100;

    if (score < 20)
        return "Unverified";
    if (score < 40)
        return "Emerging";
    if (score < 60)
        return "Established";
    if (score < 80)
        return "Trusted";
    return "Exemplary";
}

static void trust_component(struct bz_trust_component *c, const char *name,
                            const char *label, int max)
{
    c->name = name;
    c->label = label;
    c->points = 0;
    c->max = max;
    c->evidence[0] = '\0';
}

static void trust_identity(int level, struct bz_trust_component *c)
{
    static const int points[] = {0, 10, 25, TRUST_IDENTITY_MAX};
    static const char *const evidence[] = {
        "L0: a name only, with no persistent author identifier",
        "L1: a persistent author identifier from its source",
        "L2: claimed by an account with a verified email address",
        "L3: a claim corroborated by strong evidence",
    };

    trust_component(c, "identity", "Identity", TRUST_IDENTITY_MAX);
    c->points = points[level];
    snprintf(c->evidence, sizeof c->evidence, "%s", evidence[level]);
}

static void trust_works(int works, struct bz_trust_component *c)
{
    trust_component(c, "works", "Works with a persistent identifier",
                    TRUST_WORKS_MAX);
    if (works < 0)
        works = 0;
    c->points = works < TRUST_WORKS_MAX ? works : TRUST_WORKS_MAX;

    if (works == 0)
        snprintf(c->evidence, sizeof c->evidence,
                 "no works with a DOI or arXiv id");
    else if (works == 1)
        snprintf(c->evidence, sizeof c->evidence,
                 "1 work with a DOI or arXiv id");
    else
        snprintf(c->evidence, sizeof c->evidence,
                 "%d works with a DOI or arXiv id", works);
}

/* floor((last - first + 1) / 2), at most 10; no points without years. A
 * reversed range is read the right way round. */
static void trust_active_years(int first, int last,
                               struct bz_trust_component *c)
{
    long long years;

    trust_component(c, "active_years", "Active years", TRUST_YEARS_MAX);
    if (first <= 0 || last <= 0) {
        snprintf(c->evidence, sizeof c->evidence, "no works with a year");
        return;
    }
    if (last < first) {
        int swap = first;

        first = last;
        last = swap;
    }

    years = (long long)last - first + 1;
    c->points =
        years / 2 < TRUST_YEARS_MAX ? (int)(years / 2) : TRUST_YEARS_MAX;
    if (years == 1)
        snprintf(c->evidence, sizeof c->evidence, "%d: 1 year", first);
    else
        snprintf(c->evidence, sizeof c->evidence, "%d to %d: %lld years", first,
                 last, years);
}

static void trust_affiliation(int imported, struct bz_trust_component *c)
{
    trust_component(c, "affiliation",
                    "Current affiliation from an imported source",
                    TRUST_AFFILIATION_MAX);
    if (imported) {
        c->points = TRUST_AFFILIATION_MAX;
        snprintf(c->evidence, sizeof c->evidence,
                 "a current affiliation from an imported source");
    } else {
        snprintf(c->evidence, sizeof c->evidence, "no imported affiliation");
    }
}

static void trust_coauthors(int coauthors, struct bz_trust_component *c)
{
    int counted;

    trust_component(c, "coauthors",
                    "Co-authors with claimed records (L2 or L3)",
                    TRUST_COAUTHORS_MAX);
    if (coauthors < 0)
        coauthors = 0;
    counted = TRUST_COAUTHORS_MAX / TRUST_COAUTHOR_POINTS;
    if (coauthors < counted)
        counted = coauthors;
    c->points = counted * TRUST_COAUTHOR_POINTS;

    if (coauthors == 0)
        snprintf(c->evidence, sizeof c->evidence,
                 "no co-authors with claimed records");
    else if (coauthors == 1)
        snprintf(c->evidence, sizeof c->evidence,
                 "1 co-author with a claimed record");
    else
        snprintf(c->evidence, sizeof c->evidence,
                 "%d co-authors with claimed records", coauthors);
}

/* floor(2 log2(1 + n)) is floor(log2((1 + n)^2)): the index of the highest
 * bit of (1 + n)^2, exact in integers. From n = 31 on it is at least 10, the
 * maximum, so the square never overflows. */
static int followers_points(long followers)
{
    unsigned long long square;
    int points = 0;

    if (followers <= 0)
        return 0;
    if (followers >= 31)
        return TRUST_FOLLOWERS_MAX;

    square = (unsigned long long)(followers + 1) * (followers + 1);
    while (square > 1) {
        square >>= 1;
        points++;
    }
    return points < TRUST_FOLLOWERS_MAX ? points : TRUST_FOLLOWERS_MAX;
}

static void trust_followers(long followers, struct bz_trust_component *c)
{
    trust_component(c, "followers", "Followers with verified accounts",
                    TRUST_FOLLOWERS_MAX);
    c->points = followers_points(followers);

    if (followers <= 0)
        snprintf(c->evidence, sizeof c->evidence, "no verified followers");
    else if (followers == 1)
        snprintf(c->evidence, sizeof c->evidence, "1 verified follower");
    else
        snprintf(c->evidence, sizeof c->evidence, "%ld verified followers",
                 followers);
}

void bz_score_trust(const struct bz_trust_input *in, struct bz_trust *out)
{
    struct bz_trust_component *c = out->components;
    int level = bz_score_level(in->has_source_id, in->claim_level);

    trust_identity(level, &c[0]);
    trust_works(in->works_with_pid, &c[1]);
    trust_active_years(in->first_year, in->last_year, &c[2]);
    trust_affiliation(in->imported_affiliation, &c[3]);
    trust_coauthors(in->verified_coauthors, &c[4]);
    trust_followers(in->verified_followers, &c[5]);

    out->raw = 0;
    for (int i = 0; i < BZ_TRUST_COMPONENTS; i++)
        out->raw += c[i].points;

    /* Only a claimed record (L2, L3) may pass the cap. */
    out->score = out->raw;
    if (level < 2 && out->score > BZ_TRUST_UNCLAIMED_CAP)
        out->score = BZ_TRUST_UNCLAIMED_CAP;
    out->capped = out->score < out->raw;
    out->band = bz_score_band(out->score);
}

/* --- close collaborators ------------------------------------------------ */

/* While aggregating, out doubles as scratch space: each entry's name holds
 * the address of its row (a struct pointer converted to a character pointer
 * and back, which C allows), so that no allocation is needed. */
static const struct bz_coauthorship *
scratch_row(const struct bz_collaborator *c)
{
    return (const struct bz_coauthorship *)(const void *)c->name;
}

static int compare_int64(int64_t a, int64_t b)
{
    return (a > b) - (a < b);
}

/* By co-author, then by work. */
static int compare_scratch(const void *pa, const void *pb)
{
    const struct bz_coauthorship *a = scratch_row(pa);
    const struct bz_coauthorship *b = scratch_row(pb);
    int rc = compare_int64(a->coauthor_id, b->coauthor_id);

    return rc ? rc : compare_int64(a->work_id, b->work_id);
}

/* The strength in steps of STRENGTH_EPSILON, so that sums that differ only
 * by rounding rank as equal and the order stays transitive. */
static long long strength_steps(double strength)
{
    return llround(strength / STRENGTH_EPSILON);
}

/* Strongest first, then by name, then by id. */
static int compare_collaborators(const void *pa, const void *pb)
{
    const struct bz_collaborator *a = pa;
    const struct bz_collaborator *b = pb;
    long long sa = strength_steps(a->strength);
    long long sb = strength_steps(b->strength);
    int rc;

    if (sa != sb)
        return sa > sb ? -1 : 1;
    rc = strcmp(a->name ? a->name : "", b->name ? b->name : "");
    return rc ? rc : compare_int64(a->id, b->id);
}

/* Folds the sorted scratch entries [start, end) of one co-author into one
 * collaborator; a work listed twice counts once. */
static struct bz_collaborator
collaborator_fold(const struct bz_collaborator *scratch, size_t start,
                  size_t end)
{
    const struct bz_coauthorship *first = scratch_row(&scratch[start]);
    struct bz_collaborator c = {
        .id = first->coauthor_id,
        .name = first->coauthor_name,
        .slug = first->coauthor_slug,
        .level = bz_score_level(first->coauthor_has_source_id,
                                first->coauthor_claim_level),
    };

    for (size_t k = start; k < end; k++) {
        const struct bz_coauthorship *row = scratch_row(&scratch[k]);

        if (k > start && row->work_id == scratch_row(&scratch[k - 1])->work_id)
            continue;
        c.shared_works++;
        c.strength += 1.0 / (row->author_count - 1);
    }
    return c;
}

size_t bz_score_collaborators(const struct bz_coauthorship *rows, size_t n,
                              struct bz_collaborator *out)
{
    size_t used = 0, count = 0, start = 0;

    for (size_t i = 0; i < n; i++) {
        if (rows[i].author_count < 2)
            continue;
        out[used].id = rows[i].coauthor_id;
        out[used].name = (const char *)(const void *)&rows[i];
        used++;
    }
    if (used == 0)
        return 0;
    qsort(out, used, sizeof *out, compare_scratch);

    /* Each group is read whole before its entry is written, and the entry
     * written is never past the group's first. */
    for (size_t k = 1; k <= used; k++) {
        if (k < used && scratch_row(&out[k])->coauthor_id ==
                            scratch_row(&out[start])->coauthor_id)
            continue;
        out[count++] = collaborator_fold(out, start, k);
        start = k;
    }

    qsort(out, count, sizeof *out, compare_collaborators);
    return count;
}

size_t bz_score_close_count(const struct bz_collaborator *sorted, size_t n)
{
    size_t close = 0;

    for (size_t i = 0; i < n; i++)
        if (sorted[i].strength >=
            BZ_CLOSE_COLLABORATOR_STRENGTH - STRENGTH_EPSILON)
            close++;
    return close;
}
