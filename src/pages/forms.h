/* forms.h - the parts every page with a form shares: the personal page's
 * frame (who is signed in, a notice, what was wrong), a form that carries
 * its CSRF token, its fields and its button. Pages that depend on who
 * asks are never cached (bz_form_personal). */
#ifndef BZ_FORMS_H
#define BZ_FORMS_H

#include "core/buf.h"
#include "http/request.h"
#include "http/viewer.h"

/* Marks resp personal: HTML, not cached, Cache-Control: no-store. */
enum bz_status bz_form_personal(struct bz_response *resp,
                                struct bz_error *err);

/* The page's start: the site's layout, a line saying who is signed in
 * (with a log-out button) or offering to log in, the card and its title,
 * then notice (a success) and problem (what was wrong), each when not
 * NULL. bz_form_page_end closes what it opened. */
void bz_form_page_begin(struct bz_buf *out, const char *title,
                        const struct bz_viewer *v, const char *notice,
                        const char *problem);
void bz_form_page_end(struct bz_buf *out);

/* <form method="post" action="..."> with the viewer's CSRF token. */
void bz_form_begin(struct bz_buf *out, const char *action,
                   const struct bz_viewer *v);
void bz_form_hidden(struct bz_buf *out, const char *name, const char *value);
void bz_form_field(struct bz_buf *out, const char *label, const char *type,
                   const char *name, const char *value,
                   const char *autocomplete);
/* The submit button, and </form>. */
void bz_form_submit(struct bz_buf *out, const char *text);

/* The status a form is shown again with for a failure the person can
 * fix (400, 401, 403, 404, 409, 410, 429); 0 for one they cannot. */
int bz_form_status(enum bz_status status);

/* Answers BZ_SEE_OTHER to location (copied into the arena). */
enum bz_status bz_form_see_other(struct bz_request *req,
                                 struct bz_response *resp,
                                 const char *location, struct bz_error *err);

/* Appends s percent-encoded but for letters, digits, "/-_.~:": for a
 * value in an address's query. */
void bz_form_escape(struct bz_buf *out, const char *s);

/* Answers BZ_SEE_OTHER to prefix followed by path percent-encoded as
 * bz_form_escape does ("/login?next=" and a path of this site): a decoded
 * path written so cannot add a parameter, a header line or another host.
 * BZ_NOMEM when out of memory. */
enum bz_status bz_form_see_other_to(struct bz_request *req,
                                    struct bz_response *resp,
                                    const char *prefix, const char *path,
                                    struct bz_error *err);

/* Answers BZ_SEE_OTHER to the log-in page, which comes back to back (a
 * path of this site, percent-encoded here). */
enum bz_status bz_form_log_in_first(struct bz_request *req,
                                    struct bz_response *resp,
                                    const char *back, struct bz_error *err);

/* Fills v; for a visitor who is not signed in, answers as
 * bz_form_log_in_first (a 303 that comes back to back). */
enum bz_status bz_form_signed_in(struct bz_request *req,
                                 struct bz_response *resp,
                                 struct bz_viewer *v, const char *back,
                                 struct bz_error *err);

/* Fills v for a POST that needs an account and answers with an error
 * rather than a page: BZ_UNAUTHORIZED when nobody is signed in, else
 * bz_viewer_check_post's answer (BZ_FORBIDDEN without the CSRF token). */
enum bz_status bz_form_poster(struct bz_request *req, struct bz_viewer *v,
                              struct bz_error *err);

/* As bz_form_signed_in (a visitor who is not signed in is sent to log
 * in), and a POST is checked as bz_viewer_check_post (BZ_FORBIDDEN). */
enum bz_status bz_form_member(struct bz_request *req, struct bz_response *resp,
                              struct bz_viewer *v, const char *back,
                              struct bz_error *err);

#endif
