// tests/bench/big_log.mjs — opening a big finished sync in Debian's Chromium: time to the first
// screen of lines, time until the whole log is held and searchable, requests and bytes
// transferred, frames drawn, and memory after the load (JS heap, wasm memory).
// Not part of scripts/test (it asserts nothing); run: node tests/bench/big_log.mjs [lines]
//
// `node tests/bench/big_log.mjs [lines] --first [runs]` (issue 20, goal 2) measures only the first
// screen, `runs` times (default 7), each in a fresh page signed in and showing the services: from
// setting the route to the frame mark `syncscope:log-lines-drawn`, with the first log request's
// way on the page's clock (resource timing of the XHR: sent, answer's first byte, body in) and
// the frames drawn meanwhile; then the median of the runs. The page is closed once the mark is
// there, and the next run waits for the server to be idle, so that one run's back-fill does not
// load the next.
import { launchBrowser, newPage, startServer, waitForState } from '../e2e/harness.mjs';
import { cpuNs } from './chromium_procs.mjs';

const firstAt = process.argv.indexOf('--first');
const FIRST_RUNS = firstAt < 0 ? 0 : Number(process.argv[firstAt + 1] || 7);
const LINES = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a) && a !== process.argv[firstAt + 1]) || 1000000);
const server = await startServer(['--big-sync-lines', String(LINES)], { keepLog: false, timeoutMs: 120000 });
const browser = await launchBrowser();

const api = async (p) => (await fetch(`${server.origin}/api/v1${p}`, { headers: { Authorization: `Bearer ${server.token}` } })).json();
const services = (await api('/services?per_page=100')).data;
let big;
for (const s of services) {
  const syncs = (await api(`/services/${s.id}/syncs?per_page=100`)).data;
  big = syncs.find((y) => /Big log/.test(y.summary));
  if (big) { big.serviceId = s.id; break; }
}

if (FIRST_RUNS > 0) {
  const route = `/services/${big.serviceId}/syncs/${big.id}`;
  const runs = [];
  console.log(`first screen of a ${LINES.toLocaleString('en')}-line log, ${FIRST_RUNS} runs (load ${(await import('node:fs')).readFileSync('/proc/loadavg', 'utf8').trim()})`);
  console.log('run  drawn   tail sent  first byte  body in  frames  header in');
  for (let i = 0; i < FIRST_RUNS; ++i) {
    const { page, context } = await newPage(browser);
    await page.goto(server.link);
    await waitForState(page, (s) => s.view === 'services' && s.services.length > 0, 'signed in');
    const r = await page.evaluate(async (to) => {
      performance.clearResourceTimings();
      const frames0 = window.syncscope.state().frames;
      const at = performance.now();
      window.location.hash = to;
      const drawn = await new Promise((resolve) => {
        const look = () => {
          const m = performance.getEntriesByName('syncscope:log-lines-drawn');
          if (m.length) resolve(m[m.length - 1].startTime);
          else setTimeout(look, 5);
        };
        look();
      });
      const frames = window.syncscope.state().frames - frames0;
      const tail = performance.getEntriesByType('resource').find((e) => e.name.includes('/logs'));
      const header = performance.getEntriesByType('resource').find((e) => /\/syncs\/\d+$/.test(e.name));
      const rel = (t) => (tail && t ? Math.round(t - at) : null);
      return {
        drawn: Math.round(drawn - at),
        sent: rel(tail && tail.startTime),
        firstByte: rel(tail && tail.responseStart),
        bodyIn: rel(tail && tail.responseEnd),
        header: header ? Math.round(header.responseEnd - at) : null,
        frames,
      };
    }, route);
    runs.push(r);
    const pad = (v, n) => String(v ?? '—').padStart(n);
    console.log(`${pad(i + 1, 3)}  ${pad(r.drawn, 5)}  ${pad(r.sent, 9)}  ${pad(r.firstByte, 10)}  ${pad(r.bodyIn, 7)}  ${pad(r.frames, 6)}  ${pad(r.header, 9)}`);
    await context.close();
    // The closed page's older pages are still being formatted by the server: each run starts
    // once the server has been idle for 300 ms (its CPU time unchanged; 30 s at most), so runs
    // are independent.
    for (let cpu = cpuNs(server.pid), idle = 0, end = Date.now() + 30000; idle < 3 && Date.now() < end;) {
      await new Promise((r) => setTimeout(r, 100));
      const now = cpuNs(server.pid);
      idle = now - cpu < 2e6 ? idle + 1 : 0;
      cpu = now;
    }
  }
  const median = (xs) => {
    const v = xs.filter((x) => x !== null).sort((a, b) => a - b);
    return v.length ? v[(v.length - 1) >> 1] : null;
  };
  console.log(`med  ${String(median(runs.map((r) => r.drawn))).padStart(5)}  ${String(median(runs.map((r) => r.sent))).padStart(9)}  ${String(median(runs.map((r) => r.firstByte))).padStart(10)}  ${String(median(runs.map((r) => r.bodyIn))).padStart(7)}  ${String(median(runs.map((r) => r.frames))).padStart(6)}`);
  console.log(`first screen median of ${FIRST_RUNS}: ${median(runs.map((r) => r.drawn))} ms (frame mark), load ${(await import('node:fs')).readFileSync('/proc/loadavg', 'utf8').trim()}`);
  // --json=FILE: the runs and their median, for tests/bench/issue20.mjs's one table.
  const jsonArg = process.argv.find((a) => a.startsWith('--json='));
  if (jsonArg) (await import('node:fs')).writeFileSync(jsonArg.slice(7), JSON.stringify({ lines: LINES, runs, median: median(runs.map((r) => r.drawn)) }));
  await browser.close();
  await server.stop();
  process.exit(0);
}

const { page, context } = await newPage(browser);
const cdp = await context.newCDPSession(page);
await cdp.send('Network.enable');
let bytes = 0;
let requests = 0;
// The first log request's way, by the browser's clock (seconds): sent, answer's headers, body in.
const tail = {};
cdp.on('Network.loadingFinished', (e) => {
  bytes += e.encodedDataLength;
  if (e.requestId === tail.id) tail.finished = e.timestamp;
});
cdp.on('Network.requestWillBeSent', (e) => {
  if (!e.request.url.includes('/logs')) return;
  if (requests++ === 0) Object.assign(tail, { id: e.requestId, sent: e.timestamp });
});
cdp.on('Network.responseReceived', (e) => { if (e.requestId === tail.id) tail.headers = e.timestamp; });

await page.goto(server.link);
await waitForState(page, (s) => s.view === 'services' && s.services.length > 0, 'signed in');
const before = await page.evaluate(() => window.syncscope.state().frames);
bytes = 0;
const t0 = Date.now();
// The page's clock when the route is set.
const routeAt = await page.evaluate((r) => {
  const at = performance.now();
  window.location.hash = r;
  return at;
}, `/services/${big.serviceId}/syncs/${big.id}`);
await waitForState(page, (s) => s.log && s.log.lines > 0, 'the first lines', 60000);
const heldMs = Date.now() - t0;
// The frame that first drew them (main.cpp marks it), on the page's clock.
const drawnAt = await page.waitForFunction(() => {
  const m = performance.getEntriesByName('syncscope:log-lines-drawn');
  return m.length ? m[m.length - 1].startTime : null;
}).then((h) => h.jsonValue());
const firstMs = Math.round(drawnAt - routeAt);
await waitForState(page, new Function('s', `return s.log && s.log.complete && s.log.lines === ${LINES};`), 'the whole log', 600000);
const fullMs = Date.now() - t0;
const after = await page.evaluate(() => window.syncscope.state().frames);
const heap = await cdp.send('Runtime.getHeapUsage');
const wasm = await page.evaluate(() => (typeof Module !== 'undefined' && Module.HEAPU8 ? Module.HEAPU8.length : 0)).catch(() => 0);

// "Raw text": the log as text, one `<at> <LEVEL> <message>` line each (the demo's download form).
const sample = (await api(`/syncs/${big.id}/logs?after_id=0&limit=5000`)).data;
const sampleBytes = sample.reduce((n, l) => n + Buffer.byteLength(`${l.at} ${l.level.toUpperCase()} ${l.message}\n`), 0);
const rawEstimate = (sampleBytes / sample.length) * LINES;

const mb = (n) => `${(n / 1048576).toFixed(1)} MB`;
console.log(`big log: ${LINES.toLocaleString('en')} lines (~${mb(rawEstimate)} of raw text)`);
console.log(`first screen of lines        ${firstMs} ms (drawn; held after ${heldMs} ms as polled)`);
if (tail.sent && tail.finished) {
  const ms = (s) => `${Math.round((s - tail.sent) * 1000)} ms`;
  console.log(`  tail request: headers after ${ms(tail.headers)}, body after ${ms(tail.finished)} (from its sending)`);
}
console.log(`whole log held, searchable   ${fullMs} ms`);
console.log(`log requests                 ${requests}`);
console.log(`bytes transferred            ${mb(bytes)} (${(bytes / rawEstimate).toFixed(2)}× raw text)`);
console.log(`frames drawn while loading   ${after - before}`);
console.log(`JS heap used                 ${mb(heap.usedSize)}`);
console.log(`wasm memory                  ${mb(wasm)} (${(wasm / rawEstimate).toFixed(2)}× raw text)`);

await browser.close();
await server.stop();
