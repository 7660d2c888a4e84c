// Browser test of the social side of a profile, end to end: an account
// signs in, follows the seed's record from its profile with JavaScript on
// (static/follow.js: the button and the count change in place, with no
// page load), then with JavaScript off (a plain POST and the redirect back
// to the profile), and a work of the followed researcher imported
// afterwards shows up at the top of /feed. Then the record is claimed, the
// follower invites its owner from the profile, the owner accepts on
// /invitations, and the follower's message arrives in the conversation:
// unread on /conversations and marked new, then read once seen.
//
//   node tests/browser/social_flow.mjs OUT_DIR
//
// Runs a real `bzpeer serve` on the demo data (tests/integration/server.mjs:
// BZPEER, BZ_SOURCE_DIR, BZ_TEST_TMP and BZ_TEST_PG_URL_FILE as there) and
// drives Debian's chromium through playwright-core (tests/browser/kit.mjs).
// Each step is a function of its own, run in order by flow(); a later step
// can be added after the last. Screenshots go to OUT_DIR as
// social-BACKEND-NN-STEP.png. Prints `browser: 1 passed, 0 failed` on
// success, otherwise the reasons and `browser: 0 passed, 1 failed` with
// exit status 1.

import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startAccountServer, DEMO, BACKEND } from '../integration/server.mjs';
import {
  CHROMIUM, CHROMIUM_ARGS, STEP_TIMEOUT_MS, failures, finish, norm, Stop,
  stop, newPage, expectTexts, expectPath, expectNotice, shooter, startKiller,
} from './kit.mjs';

const GLOBAL_TIMEOUT_MS = 100_000;
const SEED_NAME = 'Surya Ganguli';
const SEED_ID = 'R4';
const PROFILE = '/researchers/R4-surya-ganguli';
const FOLLOWER = 'follower@example.org';
const PASSWORD = 'lantern-orchid-7341';
const NEW_TITLE = 'A new work by the followed researcher';

const killer = startKiller(GLOBAL_TIMEOUT_MS);

const shoot = shooter('social');

// --- reading the follow button ------------------------------------------------------

/** The profile's follow form: its label, count and pressed state. */
async function followButton(page) {
  const form = page.locator('form[data-follow]');
  if ((await form.count()) !== 1) stop(`${page.url()}: no follow form`);
  const button = form.locator('button');
  return {
    button,
    label: norm(await button.locator('.label').textContent()),
    count: Number(norm(await button.locator('.count').textContent())),
    pressed: await button.getAttribute('aria-pressed'),
    action: await form.getAttribute('action'),
  };
}

/** The button says label with count, pressed or not. */
async function expectButton(page, label, want) {
  const got = await followButton(page);
  const wanted = { label: want.label, count: want.count, pressed: want.pressed };
  const seen = { label: got.label, count: got.count, pressed: got.pressed };
  if (JSON.stringify(seen) !== JSON.stringify(wanted))
    failures.push(`[${label}] the follow button is ${JSON.stringify(seen)}, want ${JSON.stringify(wanted)}`);
  return got;
}

const FOLLOWING = { label: 'Unfollow researcher', count: 1, pressed: 'true' };
const NOT_FOLLOWING = { label: 'Follow researcher', count: 0, pressed: 'false' };

/** The API's follower count of the seed's record. */
async function apiFollowers(base) {
  const res = await fetch(`${base}/api/v1/researchers/${SEED_ID}`,
    { signal: AbortSignal.timeout(STEP_TIMEOUT_MS) });
  const body = await res.json();
  return body.counts.followers;
}

// --- the steps -------------------------------------------------------------------------

async function openProfile(page, label, base) {
  const resp = await page.goto(base + PROFILE, { waitUntil: 'load' });
  if (!resp || resp.status() !== 200)
    stop(`[${label}] the profile answered ${resp ? resp.status() : 'nothing'}`);
  await expectTexts(page, label, [SEED_NAME, 'Actions']);
}

/** An anonymous visitor's "Follow researcher" leads to log in; then back
 * to the follow page. */
async function signIn(page, label, base, outDir) {
  await openProfile(page, label, base);
  await page.locator('section.actions').getByRole('link', { name: /Follow researcher/ }).click();
  await expectPath(page, label, `/login?next=/researchers/${SEED_ID}/follow`);
  await page.getByLabel('Email address').fill(FOLLOWER);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await shoot(page, outDir, 'login');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expectPath(page, label, `/researchers/${SEED_ID}/follow`);
  await expectTexts(page, label, [`Follow ${SEED_NAME}`, `Signed in as ${FOLLOWER}`]);
}

/** With JavaScript on: a click follows, in place. */
async function followWithJavaScript(page, label, base, outDir) {
  await openProfile(page, label, base);
  await expectButton(page, label, NOT_FOLLOWING);
  await shoot(page, outDir, 'profile-js-before');
  // a page load would drop this mark
  await page.evaluate(() => { window.bzFollowMark = 'kept'; });
  const answer = page.waitForResponse((r) => r.url().endsWith(`/researchers/${SEED_ID}/follow`)
    && r.request().method() === 'POST');
  await (await followButton(page)).button.click();
  const res = await answer;
  if (!/^application\/json/.test(res.headers()['content-type'] ?? ''))
    failures.push(`[${label}] the follow POST answered ${res.headers()['content-type']}, want JSON`);
  await page.locator('form[data-follow] button[aria-pressed="true"]').waitFor();
  const got = await expectButton(page, label, FOLLOWING);
  if (got.action !== `/researchers/${SEED_ID}/unfollow`)
    failures.push(`[${label}] after following, the form posts to ${got.action}`);
  if (await page.evaluate(() => window.bzFollowMark) !== 'kept')
    failures.push(`[${label}] following loaded the page again`);
  if (new URL(page.url()).pathname !== PROFILE)
    failures.push(`[${label}] following moved the page to ${page.url()}`);
  if (await apiFollowers(base) !== 1) failures.push(`[${label}] the API does not count the follow`);
  await shoot(page, outDir, 'profile-js-following');

  // and back, in place too
  await got.button.click();
  await page.locator('form[data-follow] button[aria-pressed="false"]').waitFor();
  await expectButton(page, label, NOT_FOLLOWING);
  if (await page.evaluate(() => window.bzFollowMark) !== 'kept')
    failures.push(`[${label}] unfollowing loaded the page again`);
  if (await apiFollowers(base) !== 0) failures.push(`[${label}] the API still counts the follow`);
}

/** With JavaScript off: the plain form, posted, redirects back. */
async function followWithoutJavaScript(page, label, base, outDir) {
  await openProfile(page, label, base);
  await expectButton(page, label, NOT_FOLLOWING);
  await (await followButton(page)).button.click();
  await expectPath(page, label, PROFILE);
  await expectButton(page, label, FOLLOWING);
  await shoot(page, outDir, 'profile-nojs-following');
  if (await apiFollowers(base) !== 1) failures.push(`[${label}] the API does not count the follow`);
}

/** A work of the followed researcher, imported now, tops /feed. */
async function newWorkInFeed(page, label, srv, outDir) {
  const file = path.join(srv.dir, 'new-work.jsonl');
  fs.writeFileSync(file, JSON.stringify({
    id: 'https://openalex.org/W9200000001', title: NEW_TITLE, display_name: NEW_TITLE,
    publication_year: 2026, type: 'article', ids: { openalex: 'https://openalex.org/W9200000001' },
    authorships: [{
      author_position: 'first',
      author: { id: 'https://demo.bzpeer.invalid/A4', display_name: SEED_NAME, orcid: null },
      raw_author_name: SEED_NAME, institutions: [], raw_affiliation_strings: [],
    }],
    topics: [],
  }) + '\n');
  const r = await srv.bzpeer(['import', '--quiet', '--db', srv.db, file]);
  if (r.code !== 0) stop(`bzpeer import: exit ${r.code}\n${r.stderr}`);
  await page.goto(`${srv.base}/feed`, { waitUntil: 'load' });
  await expectPath(page, label, '/feed');
  await expectTexts(page, label, ['Your feed', NEW_TITLE]);
  const first = norm(await page.locator('article.work h3').first().textContent());
  if (first !== NEW_TITLE) failures.push(`[${label}] the feed starts with '${first}', want '${NEW_TITLE}'`);
  await shoot(page, outDir, 'feed');
}

// --- direct collaboration ---------------------------------------------------------

const OWNER = 'surya.owner@example.org';
const SUBJECT = 'Neural codes and language';
const INVITATION = 'Would you look at our recordings with us?';
const MESSAGE = 'Here is the data we spoke of.';

/** The seed's record, claimed now by OWNER (a claim by statement that a
 * command approves), takes invitations: the follower invites it from the
 * profile, choosing one of its topics. */
async function inviteFromProfile(page, label, srv, outDir) {
  const add = await srv.bzpeer(['user', 'add', '--db', srv.db, '--password-stdin', OWNER],
    { input: PASSWORD + '\n' });
  if (add.code !== 0) stop(`bzpeer user add: exit ${add.code}\n${add.stderr}`);
  const claim = await srv.bzpeer(['claims', 'add', '--db', srv.db, '--account', OWNER,
    '--evidence', 'statement', '--note', 'These are my papers.', SEED_ID]);
  const claimId = /C\d+/.exec(claim.stdout);
  if (claim.code !== 0 || !claimId) stop(`bzpeer claims add: exit ${claim.code}\n${claim.stderr}`);
  const approve = await srv.bzpeer(['claims', 'approve', '--db', srv.db, claimId[0]]);
  if (approve.code !== 0) stop(`bzpeer claims approve: exit ${approve.code}\n${approve.stderr}`);

  await openProfile(page, label, srv.base);
  await page.locator('section.identity').getByRole('link', { name: 'Invite to collaborate' }).click();
  await expectPath(page, label, `/researchers/${SEED_ID}/invite`);
  await expectTexts(page, label, [`Invite ${SEED_NAME} to collaborate`, `Signed in as ${FOLLOWER}`]);
  await page.getByLabel('Subject', { exact: true }).fill(SUBJECT);
  await page.getByLabel('Message', { exact: true }).fill(INVITATION);
  const topic = page.getByLabel('Topic (optional)');
  const topics = await topic.locator('option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
  if (topics.length === 0) failures.push(`[${label}] the invitation form offers none of the record's topics`);
  else await topic.selectOption(topics[0]);
  await shoot(page, outDir, 'invite');
  await page.getByRole('button', { name: 'Send the invitation' }).click();
  await expectPath(page, label, '/invitations?done=sent');
  await expectNotice(page, label, 'Your invitation is sent.');
  await expectTexts(page, label, [`To ${SEED_NAME}`, SUBJECT, 'pending', INVITATION]);
}

/** The owner logs in to /invitations and accepts: the conversation opens.
 * Returns its path. */
async function ownerAccepts(page, label, base, outDir) {
  await page.goto(`${base}/invitations`, { waitUntil: 'load' });
  await expectPath(page, label, '/login?next=/invitations');
  await page.getByLabel('Email address').fill(OWNER);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expectPath(page, label, '/invitations');
  const item = page.locator('#received li.invitation', { hasText: SUBJECT });
  if ((await item.count()) !== 1) stop(`[${label}] /invitations lists ${await item.count()} invitation(s) '${SUBJECT}', want 1`);
  const text = norm(await item.textContent());
  for (const want of [`From ${FOLLOWER}`, 'pending', INVITATION])
    if (!text.includes(want)) failures.push(`[${label}] the invitation lacks '${want}': ${text}`);
  await shoot(page, outDir, 'invitation-received');
  await item.getByRole('button', { name: 'Accept', exact: true }).click();
  await expectPath(page, label, /^\/conversations\/\d+$/);
  await expectTexts(page, label, [SUBJECT, INVITATION, 'Messages (0)']);
  return new URL(page.url()).pathname;
}

/** The follower writes; the owner's list counts it unread, the
 * conversation shows it new, and once seen it is read. */
async function messageArrives(follower, owner, base, conversation, outDir) {
  await follower.goto(base + conversation, { waitUntil: 'load' });
  await follower.getByLabel('Your message', { exact: true }).fill(MESSAGE);
  await follower.getByRole('button', { name: 'Send', exact: true }).click();
  await expectPath(follower, 'follower', conversation);
  await expectTexts(follower, 'follower', [MESSAGE, 'Messages (1)']);
  if (await follower.locator('li.message.unread').count())
    failures.push('[follower] their own message shows as unread to them');

  const entry = () => owner.locator('ul.conversations li', { hasText: SUBJECT });
  await owner.goto(`${base}/conversations`, { waitUntil: 'load' });
  if (!norm(await entry().textContent()).includes('1 unread'))
    failures.push(`[owner] /conversations says '${norm(await entry().textContent())}', want '1 unread'`);
  await shoot(owner, outDir, 'conversations-unread');
  await entry().getByRole('link', { name: SUBJECT }).click();
  await expectPath(owner, 'owner', conversation);
  const message = owner.locator('li.message', { hasText: MESSAGE });
  if ((await message.count()) !== 1) stop(`[owner] the conversation does not show '${MESSAGE}'`);
  if (!/\bunread\b/.test(await message.getAttribute('class')))
    failures.push('[owner] the new message is not marked unread');
  await expectTexts(owner, 'owner', [`${FOLLOWER}`, 'new']);
  await shoot(owner, outDir, 'conversation-new-message');

  await owner.goto(`${base}/conversations`, { waitUntil: 'load' });
  if (norm(await entry().textContent()).includes('unread'))
    failures.push(`[owner] once seen, /conversations still says '${norm(await entry().textContent())}'`);
  await owner.goto(base + conversation, { waitUntil: 'load' });
  if (await owner.locator('li.message.unread').count())
    failures.push('[owner] once seen, the message still shows as unread');
  await owner.goto(`${base}/account`, { waitUntil: 'load' });
  await expectTexts(owner, 'owner', ['Conversations: 0 unread']);
  await shoot(owner, outDir, 'conversation-read');
}

// --- the run ------------------------------------------------------------------------------

async function flow(browser, srv, outDir) {
  const base = srv.base;
  const origin = new URL(base).origin;

  const js = await newPage(browser, 'follower', origin);
  await signIn(js.page, 'follower', base, outDir);
  await followWithJavaScript(js.page, 'follower', base, outDir);

  // the same session, with JavaScript off
  const noJs = await newPage(browser, 'follower, no JS', origin, {
    javaScriptEnabled: false, storageState: await js.context.storageState(),
  });
  await followWithoutJavaScript(noJs.page, 'follower, no JS', base, outDir);
  await newWorkInFeed(js.page, 'follower', srv, outDir);

  // direct collaboration: the record is claimed, the follower invites it
  await inviteFromProfile(js.page, 'follower', srv, outDir);
  const owner = await newPage(browser, 'owner', origin);
  const conversation = await ownerAccepts(owner.page, 'owner', base, outDir);
  await messageArrives(js.page, owner.page, base, conversation, outDir);

  for (const c of [js, noJs, owner]) await c.context.close();
}

async function main() {
  const outArg = process.argv[2];
  if (!outArg) stop('usage: node tests/browser/social_flow.mjs OUT_DIR');
  const outDir = path.resolve(outArg);
  fs.mkdirSync(outDir, { recursive: true });
  if (!fs.existsSync(CHROMIUM)) stop(`chromium not found at ${CHROMIUM} (apt-get install chromium)`);

  let srv;
  let browser;
  try {
    srv = await startAccountServer({ importFiles: [DEMO] });
    const add = await srv.bzpeer(['user', 'add', '--db', srv.db, '--password-stdin', FOLLOWER],
      { input: PASSWORD + '\n' });
    if (add.code !== 0) stop(`bzpeer user add: exit ${add.code}\n${add.stderr}`);
    console.log(`browser: bzpeer at ${srv.base} (${BACKEND})`);
    browser = await chromium.launch({
      executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 30_000,
    });
    await flow(browser, srv, outDir);
    console.log(`browser: screenshots in ${outDir}`);
  } catch (e) {
    if (srv && !(e instanceof Stop)) failures.push(`server log:\n${srv.logs().slice(-4000)}`);
    throw e;
  } finally {
    if (browser) await browser.close().catch(() => {});
    if (srv) await srv.stop().catch((e) => failures.push(`stopping bzpeer serve: ${e.message}`));
  }
}

main()
  .then(() => finish())
  .catch((e) => finish([e instanceof Stop ? e.message : `error: ${e && e.stack ? e.stack : e}`]))
  .finally(() => clearTimeout(killer));
