/* doubts.h - "two people in one record?": a researcher record whose works
 * fall into two groups with no co-author in common, whose years split
 * cleanly (every work of one group before every work of the other) and
 * whose topics do too (no topic in common).
 *
 * A pure function of the works' years, co-authors and topics, so that the
 * rule can be tested on its own; `bzpeer doubts` feeds it from the store.
 */
#ifndef BZ_DOUBTS_H
#define BZ_DOUBTS_H

#include <stddef.h>
#include <stdint.h>

/* Each group must hold at least this many works: one odd paper is not a
 * second person. */
#define BZ_DOUBTS_MIN_GROUP 2

struct bz_doubt_work {
    int64_t id;               /* W number */
    int year;                 /* 0 when unknown */
    const int64_t *coauthors; /* researcher ids other than the record's */
    size_t coauthor_count;
    const int64_t *topics; /* topic ids */
    size_t topic_count;
    int group; /* set by bz_doubts_check: 0 or 1 */
};

struct bz_doubt {
    size_t works[2]; /* works in each group */
    int first_year[2], last_year[2];
    int topics_known; /* both groups carry topics */
};

/* 1 when the works split as the rule says (each work's group set, and
 * *out filled: group 0 is the earlier), 0 when they do not, -1 when out of
 * memory. */
int bz_doubts_check(struct bz_doubt_work *works, size_t count,
                    struct bz_doubt *out);

#endif
