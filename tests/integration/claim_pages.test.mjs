// Claiming a researcher record through the pages, on the real server over
// HTTP: the claim form (/researchers/{id}/claim) and its evidence
// (statement, documents, an address in the record's metadata, an address
// at an affiliated institution's domain), the trip through a test ORCID
// server (orcid_server.mjs), a claimant's withdrawal, and /moderate, where
// moderators approve, reject and revoke. The record's verification level
// and trust score follow at once on the profile and in the API, a cached
// copy of the page included; each decision mails the claimant; every POST
// wants its CSRF token. The demo's seed R4 (Surya Ganguli: L1, 21 capped,
// 36 at L2, 51 at L3 as SPEC.md says) and a few small records written here
// (OpenAlex works, an ORCID person with a public address) are the data.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  startAccountServer, browser, formField, mailbox, htmlText,
  getJSON, makeTempDir, DEMO,
} from './server.mjs';
import { startOrcidServer, DEFAULT_ORCID } from './orcid_server.mjs';

const PASSWORD = 'lantern-orchid-7341';
const OTHER_ORCID = '0000-0001-5109-3700';
const MARY_ORCID = '0000-0002-1694-233X';
const CALLBACK = '/oauth/orcid/callback';

let srv;
let orcid;
let fixtureDir;
let box;
let moderator; // a signed-in moderator's browser

// --- the records written here ------------------------------------------------

function work(n, year, authors) {
  return {
    id: `https://openalex.org/W90000000${n}`,
    doi: `https://doi.org/10.5555/claim.${n}`,
    title: `Claim fixture work ${n}`,
    display_name: `Claim fixture work ${n}`,
    publication_year: year,
    type: 'article',
    ids: { openalex: `https://openalex.org/W90000000${n}`, doi: `https://doi.org/10.5555/claim.${n}` },
    authorships: authors.map((a, i) => ({
      author_position: i === 0 ? 'first' : 'middle',
      author: { id: `https://openalex.org/A${a.id}`, display_name: a.name, orcid: a.orcid ?? null },
      raw_author_name: a.name,
      institutions: a.institution ? [a.institution] : [],
      raw_affiliation_strings: [],
    })),
  };
}

const ADA = { id: '9100000001', name: 'Ada Lovelace', orcid: `https://orcid.org/${DEFAULT_ORCID}` };
const GRACE = {
  id: '9100000002',
  name: 'Grace Hopper',
  institution: {
    id: 'https://openalex.org/I9100000001', display_name: 'Hopper Institute of Computing',
    country_code: 'US', homepage_url: 'https://www.hopper.example.edu/',
  },
};
const EMMY = { id: '9100000003', name: 'Emmy Noether' };

function writeFixtures(dir) {
  const works = path.join(dir, 'claim-works.jsonl');
  fs.writeFileSync(works, [
    work(1, 2021, [ADA]),
    work(2, 2022, [GRACE]),
    work(3, 2020, [EMMY]),
  ].map((w) => JSON.stringify(w)).join('\n') + '\n');
  const person = path.join(dir, 'mary.json');
  fs.writeFileSync(person, JSON.stringify({
    name: {
      'given-names': { value: 'Mary' }, 'family-name': { value: 'Somerville' },
      'credit-name': null, path: MARY_ORCID,
    },
    emails: { email: [{ email: 'Mary@Example.ORG', visibility: 'public' }] },
    path: `/${MARY_ORCID}/person`,
  }) + '\n');
  return [works, person];
}

before(async () => {
  fixtureDir = makeTempDir('bzpeer-claim-fixtures-');
  const files = writeFixtures(fixtureDir);
  orcid = await startOrcidServer({});
  srv = await startAccountServer({
    importFiles: [DEMO, ...files],
    env: {
      BZPEER_ORCID_CLIENT_ID: orcid.clientId,
      BZPEER_ORCID_CLIENT_SECRET: orcid.clientSecret,
      BZPEER_ORCID_AUTHORIZE_URL: orcid.authorizeUrl,
      BZPEER_ORCID_TOKEN_URL: orcid.tokenUrl,
    },
  });
  box = mailbox(srv.mailDir);
  await userAdd('mod@example.org', 'moderator');
  moderator = await login('mod@example.org');
});

after(async () => {
  if (srv) await srv.stop();
  if (orcid) await orcid.close();
  if (fixtureDir) fs.rmSync(fixtureDir, { recursive: true, force: true });
});

// --- helpers -------------------------------------------------------------------

function problemOf(html) {
  const m = /<p class="problem"[^>]*>([\s\S]*?)<\/p>/.exec(html);
  return m ? htmlText(m[1]) : null;
}

function noticeOf(html) {
  const m = /<p class="notice"[^>]*>([\s\S]*?)<\/p>/.exec(html);
  return m ? htmlText(m[1]) : null;
}

/** The message of an error page (page_home.c's bz_page_error). */
function errorOf(html) {
  const m = /<p class="summary">([\s\S]*?)<\/p>/.exec(html);
  return m ? htmlText(m[1]) : null;
}

/** Why a request was refused: the form's problem or the error page's message. */
const whyOf = (html) => problemOf(html) ?? errorOf(html) ?? html.slice(0, 300);

async function userAdd(email, role) {
  const args = ['user', 'add', '--db', srv.db, '--password-stdin'];
  if (role) args.push('--role', role);
  const r = await srv.bzpeer([...args, email], { input: PASSWORD + '\n' });
  assert.equal(r.code, 0, `user add ${email}: exit ${r.code}\n${r.stderr}`);
  const m = /^added A(\d+) \((\w+)\)$/m.exec(r.stdout);
  assert.ok(m, r.stdout);
  return Number(m[1]);
}

/** A signed-in browser for email. */
async function login(email, b = browser(srv.base)) {
  const r = await b.submit('/login', { email, password: PASSWORD });
  assert.equal(r.status, 303, `log-in as ${email}: ${r.status}\n${whyOf(r.text)}`);
  return b;
}

/** A confirmed account (bzpeer user add) and its signed-in browser. */
async function account(email, role) {
  await userAdd(email, role);
  return login(email);
}

/** The record's id ("R12") by an external id or a name. */
async function recordId(ref) {
  if (/^(orcid|openalex):/.test(ref)) {
    const { status, body } = await getJSON(`${srv.base}/api/v1/researchers/${ref}`);
    assert.equal(status, 200, `${ref}: ${JSON.stringify(body)}`);
    return body.id;
  }
  const { status, body } = await getJSON(`${srv.base}/api/v1/researchers?q=${encodeURIComponent(ref)}`);
  assert.equal(status, 200);
  assert.equal(body.results.length, 1, `one record for "${ref}": ${JSON.stringify(body.results)}`);
  return body.results[0].id;
}

async function record(id) {
  const { status, body } = await getJSON(`${srv.base}/api/v1/researchers/${id}`);
  assert.equal(status, 200, `${id}: ${JSON.stringify(body)}`);
  return body;
}

/** What the public sees of a record: the API's level, claimed and score,
 * and the same three on the (anonymous, cacheable) profile page. */
async function publicView(id) {
  const api = await record(id);
  const res = await fetch(`${srv.base}/researchers/${id}`); // follows the 301 to the slug
  const html = await res.text();
  assert.equal(res.status, 200, `${id}: the profile answers ${res.status}`);
  const score = /Trust (\d+) - (\w+)/.exec(html);
  const level = /Verification L(\d)/.exec(html);
  assert.ok(score && level, `no trust snapshot on ${id}'s page`);
  return {
    api: { level: api.verification_level, claimed: api.claimed, score: api.trust.score, capped: api.trust.capped },
    page: {
      level: `L${level[1]}`,
      claimed: html.includes('<span class="badge">Claimed</span>'),
      score: Number(score[1]),
      claimLink: html.includes(`href="/researchers/${id}/claim"`),
    },
    html,
  };
}

/** Asserts the API and the page agree on the level, claim and score. */
async function assertShown(id, level, claimed, score, what) {
  const v = await publicView(id);
  assert.deepEqual([v.api.level, v.api.claimed, v.api.score], [level, claimed, score], `${what}: the API of ${id}`);
  assert.deepEqual([v.page.level, v.page.claimed, v.page.score], [level, claimed, score], `${what}: the page of ${id}`);
  assert.equal(v.page.claimLink, !claimed, `${what}: "Log in to claim" on ${id}'s page`);
  return v;
}

/** Sends the claim form of record id with fields (csrf from the form). */
async function claim(b, id, fields) {
  return b.submit(`/researchers/${id}/claim`, fields);
}

/** The claims the account page lists: [{id, record, evidence, state, level, reason, text}]. */
async function myClaims(b) {
  const r = await b.get('/account');
  assert.equal(r.status, 200, whyOf(r.text));
  const out = [];
  const re = /<li>C(\d+): <a href="\/researchers\/(R\d+)">[\s\S]*?<\/a>, ([a-z_]+), <strong>([a-z]+)<\/strong>( \(L(\d)\))?(: ([^<]*))?/g;
  let m;
  while ((m = re.exec(r.text))) {
    out.push({
      id: `C${m[1]}`, record: m[2], evidence: m[3], state: m[4],
      level: m[6] ? Number(m[6]) : 0, reason: m[8] ? htmlText(m[8]) : null,
    });
  }
  return out;
}

/** The claims /moderate lists, by section: {disputed, pending, approved}
 * each [{id, email, record, evidence, state}], and the page. */
async function moderation(b = moderator) {
  const r = await b.get('/moderate');
  assert.equal(r.status, 200, whyOf(r.text));
  assert.equal(r.res.headers.get('cache-control'), 'no-store');
  const sections = {};
  const names = { 'Disputed claims': 'disputed', 'Claims waiting': 'pending', 'Claims in force': 'approved' };
  const parts = r.text.split(/<h2>/).slice(1);
  for (const part of parts) {
    const title = /^([^<(]*?) \(/.exec(part);
    if (!title || !names[title[1]]) continue;
    const list = [];
    const re = /<li><strong>C(\d+)<\/strong> (\S+) claims <a href="\/researchers\/(R\d+)">[\s\S]*?<\/a>: ([a-z_]+), ([a-z]+)/g;
    let m;
    while ((m = re.exec(part))) list.push({ id: `C${m[1]}`, email: m[2], record: m[3], evidence: m[4], state: m[5] });
    sections[names[title[1]]] = list;
  }
  assert.deepEqual(Object.keys(sections).sort(), ['approved', 'disputed', 'pending'], 'the three sections of /moderate');
  return { ...sections, html: r.text };
}

/** The claim of record id by email on /moderate, or undefined. */
async function findClaim(id, email) {
  const m = await moderation();
  return [...m.disputed, ...m.pending, ...m.approved].find((c) => c.record === id && c.email === email);
}

/** A moderator's decision, through the form of /moderate. */
async function decide(claimId, decision, { level = '0', reason = '', b = moderator } = {}) {
  return b.submit('/account', { id: claimId.slice(1), decision, level, reason }, '/moderate/claims');
}

async function decideOk(claimId, decision, opts) {
  const r = await decide(claimId, decision, opts);
  assert.equal(r.status, 303, `${decision} ${claimId}: ${r.status} ${whyOf(r.text)}`);
  assert.equal(r.location, '/moderate?done=decided');
  return r;
}

/** The claimant's next mail about a claim of record id. */
async function decisionMail(to, id, decision) {
  return box.next({ to, subject: `Your claim of ${id} was ${decision}` });
}

// --- the way in ----------------------------------------------------------------

test('"Log in to claim" sends a visitor to log in and back to the claim form', async () => {
  const id = await recordId('Surya Ganguli');
  assert.equal(id, 'R4');
  const view = await assertShown(id, 'L1', false, 21, 'the seed');

  const b = browser(srv.base);
  const first = await b.get(`/researchers/${id}/claim`);
  assert.equal(first.status, 303);
  assert.equal(first.location, `/login?next=/researchers/${id}/claim`);
  assert.ok(view.page.claimLink, 'the profile links to the claim page');

  await userAdd('visitor@example.org');
  const form = await b.get(first.location);
  assert.equal(form.status, 200);
  assert.equal(formField(form.text, 'next'), `/researchers/${id}/claim`);
  const r = await b.post('/login', {
    csrf: formField(form.text, 'csrf'), email: 'visitor@example.org', password: PASSWORD,
    next: formField(form.text, 'next'),
  });
  assert.equal(r.status, 303, whyOf(r.text));
  assert.equal(r.location, `/researchers/${id}/claim`);

  const page = await b.get(r.location);
  assert.equal(page.status, 200, whyOf(page.text));
  assert.equal(page.res.headers.get('cache-control'), 'no-store');
  assert.match(page.text, /<h1>Claim Surya Ganguli<\/h1>/);
  assert.match(page.text, new RegExp(`<form method="post" action="/researchers/${id}/claim">`));
  for (const e of ['metadata_email', 'domain_email', 'documents', 'statement']) {
    assert.ok(page.text.includes(`name="evidence" value="${e}"`), `the form offers ${e}`);
  }
  assert.ok(formField(page.text, 'csrf'), 'the form has its csrf field');
  assert.ok(page.text.includes(`href="/researchers/${id}/claim/orcid"`), 'ORCID is offered (configured here)');
  assert.match(page.text, /Signed in as visitor@example\.org/);

  // the other claim pages want a session too
  const anon = browser(srv.base);
  // however long the address that asks (a slug of 300 bytes)
  const long = `/researchers/${id}-${'surya-ganguli-'.repeat(20)}x/claim`;
  const far = await anon.get(long);
  assert.equal(far.status, 303, 'a long address is sent to log in too');
  assert.equal(far.location, `/login?next=${long}`);
  assert.equal((await anon.get(`/researchers/${id}/claim/orcid`)).location, `/login?next=/researchers/${id}/claim`);
  assert.equal((await anon.get('/moderate')).location, '/login?next=/moderate');
  const cb = await anon.get(`${CALLBACK}?code=abc&state=xyz`);
  assert.equal(cb.status, 303);
  assert.match(cb.location, /^\/login\?next=/);
});

test('an account whose address is not confirmed is refused', async () => {
  const id = 'R4';
  const b = browser(srv.base);
  const s = await b.submit('/signup', { email: 'unconfirmed@example.org', password: PASSWORD });
  assert.equal(s.status, 303, whyOf(s.text));
  await box.next({ to: 'unconfirmed@example.org', subject: 'Confirm your email address for bzpeer' });
  await login('unconfirmed@example.org', b);

  const form = await b.get(`/researchers/${id}/claim`);
  assert.equal(form.status, 200);
  assert.match(htmlText(form.text), /Confirm your email address first/);

  const r = await claim(b, id, { evidence: 'statement', note: 'These are my papers.' });
  assert.equal(r.status, 403, whyOf(r.text));
  assert.match(whyOf(r.text), /confirm your email address before claiming a record/);
  assert.deepEqual(await myClaims(b), []);
  assert.equal((await findClaim(id, 'unconfirmed@example.org')), undefined);
  await assertShown(id, 'L1', false, 21, 'after the refusal');
});

// --- statement, moderation, the score ---------------------------------------------

test('a statement waits; only moderators decide; approval shows L2 36 at once, revocation 21', async () => {
  const id = 'R4';
  const alice = await account('alice@example.org');
  const bob = await account('bob@example.org');

  // cached copies of the page and of the API before (in both event loops)
  for (let i = 0; i < 3; i++) await assertShown(id, 'L1', false, 21, `before (${i})`);

  let r = await claim(alice, id, { evidence: 'statement', note: '' });
  assert.equal(r.status, 400, whyOf(r.text));
  assert.match(whyOf(r.text), /say why the record is yours/);
  r = await claim(alice, id, { note: 'no evidence chosen' });
  assert.equal(r.status, 400, whyOf(r.text));
  r = await claim(alice, id, { evidence: 'orcid', note: 'typed, not proven' });
  assert.equal(r.status, 400, 'an ORCID claim cannot be typed in');
  assert.deepEqual(await myClaims(alice), []);

  r = await claim(alice, id, { evidence: 'statement', note: 'These are my papers.' });
  assert.equal(r.status, 200, whyOf(r.text));
  assert.match(noticeOf(r.text), /waits for a moderator/);
  let mine = await myClaims(alice);
  assert.equal(mine.length, 1, JSON.stringify(mine));
  assert.deepEqual([mine[0].record, mine[0].evidence, mine[0].state], [id, 'statement', 'pending']);
  const claimId = mine[0].id;
  await assertShown(id, 'L1', false, 21, 'while pending');

  // a plain user sees no moderation and decides nothing
  const page = await bob.get('/moderate');
  assert.equal(page.status, 403);
  assert.match(whyOf(page.text), /for moderators/);
  r = await bob.submit('/account', { id: claimId.slice(1), decision: 'approve', level: '0', reason: '' }, '/moderate/claims');
  assert.equal(r.status, 403, whyOf(r.text));
  r = await alice.submit('/account', { id: claimId.slice(1), decision: 'approve', level: '3', reason: '' }, '/moderate/claims');
  assert.equal(r.status, 403, 'the claimant approves her own claim');
  assert.equal((await myClaims(alice))[0].state, 'pending');

  const m = await moderation();
  const listed = m.pending.find((c) => c.id === claimId);
  assert.ok(listed, `${claimId} is not under "Claims waiting"`);
  assert.deepEqual([listed.email, listed.record, listed.evidence], ['alice@example.org', id, 'statement']);
  assert.ok(m.html.includes('<blockquote>These are my papers.</blockquote>'), 'the note is shown');
  assert.match(m.html, /<h2>Two people in one record\?<\/h2>/);

  await decideOk(claimId, 'approve');
  const done = await moderator.get('/moderate?done=decided');
  assert.equal(noticeOf(done.text), 'The claim is decided.');
  const v = await assertShown(id, 'L2', true, 36, 'approved on the statement');
  assert.equal(v.api.capped, false);
  assert.match(v.html, /This record is claimed by the researcher\./);
  mine = await myClaims(alice);
  assert.deepEqual([mine[0].state, mine[0].level], ['approved', 2]);
  assert.ok((await moderation()).approved.some((c) => c.id === claimId), 'under "Claims in force"');
  // the audit log of the claim, for the moderators and for the claimant
  for (const [who, path] of [[moderator, '/moderate'], [alice, '/account']]) {
    const page = await who.get(path);
    assert.match(page.text, /<summary>History<\/summary>/, `${path} shows the claim's history`);
    assert.match(page.text, /claim_submit/, `${path}: the submission is in the history`);
    assert.match(page.text, /claim_approve/, `${path}: the approval is in the history`);
  }

  let mail = await decisionMail('alice@example.org', id, 'approved');
  assert.match(mail.text, /verification level L2/);
  assert.ok(mail.links.includes(`${srv.base}/account`), mail.text);
  assert.ok(mail.links.includes(`${srv.base}/researchers/${id}`), mail.text);

  // revoking wants a reason, and takes the record back
  r = await decide(claimId, 'revoke', { reason: '' });
  assert.equal(r.status, 400, whyOf(r.text));
  await assertShown(id, 'L2', true, 36, 'a revocation without a reason');
  await decideOk(claimId, 'revoke', { reason: 'the affiliation does not match' });
  const back = await assertShown(id, 'L1', false, 21, 'revoked');
  // the seed's raw score is 21 itself: at the cap, not above it
  assert.equal(back.api.capped, false);
  assert.match(back.html, /Unclaimed records stop at 21 points/);
  mine = await myClaims(alice);
  assert.equal(mine[0].state, 'rejected');
  assert.equal(mine[0].reason, 'the affiliation does not match');
  mail = await decisionMail('alice@example.org', id, 'revoked');
  assert.match(mail.text, /the affiliation does not match/);

  // a rejection: the claimant reads the reason on her account page
  r = await claim(alice, id, { evidence: 'statement', note: 'Really mine, I promise.' });
  assert.equal(r.status, 200, whyOf(r.text));
  const second = (await myClaims(alice)).find((c) => c.state === 'pending');
  assert.ok(second, 'the second claim is pending');
  r = await decide(second.id, 'reject', { reason: '   ' });
  assert.equal(r.status, 400, 'a rejection without a reason');
  await decideOk(second.id, 'reject', { reason: 'no evidence of authorship' });
  const rejected = (await myClaims(alice)).find((c) => c.id === second.id);
  assert.deepEqual([rejected.state, rejected.reason], ['rejected', 'no evidence of authorship']);
  assert.match(htmlText((await alice.get('/account')).text), /no evidence of authorship/);
  mail = await decisionMail('alice@example.org', id, 'rejected');
  assert.match(mail.text, /no evidence of authorship/);
  await assertShown(id, 'L1', false, 21, 'rejected');

  // a decided claim is not decided again
  r = await decide(second.id, 'approve');
  assert.equal(r.status, 409, whyOf(r.text));
  await assertShown(id, 'L1', false, 21, 'a second decision');
});

test('documents: http(s) links and a note; approved at L3 the score is 51; withdrawal unclaims', async () => {
  const id = 'R4';
  const carol = await account('carol@example.org');
  const bad = [
    [{ evidence: 'documents', detail: 'ftp://example.org/cv.pdf', note: 'my CV' }, 400, /not an http or https link/],
    [{ evidence: 'documents', detail: 'javascript:alert(1)', note: 'my CV' }, 400, /not an http or https link/],
    [{ evidence: 'documents', detail: 'https://example.org/cv pdf', note: 'my CV' }, 400, /not an http or https link/],
    [{ evidence: 'documents', detail: '', note: 'my CV' }, 400, /at least one link/],
    [{ evidence: 'documents', detail: 'https://example.org/cv.pdf', note: ' ' }, 400, /say what the documents show/],
    [{ evidence: 'documents', detail: Array.from({ length: 11 }, (_, i) => `https://example.org/${i}`).join('\n'), note: 'many' }, 400, /at most 10/],
  ];
  for (const [fields, status, why] of bad) {
    const r = await claim(carol, id, fields);
    assert.equal(r.status, status, `${JSON.stringify(fields).slice(0, 80)}: ${whyOf(r.text)}`);
    assert.match(whyOf(r.text), why);
  }
  assert.deepEqual(await myClaims(carol), [], 'a refused form made a claim');

  const links = 'https://example.org/cv.pdf\r\n\r\n  http://lab.example.org/people/carol  \r\n';
  let r = await claim(carol, id, { evidence: 'documents', detail: links, note: 'My CV and the lab page list these works.' });
  assert.equal(r.status, 200, whyOf(r.text));
  assert.match(noticeOf(r.text), /waits for a moderator/);
  const mine = await myClaims(carol);
  assert.deepEqual([mine.length, mine[0].evidence, mine[0].state], [1, 'documents', 'pending']);
  const m = await moderation();
  assert.ok(m.pending.some((c) => c.id === mine[0].id));
  for (const link of ['https://example.org/cv.pdf', 'http://lab.example.org/people/carol']) {
    assert.ok(m.html.includes(`<li><a rel="nofollow noopener" href="${link}">${link}</a></li>`),
      `the moderator sees ${link} as a link of its own, trimmed`);
  }
  await assertShown(id, 'L1', false, 21, 'pending documents');

  r = await decide(mine[0].id, 'approve', { level: '4' });
  assert.equal(r.status, 400, 'a level of 4');
  await decideOk(mine[0].id, 'approve', { level: '3' });
  await assertShown(id, 'L3', true, 51, 'documents approved at L3');
  await decisionMail('carol@example.org', id, 'approved');

  // the owner withdraws: the record is nobody's again
  const withdraw = await carol.submit('/account', { id: mine[0].id.slice(1) }, '/account/claims/withdraw');
  assert.equal(withdraw.status, 303, whyOf(withdraw.text));
  assert.equal(withdraw.location, '/account?done=withdrawn');
  assert.equal((await myClaims(carol))[0].state, 'withdrawn');
  await assertShown(id, 'L1', false, 21, 'withdrawn');
  r = await carol.submit('/account', { id: mine[0].id.slice(1) }, '/account/claims/withdraw');
  assert.equal(r.status, 409, 'withdrawn twice');
});

test('what a claimant types is escaped; a moderator does not decide their own claim; caps', async () => {
  const id = await recordId('Nikos Karantzas');
  const mod2 = await account('mod2@example.org', 'moderator');
  const note = '<script>alert("note")</script> & <b>bold</b>';
  let r = await claim(mod2, id, { evidence: 'documents', detail: 'https://example.org/a?x=1&y=<i>', note });
  assert.equal(r.status, 200, whyOf(r.text));
  const c = await findClaim(id, 'mod2@example.org');
  assert.equal(c.state, 'pending');
  const m = await moderation();
  assert.ok(!m.html.includes('<script>alert("note")'), 'the note is not escaped on /moderate');
  assert.ok(m.html.includes('&lt;script&gt;alert(&quot;note&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;')
    || m.html.includes('&lt;script&gt;alert("note")&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;'), 'the note, escaped');
  assert.ok(!m.html.includes('y=<i>'), 'the link is not escaped');

  // the moderator's own claim: another moderator decides it
  r = await decide(c.id, 'approve', { b: mod2 });
  assert.equal(r.status, 403, whyOf(r.text));
  assert.match(whyOf(r.text), /another moderator must decide your own claim/);
  assert.equal((await findClaim(id, 'mod2@example.org')).state, 'pending');

  r = await decide(c.id, 'reject', { reason: 'x'.repeat(1001) });
  assert.equal(r.status, 413, whyOf(r.text));
  r = await decide(c.id, 'maybe');
  assert.equal(r.status, 400, whyOf(r.text));
  r = await decide('C999999', 'approve');
  assert.equal(r.status, 404, whyOf(r.text));
  // the form's caps: the form comes back (400) with the reason
  r = await claim(mod2, id, { evidence: 'statement', note: 'n'.repeat(4001) });
  assert.equal(r.status, 400, `a note over the cap: ${whyOf(r.text)}`);
  assert.match(whyOf(r.text), /the note passes 4000 bytes/);

  const reason = '<img src=x onerror=alert(1)> not convincing';
  await decideOk(c.id, 'reject', { reason });
  const page = (await mod2.get('/account')).text;
  assert.ok(!page.includes('<img src=x'), 'the reason is not escaped on /account');
  assert.ok(page.includes('&lt;img src=x onerror=alert(1)&gt; not convincing'));
  assert.equal((await myClaims(mod2)).find((x) => x.id === c.id).reason, reason);
  r = await claim(mod2, id, { evidence: 'documents', detail: 'https://example.org/' + 'd'.repeat(2000), note: 'long' });
  assert.equal(r.status, 400, `links over the cap: ${whyOf(r.text)}`);
  assert.match(whyOf(r.text), /passes 2000 bytes/);
  assert.equal((await myClaims(mod2)).filter((x) => x.record === id).length, 1);
});

test('a moderator\'s account page lists their own claims only', async () => {
  const nina = await account('nina@example.org');
  const kunin = await recordId('Daniel Kunin');
  let r = await claim(nina, kunin, { evidence: 'statement', note: 'Mine.' });
  assert.equal(r.status, 200, whyOf(r.text));
  const hers = (await myClaims(nina))[0];
  assert.ok((await moderation()).pending.some((c) => c.id === hers.id));

  const mod3 = await account('mod3@example.org', 'moderator');
  const listed = await myClaims(mod3);
  assert.deepEqual(listed.map((c) => `${c.id} ${c.record}`), [],
    'a moderator\'s "Your claims" on /account lists other accounts\' claims');
  const nayebi = await recordId('Aran Nayebi');
  r = await claim(mod3, nayebi, { evidence: 'statement', note: 'Mine.' });
  assert.equal(r.status, 200, whyOf(r.text));
  assert.deepEqual((await myClaims(mod3)).map((c) => c.record), [nayebi]);
});

test('a pending claim is withdrawn by its claimant only', async () => {
  const id = await recordId('Jonathan Timcheck');
  const dave = await account('dave@example.org');
  const eve = await account('eve@example.org');
  let r = await claim(dave, id, { evidence: 'statement', note: 'Mine.' });
  assert.equal(r.status, 200, whyOf(r.text));
  const c = (await myClaims(dave))[0];
  assert.equal(c.state, 'pending');
  const html = (await dave.get('/account')).text;
  assert.ok(html.includes('<form method="post" action="/account/claims/withdraw">'), 'a withdraw form');

  r = await eve.submit('/account', { id: c.id.slice(1) }, '/account/claims/withdraw');
  assert.equal(r.status, 404, `another account withdraws it: ${whyOf(r.text)}`);
  r = await dave.submit('/account', { id: 'x' }, '/account/claims/withdraw');
  assert.equal(r.status, 400);
  assert.equal((await myClaims(dave))[0].state, 'pending');

  r = await dave.submit('/account', { id: c.id.slice(1) }, '/account/claims/withdraw');
  assert.equal(r.status, 303, whyOf(r.text));
  assert.equal((await myClaims(dave))[0].state, 'withdrawn');
  assert.equal(await findClaim(id, 'dave@example.org'), undefined);
  await assertShown(id, 'L1', false, (await record(id)).trust.score, 'withdrawn while pending');
  assert.equal((await record(id)).claimed, false);
});

// --- evidence from the sources -------------------------------------------------------

test('metadata_email: an address the record\'s sources give is approved at once at L3', async () => {
  const id = await recordId(`orcid:${MARY_ORCID}`);
  const before = await record(id);
  assert.deepEqual([before.verification_level, before.claimed], ['L1', false]);

  const stranger = await account('not-mary@example.org');
  let r = await claim(stranger, id, { evidence: 'metadata_email' });
  assert.equal(r.status, 403, whyOf(r.text));
  assert.match(whyOf(r.text), /not in the record's sources/);
  assert.deepEqual(await myClaims(stranger), []);

  // the address is kept lower-case; the account's too
  const mary = await account('MARY@example.org');
  r = await claim(mary, id, { evidence: 'metadata_email' });
  assert.equal(r.status, 200, whyOf(r.text));
  assert.match(noticeOf(r.text), /approved: the record is yours/);
  const mine = await myClaims(mary);
  assert.deepEqual([mine[0].evidence, mine[0].state, mine[0].level], ['metadata_email', 'approved', 3]);
  const after = await record(id);
  assert.deepEqual([after.verification_level, after.claimed], ['L3', true]);
  // an ORCID person alone: the identity's 40 points and nothing else
  assert.equal(after.trust.components.find((c) => c.name === 'identity').points, 40);
  assert.equal(after.trust.score, 40);
  await assertShown(id, 'L3', true, after.trust.score, 'claimed by its address');
  await decisionMail('mary@example.org', id, 'approved');
});

test('domain_email: an address at an affiliated institution\'s domain waits for a moderator (L3)', async () => {
  const id = await recordId('Grace Hopper');
  const wrong = await account('grace@hopper.example.com');
  let r = await claim(wrong, id, { evidence: 'domain_email' });
  assert.equal(r.status, 403, whyOf(r.text));
  assert.match(whyOf(r.text), /not at the domain of an institution/);
  const lookalike = await account('grace@nothopper.example.edu');
  r = await claim(lookalike, id, { evidence: 'domain_email' });
  assert.equal(r.status, 403, `a look-alike domain: ${whyOf(r.text)}`);
  // Emmy's record names no institution: no address matches it
  const emmy = await account('emmy@hopper.example.edu');
  r = await claim(emmy, await recordId('Emmy Noether'), { evidence: 'domain_email' });
  assert.equal(r.status, 403, whyOf(r.text));

  const grace = await account('grace@cs.hopper.example.edu');
  r = await claim(grace, id, { evidence: 'domain_email' });
  assert.equal(r.status, 200, whyOf(r.text));
  assert.match(noticeOf(r.text), /waits for a moderator/);
  const c = (await myClaims(grace))[0];
  assert.deepEqual([c.evidence, c.state], ['domain_email', 'pending']);
  assert.equal((await record(id)).claimed, false);
  const m = await moderation();
  assert.ok(m.pending.some((x) => x.id === c.id));
  assert.ok(m.html.includes('cs.hopper.example.edu (https://www.hopper.example.edu/)'),
    'the moderator sees the domain and the homepage it matched');

  await decideOk(c.id, 'approve');
  const after = await record(id);
  assert.deepEqual([after.verification_level, after.claimed], ['L3', true]);
  assert.equal((await myClaims(grace))[0].level, 3);
  await decisionMail('grace@cs.hopper.example.edu', id, 'approved');
});

// --- ORCID ---------------------------------------------------------------------------

/** Starts the trip for record id: checks the authorize URL and follows
 * it at the test server (query knobs in `knobs`); returns the callback's
 * path and query as the browser is sent back to it, and the state. */
async function orcidTrip(b, id, knobs = {}) {
  const start = await b.get(`/researchers/${id}/claim/orcid`);
  assert.equal(start.status, 303, whyOf(start.text));
  const to = new URL(start.location);
  assert.equal(to.origin + to.pathname, orcid.authorizeUrl);
  const q = to.searchParams;
  assert.equal(q.get('client_id'), orcid.clientId);
  assert.equal(q.get('response_type'), 'code');
  assert.equal(q.get('scope'), '/authenticate');
  assert.equal(q.get('redirect_uri'), srv.base + CALLBACK);
  assert.match(q.get('state') ?? '', /^orcid-state\.\d+\.[\w-]+\.[\w-]+$/);
  assert.ok(!start.location.includes(orcid.clientSecret), 'the secret is in the URL');
  for (const [k, v] of Object.entries(knobs)) to.searchParams.set(k, v);
  const res = await fetch(to, { redirect: 'manual' });
  await res.arrayBuffer();
  assert.equal(res.status, 302);
  const back = new URL(res.headers.get('location'));
  assert.equal(back.origin + back.pathname, srv.base + CALLBACK);
  assert.equal(back.searchParams.get('state'), q.get('state'));
  return { callback: back.pathname + back.search, state: q.get('state'), code: back.searchParams.get('code') };
}

test('ORCID: the proven iD of the record is approved at once at L3; other iDs, states and codes are refused', async () => {
  const id = await recordId(`orcid:${DEFAULT_ORCID}`);
  const ada = await account('ada@example.org');
  const mallory = await account('mallory@example.org');
  const before = await record(id);
  assert.deepEqual([before.verification_level, before.claimed], ['L1', false]);

  // ORCID vouches for another iD: refused, nothing changes
  let trip = await orcidTrip(ada, id, { orcid: OTHER_ORCID });
  let r = await ada.get(trip.callback);
  assert.equal(r.status, 403, whyOf(r.text));
  assert.match(whyOf(r.text), new RegExp(`ORCID iD '${OTHER_ORCID}' is not the record's`));
  assert.deepEqual(await myClaims(ada), []);
  assert.equal((await record(id)).claimed, false);

  // the person said no at ORCID
  trip = await orcidTrip(ada, id, { deny: '1' });
  assert.match(trip.callback, /error=access_denied/);
  r = await ada.get(trip.callback);
  assert.equal(r.status, 403, whyOf(r.text));
  assert.match(whyOf(r.text), /cancelled/);

  // a state made for another account's session proves nothing for this one
  trip = await orcidTrip(mallory, id);
  r = await ada.get(trip.callback);
  assert.equal(r.status, 403, whyOf(r.text));
  assert.match(whyOf(r.text), /started by another account/);
  assert.deepEqual(await myClaims(ada), []);
  assert.deepEqual(await myClaims(mallory), []);

  // a tampered state
  trip = await orcidTrip(ada, id);
  const parts = trip.state.split('.');
  const subject = Buffer.from(parts[2], 'base64url').toString();
  parts[2] = Buffer.from(subject.replace(/R\d+/, 'R4')).toString('base64url');
  const forged = new URLSearchParams({ code: trip.code, state: parts.join('.') });
  r = await ada.get(`${CALLBACK}?${forged}`);
  assert.equal(r.status, 400, whyOf(r.text));
  assert.match(whyOf(r.text), /not valid/);
  r = await ada.get(`${CALLBACK}?state=${encodeURIComponent(trip.state)}`);
  assert.equal(r.status, 400, 'no code');
  assert.equal((await record('R4')).claimed, false);

  // the real thing
  trip = await orcidTrip(ada, id);
  const tokenRequests = orcid.requests.length;
  r = await ada.get(trip.callback);
  assert.equal(r.status, 200, whyOf(r.text));
  assert.equal(r.res.headers.get('cache-control'), 'no-store');
  assert.match(noticeOf(r.text), /approved: the record is yours/);
  const exchange = orcid.requests[tokenRequests];
  assert.ok(exchange, 'the server traded the code');
  assert.deepEqual([exchange.fields.grant_type, exchange.fields.code, exchange.fields.redirect_uri],
    ['authorization_code', trip.code, srv.base + CALLBACK]);
  const mine = await myClaims(ada);
  assert.deepEqual([mine.length, mine[0].evidence, mine[0].state, mine[0].level], [1, 'orcid', 'approved', 3]);
  const after = await record(id);
  assert.deepEqual([after.verification_level, after.claimed], ['L3', true]);
  // L3 40, one work with a DOI 1, one active year 0
  await assertShown(id, 'L3', true, 41, 'claimed with ORCID');
  await decisionMail('ada@example.org', id, 'approved');

  // the same code again
  r = await ada.get(trip.callback);
  assert.equal(r.status, 400, `a reused code: ${whyOf(r.text)}`);
  assert.match(whyOf(r.text), /the token exchange failed: 400 invalid_grant/);
  assert.equal((await myClaims(ada)).length, 1, 'a reused code made a claim');
  assert.ok(!srv.logs().includes(orcid.clientSecret), 'the client secret is logged');
});

// --- disputes, one record per account, merged records ---------------------------------

test('a second claim disputes the first; approving one rejects the other', async () => {
  const id = await recordId('Andreas S. Tolias');
  const frank = await account('frank@example.org');
  const gina = await account('gina@example.org');
  let r = await claim(frank, id, { evidence: 'statement', note: 'Mine.' });
  assert.equal(r.status, 200, whyOf(r.text));
  r = await claim(gina, id, { evidence: 'documents', detail: 'https://example.org/gina.pdf', note: 'No, mine.' });
  assert.equal(r.status, 200, whyOf(r.text));
  assert.match(noticeOf(r.text), /Someone else claims this record too/);
  const f = (await myClaims(frank))[0];
  const g = (await myClaims(gina))[0];
  assert.deepEqual([f.state, g.state], ['disputed', 'disputed']);

  const m = await moderation();
  assert.deepEqual(m.disputed.filter((c) => c.record === id).map((c) => c.id).sort(), [f.id, g.id].sort());
  assert.ok(!m.pending.some((c) => c.record === id), 'a disputed claim is listed as waiting');

  await decideOk(g.id, 'approve');
  assert.deepEqual([(await myClaims(gina))[0].state, (await myClaims(gina))[0].level], ['approved', 3]);
  const lost = (await myClaims(frank))[0];
  assert.equal(lost.state, 'rejected');
  assert.match(lost.reason, /another claim of the record was approved/);
  await decisionMail('frank@example.org', id, 'rejected');
  await decisionMail('gina@example.org', id, 'approved');
  const after = await record(id);
  assert.deepEqual([after.verification_level, after.claimed], ['L3', true]);

  // a claim on a record in force: disputed, the owner keeps it meanwhile
  const hal = await account('hal@example.org');
  r = await claim(hal, id, { evidence: 'statement', note: 'Mine, really.' });
  assert.equal(r.status, 200, whyOf(r.text));
  assert.equal((await myClaims(hal))[0].state, 'disputed');
  assert.equal((await myClaims(gina))[0].state, 'disputed');
  assert.deepEqual([(await record(id)).verification_level, (await record(id)).claimed], ['L3', true]);
  await decideOk((await myClaims(hal))[0].id, 'reject', { reason: 'the documents convinced us' });
  assert.equal((await myClaims(gina))[0].state, 'approved', 'the owner\'s claim is reopened');
  assert.deepEqual([(await record(id)).verification_level, (await record(id)).claimed], ['L3', true]);
});

test('one record per account; a merged record cannot be claimed', async () => {
  const ivan = await account('ivan@example.org');
  const a = await recordId('Katrin Franke');
  const b = await recordId('Tamar Rott Shaham');
  let r = await claim(ivan, a, { evidence: 'statement', note: 'Mine.' });
  assert.equal(r.status, 200, whyOf(r.text));
  r = await claim(ivan, b, { evidence: 'statement', note: 'This one too.' });
  assert.equal(r.status, 409, whyOf(r.text));
  assert.match(whyOf(r.text), /open: withdraw it first/);
  const c = (await myClaims(ivan))[0];
  await decideOk(c.id, 'approve');
  r = await claim(ivan, b, { evidence: 'statement', note: 'This one too.' });
  assert.equal(r.status, 409, whyOf(r.text));
  assert.match(whyOf(r.text), /owns one record at most/);
  r = await claim(ivan, a, { evidence: 'statement', note: 'Again.' });
  assert.equal(r.status, 409, whyOf(r.text));
  assert.match(whyOf(r.text), /yours already/);
  assert.equal((await myClaims(ivan)).length, 1);
  assert.equal((await record(b)).claimed, false);

  // merge Kadmon's two into one: the merged id is no longer claimable
  const survivor = await recordId('Jonathan Kadmon');
  const merged = await recordId('Brett W. Larsen');
  const m = await srv.bzpeer(['merge', '--db', srv.db, '--reason', 'a claim test', survivor, merged]);
  assert.equal(m.code, 0, m.stderr);
  const judy = await account('judy@example.org');
  const form = await judy.get(`/researchers/${merged}/claim`);
  assert.equal(form.status, 409, `the claim form of a merged record: ${whyOf(form.text)}`);
  assert.match(whyOf(form.text), new RegExp(`was merged into ${survivor}`));
  const csrf = await judy.csrf(`/researchers/${survivor}/claim`);
  r = await judy.post(`/researchers/${merged}/claim`, { csrf, evidence: 'statement', note: 'Mine.' });
  assert.equal(r.status, 409, whyOf(r.text));
  assert.match(whyOf(r.text), /merged into/);
  assert.deepEqual(await myClaims(judy), []);
  r = await claim(judy, survivor, { evidence: 'statement', note: 'Mine.' });
  assert.equal(r.status, 200, `the survivor can be claimed: ${whyOf(r.text)}`);
});

// --- CSRF and methods -----------------------------------------------------------------

test('every claim and moderation POST wants its CSRF token; nothing changes without it', async () => {
  const id = await recordId('Sophia Sanborn');
  const kim = await account('kim@example.org');
  const other = await account('other-session@example.org');
  const foreign = await other.csrf('/account');
  const own = await kim.csrf(`/researchers/${id}/claim`);
  assert.notEqual(own, foreign);

  const fields = { evidence: 'statement', note: 'Mine.' };
  for (const csrf of [undefined, '', foreign, own.slice(0, -2) + (own.endsWith('AA') ? 'BB' : 'AA')]) {
    const form = csrf === undefined ? fields : { csrf, ...fields };
    const r = await kim.post(`/researchers/${id}/claim`, form);
    assert.equal(r.status, 403, `claim with csrf ${JSON.stringify(csrf)}: ${whyOf(r.text)}`);
  }
  let r = await kim.post(`/researchers/${id}/claim`, { csrf: own, ...fields }, { headers: { origin: 'https://evil.example' } });
  assert.equal(r.status, 403, 'a form from another site');
  assert.deepEqual(await myClaims(kim), [], 'a forged form made a claim');

  r = await kim.post(`/researchers/${id}/claim`, { csrf: own, ...fields });
  assert.equal(r.status, 200, whyOf(r.text));
  const c = (await myClaims(kim))[0];
  assert.equal(c.state, 'pending');

  for (const csrf of [undefined, foreign]) {
    const form = { id: c.id.slice(1), decision: 'approve', level: '0', reason: '' };
    r = await moderator.post('/moderate/claims', csrf === undefined ? form : { csrf, ...form });
    assert.equal(r.status, 403, `decide with csrf ${JSON.stringify(csrf)}: ${whyOf(r.text)}`);
    r = await kim.post('/account/claims/withdraw', csrf === undefined ? { id: c.id.slice(1) } : { csrf, id: c.id.slice(1) });
    assert.equal(r.status, 403, `withdraw with csrf ${JSON.stringify(csrf)}: ${whyOf(r.text)}`);
  }
  assert.equal((await myClaims(kim))[0].state, 'pending');
  assert.equal((await record(id)).claimed, false);
  // and a moderator's own token works on kim's behalf nowhere
  r = await kim.post('/account/claims/withdraw', { csrf: await moderator.csrf('/moderate'), id: c.id.slice(1) });
  assert.equal(r.status, 403);
  assert.equal((await myClaims(kim))[0].state, 'pending');
});

test('the profile takes no POST; the ORCID start takes no POST', async () => {
  const kim = browser(srv.base);
  for (const p of ['/researchers/R4', '/researchers/R4-surya-ganguli', '/researchers/R4/claim/orcid']) {
    const r = await kim.post(p, { x: '1' });
    assert.equal(r.status, 405, `POST ${p}: ${r.status}`);
    assert.equal(r.res.headers.get('allow'), 'GET, HEAD', `POST ${p}: Allow`);
  }
  const head = await fetch(`${srv.base}/researchers/R4-surya-ganguli`, { method: 'HEAD' });
  assert.equal(head.status, 200);
  const moderate = await kim.post('/moderate', { x: '1' });
  assert.equal(moderate.status, 405);
  assert.equal(moderate.res.headers.get('allow'), 'GET, HEAD');
  const cb = await kim.post(CALLBACK, { x: '1' });
  assert.equal(cb.status, 405);
  assert.equal(cb.res.headers.get('allow'), 'GET, HEAD');
});
