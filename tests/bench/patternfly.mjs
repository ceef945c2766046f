// tests/bench/patternfly.mjs — SyncScope side by side with PatternFly's LogViewer
// (@patternfly/react-log-viewer, the OpenShift console's pod-log viewer), fed the same lines of
// the demo server's big sync, in the same Debian Chromium: load, memory, scrolling, search and
// first-load size. Not part of scripts/test (it asserts nothing).
// Run: node tests/bench/patternfly.mjs [lines] [--only=syncscope,paged,text]   (default 1,000,000,
// all three). PatternFly is measured twice (issue 20): "paged", fed 5,000-line JSON pages as
// SyncScope was before; and "text", one download of the whole log as plain text
// (GET /api/v1/syncs/<id>/logs.txt) handed to the viewer once — what a portal team would build.
//
// PatternFly's page (tests/bench/patternfly/viewer.jsx) is installed there with `npm ci` (only
// when its package-lock.json changed since the last install), bundled by esbuild (minified,
// production), precompressed like build/web (.br, .gz) and served by a second demo server
// (--web-root), so both viewers talk to the same API from their own origin over the same HTTP
// stack. Each viewer gets its own demo server and its own fresh Chromium, one after the other.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { clickItem, launchBrowser, newPage, ROOT, startServer, waitForState } from '../e2e/harness.mjs';
import { cpuNs, processIds, rss } from './chromium_procs.mjs';

const LINES = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) || 1000000);
// --warm: before each viewer opens the log, the bench reads the same log answers once (as an earlier
// reader would), so the demo server's cache of a finished log's gzipped answers is full for every
// viewer alike (docs/api.md, "Logs in bulk"); without it every viewer is the first reader.
const WARM = process.argv.includes('--warm');
const ONLY = (process.argv.find((a) => a.startsWith('--only=')) || '--only=syncscope,paged,text').slice(7).split(',');
const PF_DIR = path.join(ROOT, 'tests/bench/patternfly');
const DIST = path.join(PF_DIR, 'dist');
const TERM = 'batch 42';   // "(batch 42…" of the pushed lines: ~1.1 % of the big sync's lines
const STEPS = 300;         // scroll: measured wheel steps, one a frame
const WARMUP = 10;         // scroll: steps before those
const WHEEL = 100;         // px a step
const LOAD_TIMEOUT = 900000;

const mb = (n) => `${(n / 1048576).toFixed(1)} MB`;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const log = (...a) => console.error('[bench]', ...a);  // progress to stderr, the table to stdout

// ---- PatternFly's page: install, bundle, precompress ----------------------------------------

function install() {
  const hash = createHash('sha256').update(readFileSync(path.join(PF_DIR, 'package-lock.json'))).digest('hex');
  const stamp = path.join(PF_DIR, 'node_modules/.bench-lock-sha256');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) return;
  log('npm ci in tests/bench/patternfly');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: PF_DIR, stdio: ['ignore', 2, 2] });
  writeFileSync(stamp, hash);
}

async function bundle() {
  const esbuild = createRequire(path.join(PF_DIR, 'package.json'))('esbuild');
  rmSync(DIST, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: [path.join(PF_DIR, 'viewer.jsx')],
    bundle: true,
    minify: true,
    format: 'iife',
    jsx: 'automatic',
    target: 'chrome120',
    define: { 'process.env.NODE_ENV': '"production"' },
    loader: { '.woff2': 'file', '.svg': 'file' },
    outdir: DIST,
    logLevel: 'warning',
  });
  copyFileSync(path.join(PF_DIR, 'index.html'), path.join(DIST, 'index.html'));
  // As build/web ships them: brotli 11 and gzip 9 siblings of the text files.
  for (const name of readdirSync(DIST)) {
    if (!/\.(html|js|css|svg)$/.test(name)) continue;
    const raw = readFileSync(path.join(DIST, name));
    writeFileSync(path.join(DIST, `${name}.br`), zlib.brotliCompressSync(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }));
    writeFileSync(path.join(DIST, `${name}.gz`), zlib.gzipSync(raw, { level: 9 }));
  }
}

function pfVersions() {
  const v = (p) => JSON.parse(readFileSync(path.join(PF_DIR, 'node_modules', p, 'package.json'), 'utf8')).version;
  return `@patternfly/react-log-viewer ${v('@patternfly/react-log-viewer')}, react-core ${v('@patternfly/react-core')}, React ${v('react')}, esbuild ${v('esbuild')}`;
}

// ---- The demo server and its big sync --------------------------------------------------------

async function demoServer(webRoot) {
  // No rate limit: each viewer makes ~N/5000 log requests, the default 240 a minute would
  // measure the limiter, not the viewer.
  return startServer(['--big-sync-lines', String(LINES), '--rate-limit', '0', '--web-root', webRoot],
    { keepLog: false, timeoutMs: 120000 });
}

async function findBig(server) {
  const api = async (p) => (await fetch(`${server.origin}/api/v1${p}`, { headers: { Authorization: `Bearer ${server.token}` } })).json();
  for (const s of (await api('/services?per_page=100')).data) {
    const big = (await api(`/services/${s.id}/syncs?per_page=100`)).data.find((y) => /Big log/.test(y.summary));
    if (big) {
      const sample = (await api(`/syncs/${big.id}/logs?after_id=0&limit=5000`)).data;
      const sampleBytes = sample.reduce((n, l) => n + Buffer.byteLength(`${l.at} ${l.level.toUpperCase()} ${l.message}\n`), 0);
      return { ...big, serviceId: s.id, rawEstimate: (sampleBytes / sample.length) * LINES };
    }
  }
  throw new Error('no big sync');
}

// Lines of the big sync holding TERM (server/demo_data.cpp, big_sync_line: line i's page is
// i/3+1; "(batch <page>," on every pushed line, i % 3 == 2, and "retrying batch <page> in 2 s" on
// the rate-limit warnings, the mapped lines i % 3 == 1 whose (i/3) % 333 == 332).
function expectedMatches() {
  const digits = TERM.replace('batch ', '');
  let n = 0;
  for (let i = 0; i < LINES; i++) {
    const page = Math.floor(i / 3) + 1;
    const batch = i % 3 === 2 || (i % 3 === 1 && Math.floor(i / 3) % 333 === 332);
    if (batch && String(page).startsWith(digits)) n++;
  }
  return n;
}

// ---- One viewer, start to end ------------------------------------------------------------------

const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

// The driver of a viewer: how to open it, the log, find where to scroll, search, and when each
// is done. SyncScope is read through window.syncscope (docs/test-contract.md), PatternFly
// through its DOM and window.pfbench (tests/bench/patternfly/viewer.jsx).
const SYNCSCOPE = {
  name: 'SyncScope',
  webRoot: path.join(ROOT, 'build/web'),
  url: (server) => server.link,
  ready: (page) => waitForState(page, (s) => s.view === 'services' && s.services.length > 0, 'signed in', 60000),
  route: (big) => `/services/${big.serviceId}/syncs/${big.id}`,
  // The frame that drew the first lines, and the first time every line was held: the app's own
  // marks (docs/test-contract.md, "Start-up marks"), polled cheaply. Polling state() instead
  // serializes the whole state every 50 ms, main-thread time taken from the load measured.
  firstScreen: (page) => page.waitForFunction(() => performance.getEntriesByName('syncscope:log-lines-drawn').length > 0, undefined, { timeout: 120000, polling: 50 }),
  async whole(page) {
    await page.waitForFunction(() => performance.getEntriesByName('syncscope:log-complete').length > 0, undefined, { timeout: LOAD_TIMEOUT, polling: 50 });
    const s = (await page.evaluate(() => window.syncscope.state())).log;
    if (s.lines !== LINES) throw new Error(`complete with ${s.lines} lines, not ${LINES}`);
  },
  // Route set → those marks, on the page's clock.
  inPage: (page) => page.evaluate(() => {
    const at = (n) => performance.getEntriesByName(n)[0]?.startTime;
    const route = at('bench:route');
    return { first: at('syncscope:log-lines-drawn') - route, whole: at('syncscope:log-complete') - route };
  }),
  wasm: (page) => page.evaluate(() => (typeof Module !== 'undefined' && Module.HEAPU8 ? Module.HEAPU8.length : 0)).catch(() => 0),
  // Where the wheel goes (the middle of the drawn lines), and the first line in view.
  async scrollSpot(page) {
    const s = (await waitForState(page, (st) => st.log && st.log.firstVisible > 0, 'lines in view')).log;
    const a = await page.evaluate((i) => window.syncscope.itemRect(`log.line.${i}`), s.firstVisible);
    const b = await page.evaluate((i) => window.syncscope.itemRect(`log.line.${i}`), s.lastVisible);
    return { x: a.x + a.w / 2, y: (a.y + b.y + b.h) / 2, direction: -1 };  // opens at the end: scroll up
  },
  firstVisible: (page) => page.evaluate(() => window.syncscope.state().log.firstVisible),
  focusSearch: (page) => clickItem(page, 'log.search'),
  // The field's text selected (in a field Ctrl+A is the field's) and deleted.
  async clearSearch(page) {
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    await waitForState(page, (s) => s.log.query === '', 'the search cleared');
  },
  // The field holds `text` and every match of it is counted. (Polled as functions, not strings: the
  // demo server's CSP refuses a string Playwright evaluates on every poll; see harness.mjs.)
  counted: (page, text, count) => page.waitForFunction(new Function(
    `return (() => { const l = window.syncscope.state().log; return l && l.query === ${JSON.stringify(text)} && l.matches === ${count} && l.current !== null; })();`),
    undefined, { timeout: LOAD_TIMEOUT, polling: 50 }),
  // The current match of `text` is drawn.
  shown: (page, text, timeout) => page.waitForFunction(new Function(
    `return (() => { const l = window.syncscope.state().log; return l && l.query === ${JSON.stringify(text)} && l.current !== null && !!window.syncscope.itemRect('log.line.' + l.current); })();`),
    undefined, { timeout, polling: 50 }),
  matches: (page) => page.evaluate(() => window.syncscope.state().log.matches),
};

const PF_TEXT = '.pf-v6-c-log-viewer__list-item .pf-v6-c-log-viewer__text';
const PATTERNFLY = {
  name: 'PatternFly paged',
  pf: true,
  webRoot: DIST,
  url: (server) => `${server.origin}/index.html?api=${encodeURIComponent(server.origin)}#token=${encodeURIComponent(server.token)}`,
  ready: (page) => page.waitForFunction(() => window.pfbench && window.pfbench.ready && document.querySelector('.pf-v6-c-log-viewer__list-item'), undefined, { timeout: 60000, polling: 50 }),
  route: (big) => `/syncs/${big.id}`,
  firstScreen: (page) => page.waitForFunction((sel) => { const t = document.querySelector(sel); return t && t.textContent.length > 0; }, PF_TEXT, { timeout: 120000, polling: 50 }),
  whole: (page) => page.waitForFunction(new Function(
    `return (() => { const s = window.pfbench.state(); if (s.error) throw new Error(s.error); return s.complete && s.rendered === ${LINES}; })();`),
    undefined, { timeout: LOAD_TIMEOUT, polling: 50 }),
  wasm: async () => 0,
  async scrollSpot(page) {
    const r = await page.evaluate(() => document.querySelector('.pf-v6-c-log-viewer__scroll-container').getBoundingClientRect().toJSON());
    return { x: r.x + r.width / 2, y: r.y + r.height / 2, direction: 1 };  // opens at the top: scroll down
  },
  // The line number of the first row wholly in view.
  firstVisible: (page) => page.evaluate(() => {
    const box = document.querySelector('.pf-v6-c-log-viewer__scroll-container').getBoundingClientRect();
    for (const row of document.querySelectorAll('.pf-v6-c-log-viewer__list-item')) {
      if (row.getBoundingClientRect().top >= box.top) return Number(row.querySelector('.pf-v6-c-log-viewer__index').textContent);
    }
    return null;
  }),
  focusSearch: (page) => page.click('.pf-v6-c-log-viewer__header input'),
  // The search field's Reset button, then back in the field.
  async clearSearch(page) {
    await page.click('.pf-v6-c-log-viewer__header button[aria-label="Reset"]');
    await page.waitForFunction(() => document.querySelector('.pf-v6-c-log-viewer__header input').value === '', undefined, { polling: 50 });
    await page.click('.pf-v6-c-log-viewer__header input');
  },
  // The field holds `text` and the toolbar counts its matches ("1 / N").
  counted: (page, text, count) => page.waitForFunction(new Function(
    `return (() => { const i = document.querySelector('.pf-v6-c-log-viewer__header input'); return i && i.value === ${JSON.stringify(text)} && /\\b1\\s*\\/\\s*${count}\\b/.test(document.querySelector('.pf-v6-c-log-viewer__header').innerText); })();`),
    undefined, { timeout: LOAD_TIMEOUT, polling: 50 }),
  // The current match of `text` is drawn, highlighted.
  shown: (page, text, timeout) => page.waitForFunction(new Function(
    `return (() => { const m = document.querySelector('.pf-v6-c-log-viewer__string.pf-m-current'); return !!m && m.textContent.toLowerCase() === ${JSON.stringify(text)}; })();`),
    undefined, { timeout, polling: 50 }),
  // The toolbar's "1 / N".
  matches: (page) => page.evaluate(() => {
    const m = /(\d+)\s*\/\s*(\d+)/.exec(document.querySelector('.pf-v6-c-log-viewer__header').innerText);
    return m ? Number(m[2]) : null;
  }),
};

// The plain-text variant: the same page and driver, the log as one logs.txt download.
const PATTERNFLY_TEXT = {
  ...PATTERNFLY,
  name: 'PatternFly text',
  url: (server) => `${server.origin}/index.html?api=${encodeURIComponent(server.origin)}&mode=text#token=${encodeURIComponent(server.token)}`,
};

// The log answers a viewer asks for (its first reader's requests), read once with gzip.
async function warm(server, viewer, big) {
  const urls = [];
  const base = `${server.origin}/api/v1/syncs/${big.id}`;
  if (viewer === SYNCSCOPE) {
    // tail=1000 (kFirstTailLines), then Before pages of 50,000 (ReferenceBackend::kBulkLogLines) down to line 1.
    urls.push(`${base}/logs?tail=1000`);
    for (let before = Math.max(1, LINES - 999); before > 1; before -= 50000) {
      const older = before - 1;
      urls.push(`${base}/logs?after_id=${Math.max(0, older - 50000)}&limit=${Math.min(50000, older)}&format=lines`);
    }
  } else if (viewer === PATTERNFLY) {
    for (let after = 0; after < LINES; after += 5000) urls.push(`${base}/logs?after_id=${after}&limit=5000`);
  } else {
    urls.push(`${base}/logs.txt`);
  }
  for (const url of urls) {
    const res = await fetch(url, { headers: { Authorization: `Bearer ${server.token}`, 'Accept-Encoding': 'gzip' } });
    await res.arrayBuffer();
  }
}

async function measure(viewer, expected) {
  const r = { name: viewer.name, errors: [] };
  log(`${viewer.name}: demo server with ${LINES} lines`);
  const server = await demoServer(viewer.webRoot);
  const big = await findBig(server);
  r.rawEstimate = big.rawEstimate;
  if (WARM) {
    log(`${viewer.name}: warming the server's cache (--warm)`);
    await warm(server, viewer, big);
  }
  const browser = await launchBrowser();
  r.chromium = browser.version();
  const { page, context, consoleErrors } = await newPage(browser);
  let crashed = null;
  page.on('crash', () => { crashed = 'the renderer crashed'; });
  const cdp = await context.newCDPSession(page);
  // Bytes by the page's Resource Timing (transferSize: headers and the body as sent), not the
  // DevTools Network domain, which keeps a copy of every answer body (tens of MB of log) in the
  // browser while the load is measured. The buffer holds every entry of the run.
  await page.addInitScript(() => performance.setResourceTimingBufferSize(100000));
  const resources = () => page.evaluate(() => [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
    .map((e) => [e.name, e.transferSize]));
  const isLog = (url) => /\/logs(\.txt)?(\?|$)/.test(new URL(url).pathname + new URL(url).search);
  const bytes = new Map();  // url → bytes as transferred
  r.bytes = bytes;

  const step = async (what, fn) => {
    if (crashed) { r.errors.push(`${what}: skipped (${crashed})`); return; }
    log(`${viewer.name}: ${what}`);
    try {
      await fn();
    } catch (e) {
      r.errors.push(`${what}: ${crashed || String(e.message || e).split('\n')[0]}`);
    }
  };

  try {
    await step('first load', async () => {
      await page.goto(viewer.url(server));
      await viewer.ready(page);
      for (const [url, n] of await resources()) {
        if (!url.startsWith('data:') && !url.includes('/api/')) bytes.set(url, (bytes.get(url) || 0) + n);
      }
    });
    await step('open the big sync', async () => {
      await page.evaluate(() => performance.clearResourceTimings());
      const t0 = Date.now();
      await page.evaluate((route) => { performance.mark('bench:route'); window.location.hash = route; }, viewer.route(big));
      await viewer.firstScreen(page);
      r.firstMs = Date.now() - t0;
      await viewer.whole(page);
      r.wholeMs = Date.now() - t0;
      const logs = (await resources()).filter(([url]) => isLog(url));
      r.logRequests = logs.length;
      r.logBytes = logs.reduce((n, [, b]) => n + b, 0);
      if (viewer.pf) {
        r.pfLoad = await page.evaluate(() => window.pfbench.state());
        r.inPageMs = r.pfLoad.completeAt - r.pfLoad.openedAt;
      } else {
        const t = await viewer.inPage(page);
        r.inPageFirstMs = t.first;
        r.inPageMs = t.whole;
      }
    });
    await step('memory', async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      r.heap = (await cdp.send('Runtime.getHeapUsage')).usedSize;
      r.wasm = await viewer.wasm(page);
      // SyncScope: its heap's high-water mark and what is allocated (state().heap).
      r.wasmHeap = viewer === SYNCSCOPE ? await page.evaluate(() => window.syncscope.state().heap).catch(() => null) : null;
      r.pids = await processIds(browser, page);
      r.rendererRss = rss(r.pids.renderer);
      r.gpuRss = rss(r.pids.gpu);
    });
    await step('scroll', async () => {
      const spot = await viewer.scrollSpot(page);
      await page.mouse.move(spot.x, spot.y);
      const nextFrame = () => page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
      const cpu = () => [r.pids.renderer, r.pids.gpu].map((pid) => (pid ? cpuNs(pid) : 0));
      for (let i = 0; i < WARMUP; i++) {
        await page.mouse.wheel(0, spot.direction * WHEEL);
        await nextFrame();
      }
      const from = await viewer.firstVisible(page);
      const framesBefore = viewer === SYNCSCOPE ? (await page.evaluate(() => window.syncscope.state().frames)) : 0;
      const cpuMs = [];
      const wallMs = [];
      const start = cpu();
      let c0 = start;
      let t0 = performance.now();
      const frameMs = [];  // SyncScope: its frame's time on the main thread (ImGui + WebGL calls)
      for (let i = 0; i < STEPS; i++) {
        await page.mouse.wheel(0, spot.direction * WHEEL);
        await nextFrame();
        if (viewer === SYNCSCOPE) frameMs.push(await page.evaluate(() => window.syncscope.state().draw.ms));
        const c1 = cpu();
        const t1 = performance.now();
        cpuMs.push((c1[0] + c1[1] - c0[0] - c0[1]) / 1e6);
        wallMs.push(t1 - t0);
        c0 = c1;
        t0 = t1;
      }
      r.rendererCpu = (c0[0] - start[0]) / 1e6 / STEPS;
      r.gpuCpu = (c0[1] - start[1]) / 1e6 / STEPS;
      const to = await viewer.firstVisible(page);
      r.scrolledLines = Math.abs(to - from);
      if (viewer === SYNCSCOPE) r.framesDrawn = (await page.evaluate(() => window.syncscope.state().frames)) - framesBefore;
      if (frameMs.length) {
        r.frameP50 = percentile(frameMs, 50);
        r.frameP95 = percentile(frameMs, 95);
      }
      r.cpuP50 = percentile(cpuMs, 50);
      r.cpuP95 = percentile(cpuMs, 95);
      r.wallP50 = percentile(wallMs, 50);
      r.wallP95 = percentile(wallMs, 95);
    });
    // Search, twice. (1) The term typed key by key with no pause, as fast as the keyboard
    // events go: until every match is counted, then whether the current match is on screen.
    // (2) Cleared, the term less its last key typed and left to settle, then the last key:
    // until the current match is drawn highlighted (one search of the whole log).
    await step('search', async () => {
      await viewer.focusSearch(page);
      const t0 = Date.now();
      await page.keyboard.type(TERM);
      await viewer.counted(page, TERM, expected);
      r.searchMs = Date.now() - t0;
      r.matches = await viewer.matches(page);
      r.searchShown = await viewer.shown(page, TERM, 5000).then(() => true, () => false);
      if (!r.searchShown) r.errors.push(`search typed with no pause: the current match is not on screen 5 s after the count (first line in view: ${await viewer.firstVisible(page)})`);
      await viewer.clearSearch(page);
      const prefix = TERM.slice(0, -1);
      await page.keyboard.type(prefix);
      await viewer.shown(page, prefix, LOAD_TIMEOUT);
      await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
      const t1 = Date.now();
      await page.keyboard.type(TERM.slice(-1));
      await viewer.shown(page, TERM, LOAD_TIMEOUT);
      r.lastKeyMs = Date.now() - t1;
    });
  } finally {
    r.consoleErrors = consoleErrors.slice(0, 3);
    await browser.close().catch(() => {});
    await server.stop();
  }
  return r;
}

// ---- Main -------------------------------------------------------------------------------------

install();
await bundle();
const versions = pfVersions();
const expected = expectedMatches();
const commit = (() => {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT, encoding: 'utf8' }).trim();
    return dirty ? `${head}+ (uncommitted changes)` : head;
  } catch { return 'unknown'; }
})();
const loadBefore = os.loadavg();
const viewers = [['syncscope', SYNCSCOPE], ['paged', PATTERNFLY], ['text', PATTERNFLY_TEXT]]
  .filter(([key]) => ONLY.includes(key)).map(([, v]) => v);
const results = [];
const loads = [];
for (const viewer of viewers) {
  results.push(await measure(viewer, expected));
  loads.push(os.loadavg()[0]);
}
const loadAfter = os.loadavg();
const ss = results.find((r) => r.name === 'SyncScope') || null;
const others = results.filter((r) => r !== ss);

// First-load bytes by kind (fonts apart; API answers never counted).
function kinds(r) {
  const k = { html: 0, js: 0, css: 0, wasm: 0, fonts: 0, other: 0, fontFiles: [], otherFiles: [] };
  for (const [url, n] of r.bytes) {
    const p = new URL(url).pathname;
    const name = path.basename(p);
    if (/\.(woff2?|ttf|otf)$/.test(p)) { k.fonts += n; k.fontFiles.push(`${name} ${kb(n)}`); }
    else if (p.endsWith('.wasm')) k.wasm += n;
    else if (p.endsWith('.js')) k.js += n;
    else if (p.endsWith('.css')) k.css += n;
    else if (p.endsWith('.html') || p === '/') k.html += n;
    else { k.other += n; k.otherFiles.push(`${name} ${kb(n)}`); }
  }
  k.total = k.html + k.js + k.css + k.wasm;
  return k;
}
for (const r of results) r.k = kinds(r);

// One row: each viewer's figure, then each PatternFly variant's ratio to SyncScope.
const rows = [];
const row = (what, get, fmt, ratio = true) => {
  const vals = results.map(get);
  const cells = vals.map((v) => (v == null ? '—' : fmt(v)));
  const a = ss ? get(ss) : null;
  for (const o of others) {
    const b = get(o);
    cells.push(ratio && a != null && b != null && a > 0 ? `${(b / a).toFixed(2)}×` : '');
  }
  rows.push([what, ...cells]);
};
const ms = (n) => `${Math.round(n).toLocaleString('en')} ms`;
const ms1 = (n) => `${n.toFixed(1)} ms`;
const int = (n) => n.toLocaleString('en');
const onlySs = (f) => (r) => (r === ss ? f(r) : null);
row('first screen of lines (polled)', (r) => r.firstMs, ms);
row('  SyncScope: by the page\'s clock (frame mark)', onlySs((r) => r.inPageFirstMs), ms, false);
row('whole log loaded, searchable (polled)', (r) => r.wholeMs, ms);
row('  the same by the page\'s clock', (r) => r.inPageMs, ms);
row('log requests', (r) => r.logRequests, int, false);
row('log bytes transferred', (r) => r.logBytes, mb);
row('JS heap used (after a GC)', (r) => r.heap, mb);
row('wasm memory', (r) => r.wasm, mb, false);
row('  wasm heap high-water mark', (r) => r.wasmHeap?.maxFootprint ?? null, mb, false);
row('  wasm heap in use', (r) => r.wasmHeap?.used ?? null, mb, false);
row('JS heap + wasm', (r) => (r.heap != null ? r.heap + (r.wasm || 0) : null), mb);
row('renderer process RSS', (r) => r.rendererRss, mb);
row('GPU process RSS', (r) => r.gpuRss, mb);
row('scroll: CPU per wheel step, p50', (r) => r.cpuP50, ms1);
row('scroll: CPU per wheel step, p95', (r) => r.cpuP95, ms1);
row('scroll: CPU per step, mean, renderer', (r) => r.rendererCpu, ms1);
row('scroll: CPU per step, mean, GPU process', (r) => r.gpuCpu, ms1);
row('scroll: wall time per step, p50', (r) => r.wallP50, ms1);
row('scroll: wall time per step, p95', (r) => r.wallP95, ms1);
row(`scroll: lines moved in ${STEPS} steps`, (r) => r.scrolledLines, int, false);
row(`scroll: frames SyncScope drew in ${STEPS} steps`, onlySs((r) => r.framesDrawn), int, false);
row('scroll: SyncScope frame on the main thread, p50', onlySs((r) => r.frameP50), ms1, false);
row('scroll: SyncScope frame on the main thread, p95', onlySs((r) => r.frameP95), ms1, false);
row(`search "${TERM}" typed: first key → all counted`, (r) => r.searchMs, ms);
row('  then the current match on screen', (r) => r.searchShown, (b) => (b ? 'yes' : 'no'), false);
row('search: last key → match highlighted', (r) => r.lastKeyMs, ms);
row(`search: matches counted (expected ${int(expected)})`, (r) => r.matches, int, false);
row('first load: html+js+css(+wasm), as sent', (r) => r.k.total, kb);
row('  html', (r) => r.k.html, kb, false);
row('  js', (r) => r.k.js, kb, false);
row('  css', (r) => r.k.css, kb, false);
row('  wasm', (r) => r.k.wasm, kb, false);
row('fonts (apart)', (r) => r.k.fonts, kb);
row('other (config, icons)', (r) => r.k.other, kb, false);

const cpu = os.cpus();
const raw = results[0]?.rawEstimate;
const la = (l) => l.map((x) => x.toFixed(2)).join(' ');
console.log(`SyncScope vs PatternFly LogViewer — ${LINES.toLocaleString('en')} lines (~${raw ? mb(raw) : '?'} of raw text), ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, commit ${commit}`);
console.log(`machine: ${os.availableParallelism()} cores (nproc), ${cpu[0]?.model}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; ${results[0]?.chromium ? `Chromium ${results[0].chromium}` : ''} headless, WebGL on SwiftShader; load average (1/5/15 min) ${la(loadBefore)} at start, ${la(loadAfter)} at end; 1-min after each viewer: ${results.map((r, i) => `${r.name} ${loads[i].toFixed(2)}`).join(', ')}`);
console.log(`PatternFly: ${versions}; LogViewer with hasLineNumbers, LogViewerSearch in its toolbar, other props default (virtualized, wrapped text)`);
const head = ['', ...results.map((r) => r.name), ...(ss ? others.map((o) => `${o.name.replace('PatternFly', 'PF')} / SS`) : [])];
const w = [Math.max(...rows.map((x) => x[0].length)) + 2, ...head.slice(1).map((h) => Math.max(16, h.length))];
const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  ');
console.log(line(head));
for (const x of rows) console.log(line(x));
console.log('fonts:', results.map((r) => `${r.name} ${r.k.fontFiles.join(', ') || 'none'}`).join(' | '));
console.log(WARM ? 'server cache: warm (--warm: each viewer\'s log answers read once before it opened the log)' : 'server cache: cold (each viewer is the first reader of the log: every answer formatted and gzipped on request)');
console.log(`load: the sync opened in an app already started (SyncScope: signed in, route set; PatternFly: page loaded, hash set); polled every 50 ms (SyncScope: its marks syncscope:log-lines-drawn / syncscope:log-complete; PatternFly: its DOM / window.pfbench) from setting the route; "by the page's clock" is performance.now() inside the page, from setting the route to SyncScope's mark or to the effect that runs once React committed PatternFly's complete data (no polling lag). Bytes: Resource Timing's transferSize (the DevTools Network domain is off: it would copy every body). SyncScope: tail=1000 first, the older lines once that frame is drawn, then older lines in bulk pages (format=lines), 3 in flight. PatternFly paged: after_id/limit=5000 JSON pages, first page shown, then 3 in flight, the viewer's data set at most once a second and at the end. PatternFly text: one GET …/logs.txt, the text handed to the viewer once`);
console.log(`memory: after a forced GC; RSS from /proc/<pid>/status of the page's renderer and of the GPU process (WebGL / compositing on SwiftShader)`);
console.log(`scroll: ${STEPS} steps after ${WARMUP} warm-up steps, each a ${WHEEL} px mouse wheel over the lines, then two requestAnimationFrame (SyncScope draws on demand: its frames are counted above); CPU per step = on-CPU time (/proc/<pid>/task/*/schedstat) of every thread of the renderer and GPU processes`);
console.log(`search: "${TERM}" typed with the real keyboard into the viewer's search field, key by key with no pause, until every match is counted (SyncScope: state().log.matches; PatternFly: the toolbar's "1 / N"); then, cleared and "${TERM.slice(0, -1)}" typed and settled, from the last key until the current match is drawn highlighted`);
for (const r of others) {
  const l = r.pfLoad;
  if (l?.fetchedAt) console.log(`${r.name} load: every byte held ${Math.round(l.fetchedAt - l.openedAt)} ms after opening, the complete data committed ${Math.round(l.completeAt - l.fetchedAt)} ms later; the viewer's data set ${l.updates} times (LogViewer re-joins and re-splits all of it each time)`);
}
for (const r of results) {
  for (const e of r.errors) console.log(`${r.name}: ${e}`);
  for (const e of r.consoleErrors) console.log(`${r.name} console: ${e.slice(0, 300)}`);
}
// --json=FILE: the figures also as JSON, for tests/bench/issue20.mjs's one table.
const jsonArg = process.argv.find((a) => a.startsWith('--json='));
if (jsonArg) {
  const pick = (r) => ({
    name: r.name, firstMs: r.firstMs, inPageFirstMs: r.inPageFirstMs ?? null, wholeMs: r.wholeMs, inPageMs: r.inPageMs,
    logRequests: r.logRequests, logBytes: r.logBytes, heap: r.heap, wasm: r.wasm, wasmHeap: r.wasmHeap, rawEstimate: r.rawEstimate,
    rendererRss: r.rendererRss, cpuP50: r.cpuP50, cpuP95: r.cpuP95, rendererCpu: r.rendererCpu, gpuCpu: r.gpuCpu,
    searchMs: r.searchMs, lastKeyMs: r.lastKeyMs, matches: r.matches, firstLoad: r.k.total, html: r.k.html, js: r.k.js,
    css: r.k.css, wasmBytes: r.k.wasm, errors: r.errors,
  });
  writeFileSync(jsonArg.slice(7), JSON.stringify({ lines: LINES, warm: WARM, commit, loadBefore, loadAfter, chromium: results[0]?.chromium, results: results.map(pick) }, null, 1));
}
