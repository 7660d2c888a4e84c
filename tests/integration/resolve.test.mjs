// Name resolution after an import (src/identity/pass.c): the Crossref
// sample's name-only authors who are one person end as one record, the
// import report counts them under "merged", --no-resolve leaves them for
// `bzpeer resolve`, which then finds the same; a second run has nothing
// left to do; every merge is in the audit log as the resolver's; bad
// usage exits 2.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { run, testDb, makeTempDir, SOURCE_DIR } from './server.mjs';

const CROSSREF = path.join(SOURCE_DIR, '..', 'shared', 'data', 'crossref-api', 'works.jsonl');

async function ok(args) {
  const r = await run(args, { timeout: 60000 });
  assert.equal(r.code, 0, `bzpeer ${args.join(' ')}: ${r.stderr}`);
  return r;
}

test('an import merges name-only records of one person, and says so', async () => {
  const dir = makeTempDir();
  const resolved = testDb(dir, 'resolved');
  const left = testDb(dir, 'left');

  const withPass = JSON.parse((await ok(['import', '--json', '--db', resolved, CROSSREF])).stdout);
  assert.ok(withPass.merged.researchers > 0, JSON.stringify(withPass.merged));

  const without = JSON.parse((await ok(['import', '--json', '--no-resolve', '--db', left, CROSSREF])).stdout);
  assert.equal(without.merged.researchers, 0);
  assert.equal(without.new.researchers, withPass.new.researchers);

  const later = JSON.parse((await ok(['resolve', '--json', '--db', left])).stdout);
  assert.equal(later.merged, withPass.merged.researchers);
  assert.ok(later.blocks > 0);

  const again = JSON.parse((await ok(['resolve', '--json', '--db', left])).stdout);
  assert.deepEqual(again, { blocks: 0, merged: 0, too_large: 0 });

  // --all weighs everything again; what is merged stays merged
  const all = JSON.parse((await ok(['resolve', '--all', '--json', '--db', left])).stdout);
  assert.equal(all.merged, 0);

  const audit = (await ok(['audit', '--db', left])).stdout.trim().split('\n');
  const byResolver = audit.filter((l) => l.split('\t')[1] === 'resolver');
  assert.equal(byResolver.length, 2 * later.merged);
  // a re-import adds nothing and merges nothing
  const twice = JSON.parse((await ok(['import', '--json', '--db', resolved, CROSSREF])).stdout);
  assert.equal(twice.new.researchers, 0);
  assert.equal(twice.merged.researchers, 0);
});

test('bad usage of resolve exits 2 with a reason', async () => {
  for (const args of [['resolve', '--bogus'], ['resolve', 'R1'], ['resolve', '--db']]) {
    const r = await run(args);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, /bzpeer resolve: (unknown option|unexpected argument|missing value)/);
  }
  const help = await run(['resolve', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /usage: bzpeer resolve/);
});
