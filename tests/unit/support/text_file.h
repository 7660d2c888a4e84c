/* text_file.h - a whole file read into memory, for the tests. */
#ifndef BZ_TEST_TEXT_FILE_H
#define BZ_TEST_TEXT_FILE_H

#include <stddef.h>

/* The bytes of the file at path with a NUL after them, their count in
 * *len (len may be NULL); NULL when the file cannot be opened or read
 * whole. The caller frees it. Fails the running test out of memory. */
char *text_file_read(const char *path, size_t *len);

#endif
