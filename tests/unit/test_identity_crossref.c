/* test_identity_crossref.c - the resolver measured against hidden ORCIDs.
 *
 * Reads ../shared/data/crossref-api/works.jsonl (found from BZ_SOURCE_DIR)
 * as the store would hold it (identity_works_keep), gives the resolver
 * every author whose name parses, ORCIDs hidden (it sees the given and
 * family names, the affiliation names, the other authors, the container
 * title and the year), blocks the mentions by first initial and surname,
 * and counts the pairs within blocks of two authors that both carry an
 * ORCID, against the hidden ORCIDs. The
 * floors asserted are the figures reached (docs/identity.md) less a small
 * margin. Skips without the data.
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
#include "import/import_json.h"
#include "import/json_tree.h"
#include "support/identity_eval.h"

#define CROSSREF_PRECISION_FLOOR 0.995
#define CROSSREF_RECALL_FLOOR 0.995
#define CROSSREF_MENTIONS_MAX 2000
#define CROSSREF_WORKS_MAX 2000

struct crossref_set {
    struct bz_arena arena;
    struct bz_mention mentions[CROSSREF_MENTIONS_MAX];
    const char *orcid[CROSSREF_MENTIONS_MAX]; /* hidden truth */
    char block[CROSSREF_MENTIONS_MAX][BZ_NAME_PART_MAX * 2 + 4];
    size_t count;
    struct identity_works works; /* as the store would hold them */
};

/* The parsed name of a Crossref author; 0 when it has none. */
static int author_name(yajl_val author, struct bz_name *name)
{
    int bad = 0;
    const char *given = bz_jt_string(author, "given", &bad);
    const char *family = bz_jt_string(author, "family", &bad);

    if (family == NULL)
        return 0;
    return bz_name_parse_parts(given, family, name, NULL) == BZ_OK;
}

static int work_year(yajl_val work)
{
    yajl_val parts = bz_jt_get(bz_jt_get(work, "issued"), "date-parts");
    yajl_val first;

    if (parts == NULL || !YAJL_IS_ARRAY(parts) || parts->u.array.len == 0)
        return 0;
    first = parts->u.array.values[0];
    if (!YAJL_IS_ARRAY(first) || first->u.array.len == 0 ||
        !YAJL_IS_INTEGER(first->u.array.values[0]))
        return 0;
    return (int)YAJL_GET_INTEGER(first->u.array.values[0]);
}

static void read_work(struct crossref_set *set, yajl_val work)
{
    struct bz_work_record record; /* as the import reads it */
    struct bz_error err;
    int bad = 0;
    yajl_val authors = bz_jt_array(work, "author", &bad);
    yajl_val titles = bz_jt_array(work, "container-title", &bad);
    const char *venue = NULL;
    size_t n = authors ? authors->u.array.len : 0;
    struct bz_name *names;
    const char **keys;

    if (n == 0 ||
        !identity_works_keep(
            &set->works,
            bz_reader_crossref_work(work, &set->arena, &record, &err), &record))
        return;
    if (titles != NULL && titles->u.array.len > 0 &&
        YAJL_IS_STRING(titles->u.array.values[0]))
        venue = bz_arena_strdup(&set->arena,
                                YAJL_GET_STRING(titles->u.array.values[0]));
    names = bz_arena_calloc(&set->arena, n, sizeof(*names));
    keys = bz_arena_calloc(&set->arena, n, sizeof(*keys));
    for (size_t i = 0; i < n; i++) {
        char key[BZ_NAME_PART_MAX * 2 + 4];

        keys[i] = "";
        if (!author_name(authors->u.array.values[i], &names[i]))
            continue;
        bz_name_block_key(&names[i], key, sizeof(key));
        keys[i] = bz_arena_strdup(&set->arena, key);
    }

    for (size_t i = 0; i < n && set->count < CROSSREF_MENTIONS_MAX; i++) {
        yajl_val author = authors->u.array.values[i];
        const char *orcid = bz_jt_string(author, "ORCID", &bad);
        yajl_val affs = bz_jt_array(author, "affiliation", &bad);
        struct bz_mention *m = &set->mentions[set->count];
        size_t naff = affs ? affs->u.array.len : 0, k = 0, c = 0;
        const char **aff_list, **coauthors;

        if (keys[i][0] == '\0')
            continue;
        aff_list = bz_arena_calloc(&set->arena, naff + 1, sizeof(*aff_list));
        for (size_t a = 0; a < naff; a++) {
            const char *s = bz_jt_string(affs->u.array.values[a], "name", &bad);

            if (s != NULL)
                aff_list[k++] = bz_arena_strdup(&set->arena, s);
        }
        coauthors = identity_coauthors(&set->arena, keys, n, i, &c);
        memset(m, 0, sizeof(*m));
        m->name = names[i];
        m->affiliations = aff_list;
        m->affiliation_count = k;
        m->coauthors = coauthors;
        m->coauthor_count = c;
        m->venue = venue;
        m->year = work_year(work);
        m->work = (int64_t)set->works.kept;
        set->orcid[set->count] =
            orcid != NULL ? bz_arena_strdup(&set->arena, orcid) : NULL;
        snprintf(set->block[set->count], sizeof(set->block[0]), "%s", keys[i]);
        set->count++;
    }
}

static int load(struct crossref_set *set)
{
    const char *root = getenv("BZ_SOURCE_DIR");
    char path[1024], reason[128], *line = NULL;
    size_t line_cap = 0;
    ssize_t len;
    FILE *f;

    snprintf(path, sizeof(path), "%s/../shared/data/crossref-api/works.jsonl",
             root ? root : ".");
    f = fopen(path, "r");
    if (f == NULL)
        return -1;
    bz_arena_init(&set->arena, 256u * 1024 * 1024);
    set->count = 0;
    identity_works_init(&set->works, &set->arena, CROSSREF_WORKS_MAX);
    set->works.show_merges = 1;
    while ((len = getline(&line, &line_cap, f)) > 0) {
        yajl_val work = bz_jt_parse(line, (size_t)len, reason, sizeof(reason));

        if (work == NULL)
            fail_msg("'%s': %s", path, reason);
        read_work(set, work);
        yajl_tree_free(work);
    }
    free(line);
    fclose(f);
    return 0;
}

static void test_crossref_hidden_orcids(void **state)
{
    static struct crossref_set set;
    static const char *block[CROSSREF_MENTIONS_MAX];
    struct identity_eval_set eval;
    struct identity_pairs counts = {0};
    size_t with_orcid = 0;
    double p, r;

    (void)state;
    if (load(&set) != 0) {
        printf("crossref data not found: skipped\n");
        skip();
    }
    for (size_t i = 0; i < set.count; i++) {
        block[i] = set.block[i];
        with_orcid += set.orcid[i] != NULL;
    }
    eval =
        (struct identity_eval_set){set.mentions, block, set.orcid, set.count};
    identity_eval(&eval, &counts, NULL, 0);

    p = identity_precision(&counts);
    r = identity_recall(&counts);
    printf("crossref: %zu works, %zu authors, %zu with ORCIDs (hidden), %.0f "
           "true pairs among them\n",
           set.works.count, set.count, with_orcid,
           counts.true_pos + counts.false_neg);
    printf("crossref: %zu records merged into a work read before (%zu by title "
           "keys)\n",
           set.works.merged, set.works.merged_by_keys);
    printf("crossref resolver: precision %.4f recall %.4f (%.0f true, "
           "%.0f false merges)\n",
           p, r, counts.true_pos, counts.false_pos);
    assert_true(p >= CROSSREF_PRECISION_FLOOR);
    assert_true(r >= CROSSREF_RECALL_FLOOR);
    bz_arena_release(&set.arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_crossref_hidden_orcids),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
