// The demo server's HTTP contract, without a browser: the headers SyncScope and its hosting rely
// on (content types, caching, precompression, CORS on every answer, JSON errors).
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { startServer, WEB_ROOT } from './harness.mjs';

const PORTAL = 'https://portal.example';
let server;

before(async () => {
  server = await startServer(['--allow-origin', PORTAL]);
});
after(async () => server?.stop());

const get = (path, headers = {}) => fetch(server.origin + path, { headers });
const hashed = (re) => readdirSync(WEB_ROOT).find((n) => re.test(n));

test('the site: wasm type, long cache for hashed names, no cache for index.html and config.json', async () => {
  const wasm = await get('/' + hashed(/^syncscope\.[0-9a-f]{8,}\.wasm$/), { 'Accept-Encoding': 'identity' });
  assert.equal(wasm.status, 200);
  assert.equal(wasm.headers.get('content-type'), 'application/wasm');
  assert.match(wasm.headers.get('cache-control'), /immutable/);
  assert.match(wasm.headers.get('cache-control'), /max-age=31536000/);
  const index = await get('/');
  assert.match(index.headers.get('content-type'), /^text\/html/);
  assert.equal(index.headers.get('cache-control'), 'no-cache');
  assert.match(await index.text(), /<canvas id="canvas"/);
  const config = await get('/config.json', { 'Accept-Encoding': 'br, gzip' });
  assert.equal(config.headers.get('cache-control'), 'no-cache');
  assert.equal(config.headers.get('content-encoding'), null, 'config.json is never served precompressed');
  assert.equal((await config.json()).dialect, 'reference');
});

test('precompressed files are sent when the client accepts them', async () => {
  const js = '/' + hashed(/^syncscope\.[0-9a-f]{8,}\.js$/);
  const br = await fetch(server.origin + js, { headers: { 'Accept-Encoding': 'br' } });
  assert.equal(br.headers.get('content-encoding'), 'br');
  const plain = await fetch(server.origin + js, { headers: { 'Accept-Encoding': 'identity' } });
  assert.equal(plain.headers.get('content-encoding'), null);
  assert.equal(await br.text(), await plain.text()); // fetch decodes br: same script
});

test('API errors are JSON with a message, and carry CORS headers for an allowed origin', async () => {
  const noToken = await get('/api/v1/services', { Origin: PORTAL });
  assert.equal(noToken.status, 401);
  assert.equal(noToken.headers.get('access-control-allow-origin'), PORTAL);
  assert.match(noToken.headers.get('access-control-expose-headers'), /Date/);
  assert.equal(typeof (await noToken.json()).message, 'string');
  const other = await get('/api/v1/services', { Origin: 'https://evil.example' });
  assert.equal(other.headers.get('access-control-allow-origin'), null);
  const missing = await get('/api/v1/services/999999', { Authorization: `Bearer ${server.token}` });
  assert.equal(missing.status, 404);
  assert.equal(typeof (await missing.json()).message, 'string');
  const bad = await get('/api/v1/services?page=abc', { Authorization: server.token });
  assert.equal(bad.status, 400);
  assert.ok((await bad.json()).errors.page);
});

test('a preflight allows the Authorization header and is cached', async () => {
  const res = await fetch(server.origin + '/api/v1/services', {
    method: 'OPTIONS',
    headers: { Origin: PORTAL, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' },
  });
  assert.equal(res.status, 204);
  assert.equal(res.headers.get('access-control-allow-origin'), PORTAL);
  assert.match(res.headers.get('access-control-allow-headers'), /Authorization/i);
  assert.ok(Number(res.headers.get('access-control-max-age')) > 0);
});

test('the services list: envelope, paging, and the token accepted as Bearer or raw', async () => {
  const bearer = await (await get('/api/v1/services?per_page=5&page=2', { Authorization: `Bearer ${server.token}` })).json();
  const raw = await (await get('/api/v1/services?per_page=5&page=2', { Authorization: server.token })).json();
  assert.deepEqual(bearer, raw);
  assert.equal(bearer.meta.current_page, 2);
  assert.equal(bearer.meta.per_page, 5);
  assert.equal(bearer.data.length, 5);
  assert.equal(bearer.meta.last_page, Math.ceil(bearer.meta.total / 5));
  assert.ok(bearer.links.next && bearer.links.prev);
});
