// `bzpeer merge`, `bzpeer split` and `bzpeer audit` on the demo data, with
// a server running on the same database: a merged id keeps answering 301
// to the survivor, on the page and in the API; a split moves works to a
// new record and a merge brings them back; bad input fails with exit 1
// and a message, bad usage with exit 2.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, run, getNoRedirect, getJSON } from './server.mjs';
import { WORKS } from './demo-facts.mjs';

let srv;

before(async () => {
  srv = await startServer();
});

after(async () => {
  if (srv) await srv.stop();
});

async function researcherId(q) {
  const { status, body } = await getJSON(`${srv.base}/api/v1/researchers?q=${encodeURIComponent(q)}`);
  assert.equal(status, 200);
  assert.equal(body.results.length, 1, `one record for "${q}": ${JSON.stringify(body.results)}`);
  return body.results[0].id;
}

async function works(id) {
  const { status, body } = await getJSON(`${srv.base}/api/v1/researchers/${id}`);
  assert.equal(status, 200, `${id}: status`);
  return body.counts.works;
}

async function workIds(id, author) {
  const { body } = await getJSON(`${srv.base}/api/v1/researchers/${id}/works`);
  const titles = new Set(WORKS.filter((w) => w.authors.includes(author)).map((w) => w.title));
  return body.results.filter((w) => titles.has(w.title)).map((w) => w.id);
}

const bz = (...args) => run([...args.slice(0, 1), '--db', srv.db, ...args.slice(1)]);

test('merge: the survivor gains the works, the old id answers 301, audit has it', async () => {
  const kadmon = await researcherId('kadmon');
  const larsen = await researcherId('larsen');
  assert.equal(await works(kadmon), 2);
  assert.equal(await works(larsen), 2);

  const r = await bz('merge', '--reason', 'same person in a test', kadmon, larsen);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`merged ${larsen} into ${kadmon}`));
  assert.equal(await works(kadmon), 4);

  const page = await getNoRedirect(`${srv.base}/researchers/${larsen}`);
  await page.arrayBuffer();
  assert.equal(page.status, 301);
  assert.equal(new URL(page.headers.get('location'), srv.base).pathname, `/researchers/${kadmon}-jonathan-kadmon`);
  const api = await getNoRedirect(`${srv.base}/api/v1/researchers/${larsen}`);
  await api.arrayBuffer();
  assert.equal(api.status, 301);
  assert.equal(new URL(api.headers.get('location'), srv.base).pathname, `/api/v1/researchers/${kadmon}`);

  const audit = await bz('audit', kadmon);
  assert.equal(audit.code, 0, audit.stderr);
  const lines = audit.stdout.trim().split('\n');
  assert.equal(lines.length, 1, audit.stdout);
  const [at, actor, action, subject, detail, reason] = lines[0].split('\t');
  assert.match(at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.deepEqual([actor, action, subject, reason], ['cli', 'merge', kadmon, 'same person in a test']);
  assert.deepEqual(JSON.parse(detail), { survivor: kadmon, merged: larsen, works: 2 });
  const gone = await bz('audit', larsen);
  assert.match(gone.stdout, /\tmerged_into\t/);
});

test('split and merge back: the counts are restored', async () => {
  const kadmon = await researcherId('kadmon');
  const moved = await workIds(kadmon, 'Brett W. Larsen');
  assert.equal(moved.length, 2);

  const split = await bz('split', kadmon, '--works', ...moved, '--reason', 'two people');
  assert.equal(split.code, 0, split.stderr);
  const fresh = split.stdout.trim();
  assert.match(fresh, /^R\d+$/);
  assert.equal(await works(kadmon), 2);
  assert.equal(await works(fresh), 2);
  const { body } = await getJSON(`${srv.base}/api/v1/researchers/${fresh}`);
  assert.equal(body.display_name, 'Jonathan Kadmon');
  assert.equal(body.verification_level, 'L0');
  assert.match((await bz('audit', kadmon)).stdout, /\tsplit\t.*two people/);

  const back = await bz('merge', kadmon, fresh);
  assert.equal(back.code, 0, back.stderr);
  assert.equal(await works(kadmon), 4);
});

test('bad input: exit 1 with a message; bad usage: exit 2', async () => {
  const kadmon = await researcherId('kadmon');
  const surya = await researcherId('surya');
  const checks = [
    [['merge', kadmon, 'R99999'], /no researcher 'R99999'/],
    [['merge', 'R99999', kadmon], /no researcher 'R99999'/],
    [['merge', kadmon, kadmon], /into itself/],
    [['merge', kadmon, 'orcid:0000-0000-0000-0000'], /no researcher/],
  ];
  // the record merged away in the first test can take no merge either way
  const { body } = await getJSON(`${srv.base}/api/v1/researchers?q=larsen`);
  assert.deepEqual(body.results.map((r) => r.id), [kadmon], 'a merged record is not listed');
  const own = await workIds(surya, 'Vedang Lad'); // a work Kadmon is not on
  checks.push([['split', kadmon, '--works', own[0]], /is not one of researcher/]);
  checks.push([['split', kadmon, '--works', 'W99999'], /not one of researcher|no work/]);
  for (const [args, message] of checks) {
    const r = await bz(...args);
    assert.equal(r.code, 1, `${args.join(' ')}: exit ${r.code}, ${r.stderr}`);
    assert.match(r.stderr, message, args.join(' '));
  }
  for (const args of [['merge', kadmon], ['split', kadmon], ['split', '--works', 'W1'], ['merge', '--bogus', kadmon, surya]]) {
    const r = await bz(...args);
    assert.equal(r.code, 2, `${args.join(' ')}: exit ${r.code}`);
  }
  for (const cmd of ['merge', 'split', 'audit']) {
    const r = await run([cmd, '--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, new RegExp(`^usage: bzpeer ${cmd}`));
  }
  assert.equal(await works(kadmon), 4, 'failed commands changed nothing');
});

test('merging into a merged record is refused; a chain resolves to its end', async () => {
  const kadmon = await researcherId('kadmon');
  const timcheck = await researcherId('timcheck');
  const audit = (await bz('audit')).stdout;
  const larsen = /\tmerged_into\t(R\d+)\t/.exec(audit)[1];

  const refused = await bz('merge', larsen, timcheck);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /merged into another record/);

  const r = await bz('merge', timcheck, kadmon);
  assert.equal(r.code, 0, r.stderr);
  for (const old of [kadmon, larsen]) {
    const res = await getNoRedirect(`${srv.base}/api/v1/researchers/${old}`);
    await res.arrayBuffer();
    assert.equal(res.status, 301, old);
    assert.equal(new URL(res.headers.get('location'), srv.base).pathname, `/api/v1/researchers/${timcheck}`);
  }
  assert.equal(await works(timcheck), 4); // Timcheck's one work is Kadmon's too
});
