// End to end in Chromium with config.json set to the Patchworks Core dialect, against demo servers
// that play Patchworks servers differing where the documentation is silent (issue 14, items 2, 3
// and 5; docs/api.md, "Patchworks Core compatibility"): `duration` in milliseconds
// (--core-duration-ms), runs with status 7 (--core-status-7) and list answers without `links`
// (--core-no-links). One server per variant, one browser for the file.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { clickItem, launchBrowser, newPage, startServer, waitForState, WEB_ROOT } from './harness.mjs';

let browser;
let site;
const servers = {};

before(async () => {
  // The same build, deployed with another config.json.
  site = mkdtempSync(path.join(os.tmpdir(), 'syncscope-patchworks-variants-'));
  cpSync(WEB_ROOT, site, { recursive: true });
  writeFileSync(path.join(site, 'config.json'), JSON.stringify({ apiBaseUrl: '/core/api/v1', dialect: 'patchworks-core' }));
  for (const variant of ['duration-ms', 'status-7', 'no-links']) {
    servers[variant] = await startServer(['--web-root', site, `--core-${variant}`]);
  }
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  for (const s of Object.values(servers)) await s.stop();
  if (site) rmSync(site, { recursive: true, force: true });
});

async function patchworks(server, pathAndQuery) {
  const res = await fetch(`${server.origin}/core/api/v1${pathAndQuery}`, { headers: { Authorization: server.token } });
  assert.equal(res.status, 200, pathAndQuery);
  return res.json();
}

// Laravel's microseconds cut to milliseconds, as SyncScope reads them.
function ms(laravelTime) {
  return Date.parse(laravelTime.replace(/(\.\d{3})\d*/, '$1'));
}

async function deployedFlows(server) {
  return (await patchworks(server, '/flows?per_page=100')).data.filter((f) => f.status === 'Deployed');
}

async function runsOf(server, flowId) {
  const since = Date.now() - 86400000 + 60000;
  return (await patchworks(server, `/flow-runs?filter%5Bflow_id%5D=${flowId}&filter%5Bstarted_after%5D=${since}&sort=-started_at&per_page=100`)).data;
}

async function openPage(server, route) {
  const p = await newPage(browser);
  await p.page.goto(`${server.origin}/#token=${encodeURIComponent(server.token)}`);
  await waitForState(p.page, (s) => s.view === 'services' && s.services.length > 0, 'the flows');
  await p.page.evaluate((r) => { window.location.hash = r; }, route);
  return p;
}

// The ids of the finished rows, and whether their durations are in order (descending or not).
function finishedInOrder(syncs, descending) {
  const done = syncs.filter((y) => y.status !== 'running' && y.durationMs !== null);
  for (let i = 1; i < done.length; ++i) {
    const a = done[i - 1].durationMs, b = done[i].durationMs;
    if (descending ? a < b : a > b) return false;
  }
  return done.length > 1;
}

test('duration in milliseconds: the summary shows finish − start, and sorts by duration in the cells\' order', async () => {
  const server = servers['duration-ms'];
  const flow = (await deployedFlows(server))[0];
  const runs = await runsOf(server, flow.id);
  const finished = runs.filter((r) => r.started_at && r.finished_at);
  assert.ok(finished.length >= 3, 'finished runs in the last 24 hours');
  // The server really sends milliseconds: a run's duration is its span, not its span / 1000.
  for (const r of finished) assert.ok(Math.abs(r.duration - (ms(r.finished_at) - ms(r.started_at))) < 1000, `run ${r.id}: ${r.duration}`);

  const { page, context, consoleErrors } = await openPage(server, `/services/${flow.id}`);
  let s = await waitForState(page, (s) => s.view === 'summary' && s.syncs.length > 0, 'the runs');
  const byId = new Map(s.syncs.map((y) => [y.id, y]));
  let compared = 0;
  for (const r of finished) {
    const y = byId.get(r.id);
    if (!y) continue;  // started at the 24-hour window's edge
    assert.equal(y.durationMs, ms(r.finished_at) - ms(r.started_at), `run ${r.id}`);
    assert.equal(y.durationNote, '', `run ${r.id}: nothing guessed`);
    ++compared;
  }
  assert.ok(compared >= 3, `${compared} durations compared`);

  // Sorted by duration: the rows in the order of the durations their cells show.
  await clickItem(page, 'summary.column.duration');
  s = await waitForState(page, (s) => {
    const done = s.syncs.filter((y) => y.status !== 'running' && y.durationMs !== null);
    return done.length > 1 && done.every((y, i) => i === 0 || done[i - 1].durationMs >= y.durationMs);
  }, 'longest first');
  assert.ok(finishedInOrder(s.syncs, true));
  await clickItem(page, 'summary.column.duration');
  s = await waitForState(page, (s) => {
    const done = s.syncs.filter((y) => y.status !== 'running' && y.durationMs !== null);
    return done.length > 1 && done.every((y, i) => i === 0 || done[i - 1].durationMs <= y.durationMs);
  }, 'shortest first');
  assert.ok(finishedInOrder(s.syncs, false));
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test('status 7: the run shows as "unknown (7)" and its log opens without an error', async () => {
  const server = servers['status-7'];
  let flow;
  let run;
  for (const f of await deployedFlows(server)) {
    run = (await runsOf(server, f.id)).find((r) => r.status === 7 && r.finished_at);
    if (run) { flow = f; break; }
  }
  assert.ok(run, 'a finished run with status 7');
  const total = (await patchworks(server, `/flow-runs/${run.id}/flow-run-logs?per_page=1`)).meta.total;

  const { page, context, consoleErrors } = await openPage(server, `/services/${flow.id}`);
  const s = await waitForState(page, new Function('s', `return s.view === 'summary' && s.syncs.some((y) => y.id === ${run.id});`), 'the status-7 run listed');
  assert.equal(s.banner, '');
  const runs = await runsOf(server, flow.id);
  for (const y of s.syncs) {
    const r = runs.find((x) => x.id === y.id);
    if (r?.status === 7) assert.equal(y.status, 'unknown (7)', `run ${y.id}`);
  }
  const row = s.syncs.find((y) => y.id === run.id);
  assert.equal(row.durationMs, ms(run.finished_at) - ms(run.started_at), 'finished: its finish time counts');

  // Its log: every line, the status as sent, finished (no live refresh), no error.
  await page.evaluate((r) => { window.location.hash = r; }, `/services/${flow.id}/syncs/${run.id}`);
  const l = await waitForState(page, new Function('s', `return s.log && s.log.syncId === ${run.id} && s.log.complete && s.log.lines === ${total} && s.log.status !== null;`), 'the whole log');
  assert.equal(l.log.status, 'unknown (7)');
  assert.equal(l.banner, '');
  // A finish time: finished, so the log stops refreshing by itself (a running one stays live).
  await waitForState(page, (s) => s.log && s.log.live === false && s.log.status === 'unknown (7)', 'the refresh stopped', 30000);
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test('no links: the log pages through every line and its payload link opens the file', async () => {
  const server = servers['no-links'];
  const now = Date.now();
  let flow;
  let run;
  let line;
  for (const f of await deployedFlows(server)) {
    const runs = await runsOf(server, f.id);
    for (const r of runs.filter((x) => x.trigger === 'Manual' && x.finished_at && ms(x.finished_at) > now - 20 * 3600000)) {
      const logs = await patchworks(server, `/flow-runs/${r.id}/flow-run-logs?per_page=100&load_payload_ids=true`);
      const l = logs.data.find((x) => x.payload_metadata_id);
      if (l) { flow = f; run = { ...r, total: logs.meta.total }; line = l; break; }
    }
    if (run) break;
  }
  assert.ok(run, 'a recent manual run with a payload');
  const list = await patchworks(server, `/flow-runs?filter%5Bflow_id%5D=${flow.id}&per_page=5`);
  assert.equal(list.links, undefined, 'no links on the runs either');
  assert.ok(list.meta.last_page > 1);
  const answer = await patchworks(server, `/flow-runs/${run.id}/flow-run-logs?per_page=100`);
  assert.equal(answer.links, undefined, 'the server leaves links out');
  assert.ok(answer.meta.total > 0);

  const { page, context, consoleErrors } = await openPage(server, `/services/${flow.id}/syncs/${run.id}?line=${line.id}`);
  const s = await waitForState(page, new Function('s', `return s.log && s.log.complete && s.log.lines === ${run.total} && s.log.current === ${line.id};`), 'the whole log, the line in view');
  assert.equal(s.log.firstId, 1);
  assert.equal(s.log.lastId, run.total);
  await clickItem(page, `log.payload.${line.payload_metadata_id}`);
  const p = await waitForState(page, new Function('s', `return s.payload && s.payload.id === ${line.payload_metadata_id} && !s.payload.loading;`), 'the file');
  assert.equal(p.payload.error, '');
  assert.ok(p.payload.bytes > 0);
  assert.deepEqual(consoleErrors, []);
  await context.close();
});
