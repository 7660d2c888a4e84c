// The conflict-of-interest check, /coi and /api/v1/coi, on the demo and
// on a hand-made file with institutions: co-authorship within the window
// (coi.years, counted back from the current year, this one included),
// a shared current institution, the window's edge, and bad input.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {
  startServer, startAccountServer, getJSON, getText, htmlText, makeTempDir, run, DEMO,
} from './server.mjs';
import { writePeopleFixture } from './people-fixture.mjs';

const YEAR = new Date().getUTCFullYear();
// the demo's researchers (import order): R4 the seed
const GANGULI = 'R4', LAD = 'R1', LARSEN = 'R8', TIAN = 'R14', KADMON = 'R17', TIMCHECK = 'R18';

const servers = [];
after(async () => {
  for (const s of servers.splice(0)) await s.stop();
});

async function demoServer(years) {
  const s = years === undefined
    ? await startServer()
    : await startAccountServer({ importFiles: [DEMO], env: { BZPEER_COI_YEARS: String(years) } });
  servers.push(s);
  return s;
}

async function coi(srv, a, b) {
  const { status, body } = await getJSON(`${srv.base}/api/v1/coi?a=${encodeURIComponent(a)}&b=${encodeURIComponent(b)}`);
  assert.equal(status, 200, JSON.stringify(body));
  return body;
}

test('with 5 years: Ganguli and Lad conflict through their 2026 work; Kadmon does not', async () => {
  const srv = await demoServer();
  const lad = await coi(srv, GANGULI, LAD);
  assert.deepEqual(lad.window, { years: 5, from: YEAR - 4, to: YEAR });
  assert.equal(lad.a.id, GANGULI);
  assert.equal(lad.a.display_name, 'Surya Ganguli');
  assert.equal(lad.b.display_name, 'Vedang Lad');
  // the demo's 2026 work counts as long as 2026 is among the last 5 years
  assert.equal(lad.conflict, 2026 >= YEAR - 4);
  if (lad.conflict) {
    assert.deepEqual(lad.coauthored_works.map((w) => [w.id, w.publication_year]), [['W1', 2026]]);
    assert.match(lad.reason, /^Conflict of interest: 1 co-authored work in /);
  }
  assert.deepEqual(lad.shared_institutions, []);

  const kadmon = await coi(srv, GANGULI, KADMON);
  assert.equal(kadmon.conflict, false);
  assert.deepEqual(kadmon.coauthored_works, []);
  assert.equal(kadmon.earlier_coauthored_works, 2); // 2018 and 2020
  assert.match(kadmon.reason, /^No conflict of interest: .* 2 co-authored works from before \d+ do not count\.$/);

  // symmetric
  const back = await coi(srv, KADMON, GANGULI);
  assert.equal(back.conflict, kadmon.conflict);
  assert.equal(back.a.id, KADMON);
});

test('with coi.years = 10 (BZPEER_COI_YEARS) Ganguli and Kadmon conflict', async () => {
  const srv = await demoServer(10);
  const kadmon = await coi(srv, GANGULI, KADMON);
  assert.deepEqual(kadmon.window, { years: 10, from: YEAR - 9, to: YEAR });
  const expected = [['W5', 2020], ['W7', 2018]].filter(([, y]) => y >= YEAR - 9);
  assert.equal(kadmon.conflict, expected.length > 0);
  assert.deepEqual(kadmon.coauthored_works.map((w) => [w.id, w.publication_year]), expected);
});

test('the window\'s edge: the first year counts, the year before it does not', async () => {
  // a window whose first year is 2022, the year of Larsen's two works;
  // Tian's only work with Ganguli is of 2021
  const years = YEAR - 2022 + 1;
  const srv = await demoServer(years);
  const larsen = await coi(srv, GANGULI, LARSEN);
  assert.equal(larsen.window.from, 2022);
  assert.equal(larsen.conflict, true);
  assert.deepEqual(larsen.coauthored_works.map((w) => w.publication_year), [2022, 2022]);
  const tian = await coi(srv, GANGULI, TIAN);
  assert.equal(tian.conflict, false);
  assert.equal(tian.earlier_coauthored_works, 1);

  const wider = await demoServer(years + 1);
  const tian2 = await coi(wider, GANGULI, TIAN);
  assert.equal(tian2.window.from, 2021);
  assert.equal(tian2.conflict, true);
  assert.deepEqual(tian2.coauthored_works.map((w) => w.id), ['W4']);
});

test('a bad coi.years stops the server with a reason', async () => {
  const dir = makeTempDir();
  try {
    for (const bad of ['0', '101', 'five']) {
      const r = await run(['serve', '--port', '1', '--db', 'x.db'], { cwd: dir, env: { BZPEER_COI_YEARS: bad } });
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /coi\.years/);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('bad input: missing, malformed, unknown and same ids', async () => {
  const srv = await demoServer();
  const cases = [
    ['', 400, /'a' is missing/],
    [`a=${GANGULI}`, 400, /'b' is missing/],
    [`b=${GANGULI}`, 400, /'a' is missing/],
    [`a=${GANGULI}&b=`, 400, /'b' is missing/],
    [`a=${GANGULI}&b=${GANGULI}`, 400, /same researcher/],
    [`a=${GANGULI}&b=R4-any-slug`, 400, /same researcher/],
    [`a=${GANGULI}&b=W1`, 400, /^b: malformed id/],
    [`a=nope:1&b=${GANGULI}`, 400, /^a: unknown id scheme/],
    [`a=${GANGULI}&b=R99999`, 404, /^b: no researcher 'R99999'/],
    [`a=orcid:0000-0000-0000-0000&b=${GANGULI}`, 404, /^a: no researcher with orcid/],
  ];
  for (const [query, status, message] of cases) {
    const { status: got, body } = await getJSON(`${srv.base}/api/v1/coi?${query}`);
    assert.equal(got, status, `${query}: ${JSON.stringify(body)}`);
    assert.equal(body.error.code, status === 400 ? 'invalid' : 'not_found');
    assert.match(body.error.message, message, query);
    const page = await getText(`${srv.base}/coi?${query}`);
    if (query === '') {
      assert.equal(page.status, 200); // the empty form
      continue;
    }
    assert.equal(page.status, status, query);
    assert.match(htmlText(page.text), message.source.startsWith('^')
      ? new RegExp(message.source.slice(1)) : message);
    assert.match(page.text, /<form method="get" action="\/coi">/);
  }
});

test('a merged record stands for its survivor; a slug is accepted', async () => {
  const srv = await demoServer();
  const r = await run(['merge', '--db', srv.db, KADMON, TIMCHECK]);
  assert.equal(r.code, 0, r.stderr);
  const body = await coi(srv, `${GANGULI}-surya-ganguli`, TIMCHECK);
  assert.equal(body.b.id, KADMON);
  assert.equal(body.earlier_coauthored_works, 2);
  const same = await getJSON(`${srv.base}/api/v1/coi?a=${KADMON}&b=${TIMCHECK}`);
  assert.equal(same.status, 400);
  assert.match(same.body.error.message, /same researcher, 'R17'/);
});

test('the /coi page: a form that works without script, and the answer', async () => {
  const srv = await demoServer();
  const empty = await getText(`${srv.base}/coi`);
  assert.equal(empty.status, 200);
  assert.match(empty.text, /<input type="text" name="a"/);
  assert.match(empty.text, /<input type="text" name="b"/);
  assert.doesNotMatch(empty.text, /<script/);

  const page = await getText(`${srv.base}/coi?a=${GANGULI}&b=${KADMON}`);
  assert.equal(page.status, 200);
  const text = htmlText(page.text);
  assert.match(text, /Surya Ganguli and Jonathan Kadmon/);
  assert.match(text, /No conflict of interest/);
  assert.match(page.text, /href="\/researchers\/R17-jonathan-kadmon"/);
  assert.match(page.text, /value="R17"/);

  const lad = await getText(`${srv.base}/coi?a=${GANGULI}&b=${LAD}`);
  if (2026 >= YEAR - 4) {
    assert.match(htmlText(lad.text), /Conflict of interest: 1 co-authored work/);
    assert.match(lad.text, /<a href="\/works\/W1-letting-the-neural-code-speak[^"]*">/);
  }
});

test('a shared current institution is a conflict; an old one that a people source replaced is not', async () => {
  const dir = makeTempDir();
  const files = writePeopleFixture(dir);
  const srv = await startServer({ importFiles: files });
  servers.push(srv);
  fs.rmSync(dir, { recursive: true, force: true });
  const id = (key) => `openalex:A93000${key}`;

  // Ada and Chen: both at Northfield now, never co-authors
  const adaChen = await coi(srv, id('01'), id('03'));
  assert.equal(adaChen.conflict, true);
  assert.deepEqual(adaChen.coauthored_works, []);
  assert.deepEqual(adaChen.shared_institutions.map((i) => [i.display_name, i.country_code]),
    [['Northfield University', 'US']]);
  assert.match(adaChen.shared_institutions[0].id, /^I\d+$/);
  assert.equal(adaChen.reason, 'Conflict of interest: a shared current institution (Northfield University).');

  // Ada and Ben: co-authors in 2015 only, at different places
  const adaBen = await coi(srv, id('01'), id('02'));
  assert.equal(adaBen.conflict, 2015 >= YEAR - 4);
  assert.deepEqual(adaBen.shared_institutions, []);

  // Ben and Dana: Dana's author record puts her at Eastmoor now, so her
  // 2021 authorship at Lakeside (Ben's) is no shared current institution
  const benDana = await coi(srv, id('02'), id('04'));
  assert.deepEqual(benDana.shared_institutions, []);
  assert.equal(benDana.conflict, 2021 >= YEAR - 4);

  // Ben and Eli: a 2023 work
  const benEli = await coi(srv, id('02'), id('05'));
  assert.equal(benEli.conflict, 2023 >= YEAR - 4);

  const page = await getText(`${srv.base}/coi?a=${id('01')}&b=${id('03')}`);
  assert.equal(page.status, 200);
  assert.match(htmlText(page.text), /Shared current institutions\s+Northfield University/);
});
