/* reader_arxiv.c - arXiv metadata in its four shapes: OAI-PMH XML ("arXiv",
 * "arXivRaw" and "oai_dc" records), the API's Atom feed, legacy .abs files
 * and the metadata snapshot's JSON Lines. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/text.h"
#include "import/arxiv_ids.h"
#include "import/import.h"
#include "import/import_openalex.h"
#include "import/json_tree.h"
#include "import/reader.h"
#include "import/xml_input.h"

/* Most authors kept per work, as for OpenAlex: the first ones. */
#define ARXIV_MAX_AUTHORS 5000
/* Most categories, affiliations per author, and OAI sets kept. */
#define ARXIV_MAX_TOPICS 64
#define ARXIV_MAX_AFFILIATIONS 16
#define ARXIV_MAX_LIST 64
/* Longest field of an .abs header (author lists get the record's cap). */
#define ABS_FIELD_MAX (64u * 1024)

/* --- building one work ---------------------------------------------------- */

/* A record being made; everything in it lives in the record arena. */
struct arxiv_work {
    struct bz_work_record record;
    struct bz_import_context *ctx;
    struct bz_arena *arena;
    struct bz_external_id ids[3];
    char id[BZ_ARXIV_ID_MAX]; /* canonical, or "" */
    const char *bad_id;       /* an id seen that was not an arXiv id */
    const char *journal_doi;  /* normalised, or NULL */
    size_t author_alloc, topic_alloc;
    int unranked; /* the source does not say which topic is primary */
    int nomem;    /* something did not fit in the arena */
};

static int arxiv_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void arxiv_begin(struct arxiv_work *w, struct bz_import_context *ctx)
{
    bz_import_record_begin(ctx);
    memset(w, 0, sizeof(*w));
    w->ctx = ctx;
    w->arena = bz_import_record_arena(ctx);
    w->record.source = "arxiv";
    w->record.type = "preprint";
    w->record.venue = "arXiv";
    w->record.open_access = 1;
    w->record.ids = w->ids;
}

/* The n bytes at s with white space runs made one space and trimmed, in
 * the arena; NULL when nothing is left (or out of memory: nomem set). */
static char *arxiv_text(struct arxiv_work *w, const char *s, size_t n)
{
    char *out = bz_arena_alloc(w->arena, n + 1);
    size_t o = 0;
    int space = 0;

    if (out == NULL) {
        w->nomem = 1;
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        if (arxiv_space(s[i]) || s[i] == '\0') {
            space = o > 0;
            continue;
        }
        if (space)
            out[o++] = ' ';
        space = 0;
        out[o++] = s[i];
    }
    out[o] = '\0';
    return o ? out : NULL;
}

/* s, an arena string just made; notes when it could not be. */
static char *arxiv_made(struct arxiv_work *w, char *s)
{
    if (s == NULL)
        w->nomem = 1;
    return s;
}

/* s as UTF-8: itself when it is valid, else read as Latin-1 (the
 * encoding of some old .abs files). */
static char *arxiv_utf8(struct arxiv_work *w, char *s)
{
    size_t n = strlen(s), o = 0;
    char *out;

    if (bz_text_utf8_valid(s, n))
        return s;
    out = bz_arena_alloc(w->arena, 2 * n + 1);
    if (out == NULL) {
        w->nomem = 1;
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];

        if (c < 0x80) {
            out[o++] = (char)c;
        } else {
            out[o++] = (char)(0xc0 | (c >> 6));
            out[o++] = (char)(0x80 | (c & 0x3f));
        }
    }
    out[o] = '\0';
    return out;
}

/* Replaces control bytes in a reason, which quotes the input. */
static const char *arxiv_reason(char *reason)
{
    for (char *p = reason; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            *p = '?';
    return reason;
}

/* Takes the n bytes at s as the work's arXiv id; 0 when they are not one
 * (kept in bad_id for the report). The first valid id wins. */
static int arxiv_set_id(struct arxiv_work *w, const char *s, size_t n)
{
    char id[BZ_ARXIV_ID_MAX];

    if (!bz_arxiv_id_parse(s, n, id, NULL)) {
        if (w->bad_id == NULL)
            w->bad_id = arxiv_text(w, s, n > 64 ? 64 : n);
        return 0;
    }
    if (w->id[0] == '\0')
        memcpy(w->id, id, sizeof(id));
    return 1;
}

/* The first DOI of the n bytes at s (a field may list several, the later
 * ones errata), normalised; ignored when it is not a DOI. */
static void arxiv_set_doi(struct arxiv_work *w, const char *s, size_t n)
{
    size_t start = 0, end;
    char *token, *doi;

    if (w->journal_doi != NULL)
        return;
    while (start < n && (arxiv_space(s[start]) || s[start] == ','))
        start++;
    end = start;
    while (end < n && !arxiv_space(s[end]) && s[end] != ',' && s[end] != ';')
        end++;
    token = arxiv_text(w, s + start, end - start);
    if (token == NULL)
        return;
    doi = bz_openalex_normalise_doi(w->arena, token);
    if (doi == NULL) {
        w->nomem = 1;
        return;
    }
    if (strncmp(doi, "10.", 3) == 0 && strchr(doi, '/') != NULL)
        w->journal_doi = doi;
}

/* The year in a date ("2014-01-09", "Mon, 2 Apr 2007 19:18:42 GMT"): its
 * first run of exactly four digits; 0 when there is none. */
static int arxiv_date_year(const char *s, size_t n)
{
    size_t i = 0;

    while (i < n) {
        size_t k = 0;

        while (i + k < n && s[i + k] >= '0' && s[i + k] <= '9')
            k++;
        if (k == 4)
            return (s[i] - '0') * 1000 + (s[i + 1] - '0') * 100 +
                   (s[i + 2] - '0') * 10 + (s[i + 3] - '0');
        i += k ? k : 1;
    }
    return 0;
}

static void arxiv_set_year(struct arxiv_work *w, const char *s, size_t n)
{
    int year = arxiv_date_year(s, n);

    if (w->record.publication_year == 0 && year >= 1000)
        w->record.publication_year = year;
}

/* --- authors -------------------------------------------------------------- */

/* 1 when the name has a letter or a digit (any non-ASCII byte counts):
 * the ":" some OAI records carry between collaborations is no author. */
static int arxiv_has_word(const char *s)
{
    for (; *s; s++)
        if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
            (*s >= '0' && *s <= '9') || (unsigned char)*s >= 0x80)
            return 1;
    return 0;
}

/* Adds an author named by the n bytes at s (squeezed); returns its index,
 * or -1 when the name is empty or the list is full. */
static long arxiv_author_add(struct arxiv_work *w, const char *s, size_t n)
{
    struct bz_work_record *r = &w->record;
    char *name = arxiv_text(w, s, n);

    if (name == NULL || !arxiv_has_word(name) ||
        r->author_count >= ARXIV_MAX_AUTHORS)
        return -1;
    if (r->author_count == w->author_alloc) {
        size_t alloc = w->author_alloc ? w->author_alloc * 2 : 16;
        struct bz_author_record *a =
            bz_arena_calloc(w->arena, alloc, sizeof(*a));

        if (a == NULL) {
            w->nomem = 1;
            return -1;
        }
        if (r->author_count)
            memcpy(a, r->authors, r->author_count * sizeof(*a));
        r->authors = a;
        w->author_alloc = alloc;
    }
    memset(&r->authors[r->author_count], 0, sizeof(*r->authors));
    r->authors[r->author_count].raw_name = name;
    return (long)r->author_count++;
}

/* Gives author index an institution named by the n bytes at s. */
static void arxiv_author_institution(struct arxiv_work *w, long index,
                                     const char *s, size_t n)
{
    struct bz_author_record *a;
    struct bz_institution_record *list;
    char *name;

    if (index < 0 || (size_t)index >= w->record.author_count)
        return;
    a = &w->record.authors[index];
    name = arxiv_text(w, s, n);
    if (name == NULL || !arxiv_has_word(name) ||
        a->institution_count >= ARXIV_MAX_AFFILIATIONS)
        return;
    list = bz_arena_calloc(w->arena, a->institution_count + 1, sizeof(*list));
    if (list == NULL) {
        w->nomem = 1;
        return;
    }
    if (a->institution_count)
        memcpy(list, a->institutions, a->institution_count * sizeof(*list));
    list[a->institution_count].display_name = name;
    a->institutions = list;
    a->institution_count++;
}

static int arxiv_word_is(const char *s, size_t n, const char *const *words)
{
    for (size_t i = 0; words[i]; i++)
        if (strlen(words[i]) == n && strncasecmp(s, words[i], n) == 0)
            return 1;
    return 0;
}

/* "Jr.", "III", ...: a name suffix written as an item of its own. */
static int arxiv_is_suffix(const char *s, size_t n)
{
    static const char *const suffixes[] = {"Jr", "Jr.", "Sr", "Sr.",
                                           "II", "III", "IV", NULL};

    return arxiv_word_is(s, n, suffixes);
}

/* One item of a free-text author list; last is the author the list added
 * last (-1: none), and the answer is the new last. */
static long arxiv_author_item(struct arxiv_work *w, const char *s, size_t n,
                              long last)
{
    static const char *const et_al[] = {"et al",  "et al.", "et. al.",
                                        "et.al.", "et.al",  NULL};
    struct bz_author_record *a;
    char *item = arxiv_text(w, s, n);
    size_t len;
    long index;

    if (item == NULL)
        return last;
    len = strlen(item);
    if (arxiv_word_is(item, len, et_al))
        return last;
    if (last >= 0 && arxiv_is_suffix(item, len)) {
        a = &w->record.authors[last];
        a->raw_name = arxiv_made(
            w, bz_arena_printf(w->arena, "%s %s", a->raw_name, item));
        if (a->raw_name == NULL)
            a->raw_name = "?"; /* nomem is set: the record is skipped */
        return last;
    }
    index = arxiv_author_add(w, item, len);
    return index >= 0 ? index : last;
}

/* Where a leading "LHCb Collaboration:" ends (the index of its colon), so
 * that the collaboration stays one name; n when the list has none. */
static size_t arxiv_collaboration_end(const char *s, size_t n)
{
    int paren = 0;

    for (size_t i = 0; i < n; i++) {
        if (s[i] == '(')
            paren++;
        else if (s[i] == ')' && paren > 0)
            paren--;
        else if (paren == 0 && (s[i] == ',' || s[i] == ';'))
            return n;
        else if (paren == 0 && s[i] == ':')
            return i;
    }
    return n;
}

/* 1 when s[i] begins a separator between two authors: ',', ';', '&' or
 * " and "; *skip is how many more bytes it takes. */
static int arxiv_separator(const char *s, size_t n, size_t i, size_t *skip)
{
    *skip = 0;
    if (s[i] == ',' || s[i] == ';')
        return 1;
    if (s[i] == '&')
        return i == 0 || s[i - 1] != '\\';
    if (arxiv_space(s[i]) && i + 4 <= n && strncmp(s + i + 1, "and", 3) == 0 &&
        (i + 4 == n || arxiv_space(s[i + 4]))) {
        *skip = 3;
        return 1;
    }
    return 0;
}

/* Splits a free-text author list ("A, B and C", "A, B, and C", "X
 * Collaboration: A, B, et al") into authors. Parenthesised notes (the
 * affiliations of .abs lists, nested or not) are not part of names; TeX
 * braces are kept whole. */
static void arxiv_author_list(struct arxiv_work *w, const char *s, size_t n)
{
    size_t collaboration = arxiv_collaboration_end(s, n), len = 0, skip;
    char *item = bz_arena_alloc(w->arena, n + 1);
    int paren = 0, brace = 0;
    long last = -1;

    if (item == NULL) {
        w->nomem = 1;
        return;
    }
    for (size_t i = 0; i < n; i++) {
        char c = s[i];

        if (c == '(' && brace == 0) {
            paren++;
            continue;
        }
        if (paren > 0) {
            if (c == ')' && --paren == 0)
                item[len++] = ' ';
            continue;
        }
        if (c == '{')
            brace++;
        else if (c == '}' && brace > 0)
            brace--;
        if (brace == 0 &&
            (i == collaboration ||
             (i > collaboration && arxiv_separator(s, n, i, &skip)) ||
             (collaboration == n && arxiv_separator(s, n, i, &skip)))) {
            last = arxiv_author_item(w, item, len, last);
            len = 0;
            if (i != collaboration)
                i += skip;
            continue;
        }
        item[len++] = c;
    }
    arxiv_author_item(w, item, len, last);
}

/* --- topics --------------------------------------------------------------- */

/* Adds the category code at s (n bytes) with its archive as parent; an
 * invalid or repeated code is ignored. */
static void arxiv_topic_add(struct arxiv_work *w, const char *s, size_t n)
{
    struct bz_work_record *r = &w->record;
    struct bz_topic_record *t;
    size_t archive;

    if (!bz_arxiv_category_valid(s, n) || r->topic_count >= ARXIV_MAX_TOPICS)
        return;
    for (size_t i = 0; i < r->topic_count; i++)
        if (strlen(r->topics[i].external_id) == n &&
            memcmp(r->topics[i].external_id, s, n) == 0)
            return;
    if (r->topic_count == w->topic_alloc) {
        size_t alloc = w->topic_alloc ? w->topic_alloc * 2 : 8;
        struct bz_topic_record *list =
            bz_arena_calloc(w->arena, alloc, sizeof(*list));

        if (list == NULL) {
            w->nomem = 1;
            return;
        }
        if (r->topic_count)
            memcpy(list, r->topics, r->topic_count * sizeof(*list));
        r->topics = list;
        w->topic_alloc = alloc;
    }
    t = &r->topics[r->topic_count];
    memset(t, 0, sizeof(*t));
    t->scheme = "arxiv";
    t->external_id = t->display_name = bz_arena_strndup(w->arena, s, n);
    /* the primary category ranks first (the store orders by score) */
    t->score = r->topic_count == 0 && !w->unranked ? 1.0 : 0.5;
    archive = bz_arxiv_category_archive_len(s, n);
    if (archive < n) {
        t->level = "category";
        t->parents = bz_arena_calloc(w->arena, 1, sizeof(*t->parents));
        if (t->parents == NULL || t->external_id == NULL) {
            w->nomem = 1;
            return;
        }
        t->parents[0].scheme = "arxiv";
        t->parents[0].external_id = t->parents[0].display_name =
            bz_arena_strndup(w->arena, s, archive);
        t->parents[0].level = "archive";
        t->parents[0].score = 1.0;
        t->parent_count = 1;
        if (t->parents[0].external_id == NULL) {
            w->nomem = 1;
            return;
        }
    } else {
        /* "hep-th", "quant-ph": an archive that is its own category (no
         * parent, or it would be its own); "math" alone is an archive */
        t->level = bz_arxiv_archive_only(s, n) ? "archive" : "category";
    }
    if (t->external_id == NULL) {
        w->nomem = 1;
        return;
    }
    r->topic_count++;
}

/* Adds each code of a list separated by white space or commas. */
static void arxiv_topic_list(struct arxiv_work *w, const char *s, size_t n)
{
    size_t i = 0;

    while (i < n) {
        size_t k = 0;

        while (i < n && (arxiv_space(s[i]) || s[i] == ','))
            i++;
        while (i + k < n && !arxiv_space(s[i + k]) && s[i + k] != ',')
            k++;
        if (k)
            arxiv_topic_add(w, s + i, k);
        i += k;
    }
}

/* --- handing the work over ------------------------------------------------ */

/* Gives the work to the driver, or reports why it cannot be made; the
 * answer is bz_import_work's or bz_import_skip's. */
static int arxiv_finish(struct arxiv_work *w, long line)
{
    struct bz_work_record *r = &w->record;
    const char *datacite;
    char reason[160];

    if (w->nomem)
        return bz_import_skip(w->ctx, line, "record does not fit in memory");
    if (w->id[0] == '\0') {
        if (w->bad_id == NULL)
            return bz_import_skip(w->ctx, line, "record has no arXiv id");
        snprintf(reason, sizeof(reason), "id '%s' is not an arXiv id",
                 w->bad_id);
        return bz_import_skip(w->ctx, line, arxiv_reason(reason));
    }
    if (r->title == NULL || r->title[0] == '\0') {
        snprintf(reason, sizeof(reason), "record 'arxiv:%s' has no title",
                 w->id);
        return bz_import_skip(w->ctx, line, reason);
    }
    datacite =
        arxiv_made(w, bz_arena_printf(w->arena, "10.48550/arxiv.%s", w->id));
    r->source_record =
        arxiv_made(w, bz_arena_printf(w->arena, "arxiv:%s", w->id));
    r->landing_url = arxiv_made(
        w, bz_arena_printf(w->arena, "https://arxiv.org/abs/%s", w->id));
    if (w->nomem)
        return bz_import_skip(w->ctx, line, "record does not fit in memory");
    w->ids[0] = (struct bz_external_id){"arxiv", w->id, "arxiv"};
    w->ids[1] = (struct bz_external_id){"doi", datacite, "arxiv"};
    r->id_count = 2;
    if (w->journal_doi && strcmp(w->journal_doi, datacite) != 0)
        w->ids[r->id_count++] =
            (struct bz_external_id){"doi", w->journal_doi, "arxiv"};
    if (r->topic_count == 0 && strchr(w->id, '/'))
        /* an old-style id names its archive, which is a category */
        arxiv_topic_add(w, w->id, (size_t)(strchr(w->id, '/') - w->id));
    if (w->nomem)
        return bz_import_skip(w->ctx, line, "record does not fit in memory");
    return bz_import_work(w->ctx, r, line);
}

/* --- detection helpers ---------------------------------------------------- */

/* memmem ignoring ASCII case, for the needles detection looks for. */
static int arxiv_contains(const char *head, size_t len, const char *needle,
                          int ignore_case)
{
    size_t n = strlen(needle);

    if (!ignore_case)
        return memmem(head, len, needle, n) != NULL;
    for (size_t i = 0; i + n <= len; i++)
        if (strncasecmp(head + i, needle, n) == 0)
            return 1;
    return 0;
}

/* --- XML: both readers ---------------------------------------------------- */

/* Reads the input for libxml2, counting its lines so that an error in
 * the document is reported near where reading got to. */
static long arxiv_xml_fill(void *data, char *buf, size_t n,
                           struct bz_error *err)
{
    struct bz_import_input *in = data;
    long got = bz_input_read(in, buf, n, err);

    if (got > 0)
        bz_input_count_lines(in, buf, (size_t)got);
    return got;
}

static int arxiv_xml_element(struct bz_xml *x)
{
    return xmlTextReaderNodeType(x->reader) == XML_READER_TYPE_ELEMENT;
}

/* The text of the current element, squeezed, in the record arena; NULL
 * when empty. */
static char *arxiv_xml_text(struct bz_xml *x, struct arxiv_work *w)
{
    return bz_xml_text(x, w->arena);
}

/* One record read from its start element to its end: 0 to go on, -1 when
 * the run stops; *broken is set when the document failed inside it. */
typedef int arxiv_xml_record_fn(struct bz_xml *x, struct bz_import_context *ctx,
                                int *broken);

/* Streams the document, handing each element called name to record. */
static enum bz_status arxiv_xml_read(struct bz_import_input *in,
                                     struct bz_import_context *ctx,
                                     const char *name,
                                     arxiv_xml_record_fn *record,
                                     struct bz_error *err)
{
    struct bz_xml x;
    enum bz_status status;
    int got, broken = 0;

    status = bz_xml_open(&x, in, arxiv_xml_fill, in, err);
    if (status != BZ_OK)
        return status;
    bz_input_count_lines(in, "\n", 1); /* line numbers start at 1 */
    while ((got = bz_xml_next(&x)) == 1) {
        if (!bz_xml_is_start(&x, name))
            continue;
        if (record(&x, ctx, &broken) < 0)
            break;
        if (broken) {
            got = -1;
            break;
        }
    }
    status = got < 0 ? bz_xml_failure(&x, err) : BZ_OK;
    bz_xml_release(&x);
    return status;
}

/* --- OAI-PMH -------------------------------------------------------------- */

/* https://www.openarchives.org/OAI/openarchivesprotocol.html: an
 * <OAI-PMH> response whose <ListRecords> or <GetRecord> holds <record>s,
 * each a <header> (identifier oai:arXiv.org:ID, datestamp, setSpec) and
 * <metadata> in one of arXiv's formats (export.arxiv.org/oai2):
 *   arXiv    <arXiv><id/><created/><authors><author><keyname/>
 *            <forenames/><suffix/><affiliation/></author></authors>
 *            <title/><categories/><doi/><abstract/>...</arXiv>
 *   arXivRaw <arXivRaw><id/><version version="v1"><date/></version>
 *            <title/><authors>free text</authors><categories/>...
 *   oai_dc   <oai_dc:dc><dc:title/><dc:creator>Last, First</dc:creator>
 *            <dc:description/><dc:date/><dc:identifier/>...</oai_dc:dc>
 * A harvest split over several responses ends each with a
 * <resumptionToken>, which needs nothing here: each file is read whole. */

enum oai_format { OAI_UNKNOWN, OAI_ARXIV, OAI_ARXIV_RAW, OAI_DC };

struct oai_record {
    struct arxiv_work work;
    enum oai_format format;
    int in_header, deleted;
    const char *header_id, *datestamp;
    const char *sets[ARXIV_MAX_LIST];
    size_t set_count;
    /* the <author> being read (arXiv format) */
    const char *keyname, *forenames, *suffix;
    const char *affiliations[ARXIV_MAX_AFFILIATIONS];
    size_t affiliation_count;
    int have_abstract, have_date;
};

/* "Forenames Keyname Suffix" of the <author> just read. */
static void oai_author_end(struct oai_record *o)
{
    struct arxiv_work *w = &o->work;
    const char *name;
    long index;

    if (o->keyname == NULL && o->forenames == NULL)
        return;
    name = arxiv_made(w, bz_arena_printf(w->arena, "%s %s %s",
                                         o->forenames ? o->forenames : "",
                                         o->keyname ? o->keyname : "",
                                         o->suffix ? o->suffix : ""));
    index = name ? arxiv_author_add(w, name, strlen(name)) : -1;
    for (size_t i = 0; i < o->affiliation_count; i++)
        arxiv_author_institution(w, index, o->affiliations[i],
                                 strlen(o->affiliations[i]));
    o->keyname = o->forenames = o->suffix = NULL;
    o->affiliation_count = 0;
}

/* dc:creator "Last, First" (or "Last, First, Jr.", "Last, Jr., First")
 * as "First Last Jr."; a name without a comma as it is. */
static void oai_dc_creator(struct arxiv_work *w, const char *s)
{
    const char *comma = strchr(s, ','), *first, *second, *suffix = "";
    size_t first_len;
    char *name;

    if (comma == NULL) {
        arxiv_author_add(w, s, strlen(s));
        return;
    }
    first = comma + 1;
    while (*first == ' ')
        first++;
    first_len = strlen(first);
    second = strchr(first, ',');
    if (second) {
        const char *after = second + 1;
        size_t middle = (size_t)(second - first);

        while (*after == ' ')
            after++;
        if (arxiv_is_suffix(after, strlen(after))) {
            suffix = after;
            first_len = middle;
        } else if (arxiv_is_suffix(first, middle)) {
            suffix = arxiv_made(w, bz_arena_strndup(w->arena, first, middle));
            first = after;
            first_len = strlen(after);
        }
    }
    name = arxiv_made(
        w, bz_arena_printf(w->arena, "%.*s %.*s %s", (int)first_len, first,
                           (int)(comma - s), s, suffix ? suffix : ""));
    if (name)
        arxiv_author_add(w, name, strlen(name));
}

static void oai_header_element(struct bz_xml *x, struct oai_record *o)
{
    struct arxiv_work *w = &o->work;

    if (bz_xml_is_start(x, "identifier")) {
        o->header_id = arxiv_xml_text(x, w);
    } else if (bz_xml_is_start(x, "datestamp")) {
        o->datestamp = arxiv_xml_text(x, w);
    } else if (bz_xml_is_start(x, "setSpec") && o->set_count < ARXIV_MAX_LIST) {
        o->sets[o->set_count] = arxiv_xml_text(x, w);
        if (o->sets[o->set_count])
            o->set_count++;
    }
}

/* The fields of the arXiv and arXivRaw formats that are read. */
enum oai_field {
    OAI_NONE,
    OAI_ID,
    OAI_TITLE,
    OAI_ABSTRACT,
    OAI_CATEGORIES,
    OAI_DOI,
    OAI_CREATED,
    OAI_AUTHORS,
    OAI_KEYNAME,
    OAI_FORENAMES,
    OAI_SUFFIX,
    OAI_AFFILIATION
};

static enum oai_field oai_field_of(const char *name, enum oai_format format)
{
    static const struct {
        const char *name;
        enum oai_field field;
    } fields[] = {
        {"id", OAI_ID},
        {"title", OAI_TITLE},
        {"abstract", OAI_ABSTRACT},
        {"categories", OAI_CATEGORIES},
        {"doi", OAI_DOI},
        {"created", OAI_CREATED},
        {"keyname", OAI_KEYNAME},
        {"forenames", OAI_FORENAMES},
        {"suffix", OAI_SUFFIX},
        {"affiliation", OAI_AFFILIATION},
    };

    /* arXivRaw: <authors> is the free-text list, and the first <date>
     * (inside <version version="v1">) the first version's */
    if (format == OAI_ARXIV_RAW && strcmp(name, "authors") == 0)
        return OAI_AUTHORS;
    if (format == OAI_ARXIV_RAW && strcmp(name, "date") == 0)
        return OAI_CREATED;
    for (size_t i = 0; i < sizeof(fields) / sizeof(*fields); i++)
        if (strcmp(name, fields[i].name) == 0)
            return fields[i].field;
    return OAI_NONE;
}

/* An element of the arXiv or arXivRaw format. */
static void oai_arxiv_element(struct bz_xml *x, struct oai_record *o)
{
    struct arxiv_work *w = &o->work;
    enum oai_field field = oai_field_of(bz_xml_name(x), o->format);
    char *text;

    if (field == OAI_NONE || (text = arxiv_xml_text(x, w)) == NULL)
        return;
    switch (field) {
    case OAI_ID:
        arxiv_set_id(w, text, strlen(text));
        break;
    case OAI_TITLE:
        if (w->record.title == NULL)
            w->record.title = text;
        break;
    case OAI_ABSTRACT:
        if (w->record.abstract == NULL)
            w->record.abstract = text;
        break;
    case OAI_CATEGORIES:
        arxiv_topic_list(w, text, strlen(text));
        break;
    case OAI_DOI:
        arxiv_set_doi(w, text, strlen(text));
        break;
    case OAI_CREATED:
        arxiv_set_year(w, text, strlen(text)); /* the first version's */
        break;
    case OAI_AUTHORS:
        arxiv_author_list(w, text, strlen(text));
        break;
    case OAI_KEYNAME:
        o->keyname = text;
        break;
    case OAI_FORENAMES:
        o->forenames = text;
        break;
    case OAI_SUFFIX:
        o->suffix = text;
        break;
    case OAI_AFFILIATION:
        if (o->affiliation_count < ARXIV_MAX_AFFILIATIONS)
            o->affiliations[o->affiliation_count++] = text;
        break;
    case OAI_NONE:
        break;
    }
}

/* An element of Dublin Core. */
static void oai_dc_element(struct bz_xml *x, struct oai_record *o)
{
    struct arxiv_work *w = &o->work;
    const char *name = bz_xml_name(x);
    char *text = arxiv_xml_text(x, w);

    if (text == NULL)
        return;
    if (strcmp(name, "title") == 0 && w->record.title == NULL) {
        w->record.title = text;
    } else if (strcmp(name, "creator") == 0) {
        oai_dc_creator(w, text);
    } else if (strcmp(name, "description") == 0 && !o->have_abstract &&
               strncmp(text, "Comment:", 8) != 0) {
        w->record.abstract = text;
        o->have_abstract = 1;
    } else if (strcmp(name, "date") == 0 && !o->have_date) {
        arxiv_set_year(w, text, strlen(text)); /* the first version's */
        o->have_date = 1;
    } else if (strcmp(name, "identifier") == 0) {
        if (strncasecmp(text, "doi:", 4) == 0 ||
            strncasecmp(text, "10.", 3) == 0 || strstr(text, "doi.org/"))
            arxiv_set_doi(w, text, strlen(text));
        else if (strstr(text, "arxiv.org/abs/"))
            arxiv_set_id(w, text, strlen(text));
        /* the rest are citations of the published version */
    }
}

static void oai_element(struct bz_xml *x, struct oai_record *o)
{
    const char *name = bz_xml_name(x);

    if (strcmp(name, "header") == 0) {
        char *status = bz_xml_attribute(x, o->work.arena, "status");

        o->in_header = 1;
        o->deleted = status && strcmp(status, "deleted") == 0;
    } else if (o->in_header) {
        oai_header_element(x, o);
    } else if (o->format == OAI_UNKNOWN) {
        if (strcmp(name, "arXiv") == 0)
            o->format = OAI_ARXIV;
        else if (strcmp(name, "arXivRaw") == 0)
            o->format = OAI_ARXIV_RAW;
        else if (strcmp(name, "dc") == 0)
            o->format = OAI_DC;
    } else if (o->format == OAI_DC) {
        oai_dc_element(x, o);
    } else {
        oai_arxiv_element(x, o);
    }
}

static int oai_finish(struct oai_record *o, long line)
{
    struct arxiv_work *w = &o->work;

    if (o->deleted)
        return 0; /* a deleted record: nothing to make, nothing wrong */
    if (o->format == OAI_UNKNOWN)
        return bz_import_skip(w->ctx, line,
                              "record has no metadata in the arXiv, "
                              "arXivRaw or oai_dc format");
    if (w->id[0] == '\0' && w->bad_id == NULL && o->header_id)
        arxiv_set_id(w, o->header_id, strlen(o->header_id));
    if (o->datestamp)
        arxiv_set_year(w, o->datestamp, strlen(o->datestamp));
    w->unranked = o->format == OAI_DC;
    if (o->format == OAI_DC)
        /* Dublin Core names subjects in words; the sets ("cs",
         * "physics:hep-th") give the archives, in no particular order */
        for (size_t i = 0; i < o->set_count; i++) {
            const char *colon = strchr(o->sets[i], ':');
            const char *code = colon ? colon + 1 : o->sets[i];

            arxiv_topic_add(w, code, strlen(code));
        }
    return arxiv_finish(w, line);
}

static int oai_record(struct bz_xml *x, struct bz_import_context *ctx,
                      int *broken)
{
    struct oai_record o;
    long line = bz_xml_line(x);
    int got = 1;

    memset(&o, 0, sizeof(o));
    arxiv_begin(&o.work, ctx);
    if (!bz_xml_is_end(x, "record")) {
        while ((got = bz_xml_next(x)) == 1 && !bz_xml_is_end(x, "record")) {
            if (arxiv_xml_element(x))
                oai_element(x, &o);
            if (bz_xml_is_end(x, "header"))
                o.in_header = 0;
            if (o.format == OAI_ARXIV && bz_xml_is_end(x, "author"))
                oai_author_end(&o);
        }
    }
    if (got != 1) {
        *broken = 1; /* the document ended or broke inside the record */
        return 0;
    }
    return oai_finish(&o, line);
}

static int oai_detect(const char *head, size_t len, const char *name)
{
    (void)name;
    return arxiv_contains(head, len, "<OAI-PMH", 0) &&
           (arxiv_contains(head, len, "<arXiv", 0) ||
            arxiv_contains(head, len, "oai_dc", 0) ||
            arxiv_contains(head, len, "http://arxiv.org/OAI/arXiv/", 0));
}

static enum bz_status oai_read(struct bz_import_input *in,
                               struct bz_import_context *ctx,
                               struct bz_error *err)
{
    return arxiv_xml_read(in, ctx, "record", oai_record, err);
}

const struct bz_reader bz_reader_arxiv_oai = {
    .name = "arxiv-oai",
    .detect = oai_detect,
    .read = oai_read,
};

/* --- the API's Atom feed -------------------------------------------------- */

/* https://info.arxiv.org/help/api/user-manual.html: a <feed> (Atom 1.0)
 * of <entry>s, each with <id> (the abs address with its version),
 * <published> (the first version's date), <title>, <summary>, <author>s
 * (<name>, maybe <arxiv:affiliation>), <arxiv:doi>, <link title="doi">,
 * <arxiv:primary_category term=""> and <category term="">s. A failed query
 * answers one entry whose id is https://arxiv.org/api/errors#... . */

struct atom_entry {
    struct arxiv_work work;
    const char *raw_id, *summary, *updated, *link_doi, *primary;
    const char *categories[ARXIV_MAX_TOPICS];
    size_t category_count;
    size_t author_first; /* the first author the current <author> gave */
    int in_author;
};

static void atom_element(struct bz_xml *x, struct atom_entry *e)
{
    struct arxiv_work *w = &e->work;
    const char *name = bz_xml_name(x);
    char *text;

    if (strcmp(name, "author") == 0) {
        e->in_author = 1;
        e->author_first = w->record.author_count;
    } else if (strcmp(name, "primary_category") == 0) {
        if (e->primary == NULL)
            e->primary = bz_xml_attribute(x, w->arena, "term");
    } else if (strcmp(name, "category") == 0) {
        if (e->category_count < ARXIV_MAX_TOPICS &&
            (e->categories[e->category_count] =
                 bz_xml_attribute(x, w->arena, "term")) != NULL)
            e->category_count++;
    } else if (strcmp(name, "link") == 0) {
        char *title = bz_xml_attribute(x, w->arena, "title");

        if (title && strcmp(title, "doi") == 0 && e->link_doi == NULL)
            e->link_doi = bz_xml_attribute(x, w->arena, "href");
    } else if (e->in_author) {
        if ((text = arxiv_xml_text(x, w)) == NULL)
            return;
        if (strcmp(name, "name") == 0)
            arxiv_author_list(w, text, strlen(text));
        else if (strcmp(name, "affiliation") == 0)
            for (size_t i = e->author_first; i < w->record.author_count; i++)
                arxiv_author_institution(w, (long)i, text, strlen(text));
    } else if (strcmp(name, "id") == 0) {
        if (e->raw_id == NULL)
            e->raw_id = arxiv_xml_text(x, w);
    } else if (strcmp(name, "title") == 0) {
        if (w->record.title == NULL)
            w->record.title = arxiv_xml_text(x, w);
    } else if (strcmp(name, "summary") == 0) {
        if (e->summary == NULL)
            e->summary = arxiv_xml_text(x, w);
    } else if (strcmp(name, "updated") == 0) {
        if (e->updated == NULL)
            e->updated = arxiv_xml_text(x, w);
    } else if (strcmp(name, "published") == 0 || strcmp(name, "doi") == 0) {
        if ((text = arxiv_xml_text(x, w)) == NULL)
            return;
        if (name[0] == 'p')
            arxiv_set_year(w, text, strlen(text));
        else
            arxiv_set_doi(w, text, strlen(text));
    }
}

static int atom_finish(struct atom_entry *e, long line)
{
    struct arxiv_work *w = &e->work;
    char reason[200];

    if (e->raw_id && strstr(e->raw_id, "/api/errors")) {
        snprintf(reason, sizeof(reason), "the feed reports an error: %.120s",
                 e->summary ? e->summary : e->raw_id);
        return bz_import_skip(w->ctx, line, arxiv_reason(reason));
    }
    if (e->raw_id)
        arxiv_set_id(w, e->raw_id, strlen(e->raw_id));
    w->record.abstract = e->summary;
    if (e->updated) /* no <published>: the latest version's date */
        arxiv_set_year(w, e->updated, strlen(e->updated));
    if (e->link_doi)
        arxiv_set_doi(w, e->link_doi, strlen(e->link_doi));
    if (e->primary)
        arxiv_topic_add(w, e->primary, strlen(e->primary));
    for (size_t i = 0; i < e->category_count; i++)
        arxiv_topic_add(w, e->categories[i], strlen(e->categories[i]));
    return arxiv_finish(w, line);
}

static int atom_entry(struct bz_xml *x, struct bz_import_context *ctx,
                      int *broken)
{
    struct atom_entry e;
    long line = bz_xml_line(x);
    int got = 1;

    memset(&e, 0, sizeof(e));
    arxiv_begin(&e.work, ctx);
    if (!bz_xml_is_end(x, "entry")) {
        while ((got = bz_xml_next(x)) == 1 && !bz_xml_is_end(x, "entry")) {
            if (arxiv_xml_element(x))
                atom_element(x, &e);
            if (bz_xml_is_end(x, "author"))
                e.in_author = 0;
        }
    }
    if (got != 1) {
        *broken = 1;
        return 0;
    }
    return atom_finish(&e, line);
}

static int atom_detect(const char *head, size_t len, const char *name)
{
    (void)name;
    return arxiv_contains(head, len, "<feed", 0) &&
           arxiv_contains(head, len, "http://www.w3.org/2005/Atom", 0) &&
           arxiv_contains(head, len, "arxiv", 1);
}

static enum bz_status atom_read(struct bz_import_input *in,
                                struct bz_import_context *ctx,
                                struct bz_error *err)
{
    return arxiv_xml_read(in, ctx, "entry", atom_entry, err);
}

const struct bz_reader bz_reader_arxiv_atom = {
    .name = "arxiv-atom",
    .detect = atom_detect,
    .read = atom_read,
};

/* --- legacy .abs files ---------------------------------------------------- */

/* The text format arXiv keeps each version's metadata in (arxiv-browse
 * reads it): a line of dashes, a "\\" line, a header of "Key: value"
 * lines (arXiv: or, in older files, Paper: the id; From:; one Date: line
 * per version, the first one v1's; Title:; Authors:; Categories:; DOI:;
 * ...) whose long values go on over indented lines, another "\\", the
 * abstract, and a closing "\\". The abstract may hold "\\" lines of its
 * own (TeX line breaks): the last one closes it. */

enum abs_state { ABS_BEFORE, ABS_HEADER, ABS_ABSTRACT };

struct abs_record {
    struct bz_buf id, title, authors, categories, doi, date, abstract;
    struct bz_buf *field; /* the field indented lines go on, or NULL */
    enum abs_state state;
    size_t abstract_end; /* where the last "\\" line began */
    int closed;          /* the last non-blank line was "\\" */
    int too_long;
    int seen;  /* a "\\" line was met: there is a record */
    long line; /* where the record began */
};

static void abs_init(struct abs_record *a)
{
    memset(a, 0, sizeof(*a));
    bz_buf_init(&a->id, ABS_FIELD_MAX);
    bz_buf_init(&a->title, ABS_FIELD_MAX);
    bz_buf_init(&a->categories, ABS_FIELD_MAX);
    bz_buf_init(&a->doi, ABS_FIELD_MAX);
    bz_buf_init(&a->date, ABS_FIELD_MAX);
    bz_buf_init(&a->authors, BZ_IMPORT_MAX_RECORD);
    bz_buf_init(&a->abstract, BZ_IMPORT_MAX_RECORD);
}

static struct bz_buf *abs_buffers(struct abs_record *a, size_t i)
{
    struct bz_buf *all[] = {&a->id,  &a->title, &a->authors, &a->categories,
                            &a->doi, &a->date,  &a->abstract};

    return i < sizeof(all) / sizeof(*all) ? all[i] : NULL;
}

static void abs_reset(struct abs_record *a, long line)
{
    struct bz_buf *b;

    for (size_t i = 0; (b = abs_buffers(a, i)) != NULL; i++)
        bz_buf_reset(b);
    a->field = NULL;
    a->state = ABS_BEFORE;
    a->abstract_end = 0;
    a->closed = a->too_long = a->seen = 0;
    a->line = line;
}

static void abs_release(struct abs_record *a)
{
    struct bz_buf *b;

    for (size_t i = 0; (b = abs_buffers(a, i)) != NULL; i++)
        bz_buf_release(b);
}

static int abs_is_backslashes(const char *s, size_t n)
{
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        n--;
    return n == 2 && s[0] == '\\' && s[1] == '\\';
}

static int abs_is_dashes(const char *s, size_t n)
{
    size_t i = 0;

    while (i < n && s[i] == '-')
        i++;
    while (i < n && (s[i] == ' ' || s[i] == '\r'))
        i++;
    return n >= 3 && i == n && s[0] == '-';
}

static int abs_key_is(const char *key, size_t n, const char *name)
{
    return strlen(name) == n && strncasecmp(key, name, n) == 0;
}

/* One header line: "Key: value", or an indented continuation. */
static void abs_header_line(struct abs_record *a, const char *s, size_t n)
{
    const char *colon;
    size_t key, at;
    struct bz_buf *field = NULL;

    if (n > 0 && (s[0] == ' ' || s[0] == '\t')) {
        if (a->field) {
            bz_buf_putc(a->field, ' ');
            bz_buf_add(a->field, s, n);
        }
        return;
    }
    a->field = NULL;
    colon = memchr(s, ':', n);
    if (colon == NULL)
        return; /* a blank line, or one that is no field */
    key = (size_t)(colon - s);
    if (abs_key_is(s, key, "arXiv") || abs_key_is(s, key, "Paper") ||
        (key > 6 && strncasecmp(s, "Paper ", 6) == 0))
        field = &a->id;
    else if (abs_key_is(s, key, "Title"))
        field = &a->title;
    else if (abs_key_is(s, key, "Authors") || abs_key_is(s, key, "Author"))
        field = &a->authors;
    else if (abs_key_is(s, key, "Categories"))
        field = &a->categories;
    else if (abs_key_is(s, key, "DOI"))
        field = &a->doi;
    else if (abs_key_is(s, key, "Date"))
        field = &a->date; /* the first Date: line is v1's */
    if (field == NULL || field->len > 0)
        return; /* a field not read, or one seen already */
    at = key + 1;
    bz_buf_add(field, s + at, n - at);
    a->field = field;
}

static const char *abs_data(const struct bz_buf *b)
{
    return b->data ? b->data : "";
}

/* The field's text, squeezed, as UTF-8: old files may be in Latin-1. */
static char *abs_text(struct arxiv_work *w, const struct bz_buf *b, size_t len)
{
    char *text = arxiv_text(w, abs_data(b), len);

    return text ? arxiv_utf8(w, text) : NULL;
}

/* Makes the record read so far; same answer as arxiv_finish. */
static int abs_finish(struct abs_record *a, struct bz_import_context *ctx)
{
    struct arxiv_work w;
    struct bz_buf *b;
    size_t abstract_len = a->closed ? a->abstract_end : a->abstract.len;
    char *authors;

    arxiv_begin(&w, ctx);
    for (size_t i = 0; (b = abs_buffers(a, i)) != NULL; i++)
        if (b->failed)
            a->too_long = 1;
    if (a->too_long)
        return bz_import_skip(ctx, a->line,
                              "record has a line or a field too long");
    arxiv_set_id(&w, abs_data(&a->id), a->id.len);
    w.record.title = abs_text(&w, &a->title, a->title.len);
    w.record.abstract = abs_text(&w, &a->abstract, abstract_len);
    arxiv_set_year(&w, abs_data(&a->date), a->date.len);
    arxiv_set_doi(&w, abs_data(&a->doi), a->doi.len);
    arxiv_topic_list(&w, abs_data(&a->categories), a->categories.len);
    authors = abs_text(&w, &a->authors, a->authors.len);
    if (authors)
        arxiv_author_list(&w, authors, strlen(authors));
    return arxiv_finish(&w, a->line);
}

/* One line of the file; -1 when the run stops. */
static int abs_line(struct abs_record *a, struct bz_import_context *ctx,
                    const char *s, size_t n, long number)
{
    int backslashes = abs_is_backslashes(s, n);

    switch (a->state) {
    case ABS_BEFORE:
        if (backslashes) {
            a->state = ABS_HEADER;
            a->seen = 1;
        }
        return 0;
    case ABS_HEADER:
        if (backslashes)
            a->state = ABS_ABSTRACT;
        else
            abs_header_line(a, s, n);
        return 0;
    case ABS_ABSTRACT:
        if (a->closed && abs_is_dashes(s, n)) {
            int rc = abs_finish(a, ctx); /* files put one after another */

            abs_reset(a, number);
            return rc;
        }
        if (backslashes) {
            a->abstract_end = a->abstract.len;
            a->closed = 1;
        } else if (n > 0) {
            a->closed = 0;
        }
        bz_buf_add(&a->abstract, s, n);
        bz_buf_putc(&a->abstract, '\n');
        return 0;
    }
    return 0;
}

static enum bz_status abs_read(struct bz_import_input *in,
                               struct bz_import_context *ctx,
                               struct bz_error *err)
{
    struct abs_record a;
    struct bz_buf line;
    enum bz_status status = BZ_OK;
    int got, too_long, stopped = 0, records = 0;

    abs_init(&a);
    a.line = 1;
    bz_buf_init(&line, BZ_IMPORT_MAX_RECORD);
    while ((got = bz_input_line(in, &line, &too_long, err)) == 1) {
        long number = bz_input_line_number(in);
        int seen = a.seen;

        if (too_long)
            a.too_long = 1;
        if (abs_line(&a, ctx, line.data ? line.data : "", line.len, number) <
            0) {
            stopped = 1;
            break;
        }
        records += seen && !a.seen; /* one was finished */
    }
    if (got < 0)
        status = BZ_IO;
    else if (!stopped && a.seen)
        abs_finish(&a, ctx);
    else if (!stopped && records == 0)
        status = bz_error_set(err, BZ_INVALID,
                              "no '\\\\' line: not an arXiv .abs file");
    bz_buf_release(&line);
    abs_release(&a);
    return status;
}

/* The length of the line of head that starts at at (< len). */
static size_t abs_head_line(const char *head, size_t len, size_t at)
{
    const char *nl = memchr(head + at, '\n', len - at);

    return nl ? (size_t)(nl - (head + at)) : len - at;
}

/* A line of dashes (optional), a "\\" line, then the id line; or a name
 * that ends in ".abs". */
static int abs_detect(const char *head, size_t len, const char *name)
{
    size_t name_len = name ? strlen(name) : 0, at = 0, n;

    if (name_len > 4 && strcmp(name + name_len - 4, ".abs") == 0)
        return 1;
    while (at < len && arxiv_space(head[at]))
        at++;
    if (at >= len)
        return 0;
    n = abs_head_line(head, len, at);
    if (abs_is_dashes(head + at, n)) {
        at += n + 1;
        if (at >= len)
            return 0;
        n = abs_head_line(head, len, at);
    }
    if (!abs_is_backslashes(head + at, n))
        return 0;
    at += n + 1;
    if (at >= len)
        return 0;
    n = abs_head_line(head, len, at);
    return n >= 6 && (memcmp(head + at, "arXiv:", 6) == 0 ||
                      memcmp(head + at, "Paper:", 6) == 0);
}

const struct bz_reader bz_reader_arxiv_abs = {
    .name = "arxiv-abs",
    .detect = abs_detect,
    .read = abs_read,
};

/* --- the metadata snapshot (JSON Lines) ----------------------------------- */

/* arXiv's metadata snapshot (the Kaggle "arXiv Dataset",
 * arxiv-metadata-oai-snapshot.json): one object per line with id,
 * submitter, authors (free text), title, comments, journal-ref, doi,
 * report-no, categories (space-separated, primary first), license,
 * abstract, versions [{version, created}], update_date and authors_parsed
 * [[last, first, suffix], ...]. */

static int snapshot_bad(struct bz_import_context *ctx, long line,
                        const char *field, const char *want)
{
    char reason[128];

    snprintf(reason, sizeof(reason), "field '%s' is not %s", field, want);
    return bz_import_skip(ctx, line, reason);
}

/* [[last, first, suffix], ...] as "first last suffix" names; -1 when the
 * list has another shape. */
static int snapshot_authors_parsed(struct arxiv_work *w, yajl_val list)
{
    for (size_t i = 0; i < list->u.array.len; i++) {
        yajl_val author = list->u.array.values[i];
        const char *part[3] = {"", "", ""};
        char *name;

        if (!YAJL_IS_ARRAY(author))
            return -1;
        for (size_t k = 0; k < 3 && k < author->u.array.len; k++) {
            yajl_val v = author->u.array.values[k];

            if (YAJL_IS_STRING(v))
                part[k] = YAJL_GET_STRING(v);
            else if (!YAJL_IS_NULL(v))
                return -1;
        }
        name = arxiv_made(w, bz_arena_printf(w->arena, "%s %s %s", part[1],
                                             part[0], part[2]));
        if (name)
            arxiv_author_add(w, name, strlen(name));
    }
    return 0;
}

/* The year of v1 in [{version, created}, ...] (of the first entry when
 * none is called "v1"); -1 when the list has another shape. */
static int snapshot_versions(struct arxiv_work *w, yajl_val list)
{
    const char *first = NULL, *v1 = NULL;

    for (size_t i = 0; i < list->u.array.len; i++) {
        yajl_val entry = list->u.array.values[i];
        int bad = 0;
        const char *version = bz_jt_string(entry, "version", &bad);
        const char *created = bz_jt_string(entry, "created", &bad);

        if (!YAJL_IS_OBJECT(entry) || bad)
            return -1;
        if (first == NULL)
            first = created;
        if (v1 == NULL && version && strcmp(version, "v1") == 0)
            v1 = created;
    }
    if (v1 == NULL)
        v1 = first;
    if (v1)
        arxiv_set_year(w, v1, strlen(v1));
    return 0;
}

static int snapshot_object(struct bz_import_context *ctx, yajl_val root,
                           long line)
{
    static const char *const names[] = {"id",         "title", "abstract",
                                        "authors",    "doi",   "categories",
                                        "update_date"};
    const char *field[sizeof(names) / sizeof(*names)];
    yajl_val parsed, versions;
    struct arxiv_work w;
    int bad = 0;

    arxiv_begin(&w, ctx);
    if (!YAJL_IS_OBJECT(root))
        return bz_import_skip(ctx, line, "line is not a JSON object");
    for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++) {
        field[i] = bz_jt_string(root, names[i], &bad);
        if (bad)
            return snapshot_bad(ctx, line, names[i], "a string");
    }
    parsed = bz_jt_array(root, "authors_parsed", &bad);
    if (bad || (parsed && snapshot_authors_parsed(&w, parsed) < 0))
        return snapshot_bad(ctx, line, "authors_parsed",
                            "a list of [last, first, suffix]");
    versions = bz_jt_array(root, "versions", &bad);
    if (bad || (versions && snapshot_versions(&w, versions) < 0))
        return snapshot_bad(ctx, line, "versions",
                            "a list of {version, created}");

    if (field[0])
        arxiv_set_id(&w, field[0], strlen(field[0]));
    if (field[1])
        w.record.title = arxiv_text(&w, field[1], strlen(field[1]));
    if (field[2])
        w.record.abstract = arxiv_text(&w, field[2], strlen(field[2]));
    if (parsed == NULL && field[3]) { /* no authors_parsed: the free text */
        char *authors = arxiv_text(&w, field[3], strlen(field[3]));

        if (authors)
            arxiv_author_list(&w, authors, strlen(authors));
    }
    if (field[4])
        arxiv_set_doi(&w, field[4], strlen(field[4]));
    if (field[5])
        arxiv_topic_list(&w, field[5], strlen(field[5]));
    if (field[6]) /* no versions: the last update's date */
        arxiv_set_year(&w, field[6], strlen(field[6]));
    return arxiv_finish(&w, line);
}

/* One line: 0 to go on, -1 when the run stops. */
static int snapshot_line(struct bz_import_context *ctx, const struct bz_buf *b,
                         long line)
{
    char reason[256];
    yajl_val root;
    int rc;

    if (memchr(b->data, '\0', b->len) != NULL)
        return bz_import_skip(ctx, line, "line holds a NUL byte");
    root = bz_jt_parse(b->data, b->len, reason, sizeof(reason));
    if (root == NULL)
        return bz_import_skip(ctx, line, reason);
    rc = snapshot_object(ctx, root, line);
    yajl_tree_free(root);
    return rc;
}

static int snapshot_blank(const struct bz_buf *b)
{
    for (size_t i = 0; i < b->len; i++)
        if (!arxiv_space(b->data[i]))
            return 0;
    return 1;
}

static enum bz_status snapshot_read(struct bz_import_input *in,
                                    struct bz_import_context *ctx,
                                    struct bz_error *err)
{
    struct bz_buf line;
    int got, too_long;

    bz_buf_init(&line, BZ_IMPORT_MAX_RECORD);
    while ((got = bz_input_line(in, &line, &too_long, err)) == 1) {
        long number = bz_input_line_number(in);
        int rc;

        if (too_long) {
            char reason[64];

            snprintf(reason, sizeof(reason), "record longer than %u bytes",
                     BZ_IMPORT_MAX_RECORD);
            rc = bz_import_skip(ctx, number, reason);
        } else if (snapshot_blank(&line)) {
            continue;
        } else {
            rc = snapshot_line(ctx, &line, number);
        }
        if (rc < 0)
            break;
    }
    bz_buf_release(&line);
    return got < 0 ? BZ_IO : BZ_OK;
}

/* A JSON object first, whose first line names the snapshot's keys. */
static int snapshot_detect(const char *head, size_t len, const char *name)
{
    size_t i = 0;
    const char *nl;
    size_t first;

    (void)name;
    while (i < len && arxiv_space(head[i]))
        i++;
    if (i == len || head[i] != '{')
        return 0;
    nl = memchr(head + i, '\n', len - i);
    first = nl ? (size_t)(nl - (head + i)) : len - i;
    return arxiv_contains(head + i, first, "\"authors_parsed\"", 0) ||
           (arxiv_contains(head + i, first, "\"submitter\"", 0) &&
            arxiv_contains(head + i, first, "\"categories\"", 0));
}

const struct bz_reader bz_reader_arxiv_snapshot = {
    .name = "arxiv-snapshot",
    .detect = snapshot_detect,
    .read = snapshot_read,
};
