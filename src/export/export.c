/* export.c - writing works as JSON Lines, CSV, BibTeX and RIS. */
#include "export/export.h"

#include <errno.h>
#include <string.h>
#include <yajl/yajl_gen.h>

#include "api/api.h"
#include "core/arena.h"
#include "profile/profile.h"

#define EXPORT_PAGE 500

int bz_export_format_parse(const char *name, enum bz_export_format *out)
{
    if (strcmp(name, "jsonl") == 0)
        *out = BZ_EXPORT_JSONL;
    else if (strcmp(name, "csv") == 0)
        *out = BZ_EXPORT_CSV;
    else if (strcmp(name, "bibtex") == 0 || strcmp(name, "bib") == 0)
        *out = BZ_EXPORT_BIBTEX;
    else if (strcmp(name, "ris") == 0)
        *out = BZ_EXPORT_RIS;
    else
        return -1;
    return 0;
}

const char *bz_export_content_type(enum bz_export_format format)
{
    switch (format) {
    case BZ_EXPORT_JSONL:
        return "application/x-ndjson";
    case BZ_EXPORT_CSV:
        return "text/csv; charset=utf-8";
    case BZ_EXPORT_BIBTEX:
        return "application/x-bibtex; charset=utf-8";
    case BZ_EXPORT_RIS:
        return "application/x-research-info-systems; charset=utf-8";
    }
    return "text/plain; charset=utf-8";
}

void bz_export_begin(struct bz_buf *out, enum bz_export_format format)
{
    if (format == BZ_EXPORT_CSV)
        bz_buf_puts(out, "id,title,publication_year,type,venue,doi,arxiv,"
                         "authors\r\n");
}

/* --- JSON Lines: the API's work object, one per line ---------------------- */

static void export_jsonl(struct bz_buf *out, const struct bz_work *w)
{
    yajl_gen g = yajl_gen_alloc(NULL);
    const unsigned char *text;
    size_t len;

    if (g == NULL) {
        out->failed = 1;
        return;
    }
    yajl_gen_config(g, yajl_gen_validate_utf8, 1);
    bz_api_write_work(g, w, 1);
    if (yajl_gen_get_buf(g, &text, &len) == yajl_gen_status_ok) {
        bz_buf_add(out, text, len);
        bz_buf_putc(out, '\n');
    }
    yajl_gen_free(g);
}

/* --- CSV (RFC 4180) ------------------------------------------------------- */

static void export_csv_field(struct bz_buf *out, const char *s, int last)
{
    if (s && strpbrk(s, ",\"\r\n")) {
        bz_buf_putc(out, '"');
        for (; *s; s++) {
            if (*s == '"')
                bz_buf_putc(out, '"');
            bz_buf_putc(out, *s);
        }
        bz_buf_putc(out, '"');
    } else if (s) {
        bz_buf_puts(out, s);
    }
    bz_buf_puts(out, last ? "\r\n" : ",");
}

static void export_csv(struct bz_buf *out, const struct bz_work *w)
{
    struct bz_buf authors, number;
    size_t i;

    bz_buf_init(&authors, 0);
    bz_buf_init(&number, 64);
    for (i = 0; i < w->authorship_count; i++) {
        if (i)
            bz_buf_puts(&authors, "; ");
        bz_buf_puts(&authors, w->authorships[i].raw_name);
    }
    bz_buf_printf(&number, "W%lld", (long long)w->id);
    export_csv_field(out, number.data, 0);
    export_csv_field(out, w->title, 0);
    bz_buf_reset(&number);
    if (w->publication_year)
        bz_buf_printf(&number, "%d", w->publication_year);
    export_csv_field(out, number.data ? number.data : "", 0);
    export_csv_field(out, w->type, 0);
    export_csv_field(out, w->venue, 0);
    export_csv_field(out, bz_profile_work_id(w, "doi"), 0);
    export_csv_field(out, bz_profile_work_id(w, "arxiv"), 0);
    export_csv_field(out, authors.data ? authors.data : "", 1);
    bz_buf_release(&authors);
    bz_buf_release(&number);
}

/* --- BibTeX --------------------------------------------------------------- */

/* A field value inside braces: TeX's specials escaped, so that braces
 * always balance and nothing is read as a command. */
static void export_bibtex_value(struct bz_buf *out, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '{':
        case '}':
        case '&':
        case '%':
        case '$':
        case '#':
        case '_':
            bz_buf_putc(out, '\\');
            bz_buf_putc(out, *s);
            break;
        case '\\':
            bz_buf_puts(out, "\\textbackslash{}");
            break;
        case '~':
            bz_buf_puts(out, "\\textasciitilde{}");
            break;
        case '^':
            bz_buf_puts(out, "\\textasciicircum{}");
            break;
        case '\n':
        case '\r':
        case '\t':
            bz_buf_putc(out, ' ');
            break;
        default:
            bz_buf_putc(out, *s);
        }
    }
}

static void export_bibtex_field(struct bz_buf *out, const char *name,
                                const char *value)
{
    if (value == NULL || *value == '\0')
        return;
    bz_buf_printf(out, ",\n  %s = {", name);
    export_bibtex_value(out, value);
    bz_buf_putc(out, '}');
}

static const char *export_bibtex_type(const char *type)
{
    if (type == NULL)
        return "misc";
    if (strcmp(type, "article") == 0)
        return "article";
    if (strcmp(type, "conference paper") == 0)
        return "inproceedings";
    if (strcmp(type, "book") == 0)
        return "book";
    if (strcmp(type, "book chapter") == 0)
        return "incollection";
    if (strcmp(type, "thesis") == 0)
        return "phdthesis";
    return "misc";
}

static void export_bibtex(struct bz_buf *out, const struct bz_work *w)
{
    const char *type = export_bibtex_type(w->type);
    const char *arxiv = bz_profile_work_id(w, "arxiv");
    const char *venue_field = strcmp(type, "article") == 0 ? "journal"
                              : strcmp(type, "inproceedings") == 0 ||
                                      strcmp(type, "incollection") == 0
                                  ? "booktitle"
                                  : "howpublished";
    struct bz_buf authors;
    char year[16];
    size_t i;

    bz_buf_init(&authors, 0);
    for (i = 0; i < w->authorship_count; i++) {
        if (i)
            bz_buf_puts(&authors, " and ");
        bz_buf_puts(&authors, w->authorships[i].raw_name);
    }
    bz_buf_printf(out, "@%s{W%lld", type, (long long)w->id);
    export_bibtex_field(out, "title", w->title);
    export_bibtex_field(out, "author", authors.data);
    snprintf(year, sizeof(year), "%d", w->publication_year);
    if (w->publication_year)
        export_bibtex_field(out, "year", year);
    if (w->venue && !(arxiv && strcmp(w->venue, "arXiv") == 0))
        export_bibtex_field(out, venue_field, w->venue);
    export_bibtex_field(out, "doi", bz_profile_work_id(w, "doi"));
    if (arxiv) {
        export_bibtex_field(out, "eprint", arxiv);
        export_bibtex_field(out, "archiveprefix", "arXiv");
    }
    export_bibtex_field(out, "url", w->landing_url);
    bz_buf_puts(out, "\n}\n\n");
    bz_buf_release(&authors);
}

/* --- RIS ------------------------------------------------------------------ */

static void export_ris_tag(struct bz_buf *out, const char *tag,
                           const char *value)
{
    if (value == NULL || *value == '\0')
        return;
    bz_buf_printf(out, "%s  - ", tag);
    for (; *value; value++) /* one line per tag */
        bz_buf_putc(out, *value == '\n' || *value == '\r' ? ' ' : *value);
    bz_buf_puts(out, "\r\n");
}

static const char *export_ris_type(const char *type)
{
    if (type == NULL)
        return "GEN";
    if (strcmp(type, "article") == 0)
        return "JOUR";
    if (strcmp(type, "conference paper") == 0)
        return "CONF";
    if (strcmp(type, "book") == 0)
        return "BOOK";
    if (strcmp(type, "book chapter") == 0)
        return "CHAP";
    if (strcmp(type, "thesis") == 0)
        return "THES";
    if (strcmp(type, "preprint") == 0)
        return "UNPB";
    if (strcmp(type, "dataset") == 0)
        return "DATA";
    return "GEN";
}

static void export_ris(struct bz_buf *out, const struct bz_work *w)
{
    char year[16];
    size_t i;

    export_ris_tag(out, "TY", export_ris_type(w->type));
    export_ris_tag(out, "TI", w->title);
    for (i = 0; i < w->authorship_count; i++)
        export_ris_tag(out, "AU", w->authorships[i].raw_name);
    snprintf(year, sizeof(year), "%d", w->publication_year);
    if (w->publication_year)
        export_ris_tag(out, "PY", year);
    export_ris_tag(out, "T2", w->venue);
    export_ris_tag(out, "DO", bz_profile_work_id(w, "doi"));
    export_ris_tag(out, "UR", w->landing_url);
    export_ris_tag(out, "AB", w->abstract);
    bz_buf_printf(out, "ID  - W%lld\r\nER  - \r\n\r\n", (long long)w->id);
}

void bz_export_work(struct bz_buf *out, enum bz_export_format format,
                    const struct bz_work *work)
{
    switch (format) {
    case BZ_EXPORT_JSONL:
        export_jsonl(out, work);
        break;
    case BZ_EXPORT_CSV:
        export_csv(out, work);
        break;
    case BZ_EXPORT_BIBTEX:
        export_bibtex(out, work);
        break;
    case BZ_EXPORT_RIS:
        export_ris(out, work);
        break;
    }
}

enum bz_status bz_export_store(struct bz_store *store, int64_t researcher_id,
                               enum bz_export_format format, FILE *out,
                               struct bz_error *err)
{
    struct bz_arena arena;
    struct bz_buf buf;
    int64_t after = 0;
    enum bz_status rc = BZ_OK;
    int more = 1;

    bz_arena_init(&arena, 0);
    bz_buf_init(&buf, 0);
    bz_export_begin(&buf, format);
    while (more && rc == BZ_OK) {
        struct bz_work *works;
        size_t count, i;

        bz_arena_reset(&arena);
        rc = store->ops->works_page(store, &arena, researcher_id, after,
                                    EXPORT_PAGE, &works, &count, &more, err);
        if (rc != BZ_OK)
            break;
        for (i = 0; i < count; i++)
            bz_export_work(&buf, format, &works[i]);
        if (count)
            after = works[count - 1].id;
        if (buf.failed)
            rc = bz_error_set(err, BZ_NOMEM, "out of memory writing works");
        else if (fwrite(buf.data ? buf.data : "", 1, buf.len, out) != buf.len)
            rc = bz_error_errno(err, errno, "cannot write the export");
        bz_buf_reset(&buf);
    }
    bz_buf_release(&buf);
    bz_arena_release(&arena);
    return rc;
}
