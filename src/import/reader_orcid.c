/* reader_orcid.c - ORCID public API v3.0 records, JSON and XML: a person
 * becomes a researcher record, and works (summaries or full) become works
 * with the record's owner as an author when they list no contributors. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlreader.h>

#include "import/import.h"
#include "import/import_openalex.h"
#include "import/import_json.h"
#include "import/json_tree.h"
#include "import/reader.h"
#include "import/xml_input.h"

/* Caps on what one record may list. */
#define ORCID_MAX_AUTHORS 5000
#define ORCID_MAX_ITEMS 1000 /* names, ids, affiliations, work ids */
#define ORCID_MAX_NAME 1024  /* bytes of a person's name */
/* Elements deeper than this are not told apart (ORCID nests about 8). */
#define ORCID_XML_DEPTH 64
#define ORCID_XML_NAME 64

static const char orcid_no_record[] = "not an ORCID record, person or works";

/* --- pieces both forms share ---------------------------------------------- */

/* Makes room for one more element of size bytes in *array (count held,
 * *alloc allocated) in arena; -1 out of memory or past max. */
static int orcid_grow(struct bz_arena *arena, void **array, size_t *alloc,
                      size_t count, size_t size, size_t max)
{
    size_t n = *alloc ? *alloc * 2 : 4;
    void *bigger;

    if (count < *alloc)
        return 0;
    if (count >= max)
        return -1;
    if (n > max)
        n = max;
    bigger = bz_arena_calloc(arena, n, size);
    if (bigger == NULL)
        return -1;
    if (count)
        memcpy(bigger, *array, count * size);
    *array = bigger;
    *alloc = n;
    return 0;
}

/* The iD a path names: "/0000-0002-9341-7985/works" or the bare iD. */
static const char *orcid_of_path(struct bz_arena *arena, const char *path)
{
    char first[32];
    size_t n;

    if (path == NULL)
        return NULL;
    path += *path == '/';
    n = strcspn(path, "/");
    if (n == 0 || n >= sizeof(first))
        return NULL;
    memcpy(first, path, n);
    first[n] = '\0';
    return bz_import_orcid_id(arena, first);
}

/* 1 when id (in any form) is the iD orcid. */
static int orcid_same(struct bz_arena *arena, const char *id, const char *orcid)
{
    const char *a = bz_import_orcid_id(arena, id);

    return a && orcid && strcmp(a, orcid) == 0;
}

/* ORCID's work type ("journal-article", "JOURNAL_ARTICLE") in bzpeer's
 * words. */
static const char *orcid_type(struct bz_arena *arena, const char *type)
{
    static const char *const map[][2] = {
        {"journal article", "article"},
        {"conference paper", "conference paper"},
        {"preprint", "preprint"},
        {"working paper", "preprint"},
        {"book", "book"},
        {"edited book", "book"},
        {"book chapter", "book chapter"},
        {"data set", "dataset"},
        {"dataset", "dataset"},
        {"dissertation thesis", "thesis"},
        {"dissertation", "thesis"},
    };
    char *words;
    size_t i;

    if (type == NULL || (words = bz_arena_strdup(arena, type)) == NULL)
        return NULL;
    for (i = 0; words[i]; i++)
        words[i] = words[i] == '-' || words[i] == '_'
                       ? ' '
                       : (char)tolower((unsigned char)words[i]);
    for (i = 0; i < sizeof(map) / sizeof(*map); i++)
        if (strcmp(words, map[i][0]) == 0)
            return map[i][1];
    return *words ? words : NULL;
}

/* A person's external identifier type as a scheme, or NULL for one that
 * bzpeer does not keep (an employer's staff number, say). */
static const char *orcid_person_scheme(const char *type)
{
    static const char *const map[][2] = {
        {"Scopus Author ID", "scopus"},
        {"Scopus", "scopus"},
        {"ResearcherID", "researcherid"},
        {"Web of Science Researcher ID", "researcherid"},
        {"ISNI", "isni"},
        {"GND", "gnd"},
        {"Loop profile", "loop"},
    };
    size_t i;

    if (type == NULL)
        return NULL;
    for (i = 0; i < sizeof(map) / sizeof(*map); i++)
        if (strcasecmp(type, map[i][0]) == 0)
            return map[i][1];
    return NULL;
}

/* A work's identifier of type (doi, arxiv, pmid) as the store keeps it, or
 * NULL for another type or a malformed value. Only the work's own ids
 * count: "part-of" names its journal or book. */
static const char *orcid_work_id(struct bz_arena *arena, const char *type,
                                 const char *value, const char *relationship,
                                 const char **scheme)
{
    char *v;
    size_t n, k;

    if (type == NULL || value == NULL ||
        (relationship && *relationship && strcasecmp(relationship, "self")))
        return NULL;
    while (*value == ' ')
        value++;
    if ((v = bz_arena_strdup(arena, value)) == NULL)
        return NULL;
    n = strlen(v);
    while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '.'))
        v[--n] = '\0';
    if (strcasecmp(type, "doi") == 0) {
        const char *doi = strstr(v, "10.");

        *scheme = "doi";
        return doi ? bz_openalex_normalise_doi(arena, doi) : NULL;
    }
    if (strcasecmp(type, "pmid") == 0) {
        const char *digits = v + strcspn(v, "0123456789");

        *scheme = "pmid";
        return *digits && digits[strspn(digits, "0123456789")] == '\0' ? digits
                                                                       : NULL;
    }
    if (strcasecmp(type, "arxiv") != 0)
        return NULL;
    *scheme = "arxiv";
    if (strstr(v, "arxiv.org/abs/"))
        v = strstr(v, "arxiv.org/abs/") + strlen("arxiv.org/abs/");
    else if (strncasecmp(v, "arxiv:", 6) == 0)
        v += 6;
    n = k = strlen(v);
    while (k > 0 && isdigit((unsigned char)v[k - 1]))
        k--;
    if (k > 1 && k < n && v[k - 1] == 'v')
        v[k - 1] = '\0'; /* 1810.10065v2 -> 1810.10065 */
    return *v ? v : NULL;
}

/* A work being built: the record and its growable lists. */
struct orcid_work {
    struct bz_work_record record;
    size_t id_alloc, author_alloc;
    const char *put_code;
    const char *orcid;                      /* the iD its path names, or NULL */
    const char *source_orcid, *source_name; /* who added it */
    long line;
};

static void orcid_work_add_id(struct orcid_work *w, struct bz_arena *arena,
                              const char *type, const char *value,
                              const char *relationship)
{
    const char *scheme = NULL;
    const char *id = orcid_work_id(arena, type, value, relationship, &scheme);
    struct bz_work_record *r = &w->record;
    size_t i;

    if (id == NULL || *id == '\0')
        return;
    for (i = 0; i < r->id_count; i++)
        if (strcmp(r->ids[i].scheme, scheme) == 0)
            return; /* the first of a kind wins */
    if (orcid_grow(arena, (void **)&r->ids, &w->id_alloc, r->id_count,
                   sizeof(*r->ids), ORCID_MAX_ITEMS) == 0)
        r->ids[r->id_count++] = (struct bz_external_id){scheme, id, "orcid"};
}

/* 1 for a contributor role that is not authorship (ORCID's legacy roles;
 * a CRediT role, "writing-original-draft" say, is). */
static int orcid_not_author(const char *role)
{
    return role && (strcasecmp(role, "editor") == 0 ||
                    strcasecmp(role, "chair-or-translator") == 0 ||
                    strcasecmp(role, "support-staff") == 0);
}

/* Adds a contributor (an author unless its role says otherwise). */
static void orcid_work_add_author(struct orcid_work *w, struct bz_arena *arena,
                                  const char *name, const char *orcid,
                                  const char *role)
{
    struct bz_work_record *r = &w->record;
    struct bz_author_record *a;

    name = bz_import_plain_text(arena, name);
    if (name == NULL || orcid_not_author(role))
        return;
    if (orcid_grow(arena, (void **)&r->authors, &w->author_alloc,
                   r->author_count, sizeof(*r->authors), ORCID_MAX_AUTHORS) < 0)
        return;
    a = &r->authors[r->author_count++];
    memset(a, 0, sizeof(*a));
    a->raw_name = name;
    if ((orcid = bz_import_orcid_id(arena, orcid)) != NULL &&
        (a->ids = bz_arena_calloc(arena, 1, sizeof(*a->ids))) != NULL)
        a->ids[a->id_count++] =
            (struct bz_external_id){"orcid", orcid, "orcid"};
}

/* Completes the record: its source record, and the owner as its author
 * when it lists none (ORCID's summaries never do). */
static int orcid_work_finish(struct bz_import_context *ctx,
                             struct orcid_work *w, const char *owner,
                             const char *owner_name)
{
    struct bz_arena *arena = bz_import_record_arena(ctx);
    struct bz_work_record *r = &w->record;
    const char *orcid = w->orcid ? w->orcid : owner;
    struct bz_error err;

    r->source = "orcid";
    r->open_access = -1;
    if (r->title == NULL) {
        const char *reason =
            w->put_code
                ? bz_arena_printf(arena, "work %s has no title", w->put_code)
                : NULL;

        return bz_import_skip(ctx, w->line,
                              reason ? reason : "work has no title");
    }
    if (orcid && w->put_code) {
        const char *id =
            bz_arena_printf(arena, "%s/work/%s", orcid, w->put_code);

        /* the record's own id: what a work without a DOI is known by when
         * it is read again */
        r->source_record = bz_arena_printf(arena, "orcid:%s", id);
        if (id && orcid_grow(arena, (void **)&r->ids, &w->id_alloc, r->id_count,
                             sizeof(*r->ids), ORCID_MAX_ITEMS + 1) == 0)
            r->ids[r->id_count++] =
                (struct bz_external_id){"orcid-work", id, "orcid"};
    }
    if (owner_name == NULL && w->source_name &&
        orcid_same(arena, w->source_orcid, orcid))
        owner_name = w->source_name;
    if (r->author_count == 0 && orcid && owner_name)
        orcid_work_add_author(w, arena, owner_name, orcid, NULL);
    if (bz_import_check_work(r, &err) != BZ_OK)
        return bz_import_skip(ctx, w->line, err.message);
    return bz_import_work(ctx, r, w->line);
}

struct orcid_affiliation {
    struct bz_institution_record inst;
    int ended; /* it has an end date */
};

/* A person being built. */
struct orcid_person {
    const char *given, *family, *credit;
    const char **other_names;
    size_t other_count, other_alloc;
    struct bz_external_id *ids;
    size_t id_count, id_alloc;
    struct orcid_affiliation *affs;
    size_t aff_count, aff_alloc;
    const char **emails; /* public ones, lower-case */
    size_t email_count, email_alloc;
    long line;
};

static void orcid_person_add_name(struct orcid_person *p,
                                  struct bz_arena *arena, const char *name)
{
    if ((name = bz_import_plain_text(arena, name)) == NULL)
        return;
    if (orcid_grow(arena, (void **)&p->other_names, &p->other_alloc,
                   p->other_count, sizeof(*p->other_names),
                   ORCID_MAX_ITEMS) == 0)
        p->other_names[p->other_count++] = name;
}

static void orcid_person_add_id(struct orcid_person *p, struct bz_arena *arena,
                                const char *type, const char *value)
{
    const char *scheme = orcid_person_scheme(type);

    if (scheme == NULL || value == NULL ||
        (value = bz_import_plain_text(arena, value)) == NULL)
        return;
    if (orcid_grow(arena, (void **)&p->ids, &p->id_alloc, p->id_count,
                   sizeof(*p->ids), ORCID_MAX_ITEMS) == 0)
        p->ids[p->id_count++] = (struct bz_external_id){scheme, value, "orcid"};
}

/* Adds an address the record shows; visibility NULL or "public" (a
 * member's dump may hold others, which are not the public's to match). */
static void orcid_person_add_email(struct orcid_person *p,
                                   struct bz_arena *arena, const char *email,
                                   const char *visibility)
{
    char *copy;
    size_t n;

    if (visibility && strcasecmp(visibility, "public") != 0)
        return;
    if ((email = bz_import_plain_text(arena, email)) == NULL)
        return;
    n = strlen(email);
    /* an address of RFC 5321's length, one @ with text either side */
    if (n > 254 || strchr(email, '@') == NULL || email[0] == '@' ||
        email[n - 1] == '@' || strchr(email, '@') != strrchr(email, '@') ||
        strpbrk(email, " \t<>,;") != NULL)
        return;
    if ((copy = bz_arena_strdup(arena, email)) == NULL)
        return;
    for (char *c = copy; *c; c++)
        *c = (char)tolower((unsigned char)*c);
    if (orcid_grow(arena, (void **)&p->emails, &p->email_alloc,
                   p->email_count, sizeof(*p->emails), ORCID_MAX_ITEMS) == 0)
        p->emails[p->email_count++] = copy;
}

/* Adds an organisation the person works or worked at. source and id name
 * it in a registry (ROR, GRID, RINGGOLD), when known. */
static void orcid_person_add_affiliation(struct orcid_person *p,
                                         struct bz_arena *arena,
                                         const char *name, const char *country,
                                         const char *source, const char *id,
                                         int ended)
{
    struct orcid_affiliation *a;
    const char *scheme = NULL;

    if ((name = bz_import_plain_text(arena, name)) == NULL ||
        orcid_grow(arena, (void **)&p->affs, &p->aff_alloc, p->aff_count,
                   sizeof(*p->affs), ORCID_MAX_ITEMS) < 0)
        return;
    a = &p->affs[p->aff_count++];
    memset(a, 0, sizeof(*a));
    a->inst.display_name = name;
    a->inst.country_code = country && strlen(country) == 2
                               ? bz_arena_strdup(arena, country)
                               : NULL;
    a->ended = ended;
    if (source && strcasecmp(source, "ROR") == 0)
        scheme = "ror";
    else if (source && strcasecmp(source, "GRID") == 0)
        scheme = "grid";
    else if (source && strcasecmp(source, "RINGGOLD") == 0)
        scheme = "ringgold";
    if (scheme && id && *id &&
        (a->inst.ids = bz_arena_calloc(arena, 1, sizeof(*a->inst.ids)))) {
        const char *slash = strrchr(id, '/');

        a->inst.ids[0] = (struct bz_external_id){
            scheme, slash && slash[1] ? slash + 1 : id, "orcid"};
        a->inst.id_count = 1;
    }
}

/* The name a person goes by: the credit name, else given and family. */
static const char *orcid_person_name(const struct orcid_person *p,
                                     struct bz_arena *arena)
{
    if (p->credit)
        return p->credit;
    if (p->given && p->family)
        return bz_arena_printf(arena, "%s %s", p->given, p->family);
    return p->given ? p->given : p->family;
}

/* Gives the person to ctx as a researcher record. */
static int orcid_person_send(struct bz_import_context *ctx,
                             struct orcid_person *p, const char *orcid,
                             struct bz_arena *arena)
{
    struct bz_researcher_record r = {0};
    struct bz_institution_record *affs;
    const char **names;
    const char *full = NULL;
    size_t i, n = 0;

    r.source = "orcid";
    r.display_name = orcid_person_name(p, arena);
    if (orcid == NULL)
        return bz_import_skip(ctx, p->line, "person has no ORCID iD");
    if (r.display_name == NULL)
        return bz_import_skip(ctx, p->line, "person has no public name");
    for (i = 0; i <= p->other_count; i++) {
        const char *name = i ? p->other_names[i - 1] : r.display_name;

        if (strnlen(name, ORCID_MAX_NAME + 1) > ORCID_MAX_NAME)
            return bz_import_skip(ctx, p->line,
                                  "a name is longer than 1024 bytes");
    }
    r.source_record = bz_arena_printf(arena, "orcid:%s", orcid);
    if (p->credit && (p->given || p->family))
        full = p->given && p->family
                   ? bz_arena_printf(arena, "%s %s", p->given, p->family)
               : p->given ? p->given
                          : p->family;

    names = bz_arena_calloc(arena, p->other_count + 1, sizeof(*names));
    r.ids = bz_arena_calloc(arena, p->id_count + 1, sizeof(*r.ids));
    affs = bz_arena_calloc(arena, p->aff_count + 1, sizeof(*affs));
    if (names == NULL || r.ids == NULL || affs == NULL ||
        r.source_record == NULL)
        return bz_import_skip(ctx, p->line, "out of memory");
    if (full && strcmp(full, r.display_name) != 0)
        names[n++] = full;
    for (i = 0; i < p->other_count; i++)
        names[n++] = p->other_names[i];
    r.alternative_names = names;
    r.alternative_name_count = n;
    r.emails = p->emails;
    r.email_count = p->email_count;
    r.ids[r.id_count++] = (struct bz_external_id){"orcid", orcid, "orcid"};
    for (i = 0; i < p->id_count; i++)
        r.ids[r.id_count++] = p->ids[i];
    for (i = 0; i < p->aff_count; i++) /* current ones first */
        if (!p->affs[i].ended)
            affs[r.affiliation_count++] = p->affs[i].inst;
    /* the store takes the first as current: past employers go after a
     * current one, and are not sent when there is none */
    for (i = 0; r.affiliation_count && i < p->aff_count; i++)
        if (p->affs[i].ended)
            affs[r.affiliation_count++] = p->affs[i].inst;
    r.affiliations = affs;
    return bz_import_researcher(ctx, &r, p->line);
}

/* --- JSON ----------------------------------------------------------------- */

static int orcid_json_detect(const char *head, size_t len, const char *name)
{
    static const char *const keys[] = {"\"orcid-identifier\"", "\"put-code\"",
                                       "\"credit-name\"", "\"num-found\"",
                                       NULL};
    size_t i = 0;

    (void)name;
    while (i < len && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' ||
                       head[i] == '\n'))
        i++;
    if (i == len || head[i] != '{')
        return 0;
    for (i = 0; keys[i]; i++)
        if (memmem(head, len, keys[i], strlen(keys[i])))
            return 1;
    /* an empty works list: {"group": [], "path": "/0000-.../works"} */
    return memmem(head, len, "\"group\"", 7) &&
           memmem(head, len, "/works\"", 7);
}

static enum bz_status orcid_bad(struct bz_error *err, const char *field,
                                const char *want)
{
    return bz_error_set(err, BZ_INVALID, "field '%s' is not %s", field, want);
}

/* ORCID wraps most values: {"value": "..."}; some are bare strings. NULL
 * when absent or null; *bad for another shape. */
static const char *orcid_value(yajl_val object, const char *key, int *bad)
{
    yajl_val v = bz_jt_get(object, key);

    if (v == NULL || YAJL_IS_NULL(v))
        return NULL;
    if (YAJL_IS_STRING(v))
        return v->u.string;
    if (YAJL_IS_OBJECT(v))
        return bz_jt_string(v, "value", bad);
    *bad = 1;
    return NULL;
}

/* An array a wrapper holds ({"external-id": [...]}), or NULL; *bad when
 * either has the wrong type. */
static yajl_val orcid_list(yajl_val object, const char *outer,
                           const char *inner, int *bad)
{
    yajl_val wrapper = bz_jt_get(object, outer);

    if (wrapper == NULL || YAJL_IS_NULL(wrapper))
        return NULL;
    if (!YAJL_IS_OBJECT(wrapper)) {
        *bad = 1;
        return NULL;
    }
    return bz_jt_array(wrapper, inner, bad);
}

/* A number or a string, as a string (put-codes). */
static const char *orcid_code(struct bz_arena *arena, yajl_val v)
{
    if (v && YAJL_IS_INTEGER(v))
        return bz_arena_printf(arena, "%lld", YAJL_GET_INTEGER(v));
    if (v && YAJL_IS_STRING(v) && *v->u.string)
        return v->u.string;
    return NULL;
}

static enum bz_status orcid_json_work_ids(yajl_val work, struct bz_arena *arena,
                                          struct orcid_work *w,
                                          struct bz_error *err)
{
    int bad = 0;
    yajl_val ids = orcid_list(work, "external-ids", "external-id", &bad);
    size_t i;

    for (i = 0; ids && i < ids->u.array.len; i++) {
        yajl_val id = ids->u.array.values[i];
        const char *type = bz_jt_string(id, "external-id-type", &bad);
        const char *value = bz_jt_string(id, "external-id-value", &bad);
        const char *relationship =
            bz_jt_string(id, "external-id-relationship", &bad);

        if (!bad)
            orcid_work_add_id(w, arena, type, value, relationship);
    }
    return bad ? orcid_bad(err, "external-ids", "a list of ids") : BZ_OK;
}

static enum bz_status orcid_json_contributors(yajl_val work,
                                              struct bz_arena *arena,
                                              struct orcid_work *w,
                                              struct bz_error *err)
{
    int bad = 0;
    yajl_val list = orcid_list(work, "contributors", "contributor", &bad);
    size_t i;

    for (i = 0; list && i < list->u.array.len && !bad; i++) {
        yajl_val c = list->u.array.values[i];
        yajl_val id = bz_jt_get(c, "contributor-orcid");
        const char *orcid = bz_jt_string(id, "path", &bad);
        const char *name = orcid_value(c, "credit-name", &bad);
        const char *role = bz_jt_string(bz_jt_get(c, "contributor-attributes"),
                                        "contributor-role", &bad);

        if (orcid == NULL)
            orcid = bz_jt_string(id, "uri", &bad);
        if (!YAJL_IS_OBJECT(c))
            bad = 1;
        if (!bad)
            orcid_work_add_author(w, arena, name, orcid, role);
    }
    return bad ? orcid_bad(err, "contributors", "a list of contributors")
               : BZ_OK;
}

/* orcid_value of object[outer][inner] (inner NULL: of object[outer]);
 * *bad_field names the first member of the wrong type. */
static const char *orcid_field(yajl_val object, const char *outer,
                               const char *inner, const char **bad_field)
{
    yajl_val v = inner ? bz_jt_get(object, outer) : object;
    int bad = inner && v && !YAJL_IS_OBJECT(v) && !YAJL_IS_NULL(v);
    const char *s = bad ? NULL : orcid_value(v, inner ? inner : outer, &bad);

    if (bad && *bad_field == NULL)
        *bad_field = outer;
    return s;
}

/* Fills w from a work summary or a full work, in arena. */
static enum bz_status orcid_json_work(yajl_val work, struct bz_arena *arena,
                                      struct orcid_work *w,
                                      struct bz_error *err)
{
    struct bz_work_record *r = &w->record;
    yajl_val source = bz_jt_get(work, "source");
    const char *year, *type, *bad_field = NULL;
    enum bz_status rc;
    int bad = 0;

    if (!YAJL_IS_OBJECT(work))
        return bz_error_set(err, BZ_INVALID, "a work is not a JSON object");
    w->put_code = orcid_code(arena, bz_jt_get(work, "put-code"));
    w->orcid = orcid_of_path(arena, bz_jt_string(work, "path", &bad));
    w->source_orcid =
        bz_jt_string(bz_jt_get(source, "source-orcid"), "path", &bad);
    w->source_name = orcid_value(source, "source-name", &bad);
    if (bad)
        return orcid_bad(err, "path/source", "an ORCID value");
    r->title = bz_import_plain_text(
        arena, orcid_field(work, "title", "title", &bad_field));
    r->venue = bz_import_plain_text(
        arena, orcid_field(work, "journal-title", NULL, &bad_field));
    r->abstract = bz_import_plain_text(
        arena, orcid_field(work, "short-description", NULL, &bad_field));
    r->landing_url = orcid_field(work, "url", NULL, &bad_field);
    type = orcid_field(work, "type", NULL, &bad_field);
    year = orcid_field(work, "publication-date", "year", &bad_field);
    if (bad_field)
        return orcid_bad(err, bad_field, "an ORCID value");
    r->type = orcid_type(arena, type);
    if (year && isdigit((unsigned char)year[0]) && atoi(year) <= 9999)
        r->publication_year = atoi(year);
    if ((rc = orcid_json_work_ids(work, arena, w, err)) != BZ_OK)
        return rc;
    return orcid_json_contributors(work, arena, w, err);
}

/* The owner of a record and the name their works go by. */
struct orcid_owner {
    const char *orcid; /* or NULL */
    const char *name;  /* or NULL */
};

static int orcid_json_one(struct bz_import_context *ctx, yajl_val work,
                          const struct orcid_owner *owner, long line)
{
    struct orcid_work w = {0};
    struct bz_error err;

    bz_import_record_begin(ctx);
    w.line = line;
    if (orcid_json_work(work, bz_import_record_arena(ctx), &w, &err) != BZ_OK)
        return bz_import_skip(ctx, line, err.message);
    return orcid_work_finish(ctx, &w, owner->orcid, owner->name);
}

/* When no person is at hand: the owner's name as one of the works'
 * sources gives it (a work the owner added, or one asserted for them). */
static const char *orcid_json_name_in_sources(yajl_val groups,
                                              const char *orcid,
                                              struct bz_arena *arena)
{
    static const char *const pairs[][2] = {
        {"source-orcid", "source-name"},
        {"assertion-origin-orcid", "assertion-origin-name"}};
    size_t i, j, k;

    for (i = 0; orcid && i < groups->u.array.len; i++) {
        yajl_val summaries =
            bz_jt_get(groups->u.array.values[i], "work-summary");

        for (j = 0; YAJL_IS_ARRAY(summaries) && j < summaries->u.array.len;
             j++) {
            yajl_val source = bz_jt_get(summaries->u.array.values[j], "source");

            for (k = 0; k < 2; k++) {
                int bad = 0;
                const char *id =
                    bz_jt_string(bz_jt_get(source, pairs[k][0]), "path", &bad);
                const char *name = orcid_value(source, pairs[k][1], &bad);

                if (!bad && name && *name && orcid_same(arena, id, orcid))
                    return name;
            }
        }
    }
    return NULL;
}

/* /works: {"group": [{"work-summary": [...]}, ...]}; the first summary of
 * a group is the preferred of its sources' copies. */
static int orcid_json_works(struct bz_import_context *ctx, yajl_val groups,
                            struct orcid_owner *owner, long line,
                            struct bz_arena *scratch)
{
    size_t i;

    if (owner->name == NULL)
        owner->name = orcid_json_name_in_sources(groups, owner->orcid, scratch);
    for (i = 0; i < groups->u.array.len; i++) {
        yajl_val summaries =
            bz_jt_get(groups->u.array.values[i], "work-summary");

        if (!YAJL_IS_ARRAY(summaries) || summaries->u.array.len == 0) {
            if (bz_import_skip(ctx, line, "a works group has no summary") < 0)
                return -1;
            continue;
        }
        if (orcid_json_one(ctx, summaries->u.array.values[0], owner, line) < 0)
            return -1;
    }
    return 0;
}

/* The employments of a record into p: the first summary of each
 * affiliation group. */
static void orcid_json_employments(yajl_val activities, struct bz_arena *arena,
                                   struct orcid_person *p, int *bad)
{
    yajl_val groups = bz_jt_array(bz_jt_get(activities, "employments"),
                                  "affiliation-group", bad);
    size_t i;

    for (i = 0; groups && i < groups->u.array.len; i++) {
        yajl_val summaries =
            bz_jt_array(groups->u.array.values[i], "summaries", bad);
        yajl_val e =
            summaries && summaries->u.array.len
                ? bz_jt_get(summaries->u.array.values[0], "employment-summary")
                : NULL;
        yajl_val org = bz_jt_get(e, "organization");
        yajl_val dis = bz_jt_get(org, "disambiguated-organization");
        yajl_val end = bz_jt_get(e, "end-date");

        orcid_person_add_affiliation(
            p, arena, bz_jt_string(org, "name", bad),
            bz_jt_string(bz_jt_get(org, "address"), "country", bad),
            bz_jt_string(dis, "disambiguation-source", bad),
            bz_jt_string(dis, "disambiguated-organization-identifier", bad),
            end && !YAJL_IS_NULL(end));
    }
}

/* The person object (and the employments of a whole record) into p. */
static enum bz_status orcid_json_person(yajl_val person, yajl_val activities,
                                        struct bz_arena *arena,
                                        struct orcid_person *p,
                                        struct bz_error *err)
{
    yajl_val name = bz_jt_get(person, "name");
    yajl_val others, ids, emails;
    int bad = 0;
    size_t i;

    others = orcid_list(person, "other-names", "other-name", &bad);
    emails = orcid_list(person, "emails", "email", &bad);
    ids =
        orcid_list(person, "external-identifiers", "external-identifier", &bad);
    p->given =
        bz_import_plain_text(arena, orcid_value(name, "given-names", &bad));
    p->family =
        bz_import_plain_text(arena, orcid_value(name, "family-name", &bad));
    p->credit =
        bz_import_plain_text(arena, orcid_value(name, "credit-name", &bad));
    for (i = 0; others && i < others->u.array.len; i++)
        orcid_person_add_name(
            p, arena, orcid_value(others->u.array.values[i], "content", &bad));
    for (i = 0; ids && i < ids->u.array.len; i++) {
        yajl_val id = ids->u.array.values[i];

        orcid_person_add_id(p, arena,
                            bz_jt_string(id, "external-id-type", &bad),
                            bz_jt_string(id, "external-id-value", &bad));
    }
    for (i = 0; emails && i < emails->u.array.len; i++) {
        yajl_val e = emails->u.array.values[i];

        orcid_person_add_email(p, arena, orcid_value(e, "email", &bad),
                               bz_jt_string(e, "visibility", &bad));
    }
    orcid_json_employments(activities, arena, p, &bad);
    if (bad || (name && !YAJL_IS_OBJECT(name) && !YAJL_IS_NULL(name)))
        return orcid_bad(err, "person", "an ORCID person");
    return BZ_OK;
}

/* A person (and, in a whole record, its employments) as a researcher. */
static int orcid_json_researcher(struct bz_import_context *ctx, yajl_val person,
                                 yajl_val activities, struct orcid_owner *owner,
                                 long line)
{
    struct bz_arena *arena = bz_import_record_arena(ctx);
    struct orcid_person p = {0};
    struct bz_error err;
    int bad = 0;

    bz_import_record_begin(ctx);
    if (owner->orcid == NULL)
        owner->orcid = orcid_of_path(
            arena, bz_jt_string(bz_jt_get(person, "name"), "path", &bad));
    if (owner->orcid == NULL)
        owner->orcid = orcid_of_path(arena, bz_jt_string(person, "path", &bad));
    if (orcid_json_person(person, activities, arena, &p, &err) != BZ_OK)
        return bz_import_skip(ctx, line, err.message);
    p.line = line;
    return orcid_person_send(ctx, &p, owner->orcid, arena);
}

/* The owner's iD and name as strings that outlive the record arena. */
static void orcid_json_owner_keep(struct orcid_owner *owner,
                                  struct bz_arena *keep)
{
    owner->orcid = bz_arena_strdup(keep, owner->orcid);
    owner->name = bz_arena_strdup(keep, owner->name);
}

/* A whole record, or a person: the researcher, then the works. */
static int orcid_json_record(struct bz_import_context *ctx, yajl_val person,
                             yajl_val activities, struct orcid_owner *owner,
                             long line, struct bz_arena *keep)
{
    yajl_val groups = bz_jt_get(bz_jt_get(activities, "works"), "group");
    struct orcid_person p = {0};
    struct bz_error err;
    int rc;

    if (person) {
        rc = orcid_json_researcher(ctx, person, activities, owner, line);
        if (rc < 0)
            return -1;
        /* the record arena is emptied before each work: the owner's name
         * and iD are kept in keep */
        if (orcid_json_person(person, NULL, keep, &p, &err) == BZ_OK)
            owner->name = orcid_person_name(&p, keep);
    }
    orcid_json_owner_keep(owner, keep);
    if (YAJL_IS_ARRAY(groups))
        return orcid_json_works(ctx, groups, owner, line, keep);
    return 0;
}

static int orcid_json_text(struct bz_import_context *ctx, yajl_val root,
                           long line, void *data)
{
    struct bz_arena *keep = data;
    struct orcid_owner owner = {0};
    yajl_val person, activities, groups, bulk;
    int bad = 0;
    size_t i;

    if (!YAJL_IS_OBJECT(root))
        return bz_import_skip(ctx, line, orcid_no_record);
    bz_arena_reset(keep);
    owner.orcid = orcid_of_path(
        keep, bz_jt_string(bz_jt_get(root, "orcid-identifier"), "path", &bad));
    if (owner.orcid == NULL)
        owner.orcid = orcid_of_path(keep, bz_jt_string(root, "path", &bad));
    person = bz_jt_get(root, "person");
    activities = bz_jt_get(root, "activities-summary");
    if (activities == NULL && bz_jt_get(root, "works"))
        activities = root; /* /activities */
    groups = bz_jt_get(root, "group");
    bulk = bz_jt_get(root, "bulk");

    if (YAJL_IS_OBJECT(person))
        return orcid_json_record(ctx, person, activities, &owner, line, keep);
    if (bz_jt_get(root, "name") || bz_jt_get(root, "other-names"))
        return orcid_json_record(ctx, root, NULL, &owner, line, keep);
    if (YAJL_IS_ARRAY(groups))
        return orcid_json_works(ctx, groups, &owner, line, keep);
    if (activities)
        return orcid_json_record(ctx, NULL, activities, &owner, line, keep);
    if (YAJL_IS_ARRAY(bulk)) {
        for (i = 0; i < bulk->u.array.len; i++) {
            yajl_val work = bz_jt_get(bulk->u.array.values[i], "work");
            int rc =
                work ? orcid_json_one(ctx, work, &owner, line)
                     : bz_import_skip(ctx, line, "a bulk entry holds no work");

            if (rc < 0)
                return -1;
        }
        return 0;
    }
    if (bz_jt_get(root, "put-code") && bz_jt_get(root, "title"))
        return orcid_json_one(ctx, root, &owner, line);
    if (bz_jt_get(root, "result") || bz_jt_get(root, "num-found"))
        return bz_import_skip(ctx, line,
                              "an ORCID search result lists iDs, not records");
    return bz_import_skip(ctx, line, orcid_no_record);
}

static enum bz_status orcid_json_read(struct bz_import_input *in,
                                      struct bz_import_context *ctx,
                                      struct bz_error *err)
{
    struct bz_arena keep; /* the owner of the text being read */
    enum bz_status rc;

    bz_arena_init(&keep, 0);
    rc = bz_import_json_read(in, ctx, orcid_json_text, &keep, err);
    bz_arena_release(&keep);
    return rc;
}

const struct bz_reader bz_reader_orcid_json = {
    .name = "orcid-json",
    .detect = orcid_json_detect,
    .read = orcid_json_read,
};

/* --- XML ------------------------------------------------------------------ */

static int orcid_xml_detect(const char *head, size_t len, const char *name)
{
    static const char ns[] = "http://www.orcid.org/ns/";

    (void)name;
    return memmem(head, len, ns, sizeof(ns) - 1) != NULL;
}

/* Strings of one work's or one person's sub-element being read. */
struct orcid_xml_scratch {
    const char *type, *value, *relationship;         /* an external id */
    const char *name, *orcid, *role;                 /* a contributor */
    const char *org, *country, *dis_source, *dis_id; /* an organisation */
    int ended;
};

struct orcid_xml {
    struct bz_xml x;
    struct bz_import_context *ctx;
    struct bz_arena doc; /* the document's person and owner */
    char names[ORCID_XML_DEPTH][ORCID_XML_NAME];
    size_t depth;
    const char *owner, *owner_name; /* in doc */

    struct orcid_person person;
    int in_person, person_pending, in_summary;
    struct orcid_xml_scratch pid; /* person's id or affiliation, in doc */
    int in_affiliation;
    const char *email_visibility; /* of the email element read, in doc */

    struct orcid_work work;
    size_t work_depth; /* 0: not in a work */
    int work_ignored;  /* a group's second copy */
    int group_works;
    struct orcid_xml_scratch wid; /* work's id or contributor */
    int records;                  /* records given or skipped */
    int stopped;
};

/* The name of the element k levels above the current one (0: itself). */
static const char *orcid_xml_up(const struct orcid_xml *s, size_t k)
{
    if (k >= s->depth || s->depth - 1 - k >= ORCID_XML_DEPTH)
        return "";
    return s->names[s->depth - 1 - k];
}

static int orcid_xml_is(const struct orcid_xml *s, const char *name,
                        const char *parent)
{
    return strcmp(orcid_xml_up(s, 0), name) == 0 &&
           (parent == NULL || strcmp(orcid_xml_up(s, 1), parent) == 0);
}

static int orcid_xml_inside(const struct orcid_xml *s, const char *name)
{
    size_t k;

    for (k = 1; k < s->depth; k++)
        if (strcmp(orcid_xml_up(s, k), name) == 0)
            return 1;
    return 0;
}

static char *orcid_xml_text(struct orcid_xml *s, struct bz_arena *arena)
{
    return bz_xml_text(&s->x, arena);
}

static void orcid_xml_note(struct orcid_xml *s, int rc)
{
    s->records++;
    if (rc < 0)
        s->stopped = 1;
}

static void orcid_xml_set_owner(struct orcid_xml *s, const char *path)
{
    if (s->owner == NULL && path)
        s->owner = orcid_of_path(&s->doc, path);
}

/* Gives the person read so far, once. */
static void orcid_xml_send_person(struct orcid_xml *s)
{
    if (!s->person_pending)
        return;
    s->person_pending = 0;
    bz_import_record_begin(s->ctx);
    orcid_xml_note(s, orcid_person_send(s->ctx, &s->person, s->owner,
                                        bz_import_record_arena(s->ctx)));
}

static void orcid_xml_start_work(struct orcid_xml *s)
{
    struct bz_arena *arena;

    orcid_xml_send_person(s);
    s->work_depth = s->depth;
    s->work_ignored =
        strcmp(orcid_xml_up(s, 1), "group") == 0 && s->group_works++ > 0;
    if (s->work_ignored)
        return;
    bz_import_record_begin(s->ctx);
    arena = bz_import_record_arena(s->ctx);
    memset(&s->work, 0, sizeof(s->work));
    memset(&s->wid, 0, sizeof(s->wid));
    s->work.line = bz_xml_line(&s->x);
    s->work.put_code = bz_xml_attribute(&s->x, arena, "put-code");
    s->work.orcid =
        orcid_of_path(arena, bz_xml_attribute(&s->x, arena, "path"));
}

/* An element inside a work. */
static void orcid_xml_work_start(struct orcid_xml *s)
{
    struct bz_arena *arena = bz_import_record_arena(s->ctx);
    struct bz_work_record *r = &s->work.record;
    int child = s->depth == s->work_depth + 1;

    if (orcid_xml_is(s, "title", "title") && r->title == NULL)
        r->title = bz_import_plain_text(arena, orcid_xml_text(s, arena));
    else if (child && orcid_xml_is(s, "journal-title", NULL))
        r->venue = orcid_xml_text(s, arena);
    else if (child && orcid_xml_is(s, "short-description", NULL))
        r->abstract = bz_import_plain_text(arena, orcid_xml_text(s, arena));
    else if (child && orcid_xml_is(s, "type", NULL))
        r->type = orcid_type(arena, orcid_xml_text(s, arena));
    else if (child && orcid_xml_is(s, "url", NULL))
        r->landing_url = orcid_xml_text(s, arena);
    else if (orcid_xml_is(s, "year", "publication-date")) {
        const char *year = orcid_xml_text(s, arena);

        if (year && isdigit((unsigned char)year[0]) && atoi(year) <= 9999)
            r->publication_year = atoi(year);
    } else if (orcid_xml_is(s, "external-id-type", "external-id"))
        s->wid.type = orcid_xml_text(s, arena);
    else if (orcid_xml_is(s, "external-id-value", "external-id"))
        s->wid.value = orcid_xml_text(s, arena);
    else if (orcid_xml_is(s, "external-id-relationship", "external-id"))
        s->wid.relationship = orcid_xml_text(s, arena);
    else if (orcid_xml_is(s, "path", "contributor-orcid") ||
             (orcid_xml_is(s, "uri", "contributor-orcid") && !s->wid.orcid))
        s->wid.orcid = orcid_xml_text(s, arena);
    else if (orcid_xml_is(s, "credit-name", "contributor"))
        s->wid.name = orcid_xml_text(s, arena);
    else if (orcid_xml_is(s, "contributor-role", NULL))
        s->wid.role = orcid_xml_text(s, arena);
    else if (orcid_xml_is(s, "path", "source-orcid"))
        s->work.source_orcid = orcid_xml_text(s, arena);
    else if (orcid_xml_is(s, "source-name", "source"))
        s->work.source_name = orcid_xml_text(s, arena);
}

static void orcid_xml_work_end(struct orcid_xml *s)
{
    struct bz_arena *arena = bz_import_record_arena(s->ctx);
    const char *name = orcid_xml_up(s, 0);

    if (strcmp(name, "external-id") == 0) {
        orcid_work_add_id(&s->work, arena, s->wid.type, s->wid.value,
                          s->wid.relationship);
        s->wid.type = s->wid.value = s->wid.relationship = NULL;
    } else if (strcmp(name, "contributor") == 0) {
        orcid_work_add_author(&s->work, arena, s->wid.name, s->wid.orcid,
                              s->wid.role);
        s->wid.name = s->wid.orcid = s->wid.role = NULL;
    }
}

/* The work ends: give it, and learn the owner's name from it. */
static void orcid_xml_finish_work(struct orcid_xml *s)
{
    struct orcid_work *w = &s->work;
    struct bz_arena *arena = bz_import_record_arena(s->ctx);

    s->work_depth = 0;
    if (s->work_ignored)
        return;
    if (s->owner_name == NULL && w->source_name &&
        orcid_same(arena, w->source_orcid, s->owner))
        s->owner_name = bz_arena_strdup(&s->doc, w->source_name);
    orcid_xml_note(s, orcid_work_finish(s->ctx, w, s->owner, s->owner_name));
}

/* An element of the person, a record summary or an employment. */
static void orcid_xml_person_start(struct orcid_xml *s)
{
    struct bz_arena *doc = &s->doc;
    struct orcid_person *p = &s->person;

    if (orcid_xml_is(s, "given-names", "name"))
        p->given = bz_import_plain_text(doc, orcid_xml_text(s, doc));
    else if (orcid_xml_is(s, "family-name", "name"))
        p->family = bz_import_plain_text(doc, orcid_xml_text(s, doc));
    else if (orcid_xml_is(s, "credit-name", "name") ||
             orcid_xml_is(s, "credit-name", "record-summary"))
        p->credit = bz_import_plain_text(doc, orcid_xml_text(s, doc));
    else if (orcid_xml_is(s, "content", "other-name"))
        orcid_person_add_name(p, doc, orcid_xml_text(s, doc));
    else if (orcid_xml_is(s, "email", "emails"))
        s->email_visibility = bz_xml_attribute(&s->x, doc, "visibility");
    else if (orcid_xml_is(s, "email", "email"))
        orcid_person_add_email(p, doc, orcid_xml_text(s, doc),
                               s->email_visibility);
    else if (orcid_xml_is(s, "external-id-type", "external-identifier"))
        s->pid.type = orcid_xml_text(s, doc);
    else if (orcid_xml_is(s, "external-id-value", "external-identifier"))
        s->pid.value = orcid_xml_text(s, doc);
}

static void orcid_xml_affiliation_start(struct orcid_xml *s)
{
    struct bz_arena *doc = &s->doc;

    if (orcid_xml_is(s, "name", "organization") ||
        orcid_xml_is(s, "organization-name", "employment"))
        s->pid.org = orcid_xml_text(s, doc);
    else if (orcid_xml_is(s, "country", "address"))
        s->pid.country = orcid_xml_text(s, doc);
    else if (orcid_xml_is(s, "disambiguated-organization-identifier", NULL))
        s->pid.dis_id = orcid_xml_text(s, doc);
    else if (orcid_xml_is(s, "disambiguation-source", NULL))
        s->pid.dis_source = orcid_xml_text(s, doc);
    else if (orcid_xml_is(s, "end-date", NULL))
        s->pid.ended = 1;
}

static void orcid_xml_begin_person(struct orcid_xml *s, int summary)
{
    orcid_xml_send_person(s);
    memset(&s->person, 0, sizeof(s->person));
    memset(&s->pid, 0, sizeof(s->pid));
    s->person.line = bz_xml_line(&s->x);
    s->in_person = !summary;
    s->in_summary = summary;
    orcid_xml_set_owner(s, bz_xml_attribute(&s->x, &s->doc, "path"));
}

static void orcid_xml_element_start(struct orcid_xml *s)
{
    const char *name = orcid_xml_up(s, 0);

    if (s->depth == 1)
        orcid_xml_set_owner(s, bz_xml_attribute(&s->x, &s->doc, "path"));
    if (orcid_xml_is(s, "path", "orcid-identifier") &&
        !orcid_xml_inside(s, "result"))
        orcid_xml_set_owner(s, orcid_xml_text(s, &s->doc));

    if (s->work_depth) {
        if (!s->work_ignored)
            orcid_xml_work_start(s);
        return;
    }
    if (strcmp(name, "person") == 0)
        orcid_xml_begin_person(s, 0);
    else if (strcmp(name, "record-summary") == 0)
        orcid_xml_begin_person(s, 1);
    else if (strcmp(name, "group") == 0)
        s->group_works = 0;
    else if (strcmp(name, "work-summary") == 0 ||
             (strcmp(name, "work") == 0 && s->depth <= 2))
        orcid_xml_start_work(s);
    else if (strcmp(name, "employment-summary") == 0 ||
             orcid_xml_is(s, "employment", "employments")) {
        s->in_affiliation = 1;
        memset(&s->pid, 0, sizeof(s->pid));
    } else if (s->in_affiliation)
        orcid_xml_affiliation_start(s);
    else if (s->in_person || s->in_summary)
        orcid_xml_person_start(s);
}

static void orcid_xml_element_end(struct orcid_xml *s)
{
    const char *name = orcid_xml_up(s, 0);

    if (s->work_depth) {
        if (s->depth == s->work_depth)
            orcid_xml_finish_work(s);
        else if (!s->work_ignored)
            orcid_xml_work_end(s);
        return;
    }
    if (s->in_affiliation && (strcmp(name, "employment-summary") == 0 ||
                              orcid_xml_is(s, "employment", "employments"))) {
        s->in_affiliation = 0;
        orcid_person_add_affiliation(&s->person, &s->doc, s->pid.org,
                                     s->pid.country, s->pid.dis_source,
                                     s->pid.dis_id, s->pid.ended);
        memset(&s->pid, 0, sizeof(s->pid));
    } else if ((s->in_person || s->in_summary) &&
               strcmp(name, "external-identifier") == 0) {
        orcid_person_add_id(&s->person, &s->doc, s->pid.type, s->pid.value);
        s->pid.type = s->pid.value = NULL;
    } else if (strcmp(name, "person") == 0 && s->in_person) {
        s->in_person = 0;
        s->person_pending = 1; /* given at the first work, or the end, so
                                  that the record's employments join it */
        if (s->owner_name == NULL)
            s->owner_name = orcid_person_name(&s->person, &s->doc);
    } else if (strcmp(name, "record-summary") == 0 && s->in_summary) {
        s->in_summary = 0;
        s->person_pending = 1;
    }
}

/* Reads one node: pushes and pops the element names. */
static void orcid_xml_node(struct orcid_xml *s)
{
    int type = xmlTextReaderNodeType(s->x.reader);

    if (type == XML_READER_TYPE_ELEMENT) {
        int empty = xmlTextReaderIsEmptyElement(s->x.reader) == 1;

        if (s->depth < ORCID_XML_DEPTH)
            snprintf(s->names[s->depth], ORCID_XML_NAME, "%s",
                     bz_xml_name(&s->x));
        s->depth++;
        orcid_xml_element_start(s);
        if (empty) {
            orcid_xml_element_end(s);
            s->depth--;
        }
    } else if (type == XML_READER_TYPE_END_ELEMENT && s->depth > 0) {
        orcid_xml_element_end(s);
        s->depth--;
    }
}

static enum bz_status orcid_xml_read(struct bz_import_input *in,
                                     struct bz_import_context *ctx,
                                     struct bz_error *err)
{
    static const char *const roots[] = {
        "record",         "person", "works", "work", "activities-summary",
        "record-summary", "bulk",   NULL};
    struct orcid_xml *s = calloc(1, sizeof(*s));
    enum bz_status rc = BZ_OK;
    int got = 0, known = 0;
    size_t i;

    if (s == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    s->ctx = ctx;
    bz_arena_init(&s->doc, 0);
    if ((rc = bz_xml_open(&s->x, in, NULL, NULL, err)) != BZ_OK)
        goto release;
    while (!s->stopped && (got = bz_xml_next(&s->x)) == 1)
        orcid_xml_node(s);
    if (!s->stopped && got < 0) {
        rc = bz_xml_failure(&s->x, err);
        goto release;
    }
    if (!s->stopped)
        orcid_xml_send_person(s);
    for (i = 0; roots[i]; i++)
        known |= strcmp(s->names[0], roots[i]) == 0;
    if (!s->stopped && s->records == 0 && !known)
        bz_import_skip(ctx, 1, orcid_no_record);

release:
    bz_xml_release(&s->x);
    bz_arena_release(&s->doc);
    free(s);
    return rc;
}

const struct bz_reader bz_reader_orcid_xml = {
    .name = "orcid-xml",
    .detect = orcid_xml_detect,
    .read = orcid_xml_read,
};
