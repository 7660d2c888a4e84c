// bzpeer migrate: a database copied into another answers exactly as the
// original does. On SQLite files (integration.migrate): SQLite to SQLite.
// With a PostgreSQL cluster (integration-pg.migrate, BZ_TEST_PG_URL_FILE):
// SQLite to PostgreSQL and back. Both: a target that is not empty is
// refused and left alone, bad URLs fail with a clear message.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import {
  BACKEND, DEMO, SOURCE_DIR, freePort, makeTempDir, run, spawnServer, testDb,
} from './server.mjs';

const DATA = path.join(SOURCE_DIR, '..', 'shared', 'data');
const SQLITE3 = '/usr/bin/sqlite3';
const onPg = BACKEND === 'postgresql';

// The demo and records from several sources: affiliations, versions of one
// work from two sources, citations, venues, topics with parents.
const FILES = [
  DEMO,
  path.join(DATA, 'openalex-api-works'),
  path.join(DATA, 'orcid-api-v3', '0000-0001-6101-5802_person.json'),
  path.join(DATA, 'openalex-api-entities', 'A5023888391.json'),
  path.join(DATA, 'bibtex-d2l', 'd2l.bib'),
  path.join(DATA, 'crossref-api'),
];

// Addresses whose answers must not change: profiles, works (with versions
// and provenance), lists, a merged record's redirect, pages.
const PATHS = [
  '/api/v1/researchers/R4',
  '/api/v1/researchers/R4/works',
  '/api/v1/researchers/R2',
  '/api/v1/researchers/orcid:0000-0001-6101-5802',
  '/api/v1/researchers/openalex:A5023888391',
  '/api/v1/researchers?q=ganguli',
  '/api/v1/researchers?per_page=200',
  '/api/v1/works/W1',
  '/api/v1/works/W5',
  '/api/v1/works/arxiv:1810.10065',
  '/api/v1/works/doi:10.3115/v1/d14-1162',
  '/api/v1/works/openalex:W2250539671',
  '/researchers/R4',
  '/works/W1',
  '/',
];

let dir;
let source; // a SQLite file with everything in FILES and one merge

test.before(async () => {
  dir = makeTempDir('bzpeer-migrate-');
  source = path.join(dir, 'source.db');
  const r = await run(['import', '--quiet', '--db', source, ...FILES], { cwd: dir, timeout: 60000 });
  assert.equal(r.code, 0, r.stderr);
  const m = await run(['merge', '--db', source, '--reason', 'migrate test', 'R1', 'R2'], { cwd: dir });
  assert.equal(m.code, 0, m.stderr);
});
test.after(() => { if (dir) fs.rmSync(dir, { recursive: true, force: true }); });

// The server's NOTICE lines that libpq passes on are the driver's
// business, not what these tests check.
const withoutNotices = (r) => ({ ...r, stderr: r.stderr.replace(/^NOTICE: .*\n/gm, '') });

async function migrate(from, to, extra = []) {
  return withoutNotices(await run(['migrate', '--from', from, '--to', to, ...extra], { cwd: dir, timeout: 60000 }));
}

/** Every export format of db, as {format: text}. */
async function exports(db) {
  const out = {};
  for (const format of ['jsonl', 'csv', 'bibtex', 'ris']) {
    const r = await run(['export', '--db', db, '--format', format], { cwd: dir });
    assert.equal(r.code, 0, `export ${format} from ${db}: ${r.stderr}`);
    out[format] = r.stdout;
  }
  assert.ok(out.jsonl.split('\n').length > 100, 'the source has many works');
  return out;
}

/** Status, Location and body of every address in PATHS, db served. */
async function answers(db) {
  const port = await freePort();
  const sdir = makeTempDir('bzpeer-migrate-serve-');
  const srv = await spawnServer({ args: ['--port', String(port), '--db', db], port, dir: sdir, keepDir: false });
  const out = {};
  try {
    for (const p of PATHS) {
      const res = await fetch(srv.base + p, { redirect: 'manual' });
      out[p] = { status: res.status, location: res.headers.get('location'), body: await res.text() };
    }
  } finally {
    await srv.stop();
  }
  assert.equal(out['/api/v1/researchers/R4'].status, 200);
  assert.equal(out['/api/v1/researchers/R2'].status, 301, 'R2 was merged into R1');
  return out;
}

function assertSame(got, want, what) {
  for (const key of Object.keys(want)) {
    assert.deepEqual(got[key], want[key], `${what}: ${key} differs`);
  }
}

/** The tables a report names, in its order. */
function reportTables(stdout) {
  const lines = stdout.trim().split('\n');
  assert.match(lines.at(-1), /^migrated \d+ rows in \d+ tables from '.*' to '.*'; every table verified$/);
  return lines.slice(0, -1).map((l) => {
    const m = /^(\w+) +(\d+) rows {2}checksum [0-9a-f]{16} {2}ok$/.exec(l);
    assert.ok(m, `report line: ${l}`);
    return m[1];
  });
}

const sqlite3 = (db, sql) => execFileSync(SQLITE3, [db, sql], { encoding: 'utf8' });

test('SQLite to SQLite: the copy exports and answers as the original', { skip: onPg && 'run by integration.migrate' }, async () => {
  const target = path.join(dir, 'copy.db');
  const r = await migrate(source, target);
  assert.equal(r.code, 0, r.stderr);
  const tables = reportTables(r.stdout);
  assert.ok(tables.includes('work') && tables.includes('affiliation'), r.stdout);

  assertSame(await exports(target), await exports(source), 'export');
  assertSame(await answers(target), await answers(source), 'answer');
});

test('the report names every table of the schema but schema_migrations', { skip: (onPg && 'run by integration.migrate') || (!fs.existsSync(SQLITE3) && `no ${SQLITE3}`) }, async () => {
  const target = path.join(dir, 'tables.db');
  const r = await migrate(source, target);
  assert.equal(r.code, 0, r.stderr);
  const schema = sqlite3(target, "SELECT name FROM sqlite_master WHERE type = 'table' " +
    "AND name NOT LIKE 'sqlite%' AND name <> 'schema_migrations' ORDER BY name").trim().split('\n');
  assert.deepEqual([...reportTables(r.stdout)].sort(), schema);
});

test('a column migrate does not know makes it refuse', { skip: (onPg && 'run by integration.migrate') || (!fs.existsSync(SQLITE3) && `no ${SQLITE3}`) }, async () => {
  // migrate.c's list of columns must follow the schema: a column it
  // lacks would silently not be copied, so it compares first.
  const odd = path.join(dir, 'odd.db');
  fs.copyFileSync(source, odd);
  sqlite3(odd, 'ALTER TABLE work ADD COLUMN extra TEXT');
  const target = path.join(dir, 'odd-copy.db');
  const r = await migrate(odd, target);
  assert.equal(r.code, 1, r.stdout);
  assert.match(r.stderr, /^bzpeer: migrate: source '.*odd\.db' has a column 'work\.extra' that migrate does not know/);
  sqlite3(odd, 'CREATE TABLE stray (x INTEGER)');
  sqlite3(odd, 'ALTER TABLE work DROP COLUMN extra');
  const again = await migrate(odd, path.join(dir, 'odd-copy2.db'));
  assert.equal(again.code, 1);
  assert.match(again.stderr, /has a table 'stray' that migrate does not know/);
});

test('SQLite to PostgreSQL and back: every copy exports and answers as the original', { skip: !onPg && 'no PostgreSQL cluster (BZ_TEST_PG_URL_FILE)' }, async () => {
  const pg = testDb(dir);
  const there = await migrate(source, pg);
  assert.equal(there.code, 0, there.stderr);
  const back = path.join(dir, 'back.db');
  const r = await migrate(pg, back);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(reportTables(r.stdout), reportTables(there.stdout));
  // the same checksums on every side
  assert.equal(r.stdout.replace(/^migrated.*\n?$/m, ''), there.stdout.replace(/^migrated.*\n?$/m, ''));

  const want = await exports(source);
  assertSame(await exports(pg), want, 'export from postgresql');
  assertSame(await exports(back), want, 'export from the copy back');
  const served = await answers(source);
  assertSame(await answers(pg), served, 'answer from postgresql');
  assertSame(await answers(back), served, 'answer from the copy back');

  // The identity sequences were moved past the copied ids: a new record
  // gets a new number.
  const file = path.join(dir, 'new.jsonl');
  fs.writeFileSync(file, JSON.stringify({
    id: 'https://openalex.org/W999999991', title: 'A work after the move',
    publication_year: 2025, type: 'article', authorships: [], topics: [],
  }) + '\n');
  const imp = withoutNotices(await run(['import', '--quiet', '--db', pg, file], { cwd: dir }));
  assert.equal(imp.code, 0, imp.stderr);
  assert.equal(imp.stderr, '');
  const works = (await run(['export', '--db', pg], { cwd: dir })).stdout
    .trim().split('\n').map((l) => JSON.parse(l));
  const added = works.find((x) => x.title === 'A work after the move');
  const number = (x) => Number(x.id.replace(/^W/, ''));
  assert.ok(added, 'the new work is stored');
  assert.ok(works.every((x) => x === added || number(x) < number(added)), added.id);
});

test('a target that is not empty is refused and left as it was', async () => {
  const target = onPg ? testDb(dir) : path.join(dir, 'full.db');
  const first = await migrate(source, target, ['--quiet']);
  assert.equal(first.code, 0, first.stderr);
  assert.equal(first.stdout, '');
  const before = await exports(target);
  const r = await migrate(source, target);
  assert.equal(r.code, 1, r.stdout);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^bzpeer: migrate: target '.*' is not empty \(table researcher has \d+ rows\)\n$/);
  assertSame(await exports(target), before, 'export after the refusal');
});

test('bad URLs and bad usage fail clearly', async () => {
  let r = await migrate(source, 'mysql://somewhere/db');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^bzpeer: migrate: cannot open target 'mysql:\/\/somewhere\/db': unsupported database url/);
  r = await migrate(path.join(dir, 'missing.db'), path.join(dir, 'never.db'));
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^bzpeer: migrate: source '.*missing\.db' does not exist/);
  assert.ok(!fs.existsSync(path.join(dir, 'never.db')), 'no target made for a missing source');
  r = await migrate(source, 'null:');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /migrate: target 'null:' is not an SQL database/);
  r = await run(['migrate', '--from', source], { cwd: dir });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^bzpeer: migrate needs --from URL and --to URL\nusage: bzpeer migrate/);
  r = await run(['migrate', '--from', source, '--to', source], { cwd: dir });
  assert.equal(r.code, 2);
  r = await run(['migrate', '--bogus'], { cwd: dir });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown option '--bogus'/);
  r = await run(['migrate', '--help']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^usage: bzpeer migrate --from URL --to URL \[--quiet\]/);
  assert.match((await run(['--help'])).stdout, /^ {2}migrate {3}/m);
});

test('a PostgreSQL URL that cannot be opened fails clearly and shows no password', { skip: !onPg && 'no PostgreSQL cluster (BZ_TEST_PG_URL_FILE)' }, async () => {
  const url = new URL(testDb(dir));
  url.pathname = '/bz_no_such_database';
  url.username = url.username || 'postgres';
  url.password = 'sekrit';
  const r = await migrate(source, url.href);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^bzpeer: migrate: cannot open target 'postgresql:\/\/[^']*bz_no_such_database': /);
  assert.doesNotMatch(r.stderr, /sekrit/);
});
