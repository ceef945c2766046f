// The demo server's fault injection and access log, over loopback without a browser: each of
// --latency-ms, --fail-rate, --drop-rate and --rate-limit does what docs/demo-server.md says, only
// on API paths (never the static site or a CORS preflight), with CORS headers on every injected
// answer; and the access log has one line per request with method, path, status, bytes and ms,
// never the query string or the token.
import assert from 'node:assert/strict';
import http from 'node:http';
import { test } from 'node:test';
import { startServer, waitUntil } from './harness.mjs';

const PORTAL = 'https://portal.example';

// Runs `fn` against a server started with `args`, and always stops it.
async function withServer(args, fn) {
  const server = await startServer(args);
  try {
    return await fn(server);
  } finally {
    await server.stop();
  }
}

const auth = (server) => ({ Authorization: `Bearer ${server.token}` });

// Fetches and reads the whole body, so that a connection dropped mid-body rejects here.
async function getFull(server, path, headers = {}, method = 'GET') {
  const res = await fetch(server.origin + path, { method, headers });
  const body = await res.text();
  return { res, body };
}

const preflight = (server, path) =>
  fetch(server.origin + path, {
    method: 'OPTIONS',
    headers: { Origin: PORTAL, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' },
  });

// The access log lines written so far (stderr also holds the start-up line).
const LOG_LINE = /^(\S+) (\S+) (\d{3}) (\d+)B (\d+(?:\.\d+)?|-)ms( dropped)?$/;
const logLines = (server) =>
  server.stderr
    .join('')
    .split('\n')
    .map((l) => LOG_LINE.exec(l))
    .filter(Boolean)
    .map(([line, method, path, status, bytes, ms, dropped]) => ({
      line, method, path, status: Number(status), bytes: Number(bytes), ms: ms === '-' ? null : Number(ms), dropped: !!dropped,
    }));
const waitForLog = (server, pred, what) => waitUntil(() => logLines(server).find(pred), what);

test('--latency-ms delays API answers by at least N ms, but not the static site', async () => {
  await withServer(['--latency-ms', '400'], async (server) => {
    let t0 = performance.now();
    const { res } = await getFull(server, '/api/v1/services', auth(server));
    const apiMs = performance.now() - t0;
    assert.equal(res.status, 200);
    assert.ok(apiMs >= 400, `API answered in ${apiMs} ms`);
    // Errors are delayed too: latency comes before any check.
    t0 = performance.now();
    assert.equal((await getFull(server, '/api/v1/services')).res.status, 401);
    assert.ok(performance.now() - t0 >= 400);
    t0 = performance.now();
    assert.equal((await getFull(server, '/')).res.status, 200);
    const siteMs = performance.now() - t0;
    assert.ok(siteMs < 400, `the site took ${siteMs} ms`);
    // The access log's time includes the latency.
    const line = await waitForLog(server, (l) => l.path === '/api/v1/services' && l.status === 200, 'the API log line');
    assert.ok(line.ms >= 400, line.line);
  });
});

test('--fail-rate 1 answers every API request with a JSON 5xx; the site and preflights are untouched', async () => {
  await withServer(['--fail-rate', '1', '--allow-origin', PORTAL], async (server) => {
    const seen = new Set();
    for (let i = 0; i < 30; i++) {
      const path = i % 2 ? '/api/v1/services' : '/core/api/v1/flows';
      const { res, body } = await getFull(server, path, { ...auth(server), Origin: PORTAL });
      assert.ok([500, 502, 503].includes(res.status), `${path} answered ${res.status}`);
      assert.match(res.headers.get('content-type'), /^application\/json/);
      assert.equal(typeof JSON.parse(body).message, 'string');
      assert.equal(res.headers.get('access-control-allow-origin'), PORTAL, `CORS on a ${res.status}`);
      if (res.status === 503) assert.equal(res.headers.get('retry-after'), '1');
      seen.add(res.status);
    }
    assert.ok(seen.size >= 2, `a mix of 5xx statuses, saw ${[...seen]}`);
    const site = await getFull(server, '/', { Origin: PORTAL });
    assert.equal(site.res.status, 200);
    const pre = await preflight(server, '/api/v1/services');
    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get('access-control-allow-origin'), PORTAL);
    assert.ok(Number(pre.headers.get('access-control-max-age')) > 0);
  });
});

test('--fail-rate is seeded: the same --seed gives the same sequence of answers', async () => {
  const statuses = (server) =>
    (async () => {
      const out = [];
      for (let i = 0; i < 20; i++) out.push((await getFull(server, '/api/v1/services', auth(server))).res.status);
      return out.join(',');
    })();
  const a = await withServer(['--fail-rate', '0.5', '--seed', '7'], statuses);
  const b = await withServer(['--fail-rate', '0.5', '--seed', '7'], statuses);
  assert.equal(a, b);
  assert.match(a, /200/);
  assert.match(a, /50[023]/);
});

test('--drop-rate 1 closes the connection mid-answer: the client sees an error, not a short answer', async () => {
  await withServer(['--drop-rate', '1', '--allow-origin', PORTAL], async (server) => {
    await assert.rejects(getFull(server, '/api/v1/services', auth(server)), 'a dropped 200');
    await assert.rejects(getFull(server, '/api/v1/services'), 'a dropped 401');
    await assert.rejects(getFull(server, '/api/v1/services/999999', auth(server)), 'a dropped 404');
    // The headers did go out, CORS included, before the body was cut.
    const res = await fetch(server.origin + '/api/v1/services', { headers: { ...auth(server), Origin: PORTAL } });
    assert.equal(res.headers.get('access-control-allow-origin'), PORTAL);
    const full = Number(res.headers.get('content-length'));
    await assert.rejects(res.arrayBuffer());
    // The site and preflights are never dropped, and the server keeps serving.
    assert.equal((await getFull(server, '/')).res.status, 200);
    assert.equal((await preflight(server, '/api/v1/services')).status, 204);
    const line = await waitForLog(server, (l) => l.path === '/api/v1/services' && l.dropped && l.status === 200, 'a dropped line');
    assert.ok(line.bytes < full, `logged ${line.bytes} of ${full} bytes`);
  });
});

test('--rate-limit 5: the 6th quick request is a 429 with Retry-After and CORS; buckets are per credential', async () => {
  await withServer(['--rate-limit', '5', '--allow-origin', PORTAL], async (server) => {
    const headers = { ...auth(server), Origin: PORTAL };
    for (let i = 0; i < 5; i++) {
      assert.equal((await getFull(server, '/api/v1/services', headers)).res.status, 200, `request ${i + 1}`);
    }
    const { res, body } = await getFull(server, '/api/v1/services', headers);
    assert.equal(res.status, 429);
    const retry = Number(res.headers.get('retry-after'));
    assert.ok(Number.isInteger(retry) && retry >= 1 && retry <= 12, `Retry-After ${res.headers.get('retry-after')}`);
    assert.equal(res.headers.get('access-control-allow-origin'), PORTAL);
    assert.match(res.headers.get('access-control-expose-headers'), /Retry-After/);
    assert.equal(typeof JSON.parse(body).message, 'string');
    // Another credential, and no credential at all (keyed by IP), have buckets of their own:
    // they are refused for being wrong (401), not for the demo token's spending.
    assert.equal((await getFull(server, '/api/v1/services', { Authorization: 'Bearer someone-else' })).res.status, 401);
    assert.equal((await getFull(server, '/api/v1/services')).res.status, 401);
    // The static site and preflights are never limited.
    for (let i = 0; i < 10; i++) assert.equal((await getFull(server, '/')).res.status, 200);
    assert.equal((await preflight(server, '/api/v1/services')).status, 204);
  });
});

// A request from a chosen loopback address (Linux answers all of 127.0.0.0/8 on lo): a second
// client machine, as far as the server can tell.
function fromAddress(server, localAddress, path, { method = 'GET', headers = {}, body } = {}) {
  const url = new URL(server.origin);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path, method, localAddress, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

const signIn = (server, password, { address = '127.0.0.1', email = 'demo@syncscope.example', headers = {} } = {}) =>
  fromAddress(server, address, '/api/v1/login', {
    method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify({ email, password }),
  });

test('the rate limit keys a valid token in one form: Bearer T, bearer T and T are one caller', async () => {
  await withServer(['--rate-limit', '6'], async (server) => {
    const forms = [`Bearer ${server.token}`, `bearer ${server.token}`, server.token, `BEARER   ${server.token} `];
    const statuses = [];
    for (let i = 0; i < 8; i++) statuses.push((await getFull(server, '/api/v1/services?per_page=1', { Authorization: forms[i % forms.length] })).res.status);
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 200, 429, 429], 'one bucket of 6 for every spelling of the token');
    // The client address without a valid credential has a bucket of its own, untouched.
    assert.equal((await getFull(server, '/api/v1/services')).res.status, 401);
  });
});

test('missing and invalid credentials are keyed by the client address: a made-up header per request gets no fresh bucket', async () => {
  await withServer(['--rate-limit', '5'], async (server) => {
    const statuses = [];
    for (let i = 0; i < 7; i++) {
      statuses.push((await signIn(server, 'wrong', { email: `nobody${i}@example.com`, headers: { Authorization: `Bearer made-up-${i}` } })).status);
    }
    assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429, 429]);
    const noCredential = await getFull(server, '/api/v1/services', { Authorization: 'Bearer another-made-up' });
    assert.equal(noCredential.res.status, 429, 'an invalid token spends the same address bucket');
    // Another address has its own bucket; the valid token has its own too.
    assert.equal((await fromAddress(server, '127.0.0.2', '/api/v1/services')).status, 401);
    assert.equal((await getFull(server, '/api/v1/services?per_page=1', auth(server))).res.status, 200);
  });
});

test('failed sign-ins are limited per account and address: 10 a minute, then 429 with Retry-After', async () => {
  await withServer(['--rate-limit', '0'], async (server) => {
    for (let i = 1; i <= 10; i++) assert.equal((await signIn(server, `guess-${i}`)).status, 401, `guess ${i}`);
    const refused = await signIn(server, 'guess-11');
    assert.equal(refused.status, 429);
    const retry = Number(refused.headers['retry-after']);
    assert.ok(Number.isInteger(retry) && retry >= 1 && retry <= 60, `Retry-After ${refused.headers['retry-after']}`);
    assert.match(JSON.parse(refused.body).message, /sign-in/i);
    // Locked for this pair even with the right password: guessing on cannot tell a hit.
    assert.equal((await signIn(server, 'demo')).status, 429);
    // The pair matters: the same account from another address signs in (no lock-out of the demo
    // account by a stranger), and another account from this address is still asked.
    const other = await signIn(server, 'demo', { address: '127.0.0.2' });
    assert.equal(other.status, 200);
    assert.equal(typeof JSON.parse(other.body).token, 'string');
    assert.equal((await signIn(server, 'guess', { email: 'someone@example.com' })).status, 401);
    // Case and spaces in the e-mail address do not make another account.
    assert.equal((await signIn(server, 'guess', { email: ' DEMO@SyncScope.example ' })).status, 429);
  });
});

test('--admin: /admin/faults needs the secret printed on stderr, and refuses cross-site requests', async () => {
  await withServer(['--admin'], async (server) => {
    assert.match(server.adminSecret ?? '', /^[0-9a-f]{32}$/, 'the harness read the admin secret from stderr');
    assert.match(server.link, /^http:\/\/127\.0\.0\.1:\d+\/#token=syncscope-demo-token$/, 'the stdout link is unchanged');
    const admin = (method, headers = {}, body) => fetch(`${server.origin}/admin/faults`, { method, headers, body });
    const secret = { 'X-Admin-Secret': server.adminSecret };
    const failAll = JSON.stringify({ fail_rate: 1 });
    // A cross-site form post (text/plain, no preflight) or fetch carries no secret: refused.
    for (const [headers, what] of [
      [{}, 'no secret'],
      [{ 'Content-Type': 'text/plain', Origin: 'https://evil.example' }, 'a cross-site form'],
      [{ 'X-Admin-Secret': 'f'.repeat(32) }, 'a wrong secret'],
      [{ 'X-Admin-Secret': server.adminSecret.slice(0, 31) }, 'a cut secret'],
      [{ ...secret, Origin: 'https://evil.example' }, 'the secret from another origin'],
      [{ ...secret, Origin: 'null' }, 'the secret from an opaque origin'],
      [{ ...secret, Origin: server.origin.replace('127.0.0.1', 'localhost') }, 'the secret from another of its names'],
    ]) {
      const res = await admin('POST', headers, failAll);
      assert.equal(res.status, 403, what);
      assert.match((await res.json()).message, /secret|origin/i, what);
      assert.equal((await admin('GET', headers)).status, 403, `GET with ${what}`);
    }
    // Nothing changed: the API still answers.
    assert.equal((await getFull(server, '/api/v1/services?per_page=1', auth(server))).res.status, 200);
    // With the secret, and no Origin or the server's own, the faults change.
    const get = await admin('GET', secret);
    assert.equal(get.status, 200);
    assert.equal((await get.json()).fail_rate, 0);
    const set = await admin('POST', { ...secret, Origin: server.origin }, failAll);
    assert.equal(set.status, 200);
    assert.equal((await set.json()).fail_rate, 1);
    assert.ok((await getFull(server, '/api/v1/services?per_page=1', auth(server))).res.status >= 500);
    assert.equal((await admin('POST', secret, JSON.stringify({ fail_rate: 0 }))).status, 200);
    assert.equal((await getFull(server, '/api/v1/services?per_page=1', auth(server))).res.status, 200);
    // The secret is on stderr once, never in the access log.
    const lines = server.stderr.join('').split('\n').filter((l) => l.includes(server.adminSecret));
    assert.equal(lines.length, 1);
    assert.match(lines[0], /^syncscope-server: /);
  });
});

test('Retry-After is honest: after waiting that long, the request is let through', async () => {
  // 60 a minute refills a token a second, so the wait stays short.
  await withServer(['--rate-limit', '60'], async (server) => {
    let res;
    for (let i = 0; i <= 60 && (!res || res.status !== 429); i++) res = (await getFull(server, '/api/v1/services?per_page=1', auth(server))).res;
    assert.equal(res.status, 429);
    const retry = Number(res.headers.get('retry-after'));
    assert.equal(retry, 1);
    await new Promise((r) => setTimeout(r, retry * 1000));
    assert.equal((await getFull(server, '/api/v1/services?per_page=1', auth(server))).res.status, 200);
  });
});

test('--rate-limit 0 turns the limit off', async () => {
  await withServer(['--rate-limit', '0'], async (server) => {
    const statuses = await Promise.all(
      Array.from({ length: 300 }, () => getFull(server, '/api/v1/services?per_page=1', auth(server)).then(({ res }) => res.status)),
    );
    assert.deepEqual([...new Set(statuses)], [200]);
  });
});

test('the default limit (240 a minute) allows a burst of 240, then answers 429', async () => {
  await withServer([], async (server) => {
    const statuses = await Promise.all(
      Array.from({ length: 240 }, () => getFull(server, '/api/v1/services?per_page=1', auth(server)).then(({ res }) => res.status)),
    );
    assert.deepEqual([...new Set(statuses)], [200]);
    // A few ms have passed: at 4 tokens a second, at most a token or two came back.
    const more = [];
    for (let i = 0; i < 5; i++) more.push((await getFull(server, '/api/v1/services?per_page=1', auth(server))).res.status);
    assert.ok(more.includes(429), `after the burst: ${more}`);
  });
});

test('the access log: method, path without query, status, bytes and ms — never the token', async () => {
  await withServer([], async (server) => {
    // identity: the server gzips API answers for clients that accept it (server/compression.h), and
    // the log counts bytes sent.
    const { res, body } = await getFull(server, '/api/v1/services?filter%5Bsearch%5D=secretword&per_page=3', {
      ...auth(server),
      'Accept-Encoding': 'identity',
    });
    assert.equal(res.status, 200);
    const api = await waitForLog(server, (l) => l.path === '/api/v1/services', 'the API line');
    assert.equal(api.method, 'GET');
    assert.equal(api.status, 200);
    assert.equal(api.bytes, Buffer.byteLength(body));
    assert.ok(api.ms >= 0 && api.ms < 5000, api.line);

    await getFull(server, '/api/v1/services', { Authorization: 'Bearer wrong-token-value' });
    const denied = await waitForLog(server, (l) => l.status === 401, 'the 401 line');
    assert.equal(denied.path, '/api/v1/services');

    const site = await getFull(server, '/', { 'Accept-Encoding': 'identity' });
    const siteLine = await waitForLog(server, (l) => l.path === '/' && l.method === 'GET', 'the site line');
    assert.equal(siteLine.bytes, Buffer.byteLength(site.body));

    await fetch(server.origin + '/api/v1/services', { method: 'POST', headers: auth(server), body: '{}' });
    await waitForLog(server, (l) => l.method === 'POST', 'the POST line');

    const all = server.stderr.join('');
    assert.ok(!all.includes(server.token), 'the token is never logged');
    assert.ok(!all.includes('wrong-token-value'), 'no Authorization value is logged');
    assert.ok(!all.includes('secretword') && !all.includes('per_page'), 'no query string is logged');
    for (const line of all.split('\n').filter((l) => l && !l.startsWith('syncscope-server:'))) {
      assert.match(line, LOG_LINE, 'every other stderr line is an access log line');
    }
  });
});

test('API answers are compressed with gzip, never Brotli (too slow on the fly); the site keeps its .br files', async () => {
  await withServer([], async (server) => {
    const api = await fetch(server.origin + '/api/v1/services?per_page=100', {
      headers: { ...auth(server), 'Accept-Encoding': 'gzip, deflate, br' },
    });
    assert.equal(api.status, 200);
    assert.notEqual(api.headers.get('content-encoding'), 'br');
    assert.ok(Array.isArray((await api.json()).data));
    const brOnly = await fetch(server.origin + '/api/v1/services?per_page=100', { headers: { ...auth(server), 'Accept-Encoding': 'br' } });
    assert.equal(brOnly.headers.get('content-encoding'), null);
    await brOnly.arrayBuffer();
    const site = await fetch(server.origin + '/', { headers: { 'Accept-Encoding': 'br' } });
    await site.arrayBuffer();
    assert.equal(site.status, 200);
  });
});

test('a burst of 100 new connections at once is served without connect retries', async () => {
  // cpp-httplib listens with a backlog of 5; a dropped SYN would cost a client 1 s or more.
  await withServer(['--rate-limit', '0'], async (server) => {
    const t0 = performance.now();
    const statuses = await Promise.all(
      Array.from({ length: 100 }, () =>
        // A fresh connection each: Connection: close keeps undici from reusing one.
        fetch(server.origin + '/api/v1/services?per_page=1', { headers: { ...auth(server), Connection: 'close' } }).then(async (r) => {
          await r.arrayBuffer();
          return r.status;
        }),
      ),
    );
    const ms = performance.now() - t0;
    assert.deepEqual([...new Set(statuses)], [200]);
    assert.ok(ms < 900, `100 requests took ${ms} ms`);
  });
});
