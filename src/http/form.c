/* form.c - splitting a urlencoded body and decoding each piece. */
#include "http/form.h"

#include <string.h>

#include "core/text.h"

static int form_hex(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decodes the n bytes at s into an arena string, at most max bytes long.
 * Returns BZ_OK with *out set, or the status the whole parse fails with;
 * the caller words the message. */
static enum bz_status form_decode(struct bz_arena *arena, const char *s,
                                  size_t n, size_t max, char **out)
{
    char *text;
    size_t i, o = 0;

    if (n / 3 > max) /* even all %XX it would not fit */
        return BZ_TOO_LARGE;
    text = bz_arena_alloc(arena, n + 1);
    if (text == NULL)
        return BZ_NOMEM;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];

        if (c == '+') {
            c = ' ';
        } else if (c == '%') {
            int high = i + 2 < n ? form_hex((unsigned char)s[i + 1]) : -1;
            int low = i + 2 < n ? form_hex((unsigned char)s[i + 2]) : -1;

            if (high < 0 || low < 0)
                return BZ_INVALID;
            c = (unsigned char)(high << 4 | low);
            i += 2;
        }
        if (c == '\0')
            return BZ_INVALID;
        text[o++] = (char)c;
    }
    text[o] = '\0';
    if (o > max)
        return BZ_TOO_LARGE;
    if (!bz_text_utf8_valid(text, o))
        return BZ_INVALID;
    *out = text;
    return BZ_OK;
}

/* The number of non-empty pieces, to size the array once. */
static size_t form_count_pieces(const char *body, size_t n)
{
    size_t count = 0, i, start = 0;

    for (i = 0; i <= n; i++) {
        if (i < n && body[i] != '&')
            continue;
        if (i > start)
            count++;
        start = i + 1;
    }
    return count;
}

static enum bz_status form_fail(struct bz_error *err, enum bz_status rc,
                                size_t field, const char *part)
{
    if (rc == BZ_TOO_LARGE)
        return bz_error_set(err, rc, "form field %zu: %s too long", field,
                            part);
    if (rc == BZ_NOMEM)
        return bz_error_set(err, rc, "out of memory for the form");
    return bz_error_set(err, rc,
                        "form field %zu: %s is not well-formed "
                        "(bad %%-escape, NUL byte or not UTF-8)",
                        field, part);
}

enum bz_status bz_form_parse(struct bz_arena *arena, const char *body, size_t n,
                             struct bz_form_field **fields, size_t *count,
                             struct bz_error *err)
{
    size_t pieces = form_count_pieces(body, n), at = 0, got = 0;
    struct bz_form_field *list = NULL;
    enum bz_status rc;

    *fields = NULL;
    *count = 0;
    if (pieces > BZ_FORM_MAX_FIELDS)
        return bz_error_set(err, BZ_TOO_LARGE, "form has more than %d fields",
                            BZ_FORM_MAX_FIELDS);
    if (pieces == 0)
        return BZ_OK;
    list = bz_arena_calloc(arena, pieces, sizeof(*list));
    if (list == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory for the form");

    while (at < n) {
        const char *piece = body + at, *amp, *eq;
        size_t len, name_len;
        char *name, *value;

        amp = memchr(piece, '&', n - at);
        len = amp ? (size_t)(amp - piece) : n - at;
        at += len + 1;
        if (len == 0)
            continue;
        eq = memchr(piece, '=', len);
        name_len = eq ? (size_t)(eq - piece) : len;
        rc = form_decode(arena, piece, name_len, BZ_FORM_NAME_MAX, &name);
        if (rc != BZ_OK)
            return form_fail(err, rc, got + 1, "name");
        rc =
            form_decode(arena, eq ? eq + 1 : piece + len,
                        eq ? len - name_len - 1 : 0, BZ_FORM_VALUE_MAX, &value);
        if (rc != BZ_OK)
            return form_fail(err, rc, got + 1, "value");
        list[got].name = name;
        list[got].value = value;
        got++;
    }
    *fields = list;
    *count = got;
    return BZ_OK;
}
