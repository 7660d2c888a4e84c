/* reader_crossref.c - Crossref REST API works: a work response, a
 * work-list page, or JSON Lines of bare works. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "import/import.h"
#include "import/import_json.h"
#include "import/import_openalex.h"
#include "import/json_tree.h"
#include "import/reader.h"

/* Most authors kept per work. */
#define CROSSREF_MAX_AUTHORS 5000

/* --- detection ------------------------------------------------------------ */

static int crossref_has(const char *s, size_t n, const char *needle)
{
    return memmem(s, n, needle, strlen(needle)) != NULL;
}

/* A Crossref envelope ("message-type"), or a first line that is a bare
 * work: a "DOI" and a key that only Crossref's works carry. */
static int crossref_detect(const char *head, size_t len, const char *name)
{
    const char *eol;
    size_t i = 0, first;

    (void)name;
    while (i < len && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' ||
                       head[i] == '\n'))
        i++;
    if (i == len || (head[i] != '{' && head[i] != '['))
        return 0;
    if (crossref_has(head + i, len - i, "\"message-type\""))
        return 1;
    eol = memchr(head + i, '\n', len - i);
    first = eol ? (size_t)(eol - (head + i)) : len - i;
    return crossref_has(head + i, first, "\"DOI\"") &&
           (crossref_has(head + i, first, "\"container-title\"") ||
            crossref_has(head + i, first, "\"published\"") ||
            crossref_has(head + i, first, "\"member\""));
}

/* --- one work ------------------------------------------------------------- */

static enum bz_status crossref_bad(struct bz_error *err, const char *field,
                                   const char *want)
{
    return bz_error_set(err, BZ_INVALID, "field '%s' is not %s", field, want);
}

/* The first non-empty string of a list of strings (Crossref's titles), or
 * the string itself (CSL-JSON's); as plain text. *bad for another type. */
static const char *crossref_first_text(struct bz_arena *arena, yajl_val v,
                                       int *bad)
{
    size_t i;

    if (v == NULL || YAJL_IS_NULL(v))
        return NULL;
    if (YAJL_IS_STRING(v))
        return bz_import_plain_text(arena, v->u.string);
    if (!YAJL_IS_ARRAY(v)) {
        *bad = 1;
        return NULL;
    }
    for (i = 0; i < v->u.array.len; i++) {
        yajl_val e = v->u.array.values[i];
        const char *text;

        if (!YAJL_IS_STRING(e)) {
            *bad = 1;
            return NULL;
        }
        if ((text = bz_import_plain_text(arena, e->u.string)) != NULL)
            return text;
    }
    return NULL;
}

/* date-parts[0][0] of a date object: the year, 0 when unknown (null), -1
 * when the field has another shape. */
static int crossref_year_of(yajl_val date)
{
    yajl_val parts, first, year;

    if (date == NULL || YAJL_IS_NULL(date))
        return 0;
    parts = bz_jt_get(date, "date-parts");
    if (!YAJL_IS_OBJECT(date) || (parts && !YAJL_IS_ARRAY(parts)))
        return -1;
    if (parts == NULL || parts->u.array.len == 0)
        return 0;
    first = parts->u.array.values[0];
    if (!YAJL_IS_ARRAY(first))
        return YAJL_IS_NULL(first) ? 0 : -1;
    if (first->u.array.len == 0)
        return 0;
    year = first->u.array.values[0];
    if (YAJL_IS_NULL(year))
        return 0;
    if (!YAJL_IS_INTEGER(year))
        return -1;
    return YAJL_GET_INTEGER(year) >= 1 && YAJL_GET_INTEGER(year) <= 9999
               ? (int)YAJL_GET_INTEGER(year)
               : 0;
}

static enum bz_status crossref_year(yajl_val work, int *year,
                                    struct bz_error *err)
{
    static const char *const fields[] = {"issued", "published-print",
                                         "published-online", "published", NULL};
    size_t i;

    *year = 0;
    for (i = 0; fields[i] && *year == 0; i++) {
        *year = crossref_year_of(bz_jt_get(work, fields[i]));
        if (*year < 0)
            return crossref_bad(err, fields[i], "a date");
    }
    return BZ_OK;
}

/* Crossref's type in bzpeer's words. */
static const char *crossref_type(struct bz_arena *arena, const char *type)
{
    static const char *const map[][2] = {
        {"journal-article", "article"},
        {"proceedings-article", "conference paper"},
        {"posted-content", "preprint"},
        {"book", "book"},
        {"monograph", "book"},
        {"edited-book", "book"},
        {"reference-book", "book"},
        {"book-chapter", "book chapter"},
        {"book-section", "book chapter"},
        {"book-part", "book chapter"},
        {"dataset", "dataset"},
        {"dissertation", "thesis"},
    };
    char *words;
    size_t i;

    if (type == NULL || *type == '\0')
        return NULL;
    for (i = 0; i < sizeof(map) / sizeof(*map); i++)
        if (strcmp(type, map[i][0]) == 0)
            return map[i][1];
    words = bz_arena_strdup(arena, type);
    for (i = 0; words && words[i]; i++)
        words[i] = words[i] == '-' || words[i] == '_'
                       ? ' '
                       : (char)tolower((unsigned char)words[i]);
    return words;
}

/* The arXiv id inside an arXiv DOI (10.48550/arxiv.2006.14178). */
static const char *crossref_arxiv(const char *doi)
{
    static const char prefix[] = "10.48550/arxiv.";

    if (strncmp(doi, prefix, sizeof(prefix) - 1) == 0 &&
        doi[sizeof(prefix) - 1])
        return doi + sizeof(prefix) - 1;
    return NULL;
}

static enum bz_status crossref_affiliation(yajl_val aff, struct bz_arena *arena,
                                           struct bz_institution_record *out,
                                           struct bz_error *err)
{
    yajl_val ids;
    const char *name;
    int bad = 0;
    size_t i;

    memset(out, 0, sizeof(*out));
    name = bz_jt_string(aff, "name", &bad);
    ids = bz_jt_array(aff, "id", &bad);
    if (bad || !YAJL_IS_OBJECT(aff))
        return crossref_bad(err, "author[].affiliation[]", "an affiliation");
    out->display_name = bz_import_plain_text(arena, name);
    if (ids == NULL || out->display_name == NULL)
        return BZ_OK;
    out->ids = bz_arena_calloc(arena, ids->u.array.len, sizeof(*out->ids));
    if (out->ids == NULL && ids->u.array.len)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    for (i = 0; i < ids->u.array.len; i++) {
        yajl_val id = ids->u.array.values[i];
        const char *value = bz_jt_string(id, "id", &bad);
        const char *type = bz_jt_string(id, "id-type", &bad);
        const char *slash;

        if (bad)
            return crossref_bad(err, "author[].affiliation[].id", "an id");
        if (value == NULL || type == NULL || strcasecmp(type, "ROR") != 0)
            continue;
        slash = strrchr(value, '/');
        value = slash ? slash + 1 : value;
        if (*value)
            out->ids[out->id_count++] =
                (struct bz_external_id){"ror", value, "crossref"};
    }
    return BZ_OK;
}

/* One author; *kept is 0 for an entry with no name at all (nothing to
 * keep). */
static enum bz_status crossref_author(yajl_val a, struct bz_arena *arena,
                                      struct bz_author_record *out, int *kept,
                                      struct bz_error *err)
{
    const char *given, *family, *name, *suffix, *orcid;
    yajl_val affs;
    int bad = 0;
    size_t i;

    memset(out, 0, sizeof(*out));
    *kept = 0;
    given = bz_import_plain_text(arena, bz_jt_string(a, "given", &bad));
    family = bz_import_plain_text(arena, bz_jt_string(a, "family", &bad));
    name = bz_import_plain_text(arena, bz_jt_string(a, "name", &bad));
    suffix = bz_import_plain_text(arena, bz_jt_string(a, "suffix", &bad));
    orcid = bz_jt_string(a, "ORCID", &bad);
    affs = bz_jt_array(a, "affiliation", &bad);
    if (bad || !YAJL_IS_OBJECT(a))
        return crossref_bad(err, "author", "a list of people");
    if (given && family)
        out->raw_name =
            bz_arena_printf(arena, "%s %s%s%s", given, family,
                            suffix ? " " : "", suffix ? suffix : "");
    else
        out->raw_name = family ? family : given ? given : name;
    if (out->raw_name == NULL)
        return BZ_OK;
    *kept = 1;

    out->ids = bz_arena_calloc(arena, 1, sizeof(*out->ids));
    if (out->ids == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    if ((orcid = bz_import_orcid_id(arena, orcid)) != NULL)
        out->ids[out->id_count++] =
            (struct bz_external_id){"orcid", orcid, "crossref"};

    if (affs == NULL || affs->u.array.len == 0)
        return BZ_OK;
    out->institutions =
        bz_arena_calloc(arena, affs->u.array.len, sizeof(*out->institutions));
    if (out->institutions == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    for (i = 0; i < affs->u.array.len; i++) {
        struct bz_institution_record *inst =
            &out->institutions[out->institution_count];
        enum bz_status rc =
            crossref_affiliation(affs->u.array.values[i], arena, inst, err);

        if (rc != BZ_OK)
            return rc;
        if (inst->display_name)
            out->institution_count++;
    }
    return BZ_OK;
}

/* JATS abstracts often open with a <jats:title>Abstract</jats:title>
 * heading: it is not part of the text. */
static const char *crossref_abstract_body(const char *s)
{
    static const char *const opens[] = {"<jats:title>", "<title>", NULL};
    static const char *const closes[] = {"</jats:title>", "</title>", NULL};
    size_t i;

    while (*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t')
        s++;
    for (i = 0; opens[i]; i++) {
        const char *end;

        if (strncmp(s, opens[i], strlen(opens[i])) != 0)
            continue;
        end = strstr(s, closes[i]);
        return end ? end + strlen(closes[i]) : s;
    }
    return s;
}

/* is-referenced-by-count, Crossref's count of citing works; -1 when
 * absent or not a count. */
static long crossref_cited_by(yajl_val work)
{
    yajl_val count = bz_jt_get(work, "is-referenced-by-count");

    if (count && YAJL_IS_INTEGER(count) && YAJL_GET_INTEGER(count) >= 0)
        return (long)YAJL_GET_INTEGER(count);
    return -1;
}

/* Most references of a work kept as citation edges. */
#define CROSSREF_MAX_REFERENCES 5000

/* The DOIs of the work's references ("reference": [{"DOI": ...}]), as
 * citation edges; references without a DOI are left out. */
static enum bz_status crossref_references(yajl_val work,
                                          struct bz_arena *arena,
                                          struct bz_work_record *out,
                                          struct bz_error *err)
{
    yajl_val refs = bz_jt_get(work, "reference");
    size_t i, n;

    if (refs == NULL || !YAJL_IS_ARRAY(refs) || refs->u.array.len == 0)
        return BZ_OK;
    n = refs->u.array.len;
    if (n > CROSSREF_MAX_REFERENCES)
        n = CROSSREF_MAX_REFERENCES;
    out->references = bz_arena_calloc(arena, n, sizeof(*out->references));
    if (out->references == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    for (i = 0; i < n; i++) {
        yajl_val doi = bz_jt_get(refs->u.array.values[i], "DOI");
        const char *value;

        if (doi == NULL || !YAJL_IS_STRING(doi) || !*YAJL_GET_STRING(doi))
            continue;
        value = bz_openalex_normalise_doi(arena, YAJL_GET_STRING(doi));
        if (value == NULL)
            return bz_error_set(err, BZ_NOMEM, "out of memory");
        out->references[out->reference_count++] =
            (struct bz_external_id){"doi", value, "crossref"};
    }
    return BZ_OK;
}

/* Fills out from one work object, in arena. BZ_INVALID with a reason when
 * it lacks a DOI or a title, or a field has the wrong type. */
enum bz_status bz_reader_crossref_work(yajl_val work, struct bz_arena *arena,
                                       struct bz_work_record *out,
                                       struct bz_error *err)
{
    yajl_val primary = bz_jt_get(bz_jt_get(work, "resource"), "primary");
    const char *doi, *abstract, *type, *arxiv;
    enum bz_status rc;
    int bad = 0;

    memset(out, 0, sizeof(*out));
    out->source = "crossref";
    out->open_access = -1; /* Crossref does not say */
    if (!YAJL_IS_OBJECT(work))
        return bz_error_set(err, BZ_INVALID, "a work is not a JSON object");
    doi = bz_jt_string(work, "DOI", &bad);
    if (bad)
        return crossref_bad(err, "DOI", "a string");
    if (doi == NULL || *doi == '\0')
        return bz_error_set(err, BZ_INVALID, "work has no DOI");
    doi = bz_openalex_normalise_doi(arena, doi);
    if (doi == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    out->source_record = bz_arena_printf(arena, "doi:%s", doi);

    out->title = crossref_first_text(arena, bz_jt_get(work, "title"), &bad);
    if (bad)
        return crossref_bad(err, "title", "a list of strings");
    if (out->title == NULL)
        return bz_error_set(err, BZ_INVALID, "work '%s' has no title", doi);
    out->venue =
        crossref_first_text(arena, bz_jt_get(work, "container-title"), &bad);
    if (bad)
        return crossref_bad(err, "container-title", "a list of strings");
    abstract = bz_jt_string(work, "abstract", &bad);
    if (bad)
        return crossref_bad(err, "abstract", "a string");
    type = bz_jt_string(work, "type", &bad);
    if (bad)
        return crossref_bad(err, "type", "a string");
    out->landing_url = bz_jt_string(primary, "URL", &bad);
    if (out->landing_url == NULL)
        out->landing_url = bz_jt_string(work, "URL", &bad);
    if (bad)
        return crossref_bad(err, "URL", "a string");
    if (abstract)
        out->abstract =
            bz_import_plain_text(arena, crossref_abstract_body(abstract));
    out->type = crossref_type(arena, type);
    if ((rc = crossref_year(work, &out->publication_year, err)) != BZ_OK)
        return rc;

    out->cited_by_count = crossref_cited_by(work);
    out->ids = bz_arena_calloc(arena, 2, sizeof(*out->ids));
    if (out->ids == NULL || out->source_record == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    out->ids[out->id_count++] = (struct bz_external_id){"doi", doi, "crossref"};
    if ((arxiv = crossref_arxiv(doi)) != NULL)
        out->ids[out->id_count++] =
            (struct bz_external_id){"arxiv", arxiv, "crossref"};
    if ((rc = crossref_references(work, arena, out, err)) != BZ_OK)
        return rc;
    return bz_import_json_authors(bz_jt_get(work, "author"), arena,
                                  CROSSREF_MAX_AUTHORS, crossref_author,
                                  "author", "a list of people", out, err);
}

/* --- responses ------------------------------------------------------------ */

static int crossref_one(struct bz_import_context *ctx, yajl_val work, long line)
{
    struct bz_work_record record;
    struct bz_error err;

    bz_import_record_begin(ctx);
    if (bz_reader_crossref_work(work, bz_import_record_arena(ctx), &record,
                                &err) != BZ_OK ||
        bz_import_check_work(&record, &err) != BZ_OK)
        return bz_import_skip(ctx, line, err.message);
    return bz_import_work(ctx, &record, line);
}

static int crossref_list(struct bz_import_context *ctx, yajl_val items,
                         long line)
{
    size_t i;

    for (i = 0; i < items->u.array.len; i++)
        if (crossref_one(ctx, items->u.array.values[i], line) < 0)
            return -1;
    return 0;
}

/* 1 when a bare object is meant as a work (it may still lack a DOI). */
static int crossref_is_work(yajl_val object)
{
    static const char *const keys[] = {"DOI", "title", "container-title",
                                       "author", NULL};
    size_t i;

    for (i = 0; keys[i]; i++)
        if (bz_jt_get(object, keys[i]))
            return 1;
    return 0;
}

/* One JSON text: an envelope {"message-type", "message"}, a bare work, or
 * an array of bare works. Anything else is one skipped record. */
static int crossref_text(struct bz_import_context *ctx, yajl_val root,
                         long line, void *data)
{
    static const char not_work[] = "not a Crossref work or work list";
    const char *kind;
    yajl_val message, items;
    int bad = 0;

    (void)data;
    if (YAJL_IS_ARRAY(root))
        return crossref_list(ctx, root, line);
    kind = bz_jt_string(root, "message-type", &bad);
    if (kind == NULL && !bad)
        return crossref_is_work(root) ? crossref_one(ctx, root, line)
                                      : bz_import_skip(ctx, line, not_work);
    message = bz_jt_get(root, "message");
    if (kind && strcmp(kind, "work") == 0 && YAJL_IS_OBJECT(message))
        return crossref_one(ctx, message, line);
    items = bz_jt_array(message, "items", &bad);
    if (kind && strcmp(kind, "work-list") == 0 && items)
        return crossref_list(ctx, items, line);
    return bz_import_skip(ctx, line, not_work);
}

static enum bz_status crossref_read(struct bz_import_input *in,
                                    struct bz_import_context *ctx,
                                    struct bz_error *err)
{
    return bz_import_json_read(in, ctx, crossref_text, NULL, err);
}

const struct bz_reader bz_reader_crossref = {
    .name = "crossref",
    .detect = crossref_detect,
    .read = crossref_read,
};
