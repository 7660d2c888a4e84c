/* static.h - the files of static/ compiled into the binary. */
#ifndef BZ_STATIC_H
#define BZ_STATIC_H

#include <stddef.h>

struct bz_static_file {
    const char *name; /* "style.css" */
    const unsigned char *data;
    size_t size;
};

/* Ends with an entry whose name is NULL. Generated at build time. */
extern const struct bz_static_file bz_static_files[];

/* The file called name, or NULL. */
const struct bz_static_file *bz_static_find(const char *name);

#endif
