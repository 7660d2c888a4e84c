/* score.h - SPEC.md's rules: verification level, trust score and band,
 * and close collaborators.
 *
 * Pure functions over plain inputs: no store, no I/O, so that each rule is
 * tested on its own. Strings they return are static or in the caller's
 * struct.
 */
#ifndef BZ_SCORE_H
#define BZ_SCORE_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

/* L0 name-only, L1 source-identified, L2 claimed, L3 corroborated. */
int bz_score_level(int has_source_id, int claim_level);

/* The facts the trust score is computed from. */
struct bz_trust_input {
    int has_source_id;
    int claim_level;          /* 0 unclaimed, 2 or 3 */
    int works_with_pid;       /* works with a DOI, arXiv id, ... shown */
    int first_year, last_year; /* of those works; 0 when there are none */
    int imported_affiliation; /* a current affiliation from a source */
    int verified_coauthors;   /* co-authors whose records are L2 or L3 */
    long verified_followers;  /* followers with verified accounts, not self */
};

#define BZ_TRUST_COMPONENTS 6
#define BZ_TRUST_UNCLAIMED_CAP 21

struct bz_trust_component {
    const char *name; /* "identity", "works", "active_years",
                         "affiliation", "coauthors", "followers" */
    const char *label; /* for people: "Identity", ... */
    int points;
    int max;
    char evidence[160]; /* "L1: carries a persistent author id", ... */
};

struct bz_trust {
    int score;   /* shown: raw, capped at 21 while unclaimed */
    int raw;     /* the sum of the components */
    int capped;  /* 1 when score < raw */
    const char *band; /* "Unverified", "Emerging", ... */
    struct bz_trust_component components[BZ_TRUST_COMPONENTS];
};

/* Computes every component, the sum, the cap and the band. */
void bz_score_trust(const struct bz_trust_input *in, struct bz_trust *out);

/* The band of a score: 0-19 Unverified, 20-39 Emerging, 40-59 Established,
 * 60-79 Trusted, 80-100 Exemplary. */
const char *bz_score_band(int score);

/* A co-author and the collaboration strength with them. */
struct bz_collaborator {
    int64_t id;
    const char *name;
    const char *slug;
    int shared_works;
    double strength; /* sum over shared works of 1/(authors - 1) */
    int level;       /* their verification level */
};

#define BZ_CLOSE_COLLABORATOR_STRENGTH 0.5

/* Aggregates coauthorship rows into collaborators sorted by strength
 * (strongest first, then by name). out must hold n entries; returns the
 * number of distinct co-authors written. Rows with author_count < 2 are
 * ignored. */
size_t bz_score_collaborators(const struct bz_coauthorship *rows, size_t n,
                              struct bz_collaborator *out);

/* How many of the sorted collaborators are close (strength >= 0.5, with a
 * tolerance for rounding). */
size_t bz_score_close_count(const struct bz_collaborator *sorted, size_t n);

#endif
