// Direct collaboration through real HTTP: who may invite whom (claimed and
// open records only, never one's own, a confirmed address), the caps (a
// daily cap per sender, one pending invitation to the same person), the
// answers and their idempotence, the conversation an accepted invitation
// becomes (only its parties read it; a moderator once it is reported),
// unread marks, blocks, reports, mail on every step, bad input (400 with
// a reason), CSRF on every POST, and what deleting an account leaves.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startAccountServer, browser, htmlText, mailbox, readMails, formField, claimRecord, DEMO } from './server.mjs';

const PASSWORD = 'lantern-orchid-7341';
const CAP = 3;
let srv;
let box;

before(async () => {
  srv = await startAccountServer({
    importFiles: [DEMO],
    env: { BZPEER_COLLABORATION_DAILY_INVITATIONS: String(CAP) },
  });
  box = mailbox(srv.mailDir, () => readMails(srv.mailDir).map((m) =>
    ({ ...m, headers: { ...m.headers, subject: decodeWords(m.headers.subject ?? '') } })));
  for (const [email, role] of [['surya@example.org'], ['kadmon@example.org'], ['alice@example.org'],
    ['bob@example.org'], ['dora@example.org'], ['erin@example.org'], ['mod@example.org', 'moderator']]) {
    const args = ['user', 'add', '--db', srv.db, '--password-stdin'];
    if (role) args.push('--role', role);
    const r = await srv.bzpeer([...args, email], { input: PASSWORD + '\n' });
    assert.equal(r.code, 0, r.stderr);
  }
  await claimRecord(srv, 'surya@example.org', 'R4');
  await claimRecord(srv, 'kadmon@example.org', 'R5');
});

after(async () => {
  if (srv) await srv.stop();
});

/** A header with RFC 2047 encoded words (B or Q) decoded. */
function decodeWords(header) {
  return header.replace(/\?=\s+=\?/g, '?==?').replace(/=\?UTF-8\?([BQ])\?([^?]*)\?=/gi, (_, kind, text) =>
    (kind.toUpperCase() === 'B' ? Buffer.from(text, 'base64')
      : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (x, h) => String.fromCharCode(parseInt(h, 16))), 'latin1'))
      .toString('utf8'));
}

const sessions = new Map();
async function as(email) {
  if (sessions.has(email)) return sessions.get(email);
  const b = browser(srv.base);
  const r = await b.submit('/login', { email, password: PASSWORD });
  assert.equal(r.status, 303, r.text);
  sessions.set(email, b);
  return b;
}

function problem(text) {
  const m = /<p class="problem" role="alert">([^<]*)<\/p>/.exec(text);
  return m ? htmlText(m[1]) : htmlText(text);
}

async function invite(b, record, fields) {
  return b.submit(`/researchers/${record}/invite`, fields);
}

/** POST /invitations/ID/WHAT with the csrf of /invitations. */
async function answer(b, id, what, fields = {}) {
  return b.submit('/invitations', fields, `/invitations/${id}/${what}`);
}

/** The id of the newest invitation on b's /invitations in list which. */
async function newestInvitation(b, which) {
  const r = await b.get('/invitations');
  assert.equal(r.status, 200);
  const list = new RegExp(`<ul class="invitations" id="${which}">([\\s\\S]*?)</ul>`).exec(r.text)[1];
  const m = /id="invitation-(\d+)"/.exec(list);
  assert.ok(m, `no invitation in ${which}:\n${list}`);
  return Number(m[1]);
}

const SUBJECT = 'Neural codes <b>and</b> language';
const MESSAGE = 'Dear Surya,\nwould you look at our <script>x()</script> data?\nAlice';
let conversation; // alice -> surya, accepted

test('only a claimed record with the flag on can be invited, never by its owner', async () => {
  // an unclaimed record: the seed's locked wording, and no link
  let page = await fetch(srv.base + '/researchers/R6').then((r) => r.text());
  assert.match(page, /Claim this author entity first to unlock direct invitations\./);
  assert.doesNotMatch(page, /\/researchers\/R6\/invite/);
  const alice = await as('alice@example.org');
  let r = await alice.get('/researchers/R6/invite');
  assert.equal(r.status, 403);
  assert.match(problem(r.text), /Claim this author entity first/i);
  assert.equal(formField(r.text, 'subject'), null, 'no form for an unclaimed record');
  const csrf = await alice.csrf('/invitations');
  r = await alice.post('/researchers/R6/invite', { csrf, subject: 'Hello', message: 'Hi' });
  assert.equal(r.status, 403);

  // a claimed, open record: one link, the same for every anonymous visitor
  const anon1 = await fetch(srv.base + '/researchers/R4-surya-ganguli').then((x) => x.text());
  const anon2 = await fetch(srv.base + '/researchers/R4-surya-ganguli').then((x) => x.text());
  assert.equal(anon1, anon2);
  assert.match(anon1, /<a class="button" href="\/researchers\/R4\/invite">Invite to collaborate<\/a>/);
  r = await browser(srv.base).get('/researchers/R4/invite');
  assert.equal(r.status, 303);
  assert.equal(r.location, '/login?next=/researchers/R4/invite');

  // the owner cannot invite their own record
  const surya = await as('surya@example.org');
  r = await surya.get('/researchers/R4-surya-ganguli');
  assert.doesNotMatch(r.text, /\/researchers\/R4\/invite/, 'no invitation to oneself');
  assert.match(htmlText(r.text), /Others can invite you from here/);
  r = await surya.get('/researchers/R4/invite');
  assert.equal(r.status, 403);
  assert.match(problem(r.text), /your own record/);
  r = await surya.post('/researchers/R4/invite', { csrf: await surya.csrf('/invitations'), subject: 'Me', message: 'Me' });
  assert.equal(r.status, 403);

  // a record whose owner turned the flag off
  const kadmon = await as('kadmon@example.org');
  r = await kadmon.submit('/researchers/R5/edit', { section: 'profile', display_name: 'Daniel Kadmon' });
  assert.equal(r.status, 200, r.text);
  page = await fetch(srv.base + '/researchers/R5').then((x) => x.text());
  assert.doesNotMatch(page, /\/researchers\/R5\/invite/);
  r = await alice.post('/researchers/R5/invite', { csrf, subject: 'Hello', message: 'Hi' });
  assert.equal(r.status, 403);
  assert.match(problem(r.text), /not taking invitations/);
  r = await kadmon.submit('/researchers/R5/edit', { section: 'profile', display_name: 'Daniel Kadmon', open: '1' });
  assert.equal(r.status, 200, r.text);

  // an account whose address is not confirmed yet
  const fresh = browser(srv.base);
  r = await fresh.submit('/signup', { email: 'fresh@example.org', password: PASSWORD });
  assert.equal(r.status, 303, r.text);
  r = await fresh.submit('/login', { email: 'fresh@example.org', password: PASSWORD });
  assert.equal(r.status, 303, r.text);
  r = await invite(fresh, 'R4', { subject: 'Hello', message: 'Hi' });
  assert.equal(r.status, 403);
  assert.match(problem(r.text), /confirm your email address/);
});

test('bad input is a 400 with its reason, and nothing is sent', async () => {
  const alice = await as('alice@example.org');
  const cases = [
    [{ subject: '', message: 'Hi' }, /the subject is empty/],
    [{ subject: '   ', message: 'Hi' }, /the subject is empty/],
    [{ subject: 'x'.repeat(201), message: 'Hi' }, /the subject is longer than 200 bytes/],
    [{ subject: 'two\nlines', message: 'Hi' }, /the subject must be one line/],
    [{ subject: 'Hello', message: '' }, /the message is empty/],
    [{ subject: 'Hello', message: 'y'.repeat(5001) }, /the message is longer than 5000 bytes/],
    [{ subject: 'Hello', message: 'Hi', topic: 'T999999' }, /no topic 'T999999'/],
    [{ subject: 'Hello', message: 'Hi', topic: 'quantum' }, /no topic 'quantum'/],
  ];
  for (const [fields, reason] of cases) {
    const r = await invite(alice, 'R4', fields);
    assert.equal(r.status, 400, JSON.stringify(fields).slice(0, 80));
    assert.match(problem(r.text), reason);
  }
  assert.equal((await newestOrNone(alice, 'sent')), null, 'nothing was sent');
  assert.equal(box.untaken().filter((m) => /Invitation/.test(m.headers.subject)).length, 0);
});

async function newestOrNone(b, which) {
  try { return await newestInvitation(b, which); } catch { return null; }
}

test('an invitation is mailed, accepted once, and becomes a conversation', async () => {
  const alice = await as('alice@example.org');
  const surya = await as('surya@example.org');
  let r = await alice.get('/researchers/R4/invite');
  assert.equal(r.status, 200, r.text);
  const topic = /<option value="(T\d+)">([^<]*)<\/option>/.exec(r.text);
  assert.ok(topic, 'the form offers the recipient\'s topics');

  r = await invite(alice, 'R4', { subject: SUBJECT, message: MESSAGE, topic: topic[1] });
  assert.equal(r.status, 303, problem(r.text));
  assert.equal(r.location, '/invitations?done=sent');
  const mail = await box.next({ to: 'surya@example.org', subject: `Invitation to collaborate: ${SUBJECT}` });
  assert.match(mail.text, /alice@example\.org invites you/);
  assert.match(mail.text, /would you look at our <script>x\(\)<\/script> data\?/);
  assert.ok(mail.links.includes(`${srv.base}/invitations`), mail.text);

  // one pending invitation to the same person
  r = await invite(alice, 'R4', { subject: 'Again', message: 'Again' });
  assert.equal(r.status, 409);
  assert.match(problem(r.text), /waiting for an answer already/);

  const id = await newestInvitation(surya, 'received');
  assert.equal(await newestInvitation(alice, 'sent'), id);
  r = await surya.get('/invitations');
  assert.doesNotMatch(r.text, /<script>x\(\)/, 'the message is escaped');
  assert.match(r.text, /&lt;script&gt;x\(\)&lt;\/script&gt;/);
  assert.match(htmlText(r.text), /From alice@example\.org: Neural codes <b>and<\/b> language pending/);

  // nobody but the recipient answers; the sender only withdraws
  for (const [who, what] of [['alice@example.org', 'accept'], ['bob@example.org', 'accept'],
    ['bob@example.org', 'decline'], ['surya@example.org', 'withdraw']]) {
    r = await answer(await as(who), id, what);
    assert.equal(r.status, 404, `${who} ${what}`);
  }
  // the conversation does not exist before it is accepted
  r = await alice.get(`/conversations/${id}`);
  assert.equal(r.status, 404);

  r = await answer(surya, id, 'accept');
  assert.equal(r.status, 303, r.text);
  assert.equal(r.location, `/conversations/${id}`);
  const accepted = await box.next({ to: 'alice@example.org', subject: /accepted your invitation/ });
  assert.ok(accepted.links.includes(`${srv.base}/conversations/${id}`), accepted.text);
  // accepting again changes nothing and mails nobody
  r = await answer(surya, id, 'accept');
  assert.equal(r.status, 303);
  r = await answer(surya, id, 'decline');
  assert.equal(r.status, 409);
  r = await answer(alice, id, 'withdraw');
  assert.equal(r.status, 409);
  await new Promise((res) => setTimeout(res, 300));
  assert.equal(box.untaken().filter((m) => m.headers.to === 'alice@example.org').length, 0);

  r = await alice.get(`/conversations/${id}`);
  assert.equal(r.status, 200);
  assert.match(htmlText(r.text), /Messages \(0\)/);
  conversation = id;
});

test('a declined invitation stays declined; a withdrawn one too', async () => {
  const bob = await as('bob@example.org');
  const kadmon = await as('kadmon@example.org');
  let r = await invite(bob, 'R5', { subject: 'Data sharing', message: 'Shall we?' });
  assert.equal(r.status, 303, problem(r.text));
  await box.next({ to: 'kadmon@example.org', subject: 'Invitation to collaborate: Data sharing' });
  const id = await newestInvitation(kadmon, 'received');
  r = await answer(kadmon, id, 'decline');
  assert.equal(r.status, 303);
  assert.equal(r.location, '/invitations?done=decline');
  await box.next({ to: 'bob@example.org', subject: /declined your invitation/ });
  r = await answer(kadmon, id, 'decline');
  assert.equal(r.status, 303, 'declining again is fine');
  r = await answer(kadmon, id, 'accept');
  assert.equal(r.status, 409);
  r = await bob.get(`/conversations/${id}`);
  assert.equal(r.status, 404, 'a declined invitation is no conversation');
  await new Promise((res) => setTimeout(res, 300));
  assert.equal(box.untaken().filter((m) => m.headers.to === 'bob@example.org').length, 0);

  // after an answer, a new invitation to the same person may go
  r = await invite(bob, 'R5', { subject: 'Second try', message: 'Please?' });
  assert.equal(r.status, 303, problem(r.text));
  const again = await newestInvitation(bob, 'sent');
  r = await answer(bob, again, 'withdraw');
  assert.equal(r.status, 303);
  r = await answer(bob, again, 'withdraw');
  assert.equal(r.status, 303, 'withdrawing again is fine');
  r = await answer(kadmon, again, 'accept');
  assert.equal(r.status, 409);
});

test('a sender sends at most the daily cap', async () => {
  const dora = await as('dora@example.org');
  for (let i = 0; i < CAP; i++) {
    const r = await invite(dora, 'R4', { subject: `Try ${i}`, message: 'Hello' });
    assert.equal(r.status, 303, problem(r.text));
    assert.equal((await answer(dora, await newestInvitation(dora, 'sent'), 'withdraw')).status, 303);
  }
  const r = await invite(dora, 'R5', { subject: 'One more', message: 'Hello' });
  assert.equal(r.status, 429);
  assert.match(problem(r.text), /you sent 3 invitations in the last 24 hours/);
});

test('messages: only the parties read them, with unread marks and mail', async () => {
  const alice = await as('alice@example.org');
  const surya = await as('surya@example.org');
  const bob = await as('bob@example.org');
  const mod = await as('mod@example.org');
  const id = conversation;

  let r = await alice.submit(`/conversations/${id}`, { body: 'Here is <i>our</i> data.\nBest, Alice' });
  assert.equal(r.status, 303, problem(r.text));
  assert.match(r.location, new RegExp(`^/conversations/${id}#message-\\d+$`));
  const mail = await box.next({ to: 'surya@example.org', subject: `New message: ${SUBJECT}` });
  assert.match(mail.text, /Here is <i>our<\/i> data\./);
  assert.ok(mail.links.includes(`${srv.base}/conversations/${id}`), mail.text);

  r = await surya.get('/conversations');
  assert.match(htmlText(r.text), /1 unread/);
  r = await surya.get('/account');
  assert.match(htmlText(r.text), /Conversations ?: 1 unread/);
  r = await surya.get(`/conversations/${id}`);
  assert.equal(r.status, 200);
  assert.match(r.text, /class="message unread"/);
  assert.match(r.text, /Here is &lt;i&gt;our&lt;\/i&gt; data\./);
  r = await surya.get('/conversations');
  assert.doesNotMatch(htmlText(r.text), /unread/);
  r = await surya.get(`/conversations/${id}`);
  assert.doesNotMatch(r.text, /class="message unread"/, 'read once seen');
  // the author's own message is never unread for them
  r = await alice.get('/conversations');
  assert.doesNotMatch(htmlText(r.text), /unread/);

  r = await surya.submit(`/conversations/${id}`, { body: 'Thanks, Alice!' });
  assert.equal(r.status, 303);
  await box.next({ to: 'alice@example.org', subject: `New message: ${SUBJECT}` });
  r = await alice.get(`/conversations/${id}`);
  const text = htmlText(r.text);
  assert.ok(text.indexOf('Here is <i>our</i> data.') < text.indexOf('Thanks, Alice!'), 'oldest first');

  // others: 404, as if there were nothing; the anonymous are sent to log in
  r = await bob.get(`/conversations/${id}`);
  assert.equal(r.status, 404);
  r = await bob.post(`/conversations/${id}`, { csrf: await bob.csrf('/invitations'), body: 'Hi' });
  assert.equal(r.status, 404);
  r = await bob.get('/conversations');
  assert.doesNotMatch(r.text, new RegExp(`/conversations/${id}"`));
  r = await browser(srv.base).get(`/conversations/${id}`);
  assert.equal(r.status, 303);
  // a moderator too, until a party reports it
  r = await mod.get(`/conversations/${id}`);
  assert.equal(r.status, 404);

  // bad input
  for (const [body, reason] of [['', /the message is empty/], [' \n ', /the message is empty/],
    ['z'.repeat(5001), /longer than 5000 bytes/]]) {
    r = await alice.submit(`/conversations/${id}`, { body });
    assert.equal(r.status, 400);
    assert.match(problem(r.text), reason);
  }
  r = await answer(surya, id, 'report', { reason: '' });
  assert.equal(r.status, 400);
  assert.match(htmlText(r.text), /the reason is empty/);
  r = await answer(bob, id, 'report', { reason: 'I want to read it' });
  assert.equal(r.status, 404, 'only a party reports');

  r = await answer(surya, id, 'report', { reason: 'Spam <b>links</b>' });
  assert.equal(r.status, 303);
  assert.equal(r.location, '/invitations?done=report');
  r = await mod.get('/moderate');
  assert.equal(r.status, 200);
  assert.match(r.text, new RegExp(`href="/conversations/${id}"`));
  assert.match(r.text, /Spam &lt;b&gt;links&lt;\/b&gt;/);
  r = await mod.get(`/conversations/${id}`);
  assert.equal(r.status, 200);
  assert.match(htmlText(r.text), /as a moderator/);
  assert.match(htmlText(r.text), /Thanks, Alice!/);
  assert.equal(formField(r.text, 'body'), null, 'no form for moderators');
  r = await mod.post(`/conversations/${id}`, { csrf: await mod.csrf('/invitations'), body: 'Mod here' });
  assert.equal(r.status, 403);
  // reading as a moderator marks nothing
  r = await alice.submit(`/conversations/${id}`, { body: 'Sorry if that looked like spam.' });
  assert.equal(r.status, 303);
  await mod.get(`/conversations/${id}`);
  r = await surya.get('/conversations');
  assert.match(htmlText(r.text), /1 unread/);
  // other moderators' lists stay empty of it; bob still gets 404
  r = await bob.get(`/conversations/${id}`);
  assert.equal(r.status, 404);
});

test('a blocked sender can neither invite nor write again, until unblocked', async () => {
  const erin = await as('erin@example.org');
  const surya = await as('surya@example.org');
  const alice = await as('alice@example.org');
  let r = await invite(erin, 'R4', { subject: 'Buy my course', message: 'Cheap!' });
  assert.equal(r.status, 303, problem(r.text));
  const id = await newestInvitation(surya, 'received');
  r = await answer(surya, id, 'block');
  assert.equal(r.status, 303);
  assert.equal(r.location, '/invitations?done=block');
  r = await answer(surya, id, 'block');
  assert.equal(r.status, 303, 'blocking again is fine');
  r = await erin.get('/invitations');
  assert.match(htmlText(r.text), /Buy my course declined/, 'the pending invitation is declined');
  r = await invite(erin, 'R4', { subject: 'Please', message: 'Cheap!' });
  assert.equal(r.status, 403);
  assert.match(problem(r.text), /does not take invitations from you/);

  // a block in a conversation stops both sides writing
  r = await answer(surya, conversation, 'block');
  assert.equal(r.status, 303);
  r = await alice.submit(`/conversations/${conversation}`, { body: 'Hello?' });
  assert.equal(r.status, 403);
  assert.match(problem(r.text), /does not take your messages/);
  r = await surya.submit(`/conversations/${conversation}`, { body: 'Hello?' });
  assert.equal(r.status, 403);
  assert.match(problem(r.text), /you blocked this account/);
  r = await alice.get(`/conversations/${conversation}`);
  assert.equal(r.status, 200, 'what was said stays readable');

  // unblocking: from the list of blocks
  r = await surya.get('/invitations');
  assert.match(htmlText(r.text), /Accounts you block \(2\)/);
  const accounts = [...r.text.matchAll(/name="account" value="(\d+)"/g)].map((m) => m[1]);
  assert.equal(accounts.length, 2);
  for (const account of accounts) {
    r = await surya.submit('/invitations', { account }, '/invitations/unblock');
    assert.equal(r.status, 303);
  }
  r = await alice.submit(`/conversations/${conversation}`, { body: 'Hello again.' });
  assert.equal(r.status, 303);
  r = await surya.submit('/invitations', { account: 'x' }, '/invitations/unblock');
  assert.equal(r.status, 400);
});

test('every POST needs its CSRF token', async () => {
  const alice = await as('alice@example.org');
  const surya = await as('surya@example.org');
  const posts = [
    [alice, '/researchers/R5/invite', { subject: 'No token', message: 'Hi' }],
    [surya, `/invitations/${conversation}/accept`, {}],
    [surya, `/invitations/${conversation}/decline`, {}],
    [alice, `/invitations/${conversation}/withdraw`, {}],
    [surya, `/invitations/${conversation}/block`, {}],
    [surya, `/invitations/${conversation}/report`, { reason: 'No token' }],
    [surya, '/invitations/unblock', { account: '1' }],
    [alice, `/conversations/${conversation}`, { body: 'No token' }],
  ];
  for (const [b, p, fields] of posts) {
    let r = await b.post(p, fields);
    assert.equal(r.status, 403, `${p} without a token`);
    r = await b.post(p, { ...fields, csrf: 'not-the-token' });
    assert.equal(r.status, 403, `${p} with a wrong token`);
  }
  // none of them did anything
  let r = await surya.get('/invitations');
  assert.doesNotMatch(htmlText(r.text), /Accounts you block/);
  r = await alice.get(`/conversations/${conversation}`);
  assert.doesNotMatch(htmlText(r.text), /No token/);
  r = await alice.get('/invitations');
  assert.doesNotMatch(htmlText(r.text), /No token/);
});

test('a deleted account leaves its conversations to the other party', async () => {
  const alice = await as('alice@example.org');
  const surya = await as('surya@example.org');
  // a pending invitation from alice to kadmon ends with her account
  let r = await invite(alice, 'R5', { subject: 'Before I go', message: 'Hello' });
  assert.equal(r.status, 303, problem(r.text));
  const kadmon = await as('kadmon@example.org');
  const pending = await newestInvitation(kadmon, 'received');

  r = await alice.submit('/account', { password: PASSWORD }, '/account/delete');
  assert.equal(r.status, 303, r.text);
  sessions.delete('alice@example.org');

  r = await kadmon.get('/invitations');
  assert.match(htmlText(r.text), /From a deleted account: Before I go withdrawn/);
  r = await answer(kadmon, pending, 'accept');
  assert.equal(r.status, 409);

  r = await surya.get(`/conversations/${conversation}`);
  assert.equal(r.status, 200);
  const text = htmlText(r.text);
  assert.match(text, /a deleted account/);
  assert.match(text, /Hello again\./, 'the messages stay');
  r = await surya.submit(`/conversations/${conversation}`, { body: 'Are you there?' });
  assert.equal(r.status, 410);
  assert.match(problem(r.text), /deleted their account/);
});
