// End to end (issue 18 point 1): "Compare with…" a partial (or failed) run's log lands on the
// comparison with the previous successful run of its service, whose signature counts are those of
// the API's lines of each run; a signature opens its run's log filtered to it; back returns to the
// comparison; a deep link to the comparison works cold; a run with no earlier success opens the
// picker. One demo server and one browser for the file.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  apiAllLines,
  apiAllSyncs,
  clickItem,
  itemRect,
  launchBrowser,
  newPage,
  screenshot,
  startServer,
  waitForState,
} from './harness.mjs';

let server;
let browser;
let page;
let syncs; // every sync the API lists, each with serviceId
let a; // the partial or failed run compared
let b; // the previous successful run of its service (as the API lists them)

const finished = (y) => !!y.finished_at;
// The run "Compare with…" must pick: the newest finished success that started before `run`.
function previousSuccess(run) {
  return syncs
    .filter((y) => y.serviceId === run.serviceId && y.id !== run.id && y.status === 'success' && finished(y) && y.started_at < run.started_at)
    .sort((x, y) => (x.started_at < y.started_at ? 1 : -1))[0];
}

// The lines of a run that a compared signature counts: its level, and a first line the masked
// text matches with each "…" a lazy wildcard.
function countOf(lines, sig) {
  const esc = sig.text.split('…').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*?');
  const re = new RegExp(`^${esc}$`, 's');
  return lines.filter((l) => l.level === sig.level && re.test(l.message.split(/\r|\n/)[0].slice(0, 1024))).length;
}

async function signedInAt(route, viewport) {
  const p = await newPage(browser, viewport ? { viewport } : {});
  await p.page.goto(server.link);
  await waitForState(p.page, (s) => s.view === 'services' && s.services.length > 0, 'signed in');
  await p.page.evaluate((r) => { window.location.hash = r; }, route);
  return p;
}

const compareRoute = (x, y) => `/services/${x.serviceId}/syncs/${x.id}/compare/${y.id}`;

before(async () => {
  server = await startServer(['--speed', '20']);
  browser = await launchBrowser();
  syncs = await apiAllSyncs(server);
  a = syncs.find((y) => (y.status === 'partial' || y.status === 'failed') && previousSuccess(y));
  assert.ok(a, 'the demo data has a partial or failed run after a success');
  b = previousSuccess(a);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('Compare with… lands on the previous successful run, its counts those of the API', async () => {
  ({ page } = await signedInAt(`/services/${a.serviceId}/syncs/${a.id}`));
  await waitForState(page, (s) => s.view === 'log' && s.log && s.log.complete, 'the log of run a');
  await clickItem(page, 'log.compare');
  const want = compareRoute(a, b);
  let s = await waitForState(page, new Function('s', `return s.route === ${JSON.stringify(want)} && s.view === 'compare' && s.compare && s.compare.complete;`), 'the comparison, both logs read', 40000);
  assert.equal(s.compare.a, a.id);
  assert.equal(s.compare.b, b.id);
  // The rows as the API gives them.
  const num = (v) => (v === undefined || v === null ? null : v);
  assert.deepEqual(s.compare.rows.pulled, [num(a.pulled_count), num(b.pulled_count)]);
  assert.deepEqual(s.compare.rows.pushed, [num(a.pushed_count), num(b.pushed_count)]);
  assert.deepEqual(s.compare.rows.errors, [num(a.error_count), num(b.error_count)]);
  assert.deepEqual(s.compare.rows.warnings, [num(a.warning_count), num(b.warning_count)]);
  // Each signature's counts against the API's lines of each run; new errors first.
  const [linesA, linesB] = [await apiAllLines(server, a.id), await apiAllLines(server, b.id)];
  assert.ok(s.compare.signatures.length > 0, 'a partial run has warnings or errors');
  for (const sig of s.compare.signatures) {
    assert.equal(sig.countA, countOf(linesA, sig), `countA of ${sig.level} "${sig.text}"`);
    assert.equal(sig.countB, countOf(linesB, sig), `countB of ${sig.level} "${sig.text}"`);
  }
  const rank = (g) => (g.countB === 0 ? 0 : g.countA === 0 ? 2 : g.countA !== g.countB ? 1 : 3) * 2 + (g.level === 'error' ? 0 : 1);
  const ranks = s.compare.signatures.map(rank);
  assert.deepEqual(ranks, [...ranks].sort((x, y) => x - y), 'new errors first, then new warnings, changed, gone, same');
  await screenshot(page, 'compare');

  // A signature opens its run's log, showing only its lines.
  const sig = s.compare.signatures[0];
  const run = sig.countA > 0 ? a.id : b.id;
  await clickItem(page, `compare.signature.${sig.id}`);
  s = await waitForState(page, new Function('s', `return s.view === 'log' && s.log && s.log.syncId === ${run} && s.log.complete && s.log.signature !== null;`), 'the run\'s log, filtered to the signature', 30000);
  const shown = s.log.signatures.find((g) => g.id === s.log.signature);
  assert.equal(shown.text, sig.text);
  assert.equal(shown.level, sig.level);
  assert.equal(s.log.shown, sig.countA > 0 ? sig.countA : sig.countB);

  // Back: the comparison again.
  await page.goBack();
  s = await waitForState(page, new Function('s', `return s.view === 'compare' && s.route === ${JSON.stringify(want)} && s.compare && s.compare.complete;`), 'back to the comparison');
  assert.equal(s.compare.signatures.length > 0, true);
  await page.context().close();
});

test('a deep link to the comparison works cold, at 400 px wide', async () => {
  // A new tab opened on the comparison's link: the route waits for the token, then opens.
  const p = await newPage(browser, { viewport: { width: 400, height: 800 } });
  const want = compareRoute(a, b);
  await p.page.goto(`${server.origin}/#${want}`);
  await waitForState(p.page, new Function('s', `return s.view === 'login' && s.route === ${JSON.stringify(want)};`), 'the sign-in, the route kept');
  await p.page.evaluate((t) => { window.location.hash = `token=${encodeURIComponent(t)}`; }, server.token);
  const s = await waitForState(p.page, new Function('s', `return s.view === 'compare' && s.route === ${JSON.stringify(want)} && s.compare && s.compare.complete;`), 'the comparison from a deep link', 40000);
  assert.equal(s.compare.a, a.id);
  assert.equal(s.compare.b, b.id);
  const runs = await itemRect(p.page, 'compare.runs');
  assert.ok(runs && runs.x >= 0 && runs.x + runs.w <= 400, `the runs fit 400 px: ${JSON.stringify(runs)}`);
  await screenshot(p.page, 'compare-narrow');
  await p.context.close();
});

test('a run with no earlier success opens the picker', async () => {
  // (a service listing fewer than 100 runs: all of them are known to the test)
  const count = (id) => syncs.filter((o) => o.serviceId === id).length;
  const lone = syncs.find((y) => !previousSuccess(y) && count(y.serviceId) > 1 && count(y.serviceId) < 100);
  assert.ok(lone, 'the demo data has a run with no earlier success');
  const other = syncs.find((o) => o.serviceId === lone.serviceId && o.id !== lone.id);
  const { page: p } = await signedInAt(`/services/${lone.serviceId}/syncs/${lone.id}`);
  await waitForState(p, (s) => s.view === 'log' && s.log && s.log.lines > 0, 'its log');
  await clickItem(p, 'log.compare');
  await clickItem(p, `compare.pick.${other.id}`);
  const s = await waitForState(p, new Function('s', `return s.view === 'compare' && s.compare && s.compare.b === ${other.id};`), 'the run picked, compared');
  assert.equal(s.compare.a, lone.id);
  await p.context().close();
});

test('below 640 px, Compare with… is in the log\'s More menu', async () => {
  const { page: p } = await signedInAt(`/services/${a.serviceId}/syncs/${a.id}`, { width: 400, height: 800 });
  await waitForState(p, (s) => s.view === 'log' && s.log && s.log.lines > 0, 'the log at 400 px');
  assert.equal(await itemRect(p, 'log.compare'), null, 'folded: not in the toolbar');
  await clickItem(p, 'log.more');
  await clickItem(p, 'log.compare');
  await waitForState(p, new Function('s', `return s.view === 'compare' && s.route === ${JSON.stringify(compareRoute(a, b))};`), 'the comparison from the More menu');
  await p.context().close();
});
