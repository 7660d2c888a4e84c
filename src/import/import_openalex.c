/* import_openalex.c - reading one OpenAlex work object into a record. */
#include "import/import_openalex.h"

#include "import/json_tree.h"

#include <ctype.h>
#include <math.h>
#include <string.h>

#define OPENALEX_PREFIX "https://openalex.org/"

static enum bz_status oa_bad(struct bz_error *err, const char *field,
                             const char *want)
{
    return bz_error_set(err, BZ_INVALID, "field '%s' is not %s", field, want);
}

/* --- identifiers ---------------------------------------------------------- */

char *bz_openalex_normalise_doi(struct bz_arena *arena, const char *doi)
{
    static const char *const prefixes[] = {"https://doi.org/",
                                           "http://doi.org/",
                                           "https://dx.doi.org/",
                                           "http://dx.doi.org/", "doi:", NULL};
    char *out;
    size_t i;

    for (i = 0; prefixes[i]; i++) {
        size_t n = strlen(prefixes[i]);

        if (strncasecmp(doi, prefixes[i], n) == 0) {
            doi += n;
            break;
        }
    }
    out = bz_arena_strdup(arena, doi);
    if (out == NULL)
        return NULL;
    for (i = 0; out[i]; i++)
        out[i] = (char)tolower((unsigned char)out[i]);
    return out;
}

/* An OpenAlex entity id: the short form under scheme "openalex", or, for
 * ids of another namespace (a curated file's own), the whole id under
 * "curated". */
static int oa_entity_id(struct bz_arena *arena, const char *id,
                        const char *source, struct bz_external_id *out)
{
    size_t n = strlen(OPENALEX_PREFIX);

    out->source = source;
    if (strncmp(id, OPENALEX_PREFIX, n) == 0 && id[n]) {
        out->scheme = "openalex";
        out->value = bz_arena_strdup(arena, id + n);
    } else {
        out->scheme = "curated";
        out->value = bz_arena_strdup(arena, id);
    }
    return out->value ? 0 : -1;
}

/* The arXiv id inside an arXiv DOI or an arxiv.org/abs/ address. */
static const char *oa_arxiv_id(struct bz_arena *arena, const char *doi,
                               const char *landing)
{
    static const char doi_prefix[] = "10.48550/arxiv.";
    const char *p;
    size_t n;

    if (doi && strncmp(doi, doi_prefix, sizeof(doi_prefix) - 1) == 0 &&
        doi[sizeof(doi_prefix) - 1])
        return bz_arena_strdup(arena, doi + sizeof(doi_prefix) - 1);
    if (landing == NULL || (p = strstr(landing, "arxiv.org/abs/")) == NULL)
        return NULL;
    p += strlen("arxiv.org/abs/");
    n = strcspn(p, "?#");
    if (n == 0)
        return NULL;
    /* drop a version suffix: 2006.14178v2 -> 2006.14178 */
    {
        size_t k = n;

        while (k > 0 && isdigit((unsigned char)p[k - 1]))
            k--;
        if (k > 0 && k < n && p[k - 1] == 'v')
            n = k - 1;
    }
    return bz_arena_strndup(arena, p, n);
}

/* --- the abstract --------------------------------------------------------- */

/* Rebuilds the text from {"word": [positions], ...}: words joined by single
 * spaces in position order. A missing position is skipped. */
static enum bz_status oa_abstract(yajl_val index, struct bz_arena *arena,
                                  const char **out, struct bz_error *err)
{
    const char **words;
    size_t i, j, max = 0, total = 0, o = 0;
    char *text;

    *out = NULL;
    if (index == NULL || YAJL_IS_NULL(index))
        return BZ_OK;
    if (!YAJL_IS_OBJECT(index))
        return oa_bad(err, "abstract_inverted_index", "an object");
    for (i = 0; i < index->u.object.len; i++) {
        yajl_val positions = index->u.object.values[i];

        if (!YAJL_IS_ARRAY(positions))
            return oa_bad(err, "abstract_inverted_index", "word -> [int]");
        for (j = 0; j < positions->u.array.len; j++) {
            yajl_val p = positions->u.array.values[j];

            if (!YAJL_IS_INTEGER(p) || YAJL_GET_INTEGER(p) < 0 ||
                YAJL_GET_INTEGER(p) >= BZ_OPENALEX_MAX_ABSTRACT_WORDS)
                return bz_error_set(err, BZ_INVALID,
                                    "abstract_inverted_index: position is "
                                    "not an integer from 0 to %d",
                                    BZ_OPENALEX_MAX_ABSTRACT_WORDS - 1);
            if ((size_t)YAJL_GET_INTEGER(p) + 1 > max)
                max = (size_t)YAJL_GET_INTEGER(p) + 1;
        }
    }
    if (max == 0)
        return BZ_OK;
    words = bz_arena_calloc(arena, max, sizeof(*words));
    if (words == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory for the abstract");
    for (i = 0; i < index->u.object.len; i++) {
        yajl_val positions = index->u.object.values[i];

        for (j = 0; j < positions->u.array.len; j++)
            words[YAJL_GET_INTEGER(positions->u.array.values[j])] =
                index->u.object.keys[i];
    }
    for (i = 0; i < max; i++)
        if (words[i])
            total += strlen(words[i]) + 1;
    text = bz_arena_alloc(arena, total + 1);
    if (text == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory for the abstract");
    for (i = 0; i < max; i++) {
        size_t n;

        if (words[i] == NULL)
            continue;
        if (o)
            text[o++] = ' ';
        n = strlen(words[i]);
        memcpy(text + o, words[i], n);
        o += n;
    }
    text[o] = '\0';
    *out = text;
    return BZ_OK;
}

/* --- authorships ---------------------------------------------------------- */

static enum bz_status oa_institution(yajl_val inst, struct bz_arena *arena,
                                     struct bz_institution_record *out,
                                     struct bz_error *err)
{
    int bad = 0;
    const char *id = bz_jt_string(inst, "id", &bad);
    const char *ror = bz_jt_string(inst, "ror", &bad);

    memset(out, 0, sizeof(*out));
    out->display_name = bz_jt_string(inst, "display_name", &bad);
    out->country_code = bz_jt_string(inst, "country_code", &bad);
    out->homepage = bz_jt_string(inst, "homepage_url", &bad);
    if (bad || !YAJL_IS_OBJECT(inst))
        return oa_bad(err, "authorships[].institutions[]", "an institution");
    if (out->display_name == NULL || *out->display_name == '\0')
        return bz_error_set(err, BZ_INVALID, "institution has no name");
    out->ids = bz_arena_calloc(arena, 2, sizeof(*out->ids));
    if (out->ids == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    if (id && *id) {
        if (oa_entity_id(arena, id, "openalex", &out->ids[out->id_count]))
            return bz_error_set(err, BZ_NOMEM, "out of memory");
        out->id_count++;
    }
    if (ror && *ror) {
        const char *short_ror = strncmp(ror, "https://ror.org/", 16) == 0
                                    ? ror + 16
                                    : ror;

        out->ids[out->id_count].scheme = "ror";
        out->ids[out->id_count].value = short_ror;
        out->ids[out->id_count].source = "openalex";
        out->id_count++;
    }
    return BZ_OK;
}

static enum bz_status oa_author(yajl_val authorship, struct bz_arena *arena,
                                struct bz_author_record *out,
                                struct bz_error *err)
{
    yajl_val author = bz_jt_get(authorship, "author");
    yajl_val insts = bz_jt_get(authorship, "institutions");
    const char *id, *orcid;
    int bad = 0;
    size_t i;

    memset(out, 0, sizeof(*out));
    if (!YAJL_IS_OBJECT(authorship) ||
        (author && !YAJL_IS_OBJECT(author) && !YAJL_IS_NULL(author)))
        return oa_bad(err, "authorships[]", "an authorship object");
    out->raw_name = bz_jt_string(authorship, "raw_author_name", &bad);
    out->display_name = bz_jt_string(author, "display_name", &bad);
    id = bz_jt_string(author, "id", &bad);
    orcid = bz_jt_string(author, "orcid", &bad);
    if (bad)
        return oa_bad(err, "authorships[].author", "strings");
    if (out->raw_name == NULL || *out->raw_name == '\0')
        out->raw_name = out->display_name;
    if (out->raw_name == NULL || *out->raw_name == '\0')
        return bz_error_set(err, BZ_INVALID, "an authorship has no name");

    out->ids = bz_arena_calloc(arena, 2, sizeof(*out->ids));
    if (out->ids == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    if (id && *id) {
        if (oa_entity_id(arena, id, "openalex", &out->ids[out->id_count]))
            return bz_error_set(err, BZ_NOMEM, "out of memory");
        out->id_count++;
    }
    if (orcid && *orcid) {
        const char *p = strrchr(orcid, '/');

        out->ids[out->id_count].scheme = "orcid";
        out->ids[out->id_count].value = p ? p + 1 : orcid;
        out->ids[out->id_count].source = "openalex";
        out->id_count++;
    }

    if (insts == NULL || YAJL_IS_NULL(insts))
        return BZ_OK;
    if (!YAJL_IS_ARRAY(insts))
        return oa_bad(err, "authorships[].institutions", "an array");
    out->institutions = bz_arena_calloc(arena, insts->u.array.len + 1,
                                        sizeof(*out->institutions));
    if (out->institutions == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    for (i = 0; i < insts->u.array.len; i++) {
        enum bz_status rc = oa_institution(
            insts->u.array.values[i], arena,
            &out->institutions[out->institution_count], err);

        if (rc != BZ_OK)
            return rc;
        out->institution_count++;
    }
    return BZ_OK;
}

static enum bz_status oa_authors(yajl_val list, struct bz_arena *arena,
                                 struct bz_work_record *out,
                                 struct bz_error *err)
{
    size_t i, n;

    if (list == NULL || YAJL_IS_NULL(list))
        return BZ_OK;
    if (!YAJL_IS_ARRAY(list))
        return oa_bad(err, "authorships", "an array");
    n = list->u.array.len;
    if (n > BZ_OPENALEX_MAX_AUTHORS)
        n = BZ_OPENALEX_MAX_AUTHORS;
    out->authors = bz_arena_calloc(arena, n + 1, sizeof(*out->authors));
    if (out->authors == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    for (i = 0; i < n; i++) {
        enum bz_status rc = oa_author(list->u.array.values[i], arena,
                                      &out->authors[i], err);

        if (rc != BZ_OK)
            return rc;
    }
    out->author_count = n;
    return BZ_OK;
}

/* --- topics --------------------------------------------------------------- */

/* {"id": "https://openalex.org/fields/23", "display_name": ...} as a
 * topic record of scheme and level; the id keeps its path after the
 * prefix ("fields/23"), an "arxiv:" id its code ("cs"). */
static enum bz_status oa_topic_node(yajl_val node, const char *level,
                                    struct bz_topic_record *out,
                                    struct bz_error *err)
{
    int bad = 0;
    const char *id = bz_jt_string(node, "id", &bad);
    size_t n = strlen(OPENALEX_PREFIX);

    memset(out, 0, sizeof(*out));
    out->display_name = bz_jt_string(node, "display_name", &bad);
    if (bad || !YAJL_IS_OBJECT(node))
        return oa_bad(err, "topics[]", "a topic object");
    if (id == NULL || *id == '\0' || out->display_name == NULL ||
        *out->display_name == '\0')
        return bz_error_set(err, BZ_INVALID, "a topic lacks its id or name");
    out->level = level;
    out->score = 1.0;
    if (strncmp(id, "arxiv:", 6) == 0 && id[6]) {
        out->scheme = "arxiv";
        out->external_id = id + 6;
        if (strcmp(level, "topic") == 0)
            out->level = "category";
        else
            out->level = "archive";
    } else {
        out->scheme = "openalex";
        out->external_id = strncmp(id, OPENALEX_PREFIX, n) == 0 ? id + n : id;
    }
    return BZ_OK;
}

static enum bz_status oa_topic(yajl_val topic, struct bz_arena *arena,
                               struct bz_topic_record *out,
                               struct bz_error *err)
{
    static const char *const levels[] = {"subfield", "field", "domain"};
    yajl_val score = bz_jt_get(topic, "score");
    enum bz_status rc;
    size_t i;

    if ((rc = oa_topic_node(topic, "topic", out, err)) != BZ_OK)
        return rc;
    if (score && YAJL_IS_NUMBER(score))
        out->score = YAJL_GET_DOUBLE(score);
    out->parents = bz_arena_calloc(arena, 3, sizeof(*out->parents));
    if (out->parents == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    for (i = 0; i < 3; i++) {
        yajl_val parent = bz_jt_get(topic, levels[i]);

        if (parent == NULL || YAJL_IS_NULL(parent))
            continue;
        rc = oa_topic_node(parent, levels[i], &out->parents[out->parent_count],
                           err);
        if (rc != BZ_OK)
            return rc;
        out->parent_count++;
    }
    return BZ_OK;
}

static enum bz_status oa_topics(yajl_val list, struct bz_arena *arena,
                                struct bz_work_record *out,
                                struct bz_error *err)
{
    size_t i;

    if (list == NULL || YAJL_IS_NULL(list))
        return BZ_OK;
    if (!YAJL_IS_ARRAY(list))
        return oa_bad(err, "topics", "an array");
    out->topics = bz_arena_calloc(arena, list->u.array.len + 1,
                                  sizeof(*out->topics));
    if (out->topics == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    for (i = 0; i < list->u.array.len; i++) {
        enum bz_status rc = oa_topic(list->u.array.values[i], arena,
                                     &out->topics[i], err);

        if (rc != BZ_OK)
            return rc;
    }
    out->topic_count = list->u.array.len;
    return BZ_OK;
}

/* --- the work ------------------------------------------------------------- */

int bz_openalex_is_work(yajl_val object)
{
    return YAJL_IS_OBJECT(object) && bz_jt_get(object, "id") &&
           (bz_jt_get(object, "title") || bz_jt_get(object, "display_name") ||
            bz_jt_get(object, "authorships"));
}

/* ids: the work's own id, its DOI and the arXiv id inside either. */
static enum bz_status oa_work_ids(yajl_val work, struct bz_arena *arena,
                                  struct bz_work_record *out,
                                  struct bz_error *err)
{
    int bad = 0;
    const char *id = bz_jt_string(work, "id", &bad);
    const char *doi = bz_jt_string(work, "doi", &bad);
    const char *arxiv;

    if (bad)
        return oa_bad(err, "id/doi", "a string");
    out->ids = bz_arena_calloc(arena, 3, sizeof(*out->ids));
    if (out->ids == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    if (id == NULL || *id == '\0')
        return bz_error_set(err, BZ_INVALID, "work has no id");
    if (oa_entity_id(arena, id, "openalex", &out->ids[0]))
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    out->id_count = 1;
    out->source_record = id;
    if (doi && *doi) {
        doi = bz_openalex_normalise_doi(arena, doi);
        if (doi == NULL)
            return bz_error_set(err, BZ_NOMEM, "out of memory");
        out->ids[out->id_count++] =
            (struct bz_external_id){"doi", doi, "openalex"};
    }
    arxiv = oa_arxiv_id(arena, doi, out->landing_url);
    if (arxiv)
        out->ids[out->id_count++] =
            (struct bz_external_id){"arxiv", arxiv, "openalex"};
    return BZ_OK;
}

/* cited_by_count, and referenced_works as OpenAlex ids (at most
 * BZ_OPENALEX_MAX_REFERENCES; entries that are not strings are left
 * out). */
static enum bz_status oa_citations(yajl_val work, struct bz_arena *arena,
                                   struct bz_work_record *out,
                                   struct bz_error *err)
{
    yajl_val count = bz_jt_get(work, "cited_by_count");
    yajl_val refs = bz_jt_get(work, "referenced_works");
    size_t i, n;

    out->cited_by_count = -1;
    if (count && YAJL_IS_INTEGER(count) && YAJL_GET_INTEGER(count) >= 0)
        out->cited_by_count = (long)YAJL_GET_INTEGER(count);
    if (refs == NULL || !YAJL_IS_ARRAY(refs) || refs->u.array.len == 0)
        return BZ_OK;
    n = refs->u.array.len;
    if (n > BZ_OPENALEX_MAX_REFERENCES)
        n = BZ_OPENALEX_MAX_REFERENCES;
    out->references = bz_arena_calloc(arena, n, sizeof(*out->references));
    if (out->references == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    for (i = 0; i < n; i++) {
        yajl_val ref = refs->u.array.values[i];
        const char *id = YAJL_IS_STRING(ref) ? YAJL_GET_STRING(ref) : NULL;

        if (id == NULL || *id == '\0')
            continue;
        if (oa_entity_id(arena, id, "openalex",
                         &out->references[out->reference_count]))
            return bz_error_set(err, BZ_NOMEM, "out of memory");
        out->reference_count++;
    }
    return BZ_OK;
}

enum bz_status bz_openalex_work_read(yajl_val work, struct bz_arena *arena,
                                     struct bz_work_record *out,
                                     struct bz_error *err)
{
    yajl_val location = bz_jt_get(work, "primary_location");
    yajl_val source = bz_jt_get(location, "source");
    yajl_val open_access = bz_jt_get(work, "open_access");
    yajl_val year = bz_jt_get(work, "publication_year");
    enum bz_status rc;
    int bad = 0;

    memset(out, 0, sizeof(*out));
    if (!YAJL_IS_OBJECT(work))
        return bz_error_set(err, BZ_INVALID, "a work is not a JSON object");
    out->source = "openalex";
    out->title = bz_jt_string(work, "title", &bad);
    if (out->title == NULL || *out->title == '\0')
        out->title = bz_jt_string(work, "display_name", &bad);
    out->type = bz_jt_string(work, "type", &bad);
    if (bad)
        return oa_bad(err, "title/type", "a string");
    if (out->title == NULL || *out->title == '\0')
        return bz_error_set(err, BZ_INVALID, "work has no title");
    if (year && !YAJL_IS_NULL(year)) {
        if (!YAJL_IS_INTEGER(year) || YAJL_GET_INTEGER(year) < 1 ||
            YAJL_GET_INTEGER(year) > 9999)
            return oa_bad(err, "publication_year", "a year");
        out->publication_year = (int)YAJL_GET_INTEGER(year);
    }

    out->landing_url = bz_jt_string(location, "landing_page_url", &bad);
    out->venue = bz_jt_string(source, "display_name", &bad);
    if (out->venue == NULL)
        out->venue = bz_jt_string(location, "raw_source_name", &bad);
    out->open_access = bz_jt_bool(open_access, "is_oa", &bad);
    if (out->open_access < 0)
        out->open_access = bz_jt_bool(location, "is_oa", &bad);
    if (bad || (location && !YAJL_IS_OBJECT(location) &&
                !YAJL_IS_NULL(location)))
        return oa_bad(err, "primary_location", "a location object");

    if ((rc = oa_work_ids(work, arena, out, err)) != BZ_OK ||
        (rc = oa_abstract(bz_jt_get(work, "abstract_inverted_index"), arena,
                          &out->abstract, err)) != BZ_OK ||
        (rc = oa_authors(bz_jt_get(work, "authorships"), arena, out, err)) !=
            BZ_OK ||
        (rc = oa_topics(bz_jt_get(work, "topics"), arena, out, err)) != BZ_OK)
        return rc;
    return oa_citations(work, arena, out, err);
}

/* --- the other entities --------------------------------------------------- */

char bz_openalex_kind(yajl_val object)
{
    int bad = 0;
    const char *id = bz_jt_string(object, "id", &bad);
    size_t n = strlen(OPENALEX_PREFIX);

    if (id == NULL || bad)
        return 0;
    if (strncmp(id, OPENALEX_PREFIX, n) == 0) {
        char kind = id[n];

        if (strchr("WAISTCPF", kind) && kind && id[n + 1] >= '0' &&
            id[n + 1] <= '9')
            return kind;
        return 0; /* subfields/, fields/, domains/, keywords/, ... */
    }
    return bz_openalex_is_work(object) ? 'W' : 0;
}

/* The entity's own id as {"openalex", "A123"} and, when present, more ids
 * of ids: {"orcid": ..., "scopus": ...}. Returns the count written. */
static size_t oa_more_ids(yajl_val ids, struct bz_arena *arena,
                          struct bz_external_id *out, size_t max)
{
    static const char *const schemes[] = {"orcid", "scopus", "ror",
                                          "issn_l", "wikidata", NULL};
    size_t n = 0, i;
    int bad = 0;

    for (i = 0; schemes[i] && n < max; i++) {
        const char *v = bz_jt_string(ids, schemes[i], &bad);
        const char *slash;

        if (v == NULL || *v == '\0')
            continue;
        slash = strrchr(v, '/');
        if (strcmp(schemes[i], "orcid") == 0 || strcmp(schemes[i], "ror") == 0)
            v = slash ? slash + 1 : v;
        out[n].scheme = schemes[i];
        out[n].value = bz_arena_strdup(arena, v);
        out[n].source = "openalex";
        if (out[n].value)
            n++;
    }
    return n;
}

enum bz_status bz_openalex_author_read(yajl_val a, struct bz_arena *arena,
                                       struct bz_researcher_record *out,
                                       struct bz_error *err)
{
    const char *id, **names;
    yajl_val alternatives, last, lasts;
    int bad = 0;
    size_t i, n;

    memset(out, 0, sizeof(*out));
    out->source = "openalex";
    id = bz_jt_string(a, "id", &bad);
    out->source_record = id;
    out->display_name = bz_jt_string(a, "display_name", &bad);
    alternatives = bz_jt_array(a, "display_name_alternatives", &bad);
    if (bad)
        return oa_bad(err, "author", "an OpenAlex author");
    if (id == NULL || out->display_name == NULL || !*out->display_name)
        return bz_error_set(err, BZ_INVALID, "author has no id or name");
    out->ids = bz_arena_calloc(arena, 6, sizeof(*out->ids));
    if (out->ids == NULL ||
        oa_entity_id(arena, id, "openalex", &out->ids[0]) < 0)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    out->id_count = 1 + oa_more_ids(bz_jt_get(a, "ids"), arena, out->ids + 1,
                                    5);
    n = alternatives ? alternatives->u.array.len : 0;
    names = bz_arena_calloc(arena, n + 1, sizeof(*names));
    if (names == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    for (i = 0; i < n; i++)
        if (YAJL_IS_STRING(alternatives->u.array.values[i]))
            names[out->alternative_name_count++] =
                alternatives->u.array.values[i]->u.string;
    out->alternative_names = names;

    /* 2024 schema: last_known_institutions[]; 2023: last_known_institution */
    lasts = bz_jt_array(a, "last_known_institutions", &bad);
    last = bz_jt_get(a, "last_known_institution");
    n = lasts ? lasts->u.array.len : (last && YAJL_IS_OBJECT(last));
    out->affiliations = bz_arena_calloc(arena, n + 1,
                                        sizeof(*out->affiliations));
    if (out->affiliations == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    for (i = 0; i < n; i++) {
        yajl_val inst = lasts ? lasts->u.array.values[i] : last;
        enum bz_status rc = oa_institution(inst, arena,
                                           &out->affiliations[i], err);

        if (rc != BZ_OK)
            return rc;
    }
    out->affiliation_count = n;
    return BZ_OK;
}

enum bz_status bz_openalex_institution_read(yajl_val object,
                                            struct bz_arena *arena,
                                            struct bz_institution_record *out,
                                            struct bz_error *err)
{
    return oa_institution(object, arena, out, err);
}

enum bz_status bz_openalex_source_read(yajl_val object, struct bz_arena *arena,
                                       struct bz_venue_record *out,
                                       struct bz_error *err)
{
    const char *id, *issn_l;
    int bad = 0;

    memset(out, 0, sizeof(*out));
    out->source = "openalex";
    id = bz_jt_string(object, "id", &bad);
    out->source_record = id;
    out->display_name = bz_jt_string(object, "display_name", &bad);
    out->type = bz_jt_string(object, "type", &bad);
    out->publisher = bz_jt_string(object, "host_organization_name", &bad);
    issn_l = bz_jt_string(object, "issn_l", &bad);
    if (bad)
        return oa_bad(err, "source", "an OpenAlex source");
    if (id == NULL || out->display_name == NULL || !*out->display_name)
        return bz_error_set(err, BZ_INVALID, "source has no id or name");
    out->ids = bz_arena_calloc(arena, 2, sizeof(*out->ids));
    if (out->ids == NULL ||
        oa_entity_id(arena, id, "openalex", &out->ids[0]) < 0)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    out->id_count = 1;
    if (issn_l && *issn_l)
        out->ids[out->id_count++] =
            (struct bz_external_id){"issn_l", issn_l, "openalex"};
    return BZ_OK;
}

enum bz_status bz_openalex_topic_read(yajl_val object, struct bz_arena *arena,
                                      struct bz_topic_record *out,
                                      struct bz_error *err)
{
    return oa_topic(object, arena, out, err);
}
