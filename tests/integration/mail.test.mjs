// `bzpeer mail test EMAIL` against a real SMTP server on loopback
// (smtp_receiver.py, aiosmtpd under /usr/bin/python3) with STARTTLS on a
// throw-away certificate and AUTH; and, without mail.host, the .eml file
// in mail.dir and its logged link. No database is involved: the test runs
// the same under both registrations.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { run, makeTempDir, SOURCE_DIR } from './server.mjs';

const PYTHON = '/usr/bin/python3'; // Debian's, which has python3-aiosmtpd
const RECEIVER = path.join(SOURCE_DIR, 'tests', 'integration', 'smtp_receiver.py');
const USER = 'alice';
const PASSWORD = 'pw-7f3c9a-secret';

let dir;
let cert;
let key;
const receivers = [];

before(() => {
  dir = makeTempDir('bzpeer-mail-');
  cert = path.join(dir, 'cert.pem');
  key = path.join(dir, 'key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec',
    '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-keyout', key, '-out', cert, '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'],
  { stdio: ['ignore', 'ignore', 'pipe'] });
});

after(() => {
  for (const r of receivers) r.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * Start smtp_receiver.py with `args` on a free loopback port; resolves
 * {port, folder, events(), messages(), stop()} once it listens.
 */
function startReceiver(name, args = []) {
  const folder = path.join(dir, name);
  const child = spawn(PYTHON, [RECEIVER, '--dir', folder, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => { err += d; });
  const stop = () => { if (child.exitCode === null) child.kill('SIGTERM'); };
  process.on('exit', stop);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`smtp_receiver.py did not start:\n${err}`)), 10000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`smtp_receiver.py exited ${code} (is python3-aiosmtpd installed?):\n${err}`));
    });
    child.stdout.on('data', (d) => {
      out += d;
      const m = /^port (\d+)$/m.exec(out);
      if (!m) return;
      clearTimeout(timer);
      const r = {
        port: Number(m[1]),
        folder,
        stop,
        logs: () => err,
        events: () => {
          try { return fs.readFileSync(path.join(folder, 'events.log'), 'utf8').trim().split('\n').filter(Boolean); } catch { return []; }
        },
        messages: () => fs.readdirSync(folder).filter((f) => f.endsWith('.eml')).sort().map((f) => ({
          raw: fs.readFileSync(path.join(folder, f), 'latin1'),
          envelope: JSON.parse(fs.readFileSync(path.join(folder, f.replace(/\.eml$/, '.json')), 'utf8')),
        })),
      };
      receivers.push(r);
      resolve(r);
    });
  });
}

/** Headers (names lower-cased, folded lines joined) and the raw body. */
function parseMessage(raw) {
  const split = raw.indexOf('\r\n\r\n');
  assert.ok(split > 0, `no blank line after the headers:\n${raw}`);
  const headers = {};
  for (const line of raw.slice(0, split).split(/\r\n(?![ \t])/)) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).replace(/\r\n[ \t]/g, ' ').trim();
  }
  return { headers, body: raw.slice(split + 4) };
}

/** Quoted-printable to a UTF-8 string. */
function qpDecode(body) {
  const bytes = [];
  const text = body.replace(/=\r\n/g, '');
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '=') {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(text.charCodeAt(i));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function smtpEnv(receiver, extra = {}) {
  return {
    BZPEER_MAIL_HOST: '127.0.0.1',
    BZPEER_MAIL_PORT: String(receiver.port),
    BZPEER_BASE_URL: 'https://peer.test',
    ...extra,
  };
}

test('mail test sends one message through STARTTLS with AUTH', async () => {
  const rx = await startReceiver('starttls', ['--cert', cert, '--key', key,
    '--require-tls', '--user', USER, '--password', PASSWORD]);
  const r = await run(['mail', 'test', 'bob@example.org'], {
    cwd: dir,
    env: smtpEnv(rx, { BZPEER_MAIL_USER: USER, BZPEER_MAIL_PASSWORD: PASSWORD, BZPEER_MAIL_CA_FILE: cert }),
  });
  assert.equal(r.code, 0, `exit ${r.code}\n${r.stderr}\n${rx.logs()}`);
  assert.match(r.stdout, /^mail test: sent to 'bob@example\.org'$/m);
  assert.match(r.stderr, new RegExp(`info +mail +req=0 mail to bob@example\\.org: sent through 127\\.0\\.0\\.1:${rx.port}`));
  assert.ok(!r.stderr.includes(PASSWORD) && !r.stdout.includes(PASSWORD), 'the password is printed');

  const messages = rx.messages();
  assert.equal(messages.length, 1);
  const [{ raw, envelope }] = messages;
  assert.deepEqual(envelope, { mail_from: 'noreply@peer.test', rcpt_tos: ['bob@example.org'], tls: true, authenticated: true });
  assert.ok(!/[^\r]\n/.test(raw) && raw.endsWith('\r\n'), 'every line ends in CRLF');
  const { headers, body } = parseMessage(raw);
  assert.equal(headers.from, 'bzpeer <noreply@peer.test>');
  assert.equal(headers.to, 'bob@example.org');
  assert.equal(headers.subject, 'bzpeer mail test');
  assert.match(headers.date, /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d \+0000$/);
  assert.ok(Math.abs(Date.parse(headers.date) - Date.now()) < 60000, `Date ${headers.date} is not now`);
  assert.match(headers['message-id'], /^<[0-9]{8}T[0-9]{6}Z-[0-9a-f]{16}@peer\.test>$/);
  assert.equal(headers['mime-version'], '1.0');
  assert.equal(headers['content-type'], 'text/plain; charset=utf-8');
  assert.equal(headers['content-transfer-encoding'], 'quoted-printable');
  const text = qpDecode(body);
  assert.match(text, /^This is a test message from bzpeer at https:\/\/peer\.test\.\r\n/);
  assert.match(text, /If you are reading it, the mail settings work\.\r\n$/);

  // The conversation: STARTTLS first, then AUTH, then the mail, all in TLS.
  const events = rx.events();
  assert.deepEqual(events.map((e) => e.split(' ')[0]), ['EHLO', 'EHLO', 'AUTH', 'MAIL', 'RCPT', 'DATA']);
  assert.equal(events[0], 'EHLO peer.test tls=0');
  assert.equal(events[1], 'EHLO peer.test tls=1');
  assert.match(events[2], /^AUTH (PLAIN|LOGIN) ok alice$/);
  assert.equal(events[3], 'MAIL <noreply@peer.test> tls=1 auth=1');
});

test('a wrong password fails with a clear message and sends nothing', async () => {
  const rx = await startReceiver('wrong-password', ['--cert', cert, '--key', key,
    '--require-tls', '--user', USER, '--password', PASSWORD]);
  const wrong = 'not-the-password-91c2';
  const r = await run(['mail', 'test', 'bob@example.org'], {
    cwd: dir,
    env: smtpEnv(rx, { BZPEER_MAIL_USER: USER, BZPEER_MAIL_PASSWORD: wrong, BZPEER_MAIL_CA_FILE: cert }),
  });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, new RegExp(`^bzpeer: mail: send to 'bob@example\\.org' through '127\\.0\\.0\\.1:${rx.port}' failed: .*\\(server said 535\\)$`, 'm'));
  assert.ok(!r.stderr.includes(wrong) && !r.stdout.includes(wrong), 'the password is printed');
  assert.equal(rx.messages().length, 0);
  assert.ok(!rx.events().some((e) => /^(MAIL|DATA)/.test(e)), rx.events().join('\n'));
});

test('starttls against a server without STARTTLS is refused, nothing in clear', async () => {
  const rx = await startReceiver('plain');
  const r = await run(['mail', 'test', 'bob@example.org'], {
    cwd: dir,
    env: smtpEnv(rx, { BZPEER_MAIL_USER: USER, BZPEER_MAIL_PASSWORD: PASSWORD }),
  });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /^bzpeer: mail: send to 'bob@example\.org' through '127\.0\.0\.1:\d+' failed: STARTTLS not supported$/m);
  assert.ok(!r.stderr.includes(PASSWORD));
  assert.deepEqual(rx.events(), ['EHLO peer.test tls=0'], 'only EHLO was said in clear');
  assert.equal(rx.messages().length, 0);

  // mail.tls=none is the explicit choice for a local relay.
  const relay = await run(['mail', 'test', 'bob@example.org'], {
    cwd: dir, env: smtpEnv(rx, { BZPEER_MAIL_TLS: 'none' }),
  });
  assert.equal(relay.code, 0, relay.stderr);
  const messages = rx.messages();
  assert.equal(messages.length, 1);
  assert.equal(messages[0].envelope.tls, false);
});

test('a certificate the system does not trust is refused', async () => {
  const rx = await startReceiver('untrusted', ['--cert', cert, '--key', key, '--require-tls']);
  const r = await run(['mail', 'test', 'bob@example.org'], { cwd: dir, env: smtpEnv(rx) });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /failed: SSL certificate problem/);
  assert.ok(!rx.events().some((e) => /^(MAIL|DATA)/.test(e)));
  assert.equal(rx.messages().length, 0);
});

test('mail.tls=tls speaks TLS from the first byte (smtps)', async () => {
  const rx = await startReceiver('smtps', ['--cert', cert, '--key', key, '--implicit-tls',
    '--user', USER, '--password', PASSWORD]);
  const conf = path.join(dir, 'smtps.conf');
  fs.writeFileSync(conf, [
    'base_url = https://peer.test',
    '[mail]',
    'host = localhost',
    `port = ${rx.port}`,
    'tls = tls',
    `user = ${USER}`,
    `password = ${PASSWORD}`,
    `ca_file = ${cert}`,
    'from = Peer Review <reviews@peer.test>',
    '',
  ].join('\n'));
  const r = await run(['mail', 'test', '--config', conf, 'carol@example.org'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  const [message] = rx.messages();
  assert.deepEqual(message.envelope, { mail_from: 'reviews@peer.test', rcpt_tos: ['carol@example.org'], tls: true, authenticated: true });
  assert.equal(parseMessage(message.raw).headers.from, 'Peer Review <reviews@peer.test>');
});

test('without mail.host the message is an .eml file in mail.dir, its link logged', async () => {
  const work = makeTempDir('bzpeer-mail-eml-');
  try {
    // the default folder, var/mail, made under the working directory
    const r = await run(['mail', 'test', 'dave@example.org'], { cwd: work });
    assert.equal(r.code, 0, r.stderr);
    const folder = path.join(work, 'var', 'mail');
    assert.equal(fs.statSync(folder).mode & 0o777, 0o700);
    const files = fs.readdirSync(folder);
    assert.equal(files.length, 1);
    assert.match(files[0], /^[0-9]{8}T[0-9]{6}Z-[0-9a-f]{16}\.eml$/);
    const file = path.join(fs.realpathSync(folder), files[0]);
    assert.match(r.stderr, new RegExp(`info +mail +req=0 mail to dave@example\\.org: file://${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
    assert.match(r.stdout, /no mail\.host/);
    const { headers, body } = parseMessage(fs.readFileSync(file, 'latin1'));
    assert.equal(headers.to, 'dave@example.org');
    assert.equal(headers.from, 'bzpeer <noreply@127.0.0.1>');
    assert.match(qpDecode(body), /bzpeer at http:\/\/127\.0\.0\.1:8080\./);

    // mail.dir from the config, made with its parents
    const conf = path.join(work, 'bzpeer.conf');
    fs.writeFileSync(conf, '[mail]\ndir = spool/out\n');
    const again = await run(['mail', 'test', 'dave@example.org'], { cwd: work });
    assert.equal(again.code, 0, again.stderr);
    assert.equal(fs.readdirSync(path.join(work, 'spool', 'out')).length, 1);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
});

test('mail command line: usage, help and bad addresses', async () => {
  const help = await run(['mail', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^usage: bzpeer mail test \[--config FILE\] EMAIL/);
  const main = await run(['--help']);
  assert.match(main.stdout, /^ {2}mail +send a test message/m);
  for (const args of [['mail'], ['mail', 'test'], ['mail', 'send', 'a@b.org'],
    ['mail', 'test', 'a@b.org', 'c@d.org'], ['mail', 'test', '--bogus', 'a@b.org'],
    ['mail', 'test', 'no-at-sign'], ['mail', 'test', 'a@b.org\r\nBcc: c@d.org']]) {
    const r = await run(args, { cwd: dir });
    assert.equal(r.code, 2, `${JSON.stringify(args)}: exit ${r.code}\n${r.stderr}`);
    assert.match(r.stderr, /usage: bzpeer mail test/);
  }
  const bad = await run(['mail', 'test', 'a@b.org'], { cwd: dir, env: { BZPEER_MAIL_TLS: 'ssl' } });
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /config 'mail\.tls': 'ssl' is not starttls, tls or none/);
});
