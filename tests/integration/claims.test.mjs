// `bzpeer claims` on the demo data, with a server on the same database: an
// administrator records a claim made by other means (`claims add`), lists
// and decides it; the record's verification level and trust score follow
// at once in the API (L1 21, claimed at L2 36, revoked back to 21); each
// decision mails the claimant; every change is in the audit log; a second
// claim opens a dispute; bad input exits 1, bad usage 2.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, run, getJSON, makeTempDir, readMails } from './server.mjs';

let srv;
let mailDir;
let env;

before(async () => {
  srv = await startServer();
  mailDir = makeTempDir('bzpeer-claims-mail-');
  env = { BZPEER_MAIL_DIR: mailDir, BZPEER_BASE_URL: 'http://claims.test' };
});

after(async () => {
  if (srv) await srv.stop();
  if (mailDir) fs.rmSync(mailDir, { recursive: true, force: true });
});

const bz = (...args) => run([...args.slice(0, 2), '--db', srv.db, ...args.slice(2)], { env });

async function addUser(email) {
  const r = await run(['user', 'add', '--password-stdin', '--db', srv.db, email],
    { input: 'a long enough password 42\n', env });
  assert.equal(r.code, 0, r.stderr);
}

async function seedRecord() {
  const { status, body } = await getJSON(`${srv.base}/api/v1/researchers/R4`);
  assert.equal(status, 200);
  return body;
}

function claimLines(stdout) {
  return stdout.split('\n').filter(Boolean).map((l) => l.split('\t'));
}

test('claims: add, approve at L2 (36), revoke (21), with mail and audit', async () => {
  await addUser('surya@example.org');
  let r4 = await seedRecord();
  assert.equal(r4.verification_level, 'L1');
  assert.equal(r4.claimed, false);
  assert.equal(r4.trust.score, 21);

  let r = await bz('claims', 'add', '--account', 'surya@example.org', '--evidence', 'statement',
    '--note', 'These are my papers.', 'R4');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^added C(\d+) \(pending\)$/m);
  const id = /C(\d+)/.exec(r.stdout)[0];

  r = await bz('claims', 'list', '--state', 'pending');
  assert.equal(r.code, 0, r.stderr);
  const lines = claimLines(r.stdout);
  assert.equal(lines.length, 1);
  assert.deepEqual(lines[0].slice(0, 6), [id, 'pending', 'R4', 'Surya Ganguli', 'surya@example.org', 'statement']);
  assert.equal(lines[0].length, 9);

  r = await bz('claims', 'approve', id);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`^${id} approved$`, 'm'));
  r4 = await seedRecord();
  assert.equal(r4.verification_level, 'L2');
  assert.equal(r4.claimed, true);
  assert.equal(r4.trust.score, 36);
  assert.equal(r4.trust.capped, false);

  let mails = readMails(mailDir).filter((m) => m.headers.to.includes('surya@example.org'));
  assert.equal(mails.length, 1, 'one mail for the approval');
  assert.match(mails[0].headers.subject, /approved/);
  assert.ok(mails[0].links.includes('http://claims.test/account'), mails[0].text);

  r = await bz('claims', 'revoke', '--reason', 'asked to in a test', id);
  assert.equal(r.code, 0, r.stderr);
  r4 = await seedRecord();
  assert.equal(r4.verification_level, 'L1');
  assert.equal(r4.claimed, false);
  assert.equal(r4.trust.score, 21);
  mails = readMails(mailDir).filter((m) => m.headers.to.includes('surya@example.org'));
  assert.equal(mails.length, 2, 'a second mail for the revocation');
  assert.match(mails[1].text, /asked to in a test/);

  r = await bz('claims', 'show', id);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^state\trejected$/m);
  assert.match(r.stdout, /^note\tThese are my papers\.$/m);
  const history = r.stdout.split('\n').filter((l) => l.startsWith('audit\t')).map((l) => l.split('\t')[3]);
  assert.deepEqual(history, ['claim_submit', 'claim_approve', 'claim_revoke']);

  r = await run(['audit', '--db', srv.db, 'R4']);
  assert.equal(r.code, 0, r.stderr);
  const levels = claimLines(r.stdout).filter((e) => e[2] === 'claim_level').map((e) => JSON.parse(e[4]));
  assert.deepEqual(levels.map((d) => [d.from, d.to]), [[0, 2], [2, 0]]);
});

test('claims: a second claim of a record opens a dispute', async () => {
  await addUser('kadmon@example.org');
  await addUser('impostor@example.org');
  let r = await bz('claims', 'add', '--account', 'kadmon@example.org', '--evidence', 'documents',
    '--note', 'my thesis lists them', '--detail', 'https://example.org/thesis.pdf', 'R5');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /\(pending\)/);
  r = await bz('claims', 'add', '--account', 'impostor@example.org', '--evidence', 'statement',
    '--note', 'mine', 'R5');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /\(disputed\)/);
  r = await bz('claims', 'list', '--state', 'disputed');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(claimLines(r.stdout).filter((l) => l[2] === 'R5').length, 2);

  // one open claim per account
  r = await bz('claims', 'add', '--account', 'impostor@example.org', '--evidence', 'statement',
    '--note', 'and this one', 'R6');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /open/);
});

test('claims: refusals and usage', async () => {
  await addUser('ada@example.org');
  let r = await bz('claims', 'add', '--account', 'ada@example.org', '--evidence', 'orcid', 'R7');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /ORCID/);
  r = await bz('claims', 'add', '--account', 'ada@example.org', '--evidence', 'metadata_email', 'R7');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /not in the record's sources/);
  r = await bz('claims', 'add', '--account', 'nobody@example.org', '--evidence', 'statement',
    '--note', 'x', 'R7');
  assert.equal(r.code, 1);
  r = await bz('claims', 'reject', 'C1');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--reason/);
  r = await bz('claims', 'approve', 'C999');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /no claim/);
  r = await bz('claims', 'approve', '--level', '4', 'C1');
  assert.equal(r.code, 2);
  r = await bz('claims', 'list', '--state', 'maybe');
  assert.equal(r.code, 2);
  r = await bz('claims', 'frobnicate');
  assert.equal(r.code, 2);
  r = await run(['claims', '--help']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /usage: bzpeer claims list/);
  assert.ok(!fs.existsSync(path.join(mailDir, 'nothing')));
});
