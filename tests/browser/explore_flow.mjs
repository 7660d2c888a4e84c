// Browser test of the full explorer (/explore) on the demo data, with one
// fixture work of a co-author's so that an expansion has nodes to add
// (tests/fixtures/explore/README.md): the seed's graph is drawn by
// cytoscape served by bzpeer itself, a node expands in place, a kind
// filter, a year and the search change the view, the side panel shows a
// node's summary, and the shared address, reloaded, shows the same view;
// with JavaScript off the page is a list of links that its form filters.
//
//   node tests/browser/explore_flow.mjs OUT_DIR
//
// Runs a real `bzpeer serve` (tests/integration/server.mjs: BZPEER,
// BZ_SOURCE_DIR, BZ_TEST_TMP and BZ_TEST_PG_URL_FILE as there) and drives
// Debian's chromium through playwright-core. Every request that leaves the
// server's origin is refused and counted as a failure: nothing is fetched
// from elsewhere. Screenshots go to OUT_DIR as explore-BACKEND-NN-STEP.png.
// Prints `browser: 1 passed, 0 failed` on success, otherwise the reasons
// and `browser: 0 passed, 1 failed` with exit status 1.

import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer, BACKEND, DEMO, SOURCE_DIR } from '../integration/server.mjs';
import {
  CHROMIUM, CHROMIUM_ARGS, failures, finish, startKiller, Stop, stop, newPage, shooter,
} from './kit.mjs';

const CENTER = 'R4';
const CENTER_NAME = 'Surya Ganguli';
// a co-author's work without the seed, so that expanding brings new nodes
// (tests/fixtures/explore/README.md)
const FIXTURE = path.join(SOURCE_DIR, 'tests', 'fixtures', 'explore', 'coauthor-work.jsonl');

function check(ok, message) {
  if (!ok) failures.push(message);
  return ok;
}

const killer = startKiller(100_000);
const shot = shooter('explore');

/** A page (kit.mjs watches it) from which every request that leaves the
 * server's origin is refused and counted as a failure. */
async function openPage(browser, origin, label, options = {}) {
  const opened = await newPage(browser, label, origin, options);
  await opened.context.route('**/*', (route) => {
    const url = route.request().url();
    if (new URL(url).origin === origin) return route.continue();
    failures.push(`[${label}] a request left the server: ${url}`);
    return route.abort();
  });
  return opened;
}

/** Waits for the graph to be drawn, then reads it through cytoscape. */
async function graphOf(page, label) {
  try {
    await page.waitForSelector('#explore-graph[data-ready="true"]');
  } catch {
    stop(`[${label}] the graph was not drawn; status: ` +
      `'${await page.locator('#explore-status').textContent().catch(() => '')}'`);
  }
  return page.evaluate(() => {
    const box = document.getElementById('explore-graph');
    const cy = box._cyreg && box._cyreg.cy;
    if (!cy) return null;
    const nodes = cy.nodes().map((n) => ({
      id: n.id(), kind: n.data('kind'), label: n.data('label'), year: n.data('year'),
      shown: n.visible(), match: n.hasClass('match'),
    }));
    return { nodes, edges: cy.edges().length, selected: cy.nodes(':selected').map((n) => n.id()) };
  });
}

/** Clicks node id where cytoscape draws it, as a person would. */
async function clickNode(page, id) {
  const at = await page.evaluate((nodeId) => {
    const box = document.getElementById('explore-graph');
    const cy = box._cyreg.cy;
    const node = cy.getElementById(nodeId);
    cy.center(node);
    const p = node.renderedPosition();
    const r = box.getBoundingClientRect();
    return { x: r.left + p.x, y: r.top + p.y };
  }, id);
  await page.mouse.click(at.x, at.y);
}

async function waitPanel(page, label, id) {
  try {
    await page.waitForSelector(`#explore-panel[data-node="${id}"]`);
  } catch {
    stop(`[${label}] the side panel did not show ${id}`);
  }
}

/** A node of the centre's slice whose own slice brings nodes that are not
 * in the centre's: the one to expand. */
async function nodeToExpand(base) {
  const get = async (id) => (await fetch(`${base}/api/v1/graph?center=${id}&depth=1`)).json();
  const center = await get(CENTER);
  const have = new Set(center.nodes.map((n) => n.id));
  for (const n of center.nodes) {
    if (n.id === CENTER) continue;
    const slice = await get(n.id);
    const fresh = slice.nodes.filter((m) => !have.has(m.id));
    if (fresh.length) return { id: n.id, fresh: fresh.map((m) => m.id), center };
  }
  return stop('no node near the centre has neighbours of its own to add');
}

async function scripted(browser, base, outDir) {
  const { context, page } = await openPage(browser, base, 'js');
  const pick = await nodeToExpand(base);
  await page.goto(`${base}/explore?center=${CENTER}`);
  check((await page.title()).includes(CENTER_NAME), `title '${await page.title()}'`);
  const first = await graphOf(page, 'load');
  if (!first) stop('cytoscape is not on the graph container');
  check(first.nodes.length === pick.center.nodes.length,
    `drawn ${first.nodes.length} nodes, the API has ${pick.center.nodes.length}`);
  check(await page.locator('#explore-list').isHidden(), 'the text list is still shown under the graph');
  const cyto = await page.evaluate(() => [...document.scripts].map((s) => s.src));
  check(cyto.some((s) => new URL(s).pathname === '/static/vendor/cytoscape.min.js'),
    `cytoscape not loaded from /static/vendor: ${cyto.join(' ')}`);
  await shot(page, outDir, 'loaded');

  // expand a node: select it on the canvas, then the panel's Expand
  await clickNode(page, pick.id);
  await waitPanel(page, 'expand', pick.id);
  await page.click('#explore-expand');
  await page.waitForFunction((n) => Number(document.getElementById('explore-graph')
    .getAttribute('data-nodes')) > n, first.nodes.length).catch(() => {});
  const grown = await graphOf(page, 'expanded');
  const ids = new Set(grown.nodes.map((n) => n.id));
  check(pick.fresh.every((id) => ids.has(id)),
    `expanding ${pick.id} did not add ${pick.fresh.filter((id) => !ids.has(id)).join(',')}`);
  check(new URL(page.url()).searchParams.get('expand') === pick.id,
    `the address after expanding: ${page.url()}`);
  await shot(page, outDir, 'expanded');

  // a kind filter: papers off hides every work
  await page.uncheck('input[name="kinds"][value="work"]');
  let view = await graphOf(page, 'kinds');
  const works = view.nodes.filter((n) => n.kind === 'work');
  check(works.length > 0 && works.every((n) => !n.shown), 'papers still shown with Papers off');
  check(view.nodes.some((n) => n.kind !== 'work' && n.shown), 'nothing left shown with Papers off');
  check(new URL(page.url()).searchParams.get('kinds') === 'researcher,topic,institution',
    `the address after the kind filter: ${page.url()}`);
  await page.check('input[name="kinds"][value="work"]');

  // a year range: only papers from the newest year stay
  const years = view.nodes.filter((n) => n.year).map((n) => n.year);
  const newest = Math.max(...years);
  await page.fill('#explore-from', String(newest));
  await page.dispatchEvent('#explore-from', 'change');
  view = await graphOf(page, 'years');
  check(view.nodes.filter((n) => n.kind === 'work').every((n) => n.shown === (n.year >= newest)),
    `from=${newest} left older papers, or hid newer ones`);

  // the search: a co-author's surname marks that node
  const someone = view.nodes.find((n) => n.kind === 'researcher' && n.id !== CENTER);
  if (!someone) stop('no co-author in the graph to search for');
  const word = someone.label.split(/\s+/).pop();
  await page.fill('#explore-q', word);
  view = await graphOf(page, 'search');
  check(view.nodes.some((n) => n.id === someone.id && n.match), `'${word}' did not mark ${someone.id}`);
  check(view.nodes.every((n) => !n.match || n.label.toLowerCase().includes(word.toLowerCase())),
    `'${word}' marked a node whose label lacks it`);
  check(new URL(page.url()).searchParams.get('q') === word, `the address after the search: ${page.url()}`);

  // the side panel of a topic: its record from the API
  const topic = view.nodes.find((n) => n.kind === 'topic' && n.shown);
  if (topic) {
    await clickNode(page, topic.id);
    await waitPanel(page, 'topic panel', topic.id);
    await page.waitForSelector('#explore-panel .explore-facts');
    const text = (await page.locator('#explore-panel').innerText()).replace(/\s+/g, ' ');
    check(text.includes(topic.label) && /Works \d+/.test(text) && text.includes('Scheme'),
      `the topic's panel: ${text}`);
  } else {
    failures.push('no topic shown to open in the side panel');
  }

  // the side panel: the researcher's summary from the API, without leaving
  const before = page.url();
  await clickNode(page, someone.id);
  await waitPanel(page, 'panel', someone.id);
  await page.waitForSelector('#explore-panel .explore-facts');
  const panel = (await page.locator('#explore-panel').innerText()).replace(/\s+/g, ' ');
  check(panel.includes(someone.label), `the panel lacks the name '${someone.label}': ${panel}`);
  check(/Trust \d+ - \w+/.test(panel) && panel.includes('Verification'), `no trust in the panel: ${panel}`);
  check(new URL(page.url()).pathname === '/explore', `the panel left the page: ${page.url()}`);
  check(new URL(page.url()).searchParams.get('sel') === someone.id, `sel not kept: ${page.url()} (was ${before})`);
  await shot(page, outDir, 'panel');
  const shared = page.url();
  const saw = await graphOf(page, 'before reload');
  await context.close();

  // the shared address in a new browser: the same view
  const again = await openPage(browser, base, 'reload');
  await again.page.goto(shared);
  const back = await graphOf(again.page, 'reload');
  const key = (g) => JSON.stringify(g.nodes.map((n) => [n.id, n.shown, n.match]).sort());
  check(key(back) === key(saw), 'the shared address shows other nodes, filters or matches');
  check(back.edges === saw.edges, `edges ${back.edges} after reload, ${saw.edges} before`);
  check(JSON.stringify(back.selected) === JSON.stringify([someone.id]), `selected after reload: ${back.selected}`);
  await waitPanel(again.page, 'reload', someone.id);
  check(await again.page.inputValue('#explore-q') === word, 'the search box lost its text');
  check(await again.page.inputValue('#explore-from') === String(newest), 'the year lost its value');
  await shot(again.page, outDir, 'reloaded');
  await again.context.close();
}

async function unscripted(browser, base, outDir) {
  const { context, page } = await openPage(browser, base, 'nojs', { javaScriptEnabled: false });
  await page.goto(`${base}/explore?center=${CENTER}`);
  const center = await (await fetch(`${base}/api/v1/graph?center=${CENTER}&depth=1`)).json();
  const links = await page.locator('#explore-list li > a:first-child').count();
  check(links === center.nodes.length - 1, `no-JS list has ${links} links, the graph ${center.nodes.length - 1} nodes`);
  check(await page.locator('#explore-list h3', { hasText: 'Papers' }).count() === 1, 'no Papers in the list');
  await shot(page, outDir, 'nojs');
  await page.uncheck('input[name="kinds"][value="work"]');
  await Promise.all([page.waitForNavigation(), page.click('#explore-form button[type="submit"]')]);
  check(new URL(page.url()).searchParams.getAll('kinds').join(',') === 'researcher,topic,institution',
    `the form sent ${page.url()}`);
  check(await page.locator('#explore-list h3', { hasText: 'Papers' }).count() === 0,
    'Papers still listed with Papers off');
  await context.close();
}

async function main() {
  const outDir = process.argv[2];
  if (!outDir) stop('usage: node explore_flow.mjs OUT_DIR');
  fs.mkdirSync(outDir, { recursive: true });
  const srv = await startServer({ importFiles: [DEMO, FIXTURE] });
  let browser;
  try {
    console.log(`browser: bzpeer at ${srv.base} (${BACKEND})`);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true,
      args: CHROMIUM_ARGS, timeout: 30_000 });
    await scripted(browser, srv.base, outDir);
    await unscripted(browser, srv.base, outDir);
  } catch (e) {
    if (!(e instanceof Stop)) failures.push(`server log:\n${srv.logs().slice(-3000)}`);
    throw e;
  } finally {
    if (browser) await browser.close().catch(() => {});
    await srv.stop().catch((e) => failures.push(`stopping bzpeer serve: ${e.message}`));
  }
}

main()
  .then(() => finish())
  .catch((e) => finish([e instanceof Stop ? e.message : `error: ${e && e.stack ? e.stack : e}`]))
  .finally(() => clearTimeout(killer));
