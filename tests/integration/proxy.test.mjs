// Behind a proxy: the client's address is the one a trusted proxy put
// last in X-Forwarded-For (trusted_proxies), else the connection's peer.
// The access log shows which address bzpeer took; log-in throttling
// counts by the same address.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';

import { freePort, makeTempDir, spawnServer, testDb, run, DEMO } from './server.mjs';

const servers = [];
after(async () => { for (const s of servers) await s.stop(); });

async function serve(env) {
  const dir = makeTempDir();
  const db = testDb(dir, 'proxy');
  const r = await run(['import', '--quiet', '--db', db, DEMO], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  const port = await freePort();
  const s = await spawnServer({ args: ['--port', String(port), '--db', db], port, dir, env });
  servers.push(s);
  return s;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// The address the access log gives for the request to path.
async function loggedAddress(s, path, headers) {
  const res = await fetch(s.base + path, { headers });
  await res.arrayBuffer();
  for (let i = 0; i < 40; i++) { // the log is flushed every second
    const line = s.logs().split('\n').find((l) => l.includes(`"GET ${path}"`));
    if (line) return line.split(' ')[1];
    await sleep(100);
  }
  throw new Error(`no access line for ${path}\n${s.logs()}`);
}

test('a trusted proxy\'s X-Forwarded-For names the client: its last address', async () => {
  const s = await serve({ BZPEER_TRUSTED_PROXIES: '10.9.9.9, 127.0.0.1' });
  assert.equal(await loggedAddress(s, '/?a=1', { 'X-Forwarded-For': '203.0.113.7' }), '203.0.113.7');
  // what the client sent before the proxy's own entry is the client's to forge
  assert.equal(await loggedAddress(s, '/?a=2', { 'X-Forwarded-For': '198.51.100.1, 203.0.113.9' }), '203.0.113.9');
  assert.equal(await loggedAddress(s, '/?a=3', { 'X-Forwarded-For': '2001:db8::5' }), '2001:db8::5');
  // not an address: the proxy's own is kept
  assert.equal(await loggedAddress(s, '/?a=4', { 'X-Forwarded-For': '<script>' }), '127.0.0.1');
  assert.equal(await loggedAddress(s, '/?a=5', {}), '127.0.0.1');
});

test('without trusted_proxies the header is ignored', async () => {
  const s = await serve({});
  assert.equal(await loggedAddress(s, '/?b=1', { 'X-Forwarded-For': '203.0.113.7' }), '127.0.0.1');
});
