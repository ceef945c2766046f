// End to end, in headless Chromium against the demo server: signing in with email and password
// typed on the real keyboard, a refused password saying why, "Remember me" (sessionStorage only,
// kept across a reload, cleared by Sign out and by a refused token), the services list's group
// tabs, filters and sortable columns checked against the API's own data, the light and dark
// themes (following prefers-color-scheme, switched from the top bar), and a 400 px wide screen.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  apiServices as listServices, clickItem, itemRect, launchBrowser, matchesSearch, newPage, pixel, screenshot, startServer, state,
  waitForServiceIds, waitForState, waitUntil,
} from './harness.mjs';

const EMAIL = 'demo@syncscope.example';
const PASSWORD = 'demo';
const SESSION_KEY = 'syncscope.session';

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

const apiServices = () => listServices(server.origin, server.token);
const isApi = (r) => new URL(r.url).pathname.startsWith('/api/');

// Every console message of the page (not only errors), to check that no token is ever printed.
function recordConsole(page) {
  const lines = [];
  page.on('console', (m) => lines.push(m.text()));
  page.on('pageerror', (e) => lines.push(String(e)));
  return lines;
}

const storage = (page) =>
  page.evaluate(() => ({ session: { ...sessionStorage }, local: { ...localStorage }, url: location.href }));

async function openLoginForm(page) {
  await page.goto(`${server.origin}/#/services`);
  return waitForState(page, (s) => s.view === 'login' && s.auth === 'none', 'the login form');
}

// Types into a login field after clicking it, with the real mouse and keyboard.
async function typeInto(page, id, text) {
  await clickItem(page, id);
  await page.keyboard.type(text);
}

test('email and password typed on the keyboard sign in; a wrong password says why', async () => {
  const { page, context, requests } = await newPage(browser);
  const consoleLines = recordConsole(page);
  await openLoginForm(page);
  for (const id of ['login.token', 'login.email', 'login.password', 'login.remember', 'login.submit'])
    assert.ok(await itemRect(page, id), `${id} is drawn`);
  await screenshot(page, 'login');

  await typeInto(page, 'login.email', EMAIL);
  await page.keyboard.press('Tab');  // on to the password, as in any form
  await page.keyboard.type('not-the-password');
  await page.keyboard.press('Enter');
  const refused = await waitForState(page, (s) => s.view === 'login' && s.banner !== '', 'the refusal');
  assert.equal(refused.banner, 'These credentials do not match our records.');
  assert.equal(refused.auth, 'none');
  await screenshot(page, 'login-wrong-password');

  // The password field has the keyboard again: type the right one and press Enter.
  const answered = page.waitForResponse((r) => r.url().endsWith('/api/v1/login') && r.status() === 200);
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
  const token = (await (await answered).json()).token;
  const s = await waitForState(page, (s) => s.view === 'services' && s.services.length > 0, 'signed in');
  assert.equal(s.auth, 'ok');
  assert.equal(s.banner, '');
  assert.deepEqual(s.services.map((x) => x.id), (await apiServices()).map((x) => x.id));

  const logins = requests.filter((r) => r.url.endsWith('/api/v1/login'));
  assert.equal(logins.length, 2);
  for (const r of logins) {
    assert.equal(r.method, 'POST');
    assert.equal(r.headers.authorization, undefined);
  }
  const after = requests.filter((r) => isApi(r) && !r.url.endsWith('/login'));
  assert.ok(after.length > 0);
  for (const r of after) assert.equal(r.headers.authorization, `Bearer ${token}`, r.url);
  for (const r of requests) {
    assert.ok(!r.url.includes(token) && !/password/i.test(r.url), `secret in URL ${r.url}`);
  }
  for (const line of consoleLines) assert.ok(!line.includes(token), `token in the console: ${line}`);
  // Not remembered: nothing stored anywhere.
  const st = await storage(page);
  assert.deepEqual(st.session, {});
  assert.ok(!JSON.stringify(st.local).includes(token));
  assert.deepEqual(await context.cookies(), []);
  await context.close();
});

test('"Remember me" keeps the token in sessionStorage only: a reload stays signed in, Sign out forgets it', async () => {
  const { page, context, requests } = await newPage(browser);
  const consoleLines = recordConsole(page);
  await openLoginForm(page);
  await clickItem(page, 'login.remember');
  await typeInto(page, 'login.email', EMAIL);
  await typeInto(page, 'login.password', PASSWORD);
  const answered = page.waitForResponse((r) => r.url().endsWith('/api/v1/login') && r.status() === 200);
  await clickItem(page, 'login.submit');
  const token = (await (await answered).json()).token;
  await waitForState(page, (s) => s.view === 'services' && s.auth === 'ok', 'signed in');

  const stored = await waitUntil(async () => (await storage(page)).session[SESSION_KEY], 'the remembered token');
  assert.deepEqual(JSON.parse(stored), { token, scheme: 'bearer' });
  const st = await storage(page);
  assert.ok(!JSON.stringify(st.local).includes(token), 'never in localStorage');
  assert.ok(!st.url.includes(token), 'never in the URL');
  assert.deepEqual(await context.cookies(), [], 'never in a cookie');

  // A reload signs in with the remembered token, without the form and without POST /login.
  const before = requests.length;
  await page.reload();
  const s = await waitForState(page, (s) => s.view === 'services' && s.auth === 'ok' && s.services.length > 0,
    'signed in again after the reload');
  assert.equal(s.route, '/services');
  const since = requests.slice(before).filter(isApi);
  assert.ok(since.length > 0);
  assert.ok(since.every((r) => !r.url.endsWith('/login')), 'no second login');
  assert.equal(since[0].headers.authorization, `Bearer ${token}`);
  await screenshot(page, 'remembered-after-reload');

  await clickItem(page, 'nav.signOut');
  await waitForState(page, (s) => s.view === 'login' && s.auth === 'none', 'signed out');
  await waitUntil(async () => !(SESSION_KEY in (await storage(page)).session), 'the token removed');
  // …so a reload shows the form and asks the API nothing.
  const beforeReload = requests.length;
  await page.reload();
  await waitForState(page, (s) => s.view === 'login' && s.frames > 2, 'the login form after the reload');
  assert.equal(requests.slice(beforeReload).filter(isApi).length, 0);
  for (const line of consoleLines) assert.ok(!line.includes(token), `token in the console: ${line}`);
  await context.close();
});

test('a remembered token the API refuses is forgotten, and the form says why', async () => {
  const { page, context } = await newPage(browser);
  // A typed token, remembered.
  await openLoginForm(page);
  await clickItem(page, 'login.remember');
  await typeInto(page, 'login.token', server.token);
  await page.keyboard.press('Enter');
  await waitForState(page, (s) => s.view === 'services' && s.auth === 'ok', 'signed in with the token');
  const stored = await waitUntil(async () => (await storage(page)).session[SESSION_KEY], 'the remembered token');
  assert.deepEqual(JSON.parse(stored), { token: server.token, scheme: 'bearer' });

  // The session ends behind the app's back (revoked, expired): the next start is refused.
  await page.evaluate((k) => sessionStorage.setItem(k, JSON.stringify({ token: 'revoked-token', scheme: 'bearer' })),
    SESSION_KEY);
  await page.reload();
  const s = await waitForState(page, (s) => s.view === 'login' && s.banner !== '', 'the refusal');
  assert.match(s.banner, /token was refused/i);
  assert.ok(!s.banner.includes('revoked-token'), 'the token is not in the message');
  await waitUntil(async () => !(SESSION_KEY in (await storage(page)).session), 'the refused token removed');
  await context.close();
});

// --- the services list ------------------------------------------------------------------------------

const byName = (a, b) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : a.name.toLowerCase() > b.name.toLowerCase() ? 1 : 0);

async function signedInList(options) {
  const p = await newPage(browser, options);
  await p.page.goto(server.link);
  await waitForState(p.page, (s) => s.view === 'services' && s.services.length > 0, 'services');
  return p;
}

// Opens a filter combo and picks one of its options.
async function pick(page, combo, option) {
  await clickItem(page, combo);
  await clickItem(page, `${combo}.${option}`);
}

test('group tabs, filters and sortable columns show what the API says, in the order clicked', async () => {
  const { page, context } = await signedInList();
  const all = await apiServices();
  const groups = [...new Set(all.map((x) => x.company_group))];
  assert.ok(groups.length > 1, 'the demo data has more than one company group');
  const ids = (list) => list.map((x) => x.id);

  // A group tab.
  const group = groups[0];
  const inGroup = all.filter((x) => x.company_group === group);
  await clickItem(page, `services.group.${group}`);
  await waitForServiceIds(page, ids(inGroup), `the ${group} tab`);

  // Status, then source system, then source entity, within the tab.
  await pick(page, 'services.filter.status', 'active');
  const active = inGroup.filter((x) => x.status === 'active');
  await waitForServiceIds(page, ids(active), 'active services of the group');
  const system = active[0].source.system;
  await pick(page, 'services.filter.system', system);
  const fromSystem = active.filter((x) => x.source.system === system);
  await waitForServiceIds(page, ids(fromSystem), `services from ${system}`);
  const entity = fromSystem[0].source.entity;
  await pick(page, 'services.filter.entity', entity);
  await waitForServiceIds(page, ids(fromSystem.filter((x) => x.source.entity === entity)), `${system} ${entity}`);
  await screenshot(page, 'services-filtered');

  // "Clear filters" keeps the tab; "All" shows every service again.
  await clickItem(page, 'services.clearFilters');
  await waitForServiceIds(page, ids(inGroup), 'the group without filters');
  await clickItem(page, 'services.group.all');
  await waitForServiceIds(page, ids(all), 'every service');

  // Sorting: name ascending, descending, then the API's order again.
  await clickItem(page, 'services.column.name');
  await waitForServiceIds(page, ids([...all].sort(byName)), 'sorted by name');
  await clickItem(page, 'services.column.name');
  await waitForServiceIds(page, ids([...all].sort(byName).reverse()), 'sorted by name, descending');
  await clickItem(page, 'services.column.name');
  await waitForServiceIds(page, ids(all), 'the API order');

  // Last sync: the most recent first (the column prefers descending); never synced last.
  await clickItem(page, 'services.column.lastSync');
  const synced = all.filter((x) => x.last_sync).sort((a, b) => Date.parse(b.last_sync.started_at) - Date.parse(a.last_sync.started_at));
  await waitForServiceIds(page, ids([...synced, ...all.filter((x) => !x.last_sync)]), 'most recent sync first');

  // Filters and sort together: the search keeps the sort.
  await clickItem(page, 'services.search');
  await page.keyboard.type('ORDERS');
  const recentFirst = [...synced, ...all.filter((x) => !x.last_sync)];
  await waitForServiceIds(page, ids(recentFirst.filter((x) => matchesSearch(x, 'ORDERS'))), 'searched and sorted');
  await screenshot(page, 'services-sorted');

  // A click on a row of the sorted list opens that service.
  const first = (await state(page)).services[0];
  await clickItem(page, `services.viewLogs.${first.id}`);
  await waitForState(page, (s) => s.view === 'summary', 'the summary');
  assert.equal((await state(page)).route, `/services/${first.id}`);
  await context.close();
});

test('a filter that leaves nothing says so and offers to clear it', async () => {
  const { page, context } = await signedInList();
  await clickItem(page, 'services.search');
  await page.keyboard.type('no such service anywhere');
  await waitForState(page, (s) => s.services.length === 0, 'no rows');
  await clickItem(page, 'services.clearFilters');
  const all = await apiServices();
  await waitForServiceIds(page, all.map((x) => x.id), 'every row again');
  // The search field follows the App: empty again, so typing starts afresh.
  await clickItem(page, 'services.search');
  await page.keyboard.type('sweeper');
  await waitForServiceIds(page, all.filter((x) => matchesSearch(x, 'sweeper')).map((x) => x.id), 'the sweepers');
  await context.close();
});

// --- themes ---------------------------------------------------------------------------------------

const brightness = ([r, g, b]) => (r + g + b) / 3;

test('the theme follows prefers-color-scheme at start, and the top bar switches it', async () => {
  for (const scheme of ['light', 'dark']) {
    const { page, context } = await newPage(browser);
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(server.link);
    await waitForState(page, (s) => s.view === 'services' && s.services.length > 0, 'services');
    // The window's background, left of the table (inside the window's padding).
    const bg = await pixel(page, 6, 400);
    if (scheme === 'light') assert.ok(brightness(bg) > 200, `light background, got ${bg}`);
    else assert.ok(brightness(bg) < 50, `dark background, got ${bg}`);
    await screenshot(page, `services-${scheme}`);

    await clickItem(page, 'app.theme');
    const switched = await waitUntil(async () => {
      const p = await pixel(page, 6, 400);
      return (scheme === 'light' ? brightness(p) < 50 : brightness(p) > 200) && p;
    }, 'the other theme');
    assert.ok(switched);
    // The switch says which theme it goes to, and stays where it is.
    assert.ok(await itemRect(page, 'app.theme'));
    assert.equal((await state(page)).view, 'services');
    if (scheme === 'dark') await screenshot(page, 'services-switched-to-light');
    await context.close();
  }
});

test('the login form has the theme switch too, and the light theme draws it', async () => {
  const { page, context } = await newPage(browser);
  await page.emulateMedia({ colorScheme: 'light' });
  await openLoginForm(page);
  assert.ok(brightness(await pixel(page, 6, 400)) > 200);
  assert.ok(await itemRect(page, 'app.theme'));
  await screenshot(page, 'login-light');
  await context.close();
});

// --- a narrow screen ----------------------------------------------------------------------------

test('at 400 px wide the services still show, the top bar wraps, and a tap opens a service', async () => {
  const { page, context } = await signedInList({ viewport: { width: 400, height: 760 } });
  const all = await apiServices();
  const s = await state(page);
  assert.deepEqual(s.services.map((x) => x.id), all.map((x) => x.id));
  for (const id of ['nav.signOut', 'app.theme', 'services.search', 'services.filter.status']) {
    const r = await itemRect(page, id);
    assert.ok(r, `${id} is drawn`);
    assert.ok(r.x >= 0 && r.x + r.w <= 400, `${id} fits the width: ${JSON.stringify(r)}`);
  }
  // Rows span the width and the first few are on screen, whole.
  for (const svc of all.slice(0, 4)) {
    const r = await itemRect(page, `services.row.${svc.id}`);
    assert.ok(r && r.w > 300 && r.x + r.w <= 400, `row ${svc.id}: ${JSON.stringify(r)}`);
  }
  // Sorting works from the compact table's headers too.
  await clickItem(page, 'services.column.name');
  await waitForServiceIds(page, [...all].sort(byName).map((x) => x.id), 'sorted by name');
  await screenshot(page, 'services-400px');
  const target = (await state(page)).services[1];
  await clickItem(page, `services.row.${target.id}`);
  await waitForState(page, (s) => s.view === 'summary', 'the summary');
  assert.equal((await state(page)).route, `/services/${target.id}`);
  await screenshot(page, 'summary-400px');
  await context.close();
});
