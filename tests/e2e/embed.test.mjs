// End to end: SyncScope embedded in a portal and served as static files by a real nginx (Debian's,
// started here as a child process) under a sub-path, with the API on another origin (the demo
// server with --allow-origin, so every API call is a CORS request with a preflight).
//
//   http://127.0.0.1:<app>/tools/syncscope/   nginx, web/nginx.conf as deployers get it (the four
//                                             example values replaced), build/web copied in
//   http://127.0.0.1:<portal>/                nginx: web/embed-example.{html,js,css}, the portal
//   http://127.0.0.1:<evil>/                  nginx: pages of an origin config.json does not
//                                             allow (but frame-ancestors does: defence in depth)
//   http://127.0.0.1:<other>/                 nginx: a page frame-ancestors does not allow
//   http://127.0.0.1:<api>/api/v1             the demo server
//
// Checked in Chromium: the example portal embeds SyncScope, hands it a token by postMessage and
// follows and drives its route; keyboard, wheel and clipboard work inside the frame; no console
// errors and no CSP violations; the token in no URL; messages from a disallowed origin, or from
// another window than the parent, are ignored and get no answer; headers and types as configured;
// the loading progress, the WebGL2 and config.json messages, context loss and restore; and what
// Chromium's accessibility tree holds (the canvas' label, the live region, the view summary).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { launchBrowser, ROOT, screenshot, startServer, WEB_ROOT, waitUntil } from './harness.mjs';

const NGINX = '/usr/sbin/nginx';
const BROTLI_MODULE = '/usr/lib/nginx/modules/ngx_http_brotli_static_module.so';
const SUB_PATH = '/tools/syncscope/';
const IMMUTABLE = 'public, max-age=31536000, immutable';

let tmp;
let nginx;
let nginxLog = [];
let api;
let browser;
let origins;
let csp; // the Content-Security-Policy the app's nginx is configured with
let appUrl;

// As the harness' waitForState, for a page or a frame, but the predicate runs here in Node: a
// string predicate polled inside the page needs eval, which SyncScope's CSP (rightly) refuses.
async function waitForState(target, pred, what, timeout = 20000) {
  const end = Date.now() + timeout;
  let last = null;
  for (;;) {
    last = await target.evaluate(() => (window.syncscope ? window.syncscope.state() : null)).catch(() => null);
    if (last && pred(last)) return last;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last state: ${JSON.stringify(last)?.slice(0, 1500)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// Replaces `from` (which must occur exactly `times` times) — so a template that drifts from what
// this test expects fails here, not in some odd way later.
function replaceExactly(text, from, to, times = 1) {
  const n = text.split(from).length - 1;
  assert.equal(n, times, `web/nginx.conf or the portal page: expected "${from}" ${times}×, found ${n}×`);
  return text.split(from).join(to);
}

// One raw HTTP GET (no automatic decompression): status, headers and body length as sent.
function get(url, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
  });
}

before(async () => {
  assert.ok(existsSync(NGINX), 'nginx is not installed: run scripts/bootstrap (Debian package "nginx")');
  tmp = mkdtempSync(path.join(os.tmpdir(), 'syncscope-embed-'));
  const [appPort, portalPort, evilPort, otherPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  origins = {
    app: `http://127.0.0.1:${appPort}`,
    portal: `http://127.0.0.1:${portalPort}`,
    evil: `http://127.0.0.1:${evilPort}`,
    other: `http://127.0.0.1:${otherPort}`,
  };
  appUrl = origins.app + SUB_PATH;
  // The API allows SyncScope's origin only (the portal never calls it).
  api = await startServer(['--allow-origin', origins.app]);
  origins.api = api.origin;

  // The site: a copy of build/web (another build may rewrite build/web meanwhile), deployed with
  // this config.json — the API on its own origin, one portal allowed to hand over a token.
  const site = path.join(tmp, 'www', SUB_PATH);
  mkdirSync(site, { recursive: true });
  cpSync(realpathSync(WEB_ROOT), site, { recursive: true }); // build/web may be a link
  writeFileSync(path.join(site, 'config.json'), JSON.stringify({
    apiBaseUrl: `${origins.api}/api/v1`,
    dialect: 'reference',
    allowedParentOrigins: [origins.portal],
    refreshSeconds: 5,
  }, null, 2));

  // The portal: the example page, pointed at this SyncScope.
  const portalRoot = path.join(tmp, 'portal');
  mkdirSync(portalRoot);
  const example = readFileSync(path.join(ROOT, 'web/embed-example.html'), 'utf8');
  writeFileSync(path.join(portalRoot, 'embed-example.html'),
    replaceExactly(example, 'https://tools.example.com/tools/syncscope/', appUrl));
  for (const f of ['embed-example.js', 'embed-example.css']) cpSync(path.join(ROOT, 'web', f), path.join(portalRoot, f));
  const evilRoot = path.join(tmp, 'evil');
  mkdirSync(evilRoot);
  writeFileSync(path.join(evilRoot, 'frame.html'),
    `<!doctype html><title>Not a portal</title><iframe id="f" src="${appUrl}" width="900" height="600"></iframe>`);

  // web/nginx.conf as a deployer would use it: only the example values replaced.
  let conf = readFileSync(path.join(ROOT, 'web/nginx.conf'), 'utf8');
  conf = replaceExactly(conf, 'listen 80;', `listen 127.0.0.1:${appPort};`);
  conf = replaceExactly(conf, 'server_name tools.example.com;', 'server_name 127.0.0.1;');
  conf = replaceExactly(conf, 'root /var/www;', `root ${path.join(tmp, 'www')};`);
  conf = replaceExactly(conf, 'https://api.example.com;', `${origins.api};`);
  // frame-ancestors lets the "evil" origin frame SyncScope too, so that the test can check that
  // config.json's allowedParentOrigins is enforced by itself, not only by the CSP.
  conf = replaceExactly(conf, 'frame-ancestors https://portal.example.com"', `frame-ancestors ${origins.portal} ${origins.evil}"`);
  csp = /add_header Content-Security-Policy "([^"]*)"/.exec(conf)[1];
  if (!existsSync(BROTLI_MODULE)) conf = replaceExactly(conf, 'brotli_static on;', '');
  writeFileSync(path.join(tmp, 'syncscope.conf'), conf);
  for (const d of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(path.join(tmp, d));
  const plain = (port, root, extra = '') => `
    server {
      listen 127.0.0.1:${port};
      root ${root};
      access_log ${tmp}/other-access.log;
      add_header Cache-Control "no-cache" always;
      ${extra}
    }`;
  writeFileSync(path.join(tmp, 'nginx.conf'), `
    daemon off;
    master_process off;
    pid ${tmp}/nginx.pid;
    error_log stderr warn;
    ${existsSync(BROTLI_MODULE) ? `load_module ${BROTLI_MODULE};` : ''}
    events { worker_connections 128; }
    http {
      include /etc/nginx/mime.types;
      access_log ${tmp}/app-access.log;
      client_body_temp_path ${tmp}/client_body;
      proxy_temp_path ${tmp}/proxy;
      fastcgi_temp_path ${tmp}/fastcgi;
      uwsgi_temp_path ${tmp}/uwsgi;
      scgi_temp_path ${tmp}/scgi;
      include ${tmp}/syncscope.conf;
      ${plain(portalPort, portalRoot, `add_header Content-Security-Policy "default-src 'self'; frame-src ${origins.app}" always;`)}
      ${plain(evilPort, evilRoot)}
      ${plain(otherPort, evilRoot)}
    }`);
  const check = spawnSync(NGINX, ['-t', '-p', tmp + '/', '-c', path.join(tmp, 'nginx.conf'), '-e', 'stderr'], { encoding: 'utf8' });
  assert.equal(check.status, 0, `nginx -t failed:\n${check.stderr}`);
  nginx = spawn(NGINX, ['-p', tmp + '/', '-c', path.join(tmp, 'nginx.conf'), '-e', 'stderr'], { stdio: ['ignore', 'ignore', 'pipe'] });
  nginx.stderr.on('data', (d) => nginxLog.push(d.toString()));
  await waitUntil(async () => (await get(appUrl).catch(() => null))?.status === 200, `nginx to serve ${appUrl} (${nginxLog.join('')})`);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  if (nginx && nginx.exitCode === null) {
    const exited = new Promise((r) => nginx.once('exit', r));
    nginx.kill('SIGQUIT');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
    if (nginx.exitCode === null) nginx.kill('SIGKILL');
  }
  await api?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

// A page that records, in every frame, CSP violations and what the top page receives by
// postMessage; and on the test's side every request, response, console error and CSP complaint.
async function openContext({ viewport = { width: 1280, height: 860 } } = {}) {
  const context = await browser.newContext({ viewport });
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
    if (window.top === window) {
      window.__received = [];
      window.addEventListener('message', (e) => window.__received.push({ origin: e.origin, data: e.data }));
    }
  });
  const log = { requests: [], failures: [], consoleErrors: [], csp: [] };
  context.on('request', (r) => log.requests.push({ url: r.url(), headers: r.headers(), method: r.method(), frame: r.frame()?.url() }));
  context.on('response', (r) => { if (r.status() >= 400) log.failures.push(`${r.status()} ${r.url()}`); });
  context.on('console', (m) => {
    if (m.type() === 'error') log.consoleErrors.push(m.text());
    if (/Content[- ]Security[- ]Policy/i.test(m.text())) log.csp.push(m.text());
  });
  context.on('weberror', (e) => log.consoleErrors.push(String(e.error())));
  return { context, log };
}

const appFrame = (page) => page.frames().find((f) => f.url().startsWith(appUrl));

async function waitForAppFrame(page) {
  await waitUntil(async () => appFrame(page), 'the SyncScope frame');
  const frame = appFrame(page);
  await frame.waitForFunction(() => window.syncscope && window.syncscope.state(), undefined, { timeout: 30000, polling: 100 });
  return frame;
}

// Clicks a widget drawn in the framed canvas: its rect is relative to the frame's viewport (the
// parent is cross-origin), so the iframe's own position is added.
async function clickInFrame(page, frame, id) {
  const handle = await frame.waitForFunction((i) => window.syncscope.itemRect(i), id, { timeout: 15000, polling: 50 });
  const r = await handle.jsonValue();
  const box = await (await frame.frameElement()).boundingBox();
  await page.mouse.click(box.x + r.x + r.w / 2, box.y + r.y + r.h / 2);
  return { x: box.x + r.x, y: box.y + r.y, w: r.w, h: r.h };
}

async function apiGet(pathAndQuery) {
  const res = await fetch(`${origins.api}/api/v1${pathAndQuery}`, { headers: { Authorization: `Bearer ${api.token}` } });
  assert.equal(res.status, 200, pathAndQuery);
  return res.json();
}

// A finished sync whose log is longer than a screen, and the service it belongs to.
async function longFinishedSync() {
  const services = (await apiGet('/services?per_page=100')).data;
  for (const s of services) {
    const syncs = (await apiGet(`/services/${s.id}/syncs?per_page=100`)).data;
    for (const y of syncs.filter((x) => x.status === 'success' || x.status === 'partial' || x.status === 'failed')) {
      const log = await apiGet(`/syncs/${y.id}/logs?after_id=0&limit=1`);
      if (log.meta.last_id >= 80) return { serviceId: s.id, syncId: y.id };
    }
  }
  throw new Error('the demo data has no finished sync with 80 lines');
}

// Names and values of Chromium's accessibility tree for one frame.
async function axTexts(page, frame) {
  const cdp = await page.context().newCDPSession(page);
  const { frameTree } = await cdp.send('Page.getFrameTree');
  const all = [];
  const walk = (t) => { all.push(t.frame); (t.childFrames || []).forEach(walk); };
  walk(frameTree);
  const target = all.find((f) => f.url === frame.url().replace(/#.*$/, ''));
  assert.ok(target, 'the frame is in the frame tree');
  const { nodes } = await cdp.send('Accessibility.getFullAXTree', { frameId: target.id });
  await cdp.detach();
  return nodes.filter((n) => !n.ignored).map((n) => ({ role: n.role?.value, name: n.name?.value ?? '' }));
}

test('static output under a sub-path: types, caching, precompression and the CSP as configured', async () => {
  const index = await get(appUrl, { 'Accept-Encoding': 'gzip' });
  assert.equal(index.status, 200);
  assert.match(index.headers['content-type'], /^text\/html/);
  assert.equal(index.headers['cache-control'], 'no-cache');
  assert.equal(index.headers['content-security-policy'], csp);
  assert.equal(index.headers['content-encoding'], 'gzip');
  assert.equal(index.headers['x-content-type-options'], 'nosniff');

  // Without the trailing slash relative URLs would point one folder up: a relative redirect.
  const bare = await get(origins.app + SUB_PATH.replace(/\/$/, ''));
  assert.equal(bare.status, 301);
  assert.equal(bare.headers.location, SUB_PATH);

  const site = path.join(tmp, 'www', SUB_PATH);
  const html = readFileSync(path.join(site, 'index.html'), 'utf8');
  // Every URL in the page is relative (no leading "/", no scheme): the folder works anywhere.
  for (const [, url] of html.matchAll(/(?:src|href)="([^"]+)"/g)) assert.doesNotMatch(url, /^(\/|[a-z]+:)/, url);
  const wasm = readdirSync(site).find((f) => /^syncscope\.[0-9a-f]{8,}\.wasm$/.test(f));
  const js = readdirSync(site).find((f) => /^syncscope\.[0-9a-f]{8,}\.js$/.test(f));
  const font = readdirSync(path.join(site, 'fonts')).find((f) => /\.[0-9a-f]{8,}\.ttf$/.test(f));
  assert.ok(wasm && js && font, 'content-hashed names');

  const sizes = {};
  const encodings = [['gzip', '.gz'], ['identity', '']];
  if (existsSync(BROTLI_MODULE)) encodings.unshift(['br', '.br']);
  for (const [encoding, suffix] of encodings) {
    const r = await get(appUrl + wasm, { 'Accept-Encoding': encoding });
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'application/wasm');
    assert.equal(r.headers['cache-control'], IMMUTABLE);
    assert.equal(r.headers['content-encoding'], encoding === 'identity' ? undefined : encoding);
    if (encoding !== 'identity') assert.match(r.headers.vary ?? '', /Accept-Encoding/i);
    assert.equal(r.body.length, statSync(path.join(site, wasm + suffix)).size, `${encoding}: the precompressed file as is`);
    sizes[encoding] = r.body.length;
  }
  const script = await get(appUrl + js, { 'Accept-Encoding': 'br, gzip' });
  assert.match(script.headers['content-type'], /^text\/javascript/);
  assert.equal(script.headers['cache-control'], IMMUTABLE);
  const ttf = await get(`${appUrl}fonts/${font}`);
  assert.equal(ttf.headers['content-type'], 'font/ttf');
  assert.equal(ttf.headers['cache-control'], IMMUTABLE);

  const config = await get(appUrl + 'config.json', { 'Accept-Encoding': 'br, gzip' });
  assert.match(config.headers['content-type'], /^application\/json/);
  assert.equal(config.headers['cache-control'], 'no-cache');
  assert.equal(config.headers['content-encoding'], undefined, 'config.json stays plain (deployers edit it)');
  assert.equal(JSON.parse(config.body).apiBaseUrl, `${origins.api}/api/v1`);

  const missing = await get(appUrl + 'nothing.here');
  assert.equal(missing.status, 404);
  assert.equal(missing.headers['cache-control'], 'no-cache');
  assert.equal(missing.headers['content-security-policy'], csp);
  console.log(`# wasm over nginx: ${sizes.identity} B raw, ${sizes.gzip} B gzip, ${sizes.br} B brotli`);

  // The templates are not part of the site.
  for (const f of ['nginx.conf', '_headers', 'embed-example.html']) assert.ok(!existsSync(path.join(site, f)), f);
});

test('the example portal embeds SyncScope, hands it a token by postMessage, follows and drives its route', async () => {
  const { context, log } = await openContext();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: origins.app });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: origins.portal });
  const page = await context.newPage();
  await page.goto(`${origins.portal}/embed-example.html`);
  const frame = await waitForAppFrame(page);
  const received = () => page.evaluate(() => window.__received.map((m) => ({ origin: m.origin, ...m.data })));

  // ready, then a token is asked for (there is none), then the route.
  await page.waitForFunction(() => document.getElementById('status').textContent.includes('needs a token'), undefined, { timeout: 30000 });
  let msgs = await received();
  assert.deepEqual(msgs.slice(0, 3).map((m) => m.type), ['syncscope:ready', 'syncscope:auth-required', 'syncscope:route']);
  assert.ok(msgs.every((m) => m.origin === origins.app), 'every message comes from SyncScope');
  assert.equal(msgs[1].reason, 'signed-out');
  assert.equal(await page.textContent('#current-route'), '/services');
  assert.equal((await waitForState(frame, (s) => s.view === 'login', 'the login form')).auth, 'none');

  // A refused token: SyncScope answers 401 with another auth-required.
  await page.fill('#token', 'not-a-valid-token');
  await page.click('#token-form button');
  await page.waitForFunction(() => document.getElementById('status').textContent.includes('needs a new token'), undefined, { timeout: 20000 });
  msgs = await received();
  assert.equal(msgs.filter((m) => m.type === 'syncscope:auth-required').length, 2);

  // The right token: signed in, the services list in the frame.
  await page.fill('#token', api.token);
  await page.click('#token-form button');
  const s = await waitForState(frame, (st) => st.view === 'services' && st.auth === 'ok' && st.services.length > 0, 'services in the frame');
  assert.ok(log.requests.some((r) => r.url.startsWith(origins.api) && r.headers.authorization === `Bearer ${api.token}`),
    'the API is called with the token in Authorization');

  // A click in the frame: the portal follows the route.
  const first = s.services[0].id;
  await clickInFrame(page, frame, `services.row.${first}`);
  await waitForState(frame, new Function('s', `return s.route === '/services/${first}';`), 'the service opened');
  await page.waitForFunction((r) => document.getElementById('current-route').textContent === r, `/services/${first}`);
  await screenshot(page, 'embed-portal-summary');

  // The accessibility tree: the canvas' label, the live region after that view change, the summary.
  const serviceName = s.services[0].name;
  await waitUntil(async () => {
    const texts = (await axTexts(page, frame)).map((n) => n.name).join('\n');
    return texts.includes(`Service “${serviceName}”. `) && texts.includes('syncs shown from the last 24 hours') && texts;
  }, 'the live region and the summary in the accessibility tree', 15000);
  const ax = await axTexts(page, frame);
  assert.ok(ax.some((n) => n.name === 'SyncScope: integration sync logs'), 'the canvas is labelled');
  assert.ok(ax.some((n) => n.role === 'heading' && n.name === `Service “${serviceName}”`), 'the summary heading');
  assert.ok(ax.some((n) => n.role === 'region' && n.name === 'Current view'), 'the summary region');
  assert.ok(ax.some((n) => n.role === 'status'), 'the live region');
  const live = await frame.textContent('#a11y-live');
  assert.match(live, new RegExp(`^Service “${serviceName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}”\\. `));

  // The portal drives: navigate to a long, finished sync's log.
  const target = await longFinishedSync();
  const route = `/services/${target.serviceId}/syncs/${target.syncId}`;
  await page.fill('#route', route);
  await page.click('#route-form button');
  await waitForState(frame, new Function('s', `return s.view === 'log' && s.log && s.log.syncId === ${target.syncId} && s.log.lines > 0;`), 'the log after syncscope:navigate');
  await page.waitForFunction((r) => document.getElementById('current-route').textContent === r, route);
  await waitUntil(async () => (await frame.textContent('#a11y-live')).startsWith(`Sync ${target.syncId} of service`), 'the log view announced');
  assert.match(await frame.textContent('#a11y-summary'), new RegExp(`Selected sync ${target.syncId}: `));

  // The wheel inside the frame scrolls the log (and so stops following the tail).
  await waitForState(frame, (st) => st.log.following === true, 'following the tail');
  const box = await (await frame.frameElement()).boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.6);
  await page.mouse.wheel(0, -1200);
  await waitForState(frame, (st) => st.log.following === false, 'the wheel scrolled the log up');
  assert.equal(await page.evaluate(() => window.scrollY), 0, 'the portal page did not scroll');

  // Keyboard focus and clipboard inside the frame: back to the list, Ctrl+F, type, copy.
  await page.fill('#route', '/services');
  await page.click('#route-form button');
  await waitForState(frame, (st) => st.view === 'services', 'the services list again');
  await page.mouse.click(box.x + box.width / 2, box.y + box.height - 20); // empty space: canvas focused
  assert.equal(await frame.evaluate(() => document.activeElement.id), 'canvas');
  await page.keyboard.press('Control+F');
  await page.keyboard.type('orders');
  await waitForState(frame, (st) => st.services.length > 0 && st.services.every((x) => /orders/i.test(x.name) || /orders/i.test(String(x.id))), 'rows filtered by what was typed');
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Control+C');
  // Read back from the portal page (the frame is granted clipboard-write only).
  let clip = null;
  await waitUntil(async () => {
    clip = await page.evaluate(() => navigator.clipboard.readText().catch((e) => `(${e.message})`));
    return clip === 'orders';
  }, 'the copy to reach the clipboard').catch((e) => assert.fail(`${e.message}; clipboard: ${clip}`));
  await screenshot(page, 'embed-portal-search');

  // Nothing went wrong on the way. The only failed requests are the refused token's 401 and the
  // portal's favicon (the example page has none); Chromium logs each as a console error.
  assert.deepEqual(log.failures, [`401 ${origins.api}/api/v1/services?page=1&per_page=100`]);
  const expected = /^Failed to load resource: the server responded with a status of (401|404) /;
  assert.ok(log.consoleErrors.filter((e) => expected.test(e)).length <= 2);
  assert.deepEqual(log.consoleErrors.filter((e) => !expected.test(e)), []);
  assert.deepEqual(log.csp, []);
  for (const f of [page.mainFrame(), frame]) assert.deepEqual(await f.evaluate(() => window.__csp), [], `CSP violations in ${f.url()}`);
  const leaked = log.requests.filter((r) => r.url.includes(api.token) || r.url.includes('not-a-valid-token'));
  assert.deepEqual(leaked, [], 'the token is in no requested URL');
  assert.ok(!page.url().includes(api.token) && !frame.url().includes(api.token));
  // Sub-path hosting: everything SyncScope asked its own origin for is under the sub-path.
  const appRequests = log.requests.filter((r) => r.url.startsWith(origins.app));
  assert.ok(appRequests.length >= 6);
  for (const r of appRequests) assert.ok(new URL(r.url).pathname.startsWith(SUB_PATH), r.url);
  // Every message went to the portal, from SyncScope's origin: ready once.
  msgs = await received();
  assert.equal(msgs.filter((m) => m.type === 'syncscope:ready').length, 1, JSON.stringify(msgs));
  assert.ok(msgs.some((m) => m.type === 'syncscope:route' && m.route === route));
  await context.close();
});

test('a token posted from a disallowed origin, or by another window than the parent, is ignored and gets no answer', async () => {
  const { context, log } = await openContext();
  // 1. A page whose origin frame-ancestors lets through but config.json does not list.
  const page = await context.newPage();
  await page.goto(`${origins.evil}/frame.html`);
  const frame = await waitForAppFrame(page);
  await waitForState(frame, (s) => s.view === 'login', 'the login form');
  await page.evaluate(({ token, app }) => {
    const w = document.getElementById('f').contentWindow;
    for (const target of ['*', app]) {
      w.postMessage({ type: 'syncscope:auth', token, scheme: 'Bearer' }, target);
      w.postMessage({ type: 'syncscope:navigate', route: '/services/1' }, target);
    }
  }, { token: api.token, app: origins.app });
  await new Promise((r) => setTimeout(r, 2500));
  let s = await waitForState(frame, (st) => st.view === 'login', 'still the login form');
  assert.equal(s.auth, 'none');
  assert.equal(s.route, '/services');
  assert.deepEqual(await page.evaluate(() => window.__received), [], 'the disallowed origin received nothing');
  assert.ok(!log.requests.some((r) => r.url.startsWith(origins.api)), 'no API request was made');

  // 2. The allowed portal's origin, but another window than the frame's parent (a popup).
  const portal = await context.newPage();
  await portal.goto(`${origins.portal}/embed-example.html`);
  const portalFrame = await waitForAppFrame(portal);
  await portal.waitForFunction(() => document.getElementById('status').textContent.includes('needs a token'), undefined, { timeout: 30000 });
  const [popup] = await Promise.all([context.waitForEvent('page'), portal.evaluate(() => { window.open('about:blank', 'other'); })]);
  await popup.evaluate(({ token, app }) => {
    window.opener.frames[0].postMessage({ type: 'syncscope:auth', token, scheme: 'Bearer' }, app);
  }, { token: api.token, app: origins.app });
  await new Promise((r) => setTimeout(r, 2500));
  s = await waitForState(portalFrame, (st) => st.view === 'login', 'still the login form');
  assert.equal(s.auth, 'none');
  assert.deepEqual(await popup.evaluate(() => window.__received ?? []), [], 'the popup received nothing');
  // The same token from the parent itself works.
  await portal.fill('#token', api.token);
  await portal.click('#token-form button');
  await waitForState(portalFrame, (st) => st.view === 'services' && st.auth === 'ok', 'signed in by the parent');

  // 3. A page frame-ancestors does not allow cannot frame SyncScope at all.
  const other = await context.newPage();
  await other.goto(`${origins.other}/frame.html`);
  await new Promise((r) => setTimeout(r, 1500));
  const blocked = other.frames().find((f) => f !== other.mainFrame());
  assert.ok(!blocked || !(await blocked.evaluate(() => !!window.syncscope).catch(() => false)), 'the frame was refused');
  assert.ok(log.csp.some((m) => m.includes('frame-ancestors') && m.includes(origins.app)), `refused by frame-ancestors: ${log.csp}`);
  assert.ok(!log.requests.some((r) => r.frame && r.frame.startsWith(origins.other) && r.url.startsWith(origins.app) && r.url !== appUrl),
    'nothing of SyncScope but the refused page was loaded for that origin');
  await context.close();
});

test("the portal's own #token= (demo links) is handed over and leaves the portal's address bar", async () => {
  const { context, log } = await openContext();
  const page = await context.newPage();
  await page.goto(`${origins.portal}/embed-example.html#token=${encodeURIComponent(api.token)}`);
  assert.equal(new URL(page.url()).hash, '', 'the token left the address bar at once');
  const frame = await waitForAppFrame(page);
  await waitForState(frame, (s) => s.view === 'services' && s.auth === 'ok', 'signed in with the token from #token=');
  assert.ok(!log.requests.some((r) => r.url.includes(api.token)), 'the token is in no requested URL');
  await context.close();
});

test('the loading screen shows the download progress of the wasm', async () => {
  const { context, log } = await openContext();
  const page = await context.newPage();
  await page.addInitScript(() => {
    window.__progress = [];
    const timer = setInterval(() => {
      const bar = document.getElementById('loading-progress');
      if (bar && !bar.hidden) window.__progress.push(bar.value);
      if (document.body && document.body.classList.contains('syncscope-ready')) clearInterval(timer);
    }, 10);
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: 200 * 1024, uploadThroughput: 1024 * 1024 });
  await page.goto(appUrl);
  await page.waitForFunction(() => document.body.classList.contains('syncscope-ready'), undefined, { timeout: 60000 });
  const values = await page.evaluate(() => window.__progress);
  const between = values.filter((v) => v > 0 && v < 1);
  assert.ok(between.length >= 2, `progress between 0 and 1 while downloading: ${JSON.stringify(values.slice(0, 40))}`);
  assert.equal(values[values.length - 1], 1);
  for (let i = 1; i < values.length; ++i) assert.ok(values[i] >= values[i - 1], 'progress never goes back');
  assert.deepEqual(log.consoleErrors, []);
  await context.close();
});

test('a bad config.json is named on screen; WebGL2 missing is said so', async () => {
  const { context } = await openContext();
  const page = await context.newPage();
  await page.route(`${appUrl}config.json`, (route) => route.fulfill({
    status: 200,
    contentType: 'application/json',
    body: JSON.stringify({ apiBaseUrl: '//evil.example/api', allowedParentOrigins: ['https://portal.example/'], refreshSecond: 5 }),
  }));
  await page.goto(appUrl);
  await page.waitForFunction(() => document.body.classList.contains('syncscope-fatal'), undefined, { timeout: 30000 });
  const text = await page.textContent('#loading-text');
  assert.match(text, /config\.json is invalid/);
  assert.match(text, /unknown key "refreshSecond"/);
  assert.match(text, /apiBaseUrl must be/);
  assert.match(text, /allowedParentOrigins\[0\] "https:\/\/portal\.example\/"/);
  await screenshot(page, 'embed-bad-config');

  const noWebGl = await context.newPage();
  await noWebGl.addInitScript(() => {
    const real = HTMLCanvasElement.prototype.getContext;
    HTMLCanvasElement.prototype.getContext = function (type, ...rest) {
      return type === 'webgl2' ? null : real.call(this, type, ...rest);
    };
  });
  await noWebGl.goto(appUrl);
  await noWebGl.waitForFunction(() => document.body.classList.contains('syncscope-fatal'), undefined, { timeout: 30000 });
  assert.match(await noWebGl.textContent('#loading-text'), /needs WebGL2/);
  await context.close();
});

test('a lost WebGL context shows a message, and SyncScope redraws when it is restored', async () => {
  const { context, log } = await openContext({ viewport: { width: 1000, height: 700 } });
  const page = await context.newPage();
  await page.goto(`${appUrl}#token=${encodeURIComponent(api.token)}`);
  await waitForState(page, (s) => s.view === 'services' && s.services.length > 0, 'services');
  await page.waitForTimeout(300);
  const before = await page.screenshot();
  await page.evaluate(() => {
    window.__lose = document.getElementById('canvas').getContext('webgl2').getExtension('WEBGL_lose_context');
    window.__lose.loseContext();
  });
  await page.waitForFunction(() => !document.getElementById('notice').hidden);
  assert.match(await page.textContent('#notice'), /graphics context was lost/);
  assert.equal(await page.getAttribute('#notice', 'role'), 'alert');
  const lost = await page.screenshot();
  const frames = (await waitForState(page, () => true, 'state')).frames;
  await page.evaluate(() => window.__lose.restoreContext());
  await page.waitForFunction(() => document.getElementById('notice').hidden);
  await waitForState(page, new Function('s', `return s.frames > ${frames};`), 'frames drawn again');
  await page.waitForTimeout(300);
  const after = await page.screenshot();
  // A drawn services list compresses far worse than the dark notice screen.
  assert.ok(after.length > 2 * lost.length, `redrawn: ${after.length} B vs ${lost.length} B while lost (${before.length} B before)`);
  // Still alive: input draws, data refreshes.
  const s = await waitForState(page, () => true, 'state');
  await page.mouse.move(200, 200);
  await page.mouse.move(220, 240);
  await waitForState(page, new Function('s', `return s.frames > ${s.frames};`), 'a frame after input');
  await screenshot(page, 'embed-context-restored');
  assert.deepEqual(log.consoleErrors, []);
  await context.close();
});
