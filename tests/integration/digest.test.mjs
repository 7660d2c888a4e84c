// The weekly digest of followed researchers' new works, on both backends:
// the /account checkbox (CSRF-checked), `bzpeer digest` (nothing before
// anything new, once per new batch, never twice when two run at once, not
// for an unconfirmed address), and the servers' outbox threads sending it
// on their own every digest.interval, two servers on one database sending
// each digest once. Mail is read from the .eml outbox (no mail.host).

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  startAccountServer, spawnServer, freePort, makeTempDir, browser, htmlText,
  readMails, DEMO,
} from './server.mjs';

const PASSWORD = 'lantern-orchid-7341';
const SURYA = { id: 'https://demo.bzpeer.invalid/A4', display_name: 'Surya Ganguli' };
const servers = [];
after(async () => {
  for (const s of servers.splice(0)) await s.stop();
});
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function userAdd(srv, email) {
  const r = await srv.bzpeer(['user', 'add', '--db', srv.db, '--password-stdin', email],
    { input: PASSWORD + '\n' });
  assert.equal(r.code, 0, r.stderr);
}

async function login(base, email) {
  const b = browser(base);
  const r = await b.submit('/login', { email, password: PASSWORD });
  assert.equal(r.status, 303, htmlText(r.text).slice(0, 300));
  return b;
}

async function follow(b, id) {
  const r = await b.post(`/researchers/${id}/follow`, { csrf: await b.csrf(`/researchers/${id}/follow`) });
  assert.equal(r.status, 303);
}

async function digestOn(b) {
  const r = await b.submit('/account', { digest: '1' }, '/account/digest');
  assert.equal(r.status, 303, htmlText(r.text).slice(0, 300));
  assert.equal(r.location, '/account?done=digest');
}

let imported = 0;
async function importWork(srv, title) {
  imported += 1;
  const n = 9300000000 + imported;
  const file = path.join(srv.dir, `digest-${imported}.jsonl`);
  fs.writeFileSync(file, JSON.stringify({
    id: `https://openalex.org/W${n}`, title, display_name: title, publication_year: 2026,
    type: 'article', ids: { openalex: `https://openalex.org/W${n}` },
    authorships: [{
      author_position: 'first', author: { id: SURYA.id, display_name: SURYA.display_name, orcid: null },
      raw_author_name: SURYA.display_name, institutions: [], raw_affiliation_strings: [],
    }],
    topics: [],
  }) + '\n');
  const r = await srv.bzpeer(['import', '--quiet', '--db', srv.db, file]);
  assert.equal(r.code, 0, r.stderr);
}

async function digest(srv, ...args) {
  const r = await srv.bzpeer(['digest', '--db', srv.db, ...args]);
  assert.equal(r.code, 0, r.stderr);
  return Number(/queued (\d+) digest/.exec(r.stdout)[1]);
}

const digests = (dirs, to) => dirs.flatMap((d) => readMails(d))
  .filter((m) => (m.headers.to ?? '').includes(to) && /^Your bzpeer digest/.test(m.headers.subject));

test('the checkbox on /account, and `bzpeer digest`', async () => {
  const srv = await startAccountServer({ importFiles: [DEMO] });
  servers.push(srv);
  await userAdd(srv, 'reader@example.org');
  const reader = await login(srv.base, 'reader@example.org');

  let r = await reader.get('/account');
  assert.match(r.text, /<input type="checkbox" name="digest" value="1">/);
  r = await reader.post('/account/digest', { digest: '1' });
  assert.equal(r.status, 403, 'CSRF');
  r = await reader.submit('/account', { digest: 'yes' }, '/account/digest');
  assert.equal(r.status, 400);
  assert.equal((await browser(srv.base).post('/account/digest', {})).status, 303, 'nobody: log in');
  await digestOn(reader);
  r = await reader.get('/account?done=digest');
  assert.match(r.text, /name="digest" value="1" checked>/);
  assert.match(htmlText(r.text), /Your digest setting is saved\./);

  await follow(reader, 'R4');
  assert.equal(await digest(srv, '--all'), 0, 'nothing came since the digest was turned on');
  await importWork(srv, 'Digest work one');
  assert.equal(await digest(srv), 0, 'the last digest (turning it on) is not a week old');
  assert.equal(await digest(srv, '--all'), 1);
  let mails = digests([srv.mailDir], 'reader@example.org');
  assert.equal(mails.length, 1);
  const [mail] = mails;
  assert.equal(mail.headers.subject, 'Your bzpeer digest: 1 new work');
  assert.match(mail.text, /- Digest work one \(2026\), by Surya Ganguli/);
  assert.ok(mail.links.some((l) => new RegExp(`^${srv.base}/works/W8-digest-work-one$`).test(l)), mail.text);
  assert.ok(mail.links.includes(`${srv.base}/feed`));
  assert.ok(mail.links.includes(`${srv.base}/account`));
  assert.equal(await digest(srv, '--all'), 0, 'nothing new since');

  // two senders at once: one digest
  await importWork(srv, 'Digest work two');
  await importWork(srv, 'Digest work three');
  const both = await Promise.all([digest(srv, '--all'), digest(srv, '--all')]);
  assert.equal(both[0] + both[1], 1, `queued ${both}`);
  mails = digests([srv.mailDir], 'reader@example.org');
  assert.equal(mails.length, 2);
  assert.equal(mails[1].headers.subject, 'Your bzpeer digest: 2 new works');
  assert.ok(mails[1].text.indexOf('Digest work three') < mails[1].text.indexOf('Digest work two'), 'newest first');
  assert.doesNotMatch(mails[1].text, /Digest work one/);

  // turned off: nothing; an unconfirmed address: nothing
  r = await reader.submit('/account', {}, '/account/digest');
  assert.equal(r.status, 303);
  assert.doesNotMatch((await reader.get('/account')).text, /name="digest" value="1" checked/);
  await importWork(srv, 'Digest work four');
  assert.equal(await digest(srv, '--all'), 0);
  const fresh = browser(srv.base);
  r = await fresh.submit('/signup', { email: 'unconfirmed@example.org', password: PASSWORD });
  assert.equal(r.status, 303);
  const unconfirmed = await login(srv.base, 'unconfirmed@example.org');
  await digestOn(unconfirmed);
  await follow(unconfirmed, 'R4');
  await importWork(srv, 'Digest work five');
  assert.equal(await digest(srv, '--all'), 0, 'no digest to an unconfirmed address');

  r = await srv.bzpeer(['digest', '--bogus']);
  assert.equal(r.code, 2);
});

test('the servers send digests on their own, each once, two servers on one database', async () => {
  const env = { BZPEER_DIGEST_INTERVAL: '2' };
  const a = await startAccountServer({ importFiles: [DEMO], env });
  servers.push(a);
  const dir = makeTempDir('bzpeer-digest-b-');
  const port = await freePort();
  const b = await spawnServer({
    args: ['--port', String(port), '--db', a.db], port, dir, keepDir: false,
    env: { ...a.env, BZPEER_BASE_URL: a.base },
  });
  servers.push(b);
  const dirs = [a.mailDir, path.join(dir, 'var', 'mail')];
  await userAdd(a, 'weekly@example.org');
  const reader = await login(a.base, 'weekly@example.org');
  await digestOn(reader);
  await follow(reader, 'R4');

  const wait = async (n, what) => {
    const deadline = Date.now() + 15000;
    while (digests(dirs, 'weekly@example.org').length < n && Date.now() < deadline) await sleep(200);
    assert.equal(digests(dirs, 'weekly@example.org').length, n, what);
  };
  await importWork(a, 'Sent by a server');
  await wait(1, 'a server sent the digest');
  await sleep(5000); // two more intervals: nothing new, nothing sent
  let mails = digests(dirs, 'weekly@example.org');
  assert.equal(mails.length, 1, 'a digest was sent twice, or with nothing in it');
  assert.match(mails[0].text, /Sent by a server/);
  assert.ok(mails[0].links.some((l) => l.startsWith(`${a.base}/works/`)));

  await importWork(a, 'And another');
  await wait(2, 'the next digest');
  await sleep(3000);
  mails = digests(dirs, 'weekly@example.org');
  assert.equal(mails.length, 2);
  assert.match(mails[1].text, /And another/);
  assert.doesNotMatch(mails[1].text, /Sent by a server/);
});
