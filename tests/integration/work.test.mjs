// The work page (/works/{id}) and the work JSON (/api/v1/works/{id}) with
// the demo data: SPEC.md "The work page", "pages" and "work JSON".

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, getNoRedirect, getText, getJSON, htmlText, links, assertInOrder } from './server.mjs';
import { WORKS } from './demo-facts.mjs';

const TENSOR = WORKS[6]; // #7, 1810.10065, Kadmon & Ganguli, no topics
const SSL = WORKS[3]; // #4, 2010.00578, four authors, three arXiv categories
const TENSOR_SLUG = 'statistical-mechanics-of-low-rank-tensor-decomposition';

let srv;
let works; // /api/v1/researchers/R4/works results
let tensorId; // "W<n>"
let canonical; // "/works/W<n>-statistical-..."
let html;
let text;

before(async () => {
  srv = await startServer();
  const r = await getJSON(srv.base + '/api/v1/researchers/R4/works?per_page=50');
  assert.equal(r.status, 200);
  works = r.body.results;
  const w = works.find((x) => x.ids && x.ids.arxiv === TENSOR.arxiv);
  assert.ok(w, `no work with arXiv id ${TENSOR.arxiv} among R4's works: ${JSON.stringify(works.map((x) => x.ids))}`);
  tensorId = w.id;
  canonical = `/works/${tensorId}-${TENSOR_SLUG}`;
  const page = await getText(srv.base + canonical);
  assert.equal(page.status, 200, `${canonical}: status`);
  html = page.text;
  text = htmlText(html);
});

after(async () => {
  if (srv) await srv.stop();
});

async function assertRedirect(pathname, want) {
  const res = await getNoRedirect(srv.base + pathname);
  await res.arrayBuffer();
  assert.equal(res.status, 301, `${pathname}: status`);
  const loc = res.headers.get('location');
  assert.ok(loc, `${pathname}: no Location header`);
  assert.equal(new URL(loc, srv.base).href, srv.base + want, `${pathname}: Location ${loc}`);
}

test('the work id has the W form', () => {
  assert.match(tensorId, /^W\d+$/);
});

test('/works/W<n> answers 301 to the canonical slugged address', async () => {
  await assertRedirect(`/works/${tensorId}`, canonical);
});

test('/works/W<n>-wrong-slug answers 301 to the canonical address', async () => {
  await assertRedirect(`/works/${tensorId}-not-the-title`, canonical);
});

test('external ids (arxiv:, doi:) answer 301 to the canonical page', async () => {
  await assertRedirect(`/works/arxiv:${TENSOR.arxiv}`, canonical);
  await assertRedirect(`/works/doi:10.48550/arxiv.${TENSOR.arxiv}`, canonical);
});

test('the canonical page is HTML with the title in an <h1>', async () => {
  const r = await getText(srv.base + canonical);
  assert.match(r.type, /^text\/html\b/);
  const h1 = /<h1\b[^>]*>([\s\S]*?)<\/h1>/i.exec(html);
  assert.ok(h1, 'no <h1>');
  assert.equal(htmlText(h1[1]), TENSOR.title);
});

test('short facts: "Open access · 2 authors · 0 topics"', () => {
  assert.ok(text.includes('Open access · 2 authors · 0 topics'), 'facts line of #7');
});

test('short facts of work #4: "Open access · 4 authors · 3 topics"', async () => {
  const w = works.find((x) => x.ids && x.ids.arxiv === SSL.arxiv);
  assert.ok(w, `no work with arXiv id ${SSL.arxiv}`);
  const r = await fetch(`${srv.base}/works/${w.id}`); // follows the 301
  assert.equal(r.status, 200);
  const t = htmlText(await r.text());
  assert.ok(t.includes(SSL.title), 'title of #4');
  assert.ok(t.includes('Open access · 4 authors · 3 topics'), 'facts line of #4');
});

test('the authors are linked to their profiles, in author order', async () => {
  const as = links(html);
  const kadmon = as.find((a) => a.text === 'Jonathan Kadmon');
  const ganguli = as.find((a) => a.text === 'Surya Ganguli');
  assert.ok(kadmon, 'no link to Jonathan Kadmon');
  assert.ok(ganguli, 'no link to Surya Ganguli');
  assert.ok(kadmon.index < ganguli.index, 'Kadmon (first author) before Ganguli');
  assert.match(kadmon.href, /^\/researchers\/R\d+(-jonathan-kadmon)?$/);
  assert.match(ganguli.href, /^\/researchers\/R4(-surya-ganguli)?$/);
  const r = await getText(srv.base + kadmon.href);
  assert.ok([200, 301].includes(r.status), `${kadmon.href}: ${r.status}`);
});

test('identifiers: the DOI with its link', () => {
  assert.ok(text.includes(`10.48550/arxiv.${TENSOR.arxiv}`), 'DOI value');
  const hrefs = links(html).map((a) => a.href);
  assert.ok(hrefs.includes(`https://doi.org/10.48550/arxiv.${TENSOR.arxiv}`), 'DOI link');
  assert.ok(hrefs.includes(`https://arxiv.org/abs/${TENSOR.arxiv}`), 'arXiv link');
});

test('provenance: the source of the fields ("openalex")', () => {
  const rows = [...html.matchAll(/<tr\b[^>]*>([\s\S]*?)<\/tr>/gi)].map((m) => htmlText(m[1]));
  const withSource = rows.filter((r) => /\bopenalex\b/.test(r));
  assert.ok(withSource.length > 0, `no table row naming the source "openalex"; rows: ${JSON.stringify(rows)}`);
  assert.ok(withSource.some((r) => /\btitle\b/.test(r)), 'a provenance row for the title');
});

test('/api/v1/works/arxiv:<id> answers 200 with the work JSON', async () => {
  const { status, body } = await getJSON(`${srv.base}/api/v1/works/arxiv:${TENSOR.arxiv}`);
  assert.equal(status, 200);
  assert.equal(body.id, tensorId);
  assert.equal(body.title, TENSOR.title);
  assert.equal(body.publication_year, 2018);
  assert.equal(body.type, 'preprint');
  assert.equal(body.venue, 'arXiv');
  assert.equal(body.open_access, true);
  assert.equal(typeof body.ids, 'object');
  assert.equal(body.ids.doi, `10.48550/arxiv.${TENSOR.arxiv}`);
  assert.equal(body.ids.arxiv, TENSOR.arxiv);
  assert.ok(Array.isArray(body.authorships), 'authorships');
  assert.equal(body.authorships.length, 2);
  const [a1, a2] = body.authorships;
  assert.equal(a1.position, 1);
  assert.equal(a1.raw_name, 'Jonathan Kadmon');
  assert.match(a1.researcher.id, /^R\d+$/);
  assert.equal(a1.researcher.display_name, 'Jonathan Kadmon');
  assert.equal(a2.position, 2);
  assert.equal(a2.raw_name, 'Surya Ganguli');
  assert.deepEqual(a2.researcher, { ...a2.researcher, id: 'R4', display_name: 'Surya Ganguli' });
  assert.deepEqual(body.topics, []);
  assert.equal(typeof body.counts, 'object');
  assert.ok(body.counts !== null, 'counts is null');
  assert.ok(Array.isArray(body.provenance) && body.provenance.length > 0, 'provenance: a non-empty array');
  for (const p of body.provenance) {
    assert.equal(typeof p.field, 'string');
    assert.equal(typeof p.source, 'string');
  }
  assert.ok(body.provenance.some((p) => p.field === 'title' && p.source === 'openalex'), 'provenance of the title');
});

test('/api/v1/works/doi:<doi> and /api/v1/works/W<n> answer the same work', async () => {
  for (const id of [`doi:10.48550/arxiv.${TENSOR.arxiv}`, tensorId]) {
    const { status, body } = await getJSON(`${srv.base}/api/v1/works/${id}`);
    assert.equal(status, 200, id);
    assert.equal(body.id, tensorId, id);
  }
});

test("work #4's JSON has four authors in order and three topics", async () => {
  const { status, body } = await getJSON(`${srv.base}/api/v1/works/arxiv:${SSL.arxiv}`);
  assert.equal(status, 200);
  assert.deepEqual(body.authorships.map((a) => a.raw_name), SSL.authors);
  assert.deepEqual(body.authorships.map((a) => a.position), [1, 2, 3, 4]);
  assert.equal(body.topics.length, 3);
});

test('the page names each author in author order', () => {
  assertInOrder(text, TENSOR.authors, 'authors');
});
