/* reaction.h - what accounts say about works: a like or a dislike, saves
 * into named collections (the library), structured reviews and their
 * reports to moderators, and the code and dataset links that authors add.
 *
 * The rules:
 *   - one reaction per account and work, "like" or "dislike", changed or
 *     taken back at will; the counts are exact at once;
 *   - an account has at most BZ_COLLECTIONS_MAX collections, each with a
 *     name of its own (1 to BZ_COLLECTION_NAME_MAX bytes, no control
 *     characters); a work is in a collection once; collections are
 *     private: nobody else sees them or their names;
 *   - a review follows a template: a summary (required, at most
 *     BZ_REVIEW_SUMMARY_MAX bytes), soundness and significance (whole
 *     numbers from BZ_REVIEW_RATING_MIN to BZ_REVIEW_RATING_MAX) and
 *     comments (optional, at most BZ_REVIEW_COMMENTS_MAX bytes); one per
 *     account and work, edited by its author only (BZ_FORBIDDEN for
 *     anyone else);
 *   - any signed-in account may report a shown review once (a reason of
 *     1 to BZ_REVIEW_REPORT_MAX bytes); a moderator hides the review
 *     (every open report of it is then closed) or dismisses the report;
 *   - the owner of the record of one of a work's authors adds code or
 *     dataset links to it and removes them: http(s) addresses of at most
 *     BZ_WORK_LINK_URL_MAX bytes, with a host name, no user name, nothing
 *     but printable ASCII; each once per work, and not one the abstract
 *     gives already; at most BZ_WORK_LINKS_MAX per work.
 * Every text is valid UTF-8 (the form layer's check) and has its limits
 * checked here (BZ_INVALID, with the reason). Each function is one
 * transaction: all of it or none.
 */
#ifndef BZ_REACTION_H
#define BZ_REACTION_H

#include <stdint.h>
#include <yajl/yajl_gen.h>

#include "core/arena.h"
#include "core/error.h"
#include "store/store.h"

#define BZ_COLLECTIONS_MAX 100     /* per account */
#define BZ_COLLECTION_NAME_MAX 100 /* bytes */
#define BZ_REVIEW_RATING_MIN 1
#define BZ_REVIEW_RATING_MAX 5
#define BZ_REVIEW_SUMMARY_MAX 2000   /* bytes */
#define BZ_REVIEW_COMMENTS_MAX 10000 /* bytes */
#define BZ_REVIEW_REPORT_MAX 1000    /* bytes of a report's reason */
#define BZ_WORK_LINK_URL_MAX 500     /* bytes */
#define BZ_WORK_LINKS_MAX 20         /* added links per work */

struct bz_reaction_ctx {
    struct bz_store *store;
    int64_t now; /* Unix seconds */
};

/* Sets a's reaction to work_id: "like", "dislike", or "none" (takes it
 * back). BZ_INVALID for another word, BZ_NOT_FOUND for an unknown work. */
enum bz_status bz_reaction_set(const struct bz_reaction_ctx *ctx,
                               const struct bz_account *a, int64_t work_id,
                               const char *reaction, struct bz_error *err);

/* --- the library --- */

/* A new collection of a called name, *id. BZ_INVALID for a bad name or
 * past BZ_COLLECTIONS_MAX, BZ_CONFLICT when a has one of that name. */
enum bz_status bz_library_create(const struct bz_reaction_ctx *ctx,
                                 const struct bz_account *a, const char *name,
                                 int64_t *id, struct bz_error *err);

/* Renames a's collection id (BZ_NOT_FOUND when it is not a's). */
enum bz_status bz_library_rename(const struct bz_reaction_ctx *ctx,
                                 const struct bz_account *a, int64_t id,
                                 const char *name, struct bz_error *err);

/* Deletes a's collection id; the works stay where else they are saved. */
enum bz_status bz_library_delete(const struct bz_reaction_ctx *ctx,
                                 const struct bz_account *a, int64_t id,
                                 struct bz_error *err);

/* Saves work_id in a's collection id (in 1) or takes it out (in 0). */
enum bz_status bz_library_save(const struct bz_reaction_ctx *ctx,
                               const struct bz_account *a, int64_t id,
                               int64_t work_id, int in, struct bz_error *err);

/* --- reviews --- */

/* Reads a rating from its form text (what names it in the message):
 * BZ_INVALID unless a whole number in the range. */
enum bz_status bz_review_rating(const char *text, const char *what, int *out,
                                struct bz_error *err);

/* a's review of r->work_id from r's summary, ratings and comments
 * (comments "" is none), *id. BZ_CONFLICT when a has one already. */
enum bz_status bz_review_create(const struct bz_reaction_ctx *ctx,
                                const struct bz_account *a,
                                const struct bz_review *r, int64_t *id,
                                struct bz_error *err);

/* Replaces review r->id's summary, ratings and comments; BZ_FORBIDDEN
 * unless a wrote it, BZ_NOT_FOUND when there is none (or it is hidden). */
enum bz_status bz_review_edit(const struct bz_reaction_ctx *ctx,
                              const struct bz_account *a,
                              const struct bz_review *r, struct bz_error *err);

/* a reports review id for reason, *report_id. BZ_NOT_FOUND for no shown
 * review, BZ_CONFLICT when a has reported it already. */
enum bz_status bz_review_report(const struct bz_reaction_ctx *ctx,
                                const struct bz_account *a, int64_t id,
                                const char *reason, int64_t *report_id,
                                struct bz_error *err);

/* Moderator m decides report id: "hide" (the review) or "dismiss" an
 * open one, "restore" the review a report hid (review_report_decide).
 * BZ_FORBIDDEN unless m is a moderator or admin. */
enum bz_status bz_review_decide(const struct bz_reaction_ctx *ctx,
                                const struct bz_account *m, int64_t id,
                                const char *decision, struct bz_error *err);

/* --- links --- */

/* The record of one of w's authors that a owns, or 0: who may add and
 * remove w's links. */
int64_t bz_work_link_author(const struct bz_account *a,
                            const struct bz_work *w);

/* BZ_OK when url may be a work's link (the rules above). */
enum bz_status bz_work_link_check(const char *url, struct bz_error *err);

/* Adds the link url of kind ("code" or "dataset") to w, *id. BZ_FORBIDDEN
 * unless a owns the record of one of w's authors; BZ_INVALID for a bad
 * kind or address, past BZ_WORK_LINKS_MAX, or a link the abstract has;
 * BZ_CONFLICT when w has it. */
enum bz_status bz_work_link_add(const struct bz_reaction_ctx *ctx,
                                const struct bz_account *a,
                                const struct bz_work *w, const char *kind,
                                const char *url, int64_t *id,
                                struct bz_error *err);

/* Removes w's link id, by the same right as adding. */
enum bz_status bz_work_link_remove(const struct bz_reaction_ctx *ctx,
                                   const struct bz_account *a,
                                   const struct bz_work *w, int64_t id,
                                   struct bz_error *err);

/* --- an account's export --- */

/* Writes what a said about works into g's open map, for the account's
 * export: "reactions" [{"work", "kind", "at"}], "collections" [{"name",
 * "created_at", "works": ["W2", ...]}] and "reviews" [{"id", "work",
 * "summary", "soundness", "significance", "comments", "created_at",
 * "updated_at", "hidden"}], times in Unix seconds. All is read (into
 * arena) before anything is written: on an error g is as it was. */
enum bz_status bz_reaction_export(struct bz_store *store,
                                  struct bz_arena *arena,
                                  const struct bz_account *a, yajl_gen g,
                                  struct bz_error *err);

#endif
