// Helpers for the integration tests: run the real bzpeer binary, either as a
// server on an ephemeral port with a fresh database, or as a CLI command.
//
// Environment (set by CTest; defaults for running by hand):
//   BZPEER        the binary            (default <repo>/build/bzpeer)
//   BZ_SOURCE_DIR the repository root   (default: found from this file)
//   BZ_TEST_TMP   a writable directory  (default os.tmpdir())
//   BZ_TEST_PG_URL_FILE  a file holding a PostgreSQL admin URL (written by
//                 scripts/pgtest.sh): when set, every database a test makes
//                 with testDb() is a new database on that cluster, not a
//                 SQLite file (default: unset, SQLite)

import { execFile, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';

const here = path.dirname(fileURLToPath(import.meta.url));

export const SOURCE_DIR = process.env.BZ_SOURCE_DIR || path.resolve(here, '..', '..');
export const BZPEER = process.env.BZPEER || path.join(SOURCE_DIR, 'build', 'bzpeer');
export const TEST_TMP = process.env.BZ_TEST_TMP || os.tmpdir();
export const DEMO = path.join(SOURCE_DIR, 'data', 'demo', 'works.jsonl');

const PG_URL_FILE = process.env.BZ_TEST_PG_URL_FILE || '';
const PSQL = '/usr/bin/psql';

/** The backend testDb() makes databases for: 'sqlite' or 'postgresql'. */
export const BACKEND = PG_URL_FILE ? 'postgresql' : 'sqlite';

let dbCount = 0;
let pgAdmin = null; // the cluster's URL, read from PG_URL_FILE once
const pgCreated = []; // names of the databases this process made

/** Run SQL statements on the cluster through psql, each on its own. */
function pgRun(statements) {
  const args = ['--no-psqlrc', '--quiet', '-v', 'ON_ERROR_STOP=1', '-d', pgAdmin];
  for (const sql of statements) args.push('-c', sql);
  try {
    execFileSync(PSQL, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', timeout: 30000 });
  } catch (e) {
    throw new Error(`psql ${statements.join('; ')} on ${pgAdmin} failed: ${e.stderr?.trim() || e.message}`);
  }
}

function pgAdminUrl() {
  if (pgAdmin !== null) return pgAdmin;
  let text;
  try {
    text = fs.readFileSync(PG_URL_FILE, 'utf8').trim();
  } catch (e) {
    throw new Error(`BZ_TEST_PG_URL_FILE: cannot read ${PG_URL_FILE} (${e.code}): ` +
      'start a cluster with scripts/pgtest.sh (CTest runs pg.start first)');
  }
  if (!/^postgres(ql)?:\/\//.test(text)) {
    throw new Error(`BZ_TEST_PG_URL_FILE: ${PG_URL_FILE} holds no postgresql:// URL: ${JSON.stringify(text)}`);
  }
  pgAdmin = text;
  process.on('exit', () => {
    // The cluster is thrown away by pg.stop anyway: this only keeps a long
    // run's disk small, so a failure here is ignored.
    if (pgCreated.length === 0) return;
    try {
      pgRun(pgCreated.map((db) => `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`));
    } catch { /* the cluster may be gone already */ }
  });
  return pgAdmin;
}

/**
 * The --db value of a fresh, empty database. SQLite: the file NAME.db in
 * `dir` (NAME defaults to db1, db2, ...; the file is not created). With
 * BZ_TEST_PG_URL_FILE: a new database bz_t_<pid>_<n> on that cluster,
 * created before this returns, as its postgresql:// URL (`name` unused).
 * Databases this process made are dropped when it exits.
 */
export function testDb(dir, name) {
  const n = ++dbCount;
  if (BACKEND === 'sqlite') return path.join(dir, `${name ?? 'db' + n}.db`);
  const url = new URL(pgAdminUrl());
  const db = `bz_t_${process.pid}_${n}`;
  // A process with our pid from earlier in this run may have left it.
  pgRun([`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`,
    `CREATE DATABASE ${db} TEMPLATE template0 ENCODING 'UTF8'`]);
  pgCreated.push(db);
  url.pathname = '/' + db;
  return url.href;
}

/** A fresh directory under BZ_TEST_TMP. */
export function makeTempDir(prefix = 'bzpeer-it-') {
  fs.mkdirSync(TEST_TMP, { recursive: true });
  return fs.mkdtempSync(path.join(TEST_TMP, prefix));
}

/**
 * Run the binary with args; resolves {code, signal, timedOut, stdout,
 * stderr} whatever the exit status (code null when it died of a signal or
 * was killed after `timeout` ms). `input` (string or Buffer) is written to its stdin.
 * `cwd` defaults to a directory with no bzpeer.conf in it.
 */
export function run(args, { input, cwd, env, timeout = 20000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = execFile(BZPEER, args, {
      cwd: cwd ?? TEST_TMP,
      env: childEnv(env),
      encoding: 'utf8',
      timeout,
      maxBuffer: 64 * 1024 * 1024,
    }, (err, stdout, stderr) => {
      if (err && err.code === 'ENOENT') return reject(new Error(`cannot run ${BZPEER}: ${err.message}`));
      if (err && err.killed) {
        // We killed it: it ran past `timeout`.
        return resolve({ code: null, signal: err.signal, timedOut: true, stdout, stderr });
      }
      if (err && typeof err.code !== 'number') {
        // Died of a signal (a crash).
        return resolve({ code: null, signal: err.signal ?? child.signalCode, timedOut: false, stdout, stderr });
      }
      resolve({ code: err ? err.code : 0, signal: null, timedOut: false, stdout, stderr });
    });
    child.stdin.on('error', () => {}); // the binary may exit before reading it all
    if (input !== undefined) child.stdin.end(input);
    else child.stdin.end();
  });
}

/** A free TCP port on 127.0.0.1 (listen on 0, read it, close). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * The environment for the binary: ours without any BZPEER_<KEY> setting
 * (those are configuration, and a developer's own must not leak into a
 * test), plus `extra`.
 */
export function childEnv(extra = {}) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('BZPEER_')) env[k] = v;
  }
  return { ...env, ...extra };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Wait until GET url answers 200, or throw after `ms`. */
export async function waitForHealthy(url, child, ms = 10000, logs = () => '') {
  const deadline = Date.now() + ms;
  let last = '';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`bzpeer serve exited early (code ${child.exitCode}, signal ${child.signalCode})\n${logs()}`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.status === 200) return;
      last = `status ${res.status}`;
    } catch (e) {
      last = String(e.cause?.code ?? e.message);
    }
    await sleep(50);
  }
  throw new Error(`bzpeer serve not healthy after ${ms} ms at ${url} (${last})\n${logs()}`);
}

/** Wait for a child to exit; resolves {code, signal} or null on timeout. */
export function waitExit(child, ms) {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(null), ms);
    child.once('exit', (code, signal) => { clearTimeout(t); resolve({ code, signal }); });
  });
}

/**
 * Spawn `bzpeer serve ARGS` in `dir` with stdout/stderr in files there,
 * wait for /healthz on `port`, and return {base, child, logs(), stop()}.
 * Used by startServer and by the config tests.
 */
export async function spawnServer({ args, port, dir, env, keepDir = true, host = '127.0.0.1' }) {
  const outPath = path.join(dir, 'serve.stdout');
  const errPath = path.join(dir, 'serve.stderr');
  const out = fs.openSync(outPath, 'w');
  const err = fs.openSync(errPath, 'w');
  const child = spawn(BZPEER, ['serve', ...args], {
    cwd: dir,
    env: childEnv(env),
    stdio: ['ignore', out, err],
  });
  fs.closeSync(out);
  fs.closeSync(err);
  const spawnError = new Promise((_, reject) => child.once('error', reject));
  spawnError.catch(() => {});

  const read = (p) => { try { return fs.readFileSync(p, 'utf8'); } catch { return ''; } };
  const logs = () => `--- stdout ---\n${read(outPath)}\n--- stderr ---\n${read(errPath)}`;
  const base = `http://${host}:${port}`;

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    let result = await waitExit(child, 0);
    if (result === null) {
      child.kill('SIGTERM');
      result = await waitExit(child, 5000);
    }
    if (result === null) {
      child.kill('SIGKILL');
      await waitExit(child, 2000);
    }
    const text = logs();
    if (!keepDir) fs.rmSync(dir, { recursive: true, force: true });
    assert.ok(result !== null, `bzpeer serve did not exit within 5 s of SIGTERM\n${text}`);
    assert.equal(result.signal, null, `bzpeer serve died of signal ${result.signal}\n${text}`);
    assert.equal(result.code, 0, `bzpeer serve exited ${result.code} after SIGTERM (want 0)\n${text}`);
  };

  try {
    await Promise.race([waitForHealthy(`${base}/healthz`, child, 10000, logs), spawnError]);
  } catch (e) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await waitExit(child, 2000);
    if (!keepDir) fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return { base, port, child, logs, stop };
}

/**
 * Import `importFiles` into a database (`db`, a --db value; by default a
 * fresh testDb()) from a fresh temp dir and serve it on a free port.
 * Returns {base, dir, db, stop(), logs()}. stop() sends SIGTERM, asserts a
 * graceful exit (status 0 within 5 s) and removes the dir.
 */
export async function startServer({ importFiles = [DEMO], db: given } = {}) {
  const dir = makeTempDir();
  let db;
  try {
    db = given ?? testDb(dir, 'test');
    if (importFiles.length > 0) {
      const r = await run(['import', '--quiet', '--db', db, ...importFiles], { cwd: dir });
      if (r.code !== 0) {
        throw new Error(`bzpeer import ${importFiles.join(' ')} failed (exit ${r.code}${r.signal ? ', signal ' + r.signal : ''}):\n${r.stderr}`);
      }
    }
    const port = await freePort();
    const s = await spawnServer({ args: ['--port', String(port), '--db', db], port, dir, keepDir: false });
    return { base: s.base, dir, db, port, stop: s.stop, logs: s.logs, child: s.child };
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

/** fetch without following redirects. */
export function getNoRedirect(url, init = {}) {
  return fetch(url, { ...init, redirect: 'manual' });
}

/** fetch and read the body as text: {res, status, type, text}. */
export async function getText(url, init = {}) {
  const res = await fetch(url, { redirect: 'manual', ...init });
  const text = await res.text();
  return { res, status: res.status, type: res.headers.get('content-type') ?? '', text };
}

/** fetch and parse JSON (asserting a JSON content type): {res, status, body}. */
export async function getJSON(url, init = {}) {
  const res = await fetch(url, { redirect: 'manual', ...init });
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  assert.match(type, /^application\/json\b/, `${url}: content-type ${type}, body ${text.slice(0, 200)}`);
  let body;
  try { body = JSON.parse(text); } catch (e) {
    assert.fail(`${url}: not JSON (${e.message}): ${text.slice(0, 300)}`);
  }
  return { res, status: res.status, body };
}

/** Decode the handful of entities the pages use. */
export function decodeEntities(s) {
  return s
    .replace(/&#(\d+);/g, (_, n) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&quot;/g, '"').replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&');
}

/** HTML to text: tags become spaces, entities decoded, whitespace collapsed. */
export function htmlText(html) {
  const noScript = html.replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ');
  return decodeEntities(noScript.replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim();
}

/** The text of one fragment of HTML (like htmlText). */
export const textOf = htmlText;

/** All <a> elements: [{href, text, html}] in document order. */
export function links(html) {
  const out = [];
  const re = /<a\b([^>]*)>([\s\S]*?)<\/a>/gi;
  let m;
  while ((m = re.exec(html))) {
    const hm = /\bhref\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(m[1]);
    const href = hm ? decodeEntities(hm[2] ?? hm[3] ?? hm[4]) : null;
    out.push({ href, text: htmlText(m[2]), html: m[0], index: m.index });
  }
  return out;
}

/** Assert that the strings occur in `text` in this order; returns their indexes. */
export function assertInOrder(text, parts, what = 'text') {
  let from = 0;
  const at = [];
  for (const p of parts) {
    const i = text.indexOf(p, from);
    assert.ok(i >= 0, `${what}: expected ${JSON.stringify(p)} after index ${from} (after ${JSON.stringify(parts.slice(0, at.length))})`);
    at.push(i);
    from = i + p.length;
  }
  return at;
}

export const NGINX = '/usr/sbin/nginx';

/**
 * Debian's nginx as a round-robin reverse proxy on a free loopback port in
 * front of `backends` (base URLs such as http://127.0.0.1:PORT). Its
 * configuration, logs, pid and temp files live in a fresh temp dir. Every
 * answer carries X-Upstream, the backend that gave it; a backend that
 * fails is not retried on the other (its error reaches the client).
 * Returns {base, port, dir, child, logs(), stop()}; stop() ends it (SIGQUIT,
 * then SIGTERM, then SIGKILL) and removes the dir. An nginx left running
 * when this process exits is killed.
 */
export async function startNginx({ backends }) {
  const dir = makeTempDir('bzpeer-nginx-');
  const logPath = path.join(dir, 'error.log');
  const read = () => { try { return fs.readFileSync(logPath, 'utf8'); } catch { return ''; } };
  let lastError;

  for (let attempt = 0; attempt < 3; attempt++) { // the port may be taken meanwhile
    const port = await freePort();
    const servers = backends.map((b) => `    server ${new URL(b).host};`).join('\n');
    const conf = [
      'daemon off;',
      'master_process on;',
      'worker_processes 1;',
      // as root the workers would run as nobody, who cannot write here
      ...(process.getuid?.() === 0 ? ['user root;'] : []),
      `error_log ${logPath} warn;`,
      `pid ${path.join(dir, 'nginx.pid')};`,
      'events { worker_connections 2048; }',
      'http {',
      '  access_log off;',
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) =>
        `  ${t}_temp_path ${path.join(dir, t)};`),
      '  upstream bzpeer {',
      servers,
      '    keepalive 16;',
      '  }',
      '  server {',
      `    listen 127.0.0.1:${port};`,
      '    location / {',
      '      proxy_pass http://bzpeer;',
      '      proxy_http_version 1.1;',
      '      proxy_set_header Connection "";',
      '      proxy_set_header Host $http_host;',
      '      proxy_next_upstream off;',
      '      proxy_redirect off;',
      '      add_header X-Upstream $upstream_addr always;',
      '    }',
      '  }',
      '}',
      '',
    ].join('\n');
    fs.writeFileSync(path.join(dir, 'nginx.conf'), conf);
    fs.writeFileSync(logPath, '');

    const child = spawn(NGINX, ['-p', dir + '/', '-e', logPath, '-c', path.join(dir, 'nginx.conf')], {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    const kill = () => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL'); };
    process.on('exit', kill);
    const logs = () => `--- nginx stderr ---\n${stderr}\n--- nginx error.log ---\n${read()}`;
    const base = `http://127.0.0.1:${port}`;

    let stopped = false;
    const stop = async () => {
      if (stopped) return;
      stopped = true;
      for (const [signal, ms] of [['SIGQUIT', 5000], ['SIGTERM', 3000], ['SIGKILL', 2000]]) {
        if (await waitExit(child, 0) !== null) break;
        child.kill(signal);
        if (await waitExit(child, ms) !== null) break;
      }
      process.removeListener('exit', kill);
      fs.rmSync(dir, { recursive: true, force: true });
    };

    try {
      await waitForHealthy(`${base}/healthz`, child, 10000, logs);
      return { base, port, dir, child, logs, stop };
    } catch (e) {
      lastError = e;
      kill();
      await waitExit(child, 2000);
      process.removeListener('exit', kill);
      if (!/Address already in use/.test(logs())) break;
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
  throw lastError;
}
