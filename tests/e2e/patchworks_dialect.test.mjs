// End to end in Chromium with config.json set to the Patchworks Core dialect, against the demo
// server's /core/api/v1 answering JSON:API-style items (string ids under "attributes"): flows
// become services, flow runs the summary's syncs (no counts: "—", no chart request), and a run's
// log is read by pages — newest page first, older ones filled in, renumbered by position — and
// refreshed every five seconds while the run is running. The API key travels raw in
// Authorization, never in a URL.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { launchBrowser, newPage, startServer, waitForState, waitUntil, WEB_ROOT } from './harness.mjs';

let server;
let browser;
let site;

before(async () => {
  // The same build, deployed with another config.json.
  site = mkdtempSync(path.join(os.tmpdir(), 'syncscope-patchworks-site-'));
  cpSync(WEB_ROOT, site, { recursive: true });
  writeFileSync(path.join(site, 'config.json'), JSON.stringify({ apiBaseUrl: '/core/api/v1', dialect: 'patchworks-core' }));
  const saved = process.env.SYNCSCOPE_CORE_JSONAPI;
  process.env.SYNCSCOPE_CORE_JSONAPI = '1';
  try {
    server = await startServer(['--web-root', site]);
  } finally {
    if (saved === undefined) delete process.env.SYNCSCOPE_CORE_JSONAPI;
    else process.env.SYNCSCOPE_CORE_JSONAPI = saved;
  }
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (site) rmSync(site, { recursive: true, force: true });
});

async function patchworks(pathAndQuery) {
  const res = await fetch(`${server.origin}/core/api/v1${pathAndQuery}`, { headers: { Authorization: server.token } });
  assert.equal(res.status, 200, pathAndQuery);
  return res.json();
}

async function signedIn() {
  const p = await newPage(browser);
  await p.page.goto(server.link);
  await waitForState(p.page, (s) => s.view === 'services' && s.services.length > 0, 'the flows');
  return p;
}

test('flows are the services, and the API key goes raw in the Authorization header', async () => {
  const { page, requests, consoleErrors } = await signedIn();
  const flows = (await patchworks('/flows?per_page=100')).data;
  const s = await waitForState(page, (s) => s.services.length > 0, 'the flows');
  assert.deepEqual(s.services.map((x) => x.id), flows.map((f) => Number(f.id)));
  assert.deepEqual(s.services.map((x) => x.name), flows.map((f) => f.attributes.name));
  const api = requests.filter((r) => r.url.includes('/core/api/v1/'));
  assert.ok(api.length > 0);
  for (const r of api) {
    assert.equal(r.headers.authorization, server.token);
    assert.ok(!r.url.includes(server.token));
  }
  assert.ok(!requests.some((r) => r.url.includes('/api/v1/') && !r.url.includes('/core/api/v1/')), 'no reference API request');
  assert.deepEqual(consoleErrors, []);
  await page.context().close();
});

test('a flow\'s runs fill the summary without counts and without asking for a chart', async () => {
  const flows = (await patchworks('/flows?per_page=100')).data;
  const flow = flows.find((f) => f.attributes.status === 'Deployed');
  const { page, requests } = await signedIn();
  await page.evaluate((r) => { window.location.hash = r; }, `/services/${flow.id}`);
  const s = await waitForState(page, (s) => s.view === 'summary' && s.syncs.length > 0, 'the runs');
  const since = Date.now() - 86400000 + 60000;
  const runs = (await patchworks(`/flow-runs?filter%5Bflow_id%5D=${flow.id}&filter%5Bstarted_after%5D=${since}&sort=-started_at&per_page=100`)).data;
  const shown = new Set(s.syncs.map((y) => y.id));
  for (const r of runs) assert.ok(shown.has(Number(r.id)), `run ${r.id} is listed`);
  for (const y of s.syncs) {
    assert.equal(y.pulled, null);
    assert.equal(y.pushed, null);
  }
  assert.ok(!requests.some((r) => r.url.includes('transactions')));
  await page.context().close();
});

test('a finished run\'s log: the newest page first, then every line, numbered by position', async () => {
  const flows = (await patchworks('/flows?per_page=100')).data.filter((f) => f.attributes.status === 'Deployed');
  let run;
  let total = 0;
  for (const f of flows) {
    const runs = (await patchworks(`/flow-runs?filter%5Bflow_id%5D=${f.id}&sort=-started_at&per_page=50`)).data;
    for (const r of runs) {
      if (r.attributes.status !== 2) continue;
      const t = (await patchworks(`/flow-runs/${r.id}/flow-run-logs?per_page=1`)).meta.total;
      if (t > 250) { run = { ...r, flowId: f.id }; total = t; break; }
    }
    if (run) break;
  }
  assert.ok(run, 'a finished run with more than two pages of lines');
  const { page, requests } = await signedIn();
  await page.evaluate((r) => { window.location.hash = r; }, `/services/${run.flowId}/syncs/${run.id}`);
  const s = await waitForState(page, new Function('s', `return s.log && s.log.complete && s.log.lines === ${total};`), 'the whole log', 60000);
  assert.equal(s.log.firstId, 1);
  assert.equal(s.log.lastId, total);
  assert.equal(s.log.status, 'success');
  const logs = requests.filter((r) => r.url.includes(`/flow-runs/${run.id}/flow-run-logs`));
  assert.match(logs[0].url, /sort=-id&page=1/, 'the newest page first');
  await page.context().close();
});

test('a running run\'s log is refreshed every five seconds', async () => {
  const flows = (await patchworks('/flows?per_page=100')).data.filter((f) => f.attributes.status === 'Deployed');
  let run;
  for (const f of flows) {
    const runs = (await patchworks(`/flow-runs?filter%5Bflow_id%5D=${f.id}&sort=-started_at&per_page=5`)).data;
    const r = runs.find((x) => x.attributes.status === 1);
    if (r) { run = { ...r, flowId: f.id }; break; }
  }
  assert.ok(run, 'a running flow run');
  const { page } = await signedIn();
  const times = [];
  page.on('request', (r) => { if (r.url().includes(`/flow-runs/${run.id}/flow-run-logs`)) times.push(Date.now()); });
  await page.evaluate((r) => { window.location.hash = r; }, `/services/${run.flowId}/syncs/${run.id}`);
  // Older pages first (fetched back to back), then only the refreshes.
  await waitForState(page, (s) => s.log && s.log.complete && s.log.status === 'running' && s.log.live, 'a live, complete log');
  const n = times.length;
  await waitUntil(() => times.length >= n + 2, 'two refreshes', 15000);
  const gap = times[n + 1] - times[n];
  assert.ok(gap >= 4000 && gap <= 6000, `refreshes ${gap} ms apart`);
  await page.context().close();
});
