// tests/bench/soak.mjs — SyncScope left open on a wall screen: the log of a live sync for N real
// minutes while the demo server runs at --speed 48 (a simulated day in half an hour). Not part of
// scripts/test; it asserts nothing and prints a table (docs/reliability.md has the figures).
//
//   node tests/bench/soak.mjs [minutes]        # default 30; SOAK_MINUTES=… works too
//
// The demo's syncs last minutes of simulated time, so at --speed 48 one finishes every few real
// seconds: like a wall screen that follows the newest run, the soak opens the log of whichever sync
// is running whenever the one shown has finished (each switch drops the old log's state). Every
// minute it samples the page's JS heap, the wasm memory (Module.HEAPU8.length), the renderer's RSS
// (from /proc, through the browser's own process list), the API requests of that minute, the frames
// drawn, the fetch handles still open (state().fetchesInFlight) and the lines held.
//
// The server binary and the site are copied to a temporary folder first, so a rebuild during the
// soak cannot change what it runs.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { launchBrowser, ROOT } from '../e2e/harness.mjs';

const MINUTES = Number(process.argv[2] ?? process.env.SOAK_MINUTES ?? 30);
const SPEED = String(process.env.SOAK_SPEED ?? 48);
const SAMPLE_MS = Number(process.env.SOAK_SAMPLE_MS ?? 60000);
// SOAK_VIEW=services: a control run that stays on the services list (no log opened), to tell the
// app's memory from the browser's own drift.
const FOLLOW_LOGS = (process.env.SOAK_VIEW ?? 'log') === 'log';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'syncscope-soak-'));
cpSync(path.join(ROOT, 'build/native/syncscope-server'), path.join(tmp, 'syncscope-server'));
cpSync(path.join(ROOT, 'build/web'), path.join(tmp, 'web'), { recursive: true });

function startServer(args) {
  const child = spawn(path.join(tmp, 'syncscope-server'), ['--port', '0', '--web-root', path.join(tmp, 'web'), ...args], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const lines = readline.createInterface({ input: child.stdout });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the server printed no link')), 20000);
    child.once('exit', (code) => reject(new Error(`the server exited with ${code}`)));
    lines.on('line', (line) => {
      const m = /SyncScope demo: (http:\/\/\S+)/.exec(line);
      if (!m) return;
      clearTimeout(timer);
      const url = new URL(m[1]);
      resolve({ child, link: m[1], origin: url.origin, token: decodeURIComponent(url.hash.replace(/^#token=/, '')) });
    });
  });
}

const server = await startServer(['--speed', SPEED]);
const browser = await launchBrowser();
const mb = (n) => (n == null ? '—' : (n / 1048576).toFixed(1));

async function api(p) {
  const res = await fetch(`${server.origin}/api/v1${p}`, { headers: { Authorization: `Bearer ${server.token}` } });
  if (!res.ok) throw new Error(`GET ${p}: ${res.status}`);
  return res.json();
}

// A running sync of any active service (the newest first), or null.
async function runningSync() {
  for (const s of (await api('/services?per_page=100')).data) {
    if (s.status !== 'active') continue;
    const y = (await api(`/services/${s.id}/syncs?per_page=20`)).data.find((x) => x.status === 'running');
    if (y) return { serviceId: s.id, id: y.id };
  }
  return null;
}

// The renderer processes' resident memory, summed (KiB from /proc).
async function rendererRss() {
  try {
    const cdp = await browser.newBrowserCDPSession();
    const info = await cdp.send('SystemInfo.getProcessInfo');
    await cdp.detach();
    let total = 0;
    for (const p of info.processInfo) {
      if (p.type !== 'renderer') continue;
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p.id}/status`, 'utf8'));
      if (m) total += Number(m[1]) * 1024;
    }
    return total || null;
  } catch {
    return null;
  }
}

const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
const page = await context.newPage();
const apiRequests = [];
const consoleErrors = [];
page.on('request', (r) => { if (r.url().includes('/api/')) apiRequests.push(Date.now()); });
page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
page.on('pageerror', (e) => consoleErrors.push(String(e)));

await page.goto(server.link);
await page.waitForFunction(() => window.syncscope && window.syncscope.state().view === 'services', undefined, { timeout: 30000 });

const state = () => page.evaluate(() => {
  const s = window.syncscope.state();
  return {
    view: s.view, frames: s.frames, requests: s.requests, fetches: s.fetchesInFlight, banner: s.banner,
    log: s.log && { syncId: s.log.syncId, status: s.log.status, lines: s.log.lines, live: s.log.live },
    heap: performance.memory ? performance.memory.usedJSHeapSize : null,
    wasm: window.Module && window.Module.HEAPU8 ? window.Module.HEAPU8.length : null,
  };
});

let switches = 0;
let shown = null;
async function followRunningSync() {
  const s = await state();
  if (s.log && s.log.status === 'running' && s.log.syncId === shown) return;
  if (shown && s.log && s.log.syncId === shown && s.log.live) return;  // the one last fetch
  const y = await runningSync();
  if (!y || y.id === shown) return;
  shown = y.id;
  ++switches;
  await page.evaluate((r) => { window.location.hash = r; }, `/services/${y.serviceId}/syncs/${y.id}`);
}

const t0 = Date.now();
const rows = [];
let lastRequests = 0;
let linesMax = 0;
let fetchesMax = 0;
let nextSample = t0 + SAMPLE_MS;
const end = t0 + MINUTES * 60000;
console.log(`soak: ${MINUTES} min at --speed ${SPEED}, sampling every ${SAMPLE_MS / 1000} s (server ${server.origin})`);
const header = 'min | JS heap MB | wasm MB | renderer RSS MB | API req/min | max req in any 60 s | frames | fetches open | lines held | logs opened';
console.log(header);
while (Date.now() < end) {
  if (FOLLOW_LOGS) await followRunningSync().catch(() => {});
  const s = await state();
  linesMax = Math.max(linesMax, s.log ? s.log.lines : 0);
  fetchesMax = Math.max(fetchesMax, s.fetches ?? 0);
  if (Date.now() >= nextSample) {
    nextSample += SAMPLE_MS;
    const now = Date.now();
    const inMinute = apiRequests.filter((t) => t > now - 60000).length;
    let rolling = 0;
    for (let i = 0, j = 0; i < apiRequests.length; ++i) {
      while (apiRequests[i] - apiRequests[j] >= 60000) ++j;
      rolling = Math.max(rolling, i - j + 1);
    }
    const row = {
      min: Math.round((now - t0) / 60000),
      heap: s.heap, wasm: s.wasm, rss: await rendererRss(),
      perMinute: inMinute, rolling, frames: s.frames, fetches: s.fetches,
      lines: s.log ? s.log.lines : 0, switches,
    };
    rows.push(row);
    lastRequests = apiRequests.length;
    console.log(`${row.min} | ${mb(row.heap)} | ${mb(row.wasm)} | ${mb(row.rss)} | ${row.perMinute} | ${row.rolling} | ${row.frames} | ${row.fetches} | ${row.lines} | ${row.switches}`);
  }
  await new Promise((r) => setTimeout(r, 2000));
}

// Leaked handles: once nothing is due, every handle must be closed. Pause on a finished log and
// wait for the answers in flight.
await page.evaluate(() => { window.location.hash = '/services'; });
let settled = null;
for (let i = 0; i < 40; ++i) {
  settled = await state();
  if (settled.fetches === 0) break;
  await new Promise((r) => setTimeout(r, 500));
}
const first = rows[Math.min(2, rows.length - 1)] ?? {};
const last = rows[rows.length - 1] ?? {};
console.log('');
console.log(`after warm-up (minute ${first.min}) → end (minute ${last.min}): JS heap ${mb(first.heap)} → ${mb(last.heap)} MB, ` +
  `wasm ${mb(first.wasm)} → ${mb(last.wasm)} MB, renderer RSS ${mb(first.rss)} → ${mb(last.rss)} MB`);
console.log(`API requests: ${apiRequests.length} in ${MINUTES} min (${(apiRequests.length / MINUTES).toFixed(1)} a minute), ` +
  `most in any rolling 60 s: ${Math.max(0, ...rows.map((r) => r.rolling))}`);
console.log(`fetch handles open: at most ${fetchesMax} during the run, ${settled?.fetches} once idle (a leak would only grow)`);
console.log(`logs opened: ${switches}; most lines held at once: ${linesMax}; console errors: ${consoleErrors.length}`);
if (consoleErrors.length) console.log(consoleErrors.slice(0, 5).join('\n'));

await browser.close();
server.child.kill('SIGTERM');
rmSync(tmp, { recursive: true, force: true });
