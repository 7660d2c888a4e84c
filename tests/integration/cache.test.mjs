// The response cache: pages are served from memory, and any commit to the
// database, by this server or another process, shows at once.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startServer, run, getText } from './server.mjs';

let srv;
test.before(async () => { srv = await startServer(); });
test.after(async () => { await srv?.stop(); });

const PROFILE = '/researchers/R4-surya-ganguli';

function newWork(n, title) {
  return JSON.stringify({
    id: `https://demo.bzpeer.invalid/W${n}`,
    title,
    publication_year: 2025,
    type: 'article',
    authorships: [{
      author_position: 'first',
      author: { id: 'https://demo.bzpeer.invalid/A4', display_name: 'Surya Ganguli', orcid: null },
      raw_author_name: 'Surya Ganguli',
      institutions: [],
    }],
    topics: [],
  }) + '\n';
}

test('an import by another process shows on the next request', async () => {
  for (let i = 0; i < 3; i++) { // fill both event loops' caches
    const { status, text: body } = await getText(srv.base + PROFILE);
    assert.equal(status, 200);
    assert.match(body, /7 published item\(s\)/);
  }
  const file = path.join(srv.dir, 'more.jsonl');
  fs.writeFileSync(file, newWork(800, 'A cached page must not hide this work'));
  const r = await run(['import', '--quiet', '--db', srv.db, file]);
  assert.equal(r.code, 0, r.stderr);
  for (let i = 0; i < 4; i++) { // whichever loop answers
    const { text: body } = await getText(srv.base + PROFILE);
    assert.match(body, /8 published item\(s\)/);
    assert.match(body, /A cached page must not hide this work/);
  }
  const api = await getText(srv.base + '/api/v1/researchers/R4');
  assert.equal(JSON.parse(api.text).counts.works, 8);
});

test('a POST answer is never served to a later GET of the same target', async () => {
  const post = await fetch(srv.base + '/', { method: 'POST', body: 'x' });
  assert.notEqual(post.status, 200);
  for (let i = 0; i < 3; i++) {
    const { status } = await getText(srv.base + '/');
    assert.equal(status, 200);
  }
});
