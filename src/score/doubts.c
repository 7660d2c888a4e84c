/* doubts.c - finding records that look like two people in one. */
#include "score/doubts.h"

#include <stdlib.h>
#include <string.h>

/* A (co-author or topic, work) pair, sorted to find the works that share
 * one. */
struct doubts_pair {
    int64_t key;
    size_t work;
};

/* A set of works joined by shared co-authors. */
struct doubts_component {
    size_t root;
    int first_year, last_year; /* 0 when no year is known */
    double mean_year;
    size_t works;
};

static int doubts_pair_order(const void *a, const void *b)
{
    const struct doubts_pair *x = a, *y = b;

    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return (x->work > y->work) - (x->work < y->work);
}

static int doubts_component_order(const void *a, const void *b)
{
    const struct doubts_component *x = a, *y = b;
    int x_known = x->first_year != 0, y_known = y->first_year != 0;

    if (x_known != y_known)
        return y_known - x_known; /* unknown years last */
    if (x->mean_year != y->mean_year)
        return x->mean_year < y->mean_year ? -1 : 1;
    return (x->root > y->root) - (x->root < y->root);
}

static size_t doubts_find(size_t *parent, size_t i)
{
    while (parent[i] != i) {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    return i;
}

/* Joins the works that share a co-author; -1 when out of memory. */
static int doubts_join(const struct bz_doubt_work *works, size_t count,
                       size_t *parent)
{
    struct doubts_pair *pairs;
    size_t n = 0, i, k;

    for (i = 0; i < count; i++) {
        parent[i] = i;
        n += works[i].coauthor_count;
    }
    if (n == 0)
        return 0;
    if ((pairs = calloc(n, sizeof(*pairs))) == NULL)
        return -1;
    for (n = 0, i = 0; i < count; i++)
        for (k = 0; k < works[i].coauthor_count; k++)
            pairs[n++] = (struct doubts_pair){works[i].coauthors[k], i};
    qsort(pairs, n, sizeof(*pairs), doubts_pair_order);
    for (i = 1; i < n; i++)
        if (pairs[i].key == pairs[i - 1].key)
            parent[doubts_find(parent, pairs[i].work)] =
                doubts_find(parent, pairs[i - 1].work);
    free(pairs);
    return 0;
}

/* 1 when no topic of a work in group 0 is a topic of one in group 1;
 * *known is set when both groups carry topics. -1 when out of memory. */
static int doubts_topics_apart(const struct bz_doubt_work *works, size_t count,
                               int *known)
{
    struct doubts_pair *pairs;
    size_t n = 0, i, k, start;
    int seen[2] = {0, 0}, apart = 1;

    for (i = 0; i < count; i++)
        n += works[i].topic_count;
    *known = 0;
    if (n == 0)
        return 1;
    if ((pairs = calloc(n, sizeof(*pairs))) == NULL)
        return -1;
    for (n = 0, i = 0; i < count; i++)
        for (k = 0; k < works[i].topic_count; k++) {
            pairs[n++] = (struct doubts_pair){works[i].topics[k], i};
            seen[works[i].group] = 1;
        }
    qsort(pairs, n, sizeof(*pairs), doubts_pair_order);
    for (start = 0; start < n && apart; start = i) {
        int in[2] = {0, 0};

        for (i = start; i < n && pairs[i].key == pairs[start].key; i++)
            in[works[pairs[i].work].group] = 1;
        apart = !(in[0] && in[1]);
    }
    free(pairs);
    *known = seen[0] && seen[1];
    return apart;
}

/* The components of the joined works, by mean year; their count. */
static size_t doubts_components(const struct bz_doubt_work *works, size_t count,
                                size_t *parent, struct doubts_component *out)
{
    size_t n = 0, i, k;

    for (i = 0; i < count; i++) {
        size_t root = doubts_find(parent, i);
        int year = works[i].year;

        for (k = 0; k < n && out[k].root != root; k++)
            ;
        if (k == n)
            out[n++] = (struct doubts_component){root, 0, 0, 0.0, 0};
        out[k].works++;
        if (year <= 0)
            continue;
        if (out[k].first_year == 0 || year < out[k].first_year)
            out[k].first_year = year;
        if (year > out[k].last_year)
            out[k].last_year = year;
        out[k].mean_year += year;
    }
    for (k = 0; k < n; k++)
        if (out[k].works)
            out[k].mean_year /= (double)out[k].works;
    qsort(out, n, sizeof(*out), doubts_component_order);
    return n;
}

int bz_doubts_check(struct bz_doubt_work *works, size_t count,
                    struct bz_doubt *out)
{
    size_t *parent = calloc(count + 1, sizeof(*parent));
    struct doubts_component *parts = calloc(count + 1, sizeof(*parts));
    size_t n, split, best = 0, i, k;
    int best_gap = 0, result = 0;

    memset(out, 0, sizeof(*out));
    if (parent == NULL || parts == NULL || doubts_join(works, count, parent)) {
        result = -1;
        goto done;
    }
    n = doubts_components(works, count, parent, parts);

    /* the split (components before it: group 0) with the widest gap
     * between the last year of group 0 and the first of group 1 */
    for (split = 1; split < n; split++) {
        int last = 0, first = 0;
        size_t before = 0, after = 0;

        for (k = 0; k < n; k++) {
            if (k < split) {
                before += parts[k].works;
                if (parts[k].last_year > last)
                    last = parts[k].last_year;
            } else {
                after += parts[k].works;
                if (parts[k].first_year == 0)
                    first = -1; /* a year unknown: no clean split */
                else if (first == 0 ||
                         (first > 0 && parts[k].first_year < first))
                    first = parts[k].first_year;
            }
        }
        if (before < BZ_DOUBTS_MIN_GROUP || after < BZ_DOUBTS_MIN_GROUP ||
            last == 0 || first <= last)
            continue;
        if (first - last > best_gap) {
            best_gap = first - last;
            best = split;
        }
    }
    if (best == 0)
        goto done;

    for (i = 0; i < count; i++) {
        size_t root = doubts_find(parent, i);

        for (k = 0; parts[k].root != root; k++)
            ;
        works[i].group = k >= best;
    }
    {
        int known, apart = doubts_topics_apart(works, count, &known);

        if (apart < 0) {
            result = -1;
            goto done;
        }
        if (!apart || !known)
            goto done;
        out->topics_known = known;
    }
    for (i = 0; i < count; i++) {
        int g = works[i].group, year = works[i].year;

        out->works[g]++;
        if (year > 0 && (out->first_year[g] == 0 || year < out->first_year[g]))
            out->first_year[g] = year;
        if (year > out->last_year[g])
            out->last_year[g] = year;
    }
    result = 1;

done:
    free(parent);
    free(parts);
    return result;
}
