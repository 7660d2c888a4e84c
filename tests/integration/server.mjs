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
      // several sources, then name resolution, on a loaded machine
      const r = await run(['import', '--quiet', '--db', db, ...importFiles], { cwd: dir, timeout: 90000 });
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

// --- accounts: a server for them, a cookie jar, a browser, mail ------------

/**
 * Like startServer, but for the account tests: the server's environment
 * has BZPEER_TEST_CHEAP_HASH=1 (a test-only Argon2id cost) and
 * BZPEER_BASE_URL set to its own address (`baseUrl(port)` to choose
 * another, such as an https one), plus `env`. Mail without mail.host goes
 * to DIR/var/mail (the default mail.dir under the server's directory).
 * Returns startServer's fields and env (the environment the server got,
 * for commands on the same instance), mailDir, and bzpeer(args, opts):
 * run a command in DIR with that environment.
 */
export async function startAccountServer({ importFiles = [], env = {}, baseUrl } = {}) {
  const dir = makeTempDir('bzpeer-acct-');
  try {
    const db = testDb(dir, 'test');
    if (importFiles.length > 0) {
      // several sources, then name resolution, on a loaded machine
      const r = await run(['import', '--quiet', '--db', db, ...importFiles], { cwd: dir, timeout: 90000 });
      if (r.code !== 0) throw new Error(`bzpeer import failed (exit ${r.code}):\n${r.stderr}`);
    }
    for (let attempt = 0; ; attempt++) {
      const port = await freePort();
      const serverEnv = {
        BZPEER_TEST_CHEAP_HASH: '1',
        BZPEER_BASE_URL: baseUrl ? baseUrl(port) : `http://127.0.0.1:${port}`,
        ...env,
      };
      let s;
      try {
        s = await spawnServer({ args: ['--port', String(port), '--db', db], port, dir, env: serverEnv });
      } catch (e) {
        if (attempt < 2 && /Address already in use/i.test(e.message)) continue;
        throw e;
      }
      const stop = async () => {
        try { await s.stop(); } finally { fs.rmSync(dir, { recursive: true, force: true }); }
      };
      return {
        base: s.base, port, dir, db, env: serverEnv, child: s.child, logs: s.logs, stop,
        mailDir: path.join(dir, 'var', 'mail'),
        bzpeer: (args, opts = {}) => run(args, { cwd: dir, ...opts, env: { ...serverEnv, ...opts.env } }),
      };
    }
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

/** Makes the account `email` the owner of `record` (a claim by statement
 * that `bzpeer claims approve` approves at L2), on startAccountServer's
 * `srv`. */
export async function claimRecord(srv, email, record) {
  let r = await srv.bzpeer(['claims', 'add', '--db', srv.db, '--account', email,
    '--evidence', 'statement', '--note', 'These are my papers.', record]);
  assert.equal(r.code, 0, r.stderr);
  const id = /C(\d+)/.exec(r.stdout)[0];
  r = await srv.bzpeer(['claims', 'approve', '--db', srv.db, id]);
  assert.equal(r.code, 0, r.stderr);
}

/** One Set-Cookie line: {name, value, attrs} with attribute names lower-cased
 * (flags such as HttpOnly are true). */
export function parseSetCookie(line) {
  const [pair, ...rest] = line.split(';');
  const eq = pair.indexOf('=');
  const attrs = {};
  for (const a of rest) {
    const i = a.indexOf('=');
    const key = (i < 0 ? a : a.slice(0, i)).trim().toLowerCase();
    if (key) attrs[key] = i < 0 ? true : a.slice(i + 1).trim();
  }
  return { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(), attrs };
}

/** The cookies a browser keeps for one site (no domains, no expiry clock:
 * Max-Age=0 deletes, anything else keeps). */
export class CookieJar {
  constructor() { this.cookies = new Map(); }
  /** Takes the Set-Cookie headers of a response; returns them parsed. */
  take(res) {
    const lines = res.headers.getSetCookie();
    const parsed = lines.map(parseSetCookie);
    for (const c of parsed) {
      if (c.attrs['max-age'] === '0' || c.value === '') this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    return parsed;
  }
  get(name) { return this.cookies.get(name); }
  set(name, value) { this.cookies.set(name, value); }
  delete(name) { this.cookies.delete(name); }
  header() { return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '); }
  clone() { const j = new CookieJar(); j.cookies = new Map(this.cookies); return j; }
}

/** The value of the first <input name=NAME> of a page, or null. */
export function formField(html, name) {
  const re = /<input\b[^>]*>/gi;
  let m;
  while ((m = re.exec(html))) {
    const n = /\bname="([^"]*)"/.exec(m[0]);
    if (n && decodeEntities(n[1]) === name) {
      const v = /\bvalue="([^"]*)"/.exec(m[0]);
      return v ? decodeEntities(v[1]) : '';
    }
  }
  return null;
}

/**
 * A browser on one site: a cookie jar and requests that never follow
 * redirects. Each answer is {res, status, text, location, cookies} (cookies:
 * the Set-Cookie lines parsed). post(path, fields) sends a form; headers
 * (such as Origin) can be added in opts.
 */
export function browser(base, jar = new CookieJar()) {
  const request = async (method, p, { form, headers = {} } = {}) => {
    const h = { ...headers };
    const cookie = jar.header();
    if (cookie) h.cookie = cookie;
    let body;
    if (form) {
      body = new URLSearchParams(form).toString();
      h['content-type'] = 'application/x-www-form-urlencoded';
    }
    const res = await fetch(base + p, { method, headers: h, body, redirect: 'manual' });
    const cookies = jar.take(res);
    const text = await res.text();
    return { res, status: res.status, text, location: res.headers.get('location'), cookies };
  };
  return {
    base,
    jar,
    get: (p, opts) => request('GET', p, opts),
    post: (p, form, opts = {}) => request('POST', p, { ...opts, form }),
    /** GET page and return the csrf field of its forms. */
    async csrf(page) {
      const r = await request('GET', page);
      const token = formField(r.text, 'csrf');
      assert.ok(token, `${page} (${r.status}) has no csrf field:\n${r.text.slice(0, 500)}`);
      return token;
    },
    /** GET page for its csrf, then POST fields with it to action (default page). */
    async submit(page, fields, action = page, opts = {}) {
      const csrf = await this.csrf(page);
      return request('POST', action, { ...opts, form: { csrf, ...fields } });
    },
  };
}

/** Quoted-printable to a UTF-8 string (soft breaks "=\r\n" dropped, =XX decoded). */
export function qpDecode(body) {
  const bytes = [];
  const text = body.replace(/=\r?\n/g, '');
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(text.charCodeAt(i) & 0xff);
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** A message as raw bytes (latin1 string): {headers (lower-cased names,
 * folded lines joined), text (the body, quoted-printable decoded when so
 * marked), links (every http(s) address in the text)}. */
export function parseMail(raw) {
  const split = raw.search(/\r?\n\r?\n/);
  assert.ok(split > 0, `no blank line after the headers:\n${raw}`);
  const headers = {};
  for (const line of raw.slice(0, split).split(/\r?\n(?![ \t])/)) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).replace(/\r?\n[ \t]/g, ' ').trim();
  }
  const body = raw.slice(split).replace(/^\r?\n\r?\n/, '');
  const qp = /quoted-printable/i.test(headers['content-transfer-encoding'] ?? '');
  const text = qp ? qpDecode(body) : body;
  // an address at the end of a sentence leaves its full stop out
  const links = (text.match(/https?:\/\/[^\s<>"]+/g) ?? []).map((l) => l.replace(/[.,;:)]+$/, ''));
  return { headers, text, links, raw };
}

/** The link a message is about: its first with a ?t= value, else its first. */
export function mailLink(mail) {
  return mail.links.find((l) => /[?&]t=/.test(l)) ?? mail.links[0] ?? null;
}

/** The .eml files in dir, oldest first (by mtime, then name), parsed, each with its file. */
export function readMails(dir) {
  let names;
  try { names = fs.readdirSync(dir).filter((f) => f.endsWith('.eml')); } catch { return []; }
  return names
    .map((f) => ({ file: path.join(dir, f), mtime: fs.statSync(path.join(dir, f)).mtimeMs }))
    .sort((a, b) => a.mtime - b.mtime || a.file.localeCompare(b.file))
    .map(({ file }) => ({ file, ...parseMail(fs.readFileSync(file, 'latin1')) }));
}

/** The newest .eml in dir, parsed, or null; .link is its link (mailLink). */
export function newestMail(dir) {
  const all = readMails(dir);
  if (all.length === 0) return null;
  const m = all[all.length - 1];
  return { ...m, link: mailLink(m) };
}

/**
 * The mail of one folder as a mailbox: next({to, subject}) waits (up to
 * `ms`) for a message not taken before whose To is `to` and whose Subject
 * matches `subject` (a string or RegExp, optional), takes it and returns it
 * with .link (mailLink); all() is every message; taken ones are
 * remembered so each is returned once.
 */
export function mailbox(dir, source = () => readMails(dir)) {
  const taken = new Set();
  const key = (m) => m.file ?? m.raw;
  const matches = (m, { to, subject }) =>
    (to === undefined || (m.headers.to ?? '').toLowerCase() === to.toLowerCase()) &&
    (subject === undefined || (subject instanceof RegExp ? subject.test(m.headers.subject ?? '')
      : m.headers.subject === subject));
  return {
    all: source,
    untaken: () => source().filter((m) => !taken.has(key(m))),
    async next(want = {}, ms = 8000) {
      const deadline = Date.now() + ms;
      for (;;) {
        const m = source().find((x) => !taken.has(key(x)) && matches(x, want));
        if (m) {
          taken.add(key(m));
          return { ...m, link: mailLink(m) };
        }
        if (Date.now() > deadline) {
          const seen = source().map((x) => `${x.headers.to} | ${x.headers.subject}${taken.has(key(x)) ? ' (taken)' : ''}`);
          throw new Error(`no mail ${JSON.stringify({ to: want.to, subject: String(want.subject) })} in ${ms} ms; have:\n${seen.join('\n')}`);
        }
        await sleep(50);
      }
    },
  };
}

export const PYTHON3 = '/usr/bin/python3'; // Debian's, which has python3-aiosmtpd

/**
 * tests/integration/smtp_receiver.py with `args` on a free loopback port,
 * keeping messages in `folder`; resolves {port, folder, logs(), events(),
 * messages() (parsed as parseMail, plus .envelope), stop()} once it listens.
 */
export function startSmtpReceiver(folder, args = []) {
  const receiver = path.join(SOURCE_DIR, 'tests', 'integration', 'smtp_receiver.py');
  const child = spawn(PYTHON3, [receiver, '--dir', folder, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => { err += d; });
  const stop = () => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM'); };
  process.on('exit', stop);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { stop(); reject(new Error(`smtp_receiver.py did not start:\n${err}`)); }, 10000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`smtp_receiver.py exited ${code} (is python3-aiosmtpd installed?):\n${err}`));
    });
    child.stdout.on('data', (d) => {
      out += d;
      const m = /^port (\d+)$/m.exec(out);
      if (!m) return;
      clearTimeout(timer);
      resolve({
        port: Number(m[1]),
        folder,
        stop,
        logs: () => err,
        events: () => {
          try { return fs.readFileSync(path.join(folder, 'events.log'), 'utf8').trim().split('\n').filter(Boolean); } catch { return []; }
        },
        messages: () => {
          let names;
          try { names = fs.readdirSync(folder).filter((f) => f.endsWith('.eml')).sort(); } catch { return []; }
          return names.map((f) => ({
            file: path.join(folder, f),
            ...parseMail(fs.readFileSync(path.join(folder, f), 'latin1')),
            envelope: JSON.parse(fs.readFileSync(path.join(folder, f.replace(/\.eml$/, '.json')), 'utf8')),
          }));
        },
      });
    });
  });
}
