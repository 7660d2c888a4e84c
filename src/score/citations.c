/* citations.c - total citations, h-index, i10-index, works per year. */
#include "score/citations.h"

#include <stdlib.h>

static int citations_descending(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;

    return (x < y) - (x > y);
}

void bz_citations_stats(long *counts, size_t count,
                        struct bz_citation_stats *out)
{
    size_t i;

    out->total = 0;
    out->h_index = 0;
    out->i10_index = 0;
    if (count == 0)
        return;
    for (i = 0; i < count; i++)
        if (counts[i] < 0)
            counts[i] = 0;
    qsort(counts, count, sizeof(*counts), citations_descending);

    /* sorted most cited first, the (i+1)th work has counts[i]: h is the
     * last rank at which the count still reaches the rank */
    for (i = 0; i < count; i++) {
        out->total += counts[i];
        if (counts[i] >= (long)(i + 1))
            out->h_index = (int)(i + 1);
        if (counts[i] >= 10)
            out->i10_index++;
    }
}

size_t bz_citations_by_year(const int *years, size_t count,
                            struct bz_citation_year *out)
{
    size_t n = 0, i, k;

    for (i = 0; i < count; i++) {
        if (years[i] <= 0)
            continue;
        for (k = 0; k < n && out[k].year != years[i]; k++)
            ;
        if (k == n) {
            /* insert keeping newest first */
            while (k > 0 && out[k - 1].year < years[i]) {
                out[k] = out[k - 1];
                k--;
            }
            out[k].year = years[i];
            out[k].works = 0;
            n++;
        }
        out[k].works++;
    }
    return n;
}
