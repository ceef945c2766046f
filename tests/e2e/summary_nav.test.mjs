// End to end, in headless Chromium against the demo server: the service summary and navigation,
// driven with the real mouse and keyboard and checked through window.syncscope.state() against
// the API's own answers (fetched with the token sent raw: a rate-limit caller of its own).
//   * a row, or its "More details", opens that sync's log;
//   * search by sync id, the status filter and column sorts show the rows the API gives for the
//     same question, in its order; clearing them brings every row back;
//   * pulled and pushed are the API's, and the records not pushed show in the chart;
//   * the chart is drawn (its bars' colours are on screen) from the API's hourly counts;
//   * rows of running syncs update by themselves (--speed 30);
//   * breadcrumbs, back and forward, and Esc (summary → list, log → summary; not while a text
//     field has the keyboard or a popup is open);
//   * the sync's status in the page title, which changes when a running sync finishes;
//   * the services list's loading and error states with a failing API (--admin), and recovery.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { clickItem, itemRect, launchBrowser, newPage, screenshot, setFaults, settled, startServer, state, waitForState, waitUntil } from './harness.mjs';

const SEED = '5';
let still;   // simulated time at real speed: data that holds still while compared (and --admin)
let fast;    // --speed 30: running syncs move quickly
let browser;
let decoder; // a blank page that decodes screenshots into pixels

before(async () => {
  [still, fast] = await Promise.all([
    startServer(['--seed', SEED, '--admin'], { timeoutMs: 30000 }),
    startServer(['--seed', SEED, '--speed', '30'], { timeoutMs: 30000 }),
  ]);
  browser = await launchBrowser();
  decoder = await (await browser.newContext()).newPage();
});

after(async () => {
  await browser?.close();
  await Promise.all([still?.stop(), fast?.stop()]);
});

// The API as the test sees it: the token sent raw (the app sends `Bearer T`, another caller for
// the rate limit), a 429 waited out as its Retry-After says.
async function api(server, p) {
  for (let attempt = 1; ; ++attempt) {
    const res = await fetch(`${server.origin}/api/v1${p}`, { headers: { Authorization: server.token } });
    if (res.status === 429 && attempt < 5) {
      await new Promise((r) => setTimeout(r, Number(res.headers.get('retry-after') || 1) * 1000));
      continue;
    }
    assert.equal(res.status, 200, `GET ${p}`);
    return res.json();
  }
}

// The syncs of the last 24 hours, every page, in the API's order (or `query`'s).
async function apiSyncs(server, serviceId, query = '') {
  const out = [];
  for (let page = 1; ; ++page) {
    const body = await api(server, `/services/${serviceId}/syncs?per_page=100&page=${page}${query}`);
    out.push(...body.data);
    if (page >= body.meta.last_page) return out;
  }
}

// Polls an async check every `interval` ms (each poll may ask the API) until it returns true.
async function eventually(fn, what, timeout = 30000, interval = 400) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    last = await fn();
    if (last === true) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(last)?.slice(0, 1500)}`);
    await new Promise((r) => setTimeout(r, interval));
  }
}

const finished = (y) => y.status !== 'running' && y.status !== 'queued';
const is = (pred, ...args) => new Function('s', `return (${pred.toString()})(s, ...${JSON.stringify(args)});`);

// A service whose last 24 hours hold still at real speed (nothing running) and show every case:
// several statuses, failed syncs, and records pulled but not pushed.
let quiet;
async function quietService() {
  if (quiet) return quiet;
  for (const s of (await api(still, '/services?per_page=100')).data) {
    if (s.status !== 'active') continue;
    const syncs = await apiSyncs(still, s.id);
    const statuses = new Set(syncs.map((y) => y.status));
    if (syncs.length >= 10 && syncs.every(finished) && statuses.has('failed') && statuses.size >= 3 &&
        syncs.some((y) => y.pulled_count > y.pushed_count)) {
      quiet = s;
      return s;
    }
  }
  throw new Error(`seed ${SEED} has no quiet service with failed syncs`);
}

// A sync of the demo's always-running service (its runs last about 15 simulated minutes, half
// a minute at --speed 30) with most of its run still ahead: no more than 8 simulated minutes in.
async function longRun(server) {
  let found = null;
  await eventually(async () => {
    for (const s of (await api(server, '/services?per_page=100')).data) {
      if (s.status !== 'active') continue;
      for (const y of (await api(server, `/services/${s.id}/syncs?per_page=20`)).data)
        if (y.status === 'running' && y.duration_ms < 8 * 60000 && (await apiSyncs(server, s.id)).some((x) => x.duration_ms > 10 * 60000)) {
          found = { ...y, service: s };
          return true;
        }
    }
    return false;
  }, 'a long run that has just started', 60000, 1000);
  return found;
}

// Signed in with the demo link, on the services list.
async function signIn(server) {
  const p = await newPage(browser);
  await p.page.goto(server.link);
  await waitForState(p.page, (s) => s.view === 'services' && s.services.length > 0, 'signed in');
  return p;
}

// From the list, a click on the service's row: its summary with the rows (and the chart) loaded.
// `openedAt`: the time of the click (the server's simulated clock is the real one at --speed 1).
async function openSummary(page, serviceId) {
  const openedAt = Date.now();
  await clickItem(page, `services.row.${serviceId}`);
  const s = await waitForState(page, is((s, id) => s.view === 'summary' && s.route === `/services/${id}` && s.syncs.length > 0 && s.chart !== null, serviceId),
    `the summary of service ${serviceId}`);
  return { ...s, openedAt };
}

// Waits until the rows shown are the API's answer to the same question (`query`, then `pick`),
// compared as `shape` makes them, over the syncs both can know: those started before the
// summary was opened (it refreshes itself, so later ones may show) and still in the API's 24 hours.
async function likeApi(page, serviceId, openedAt, what, { query = '', pick = (rows) => rows, shape = (y) => y.id } = {}) {
  const asShown = (y) => ({ id: y.id, status: y.status, pulled: y.pulled_count, pushed: y.pushed_count });
  await eventually(async () => {
    const known = new Set((await apiSyncs(still, serviceId)).filter((y) => Date.parse(y.started_at) < openedAt).map((y) => y.id));
    const want = pick(await apiSyncs(still, serviceId, query)).filter((y) => known.has(y.id)).map((y) => shape(asShown(y)));
    const got = (await state(page)).syncs.filter((y) => known.has(y.id)).map(shape);
    if (want.length > 0 && JSON.stringify(got) === JSON.stringify(want)) return true;
    const at = want.findIndex((w, i) => JSON.stringify(w) !== JSON.stringify(got[i]));
    return { rows: [got.length, want.length], firstDifference: at, got: got.slice(at, at + 3), want: want.slice(at, at + 3) };
  }, what);
}

// Presses a key and waits until a frame has been drawn after it and the picture settled: the
// key has been seen by the views (and anything it asked for applied).
async function pressAndSettle(page, key) {
  const before = (await state(page)).frames;
  await page.keyboard.press(key);
  await waitForState(page, is((s, f) => s.frames > f + 1, before), `a frame after ${key}`);
  await settled(page);
  return state(page);
}

// Counts the pixels of a screen area within `tolerance` of each colour (a screenshot decoded in
// a blank page, which has no CSP). The mouse moves off the chart first: the services row
// clicked to open the summary lies under it, and the hour's tooltip would cover bars.
async function colourCounts(page, rect, colours, tolerance = 24) {
  await page.mouse.move(rect.x + rect.w / 2, rect.y - 40);
  await settled(page);
  const png = await page.screenshot({ clip: { x: rect.x, y: rect.y, width: rect.w, height: rect.h } });
  return decoder.evaluate(async ({ b64, colours, tolerance }) => {
    const blob = await (await fetch(`data:image/png;base64,${b64}`)).blob();
    const bmp = await createImageBitmap(blob);
    const c = new OffscreenCanvas(bmp.width, bmp.height);
    const g = c.getContext('2d');
    g.drawImage(bmp, 0, 0);
    const d = g.getImageData(0, 0, bmp.width, bmp.height).data;
    const counts = colours.map(() => 0);
    for (let i = 0; i < d.length; i += 4)
      colours.forEach(([r, gg, b], k) => {
        if (Math.abs(d[i] - r) <= tolerance && Math.abs(d[i + 1] - gg) <= tolerance && Math.abs(d[i + 2] - b) <= tolerance) counts[k]++;
      });
    return { counts, pixels: d.length / 4 };
  }, { b64: png.toString('base64'), colours, tolerance });
}

// src/ui/widgets.cpp's palettes: pulled, pushed, warning ("not pushed").
const PALETTE = {
  dark: { pulled: [96, 165, 250], pushed: [74, 222, 128], warning: [251, 191, 36] },
  light: { pulled: [37, 99, 235], pushed: [21, 128, 61], warning: [180, 83, 9] },
};

test('summary: a click on a row opens that sync\'s log, and so does "More details"', async () => {
  const svc = await quietService();
  const { page, context, consoleErrors } = await signIn(still);
  const shown = await openSummary(page, svc.id);
  const [first, second] = shown.syncs;

  await clickItem(page, `summary.row.${first.id}`);
  const log = await waitForState(page, is((s, id) => s.view === 'log' && s.log && s.log.syncId === id, first.id), 'the clicked row\'s log');
  assert.equal(log.route, `/services/${svc.id}/syncs/${first.id}`);
  assert.ok(page.url().endsWith(`#/services/${svc.id}/syncs/${first.id}`), page.url());

  await clickItem(page, 'nav.service');
  await waitForState(page, is((s, id) => s.view === 'summary' && s.route === `/services/${id}` && s.syncs.length > 0, svc.id), 'back on the summary');
  await clickItem(page, `summary.details.${second.id}`);
  const details = await waitForState(page, is((s, id) => s.view === 'log' && s.log && s.log.syncId === id && s.log.status !== null, second.id),
    '"More details" opening its log');
  assert.equal(details.route, `/services/${svc.id}/syncs/${second.id}`);
  assert.equal(details.log.status, second.status);
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test('summary: search by sync id, the status filter and sorted columns show what the API answers', async () => {
  const svc = await quietService();
  const { page, context } = await signIn(still);
  const { openedAt } = await openSummary(page, svc.id);
  const sameAsApi = (query, what, pick) => likeApi(page, svc.id, openedAt, what, { query, pick });
  await sameAsApi('', 'every row, newest first');
  const all = (await state(page)).syncs;

  // Search: part of an id shows the ids holding those digits; a whole id only that sync.
  const target = all[Math.min(3, all.length - 1)];
  const part = String(target.id).slice(-2);
  await clickItem(page, 'summary.search');
  await page.keyboard.type(part, { delay: 30 });
  await sameAsApi('', `the syncs whose id holds "${part}"`, (rows) => rows.filter((y) => String(y.id).includes(part)));
  assert.ok((await state(page)).syncs.length < all.length, 'the search narrowed the rows');
  for (let i = 0; i < part.length; ++i) await page.keyboard.press('Backspace');
  await page.keyboard.type(String(target.id), { delay: 30 });
  const one = await waitForState(page, is((s, id) => s.syncs.length === 1 && s.syncs[0].id === id, target.id), 'only the sync searched for');
  assert.deepEqual(one.syncs[0], target);
  // Cleared: every row again.
  for (let i = 0; i < String(target.id).length; ++i) await page.keyboard.press('Backspace');
  await sameAsApi('', 'every row after clearing the search');

  // The status filter: only the failed syncs, as the API filters them.
  await clickItem(page, 'summary.status');
  await clickItem(page, 'summary.status.failed');
  await sameAsApi('&filter%5Bstatus%5D=failed', 'only the failed syncs');
  const failed = await state(page);
  assert.ok(failed.syncs.length > 0 && failed.syncs.every((y) => y.status === 'failed'));
  assert.ok(failed.syncs.length < all.length);
  await clickItem(page, 'summary.status');
  await clickItem(page, 'summary.status.all');
  await sameAsApi('', 'every status again');

  // Sorting. Started: newest first (the API's own order), then oldest first (sort=started_at),
  // then the API's order again.
  await clickItem(page, 'summary.column.started');
  await sameAsApi('', 'started, newest first');
  await clickItem(page, 'summary.column.started');
  await sameAsApi('&sort=started_at', 'started, oldest first');
  await clickItem(page, 'summary.column.started');
  await sameAsApi('', 'the API\'s order again');
  // Pushed: largest first, ties in the API's order (the sort is stable).
  await clickItem(page, 'summary.column.pushed');
  await sameAsApi('', 'pushed, largest first', (rows) => [...rows].sort((a, b) => b.pushed_count - a.pushed_count));
  await clickItem(page, 'summary.column.pushed');
  await sameAsApi('', 'pushed, smallest first', (rows) => [...rows].sort((a, b) => a.pushed_count - b.pushed_count));
  // Sorted and filtered together.
  await clickItem(page, 'summary.status');
  await clickItem(page, 'summary.status.success');
  await sameAsApi('&filter%5Bstatus%5D=success', 'successes, pushed smallest first', (rows) => [...rows].sort((a, b) => a.pushed_count - b.pushed_count));
  await context.close();
});

test('summary: pulled and pushed are the API\'s, and records not pushed show in the chart', async () => {
  const svc = await quietService();
  const { page, context } = await signIn(still);
  const { openedAt } = await openSummary(page, svc.id);
  await likeApi(page, svc.id, openedAt, 'every row\'s status, pulled and pushed as the API\'s', {
    shape: (y) => [y.id, y.status, y.pulled, y.pushed],
  });
  const s = await state(page);
  const gaps = s.syncs.filter((y) => y.pushed < y.pulled);
  assert.ok(gaps.length > 0, 'some syncs pulled records they did not push');
  assert.ok(s.syncs.some((y) => y.pushed === y.pulled && y.pulled > 0), 'and some pushed every record');

  // The hours whose records were not all pushed are outlined in the warning colour: at least
  // as many outlined pixels as one short bar edge per such hour, and none of it without a gap.
  const hoursWithGap = s.chart.filter((h) => h.pushed < h.pulled).length;
  assert.ok(hoursWithGap > 0);
  const theme = (await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)) ? 'dark' : 'light';
  const rect = await itemRect(page, 'summary.chart');
  const { counts } = await colourCounts(page, rect, [PALETTE[theme].warning]);
  assert.ok(counts[0] >= 2 * hoursWithGap, `warning-coloured pixels in the chart: ${counts[0]} for ${hoursWithGap} hours with a gap`);
  await context.close();
});

test('summary: the chart is drawn from the API\'s pulled / pushed per hour', async () => {
  const svc = await quietService();
  const { page, context } = await signIn(still);
  const opened = await openSummary(page, svc.id);
  // Its hours are the API's: same buckets, same counts.
  await eventually(async () => {
    const tx = await api(still, `/services/${svc.id}/transactions`);
    const mine = new Map((await state(page)).chart.map((h) => [h.at, h]));
    const common = tx.filter((b) => mine.has(Date.parse(b.bucket_start)));
    const diff = common.filter((b) => {
      const h = mine.get(Date.parse(b.bucket_start));
      return h.pulled !== b.pulled || h.pushed !== b.pushed || h.failed !== b.failed;
    });
    return (common.length >= 23 && diff.length === 0) || { common: common.length, diff };
  }, 'the chart\'s hours as the API counts them');
  // And they add up to the table: every sync of the window started in one of the chart's hours;
  // only the first hour (cut by the window) may hold syncs the table has not.
  const chart = opened.chart;
  const sum = (xs, k) => xs.reduce((t, x) => t + x[k], 0);
  for (const k of ['pulled', 'pushed']) {
    const rows = sum(opened.syncs, k);
    assert.ok(rows <= sum(chart, k) && rows >= sum(chart, k) - chart[0][k], `${k}: rows ${rows}, chart ${sum(chart, k)}`);
  }

  // Drawn: a plot area of a real size, with pulled and pushed bars in their colours.
  const rect = await itemRect(page, 'summary.chart');
  assert.ok(rect && rect.w > 400 && rect.h > 60, `the chart's plot area: ${JSON.stringify(rect)}`);
  const theme = (await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)) ? 'dark' : 'light';
  const { counts, pixels } = await colourCounts(page, rect, [PALETTE[theme].pulled, PALETTE[theme].pushed]);
  assert.ok(counts[0] > pixels * 0.01, `pulled bars: ${counts[0]} of ${pixels} pixels`);
  assert.ok(counts[1] > pixels * 0.01, `pushed bars: ${counts[1]} of ${pixels} pixels`);
  await screenshot(page, 'summary-chart');
  await context.close();
});

test('summary: rows of running syncs update by themselves (--speed 30), as the API counts', async () => {
  const running = await longRun(fast);
  const { page, context, requests } = await signIn(fast);
  await openSummary(page, running.service.id);
  const row = (s) => s.syncs.find((y) => y.id === running.id);
  const first = row(await state(page));
  assert.ok(first, 'the running sync is a row');
  // No click, no key: the row's counts grow.
  const grown = row(await waitForState(page, is((s, id, p) => {
    const y = s.syncs.find((x) => x.id === id);
    return y && y.pulled > p;
  }, running.id, first.pulled), 'the running row\'s pulled count to grow', 40000));
  assert.ok(grown.pushed >= first.pushed);
  const asked = requests.filter((r) => r.url.includes(`/services/${running.service.id}/syncs`)).length;
  assert.ok(asked >= 2, `the summary asked again by itself (${asked} requests)`);

  // As the API counts: once the app has refreshed after the API said (a1), it shows at least
  // that, and never more than the API says a moment later (a2).
  const a1 = await api(fast, `/syncs/${running.id}`);
  const seen = row(await waitForState(page, is((s, id, p, q) => {
    const y = s.syncs.find((x) => x.id === id);
    return y && y.pulled >= p && y.pushed >= q;
  }, running.id, a1.pulled_count, a1.pushed_count), 'a refresh after the API\'s count', 40000));
  const a2 = await api(fast, `/syncs/${running.id}`);
  assert.ok(seen.pulled <= a2.pulled_count && seen.pushed <= a2.pushed_count,
    `shown ${seen.pulled}/${seen.pushed}, API ${a1.pulled_count}/${a1.pushed_count} then ${a2.pulled_count}/${a2.pushed_count}`);

  // Once it has finished, the row is the API's final word, still without a click.
  const done = row(await waitForState(page, is((s, id) => {
    const y = s.syncs.find((x) => x.id === id);
    return y && y.status !== 'running';
  }, running.id), 'the row to show the sync finished', 60000));
  const final = await api(fast, `/syncs/${running.id}`);
  const { id, status, pulled, pushed, durationMs } = done;
  assert.deepEqual({ id, status, pulled, pushed }, { id: final.id, status: final.status, pulled: final.pulled_count, pushed: final.pushed_count });
  assert.equal(durationMs, Date.parse(final.finished_at) - Date.parse(final.started_at), 'its duration: finish − start');
  await context.close();
});

test('summary: with no sync running it still refreshes by itself, and a new run appears (--speed 30)', async () => {
  // The service that runs most often, at a moment when none of its syncs is running.
  let svc = null;
  await eventually(async () => {
    const services = (await api(fast, '/services?per_page=100')).data.filter((s) => s.status === 'active')
      .sort((a, b) => b.runs_24h.length - a.runs_24h.length);
    const top = services[0];
    if (top.runs_24h.every((r) => r.status !== 'running' && r.status !== 'queued')) svc = top;
    return svc !== null;
  }, 'a frequent service with nothing running', 60000, 500);
  const { page, context, requests } = await signIn(fast);
  const opened = await openSummary(page, svc.id);
  const shown = new Set(opened.syncs.map((y) => y.id));
  assert.ok(opened.summaryUpdatedAt > 0, 'summaryUpdatedAt is set');
  // No click, no key: the next refresh comes at refreshSeconds all the same…
  const next = await waitForState(page, is((s, t) => s.summaryUpdatedAt > t, opened.summaryUpdatedAt),
    'a refresh with nothing running', 20000);
  assert.equal(next.view, 'summary');
  // …and a run that starts shows as a new row.
  const grown = await waitForState(page, is((s, ids) => s.syncs.some((y) => !ids.includes(y.id)), [...shown]),
    'a new run in the open summary', 120000);
  const fresh = grown.syncs.filter((y) => !shown.has(y.id));
  const api2 = await apiSyncs(fast, svc.id);
  for (const y of fresh) assert.ok(api2.some((a) => a.id === y.id), `new row ${y.id} is the API's`);
  const asked = requests.filter((r) => r.url.includes(`/services/${svc.id}/syncs`)).length;
  assert.ok(asked >= 3, `the summary asked again by itself (${asked} requests)`);
  await context.close();
});

test('navigation: a route set while signing in, whose hashchange comes late, is not overwritten by the first route', async () => {
  // Seen in the e2e runs: a test set location.hash as soon as state() said "services", and the
  // app's first route (replacing the entry the page was opened with) overwrote it before the
  // hashchange was handled, so the log never opened. Made certain here: the services answer is
  // held until the hash is set, and the app's hashchange handler runs 500 ms late.
  const svc = await quietService();
  const sync = (await apiSyncs(still, svc.id))[0];
  const { page, context, consoleErrors } = await newPage(browser);
  await page.addInitScript(() => {
    const add = window.addEventListener.bind(window);
    window.addEventListener = (type, fn, ...rest) =>
      add(type, type === 'hashchange' ? (e) => setTimeout(() => fn(e), 500) : fn, ...rest);
  });
  let release;
  const held = new Promise((r) => { release = r; });
  await page.route(/\/api\/v1\/services(\?|$)/, async (route) => { await held; await route.continue(); });
  await page.goto(still.link);
  await waitForState(page, (s) => s.auth === 'ok' || s.signingIn === true || s.fetchesInFlight > 0, 'signing in');
  const route = `/services/${svc.id}/syncs/${sync.id}`;
  await page.evaluate((r) => { window.location.hash = r; }, route);
  release();
  await waitForState(page, new Function('s', `return s.view === 'log' && s.route === ${JSON.stringify(route)} && s.log && s.log.syncId === ${sync.id};`), 'the log set by the hash, not the first route');
  assert.equal(await page.evaluate(() => window.location.hash), '#' + route, 'the address names the log');
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test('navigation: breadcrumbs, back and forward, and Esc — but not while typing or with a popup open', async () => {
  const svc = await quietService();
  const { page, context, consoleErrors } = await signIn(still);
  const summary = await openSummary(page, svc.id);
  const sync = summary.syncs[0];
  const onSummary = is((s, id) => s.view === 'summary' && s.route === `/services/${id}`, svc.id);
  const onLog = is((s, sid, id) => s.view === 'log' && s.route === `/services/${sid}/syncs/${id}` && s.log && s.log.syncId === id, svc.id, sync.id);
  const onList = (s) => s.view === 'services' && s.route === '/services' && s.services.length > 0;

  // Breadcrumbs from a log: the service, then the list.
  await clickItem(page, `summary.row.${sync.id}`);
  await waitForState(page, onLog, 'the log');
  await clickItem(page, 'nav.service');
  await waitForState(page, onSummary, 'nav.service: the summary');
  await clickItem(page, `summary.row.${sync.id}`);
  await waitForState(page, onLog, 'the log again');
  await clickItem(page, 'nav.services');
  await waitForState(page, onList, 'nav.services: the list');

  // Back and forward: list → summary → log, back, back, forward.
  await openSummary(page, svc.id);
  await clickItem(page, `summary.row.${sync.id}`);
  await waitForState(page, onLog, 'the log');
  await page.goBack();
  await waitForState(page, onSummary, 'back: the summary');
  await page.goBack();
  await waitForState(page, onList, 'back: the list');
  await page.goForward();
  await waitForState(page, onSummary, 'forward: the summary');
  await page.goForward();
  await waitForState(page, onLog, 'forward: the log');

  // Esc in the log's search field leaves the field, not the log; the next Esc goes back.
  await clickItem(page, 'log.search');
  await page.keyboard.type('Pulled', { delay: 20 });
  await waitForState(page, (s) => s.log && s.log.query === 'Pulled', 'the query typed');
  let s = await pressAndSettle(page, 'Escape');
  assert.ok(onLog(s), `Esc in the log's search field navigated: ${s.route}`);
  await page.keyboard.press('Escape');
  await waitForState(page, onSummary, 'Esc in the log: the summary');

  // In the summary: Esc in the search field stays; with the status popup open it closes the
  // popup; otherwise it goes back to the list.
  await clickItem(page, 'summary.search');
  await page.keyboard.type('1', { delay: 20 });
  s = await pressAndSettle(page, 'Escape');
  assert.ok(onSummary(s), `Esc in the summary's search field navigated: ${s.route}`);
  await clickItem(page, 'summary.status');
  assert.ok(await itemRect(page, 'summary.status.failed'), 'the status popup is open');
  s = await pressAndSettle(page, 'Escape');
  assert.ok(onSummary(s), `Esc with the status popup open navigated: ${s.route}`);
  assert.equal(await itemRect(page, 'summary.status.failed'), null, 'Esc closed the popup');
  await page.keyboard.press('Escape');
  await waitForState(page, onList, 'Esc in the summary: the list');
  // The list's filter combos close on Esc too.
  await clickItem(page, 'services.filter.status');
  assert.ok(await itemRect(page, 'services.filter.status.all'), 'the status filter is open');
  s = await pressAndSettle(page, 'Escape');
  assert.equal(await itemRect(page, 'services.filter.status.all'), null, 'Esc closed the filter');
  assert.ok(onList(s));
  // And back comes back to where Esc left.
  await page.goBack();
  await waitForState(page, onSummary, 'back after Esc: the summary');
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test('the page title carries the sync\'s status, and changes when a running sync finishes (--speed 30)', async () => {
  // Finished syncs: their status in the title.
  const svc = await quietService();
  const rows = await apiSyncs(still, svc.id);
  const { page, context } = await signIn(still);
  await openSummary(page, svc.id);
  for (const status of ['failed', 'success']) {
    const y = rows.find((r) => r.status === status);
    await clickItem(page, `summary.row.${y.id}`);
    await waitForState(page, is((s, id) => s.log && s.log.syncId === id && s.log.status !== null, y.id), `the ${status} sync's log`);
    await waitUntil(async () => (await page.title()) === `Sync ${y.id} · ${status} — ${svc.name} — SyncScope`, `the ${status} title`)
      .catch(async (e) => assert.fail(`${e.message}; title: ${await page.title()}`));
    await page.keyboard.press('Escape');
    await waitForState(page, (s) => s.view === 'summary' && s.syncs.length > 0, 'the summary');
  }
  await context.close();

  // A running sync: "running" in the title until it finishes, then its final status (the API's).
  const running = await longRun(fast);
  const live = await signIn(fast);
  await openSummary(live.page, running.service.id);
  await clickItem(live.page, `summary.details.${running.id}`);
  const title = (status) => `Sync ${running.id} · ${status} — ${running.service.name} — SyncScope`;
  await waitForState(live.page, is((s, id) => s.log && s.log.syncId === id && s.log.status === 'running', running.id), 'the running log');
  await waitUntil(async () => (await live.page.title()) === title('running'), 'the running title');
  const done = await waitForState(live.page, (s) => s.log && s.log.status !== 'running' && s.log.status !== null, 'the sync to finish', 90000);
  const final = await api(fast, `/syncs/${running.id}`);
  assert.equal(done.log.status, final.status);
  await waitUntil(async () => (await live.page.title()) === title(final.status), `the title saying ${final.status}`);
  await live.context.close();
});

test('services list: a failing API shows a banner saying so, keeps the rows, shows loading, and recovers', async () => {
  try {
    const { page, context } = await signIn(still);
    // The rows as such: their runs of the last 24 h may move on meanwhile (a run starts or ends).
    const rows = (list) => list.map(({ id, name, status }) => ({ id, name, status }));
    const loaded = rows((await state(page)).services);
    // Reload while every API request fails: the rows stay, the banner says what failed.
    await setFaults(still, { fail_rate: 1 });
    await clickItem(page, 'services.reload');
    const failed = await waitForState(page, (s) => s.banner !== '' && !s.servicesLoading, 'the error banner');
    assert.match(failed.banner, /^Could not refresh the services: .+\. Showing the last list received\.$/);
    assert.deepEqual(rows(failed.services), loaded, 'the rows stay on screen');
    assert.ok(await itemRect(page, 'banner.text'), 'the banner is drawn');
    assert.ok(await itemRect(page, `services.row.${loaded[0].id}`), 'the rows are drawn');
    await screenshot(page, 'services-error');

    // The fault stops, but the API is slow: "Retry" shows the list loading (rows still there),
    // then the banner goes.
    await setFaults(still, { fail_rate: 0, latency_ms: 1500 });
    await clickItem(page, 'banner.retry');
    const loading = await waitForState(page, (s) => s.servicesLoading, 'loading');
    assert.deepEqual(rows(loading.services), loaded);
    const ok = await waitForState(page, (s) => !s.servicesLoading && s.banner === '', 'recovered');
    assert.deepEqual(rows(ok.services), loaded);
    assert.equal(await itemRect(page, 'banner.text'), null);
    await context.close();

    // Failing from the start: a 5xx says nothing about the token, so it is kept and tried again
    // ("Signing in… retrying in N s", not the form; docs/reliability.md, "Sign-in under faults").
    // "Use another token" goes back to the form, which says why and offers to try again, which
    // works once the fault stops.
    await setFaults(still, { fail_rate: 1, latency_ms: 0 });
    const p = await newPage(browser);
    await p.page.goto(still.link);
    const retrying = await waitForState(p.page, (s) => s.view === 'login' && s.signInRetry && s.signInRetry.failures >= 1, 'the sign-in retrying');
    assert.equal(retrying.banner, '', 'no form, no message: it is retrying');
    assert.ok(await itemRect(p.page, 'login.retrying'), '"Signing in… retrying in N s" is drawn');
    assert.equal(await itemRect(p.page, 'login.token'), null, 'the form is not');
    await screenshot(p.page, 'login-retrying');
    await clickItem(p.page, 'login.cancel');
    const refused = await waitForState(p.page, (s) => s.view === 'login' && !s.signingIn && s.banner !== '', 'the login form saying why');
    assert.match(refused.banner, /^Signing in was stopped after \d+ failed tr(y|ies) \(the last: .+ \(HTTP 50[023]\)\)\. The token was not refused: try again, or use another\.$/);
    await setFaults(still, { fail_rate: 0 });
    await clickItem(p.page, 'login.retry');
    const back = await waitForState(p.page, (s) => s.view === 'services' && s.services.length > 0, 'the list after trying again');
    assert.deepEqual(rows(back.services), loaded);
    await p.context.close();
  } finally {
    await setFaults(still, { fail_rate: 0, latency_ms: 0 });
  }
});
