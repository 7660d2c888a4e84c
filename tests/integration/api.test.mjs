// /api/v1 with the demo data: researcher JSON, the researcher list (search
// and paging), errors, and a researcher's works. SPEC.md "Interfaces".

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, getJSON } from './server.mjs';
import { WORKS, ALL_AUTHORS } from './demo-facts.mjs';

let srv;

before(async () => {
  srv = await startServer();
});

after(async () => {
  if (srv) await srv.stop();
});

const api = (p) => getJSON(srv.base + '/api/v1' + p);

function assertError(body, code) {
  assert.equal(typeof body, 'object');
  assert.ok(body.error && typeof body.error === 'object', `no "error" object: ${JSON.stringify(body)}`);
  assert.equal(typeof body.error.code, 'string');
  if (code) assert.equal(body.error.code, code, JSON.stringify(body));
  assert.equal(typeof body.error.message, 'string');
  assert.ok(body.error.message.length > 0, 'empty error message');
}

function assertList(body) {
  assert.ok(body.meta && typeof body.meta === 'object', `no meta: ${JSON.stringify(body).slice(0, 200)}`);
  assert.equal(typeof body.meta.count, 'number');
  assert.ok('next_cursor' in body.meta, 'meta.next_cursor is missing');
  assert.ok(Array.isArray(body.results), 'results is not an array');
}

test('/api/v1/researchers/R4: the researcher JSON', async () => {
  const { status, body } = await api('/researchers/R4');
  assert.equal(status, 200);
  assert.equal(body.id, 'R4');
  assert.equal(body.display_name, 'Surya Ganguli');
  assert.equal(body.verification_level, 'L1');
  assert.equal(body.claimed, false);
  assert.equal(body.affiliation, null);
  assert.equal(body.open_to_collaborate, true);
  assert.ok(body.ids && typeof body.ids === 'object' && !Array.isArray(body.ids), 'ids is an object');
  assert.ok(Object.keys(body.ids).length > 0, 'ids: an L1 record carries its source identifier');
  assert.deepEqual(body.counts, { works: 7, followers: 0, topics: 4, close_collaborators: 3 });
});

test('/api/v1/researchers/R4: trust score 21, Emerging, with 6 components', async () => {
  const { body } = await api('/researchers/R4');
  const t = body.trust;
  assert.ok(t && typeof t === 'object', 'trust');
  assert.equal(t.score, 21);
  assert.equal(t.band, 'Emerging');
  assert.equal(t.capped, false);
  assert.ok(Array.isArray(t.components), 'components');
  assert.equal(t.components.length, 6);
  for (const c of t.components) {
    assert.equal(typeof c.name, 'string', JSON.stringify(c));
    assert.equal(typeof c.points, 'number', JSON.stringify(c));
    assert.equal(typeof c.max, 'number', JSON.stringify(c));
    assert.equal(typeof c.evidence, 'string', JSON.stringify(c));
    assert.ok(c.points >= 0 && c.points <= c.max, JSON.stringify(c));
  }
  assert.deepEqual(t.components.map((c) => c.points), [10, 7, 4, 0, 0, 0]);
  assert.deepEqual(t.components.map((c) => c.max), [40, 20, 10, 5, 15, 10]);
  assert.equal(t.components.reduce((s, c) => s + c.points, 0), 21);
});

test('/api/v1/researchers/R4-any-slug answers 200 with the same record', async () => {
  const { status, body } = await api('/researchers/R4-any-slug');
  assert.equal(status, 200);
  assert.equal(body.id, 'R4');
  assert.equal(body.display_name, 'Surya Ganguli');
});

test('search: q=ganguli and q=GANGULI find Surya Ganguli only', async () => {
  for (const q of ['ganguli', 'GANGULI', 'Ganguli']) {
    const { status, body } = await api(`/researchers?q=${q}`);
    assert.equal(status, 200, q);
    assertList(body);
    assert.equal(body.meta.count, 1, q);
    assert.equal(body.results.length, 1, q);
    assert.equal(body.results[0].display_name, 'Surya Ganguli', q);
    assert.equal(body.results[0].id, 'R4', q);
  }
});

test('search: q=kadmon finds Jonathan Kadmon', async () => {
  const { body } = await api('/researchers?q=kadmon');
  assertList(body);
  assert.deepEqual(body.results.map((r) => r.display_name), ['Jonathan Kadmon']);
  assert.equal(body.meta.count, 1);
});

test('search: q=jonathan finds every Jonathan of the demo (any word of the name)', async () => {
  // The demo has four: Kadmon and Timcheck (close collaborators), and
  // Jonathan Frankle and Jonathan M. Bloom (one shared work each).
  const { body } = await api('/researchers?q=jonathan');
  assertList(body);
  const names = body.results.map((r) => r.display_name).sort();
  assert.ok(names.includes('Jonathan Kadmon') && names.includes('Jonathan Timcheck'), JSON.stringify(names));
  assert.deepEqual(names, ['Jonathan Frankle', 'Jonathan Kadmon', 'Jonathan M. Bloom', 'Jonathan Timcheck']);
  assert.equal(body.meta.count, 4);
});

test('search: a name nobody has finds nothing', async () => {
  const { status, body } = await api('/researchers?q=zzyzx');
  assert.equal(status, 200);
  assertList(body);
  assert.equal(body.meta.count, 0);
  assert.deepEqual(body.results, []);
  assert.equal(body.meta.next_cursor, null);
});

test('paging: 10 + 10 + 3 researchers, 23 distinct ids', async () => {
  const p1 = (await api('/researchers?per_page=10')).body;
  assertList(p1);
  assert.equal(p1.meta.count, 10);
  assert.equal(p1.results.length, 10);
  assert.equal(typeof p1.meta.next_cursor, 'string');

  const p2 = (await api(`/researchers?per_page=10&cursor=${encodeURIComponent(p1.meta.next_cursor)}`)).body;
  assertList(p2);
  assert.equal(p2.meta.count, 10);
  assert.equal(p2.results.length, 10);
  assert.equal(typeof p2.meta.next_cursor, 'string');

  const p3 = (await api(`/researchers?per_page=10&cursor=${encodeURIComponent(p2.meta.next_cursor)}`)).body;
  assertList(p3);
  assert.equal(p3.meta.count, 3);
  assert.equal(p3.results.length, 3);
  assert.equal(p3.meta.next_cursor, null);

  const all = [...p1.results, ...p2.results, ...p3.results];
  const ids = new Set(all.map((r) => r.id));
  assert.equal(ids.size, 23);
  for (const id of ids) assert.match(id, /^R\d+$/);
  assert.deepEqual(all.map((r) => r.display_name).sort(), [...ALL_AUTHORS].sort());
});

test('bad list parameters answer 400 with an "invalid" error', async () => {
  for (const q of ['per_page=0', 'per_page=201', 'per_page=abc', 'per_page=-1', 'cursor=xyz']) {
    const { status, body } = await api(`/researchers?${q}`);
    assert.equal(status, 400, q);
    assertError(body, 'invalid');
  }
});

test('per_page=200 is allowed', async () => {
  const { status, body } = await api('/researchers?per_page=200');
  assert.equal(status, 200);
  assert.equal(body.meta.count, 23);
  assert.equal(body.meta.next_cursor, null);
});

test('an unknown researcher answers 404 not_found', async () => {
  const { status, body } = await api('/researchers/R999');
  assert.equal(status, 404);
  assertError(body, 'not_found');
});

test('a malformed researcher id answers 400', async () => {
  const { status, body } = await api('/researchers/X1');
  assert.equal(status, 400);
  assertError(body);
});

test('an unknown API address answers 404 JSON', async () => {
  const { status, body } = await api('/nothing');
  assert.equal(status, 404);
  assertError(body, 'not_found');
});

test("/api/v1/researchers/R4/works: the 7 works in the page's order", async () => {
  const { status, body } = await api('/researchers/R4/works');
  assert.equal(status, 200);
  assertList(body);
  assert.equal(body.meta.count, 7);
  assert.equal(body.results.length, 7);
  assert.deepEqual(body.results.map((w) => w.title), WORKS.map((w) => w.title));
  assert.deepEqual(body.results.map((w) => w.publication_year), WORKS.map((w) => w.year));
  for (const w of body.results) assert.match(w.id, /^W\d+$/);
});

test('API answers carry Content-Type application/json', async () => {
  for (const p of ['/researchers/R4', '/researchers?q=ganguli', '/researchers/R999', '/nothing']) {
    const res = await fetch(srv.base + '/api/v1' + p);
    await res.arrayBuffer();
    assert.match(res.headers.get('content-type') ?? '', /^application\/json\b/, p);
  }
});
