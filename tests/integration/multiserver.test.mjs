// Two `bzpeer serve` processes on one database behave as one site: nginx
// deals requests to both in turn, imports and merges run at once from
// several processes, and afterwards nothing is lost or doubled, every
// answer of either server (and of nginx) shows the new state the moment the
// writing command exits, and no read meets a 5xx while the writes run.
// On SQLite the two servers share one file; on PostgreSQL one database.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  BACKEND, DEMO, run, startServer, startNginx, testDb, makeTempDir,
  getJSON, getText, getNoRedirect,
} from './server.mjs';

const SURYA = 'R4';
const PROFILE = '/researchers/R4-surya-ganguli';
const SURYA_AUTHOR = { id: 'https://demo.bzpeer.invalid/A4', display_name: 'Surya Ganguli' };
const DEMO_RESEARCHERS = 23;
const DEMO_WORKS = 7;

let dir;     // our files: the SQLite database, the files we import
let db;      // the --db value both servers and every command use
let servers; // [a, b]: startServer() answers
let proxy;   // startNginx() answer
let sites;   // [{name, base}]: a, b and nginx

before(async () => {
  dir = makeTempDir('bzpeer-multi-');
  db = testDb(dir, 'shared');
  const r = await run(['import', '--quiet', '--db', db, DEMO]);
  assert.equal(r.code, 0, r.stderr);
  servers = [];
  servers.push(await startServer({ db, importFiles: [] }));
  servers.push(await startServer({ db, importFiles: [] }));
  proxy = await startNginx({ backends: servers.map((s) => s.base) });
  sites = [
    { name: 'server a', base: servers[0].base },
    { name: 'server b', base: servers[1].base },
    { name: 'nginx', base: proxy.base },
  ];
});

after(async () => {
  // Each stop is tried even when another fails; the first failure is thrown.
  const stops = [proxy?.stop(), ...(servers ?? []).map((s) => s.stop())];
  const results = await Promise.allSettled(stops.filter(Boolean));
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
});

/** The logs of every process, for a failure's message. */
const allLogs = () => [
  ...servers.map((s, i) => `=== server ${'ab'[i]} (${s.base}) ===\n${s.logs()}`),
  `=== nginx (${proxy.base}) ===\n${proxy.logs()}`,
].join('\n');

// --- the works we import --------------------------------------------------

const openalex = (kind, n) => `https://openalex.org/${kind}${n}`;

/** An author of the synthetic works: a persistent OpenAlex id and a name. */
function author(n, displayName) {
  return { id: openalex('A', 5000000000 + n), display_name: displayName };
}

const SHARED = author(1, 'Shared Multiserver Author');
const own = (f) => author(100 + f, `Owner Of File ${f}`);
const solo = (f, i) => author(1000 + 10 * f + i, `Solo Author ${f} ${i}`);

/** One OpenAlex work (as import.test.mjs's demo lines look), one JSON line. */
function workLine(n, title, authors, year = 2024) {
  return JSON.stringify({
    id: openalex('W', 7000000000 + n),
    title,
    display_name: title,
    publication_year: year,
    type: 'article',
    ids: { openalex: openalex('W', 7000000000 + n) },
    authorships: authors.map((a, k) => ({
      author_position: k === 0 ? 'first' : 'middle',
      author: { id: a.id, display_name: a.display_name, orcid: null },
      raw_author_name: a.display_name,
      institutions: [],
      raw_affiliation_strings: [],
    })),
    topics: [],
  }) + '\n';
}

/**
 * File f of the concurrent imports: `count` works, all by its owner and
 * SHARED, every fifth by Surya Ganguli too, the first five each with a solo
 * author of its own.
 */
function importFile(f, count) {
  let text = '';
  for (let i = 0; i < count; i++) {
    const authors = [own(f), SHARED];
    if (i % 5 === 0) authors.push(SURYA_AUTHOR);
    if (i < 5) authors.push(solo(f, i));
    text += workLine(1000 * f + i, `Concurrent import file ${f} work ${i}`, authors, 2000 + (i % 20));
  }
  const file = path.join(dir, `import-${f}.jsonl`);
  fs.writeFileSync(file, text);
  return file;
}

// --- reading the site -----------------------------------------------------

/** Every listed researcher, through `base`: all pages of 200. */
async function allResearchers(base) {
  const out = [];
  let cursor = null;
  for (let page = 0; page < 50; page++) {
    const q = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const { status, body } = await getJSON(`${base}/api/v1/researchers?per_page=200${q}`);
    assert.equal(status, 200, `${base}: researcher list`);
    out.push(...body.results);
    cursor = body.meta.next_cursor;
    if (cursor === null) return out;
  }
  assert.fail(`${base}: the researcher list did not end after 50 pages`);
}

/** The one listed record with this name (failing if none or two). */
function onlyNamed(list, name, where) {
  const found = list.filter((r) => r.display_name === name);
  assert.equal(found.length, 1, `${where}: one record named "${name}", found ${JSON.stringify(found)}`);
  return found[0];
}

/** GET `path` from `base`: status 200 and JSON; the body. */
async function api(base, p) {
  const { status, body } = await getJSON(base + '/api/v1' + p);
  assert.equal(status, 200, `${base}/api/v1${p}: status ${status} ${JSON.stringify(body).slice(0, 200)}`);
  return body;
}

/** Researcher `id`'s works through `base`: checked for duplicates. */
async function worksOf(base, id) {
  const body = await api(base, `/researchers/${id}/works`);
  const ids = body.results.map((w) => w.id);
  const titles = body.results.map((w) => w.title);
  assert.equal(new Set(ids).size, ids.length, `${base}: ${id} lists a work twice: ${ids}`);
  assert.equal(new Set(titles).size, titles.length, `${base}: ${id} lists a title twice`);
  assert.equal(body.meta.count, ids.length, `${base}: ${id}/works meta.count`);
  return body.results;
}

/** `n` GETs of each URL at once (several connections: every event loop). */
async function burst(urls, n = 4) {
  const all = urls.flatMap((u) => Array.from({ length: n }, () => u));
  return Promise.all(all.map(async (u) => {
    const res = await getNoRedirect(u);
    const text = await res.text();
    return { url: u, status: res.status, text, location: res.headers.get('location'), upstream: res.headers.get('x-upstream') };
  }));
}

/** The work count on Surya Ganguli's API record and page, at every site. */
async function assertSuryaEverywhere(works, newTitle, when) {
  const urls = sites.flatMap((s) => [
    `${s.base}/api/v1/researchers/${SURYA}`,
    `${s.base}${PROFILE}`,
    `${s.base}/api/v1/researchers/${SURYA}/works`,
  ]);
  for (const r of await burst(urls)) {
    assert.equal(r.status, 200, `${when}: ${r.url}: ${r.status}`);
    if (r.url.endsWith(`/researchers/${SURYA}`)) {
      assert.equal(JSON.parse(r.text).counts.works, works, `${when}: ${r.url} (via ${r.upstream}) counts.works`);
    } else if (r.url.endsWith('/works')) {
      const list = JSON.parse(r.text);
      assert.equal(list.results.length, works, `${when}: ${r.url} (via ${r.upstream}) works listed`);
      if (newTitle) assert.ok(list.results.some((w) => w.title === newTitle), `${when}: ${r.url} lacks "${newTitle}"`);
    } else {
      assert.match(r.text, new RegExp(`\\b${works} published item\\(s\\)`), `${when}: ${r.url} (via ${r.upstream})`);
      if (newTitle) assert.ok(r.text.includes(newTitle), `${when}: ${r.url} (via ${r.upstream}) lacks "${newTitle}"`);
    }
  }
}

/** Run a bzpeer command on the shared database: {code, stdout, stderr}. */
function bz(cmd, ...args) {
  return run([cmd, '--db', db, ...args], { cwd: dir });
}

// The state the site must show; every test moves it on.
const expected = {
  researchers: DEMO_RESEARCHERS,
  works: DEMO_WORKS,
  surya: DEMO_WORKS,
};

// --- the tests ------------------------------------------------------------

test(`nginx deals requests to both servers (${BACKEND})`, async () => {
  const answers = await burst([`${proxy.base}/api/v1/researchers/${SURYA}`], 20);
  const upstreams = new Set(answers.map((a) => a.upstream));
  for (const a of answers) assert.equal(a.status, 200, `${a.url} via ${a.upstream}`);
  assert.deepEqual([...upstreams].sort(), servers.map((s) => new URL(s.base).host).sort(),
    'round robin reaches both servers');
});

const FILES = 4;
const PER_FILE = 150;
const DUP_FILE = FILES; // the file imported twice at once
const DUP_WORKS = 100;

test('concurrent imports: nothing lost, nothing doubled, no 5xx meanwhile', async (t) => {
  const files = Array.from({ length: FILES }, (_, f) => importFile(f, PER_FILE));
  const dup = importFile(DUP_FILE, DUP_WORKS);
  const started = Date.now();
  const jobs = [...files, dup, dup].map(async (file) => {
    const r = await bz('import', '--json', file);
    return { ...r, ms: Date.now() - started };
  });

  // Reads through nginx while the imports run: 200 at once, then more
  // rounds of 50 until the last import is done.
  let importsDone = false;
  const allJobs = Promise.all(jobs).finally(() => { importsDone = true; });
  const targets = ['/', PROFILE, `/api/v1/researchers/${SURYA}`, '/api/v1/researchers?per_page=200',
    `/api/v1/researchers/${SURYA}/works`, '/api/v1/works/W1', '/healthz'];
  const reads = [];
  const readRound = (n) => Promise.all(Array.from({ length: n }, async (_, i) => {
    const url = proxy.base + targets[i % targets.length];
    try {
      const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(15000) });
      await res.arrayBuffer();
      reads.push({ url, status: res.status, upstream: res.headers.get('x-upstream') });
    } catch (e) {
      reads.push({ url, status: 0, error: String(e.cause?.code ?? e.message) });
    }
  }));
  const hammer = (async () => {
    await readRound(200);
    while (!importsDone) await readRound(50);
  })();
  const results = await allJobs;
  await hammer;

  for (const r of results) {
    assert.equal(r.signal, null, `import died of ${r.signal}\n${r.stderr}\n${allLogs()}`);
    assert.equal(r.code, 0, `import exit ${r.code}\n${r.stderr}`);
  }
  const reports = results.map((r) => JSON.parse(r.stdout));
  t.diagnostic(`imports done after ${results.map((r) => r.ms).join(', ')} ms; ` +
    `${reads.length} reads through nginx meanwhile`);
  // an owner and five solo authors per file, and SHARED
  const wantNew = 6 * (FILES + 1) + 1;
  expected.researchers += wantNew;
  expected.works += FILES * PER_FILE + DUP_WORKS;
  expected.surya += (FILES * PER_FILE + DUP_WORKS) / 5;

  const bad = reads.filter((r) => r.status !== 200);
  assert.deepEqual(bad, [], `reads during the imports that did not answer 200 (of ${reads.length})\n${allLogs()}`);

  // The reports: each file's works are new exactly once.
  for (let f = 0; f < FILES; f++) {
    assert.equal(reports[f].new.works, PER_FILE, `import-${f}: new works`);
    assert.equal(reports[f].skipped, 0);
  }
  const [d1, d2] = reports.slice(FILES);
  assert.deepEqual([d1.new.works, d2.new.works].sort((x, y) => x - y), [0, DUP_WORKS],
    `the same file imported twice at once: one run adds its works, the other nothing (${JSON.stringify([d1.new, d2.new])})`);
  const newResearchers = reports.reduce((s, r) => s + r.new.researchers, 0);
  assert.equal(newResearchers, wantNew, 'new researchers over every report');

  // The data, as each server and nginx show it.
  const lists = [];
  for (const s of sites) {
    const list = await allResearchers(s.base);
    lists.push(list);
    const ids = list.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length, `${s.name}: a researcher listed twice`);
    assert.equal(list.length, expected.researchers, `${s.name}: researchers listed`);
    const want = [
      [SHARED.display_name, FILES * PER_FILE + DUP_WORKS],
      ['Surya Ganguli', expected.surya],
      [own(DUP_FILE).display_name, DUP_WORKS],
      ...Array.from({ length: FILES }, (_, f) => [own(f).display_name, PER_FILE]),
      ...Array.from({ length: (FILES + 1) * 5 }, (_, k) => [solo(Math.floor(k / 5), k % 5).display_name, 1]),
    ];
    for (const [name, works] of want) {
      const r = onlyNamed(list, name, s.name);
      assert.equal(r.works, works, `${s.name}: ${name}'s works in the list`);
    }
    const shared = onlyNamed(list, SHARED.display_name, s.name);
    assert.equal((await worksOf(s.base, shared.id)).length, FILES * PER_FILE + DUP_WORKS, `${s.name}: shared author's works`);
    assert.equal((await api(s.base, `/researchers/${shared.id}`)).counts.works, FILES * PER_FILE + DUP_WORKS);
    assert.equal((await worksOf(s.base, SURYA)).length, expected.surya, `${s.name}: Surya's works`);
    const byOpenAlex = await api(s.base, `/researchers/openalex:${SHARED.id.split('/').pop()}`);
    assert.equal(byOpenAlex.id, shared.id, `${s.name}: the OpenAlex id finds the one record`);
  }
  assert.deepEqual(lists[1], lists[0], 'both servers list the same researchers');

  // Every work once, by the export.
  const ex = await bz('export', '--format', 'jsonl');
  assert.equal(ex.code, 0, ex.stderr);
  const works = ex.stdout.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l));
  assert.equal(works.length, expected.works, 'works exported');
  assert.equal(new Set(works.map((w) => w.id)).size, works.length, 'a work exported twice');
  assert.equal(new Set(works.map((w) => w.title)).size, works.length, 'a title exported twice');
});

/** Listed records by name, through server a. */
async function idsByName() {
  const map = new Map();
  for (const r of await allResearchers(servers[0].base)) map.set(r.display_name, r.id);
  return map;
}

/** `old` answers 301 to `survivor` on the page and in the API, at `base`. */
async function assertMoved(base, old, survivor, where) {
  const apiRes = await getNoRedirect(`${base}/api/v1/researchers/${old}`);
  await apiRes.arrayBuffer();
  assert.equal(apiRes.status, 301, `${where}: /api/v1/researchers/${old}`);
  assert.equal(new URL(apiRes.headers.get('location'), base).pathname, `/api/v1/researchers/${survivor}`, where);
  const page = await getNoRedirect(`${base}/researchers/${old}`);
  await page.arrayBuffer();
  assert.equal(page.status, 301, `${where}: /researchers/${old}`);
  assert.match(new URL(page.headers.get('location'), base).pathname, new RegExp(`^/researchers/${survivor}-`), where);
}

test('concurrent merges: each done once, the merged ids answer 301 on both servers', async () => {
  const ids = await idsByName();
  const id = (a) => ids.get(a.display_name);
  // Disjoint pairs at once, and one pair asked twice at once.
  const pairs = [
    [own(0), own(1), PER_FILE * 2],
    [own(2), own(3), PER_FILE * 2],
    [solo(1, 1), solo(1, 2), 2],
    [solo(2, 1), solo(2, 2), 2],
  ];
  const twice = [own(DUP_FILE), solo(0, 1), DUP_WORKS + 1];

  // The merged records' pages and answers are in every cache first.
  const olds = [...pairs, twice].map(([, old]) => id(old));
  const pages = await Promise.all(olds.map(async (o) => (await api(servers[0].base, `/researchers/${o}`)).url));
  const warm = await burst(sites.flatMap((s) => [
    ...olds.map((o) => `${s.base}/api/v1/researchers/${o}`), ...pages.map((p) => s.base + p)]), 2);
  for (const r of warm) assert.equal(r.status, 200, `${r.url} before the merges`);

  const jobs = [
    ...pairs.map(([keep, old]) => bz('merge', '--reason', 'concurrent test', id(keep), id(old))),
    bz('merge', id(twice[0]), id(twice[1])),
    bz('merge', id(twice[0]), id(twice[1])),
  ];
  const results = await Promise.all(jobs);
  for (let i = 0; i < pairs.length; i++) {
    assert.equal(results[i].code, 0, `merge ${pairs[i][1].display_name}: ${results[i].stderr}`);
  }
  const [t1, t2] = results.slice(pairs.length);
  assert.deepEqual([t1.code, t2.code].sort(), [0, 1],
    `one pair merged twice at once: one run does it, the other fails\n${t1.stderr}\n${t2.stderr}`);
  const refused = t1.code === 1 ? t1 : t2;
  assert.match(refused.stderr, /merged/, 'the refusal says the record is merged');

  expected.researchers -= pairs.length + 1;
  for (const s of sites) {
    const list = await allResearchers(s.base);
    assert.equal(list.length, expected.researchers, `${s.name}: researchers listed after the merges`);
    for (const [keep, old, works] of [...pairs, twice]) {
      const kept = onlyNamed(list, keep.display_name, s.name);
      assert.equal(kept.id, id(keep));
      assert.equal(kept.works, works, `${s.name}: ${keep.display_name}'s works in the list`);
      assert.equal((await api(s.base, `/researchers/${id(keep)}`)).counts.works, works, `${s.name}: ${keep.display_name}`);
      assert.equal((await worksOf(s.base, id(keep))).length, works);
      assert.ok(!list.some((r) => r.id === id(old)), `${s.name}: merged ${id(old)} is still listed`);
      await assertMoved(s.base, id(old), id(keep), s.name);
      const res = await getNoRedirect(s.base + pages[olds.indexOf(id(old))]);
      await res.arrayBuffer();
      assert.equal(res.status, 301, `${s.name}: the cached page of ${id(old)}`);
    }
  }
  const audit = await bz('audit');
  assert.equal(audit.code, 0, audit.stderr);
  const merges = audit.stdout.split('\n').filter((l) => l.split('\t')[2] === 'merge');
  assert.equal(merges.length, pairs.length + 1, `one audit line per merge done:\n${audit.stdout}`);
});

test('a write shows at once: every cache of both servers, and nginx', async () => {
  const ids = await idsByName();
  await assertSuryaEverywhere(expected.surya, null, 'before');

  // Imports: each adds a work to Surya Ganguli.
  for (let round = 0; round < 3; round++) {
    await assertSuryaEverywhere(expected.surya, null, `round ${round}, warming`);
    const title = `A work every server shows at once, round ${round}`;
    const file = path.join(dir, `live-${round}.jsonl`);
    fs.writeFileSync(file, workLine(100000 + round, title, [SURYA_AUTHOR, SHARED]));
    const r = await bz('import', '--quiet', file);
    assert.equal(r.code, 0, r.stderr);
    expected.surya += 1;
    await assertSuryaEverywhere(expected.surya, title, `import round ${round}`);
  }

  // Merges: a solo author of a work Surya is not on joins him; the merged
  // record's cached page and answer give way to a 301 at once.
  for (let round = 0; round < 2; round++) {
    const old = ids.get(solo(3, 1 + round).display_name);
    const page = (await api(servers[0].base, `/researchers/${old}`)).url; // canonical
    const targets = sites.flatMap((s) => [`${s.base}/api/v1/researchers/${old}`, s.base + page]);
    await assertSuryaEverywhere(expected.surya, null, `merge round ${round}, warming`);
    for (const r of await burst(targets)) assert.equal(r.status, 200, `${r.url} before the merge`);
    const m = await bz('merge', SURYA, old);
    assert.equal(m.code, 0, m.stderr);
    expected.surya += 1;
    expected.researchers -= 1;
    for (const r of await burst(targets)) {
      assert.equal(r.status, 301, `${r.url} (via ${r.upstream}) just after the merge`);
      assert.match(new URL(r.location, r.url).pathname, new RegExp(`/researchers/${SURYA}\\b`), r.url);
    }
    await assertSuryaEverywhere(expected.surya, `Concurrent import file 3 work ${1 + round}`, `merge round ${round}`);
  }

  // Both servers give the same bytes for the same state.
  const urls = ['/api/v1/researchers?per_page=200', `/api/v1/researchers/${SURYA}`, PROFILE];
  for (const u of urls) {
    const [a, b] = await Promise.all(servers.map((s) => getText(s.base + u)));
    assert.equal(a.status, 200, u);
    assert.equal(b.text, a.text, `${u}: the servers differ`);
  }
  assert.equal((await allResearchers(proxy.base)).length, expected.researchers);
});
