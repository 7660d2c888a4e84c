/* buf.c - appending to a capped, growable buffer. */
#include "core/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void bz_buf_init(struct bz_buf *buf, size_t cap)
{
    buf->data = NULL;
    buf->len = 0;
    buf->alloc = 0;
    buf->cap = cap ? cap : BZ_BUF_DEFAULT_CAP;
    buf->failed = 0;
}

void bz_buf_release(struct bz_buf *buf)
{
    free(buf->data);
    buf->data = NULL;
    buf->len = 0;
    buf->alloc = 0;
    buf->failed = 0;
}

void bz_buf_reset(struct bz_buf *buf)
{
    buf->len = 0;
    buf->failed = 0;
    if (buf->data)
        buf->data[0] = '\0';
}

static int buf_grow(struct bz_buf *buf, size_t extra)
{
    size_t need, alloc;
    char *p;

    if (buf->failed || extra > buf->cap || buf->len > buf->cap - extra) {
        buf->failed = 1;
        return -1;
    }
    need = buf->len + extra + 1;
    if (need <= buf->alloc)
        return 0;
    alloc = buf->alloc ? buf->alloc : 256;
    while (alloc < need)
        alloc *= 2;
    p = realloc(buf->data, alloc);
    if (p == NULL) {
        buf->failed = 1;
        return -1;
    }
    buf->data = p;
    buf->alloc = alloc;
    return 0;
}

int bz_buf_add(struct bz_buf *buf, const void *data, size_t n)
{
    if (buf_grow(buf, n) < 0)
        return -1;
    if (n)
        memcpy(buf->data + buf->len, data, n);
    buf->len += n;
    buf->data[buf->len] = '\0';
    return 0;
}

int bz_buf_puts(struct bz_buf *buf, const char *s)
{
    if (s == NULL)
        return 0;
    return bz_buf_add(buf, s, strlen(s));
}

int bz_buf_putc(struct bz_buf *buf, char c)
{
    return bz_buf_add(buf, &c, 1);
}

int bz_buf_vprintf(struct bz_buf *buf, const char *fmt, va_list ap)
{
    va_list copy;
    int n;

    va_copy(copy, ap);
    n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0 || buf_grow(buf, (size_t)n) < 0) {
        buf->failed = 1;
        return -1;
    }
    vsnprintf(buf->data + buf->len, (size_t)n + 1, fmt, ap);
    buf->len += (size_t)n;
    return 0;
}

int bz_buf_printf(struct bz_buf *buf, const char *fmt, ...)
{
    va_list ap;
    int rc;

    va_start(ap, fmt);
    rc = bz_buf_vprintf(buf, fmt, ap);
    va_end(ap);
    return rc;
}

char *bz_buf_detach(struct bz_buf *buf, size_t *len)
{
    char *p = buf->data;

    if (p == NULL)
        p = calloc(1, 1);
    if (len)
        *len = buf->len;
    buf->data = NULL;
    buf->len = 0;
    buf->alloc = 0;
    buf->failed = 0;
    return p;
}
