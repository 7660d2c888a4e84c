// The command line: `bzpeer import` (report, idempotence, bad records,
// --strict, stdin, gzip, exit codes) and the usage of every command.
// SPEC.md "Interfaces": commands, exit codes, import report.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { run, makeTempDir, testDb, DEMO } from './server.mjs';

let dir;

before(() => {
  dir = makeTempDir('bzpeer-import-');
});

after(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const demoLines = () => fs.readFileSync(DEMO, 'utf8').split('\n').filter((l) => l.trim() !== '');
/** A fresh database (a --db value). */
const freshDb = () => testDb(dir);
/** Write a file into the temp dir; returns its name (relative to the dir). */
function write(name, content) {
  fs.writeFileSync(path.join(dir, name), content);
  return name;
}

/** Run `bzpeer import --json ARGS` in the temp dir; returns {code, stdout, stderr, report}. */
async function importJson(args, opts = {}) {
  const r = await run(['import', '--json', ...args], { cwd: dir, ...opts });
  assert.equal(r.signal, null, `import died of signal ${r.signal}\n${r.stderr}`);
  let report = null;
  if (r.stdout.trim() !== '') {
    try { report = JSON.parse(r.stdout); } catch (e) {
      assert.fail(`import --json printed something that is not JSON (${e.message}):\n${r.stdout}`);
    }
  }
  return { ...r, report };
}

function assertReportShape(report) {
  assert.ok(report && typeof report === 'object', 'no report');
  for (const k of ['new', 'updated', 'merged']) {
    assert.ok(report[k] && typeof report[k] === 'object', `report.${k}`);
  }
  for (const k of ['works', 'researchers', 'topics', 'institutions']) {
    assert.equal(typeof report.new[k], 'number', `report.new.${k}`);
  }
  assert.equal(typeof report.skipped, 'number', 'report.skipped');
  assert.ok(Array.isArray(report.errors), 'report.errors');
  for (const e of report.errors) {
    assert.equal(typeof e.file, 'string', JSON.stringify(e));
    assert.equal(typeof e.line, 'number', JSON.stringify(e));
    assert.equal(typeof e.reason, 'string', JSON.stringify(e));
    assert.ok(e.reason.length > 0, `empty reason: ${JSON.stringify(e)}`);
  }
}

test('import --json of the demo: 7 works, 23 researchers, nothing skipped', async () => {
  const db = freshDb();
  const r = await importJson(['--db', db, DEMO]);
  assert.equal(r.code, 0, r.stderr);
  assertReportShape(r.report);
  assert.equal(r.report.new.works, 7);
  assert.equal(r.report.new.researchers, 23);
  assert.equal(r.report.skipped, 0);
  assert.deepEqual(r.report.errors, []);
  assert.equal(r.stderr, '', 'a clean import writes nothing to stderr');
});

test('importing the demo again adds nothing (idempotent)', async () => {
  const db = freshDb();
  const first = await importJson(['--db', db, DEMO]);
  assert.equal(first.code, 0, first.stderr);
  const again = await importJson(['--db', db, DEMO]);
  assert.equal(again.code, 0, again.stderr);
  assertReportShape(again.report);
  assert.equal(again.report.new.works, 0);
  assert.equal(again.report.new.researchers, 0);
  assert.equal(again.report.new.topics, 0);
  assert.equal(again.report.skipped, 0);
  assert.deepEqual(again.report.errors, []);
});

test('--quiet prints nothing on success', async () => {
  const r = await run(['import', '--quiet', '--db', freshDb(), DEMO], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, '');
});

const MIXED = () => [
  demoLines()[0], // a good work (W1, 7 authors)
  '{not json',
  JSON.stringify({ id: 'https://demo.bzpeer.invalid/W5', title: '' }),
].join('\n') + '\n';

test('bad records are skipped and reported with file, line and reason', async () => {
  const file = write('mixed.jsonl', MIXED());
  const r = await importJson(['--db', freshDb(), file]);
  assert.equal(r.code, 0, `exit ${r.code}: an import that skipped bad records is done\n${r.stderr}`);
  assertReportShape(r.report);
  assert.equal(r.report.skipped, 2);
  assert.equal(r.report.new.works, 1, 'the good line is imported');
  assert.equal(r.report.new.researchers, 7);
  assert.deepEqual(r.report.errors.map((e) => [e.file, e.line]), [[file, 2], [file, 3]]);
  // stderr names them as FILE:LINE: reason.
  assert.match(r.stderr, /mixed\.jsonl:2: \S/);
  assert.match(r.stderr, /mixed\.jsonl:3: \S/);
});

test('--strict stops at the first error, exits 1 and keeps nothing', async () => {
  const file = write('mixed-strict.jsonl', MIXED());
  const db = freshDb();
  const r = await importJson(['--strict', '--db', db, file]);
  assert.equal(r.code, 1, `exit ${r.code}\n${r.stderr}`);
  assert.match(r.stderr, /mixed-strict\.jsonl:2:/);
  if (r.report) {
    assertReportShape(r.report);
    assert.ok(r.report.errors.length >= 1, 'the report names the error');
  }
  // The good line was not kept: importing it alone now finds it new.
  const good = write('good.jsonl', demoLines()[0] + '\n');
  const after = await importJson(['--db', db, good]);
  assert.equal(after.code, 0, after.stderr);
  assert.equal(after.report.new.works, 1, 'the --strict run kept its first work');
  assert.equal(after.report.new.researchers, 7);
});

test('an empty file: exit 1', async () => {
  const file = write('empty.jsonl', '');
  const r = await run(['import', '--db', freshDb(), file], { cwd: dir });
  assert.equal(r.code, 1, `exit ${r.code}\n${r.stderr}`);
  assert.match(r.stderr, /empty\.jsonl/);
});

test("an empty file's report: the reason is a reason, not a second location", async () => {
  const file = write('empty2.jsonl', '');
  const r = await importJson(['--db', freshDb(), file]);
  assert.equal(r.code, 1);
  assertReportShape(r.report);
  assert.equal(r.report.errors.length, 1, JSON.stringify(r.report.errors));
  const [e] = r.report.errors;
  assert.equal(e.file, file);
  assert.ok(!e.reason.includes(`${file}:`), `reason repeats the location: ${JSON.stringify(e)}`);
  // stderr: "FILE:LINE: reason", the location once.
  const line = r.stderr.split('\n').find((l) => l.includes(file));
  assert.ok(line, r.stderr);
  assert.equal(line.split(`${file}:`).length - 1, 1, `location printed twice: ${line}`);
});

test('an empty folder: exit 1, nothing imported, and a folder of one file imports it', async () => {
  // A folder with nothing in it gave qsort a null array (UBSan's nonnull
  // check, under make test-asan).
  fs.mkdirSync(path.join(dir, 'empty-folder'));
  const r = await importJson(['--db', freshDb(), 'empty-folder']);
  assert.equal(r.code, 1, `exit ${r.code}\n${r.stderr}`);
  assertReportShape(r.report);
  assert.equal(r.report.new.works, 0);
  assert.match(r.stderr, /nothing readable was imported/);
  fs.mkdirSync(path.join(dir, 'one-file-folder'));
  fs.copyFileSync(DEMO, path.join(dir, 'one-file-folder', 'works.jsonl'));
  const one = await importJson(['--db', freshDb(), 'one-file-folder']);
  assert.equal(one.code, 0, `exit ${one.code}\n${one.stderr}`);
  assert.equal(one.report.new.works, 7);
});

test('a missing file: exit 1, the file named', async () => {
  const r = await importJson(['--db', freshDb(), 'no-such-file.jsonl']);
  assert.equal(r.code, 1, `exit ${r.code}\n${r.stderr}`);
  assert.match(r.stderr, /no-such-file\.jsonl/);
});

test('usage errors exit 2: no files, an unknown flag, an unknown command', async () => {
  const none = await run(['import', '--db', freshDb()], { cwd: dir });
  assert.equal(none.code, 2, `no files: exit ${none.code}`);
  const flag = await run(['import', '--no-such-flag', '--db', freshDb(), DEMO], { cwd: dir });
  assert.equal(flag.code, 2, `unknown flag: exit ${flag.code}`);
  assert.match(flag.stderr, /no-such-flag/);
  const cmd = await run(['nope'], { cwd: dir });
  assert.equal(cmd.code, 2, `unknown command: exit ${cmd.code}`);
  const bare = await run([], { cwd: dir });
  assert.equal(bare.code, 2, `no command: exit ${bare.code}`);
});

test('--help on each command: exit 0 with "usage:"', async () => {
  for (const args of [['--help'], ['serve', '--help'], ['import', '--help'], ['version', '--help']]) {
    const r = await run(args, { cwd: dir });
    assert.equal(r.code, 0, `bzpeer ${args.join(' ')}: exit ${r.code}`);
    assert.match(r.stdout + r.stderr, /usage:/, `bzpeer ${args.join(' ')}`);
  }
  const imp = await run(['import', '--help'], { cwd: dir });
  for (const flag of ['--db', '--json', '--quiet', '--strict']) {
    assert.ok(imp.stdout.includes(flag), `import --help mentions ${flag}`);
  }
});

test('bzpeer version prints "bzpeer <version>"', async () => {
  const r = await run(['version'], { cwd: dir });
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^bzpeer \d+\.\d+\.\d+\S*\n?$/);
});

test('import - reads standard input', async () => {
  const r = await importJson(['--db', freshDb(), '-'], { input: fs.readFileSync(DEMO) });
  assert.equal(r.code, 0, r.stderr);
  assertReportShape(r.report);
  assert.equal(r.report.new.works, 7);
  assert.equal(r.report.new.researchers, 23);
  assert.equal(r.report.skipped, 0);
});

test('a .gz file imports the same 7 works', async () => {
  const file = write('demo.jsonl.gz', zlib.gzipSync(fs.readFileSync(DEMO)));
  const db = freshDb();
  const r = await importJson(['--db', db, file]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.report.new.works, 7);
  assert.equal(r.report.new.researchers, 23);
  assert.equal(r.report.skipped, 0);
  assert.deepEqual(r.report.errors, []);
  // The same works as the plain file: importing that adds nothing.
  const plain = await importJson(['--db', db, DEMO]);
  assert.equal(plain.report.new.works, 0);
  assert.equal(plain.report.new.researchers, 0);
});

test('a truncated .gz: an error naming the file, no crash, a usable database', async () => {
  const gz = zlib.gzipSync(fs.readFileSync(DEMO));
  const file = write('truncated.jsonl.gz', gz.subarray(0, Math.floor(gz.length / 2)));
  const db = freshDb();
  const r = await importJson(['--db', db, file]);
  assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}\n${r.stderr}`);
  assert.match(r.stderr, /truncated\.jsonl\.gz/, 'stderr names the file');
  assertReportShape(r.report);
  assert.ok(r.report.errors.length >= 1, 'the report has an error');
  assert.ok(r.report.errors.every((e) => e.file === file), JSON.stringify(r.report.errors));
  const kept = r.report.new.works;
  assert.ok(kept >= 0 && kept < 7, `kept ${kept} works of a half file`);
  // The works kept are whole: importing the full demo adds exactly the rest.
  const full = await importJson(['--db', db, DEMO]);
  assert.equal(full.code, 0, full.stderr);
  assert.equal(full.report.new.works, 7 - kept);
  assert.equal(full.report.skipped, 0);
});

test('invalid UTF-8 inside a JSON string: that line is skipped with a reason', async () => {
  const lines = demoLines().slice(0, 3).map((l) => Buffer.from(l, 'utf8'));
  const marker = Buffer.from('How many degrees');
  const i = lines[1].indexOf(marker);
  assert.ok(i > 0, 'the demo line 2 has the title of work #2');
  lines[1] = Buffer.concat([lines[1].subarray(0, i + 3), Buffer.from([0xff, 0xfe, 0xc3]), lines[1].subarray(i + 3)]);
  const file = write('bad-utf8.jsonl', Buffer.concat(lines.flatMap((l) => [l, Buffer.from('\n')])));
  const r = await importJson(['--db', freshDb(), file]);
  assert.equal(r.code, 0, r.stderr);
  assertReportShape(r.report);
  assert.equal(r.report.skipped, 1);
  assert.equal(r.report.new.works, 2);
  assert.equal(r.report.errors.length, 1);
  assert.equal(r.report.errors[0].file, file);
  assert.equal(r.report.errors[0].line, 2);
  assert.ok(r.report.errors[0].reason.length > 0);
});
