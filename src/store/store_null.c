/* store_null.c - the store that accepts every record and keeps none. */
#include "store/store_null.h"

#include <stdlib.h>

static void null_close(struct bz_store *store)
{
    free(store);
}

static enum bz_status null_ok(struct bz_store *store, struct bz_error *err)
{
    (void)store;
    (void)err;
    return BZ_OK;
}

static enum bz_status null_generation(struct bz_store *store, uint64_t *out,
                                      struct bz_error *err)
{
    (void)store;
    (void)err;
    *out = 0;
    return BZ_OK;
}

/* Each import op: the record was read and checked by its reader; here it
 * is counted as new so that the report says what a real store would get
 * at most, and dropped. */
#define NULL_IMPORT(name, type, field)                                        \
    static enum bz_status name(struct bz_store *store, const type *record,   \
                               struct bz_import_tally *tally,                 \
                               struct bz_error *err)                          \
    {                                                                         \
        (void)store;                                                          \
        (void)record;                                                         \
        (void)err;                                                            \
        tally->field++;                                                       \
        return BZ_OK;                                                         \
    }

NULL_IMPORT(null_import_work, struct bz_work_record, new_works)
NULL_IMPORT(null_import_researcher, struct bz_researcher_record,
            new_researchers)
NULL_IMPORT(null_import_institution, struct bz_institution_record,
            new_institutions)
NULL_IMPORT(null_import_venue, struct bz_venue_record, new_venues)
NULL_IMPORT(null_import_topic, struct bz_topic_record, new_topics)

static enum bz_status null_add_alias(struct bz_store *store, char kind,
                                     const char *scheme, const char *old_value,
                                     const char *new_value,
                                     struct bz_error *err)
{
    (void)store;
    (void)kind;
    (void)scheme;
    (void)old_value;
    (void)new_value;
    (void)err;
    return BZ_OK;
}

static enum bz_status null_counts(struct bz_store *store,
                                  struct bz_store_counts *out,
                                  struct bz_error *err)
{
    (void)store;
    (void)err;
    out->researchers = out->works = out->topics = out->institutions = 0;
    return BZ_OK;
}

static enum bz_status null_find(struct bz_store *store, const char *scheme,
                                const char *value, int64_t *id,
                                struct bz_error *err)
{
    (void)store;
    (void)id;
    return bz_error_set(err, BZ_NOT_FOUND, "no record with %s '%s'", scheme,
                        value);
}

static enum bz_status null_get_researcher(struct bz_store *store,
                                          struct bz_arena *arena, int64_t id,
                                          struct bz_researcher *out,
                                          struct bz_error *err)
{
    (void)store;
    (void)arena;
    (void)out;
    return bz_error_set(err, BZ_NOT_FOUND, "no researcher 'R%lld'",
                        (long long)id);
}

static enum bz_status null_get_work(struct bz_store *store,
                                    struct bz_arena *arena, int64_t id,
                                    struct bz_work *out, struct bz_error *err)
{
    (void)store;
    (void)arena;
    (void)out;
    return bz_error_set(err, BZ_NOT_FOUND, "no work 'W%lld'", (long long)id);
}

static enum bz_status null_list(struct bz_store *store, struct bz_arena *arena,
                                const char *const *words, size_t word_count,
                                int64_t after, int limit,
                                struct bz_researcher **out, size_t *count,
                                int *more, struct bz_error *err)
{
    (void)store, (void)arena, (void)words, (void)word_count, (void)after;
    (void)limit, (void)err;
    *out = NULL;
    *count = 0;
    *more = 0;
    return BZ_OK;
}

static enum bz_status null_works_page(struct bz_store *store,
                                      struct bz_arena *arena,
                                      int64_t researcher_id, int64_t after,
                                      int limit, struct bz_work **out,
                                      size_t *count, int *more,
                                      struct bz_error *err)
{
    (void)store, (void)arena, (void)researcher_id, (void)after, (void)limit;
    (void)err;
    *out = NULL;
    *count = 0;
    *more = 0;
    return BZ_OK;
}

/* The audit log keeps nothing either: an entry is dropped, a list empty. */
static enum bz_status null_audit_append(struct bz_store *store,
                                        const struct bz_audit_entry *entry,
                                        struct bz_error *err)
{
    (void)store, (void)entry, (void)err;
    return BZ_OK;
}

static enum bz_status null_audit_list(struct bz_store *store,
                                      struct bz_arena *arena,
                                      const char *subject,
                                      struct bz_audit_entry **out,
                                      size_t *count, struct bz_error *err)
{
    (void)store, (void)arena, (void)subject, (void)err;
    *out = NULL;
    *count = 0;
    return BZ_OK;
}

static enum bz_status null_merge(struct bz_store *store, int64_t into,
                                 int64_t from, struct bz_error *err)
{
    (void)store, (void)from;
    return bz_error_set(err, BZ_NOT_FOUND, "no researcher 'R%lld'",
                        (long long)into);
}

static enum bz_status null_split(struct bz_store *store, int64_t id,
                                 const int64_t *works, size_t count,
                                 int64_t *new_id, struct bz_error *err)
{
    (void)store, (void)works, (void)count, (void)new_id;
    return bz_error_set(err, BZ_NOT_FOUND, "no researcher 'R%lld'",
                        (long long)id);
}

/* Nothing is stored, so there is nothing to resolve. */
static enum bz_status null_identity_pending(struct bz_store *store,
                                            struct bz_arena *arena,
                                            int64_t after, size_t limit,
                                            struct bz_identity_pending **out,
                                            size_t *count,
                                            struct bz_error *err)
{
    (void)store, (void)arena, (void)after, (void)limit, (void)err;
    *out = NULL;
    *count = 0;
    return BZ_OK;
}

static enum bz_status null_identity_recheck(struct bz_store *store,
                                            struct bz_error *err)
{
    (void)store, (void)err;
    return BZ_OK;
}

static enum bz_status null_identity_mark(struct bz_store *store,
                                         int64_t *mark, struct bz_error *err)
{
    (void)store, (void)err;
    *mark = 0;
    return BZ_OK;
}

static enum bz_status null_identity_touch(struct bz_store *store,
                                          int64_t mark, struct bz_error *err)
{
    (void)store, (void)mark, (void)err;
    return BZ_OK;
}

static enum bz_status null_identity_prepare(struct bz_store *store,
                                            struct bz_arena *arena,
                                            struct bz_error *err)
{
    (void)store, (void)arena, (void)err;
    return BZ_OK;
}

static const struct bz_store_ops null_ops = {
    .name = "null",
    .close = null_close,
    .begin = null_ok,
    .commit = null_ok,
    .rollback = null_ok,
    .generation = null_generation,
    .import_work = null_import_work,
    .import_researcher = null_import_researcher,
    .import_institution = null_import_institution,
    .import_venue = null_import_venue,
    .import_topic = null_import_topic,
    .add_alias = null_add_alias,
    .works_page = null_works_page,
    .counts = null_counts,
    .researcher_get = null_get_researcher,
    .researcher_find = null_find,
    .researcher_list = null_list,
    .work_get = null_get_work,
    .work_find = null_find,
    .audit_append = null_audit_append,
    .audit_list = null_audit_list,
    .researcher_merge = null_merge,
    .researcher_split = null_split,
    .identity_pending = null_identity_pending,
    .identity_prepare = null_identity_prepare,
    .identity_recheck = null_identity_recheck,
    .identity_mark = null_identity_mark,
    .identity_touch = null_identity_touch,
};

enum bz_status bz_store_null_open(struct bz_store **out, struct bz_error *err)
{
    struct bz_store *store = calloc(1, sizeof(*store));

    if (store == NULL)
        return bz_error_set(err, BZ_NOMEM, "out of memory");
    store->ops = &null_ops;
    *out = store;
    return BZ_OK;
}
