// End to end, in headless Chromium: where the token may and may not go (docs/reliability.md).
//   * after faults and 401s, the token is in no request URL, no console message (of any level), no
//     error message, not in state(), the title, the address, the DOM, localStorage or cookies;
//   * "Remember me in this tab" keeps it in this tab's sessionStorage only; localStorage holds it
//     only when "Remember on this device" was ticked (issue 16, point 9); Sign out clears it from
//     both and from the app's state (no request carries it afterwards);
//   * a payload is fetched with the Authorization header and saved from a blob: URL — no link or
//     URL ever carries credentials;
//   * the API base comes from config.json only: query strings, the hash and messages cannot point
//     SyncScope (and its token) at another origin; it is resolved against the page's address
//     ("/" stays on the page's origin), refused when it does not resolve to http(s), and plain
//     http to another machine is warned about;
//   * tokens with odd characters (issue 13, item 2): a zero-width space around a pasted token is
//     trimmed; a character a token cannot hold is refused, from a link, the form, the remembered
//     token and a portal's message alike, with a message naming it — never sent, the frames go
//     on; a browser exception in the fetch layer is a failed request the app recovers from;
//   * messages from a real parent page into a real iframe: an allowed portal drives the frame,
//     a parent at another origin cannot;
//   * #token= leaves the address bar without WebAssembly too, and when pasted into an open tab.
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, test } from 'node:test';
import { clickItem, itemRect, launchBrowser, newPage, setFaults as setServerFaults, startServer, state, waitForState, waitUntil } from './harness.mjs';

let server;
let browser;

// A portal page on its own loopback origin (a small server of the test's): it frames the app and
// records what the frame posts to it. The demo server is told to allow it (--allow-origin).
let portalServer;
let PORTAL;
const portalHtml = () => `<!doctype html><title>Portal</title>
<script>window.got = []; addEventListener('message', (e) => { if (e.origin === ${JSON.stringify(server.origin)}) window.got.push(e.data); });</script>
<iframe id="app" src="${server.origin}/" style="width: 1000px; height: 700px; border: 0"></iframe>`;

before(async () => {
  portalServer = http.createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(portalHtml());
  });
  await new Promise((resolve) => portalServer.listen(0, '127.0.0.1', resolve));
  PORTAL = `http://127.0.0.1:${portalServer.address().port}`;
  server = await startServer(['--admin', '--seed', '6', '--allow-origin', PORTAL]);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await new Promise((resolve) => (portalServer ? portalServer.close(resolve) : resolve()));
});

async function get(p) {
  const res = await fetch(`${server.origin}/api/v1${p}`, { headers: { Authorization: `Bearer ${server.token}` } });
  return res.json();
}

// A page that records every console message (all levels) besides requests and errors.
async function watchedPage(options = { viewport: { width: 1280, height: 1000 } }) {
  const p = await newPage(browser, options);
  p.messages = [];
  p.page.on('console', (m) => p.messages.push(m.text()));
  p.page.on('pageerror', (e) => p.messages.push(String(e)));
  return p;
}

// Everything a page shows or keeps outside the Authorization header, as one string.
async function visibleEverywhere(p) {
  const page = await p.page.evaluate(() => JSON.stringify({
    state: window.syncscope ? window.syncscope.state() : null,
    title: document.title,
    href: window.location.href,
    history: window.history.state,
    text: document.body.innerText,
    links: [...document.querySelectorAll('[href],[src]')].map((e) => e.getAttribute('href') || e.getAttribute('src')),
    local: Object.entries(localStorage),
    cookies: document.cookie,
  }));
  return [page, ...p.messages, ...p.requests.map((r) => r.url), ...p.consoleErrors].join('\n');
}

// How many times `text` occurs in the wasm heap (freed memory included). Callers look for the
// token without its first 8 bytes too: a freed block's first 8 bytes are the allocator's links.
function heapCopies(page, text) {
  return page.evaluate((t) => {
    const heap = window.Module && window.Module.HEAPU8;
    if (!heap) return null;
    const needle = new TextEncoder().encode(t);
    let n = 0;
    for (let i = heap.indexOf(needle[0]); i >= 0 && i <= heap.length - needle.length; i = heap.indexOf(needle[0], i + 1)) {
      let k = 1;
      while (k < needle.length && heap[i + k] === needle[k]) ++k;
      if (k === needle.length) ++n;
    }
    return n;
  }, text);
}

async function setFaults(faults) {
  await setServerFaults(server, faults);
}

test('after faults and refused tokens the token shows nowhere but the Authorization header', async () => {
  const p = await watchedPage();
  const { page } = p;
  await page.goto(server.link);
  await waitForState(page, (s) => s.view === 'services' && s.services.length > 0, 'signed in');
  const running = await (async () => {
    for (const s of (await get('/services?per_page=100')).data) {
      const y = (await get(`/services/${s.id}/syncs?per_page=20`)).data.find((x) => x.status === 'running');
      if (y) return { serviceId: s.id, id: y.id };
    }
    return null;
  })();
  await page.evaluate((r) => { window.location.hash = r; }, `/services/${running.serviceId}/syncs/${running.id}`);
  await waitForState(page, (s) => s.log && s.log.lines > 0, 'the log');
  // 5xx and dropped answers for a while: error messages are composed and shown.
  await setFaults({ fail_rate: 0.5, drop_rate: 0.5 });
  await waitForState(page, (s) => /Could not refresh/.test(s.banner), 'an error banner', 30000);
  await setFaults({ fail_rate: 0, drop_rate: 0 });
  await waitForState(page, (s) => s.banner === '', 'recovered', 40000);
  // A refused token: the form says so.
  await clickItem(page, 'nav.signOut');
  await waitForState(page, (s) => s.view === 'login', 'signed out');
  const wrong = `${server.token}-but-wrong`;
  await clickItem(page, 'login.token');
  await page.keyboard.type(wrong);
  await page.keyboard.press('Enter');
  await waitForState(page, (s) => s.view === 'login' && /refused/.test(s.banner), 'the refusal', 20000);
  const all = await visibleEverywhere(p);
  assert.ok(!all.includes(server.token), 'the token appears outside the Authorization header');
  for (const r of p.requests) {
    assert.ok(!r.url.includes(server.token));
    if (r.url.includes('/api/')) assert.ok(!/token=/.test(r.url), r.url);
  }
  // It did travel, in the header.
  assert.ok(p.requests.some((r) => r.headers.authorization === `Bearer ${server.token}`));
  await page.context().close();
});

test('"Remember me" keeps the token in sessionStorage only; Sign out clears it everywhere', async () => {
  const p = await watchedPage();
  const { page } = p;
  await page.goto(server.origin + '/');
  await waitForState(page, (s) => s.view === 'login', 'the login form');
  await clickItem(page, 'login.token');
  await page.keyboard.type(server.token);
  await clickItem(page, 'login.remember');
  await clickItem(page, 'login.submit');
  await waitForState(page, (s) => s.view === 'services' && s.auth === 'ok', 'signed in');
  // Written by the frame that follows the accepting answer (state() reads the app live).
  await page.waitForFunction((t) => JSON.stringify(Object.entries(sessionStorage)).includes(t), server.token,
    { timeout: 10000, polling: 50 });
  assert.deepEqual(await page.evaluate(() => Object.keys(localStorage).filter((k) => localStorage.getItem(k).includes('syncscope-demo-token'))), []);
  const late = [];
  let signedOut = false;
  page.on('request', (r) => { if (signedOut && r.headers().authorization) late.push(r.url()); });
  await clickItem(page, 'nav.signOut');
  const out = await waitForState(page, (s) => s.view === 'login' && s.auth === 'none', 'signed out');
  signedOut = true;
  assert.equal(out.services.length, 0, 'nothing of the session stays in the state');
  assert.ok(!JSON.stringify(await page.evaluate(() => Object.entries(sessionStorage))).includes(server.token), 'sessionStorage cleared');
  // No request after signing out carries credentials, over more than a refresh interval and a
  // reload (which finds nothing remembered).
  await page.waitForTimeout(6000);
  const inFreedMemory = await heapCopies(page, server.token) + await heapCopies(page, server.token.slice(8));
  await page.reload();
  await waitForState(page, (s) => s.view === 'login', 'the form after a reload: nothing remembered');
  assert.deepEqual(late, []);
  const copies = await heapCopies(page, server.token) + await heapCopies(page, server.token.slice(8));
  console.log(`the token's bytes in the wasm heap: ${inFreedMemory} after Sign out, ${copies} after a reload`);
  // Freed memory is wiped (web/wipe.h), the form's and ImGui's copies overwritten: nothing of the
  // token is left in the heap, not even in memory freed and not yet reused.
  assert.equal(inFreedMemory, 0, 'no copy left after Sign out');
  assert.equal(copies, 0, 'a fresh page holds no copy');
  await page.context().close();
});

test('localStorage holds the token only when "Remember on this device" was ticked, and Sign out clears it from there', async () => {
  const p = await watchedPage();
  const { page } = p;
  await page.goto(server.origin + '/');
  await waitForState(page, (s) => s.view === 'login', 'the login form');
  const inStorage = () => page.evaluate((t) => ({
    local: Object.keys(localStorage).filter((k) => localStorage.getItem(k).includes(t)),
    session: Object.keys(sessionStorage).filter((k) => sessionStorage.getItem(k).includes(t)),
  }), server.token);
  await clickItem(page, 'login.token');
  await page.keyboard.type(server.token);
  await clickItem(page, 'login.remember.device');
  await clickItem(page, 'login.submit');
  await waitForState(page, (s) => s.view === 'services' && s.auth === 'ok', 'signed in');
  await page.waitForFunction((t) => JSON.stringify(Object.entries(localStorage)).includes(t), server.token,
    { timeout: 10000, polling: 50 });
  assert.deepEqual(await inStorage(), { local: ['syncscope.session'], session: [] });
  assert.deepEqual(await page.context().cookies(), []);
  await clickItem(page, 'nav.signOut');
  await waitForState(page, (s) => s.view === 'login' && s.auth === 'none', 'signed out');
  await page.waitForFunction((t) => !JSON.stringify(Object.entries(localStorage)).includes(t), server.token,
    { timeout: 10000, polling: 50 });
  assert.deepEqual(await inStorage(), { local: [], session: [] });
  // A reload (and so a new tab) finds nothing: the form again, no request with credentials.
  const before = p.requests.length;
  await page.reload();
  await waitForState(page, (s) => s.view === 'login' && s.frames > 2, 'the form after a reload');
  assert.deepEqual(p.requests.slice(before).filter((r) => r.headers.authorization !== undefined), []);
  await page.context().close();
});

test('a payload is fetched with the Authorization header and saved from a blob, never a link with credentials', async () => {
  const now = Date.now();
  let target = null;
  for (const s of (await get('/services?per_page=100')).data) {
    for (const y of (await get(`/services/${s.id}/syncs?per_page=100`)).data) {
      if (y.trigger !== 'manual' || !y.payloads_expire_at || Date.parse(y.payloads_expire_at) < now + 60000) continue;
      const line = (await get(`/syncs/${y.id}/logs?after_id=0&limit=5000`)).data.find((l) => l.payload);
      if (line) target = { serviceId: s.id, syncId: y.id, line };
    }
    if (target) break;
  }
  assert.ok(target, 'a live payload');
  const p = await watchedPage();
  const { page, requests } = p;
  await page.goto(server.link);
  await waitForState(page, (s) => s.view === 'services' && s.services.length > 0, 'signed in');
  await page.evaluate((r) => { window.location.hash = r; }, `/services/${target.serviceId}/syncs/${target.syncId}?line=${target.line.id}`);
  await waitForState(page, (s) => s.log && s.log.complete, 'the log');
  await clickItem(page, `log.payload.${target.line.payload.id}`);
  await waitForState(page, (s) => s.payload && s.payload.bytes > 0, 'the preview');
  const asked = requests.filter((r) => r.url.includes(`/payloads/${target.line.payload.id}`));
  assert.equal(asked.length, 1);
  assert.equal(asked[0].headers.authorization, `Bearer ${server.token}`);
  assert.equal(new URL(asked[0].url).search, '', 'no query string');
  const [download] = await Promise.all([page.waitForEvent('download'), clickItem(page, 'payload.download')]);
  assert.match(download.url(), /^blob:/, 'saved from the bytes in memory');
  assert.equal(requests.filter((r) => r.url.includes(`/payloads/${target.line.payload.id}`)).length, 1, 'no second request');
  const links = await page.evaluate(() => [...document.querySelectorAll('a')].map((a) => a.href));
  for (const href of links) {
    assert.ok(!href.includes(server.token), `a link with the token: ${href}`);
    assert.ok(!href.includes('/api/'), `a link into the API: ${href}`);
  }
  await page.context().close();
});

test('the API base comes from config.json only: the address cannot move it', async () => {
  const p = await watchedPage();
  const { page, requests } = p;
  const elsewhere = 'http://127.0.0.2:9/api/v1';
  await page.goto(`${server.origin}/?apiBaseUrl=${encodeURIComponent(elsewhere)}&api=${encodeURIComponent(elsewhere)}` +
    `#token=${encodeURIComponent(server.token)}&apiBaseUrl=${encodeURIComponent(elsewhere)}`);
  await waitForState(page, (s) => s.view === 'services' && s.services.length > 0, 'signed in');
  await clickItem(page, 'services.reload');
  await waitUntil(() => requests.filter((r) => r.url.includes('/api/')).length >= 2, 'a reload');
  const apiRequests = requests.filter((r) => r.url.includes('/api/'));
  for (const r of apiRequests) assert.ok(r.url.startsWith(`${server.origin}/api/v1/`), r.url);
  assert.ok(!requests.some((r) => r.url.startsWith('http://127.0.0.2')), 'a request went to the other origin');
  // The demo server's CSP (connect-src 'self') would block such a request before it shows above;
  // the browser then says so on the console.
  assert.ok(!p.messages.some((m) => /Content Security Policy/.test(m)), 'a request to the other origin was tried');
  const s = await state(page);
  assert.equal(s.auth, 'ok');
  await page.context().close();
});

// --- tokens with odd characters, the browser boundary (issue 13, items 2, 3, 7, 8) -------------

// A page whose config.json is `config` (the rest of the site as built).
async function pageWithConfig(config, options) {
  const p = await watchedPage(options);
  await p.page.route(`${server.origin}/config.json`, (route) => route.fulfill({
    status: 200, contentType: 'application/json', body: JSON.stringify(config),
  }));
  return p;
}

// Pastes `text` into the login form's token field from the system clipboard (as a person does:
// the text comes from chat or a document), then presses Enter.
async function pasteToken(p, text) {
  await p.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
  await waitForState(p.page, (s) => s.view === 'login', 'the login form');
  await p.page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await clickItem(p.page, 'login.token');
  await p.page.keyboard.press('Control+V');
  await p.page.keyboard.press('Enter');
}

const withAuthorization = (p) => p.requests.filter((r) => r.headers.authorization !== undefined);

// Input still draws frames: the app was not stopped by an exception.
async function framesGoOn(page, target = page) {
  const { frames } = await state(target);
  await page.mouse.move(300, 300);
  await page.mouse.move(340, 320);
  await waitForState(target, new Function('s', `return s.frames > ${frames};`), 'a frame after input');
}

test('a zero-width space pasted after the token is trimmed: signed in', async () => {
  const p = await watchedPage();
  await p.page.goto(server.origin + '/');
  await pasteToken(p, `${server.token}\u200B`);
  await waitForState(p.page, (s) => s.view === 'services' && s.auth === 'ok' && s.services.length > 0, 'signed in');
  const sent = withAuthorization(p);
  assert.ok(sent.length > 0);
  for (const r of sent) assert.equal(r.headers.authorization, `Bearer ${server.token}`);
  await waitForState(p.page, (s) => s.fetchesInFlight === 0, 'no fetch left open');
  assert.deepEqual(p.consoleErrors, []);
  await p.context.close();
});

test('a token in typographic quotes in a demo link: the app starts, names the quote, and sends nothing', async () => {
  const p = await watchedPage();
  const quoted = `\u201C${server.token}\u201D`;
  await p.page.goto(`${server.origin}/#token=${encodeURIComponent(quoted)}`);
  const s = await waitForState(p.page, (x) => x.view === 'login' && x.banner !== '', 'the message');
  assert.equal(s.banner, 'The token contains \u201C (U+201C) at position 1: paste it again without quotes');
  assert.equal(s.tokensRefused, 1);
  await itemRect(p.page, 'login.message');
  assert.deepEqual(withAuthorization(p), [], 'a request carried the token');
  assert.ok(!p.page.url().includes('token'), p.page.url());
  await framesGoOn(p.page);
  assert.deepEqual(p.consoleErrors, []);
  await p.context.close();
});

test('a token with a character inside that no header can carry: refused from the form and from sessionStorage, nothing sent, frames go on', async () => {
  const bad = `${server.token.slice(0, 5)}\u200B${server.token.slice(5)}`;
  const message = 'The token contains a zero-width space (U+200B) at position 6: paste the token alone, without spaces or line breaks inside it';
  // The form.
  const p = await watchedPage();
  await p.page.goto(server.origin + '/');
  await pasteToken(p, bad);
  const s = await waitForState(p.page, (x) => x.view === 'login' && x.banner !== '', 'the message');
  assert.equal(s.banner, message);
  assert.equal(s.fetchesInFlight, 0);
  await framesGoOn(p.page);
  assert.deepEqual(withAuthorization(p), []);
  // The same tab, a good token afterwards: the form works as before.
  await pasteToken(p, server.token);
  await waitForState(p.page, (x) => x.view === 'services' && x.auth === 'ok', 'signed in with the good token');
  await p.context.close();

  // The token remembered in this tab ("Remember me"), as the app writes it.
  const r = await watchedPage();
  await r.page.addInitScript((v) => { if (!window.name) { window.name = 'seeded'; sessionStorage.setItem('syncscope.session', v); } },
    JSON.stringify({ token: bad, scheme: 'bearer' }));
  await r.page.goto(server.origin + '/');
  const t = await waitForState(r.page, (x) => x.view === 'login' && x.banner !== '', 'the message');
  assert.equal(t.banner, message);
  await framesGoOn(r.page);
  assert.deepEqual(withAuthorization(r), []);
  await r.page.waitForFunction(() => sessionStorage.getItem('syncscope.session') === null, undefined, { timeout: 10000, polling: 50 });
  assert.deepEqual(r.consoleErrors, []);
  await r.context.close();
});

// A portal at PORTAL framing SyncScope, whose config.json trusts `allowed` parent origins. The
// portal records what the frame posts to it.
async function portal(allowed) {
  const p = await pageWithConfig({ apiBaseUrl: '/api/v1', allowedParentOrigins: allowed }, { viewport: { width: 1100, height: 800 } });
  await p.page.goto(`${PORTAL}/`);
  await waitUntil(() => p.page.frames().find((f) => f.url().startsWith(server.origin)), 'the frame');
  const frame = p.page.frames().find((f) => f.url().startsWith(server.origin));
  await frame.waitForFunction(() => window.syncscope && window.syncscope.state(), undefined, { timeout: 30000, polling: 100 });
  p.frame = frame;
  p.post = (m) => p.page.evaluate((x) => document.getElementById('app').contentWindow.postMessage(x.m, x.to), { m, to: server.origin });
  p.got = () => p.page.evaluate(() => window.got);
  return p;
}

test('from a real parent page: an allowed portal drives the frame, a bad token is answered invalid-token, a parent at another origin is ignored', async () => {
  // A parent whose origin config.json does not list: nothing it posts is taken.
  const evil = await portal(['http://portal.example']);
  await waitForState(evil.frame, (s) => s.view === 'login', 'the login form in the frame');
  // A listener of the test's, added after the app's: once it has seen the last message, the
  // app's listener has handled every message before it (a token taken is sent at once).
  await evil.frame.evaluate(() => {
    window.__probed = new Promise((resolve) => window.addEventListener('message', (e) => { if (e.data && e.data.type === 'probe') resolve(true); }));
  });
  await evil.post({ type: 'syncscope:auth', token: server.token });
  await evil.post({ type: 'syncscope:navigate', route: '/services/1' });
  await evil.post({ type: 'probe' });
  assert.equal(await evil.frame.evaluate(() => window.__probed), true);
  await framesGoOn(evil.page, evil.frame);
  const e = await state(evil.frame);
  assert.equal(e.view, 'login');
  assert.equal(e.auth, 'none');
  assert.notEqual(e.route, '/services/1');
  assert.deepEqual(withAuthorization(evil), [], 'a token from a parent that is not allowed was used');
  assert.deepEqual(await evil.got(), [], 'the frame posted to a parent that is not allowed');
  await evil.context.close();

  // The allowed portal.
  const p = await portal([PORTAL]);
  await waitUntil(async () => (await p.got()).some((m) => m.type === 'syncscope:auth-required'), 'auth-required');
  // A token with a character inside that a header cannot carry: refused, never sent.
  await p.post({ type: 'syncscope:auth', token: `${server.token}\u2028x` });
  await waitUntil(async () => (await p.got()).some((m) => m.type === 'syncscope:auth-required' && m.reason === 'invalid-token'), 'invalid-token');
  const refused = await state(p.frame);
  assert.match(refused.banner, /^The token contains a line break \(U\+2028\) at position \d+: /);
  assert.equal(refused.fetchesInFlight, 0);
  assert.deepEqual(withAuthorization(p), []);
  await framesGoOn(p.page, p.frame);
  // A good token, then a message that tries to move the API base: ignored, the token stays home.
  await p.post({ type: 'syncscope:auth', token: server.token });
  await waitForState(p.frame, (s) => s.view === 'services' && s.auth === 'ok' && s.services.length > 0, 'signed in by the portal');
  const elsewhere = 'http://127.0.0.2:9/api/v1';
  await p.post({ type: 'syncscope:config', apiBaseUrl: elsewhere });
  await p.post({ type: 'syncscope:navigate', route: '/services/1', apiBaseUrl: elsewhere });
  await waitForState(p.frame, (s) => s.route === '/services/1', 'navigated by the portal');
  await waitUntil(() => p.requests.some((r) => r.url.startsWith(`${server.origin}/api/v1/services/1/`)), 'the summary asked for');
  assert.ok(!p.requests.some((r) => r.url.startsWith('http://127.0.0.2')), 'a request went to the other origin');
  for (const r of withAuthorization(p)) assert.ok(r.url.startsWith(`${server.origin}/api/v1/`), r.url);
  await p.context.close();
});

test('a browser exception in the fetch layer is a failed request: no exception in a frame, the app recovers', async () => {
  const p = await watchedPage();
  // The browser's setRequestHeader throws once, as it does for a value it cannot send.
  await p.page.addInitScript(() => {
    const real = XMLHttpRequest.prototype.setRequestHeader;
    window.__thrown = 0;
    XMLHttpRequest.prototype.setRequestHeader = function (name, value) {
      if (!window.__thrown && /^authorization$/i.test(name)) {
        window.__thrown = 1;
        throw new DOMException("Failed to execute 'setRequestHeader' on 'XMLHttpRequest': forced", 'SyntaxError');
      }
      return real.call(this, name, value);
    };
  });
  await p.page.goto(server.link);
  // Answered as a failed request: the form says so and offers to try again (or, where sign-in
  // retries by itself, it is signed in already).
  await p.page.waitForFunction(() => window.syncscope && (window.syncscope.state().auth === 'ok' || window.syncscope.itemRect('login.retry')),
    undefined, { timeout: 20000, polling: 50 });
  assert.equal(await p.page.evaluate(() => window.__thrown), 1);
  if ((await state(p.page)).auth !== 'ok') await clickItem(p.page, 'login.retry');
  await waitForState(p.page, (s) => s.view === 'services' && s.auth === 'ok' && s.services.length > 0, 'signed in');
  await waitForState(p.page, (s) => s.fetchesInFlight === 0, 'every fetch handle closed');
  await framesGoOn(p.page);
  assert.deepEqual(p.consoleErrors, [], 'an exception reached the page');
  await p.context.close();
});

test('apiBaseUrl "/" sends requests to the page\'s own origin, never to a host named by the path', async () => {
  const p = await pageWithConfig({ apiBaseUrl: '/' });
  await p.page.goto(server.link);
  // (Before the fix this request went to http://services/?page=1&per_page=100, with the token.)
  await waitUntil(() => p.requests.find((r) => r.url.includes('page=1&per_page=100')), 'the services request');
  const first = p.requests.find((r) => r.url.includes('page=1&per_page=100'));
  assert.equal(first.url, `${server.origin}/services?page=1&per_page=100`);
  for (const r of p.requests) assert.ok(r.url.startsWith(server.origin), `a request left the origin: ${r.url}`);
  await p.context.close();
});

test('an apiBaseUrl that does not resolve to http(s) is refused on screen, nothing sent; plain http to another machine is warned about', async () => {
  const p = await pageWithConfig({ apiBaseUrl: 'https://api.example.com:99999/api/v1' });
  await p.page.goto(server.link);
  await p.page.waitForFunction(() => document.body.classList.contains('syncscope-fatal'), undefined, { timeout: 30000 });
  assert.match(await p.page.textContent('#loading-text'),
    /config\.json's apiBaseUrl "https:\/\/api\.example\.com:99999\/api\/v1" has a port that is not a number from 1 to 65535/);
  assert.ok(!p.requests.some((r) => r.url.includes('api.example.com')));
  assert.deepEqual(withAuthorization(p), []);
  await p.context.close();

  const w = await pageWithConfig({ apiBaseUrl: 'http://api.example.invalid/api/v1' });
  await w.page.goto(server.origin + '/');
  const s = await waitForState(w.page, (x) => x.view === 'login', 'the login form');
  assert.equal(s.apiWarning, 'Not secure: the API at http://api.example.invalid is reached over plain http, so the token can be read on the network. Serve it over https.');
  assert.ok(await itemRect(w.page, 'app.apiWarning'), 'the warning is drawn');
  await w.context.close();
  // The demo server itself (loopback) is not warned about.
  const l = await watchedPage();
  await l.page.goto(server.origin + '/');
  assert.equal((await waitForState(l.page, (x) => x.view === 'login', 'the login form')).apiWarning, '');
  await l.context.close();
});

test('without WebAssembly the #token= link still leaves the address bar', async () => {
  const p = await watchedPage();
  await p.page.addInitScript(() => { delete window.WebAssembly; });
  await p.page.goto(server.link);
  await p.page.waitForFunction(() => document.body.classList.contains('syncscope-fatal'), undefined, { timeout: 30000 });
  assert.match(await p.page.textContent('#loading-text'), /needs WebAssembly/);
  assert.ok(!p.page.url().includes(server.token), p.page.url());
  assert.ok(!(await p.page.evaluate(() => JSON.stringify([window.location.href, window.history.state]))).includes(server.token));
  await p.context.close();
});

test('a #token= link pasted into the open tab signs in and leaves the address bar', async () => {
  const p = await watchedPage();
  await p.page.goto(server.origin + '/');
  await waitForState(p.page, (s) => s.view === 'login', 'the login form');
  const before = await p.page.evaluate(() => window.history.length);
  await p.page.evaluate((t) => { window.location.hash = `#token=${encodeURIComponent(t)}`; }, `${server.token}\u200B`);
  await waitForState(p.page, (s) => s.view === 'services' && s.auth === 'ok' && s.services.length > 0, 'signed in');
  assert.ok(!p.page.url().includes('token'), p.page.url());
  // The entry the browser pushed for the link holds the route now, not the token.
  assert.ok(await p.page.evaluate(() => window.history.length) <= before + 1);
  for (const r of withAuthorization(p)) assert.equal(r.headers.authorization, `Bearer ${server.token}`);
  // A quoted one: refused, said, not sent, and out of the address bar too.
  const sent = withAuthorization(p).length;
  await clickItem(p.page, 'nav.signOut');
  await waitForState(p.page, (s) => s.view === 'login', 'signed out');
  await p.page.evaluate((t) => { window.location.hash = `#token=${encodeURIComponent(t)}`; }, `\u2018${server.token}\u2019`);
  const s = await waitForState(p.page, (x) => x.view === 'login' && x.banner !== '', 'the message');
  assert.equal(s.banner, 'The token contains \u2018 (U+2018) at position 1: paste it again without quotes');
  assert.ok(!p.page.url().includes('token'), p.page.url());
  assert.equal(withAuthorization(p).length, sent);
  await p.context.close();
});
