/* identity_eval.h - the resolver measured on mentions whose true person
 * is known: the loop the id-backed evaluations share.
 *
 * The caller reads mentions from a source that carries author ids, hides
 * the ids, and gives each mention its block key and its hidden id. The
 * helper weights affiliation words over all the mentions, clusters each
 * block with the default parameters and counts pairs within blocks
 * against the hidden ids. Fails the running cmocka test when the
 * resolver fails.
 */
#ifndef BZ_TEST_IDENTITY_EVAL_H
#define BZ_TEST_IDENTITY_EVAL_H

#include <stddef.h>

#include "identity/resolve.h"

struct identity_eval_set {
    const struct bz_mention *mentions;
    const char *const *block; /* each mention's block key */
    const char *const *truth; /* each mention's hidden id */
    size_t count;
};

struct identity_pairs {
    double true_pos, false_pos, false_neg;
};

/* Adds the resolver's pair counts to *resolver and, when names_only is
 * not NULL, the counts of "the names do not conflict" alone; with
 * show_false_merges, prints every pair merged across two ids. */
void identity_eval(const struct identity_eval_set *set,
                   struct identity_pairs *resolver,
                   struct identity_pairs *names_only, int show_false_merges);

/* Precision and recall of counts (precision 1 when nothing was merged). */
double identity_precision(const struct identity_pairs *counts);
double identity_recall(const struct identity_pairs *counts);

#endif
