// Export: bzpeer export in four formats, and the BibTeX/RIS links pages give.
import test from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import fs from 'node:fs';
import { startServer, run, getText, testDb } from './server.mjs';

let srv;
test.before(async () => { srv = await startServer(); });
test.after(async () => { await srv?.stop(); });

const db = () => srv.db;

test('export --format jsonl writes every work as the API shows it', async () => {
  const r = await run(['export', '--db', db()]);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines.length, 7);
  const w = lines.find((x) => x.ids.arxiv === '1810.10065');
  assert.equal(w.title, 'Statistical mechanics of low-rank tensor decomposition');
  assert.deepEqual(w.authorships.map((a) => a.raw_name), ['Jonathan Kadmon', 'Surya Ganguli']);
  assert.equal(w.ids.doi, '10.48550/arxiv.1810.10065');
});

test('export --format csv quotes and orders columns', async () => {
  const r = await run(['export', '--db', db(), '--format', 'csv']);
  assert.equal(r.code, 0, r.stderr);
  const rows = r.stdout.split('\r\n').filter(Boolean);
  assert.equal(rows[0], 'id,title,publication_year,type,venue,doi,arxiv,authors');
  assert.equal(rows.length, 8);
  const row = rows.find((x) => x.includes('1810.10065'));
  assert.match(row, /^W\d+,Statistical mechanics of low-rank tensor decomposition,2018,preprint,arXiv,10\.48550\/arxiv\.1810\.10065,1810\.10065,Jonathan Kadmon; Surya Ganguli$/);
  // a title with commas is quoted
  const comma = rows.find((x) => x.includes('Predictive coding'));
  assert.match(comma, /^W\d+,"Predictive coding in balanced neural networks with noise, chaos and delays",2020,/);
});

test('export --format bibtex for one researcher, by R id and by slug', async () => {
  const r = await run(['export', '--db', db(), '--format', 'bibtex', '--researcher', 'R17']);
  assert.equal(r.code, 0, r.stderr);
  const entries = r.stdout.match(/^@\w+\{W\d+,/gm) ?? [];
  assert.equal(entries.length, 2, r.stdout); // Jonathan Kadmon's two works
  assert.match(r.stdout, /author = \{Jonathan Kadmon and Surya Ganguli\}/);
  assert.match(r.stdout, /eprint = \{1810\.10065\}/);
  assert.match(r.stdout, /archiveprefix = \{arXiv\}/);
  const missing = await run(['export', '--db', db(), '--researcher', 'R999']);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /R999/);
});

test('export --format ris writes one record per work to --output', async () => {
  const out = path.join(srv.dir, 'all.ris');
  const r = await run(['export', '--db', db(), '--format', 'ris', '--output', out]);
  assert.equal(r.code, 0, r.stderr);
  const text = fs.readFileSync(out, 'utf8');
  assert.equal((text.match(/^TY {2}- UNPB\r$/gm) ?? []).length, 7);
  assert.equal((text.match(/^ER {2}- \r$/gm) ?? []).length, 7);
  assert.match(text, /^AU {2}- Surya Ganguli\r$/m);
});

test('export refuses unknown formats and flags', async () => {
  assert.equal((await run(['export', '--db', db(), '--format', 'docx'])).code, 2);
  assert.equal((await run(['export', '--db', db(), '--bogus', 'x'])).code, 2);
  const help = await run(['export', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /usage: bzpeer export/);
});

test('work and profile pages link BibTeX and RIS files that answer', async () => {
  const page = await getText(srv.base + '/researchers/R4-surya-ganguli');
  assert.match(page.text, /href="\/export\/researchers\/R4\.bib"/);
  assert.match(page.text, /href="\/export\/works\/W\d+\.ris"/);
  const bib = await getText(srv.base + '/export/researchers/R4.bib');
  assert.equal(bib.status, 200);
  assert.match(bib.type, /^application\/x-bibtex/);
  assert.equal((bib.text.match(/^@/gm) ?? []).length, 7);
  const ris = await getText(srv.base + '/export/works/arxiv:1810.10065.ris');
  assert.equal(ris.status, 200);
  assert.match(ris.text, /^TI {2}- Statistical mechanics of low-rank tensor decomposition\r$/m);
  assert.equal((await getText(srv.base + '/export/works/W999.bib')).status, 404);
  assert.equal((await getText(srv.base + '/export/works/W1.pdf')).status, 404);
  assert.equal((await getText(srv.base + '/export/works/Wx.bib')).status, 400);
});

test('an escaped BibTeX value keeps braces balanced', async () => {
  const file = path.join(srv.dir, 'odd.jsonl');
  fs.writeFileSync(file, JSON.stringify({
    id: 'https://demo.bzpeer.invalid/W950', title: 'Sets {a} & 100% of $x_1} \\ ~',
    publication_year: 2024, type: 'article', authorships: [], topics: [],
  }) + '\n');
  const odd = testDb(srv.dir, 'odd');
  assert.equal((await run(['import', '--quiet', '--db', odd, file])).code, 0);
  const r = await run(['export', '--db', odd, '--format', 'bibtex']);
  assert.match(r.stdout, /title = \{Sets \\\{a\\\} \\& 100\\% of \\\$x\\_1\\\} \\textbackslash\{\} \\textasciitilde\{\}\}/);
  let depth = 0;
  for (const c of r.stdout.replace(/\\[{}]/g, '')) { if (c === '{') depth++; if (c === '}') depth--; assert.ok(depth >= 0); }
  assert.equal(depth, 0);
});
