/* graph.c - builds and ranks the slice of the research graph around one
 * record, by the rules of docs/graph.md.
 *
 * A slice is made of neighbourhoods ("hoods"): the records one hop from a
 * record, each ranked by its kind's rule, and the links between them. The
 * centre's hood gives depth 1; at depth 2 the best researchers and works
 * of depth 1 are expanded, and what their hoods reach, weighted by how
 * near both hops are, gives depth 2. Nodes are taken from each depth by
 * turns of kind (researchers, works, topics, institutions), best first,
 * until the limit; every link whose two ends made it becomes an edge.
 */
#include "graph/graph.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/ids.h"
#include "topics/topics.h"

/* The order of kinds in turns and in the output. */
static const enum bz_graph_kind graph_kinds[] = {
    BZ_GRAPH_RESEARCHER, BZ_GRAPH_WORK, BZ_GRAPH_TOPIC, BZ_GRAPH_INSTITUTION};
#define GRAPH_KIND_COUNT 4

/* A record a hood reaches, ranked by its kind's rule. */
struct graph_cand {
    enum bz_graph_kind kind;
    int64_t id;
    const char *label;
    const char *slug;
    int year;
    long citations;
    int authors;
    double rank;
};

/* A link between two records, by their kinds and ids. */
struct graph_link {
    enum bz_graph_kind source_kind, target_kind;
    int64_t source, target;
    const char *kind;
    double weight;
};

/* (kind, id) to an index, open addressing; keys 0 are empty. */
struct graph_map {
    uint64_t *keys;
    size_t *values;
    size_t cap; /* a power of two, or 0 */
    size_t count;
};

struct graph_hood {
    struct graph_cand *cands;
    size_t count, cap;
    struct graph_map index;
    struct graph_link *links;
    size_t link_count, link_cap;
};

struct graph_build {
    struct bz_store *store;
    struct bz_arena *arena;
    struct bz_error *err;
    size_t limit;
    int work_cap; /* a researcher's works read: its newest so many */
};

/* --- small containers ----------------------------------------------------- */

static uint64_t graph_key(enum bz_graph_kind kind, int64_t id)
{
    return ((uint64_t)kind << 56) ^ (uint64_t)id;
}

static size_t graph_slot(const struct graph_map *m, uint64_t key)
{
    uint64_t h = key * 0x9e3779b97f4a7c15u;
    size_t i = (size_t)(h >> 17) & (m->cap - 1);

    while (m->keys[i] != 0 && m->keys[i] != key)
        i = (i + 1) & (m->cap - 1);
    return i;
}

/* The index stored under key, or (size_t)-1. */
static size_t graph_map_get(const struct graph_map *m, uint64_t key)
{
    size_t i;

    if (m->cap == 0)
        return (size_t)-1;
    i = graph_slot(m, key);
    return m->keys[i] == key ? m->values[i] : (size_t)-1;
}

static int graph_map_put(struct bz_arena *arena, struct graph_map *m,
                         uint64_t key, size_t value)
{
    size_t i;

    if ((m->count + 1) * 2 > m->cap) {
        struct graph_map bigger = {0};

        bigger.cap = m->cap ? m->cap * 2 : 64;
        bigger.keys = bz_arena_calloc(arena, bigger.cap, sizeof(uint64_t));
        bigger.values = bz_arena_calloc(arena, bigger.cap, sizeof(size_t));
        if (bigger.keys == NULL || bigger.values == NULL)
            return -1;
        for (i = 0; i < m->cap; i++)
            if (m->keys[i] != 0) {
                size_t k = graph_slot(&bigger, m->keys[i]);

                bigger.keys[k] = m->keys[i];
                bigger.values[k] = m->values[i];
                bigger.count++;
            }
        *m = bigger;
    }
    i = graph_slot(m, key);
    if (m->keys[i] == 0)
        m->count++;
    m->keys[i] = key;
    m->values[i] = value;
    return 0;
}

/* Room for one more element of size bytes in *items (count used, *cap
 * allocated); -1 when the arena is full. */
static int graph_grow(struct bz_arena *arena, void **items, size_t count,
                      size_t *cap, size_t size)
{
    void *bigger;
    size_t n;

    if (count < *cap)
        return 0;
    n = *cap ? *cap * 2 : 16;
    if ((bigger = bz_arena_alloc(arena, n * size)) == NULL)
        return -1;
    if (count)
        memcpy(bigger, *items, count * size);
    *items = bigger;
    *cap = n;
    return 0;
}

/* The hood's candidate (kind, id), made when new (rank 0); NULL when the
 * arena is full. */
static struct graph_cand *graph_cand_of(struct graph_build *b,
                                        struct graph_hood *h,
                                        enum bz_graph_kind kind, int64_t id,
                                        const char *label, const char *slug)
{
    uint64_t key = graph_key(kind, id);
    size_t i = graph_map_get(&h->index, key);
    struct graph_cand *c;

    if (i != (size_t)-1)
        return &h->cands[i];
    if (graph_grow(b->arena, (void **)&h->cands, h->count, &h->cap,
                   sizeof(*h->cands)) != 0 ||
        graph_map_put(b->arena, &h->index, key, h->count) != 0)
        return NULL;
    c = &h->cands[h->count++];
    memset(c, 0, sizeof(*c));
    c->kind = kind;
    c->id = id;
    c->label = label ? label : "";
    c->slug = slug;
    return c;
}

static int graph_link_add(struct graph_build *b, struct graph_hood *h,
                          enum bz_graph_kind source_kind, int64_t source,
                          enum bz_graph_kind target_kind, int64_t target,
                          const char *kind, double weight)
{
    struct graph_link *l;

    if (graph_grow(b->arena, (void **)&h->links, h->link_count, &h->link_cap,
                   sizeof(*h->links)) != 0)
        return -1;
    l = &h->links[h->link_count++];
    l->source_kind = source_kind;
    l->source = source;
    l->target_kind = target_kind;
    l->target = target;
    l->kind = kind;
    l->weight = weight;
    return 0;
}

/* 1 the first time pair (from, id) is put in m, 0 after, -1 when the
 * arena is full; *first is the value given the first time. Ids are below
 * 2^32. */
static int graph_pair_new(struct bz_arena *arena, struct graph_map *m,
                          int64_t from, int64_t id, size_t value,
                          size_t *first)
{
    uint64_t key = ((uint64_t)from << 32) ^ (uint64_t)id ^ (1ull << 63);
    size_t seen = graph_map_get(m, key);

    if (seen != (size_t)-1) {
        if (first)
            *first = seen;
        return 0;
    }
    if (first)
        *first = value;
    return graph_map_put(arena, m, key, value) == 0 ? 1 : -1;
}

/* --- the ranking rules (docs/graph.md) ------------------------------------ */

double bz_graph_work_rank(long citations, int year, int newest_year)
{
    double age;

    if (citations < 0)
        citations = 0;
    if (year <= 0 || newest_year <= 0)
        age = BZ_GRAPH_UNKNOWN_AGE;
    else
        age = newest_year > year ? newest_year - year : 0;
    return (1.0 + log2(1.0 + (double)citations)) *
           exp2(-age / BZ_GRAPH_HALF_LIFE);
}

double bz_graph_strength_share(int authors)
{
    return authors > 1 ? 1.0 / (authors - 1) : 0.0;
}

/* The newest year of the hood's works (0: none known). */
static int graph_newest_year(const struct graph_hood *h)
{
    int newest = 0;

    for (size_t i = 0; i < h->count; i++)
        if (h->cands[i].kind == BZ_GRAPH_WORK && h->cands[i].year > newest)
            newest = h->cands[i].year;
    return newest;
}

static void graph_rank_works(struct graph_hood *h)
{
    int newest = graph_newest_year(h);

    for (size_t i = 0; i < h->count; i++)
        if (h->cands[i].kind == BZ_GRAPH_WORK)
            h->cands[i].rank = bz_graph_work_rank(h->cands[i].citations,
                                                  h->cands[i].year, newest);
}

/* --- reading hoods -------------------------------------------------------- */

static enum bz_status graph_rows(struct graph_build *b,
                                 enum bz_graph_query query, int64_t id,
                                 struct bz_graph_row **rows, size_t *count)
{
    int cap = query == BZ_GRAPH_Q_RESEARCHER_HOOD ||
                      query == BZ_GRAPH_Q_RESEARCHER_EXPAND
                  ? b->work_cap
                  : (int)b->limit;

    return b->store->ops->graph_rows(b->store, b->arena, query, id, cap,
                                     rows, count, b->err);
}

static enum bz_status graph_nomem(struct graph_build *b)
{
    return bz_error_set(b->err, BZ_NOMEM, "out of memory building a slice");
}

/* Adds each work row as a candidate work (ranked later); with link, an
 * edge of that kind from the row's record to the work (or, for "cited
 * by", from the work to it). */
static enum bz_status graph_add_works(struct graph_build *b,
                                      struct graph_hood *h,
                                      enum bz_graph_kind from_kind,
                                      const struct bz_graph_row *rows,
                                      size_t n, const char *link,
                                      int reverse)
{
    for (size_t i = 0; i < n; i++) {
        const struct bz_graph_row *r = &rows[i];
        struct graph_cand *c = graph_cand_of(b, h, BZ_GRAPH_WORK, r->id,
                                             r->label, r->slug);

        if (c == NULL)
            return graph_nomem(b);
        c->year = r->year;
        c->citations = r->citations;
        c->authors = r->authors;
        if (link == NULL)
            continue;
        if ((reverse ? graph_link_add(b, h, BZ_GRAPH_WORK, r->id, from_kind,
                                      r->from, link, 1.0)
                     : graph_link_add(b, h, from_kind, r->from,
                                      BZ_GRAPH_WORK, r->id, link, 1.0)) != 0)
            return graph_nomem(b);
    }
    return BZ_OK;
}

/* Topic rows of works: candidates ranked by the share of works carrying
 * them (of total works), work-topic links, and with centre, a
 * researcher-topic link weighted by that share. */
static enum bz_status graph_add_topics(struct graph_build *b,
                                       struct graph_hood *h,
                                       const struct bz_graph_row *rows,
                                       size_t n, size_t total, int64_t centre)
{
    size_t i, start = h->count;

    for (i = 0; i < n; i++) {
        const struct bz_graph_row *r = &rows[i];
        const char *label = bz_topics_display_name(r->scheme, r->slug,
                                                   r->label);
        struct graph_cand *c =
            graph_cand_of(b, h, BZ_GRAPH_TOPIC, r->id, label, NULL);

        if (c == NULL || graph_link_add(b, h, BZ_GRAPH_WORK, r->from,
                                        BZ_GRAPH_TOPIC, r->id, "topic",
                                        1.0) != 0)
            return graph_nomem(b);
        c->authors++; /* works carrying it */
    }
    for (i = start; i < h->count; i++) {
        struct graph_cand *c = &h->cands[i];

        if (c->kind != BZ_GRAPH_TOPIC)
            continue;
        c->rank = total ? (double)c->authors / (double)total : 0.0;
        if (centre && graph_link_add(b, h, BZ_GRAPH_RESEARCHER, centre,
                                     BZ_GRAPH_TOPIC, c->id, "topic",
                                     c->rank) != 0)
            return graph_nomem(b);
    }
    return BZ_OK;
}

/* Institution rows (from a researcher, via a work): candidates ranked by
 * the number of distinct researchers listing them, affiliation links
 * researcher-institution (weight: rows) and work-institution links. */
static enum bz_status graph_add_institutions(struct graph_build *b,
                                             struct graph_hood *h,
                                             const struct bz_graph_row *rows,
                                             size_t n)
{
    struct graph_map pairs = {0};
    double *listed = bz_arena_calloc(b->arena, n + 1, sizeof(*listed));
    size_t i, first;
    int fresh;

    if (listed == NULL)
        return graph_nomem(b);
    for (i = 0; i < n; i++) {
        const struct bz_graph_row *r = &rows[i];
        struct graph_cand *c = graph_cand_of(b, h, BZ_GRAPH_INSTITUTION,
                                             r->id, r->label, NULL);

        if (c == NULL)
            return graph_nomem(b);
        if (r->via && graph_link_add(b, h, BZ_GRAPH_WORK, r->via,
                                     BZ_GRAPH_INSTITUTION, r->id,
                                     "institution", 1.0) != 0)
            return graph_nomem(b);
        if (r->from == 0)
            continue;
        fresh = graph_pair_new(b->arena, &pairs, r->id, r->from, i, &first);
        if (fresh < 0)
            return graph_nomem(b);
        c->rank += fresh; /* a researcher more listing it */
        if (fresh)
            listed[first] = -1.0; /* the pair's row, of no work yet */
        if (r->via)
            listed[first] += listed[first] < 0 ? 2.0 : 1.0;
    }
    /* weight: the works listing it, or 1 for an affiliation alone */
    for (i = 0; i < n; i++)
        if (listed[i] != 0 &&
            graph_link_add(b, h, BZ_GRAPH_RESEARCHER, rows[i].from,
                           BZ_GRAPH_INSTITUTION, rows[i].id, "affiliation",
                           listed[i] < 0 ? 1.0 : listed[i]) != 0)
            return graph_nomem(b);
    return BZ_OK;
}

/* Author rows (from a work): candidates ranked by how many of the hood's
 * works they wrote (or, with by_position, first author first), and
 * authorship links. */
static enum bz_status graph_add_authors(struct graph_build *b,
                                        struct graph_hood *h,
                                        const struct bz_graph_row *rows,
                                        size_t n, int by_position)
{
    struct graph_map pairs = {0};

    for (size_t i = 0; i < n; i++) {
        const struct bz_graph_row *r = &rows[i];
        struct graph_cand *c;
        int fresh = graph_pair_new(b->arena, &pairs, r->from, r->id, i, NULL);

        c = graph_cand_of(b, h, BZ_GRAPH_RESEARCHER, r->id, r->label,
                          r->slug);
        if (c == NULL || fresh < 0)
            return graph_nomem(b);
        if (!fresh)
            continue;
        if (by_position) {
            double rank = r->position > 0 ? 1.0 / r->position : 0.0;

            if (rank > c->rank)
                c->rank = rank;
        } else {
            c->rank += 1.0;
        }
        if (graph_link_add(b, h, BZ_GRAPH_RESEARCHER, r->id, BZ_GRAPH_WORK,
                           r->from, "authorship", 1.0) != 0)
            return graph_nomem(b);
    }
    return BZ_OK;
}

/* The rows of one part of a researcher's neighbourhood (kind), copied
 * apart in arena; NULL with *n 0 when out of memory. */
static struct bz_graph_row *graph_part(struct graph_build *b,
                                       const struct bz_graph_row *rows,
                                       size_t count, char kind, size_t *n)
{
    struct bz_graph_row *part = bz_arena_calloc(b->arena, count + 1,
                                                sizeof(*part));

    *n = 0;
    if (part == NULL)
        return NULL;
    for (size_t i = 0; i < count; i++)
        if (rows[i].kind == kind)
            part[(*n)++] = rows[i];
    return part;
}

/* Co-author rows (from a work): strength, the sum over shared works of
 * 1 / (authors - 1), and authorship links; then a co-authorship link from
 * the centre id to each, weighted by it. */
static enum bz_status graph_add_coauthors(struct graph_build *b,
                                          struct graph_hood *h, int64_t id,
                                          const struct bz_graph_row *rows,
                                          size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        size_t w = graph_map_get(&h->index,
                                 graph_key(BZ_GRAPH_WORK, rows[i].from));
        struct graph_cand *c;

        if (w == (size_t)-1)
            continue;
        c = graph_cand_of(b, h, BZ_GRAPH_RESEARCHER, rows[i].id,
                          rows[i].label, rows[i].slug);
        if (c == NULL)
            return graph_nomem(b);
        /* h->cands may have moved: look the work up again */
        w = graph_map_get(&h->index, graph_key(BZ_GRAPH_WORK, rows[i].from));
        c->rank += bz_graph_strength_share(h->cands[w].authors);
        if (graph_link_add(b, h, BZ_GRAPH_RESEARCHER, rows[i].id,
                           BZ_GRAPH_WORK, rows[i].from, "authorship",
                           1.0) != 0)
            return graph_nomem(b);
    }
    for (i = 0; i < h->count; i++)
        if (h->cands[i].kind == BZ_GRAPH_RESEARCHER &&
            graph_link_add(b, h, BZ_GRAPH_RESEARCHER, id,
                           BZ_GRAPH_RESEARCHER, h->cands[i].id,
                           "coauthorship", h->cands[i].rank) != 0)
            return graph_nomem(b);
    return BZ_OK;
}

/* The authorship rows ('A': from the work, id the author, via the
 * institution it lists or 0) of a researcher's neighbourhood: co-authors
 * (each pair of work and author once) and institutions, with the
 * affiliation rows ('I'). */
static enum bz_status graph_authorships(struct graph_build *b,
                                        struct graph_hood *h, int64_t id,
                                        const struct bz_graph_row *all,
                                        size_t count)
{
    struct bz_graph_row *people = bz_arena_calloc(b->arena, count + 1,
                                                  sizeof(*people));
    struct bz_graph_row *places = bz_arena_calloc(b->arena, count + 1,
                                                  sizeof(*places));
    struct graph_map pairs = {0};
    size_t np = 0, ni = 0;
    enum bz_status rc;

    if (people == NULL || places == NULL)
        return graph_nomem(b);
    for (size_t i = 0; i < count; i++) {
        const struct bz_graph_row *r = &all[i];
        int fresh;

        if (r->kind == 'I') {
            places[ni++] = *r;
            continue;
        }
        if (r->kind != 'A')
            continue;
        if (r->via) {
            places[ni] = *r;
            places[ni].from = r->id;
            places[ni].via = r->from;
            places[ni++].id = r->via;
        }
        if (r->id == id)
            continue;
        fresh = graph_pair_new(b->arena, &pairs, r->from, r->id, i, NULL);
        if (fresh < 0)
            return graph_nomem(b);
        if (fresh) {
            people[np] = *r;
            people[np++].via = 0;
        }
    }
    if ((rc = graph_add_coauthors(b, h, id, people, np)) != BZ_OK)
        return rc;
    return graph_add_institutions(b, h, places, ni);
}

/* A researcher's hood: works, co-authors by collaboration strength,
 * topics by share of works, institutions by affiliated co-authors; all
 * from one statement. Citations between works wait for the works chosen
 * (graph_citations). */
static enum bz_status graph_researcher_hood(struct graph_build *b,
                                            int64_t id, struct graph_hood *h)
{
    struct bz_graph_row *all, *works, *part;
    size_t count, work_count, n;
    enum bz_status rc;

    if ((rc = graph_rows(b,
                         b->work_cap == BZ_GRAPH_EXPAND_WORKS
                             ? BZ_GRAPH_Q_RESEARCHER_EXPAND
                             : BZ_GRAPH_Q_RESEARCHER_HOOD,
                         id, &all,
                         &count)) != BZ_OK)
        return rc;
    if ((works = graph_part(b, all, count, 'W', &work_count)) == NULL)
        return graph_nomem(b);
    if ((rc = graph_add_works(b, h, BZ_GRAPH_RESEARCHER, works, work_count,
                              "authorship", 0)) != BZ_OK)
        return rc;
    graph_rank_works(h);
    if ((rc = graph_authorships(b, h, id, all, count)) != BZ_OK)
        return rc;
    if ((part = graph_part(b, all, count, 'T', &n)) == NULL)
        return graph_nomem(b);
    return graph_add_topics(b, h, part, n, work_count, id);
}

/* A work's hood: its authors in author order, topics by the source's
 * score, institutions by authorships listing them, citing and cited
 * works by recency and citations. */
static enum bz_status graph_work_hood(struct graph_build *b, int64_t id,
                                      struct graph_hood *h)
{
    struct bz_graph_row *rows;
    size_t n, i, start;
    enum bz_status rc;

    if ((rc = graph_rows(b, BZ_GRAPH_Q_WORK_AUTHORS, id, &rows, &n)) !=
            BZ_OK ||
        (rc = graph_add_authors(b, h, rows, n, 1)) != BZ_OK)
        return rc;
    if ((rc = graph_rows(b, BZ_GRAPH_Q_WORK_TOPICS, id, &rows, &n)) != BZ_OK)
        return rc;
    start = h->count;
    if ((rc = graph_add_topics(b, h, rows, n, 1, 0)) != BZ_OK)
        return rc;
    for (i = 0; i < n; i++) {
        size_t t = graph_map_get(&h->index,
                                 graph_key(BZ_GRAPH_TOPIC, rows[i].id));

        if (t >= start && rows[i].score > 0)
            h->cands[t].rank = rows[i].score;
    }
    if ((rc = graph_rows(b, BZ_GRAPH_Q_WORK_INSTITUTIONS, id, &rows, &n)) !=
            BZ_OK ||
        (rc = graph_add_institutions(b, h, rows, n)) != BZ_OK)
        return rc;
    /* expanded at depth 2, a much-cited work's thousands of citing works
     * would cost more than the rest of the slice: citations are read
     * around the centre only */
    if (b->work_cap == BZ_GRAPH_EXPAND_WORKS) {
        graph_rank_works(h);
        return BZ_OK;
    }
    if ((rc = graph_rows(b, BZ_GRAPH_Q_WORK_CITING, id, &rows, &n)) !=
            BZ_OK ||
        (rc = graph_add_works(b, h, BZ_GRAPH_WORK, rows, n, "citation",
                              1)) != BZ_OK)
        return rc;
    if ((rc = graph_rows(b, BZ_GRAPH_Q_WORK_CITED, id, &rows, &n)) !=
            BZ_OK ||
        (rc = graph_add_works(b, h, BZ_GRAPH_WORK, rows, n, "citation",
                              0)) != BZ_OK)
        return rc;
    graph_rank_works(h);
    return BZ_OK;
}

/* A topic's hood: its candidate works by recency and citations, and
 * their authors by how many of them they wrote. */
static enum bz_status graph_topic_hood(struct graph_build *b, int64_t id,
                                       struct graph_hood *h)
{
    struct bz_graph_row *rows;
    size_t n;
    enum bz_status rc;

    if ((rc = graph_rows(b, BZ_GRAPH_Q_TOPIC_WORKS, id, &rows, &n)) !=
            BZ_OK ||
        (rc = graph_add_works(b, h, BZ_GRAPH_TOPIC, rows, n, NULL, 0)) !=
            BZ_OK)
        return rc;
    for (size_t i = 0; i < n; i++)
        if (graph_link_add(b, h, BZ_GRAPH_WORK, rows[i].id, BZ_GRAPH_TOPIC,
                           id, "topic", 1.0) != 0)
            return graph_nomem(b);
    graph_rank_works(h);
    if ((rc = graph_rows(b, BZ_GRAPH_Q_TOPIC_AUTHORS, id, &rows, &n)) !=
        BZ_OK)
        return rc;
    return graph_add_authors(b, h, rows, n, 0);
}

/* An institution's hood: the researchers listing it by their works
 * there (one more for a people source's affiliation), and its candidate
 * works by recency and citations. */
static enum bz_status graph_institution_hood(struct graph_build *b,
                                             int64_t id, struct graph_hood *h)
{
    struct bz_graph_row *rows;
    size_t n, i;
    enum bz_status rc;

    if ((rc = graph_rows(b, BZ_GRAPH_Q_INSTITUTION_RESEARCHERS, id, &rows,
                         &n)) != BZ_OK)
        return rc;
    for (i = 0; i < n; i++) {
        struct graph_cand *c;
        double works = rows[i].authors > 0 ? rows[i].authors : 1.0;

        c = graph_cand_of(b, h, BZ_GRAPH_RESEARCHER, rows[i].id,
                          rows[i].label, rows[i].slug);
        if (c == NULL)
            return graph_nomem(b);
        /* works there, or 1 for a people source's affiliation alone */
        if (works > c->rank)
            c->rank = works;
    }
    for (i = 0; i < h->count; i++)
        if (graph_link_add(b, h, BZ_GRAPH_RESEARCHER, h->cands[i].id,
                           BZ_GRAPH_INSTITUTION, id, "affiliation",
                           h->cands[i].rank) != 0)
            return graph_nomem(b);
    if ((rc = graph_rows(b, BZ_GRAPH_Q_INSTITUTION_WORKS, id, &rows, &n)) !=
            BZ_OK ||
        (rc = graph_add_works(b, h, BZ_GRAPH_INSTITUTION, rows, n, NULL,
                              0)) != BZ_OK)
        return rc;
    for (i = 0; i < n; i++)
        if (graph_link_add(b, h, BZ_GRAPH_WORK, rows[i].id,
                           BZ_GRAPH_INSTITUTION, id, "institution",
                           1.0) != 0)
            return graph_nomem(b);
    graph_rank_works(h);
    if ((rc = graph_rows(b, BZ_GRAPH_Q_INSTITUTION_AUTHORS, id, &rows,
                         &n)) != BZ_OK)
        return rc;
    for (i = 0; i < n; i++)
        if (graph_link_add(b, h, BZ_GRAPH_RESEARCHER, rows[i].id,
                           BZ_GRAPH_WORK, rows[i].from, "authorship",
                           1.0) != 0)
            return graph_nomem(b);
    return BZ_OK;
}

static enum bz_status graph_hood(struct graph_build *b,
                                 enum bz_graph_kind kind, int64_t id,
                                 struct graph_hood *h)
{
    memset(h, 0, sizeof(*h));
    switch (kind) {
    case BZ_GRAPH_RESEARCHER:
        return graph_researcher_hood(b, id, h);
    case BZ_GRAPH_WORK:
        return graph_work_hood(b, id, h);
    case BZ_GRAPH_TOPIC:
        return graph_topic_hood(b, id, h);
    case BZ_GRAPH_INSTITUTION:
        return graph_institution_hood(b, id, h);
    }
    return bz_error_set(b->err, BZ_INVALID, "unknown kind of node");
}

/* --- choosing nodes ------------------------------------------------------- */

static int graph_kind_order(enum bz_graph_kind kind)
{
    for (int i = 0; i < GRAPH_KIND_COUNT; i++)
        if (graph_kinds[i] == kind)
            return i;
    return GRAPH_KIND_COUNT;
}

/* Kind order, then rank, higher first, then id. */
static int graph_cand_compare(const void *a, const void *b)
{
    const struct graph_cand *x = a, *y = b;
    int kx = graph_kind_order(x->kind), ky = graph_kind_order(y->kind);

    if (kx != ky)
        return kx < ky ? -1 : 1;
    if (x->rank != y->rank)
        return x->rank > y->rank ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* Sorts cands[0..n) and writes into order (n entries) the indexes of
 * cands taken by turns of kind: the best researcher, the best work, the
 * best topic, the best institution, the second best researcher, ... */
static void graph_turns(struct graph_cand *cands, size_t n, size_t *order)
{
    size_t start[GRAPH_KIND_COUNT + 1], next[GRAPH_KIND_COUNT];
    size_t taken = 0, i;
    int k;

    if (n > 1) /* a record with no neighbours may have no array at all */
        qsort(cands, n, sizeof(*cands), graph_cand_compare);
    for (k = 0, i = 0; k <= GRAPH_KIND_COUNT; k++) {
        while (i < n && graph_kind_order(cands[i].kind) < k)
            i++;
        start[k] = i;
    }
    for (k = 0; k < GRAPH_KIND_COUNT; k++)
        next[k] = start[k];
    while (taken < n)
        for (k = 0; k < GRAPH_KIND_COUNT; k++)
            if (next[k] < start[k + 1])
                order[taken++] = next[k]++;
}

struct graph_slice_nodes {
    struct bz_graph_node *nodes;
    size_t count;
    struct graph_map index; /* (kind, id) to index in nodes */
};

static int graph_take(struct graph_build *b, struct graph_slice_nodes *s,
                      const struct graph_cand *c, int depth)
{
    struct bz_graph_node *n = &s->nodes[s->count];

    memset(n, 0, sizeof(*n));
    n->kind = c->kind;
    n->id = c->id;
    n->label = c->label;
    n->slug = c->slug;
    n->depth = depth;
    n->rank = c->rank;
    n->year = c->kind == BZ_GRAPH_WORK ? c->year : 0;
    return graph_map_put(b->arena, &s->index, graph_key(c->kind, c->id),
                         s->count++);
}

static int graph_has(const struct graph_slice_nodes *s,
                     enum bz_graph_kind kind, int64_t id)
{
    return graph_map_get(&s->index, graph_key(kind, id)) != (size_t)-1;
}

/* Depth 2: the hoods of the first expand researchers and works of
 * depth 1, in taking order. A record they reach that is not in the slice
 * scores the sum, over the hoods reaching it, of (rank of the hood's
 * record among depth 1's of its kind, over the best) x (its rank in that
 * hood, over the hood's best of its kind). */
static enum bz_status graph_second(struct graph_build *b,
                                   const struct graph_slice_nodes *s,
                                   const struct graph_cand *first,
                                   const size_t *order, size_t first_count,
                                   struct graph_hood *second,
                                   struct graph_hood **hoods,
                                   size_t *hood_count)
{
    double best_first[GRAPH_KIND_COUNT + 1] = {0};
    size_t expanded = 0, i, k;
    enum bz_status rc;

    for (i = 0; i < first_count; i++) {
        int kind = graph_kind_order(first[i].kind);

        if (first[i].rank > best_first[kind])
            best_first[kind] = first[i].rank;
    }
    *hoods = bz_arena_calloc(b->arena, BZ_GRAPH_EXPAND, sizeof(**hoods));
    if (*hoods == NULL)
        return graph_nomem(b);
    memset(second, 0, sizeof(*second));
    b->work_cap = BZ_GRAPH_EXPAND_WORKS;
    for (i = 0; i < first_count && expanded < BZ_GRAPH_EXPAND; i++) {
        const struct graph_cand *p = &first[order[i]];
        struct graph_hood *h = &(*hoods)[expanded];
        double best[GRAPH_KIND_COUNT + 1] = {0}, near;

        if (p->kind != BZ_GRAPH_RESEARCHER && p->kind != BZ_GRAPH_WORK)
            continue;
        if ((rc = graph_hood(b, p->kind, p->id, h)) != BZ_OK)
            return rc;
        expanded++;
        near = best_first[graph_kind_order(p->kind)] > 0
                   ? p->rank / best_first[graph_kind_order(p->kind)]
                   : 1.0;
        for (k = 0; k < h->count; k++) {
            int kind = graph_kind_order(h->cands[k].kind);

            if (h->cands[k].rank > best[kind])
                best[kind] = h->cands[k].rank;
        }
        for (k = 0; k < h->count; k++) {
            const struct graph_cand *c = &h->cands[k];
            struct graph_cand *d;
            double far = best[graph_kind_order(c->kind)];

            if (graph_has(s, c->kind, c->id))
                continue;
            d = graph_cand_of(b, second, c->kind, c->id, c->label, c->slug);
            if (d == NULL)
                return graph_nomem(b);
            d->year = c->year;
            d->rank += near * (far > 0 ? c->rank / far : 1.0);
        }
    }
    *hood_count = expanded;
    return BZ_OK;
}

/* --- edges ---------------------------------------------------------------- */

static int graph_edge_same(const void *a, const void *b)
{
    const struct bz_graph_edge *x = a, *y = b;

    if (x->source != y->source)
        return x->source < y->source ? -1 : 1;
    if (x->target != y->target)
        return x->target < y->target ? -1 : 1;
    return strcmp(x->kind, y->kind);
}

/* As graph_edge_same, then the heavier first. */
static int graph_edge_order(const void *a, const void *b)
{
    const struct bz_graph_edge *x = a, *y = b;
    int c = graph_edge_same(a, b);

    if (c != 0 || x->weight == y->weight)
        return c;
    return x->weight > y->weight ? -1 : 1;
}

/* Every link of the hoods whose two ends are nodes, once (the heaviest
 * when hoods differ), sorted by source, target and kind; a co-authorship
 * is one edge whichever end gave it. */
static enum bz_status graph_edges(struct graph_build *b,
                                  const struct graph_slice_nodes *s,
                                  struct graph_hood *const *hoods,
                                  size_t hood_count,
                                  struct bz_graph_slice *out)
{
    size_t cap = 0, n = 0, i, k;
    struct bz_graph_edge *edges = NULL;

    for (i = 0; i < hood_count; i++) {
        for (k = 0; k < hoods[i]->link_count; k++) {
            const struct graph_link *l = &hoods[i]->links[k];
            size_t src = graph_map_get(&s->index,
                                       graph_key(l->source_kind, l->source));
            size_t dst = graph_map_get(&s->index,
                                       graph_key(l->target_kind, l->target));

            if (src == (size_t)-1 || dst == (size_t)-1 || src == dst)
                continue;
            if (strcmp(l->kind, "coauthorship") == 0 && src > dst) {
                size_t t = src;

                src = dst;
                dst = t;
            }
            if (graph_grow(b->arena, (void **)&edges, n, &cap,
                           sizeof(*edges)) != 0)
                return graph_nomem(b);
            edges[n].source = src;
            edges[n].target = dst;
            edges[n].kind = l->kind;
            edges[n].weight = l->weight;
            n++;
        }
    }
    if (n)
        qsort(edges, n, sizeof(*edges), graph_edge_order);
    for (i = 0, k = 0; i < n; i++)
        if (k == 0 || graph_edge_same(&edges[k - 1], &edges[i]) != 0)
            edges[k++] = edges[i];
    out->edges = edges;
    out->edge_count = k;
    return BZ_OK;
}

/* The citations between the slice's works, as links of one more hood:
 * the references of each work chosen, read once the slice is known, so
 * that what it costs follows the few works drawn, not the hundreds that
 * a prolific centre or its neighbours wrote. */
static enum bz_status graph_citations(struct graph_build *b,
                                      const struct graph_slice_nodes *s,
                                      struct graph_hood *h)
{
    memset(h, 0, sizeof(*h));
    for (size_t i = 0; i < s->count; i++) {
        const struct bz_graph_node *n = &s->nodes[i];
        struct bz_graph_row *rows;
        size_t count;
        enum bz_status rc;

        if (n->kind != BZ_GRAPH_WORK)
            continue;
        if ((rc = graph_rows(b, BZ_GRAPH_Q_WORK_CITES, n->id, &rows,
                             &count)) != BZ_OK)
            return rc;
        for (size_t k = 0; k < count; k++)
            if (graph_has(s, BZ_GRAPH_WORK, rows[k].id) &&
                graph_link_add(b, h, BZ_GRAPH_WORK, n->id, BZ_GRAPH_WORK,
                               rows[k].id, "citation", 1.0) != 0)
                return graph_nomem(b);
    }
    return BZ_OK;
}

/* --- the centre ----------------------------------------------------------- */

static const enum bz_graph_query graph_centre_query[] = {
    ['R'] = BZ_GRAPH_Q_RESEARCHER,
    ['W'] = BZ_GRAPH_Q_WORK,
    ['T'] = BZ_GRAPH_Q_TOPIC,
    ['I'] = BZ_GRAPH_Q_INSTITUTION,
};

static const char *graph_kind_word(enum bz_graph_kind kind)
{
    switch (kind) {
    case BZ_GRAPH_RESEARCHER:
        return "researcher";
    case BZ_GRAPH_WORK:
        return "work";
    case BZ_GRAPH_TOPIC:
        return "topic";
    case BZ_GRAPH_INSTITUTION:
        return "institution";
    }
    return NULL;
}

const char *bz_graph_kind_name(enum bz_graph_kind kind)
{
    return graph_kind_word(kind);
}

/* Reads the centre into *c; a merged researcher is its survivor. */
static enum bz_status graph_centre(struct graph_build *b,
                                   enum bz_graph_kind kind, int64_t id,
                                   struct graph_cand *c)
{
    struct bz_graph_row *rows;
    size_t n;
    enum bz_status rc;
    int hops = 0;

again:
    if ((rc = graph_rows(b, graph_centre_query[kind], id, &rows, &n)) !=
        BZ_OK)
        return rc;
    if (n == 0)
        return bz_error_set(b->err, BZ_NOT_FOUND, "no %s '%c%lld'",
                            graph_kind_word(kind), (char)kind,
                            (long long)id);
    if (kind == BZ_GRAPH_RESEARCHER && rows[0].from != 0 && hops++ < 4) {
        id = rows[0].from;
        goto again;
    }
    if (kind == BZ_GRAPH_RESEARCHER && rows[0].position != 0)
        return bz_error_set(b->err, BZ_GONE,
                            "researcher 'R%lld' is hidden at the request of "
                            "the person it describes",
                            (long long)id);
    memset(c, 0, sizeof(*c));
    c->kind = kind;
    c->id = rows[0].id;
    c->label = kind == BZ_GRAPH_TOPIC
                   ? bz_topics_display_name(rows[0].scheme, rows[0].slug,
                                            rows[0].label)
                   : rows[0].label;
    c->slug = kind == BZ_GRAPH_TOPIC ? NULL : rows[0].slug;
    c->year = rows[0].year;
    if (c->label == NULL)
        c->label = "";
    return BZ_OK;
}

/* --- the slice ------------------------------------------------------------ */

/* Takes the first n1 of depth 1 (in taking order), then the first n2 of
 * depth 2 (sorted in taking order already). */
static enum bz_status graph_choose(struct graph_build *b,
                                   struct graph_slice_nodes *s,
                                   const struct graph_cand *first,
                                   const size_t *first_order, size_t n1,
                                   const struct graph_cand *second, size_t n2)
{
    size_t i;

    for (i = 0; i < n1; i++)
        if (graph_take(b, s, &first[first_order[i]], 1) != 0)
            return graph_nomem(b);
    for (i = 0; i < n2; i++)
        if (graph_take(b, s, &second[i], 2) != 0)
            return graph_nomem(b);
    return BZ_OK;
}

static int graph_node_compare(const void *a, const void *b)
{
    const struct bz_graph_node *x = a, *y = b;
    int kx = graph_kind_order(x->kind), ky = graph_kind_order(y->kind);

    if (x->depth != y->depth)
        return x->depth < y->depth ? -1 : 1;
    if (kx != ky)
        return kx < ky ? -1 : 1;
    if (x->rank != y->rank)
        return x->rank > y->rank ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* Sorts the nodes after the centre and rebuilds the index. */
static enum bz_status graph_sort_nodes(struct graph_build *b,
                                       struct graph_slice_nodes *s)
{
    if (s->count > 2)
        qsort(s->nodes + 1, s->count - 1, sizeof(*s->nodes),
              graph_node_compare);
    memset(&s->index, 0, sizeof(s->index));
    for (size_t i = 0; i < s->count; i++)
        if (graph_map_put(b->arena, &s->index,
                          graph_key(s->nodes[i].kind, s->nodes[i].id),
                          i) != 0)
            return graph_nomem(b);
    return BZ_OK;
}

/* Reads the label (and slug) of each node that has none: the bulk rows
 * of co-authors, topics and institutions carry ids only, so that a
 * prolific researcher's thousands of rows stay small; only the nodes
 * chosen are named. */
static enum bz_status graph_labels(struct graph_build *b,
                                   struct graph_slice_nodes *s)
{
    for (size_t i = 1; i < s->count; i++) {
        struct bz_graph_node *n = &s->nodes[i];
        struct graph_cand c;
        enum bz_status rc;

        if (n->label != NULL && *n->label != '\0')
            continue;
        rc = graph_centre(b, n->kind, n->id, &c);
        if (rc == BZ_NOT_FOUND) /* gone meanwhile: keep it unnamed */
            continue;
        if (rc != BZ_OK)
            return rc;
        n->label = c.label;
        n->slug = c.slug;
    }
    return BZ_OK;
}

/* The records of depth 1 (and the centre), to leave out of depth 2. */
static enum bz_status graph_first_index(struct graph_build *b,
                                        const struct graph_cand *centre,
                                        const struct graph_hood *h,
                                        struct graph_slice_nodes *seen)
{
    memset(seen, 0, sizeof(*seen));
    if (graph_map_put(b->arena, &seen->index,
                      graph_key(centre->kind, centre->id), 0) != 0)
        return graph_nomem(b);
    for (size_t i = 0; i < h->count; i++)
        if (graph_map_put(b->arena, &seen->index,
                          graph_key(h->cands[i].kind, h->cands[i].id),
                          i + 1) != 0)
            return graph_nomem(b);
    return BZ_OK;
}

/* Puts second's candidates in taking order. */
static enum bz_status graph_second_order(struct graph_build *b,
                                         struct graph_hood *second)
{
    struct graph_cand *sorted;
    size_t *order;

    if (second->count == 0)
        return BZ_OK;
    sorted = bz_arena_calloc(b->arena, second->count, sizeof(*sorted));
    order = bz_arena_calloc(b->arena, second->count, sizeof(*order));
    if (sorted == NULL || order == NULL)
        return graph_nomem(b);
    graph_turns(second->cands, second->count, order);
    for (size_t i = 0; i < second->count; i++)
        sorted[i] = second->cands[order[i]];
    second->cands = sorted; /* its index is stale from here on */
    return BZ_OK;
}

static size_t graph_min(size_t a, size_t b)
{
    return a < b ? a : b;
}

enum bz_status bz_graph_slice_build(struct bz_store *store,
                                    struct bz_arena *arena,
                                    enum bz_graph_kind kind, int64_t id,
                                    int depth, size_t limit,
                                    struct bz_graph_slice *out,
                                    struct bz_error *err)
{
    struct graph_build b = {store, arena, err, limit, BZ_GRAPH_ALL_WORKS};
    struct graph_slice_nodes s = {0}, seen;
    struct graph_hood centre_hood, second = {0}, cites, *hoods = NULL, **all;
    struct graph_cand centre;
    size_t *order, hood_count = 0, room = limit - 1, n1, n2 = 0, i;
    enum bz_status rc;

    memset(out, 0, sizeof(*out));
    if (graph_kind_word(kind) == NULL)
        return bz_error_set(err, BZ_INVALID, "unknown kind of node");
    if (depth != 1 && depth != 2)
        return bz_error_set(err, BZ_INVALID, "depth must be 1 or 2");
    if (limit < 1 || limit > BZ_GRAPH_MAX_LIMIT)
        return bz_error_set(err, BZ_INVALID,
                            "limit must be a number from 1 to %d",
                            BZ_GRAPH_MAX_LIMIT);
    if ((rc = graph_centre(&b, kind, id, &centre)) != BZ_OK ||
        (rc = graph_hood(&b, kind, centre.id, &centre_hood)) != BZ_OK)
        return rc;

    s.nodes = bz_arena_calloc(arena, limit, sizeof(*s.nodes));
    order = bz_arena_calloc(arena, centre_hood.count + 1, sizeof(*order));
    if (s.nodes == NULL || order == NULL || graph_take(&b, &s, &centre, 0))
        return graph_nomem(&b);
    /* sorted in place: centre_hood's index is stale from here on */
    graph_turns(centre_hood.cands, centre_hood.count, order);
    n1 = graph_min(centre_hood.count, room);
    if (depth == 2 && n1 > 0) {
        /* depth 1 keeps half the room, or more when depth 2 has little */
        n1 = graph_min(n1, (room + 1) / 2);
        if ((rc = graph_first_index(&b, &centre, &centre_hood, &seen)) !=
                BZ_OK ||
            (rc = graph_second(&b, &seen, centre_hood.cands, order, n1,
                               &second, &hoods, &hood_count)) != BZ_OK ||
            (rc = graph_second_order(&b, &second)) != BZ_OK)
            return rc;
        n2 = graph_min(second.count, room - n1);
        n1 = graph_min(centre_hood.count, room - n2);
    }
    if ((rc = graph_choose(&b, &s, centre_hood.cands, order, n1,
                           second.cands, n2)) != BZ_OK ||
        (rc = graph_sort_nodes(&b, &s)) != BZ_OK ||
        (rc = graph_labels(&b, &s)) != BZ_OK ||
        (rc = graph_citations(&b, &s, &cites)) != BZ_OK)
        return rc;

    if ((all = bz_arena_calloc(arena, hood_count + 2, sizeof(*all))) == NULL)
        return graph_nomem(&b);
    all[0] = &centre_hood;
    all[1] = &cites;
    for (i = 0; i < hood_count; i++)
        all[i + 2] = &hoods[i];
    if ((rc = graph_edges(&b, &s, all, hood_count + 2, out)) != BZ_OK)
        return rc;
    out->nodes = s.nodes;
    out->node_count = s.count;
    return BZ_OK;
}

/* --- naming a centre ------------------------------------------------------ */

/* The record an external id names: people ids find researchers, work ids
 * works, OpenAlex topic (T...) and institution (I...) ids those; an id of
 * a scheme that names both people and works (dblp, s2) is tried as a
 * researcher first. */
static enum bz_status graph_resolve_external(struct bz_store *store,
                                             const struct bz_id_ref *ref,
                                             enum bz_graph_kind *kind,
                                             int64_t *id,
                                             struct bz_error *err)
{
    const struct bz_store_ops *ops = store->ops;
    int person = strcmp(ref->scheme, "orcid") == 0 ||
                 (strcmp(ref->scheme, "openalex") == 0 &&
                  ref->value[0] == 'A');
    int both = strcmp(ref->scheme, "dblp") == 0 ||
               strcmp(ref->scheme, "s2") == 0;
    enum bz_status rc;

    if (strcmp(ref->scheme, "openalex") == 0 && ref->value[0] == 'T') {
        *kind = BZ_GRAPH_TOPIC;
        return ops->topic_find(store, ref->scheme, ref->value, id, err);
    }
    if (strcmp(ref->scheme, "openalex") == 0 && ref->value[0] == 'I') {
        *kind = BZ_GRAPH_INSTITUTION;
        return ops->institution_find(store, ref->scheme, ref->value, id, err);
    }
    if (strcmp(ref->scheme, "openalex") == 0 && ref->value[0] != 'A' &&
        ref->value[0] != 'W')
        return bz_error_set(err, BZ_INVALID,
                            "an openalex center must be an author (A...), a "
                            "work (W...), a topic (T...) or an institution "
                            "(I...)");
    if (person || both) {
        *kind = BZ_GRAPH_RESEARCHER;
        rc = ops->researcher_find(store, ref->scheme, ref->value, id, err);
        if (rc != BZ_NOT_FOUND || !both)
            return rc;
    }
    *kind = BZ_GRAPH_WORK;
    return ops->work_find(store, ref->scheme, ref->value, id, err);
}

enum bz_status bz_graph_resolve(struct bz_store *store,
                                struct bz_arena *arena, const char *center,
                                enum bz_graph_kind *kind, int64_t *id,
                                struct bz_error *err)
{
    struct bz_id_ref ref;
    enum bz_status rc;
    char letter;

    if (center == NULL || *center == '\0')
        return bz_error_set(err, BZ_INVALID,
                            "center is required: R12, W3, T5, I2 or an "
                            "external id (orcid:, openalex:, doi:, arxiv:)");
    letter = strchr(center, ':') ? 'R' : center[0];
    if (graph_kind_word((enum bz_graph_kind)letter) == NULL)
        return bz_error_set(err, BZ_INVALID,
                            "bad center '%.40s': expected R12, W3, T5, I2 "
                            "or an external id",
                            center);
    if ((rc = bz_id_parse(arena, center, letter, &ref, err)) != BZ_OK)
        return rc;
    if (ref.scheme != NULL)
        return graph_resolve_external(store, &ref, kind, id, err);
    *kind = (enum bz_graph_kind)letter;
    *id = ref.number;
    return BZ_OK;
}

const char *bz_graph_node_path(struct bz_arena *arena,
                               const struct bz_graph_node *node)
{
    const char *slug = node->slug != NULL ? node->slug : "";
    const char *folder = node->kind == BZ_GRAPH_RESEARCHER ? "researchers"
                         : node->kind == BZ_GRAPH_WORK     ? "works"
                         : node->kind == BZ_GRAPH_TOPIC    ? "topics"
                                                           : "institutions";

    return bz_arena_printf(arena, "/%s/%c%lld%s%s", folder, (char)node->kind,
                           (long long)node->id, *slug ? "-" : "", slug);
}
