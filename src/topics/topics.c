/* topics.c - the OpenAlex topic table and the TF-IDF classifier over its
 * names, keywords and descriptions (docs/topics.md). */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yajl/yajl_tree.h>

#include "import/json_tree.h"
#include "topics/topics.h"

#define TOPICS_FILE "openalex-topics.jsonl"
#define TOPICS_LINE_MAX (1 << 20)
#define TOPICS_WORD_MAX 32

/* How much each part of a topic's text weighs in its vector. */
#define WEIGHT_NAME 3.0
#define WEIGHT_KEYWORD 2.0
#define WEIGHT_SUBFIELD 1.0
#define WEIGHT_DESCRIPTION 0.5

struct topics_term {
    char *word; /* owned */
    int df;     /* topics whose text has it */
    double idf;
    size_t first, count; /* its postings */
};

struct topics_posting {
    uint32_t topic;
    float weight; /* tf-idf, the topic's vector normalised */
};

/* a (term, weight) pair while a topic's text is read */
struct topics_pair {
    uint32_t term;
    double weight;
};

struct bz_topics {
    struct bz_topic_entry *entries; /* by id */
    size_t count;
    struct bz_arena strings;   /* names */
    struct topics_term *terms; /* open addressing, cap a power of 2 */
    size_t term_cap, term_count;
    struct topics_posting *postings;
    size_t posting_count;
};

/* --- words ---------------------------------------------------------------- */

static const char *const topics_stopwords[] = {
    "about",    "above",      "across",   "after",    "again",    "against",
    "also",     "among",      "and",      "any",      "are",      "based",
    "because",  "been",       "before",   "being",    "between",  "both",
    "but",      "can",        "cluster",  "could",    "does",     "during",
    "each",     "focus",      "focuses",  "for",      "from",     "further",
    "had",      "has",        "have",     "here",     "how",      "into",
    "its",      "may",        "more",     "most",     "new",      "not",
    "novel",    "only",       "other",    "our",      "over",     "paper",
    "papers",   "particular", "propose",  "proposed", "research", "result",
    "results",  "show",       "shows",    "some",     "studies",  "study",
    "such",     "than",       "that",     "the",      "their",    "them",
    "then",     "there",      "these",    "they",     "this",     "those",
    "through",  "topic",      "topics",   "under",    "use",      "used",
    "using",    "various",    "via",      "was",      "we",       "were",
    "what",     "when",       "where",    "which",    "while",    "who",
    "will",     "with",       "within",   "without",  "work",     "would",
    "emphasis", "including",  "includes", "covers",   "related",  "aspects",
    NULL};

static int topics_stopword(const char *w)
{
    for (size_t i = 0; topics_stopwords[i]; i++)
        if (strcmp(w, topics_stopwords[i]) == 0)
            return 1;
    return 0;
}

/* A light stemmer: plural endings only ("networks" -> "network",
 * "studies" -> "study"), so that a topic's keyword meets the abstract's. */
static void topics_stem(char *w, size_t *n)
{
    if (*n > 4 && strcmp(w + *n - 3, "ies") == 0) {
        w[*n - 3] = 'y';
        w[*n - 2] = '\0';
        *n -= 2;
    } else if (*n > 3 && w[*n - 1] == 's' && w[*n - 2] != 's' &&
               w[*n - 2] != 'u' && w[*n - 2] != 'i') {
        w[--*n] = '\0';
    }
}

/* Calls fn for each word of s: ASCII letters and digits, folded to lower
 * case, 3 to TOPICS_WORD_MAX long, not a stop word, stemmed. Bytes beyond
 * ASCII break words. (Word pairs were tried and lowered every figure of
 * docs/topics.md.) */
static void topics_words(const char *s, void (*fn)(const char *, void *),
                         void *data)
{
    char w[TOPICS_WORD_MAX + 1];
    size_t n = 0, len = 0;

    if (s == NULL)
        return;
    for (;; s++) {
        unsigned char c = (unsigned char)*s;

        if (c < 0x80 && isalnum(c)) {
            if (len < TOPICS_WORD_MAX)
                w[n++] = (char)tolower(c);
            len++;
            continue;
        }
        if (n >= 3 && len <= TOPICS_WORD_MAX) {
            w[n] = '\0';
            topics_stem(w, &n);
            if (!topics_stopword(w) && !isdigit((unsigned char)w[0]))
                fn(w, data);
        }
        n = len = 0;
        if (c == '\0')
            break;
    }
}

/* --- the vocabulary ------------------------------------------------------- */

static uint64_t topics_hash(const char *s)
{
    uint64_t h = 1469598103934665603ull;

    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

/* The slot of word: its term, or the empty slot where it would go. */
static size_t topics_slot(const struct bz_topics *t, const char *word)
{
    size_t i = topics_hash(word) & (t->term_cap - 1);

    while (t->terms[i].word && strcmp(t->terms[i].word, word) != 0)
        i = (i + 1) & (t->term_cap - 1);
    return i;
}

static int topics_grow(struct bz_topics *t)
{
    struct topics_term *old = t->terms;
    size_t old_cap = t->term_cap;

    t->term_cap = old_cap ? old_cap * 2 : 1u << 14;
    t->terms = calloc(t->term_cap, sizeof(*t->terms));
    if (t->terms == NULL) {
        t->terms = old;
        t->term_cap = old_cap;
        return -1;
    }
    for (size_t i = 0; i < old_cap; i++)
        if (old[i].word)
            t->terms[topics_slot(t, old[i].word)] = old[i];
    free(old);
    return 0;
}

/* The term of word, added when new; SIZE_MAX out of memory. */
static size_t topics_term(struct bz_topics *t, const char *word)
{
    size_t i;

    if ((t->term_count + 1) * 2 > t->term_cap && topics_grow(t) != 0)
        return SIZE_MAX;
    i = topics_slot(t, word);
    if (t->terms[i].word == NULL) {
        if ((t->terms[i].word = strdup(word)) == NULL)
            return SIZE_MAX;
        t->term_count++;
    }
    return i;
}

/* --- building ------------------------------------------------------------- */

struct topics_builder {
    struct bz_topics *topics;
    struct topics_pair *pairs; /* of every topic, in topic order */
    size_t pair_count, pair_cap;
    size_t *first; /* per entry: its first pair */
    double weight; /* of the words now read */
    int nomem;
};

static void topics_add_word(const char *word, void *data)
{
    struct topics_builder *b = data;
    size_t term;

    if (b->nomem)
        return;
    if (b->pair_count == b->pair_cap) {
        size_t cap = b->pair_cap ? b->pair_cap * 2 : 1u << 16;
        struct topics_pair *p = realloc(b->pairs, cap * sizeof(*p));

        if (p == NULL) {
            b->nomem = 1;
            return;
        }
        b->pairs = p;
        b->pair_cap = cap;
    }
    if ((term = topics_term(b->topics, word)) == SIZE_MAX) {
        b->nomem = 1;
        return;
    }
    b->pairs[b->pair_count].term = (uint32_t)term;
    b->pairs[b->pair_count++].weight = b->weight;
}

static void topics_add_text(struct topics_builder *b, const char *s,
                            double weight)
{
    b->weight = weight;
    topics_words(s, topics_add_word, b);
}

static int topics_pair_order(const void *a, const void *b)
{
    const struct topics_pair *x = a, *y = b;

    return (x->term > y->term) - (x->term < y->term);
}

/* "https://openalex.org/fields/17" -> 17; "T10001" -> 10001. */
static int topics_number(const char *id)
{
    const char *s = id ? id + strlen(id) : NULL;

    if (s == NULL)
        return 0;
    while (s > id && isdigit((unsigned char)s[-1]))
        s--;
    return atoi(s);
}

static const char *topics_node(yajl_val object, const char *key, int *id,
                               struct bz_arena *strings)
{
    int bad = 0;
    yajl_val node = bz_jt_get(object, key);
    const char *name;

    *id = topics_number(bz_jt_string(node, "id", &bad));
    name = bz_jt_string(node, "display_name", &bad);
    return name ? bz_arena_strdup(strings, name) : "";
}

/* One line of openalex-topics.jsonl: the entry and its words. */
static enum bz_status topics_read_line(struct topics_builder *b,
                                       const char *line, long number,
                                       struct bz_error *err)
{
    struct bz_topics *t = b->topics;
    struct bz_topic_entry *e;
    char reason[128];
    yajl_val root = bz_jt_parse(line, strlen(line), reason, sizeof reason);
    yajl_val keywords;
    int bad = 0;
    const char *name;

    if (root == NULL)
        return bz_error_set(err, BZ_INVALID, "%s:%ld: %s", TOPICS_FILE, number,
                            reason);
    e = &t->entries[t->count];
    e->id = topics_number(bz_jt_string(root, "id", &bad));
    name = bz_jt_string(root, "display_name", &bad);
    if (e->id <= 0 || name == NULL) {
        yajl_tree_free(root);
        return bz_error_set(err, BZ_INVALID, "%s:%ld: a topic lacks its id",
                            TOPICS_FILE, number);
    }
    e->name = bz_arena_strdup(&t->strings, name);
    e->subfield_name =
        topics_node(root, "subfield", &e->subfield_id, &t->strings);
    e->field_name = topics_node(root, "field", &e->field_id, &t->strings);
    e->domain_name = topics_node(root, "domain", &e->domain_id, &t->strings);

    b->first[t->count] = b->pair_count;
    topics_add_text(b, name, WEIGHT_NAME);
    topics_add_text(b, e->subfield_name, WEIGHT_SUBFIELD);
    keywords = bz_jt_array(root, "keywords", &bad);
    for (size_t i = 0; keywords && i < keywords->u.array.len; i++)
        topics_add_text(b, YAJL_GET_STRING(keywords->u.array.values[i]),
                        WEIGHT_KEYWORD);
    topics_add_text(b, bz_jt_string(root, "description", &bad),
                    WEIGHT_DESCRIPTION);
    yajl_tree_free(root);
    if (b->nomem || e->name == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    t->count++;
    return BZ_OK;
}

/* Turns each entry's pairs into its normalised tf-idf vector, and the
 * vectors into postings by term. */
static enum bz_status topics_index(struct topics_builder *b,
                                   struct bz_error *err)
{
    struct bz_topics *t = b->topics;
    size_t n = 0;

    b->first[t->count] = b->pair_count;
    /* merge each topic's repeated terms: pairs of one term sum their
     * weights (a sublinear tf comes below) */
    for (size_t e = 0; e < t->count; e++) {
        struct topics_pair *p = b->pairs + b->first[e];
        size_t m = b->first[e + 1] - b->first[e], k = 0;

        if (m > 1)
            qsort(p, m, sizeof(*p), topics_pair_order);
        for (size_t i = 0; i < m; i++) {
            if (k > 0 && p[k - 1].term == p[i].term)
                p[k - 1].weight += p[i].weight;
            else
                p[k++] = p[i];
        }
        memmove(b->pairs + n, p, k * sizeof(*p));
        b->first[e] = n;
        n += k;
        for (size_t i = 0; i < k; i++)
            t->terms[b->pairs[b->first[e] + i].term].df++;
    }
    b->first[t->count] = n;

    for (size_t i = 0; i < t->term_cap; i++)
        if (t->terms[i].word)
            t->terms[i].idf =
                log((double)(t->count + 1) / (t->terms[i].df + 1)) + 1.0;

    t->postings = calloc(n ? n : 1, sizeof(*t->postings));
    if (t->postings == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    t->posting_count = n;
    for (size_t i = 0, at = 0; i < t->term_cap; i++) {
        t->terms[i].first = at;
        at += (size_t)t->terms[i].df;
    }
    for (size_t e = 0; e < t->count; e++) {
        struct topics_pair *p = b->pairs + b->first[e];
        size_t m = b->first[e + 1] - b->first[e];
        double norm = 0;

        for (size_t i = 0; i < m; i++) {
            p[i].weight = (1.0 + log(p[i].weight)) * t->terms[p[i].term].idf;
            norm += p[i].weight * p[i].weight;
        }
        norm = norm > 0 ? sqrt(norm) : 1;
        for (size_t i = 0; i < m; i++) {
            struct topics_term *term = &t->terms[p[i].term];
            struct topics_posting *post =
                &t->postings[term->first + term->count++];

            post->topic = (uint32_t)e;
            post->weight = (float)(p[i].weight / norm);
        }
    }
    return BZ_OK;
}

static int topics_entry_order(const void *a, const void *b)
{
    const struct bz_topic_entry *x = a, *y = b;

    return (x->id > y->id) - (x->id < y->id);
}

static enum bz_status topics_read(struct bz_topics *t, FILE *f,
                                  struct bz_error *err)
{
    struct topics_builder b = {.topics = t};
    size_t cap = 0, alloc = 8192;
    char *line = NULL;
    long number = 0;
    enum bz_status rc = BZ_OK;

    t->entries = calloc(alloc, sizeof(*t->entries));
    b.first = calloc(alloc + 1, sizeof(*b.first));
    if (t->entries == NULL || b.first == NULL || topics_grow(t) != 0) {
        rc = bz_error_set(err, BZ_NOMEM, "out of memory");
        goto out;
    }
    while (rc == BZ_OK && getline(&line, &cap, f) > 0) {
        number++;
        if (line[0] == '\n' || line[0] == '\0')
            continue;
        if (t->count == alloc) {
            rc = bz_error_set(err, BZ_TOO_LARGE, "%s: more than %zu topics",
                              TOPICS_FILE, alloc);
            break;
        }
        rc = topics_read_line(&b, line, number, err);
    }
    if (rc == BZ_OK && ferror(f))
        rc = bz_error_errno(err, errno, "cannot read '%s'", TOPICS_FILE);
    /* bz_topics_find searches by id: the shipped file is in id order */
    for (size_t i = 1; rc == BZ_OK && i < t->count; i++)
        if (t->entries[i - 1].id >= t->entries[i].id)
            rc = bz_error_set(err, BZ_INVALID, "%s: topics not sorted by id",
                              TOPICS_FILE);
    if (rc == BZ_OK)
        rc = topics_index(&b, err);
out:
    free(line);
    free(b.pairs);
    free(b.first);
    return rc;
}

struct bz_topics *bz_topics_load(const char *dir, struct bz_error *err)
{
    struct bz_topics *t = calloc(1, sizeof(*t));
    char *path = NULL;
    FILE *f = NULL;

    if (t == NULL || asprintf(&path, "%s/%s", dir, TOPICS_FILE) < 0) {
        bz_error_set(err, BZ_NOMEM, "out of memory");
        free(t);
        return NULL;
    }
    bz_arena_init(&t->strings, 0);
    if ((f = fopen(path, "r")) == NULL) {
        bz_error_errno(err, errno, "cannot open '%s'", path);
        goto fail;
    }
    if (topics_read(t, f, err) != BZ_OK)
        goto fail;
    fclose(f);
    free(path);
    return t;
fail:
    if (f)
        fclose(f);
    free(path);
    bz_topics_free(t);
    return NULL;
}

void bz_topics_free(struct bz_topics *t)
{
    if (t == NULL)
        return;
    for (size_t i = 0; i < t->term_cap; i++)
        free(t->terms[i].word);
    free(t->terms);
    free(t->postings);
    free(t->entries);
    bz_arena_release(&t->strings);
    free(t);
}

static struct bz_topics *topics_default;
static pthread_once_t topics_default_once = PTHREAD_ONCE_INIT;

static void topics_default_load(void)
{
    struct bz_error err = {0};
    const char *dir = getenv("BZPEER_TAXONOMY");

#ifdef BZ_TAXONOMY_DIR
    if (dir == NULL || *dir == '\0')
        dir = BZ_TAXONOMY_DIR;
#endif
    if (dir != NULL && *dir != '\0')
        topics_default = bz_topics_load(dir, &err);
}

const struct bz_topics *bz_topics_default(void)
{
    pthread_once(&topics_default_once, topics_default_load);
    return topics_default;
}

const struct bz_topics *bz_topics_for_import(void)
{
    const char *dir = getenv("BZPEER_TAXONOMY");

    /* NEEDSWORK: an import option or a config key should say this; the
     * variable keeps assignment off where nothing asked for it (the
     * integration tests expect the demo's untagged works to stay so) */
    if (dir == NULL || *dir == '\0')
        return NULL;
    return bz_topics_default();
}

size_t bz_topics_count(const struct bz_topics *t)
{
    return t ? t->count : 0;
}

const struct bz_topic_entry *bz_topics_at(const struct bz_topics *t,
                                          size_t index)
{
    return t && index < t->count ? &t->entries[index] : NULL;
}

const struct bz_topic_entry *bz_topics_find(const struct bz_topics *t, int id)
{
    struct bz_topic_entry key = {.id = id};

    if (t == NULL || t->count == 0)
        return NULL;
    return bsearch(&key, t->entries, t->count, sizeof(key), topics_entry_order);
}

/* --- classifying ---------------------------------------------------------- */

struct topics_query {
    const struct bz_topics *topics;
    struct topics_pair *pairs; /* the text's known terms */
    size_t count, cap;
    int nomem;
};

static void topics_query_word(const char *word, void *data)
{
    struct topics_query *q = data;
    size_t i = topics_slot(q->topics, word);

    if (q->nomem || q->topics->terms[i].word == NULL)
        return; /* a word no topic has cannot match */
    for (size_t k = 0; k < q->count; k++)
        if (q->pairs[k].term == i) {
            q->pairs[k].weight += 1;
            return;
        }
    if (q->count == q->cap) {
        size_t cap = q->cap ? q->cap * 2 : 64;
        struct topics_pair *p = realloc(q->pairs, cap * sizeof(*p));

        if (p == NULL) {
            q->nomem = 1;
            return;
        }
        q->pairs = p;
        q->cap = cap;
    }
    q->pairs[q->count].term = (uint32_t)i;
    q->pairs[q->count++].weight = 1;
}

size_t bz_topics_classify(const struct bz_topics *t, const char *title,
                          const char *abstract, struct bz_topic_match *out,
                          size_t max)
{
    struct topics_query q = {.topics = t};
    double *score = NULL, norm = 0;
    size_t n = 0;

    if (t == NULL || t->count == 0 || max == 0)
        return 0;
    /* the title counts twice: it names the subject, the abstract wanders */
    topics_words(title, topics_query_word, &q);
    topics_words(title, topics_query_word, &q);
    topics_words(abstract, topics_query_word, &q);
    if (q.nomem || q.count == 0 ||
        (score = calloc(t->count, sizeof(*score))) == NULL)
        goto out;

    for (size_t k = 0; k < q.count; k++) {
        const struct topics_term *term = &t->terms[q.pairs[k].term];
        double w = (1.0 + log(q.pairs[k].weight)) * term->idf;

        norm += w * w;
        for (size_t i = 0; i < term->count; i++) {
            const struct topics_posting *p = &t->postings[term->first + i];

            score[p->topic] += w * p->weight;
        }
    }
    norm = sqrt(norm);

    /* the best max, by insertion: max is small */
    for (size_t e = 0; e < t->count; e++) {
        double s = score[e] / norm;
        size_t at;

        if (s <= 0 || (n == max && s <= out[n - 1].score))
            continue;
        at = n < max ? n++ : n - 1;
        while (at > 0 && out[at - 1].score < s) {
            out[at] = out[at - 1];
            at--;
        }
        out[at].topic = &t->entries[e];
        out[at].score = s;
    }
out:
    free(score);
    free(q.pairs);
    return n;
}

/* The OpenAlex parent "kind/id" (a subfield, field or domain) of an
 * assigned topic; its external_id is NULL out of memory. */
static struct bz_topic_record topics_parent(struct bz_arena *arena,
                                            const char *kind, int id,
                                            const char *name, const char *level)
{
    return (struct bz_topic_record){
        .scheme = "openalex",
        .external_id = bz_arena_printf(arena, "%s/%d", kind, id),
        .display_name = name,
        .level = level,
        .score = 1.0,
    };
}

size_t bz_topics_assign(const struct bz_topics *t,
                        struct bz_work_record *record, struct bz_arena *arena)
{
    struct bz_topic_match best[BZ_TOPICS_MAX_ASSIGNED];
    struct bz_topic_record *list;
    size_t n, kept = 0;

    if (t == NULL || record->topic_count > 0 || record->title == NULL)
        return 0;
    n = bz_topics_classify(t, record->title, record->abstract, best,
                           BZ_TOPICS_MAX_ASSIGNED);
    while (n > 0 && best[n - 1].score < BZ_TOPICS_THRESHOLD)
        n--;
    if (n == 0 || (list = bz_arena_calloc(arena, n, sizeof(*list))) == NULL)
        return 0;
    for (size_t i = 0; i < n; i++) {
        const struct bz_topic_entry *e = best[i].topic;
        struct bz_topic_record *r = &list[kept];
        struct bz_topic_record *p = bz_arena_calloc(arena, 3, sizeof(*p));

        if (p == NULL)
            return 0;
        r->scheme = "openalex";
        r->external_id = bz_arena_printf(arena, "T%d", e->id);
        r->display_name = e->name;
        r->level = "topic";
        r->score = best[i].score;
        r->source = BZ_TOPICS_SOURCE;
        r->parents = p;
        r->parent_count = 3;
        p[0] = topics_parent(arena, "subfields", e->subfield_id,
                             e->subfield_name, "subfield");
        p[1] =
            topics_parent(arena, "fields", e->field_id, e->field_name, "field");
        p[2] = topics_parent(arena, "domains", e->domain_id, e->domain_name,
                             "domain");
        if (r->external_id == NULL || p[0].external_id == NULL ||
            p[1].external_id == NULL || p[2].external_id == NULL)
            return 0;
        kept++;
    }
    record->topics = list;
    record->topic_count = kept;
    return kept;
}
