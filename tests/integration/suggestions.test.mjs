// Suggested collaborators (docs/suggestions.md): on the demo, the list
// for the seed R4 computed here from data/demo/works.jsonl by the rule
// and compared with the API's; on the hand-made file, a shared
// institution leaves a candidate out; only the record's signed-in owner
// sees them on the profile; errors and paging of the API.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {
  startServer, startAccountServer, getJSON, getNoRedirect, browser, htmlText, makeTempDir, run, DEMO,
} from './server.mjs';
import { writePeopleFixture } from './people-fixture.mjs';

const YEAR = new Date().getUTCFullYear();
const FIRST = YEAR - 5 + 1; // coi.years 5, this year included
const PASSWORD = 'lantern-orchid-7341';

const servers = [];
after(async () => {
  for (const s of servers.splice(0)) await s.stop();
});

async function suggestions(srv, id, query = '') {
  const { status, body } = await getJSON(`${srv.base}/api/v1/researchers/${id}/suggestions${query}`);
  assert.equal(status, 200, JSON.stringify(body));
  return body;
}

async function allResearchers(srv) {
  const { body } = await getJSON(`${srv.base}/api/v1/researchers?per_page=200`);
  return new Map(body.results.map((r) => [r.display_name, Number(r.id.slice(1))]));
}

// The rule, written again from its documentation over the demo's works.
function expectedFor(seedName, idOf) {
  const works = fs.readFileSync(DEMO, 'utf8').trim().split('\n').map((l) => JSON.parse(l)).map((w) => ({
    year: w.publication_year,
    authors: [...new Set(w.authorships.map((a) => a.author.display_name))],
    topics: (w.topics || []).map((t) => t.id),
  }));
  const people = [...new Set(works.flatMap((w) => w.authors))];
  const worksOf = (p) => works.filter((w) => w.authors.includes(p));
  const topicsOf = (p) => new Set(worksOf(p).flatMap((w) => w.topics));
  const coauthorsOf = (p) => new Set(worksOf(p).flatMap((w) => w.authors).filter((q) => q !== p));
  const mine = topicsOf(seedName), myCoauthors = coauthorsOf(seedName);
  const out = [];
  for (const other of people) {
    if (other === seedName) continue;
    const topics = [...topicsOf(other)].filter((t) => mine.has(t)).length;
    const common = [...coauthorsOf(other)].filter((z) => z !== seedName && myCoauthors.has(z)).length;
    const together = worksOf(other).filter((w) => w.authors.includes(seedName));
    const score = 2 * common + topics;
    if (score === 0 || together.some((w) => !w.year || w.year >= FIRST)) continue;
    const parts = [];
    if (topics) parts.push(`${topics} shared topic${topics === 1 ? '' : 's'}`);
    if (common) parts.push(`${common} co-author${common === 1 ? '' : 's'} in common`);
    if (together.length) {
      const last = Math.max(...together.map((w) => w.year));
      parts.push(`co-authored ${together.length} work${together.length === 1 ? '' : 's'} (last in ${last})`);
    }
    parts.push('no conflict of interest');
    out.push({ id: idOf.get(other), name: other, score, common, topics, reason: parts.join(', ') });
  }
  out.sort((a, b) => b.score - a.score || b.common - a.common || b.topics - a.topics || a.id - b.id);
  return out.map((s) => ({ id: `R${s.id}`, name: s.name, score: s.score, reason: s.reason }));
}

test('the demo: who is suggested to Surya Ganguli (R4), and why', async () => {
  const srv = await startServer();
  servers.push(srv);
  const body = await suggestions(srv, 'R4', '?per_page=200');
  const got = body.results.map((r) => ({
    id: r.researcher.id, name: r.researcher.display_name, score: r.score, reason: r.reason,
  }));
  const expected = expectedFor('Surya Ganguli', await allResearchers(srv));
  assert.deepEqual(got, expected);
  assert.equal(body.meta.count, expected.length);
  assert.equal(body.meta.next_cursor, null);
  assert.ok(!got.some((s) => s.id === 'R4'), 'never the researcher themself');

  if (YEAR === 2026) {
    // as of 2026: the five co-authors of the 2020 credit-assignment paper
    // (4 co-authors in common each), then the three of the 2021 paper (3
    // shared arXiv categories, 2 co-authors in common), then Kadmon and
    // Timcheck; nobody who wrote with him in 2022 to 2026
    assert.deepEqual(got.map((s) => s.id),
      ['R19', 'R20', 'R21', 'R22', 'R23', 'R14', 'R15', 'R16', 'R17', 'R18']);
    assert.equal(got[0].reason,
      '4 co-authors in common, co-authored 1 work (last in 2020), no conflict of interest');
    assert.equal(got[5].reason,
      '3 shared topics, 2 co-authors in common, co-authored 1 work (last in 2021), no conflict of interest');
    assert.equal(got[8].reason,
      '1 co-author in common, co-authored 2 works (last in 2020), no conflict of interest');
  }
  // a co-author within the window (Lad 2026, Larsen 2022) is a conflict
  for (const [name, year] of [['Vedang Lad', 2026], ['Brett W. Larsen', 2022]])
    assert.equal(got.some((s) => s.name === name), year < FIRST, name);

  // paging through the ranked list
  const first = await suggestions(srv, 'R4', '?per_page=3');
  assert.equal(first.meta.count, Math.min(3, expected.length));
  if (expected.length > 3) {
    assert.equal(first.meta.next_cursor, '3');
    const second = await suggestions(srv, 'R4', '?per_page=3&cursor=3');
    assert.deepEqual(second.results.map((r) => r.researcher.id), expected.slice(3, 6).map((s) => s.id));
  }
});

test('a shared current institution leaves a candidate out; the API takes external ids', async () => {
  const dir = makeTempDir();
  const srv = await startServer({ importFiles: writePeopleFixture(dir) });
  servers.push(srv);
  fs.rmSync(dir, { recursive: true, force: true });
  const body = await suggestions(srv, 'openalex:A9300001'); // Ada Stone
  const got = body.results.map((r) => [r.researcher.display_name, r.score, r.reason]);
  const benOld = 2015 < FIRST;
  const expected = [
    ['Eli Park', 4, '2 shared topics, 1 co-author in common, no conflict of interest'],
    ['Dana Ruiz', 3, '1 shared topic, 1 co-author in common, no conflict of interest'],
  ];
  if (benOld)
    expected.push(['Ben Okafor', 2, '2 shared topics, co-authored 1 work (last in 2015), no conflict of interest']);
  // Chen Wu shares a topic but also Northfield University: left out
  assert.deepEqual(got, expected);
});

test('errors: bad, unknown and merged ids', async () => {
  const srv = await startServer();
  servers.push(srv);
  let r = await getJSON(`${srv.base}/api/v1/researchers/R99999/suggestions`);
  assert.equal(r.status, 404);
  assert.equal(r.body.error.code, 'not_found');
  r = await getJSON(`${srv.base}/api/v1/researchers/W1/suggestions`);
  assert.equal(r.status, 400);
  r = await getJSON(`${srv.base}/api/v1/researchers/R4/suggestions?per_page=0`);
  assert.equal(r.status, 400);
  assert.match(r.body.error.message, /per_page/);
  const m = await run(['merge', '--db', srv.db, 'R17', 'R18']);
  assert.equal(m.code, 0, m.stderr);
  const moved = await getNoRedirect(`${srv.base}/api/v1/researchers/R18/suggestions`);
  assert.equal(moved.status, 301);
  assert.equal(moved.headers.get('location'), '/api/v1/researchers/R17/suggestions');
});

test('on the profile, only the signed-in owner sees the suggestions', async () => {
  const srv = await startAccountServer({ importFiles: [DEMO] });
  servers.push(srv);
  for (const email of ['surya@example.org', 'other@example.org']) {
    const r = await srv.bzpeer(['user', 'add', '--db', srv.db, '--password-stdin', email], { input: PASSWORD + '\n' });
    assert.equal(r.code, 0, r.stderr);
  }
  let r = await srv.bzpeer(['claims', 'add', '--db', srv.db, '--account', 'surya@example.org',
    '--evidence', 'statement', '--note', 'These are my papers.', 'R4']);
  assert.equal(r.code, 0, r.stderr);
  r = await srv.bzpeer(['claims', 'approve', '--db', srv.db, /C(\d+)/.exec(r.stdout)[0]]);
  assert.equal(r.code, 0, r.stderr);

  const login = async (email) => {
    const b = browser(srv.base);
    const res = await b.submit('/login', { email, password: PASSWORD });
    assert.equal(res.status, 303, res.text);
    return b;
  };
  const page = '/researchers/R4-surya-ganguli';
  const anonymous = await fetch(srv.base + page).then((x) => x.text());
  assert.doesNotMatch(anonymous, /Suggested collaborators/);
  const other = await (await login('other@example.org')).get(page);
  assert.equal(other.status, 200);
  assert.doesNotMatch(other.text, /Suggested collaborators/);

  const owner = await login('surya@example.org');
  const mine = await owner.get(page);
  assert.equal(mine.status, 200);
  assert.equal(mine.res.headers.get('cache-control'), 'private, no-store');
  const text = htmlText(mine.text);
  assert.match(text, /Suggested collaborators\s+Only you see these/);
  const api = await suggestions(srv, 'R4');
  const first = api.results[0];
  assert.ok(first, 'the demo has suggestions for R4');
  assert.ok(text.includes(`${first.researcher.display_name} ${first.reason}`), text);
  assert.match(mine.text, new RegExp(`href="/coi\\?a=R4&amp;b=${first.researcher.id}"`));
  // the anonymous page is unchanged by the owner's visit
  assert.equal(await fetch(srv.base + page).then((x) => x.text()), anonymous);
});

test('a record hidden by an opt-out is never suggested, and checks on it answer 410', async () => {
  const srv = await startAccountServer({ importFiles: [DEMO] });
  servers.push(srv);
  for (const [email, role] of [['person@example.org'], ['mod@example.org', 'moderator']]) {
    const args = ['user', 'add', '--db', srv.db, '--password-stdin', ...(role ? ['--role', role] : []), email];
    const r = await srv.bzpeer(args, { input: PASSWORD + '\n' });
    assert.equal(r.code, 0, r.stderr);
  }
  const login = async (email) => {
    const b = browser(srv.base);
    const res = await b.submit('/login', { email, password: PASSWORD });
    assert.equal(res.status, 303, res.text);
    return b;
  };
  const before = (await suggestions(srv, 'R4', '?per_page=200')).results.map((r) => r.researcher.id);
  // Yuandong Tian (R14): a co-author of 2021 on cs.LG, suggested while
  // the window starts after 2021
  assert.equal(before.includes('R14'), 2021 < FIRST);

  const person = await login('person@example.org');
  let r = await person.submit('/researchers/R14/opt-out', { note: 'This is me; please hide it.' });
  assert.equal(r.status, 200, r.text);
  const mod = await login('mod@example.org');
  r = await mod.post('/moderate/opt-outs', { csrf: await mod.csrf('/account'), id: '1', decision: 'approve', reason: 'test' });
  assert.equal(r.status, 303, r.text);

  const now = (await suggestions(srv, 'R4', '?per_page=200')).results.map((x) => x.researcher.id);
  assert.deepEqual(now, before.filter((id) => id !== 'R14'));
  const coi = await getJSON(`${srv.base}/api/v1/coi?a=R4&b=R14`);
  assert.equal(coi.status, 410);
  assert.match(coi.body.error.message, /^b: this record is hidden/);
  assert.equal((await getJSON(`${srv.base}/api/v1/researchers/R14/suggestions`)).status, 410);
  const page = await fetch(`${srv.base}/coi?a=R14&b=R4`);
  assert.equal(page.status, 410);
  // nor is it listed among a topic's researchers, or counted there
  const seed = await getJSON(`${srv.base}/api/v1/researchers/R4`);
  const cs = seed.body.topics.find((x) => x.external_id === 'cs.LG');
  const topic = await getJSON(`${srv.base}/api/v1/topics/${cs.id}`);
  assert.ok(!topic.body.researchers.some((x) => x.id === 'R14'));
  assert.equal(topic.body.counts.researchers, 9);
});
