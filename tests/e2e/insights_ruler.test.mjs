// End to end, in headless Chromium against the demo server (--seed 7, a finished 100,000-line
// "benchmark" sync): the overview ruler beside the log's scrollbar (issue 17, point 2). A click at
// a fraction f of its height brings the line at about f of the SHOWN lines into view; a drag
// follows the mouse; with a level filter or "only matching" it maps only the lines shown; the
// first error's place is red in both themes; a finger dragged on it scrolls the log.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { apiAllLines, apiAllSyncs, apiGet, clickItem, itemRect, launchBrowser, newPage, pixel, screenshot, settled, startServer, state, waitForState } from './harness.mjs';

const BIG = 100000;
let server;
let browser;
let big;     // the finished 100,000-line sync
let failed;  // a finished sync with error lines

before(async () => {
  server = await startServer(['--seed', '7', '--big-sync-lines', String(BIG)], { timeoutMs: 30000 });
  browser = await launchBrowser();
  const syncs = await allSyncs();
  big = syncs.find((y) => /benchmark|Big log/.test(y.summary));
  failed = syncs.find((y) => y.status === 'failed' && y.error_count > 0);
  assert.ok(big, 'the --big-sync-lines sync');
  assert.ok(failed, 'the demo has a failed sync with error lines');
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const api = (p) => apiGet(server, p);
const allSyncs = () => apiAllSyncs(server);
const allLines = (syncId, upTo) => apiAllLines(server, syncId, upTo);

const logRoute = (y) => `/services/${y.serviceId}/syncs/${y.id}`;

async function openLog(sync, contextOptions = {}) {
  const p = await newPage(browser, contextOptions);
  await p.page.goto(server.link);
  await waitForState(p.page, (s) => s.view === 'services' && s.services.length > 0, 'signed in');
  await p.page.evaluate((r) => { window.location.hash = r; }, logRoute(sync));
  await waitForState(p.page, new Function('s', `return s.log && s.log.syncId === ${sync.id} && s.log.complete && s.log.firstVisible != null;`), 'the whole log, drawn', 60000);
  return p;
}

// Waits until the lines in view include the shown row at fraction f of `shownIds` (sorted ids of
// the lines shown), give or take 2 % of the shown lines: some line in view has an id between those
// of the rows f·n − 2 % and f·n + 2 %.
async function waitNear(page, shownIds, f, what) {
  const n = shownIds.length;
  const want = Math.floor(f * n), slack = Math.max(1, 0.02 * n);
  const lo = shownIds[Math.max(0, Math.ceil(want - slack))];
  const hi = shownIds[Math.min(n - 1, Math.floor(want + slack))];
  return waitForState(page, new Function('s', `return s.log && s.log.firstVisible != null && s.log.firstVisible <= ${hi} && s.log.lastVisible >= ${lo};`),
    `${what}: a line in view between ${lo} and ${hi} (row ${want} of ${n}, ±2 %)`);
}

async function clickAt(page, f) {
  const r = await itemRect(page, 'log.overview');
  await page.mouse.click(r.x + r.w / 2, r.y + f * r.h);
}

test('a click at 25 %, 50 % and 90 % of the ruler brings the line at that fraction of the shown lines into view; a drag follows', async () => {
  const { page, consoleErrors } = await openLog(big);
  const all = Array.from({ length: BIG }, (_, i) => i + 1);
  const r = await itemRect(page, 'log.overview');
  assert.ok(r && r.h > 200 && r.w >= 8, `the ruler is drawn beside the lines: ${JSON.stringify(r)}`);
  const lines = await itemRect(page, 'log.line.' + (await state(page)).log.lastVisible);
  assert.ok(r.x >= lines.x + lines.w - 1, 'the ruler is right of the lines, not over them');
  assert.ok(r.x + r.w <= 1280, 'inside the window');
  const before = await state(page);
  assert.ok(before.log.overviewBuilds >= 1, 'the ruler\'s bins were built');
  for (const f of [0.25, 0.5, 0.9]) {
    await clickAt(page, f);
    const s = await waitNear(page, all, f, `a click at ${f}`);
    assert.equal(s.log.following, false, 'a click on the ruler leaves follow mode');
  }
  // A drag from the top to the bottom: the view follows the mouse on the way.
  await page.mouse.move(r.x + r.w / 2, r.y + 2);
  await page.mouse.down();
  await waitNear(page, all, 2 / r.h, 'pressed at the top');
  for (const f of [0.2, 0.4, 0.6, 0.8]) {
    await page.mouse.move(r.x + r.w / 2, r.y + f * r.h, { steps: 4 });
    await waitNear(page, all, f, `dragged to ${f}`);
  }
  await page.mouse.move(r.x + r.w / 2, r.y + r.h + 40, { steps: 4 });  // past the end: the last line
  await waitForState(page, new Function('s', `return s.log.lastVisible === ${BIG};`), 'dragged past the bottom: the last line in view');
  await page.mouse.up();
  const done = await state(page);
  assert.ok(done.frames > before.frames + 5, 'frames were drawn while scrolling');
  assert.equal(done.log.overviewBuilds, before.log.overviewBuilds, 'scrolling never rebuilds the ruler\'s bins (the log and the filter did not change)');
  await screenshot(page, 'log-ruler-dragged');
  assert.deepEqual(consoleErrors, []);
  await page.context().close();
});

test('with a level filter, and with "only matching", the ruler maps only the lines shown', async () => {
  const { page, consoleErrors } = await openLog(big);
  const lines = await allLines(big.id);
  assert.equal(lines.length, BIG);
  // Warnings only: Debug and Info off.
  const built = (await state(page)).log.overviewBuilds;
  await clickItem(page, 'log.level.debug');
  await clickItem(page, 'log.level.info');
  const warnings = lines.filter((l) => l.level === 'warning').map((l) => l.id);
  await waitForState(page, new Function('s', `return s.log.shown === ${warnings.length} && s.log.overviewBuilds > ${built};`), 'warnings only, the ruler rebuilt');
  for (const f of [0.25, 0.75]) {
    await clickAt(page, f);
    await waitNear(page, warnings, f, `warnings only, a click at ${f}`);
  }
  // Every level, and only the lines matching "(batch 1": batches 1, 10-19, 100-199 … 10000-19999,
  // bunched in the first half of the log — so the shown lines' middle is not the log's.
  await clickItem(page, 'log.level.debug');
  await clickItem(page, 'log.level.info');
  await clickItem(page, 'log.search');
  await page.keyboard.type('(batch 1');
  await clickItem(page, 'log.onlyMatching');
  const matching = lines.filter((l) => l.message.toLowerCase().includes('(batch 1')).map((l) => l.id);
  await waitForState(page, new Function('s', `return s.log.shown === ${matching.length};`), 'only the matching lines');
  await clickAt(page, 0.5);
  const s = await waitNear(page, matching, 0.5, '"only matching", a click at 0.5');
  assert.ok(s.log.lastVisible < BIG * 0.47, `the middle of the matches, not of the log (${s.log.firstVisible}–${s.log.lastVisible})`);
  await screenshot(page, 'log-ruler-matches');
  assert.deepEqual(consoleErrors, []);
  await page.context().close();
});

for (const colorScheme of ['dark', 'light']) {
  test(`the first error's place on the ruler is red (${colorScheme} theme)`, async () => {
    const { page, consoleErrors } = await openLog(failed, { colorScheme });
    const lines = await allLines(failed.id);
    const s = await waitForState(page, new Function('s', `return s.log.shown === ${lines.length};`), 'every line shown');
    const row = lines.findIndex((l) => l.level === 'error');
    assert.ok(row >= 0, 'the failed sync has an error line');
    const r = await itemRect(page, 'log.overview');
    const y = Math.round(r.y + ((row + 0.5) / s.log.shown) * r.h);
    const [red, green, blue] = await pixel(page, Math.round(r.x + r.w / 2), y);
    assert.ok(red > green + 60 && red > blue + 60, `red at the first error (row ${row} of ${s.log.shown}, y ${y}): ${[red, green, blue]}`);
    // A row with no error nor warning is not red.
    const quiet = lines.findIndex((l, i) => (l.level === 'info' || l.level === 'debug') &&
      (i === 0 || !['error', 'warning'].includes(lines[i - 1].level)) && (i + 1 === lines.length || !['error', 'warning'].includes(lines[i + 1].level)));
    if (quiet >= 0) {
      const qy = Math.round(r.y + ((quiet + 0.5) / s.log.shown) * r.h);
      const [qr, qg, qb] = await pixel(page, Math.round(r.x + r.w / 2), qy);
      assert.ok(!(qr > qg + 60 && qr > qb + 60), `not red at an info line (row ${quiet}): ${[qr, qg, qb]}`);
    }
    await screenshot(page, `log-ruler-${colorScheme}`);
    assert.deepEqual(consoleErrors, []);
    await page.context().close();
  });
}

test('on a touch screen at 400 px the ruler fits, is wide enough for a finger, and a finger dragged on it scrolls the log', async () => {
  const context = await browser.newContext({ viewport: { width: 400, height: 800 }, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await page.goto(server.link);
  await waitForState(page, (s) => s.view === 'services' && s.services.length > 0, 'signed in');
  await page.evaluate((r) => { window.location.hash = r; }, logRoute(big));
  await waitForState(page, (s) => s.log && s.log.complete && s.log.following && s.log.lastVisible === 100000, 'the whole log, following');
  const r = await itemRect(page, 'log.overview');
  assert.ok(r && r.w >= 24, `a finger-wide ruler: ${JSON.stringify(r)}`);
  assert.ok(r.x >= 0 && r.x + r.w <= 400, 'inside the 400 px window');
  // A finger on the ruler, dragged up from 90 % to 30 % of it.
  const x = r.x + r.w / 2;
  const point = (f) => [{ x, y: r.y + f * r.h, id: 1 }];
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: point(0.9) });
  for (let i = 1; i <= 10; i++) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: point(0.9 - (0.6 * i) / 10) });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  const all = Array.from({ length: BIG }, (_, i) => i + 1);
  const s = await waitNear(page, all, 0.3, 'a finger dragged to 30 %');
  assert.equal(s.log.following, false, 'the drag left follow mode');
  await settled(page);
  await screenshot(page, 'log-ruler-touch-400px');
  await context.close();
});
