/* buf.h - a growable byte buffer with a maximum size.
 *
 * Invariants: data is NULL or holds len bytes followed by a NUL, so
 * data is a C string when the content has no NUL of its own; len < alloc.
 * Every append either adds all its bytes or none and sets the sticky
 * `failed` flag when the cap or memory runs out, so a writer can append
 * freely and check once at the end. The buffer owns data (malloc'd).
 */
#ifndef BZ_BUF_H
#define BZ_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct bz_buf {
    char *data;   /* owned; NUL-terminated; NULL until the first append */
    size_t len;   /* bytes held, without the NUL */
    size_t alloc; /* bytes allocated */
    size_t cap;   /* most bytes it may hold */
    int failed;   /* set once an append did not fit or malloc failed */
};

#define BZ_BUF_DEFAULT_CAP (16u * 1024 * 1024)

/* An empty buffer that may hold up to cap bytes (0: the default cap). */
void bz_buf_init(struct bz_buf *buf, size_t cap);

/* Frees the data; the buffer is empty and may be used again. */
void bz_buf_release(struct bz_buf *buf);

/* Forgets the content but keeps the memory and clears `failed`. */
void bz_buf_reset(struct bz_buf *buf);

/* Appends n bytes. Returns 0, or -1 (and sets failed) when they don't fit. */
int bz_buf_add(struct bz_buf *buf, const void *data, size_t n);

/* Appends a NUL-terminated string (nothing for NULL). */
int bz_buf_puts(struct bz_buf *buf, const char *s);

/* Appends one byte. */
int bz_buf_putc(struct bz_buf *buf, char c);

/* Appends formatted text. */
int bz_buf_printf(struct bz_buf *buf, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int bz_buf_vprintf(struct bz_buf *buf, const char *fmt, va_list ap);

/* Hands the data over to the caller (who frees it) and empties buf.
 * Returns an empty malloc'd string when buf is empty; NULL out of memory. */
char *bz_buf_detach(struct bz_buf *buf, size_t *len);

#endif
