/* resolve.c - scoring pairs of authorships and grouping them into people. */
#include "identity/resolve.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"

#define RESOLVE_MENTIONS_MAX 4000
#define RESOLVE_VOCAB_MAX (1u << 20)
#define RESOLVE_WORDS_MAX 64
#define RESOLVE_WORD_PREFIX 5 /* "univ." and "university" are one word */

struct resolve_vocab_slot {
    uint64_t hash; /* 0: empty */
    size_t count;
};

struct bz_resolve_vocab {
    struct bz_arena *arena;
    struct resolve_vocab_slot *slots; /* in arena; capacity a power of 2 */
    size_t capacity;
    size_t used;
    size_t documents; /* mentions counted */
};

/* One mention made ready for scoring: every set a sorted hash array. */
struct resolve_prepared {
    uint64_t *words;
    double *weights;
    size_t word_count;
    double weight_total;
    uint64_t *coauthors;
    size_t coauthor_count;
    uint64_t *topics;
    size_t topic_count;
    uint64_t venue; /* 0: none */
};

struct resolve_link {
    double score;
    uint32_t a, b;
    int coauthors; /* the two share a co-author */
};

static const char *const resolve_stopwords[] = {
    "of", "the", "and", "for", "in",  "at",  "de", "des", "du", "la", "le",
    "di", "da",  "del", "der", "und", "fur", "et", "e",   "y",  NULL};

void bz_resolve_params_default(struct bz_resolve_params *params)
{
    params->affiliation_weight = 1.0;
    params->coauthor_weight = 0.5;
    params->coauthor_max = 1.0;
    params->venue_weight = 0.15;
    params->topic_weight = 0.1;
    params->topic_max = 0.2;
    params->year_gap = 25;
    params->year_penalty = 0.3;
    params->threshold_exact = 0.2;
    params->threshold_compatible = 0.5;
    params->attach_share = 0.6;
    params->attach_support = 2;
    params->cohesion = 0.2;
}

/* FNV-1a over n bytes, never 0 (0 marks an empty slot or no value). */
static uint64_t resolve_hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull;

    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull;
    }
    return h == 0 ? 1 : h;
}

static int resolve_hash_order(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a;
    uint64_t y = *(const uint64_t *)b;

    return x < y ? -1 : x > y;
}

/* Sorts and deduplicates hashes[0..n); returns the new count. */
static size_t resolve_unique(uint64_t *hashes, size_t n)
{
    size_t k = 0;

    qsort(hashes, n, sizeof(*hashes), resolve_hash_order);
    for (size_t i = 0; i < n; i++) {
        if (k == 0 || hashes[k - 1] != hashes[i])
            hashes[k++] = hashes[i];
    }
    return k;
}

static int resolve_is_stopword(const char *word)
{
    for (size_t i = 0; resolve_stopwords[i] != NULL; i++) {
        if (strcmp(word, resolve_stopwords[i]) == 0)
            return 1;
    }
    return 0;
}

/* The distinct affiliation word hashes of m, in arena; *count set. NULL
 * with *count 0 when there are none or out of memory (*nomem set). */
static uint64_t *resolve_words(const struct bz_mention *m,
                               struct bz_arena *arena, size_t *count,
                               int *nomem)
{
    size_t cap = m->affiliation_count * RESOLVE_WORDS_MAX;
    uint64_t *hashes;
    size_t k = 0;

    *count = 0;
    if (cap == 0)
        return NULL;
    hashes = bz_arena_alloc(arena, cap * sizeof(*hashes));
    if (hashes == NULL) {
        *nomem = 1;
        return NULL;
    }
    for (size_t i = 0; i < m->affiliation_count; i++) {
        char *words[RESOLVE_WORDS_MAX];
        size_t n;

        if (m->affiliations[i] == NULL)
            continue;
        n = bz_text_split_words(arena, m->affiliations[i], words,
                                RESOLVE_WORDS_MAX);
        for (size_t w = 0; w < n; w++) {
            size_t len = strlen(words[w]);

            if (resolve_is_stopword(words[w]))
                continue;
            hashes[k++] = resolve_hash(words[w], len < RESOLVE_WORD_PREFIX
                                                     ? len
                                                     : RESOLVE_WORD_PREFIX);
        }
    }
    *count = resolve_unique(hashes, k);
    return hashes;
}

/* Hashes of the folded strings list[0..n), sorted and distinct. */
static uint64_t *resolve_strings(const char *const *list, size_t n,
                                 struct bz_arena *arena, size_t *count,
                                 int *nomem)
{
    uint64_t *hashes;
    size_t k = 0;

    *count = 0;
    if (n == 0)
        return NULL;
    hashes = bz_arena_alloc(arena, n * sizeof(*hashes));
    if (hashes == NULL) {
        *nomem = 1;
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        char *folded = list[i] ? bz_text_fold_words(arena, list[i]) : NULL;

        if (folded != NULL && strcmp(folded, " ") != 0)
            hashes[k++] = resolve_hash(folded, strlen(folded));
        else if (list[i] != NULL && folded == NULL)
            *nomem = 1;
    }
    *count = resolve_unique(hashes, k);
    return hashes;
}

struct bz_resolve_vocab *bz_resolve_vocab_new(struct bz_arena *arena)
{
    struct bz_resolve_vocab *v = bz_arena_calloc(arena, 1, sizeof(*v));

    if (v == NULL)
        return NULL;
    v->arena = arena;
    v->capacity = 1024;
    v->slots = bz_arena_calloc(arena, v->capacity, sizeof(*v->slots));
    return v->slots ? v : NULL;
}

static struct resolve_vocab_slot *
resolve_vocab_find(const struct bz_resolve_vocab *v, uint64_t hash)
{
    size_t i = (size_t)hash & (v->capacity - 1);

    while (v->slots[i].hash != 0 && v->slots[i].hash != hash)
        i = (i + 1) & (v->capacity - 1);
    return &v->slots[i];
}

static enum bz_status resolve_vocab_grow(struct bz_resolve_vocab *v,
                                         struct bz_error *err)
{
    struct resolve_vocab_slot *old = v->slots;
    size_t old_capacity = v->capacity;

    if (v->capacity >= RESOLVE_VOCAB_MAX * 2)
        return bz_error_set(err, BZ_TOO_LARGE,
                            "affiliation vocabulary is "
                            "past %u words",
                            RESOLVE_VOCAB_MAX);
    v->slots = bz_arena_calloc(v->arena, old_capacity * 2, sizeof(*old));
    if (v->slots == NULL) {
        v->slots = old;
        return bz_error_set(err, BZ_NOMEM, "out of memory for words");
    }
    v->capacity = old_capacity * 2;
    for (size_t i = 0; i < old_capacity; i++) {
        if (old[i].hash != 0)
            *resolve_vocab_find(v, old[i].hash) = old[i];
    }
    return BZ_OK;
}

enum bz_status bz_resolve_vocab_add(struct bz_resolve_vocab *vocab,
                                    const struct bz_mention *mention,
                                    struct bz_error *err)
{
    struct bz_arena scratch;
    uint64_t *words;
    size_t count;
    int nomem = 0;
    enum bz_status rc = BZ_OK;

    bz_arena_init(&scratch, 0);
    words = resolve_words(mention, &scratch, &count, &nomem);
    if (nomem)
        rc = bz_error_set(err, BZ_NOMEM, "out of memory for words");
    for (size_t i = 0; rc == BZ_OK && i < count; i++) {
        struct resolve_vocab_slot *slot;

        if (vocab->used * 2 >= vocab->capacity)
            rc = resolve_vocab_grow(vocab, err);
        if (rc != BZ_OK)
            break;
        slot = resolve_vocab_find(vocab, words[i]);
        if (slot->hash == 0) {
            slot->hash = words[i];
            vocab->used++;
        }
        slot->count++;
    }
    if (rc == BZ_OK)
        vocab->documents++;
    bz_arena_release(&scratch);
    return rc;
}

/* How much a word tells: rare words weigh more (inverse document
 * frequency); 1 for every word when there is no vocabulary. */
static double resolve_word_weight(const struct bz_resolve_vocab *vocab,
                                  uint64_t hash)
{
    size_t df;

    if (vocab == NULL || vocab->documents == 0)
        return 1.0;
    df = resolve_vocab_find(vocab, hash)->count;
    return log((vocab->documents + 1.0) / (df + 1.0)) + 0.05;
}

static int resolve_prepare(const struct bz_mention *m,
                           const struct bz_resolve_vocab *vocab,
                           struct bz_arena *arena, struct resolve_prepared *p)
{
    int nomem = 0;

    memset(p, 0, sizeof(*p));
    p->words = resolve_words(m, arena, &p->word_count, &nomem);
    p->coauthors = resolve_strings(m->coauthors, m->coauthor_count, arena,
                                   &p->coauthor_count, &nomem);
    p->topics = resolve_strings(m->topics, m->topic_count, arena,
                                &p->topic_count, &nomem);
    if (m->venue != NULL && m->venue[0] != '\0') {
        char *folded = bz_text_fold_words(arena, m->venue);

        if (folded == NULL)
            nomem = 1;
        else if (strcmp(folded, " ") != 0)
            p->venue = resolve_hash(folded, strlen(folded));
    }
    if (p->word_count > 0) {
        p->weights = bz_arena_alloc(arena, p->word_count * sizeof(double));
        if (p->weights == NULL)
            return -1;
        for (size_t i = 0; i < p->word_count; i++) {
            p->weights[i] = resolve_word_weight(vocab, p->words[i]);
            p->weight_total += p->weights[i];
        }
    }
    return nomem ? -1 : 0;
}

/* Hashes two sorted arrays share. */
static size_t resolve_shared(const uint64_t *a, size_t na, const uint64_t *b,
                             size_t nb)
{
    size_t i = 0, j = 0, shared = 0;

    while (i < na && j < nb) {
        if (a[i] == b[j]) {
            shared++;
            i++;
            j++;
        } else if (a[i] < b[j]) {
            i++;
        } else {
            j++;
        }
    }
    return shared;
}

/* Weighted Jaccard similarity of the affiliation words, 0..1. */
static double resolve_affiliation_similarity(const struct resolve_prepared *a,
                                             const struct resolve_prepared *b)
{
    size_t i = 0, j = 0;
    double shared = 0.0;
    double all;

    if (a->word_count == 0 || b->word_count == 0)
        return 0.0;
    while (i < a->word_count && j < b->word_count) {
        if (a->words[i] == b->words[j]) {
            shared += a->weights[i];
            i++;
            j++;
        } else if (a->words[i] < b->words[j]) {
            i++;
        } else {
            j++;
        }
    }
    all = a->weight_total + b->weight_total - shared;
    return all > 0.0 ? shared / all : 0.0;
}

static double resolve_prepared_score(const struct bz_mention *ma,
                                     const struct bz_mention *mb,
                                     const struct resolve_prepared *a,
                                     const struct resolve_prepared *b,
                                     const struct bz_resolve_params *params)
{
    double score =
        params->affiliation_weight * resolve_affiliation_similarity(a, b);
    double part;

    part = params->coauthor_weight *
           (double)resolve_shared(a->coauthors, a->coauthor_count, b->coauthors,
                                  b->coauthor_count);
    score += part < params->coauthor_max ? part : params->coauthor_max;
    part = params->topic_weight *
           (double)resolve_shared(a->topics, a->topic_count, b->topics,
                                  b->topic_count);
    score += part < params->topic_max ? part : params->topic_max;
    if (a->venue != 0 && a->venue == b->venue)
        score += params->venue_weight;
    if (ma->year > 0 && mb->year > 0 &&
        abs(ma->year - mb->year) > params->year_gap)
        score -= params->year_penalty;
    return score;
}

double bz_resolve_score(const struct bz_mention *a, const struct bz_mention *b,
                        const struct bz_resolve_params *params,
                        const struct bz_resolve_vocab *vocab,
                        struct bz_arena *arena)
{
    struct resolve_prepared pa, pb;

    if (resolve_prepare(a, vocab, arena, &pa) != 0 ||
        resolve_prepare(b, vocab, arena, &pb) != 0)
        return 0.0;
    return resolve_prepared_score(a, b, &pa, &pb, params);
}

static int resolve_link_order(const void *x, const void *y)
{
    const struct resolve_link *a = x;
    const struct resolve_link *b = y;

    if (a->score != b->score)
        return a->score > b->score ? -1 : 1;
    if (a->a != b->a)
        return a->a < b->a ? -1 : 1;
    return a->b < b->b ? -1 : a->b > b->b;
}

/* Union-find over mentions, each set also a linked list of members. For
 * the cohesion test, each root also keeps how many of its members have a
 * place, and sums[] the sum of the scores of the placed pairs across two
 * sets, for every two roots (average linkage, kept up to date on each
 * join); sums is NULL when params->cohesion is 0. */
struct resolve_sets {
    uint32_t *parent;
    uint32_t *next; /* next member of the same set, or UINT32_MAX */
    uint32_t *tail;
    uint32_t *placed; /* at a root: members with an affiliation */
    float *sums;      /* n * (n - 1) / 2, by resolve_pair */
    size_t n;
};

/* The place of the pair of a and b (a != b) in a triangle of n * (n - 1)
 * / 2 cells, row by row: the pairs of a with every later mention are
 * side by side, in the order resolve_links scores them. */
static size_t resolve_pair(size_t n, uint32_t a, uint32_t b)
{
    if (a > b) {
        uint32_t t = a;

        a = b;
        b = t;
    }
    return (size_t)a * n - (size_t)a * (a + 1) / 2 + (b - a - 1);
}

static uint32_t resolve_find(struct resolve_sets *s, uint32_t i)
{
    while (s->parent[i] != i) {
        s->parent[i] = s->parent[s->parent[i]];
        i = s->parent[i];
    }
    return i;
}

/* Joins the sets of roots ra and rb unless a pair across them has
 * conflicting names; 1 when joined. */
static int resolve_join(struct resolve_sets *s, const unsigned char *conflict,
                        uint32_t ra, uint32_t rb)
{
    for (uint32_t x = ra; x != UINT32_MAX; x = s->next[x]) {
        for (uint32_t y = rb; y != UINT32_MAX; y = s->next[y]) {
            if (conflict[(size_t)x * s->n + y])
                return 0;
        }
    }
    if (s->sums != NULL) {
        for (uint32_t c = 0; c < s->n; c++) {
            if (c != ra && c != rb && s->parent[c] == c)
                s->sums[resolve_pair(s->n, ra, c)] +=
                    s->sums[resolve_pair(s->n, rb, c)];
        }
    }
    s->placed[ra] += s->placed[rb];
    s->next[s->tail[ra]] = rb;
    s->tail[ra] = s->tail[rb];
    s->parent[rb] = ra;
    return 1;
}

/* 1 when the people rooted at ra and rb hold together: their placed
 * mentions, paired across the two, score on average at least
 * params->cohesion (or one of them has no place). Asked of a link that
 * shares no co-author, for one such link between one mention of each is
 * not enough: "Hong Kong Polytechnic" and "Hong Kong University of
 * Science and Technology" share words, and so do the latter and
 * "Huazhong University of Science and Technology", but the first and the
 * last do not. */
static int resolve_cohesive(const struct resolve_sets *s,
                            const struct bz_resolve_params *params, uint32_t ra,
                            uint32_t rb)
{
    double pairs = (double)s->placed[ra] * (double)s->placed[rb];

    if (s->sums == NULL || pairs == 0.0)
        return 1;
    return s->sums[resolve_pair(s->n, ra, rb)] >= params->cohesion * pairs;
}

#define RESOLVE_PLACELESS 1 /* no member of its person has an affiliation */
#define RESOLVE_CANDIDATE 2 /* and it is that person's first mention, */
                            /* with a full given name */

/* Marks the people the links left without any affiliation: they cannot
 * contradict another person's places. Returns how many candidates. */
static size_t resolve_candidates(struct resolve_sets *s,
                                 const struct bz_mention *mentions,
                                 const struct resolve_prepared *prepared,
                                 unsigned char *flags)
{
    size_t count = 0;

    for (uint32_t i = 0; i < s->n; i++)
        flags[i] = RESOLVE_PLACELESS;
    for (uint32_t i = 0; i < s->n; i++) {
        if (prepared[i].word_count > 0)
            flags[resolve_find(s, i)] = 0;
    }
    for (uint32_t i = 0; i < s->n; i++) {
        uint32_t r = resolve_find(s, i);

        flags[i] = flags[r] & RESOLVE_PLACELESS;
        if (flags[i] && r == i && bz_name_has_full_given(&mentions[i].name)) {
            flags[i] |= RESOLVE_CANDIDATE;
            count++;
        }
    }
    return count;
}

/* How many distinct full first given names the block's mentions carry
 * (1: one name in the block, whoever its people are); SIZE_MAX out of
 * memory. */
static size_t resolve_given_names(const struct bz_mention *mentions, size_t n,
                                  struct bz_arena *arena)
{
    uint64_t *hashes = bz_arena_alloc(arena, n * sizeof(*hashes));
    size_t k = 0;

    if (hashes == NULL)
        return SIZE_MAX;
    for (size_t i = 0; i < n; i++) {
        const struct bz_name *name = &mentions[i].name;

        if (bz_name_has_full_given(name))
            hashes[k++] = resolve_hash(name->given[0], strlen(name->given[0]));
    }
    return resolve_unique(hashes, k);
}

/* 1 when a member of the person rooted at ra has evidence against a
 * member of the one rooted at rb: a score below zero (years too far
 * apart, and nothing else in common). */
static int resolve_contradicts(const struct resolve_sets *s,
                               const struct bz_mention *mentions,
                               const struct resolve_prepared *prepared,
                               const struct bz_resolve_params *params,
                               uint32_t ra, uint32_t rb)
{
    for (uint32_t x = ra; x != UINT32_MAX; x = s->next[x]) {
        for (uint32_t y = rb; y != UINT32_MAX; y = s->next[y]) {
            if (resolve_prepared_score(&mentions[x], &mentions[y], &prepared[x],
                                       &prepared[y], params) < 0.0)
                return 1;
        }
    }
    return 0;
}

/* The placeless person whose first mention is i joins the person that
 * holds the largest share of the mentions with exactly i's name that have
 * a place, when that share reaches params->attach_share and, unless i's
 * given name is the only one in the block (alone_in_block), counts at
 * least params->attach_support mentions. When no mention of that name has
 * a place and the name is alone in its block, it joins the earliest
 * placeless person of that name. Either way not when the two have
 * evidence against each other, nor when their names conflict or two of
 * their mentions are two names on one work. */
static void resolve_attach(struct resolve_sets *s,
                           const struct bz_mention *mentions,
                           const struct resolve_prepared *prepared,
                           const struct bz_resolve_params *params,
                           const unsigned char *flags,
                           const unsigned char *conflict, size_t *votes,
                           uint32_t i, int alone_in_block)
{
    size_t total = 0, best = 0;
    uint32_t best_root = UINT32_MAX, twin = UINT32_MAX;
    uint32_t own = resolve_find(s, i);

    for (uint32_t j = 0; j < s->n; j++) {
        uint32_t r;

        if (conflict[(size_t)i * s->n + j] ||
            bz_name_compare(&mentions[i].name, &mentions[j].name) !=
                BZ_NAME_EXACT)
            continue;
        r = resolve_find(s, j);
        if (flags[j] & RESOLVE_PLACELESS) {
            if (j < i && twin == UINT32_MAX && r != own)
                twin = r;
            continue;
        }
        total++;
        if (++votes[r] > best) {
            best = votes[r];
            best_root = r;
        }
    }
    for (uint32_t j = 0; j < s->n; j++)
        votes[j] = 0;
    if (total == 0 && twin != UINT32_MAX && alone_in_block)
        best_root = twin;
    else if (best_root == UINT32_MAX ||
             (double)best < params->attach_share * (double)total ||
             (best < params->attach_support && !alone_in_block))
        return;
    if (!resolve_contradicts(s, mentions, prepared, params, best_root, own))
        resolve_join(s, conflict, best_root, own);
}

static void resolve_number(struct resolve_sets *s, size_t *person_of)
{
    size_t people = 0;

    for (size_t i = 0; i < s->n; i++)
        person_of[i] = SIZE_MAX;
    for (uint32_t i = 0; i < s->n; i++) {
        uint32_t r = resolve_find(s, i);

        if (person_of[r] == SIZE_MAX)
            person_of[r] = people++;
        person_of[i] = person_of[r];
    }
}

/* Every pair whose names allow it and whose score reaches its threshold;
 * fills the conflict matrix on the way: conflicting names, or two authors
 * of one work under two forms of a name ("J. Kim" and "Jang Hwan Kim";
 * the very same name twice is more often a source listing one author
 * twice); and, when sums is not NULL, the score of each pair of placed
 * mentions whose names allow it. NULL out of memory. */
static struct resolve_link *
resolve_links(const struct bz_mention *mentions, size_t n,
              const struct resolve_prepared *prepared,
              const struct bz_resolve_params *params, unsigned char *conflict,
              float *sums, struct bz_arena *arena, size_t *count)
{
    size_t cap = 64, k = 0;
    struct resolve_link *links = malloc(cap * sizeof(*links));

    for (uint32_t a = 0; links != NULL && a < n; a++) {
        for (uint32_t b = a + 1; b < n; b++) {
            enum bz_name_match match =
                bz_name_compare(&mentions[a].name, &mentions[b].name);
            double need = params->threshold_compatible;
            double score;

            if (match == BZ_NAME_CONFLICT ||
                (match != BZ_NAME_EXACT && mentions[a].work != 0 &&
                 mentions[a].work == mentions[b].work)) {
                conflict[(size_t)a * n + b] = 1;
                conflict[(size_t)b * n + a] = 1;
                continue;
            }
            if (match == BZ_NAME_EXACT &&
                bz_name_has_full_given(&mentions[a].name))
                need = params->threshold_exact;
            score = resolve_prepared_score(&mentions[a], &mentions[b],
                                           &prepared[a], &prepared[b], params);
            if (sums != NULL && prepared[a].word_count > 0 &&
                prepared[b].word_count > 0)
                sums[resolve_pair(n, a, b)] = (float)score;
            if (score <= 0.0 || score < need)
                continue;
            if (k == cap) {
                struct resolve_link *grown;

                cap *= 2;
                grown = realloc(links, cap * sizeof(*links));
                if (grown == NULL) {
                    free(links);
                    return NULL;
                }
                links = grown;
            }
            links[k++] = (struct resolve_link){
                score, a, b,
                resolve_shared(
                    prepared[a].coauthors, prepared[a].coauthor_count,
                    prepared[b].coauthors, prepared[b].coauthor_count) > 0};
        }
    }
    if (links != NULL && bz_arena_add_cleanup(arena, free, links) != 0) {
        free(links);
        return NULL;
    }
    *count = k;
    return links;
}

enum bz_status bz_resolve_cluster(const struct bz_mention *mentions, size_t n,
                                  const struct bz_resolve_params *params,
                                  const struct bz_resolve_vocab *vocab,
                                  size_t *person_of, struct bz_arena *arena,
                                  struct bz_error *err)
{
    struct resolve_prepared *prepared;
    struct bz_resolve_vocab *own = NULL;
    struct resolve_link *links;
    struct resolve_sets sets;
    unsigned char *conflict, *flags;
    size_t link_count = 0, *votes;

    if (n > RESOLVE_MENTIONS_MAX)
        return bz_error_set(err, BZ_TOO_LARGE,
                            "block of %zu mentions is "
                            "past %d",
                            n, RESOLVE_MENTIONS_MAX);
    if (n == 0)
        return BZ_OK;
    if (vocab == NULL) {
        own = bz_resolve_vocab_new(arena);
        for (size_t i = 0; own != NULL && i < n; i++) {
            enum bz_status rc = bz_resolve_vocab_add(own, &mentions[i], err);

            if (rc != BZ_OK)
                return rc;
        }
        vocab = own;
    }

    prepared = bz_arena_calloc(arena, n, sizeof(*prepared));
    conflict = bz_arena_calloc(arena, n * n, 1);
    votes = bz_arena_calloc(arena, n, sizeof(*votes));
    flags = bz_arena_calloc(arena, n, 1);
    sets.parent = bz_arena_alloc(arena, n * sizeof(uint32_t));
    sets.next = bz_arena_alloc(arena, n * sizeof(uint32_t));
    sets.tail = bz_arena_alloc(arena, n * sizeof(uint32_t));
    sets.placed = bz_arena_alloc(arena, n * sizeof(uint32_t));
    sets.sums = NULL;
    if (params->cohesion > 0.0 && n > 1)
        sets.sums = bz_arena_calloc(arena, n * (n - 1) / 2, sizeof(float));
    sets.n = n;
    if (vocab == NULL || prepared == NULL || conflict == NULL ||
        votes == NULL || flags == NULL || sets.parent == NULL ||
        sets.next == NULL || sets.tail == NULL || sets.placed == NULL ||
        (sets.sums == NULL && params->cohesion > 0.0 && n > 1))
        return bz_error_set(err, BZ_NOMEM,
                            "out of memory resolving %zu "
                            "mentions",
                            n);
    for (size_t i = 0; i < n; i++) {
        if (resolve_prepare(&mentions[i], vocab, arena, &prepared[i]) != 0)
            return bz_error_set(err, BZ_NOMEM, "out of memory resolving");
        sets.parent[i] = sets.tail[i] = (uint32_t)i;
        sets.next[i] = UINT32_MAX;
        sets.placed[i] = prepared[i].word_count > 0;
    }

    links = resolve_links(mentions, n, prepared, params, conflict, sets.sums,
                          arena, &link_count);
    if (links == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory for links");
    qsort(links, link_count, sizeof(*links), resolve_link_order);
    /* A shared co-author joins two people on its own; a link of places
     * and the rest only when the two hold together. */
    for (size_t k = 0; k < link_count; k++) {
        uint32_t ra = resolve_find(&sets, links[k].a);
        uint32_t rb = resolve_find(&sets, links[k].b);

        if (ra != rb &&
            (links[k].coauthors || resolve_cohesive(&sets, params, ra, rb)))
            resolve_join(&sets, conflict, ra, rb);
    }
    /* the attachments below ask no cohesion: their joins need not keep
     * the sums up to date */
    sets.sums = NULL;

    if (params->attach_share > 0.0 &&
        resolve_candidates(&sets, mentions, prepared, flags) > 0) {
        size_t names = resolve_given_names(mentions, n, arena);

        if (names == SIZE_MAX)
            return bz_error_set(err, BZ_NOMEM, "out of memory for names");
        for (uint32_t i = 0; i < n; i++) {
            if (flags[i] & RESOLVE_CANDIDATE)
                resolve_attach(&sets, mentions, prepared, params, flags,
                               conflict, votes, i, names == 1);
        }
    }
    resolve_number(&sets, person_of);
    return BZ_OK;
}
