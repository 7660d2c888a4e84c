/* doubts_scan.h - feeding the doubts rule (score/doubts.h) from the store:
 * one record's works with their years, co-authors and topics, and the
 * scan of every record that `bzpeer doubts` and the moderators' page
 * show. */
#ifndef BZ_DOUBTS_SCAN_H
#define BZ_DOUBTS_SCAN_H

#include <stddef.h>

#include "core/arena.h"
#include "core/error.h"
#include "score/doubts.h"
#include "store/store.h"

/* A record the rule flags, with its works in two groups. */
struct bz_doubts_found {
    struct bz_researcher researcher;
    struct bz_doubt doubt;
    struct bz_doubt_work *works; /* group set in each */
    struct bz_work *details;     /* the same works, with titles */
    size_t work_count;
};

/* Checks record r (a merged one, or one with too few works, is never
 * flagged): *flagged 1 with *out filled, else 0. All in arena. */
enum bz_status bz_doubts_check_record(struct bz_store *store,
                                      struct bz_arena *arena,
                                      const struct bz_researcher *r,
                                      int *flagged,
                                      struct bz_doubts_found *out,
                                      struct bz_error *err);

/* Every record the rule flags, by id, in arena (which grows with the
 * records read: for a moderator's page, not for millions). */
enum bz_status bz_doubts_scan(struct bz_store *store, struct bz_arena *arena,
                              struct bz_doubts_found **out, size_t *count,
                              struct bz_error *err);

#endif
