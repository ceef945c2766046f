// tests/bench/issue20.mjs — issue 20's goals in one run, side by side with PatternFly's LogViewer:
// runs, one after the other on the same machine and build,
//   1. patternfly.mjs <lines> --warm   SyncScope, PatternFly paged and PatternFly text: the whole
//      log (goal 1), memory, the first screen as polled, scrolling (goal 4), search, first load
//      (goal 3);
//   2. big_log.mjs <lines> --first 7   SyncScope's first screen by its frame mark (goal 2);
//   3. log_store_browser.mjs <lines>   the log store's search in Chromium (goal 1: search ≤ 50 ms);
//   4. live.mjs 30                     a live log at 1,000 lines a second with the insights (goal 5);
// each printing its own table (stderr: progress), then one table of every goal with its target and
// whether it is met. docs/performance.md quotes that table. Not part of scripts/test (it asserts
// nothing); about 10 minutes. Run: node tests/bench/issue20.mjs [lines]   (default 1,000,000)
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../e2e/harness.mjs';

const LINES = Number(process.argv[2] || 1000000);
const dir = mkdtempSync(path.join(os.tmpdir(), 'issue20-'));
const bench = (file, args) => {
  console.log(`\n== node tests/bench/${file} ${args.filter((a) => !a.startsWith('--json=')).join(' ')}`);
  const r = spawnSync('node', [path.join(ROOT, 'tests/bench', file), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 64 << 20 });
  process.stdout.write(r.stdout);
  if (r.status !== 0) console.log(`(${file} exited with ${r.status})`);
  return r.stdout;
};
const json = (name) => { try { return JSON.parse(readFileSync(path.join(dir, name), 'utf8')); } catch { return null; } };

const load0 = os.loadavg();
const started = new Date();
execFileSync('cmake', ['--build', 'build/wasm', '--target', 'syncscope-bench-log-store-web'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
bench('patternfly.mjs', [String(LINES), '--warm', `--json=${path.join(dir, 'pf.json')}`]);
bench('big_log.mjs', [String(LINES), '--first', '7', `--json=${path.join(dir, 'first.json')}`]);
const store = bench('log_store_browser.mjs', [String(LINES)]);
bench('live.mjs', ['30', `--json=${path.join(dir, 'live.json')}`]);
const load1 = os.loadavg();

const pf = json('pf.json');
const first = json('first.json');
const live = json('live.json');
const by = (name) => pf?.results.find((r) => r.name === name) || null;
const ss = by('SyncScope');
const text = by('PatternFly text');
const paged = by('PatternFly paged');
const ms = (n) => (n == null || Number.isNaN(n) ? '—' : `${Math.round(n).toLocaleString('en')} ms`);
const ms1 = (n) => (n == null ? '—' : `${n.toFixed(1)} ms`);
const kb = (n) => (n == null ? '—' : `${(n / 1024).toFixed(1)} KB`);
const mb = (n) => (n == null ? '—' : `${(n / 1048576).toFixed(1)} MB`);
const x = (a, b) => (a == null || b == null || !b ? '—' : `${(a / b).toFixed(2)}×`);
const yes = (ok) => (ok == null ? '—' : ok ? '**met**' : '**not met**');
// The search rows of log_store_browser.mjs: the Chromium column of every plain (vector) search.
const searches = [...store.matchAll(/^search "([^"]+)" \(\d+\), ms\s+(?:[\d.]+|—)\s+([\d.]+)$/gm)].map((m) => [m[1], Number(m[2])]);
const worstSearch = searches.length ? Math.max(...searches.map(([, v]) => v)) : null;
const regexes = [...store.matchAll(/^regex (\/.+\/) \(\d+\), ms\s+(?:[\d.]+|—)\s+([\d.]+)$/gm)].map((m) => [m[1], Number(m[2])]);
const worstRegex = regexes.length ? Math.max(...regexes.map(([, v]) => v)) : null;
const wasmRaw = ss && ss.wasm && ss.rawEstimate ? ss.wasm / ss.rawEstimate : null;
const perFrame = (w, v) => (w && w.frames ? v / w.frames : null);

const rows = [
  ['1. whole log held, searchable (page clock)', '≤ 0.5× PF text', ms(ss?.inPageMs), ms(text?.inPageMs), ms(paged?.inPageMs), x(ss?.inPageMs, text?.inPageMs), yes(ss && text ? ss.inPageMs <= 0.5 * text.inPageMs : null)],
  ['   log requests / bytes', '', ss ? `${ss.logRequests} / ${mb(ss.logBytes)}` : '—', text ? `${text.logRequests} / ${mb(text.logBytes)}` : '—', paged ? `${paged.logRequests} / ${mb(paged.logBytes)}` : '—', '', ''],
  ['   memory: wasm / raw text (JS heap apart)', '≤ 1.06×', wasmRaw ? `${mb(ss.wasm)} = ${wasmRaw.toFixed(3)}×${ss.wasmHeap ? ` (heap high-water ${mb(ss.wasmHeap.maxFootprint)}, in use ${mb(ss.wasmHeap.used)})` : ''}` : '—', text ? `JS heap ${mb(text.heap)}` : '—', paged ? `JS heap ${mb(paged.heap)}` : '—', '', yes(wasmRaw ? wasmRaw <= 1.06 : null)],
  [`   search, ${LINES.toLocaleString('en')} lines in Chromium (log_store_browser), slowest plain / regex`, '≤ 50 ms', `${ms1(worstSearch)} / ${ms1(worstRegex)}`, '', '', '', yes(worstSearch != null ? worstSearch <= 50 : null) + (worstRegex != null && worstRegex > 50 ? ' (plain); regex over' : '')],
  ['   search typed "batch 42": first key → all counted', '', ms(ss?.searchMs), ms(text?.searchMs), ms(paged?.searchMs), x(ss?.searchMs, text?.searchMs), ''],
  ['2. first screen, median of 7 (frame mark)', '≤ 150 ms', ms(first?.median), '', '', '', yes(first ? first.median <= 150 : null)],
  ['   first screen, one run (SS: frame mark; PF: polled)', '', ms(ss?.inPageFirstMs), ms(text?.firstMs), ms(paged?.firstMs), x(ss?.inPageFirstMs, text?.firstMs), ''],
  ['3. first load: html + js + css + wasm, as sent', '≤ 210 KB', kb(ss?.firstLoad), kb(text?.firstLoad), kb(paged?.firstLoad), x(ss?.firstLoad, text?.firstLoad), yes(ss ? ss.firstLoad <= 210 * 1024 : null)],
  ['4. scroll: GPU process CPU per wheel step (mean)', 'report', ms1(ss?.gpuCpu), ms1(text?.gpuCpu), ms1(paged?.gpuCpu), x(ss?.gpuCpu, text?.gpuCpu), ''],
  ['   scroll: renderer + GPU CPU per step, p50', '', ms1(ss?.cpuP50), ms1(text?.cpuP50), ms1(paged?.cpuP50), x(ss?.cpuP50, text?.cpuP50), ''],
  ['5. live, 1,000 lines/s, insights on: frames a second', 'keep (1.9)', live ? (live.live.frames / live.live.seconds).toFixed(1) : '—', 'no live mode', '', '', ''],
  ['   CPU a frame: renderer + GPU process', 'keep (20.2 + 106.2 ms)', live ? `${ms1(perFrame(live.live, live.live.rendererMs))} + ${ms1(perFrame(live.live, live.live.gpuMs))}` : '—', '', '', '', ''],
  ['   insights\' own main-thread time in the window (signatures + ruler bins)', '', live ? `${live.live.signaturesMs.toFixed(1)} + ${live.live.overviewMs.toFixed(1)} ms in ${live.live.seconds.toFixed(0)} s (${live.rulerBuilds} builds)` : '—', '', '', '', ''],
  ['   the same, signatures panel folded: frames/s, CPU a frame', '', live ? `${(live.folded.frames / live.folded.seconds).toFixed(1)}, ${ms1(perFrame(live.folded, live.folded.rendererMs))} + ${ms1(perFrame(live.folded, live.folded.gpuMs))}` : '—', '', '', '', ''],
  ['   bytes a refresh / raw text of its new lines', 'keep (0.16×)', live ? `${(live.transferred / Math.max(1, live.raw)).toFixed(2)}×` : '—', '', '', '', ''],
];
console.log(`\n== issue 20, one run: ${LINES.toLocaleString('en')} lines, ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC, commit ${pf?.commit ?? '?'}, ` +
  `Chromium ${pf?.chromium ?? '?'} (SwiftShader), ${os.availableParallelism()} cores; load average ${load0.map((v) => v.toFixed(2)).join(' ')} at start, ${load1.map((v) => v.toFixed(2)).join(' ')} at end; server cache warm for every viewer\n`);
console.log('| goal | target | SyncScope | PatternFly text | PatternFly paged | SS / PF text | |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
for (const r of pf?.results || []) for (const e of r.errors) console.log(`${r.name}: ${e}`);
