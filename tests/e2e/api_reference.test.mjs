// HTTP tests of the reference API (/api/v1) over loopback, no browser: every endpoint and its
// error paths — syncs list filters and paging, transactions, one sync, incremental logs with
// ETag/304, the newest lines by tail=n, payload downloads (200 with Content-Disposition, 410 once
// expired), login, token expiry, and the million-line-class benchmark sync paged by after_id.
// Waits poll a condition; nothing sleeps a fixed time when a condition can be polled.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startServer } from './harness.mjs';

let server; // default options, --speed 50 so running syncs write lines quickly
let big; // --big-sync-lines 100000
let ttl; // --token-ttl 1

before(async () => {
  [server, big, ttl] = await Promise.all([
    startServer(['--speed', '50', '--seed', '7']),
    startServer(['--big-sync-lines', '100000', '--seed', '3']),
    startServer(['--token-ttl', '1']),
  ]);
});

after(async () => {
  await Promise.all([server?.stop(), big?.stop(), ttl?.stop()]);
});

const auth = (s) => ({ Authorization: `Bearer ${s.token}` });
const get = (s, path, headers = auth(s)) => fetch(s.origin + path, { headers });
async function json(s, path, status = 200) {
  const res = await get(s, path);
  assert.equal(res.status, status, `${path} → ${res.status}: ${await res.clone().text()}`);
  assert.match(res.headers.get('content-type'), /application\/json/);
  return res.json();
}

async function waitFor(what, fn, timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const ISO_MS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const SYNC_KEYS = ['id', 'service_id', 'status', 'trigger', 'started_at', 'finished_at', 'duration_ms',
  'pulled_count', 'pushed_count', 'warning_count', 'error_count', 'summary', 'payloads_expire_at'];

async function allSyncs(s, serviceId, query = 'filter[started_after]=0') {
  const out = [];
  for (let page = 1; ; page++) {
    const body = await json(s, `/api/v1/services/${serviceId}/syncs?${query}&per_page=100&page=${page}`);
    out.push(...body.data);
    if (page >= body.meta.last_page) return out;
  }
}

test('services carry a last_sync taken from the simulation', async () => {
  const { data } = await json(server, '/api/v1/services?per_page=100');
  assert.ok(data.length >= 10);
  const active = data.filter((s) => s.status === 'active');
  assert.ok(active.length > 0);
  for (const s of active) {
    assert.ok(s.last_sync, `service ${s.id} has a last sync`);
    const sync = await json(server, `/api/v1/syncs/${s.last_sync.id}`);
    assert.equal(sync.service_id, s.id);
    assert.equal(sync.started_at, s.last_sync.started_at);
  }
  assert.ok(data.some((s) => s.last_sync?.status === 'running'), 'something is running');
});

test('services carry their runs of the last 24 h (oldest first) and failed_24h, as the syncs list has them', async () => {
  const { data } = await json(server, '/api/v1/services?per_page=100');
  let failing = 0;
  for (const s of data) {
    assert.ok(Array.isArray(s.runs_24h), `service ${s.id}: runs_24h`);
    for (const r of s.runs_24h) {
      assert.deepEqual(Object.keys(r), ['id', 'status', 'started_at']);
      assert.match(r.started_at, ISO_MS);
    }
    const starts = s.runs_24h.map((r) => Date.parse(r.started_at));
    assert.deepEqual(starts, [...starts].sort((a, b) => a - b), `service ${s.id}: oldest first`);
    assert.equal(s.failed_24h, s.runs_24h.filter((r) => r.status === 'failed' || r.status === 'partial').length);
    if (s.failed_24h > 0) ++failing;
    // The same runs as the service's own syncs list (its default window is the last 24 h);
    // a run may have started or changed status between the two requests (--speed 50).
    const syncs = await allSyncs(server, s.id, 'sort=started_at');
    const listed = new Map(syncs.map((y) => [y.id, y]));
    const inBoth = s.runs_24h.filter((r) => listed.has(r.id));
    assert.ok(inBoth.length >= s.runs_24h.length - 2, `service ${s.id}: ${inBoth.length} of ${s.runs_24h.length} runs in its syncs list`);
    for (const r of inBoth) {
      assert.equal(r.started_at, listed.get(r.id).started_at);
      if (r.status !== 'running' && r.status !== 'queued') assert.equal(r.status, listed.get(r.id).status, `sync ${r.id}`);
    }
  }
  assert.ok(failing > 0, 'some service failed in the last 24 h');
  const one = await json(server, `/api/v1/services/${data[0].id}`);
  assert.ok(Array.isArray(one.runs_24h) && typeof one.failed_24h === 'number', 'GET /services/{id} has them too');
});

test('the Date header follows the simulated clock (--speed 50): a running sync never starts after it', async () => {
  const first = await get(server, '/api/v1/services?per_page=100');
  const t0 = Date.parse(first.headers.get('date'));
  await first.json();
  // Two seconds of real time are 100 simulated seconds at --speed 50.
  await waitFor('simulated time to pass', async () => {
    const res = await get(server, '/api/v1/services?per_page=100');
    const body = await res.json();
    const date = Date.parse(res.headers.get('date'));
    for (const s of body.data) {
      if (s.last_sync) assert.ok(Date.parse(s.last_sync.started_at) <= date + 999, `service ${s.id}'s last sync started after the Date header`);
    }
    return date - t0 >= 60000;
  }, 15000);
  // Static files carry the simulated Date too.
  const site = await fetch(server.origin + '/');
  assert.ok(Math.abs(Date.parse(site.headers.get('date')) - Date.now()) > 30000, 'the site\'s Date is simulated too');
});

test('--token-ttl stays in real seconds at --speed 50: the token works for about 3 s, then 401', async () => {
  // Its own server: the token's life starts when the server does.
  const t0 = Date.now();
  const ttlFast = await startServer(['--token-ttl', '3', '--speed', '50']);
  try {
    assert.equal((await get(ttlFast, '/api/v1/services')).status, 200, 'the fresh token works');
    // 1.2 s of real time are a minute of simulated time: a simulated expiry would have passed.
    await new Promise((r) => setTimeout(r, Math.max(0, 1200 - (Date.now() - t0))));
    assert.equal((await get(ttlFast, '/api/v1/services')).status, 200, 'still valid after 1.2 real seconds');
    await waitFor('the token to expire', async () => (await get(ttlFast, '/api/v1/services')).status === 401, 10000);
    assert.ok(Date.now() - t0 >= 2900, `expired ${Date.now() - t0} ms after the server started, not in simulated time`);
  } finally {
    await ttlFast.stop();
  }
});

test('syncs: the last 24 hours by default, newest first, paged, filtered and sorted', async () => {
  const { data: services } = await json(server, '/api/v1/services?filter[status]=active');
  const id = services[0].id;
  const body = await json(server, `/api/v1/services/${id}/syncs`);
  assert.deepEqual(Object.keys(body), ['data', 'meta', 'links']);
  assert.ok(body.data.length > 0);
  assert.deepEqual(Object.keys(body.data[0]), SYNC_KEYS);
  const dayAgo = Date.parse(body.data[0].started_at) - 25 * 3600e3;
  for (const s of body.data) {
    assert.match(s.started_at, ISO_MS);
    assert.ok(Date.parse(s.started_at) > dayAgo);
    assert.ok(['queued', 'running', 'success', 'partial', 'failed', 'stopped'].includes(s.status));
    assert.ok(['schedule', 'manual', 'api', 'retry'].includes(s.trigger));
    assert.equal(s.finished_at === null, s.status === 'running');
  }
  for (let i = 1; i < body.data.length; i++) {
    assert.ok(body.data[i - 1].started_at >= body.data[i].started_at, 'newest first');
  }
  // The whole history is longer than the default window (it reaches past 24 h).
  const everything = await allSyncs(server, id);
  assert.ok(everything.length > body.meta.total);

  const oldest = await json(server, `/api/v1/services/${id}/syncs?sort=started_at&per_page=2&filter[started_after]=0`);
  assert.equal(oldest.data[0].id, everything.at(-1).id);
  assert.equal(oldest.meta.per_page, 2);
  assert.match(oldest.links.next, /sort=started_at/);

  const clamped = await json(server, `/api/v1/services/${id}/syncs?per_page=1000`);
  assert.equal(clamped.meta.per_page, 100);

  const success = await json(server, `/api/v1/services/${id}/syncs?filter[status]=success,partial&filter[started_after]=0&per_page=100`);
  assert.ok(success.data.every((s) => s.status === 'success' || s.status === 'partial'));

  for (const bad of ['filter[started_after]=yesterday', 'filter[status]=done', 'sort=name', 'page=0', 'per_page=x']) {
    const res = await get(server, `/api/v1/services/${id}/syncs?${bad}`);
    assert.equal(res.status, 400, bad);
    assert.equal(typeof (await res.json()).message, 'string');
  }
  assert.equal((await get(server, '/api/v1/services/abc/syncs')).status, 400);
  assert.equal((await get(server, '/api/v1/services/999999/syncs')).status, 404);
});

test('transactions: pulled / pushed / failed per hour', async () => {
  const { data: services } = await json(server, '/api/v1/services?filter[status]=active');
  const id = services[0].id;
  const buckets = await json(server, `/api/v1/services/${id}/transactions?bucket=hour`);
  assert.ok(Array.isArray(buckets));
  assert.ok(buckets.length >= 24 && buckets.length <= 26);
  for (const b of buckets) {
    assert.deepEqual(Object.keys(b), ['bucket_start', 'pulled', 'pushed', 'failed']);
    assert.match(b.bucket_start, /T\d\d:00:00\.000Z$/);
  }
  assert.ok(buckets.some((b) => b.pulled > 0));
  const to = Date.parse(buckets.at(-1).bucket_start);
  const two = await json(server, `/api/v1/services/${id}/transactions?from=${to - 2 * 3600e3}&to=${to}`);
  assert.equal(two.length, 2);
  for (const bad of ['from=abc', 'bucket=day', `from=${to}&to=${to - 1}`, `from=0&to=${to}`]) {
    assert.equal((await get(server, `/api/v1/services/${id}/transactions?${bad}`)).status, 400, bad);
  }
  assert.equal((await get(server, '/api/v1/services/999999/transactions')).status, 404);
});

test('one sync: 200, 400 for a non-numeric id, 404 for an unknown one', async () => {
  const { data: services } = await json(server, '/api/v1/services?filter[status]=active');
  const sync = await json(server, `/api/v1/syncs/${services[0].last_sync.id}`);
  assert.deepEqual(Object.keys(sync), SYNC_KEYS);
  assert.equal((await get(server, '/api/v1/syncs/12x')).status, 400);
  assert.equal((await get(server, '/api/v1/syncs/1')).status, 404);
  assert.equal((await get(server, '/api/v1/syncs/99999999999999999999')).status, 404);
});

// The running sync that writes a line every second or two (at --speed 50: many a second).
async function runningSync(s) {
  const { data } = await json(s, '/api/v1/services?per_page=100');
  const running = data.filter((x) => x.last_sync?.status === 'running');
  assert.ok(running.length > 0);
  return running[0].last_sync.id;
}

test('logs: incremental by after_id, meta, ETag and 304, a new ETag when lines arrive', async () => {
  const id = await runningSync(server);
  const first = await get(server, `/api/v1/syncs/${id}/logs?after_id=0&limit=5`);
  assert.equal(first.status, 200);
  const etag = first.headers.get('etag');
  assert.ok(etag);
  const body = await first.json();
  assert.deepEqual(Object.keys(body), ['data', 'meta']);
  assert.deepEqual(Object.keys(body.meta), ['last_id', 'has_more', 'sync_status']);
  assert.equal(body.data.length, 5);
  assert.deepEqual(body.data.map((l) => l.id), [1, 2, 3, 4, 5]);
  assert.deepEqual(Object.keys(body.data[0]), ['id', 'at', 'level', 'message', 'payload']);
  assert.ok(body.meta.last_id >= 5);
  assert.equal(body.meta.has_more, body.meta.last_id > 5);

  // Nothing new for the same question right away → 304 (repeat until a quiet moment is caught:
  // at --speed 50 lines arrive often, so ask for a page of a finished sync as well below).
  const tail = body.meta.last_id;
  const page = await get(server, `/api/v1/syncs/${id}/logs?after_id=${tail}&limit=5000`);
  const tag = page.headers.get('etag');
  const tailBody = await page.json();
  assert.ok(tailBody.data.every((l) => l.id > tail));
  if (tailBody.meta.last_id === tail) {
    // No new line between the two requests: the ETag may still match.
    const again = await get(server, `/api/v1/syncs/${id}/logs?after_id=${tail}&limit=5000`, { ...auth(server), 'If-None-Match': tag });
    assert.ok(again.status === 304 || again.headers.get('etag') !== tag);
  }
  // New lines arrive → a new ETag and a 200 with lines after the old tail.
  const fresh = await waitFor('new lines', async () => {
    const res = await get(server, `/api/v1/syncs/${id}/logs?after_id=${tail}&limit=5000`, { ...auth(server), 'If-None-Match': tag });
    if (res.status === 304) return null;
    const b = await res.json();
    return b.data.length > 0 ? { res, b } : null;
  });
  assert.notEqual(fresh.res.headers.get('etag'), tag);
  assert.equal(fresh.b.data[0].id, tail + 1);
  assert.ok(fresh.b.meta.last_id > tail);

  for (const bad of ['limit=0', 'limit=5001', 'limit=abc', 'after_id=-1', 'after_id=x']) {
    const res = await get(server, `/api/v1/syncs/${id}/logs?${bad}`);
    assert.equal(res.status, 400, bad);
    assert.match((await res.json()).message, /limit|after_id/);
  }
  assert.equal((await get(server, '/api/v1/syncs/1/logs')).status, 404);
  assert.equal((await get(server, '/api/v1/syncs/x/logs')).status, 400);
});

test('logs of a finished sync: a matching If-None-Match gets a 304 with no body', async () => {
  const { data } = await json(server, '/api/v1/services?filter[status]=active');
  const syncs = await json(server, `/api/v1/services/${data[0].id}/syncs?filter[status]=success`);
  const id = syncs.data[0].id;
  const res = await get(server, `/api/v1/syncs/${id}/logs`);
  const etag = res.headers.get('etag');
  const body = await res.json();
  assert.equal(body.meta.sync_status, 'success');
  assert.equal(body.meta.has_more, false);
  assert.equal(body.data.length, body.meta.last_id);
  const again = await get(server, `/api/v1/syncs/${id}/logs`, { ...auth(server), 'If-None-Match': etag });
  assert.equal(again.status, 304);
  assert.equal(again.headers.get('etag'), etag);
  assert.equal(await again.text(), '');
  // Weak comparison and lists are honoured too.
  const weak = await get(server, `/api/v1/syncs/${id}/logs`, { ...auth(server), 'If-None-Match': `"other", W/${etag}` });
  assert.equal(weak.status, 304);
});

test('logs?tail=n: the newest n lines of a finished sync, oldest first, with ETag and 304', async () => {
  const { data } = await json(server, '/api/v1/services?filter[status]=active');
  const syncs = await json(server, `/api/v1/services/${data[0].id}/syncs?filter[status]=success`);
  const id = syncs.data[0].id;
  const { meta: full } = await json(server, `/api/v1/syncs/${id}/logs?limit=5000`);
  assert.ok(full.last_id > 3, `sync ${id} has more than 3 lines`);

  const res = await get(server, `/api/v1/syncs/${id}/logs?tail=3`);
  assert.equal(res.status, 200);
  const etag = res.headers.get('etag');
  assert.match(etag, /tail3"$/);
  const body = await res.json();
  assert.deepEqual(Object.keys(body), ['data', 'meta']);
  assert.deepEqual(body.meta, { last_id: full.last_id, has_more: false, sync_status: 'success' });
  assert.deepEqual(body.data.map((l) => l.id), [full.last_id - 2, full.last_id - 1, full.last_id]);
  assert.deepEqual(Object.keys(body.data[0]), ['id', 'at', 'level', 'message', 'payload']);

  // The tag is the tail's own: a matching If-None-Match gets a 304 with no body.
  const again = await get(server, `/api/v1/syncs/${id}/logs?tail=3`, { ...auth(server), 'If-None-Match': etag });
  assert.equal(again.status, 304);
  assert.equal(again.headers.get('etag'), etag);
  assert.equal(await again.text(), '');
  const other = await get(server, `/api/v1/syncs/${id}/logs?tail=4`, { ...auth(server), 'If-None-Match': etag });
  assert.equal(other.status, 200);
  assert.equal((await other.json()).data.length, 4);

  // A tail longer than the log is the whole log.
  const all = await json(server, `/api/v1/syncs/${id}/logs?tail=5000`);
  assert.equal(all.data.length, full.last_id);
  assert.equal(all.data[0].id, 1);
  assert.equal(all.meta.has_more, false);
});

test('logs?tail=n: tail with after_id or limit, and a bad tail, are 400s', async () => {
  const { data } = await json(server, '/api/v1/services?filter[status]=active');
  const syncs = await json(server, `/api/v1/services/${data[0].id}/syncs?filter[status]=success`);
  const id = syncs.data[0].id;
  const both = await get(server, `/api/v1/syncs/${id}/logs?tail=10&after_id=0`);
  assert.equal(both.status, 400);
  const bothBody = await both.json();
  assert.match(bothBody.message, /tail/);
  assert.match(bothBody.message, /after_id/);
  assert.ok(bothBody.errors.tail);
  const withLimit = await get(server, `/api/v1/syncs/${id}/logs?tail=10&limit=10`);
  assert.equal(withLimit.status, 400);
  assert.match((await withLimit.json()).message, /tail.*limit/);
  for (const bad of ['tail=0', 'tail=5001', 'tail=abc', 'tail=-1', 'tail=', 'tail=1.5']) {
    const res = await get(server, `/api/v1/syncs/${id}/logs?${bad}`);
    assert.equal(res.status, 400, bad);
    const b = await res.json();
    assert.match(b.message, /tail must be an integer from 1 to 5000/, bad);
    assert.ok(b.errors.tail, bad);
  }
});

test('big sync: tail=5000 answers lines 95,001 to 100,000 in one request', async () => {
  const { data: services } = await json(big, '/api/v1/services?per_page=100');
  let found;
  for (const s of services) {
    const { data } = await json(big, `/api/v1/services/${s.id}/syncs?per_page=100`);
    found = data.find((x) => x.summary.includes('enchmark'));
    if (found) break;
  }
  assert.ok(found, 'the benchmark sync is listed');
  const started = Date.now();
  const body = await json(big, `/api/v1/syncs/${found.id}/logs?tail=5000`);
  const ms = Date.now() - started;
  assert.ok(ms < 1000, `the tail took ${ms} ms`);
  assert.equal(body.data.length, 5000);
  assert.equal(body.data[0].id, 95001);
  assert.equal(body.data.at(-1).id, 100000);
  assert.ok(body.data.every((l, i) => l.id === 95001 + i));
  assert.deepEqual(body.meta, { last_id: 100000, has_more: false, sync_status: 'success' });
});

test('the ETag changes when the status changes, even without new lines asked for', async () => {
  const id = await runningSync(server);
  // A page past the tail (limit 1 after the current tail) until the sync finishes: the status
  // flips from running to its outcome, and the ETag with it.
  const seen = new Set();
  const done = await waitFor('the running sync to finish', async () => {
    const res = await get(server, `/api/v1/syncs/${id}/logs?after_id=999999&limit=1`);
    const b = await res.json();
    seen.add(`${res.headers.get('etag')}|${b.meta.sync_status}|${b.meta.last_id}`);
    return b.meta.sync_status !== 'running' ? b : null;
  }, 40000);
  assert.equal(done.data.length, 0);
  const tags = [...seen].map((s) => s.split('|'));
  const finalTag = tags.find((t) => t[1] !== 'running')[0];
  assert.ok(tags.filter((t) => t[1] === 'running').every((t) => t[0] !== finalTag));
});

// Manual syncs with payloads, split by whether their files have expired by the simulation's
// "now" (the newest sync's start is a lower bound of it; --speed makes it run ahead of the wall
// clock, so the Date header would not do).
async function findPayloads(s) {
  const { data: services } = await json(s, '/api/v1/services?filter[status]=active&per_page=100');
  const live = [];
  const expired = [];
  for (const svc of services) {
    const syncs = await allSyncs(s, svc.id);
    const now = Date.parse(syncs[0].started_at);
    for (const sync of syncs) {
      if (!sync.payloads_expire_at) continue;
      const expires = Date.parse(sync.payloads_expire_at);
      if (expires < now) expired.push(sync);
      else if (expires > now + 3 * 3600e3) live.push(sync);
    }
    if (live.length && expired.length) break;
  }
  return { live, expired };
}

test('payloads: bytes with type and Content-Disposition; 410 once expired; 404 unknown', async () => {
  const { live, expired } = await findPayloads(server);
  assert.ok(live.length > 0, 'a manual sync with live payloads');
  assert.ok(expired.length > 0, 'a manual sync with expired payloads');

  const logs = await json(server, `/api/v1/syncs/${live[0].id}/logs?limit=5000`);
  const payloads = logs.data.filter((l) => l.payload).map((l) => l.payload);
  // Each batch stores a pull, a custom-script and a push file (issue 19; a batch that timed out
  // has no push file).
  const batches = logs.data.filter((l) => /^Pulled page \d+/.test(l.message)).length;
  const count = (kind) => payloads.filter((p) => p.kind === kind).length;
  assert.equal(count('pull'), batches);
  assert.equal(count('custom_script'), batches);
  assert.ok(count('push') >= batches - 1 && count('push') <= batches, `${count('push')} push files`);
  for (const p of payloads) {
    assert.deepEqual(Object.keys(p), ['id', 'kind', 'file_name', 'size_bytes', 'content_type', 'expires_at']);
    assert.equal(p.expires_at, live[0].payloads_expire_at);
    const res = await get(server, `/api/v1/payloads/${p.id}`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type').split(';')[0], p.content_type.split(';')[0]);
    assert.equal(res.headers.get('content-disposition'), `attachment; filename="${p.file_name}"`);
    const bytes = Buffer.from(await res.arrayBuffer());
    assert.equal(bytes.length, p.size_bytes);
    if (p.content_type === 'application/json') JSON.parse(bytes.toString());
  }

  const old = await json(server, `/api/v1/syncs/${expired[0].id}/logs?limit=5000`);
  const gone = old.data.find((l) => l.payload).payload;
  const res = await get(server, `/api/v1/payloads/${gone.id}`);
  assert.equal(res.status, 410);
  assert.match((await res.json()).message, /expired/);

  assert.equal((await get(server, '/api/v1/payloads/1')).status, 404);
  assert.equal((await get(server, '/api/v1/payloads/abc')).status, 400);
});

test('login: demo credentials give an expiring token; wrong ones 401; malformed 400', async () => {
  const post = (body, type = 'application/json') => fetch(server.origin + '/api/v1/login', {
    method: 'POST', headers: { 'Content-Type': type }, body,
  });
  const ok = await post(JSON.stringify({ email: 'demo@syncscope.example', password: 'demo' }));
  assert.equal(ok.status, 200);
  const { token, expires_in: expiresIn } = await ok.json();
  assert.equal(typeof token, 'string');
  assert.ok(token.length >= 20);
  assert.equal(expiresIn, 3600);
  assert.equal((await get(server, '/api/v1/services', { Authorization: `Bearer ${token}` })).status, 200);
  assert.equal((await get(server, '/api/v1/services', { Authorization: token })).status, 200);

  const wrong = await post(JSON.stringify({ email: 'demo@syncscope.example', password: 'nope' }));
  assert.equal(wrong.status, 401);
  assert.equal(typeof (await wrong.json()).message, 'string');
  assert.equal((await post('{not json')).status, 400);
  assert.equal((await post('[]')).status, 400);
  assert.equal((await post(JSON.stringify({ email: 'demo@syncscope.example' }))).status, 422);
  assert.equal((await fetch(server.origin + '/api/v1/login')).status, 405);
});

test('401 JSON for missing, bad and expired credentials; the --token-ttl token expires', async () => {
  for (const headers of [{}, { Authorization: 'Bearer nope' }, { Authorization: 'Bearer ' }]) {
    const res = await get(server, '/api/v1/syncs/1000001', headers);
    assert.equal(res.status, 401);
    assert.equal(typeof (await res.json()).message, 'string');
  }
  // The demo token without --token-ttl keeps working (it never expires).
  assert.equal((await get(server, '/api/v1/services')).status, 200);

  // With --token-ttl 1 the demo token works at first, then expires.
  await waitFor('the ttl token to expire', async () => (await get(ttl, '/api/v1/services')).status === 401, 5000);
  const res = await get(ttl, '/api/v1/services');
  assert.match((await res.json()).message, /expired/);
  // A token from login on that server also lives --token-ttl seconds.
  const login = await fetch(ttl.origin + '/api/v1/login', {
    method: 'POST', body: JSON.stringify({ email: 'demo@syncscope.example', password: 'demo' }),
  });
  assert.equal((await login.json()).expires_in, 1);
});

test('big sync: 100,000 lines paged by after_id with limit 5000, meta.last_id the newest line', async () => {
  const { data: services } = await json(big, '/api/v1/services?per_page=100');
  let found;
  for (const s of services) {
    const { data } = await json(big, `/api/v1/services/${s.id}/syncs?per_page=100`);
    found = data.find((x) => x.summary.includes('enchmark'));
    if (found) break;
  }
  assert.ok(found, 'the benchmark sync is listed within the last 24 hours');
  assert.equal(found.status, 'success');
  let after = 0;
  let pages = 0;
  let bytes = 0;
  for (;;) {
    const started = Date.now();
    const body = await json(big, `/api/v1/syncs/${found.id}/logs?after_id=${after}&limit=5000`);
    const ms = Date.now() - started;
    assert.ok(ms < 1000, `page ${pages + 1} took ${ms} ms`);
    assert.equal(body.meta.last_id, 100000);
    if (body.data.length === 0) break;
    assert.equal(body.data[0].id, after + 1);
    assert.equal(body.data.at(-1).id, after + body.data.length);
    for (const l of body.data) bytes += l.at.length + 1 + l.level.length + 1 + l.message.length + 1;
    after = body.data.at(-1).id;
    pages++;
    assert.equal(body.meta.has_more, after < 100000);
  }
  assert.equal(pages, 20);
  assert.equal(after, 100000);
  const average = bytes / 100000;
  assert.ok(average > 120 && average < 170, `about 140 bytes a line, got ${average}`);
});

test('unknown API paths and methods are JSON 404 / 405', async () => {
  assert.equal((await get(server, '/api/v1/nothing')).status, 404);
  const del = await fetch(server.origin + '/api/v1/syncs/1/logs', { method: 'DELETE', headers: auth(server) });
  assert.equal(del.status, 405);
  assert.equal(typeof (await del.json()).message, 'string');
});

// Issue 20: the bulk "lines" form and the whole log as text (docs/api.md, "Logs in bulk").
async function bigSync() {
  const { data: services } = await json(big, '/api/v1/services?per_page=100');
  for (const s of services) {
    const { data } = await json(big, `/api/v1/services/${s.id}/syncs?per_page=100`);
    const found = data.find((x) => x.summary.includes('enchmark'));
    if (found) return found;
  }
  throw new Error('no benchmark sync');
}
const gzipped = (s) => ({ ...auth(s), 'Accept-Encoding': 'gzip' });
// One line of the lines form as the JSON's line object.
function fromLinesForm(row) {
  const [id, at, level, message, payload, ...rest] = row.split('\t');
  assert.equal(rest.length, 0, `five fields in ${JSON.stringify(row)}`);
  const unescaped = message.replace(/\\(.)/g, (_, c) => ({ t: '\t', n: '\n', r: '\r', '\\': '\\' })[c]);
  return { id: Number(id), at: new Date(Number(at)).toISOString(), level, message: unescaped, payload: payload ? JSON.parse(payload) : null };
}

test('logs?format=lines: up to 100,000 tab-separated lines in one gzipped no-store answer, the same lines as the JSON, cached once finished', async () => {
  const found = await bigSync();
  const path = `/api/v1/syncs/${found.id}/logs?after_id=20000&limit=50000&format=lines`;
  const res = await get(big, path, gzipped(big));
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/plain/);
  assert.equal(res.headers.get('content-encoding'), 'gzip');
  assert.equal(res.headers.get('cache-control'), 'no-store');
  const text = await res.text();
  const rows = text.split('\n');
  assert.equal(rows.pop(), '', 'the body ends in a newline');
  assert.equal(rows.shift(), 'syncscope-log-lines 1 50000 100000 1 success');
  assert.equal(rows.length, 50000);
  const json5000 = await json(big, `/api/v1/syncs/${found.id}/logs?after_id=20000&limit=5000`);
  assert.deepEqual(rows.slice(0, 5000).map(fromLinesForm), json5000.data);
  assert.equal(fromLinesForm(rows.at(-1)).id, 70000);
  // The finished log's answer is the same bytes again (from the server's cache), with its ETag.
  const again = await get(big, path, gzipped(big));
  assert.equal(await again.text(), text);
  const etag = again.headers.get('etag');
  assert.match(etag, /-20000-50000-lines"$/);
  assert.equal((await get(big, path, { ...gzipped(big), 'If-None-Match': etag })).status, 304);
  // Without gzip: the same lines, plain.
  const plain = await get(big, path, { ...auth(big), 'Accept-Encoding': 'identity' });
  assert.equal(plain.headers.get('content-encoding'), null);
  assert.equal(await plain.text(), text);
  // The last page says there is no more.
  const last = await (await get(big, `/api/v1/syncs/${found.id}/logs?after_id=99998&limit=100000&format=lines`, gzipped(big))).text();
  assert.equal(last.split('\n')[0], 'syncscope-log-lines 1 2 100000 0 success');
  // Limits, an unknown format, and the token as everywhere.
  for (const bad of ['limit=100001&format=lines', 'limit=5001', 'format=xml', 'format=lines&limit=0']) {
    const r = await get(big, `/api/v1/syncs/${found.id}/logs?${bad}`);
    assert.equal(r.status, 400, bad);
  }
  assert.equal((await get(big, path, {})).status, 401);
});

test('logs?format=lines: payloads as JSON and escaped messages, the same as the JSON page', async () => {
  const { data } = await json(server, '/api/v1/services?filter[status]=active');
  for (const s of data) {
    const syncs = await json(server, `/api/v1/services/${s.id}/syncs?filter[status]=success`);
    for (const y of syncs.data) {
      const page = await json(server, `/api/v1/syncs/${y.id}/logs?limit=5000`);
      if (!page.data.some((l) => l.payload)) continue;
      const text = await (await get(server, `/api/v1/syncs/${y.id}/logs?limit=5000&format=lines`, gzipped(server))).text();
      const rows = text.split('\n').slice(1, -1);
      assert.deepEqual(rows.map(fromLinesForm), page.data);
      return;
    }
  }
  assert.fail('no finished sync with payloads');
});

test('logs.txt: the whole log as plain text, one "<time> <LEVEL> <message>" line each, gzipped, no-store, token required', async () => {
  const found = await bigSync();
  const path = `/api/v1/syncs/${found.id}/logs.txt`;
  assert.equal((await get(big, path, {})).status, 401);
  const res = await get(big, path, gzipped(big));
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/plain/);
  assert.equal(res.headers.get('content-encoding'), 'gzip');
  assert.equal(res.headers.get('cache-control'), 'no-store');
  const rows = (await res.text()).split('\n');
  assert.equal(rows.pop(), '');
  assert.equal(rows.length, 100000);
  const first = await json(big, `/api/v1/syncs/${found.id}/logs?after_id=0&limit=3`);
  assert.deepEqual(rows.slice(0, 3), first.data.map((l) => `${l.at} ${l.level.toUpperCase()} ${l.message}`));
  const etag = res.headers.get('etag');
  assert.equal((await get(big, path, { ...gzipped(big), 'If-None-Match': etag })).status, 304);
});
