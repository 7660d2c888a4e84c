/* profile.h - everything a researcher's page and JSON show, computed once.
 *
 * bz_profile_load reads the record and its works, topics, co-authors,
 * institutions and followers from the store and applies SPEC.md's rules
 * (score.h) to them. The page (pages/) and the API (api/) both render a
 * struct bz_profile, so the two can never disagree.
 */
#ifndef BZ_PROFILE_H
#define BZ_PROFILE_H

#include "score/citations.h"
#include "score/score.h"
#include "store/store.h"

struct bz_profile {
    struct bz_researcher researcher;
    int level; /* 0..3 */
    struct bz_trust trust;
    /* the owner's featured works first (featured_count of them), then
     * the others newest first, then by title; hidden works are left out
     * of these, of the counts and of the score */
    struct bz_work *works;
    size_t work_count;
    size_t featured_count;
    struct bz_topic_ref *topics; /* most works first */
    size_t topic_count;
    struct bz_collaborator *collaborators; /* strongest first */
    size_t collaborator_count;
    size_t close_count; /* the first close_count are close */
    struct bz_institution_ref *institutions;
    size_t institution_count;
    long followers; /* all followers */
    const char *summary; /* the owner's, or one built from the topics */
    /* the works' citation figures (each work's highest source count) and
     * the works per year, newest first */
    struct bz_citation_stats citations;
    struct bz_citation_year *works_by_year;
    size_t year_count;
};

/* Fills *out for researcher id, in arena. BZ_NOT_FOUND when there is no
 * such record; BZ_GONE when an opt-out hid it; a merged record loads as
 * it is (merged_into set). */
enum bz_status bz_profile_load(struct bz_store *store, struct bz_arena *arena,
                               int64_t id, struct bz_profile *out,
                               struct bz_error *err);

/* Keeps, of works[0..*count), those flags do not hide, the featured
 * first, in place; returns how many are featured. */
size_t bz_profile_apply_flags(struct bz_work *works, size_t *count,
                              const struct bz_work_flag *flags,
                              size_t flag_count);

/* 1 when the work carries a persistent identifier (DOI, arXiv id, ...)
 * beyond a curated file's own id. */
int bz_profile_work_has_pid(const struct bz_work *work);

/* The value of the first id of work with scheme, or NULL. */
const char *bz_profile_work_id(const struct bz_work *work,
                               const char *scheme);

#endif
