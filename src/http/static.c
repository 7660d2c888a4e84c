/* static.c - looking up the compiled-in static files by name. */
#include "http/static.h"

#include <string.h>

const struct bz_static_file *bz_static_find(const char *name)
{
    const struct bz_static_file *f;

    for (f = bz_static_files; f->name; f++)
        if (strcmp(f->name, name) == 0)
            return f;
    return NULL;
}
