// Browser smoke test of a bzpeer researcher profile page.
//
//   node tests/browser/profile_smoke.mjs BASE_URL OUT_DIR
//
// BASE_URL is a running bzpeer server with the demo data loaded
// (e.g. http://127.0.0.1:34567). OUT_DIR receives profile.png (and
// profile-nojs.png). Uses playwright-core (devDependency, `npm ci` at the
// repository root) with Debian's chromium; no browser is downloaded.
// Prints `browser: 1 passed, 0 failed` on success, otherwise the reasons and
// `browser: 0 passed, 1 failed` with exit status 1.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, STEP_TIMEOUT_MS } from './kit.mjs';

const GLOBAL_TIMEOUT_MS = 60_000;

const EXPECTED_NAME = 'Surya Ganguli';
const EXPECTED_SLUG_SUFFIX = '-surya-ganguli';
const EXPECTED_TEXTS = [
  'Surya Ganguli',
  'Trust 21 - Emerging',
  'Verification L1',
  'Unclaimed author',
  '7 published item(s)',
  'Log in to claim',
  'Claim this author entity first to unlock direct invitations.',
];

let finished = false;

function finish(failures) {
  if (finished) return;
  finished = true;
  if (failures.length === 0) {
    console.log('browser: 1 passed, 0 failed');
    process.exitCode = 0;
  } else {
    for (const f of failures) console.log(`FAIL: ${f}`);
    console.log('browser: 0 passed, 1 failed');
    process.exitCode = 1;
  }
}

const killer = setTimeout(() => {
  finish([...failures, ...problems, `global timeout of ${GLOBAL_TIMEOUT_MS / 1000} s exceeded`]);
  // playwright kills the chromium it launched when node exits.
  process.exit(1);
}, GLOBAL_TIMEOUT_MS);

const pathOf = (u, origin) => {
  try { return new URL(u, origin).pathname; } catch { return ''; }
};
const norm = (s) => String(s ?? '').replace(/\s+/g, ' ').trim();

// Records console errors, page errors, failed and >= 400 same-origin requests.
function watch(page, label, origin, problems) {
  const sameOrigin = (u) => {
    try { return new URL(u).origin === origin; } catch { return false; }
  };
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      const loc = msg.location();
      const where = loc && loc.url ? ` (${loc.url}:${loc.lineNumber})` : '';
      const hint = loc && loc.url && pathOf(loc.url, origin) === '/favicon.ico'
        ? ' [the browser asks for /favicon.ico: serve one, or put <link rel="icon" href="data:,"> in the page head]'
        : '';
      problems.push(`[${label}] console error: ${msg.text()}${where}${hint}`);
    }
  });
  page.on('pageerror', (err) => {
    problems.push(`[${label}] page error: ${err && err.stack ? err.stack : err}`);
  });
  page.on('requestfailed', (req) => {
    if (sameOrigin(req.url())) {
      const why = req.failure() ? req.failure().errorText : 'unknown';
      // cancelled by the browser on navigating away: not the server's fault
      if (why === 'net::ERR_ABORTED' && req.resourceType() !== 'document') return;
      problems.push(`[${label}] request failed: ${req.method()} ${req.url()}: ${why}`);
    }
  });
  page.on('response', (res) => {
    if (res.status() >= 400 && sameOrigin(res.url())) {
      problems.push(`[${label}] HTTP ${res.status()} for ${res.request().method()} ${res.url()}`);
    }
  });
}

// Opens the profile, checks final URL and the expected texts. Returns the page.
async function openProfile(context, label, profileUrl, origin, problems, failures) {
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  watch(page, label, origin, problems);

  const resp = await page.goto(profileUrl, { waitUntil: 'load', timeout: 20_000 });
  // Let late same-origin requests (scripts, data) finish so their errors count.
  await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => {});

  if (!resp) {
    failures.push(`[${label}] no response for ${profileUrl}`);
  } else if (resp.status() !== 200) {
    failures.push(`[${label}] ${page.url()} answered HTTP ${resp.status()}, want 200`);
  }
  const finalUrl = page.url();
  if (!new URL(finalUrl).pathname.endsWith(EXPECTED_SLUG_SUFFIX)) {
    failures.push(`[${label}] ${profileUrl} ended at ${finalUrl}, want a path ending in '${EXPECTED_SLUG_SUFFIX}' (301 to the canonical URL)`);
  }

  // h1 with the researcher's name, visible.
  const h1Texts = (await page.locator('h1').allTextContents()).map(norm);
  const h1 = page.locator('h1', { hasText: EXPECTED_NAME }).first();
  if (!h1Texts.some((t) => t.includes(EXPECTED_NAME))) {
    failures.push(`[${label}] no h1 contains '${EXPECTED_NAME}' (h1s: ${JSON.stringify(h1Texts)})`);
  } else if (!(await h1.isVisible())) {
    failures.push(`[${label}] the h1 '${EXPECTED_NAME}' is not visible`);
  }

  // Each text: exactly in the document text, and rendered (innerText; compared
  // case-insensitively there so a CSS text-transform does not matter).
  const { inner, content } = await page.evaluate(() => ({
    inner: document.body ? document.body.innerText : '',
    content: document.body ? document.body.textContent : '',
  }));
  const innerN = norm(inner);
  const contentN = norm(content);
  let missing = false;
  for (const t of EXPECTED_TEXTS) {
    if (!contentN.includes(t)) {
      failures.push(`[${label}] text not found: '${t}'`);
      missing = true;
    } else if (!innerN.toLowerCase().includes(t.toLowerCase())) {
      failures.push(`[${label}] text present but not visible (hidden?): '${t}'`);
      missing = true;
    }
  }
  if (missing) {
    failures.push(`[${label}] rendered page text was:\n${inner.slice(0, 3000)}`);
  }
  return page;
}

// Collected across steps so that a step that throws keeps earlier findings.
const failures = [];
const problems = [];

async function main() {
  const [baseArg, outArg] = process.argv.slice(2);
  if (!baseArg || !outArg) {
    return ['usage: node tests/browser/profile_smoke.mjs BASE_URL OUT_DIR'];
  }
  const base = baseArg.replace(/\/+$/, '');
  let origin;
  try {
    origin = new URL(base).origin;
  } catch {
    return [`BASE_URL is not a URL: ${baseArg}`];
  }
  const outDir = path.resolve(outArg);
  fs.mkdirSync(outDir, { recursive: true });

  // 1. Find the researcher id through the API.
  const apiUrl = `${base}/api/v1/researchers?q=ganguli`;
  let body;
  try {
    const r = await fetch(apiUrl, { signal: AbortSignal.timeout(STEP_TIMEOUT_MS) });
    const text = await r.text();
    if (!r.ok) return [`GET ${apiUrl} answered HTTP ${r.status}: ${text.slice(0, 500)}`];
    try {
      body = JSON.parse(text);
    } catch {
      return [`GET ${apiUrl} did not answer JSON: ${text.slice(0, 500)}`];
    }
  } catch (e) {
    return [`GET ${apiUrl} failed: ${e && e.cause ? e.cause : e}`];
  }
  const results = body && Array.isArray(body.results) ? body.results : null;
  if (!results) return [`GET ${apiUrl}: no "results" array in ${JSON.stringify(body).slice(0, 500)}`];
  const hit = results.find((x) => x && x.display_name === EXPECTED_NAME);
  if (!hit || hit.id === undefined || hit.id === null || hit.id === '') {
    return [`GET ${apiUrl}: no result with display_name '${EXPECTED_NAME}' and an id (got ${JSON.stringify(results).slice(0, 500)})`];
  }
  const profileUrl = `${base}/researchers/${encodeURIComponent(String(hit.id))}`;
  console.log(`browser: researcher ${hit.id}, opening ${profileUrl}`);

  // 2. The browser.
  if (!fs.existsSync(CHROMIUM)) return [`chromium not found at ${CHROMIUM}`];
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 30_000,
  });
  try {
    // 2a. With JavaScript.
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await openProfile(ctx, 'js', profileUrl, origin, problems, failures);

    // Stylesheet loaded and applied.
    const css = await page.evaluate(() => {
      const sheets = Array.from(document.styleSheets).map((s) => {
        let rules = -1;
        try { rules = s.cssRules.length; } catch { /* cross-origin */ }
        return { href: s.href, rules };
      });
      const cs = getComputedStyle(document.body);
      return { sheets, fontFamily: cs.fontFamily, margin: cs.margin };
    });
    const blank = await ctx.newPage();
    await blank.setContent('<!doctype html><html><head></head><body></body></html>');
    const dflt = await blank.evaluate(() => {
      const cs = getComputedStyle(document.body);
      return { fontFamily: cs.fontFamily, margin: cs.margin };
    });
    await blank.close();
    if (css.sheets.length < 1) {
      failures.push('[js] document.styleSheets is empty: no stylesheet loaded (want /static/style.css)');
    } else if (!css.sheets.some((s) => s.rules > 0)) {
      failures.push(`[js] no stylesheet has rules: ${JSON.stringify(css.sheets)}`);
    }
    if (css.fontFamily === dflt.fontFamily && css.margin === dflt.margin) {
      failures.push(`[js] body style is the browser default (font-family ${css.fontFamily}, margin ${css.margin}): stylesheet not applied`);
    }
    await page.screenshot({ path: path.join(outDir, 'profile.png'), fullPage: true });

    // 2b. Without JavaScript: the page must be readable as served.
    const ctxNoJs = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false });
    const pageNoJs = await openProfile(ctxNoJs, 'no-js', profileUrl, origin, problems, failures);
    // The research map is drawn on the server: there, and linked, as served.
    const map = pageNoJs.locator('svg.graph-map');
    if ((await map.count()) !== 1 || !(await map.isVisible())) {
      failures.push('[no-js] no visible research map (svg.graph-map)');
    } else {
      const box = await map.boundingBox();
      const nodes = await map.locator('a[href^="/"]').count();
      if (!box || box.width < 300 || box.height < 150) failures.push(`[no-js] the research map is ${JSON.stringify(box)}`);
      if (nodes < 10) failures.push(`[no-js] the research map has ${nodes} linked nodes`);
    }
    await pageNoJs.screenshot({ path: path.join(outDir, 'profile-nojs.png'), fullPage: true });

    await ctx.close();
    await ctxNoJs.close();
  } finally {
    await browser.close().catch(() => {});
  }

  console.log(`browser: screenshots in ${outDir}`);
  return [];
}

main()
  .then((early) => finish([...early, ...failures, ...problems]))
  .catch((e) => finish([...failures, ...problems, `error: ${e && e.stack ? e.stack : e}`]))
  .finally(() => clearTimeout(killer));
