/* record_copy.h - deep copies of the records an import hands the store.
 *
 * A reader builds each record in a per-record arena (and often points into
 * a parser's tree) that dies before the next record; the import driver,
 * which stores records on another thread than the one that reads them,
 * copies each record it queues with these functions.
 *
 * Memory: every copy (the struct, its arrays and its strings) is allocated
 * in the arena passed and lives as long as it; nothing in it points into
 * the source. A NULL string stays NULL and an empty array comes back as
 * (NULL, 0). Each returns NULL when the arena is past its cap or out of
 * memory; the arena then holds part of a copy, which is harmless garbage.
 *
 * Each struct is first copied whole and its pointers then replaced, so a
 * pointer field added to a record in store.h must be added here too, or
 * the copy would point into the reader's dead memory.
 */
#ifndef BZ_RECORD_COPY_H
#define BZ_RECORD_COPY_H

#include "core/arena.h"
#include "store/store.h"

/* The work with its ids, its authors (their ids, their institutions and
 * those institutions' ids), its topics with their parents and its
 * references. */
struct bz_work_record *bz_record_copy_work(struct bz_arena *arena,
                                           const struct bz_work_record *r);

/* The person with the other names, ids and affiliations. */
struct bz_researcher_record *
bz_record_copy_researcher(struct bz_arena *arena,
                          const struct bz_researcher_record *r);

struct bz_institution_record *
bz_record_copy_institution(struct bz_arena *arena,
                           const struct bz_institution_record *r);

struct bz_venue_record *bz_record_copy_venue(struct bz_arena *arena,
                                             const struct bz_venue_record *r);

/* The topic with its parent chain. A parent's own parents are not copied
 * (the copy's parents have none): the store ignores them (store.h). */
struct bz_topic_record *bz_record_copy_topic(struct bz_arena *arena,
                                             const struct bz_topic_record *r);

#endif
