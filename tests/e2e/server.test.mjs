// The demo server's HTTP contract, without a browser: the headers SyncScope and its hosting rely
// on (content types, caching, precompression, CORS on every answer, JSON errors), and what a
// stranger cannot get from it (issue 13): a file outside the web root however the path is spelled,
// a dotfile, an answer to a Host name that is not the server's own (DNS rebinding).
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { launchBrowser, ROOT, startServer, waitUntil, WEB_ROOT } from './harness.mjs';

const PORTAL = 'https://portal.example';
const HOST_NAME = 'syncscope.test';
let server;
let tmp; // the web root: a copy of build/web with traps planted, and a secret outside it
const SECRET = 'outside-the-web-root-7c1e';
const framers = {}; // pages that frame the site: { portal, other } → { server, origin }

before(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'syncscope-server-test-'));
  const site = path.join(tmp, 'site');
  cpSync(WEB_ROOT, site, { recursive: true, dereference: true });
  writeFileSync(path.join(tmp, 'secret.txt'), SECRET);
  mkdirSync(path.join(tmp, 'outside'));
  writeFileSync(path.join(tmp, 'outside', 'index.html'), SECRET);
  writeFileSync(path.join(site, '.env'), SECRET);
  mkdirSync(path.join(site, '.git'));
  writeFileSync(path.join(site, '.git', 'config'), SECRET);
  symlinkSync(path.join(tmp, 'secret.txt'), path.join(site, 'leak.txt'));
  symlinkSync('../outside', path.join(site, 'leakdir'));
  symlinkSync('.env', path.join(site, 'env.txt'));
  // A file of the site whose precompressed siblings lead out of the root.
  writeFileSync(path.join(site, 'plain.txt'), 'plain text inside the root');
  symlinkSync(path.join(tmp, 'secret.txt'), path.join(site, 'plain.txt.br'));
  symlinkSync(path.join(tmp, 'secret.txt'), path.join(site, 'plain.txt.gz'));
  // Two pages on loopback that put the site in an <iframe>: a portal allowed with --allow-origin
  // (docs/embedding.md's one-machine recipe), and another page.
  for (const name of ['portal', 'other']) framers[name] = await framingPage();
  server = await startServer(['--allow-origin', PORTAL, '--allow-origin', framers.portal.origin, '--web-root', site,
    '--host-name', HOST_NAME]);
});
after(async () => {
  await server?.stop();
  for (const f of Object.values(framers)) f.server.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

// An http server on a free loopback port whose /frame.html frames the demo server's site.
async function framingPage() {
  const srv = http.createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end(`<!doctype html><title>portal</title><iframe id="f" src="${server.origin}/" width="600" height="400"></iframe>`);
  });
  await new Promise((resolve) => srv.listen(0, '127.0.0.1', resolve));
  return { server: srv, origin: `http://127.0.0.1:${srv.address().port}` };
}

// One request exactly as written: the path is not normalised (fetch would resolve "..", and turn
// "\\" into "/") and the Host header is ours to choose (fetch forbids setting it).
function raw(rawPath, { host, headers = {}, method = 'GET' } = {}) {
  const url = new URL(server.origin);
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: url.hostname, port: url.port, path: rawPath, method, setHost: false,
      headers: { ...(host === null ? {} : { Host: host ?? url.host }), Connection: 'close', ...headers },
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('latin1') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

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

test('the site serves only regular files under the web root, however the path is spelled', async () => {
  const attempts = [
    '//etc/passwd', '/%2Fetc%2Fpasswd', '///etc/passwd', '/%2f%2fetc/passwd',
    '/../secret.txt', '/..%2Fsecret.txt', '/%2e%2e/secret.txt', '/%2E%2E%2Fsecret.txt', '/fonts/../../secret.txt',
    '/fonts/%2e%2e/%2e%2e/secret.txt', '/%252e%252e/secret.txt', '/%u002e%u002e/secret.txt',
    '/..\\secret.txt', '/%5c..%5csecret.txt', '/fonts\\..\\..\\secret.txt',
    '/index.html%00.png', '/%00', '/./index.html', '/fonts/./x',
    '/leak.txt', '/leakdir/', '/leakdir/index.html', '/env.txt',
    '/.env', '/.git/config', '/%2egit/config', '/fonts/.hidden', '/.',
    `/${'../'.repeat(20)}etc/passwd`, '/%2F..%2F..%2F..%2Fetc%2Fpasswd',
  ];
  for (const p of attempts) {
    for (const encoding of ['identity', 'br, gzip']) {
      const res = await raw(p, { headers: { 'Accept-Encoding': encoding } });
      assert.ok(res.status === 400 || res.status === 404, `GET ${p} (${encoding}) answered ${res.status}`);
      assert.ok(!res.body.includes(SECRET) && !res.body.includes('root:'), `GET ${p} (${encoding}) gave a file away`);
    }
  }
  // The precompressed siblings are contained too: the plain file is served, never what they lead to.
  const plain = await raw('/plain.txt', { headers: { 'Accept-Encoding': 'br, gzip' } });
  assert.equal(plain.status, 200);
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.equal(plain.body, 'plain text inside the root');
  // What is there is still served, by its ordinary names.
  assert.equal((await raw('/')).status, 200);
  assert.equal((await raw('/index.html')).status, 200);
  assert.equal((await raw('/fonts/' + readdirSync(path.join(WEB_ROOT, 'fonts')).find((n) => n.endsWith('.ttf')))).status, 200);
});

test('the server answers only to its own names in the Host header (DNS rebinding), on every route', async () => {
  const port = new URL(server.origin).port;
  const auth = { Authorization: `Bearer ${server.token}` };
  for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`, '127.0.0.1',
    `${HOST_NAME}:${port}`, `SyncScope.TEST:${port}`]) {
    assert.equal((await raw('/', { host })).status, 200, `Host: ${host}`);
    assert.equal((await raw('/api/v1/services', { host, headers: auth })).status, 200, `Host: ${host}, API`);
  }
  for (const host of [`evil.example:${port}`, 'evil.example', `rebind.127.0.0.1.nip.io:${port}`, `127.0.0.1.evil.example:${port}`,
    `localhost.evil.example:${port}`, `evil.${HOST_NAME}:${port}`, `${HOST_NAME}.evil.example`, `[::2]:${port}`, `0.0.0.0:${port}`]) {
    for (const [p, method, headers] of [['/', 'GET', {}], ['/index.html', 'GET', {}], ['/api/v1/services', 'GET', auth],
      ['/core/api/v1/flows', 'GET', auth], ['/api/v1/login', 'POST', { 'Content-Type': 'application/json' }],
      ['/api/v1/services', 'OPTIONS', { Origin: PORTAL, 'Access-Control-Request-Method': 'GET' }]]) {
      const res = await raw(p, { host, method, headers });
      assert.equal(res.status, 421, `${method} ${p} with Host: ${host}`);
      assert.match(res.body, /Host/, 'the answer says why');
      assert.ok(!res.body.includes('<canvas') && !res.body.includes('"data"'), 'and nothing else');
    }
  }
  // A request without a Host header at all is refused too.
  assert.equal((await raw('/', { host: null })).status, 400);
});

test('the site carries the deploy templates\' CSP (frame-ancestors from --allow-origin) and Referrer-Policy', async () => {
  // web/nginx.conf's CSP, with the API on the server's own origin and the portal it allows.
  const template = /add_header Content-Security-Policy "([^"]*)"/.exec(readFileSync(path.join(ROOT, 'web/nginx.conf'), 'utf8'))[1];
  const expected = template.replace(" https://api.example.com;", ';').replace('frame-ancestors https://portal.example.com', `frame-ancestors 'self' ${PORTAL} ${framers.portal.origin}`);
  assert.notEqual(expected, template);
  for (const directive of ["base-uri 'none'", "form-action 'none'", "connect-src 'self'"]) assert.ok(expected.split('; ').includes(directive), directive);
  for (const [p, headers] of [['/', {}], ['/index.html', {}], ['/config.json', {}], ['/nothing.here', {}],
    ['/api/v1/services', { Authorization: `Bearer ${server.token}` }], ['/api/v1/services', {}]]) {
    const res = await get(p, headers);
    await res.arrayBuffer();
    assert.equal(res.headers.get('content-security-policy'), expected, `CSP of ${p}`);
    assert.equal(res.headers.get('referrer-policy'), 'no-referrer', `Referrer-Policy of ${p}`);
    assert.equal(res.headers.get('strict-transport-security'), null, 'no HSTS over plain http');
  }
});

test('in Chromium, a portal given with --allow-origin may frame the site, another page may not', async () => {
  // The one-machine recipe of docs/embedding.md: the portal's page on its own loopback origin,
  // SyncScope from the demo server in its <iframe>.
  const browser = await launchBrowser();
  try {
    const refusals = [];
    const frameFrom = async (name) => {
      const page = await browser.newPage();
      page.on('console', (m) => { if (/frame-ancestors/.test(m.text())) refusals.push(`${name}: ${m.text()}`); });
      await page.goto(`${framers[name].origin}/frame.html`);
      return page;
    };
    const portal = await frameFrom('portal');
    const frame = await waitUntil(() => portal.frames().find((f) => f.url().startsWith(server.origin)), 'the frame');
    await frame.waitForFunction(() => !!window.syncscope, undefined, { timeout: 30000 });
    assert.deepEqual(refusals, [], 'the allowed portal was not refused');
    await frameFrom('other');
    await waitUntil(() => refusals.some((r) => r.startsWith('other: ')), 'the browser refusing the other page\'s frame', 15000);
  } finally {
    await browser.close();
  }
});
