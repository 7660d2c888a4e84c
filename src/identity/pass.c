/* pass.c - merging the name-only records of one person (pass.h). */
#include "identity/pass.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "identity/resolve.h"

#define PASS_BATCH 500 /* records read per round */

/* What the pass knows of one record of a block while it decides. */
struct pass_record {
    const struct bz_identity_record *record;
    size_t person;   /* the person most of its authorships went to */
    size_t mentions; /* of its authorships, those parsed */
    int merged;
};

static int pass_mergeable(const struct bz_identity_record *r)
{
    return r->name_only && !r->claimed && !r->kept_apart;
}

/* The record of researcher id among records[0..n) (sorted by id). */
static struct pass_record *pass_record_of(struct pass_record *records,
                                          size_t n, int64_t id)
{
    size_t lo = 0, hi = n;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (records[mid].record->researcher_id == id)
            return &records[mid];
        if (records[mid].record->researcher_id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* The resolver's view of mention m; 0 when its name does not parse. */
static int pass_mention(const struct bz_identity_mention *m,
                        struct bz_mention *out)
{
    memset(out, 0, sizeof(*out));
    if (m->raw_name == NULL ||
        bz_name_parse(m->raw_name, strlen(m->raw_name), &out->name, NULL) !=
            BZ_OK)
        return 0;
    out->affiliations = m->affiliations;
    out->affiliation_count = m->affiliation_count;
    out->coauthors = m->coauthors;
    out->coauthor_count = m->coauthor_count;
    out->venue = m->venue;
    out->year = m->year;
    out->topics = m->topics;
    out->topic_count = m->topic_count;
    out->work = m->work_id;
    return 1;
}

/* Each record's person: the one most of its parsed authorships went to
 * (the lowest on a tie); mentions' records are in records, by id. */
static enum bz_status pass_people(struct pass_record *records, size_t n,
                                  const struct bz_identity_mention *mentions,
                                  const size_t *person_of,
                                  const int *parsed, size_t count,
                                  struct bz_arena *arena)
{
    /* mentions come by record: count one record's run at a time */
    size_t *votes = bz_arena_calloc(arena, count + 1, sizeof(*votes));

    if (votes == NULL)
        return BZ_NOMEM;
    for (size_t start = 0, end; start < count; start = end) {
        struct pass_record *r =
            pass_record_of(records, n, mentions[start].researcher_id);
        size_t best = 0;

        for (end = start; end < count && mentions[end].researcher_id ==
                                             mentions[start].researcher_id;
             end++)
            if (parsed[end])
                votes[person_of[end]]++;
        for (size_t i = start; i < end; i++) {
            size_t p = person_of[i];

            if (!parsed[i] || r == NULL)
                continue;
            if (r->mentions == 0 || votes[p] > votes[best] ||
                (votes[p] == votes[best] && p < best))
                best = p;
            r->mentions++;
        }
        if (r != NULL && r->mentions > 0)
            r->person = best;
        for (size_t i = start; i < end; i++)
            votes[person_of[i]] = 0;
    }
    return BZ_OK;
}

/* Merges from into into, with the audit log's two entries. */
static enum bz_status pass_merge(struct bz_store *store, int64_t into,
                                 int64_t from, struct bz_error *err)
{
    char survivor[32], merged[32], detail[96];
    enum bz_status rc;

    snprintf(survivor, sizeof(survivor), "R%lld", (long long)into);
    snprintf(merged, sizeof(merged), "R%lld", (long long)from);
    snprintf(detail, sizeof(detail),
             "{\"survivor\": \"%s\", \"merged\": \"%s\"}", survivor, merged);
    if ((rc = store->ops->researcher_merge(store, into, from, err)) != BZ_OK)
        return rc;
    {
        const struct bz_audit_entry entries[] = {
            {.actor = "resolver", .action = "merge", .subject = survivor,
             .detail = detail, .reason = "name resolution"},
            {.actor = "resolver", .action = "merged_into",
             .subject = merged, .detail = detail,
             .reason = "name resolution"},
        };

        for (size_t i = 0; rc == BZ_OK && i < 2; i++)
            rc = store->ops->audit_append(store, &entries[i], err);
    }
    return rc;
}

/* The merges of one person p: its records' survivor, and the rest. */
static enum bz_status pass_person(struct bz_store *store,
                                  struct pass_record *records, size_t n,
                                  size_t p, long *merged,
                                  struct bz_error *err)
{
    struct pass_record *target = NULL;
    size_t anchors = 0;
    enum bz_status rc = BZ_OK;

    for (size_t i = 0; i < n; i++) {
        const struct bz_identity_record *r = records[i].record;

        if (records[i].mentions == 0 || records[i].person != p ||
            r->kept_apart || pass_mergeable(r))
            continue;
        anchors++;
        target = &records[i];
    }
    if (anchors > 1)
        return BZ_OK; /* two records that stand on their own: not ours */
    for (size_t i = 0; rc == BZ_OK && i < n; i++) {
        if (records[i].mentions == 0 || records[i].person != p ||
            !pass_mergeable(records[i].record))
            continue;
        if (target == NULL) {
            target = &records[i]; /* the oldest: records come by id */
            continue;
        }
        rc = pass_merge(store, target->record->researcher_id,
                        records[i].record->researcher_id, err);
        if (rc == BZ_OK)
            (*merged)++;
    }
    return rc;
}

/* Clusters the block's authorships and merges what is one person. */
static enum bz_status pass_decide(struct bz_store *store,
                                  const struct bz_identity_record *records,
                                  size_t record_count,
                                  const struct bz_identity_mention *mentions,
                                  size_t count, struct bz_arena *arena,
                                  long *merged, struct bz_error *err)
{
    struct bz_resolve_params params;
    struct pass_record *pr = bz_arena_calloc(arena, record_count + 1,
                                             sizeof(*pr));
    struct bz_mention *m = bz_arena_calloc(arena, count + 1, sizeof(*m));
    size_t *person_of = bz_arena_calloc(arena, count + 1, sizeof(*person_of));
    int *parsed = bz_arena_calloc(arena, count + 1, sizeof(*parsed));
    size_t *index = bz_arena_calloc(arena, count + 1, sizeof(*index));
    size_t used = 0, people = 0;
    enum bz_status rc;

    if (pr == NULL || m == NULL || person_of == NULL || parsed == NULL ||
        index == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    for (size_t i = 0; i < record_count; i++)
        pr[i].record = &records[i];
    for (size_t i = 0; i < count; i++)
        if ((parsed[i] = pass_mention(&mentions[i], &m[used])))
            index[used++] = i;

    /* the resolver numbers the parsed mentions' people from 0 */
    bz_resolve_params_default(&params);
    {
        size_t *packed = bz_arena_calloc(arena, used + 1, sizeof(*packed));

        if (packed == NULL)
            return bz_error_set(err, BZ_NOMEM, "out of memory");
        rc = bz_resolve_cluster(m, used, &params, NULL, packed, arena, err);
        if (rc != BZ_OK)
            return rc;
        for (size_t i = 0; i < used; i++) {
            person_of[index[i]] = packed[i];
            if (packed[i] + 1 > people)
                people = packed[i] + 1;
        }
    }
    if (pass_people(pr, record_count, mentions, person_of, parsed, count,
                    arena) != BZ_OK)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    for (size_t p = 0; p < people; p++)
        if ((rc = pass_person(store, pr, record_count, p, merged, err)))
            return rc;
    return BZ_OK;
}

/* 1 when some record of the block may be merged away and there is
 * another to join. */
static int pass_worth_it(const struct bz_identity_record *records, size_t n)
{
    size_t mergeable = 0;

    for (size_t i = 0; i < n; i++)
        mergeable += pass_mergeable(&records[i]);
    return n >= 2 && mergeable >= 1;
}

/* The end of the run of items that share from's block key: items are
 * size bytes apart and the key is at offset within each. */
static size_t pass_run_end(const void *items, size_t n, size_t size,
                           size_t offset, size_t from)
{
    const char *base = items;
    const char *key = *(const char *const *)(base + from * size + offset);
    size_t end = from;

    while (end < n &&
           strcmp(*(const char *const *)(base + end * size + offset), key) ==
               0)
        end++;
    return end;
}

/* Blocks keys[0..n) (n at most BZ_IDENTITY_BLOCK_KEYS), read together
 * and weighed one by one, inside the round's transaction. When together
 * they have more authorships than the resolver takes, each is read on
 * its own, so that only a block too large by itself is left alone. */
static enum bz_status pass_blocks(struct bz_store *store,
                                  const char *const *keys, size_t n,
                                  struct bz_identity_pass_report *report,
                                  struct bz_error *err)
{
    struct bz_arena arena;
    struct bz_identity_record *records = NULL;
    struct bz_identity_mention *mentions = NULL;
    size_t record_count = 0, count = 0;
    enum bz_status rc;

    bz_arena_init(&arena, 0);
    rc = store->ops->identity_block(store, &arena, keys, n,
                                    BZ_IDENTITY_BLOCK_MENTIONS, &records,
                                    &record_count, &mentions, &count, err);
    if (rc == BZ_TOO_LARGE && n > 1) {
        bz_arena_release(&arena);
        rc = BZ_OK;
        for (size_t i = 0; rc == BZ_OK && i < n; i++)
            rc = pass_blocks(store, &keys[i], 1, report, err);
        return rc;
    }
    if (rc == BZ_TOO_LARGE) {
        report->too_large++;
        record_count = 0; /* its mentions were not all read */
        rc = BZ_OK;
    }

    /* records and mentions both come by block key: a run of each */
    for (size_t r = 0, m = 0, r_end, m_end; rc == BZ_OK && r < record_count;
         r = r_end, m = m_end) {
        r_end = pass_run_end(records, record_count, sizeof(*records),
                             offsetof(struct bz_identity_record, block_key),
                             r);
        m_end = m;
        if (m < count && strcmp(mentions[m].block_key,
                                records[r].block_key) == 0)
            m_end = pass_run_end(
                mentions, count, sizeof(*mentions),
                offsetof(struct bz_identity_mention, block_key), m);
        if (!pass_worth_it(&records[r], r_end - r))
            continue;
        report->blocks++;
        rc = pass_decide(store, &records[r], r_end - r, &mentions[m],
                         m_end - m, &arena, &report->merged, err);
    }
    bz_arena_release(&arena);
    return rc;
}

/* 1 when key is among the first n pending rows' keys. */
static int pass_seen(const struct bz_identity_pending *rows, size_t n,
                     const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(rows[i].block_key, key) == 0)
            return 1;
    return 0;
}

enum bz_status bz_identity_pass(struct bz_store *store,
                                struct bz_identity_pass_report *report,
                                struct bz_error *err)
{
    struct bz_arena arena;
    int64_t after = 0;
    enum bz_status rc = BZ_OK;

    bz_arena_init(&arena, 0);
    rc = store->ops->identity_prepare(store, &arena, err);
    while (rc == BZ_OK) {
        struct bz_identity_pending *rows = NULL;
        const char *keys[BZ_IDENTITY_BLOCK_KEYS];
        size_t n = 0, key_count = 0;

        bz_arena_reset(&arena);
        if ((rc = store->ops->begin(store, err)) != BZ_OK)
            break;
        rc = store->ops->identity_pending(store, &arena, after, PASS_BATCH,
                                          &rows, &n, err);
        /* a record alone in its block (or with no block) has nobody to
         * be, and a block with no record that may be merged away has
         * nothing to merge; the others are read BZ_IDENTITY_BLOCK_KEYS
         * at a time, and one statement at the end of the round marks its
         * records and their blocks */
        for (size_t i = 0; rc == BZ_OK && i < n; i++) {
            const char *key = rows[i].block_key;

            if (key[0] != '\0' && rows[i].block_size > 1 &&
                rows[i].has_mergeable && !pass_seen(rows, i, key))
                keys[key_count++] = key;
            if (key_count > 0 &&
                (key_count == BZ_IDENTITY_BLOCK_KEYS || i + 1 == n)) {
                rc = pass_blocks(store, keys, key_count, report, err);
                key_count = 0;
            }
        }
        if (rc == BZ_OK && n > 0)
            rc = store->ops->identity_checked(
                store, after, rows[n - 1].researcher_id, err);
        if (rc == BZ_OK)
            rc = store->ops->commit(store, err);
        else
            store->ops->rollback(store, NULL);
        if (rc != BZ_OK || n < PASS_BATCH)
            break;
        after = rows[n - 1].researcher_id;
    }
    bz_arena_release(&arena);
    return rc;
}
