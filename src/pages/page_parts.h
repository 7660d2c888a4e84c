/* page_parts.h - pieces that several pages share: links to records,
 * canonical addresses, and a work's outbound links. */
#ifndef BZ_PAGE_PARTS_H
#define BZ_PAGE_PARTS_H

#include <stdint.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/ids.h"
#include "http/request.h"
#include "store/store.h"

/* "/researchers/R12-slug" (or "/researchers/R12" for an empty slug), in
 * the arena. */
char *bz_page_researcher_path(struct bz_arena *arena, int64_t id,
                              const char *slug);
char *bz_page_work_path(struct bz_arena *arena, int64_t id, const char *slug);

/* The record that the address id of a record's page names (an own id
 * with any slug, or an external id: bz_resolve_id), as researcher_get
 * reads it: merged and hidden ones too. */
enum bz_status bz_page_record(struct bz_request *req, const char *id,
                              struct bz_researcher *r, struct bz_error *err);

/* 1 when the address ref held is the canonical one for slug. */
int bz_page_is_canonical(const struct bz_id_ref *ref, const char *slug);

/* A link to a researcher (plain text when id is 0: an unresolved name). */
void bz_page_researcher_link(struct bz_buf *out, int64_t id,
                             const char *slug, const char *name);
void bz_page_work_link(struct bz_buf *out, int64_t id, const char *slug,
                       const char *title);

/* `<p class="meta">` with the work's type, year and venue. */
void bz_page_work_meta(struct bz_buf *out, const struct bz_work *work);

/* The DOI, arXiv and code links of a work, as a list. */
void bz_page_work_links(struct bz_buf *out, struct bz_arena *arena,
                        const struct bz_work *work);

/* Topics and institutions have no stored slug: theirs is made from the
 * name (bz_text_slug), in the arena. Their canonical paths
 * ("/topics/T5-neural-coding", "/institutions/I2-lakeside-institute")
 * and links. */
const char *bz_page_name_slug(struct bz_arena *arena, const char *name);
char *bz_page_record_path(struct bz_arena *arena, char kind, int64_t id,
                          const char *name);
void bz_page_topic_link(struct bz_buf *out, struct bz_arena *arena,
                        int64_t id, const char *name);
void bz_page_institution_link(struct bz_buf *out, struct bz_arena *arena,
                              int64_t id, const char *name);

/* A list of works as links with their years; of researchers as links
 * with their number of works ("3 works"). */
void bz_page_work_ref_list(struct bz_buf *out, const struct bz_work_ref *w,
                           size_t n);
void bz_page_researcher_count_list(struct bz_buf *out,
                                   const struct bz_researcher_count *r,
                                   size_t n);

#endif
