// Real files from several sources in one database: external ids address
// records everywhere, and a work seen twice is one work with both sources.
import test from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { SOURCE_DIR, startServer, getText } from './server.mjs';

const DATA = path.join(SOURCE_DIR, '..', 'shared', 'data');
let srv;
test.before(async () => {
  srv = await startServer({
    importFiles: [
      path.join(DATA, 'crossref-api'),
      path.join(DATA, 'openalex-api-works'),
      path.join(DATA, 'orcid-api-v3', '0000-0001-6101-5802_person.json'),
      path.join(DATA, 'openalex-api-entities', 'A5023888391.json'),
      path.join(DATA, 'arxiv-api-atom'),
      path.join(DATA, 'arxiv-abs'),
      path.join(DATA, 'bibtex-d2l', 'd2l.bib'),
    ],
  });
});
test.after(async () => { await srv?.stop(); });

async function canonical(prefix, id) {
  const page = await getText(`${srv.base}/${prefix}/${id}`);
  assert.equal(page.status, 301, `${prefix}/${id}: ${page.status}`);
  const location = page.res.headers.get('location');
  assert.match(location, new RegExp(`^/${prefix}/[RW]\\d+(-[a-z0-9-]+)?$`));
  const target = await getText(srv.base + location);
  assert.equal(target.status, 200);
  return target;
}

async function work(id) {
  const api = await getText(`${srv.base}/api/v1/works/${id}`);
  assert.equal(api.status, 200, `${id}: ${api.text}`);
  return JSON.parse(api.text);
}

function sources(w) {
  return new Set(w.provenance.map((p) => p.source));
}

test('a work in OpenAlex and in a BibTeX file is one work with both sources', async () => {
  const page = await canonical('works', 'doi:10.3115/v1/d14-1162');
  assert.match(page.text, /<h1>Glo[Vv]e: Global Vectors for Word Representation<\/h1>/);
  assert.match(page.text, /Sources of every field/);
  const w = await work('doi:10.3115/v1/d14-1162');
  assert.equal(w.ids.openalex, 'W2250539671');
  assert.ok(sources(w).has('openalex') && sources(w).has('bibtex'), [...sources(w)].join());
  assert.equal(w.versions.length, 2);
  assert.deepEqual(w.authorships.slice(0, 3).map((a) => a.raw_name),
    ['Jeffrey Pennington', 'Richard Socher', 'Christopher Manning']);
  const same = await work('openalex:W2250539671');
  assert.equal(same.id, w.id);
});

test('Crossref and BibTeX, arXiv and BibTeX: one work each', async () => {
  const science = await work('doi:10.1126/science.169.3946.635');
  assert.ok(sources(science).has('crossref') && sources(science).has('bibtex'));
  const bert = await work('arxiv:1810.04805');
  assert.equal(bert.ids.doi, '10.48550/arxiv.1810.04805');
  assert.ok(sources(bert).has('arxiv') && sources(bert).has('bibtex'));
  assert.equal((await work('doi:10.48550/arxiv.1810.04805')).id, bert.id);
});

test('ORCID and OpenAlex author ids address researchers', async () => {
  const byOrcid = await canonical('researchers', 'orcid:0000-0001-6101-5802');
  assert.match(byOrcid.text, /Verification L1/);
  const api = JSON.parse((await getText(srv.base + '/api/v1/researchers/orcid:0000-0001-6101-5802')).text);
  assert.equal(api.ids.orcid, '0000-0001-6101-5802');
  await canonical('researchers', 'openalex:A5023888391');
  const priem = await getText(srv.base + '/api/v1/researchers/openalex:A5023888391');
  assert.equal(priem.status, 200);
  assert.equal(JSON.parse(priem.text).display_name, 'Jason Priem');
});

test('arXiv ids, with or without a version, address works', async () => {
  const found = await getText(srv.base + '/api/v1/works/arxiv:1605.08386');
  assert.equal(found.status, 200, found.text);
  const w = JSON.parse(found.text);
  assert.equal(w.ids.doi, '10.48550/arxiv.1605.08386');
  assert.equal(w.type, 'preprint');
  await canonical('works', 'arxiv:1605.08386');
  assert.equal((await getText(srv.base + '/api/v1/works/arxiv:9999.99999')).status, 404);
});
