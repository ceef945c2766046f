// End to end, in headless Chromium: where the token may and may not go (docs/reliability.md).
//   * after faults and 401s, the token is in no request URL, no console message (of any level), no
//     error message, not in state(), the title, the address, the DOM, localStorage or cookies;
//   * "Remember me" keeps it in this tab's sessionStorage only, and Sign out clears it from there
//     and from the app's state (no request carries it afterwards);
//   * a payload is fetched with the Authorization header and saved from a blob: URL — no link or
//     URL ever carries credentials;
//   * the API base comes from config.json only: query strings, the hash and messages cannot point
//     SyncScope (and its token) at another origin.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { clickItem, launchBrowser, newPage, startServer, state, waitForState, waitUntil } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await startServer(['--admin', '--seed', '6']);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function get(p) {
  const res = await fetch(`${server.origin}/api/v1${p}`, { headers: { Authorization: `Bearer ${server.token}` } });
  return res.json();
}

// A page that records every console message (all levels) besides requests and errors.
async function watchedPage() {
  const p = await newPage(browser, { viewport: { width: 1280, height: 1000 } });
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
  const res = await fetch(`${server.origin}/admin/faults`, { method: 'POST', headers: { 'X-Admin-Secret': server.adminSecret }, body: JSON.stringify(faults) });
  assert.equal(res.status, 200);
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

test('the API base comes from config.json only: the address and messages cannot move it', async () => {
  const p = await watchedPage();
  const { page, requests } = p;
  const elsewhere = 'http://127.0.0.2:9/api/v1';
  await page.goto(`${server.origin}/?apiBaseUrl=${encodeURIComponent(elsewhere)}&api=${encodeURIComponent(elsewhere)}` +
    `#token=${encodeURIComponent(server.token)}&apiBaseUrl=${encodeURIComponent(elsewhere)}`);
  await waitForState(page, (s) => s.view === 'services' && s.services.length > 0, 'signed in');
  await page.evaluate((u) => {
    window.postMessage({ type: 'syncscope:config', apiBaseUrl: u }, '*');
    window.postMessage({ type: 'syncscope:navigate', route: '/services', apiBaseUrl: u }, '*');
  }, elsewhere);
  await clickItem(page, 'services.reload');
  await waitUntil(() => requests.filter((r) => r.url.includes('/api/')).length >= 2, 'a reload');
  await page.waitForTimeout(1000);
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
