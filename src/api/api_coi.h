/* api_coi.h - /api/v1/coi and a researcher's suggestions, and reading
 * the two researchers a conflict-of-interest check is asked about (the
 * /coi page shares it).
 */
#ifndef BZ_API_COI_H
#define BZ_API_COI_H

#include "graph/coi.h"
#include "http/request.h"

/* What a check was asked about and what it found. */
struct bz_coi_query {
    const char *a_text, *b_text; /* the parameters as given, or NULL */
    struct bz_researcher a, b;   /* the records (survivors of merges) */
    int current_year;
    struct bz_coi coi;
};

/* Reads ?a= and ?b= (an R id with or without a slug, or an external id;
 * a merged record stands for its survivor) and decides, with the window
 * of coi.years ending at the current year. BZ_INVALID when either is
 * missing or malformed, or both name one record; BZ_NOT_FOUND when one
 * names no record; BZ_GONE when one is hidden. The message names the
 * parameter. q's texts are set even on error. */
enum bz_status bz_coi_query_read(struct bz_request *req, struct bz_coi_query *q,
                                 struct bz_error *err);

/* The conflict window of req's instance: coi.years, or the default. */
int bz_coi_window_years(const struct bz_request *req);

/* GET /api/v1/coi?a=&b= */
enum bz_status bz_api_coi(struct bz_request *req, struct bz_response *resp,
                          struct bz_error *err);

/* GET /api/v1/researchers/{id}/suggestions: the ranked suggested
 * collaborators of id (suggest.h), paged by per_page and cursor (a rank
 * offset). Public: every input is public, so the answer is the same for
 * everyone and cached. A merged id answers 301 to its survivor's. */
enum bz_status bz_api_suggestions(struct bz_request *req,
                                  struct bz_response *resp, const char *id,
                                  struct bz_error *err);

#endif
