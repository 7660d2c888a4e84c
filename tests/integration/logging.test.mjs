// The access log: one line per request, client bytes escaped so that a
// request cannot forge or break log lines.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { startServer, getText } from './server.mjs';

let srv;
test.before(async () => { srv = await startServer(); });
test.after(async () => { await srv?.stop(); });

function raw(request) {
  const url = new URL(srv.base);
  return new Promise((resolve) => {
    const sock = net.connect(Number(url.port), url.hostname);
    let data = '';
    sock.setTimeout(3000, () => sock.destroy());
    sock.on('data', (d) => { data += d; });
    sock.on('close', () => resolve(data));
    sock.on('error', () => resolve(data));
    sock.on('connect', () => sock.write(request));
  });
}

test('each request gets one access line, with client bytes escaped', async () => {
  await getText(srv.base + '/healthz');
  await getText(srv.base + '/researchers/R4-surya-ganguli');
  const answer = await raw(Buffer.from(
    'GET /x"y\\z\x7fcaf\xc3\xa9 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n', 'latin1'));
  assert.match(answer, /^HTTP\/1\.1 /);
  await new Promise((r) => setTimeout(r, 1500)); // lines are flushed each second
  const log = fs.readFileSync(path.join(srv.dir, 'serve.stdout'), 'utf8');
  const lines = log.split('\n').filter(Boolean);
  assert.ok(lines.some((l) => /"GET \/healthz" 200 3 \d+us$/.test(l)), log);
  assert.ok(lines.some((l) => /"GET \/researchers\/R4-surya-ganguli" 200 \d+ \d+us$/.test(l)), log);
  const odd = lines.find((l) => l.includes('/x'));
  assert.ok(odd, `no line for the odd request in:\n${log}`);
  assert.ok(odd.includes('/x\\x22y\\x5cz\\x7fcaf\\xc3\\xa9'), odd);
  for (const l of lines) assert.match(l, /^\d{4}-\d\d-\d\dT[\d:.]+Z 127\.0\.0\.1 req=\d+ "/);
});
