/* name.c - splits author names into folded surname and given names. */
#include "identity/name.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "core/text.h"

#define NAME_TOKEN_MAX 16

struct name_token {
    const char *start; /* into the input */
    size_t len;
    int hyphen_before; /* joined to the previous token by '-' */
};

struct name_tokens {
    struct name_token token[NAME_TOKEN_MAX];
    size_t count;
    size_t comma_at;  /* index of the first token after a comma, or 0 */
    int all_capitals; /* no lower-case ASCII letter in the whole name */
};

static const char *const name_particles[] = {
    "van", "von", "de",    "der",   "den", "da", "das", "dos",
    "do",  "del", "della", "degli", "di",  "du", "le",  "la",
    "les", "bin", "binti", "bint",  "ibn", "al", "el",  "ter",
    "ten", "zu",  "zur",   "st",    "mac", "ap", NULL};

static const char *const name_suffixes[] = {"jr",  "sr", "ii",
                                            "iii", "iv", NULL};

static int name_in_list(const char *word, const char *const *list)
{
    for (size_t i = 0; list[i] != NULL; i++) {
        if (strcmp(word, list[i]) == 0)
            return 1;
    }
    return 0;
}

/* Bytes at s[i] that are a mark or a space: their length, else 0. */
static size_t name_separator_len(const unsigned char *s, size_t i, size_t n)
{
    if (s[i] < 0x80)
        return isalpha(s[i]) || s[i] == '\'' ? 0 : 1;
    if (i + 1 < n && s[i] == 0xC2 &&
        (s[i + 1] == 0xA0 || s[i + 1] == 0xA7 || s[i + 1] == 0xB6 ||
         s[i + 1] == 0xB2 || s[i + 1] == 0xB3 || s[i + 1] == 0xB9))
        return 2; /* no-break space, section, pilcrow, superscripts */
    if (i + 2 < n && s[i] == 0xE2 && s[i + 1] == 0x80 &&
        (s[i + 2] == 0xA0 || s[i + 2] == 0xA1 || s[i + 2] == 0x90 ||
         s[i + 2] == 0x91 || s[i + 2] == 0x93))
        return 3; /* dagger, double dagger, hyphens, en dash */
    return 0;
}

static enum bz_status name_tokenize(const char *s, size_t n,
                                    struct name_tokens *t, struct bz_error *err)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    int hyphen = 0;

    memset(t, 0, sizeof(*t));
    t->all_capitals = 1;
    while (i < n) {
        size_t sep = name_separator_len(u, i, n);

        if (sep > 0) {
            if (u[i] == '-' || (sep == 3 && u[i + 2] <= 0x91))
                hyphen = t->count > 0;
            if (u[i] == ',' && t->comma_at == 0 && t->count > 0)
                t->comma_at = t->count;
            i += sep;
            continue;
        }

        size_t start = i;
        while (i < n && name_separator_len(u, i, n) == 0) {
            if (islower(u[i]))
                t->all_capitals = 0;
            i++;
        }
        if (t->count == NAME_TOKEN_MAX)
            return bz_error_set(err, BZ_TOO_LARGE,
                                "name '%.*s' has too "
                                "many parts",
                                (int)(n > 80 ? 80 : n), s);
        t->token[t->count].start = s + start;
        t->token[t->count].len = i - start;
        t->token[t->count].hyphen_before = hyphen;
        t->count++;
        hyphen = 0;
    }
    return BZ_OK;
}

/* The folded form of one token, apostrophes dropped, into out. */
static enum bz_status name_fold(struct bz_arena *arena,
                                const struct name_token *tok, char *out,
                                size_t size, struct bz_error *err)
{
    char *copy = bz_arena_strndup(arena, tok->start, tok->len);
    char *folded;
    size_t k = 0;

    if (copy == NULL || (folded = bz_text_fold_words(arena, copy)) == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory folding a name");
    for (const char *p = folded; *p != '\0'; p++) {
        if (*p == ' ' || *p == '\'')
            continue;
        if (k + 1 >= size)
            return bz_error_set(err, BZ_TOO_LARGE,
                                "name part '%.*s' is too "
                                "long",
                                (int)(tok->len > 60 ? 60 : tok->len),
                                tok->start);
        out[k++] = *p;
    }
    out[k] = '\0';
    return BZ_OK;
}

static int name_is_initials_run(const struct name_token *tok, int all_capitals)
{
    if (all_capitals || tok->len < 2 || tok->len > 3)
        return 0;
    for (size_t i = 0; i < tok->len; i++) {
        if (!isupper((unsigned char)tok->start[i]))
            return 0;
    }
    return 1;
}

static void name_add_given(struct bz_name *name, const char *part)
{
    if (name->given_count == BZ_NAME_GIVEN_MAX || part[0] == '\0')
        return;
    snprintf(name->given[name->given_count++], BZ_NAME_PART_MAX, "%s", part);
}

/* Fills name->given from tokens [from, to). */
static enum bz_status name_take_given(struct bz_arena *arena,
                                      const struct name_tokens *t, size_t from,
                                      size_t to, struct bz_name *name,
                                      struct bz_error *err)
{
    char part[BZ_NAME_PART_MAX];

    for (size_t i = from; i < to; i++) {
        enum bz_status rc =
            name_fold(arena, &t->token[i], part, sizeof(part), err);

        if (rc != BZ_OK)
            return rc;
        if (name_in_list(part, name_suffixes) && i + 1 == to && i > from)
            continue;
        if (name_is_initials_run(&t->token[i], t->all_capitals)) {
            for (size_t k = 0; part[k] != '\0'; k++) {
                char initial[2] = {part[k], '\0'};

                name_add_given(name, initial);
            }
            continue;
        }
        name_add_given(name, part);
    }
    return BZ_OK;
}

/* Appends the folded tokens [from, to) to name->surname. */
static enum bz_status name_take_surname(struct bz_arena *arena,
                                        const struct name_tokens *t,
                                        size_t from, size_t to,
                                        struct bz_name *name,
                                        struct bz_error *err)
{
    char part[BZ_NAME_PART_MAX];

    for (size_t i = from; i < to; i++) {
        enum bz_status rc =
            name_fold(arena, &t->token[i], part, sizeof(part), err);
        size_t used = strlen(name->surname);

        if (rc != BZ_OK)
            return rc;
        if (name_in_list(part, name_suffixes) && i + 1 == to && i > from)
            continue;
        if (used + strlen(part) + 1 > sizeof(name->surname))
            return bz_error_set(err, BZ_TOO_LARGE, "surname is too long");
        memcpy(name->surname + used, part, strlen(part) + 1);
    }
    return BZ_OK;
}

/* Where the surname starts in a name written "Given Surname". */
static size_t name_surname_start(struct bz_arena *arena,
                                 const struct name_tokens *t, size_t end)
{
    size_t start = end - 1;
    char part[BZ_NAME_PART_MAX];

    while (start > 0 && t->token[start].hyphen_before &&
           t->token[start - 1].len > 1)
        start--;
    while (start > 1) {
        if (name_fold(arena, &t->token[start - 1], part, sizeof(part), NULL) !=
                BZ_OK ||
            !name_in_list(part, name_particles))
            break;
        start--;
    }
    return start;
}

static enum bz_status name_parse_tokens(struct bz_arena *arena,
                                        const struct name_tokens *t,
                                        struct bz_name *name,
                                        struct bz_error *err)
{
    char part[BZ_NAME_PART_MAX];
    size_t end = t->count;
    enum bz_status rc;

    if (t->count == 0)
        return bz_error_set(err, BZ_INVALID, "name has no letters");
    while (end > 1 &&
           name_fold(arena, &t->token[end - 1], part, sizeof(part), NULL) ==
               BZ_OK &&
           name_in_list(part, name_suffixes) && t->comma_at != end - 1)
        end--;

    if (t->comma_at > 0 && t->comma_at < end) {
        rc = name_take_surname(arena, t, 0, t->comma_at, name, err);
        if (rc == BZ_OK)
            rc = name_take_given(arena, t, t->comma_at, end, name, err);
    } else {
        size_t start = name_surname_start(arena, t, end);

        rc = name_take_surname(arena, t, start, end, name, err);
        if (rc == BZ_OK)
            rc = name_take_given(arena, t, 0, start, name, err);
    }
    if (rc == BZ_OK && name->surname[0] == '\0')
        rc = bz_error_set(err, BZ_INVALID, "name has no surname");
    return rc;
}

enum bz_status bz_name_parse(const char *s, size_t n, struct bz_name *name,
                             struct bz_error *err)
{
    struct name_tokens tokens;
    struct bz_arena arena;
    enum bz_status rc;

    memset(name, 0, sizeof(*name));
    if (n > BZ_NAME_INPUT_MAX)
        return bz_error_set(err, BZ_TOO_LARGE, "name '%.40s...' is too long",
                            s);
    rc = name_tokenize(s, n, &tokens, err);
    if (rc != BZ_OK)
        return rc;

    bz_arena_init(&arena, 64 * 1024);
    rc = name_parse_tokens(&arena, &tokens, name, err);
    bz_arena_release(&arena);
    return rc;
}

enum bz_status bz_name_parse_parts(const char *given, const char *family,
                                   struct bz_name *name, struct bz_error *err)
{
    char joined[BZ_NAME_INPUT_MAX + 1];
    int len;

    if (family == NULL || family[0] == '\0')
        return bz_name_parse(given ? given : "", given ? strlen(given) : 0,
                             name, err);
    len =
        snprintf(joined, sizeof(joined), "%s, %s", family, given ? given : "");
    if (len < 0 || (size_t)len >= sizeof(joined))
        return bz_error_set(err, BZ_TOO_LARGE, "name '%.40s' is too long",
                            family);
    return bz_name_parse(joined, (size_t)len, name, err);
}

/* The given names of name run together, or "" when one is an initial. */
static void name_joined_given(const struct bz_name *name, char *out,
                              size_t size)
{
    size_t k = 0;

    out[0] = '\0';
    for (size_t i = 0; i < name->given_count; i++) {
        size_t len = strlen(name->given[i]);

        if (len < 2 || k + len + 1 > size) {
            out[0] = '\0';
            return;
        }
        memcpy(out + k, name->given[i], len + 1);
        k += len;
    }
}

enum bz_name_match bz_name_compare(const struct bz_name *a,
                                   const struct bz_name *b)
{
    size_t common =
        a->given_count < b->given_count ? a->given_count : b->given_count;
    int same = a->given_count == b->given_count;

    if (strcmp(a->surname, b->surname) != 0)
        return BZ_NAME_CONFLICT;
    for (size_t i = 0; i < common; i++) {
        const char *x = a->given[i];
        const char *y = b->given[i];

        if (strcmp(x, y) == 0)
            continue;
        same = 0;
        if ((x[1] == '\0' || y[1] == '\0') && x[0] == y[0])
            continue;

        char jx[BZ_NAME_PART_MAX * BZ_NAME_GIVEN_MAX];
        char jy[BZ_NAME_PART_MAX * BZ_NAME_GIVEN_MAX];

        name_joined_given(a, jx, sizeof(jx));
        name_joined_given(b, jy, sizeof(jy));
        return jx[0] != '\0' && strcmp(jx, jy) == 0 ? BZ_NAME_EXACT
                                                    : BZ_NAME_CONFLICT;
    }
    return same ? BZ_NAME_EXACT : BZ_NAME_COMPATIBLE;
}

int bz_name_has_full_given(const struct bz_name *name)
{
    return name->given_count > 0 && strlen(name->given[0]) > 1;
}

void bz_name_block_key(const struct bz_name *name, char *out, size_t size)
{
    if (size == 0)
        return;
    if (name->given_count == 0)
        snprintf(out, size, "%s", name->surname);
    else
        snprintf(out, size, "%c %s", name->given[0][0], name->surname);
}
