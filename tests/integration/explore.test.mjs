// The explorer's page (/explore?center=) with the demo data: the shell in
// the site's layout, its list of the centre's graph for readers without
// JavaScript (the same nodes as /api/v1/graph), filtered by the page's own
// form; its script served by bzpeer itself; every malformed
// parameter a 400 with its reason, an unknown centre a 404, a slug or an
// external id a 301 to the bare id.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  startServer, run, getText, getJSON, getNoRedirect, htmlText, links, DEMO, SOURCE_DIR,
} from './server.mjs';

// a co-author's work without the seed, so that expanding brings new nodes
// (tests/fixtures/explore/README.md)
const FIXTURE = path.join(SOURCE_DIR, 'tests', 'fixtures', 'explore', 'coauthor-work.jsonl');

let srv;

before(async () => {
  srv = await startServer({ importFiles: [DEMO, FIXTURE] });
});

after(async () => {
  if (srv) await srv.stop();
});

const explore = (query) => getText(`${srv.base}/explore?${query}`);

async function graph(id) {
  const { status, body } = await getJSON(`${srv.base}/api/v1/graph?center=${id}&depth=1`);
  assert.equal(status, 200, `graph of ${id}`);
  return body;
}

/** The list's entries: [{id, href, label}] from "<li><a>label</a> <span>ID". */
function listed(html) {
  const section = html.slice(html.indexOf('id="explore-list"'));
  assert.ok(section.length > 0, 'no explore-list section');
  return [...section.matchAll(/<li><a href="([^"]*)">([\s\S]*?)<\/a> <span class="muted">([RWTI]\d+)/g)]
    .map((m) => ({ href: m[1], label: htmlText(m[2]), id: m[3] }));
}

const PAGE = { researcher: '/researchers/', work: '/works/', topic: '/topics/',
  institution: '/institutions/' };

test('/explore?center=R4 is the explorer shell around Surya Ganguli', async () => {
  const r = await explore('center=R4');
  assert.equal(r.status, 200);
  assert.match(r.type, /^text\/html\b/);
  assert.match(r.text, /<title>Explore: Surya Ganguli · bzpeer<\/title>/);
  assert.match(r.text, /<h1 id="explore-title">Surya Ganguli<\/h1>/);
  assert.ok(links(r.text).some((l) => l.href === '/researchers/R4-surya-ganguli'),
    'no link to the centre\'s profile');
  for (const kind of ['researcher', 'work', 'topic', 'institution'])
    assert.match(r.text, new RegExp(`<input type="checkbox" name="kinds" value="${kind}" checked>`));
  for (const name of ['from', 'to', 'q'])
    assert.match(r.text, new RegExp(`<input type="[a-z]+" name="${name}"`));
  assert.match(r.text, /<form [^>]*method="get" action="\/explore"/);
  assert.match(r.text, /<div class="explore-graph" id="explore-graph" data-center="R4"/);
  assert.match(r.text, /<aside class="card explore-panel" id="explore-panel"/);
  assert.match(r.text, /<noscript>/);
  const scripts = [...r.text.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
  assert.deepEqual(scripts.map((m) => /src="([^"]*)"/.exec(m[1])?.[1]),
    ['/static/vendor/cytoscape.min.js', '/static/explore.js']);
  assert.ok(scripts.every((m) => m[2] === ''), 'an inline script');
  assert.ok(!/ style="/.test(r.text), 'an inline style attribute');
  assert.match(r.res.headers.get('content-security-policy') ?? '', /default-src 'self'/);
});

test('the page lists every node of the centre\'s graph as a link to its page', async () => {
  const g = await graph('R4');
  const r = await explore('center=R4');
  const items = listed(r.text);
  assert.deepEqual(items.map((i) => i.id).sort(), g.nodes.slice(1).map((n) => n.id).sort());
  for (const n of g.nodes.slice(1)) {
    const item = items.find((i) => i.id === n.id);
    assert.equal(item.label, n.label, `${n.id}: label`);
    assert.ok(item.href.startsWith(PAGE[n.kind] + n.id), `${n.id}: ${item.href}`);
  }
  assert.ok(links(r.text).some((l) => l.href === `/explore?center=${g.nodes[1].id}`),
    'no way to recentre on a node');
});

test('the explorer\'s script is served by bzpeer', async () => {
  const js = await getText(`${srv.base}/static/explore.js`);
  assert.equal(js.status, 200);
  assert.match(js.type, /^text\/javascript\b/);
  assert.match(js.text, /\/api\/v1\/graph\?center=/);
});

test('without JavaScript the form filters the list: kinds, years, search', async () => {
  const g = await graph('R4');
  const kindOf = new Map(g.nodes.map((n) => [n.id, n]));
  const people = listed((await explore('center=R4&kinds=researcher')).text);
  assert.ok(people.length > 0);
  assert.ok(people.every((i) => kindOf.get(i.id).kind === 'researcher'));
  assert.equal(people.length, g.nodes.filter((n, i) => i > 0 && n.kind === 'researcher').length);

  const repeated = listed((await explore('center=R4&kinds=researcher&kinds=work')).text);
  const comma = listed((await explore('center=R4&kinds=researcher,work')).text);
  assert.deepEqual(repeated, comma);
  assert.ok(comma.some((i) => kindOf.get(i.id).kind === 'work'));
  const form = (await explore('center=R4&kinds=researcher,work')).text;
  assert.match(form, /value="work" checked>/);
  assert.match(form, /value="topic">/);

  const years = g.nodes.filter((n) => n.year).map((n) => n.year);
  const newest = Math.max(...years);
  const recent = listed((await explore(`center=R4&kinds=work&from=${newest}&to=${newest}`)).text);
  assert.deepEqual(recent.map((i) => i.id).sort(),
    g.nodes.filter((n) => n.kind === 'work' && n.year === newest).map((n) => n.id).sort());

  const someone = g.nodes.find((n, i) => i > 0 && n.kind === 'researcher');
  const surname = someone.label.split(/\s+/).pop();
  const found = listed((await explore(`center=R4&q=${encodeURIComponent(surname.toUpperCase())}`)).text);
  assert.ok(found.some((i) => i.id === someone.id), `'${surname}' did not find ${someone.id}`);
  assert.ok(found.every((i) => i.label.toLowerCase().includes(surname.toLowerCase())));

  const none = await explore('center=R4&q=zzzqqqxxx');
  assert.equal(listed(none.text).length, 0);
  assert.match(htmlText(none.text), /No node nearby matches these filters/);
});

test('expand= adds the neighbours of the expanded nodes to the list', async () => {
  const center = await graph('R4');
  const have = new Set(center.nodes.map((n) => n.id));
  let pick = null;
  for (const n of center.nodes.slice(1)) {
    const own = await graph(n.id);
    const fresh = own.nodes.filter((m) => !have.has(m.id));
    if (fresh.length) { pick = { id: n.id, fresh }; break; }
  }
  assert.ok(pick, 'no node of R4\'s graph brings new neighbours');
  const link = links((await explore('center=R4&from=2018')).text)
    .find((l) => l.text === 'expand' && l.href.includes(`expand=${pick.id}&`));
  assert.equal(link?.href, `/explore?center=R4&expand=${pick.id}&from=2018`);
  const r = await explore(`center=R4&expand=${pick.id}`);
  const ids = new Set(listed(r.text).map((i) => i.id));
  for (const n of pick.fresh) assert.ok(ids.has(n.id), `${n.id} not listed after expand=${pick.id}`);
  assert.match(r.text, new RegExp(`<input type="hidden" name="expand" value="${pick.id}">`));
});

test('malformed parameters are 400 pages that say why', async () => {
  const cases = [
    ['', /needs a centre/],
    ['center=', /needs a centre/],
    ['center=X12', /bad center 'X12': expected R12, W3, T5, I2 or an external id/],
    ['center=R0', /malformed id: expected R and a number/],
    ['center=W', /malformed id: expected W and a number/],
    ['center=R4x', /malformed id: expected R and a number/],
    ['center=nope:12', /unknown id scheme 'nope'/],
    ['center=openalex:X123', /an openalex center must be an author \(A\.\.\.\), a work \(W\.\.\.\), a topic/],
    ['center=R4&expand=R4,Q7', /'expand' takes an id such as R12, W3, T5 or I2: 'Q7'/],
    [`center=R4&expand=${Array.from({ length: 21 }, (_, i) => `W${i + 1}`).join(',')}`,
      /'expand' takes at most 20 items/],
    ['center=R4&kinds=people', /'kinds' takes researcher, work, topic and institution: 'people'/],
    ['center=R4&from=99', /'from' takes a year from 1000 to 2999/],
    ['center=R4&to=2020x', /'to' takes a year/],
    ['center=R4&from=2024&to=2019', /'from' \(2024\) is after 'to' \(2019\)/],
    [`center=R4&q=${'a'.repeat(201)}`, /'q' takes at most 200 bytes/],
    ['center=R4&q=%FF', /'q' is not valid UTF-8/],
  ];
  for (const [query, why] of cases) {
    const r = await explore(query);
    assert.equal(r.status, 400, `?${query}: status`);
    assert.match(htmlText(r.text), why, `?${query}`);
  }
});

test('an unknown centre is a 404 page', async () => {
  for (const id of ['R99999', 'W99999', 'T99999', 'I99999', 'orcid:0000-0000-0000-0000']) {
    const r = await explore(`center=${id}`);
    assert.equal(r.status, 404, id);
    assert.match(r.type, /^text\/html\b/);
  }
});

test('a slug or an external id as the centre answers 301 to the bare id', async () => {
  const moved = async (query) => {
    const res = await getNoRedirect(`${srv.base}/explore?${query}`);
    await res.arrayBuffer();
    assert.equal(res.status, 301, `?${query}`);
    return res.headers.get('location');
  };
  assert.equal(await moved('center=R4-surya-ganguli&kinds=work&q=x'),
    '/explore?center=R4&kinds=work&q=x');
  const { body: work } = await getJSON(`${srv.base}/api/v1/works/arxiv:1810.10065`);
  assert.equal(await moved('center=arxiv:1810.10065'), `/explore?center=${work.id}`);
  assert.equal(await moved('expand=W1&center=ARXIV:1810.10065'),
    `/explore?center=${work.id}&expand=W1`);
});

test('a merged researcher\'s explorer answers 301 to the survivor\'s', async () => {
  const { body } = await getJSON(`${srv.base}/api/v1/researchers?q=kadmon`);
  const { body: other } = await getJSON(`${srv.base}/api/v1/researchers?q=larsen`);
  const [survivor, merged] = [body.results[0].id, other.results[0].id];
  const r = await run(['merge', '--db', srv.db, '--reason', 'explorer test', survivor, merged]);
  assert.equal(r.code, 0, r.stderr);
  const res = await getNoRedirect(`${srv.base}/explore?center=${merged}&q=a`);
  await res.arrayBuffer();
  assert.equal(res.status, 301);
  assert.equal(res.headers.get('location'), `/explore?center=${survivor}&q=a`);
});

test('the explorer takes GET and HEAD only, and escapes what it echoes', async () => {
  const post = await fetch(`${srv.base}/explore?center=R4`, { method: 'POST' });
  await post.arrayBuffer();
  assert.equal(post.status, 405);
  assert.equal(post.headers.get('allow'), 'GET, HEAD');
  const head = await fetch(`${srv.base}/explore?center=R4`, { method: 'HEAD' });
  assert.equal(head.status, 200);
  const r = await explore(`center=R4&q=${encodeURIComponent('"><script>alert(1)</script>')}`);
  assert.equal(r.status, 200);
  assert.ok(!r.text.includes('<script>alert'), 'the search was echoed unescaped');
  assert.match(r.text, /value="&quot;&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;"/);
});
