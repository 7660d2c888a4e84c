/* test_identity_openalex.c - the resolver measured against hidden author ids.
 *
 * Reads the OpenAlex works of ../shared/data/openalex-api-works (found from
 * BZ_SOURCE_DIR) as the store would hold them (a work the import merges
 * into one read before brings no authorships: identity_works_keep), keeps
 * every authorship that carries an OpenAlex author id, hides the id from
 * the resolver (which sees the raw name, the affiliation strings, the
 * other authors, venue, year and topics), blocks the mentions by first
 * initial and surname, and counts pairs within blocks against the hidden
 * ids; then again, counting only the pairs of two authorships that both
 * carry an ORCID, against the ORCIDs. Affiliation words are weighted over
 * all the authorships read, as the store would weight them. The floors
 * asserted are the figures reached (docs/identity.md) less a small margin.
 * Skips without the data.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "identity/resolve.h"
#include "import/import_openalex.h"
#include "import/import_json.h"
#include "import/json_tree.h"
#include "support/identity_eval.h"

#define OPENALEX_PRECISION_FLOOR 0.955
#define OPENALEX_RECALL_FLOOR 0.955
#define OPENALEX_ORCID_PRECISION_FLOOR 0.957
#define OPENALEX_ORCID_RECALL_FLOOR 0.945
#define OPENALEX_MENTIONS_MAX 4000
#define OPENALEX_WORKS_MAX 2000

static const char *const openalex_files[] = {
    "works_search_biodiversity_AND_finance_page1.json",
    "snowball_keypapers.json",
    "snowball_citing_works.json",
    "snowball_cited_works.json",
    "work_W2162348455.json",
    NULL};

struct openalex_set {
    struct bz_arena arena;
    struct bz_mention mentions[OPENALEX_MENTIONS_MAX];
    const char *author_id[OPENALEX_MENTIONS_MAX]; /* hidden truth */
    const char *orcid[OPENALEX_MENTIONS_MAX];     /* the same, or NULL */
    char block[OPENALEX_MENTIONS_MAX][BZ_NAME_PART_MAX * 2 + 4];
    size_t count;
    struct identity_works works; /* as the store would hold them */
};

/* The name string of one authorship, raw first. */
static const char *authorship_name(yajl_val authorship)
{
    int bad = 0;
    const char *raw = bz_jt_string(authorship, "raw_author_name", &bad);

    if (raw != NULL && raw[0] != '\0')
        return raw;
    return bz_jt_string(bz_jt_get(authorship, "author"), "display_name", &bad);
}

/* Copies the strings of array (or the member key of each object in it)
 * onto list, from *k on. */
static void collect_strings(struct bz_arena *a, yajl_val array, const char *key,
                            const char **list, size_t *k, size_t cap)
{
    int bad = 0;

    if (array == NULL || !YAJL_IS_ARRAY(array))
        return;
    for (size_t i = 0; i < array->u.array.len && *k < cap; i++) {
        yajl_val v = array->u.array.values[i];
        const char *s = key ? bz_jt_string(v, key, &bad)
                            : (YAJL_IS_STRING(v) ? YAJL_GET_STRING(v) : NULL);

        if (s != NULL && s[0] != '\0')
            list[(*k)++] = bz_arena_strdup(a, s);
    }
}

static yajl_val authorship_value(yajl_val authorships, size_t i)
{
    return authorships->u.array.values[i];
}

static void read_work(struct openalex_set *set, yajl_val work)
{
    struct bz_work_record record; /* as the import reads it */
    struct bz_error err;
    int bad = 0;
    const char *id = bz_jt_string(work, "id", &bad);
    yajl_val authorships = bz_jt_array(work, "authorships", &bad);
    yajl_val source = bz_jt_get(bz_jt_get(work, "primary_location"), "source");
    const char *venue = bz_jt_string(source, "display_name", &bad);
    int year = (int)bz_jt_integer(work, "publication_year", 0, &bad);
    size_t n = authorships ? authorships->u.array.len : 0;
    struct bz_name *names;
    const char **keys, **topics;
    size_t topic_count = 0;

    if (id == NULL || n == 0 ||
        !identity_works_keep(
            &set->works,
            bz_openalex_work_read(work, &set->arena, &record, &err), &record))
        return;
    names = bz_arena_calloc(&set->arena, n, sizeof(*names));
    keys = bz_arena_calloc(&set->arena, n, sizeof(*keys));
    topics = bz_arena_calloc(&set->arena, 16, sizeof(*topics));
    collect_strings(&set->arena, bz_jt_array(work, "topics", &bad), "id",
                    topics, &topic_count, 16);
    for (size_t i = 0; i < n; i++) {
        const char *name = authorship_name(authorship_value(authorships, i));
        char key[BZ_NAME_PART_MAX * 2 + 4];

        keys[i] = "";
        if (name == NULL ||
            bz_name_parse(name, strlen(name), &names[i], NULL) != BZ_OK)
            continue;
        bz_name_block_key(&names[i], key, sizeof(key));
        keys[i] = bz_arena_strdup(&set->arena, key);
    }

    for (size_t i = 0; i < n && set->count < OPENALEX_MENTIONS_MAX; i++) {
        yajl_val authorship = authorship_value(authorships, i);
        const char *author =
            bz_jt_string(bz_jt_get(authorship, "author"), "id", &bad);
        const char *orcid =
            bz_jt_string(bz_jt_get(authorship, "author"), "orcid", &bad);
        struct bz_mention *m = &set->mentions[set->count];
        const char **affs, **coauthors;
        size_t k = 0, c = 0;

        if (author == NULL || keys[i][0] == '\0')
            continue;
        affs = bz_arena_calloc(&set->arena, 16, sizeof(*affs));
        collect_strings(
            &set->arena,
            bz_jt_array(authorship, "raw_affiliation_strings", &bad), NULL,
            affs, &k, 16);
        collect_strings(&set->arena,
                        bz_jt_array(authorship, "institutions", &bad),
                        "display_name", affs, &k, 16);
        coauthors = identity_coauthors(&set->arena, keys, n, i, &c);
        memset(m, 0, sizeof(*m));
        m->name = names[i];
        m->affiliations = affs;
        m->affiliation_count = k;
        m->coauthors = coauthors;
        m->coauthor_count = c;
        m->venue = venue ? bz_arena_strdup(&set->arena, venue) : NULL;
        m->year = year;
        m->work = (int64_t)set->works.kept;
        m->topics = topics;
        m->topic_count = topic_count;
        set->author_id[set->count] = bz_arena_strdup(&set->arena, author);
        set->orcid[set->count] = orcid != NULL && orcid[0] != '\0'
                                     ? bz_arena_strdup(&set->arena, orcid)
                                     : NULL;
        snprintf(set->block[set->count], sizeof(set->block[0]), "%s", keys[i]);
        set->count++;
    }
}

static int load(struct openalex_set *set)
{
    const char *root = getenv("BZ_SOURCE_DIR");
    int files = 0;

    bz_arena_init(&set->arena, 256u * 1024 * 1024);
    set->count = 0;
    identity_works_init(&set->works, &set->arena, OPENALEX_WORKS_MAX);
    set->works.show_merges = 1;
    for (size_t f = 0; openalex_files[f] != NULL; f++) {
        char path[1024];
        yajl_val tree, results;
        int bad = 0;

        snprintf(path, sizeof(path), "%s/../shared/data/openalex-api-works/%s",
                 root ? root : ".", openalex_files[f]);
        if ((tree = identity_read_json(path)) == NULL)
            continue;
        results = bz_jt_array(tree, "results", &bad);
        if (results != NULL) {
            for (size_t i = 0; i < results->u.array.len; i++)
                read_work(set, results->u.array.values[i]);
        } else {
            read_work(set, tree);
        }
        yajl_tree_free(tree);
        files++;
    }
    return files > 0 ? 0 : -1;
}

static struct openalex_set loaded; /* read once for both tests */

static int set_up(void **state)
{
    (void)state;
    if (load(&loaded) != 0)
        printf("openalex data not found: skipped\n");
    return 0;
}

static int tear_down(void **state)
{
    (void)state;
    bz_arena_release(&loaded.arena);
    return 0;
}

/* Truth is the OpenAlex author id: every authorship read is counted. */
static void test_openalex_hidden_ids(void **state)
{
    static const char *block[OPENALEX_MENTIONS_MAX];
    struct openalex_set *set = &loaded;
    struct identity_eval_set eval;
    struct identity_pairs counts = {0}, names_only = {0};
    double p, r;

    (void)state;
    if (set->count == 0)
        skip();
    for (size_t i = 0; i < set->count; i++)
        block[i] = set->block[i];
    eval = (struct identity_eval_set){set->mentions, block, set->author_id,
                                      set->count};
    identity_eval(&eval, &counts, &names_only, 1);

    p = identity_precision(&counts);
    r = identity_recall(&counts);
    printf("openalex: %zu works, %zu authorships with hidden ids, "
           "%.0f true pairs\n",
           set->works.count, set->count, counts.true_pos + counts.false_neg);
    printf("openalex: %zu records merged into a work read before (%zu by title "
           "keys)\n",
           set->works.merged, set->works.merged_by_keys);
    printf("openalex names compatible only: precision %.4f recall %.4f\n",
           identity_precision(&names_only), identity_recall(&names_only));
    printf("openalex resolver: precision %.4f recall %.4f (%.0f true, "
           "%.0f false merges)\n",
           p, r, counts.true_pos, counts.false_pos);
    assert_true(p >= OPENALEX_PRECISION_FLOOR);
    assert_true(r >= OPENALEX_RECALL_FLOOR);
}

/* Truth is the ORCID: the resolver clusters the same authorships (ids and
 * ORCIDs hidden), and the pairs counted are those of two authorships that
 * both carry an ORCID. */
static void test_openalex_hidden_orcids(void **state)
{
    static const char *block[OPENALEX_MENTIONS_MAX];
    struct openalex_set *set = &loaded;
    struct identity_eval_set eval;
    struct identity_pairs counts = {0};
    size_t with_orcid = 0;
    double p, r;

    (void)state;
    if (set->count == 0)
        skip();
    for (size_t i = 0; i < set->count; i++) {
        block[i] = set->block[i];
        with_orcid += set->orcid[i] != NULL;
    }
    eval = (struct identity_eval_set){set->mentions, block, set->orcid,
                                      set->count};
    identity_eval(&eval, &counts, NULL, 1);

    p = identity_precision(&counts);
    r = identity_recall(&counts);
    printf("openalex: %zu of the %zu authorships carry an ORCID, %.0f true "
           "pairs among them\n",
           with_orcid, set->count, counts.true_pos + counts.false_neg);
    printf("openalex resolver, ORCID pairs: precision %.4f recall %.4f (%.0f "
           "true, %.0f false merges)\n",
           p, r, counts.true_pos, counts.false_pos);
    assert_true(p >= OPENALEX_ORCID_PRECISION_FLOOR);
    assert_true(r >= OPENALEX_ORCID_RECALL_FLOOR);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_openalex_hidden_ids),
        cmocka_unit_test(test_openalex_hidden_orcids),
    };

    return cmocka_run_group_tests(tests, set_up, tear_down);
}
