/* import_json.h - what the JSON readers share: reading a file of JSON
 * texts (JSON Lines or one document), markup-free text, ORCID iDs, and the
 * size checks that keep a garbage record from costing the store.
 */
#ifndef BZ_IMPORT_JSON_H
#define BZ_IMPORT_JSON_H

#include <yajl/yajl_tree.h>

#include "core/arena.h"
#include "core/error.h"
#include "import/reader.h"
#include "store/store.h"

/* Called with each JSON text of a file and the line it starts on; returns
 * 0 to go on or -1 to stop (what bz_import_work returned). The tree is
 * freed after the call. */
typedef int bz_import_json_fn(struct bz_import_context *ctx, yajl_val root,
                              long line, void *data);

/* Reads a file of JSON texts: JSON Lines (a text per line, memory flat),
 * or one document over many lines (read whole, up to
 * BZ_IMPORT_MAX_RECORD: BZ_TOO_LARGE past it). A text that does not parse
 * is skipped with the parser's reason. BZ_OK, or BZ_IO / BZ_TOO_LARGE with
 * err filled. */
enum bz_status bz_import_json_read(struct bz_import_input *in,
                                   struct bz_import_context *ctx,
                                   bz_import_json_fn *fn, void *data,
                                   struct bz_error *err);

/* s as plain text, in arena: JATS/HTML tags dropped (their text kept),
 * character references decoded, white space squeezed and trimmed. NULL
 * when nothing is left (or out of memory). */
char *bz_import_plain_text(struct bz_arena *arena, const char *s);

/* An ORCID iD in any of its forms (https://orcid.org/..., bare, lower-case
 * x) as 0000-0000-0000-000X, in arena; NULL when s is not a well-formed
 * iD with a good check digit. */
const char *bz_import_orcid_id(struct bz_arena *arena, const char *s);

/* BZ_TOO_LARGE with a reason when a field of the record is longer than
 * any real one (a title or venue of 4 KiB, an author's name of 1 KiB, an
 * abstract of 1 MiB): such a record is garbage, and the store's work on
 * it is not bounded. */
enum bz_status bz_import_check_work(const struct bz_work_record *r,
                                    struct bz_error *err);

/* One Crossref work object (reader_crossref.c) and one Semantic Scholar
 * paper object (reader_semanticscholar.c; owner, or NULL, is the author
 * whose papers these are: the sole author of a paper that lists none) as
 * the import reads them into a record, before bz_import_check_work:
 * everything in arena. BZ_INVALID with a reason for an object the import
 * skips (no DOI, no title, no id, a field of the wrong type). For callers
 * that must see what an import would store (the resolver's evaluations). */
enum bz_status bz_reader_crossref_work(yajl_val work, struct bz_arena *arena,
                                       struct bz_work_record *out,
                                       struct bz_error *err);
enum bz_status bz_reader_semanticscholar_paper(yajl_val paper, yajl_val owner,
                                               struct bz_arena *arena,
                                               struct bz_work_record *out,
                                               struct bz_error *err);

/* Reads one author of a JSON list into out; *kept is 0 for an entry to
 * leave out (no name, an "et al."), which is not an error. */
typedef enum bz_status (*bz_import_author_fn)(yajl_val author,
                                              struct bz_arena *arena,
                                              struct bz_author_record *out,
                                              int *kept,
                                              struct bz_error *err);

/* Reads the JSON list of authors into work->authors with fn, at most max
 * of them (the rest are dropped), in order. A list that is absent or null
 * leaves no authors; anything but a list is BZ_INVALID "field 'FIELD' is
 * not WANT" (WANT: "a list of authors", say). */
enum bz_status bz_import_json_authors(yajl_val list, struct bz_arena *arena,
                                      size_t max, bz_import_author_fn fn,
                                      const char *field, const char *want,
                                      struct bz_work_record *work,
                                      struct bz_error *err);

#endif
