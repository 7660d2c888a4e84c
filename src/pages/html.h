/* html.h - the one writer of HTML: every dynamic string passes through it.
 *
 * bz_html_text escapes &, <, >, " and ' so that its output is safe both as
 * element text and inside a quoted attribute. bz_html_raw is for the
 * program's own literal markup only, never for data. bz_html_url writes an
 * address into an attribute only when it is http(s), and nothing
 * otherwise (returning 0), so that "javascript:" never reaches a page.
 */
#ifndef BZ_HTML_H
#define BZ_HTML_H

#include <stddef.h>

#include "core/buf.h"

void bz_html_raw(struct bz_buf *out, const char *literal);
void bz_html_text(struct bz_buf *out, const char *s);
void bz_html_textn(struct bz_buf *out, const char *s, size_t n);
void bz_html_long(struct bz_buf *out, long n);

/* Writes the escaped url and returns 1 when it is http:// or https://;
 * writes nothing and returns 0 otherwise. */
int bz_html_url(struct bz_buf *out, const char *url);

/* `<a href="HREF">TEXT</a>` with href the program's own path (escaped all
 * the same) and text escaped. */
void bz_html_link(struct bz_buf *out, const char *href, const char *text);

/* Opens a page: doctype, head with title (escaped) and the stylesheet, the
 * site header; closes it with bz_html_end. */
void bz_html_begin(struct bz_buf *out, const char *title);
void bz_html_end(struct bz_buf *out);

#endif
