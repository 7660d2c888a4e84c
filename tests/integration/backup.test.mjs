// The backup and restore procedures of docs/deploy.md, run for real: a
// restored database serves the same answers as the one backed up.
// integration.backup: SQLite's online backup and VACUUM INTO, taken while
// bzpeer serves the file. integration-pg.backup (BZ_TEST_PG_URL_FILE):
// pg_dump -Fc, pg_restore into a fresh database.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import {
  BACKEND, DEMO, freePort, makeTempDir, run, spawnServer, testDb,
} from './server.mjs';

const SQLITE3 = '/usr/bin/sqlite3';
const PG_DUMP = '/usr/bin/pg_dump';
const PG_RESTORE = '/usr/bin/pg_restore';
const onPg = BACKEND === 'postgresql';

const PATHS = [
  '/api/v1/researchers/R4',
  '/api/v1/researchers/R4/works',
  '/api/v1/researchers?q=ganguli',
  '/api/v1/works/arxiv:1810.10065',
  '/api/v1/works/W1',
  '/researchers/R4',
  '/works/W1',
  '/',
];

let dir;
test.before(() => { dir = makeTempDir('bzpeer-backup-'); });
test.after(() => { if (dir) fs.rmSync(dir, { recursive: true, force: true }); });

async function importDemo(db) {
  const r = await run(['import', '--quiet', '--db', db, DEMO], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
}

async function serve(db) {
  const port = await freePort();
  const sdir = makeTempDir('bzpeer-backup-serve-');
  return spawnServer({ args: ['--port', String(port), '--db', db], port, dir: sdir, keepDir: false });
}

/** Status, Location and body of every address in PATHS on a server. */
async function answersOf(srv) {
  const out = {};
  for (const p of PATHS) {
    const res = await fetch(srv.base + p, { redirect: 'manual' });
    out[p] = { status: res.status, location: res.headers.get('location'), body: await res.text() };
  }
  assert.equal(out['/api/v1/researchers/R4'].status, 200);
  assert.match(out['/api/v1/researchers/R4'].body, /Surya Ganguli/);
  return out;
}

async function answers(db) {
  const srv = await serve(db);
  try {
    return await answersOf(srv);
  } finally {
    await srv.stop();
  }
}

function assertSame(got, want, what) {
  for (const key of Object.keys(want)) assert.deepEqual(got[key], want[key], `${what}: ${key} differs`);
}

const tool = (file, args) => execFileSync(file, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

const noSqlite3 = !fs.existsSync(SQLITE3) && `${SQLITE3} is not installed (Debian package sqlite3)`;

test('SQLite: .backup and VACUUM INTO while serving give a file that serves the same', { skip: (onPg && 'run by integration.backup') || noSqlite3 }, async () => {
  const db = path.join(dir, 'live.db');
  await importDemo(db);
  const srv = await serve(db);
  let want;
  try {
    want = await answersOf(srv);
    // both while the server has the file open, as docs/deploy.md says
    tool(SQLITE3, [db, `.backup '${path.join(dir, 'backup.db')}'`]);
    tool(SQLITE3, [db, `VACUUM INTO '${path.join(dir, 'vacuum.db')}'`]);
  } finally {
    await srv.stop();
  }
  for (const copy of ['backup.db', 'vacuum.db']) {
    const file = path.join(dir, copy);
    assert.equal(tool(SQLITE3, [file, 'PRAGMA integrity_check']).trim(), 'ok');
    assertSame(await answers(file), want, copy);
  }
});

test('PostgreSQL: pg_dump -Fc and pg_restore into a new database serve the same', { skip: (!onPg && 'no PostgreSQL cluster (BZ_TEST_PG_URL_FILE)') || (!fs.existsSync(PG_DUMP) && `no ${PG_DUMP}`) }, async () => {
  const db = testDb(dir);
  await importDemo(db);
  const want = await answers(db);

  const dump = path.join(dir, 'bzpeer.dump');
  tool(PG_DUMP, ['-Fc', '-f', dump, '-d', db]);
  const restored = testDb(dir);
  tool(PG_RESTORE, ['--no-owner', '--exit-on-error', '-d', restored, dump]);
  assertSame(await answers(restored), want, 'restored');

  // The identity sequences came back with the data: a new work gets a
  // number no restored work has.
  const file = path.join(dir, 'later.jsonl');
  fs.writeFileSync(file, JSON.stringify({
    id: 'https://openalex.org/W999999992', title: 'A work after the restore',
    publication_year: 2025, type: 'article', authorships: [], topics: [],
  }) + '\n');
  const imp = await run(['import', '--db', restored, '--json', file], { cwd: dir });
  assert.equal(imp.code, 0, imp.stderr);
  assert.equal(JSON.parse(imp.stdout).new.works, 1, imp.stdout);
  const works = (await run(['export', '--db', restored], { cwd: dir })).stdout
    .trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(new Set(works.map((w) => w.id)).size, works.length);
  assert.equal(works.length, 8);
});
