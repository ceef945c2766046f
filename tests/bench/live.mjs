// tests/bench/live.mjs — SyncScope on a live log and at rest, in Debian's Chromium.
//
// Live: the demo server's benchmark sync running (--big-sync-live --speed 10: 1,000 lines a
// second) with its log open and following. Over the measured window (default 60 s) it prints the
// frames drawn per second, the CPU time per frame (the page's renderer and the GPU process, from
// /proc, since WebGL runs on SwiftShader here), the log refreshes made, and the bytes each one
// transferred against the bytes of the new lines it brought, as text ("raw text": one
// `<time> <LEVEL> <message>` line each, as Download writes them).
//
// Idle: frames drawn per second when nothing changes — a finished log open, and the live log with
// auto-refresh paused — and that the refresh keeps going without frames: on the live log, the
// requests made while no frame was asked for by input.
//
// The insights (issue 20, goal 5): the live window runs with the signatures panel open and the
// overview ruler drawn, and prints their own main-thread time (state().log.signaturesMs,
// overviewMs); a second window of the same length with the panel folded gives its drawing's share.
//
// Not part of scripts/test (it asserts nothing); run: node tests/bench/live.mjs [seconds]
import os from 'node:os';
import { clickItem, launchBrowser, newPage, startServer, waitForState } from '../e2e/harness.mjs';
import { cpuNs, processIds } from './chromium_procs.mjs';

const SECONDS = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) || 60);
const IDLE_SECONDS = 20;
const LINES = 2000000;  // more than the run can write: the sync stays running

const server = await startServer(['--big-sync-lines', String(LINES), '--big-sync-live', '--speed', '10'],
  { keepLog: false, timeoutMs: 60000 });
const browser = await launchBrowser();
process.on('exit', () => { try { process.kill(server.pid); } catch { /* already gone */ } });
const get = async (p) => (await fetch(`${server.origin}/api/v1${p}`, { headers: { Authorization: `Bearer ${server.token}` } })).json();

// The benchmark sync is the running one with by far the longest log (a running sync's summary
// says "Running: …", not "benchmark"). It is the one whose log grows fastest: just after the
// server starts it may still hold fewer lines than the demo's other running syncs.
let live;
let finished;
const running = [];
const lastId = async (y) => (await get(`/syncs/${y.id}/logs?tail=1`)).meta.last_id;
for (const s of (await get('/services?per_page=100')).data) {
  for (const y of (await get(`/services/${s.id}/syncs?per_page=100`)).data) {
    if (y.status === 'running') {
      running.push({ ...y, serviceId: s.id, firstId: await lastId(y) });
    } else if (!finished && y.status === 'success' && y.pulled_count > 0) {
      finished = { ...y, serviceId: s.id };
    }
  }
}
await new Promise((r) => setTimeout(r, 1500));
for (const y of running) {
  y.growth = (await lastId(y)) - y.firstId;
  if (!live || y.growth > live.growth) live = y;
}
if (!live) throw new Error('no running benchmark sync');

const { page, context } = await newPage(browser);
const cdp = await context.newCDPSession(page);
await cdp.send('Network.enable', { maxTotalBufferSize: 200 * 1048576, maxResourceBufferSize: 50 * 1048576 });
const logRequests = new Map();  // requestId → {url, at, bytes, body}
cdp.on('Network.requestWillBeSent', (e) => {
  if (/\/syncs\/\d+\/logs/.test(e.request.url)) logRequests.set(e.requestId, { url: e.request.url, at: Date.now() });
});
cdp.on('Network.loadingFinished', (e) => {
  const r = logRequests.get(e.requestId);
  if (r) {
    r.bytes = e.encodedDataLength;
    r.body = cdp.send('Network.getResponseBody', { requestId: e.requestId }).catch(() => null);
  }
});
const state = () => page.evaluate(() => window.syncscope.state());
const open = (y) => page.evaluate((r) => { window.location.hash = r; }, `/services/${y.serviceId}/syncs/${y.id}`);

await page.goto(server.link);
await waitForState(page, (s) => s.view === 'services' && s.services.length > 0, 'signed in');
const pids = await processIds(browser, page);

// Frames, CPU and requests over `seconds` of no input.
async function window_(seconds) {
  const s0 = await state();
  const c0 = [cpuNs(pids.renderer), cpuNs(pids.gpu)];
  const t0 = Date.now();
  const r0 = logRequests.size;
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const s1 = await state();
  const c1 = [cpuNs(pids.renderer), cpuNs(pids.gpu)];
  const ms = Date.now() - t0;
  return {
    ms,
    frames: s1.frames - s0.frames,
    requests: s1.requests - s0.requests,
    logRequests: [...logRequests.values()].slice(r0),
    cpuMs: [(c1[0] - c0[0]) / 1e6, (c1[1] - c0[1]) / 1e6],
    lines: [s0.log?.lines ?? 0, s1.log?.lines ?? 0],
    // The insights' own main-thread time in the window (docs/test-contract.md): grouping lines
    // into signatures, building the overview ruler's bins.
    signaturesMs: (s1.log?.signaturesMs ?? 0) - (s0.log?.signaturesMs ?? 0),
    overviewMs: (s1.log?.overviewMs ?? 0) - (s0.log?.overviewMs ?? 0),
  };
}

// --- live ---------------------------------------------------------------------------------
await open(live);
await waitForState(page, (s) => s.log && s.log.live && s.log.following && s.log.complete && s.log.lines > 0, 'the live log, following', 120000);
await new Promise((r) => setTimeout(r, 10000));  // warm-up: two refreshes
// The insights (issue 17) running meanwhile: the signatures panel open beside the lines and the
// overview ruler drawn (issue 20, goal 5 measures the live log with both on). Their rects are
// looked up before and after the window, not in it (a lookup waits for a settled frame).
const insights = async () => {
  const s = await state();
  const rect = (id) => page.evaluate((i) => window.syncscope.itemRect(i), id);
  return {
    panel: !!(await rect('log.signatures')), ruler: !!(await rect('log.overview')),
    open: s.log.signaturesOpen, signatures: s.log.signatures.length, builds: s.log.overviewBuilds,
  };
};
const I0 = await insights();
const L = await window_(SECONDS);
const I1 = await insights();
let raw = 0;
let newLines = 0;
for (const r of L.logRequests) {
  const body = await r.body;
  if (!body) continue;
  const page_ = JSON.parse(body.base64Encoded ? Buffer.from(body.body, 'base64').toString() : body.body);
  for (const l of page_.data) raw += Buffer.byteLength(`${l.at} ${l.level.toUpperCase()} ${l.message}\n`);
  newLines += page_.data.length;
}
// The same live log with the signatures panel folded (grouping and the ruler go on: only the
// panel's drawing stops), for the panel's share of the frame.
await clickItem(page, 'log.signatures.toggle');
await waitForState(page, (s) => s.log && s.log.signaturesOpen === false, 'the signatures panel folded');
await new Promise((r) => setTimeout(r, 2000));
const F = await window_(SECONDS);
await clickItem(page, 'log.signatures.toggle');
await waitForState(page, (s) => s.log && s.log.signaturesOpen === true, 'the signatures panel open again');

const transferred = L.logRequests.reduce((n, r) => n + (r.bytes || 0), 0);
const gaps = L.logRequests.slice(1).map((r, i) => r.at - L.logRequests[i].at);

// --- idle: the live log paused, then a finished log ----------------------------------------------
await clickItem(page, 'log.autoRefresh');
await waitForState(page, (s) => s.log && s.log.autoRefresh === false, 'auto-refresh off');
await new Promise((r) => setTimeout(r, 2000));  // the click's own frames settle
const paused = await window_(IDLE_SECONDS);

await open(finished);
await waitForState(page, new Function('s', `return s.log && s.log.syncId === ${finished.id} && s.log.complete && !s.log.live;`), 'a finished log');
await new Promise((r) => setTimeout(r, 2000));
const rest = await window_(IDLE_SECONDS);

const f1 = (n) => n.toFixed(1);
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(`SyncScope live and idle — ${new Date().toISOString().slice(0, 10)}; ${os.cpus().length} cores, ${os.cpus()[0].model}; ` +
  `Chromium ${browser.version()} headless, WebGL on SwiftShader; load average ${os.loadavg()[0].toFixed(1)}`);
console.log(`\nlive: a running sync writing ~1,000 lines a second, its log open and following, ${SECONDS} s measured`);
console.log(`  insights                            signatures panel ${I0.panel && I1.panel ? 'shown' : 'NOT shown'} (${I1.signatures} signatures), overview ruler ${I0.ruler && I1.ruler ? 'shown' : 'NOT shown'}, its bins built ${I1.builds - I0.builds} times in the window`);
console.log(`  lines held                          ${L.lines[0].toLocaleString('en')} → ${L.lines[1].toLocaleString('en')} (${f1((L.lines[1] - L.lines[0]) / (L.ms / 1000))} a second)`);
console.log(`  frames drawn                        ${L.frames} (${f1(L.frames / (L.ms / 1000))} a second)`);
console.log(`  CPU per frame, renderer             ${f1(L.cpuMs[0] / Math.max(1, L.frames))} ms`);
console.log(`  CPU per frame, GPU process          ${f1(L.cpuMs[1] / Math.max(1, L.frames))} ms (SwiftShader)`);
console.log(`  CPU, renderer + GPU, per second     ${f1((L.cpuMs[0] + L.cpuMs[1]) / (L.ms / 1000))} ms`);
console.log(`  log refreshes                       ${L.logRequests.length} (${gaps.length ? `${f1(gaps.reduce((a, b) => a + b, 0) / gaps.length / 1000)} s apart on average` : '—'}); all API requests ${L.requests}`);
console.log(`  per refresh: transferred            ${kb(transferred / Math.max(1, L.logRequests.length))} (gzip, headers included)`);
console.log(`  per refresh: new lines as text      ${kb(raw / Math.max(1, L.logRequests.length))} (${Math.round(newLines / Math.max(1, L.logRequests.length))} lines)`);
console.log(`  transferred / raw text of new lines ${(transferred / Math.max(1, raw)).toFixed(2)}×`);
const perFrame = (w, ms) => f1(ms / Math.max(1, w.frames));
console.log(`  insights' own time, main thread     signatures ${f1(L.signaturesMs)} ms + ruler bins ${f1(L.overviewMs)} ms in ${f1(L.ms / 1000)} s ` +
  `(${f1((L.signaturesMs + L.overviewMs) / (L.ms / 1000))} ms a second, ${perFrame(L, L.signaturesMs + L.overviewMs)} ms a frame)`);
console.log(`\nlive, the signatures panel folded (grouping and ruler on), ${SECONDS} s measured`);
console.log(`  frames drawn                        ${F.frames} (${f1(F.frames / (F.ms / 1000))} a second)`);
console.log(`  CPU per frame, renderer             ${perFrame(F, F.cpuMs[0])} ms`);
console.log(`  CPU per frame, GPU process          ${perFrame(F, F.cpuMs[1])} ms (SwiftShader)`);
console.log(`  CPU, renderer + GPU, per second     ${f1((F.cpuMs[0] + F.cpuMs[1]) / (F.ms / 1000))} ms`);
console.log(`  insights' own time, main thread     signatures ${f1(F.signaturesMs)} ms + ruler bins ${f1(F.overviewMs)} ms`);
console.log(`\nidle, ${IDLE_SECONDS} s each, no input`);
console.log(`  live log, auto-refresh paused       ${paused.frames} frames (${(paused.frames / (paused.ms / 1000)).toFixed(2)} a second), ${paused.requests} requests, CPU ${f1(paused.cpuMs[0])} + ${f1(paused.cpuMs[1])} ms`);
console.log(`  finished log                        ${rest.frames} frames (${(rest.frames / (rest.ms / 1000)).toFixed(2)} a second), ${rest.requests} requests, CPU ${f1(rest.cpuMs[0])} + ${f1(rest.cpuMs[1])} ms`);
console.log(`CPU = on-CPU time of every thread of the page's renderer process + the GPU process (/proc/<pid>/task/*/schedstat)`);

// --json=FILE: the figures also as JSON, for tests/bench/issue20.mjs's one table.
const jsonArg = process.argv.find((a) => a.startsWith('--json='));
if (jsonArg) {
  const sum = (w) => ({ seconds: w.ms / 1000, frames: w.frames, rendererMs: w.cpuMs[0], gpuMs: w.cpuMs[1], signaturesMs: w.signaturesMs, overviewMs: w.overviewMs, lines: w.lines });
  (await import('node:fs')).writeFileSync(jsonArg.slice(7), JSON.stringify({
    live: sum(L), folded: sum(F), refreshes: L.logRequests.length, transferred, raw, newLines, insights: I1, rulerBuilds: I1.builds - I0.builds,
  }));
}
await browser.close();
await server.stop();
