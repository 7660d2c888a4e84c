// /api/v1/graph: the slice of the research graph around a record
// (docs/graph.md), in SPEC.md's shape. On the demo data: the centre
// first, Jonathan Kadmon as Surya Ganguli's strongest co-author (1.5),
// limits, depth 2, external ids, a merged record, bad input. On a fixture
// built here: institutions, citations, and topic and institution centres.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, makeTempDir, run, getJSON, getNoRedirect } from './server.mjs';

let demo;
let fixture;
let dir;

// Three OpenAlex works: W1 (2020, 30 citations) by Ada (Inst One) and
// Ben (Inst One, Inst Two); W2 (2023, 2 citations) by Ada and Cy (Inst
// Two), citing W1; W3 (2024, 0) by Ada alone, citing W1 and W2.
function work(n, year, cites, refs, authors) {
  return {
    id: `https://openalex.org/W90${n}`, title: `Graph fixture paper ${n}`, publication_year: year,
    type: 'article', cited_by_count: cites,
    referenced_works: refs.map((r) => `https://openalex.org/W90${r}`),
    topics: [{ id: 'https://openalex.org/T10001', display_name: 'Graph Fixture Topic', score: 0.9 }],
    authorships: authors.map(([a, name, insts]) => ({
      author: { id: `https://openalex.org/A${a}`, display_name: name }, raw_author_name: name,
      institutions: insts.map((i) => ({ id: `https://openalex.org/I${i}`, display_name: `Inst ${i === 1 ? 'One' : 'Two'}` })),
    })),
  };
}

before(async () => {
  demo = await startServer();
  dir = makeTempDir('bzpeer-graph-');
  const works = [
    work(1, 2020, 30, [], [[71, 'Ada Graph', [1]], [72, 'Ben Graph', [1, 2]]]),
    work(2, 2023, 2, [1], [[71, 'Ada Graph', [1]], [73, 'Cy Graph', [2]]]),
    work(3, 2024, 0, [1, 2], [[71, 'Ada Graph', [1]]]),
  ];
  fs.writeFileSync(path.join(dir, 'works.jsonl'), works.map((w) => JSON.stringify(w)).join('\n') + '\n');
  fixture = await startServer({ importFiles: [path.join(dir, 'works.jsonl')] });
});

after(async () => {
  if (demo) await demo.stop();
  if (fixture) await fixture.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const graph = (srv, q) => getJSON(`${srv.base}/api/v1/graph?${q}`);

const KINDS = { R: 'researcher', W: 'work', T: 'topic', I: 'institution' };

// SPEC.md's shape, the centre first, every edge between two nodes.
function assertSlice(body, centre) {
  assert.ok(Array.isArray(body.nodes) && Array.isArray(body.edges), JSON.stringify(body).slice(0, 200));
  assert.equal(body.nodes[0].id, centre, 'nodes[0] is the centre');
  const ids = new Set();
  for (const n of body.nodes) {
    assert.match(n.id, /^[RWTI][1-9][0-9]*$/, JSON.stringify(n));
    assert.equal(n.kind, KINDS[n.id[0]], JSON.stringify(n));
    assert.equal(typeof n.label, 'string', JSON.stringify(n));
    assert.ok(n.label.length > 0, JSON.stringify(n));
    assert.ok(!ids.has(n.id), `node ${n.id} twice`);
    ids.add(n.id);
  }
  for (const e of body.edges) {
    assert.ok(ids.has(e.source) && ids.has(e.target), `edge ends in nodes: ${JSON.stringify(e)}`);
    assert.notEqual(e.source, e.target, JSON.stringify(e));
    assert.ok(['authorship', 'coauthorship', 'topic', 'affiliation', 'citation', 'institution'].includes(e.kind),
      JSON.stringify(e));
    assert.equal(typeof e.weight, 'number', JSON.stringify(e));
    assert.ok(e.weight > 0, JSON.stringify(e));
  }
  return ids;
}

const edge = (body, kind, a, b) =>
  body.edges.find((e) => e.kind === kind && ((e.source === a && e.target === b) || (e.source === b && e.target === a)));

test('R4: the centre first, Jonathan Kadmon the strongest co-author at 1.5', async () => {
  const { status, body } = await graph(demo, 'center=R4');
  assert.equal(status, 200);
  assertSlice(body, 'R4');
  assert.equal(body.nodes[0].label, 'Surya Ganguli');
  assert.equal(body.nodes[0].depth, 0);
  const people = body.nodes.filter((n) => n.kind === 'researcher' && n.depth === 1);
  assert.equal(people[0].label, 'Jonathan Kadmon');
  assert.equal(people[0].rank, 1.5);
  const strongest = edge(body, 'coauthorship', 'R4', people[0].id);
  assert.ok(strongest, 'a co-authorship edge to Kadmon');
  assert.equal(strongest.weight, 1.5);
  for (const e of body.edges.filter((x) => x.kind === 'coauthorship' && x.source === 'R4'))
    assert.ok(e.weight <= 1.5, JSON.stringify(e));
  // co-authors by strength, ties by id
  for (let i = 1; i < people.length; i++) {
    const [a, b] = [people[i - 1], people[i]];
    assert.ok(a.rank > b.rank || (a.rank === b.rank && Number(a.id.slice(1)) < Number(b.id.slice(1))),
      `${a.id} ${a.rank} before ${b.id} ${b.rank}`);
  }
  // all 7 works, with an authorship edge each; topics by share of works
  const works = body.nodes.filter((n) => n.kind === 'work');
  assert.equal(works.length, 7);
  for (const w of works) assert.ok(edge(body, 'authorship', 'R4', w.id), `authorship ${w.id}`);
  const topics = body.nodes.filter((n) => n.kind === 'topic');
  assert.equal(topics[0].label, 'Machine Learning');
  assert.equal(edge(body, 'topic', 'R4', topics[0].id).weight, topics[0].rank);
  assert.ok(body.nodes.length <= 40);
});

test('the same query gives the same bytes', async () => {
  const a = await fetch(`${demo.base}/api/v1/graph?center=R4&depth=2`).then((r) => r.text());
  const b = await fetch(`${demo.base}/api/v1/graph?center=R4&depth=2`).then((r) => r.text());
  assert.equal(a, b);
});

test('limit caps the nodes; limit=1 is the centre alone', async () => {
  for (const limit of [1, 2, 5, 12]) {
    const { status, body } = await graph(demo, `center=R4&limit=${limit}`);
    assert.equal(status, 200);
    assertSlice(body, 'R4');
    assert.equal(body.nodes.length, limit, `limit ${limit}`);
  }
  const { body } = await graph(demo, 'center=R4&limit=5');
  // by turns of kind: the best co-author, work and topic come first
  assert.deepEqual(body.nodes.slice(1).map((n) => n.kind).sort(),
    ['researcher', 'researcher', 'topic', 'work']);
  assert.equal(body.nodes[1].label, 'Jonathan Kadmon');
});

test('depth 2 adds nodes two hops away, and keeps the centre first', async () => {
  const one = await graph(demo, 'center=W1');
  const two = await graph(demo, 'center=W1&depth=2');
  assert.equal(two.status, 200);
  const ids1 = assertSlice(one.body, 'W1');
  const ids2 = assertSlice(two.body, 'W1');
  assert.ok(ids2.size > ids1.size, `${ids2.size} > ${ids1.size}`);
  const far = two.body.nodes.filter((n) => n.depth === 2);
  assert.ok(far.length > 0);
  for (const n of far) assert.ok(!ids1.has(n.id) || one.body.nodes.length < 40, n.id);
  // Ganguli's other works are two hops from W1 (through him)
  assert.ok(far.some((n) => n.kind === 'work'), 'a work at depth 2');
  assert.ok(two.body.nodes.length <= 40);
  const big = await graph(demo, 'center=W1&depth=2&limit=200');
  assertSlice(big.body, 'W1');
  assert.ok(big.body.nodes.length >= two.body.nodes.length);
});

test('external ids: doi and arxiv name the work, a curated author id the researcher', async () => {
  for (const c of ['doi:10.48550/arxiv.2605.12485', 'DOI:10.48550/ARXIV.2605.12485', 'arxiv:2605.12485']) {
    const { status, body } = await graph(demo, `center=${encodeURIComponent(c)}`);
    assert.equal(status, 200, c);
    assertSlice(body, 'W1');
  }
  const slug = await graph(demo, 'center=R4-any-slug');
  assert.equal(slug.status, 200);
  assertSlice(slug.body, 'R4');
});

test('bad input: 400 with a reason; unknown records 404', async () => {
  const cases = [
    ['', 400, /center is required/],
    ['center=', 400, /center is required/],
    ['center=X4', 400, /bad center/],
    ['center=R', 400, /malformed id/],
    ['center=nope:12', 400, /unknown id scheme/],
    ['center=R4&depth=3', 400, /depth must be 1 or 2/],
    ['center=R4&depth=0', 400, /depth must be 1 or 2/],
    ['center=R4&depth=two', 400, /depth must be 1 or 2/],
    ['center=R4&limit=0', 400, /limit must be a number from 1 to 200/],
    ['center=R4&limit=201', 400, /limit must be a number from 1 to 200/],
    ['center=R4&limit=5x', 400, /limit must be a number from 1 to 200/],
    ['center=R99999', 404, /no researcher 'R99999'/],
    ['center=W99999', 404, /no work 'W99999'/],
    ['center=T99999', 404, /no topic 'T99999'/],
    ['center=I99999', 404, /no institution 'I99999'/],
    ['center=orcid:0000-0000-0000-0000', 404, /no researcher/],
    ['center=doi:10.1/none', 404, /no work/],
  ];
  for (const [q, status, reason] of cases) {
    const r = await graph(demo, q);
    assert.equal(r.status, status, `${q}: ${JSON.stringify(r.body)}`);
    assert.equal(typeof r.body.error?.code, 'string', q);
    assert.match(r.body.error.message, reason, q);
  }
});

test('a merged researcher answers 301 to the survivor\'s graph', async () => {
  const srv = await startServer();
  try {
    const kadmon = (await getJSON(`${srv.base}/api/v1/researchers?q=kadmon`)).body.results[0].id;
    const larsen = (await getJSON(`${srv.base}/api/v1/researchers?q=larsen`)).body.results[0].id;
    const r = await run(['merge', '--db', srv.db, kadmon, larsen]);
    assert.equal(r.code, 0, r.stderr);
    const moved = await getNoRedirect(`${srv.base}/api/v1/graph?center=${larsen}&depth=2&limit=9`);
    await moved.arrayBuffer();
    assert.equal(moved.status, 301);
    const to = new URL(moved.headers.get('location'), srv.base);
    assert.equal(to.pathname, '/api/v1/graph');
    assert.equal(to.searchParams.get('center'), kadmon);
    assert.equal(to.searchParams.get('depth'), '2');
    assert.equal(to.searchParams.get('limit'), '9');
    const { status, body } = await getJSON(to.href);
    assert.equal(status, 200);
    assertSlice(body, kadmon);
  } finally {
    await srv.stop();
  }
});

test('fixture: institutions by affiliated co-authors, citations between works', async () => {
  const { status, body } = await graph(fixture, 'center=R1');
  assert.equal(status, 200);
  assertSlice(body, 'R1');
  assert.equal(body.nodes[0].label, 'Ada Graph');
  const byLabel = Object.fromEntries(body.nodes.map((n) => [n.label, n]));
  // Inst One: Ada and Ben; Inst Two: Ben and Cy
  const one = byLabel['Inst One'];
  const two = byLabel['Inst Two'];
  assert.equal(one.kind, 'institution');
  assert.equal(one.rank, 2);
  assert.equal(two.rank, 2);
  assert.ok(Number(one.id.slice(1)) < Number(two.id.slice(1)), 'a tie goes by id');
  assert.equal(edge(body, 'affiliation', 'R1', one.id).weight, 3, 'Ada lists Inst One on 3 works');
  // works: W3 2024 (0 citations) vs W1 2020 (30): (1+log2 31)*2^-1 > 1
  const works = body.nodes.filter((n) => n.kind === 'work');
  assert.deepEqual(works.map((w) => w.label),
    ['Graph fixture paper 1', 'Graph fixture paper 2', 'Graph fixture paper 3']);
  const [w1, w2, w3] = ['1', '2', '3'].map((n) => byLabel[`Graph fixture paper ${n}`].id);
  for (const [a, b] of [[w2, w1], [w3, w1], [w3, w2]]) {
    const e = body.edges.find((x) => x.kind === 'citation' && x.source === a && x.target === b);
    assert.ok(e, `citation ${a} -> ${b}`);
  }
  // Ben: one shared work of 2 authors (1.0); Cy the same
  assert.equal(edge(body, 'coauthorship', 'R1', byLabel['Ben Graph'].id).weight, 1);
  assert.equal(byLabel['Graph Fixture Topic'].rank, 1, 'every work carries the topic');
});

test('fixture: a work centre, a topic centre and an institution centre', async () => {
  const w = await graph(fixture, 'center=openalex:W902');
  assert.equal(w.status, 200);
  assertSlice(w.body, w.body.nodes[0].id);
  assert.equal(w.body.nodes[0].label, 'Graph fixture paper 2');
  const labels = w.body.nodes.map((n) => n.label);
  for (const l of ['Ada Graph', 'Cy Graph', 'Graph fixture paper 1', 'Graph fixture paper 3', 'Inst One', 'Inst Two',
    'Graph Fixture Topic'])
    assert.ok(labels.includes(l), `${l} in ${labels}`);
  // authors in author order
  assert.deepEqual(w.body.nodes.filter((n) => n.kind === 'researcher').map((n) => n.label), ['Ada Graph', 'Cy Graph']);

  const topicId = w.body.nodes.find((n) => n.kind === 'topic').id;
  const t = await graph(fixture, `center=${topicId}`);
  assert.equal(t.status, 200);
  assertSlice(t.body, topicId);
  assert.equal(t.body.nodes.filter((n) => n.kind === 'work').length, 3);
  // researchers by how many of its works they wrote: Ada (3) first
  assert.equal(t.body.nodes.find((n) => n.kind === 'researcher').label, 'Ada Graph');
  for (const n of t.body.nodes.filter((x) => x.kind === 'work'))
    assert.ok(edge(t.body, 'topic', n.id, topicId), `topic edge ${n.id}`);

  const byOpenalex = await graph(fixture, 'center=openalex:T10001');
  assert.equal(byOpenalex.status, 200, JSON.stringify(byOpenalex.body));
  assertSlice(byOpenalex.body, topicId);
  const instByOpenalex = await graph(fixture, 'center=openalex:I2');
  assert.equal(instByOpenalex.status, 200, JSON.stringify(instByOpenalex.body));
  assert.equal(instByOpenalex.body.nodes[0].label, 'Inst Two');

  const instId = w.body.nodes.find((n) => n.label === 'Inst Two').id;
  const i = await graph(fixture, `center=${instId}&depth=2`);
  assert.equal(i.status, 200);
  assertSlice(i.body, instId);
  const people = i.body.nodes.filter((n) => n.kind === 'researcher' && n.depth === 1).map((n) => n.label);
  assert.deepEqual(people.sort(), ['Ben Graph', 'Cy Graph']);
  assert.ok(i.body.nodes.some((n) => n.label === 'Ada Graph' && n.depth === 2), 'Ada two hops away');
});
