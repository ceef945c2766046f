#!/usr/bin/env node
// tests/bench/server_capacity.mjs — the demo server's capacity figures, printed as tables (it
// asserts nothing, and scripts/test does not run it): (a) 200 concurrent pollers, each asking
// for the services list — and for its sync's new log lines, when the server has that endpoint —
// every 5 s for 30 s, as many SyncScope tabs would; (b) how long a 5,000-line log page takes
// from a server holding a 1,000,000-line sync, and all of that sync's pages with 3 in flight; (c) the server's resident memory with 50 services
// and that sync. Parts whose endpoints the server does not have yet print "n/a".
//
// Run: cmake --build build/native && node tests/bench/server_capacity.mjs
//      (POLLERS=… INTERVAL_MS=… DURATION_MS=… BIG_LINES=… override the defaults.)
// Everything is loopback and bounded: a fixed number of pollers and ticks, and a time limit on
// every request.
import { readFileSync } from 'node:fs';
import { startServer as startDemoServer } from '../e2e/harness.mjs';

const POLLERS = Number(process.env.POLLERS ?? 200);
const INTERVAL_MS = Number(process.env.INTERVAL_MS ?? 5000);
const DURATION_MS = Number(process.env.DURATION_MS ?? 30000);
const BIG_LINES = Number(process.env.BIG_LINES ?? 1000000);
const REQUEST_TIMEOUT_MS = 30000;
// What a browser sends; the server decides what it compresses with.
const BROWSER_ENCODING = 'gzip, deflate, br';

// The e2e harness's server start, without the access log (it would only cost the bench time).
const startServer = (args) => startDemoServer(['--host', '127.0.0.1', ...args], { keepLog: false, timeoutMs: 120000 });

// The 1, 5 and 15 minute load averages: the machine may be busy with other work.
const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

// VmRSS / VmHWM of a process, in MB.
function memoryMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

// One timed request; reads the whole body. Never throws: errors come back as { error }.
async function timed(server, pathAndQuery, { encoding = BROWSER_ENCODING, etag } = {}) {
  const headers = { Authorization: `Bearer ${server.token}`, 'Accept-Encoding': encoding };
  if (etag) headers['If-None-Match'] = etag;
  const t0 = performance.now();
  try {
    const res = await fetch(server.origin + pathAndQuery, { headers, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    const body = await res.arrayBuffer();
    return {
      ms: performance.now() - t0,
      status: res.status,
      bytes: Number(res.headers.get('content-length') ?? body.byteLength),
      etag: res.headers.get('etag'),
      body,
    };
  } catch (error) {
    return { ms: performance.now() - t0, status: 0, error };
  }
}

const json = (r) => JSON.parse(Buffer.from(r.body).toString('utf8'));
const ok = (r) => r.status === 200 || r.status === 304;

function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function table(title, rows) {
  console.log(`\n${title}`);
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);
}

const fmt = (ms) => (Number.isFinite(ms) ? `${ms.toFixed(1)} ms` : 'n/a');

// Whether GET /api/v1/syncs/{id}/logs answers for a sync the services list names.
async function findLogSyncs(server) {
  const list = await timed(server, '/api/v1/services?per_page=100');
  if (list.status !== 200) return { services: [], syncIds: [] };
  const services = json(list).data ?? [];
  const withSync = services.filter((s) => s.last_sync && s.last_sync.id != null);
  // Prefer running syncs: they are what a poller watches.
  withSync.sort((a, b) => (b.last_sync.status === 'running') - (a.last_sync.status === 'running'));
  const syncIds = withSync.map((s) => s.last_sync.id);
  if (!syncIds.length) return { services, syncIds };
  const probe = await timed(server, `/api/v1/syncs/${syncIds[0]}/logs?after_id=0&limit=1`);
  return { services, syncIds: probe.status === 200 ? syncIds : [] };
}

// (a) POLLERS pollers, evenly staggered over one interval (as tabs opened at different times
// would be), each running DURATION_MS / INTERVAL_MS ticks.
async function pollers() {
  const server = await startServer(['--rate-limit', '0']);
  try {
    const { syncIds } = await findLogSyncs(server);
    const ticks = Math.max(1, Math.round(DURATION_MS / INTERVAL_MS));
    const latencies = { services: [], logs: [] };
    let errors = 0;
    const errorKinds = new Map();
    const count = (r) => {
      if (ok(r)) return;
      errors++;
      const kind = r.error ? String(r.error.cause?.code ?? r.error.name ?? r.error) : `HTTP ${r.status}`;
      errorKinds.set(kind, (errorKinds.get(kind) ?? 0) + 1);
    };
    const t0 = performance.now();
    const poller = async (i) => {
      const syncId = syncIds.length ? syncIds[i % syncIds.length] : null;
      let afterId = 0;
      let etag = null;
      await new Promise((r) => setTimeout(r, (i * INTERVAL_MS) / POLLERS));
      for (let tick = 0; tick < ticks; tick++) {
        const due = performance.now() + INTERVAL_MS;
        const s = await timed(server, '/api/v1/services');
        latencies.services.push(s.ms);
        count(s);
        if (syncId != null) {
          const l = await timed(server, `/api/v1/syncs/${syncId}/logs?after_id=${afterId}&limit=5000`, { etag });
          latencies.logs.push(l.ms);
          count(l);
          if (l.status === 200) {
            const page = json(l);
            if (page.data?.length) afterId = page.data[page.data.length - 1].id;
            etag = l.etag;
          }
        }
        const wait = due - performance.now();
        if (tick + 1 < ticks && wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
    };
    await Promise.all(Array.from({ length: POLLERS }, (_, i) => poller(i)));
    const wallMs = performance.now() - t0;
    const all = [...latencies.services, ...latencies.logs].sort((a, b) => a - b);
    const services = [...latencies.services].sort((a, b) => a - b);
    const logs = [...latencies.logs].sort((a, b) => a - b);
    // The worst case for the listen backlog and the thread pool: every poller at the same instant,
    // each on a new connection.
    const burst = (
      await Promise.all(Array.from({ length: POLLERS }, () => timed(server, '/api/v1/services')))
    );
    const burstErrors = burst.filter((r) => !ok(r)).length;
    const burstMs = burst.map((r) => r.ms).sort((a, b) => a - b);
    const mem = memoryMb(server.pid);
    table(`(a) ${POLLERS} pollers, every ${INTERVAL_MS / 1000} s for ${(wallMs / 1000).toFixed(1)} s (--rate-limit 0, Accept-Encoding: ${BROWSER_ENCODING})`, [
      ['requests', String(all.length)],
      ['errors', errors ? `${errors} (${[...errorKinds].map(([k, n]) => `${k}: ${n}`).join(', ')})` : '0'],
      ['requests/s', (all.length / (wallMs / 1000)).toFixed(1)],
      ['p50 / p95 / max, all', `${fmt(percentile(all, 50))} / ${fmt(percentile(all, 95))} / ${fmt(all.at(-1))}`],
      ['p50 / p95 / max, services', `${fmt(percentile(services, 50))} / ${fmt(percentile(services, 95))} / ${fmt(services.at(-1))}`],
      [
        'p50 / p95 / max, logs',
        syncIds.length ? `${fmt(percentile(logs, 50))} / ${fmt(percentile(logs, 95))} / ${fmt(logs.at(-1))}` : 'n/a: endpoint missing',
      ],
      [
        `burst: ${POLLERS} at once`,
        `errors ${burstErrors}; p50 / p95 / max ${fmt(percentile(burstMs, 50))} / ${fmt(percentile(burstMs, 95))} / ${fmt(burstMs.at(-1))}`,
      ],
      ['server RSS after', `${mem.rss.toFixed(1)} MB (peak ${mem.peak.toFixed(1)} MB)`],
    ]);
  } finally {
    await server.stop();
  }
}

// Finds the sync whose summary says "benchmark", through each service's syncs list.
async function findBenchmarkSync(server, services) {
  for (const service of services) {
    const r = await timed(server, `/api/v1/services/${service.id}/syncs?per_page=100`);
    if (r.status !== 200) return { missing: true };
    const hit = (json(r).data ?? []).find((s) => /benchmark/i.test(s.summary ?? ''));
    if (hit) return { sync: hit };
  }
  return {};
}

// (b) and (c): one server with 50 services and the big sync.
async function bigSync() {
  const server = await startServer(['--rate-limit', '0', '--services', '50', '--big-sync-lines', String(BIG_LINES)]);
  try {
    const startMem = memoryMb(server.pid);
    const rowsB = [];
    const list = await timed(server, '/api/v1/services?per_page=100');
    const services = list.status === 200 ? json(list).data ?? [] : [];
    const found = await findBenchmarkSync(server, services);
    if (found.missing) {
      rowsB.push(['log page', 'n/a: endpoint missing (/api/v1/services/{id}/syncs)']);
    } else if (!found.sync) {
      rowsB.push(['log page', 'n/a: no sync with "benchmark" in its summary (--big-sync-lines not supported yet?)']);
    } else {
      const id = found.sync.id;
      const probe = await timed(server, `/api/v1/syncs/${id}/logs?after_id=0&limit=1`);
      if (probe.status !== 200) {
        rowsB.push(['log page', `n/a: endpoint missing (/api/v1/syncs/{id}/logs answered ${probe.status})`]);
      } else {
        rowsB.push(['sync', `${id}, ${json(probe).meta?.last_id} lines`]);
        const total = json(probe).meta?.last_id ?? BIG_LINES;
        for (const encoding of ['identity', 'gzip', BROWSER_ENCODING]) {
          for (const afterId of [0, Math.floor(total / 2), Math.max(0, total - 5000)]) {
            const runs = [];
            let last;
            for (let i = 0; i < 5; i++) {
              last = await timed(server, `/api/v1/syncs/${id}/logs?after_id=${afterId}&limit=5000`, { encoding });
              runs.push(last.ms);
            }
            runs.sort((a, b) => a - b);
            const lines = last.status === 200 ? json(last).data?.length : 0;
            rowsB.push([
              `after_id=${afterId}, ${encoding}`,
              `median ${fmt(runs[2])}, min ${fmt(runs[0])}, max ${fmt(runs[4])}; HTTP ${last.status}, ${lines} lines, ${(last.bytes / 1024).toFixed(0)} KB sent`,
            ]);
          }
        }
        // The whole sync as the app loads it: every 5,000-line page, 3 requests in flight.
        const pages = Math.ceil(total / 5000);
        for (let run = 1; run <= 3; run++) {
          const load = loadAverage();
          let next = 0;
          let sent = 0;
          let failed = 0;
          const t0 = performance.now();
          const fetcher = async () => {
            while (next < pages) {
              const r = await timed(server, `/api/v1/syncs/${id}/logs?after_id=${next++ * 5000}&limit=5000`);
              if (r.status === 200) sent += r.bytes;
              else failed++;
            }
          };
          await Promise.all([fetcher(), fetcher(), fetcher()]);
          rowsB.push([
            `all ${pages} pages, 3 in flight, ${BROWSER_ENCODING} (run ${run})`,
            `${fmt(performance.now() - t0)}; ${(sent / 1e6).toFixed(1)} MB sent${failed ? `, ${failed} failed` : ''}; load average ${load}`,
          ]);
        }
      }
    }
    table(`(b) a 5,000-line log page, server with --big-sync-lines ${BIG_LINES} (5 runs each)`, rowsB);
    const endMem = memoryMb(server.pid);
    table(`(c) server memory, --services 50 --big-sync-lines ${BIG_LINES}`, [
      ['start-up (spawn to link printed)', fmt(server.startMs)],
      ['services', String(services.length || 'n/a')],
      ['VmRSS after start-up', `${startMem.rss.toFixed(1)} MB`],
      ['VmRSS after (b)', `${endMem.rss.toFixed(1)} MB (peak VmHWM ${endMem.peak.toFixed(1)} MB)`],
    ]);
  } finally {
    await server.stop();
  }
}

console.log(`syncscope-server capacity — ${new Date().toISOString()}, node ${process.version}`);
await pollers();
await bigSync();
