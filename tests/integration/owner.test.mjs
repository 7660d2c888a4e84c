// The owner of a claimed record edits it through real HTTP: the profile
// fields (self-asserted, escaped, earning nothing), hidden former names,
// featured and hidden works, works marked "not mine" (split off); another
// account gets 403 everywhere; CSRF is required. And the opt-out of an
// unclaimed record, from the request to 410 Gone and back.

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startAccountServer, browser, htmlText, readMails, DEMO } from './server.mjs';

const PASSWORD = 'lantern-orchid-7341';
const servers = [];
after(async () => {
  for (const s of servers.splice(0)) await s.stop();
});

async function userAdd(srv, email, role) {
  const args = ['user', 'add', '--db', srv.db, '--password-stdin'];
  if (role) args.push('--role', role);
  const r = await srv.bzpeer([...args, email], { input: PASSWORD + '\n' });
  assert.equal(r.code, 0, r.stderr);
  return Number(/A(\d+)/.exec(r.stdout)[1]);
}

async function login(srv, email) {
  const b = browser(srv.base);
  const r = await b.submit('/login', { email, password: PASSWORD });
  assert.equal(r.status, 303, r.text);
  return b;
}

async function claim(srv, email, record) {
  let r = await srv.bzpeer(['claims', 'add', '--db', srv.db, '--account', email,
    '--evidence', 'statement', '--note', 'These are my papers.', record]);
  assert.equal(r.code, 0, r.stderr);
  const id = /C(\d+)/.exec(r.stdout)[0];
  r = await srv.bzpeer(['claims', 'approve', '--db', srv.db, id]);
  assert.equal(r.code, 0, r.stderr);
}

async function json(srv, p) {
  const res = await fetch(srv.base + p);
  return { status: res.status, body: await res.json() };
}

async function audit(srv, subject) {
  const r = await srv.bzpeer(['audit', '--db', srv.db, subject]);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout.split('\n').filter(Boolean).map((l) => l.split('\t'));
}

function component(trust, name) {
  return trust.components.find((c) => c.name === name);
}

test('an owner edits the record; nobody else can; CSRF is required', async () => {
  const srv = await startAccountServer({ importFiles: [DEMO] });
  servers.push(srv);
  await userAdd(srv, 'surya@example.org');
  await userAdd(srv, 'other@example.org');
  await claim(srv, 'surya@example.org', 'R4');
  const before = (await json(srv, '/api/v1/researchers/R4')).body;
  assert.equal(before.trust.score, 36);
  assert.equal(before.counts.works, 7);

  const owner = await login(srv, 'surya@example.org');
  let r = await owner.get('/researchers/R4/edit');
  assert.equal(r.status, 200, r.text);
  assert.match(r.text, /name="display_name"/);

  // the anonymous page offers no edit link; the owner's does
  const anon = await fetch(srv.base + '/researchers/R4-surya-ganguli');
  assert.doesNotMatch(await anon.text(), /Edit this profile/);
  r = await owner.get('/researchers/R4-surya-ganguli');
  assert.match(r.text, /href="\/researchers\/R4\/edit">Edit this profile/);

  // CSRF missing
  r = await owner.post('/researchers/R4/edit', { section: 'profile', display_name: 'X' });
  assert.equal(r.status, 403);

  const name = 'S. <script>alert(1)</script> G.';
  r = await owner.submit('/researchers/R4/edit', {
    section: 'profile', display_name: name, affiliation: '<script>lab()</script> Lab',
    summary: 'I study <b>neural</b> codes.',
  });
  assert.equal(r.status, 200, r.text);
  assert.doesNotMatch(r.text, /<script>alert/);

  const after1 = (await json(srv, '/api/v1/researchers/R4')).body;
  assert.equal(after1.display_name, name);
  assert.equal(after1.self_asserted_affiliation, '<script>lab()</script> Lab');
  assert.equal(after1.summary, 'I study <b>neural</b> codes.');
  assert.equal(after1.open_to_collaborate, false);
  assert.equal(after1.trust.score, 36, 'self-asserted edits never raise the score');
  assert.equal(component(after1.trust, 'affiliation').points, 0);
  const page = await fetch(srv.base + after1.url).then((x) => x.text());
  assert.doesNotMatch(page, /<script>/);
  assert.doesNotMatch(page, /<b>neural/);
  assert.match(page, /&lt;script&gt;lab\(\)&lt;\/script&gt; Lab \(self-asserted\)/);
  assert.doesNotMatch(page, /Open to collaborate<\/span>/);

  // the former name is found, until it is hidden
  let found = (await json(srv, '/api/v1/researchers?q=surya')).body;
  assert.ok(JSON.stringify(found).includes('"R4"'), JSON.stringify(found));
  r = await owner.get('/researchers/R4/edit');
  assert.match(r.text, /name="name_0" value="Surya Ganguli"/);
  r = await owner.submit('/researchers/R4/edit', { section: 'names', name_0: 'Surya Ganguli', hide_0: '1' });
  assert.equal(r.status, 200, r.text);
  found = (await json(srv, '/api/v1/researchers?q=surya')).body;
  assert.ok(!JSON.stringify(found).includes('"R4"'), JSON.stringify(found));

  // works: W1 hidden, W2 featured, W3 not mine
  r = await owner.submit('/researchers/R4/edit', {
    section: 'works', work_0: '1', work_0_state: 'hidden', work_1: '2', work_1_state: 'featured',
    work_2: '3', work_2_state: 'not_mine',
  });
  assert.equal(r.status, 200, r.text);
  const m = /now R(\d+)/.exec(htmlText(r.text));
  assert.ok(m, htmlText(r.text));
  const split = (await json(srv, `/api/v1/researchers/R${m[1]}`)).body;
  assert.equal(split.counts.works, 1);
  const after2 = (await json(srv, '/api/v1/researchers/R4')).body;
  assert.equal(after2.counts.works, 5);
  assert.equal(component(after2.trust, 'works').points, 5);
  const page2 = await fetch(srv.base + after2.url).then((x) => x.text());
  assert.match(page2, /Featured by the researcher/);
  assert.ok(page2.indexOf('/works/W2') < page2.indexOf('/works/W4'), 'the featured work comes first');
  assert.ok(!page2.includes('/works/W1-') && !page2.includes('/works/W1"'), 'the hidden work is not listed');
  const bib = await fetch(srv.base + '/export/researchers/R4.bib').then((x) => x.text());
  assert.ok(bib.includes('@'), bib);
  assert.ok(!bib.includes('2605.12485'), 'the hidden work is not exported');
  const entries = await audit(srv, 'R4');
  const splitEntry = entries.find((e) => e.includes('split'));
  assert.ok(splitEntry, JSON.stringify(entries));
  assert.ok(splitEntry.includes('marked not mine by its owner'), JSON.stringify(splitEntry));
  assert.ok(entries.some((e) => e.includes('owner_edit') && e.some((f) => /^A\d+$/.test(f))));

  // another account: 403 on every route with the owner's record id
  const other = await login(srv, 'other@example.org');
  r = await other.get('/researchers/R4/edit');
  assert.equal(r.status, 403);
  const csrf = await other.csrf('/account');
  for (const section of ['profile', 'names', 'works']) {
    r = await other.post('/researchers/R4/edit', {
      csrf, section, display_name: 'Taken', name_0: 'Surya Ganguli', work_0: '4', work_0_state: 'not_mine',
    });
    assert.equal(r.status, 403, section);
  }
  assert.equal((await json(srv, '/api/v1/researchers/R4')).body.display_name, name);
});

test('opt-out of an unclaimed record: request, 410 Gone, restore', async () => {
  const srv = await startAccountServer({ importFiles: [DEMO] });
  servers.push(srv);
  await userAdd(srv, 'person@example.org');
  await userAdd(srv, 'mod@example.org', 'moderator');
  const person = await login(srv, 'person@example.org');
  // every visitor of an unclaimed record's profile finds the way there
  const profile = await fetch(srv.base + '/researchers/R5', { redirect: 'follow' }).then((x) => x.text());
  assert.match(profile, /<a href="\/researchers\/R5\/opt-out">Ask for this record to be hidden<\/a>/);
  let r = await person.get('/researchers/R5/opt-out');
  assert.equal(r.status, 200, r.text);
  r = await person.post('/researchers/R5/opt-out', { note: 'no csrf' });
  assert.equal(r.status, 403);
  r = await person.submit('/researchers/R5/opt-out', { note: 'This is me; please hide it.' });
  assert.equal(r.status, 200, r.text);
  assert.match(htmlText(r.text), /waits for a moderator/);

  const mod = await login(srv, 'mod@example.org');
  const csrf = await mod.csrf('/account');
  const queue = await mod.get('/moderate');
  assert.equal(queue.status, 200);
  assert.match(htmlText(queue.text), /This is me; please hide it\./, 'the moderators see the request and its note');
  assert.match(queue.text, /action="\/moderate\/opt-outs"/);
  r = await person.post('/moderate/opt-outs', { csrf: await person.csrf('/account'), id: '1', decision: 'approve' });
  assert.equal(r.status, 403, 'only moderators decide');
  r = await mod.post('/moderate/opt-outs', { csrf, id: '1', decision: 'approve', reason: 'asked in a test' });
  assert.equal(r.status, 303, r.text);

  const page = await fetch(srv.base + '/researchers/R5');
  assert.equal(page.status, 410);
  assert.match(await page.text(), /hidden at the request of the person/);
  assert.equal((await json(srv, '/api/v1/researchers/R5')).status, 410);
  const list = JSON.stringify((await json(srv, '/api/v1/researchers')).body);
  assert.ok(!list.includes('"R5"'), list);
  const merge = await srv.bzpeer(['merge', '--db', srv.db, 'R4', 'R5']);
  assert.notEqual(merge.code, 0, 'a merge refuses a hidden record');
  assert.equal((await fetch(srv.base + '/export/researchers/R5.bib')).status, 410);
  const claimed = await srv.bzpeer(['claims', 'add', '--db', srv.db, '--account', 'person@example.org',
    '--evidence', 'statement', '--note', 'mine', 'R5']);
  assert.notEqual(claimed.code, 0, 'a claim refuses a hidden record');

  r = await mod.post('/moderate/opt-outs', { csrf, id: '1', decision: 'restore' });
  assert.equal(r.status, 303, r.text);
  assert.equal((await fetch(srv.base + '/api/v1/researchers/R5')).status, 200);

  const actions = (await audit(srv, 'R5')).map((e) => e.find((f) => f.startsWith('opt_out_')));
  assert.deepEqual(actions.filter(Boolean), ['opt_out_request', 'opt_out_approve', 'opt_out_restore']);
  const mails = readMails(srv.mailDir).filter((x) => x.headers.to.includes('person@example.org'));
  assert.equal(mails.length, 2, 'a mail for each decision');
  assert.match(mails[0].text, /asked in a test/);
});
