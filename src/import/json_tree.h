/* json_tree.h - reading fields of yajl trees, for the JSON readers.
 *
 * Every getter takes a node that may be NULL or of another type and
 * answers NULL (or the default) then, so that a reader can walk optional
 * paths without checks at each step. A present field of the wrong type
 * sets *bad, which the reader turns into "field 'x' is not ...".
 */
#ifndef BZ_JSON_TREE_H
#define BZ_JSON_TREE_H

#include <stddef.h>
#include <yajl/yajl_tree.h>

#include "core/buf.h"

/* Deepest nesting a JSON text may have (yajl frees trees recursively). */
#define BZ_JSON_MAX_DEPTH 256

/* The member key of object, or NULL. */
yajl_val bz_jt_get(yajl_val object, const char *key);

/* The string member key; NULL when absent or null; *bad set when present
 * with another type. */
const char *bz_jt_string(yajl_val object, const char *key, int *bad);

/* The integer member key, or def when absent or null; *bad set for another
 * type. */
long long bz_jt_integer(yajl_val object, const char *key, long long def,
                        int *bad);

/* 1 / 0 for true / false; -1 when absent or null; *bad for another type. */
int bz_jt_bool(yajl_val object, const char *key, int *bad);

/* The array member key, or NULL (also when not an array: *bad is set). */
yajl_val bz_jt_array(yajl_val object, const char *key, int *bad);

/* 1 when the n bytes at s nest no deeper than BZ_JSON_MAX_DEPTH. */
int bz_jt_depth_ok(const char *s, size_t n);

/* Scans the n bytes at s for brackets outside strings: returns how deeply
 * they leave arrays and objects open at the end (a string left open
 * counts as one more), and sets *deepest to the deepest nesting met. */
long bz_jt_nesting(const char *s, size_t n, long *deepest);

/* Parses the NUL-terminated text (n bytes, no NUL inside) after checking
 * its UTF-8 and depth. NULL with a reason in reason (size bytes, one
 * line) when it is not valid. Free the tree with yajl_tree_free. */
yajl_val bz_jt_parse(const char *text, size_t n, char *reason, size_t size);

#endif
