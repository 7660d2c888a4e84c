// The researcher profile page (/researchers/{id}) with the demo data:
// SPEC.md "The profile page" and the seed capture, for Surya Ganguli (R4).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, getNoRedirect, getText, htmlText, links, assertInOrder } from './server.mjs';
import { WORKS, CLOSE_COLLABORATORS, escapeRegExp } from './demo-facts.mjs';

const CANONICAL = '/researchers/R4-surya-ganguli';

let srv;
let html; // the canonical page
let text; // its text, tags stripped and whitespace collapsed

before(async () => {
  srv = await startServer();
  const r = await getText(srv.base + CANONICAL);
  html = r.text;
  text = htmlText(html);
});

after(async () => {
  if (srv) await srv.stop();
});

/** The HTML between the heading that reads `from` and the one that reads `to` (or the end). */
function sectionHtml(from, to) {
  const heads = [...html.matchAll(/<(h[1-6])\b[^>]*>([\s\S]*?)<\/\1>/gi)]
    .map((m) => ({ text: htmlText(m[2]), index: m.index }));
  const start = heads.find((h) => h.text === from);
  assert.ok(start, `no heading "${from}"; headings: ${JSON.stringify(heads.map((h) => h.text))}`);
  const end = to ? heads.find((h) => h.text === to && h.index > start.index) : null;
  if (to) assert.ok(end, `no heading "${to}" after "${from}"`);
  return html.slice(start.index, end ? end.index : html.length);
}

async function assertRedirect(pathname, want) {
  const res = await getNoRedirect(srv.base + pathname);
  await res.arrayBuffer();
  assert.equal(res.status, 301, `${pathname}: status`);
  const loc = res.headers.get('location');
  assert.ok(loc, `${pathname}: no Location header`);
  assert.equal(new URL(loc, srv.base).href, srv.base + want, `${pathname}: Location ${loc}`);
}

test('/researchers/R4 answers 301 to the canonical address', async () => {
  await assertRedirect('/researchers/R4', CANONICAL);
});

test('a wrong slug answers 301 to the canonical address', async () => {
  await assertRedirect('/researchers/R4-wrong-slug', CANONICAL);
});

test('the canonical address answers 200 text/html', async () => {
  const r = await getText(srv.base + CANONICAL);
  assert.equal(r.status, 200);
  assert.match(r.type, /^text\/html\b/);
  assert.match(r.text, /^<!doctype html>/i);
});

test('header: name in an <h1>, summary from the top topics, badges', () => {
  const h1s = [...html.matchAll(/<h1\b[^>]*>([\s\S]*?)<\/h1>/gi)].map((m) => htmlText(m[1]));
  assert.ok(h1s.some((h) => h.includes('Surya Ganguli')), `h1s: ${JSON.stringify(h1s)}`);
  assert.ok(text.includes('Surya Ganguli works on Machine Learning, Artificial Intelligence and Neurons and Cognition.'),
    'summary sentence');
  for (const s of ['Researcher', 'Affiliation not imported', 'Open to collaborate']) {
    assert.ok(text.includes(s), `missing "${s}"`);
  }
});

test('the sections appear in the seed order', () => {
  const sections = ['Trust snapshot', 'Actions', 'Identity and collaboration', 'Research graph', 'Published work'];
  const heads = [...html.matchAll(/<(h[1-6])\b[^>]*>([\s\S]*?)<\/\1>/gi)].map((m) => htmlText(m[2]));
  const found = heads.filter((h) => sections.includes(h));
  assert.deepEqual(found, sections, `section headings in order; all headings: ${JSON.stringify(heads)}`);
  assertInOrder(text, sections, 'page text');
});

test('trust snapshot: score, band, level, claim status and counts', () => {
  for (const s of ['Trust 21 - Emerging', 'Verification L1', 'Unclaimed author',
    '7 works', '0 followers', '4 topics', '3 close collaborators']) {
    assert.ok(text.includes(s), `missing "${s}"`);
  }
  assert.ok(!text.includes('Claimed author'), 'an unclaimed record must not say "Claimed"');
});

test('"Why this score" lists every component with its points', () => {
  const i = text.indexOf('Why this score');
  assert.ok(i >= 0, 'no "Why this score"');
  const why = text.slice(i);
  const components = [
    ['Identity', 10],
    ['Works with a persistent identifier', 7],
    ['Active years', 4],
    ['Current affiliation from an imported source', 0],
    ['Co-authors with claimed records (L2 or L3)', 0],
    ['Followers with verified accounts', 0],
  ];
  let from = 0;
  for (const [label, points] of components) {
    const re = new RegExp(`${escapeRegExp(label)}\\s*:?\\s*${points}(?!\\d)`, 'g');
    re.lastIndex = from;
    const m = re.exec(why);
    assert.ok(m, `component "${label}" with ${points} points, after the previous one`);
    from = m.index + m[0].length;
  }
});

test('actions: "Follow researcher" with the follower count 0', () => {
  const actions = htmlText(sectionHtml('Actions', 'Identity and collaboration'));
  assert.match(actions, /Follow researcher\s*0(?!\d)/);
});

test('identity and collaboration: claim and locked direct collaboration', () => {
  const identity = htmlText(sectionHtml('Identity and collaboration', 'Research graph'));
  assert.ok(identity.includes('Log in to claim'), identity);
  assert.ok(identity.includes('Claim this author entity first to unlock direct invitations.'), identity);
  assert.ok(!identity.includes('Invite to collaborate'), 'an unclaimed record offers no invitation');
});

test('"Log in to claim" leads to the claim page; "Open full explorer" to the explorer', () => {
  const claim = links(html).filter((a) => a.text.includes('Log in to claim'));
  assert.equal(claim.length, 1, 'one "Log in to claim" link');
  assert.match(claim[0].href, /^\/researchers\/R\d+\/claim$/);
  assert.ok(text.includes('Open full explorer'), 'missing "Open full explorer"');
  const explorer = links(html).filter((a) => a.text.includes('Open full explorer'));
  assert.deepEqual(explorer.map((a) => a.href), ['/explore?center=R4'], '"Open full explorer" links to the explorer');
});

test('research graph: the close collaborators link to their profiles', async () => {
  const graph = sectionHtml('Research graph', 'Published work');
  const as = links(graph);
  for (const name of CLOSE_COLLABORATORS) {
    const a = as.find((l) => l.text === name);
    assert.ok(a, `no link "${name}" in the research graph; links: ${JSON.stringify(as.map((l) => l.text))}`);
    assert.match(a.href, /^\/researchers\/R\d+(-[a-z0-9-]+)?$/, `${name}: href ${a.href}`);
    // The link leads to that person's page.
    const r = await getText(srv.base + a.href);
    assert.equal(r.status, 200, `${a.href}: status`);
    const h1 = /<h1\b[^>]*>([\s\S]*?)<\/h1>/i.exec(r.text);
    assert.ok(h1 && htmlText(h1[1]).includes(name), `${a.href}: h1 ${h1 && h1[1]}`);
  }
});

test('published work: 7 items, newest year first then by title', () => {
  const pub = htmlText(sectionHtml('Published work'));
  assert.ok(pub.includes('7 published item(s)'), 'count line');
  assertInOrder(pub, WORKS.map((w) => w.title), 'published work titles');
  // The two pairs that share a year are ordered by title.
  assert.ok(pub.indexOf('How many degrees of freedom') < pub.indexOf('Lottery Tickets on a Data Diet'));
  assert.ok(pub.indexOf('Predictive coding in balanced') < pub.indexOf('Two Routes to Scalable'));
});

test('each work shows its type, year and venue before its title', () => {
  const pub = htmlText(sectionHtml('Published work'));
  for (const w of WORKS) {
    const re = new RegExp(`preprint\\W+${w.year}\\W+arXiv\\W+${escapeRegExp(w.title)}`);
    assert.match(pub, re, `work ${w.n} (${w.arxiv})`);
  }
});

test('each work links its DOI and its arXiv page', () => {
  const hrefs = links(sectionHtml('Published work')).map((a) => a.href);
  for (const w of WORKS) {
    assert.ok(hrefs.includes(`https://doi.org/10.48550/arxiv.${w.arxiv}`), `DOI link of ${w.arxiv}`);
    assert.ok(hrefs.includes(`https://arxiv.org/abs/${w.arxiv}`), `arXiv link of ${w.arxiv}`);
  }
});

test('code links from the abstracts, without trailing punctuation', () => {
  const hrefs = links(html).map((a) => a.href);
  for (const url of ['https://github.com/ganguli-lab/degrees-of-freedom',
    'https://github.com/facebookresearch/luckmatters/tree/master/ssl']) {
    assert.ok(hrefs.includes(url), `no link with href ${url}`);
    assert.ok(!hrefs.includes(url + '.'), `a link keeps the trailing '.': ${url}.`);
  }
  assert.deepEqual(hrefs.filter((h) => h && /[.,;:)]$/.test(h)), [], 'hrefs ending in punctuation');
});

test('the stylesheet is linked and served as text/css', async () => {
  assert.match(html, /<link\b[^>]*rel="stylesheet"[^>]*href="\/static\/style\.css"/);
  const r = await getText(srv.base + '/static/style.css');
  assert.equal(r.status, 200);
  assert.match(r.type, /^text\/css\b/);
  assert.ok(r.text.length > 0, 'empty stylesheet');
});

test('/favicon.ico answers 200', async () => {
  const res = await fetch(srv.base + '/favicon.ico', { redirect: 'follow' });
  const body = await res.arrayBuffer();
  assert.equal(res.status, 200);
  assert.ok(body.byteLength > 0, 'empty favicon');
});
