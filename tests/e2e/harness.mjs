// tests/e2e/harness.mjs — what every end-to-end test needs: the demo server on a free loopback
// port, Debian's Chromium through playwright-core (WebGL2 on SwiftShader), and helpers that wait
// on SyncScope's test-facing state (window.syncscope) instead of sleeping.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { inflateSync } from 'node:zlib';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SERVER = path.join(ROOT, 'build/native/syncscope-server');
// SYNCSCOPE_WEB_ROOT: another site folder (a benchmark comparing two builds, e.g. startup.mjs).
export const WEB_ROOT = process.env.SYNCSCOPE_WEB_ROOT || path.join(ROOT, 'build/web');
export const SHOTS = path.join(ROOT, 'build/e2e-screenshots');

// Starts the demo server; resolves once it printed its link (so it is listening).
// Options: keepLog (collect stderr, the access log; benchmarks turn it off: it costs time),
// timeoutMs (a server building a million-line sync takes longer to start).
// With --admin, also waits for the admin secret the server prints on stderr (`adminSecret`: send
// it as X-Admin-Secret to /admin/faults, e.g. with setFaults below).
export async function startServer(extraArgs = [], { keepLog = true, timeoutMs = 10000 } = {}) {
  const t0 = performance.now();
  const admin = extraArgs.includes('--admin');
  const child = spawn(SERVER, ['--port', '0', '--web-root', WEB_ROOT, ...extraArgs], {
    stdio: ['ignore', 'pipe', keepLog || admin ? 'pipe' : 'ignore'],
  });
  const stderr = [];
  let adminSecret = null;
  let onSecret = () => {};
  if (child.stderr) {
    readline.createInterface({ input: child.stderr }).on('line', (line) => {
      const m = /^syncscope-server: admin secret[^:]*: ([0-9a-f]+)$/.exec(line);
      if (m) {
        adminSecret = m[1];
        onSecret();
      }
    });
  }
  if (keepLog || admin) child.stderr?.on('data', (d) => { if (keepLog || !adminSecret) stderr.push(d.toString()); });
  const lines = readline.createInterface({ input: child.stdout });
  const link = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM'); // or it would outlive the test run
      reject(new Error(`server printed no link${admin ? ' and admin secret' : ''} in ${timeoutMs} ms:\n` + stderr.join('')));
    }, timeoutMs);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${stderr.join('')}`)));
    let printed = null;
    // The two lines come on two pipes: either may be read first.
    const done = () => {
      if (printed && (!admin || adminSecret)) {
        clearTimeout(timer);
        resolve(printed);
      }
    };
    onSecret = done;
    lines.on('line', (line) => {
      const m = /SyncScope demo: (http:\/\/\S+)/.exec(line);
      if (m) {
        printed = m[1];
        done();
      }
    });
  });
  const url = new URL(link);
  const token = decodeURIComponent(url.hash.replace(/^#token=/, ''));
  return {
    link,
    origin: url.origin,
    token,
    stderr,
    adminSecret,
    pid: child.pid,
    startMs: performance.now() - t0,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

// Changes the faults of a server started with --admin (POST /admin/faults, docs/demo-server.md).
export async function setFaults(server, faults) {
  const res = await fetch(`${server.origin}/admin/faults`, {
    method: 'POST',
    headers: { 'X-Admin-Secret': server.adminSecret ?? '', 'Content-Type': 'application/json' },
    body: JSON.stringify(faults),
  });
  if (res.status !== 200) throw new Error(`POST /admin/faults ${JSON.stringify(faults)} answered ${res.status}: ${await res.text()}`);
  return res.json();
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
      '--ignore-gpu-blocklist',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
}

// A page that records every request (URL and Authorization) and every console error. Other
// browser-context options (timezoneId, colorScheme …) are passed on.
export async function newPage(browser, { viewport = { width: 1280, height: 800 }, deviceScaleFactor = 1, ...more } = {}) {
  const context = await browser.newContext({ viewport, deviceScaleFactor, ...more });
  const page = await context.newPage();
  const requests = [];
  const consoleErrors = [];
  page.on('request', (r) => requests.push({ url: r.url(), headers: r.headers(), method: r.method() }));
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  return { context, page, requests, consoleErrors };
}

export async function state(page) {
  return page.evaluate(() => (window.syncscope ? window.syncscope.state() : null));
}

// As waitForState, for a page or a frame, with the predicate run here in Node rather than in the
// page (a frame's CSP may refuse in-page predicates). Resolves with the state that passed.
export async function waitForStateOf(target, pred, what, timeout = 20000) {
  const end = Date.now() + timeout;
  let last = null;
  for (;;) {
    last = await target.evaluate(() => (window.syncscope ? window.syncscope.state() : null)).catch(() => null);
    if (last && pred(last)) return last;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last state: ${JSON.stringify(last)?.slice(0, 1500)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// Waits until pred(state) is true; fails with the last state seen.
export async function waitForState(page, pred, what, timeout = 20000) {
  let last = null;
  try {
    // A function, not a string expression: Playwright compiles a function once, in its first call,
    // which comes through the DevTools protocol and so is exempt from the page's CSP (no eval); a
    // string it evaluates again on every poll, from a timer, where the CSP the demo server sends
    // (like any deployment's) refuses it with an EvalError.
    const poll = new Function(`return window.syncscope ? (${pred.toString()})(window.syncscope.state()) : false;`);
    await page.waitForFunction(poll, undefined, { timeout, polling: 50 });
  } catch (e) {
    last = await state(page).catch(() => null);
    const why = /Timeout/.test(e.message) ? '' : ` (${e.message.split('\n')[0]})`;
    throw new Error(`timed out waiting for ${what}${why}; last state: ${JSON.stringify(last)?.slice(0, 2000)}`);
  }
  return state(page);
}

// Waits until no frame is pending (window.syncscope.settled()), so the rects are those of the
// picture on screen and not about to move.
export async function settled(page) {
  await page.waitForFunction(() => window.syncscope && window.syncscope.settled(), null, { timeout: 10000, polling: 20 });
}

export async function itemRect(page, id) {
  await settled(page);
  return page.evaluate((i) => window.syncscope.itemRect(i), id);
}

// Waits for a named widget to be drawn, then clicks its centre with the real mouse.
export async function clickItem(page, id) {
  const handle = await page.waitForFunction((i) => window.syncscope && window.syncscope.settled() && window.syncscope.itemRect(i), id, {
    timeout: 10000,
    polling: 50,
  });
  const r = await handle.jsonValue();
  await page.mouse.click(r.x + r.w / 2, r.y + r.h / 2);
  return r;
}

export async function screenshot(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  const file = path.join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

// Waits until the displayed rows are exactly these ids, in this order.
export async function waitForServiceIds(page, ids, what) {
  const want = JSON.stringify(ids);
  return waitForState(page, new Function('s', `return JSON.stringify(s.services.map((x) => x.id)) === ${JSON.stringify(want)};`), what);
}

// The services the API lists for this token, in the API's order.
export async function apiServices(origin, token) {
  const res = await fetch(`${origin}/api/v1/services?per_page=100`, { headers: { Authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`GET /api/v1/services answered ${res.status}`);
  return (await res.json()).data;
}

// What SyncScope's search shows: case-insensitive over id, type and name.
// The reference API as a test reads it, apart from the app: the token sent raw (the app sends
// `Bearer T`; the demo server counts the two as separate callers for its rate limit), a 429 waited
// out for its Retry-After, anything but 200 a failure.
export async function apiGet(server, p) {
  for (let attempt = 1; ; ++attempt) {
    const res = await fetch(`${server.origin}/api/v1${p}`, { headers: { Authorization: server.token } });
    if (res.status === 429 && attempt < 5) {
      await new Promise((r) => setTimeout(r, Number(res.headers.get('retry-after') || 1) * 1000));
      continue;
    }
    if (res.status !== 200) throw new Error(`GET ${p}: HTTP ${res.status}`);
    return res.json();
  }
}

// Every sync of every service (the first 100 of each), each with its `serviceId`.
export async function apiAllSyncs(server) {
  const out = [];
  for (const s of (await apiGet(server, '/services?per_page=100')).data)
    for (const y of (await apiGet(server, `/services/${s.id}/syncs?per_page=100`)).data) out.push({ ...y, serviceId: s.id });
  return out;
}

// Every line of a sync as the API sends them (up to line `upTo`).
export async function apiAllLines(server, syncId, upTo = Infinity) {
  const lines = [];
  for (let after = 0; ;) {
    const page = await apiGet(server, `/syncs/${syncId}/logs?after_id=${after}&limit=5000`);
    lines.push(...page.data.filter((l) => l.id <= upTo));
    if (!page.data.length || !page.meta.has_more || page.data[page.data.length - 1].id >= upTo) return lines;
    after = page.data[page.data.length - 1].id;
  }
}

export function matchesSearch(service, query) {
  const q = query.toLowerCase();
  return [String(service.id), service.type ?? '', service.name].some((f) => f.toLowerCase().includes(q));
}

// Polls an async condition from the test's side (for things window.syncscope does not show,
// like the system clipboard); resolves with its value once it is truthy.
export async function waitUntil(fn, what, timeout = 10000) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    last = await fn();
    if (last) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
}

// The colour [r, g, b] of one CSS pixel of the page as a person sees it: once the loading screen
// has faded out (120 ms after the first frame), from a 1×1 PNG screenshot. With a single pixel
// every PNG row filter predicts from zeros, so the bytes after the filter byte are the pixel.
export async function pixel(page, x, y) {
  await page.waitForFunction(() => getComputedStyle(document.getElementById('loading')).visibility === 'hidden',
    undefined, { timeout: 10000, polling: 20 });
  const png = await page.screenshot({ clip: { x, y, width: 1, height: 1 } });
  const idat = [];
  for (let off = 8; off < png.length;) {
    const len = png.readUInt32BE(off);
    if (png.toString('ascii', off + 4, off + 8) === 'IDAT') idat.push(png.subarray(off + 8, off + 8 + len));
    off += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  return [raw[1], raw[2], raw[3]];
}

// The system clipboard's text (the page's context needs the clipboard permissions).
export const clipboard = (page) => page.evaluate(() => navigator.clipboard.readText());

// Puts a marker on the clipboard, runs `act`, and waits for what it copied.
export async function copied(page, act) {
  await page.evaluate(() => navigator.clipboard.writeText('(nothing copied)'));
  await act();
  return waitUntil(async () => {
    const c = await clipboard(page);
    return c !== '(nothing copied)' && c;
  }, 'the copy to reach the clipboard');
}
