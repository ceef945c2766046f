// End to end, in headless Chromium against the demo server: signing in with email and password
// typed on the real keyboard, a refused password saying why, "Remember me" (sessionStorage only,
// kept across a reload, cleared by Sign out and by a refused token), the HTML sign-in form (its
// markup for password managers, Tab / type / Enter, its messages and both themes), "Remember on
// this device" (localStorage: a new tab opens a line link signed in), the services list's group
// tabs, filters and sortable columns checked against the API's own data, the light and dark
// themes (following prefers-color-scheme, switched from the top bar), and a 400 px wide screen.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  apiServices as listServices, clickItem, itemRect, launchBrowser, matchesSearch, newPage, pixel, screenshot, settled, startServer, state,
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
  const s = await waitForState(page, (s) => s.view === 'login' && s.auth === 'none', 'the login form');
  await page.waitForFunction(() => window.syncscope && window.syncscope.itemRect('login.token'), null, { timeout: 10000, polling: 50 });
  return s;
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

// --- the HTML sign-in form (issue 16, point 9) ---------------------------------------------------

// What the page's form is made of, read from the DOM as a password manager reads it.
const formMarkup = (page) => page.evaluate(() => {
  const f = document.getElementById('signin');
  const field = (id) => {
    const e = document.getElementById(id);
    return { tag: e.tagName, type: e.type, autocomplete: e.getAttribute('autocomplete'), form: e.form === f,
      labels: [...e.labels].map((l) => l.textContent.trim()), disabled: e.disabled };
  };
  return {
    tag: f.tagName, hidden: f.hidden, visible: f.getClientRects().length > 0,
    token: field('signin-token'), email: field('signin-email'), password: field('signin-password'),
    tab: field('signin-remember'), device: field('signin-remember-device'),
    submit: { tag: document.getElementById('signin-submit').tagName, type: document.getElementById('signin-submit').type },
    focused: document.activeElement && document.activeElement.id,
    message: (() => { const m = document.getElementById('signin-message'); return m.hidden ? null : m.textContent; })(),
    background: getComputedStyle(f).backgroundColor,
    color: getComputedStyle(f).color,
  };
});

const focusedId = (page) => page.evaluate(() => document.activeElement && document.activeElement.id);

test('the sign-in is a real HTML form: autocomplete fields, labels, a hidden token; Tab, type and Enter sign in', async () => {
  const { page, context, requests } = await newPage(browser);
  await openLoginForm(page);
  const m = await formMarkup(page);
  assert.equal(m.tag, 'FORM');
  assert.equal(m.hidden, false);
  assert.ok(m.visible, 'the form is on screen');
  assert.deepEqual(m.token, { tag: 'INPUT', type: 'password', autocomplete: 'off', form: true, labels: ['Token or API key'], disabled: false });
  assert.deepEqual(m.email, { tag: 'INPUT', type: 'email', autocomplete: 'username', form: true, labels: ['Email'], disabled: false });
  assert.deepEqual(m.password, { tag: 'INPUT', type: 'password', autocomplete: 'current-password', form: true, labels: ['Password'], disabled: false });
  assert.equal(m.tab.type, 'checkbox');
  assert.deepEqual(m.tab.labels, ['Remember me in this tab']);
  assert.equal(m.device.type, 'checkbox');
  assert.match(m.device.labels[0], /^Remember on this device/);
  assert.deepEqual(m.submit, { tag: 'BUTTON', type: 'submit' });
  // Every control the contract names is on screen, inside the canvas' area.
  const canvas = await page.evaluate(() => document.getElementById('canvas').getBoundingClientRect().toJSON());
  for (const id of ['login.token', 'login.scheme.bearer', 'login.scheme.apikey', 'login.email', 'login.password',
    'login.remember', 'login.remember.device', 'login.submit']) {
    const r = await itemRect(page, id);
    assert.ok(r && r.w > 0 && r.h > 0, `${id} is shown`);
    assert.ok(r.x >= canvas.x && r.y >= canvas.y && r.x + r.w <= canvas.x + canvas.width && r.y + r.h <= canvas.y + canvas.height, id);
  }
  // The token field has the keyboard when the form opens (type or paste straight away).
  assert.equal(m.focused, 'signin-token');

  // Like a person: Tab past the token and its scheme to the email, type, Tab, type, Enter.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  assert.equal(await focusedId(page), 'signin-email');
  await page.keyboard.type(EMAIL);
  await page.keyboard.press('Tab');
  assert.equal(await focusedId(page), 'signin-password');
  await page.keyboard.type(PASSWORD);
  const answered = page.waitForResponse((r) => r.url().endsWith('/api/v1/login') && r.status() === 200);
  await page.keyboard.press('Enter');
  const login = await answered;
  assert.deepEqual(JSON.parse(login.request().postData()), { email: EMAIL, password: PASSWORD });
  await waitForState(page, (s) => s.view === 'services' && s.auth === 'ok', 'signed in');
  // Submitted with preventDefault: no navigation, no form data in any URL, the fields emptied.
  assert.equal(new URL(page.url()).search, '');
  for (const r of requests) assert.ok(!/password=|token=|email=/.test(r.url), r.url);
  await page.waitForFunction(() => document.getElementById('signin').hidden, null, { timeout: 10000 });
  assert.equal(await itemRect(page, 'login.token'), null, 'hidden when the view is not "login"');
  assert.equal(await page.evaluate(() => document.getElementById('signin-password').value), '');
  // The keyboard is back on the canvas (its shortcuts), not left on the hidden form.
  await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'canvas', null, { timeout: 10000 });
  await context.close();
});

test('a wrong token and a token with a zero-width space: the form says why, the second is never sent', async () => {
  const { page, context, requests } = await newPage(browser);
  await openLoginForm(page);
  await clickItem(page, 'login.token');
  await page.keyboard.type(`${server.token}-but-wrong`);
  await page.keyboard.press('Enter');
  const refused = await waitForState(page, (s) => s.view === 'login' && s.banner !== '' && !s.signingIn, 'the refusal');
  assert.match(refused.banner, /refused/);
  await page.waitForFunction((t) => document.getElementById('signin-message').textContent === t, refused.banner, { timeout: 10000 });
  assert.ok(await itemRect(page, 'login.message'), 'the message is in the form');
  // The field is empty, and has the keyboard again.
  await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'signin-token', null, { timeout: 10000 });
  assert.equal(await page.evaluate(() => document.getElementById('signin-token').value), '');

  const withAuth = requests.filter((r) => r.headers.authorization).length;
  // A zero-width space inside (pasted from a chat): refused by name, before anything is sent.
  await page.keyboard.type(`${server.token.slice(0, 5)}\u200B${server.token.slice(5)}`);
  await page.keyboard.press('Enter');
  const message = 'The token contains a zero-width space (U+200B) at position 6: paste the token alone, without spaces or line breaks inside it';
  const named = await waitForState(page, (s) => s.view === 'login' && /U\+200B/.test(s.banner), 'the named character');
  assert.equal(named.banner, message);
  await page.waitForFunction((t) => document.getElementById('signin-message').textContent === t, message, { timeout: 10000 });
  assert.equal(requests.filter((r) => r.headers.authorization).length, withAuth, 'nothing sent with it');
  await screenshot(page, 'daily-login-form-message');

  // Spaces around a token are trimmed, and it signs in.
  await page.keyboard.type(`  ${server.token}  `);
  await page.keyboard.press('Enter');
  await waitForState(page, (s) => s.view === 'services' && s.auth === 'ok', 'signed in with the trimmed token');
  assert.ok(requests.some((r) => r.headers.authorization === `Bearer ${server.token}`));
  await context.close();
});

test('the form looks like the app in both themes, and the theme button works on it', async () => {
  const { page, context } = await newPage(browser);
  await page.emulateMedia({ colorScheme: 'dark' });
  await openLoginForm(page);
  const dark = await formMarkup(page);
  assert.equal(dark.background, 'rgb(26, 28, 34)', 'the dark card (ChildBg)');
  assert.equal(dark.color, 'rgb(230, 235, 242)', 'the dark text');
  await settled(page);
  await screenshot(page, 'daily-login-form-dark');
  await clickItem(page, 'app.theme');
  await page.waitForFunction(() => getComputedStyle(document.getElementById('signin')).backgroundColor === 'rgb(255, 255, 255)',
    null, { timeout: 10000 });
  const light = await formMarkup(page);
  assert.equal(light.color, 'rgb(23, 28, 38)', 'the light text');
  await waitUntil(async () => (await pixel(page, 6, 400)).slice(0, 3).every((c) => c > 200), 'the light canvas around it');
  await settled(page);
  await screenshot(page, 'daily-login-form-light');
  await context.close();
});

test('"Remember on this device": a line link opened in a new tab does not ask again; "in this tab" does not carry', async () => {
  const all = await apiServices();
  const svc = all.find((x) => x.last_sync);
  const lineLink = `${server.origin}/#/services/${svc.id}/syncs/${svc.last_sync.id}?line=2`;

  const { page, context } = await newPage(browser);
  await openLoginForm(page);
  await clickItem(page, 'login.remember.device');
  await typeInto(page, 'login.token', server.token);
  await page.keyboard.press('Enter');
  await waitForState(page, (s) => s.view === 'services' && s.auth === 'ok', 'signed in');
  const stored = await waitUntil(async () => (await storage(page)).local[SESSION_KEY], 'the token on this device');
  assert.deepEqual(JSON.parse(stored), { token: server.token, scheme: 'bearer' });
  assert.deepEqual((await storage(page)).session, {}, 'not in the tab as well');

  // A new tab of the same browser opens a copied line link straight away.
  const second = await context.newPage();
  const logins = [];
  second.on('request', (r) => { if (r.url().includes('/api/')) logins.push(r.headers().authorization); });
  await second.goto(lineLink);
  const s = await waitForState(second, (x) => x.view === 'log' && x.auth === 'ok', 'the line, signed in');
  assert.equal(s.route, `/services/${svc.id}/syncs/${svc.last_sync.id}?line=2`);
  assert.ok(logins.length > 0 && logins.every((a) => a === `Bearer ${server.token}`));
  await second.waitForFunction(() => document.getElementById('signin').hidden, null, { timeout: 10000 });

  // Sign out (in either tab) forgets it on the device: a third tab asks again.
  await clickItem(second, 'nav.signOut');
  await waitForState(second, (x) => x.view === 'login' && x.auth === 'none', 'signed out');
  await waitUntil(async () => !(SESSION_KEY in (await storage(second)).local), 'the token gone from the device');
  const third = await context.newPage();
  await third.goto(lineLink);
  await waitForState(third, (x) => x.view === 'login' && x.auth === 'none' && x.frames > 2, 'the form in a third tab');
  await context.close();

  // "Remember me in this tab": a new tab asks for the token again.
  const other = await newPage(browser);
  await openLoginForm(other.page);
  await clickItem(other.page, 'login.remember');
  await typeInto(other.page, 'login.token', server.token);
  await other.page.keyboard.press('Enter');
  await waitForState(other.page, (x) => x.view === 'services' && x.auth === 'ok', 'signed in');
  await waitUntil(async () => (await storage(other.page)).session[SESSION_KEY], 'the token in this tab');
  assert.ok(!((await storage(other.page)).local[SESSION_KEY]), 'not on the device');
  const newTab = await other.context.newPage();
  await newTab.goto(lineLink);
  await waitForState(newTab, (x) => x.view === 'login' && x.auth === 'none' && x.frames > 2, 'the form in the new tab');
  assert.ok(await itemRect(newTab, 'login.token'));
  await other.context.close();
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
