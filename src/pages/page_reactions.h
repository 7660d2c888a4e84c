/* page_reactions.h - what accounts say about a work, on its page and on
 * pages of their own: like or dislike, save to a collection, reviews and
 * their reports, code and dataset links (reaction.h has the rules).
 *
 * The work page (page_work.c) loads a struct bz_work_reactions and writes
 * its sections. For an anonymous viewer they hold only counts, links and
 * plain links to pages that ask to log in first, so that the cached page
 * is the same bytes for everyone; a signed-in viewer's page (never
 * cached) has the forms, with the CSRF token, and the viewer's own state.
 * Every POST answers 303 back to its page, or 4xx with the reason.
 */
#ifndef BZ_PAGE_REACTIONS_H
#define BZ_PAGE_REACTIONS_H

#include "core/buf.h"
#include "core/links.h"
#include "http/request.h"
#include "http/viewer.h"

struct bz_work_reactions {
    const struct bz_work *work;
    const struct bz_viewer *viewer; /* signed in or not */
    const char *path;               /* the work's canonical address */
    struct bz_work_signals signals;
    const char *code[BZ_LINKS_MAX]; /* code links of the abstract */
    size_t code_count;
    const char *data[BZ_LINKS_MAX]; /* dataset links of the abstract */
    size_t data_count;
    struct bz_work_link *links; /* added by owners of authors' records */
    size_t link_count;
    struct bz_review *reviews; /* shown, oldest first */
    size_t review_count;
    struct bz_collection *collections; /* the viewer's, when signed in */
    size_t collection_count;
};

/* Fills r for work w and viewer v (arena: req's). */
enum bz_status bz_reactions_load(struct bz_request *req,
                                 const struct bz_work *w,
                                 const struct bz_viewer *v,
                                 struct bz_work_reactions *r,
                                 struct bz_error *err);

/* The signal counts as <li> items of a "counts" list: reviews, saves,
 * code and dataset links. */
void bz_reactions_counts(struct bz_buf *out, const struct bz_work_reactions *r);

/* The sections: next steps (like or dislike, save to a collection), code
 * and data, reviews. */
void bz_reactions_next_steps(struct bz_buf *out,
                             const struct bz_work_reactions *r);
void bz_reactions_links(struct bz_buf *out, const struct bz_work_reactions *r);
void bz_reactions_reviews(struct bz_buf *out,
                          const struct bz_work_reactions *r);

/* "/works/{id}/{action}": action is "react", "save", "reviews", "links"
 * or "links/remove". A GET sends to log in first, or back to the work. */
enum bz_status bz_page_work_action(struct bz_request *req,
                                   struct bz_response *resp, const char *id,
                                   const char *action, struct bz_error *err);

/* "/reviews/{n}/edit" (POST) and "/reviews/{n}/report" (GET: the form,
 * POST: the report); rest is what follows "/reviews/". */
enum bz_status bz_page_review(struct bz_request *req, struct bz_response *resp,
                              const char *rest, struct bz_error *err);

/* The review reports' section of /moderate (nothing for a viewer who is
 * not a moderator): the open reports, and those that hid their review;
 * and "/moderate/reviews" (POST: id, decision "hide" or "dismiss" an open
 * report, "restore" a hidden review). */
void bz_page_review_reports_section(struct bz_request *req, struct bz_buf *out,
                                    const struct bz_viewer *v);
enum bz_status bz_page_review_reports_decide(struct bz_request *req,
                                             struct bz_response *resp,
                                             struct bz_error *err);

/* page_library.c: "/library" (GET: the collections; POST: a new one) and
 * "/library/{n}" (GET: its works), "/library/{n}/rename",
 * "/library/{n}/delete" (POST); rest is what follows "/library". Only the
 * collections' account sees them: any other gets 404. */
enum bz_status bz_page_library(struct bz_request *req, struct bz_response *resp,
                               const char *rest, struct bz_error *err);

#endif
