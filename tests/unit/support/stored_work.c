/* stored_work.c - checks on a stored work (stored_work.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "stored_work.h"

void stored_work_get(struct bz_store *store, struct bz_arena *arena,
                     const char *scheme, const char *value,
                     struct bz_work *out)
{
    struct bz_error err;
    int64_t id = 0;

    assert_int_equal(store->ops->work_find(store, scheme, value, &id, &err),
                     BZ_OK);
    assert_int_equal(store->ops->work_get(store, arena, id, out, &err), BZ_OK);
}

int stored_work_has_id(const struct bz_work *w, const char *scheme,
                       const char *value)
{
    for (size_t i = 0; i < w->id_count; i++)
        if (strcmp(w->ids[i].scheme, scheme) == 0 &&
            strcmp(w->ids[i].value, value) == 0)
            return 1;
    return 0;
}
