// The API's writes (src/api/api_actions.c), on both backends: following
// and unfollowing a researcher, liking and disliking a work, writing a
// review (and reading a work's reviews), by a bearer token or by a
// session that sends its CSRF token in X-CSRF-Token; and every way to get
// them wrong.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startAccountServer, browser, htmlText, DEMO } from './server.mjs';

const PASSWORD = 'lantern-orchid-7341';

let srv;
let reader;
let bearer;

before(async () => {
  srv = await startAccountServer({ importFiles: [DEMO] });
  const r = await srv.bzpeer(['user', 'add', '--db', srv.db, '--password-stdin', 'reader@example.org'],
    { input: PASSWORD + '\n' });
  assert.equal(r.code, 0, r.stderr);
  reader = browser(srv.base);
  const login = await reader.submit('/login', { email: 'reader@example.org', password: PASSWORD });
  assert.equal(login.status, 303, htmlText(login.text).slice(0, 300));
  const made = await reader.submit('/account', { name: 'api writes' }, '/account/tokens');
  bearer = { authorization: `Bearer ${/<code class="token">(bzp_[^<]+)<\/code>/.exec(made.text)[1]}` };
});
after(async () => { await srv?.stop(); });

async function post(p, { headers = {}, json, form, body } = {}) {
  const h = { ...headers };
  if (json !== undefined) {
    h['content-type'] = 'application/json';
    body = typeof json === 'string' ? json : JSON.stringify(json);
  } else if (form) {
    h['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(form).toString();
  }
  const res = await fetch(srv.base + p, { method: 'POST', headers: h, body, redirect: 'manual' });
  const text = await res.text();
  let parsed = null;
  try { parsed = JSON.parse(text); } catch { /* not JSON */ }
  return { res, status: res.status, body: parsed, text };
}

test('a token follows and unfollows; the count and /me/following follow it', async () => {
  let r = await post('/api/v1/researchers/R4/follow', { headers: bearer });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body, { researcher: 'R4', following: true, changed: true, followers: 1 });
  assert.equal(r.res.headers.get('cache-control'), 'no-store');
  // again: nothing changes; a slug names the same record
  r = await post('/api/v1/researchers/R4-surya-ganguli/follow', { headers: bearer });
  assert.deepEqual(r.body, { researcher: 'R4', following: true, changed: false, followers: 1 });
  const list = await fetch(`${srv.base}/api/v1/me/following`, { headers: bearer }).then((x) => x.json());
  assert.deepEqual(list.results.map((x) => x.id), ['R4']);
  const profile = await fetch(`${srv.base}/api/v1/researchers/R4`).then((x) => x.json());
  assert.equal(profile.counts.followers, 1);
  r = await post('/api/v1/researchers/R4/unfollow', { headers: bearer });
  assert.deepEqual(r.body, { researcher: 'R4', following: false, changed: true, followers: 0 });
});

test('a session needs its CSRF token in X-CSRF-Token, from this site', async () => {
  const cookie = { cookie: reader.jar.header() };
  let r = await post('/api/v1/researchers/R17/follow', { headers: cookie });
  assert.equal(r.status, 403, r.text);
  assert.equal(r.body.error.code, 'forbidden');
  assert.match(r.body.error.message, /X-CSRF-Token/);
  const csrf = await reader.csrf('/researchers/R17/follow');
  // one character changed (a token may start with 'x' itself)
  const altered = (csrf[0] === 'x' ? 'y' : 'x') + csrf.slice(1);
  r = await post('/api/v1/researchers/R17/follow', { headers: { ...cookie, 'x-csrf-token': altered } });
  assert.equal(r.status, 403, r.text);
  r = await post('/api/v1/researchers/R17/follow',
    { headers: { ...cookie, 'x-csrf-token': csrf, origin: 'https://evil.example' } });
  assert.equal(r.status, 403, r.text);
  r = await post('/api/v1/researchers/R17/follow', { headers: { ...cookie, 'x-csrf-token': csrf } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.following, true);
  r = await post('/api/v1/researchers/R17/unfollow', { headers: { ...cookie, 'x-csrf-token': csrf } });
  assert.equal(r.body.following, false);
});

test('no account is 401; a bad token 401; GET is 405 with Allow: POST', async () => {
  let r = await post('/api/v1/researchers/R4/follow');
  assert.equal(r.status, 401, r.text);
  assert.equal(r.body.error.code, 'unauthorized');
  r = await post('/api/v1/researchers/R4/follow', { headers: { authorization: 'Bearer bzp_' + 'A'.repeat(43) } });
  assert.equal(r.status, 401, r.text);
  const get = await fetch(`${srv.base}/api/v1/researchers/R4/follow`, { headers: bearer });
  assert.equal(get.status, 405);
  assert.equal(get.headers.get('allow'), 'POST');
  const other = await fetch(`${srv.base}/api/v1/researchers/R4`, { method: 'POST', headers: bearer });
  assert.equal(other.status, 405);
  assert.equal(other.headers.get('allow'), 'GET, HEAD');
});

test('bad records: unknown 404, malformed 400', async () => {
  let r = await post('/api/v1/researchers/R999999/follow', { headers: bearer });
  assert.equal(r.status, 404, r.text);
  r = await post('/api/v1/researchers/Rx/follow', { headers: bearer });
  assert.equal(r.status, 400, r.text);
  r = await post('/api/v1/works/W999999/reaction', { headers: bearer, json: { reaction: 'like' } });
  assert.equal(r.status, 404, r.text);
  r = await post('/api/v1/works/Q1/reaction', { headers: bearer, json: { reaction: 'like' } });
  assert.equal(r.status, 400, r.text);
});

test('a reaction by JSON or by form; the work JSON counts it', async () => {
  let r = await post('/api/v1/works/W1/reaction', { headers: bearer, json: { reaction: 'like' } });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body, { work: 'W1', reaction: 'like', likes: 1, dislikes: 0 });
  let work = await fetch(`${srv.base}/api/v1/works/W1`).then((x) => x.json());
  assert.equal(work.counts.likes, 1);
  r = await post('/api/v1/works/W1/reaction', { headers: bearer, form: { reaction: 'dislike' } });
  assert.deepEqual(r.body, { work: 'W1', reaction: 'dislike', likes: 0, dislikes: 1 });
  // an external id with a slash in it names the work too
  r = await post('/api/v1/works/doi:10.48550/arxiv.2605.12485/reaction', { headers: bearer, json: { reaction: 'none' } });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body, { work: 'W1', reaction: null, likes: 0, dislikes: 0 });
  work = await fetch(`${srv.base}/api/v1/works/W1`).then((x) => x.json());
  assert.equal(work.counts.likes, 0);
  assert.equal(work.counts.dislikes, 0);
});

test('bad reaction bodies are 400 with the reason, 415 for another type', async () => {
  const cases = [
    [{ json: { reaction: 'love' } }, /'like', 'dislike' or 'none'/],
    [{ json: '{"reaction": ' }, /not JSON/],
    [{ json: '["like"]' }, /must be a JSON object/],
    [{ json: { reaction: 1 } }, /as a "reaction" string/],
    [{ json: '{"reaction": "like"}\u0000{"x": 1}' }, /NUL/],
    [{ form: { something: 'else' } }, /as a "reaction" string/],
  ];
  for (const [opts, reason] of cases) {
    const r = await post('/api/v1/works/W2/reaction', { headers: bearer, ...opts });
    assert.equal(r.status, 400, `${JSON.stringify(opts)}: ${r.text}`);
    assert.match(r.body.error.message, reason);
  }
  const r = await post('/api/v1/works/W2/reaction',
    { headers: { ...bearer, 'content-type': 'text/plain' }, body: 'like' });
  assert.equal(r.status, 415, r.text);
  const work = await fetch(`${srv.base}/api/v1/works/W2`).then((x) => x.json());
  assert.equal(work.counts.likes, 0);
});

test('a review is made (201), then replaced (200); the list shows it', async () => {
  let r = await post('/api/v1/works/W3/review', {
    headers: bearer, json: { summary: 'Clear and careful.', soundness: 4, significance: '3', comments: 'Figure 2 helps.' },
  });
  assert.equal(r.status, 201, r.text);
  const id = r.body.id;
  assert.ok(Number.isInteger(id) && id > 0, r.text);
  assert.equal(r.body.work, 'W3');
  assert.equal(r.body.by, null); // the reader owns no record
  assert.equal(r.body.summary, 'Clear and careful.');
  assert.equal(r.body.soundness, 4);
  assert.equal(r.body.significance, 3);
  assert.equal(r.body.comments, 'Figure 2 helps.');
  assert.match(r.body.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  r = await post('/api/v1/works/W3/review', {
    headers: bearer, form: { summary: 'Careful, on second reading.', soundness: '5', significance: '4' },
  });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.id, id);
  assert.equal(r.body.comments, null);
  const list = await fetch(`${srv.base}/api/v1/works/W3/reviews`).then((x) => x.json());
  assert.equal(list.meta.count, 1);
  assert.equal(list.results[0].id, id);
  assert.equal(list.results[0].summary, 'Careful, on second reading.');
  assert.equal(list.results[0].soundness, 5);
  const work = await fetch(`${srv.base}/api/v1/works/W3`).then((x) => x.json());
  assert.equal(work.counts.reviews, 1);
  const none = await fetch(`${srv.base}/api/v1/works/W4/reviews`).then((x) => x.json());
  assert.deepEqual(none.results, []);
});

test('bad reviews are 400 with the reason and change nothing', async () => {
  const cases = [
    [{ summary: 'x', soundness: 6, significance: 3 }, /soundness/],
    [{ summary: 'x', soundness: 3, significance: 2.5 }, /significance/],
    [{ summary: 'x', soundness: 3 }, /significance/],
    [{ soundness: 3, significance: 3 }, /summary/],
    [{ summary: 'x'.repeat(2001), soundness: 3, significance: 3 }, /summary/],
  ];
  for (const [json, reason] of cases) {
    const r = await post('/api/v1/works/W5/review', { headers: bearer, json });
    assert.equal(r.status, 400, `${JSON.stringify(json).slice(0, 80)}: ${r.text}`);
    assert.match(r.body.error.message, reason);
  }
  const list = await fetch(`${srv.base}/api/v1/works/W5/reviews`).then((x) => x.json());
  assert.equal(list.meta.count, 0);
  assert.equal((await post('/api/v1/works/W5/review', { json: { summary: 'x', soundness: 3, significance: 3 } })).status, 401);
  assert.equal((await fetch(`${srv.base}/api/v1/works/W999999/reviews`)).status, 404);
});
