/* json_tree.c - safe getters over yajl trees, and a checked parse. */
#include "import/json_tree.h"

#include <stdio.h>
#include <string.h>

#include "core/text.h"

yajl_val bz_jt_get(yajl_val object, const char *key)
{
    size_t i;

    if (object == NULL || !YAJL_IS_OBJECT(object))
        return NULL;
    for (i = 0; i < object->u.object.len; i++)
        if (strcmp(object->u.object.keys[i], key) == 0)
            return object->u.object.values[i];
    return NULL;
}

const char *bz_jt_string(yajl_val object, const char *key, int *bad)
{
    yajl_val v = bz_jt_get(object, key);

    if (v == NULL || YAJL_IS_NULL(v))
        return NULL;
    if (!YAJL_IS_STRING(v)) {
        *bad = 1;
        return NULL;
    }
    return v->u.string;
}

long long bz_jt_integer(yajl_val object, const char *key, long long def,
                        int *bad)
{
    yajl_val v = bz_jt_get(object, key);

    if (v == NULL || YAJL_IS_NULL(v))
        return def;
    if (!YAJL_IS_INTEGER(v)) {
        *bad = 1;
        return def;
    }
    return YAJL_GET_INTEGER(v);
}

int bz_jt_bool(yajl_val object, const char *key, int *bad)
{
    yajl_val v = bz_jt_get(object, key);

    if (v == NULL || YAJL_IS_NULL(v))
        return -1;
    if (YAJL_IS_TRUE(v))
        return 1;
    if (YAJL_IS_FALSE(v))
        return 0;
    *bad = 1;
    return -1;
}

yajl_val bz_jt_array(yajl_val object, const char *key, int *bad)
{
    yajl_val v = bz_jt_get(object, key);

    if (v == NULL || YAJL_IS_NULL(v))
        return NULL;
    if (!YAJL_IS_ARRAY(v)) {
        *bad = 1;
        return NULL;
    }
    return v;
}

long bz_jt_nesting(const char *s, size_t n, long *deepest)
{
    long depth = 0;
    int in_string = 0;
    size_t i;

    *deepest = 0;
    for (i = 0; i < n; i++) {
        char c = s[i];

        if (in_string) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_string = 0;
        } else if (c == '"') {
            in_string = 1;
        } else if (c == '{' || c == '[') {
            if (++depth > *deepest)
                *deepest = depth;
        } else if (c == '}' || c == ']') {
            depth--;
        }
    }
    return depth + in_string;
}

int bz_jt_depth_ok(const char *s, size_t n)
{
    long deepest;

    bz_jt_nesting(s, n, &deepest);
    return deepest <= BZ_JSON_MAX_DEPTH;
}

yajl_val bz_jt_parse(const char *text, size_t n, char *reason, size_t size)
{
    char message[256];
    yajl_val root;
    char *nl;

    if (!bz_text_utf8_valid(text, n)) {
        snprintf(reason, size, "invalid UTF-8");
        return NULL;
    }
    if (!bz_jt_depth_ok(text, n)) {
        snprintf(reason, size, "JSON nested deeper than %d",
                 BZ_JSON_MAX_DEPTH);
        return NULL;
    }
    message[0] = '\0';
    root = yajl_tree_parse(text, message, sizeof(message));
    if (root == NULL) {
        nl = strchr(message, '\n');
        if (nl)
            *nl = '\0';
        snprintf(reason, size, "%s", *message ? message : "invalid JSON");
    }
    return root;
}
