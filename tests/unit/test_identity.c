/* test_identity.c - name parsing and the resolver's decisions on small cases.
 *
 * The Lahiri cases use the works list of Subhaneil Lahiri's site
 * (../shared/data/ganguli-coauthor-lahiri-works, found from BZ_SOURCE_DIR):
 * its entries are read as they are, and some names are respelled the way
 * other sources write them, to check that they resolve to one person.
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
#include "identity/name.h"
#include "identity/resolve.h"
#include "import/json_tree.h"
#include "support/identity_eval.h"

static struct bz_name parse(const char *s)
{
    struct bz_name name;
    struct bz_error err;

    assert_int_equal(bz_name_parse(s, strlen(s), &name, &err), BZ_OK);
    return name;
}

static void assert_name(const char *s, const char *surname, size_t given_count,
                        const char *first, const char *second)
{
    struct bz_name n = parse(s);

    assert_string_equal(n.surname, surname);
    assert_int_equal(n.given_count, given_count);
    if (given_count > 0)
        assert_string_equal(n.given[0], first);
    if (given_count > 1)
        assert_string_equal(n.given[1], second);
}

static void test_name_forms(void **state)
{
    (void)state;
    assert_name("Surya Ganguli", "ganguli", 1, "surya", NULL);
    assert_name("Ganguli, Surya", "ganguli", 1, "surya", NULL);
    assert_name("S.Ganguli", "ganguli", 1, "s", NULL);
    assert_name("S. Ganguli*", "ganguli", 1, "s", NULL);
    assert_name("S Ganguli\xe2\x80\xa0"
                "1",
                "ganguli", 1, "s", NULL);
    assert_name("José Suárez\xe2\x80\xa1", "suarez", 1, "jose", NULL);
    assert_name("TDB Nguyen-Vu", "nguyenvu", 3, "t", "d");
    assert_name("R.S. de Groot", "degroot", 2, "r", "s");
    assert_name("Rudolf S. de Groot", "degroot", 2, "rudolf", "s");
    assert_name("Ludwig van der Meer", "vandermeer", 1, "ludwig", NULL);
    assert_name("Jean-Pierre Dupont Jr.", "dupont", 2, "jean", "pierre");
    assert_name("J.-P. Dupont", "dupont", 2, "j", "p");
    assert_name("DJ O\xe2\x80\x99Shea", "oshea", 2, "d", "j");
    assert_name("MARTIN DRECHSLER", "drechsler", 1, "martin", NULL);
    assert_name("Gordon\xc2\xa0"
                "C. Rausser",
                "rausser", 2, "gordon", "c");
    assert_name("Pagiola, Stefano", "pagiola", 1, "stefano", NULL);
}

static void test_name_rejects(void **state)
{
    struct bz_name n;
    struct bz_error err;
    char long_name[BZ_NAME_INPUT_MAX + 2];

    (void)state;
    assert_int_equal(bz_name_parse("*, 12", 5, &n, &err), BZ_INVALID);
    assert_int_equal(bz_name_parse("", 0, &n, &err), BZ_INVALID);
    memset(long_name, 'a', sizeof(long_name) - 1);
    long_name[sizeof(long_name) - 1] = '\0';
    assert_int_equal(bz_name_parse(long_name, strlen(long_name), &n, &err),
                     BZ_TOO_LARGE);
}

static void test_name_compare(void **state)
{
    struct bz_name a, b;

    (void)state;
    a = parse("Surya Ganguli");
    b = parse("S.Ganguli");
    assert_int_equal(bz_name_compare(&a, &b), BZ_NAME_COMPATIBLE);
    b = parse("Ganguli, Surya");
    assert_int_equal(bz_name_compare(&a, &b), BZ_NAME_EXACT);
    b = parse("Sanjay Ganguli");
    assert_int_equal(bz_name_compare(&a, &b), BZ_NAME_CONFLICT);
    b = parse("A. Ganguli");
    assert_int_equal(bz_name_compare(&a, &b), BZ_NAME_CONFLICT);
    b = parse("Surya Gangopadhyay");
    assert_int_equal(bz_name_compare(&a, &b), BZ_NAME_CONFLICT);
    a = parse("Wen Jun Wang");
    b = parse("Wenjun Wang");
    assert_int_equal(bz_name_compare(&a, &b), BZ_NAME_EXACT);
    a = parse("Greg S Corrado");
    b = parse("Greg Corrado");
    assert_int_equal(bz_name_compare(&a, &b), BZ_NAME_COMPATIBLE);
    a = parse("Colin R. Batchelor");
    b = parse("Colin Q. Batchelor");
    assert_int_equal(bz_name_compare(&a, &b), BZ_NAME_CONFLICT);

    char key[64];

    bz_name_block_key(&a, key, sizeof(key));
    assert_string_equal(key, "c batchelor");
}

/* One item of the Lahiri works list, as mentions. */
struct lahiri_item {
    char names[16][64];
    size_t count;
    char venue[128];
    int year;
};

static size_t lahiri_split(const char *authors, struct lahiri_item *item)
{
    const char *p = authors;

    item->count = 0;
    while (*p != '\0' && item->count < 16) {
        const char *end = strstr(p, ", ");
        const char *and = strstr(p, " and ");

        if (and != NULL && (end == NULL || and < end))
            end = and;
        if (end == NULL)
            end = p + strlen(p);
        snprintf(item->names[item->count++], sizeof(item->names[0]), "%.*s",
                 (int)(end - p), p);
        p = *end == '\0' ? end : end + (*end == ',' ? 2 : 5);
    }
    return item->count;
}

static size_t lahiri_load(struct lahiri_item *items, size_t max)
{
    const char *root = getenv("BZ_SOURCE_DIR");
    char path[1024];
    size_t count = 0;
    yajl_val tree;

    snprintf(path, sizeof(path),
             "%s/../shared/data/"
             "ganguli-coauthor-lahiri-works/lahiri_works.json",
             root ? root : ".");
    if ((tree = identity_read_json(path)) == NULL)
        return 0;

    for (size_t p = 0; p < tree->u.object.len; p++) {
        yajl_val project = tree->u.object.values[p];
        const char *kinds[] = {"article", "preprint"};

        for (size_t k = 0; k < 2; k++) {
            int bad = 0;
            yajl_val list = bz_jt_array(project, kinds[k], &bad);

            for (size_t i = 0; list && i < list->u.array.len; i++) {
                yajl_val work = list->u.array.values[i];
                const char *authors = bz_jt_string(work, "author", &bad);
                const char *ref = bz_jt_string(work, "ref", &bad);

                if (authors == NULL || count == max)
                    continue;
                lahiri_split(authors, &items[count]);
                snprintf(items[count].venue, sizeof(items[count].venue), "%s",
                         ref ? ref : "");
                items[count].year = (int)bz_jt_integer(work, "year", 0, &bad);
                count++;
            }
        }
    }
    yajl_tree_free(tree);
    return count;
}

/* The mention of the author whose surname is surname in item, with the
 * others as co-authors (their block keys, in keys). 0 when absent. */
static int lahiri_mention(const struct lahiri_item *item, const char *surname,
                          const char *spelling, char keys[16][64],
                          const char *key_list[16], struct bz_mention *m)
{
    int found = 0;
    size_t k = 0;

    memset(m, 0, sizeof(*m));
    for (size_t i = 0; i < item->count; i++) {
        struct bz_name n;

        if (bz_name_parse(item->names[i], strlen(item->names[i]), &n, NULL) !=
            BZ_OK)
            continue;
        if (strcmp(n.surname, surname) == 0 && !found) {
            const char *s = spelling ? spelling : item->names[i];

            assert_int_equal(bz_name_parse(s, strlen(s), &m->name, NULL),
                             BZ_OK);
            found = 1;
            continue;
        }
        bz_name_block_key(&n, keys[k], 64);
        key_list[k] = keys[k];
        k++;
    }
    m->coauthors = key_list;
    m->coauthor_count = k;
    m->year = item->year;
    return found;
}

static void test_lahiri_spellings_resolve_to_one(void **state)
{
    static struct lahiri_item items[32];
    static char keys[32][16][64];
    static const char *key_list[32][16];
    struct bz_mention mentions[32];
    struct bz_resolve_params params;
    const char *spellings[] = {"Lahiri, Subhaneil", "S.Lahiri*",
                               "Subhaneil Lahiri\xe2\x80\xa0"};
    size_t n = 0, count, person[32], respelled = 0;
    struct bz_arena a;

    (void)state;
    count = lahiri_load(items, 32);
    if (count == 0)
        skip();
    assert_int_equal(count, 21);
    bz_resolve_params_default(&params);

    /* The works co-authored with S Ganguli: Lahiri, spelled three ways. */
    for (size_t i = 0; i < count; i++) {
        const char *spelling = NULL;

        if (strstr(items[i].names[items[i].count - 1], "Ganguli") == NULL &&
            strstr(items[i].names[5], "Ganguli") == NULL &&
            strstr(items[i].names[9], "Ganguli") == NULL)
            continue;
        if (n % 4 == 1 && respelled < 3)
            spelling = spellings[respelled++];
        if (lahiri_mention(&items[i], "lahiri", spelling, keys[n], key_list[n],
                           &mentions[n]))
            n++;
    }
    assert_int_equal(n, 12);
    assert_int_equal(respelled, 3);
    bz_arena_init(&a, 0);
    assert_int_equal(
        bz_resolve_cluster(mentions, n, &params, NULL, person, &a, NULL),
        BZ_OK);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(person[i], 0);
    bz_arena_release(&a);
}

static void test_ganguli_spellings_resolve_to_one(void **state)
{
    static struct lahiri_item items[32];
    static char keys[32][16][64];
    static const char *key_list[32][16];
    struct bz_mention mentions[32];
    struct bz_resolve_params params;
    const char *spellings[] = {"Surya Ganguli", "S.Ganguli", "Ganguli, S.",
                               "Surya Ganguli*"};
    size_t n = 0, count, person[32];
    struct bz_arena a;

    (void)state;
    count = lahiri_load(items, 32);
    if (count == 0)
        skip();
    bz_resolve_params_default(&params);
    for (size_t i = 0; i < count; i++) {
        if (lahiri_mention(&items[i], "ganguli", spellings[n % 4], keys[n],
                           key_list[n], &mentions[n]))
            n++;
    }
    assert_int_equal(n, 12);
    bz_arena_init(&a, 0);
    assert_int_equal(
        bz_resolve_cluster(mentions, n, &params, NULL, person, &a, NULL),
        BZ_OK);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(person[i], 0);
    bz_arena_release(&a);
}

static struct bz_mention mention(const char *name, const char *const *coauthors,
                                 size_t coauthor_count,
                                 const char *const *affiliations,
                                 size_t affiliation_count, const char *venue,
                                 int year)
{
    struct bz_mention m;

    memset(&m, 0, sizeof(m));
    m.name = parse(name);
    m.coauthors = coauthors;
    m.coauthor_count = coauthor_count;
    m.affiliations = affiliations;
    m.affiliation_count = affiliation_count;
    m.venue = venue;
    m.year = year;
    return m;
}

static void test_same_surname_different_people_stay_apart(void **state)
{
    static const char *const neuro[] = {"s ganguli", "b poole"};
    static const char *const strings[] = {"s minwalla", "d gaiotto"};
    static const char *const stanford[] = {"Stanford University"};
    static const char *const tifr[] = {"Tata Institute of Fundamental "
                                       "Research, Mumbai"};
    struct bz_mention m[5];
    struct bz_resolve_params params;
    size_t person[5];
    struct bz_arena a;

    (void)state;
    bz_resolve_params_default(&params);
    /* Different given names, same co-authors and place: never one. */
    m[0] = mention("Subhaneil Lahiri", neuro, 2, stanford, 1, "eLife", 2017);
    m[1] = mention("Sudipta Lahiri", neuro, 2, stanford, 1, "eLife", 2017);
    /* Initials that clash. */
    m[2] = mention("A. Lahiri", neuro, 2, stanford, 1, "eLife", 2017);
    /* Same initial, nothing in common: kept apart. */
    m[3] = mention("S Lahiri", strings, 2, tifr, 1, "JHEP", 2007);
    m[4] = mention("S. Lahiri", NULL, 0, NULL, 0, "Phys. Rev. E", 2023);
    bz_arena_init(&a, 0);
    assert_int_equal(bz_resolve_cluster(m, 5, &params, NULL, person, &a, NULL),
                     BZ_OK);
    for (size_t i = 0; i < 5; i++) {
        for (size_t j = i + 1; j < 5; j++)
            assert_int_not_equal(person[i], person[j]);
    }
    bz_arena_release(&a);
}

static void test_orcid_record_and_name_only_twin_merge(void **state)
{
    static const char *const coauthors[] = {"s lahiri", "j sohldickstein",
                                            "b poole"};
    static const char *const other[] = {"m advani", "s lahiri"};
    static const char *const stanford[] = {"Stanford University"};
    struct bz_mention m[3];
    struct bz_resolve_params params;
    size_t person[3];
    struct bz_arena a;

    (void)state;
    bz_resolve_params_default(&params);
    /* The record an ORCID-bearing authorship made (the id is not shown to
     * the resolver: it decides on the name and the evidence alone). */
    m[0] = mention("Surya Ganguli", coauthors, 3, stanford, 1, "NeurIPS", 2016);
    /* Its name-only twin from another source. */
    m[1] = mention("Surya Ganguli", coauthors, 2, NULL, 0, NULL, 2016);
    /* And one from a third work, spelled otherwise, one shared co-author
     * and the same place. */
    m[2] = mention("S.Ganguli", other, 2, stanford, 1, "J. Stat. Mech.", 2013);
    bz_arena_init(&a, 0);
    assert_int_equal(bz_resolve_cluster(m, 3, &params, NULL, person, &a, NULL),
                     BZ_OK);
    assert_int_equal(person[0], 0);
    assert_int_equal(person[1], 0);
    assert_int_equal(person[2], 0);
    assert_true(bz_resolve_score(&m[0], &m[1], &params, NULL, &a) >=
                params.threshold_exact);
    bz_arena_release(&a);
}

/* The default parameters and an arena, for the placeless cases. */
struct resolve_fixture {
    struct bz_resolve_params params;
    struct bz_arena arena;
};

static int resolve_setup(void **state)
{
    static struct resolve_fixture f;

    bz_resolve_params_default(&f.params);
    bz_arena_init(&f.arena, 0);
    *state = &f;
    return 0;
}

static int resolve_teardown(void **state)
{
    struct resolve_fixture *f = *state;

    bz_arena_release(&f->arena);
    return 0;
}

/* Clusters m[0..n) into person[], failing on an error. */
static void cluster(struct resolve_fixture *f, const struct bz_mention *m,
                    size_t n, size_t *person)
{
    assert_int_equal(
        bz_resolve_cluster(m, n, &f->params, NULL, person, &f->arena, NULL),
        BZ_OK);
}

/* No two of person[0..n) are the same. */
static void assert_apart(const size_t *person, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        for (size_t j = i + 1; j < n; j++)
            assert_int_not_equal(person[i], person[j]);
    }
}

static void test_placeless_mention_joins_its_name(void **state)
{
    static const char *const team[] = {"a hastings", "m mangel"};
    static const char *const berkeley[] = {"University of California, "
                                           "Berkeley"};
    static const char *const elsewhere[] = {"Universidad de Chile"};
    struct bz_mention m[7];
    size_t person[7];
    struct resolve_fixture *f = *state;

    /* One person, linked by place and co-authors. */
    m[0] = mention("Carl Boettiger", team, 2, berkeley, 1, "Ecology Letters",
                   2018);
    m[1] =
        mention("Carl Boettiger", team, 2, berkeley, 1, "Theor. Ecol.", 2020);
    m[2] = mention("Carl Boettiger", team, 1, berkeley, 1, NULL, 2022);
    /* No affiliation, nothing shared: nothing says it is someone else. */
    m[3] = mention("Carl Boettiger", NULL, 0, NULL, 0, "Theor. Ecol.", 2021);
    /* Another place: that is evidence, and it says otherwise. */
    m[4] = mention("Carl Boettiger", NULL, 0, elsewhere, 1, NULL, 2019);
    /* Decades away from every one of them. */
    m[5] = mention("Carl Boettiger", NULL, 0, NULL, 0, "Oikos", 1961);
    /* Initials are not the name. */
    m[6] = mention("C. Boettiger", NULL, 0, NULL, 0, "Oikos", 2019);
    cluster(f, m, 7, person);
    for (size_t i = 1; i < 4; i++)
        assert_int_equal(person[i], person[0]);
    for (size_t i = 4; i < 7; i++) {
        for (size_t j = 0; j < i; j++)
            assert_int_not_equal(person[i], person[j]);
    }

    /* With the attachment turned off, the placeless mention stays alone. */
    f->params.attach_share = 0.0;
    cluster(f, m, 4, person);
    assert_int_not_equal(person[3], person[0]);
}

static void test_placeless_name_alone_or_shared(void **state)
{
    static const char *const leiden[] = {"Leiden University"};
    static const char *const maastricht[] = {"Maastricht University"};
    struct bz_mention m[5];
    size_t person[5];
    struct resolve_fixture *f = *state;

    /* A name seen only without a place: its mentions are one person. */
    m[0] = mention("Egon Willighagen", NULL, 0, NULL, 0, NULL, 2008);
    m[1] = mention("Egon Willighagen", NULL, 0, NULL, 0, "J. Cheminf.", 2011);
    cluster(f, m, 2, person);
    assert_int_equal(person[0], person[1]);

    /* The name held by two places equally: no one holds the share, the
     * placeless mention stays alone and so does the other. */
    m[2] = mention("Egon Willighagen", NULL, 0, leiden, 1, NULL, 2009);
    m[3] = mention("Egon Willighagen", NULL, 0, maastricht, 1, NULL, 2010);
    cluster(f, m + 1, 3, person);
    assert_apart(person, 3);

    /* One place holds two of three: the placeless one joins it. */
    m[4] = mention("Egon Willighagen", NULL, 0, maastricht, 1, NULL, 2012);
    cluster(f, m + 1, 4, person);
    assert_int_equal(person[0], person[2]);
    assert_int_equal(person[0], person[3]);
    assert_int_not_equal(person[0], person[1]);
}

static void test_placeless_in_a_crowded_block(void **state)
{
    static const char *const hefei[] = {"University of Science and "
                                        "Technology of China"};
    static const char *const wuhan[] = {"Wuhan University"};
    struct bz_mention m[4];
    size_t person[4];
    struct resolve_fixture *f = *state;

    /* One placed mention of the name, one without: alone in the block,
     * the name is enough. */
    m[0] = mention("Jian Zhang", NULL, 0, hefei, 1, "J. Alloys Compd.", 2012);
    m[1] = mention("Jian Zhang", NULL, 0, NULL, 0, "Chemosphere", 2021);
    cluster(f, m, 2, person);
    assert_int_equal(person[0], person[1]);

    /* With another given name in the block, one placed mention is too
     * little to say who holds the name. */
    m[2] = mention("Jie Zhang", NULL, 0, wuhan, 1, NULL, 2015);
    cluster(f, m, 3, person);
    assert_int_not_equal(person[0], person[1]);

    /* Nor do two placeless mentions of the name join each other there. */
    m[0] = mention("Jian Zhang", NULL, 0, NULL, 0, "J. Alloys Compd.", 2012);
    m[3] = mention("Jian Zhang", NULL, 0, NULL, 0, NULL, 2019);
    cluster(f, m, 4, person);
    assert_apart(person, 2);
    assert_int_not_equal(person[0], person[3]);
    assert_int_not_equal(person[1], person[3]);
}

static void test_chained_places_stay_apart(void **state)
{
    static const char *const polyu[] = {"Hong Kong Polytechnic University"};
    static const char *const hkust[] = {"Hong Kong University of Science "
                                        "and Technology"};
    static const char *const hust[] = {"Huazhong University of Science and "
                                       "Technology"};
    static const char *const wuhan[] = {"Wuhan University"};
    static const char *const team[] = {"k chan"};
    struct bz_mention m[8];
    size_t person[8];
    struct resolve_fixture *f = *state;

    /* The S2AND case: one Yan Liu at PolyU (and once at HKUST, which
     * shares "Hong Kong" with it), another at HUST, which shares "Science
     * and Technology" with HKUST. */
    for (size_t i = 0; i < 3; i++)
        m[i] = mention("Yan Liu", NULL, 0, polyu, 1, NULL, 2010);
    m[3] = mention("Yan Liu", NULL, 0, hkust, 1, NULL, 2011);
    for (size_t i = 4; i < 7; i++)
        m[i] = mention("Yan Liu", NULL, 0, hust, 1, NULL, 2012);
    cluster(f, m, 7, person);
    assert_int_equal(person[1], person[0]);
    assert_int_equal(person[2], person[0]);
    assert_int_equal(person[5], person[4]);
    assert_int_equal(person[6], person[4]);
    assert_int_not_equal(person[0], person[4]);

    /* A shared co-author is evidence of its own: the Yan Liu who moved to
     * Wuhan and still writes with K. Chan joins the one at PolyU, though
     * their places have no word in common but "University". */
    m[0] = mention("Yan Liu", team, 1, polyu, 1, NULL, 2010);
    m[7] = mention("Yan Liu", team, 1, wuhan, 1, NULL, 2016);
    cluster(f, m, 8, person);
    assert_int_equal(person[7], person[0]);
    assert_int_not_equal(person[0], person[4]);

    /* Without the cohesion test the links chain them into one. */
    f->params.cohesion = 0.0;
    cluster(f, m, 7, person);
    assert_int_equal(person[0], person[4]);
}

static void test_two_names_on_one_work_stay_apart(void **state)
{
    static const char *const coauthors[] = {"m chang", "d park", "c kim",
                                            "y choo"};
    struct bz_mention m[3];
    size_t person[3];
    struct resolve_fixture *f = *state;

    m[0] = mention("J. Kim", coauthors, 4, NULL, 0, "Healthcare", 2023);
    m[1] = mention("Jang Hwan Kim", coauthors, 4, NULL, 0, "Healthcare", 2023);
    m[2] = mention("Jang Hwan Kim", coauthors, 4, NULL, 0, "Healthcare", 2022);

    /* Two authors of one paper whose names are compatible, with all the
     * evidence of the paper in common: without the work they would be
     * one person. */
    cluster(f, m, 2, person);
    assert_int_equal(person[0], person[1]);

    /* Known to be of one work, they are two people; a mention of another
     * work that both would join joins one of them only. */
    m[0].work = m[1].work = 7;
    m[2].work = 8;
    cluster(f, m, 3, person);
    assert_int_not_equal(person[0], person[1]);
    assert_true(person[2] == person[0] || person[2] == person[1]);

    /* The very same name twice on one work is one author listed twice
     * (OpenAlex lists Richard Wrangham four times on one book). */
    m[0].name = m[1].name = parse("Richard Wrangham");
    cluster(f, m, 2, person);
    assert_int_equal(person[0], person[1]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_name_forms),
        cmocka_unit_test(test_name_rejects),
        cmocka_unit_test(test_name_compare),
        cmocka_unit_test(test_lahiri_spellings_resolve_to_one),
        cmocka_unit_test(test_ganguli_spellings_resolve_to_one),
        cmocka_unit_test(test_same_surname_different_people_stay_apart),
        cmocka_unit_test(test_orcid_record_and_name_only_twin_merge),
        cmocka_unit_test_setup_teardown(test_placeless_mention_joins_its_name,
                                        resolve_setup, resolve_teardown),
        cmocka_unit_test_setup_teardown(test_placeless_name_alone_or_shared,
                                        resolve_setup, resolve_teardown),
        cmocka_unit_test_setup_teardown(test_placeless_in_a_crowded_block,
                                        resolve_setup, resolve_teardown),
        cmocka_unit_test_setup_teardown(test_chained_places_stay_apart,
                                        resolve_setup, resolve_teardown),
        cmocka_unit_test_setup_teardown(test_two_names_on_one_work_stay_apart,
                                        resolve_setup, resolve_teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
