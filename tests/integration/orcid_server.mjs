// A small OAuth 2 authorization server that speaks ORCID's "sign in with
// ORCID" protocol, for tests on loopback. It is no part of bzpeer.
//
//   GET  /oauth/authorize?client_id&response_type=code&scope=/authenticate
//        &redirect_uri&state
//        The "person" signs in at once: 302 to redirect_uri?code=C&state=S.
//        Who they are is the server's current user (option `orcid`, `name`,
//        setUser(), POST /control/user), or for this request alone the
//        query knobs `orcid` and `name`; `deny=1` answers as a person who
//        said no (error=access_denied). A bad client_id or redirect_uri
//        gets a 400 page, as nothing may be sent to an unknown address.
//   POST /oauth/token  (application/x-www-form-urlencoded: client_id,
//        client_secret, grant_type=authorization_code, code, redirect_uri)
//        200 {"access_token", "token_type": "bearer", "refresh_token",
//        "expires_in", "scope": "/authenticate", "name", "orcid"}; else
//        401 invalid_client (unknown client, wrong secret), 400
//        invalid_grant (unknown, used, expired or another client's code, a
//        redirect_uri not the one of the authorize step),
//        unsupported_grant_type or invalid_request. Codes are single use.
//   POST /control/user      {"orcid", "name"}: the user from now on
//   POST /control/next      {"status", "body", "contentType", "delayMs"}:
//        the next token response, whatever is asked (for odd answers)
//   GET  /control/requests  the token requests so far, as JSON
//
// From a test: `const s = await startOrcidServer({...}); ... await s.close()`.
// As a script: `node orcid_server.mjs [--port N] [--host H] [--client-id ID]
// [--client-secret S] [--orcid ID] [--name NAME] [--cert F --key F]
// [--port-file F]` prints "port N" once it listens (and writes N to the
// port file), then serves until SIGTERM or SIGINT.

import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { fileURLToPath } from 'node:url';

export const DEFAULT_CLIENT_ID = 'APP-BZPEERTEST0001';
export const DEFAULT_CLIENT_SECRET = 'test-secret-5b1f0c2e';
export const DEFAULT_ORCID = '0000-0002-1825-0097';
export const DEFAULT_NAME = 'Josiah Carberry';

const MAX_BODY = 64 * 1024; // of a token request
const MAX_CONTROL_BODY = 16 * 1024 * 1024; // of a control request

function sendJson(res, status, value, extra = {}) {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    'Content-Type': 'application/json;charset=UTF-8',
    'Cache-Control': 'no-store',
    'Content-Length': Buffer.byteLength(body),
    ...extra,
  });
  res.end(body);
}

function oauthError(res, status, error, description) {
  sendJson(res, status, { error, error_description: description });
}

function readBody(req, limit = MAX_BODY) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > limit) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Start the server. Options: clientId, clientSecret, orcid, name (the
 * user who signs in), redirectUris (when given, the only redirect_uri
 * values accepted), codeTtlMs (default 10 minutes), host (127.0.0.1),
 * port (0: a free one), tls ({cert, key} as PEM text: https).
 * Resolves {url, authorizeUrl, tokenUrl, port, setUser, respondNext,
 * requests, issued, close}.
 */
export async function startOrcidServer(options = {}) {
  const clientId = options.clientId ?? DEFAULT_CLIENT_ID;
  const clientSecret = options.clientSecret ?? DEFAULT_CLIENT_SECRET;
  const codeTtlMs = options.codeTtlMs ?? 10 * 60 * 1000;
  const redirectUris = options.redirectUris ?? null;
  let user = { orcid: options.orcid ?? DEFAULT_ORCID, name: options.name ?? DEFAULT_NAME };
  const codes = new Map(); // code -> {clientId, redirectUri, user, expires, used}
  const requests = []; // token requests: {headers, fields}
  const nextResponses = [];

  function authorize(url, res) {
    const q = url.searchParams;
    const redirectUri = q.get('redirect_uri') ?? '';
    if (q.get('client_id') !== clientId) {
      res.writeHead(400, { 'Content-Type': 'text/plain' });
      res.end('invalid_client: unknown client_id\n');
      return;
    }
    let target;
    try {
      target = new URL(redirectUri);
    } catch {
      target = null;
    }
    if (!target || (redirectUris && !redirectUris.includes(redirectUri))) {
      res.writeHead(400, { 'Content-Type': 'text/plain' });
      res.end('invalid_request: redirect_uri is not registered\n');
      return;
    }
    const back = (params) => {
      for (const [k, v] of Object.entries(params)) target.searchParams.set(k, v);
      if (q.has('state')) target.searchParams.set('state', q.get('state'));
      res.writeHead(302, { Location: target.toString() });
      res.end();
    };
    if (q.get('response_type') !== 'code') {
      back({ error: 'unsupported_response_type', error_description: 'response_type must be code' });
      return;
    }
    if (q.get('scope') !== '/authenticate' && q.get('scope') !== 'openid') {
      back({ error: 'invalid_scope', error_description: 'scope must be /authenticate' });
      return;
    }
    if (q.get('deny') === '1') {
      back({ error: 'access_denied', error_description: 'User denied access' });
      return;
    }
    const code = crypto.randomBytes(4).toString('hex').slice(0, 6);
    codes.set(code, {
      clientId,
      redirectUri,
      user: {
        orcid: q.get('orcid') ?? user.orcid,
        name: q.has('name') ? q.get('name') : user.name,
      },
      expires: Date.now() + codeTtlMs,
      used: false,
    });
    back({ code });
  }

  async function token(req, res) {
    const type = (req.headers['content-type'] || '').split(';')[0].trim();
    const text = await readBody(req);
    const fields = Object.fromEntries(new URLSearchParams(text));
    requests.push({ headers: { ...req.headers }, fields });
    const forced = nextResponses.shift();
    if (forced) {
      if (forced.delayMs) await new Promise((r) => setTimeout(r, forced.delayMs));
      const body = forced.body ?? '';
      res.writeHead(forced.status ?? 200, {
        'Content-Type': forced.contentType ?? 'application/json;charset=UTF-8',
        'Content-Length': Buffer.byteLength(body),
      });
      res.end(body);
      return;
    }
    if (type !== 'application/x-www-form-urlencoded') {
      oauthError(res, 400, 'invalid_request', 'the body must be application/x-www-form-urlencoded');
      return;
    }
    if (fields.client_id !== clientId || fields.client_secret !== clientSecret) {
      oauthError(res, 401, 'invalid_client', `Client not found: ${fields.client_id ?? ''}`);
      return;
    }
    if (fields.grant_type !== 'authorization_code') {
      oauthError(res, 400, 'unsupported_grant_type', `Unsupported grant type: ${fields.grant_type ?? ''}`);
      return;
    }
    const entry = codes.get(fields.code ?? '');
    if (!entry || entry.clientId !== fields.client_id) {
      oauthError(res, 400, 'invalid_grant', `Invalid authorization code: ${fields.code ?? ''}`);
      return;
    }
    if (entry.used) {
      oauthError(res, 400, 'invalid_grant', `Reused authorization code: ${fields.code}`);
      return;
    }
    entry.used = true; // spent even when the rest is wrong, as ORCID does
    if (entry.expires < Date.now()) {
      oauthError(res, 400, 'invalid_grant', `Authorization code expired: ${fields.code}`);
      return;
    }
    if (fields.redirect_uri !== entry.redirectUri) {
      oauthError(res, 400, 'invalid_grant', 'Redirect URI mismatch.');
      return;
    }
    sendJson(res, 200, {
      access_token: crypto.randomUUID(),
      token_type: 'bearer',
      refresh_token: crypto.randomUUID(),
      expires_in: 631138518,
      scope: '/authenticate',
      name: entry.user.name,
      orcid: entry.user.orcid,
    });
  }

  async function control(url, req, res) {
    if (req.method === 'GET' && url.pathname === '/control/requests') {
      sendJson(res, 200, requests);
      return;
    }
    let value;
    try {
      value = JSON.parse(await readBody(req, MAX_CONTROL_BODY) || '{}');
    } catch {
      oauthError(res, 400, 'invalid_request', 'the body must be JSON');
      return;
    }
    if (req.method === 'POST' && url.pathname === '/control/user') {
      user = { orcid: value.orcid ?? user.orcid, name: value.name ?? user.name };
    } else if (req.method === 'POST' && url.pathname === '/control/next') {
      nextResponses.push(value);
    } else {
      oauthError(res, 404, 'not_found', 'no such control');
      return;
    }
    sendJson(res, 200, { ok: true });
  }

  async function handle(req, res) {
    const url = new URL(req.url, 'http://localhost');
    try {
      if (req.method === 'GET' && url.pathname === '/oauth/authorize') authorize(url, res);
      else if (req.method === 'POST' && url.pathname === '/oauth/token') await token(req, res);
      else if (url.pathname.startsWith('/control/')) await control(url, req, res);
      else oauthError(res, 404, 'not_found', `nothing at ${url.pathname}`);
    } catch (e) {
      if (!res.headersSent) oauthError(res, 400, 'invalid_request', e.message);
      else res.destroy();
    }
  }

  const server = options.tls
    ? https.createServer({ cert: options.tls.cert, key: options.tls.key }, handle)
    : http.createServer(handle);
  const host = options.host ?? '127.0.0.1';
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const port = server.address().port;
  const url = `${options.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url,
    port,
    authorizeUrl: `${url}/oauth/authorize`,
    tokenUrl: `${url}/oauth/token`,
    clientId,
    clientSecret,
    setUser(next) { user = { ...user, ...next }; },
    respondNext(response) { nextResponses.push(response); },
    requests,
    issued: codes,
    close() {
      server.closeAllConnections?.();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function parseArgs(argv) {
  const flags = {};
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([a-z-]+)$/.exec(argv[i]);
    if (!m || i + 1 >= argv.length) throw new Error(`orcid_server: bad argument '${argv[i]}'`);
    flags[m[1]] = argv[++i];
  }
  return flags;
}

async function main() {
  const flags = parseArgs(process.argv.slice(2));
  const tls = flags.cert && flags.key
    ? { cert: fs.readFileSync(flags.cert), key: fs.readFileSync(flags.key) }
    : null;
  const s = await startOrcidServer({
    host: flags.host,
    port: flags.port ? Number(flags.port) : 0,
    clientId: flags['client-id'],
    clientSecret: flags['client-secret'],
    orcid: flags.orcid,
    name: flags.name,
    tls,
  });
  if (flags['port-file']) {
    fs.writeFileSync(`${flags['port-file']}.tmp`, String(s.port));
    fs.renameSync(`${flags['port-file']}.tmp`, flags['port-file']);
  }
  process.stdout.write(`port ${s.port}\n`);
  const stop = () => { s.close().then(() => process.exit(0)); };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (process.argv[1] && fs.realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  });
}
