// Browser test of claiming a record, end to end: a visitor signs up from
// the seed's profile, confirms the address from the mail, logs in, claims
// the record with documents; a moderator approves; the profile then shows
// the record as claimed, at its new level and score.
//
//   node tests/browser/claim_flow.mjs OUT_DIR
//
// Runs a real `bzpeer serve` on the demo data (tests/integration/server.mjs:
// BZPEER, BZ_SOURCE_DIR, BZ_TEST_TMP and BZ_TEST_PG_URL_FILE as there),
// with its mail going through tests/integration/smtp_receiver.py under
// STARTTLS and AUTH, and drives Debian's chromium through playwright-core
// (`npm ci` at the repository root; no browser is downloaded). The claim
// form is sent with JavaScript off: the pages are plain HTML forms.
// Screenshots go to OUT_DIR as claim-BACKEND-NN-STEP.png. Prints
// `browser: 1 passed, 0 failed` on success, otherwise the reasons and
// `browser: 0 passed, 1 failed` with exit status 1.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import {
  startAccountServer, startSmtpReceiver, mailbox, makeTempDir, DEMO,
  BACKEND,
} from '../integration/server.mjs';
import {
  CHROMIUM, CHROMIUM_ARGS, STEP_TIMEOUT_MS, failures, finish, norm, Stop,
  stop, newPage, expectTexts, expectPath, expectNotice, shooter, startKiller,
} from './kit.mjs';

const GLOBAL_TIMEOUT_MS = 100_000;
const MAIL_TIMEOUT_MS = 15_000;

const SEED_NAME = 'Surya Ganguli';
const SEED_ID = 'R4';
const SLUG_SUFFIX = '-surya-ganguli';
const CLAIMANT = 'surya.claimant@example.org';
const MODERATOR = 'moderator@example.org';
const PASSWORD = 'lantern-orchid-7341';
const SMTP_USER = 'mailer';
const SMTP_PASSWORD = 'smtp-pw-7b1e';
const LINKS = [
  'https://example.org/ganguli/cv.pdf',
  'https://example.org/ganguli/staff-page',
];
const NOTE = 'My CV and my staff page list these papers as mine.';
const REASON = 'The CV and the staff page match the record.';

const BEFORE_TEXTS = ['Trust 21 - Emerging', 'Verification L1',
  'Unclaimed author', 'Log in to claim'];
const AFTER_TEXTS = ['Trust 51 - Established', 'Verification L3', 'Claimed',
  'This record is claimed by the researcher.'];
const AFTER_ABSENT = ['Unclaimed author', 'Log in to claim',
  'Claim this author entity first'];

const killer = startKiller(GLOBAL_TIMEOUT_MS);

const shoot = shooter('claim');

// --- mail --------------------------------------------------------------------------

/** A throw-away certificate for 127.0.0.1, for the receiver's STARTTLS. */
function makeCertificate(dir) {
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec',
    '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-keyout', key, '-out', cert, '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'],
  { stdio: ['ignore', 'ignore', 'pipe'] });
  return { cert, key };
}

/** The next message to `to` whose subject is `subject`, sent under TLS by
 * a client that logged in; stops when none comes. */
async function expectMail(box, to, subject) {
  let mail;
  try {
    mail = await box.next({ to, subject }, MAIL_TIMEOUT_MS);
  } catch (e) {
    stop(`mail: ${e.message}`);
  }
  const env = mail.envelope;
  if (!env || env.tls !== true || env.authenticated !== true)
    failures.push(`mail '${subject}': not sent under STARTTLS and AUTH: ${JSON.stringify(env)}`);
  return mail;
}

// --- the steps -----------------------------------------------------------------------

/** The profile, reached by its short path: the 301 to the slug, the texts. */
async function openProfile(page, label, base, want, absent) {
  const resp = await page.goto(`${base}/researchers/${SEED_ID}`, { waitUntil: 'load' });
  if (!resp || resp.status() !== 200)
    stop(`[${label}] the profile answered ${resp ? resp.status() : 'nothing'}`);
  if (!new URL(page.url()).pathname.endsWith(SLUG_SUFFIX))
    failures.push(`[${label}] the profile is at ${page.url()}, want a path ending in '${SLUG_SUFFIX}'`);
  await expectTexts(page, label, [SEED_NAME, ...want], absent);
}

async function logIn(page, label, email) {
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
}

/** Profile → "Log in to claim" → "Sign up" → the mailed link → log in. */
async function signUp(page, base, box, outDir) {
  const label = 'claimant';

  await openProfile(page, label, base, BEFORE_TEXTS);
  await shoot(page, outDir, 'profile-unclaimed');
  await page.getByRole('link', { name: 'Log in to claim' }).click();
  await expectPath(page, label, `/login?next=/researchers/${SEED_ID}/claim`);
  await expectTexts(page, label, ['Log in', 'Forgot your password?']);

  await page.locator('section.card').getByRole('link', { name: 'Sign up' }).click();
  await expectPath(page, label, '/signup?next=/researchers/R4/claim');
  await page.getByLabel('Email address').fill(CLAIMANT);
  await page.getByLabel('Password (at least 10 characters)').fill(PASSWORD);
  await shoot(page, outDir, 'signup');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await expectPath(page, label, '/login?done=signed-up&next=/researchers/R4/claim');
  await expectNotice(page, label, 'Check your inbox');

  const mail = await expectMail(box, CLAIMANT, 'Confirm your email address for bzpeer');
  if (!mail.link || !mail.link.startsWith(`${base}/account/verify?t=`))
    stop(`the confirmation mail's link is ${mail.link}, want ${base}/account/verify?t=...:\n${mail.text}`);
  await page.goto(mail.link, { waitUntil: 'load' });
  await expectPath(page, label, '/login?done=verified');
  await expectNotice(page, label, 'Your email address is confirmed.');

  await logIn(page, label, CLAIMANT);
  await expectPath(page, label, '/account');
  await expectTexts(page, label, [`Signed in as ${CLAIMANT}`,
    `Email address: ${CLAIMANT} (confirmed)`]);
}

/** Back on the profile, "Log in to claim" opens the form, signed in now. */
async function openClaimForm(page, label, base) {
  await openProfile(page, label, base, BEFORE_TEXTS);
  await page.getByRole('link', { name: 'Log in to claim' }).click();
  await expectPath(page, label, `/researchers/${SEED_ID}/claim`);
  await expectTexts(page, label, [`Claim ${SEED_NAME}`, `Signed in as ${CLAIMANT}`,
    'Documents for a moderator', 'Claim this record'],
  ['Confirm your email address first']);
}

/** Documents, two links and a note, sent (with JavaScript off). */
async function submitClaim(page, label, outDir) {
  await page.getByLabel('Documents for a moderator').check();
  await page.getByLabel('Links to documents (one per line)').fill(LINKS.join('\n'));
  await page.getByLabel('A note for the moderator').fill(NOTE);
  await shoot(page, outDir, 'claim-form-nojs');
  await page.getByRole('button', { name: 'Claim this record' }).click();
  await expectPath(page, label, `/researchers/${SEED_ID}/claim`);
  await expectNotice(page, label, 'Your claim waits for a moderator; you will hear by email.');
  await shoot(page, outDir, 'claim-sent-nojs');
}

/** The claim as /moderate lists it: one <li> with the claimant's address. */
function moderatedClaim(page, section) {
  return page.locator('h2', { hasText: section }).locator('xpath=following-sibling::ul[1]')
    .locator('li', { hasText: CLAIMANT });
}

async function moderate(page, base, srv, outDir) {
  const label = 'moderator';
  const add = await srv.bzpeer(['user', 'add', '--db', srv.db, '--role', 'moderator',
    '--password-stdin', MODERATOR], { input: PASSWORD + '\n' });
  if (add.code !== 0) stop(`bzpeer user add --role moderator: exit ${add.code}\n${add.stderr}`);

  await page.goto(`${base}/moderate`, { waitUntil: 'load' });
  await expectPath(page, label, '/login?next=/moderate');
  await logIn(page, label, MODERATOR);
  await expectPath(page, label, '/moderate');
  await expectTexts(page, label, ['Moderation', 'Claims waiting (1)', `Signed in as ${MODERATOR}`]);

  const claim = moderatedClaim(page, 'Claims waiting');
  if ((await claim.count()) !== 1)
    stop(`[${label}] 'Claims waiting' lists ${await claim.count()} claim(s) by ${CLAIMANT}, want 1`);
  const text = norm(await claim.textContent());
  for (const want of [`${CLAIMANT} claims ${SEED_NAME}: documents, pending`, ...LINKS, NOTE]) {
    if (!text.includes(want)) failures.push(`[${label}] the claim lacks '${want}': ${text}`);
  }
  if (!(await claim.locator(`a[href="/researchers/${SEED_ID}"]`).count()))
    failures.push(`[${label}] the claim does not link to /researchers/${SEED_ID}`);
  await shoot(page, outDir, 'moderate');

  await claim.getByLabel('Reason (shown to the claimant)').fill(REASON);
  const level = await claim.getByLabel('Level').inputValue();
  if (level !== '0') failures.push(`[${label}] the level select starts at '${level}', want '0' (as the evidence says)`);
  await claim.getByRole('button', { name: 'Approve' }).click();
  await expectPath(page, label, '/moderate?done=decided');
  await expectNotice(page, label, 'The claim is decided.');
  await expectTexts(page, label, ['Claims waiting (0)', 'Claims in force (1)']);
  const approved = moderatedClaim(page, 'Claims in force');
  if ((await approved.count()) !== 1) {
    failures.push(`[${label}] 'Claims in force' does not list the claim by ${CLAIMANT}`);
  } else {
    const t = norm(await approved.textContent());
    if (!t.includes('documents, approved')) failures.push(`[${label}] the claim in force says: ${t}`);
    if (!(await approved.getByRole('button', { name: 'Revoke' }).count()))
      failures.push(`[${label}] the claim in force has no Revoke button`);
  }
  await shoot(page, outDir, 'moderate-decided');
}

async function checkApi(base) {
  const url = `${base}/api/v1/researchers/${SEED_ID}`;
  const res = await fetch(url, { signal: AbortSignal.timeout(STEP_TIMEOUT_MS) });
  const text = await res.text();
  let body;
  try { body = JSON.parse(text); } catch { body = null; }
  if (res.status !== 200 || !body) {
    failures.push(`GET ${url}: HTTP ${res.status}: ${text.slice(0, 300)}`);
    return;
  }
  const got = { claimed: body.claimed, verification_level: body.verification_level,
    score: body.trust && body.trust.score };
  const want = { claimed: true, verification_level: 'L3', score: 51 };
  if (JSON.stringify(got) !== JSON.stringify(want))
    failures.push(`GET ${url}: ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
}

async function checkDecisionMail(box, base) {
  const mail = await expectMail(box, CLAIMANT, `Your claim of ${SEED_ID} was approved`);
  for (const want of ['The record is yours now, at verification level L3.',
    `Reason: ${REASON}`, `${base}/researchers/${SEED_ID}`]) {
    if (!mail.text.includes(want)) failures.push(`the decision mail lacks '${want}':\n${mail.text}`);
  }
}

// --- the run --------------------------------------------------------------------------

async function flow(browser, srv, box, outDir) {
  const base = srv.base;
  const origin = new URL(base).origin;

  const claimant = await newPage(browser, 'claimant', origin);
  await signUp(claimant.page, base, box, outDir);
  await openClaimForm(claimant.page, 'claimant', base);
  await shoot(claimant.page, outDir, 'claim-form');

  // the same session, with JavaScript off, sends the form
  const noJs = await newPage(browser, 'claimant, no JS', origin, {
    javaScriptEnabled: false, storageState: await claimant.context.storageState(),
  });
  await openClaimForm(noJs.page, 'claimant, no JS', base);
  await submitClaim(noJs.page, 'claimant, no JS', outDir);

  const mod = await newPage(browser, 'moderator', origin);
  await moderate(mod.page, base, srv, outDir);

  const fresh = await newPage(browser, 'visitor', origin);
  await openProfile(fresh.page, 'visitor', base, AFTER_TEXTS, AFTER_ABSENT);
  const badge = fresh.page.locator('.trust .badge', { hasText: /^Claimed$/ });
  if ((await badge.count()) !== 1) failures.push('[visitor] no "Claimed" badge in the trust snapshot');
  await shoot(fresh.page, outDir, 'profile-claimed');

  const freshNoJs = await newPage(browser, 'visitor, no JS', origin, { javaScriptEnabled: false });
  await openProfile(freshNoJs.page, 'visitor, no JS', base, AFTER_TEXTS, AFTER_ABSENT);
  await shoot(freshNoJs.page, outDir, 'profile-claimed-nojs');

  await openProfile(claimant.page, 'claimant', base, AFTER_TEXTS, AFTER_ABSENT);
  await shoot(claimant.page, outDir, 'profile-claimed-claimant');
  await claimant.page.goto(`${base}/account`, { waitUntil: 'load' });
  await expectTexts(claimant.page, 'claimant', [`You own the record ${SEED_ID}.`,
    `${SEED_NAME}, documents, approved (L3): ${REASON}`]);
  await shoot(claimant.page, outDir, 'account-approved');

  await checkApi(base);
  await checkDecisionMail(box, base);

  for (const c of [claimant, noJs, mod, fresh, freshNoJs]) await c.context.close();
}

/** Checks what the test needs; a missing piece is a failure. */
function prerequisites() {
  if (!fs.existsSync(CHROMIUM)) stop(`chromium not found at ${CHROMIUM} (apt-get install chromium)`);
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
  } catch {
    stop('openssl not found on PATH');
  }
}

async function main() {
  const outArg = process.argv[2];
  if (!outArg) stop('usage: node tests/browser/claim_flow.mjs OUT_DIR');
  const outDir = path.resolve(outArg);
  fs.mkdirSync(outDir, { recursive: true });
  prerequisites();

  const dir = makeTempDir('bzpeer-claim-flow-');
  let rx;
  let srv;
  let browser;
  try {
    const { cert, key } = makeCertificate(dir);
    rx = await startSmtpReceiver(path.join(dir, 'rx'), ['--cert', cert, '--key', key,
      '--require-tls', '--user', SMTP_USER, '--password', SMTP_PASSWORD]);
    srv = await startAccountServer({
      importFiles: [DEMO],
      env: {
        BZPEER_MAIL_HOST: '127.0.0.1', BZPEER_MAIL_PORT: String(rx.port),
        BZPEER_MAIL_TLS: 'starttls', BZPEER_MAIL_CA_FILE: cert,
        BZPEER_MAIL_USER: SMTP_USER, BZPEER_MAIL_PASSWORD: SMTP_PASSWORD,
      },
    });
    console.log(`browser: bzpeer at ${srv.base} (${BACKEND}), SMTP at 127.0.0.1:${rx.port}`);
    browser = await chromium.launch({
      executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 30_000,
    });
    await flow(browser, srv, mailbox(rx.folder, rx.messages), outDir);
    if (srv.logs().includes(SMTP_PASSWORD)) failures.push('the server logged the SMTP password');
    console.log(`browser: screenshots in ${outDir}`);
  } catch (e) {
    if (srv && !(e instanceof Stop)) failures.push(`server log:\n${srv.logs().slice(-4000)}`);
    throw e;
  } finally {
    if (browser) await browser.close().catch(() => {});
    if (srv) {
      await srv.stop().catch((e) => failures.push(`stopping bzpeer serve: ${e.message}`));
    }
    if (rx) rx.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main()
  .then(() => finish())
  .catch((e) => finish([e instanceof Stop ? e.message : `error: ${e && e.stack ? e.stack : e}`]))
  .finally(() => clearTimeout(killer));
