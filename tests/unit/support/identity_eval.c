/* identity_eval.c - blocks, clusters and pair counts for the resolver's
 * id-backed evaluations (identity_eval.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "support/identity_eval.h"

static const struct identity_eval_set *eval_sorting; /* for qsort */

static int eval_block_order(const void *x, const void *y)
{
    size_t a = *(const size_t *)x, b = *(const size_t *)y;
    int c = strcmp(eval_sorting->block[a], eval_sorting->block[b]);

    return c != 0 ? c : (a < b ? -1 : 1);
}

static void eval_count(struct identity_pairs *c, int truth, int guess)
{
    c->true_pos += truth && guess;
    c->false_pos += !truth && guess;
    c->false_neg += truth && !guess;
}

/* The pairs of one block: order[0..n) are the set's indexes. */
static void eval_block(const struct identity_eval_set *set,
                       const size_t *order, size_t n,
                       const struct bz_resolve_vocab *vocab,
                       struct identity_pairs *resolver,
                       struct identity_pairs *names_only,
                       int show_false_merges)
{
    struct bz_resolve_params params;
    struct bz_arena work;
    struct bz_mention *block;
    size_t *person;

    bz_resolve_params_default(&params);
    bz_arena_init(&work, 0);
    block = bz_arena_calloc(&work, n, sizeof(*block));
    person = bz_arena_calloc(&work, n, sizeof(*person));
    assert_non_null(block);
    assert_non_null(person);
    for (size_t i = 0; i < n; i++)
        block[i] = set->mentions[order[i]];
    assert_int_equal(
        bz_resolve_cluster(block, n, &params, vocab, person, &work, NULL),
        BZ_OK);

    for (size_t i = 0; i < n; i++) {
        for (size_t j = i + 1; j < n; j++) {
            const char *a = set->truth[order[i]], *b = set->truth[order[j]];
            int truth = strcmp(a, b) == 0;
            int guess = person[i] == person[j];

            eval_count(resolver, truth, guess);
            if (names_only != NULL)
                eval_count(names_only, truth,
                           bz_name_compare(&block[i].name, &block[j].name) !=
                               BZ_NAME_CONFLICT);
            if (show_false_merges && !truth && guess)
                printf("  merged across ids: %s %s / %s\n", a, b,
                       set->block[order[i]]);
        }
    }
    bz_arena_release(&work);
}

void identity_eval(const struct identity_eval_set *set,
                   struct identity_pairs *resolver,
                   struct identity_pairs *names_only, int show_false_merges)
{
    struct bz_arena arena;
    struct bz_resolve_vocab *vocab;
    size_t *order;

    bz_arena_init(&arena, 0);
    vocab = bz_resolve_vocab_new(&arena);
    order = bz_arena_calloc(&arena, set->count + 1, sizeof(*order));
    assert_non_null(vocab);
    assert_non_null(order);
    for (size_t i = 0; i < set->count; i++) {
        assert_int_equal(bz_resolve_vocab_add(vocab, &set->mentions[i], NULL),
                         BZ_OK);
        order[i] = i;
    }
    eval_sorting = set;
    qsort(order, set->count, sizeof(*order), eval_block_order);

    for (size_t start = 0, end; start < set->count; start = end) {
        end = start;
        while (end < set->count && strcmp(set->block[order[end]],
                                          set->block[order[start]]) == 0)
            end++;
        eval_block(set, order + start, end - start, vocab, resolver,
                   names_only, show_false_merges);
    }
    bz_arena_release(&arena);
}

double identity_precision(const struct identity_pairs *c)
{
    double merged = c->true_pos + c->false_pos;

    return merged > 0 ? c->true_pos / merged : 1.0;
}

double identity_recall(const struct identity_pairs *c)
{
    double linked = c->true_pos + c->false_neg;

    return linked > 0 ? c->true_pos / linked : 1.0;
}
