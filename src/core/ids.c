/* ids.c - own ids with optional slugs, and scheme:value external ids. */
#include "core/ids.h"

#include <ctype.h>
#include <string.h>

static const char *const ids_schemes[] = {"orcid", "openalex", "doi",
                                          "arxiv", "dblp", "s2", NULL};

static enum bz_status ids_external(struct bz_arena *arena, const char *s,
                                   const char *colon, struct bz_id_ref *out,
                                   struct bz_error *err)
{
    size_t scheme_len = (size_t)(colon - s), i;
    char *value;

    for (i = 0; ids_schemes[i]; i++)
        if (strlen(ids_schemes[i]) == scheme_len &&
            strncasecmp(ids_schemes[i], s, scheme_len) == 0)
            break;
    if (ids_schemes[i] == NULL)
        return bz_error_set(err, BZ_INVALID, "unknown id scheme '%.*s'",
                            (int)scheme_len, s);
    if (colon[1] == '\0')
        return bz_error_set(err, BZ_INVALID, "empty %s id", ids_schemes[i]);
    value = bz_arena_strdup(arena, colon + 1);
    if (value == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    if (strcmp(ids_schemes[i], "doi") == 0)
        for (char *p = value; *p; p++)
            *p = (char)tolower((unsigned char)*p);
    if (strcmp(ids_schemes[i], "openalex") == 0)
        value[0] = (char)toupper((unsigned char)value[0]);
    out->scheme = ids_schemes[i];
    out->value = value;
    return BZ_OK;
}

enum bz_status bz_id_parse(struct bz_arena *arena, const char *s, char kind,
                           struct bz_id_ref *out, struct bz_error *err)
{
    const char *colon, *p;
    int64_t n = 0;

    memset(out, 0, sizeof(*out));
    if (s == NULL || *s == '\0')
        return bz_error_set(err, BZ_INVALID, "empty id");
    if (strlen(s) > BZ_ID_MAX_LENGTH)
        return bz_error_set(err, BZ_INVALID, "id too long");
    colon = strchr(s, ':');
    if (colon)
        return ids_external(arena, s, colon, out, err);

    if (s[0] != kind)
        return bz_error_set(err, BZ_INVALID, "malformed id: expected %c and "
                            "a number", kind);
    for (p = s + 1; isdigit((unsigned char)*p); p++) {
        if (n > (INT64_MAX - 9) / 10)
            return bz_error_set(err, BZ_INVALID, "id number out of range");
        n = n * 10 + (*p - '0');
    }
    if (p == s + 1 || n == 0 || (*p != '\0' && *p != '-') || s[1] == '0')
        return bz_error_set(err, BZ_INVALID, "malformed id: expected %c and "
                            "a number", kind);
    out->number = n;
    if (*p == '-')
        out->slug = p + 1;
    return BZ_OK;
}
