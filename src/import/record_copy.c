/* record_copy.c - copying import records, strings and arrays, into an
 * arena. */
#include "import/record_copy.h"

#include <stdint.h>
#include <string.h>

/* One copy in progress: failed is set by the first allocation that fails,
 * and every step after it is a no-op, so that callers check once. */
struct copier {
    struct bz_arena *arena;
    int failed;
};

static const char *copy_string(struct copier *c, const char *s)
{
    size_t n;
    char *out;

    if (s == NULL || c->failed)
        return NULL;
    n = strlen(s);
    out = bz_arena_alloc(c->arena, n + 1);
    if (out == NULL) {
        c->failed = 1;
        return NULL;
    }
    memcpy(out, s, n + 1);
    return out;
}

/* count elements of size bytes, copied as they are (the caller then
 * replaces their pointers with copies); NULL for none. */
static void *copy_array(struct copier *c, const void *from, size_t count,
                        size_t size)
{
    void *out;

    if (count == 0 || from == NULL || c->failed)
        return NULL;
    out =
        count > SIZE_MAX / size ? NULL : bz_arena_alloc(c->arena, count * size);
    if (out == NULL) {
        c->failed = 1;
        return NULL;
    }
    memcpy(out, from, count * size);
    return out;
}

static struct bz_external_id *
copy_ids(struct copier *c, const struct bz_external_id *ids, size_t *count)
{
    struct bz_external_id *out = copy_array(c, ids, *count, sizeof(*ids));
    size_t i;

    if (out == NULL) {
        *count = 0;
        return NULL;
    }
    for (i = 0; i < *count; i++) {
        out[i].scheme = copy_string(c, ids[i].scheme);
        out[i].value = copy_string(c, ids[i].value);
        out[i].source = copy_string(c, ids[i].source);
    }
    return out;
}

/* The fields of an institution, into *to (already a shallow copy). */
static void copy_institution_fields(struct copier *c,
                                    struct bz_institution_record *to,
                                    const struct bz_institution_record *from)
{
    to->display_name = copy_string(c, from->display_name);
    to->ids = copy_ids(c, from->ids, &to->id_count);
    to->country_code = copy_string(c, from->country_code);
    to->homepage = copy_string(c, from->homepage);
}

static struct bz_institution_record *
copy_institutions(struct copier *c, const struct bz_institution_record *from,
                  size_t *count)
{
    struct bz_institution_record *out =
        copy_array(c, from, *count, sizeof(*from));
    size_t i;

    if (out == NULL) {
        *count = 0;
        return NULL;
    }
    for (i = 0; i < *count; i++)
        copy_institution_fields(c, &out[i], &from[i]);
    return out;
}

static void copy_topic_fields(struct copier *c, struct bz_topic_record *to,
                              const struct bz_topic_record *from, int parents)
{
    size_t i;

    to->scheme = copy_string(c, from->scheme);
    to->external_id = copy_string(c, from->external_id);
    to->display_name = copy_string(c, from->display_name);
    to->level = copy_string(c, from->level);
    to->source = copy_string(c, from->source);
    if (!parents) {
        to->parents = NULL;
        to->parent_count = 0;
        return;
    }
    to->parents =
        copy_array(c, from->parents, from->parent_count, sizeof(*to->parents));
    if (to->parents == NULL) {
        to->parent_count = 0;
        return;
    }
    for (i = 0; i < to->parent_count; i++)
        copy_topic_fields(c, &to->parents[i], &from->parents[i], 0);
}

static struct bz_topic_record *
copy_topics(struct copier *c, const struct bz_topic_record *from, size_t *count)
{
    struct bz_topic_record *out = copy_array(c, from, *count, sizeof(*from));
    size_t i;

    if (out == NULL) {
        *count = 0;
        return NULL;
    }
    for (i = 0; i < *count; i++)
        copy_topic_fields(c, &out[i], &from[i], 1);
    return out;
}

static struct bz_author_record *
copy_authors(struct copier *c, const struct bz_author_record *from,
             size_t *count)
{
    struct bz_author_record *out = copy_array(c, from, *count, sizeof(*from));
    size_t i;

    if (out == NULL) {
        *count = 0;
        return NULL;
    }
    for (i = 0; i < *count; i++) {
        out[i].raw_name = copy_string(c, from[i].raw_name);
        out[i].display_name = copy_string(c, from[i].display_name);
        out[i].ids = copy_ids(c, from[i].ids, &out[i].id_count);
        out[i].institutions = copy_institutions(c, from[i].institutions,
                                                &out[i].institution_count);
    }
    return out;
}

struct bz_work_record *bz_record_copy_work(struct bz_arena *arena,
                                           const struct bz_work_record *r)
{
    struct copier c = {arena, 0};
    struct bz_work_record *out = copy_array(&c, r, 1, sizeof(*r));

    if (out == NULL)
        return NULL;
    out->source = copy_string(&c, r->source);
    out->source_record = copy_string(&c, r->source_record);
    out->title = copy_string(&c, r->title);
    out->abstract = copy_string(&c, r->abstract);
    out->type = copy_string(&c, r->type);
    out->venue = copy_string(&c, r->venue);
    out->landing_url = copy_string(&c, r->landing_url);
    out->ids = copy_ids(&c, r->ids, &out->id_count);
    out->authors = copy_authors(&c, r->authors, &out->author_count);
    out->topics = copy_topics(&c, r->topics, &out->topic_count);
    out->references = copy_ids(&c, r->references, &out->reference_count);
    return c.failed ? NULL : out;
}

struct bz_researcher_record *
bz_record_copy_researcher(struct bz_arena *arena,
                          const struct bz_researcher_record *r)
{
    struct copier c = {arena, 0};
    struct bz_researcher_record *out = copy_array(&c, r, 1, sizeof(*r));
    const char **names;
    size_t i;

    if (out == NULL)
        return NULL;
    out->source = copy_string(&c, r->source);
    out->source_record = copy_string(&c, r->source_record);
    out->display_name = copy_string(&c, r->display_name);
    names = copy_array(&c, r->alternative_names, r->alternative_name_count,
                       sizeof(*names));
    if (names == NULL)
        out->alternative_name_count = 0;
    for (i = 0; names && i < out->alternative_name_count; i++)
        names[i] = copy_string(&c, r->alternative_names[i]);
    out->alternative_names = names;
    names = copy_array(&c, r->emails, r->email_count, sizeof(*names));
    if (names == NULL)
        out->email_count = 0;
    for (i = 0; names && i < out->email_count; i++)
        names[i] = copy_string(&c, r->emails[i]);
    out->emails = names;
    out->ids = copy_ids(&c, r->ids, &out->id_count);
    out->affiliations =
        copy_institutions(&c, r->affiliations, &out->affiliation_count);
    return c.failed ? NULL : out;
}

struct bz_institution_record *
bz_record_copy_institution(struct bz_arena *arena,
                           const struct bz_institution_record *r)
{
    struct copier c = {arena, 0};
    struct bz_institution_record *out = copy_array(&c, r, 1, sizeof(*r));

    if (out == NULL)
        return NULL;
    copy_institution_fields(&c, out, r);
    return c.failed ? NULL : out;
}

struct bz_venue_record *bz_record_copy_venue(struct bz_arena *arena,
                                             const struct bz_venue_record *r)
{
    struct copier c = {arena, 0};
    struct bz_venue_record *out = copy_array(&c, r, 1, sizeof(*r));

    if (out == NULL)
        return NULL;
    out->source = copy_string(&c, r->source);
    out->source_record = copy_string(&c, r->source_record);
    out->display_name = copy_string(&c, r->display_name);
    out->type = copy_string(&c, r->type);
    out->publisher = copy_string(&c, r->publisher);
    out->ids = copy_ids(&c, r->ids, &out->id_count);
    return c.failed ? NULL : out;
}

struct bz_topic_record *bz_record_copy_topic(struct bz_arena *arena,
                                             const struct bz_topic_record *r)
{
    struct copier c = {arena, 0};
    struct bz_topic_record *out = copy_array(&c, r, 1, sizeof(*r));

    if (out == NULL)
        return NULL;
    copy_topic_fields(&c, out, r, 1);
    return c.failed ? NULL : out;
}
