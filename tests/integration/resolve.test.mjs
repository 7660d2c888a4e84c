// Name resolution after an import (src/identity/pass.c): the Crossref
// sample's name-only authors who are one person end as one record, the
// import report counts them under "merged", --no-resolve leaves them for
// `bzpeer resolve`, which then finds the same; a second run has nothing
// left to do; every merge is in the audit log as the resolver's; bad
// usage exits 2. A record with an ORCID pulls in its name-only twins
// whichever of the two was imported first, without `resolve --all`.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
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

// The sample's works, each as its line, by DOI.
function crossrefWorks() {
  const byDoi = new Map();
  for (const line of fs.readFileSync(CROSSREF, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    byDoi.set(JSON.parse(line).DOI, line);
  }
  return byDoi;
}

// Writes the works whose DOIs pass keep to dir/name.jsonl.
function writeWorks(dir, name, keep) {
  const file = path.join(dir, `${name}.jsonl`);
  const lines = [...crossrefWorks()].filter(([doi]) => keep(doi)).map(([, line]) => line);
  assert.ok(lines.length > 0, name);
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return { file, count: lines.length };
}

async function worksOf(db, researcher) {
  const out = (await ok(['export', '--db', db, '--researcher', researcher])).stdout;
  return out.split('\n').filter((l) => l !== '').length;
}

async function resolverMerges(db) {
  const audit = (await ok(['audit', '--db', db])).stdout.trim().split('\n');
  return audit.filter((l) => l.split('\t')[1] === 'resolver' && l.split('\t')[2] === 'merge').length;
}

const BOETTIGER = 'orcid:0000-0002-1642-628X';

test('an ORCID-bearing record and its name-only twins merge, whichever came first', async () => {
  const dir = makeTempDir();
  // Carl Boettiger's 20 works in the sample: 8 name him without an ORCID,
  // 12 with his ORCID
  const works = crossrefWorks();
  const his = [...works].filter(([, line]) =>
    JSON.parse(line).author?.some((a) => a.family === 'Boettiger')).map(([doi]) => doi);
  const withOrcid = new Set(his.filter((doi) =>
    JSON.parse(works.get(doi)).author.some((a) => a.family === 'Boettiger' && a.ORCID)));
  const named = writeWorks(dir, 'named', (doi) => his.includes(doi) && !withOrcid.has(doi));
  const orcid = writeWorks(dir, 'orcid', (doi) => withOrcid.has(doi));
  assert.equal(named.count, 8);
  assert.equal(orcid.count, 12);

  for (const order of [[named, orcid], [orcid, named]]) {
    const db = testDb(dir);
    let merged = 0;

    for (const f of order) {
      const r = JSON.parse((await ok(['import', '--json', '--db', db, f.file])).stdout);
      merged += r.merged.researchers;
      if (f === orcid && order[0] === named) {
        // the pass after the ORCID import weighed his block: his
        // name-only record joined the new record with his ORCID
        assert.ok(r.merged.researchers > 0, JSON.stringify(r.merged));
      }
    }
    assert.equal(await worksOf(db, BOETTIGER), 20, `order ${order.map((f) => path.basename(f.file))}`);
    // nothing left that weighing everything again would merge
    const all = JSON.parse((await ok(['resolve', '--all', '--json', '--db', db])).stdout);
    assert.equal(all.merged, 0);
    assert.equal(await resolverMerges(db), merged);
  }
});

test('two works that each give one of two co-authors an ORCID join both pairs', async () => {
  // Park has an ORCID in the 2025 paper only, Kameshwar in the 2026 one:
  // imported 2026 first, Park's ORCID record comes after his name-only
  // one, Kameshwar's name-only record after his ORCID one
  const dir = makeTempDir();
  const first = writeWorks(dir, 'first', (doi) => doi === '10.1016/j.coastaleng.2026.104952');
  const second = writeWorks(dir, 'second', (doi) => doi === '10.1016/j.coastaleng.2024.104656');
  const orcids = (f) => JSON.parse(fs.readFileSync(f.file, 'utf8')).author
    .filter((a) => a.ORCID).map((a) => [a.family, 'orcid:' + a.ORCID.split('/').pop()]);
  const park = orcids(second).find(([family]) => family === 'Park')[1];
  const kameshwar = orcids(first).find(([family]) => family === 'Kameshwar')[1];

  for (const noResolve of [false, true]) {
    const db = testDb(dir);
    const flags = noResolve ? ['--no-resolve'] : [];

    await ok(['import', '--json', ...flags, '--db', db, first.file]);
    if (noResolve) await ok(['resolve', '--json', '--db', db]);
    const r = JSON.parse((await ok(['import', '--json', ...flags, '--db', db, second.file])).stdout);
    if (noResolve) {
      const later = JSON.parse((await ok(['resolve', '--json', '--db', db])).stdout);
      assert.equal(later.merged, 7);
    } else {
      // all seven authors are the same people in both papers
      assert.equal(r.merged.researchers, 7);
    }
    assert.equal(await worksOf(db, park), 2);
    assert.equal(await worksOf(db, kameshwar), 2);
    assert.equal(await resolverMerges(db), 7);
  }
});
