/* test_topics.c - unit tests of src/topics/: the arXiv table, folding, and
 * the classifier on the demo's works and on real OpenAlex works whose
 * topics are hidden from it (the figures of docs/topics.md). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yajl/yajl_tree.h>

#include "core/buf.h"
#include "import/json_tree.h"
#include "topics/topics.h"

static struct bz_topics *model;

static char *source_path(const char *rel)
{
    const char *root = getenv("BZ_SOURCE_DIR");
    char *path = NULL;

    if (asprintf(&path, "%s/%s", root ? root : ".", rel) < 0)
        return NULL;
    return path;
}

static int setup(void **state)
{
    struct bz_error err = {0};
    char *dir = source_path("data/taxonomy");

    (void)state;
    model = bz_topics_load(dir, &err);
    if (model == NULL)
        fprintf(stderr, "cannot load the taxonomy: %s\n", err.message);
    free(dir);
    return model ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    bz_topics_free(model);
    return 0;
}

static char *read_file(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    char *s;
    long len;

    if (f == NULL)
        return NULL;
    fseek(f, 0, SEEK_END);
    len = ftell(f);
    fseek(f, 0, SEEK_SET);
    s = malloc((size_t)len + 1);
    if (s && fread(s, 1, (size_t)len, f) != (size_t)len) {
        free(s);
        s = NULL;
    }
    if (s)
        s[len] = '\0';
    fclose(f);
    *n = (size_t)len;
    return s;
}

/* The abstract an OpenAlex work's inverted index spells, in buf. */
static const char *abstract_of(yajl_val work, struct bz_buf *buf)
{
    yajl_val index = bz_jt_get(work, "abstract_inverted_index");
    const char *words[4096] = {0};
    size_t max = 0;

    bz_buf_reset(buf);
    if (index == NULL || !YAJL_IS_OBJECT(index))
        return NULL;
    for (size_t i = 0; i < index->u.object.len; i++) {
        yajl_val at = index->u.object.values[i];

        for (size_t k = 0; YAJL_IS_ARRAY(at) && k < at->u.array.len; k++) {
            long long p = YAJL_GET_INTEGER(at->u.array.values[k]);

            if (p >= 0 && p < 4096) {
                words[p] = index->u.object.keys[i];
                if ((size_t)p + 1 > max)
                    max = (size_t)p + 1;
            }
        }
    }
    for (size_t p = 0; p < max; p++)
        if (words[p])
            bz_buf_printf(buf, "%s ", words[p]);
    return buf->data;
}

/* --- the arXiv table -------------------------------------------------- */

static void test_arxiv_names(void **state)
{
    const struct bz_arxiv_category *c = bz_topics_arxiv("cs.LG", 5);

    (void)state;
    assert_non_null(c);
    assert_string_equal(c->name, "Machine Learning");
    assert_string_equal(c->archive, "cs");
    assert_int_equal(c->fields[0], 17);
    assert_null(bz_topics_arxiv("cs.L", 4));
    assert_null(bz_topics_arxiv("zz.ZZ", 5));
    assert_string_equal(bz_topics_display_name("arxiv", "q-bio.NC", "q-bio.NC"),
                        "Neurons and Cognition");
    assert_string_equal(bz_topics_display_name("arxiv", "cs", "cs"),
                        "Computer Science");
    /* a name the store has is kept */
    assert_string_equal(bz_topics_display_name("arxiv", "cs.LG", "ML"), "ML");
    assert_string_equal(
        bz_topics_display_name("openalex", "T10320", "Neural Networks"),
        "Neural Networks");
    assert_int_equal(bz_arxiv_category_count, 184);
}

static void test_model_loaded(void **state)
{
    const struct bz_topic_entry *e = bz_topics_find(model, 10001);

    (void)state;
    assert_int_equal(bz_topics_count(model), 4516);
    assert_non_null(e);
    assert_string_equal(e->name, "Geological and Geochemical Analysis");
    assert_int_equal(e->subfield_id, 1908);
    assert_int_equal(e->field_id, 19);
    assert_int_equal(e->domain_id, 3);
    assert_null(bz_topics_find(model, 12718)); /* an unused number */
}

/* --- folding ---------------------------------------------------------- */

static void test_fold_aliases(void **state)
{
    struct bz_topic_ref list[] = {
        {1, "math-ph", "arxiv", "math-ph", 3, 0, NULL},
        {2, "cs.LG", "arxiv", "cs.LG", 2, 0, NULL},
        {3, "math.MP", "arxiv", "math.MP", 2, 0, NULL},
        {4, "cmp-lg", "arxiv", "cmp-lg", 1, 0, NULL},
        {5, "cs.CL", "arxiv", "cs.CL", 1, 0, NULL},
    };

    (void)state;
    assert_int_equal(bz_topics_fold(model, list, 5), 3);
    assert_string_equal(list[0].external_id, "math-ph");
    assert_int_equal(list[0].works, 3);
    assert_string_equal(list[1].external_id, "cs.LG");
    assert_string_equal(list[2].external_id, "cmp-lg");
}

static void test_fold_across_schemes(void **state)
{
    char id[16];
    struct bz_topic_ref list[3];
    const struct bz_topic_entry *ai = NULL;

    (void)state;
    /* an OpenAlex topic of subfield 1702 "Artificial Intelligence" */
    for (size_t i = 0; i < bz_topics_count(model) && ai == NULL; i++)
        if (bz_topics_at(model, i)->subfield_id == 1702)
            ai = bz_topics_at(model, i);
    assert_non_null(ai);
    snprintf(id, sizeof id, "T%d", ai->id);
    list[0] = (struct bz_topic_ref){1, "cs.AI", "arxiv", "cs.AI", 2, 0, NULL};
    list[1] =
        (struct bz_topic_ref){2, "q-bio.NC", "arxiv", "q-bio.NC", 2, 0, NULL};
    list[2] = (struct bz_topic_ref){3, ai->name, "openalex", id, 1, 0, NULL};
    assert_int_equal(bz_topics_fold(model, list, 3), 2);
    /* the OpenAlex topic stands for both, with the larger count */
    assert_string_equal(list[0].external_id, id);
    assert_int_equal(list[0].works, 2);
    assert_string_equal(list[1].external_id, "q-bio.NC");

    /* cs.LG "Machine Learning" is no subfield's name: it stays */
    list[0] = (struct bz_topic_ref){1, "cs.LG", "arxiv", "cs.LG", 2, 0, NULL};
    list[1] = (struct bz_topic_ref){3, ai->name, "openalex", id, 1, 0, NULL};
    assert_int_equal(bz_topics_fold(model, list, 2), 2);
}

/* --- the demo's works ------------------------------------------------- */

static void test_demo_assignment(void **state)
{
    char *path = source_path("data/demo/works.jsonl");
    size_t n = 0, assigned = 0, with_topics = 0;
    char *text = read_file(path, &n), *line, *save = NULL;
    struct bz_buf abstract;
    struct bz_arena arena;

    (void)state;
    assert_non_null(text);
    bz_buf_init(&abstract, 1 << 20);
    bz_arena_init(&arena, 0);
    for (line = strtok_r(text, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        char reason[128];
        yajl_val w = bz_jt_parse(line, strlen(line), reason, sizeof reason);
        int bad = 0;
        yajl_val topics = bz_jt_array(w, "topics", &bad);
        struct bz_work_record r = {0};

        assert_non_null(w);
        r.source = "openalex";
        r.title = bz_jt_string(w, "title", &bad);
        r.abstract = abstract_of(w, &abstract);
        if (topics && topics->u.array.len > 0) {
            /* a work with topics from its source is given none */
            r.topic_count = topics->u.array.len;
            assert_int_equal(bz_topics_assign(model, &r, &arena), 0);
            with_topics++;
        } else {
            size_t k = bz_topics_assign(model, &r, &arena);

            assert_true(k <= BZ_TOPICS_MAX_ASSIGNED);
            if (k == 0) {
                /* "Predictive coding in balanced neural networks": its
                 * best, "Medical Coding and Health Information", scores
                 * under the threshold and is rightly not kept */
                assert_non_null(strstr(r.title, "Predictive coding"));
                yajl_tree_free(w);
                continue;
            }
            assert_int_equal(r.topic_count, k);
            for (size_t i = 0; i < k; i++) {
                assert_true(r.topics[i].score >= BZ_TOPICS_THRESHOLD);
                assert_string_equal(r.topics[i].scheme, "openalex");
                assert_string_equal(r.topics[i].source, BZ_TOPICS_SOURCE);
                assert_int_equal(r.topics[i].parent_count, 3);
                assert_string_equal(r.topics[i].parents[1].level, "field");
                if (i > 0)
                    assert_true(r.topics[i].score <= r.topics[i - 1].score);
            }
            printf("# %s -> %s (%s), %.3f\n", r.title, r.topics[0].display_name,
                   r.topics[0].parents[0].display_name, r.topics[0].score);
            assigned++;
        }
        yajl_tree_free(w);
    }
    assert_int_equal(with_topics, 4);
    assert_int_equal(assigned, 2);
    bz_arena_release(&arena);
    bz_buf_release(&abstract);
    free(text);
    free(path);
}

/* --- accuracy on real OpenAlex works --------------------------------- */

struct tally {
    int works;
    double best[512];     /* per work: the best score, and whether its field */
    int right[512];       /* is the work's */
    int top1[3], top3[3]; /* topic, subfield, field */
    int shown;            /* a topic at or above the threshold */
    int shown_right;      /* ... and its field right */
};

static int topic_number(const char *id)
{
    const char *t = id ? strrchr(id, '/') : NULL;

    return t && t[1] == 'T' ? atoi(t + 2) : 0;
}

static void score_work(struct tally *t, yajl_val w, struct bz_buf *abstract)
{
    int bad = 0;
    yajl_val topics = bz_jt_array(w, "topics", &bad);
    const char *title = bz_jt_string(w, "title", &bad);
    const struct bz_topic_entry *gold;
    struct bz_topic_match best[3];
    size_t n;

    if (topics == NULL || topics->u.array.len == 0 || title == NULL)
        return;
    gold = bz_topics_find(model, topic_number(bz_jt_string(
                                     topics->u.array.values[0], "id", &bad)));
    if (gold == NULL)
        return;
    t->works++;
    n = bz_topics_classify(model, title, abstract_of(w, abstract), best, 3);
    for (size_t i = 0; i < n; i++) {
        int same[3] = {best[i].topic->id == gold->id,
                       best[i].topic->subfield_id == gold->subfield_id,
                       best[i].topic->field_id == gold->field_id};

        for (int l = 0; l < 3; l++) {
            if (i == 0)
                t->top1[l] += same[l];
            if (same[l]) {
                t->top3[l]++;
                /* count a level once per work */
                for (size_t k = 0; k < i; k++) {
                    int before[3] = {best[k].topic->id == gold->id,
                                     best[k].topic->subfield_id ==
                                         gold->subfield_id,
                                     best[k].topic->field_id == gold->field_id};

                    if (before[l]) {
                        t->top3[l]--;
                        break;
                    }
                }
            }
        }
    }
    if (n > 0 && t->works <= 512) {
        t->best[t->works - 1] = best[0].score;
        t->right[t->works - 1] = best[0].topic->field_id == gold->field_id;
    }
    if (n > 0 && best[0].score >= BZ_TOPICS_THRESHOLD) {
        t->shown++;
        t->shown_right += best[0].topic->field_id == gold->field_id;
    }
}

static void test_accuracy(void **state)
{
    static const char *const files[] = {
        "snowball_cited_works.json",
        "snowball_citing_works.json",
        "snowball_keypapers.json",
        "work_W2162348455.json",
        "works_search_biodiversity_AND_finance_page1.json",
        NULL};
    struct tally t = {0};
    struct bz_buf abstract;
    char seen[512][48];
    size_t seen_count = 0;

    (void)state;
    bz_buf_init(&abstract, 1 << 20);
    for (size_t f = 0; files[f]; f++) {
        char rel[256], reason[128];
        char *path, *text;
        size_t n;
        yajl_val root, results;
        int bad = 0;

        snprintf(rel, sizeof rel, "../shared/data/openalex-api-works/%s",
                 files[f]);
        path = source_path(rel);
        text = read_file(path, &n);
        free(path);
        if (text == NULL)
            skip(); /* the shared data is not beside this tree */
        root = bz_jt_parse(text, n, reason, sizeof reason);
        assert_non_null(root);
        results = bz_jt_array(root, "results", &bad);
        for (size_t i = 0; i < (results ? results->u.array.len : 1); i++) {
            yajl_val w = results ? results->u.array.values[i] : root;
            const char *id = bz_jt_string(w, "id", &bad);
            int dup = 0;

            for (size_t k = 0; id && k < seen_count && !dup; k++)
                dup = strcmp(seen[k], id) == 0;
            if (id == NULL || dup || seen_count == 512)
                continue;
            snprintf(seen[seen_count++], sizeof seen[0], "%s", id);
            score_work(&t, w, &abstract);
        }
        yajl_tree_free(root);
        free(text);
    }
    printf("# %d works; top-1 topic %d, subfield %d, field %d; "
           "top-3 topic %d, subfield %d, field %d; shown %d, field right %d\n",
           t.works, t.top1[0], t.top1[1], t.top1[2], t.top3[0], t.top3[1],
           t.top3[2], t.shown, t.shown_right);
    for (int k = 1; k <= 6; k++) {
        int shown = 0, right = 0;

        for (int i = 0; i < t.works && i < 512; i++)
            if (t.best[i] >= 0.05 * k) {
                shown++;
                right += t.right[i];
            }
        printf("# threshold %.2f: %d shown, field right %d\n", 0.05 * k, shown,
               right);
    }
    /* the figures of docs/topics.md: they must not fall */
    assert_int_equal(t.works, 242);
    assert_true(t.top1[0] >= 30);
    assert_true(t.top1[1] >= 56);
    assert_true(t.top1[2] >= 98);
    assert_true(t.top3[0] >= 49);
    assert_true(t.top3[1] >= 105);
    assert_true(t.top3[2] >= 159);
    assert_true(t.shown >= 221);
    assert_true(t.shown_right >= 91);
    bz_buf_release(&abstract);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_arxiv_names),
        cmocka_unit_test(test_model_loaded),
        cmocka_unit_test(test_fold_aliases),
        cmocka_unit_test(test_fold_across_schemes),
        cmocka_unit_test(test_demo_assignment),
        cmocka_unit_test(test_accuracy),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
