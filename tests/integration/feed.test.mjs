// What following gives, through real HTTP on both backends: /following,
// /feed (each work once, newest arrival first, keyset pages, bad paging is
// a 400, works an owner hid left out, a new import there at once), the API's
// /me/following and /me/feed (session or token, SPEC's list shape), and each
// researcher's public Atom feed as a real feed parser reads it (Debian's
// python3-feedparser under /usr/bin/python3: tests/integration/atom_check.py):
// absolute links from base_url, escaping, the profile's redirects, 404, 410
// and the response cache.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  startAccountServer, browser, htmlText, links, PYTHON3, SOURCE_DIR, DEMO,
} from './server.mjs';

const PASSWORD = 'lantern-orchid-7341';
const SURYA = { id: 'https://demo.bzpeer.invalid/A4', display_name: 'Surya Ganguli' };
const ATOM_CHECK = path.join(SOURCE_DIR, 'tests', 'integration', 'atom_check.py');

let srv;
let reader;
before(async () => {
  srv = await startAccountServer({ importFiles: [DEMO] });
  for (const email of ['reader@example.org', 'owner@example.org', 'mod@example.org']) {
    const r = await srv.bzpeer(['user', 'add', '--db', srv.db, '--password-stdin', email],
      { input: PASSWORD + '\n' });
    assert.equal(r.code, 0, r.stderr);
  }
  reader = await login('reader@example.org');
});
after(async () => { await srv?.stop(); });

async function login(email) {
  const b = browser(srv.base);
  const r = await b.submit('/login', { email, password: PASSWORD });
  assert.equal(r.status, 303, htmlText(r.text).slice(0, 300));
  return b;
}

async function follow(b, id, on = true) {
  const csrf = await b.csrf(`/researchers/${id}/follow`);
  const r = await b.post(`/researchers/${id}/${on ? 'follow' : 'unfollow'}`, { csrf });
  assert.equal(r.status, 303, htmlText(r.text).slice(0, 300));
}

let imported = 0;
/** Imports one OpenAlex-shaped work by `authors`; returns nothing (its W
 * number is the next one). */
async function importWork(title, authors = [SURYA], abstract = null) {
  imported += 1;
  const n = 9100000000 + imported;
  const line = JSON.stringify({
    id: `https://openalex.org/W${n}`, title, display_name: title, publication_year: 2026,
    type: 'article', ids: { openalex: `https://openalex.org/W${n}` },
    authorships: authors.map((a, k) => ({
      author_position: k === 0 ? 'first' : 'middle',
      author: { id: a.id, display_name: a.display_name, orcid: null },
      raw_author_name: a.display_name, institutions: [], raw_affiliation_strings: [],
    })),
    abstract_inverted_index: abstract
      ? Object.fromEntries(abstract.split(' ').map((w, i) => [w, [i]])) : null,
    topics: [],
  }) + '\n';
  const file = path.join(srv.dir, `new-${imported}.jsonl`);
  fs.writeFileSync(file, line);
  const r = await srv.bzpeer(['import', '--quiet', '--db', srv.db, file]);
  assert.equal(r.code, 0, r.stderr);
}

/** The works /feed lists, in order: [W numbers]. */
function feedWorks(html) {
  return [...html.matchAll(/<article class="work">[\s\S]*?<h3><a href="\/works\/(W\d+)/g)].map((m) => m[1]);
}

/** Every page of /feed at per_page, following its "Older works" links. */
async function wholeFeed(b, perPage) {
  const out = [];
  let next = `/feed?per_page=${perPage}`;
  for (let i = 0; next && i < 50; i++) {
    const r = await b.get(next);
    assert.equal(r.status, 200, r.text);
    const page = feedWorks(r.text);
    assert.ok(page.length <= perPage);
    out.push(...page);
    const more = links(r.text).find((l) => l.text === 'Older works');
    next = more ? more.href : null;
  }
  return out;
}

function atom(xml) {
  const out = execFileSync(PYTHON3, [ATOM_CHECK], { input: xml, encoding: 'utf8' });
  return JSON.parse(out);
}

async function api(p, headers = {}) {
  const res = await fetch(srv.base + '/api/v1' + p, { headers });
  return { status: res.status, body: await res.json(), res };
}

test('/feed and /following: each work once, newest first, keyset pages', async () => {
  const anon = browser(srv.base);
  for (const p of ['/feed', '/following']) {
    const r = await anon.get(p);
    assert.equal(r.status, 303);
    assert.equal(r.location, `/login?next=${p}`);
  }
  let r = await reader.get('/feed');
  assert.equal(r.status, 200);
  assert.match(htmlText(r.text), /No works yet/);
  assert.equal(r.res.headers.get('cache-control'), 'no-store');

  await follow(reader, 'R4');
  await follow(reader, 'R17'); // Jonathan Kadmon: W5 and W7, both with R4
  const all = feedWorks((await reader.get('/feed')).text);
  assert.deepEqual(all, ['W7', 'W6', 'W5', 'W4', 'W3', 'W2', 'W1']);
  for (const n of [1, 2, 3, 7]) assert.deepEqual(await wholeFeed(reader, n), all, `pages of ${n}`);

  for (const bad of ['cursor=abc', 'cursor=0', 'cursor=-3', 'per_page=0', 'per_page=201', 'per_page=x']) {
    r = await reader.get(`/feed?${bad}`);
    assert.equal(r.status, 400, `/feed?${bad}`);
  }
  r = await reader.get('/feed?cursor=1');
  assert.match(htmlText(r.text), /No older works/);

  // a new import is at the top at once
  await importWork('A brand new work by Surya');
  r = await reader.get('/feed?per_page=1');
  assert.deepEqual(feedWorks(r.text), ['W8']);
  assert.match(htmlText(r.text), /A brand new work by Surya/);
  assert.match(htmlText(r.text), /Added to bzpeer \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);

  // /following: both, each with an unfollow button that comes back here
  r = await reader.get('/following');
  assert.equal(r.status, 200);
  const text = htmlText(r.text);
  assert.match(text, /Surya Ganguli R4 · Verification L1 · 8 works/);
  assert.match(text, /Jonathan Kadmon R17/);
  assert.match(r.text, /action="\/researchers\/R17\/unfollow"/);
  r = await reader.get('/following?per_page=1');
  const more = links(r.text).find((l) => l.text === 'More researchers');
  assert.equal(more.href, '/following?cursor=4&per_page=1');
  assert.match(htmlText((await reader.get(more.href)).text), /Jonathan Kadmon/);
  assert.equal((await reader.get('/following?cursor=x')).status, 400);
  const csrf = await reader.csrf('/following');
  r = await reader.post('/researchers/R17/unfollow', { csrf, back: 'following' });
  assert.equal(r.status, 303);
  assert.equal(r.location, '/following');
  assert.doesNotMatch(htmlText((await reader.get('/following')).text), /Jonathan Kadmon/);
  await follow(reader, 'R17');
});

test('a work its owner hides leaves the feed', async () => {
  let r = await srv.bzpeer(['claims', 'add', '--db', srv.db, '--account', 'owner@example.org',
    '--evidence', 'statement', '--note', 'mine', 'R17']);
  assert.equal(r.code, 0, r.stderr);
  r = await srv.bzpeer(['claims', 'approve', '--db', srv.db, /C(\d+)/.exec(r.stdout)[0]]);
  assert.equal(r.code, 0, r.stderr);
  const owner = await login('owner@example.org');
  // W5 is Kadmon's and Surya's: still in the feed through Surya
  r = await owner.submit('/researchers/R17/edit', { section: 'works', work_0: '5', work_0_state: 'hidden' });
  assert.equal(r.status, 200, htmlText(r.text).slice(0, 300));
  const csrf = await reader.csrf('/following');
  r = await reader.post('/researchers/R4/unfollow', { csrf });
  assert.equal(r.status, 303);
  const feed = feedWorks((await reader.get('/feed')).text);
  assert.deepEqual(feed, ['W7'], 'W5 is hidden by its owner, the others were Surya\'s');
  await follow(reader, 'R4');
  assert.deepEqual(feedWorks((await reader.get('/feed')).text), ['W8', 'W7', 'W6', 'W5', 'W4', 'W3', 'W2', 'W1']);
});

test('the API: /me/following and /me/feed, by session and by token', async () => {
  let r = await api('/me/feed');
  assert.equal(r.status, 401);
  assert.equal(r.body.error.code, 'unauthorized');
  assert.equal((await api('/me/following')).status, 401);

  const made = await reader.submit('/account', { name: 'feeds' }, '/account/tokens');
  assert.equal(made.status, 200);
  const token = /<code class="token">(bzp_[^<]+)<\/code>/.exec(made.text)[1];
  const bearer = { authorization: `Bearer ${token}` };
  const session = { cookie: reader.jar.header() };

  for (const headers of [bearer, session]) {
    r = await api('/me/following', headers);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body.meta, { count: 2, next_cursor: null });
    assert.deepEqual(r.body.results.map((x) => [x.id, x.display_name, x.verification_level]),
      [['R4', 'Surya Ganguli', 'L1'], ['R17', 'Jonathan Kadmon', 'L2']]);
    assert.equal(r.res.headers.get('cache-control'), 'no-store');
  }
  r = await api('/me/following?per_page=1', bearer);
  assert.deepEqual(r.body.meta, { count: 1, next_cursor: '4' });
  r = await api('/me/following?per_page=1&cursor=4', bearer);
  assert.deepEqual(r.body.results.map((x) => x.id), ['R17']);

  const ids = [];
  let cursor = null;
  for (let i = 0; i < 10; i++) {
    r = await api(`/me/feed?per_page=3${cursor ? `&cursor=${cursor}` : ''}`, bearer);
    assert.equal(r.status, 200);
    assert.ok(r.body.meta.count <= 3);
    ids.push(...r.body.results.map((x) => x.work.id));
    cursor = r.body.meta.next_cursor;
    if (cursor === null) break;
  }
  assert.deepEqual(ids, ['W8', 'W7', 'W6', 'W5', 'W4', 'W3', 'W2', 'W1']);
  r = await api('/me/feed?per_page=1', bearer);
  const first = r.body.results[0];
  assert.equal(first.work.title, 'A brand new work by Surya');
  assert.match(first.added_at, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  assert.deepEqual(first.authorships.map((a) => a.researcher?.id), ['R4']);
  for (const bad of ['cursor=nope', 'per_page=500']) {
    r = await api(`/me/feed?${bad}`, bearer);
    assert.equal(r.status, 400);
    assert.equal(r.body.error.code, 'invalid');
  }
});

test('the Atom feed, as a feed parser reads it', async () => {
  const base = srv.env.BZPEER_BASE_URL;
  const title = 'Tags <script>alert("x")</script> & \'quotes\' \u0001 in a title';
  await importWork(title, [SURYA, { id: 'https://openalex.org/A9100000001', display_name: 'Ada <b>Lovelace</b>' }],
    'An abstract with <markup> & ampersands.');
  let res = await fetch(`${srv.base}/researchers/R4-surya-ganguli/feed.atom`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/atom+xml; charset=utf-8');
  const xml = await res.text();
  assert.doesNotMatch(xml, /<script>/);
  const feed = atom(xml);
  assert.equal(feed.bozo, false, feed.bozo_exception);
  assert.equal(feed.version, 'atom10');
  assert.equal(feed.feed.id, `${base}/researchers/R4`);
  assert.equal(feed.feed.title, 'New works by Surya Ganguli · bzpeer');
  assert.deepEqual(feed.feed.links, [
    { rel: 'alternate', type: 'text/html', href: `${base}/researchers/R4-surya-ganguli` },
    { rel: 'self', type: 'application/atom+xml', href: `${base}/researchers/R4-surya-ganguli/feed.atom` },
  ]);
  assert.equal(feed.entries.length, 9);
  assert.deepEqual(feed.entries.map((e) => e.id), ['W9', 'W8', 'W7', 'W6', 'W5', 'W4', 'W3', 'W2', 'W1']
    .map((w) => `${base}/works/${w}`));
  assert.equal(feed.feed.updated, feed.entries[0].updated);
  const top = feed.entries[0];
  assert.equal(top.title, title.replace('\u0001', ''));
  assert.match(top.link, new RegExp(`^${base}/works/W9-tags-script-alert`));
  assert.deepEqual(top.authors, ['Surya Ganguli', 'Ada <b>Lovelace</b>']);
  assert.equal(top.author_uris[0], `${base}/researchers/R4-surya-ganguli`);
  assert.equal(top.summary, 'An abstract with <markup> & ampersands.');
  assert.equal(top.summary_type, 'text/plain');
  assert.deepEqual(top.tags, ['article']);
  assert.match(top.published, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.ok(top.updated_parsed);
  const seven = feed.entries.find((e) => e.id.endsWith('/W7'));
  assert.deepEqual(seven.authors, ['Jonathan Kadmon', 'Surya Ganguli']);
  assert.match(seven.summary, /^Often, large, high dimensional datasets/);

  // the profile's addresses, the cache, and a new work at once
  for (const p of ['/researchers/R4/feed.atom', '/researchers/R4-old-slug/feed.atom']) {
    res = await fetch(srv.base + p, { redirect: 'manual' });
    assert.equal(res.status, 301, p);
    assert.equal(res.headers.get('location'), '/researchers/R4-surya-ganguli/feed.atom');
  }
  assert.equal((await fetch(`${srv.base}/researchers/R99999/feed.atom`)).status, 404);
  assert.equal((await fetch(`${srv.base}/researchers/Rx/feed.atom`)).status, 400);
  assert.equal((await fetch(`${srv.base}/researchers/R4-surya-ganguli/feed.atom`, { method: 'POST' })).status, 405);
  const again = await (await fetch(`${srv.base}/researchers/R4-surya-ganguli/feed.atom`)).text();
  assert.equal(again, xml, 'the feed changed with nothing imported');
  await importWork('The newest of them all');
  const after1 = atom(await (await fetch(`${srv.base}/researchers/R4-surya-ganguli/feed.atom`)).text());
  assert.equal(after1.entries[0].title, 'The newest of them all');

  // a co-author's feed: the redirect followed, her one work
  const ada = (await api('/researchers?q=lovelace')).body.results[0];
  const adaFeed = atom(await (await fetch(`${srv.base}/researchers/${ada.id}/feed.atom`)).text());
  assert.equal(adaFeed.bozo, false, adaFeed.bozo_exception);
  assert.equal(adaFeed.entries.length, 1);

  // merged: 301 to the survivor's feed; hidden: 410
  let r = await srv.bzpeer(['merge', '--db', srv.db, 'R6', 'R5']);
  assert.equal(r.code, 0, r.stderr);
  res = await fetch(`${srv.base}/researchers/R5/feed.atom`, { redirect: 'manual' });
  assert.equal(res.status, 301);
  assert.match(res.headers.get('location'), /^\/researchers\/R6-[a-z-]+\/feed\.atom$/);
  const person = reader;
  r = await person.submit('/researchers/R7/opt-out', { note: 'This is me.' });
  assert.equal(r.status, 200);
  await srv.bzpeer(['user', 'role', '--db', srv.db, 'mod@example.org', 'moderator']);
  const mod = await login('mod@example.org');
  r = await mod.post('/moderate/opt-outs', { csrf: await mod.csrf('/account'), id: '1', decision: 'approve', reason: 'test' });
  assert.equal(r.status, 303);
  assert.equal((await fetch(`${srv.base}/researchers/R7/feed.atom`, { redirect: 'manual' })).status, 410);
});
