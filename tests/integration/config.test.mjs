// `bzpeer serve` configuration: bzpeer.conf via --config or ./bzpeer.conf,
// BZPEER_<KEY> variables, flags over both, and errors in the file.
// SPEC.md "Interfaces": configuration.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { run, spawnServer, makeTempDir, freePort, getJSON, testDb, DEMO } from './server.mjs';

let dir;
let demoDb; // the demo: R4 is Surya Ganguli
let otherDb; // one work with one author: R1 is Ada Example, no R4

before(async () => {
  dir = makeTempDir('bzpeer-config-');
  demoDb = testDb(dir, 'demo');
  otherDb = testDb(dir, 'other');
  const other = path.join(dir, 'other.jsonl');
  fs.writeFileSync(other, JSON.stringify({
    id: 'https://demo.bzpeer.invalid/W800',
    title: 'A work of the other database',
    display_name: 'A work of the other database',
    publication_year: 2024,
    type: 'article',
    authorships: [{
      author_position: 'first',
      author: { id: 'https://demo.bzpeer.invalid/A800', display_name: 'Ada Example', orcid: null },
      raw_author_name: 'Ada Example',
      institutions: [],
    }],
    topics: [],
  }) + '\n');
  for (const [db, file] of [[demoDb, DEMO], [otherDb, other]]) {
    const r = await run(['import', '--quiet', '--db', db, file], { cwd: dir });
    assert.equal(r.code, 0, `import ${file}: ${r.stderr}`);
  }
});

after(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** A fresh working directory (so that no ./bzpeer.conf is found by accident). */
function workdir() {
  const d = fs.mkdtempSync(path.join(dir, 'cwd-'));
  return d;
}

function writeConf(d, name, lines) {
  const file = path.join(d, name);
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

/** Who does R4 belong to on this server? The name, or null for a 404. */
async function whoIsR4(base) {
  const { status, body } = await getJSON(base + '/api/v1/researchers/R4');
  if (status === 404) return null;
  assert.equal(status, 200);
  return body.display_name;
}

async function whoIsR1(base) {
  const { status, body } = await getJSON(base + '/api/v1/researchers/R1');
  assert.equal(status, 200);
  return body.display_name;
}

function refused(port) {
  return new Promise((resolve) => {
    const sock = net.connect(port, '127.0.0.1');
    sock.setTimeout(2000, () => { sock.destroy(); resolve(false); });
    sock.on('connect', () => { sock.destroy(); resolve(false); });
    sock.on('error', (e) => resolve(e.code === 'ECONNREFUSED'));
  });
}

test('serve --config FILE listens and opens the database the file names', async () => {
  const d = workdir();
  const port = await freePort();
  const conf = writeConf(d, 'site.conf', ['# a test instance', `listen = 127.0.0.1:${port}`, `db = ${demoDb}`]);
  const s = await spawnServer({ args: ['--config', conf], port, dir: d });
  try {
    assert.equal(await whoIsR4(s.base), 'Surya Ganguli');
  } finally {
    await s.stop();
  }
});

test('./bzpeer.conf is read when there is no --config', async () => {
  const d = workdir();
  const port = await freePort();
  writeConf(d, 'bzpeer.conf', [`listen = 127.0.0.1:${port}`, `db = ${otherDb}`]);
  const s = await spawnServer({ args: [], port, dir: d });
  try {
    assert.equal(await whoIsR1(s.base), 'Ada Example');
  } finally {
    await s.stop();
  }
});

test("BZPEER_DB overrides the file's db", async () => {
  const d = workdir();
  const port = await freePort();
  const conf = writeConf(d, 'site.conf', [`listen = 127.0.0.1:${port}`, `db = ${otherDb}`]);
  const s = await spawnServer({ args: ['--config', conf], port, dir: d, env: { BZPEER_DB: demoDb } });
  try {
    assert.equal(await whoIsR4(s.base), 'Surya Ganguli', 'the server opened the file\'s db, not BZPEER_DB');
  } finally {
    await s.stop();
  }
});

test('BZPEER_LISTEN and BZPEER_DB alone configure the server', async () => {
  const d = workdir();
  const port = await freePort();
  const s = await spawnServer({ args: [], port, dir: d,
    env: { BZPEER_LISTEN: `127.0.0.1:${port}`, BZPEER_DB: otherDb } });
  try {
    assert.equal(await whoIsR1(s.base), 'Ada Example');
    assert.equal(await whoIsR4(s.base), null);
  } finally {
    await s.stop();
  }
});

test('--db overrides BZPEER_DB and the file', async () => {
  const d = workdir();
  const port = await freePort();
  const conf = writeConf(d, 'site.conf', [`listen = 127.0.0.1:${port}`, `db = ${otherDb}`]);
  const s = await spawnServer({ args: ['--config', conf, '--db', demoDb], port, dir: d,
    env: { BZPEER_DB: otherDb } });
  try {
    assert.equal(await whoIsR4(s.base), 'Surya Ganguli');
  } finally {
    await s.stop();
  }
});

test("--port overrides the port of the file's listen", async () => {
  const d = workdir();
  const filePort = await freePort();
  let flagPort = await freePort();
  while (flagPort === filePort) flagPort = await freePort();
  const conf = writeConf(d, 'site.conf', [`listen = 127.0.0.1:${filePort}`, `db = ${demoDb}`]);
  const s = await spawnServer({ args: ['--config', conf, '--port', String(flagPort)], port: flagPort, dir: d });
  try {
    assert.equal(await whoIsR4(s.base), 'Surya Ganguli');
    assert.equal(await refused(filePort), true, `something listens on the file's port ${filePort}`);
  } finally {
    await s.stop();
  }
});

test('a config file with a bad line: exit 1, "FILE:1:" on stderr', async () => {
  const d = workdir();
  const conf = writeConf(d, 'bad.conf', ['this is not ini', `db = ${demoDb}`]);
  const port = await freePort();
  const r = await run(['serve', '--config', conf, '--port', String(port)], { cwd: d, timeout: 5000 });
  assert.equal(r.timedOut, false, 'serve did not exit on a bad config');
  assert.equal(r.signal, null, `killed by ${r.signal}`);
  assert.equal(r.code, 1, `exit ${r.code}\n${r.stderr}`);
  assert.ok(r.stderr.includes(`${conf}:1:`), `stderr: ${r.stderr}`);
});

test('a bad line further down is reported with its line number', async () => {
  const d = workdir();
  const conf = writeConf(d, 'bad3.conf', ['# comment', `db = ${demoDb}`, 'listen 127.0.0.1:1']);
  const port = await freePort(); // should it serve anyway, not on 8080
  const r = await run(['serve', '--config', conf, '--port', String(port)], { cwd: d, timeout: 5000 });
  assert.equal(r.timedOut, false, 'serve did not exit on a bad config');
  assert.equal(r.code, 1, `exit ${r.code}\n${r.stderr}`);
  assert.ok(r.stderr.includes(`${conf}:3:`), `stderr: ${r.stderr}`);
});

test('--config missing.conf: exit 1', async () => {
  const d = workdir();
  const port = await freePort(); // should it serve anyway, not on 8080
  const r = await run(['serve', '--config', path.join(d, 'missing.conf'), '--port', String(port)],
    { cwd: d, timeout: 5000 });
  assert.equal(r.timedOut, false, 'serve did not exit');
  assert.equal(r.signal, null, `killed by ${r.signal}`);
  assert.equal(r.code, 1, `exit ${r.code}\n${r.stderr}`);
  assert.match(r.stderr, /missing\.conf/);
});
