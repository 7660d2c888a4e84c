// What accounts say about works, through real HTTP: like or dislike (one
// per account, changeable, counts exact at once), saves into named
// collections (rename, delete, private), structured reviews (ratings
// checked, edited by their author only, reported, hidden or dismissed on
// /moderate), code and dataset links (from the abstract, and added by the
// owner of an author's record only), and the account's export and
// deletion. Logged out the work page is the same cached bytes for
// everyone; logged in it has the forms and the viewer's own state; every
// POST is CSRF-checked.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  startAccountServer, browser, htmlText, formField, makeTempDir, DEMO,
} from './server.mjs';

const PASSWORD = 'lantern-orchid-7341';
let srv;
let extraDir;
let W2; // the demo's "degrees of freedom" work: Surya Ganguli (R4) an author
let DATA; // a work whose abstract gives code and dataset links

// An OpenAlex work whose abstract names a code host and two data
// repositories, so that the page counts what the metadata gives.
function extraWork() {
  const words = ['Data', 'at', 'https://zenodo.org/records/4242.', 'and',
    'https://doi.org/10.5281/zenodo.777', '(code:', 'https://github.com/example/tool).',
    'See', 'https://example.org/nothing.'];
  const index = {};
  words.forEach((w, i) => { (index[w] = index[w] || []).push(i); });
  return {
    id: 'https://demo.bzpeer.invalid/W900', title: 'A dataset of neural recordings',
    display_name: 'A dataset of neural recordings', publication_year: 2025, type: 'article',
    ids: { openalex: 'https://demo.bzpeer.invalid/W900' },
    authorships: [{ author_position: 'first',
      author: { id: 'https://demo.bzpeer.invalid/A4', display_name: 'Surya Ganguli', orcid: null },
      raw_author_name: 'Surya Ganguli', institutions: [] }],
    abstract_inverted_index: index,
  };
}

before(async () => {
  extraDir = makeTempDir('bzpeer-react-');
  const extra = path.join(extraDir, 'extra.jsonl');
  fs.writeFileSync(extra, JSON.stringify(extraWork()) + '\n');
  srv = await startAccountServer({ importFiles: [DEMO, extra] });
  const works = (await json('/api/v1/researchers/R4/works?per_page=50')).results;
  W2 = works.find((w) => w.title.startsWith('How many degrees of freedom')).id;
  DATA = works.find((w) => w.title === 'A dataset of neural recordings').id;
  for (const [email, role] of [['ada@example.org'], ['bob@example.org'],
    ['mod@example.org', 'moderator'], ['surya@example.org'], ['kadmon@example.org']]) {
    const args = ['user', 'add', '--db', srv.db, '--password-stdin'];
    if (role) args.push('--role', role);
    const r = await srv.bzpeer([...args, email], { input: PASSWORD + '\n' });
    assert.equal(r.code, 0, r.stderr);
  }
});

after(async () => {
  if (srv) await srv.stop();
  if (extraDir) fs.rmSync(extraDir, { recursive: true, force: true });
});

async function json(p) {
  const res = await fetch(srv.base + p);
  assert.equal(res.status, 200, p);
  return res.json();
}

async function counts(work) {
  return (await json(`/api/v1/works/${work}`)).counts;
}

async function signIn(email) {
  const b = browser(srv.base);
  const r = await b.submit('/login', { email, password: PASSWORD });
  assert.equal(r.status, 303, r.text);
  return b;
}

/** The work's canonical page for a browser (following the slug's 301). */
async function workPage(b, work) {
  let r = await b.get(`/works/${work}`);
  if (r.status === 301) r = await b.get(new URL(r.location, srv.base).pathname);
  assert.equal(r.status, 200, r.text);
  return r;
}

/** POSTs fields with the work page's CSRF token to action. */
async function act(b, work, action, fields) {
  const page = await workPage(b, work);
  const csrf = formField(page.text, 'csrf');
  assert.ok(csrf, 'the signed-in page has a CSRF token');
  return b.post(action, { csrf, ...fields });
}

async function anonymousPage(work) {
  const res = await fetch(`${srv.base}/works/${work}`);
  assert.equal(res.status, 200);
  return { text: await res.text(), cache: res.headers.get('cache-control') };
}

async function claim(email, record) {
  let r = await srv.bzpeer(['claims', 'add', '--db', srv.db, '--account', email,
    '--evidence', 'statement', '--note', 'Mine.', record]);
  assert.equal(r.code, 0, r.stderr);
  r = await srv.bzpeer(['claims', 'approve', '--db', srv.db, /C(\d+)/.exec(r.stdout)[0]]);
  assert.equal(r.code, 0, r.stderr);
}

test('logged out: counts and links that ask to log in, the same bytes for all', async () => {
  const a = await anonymousPage(W2);
  const b = await anonymousPage(W2);
  assert.equal(a.text, b.text, 'two anonymous visitors get the same page');
  assert.equal(formField(a.text, 'csrf'), null, 'no form, no token on the shared page');
  const text = htmlText(a.text);
  for (const s of ['Log in to curate', 'Log in to review', '0 review(s)', 'Like 0', 'Dislike 0',
    '0 reviews', '0 saves', '1 code link', '0 dataset links']) assert.ok(text.includes(s), s);
  assert.match(a.text, new RegExp(`href="/works/${W2}/react">Like`));

  const anon = browser(srv.base);
  for (const action of ['react', 'save', 'reviews']) {
    const r = await anon.get(`/works/${W2}/${action}`);
    assert.equal(r.status, 303, action);
    assert.equal(r.location, `/login?next=/works/${W2}`);
  }
  const r = await anon.post(`/works/${W2}/react`, { reaction: 'like' });
  assert.equal(r.status, 401, 'a POST without a session is refused');
  assert.equal((await counts(W2)).likes, 0);
});

test('one reaction per account, changeable, counts exact at once; CSRF enforced', async () => {
  const ada = await signIn('ada@example.org');
  const bob = await signIn('bob@example.org');
  const page = await workPage(ada, W2);
  assert.match(page.res.headers.get('cache-control'), /private/);
  assert.match(page.res.headers.get('cache-control'), /no-store/);

  let r = await ada.post(`/works/${W2}/react`, { reaction: 'like' });
  assert.equal(r.status, 403, 'no CSRF token');
  r = await ada.post(`/works/${W2}/react`, { reaction: 'like', csrf: 'forged' });
  assert.equal(r.status, 403, 'a wrong CSRF token');

  r = await act(ada, W2, `/works/${W2}/react`, { reaction: 'like' });
  assert.equal(r.status, 303, r.text);
  assert.match(r.location, new RegExp(`^/works/${W2}-[^#]+#next-steps$`));
  assert.deepEqual([(await counts(W2)).likes, (await counts(W2)).dislikes], [1, 0]);
  assert.ok(htmlText((await anonymousPage(W2)).text).includes('Like 1'), 'the cached page moved at once');

  r = await act(ada, W2, `/works/${W2}/react`, { reaction: 'like' });
  assert.equal(r.status, 303);
  assert.equal((await counts(W2)).likes, 1, 'liking twice is one like');
  const mine = await workPage(ada, W2);
  assert.match(mine.text, /aria-pressed="true">Liked/);
  assert.ok(htmlText(mine.text).includes('You like this work'));

  r = await act(ada, W2, `/works/${W2}/react`, { reaction: 'dislike' });
  assert.equal(r.status, 303);
  let c = await counts(W2);
  assert.deepEqual([c.likes, c.dislikes], [0, 1], 'changed, not added');
  r = await act(bob, W2, `/works/${W2}/react`, { reaction: 'like' });
  c = await counts(W2);
  assert.deepEqual([c.likes, c.dislikes], [1, 1]);
  r = await act(ada, W2, `/works/${W2}/react`, { reaction: 'none' });
  c = await counts(W2);
  assert.deepEqual([c.likes, c.dislikes], [1, 0], 'taken back');

  r = await act(ada, W2, `/works/${W2}/react`, { reaction: 'love' });
  assert.equal(r.status, 400);
  assert.match(htmlText(r.text), /like.*dislike.*none/);
  const missing = await ada.post('/works/W99999/react', { reaction: 'like',
    csrf: formField((await workPage(ada, W2)).text, 'csrf') });
  assert.equal(missing.status, 404);
  assert.equal((await ada.post(`/works/${W2}`, {})).status, 405);
});

test('saves into named collections; rename, delete, private to their account', async () => {
  const ada = await signIn('ada@example.org');
  const bob = await signIn('bob@example.org');
  let r = await act(ada, W2, `/works/${W2}/save`, { new_collection: 'Reading <list>' });
  assert.equal(r.status, 303, r.text);
  assert.equal((await counts(W2)).saves, 1);
  let page = await workPage(ada, W2);
  assert.ok(htmlText(page.text).includes('Reading <list> (saved)'));
  assert.doesNotMatch(page.text, /Reading <list>/, 'the name is escaped');
  const id = /href="\/library\/(\d+)">Reading/.exec(page.text)[1];

  r = await act(ada, W2, `/works/${W2}/save`, { new_collection: 'Reading <list>' });
  assert.equal(r.status, 409, 'a second collection of the same name');
  r = await act(ada, W2, `/works/${W2}/save`, { new_collection: '   ' });
  assert.equal(r.status, 400);
  r = await act(ada, W2, `/works/${W2}/save`, { new_collection: 'x'.repeat(101) });
  assert.equal(r.status, 400);
  assert.match(htmlText(r.text), /longer than 100 bytes/);

  // a second collection, the same work: still one account saving it
  r = await act(ada, W2, `/works/${W2}/save`, { new_collection: 'Loss landscapes' });
  assert.equal((await counts(W2)).saves, 1);
  r = await act(bob, W2, `/works/${W2}/save`, { new_collection: 'Mine' });
  assert.equal((await counts(W2)).saves, 2);

  r = await ada.get('/library');
  assert.equal(r.status, 200);
  assert.match(r.res.headers.get('cache-control'), /no-store/);
  assert.ok(htmlText(r.text).includes('2 collections'));
  r = await ada.get(`/library/${id}`);
  assert.ok(htmlText(r.text).includes('1 saved work'));
  assert.equal((await bob.get(`/library/${id}`)).status, 404, "another account's collection");
  assert.equal((await browser(srv.base).get('/library')).status, 303, 'log in first');
  const bobCsrf = formField((await bob.get('/library')).text, 'csrf');
  r = await bob.post(`/library/${id}/rename`, { csrf: bobCsrf, name: 'Taken' });
  assert.equal(r.status, 404);
  r = await bob.post(`/works/${W2}/save`, { csrf: bobCsrf, collection: id, in: '0' });
  assert.equal(r.status, 404, "nobody takes a work out of another's collection");

  r = await ada.submit('/library', { name: 'Loss landscapes' }, `/library/${id}/rename`);
  assert.equal(r.status, 409);
  r = await ada.submit('/library', { name: 'Renamed' }, `/library/${id}/rename`);
  assert.equal(r.status, 303);
  assert.equal(r.location, '/library');
  assert.ok(htmlText((await ada.get('/library')).text).includes('Renamed'));
  r = await ada.post(`/library/${id}/rename`, { name: 'No token' });
  assert.equal(r.status, 403);

  // take it out of one, then delete the other: no save of ada's is left
  r = await act(ada, W2, `/works/${W2}/save`, { collection: id, in: '0' });
  assert.equal(r.status, 303);
  assert.ok(htmlText((await ada.get(`/library/${id}`)).text).includes('0 saved works'));
  page = await workPage(ada, W2);
  const other = /href="\/library\/(\d+)">Loss landscapes/.exec(page.text)[1];
  r = await ada.submit('/library', {}, `/library/${other}/delete`);
  assert.equal(r.status, 303);
  assert.equal((await ada.get(`/library/${other}`)).status, 404);
  assert.equal((await counts(W2)).saves, 1, "only bob's save is left");
  r = await ada.submit('/library', { name: 'Fresh' }, '/library');
  assert.equal(r.status, 303);
  assert.ok(htmlText((await ada.get('/library')).text).includes('Fresh'));
});

test('reviews: a template, ratings checked, edited by the author only', async () => {
  const ada = await signIn('ada@example.org');
  const bob = await signIn('bob@example.org');
  const good = { summary: 'A clear <b>loss</b> landscape study.', soundness: '4',
    significance: '5', comments: 'Line one.\nLine two.' };
  for (const [bad, reason] of [[{ soundness: '6' }, /soundness rating must be a whole number from 1 to 5/],
    [{ soundness: '0' }, /from 1 to 5/], [{ significance: 'abc' }, /significance rating/],
    [{ significance: '3.5' }, /significance rating/], [{ soundness: '' }, /soundness rating is required/],
    [{ summary: '  ' }, /summary is required/], [{ summary: 'x'.repeat(2001) }, /longer than 2000/]]) {
    const r = await act(ada, W2, `/works/${W2}/reviews`, { ...good, ...bad });
    assert.equal(r.status, 400, JSON.stringify(bad));
    assert.match(htmlText(r.text), reason);
  }
  assert.equal((await counts(W2)).reviews, 0, 'nothing half-written');

  let r = await ada.post(`/works/${W2}/reviews`, good);
  assert.equal(r.status, 403, 'no CSRF token');
  r = await act(ada, W2, `/works/${W2}/reviews`, good);
  assert.equal(r.status, 303, r.text);
  assert.match(r.location, /#reviews$/);
  assert.equal((await counts(W2)).reviews, 1);
  const anon = await anonymousPage(W2);
  const text = htmlText(anon.text);
  assert.ok(text.includes('1 review(s)'));
  assert.ok(text.includes('Soundness 4/5 Significance 5/5'));
  assert.ok(text.includes('A clear <b>loss</b> landscape study.'));
  assert.ok(text.includes('By a bzpeer member'));
  assert.doesNotMatch(anon.text, /<b>loss/);
  const id = /id="review-(\d+)"/.exec(anon.text)[1];
  r = await act(ada, W2, `/works/${W2}/reviews`, good);
  assert.equal(r.status, 409, 'one review per account');

  // the author sees the edit form with their values; nobody else does
  const mine = await workPage(ada, W2);
  assert.match(mine.text, new RegExp(`action="/reviews/${id}/edit"`));
  assert.match(mine.text, /<option value="4" selected>4<\/option>/);
  assert.doesNotMatch((await workPage(bob, W2)).text, /\/edit"/);

  r = await act(bob, W2, `/reviews/${id}/edit`, { ...good, summary: 'Hijacked' });
  assert.equal(r.status, 403, "another account edits someone's review");
  r = await act(ada, W2, `/reviews/${id}/edit`, { ...good, soundness: '9' });
  assert.equal(r.status, 400);
  r = await ada.post(`/reviews/${id}/edit`, { ...good, summary: 'No token' });
  assert.equal(r.status, 403);
  r = await act(ada, W2, `/reviews/${id}/edit`, { ...good, summary: 'Revised summary.', soundness: '3', comments: '' });
  assert.equal(r.status, 303);
  assert.match(r.location, new RegExp(`#review-${id}$`));
  const after1 = htmlText((await anonymousPage(W2)).text);
  assert.ok(after1.includes('Revised summary.'));
  assert.ok(after1.includes('Soundness 3/5'));
  assert.ok(!after1.includes('Hijacked'));
  assert.equal((await browser(srv.base).post(`/reviews/${id}/edit`, good)).status, 303, 'log in first');
  assert.equal((await ada.get('/reviews/999999/report')).status, 404);
});

test('a reported review: a moderator hides it or dismisses the report', async () => {
  const ada = await signIn('ada@example.org');
  const bob = await signIn('bob@example.org');
  const mod = await signIn('mod@example.org');
  let r = await act(bob, W2, `/works/${W2}/reviews`, { summary: 'Spam spam spam.', soundness: '1', significance: '1' });
  assert.equal(r.status, 303);
  const page = (await anonymousPage(W2)).text;
  const ids = [...page.matchAll(/id="review-(\d+)"/g)].map((m) => m[1]);
  assert.equal(ids.length, 2);
  const [adaReview, spam] = ids;
  assert.equal((await counts(W2)).reviews, 2);

  // logged out, the report link asks to log in first
  r = await browser(srv.base).get(`/reviews/${spam}/report`);
  assert.equal(r.status, 303);
  assert.match(r.location, /^\/login\?next=/);
  r = await ada.get(`/reviews/${spam}/report`);
  assert.equal(r.status, 200);
  assert.ok(htmlText(r.text).includes('Spam spam spam.'));
  r = await ada.submit(`/reviews/${spam}/report`, { reason: '' });
  assert.equal(r.status, 400);
  r = await ada.post(`/reviews/${spam}/report`, { reason: 'No token' });
  assert.equal(r.status, 403);
  r = await ada.submit(`/reviews/${spam}/report`, { reason: 'It is spam.' });
  assert.equal(r.status, 303, r.text);
  r = await ada.submit(`/reviews/${spam}/report`, { reason: 'Again.' });
  assert.equal(r.status, 409, 'one open report per account');
  r = await bob.submit(`/reviews/${adaReview}/report`, { reason: 'I disagree.' });
  assert.equal(r.status, 303);

  r = await ada.get('/moderate');
  assert.equal(r.status, 403, 'only moderators see the queue');
  r = await mod.get('/moderate');
  const queue = htmlText(r.text);
  assert.ok(queue.includes('Reported reviews (2)'), queue);
  assert.ok(queue.includes('It is spam.') && queue.includes('Spam spam spam.'));
  const reports = [...r.text.matchAll(/<strong>Report (\d+)<\/strong>/g)].map((m) => m[1]);
  assert.equal(reports.length, 2);

  const adaCsrf = formField((await ada.get('/library')).text, 'csrf');
  r = await ada.post('/moderate/reviews', { csrf: adaCsrf, id: reports[0], decision: 'hide' });
  assert.equal(r.status, 403, 'a user cannot decide');
  r = await mod.post('/moderate/reviews', { id: reports[0], decision: 'hide' });
  assert.equal(r.status, 403, 'no CSRF token');
  r = await mod.submit('/moderate', { id: reports[0], decision: 'delete' }, '/moderate/reviews');
  assert.equal(r.status, 400);
  r = await mod.submit('/moderate', { id: reports[0], decision: 'hide' }, '/moderate/reviews');
  assert.equal(r.status, 303);
  assert.equal(r.location, '/moderate?done=review');
  r = await mod.submit('/moderate', { id: reports[0], decision: 'dismiss' }, '/moderate/reviews');
  assert.equal(r.status, 409, 'decided already');
  r = await mod.submit('/moderate', { id: reports[1], decision: 'dismiss' }, '/moderate/reviews');
  assert.equal(r.status, 303);

  const after1 = htmlText((await anonymousPage(W2)).text);
  assert.ok(!after1.includes('Spam spam spam.'), 'the hidden review is gone');
  assert.ok(after1.includes('Revised summary.'), 'the dismissed report leaves its review');
  assert.ok(after1.includes('1 review(s)'));
  assert.equal((await counts(W2)).reviews, 1);
  assert.ok(htmlText((await mod.get('/moderate')).text).includes('Reported reviews (0)'));
  const bobCsrf = formField((await bob.get('/library')).text, 'csrf');
  r = await bob.post(`/reviews/${spam}/report`, { csrf: bobCsrf, reason: 'x' });
  assert.equal(r.status, 404, 'a hidden review cannot be reported');
  r = await bob.post(`/reviews/${spam}/edit`, { csrf: bobCsrf, summary: 'x', soundness: '1', significance: '1' });
  assert.equal(r.status, 404, 'or edited');
  // bob may review again? No: his hidden review still counts as his one
  r = await act(bob, W2, `/works/${W2}/reviews`, { summary: 'Again', soundness: '2', significance: '2' });
  assert.equal(r.status, 409);

  // the moderators see what a report hid, and may show it again
  let hidden = await mod.get('/moderate');
  assert.ok(htmlText(hidden.text).includes('Reviews hidden on a report (1)'), htmlText(hidden.text));
  assert.match(hidden.text, /value="restore">Show the review again</);
  r = await mod.submit('/moderate', { id: reports[1], decision: 'restore' }, '/moderate/reviews');
  assert.equal(r.status, 409, 'a dismissed report hid nothing');
  r = await ada.post('/moderate/reviews', { csrf: adaCsrf, id: reports[0], decision: 'restore' });
  assert.equal(r.status, 403, 'a user cannot restore');
  r = await mod.submit('/moderate', { id: '99999', decision: 'restore' }, '/moderate/reviews');
  assert.equal(r.status, 404);
  r = await mod.submit('/moderate', { id: reports[0], decision: 'restore' }, '/moderate/reviews');
  assert.equal(r.status, 303);
  const after2 = htmlText((await anonymousPage(W2)).text);
  assert.ok(after2.includes('Spam spam spam.'), 'the restored review is shown again');
  assert.equal((await counts(W2)).reviews, 2);
  hidden = htmlText((await mod.get('/moderate')).text);
  assert.ok(hidden.includes('Reviews hidden on a report (0)') && hidden.includes('Reported reviews (0)'), hidden);
  r = await mod.submit('/moderate', { id: reports[0], decision: 'restore' }, '/moderate/reviews');
  assert.equal(r.status, 409, 'restored already');
  r = await bob.post(`/reviews/${spam}/report`, { csrf: bobCsrf, reason: 'again' });
  assert.equal(r.status, 303, 'a restored review can be reported again');
  // and hidden again, as the tests below expect it
  const again = [...(await mod.get('/moderate')).text.matchAll(/<strong>Report (\d+)<\/strong>/g)].map((m) => m[1]);
  assert.equal(again.length, 1);
  r = await mod.submit('/moderate', { id: again[0], decision: 'hide' }, '/moderate/reviews');
  assert.equal(r.status, 303);
  assert.equal((await counts(W2)).reviews, 1);
});

test('code and dataset links: from the abstract, and added by an author record owner only', async () => {
  let c = await counts(DATA);
  assert.deepEqual([c.code, c.dataset], [1, 2], 'the abstract gives a code link and two dataset links');
  let text = htmlText((await anonymousPage(DATA)).text);
  assert.ok(text.includes('code: https://github.com/example/tool found in the abstract'), text);
  assert.ok(text.includes('dataset: https://zenodo.org/records/4242 found in the abstract'));
  assert.ok(text.includes('dataset: https://doi.org/10.5281/zenodo.777 found in the abstract'));
  assert.doesNotMatch((await anonymousPage(DATA)).text, /href="https:\/\/example\.org/, 'no link elsewhere');

  await claim('surya@example.org', 'R4');
  const kadmonId = (await json('/api/v1/researchers?q=kadmon')).results[0].id;
  await claim('kadmon@example.org', kadmonId);
  const surya = await signIn('surya@example.org');
  const kadmon = await signIn('kadmon@example.org');
  const ada = await signIn('ada@example.org');

  let page = await workPage(surya, W2);
  assert.match(page.text, new RegExp(`action="/works/${W2}/links"`));
  assert.doesNotMatch((await workPage(kadmon, W2)).text, /\/links"/, 'Kadmon is no author of this work');
  const repo = 'https://github.com/ganguli-lab/extra-code';
  let r = await act(kadmon, W2, `/works/${W2}/links`, { kind: 'code', url: repo });
  assert.equal(r.status, 403, 'the owner of a record that is not an author of the work');
  r = await act(ada, W2, `/works/${W2}/links`, { kind: 'code', url: repo });
  assert.equal(r.status, 403, 'an account that owns no record');
  r = await surya.post(`/works/${W2}/links`, { kind: 'code', url: repo });
  assert.equal(r.status, 403, 'no CSRF token');
  for (const [url, why] of [['javascript:alert(1)', /https:\/\//], ['ftp://example.org/x', /https:\/\//],
    ['https://', /host name/], ['https://user@github.com/x', /host name/], ['https://exa mple.org/', /space/],
    ['https://localhost/x', /host name/], ['https://example.org/' + 'a'.repeat(500), /longer than 500/],
    ['https://github.com/ganguli-lab/degrees-of-freedom', /abstract gives this link/]]) {
    r = await act(surya, W2, `/works/${W2}/links`, { kind: 'code', url });
    assert.equal(r.status, 400, url);
    assert.match(htmlText(r.text), why, url);
  }
  r = await act(surya, W2, `/works/${W2}/links`, { kind: 'paper', url: repo });
  assert.equal(r.status, 400);

  r = await act(surya, W2, `/works/${W2}/links`, { kind: 'code', url: repo });
  assert.equal(r.status, 303, r.text);
  assert.match(r.location, /#links$/);
  r = await act(surya, W2, `/works/${W2}/links`, { kind: 'dataset', url: 'https://datadryad.org/stash/dataset/1' });
  assert.equal(r.status, 303);
  r = await act(surya, W2, `/works/${W2}/links`, { kind: 'code', url: repo });
  assert.equal(r.status, 409, 'each address once');
  c = await counts(W2);
  assert.deepEqual([c.code, c.dataset], [2, 1]);
  text = htmlText((await anonymousPage(W2)).text);
  assert.ok(text.includes(`code: ${repo} added by the owner of`), text);
  assert.ok(text.includes('2 code links') && text.includes('1 dataset link'));

  page = await workPage(surya, W2);
  const link = formField(page.text.slice(page.text.indexOf('links/remove')), 'link');
  r = await act(kadmon, W2, `/works/${W2}/links/remove`, { link });
  assert.equal(r.status, 403);
  r = await act(surya, W2, `/works/${W2}/links/remove`, { link });
  assert.equal(r.status, 303);
  r = await act(surya, W2, `/works/${W2}/links/remove`, { link });
  assert.equal(r.status, 404);
  c = await counts(W2);
  assert.deepEqual([c.code, c.dataset], [1, 1]);
});

test('deleting an account takes its reactions and library, and anonymises its reviews', async () => {
  const ada = await signIn('ada@example.org');
  let r = await act(ada, W2, `/works/${W2}/react`, { reaction: 'dislike' });
  assert.equal(r.status, 303);
  r = await act(ada, DATA, `/works/${DATA}/save`, { new_collection: 'Data to read' });
  assert.equal(r.status, 303);
  assert.equal((await counts(DATA)).saves, 1);
  const before1 = await counts(W2);
  assert.equal(before1.dislikes, 1);

  // the account's export holds what it said
  const data = JSON.parse((await ada.get('/account/export')).text);
  assert.deepEqual(data.reactions.map((x) => [x.work, x.kind]), [[W2, 'dislike']]);
  const names = data.collections.map((x) => x.name).sort();
  assert.deepEqual(names, ['Data to read', 'Fresh', 'Renamed']);
  assert.deepEqual(data.collections.find((x) => x.name === 'Data to read').works, [DATA]);
  assert.equal(data.reviews.length, 1);
  assert.equal(data.reviews[0].work, W2);
  assert.equal(data.reviews[0].summary, 'Revised summary.');
  assert.equal(data.reviews[0].soundness, 3);
  assert.equal(data.reviews[0].hidden, false);

  r = await ada.submit('/account', { password: PASSWORD }, '/account/delete');
  assert.equal(r.status, 303, r.text);
  const c = await counts(W2);
  assert.equal(c.dislikes, 0, 'the reaction went with the account');
  assert.equal(c.likes, before1.likes, "bob's like stays");
  assert.equal((await counts(DATA)).saves, 0, 'the collections went with the account');
  assert.equal(c.reviews, 1, 'the review stays');
  const text = htmlText((await anonymousPage(W2)).text);
  assert.ok(text.includes('Revised summary.') && text.includes('By a deleted account'), text);
});

test("a signed-in viewer's page never reaches the shared cache", async () => {
  const bob = await signIn('bob@example.org');
  const mine = await workPage(bob, W2);
  assert.match(mine.text, /aria-pressed="true">Liked/, "bob's own like is on his page");
  assert.ok(formField(mine.text, 'csrf'));
  const a = await anonymousPage(W2);
  const b = await anonymousPage(W2);
  assert.equal(a.text, b.text);
  assert.equal(formField(a.text, 'csrf'), null);
  for (const personal of ['aria-pressed', 'Edit your review', 'Your library', 'Remove from it']) {
    assert.ok(!a.text.includes(personal), `the anonymous page shows '${personal}'`);
  }
  assert.doesNotMatch(a.cache || '', /private/);
});

