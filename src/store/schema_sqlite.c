/* schema_sqlite.c - the SQLite schema, as numbered migrations.
 *
 * Migration N is bz_schema_sqlite[N - 1]; a migration once
 * shipped is never edited, only followed by a new one. The SQL stays close
 * to what PostgreSQL accepts: dropping STRICT and writing AUTOINCREMENT
 * keys as identity columns is most of the translation. Ids that the public
 * sees (R, W, T and I numbers) are AUTOINCREMENT so that none is ever given
 * twice, even after a delete.
 */
#include "store/sql.h"

static const char schema_sqlite_v1[] =
    "CREATE TABLE researcher (\n"
    "    id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
    "    display_name TEXT NOT NULL,\n"
    "    name_key TEXT NOT NULL,\n"
    "    slug TEXT NOT NULL,\n"
    "    summary TEXT,\n"
    "    open_to_collaborate INTEGER NOT NULL DEFAULT 1,\n"
    "    claim_level INTEGER NOT NULL DEFAULT 0,\n"
    "    merged_into INTEGER REFERENCES researcher(id),\n"
    "    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP\n"
    ") STRICT;\n"
    "CREATE INDEX researcher_merged_into ON researcher(merged_into);\n"

    "CREATE TABLE researcher_id (\n"
    "    scheme TEXT NOT NULL,\n"
    "    value TEXT NOT NULL,\n"
    "    researcher_id INTEGER NOT NULL REFERENCES researcher(id),\n"
    "    source TEXT NOT NULL,\n"
    "    PRIMARY KEY (scheme, value)\n"
    ") STRICT;\n"
    "CREATE INDEX researcher_id_researcher ON researcher_id(researcher_id);\n"

    "CREATE TABLE work (\n"
    "    id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
    "    title TEXT NOT NULL,\n"
    "    slug TEXT NOT NULL,\n"
    "    abstract TEXT,\n"
    "    publication_year INTEGER,\n" /* NULL when unknown */
    "    type TEXT,\n"
    "    venue TEXT,\n"
    "    open_access INTEGER,\n" /* 1, 0, or NULL when unknown */
    "    landing_url TEXT,\n"
    "    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP\n"
    ") STRICT;\n"

    "CREATE TABLE work_id (\n"
    "    scheme TEXT NOT NULL,\n"
    "    value TEXT NOT NULL,\n"
    "    work_id INTEGER NOT NULL REFERENCES work(id),\n"
    "    source TEXT NOT NULL,\n"
    "    PRIMARY KEY (scheme, value)\n"
    ") STRICT;\n"
    "CREATE INDEX work_id_work ON work_id(work_id);\n"

    "CREATE TABLE authorship (\n"
    "    work_id INTEGER NOT NULL REFERENCES work(id),\n"
    "    position INTEGER NOT NULL,\n"
    "    researcher_id INTEGER REFERENCES researcher(id),\n"
    "    raw_name TEXT NOT NULL,\n"
    "    PRIMARY KEY (work_id, position)\n"
    ") STRICT;\n"
    "CREATE INDEX authorship_researcher ON authorship(researcher_id);\n"

    "CREATE TABLE topic (\n"
    "    id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
    "    scheme TEXT NOT NULL,\n"
    "    external_id TEXT NOT NULL,\n"
    "    display_name TEXT NOT NULL,\n"
    "    level TEXT,\n"
    "    parent_id INTEGER REFERENCES topic(id),\n"
    "    UNIQUE (scheme, external_id)\n"
    ") STRICT;\n"
    "CREATE INDEX topic_parent ON topic(parent_id);\n"

    "CREATE TABLE work_topic (\n"
    "    work_id INTEGER NOT NULL REFERENCES work(id),\n"
    "    topic_id INTEGER NOT NULL REFERENCES topic(id),\n"
    "    score REAL,\n"
    "    source TEXT NOT NULL,\n"
    "    PRIMARY KEY (work_id, topic_id)\n"
    ") STRICT;\n"
    "CREATE INDEX work_topic_topic ON work_topic(topic_id);\n"

    "CREATE TABLE institution (\n"
    "    id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
    "    display_name TEXT NOT NULL,\n"
    "    country_code TEXT,\n"
    "    homepage TEXT,\n"
    "    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP\n"
    ") STRICT;\n"
    "CREATE INDEX institution_name ON institution(display_name);\n"

    "CREATE TABLE institution_id (\n"
    "    scheme TEXT NOT NULL,\n"
    "    value TEXT NOT NULL,\n"
    "    institution_id INTEGER NOT NULL REFERENCES institution(id),\n"
    "    source TEXT NOT NULL,\n"
    "    PRIMARY KEY (scheme, value)\n"
    ") STRICT;\n"
    "CREATE INDEX institution_id_institution "
    "ON institution_id(institution_id);\n"

    "CREATE TABLE authorship_institution (\n"
    "    work_id INTEGER NOT NULL,\n"
    "    position INTEGER NOT NULL,\n"
    "    institution_id INTEGER NOT NULL REFERENCES institution(id),\n"
    "    ordinal INTEGER NOT NULL,\n" /* 1-based, as the source lists them */
    "    PRIMARY KEY (work_id, position, institution_id),\n"
    "    FOREIGN KEY (work_id, position)\n"
    "        REFERENCES authorship(work_id, position)\n"
    ") STRICT;\n"
    "CREATE INDEX authorship_institution_institution\n"
    "    ON authorship_institution(institution_id);\n"

    "CREATE TABLE affiliation (\n"
    "    researcher_id INTEGER NOT NULL REFERENCES researcher(id),\n"
    "    institution_id INTEGER NOT NULL REFERENCES institution(id),\n"
    "    source TEXT NOT NULL,\n"
    "    first_year INTEGER,\n"
    "    last_year INTEGER,\n"
    "    PRIMARY KEY (researcher_id, institution_id, source)\n"
    ") STRICT;\n"
    "CREATE INDEX affiliation_institution ON affiliation(institution_id);\n"

    "CREATE TABLE account (\n"
    "    id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
    "    email TEXT UNIQUE,\n"
    "    email_verified INTEGER NOT NULL DEFAULT 0,\n"
    "    owns_researcher_id INTEGER REFERENCES researcher(id),\n"
    "    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP\n"
    ") STRICT;\n"
    "CREATE INDEX account_owns ON account(owns_researcher_id);\n"

    "CREATE TABLE follow (\n"
    "    account_id INTEGER NOT NULL REFERENCES account(id),\n"
    "    researcher_id INTEGER NOT NULL REFERENCES researcher(id),\n"
    "    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,\n"
    "    PRIMARY KEY (account_id, researcher_id)\n"
    ") STRICT;\n"
    "CREATE INDEX follow_researcher ON follow(researcher_id);\n"

    "CREATE TABLE provenance (\n"
    "    entity TEXT NOT NULL CHECK (entity IN\n"
    "        ('work', 'researcher', 'topic', 'institution')),\n"
    "    entity_id INTEGER NOT NULL,\n"
    "    field TEXT NOT NULL,\n"
    "    source TEXT NOT NULL,\n"
    "    source_record TEXT,\n"
    "    PRIMARY KEY (entity, entity_id, field, source)\n"
    ") STRICT;\n";

/* Migration 2: matching a work by its title, a work's versions, the names
 * and current affiliation of people from people sources, venues, and the
 * aliases of ids that a source merged away. title_key and first_author_key
 * of the works migration 1 stored are filled in C after this runs (see
 * store_sql.c): folding needs text.h.
 *
 * provenance is rebuilt: migration 1's CHECK (entity IN (four names)) made
 * SQLite build a temporary b-tree for the list on every insert, a fifth of
 * an import's time. Comparisons cost nothing; the rows are kept in their
 * key's order (WITHOUT ROWID: PostgreSQL drops the clause), and a venue
 * may now have provenance too. A CHECK on a list of names is written as
 * comparisons from here on. */
static const char schema_sqlite_v2[] =
    "ALTER TABLE work ADD COLUMN title_key TEXT;\n"        /* folded words */
    "ALTER TABLE work ADD COLUMN first_author_key TEXT;\n" /* a surname */
    "CREATE INDEX work_title\n"
    "    ON work(title_key, first_author_key, publication_year);\n"

    "CREATE TABLE work_version (\n"
    "    work_id INTEGER NOT NULL REFERENCES work(id),\n"
    "    source TEXT NOT NULL,\n"
    "    source_record TEXT NOT NULL,\n" /* '' when the source gave none */
    "    type TEXT,\n"
    "    venue TEXT,\n"
    "    publication_year INTEGER,\n"
    "    doi TEXT,\n"
    "    arxiv TEXT,\n"
    "    landing_url TEXT,\n"
    "    UNIQUE (work_id, source, source_record)\n"
    ") STRICT;\n"

    "CREATE TABLE researcher_name (\n"
    "    researcher_id INTEGER NOT NULL REFERENCES researcher(id),\n"
    "    name TEXT NOT NULL,\n"
    "    name_key TEXT NOT NULL,\n"
    "    source TEXT NOT NULL,\n"
    "    PRIMARY KEY (researcher_id, name)\n"
    ") STRICT;\n"

    /* 1 on the affiliation a people source gives as the current one */
    "ALTER TABLE affiliation ADD COLUMN current INTEGER NOT NULL DEFAULT 0;\n"

    "CREATE TABLE venue (\n"
    "    id INTEGER PRIMARY KEY,\n"
    "    display_name TEXT NOT NULL,\n"
    "    type TEXT,\n"
    "    publisher TEXT,\n"
    "    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP\n"
    ") STRICT;\n"
    "CREATE INDEX venue_name ON venue(display_name);\n"

    "CREATE TABLE venue_id (\n"
    "    scheme TEXT NOT NULL,\n"
    "    value TEXT NOT NULL,\n"
    "    venue_id INTEGER NOT NULL REFERENCES venue(id),\n"
    "    source TEXT NOT NULL,\n"
    "    PRIMARY KEY (scheme, value)\n"
    ") STRICT;\n"
    "CREATE INDEX venue_id_venue ON venue_id(venue_id);\n"

    "CREATE TABLE provenance_v2 (\n"
    "    entity TEXT NOT NULL CHECK (entity = 'work' OR\n"
    "        entity = 'researcher' OR entity = 'topic' OR\n"
    "        entity = 'institution' OR entity = 'venue'),\n"
    "    entity_id INTEGER NOT NULL,\n"
    "    field TEXT NOT NULL,\n"
    "    source TEXT NOT NULL,\n"
    "    source_record TEXT,\n"
    "    PRIMARY KEY (entity, entity_id, field, source)\n"
    ") STRICT, WITHOUT ROWID;\n"
    "INSERT INTO provenance_v2 (entity, entity_id, field, source,\n"
    "    source_record)\n"
    "    SELECT entity, entity_id, field, source, source_record\n"
    "    FROM provenance;\n"
    "DROP TABLE provenance;\n"
    "ALTER TABLE provenance_v2 RENAME TO provenance;\n"

    "CREATE TABLE id_alias (\n"
    "    kind TEXT NOT NULL CHECK (kind = 'W' OR kind = 'R' OR kind = 'I'\n"
    "        OR kind = 'T'),\n"
    "    scheme TEXT NOT NULL,\n"
    "    old_value TEXT NOT NULL,\n"
    "    new_value TEXT NOT NULL,\n"
    "    PRIMARY KEY (kind, scheme, old_value)\n"
    ") STRICT;\n";

/* Migration 3: citations. Each source's count of citing works is kept
 * (the highest is shown, with its source); a citation edge names the cited
 * work by one of its ids, and is joined to work_id when read, so that an
 * edge finds its work whichever of the two was imported first, and an
 * import writes one row and one index entry per reference. */
static const char schema_sqlite_v3[] =
    "CREATE TABLE work_citation_count (\n"
    "    work_id INTEGER NOT NULL REFERENCES work(id),\n"
    "    source TEXT NOT NULL,\n"
    "    count INTEGER NOT NULL,\n"
    "    PRIMARY KEY (work_id, source)\n"
    ") STRICT, WITHOUT ROWID;\n"

    "CREATE TABLE citation (\n"
    "    citing_work_id INTEGER NOT NULL REFERENCES work(id),\n"
    "    cited_scheme TEXT NOT NULL,\n"
    "    cited_value TEXT NOT NULL,\n"
    "    source TEXT NOT NULL,\n"
    "    PRIMARY KEY (citing_work_id, cited_scheme, cited_value)\n"
    ") STRICT, WITHOUT ROWID;\n"
    "CREATE INDEX citation_cited_id ON citation(cited_scheme, cited_value);\n";

/* Migration 4: the audit log of changes made to records by hand (merges,
 * splits; later claims and moderation). */
static const char schema_sqlite_v4[] =
    "CREATE TABLE audit_log (\n"
    "    id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
    "    at TEXT NOT NULL,\n" /* UTC, ISO 8601 */
    "    actor TEXT NOT NULL,\n"
    "    action TEXT NOT NULL,\n"
    "    subject TEXT NOT NULL,\n"
    "    detail TEXT,\n"
    "    reason TEXT\n"
    ") STRICT;\n"
    "CREATE INDEX audit_log_subject ON audit_log(subject);\n";

/* Migration 5: accounts that can log in (a password, a role, an address
 * changing), their sessions and API tokens (each stored as the hash of
 * the token, never the token), log-in throttling counters shared by every
 * server, instance settings (the signing secret every server shares), and
 * claims of researcher records. Times are Unix seconds. */
static const char schema_sqlite_v5[] =
    "ALTER TABLE account ADD COLUMN password_hash TEXT;\n"
    "ALTER TABLE account ADD COLUMN role TEXT NOT NULL DEFAULT 'user'\n"
    "    CHECK (role = 'user' OR role = 'moderator' OR role = 'admin');\n"
    "ALTER TABLE account ADD COLUMN pending_email TEXT;\n"

    "CREATE TABLE session (\n"
    "    token_hash TEXT PRIMARY KEY,\n"
    "    account_id INTEGER NOT NULL REFERENCES account(id),\n"
    "    created_at INTEGER NOT NULL,\n"
    "    expires_at INTEGER NOT NULL\n"
    ") STRICT;\n"
    "CREATE INDEX session_account ON session(account_id);\n"

    "CREATE TABLE api_token (\n"
    "    id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
    "    account_id INTEGER NOT NULL REFERENCES account(id),\n"
    "    name TEXT NOT NULL,\n"
    "    token_hash TEXT NOT NULL UNIQUE,\n"
    "    created_at INTEGER NOT NULL,\n"
    "    last_used_at INTEGER,\n"
    "    revoked_at INTEGER\n"
    ") STRICT;\n"
    "CREATE INDEX api_token_account ON api_token(account_id);\n"

    "CREATE TABLE throttle (\n"
    "    key TEXT PRIMARY KEY,\n"
    "    window_start INTEGER NOT NULL,\n"
    "    count INTEGER NOT NULL\n"
    ") STRICT;\n"

    "CREATE TABLE setting (\n"
    "    name TEXT PRIMARY KEY,\n"
    "    value TEXT NOT NULL\n"
    ") STRICT;\n"

    "CREATE TABLE claim (\n"
    "    id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
    "    researcher_id INTEGER NOT NULL REFERENCES researcher(id),\n"
    "    account_id INTEGER REFERENCES account(id),\n" /* NULL: deleted */
    "    evidence TEXT NOT NULL CHECK (evidence = 'orcid' OR\n"
    "        evidence = 'metadata_email' OR evidence = 'domain_email' OR\n"
    "        evidence = 'documents'),\n"
    "    evidence_detail TEXT,\n" /* the ORCID iD or address used */
    "    note TEXT,\n"
    "    state TEXT NOT NULL CHECK (state = 'pending' OR\n"
    "        state = 'approved' OR state = 'rejected' OR\n"
    "        state = 'withdrawn' OR state = 'disputed'),\n"
    "    level INTEGER,\n" /* 2 or 3 once approved */
    "    reason TEXT,\n"
    "    created_at INTEGER NOT NULL,\n"
    "    decided_at INTEGER,\n"
    "    decided_by INTEGER REFERENCES account(id)\n"
    ") STRICT;\n"
    "CREATE INDEX claim_researcher ON claim(researcher_id);\n"
    "CREATE INDEX claim_account ON claim(account_id);\n";

/* Migration 6: the outbox of mail to send. A request that must mail
 * someone (a sign-up's link) writes the message here in its own
 * transaction and returns; a sender thread of any server claims it, sends
 * it and marks it sent, so that no event loop waits on a mail server and
 * no message is lost to a crash between the two. */
static const char schema_sqlite_v6[] =
    "CREATE TABLE mail_outbox (\n"
    "    id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
    "    recipient TEXT NOT NULL,\n"
    "    subject TEXT NOT NULL,\n"
    "    body TEXT NOT NULL,\n"
    "    created_at INTEGER NOT NULL,\n"
    "    claimed_until INTEGER NOT NULL DEFAULT 0,\n"
    "    attempts INTEGER NOT NULL DEFAULT 0,\n"
    "    sent_at INTEGER,\n"
    "    last_error TEXT\n"
    ") STRICT;\n"
    "CREATE INDEX mail_outbox_unsent\n"
    "    ON mail_outbox(sent_at, claimed_until);\n";

/* Migration 7: claims by the claimant's statement alone, and the email
 * addresses that sources give for a person (an ORCID record's public
 * emails), so that a claim by such an address can be checked.
 *
 * migration 5's claim table is rebuilt (SQLite cannot change a CHECK) with
 * 'statement' among the kinds of evidence. Two partial unique indexes keep
 * the rules of claiming true whatever two servers do at once: an account
 * has at most one claim open or in force (pending, approved, disputed), so
 * that it never owns two records, and a record at most one approved
 * claim. */
static const char schema_sqlite_v7[] =
    "CREATE TABLE claim_v7 (\n"
    "    id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
    "    researcher_id INTEGER NOT NULL REFERENCES researcher(id),\n"
    "    account_id INTEGER REFERENCES account(id),\n" /* NULL: deleted */
    "    evidence TEXT NOT NULL CHECK (evidence = 'orcid' OR\n"
    "        evidence = 'metadata_email' OR evidence = 'domain_email' OR\n"
    "        evidence = 'documents' OR evidence = 'statement'),\n"
    "    evidence_detail TEXT,\n" /* the ORCID iD, address or links */
    "    note TEXT,\n"
    "    state TEXT NOT NULL CHECK (state = 'pending' OR\n"
    "        state = 'approved' OR state = 'rejected' OR\n"
    "        state = 'withdrawn' OR state = 'disputed'),\n"
    "    level INTEGER,\n" /* 2 or 3 once approved */
    "    reason TEXT,\n"
    "    created_at INTEGER NOT NULL,\n"
    "    decided_at INTEGER,\n"
    "    decided_by INTEGER REFERENCES account(id)\n"
    ") STRICT;\n"
    "INSERT INTO claim_v7 (id, researcher_id, account_id, evidence,\n"
    "    evidence_detail, note, state, level, reason, created_at,\n"
    "    decided_at, decided_by)\n"
    "    SELECT id, researcher_id, account_id, evidence, evidence_detail,\n"
    "    note, state, level, reason, created_at, decided_at, decided_by\n"
    "    FROM claim;\n"
    "DROP TABLE claim;\n"
    "ALTER TABLE claim_v7 RENAME TO claim;\n"
    "CREATE INDEX claim_researcher ON claim(researcher_id);\n"
    "CREATE INDEX claim_account ON claim(account_id);\n"
    "CREATE INDEX claim_state ON claim(state);\n"
    "CREATE UNIQUE INDEX claim_open_per_account ON claim(account_id)\n"
    "    WHERE state = 'pending' OR state = 'approved' OR\n"
    "    state = 'disputed';\n"
    "CREATE UNIQUE INDEX claim_approved_per_record ON claim(researcher_id)\n"
    "    WHERE state = 'approved';\n"

    "CREATE TABLE researcher_email (\n"
    "    researcher_id INTEGER NOT NULL REFERENCES researcher(id),\n"
    "    email TEXT NOT NULL,\n" /* lower-case */
    "    source TEXT NOT NULL,\n"
    "    PRIMARY KEY (researcher_id, email)\n"
    ") STRICT;\n"
    "CREATE INDEX researcher_email_email ON researcher_email(email);\n";

/* Migration 8: what the owner of a claimed record edits, and opt-outs.
 * An owner's affiliation is kept apart from the imported ones (it earns
 * no points); a former name may be hidden from the page and from search;
 * a work may be hidden from the record or featured first; the person
 * behind an unclaimed record may ask for it to be hidden (hidden_at, Unix
 * seconds, set once a moderator approves). */
static const char schema_sqlite_v8[] =
    "ALTER TABLE researcher ADD COLUMN self_affiliation TEXT;\n"
    "ALTER TABLE researcher ADD COLUMN hidden_at INTEGER;\n"
    "ALTER TABLE researcher_name ADD COLUMN hidden INTEGER NOT NULL\n"
    "    DEFAULT 0;\n"

    "CREATE TABLE researcher_work_flag (\n"
    "    researcher_id INTEGER NOT NULL REFERENCES researcher(id),\n"
    "    work_id INTEGER NOT NULL REFERENCES work(id),\n"
    "    hidden INTEGER NOT NULL DEFAULT 0,\n"
    "    featured INTEGER NOT NULL DEFAULT 0,\n"
    "    PRIMARY KEY (researcher_id, work_id)\n"
    ") STRICT;\n"

    "CREATE TABLE opt_out (\n"
    "    id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
    "    researcher_id INTEGER NOT NULL REFERENCES researcher(id),\n"
    "    account_id INTEGER REFERENCES account(id),\n" /* NULL: deleted */
    "    note TEXT,\n"
    "    state TEXT NOT NULL CHECK (state = 'pending' OR\n"
    "        state = 'approved' OR state = 'rejected' OR\n"
    "        state = 'restored'),\n"
    "    reason TEXT,\n"
    "    created_at INTEGER NOT NULL,\n"
    "    decided_at INTEGER,\n"
    "    decided_by INTEGER REFERENCES account(id)\n"
    ") STRICT;\n"
    "CREATE INDEX opt_out_state ON opt_out(state);\n"
    "CREATE UNIQUE INDEX opt_out_pending_per_record\n"
    "    ON opt_out(researcher_id, account_id) WHERE state = 'pending';\n";

/* Migration 9: direct collaboration. An invitation goes from an account
 * to the owner of a claimed record (recipient_id, the owner when it was
 * sent); once accepted it is the conversation of the two, whose messages
 * keep its id. conversation_read is how far each party has read; an
 * account_block stops the blocked account's invitations and messages to
 * the blocker; an abuse_report opens a conversation to moderators. A
 * deleted account leaves its invitations and messages to the other party,
 * without it (NULL). One pending invitation per sender and recipient. */
static const char schema_sqlite_v9[] =
    "CREATE TABLE invitation (\n"
    "    id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
    "    sender_id INTEGER REFERENCES account(id),\n" /* NULL: deleted */
    "    recipient_id INTEGER REFERENCES account(id),\n"
    "    researcher_id INTEGER NOT NULL REFERENCES researcher(id),\n"
    "    topic_id INTEGER REFERENCES topic(id),\n"
    "    subject TEXT NOT NULL,\n"
    "    message TEXT NOT NULL,\n"
    "    state TEXT NOT NULL CHECK (state = 'pending' OR\n"
    "        state = 'accepted' OR state = 'declined' OR\n"
    "        state = 'withdrawn'),\n"
    "    created_at INTEGER NOT NULL,\n"
    "    decided_at INTEGER\n"
    ") STRICT;\n"
    "CREATE INDEX invitation_sender ON invitation(sender_id, created_at);\n"
    "CREATE INDEX invitation_recipient ON invitation(recipient_id);\n"
    "CREATE UNIQUE INDEX invitation_pending_per_pair\n"
    "    ON invitation(sender_id, recipient_id) WHERE state = 'pending';\n"

    "CREATE TABLE conversation_message (\n"
    "    id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
    "    invitation_id INTEGER NOT NULL REFERENCES invitation(id),\n"
    "    author_id INTEGER REFERENCES account(id),\n" /* NULL: deleted */
    "    body TEXT NOT NULL,\n"
    "    created_at INTEGER NOT NULL\n"
    ") STRICT;\n"
    "CREATE INDEX conversation_message_invitation\n"
    "    ON conversation_message(invitation_id, id);\n"

    "CREATE TABLE conversation_read (\n"
    "    invitation_id INTEGER NOT NULL REFERENCES invitation(id),\n"
    "    account_id INTEGER NOT NULL REFERENCES account(id),\n"
    "    last_read_id INTEGER NOT NULL,\n" /* a conversation_message id */
    "    PRIMARY KEY (invitation_id, account_id)\n"
    ") STRICT;\n"

    "CREATE TABLE account_block (\n"
    "    blocker_id INTEGER NOT NULL REFERENCES account(id),\n"
    "    blocked_id INTEGER NOT NULL REFERENCES account(id),\n"
    "    created_at INTEGER NOT NULL,\n"
    "    PRIMARY KEY (blocker_id, blocked_id)\n"
    ") STRICT;\n"

    "CREATE TABLE abuse_report (\n"
    "    id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
    "    invitation_id INTEGER NOT NULL REFERENCES invitation(id),\n"
    "    reporter_id INTEGER REFERENCES account(id),\n" /* NULL: deleted */
    "    reason TEXT NOT NULL,\n"
    "    created_at INTEGER NOT NULL\n"
    ") STRICT;\n"
    "CREATE INDEX abuse_report_invitation ON abuse_report(invitation_id);\n";

/* Migration 10: name resolution (src/identity/pass.c). block_key is the
 * resolver's block of the record's display name ("s ganguli", '' when the
 * name does not parse), filled in C for the records stored before;
 * identity_state is 0 until the pass has looked at the record's block,
 * 1 after, and 2 for a record a person split off: the pass never merges
 * it. */
static const char schema_sqlite_v10[] =
    "ALTER TABLE researcher ADD COLUMN block_key TEXT;\n"
    "ALTER TABLE researcher ADD COLUMN identity_state INTEGER NOT NULL\n"
    "    DEFAULT 0;\n"
    "CREATE INDEX researcher_block_key ON researcher(block_key);\n"
    "CREATE INDEX researcher_identity_pending ON researcher(id)\n"
    "    WHERE identity_state = 0;\n";

/* Migration 11: what accounts say about works (reaction.h has the rules).
 * One reaction per account and work (like or dislike); collections, named
 * by their account, of saved works; reviews on a template (a summary,
 * soundness and significance from 1 to 5, comments), one per account and
 * work, which moderators may hide once reported; and the code and dataset
 * links the owner of an author record of a work adds. A deleted account
 * takes its reactions and collections with it; its reviews, reports and
 * links stay without it (account_id NULL). */
static const char schema_sqlite_v11[] =
    "CREATE TABLE work_reaction (\n"
    "    work_id INTEGER NOT NULL REFERENCES work(id),\n"
    "    account_id INTEGER NOT NULL REFERENCES account(id),\n"
    "    kind TEXT NOT NULL CHECK (kind = 'like' OR kind = 'dislike'),\n"
    "    created_at INTEGER NOT NULL,\n"
    "    PRIMARY KEY (work_id, account_id)\n"
    ") STRICT;\n"
    "CREATE INDEX work_reaction_account ON work_reaction(account_id);\n"

    "CREATE TABLE collection (\n"
    "    id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
    "    account_id INTEGER NOT NULL REFERENCES account(id),\n"
    "    name TEXT NOT NULL,\n"
    "    created_at INTEGER NOT NULL,\n"
    "    UNIQUE (account_id, name)\n"
    ") STRICT;\n"

    "CREATE TABLE collection_item (\n"
    "    collection_id INTEGER NOT NULL REFERENCES collection(id),\n"
    "    work_id INTEGER NOT NULL REFERENCES work(id),\n"
    "    added_at INTEGER NOT NULL,\n"
    "    PRIMARY KEY (collection_id, work_id)\n"
    ") STRICT;\n"
    "CREATE INDEX collection_item_work ON collection_item(work_id);\n"

    "CREATE TABLE review (\n"
    "    id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
    "    work_id INTEGER NOT NULL REFERENCES work(id),\n"
    "    account_id INTEGER REFERENCES account(id),\n" /* NULL: deleted */
    "    summary TEXT NOT NULL,\n"
    "    soundness INTEGER NOT NULL CHECK (soundness BETWEEN 1 AND 5),\n"
    "    significance INTEGER NOT NULL\n"
    "        CHECK (significance BETWEEN 1 AND 5),\n"
    "    comments TEXT,\n"
    "    created_at INTEGER NOT NULL,\n"
    "    updated_at INTEGER NOT NULL,\n"
    "    hidden_at INTEGER,\n" /* by a moderator */
    "    hidden_by INTEGER REFERENCES account(id)\n"
    ") STRICT;\n"
    "CREATE INDEX review_work ON review(work_id);\n"
    "CREATE UNIQUE INDEX review_per_account ON review(work_id, account_id);\n"

    "CREATE TABLE review_report (\n"
    "    id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
    "    review_id INTEGER NOT NULL REFERENCES review(id),\n"
    "    account_id INTEGER REFERENCES account(id),\n" /* NULL: deleted */
    "    reason TEXT NOT NULL,\n"
    "    state TEXT NOT NULL CHECK (state = 'open' OR state = 'hidden' OR\n"
    "        state = 'dismissed'),\n"
    "    created_at INTEGER NOT NULL,\n"
    "    decided_at INTEGER,\n"
    "    decided_by INTEGER REFERENCES account(id)\n"
    ") STRICT;\n"
    "CREATE INDEX review_report_state ON review_report(state);\n"
    "CREATE UNIQUE INDEX review_report_open_per_account\n"
    "    ON review_report(review_id, account_id) WHERE state = 'open';\n"

    "CREATE TABLE work_link (\n"
    "    id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
    "    work_id INTEGER NOT NULL REFERENCES work(id),\n"
    "    kind TEXT NOT NULL CHECK (kind = 'code' OR kind = 'dataset'),\n"
    "    url TEXT NOT NULL,\n"
    "    researcher_id INTEGER NOT NULL REFERENCES researcher(id),\n"
    "    account_id INTEGER REFERENCES account(id),\n" /* NULL: deleted */
    "    created_at INTEGER NOT NULL,\n"
    "    UNIQUE (work_id, url)\n"
    ") STRICT;\n";

/* Migration 12: feeds and digests of followed researchers. A feed lists a
 * researcher's works by W number (their order of arrival), newest first:
 * the index of authorships by researcher now holds the work too, and
 * serves every lookup the old one did. An account may ask for a weekly
 * digest of its feed: digest_sent_at is when its last one was made (Unix
 * seconds), digest_work_id the newest work it covered, so that the next
 * lists only the works that came since. */
static const char schema_sqlite_v12[] =
    "DROP INDEX authorship_researcher;\n"
    "CREATE INDEX authorship_researcher\n"
    "    ON authorship(researcher_id, work_id);\n"
    "ALTER TABLE account ADD COLUMN digest INTEGER NOT NULL DEFAULT 0;\n"
    "ALTER TABLE account ADD COLUMN digest_sent_at INTEGER NOT NULL\n"
    "    DEFAULT 0;\n"
    "ALTER TABLE account ADD COLUMN digest_work_id INTEGER NOT NULL\n"
    "    DEFAULT 0;\n";

/* Migration 13: the records an opt-out hid, in a partial index, so that
 * the graph's queries leave them out (NOT IN the handful) at no cost per
 * row. */
static const char schema_sqlite_v13[] =
    "CREATE INDEX researcher_hidden ON researcher(id)\n"
    "    WHERE hidden_at IS NOT NULL;\n";

/* Migration 14: topics assigned from title and abstract are linked
 * under their own source, "bzpeer", not the work record's. Before, they
 * took the work's; OpenAlex topics come only from OpenAlex records (under
 * "openalex") or from the classifier, so the links to an OpenAlex topic
 * under any other source are the classifier's. */
static const char schema_sqlite_v14[] =
    "UPDATE work_topic SET source = 'bzpeer'\n"
    "    WHERE source <> 'openalex' AND topic_id IN\n"
    "    (SELECT id FROM topic WHERE scheme = 'openalex');\n";

/* Migration 15: a work's references kept compactly. An import wrote one
 * row per reference, with an index entry beside it, each through a
 * statement of its own; the two b-trees cost more than the rest of an
 * import together. Now a work's references are one row, the distinct
 * (scheme, id) pairs as a JSON array of two-string arrays, read to find
 * the works it cites; citation is only the index the other way (which
 * works name an id), one b-tree, which an import fills in bulk in key
 * order between records. Its rows name a work just stored and are
 * written in batches, so they carry no foreign key (a check per row), and
 * no source: nothing read it. */
static const char schema_sqlite_v15[] =
    "CREATE TABLE work_reference (\n"
    "    work_id INTEGER PRIMARY KEY REFERENCES work(id),\n"
    "    reference_count INTEGER NOT NULL,\n"
    "    refs TEXT NOT NULL\n" /* [["openalex", "W1"], ...], sorted */
    ") STRICT;\n"
    "INSERT INTO work_reference (work_id, reference_count, refs)\n"
    "    SELECT citing_work_id, count(*),\n"
    "    json_group_array(json_array(cited_scheme, cited_value))\n"
    "    FROM (SELECT * FROM citation\n"
    "    ORDER BY citing_work_id, cited_scheme, cited_value)\n"
    "    GROUP BY citing_work_id;\n"

    "CREATE TABLE citation_v15 (\n"
    "    cited_scheme TEXT NOT NULL,\n"
    "    cited_value TEXT NOT NULL,\n"
    "    citing_work_id INTEGER NOT NULL,\n"
    "    PRIMARY KEY (cited_scheme, cited_value, citing_work_id)\n"
    ") STRICT, WITHOUT ROWID;\n"
    "INSERT INTO citation_v15 (cited_scheme, cited_value, citing_work_id)\n"
    "    SELECT cited_scheme, cited_value, citing_work_id FROM citation;\n"
    "DROP TABLE citation;\n"
    "ALTER TABLE citation_v15 RENAME TO citation;\n";

/* Migration 16: the works whose citation index rows are not all written
 * yet. An import keeps those rows in memory across its commits, to write
 * them in a few large sorted passes (store_sql.c, "references and
 * citation edges"); a run that ends before writing them leaves its works
 * here, and the next import writes their rows from work_reference. */
static const char schema_sqlite_v16[] =
    "CREATE TABLE citation_pending (\n"
    "    work_id INTEGER PRIMARY KEY REFERENCES work(id)\n"
    ") STRICT;\n";

/* Migration 17: authorship and authorship_institution without a rowid.
 * Each was a rowid table and its primary key's index, two B-trees that an
 * import fills row by row; now the key is the table, and an import of
 * 325 MB takes 3.6 % less time. The child goes first, made to name the new
 * parent, whose renaming carries that reference along. */
static const char schema_sqlite_v17[] =
    "CREATE TABLE authorship_v17 (\n"
    "    work_id INTEGER NOT NULL REFERENCES work(id),\n"
    "    position INTEGER NOT NULL,\n"
    "    researcher_id INTEGER REFERENCES researcher(id),\n"
    "    raw_name TEXT NOT NULL,\n"
    "    PRIMARY KEY (work_id, position)\n"
    ") STRICT, WITHOUT ROWID;\n"
    "INSERT INTO authorship_v17 (work_id, position, researcher_id, raw_name)\n"
    "    SELECT work_id, position, researcher_id, raw_name FROM authorship;\n"
    "CREATE TABLE authorship_institution_v17 (\n"
    "    work_id INTEGER NOT NULL,\n"
    "    position INTEGER NOT NULL,\n"
    "    institution_id INTEGER NOT NULL REFERENCES institution(id),\n"
    "    ordinal INTEGER NOT NULL,\n"
    "    PRIMARY KEY (work_id, position, institution_id),\n"
    "    FOREIGN KEY (work_id, position)\n"
    "        REFERENCES authorship_v17(work_id, position)\n"
    ") STRICT, WITHOUT ROWID;\n"
    "INSERT INTO authorship_institution_v17 (work_id, position,\n"
    "    institution_id, ordinal)\n"
    "    SELECT work_id, position, institution_id, ordinal\n"
    "    FROM authorship_institution;\n"
    "DROP TABLE authorship_institution;\n"
    "DROP TABLE authorship;\n"
    "ALTER TABLE authorship_v17 RENAME TO authorship;\n"
    "ALTER TABLE authorship_institution_v17 RENAME TO authorship_institution;\n"
    "CREATE INDEX authorship_researcher\n"
    "    ON authorship(researcher_id, work_id);\n"
    "CREATE INDEX authorship_institution_institution\n"
    "    ON authorship_institution(institution_id);\n";

const char *const bz_schema_sqlite[] = {
    schema_sqlite_v1,
    schema_sqlite_v2,
    schema_sqlite_v3,
    schema_sqlite_v4,
    schema_sqlite_v5,
    schema_sqlite_v6,
    schema_sqlite_v7,
    schema_sqlite_v8,
    schema_sqlite_v9,
    schema_sqlite_v10,
    schema_sqlite_v11,
    schema_sqlite_v12,
    schema_sqlite_v13,
    schema_sqlite_v14,
    schema_sqlite_v15,
    schema_sqlite_v16,
    schema_sqlite_v17,
};

const size_t bz_schema_sqlite_count =
    sizeof(bz_schema_sqlite) / sizeof(bz_schema_sqlite[0]);
