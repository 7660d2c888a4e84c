/* api_topics.h - /api/v1/topics/{id} and /api/v1/institutions/{id}: the
 * topic and institution pages as JSON, with the first page of their works
 * (per_page, cursor) and their researchers by number of works. */
#ifndef BZ_API_TOPICS_H
#define BZ_API_TOPICS_H

#include "http/request.h"

enum bz_status bz_api_topic(struct bz_request *req, struct bz_response *resp,
                            const char *id, struct bz_error *err);
enum bz_status bz_api_institution(struct bz_request *req,
                                  struct bz_response *resp, const char *id,
                                  struct bz_error *err);

#endif
