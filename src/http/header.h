/* header.h - HTTP header fields: checking names and values, finding one.
 *
 * A header is a (name, value) pair of C strings; lists of them are arrays
 * with a count. Who owns the strings is said where a list is kept (a
 * request's belong to the HTTP layer, a response's to the request arena).
 */
#ifndef BZ_HEADER_H
#define BZ_HEADER_H

#include <stddef.h>

struct bz_header {
    const char *name;
    const char *value;
};

/* Longest name and value bz_header_name_valid / _value_valid accept. */
#define BZ_HEADER_NAME_MAX 64
#define BZ_HEADER_VALUE_MAX 8192

/* 1 when the n bytes at name are an HTTP token (RFC 9110: letters, digits
 * and !#$%&'*+-.^_`|~), from 1 to BZ_HEADER_NAME_MAX bytes; else 0. */
int bz_header_name_valid(const char *name, size_t n);

/* 1 when the n bytes at value may follow a header name: at most
 * BZ_HEADER_VALUE_MAX bytes, no control byte but tab (so no CR, LF or NUL
 * that could end the header early and start another), no DEL, and no
 * space or tab at either end; else 0. Bytes >= 0x80 are let through. */
int bz_header_value_valid(const char *value, size_t n);

/* The value of the first header called name (compared without case) in
 * the count headers at list, or NULL. */
const char *bz_header_find(const struct bz_header *list, size_t count,
                           const char *name);

#endif
