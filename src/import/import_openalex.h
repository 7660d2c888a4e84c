/* import_openalex.h - an OpenAlex work (API or snapshot JSON) as a record.
 *
 * Reads the fields of one parsed OpenAlex work object into a
 * struct bz_work_record: ids normalised as store.h says, the abstract
 * rebuilt from abstract_inverted_index, authorships in order with their
 * author ids and institutions, topics with their hierarchy (domain > field
 * > subfield > topic; an "arxiv:" topic id is an arXiv category whose
 * archive stands in the field slot).
 */
#ifndef BZ_IMPORT_OPENALEX_H
#define BZ_IMPORT_OPENALEX_H

#include <yajl/yajl_tree.h>

#include "core/arena.h"
#include "core/error.h"
#include "store/store.h"

/* Longest abstract rebuilt, in words; a longer index is rejected. */
#define BZ_OPENALEX_MAX_ABSTRACT_WORDS 100000
/* Most authorships kept per work (hyper-authored physics papers have
 * thousands; the first ones are kept and the record says how many). */
#define BZ_OPENALEX_MAX_AUTHORS 5000
/* most references of a work kept as citation edges */
#define BZ_OPENALEX_MAX_REFERENCES 5000

/* 1 when the object looks like an OpenAlex work ("id" and one of "title",
 * "display_name" or "authorships"). */
int bz_openalex_is_work(yajl_val object);

/* Fills *out from the work object; everything is allocated in arena.
 * BZ_INVALID with a reason when a field has the wrong type or the work
 * lacks a title. */
enum bz_status bz_openalex_work_read(yajl_val object, struct bz_arena *arena,
                                     struct bz_work_record *out,
                                     struct bz_error *err);

/* What an OpenAlex object is, from its id ("https://openalex.org/A1" is
 * 'A'): 'W', 'A', 'I', 'S', 'T', 'C', 'P', 'F', or for an id of another
 * namespace 'W' when it is shaped like a work; 0 when unknown. */
char bz_openalex_kind(yajl_val object);

/* An author as a researcher record: ids (openalex, orcid, scopus), the
 * alternative names, the last known institutions as affiliations. */
enum bz_status bz_openalex_author_read(yajl_val object, struct bz_arena *arena,
                                       struct bz_researcher_record *out,
                                       struct bz_error *err);

/* An institution: ids (openalex, ror), country, homepage. */
enum bz_status bz_openalex_institution_read(yajl_val object,
                                            struct bz_arena *arena,
                                            struct bz_institution_record *out,
                                            struct bz_error *err);

/* A source (journal, repository, conference) as a venue. */
enum bz_status bz_openalex_source_read(yajl_val object, struct bz_arena *arena,
                                       struct bz_venue_record *out,
                                       struct bz_error *err);

/* A topic with its subfield, field and domain as parents. */
enum bz_status bz_openalex_topic_read(yajl_val object, struct bz_arena *arena,
                                      struct bz_topic_record *out,
                                      struct bz_error *err);

/* Normalises an identifier: strips https://doi.org/ and lower-cases a DOI,
 * shortens https://openalex.org/W1 to W1 and https://orcid.org/X to X.
 * Returns an arena string or NULL out of memory. */
char *bz_openalex_normalise_doi(struct bz_arena *arena, const char *doi);

#endif
