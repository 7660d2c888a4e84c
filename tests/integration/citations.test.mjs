// Citations: each source's count of citing works (the highest is shown,
// with its source), citation edges between works bzpeer knows, and the
// researcher's total, h-index and i10-index and works per year, on the
// profile page and in the JSON. The fixture is built here: four OpenAlex
// works by one author (25, 10, 3 and 0 citations; W102's DOI also comes
// from Crossref with 40 and a reference by DOI), citing each other and
// one unknown work, and two Semantic Scholar papers by another author.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, makeTempDir, getText, getJSON, htmlText, links } from './server.mjs';

let srv;
let dir;

function work(n, year, cites, refs, doi) {
  const id = `https://openalex.org/W${n}`;
  const w = {
    id, title: `Paper number ${n} on citations`, publication_year: year, type: 'article',
    cited_by_count: cites, referenced_works: refs.map((r) => `https://openalex.org/W${r}`),
    authorships: [{ author: { id: 'https://openalex.org/A77', display_name: 'Ada Example' }, raw_author_name: 'Ada Example' }],
  };
  if (doi) w.ids = { openalex: id, doi: `https://doi.org/${doi}` };
  return w;
}

before(async () => {
  dir = makeTempDir('bzpeer-cite-');
  const works = [
    work(101, 2019, 25, [102, 999]),
    work(102, 2020, 10, [], '10.5555/cite.102'),
    work(103, 2020, 3, [101, 102]),
    work(104, 2021, 0, [101]),
  ];
  fs.writeFileSync(path.join(dir, 'works.jsonl'), works.map((w) => JSON.stringify(w)).join('\n') + '\n');
  fs.writeFileSync(path.join(dir, 'crossref.jsonl'), JSON.stringify({
    DOI: '10.5555/cite.102', title: ['Paper number 102 on citations'], type: 'journal-article',
    'is-referenced-by-count': 40, author: [{ given: 'Ada', family: 'Example', sequence: 'first' }],
    published: { 'date-parts': [[2020]] },
    reference: [{ key: 'r1', DOI: '10.5555/S2.1' }, { key: 'r2', unstructured: 'no DOI' }],
  }) + '\n');
  // Semantic Scholar: citationCount, and references by paperId (one that
  // S2 could not resolve has none and is left out)
  fs.writeFileSync(path.join(dir, 's2.json'), JSON.stringify({ data: [
    { paperId: 'abc123', title: 'An S2 paper that cites', year: 2021, citationCount: 7,
      externalIds: { DOI: '10.5555/s2.1' }, authors: [{ authorId: '777', name: 'Bea Other' }],
      references: [{ paperId: 'def456', title: 'cited' }, { paperId: null, title: 'unresolved' }] },
    { paperId: 'def456', title: 'An S2 paper that is cited', year: 2019, citationCount: 12,
      authors: [{ authorId: '777', name: 'Bea Other' }] },
  ] }));
  srv = await startServer({ importFiles: ['works.jsonl', 'crossref.jsonl', 's2.json'].map((f) => path.join(dir, f)) });
});

after(async () => {
  if (srv) await srv.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('researcher JSON: total, h-index, i10-index and works per year', async () => {
  const { status, body } = await getJSON(`${srv.base}/api/v1/researchers/R1`);
  assert.equal(status, 200);
  // counts 40 (Crossref beats OpenAlex's 10), 25, 3, 0
  assert.deepEqual(body.citations, {
    total: 68, h_index: 3, i10_index: 2,
    by_year: [{ year: 2021, works: 1 }, { year: 2020, works: 2 }, { year: 2019, works: 1 }],
  });
});

test('profile page: a Citations card after the trust snapshot', async () => {
  const { text: html } = await getText(`${srv.base}/researchers/R1-ada-example`);
  const text = htmlText(html);
  const at = text.indexOf('Citations');
  assert.ok(at > text.indexOf('Trust snapshot') && at < text.indexOf('Actions'), 'card between Trust snapshot and Actions');
  for (const s of ['68 citations', '3 h-index', '2 i10-index', 'Year Works 2021 1 2020 2 2019 1']) {
    assert.ok(text.includes(s), `missing "${s}"`);
  }
});

test('work JSON and page: the count with its source, citing and cited works', async () => {
  const { body } = await getJSON(`${srv.base}/api/v1/works/W2`);
  assert.equal(body.cited_by_count, 40);
  assert.equal(body.citations.count, 40);
  assert.equal(body.citations.source, 'crossref');
  assert.deepEqual(body.citations.cited_by.map((w) => w.id).sort(), ['W1', 'W3']);
  // Crossref's reference by DOI, resolved when the S2 paper came later
  assert.deepEqual(body.citations.references.map((w) => w.id), ['W5']);
  assert.equal(body.citations.reference_count, 1);

  const one = (await getJSON(`${srv.base}/api/v1/works/W1`)).body;
  assert.equal(one.citations.source, 'openalex');
  assert.equal(one.citations.reference_count, 2); // W102 and the unknown W999
  assert.deepEqual(one.citations.references.map((w) => w.id), ['W2']);
  assert.deepEqual(one.citations.cited_by.map((w) => w.id), ['W4', 'W3']); // newest first

  const four = (await getJSON(`${srv.base}/api/v1/works/W4`)).body;
  assert.equal(four.cited_by_count, null, 'a count of 0 records nothing');

  const { text: html } = await getText(`${srv.base}/works/W1-paper-number-101-on-citations`);
  const text = htmlText(html);
  assert.ok(text.includes('25 citations (openalex)'), 'count and source');
  const hrefs = links(html).map((l) => l.href);
  for (const w of ['/works/W2-', '/works/W3-', '/works/W4-']) {
    assert.ok(hrefs.some((h) => h && h.startsWith(w)), `a link to ${w}`);
  }
});

test('Semantic Scholar: citationCount and references by paperId', async () => {
  const citing = (await getJSON(`${srv.base}/api/v1/works/W5`)).body;
  assert.equal(citing.title, 'An S2 paper that cites');
  assert.deepEqual([citing.citations.count, citing.citations.source], [7, 'semanticscholar']);
  assert.equal(citing.citations.reference_count, 1);
  assert.deepEqual(citing.citations.references.map((w) => w.id), ['W6']);
  const cited = (await getJSON(`${srv.base}/api/v1/works/W6`)).body;
  assert.deepEqual(cited.citations.cited_by.map((w) => w.id), ['W5']);
  assert.deepEqual(citing.citations.cited_by.map((w) => w.id), ['W2']);
  const { body } = await getJSON(`${srv.base}/api/v1/researchers/R2`);
  assert.equal(body.display_name, 'Bea Other');
  assert.deepEqual([body.citations.total, body.citations.h_index, body.citations.i10_index], [19, 2, 1]);
});
