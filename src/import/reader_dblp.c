/* reader_dblp.c - dblp's XML dump, streamed in constant memory: its
 * publication records become works, its person pages researchers. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/arxiv_ids.h"
#include "import/dblp_entities.h"
#include "import/import.h"
#include "import/import_openalex.h"
#include "import/reader.h"
#include "import/xml_input.h"

/* The character entities of dblp.dtd are resolved by the filter of
 * dblp_entities.h, never by loading the DTD; a name the table does not
 * know becomes U+FFFD and its record is kept (see that header).
 *
 * A work: source "dblp", source_record "dblp:KEY", ids {"dblp", KEY}, the
 * DOI of a doi.org link, the arXiv id of an arxiv.org/abs/ link or of a
 * CoRR key ("journals/corr/abs-1810-10065"), and, for an arXiv record with
 * no other DOI, arXiv's DOI 10.48550/arxiv.ID. The title loses the full
 * stop dblp ends it with; the venue is the journal, the booktitle or, for
 * a thesis, the school. Authors keep the name as printed in raw_name and
 * lose dblp's homonym number ("Michael Schwarz 0001") in display_name; an
 * orcid or pid attribute is the author's id. Editors are not authors.
 * dblp's <data> records (research data) are works of type "dataset".
 * Records with no title are skipped with a reason.
 *
 * A person page (a www record keyed "homepages/PID"): a researcher named
 * by its first author, its other authors as alternative names, with ids
 * {"dblp", PID} and any ORCID iD among its urls, and the affiliations of
 * its <note type="affiliation">. Disambiguation pages (several people
 * under one name) and www records that are no person's page are passed
 * over silently.
 */

/* Most of each repeated field kept per record; the rest are dropped. */
#define DBLP_MAX_AUTHORS 5000
#define DBLP_MAX_LINKS 64
#define DBLP_MAX_NOTES 16

struct dblp_author {
    const char *name; /* as printed */
    const char *orcid;
    const char *pid;
};

struct dblp_link {
    const char *href;
    int open_access; /* type="oa" */
};

/* The fields of one record, as read. */
struct dblp_fields {
    const char *element; /* "article", ... */
    const char *key;
    const char *publtype;
    const char *title, *year, *journal, *booktitle, *school;
    struct dblp_author *authors;
    size_t author_count, author_alloc;
    struct dblp_link *links; /* <ee> */
    size_t link_count, link_alloc;
    const char **urls; /* <url>: a person page's other ids */
    size_t url_count, url_alloc;
    const char **affiliations; /* <note type="affiliation"> */
    size_t affiliation_count, affiliation_alloc;
};

static const struct {
    const char *element;
    const char *type;
} dblp_types[] = {
    {"article", "article"},
    {"inproceedings", "conference paper"},
    {"proceedings", "proceedings"},
    {"book", "book"},
    {"incollection", "book chapter"},
    {"phdthesis", "thesis"},
    {"mastersthesis", "thesis"},
    {"data", "dataset"},
    {"www", NULL},
};

/* The work type of a record element, "" for www, NULL for none. */
static const char *dblp_record_type(const char *element)
{
    size_t i;

    for (i = 0; i < sizeof(dblp_types) / sizeof(*dblp_types); i++)
        if (strcmp(element, dblp_types[i].element) == 0)
            return dblp_types[i].type ? dblp_types[i].type : "";
    return NULL;
}

/* --- detection ------------------------------------------------------------ */

static int dblp_has(const char *head, size_t len, const char *s)
{
    return memmem(head, len, s, strlen(s)) != NULL;
}

static int dblp_detect(const char *head, size_t len, const char *name)
{
    static const char *const records[] = {"<article ",
                                          "<inproceedings ",
                                          "<proceedings ",
                                          "<incollection ",
                                          "<phdthesis ",
                                          "<book ",
                                          NULL};
    size_t i = 0;

    (void)name;
    if (len >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len && isspace((unsigned char)head[i]))
        i++;
    if (i == len || head[i] != '<')
        return 0;
    if (dblp_has(head, len, "<!DOCTYPE dblp") ||
        dblp_has(head, len, "<dblp>") || dblp_has(head, len, "<dblp "))
        return 1;
    if (!dblp_has(head, len, " key=\"") || !dblp_has(head, len, "mdate="))
        return 0;
    for (i = 0; records[i]; i++)
        if (dblp_has(head, len, records[i]))
            return 1;
    return 0;
}

/* --- gathering the fields ------------------------------------------------- */

/* Makes room for one more item in a list that grows in the arena. */
static int dblp_grow(struct bz_arena *arena, void **items, size_t *alloc,
                     size_t count, size_t size, size_t max)
{
    void *bigger;
    size_t n;

    if (count >= max)
        return -1;
    if (count < *alloc)
        return 0;
    n = *alloc ? *alloc * 2 : 8;
    if (n > max)
        n = max;
    bigger = bz_arena_calloc(arena, n, size);
    if (bigger == NULL)
        return -1;
    if (count)
        memcpy(bigger, *items, count * size);
    *items = bigger;
    *alloc = n;
    return 0;
}

static void dblp_add_author(struct dblp_fields *f, struct bz_arena *arena,
                            struct bz_xml *x, const char *name)
{
    struct dblp_author *a;

    if (dblp_grow(arena, (void **)&f->authors, &f->author_alloc,
                  f->author_count, sizeof(*f->authors), DBLP_MAX_AUTHORS))
        return;
    a = &f->authors[f->author_count++];
    a->name = name;
    a->orcid = bz_xml_attribute(x, arena, "orcid");
    a->pid = bz_xml_attribute(x, arena, "pid");
}

static void dblp_add_string(struct bz_arena *arena, const char ***items,
                            size_t *count, size_t *alloc, size_t max,
                            const char *s)
{
    if (dblp_grow(arena, (void **)items, alloc, *count, sizeof(**items), max))
        return;
    (*items)[(*count)++] = s;
}

/* One child element of the record (the reader is on its start). */
static void dblp_field(struct dblp_fields *f, struct bz_arena *arena,
                       struct bz_xml *x)
{
    const char *name = bz_xml_name(x);
    char *text, *type;

    if (strcmp(name, "author") != 0 && strcmp(name, "title") != 0 &&
        strcmp(name, "year") != 0 && strcmp(name, "journal") != 0 &&
        strcmp(name, "booktitle") != 0 && strcmp(name, "school") != 0 &&
        strcmp(name, "ee") != 0 && strcmp(name, "url") != 0 &&
        strcmp(name, "note") != 0)
        return;
    text = bz_xml_text(x, arena);
    if (text == NULL)
        return;
    if (strcmp(name, "author") == 0) {
        dblp_add_author(f, arena, x, text);
    } else if (strcmp(name, "title") == 0) {
        if (f->title == NULL)
            f->title = text;
    } else if (strcmp(name, "year") == 0) {
        f->year = text;
    } else if (strcmp(name, "journal") == 0) {
        f->journal = text;
    } else if (strcmp(name, "booktitle") == 0) {
        f->booktitle = text;
    } else if (strcmp(name, "school") == 0) {
        if (f->school == NULL)
            f->school = text;
    } else if (strcmp(name, "ee") == 0) {
        if (dblp_grow(arena, (void **)&f->links, &f->link_alloc, f->link_count,
                      sizeof(*f->links), DBLP_MAX_LINKS))
            return;
        type = bz_xml_attribute(x, arena, "type");
        f->links[f->link_count].href = text;
        f->links[f->link_count++].open_access = type && strcmp(type, "oa") == 0;
    } else if (strcmp(name, "url") == 0) {
        dblp_add_string(arena, &f->urls, &f->url_count, &f->url_alloc,
                        DBLP_MAX_LINKS, text);
    } else {
        type = bz_xml_attribute(x, arena, "type");
        if (type && strcmp(type, "affiliation") == 0)
            dblp_add_string(arena, &f->affiliations, &f->affiliation_count,
                            &f->affiliation_alloc, DBLP_MAX_NOTES, text);
    }
}

/* Reads the record whose start element the reader is on, up to its end.
 * Returns 1 when read, -1 when the XML failed inside it. */
static int dblp_gather(struct bz_xml *x, struct bz_arena *arena,
                       struct dblp_fields *f)
{
    int depth = xmlTextReaderDepth(x->reader), rc;

    memset(f, 0, sizeof(*f));
    f->element = bz_arena_strdup(arena, bz_xml_name(x));
    f->key = bz_xml_attribute(x, arena, "key");
    f->publtype = bz_xml_attribute(x, arena, "publtype");
    if (xmlTextReaderIsEmptyElement(x->reader) == 1)
        return 1;
    while ((rc = bz_xml_next(x)) == 1) {
        int type = xmlTextReaderNodeType(x->reader);
        int at = xmlTextReaderDepth(x->reader);

        if (type == XML_READER_TYPE_END_ELEMENT && at == depth)
            return 1;
        if (type == XML_READER_TYPE_ELEMENT && at == depth + 1)
            dblp_field(f, arena, x);
    }
    return -1; /* an error, or the end of the file inside the record */
}

/* --- identifiers and names ------------------------------------------------ */

/* The canonical arXiv id at p, up to a query, an anchor or ".pdf", in
 * arena; NULL when p does not hold one. */
static char *dblp_arxiv_at(struct bz_arena *arena, const char *p)
{
    char id[BZ_ARXIV_ID_MAX];
    size_t n = strcspn(p, "?#");

    if (n > 4 && strncmp(p + n - 4, ".pdf", 4) == 0)
        n -= 4;
    if (!bz_arxiv_id_parse(p, n, id, NULL))
        return NULL;
    return bz_arena_strdup(arena, id);
}

/* The arXiv id in a link to arxiv.org/abs/ (or /pdf/), or NULL. */
static char *dblp_arxiv_from_link(struct bz_arena *arena, const char *href)
{
    static const char *const marks[] = {"arxiv.org/abs/", "arxiv.org/pdf/",
                                        NULL};
    const char *p;
    size_t i;

    for (i = 0; marks[i]; i++)
        if ((p = strstr(href, marks[i])) != NULL)
            return dblp_arxiv_at(arena, p + strlen(marks[i]));
    return NULL;
}

/* "journals/corr/abs-1810-10065" -> "1810.10065", or NULL. */
static char *dblp_arxiv_from_key(struct bz_arena *arena, const char *key)
{
    static const char prefix[] = "journals/corr/abs-";
    char id[BZ_ARXIV_ID_MAX];
    const char *p;

    if (key == NULL || strncmp(key, prefix, sizeof(prefix) - 1) != 0)
        return NULL;
    p = key + sizeof(prefix) - 1;
    if (strlen(p) > BZ_ARXIV_ID_MAX - 1 || p[0] == '\0')
        return NULL;
    snprintf(id, sizeof(id), "%s", p);
    if (strlen(id) > 5 && id[4] == '-')
        id[4] = '.';
    if (!bz_arxiv_id_parse(id, strlen(id), id, NULL))
        return NULL;
    return bz_arena_strdup(arena, id);
}

/* The DOI of a doi.org link, normalised, or NULL. */
static char *dblp_doi_from_link(struct bz_arena *arena, const char *href)
{
    static const char *const hosts[] = {"://doi.org/", "://dx.doi.org/",
                                        "://www.doi.org/", NULL};
    const char *p;
    size_t i;

    for (i = 0; hosts[i]; i++) {
        p = strstr(href, hosts[i]);
        if (p && strncmp(p + strlen(hosts[i]), "10.", 3) == 0)
            return bz_openalex_normalise_doi(arena, p + strlen(hosts[i]));
    }
    return NULL;
}

/* The name without dblp's homonym number: "Soumya K. Ghosh 0001" ->
 * "Soumya K. Ghosh". */
static const char *dblp_display_name(struct bz_arena *arena, const char *name)
{
    size_t n = strlen(name);

    if (n > 5 && name[n - 5] == ' ' && strspn(name + n - 4, "0123456789") == 4)
        return bz_arena_strndup(arena, name, n - 5);
    return name;
}

static int dblp_has_id(const struct bz_external_id *ids, size_t count,
                       const char *scheme, const char *value)
{
    size_t i;

    for (i = 0; i < count; i++)
        if (strcmp(ids[i].scheme, scheme) == 0 &&
            strcmp(ids[i].value, value) == 0)
            return 1;
    return 0;
}

static void dblp_add_id(struct bz_external_id *ids, size_t *count,
                        const char *scheme, const char *value)
{
    if (value == NULL || *value == '\0' ||
        dblp_has_id(ids, *count, scheme, value))
        return;
    ids[(*count)++] = (struct bz_external_id){scheme, value, "dblp"};
}

/* An ORCID iD from an attribute or a link, as 0000-0000-0000-0000. */
static const char *dblp_orcid(const char *value)
{
    const char *p;

    if (value == NULL)
        return NULL;
    p = strstr(value, "orcid.org/");
    if (p)
        value = p + strlen("orcid.org/");
    return strlen(value) == 19 ? value : NULL;
}

/* --- works ---------------------------------------------------------------- */

static enum bz_status dblp_work_ids(const struct dblp_fields *f,
                                    struct bz_arena *arena,
                                    struct bz_work_record *w)
{
    const char *arxiv = dblp_arxiv_from_key(arena, f->key);
    const char *doi = NULL;
    size_t i, count = 0;

    w->ids = bz_arena_calloc(arena, 2 * f->link_count + 3, sizeof(*w->ids));
    if (w->ids == NULL)
        return BZ_NOMEM;
    dblp_add_id(w->ids, &count, "dblp", f->key);
    for (i = 0; i < f->link_count; i++) {
        const char *href = f->links[i].href;
        char *d = dblp_doi_from_link(arena, href);
        char *a = dblp_arxiv_from_link(arena, href);

        if (d && strncmp(d, "10.48550/arxiv.", 15) == 0 &&
            (a = dblp_arxiv_at(arena, d + 15)) != NULL) {
            /* arXiv's own DOI: added back below, from the id */
        } else if (d) {
            dblp_add_id(w->ids, &count, "doi", d);
            if (doi == NULL)
                doi = d;
        }
        if (a && arxiv == NULL)
            arxiv = a;
    }
    if (arxiv) {
        dblp_add_id(w->ids, &count, "arxiv", arxiv);
        if (doi == NULL)
            dblp_add_id(w->ids, &count, "doi",
                        bz_arena_printf(arena, "10.48550/arxiv.%s", arxiv));
    }
    w->id_count = count;
    return BZ_OK;
}

static enum bz_status dblp_work_authors(const struct dblp_fields *f,
                                        struct bz_arena *arena,
                                        struct bz_work_record *w)
{
    size_t i;

    if (f->author_count == 0)
        return BZ_OK;
    w->authors = bz_arena_calloc(arena, f->author_count, sizeof(*w->authors));
    if (w->authors == NULL)
        return BZ_NOMEM;
    for (i = 0; i < f->author_count; i++) {
        const struct dblp_author *a = &f->authors[i];
        struct bz_author_record *r = &w->authors[i];
        const char *orcid = dblp_orcid(a->orcid);
        size_t n = 0;

        r->raw_name = a->name;
        r->display_name = dblp_display_name(arena, a->name);
        r->ids = bz_arena_calloc(arena, 2, sizeof(*r->ids));
        if (r->ids == NULL || r->display_name == NULL)
            return BZ_NOMEM;
        if (orcid)
            r->ids[n++] = (struct bz_external_id){"orcid", orcid, "dblp"};
        if (a->pid && *a->pid)
            r->ids[n++] = (struct bz_external_id){"dblp", a->pid, "dblp"};
        r->id_count = n;
    }
    w->author_count = f->author_count;
    return BZ_OK;
}

/* The title without dblp's closing full stop (an ellipsis stays). */
static const char *dblp_title(struct bz_arena *arena, const char *title)
{
    size_t n = strlen(title);

    if (n > 1 && title[n - 1] == '.' && title[n - 2] != '.')
        return bz_arena_strndup(arena, title, n - 1);
    return title;
}

static int dblp_work(struct bz_import_context *ctx, struct bz_arena *arena,
                     const struct dblp_fields *f, const char *type, long line)
{
    struct bz_work_record w;
    size_t i;

    if (f->title == NULL)
        return bz_import_skip(ctx, line, "dblp record has no title");
    memset(&w, 0, sizeof(w));
    w.source = "dblp";
    w.source_record = bz_arena_printf(arena, "dblp:%s", f->key);
    w.title = dblp_title(arena, f->title);
    if (f->year) {
        long year = strtol(f->year, NULL, 10);

        if (year >= 1 && year <= 9999)
            w.publication_year = (int)year;
    }
    w.type = type;
    if (strcmp(f->element, "article") == 0 &&
        strncmp(f->key, "journals/corr/", 14) == 0)
        w.type = "preprint";
    w.venue = f->journal ? f->journal : f->booktitle;
    if (w.venue == NULL && strcmp(type, "thesis") == 0)
        w.venue = f->school;
    w.open_access = -1;
    for (i = 0; i < f->link_count; i++)
        if (f->links[i].open_access)
            w.open_access = 1;
    for (i = 0; i < f->link_count && w.landing_url == NULL; i++)
        if (strncmp(f->links[i].href, "http", 4) == 0)
            w.landing_url = f->links[i].href;
    if (w.landing_url == NULL)
        w.landing_url =
            bz_arena_printf(arena, "https://dblp.org/rec/%s", f->key);
    if (w.source_record == NULL || w.title == NULL || w.landing_url == NULL ||
        dblp_work_ids(f, arena, &w) != BZ_OK ||
        dblp_work_authors(f, arena, &w) != BZ_OK)
        return bz_import_skip(ctx, line, "out of memory for the record");
    return bz_import_work(ctx, &w, line);
}

/* --- person pages --------------------------------------------------------- */

static int dblp_person(struct bz_import_context *ctx, struct bz_arena *arena,
                       const struct dblp_fields *f, long line)
{
    struct bz_researcher_record r;
    const char **names;
    size_t i, n = 0;

    if (f->publtype && strcmp(f->publtype, "disambiguation") == 0)
        return 0; /* a page of several people who share a name */
    if (f->author_count == 0)
        return bz_import_skip(ctx, line, "dblp person record has no name");
    memset(&r, 0, sizeof(r));
    r.source = "dblp";
    r.source_record = bz_arena_printf(arena, "dblp:%s", f->key);
    r.display_name = dblp_display_name(arena, f->authors[0].name);
    names = bz_arena_calloc(arena, f->author_count, sizeof(*names));
    r.ids = bz_arena_calloc(arena, f->url_count + 3, sizeof(*r.ids));
    r.affiliations = bz_arena_calloc(arena, f->affiliation_count + 1,
                                     sizeof(*r.affiliations));
    if (names == NULL || r.ids == NULL || r.affiliations == NULL ||
        r.display_name == NULL || r.source_record == NULL)
        return bz_import_skip(ctx, line, "out of memory for the record");
    for (i = 1; i < f->author_count; i++)
        if ((names[n] = dblp_display_name(arena, f->authors[i].name)) != NULL)
            n++;
    r.alternative_names = names;
    r.alternative_name_count = n;

    n = 0;
    dblp_add_id(r.ids, &n, "dblp", f->key + strlen("homepages/"));
    dblp_add_id(r.ids, &n, "orcid", dblp_orcid(f->authors[0].orcid));
    for (i = 0; i < f->url_count; i++)
        if (strstr(f->urls[i], "orcid.org/"))
            dblp_add_id(r.ids, &n, "orcid", dblp_orcid(f->urls[i]));
    r.id_count = n;

    for (i = 0; i < f->affiliation_count; i++)
        r.affiliations[i].display_name = f->affiliations[i];
    r.affiliation_count = f->affiliation_count;
    return bz_import_researcher(ctx, &r, line);
}

/* --- reading -------------------------------------------------------------- */

/* The line of the element the reader is on. libxml2 keeps an element's
 * own line only up to 65535; past it, the parser's line is used, which
 * runs ahead by the few lines the reader has parsed beyond the element. */
static long dblp_line(struct bz_xml *x)
{
    xmlNodePtr node = xmlTextReaderCurrentNode(x->reader);
    long line = node ? xmlGetLineNo(node) : -1;

    return line > 0 && line < 65535 ? line : bz_xml_line(x);
}

/* The record whose start the reader is on; 0 to go on, -1 to stop, -2
 * when the XML failed inside it. */
static int dblp_record(struct bz_import_context *ctx, struct bz_xml *x,
                       const char *type)
{
    struct bz_arena *arena = bz_import_record_arena(ctx);
    long line = dblp_line(x);
    struct dblp_fields f;

    bz_import_record_begin(ctx);
    if (dblp_gather(x, arena, &f) < 0)
        return -2;
    if (f.key == NULL || f.element == NULL || *f.key == '\0')
        return bz_import_skip(ctx, line, "dblp record has no key");
    if (*type)
        return dblp_work(ctx, arena, &f, type, line);
    if (strncmp(f.key, "homepages/", 10) == 0 && f.key[10])
        return dblp_person(ctx, arena, &f, line);
    return 0; /* another kind of web page */
}

static enum bz_status dblp_read(struct bz_import_input *in,
                                struct bz_import_context *ctx,
                                struct bz_error *err)
{
    struct bz_dblp_filter *filter = malloc(sizeof(*filter));
    enum bz_status status = BZ_OK;
    struct bz_xml x;
    int rc;

    if (filter == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    bz_dblp_filter_init(filter, in);
    if ((status = bz_xml_open(&x, in, bz_dblp_filter_read, filter, err)) !=
        BZ_OK)
        goto free_filter;
    while ((rc = bz_xml_next(&x)) == 1) {
        const char *type;

        if (xmlTextReaderNodeType(x.reader) != XML_READER_TYPE_ELEMENT ||
            xmlTextReaderDepth(x.reader) != 1 ||
            (type = dblp_record_type(bz_xml_name(&x))) == NULL)
            continue;
        rc = dblp_record(ctx, &x, type);
        if (rc == -1)
            goto release_xml; /* the run stops */
        if (rc == -2)
            break;
    }
    if (rc < 0)
        status = bz_xml_failure(&x, err);

release_xml:
    bz_xml_release(&x);
free_filter:
    free(filter);
    return status;
}

const struct bz_reader bz_reader_dblp = {
    .name = "dblp",
    .detect = dblp_detect,
    .read = dblp_read,
};
