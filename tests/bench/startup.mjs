// tests/bench/startup.mjs — how big SyncScope is and how fast it starts, in Debian's Chromium.
//
// Prints the site's sizes (raw, gzip, brotli) and, over several cold loads of the demo link, the
// time from navigation to each start-up mark the app sets (performance.mark): main() entered,
// WebGL2 context and shaders ready, config and fonts loaded, font atlas built, first frame, first frame with the services.
// Not part of scripts/test (it asserts nothing); run: node tests/bench/startup.mjs [runs]
// (SYNCSCOPE_WEB_ROOT=<folder> measures another build of the site, e.g. one written by make_site.py).
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { launchBrowser, newPage, startServer, waitForState, WEB_ROOT } from '../e2e/harness.mjs';

const runs = Number(process.argv[2] || 5);
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;

console.log('file                                       raw          gzip         brotli');
for (const dir of ['', 'fonts']) {
  for (const name of readdirSync(path.join(WEB_ROOT, dir)).sort()) {
    const file = path.join(WEB_ROOT, dir, name);
    if (!statSync(file).isFile() || /\.(gz|br)$/.test(name)) continue;
    const size = (suffix) => { try { return statSync(file + suffix).size; } catch { return null; } };
    const cell = (n) => (n === null ? '—' : kb(n));
    console.log(`${path.join(dir, name).padEnd(42)} ${cell(size('')).padEnd(12)} ${cell(size('.gz')).padEnd(12)} ${cell(size('.br'))}`);
  }
}

// The first load as issue 20 counts it: html, js (loader and app), css and wasm, brotli; fonts and
// favicon apart. Headers are not counted here (patternfly.mjs counts bytes as transferred).
{
  const first = readdirSync(WEB_ROOT).filter((n) => /\.(html|js|css|wasm)$/.test(n));
  const total = first.reduce((sum, n) => sum + statSync(path.join(WEB_ROOT, n + '.br')).size, 0);
  console.log(`\nfirst load, brotli (${first.join(', ')}): ${total.toLocaleString('en')} B`);
}

const server = await startServer();
const browser = await launchBrowser();
const marks = ['syncscope:main', 'syncscope:gl-ready', 'syncscope:assets-loaded', 'syncscope:fonts-built', 'syncscope:first-frame', 'syncscope:first-frame-with-services'];
const samples = Object.fromEntries(marks.map((m) => [m, []]));
for (let i = 0; i < runs; i++) {
  const { page, context } = await newPage(browser);
  await page.goto(server.link);
  await waitForState(page, (s) => s.view === 'services' && s.services.length > 0, 'services');
  await page.waitForFunction(() => performance.getEntriesByName('syncscope:first-frame-with-services').length > 0);
  const got = await page.evaluate((names) => Object.fromEntries(names.map((n) => [n, performance.getEntriesByName(n)[0]?.startTime])), marks);
  for (const m of marks) samples[m].push(got[m]);
  await context.close();
}
await browser.close();
await server.stop();

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
console.log(`\nstart-up, ms from navigation (median of ${runs} cold loads; min–max)`);
for (const m of marks) {
  const xs = samples[m];
  console.log(`${m.padEnd(38)} ${median(xs).toFixed(0).padStart(6)}   (${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)})`);
}
