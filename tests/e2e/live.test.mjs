// End to end, in headless Chromium against the demo server: the data layer seen from outside.
// A running sync's log refreshes every five seconds, asking only for new lines, and new lines
// appear; "Auto-refresh is off" stops the requests and turning it on fetches at once; a finished
// sync costs one log request and then none; a big log shows its newest lines first and is
// complete soon after; payload files are downloaded with the token (saved bytes = the API's
// bytes) and an expired one says so; the summary lists the last 24 hours' syncs.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { clickItem, itemRect, launchBrowser, newPage, screenshot, startServer, state, waitForState, waitUntil } from './harness.mjs';

const BIG = 300000;
let server;
let browser;

before(async () => {
  server = await startServer(['--big-sync-lines', String(BIG)], { timeoutMs: 30000 });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function api(path) {
  const res = await fetch(`${server.origin}/api/v1${path}`, { headers: { Authorization: `Bearer ${server.token}` } });
  assert.equal(res.status, 200, `GET ${path}`);
  return res.json();
}

// The syncs of every active service (the last 24 hours, or since `sinceMs`).
async function allSyncs(sinceMs) {
  const services = (await api('/services?per_page=100')).data;
  const since = sinceMs ? `&filter%5Bstarted_after%5D=${sinceMs}` : '';
  const out = [];
  for (const s of services) {
    if (s.status !== 'active') continue;
    for (const y of (await api(`/services/${s.id}/syncs?per_page=100${since}`)).data) out.push({ ...y, serviceId: s.id });
  }
  return out;
}

// Signs in with the demo link, then opens a route by URL (as a shared link would).
async function openRoute(route, options) {
  const p = await newPage(browser, options);
  await p.page.goto(server.link);
  await waitForState(p.page, (s) => s.view === 'services' && s.services.length > 0, 'signed in');
  await p.page.evaluate((r) => { window.location.hash = r; }, route);
  return p;
}

// Requests for a sync's log lines, with the time each was sent (ms since the test started).
function logRequests(requests, syncId) {
  return requests.filter((r) => r.url.includes(`/api/v1/syncs/${syncId}/logs`));
}

test('a running sync: its log refreshes every 5 s ± 1 s asking only for new lines, and they appear', async () => {
  const running = (await allSyncs()).find((y) => y.status === 'running');
  assert.ok(running, 'the demo always has a running sync');
  const { page, requests, consoleErrors } = await openRoute(`/services/${running.serviceId}/syncs/${running.id}`);
  const times = [];
  page.on('request', (r) => { if (r.url().includes(`/syncs/${running.id}/logs`)) times.push({ at: Date.now(), url: r.url() }); });
  const first = await waitForState(page, (s) => s.view === 'log' && s.log && s.log.lines > 0, 'the first lines');
  assert.equal(first.log.status, 'running');
  assert.equal(first.log.live, true);
  assert.equal(first.log.autoRefresh, true);
  const firstLast = first.log.lastId;
  // Three refreshes after the first answer.
  await waitUntil(() => times.length >= 4, 'three refreshes', 25000);
  assert.match(times[0].url, /\?tail=1000$/, 'the first request: the newest 1,000 lines (issue 20)');
  for (let i = 1; i < 4; ++i) {
    assert.match(times[i].url, /after_id=\d+&limit=5000$/, 'a refresh asks only for lines after the last one held');
    const gap = times[i].at - times[i - 1].at;
    assert.ok(gap >= 4000 && gap <= 6000, `refresh ${i} came ${gap} ms after the one before`);
  }
  // The demo writes a line every second or two: new lines have arrived.
  const later = await waitForState(page, new Function('s', `return s.log && s.log.lastId > ${firstLast};`), 'new lines');
  assert.ok(later.log.lines > first.log.lines);
  // The token only ever travelled in the Authorization header.
  for (const r of logRequests(requests, running.id)) {
    assert.ok(!r.url.includes(server.token));
    assert.equal(r.headers.authorization, `Bearer ${server.token}`);
  }
  await screenshot(page, 'log-running');
  assert.deepEqual(consoleErrors, []);
  await page.context().close();
});

test('"Auto-refresh is off" stops the requests; turning it on fetches at once', async () => {
  const running = (await allSyncs()).find((y) => y.status === 'running');
  const { page } = await openRoute(`/services/${running.serviceId}/syncs/${running.id}`);
  const times = [];
  page.on('request', (r) => { if (r.url().includes(`/syncs/${running.id}/`)) times.push(Date.now()); });
  await waitForState(page, (s) => s.log && s.log.lines > 0 && s.log.live, 'a live log');
  await clickItem(page, 'log.autoRefresh');
  const paused = await waitForState(page, (s) => s.log && s.log.autoRefresh === false, 'paused');
  assert.equal(paused.log.live, false);
  const pausedAt = Date.now();
  const before = times.length;
  // Over more than one refresh interval, nothing is asked for.
  await new Promise((r) => setTimeout(r, 7000));
  assert.equal(times.filter((t) => t > pausedAt + 200).length, 0, 'requests while paused');
  await clickItem(page, 'log.autoRefresh');
  await waitForState(page, (s) => s.log && s.log.autoRefresh === true && s.log.live, 'resumed');
  await waitUntil(() => times.length > before, 'a refresh right after resuming', 2000);
  await page.context().close();
});

test('a finished sync costs one log request, then none', async () => {
  const done = (await allSyncs()).find((y) => y.status === 'success' && !/benchmark|Big log/.test(y.summary));
  const { page, requests } = await openRoute(`/services/${done.serviceId}/syncs/${done.id}`);
  const s = await waitForState(page, (s) => s.log && s.log.complete && s.log.status === 'success', 'the whole log');
  const lines = (await api(`/syncs/${done.id}/logs?after_id=0&limit=5000`)).meta.last_id;
  assert.equal(s.log.lines, lines);
  assert.equal(s.log.live, false);
  await new Promise((r) => setTimeout(r, 6500));
  assert.equal(logRequests(requests, done.id).length, 1, 'log requests for a finished sync');
  await page.context().close();
});

test(`a ${BIG.toLocaleString('en')}-line log shows its newest lines first and is complete soon after`, async () => {
  const big = (await allSyncs()).find((y) => /Big log/.test(y.summary));
  assert.ok(big, 'the --big-sync-lines sync');
  const { page, requests } = await openRoute(`/services/${big.serviceId}/syncs/${big.id}`);
  const t0 = Date.now();
  const tail = await waitForState(page, (s) => s.log && s.log.lines > 0, 'the tail');
  const tailMs = Date.now() - t0;
  assert.equal(tail.log.lastId, BIG);
  assert.ok(tail.log.firstId > 1, 'the newest lines come first');
  const full = await waitForState(page, new Function('s', `return s.log && s.log.complete && s.log.lines === ${BIG};`), 'the whole log', 120000);
  const fullMs = Date.now() - t0;
  assert.equal(full.log.firstId, 1);
  assert.equal(full.log.shown, BIG);
  const asked = logRequests(requests, big.id);
  assert.match(asked[0].url, /\?tail=1000$/, 'one small first request');
  console.log(`${BIG} lines: newest lines on screen after ${tailMs} ms, complete after ${fullMs} ms, ${asked.length} requests`);
  await page.context().close();
});

test('a payload is downloaded with the token, previewed and saved byte for byte; an expired one says when it expired', async () => {
  const now = Date.now();
  // The expired files belong to a manual run from over a day ago.
  const manual = (await allSyncs(now - 3 * 86400000)).filter((y) => y.trigger === 'manual' && y.status !== 'running');
  const live = manual.find((y) => y.payloads_expire_at && Date.parse(y.payloads_expire_at) > now + 60000);
  const expired = manual.find((y) => y.payloads_expire_at && Date.parse(y.payloads_expire_at) < now);
  assert.ok(live && expired, 'the demo has live and expired payloads');

  const lineWithPayload = async (syncId) => (await api(`/syncs/${syncId}/logs?after_id=0&limit=5000`)).data.find((l) => l.payload);
  const line = await lineWithPayload(live.id);
  const { page, requests } = await openRoute(`/services/${live.serviceId}/syncs/${live.id}?line=${line.id}`, { viewport: { width: 1280, height: 1400 } });
  await waitForState(page, (s) => s.log && s.log.complete, 'the log');
  // Opened at a line (not following): the lines already there are not "new".
  await page.waitForFunction((i) => window.syncscope.itemRect(i), `log.line.${line.id}`, { polling: 50 });
  assert.equal(await itemRect(page, 'log.newLines'), null);
  await clickItem(page, `log.payload.${line.payload.id}`);
  const shown = await waitForState(page, (s) => s.payload && s.payload.bytes > 0, 'the preview');
  assert.equal(shown.payload.fileName, line.payload.file_name);
  const get = requests.find((r) => r.url.endsWith(`/api/v1/payloads/${line.payload.id}`));
  assert.equal(get.headers.authorization, `Bearer ${server.token}`);
  await screenshot(page, 'payload-preview');

  const [download] = await Promise.all([page.waitForEvent('download'), clickItem(page, 'payload.download')]);
  assert.equal(download.suggestedFilename(), line.payload.file_name);
  const saved = await (await import('node:fs/promises')).readFile(await download.path());
  const res = await fetch(`${server.origin}/api/v1/payloads/${line.payload.id}`, { headers: { Authorization: `Bearer ${server.token}` } });
  assert.deepEqual(saved, Buffer.from(await res.arrayBuffer()));
  // Only the one authenticated GET: saving used the bytes already fetched.
  assert.equal(requests.filter((r) => r.url.includes(`/payloads/${line.payload.id}`)).length, 1);
  await clickItem(page, 'payload.close');
  await waitForState(page, (s) => s.payload === null, 'the preview closed');

  const old = await lineWithPayload(expired.id);
  await page.evaluate((r) => { window.location.hash = r; }, `/services/${expired.serviceId}/syncs/${expired.id}`);
  await waitForState(page, new Function('s', `return s.log && s.log.syncId === ${expired.id} && s.log.complete;`), 'the old log');
  await clickItem(page, `log.payload.${old.payload.id}`);
  const gone = await waitForState(page, (s) => s.payload && s.payload.error !== '', 'the expiry message');
  assert.match(gone.payload.error, /^This file expired at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\./);
  await screenshot(page, 'payload-expired');
  await page.context().close();
});

test('the summary lists the last 24 hours of syncs with their counts, as the API does', async () => {
  const services = (await api('/services?per_page=100')).data.filter((s) => s.status === 'active');
  const svc = services[1] ?? services[0];
  const { page } = await openRoute(`/services/${svc.id}`);
  const s = await waitForState(page, (s) => s.view === 'summary' && s.syncs.length > 0, 'the syncs');
  const expected = [];
  for (let p = 1; ; ++p) {
    const body = await api(`/services/${svc.id}/syncs?per_page=100&page=${p}`);
    expected.push(...body.data);
    if (p >= body.meta.last_page) break;
  }
  // Running syncs change between the two reads: compare the finished ones.
  const finished = (rows) => rows.filter((y) => y.status !== 'running' && y.status !== 'queued');
  const mine = new Map(finished(s.syncs).map((y) => [y.id, y]));
  for (const y of finished(expected)) {
    const row = mine.get(y.id);
    if (!row) continue;  // fell out of the window between the reads
    const { id, status, pulled, pushed, durationMs } = row;
    assert.deepEqual({ id, status, pulled, pushed }, { id: y.id, status: y.status, pulled: y.pulled_count, pushed: y.pushed_count });
    assert.equal(durationMs, Date.parse(y.finished_at) - Date.parse(y.started_at), `sync ${y.id}: finish − start`);
  }
  assert.ok(mine.size >= finished(expected).length - 2);
  await screenshot(page, 'summary-syncs');
  // A click on a column header sorts the rows as displayed, largest first; a second reverses.
  await clickItem(page, 'summary.column.pulled');
  const byPulled = await waitForState(page, (s) => s.syncs.length > 1 && s.syncs.every((y, i, a) => i === 0 || (a[i - 1].pulled ?? -1) >= (y.pulled ?? -1)), 'sorted by pulled, largest first');
  assert.ok(byPulled.syncs[0].pulled >= byPulled.syncs[byPulled.syncs.length - 1].pulled);
  await clickItem(page, 'summary.column.pulled');
  await waitForState(page, (s) => s.syncs.length > 1 && s.syncs.every((y, i, a) => i === 0 || (a[i - 1].pulled ?? -1) <= (y.pulled ?? -1)), 'sorted by pulled, smallest first');
  await page.context().close();
});
