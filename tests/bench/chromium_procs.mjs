// tests/bench/chromium_procs.mjs — Chromium's processes for the benchmarks: which renderer is the
// page's and which is the GPU process, and their CPU time and memory, from /proc (Linux).
import { readdirSync, readFileSync } from 'node:fs';

// The page's renderer and the GPU process, by pid (SystemInfo.getProcessInfo lists the
// processes; the page's renderer is the one whose CPU time grows while the page spins for
// 300 ms: there are spare renderers, and CPU time so far does not tell them apart).
export async function processIds(browser, page) {
  const cdp = await browser.newBrowserCDPSession();
  const { processInfo } = await cdp.send('SystemInfo.getProcessInfo');
  await cdp.detach();
  const renderers = processInfo.filter((p) => p.type === 'renderer').map((p) => ({ pid: p.id, cpu: cpuNs(p.id) }));
  await page.evaluate(() => { const t = performance.now(); while (performance.now() - t < 300); });
  for (const r of renderers) r.cpu = cpuNs(r.pid) - r.cpu;
  const renderer = renderers.sort((a, b) => b.cpu - a.cpu)[0];
  const gpu = processInfo.find((p) => p.type === 'GPU');
  return { renderer: renderer?.pid, gpu: gpu?.id };
}

// CPU time of every thread of a process, in ns (schedstat's first field: time on a CPU).
export function cpuNs(pid) {
  let total = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      total += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch { /* the thread ended */ }
  }
  return total;
}

export function rss(pid) {
  if (!pid) return null;
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : null;
}
