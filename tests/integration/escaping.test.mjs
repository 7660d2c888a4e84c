// Markup in imported metadata is text: escaped on every page, and given
// back exactly by the API.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, makeTempDir, getText, getJSON, links, htmlText } from './server.mjs';
import { TITLE, NAME, HOSTILE_WORK as WORK } from './hostile.mjs';

let srv;
let inputDir;
let workPage;
let profilePage;

before(async () => {
  inputDir = makeTempDir('bzpeer-esc-');
  const file = path.join(inputDir, 'evil.jsonl');
  fs.writeFileSync(file, JSON.stringify(WORK) + '\n');
  srv = await startServer({ importFiles: [file] });
  // One work, one researcher: W1 and R1 (numbers in import order).
  const w = await fetch(srv.base + '/works/W1');
  assert.equal(w.status, 200, 'the work page (after redirects)');
  workPage = await w.text();
  const r = await fetch(srv.base + '/researchers/R1');
  assert.equal(r.status, 200, 'the profile page (after redirects)');
  profilePage = await r.text();
});

after(async () => {
  try {
    if (srv) await srv.stop();
  } finally {
    if (inputDir) fs.rmSync(inputDir, { recursive: true, force: true });
  }
});

function assertEscaped(html, where) {
  assert.ok(!html.includes('<script>alert'), `${where}: raw "<script>alert" in the page`);
  assert.ok(!html.includes('<img src=x'), `${where}: raw "<img src=x" in the page`);
  // The site's own scripts, if any, come from /static (the CSP is 'self').
  assert.ok(!/<script\b(?![^>]*\bsrc=)/i.test(html), `${where}: an inline <script> element`);
  assert.ok(!/<img\b[^>]*\bonerror\b/i.test(html), `${where}: an <img> with onerror`);
}

test('the work page escapes the title and the author name', () => {
  assertEscaped(workPage, 'work page');
  assert.ok(workPage.includes('&lt;script&gt;'), 'work page: escaped <script>');
  assert.ok(workPage.includes('&lt;img'), 'work page: escaped <img');
  const h1 = /<h1\b[^>]*>([\s\S]*?)<\/h1>/i.exec(workPage);
  assert.ok(h1, 'no <h1>');
  assert.equal(htmlText(h1[1]), TITLE, 'the title reads as written');
});

test('the work page escapes the abstract and makes no javascript: link', () => {
  assert.ok(!workPage.includes('<b>bold</b>'), 'raw <b> from the abstract');
  assert.ok(workPage.includes('&lt;b&gt;bold&lt;/b&gt;'), 'the abstract, escaped');
  const hrefs = links(workPage).map((a) => a.href ?? '');
  assert.deepEqual(hrefs.filter((h) => /^\s*javascript:/i.test(h)), [], 'javascript: links');
});

test("the author's profile escapes the name and the work title", () => {
  assertEscaped(profilePage, 'profile page');
  assert.ok(profilePage.includes('&lt;img'), 'profile: escaped <img');
  assert.ok(profilePage.includes('&lt;script&gt;'), 'profile: escaped <script> (the work title)');
  const h1 = /<h1\b[^>]*>([\s\S]*?)<\/h1>/i.exec(profilePage);
  assert.ok(h1, 'no <h1>');
  assert.equal(htmlText(h1[1]), NAME, 'the name reads as written');
  const title = /<title>([\s\S]*?)<\/title>/i.exec(profilePage);
  assert.ok(title && !title[1].includes('<img'), `<title>: ${title && title[1]}`);
});

test('the front page and search escape them too', async () => {
  for (const p of ['/', '/search?q=eve', '/works/W1']) {
    const r = await fetch(srv.base + p);
    const html = await r.text();
    assert.ok(r.status < 500, `${p}: status ${r.status}`);
    assertEscaped(html, p);
  }
});

test('the API gives the raw strings back exactly', async () => {
  const w = await getJSON(srv.base + '/api/v1/works/W1');
  assert.equal(w.status, 200);
  assert.equal(w.body.title, TITLE);
  assert.equal(w.body.authorships[0].raw_name, NAME);
  assert.equal(w.body.authorships[0].researcher.display_name, NAME);
  const r = await getJSON(srv.base + '/api/v1/researchers/R1');
  assert.equal(r.status, 200);
  assert.equal(r.body.display_name, NAME);
  const list = await getJSON(srv.base + '/api/v1/researchers/R1/works');
  assert.equal(list.body.results[0].title, TITLE);
});

test('an id of the wrong shape with markup in it is not reflected raw', async () => {
  const r = await getText(srv.base + '/researchers/%3Cscript%3Ealert(1)%3C%2Fscript%3E');
  assert.ok(r.status >= 400 && r.status < 500, `status ${r.status}`);
  assert.ok(!r.text.includes('<script>alert'), 'the id is reflected raw');
  const j = await getText(srv.base + '/api/v1/researchers/%3Cscript%3E');
  assert.ok(j.status >= 400 && j.status < 500, `api status ${j.status}`);
  JSON.parse(j.text); // still valid JSON
});
