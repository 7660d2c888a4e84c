/* citations.h - a researcher's citation figures, as Google Scholar defines
 * them.
 *
 * Pure functions of the works' counts: the profile (profile.c) gathers the
 * counts, these turn them into figures, and tests can check every edge.
 */
#ifndef BZ_CITATIONS_H
#define BZ_CITATIONS_H

#include <stddef.h>

struct bz_citation_stats {
    long total;    /* citations of all the works together */
    int h_index;   /* the largest h with h works of at least h citations */
    int i10_index; /* works with at least 10 citations */
};

/* The figures of count works whose citation counts are counts (a negative
 * count, unknown, counts as 0). Sorts counts in place, most cited first.
 * count 0 (counts may then be NULL) gives all zeros. */
void bz_citations_stats(long *counts, size_t count,
                        struct bz_citation_stats *out);

/* Works per year: one row per distinct year of years (0, unknown, left
 * out), newest first. out must hold count rows; returns how many it
 * filled. */
struct bz_citation_year {
    int year;
    int works;
};

size_t bz_citations_by_year(const int *years, size_t count,
                            struct bz_citation_year *out);

#endif
