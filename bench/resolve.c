/* resolve.c - the resolver on the largest block it takes, with and
 * without the cohesion test (a benchmark, never a test).
 *
 * Each case is 4,000 mentions of one name, "Wei Wang", spread at random
 * over G places that share their common words ("University of ... Science
 * and Technology") but not their first one, which is the person: the
 * truth is G people. P % of the mentions also carry the next place, so
 * that single links chain place to place. Each case runs three times with
 * the default parameters and three times with cohesion 0, interleaved;
 * the median times are printed with their ratio, and the people found.
 *
 *   bzresolvebench [MENTIONS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "identity/resolve.h"

#define PLACES_MAX 200
#define RUNS 3

static double now(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return x < y ? -1 : x > y;
}

/* Clusters m[0..n) once, with the default parameters or, when cohesion
 * is 0, without the cohesion test; the seconds it took, the people in
 * *people. */
static double run(const struct bz_mention *m, size_t n, int cohesion,
                  size_t *person, size_t *people)
{
    struct bz_resolve_params params;
    struct bz_arena arena;
    struct bz_error err;
    double started;

    bz_resolve_params_default(&params);
    if (!cohesion)
        params.cohesion = 0.0;
    bz_arena_init(&arena, 0);
    started = now();
    if (bz_resolve_cluster(m, n, &params, NULL, person, &arena, &err) !=
        BZ_OK) {
        fprintf(stderr, "bzresolvebench: %s\n", err.message);
        exit(1);
    }
    started = now() - started;
    bz_arena_release(&arena);
    *people = 0;
    for (size_t i = 0; i < n; i++) {
        if (person[i] + 1 > *people)
            *people = person[i] + 1;
    }
    return started;
}

int main(int argc, char **argv)
{
    static const int place_counts[] = {4, 40, 200};
    static const int second_shares[] = {0, 5, 30};
    static char places[PLACES_MAX][64];
    size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 4000;
    struct bz_mention *m = calloc(n, sizeof(*m));
    const char *(*lists)[2] = calloc(n, sizeof(*lists));
    size_t *person = calloc(n, sizeof(*person));

    if (m == NULL || lists == NULL || person == NULL || n < 2 || n > 4000) {
        fprintf(stderr, "usage: bzresolvebench [MENTIONS, 2 to 4000]\n");
        return 2;
    }
    for (int g = 0; g < PLACES_MAX; g++)
        snprintf(places[g], sizeof(places[g]),
                 "University of %c%cplace Science and Technology", 'a' + g % 26,
                 'a' + g / 26);
    printf("mentions places second  cohesion_s  without_s  ratio  people "
           "(without)\n");
    for (size_t c = 0; c < sizeof(place_counts) / sizeof(*place_counts); c++) {
        for (size_t s = 0; s < sizeof(second_shares) / sizeof(*second_shares);
             s++) {
            double with[RUNS], without[RUNS];
            size_t people = 0, people_without = 0;

            srand(1);
            for (size_t i = 0; i < n; i++) {
                int g = rand() % place_counts[c];

                memset(&m[i], 0, sizeof(m[i]));
                if (bz_name_parse("Wei Wang", 8, &m[i].name, NULL) != BZ_OK)
                    return 1;
                lists[i][0] = places[g];
                lists[i][1] = places[(g + 1) % place_counts[c]];
                m[i].affiliations = lists[i];
                m[i].affiliation_count =
                    rand() % 100 < second_shares[s] ? 2 : 1;
            }
            for (int r = 0; r < RUNS; r++) {
                with[r] = run(m, n, 1, person, &people);
                without[r] = run(m, n, 0, person, &people_without);
            }
            qsort(with, RUNS, sizeof(double), by_value);
            qsort(without, RUNS, sizeof(double), by_value);
            printf("%8zu %6d %5d%%  %10.3f  %9.3f  %5.2f  %6zu (%zu)\n", n,
                   place_counts[c], second_shares[s], with[RUNS / 2],
                   without[RUNS / 2], with[RUNS / 2] / without[RUNS / 2],
                   people, people_without);
        }
    }
    free(m);
    free(lists);
    free(person);
    return 0;
}
