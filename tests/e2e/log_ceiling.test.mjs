// End to end, in headless Chromium: a site deployed with config.json's logMemoryLimitMB set low
// (2 MB) against the demo server's --big-sync-live benchmark sync (10,000 lines a real second at
// --speed 100). The log's back-fill of older lines stops at the ceiling — the newest lines held,
// a message saying how many, state().log.capped — while the live refresh goes on bringing new
// lines; nothing aborts and frames keep coming. Issue 13 item 5 (docs/reliability.md).
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { WEB_ROOT, itemRect, launchBrowser, newPage, screenshot, startServer, state, waitForState, waitUntil } from './harness.mjs';

let site;
let server;
let browser;

before(async () => {
  site = mkdtempSync(path.join(os.tmpdir(), 'syncscope-ceiling-site-'));
  cpSync(WEB_ROOT, site, { recursive: true });
  writeFileSync(path.join(site, 'config.json'), JSON.stringify({ apiBaseUrl: '/api/v1', logMemoryLimitMB: 2 }));
  // No rate limit: the test's own polling of every running sync below is not what is tested (under
  // load it went past 240 requests a minute, and a 429 has no `meta`).
  server = await startServer(['--web-root', site, '--speed', '100', '--big-sync-live', '--big-sync-lines', '2000000', '--rate-limit', '0'], { timeoutMs: 30000 });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (site) rmSync(site, { recursive: true, force: true });
});

const api = async (p) => (await fetch(`${server.origin}/api/v1${p}`, { headers: { Authorization: `Bearer ${server.token}` } })).json();
const lastId = async (y) => (await api(`/syncs/${y.id}/logs?tail=1`)).meta?.last_id ?? 0;

test('at logMemoryLimitMB the back-fill stops, the newest lines are held and said, and the live tail goes on', async () => {
  // The benchmark sync: the running sync whose log passes 60,000 lines (the others write a line
  // every few seconds).
  const running = [];
  for (const s of (await api('/services?per_page=100')).data)
    for (const y of (await api(`/services/${s.id}/syncs?per_page=100`)).data) if (y.status === 'running') running.push({ ...y, serviceId: s.id });
  let big = null;
  await waitUntil(async () => {
    for (const y of running) if ((await lastId(y)) > 60000) big = y;
    return big;
  }, 'the benchmark sync past 60,000 lines', 30000);

  const { page, consoleErrors, requests } = await newPage(browser);
  await page.goto(server.link);
  await waitForState(page, (s) => s.view === 'services' && s.services.length > 0, 'signed in');
  await page.evaluate((r) => { window.location.hash = r; }, `/services/${big.serviceId}/syncs/${big.id}`);
  const capped = await waitForState(page, new Function('s', `return s.log && s.log.syncId === ${big.id} && s.log.capped;`), 'the log capped', 60000);
  assert.equal(capped.log.complete, false);
  assert.ok(capped.log.firstId > 1, `older lines not held (first ${capped.log.firstId})`);
  assert.ok(capped.log.lines >= 5000 && capped.log.lines < 60000, `${capped.log.lines} lines held`);
  assert.equal(capped.banner, '');
  assert.ok(await itemRect(page, 'log.capped'), 'the "Holding the newest … lines" message is drawn');
  await screenshot(page, 'log-capped');

  // No older page is asked for from now on (the pages already out when it was reached still
  // land); the live refresh goes on, and the first line held stays: nothing refetched or dropped.
  const olderAsked = (firstId) => requests.filter((r) => r.url.includes(`/syncs/${big.id}/logs`) && /after_id=\d+&limit=/.test(r.url) &&
    Number(/after_id=(\d+)/.exec(r.url)[1]) < firstId).length;
  const mid = await waitForState(page, new Function('s', `return s.log.lastId > ${capped.log.lastId} + 10000;`), 'new lines from the live refresh', 60000);
  const olderAtMid = olderAsked(capped.log.firstId + 1);
  const later = await waitForState(page, new Function('s', `return s.log.lastId > ${mid.log.lastId} + 10000;`), 'more new lines', 60000);
  assert.equal(later.log.capped, true);
  assert.equal(later.log.firstId, mid.log.firstId);
  assert.ok(later.log.live);
  assert.equal(olderAsked(capped.log.firstId + 1), olderAtMid, 'no older page asked for after the ceiling');
  const f0 = (await state(page)).frames;
  await page.mouse.move(400, 400);
  await page.mouse.move(420, 430);
  await waitForState(page, new Function('s', `return s.frames > ${f0};`), 'frames still drawn');
  assert.deepEqual(consoleErrors, []);
  await page.context().close();
});
