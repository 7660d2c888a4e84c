// The topic and institution pages, /topics/{id} and /institutions/{id},
// and their API mirrors: the parent chain, works newest first and paged,
// researchers by number of works, canonical-address 301s, external ids,
// 404 and 400. On the demo (arXiv categories) and on the hand-made file
// (OpenAlex topics with domain > field > subfield, institutions).

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  startServer, getJSON, getText, getNoRedirect, htmlText, makeTempDir, assertInOrder,
} from './server.mjs';
import { writePeopleFixture, INSTITUTIONS, TOPICS } from './people-fixture.mjs';

const servers = [];
after(async () => {
  for (const s of servers.splice(0)) await s.stop();
});

async function json(srv, p, status = 200) {
  const r = await getJSON(srv.base + p);
  assert.equal(r.status, status, `${p}: ${JSON.stringify(r.body)}`);
  return r.body;
}

async function redirect(srv, p) {
  const r = await getNoRedirect(srv.base + p);
  assert.equal(r.status, 301, p);
  return r.headers.get('location');
}

test('the demo: an arXiv category, its archive, works and researchers', async () => {
  const srv = await startServer();
  servers.push(srv);
  const seed = await json(srv, '/api/v1/researchers/R4');
  const cs = seed.topics.find((t) => t.external_id === 'cs.LG');
  const t = await json(srv, `/api/v1/topics/${cs.id}`);
  assert.equal(t.display_name, 'Machine Learning');
  assert.equal(t.scheme, 'arxiv');
  assert.equal(t.level, 'category');
  assert.equal(t.url, `/topics/${cs.id}-machine-learning`);
  assert.deepEqual(t.parents.map((p) => [p.display_name, p.external_id]), [['Computer Science', 'cs']]);
  assert.deepEqual(t.counts, { works: 3, researchers: 10 });
  // newest first, then by title
  assert.deepEqual(t.works.results.map((w) => [w.id, w.publication_year]), [['W2', 2022], ['W3', 2022], ['W4', 2021]]);
  assert.equal(t.works.meta.next_cursor, null);
  assert.deepEqual(t.researchers.slice(0, 2), [
    { id: 'R4', display_name: 'Surya Ganguli', works: 3 },
    { id: 'R8', display_name: 'Brett W. Larsen', works: 2 },
  ]);
  assert.equal(t.researchers.length, 10);
  assert.ok(t.researchers.slice(2).every((r) => r.works === 1));

  // the archive lists the works of its categories
  const archive = await json(srv, `/api/v1/topics/${t.parents[0].id}`);
  assert.equal(archive.level, 'archive');
  assert.ok(archive.children.some((c) => c.id === cs.id));
  assert.deepEqual(archive.works.results.map((w) => w.id), ['W2', 'W3', 'W4']);

  // the page, its canonical address and external ids
  assert.equal(await redirect(srv, `/topics/${cs.id}`), `/topics/${cs.id}-machine-learning`);
  assert.equal(await redirect(srv, `/topics/${cs.id}-old-name`), `/topics/${cs.id}-machine-learning`);
  assert.equal(await redirect(srv, '/topics/arxiv:cs.LG'), `/topics/${cs.id}-machine-learning`);
  assert.equal((await json(srv, '/api/v1/topics/arxiv:cs.LG')).id, cs.id);
  const page = await getText(`${srv.base}/topics/${cs.id}-machine-learning`);
  assert.equal(page.status, 200);
  const text = htmlText(page.text);
  assertInOrder(text, ['Machine Learning', 'Computer Science > Machine Learning', '3 works, newest first',
    'How many degrees of freedom', 'Lottery Tickets', 'Understanding Self-supervised',
    '10 researchers, most works first', 'Surya Ganguli 3 works', 'Brett W. Larsen 2 works'], 'topic page');
  assert.match(page.text, /href="\/works\/W2-/);
  assert.match(page.text, /href="\/researchers\/R4-surya-ganguli"/);
  assert.match(page.text, new RegExp(`href="/topics/${t.parents[0].id}-computer-science"`));
  assert.doesNotMatch(page.text, /<script/);

  // the work page links its topics to their pages
  const work = await getText(`${srv.base}/works/W2`, { redirect: 'follow' });
  assert.match(work.text, new RegExp(`<a href="/topics/${cs.id}-machine-learning">Machine Learning</a>`));
});

test('bad and unknown ids: 400 and 404, on pages and in the API', async () => {
  const srv = await startServer();
  servers.push(srv);
  for (const [kind, letter] of [['topics', 'T'], ['institutions', 'I']]) {
    for (const [id, status] of [[`${letter}99999`, 404], [`${letter}99999-slug`, 404], ['R4', 400],
      [`${letter}0`, 400], [`${letter}x`, 400], ['nope:1', 400], [`openalex:${letter}1`, 404]]) {
      const page = await getText(`${srv.base}/${kind}/${id}`);
      assert.equal(page.status, status, `/${kind}/${id}`);
      const api = await getJSON(`${srv.base}/api/v1/${kind}/${id}`);
      assert.equal(api.status, status, `/api/v1/${kind}/${id}`);
      assert.equal(api.body.error.code, status === 404 ? 'not_found' : 'invalid');
    }
    assert.equal((await getText(`${srv.base}/${kind}/`)).status, 404);
  }
  assert.equal((await getText(`${srv.base}/topics/T1?page=0`)).status, 400);
  assert.equal((await getText(`${srv.base}/topics/T1?page=x`)).status, 400);
  assert.equal((await getJSON(`${srv.base}/api/v1/topics/T1?per_page=500`)).status, 400);
});

test('OpenAlex topics and institutions: the chain, researchers, works, paging', async () => {
  const dir = makeTempDir();
  const files = writePeopleFixture(dir);
  // 55 more works of one person at Lakeside on Neural Coding, for paging
  const extra = path.join(dir, 'paging.jsonl');
  const lines = [];
  for (let i = 1; i <= 55; i++) {
    const key = `W95${String(i).padStart(5, '0')}`;
    lines.push(JSON.stringify({
      id: `https://openalex.org/${key}`, title: `Paging study ${String(i).padStart(2, '0')}`,
      publication_year: 1950 + i, type: 'article', ids: { openalex: `https://openalex.org/${key}` },
      authorships: [{ author_position: 'first', raw_author_name: 'Pat Pager',
        author: { id: 'https://openalex.org/A9399999', display_name: 'Pat Pager' },
        institutions: [INSTITUTIONS.lakeside] }],
      topics: [TOPICS.coding],
    }));
  }
  fs.writeFileSync(extra, lines.join('\n') + '\n');
  const srv = await startServer({ importFiles: [...files, extra] });
  servers.push(srv);
  fs.rmSync(dir, { recursive: true, force: true });

  const t = await json(srv, '/api/v1/topics/openalex:T9200001?per_page=3');
  assert.equal(t.display_name, 'Neural Coding');
  assert.equal(t.level, 'topic');
  assert.deepEqual(t.parents.map((p) => p.display_name), ['Life Sciences', 'Neuroscience', 'Cognitive Neuroscience']);
  assert.deepEqual(t.counts, { works: 4 + 55, researchers: 5 });
  assert.deepEqual(t.researchers.map((r) => [r.display_name, r.works]),
    [['Pat Pager', 55], ['Ben Okafor', 3], ['Ada Stone', 2], ['Dana Ruiz', 1], ['Eli Park', 1]]);
  assert.deepEqual(t.works.results.map((w) => w.publication_year), [2023, 2021, 2019]);
  assert.equal(t.works.meta.next_cursor, '3');
  const next = await json(srv, `/api/v1/topics/${t.id}?per_page=3&cursor=3`);
  assert.deepEqual(next.works.results.map((w) => w.publication_year), [2015, 2005, 2004]);

  // the field's page: its chain, what is under it, every work beneath
  const field = t.parents[1];
  const fieldPage = await getText(`${srv.base}/topics/${field.id}-neuroscience`);
  assert.equal(fieldPage.status, 200);
  assertInOrder(htmlText(fieldPage.text), ['Neuroscience', 'openalex fields/28', 'field',
    'Life Sciences > Neuroscience', 'Under it: Cognitive Neuroscience', '59 works, newest first; 1 to 50'], 'field page');
  assert.match(fieldPage.text, /rel="next" href="\/topics\/T\d+-neuroscience\?page=2">Older works/);
  const second = await getText(`${srv.base}/topics/${field.id}-neuroscience?page=2`);
  assert.equal(second.status, 200);
  const secondText = htmlText(second.text);
  assert.match(secondText, /59 works, newest first; 51 to 59/);
  assert.match(secondText, /Paging study 01 1951/);
  assert.doesNotMatch(second.text, /rel="next"/);
  assert.match(second.text, /rel="prev" href="\/topics\/T\d+-neuroscience\?page=1">Newer works/);
  const past = await getText(`${srv.base}/topics/${field.id}-neuroscience?page=3`);
  assert.equal(past.status, 200);
  assert.match(htmlText(past.text), /No works on this page/);
  assert.equal(await redirect(srv, `/topics/${field.id}?page=2`), `/topics/${field.id}-neuroscience?page=2`);

  // institutions
  const lake = await json(srv, '/api/v1/institutions/openalex:I9100002?per_page=2');
  assert.equal(lake.display_name, 'Lakeside Institute');
  assert.equal(lake.country_code, 'DE');
  assert.deepEqual(lake.ids, { openalex: 'I9100002' });
  assert.match(lake.url, /^\/institutions\/I\d+-lakeside-institute$/);
  assert.deepEqual(lake.counts, { works: 3 + 55, researchers: 3 });
  assert.deepEqual(lake.researchers.map((r) => [r.display_name, r.works]),
    [['Pat Pager', 55], ['Ben Okafor', 3], ['Dana Ruiz', 1]]);
  assert.deepEqual(lake.works.results.map((w) => w.title), ['Recurrent circuits that learn', 'Population dynamics of motor cortex']);
  assert.equal(lake.works.meta.next_cursor, '2');

  // Eastmoor: only Dana's author record names it; no works there
  const east = await json(srv, '/api/v1/institutions/openalex:I9100003');
  assert.deepEqual(east.counts, { works: 0, researchers: 1 });
  assert.deepEqual(east.researchers, [{ id: east.researchers[0].id, display_name: 'Dana Ruiz', works: 0 }]);
  assert.deepEqual(east.works.results, []);

  const id = lake.url.split('/')[2].split('-')[0];
  assert.equal(await redirect(srv, `/institutions/${id}`), lake.url);
  assert.equal(await redirect(srv, '/institutions/openalex:I9100002'), lake.url);
  const page = await getText(srv.base + lake.url);
  assert.equal(page.status, 200);
  assertInOrder(htmlText(page.text), ['Institution', 'Lakeside Institute', 'DE', 'openalex I9100002',
    '58 works, newest first; 1 to 50', 'Recurrent circuits that learn 2023',
    '3 researchers, most works first', 'Pat Pager 55 works', 'Ben Okafor 3 works', 'Dana Ruiz 1 work'], 'institution page');

  // the work page links its institutions to their pages
  const work = await getText(`${srv.base}/api/v1/works/openalex:W9400001`);
  const workPage = await getText(`${srv.base}/works/${JSON.parse(work.text).id}`, { redirect: 'follow' });
  assert.match(workPage.text, /<a href="\/institutions\/I\d+-lakeside-institute">Lakeside Institute<\/a>/);
  assert.match(workPage.text, /<a href="\/topics\/T\d+-neural-coding">Neural Coding<\/a>/);

  // the conflict-of-interest page links a shared institution to its page
  const coi = await getText(`${srv.base}/coi?a=openalex:A9300001&b=openalex:A9300003`);
  assert.match(coi.text, /<a href="\/institutions\/I\d+-northfield-university">Northfield University<\/a>/);
});
