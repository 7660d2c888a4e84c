/* topics_fold.c - arXiv's categories by code, their display names, and the
 * folding of a researcher's topics so that one subject counts once. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "topics/topics.h"

const struct bz_arxiv_category *bz_topics_arxiv(const char *code, size_t n)
{
    size_t lo = 0, hi = bz_arxiv_category_count;

    /* the table is sorted by code (make_taxonomy.py writes it so) */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *c = bz_arxiv_categories[mid].code;
        int cmp = strncmp(c, code, n);

        if (cmp == 0 && c[n] != '\0')
            cmp = 1;
        if (cmp == 0)
            return &bz_arxiv_categories[mid];
        if (cmp < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

const char *bz_topics_display_name(const char *scheme, const char *external_id,
                                   const char *display_name)
{
    const struct bz_arxiv_category *c;

    if (scheme == NULL || external_id == NULL || strcmp(scheme, "arxiv") != 0 ||
        (display_name && strcmp(display_name, external_id) != 0))
        return display_name;
    c = bz_topics_arxiv(external_id, strlen(external_id));
    if (c == NULL)
        return display_name;
    /* "cs" names the archive; a category has its own name */
    return strcmp(c->code, c->archive) == 0 && strchr(c->code, '.') == NULL &&
                   c->archive_name
               ? c->archive_name
               : c->name;
}

/* The canonical arXiv code of ref (an alias's partner, a legacy archive's
 * successor), or NULL when ref is not an arXiv category. */
static const struct bz_arxiv_category *
fold_arxiv(const struct bz_topic_ref *ref)
{
    const struct bz_arxiv_category *c;

    if (ref->scheme == NULL || ref->external_id == NULL ||
        strcmp(ref->scheme, "arxiv") != 0)
        return NULL;
    c = bz_topics_arxiv(ref->external_id, strlen(ref->external_id));
    if (c && c->canonical && strcmp(c->canonical, c->code) != 0) {
        const struct bz_arxiv_category *to =
            bz_topics_arxiv(c->canonical, strlen(c->canonical));

        if (to)
            return to;
    }
    return c;
}

static int fold_maps_to(const struct bz_arxiv_category *c, int field)
{
    for (size_t i = 0; i < 6 && c->fields[i]; i++)
        if (c->fields[i] == field)
            return 1;
    return 0;
}

/* 1 when the OpenAlex topic ref names the subject of arXiv category c:
 * c maps to the topic's field, and c's name is the topic's or its
 * subfield's. */
static int fold_same_subject(const struct bz_topics *topics,
                             const struct bz_arxiv_category *c,
                             const struct bz_topic_ref *ref)
{
    const struct bz_topic_entry *e;

    if (topics == NULL || ref->scheme == NULL || ref->external_id == NULL ||
        strcmp(ref->scheme, "openalex") != 0 || ref->external_id[0] != 'T')
        return 0;
    e = bz_topics_find(topics, atoi(ref->external_id + 1));
    return e && fold_maps_to(c, e->field_id) &&
           (strcasecmp(c->name, e->name) == 0 ||
            strcasecmp(c->name, e->subfield_name) == 0);
}

/* Index of the entry of list[0..n) that ref folds into, or n. */
static size_t fold_target(const struct bz_topics *topics,
                          const struct bz_topic_ref *list, size_t n,
                          const struct bz_topic_ref *ref)
{
    const struct bz_arxiv_category *c = fold_arxiv(ref);

    if (c == NULL)
        return n;
    for (size_t i = 0; i < n; i++) {
        const struct bz_arxiv_category *other = fold_arxiv(&list[i]);

        if (other == c || fold_same_subject(topics, c, &list[i]))
            return i;
    }
    return n;
}

size_t bz_topics_fold(const struct bz_topics *topics, struct bz_topic_ref *list,
                      size_t count)
{
    size_t n = 0;

    for (size_t i = 0; i < count; i++) {
        size_t to = fold_target(topics, list, n, &list[i]);

        if (to == n) {
            /* OpenAlex topics first-come keep their place; an arXiv
             * category met before its OpenAlex twin is folded when the
             * twin arrives (the twin replaces it) */
            size_t back = n;

            for (size_t k = 0; k < n && back == n; k++) {
                const struct bz_arxiv_category *c = fold_arxiv(&list[k]);

                if (c && fold_same_subject(topics, c, &list[i]))
                    back = k;
            }
            if (back < n) {
                int works = list[back].works;

                list[back] = list[i];
                if (works > list[back].works)
                    list[back].works = works;
                continue;
            }
            list[n++] = list[i];
        } else if (list[i].works > list[to].works) {
            list[to].works = list[i].works;
        }
    }
    /* most works first again, the store's order kept among equals (an
     * insertion sort is stable, and the lists are short) */
    for (size_t i = 1; i < n; i++) {
        struct bz_topic_ref r = list[i];
        size_t k = i;

        while (k > 0 && list[k - 1].works < r.works) {
            list[k] = list[k - 1];
            k--;
        }
        list[k] = r;
    }
    return n;
}
