/* header.c - header names as tokens, values without line breaks. */
#include "http/header.h"

#include <string.h>
#include <strings.h>

static int header_tchar(unsigned char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
        (c >= '0' && c <= '9'))
        return 1;
    return c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

int bz_header_name_valid(const char *name, size_t n)
{
    size_t i;

    if (n == 0 || n > BZ_HEADER_NAME_MAX)
        return 0;
    for (i = 0; i < n; i++)
        if (!header_tchar((unsigned char)name[i]))
            return 0;
    return 1;
}

int bz_header_value_valid(const char *value, size_t n)
{
    size_t i;

    if (n > BZ_HEADER_VALUE_MAX)
        return 0;
    if (n > 0 && (value[0] == ' ' || value[0] == '\t' || value[n - 1] == ' ' ||
                  value[n - 1] == '\t'))
        return 0;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)value[i];

        if ((c < 0x20 && c != '\t') || c == 0x7f)
            return 0;
    }
    return 1;
}

const char *bz_header_find(const struct bz_header *list, size_t count,
                           const char *name)
{
    size_t i;

    for (i = 0; i < count; i++)
        if (strcasecmp(list[i].name, name) == 0)
            return list[i].value;
    return NULL;
}
