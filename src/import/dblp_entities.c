/* dblp_entities.c - dblp.dtd's character entities and the filter that
 * rewrites them as numeric references on their way to libxml2. */
#include "import/dblp_entities.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct dblp_entity {
    const char *name;
    uint32_t code_point;
};

/* Sorted by strcmp for bsearch (a test checks the order). dblp.dtd
 * declares reg, micro, times and ISO 8879's Latin-1 letters; the other
 * Latin-1 symbols and a few of HTML's (dashes, quotes, the euro) are here
 * as well, since a document that uses one of those names means it. */
static const struct dblp_entity dblp_entities[] = {
    {"AElig", 0x00C6},  /* latin capital letter ae */
    {"Aacute", 0x00C1}, /* latin capital letter a with acute */
    {"Acirc", 0x00C2},  /* latin capital letter a with circumflex */
    {"Agrave", 0x00C0}, /* latin capital letter a with grave */
    {"Aring", 0x00C5},  /* latin capital letter a with ring above */
    {"Atilde", 0x00C3}, /* latin capital letter a with tilde */
    {"Auml", 0x00C4},   /* latin capital letter a with diaeresis */
    {"Ccedil", 0x00C7}, /* latin capital letter c with cedilla */
    {"ETH", 0x00D0},    /* latin capital letter eth */
    {"Eacute", 0x00C9}, /* latin capital letter e with acute */
    {"Ecirc", 0x00CA},  /* latin capital letter e with circumflex */
    {"Egrave", 0x00C8}, /* latin capital letter e with grave */
    {"Euml", 0x00CB},   /* latin capital letter e with diaeresis */
    {"Iacute", 0x00CD}, /* latin capital letter i with acute */
    {"Icirc", 0x00CE},  /* latin capital letter i with circumflex */
    {"Igrave", 0x00CC}, /* latin capital letter i with grave */
    {"Iuml", 0x00CF},   /* latin capital letter i with diaeresis */
    {"Ntilde", 0x00D1}, /* latin capital letter n with tilde */
    {"OElig", 0x0152},  /* latin capital ligature oe */
    {"Oacute", 0x00D3}, /* latin capital letter o with acute */
    {"Ocirc", 0x00D4},  /* latin capital letter o with circumflex */
    {"Ograve", 0x00D2}, /* latin capital letter o with grave */
    {"Oslash", 0x00D8}, /* latin capital letter o with stroke */
    {"Otilde", 0x00D5}, /* latin capital letter o with tilde */
    {"Ouml", 0x00D6},   /* latin capital letter o with diaeresis */
    {"Scaron", 0x0160}, /* latin capital letter s with caron */
    {"THORN", 0x00DE},  /* latin capital letter thorn */
    {"Uacute", 0x00DA}, /* latin capital letter u with acute */
    {"Ucirc", 0x00DB},  /* latin capital letter u with circumflex */
    {"Ugrave", 0x00D9}, /* latin capital letter u with grave */
    {"Uuml", 0x00DC},   /* latin capital letter u with diaeresis */
    {"Yacute", 0x00DD}, /* latin capital letter y with acute */
    {"Yuml", 0x0178},   /* latin capital letter y with diaeresis */
    {"aacute", 0x00E1}, /* latin small letter a with acute */
    {"acirc", 0x00E2},  /* latin small letter a with circumflex */
    {"acute", 0x00B4},  /* acute accent */
    {"aelig", 0x00E6},  /* latin small letter ae */
    {"agrave", 0x00E0}, /* latin small letter a with grave */
    {"aring", 0x00E5},  /* latin small letter a with ring above */
    {"atilde", 0x00E3}, /* latin small letter a with tilde */
    {"auml", 0x00E4},   /* latin small letter a with diaeresis */
    {"brvbar", 0x00A6}, /* broken bar */
    {"ccedil", 0x00E7}, /* latin small letter c with cedilla */
    {"cedil", 0x00B8},  /* cedilla */
    {"cent", 0x00A2},   /* cent sign */
    {"copy", 0x00A9},   /* copyright sign */
    {"curren", 0x00A4}, /* currency sign */
    {"deg", 0x00B0},    /* degree sign */
    {"divide", 0x00F7}, /* division sign */
    {"eacute", 0x00E9}, /* latin small letter e with acute */
    {"ecirc", 0x00EA},  /* latin small letter e with circumflex */
    {"egrave", 0x00E8}, /* latin small letter e with grave */
    {"eth", 0x00F0},    /* latin small letter eth */
    {"euml", 0x00EB},   /* latin small letter e with diaeresis */
    {"euro", 0x20AC},   /* euro sign */
    {"frac12", 0x00BD}, /* vulgar fraction one half */
    {"frac14", 0x00BC}, /* vulgar fraction one quarter */
    {"frac34", 0x00BE}, /* vulgar fraction three quarters */
    {"hellip", 0x2026}, /* horizontal ellipsis */
    {"iacute", 0x00ED}, /* latin small letter i with acute */
    {"icirc", 0x00EE},  /* latin small letter i with circumflex */
    {"iexcl", 0x00A1},  /* inverted exclamation mark */
    {"igrave", 0x00EC}, /* latin small letter i with grave */
    {"iquest", 0x00BF}, /* inverted question mark */
    {"iuml", 0x00EF},   /* latin small letter i with diaeresis */
    {"laquo", 0x00AB},  /* left-pointing double angle quotation mark */
    {"ldquo", 0x201C},  /* left double quotation mark */
    {"lsquo", 0x2018},  /* left single quotation mark */
    {"macr", 0x00AF},   /* macron */
    {"mdash", 0x2014},  /* em dash */
    {"micro", 0x00B5},  /* micro sign */
    {"middot", 0x00B7}, /* middle dot */
    {"nbsp", 0x00A0},   /* no-break space */
    {"ndash", 0x2013},  /* en dash */
    {"not", 0x00AC},    /* not sign */
    {"ntilde", 0x00F1}, /* latin small letter n with tilde */
    {"oacute", 0x00F3}, /* latin small letter o with acute */
    {"ocirc", 0x00F4},  /* latin small letter o with circumflex */
    {"oelig", 0x0153},  /* latin small ligature oe */
    {"ograve", 0x00F2}, /* latin small letter o with grave */
    {"ordf", 0x00AA},   /* feminine ordinal indicator */
    {"ordm", 0x00BA},   /* masculine ordinal indicator */
    {"oslash", 0x00F8}, /* latin small letter o with stroke */
    {"otilde", 0x00F5}, /* latin small letter o with tilde */
    {"ouml", 0x00F6},   /* latin small letter o with diaeresis */
    {"para", 0x00B6},   /* pilcrow sign */
    {"plusmn", 0x00B1}, /* plus-minus sign */
    {"pound", 0x00A3},  /* pound sign */
    {"raquo", 0x00BB},  /* right-pointing double angle quotation mark */
    {"rdquo", 0x201D},  /* right double quotation mark */
    {"reg", 0x00AE},    /* registered sign */
    {"rsquo", 0x2019},  /* right single quotation mark */
    {"scaron", 0x0161}, /* latin small letter s with caron */
    {"sect", 0x00A7},   /* section sign */
    {"shy", 0x00AD},    /* soft hyphen */
    {"sup1", 0x00B9},   /* superscript one */
    {"sup2", 0x00B2},   /* superscript two */
    {"sup3", 0x00B3},   /* superscript three */
    {"szlig", 0x00DF},  /* latin small letter sharp s */
    {"thorn", 0x00FE},  /* latin small letter thorn */
    {"times", 0x00D7},  /* multiplication sign */
    {"uacute", 0x00FA}, /* latin small letter u with acute */
    {"ucirc", 0x00FB},  /* latin small letter u with circumflex */
    {"ugrave", 0x00F9}, /* latin small letter u with grave */
    {"uml", 0x00A8},    /* diaeresis */
    {"uuml", 0x00FC},   /* latin small letter u with diaeresis */
    {"yacute", 0x00FD}, /* latin small letter y with acute */
    {"yen", 0x00A5},    /* yen sign */
    {"yuml", 0x00FF},   /* latin small letter y with diaeresis */
};

#define DBLP_ENTITY_COUNT (sizeof(dblp_entities) / sizeof(*dblp_entities))

static int dblp_entity_compare(const void *key, const void *member)
{
    return strcmp(key, ((const struct dblp_entity *)member)->name);
}

uint32_t bz_dblp_entity_lookup(const char *name, size_t n)
{
    char key[BZ_DBLP_ENTITY_NAME_MAX + 1];
    const struct dblp_entity *e;

    if (n == 0 || n > BZ_DBLP_ENTITY_NAME_MAX)
        return 0;
    memcpy(key, name, n);
    key[n] = '\0';
    e = bsearch(key, dblp_entities, DBLP_ENTITY_COUNT, sizeof(*dblp_entities),
                dblp_entity_compare);
    return e ? e->code_point : 0;
}

size_t bz_dblp_entity_count(void)
{
    return DBLP_ENTITY_COUNT;
}

const char *bz_dblp_entity_name(size_t i, uint32_t *code_point)
{
    if (i >= DBLP_ENTITY_COUNT)
        return NULL;
    if (code_point)
        *code_point = dblp_entities[i].code_point;
    return dblp_entities[i].name;
}

/* --- the filter ----------------------------------------------------------- */

void bz_dblp_filter_init(struct bz_dblp_filter *f, struct bz_import_input *in)
{
    f->in = in;
    f->name_len = 0;
    f->in_reference = 0;
    f->at_end = 0;
    f->unknown = 0;
    f->out_len = f->out_pos = 0;
}

static int dblp_name_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.' ||
           c == ':';
}

/* Appends n bytes to the output; the sizes in the header make room for
 * whatever one chunk can become, so dropping is only a guard. */
static void dblp_emit(struct bz_dblp_filter *f, const char *s, size_t n)
{
    if (n > sizeof(f->out) - f->out_len)
        n = sizeof(f->out) - f->out_len;
    memcpy(f->out + f->out_len, s, n);
    f->out_len += n;
}

/* The '&' and the name gathered so far, as they were read. */
static void dblp_emit_carry(struct bz_dblp_filter *f)
{
    dblp_emit(f, "&", 1);
    dblp_emit(f, f->name, f->name_len);
    f->in_reference = 0;
    f->name_len = 0;
}

static int dblp_predefined(const char *name, size_t n)
{
    static const char *const names[] = {"amp", "lt", "gt", "quot", "apos"};
    size_t i;

    for (i = 0; i < sizeof(names) / sizeof(*names); i++)
        if (strlen(names[i]) == n && memcmp(names[i], name, n) == 0)
            return 1;
    return 0;
}

/* The reference "&name;" whose ';' was just read. */
static void dblp_resolve(struct bz_dblp_filter *f)
{
    char ref[24];
    uint32_t cp;
    int n;

    if (dblp_predefined(f->name, f->name_len)) {
        dblp_emit_carry(f);
        dblp_emit(f, ";", 1);
        return;
    }
    cp = bz_dblp_entity_lookup(f->name, f->name_len);
    if (cp == 0) {
        cp = 0xFFFD;
        f->unknown++;
    }
    n = snprintf(ref, sizeof(ref), "&#%u;", (unsigned)cp);
    dblp_emit(f, ref, (size_t)n);
    f->in_reference = 0;
    f->name_len = 0;
}

/* Rewrites the n raw bytes just read into the output. */
static void dblp_rewrite(struct bz_dblp_filter *f, const char *raw, size_t n)
{
    size_t i = 0, start;

    while (i < n) {
        unsigned char c = (unsigned char)raw[i];

        if (!f->in_reference) {
            /* copy the run up to the next '&' at once */
            const char *amp = memchr(raw + i, '&', n - i);

            start = i;
            i = amp ? (size_t)(amp - raw) : n;
            dblp_emit(f, raw + start, i - start);
            if (amp) {
                f->in_reference = 1;
                f->name_len = 0;
                i++;
            }
            continue;
        }
        if (f->name_len == 0 && c == '#') {
            dblp_emit_carry(f); /* a numeric reference: libxml2's */
            continue;
        }
        if (c == ';' && f->name_len > 0) {
            dblp_resolve(f);
            i++;
            continue;
        }
        if (dblp_name_char(c) && f->name_len < BZ_DBLP_ENTITY_NAME_MAX) {
            f->name[f->name_len++] = (char)c;
            i++;
            continue;
        }
        /* not a reference of the table's kind: pass it on unchanged and
         * look at this byte again as ordinary text (it may be an '&') */
        dblp_emit_carry(f);
    }
}

long bz_dblp_filter_read(void *data, char *buf, size_t n, struct bz_error *err)
{
    struct bz_dblp_filter *f = data;

    while (f->out_pos == f->out_len) {
        long got;

        f->out_pos = f->out_len = 0;
        if (f->at_end)
            return 0;
        got = bz_input_read(f->in, f->raw, sizeof(f->raw), err);
        if (got < 0)
            return -1;
        if (got == 0) {
            if (f->in_reference)
                dblp_emit_carry(f); /* "&name" cut by the end of the file */
            f->at_end = 1;
            continue;
        }
        bz_input_count_lines(f->in, f->raw, (size_t)got);
        dblp_rewrite(f, f->raw, (size_t)got);
    }
    if (n > f->out_len - f->out_pos)
        n = f->out_len - f->out_pos;
    memcpy(buf, f->out + f->out_pos, n);
    f->out_pos += n;
    return (long)n;
}
