/* stored_work.h - checks on a work as the store gives it back, for the
 * tests that import and then look. Each fails the running test (cmocka)
 * on an error.
 */
#ifndef BZ_STORED_WORK_H
#define BZ_STORED_WORK_H

#include "core/arena.h"
#include "store/store.h"

/* The work carrying scheme:value, read in full into out (in arena). */
void stored_work_get(struct bz_store *store, struct bz_arena *arena,
                     const char *scheme, const char *value,
                     struct bz_work *out);

/* 1 when the work carries the id scheme:value. */
int stored_work_has_id(const struct bz_work *w, const char *scheme,
                       const char *value);

#endif
