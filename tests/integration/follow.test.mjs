// Following researchers through real HTTP: the anonymous profile's link
// (the same bytes for every visitor), log in first, the signed-in form with
// its CSRF token, follow and unfollow as plain posts (303 back) and as JSON
// (static/follow.js), idempotence, no self-follow, exact counts on the
// page, the follow page and the API at once, verified followers in the
// trust score (and the cap of unclaimed records), unknown, hidden and
// merged records; and many follows and unfollows at once from distinct
// accounts through two servers on one database, the count exact after.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startAccountServer, spawnServer, freePort, makeTempDir, browser, formField,
  htmlText, DEMO,
} from './server.mjs';

const PASSWORD = 'lantern-orchid-7341';
const PROFILE = '/researchers/R4-surya-ganguli';
const servers = [];
after(async () => {
  for (const s of servers.splice(0)) await s.stop();
});

async function server() {
  const srv = await startAccountServer({
    importFiles: [DEMO], env: { BZPEER_TRUSTED_PROXIES: '127.0.0.1' },
  });
  servers.push(srv);
  return srv;
}

let addresses = 0;
/** An account made by `bzpeer user add` (its address confirmed). */
async function userAdd(srv, email) {
  const r = await srv.bzpeer(['user', 'add', '--db', srv.db, '--password-stdin', email],
    { input: PASSWORD + '\n' });
  assert.equal(r.code, 0, r.stderr);
}

/** A browser logged in as email on base, from an address of its own (the
 * log-in throttle counts per address; the server trusts 127.0.0.1's
 * X-Forwarded-For). */
async function login(base, email) {
  const b = browser(base);
  addresses += 1;
  const from = `10.9.${addresses >> 8}.${addresses & 255}`;
  const r = await b.submit('/login', { email, password: PASSWORD }, '/login',
    { headers: { 'x-forwarded-for': from } });
  assert.equal(r.status, 303, `log-in as ${email}: ${r.status} ${htmlText(r.text).slice(0, 300)}`);
  return b;
}

async function apiRecord(base, id = 'R4') {
  const res = await fetch(`${base}/api/v1/researchers/${id}`);
  assert.equal(res.status, 200);
  return res.json();
}

const component = (trust, name) => trust.components.find((c) => c.name === name);

/** The count the anonymous profile's button shows. */
async function pageCount(base, path = PROFILE) {
  const res = await fetch(base + path);
  assert.equal(res.status, 200);
  const html = await res.text();
  const m = /Follow researcher<span class="count">(\d+)<\/span>/.exec(html);
  assert.ok(m, `no follow button with a count on ${path}`);
  return Number(m[1]);
}

/** The profile's follow form as a signed-in browser sees it. */
async function followForm(b, path = PROFILE) {
  const r = await b.get(path);
  assert.equal(r.status, 200);
  const m = /<form class="follow" method="post" action="([^"]+)" data-follow="(R\d+)">[\s\S]*?<\/form>/.exec(r.text);
  return m ? { action: m[1], id: m[2], csrf: formField(m[0], 'csrf'), html: m[0], page: r.text } : null;
}

async function follow(b, id = 'R4', opts = {}) {
  const csrf = await b.csrf(`/researchers/${id}/follow`);
  return b.post(`/researchers/${id}/${opts.un ? 'unfollow' : 'follow'}`,
    { csrf, ...(opts.fields ?? {}) }, { headers: opts.headers ?? {} });
}

async function followJson(b, id, on) {
  const csrf = await b.csrf(`/researchers/${id}/follow`);
  const r = await b.post(`/researchers/${id}/${on ? 'follow' : 'unfollow'}`, { csrf },
    { headers: { accept: 'application/json' } });
  assert.match(r.res.headers.get('content-type'), /^application\/json/);
  return { status: r.status, body: JSON.parse(r.text), res: r.res };
}

test('follow and unfollow from the profile: anonymous link, form, JSON, idempotence, counts', async () => {
  const srv = await server();
  await userAdd(srv, 'reader@example.org');

  // anonymous: the same bytes for everyone, a link that asks to log in
  const one = await (await fetch(srv.base + PROFILE)).text();
  const two = await (await fetch(srv.base + PROFILE, { headers: { cookie: 'bz_csrf=x' } })).text();
  assert.equal(one, two, 'the anonymous profile differs between visitors');
  assert.match(one, /<a class="button" href="\/researchers\/R4\/follow">Follow researcher<span class="count">0<\/span><\/a>/);
  assert.doesNotMatch(one, /name="csrf"/);
  const anon = browser(srv.base);
  let r = await anon.get('/researchers/R4/follow');
  assert.equal(r.status, 303);
  assert.equal(r.location, '/login?next=/researchers/R4/follow');
  r = await anon.post('/researchers/R4/follow', {});
  assert.equal(r.status, 303, 'a plain post by nobody goes to log in');
  assert.equal(r.location, '/login?next=/researchers/R4/follow');
  r = await anon.post('/researchers/R4/follow', {}, { headers: { accept: 'application/json' } });
  assert.equal(r.status, 401);
  assert.equal(JSON.parse(r.text).error.code, 'unauthorized');

  // the log-in comes back to the follow page, which shows the form
  const reader = browser(srv.base);
  r = await reader.submit('/login?next=/researchers/R4/follow',
    { email: 'reader@example.org', password: PASSWORD, next: '/researchers/R4/follow' }, '/login');
  assert.equal(r.status, 303, htmlText(r.text).slice(0, 300));
  assert.equal(r.location, '/researchers/R4/follow');
  r = await reader.get('/researchers/R4/follow');
  assert.equal(r.status, 200);
  assert.match(htmlText(r.text), /Follow Surya Ganguli/);
  assert.match(r.text, /action="\/researchers\/R4\/follow"/);
  assert.equal(r.res.headers.get('cache-control'), 'no-store');

  // the signed-in profile has the form, with the session's token
  let form = await followForm(reader);
  assert.ok(form, 'no follow form on the signed-in profile');
  assert.equal(form.action, '/researchers/R4/follow');
  assert.match(form.html, /aria-pressed="false"/);
  assert.ok(form.csrf && form.csrf.length > 20);
  assert.match(form.page, /<script src="\/static\/follow.js" defer><\/script>/);
  const js = await fetch(srv.base + '/static/follow.js');
  assert.equal(js.status, 200);
  assert.match(js.headers.get('content-type'), /^text\/javascript/);

  // CSRF: none, another's, from another site
  r = await reader.post('/researchers/R4/follow', {});
  assert.equal(r.status, 403);
  r = await reader.post('/researchers/R4/follow', { csrf: 'x'.repeat(40) });
  assert.equal(r.status, 403);
  r = await reader.post('/researchers/R4/follow', { csrf: form.csrf },
    { headers: { origin: 'https://evil.example' } });
  assert.equal(r.status, 403);
  r = await reader.post('/researchers/R4/follow', { csrf: 'x' }, { headers: { accept: 'application/json' } });
  assert.equal(r.status, 403);
  assert.equal(JSON.parse(r.text).error.code, 'forbidden');
  assert.equal(await pageCount(srv.base), 0, 'a refused post followed');

  // a plain post: 303 back to the profile, the count exact at once
  r = await reader.post('/researchers/R4/follow', { csrf: form.csrf });
  assert.equal(r.status, 303, r.text);
  assert.equal(r.location, PROFILE);
  assert.equal(await pageCount(srv.base), 1);
  assert.equal((await apiRecord(srv.base)).counts.followers, 1);
  form = await followForm(reader);
  assert.equal(form.action, '/researchers/R4/unfollow');
  assert.match(form.html, /aria-pressed="true"/);
  assert.match(form.html, /Unfollow researcher<\/span><span class="count">1</);

  // idempotent: again and again is one follow
  r = await follow(reader);
  assert.equal(r.status, 303);
  let j = await followJson(reader, 'R4', true);
  assert.equal(j.status, 200);
  assert.deepEqual(j.body, { researcher: 'R4', following: true, changed: false, followers: 1 });
  assert.equal(j.res.headers.get('cache-control'), 'no-store');
  assert.equal(await pageCount(srv.base), 1);

  // unfollow by JSON, twice
  j = await followJson(reader, 'R4', false);
  assert.deepEqual(j.body, { researcher: 'R4', following: false, changed: true, followers: 0 });
  j = await followJson(reader, 'R4', false);
  assert.deepEqual(j.body, { researcher: 'R4', following: false, changed: false, followers: 0 });
  assert.equal(await pageCount(srv.base), 0);
  assert.equal((await apiRecord(srv.base)).counts.followers, 0);

  // other addresses of the record: an external id, another slug
  j = await followJson(reader, 'R4-any-slug', true);
  assert.equal(j.body.researcher, 'R4');
  assert.equal(j.body.followers, 1);
  r = await follow(reader, 'R4', { un: true, fields: { back: 'following' } });
  assert.equal(r.status, 303);
  assert.equal(r.location, '/following');

  // methods and unknown records
  r = await reader.get('/researchers/R4/unfollow');
  assert.equal(r.status, 405);
  assert.equal(r.res.headers.get('allow'), 'POST');
  const csrf = await reader.csrf('/researchers/R4/follow');
  r = await reader.post('/researchers/R99999/follow', { csrf });
  assert.equal(r.status, 404);
  r = await reader.post('/researchers/X1/follow', { csrf });
  assert.equal(r.status, 400);
  r = await reader.post('/researchers/R99999/follow', { csrf }, { headers: { accept: 'application/json' } });
  assert.equal(r.status, 404);
  assert.equal(JSON.parse(r.text).error.code, 'not_found');
  assert.equal((await reader.get('/researchers/R99999/follow')).status, 404);
});

test('no self-follow; verified followers feed the score, capped until claimed', async () => {
  const srv = await server();
  for (const who of ['owner', 'fan1', 'fan2', 'fan3']) await userAdd(srv, `${who}@example.org`);

  // an unverified account: signed up, never confirmed
  const unverified = browser(srv.base);
  let r = await unverified.submit('/signup', { email: 'new@example.org', password: PASSWORD });
  assert.equal(r.status, 303, htmlText(r.text).slice(0, 300));
  const unv = await login(srv.base, 'new@example.org');
  assert.equal((await followJson(unv, 'R4', true)).body.followers, 1);
  let rec = await apiRecord(srv.base);
  assert.equal(rec.counts.followers, 1, 'an unverified follower is counted');
  assert.equal(component(rec.trust, 'followers').points, 0, 'but earns nothing');

  // the owner-to-be follows first, then claims: the follow stays, uncounted
  const owner = await login(srv.base, 'owner@example.org');
  assert.equal((await followJson(owner, 'R4', true)).body.followers, 2);
  const fan1 = await login(srv.base, 'fan1@example.org');
  assert.equal((await followJson(fan1, 'R4', true)).body.followers, 3);
  rec = await apiRecord(srv.base);
  assert.equal(component(rec.trust, 'followers').points, 3, 'two verified followers: floor(2 log2 3)');
  assert.equal(rec.trust.raw, 24);
  assert.equal(rec.trust.score, 21, 'an unclaimed record stops at 21');
  assert.equal(rec.trust.capped, true);
  assert.match(htmlText(await (await fetch(srv.base + PROFILE)).text()), /Trust 21 - Emerging/);

  r = await srv.bzpeer(['claims', 'add', '--db', srv.db, '--account', 'owner@example.org',
    '--evidence', 'statement', '--note', 'mine', 'R4']);
  assert.equal(r.code, 0, r.stderr);
  r = await srv.bzpeer(['claims', 'approve', '--db', srv.db, /C(\d+)/.exec(r.stdout)[0]]);
  assert.equal(r.code, 0, r.stderr);
  rec = await apiRecord(srv.base);
  assert.equal(rec.counts.followers, 2, "the owner's own follow is not counted");
  assert.equal(component(rec.trust, 'followers').points, 2, 'one verified follower: floor(2 log2 2)');
  assert.equal(rec.trust.score, 38, 'L2 36 + 2');
  assert.equal(rec.trust.capped, false);

  // the owner cannot follow again, and sees no follow button of its own
  const j = await followJson(owner, 'R4', false);
  assert.deepEqual(j.body, { researcher: 'R4', following: false, changed: true, followers: 2 });
  r = await follow(owner);
  assert.equal(r.status, 403);
  assert.match(htmlText(r.text), /nobody follows their own record/);
  const refused = await followJson(owner, 'R4', true);
  assert.equal(refused.status, 403);
  assert.equal(refused.body.error.code, 'forbidden');
  assert.equal(await followForm(owner), null, 'the owner is offered a follow form');
  assert.match(htmlText((await owner.get(PROFILE)).text), /This is your record: nobody follows their own\./);
  assert.equal((await apiRecord(srv.base)).counts.followers, 2);

  // two more verified followers: floor(2 log2 4) = 4
  for (const who of ['fan2', 'fan3']) {
    const b = await login(srv.base, `${who}@example.org`);
    assert.equal((await followJson(b, 'R4', true)).status, 200);
  }
  rec = await apiRecord(srv.base);
  assert.equal(rec.counts.followers, 4);
  assert.equal(component(rec.trust, 'followers').points, 4);
  assert.equal(rec.trust.score, 40);
  assert.match(htmlText(await (await fetch(srv.base + PROFILE)).text()), /Trust 40 - Established.*4 followers/);
});

test('merged and hidden records', async () => {
  const srv = await server();
  await userAdd(srv, 'reader@example.org');
  await userAdd(srv, 'mod@example.org');
  let r = await srv.bzpeer(['user', 'role', '--db', srv.db, 'mod@example.org', 'moderator']);
  assert.equal(r.code, 0, r.stderr);
  const reader = await login(srv.base, 'reader@example.org');

  // a follow of a merged record goes to the survivor, and merges move follows
  assert.equal((await followJson(reader, 'R5', true)).body.followers, 1);
  r = await srv.bzpeer(['merge', '--db', srv.db, 'R6', 'R5']);
  assert.equal(r.code, 0, r.stderr);
  const survivor = await apiRecord(srv.base, 'R6');
  assert.equal(survivor.counts.followers, 1, 'the merge moved the follow');
  const j = await followJson(reader, 'R5', true);
  assert.deepEqual(j.body, { researcher: 'R6', following: true, changed: false, followers: 1 });
  r = await follow(reader, 'R5');
  assert.equal(r.status, 303);
  assert.equal(r.location, survivor.url);

  // a hidden record cannot be followed (410); unfollowing it is fine
  assert.equal((await followJson(reader, 'R7', true)).body.followers, 1);
  r = await reader.submit('/researchers/R7/opt-out', { note: 'This is me.' });
  assert.equal(r.status, 200);
  const mod = await login(srv.base, 'mod@example.org');
  r = await mod.post('/moderate/opt-outs', { csrf: await mod.csrf('/account'), id: '1', decision: 'approve', reason: 'test' });
  assert.equal(r.status, 303, r.text);
  const csrf = await reader.csrf('/account');
  r = await reader.post('/researchers/R7/follow', { csrf });
  assert.equal(r.status, 410);
  assert.equal((await reader.get('/researchers/R7/follow')).status, 410);
  r = await reader.post('/researchers/R7/unfollow', { csrf }, { headers: { accept: 'application/json' } });
  assert.equal(r.status, 410, 'the record answers 410 whatever is asked');
});

test('many follows and unfollows at once through two servers leave the count exact', async () => {
  const a = await server();
  const dir = makeTempDir('bzpeer-follow-b-');
  const port = await freePort();
  const b = await spawnServer({
    args: ['--port', String(port), '--db', a.db], port, dir, keepDir: false,
    env: { ...a.env, BZPEER_BASE_URL: `http://127.0.0.1:${port}` },
  });
  servers.push(b);
  const N = 24;
  const emails = Array.from({ length: N }, (_, i) => `crowd${i}@example.org`);
  for (const e of emails) await userAdd(a, e);
  // each account's session, from alternate servers (sessions live in the
  // database: either server knows them)
  const people = [];
  for (let i = 0; i < N; i++) people.push(await login(i % 2 ? b.base : a.base, emails[i]));

  // every account follows twice at once, half of them through the other
  // server: each POST a JSON one, so that the answers say what they saw
  const through = (p, i) => browser(i % 2 ? a.base : b.base, p.jar);
  const tokens = await Promise.all(people.map((p) => p.csrf('/account')));
  const post = (i, path) => through(people[i], i).post(path, { csrf: tokens[i] },
    { headers: { accept: 'application/json' } });
  let answers = await Promise.all(people.flatMap((p, i) => [
    post(i, '/researchers/R4/follow'), post(i, '/researchers/R4-surya-ganguli/follow')]));
  for (const r of answers) assert.equal(r.status, 200, r.text);
  const changed = answers.map((r) => JSON.parse(r.text)).filter((x) => x.changed).length;
  assert.equal(changed, N, 'each account added its follow exactly once');
  for (const base of [a.base, b.base]) {
    assert.equal(await pageCount(base), N, `${base}: the page's count`);
    assert.equal((await apiRecord(base)).counts.followers, N, `${base}: the API's count`);
  }

  // the even half unfollow while the odd half follow again, all at once
  answers = await Promise.all(people.map((p, i) =>
    post(i, `/researchers/R4/${i % 2 ? 'follow' : 'unfollow'}`)));
  for (const r of answers) assert.equal(r.status, 200, r.text);
  const final = answers.map((r) => JSON.parse(r.text));
  assert.equal(final.filter((x) => x.changed).length, N / 2);
  assert.ok(final.every((x) => x.followers >= N / 2 && x.followers <= N));
  for (const base of [a.base, b.base]) {
    assert.equal(await pageCount(base), N / 2, `${base}: the page's count after`);
    const rec = await apiRecord(base);
    assert.equal(rec.counts.followers, N / 2, `${base}: the API's count after`);
    assert.equal(component(rec.trust, 'followers').points, 7, 'floor(2 log2 13)');
  }
});
