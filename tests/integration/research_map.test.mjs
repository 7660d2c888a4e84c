// The research map on the profile and work pages (src/pages/page_slice.c):
// an inline SVG whose nodes link to their pages, a legend, and a text
// list of the same nodes; markup in labels stays text.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, makeTempDir, getText, htmlText, links, decodeEntities } from './server.mjs';
import { WORKS, CLOSE_COLLABORATORS, SEED_NAME } from './demo-facts.mjs';
import { TITLE, NAME, HOSTILE_WORK } from './hostile.mjs';

const PROFILE = '/researchers/R4-surya-ganguli';
const NODE_HREF = /^\/(researchers\/R|works\/W|topics\/T|institutions\/I)\d+(-[a-z0-9-]+)?$/;

let demo;
let evil;
let evilDir;

before(async () => {
  evilDir = makeTempDir('bzpeer-map-');
  const file = path.join(evilDir, 'evil.jsonl');
  fs.writeFileSync(file, JSON.stringify(HOSTILE_WORK) + '\n');
  [demo, evil] = await Promise.all([startServer(), startServer({ importFiles: [file] })]);
});

after(async () => {
  try {
    await demo?.stop();
    await evil?.stop();
  } finally {
    if (evilDir) fs.rmSync(evilDir, { recursive: true, force: true });
  }
});

/** The section whose <h2> reads `heading`: its HTML, its <svg> and the rest. */
function mapSection(html, heading) {
  const sections = [...html.matchAll(/<section\b[^>]*>[\s\S]*?<\/section>/gi)].map((m) => m[0]);
  const found = sections.filter((s) => {
    const h2 = /<h2\b[^>]*>([\s\S]*?)<\/h2>/i.exec(s);
    return h2 && htmlText(h2[1]) === heading;
  });
  assert.equal(found.length, 1, `one section "${heading}"`);
  const svgs = [...found[0].matchAll(/<svg\b[\s\S]*?<\/svg>/gi)].map((m) => m[0]);
  assert.equal(svgs.length, 1, `one inline <svg> in "${heading}"`);
  return { html: found[0], svg: svgs[0], rest: found[0].replace(svgs[0], '') };
}

/** The SVG's nodes: href, the full label of its <title>, its class. */
function svgNodes(svg) {
  return [...svg.matchAll(/<a href="([^"]*)" class="node ([a-z ]+)"><title>([^<]*)<\/title>/g)]
    .map((m) => ({ href: decodeEntities(m[1]), classes: m[2].split(' '), title: decodeEntities(m[3]) }));
}

/** "Work: Some title (2020)" -> "Some title". */
function labelOf(node) {
  const kind = node.classes[0];
  let t = node.title.replace(/^[A-Z][a-z]+: /, '');
  if (kind === 'work') t = t.replace(/ \(\d{4}\)$/, '');
  return t;
}

function assertWellFormedSvg(svg) {
  // every tag: a name and double-quoted attributes with no raw <, > or "
  const tags = svg.match(/<[^>]*>/g);
  for (const tag of tags) {
    assert.match(tag, /^<\/?[a-z]+(\s+[a-zA-Z0-9-]+="[^"<>]*")*\s*\/?>$/, `tag ${tag}`);
  }
  assert.ok(svg.includes('role="img"'), 'role="img"');
  assert.ok(svg.includes('aria-labelledby="graph-map-title graph-map-desc"'), 'aria-labelledby');
  assert.match(svg, /<title id="graph-map-title">Research map around [^<]+<\/title>/);
  assert.match(svg, /<desc id="graph-map-desc">[^<]+<\/desc>/);
}

function assertLegend(svg) {
  const legend = /<g class="legend">([\s\S]*?)<\/g>\n<\/svg>/.exec(svg);
  assert.ok(legend, 'a legend at the end of the map');
  for (const kind of ['Researcher', 'Work', 'Topic', 'Institution']) {
    assert.ok(htmlText(legend[1]).includes(kind), `legend: ${kind}`);
  }
}

/** Every node but the centre is in the text list with the same href and label, and no other. */
function assertListMatches(section, nodes) {
  const listed = links(section.rest).filter((a) => NODE_HREF.test(a.href ?? ''));
  const want = nodes.slice(1).map((n) => ({ href: n.href, text: labelOf(n) }));
  const got = listed.map((a) => ({ href: a.href, text: a.text }));
  const key = (x) => `${x.href} ${x.text}`;
  assert.deepEqual(got.map(key).sort(), want.map(key).sort(), 'the text list names the nodes of the map');
}

test('the profile shows the research graph as an inline SVG map', async () => {
  const { status, text: html } = await getText(demo.base + PROFILE);
  assert.equal(status, 200);
  const section = mapSection(html, 'Research graph');
  const text = htmlText(section.rest);
  for (const s of ['See the researcher in context', 'Open full explorer',
    'Inspect adjacent work, topics, institutions and collaborators without jumping out to a separate graph page.']) {
    assert.ok(text.includes(s), `missing "${s}"`);
  }
  assertWellFormedSvg(section.svg);
  assertLegend(section.svg);
  assert.ok(section.svg.includes(`Research map around ${SEED_NAME}</title>`));

  const nodes = svgNodes(section.svg);
  assert.ok(nodes.length > 10 && nodes.length <= 41, `${nodes.length} nodes`);
  assert.equal(nodes[0].href, PROFILE, 'the centre links to the profile itself');
  assert.deepEqual(nodes[0].classes, ['researcher', 'centre']);
  for (const n of nodes) assert.match(n.href, NODE_HREF, n.title);
  assert.equal(new Set(nodes.map((n) => n.href)).size, nodes.length, 'each node once');
  // the researcher's works and close collaborators are on the map
  const labels = nodes.map(labelOf);
  for (const w of WORKS) assert.ok(labels.includes(w.title), `work "${w.title}" on the map`);
  for (const name of CLOSE_COLLABORATORS) assert.ok(labels.includes(name), `"${name}" on the map`);
  assertListMatches(section, nodes);
});

test('the nodes of the profile map lead to their pages', async () => {
  const { text: html } = await getText(demo.base + PROFILE);
  const nodes = svgNodes(mapSection(html, 'Research graph').svg);
  const pages = nodes.filter((n) => /^\/(researchers|works)\//.test(n.href));
  assert.ok(pages.length > 10);
  for (const n of pages) {
    const r = await getText(demo.base + n.href);
    assert.equal(r.status, 200, `${n.href}: status`);
    const h1 = /<h1\b[^>]*>([\s\S]*?)<\/h1>/i.exec(r.text);
    assert.ok(h1 && htmlText(h1[1]) === labelOf(n), `${n.href}: h1 ${h1 && h1[1]} (want ${labelOf(n)})`);
  }
});

test('"Open full explorer" links to the explorer centred on the record', async () => {
  const { text: html } = await getText(demo.base + PROFILE);
  const open = links(mapSection(html, 'Research graph').rest).filter((a) => a.text === 'Open full explorer');
  assert.deepEqual(open.map((a) => a.href), ['/explore?center=R4']);
});

test('a work page shows a research map around the work', async () => {
  const work = WORKS.find((w) => w.arxiv === '1810.10065');
  const res = await fetch(`${demo.base}/works/arxiv:${work.arxiv}`);
  assert.equal(res.status, 200);
  const html = await res.text();
  const section = mapSection(html, 'Research map');
  assertWellFormedSvg(section.svg);
  assertLegend(section.svg);
  const nodes = svgNodes(section.svg);
  assert.deepEqual(nodes[0].classes, ['work', 'centre']);
  assert.equal(nodes[0].href, new URL(res.url).pathname, 'the centre links to the work itself');
  assert.equal(labelOf(nodes[0]), work.title);
  const labels = nodes.map(labelOf);
  for (const name of work.authors) assert.ok(labels.includes(name), `author "${name}" on the map`);
  const open = links(section.rest).filter((a) => a.text === 'Open full explorer');
  assert.match(open[0]?.href ?? '', /^\/explore\?center=W\d+$/);
  assertListMatches(section, nodes);
});

test('markup in titles and names stays text in the map', async () => {
  for (const [p, heading] of [['/researchers/R1', 'Research graph'], ['/works/W1', 'Research map']]) {
    const r = await fetch(evil.base + p);
    assert.equal(r.status, 200, p);
    const section = mapSection(await r.text(), heading);
    assertWellFormedSvg(section.svg);
    assert.ok(!section.html.includes('<script'), `${p}: raw <script>`);
    assert.ok(!section.html.includes('<img'), `${p}: raw <img>`);
    const nodes = svgNodes(section.svg);
    const labels = nodes.map(labelOf);
    assert.ok(labels.includes(TITLE), `${p}: the title reads as written in its <title>`);
    assert.ok(labels.includes(NAME), `${p}: the name reads as written in its <title>`);
    assert.ok(section.svg.includes('&lt;script&gt;'), `${p}: escaped in the SVG`);
    assertListMatches(section, nodes);
  }
});
