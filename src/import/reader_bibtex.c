/* reader_bibtex.c - BibTeX files, each entry a work, read by a tolerant
 * parser that survives malformed entries. */
#include <ctype.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/text.h"
#include "import/arxiv_ids.h"
#include "import/bibtex_latex.h"
#include "import/import.h"
#include "import/import_openalex.h"
#include "import/reader.h"

/* The file is read in two steps. Framing cuts one entry out of the byte
 * stream, from its '@' to the brace (or parenthesis) that closes it,
 * counting braces as BibTeX does; text between entries is ignored. An
 * entry still open when a line starts with '@' (or when the file ends) is
 * malformed: it is skipped with the line of its '@' and reading goes on
 * from that next '@', so one bad entry never costs the rest of the file.
 * Parsing then reads the framed entry's fields from memory: values in
 * braces or quotes, numbers, @string macros (and the month names), joined
 * with '#'.
 *
 * A work: source "bibtex", source_record "bibtex:CITEKEY"; ids: the DOI,
 * the arXiv id (eprint with archivePrefix or eprinttype arXiv, an
 * arxiv.org/abs/ url, or a journal that reads "arXiv preprint
 * arXiv:ID", which also makes the entry a preprint), arXiv's DOI
 * 10.48550/arxiv.ID when there is no other, and for dblp's exports
 * ("DBLP:conf/spire/BastMW06") the dblp key, so that they meet dblp's XML
 * records. An entry with no id still imports. The venue is the journal or
 * booktitle (a thesis's school, a report's institution). Authors are
 * split on "and" outside braces and written First Last; "others" and "et
 * al." are dropped; editors are not authors. @comment and @preamble are
 * passed over; crossref inheritance is not done (NEEDSWORK: an entry that
 * names its venue only through crossref gets none).
 */

#define BIBTEX_MAX_AUTHORS 5000
/* Macros kept from @string entries: their names and values together. */
#define BIBTEX_MACRO_BYTES (16u * 1024 * 1024)
#define BIBTEX_MACRO_BUCKETS 1024

/* --- detection ------------------------------------------------------------ */

static int bibtex_entry_start(const char *p, size_t n)
{
    static const char *const types[] = {
        "article",      "inproceedings", "conference",  "book",
        "incollection", "inbook",        "phdthesis",   "mastersthesis",
        "misc",         "techreport",    "proceedings", "unpublished",
        "online",       "string",        "comment",     "preamble",
        "manual",       "booklet",       NULL};
    size_t i, k, len;

    if (n == 0 || p[0] != '@')
        return 0;
    for (k = 1; k < n && (p[k] == ' ' || p[k] == '\t'); k++)
        ;
    for (i = 0; types[i]; i++) {
        len = strlen(types[i]);
        if (k + len <= n && strncasecmp(p + k, types[i], len) == 0) {
            size_t j = k + len;

            while (j < n && (p[j] == ' ' || p[j] == '\t'))
                j++;
            if (j < n && (p[j] == '{' || p[j] == '('))
                return 1;
        }
    }
    return 0;
}

static int bibtex_detect(const char *head, size_t len, const char *name)
{
    size_t i = 0, n = name ? strlen(name) : 0;

    if (len >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len && isspace((unsigned char)head[i]))
        i++;
    if (i < len && (head[i] == '{' || head[i] == '[' || head[i] == '<'))
        return 0; /* JSON or XML */
    if (n > 4 && strcasecmp(name + n - 4, ".bib") == 0)
        return 1;
    while (i < len) {
        const char *nl;

        while (i < len && (head[i] == ' ' || head[i] == '\t'))
            i++;
        if (bibtex_entry_start(head + i, len - i))
            return 1;
        nl = memchr(head + i, '\n', len - i);
        if (nl == NULL)
            break;
        i = (size_t)(nl - head) + 1;
    }
    return 0;
}

/* --- the byte source ------------------------------------------------------ */

struct bibtex_source {
    struct bz_import_input *in;
    struct bz_error *err;
    char buf[65536];
    size_t len, pos;
    long line;      /* of the next byte */
    int failed;     /* a read error: err is filled */
    int unget;      /* a byte given back, or -1 */
    int line_blank; /* only blanks since the last newline */
    int was_blank;  /* line_blank before the last byte, for unget */
};

/* The next byte, or -1 at the end (or on an error: see failed). */
static int bibtex_get(struct bibtex_source *s)
{
    int c;

    if (s->unget >= 0) {
        c = s->unget;
        s->unget = -1;
    } else {
        if (s->pos == s->len) {
            long got;

            if (s->failed)
                return -1;
            got = bz_input_read(s->in, s->buf, sizeof(s->buf), s->err);
            if (got <= 0) {
                s->failed = got < 0;
                return -1;
            }
            bz_input_count_lines(s->in, s->buf, (size_t)got);
            s->len = (size_t)got;
            s->pos = 0;
        }
        c = (unsigned char)s->buf[s->pos++];
    }
    s->was_blank = s->line_blank;
    if (c == '\n') {
        s->line++;
        s->line_blank = 1;
    } else if (c != ' ' && c != '\t' && c != '\r') {
        s->line_blank = 0;
    }
    return c;
}

/* Gives back c, the byte just read; the counters are as before it. */
static void bibtex_unget(struct bibtex_source *s, int c)
{
    s->unget = c;
    if (c == '\n')
        s->line--;
    s->line_blank = s->was_blank;
}

/* --- macros --------------------------------------------------------------- */

struct bibtex_macro {
    struct bibtex_macro *next;
    char *name; /* lower case */
    char *value;
};

struct bibtex_macros {
    struct bz_arena arena;
    struct bibtex_macro *buckets[BIBTEX_MACRO_BUCKETS];
};

static size_t bibtex_hash(const char *s, size_t n)
{
    size_t h = 5381, i;

    for (i = 0; i < n; i++)
        h = h * 33 + (unsigned char)tolower((unsigned char)s[i]);
    return h % BIBTEX_MACRO_BUCKETS;
}

static const char *bibtex_macro_find(const struct bibtex_macros *m,
                                     const char *name, size_t n)
{
    const struct bibtex_macro *e;

    for (e = m->buckets[bibtex_hash(name, n)]; e; e = e->next)
        if (strlen(e->name) == n && strncasecmp(e->name, name, n) == 0)
            return e->value;
    return NULL;
}

/* Returns 0, or -1 when the macros' memory is used up. */
static int bibtex_macro_define(struct bibtex_macros *m, const char *name,
                               size_t n, const char *value)
{
    struct bibtex_macro *e = bz_arena_alloc(&m->arena, sizeof(*e));
    size_t h = bibtex_hash(name, n), i;

    if (e == NULL || (e->name = bz_arena_strndup(&m->arena, name, n)) == NULL ||
        (e->value = bz_arena_strdup(&m->arena, value)) == NULL)
        return -1;
    for (i = 0; i < n; i++)
        e->name[i] = (char)tolower((unsigned char)e->name[i]);
    e->next = m->buckets[h];
    m->buckets[h] = e;
    return 0;
}

static void bibtex_macros_init(struct bibtex_macros *m)
{
    static const char *const months[][2] = {
        {"jan", "January"}, {"feb", "February"}, {"mar", "March"},
        {"apr", "April"},   {"may", "May"},      {"jun", "June"},
        {"jul", "July"},    {"aug", "August"},   {"sep", "September"},
        {"oct", "October"}, {"nov", "November"}, {"dec", "December"}};
    size_t i;

    memset(m->buckets, 0, sizeof(m->buckets));
    bz_arena_init(&m->arena, BIBTEX_MACRO_BYTES);
    for (i = 0; i < sizeof(months) / sizeof(*months); i++)
        bibtex_macro_define(m, months[i][0], 3, months[i][1]);
}

/* --- parsing one framed entry --------------------------------------------- */

struct bibtex_field {
    const char *name;  /* lower case */
    const char *value; /* raw: TeX, with its braces */
};

struct bibtex_entry {
    const char *type; /* lower case */
    const char *key;
    struct bibtex_field *fields;
    size_t field_count, field_alloc;
};

struct bibtex_parser {
    const char *p, *end;
    struct bz_arena *arena;
    struct bibtex_macros *macros;
    char reason[256];
};

static void bibtex_blanks(struct bibtex_parser *ps)
{
    while (ps->p < ps->end && isspace((unsigned char)*ps->p))
        ps->p++;
}

/* BibTeX's identifiers: anything but blanks and "#%'(),={} */
static int bibtex_ident_char(char c)
{
    return !isspace((unsigned char)c) && c != '\0' && !strchr("\"#%'(),={}", c);
}

static size_t bibtex_ident(struct bibtex_parser *ps)
{
    const char *start = ps->p;

    while (ps->p < ps->end && bibtex_ident_char(*ps->p))
        ps->p++;
    return (size_t)(ps->p - start);
}

/* One piece of a value into out: {...}, "..." (both without their outer
 * delimiters), a number or a macro. Returns 0 or -1 (reason set). */
static int bibtex_piece(struct bibtex_parser *ps, struct bz_buf *out)
{
    const char *start;
    size_t n;
    int depth = 0;

    if (ps->p >= ps->end) {
        snprintf(ps->reason, sizeof(ps->reason), "a field has no value");
        return -1;
    }
    if (*ps->p == '{' || *ps->p == '"') {
        char open = *ps->p++;

        start = ps->p;
        for (; ps->p < ps->end; ps->p++) {
            char c = *ps->p;

            if (c == '{') {
                depth++;
            } else if (c == '}') {
                if (depth == 0 && open == '{')
                    break;
                if (--depth < 0)
                    break;
            } else if (c == '"' && open == '"' && depth == 0) {
                break;
            }
        }
        if (ps->p >= ps->end || depth < 0) {
            snprintf(ps->reason, sizeof(ps->reason),
                     "a value's braces or quotes are not balanced");
            return -1;
        }
        bz_buf_add(out, start, (size_t)(ps->p - start));
        ps->p++;
        return 0;
    }
    start = ps->p;
    n = bibtex_ident(ps);
    if (n == 0) {
        snprintf(ps->reason, sizeof(ps->reason),
                 "unexpected '%c' where a value should be", *ps->p);
        return -1;
    }
    if (strspn(start, "0123456789") >= n) {
        bz_buf_add(out, start, n);
    } else {
        const char *value = bibtex_macro_find(ps->macros, start, n);

        if (value)
            bz_buf_puts(out, value);
        /* an undefined macro is empty, as in BibTeX */
    }
    return 0;
}

/* A value: pieces joined by '#'. The result is in the arena. */
static char *bibtex_value(struct bibtex_parser *ps)
{
    struct bz_buf out;
    char *value = NULL;

    bz_buf_init(&out, BZ_IMPORT_MAX_RECORD);
    for (;;) {
        bibtex_blanks(ps);
        if (bibtex_piece(ps, &out) < 0)
            goto release;
        bibtex_blanks(ps);
        if (ps->p < ps->end && *ps->p == '#') {
            ps->p++;
            continue;
        }
        break;
    }
    value = out.failed ? NULL
                       : bz_arena_strndup(ps->arena, out.data ? out.data : "",
                                          out.len);
    if (value == NULL)
        snprintf(ps->reason, sizeof(ps->reason), "out of memory");
release:
    bz_buf_release(&out);
    return value;
}

static void bibtex_add_field(struct bibtex_parser *ps, struct bibtex_entry *e,
                             const char *name, size_t n, const char *value)
{
    struct bibtex_field *f;
    size_t i;

    for (i = 0; i < e->field_count; i++)
        if (strlen(e->fields[i].name) == n &&
            strncasecmp(e->fields[i].name, name, n) == 0)
            return; /* the first of a repeated field counts */
    if (e->field_count == e->field_alloc) {
        size_t alloc = e->field_alloc ? 2 * e->field_alloc : 16;

        f = bz_arena_calloc(ps->arena, alloc, sizeof(*f));
        if (f == NULL)
            return;
        if (e->field_count)
            memcpy(f, e->fields, e->field_count * sizeof(*f));
        e->fields = f;
        e->field_alloc = alloc;
    }
    f = &e->fields[e->field_count];
    f->name = bz_arena_strndup(ps->arena, name, n);
    f->value = value;
    if (f->name == NULL)
        return;
    for (i = 0; i < n; i++)
        ((char *)f->name)[i] = (char)tolower((unsigned char)f->name[i]);
    e->field_count++;
}

/* name = value, name = value ... up to close. For @string, each pair is
 * a macro. Returns 0 or -1 (reason set). */
static int bibtex_fields(struct bibtex_parser *ps, struct bibtex_entry *e,
                         char close, int macros)
{
    for (;;) {
        const char *name;
        size_t n;
        char *value;

        bibtex_blanks(ps);
        if (ps->p < ps->end && *ps->p == ',') {
            ps->p++;
            continue;
        }
        if (ps->p >= ps->end || *ps->p == close)
            return 0;
        name = ps->p;
        n = bibtex_ident(ps);
        if (n == 0) {
            snprintf(ps->reason, sizeof(ps->reason),
                     "unexpected '%c' where a field name should be", *ps->p);
            return -1;
        }
        bibtex_blanks(ps);
        if (ps->p >= ps->end || *ps->p != '=') {
            snprintf(ps->reason, sizeof(ps->reason),
                     "expected '=' after field '%.*s'", (int)(n > 64 ? 64 : n),
                     name);
            return -1;
        }
        ps->p++;
        if ((value = bibtex_value(ps)) == NULL)
            return -1;
        if (macros) {
            if (bibtex_macro_define(ps->macros, name, n, value) < 0) {
                snprintf(ps->reason, sizeof(ps->reason),
                         "too many @string macros");
                return -1;
            }
        } else {
            bibtex_add_field(ps, e, name, n, value);
        }
        bibtex_blanks(ps);
        if (ps->p < ps->end && *ps->p != ',' && *ps->p != close) {
            snprintf(ps->reason, sizeof(ps->reason),
                     "expected ',' after field '%.*s'", (int)(n > 64 ? 64 : n),
                     name);
            return -1;
        }
    }
}

/* Parses the framed entry text (from its '@'). Returns 1 for an entry
 * with fields, 0 for one that is not a record (@string, @comment,
 * @preamble), -1 when malformed (reason set). */
static int bibtex_parse(struct bibtex_parser *ps, struct bibtex_entry *e)
{
    const char *type, *key;
    char *lower;
    size_t n, i;
    char close;

    memset(e, 0, sizeof(*e));
    ps->p++; /* '@' */
    bibtex_blanks(ps);
    type = ps->p;
    n = bibtex_ident(ps);
    lower = bz_arena_strndup(ps->arena, type, n);
    if (lower == NULL)
        return -1;
    for (i = 0; i < n; i++)
        lower[i] = (char)tolower((unsigned char)lower[i]);
    e->type = lower;
    bibtex_blanks(ps);
    close = *ps->p == '(' ? ')' : '}';
    ps->p++;
    if (strcmp(lower, "comment") == 0 || strcmp(lower, "preamble") == 0)
        return 0;
    if (strcmp(lower, "string") == 0)
        return bibtex_fields(ps, e, close, 1) < 0 ? -1 : 0;

    bibtex_blanks(ps);
    key = ps->p;
    while (ps->p < ps->end && *ps->p != ',' && *ps->p != close &&
           !isspace((unsigned char)*ps->p))
        ps->p++;
    e->key = bz_arena_strndup(ps->arena, key, (size_t)(ps->p - key));
    bibtex_blanks(ps);
    if (ps->p < ps->end && *ps->p != ',' && *ps->p != close) {
        snprintf(ps->reason, sizeof(ps->reason),
                 "expected ',' after the citation key");
        return -1;
    }
    return bibtex_fields(ps, e, close, 0) < 0 ? -1 : 1;
}

static const char *bibtex_get_field(const struct bibtex_entry *e,
                                    const char *name)
{
    size_t i;

    for (i = 0; i < e->field_count; i++)
        if (strcmp(e->fields[i].name, name) == 0)
            return e->fields[i].value;
    return NULL;
}

/* --- names ---------------------------------------------------------------- */

/* The text of a raw TeX value, or NULL when it is empty. */
static const char *bibtex_text(struct bz_arena *arena, const char *raw)
{
    char *s;

    if (raw == NULL)
        return NULL;
    s = bz_bibtex_latex_to_utf8(arena, raw, strlen(raw));
    return s && *s ? s : NULL;
}

/* One name (n raw bytes) as First von Last Jr, in arena; NULL for none
 * ("others", "et al."). */
static const char *bibtex_name(struct bz_arena *arena, const char *s, size_t n)
{
    const char *parts[3];
    size_t lens[3], count = 0, i, start = 0;
    const char *first, *last, *jr;
    int depth = 0;

    for (i = 0; i <= n; i++) {
        if (i < n && s[i] == '{')
            depth++;
        else if (i < n && s[i] == '}')
            depth--;
        if (i == n || (s[i] == ',' && depth == 0)) {
            if (count < 3) {
                parts[count] = s + start;
                lens[count++] = i - start;
            }
            start = i + 1;
        }
    }
    for (i = 0; i < count; i++) {
        const char *t = bz_bibtex_latex_to_utf8(arena, parts[i], lens[i]);

        if (t == NULL)
            return NULL;
        parts[i] = t;
    }
    while (count > 1 && *parts[count - 1] == '\0')
        count--; /* "Ramon y Cajal, Santiago," */
    if (count == 1) {
        first = parts[0];
        if (strcasecmp(first, "others") == 0 ||
            strcasecmp(first, "et al.") == 0 || strcasecmp(first, "et al") == 0)
            return NULL;
        return *first ? first : NULL;
    }
    last = parts[0];
    jr = count == 3 ? parts[1] : "";
    first = parts[count - 1];
    if (*first == '\0' && *last == '\0')
        return NULL;
    return bz_arena_printf(arena, "%s%s%s%s%s", first,
                           *first && *last ? " " : "", last, *jr ? " " : "",
                           jr);
}

/* 1 when s[i..] is a blank-delimited "and" at brace depth 0. */
static int bibtex_is_and(const char *s, size_t n, size_t i)
{
    return i + 3 <= n && strncasecmp(s + i, "and", 3) == 0 &&
           (i + 3 == n || isspace((unsigned char)s[i + 3])) && i > 0 &&
           isspace((unsigned char)s[i - 1]);
}

static enum bz_status bibtex_authors(struct bz_arena *arena, const char *raw,
                                     struct bz_work_record *w)
{
    size_t n = strlen(raw), i, start = 0, count = 0, alloc = 1;
    int depth = 0;

    for (i = 0; i < n; i++)
        if (raw[i] == 'a' || raw[i] == 'A')
            alloc++;
    if (alloc > BIBTEX_MAX_AUTHORS)
        alloc = BIBTEX_MAX_AUTHORS;
    w->authors = bz_arena_calloc(arena, alloc, sizeof(*w->authors));
    if (w->authors == NULL)
        return BZ_NOMEM;
    for (i = 0; i <= n && count < alloc; i++) {
        int cut = i == n;

        if (i < n && raw[i] == '{')
            depth++;
        else if (i < n && raw[i] == '}')
            depth--;
        else if (depth == 0 && bibtex_is_and(raw, n, i))
            cut = 1;
        if (cut) {
            const char *name = bibtex_name(arena, raw + start, i - start);

            if (name)
                w->authors[count++].raw_name = name;
            start = i + 3;
            i += 2;
        }
    }
    w->author_count = count;
    return BZ_OK;
}

/* --- identifiers ---------------------------------------------------------- */

/* The canonical arXiv id of the n bytes at p ("arXiv:1412.6980v2",
 * "hep-th/9901001"), in arena; NULL when they are not one. */
static char *bibtex_arxiv(struct bz_arena *arena, const char *p, size_t n)
{
    char id[BZ_ARXIV_ID_MAX];

    if (n > 4 && strncmp(p + n - 4, ".pdf", 4) == 0)
        n -= 4;
    if (!bz_arxiv_id_parse(p, n, id, NULL))
        return NULL;
    return bz_arena_strdup(arena, id);
}

/* "arXiv preprint arXiv:1412.6980", "ArXiv:2010.02178": the id, or NULL. */
static char *bibtex_arxiv_in_text(struct bz_arena *arena, const char *text)
{
    const char *p = text;

    while (text && (p = strcasestr(p, "arxiv")) != NULL) {
        p += 5;
        if (strncasecmp(p, ".org/abs/", 9) == 0)
            p += 9;
        while (*p == ':' || *p == ' ' || *p == '.')
            p++;
        if (isdigit((unsigned char)*p))
            return bibtex_arxiv(arena, p, strspn(p, "0123456789.vV"));
    }
    return NULL;
}

static void bibtex_add_id(struct bz_external_id *ids, size_t *count,
                          const char *scheme, const char *value)
{
    size_t i;

    if (value == NULL || *value == '\0')
        return;
    for (i = 0; i < *count; i++)
        if (strcmp(ids[i].scheme, scheme) == 0 &&
            strcmp(ids[i].value, value) == 0)
            return;
    ids[(*count)++] = (struct bz_external_id){scheme, value, "bibtex"};
}

/* An entry with no identifier at all is known by its cite key and a hash
 * of its folded title ("Frank_1970/3f2a9c1e"): re-importing the file finds
 * it again, while another file's entry under the same key but with another
 * title stays apart. */
static const char *bibtex_local_id(struct bz_arena *arena, const char *key,
                                   const char *title)
{
    const char *folded = bz_text_fold_words(arena, title);
    uint32_t h = 2166136261u; /* FNV-1a */

    for (; folded && *folded; folded++)
        h = (h ^ (unsigned char)*folded) * 16777619u;
    return bz_arena_printf(arena, "%s/%08x", key, (unsigned)h);
}

static const char *bibtex_verbatim(struct bz_arena *arena, const char *raw)
{
    char *s;

    if (raw == NULL)
        return NULL;
    s = bz_bibtex_verbatim(arena, raw, strlen(raw));
    return s && *s ? s : NULL;
}

/* The DOI of the doi field (or of a doi.org url), normalised, or NULL. */
static const char *bibtex_doi(struct bz_arena *arena, const char *doi,
                              const char *url)
{
    const char *p;
    char *d;

    if (doi == NULL && url && (p = strstr(url, "doi.org/")) != NULL)
        doi = p + strlen("doi.org/");
    if (doi == NULL)
        return NULL;
    d = bz_openalex_normalise_doi(arena, doi);
    if (d == NULL || strncmp(d, "10.", 3) != 0 || strchr(d, '/') == NULL)
        return NULL;
    p = strstr(d, "%2f");
    if (p) /* doi.org links escape the slash: 10.1007%2F11880561_13 */
        d = bz_arena_printf(arena, "%.*s/%s", (int)(p - d), d, p + 3);
    return d;
}

/* --- the work ------------------------------------------------------------- */

static const struct {
    const char *entry;
    const char *type;
} bibtex_types[] = {
    {"article", "article"},
    {"inproceedings", "conference paper"},
    {"conference", "conference paper"},
    {"book", "book"},
    {"incollection", "book chapter"},
    {"inbook", "book chapter"},
    {"phdthesis", "thesis"},
    {"mastersthesis", "thesis"},
    {"thesis", "thesis"},
    {"techreport", "report"},
    {"report", "report"},
    {"proceedings", "proceedings"},
};

static const char *bibtex_type(const char *entry)
{
    size_t i;

    for (i = 0; i < sizeof(bibtex_types) / sizeof(*bibtex_types); i++)
        if (strcmp(entry, bibtex_types[i].entry) == 0)
            return bibtex_types[i].type;
    return "other";
}

static int bibtex_year(const char *text)
{
    const char *p;

    for (p = text; p && *p; p++)
        if (strspn(p, "0123456789") == 4 &&
            (p == text || !isdigit((unsigned char)p[-1])))
            return atoi(p) > 0 ? atoi(p) : 0;
    return 0;
}

static enum bz_status bibtex_work_ids(struct bz_arena *arena,
                                      const struct bibtex_entry *e,
                                      const char *url, const char *venue,
                                      struct bz_work_record *w,
                                      const char **arxiv_out)
{
    const char *doi = bibtex_doi(
        arena, bibtex_verbatim(arena, bibtex_get_field(e, "doi")), url);
    const char *eprint = bibtex_verbatim(arena, bibtex_get_field(e, "eprint"));
    const char *prefix =
        bibtex_verbatim(arena, bibtex_get_field(e, "archiveprefix"));
    const char *arxiv = NULL, *p;
    size_t count = 0;

    if (prefix == NULL)
        prefix = bibtex_verbatim(arena, bibtex_get_field(e, "eprinttype"));
    if (eprint && ((prefix && strcasecmp(prefix, "arxiv") == 0) ||
                   strncasecmp(eprint, "arxiv:", 6) == 0))
        arxiv = bibtex_arxiv(arena, eprint, strlen(eprint));
    if (arxiv == NULL && url && (p = strstr(url, "arxiv.org/abs/")) != NULL)
        arxiv = bibtex_arxiv(arena, p + 14, strcspn(p + 14, "?#"));
    if (arxiv == NULL)
        arxiv = bibtex_arxiv_in_text(arena, venue);
    if (doi && strncmp(doi, "10.48550/arxiv.", 15) == 0 &&
        (p = bibtex_arxiv(arena, doi + 15, strlen(doi + 15))) != NULL) {
        if (arxiv == NULL)
            arxiv = p;
        doi = NULL; /* arXiv's own DOI: added back below, from the id */
    }
    w->ids = bz_arena_calloc(arena, 4, sizeof(*w->ids));
    if (w->ids == NULL)
        return BZ_NOMEM;
    bibtex_add_id(w->ids, &count, "doi", doi);
    if (arxiv) {
        bibtex_add_id(w->ids, &count, "arxiv", arxiv);
        if (doi == NULL)
            bibtex_add_id(w->ids, &count, "doi",
                          bz_arena_printf(arena, "10.48550/arxiv.%s", arxiv));
    }
    if (e->key && strncmp(e->key, "DBLP:", 5) == 0)
        bibtex_add_id(w->ids, &count, "dblp", e->key + 5);
    w->id_count = count;
    *arxiv_out = arxiv;
    return BZ_OK;
}

/* The entry as a work and its hand-over; 0 to go on, -1 to stop. */
static int bibtex_work(struct bz_import_context *ctx, struct bz_arena *arena,
                       const struct bibtex_entry *e, long line)
{
    struct bz_work_record w;
    const char *url, *arxiv, *venue, *author;
    char reason[256];

    memset(&w, 0, sizeof(w));
    w.title = bibtex_text(arena, bibtex_get_field(e, "title"));
    if (w.title == NULL) {
        snprintf(reason, sizeof(reason), "entry '%.200s' has no title",
                 e->key ? e->key : "");
        return bz_import_skip(ctx, line, reason);
    }
    w.source = "bibtex";
    w.source_record =
        e->key && *e->key ? bz_arena_printf(arena, "bibtex:%s", e->key) : NULL;
    w.type = bibtex_type(e->type);
    venue = bibtex_text(arena, bibtex_get_field(e, "journal"));
    if (venue == NULL)
        venue = bibtex_text(arena, bibtex_get_field(e, "booktitle"));
    if (venue == NULL && strcmp(w.type, "thesis") == 0)
        venue = bibtex_text(arena, bibtex_get_field(e, "school"));
    if (venue == NULL && strcmp(w.type, "report") == 0)
        venue = bibtex_text(arena, bibtex_get_field(e, "institution"));
    w.publication_year = bibtex_year(bibtex_get_field(e, "year"));
    if (w.publication_year == 0)
        w.publication_year = bibtex_year(bibtex_get_field(e, "date"));
    w.abstract = bibtex_text(arena, bibtex_get_field(e, "abstract"));
    w.open_access = -1;
    url = bibtex_verbatim(arena, bibtex_get_field(e, "url"));
    if (bibtex_work_ids(arena, e, url, venue, &w, &arxiv) != BZ_OK)
        return bz_import_skip(ctx, line, "out of memory for the entry");
    if (w.id_count == 0 && e->key && *e->key)
        bibtex_add_id(w.ids, &w.id_count, "bibtex",
                      bibtex_local_id(arena, e->key, w.title));
    if (arxiv &&
        (strcmp(e->type, "misc") == 0 || strcmp(e->type, "unpublished") == 0 ||
         strcmp(e->type, "online") == 0 || venue == NULL ||
         bibtex_arxiv_in_text(arena, venue))) {
        w.type = "preprint";
        if (venue == NULL || bibtex_arxiv_in_text(arena, venue))
            venue = "arXiv";
    }
    w.venue = venue;
    if (url && strncmp(url, "http", 4) == 0)
        w.landing_url = url;
    else if (arxiv)
        w.landing_url =
            bz_arena_printf(arena, "https://arxiv.org/abs/%s", arxiv);
    author = bibtex_get_field(e, "author");
    if (author && bibtex_authors(arena, author, &w) != BZ_OK)
        return bz_import_skip(ctx, line, "out of memory for the entry");
    return bz_import_work(ctx, &w, line);
}

/* --- framing -------------------------------------------------------------- */

enum bibtex_frame {
    FRAME_ENTRY,    /* buf holds a whole entry */
    FRAME_NONE,     /* the '@' did not start an entry */
    FRAME_OPEN,     /* a line starting with '@' came before the entry closed */
    FRAME_END,      /* the file ended inside the entry */
    FRAME_TOO_LONG, /* the entry passed the cap (and was read to its end) */
};

/* After an '@' was read: reads the entry into buf (which starts with the
 * '@'). On FRAME_OPEN, the '@' that opens the next entry has been read
 * (and is not in buf). */
static enum bibtex_frame bibtex_frame(struct bibtex_source *s,
                                      struct bz_buf *buf)
{
    int c, depth = 0, quoted = 0, comment, line_blank;
    size_t type_start;
    char open;

    bz_buf_reset(buf);
    bz_buf_putc(buf, '@');
    while ((c = bibtex_get(s)) == ' ' || c == '\t')
        bz_buf_putc(buf, (char)c);
    type_start = buf->len;
    while (c >= 0 && bibtex_ident_char((char)c)) {
        bz_buf_putc(buf, (char)c);
        c = bibtex_get(s);
    }
    if (buf->len == type_start || c < 0) {
        if (c >= 0)
            bibtex_unget(s, c);
        return FRAME_NONE;
    }
    comment = buf->len - type_start == 7 &&
              strncasecmp(buf->data + type_start, "comment", 7) == 0;
    while (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        bz_buf_putc(buf, (char)c);
        c = bibtex_get(s);
    }
    if (c != '{' && c != '(') {
        if (c >= 0)
            bibtex_unget(s, c);
        return FRAME_NONE;
    }
    open = (char)c;
    bz_buf_putc(buf, open);
    depth = open == '{' ? 1 : 0;
    for (;;) {
        line_blank = s->line_blank;
        c = bibtex_get(s);
        if (c < 0)
            return FRAME_END;
        if (c == '@' && line_blank && !comment)
            return FRAME_OPEN;
        bz_buf_putc(buf, (char)c);
        if (c == '{') {
            depth++;
        } else if (c == '}') {
            if (open == '{' && --depth == 0)
                break;
            if (depth > 0 && open == '(')
                depth--;
        } else if (open == '(' && depth == 0) {
            if (c == '"')
                quoted = !quoted;
            else if (c == ')' && !quoted)
                break;
        }
    }
    return buf->failed ? FRAME_TOO_LONG : FRAME_ENTRY;
}

/* Parses and hands over one framed entry; 0 to go on, -1 to stop. */
static int bibtex_entry(struct bz_import_context *ctx,
                        struct bibtex_macros *macros, const struct bz_buf *buf,
                        long line)
{
    struct bibtex_parser ps;
    struct bibtex_entry e;
    int rc;

    bz_import_record_begin(ctx);
    ps.arena = bz_import_record_arena(ctx);
    ps.macros = macros;
    ps.p = buf->data;
    ps.end = buf->data + buf->len;
    ps.reason[0] = '\0';
    rc = bibtex_parse(&ps, &e);
    if (rc < 0) {
        char reason[400];

        snprintf(reason, sizeof(reason), "malformed @%.20s entry%s%.60s%s: %s",
                 e.type ? e.type : "", e.key ? " '" : "", e.key ? e.key : "",
                 e.key ? "'" : "", ps.reason[0] ? ps.reason : "out of memory");
        return bz_import_skip(ctx, line, reason);
    }
    if (rc == 0)
        return 0;
    return bibtex_work(ctx, ps.arena, &e, line);
}

static enum bz_status bibtex_read(struct bz_import_input *in,
                                  struct bz_import_context *ctx,
                                  struct bz_error *err)
{
    struct bibtex_source *s = calloc(1, sizeof(*s));
    struct bibtex_macros *macros = malloc(sizeof(*macros));
    enum bz_status status = BZ_OK;
    struct bz_buf buf;
    char reason[128];
    int c = 0, pending = 0;

    if (s == NULL || macros == NULL) {
        free(s);
        free(macros);
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    }
    s->in = in;
    s->err = err;
    s->line = 1;
    s->unget = -1;
    s->line_blank = 1;
    bibtex_macros_init(macros);
    bz_buf_init(&buf, BZ_IMPORT_MAX_RECORD);
    while (pending || (c = bibtex_get(s)) >= 0) {
        long line = s->line;
        enum bibtex_frame frame;
        int rc = 0;

        if (!pending && c != '@')
            continue; /* text between entries */
        pending = 0;
        frame = bibtex_frame(s, &buf);
        switch (frame) {
        case FRAME_ENTRY:
            rc = bibtex_entry(ctx, macros, &buf, line);
            break;
        case FRAME_NONE:
            break;
        case FRAME_OPEN:
            rc = bz_import_skip(ctx, line,
                                "entry not closed before the next entry "
                                "(unbalanced braces)");
            pending = 1;
            break;
        case FRAME_END:
            if (s->failed)
                break;
            rc = bz_import_skip(ctx, line,
                                "entry not closed at the end of the file "
                                "(unbalanced braces)");
            break;
        case FRAME_TOO_LONG:
            snprintf(reason, sizeof(reason), "entry longer than %u bytes",
                     BZ_IMPORT_MAX_RECORD);
            rc = bz_import_skip(ctx, line, reason);
            break;
        }
        if (rc < 0 || s->failed)
            break;
    }
    if (s->failed)
        status = err->status != BZ_OK ? err->status : BZ_IO;
    bz_buf_release(&buf);
    bz_arena_release(&macros->arena);
    free(macros);
    free(s);
    return status;
}

const struct bz_reader bz_reader_bibtex = {
    .name = "bibtex",
    .detect = bibtex_detect,
    .read = bibtex_read,
};
