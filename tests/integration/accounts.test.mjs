// Accounts through real HTTP: sign-up and its mailed link (as .eml files,
// and once through a real SMTP server with STARTTLS and AUTH), log-in and
// log-out, what a stranger cannot learn, weak passwords and bad addresses,
// signed links, throttling, sessions and their cookies, API tokens, CSRF,
// the account page's changes, the user commands and the response cache.
// Every test runs its own server (the per-peer limits on mail and log-ins
// are per instance) with BZPEER_TEST_CHEAP_HASH=1 and BZPEER_BASE_URL set
// to the server's own address, so links in mail point at it.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  startAccountServer, browser, CookieJar, formField, mailbox, htmlText,
  startSmtpReceiver, makeTempDir, DEMO,
} from './server.mjs';

const PASSWORD = 'lantern-orchid-7341';
const OTHER_PASSWORD = 'quarry-meadow-5518';
const SECRET = '5f'.repeat(32); // a known instance secret, to sign links here

const servers = [];
async function server(opts) {
  const srv = await startAccountServer(opts);
  servers.push(srv);
  srv.box = mailbox(srv.mailDir);
  return srv;
}
after(async () => {
  for (const s of servers.splice(0)) await s.stop();
});

// --- helpers --------------------------------------------------------------

/** The problem a form was shown again with, as text, or null. */
function problemOf(html) {
  const m = /<p class="problem"[^>]*>([\s\S]*?)<\/p>/.exec(html);
  return m ? htmlText(m[1]) : null;
}

function noticeOf(html) {
  const m = /<p class="notice"[^>]*>([\s\S]*?)<\/p>/.exec(html);
  return m ? htmlText(m[1]) : null;
}

/** The address and its state the account page shows, or null when the
 * browser is not signed in (GET /account answers 303 to /login). */
async function whoAmI(b) {
  const r = await b.get('/account');
  if (r.status === 303) {
    assert.equal(r.location, '/login?next=/account');
    return null;
  }
  assert.equal(r.status, 200, r.text);
  const m = /Email address: <strong>([^<]*)<\/strong> \(([^)]*)\) · role: ([a-z]+)/.exec(r.text);
  assert.ok(m, `no address on the account page:\n${r.text}`);
  return { email: m[1], state: m[2], role: m[3], html: r.text };
}

async function signup(srv, email, password, b = browser(srv.base)) {
  return b.submit('/signup', { email, password });
}

/** Logs b in (a fresh browser by default); returns {b, r}. */
async function login(srv, email, password, b = browser(srv.base), extra = {}) {
  const r = await b.submit('/login', { email, password, ...extra });
  return { b, r };
}

async function loginOk(srv, email, password, b) {
  const { b: signed, r } = await login(srv, email, password, b);
  assert.equal(r.status, 303, `log-in as ${email}: ${r.status}\n${problemOf(r.text) ?? r.text}`);
  return signed;
}

/** An account made by `bzpeer user add`: its id. */
async function userAdd(srv, email, password = PASSWORD, role) {
  const args = ['user', 'add', '--db', srv.db, '--password-stdin'];
  if (role) args.push('--role', role);
  const r = await srv.bzpeer([...args, email], { input: password + '\n' });
  assert.equal(r.code, 0, `user add ${email}: exit ${r.code}\n${r.stderr}`);
  const m = /^added A(\d+) \((\w+)\)$/m.exec(r.stdout);
  assert.ok(m, r.stdout);
  return Number(m[1]);
}

/** The account page's csrf token for a signed-in browser. */
async function accountCsrf(b) {
  return b.csrf('/account');
}

async function post(b, action, fields, opts) {
  return b.post(action, { csrf: await accountCsrf(b), ...fields }, opts);
}

/** Signs up, opens the mailed link and logs in: the signed-in browser. */
async function confirmedAccount(srv, email, password = PASSWORD) {
  const r = await signup(srv, email, password);
  assert.equal(r.status, 303, problemOf(r.text) ?? r.text);
  const mail = await srv.box.next({ to: email, subject: 'Confirm your email address for bzpeer' });
  const v = await browser(srv.base).get(new URL(mail.link).pathname + new URL(mail.link).search);
  assert.equal(v.status, 303);
  return loginOk(srv, email, password);
}

function linkPath(link) {
  const u = new URL(link);
  return u.pathname + u.search;
}

function linkValue(link) {
  return new URL(link).searchParams.get('t');
}

const b64url = (buf) => Buffer.from(buf).toString('base64url');

/** A value signed as sign.c does: purpose.expiry.subject.mac, the MAC an
 * HMAC-SHA512-256 under the instance secret of "bzpeer sign 1\n" and
 * what precedes the MAC. */
function signValue(purpose, expiry, subject, secretHex = SECRET) {
  const head = `${purpose}.${expiry}.${b64url(subject)}`;
  const mac = crypto.createHmac('sha512', Buffer.from(secretHex, 'hex'))
    .update('bzpeer sign 1\n' + head).digest().subarray(0, 32);
  return `${head}.${b64url(mac)}`;
}

async function audit(srv) {
  const r = await srv.bzpeer(['audit', '--db', srv.db]);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout.split('\n').filter(Boolean).map((l) => l.split('\t'));
}

/** Waits until the server's log has a line matching re. */
async function logLine(srv, re, ms = 5000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const m = re.exec(srv.logs());
    if (m) return m;
    if (Date.now() > deadline) assert.fail(`no log line ${re}:\n${srv.logs()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// --- sign-up, confirmation, log-in, log-out --------------------------------

test('sign-up mails a link (.eml) that confirms the address; log-in; log-out ends the session', async () => {
  const srv = await server();
  const email = 'ada@example.org';
  const b = browser(srv.base);

  const form = await b.get('/signup');
  assert.equal(form.status, 200);
  assert.equal(form.res.headers.get('cache-control'), 'no-store');
  const csrfCookie = form.cookies.find((c) => c.name === 'bz_csrf');
  assert.ok(csrfCookie, 'GET /signup sets bz_csrf');
  assert.equal(formField(form.text, 'csrf'), csrfCookie.value, 'the form carries the cookie (double submit)');
  assert.equal(csrfCookie.attrs.httponly, true);
  assert.equal(csrfCookie.attrs.samesite, 'Lax');
  assert.equal(csrfCookie.attrs.path, '/');

  const r = await b.post('/signup', { csrf: csrfCookie.value, email: '  Ada@Example.ORG ', password: PASSWORD });
  assert.equal(r.status, 303, problemOf(r.text) ?? r.text);
  assert.equal(r.location, '/login?done=signed-up&next=/account');
  const landing = await b.get(r.location);
  assert.match(noticeOf(landing.text), /^Check your inbox/);

  const mail = await srv.box.next({ to: email, subject: 'Confirm your email address for bzpeer' });
  assert.equal(mail.headers.from, 'bzpeer <noreply@127.0.0.1>');
  assert.ok(mail.link.startsWith(`${srv.base}/account/verify?t=verify-email.`), mail.link);
  assert.ok(!mail.text.includes(PASSWORD), 'the password is in the mail');
  const real = fs.realpathSync(mail.file);
  await logLine(srv, new RegExp(`info +mail +.*mail to ada@example\\.org: file://${real.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));

  // not confirmed yet: log-in works, and the page says so
  let me = browser(srv.base);
  await loginOk(srv, email, PASSWORD, me);
  assert.equal((await whoAmI(me)).state, 'not confirmed yet');

  // a new link on request; the first one still works (links keep no state)
  const resent = await post(me, '/account/verify/resend', {});
  assert.equal(resent.status, 303);
  assert.equal(resent.location, '/account?done=resent');
  const second = await srv.box.next({ to: email, subject: 'Confirm your email address for bzpeer' });
  assert.ok(second.link.startsWith(`${srv.base}/account/verify?t=verify-email.`));

  const opened = await browser(srv.base).get(linkPath(mail.link));
  assert.equal(opened.status, 303);
  assert.equal(opened.location, '/login?done=verified');
  const again = await post(me, '/account/verify/resend', {});
  assert.equal(again.status, 409);
  assert.equal(problemOf(again.text), 'the address is confirmed already');

  me = browser(srv.base);
  const { r: li } = await login(srv, email, PASSWORD, me);
  assert.equal(li.status, 303);
  assert.equal(li.location, '/account');
  const page = await whoAmI(me);
  assert.deepEqual([page.email, page.state, page.role], [email, 'confirmed', 'user']);
  assert.match(page.html, /Signed in as ada@example\.org/);

  // log out: the cookie is cleared and the old value is worthless
  const old = me.jar.get('bz_session');
  const out = await me.post('/logout', { csrf: formField(page.html, 'csrf') });
  assert.equal(out.status, 303);
  assert.equal(out.location, '/login?done=logged-out');
  const cleared = out.cookies.find((c) => c.name === 'bz_session');
  assert.ok(cleared && cleared.value === '' && cleared.attrs['max-age'] === '0', JSON.stringify(out.cookies));
  assert.equal(await whoAmI(me), null);
  const replay = new CookieJar();
  replay.set('bz_session', old);
  assert.equal(await whoAmI(browser(srv.base, replay)), null, 'the old session cookie still works');
});

test('the outbox thread delivers the sign-up mail over SMTP (STARTTLS, AUTH)', async () => {
  const dir = makeTempDir('bzpeer-acct-smtp-');
  try {
    const cert = path.join(dir, 'cert.pem');
    const key = path.join(dir, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1',
      '-nodes', '-days', '1', '-keyout', key, '-out', cert, '-subj', '/CN=localhost',
      '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'], { stdio: ['ignore', 'ignore', 'pipe'] });
    const rx = await startSmtpReceiver(path.join(dir, 'rx'), ['--cert', cert, '--key', key,
      '--require-tls', '--user', 'mailer', '--password', 'smtp-pw-29c1']);
    try {
      const srv = await server({
        env: {
          BZPEER_MAIL_HOST: '127.0.0.1', BZPEER_MAIL_PORT: String(rx.port), BZPEER_MAIL_TLS: 'starttls',
          BZPEER_MAIL_CA_FILE: cert, BZPEER_MAIL_USER: 'mailer', BZPEER_MAIL_PASSWORD: 'smtp-pw-29c1',
        },
      });
      const email = 'grace@example.org';
      const r = await signup(srv, email, PASSWORD);
      assert.equal(r.status, 303, problemOf(r.text) ?? r.text);
      const box = mailbox(rx.folder, rx.messages);
      const mail = await box.next({ to: email, subject: 'Confirm your email address for bzpeer' });
      assert.deepEqual(mail.envelope, { mail_from: 'noreply@127.0.0.1', rcpt_tos: [email], tls: true, authenticated: true });
      assert.deepEqual(rx.events().map((e) => e.split(' ')[0]).slice(0, 6), ['EHLO', 'EHLO', 'AUTH', 'MAIL', 'RCPT', 'DATA']);
      await logLine(srv, new RegExp(`mail to grace@example\\.org: sent through 127\\.0\\.0\\.1:${rx.port}`));
      assert.ok(!fs.existsSync(srv.mailDir) || fs.readdirSync(srv.mailDir).length === 0, 'an .eml was written too');
      assert.ok(!srv.logs().includes('smtp-pw-29c1'), 'the SMTP password is logged');

      assert.equal((await browser(srv.base).get(linkPath(mail.link))).status, 303);
      const me = await loginOk(srv, email, PASSWORD);
      assert.equal((await whoAmI(me)).state, 'confirmed');
    } finally {
      rx.stop();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

// --- what a stranger cannot learn -------------------------------------------

test('sign-up with a taken address answers as for a new one and tells the owner', async () => {
  const srv = await server();
  await userAdd(srv, 'owner@example.org');

  const b = browser(srv.base);
  const csrf = await b.csrf('/signup');
  const fresh = await b.post('/signup', { csrf, email: 'newcomer@example.org', password: OTHER_PASSWORD });
  const taken = await b.post('/signup', { csrf, email: 'owner@example.org', password: OTHER_PASSWORD });
  assert.equal(fresh.status, 303, problemOf(fresh.text) ?? fresh.text);
  assert.equal(taken.status, fresh.status);
  assert.equal(taken.location, fresh.location);
  assert.equal(taken.text, fresh.text);
  assert.deepEqual(taken.cookies, fresh.cookies);
  assert.equal(taken.res.headers.get('content-type'), fresh.res.headers.get('content-type'));

  const welcome = await srv.box.next({ to: 'newcomer@example.org' });
  assert.equal(welcome.headers.subject, 'Confirm your email address for bzpeer');
  const notice = await srv.box.next({ to: 'owner@example.org' });
  assert.equal(notice.headers.subject, 'Your bzpeer account');
  assert.match(notice.text, /has an account already/);
  assert.ok(!/\/account\/verify/.test(notice.text), 'the owner got a confirmation link');
  assert.ok(notice.text.includes(`${srv.base}/account/reset`));

  // the owner's password is the same; the stranger's does not work
  await loginOk(srv, 'owner@example.org', PASSWORD);
  assert.equal((await login(srv, 'owner@example.org', OTHER_PASSWORD)).r.status, 401);
});

test('log-in: an unknown address and a wrong password get the same answer', async () => {
  const srv = await server();
  await userAdd(srv, 'known@example.org');
  const b = browser(srv.base);
  const csrf = await b.csrf('/login');
  const wrong = await b.post('/login', { csrf, email: 'known@example.org', password: OTHER_PASSWORD, next: '/account' });
  const unknown = await b.post('/login', { csrf, email: 'nobody@example.org', password: OTHER_PASSWORD, next: '/account' });
  assert.equal(wrong.status, 401);
  assert.equal(unknown.status, 401);
  assert.equal(problemOf(wrong.text), 'the email address or the password is wrong');
  assert.equal(problemOf(unknown.text), problemOf(wrong.text));
  // the same page but for the address typed, which is shown again
  assert.equal(unknown.text.replaceAll('nobody@example.org', 'X'), wrong.text.replaceAll('known@example.org', 'X'));
  assert.ok(!wrong.text.includes(OTHER_PASSWORD), 'the password is shown again');
  assert.ok(!wrong.cookies.some((c) => c.name === 'bz_session'));
});

test('reset for an unknown address answers as for a known one and sends nothing', async () => {
  const srv = await server();
  await userAdd(srv, 'known@example.org');
  const b = browser(srv.base);
  const csrf = await b.csrf('/account/reset');
  const unknown = await b.post('/account/reset', { csrf, email: 'stranger@example.org' });
  const known = await b.post('/account/reset', { csrf, email: 'known@example.org' });
  assert.equal(known.status, 303);
  assert.equal(unknown.status, known.status);
  assert.equal(unknown.location, known.location);
  assert.equal(known.location, '/account/reset?done=reset-sent');
  assert.equal(unknown.text, known.text);
  assert.deepEqual(unknown.cookies, known.cookies);
  const landing = await b.get(known.location);
  assert.match(noticeOf(landing.text), /^If an account has that address/);

  const mail = await srv.box.next({ to: 'known@example.org', subject: 'Set a new bzpeer password' });
  assert.ok(mail.link.startsWith(`${srv.base}/account/reset/confirm?t=reset-password.`), mail.link);
  await sleep(1500); // the sender looks every second at the latest
  assert.deepEqual(srv.box.all().map((m) => m.headers.to), ['known@example.org'], 'mail went to the unknown address');
});

// --- weak passwords, bad addresses ------------------------------------------

test('weak passwords and bad addresses are refused with the reason, nothing made', async () => {
  const srv = await server();
  const email = 'margaret.h@example.org';
  const b = browser(srv.base);
  const weak = [
    ['short-1', /too short/],
    ['aaaaaaaaaaaaaa', /one character/],
    ['1234567890123', /digits only/],
    ['margaret.h@example.org', /email address/],
    ['Margaret.H', /before '@'/],
    ['Password123!', /too common/],
    ['ab-'.repeat(400), /too long/],
    ['', /./],
  ];
  for (const [password, reason] of weak) {
    const r = await b.submit('/signup', { email, password });
    assert.equal(r.status, 400, `password ${JSON.stringify(password)}: ${r.status}`);
    assert.match(problemOf(r.text) ?? '', reason, `password ${JSON.stringify(password)}`);
    assert.equal(formField(r.text, 'email'), email, 'the address is shown again');
    if (password && password !== email) assert.ok(!r.text.includes(`value="${password}"`), `password ${password} is shown again`);
    assert.equal(formField(r.text, 'csrf'), b.jar.get('bz_csrf'));
  }
  const bad = ['no-at-sign', 'two@@example.org', 'a@b@example.org', '', 'spa ce@example.org',
    'x'.repeat(300) + '@example.org', 'line@example.org\r\nBcc: evil@example.org'];
  for (const address of bad) {
    const r = await b.submit('/signup', { email: address, password: PASSWORD });
    assert.equal(r.status, 400, `address ${JSON.stringify(address)}: ${r.status}`);
    assert.match(problemOf(r.text) ?? '', /address/, `address ${JSON.stringify(address)}`);
  }
  await sleep(1200);
  assert.deepEqual(srv.box.all(), [], 'a refused sign-up sent mail');

  // nothing was made: the address is new to a sign-up, and logs in nowhere
  assert.equal((await login(srv, email, 'short-1')).r.status, 401);
  assert.equal((await signup(srv, email, PASSWORD)).status, 303);
  const mail = await srv.box.next({ to: email });
  assert.equal(mail.headers.subject, 'Confirm your email address for bzpeer');
});

// --- links --------------------------------------------------------------------

test('forged, cut, re-purposed, tampered and expired links: 400 or 410', async () => {
  const srv = await server({ env: { BZPEER_SECRET: SECRET } });
  const email = 'linus@example.org';
  assert.equal((await signup(srv, email, PASSWORD)).status, 303);
  const mail = await srv.box.next({ to: email, subject: 'Confirm your email address for bzpeer' });
  const value = linkValue(mail.link);
  const [purpose, expiry, subject, mac] = value.split('.');
  assert.equal(purpose, 'verify-email');
  const id = Number(/^(\d+) /.exec(Buffer.from(subject, 'base64url').toString())[1]);
  assert.equal(Buffer.from(subject, 'base64url').toString(), `${id} ${email}`);
  assert.ok(Number(expiry) - Date.now() / 1000 > 47 * 3600 && Number(expiry) - Date.now() / 1000 <= 48 * 3600 + 5);
  // our signer agrees with the server's (so the expired link below is genuine)
  assert.equal(signValue(purpose, expiry, `${id} ${email}`), value);

  const anon = browser(srv.base);
  const verify = (t) => anon.get('/account/verify' + (t === undefined ? '' : '?t=' + encodeURIComponent(t)));
  const flip = (s, i) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
  const cases = [
    ['no value', undefined, 400],
    ['empty', '', 400],
    ['a changed MAC', flip(value, value.length - 3), 400],
    ['cut short', value.slice(0, -6), 400],
    ['a later expiry', `${purpose}.${Number(expiry) + 86400}.${subject}.${mac}`, 400],
    ['another subject', `${purpose}.${expiry}.${b64url(`${id} other@example.org`)}.${mac}`, 400],
    ['another purpose, same MAC', `reset-password.${expiry}.${subject}.${mac}`, 400],
    ['signed for a reset', signValue('reset-password', expiry, `${id} ${email}`), 400],
    ['another secret', signValue(purpose, expiry, `${id} ${email}`, 'a0'.repeat(32)), 400],
    ['expired', signValue(purpose, Math.floor(Date.now() / 1000) - 60, `${id} ${email}`), 410],
  ];
  for (const [what, t, want] of cases) {
    const r = await verify(t);
    assert.equal(r.status, want, `${what}: ${r.status} ${problemOf(r.text) ?? r.text.slice(0, 200)}`);
    assert.ok(problemOf(r.text), `${what}: no reason shown`);
    assert.equal(r.res.headers.get('cache-control'), 'no-store', what);
  }
  assert.match(problemOf((await verify(cases[9][1])).text), /expired/);
  assert.match(problemOf((await verify(value.slice(0, -6))).text), /not one bzpeer sent/);

  // nothing of that confirmed the address
  const me = await loginOk(srv, email, PASSWORD);
  assert.equal((await whoAmI(me)).state, 'not confirmed yet');

  // the real one does; a reset link is no confirmation link and vice versa
  assert.equal((await verify(value)).status, 303);
  assert.equal((await whoAmI(me)).state, 'confirmed');
  const confirm = await anon.submit('/account/reset/confirm?t=' + encodeURIComponent(value),
    { t: value, password: OTHER_PASSWORD }, '/account/reset/confirm');
  assert.equal(confirm.status, 400, problemOf(confirm.text));
  const expiredReset = signValue('reset-password', Math.floor(Date.now() / 1000) - 1, `${id} 0000000000000000`);
  const stale = await anon.submit('/account/reset/confirm', { t: expiredReset, password: OTHER_PASSWORD },
    '/account/reset/confirm');
  assert.equal(stale.status, 410, problemOf(stale.text));
  await loginOk(srv, email, PASSWORD);
});

// --- throttling -------------------------------------------------------------

test('five wrong passwords lock the account for a while; others unaffected; a good log-in resets', async () => {
  const srv = await server();
  await userAdd(srv, 'target@example.org');
  await userAdd(srv, 'bystander@example.org');
  const attempt = async (email, password) => (await login(srv, email, password)).r;

  for (let i = 0; i < 4; i++) assert.equal((await attempt('target@example.org', OTHER_PASSWORD)).status, 401);
  assert.equal((await attempt('target@example.org', PASSWORD)).status, 303, 'the fifth, right, attempt');
  // the count starts over: five more wrong ones are let through
  for (let i = 0; i < 5; i++) {
    const r = await attempt('target@example.org', OTHER_PASSWORD);
    assert.equal(r.status, 401, `wrong attempt ${i + 1} after the reset`);
  }
  const locked = await attempt('target@example.org', PASSWORD);
  assert.equal(locked.status, 429, 'the sixth attempt, with the right password');
  assert.equal(locked.res.headers.get('retry-after'), '900');
  assert.match(problemOf(locked.text), /too many log-in attempts/);
  assert.ok(!locked.cookies.some((c) => c.name === 'bz_session'), 'a locked log-in opened a session');
  assert.equal((await attempt('Target@Example.org ', PASSWORD)).status, 429, 'the address in another case');

  assert.equal((await attempt('bystander@example.org', PASSWORD)).status, 303, 'another account is locked too');

  // an unknown address is throttled alike, so that the 429 tells nothing
  for (let i = 0; i < 5; i++) assert.equal((await attempt('ghost@example.org', OTHER_PASSWORD)).status, 401);
  assert.equal((await attempt('ghost@example.org', OTHER_PASSWORD)).status, 429);
});

test('asking for more than ten mails an hour from one address is 429', async () => {
  const srv = await server();
  await userAdd(srv, 'quiet@example.org');
  for (let i = 0; i < 10; i++) {
    const r = await signup(srv, `many${i}@example.org`, PASSWORD);
    assert.equal(r.status, 303, `sign-up ${i + 1}: ${problemOf(r.text)}`);
  }
  const over = await signup(srv, 'many10@example.org', PASSWORD);
  assert.equal(over.status, 429);
  assert.match(problemOf(over.text), /too many messages/);
  const reset = await browser(srv.base).submit('/account/reset', { email: 'quiet@example.org' });
  assert.equal(reset.status, 429);
  // log-ins are not mail: they go on
  await loginOk(srv, 'quiet@example.org', PASSWORD);
  await sleep(1200);
  assert.equal(srv.box.all().filter((m) => m.headers.to === 'many10@example.org' || m.headers.to === 'quiet@example.org').length, 0);
  assert.equal((await login(srv, 'many10@example.org', PASSWORD)).r.status, 401, 'a refused sign-up made an account');
});

test('a 429 for too many mails says when to come back (Retry-After)', async () => {
  const srv = await server();
  let r;
  for (let i = 0; i < 11; i++) r = await signup(srv, `many${i}@example.org`, PASSWORD);
  assert.equal(r.status, 429);
  assert.match(r.res.headers.get('retry-after') ?? '', /^\d+$/);
});

test('next= with a tab cannot send the browser to another host', async () => {
  const srv = await server();
  await userAdd(srv, 'tab@example.org');
  const b = browser(srv.base);
  const form = await b.get('/login?next=/%09/evil.example');
  const r = await b.post('/login', { csrf: formField(form.text, 'csrf'), next: formField(form.text, 'next'),
    email: 'tab@example.org', password: PASSWORD });
  assert.equal(r.status, 303);
  assert.equal(new URL(r.location, srv.base).host, new URL(srv.base).host, `Location ${JSON.stringify(r.location)}`);
});

test("sign-up keeps a long next= (a work's whole slugged address)", async () => {
  const srv = await server();
  const b = browser(srv.base);
  const next = `/works/W1-${'statistical-mechanics-of-'.repeat(12)}x`;
  const r = await b.post('/signup', { csrf: await b.csrf('/signup'), email: 'far@example.org', password: PASSWORD, next });
  assert.equal(r.status, 303, problemOf(r.text) ?? r.text);
  assert.equal(r.location, `/login?done=signed-up&next=${next}`);
});

// --- sessions, cookies, the API ------------------------------------------------

test('the session cookie: attributes, rotation at log-in, forged values', async () => {
  const srv = await server();
  await userAdd(srv, 'sam@example.org');

  // a cookie planted before log-in is not the session after it
  const planted = crypto.randomBytes(32).toString('base64url');
  const b = browser(srv.base);
  b.jar.set('bz_session', planted);
  assert.equal(await whoAmI(b), null);
  const { r } = await login(srv, 'sam@example.org', PASSWORD, b);
  assert.equal(r.status, 303);
  const set = r.cookies.find((c) => c.name === 'bz_session');
  assert.ok(set, 'log-in sets bz_session');
  assert.match(set.value, /^[A-Za-z0-9_-]{43}$/);
  assert.notEqual(set.value, planted);
  assert.deepEqual(set.attrs, { path: '/', 'max-age': String(30 * 24 * 3600), httponly: true, samesite: 'Lax' });
  const plantedJar = new CookieJar();
  plantedJar.set('bz_session', planted);
  assert.equal(await whoAmI(browser(srv.base, plantedJar)), null, 'the planted value became a session');
  assert.equal((await whoAmI(b)).email, 'sam@example.org');

  // logging in again, signed in, gives a new session and ends the old one
  const first = b.jar.get('bz_session');
  const again = await login(srv, 'sam@example.org', PASSWORD, b);
  assert.equal(again.r.status, 303);
  assert.notEqual(b.jar.get('bz_session'), first);
  const oldJar = new CookieJar();
  oldJar.set('bz_session', first);
  assert.equal(await whoAmI(browser(srv.base, oldJar)), null, 'the session before the log-in lives on');
  assert.equal((await whoAmI(b)).email, 'sam@example.org');

  // forged values are nobody, never an error
  for (const value of [crypto.randomBytes(32).toString('base64url'), 'x', '%00', 'A'.repeat(3000),
    first.slice(0, -1) + (first.endsWith('A') ? 'B' : 'A')]) {
    const jar = new CookieJar();
    jar.set('bz_session', value);
    const fb = browser(srv.base, jar);
    assert.equal(await whoAmI(fb), null, `forged ${value.slice(0, 20)}`);
    const home = await fb.get('/login');
    assert.equal(home.status, 200);
    assert.match(home.text, /<a href="\/login">Log in<\/a>/);
  }

  // next= goes to a local path only
  const nb = browser(srv.base);
  const to = async (next) => (await login(srv, 'sam@example.org', PASSWORD, browser(srv.base), { next })).r.location;
  assert.equal(await to('/account/export'), '/account/export');
  assert.equal(await to('//evil.example/x'), '/account');
  assert.equal(await to('https://evil.example/'), '/account');
  assert.equal(await to('/\\evil.example'), '/account');
  const gate = await nb.get('/account/export');
  assert.equal(gate.status, 303);
  assert.equal(gate.location, '/login?next=/account/export');
  assert.equal(formField((await nb.get(gate.location)).text, 'next'), '/account/export');
});

test('with an https base_url the cookies are Secure', async () => {
  const srv = await server({ baseUrl: (port) => `https://127.0.0.1:${port}` });
  await userAdd(srv, 'tls@example.org');
  const b = browser(srv.base);
  const form = await b.get('/login');
  assert.equal(form.cookies.find((c) => c.name === 'bz_csrf')?.attrs.secure, true);
  const { r } = await login(srv, 'tls@example.org', PASSWORD, b);
  assert.equal(r.status, 303, problemOf(r.text) ?? r.text);
  const set = r.cookies.find((c) => c.name === 'bz_session');
  assert.deepEqual(set.attrs, { path: '/', 'max-age': String(30 * 24 * 3600), httponly: true, samesite: 'Lax', secure: true });
});

test('API tokens: shown once, bearer access to /api/v1/me, revoked is 401', async (t) => {
  const srv = await server();
  const id = await userAdd(srv, 'api@example.org');
  const b = await loginOk(srv, 'api@example.org', PASSWORD);

  const made = await post(b, '/account/tokens', { name: 'laptop script' });
  assert.equal(made.status, 200, problemOf(made.text) ?? made.text);
  assert.equal(made.res.headers.get('cache-control'), 'no-store');
  const m = /<code class="token">(bzp_[A-Za-z0-9_-]{43})<\/code>/.exec(made.text);
  assert.ok(m, `no token shown:\n${made.text}`);
  const token = m[1];
  const page = await b.get('/account');
  assert.ok(!page.text.includes(token), 'the token is shown again');
  assert.match(htmlText(page.text), /laptop script made \d{4}-\d\d-\d\d/);
  const tokenId = formField(page.text.slice(page.text.indexOf('/account/tokens/revoke')), 'id');
  assert.match(tokenId, /^\d+$/);
  const badName = await post(b, '/account/tokens', { name: '' });
  assert.equal(badName.status, 400);
  const longName = await post(b, '/account/tokens', { name: 'n'.repeat(65) });
  assert.equal(longName.status, 400);

  const probe = await fetch(`${srv.base}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
  const probeText = await probe.text();
  if (probe.status === 404) {
    t.diagnostic('GET /api/v1/me answers 404: not built yet, the bearer checks are skipped');
    t.skip('GET /api/v1/me is not there yet (404): bearer and cookie access to it not tested');
  } else {
    assert.equal(probe.status, 200, probeText);
    assert.match(probe.headers.get('content-type'), /^application\/json/);
    const me = JSON.parse(probeText);
    assert.equal(me.email, 'api@example.org', probeText);
    assert.ok(!probeText.includes(token));
    if ('id' in me) assert.ok(me.id === id || me.id === `A${id}`, probeText);
    const byCookie = await fetch(`${srv.base}/api/v1/me`, { headers: { cookie: b.jar.header() } });
    assert.equal(byCookie.status, 200);
    assert.equal(JSON.parse(await byCookie.text()).email, 'api@example.org');
    for (const auth of [null, 'Bearer bzp_' + 'A'.repeat(43), 'Bearer ' + token.slice(0, -1), 'Basic abc']) {
      const r = await fetch(`${srv.base}/api/v1/me`, { headers: auth ? { authorization: auth } : {} });
      assert.equal(r.status, 401, `${auth}: ${await r.text()}`);
    }
  }

  // another account cannot revoke it
  await userAdd(srv, 'other@example.org');
  const other = await loginOk(srv, 'other@example.org', PASSWORD);
  const foreign = await post(other, '/account/tokens/revoke', { id: tokenId });
  assert.equal(foreign.status, 404);
  assert.equal((await post(b, '/account/tokens/revoke', { id: '99999' })).status, 404);
  assert.equal((await post(b, '/account/tokens/revoke', { id: 'x' })).status, 400);
  assert.match((await b.get('/account')).text, /laptop script/);
  if (probe.status !== 404) {
    const still = await fetch(`${srv.base}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(still.status, 200, 'another account revoked the token');
    const used = JSON.parse((await b.get('/account/export')).text).api_tokens[0];
    assert.ok(used.last_used_at >= used.created_at && used.last_used_at > 0, JSON.stringify(used));
  }

  const revoked = await post(b, '/account/tokens/revoke', { id: tokenId });
  assert.equal(revoked.status, 303);
  assert.equal(revoked.location, '/account?done=revoked');
  assert.ok(!(await b.get('/account')).text.includes('laptop script'), 'a revoked token is still listed');
  if (probe.status !== 404) {
    const after = await fetch(`${srv.base}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(after.status, 401, await after.text());
  }
});

// --- CSRF ----------------------------------------------------------------------

test('CSRF: a POST without the token, with another session\'s or from another origin is 403', async () => {
  const srv = await server();
  await userAdd(srv, 'victim@example.org');
  await userAdd(srv, 'attacker@example.org', OTHER_PASSWORD);
  const victim = await loginOk(srv, 'victim@example.org', PASSWORD);
  const attacker = await loginOk(srv, 'attacker@example.org', OTHER_PASSWORD);
  const good = await accountCsrf(victim);
  const foreign = await accountCsrf(attacker);
  assert.notEqual(good, foreign);

  const change = { current: PASSWORD, password: 'brand-new-password-77' };
  const attempts = [
    ['no csrf', change, {}],
    ['an empty csrf', { ...change, csrf: '' }, {}],
    ['another session\'s', { ...change, csrf: foreign }, {}],
    ['the anonymous cookie\'s', { ...change, csrf: victim.jar.get('bz_csrf') ?? 'x' }, {}],
    ['a foreign Origin', { ...change, csrf: good }, { headers: { origin: 'http://evil.example' } }],
    ['a look-alike Origin', { ...change, csrf: good }, { headers: { origin: srv.base + '.evil.example' } }],
  ];
  for (const [what, form, opts] of attempts) {
    const r = await victim.post('/account/password', form, opts);
    assert.equal(r.status, 403, `${what}: ${r.status}`);
    const d = await victim.post('/account/delete', { ...form, password: PASSWORD }, opts);
    assert.equal(d.status, 403, `delete with ${what}: ${d.status}`);
    const o = await victim.post('/logout', form, opts);
    assert.equal(o.status, 403, `log-out with ${what}: ${o.status}`);
  }
  // nothing changed
  assert.equal((await whoAmI(victim)).email, 'victim@example.org');
  await loginOk(srv, 'victim@example.org', PASSWORD);
  assert.equal((await login(srv, 'victim@example.org', change.password)).r.status, 401);

  // anonymous forms: the field must equal the bz_csrf cookie
  const anon = browser(srv.base);
  const bare = await anon.post('/signup', { csrf: crypto.randomBytes(32).toString('base64url'), email: 'x@example.org', password: PASSWORD });
  assert.equal(bare.status, 403, 'sign-up without the cookie');
  const cookie = await anon.csrf('/signup');
  const mismatch = await anon.post('/signup', { csrf: crypto.randomBytes(32).toString('base64url'), email: 'x@example.org', password: PASSWORD });
  assert.equal(mismatch.status, 403, 'sign-up with another value');
  const noField = await anon.post('/login', { email: 'victim@example.org', password: PASSWORD });
  assert.equal(noField.status, 403, 'log-in without the field');
  assert.ok(!noField.cookies.some((c) => c.name === 'bz_session'));
  const origin = await anon.post('/login', { csrf: cookie, email: 'victim@example.org', password: PASSWORD },
    { headers: { origin: 'https://evil.example' } });
  assert.equal(origin.status, 403, 'log-in from another origin');
  const reset = await anon.post('/account/reset', { email: 'victim@example.org' });
  assert.equal(reset.status, 403, 'reset without the field');
  await sleep(1200);
  assert.deepEqual(srv.box.all(), [], 'a refused POST sent mail');
  assert.equal((await login(srv, 'x@example.org', PASSWORD)).r.status, 401);

  // the right token from this site's own origin works
  const ok = await victim.post('/account/password', { ...change, csrf: good }, { headers: { origin: srv.base } });
  assert.equal(ok.status, 303, problemOf(ok.text) ?? ok.text);
});

// --- the account page's changes -------------------------------------------------

test('changing the password ends the other sessions, keeps this one', async () => {
  const srv = await server();
  await userAdd(srv, 'pat@example.org');
  const here = await loginOk(srv, 'pat@example.org', PASSWORD);
  const there = await loginOk(srv, 'pat@example.org', PASSWORD);

  const wrong = await post(here, '/account/password', { current: OTHER_PASSWORD, password: 'fresh-kettle-2093' });
  assert.equal(wrong.status, 401);
  assert.equal(problemOf(wrong.text), 'the current password is wrong');
  const weak = await post(here, '/account/password', { current: PASSWORD, password: 'password1' });
  assert.equal(weak.status, 400);
  assert.match(problemOf(weak.text), /password/);
  assert.ok(await whoAmI(there), 'a refused change ended a session');

  const done = await post(here, '/account/password', { current: PASSWORD, password: 'fresh-kettle-2093' });
  assert.equal(done.status, 303);
  assert.equal(done.location, '/account?done=password');
  assert.match(noticeOf((await here.get(done.location)).text), /Your password is changed/);
  assert.equal((await whoAmI(here)).email, 'pat@example.org');
  assert.equal(await whoAmI(there), null, 'the other session lives on');
  assert.equal((await login(srv, 'pat@example.org', PASSWORD)).r.status, 401);
  await loginOk(srv, 'pat@example.org', 'fresh-kettle-2093');
});

test('changing the address: a link to the new one, a notice to the old, the change on opening', async () => {
  const srv = await server();
  await userAdd(srv, 'old@example.org');
  await userAdd(srv, 'taken@example.org');
  const me = await loginOk(srv, 'old@example.org', PASSWORD);

  const wrong = await post(me, '/account/email', { email: 'new@example.org', password: OTHER_PASSWORD });
  assert.equal(wrong.status, 401);
  const same = await post(me, '/account/email', { email: 'OLD@example.org', password: PASSWORD });
  assert.equal(same.status, 400);
  const bad = await post(me, '/account/email', { email: 'not an address', password: PASSWORD });
  assert.equal(bad.status, 400);
  const taken = await post(me, '/account/email', { email: 'taken@example.org', password: PASSWORD });
  assert.equal(taken.status, 409, problemOf(taken.text));

  const r = await post(me, '/account/email', { email: 'New@Example.org', password: PASSWORD });
  assert.equal(r.status, 303, problemOf(r.text) ?? r.text);
  assert.equal(r.location, '/account?done=email');
  const link = await srv.box.next({ to: 'new@example.org', subject: 'Confirm your email address for bzpeer' });
  assert.ok(link.link.startsWith(`${srv.base}/account/verify?t=change-email.`), link.link);
  const notice = await srv.box.next({ to: 'old@example.org', subject: 'Your bzpeer address is changing' });
  assert.match(notice.text, /new@example\.org/);
  assert.ok(!notice.text.includes('/account/verify'), 'the old address got the link');

  // nothing changes until the link is opened
  const before = await whoAmI(me);
  assert.equal(before.email, 'old@example.org');
  assert.match(htmlText(before.html), /Changing to new@example\.org/);
  await loginOk(srv, 'old@example.org', PASSWORD);
  assert.equal((await login(srv, 'new@example.org', PASSWORD)).r.status, 401);

  // a second change makes the first link stale
  const r2 = await post(me, '/account/email', { email: 'newer@example.org', password: PASSWORD });
  assert.equal(r2.status, 303);
  const link2 = await srv.box.next({ to: 'newer@example.org', subject: 'Confirm your email address for bzpeer' });
  await srv.box.next({ to: 'old@example.org', subject: 'Your bzpeer address is changing' });
  const stale = await me.get(linkPath(link.link));
  assert.equal(stale.status, 410, problemOf(stale.text));
  assert.equal((await whoAmI(me)).email, 'old@example.org');
  const r3 = await post(me, '/account/email', { email: 'new@example.org', password: PASSWORD });
  assert.equal(r3.status, 303);
  const link3 = await srv.box.next({ to: 'new@example.org', subject: 'Confirm your email address for bzpeer' });
  await srv.box.next({ to: 'old@example.org', subject: 'Your bzpeer address is changing' });
  assert.equal((await me.get(linkPath(link2.link))).status, 410);

  const opened = await me.get(linkPath(link3.link));
  assert.equal(opened.status, 303);
  assert.equal(opened.location, '/account?done=verified');
  const after = await whoAmI(me);
  assert.deepEqual([after.email, after.state], ['new@example.org', 'confirmed']);
  assert.ok(!/Changing to/.test(after.html));
  assert.equal((await login(srv, 'old@example.org', PASSWORD)).r.status, 401, 'the old address still logs in');
  await loginOk(srv, 'new@example.org', PASSWORD);
  // the old address is free for a new account
  assert.equal((await signup(srv, 'old@example.org', OTHER_PASSWORD)).status, 303);
  assert.equal((await srv.box.next({ to: 'old@example.org' })).headers.subject, 'Confirm your email address for bzpeer');
});

test('a reset link works once, ends the sessions, and confirms the address', async () => {
  const srv = await server();
  const email = 'rosa@example.org';
  assert.equal((await signup(srv, email, PASSWORD)).status, 303);
  await srv.box.next({ to: email }); // the confirmation link, left unopened
  const session = await loginOk(srv, email, PASSWORD);
  assert.equal((await whoAmI(session)).state, 'not confirmed yet');

  const anon = browser(srv.base);
  const asked = await anon.submit('/account/reset', { email: 'ROSA@example.org' });
  assert.equal(asked.status, 303);
  const mail = await srv.box.next({ to: email, subject: 'Set a new bzpeer password' });
  assert.match(mail.text, /within an hour/);

  const form = await anon.get(linkPath(mail.link));
  assert.equal(form.status, 200);
  assert.equal(form.res.headers.get('cache-control'), 'no-store');
  const t = formField(form.text, 't');
  assert.equal(t, linkValue(mail.link));
  const csrf = formField(form.text, 'csrf');
  const weak = await anon.post('/account/reset/confirm', { csrf, t, password: 'rosa' });
  assert.equal(weak.status, 400);
  assert.match(problemOf(weak.text), /password/);
  assert.equal(formField(weak.text, 't'), t, 'the link is kept in the form shown again');
  assert.ok(await whoAmI(session), 'a refused reset ended the session');

  const done = await anon.post('/account/reset/confirm', { csrf, t, password: OTHER_PASSWORD });
  assert.equal(done.status, 303, problemOf(done.text) ?? done.text);
  assert.equal(done.location, '/login?done=reset');
  assert.equal(await whoAmI(session), null, 'a session outlived the reset');
  assert.equal((await login(srv, email, PASSWORD)).r.status, 401);
  const me = await loginOk(srv, email, OTHER_PASSWORD);
  assert.equal((await whoAmI(me)).state, 'confirmed');

  const twice = await anon.post('/account/reset/confirm', { csrf, t, password: 'third-password-4410' });
  assert.equal(twice.status, 410, problemOf(twice.text));
  assert.match(problemOf(twice.text), /used already/);
  assert.equal((await login(srv, email, 'third-password-4410')).r.status, 401);
  await loginOk(srv, email, OTHER_PASSWORD);
});

test('deleting the account: gone, its links dead, an audit entry stays', async () => {
  const srv = await server();
  const email = 'del@example.org';
  assert.equal((await signup(srv, email, PASSWORD)).status, 303);
  const mail = await srv.box.next({ to: email });
  const value = linkValue(mail.link);
  const id = Number(/^(\d+) /.exec(Buffer.from(value.split('.')[2], 'base64url').toString())[1]);
  const me = await loginOk(srv, email, PASSWORD);
  const other = await loginOk(srv, email, PASSWORD);

  const made = await post(me, '/account/tokens', { name: 'doomed' });
  const token = /<code class="token">(bzp_[^<]+)<\/code>/.exec(made.text)[1];
  const wrong = await post(me, '/account/delete', { password: OTHER_PASSWORD });
  assert.equal(wrong.status, 401);
  assert.ok(await whoAmI(me));

  const r = await post(me, '/account/delete', { password: PASSWORD });
  assert.equal(r.status, 303);
  assert.equal(r.location, '/login?done=deleted');
  const cleared = r.cookies.find((c) => c.name === 'bz_session');
  assert.ok(cleared && cleared.attrs['max-age'] === '0');
  assert.equal(await whoAmI(other), null, 'another session of the deleted account lives on');
  assert.equal((await login(srv, email, PASSWORD)).r.status, 401);
  const api = await fetch(`${srv.base}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
  if (api.status !== 404) assert.equal(api.status, 401, 'a token outlived its account');
  const link = await browser(srv.base).get(linkPath(mail.link));
  assert.equal(link.status, 410, problemOf(link.text));
  assert.match(problemOf(link.text), /no longer/);

  const entries = await audit(srv);
  const entry = entries.find((e) => e[2] === 'account_delete');
  assert.ok(entry, entries.join('\n'));
  assert.deepEqual(entry.slice(1), [`A${id}`, 'account_delete', `A${id}`, '{"owned": null}', 'deleted by its owner']);
  assert.ok(!entries.flat().some((f) => f.includes(email)), 'the audit log keeps the address');

  // the address is free again
  assert.equal((await signup(srv, email, OTHER_PASSWORD)).status, 303);
  assert.equal((await srv.box.next({ to: email })).headers.subject, 'Confirm your email address for bzpeer');
});

test('the export: JSON with the address and the tokens, no secret values', async () => {
  const srv = await server();
  await userAdd(srv, 'exp@example.org');
  const me = await loginOk(srv, 'exp@example.org', PASSWORD);
  const made = await post(me, '/account/tokens', { name: 'backup job' });
  const token = /<code class="token">(bzp_[^<]+)<\/code>/.exec(made.text)[1];
  const session = me.jar.get('bz_session');

  const r = await me.get('/account/export');
  assert.equal(r.status, 200);
  assert.match(r.res.headers.get('content-type'), /^application\/json/);
  assert.equal(r.res.headers.get('content-disposition'), 'attachment; filename="bzpeer-account.json"');
  assert.equal(r.res.headers.get('cache-control'), 'no-store');
  const data = JSON.parse(r.text);
  assert.equal(data.email, 'exp@example.org');
  assert.equal(data.email_verified, true);
  assert.equal(data.role, 'user');
  assert.equal(data.api_tokens.length, 1);
  assert.deepEqual(Object.keys(data.api_tokens[0]).sort(), ['created_at', 'last_used_at', 'name']);
  assert.equal(data.api_tokens[0].name, 'backup job');
  for (const secret of [token, token.slice(4), session, '$argon2id', PASSWORD]) {
    assert.ok(!r.text.includes(secret), `the export holds ${secret.slice(0, 12)}...`);
  }
  assert.ok(!/hash|password|secret/i.test(Object.keys(data).join(' ')), Object.keys(data).join(' '));
  assert.ok(Array.isArray(data.audit));

  const anon = await browser(srv.base).get('/account/export');
  assert.equal(anon.status, 303);
  assert.equal(anon.location, '/login?next=/account/export');
});

// --- the commands ----------------------------------------------------------------

test('bzpeer user add --password-stdin: a confirmed account that logs in at once', async () => {
  const srv = await server();
  const run = (args, input) => srv.bzpeer(['user', ...args], { input });

  const added = await run(['add', '--db', srv.db, '--password-stdin', 'Admin@Example.org'], PASSWORD + '\n');
  assert.equal(added.code, 0, added.stderr);
  assert.match(added.stdout, /^added A\d+ \(user\)$/m);
  assert.ok(!added.stdout.includes(PASSWORD) && !added.stderr.includes(PASSWORD));
  const me = await loginOk(srv, 'admin@example.org', PASSWORD);
  assert.deepEqual(Object.values(await whoAmI(me)).slice(0, 3), ['admin@example.org', 'confirmed', 'user']);

  const mod = await run(['add', '--role', 'moderator', '--db', srv.db, '--password-stdin', 'mod@example.org'], PASSWORD);
  assert.equal(mod.code, 0, mod.stderr);
  assert.match(mod.stdout, /^added A\d+ \(moderator\)$/m);
  assert.equal((await whoAmI(await loginOk(srv, 'mod@example.org', PASSWORD))).role, 'moderator');

  const dup = await run(['add', '--db', srv.db, '--password-stdin', 'admin@example.org'], OTHER_PASSWORD + '\n');
  assert.equal(dup.code, 1, dup.stderr);
  assert.equal((await login(srv, 'admin@example.org', OTHER_PASSWORD)).r.status, 401);

  const weak = await run(['add', '--db', srv.db, '--password-stdin', 'weak@example.org'], 'password\n');
  assert.equal(weak.code, 1);
  assert.match(weak.stderr, /^bzpeer: user add: password /m);
  const empty = await run(['add', '--db', srv.db, '--password-stdin', 'weak@example.org'], '');
  assert.equal(empty.code, 1);
  assert.equal((await login(srv, 'weak@example.org', 'password')).r.status, 401);
  assert.equal((await run(['add', '--db', srv.db, '--password-stdin', 'weak@example.org'], PASSWORD + '\n')).code, 0,
    'a refused add left something behind');

  const usage = [
    [], ['frob'], ['add', '--db', srv.db, '--password-stdin'],
    ['add', '--db', srv.db, '--password-stdin', 'a@example.org', 'b@example.org'],
    ['add', '--db', srv.db, '--password-stdin', '--role', 'root', 'a@example.org'],
    ['add', '--db', srv.db, '--password-stdin', '--bogus', 'a@example.org'],
    ['add', '--db', srv.db, '--password-stdin', 'a@example.org', '--role'],
    ['role', '--db', srv.db, 'admin@example.org'],
    ['role', '--db', srv.db, 'admin@example.org', 'root'],
    ['role', '--db', srv.db, 'not-an-address', 'admin'],
    ['role', '--db', srv.db, '--password-stdin', 'admin@example.org', 'admin'],
  ];
  for (const args of usage) {
    const r = await run(args, PASSWORD + '\n');
    assert.equal(r.code, 2, `user ${args.join(' ')}: exit ${r.code}\n${r.stderr}`);
    assert.match(r.stderr, /usage: bzpeer user add/, args.join(' '));
  }
  assert.equal((await login(srv, 'a@example.org', PASSWORD)).r.status, 401, 'a usage error made an account');
  const help = await run(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^usage: bzpeer user add/);

  const entries = await audit(srv);
  assert.deepEqual(entries.filter((e) => e[2] === 'account_add').map((e) => [e[1], e[4]]),
    [['cli', '{"role": "user"}'], ['cli', '{"role": "moderator"}'], ['cli', '{"role": "user"}']]);
});

test('bzpeer user role: a new role, the sessions of that account end, audited', async () => {
  const srv = await server();
  const id = await userAdd(srv, 'promo@example.org');
  await userAdd(srv, 'peer@example.org');
  const promo = await loginOk(srv, 'promo@example.org', PASSWORD);
  const promo2 = await loginOk(srv, 'promo@example.org', PASSWORD);
  const peer = await loginOk(srv, 'peer@example.org', PASSWORD);

  const r = await srv.bzpeer(['user', 'role', '--db', srv.db, 'Promo@Example.org', 'moderator']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim(), `A${id} is moderator`);
  assert.equal(await whoAmI(promo), null, 'a session outlived the new role');
  assert.equal(await whoAmI(promo2), null);
  assert.equal((await whoAmI(peer)).email, 'peer@example.org', 'another account\'s session ended');
  assert.equal((await whoAmI(await loginOk(srv, 'promo@example.org', PASSWORD))).role, 'moderator');

  const missing = await srv.bzpeer(['user', 'role', '--db', srv.db, 'ghost@example.org', 'admin']);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /no account has that address/);

  const entries = await audit(srv);
  const role = entries.filter((e) => e[2] === 'role');
  assert.equal(role.length, 1, entries.join('\n'));
  assert.deepEqual(role[0].slice(1, 5), ['cli', 'role', `A${id}`, '{"from": "user", "to": "moderator"}']);
  assert.ok(entries.some((e) => e[2] === 'account_add' && e[3] === `A${id}`));
});

// --- the response cache ------------------------------------------------------------

test('pages for a session are never served from the response cache', async () => {
  const srv = await server({ importFiles: [DEMO] });
  await userAdd(srv, 'cache@example.org');
  const me = await loginOk(srv, 'cache@example.org', PASSWORD);
  const PROFILE = '/researchers/R4-surya-ganguli';

  for (let i = 0; i < 4; i++) { // both event loops
    const page = await me.get('/account');
    assert.equal(page.status, 200);
    assert.equal(page.res.headers.get('cache-control'), 'no-store');
    assert.equal((await me.get(PROFILE)).status, 200);
  }
  const old = me.jar.get('bz_session');
  const csrf = await accountCsrf(me);
  assert.equal((await me.post('/logout', { csrf })).status, 303);
  const replay = new CookieJar();
  replay.set('bz_session', old);
  for (let i = 0; i < 4; i++) {
    const page = await browser(srv.base, replay).get('/account');
    assert.equal(page.status, 303, 'the account page after log-out came from the cache');
    assert.ok(!page.text.includes('cache@example.org'));
    const anon = await browser(srv.base).get('/account');
    assert.equal(anon.status, 303);
  }

  // a profile fetched signed in, then anonymously: nothing of the first shows
  const again = await loginOk(srv, 'cache@example.org', PASSWORD);
  for (let i = 0; i < 4; i++) {
    const signed = await again.get(PROFILE);
    assert.equal(signed.status, 200);
  }
  for (let i = 0; i < 4; i++) {
    const anon = await fetch(srv.base + PROFILE);
    const text = await anon.text();
    assert.equal(anon.status, 200);
    assert.ok(!text.includes('cache@example.org'), 'an anonymous profile shows the account');
    assert.ok(!/Signed in as/.test(text));
  }
  // and the other way round: an anonymous page filled the cache, a
  // signed-in request does not get it
  const anonText = await (await fetch(srv.base + PROFILE)).text();
  const signed = await again.get(PROFILE);
  if (/Signed in as|cache@example\.org|name="csrf"/.test(signed.text)) {
    assert.ok(!/Signed in as|name="csrf"/.test(anonText));
  } else {
    assert.equal(signed.text, anonText, 'the profile shows no viewer yet: the pages are the same');
  }
  // a log-in page for an anonymous viewer with a csrf cookie is not cached either
  const a = browser(srv.base);
  const t1 = formField((await a.get('/login')).text, 'csrf');
  const b2 = browser(srv.base);
  const t2 = formField((await b2.get('/login')).text, 'csrf');
  assert.notEqual(t1, t2, 'two browsers got the same csrf token');
  assert.equal(formField((await b2.get('/login')).text, 'csrf'), t2);
  assert.equal(formField((await a.get('/login')).text, 'csrf'), t1);
});
