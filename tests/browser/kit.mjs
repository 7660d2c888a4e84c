// kit.mjs - what the browser tests share: Debian's chromium through
// playwright-core, failures collected across steps (a step that throws
// keeps what came before), watching a page for console errors and failed
// or >= 400 same-origin requests, and expectations on a page's texts and
// address. Each test is one process: the lists below are its own.

import path from 'node:path';
import { BACKEND } from '../integration/server.mjs';

export const CHROMIUM = process.env.BZPEER_CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const STEP_TIMEOUT_MS = 15_000;

// Collected across steps, so that a step that throws keeps what came before.
export const failures = [];
export const problems = [];
let finished = false;

export function finish(extra = []) {
  if (finished) return;
  finished = true;
  const all = [...failures, ...problems, ...extra];
  if (all.length === 0) {
    console.log('browser: 1 passed, 0 failed');
    process.exitCode = 0;
  } else {
    for (const f of all) console.log(`FAIL: ${f}`);
    console.log('browser: 0 passed, 1 failed');
    process.exitCode = 1;
  }
}

/** Ends the test after ms, failed, whatever it is doing. */
export function startKiller(ms) {
  return setTimeout(() => {
    finish([`global timeout of ${ms / 1000} s exceeded`]);
    process.exit(1); // playwright ends the chromium it launched
  }, ms);
}

export const norm = (s) => String(s ?? '').replace(/\s+/g, ' ').trim();

/** Stops the test: a step that cannot go on. */
export class Stop extends Error {}
export function stop(message) {
  throw new Stop(message);
}

// --- the browser ---------------------------------------------------------------

/** Records console errors, page errors, failed and >= 400 requests. */
export function watch(page, label, origin) {
  const sameOrigin = (u) => {
    try { return new URL(u).origin === origin; } catch { return false; }
  };
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const loc = msg.location();
    const where = loc && loc.url ? ` (${loc.url}:${loc.lineNumber})` : '';
    problems.push(`[${label}] console error: ${msg.text()}${where}`);
  });
  page.on('pageerror', (e) => {
    problems.push(`[${label}] page error: ${e && e.stack ? e.stack : e}`);
  });
  page.on('requestfailed', (req) => {
    if (!sameOrigin(req.url())) return;
    const why = req.failure() ? req.failure().errorText : 'unknown';
    // a subresource (the icon) still loading when a click navigates away
    // is cancelled by the browser itself: no fault of the server's
    if (why === 'net::ERR_ABORTED' && req.resourceType() !== 'document') return;
    problems.push(`[${label}] request failed: ${req.method()} ${req.url()}: ${why}`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400 && sameOrigin(res.url()))
      problems.push(`[${label}] HTTP ${res.status()} for ${res.request().method()} ${res.url()}`);
  });
}

export async function newPage(browser, label, origin, options = {}) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 }, ...options,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  watch(page, label, origin);
  return { context, page };
}

/** The page's text as rendered (innerText) and as served (textContent). */
export async function textOf(page) {
  const { inner, content } = await page.evaluate(() => ({
    inner: document.body ? document.body.innerText : '',
    content: document.body ? document.body.textContent : '',
  }));
  return { inner: norm(inner), content: norm(content) };
}

/** Each of `want` is on the page and visible; none of `absent` is there. */
export async function expectTexts(page, label, want, absent = []) {
  const { inner, content } = await textOf(page);
  let bad = false;
  for (const t of want) {
    if (!content.includes(t)) {
      failures.push(`[${label}] ${page.url()}: text not found: '${t}'`);
      bad = true;
    } else if (!inner.toLowerCase().includes(t.toLowerCase())) {
      failures.push(`[${label}] ${page.url()}: text present but not visible: '${t}'`);
      bad = true;
    }
  }
  for (const t of absent) {
    if (content.includes(t)) {
      failures.push(`[${label}] ${page.url()}: text should be gone: '${t}'`);
      bad = true;
    }
  }
  if (bad) failures.push(`[${label}] the page said:\n${inner.slice(0, 2500)}`);
  return !bad;
}

/** Waits until the page's path (and query) is `want`, or stops. */
export async function expectPath(page, label, want) {
  const at = () => { const u = new URL(page.url()); return u.pathname + u.search; };
  const match = typeof want === 'string' ? (p) => p === want : (p) => want.test(p);
  try {
    await page.waitForURL((u) => match(u.pathname + u.search), { timeout: STEP_TIMEOUT_MS });
  } catch {
    const { inner } = await textOf(page).catch(() => ({ inner: '' }));
    stop(`[${label}] at ${at()}, want ${want}; the page said:\n${inner.slice(0, 1500)}`);
  }
  await page.waitForLoadState('load');
}

export async function expectNotice(page, label, want) {
  const notice = page.locator('p.notice');
  try {
    await notice.first().waitFor({ state: 'visible' });
  } catch {
    const { inner } = await textOf(page);
    stop(`[${label}] ${page.url()}: no notice, want '${want}'; the page said:\n${inner.slice(0, 1500)}`);
  }
  const text = norm(await notice.first().textContent());
  if (!text.includes(want)) failures.push(`[${label}] notice '${text}', want '${want}'`);
  const problem = page.locator('p.problem[role="alert"]');
  if (await problem.count())
    failures.push(`[${label}] ${page.url()} shows a problem: '${norm(await problem.first().textContent())}'`);
}

/** A screenshot taker for one test: files PREFIX-BACKEND-NN-NAME.png. */
export function shooter(prefix) {
  let shots = 0;
  return async (page, outDir, name) => {
    shots += 1;
    const file = `${prefix}-${BACKEND}-${String(shots).padStart(2, '0')}-${name}.png`;
    await page.screenshot({ path: path.join(outDir, file), fullPage: true });
  };
}
