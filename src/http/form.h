/* form.h - application/x-www-form-urlencoded bodies, the way browsers
 * send HTML forms.
 *
 * A body is name=value pairs joined by '&'. In names and values '+' is a
 * space and %XX the byte 0xXX. Unlike the WHATWG parser, which keeps a
 * malformed escape as it is, this one refuses the body: a form that does
 * not decode was not sent by a browser, and refusing it leaves no second
 * reading of the same bytes. Decoded text must be UTF-8 with no NUL.
 */
#ifndef BZ_FORM_H
#define BZ_FORM_H

#include <stddef.h>

#include "core/arena.h"
#include "core/error.h"

#define BZ_FORM_MAX_FIELDS 256
#define BZ_FORM_NAME_MAX 256           /* decoded bytes */
#define BZ_FORM_VALUE_MAX (64u * 1024) /* decoded bytes */

/* One field, percent-decoded, as NUL-terminated arena strings. */
struct bz_form_field {
    const char *name;
    const char *value;
};

/* Parses the n bytes at body (no NUL needed) into an arena array of
 * *count fields, in the order sent, repeated names kept; empty pieces
 * ("a=1&&b=2") are skipped and a piece with no '=' is a name with the
 * value "". An empty body gives no fields and *fields NULL.
 * BZ_INVALID for a bad %-escape, a decoded NUL or text that is not
 * UTF-8; BZ_TOO_LARGE past BZ_FORM_MAX_FIELDS fields or a name or value
 * over its cap; BZ_NOMEM when the arena is full. The message names the
 * field by its position (client bytes are not repeated). */
enum bz_status bz_form_parse(struct bz_arena *arena, const char *body, size_t n,
                             struct bz_form_field **fields, size_t *count,
                             struct bz_error *err);

#endif
