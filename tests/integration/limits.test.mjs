// Caps on what one record may be: a 50 MB line, fields longer than any
// real one. Each is skipped with a reason; the records around it import.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { run, makeTempDir, testDb } from './server.mjs';

const work = (n, extra = {}) => JSON.stringify({
  id: `https://demo.bzpeer.invalid/W${n}`, title: `Work ${n}`, authorships: [], ...extra,
});

test('a 50 MB line and oversized fields are skipped, the rest imported', async () => {
  const dir = makeTempDir();
  try {
    const file = path.join(dir, 'big.jsonl');
    const huge = 'a'.repeat(50 * 1024 * 1024);
    fs.writeFileSync(file, [
      work(1),
      work(2, { abstract_inverted_index: { [huge]: [0] } }),
      work(3, { title: 't'.repeat(5000) }),
      work(4, { abstract_inverted_index: { ['w'.repeat(2 * 1024 * 1024)]: [0] } }),
      work(5, { authorships: [{ author: { display_name: 'n'.repeat(2000) }, raw_author_name: 'n'.repeat(2000) }] }),
      work(6),
    ].join('\n') + '\n');
    const r = await run(['import', '--json', '--db', testDb(dir, 'b'), file]);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.equal(report.new.works, 2);
    assert.equal(report.skipped, 4);
    assert.deepEqual(report.errors.map((e) => e.line), [2, 3, 4, 5]);
    assert.match(report.errors[0].reason, /record longer than 16777216 bytes/);
    for (const e of report.errors.slice(1)) assert.match(e.reason, /longer|too long|bytes/, e.reason);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
