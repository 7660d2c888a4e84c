// Topics (SPEC.md "Topics"): the shipped taxonomy imports, works without
// topics are assigned OpenAlex topics from title and abstract with their
// score, and the pages show each topic with its scheme.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, run, getJSON, getText, htmlText, makeTempDir, testDb, SOURCE_DIR, DEMO } from './server.mjs';

const TAXONOMY = path.join(SOURCE_DIR, 'data', 'taxonomy');

let srv;
let dir;
let report;

before(async () => {
  dir = makeTempDir();
  const db = testDb(dir, 'topics');
  const r = await run(['import', '--json', '--db', db, TAXONOMY, DEMO],
    { cwd: dir, env: { BZPEER_TAXONOMY: TAXONOMY }, timeout: 60000 });
  assert.equal(r.code, 0, r.stderr);
  report = r.stdout;
  srv = await startServer({ importFiles: [], db });
});

after(async () => {
  if (srv) await srv.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function workPage(arxiv) {
  const list = await getJSON(srv.base + '/api/v1/researchers/R4/works?per_page=50');
  const w = list.body.results.find((x) => x.ids && x.ids.arxiv === arxiv);
  assert.ok(w, `no work ${arxiv}`);
  const page = await getText(srv.base + '/works/' + w.id, { redirect: 'follow' });
  assert.equal(page.status, 200);
  return htmlText(page.text);
}

test('the taxonomy imports: 4,516 OpenAlex topics and their parents', () => {
  const r = JSON.parse(report);
  assert.equal(r.skipped, 0);
  assert.equal(r.records, 4516 + 7);
  // 4,516 topics, 252 subfields, 26 fields, 4 domains, and the demo's 7
  // arXiv codes (4 categories and 3 archives); assigned topics are in the
  // taxonomy already
  assert.equal(r.new.topics, 4516 + 252 + 26 + 4 + 7);
});

test('a work without topics is given assigned ones, with score and reason', async () => {
  const text = await workPage('1810.10065'); // the tensor paper
  assert.ok(text.includes('Tensor decomposition and applications'), text.slice(0, 2000));
  assert.match(text, /openalex T\d+, score 0\.\d\d, assigned from title and abstract/);
  // the API says who linked each topic, and with what score
  const w = await getJSON(srv.base + '/api/v1/works/arxiv:1810.10065');
  assert.equal(w.status, 200);
  assert.ok(w.body.topics.length > 0);
  for (const t of w.body.topics) {
    assert.equal(t.source, 'bzpeer', JSON.stringify(t));
    assert.ok(t.score >= 0.15 && t.score <= 1, JSON.stringify(t));
  }
});

test('a work with arXiv categories keeps them, shown by name and scheme', async () => {
  const text = await workPage('2010.00578');
  assert.ok(text.includes('Machine Learning arxiv cs.LG'), text.slice(0, 2000));
  assert.ok(!text.includes('assigned from title and abstract'));
  const w = await getJSON(srv.base + '/api/v1/works/arxiv:2010.00578');
  assert.ok(w.body.topics.every((t) => t.source !== 'bzpeer'), JSON.stringify(w.body.topics));
});

test('the profile lists topics with their scheme, arXiv ones first', async () => {
  const page = await getText(srv.base + '/researchers/R4', { redirect: 'follow' });
  const text = htmlText(page.text);
  assert.ok(text.includes('Machine Learning arxiv cs.LG, 3 works'), text.slice(0, 3000));
  assert.match(text, /openalex T\d+, 1 work/);
  // 4 arXiv categories + the topics assigned to 2 of the 3 untagged works
  assert.match(text, /\b[67] topics\b/);
});
