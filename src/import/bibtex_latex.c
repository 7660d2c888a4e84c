/* bibtex_latex.c - turning the TeX of BibTeX values into UTF-8 text. */
#include "import/bibtex_latex.h"

#include <stdint.h>
#include <string.h>

/* Precomposed letters: an accent command's character, the base letter,
 * and the code point of the two together. */
/* clang-format off */
static const struct {
    char accent, base;
    uint16_t code_point;
} latex_composed[] = {
    /* grave \` */
    {'`', 'A', 0xC0}, {'`', 'E', 0xC8}, {'`', 'I', 0xCC}, {'`', 'O', 0xD2},
    {'`', 'U', 0xD9}, {'`', 'a', 0xE0}, {'`', 'e', 0xE8}, {'`', 'i', 0xEC},
    {'`', 'o', 0xF2}, {'`', 'u', 0xF9}, {'`', 'N', 0x1F8}, {'`', 'n', 0x1F9},
    /* acute \' */
    {'\'', 'A', 0xC1}, {'\'', 'E', 0xC9}, {'\'', 'I', 0xCD},
    {'\'', 'O', 0xD3}, {'\'', 'U', 0xDA}, {'\'', 'Y', 0xDD},
    {'\'', 'a', 0xE1}, {'\'', 'e', 0xE9}, {'\'', 'i', 0xED},
    {'\'', 'o', 0xF3}, {'\'', 'u', 0xFA}, {'\'', 'y', 0xFD},
    {'\'', 'C', 0x106}, {'\'', 'c', 0x107}, {'\'', 'L', 0x139},
    {'\'', 'l', 0x13A}, {'\'', 'N', 0x143}, {'\'', 'n', 0x144},
    {'\'', 'R', 0x154}, {'\'', 'r', 0x155}, {'\'', 'S', 0x15A},
    {'\'', 's', 0x15B}, {'\'', 'Z', 0x179}, {'\'', 'z', 0x17A},
    {'\'', 'G', 0x1F4}, {'\'', 'g', 0x1F5},
    /* circumflex \^ */
    {'^', 'A', 0xC2}, {'^', 'E', 0xCA}, {'^', 'I', 0xCE}, {'^', 'O', 0xD4},
    {'^', 'U', 0xDB}, {'^', 'a', 0xE2}, {'^', 'e', 0xEA}, {'^', 'i', 0xEE},
    {'^', 'o', 0xF4}, {'^', 'u', 0xFB}, {'^', 'C', 0x108}, {'^', 'c', 0x109},
    {'^', 'G', 0x11C}, {'^', 'g', 0x11D}, {'^', 'H', 0x124}, {'^', 'h', 0x125},
    {'^', 'J', 0x134}, {'^', 'j', 0x135}, {'^', 'S', 0x15C}, {'^', 's', 0x15D},
    {'^', 'W', 0x174}, {'^', 'w', 0x175}, {'^', 'Y', 0x176}, {'^', 'y', 0x177},
    /* tilde \~ */
    {'~', 'A', 0xC3}, {'~', 'N', 0xD1}, {'~', 'O', 0xD5}, {'~', 'a', 0xE3},
    {'~', 'n', 0xF1}, {'~', 'o', 0xF5}, {'~', 'I', 0x128}, {'~', 'i', 0x129},
    {'~', 'U', 0x168}, {'~', 'u', 0x169},
    /* diaeresis \" */
    {'"', 'A', 0xC4}, {'"', 'E', 0xCB}, {'"', 'I', 0xCF}, {'"', 'O', 0xD6},
    {'"', 'U', 0xDC}, {'"', 'a', 0xE4}, {'"', 'e', 0xEB}, {'"', 'i', 0xEF},
    {'"', 'o', 0xF6}, {'"', 'u', 0xFC}, {'"', 'y', 0xFF}, {'"', 'Y', 0x178},
    /* ring \r */
    {'r', 'A', 0xC5}, {'r', 'a', 0xE5}, {'r', 'U', 0x16E}, {'r', 'u', 0x16F},
    /* cedilla \c */
    {'c', 'C', 0xC7}, {'c', 'c', 0xE7}, {'c', 'G', 0x122}, {'c', 'g', 0x123},
    {'c', 'K', 0x136}, {'c', 'k', 0x137}, {'c', 'L', 0x13B}, {'c', 'l', 0x13C},
    {'c', 'N', 0x145}, {'c', 'n', 0x146}, {'c', 'R', 0x156}, {'c', 'r', 0x157},
    {'c', 'S', 0x15E}, {'c', 's', 0x15F}, {'c', 'T', 0x162}, {'c', 't', 0x163},
    /* macron \= */
    {'=', 'A', 0x100}, {'=', 'a', 0x101}, {'=', 'E', 0x112}, {'=', 'e', 0x113},
    {'=', 'I', 0x12A}, {'=', 'i', 0x12B}, {'=', 'O', 0x14C}, {'=', 'o', 0x14D},
    {'=', 'U', 0x16A}, {'=', 'u', 0x16B},
    /* breve \u */
    {'u', 'A', 0x102}, {'u', 'a', 0x103}, {'u', 'E', 0x114}, {'u', 'e', 0x115},
    {'u', 'G', 0x11E}, {'u', 'g', 0x11F}, {'u', 'I', 0x12C}, {'u', 'i', 0x12D},
    {'u', 'O', 0x14E}, {'u', 'o', 0x14F}, {'u', 'U', 0x16C}, {'u', 'u', 0x16D},
    /* dot above \. */
    {'.', 'C', 0x10A}, {'.', 'c', 0x10B}, {'.', 'E', 0x116}, {'.', 'e', 0x117},
    {'.', 'G', 0x120}, {'.', 'g', 0x121}, {'.', 'I', 0x130}, {'.', 'Z', 0x17B},
    {'.', 'z', 0x17C},
    /* ogonek \k */
    {'k', 'A', 0x104}, {'k', 'a', 0x105}, {'k', 'E', 0x118}, {'k', 'e', 0x119},
    {'k', 'I', 0x12E}, {'k', 'i', 0x12F}, {'k', 'U', 0x172}, {'k', 'u', 0x173},
    /* caron \v */
    {'v', 'C', 0x10C}, {'v', 'c', 0x10D}, {'v', 'D', 0x10E}, {'v', 'd', 0x10F},
    {'v', 'E', 0x11A}, {'v', 'e', 0x11B}, {'v', 'L', 0x13D}, {'v', 'l', 0x13E},
    {'v', 'N', 0x147}, {'v', 'n', 0x148}, {'v', 'R', 0x158}, {'v', 'r', 0x159},
    {'v', 'S', 0x160}, {'v', 's', 0x161}, {'v', 'T', 0x164}, {'v', 't', 0x165},
    {'v', 'Z', 0x17D}, {'v', 'z', 0x17E}, {'v', 'A', 0x1CD}, {'v', 'a', 0x1CE},
    {'v', 'I', 0x1CF}, {'v', 'i', 0x1D0}, {'v', 'O', 0x1D1}, {'v', 'o', 0x1D2},
    {'v', 'U', 0x1D3}, {'v', 'u', 0x1D4},
    /* double acute \H */
    {'H', 'O', 0x150}, {'H', 'o', 0x151}, {'H', 'U', 0x170}, {'H', 'u', 0x171},
};

/* Each accent command and the combining mark that stands for it. */
static const struct {
    char accent;
    uint16_t mark;
} latex_marks[] = {
    {'`', 0x300}, {'\'', 0x301}, {'^', 0x302}, {'~', 0x303}, {'=', 0x304},
    {'u', 0x306}, {'.', 0x307},  {'"', 0x308}, {'r', 0x30A}, {'H', 0x30B},
    {'v', 0x30C}, {'d', 0x323},  {'c', 0x327}, {'k', 0x328}, {'b', 0x331},
    {'t', 0x361},
};

/* Control words that stand for a character. */
static const struct {
    const char *name;
    uint16_t code_point;
} latex_symbols[] = {
    {"ss", 0xDF},      {"o", 0xF8},        {"O", 0xD8},
    {"aa", 0xE5},      {"AA", 0xC5},       {"ae", 0xE6},
    {"AE", 0xC6},      {"oe", 0x153},      {"OE", 0x152},
    {"l", 0x142},      {"L", 0x141},       {"i", 0x131},
    {"j", 0x237},      {"dh", 0xF0},       {"DH", 0xD0},
    {"th", 0xFE},      {"TH", 0xDE},       {"ng", 0x14B},
    {"NG", 0x14A},     {"dj", 0x111},      {"DJ", 0x110},
    {"S", 0xA7},       {"P", 0xB6},        {"copyright", 0xA9},
    {"pounds", 0xA3},  {"textendash", 0x2013},
    {"textemdash", 0x2014},                {"ldots", 0x2026},
    {"dots", 0x2026},  {"textellipsis", 0x2026},
    {"alpha", 0x3B1},  {"beta", 0x3B2},    {"gamma", 0x3B3},
    {"delta", 0x3B4},  {"epsilon", 0x3B5}, {"varepsilon", 0x3B5},
    {"zeta", 0x3B6},   {"eta", 0x3B7},     {"theta", 0x3B8},
    {"iota", 0x3B9},   {"kappa", 0x3BA},   {"lambda", 0x3BB},
    {"mu", 0x3BC},     {"nu", 0x3BD},      {"xi", 0x3BE},
    {"pi", 0x3C0},     {"rho", 0x3C1},     {"sigma", 0x3C3},
    {"tau", 0x3C4},    {"upsilon", 0x3C5}, {"phi", 0x3C6},
    {"varphi", 0x3C6}, {"chi", 0x3C7},     {"psi", 0x3C8},
    {"omega", 0x3C9},  {"Gamma", 0x393},   {"Delta", 0x394},
    {"Theta", 0x398},  {"Lambda", 0x39B},  {"Xi", 0x39E},
    {"Pi", 0x3A0},     {"Sigma", 0x3A3},   {"Upsilon", 0x3A5},
    {"Phi", 0x3A6},    {"Psi", 0x3A8},     {"Omega", 0x3A9},
    {"ell", 0x2113},   {"infty", 0x221E},  {"times", 0xD7},
    {"pm", 0xB1},      {"leq", 0x2264},    {"geq", 0x2265},
    {"to", 0x2192},    {"rightarrow", 0x2192},
};

/* Declarations that change the font and print nothing: {\em x} is x. */
static const char *const latex_declarations[] = {
    "em",        "it",       "bf",        "sc",         "tt",
    "rm",        "sf",       "sl",        "up",         "normalfont",
    "itshape",   "bfseries", "scshape",   "ttfamily",   "rmfamily",
    "sffamily",  "upshape",  "mdseries",  "slshape",    "small",
    "large",     "Large",    "huge",      "Huge",       "tiny",
    "footnotesize",          "normalsize", "noindent",  "relax",
    "protect",   "displaystyle",          "textstyle",  "nobreak",
    NULL};
/* clang-format on */

/* The output: a buffer sized for the worst case (see the callers), with
 * white space held back until something follows it. */
struct latex_out {
    char *data;
    size_t len, cap;
    int space; /* a space is owed before the next character */
};

static void latex_raw(struct latex_out *o, const char *s, size_t n)
{
    if (o->space && o->len > 0 && o->len < o->cap)
        o->data[o->len++] = ' ';
    o->space = 0;
    if (n > o->cap - o->len)
        n = o->cap - o->len;
    memcpy(o->data + o->len, s, n);
    o->len += n;
}

static void latex_space(struct latex_out *o)
{
    o->space = 1;
}

static void latex_code_point(struct latex_out *o, uint32_t cp)
{
    char b[4];
    size_t n;

    if (cp < 0x80) {
        b[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        b[0] = (char)(0xC0 | (cp >> 6));
        b[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else {
        b[0] = (char)(0xE0 | (cp >> 12));
        b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    }
    latex_raw(o, b, n);
}

static int latex_letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int latex_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* The letter base under accent; dotless when the source wrote \i or \j
 * (which only matters when no precomposed letter exists). */
static void latex_accented(struct latex_out *o, char accent, char base,
                           int dotless)
{
    size_t i;

    for (i = 0; i < sizeof(latex_composed) / sizeof(*latex_composed); i++)
        if (latex_composed[i].accent == accent &&
            latex_composed[i].base == base) {
            latex_code_point(o, latex_composed[i].code_point);
            return;
        }
    if (dotless)
        latex_code_point(o, base == 'i' ? 0x131 : 0x237);
    else
        latex_raw(o, &base, 1);
    for (i = 0; i < sizeof(latex_marks) / sizeof(*latex_marks); i++)
        if (latex_marks[i].accent == accent)
            latex_code_point(o, latex_marks[i].mark);
}

static void latex_run(struct latex_out *o, const char *s, size_t n);

/* The argument of an accent at s[*i]: a letter, \i or \j, or a group
 * whose first letter takes the accent (the rest is read as text). */
static void latex_accent(struct latex_out *o, char accent, const char *s,
                         size_t n, size_t *i)
{
    size_t k = *i, start, depth;

    while (k < n && latex_blank(s[k]))
        k++;
    if (k < n && s[k] == '{') {
        start = ++k;
        for (depth = 1; k < n && depth > 0; k++)
            depth += s[k] == '{' ? 1 : s[k] == '}' ? -1 : 0;
        *i = k;
        n = depth == 0 ? k - 1 : k; /* the group's end */
        s += start;
        n -= start;
        k = 0;
        while (k < n && latex_blank(s[k]))
            k++;
        if (k + 1 < n && s[k] == '\\' && (s[k + 1] == 'i' || s[k + 1] == 'j') &&
            (k + 2 == n || !latex_letter(s[k + 2]))) {
            latex_accented(o, accent, s[k + 1], 1);
            k += 2;
        } else if (k < n && latex_letter(s[k])) {
            latex_accented(o, accent, s[k], 0);
            k++;
        }
        latex_run(o, s + k, n - k);
        return;
    }
    if (k + 1 < n && s[k] == '\\' && (s[k + 1] == 'i' || s[k + 1] == 'j') &&
        (k + 2 == n || !latex_letter(s[k + 2]))) {
        latex_accented(o, accent, s[k + 1], 1);
        *i = k + 2;
        return;
    }
    if (k < n && latex_letter(s[k])) {
        latex_accented(o, accent, s[k], 0);
        k++;
    }
    *i = k;
}

/* A control word (its name is s[start..*i)); *i moves past it and the
 * spaces TeX drops after it. */
static void latex_word(struct latex_out *o, const char *s, size_t n,
                       size_t start, size_t *i)
{
    size_t len = *i - start, k;
    const char *name = s + start;

    while (*i < n && latex_blank(s[*i]))
        (*i)++;
    if (len == 1 && strchr("cvuHkrdbt", name[0]) &&
        (*i < n && (s[*i] == '{' || latex_letter(s[*i]) || s[*i] == '\\'))) {
        latex_accent(o, name[0], s, n, i);
        return;
    }
    for (k = 0; k < sizeof(latex_symbols) / sizeof(*latex_symbols); k++)
        if (strlen(latex_symbols[k].name) == len &&
            memcmp(latex_symbols[k].name, name, len) == 0) {
            latex_code_point(o, latex_symbols[k].code_point);
            if (*i < n && s[*i] == '{' && *i + 1 < n && s[*i + 1] == '}')
                *i += 2; /* \o{} */
            return;
        }
    for (k = 0; latex_declarations[k]; k++)
        if (strlen(latex_declarations[k]) == len &&
            memcmp(latex_declarations[k], name, len) == 0)
            return;
    if (*i + 1 < n && s[*i] == '{' && s[*i + 1] == '}') {
        *i += 2; /* \LaTeX{} */
        latex_raw(o, name, len);
        return;
    }
    if (*i < n && s[*i] == '{')
        return; /* \emph{x}: the group's text is the text */
    latex_raw(o, name, len);
    if (*i > start + len)
        latex_space(o);
}

/* A backslash at s[*i - 1]. */
static void latex_command(struct latex_out *o, const char *s, size_t n,
                          size_t *i)
{
    size_t start = *i;
    char c;

    if (*i >= n)
        return;
    c = s[*i];
    if (latex_letter(c)) {
        while (*i < n && latex_letter(s[*i]))
            (*i)++;
        latex_word(o, s, n, start, i);
        return;
    }
    (*i)++;
    if (strchr("`'^\"~=.", c)) {
        latex_accent(o, c, s, n, i);
    } else if (strchr("&%$#_{}", c)) {
        latex_raw(o, &c, 1);
    } else if (latex_blank(c) || c == '\\' || c == ',' || c == ';' ||
               c == ':') {
        latex_space(o);
    } else if (c != '-' && c != '/' && c != '@') {
        latex_raw(o, &c, 1);
    }
}

static void latex_run(struct latex_out *o, const char *s, size_t n)
{
    size_t i = 0;

    while (i < n) {
        char c = s[i++];

        switch (c) {
        case '\\':
            latex_command(o, s, n, &i);
            break;
        case '{':
        case '}':
        case '$':
            break;
        case '~':
            latex_space(o);
            break;
        case '-':
            if (i + 1 < n && s[i] == '-' && s[i + 1] == '-') {
                latex_code_point(o, 0x2014);
                i += 2;
            } else if (i < n && s[i] == '-') {
                latex_code_point(o, 0x2013);
                i++;
            } else {
                latex_raw(o, "-", 1);
            }
            break;
        case '`':
            if (i < n && s[i] == '`') {
                latex_code_point(o, 0x201C);
                i++;
            } else {
                latex_code_point(o, 0x2018);
            }
            break;
        case '\'':
            if (i < n && s[i] == '\'') {
                latex_code_point(o, 0x201D);
                i++;
            } else {
                latex_raw(o, "'", 1);
            }
            break;
        default:
            if (latex_blank(c))
                latex_space(o);
            else
                latex_raw(o, &c, 1);
        }
    }
}

char *bz_bibtex_latex_to_utf8(struct bz_arena *arena, const char *s, size_t n)
{
    struct latex_out o;

    /* a lone ` (1 byte) becomes U+2018 (3 bytes); nothing grows more */
    o.cap = 3 * n + 8;
    o.data = bz_arena_alloc(arena, o.cap + 1);
    if (o.data == NULL)
        return NULL;
    o.len = 0;
    o.space = 0;
    latex_run(&o, s, n);
    o.data[o.len] = '\0';
    return o.data;
}

char *bz_bibtex_verbatim(struct bz_arena *arena, const char *s, size_t n)
{
    char *out = bz_arena_alloc(arena, n + 1);
    size_t i, o = 0;

    if (out == NULL)
        return NULL;
    for (i = 0; i < n; i++) {
        char c = s[i];

        if (c == '{' || c == '}' || latex_blank(c))
            continue;
        if (c == '\\' && i + 1 < n && strchr("_%&#$~", s[i + 1]))
            c = s[++i];
        out[o++] = c;
    }
    out[o] = '\0';
    return out;
}
