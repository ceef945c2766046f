// End to end, in headless Chromium: a live log while the demo API fails (docs/reliability.md).
// Faults are switched on and off while the server runs (--admin's POST /admin/faults):
//   * 5xx then dropped connections: what is shown stays, the banner says it is stale and since
//     when, the log is asked again after about 1, 2, 4, 8, 16 s, and once the fault stops it
//     recovers by itself; the lines held are then exactly the API's own (downloaded as text and
//     compared line by line: no duplicate, missing or reordered line);
//   * 429: nothing is sent before Retry-After has passed;
//   * the request budget: never more than 240 API requests in any rolling minute;
//   * --token-ttl: the login form comes back without losing the route, the search or the lines,
//     and signing in again carries on from the last line held.
// Timings are printed (docs/reliability.md quotes them).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { clickItem, launchBrowser, newPage, screenshot, setFaults, startServer, state, waitForState, waitUntil } from './harness.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

async function withServer(args, fn) {
  const server = await startServer(args, { timeoutMs: 30000 });
  try {
    return await fn(server);
  } finally {
    await server.stop();
  }
}

// The test's own look-ups use a session token of their own (the demo account's POST /login, once
// per server): another valid credential, so another rate-limit bucket, and they never spend the
// app's. (The demo server keys a valid token in one form — `T` and `Bearer T` are one caller.) A
// 429 on them (the 429 test's bucket is 12 a minute, and a retried look-up may overdraw it) is
// waited out as its Retry-After says.
const sessions = new Map();
async function lookupToken(server) {
  if (!sessions.has(server)) {
    const res = await fetch(`${server.origin}/api/v1/login`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'demo@syncscope.example', password: 'demo' }),
    });
    assert.equal(res.status, 200, 'POST /login for the test\'s own look-ups');
    sessions.set(server, (await res.json()).token);
  }
  return sessions.get(server);
}

const api = (server) => async (p) => {
  const token = await lookupToken(server);
  for (let attempt = 1; ; ++attempt) {
    const res = await fetch(`${server.origin}/api/v1${p}`, { headers: { Authorization: `Bearer ${token}` } });
    if (res.status === 429 && attempt < 5) {
      const wait = Number(res.headers.get('retry-after'));
      assert.ok(wait >= 1, 'a 429 says how long to wait');
      await new Promise((resolve) => setTimeout(resolve, wait * 1000));
      continue;
    }
    assert.equal(res.status, 200, `GET ${p}`);
    return res.json();
  }
};

// The running sync that started last (it runs longest from here).
async function newestRunning(get) {
  let best = null;
  for (const s of (await get('/services?per_page=100')).data) {
    if (s.status !== 'active') continue;
    for (const y of (await get(`/services/${s.id}/syncs?per_page=20`)).data)
      if (y.status === 'running' && (!best || y.started_at > best.started_at)) best = { ...y, serviceId: s.id };
  }
  return best;
}

// The live benchmark sync (--big-sync-lines with --big-sync-live): running, started by the API
// (the demo's other runs are scheduled, manual or retries), and the newest such.
async function liveBenchmarkSync(get) {
  let best = null;
  for (const s of (await get('/services?per_page=100')).data)
    for (const y of (await get(`/services/${s.id}/syncs?per_page=20`)).data)
      if (y.status === 'running' && y.trigger === 'api' && (!best || y.started_at > best.started_at)) best = { ...y, serviceId: s.id };
  return best;
}

// The most API requests started in any 60 s, from a list of start times (ms).
function maxPerRollingMinute(times) {
  const t = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < t.length; ++i) {
    while (t[i] - t[j] >= 60000) ++j;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

// Records every API request's start time, URL and, once answered, its status and Retry-After.
function recordApi(page) {
  const log = [];
  page.on('request', (r) => {
    if (r.url().includes('/api/')) log.push({ at: Date.now(), url: r.url(), req: r });
  });
  page.on('requestfinished', async (r) => {
    const e = log.find((x) => x.req === r);
    if (!e) return;
    const res = await r.response().catch(() => null);
    e.status = res ? res.status() : 0;
    e.retryAfter = res ? Number(res.headers()['retry-after'] ?? 0) : 0;
    e.doneAt = Date.now();
  });
  page.on('requestfailed', (r) => {
    const e = log.find((x) => x.req === r);
    if (e) Object.assign(e, { status: 0, doneAt: Date.now() });
  });
  return log;
}

// Opens the log of the newest running sync, live. A sync can finish while the page starts (a
// slow machine, or start-up requests waiting out a 429): then the next newest is tried.
// `pick` chooses the running sync (default: the newest one running).
async function openLiveLog(server, pick = newestRunning) {
  const get = api(server);
  for (let attempt = 1; ; ++attempt) {
    const sync = await pick(get);
    assert.ok(sync, 'a running sync');
    const route = `/services/${sync.serviceId}/syncs/${sync.id}`;
    const p = await newPage(browser, { viewport: { width: 1280, height: 900 } });
    p.api = recordApi(p.page);
    p.all = [];
    p.page.on('console', (m) => p.all.push(m.text()));
    await p.page.goto(server.link);
    await waitForState(p.page, (s) => s.view === 'services' && s.services.length > 0, 'signed in', 90000);
    await p.page.evaluate((r) => { window.location.hash = r; }, route);
    const opened = await waitForState(p.page, (s) => s.log && s.log.lines > 0 && (s.log.live || s.log.status !== 'running'), 'the log', 60000);
    if (opened.log.live) return { ...p, sync, route };
    assert.ok(attempt < 4, `sync ${sync.id} finished before its log opened, ${attempt} times`);
    await p.context.close();
  }
}

// The lines SyncScope holds, as its Download saves them (header lines "# …" dropped).
async function downloadedLines(page) {
  const [download] = await Promise.all([page.waitForEvent('download'), clickItem(page, 'log.download')]);
  const text = await readFile(await download.path(), 'utf8');
  return text.split('\n').filter((l, i, all) => l !== '' || i < all.length - 1).filter((l) => !l.startsWith('# '));
}

// The API's whole log of a sync, formatted as the download formats it.
async function apiLines(get, syncId) {
  const out = [];
  for (let after = 0; ;) {
    const page = await get(`/syncs/${syncId}/logs?after_id=${after}&limit=5000`);
    for (const l of page.data) out.push(`${l.at} ${l.level.toUpperCase()} ${l.message}`);
    if (!page.meta.has_more || page.data.length === 0) break;
    after = page.data[page.data.length - 1].id;
  }
  return out;
}

test('5xx and dropped connections: the log stays, goes stale with its time, retries at 1, 2, 4, 8, 16 s and recovers whole', async () => {
  await withServer(['--admin', '--seed', '3'], async (server) => {
    const get = api(server);
    const { page, api: requests, consoleErrors, sync } = await openLiveLog(server);
    const good = await state(page);
    const logRequests = () => requests.filter((r) => r.url.includes(`/syncs/${sync.id}/logs`));

    await setFaults(server, { fail_rate: 1 });
    const faultAt = Date.now();
    const failing = () => logRequests().filter((r) => r.at > faultAt);
    // The first refresh after the fault fails; then retries 1, 2 and 4 s apart (each ±20 %).
    await waitUntil(() => failing().length >= 4, 'four failed log requests', 30000);
    const stale = await state(page);
    assert.match(stale.banner, /^Could not refresh the log: .*\(HTTP 50[023]\)\. Showing the lines as of \d\d:\d\d:\d\d UTC\.$/);
    assert.ok(stale.log.lines >= good.log.lines, 'what was shown is kept');
    await screenshot(page, 'faults-stale');
    // Dropped connections from now on (a network error, not a status): the backoff goes on.
    await setFaults(server, { fail_rate: 0, drop_rate: 1 });
    await waitUntil(() => failing().length >= 5, 'a fifth (dropped) log request', 30000);
    await waitUntil(() => failing()[4].doneAt, 'the dropped answer', 10000);
    const dropped = failing()[4];
    await setFaults(server, { drop_rate: 0 });
    const clearedAt = Date.now();
    // No fault any more: the next retry (16 s ± 20 % after the drop) succeeds by itself.
    const recovered = await waitForState(page, (s) => s.banner === '' && s.log && s.log.live, 'recovery', 40000);
    const recoveredMs = Date.now() - clearedAt;
    const f = failing();
    const gaps = f.slice(1, 6).map((r, i) => r.at - f[i].doneAt);
    console.log(`fault timings: log requests after a failure came ${gaps.map((g) => (g / 1000).toFixed(2) + ' s').join(', ')} later; ` +
      `statuses ${f.slice(0, 5).map((r) => r.status).join(', ')}; recovered ${recoveredMs} ms after the fault stopped`);
    const expected = [1000, 2000, 4000, 8000, 16000];
    for (let i = 0; i < gaps.length; ++i) {
      assert.ok(gaps[i] >= expected[i] * 0.8 - 100 && gaps[i] <= expected[i] * 1.2 + 600,
        `retry ${i + 1} came ${gaps[i]} ms after the failure, expected about ${expected[i]} ms`);
    }
    assert.equal(dropped.status, 0, 'the fifth answer was a dropped connection');
    assert.ok(recovered.log.lines >= stale.log.lines);

    // Let it catch up, then compare every line held with the API's own log.
    const apiNow = (await get(`/syncs/${sync.id}/logs?after_id=0&limit=1`)).meta.last_id;
    await waitForState(page, new Function('s', `return s.log && s.log.lastId >= ${apiNow};`), 'caught up', 20000);
    const held = await downloadedLines(page);
    const truth = await apiLines(get, sync.id);
    assert.ok(held.length >= apiNow, `${held.length} lines downloaded, the API had ${apiNow}`);
    assert.deepEqual(held, truth.slice(0, held.length), 'the lines held are the API\'s, in order, once each');
    console.log(`after the faulty run: ${held.length} lines held, identical to the API's first ${held.length}`);
    assert.ok(maxPerRollingMinute(requests.map((r) => r.at)) <= 240);
    assert.deepEqual(consoleErrors.filter((e) => !/Failed to load resource/.test(e)), []);
    await page.context().close();
  });
});

test('429: nothing is sent before Retry-After has passed, and the app carries on by itself', async () => {
  // (Measured with a bucket of 12 a minute, refilled at one token per 5 s:) the app's start-up (3 requests) and
  // two live keys every 5 s (the log and its header) overdraw it after about 45-50 s, and the
  // second 429 follows 5 s later (measured 49.7 and 54.7 s after the log opened). The wait
  // allows for a slow start.
  // At a quarter of the demo's speed, so that the running sync it watches is still running when
  // the bucket runs dry (a run that finishes first stops the live requests; since the demo data
  // of issue 19, two 429s no longer came within 90 s at full speed: 2 of 2 runs failed, and the
  // live log still asked twice every 5 s, so the run ending early is the likely cause).
  // Since issue 20 (a smaller first request, bulk back-fill) a bucket of 12 still ran dry in two
  // fresh-clone runs of three, but not within 90 s in the third: a bucket of 6 (one token every
  // 10 s) runs dry about three times sooner, and the wait allows two minutes.
  await withServer(['--rate-limit', '6', '--seed', '4', '--speed', '0.25'], async (server) => {
    const { page, api: requests } = await openLiveLog(server);
    await waitUntil(() => requests.filter((r) => r.status === 429).length >= 2, 'two 429 answers', 120000);
    await page.waitForTimeout(12000);  // what follows them
    const refused = requests.filter((r) => r.status === 429);
    let checked = 0;
    for (const r of refused) {
      assert.ok(r.retryAfter >= 1, 'the 429 said how long to wait');
      const quiet = r.doneAt + r.retryAfter * 1000;
      // 250 ms of grace after the answer: a request the app started in the same moment, before
      // its answer callback ran, is not a reaction to it.
      const early = requests.filter((x) => x.at > r.doneAt + 250 && x.at < quiet - 100);
      assert.deepEqual(early.map((x) => x.url), [], `requests within the ${r.retryAfter} s after a 429`);
      if (requests.some((x) => x.at >= quiet - 100)) ++checked;
    }
    assert.ok(checked >= 1, 'requests resumed after the wait');
    const s = await state(page);
    assert.ok(s.log.lines > 0);
    console.log(`429: ${refused.length} refused requests, Retry-After ${refused.map((r) => r.retryAfter).join(', ')} s, ` +
      `each honoured; ${requests.length} API requests in ${(requests.at(-1).at - requests[0].at) / 1000} s`);
    await page.context().close();
  });
});

// On a server without the bulk form (--no-bulk-logs; issue 20's bulk pages would carry 1.2M lines in
// 25 requests, never near the budget): the app falls back to 5,000-line JSON pages, and those are
// what the budget must hold back.
test('the request budget: a 1,200,000-line log back-fills at no more than 240 API requests a minute', async () => {
  await withServer(['--rate-limit', '0', '--big-sync-lines', '1200000', '--no-bulk-logs'], async (server) => {
    const get = api(server);
    let big = null;
    for (const s of (await get('/services?per_page=100')).data) {
      const y = (await get(`/services/${s.id}/syncs?per_page=100`)).data.find((x) => /benchmark/.test(x.summary));
      if (y) big = { ...y, serviceId: s.id };
    }
    const p = await newPage(browser);
    const requests = recordApi(p.page);
    await p.page.goto(server.link);
    await waitForState(p.page, (s) => s.view === 'services' && s.services.length > 0, 'signed in');
    await p.page.evaluate((r) => { window.location.hash = r; }, `/services/${big.serviceId}/syncs/${big.id}`);
    // 240 pages of 5,000 lines: the budget (240 a minute, 20 kept for refreshes) is what limits.
    await waitForState(p.page, (s) => s.log && s.log.lines > 0, 'the tail');
    // The lower bound: the back-fill goes on to the first line (a back-fill that stopped, or crept,
    // would never get there), which takes 240 pages, so over a minute at this budget.
    const s = await waitForState(p.page, (x) => x.log && x.log.complete && x.log.lines === 1200000, 'every line held', 180000);
    const most = maxPerRollingMinute(requests.map((r) => r.at));
    const pages = requests.filter((r) => r.url.includes(`/syncs/${big.id}/logs`)).length;
    console.log(`budget: ${requests.length} API requests in ${((requests.at(-1).at - requests[0].at) / 1000).toFixed(0)} s, ` +
      `at most ${most} in any rolling minute; ${s.log.lines} of 1,200,000 lines held`);
    assert.ok(most <= 240, `${most} API requests in one minute`);
    assert.ok(pages >= 240, `${pages} log requests for 1,200,000 lines in pages of 5,000`);
    const bulk = requests.filter((r) => r.url.includes('format=lines')).length;
    assert.ok(bulk >= 1 && bulk <= 3, `${bulk} bulk requests refused before JSON pages (at most one round)`);
    // And at a pace the budget, not the app, limits: about 220 a minute measured (docs/reliability.md);
    // less than half of it means the back-fill was held back by something else.
    assert.ok(most >= 110, `only ${most} API requests in the busiest minute: the back-fill slowed down`);
    await p.page.context().close();
  });
});

test('--token-ttl: the login form comes back keeping route, search and lines; signing in again carries on', async () => {
  // The live benchmark sync runs for 2,000 s (200,000 lines at 100 a second): a demo run of the
  // usual kind may finish before the token expires, and a finished log asks nothing more, so the
  // expiry would never be seen (CI, 2026-12-06: sync 3000031 finished after 13 lines).
  await withServer(['--token-ttl', '30', '--seed', '5', '--big-sync-lines', '200000', '--big-sync-live'], async (server) => {
    const { page, api: requests, all, sync, route } = await openLiveLog(server, liveBenchmarkSync);
    await clickItem(page, 'log.search');
    await page.keyboard.type('e');
    const before = await waitForState(page, (s) => s.log && s.log.query === 'e' && s.log.matches > 0, 'a search');
    const expired = await waitForState(page, (s) => s.view === 'login', 'the login form', 45000);
    assert.equal(expired.auth, 'expired');
    assert.equal(expired.route, route);
    assert.match(expired.banner, /expired/);
    await screenshot(page, 'faults-expired');
    const expiredAt = Date.now();
    await clickItem(page, 'login.email');
    await page.keyboard.type('demo@syncscope.example');
    await clickItem(page, 'login.password');
    await page.keyboard.type('demo');
    await page.keyboard.press('Enter');
    const back = await waitForState(page, (s) => s.view === 'log' && s.auth === 'ok', 'signed in again', 20000);
    assert.equal(back.route, route);
    assert.ok(back.log.lines >= before.log.lines, 'the lines held were kept');
    assert.equal(back.log.query, 'e', 'the search was kept');
    // The first log request after signing in asks for the lines after the last one held.
    await waitUntil(() => requests.find((r) => r.at > expiredAt && r.url.includes(`/syncs/${sync.id}/logs`) && r.status === 200), 'a log request', 20000);
    const next = requests.find((r) => r.at > expiredAt && r.url.includes(`/syncs/${sync.id}/logs`));
    assert.match(next.url, /after_id=\d+&limit=5000$/, 'not the tail again');
    await waitForState(page, new Function('s', `return s.log && s.log.lastId > ${before.log.lastId};`), 'new lines', 30000);
    // The old token never showed outside the Authorization header.
    for (const r of requests) assert.ok(!r.url.includes(server.token));
    assert.ok(!all.some((m) => m.includes(server.token)), 'the token in console output');
    assert.ok(!JSON.stringify(await state(page)).includes(server.token));
    await page.context().close();
  });
});
