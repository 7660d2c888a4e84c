// The HTTP plumbing over real HTTP: methods and Allow, the body cap, the
// security headers on every kind of answer, and the cache rule for
// requests that carry credentials.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { run, spawnServer, makeTempDir, freePort, testDb, getText, DEMO } from './server.mjs';

const MAX_BODY = 4096; // the smallest max_body is 1024
const PROFILE = '/researchers/R4-surya-ganguli';
const SESSION = 'sekrit-session-value-41';

let srv;

// One event loop, so that every request sees the one cache; debug
// logging, so that the cache says what it did for each request id.
test.before(async () => {
  const dir = makeTempDir();
  const db = testDb(dir, 'http');
  const r = await run(['import', '--quiet', '--db', db, DEMO], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  const port = await freePort();
  const s = await spawnServer({
    args: ['--port', String(port), '--db', db], port, dir, keepDir: false,
    env: { BZPEER_THREADS: '1', BZPEER_LOG_LEVEL: 'debug', BZPEER_MAX_BODY: String(MAX_BODY) },
  });
  srv = { ...s, dir, db };
});
test.after(async () => { await srv?.stop(); });

function assertSecurityHeaders(res, what) {
  const h = res.headers;
  assert.equal(h.get('x-content-type-options'), 'nosniff', what);
  assert.equal(h.get('referrer-policy'), 'same-origin', what);
  assert.equal(h.get('x-frame-options'), 'DENY', what);
  assert.match(h.get('content-security-policy') ?? '', /frame-ancestors 'none'/, what);
}

const form = (body) => ({
  method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' },
});

test('security headers on pages, API, errors, redirects and static files, fresh or cached', async () => {
  const targets = [
    ['/', 200], [PROFILE, 200], ['/researchers/R4', 301], ['/healthz', 200],
    ['/api/v1/researchers', 200], ['/api/v1/works/W999', 404], ['/nope', 404],
    ['/researchers/Rx', 400], ['/static/style.css', 200], ['/favicon.ico', 200],
  ];
  for (const [target, status] of targets) {
    for (const round of ['first', 'again (cached)']) {
      const r = await getText(srv.base + target);
      assert.equal(r.status, status, `${target} ${round}`);
      assertSecurityHeaders(r.res, `${target} ${round}`);
    }
    const head = await fetch(srv.base + target, { method: 'HEAD', redirect: 'manual' });
    assertSecurityHeaders(head, `HEAD ${target}`);
  }
  const post = await getText(srv.base + '/', form('a=1'));
  assertSecurityHeaders(post.res, 'POST / (405)');
  const big = await getText(srv.base + '/', form('a='.padEnd(MAX_BODY + 10, 'x')));
  assertSecurityHeaders(big.res, 'POST / (413)');
  const withSession = await getText(srv.base + PROFILE, { headers: { cookie: `bz_session=${SESSION}` } });
  assertSecurityHeaders(withSession.res, 'a personal GET');
});

test('POST to an address that takes only GET answers 405 with Allow', async () => {
  for (const target of ['/', PROFILE, '/works/W1', '/static/style.css']) {
    const r = await getText(srv.base + target, form('a=1'));
    assert.equal(r.status, 405, `POST ${target}`);
    assert.equal(r.res.headers.get('allow'), 'GET, HEAD', `POST ${target}`);
    assert.match(r.type, /^text\/html\b/);
    assert.match(r.text, /Method not allowed/);
  }
  const api = await getText(srv.base + '/api/v1/researchers', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
  assert.equal(api.status, 405);
  assert.equal(api.res.headers.get('allow'), 'GET, HEAD');
  assert.equal(JSON.parse(api.text).error.code, 'method_not_allowed');
  // no address at all is a 404, whatever the method
  const nowhere = await getText(srv.base + '/no/such/address', form('a=1'));
  assert.equal(nowhere.status, 404);
  assert.equal(nowhere.res.headers.get('allow'), null);
  // and the 405 was not kept for the GET of the same target
  const get = await getText(srv.base + PROFILE);
  assert.equal(get.status, 200);
  assert.equal(get.res.headers.get('allow'), null);
});

test('a body over max_body answers 413 with the reason; one at it does not', async () => {
  const over = 'a='.padEnd(MAX_BODY + 1, 'x');
  const page = await getText(srv.base + '/', form(over));
  assert.equal(page.status, 413);
  assert.match(page.type, /^text\/html\b/);
  assert.match(page.text, /Too large/);
  assert.match(page.text, new RegExp(`request body of ${MAX_BODY + 1} bytes is over the limit of ${MAX_BODY} bytes`));
  const api = await getText(srv.base + '/api/v1/researchers', { method: 'POST', body: over, headers: { 'content-type': 'application/json' } });
  assert.equal(api.status, 413);
  const error = JSON.parse(api.text).error;
  assert.equal(error.code, 'too_large');
  assert.match(error.message, /over the limit of 4096 bytes/);
  const at = await getText(srv.base + '/', form('a='.padEnd(MAX_BODY, 'x')));
  assert.equal(at.status, 405, 'a body of exactly max_body is read');
});

test('a body far over max_body is refused by evhttp, and the server keeps serving', async () => {
  const r = await fetch(srv.base + '/', form('a='.padEnd(1024 * 1024, 'x')));
  await r.arrayBuffer();
  assert.equal(r.status, 413);
  const ok = await getText(srv.base + '/healthz');
  assert.equal(ok.status, 200);
});

/** Waits for the access log's flush, then for each request of `target`
 * in order, what the cache said for its request id. */
async function cacheEvents(target) {
  await new Promise((r) => setTimeout(r, 1500)); // access lines go out each second
  const access = fs.readFileSync(path.join(srv.dir, 'serve.stdout'), 'utf8');
  const events = fs.readFileSync(path.join(srv.dir, 'serve.stderr'), 'utf8');
  const ids = [];
  for (const line of access.split('\n')) {
    const m = /req=(\d+) "(GET|HEAD) (\S+)"/.exec(line);
    if (m && m[3] === target) ids.push(m[1]);
  }
  return ids.map((id) => {
    const said = events.split('\n').filter((l) => new RegExp(`\\bcache\\s+req=${id} `).test(l));
    if (said.some((l) => / hit$/.test(l))) return 'hit';
    if (said.some((l) => /carries credentials$/.test(l))) return 'bypassed';
    return 'miss';
  });
}

test('a request with the session cookie or Authorization neither reads nor fills the cache', async () => {
  const one = `${PROFILE}?probe=one`;
  const two = `${PROFILE}?probe=two`;
  const get = async (target, headers = {}, method = 'GET') => {
    const r = await getText(srv.base + target, { headers, method });
    assert.equal(r.status, 200, `${method} ${target} ${JSON.stringify(headers)}`);
    if (method === 'GET') assert.match(r.text, /Surya Ganguli/);
  };

  await get(one);                                             // miss, kept
  await get(one);                                             // hit
  await get(one, { cookie: `bz_session=${SESSION}` });        // must not read it
  await get(one, { cookie: 'theme=dark' });                   // other cookies: hit
  await get(one, { authorization: `Bearer ${SESSION}` });     // must not read it
  await get(one, { cookie: `theme=dark; bz_session="${SESSION}"` }, 'HEAD');
  await get(two, { cookie: `a=1; bz_session=${SESSION}` });   // must not fill it
  await get(two);                                             // so a miss
  await get(two);                                             // then a hit

  assert.deepEqual(await cacheEvents(one), ['miss', 'hit', 'bypassed', 'hit', 'bypassed', 'bypassed']);
  assert.deepEqual(await cacheEvents(two), ['bypassed', 'miss', 'hit']);

  // credentials never reach a log
  for (const file of ['serve.stdout', 'serve.stderr']) {
    const text = fs.readFileSync(path.join(srv.dir, file), 'utf8');
    assert.ok(!text.includes(SESSION), `${file} holds the session cookie's value`);
  }
});

// sqlite.mmap_mb: how much of a SQLite database the server reads through
// a memory map; the pages are the same bytes with the map or without.
test('sqlite.mmap_mb: 0 serves the same page as the default map; a bad value stops the server', async () => {
  const port = await freePort();
  const plain = await spawnServer({
    args: ['--port', String(port), '--db', srv.db], port, dir: srv.dir,
    env: { BZPEER_THREADS: '1', BZPEER_SQLITE_MMAP_MB: '0' },
  });
  try {
    const a = await getText(`${srv.base}${PROFILE}`);
    const b = await getText(`${plain.base}${PROFILE}`);
    assert.equal(a.status, 200);
    assert.equal(b.status, 200);
    assert.equal(b.text, a.text);
  } finally {
    await plain.stop();
  }
  for (const bad of ['-1', '1048577', 'lots']) {
    const r = await run(['serve', '--port', '1', '--db', 'x.db'], { cwd: srv.dir, env: { BZPEER_SQLITE_MMAP_MB: bad } });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /sqlite\.mmap_mb/);
  }
});
