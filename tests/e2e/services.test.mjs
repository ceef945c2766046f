// End to end, in headless Chromium against the demo server: the demo link shows the services,
// rows match the API, a click opens a service, the token travels only in the Authorization
// header, a refused token brings back the login form, and back/forward walk the views.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  apiServices as listServices, clickItem, itemRect, launchBrowser, matchesSearch, newPage, pixel, screenshot, startServer,
  state, waitForServiceIds, waitForState, waitUntil,
} from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const apiServices = (token) => listServices(server.origin, token);

test('the demo link shows every service the API lists, and a click opens one', async () => {
  const { page, requests, consoleErrors, context } = await newPage(browser);
  const started = Date.now();
  await page.goto(server.link);
  const s = await waitForState(page, (s) => s.view === 'services' && s.services.length > 0, 'the services table');
  const firstFrameWithServicesMs = Date.now() - started;
  console.log(`navigation → first frame with services: ${firstFrameWithServicesMs} ms`);

  const expected = await apiServices(server.token);
  assert.deepEqual(
    s.services.map((x) => ({ id: x.id, name: x.name, status: x.status })),
    expected.map((x) => ({ id: x.id, name: x.name, status: x.status })),
  );
  assert.equal(s.auth, 'ok');
  assert.equal(s.route, '/services');
  assert.equal(s.banner, '');
  // The token left the address bar as soon as it was read.
  assert.ok(!page.url().includes(server.token), `token still in ${page.url()}`);
  assert.ok(!page.url().includes('token='));
  await screenshot(page, 'services');

  const target = expected[Math.min(2, expected.length - 1)];
  await clickItem(page, `services.row.${target.id}`);
  const opened = await waitForState(page, (s) => s.view === 'summary', 'the service summary');
  assert.equal(opened.route, `/services/${target.id}`);
  assert.ok(page.url().endsWith(`#/services/${target.id}`));
  assert.match(await page.title(), new RegExp(target.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  await screenshot(page, 'summary');

  // Back and forward walk the views.
  await page.goBack();
  await waitForState(page, (s) => s.view === 'services' && s.route === '/services', 'back to the list');
  await page.goForward();
  await waitForState(page, (s) => s.view === 'summary', 'forward to the summary');

  const api = requests.filter((r) => new URL(r.url).pathname.startsWith('/api/'));
  assert.ok(api.length >= 1, 'the app made API requests');
  for (const r of api) assert.equal(r.headers.authorization, `Bearer ${server.token}`, r.url);
  for (const r of requests) assert.ok(!r.url.includes(server.token), `token in URL ${r.url}`);
  assert.deepEqual(consoleErrors, []);
  // The app's own requests: config.json, two fonts (preloaded by the page, then fetched by the
  // app from that preload), and every API call. A refresh may be on the wire between the two
  // reads (the browser reports it a moment after the app counts it), so the counts must meet.
  let now;
  await waitUntil(async () => {
    now = await state(page);
    const seen = requests.filter((r) => new URL(r.url).pathname.startsWith('/api/')).length;
    return now.requests === 3 + seen;
  }, `state().requests to equal 3 + the API requests the browser saw`);
  assert.ok(now.frames > 0);
  await context.close();
});

test('a refused token brings back the login form, and a typed token signs in', async () => {
  const { page, requests, context } = await newPage(browser);
  await page.goto(`${server.origin}/#token=not-the-token`);
  const s = await waitForState(page, (s) => s.view === 'login' && s.banner !== '', 'the login form with a message');
  assert.equal(s.auth, 'none');
  assert.match(s.banner, /token was refused/i);
  assert.ok(!page.url().includes('not-the-token'));
  await screenshot(page, 'login-refused');

  // The token field has the keyboard already: type without clicking.
  await page.keyboard.type(server.token);
  await page.keyboard.press('Enter');
  const ok = await waitForState(page, (s) => s.view === 'services' && s.services.length > 0, 'signed in');
  assert.equal(ok.auth, 'ok');
  const api = requests.filter((r) => new URL(r.url).pathname.startsWith('/api/'));
  assert.equal(api.at(-1).headers.authorization, `Bearer ${server.token}`);
  assert.equal(api[0].headers.authorization, 'Bearer not-the-token');
  await context.close();
});

test('without a token the login form shows, and an API key is sent raw', async () => {
  const { page, requests, context } = await newPage(browser);
  await page.goto(`${server.origin}/#/services`);
  await waitForState(page, (s) => s.view === 'login', 'the login form');
  await clickItem(page, 'login.scheme.apikey');
  await clickItem(page, 'login.token');
  await page.keyboard.type(server.token);
  await clickItem(page, 'login.submit');
  await waitForState(page, (s) => s.view === 'services' && s.services.length > 0, 'signed in with a key');
  const api = requests.filter((r) => new URL(r.url).pathname.startsWith('/api/'));
  assert.equal(api.at(-1).headers.authorization, server.token);
  await screenshot(page, 'signed-in-with-api-key');
  await context.close();
});

test('search filters the rows case-insensitively over id, type and name', async () => {
  const { page, context } = await newPage(browser);
  await page.goto(server.link);
  const all = await waitForState(page, (s) => s.view === 'services' && s.services.length > 0, 'services');
  await clickItem(page, 'services.search');
  await page.keyboard.type('SWEEPER');
  const expected = (await apiServices(server.token)).filter((x) => matchesSearch(x, 'SWEEPER'));
  assert.ok(expected.length > 0 && expected.length < all.services.length, 'the demo data has some sweepers');
  await waitForServiceIds(page, expected.map((x) => x.id), 'only the sweepers');
  await screenshot(page, 'search-sweepers');
  // Clearing the field brings every row back.
  for (let i = 0; i < 'SWEEPER'.length; i++) await page.keyboard.press('Backspace');
  await waitForServiceIds(page, all.services.map((x) => x.id), 'every row again');
  await context.close();
});

test('"… ago" counts by the server\'s clock: a browser clock 3 hours behind changes nothing', async () => {
  const p = await newPage(browser);
  await p.page.addInitScript(() => {
    const realNow = Date.now;
    Date.now = () => realNow() - 3 * 3600 * 1000;  // this computer's clock is wrong
  });
  await p.page.goto(server.link);
  const s = await waitForState(p.page, (st) => st.view === 'services' && Object.keys(st.ago.services).length > 0, 'the services with their last run');
  assert.ok(await p.page.evaluate(() => Math.abs(Date.now() - new Date(performance.timeOrigin + performance.now()).getTime()) > 3 * 3600 * 1000 - 5000),
    'the page\'s clock is 3 hours behind');
  const res = await fetch(`${server.origin}/api/v1/services?per_page=100`, { headers: { Authorization: `Bearer ${server.token}` } });
  const serverNow = Date.parse(res.headers.get('date'));
  const rows = (await res.json()).data.filter((x) => x.last_sync);
  assert.ok(rows.length > 0);
  let checked = 0;
  for (const x of rows) {
    const shown = s.ago.services[String(x.id)];
    if (shown === undefined) continue;  // not a visible row
    const ageS = (serverNow - Date.parse(x.last_sync.started_at)) / 1000;
    const m = /^(\d+) (min|h|d) ago$/.exec(shown);
    if (shown === 'just now') assert.ok(ageS < 120, `${x.id}: "just now" for ${ageS} s`);
    else {
      assert.ok(m, `${x.id}: "${shown}"`);
      const unit = { min: 60, h: 3600, d: 86400 }[m[2]];
      assert.ok(Math.abs(ageS / unit - Number(m[1])) <= 1.5, `${x.id}: "${shown}" for a run ${ageS} s old`);
    }
    ++checked;
  }
  assert.ok(checked > 0, 'rows checked');
  await p.context.close();
});

// --- issue 16: the list shows failures and stays live ---------------------------------------

// The API's services with the server's clock of the answer (its Date header).
async function servicesWithClock() {
  const res = await fetch(`${server.origin}/api/v1/services?per_page=100`, { headers: { Authorization: `Bearer ${server.token}` } });
  assert.equal(res.status, 200);
  return { at: Date.parse(res.headers.get('date')), services: (await res.json()).data };
}

test('each row shows its last 24 hours as hourly cells and its failures; filter and sort by them', async () => {
  const { page, context, consoleErrors } = await newPage(browser);
  await page.goto(server.link);
  await waitForState(page, (s) => s.view === 'services' && s.services.length > 0, 'the services');
  const api = await servicesWithClock();
  const failing = api.services.filter((x) => x.failed_24h > 0);
  assert.ok(failing.length > 0 && failing.length < api.services.length, 'the demo data has services with and without failures');
  const worst = failing.reduce((a, b) => (b.failed_24h > a.failed_24h ? b : a));
  // The row carries the API's runs, oldest first, and its count.
  const s = await waitForState(page, new Function('s', `const r = s.services.find((x) => x.id === ${worst.id});
    return r && r.failed24h === ${worst.failed_24h};`), `service ${worst.id} with ${worst.failed_24h} failures`);
  const row = s.services.find((x) => x.id === worst.id);
  assert.deepEqual(row.runs.map((r) => r.id), worst.runs_24h.map((r) => r.id));
  assert.deepEqual(row.runs.map((r) => r.status), worst.runs_24h.map((r) => r.status));

  // The cell of a failed run's hour is drawn in the failed colour (dark theme 248, 113, 113;
  // light 220, 38, 38: the page follows prefers-color-scheme).
  const hour = 3600 * 1000;
  const from = api.at - 24 * hour;
  const placed = worst.runs_24h.filter((r) => r.status === 'failed').map((r) => (Date.parse(r.started_at) - from) / hour)
    .find((h) => h - Math.floor(h) > 0.1 && h - Math.floor(h) < 0.9);
  assert.ok(placed !== undefined, 'a failed run away from an hour\'s edge');
  const strip = await itemRect(page, `services.strip.${worst.id}`);
  assert.ok(strip && strip.w >= 24 * 6, `the strip of ${worst.id}: ${JSON.stringify(strip)}`);
  const cell = Math.floor(placed);
  const x = Math.round(strip.x + cell * 7 + 3), y = Math.round(strip.y + strip.h / 2);
  const [r, g, b] = await pixel(page, x, y);
  const near = ([cr, cg, cb]) => Math.abs(r - cr) < 30 && Math.abs(g - cg) < 30 && Math.abs(b - cb) < 30;
  assert.ok(near([248, 113, 113]) || near([220, 38, 38]), `cell ${cell} is ${r},${g},${b}`);
  // Its tooltip names the hour and the runs (seen in the screenshot).
  await page.mouse.move(x, y);
  await screenshot(page, 'daily-services-strips');

  // "Failed or partial in the last 24 h", clicked like a person, combines with the search.
  await clickItem(page, 'services.filter.failing');
  await waitForServiceIds(page, failing.map((x) => x.id), 'only the services with failures');
  await clickItem(page, 'services.search');
  await page.keyboard.type(String(worst.id));
  const both = failing.filter((x) => matchesSearch(x, String(worst.id)));
  await waitForServiceIds(page, both.map((x) => x.id), 'failures and the search');
  for (let i = 0; i < String(worst.id).length; i++) await page.keyboard.press('Backspace');
  await clickItem(page, 'services.filter.failing');
  await waitForServiceIds(page, api.services.map((x) => x.id), 'every row again');

  // The failures column: most failures first on the first click, then the other way.
  await clickItem(page, 'services.column.failures');
  const desc = await waitForState(page, (s) => s.services.length > 1 &&
    s.services.every((x, i, a) => i === 0 || a[i - 1].failed24h >= x.failed24h) && s.services[0].failed24h > 0, 'most failures first');
  assert.equal(desc.services[0].failed24h, Math.max(...desc.services.map((x) => x.failed24h)));
  await clickItem(page, 'services.column.failures');
  await waitForState(page, (s) => s.services.every((x, i, a) => i === 0 || a[i - 1].failed24h <= x.failed24h), 'fewest failures first');
  // "View syncs" says what the row opens.
  assert.ok(await itemRect(page, `services.viewLogs.${worst.id}`));
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test('the list refreshes itself every 30 s while on screen: "Updated" moves on, rows stay', async () => {
  const { page, context, requests } = await newPage(browser);
  await page.goto(server.link);
  const first = await waitForState(page, (s) => s.view === 'services' && s.services.length > 0 && s.servicesUpdatedAt > 0, 'the services');
  const listRequests = () => requests.filter((r) => new URL(r.url).pathname === '/api/v1/services').length;
  const before = listRequests();
  // Nobody presses Reload: the scheduler refreshes the list after 30 s.
  const next = await waitForState(page, new Function('s', `return s.servicesUpdatedAt > ${first.servicesUpdatedAt};`),
    'the list refreshed by itself', 60000);
  const step = next.servicesUpdatedAt - first.servicesUpdatedAt;
  assert.ok(step >= 28000 && step < 45000, `refreshed ${step} ms later (server clock)`);
  assert.equal(listRequests(), before + 1, 'one request for the refresh');
  assert.deepEqual(next.services.map((x) => x.id), first.services.map((x) => x.id));
  assert.equal(next.banner, '');
  await screenshot(page, 'daily-lists-live');
  await context.close();
});
