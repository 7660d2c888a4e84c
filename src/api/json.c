/* json.c - writing keys and values with yajl. */
#include "api/json.h"

#include <stdio.h>
#include <string.h>

void bz_json_key(yajl_gen g, const char *key)
{
    yajl_gen_string(g, (const unsigned char *)key, strlen(key));
}

void bz_json_string(yajl_gen g, const char *s)
{
    if (s == NULL)
        yajl_gen_null(g);
    else
        yajl_gen_string(g, (const unsigned char *)s, strlen(s));
}

void bz_json_kv_string(yajl_gen g, const char *key, const char *s)
{
    bz_json_key(g, key);
    bz_json_string(g, s);
}

void bz_json_kv_long(yajl_gen g, const char *key, long long n)
{
    bz_json_key(g, key);
    yajl_gen_integer(g, n);
}

void bz_json_kv_bool(yajl_gen g, const char *key, int b)
{
    bz_json_key(g, key);
    yajl_gen_bool(g, b);
}

void bz_json_kv_double(yajl_gen g, const char *key, double d)
{
    bz_json_key(g, key);
    yajl_gen_double(g, d);
}

void bz_json_kv_id(yajl_gen g, const char *key, char kind, int64_t id)
{
    char text[32];

    snprintf(text, sizeof(text), "%c%lld", kind, (long long)id);
    bz_json_kv_string(g, key, text);
}

enum bz_status bz_json_finish(yajl_gen g, struct bz_buf *out,
                              struct bz_error *err)
{
    const unsigned char *text;
    size_t len;

    if (yajl_gen_get_buf(g, &text, &len) != yajl_gen_status_ok)
        return bz_error_set(err, BZ_INVALID, "cannot write the JSON answer");
    bz_buf_add(out, text, len);
    bz_buf_putc(out, '\n');
    return BZ_OK;
}
