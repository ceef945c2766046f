#!/usr/bin/env node
// tests/bench/log_store_browser.mjs — the log store benchmark (tests/bench/log_store_bench.cpp)
// in headless Chromium, next to the native build: 1,000,000 lines appended, searched (common,
// rare, non-ASCII, regex), a level toggled, 1,000 lines taken in live; ms and bytes per line.
// Asserts nothing (scripts/test does not run it); exits non-zero only if the run itself fails or
// the vector and scalar search engines disagree.
//
// Run:
//   cmake --preset wasm && cmake --build build/wasm --target syncscope-bench-log-store-web
//   cmake --build build/native      # optional: adds the native column
//   node tests/bench/log_store_browser.mjs [lines] [wasm build dir, default build/wasm]
//
// The module is served from a throwaway HTTP server on 127.0.0.1 (Chromium will not fetch .wasm
// from file://); its printf lines arrive as console messages.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { launchBrowser, ROOT } from '../e2e/harness.mjs';

const lines = Number(process.argv[2] || 1000000);
const buildDir = path.resolve(ROOT, process.argv[3] || 'build/wasm');
const NAME = 'syncscope-bench-log-store-web';
const NATIVE = path.join(ROOT, 'build/native/syncscope-bench-log_store');
const TIMEOUT_MS = 10 * 60 * 1000;

for (const ext of ['.js', '.wasm']) {
  if (!existsSync(path.join(buildDir, NAME + ext))) {
    console.error(`${NAME}${ext} is not in ${buildDir}: cmake --build ${path.relative(ROOT, buildDir)} --target ${NAME}`);
    process.exit(2);
  }
}

// One row per printed line: "<label>   <value>" (the label may hold spaces and non-ASCII).
function parseRows(text) {
  const rows = new Map();
  for (const line of text.split('\n')) {
    const m = /^(.*\S)\s{2,}(\S+)$/.exec(line.trimEnd());
    if (m) rows.set(m[1], m[2]);
  }
  return rows;
}

const page = `<!doctype html><meta charset="utf-8"><title>log store bench</title>
<script>var Module = { arguments: [${JSON.stringify(String(lines))}] };</script>
<script src="/${NAME}.js"></script>`;
const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  if (url.pathname === '/') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page);
    return;
  }
  const file = url.pathname.slice(1);
  if (file !== `${NAME}.js` && file !== `${NAME}.wasm`) {
    res.writeHead(404).end();
    return;
  }
  const type = file.endsWith('.wasm') ? 'application/wasm' : 'text/javascript';
  res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(readFileSync(path.join(buildDir, file)));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await launchBrowser();
let output = '';
let failure = null;
try {
  const context = await browser.newContext();
  const page = await context.newPage();
  let finish;
  const finished = new Promise((resolve) => (finish = resolve));
  page.on('console', (m) => {
    output += m.text() + '\n';
    if (m.text() === 'done') finish();
  });
  page.on('pageerror', (e) => {
    failure = String(e);
    finish();
  });
  const timer = setTimeout(() => {
    failure = `no "done" within ${TIMEOUT_MS / 1000} s`;
    finish();
  }, TIMEOUT_MS);
  await page.goto(origin + '/');
  await finished;
  clearTimeout(timer);
  output = `${'browser'.padEnd(52)} ${browser.version()}\n` + output;
} finally {
  await browser.close();
  server.close();
}
if (failure) {
  console.error(output);
  console.error('browser run failed:', failure);
  process.exit(1);
}

const browserRows = parseRows(output);
let nativeRows = new Map();
if (existsSync(NATIVE)) {
  const run = spawnSync(NATIVE, [String(lines)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (run.status === 0) nativeRows = parseRows(run.stdout);
  else console.error(`native run failed (${run.status}): ${run.stderr}`);
}

const labels = [...new Set([...nativeRows.keys(), ...browserRows.keys()])].filter((l) => l !== 'done');
const width = Math.max(...labels.map((l) => l.length));
console.log(`${'figure'.padEnd(width)}  ${'native'.padStart(12)}  ${'Chromium (wasm)'.padStart(16)}`);
for (const l of labels) {
  console.log(`${l.padEnd(width)}  ${(nativeRows.get(l) ?? '—').padStart(12)}  ${(browserRows.get(l) ?? '—').padStart(16)}`);
}
if (browserRows.get('vector and scalar engines agree') !== 'yes') process.exit(1);
