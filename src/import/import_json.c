/* import_json.c - reading files of JSON texts, plain text out of markup,
 * ORCID iDs and record size checks, for the JSON readers. */
#include "import/import_json.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "import/import.h"
#include "import/json_tree.h"

/* Longest run of markup taken for one tag: past it, "<" is text, so that
 * a text of unclosed tags costs no more than one pass per "<". */
#define TEXT_MAX_TAG 1024

/* --- JSON texts ----------------------------------------------------------- */

static int json_blank(const char *s, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
            return 0;
    return 1;
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
    long deepest;

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
        if (first && bz_jt_nesting(line.data, line.len, &deepest) > 0) {
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

enum bz_status bz_import_json_authors(yajl_val list, struct bz_arena *arena,
                                      size_t max, bz_import_author_fn fn,
                                      const char *field, const char *want,
                                      struct bz_work_record *work,
                                      struct bz_error *err)
{
    size_t i, n;

    if (list == NULL || YAJL_IS_NULL(list))
        return BZ_OK;
    if (!YAJL_IS_ARRAY(list))
        return bz_error_set(err, BZ_INVALID, "field '%s' is not %s", field,
                            want);
    n = list->u.array.len < max ? list->u.array.len : max;
    work->authors = bz_arena_calloc(arena, n + 1, sizeof(*work->authors));
    if (work->authors == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    for (i = 0; i < n; i++) {
        int kept = 0;
        enum bz_status rc =
            fn(list->u.array.values[i], arena,
               &work->authors[work->author_count], &kept, err);

        if (rc != BZ_OK)
            return rc;
        work->author_count += (size_t)kept;
    }
    return BZ_OK;
}

/* --- plain text ----------------------------------------------------------- */

/* Tags whose boundaries sit inside a word ("H<sub>2</sub>O"); any other
 * tag (a paragraph, a title, a list item) separates words. */
static int text_inline_tag(const char *name, size_t n)
{
    static const char inline_tags[] =
        " i b u em strong sub sup sc scp italic bold underline monospace "
        "sans-serif roman small-caps overline strike span a font "
        "inline-formula alternatives tex-math named-content styled-content "
        "ext-link uri email xref abbrev inline-graphic math tt big small s "
        "del ins q cite mark var code chem-struct ";
    const char *colon = memchr(name, ':', n);
    char word[40];

    if (colon) {
        if (colon - name == 3 && strncmp(name, "mml", 3) == 0)
            return 1; /* MathML: <mml:mi>x</mml:mi><mml:mo>+</mml:mo> */
        n -= (size_t)(colon + 1 - name);
        name = colon + 1;
    }
    if (n == 0 || n + 3 > sizeof(word))
        return 0;
    snprintf(word, sizeof(word), " %.*s ", (int)n, name);
    return strstr(inline_tags, word) != NULL;
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
    while (text_name_char(s[j]) && j <= TEXT_MAX_TAG)
        j++;
    *name_len = (size_t)(s + j - *name);
    for (;;) {
        char quote;
        size_t start;

        if (j > TEXT_MAX_TAG)
            return 0;
        while (s[j] == ' ' || s[j] == '\t' || s[j] == '\n' || s[j] == '\r')
            j++;
        if (s[j] == '>')
            return j + 1;
        if (s[j] == '/' && s[j + 1] == '>' && !*closing)
            return j + 2;
        if (*closing || !isalpha((unsigned char)s[j]))
            return 0;
        start = j;
        while (text_name_char(s[j]) && j <= TEXT_MAX_TAG)
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
        while (s[j] && s[j] != quote && j <= TEXT_MAX_TAG)
            j++;
        if (s[j] != quote)
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

/* --- sizes --------------------------------------------------------------- */

static enum bz_status check_size(const char *s, size_t max, const char *what,
                                 struct bz_error *err)
{
    if (s && strnlen(s, max + 1) > max)
        return bz_error_set(err, BZ_TOO_LARGE, "%s longer than %zu bytes", what,
                            max);
    return BZ_OK;
}

enum bz_status bz_import_check_work(const struct bz_work_record *r,
                                    struct bz_error *err)
{
    enum bz_status rc;
    size_t i;

    if ((rc = check_size(r->title, 4096, "title", err)) != BZ_OK ||
        (rc = check_size(r->venue, 4096, "venue", err)) != BZ_OK ||
        (rc = check_size(r->abstract, 1u << 20, "abstract", err)) != BZ_OK)
        return rc;
    for (i = 0; i < r->author_count; i++)
        if ((rc = check_size(r->authors[i].raw_name, 1024, "an author's name",
                             err)) != BZ_OK)
            return rc;
    return BZ_OK;
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
