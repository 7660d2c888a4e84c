/* test_identity_s2api.c - the resolver measured against hidden Semantic
 * Scholar author ids.
 *
 * Reads every paper object in ../shared/data/semanticscholar-api
 * (the .json files of fixtures/, then of responses/, in name order; papers
 * nested in others, the 1000 citing papers of Paper.json and Author.json's
 * papers among them) with the import's own reader, takes the works as the
 * store would hold them (identity_works_keep: the same paperId, DOI or
 * other id, or the same title keys), keeps every author with an authorId,
 * hides the id from the resolver (which sees the name, the other authors,
 * the venue, the year and fieldsOfStudy as topics; these authors carry no
 * affiliation), blocks the mentions by first initial and surname and
 * counts pairs within blocks against the hidden ids. The figures are given
 * with and without the person of the most mentions, and without topics
 * (bzpeer's import keeps no fieldsOfStudy). The floors asserted are the
 * figures reached (docs/identity.md) less a small margin. Skips without
 * the data.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "identity/resolve.h"
#include "import/import_json.h"
#include "import/json_tree.h"
#include "support/identity_eval.h"

#define S2_PRECISION_FLOOR 0.827
#define S2_RECALL_FLOOR 0.078
#define S2_LARGEST_OUT_PRECISION_FLOOR 0.824
#define S2_LARGEST_OUT_RECALL_FLOOR 0.837
#define S2_MENTIONS_MAX 8000
#define S2_WORKS_MAX 12000
#define S2_FILES_MAX 256
#define S2_TOPICS_MAX 16

struct s2_set {
    struct bz_arena arena;
    struct bz_mention mentions[S2_MENTIONS_MAX];
    const char *author_id[S2_MENTIONS_MAX]; /* hidden truth */
    const char *block[S2_MENTIONS_MAX];
    size_t count;
    size_t papers; /* paper objects read */
    struct identity_works works;
};

/* fieldsOfStudy of paper, in arena; *count of them. */
static const char **paper_topics(struct s2_set *set, yajl_val paper,
                                 size_t *count)
{
    int bad = 0;
    yajl_val fields = bz_jt_array(paper, "fieldsOfStudy", &bad);
    const char **topics =
        bz_arena_calloc(&set->arena, S2_TOPICS_MAX, sizeof(*topics));

    assert_non_null(topics);
    *count = 0;
    for (size_t i = 0;
         fields != NULL && i < fields->u.array.len && *count < S2_TOPICS_MAX;
         i++) {
        yajl_val v = fields->u.array.values[i];

        if (YAJL_IS_STRING(v))
            topics[(*count)++] = bz_arena_strdup(&set->arena, v->u.string);
    }
    return topics;
}

/* The author's Semantic Scholar id, or NULL. */
static const char *author_s2_id(const struct bz_author_record *author)
{
    for (size_t i = 0; i < author->id_count; i++) {
        if (strcmp(author->ids[i].scheme, "s2") == 0)
            return author->ids[i].value;
    }
    return NULL;
}

/* The mentions of one record whose authorships the store keeps; what
 * points into the JSON tree is copied. */
static void read_authors(struct s2_set *set, const struct bz_work_record *r,
                         yajl_val paper)
{
    struct bz_name *names;
    const char **keys, **topics;
    size_t topic_count;

    names = bz_arena_calloc(&set->arena, r->author_count, sizeof(*names));
    keys = bz_arena_calloc(&set->arena, r->author_count, sizeof(*keys));
    assert_non_null(names);
    assert_non_null(keys);
    topics = paper_topics(set, paper, &topic_count);
    for (size_t i = 0; i < r->author_count; i++) {
        const char *name = r->authors[i].raw_name;
        char key[BZ_NAME_PART_MAX * 2 + 4];

        keys[i] = "";
        if (bz_name_parse(name, strlen(name), &names[i], NULL) != BZ_OK)
            continue;
        bz_name_block_key(&names[i], key, sizeof(key));
        keys[i] = bz_arena_strdup(&set->arena, key);
    }

    for (size_t i = 0; i < r->author_count; i++) {
        const char *id = author_s2_id(&r->authors[i]);
        struct bz_mention *m = &set->mentions[set->count];
        const char **coauthors;
        size_t c = 0;

        if (id == NULL || keys[i][0] == '\0')
            continue;
        assert_true(set->count < S2_MENTIONS_MAX);
        coauthors =
            identity_coauthors(&set->arena, keys, r->author_count, i, &c);
        memset(m, 0, sizeof(*m));
        m->name = names[i];
        m->coauthors = coauthors;
        m->coauthor_count = c;
        m->venue = r->venue ? bz_arena_strdup(&set->arena, r->venue) : NULL;
        m->year = r->publication_year;
        m->work = (int64_t)set->works.kept;
        m->topics = topics;
        m->topic_count = topic_count;
        set->author_id[set->count] = bz_arena_strdup(&set->arena, id);
        set->block[set->count] = keys[i];
        set->count++;
    }
}

/* Every paper object in v, depth first, in document order. */
static void read_tree(struct s2_set *set, yajl_val v)
{
    if (YAJL_IS_ARRAY(v)) {
        for (size_t i = 0; i < v->u.array.len; i++)
            read_tree(set, v->u.array.values[i]);
        return;
    }
    if (!YAJL_IS_OBJECT(v))
        return;
    if (bz_jt_get(v, "paperId") != NULL) {
        struct bz_work_record record;
        struct bz_error err;

        set->papers++;
        if (identity_works_keep(&set->works,
                                bz_reader_semanticscholar_paper(
                                    v, NULL, &set->arena, &record, &err),
                                &record))
            read_authors(set, &record, v);
    }
    for (size_t i = 0; i < v->u.object.len; i++)
        read_tree(set, v->u.object.values[i]);
}

static int name_order(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The .json files of dir, in name order; returns how many were read. */
static int read_dir(struct s2_set *set, const char *dir)
{
    char *names[S2_FILES_MAX];
    size_t n = 0;
    struct dirent *e;
    DIR *d = opendir(dir);

    if (d == NULL)
        return 0;
    while ((e = readdir(d)) != NULL && n < S2_FILES_MAX) {
        size_t len = strlen(e->d_name);

        if (len > 5 && strcmp(e->d_name + len - 5, ".json") == 0)
            names[n++] = bz_arena_strdup(&set->arena, e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof(*names), name_order);
    for (size_t i = 0; i < n; i++) {
        char path[2048];
        yajl_val tree;

        snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
        if ((tree = identity_read_json(path)) == NULL)
            continue;
        read_tree(set, tree);
        yajl_tree_free(tree);
    }
    return (int)n;
}

static int load(struct s2_set *set)
{
    const char *root = getenv("BZ_SOURCE_DIR");
    static const char *const dirs[] = {"fixtures", "responses"};
    int files = 0;

    bz_arena_init(&set->arena, 512u * 1024 * 1024);
    set->count = set->papers = 0;
    identity_works_init(&set->works, &set->arena, S2_WORKS_MAX);
    set->works.show_merges = 1;
    for (size_t i = 0; i < 2; i++) {
        char dir[1024];

        snprintf(dir, sizeof(dir), "%s/../shared/data/semanticscholar-api/%s",
                 root ? root : ".", dirs[i]);
        files += read_dir(set, dir);
    }
    return files > 0 ? 0 : -1;
}

/* The id of the most mentions. */
static const char *largest_person(const struct s2_set *set, size_t *count)
{
    const char *best = NULL;

    *count = 0;
    for (size_t i = 0; i < set->count; i++) {
        size_t n = 0;

        for (size_t j = 0; j < set->count; j++)
            n += strcmp(set->author_id[i], set->author_id[j]) == 0;
        if (n > *count) {
            *count = n;
            best = set->author_id[i];
        }
    }
    return best;
}

/* Measures the mentions whose id is not left_out (NULL: all), with their
 * topics or without; prints the figures under label. */
static void measure(struct s2_set *set, const char *left_out, int topics,
                    const char *label, struct identity_pairs *counts)
{
    static struct bz_mention mentions[S2_MENTIONS_MAX];
    static const char *block[S2_MENTIONS_MAX], *truth[S2_MENTIONS_MAX];
    struct identity_eval_set eval;
    size_t n = 0;

    for (size_t i = 0; i < set->count; i++) {
        if (left_out != NULL && strcmp(set->author_id[i], left_out) == 0)
            continue;
        mentions[n] = set->mentions[i];
        if (!topics)
            mentions[n].topic_count = 0;
        block[n] = set->block[i];
        truth[n] = set->author_id[i];
        n++;
    }
    eval = (struct identity_eval_set){mentions, block, truth, n};
    *counts = (struct identity_pairs){0};
    identity_eval(&eval, counts, NULL, left_out == NULL && topics);
    printf("s2api %s: %zu mentions, %.0f true pairs, precision %.4f recall "
           "%.4f (%.0f true, %.0f false merges)\n",
           label, n, counts->true_pos + counts->false_neg,
           identity_precision(counts), identity_recall(counts),
           counts->true_pos, counts->false_pos);
}

static void test_s2api_hidden_ids(void **state)
{
    static struct s2_set set;
    struct identity_pairs all, without, no_topics;
    const char *largest;
    size_t largest_count;

    (void)state;
    if (load(&set) != 0) {
        printf("semanticscholar data not found: skipped\n");
        skip();
    }
    largest = largest_person(&set, &largest_count);
    printf("s2api: %zu paper objects, %zu works, %zu records merged into a "
           "work read before (%zu by title keys), %zu authorships with "
           "hidden ids; the largest person %s has %zu\n",
           set.papers, set.works.count, set.works.merged,
           set.works.merged_by_keys, set.count, largest ? largest : "-",
           largest_count);
    measure(&set, NULL, 1, "resolver", &all);
    measure(&set, largest, 1, "resolver without the largest person", &without);
    measure(&set, NULL, 0, "resolver without topics", &no_topics);

    assert_true(identity_precision(&all) >= S2_PRECISION_FLOOR);
    assert_true(identity_recall(&all) >= S2_RECALL_FLOOR);
    assert_true(identity_precision(&without) >= S2_LARGEST_OUT_PRECISION_FLOOR);
    assert_true(identity_recall(&without) >= S2_LARGEST_OUT_RECALL_FLOOR);
    bz_arena_release(&set.arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_s2api_hidden_ids),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
