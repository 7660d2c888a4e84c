// The libraries from npm that bzpeer compiles in and serves itself under
// /static/vendor/ (CMakeLists.txt, cmake/embed_static.cmake): cytoscape,
// the explorer's graph library, byte for byte as `npm ci` installed it,
// so that no page needs anything from another origin.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, SOURCE_DIR } from './server.mjs';

let srv;

before(async () => {
  srv = await startServer({ importFiles: [] });
});

after(async () => {
  if (srv) await srv.stop();
});

test('cytoscape is served from node_modules\' file, as JavaScript', async () => {
  const lock = JSON.parse(fs.readFileSync(path.join(SOURCE_DIR, 'package-lock.json'), 'utf8'));
  const locked = lock.packages['node_modules/cytoscape'];
  assert.ok(locked, 'cytoscape is not in package-lock.json');
  const manifest = path.join(SOURCE_DIR, 'node_modules', 'cytoscape', 'package.json');
  assert.ok(fs.existsSync(manifest), `${manifest} is missing: run 'npm ci' in ${SOURCE_DIR}, then build`);
  const installed = JSON.parse(fs.readFileSync(manifest, 'utf8'));
  assert.equal(installed.version, locked.version, 'node_modules is not what the lock says');
  const res = await fetch(`${srv.base}/static/vendor/cytoscape.min.js`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/javascript\b/);
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  const served = Buffer.from(await res.arrayBuffer());
  const file = fs.readFileSync(path.join(SOURCE_DIR, 'node_modules', 'cytoscape', 'dist',
    'cytoscape.min.js'));
  assert.ok(served.equals(file), `served ${served.length} bytes, the file has ${file.length}`);
  const head = await fetch(`${srv.base}/static/vendor/cytoscape.min.js`, { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(head.headers.get('content-length'), String(file.length));
});

test('nothing else is under /static/vendor/, and static/ has no folders', async () => {
  for (const bad of ['/static/vendor/', '/static/vendor/nothing.js', '/static/vendor/a/b.js',
    '/static/vendor/vendor/cytoscape.min.js', '/static/a/b.css', '/static/vendor']) {
    const res = await fetch(srv.base + bad);
    await res.arrayBuffer();
    assert.equal(res.status, 404, bad);
  }
});
