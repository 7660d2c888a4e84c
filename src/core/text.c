/* text.c - UTF-8 checking, diacritic folding, word splitting and slugs. */
#include "core/text.h"

#include <stdint.h>
#include <string.h>

#include "core/buf.h"

int bz_text_utf8_valid(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;

    while (i < n) {
        unsigned c = p[i];
        size_t len;
        uint32_t cp;

        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xc2 && c <= 0xdf) {
            len = 2;
            cp = c & 0x1f;
        } else if (c >= 0xe0 && c <= 0xef) {
            len = 3;
            cp = c & 0x0f;
        } else if (c >= 0xf0 && c <= 0xf4) {
            len = 4;
            cp = c & 0x07;
        } else {
            return 0;
        }
        if (n - i < len)
            return 0;
        for (size_t k = 1; k < len; k++) {
            if ((p[i + k] & 0xc0) != 0x80)
                return 0;
            cp = (cp << 6) | (p[i + k] & 0x3f);
        }
        if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
            cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            return 0;
        i += len;
    }
    return 1;
}

/* Decodes one code point at s (of n bytes); returns its length, or 1 for a
 * bad byte, which decodes as U+FFFD. */
static size_t text_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    size_t len = s[0] < 0x80 ? 1 : s[0] < 0xe0 ? 2 : s[0] < 0xf0 ? 3 : 4;

    if (len == 1 || len > n || !bz_text_utf8_valid((const char *)s, len)) {
        *cp = s[0] < 0x80 ? s[0] : 0xfffd;
        return 1;
    }
    *cp = s[0] & (0x7f >> len);
    for (size_t k = 1; k < len; k++)
        *cp = (*cp << 6) | (s[k] & 0x3f);
    return len;
}

/* Base letters of U+00C0..U+017F, two bytes each ("a\0" for one letter);
 * "" keeps the code point (×, ÷). */
static const char *const text_latin[] = {
    /* C0 */ "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e",
    "i", "i", "i", "i",
    /* D0 */ "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u",
    "y", "th", "ss",
    /* E0 */ "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e",
    "i", "i", "i", "i",
    /* F0 */ "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u",
    "y", "th", "y",
    /* 100 */ "a", "a", "a", "a", "a", "a", "c", "c", "c", "c", "c", "c",
    "c", "c", "d", "d",
    /* 110 */ "d", "d", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e",
    "g", "g", "g", "g",
    /* 120 */ "g", "g", "g", "g", "h", "h", "h", "h", "i", "i", "i", "i",
    "i", "i", "i", "i",
    /* 130 */ "i", "i", "ij", "ij", "j", "j", "k", "k", "k", "l", "l", "l",
    "l", "l", "l", "l",
    /* 140 */ "l", "l", "l", "n", "n", "n", "n", "n", "n", "n", "n", "n",
    "o", "o", "o", "o",
    /* 150 */ "o", "o", "oe", "oe", "r", "r", "r", "r", "r", "r", "s", "s",
    "s", "s", "s", "s",
    /* 160 */ "s", "s", "t", "t", "t", "t", "t", "t", "u", "u", "u", "u",
    "u", "u", "u", "u",
    /* 170 */ "u", "u", "u", "u", "w", "w", "y", "y", "y", "z", "z", "z",
    "z", "z", "z", "s",
};

/* Appends the folded form of one code point to buf; returns 1 when it is
 * part of a word, 0 when it separates words. */
static int text_fold_one(struct bz_buf *buf, uint32_t cp)
{
    char utf8[4];

    if (cp < 0x80) {
        if (cp >= 'A' && cp <= 'Z')
            cp += 'a' - 'A';
        if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) {
            bz_buf_putc(buf, (char)cp);
            return 1;
        }
        return 0;
    }
    if (cp >= 0xc0 && cp <= 0x17f && text_latin[cp - 0xc0][0]) {
        bz_buf_puts(buf, text_latin[cp - 0xc0]);
        return 1;
    }
    if (cp < 0xc0 || cp == 0xd7 || cp == 0xf7 || (cp >= 0x2000 && cp < 0x2070)
        || cp == 0xfffd)
        return 0; /* Latin-1 punctuation, general punctuation */
    if (cp < 0x800) {
        utf8[0] = (char)(0xc0 | (cp >> 6));
        utf8[1] = (char)(0x80 | (cp & 0x3f));
        bz_buf_add(buf, utf8, 2);
    } else if (cp < 0x10000) {
        utf8[0] = (char)(0xe0 | (cp >> 12));
        utf8[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        utf8[2] = (char)(0x80 | (cp & 0x3f));
        bz_buf_add(buf, utf8, 3);
    } else {
        utf8[0] = (char)(0xf0 | (cp >> 18));
        utf8[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
        utf8[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
        utf8[3] = (char)(0x80 | (cp & 0x3f));
        bz_buf_add(buf, utf8, 4);
    }
    return 1;
}

/* The folded words of s separated by single spaces, into buf, with a
 * leading and trailing space. */
static void text_fold(struct bz_buf *buf, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s), i = 0;
    int in_word = 0;

    bz_buf_putc(buf, ' ');
    while (i < n) {
        uint32_t cp;
        size_t before = buf->len;

        i += text_decode(p + i, n - i, &cp);
        if (cp == '\'' || cp == 0x2019)
            continue; /* O'Brien -> obrien */
        if (text_fold_one(buf, cp)) {
            in_word = 1;
        } else if (in_word) {
            buf->len = before;
            bz_buf_putc(buf, ' ');
            in_word = 0;
        }
    }
    if (in_word)
        bz_buf_putc(buf, ' ');
}

char *bz_text_fold_words(struct bz_arena *arena, const char *s)
{
    struct bz_buf buf;
    char *out;

    bz_buf_init(&buf, 1u << 20);
    text_fold(&buf, s ? s : "");
    out = buf.failed ? NULL : bz_arena_strndup(arena, buf.data, buf.len);
    bz_buf_release(&buf);
    return out;
}

size_t bz_text_split_words(struct bz_arena *arena, const char *s, char **words,
                           size_t max)
{
    char *folded = bz_text_fold_words(arena, s);
    size_t count = 0;
    char *p;

    if (folded == NULL)
        return 0;
    p = folded;
    while (*p && count < max) {
        char *end;

        while (*p == ' ')
            p++;
        if (*p == '\0')
            break;
        end = strchr(p, ' ');
        *end = '\0';
        words[count++] = p;
        p = end + 1;
    }
    return count;
}

char *bz_text_slug(struct bz_arena *arena, const char *s, size_t max_len)
{
    char *folded = bz_text_fold_words(arena, s);
    char *out, *w, *save = NULL;
    size_t o = 0;

    if (folded == NULL)
        return NULL;
    out = bz_arena_alloc(arena, strlen(folded) + 1);
    if (out == NULL)
        return NULL;
    for (w = strtok_r(folded, " ", &save); w;
         w = strtok_r(NULL, " ", &save)) {
        size_t n = 0;
        int ascii = 1;

        for (n = 0; w[n]; n++)
            if ((unsigned char)w[n] >= 0x80)
                ascii = 0;
        if (!ascii)
            continue;
        if (o + (o ? 1 : 0) + n > max_len)
            break;
        if (o)
            out[o++] = '-';
        memcpy(out + o, w, n);
        o += n;
    }
    out[o] = '\0';
    return out;
}
