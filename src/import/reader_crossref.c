/* reader_crossref.c - Crossref REST API works (a work response, a work-list
 * page, JSON Lines of bare works), and the JSON helpers that the Semantic
 * Scholar and ORCID readers share with it. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "import/import.h"
#include "import/import_openalex.h"
#include "import/json_tree.h"
#include "import/reader.h"

/* Shared with reader_semanticscholar.c and reader_orcid.c, which declare
 * them by hand. NEEDSWORK: they belong in a header of their own
 * (import/import_json.h); until it exists, keep the three sets of
 * prototypes alike. */

/* Called with each JSON text of a file and the line it starts on; returns
 * 0 to go on or -1 to stop (what bz_import_work returned). The tree is
 * freed after the call. */
typedef int bz_import_json_fn(struct bz_import_context *ctx, yajl_val root,
                              long line, void *data);

/* Reads a file of JSON texts: JSON Lines (a text per line, memory flat),
 * or one document over many lines (read whole, up to
 * BZ_IMPORT_MAX_RECORD: BZ_TOO_LARGE past it). A text that does not parse
 * is skipped with the parser's reason. BZ_OK, or BZ_IO / BZ_TOO_LARGE with
 * err filled. */
enum bz_status bz_import_json_read(struct bz_import_input *in,
                                   struct bz_import_context *ctx,
                                   bz_import_json_fn *fn, void *data,
                                   struct bz_error *err);

/* s as plain text, in arena: JATS/HTML tags dropped (their text kept),
 * character references decoded, white space squeezed and trimmed. NULL
 * when nothing is left (or out of memory). */
char *bz_import_plain_text(struct bz_arena *arena, const char *s);

/* An ORCID iD in any of its forms (https://orcid.org/..., bare, lower-case
 * x) as 0000-0000-0000-000X, in arena; NULL when s is not a well-formed
 * iD with a good check digit. */
const char *bz_import_orcid_id(struct bz_arena *arena, const char *s);

/* Most authors kept per work. */
#define CROSSREF_MAX_AUTHORS 5000

/* --- JSON texts ----------------------------------------------------------- */

static int json_blank(const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
            return 0;
    return 1;
}

/* How deeply the n bytes at s leave arrays and objects open (a string left
 * open counts as one more): above 0, the line begins a longer document. */
static long json_open_depth(const char *s, size_t n)
{
    long depth = 0;
    int in_string = 0;
    size_t i;

    for (i = 0; i < n; i++) {
        char c = s[i];

        if (in_string) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_string = 0;
        } else if (c == '"') {
            in_string = 1;
        } else if (c == '{' || c == '[') {
            depth++;
        } else if (c == '}' || c == ']') {
            depth--;
        }
    }
    return depth + in_string;
}

/* Parses one text and hands it to fn; a text that does not parse is
 * skipped. 0 to go on, -1 to stop. */
static int json_text(struct bz_import_context *ctx, const char *text,
                     size_t len, long line, bz_import_json_fn *fn, void *data)
{
    char reason[256];
    yajl_val root;
    int rc;

    if (memchr(text, '\0', len))
        return bz_import_skip(ctx, line, "JSON text holds a NUL byte");
    root = bz_jt_parse(text, len, reason, sizeof(reason));
    if (root == NULL)
        return bz_import_skip(ctx, line, reason);
    rc = fn(ctx, root, line, data);
    yajl_tree_free(root);
    return rc;
}

/* The rest of the input after its first line (in buf), as one document. */
static enum bz_status json_document(struct bz_import_input *in,
                                    struct bz_import_context *ctx,
                                    struct bz_buf *buf, long line,
                                    bz_import_json_fn *fn, void *data,
                                    struct bz_error *err)
{
    char chunk[65536];
    long got;

    bz_buf_putc(buf, '\n');
    while ((got = bz_input_read(in, chunk, sizeof(chunk), err)) > 0) {
        bz_input_count_lines(in, chunk, (size_t)got);
        if (bz_buf_add(buf, chunk, (size_t)got) < 0)
            return bz_error_set(err, BZ_TOO_LARGE,
                                "document larger than %u bytes",
                                BZ_IMPORT_MAX_RECORD);
    }
    if (got < 0)
        return BZ_IO;
    if (buf->failed)
        return bz_error_set(err, BZ_TOO_LARGE, "document larger than %u bytes",
                            BZ_IMPORT_MAX_RECORD);
    json_text(ctx, buf->data, buf->len, line, fn, data);
    return BZ_OK;
}

enum bz_status bz_import_json_read(struct bz_import_input *in,
                                   struct bz_import_context *ctx,
                                   bz_import_json_fn *fn, void *data,
                                   struct bz_error *err)
{
    struct bz_buf line;
    enum bz_status rc = BZ_OK;
    int got, too_long, first = 1;

    bz_buf_init(&line, BZ_IMPORT_MAX_RECORD);
    while ((got = bz_input_line(in, &line, &too_long, err)) == 1) {
        long number = bz_input_line_number(in);

        if (!too_long && json_blank(line.data, line.len))
            continue;
        if (too_long) {
            char reason[64];

            first = 0;
            snprintf(reason, sizeof(reason), "record longer than %u bytes",
                     BZ_IMPORT_MAX_RECORD);
            if (bz_import_skip(ctx, number, reason) < 0)
                break;
            continue;
        }
        if (first && json_open_depth(line.data, line.len) > 0) {
            rc = json_document(in, ctx, &line, number, fn, data, err);
            break;
        }
        first = 0;
        if (json_text(ctx, line.data, line.len, number, fn, data) < 0)
            break;
    }
    if (got < 0)
        rc = BZ_IO;
    bz_buf_release(&line);
    return rc;
}

/* --- plain text ----------------------------------------------------------- */

/* Tags whose boundaries sit inside a word ("H<sub>2</sub>O"); any other
 * tag (a paragraph, a title, a list item) separates words. */
static int text_inline_tag(const char *name, size_t n)
{
    static const char *const inline_tags[] = {"i",
                                              "b",
                                              "u",
                                              "em",
                                              "strong",
                                              "sub",
                                              "sup",
                                              "sc",
                                              "scp",
                                              "italic",
                                              "bold",
                                              "underline",
                                              "monospace",
                                              "sans-serif",
                                              "roman",
                                              "small-caps",
                                              "overline",
                                              "strike",
                                              "span",
                                              "a",
                                              "font",
                                              "inline-formula",
                                              "alternatives",
                                              "tex-math",
                                              "named-content",
                                              "styled-content",
                                              "ext-link",
                                              "uri",
                                              "email",
                                              "xref",
                                              "abbrev",
                                              "inline-graphic",
                                              "math",
                                              "tt",
                                              "big",
                                              "small",
                                              "s",
                                              "del",
                                              "ins",
                                              "q",
                                              "cite",
                                              "mark",
                                              "var",
                                              "code",
                                              "chem-struct",
                                              NULL};
    const char *colon = memchr(name, ':', n);
    size_t i;

    if (colon) {
        if (colon - name == 3 && strncmp(name, "mml", 3) == 0)
            return 1; /* MathML: <mml:mi>x</mml:mi><mml:mo>+</mml:mo> */
        n -= (size_t)(colon + 1 - name);
        name = colon + 1;
    }
    for (i = 0; inline_tags[i]; i++)
        if (strlen(inline_tags[i]) == n &&
            strncmp(inline_tags[i], name, n) == 0)
            return 1;
    return 0;
}

static int text_name_char(char c)
{
    return isalnum((unsigned char)c) || c == ':' || c == '_' || c == '-' ||
           c == '.';
}

/* The length of the tag at s ("<i>", "</jats:p>", "<a href='x'/>"), or 0
 * when s does not start one: a lone "<" ("p < 0.05", "a<b") is text.
 * *name and *name_len name the tag's element; *closing is set for "</". */
static size_t text_tag_at(const char *s, const char **name, size_t *name_len,
                          int *closing)
{
    size_t j = 1;

    *closing = s[j] == '/';
    j += (size_t)*closing;
    if (!isalpha((unsigned char)s[j]))
        return 0;
    *name = s + j;
    while (text_name_char(s[j]))
        j++;
    *name_len = (size_t)(s + j - *name);
    for (;;) {
        char quote;
        size_t start;

        while (s[j] == ' ' || s[j] == '\t' || s[j] == '\n' || s[j] == '\r')
            j++;
        if (s[j] == '>')
            return j + 1;
        if (s[j] == '/' && s[j + 1] == '>' && !*closing)
            return j + 2;
        if (*closing || !isalpha((unsigned char)s[j]))
            return 0;
        start = j;
        while (text_name_char(s[j]))
            j++;
        if (j == start)
            return 0;
        while (s[j] == ' ')
            j++;
        if (s[j++] != '=')
            return 0; /* attributes have values in XML: "<y and z>" is text */
        while (s[j] == ' ')
            j++;
        quote = s[j];
        if (quote != '"' && quote != '\'')
            return 0;
        j++;
        while (s[j] && s[j] != quote)
            j++;
        if (s[j] == '\0')
            return 0;
        j++;
    }
}

/* Skips the content of the element whose start tag ends at s, up to and
 * past its end tag; returns where reading goes on. */
static const char *text_skip_element(const char *s, const char *local,
                                     size_t local_len)
{
    while ((s = strchr(s, '<')) != NULL) {
        const char *name, *colon;
        size_t n, len;
        int closing;

        len = text_tag_at(s, &name, &n, &closing);
        if (len == 0) {
            s++;
            continue;
        }
        colon = memchr(name, ':', n);
        if (colon) {
            n -= (size_t)(colon + 1 - name);
            name = colon + 1;
        }
        s += len;
        if (closing && n == local_len && strncmp(name, local, n) == 0)
            return s;
    }
    return NULL;
}

static size_t text_utf8_put(char *out, unsigned long cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* The code point of the character reference at s ("&amp;", "&#x2019;"),
 * with its length in *len; 0 when s does not start one. */
static unsigned long text_entity_at(const char *s, size_t *len)
{
    static const struct {
        const char *name;
        unsigned long cp;
    } named[] = {
        {"amp", '&'},       {"lt", '<'},       {"gt", '>'},
        {"quot", '"'},      {"apos", '\''},    {"nbsp", 0xA0},
        {"ndash", 0x2013},  {"mdash", 0x2014}, {"hellip", 0x2026},
        {"lsquo", 0x2018},  {"rsquo", 0x2019}, {"ldquo", 0x201C},
        {"rdquo", 0x201D},  {"times", 0xD7},   {"plusmn", 0xB1},
        {"deg", 0xB0},      {"middot", 0xB7},  {"alpha", 0x3B1},
        {"beta", 0x3B2},    {"gamma", 0x3B3},  {"delta", 0x3B4},
        {"epsilon", 0x3B5}, {"kappa", 0x3BA},  {"lambda", 0x3BB},
        {"mu", 0x3BC},      {"pi", 0x3C0},     {"sigma", 0x3C3},
        {"tau", 0x3C4},     {"omega", 0x3C9},  {"Delta", 0x394},
        {"Omega", 0x3A9},
    };
    const char *semi;
    unsigned long cp = 0;
    size_t i, n;

    semi = memchr(s, ';', strnlen(s, 12));
    if (semi == NULL || semi - s < 3)
        return 0;
    n = (size_t)(semi - s - 1);
    *len = n + 2;
    if (s[1] == '#') {
        int hex = s[2] == 'x' || s[2] == 'X';

        if (n - 1 - (size_t)hex == 0)
            return 0;
        for (i = 2 + (size_t)hex; s + i < semi; i++) {
            int c = (unsigned char)s[i];

            if (hex ? !isxdigit(c) : !isdigit(c))
                return 0;
            cp = cp * (hex ? 16 : 10) +
                 (unsigned long)(isdigit(c) ? c - '0' : (c | 0x20) - 'a' + 10);
        }
        if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        return cp;
    }
    for (i = 0; i < sizeof(named) / sizeof(*named); i++) {
        size_t k = strlen(named[i].name);

        if (k != n)
            continue;
        /* the five XML ones in any case ("&Apos;" occurs); others exact */
        if (named[i].cp < 0x80 ? strncasecmp(s + 1, named[i].name, n) == 0
                               : strncmp(s + 1, named[i].name, n) == 0)
            return named[i].cp;
    }
    return 0;
}

struct text_out {
    char *data;
    size_t len;
    int space; /* white space is pending */
    int soft;  /* ... and it held a line break (pretty-printed markup) */
};

static void text_space(struct text_out *t, int line_break)
{
    t->space = 1;
    t->soft |= line_break;
}

/* Writes n bytes, after the pending space unless the space only came from
 * pretty-printing next to a bracket or punctuation ("( <i>x</i> )"). */
static void text_put(struct text_out *t, const char *s, size_t n)
{
    if (t->space && t->len > 0) {
        char prev = t->data[t->len - 1];

        if (!(t->soft &&
              (strchr(",.;:)]", s[0]) || prev == '(' || prev == '[')))
            t->data[t->len++] = ' ';
    }
    t->space = t->soft = 0;
    memcpy(t->data + t->len, s, n);
    t->len += n;
}

char *bz_import_plain_text(struct bz_arena *arena, const char *s)
{
    struct text_out t = {0};
    int alternatives = 0;

    if (s == NULL)
        return NULL;
    t.data = bz_arena_alloc(arena, strlen(s) + 1);
    if (t.data == NULL)
        return NULL;
    while (*s) {
        unsigned char c = (unsigned char)*s;
        const char *name;
        size_t len, n;
        int closing;
        unsigned long cp;

        if (c == '<' && (len = text_tag_at(s, &name, &n, &closing)) > 0) {
            const char *colon = memchr(name, ':', n);
            const char *local = colon ? colon + 1 : name;
            size_t local_len = n - (size_t)(local - name);
            int self_closing = s[len - 2] == '/';

            s += len;
            if (local_len == 12 && strncmp(local, "alternatives", 12) == 0)
                alternatives += closing ? -1 : 1;
            /* an <alternatives> group says a formula twice (TeX and
             * MathML): keep the MathML only */
            if (!closing && !self_closing && alternatives > 0 &&
                local_len == 8 && strncmp(local, "tex-math", 8) == 0) {
                s = text_skip_element(s, local, local_len);
                if (s == NULL)
                    break;
            }
            if (!text_inline_tag(name, n))
                text_space(&t, 0);
        } else if (c == '&' && (cp = text_entity_at(s, &len)) != 0) {
            char utf8[4];

            s += len;
            if (cp <= ' ' || cp == 0xA0)
                text_space(&t, 0);
            else
                text_put(&t, utf8, text_utf8_put(utf8, cp));
        } else if (c < ' ' || c == ' ') {
            text_space(&t, c == '\n' || c == '\r');
            s++;
        } else if (c == 0xC2 && (unsigned char)s[1] == 0xA0) {
            text_space(&t, 0); /* a no-break space */
            s += 2;
        } else {
            text_put(&t, s, 1);
            s++;
        }
    }
    t.data[t.len] = '\0';
    return t.len ? t.data : NULL;
}

/* --- ORCID iDs ------------------------------------------------------------ */

const char *bz_import_orcid_id(struct bz_arena *arena, const char *s)
{
    char digits[16], *out;
    const char *p;
    size_t n = 0, i;
    int total = 0, check;

    if (s == NULL)
        return NULL;
    while (*s == ' ')
        s++;
    p = strstr(s, "orcid.org/");
    if (p)
        s = p + strlen("orcid.org/");
    else if (strncasecmp(s, "orcid:", 6) == 0)
        s += 6;
    for (; *s && n < 16; s++) {
        if (*s == '-' && (n == 4 || n == 8 || n == 12))
            continue;
        if (!isdigit((unsigned char)*s) &&
            !(n == 15 && (*s == 'X' || *s == 'x')))
            return NULL;
        digits[n++] = (char)toupper((unsigned char)*s);
    }
    while (*s == ' ' || *s == '/')
        s++;
    if (n != 16 || *s)
        return NULL;
    for (i = 0; i < 15; i++)
        total = (total + digits[i] - '0') * 2;
    check = (12 - total % 11) % 11;
    if (digits[15] != (check == 10 ? 'X' : '0' + check))
        return NULL; /* ISO 7064 11,2 */
    out = bz_arena_alloc(arena, 20);
    if (out == NULL)
        return NULL;
    snprintf(out, 20, "%.4s-%.4s-%.4s-%.4s", digits, digits + 4, digits + 8,
             digits + 12);
    return out;
}

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

static enum bz_status crossref_authors(yajl_val list, struct bz_arena *arena,
                                       struct bz_work_record *out,
                                       struct bz_error *err)
{
    size_t i, n;

    if (list == NULL || YAJL_IS_NULL(list))
        return BZ_OK;
    if (!YAJL_IS_ARRAY(list))
        return crossref_bad(err, "author", "a list of people");
    n = list->u.array.len;
    if (n > CROSSREF_MAX_AUTHORS)
        n = CROSSREF_MAX_AUTHORS;
    out->authors = bz_arena_calloc(arena, n + 1, sizeof(*out->authors));
    if (out->authors == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    for (i = 0; i < n; i++) {
        int kept;
        enum bz_status rc =
            crossref_author(list->u.array.values[i], arena,
                            &out->authors[out->author_count], &kept, err);

        if (rc != BZ_OK)
            return rc;
        out->author_count += (size_t)kept;
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

/* Fills out from one work object, in arena. BZ_INVALID with a reason when
 * it lacks a DOI or a title, or a field has the wrong type. */
static enum bz_status crossref_work(yajl_val work, struct bz_arena *arena,
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

    out->ids = bz_arena_calloc(arena, 2, sizeof(*out->ids));
    if (out->ids == NULL || out->source_record == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    out->ids[out->id_count++] = (struct bz_external_id){"doi", doi, "crossref"};
    if ((arxiv = crossref_arxiv(doi)) != NULL)
        out->ids[out->id_count++] =
            (struct bz_external_id){"arxiv", arxiv, "crossref"};
    return crossref_authors(bz_jt_get(work, "author"), arena, out, err);
}

/* --- responses ------------------------------------------------------------ */

static int crossref_one(struct bz_import_context *ctx, yajl_val work, long line)
{
    struct bz_work_record record;
    struct bz_error err;

    bz_import_record_begin(ctx);
    if (crossref_work(work, bz_import_record_arena(ctx), &record, &err) !=
        BZ_OK)
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
