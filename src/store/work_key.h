/* work_key.h - the keys on which an import finds the work that a record
 * sharing no id with any is a version of.
 *
 * A record is a version of a stored work when its folded title and its
 * first author's surname are the stored work's, their years are both known
 * and at most BZ_WORK_KEY_YEARS apart (a preprint and its publication), the
 * title is not one short word, and the stored work does not carry its own
 * id of a scheme the record also has (a DOI, an arXiv id): two DOIs make
 * two works. The store keeps the keys in work.title_key and
 * work.first_author_key and looks them up with one statement over its
 * index; the functions here are the rest of the rule, pure (no store, no
 * I/O), so that what else must decide as an import would (the resolver's
 * evaluations) calls the same code.
 */
#ifndef BZ_WORK_KEY_H
#define BZ_WORK_KEY_H

#include "core/arena.h"
#include "core/error.h"
#include "store/store.h"

/* Most years between two versions of one work. */
#define BZ_WORK_KEY_YEARS 1

struct bz_work_key {
    const char *title;        /* folded words, " deep nets " */
    const char *first_author; /* "kadmon", or NULL: no author */
};

/* The keys of a work of title whose first author is named first_author
 * (NULL: none), in arena. The surname is the last folded word of the part
 * before a comma ("Kadmon, Jonathan") or of the whole name ("Jonathan
 * Kadmon"), initials and suffixes ("Kadmon J", "Smith Jr.") passed over.
 * BZ_NOMEM when the arena is full. */
enum bz_status bz_work_key_of(struct bz_arena *arena, const char *title,
                              const char *first_author,
                              struct bz_work_key *key);

/* The keys of record: its title and its first author's name. */
enum bz_status bz_work_key_of_record(struct bz_arena *arena,
                                     const struct bz_work_record *record,
                                     struct bz_work_key *key);

/* The name an author is stored and matched under: the display name, or
 * the raw name when the display name is missing or blank. */
const char *bz_work_key_author_name(const struct bz_author_record *author);

/* 1 when a work of key and year may be matched on its keys at all: a
 * first author, a known year, and a title of two words or more or one
 * long one ("Editorial", "Preface", "Reply" name too many works; a title
 * in a script written without spaces is one long word). */
int bz_work_key_usable(const struct bz_work_key *key, int year);

/* 1 when a record of key and year matches a stored work of stored and
 * stored_year on the keys (both usable, equal, years near enough): the
 * condition of the store's statement, for callers without a store. */
int bz_work_key_match(const struct bz_work_key *key, int year,
                      const struct bz_work_key *stored, int stored_year);

/* 1 when id is of a scheme of which a work has one per version: a DOI
 * (but an arXiv DOI, which only repeats the preprint's arXiv id) or an
 * arXiv id. */
int bz_work_key_version_id(const struct bz_external_id *id);

#endif
