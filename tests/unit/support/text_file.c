/* text_file.c - a whole file read into memory (text_file.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>

#include "support/text_file.h"

char *text_file_read(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *data = NULL;
    long n;

    if (f == NULL)
        return NULL;
    if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0)
        goto close;
    rewind(f);
    data = malloc((size_t)n + 1);
    assert_non_null(data);
    if (fread(data, 1, (size_t)n, f) != (size_t)n) {
        free(data);
        data = NULL;
        goto close;
    }
    data[n] = '\0';
    if (len != NULL)
        *len = (size_t)n;
close:
    fclose(f);
    return data;
}
