/* store.h - the storage interface: every read and write of bzpeer's data.
 *
 * A backend fills struct bz_store_ops: store_sql.c, over SQLite or
 * PostgreSQL (sql.h), or store_null.c. The rest of the program calls
 * store->ops->NAME(store, ...) and never sees SQL. A store handle is used
 * by one thread at a time: each event loop and each command opens its
 * own.
 *
 * Memory: everything a read returns (strings, arrays) is allocated in the
 * arena the caller passes and lives as long as that arena. Writes copy what
 * they need. On failure a function returns a status other than BZ_OK, fills
 * err, and leaves *out in an unspecified state.
 */
#ifndef BZ_STORE_H
#define BZ_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/error.h"

/* --- what the store holds ----------------------------------------------- */

/* An identifier given by a source: scheme is "openalex", "orcid", "doi",
 * "arxiv", "dblp", "s2", "demo", ...; value is normalised (a DOI lower-case
 * without its https://doi.org/ prefix; an ORCID as 0000-0000-0000-0000; an
 * OpenAlex id as its short form, "A5023888391"). */
struct bz_external_id {
    const char *scheme;
    const char *value;
    const char *source; /* which import source gave it ("openalex", ...) */
};

struct bz_researcher {
    int64_t id;               /* R number */
    const char *display_name;
    const char *slug;         /* "surya-ganguli" */
    const char *summary;      /* the owner's one-line summary, or NULL */
    int open_to_collaborate;  /* 1 by default */
    int claim_level;          /* 0 unclaimed, 2 or 3 when claimed */
    int has_source_id;        /* carries a persistent author id */
    int64_t merged_into;      /* 0, or the survivor's id */
    const char *affiliation;  /* current affiliation's name, or NULL */
    int affiliation_imported; /* the affiliation came from a source */
    const char *self_affiliation; /* the owner's own words, or NULL: earns
                                     nothing (store_sql_owner.c) */
    int64_t hidden_at;        /* 0, or when an opt-out hid the record */
    int work_count;           /* works in the list (not hidden) */
    struct bz_external_id *ids;
    size_t id_count;
};

struct bz_authorship {
    int position;               /* 1-based author order */
    const char *raw_name;       /* as the source printed it */
    int64_t researcher_id;      /* 0 when unresolved */
    const char *researcher_name;
    const char *researcher_slug;
};

struct bz_topic_ref {
    int64_t id; /* T number */
    const char *display_name;
    const char *scheme;      /* "openalex" or "arxiv" */
    const char *external_id; /* "cs.LG", "T10895", ... */
    int works;               /* in researcher_topics: works carrying it */
    double score;            /* in work_get: the link's score, 0 unknown */
    const char *source;      /* in work_get: who linked it ("bzpeer": */
                             /* assigned from title and abstract) */
};

struct bz_institution_ref {
    int64_t id; /* I number */
    const char *display_name;
    const char *country_code; /* or NULL */
};

struct bz_provenance {
    const char *field;  /* "title", "abstract", "doi", ... */
    const char *source; /* "openalex", ... */
    const char *record; /* the source's id of the record that gave it */
};

struct bz_work_signals;

/* One source's record of a work that was merged into it: a preprint and
 * its published version are one work with two versions. */
struct bz_work_version {
    const char *source;        /* "openalex", "crossref", "arxiv", ... */
    const char *source_record; /* the source's id of the record */
    const char *type;
    const char *venue;
    int publication_year;      /* 0 when unknown */
    const char *doi;           /* or NULL */
    const char *arxiv;         /* or NULL */
    const char *landing_url;   /* or NULL */
};

/* A work as a link: the citing and cited works of a work. */
struct bz_work_ref {
    int64_t id; /* W number */
    const char *title;
    const char *slug;
    int publication_year; /* 0 when unknown */
};

struct bz_work {
    int64_t id; /* W number */
    const char *title;
    const char *slug;
    const char *abstract;    /* or NULL */
    int publication_year;    /* 0 when unknown */
    const char *type;        /* "preprint", "article", ... */
    const char *venue;       /* or NULL */
    int open_access;         /* 1, 0, or -1 unknown */
    const char *landing_url; /* or NULL */
    struct bz_external_id *ids;
    size_t id_count;
    struct bz_authorship *authorships; /* in author order */
    size_t authorship_count;
    struct bz_topic_ref *topics;
    size_t topic_count;
    struct bz_institution_ref *institutions;
    size_t institution_count;
    struct bz_provenance *provenance;
    size_t provenance_count;
    struct bz_work_version *versions; /* work_get only; oldest first */
    size_t version_count;
    /* the highest count of citing works any source gave, and that source
     * (the first by name on a tie); -1 and NULL when none gave one */
    long cited_by_count;
    const char *cited_by_source;
    /* work_get only: the works bzpeer knows that cite this one, and those
     * this one cites, newest first, at most BZ_STORE_CITATIONS_MAX each;
     * reference_count is every reference the sources listed, known or not */
    struct bz_work_ref *citing;
    size_t citing_count;
    struct bz_work_ref *cited;
    size_t cited_count;
    long reference_count;
    /* what accounts said (work_signals), when a caller read it; no store
     * read fills it: NULL */
    const struct bz_work_signals *signals;
};

#define BZ_STORE_CITATIONS_MAX 200

/* One entry of the audit log: who did what to which record, and why. */
struct bz_audit_entry {
    int64_t id;
    const char *at;      /* UTC, "2026-12-03T16:20:00Z" */
    const char *actor;   /* "cli" for commands */
    const char *action;  /* "merge", "split", ... */
    const char *subject; /* "R12" */
    const char *detail;  /* JSON or text, or NULL */
    const char *reason;  /* or NULL */
};

/* One row per (work, co-author) of a researcher: the input of the close
 * collaborators rule. */
struct bz_coauthorship {
    int64_t work_id;
    int64_t coauthor_id;
    const char *coauthor_name;
    const char *coauthor_slug;
    int coauthor_claim_level;  /* 0, 2 or 3 */
    int coauthor_has_source_id;
    int author_count;          /* authorships on that work */
};

/* One row of what the research graph's builder reads (graph_rows): a
 * link from one record to another, with what the ranking needs of the
 * other end. Which fields a query fills is said by its name below; the
 * rest are 0 or NULL. */
struct bz_graph_row {
    int64_t from;        /* the record the link leaves */
    int64_t via;         /* the work the link holds through, or 0 */
    int64_t id;          /* the record it reaches */
    const char *label;   /* display name or title of id */
    const char *slug;    /* of id, or NULL */
    int year;            /* works: publication year, 0 unknown */
    long citations;      /* works: the highest count a source gave, or 0 */
    int authors;         /* works: authorships on it */
    int position;        /* authorships: the author's place, 1-based */
    double score;        /* work topics: the source's score, or 0 */
    const char *scheme;  /* topics: "openalex" or "arxiv", and slug is
                            then the topic's external id ("cs.LG") */
    char kind;           /* BZ_GRAPH_Q_RESEARCHER_HOOD and _EXPAND: which
                            part */
};

/* What graph_rows reads; id is the query's record (?1), limit bounds the
 * candidate works of the queries that say so. */
#define BZ_GRAPH_EXPAND_AUTHORS 16
enum bz_graph_query {
    /* the record itself: id, label, slug, year (works); for a researcher
     * from = merged_into and position = 1 when an opt-out hid it */
    BZ_GRAPH_Q_RESEARCHER,
    BZ_GRAPH_Q_WORK,
    BZ_GRAPH_Q_TOPIC,
    BZ_GRAPH_Q_INSTITUTION,
    /* a researcher's neighbourhood, in one statement: of its works (not
     * those its owner hid), the limit newest, each as a row of kind 'W'
     * (from the researcher, id, label, slug, year, citations, authors);
     * their other authors, 'R' (from the work, id the co-author, not
     * hidden records; one row per pair); their topics, 'T' (from the
     * work, id, score); the institutions their authorships list and the
     * researcher's own affiliations, 'I' (from the researcher listing it,
     * via the work or 0, id). Rows but 'W' carry ids only: the builder
     * names the nodes it keeps. */
    BZ_GRAPH_Q_RESEARCHER_HOOD,
    /* the same for a researcher expanded at depth 2, with each work's
     * authorships read from its first BZ_GRAPH_EXPAND_AUTHORS positions
     * (and the researcher's own): a neighbour's large-team works would
     * give thousands of rows, each a co-author of 1/(authors - 1) */
    BZ_GRAPH_Q_RESEARCHER_EXPAND,
    /* a work's authors (known, not hidden): from the work, id, label,
     * slug, position */
    BZ_GRAPH_Q_WORK_AUTHORS,
    /* a work's topics: from the work, id, label, score */
    BZ_GRAPH_Q_WORK_TOPICS,
    /* the institutions of a work's authorships: from the researcher (0
     * unknown), via the work, id, label, position */
    BZ_GRAPH_Q_WORK_INSTITUTIONS,
    /* the known works a work cites, each once: from the work, id the
     * cited work (ids only) */
    BZ_GRAPH_Q_WORK_CITES,
    /* works citing it, and works it cites: from the work, id the other,
     * label, slug, year, citations, authors; the limit newest and the
     * limit most cited of them */
    BZ_GRAPH_Q_WORK_CITING,
    BZ_GRAPH_Q_WORK_CITED,
    /* a topic's candidate works, the limit newest and the limit most
     * cited: from the topic, id, label, slug, year, citations, authors,
     * score */
    BZ_GRAPH_Q_TOPIC_WORKS,
    /* the authors of those candidate works: from the work, id, label,
     * slug, position */
    BZ_GRAPH_Q_TOPIC_AUTHORS,
    /* an institution's candidate works (on an authorship listing it),
     * the limit newest and the limit most cited: as BZ_GRAPH_Q_TOPIC_WORKS */
    BZ_GRAPH_Q_INSTITUTION_WORKS,
    /* the researchers listing it: the limit with most works there, then
     * those a people source affiliates with it; from the institution, id,
     * label, slug, authors = works listing it there */
    BZ_GRAPH_Q_INSTITUTION_RESEARCHERS,
    /* authorships listing it on its candidate works: from the work, id
     * the researcher, label, slug, position */
    BZ_GRAPH_Q_INSTITUTION_AUTHORS,
    BZ_GRAPH_Q_COUNT
};

/* Someone who might be suggested to a researcher as a collaborator, with
 * the facts the rule (graph/suggest.h) ranks and filters on. */
struct bz_suggestion_candidate {
    int64_t id; /* R number */
    const char *display_name;
    const char *slug;
    int shared_topics;        /* distinct topics both have works on */
    int common_coauthors;     /* researchers both wrote with */
    int shared_works;         /* works the two wrote together */
    int last_shared_year;     /* the latest known year of those, or 0 */
    int undated_shared_works; /* of those, works of unknown year */
    int shared_institution;   /* 1: a current institution in common */
};

/* A topic as its page shows it (store_sql_topics.c). */
struct bz_topic {
    int64_t id; /* T number */
    const char *display_name;
    const char *scheme;      /* "openalex" or "arxiv" */
    const char *external_id; /* "T10895", "fields/17", "cs.LG" */
    const char *level;       /* "topic", "field", "category", ... or NULL */
    struct bz_topic_ref *parents; /* the chain up, the root (domain) first */
    size_t parent_count;
    struct bz_topic_ref *children; /* by name */
    size_t child_count;
    long work_count;       /* works on it or on a topic under it */
    long researcher_count; /* their authors (not merged, not hidden) */
};

/* An institution as its page shows it. */
struct bz_institution {
    int64_t id; /* I number */
    const char *display_name;
    const char *country_code; /* or NULL */
    const char *homepage;     /* or NULL */
    struct bz_external_id *ids;
    size_t id_count;
    long work_count;       /* works with an authorship there */
    long researcher_count; /* researchers with such an authorship or an
                              affiliation there (not merged, not hidden) */
};

/* A researcher on a topic's or an institution's page, with how many of
 * its works are on the topic, or at the institution. */
struct bz_researcher_count {
    int64_t id; /* R number */
    const char *display_name;
    const char *slug;
    int works;
};

struct bz_store_counts {
    long researchers, works, topics, institutions;
};

/* --- name resolution (store_sql_identity.c, src/identity/pass.c) -------- */

/* A record whose block the resolution pass has not looked at yet. */
struct bz_identity_pending {
    int64_t researcher_id;
    const char *block_key; /* "" when the name gave none */
    long block_size;       /* live records in that block, itself included */
    int has_mergeable;     /* one of those is name-only, unclaimed and not
                              split off: the pass may merge it away */
};

/* A record of a block, as the pass weighs it. */
struct bz_identity_record {
    int64_t researcher_id;
    int name_only;   /* no persistent author id from any source */
    int claimed;     /* claim_level > 0 */
    int kept_apart;  /* split off by a person: never merged by the pass */
    const char *block_key;
};

/* One authorship of a block's record, with its evidence; every array is
 * of strings in the arena of the call. */
struct bz_identity_mention {
    int64_t researcher_id;
    int64_t work_id;
    int position;
    const char *block_key;      /* its record's */
    const char *raw_name;
    int year;                   /* 0 unknown */
    const char *venue;          /* or NULL */
    const char **coauthors;     /* the other authors' block keys */
    size_t coauthor_count;
    const char **affiliations;  /* its institutions' names */
    size_t affiliation_count;
    const char **topics;        /* the work's topic ids ("T10895") */
    size_t topic_count;
};

#define BZ_IDENTITY_BLOCK_MENTIONS 4000 /* most mentions the pass weighs */
#define BZ_IDENTITY_BLOCK_KEYS 16        /* most blocks read at once */

/* --- accounts ------------------------------------------------------------ */

/* Times are Unix seconds (UTC), so that both engines store the same. */

/* A person who signed up. */
struct bz_account {
    int64_t id;
    const char *email;         /* lower-case */
    int email_verified;        /* 1 once a link sent to email was opened */
    const char *role;          /* "user", "moderator" or "admin" */
    const char *password_hash; /* Argon2id's string; NULL: none set */
    const char *pending_email; /* a new address waiting for its link */
    int64_t owns_researcher_id; /* 0: owns none */
    const char *created_at;     /* UTC, "2026-12-03 16:20:00" */
};

/* An API token as its owner sees it (never the token itself). */
struct bz_api_token {
    int64_t id;
    const char *name;
    int64_t created_at;
    int64_t last_used_at; /* 0: never */
};

#define BZ_ACCOUNT_EMAIL_MAX 254 /* RFC 5321's path limit */

/* A message waiting in the outbox (mail_claim). */
struct bz_outbox_mail {
    int64_t id;
    const char *recipient;
    const char *subject;
    const char *body;
    int attempts; /* this one included */
};

/* --- claims ------------------------------------------------------------- */

/* A claim of a researcher record by an account (claim.h has the rules). */
struct bz_claim {
    int64_t id;
    int64_t researcher_id;
    const char *researcher_name; /* read only: the record's display name */
    int64_t account_id;          /* 0: the account was deleted since */
    const char *account_email;   /* read only; NULL once deleted */
    /* "orcid", "metadata_email", "domain_email", "documents", "statement" */
    const char *evidence;
    const char *evidence_detail; /* the iD, the address, the links; or NULL */
    const char *note;            /* the claimant's words, or NULL */
    /* "pending", "approved", "rejected", "withdrawn", "disputed" */
    const char *state;
    int level;         /* 2 or 3 once approved, else 0 */
    const char *reason; /* of the decision, shown to the claimant; or NULL */
    int64_t created_at; /* Unix seconds */
    int64_t decided_at; /* 0: not decided */
    int64_t decided_by; /* the moderator; 0: none (at once, a command) */
};

/* Which claims claim_list answers: every condition set must hold. */
struct bz_claim_filter {
    const char *state;     /* NULL: any */
    int64_t account_id;    /* 0: any */
    int64_t researcher_id; /* 0: any */
};

/* --- what an owner edits (store_sql_owner.c) ----------------------------- */

/* Fields an owner sets; NULL (or -1) leaves one as it is, "" clears a
 * text. */
struct bz_researcher_edit {
    const char *display_name;     /* non-empty when set */
    const char *self_affiliation;
    const char *summary;
    int open_to_collaborate;      /* 1, 0, or -1 */
};

/* One of a record's other names (former or alternative, from sources). */
struct bz_researcher_name {
    const char *name;
    const char *source;
    int hidden; /* by the owner: not shown, not found by search */
};

/* What an owner said about one of the record's works. */
struct bz_work_flag {
    int64_t work_id;
    int hidden;   /* left out of the list and of the score */
    int featured; /* shown first */
};

/* A request to hide an unclaimed record, from the person it describes. */
struct bz_opt_out {
    int64_t id;
    int64_t researcher_id;
    const char *researcher_name; /* read only */
    int64_t account_id;          /* 0: deleted since */
    const char *account_email;   /* read only; NULL once deleted */
    const char *note;            /* or NULL */
    const char *state; /* "pending", "approved", "rejected", "restored" */
    const char *reason; /* of the decision, or NULL */
    int64_t created_at;
    int64_t decided_at; /* 0: not decided */
    int64_t decided_by; /* 0: none */
};

/* --- direct collaboration (store_sql_collaboration.c) -------------------- */

/* An invitation from an account to the owner of a claimed record; once
 * accepted, the conversation of the two (collaboration.h has the rules).
 * The fields marked "read only" are filled by reads and ignored by
 * invitation_insert. */
struct bz_invitation {
    int64_t id;
    int64_t sender_id;              /* 0: the account was deleted since */
    const char *sender_email;       /* read only; NULL once deleted */
    int64_t sender_record_id;       /* read only: the record the sender
                                       owns now, 0 none */
    const char *sender_record_name; /* read only, or NULL */
    int64_t recipient_id;           /* the record's owner when it was sent;
                                       0: deleted since */
    const char *recipient_email;    /* read only; NULL once deleted */
    int64_t researcher_id;          /* the record invited */
    const char *researcher_name;    /* read only */
    int64_t topic_id;               /* 0: none */
    const char *topic_name;         /* read only, or NULL */
    const char *subject;
    const char *message;
    const char *state; /* "pending", "accepted", "declined", "withdrawn" */
    int64_t created_at;
    int64_t decided_at;      /* 0: still pending */
    int64_t last_message_at; /* read only: 0 when no message yet */
    long unread;   /* read only: the other party's messages that the
                      account the read was for has not read */
    int reported;  /* read only: an abuse report names it */
};

/* One message of a conversation (an accepted invitation). */
struct bz_message {
    int64_t id;
    int64_t invitation_id;
    int64_t author_id; /* 0: the account was deleted since */
    const char *body;
    int64_t created_at;
};

/* An account that an account blocked. */
struct bz_block {
    int64_t blocked_id;
    const char *blocked_email;       /* read only */
    const char *blocked_record_name; /* read only: the record it owns, or
                                        NULL */
    int64_t created_at;
};

/* A party's report of a conversation to moderators. */
struct bz_abuse_report {
    int64_t id;
    int64_t invitation_id;
    int64_t reporter_id;        /* 0: deleted since */
    const char *reporter_email; /* read only; NULL once deleted */
    const char *subject;        /* read only: the invitation's */
    const char *reason;
    int64_t created_at;
};

/* --- what accounts say about works (store_sql_reactions.c) -------------- */

/* A work's reactions, saves, reviews and added links, counted, and what
 * one account did (work_signals). */
struct bz_work_signals {
    long likes, dislikes;
    long saves;      /* accounts with the work in any of their collections */
    long reviews;    /* shown: not hidden by a moderator */
    long code_links; /* added by owners of its authors' records */
    long dataset_links;
    const char *reaction; /* the account's "like" or "dislike", or NULL */
};

/* What a moderator decides on a review's report (review_report_decide). */
enum bz_review_decision {
    BZ_REVIEW_DISMISS,
    BZ_REVIEW_HIDE,
    BZ_REVIEW_RESTORE,
};

/* One account's reaction to a work (account_reactions). */
struct bz_work_reaction {
    int64_t work_id;
    const char *kind; /* "like" or "dislike" */
    int64_t created_at;
};

/* A named collection of saved works, one account's. */
struct bz_collection {
    int64_t id;
    int64_t account_id;
    const char *name;
    long work_count;    /* read only */
    int holds_work;     /* read only: holds the work collection_list asked
                           about */
    int64_t created_at;
};

/* A structured review of a work by an account. */
struct bz_review {
    int64_t id;
    int64_t work_id;
    const char *work_title; /* read only */
    const char *work_slug;  /* read only */
    int64_t account_id;     /* 0: deleted since (the review stays) */
    int64_t author_researcher_id; /* read only: the record the account
                                     owns, 0: none */
    const char *author_name;      /* read only: that record's name */
    const char *summary;
    int soundness;    /* 1 to 5 */
    int significance; /* 1 to 5 */
    const char *comments; /* or NULL */
    int64_t created_at;
    int64_t updated_at;
    int64_t hidden_at; /* 0: shown; else when a moderator hid it */
};

/* A report of a review to the moderators. */
struct bz_review_report {
    int64_t id;
    struct bz_review review;   /* read only: the review reported */
    int64_t account_id;        /* the reporter; 0: deleted since */
    const char *account_email; /* read only; NULL once deleted */
    const char *reason;
    const char *state; /* "open", "hidden" (the review was hidden),
                          "dismissed" */
    int64_t created_at;
    int64_t decided_at; /* 0: open */
    int64_t decided_by; /* 0: none */
};

/* A code or dataset link of a work, added by the owner of the record of
 * one of its authors. */
struct bz_work_link {
    int64_t id;
    int64_t work_id;
    const char *kind; /* "code" or "dataset" */
    const char *url;
    int64_t researcher_id;       /* the author record its owner spoke for */
    const char *researcher_name; /* read only */
    int64_t account_id;          /* 0: deleted since */
    int64_t created_at;
};

/* --- following (store_sql_follow.c) --------------------------------------- */

/* A work in a feed, which lists works by their order of arrival in bzpeer
 * (their W number), newest first. */
struct bz_feed_entry {
    struct bz_work work;  /* its ids and authorships filled */
    const char *added_at; /* when bzpeer first stored it, UTC,
                             "2026-12-03 16:20:00" */
};

/* An account whose weekly digest is due (digest_due). */
struct bz_digest_account {
    int64_t account_id;
    const char *email;
    int64_t sent_at; /* when its last digest was made, Unix seconds */
    int64_t work_id; /* the newest work that digest covered */
};

/* --- what an import hands the store --------------------------------------- */

struct bz_author_record {
    const char *raw_name;      /* required */
    const char *display_name;  /* or NULL: raw_name is used */
    struct bz_external_id *ids; /* persistent author ids; may be empty */
    size_t id_count;
    struct bz_institution_record *institutions;
    size_t institution_count;
};

struct bz_institution_record {
    const char *display_name;
    struct bz_external_id *ids; /* "openalex", "ror" */
    size_t id_count;
    const char *country_code;
    const char *homepage;
};

struct bz_topic_record {
    const char *scheme;       /* "openalex" or "arxiv" */
    const char *external_id;  /* id within the scheme */
    const char *display_name;
    const char *level;        /* "topic", "subfield", "field", "domain",
                                 "category", "archive" */
    double score;
    /* the parent chain, nearest first, may be empty; each is itself a topic
     * record whose own parents are ignored */
    struct bz_topic_record *parents;
    size_t parent_count;
    const char *source; /* who links it to the work ("bzpeer" when */
                        /* assigned); NULL: the work record's source */
};

struct bz_work_record {
    const char *source;        /* "openalex", ... ; required */
    const char *source_record; /* the source's id for the record, or NULL */
    const char *title;         /* required, non-empty */
    const char *abstract;
    int publication_year;
    const char *type;
    const char *venue;
    int open_access;           /* 1, 0, -1 */
    const char *landing_url;
    struct bz_external_id *ids; /* at least one for matching, or none */
    size_t id_count;
    struct bz_author_record *authors; /* in author order */
    size_t author_count;
    struct bz_topic_record *topics;
    size_t topic_count;
    /* the source's count of works citing this one, -1 unknown. Readers
     * that do not read counts leave 0, so 0 records nothing either: a zero
     * would add nothing to any total. A source's newer count replaces its
     * older one; each source's is kept and the highest shown. */
    long cited_by_count;
    /* the works this one cites, as ids ("openalex" W ids, "s2" paper ids,
     * "doi"); each becomes a citation edge, resolved to a work when one
     * carries the id, now or when it is imported later */
    struct bz_external_id *references;
    size_t reference_count;
};

/* A person's record from a source that describes people (an ORCID
 * record, an OpenAlex author). */
struct bz_researcher_record {
    const char *source;        /* required */
    const char *source_record; /* or NULL */
    const char *display_name;  /* required, non-empty */
    const char *const *alternative_names; /* other names, for search */
    size_t alternative_name_count;
    /* the person's email addresses the source shows (an ORCID record's
     * public ones), lower-case; kept so that a claim made from one of them
     * is corroborated (claim.h), never shown */
    const char *const *emails;
    size_t email_count;
    struct bz_external_id *ids; /* at least one: people are matched on it */
    size_t id_count;
    struct bz_institution_record *affiliations; /* current first */
    size_t affiliation_count;
};

/* A venue: a journal, a conference series, a repository (an OpenAlex
 * source). */
struct bz_venue_record {
    const char *source;        /* required */
    const char *source_record; /* or NULL */
    const char *display_name;  /* required, non-empty */
    const char *type;          /* "journal", "repository", ... or NULL */
    const char *publisher;     /* or NULL */
    struct bz_external_id *ids; /* "openalex", "issn_l", "issn" */
    size_t id_count;
};

/* What an import did, per entity. */
struct bz_import_tally {
    long new_works, new_researchers, new_topics, new_institutions;
    long updated_works, updated_researchers, updated_topics,
        updated_institutions;
    long new_venues, updated_venues;
    long merged_works; /* records that joined an existing work by title,
                          first author and year, not by an identifier */
    long merged_researchers; /* name-only records merged by the name
                                resolution pass after the import */
};

/* --- the interface ------------------------------------------------------- */

struct bz_store;

struct bz_store_ops {
    const char *name; /* "sqlite" */

    void (*close)(struct bz_store *store);

    enum bz_status (*begin)(struct bz_store *store, struct bz_error *err);
    enum bz_status (*commit)(struct bz_store *store, struct bz_error *err);
    enum bz_status (*rollback)(struct bz_store *store, struct bz_error *err);

    /* A group of writes inside the transaction (NULL: the store has
     * none). The import_* calls between group_begin and group_end share
     * the group's savepoint instead of taking one each: SQLite copies
     * every page a savepoint touches, once per savepoint. The price: a
     * call that fails in a group may leave part of its record written.
     * group_failed then answers 1, and the caller must undo the group
     * (group_undo, which also ends it) and write again the records of it
     * that it keeps; group_end refuses a failed group. A commit or a
     * rollback ends an open group. */
    enum bz_status (*group_begin)(struct bz_store *store,
                                  struct bz_error *err);
    enum bz_status (*group_end)(struct bz_store *store, struct bz_error *err);
    enum bz_status (*group_undo)(struct bz_store *store,
                                 struct bz_error *err);
    int (*group_failed)(const struct bz_store *store);

    /* Around a run of imports, inside its first and last transactions
     * (NULL: nothing to do). Between the two, a commit may keep the
     * citation index rows of the works it stored, in memory or in sorted
     * runs in a temporary file, to write them in one sorted pass; the
     * works wait in citation_pending meanwhile, and import_end writes what
     * is kept (from the works' stored references, should the file have
     * failed). A rollback drops
     * its own transaction's rows; rows of earlier commits that a flush in
     * it had written go with it, and import_end writes them again from
     * their works' stored references, as import_begin first does for the
     * works a run that never reached its import_end left waiting. */
    enum bz_status (*import_begin)(struct bz_store *store,
                                   struct bz_error *err);
    enum bz_status (*import_end)(struct bz_store *store,
                                 struct bz_error *err);

    /* A number that changes whenever any process commits a change. */
    enum bz_status (*generation)(struct bz_store *store, uint64_t *out,
                                 struct bz_error *err);

    /* Adds or merges one work inside the current transaction, all or
     * nothing (a savepoint of its own, or its group's: group_begin). A
     * work is matched on any of its ids; a match gains the ids and fields
     * it lacked. Authors are matched on any of their ids, else created
     * (name-only: no ids). The record's citation count (cited_by_count >
     * 0) replaces its source's earlier one; its references become
     * citation edges, resolved to works now or when a work with the cited
     * id is imported. Its authorships, their institutions, affiliations
     * and provenance are written at the end of the call, or of its group,
     * or at commit: reads in between do not see them. */
    enum bz_status (*import_work)(struct bz_store *store,
                                  const struct bz_work_record *record,
                                  struct bz_import_tally *tally,
                                  struct bz_error *err);

    /* A person from a people source: matched on any of its ids, else
     * created (L1: it has an id). A match gains the ids, names and
     * affiliations it lacked. All or nothing, like import_work. */
    enum bz_status (*import_researcher)(
        struct bz_store *store, const struct bz_researcher_record *record,
        struct bz_import_tally *tally, struct bz_error *err);

    /* An institution (an OpenAlex institution, a ROR record): matched on
     * any id, else created; a match gains what it lacked. */
    enum bz_status (*import_institution)(
        struct bz_store *store, const struct bz_institution_record *record,
        struct bz_import_tally *tally, struct bz_error *err);

    /* A venue, matched on any id, else created. */
    enum bz_status (*import_venue)(struct bz_store *store,
                                   const struct bz_venue_record *record,
                                   struct bz_import_tally *tally,
                                   struct bz_error *err);

    /* A topic with its parents (an OpenAlex topic, a taxonomy entry). */
    enum bz_status (*import_topic)(struct bz_store *store,
                                   const struct bz_topic_record *record,
                                   struct bz_import_tally *tally,
                                   struct bz_error *err);

    /* Records that old_value (of scheme) now names the record that
     * new_value names; kind is 'W', 'R', 'I' or 'T'. researcher_find and
     * work_find then answer the survivor for the old id. BZ_NOT_FOUND
     * when new_value names nothing yet (the alias is kept all the same,
     * and takes effect once it does). */
    enum bz_status (*add_alias)(struct bz_store *store, char kind,
                                const char *scheme, const char *old_value,
                                const char *new_value, struct bz_error *err);

    /* Works with id > after, by id, at most limit, each with its ids and
     * authorships (for export); researcher_id 0 for all works, else only
     * that researcher's. *more is set when more follow. */
    enum bz_status (*works_page)(struct bz_store *store,
                                 struct bz_arena *arena, int64_t researcher_id,
                                 int64_t after, int limit,
                                 struct bz_work **out, size_t *count,
                                 int *more, struct bz_error *err);

    enum bz_status (*counts)(struct bz_store *store,
                             struct bz_store_counts *out,
                             struct bz_error *err);

    /* BZ_NOT_FOUND when there is no such id. A merged record is returned
     * as it is, with merged_into set. */
    enum bz_status (*researcher_get)(struct bz_store *store,
                                     struct bz_arena *arena, int64_t id,
                                     struct bz_researcher *out,
                                     struct bz_error *err);

    /* The researcher carrying an external id; BZ_NOT_FOUND if none. */
    enum bz_status (*researcher_find)(struct bz_store *store,
                                      const char *scheme, const char *value,
                                      int64_t *id, struct bz_error *err);

    /* Researchers (not merged) with id > after, by id, at most limit.
     * words: NULL or folded words (see text.h) that each must begin a
     * word of the folded display name. *more is set when more follow. */
    enum bz_status (*researcher_list)(struct bz_store *store,
                                      struct bz_arena *arena,
                                      const char *const *words,
                                      size_t word_count, int64_t after,
                                      int limit, struct bz_researcher **out,
                                      size_t *count, int *more,
                                      struct bz_error *err);

    /* A researcher's works, newest year first, then by title; the works'
     * ids are filled, their authorships, topics, institutions and
     * provenance are not. */
    enum bz_status (*researcher_works)(struct bz_store *store,
                                       struct bz_arena *arena, int64_t id,
                                       struct bz_work **out, size_t *count,
                                       struct bz_error *err);

    /* Distinct topics of a researcher's works, most works first, then by
     * display name; works is set in each. */
    enum bz_status (*researcher_topics)(struct bz_store *store,
                                        struct bz_arena *arena, int64_t id,
                                        struct bz_topic_ref **out,
                                        size_t *count, struct bz_error *err);

    enum bz_status (*researcher_coauthorships)(struct bz_store *store,
                                               struct bz_arena *arena,
                                               int64_t id,
                                               struct bz_coauthorship **out,
                                               size_t *count,
                                               struct bz_error *err);

    /* Institutions of the researcher's authorships, most works first. */
    enum bz_status (*researcher_institutions)(struct bz_store *store,
                                              struct bz_arena *arena,
                                              int64_t id,
                                              struct bz_institution_ref **out,
                                              size_t *count,
                                              struct bz_error *err);

    /* --- conflicts of interest and suggestions (store_sql_coi.c) --- */

    /* The works both a and b are authors of, newest year first (unknown
     * years last), then by title; publication_year 0 when unknown. */
    enum bz_status (*researcher_shared_works)(struct bz_store *store,
                                              struct bz_arena *arena,
                                              int64_t a, int64_t b,
                                              struct bz_work_ref **out,
                                              size_t *count,
                                              struct bz_error *err);

    /* A researcher's current institutions, by name: the affiliations a
     * people source gives as current, else the institutions of the
     * researcher's authorships in the latest year that names any. */
    enum bz_status (*researcher_current_institutions)(
        struct bz_store *store, struct bz_arena *arena, int64_t id,
        struct bz_institution_ref **out, size_t *count,
        struct bz_error *err);

    /* Researchers who share a topic or a co-author with researcher id
     * (never id itself, a merged or a hidden record), the limit best by
     * coauthor_weight * common_coauthors + topic_weight * shared_topics,
     * then by id. */
    enum bz_status (*researcher_suggestion_candidates)(
        struct bz_store *store, struct bz_arena *arena, int64_t id,
        int coauthor_weight, int topic_weight, int limit,
        struct bz_suggestion_candidate **out, size_t *count,
        struct bz_error *err);

    /* --- topic and institution pages (store_sql_topics.c) --- */

    /* BZ_NOT_FOUND when there is no such id. */
    enum bz_status (*topic_get)(struct bz_store *store,
                                struct bz_arena *arena, int64_t id,
                                struct bz_topic *out, struct bz_error *err);

    /* The topic of scheme ("openalex", "arxiv") with that external id;
     * BZ_NOT_FOUND if none. */
    enum bz_status (*topic_find)(struct bz_store *store, const char *scheme,
                                 const char *value, int64_t *id,
                                 struct bz_error *err);

    /* The works on topic id or a topic under it, newest year first
     * (unknown last), then by title: limit of them from the offset-th;
     * *more when more follow. */
    enum bz_status (*topic_works)(struct bz_store *store,
                                  struct bz_arena *arena, int64_t id,
                                  long offset, int limit,
                                  struct bz_work_ref **out, size_t *count,
                                  int *more, struct bz_error *err);

    /* Their authors, most works on it first, then by name; at most
     * limit. */
    enum bz_status (*topic_researchers)(struct bz_store *store,
                                        struct bz_arena *arena, int64_t id,
                                        int limit,
                                        struct bz_researcher_count **out,
                                        size_t *count, struct bz_error *err);

    /* As the topic operations, for institutions: found by an id of theirs
     * ("openalex" I id, "ror"); works with an authorship there; the
     * researchers of those authorships and of affiliations there. */
    enum bz_status (*institution_get)(struct bz_store *store,
                                      struct bz_arena *arena, int64_t id,
                                      struct bz_institution *out,
                                      struct bz_error *err);
    enum bz_status (*institution_find)(struct bz_store *store,
                                       const char *scheme, const char *value,
                                       int64_t *id, struct bz_error *err);
    enum bz_status (*institution_works)(struct bz_store *store,
                                        struct bz_arena *arena, int64_t id,
                                        long offset, int limit,
                                        struct bz_work_ref **out,
                                        size_t *count, int *more,
                                        struct bz_error *err);
    enum bz_status (*institution_researchers)(
        struct bz_store *store, struct bz_arena *arena, int64_t id,
        int limit, struct bz_researcher_count **out, size_t *count,
        struct bz_error *err);

    /* The record's followers but its owner (whose follow from before a
     * claim stays, uncounted: nobody follows themselves), and those of
     * them with a verified email. */
    enum bz_status (*researcher_followers)(struct bz_store *store, int64_t id,
                                           long *total, long *verified,
                                           struct bz_error *err);

    /* Everything about a work. BZ_NOT_FOUND when there is no such id. */
    enum bz_status (*work_get)(struct bz_store *store, struct bz_arena *arena,
                               int64_t id, struct bz_work *out,
                               struct bz_error *err);

    enum bz_status (*work_find)(struct bz_store *store, const char *scheme,
                                const char *value, int64_t *id,
                                struct bz_error *err);

    /* Appends entry to the audit log (its id and at are given here, at
     * the current UTC time); inside the open transaction, else in one of
     * its own. actor, action and subject are required. */
    enum bz_status (*audit_append)(struct bz_store *store,
                                   const struct bz_audit_entry *entry,
                                   struct bz_error *err);

    /* The entries about subject ("R12"), or all when subject is NULL,
     * oldest first. */
    enum bz_status (*audit_list)(struct bz_store *store,
                                 struct bz_arena *arena, const char *subject,
                                 struct bz_audit_entry **out, size_t *count,
                                 struct bz_error *err);

    /* Moves researcher from's authorships, ids, names, affiliations and
     * follows to into, and marks from (and every record merged into from)
     * merged into into; inside the open transaction, else in one of its
     * own, all or nothing. BZ_NOT_FOUND for an unknown id; BZ_INVALID when
     * into == from; BZ_CONFLICT when either is itself merged. */
    enum bz_status (*researcher_merge)(struct bz_store *store, int64_t into,
                                       int64_t from, struct bz_error *err);

    /* Moves researcher id's authorships on the works given to a new
     * name-only record with id's display name; *new_id is its id. Like
     * researcher_merge for transactions. BZ_NOT_FOUND for an unknown
     * researcher, BZ_CONFLICT for a merged one, BZ_INVALID when a work is
     * not one of id's, or the split would take all of them. */
    enum bz_status (*researcher_split)(struct bz_store *store, int64_t id,
                                       const int64_t *works, size_t count,
                                       int64_t *new_id, struct bz_error *err);

    /* --- name resolution (store_sql_identity.c) --- */

    /* Before a pass: lets the engine plan the pass's statements for the
     * tables as they are now. PostgreSQL has no statistics for the rows
     * an import has just written until autovacuum's next visit, and
     * plans for empty tables meanwhile (100 times slower on the Crossref
     * sample); this analyzes the tables the pass reads whose statistics
     * are missing or stale. Nothing on SQLite. */
    enum bz_status (*identity_prepare)(struct bz_store *store,
                                       struct bz_arena *arena,
                                       struct bz_error *err);

    /* Records with id > after that the pass has not looked at (new ones,
     * with an id or without, and those claimed since), by id, at most
     * limit. */
    enum bz_status (*identity_pending)(struct bz_store *store,
                                       struct bz_arena *arena, int64_t after,
                                       size_t limit,
                                       struct bz_identity_pending **out,
                                       size_t *count, struct bz_error *err);

    /* The records of the blocks block_keys[0..key_count) (neither merged
     * nor hidden; 1 to BZ_IDENTITY_BLOCK_KEYS blocks, read by the same
     * statements), by block key then id, and their authorships with
     * evidence, by block key, record, then work. BZ_TOO_LARGE when the
     * blocks have more than max_mentions authorships together. */
    enum bz_status (*identity_block)(struct bz_store *store,
                                     struct bz_arena *arena,
                                     const char *const *block_keys,
                                     size_t key_count, size_t max_mentions,
                                     struct bz_identity_record **records,
                                     size_t *record_count,
                                     struct bz_identity_mention **mentions,
                                     size_t *mention_count,
                                     struct bz_error *err);

    /* Marks looked at the records not looked at yet with after < id <=
     * through (a round of identity_pending) and those of their blocks;
     * never those kept apart. */
    enum bz_status (*identity_checked)(struct bz_store *store, int64_t after,
                                       int64_t through, struct bz_error *err);

    /* *mark: where the works stored from now on begin (the highest work
     * id so far), for identity_touch once they are in. */
    enum bz_status (*identity_mark)(struct bz_store *store, int64_t *mark,
                                    struct bz_error *err);

    /* Marks not looked at the records looked at before (never those kept
     * apart) that have an authorship on a work after mark
     * (identity_mark): a record with new works has new evidence, which
     * may now tie a name-only twin of its block to it. */
    enum bz_status (*identity_touch)(struct bz_store *store, int64_t mark,
                                     struct bz_error *err);

    /* Marks every record not looked at, so that the next pass weighs the
     * whole store again (bzpeer resolve --all). */
    enum bz_status (*identity_recheck)(struct bz_store *store,
                                       struct bz_error *err);

    /* --- accounts, sessions, tokens (store_sql_accounts.c) ---
     * Each runs in a transaction of its own unless one is open. */

    /* A new account; BZ_CONFLICT when email (lower-cased by the caller)
     * has one. */
    enum bz_status (*account_create)(struct bz_store *store,
                                     const char *email,
                                     const char *password_hash,
                                     const char *role, int64_t *id,
                                     struct bz_error *err);

    /* By id, or by email; BZ_NOT_FOUND when none. */
    enum bz_status (*account_get)(struct bz_store *store,
                                  struct bz_arena *arena, int64_t id,
                                  struct bz_account *out,
                                  struct bz_error *err);
    enum bz_status (*account_find)(struct bz_store *store,
                                   struct bz_arena *arena, const char *email,
                                   struct bz_account *out,
                                   struct bz_error *err);

    /* Sets the password hash; ends every session of the account but the
     * one whose hash is keep_session (NULL: all). */
    enum bz_status (*account_set_password)(struct bz_store *store,
                                           int64_t id, const char *hash,
                                           const char *keep_session,
                                           struct bz_error *err);

    /* Marks email verified when it is the account's address, or makes it
     * the address (verified) when it is the pending one; BZ_GONE when it
     * is neither any more (the link is stale), BZ_CONFLICT when another
     * account took the address meanwhile. */
    enum bz_status (*account_verify_email)(struct bz_store *store,
                                           int64_t id, const char *email,
                                           struct bz_error *err);

    /* Records email as the address waiting for its link (NULL: none);
     * BZ_CONFLICT when another account has it. */
    enum bz_status (*account_set_pending_email)(struct bz_store *store,
                                                int64_t id,
                                                const char *email,
                                                struct bz_error *err);

    /* "user", "moderator" or "admin" (BZ_INVALID otherwise). */
    enum bz_status (*account_set_role)(struct bz_store *store, int64_t id,
                                       const char *role,
                                       struct bz_error *err);

    /* Deletes the account and what is its alone (sessions, tokens,
     * follows, reactions, collections); its record, if it owned one,
     * becomes unclaimed; its claims keep their history without it; its
     * invitations and messages stay with the other party without it
     * (pending ones end), its blocks and read marks go; its reviews,
     * reports and work links stay, anonymised. The audit log is the
     * caller's. */
    enum bz_status (*account_delete)(struct bz_store *store, int64_t id,
                                     struct bz_error *err);

    /* A session: the hash of its cookie's token, until expires_at. */
    enum bz_status (*session_create)(struct bz_store *store,
                                     const char *token_hash,
                                     int64_t account_id, int64_t now,
                                     int64_t expires_at,
                                     struct bz_error *err);

    /* The account of a live session (expires_at > now); BZ_NOT_FOUND for
     * an unknown or expired one (an expired one is deleted). */
    enum bz_status (*session_account)(struct bz_store *store,
                                      const char *token_hash, int64_t now,
                                      int64_t *account_id,
                                      struct bz_error *err);

    /* Ends one session (NULL token_hash: every session of account_id). */
    enum bz_status (*session_delete)(struct bz_store *store,
                                     const char *token_hash,
                                     int64_t account_id,
                                     struct bz_error *err);

    /* API tokens: created by hash, listed (newest first), revoked by id
     * (BZ_NOT_FOUND when not the account's), and found by hash (a revoked
     * one is not found; a find records its use at now). */
    enum bz_status (*api_token_create)(struct bz_store *store,
                                       int64_t account_id, const char *name,
                                       const char *token_hash, int64_t now,
                                       int64_t *id, struct bz_error *err);
    enum bz_status (*api_token_list)(struct bz_store *store,
                                     struct bz_arena *arena,
                                     int64_t account_id,
                                     struct bz_api_token **out,
                                     size_t *count, struct bz_error *err);
    enum bz_status (*api_token_revoke)(struct bz_store *store,
                                       int64_t account_id, int64_t id,
                                       int64_t now, struct bz_error *err);
    enum bz_status (*api_token_account)(struct bz_store *store,
                                        const char *token_hash, int64_t now,
                                        int64_t *account_id,
                                        struct bz_error *err);

    /* Counts one attempt under key (an account, an address) in a window
     * of window seconds that starts at the key's first attempt; *count
     * is the attempts in the current window, this one included. Exact
     * across processes. throttle_clear forgets key (a good log-in). */
    enum bz_status (*throttle_hit)(struct bz_store *store, const char *key,
                                   int64_t now, int64_t window, long *count,
                                   struct bz_error *err);
    enum bz_status (*throttle_clear)(struct bz_store *store, const char *key,
                                     struct bz_error *err);

    /* The instance's setting name (NULL when unset); setting_init sets it
     * to value unless it is set, and reads back the winner: for a secret
     * that every server of an instance must share. */
    enum bz_status (*setting_get)(struct bz_store *store,
                                  struct bz_arena *arena, const char *name,
                                  const char **value, struct bz_error *err);
    enum bz_status (*setting_init)(struct bz_store *store,
                                   struct bz_arena *arena, const char *name,
                                   const char *value, const char **out,
                                   struct bz_error *err);

    /* The outbox. mail_enqueue adds a message (in the open transaction,
     * if any: it is sent only if that commits). mail_claim takes the
     * oldest message due at now for lease seconds, so that no other
     * sender, in any process, takes it meanwhile; BZ_NOT_FOUND when none
     * is due. mail_done marks it sent (error NULL) or failed, to be tried
     * again from retry_at; after BZ_OUTBOX_ATTEMPTS it is given up. */
    enum bz_status (*mail_enqueue)(struct bz_store *store,
                                   const char *recipient, const char *subject,
                                   const char *body, int64_t now,
                                   struct bz_error *err);
    enum bz_status (*mail_claim)(struct bz_store *store,
                                 struct bz_arena *arena, int64_t now,
                                 int64_t lease, struct bz_outbox_mail *out,
                                 struct bz_error *err);
    enum bz_status (*mail_done)(struct bz_store *store, int64_t id,
                                const char *error, int64_t now,
                                int64_t retry_at, struct bz_error *err);

    /* --- claims (store_sql_claims.c) ---
     * The rules are claim.h's: these keep rows and check nothing but
     * what the schema holds. Each runs in the open transaction, else in
     * one of its own. */

    /* Holds researcher id's row until the transaction ends, so that the
     * claims of one record are decided one at a time by every server;
     * *claim_level and *merged_into are its values. BZ_NOT_FOUND when
     * there is no such record, BZ_GONE when an opt-out hid it. */
    enum bz_status (*researcher_lock)(struct bz_store *store, int64_t id,
                                      int *claim_level, int64_t *merged_into,
                                      struct bz_error *err);

    /* A new claim from *claim (its id, names and email are ignored);
     * *id is its id. BZ_CONFLICT when the account has a claim pending,
     * approved or disputed already, or claim is approved and the record
     * has an approved one. */
    enum bz_status (*claim_insert)(struct bz_store *store,
                                   const struct bz_claim *claim, int64_t *id,
                                   struct bz_error *err);

    /* Writes claim->state, level, reason, decided_at and decided_by to
     * claim claim->id; BZ_NOT_FOUND when there is none, BZ_CONFLICT as
     * claim_insert. */
    enum bz_status (*claim_update)(struct bz_store *store,
                                   const struct bz_claim *claim,
                                   struct bz_error *err);

    enum bz_status (*claim_get)(struct bz_store *store,
                                struct bz_arena *arena, int64_t id,
                                struct bz_claim *out, struct bz_error *err);

    /* Claims that filter lets through with id > after, oldest first, at
     * most limit; *more is set when more follow. */
    enum bz_status (*claim_list)(struct bz_store *store,
                                 struct bz_arena *arena,
                                 const struct bz_claim_filter *filter,
                                 int64_t after, int limit,
                                 struct bz_claim **out, size_t *count,
                                 int *more, struct bz_error *err);

    /* Makes account_id the owner of researcher id at level (2 or 3), or,
     * with level 0, leaves the record unclaimed and its owner, if any,
     * owning none. BZ_NOT_FOUND for an unknown record or account. */
    enum bz_status (*claim_set_owner)(struct bz_store *store, int64_t id,
                                      int64_t account_id, int level,
                                      struct bz_error *err);

    /* The email addresses sources gave for researcher id, sorted. */
    enum bz_status (*researcher_emails)(struct bz_store *store,
                                        struct bz_arena *arena, int64_t id,
                                        const char ***out, size_t *count,
                                        struct bz_error *err);

    /* The homepages of the institutions sources gave for researcher id
     * (its affiliations and those of its authorships), sorted, each once. */
    enum bz_status (*researcher_homepages)(struct bz_store *store,
                                           struct bz_arena *arena, int64_t id,
                                           const char ***out, size_t *count,
                                           struct bz_error *err);

    /* --- the research graph (store_sql_graph.c) --- */

    /* The rows of query about record id (see enum bz_graph_query), in no
     * promised order; limit (>= 1) bounds the works read where the query
     * says so. A record that does not exist gives no rows. */
    enum bz_status (*graph_rows)(struct bz_store *store,
                                 struct bz_arena *arena,
                                 enum bz_graph_query query, int64_t id,
                                 int limit, struct bz_graph_row **out,
                                 size_t *count, struct bz_error *err);

    /* --- what owners edit, and opt-outs (store_sql_owner.c) ---
     * Rows only: who may is owner.h's. Each runs in the open transaction,
     * else in one of its own. */

    /* Sets the fields of edit that are set on record id; each gains a
     * provenance row (entity "researcher", source "owner"). A new
     * display name gives a new slug. BZ_NOT_FOUND for an unknown id. */
    enum bz_status (*researcher_edit)(struct bz_store *store, int64_t id,
                                      const struct bz_researcher_edit *edit,
                                      struct bz_error *err);

    /* The record's other names, by name. */
    enum bz_status (*researcher_names)(struct bz_store *store,
                                       struct bz_arena *arena, int64_t id,
                                       struct bz_researcher_name **out,
                                       size_t *count, struct bz_error *err);

    /* Hides (1) or shows (0) the other name of id; BZ_NOT_FOUND when id
     * has no such name. */
    enum bz_status (*researcher_name_hide)(struct bz_store *store,
                                           int64_t id, const char *name,
                                           int hidden, struct bz_error *err);

    /* The flags set on id's works (only works still id's), by work id. */
    enum bz_status (*researcher_work_flags)(struct bz_store *store,
                                            struct bz_arena *arena,
                                            int64_t id,
                                            struct bz_work_flag **out,
                                            size_t *count,
                                            struct bz_error *err);

    /* Sets flag on work flag->work_id of id; BZ_INVALID when that work is
     * not one of id's. */
    enum bz_status (*researcher_work_flag)(struct bz_store *store, int64_t id,
                                           const struct bz_work_flag *flag,
                                           struct bz_error *err);

    /* Hides record id as of at (an approved opt-out), or with at 0 shows
     * it again. A hidden record is left out of researcher_list; merges
     * and claims refuse it (BZ_GONE). BZ_NOT_FOUND for an unknown id. */
    enum bz_status (*researcher_hide)(struct bz_store *store, int64_t id,
                                      int64_t at, struct bz_error *err);

    /* A new pending opt-out (its id, state, names ignored); BZ_CONFLICT
     * when the account has one pending for the record. */
    enum bz_status (*opt_out_insert)(struct bz_store *store,
                                     const struct bz_opt_out *o, int64_t *id,
                                     struct bz_error *err);
    enum bz_status (*opt_out_get)(struct bz_store *store,
                                  struct bz_arena *arena, int64_t id,
                                  struct bz_opt_out *out,
                                  struct bz_error *err);
    /* Those in state (NULL: any), oldest first, at most limit. */
    enum bz_status (*opt_out_list)(struct bz_store *store,
                                   struct bz_arena *arena, const char *state,
                                   int limit, struct bz_opt_out **out,
                                   size_t *count, struct bz_error *err);
    /* Writes o->state, reason, decided_at and decided_by to opt-out o->id;
     * BZ_NOT_FOUND when there is none. */
    enum bz_status (*opt_out_update)(struct bz_store *store,
                                     const struct bz_opt_out *o,
                                     struct bz_error *err);

    /* --- following (store_sql_follow.c) ---
     * Rows only: who may follow what is follow.h's. Each runs in the open
     * transaction, else in one of its own. */

    /* Makes account_id follow researcher id (on 1) or not (on 0); *changed
     * is 1 when a row was added or removed, 0 when it already was so. */
    enum bz_status (*follow_set)(struct bz_store *store, int64_t account_id,
                                 int64_t id, int on, int *changed,
                                 struct bz_error *err);

    /* *following is 1 when account_id follows researcher id. */
    enum bz_status (*follow_get)(struct bz_store *store, int64_t account_id,
                                 int64_t id, int *following,
                                 struct bz_error *err);
    /* --- direct collaboration (store_sql_collaboration.c) ---
     * Rows only: who may is collaboration.h's. Each runs in the open
     * transaction, else in one of its own. */

    /* The account that owns record id, or 0 when none does. */
    enum bz_status (*researcher_owner)(struct bz_store *store, int64_t id,
                                       int64_t *account_id,
                                       struct bz_error *err);

    /* The display name of topic id; BZ_NOT_FOUND when there is none. */
    enum bz_status (*topic_name)(struct bz_store *store,
                                 struct bz_arena *arena, int64_t id,
                                 const char **name, struct bz_error *err);

    /* A new pending invitation from *inv (id, state, decided_at and the
     * read only fields ignored); *id is its id. BZ_CONFLICT when the
     * sender has one pending to the same recipient. */
    enum bz_status (*invitation_insert)(struct bz_store *store,
                                        const struct bz_invitation *inv,
                                        int64_t *id, struct bz_error *err);

    /* Invitations sender_id sent at since or later. */
    enum bz_status (*invitation_count_since)(struct bz_store *store,
                                             int64_t sender_id, int64_t since,
                                             long *count,
                                             struct bz_error *err);

    /* Invitation id, its unread count for account reader (0: none);
     * BZ_NOT_FOUND when there is none. */
    enum bz_status (*invitation_get)(struct bz_store *store,
                                     struct bz_arena *arena, int64_t id,
                                     int64_t reader,
                                     struct bz_invitation *out,
                                     struct bz_error *err);

    /* Account account_id's invitations, newest first, at most limit:
     * which is "received", "sent" or "conversations" (accepted ones of
     * either side); unread is counted for account_id. */
    enum bz_status (*invitation_list)(struct bz_store *store,
                                      struct bz_arena *arena,
                                      int64_t account_id, const char *which,
                                      int limit, struct bz_invitation **out,
                                      size_t *count, struct bz_error *err);

    /* Moves invitation id from state from to state to, decided at now;
     * BZ_CONFLICT when it is not in from (BZ_NOT_FOUND: no such id). */
    enum bz_status (*invitation_set_state)(struct bz_store *store, int64_t id,
                                           const char *from, const char *to,
                                           int64_t now, struct bz_error *err);

    /* Declines every pending invitation from sender_id to recipient_id at
     * now (a block's step). */
    enum bz_status (*invitation_decline_from)(struct bz_store *store,
                                              int64_t recipient_id,
                                              int64_t sender_id, int64_t now,
                                              struct bz_error *err);

    /* A new message of invitation_id by author_id; *id is its id. */
    enum bz_status (*message_insert)(struct bz_store *store,
                                     int64_t invitation_id, int64_t author_id,
                                     const char *body, int64_t now,
                                     int64_t *id, struct bz_error *err);

    /* The newest limit messages of invitation_id, oldest first. */
    enum bz_status (*message_list)(struct bz_store *store,
                                   struct bz_arena *arena,
                                   int64_t invitation_id, int limit,
                                   struct bz_message **out, size_t *count,
                                   struct bz_error *err);

    /* Records that account_id has read invitation_id's messages up to
     * message_id (never moving back). */
    enum bz_status (*conversation_mark_read)(struct bz_store *store,
                                             int64_t invitation_id,
                                             int64_t account_id,
                                             int64_t message_id,
                                             struct bz_error *err);

    /* The messages of others in account_id's conversations that it has
     * not read. */
    enum bz_status (*unread_total)(struct bz_store *store, int64_t account_id,
                                   long *count, struct bz_error *err);

    /* blocker_id blocks blocked_id from now (on), or no longer (off);
     * each is idempotent. block_exists: *blocked is 1 when blocker_id
     * blocks blocked_id. block_list: whom blocker_id blocks, newest
     * first. */
    enum bz_status (*block_set)(struct bz_store *store, int64_t blocker_id,
                                int64_t blocked_id, int on, int64_t now,
                                struct bz_error *err);
    enum bz_status (*block_exists)(struct bz_store *store, int64_t blocker_id,
                                   int64_t blocked_id, int *blocked,
                                   struct bz_error *err);
    enum bz_status (*block_list)(struct bz_store *store,
                                 struct bz_arena *arena, int64_t blocker_id,
                                 struct bz_block **out, size_t *count,
                                 struct bz_error *err);

    /* A new report of invitation_id by reporter_id; *id is its id.
     * report_list: the newest limit reports. */
    enum bz_status (*report_insert)(struct bz_store *store,
                                    int64_t invitation_id,
                                    int64_t reporter_id, const char *reason,
                                    int64_t now, int64_t *id,
                                    struct bz_error *err);
    enum bz_status (*report_list)(struct bz_store *store,
                                  struct bz_arena *arena, int limit,
                                  struct bz_abuse_report **out,
                                  size_t *count, struct bz_error *err);

    /* --- what accounts say about works (store_sql_reactions.c) ---
     * Rows only: the rules are reaction.h's. Each runs in the open
     * transaction, else in one of its own. BZ_NOT_FOUND for an unknown
     * work; a collection, review or report that is not there, or (for a
     * collection) not the account's, is BZ_NOT_FOUND too. */

    /* The counts of work_id, and account_id's reaction (0: nobody). */
    enum bz_status (*work_signals)(struct bz_store *store,
                                   struct bz_arena *arena, int64_t work_id,
                                   int64_t account_id,
                                   struct bz_work_signals *out,
                                   struct bz_error *err);

    /* Sets account_id's reaction to work_id: kind "like" or "dislike",
     * replacing the one it had, or NULL to have none. */
    enum bz_status (*work_react)(struct bz_store *store, int64_t work_id,
                                 int64_t account_id, const char *kind,
                                 int64_t now, struct bz_error *err);

    /* A new collection of account_id called name, *id; BZ_CONFLICT when
     * the account has one of that name. */
    enum bz_status (*collection_create)(struct bz_store *store,
                                        int64_t account_id, const char *name,
                                        int64_t now, int64_t *id,
                                        struct bz_error *err);
    /* Renames account_id's collection id; BZ_CONFLICT as above. */
    enum bz_status (*collection_rename)(struct bz_store *store,
                                        int64_t account_id, int64_t id,
                                        const char *name,
                                        struct bz_error *err);
    /* Deletes account_id's collection id and its items (not the works). */
    enum bz_status (*collection_delete)(struct bz_store *store,
                                        int64_t account_id, int64_t id,
                                        struct bz_error *err);
    /* account_id's collections by name, holds_work set for work_id (0:
     * none asked about). */
    enum bz_status (*collection_list)(struct bz_store *store,
                                      struct bz_arena *arena,
                                      int64_t account_id, int64_t work_id,
                                      struct bz_collection **out,
                                      size_t *count, struct bz_error *err);
    /* account_id's collection id, and its works, last saved first. */
    enum bz_status (*collection_get)(struct bz_store *store,
                                     struct bz_arena *arena,
                                     int64_t account_id, int64_t id,
                                     struct bz_collection *out,
                                     struct bz_work_ref **works,
                                     size_t *work_count,
                                     struct bz_error *err);
    /* Puts work_id in account_id's collection id (in 1; once only) or
     * takes it out (in 0). */
    enum bz_status (*collection_item_set)(struct bz_store *store,
                                          int64_t account_id, int64_t id,
                                          int64_t work_id, int in,
                                          int64_t now, struct bz_error *err);

    /* A new review from *review (its id, names, times and hidden_at are
     * ignored; created at now), *id; BZ_CONFLICT when the account has
     * reviewed the work already. */
    enum bz_status (*review_insert)(struct bz_store *store,
                                    const struct bz_review *review,
                                    int64_t now, int64_t *id,
                                    struct bz_error *err);
    /* Writes review->summary, ratings and comments to review review->id,
     * updated at now. */
    enum bz_status (*review_update)(struct bz_store *store,
                                    const struct bz_review *review,
                                    int64_t now, struct bz_error *err);
    enum bz_status (*review_get)(struct bz_store *store,
                                 struct bz_arena *arena, int64_t id,
                                 struct bz_review *out, struct bz_error *err);
    /* The reviews of work_id that are shown, oldest first. */
    enum bz_status (*review_list)(struct bz_store *store,
                                  struct bz_arena *arena, int64_t work_id,
                                  struct bz_review **out, size_t *count,
                                  struct bz_error *err);
    /* An open report of review_id by account_id, *id; BZ_CONFLICT when
     * the account has one open on it already. */
    enum bz_status (*review_report_insert)(struct bz_store *store,
                                           int64_t review_id,
                                           int64_t account_id,
                                           const char *reason, int64_t now,
                                           int64_t *id, struct bz_error *err);
    /* The reports in state, oldest first, at most limit. */
    enum bz_status (*review_report_list)(struct bz_store *store,
                                         struct bz_arena *arena,
                                         const char *state, int limit,
                                         struct bz_review_report **out,
                                         size_t *count, struct bz_error *err);
    /* Decides report id by moderator. Of an open report: BZ_REVIEW_HIDE
     * hides its review and closes every open report of it as "hidden",
     * BZ_REVIEW_DISMISS dismisses this one; BZ_CONFLICT when it is decided
     * already. Of a "hidden" one, BZ_REVIEW_RESTORE shows its review again
     * and dismisses every report that hid it; BZ_CONFLICT for a report in
     * another state. */
    enum bz_status (*review_report_decide)(struct bz_store *store, int64_t id,
                                           enum bz_review_decision decision,
                                           int64_t moderator, int64_t now,
                                           struct bz_error *err);

    /* A new link from *link (its id and names ignored; created at
     * link->created_at), *id; BZ_CONFLICT when the work has that address
     * already. */
    enum bz_status (*work_link_insert)(struct bz_store *store,
                                       const struct bz_work_link *link,
                                       int64_t *id, struct bz_error *err);
    /* work_id's links, code first, then by id. */
    enum bz_status (*work_link_list)(struct bz_store *store,
                                     struct bz_arena *arena, int64_t work_id,
                                     struct bz_work_link **out, size_t *count,
                                     struct bz_error *err);
    /* Removes link id of work_id. */
    enum bz_status (*work_link_delete)(struct bz_store *store,
                                       int64_t work_id, int64_t id,
                                       struct bz_error *err);

    /* What account_id said, for its export: its reactions by work, and
     * its reviews (hidden ones too) by id. */
    enum bz_status (*account_reactions)(struct bz_store *store,
                                        struct bz_arena *arena,
                                        int64_t account_id,
                                        struct bz_work_reaction **out,
                                        size_t *count, struct bz_error *err);
    enum bz_status (*account_reviews)(struct bz_store *store,
                                      struct bz_arena *arena,
                                      int64_t account_id,
                                      struct bz_review **out, size_t *count,
                                      struct bz_error *err);

    /* The records account_id follows that are not hidden, by id, those
     * with id > after, at most limit; *more is set when more follow. Each
     * has its id, display_name, slug, claim_level, has_source_id and
     * work_count. */
    enum bz_status (*account_following)(struct bz_store *store,
                                        struct bz_arena *arena,
                                        int64_t account_id, int64_t after,
                                        int limit, struct bz_researcher **out,
                                        size_t *count, int *more,
                                        struct bz_error *err);

    /* The works of the records account_id follows (records not hidden,
     * works their owner did not hide; each work once), newest first:
     * those with after < id < before (before 0: no upper bound), at most
     * limit; *more is set when more follow. */
    enum bz_status (*account_feed)(struct bz_store *store,
                                   struct bz_arena *arena,
                                   int64_t account_id, int64_t before,
                                   int64_t after, int limit,
                                   struct bz_feed_entry **out, size_t *count,
                                   int *more, struct bz_error *err);

    /* As account_feed, for the works of researcher id alone. */
    enum bz_status (*researcher_feed)(struct bz_store *store,
                                      struct bz_arena *arena, int64_t id,
                                      int64_t before, int64_t after,
                                      int limit, struct bz_feed_entry **out,
                                      size_t *count, int *more,
                                      struct bz_error *err);

    /* The weekly digest of account_id's feed: digest_set turns it on (its
     * first covers the works that come after now) or off; digest_get says
     * whether it is on. */
    enum bz_status (*digest_set)(struct bz_store *store, int64_t account_id,
                                 int on, int64_t now, struct bz_error *err);
    enum bz_status (*digest_get)(struct bz_store *store, int64_t account_id,
                                 int *on, struct bz_error *err);

    /* Accounts with a confirmed address and the digest on whose last one
     * was made at due or before, by id, those with id > after, at most
     * limit. */
    enum bz_status (*digest_due)(struct bz_store *store,
                                 struct bz_arena *arena, int64_t due,
                                 int64_t after, int limit,
                                 struct bz_digest_account **out,
                                 size_t *count, struct bz_error *err);

    /* Records a digest of a->account_id made at now up to work_id, only if
     * its last one is still the one a says (a->sent_at and a->work_id):
     * *claimed is 1 then, 0 when another sender made one meanwhile. */
    enum bz_status (*digest_claim)(struct bz_store *store,
                                   const struct bz_digest_account *a,
                                   int64_t now, int64_t work_id,
                                   int *claimed, struct bz_error *err);
};

#define BZ_OUTBOX_ATTEMPTS 8

struct bz_store {
    const struct bz_store_ops *ops;
};

/* Opens the store a URL names: "postgresql://..." (PostgreSQL),
 * "sqlite:PATH", "sqlite://PATH" or a plain path (SQLite), or "null:"
 * (keeps nothing: store_null.h). Creates the
 * database when missing and applies the migrations it lacks. *out is the
 * caller's, closed with bz_store_close. */
enum bz_status bz_store_open(const char *url, struct bz_store **out,
                             struct bz_error *err);

/* url with any password in it replaced by "***", in buf (truncated to
 * size): for logs and messages. Returns buf. sql.c. */
const char *bz_store_url_redacted(const char *url, char *buf, size_t size);

/* Closes and frees; NULL is fine. */
void bz_store_close(struct bz_store *store);

/* For a process that mostly reads (the server, the graph benchmark):
 * SQLite stores opened after this call read through a memory map of up
 * to bytes, which saves copying each page from the kernel (a third of a
 * slice's time on a database larger than the page cache). Mapped pages
 * count in the process's resident size, so an import leaves it off.
 * PostgreSQL ignores it. store.c. */
void bz_store_map_reads(int64_t bytes);

/* Ends the open transaction: commits it when status is BZ_OK, else (or
 * when the commit fails) rolls it back. Returns the outcome: status, or
 * the commit's failure in err. */
enum bz_status bz_store_finish(struct bz_store *store, enum bz_status status,
                               struct bz_error *err);

#endif
