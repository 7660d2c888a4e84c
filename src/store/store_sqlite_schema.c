/* store_sqlite_schema.c - the SQLite schema, as numbered migrations.
 *
 * Migration N is bz_store_sqlite_migrations[N - 1]; a migration once
 * shipped is never edited, only followed by a new one. The SQL stays close
 * to what PostgreSQL accepts: dropping STRICT and writing AUTOINCREMENT
 * keys as identity columns is most of the translation. Ids that the public
 * sees (R, W, T and I numbers) are AUTOINCREMENT so that none is ever given
 * twice, even after a delete.
 */
#include "store/store_sqlite.h"

static const char store_sqlite_schema_v1[] =
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

const char *const bz_store_sqlite_migrations[] = {
    store_sqlite_schema_v1,
};

const size_t bz_store_sqlite_migration_count =
    sizeof(bz_store_sqlite_migrations) / sizeof(bz_store_sqlite_migrations[0]);
