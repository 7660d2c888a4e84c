// OpenAlex beyond works: a snapshot folder read through its manifests,
// authors with their ids, and merged ids answering with the survivor.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { SOURCE_DIR, startServer, run, getText, makeTempDir, testDb } from './server.mjs';

const DATA = path.join(SOURCE_DIR, '..', 'shared', 'data');
const SNAPSHOT = path.join(DATA, 'openalex-snapshot-sample');

test('a snapshot folder is read through its manifests', async () => {
  const dir = makeTempDir();
  try {
    const r = await run(['import', '--json', '--db', testDb(dir, 's'), SNAPSHOT]);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.equal(report.new.institutions >= 678, true, r.stdout);
    assert.ok(report.new.venues >= 249, r.stdout);
    // the part's one author; authors/A5023888391 (an API example beside
    // the parts) is not part of the snapshot the manifest describes
    assert.equal(report.new.researchers, 1, r.stdout);
    const notes = report.errors.filter((e) => e.file.endsWith('manifest'));
    assert.ok(notes.some((e) => /parts it lists are missing/.test(e.reason)), r.stdout);
    // grants without titles are skipped with a reason, the rest kept
    assert.ok(report.errors.some((e) => e.reason === 'work has no title'));
    assert.ok(report.new.works >= 2);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('authors, their ORCID and merged ids address the same record', async () => {
  const dir = makeTempDir();
  const survivor = path.join(dir, 'survivor.jsonl');
  fs.writeFileSync(survivor, JSON.stringify({
    id: 'https://openalex.org/A4317838346', display_name: 'Test Survivor',
    orcid: null, display_name_alternatives: ['T. Survivor'],
    last_known_institutions: [],
  }) + '\n');
  const srv = await startServer({
    importFiles: [
      path.join(DATA, 'openalex-api-entities', 'A5023888391.json'),
      survivor,
      path.join(SNAPSHOT, 'merged_ids'),
    ],
  });
  try {
    const priem = await getText(srv.base + '/api/v1/researchers/openalex:A5023888391');
    assert.equal(priem.status, 200);
    const body = JSON.parse(priem.text);
    assert.equal(body.display_name, 'Jason Priem');
    assert.equal(body.verification_level, 'L1');
    assert.equal(body.ids.orcid, '0000-0001-6187-6610');
    const byOrcid = await getText(srv.base + '/api/v1/researchers/orcid:0000-0001-6187-6610');
    assert.equal(JSON.parse(byOrcid.text).id, body.id);
    const search = JSON.parse((await getText(srv.base + '/api/v1/researchers?q=priem')).text);
    assert.equal(search.results[0].id, body.id);

    const target = JSON.parse((await getText(srv.base + '/api/v1/researchers/openalex:A4317838346')).text);
    for (const old of ['A3125154712', 'A3122914057']) {
      const api = await getText(srv.base + `/api/v1/researchers/openalex:${old}`);
      assert.equal(api.status, 200);
      assert.equal(JSON.parse(api.text).id, target.id);
      const page = await getText(srv.base + `/researchers/openalex:${old}`);
      assert.equal(page.status, 301);
      assert.equal(page.res.headers.get('location'), `/researchers/${target.id}-test-survivor`);
    }
    // a merge whose survivor was never imported still answers 404
    assert.equal((await getText(srv.base + '/api/v1/researchers/openalex:A3007116629')).status, 404);
  } finally {
    await srv.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('--db null: checks a file and keeps nothing', async () => {
  const r = await run(['import', '--json', '--db', 'null:', path.join(SOURCE_DIR, 'data', 'demo', 'works.jsonl')]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).new.works, 7);
});
