// End to end: SyncScope embedded in a portal and served as static files by a real nginx (Debian's,
// started here as a child process) under a sub-path, with the API on another origin (the demo
// server with --allow-origin, so every API call is a CORS request with a preflight).
//
//   http://127.0.0.1:<app>/tools/syncscope/   nginx, web/nginx.conf as deployers get it (the four
//                                             example values replaced), build/web copied in
//   http://127.0.0.1:<portal>/                nginx: web/embed-example.{html,js,css}, the portal
//                                             (sent with Referrer-Policy: no-referrer)
//   http://127.0.0.1:<evil>/                  nginx: pages of an origin config.json does not
//                                             allow (but frame-ancestors does: defence in depth)
//   http://127.0.0.1:<other>/                 nginx: a page frame-ancestors does not allow
//   http://127.0.0.1:<api>/api/v1             the demo server
//   http://127.0.0.1:<live>/api/v1            another, at --speed 20 with --admin (faults on demand),
//                                             for the live region's announcements
//
// Checked in Chromium: the example portal embeds SyncScope, hands it a token by postMessage and
// follows and drives its route; keyboard (Tab into the frame included), wheel and clipboard (copy,
// and paste from the system clipboard) work inside the frame; no console errors and no CSP
// violations; the token in no URL; messages from a disallowed origin, or from another window than
// the parent, are ignored and get no answer; the browser's CORS preflight and its answer; headers
// and types as configured, by nginx and by web/_headers; the loading progress, the WebGL2 and
// config.json messages, context loss and restore; and what Chromium's accessibility tree holds
// (the canvas' label, the view summary with the selected sync, and the live region announcing
// view changes, a failed refresh and a sync finishing).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { launchBrowser, ROOT, screenshot, setFaults, startServer, WEB_ROOT, waitForStateOf as waitForState, waitUntil } from './harness.mjs';

const NGINX = '/usr/sbin/nginx';
const BROTLI_MODULE = '/usr/lib/nginx/modules/ngx_http_brotli_static_module.so';
const SUB_PATH = '/tools/syncscope/';
const IMMUTABLE = 'public, max-age=31536000, immutable';

let tmp;
let nginx;
let nginxLog = [];
let api;
let liveApi; // a second demo API: simulated time 20× faster, faults switchable (--admin)
let browser;
let origins;
let csp; // the Content-Security-Policy the app's nginx is configured with
let appUrl;

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
  // The same site pointed at this one (by its own config.json) sees running syncs finish within a
  // minute and the API fail on demand: the accessibility test's.
  liveApi = await startServer(['--allow-origin', origins.app, '--admin', '--speed', '20', '--seed', '5']);
  origins.live = liveApi.origin;

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
  conf = replaceExactly(conf, 'https://api.example.com;', `${origins.api} ${origins.live};`);
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
      ${plain(portalPort, portalRoot, `add_header Content-Security-Policy "default-src 'self'; frame-src ${origins.app}" always;
        add_header Referrer-Policy "no-referrer" always;`)}
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
  await liveApi?.stop();
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
      if (log.meta.last_id >= 80) return { serviceId: s.id, syncId: y.id, status: y.status };
    }
  }
  throw new Error('the demo data has no finished sync with 80 lines');
}

// Chromium's accessibility tree for one frame, as a screen reader gets it: every node that is not
// ignored ({role, name}), and what the live region and the view summary hold — the text of their
// StaticText descendants, the words a screen reader speaks (not the DOM's textContent).
async function axTree(page, frame) {
  const cdp = await page.context().newCDPSession(page);
  let nodes;
  try {
    const { frameTree } = await cdp.send('Page.getFrameTree');
    const all = [];
    const walk = (t) => { all.push(t.frame); (t.childFrames || []).forEach(walk); };
    walk(frameTree);
    const target = all.find((f) => f.url === frame.url().replace(/#.*$/, ''));
    assert.ok(target, 'the frame is in the frame tree');
    ({ nodes } = await cdp.send('Accessibility.getFullAXTree', { frameId: target.id }));
  } finally {
    await cdp.detach().catch(() => {});
  }
  const byId = new Map(nodes.map((n) => [n.nodeId, n]));
  const role = (n) => n.role?.value;
  const prop = (n, name) => (n.properties || []).find((p) => p.name === name)?.value?.value;
  const text = (n) => {
    if (!n || n.ignored) return '';
    if (role(n) === 'StaticText') return n.name?.value ?? '';
    return (n.childIds || []).map((id) => text(byId.get(id))).join('');
  };
  const shown = nodes.filter((n) => !n.ignored);
  const lives = shown.filter((n) => prop(n, 'live') === 'polite' || prop(n, 'live') === 'assertive');
  assert.ok(lives.length <= 1, `one live region in the tree, not ${lives.length}`);
  const region = shown.find((n) => role(n) === 'region' && n.name?.value === 'Current view');
  const under = (root, r) => {
    const out = [];
    const visit = (n) => {
      if (!n || n.ignored) return;
      if (role(n) === r) out.push(n);
      (n.childIds || []).forEach((id) => visit(byId.get(id)));
    };
    if (root) visit(root);
    return out;
  };
  return {
    nodes: shown.map((n) => ({ role: role(n), name: n.name?.value ?? '' })),
    live: lives.length ? { role: role(lives[0]), atomic: prop(lives[0], 'atomic'), text: text(lives[0]) } : null,
    summary: region ? { heading: text(under(region, 'heading')[0]), items: under(region, 'listitem').map(text) } : null,
  };
}

// Waits until the frame's accessibility tree satisfies pred(tree); resolves with that tree.
async function waitForAx(page, frame, pred, what, timeout = 30000) {
  let last = null;
  try {
    return await waitUntil(async () => {
      last = await axTree(page, frame).catch((e) => ({ error: e.message }));
      return !last.error && pred(last) && last;
    }, what, timeout);
  } catch (e) {
    throw new Error(`${e.message}; the live region: ${JSON.stringify(last?.live)}; the summary: ${JSON.stringify(last?.summary)}`);
  }
}

const escapeRe = (t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

test('static output under a sub-path: types, caching, precompression and the CSP as configured', async () => {
  const index = await get(appUrl, { 'Accept-Encoding': 'gzip' });
  assert.equal(index.status, 200);
  assert.match(index.headers['content-type'], /^text\/html/);
  assert.equal(index.headers['cache-control'], 'no-cache');
  assert.equal(index.headers['content-security-policy'], csp);
  assert.equal(index.headers['content-encoding'], 'gzip');
  assert.equal(index.headers['x-content-type-options'], 'nosniff');
  // Issue 13: no <base> may re-point the page's relative URLs, no form may post anywhere, no
  // Referer leaves the page, and browsers keep to https once they saw it there.
  for (const directive of ["base-uri 'none'", "form-action 'none'"]) assert.ok(csp.split('; ').includes(directive), directive);
  assert.equal(index.headers['referrer-policy'], 'no-referrer');
  assert.match(index.headers['strict-transport-security'] ?? '', /^max-age=\d{7,}/);

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
  // The other content-hashed files the page names: their type, a year's caching, and nosniff.
  const hashed = (re) => {
    const f = readdirSync(site).find((x) => re.test(x));
    assert.ok(f, `build/web has a file named like ${re}`);
    assert.ok(html.includes(`"${f}"`), `index.html names ${f}`);
    return f;
  };
  const loader = hashed(/^loader\.[0-9a-f]{8,}\.js$/);
  const css = hashed(/^syncscope\.[0-9a-f]{8,}\.css$/);
  const favicon = hashed(/^favicon\.[0-9a-f]{8,}\.svg$/);
  for (const [file, type] of [[js, /^text\/javascript(;|$)/], [loader, /^text\/javascript(;|$)/], [css, /^text\/css(;|$)/],
    [favicon, /^image\/svg\+xml(;|$)/], [`fonts/${font}`, /^font\/ttf$/]]) {
    const r = await get(appUrl + file, { 'Accept-Encoding': 'br, gzip' });
    assert.equal(r.status, 200, file);
    assert.match(r.headers['content-type'], type, file);
    assert.equal(r.headers['cache-control'], IMMUTABLE, file);
    assert.equal(r.headers['x-content-type-options'], 'nosniff', file);
  }

  const config = await get(appUrl + 'config.json', { 'Accept-Encoding': 'br, gzip' });
  assert.match(config.headers['content-type'], /^application\/json/);
  assert.equal(config.headers['cache-control'], 'no-cache');
  assert.equal(config.headers['content-encoding'], undefined, 'config.json stays plain (deployers edit it)');
  assert.equal(JSON.parse(config.body).apiBaseUrl, `${origins.api}/api/v1`);

  const missing = await get(appUrl + 'nothing.here');
  assert.equal(missing.status, 404);
  assert.equal(missing.headers['cache-control'], 'no-cache');
  assert.equal(missing.headers['content-security-policy'], csp);
  assert.equal(missing.headers['referrer-policy'], 'no-referrer');
  console.log(`# wasm over nginx: ${sizes.identity} B raw, ${sizes.gzip} B gzip, ${sizes.br} B brotli`);

  // The templates are not part of the site.
  for (const f of ['nginx.conf', '_headers', 'embed-example.html']) assert.ok(!existsSync(path.join(site, f)), f);
});

// web/_headers as Netlify and Cloudflare Pages read it: rules of a path pattern ("*" matches
// anything, slashes included; ":name" one segment) and indented "Name: value" lines; every rule
// that matches a path adds its headers.
function parseHeadersFile(text) {
  const rules = [];
  text.split('\n').forEach((line, i) => {
    if (/^\s*(#|$)/.test(line)) return;
    if (/^\//.test(line)) {
      rules.push({ pattern: line.trim(), line: i + 1, headers: [] });
      return;
    }
    const m = /^\s+([A-Za-z0-9-]+):\s*(.*?)\s*$/.exec(line);
    assert.ok(m && rules.length, `web/_headers line ${i + 1} is neither a path, a header nor a comment: ${line}`);
    rules[rules.length - 1].headers.push({ name: m[1].toLowerCase(), value: m[2] });
  });
  for (const r of rules) {
    const re = r.pattern.split(/(\*|:[A-Za-z]\w*)/).map((part) =>
      part === '*' ? '.*' : part.startsWith(':') ? '[^/]+' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('');
    r.matches = (p) => new RegExp(`^${re}$`).test(p);
  }
  return rules;
}

test('web/_headers gives every file of the site the Cache-Control, CSP and nosniff the nginx config gives it', async () => {
  const rules = parseHeadersFile(readFileSync(path.join(ROOT, 'web/_headers'), 'utf8'));
  assert.ok(rules.length >= 5, 'web/_headers has rules');
  // Its example origins replaced as the nginx config's were.
  for (const r of rules) {
    for (const h of r.headers) {
      if (h.name !== 'content-security-policy') continue;
      h.value = replaceExactly(h.value, 'connect-src \'self\' https://api.example.com', `connect-src 'self' ${origins.api} ${origins.live}`);
      h.value = replaceExactly(h.value, 'frame-ancestors https://portal.example.com', `frame-ancestors ${origins.portal} ${origins.evil}`);
    }
  }
  // Every file the site has (the precompressed copies aside: those hosts compress by themselves,
  // and nothing names them), and the folder itself, which is index.html.
  const site = path.join(tmp, 'www', SUB_PATH);
  const files = [];
  const walk = (dir, rel) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(dir, e.name), `${rel}${e.name}/`);
      else if (!/\.(gz|br)$/.test(e.name)) files.push(rel + e.name);
    }
  };
  walk(site, '');
  assert.ok(files.includes('index.html') && files.includes('config.json'));
  const paths = ['/', ...files.map((f) => `/${f}`)];
  const checked = [];
  for (const p of paths) {
    const matching = rules.filter((r) => r.matches(p));
    const given = new Map();
    for (const r of matching) {
      for (const h of r.headers) {
        // Cloudflare Pages would join two values into one header ("immutable, no-cache").
        assert.ok(!given.has(h.name), `${p}: ${h.name} set by the rules of lines ${given.get(h.name)?.line} and ${r.line}`);
        given.set(h.name, { value: h.value, line: r.line });
      }
    }
    const served = await get(appUrl + p.slice(1), { 'Accept-Encoding': 'identity' });
    assert.equal(served.status, 200, p);
    // What nginx sends of these, _headers sends the same; and nothing that nginx does not.
    for (const name of ['cache-control', 'content-security-policy', 'x-content-type-options', 'referrer-policy', 'strict-transport-security']) {
      assert.equal(given.get(name)?.value, served.headers[name], `${p}: ${name} by web/_headers vs web/nginx.conf`);
    }
    for (const [name, { value }] of given) assert.equal(value, served.headers[name], `${p}: ${name}`);
    checked.push(`${p} ${served.headers['cache-control']}`);
  }
  // The cases that matter most, named: every hashed file immutable, the two fixed names revalidated.
  for (const p of paths) {
    const cache = rules.filter((r) => r.matches(p)).flatMap((r) => r.headers).find((h) => h.name === 'cache-control')?.value;
    if (/\.[0-9a-f]{8,}\.[a-z0-9]+$/.test(p)) assert.equal(cache, IMMUTABLE, p);
    else assert.equal(cache, 'no-cache', p);
  }
  for (const p of ['/', '/index.html']) {
    assert.ok(rules.some((r) => r.matches(p) && r.headers.some((h) => h.name === 'content-security-policy' && h.value === csp)), `the CSP on ${p}`);
  }
  // No rule is dead: each matches a file the build really has (a renamed file would leave its
  // rule behind, and the file itself without a rule).
  for (const r of rules) assert.ok(paths.some((p) => r.matches(p)), `the rule of line ${r.line}, "${r.pattern}", matches no file of build/web`);
  console.log(`# web/_headers agrees with web/nginx.conf on ${checked.length} paths`);
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
  // The portal sends no referrer (Referrer-Policy: no-referrer), but the iframe's
  // referrerpolicy="origin" still tells SyncScope its parent's origin (what Firefox relies on).
  assert.equal(await frame.evaluate(() => document.referrer), `${origins.portal}/`);
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
  const ax = await waitForAx(page, frame, (t) => t.live?.text.startsWith(`Service “${serviceName}”. `) &&
    t.summary?.items.some((i) => i.includes('syncs shown from the last 24 hours')), 'the summary view announced and summarised');
  assert.ok(ax.nodes.some((n) => n.role === 'Canvas' && n.name === 'SyncScope: integration sync logs'), 'the canvas is labelled');
  assert.equal(ax.summary.heading, `Service “${serviceName}”`, 'the summary heading');
  assert.match(ax.live.text, new RegExp(`^Service “${escapeRe(serviceName)}”\\. \\d+ syncs? shown(?: of \\d+)? from the last 24 hours\\.$`));
  assert.equal(ax.live.role, 'status');
  assert.equal(ax.live.atomic, true, 'the live region is read whole');

  // The portal drives: navigate to a long, finished sync's log.
  const target = await longFinishedSync();
  const route = `/services/${target.serviceId}/syncs/${target.syncId}`;
  await page.fill('#route', route);
  await page.click('#route-form button');
  await waitForState(frame, new Function('s', `return s.view === 'log' && s.log && s.log.syncId === ${target.syncId} && s.log.lines > 0;`), 'the log after syncscope:navigate');
  await page.waitForFunction((r) => document.getElementById('current-route').textContent === r, route);
  // Announced, and the selected sync (with its status as the API has it) in the summary — both as
  // the accessibility tree holds them.
  const selected = `Selected sync ${target.syncId}: ${target.status}`;
  const logAx = await waitForAx(page, frame, (t) => t.live?.text.startsWith(`Sync ${target.syncId} of service`) &&
    t.summary?.items.some((i) => i.startsWith(selected)), 'the log view announced, with the selected sync in the summary');
  assert.match(logAx.summary.heading, new RegExp(`^Sync ${target.syncId} of service “.+”$`));
  // Spoken: the heading and the selected sync's line as it was when the log arrived (the counts
  // may come a moment later, with the sync's own record; the summary then has them).
  const details = '(, pulled \\d+, pushed \\d+)?(, \\d+ errors?)?(, \\d+ warnings?)?\\.$';
  assert.match(logAx.live.text, new RegExp(`^${escapeRe(logAx.summary.heading)}\\. ${escapeRe(selected)}${details}`));
  assert.match(logAx.summary.items[0], new RegExp(`^${escapeRe(selected)}${details}`));
  assert.ok(logAx.summary.items.some((i) => /^\d+ log lines held, \d+ shown\.$/.test(i)), JSON.stringify(logAx.summary.items));

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

test("the API on another origin: Chromium's CORS preflight is made, and answered with the right Access-Control-Allow-* headers", async () => {
  const { context, log } = await openContext();
  const page = await context.newPage();
  // The browser's own network events, the preflights included (Playwright's do not list them).
  const cdp = await context.newCDPSession(page);
  const net = new Map();
  const entry = (id) => net.get(id) ?? net.set(id, { id }).get(id);
  cdp.on('Network.requestWillBeSent', (e) => Object.assign(entry(e.requestId), {
    url: e.request.url, method: e.request.method, initiator: e.initiator, requestHeaders: e.request.headers }));
  cdp.on('Network.requestWillBeSentExtraInfo', (e) => { entry(e.requestId).sentHeaders = e.headers; });
  cdp.on('Network.responseReceivedExtraInfo', (e) => Object.assign(entry(e.requestId), { status: e.statusCode, responseHeaders: e.headers }));
  cdp.on('Network.responseReceived', (e) => { entry(e.requestId).type = e.type; });
  cdp.on('Network.loadingFailed', (e) => Object.assign(entry(e.requestId), { failed: e.errorText, corsError: e.corsErrorStatus }));
  await cdp.send('Network.enable');
  await page.goto(`${appUrl}#token=${encodeURIComponent(api.token)}`);
  await waitForState(page, (s) => s.view === 'services' && s.auth === 'ok' && s.services.length > 0, 'services from the API on its own origin');

  const lower = (h = {}) => Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
  const listed = (v) => (v ?? '').split(',').map((x) => x.trim().toLowerCase()).filter(Boolean);
  const servicesUrl = `${origins.api}/api/v1/services?page=1&per_page=100`;
  let preflight;
  await waitUntil(() => (preflight = [...net.values()].find((r) => r.method === 'OPTIONS' && r.url === servicesUrl && r.responseHeaders)),
    'the preflight of GET /services and its answer', 15000).catch((e) =>
    assert.fail(`${e.message}; requests to the API: ${JSON.stringify([...net.values()].filter((r) => r.url?.startsWith(origins.api)).map((r) => `${r.method} ${r.url} ${r.status}`))}`));
  assert.equal(preflight.type, 'Preflight');
  assert.equal(preflight.initiator?.type, 'preflight');
  const asked = lower(preflight.sentHeaders ?? preflight.requestHeaders);
  assert.equal(asked.origin, origins.app, 'the preflight comes from SyncScope\'s origin (not the portal\'s)');
  assert.equal(asked['access-control-request-method'], 'GET');
  assert.ok(listed(asked['access-control-request-headers']).includes('authorization'), `asked for: ${asked['access-control-request-headers']}`);
  const answer = lower(preflight.responseHeaders);
  assert.equal(preflight.status, 204);
  assert.equal(answer['access-control-allow-origin'], origins.app);
  for (const h of listed(asked['access-control-request-headers'])) assert.ok(listed(answer['access-control-allow-headers']).includes(h), `${h} allowed: ${answer['access-control-allow-headers']}`);
  assert.ok(listed(answer['access-control-allow-methods']).includes('get'), answer['access-control-allow-methods']);
  assert.equal(answer['access-control-max-age'], '600');
  assert.ok(listed(answer.vary).includes('origin'), `Vary: ${answer.vary}`);
  assert.equal(preflight.failed, undefined);

  // The request it cleared went out with the token and was let through to SyncScope.
  const actual = net.get(preflight.initiator.requestId);
  assert.ok(actual, 'the preflight names the request it clears');
  assert.equal(actual.method, 'GET');
  assert.equal(actual.url, servicesUrl);
  assert.equal(lower(actual.sentHeaders).authorization, `Bearer ${api.token}`);
  assert.equal(actual.status, 200);
  assert.equal(lower(actual.responseHeaders)['access-control-allow-origin'], origins.app);
  assert.ok(listed(lower(actual.responseHeaders)['access-control-expose-headers']).includes('etag'));
  // Every API request of this page passed CORS; and the server saw the preflights itself.
  const toApi = [...net.values()].filter((r) => r.url?.startsWith(origins.api));
  assert.deepEqual(toApi.filter((r) => r.failed || r.corsError), [], 'no API request failed CORS');
  assert.ok(api.stderr.join('').split('\n').some((l) => l.startsWith('OPTIONS /api/v1/services 204 ')), 'the demo server logged the preflight');
  assert.deepEqual(log.consoleErrors, []);
  await cdp.detach();
  await context.close();

  // The same preflight by hand from an origin the API does not allow (the portal's) is given no
  // Access-Control-Allow-* at all; from SyncScope's, the headers above.
  const preflightFrom = (origin) => fetch(`${origins.api}/api/v1/services`, {
    method: 'OPTIONS',
    headers: { Origin: origin, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' },
  });
  const allowed = await preflightFrom(origins.app);
  assert.equal(allowed.headers.get('access-control-allow-origin'), origins.app);
  const refused = await preflightFrom(origins.portal);
  for (const h of ['access-control-allow-origin', 'access-control-allow-headers', 'access-control-allow-methods']) {
    assert.equal(refused.headers.get(h), null, `${h} for a disallowed origin`);
  }
});

test('in the frame: Tab from the portal reaches the canvas, and a paste from the system clipboard lands in the log search', async () => {
  const { context, log } = await openContext();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: origins.portal });
  const page = await context.newPage();
  await page.goto(`${origins.portal}/embed-example.html#token=${encodeURIComponent(api.token)}`);
  const frame = await waitForAppFrame(page);
  await waitForState(frame, (s) => s.view === 'services' && s.auth === 'ok' && s.services.length > 0, 'signed in');
  const target = await longFinishedSync();
  await page.fill('#route', `/services/${target.serviceId}/syncs/${target.syncId}`);
  await page.click('#route-form button');
  await waitForState(frame, new Function('s', `return s.view === 'log' && s.log && s.log.syncId === ${target.syncId} && s.log.complete && s.log.query === '';`), 'the log, complete', 30000);
  // Text the log holds, put on the system clipboard by the portal (another app would do as well).
  const first = (await apiGet(`/syncs/${target.syncId}/logs?after_id=0&limit=1`)).data[0];
  const text = first.message.split(/\s+/).slice(0, 2).join(' ');
  assert.ok(text.length >= 3, `a search text from the first line: "${first.message}"`);
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);

  // The keyboard alone: from the portal's last control, Tab enters the frame and lands on the
  // canvas (SyncScope did not take the focus by itself).
  await page.focus('#route-form button');
  assert.equal(await frame.evaluate(() => document.hasFocus()), false, 'the frame has no focus yet');
  await page.keyboard.press('Tab');
  await frame.waitForFunction(() => document.hasFocus() && document.activeElement && document.activeElement.id === 'canvas',
    undefined, { timeout: 10000, polling: 50 });
  // Keys reach SyncScope: Ctrl+F opens the log's search; Ctrl+V pastes the clipboard into it,
  // straight after, as fast as the keys can be pressed (the paste waits for the field).
  await page.keyboard.press('Control+F');
  await page.keyboard.press('Control+V');
  const s = await waitForState(frame, new Function('s', `return s.log.query === ${JSON.stringify(text)} && s.log.matches > 0;`), 'the pasted text in the log search');
  assert.equal(await frame.evaluate(() => document.activeElement.id), 'canvas', 'the canvas kept the keyboard');
  // A screen reader hears of it too.
  await waitForAx(page, frame, (t) => t.summary?.items.some((i) => i.includes(`, ${s.log.matches} matching “${text}”.`)), 'the search in the summary');
  await screenshot(page, 'embed-paste-search');
  // And the keyboard alone gets out again: Shift+Tab, straight from the search field, goes back
  // to the portal's last control (no keyboard trap), and the search keeps its text.
  await page.keyboard.press('Shift+Tab');
  await page.waitForFunction(() => document.activeElement && document.activeElement.matches('#route-form button'),
    undefined, { timeout: 10000, polling: 50 });
  assert.equal(await frame.evaluate(() => document.hasFocus()), false, 'the frame let the focus go');
  const left = await frame.evaluate(() => window.syncscope.state());
  assert.equal(left.view, 'log', 'Shift+Tab did nothing inside SyncScope');
  assert.equal(left.log.query, text, 'the search kept its text');
  await page.keyboard.press('Tab');  // and back in
  await frame.waitForFunction(() => document.hasFocus() && document.activeElement && document.activeElement.id === 'canvas',
    undefined, { timeout: 10000, polling: 50 });
  assert.deepEqual(log.consoleErrors.filter((e) => !/status of 404/.test(e)), []);
  await context.close();
});

// The second API, as the test's own caller (the raw token: not the app's rate-limit bucket).
async function liveGet(pathAndQuery) {
  const res = await fetch(`${origins.live}/api/v1${pathAndQuery}`, { headers: { Authorization: liveApi.token } });
  assert.equal(res.status, 200, pathAndQuery);
  return res.json();
}

async function setLiveFaults(faults) {
  await setFaults(liveApi, faults);
}

// A sync of the demo's "always running" service with 400 simulated seconds (20 s here) or more to
// go: its syncs take about 15 simulated minutes (45 s at --speed 20), so it runs on long enough to
// open its log and fail a refresh, and then finishes while the test watches.
async function freshLongRunningSync() {
  let steady = null;
  for (const s of (await liveGet('/services?per_page=100')).data) {
    if (s.status !== 'active') continue;
    const last = (await liveGet(`/services/${s.id}/syncs?per_page=3`)).data;
    if (last.some((y) => y.status === 'running') && last.some((y) => y.finished_at && y.duration_ms >= 5 * 60000)) steady = s;
  }
  assert.ok(steady, 'the demo has a service with a long sync running');
  const end = Date.now() + 120000;
  for (;;) {
    const last = (await liveGet(`/services/${steady.id}/syncs?per_page=3`)).data;
    const running = last.find((y) => y.status === 'running');
    const previous = last.find((y) => y.finished_at);
    if (running && previous && running.duration_ms < previous.duration_ms - 400000) return { serviceId: steady.id, syncId: running.id };
    assert.ok(Date.now() < end, `no new sync of service ${steady.id} started: ${JSON.stringify(last.map((y) => [y.id, y.status, y.duration_ms]))}`);
    await new Promise((r) => setTimeout(r, 1000)); // polling an API at its own pace, not a sleep
  }
}

test('the live region announces, in the accessibility tree, a failed refresh and the sync on screen finishing', async () => {
  const { context, log } = await openContext();
  const page = await context.newPage();
  // The site's config.json as a deployment against the second API would have it.
  await page.route(`${appUrl}config.json`, async (route) => {
    const res = await route.fetch();
    const config = await res.json();
    await route.fulfill({ response: res, json: { ...config, apiBaseUrl: `${origins.live}/api/v1`, refreshSeconds: 2 } });
  });
  await page.goto(`${origins.portal}/embed-example.html#token=${encodeURIComponent(liveApi.token)}`);
  const frame = await waitForAppFrame(page);
  await waitForState(frame, (s) => s.view === 'services' && s.auth === 'ok' && s.services.length > 0, 'signed in to the second API', 60000);

  const target = await freshLongRunningSync();
  const id = target.syncId;
  await page.fill('#route', `/services/${target.serviceId}/syncs/${id}`);
  await page.click('#route-form button');
  await waitForState(frame, new Function('s', `return s.view === 'log' && s.log && s.log.syncId === ${id} && s.log.lines > 0 && s.log.live;`), 'the running log, live', 30000);
  await waitForAx(page, frame, (t) => t.live?.text.startsWith(`Sync ${id} of service `) && t.summary?.items[0]?.startsWith(`Selected sync ${id}: running`),
    'the running sync announced and selected');

  // (a) The API fails while the log is live: the next refresh fails, and that is spoken.
  await setLiveFaults({ fail_rate: 1 });
  let failed;
  try {
    failed = await waitForAx(page, frame, (t) => /^Error: Could not refresh /.test(t.live?.text ?? ''), 'the failed refresh announced', 30000);
  } finally {
    await setLiveFaults({ fail_rate: 0 });
  }
  assert.match(failed.live.text, /^Error: Could not refresh the (log|sync): .*\(HTTP 50[023]\)\. Showing the (lines|sync) as of .+\.$/);
  assert.ok(failed.summary.items.includes(failed.live.text), `the summary says it too: ${JSON.stringify(failed.summary.items)}`);
  const banner = (await waitForState(frame, (s) => s.banner !== '', 'the banner')).banner;
  assert.ok(failed.live.text.endsWith(banner) || /^Could not refresh /.test(banner), `the banner: ${banner}`);

  // (b) The fault is gone: SyncScope recovers by itself, and the sync finishing is spoken.
  const done = await waitForAx(page, frame, (t) => t.live?.text.includes(`Sync ${id} finished: `), 'the finished sync announced', 150000);
  const sync = await liveGet(`/syncs/${id}`);
  assert.notEqual(sync.status, 'running');
  // (With the final counts when the sync's own record had arrived by then.)
  assert.match(done.live.text, new RegExp(`(^|\\. )Sync ${id} finished: ${sync.status}(, pulled ${sync.pulled_count}, pushed ${sync.pushed_count})?\\.$`));
  // The summary's selected sync, read from the tree, has the new status; no error is left.
  const after = await waitForAx(page, frame, (t) => t.summary?.items[0]?.startsWith(`Selected sync ${id}: ${sync.status}`), 'the summary after the finish');
  assert.ok(!after.summary.items.some((i) => i.startsWith('Error: ')), JSON.stringify(after.summary.items));
  const s = await waitForState(frame, (st) => st.banner === '' && st.log.status !== 'running', 'recovered, finished');
  assert.equal(s.log.status, sync.status);
  await screenshot(page, 'embed-a11y-finished');

  // Only the injected failures went wrong.
  const expected = /^Failed to load resource: the server responded with a status of (50[023]|404) /;
  assert.deepEqual(log.consoleErrors.filter((e) => !expected.test(e)), []);
  assert.deepEqual(log.csp, []);
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
