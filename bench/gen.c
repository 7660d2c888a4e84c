/* gen.c - writes a synthetic OpenAlex works file for the import bench.
 *
 *   bzgen [--works N | --megabytes M] [--seed S] FILE
 *
 * Deterministic for a seed. The shape follows real OpenAlex API works: 3 to
 * 8 authors with a long tail to 200, authors drawn with Zipf-like
 * productivity so that people recur across works, ORCIDs on a third of
 * them, institutions, one to three topics with their hierarchy, abstracts
 * of 80 to 300 words as inverted indexes, and the reference lists and
 * yearly counts that make a typical record about 16 KB. FILE ending in
 * .gz is written compressed.
 */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static uint64_t gen_state = 88172645463325252ull;

static uint64_t gen_next(void)
{
    gen_state ^= gen_state << 13; /* xorshift64 */
    gen_state ^= gen_state >> 7;
    gen_state ^= gen_state << 17;
    return gen_state;
}

static unsigned gen_below(unsigned n)
{
    return (unsigned)(gen_next() % n);
}

static double gen_unit(void)
{
    return (double)(gen_next() >> 11) / 9007199254740992.0;
}

/* A Zipf-like draw from 0..n-1: small numbers are much more likely. */
static unsigned gen_zipf(unsigned n)
{
    double u = gen_unit();

    return (unsigned)(pow((double)n + 1, u) - 1) % n;
}

static const char *const gen_words[] = {
    "learning", "neural", "network", "model", "analysis", "data", "theory",
    "dynamics", "quantum", "protein", "cell", "climate", "graph", "optimal",
    "random", "deep", "sparse", "inference", "spectral", "structure",
    "control", "energy", "signal", "brain", "memory", "language", "vision",
    "statistical", "mechanics", "tensor", "decomposition", "evolution",
    "genome", "transport", "phase", "transition", "scaling", "robust",
    "efficient", "adaptive", "causal", "bayesian", "estimation", "field",
    "surface", "material", "chemical", "reaction", "ocean", "soil", "urban",
    "health", "clinical", "trial", "policy", "market", "social", "media",
    "the", "of", "and", "in", "for", "with", "a", "on", "via", "from",
};
#define GEN_WORDS (sizeof(gen_words) / sizeof(*gen_words))

static const char *const gen_first[] = {
    "Ana", "Bo", "Chen", "Dara", "Emil", "Fatima", "Goran", "Hana", "Ivo",
    "Jun", "Kofi", "Lena", "Mateo", "Nia", "Omar", "Priya", "Quinn", "Rosa",
    "Sven", "Tara", "Uma", "Viktor", "Wei", "Ximena", "Yusuf", "Zofia",
};
static const char *const gen_last[] = {
    "Abe", "Berg", "Costa", "Diallo", "Eriksen", "Fischer", "Garcia", "Hu",
    "Ito", "Jensen", "Kim", "Li", "Moreau", "Nakamura", "Okafor", "Petrov",
    "Quispe", "Rossi", "Silva", "Tanaka", "Ueda", "Varga", "Wang", "Xu",
    "Yilmaz", "Zhang", "Novak", "Kowalski", "Haddad", "Suarez",
};
#define GEN_COUNT(a) (sizeof(a) / sizeof(*(a)))

static gzFile gen_out_gz;
static FILE *gen_out;
static long long gen_bytes;

static void gen_put(const char *s, size_t n)
{
    gen_bytes += (long long)n;
    if (gen_out_gz)
        gzwrite(gen_out_gz, s, (unsigned)n);
    else
        fwrite(s, 1, n, gen_out);
}

static void gen_printf(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static void gen_printf(const char *fmt, ...)
{
    char buf[4096];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if (n > 0)
        gen_put(buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

static unsigned gen_author_count(void)
{
    double u = gen_unit();

    if (u < 0.08)
        return 1;
    if (u < 0.9)
        return 2 + gen_below(7);
    if (u < 0.99)
        return 9 + gen_below(20);
    return 30 + gen_below(170);
}

static void gen_abstract(void)
{
    unsigned n = 80 + gen_below(220), i, k;
    unsigned *positions[GEN_WORDS] = {0};
    unsigned counts[GEN_WORDS] = {0};
    int first = 1;

    for (i = 0; i < n; i++) {
        k = gen_zipf(GEN_WORDS);
        positions[k] =
            realloc(positions[k], (counts[k] + 1) * sizeof(unsigned));
        positions[k][counts[k]++] = i;
    }
    gen_printf("\"abstract_inverted_index\":{");
    for (k = 0; k < GEN_WORDS; k++) {
        if (counts[k] == 0)
            continue;
        gen_printf("%s\"%s\":[", first ? "" : ",", gen_words[k]);
        for (i = 0; i < counts[k]; i++)
            gen_printf("%s%u", i ? "," : "", positions[k][i]);
        gen_printf("]");
        first = 0;
        free(positions[k]);
    }
    gen_printf("}");
}

static void gen_work(unsigned long n, unsigned authors_pool)
{
    unsigned i, k, words = 6 + gen_below(10), authors = gen_author_count();
    unsigned year = 1990 + gen_below(35), topics = 1 + gen_below(3);

    gen_printf("{\"id\":\"https://openalex.org/W%lu\",\"doi\":"
               "\"https://doi.org/10.5555/bench.%lu\",\"title\":\"",
               4000000000ul + n, n);
    for (i = 0; i < words; i++)
        gen_printf("%s%s", i ? " " : "", gen_words[gen_below(GEN_WORDS)]);
    gen_printf("\",\"publication_year\":%u,\"publication_date\":"
               "\"%u-0%u-1%u\",\"language\":\"en\",\"type\":\"%s\","
               "\"ids\":{\"openalex\":\"https://openalex.org/W%lu\"},",
               year, year, 1 + gen_below(9), gen_below(9),
               gen_below(5) ? "article" : "preprint", 4000000000ul + n);
    k = gen_zipf(2000);
    gen_printf("\"primary_location\":{\"is_oa\":%s,\"landing_page_url\":"
               "\"https://doi.org/10.5555/bench.%lu\",\"source\":{\"id\":"
               "\"https://openalex.org/S%u\",\"display_name\":\"Journal of "
               "%s %s\",\"type\":\"journal\"}},\"open_access\":{\"is_oa\":%s,"
               "\"oa_status\":\"green\"},",
               k % 3 ? "true" : "false", n, 1000 + k,
               gen_words[k % GEN_WORDS], gen_words[(k / 7) % GEN_WORDS],
               k % 3 ? "true" : "false");
    gen_printf("\"authorships\":[");
    for (i = 0; i < authors; i++) {
        unsigned a = gen_zipf(authors_pool), inst = gen_zipf(5000);

        gen_printf("%s{\"author_position\":\"%s\",\"author\":{\"id\":"
                   "\"https://openalex.org/A%u\",\"display_name\":\"%s %s\","
                   "\"orcid\":",
                   i ? "," : "", i == 0 ? "first"
                                 : i + 1 == authors ? "last"
                                                    : "middle",
                   5000000 + a, gen_first[a % GEN_COUNT(gen_first)],
                   gen_last[(a / 26) % GEN_COUNT(gen_last)]);
        if (a % 3 == 0)
            gen_printf("\"https://orcid.org/0000-0002-%04u-%04u\"",
                       a / 10000 % 10000, a % 10000);
        else
            gen_printf("null");
        gen_printf("},\"institutions\":[{\"id\":\"https://openalex.org/I%u\","
                   "\"display_name\":\"University of %s\",\"ror\":"
                   "\"https://ror.org/0%07u\",\"country_code\":\"%c%c\","
                   "\"type\":\"education\"}],\"raw_author_name\":\"%s %s\","
                   "\"raw_affiliation_strings\":[\"Department of %s, "
                   "University of %s\"]}",
                   100000 + inst, gen_last[inst % GEN_COUNT(gen_last)], inst,
                   'A' + inst % 26, 'A' + inst / 26 % 26,
                   gen_first[a % GEN_COUNT(gen_first)],
                   gen_last[(a / 26) % GEN_COUNT(gen_last)],
                   gen_words[inst % GEN_WORDS],
                   gen_last[inst % GEN_COUNT(gen_last)]);
    }
    gen_printf("],\"topics\":[");
    for (i = 0; i < topics; i++) {
        k = gen_zipf(4516);
        gen_printf("%s{\"id\":\"https://openalex.org/T%u\",\"display_name\":"
                   "\"%s %s\",\"score\":0.9,\"subfield\":{\"id\":"
                   "\"https://openalex.org/subfields/%u\",\"display_name\":"
                   "\"%s\"},\"field\":{\"id\":\"https://openalex.org/fields/"
                   "%u\",\"display_name\":\"%s studies\"},\"domain\":{\"id\":"
                   "\"https://openalex.org/domains/%u\",\"display_name\":"
                   "\"%s sciences\"}}",
                   i ? "," : "", 10000 + k, gen_words[k % GEN_WORDS],
                   gen_words[(k / 3) % GEN_WORDS], 1000 + k % 252,
                   gen_words[(k % 252) % GEN_WORDS], 10 + k % 26,
                   gen_words[(k % 26) % GEN_WORDS], 1 + k % 4,
                   gen_words[(k % 4) % GEN_WORDS]);
    }
    gen_printf("],\"cited_by_count\":%u,\"referenced_works\":[",
               gen_zipf(2000));
    k = 25 + gen_below(50);
    for (i = 0; i < k; i++)
        gen_printf("%s\"https://openalex.org/W%lu\"", i ? "," : "",
                   4000000000ul + gen_below((unsigned)n + 1));
    gen_printf("],\"related_works\":[");
    for (i = 0; i < 10; i++)
        gen_printf("%s\"https://openalex.org/W%lu\"", i ? "," : "",
                   4000000000ul + gen_below((unsigned)n + 1));
    gen_printf("],\"concepts\":[");
    k = 5 + gen_below(8);
    for (i = 0; i < k; i++) {
        unsigned c = gen_zipf(60000);

        gen_printf("%s{\"id\":\"https://openalex.org/C%u\",\"wikidata\":"
                   "\"https://www.wikidata.org/wiki/Q%u\",\"display_name\":"
                   "\"%s\",\"level\":%u,\"score\":0.%u}",
                   i ? "," : "", 100000 + c, 200000 + c,
                   gen_words[c % GEN_WORDS], c % 5, 100 + gen_below(900));
    }
    gen_printf("],\"counts_by_year\":[");
    for (i = 0; i < 12; i++)
        gen_printf("%s{\"year\":%u,\"cited_by_count\":%u}", i ? "," : "",
                   2024 - i, gen_below(50));
    gen_printf("],");
    gen_abstract();
    gen_printf("}\n");
}

int main(int argc, char **argv)
{
    unsigned long works = 0, n;
    double megabytes = 0;
    const char *path = NULL;
    int i;

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--works") == 0 && i + 1 < argc)
            works = strtoul(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--megabytes") == 0 && i + 1 < argc)
            megabytes = atof(argv[++i]);
        else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc)
            gen_state ^= strtoull(argv[++i], NULL, 10) * 2654435761ull;
        else if (argv[i][0] != '-' && path == NULL)
            path = argv[i];
        else
            path = NULL, i = argc;
    }
    if (path == NULL || (works == 0 && megabytes <= 0)) {
        fprintf(stderr, "usage: bzgen [--works N | --megabytes M] "
                        "[--seed S] FILE\n");
        return 2;
    }
    if (strlen(path) > 3 && strcmp(path + strlen(path) - 3, ".gz") == 0)
        gen_out_gz = gzopen(path, "wb6");
    else
        gen_out = fopen(path, "w");
    if (gen_out_gz == NULL && gen_out == NULL) {
        perror(path);
        return 1;
    }
    for (n = 1; works ? n <= works : gen_bytes < megabytes * 1e6; n++)
        gen_work(n, works ? (unsigned)(works * 3 / 2 + 10)
                          : (unsigned)(megabytes * 100 + 10));
    if (gen_out_gz)
        gzclose(gen_out_gz);
    else if (fclose(gen_out) != 0)
        return 1;
    fprintf(stderr, "bzgen: %lu works, %.1f MB of JSON\n", n - 1,
            (double)gen_bytes / 1e6);
    return 0;
}
