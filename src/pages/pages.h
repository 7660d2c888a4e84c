/* pages.h - the HTML pages, each a handler of request.h's shape.
 *
 * Every page writes through html.h. Ids in paths follow ids.h; a page
 * asked by a non-canonical address answers BZ_MOVED to its canonical one.
 */
#ifndef BZ_PAGES_H
#define BZ_PAGES_H

#include "http/request.h"

/* "/" : the front page, researchers paged by ?after=R<n>. */
enum bz_status bz_page_home(struct bz_request *req, struct bz_response *resp,
                            struct bz_error *err);

/* "/researchers/{id}" */
enum bz_status bz_page_researcher(struct bz_request *req,
                                  struct bz_response *resp, const char *id,
                                  struct bz_error *err);

/* "/works/{id}" */
enum bz_status bz_page_work(struct bz_request *req, struct bz_response *resp,
                            const char *id, struct bz_error *err);

/* "/explore?center={id}": the full explorer around a researcher, work,
 * topic or institution (page_explore.c). Also reads expand= (ids whose
 * neighbours join the view), kinds= (researcher, work, topic,
 * institution), from= and to= (years of papers) and q= (a search within
 * the graph), each a 400 with its reason when malformed. An external id
 * or a slug as the centre answers BZ_MOVED to ?center=R12 (the rest of
 * the query kept); an unknown one BZ_NOT_FOUND. */
enum bz_status bz_page_explore(struct bz_request *req,
                               struct bz_response *resp,
                               struct bz_error *err);

/* "/export/works/{id}.bib" (or .ris), "/export/researchers/{id}.bib" (or
 * .ris): one work, or a researcher's works, as a citation file; path is
 * the part after "/export/". */
enum bz_status bz_page_export(struct bz_request *req, struct bz_response *resp,
                              const char *path, struct bz_error *err);

/* The account pages (page_account.c); none is cached. GET shows the
 * form, POST sends it (CSRF-checked, pages/viewer.h).
 *   "/signup", "/login", "/logout" (POST only)
 *   "/account/verify?t=" (a mailed link), "/account/reset" (ask for a
 *   link), "/account/reset/confirm?t=" (choose the new password)
 *   "/account" (the account page), "/account/export" (its data, JSON) */
enum bz_status bz_page_signup(struct bz_request *req,
                              struct bz_response *resp, struct bz_error *err);
enum bz_status bz_page_login(struct bz_request *req, struct bz_response *resp,
                             struct bz_error *err);
enum bz_status bz_page_logout(struct bz_request *req,
                              struct bz_response *resp, struct bz_error *err);
enum bz_status bz_page_verify(struct bz_request *req,
                              struct bz_response *resp, struct bz_error *err);
enum bz_status bz_page_reset(struct bz_request *req, struct bz_response *resp,
                             struct bz_error *err);
enum bz_status bz_page_reset_confirm(struct bz_request *req,
                                     struct bz_response *resp,
                                     struct bz_error *err);
enum bz_status bz_page_account(struct bz_request *req,
                               struct bz_response *resp, struct bz_error *err);
enum bz_status bz_page_account_export(struct bz_request *req,
                                      struct bz_response *resp,
                                      struct bz_error *err);

/* A POST of the account page: what is "password", "email",
 * "verify/resend", "tokens", "tokens/revoke" or "delete". */
enum bz_status bz_page_account_post(struct bz_request *req,
                                    struct bz_response *resp,
                                    const char *what, struct bz_error *err);

/* Claims (page_claim.c): "/researchers/{id}/claim" (the form, and its
 * POST), "/researchers/{id}/claim/orcid" (off to ORCID),
 * "/oauth/orcid/callback" (back), "/account/claims/withdraw" (POST),
 * "/moderate" (moderators: claims and doubts) and "/moderate/claims"
 * (POST: a decision). */
enum bz_status bz_page_claim(struct bz_request *req, struct bz_response *resp,
                             const char *id, struct bz_error *err);
enum bz_status bz_page_claim_orcid(struct bz_request *req,
                                   struct bz_response *resp, const char *id,
                                   struct bz_error *err);
enum bz_status bz_page_orcid_callback(struct bz_request *req,
                                      struct bz_response *resp,
                                      struct bz_error *err);
enum bz_status bz_page_claim_withdraw(struct bz_request *req,
                                      struct bz_response *resp,
                                      struct bz_error *err);
enum bz_status bz_page_moderate(struct bz_request *req,
                                struct bz_response *resp,
                                struct bz_error *err);
enum bz_status bz_page_moderate_decide(struct bz_request *req,
                                       struct bz_response *resp,
                                       struct bz_error *err);

/* The viewer's claims, with a withdraw button on the open ones, for the
 * account page; nothing when there are none. */
struct bz_viewer;

/* page_owner.c: "/researchers/{id}/edit" (GET, POST: the record's owner
 * only, BZ_FORBIDDEN for anyone else) and "/researchers/{id}/opt-out"
 * (GET, POST: a signed-in account asks for an unclaimed record to be
 * hidden). */
enum bz_status bz_page_researcher_edit(struct bz_request *req,
                                       struct bz_response *resp,
                                       const char *id, struct bz_error *err);
enum bz_status bz_page_opt_out(struct bz_request *req,
                               struct bz_response *resp, const char *id,
                               struct bz_error *err);

/* page_optout.c: the opt-outs' section of /moderate (nothing for a viewer
 * who is not a moderator), and "/moderate/opt-outs" (POST: id, decision
 * "approve", "reject" or "restore", reason). */
void bz_page_optouts_section(struct bz_request *req, struct bz_buf *out,
                             const struct bz_viewer *v);
enum bz_status bz_page_optouts_decide(struct bz_request *req,
                                      struct bz_response *resp,
                                      struct bz_error *err);

void bz_page_claims_of(struct bz_request *req, struct bz_buf *out,
                       const struct bz_viewer *v);

/* page_follow.c: "/researchers/{id}/follow" (GET: the follow page, log in
 * first; POST: follow) and "/researchers/{id}/unfollow" (POST), with on
 * 1 and 0. A POST is CSRF-checked; it answers JSON when the request's
 * Accept names application/json (static/follow.js), else 303 back to the
 * profile (or to /following when its field back is "following"). */
enum bz_status bz_page_follow(struct bz_request *req,
                              struct bz_response *resp, const char *id,
                              int on, struct bz_error *err);

/* page_feed.c: "/following" (the records the viewer follows, with an
 * unfollow button each) and "/feed" (their new works, newest first), both
 * for a signed-in viewer, paged by ?cursor= and ?per_page= (400 when
 * bad); "/researchers/{id}/feed.atom", the record's new works as Atom 1.0
 * with absolute links from base_url, public and cached (301 from any other
 * address of the record, 404 unknown, 410 hidden). */
enum bz_status bz_page_following(struct bz_request *req,
                                 struct bz_response *resp,
                                 struct bz_error *err);
enum bz_status bz_page_feed(struct bz_request *req, struct bz_response *resp,
                            struct bz_error *err);
enum bz_status bz_page_researcher_atom(struct bz_request *req,
                                       struct bz_response *resp,
                                       const char *id, struct bz_error *err);

/* The account page's "Following" section: links to /following and
 * /feed, and the weekly digest's checkbox (nothing when the store fails);
 * "/account/digest" (POST, CSRF-checked: digest "1" turns it on, absent
 * off), 303 back to /account. */
void bz_page_digest_section(struct bz_request *req, struct bz_buf *out,
                            const struct bz_viewer *v);
enum bz_status bz_page_digest_post(struct bz_request *req,
                                   struct bz_response *resp,
                                   struct bz_error *err);

/* The profile's follow button for record id: a link to the follow page
 * for a visitor who is not signed in (v NULL too), the follow or
 * unfollow form for an account, a note for the record's owner. */
void bz_page_follow_button(struct bz_buf *out, const struct bz_viewer *v,
                           int64_t id, long followers, int following);

/* page_coi.c: "/coi?a={id}&b={id}", the conflict-of-interest check
 * between two researchers: a form, and what it found. */
enum bz_status bz_page_coi(struct bz_request *req, struct bz_response *resp,
                           struct bz_error *err);

/* page_suggest.c: the suggested collaborators' section of the profile,
 * for the record's signed-in owner only (nothing for anyone else). */
struct bz_profile;
enum bz_status bz_page_suggestions(struct bz_request *req, struct bz_buf *out,
                                   const struct bz_profile *p,
                                   const struct bz_viewer *v,
                                   struct bz_error *err);

/* page_topic.c: "/topics/{id}" and "/institutions/{id}" (T5, T5-slug,
 * an external id such as openalex:T10017 or arxiv:cs.LG; I2, I2-slug,
 * openalex:I...), ?page=N of their works; anything but the canonical
 * address answers 301 to it. bz_page_number reads ?page= (1 when absent;
 * BZ_INVALID unless 1 to 100000). */
enum bz_status bz_page_topic(struct bz_request *req, struct bz_response *resp,
                             const char *id, struct bz_error *err);
enum bz_status bz_page_institution(struct bz_request *req,
                                   struct bz_response *resp, const char *id,
                                   struct bz_error *err);
enum bz_status bz_page_number(const struct bz_request *req, long *page,
                              struct bz_error *err);

/* The error page in the site's layout. */
void bz_page_error(struct bz_response *resp, int http_status,
                   const char *message);

#endif
