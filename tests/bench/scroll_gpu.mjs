// tests/bench/scroll_gpu.mjs — SyncScope alone, scrolling a big finished log on a software GPU
// (issue 20, goal 4): the CPU every wheel step costs the page's renderer and the GPU process
// (SwiftShader), measured as the scroll rows of tests/bench/patternfly.mjs measure it, and what
// the last frame sent to WebGL (draw calls, vertices, scissored clears).
//
// Method (the same as patternfly.mjs): 300 steps (after 10) of a 100 px mouse wheel over the
// lines, each followed by two animation frames; CPU per step = on-CPU time of every thread of the
// renderer and GPU processes (/proc/<pid>/task/*/schedstat, tests/bench/chromium_procs.mjs).
//
// Not part of scripts/test (it asserts nothing); run: node tests/bench/scroll_gpu.mjs [lines]
// (default 100,000: the cost of a step does not depend on the lines held).
import { readFileSync } from 'node:fs';
import { launchBrowser, newPage, startServer, waitForState } from '../e2e/harness.mjs';
import { cpuNs, processIds } from './chromium_procs.mjs';

const LINES = Number(process.argv[2] || 100000);
const STEPS = 300;
const WARMUP = 10;
const WHEEL = 100;
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

const server = await startServer(['--big-sync-lines', String(LINES), '--rate-limit', '0'], { keepLog: false, timeoutMs: 120000 });
const browser = await launchBrowser();
const api = async (p) => (await fetch(`${server.origin}/api/v1${p}`, { headers: { Authorization: `Bearer ${server.token}` } })).json();
let big;
for (const s of (await api('/services?per_page=100')).data) {
  big = (await api(`/services/${s.id}/syncs?per_page=100`)).data.find((y) => /Big log/.test(y.summary));
  if (big) { big.serviceId = s.id; break; }
}

const { page } = await newPage(browser);
await page.goto(server.link);
await waitForState(page, (s) => s.view === 'services' && s.services.length > 0, 'signed in', 60000);
await page.evaluate((r) => { window.location.hash = r; }, `/services/${big.serviceId}/syncs/${big.id}`);
const s = (await waitForState(page, new Function('s', `return s.log && s.log.complete && s.log.lines === ${LINES} && s.log.firstVisible > 0;`), 'the whole log', 600000)).log;
const a = await page.evaluate((i) => window.syncscope.itemRect(`log.line.${i}`), s.firstVisible);
const b = await page.evaluate((i) => window.syncscope.itemRect(`log.line.${i}`), s.lastVisible);
const pids = await processIds(browser, page);
await page.mouse.move(a.x + a.w / 2, (a.y + b.y + b.h) / 2);
const nextFrame = () => page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
const cpu = () => [cpuNs(pids.renderer), cpuNs(pids.gpu)];
for (let i = 0; i < WARMUP; i++) {
  await page.mouse.wheel(0, -WHEEL);
  await nextFrame();
}
const loadBefore = load();
const frames0 = (await page.evaluate(() => window.syncscope.state())).frames;
const cpuMs = [];
const frameMs = [];
const start = cpu();
let c0 = start;
for (let i = 0; i < STEPS; i++) {
  await page.mouse.wheel(0, -WHEEL);
  await nextFrame();
  frameMs.push(await page.evaluate(() => window.syncscope.state().draw.ms));
  const c1 = cpu();
  cpuMs.push((c1[0] + c1[1] - c0[0] - c0[1]) / 1e6);
  c0 = c1;
}
const st = await page.evaluate(() => window.syncscope.state());
const pct = (xs, p) => { const v = [...xs].sort((x, y) => x - y); return v[Math.min(v.length - 1, Math.floor((p / 100) * v.length))]; };
const f1 = (n) => n.toFixed(1);
console.log(`scroll on SwiftShader: ${LINES.toLocaleString('en')} lines, ${STEPS} wheel steps of ${WHEEL} px (after ${WARMUP}); load average ${loadBefore} before, ${load()} after`);
console.log(`  CPU per wheel step p50 / p95            ${f1(pct(cpuMs, 50))} / ${f1(pct(cpuMs, 95))} ms`);
console.log(`  of which renderer / GPU process (mean)  ${f1((c0[0] - start[0]) / 1e6 / STEPS)} / ${f1((c0[1] - start[1]) / 1e6 / STEPS)} ms`);
console.log(`  frame on the main thread p50 / p95      ${f1(pct(frameMs, 50))} / ${f1(pct(frameMs, 95))} ms`);
console.log(`  frames drawn                            ${st.frames - frames0}`);
console.log(`  last frame: draw calls / vertices / clears  ${st.draw.calls} / ${st.draw.vertices} / ${st.draw.clears ?? '—'}`);
await browser.close();
await server.stop();
