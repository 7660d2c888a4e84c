/* json.h - small helpers over yajl's generator for the API's output.
 *
 * A struct bz_json wraps one yajl_gen; strings are written as given (yajl
 * escapes them; invalid UTF-8 makes the generator fail, which
 * bz_json_finish reports). Keys are the program's own literals.
 */
#ifndef BZ_JSON_H
#define BZ_JSON_H

#include <stdint.h>
#include <yajl/yajl_gen.h>

#include "core/buf.h"
#include "core/error.h"

void bz_json_key(yajl_gen g, const char *key);
/* A string, or null when s is NULL. */
void bz_json_string(yajl_gen g, const char *s);
void bz_json_kv_string(yajl_gen g, const char *key, const char *s);
void bz_json_kv_long(yajl_gen g, const char *key, long long n);
void bz_json_kv_bool(yajl_gen g, const char *key, int b);
void bz_json_kv_double(yajl_gen g, const char *key, double d);
/* "R12"-style id. */
void bz_json_kv_id(yajl_gen g, const char *key, char kind, int64_t id);

/* Copies the generated text into out. BZ_INVALID when generation failed. */
enum bz_status bz_json_finish(yajl_gen g, struct bz_buf *out,
                              struct bz_error *err);

#endif
