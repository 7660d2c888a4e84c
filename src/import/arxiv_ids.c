/* arxiv_ids.c - recognising arXiv ids and category codes in any of the
 * forms the sources write them. */
#include "import/arxiv_ids.h"

#include <string.h>
#include <strings.h>

static int ids_is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int ids_is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int ids_is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static char ids_lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* The value of the k digits at s (all digits, checked by the caller). */
static int ids_number(const char *s, size_t k)
{
    int v = 0;

    while (k-- > 0)
        v = v * 10 + (*s++ - '0');
    return v;
}

static int ids_all_digits(const char *s, size_t k)
{
    for (size_t i = 0; i < k; i++)
        if (!ids_is_digit(s[i]))
            return 0;
    return 1;
}

/* Reads an optional "vN" at s[*at..n) that must end the id; 1 when what
 * is left is empty or such a version. */
static int ids_version(const char *s, size_t n, size_t at, int *version)
{
    size_t k;

    *version = 0;
    if (at == n)
        return 1;
    if (s[at] != 'v' && s[at] != 'V')
        return 0;
    at++;
    k = n - at;
    if (k == 0 || k > 4 || !ids_all_digits(s + at, k))
        return 0;
    *version = ids_number(s + at, k);
    return *version > 0;
}

/* "YYMM.NNNN" (April 2007 to December 2014) or "YYMM.NNNNN" (from
 * January 2015), then maybe a version. */
static int ids_new_style(const char *s, size_t n, char *out, int *version)
{
    size_t digits = 0;
    int yymm, month;

    if (n < 9 || !ids_all_digits(s, 4) || s[4] != '.')
        return 0;
    while (5 + digits < n && ids_is_digit(s[5 + digits]))
        digits++;
    if (digits != 4 && digits != 5)
        return 0;
    yymm = ids_number(s, 4);
    month = yymm % 100;
    if (month < 1 || month > 12 || yymm < 704)
        return 0;
    if ((digits == 4) != (yymm <= 1412))
        return 0;
    if (!ids_version(s, n, 5 + digits, version))
        return 0;
    for (size_t i = 0; i < 5 + digits; i++)
        out[i] = s[i];
    out[5 + digits] = '\0';
    return 1;
}

/* "archive[.SC]/YYMMNNN" (August 1991 to March 2007), then maybe a
 * version; the subject class is dropped and the archive lower-cased. */
static int ids_old_style(const char *s, size_t n, char *out, int *version)
{
    size_t archive = 0, slash, o;
    int yy, month;

    while (archive < n && (ids_is_alpha(s[archive]) || s[archive] == '-'))
        archive++;
    if (archive < 2 || archive > 16 || !ids_is_alpha(s[0]) ||
        s[archive - 1] == '-')
        return 0;
    slash = archive;
    if (slash < n && s[slash] == '.') { /* a subject class: math.AG */
        size_t k = 0;

        while (slash + 1 + k < n && ids_is_alpha(s[slash + 1 + k]))
            k++;
        if (k == 0 || k > 8)
            return 0;
        slash += 1 + k;
    }
    if (slash + 8 > n || s[slash] != '/' || !ids_all_digits(s + slash + 1, 7))
        return 0;
    yy = ids_number(s + slash + 1, 2);
    month = ids_number(s + slash + 3, 2);
    if (month < 1 || month > 12 || (yy > 7 && yy < 91))
        return 0;
    if (!ids_version(s, n, slash + 8, version))
        return 0;
    for (o = 0; o < archive; o++)
        out[o] = ids_lower(s[o]);
    out[o++] = '/';
    for (size_t i = 0; i < 7; i++)
        out[o++] = s[slash + 1 + i];
    out[o] = '\0';
    return 1;
}

int bz_arxiv_id_parse(const char *s, size_t n, char *out, int *version)
{
    static const char *const prefixes[] = {"oai:arxiv.org:",
                                           "arxiv:",
                                           "https://arxiv.org/abs/",
                                           "http://arxiv.org/abs/",
                                           "https://export.arxiv.org/abs/",
                                           "http://export.arxiv.org/abs/",
                                           "https://www.arxiv.org/abs/",
                                           "http://www.arxiv.org/abs/",
                                           "arxiv.org/abs/",
                                           NULL};
    char id[BZ_ARXIV_ID_MAX];
    int ignored, ok;

    if (version == NULL)
        version = &ignored;
    while (n > 0 && ids_is_space(*s)) {
        s++;
        n--;
    }
    while (n > 0 && ids_is_space(s[n - 1]))
        n--;
    for (size_t i = 0; prefixes[i]; i++) {
        size_t k = 0;

        while (prefixes[i][k])
            k++;
        if (n > k && strncasecmp(s, prefixes[i], k) == 0) {
            s += k;
            n -= k;
            break;
        }
    }
    /* parsed into id first: out may be the very buffer s points into */
    ok = n > 0 && n < BZ_ARXIV_ID_MAX &&
         (ids_new_style(s, n, id, version) || ids_old_style(s, n, id, version));
    if (!ok) {
        *version = 0;
        id[0] = '\0';
    }
    memcpy(out, id, strlen(id) + 1);
    return ok;
}

int bz_arxiv_category_valid(const char *s, size_t n)
{
    size_t i = 0, class_len = 0;

    if (n == 0 || n > BZ_ARXIV_CATEGORY_MAX || s[0] < 'a' || s[0] > 'z')
        return 0;
    while (i < n && ((s[i] >= 'a' && s[i] <= 'z') || s[i] == '-'))
        i++;
    if (s[i - 1] == '-')
        return 0;
    if (i == n)
        return 1;
    if (s[i] != '.')
        return 0;
    for (i++; i < n; i++, class_len++)
        if (!ids_is_alpha(s[i]) && s[i] != '-')
            return 0;
    return class_len > 0;
}

size_t bz_arxiv_category_archive_len(const char *s, size_t n)
{
    size_t i = 0;

    while (i < n && s[i] != '.')
        i++;
    return i;
}

int bz_arxiv_archive_only(const char *s, size_t n)
{
    static const char *const archives[] = {
        "cs", "econ", "eess", "math", "nlin", "physics", "q-fin", "stat", NULL};

    for (size_t i = 0; archives[i]; i++) {
        size_t k = 0;

        while (archives[i][k] && k < n && archives[i][k] == s[k])
            k++;
        if (k == n && archives[i][k] == '\0')
            return 1;
    }
    return 0;
}
