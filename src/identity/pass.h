/* pass.h - name resolution over the store: the name-only records that
 * are one person join that person's record.
 *
 * An import creates a name-only (L0) record for every author without a
 * persistent id. The pass takes each block (the records whose names share
 * a first initial and surname) holding a record it has not looked at (a
 * new record, name-only or with an id, or one claimed since) and a record
 * it may merge away, clusters the block's authorships with the resolver
 * (resolve.h) and merges the name-only records of one person into one
 * record: the
 * person's one id-bearing or claimed record when there is exactly one,
 * else the oldest name-only record. A person with two or more such
 * records is left as it is (a matter for moderators). Claimed records,
 * records split off by a person and hidden records are never merged away.
 * Every merge is written to the audit log (actor "resolver").
 * docs/identity.md gives the rule and its measured precision.
 */
#ifndef BZ_IDENTITY_PASS_H
#define BZ_IDENTITY_PASS_H

#include "core/error.h"
#include "store/store.h"

struct bz_identity_pass_report {
    long blocks;    /* blocks weighed */
    long merged;    /* records merged into another */
    long too_large; /* blocks left alone: more than the resolver takes */
};

/* Weighs every block with a record not looked at yet, a round of blocks
 * (those of PASS_BATCH records) in a transaction of its own, and adds
 * what it did to *report. On failure the rounds done before stay done;
 * err says what failed. */
enum bz_status bz_identity_pass(struct bz_store *store,
                                struct bz_identity_pass_report *report,
                                struct bz_error *err);

#endif
