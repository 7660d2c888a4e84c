// The test ORCID server (orcid_server.mjs) keeps to the protocol the C
// module and ORCID speak: the authorize redirect, single-use codes, the
// token response's shape and the OAuth errors, and the script mode that
// test_orcid_exchange.c uses. bzpeer itself drives it in that C test; no
// database is involved, so the test runs the same under both
// registrations.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  startOrcidServer, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_ORCID,
} from './orcid_server.mjs';

const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'orcid_server.mjs');
const REDIRECT = 'https://peer.test/oauth/orcid/callback';

let server;

before(async () => { server = await startOrcidServer(); });
after(async () => { await server.close(); });

function authorizeUrl(extra = {}) {
  const q = new URLSearchParams({
    client_id: DEFAULT_CLIENT_ID, response_type: 'code', scope: '/authenticate',
    redirect_uri: REDIRECT, state: 'st-1', ...extra,
  });
  return `${server.authorizeUrl}?${q}`;
}

async function authorize(extra) {
  const res = await fetch(authorizeUrl(extra), { redirect: 'manual' });
  return { status: res.status, location: res.headers.get('location') ? new URL(res.headers.get('location')) : null };
}

async function exchange(fields, contentType = 'application/x-www-form-urlencoded') {
  const res = await fetch(server.tokenUrl, {
    method: 'POST',
    headers: { 'Content-Type': contentType, Accept: 'application/json' },
    body: new URLSearchParams({
      client_id: DEFAULT_CLIENT_ID, client_secret: DEFAULT_CLIENT_SECRET,
      grant_type: 'authorization_code', redirect_uri: REDIRECT, ...fields,
    }).toString(),
  });
  return { status: res.status, json: await res.json() };
}

async function newCode(extra) {
  const { status, location } = await authorize(extra);
  assert.equal(status, 302);
  return location.searchParams.get('code');
}

test('authorize redirects back with a code and the state', async () => {
  const { status, location } = await authorize();
  assert.equal(status, 302);
  assert.equal(`${location.origin}${location.pathname}`, REDIRECT);
  assert.match(location.searchParams.get('code'), /^[0-9a-f]{6}$/);
  assert.equal(location.searchParams.get('state'), 'st-1');
});

test('authorize refuses an unknown client or a bad redirect_uri without redirecting', async () => {
  assert.equal((await authorize({ client_id: 'APP-OTHER' })).status, 400);
  assert.equal((await authorize({ redirect_uri: 'not a url' })).status, 400);
});

test('authorize answers a wrong response_type, scope or a refusal at the redirect_uri', async () => {
  for (const [extra, error] of [
    [{ response_type: 'token' }, 'unsupported_response_type'],
    [{ scope: '/read-limited' }, 'invalid_scope'],
    [{ deny: '1' }, 'access_denied'],
  ]) {
    const { status, location } = await authorize(extra);
    assert.equal(status, 302);
    assert.equal(location.searchParams.get('error'), error);
    assert.equal(location.searchParams.get('state'), 'st-1');
    assert.equal(location.searchParams.get('code'), null);
  }
});

test('the token response has ORCID\'s shape, once per code', async () => {
  const code = await newCode();
  const first = await exchange({ code });
  assert.equal(first.status, 200);
  assert.deepEqual(Object.keys(first.json).sort(),
    ['access_token', 'expires_in', 'name', 'orcid', 'refresh_token', 'scope', 'token_type']);
  assert.equal(first.json.token_type, 'bearer');
  assert.equal(first.json.scope, '/authenticate');
  assert.equal(first.json.orcid, DEFAULT_ORCID);
  const again = await exchange({ code });
  assert.equal(again.status, 400);
  assert.equal(again.json.error, 'invalid_grant');
});

test('the test chooses who signs in: a query knob or setUser', async () => {
  let r = await exchange({ code: await newCode({ orcid: '0000-0001-5109-3700', name: 'Ada' }) });
  assert.equal(r.json.orcid, '0000-0001-5109-3700');
  assert.equal(r.json.name, 'Ada');
  server.setUser({ orcid: '0000-0002-1694-233X', name: null });
  r = await exchange({ code: await newCode() });
  assert.equal(r.json.orcid, '0000-0002-1694-233X');
  assert.equal(r.json.name, null);
  server.setUser({ orcid: DEFAULT_ORCID, name: 'Josiah Carberry' });
});

test('the token endpoint refuses what ORCID refuses', async () => {
  const cases = [
    [{ client_secret: 'wrong' }, 401, 'invalid_client'],
    [{ client_id: 'APP-OTHER' }, 401, 'invalid_client'],
    [{ grant_type: 'client_credentials' }, 400, 'unsupported_grant_type'],
    [{ code: 'nope00' }, 400, 'invalid_grant'],
    [{ redirect_uri: 'https://other.test/oauth/orcid/callback' }, 400, 'invalid_grant'],
  ];
  for (const [fields, status, error] of cases) {
    const code = await newCode();
    const r = await exchange({ code, ...fields });
    assert.equal(r.status, status, JSON.stringify(fields));
    assert.equal(r.json.error, error, JSON.stringify(fields));
  }
  const r = await exchange({ code: await newCode() }, 'application/json');
  assert.equal(r.status, 400);
  assert.equal(r.json.error, 'invalid_request');
});

test('a code expires', async () => {
  const quick = await startOrcidServer({ codeTtlMs: 1 });
  try {
    const res = await fetch(`${quick.authorizeUrl}?${new URLSearchParams({
      client_id: DEFAULT_CLIENT_ID, response_type: 'code', scope: '/authenticate', redirect_uri: REDIRECT,
    })}`, { redirect: 'manual' });
    const code = new URL(res.headers.get('location')).searchParams.get('code');
    await new Promise((r) => setTimeout(r, 20));
    const token = await fetch(quick.tokenUrl, {
      method: 'POST',
      body: new URLSearchParams({
        client_id: DEFAULT_CLIENT_ID, client_secret: DEFAULT_CLIENT_SECRET,
        grant_type: 'authorization_code', code, redirect_uri: REDIRECT,
      }),
    });
    assert.equal(token.status, 400);
    assert.equal((await token.json()).error, 'invalid_grant');
  } finally {
    await quick.close();
  }
});

test('respondNext forces an odd answer, and requests are recorded', async () => {
  server.respondNext({ status: 502, contentType: 'text/html', body: '<html>bad gateway</html>' });
  const res = await fetch(server.tokenUrl, { method: 'POST', body: new URLSearchParams({ code: 'x' }) });
  assert.equal(res.status, 502);
  assert.equal(await res.text(), '<html>bad gateway</html>');
  assert.equal(server.requests.at(-1).fields.code, 'x');
});

test('as a script it prints its port and serves until SIGTERM', async () => {
  const child = spawn(process.execPath, [SCRIPT, '--client-id', 'APP-SCRIPT', '--orcid', '0000-0001-5109-3700'],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const port = await new Promise((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
        const m = /^port (\d+)$/m.exec(out);
        if (m) resolve(Number(m[1]));
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}`)));
    });
    const res = await fetch(`http://127.0.0.1:${port}/oauth/authorize?${new URLSearchParams({
      client_id: 'APP-SCRIPT', response_type: 'code', scope: '/authenticate', redirect_uri: REDIRECT,
    })}`, { redirect: 'manual' });
    assert.equal(res.status, 302);
  } finally {
    const exited = new Promise((r) => child.on('exit', r));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
  }
});
