// HTTP tests of the Patchworks Core dialect (/core/api/v1) over loopback, no browser: flows,
// flow-runs (integer status, capitalised triggers, Laravel timestamps), flow-run-logs paged by
// page/per_page with payload ids, payload-metadata downloads (and 410 once expired), per_page
// clamped to 100 and reported in meta, auth and error paths, and the JSON:API switch
// (SYNCSCOPE_CORE_JSONAPI=1 in the server's environment).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startServer } from './harness.mjs';

let server;
let jsonapi;

before(async () => {
  server = await startServer(['--seed', '4']);
  const saved = process.env.SYNCSCOPE_CORE_JSONAPI;
  process.env.SYNCSCOPE_CORE_JSONAPI = '1'; // spawn() inherits the environment
  try {
    jsonapi = await startServer(['--seed', '4']);
  } finally {
    if (saved === undefined) delete process.env.SYNCSCOPE_CORE_JSONAPI;
    else process.env.SYNCSCOPE_CORE_JSONAPI = saved;
  }
});

after(async () => {
  await Promise.all([server?.stop(), jsonapi?.stop()]);
});

// The Patchworks dialect's API key goes raw in Authorization.
const get = (s, path, headers = { Authorization: s.token }) => fetch(s.origin + '/core/api/v1' + path, { headers });
async function json(s, path, status = 200) {
  const res = await get(s, path);
  assert.equal(res.status, status, `${path} → ${res.status}: ${await res.clone().text()}`);
  return res.json();
}

const LARAVEL = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;

test('flows: id, name, description, status Deployed / Inactive', async () => {
  const body = await json(server, '/flows?per_page=100');
  assert.deepEqual(Object.keys(body), ['data', 'meta', 'links']);
  assert.ok(body.data.length >= 10);
  for (const f of body.data) {
    assert.equal(typeof f.id, 'number');
    assert.equal(typeof f.name, 'string');
    assert.equal(typeof f.description, 'string');
    assert.ok(['Deployed', 'Inactive'].includes(f.status));
  }
  // The same platform as the reference API.
  const ref = await (await fetch(server.origin + '/api/v1/services?per_page=100', { headers: { Authorization: server.token } })).json();
  assert.deepEqual(body.data.map((f) => [f.id, f.name, f.status === 'Deployed' ? 'active' : 'inactive']),
    ref.data.map((s) => [s.id, s.name, s.status]));
  const clamped = await json(server, '/flows?per_page=500');
  assert.equal(clamped.meta.per_page, 100);
  const paged = await json(server, '/flows?per_page=5&page=2');
  assert.equal(paged.data[0].id, 6);
  assert.equal(paged.meta.current_page, 2);
});

test('flow-runs: integer status, trigger names, Laravel times, filters, newest first', async () => {
  const flows = (await json(server, '/flows?per_page=100')).data.filter((f) => f.status === 'Deployed');
  const flowId = flows[0].id;
  const body = await json(server, `/flow-runs?filter[flow_id]=${flowId}&sort=-started_at&per_page=100`);
  assert.ok(body.data.length > 0);
  for (const r of body.data) {
    assert.deepEqual(Object.keys(r), ['id', 'flow_id', 'status', 'trigger', 'started_at', 'finished_at',
      'duration', 'has_warnings', 'summary']);
    assert.equal(r.flow_id, flowId);
    assert.ok([1, 2, 3, 4, 5].includes(r.status));
    assert.ok(['Schedule', 'Manual', 'API', 'Retry'].includes(r.trigger));
    assert.match(r.started_at, LARAVEL);
    assert.equal(r.finished_at === null, r.status === 1);
    if (r.finished_at) assert.match(r.finished_at, LARAVEL);
  }
  for (let i = 1; i < body.data.length; i++) assert.ok(body.data[i - 1].started_at >= body.data[i].started_at);
  // The same run in both dialects.
  const ref = await (await fetch(`${server.origin}/api/v1/syncs/${body.data[0].id}`, { headers: { Authorization: server.token } })).json();
  const statusOf = { running: 1, success: 2, failed: 3, stopped: 4, partial: 5 };
  assert.equal(body.data[0].status, statusOf[ref.status]);
  assert.equal(body.data[0].trigger.toLowerCase(), ref.trigger);

  const cut = Date.parse(body.data[0].started_at) - 3600e3;
  const recent = await json(server, `/flow-runs?filter[started_after]=${cut}&per_page=100`);
  assert.ok(recent.data.length > 0);
  assert.ok(recent.data.every((r) => Date.parse(r.started_at) >= cut));
  const all = await json(server, '/flow-runs?per_page=1000');
  assert.equal(all.meta.per_page, 100);
  assert.ok(all.meta.total > 100);
  const oldestFirst = await json(server, `/flow-runs?filter[flow_id]=${flowId}&sort=started_at&per_page=1`);
  assert.equal(oldestFirst.data[0].id, (await json(server, `/flow-runs?filter[flow_id]=${flowId}&per_page=1&page=${oldestFirst.meta.last_page}`)).data[0].id);

  for (const bad of ['filter[flow_id]=abc', 'filter[started_after]=yesterday', 'sort=name', 'page=0']) {
    const res = await get(server, `/flow-runs?${bad}`);
    assert.equal(res.status, 400, bad);
    assert.equal(typeof (await res.json()).message, 'string');
  }
  assert.equal((await json(server, '/flow-runs?filter[flow_id]=99999')).data.length, 0);
});

// A manual run with payloads, and whether they expired (by the newest run's start).
async function manualRuns(s) {
  const runs = (await json(s, '/flow-runs?filter[started_after]=0&per_page=100&page=1')).meta.last_page;
  const out = [];
  for (let page = 1; page <= runs; page++) {
    out.push(...(await json(s, `/flow-runs?filter[started_after]=0&per_page=100&page=${page}`)).data.filter((r) => r.trigger === 'Manual'));
  }
  return out;
}

test('flow-run-logs: paged by page / per_page, payload ids, downloads and 410', async () => {
  const runs = await manualRuns(server);
  assert.ok(runs.length > 0);
  const now = Date.parse((await json(server, '/flow-runs?per_page=1')).data[0].started_at);
  let checkedLive = false;
  let checkedExpired = false;
  for (const run of runs) {
    if (run.status === 1) continue;
    const first = await json(server, `/flow-runs/${run.id}/flow-run-logs?sort=id&page=1&per_page=100&load_payload_ids=true`);
    assert.ok(first.meta.total > 0);
    const item = first.data[0];
    assert.deepEqual(Object.keys(item), ['id', 'log_level', 'log_message', 'created_at', 'flow_step_id', 'payload_metadata_id']);
    assert.equal(item.id, 1);
    assert.match(item.created_at, LARAVEL);
    assert.ok(['debug', 'info', 'warning', 'error'].includes(item.log_level));
    const withPayload = first.data.filter((l) => l.payload_metadata_id !== null);
    if (withPayload.length === 0) continue;
    // Without load_payload_ids the ids are left out (null).
    const plain = await json(server, `/flow-runs/${run.id}/flow-run-logs?per_page=100`);
    assert.ok(plain.data.every((l) => l.payload_metadata_id === null));

    const expired = Date.parse(run.finished_at) + 24 * 3600e3 < now;
    const res = await get(server, `/payload-metadata/${withPayload[0].payload_metadata_id}/download`);
    if (expired) {
      assert.equal(res.status, 410);
      checkedExpired = true;
    } else if (Date.parse(run.finished_at) + 24 * 3600e3 > now + 3600e3) {
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-disposition'), /^attachment; filename="[^"]+"$/);
      assert.ok((await res.arrayBuffer()).byteLength > 0);
      checkedLive = true;
    }
    if (checkedLive && checkedExpired) break;
  }
  assert.ok(checkedLive, 'a live payload was downloaded');
  assert.ok(checkedExpired, 'an expired payload answered 410');
});

test('flow-run-logs pages tile the log; -id reverses; per_page clamps to 100', async () => {
  const run = (await json(server, '/flow-runs?per_page=100')).data.find((r) => r.status !== 1);
  const all = await json(server, `/flow-runs/${run.id}/flow-run-logs?per_page=1000`);
  assert.equal(all.meta.per_page, 100);
  const total = all.meta.total;
  const ids = [];
  for (let page = 1; page <= Math.ceil(total / 7); page++) {
    ids.push(...(await json(server, `/flow-runs/${run.id}/flow-run-logs?sort=id&page=${page}&per_page=7`)).data.map((l) => l.id));
  }
  assert.deepEqual(ids, Array.from({ length: total }, (_, i) => i + 1));
  const reversed = await json(server, `/flow-runs/${run.id}/flow-run-logs?sort=-id&per_page=3`);
  assert.deepEqual(reversed.data.map((l) => l.id), [total, total - 1, total - 2]);
  assert.equal((await get(server, `/flow-runs/${run.id}/flow-run-logs?sort=time`)).status, 400);
  assert.equal((await get(server, '/flow-runs/abc/flow-run-logs')).status, 400);
  assert.equal((await get(server, '/flow-runs/5/flow-run-logs')).status, 404);
  assert.equal((await get(server, '/payload-metadata/5/download')).status, 404);
  assert.equal((await get(server, '/payload-metadata/x/download')).status, 400);
});

test('auth: 401 JSON without or with a bad key; Bearer works too; unknown paths 404', async () => {
  for (const headers of [{}, { Authorization: 'wrong-key' }]) {
    const res = await get(server, '/flows', headers);
    assert.equal(res.status, 401);
    assert.equal(typeof (await res.json()).message, 'string');
  }
  assert.equal((await get(server, '/flows', { Authorization: `Bearer ${server.token}` })).status, 200);
  const missing = await get(server, '/nothing');
  assert.equal(missing.status, 404);
  assert.match(missing.headers.get('content-type'), /application\/json/);
});

test('SYNCSCOPE_CORE_JSONAPI=1 wraps list items JSON:API-style', async () => {
  const flows = await json(jsonapi, '/flows?per_page=3');
  for (const f of flows.data) {
    assert.deepEqual(Object.keys(f), ['id', 'type', 'attributes']);
    assert.equal(typeof f.id, 'string');
    assert.equal(f.type, 'flows');
    assert.ok(['Deployed', 'Inactive'].includes(f.attributes.status));
    assert.equal(f.attributes.id, undefined);
  }
  const runs = await json(jsonapi, '/flow-runs?per_page=2');
  assert.equal(runs.data[0].type, 'flow-runs');
  assert.equal(typeof runs.data[0].attributes.status, 'number');
  const logs = await json(jsonapi, `/flow-runs/${runs.data[0].id}/flow-run-logs?per_page=2`);
  assert.equal(logs.data[0].id, '1');
  assert.equal(logs.data[0].type, 'flow-run-logs');
  assert.match(logs.data[0].attributes.created_at, LARAVEL);
  // The same data as the flat server with the same seed.
  const flat = await json(server, '/flows?per_page=3');
  assert.deepEqual(flows.data.map((f) => f.attributes.name), flat.data.map((f) => f.name));
});
