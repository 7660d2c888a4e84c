/* topics.h - bzpeer's topic model: the OpenAlex topic taxonomy, arXiv's
 * categories, the map between them, and a classifier that assigns OpenAlex
 * topics to a work from its title and abstract.
 *
 * Schemes: "openalex" (domain > field > subfield > topic, external ids
 * "domains/3", "fields/17", "subfields/1702", "T10320") and "arxiv"
 * (archive > category, "cs" > "cs.LG"). The arXiv table and its map to
 * OpenAlex fields are compiled in (topics_arxiv_table.c); the OpenAlex
 * topics are read from data/taxonomy/openalex-topics.jsonl, found through
 * the environment variable BZPEER_TAXONOMY (a folder), else the source
 * tree's data/taxonomy (BZ_TAXONOMY_DIR, set by CMake).
 *
 * The classifier and its threshold are described in docs/topics.md.
 */
#ifndef BZ_TOPICS_H
#define BZ_TOPICS_H

#include <stddef.h>

#include "core/arena.h"
#include "core/error.h"
#include "store/store.h"

/* Assignments scoring below this are not kept (docs/topics.md). */
#define BZ_TOPICS_THRESHOLD 0.15
/* At most this many topics are assigned to one work. */
#define BZ_TOPICS_MAX_ASSIGNED 3
/* The work_topic source of an assigned topic, and what a page says. */
#define BZ_TOPICS_SOURCE "bzpeer"
#define BZ_TOPICS_ASSIGNED_NOTE "assigned from title and abstract"

/* --- arXiv ---------------------------------------------------------------- */

struct bz_arxiv_category {
    const char *code;         /* "cs.LG", "hep-th", "cs" */
    const char *name;         /* "Machine Learning" */
    const char *archive;      /* "cs" */
    const char *archive_name; /* "Computer Science" */
    const char *canonical;    /* the code an alias or legacy code stands for */
    int fields[6];            /* OpenAlex field ids, 0-terminated */
};

extern const struct bz_arxiv_category bz_arxiv_categories[];
extern const size_t bz_arxiv_category_count;

/* The category or archive of that code (n bytes), or NULL. */
const struct bz_arxiv_category *bz_topics_arxiv(const char *code, size_t n);

/* The display name for a topic as the store has it: the arXiv name when
 * display_name is only the code, else display_name. Never NULL when
 * display_name is not. */
const char *bz_topics_display_name(const char *scheme, const char *external_id,
                                   const char *display_name);

/* --- OpenAlex topics and the classifier ----------------------------------- */

struct bz_topic_entry {
    int id; /* 10001..14521: "T10001" */
    const char *name;
    int subfield_id, field_id, domain_id;
    const char *subfield_name, *field_name, *domain_name;
};

struct bz_topics;

/* Reads dir/openalex-topics.jsonl and builds the classifier. NULL with err
 * filled when the file is missing or bad. Free with bz_topics_free. */
struct bz_topics *bz_topics_load(const char *dir, struct bz_error *err);
void bz_topics_free(struct bz_topics *topics);

/* The process's model, loaded once (thread-safe) from BZPEER_TAXONOMY or
 * BZ_TAXONOMY_DIR; NULL when it cannot be read (then nothing is assigned).
 * Owned by the process. */
const struct bz_topics *bz_topics_default(void);

/* The model imports assign topics with: bz_topics_default() when the
 * environment variable BZPEER_TAXONOMY is set (`make run` sets it), else
 * NULL, and works without topics stay without. */
const struct bz_topics *bz_topics_for_import(void);

size_t bz_topics_count(const struct bz_topics *topics);
/* The topic numbered id (10895 for "T10895"), or NULL. */
const struct bz_topic_entry *bz_topics_find(const struct bz_topics *topics,
                                            int id);
const struct bz_topic_entry *bz_topics_at(const struct bz_topics *topics,
                                          size_t index);

struct bz_topic_match {
    const struct bz_topic_entry *topic;
    double score; /* cosine similarity, 0..1 */
};

/* The best max topics for the text (title and abstract, either may be
 * NULL), best first; returns how many were written (fewer when few topics
 * share a word with the text). */
size_t bz_topics_classify(const struct bz_topics *topics, const char *title,
                          const char *abstract, struct bz_topic_match *out,
                          size_t max);

/* When record has no topics and a model is loaded: fills record->topics
 * (in arena) with the topics the classifier gives it at or above
 * BZ_TOPICS_THRESHOLD, at most BZ_TOPICS_MAX_ASSIGNED, each with its
 * subfield, field and domain as parents and its score. Returns the count
 * assigned; 0 also when out of memory (the work is then kept without). */
size_t bz_topics_assign(const struct bz_topics *topics,
                        struct bz_work_record *record, struct bz_arena *arena);

/* --- folding a researcher's topics -----------------------------------------
 */

/* Folds list in place so that one subject counts once (the rule is in
 * docs/topics.md): an arXiv alias or legacy code joins its canonical
 * category, and an arXiv category joins an OpenAlex topic of the list whose
 * subfield or own name equals the category's name and whose field the
 * category maps to. The survivor keeps the larger work count; the order
 * stays most works first. Returns the new count. topics may be NULL (then
 * only the arXiv aliases fold). */
size_t bz_topics_fold(const struct bz_topics *topics, struct bz_topic_ref *list,
                      size_t count);

#endif
