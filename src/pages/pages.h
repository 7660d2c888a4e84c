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

/* "/export/works/{id}.bib" (or .ris), "/export/researchers/{id}.bib" (or
 * .ris): one work, or a researcher's works, as a citation file; path is
 * the part after "/export/". */
enum bz_status bz_page_export(struct bz_request *req, struct bz_response *resp,
                              const char *path, struct bz_error *err);

/* The error page in the site's layout. */
void bz_page_error(struct bz_response *resp, int http_status,
                   const char *message);

#endif
