// Error pages and odd requests: 404 and 400 pages in the site's layout,
// methods, an oversized header, HEAD.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { startServer, getText, htmlText } from './server.mjs';

let srv;

before(async () => {
  srv = await startServer();
});

after(async () => {
  if (srv) await srv.stop();
});

function assertLayout(html, where) {
  assert.match(html, /^<!doctype html>/i, `${where}: not an HTML document`);
  assert.match(html, /<link\b[^>]*rel="stylesheet"[^>]*href="\/static\/style\.css"/, `${where}: no stylesheet link`);
}

async function assertHealthy() {
  const r = await getText(srv.base + '/healthz');
  assert.equal(r.status, 200, 'healthz');
}

test('/researchers/R999 answers a 404 page in the site layout', async () => {
  const r = await getText(srv.base + '/researchers/R999');
  assert.equal(r.status, 404);
  assert.match(r.type, /^text\/html\b/);
  assertLayout(r.text, '/researchers/R999');
  assert.ok(htmlText(r.text).includes('Not found'), htmlText(r.text));
});

test('malformed researcher ids answer a 400 "Bad request" page', async () => {
  for (const p of ['/researchers/R0', '/researchers/Rabc', '/researchers/W1', '/researchers/foo:bar']) {
    const r = await getText(srv.base + p);
    assert.equal(r.status, 400, p);
    assert.match(r.type, /^text\/html\b/, p);
    assertLayout(r.text, p);
    assert.ok(htmlText(r.text).includes('Bad request'), `${p}: ${htmlText(r.text)}`);
  }
});

test('/works/W999 and an unknown page answer 404', async () => {
  for (const p of ['/works/W999', '/nope']) {
    const r = await getText(srv.base + p);
    assert.equal(r.status, 404, p);
    assert.match(r.type, /^text\/html\b/, p);
    assertLayout(r.text, p);
    assert.ok(htmlText(r.text).includes('Not found'), p);
  }
});

test('POST / and DELETE /api/v1/researchers answer 405 with Allow', async () => {
  const r = await getText(srv.base + '/', { method: 'POST', body: 'a=1',
    headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(r.status, 405, `POST /: status ${r.status}`);
  assert.equal(r.res.headers.get('allow'), 'GET, HEAD');
  assert.match(r.text, /Method not allowed/);
  const api = await getText(srv.base + '/api/v1/researchers', { method: 'POST' });
  assert.equal(api.status, 405);
  assert.equal(JSON.parse(api.text).error.code, 'method_not_allowed');
  const del = await getText(srv.base + '/api/v1/researchers', { method: 'DELETE' });
  assert.ok(del.status === 405 || del.status === 501, `DELETE: ${del.status}`);
  await assertHealthy();
});

/** Send a GET with one huge header; resolves {status} or {closed: error code}. */
function hugeHeaderRequest(size) {
  return new Promise((resolve) => {
    const url = new URL(srv.base);
    const req = http.request({
      host: url.hostname, port: url.port, path: '/', method: 'GET',
      headers: { 'X-Huge': 'a'.repeat(size) }, agent: false,
    }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode }));
      res.on('error', () => resolve({ status: res.statusCode }));
    });
    req.setTimeout(5000, () => { req.destroy(new Error('timeout')); });
    req.on('error', (e) => resolve({ closed: e.code ?? e.message }));
    req.end();
  });
}

test('a header larger than 64 KB is refused and the server keeps serving', async () => {
  const r = await hugeHeaderRequest(70 * 1024);
  if ('status' in r) {
    assert.ok(r.status >= 400 && r.status < 500, `huge header: status ${r.status}`);
  } else {
    // evhttp may also just close the connection.
    assert.notEqual(r.closed, 'timeout', 'the server neither answered nor closed within 5 s');
  }
  await assertHealthy();
  const page = await getText(srv.base + '/researchers/R4-surya-ganguli');
  assert.equal(page.status, 200, 'the profile still answers');
});

test('a request that is not HTTP gets no 200 and the server keeps serving', async () => {
  const url = new URL(srv.base);
  const answer = await new Promise((resolve) => {
    const sock = net.connect(Number(url.port), url.hostname);
    let data = '';
    sock.setTimeout(5000, () => sock.destroy());
    sock.on('data', (d) => { data += d; });
    sock.on('close', () => resolve(data));
    sock.on('error', () => resolve(data));
    sock.on('connect', () => sock.end('THIS IS NOT HTTP\r\n\r\n'));
  });
  assert.doesNotMatch(answer, /^HTTP\/1\.[01] 2\d\d/, `answer: ${answer.slice(0, 80)}`);
  await assertHealthy();
});

/** Write `request` on a fresh socket; resolve everything read until the server closes. */
function rawExchange(request, ms = 3000) {
  const url = new URL(srv.base);
  return new Promise((resolve) => {
    const sock = net.connect(Number(url.port), url.hostname);
    let data = '';
    sock.setEncoding('latin1');
    sock.setTimeout(ms, () => sock.destroy());
    sock.on('data', (d) => { data += d; });
    sock.on('close', () => resolve(data));
    sock.on('error', () => resolve(data));
    sock.on('connect', () => sock.write(request));
  });
}

test('HEAD / answers 200 with the headers only, no body', async () => {
  const raw = await rawExchange('HEAD / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  const end = raw.indexOf('\r\n\r\n');
  assert.ok(end > 0, `no end of headers in ${JSON.stringify(raw.slice(0, 200))}`);
  assert.match(raw, /^HTTP\/1\.1 200 /);
  assert.match(raw.slice(0, end), /\r\ncontent-type: text\/html\b/i);
  const body = raw.slice(end + 4);
  assert.equal(body.length, 0,
    `HEAD / carried a ${body.length}-byte body after its headers: ${JSON.stringify(body.slice(0, 60))}`);
});

test('HEAD through an HTTP client on a kept-alive connection, then GET on it', async () => {
  // A body after a HEAD answer would be read as the start of the next answer.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const url = new URL(srv.base);
  const request = (method, path) => new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path, method, agent }, (res) => {
      let bytes = 0;
      res.on('data', (d) => { bytes += d.length; });
      res.on('end', () => resolve({ status: res.statusCode, bytes }));
    });
    req.setTimeout(5000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
  try {
    const head = await request('HEAD', '/');
    assert.equal(head.status, 200);
    assert.equal(head.bytes, 0);
    const get = await request('GET', '/healthz');
    assert.equal(get.status, 200);
  } finally {
    agent.destroy();
  }
});
