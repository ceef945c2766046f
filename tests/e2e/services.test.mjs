// End to end, in headless Chromium against the demo server: the demo link shows the services,
// rows match the API, a click opens a service, the token travels only in the Authorization
// header, a refused token brings back the login form, and back/forward walk the views.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  apiServices as listServices, clickItem, launchBrowser, matchesSearch, newPage, screenshot, startServer, state,
  waitForServiceIds, waitForState, waitUntil,
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
    s.services,
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
