// `bzpeer doubts`: a record whose works fall into two groups with no
// co-author, year range or topic in common is flagged with the two groups
// and the split that separates them; the demo's Surya Ganguli is not.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { run, makeTempDir, testDb, DEMO } from './server.mjs';

let dir;

function work(n, year, coauthors, topic) {
  const authorships = [{ author: { id: 'https://openalex.org/A900', display_name: 'Jan Smith' }, raw_author_name: 'Jan Smith' }];
  for (const [a, name] of coauthors) {
    authorships.push({ author: { id: `https://openalex.org/A${a}`, display_name: name }, raw_author_name: name });
  }
  return { id: `https://openalex.org/W${n}`, title: `Study ${n}`, publication_year: year, type: 'article', authorships, topics: [topic] };
}

const PHYSICS = { id: 'https://openalex.org/T11', display_name: 'Particle physics', score: 0.9 };
const BIOLOGY = { id: 'https://openalex.org/T22', display_name: 'Marine biology', score: 0.9 };

function writeFixture(name, works) {
  const file = path.join(dir, name);
  fs.writeFileSync(file, works.map((w) => JSON.stringify(w)).join('\n') + '\n');
  return file;
}

before(() => {
  dir = makeTempDir('bzpeer-doubts-');
});

after(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('a two-person record is flagged with its groups and the split', async () => {
  const db = testDb(dir, 'two');
  const file = writeFixture('two.jsonl', [
    work(501, 1990, [[901, 'Ann Old']], PHYSICS),
    work(502, 1993, [[901, 'Ann Old'], [902, 'Bo Old']], PHYSICS),
    work(503, 1995, [[902, 'Bo Old']], PHYSICS),
    work(511, 2015, [[911, 'Cy New']], BIOLOGY),
    work(512, 2018, [[912, 'Di New']], BIOLOGY),
    work(513, 2020, [[911, 'Cy New'], [912, 'Di New']], BIOLOGY),
  ]);
  assert.equal((await run(['import', '--quiet', '--db', db, file])).code, 0);
  const r = await run(['doubts', '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^R1 Jan Smith: two people in one record\?/);
  assert.match(r.stdout, /years 1990-1995 vs 2015-2020/);
  assert.match(r.stdout, /no co-author in common/);
  assert.match(r.stdout, /no topic in common/);
  assert.match(r.stdout, /group 1 \(3 works, 1990-1995\):\n {4}W3 1995 Study 503\n {4}W2 1993 Study 502\n {4}W1 1990 Study 501\n/);
  assert.match(r.stdout, /group 2 \(3 works, 2015-2020\):/);
  const split = /split: bzpeer split (R1 --works( W\d+)+)/.exec(r.stdout);
  assert.ok(split, r.stdout);
  assert.deepEqual(split[1].split(' ').slice(2).sort(), ['W4', 'W5', 'W6']);

  // the proposal, carried out, clears the doubt
  const done = await run(['split', '--db', db, ...split[1].split(' '), '--reason', 'doubts']);
  assert.equal(done.code, 0, done.stderr);
  const again = await run(['doubts', '--db', db]);
  assert.equal(again.stdout, 'no record looks like two people in one\n');
});

test('one shared co-author across the years: not flagged', async () => {
  const db = testDb(dir, 'one');
  const file = writeFixture('one.jsonl', [
    work(501, 1990, [[901, 'Ann Old']], PHYSICS),
    work(502, 1993, [[901, 'Ann Old']], PHYSICS),
    work(511, 2015, [[911, 'Cy New']], BIOLOGY),
    work(513, 2020, [[911, 'Cy New'], [901, 'Ann Old']], BIOLOGY),
  ]);
  assert.equal((await run(['import', '--quiet', '--db', db, file])).code, 0);
  const r = await run(['doubts', '--db', db]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'no record looks like two people in one\n');
});

test('the demo: Surya Ganguli (R4) and every other record are clean', async () => {
  const db = testDb(dir, 'demo');
  assert.equal((await run(['import', '--quiet', '--db', db, DEMO])).code, 0);
  for (const args of [['R4'], []]) {
    const r = await run(['doubts', '--db', db, ...args]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, 'no record looks like two people in one\n');
  }
  const bad = await run(['doubts', '--db', db, 'R99999']);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /no researcher 'R99999'/);
  const help = await run(['doubts', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^usage: bzpeer doubts/);
});
