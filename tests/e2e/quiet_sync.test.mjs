// End to end (issue 18, points 2 and 3): a sync that has gone quiet is noticed, and "Tell me when
// it finishes".
//
// One demo server at --speed 1 with --quiet-sync 90: one service's run starts with the server,
// writes its first 4 lines 1–2 s apart, is silent for 90 s, then writes again for about 30 s and
// finishes. The rule (max(60 s, 10 × the median gap)) makes the 60 s floor decide, so the mark must
// appear after 60 s of silence (not before) and within a few seconds of it, and clear when lines
// resume 30 s later; then the bell's notification, title and portal message when the run ends.
// The whole file follows that one run: about 2 min 10 s, most of it the silence itself.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { clickItem, launchBrowser, newPage, screenshot, startServer, waitForStateOf, waitUntil } from './harness.mjs';

const SILENCE_S = 90;
let server;
let browser;
let quiet; // the quiet run: {id, service_id, …} as the API lists it
let log; // a page on its log (notifications granted, and recorded)
let summary; // a page on its service's summary
let portal; // a portal page with SyncScope in a frame, on the same log (permission not granted)
let frame;

const api = async (path) => {
  const res = await fetch(`${server.origin}/api/v1${path}`, { headers: { Authorization: `Bearer ${server.token}` } });
  assert.equal(res.status, 200, `GET ${path}`);
  return res.json();
};

// Records every Notification made and every permission asked for (window.__notes, __asked), and
// every text the live region took (window.__said); the browser's own Notification still runs.
function recorder() {
  window.__notes = [];
  window.__asked = 0;
  window.__said = [];
  const Real = window.Notification;
  if (Real) {
    const Wrapped = function (title, options) {
      window.__notes.push({ title, body: options && options.body });
      return new Real(title, options);
    };
    Object.defineProperty(Wrapped, 'permission', { get: () => Real.permission });
    Wrapped.requestPermission = (...a) => {
      window.__asked += 1;
      return Real.requestPermission(...a);
    };
    window.Notification = Wrapped;
  }
  new MutationObserver(() => {
    const el = document.getElementById('a11y-live');
    const text = el && el.textContent;
    if (text && window.__said[window.__said.length - 1] !== text) window.__said.push(text);
  }).observe(document, { subtree: true, childList: true, characterData: true });
}

async function signedInAt(route, contextOptions = {}) {
  const p = await newPage(browser, contextOptions);
  await p.context.addInitScript(recorder);
  await p.page.goto(server.link);
  await waitForStateOf(p.page, (s) => s.view === 'services' && s.services.length > 0, 'signed in');
  await p.page.evaluate((r) => { window.location.hash = r; }, route);
  return p;
}

before(async () => {
  server = await startServer(['--quiet-sync', String(SILENCE_S)]);
  const startedAfter = Date.now() - 60000;
  // The quiet run: the manual run that started with the server (docs/demo-server.md).
  for (const s of (await api('/services?per_page=100')).data) {
    if (s.status !== 'active') continue;
    for (const y of (await api(`/services/${s.id}/syncs?per_page=20`)).data)
      if (y.status === 'running' && y.trigger === 'manual' && Date.parse(y.started_at) > startedAfter) quiet = y;
  }
  assert.ok(quiet, 'the --quiet-sync run is listed');
  browser = await launchBrowser();
  const logRoute = `/services/${quiet.service_id}/syncs/${quiet.id}`;
  log = await signedInAt(logRoute, { permissions: ['notifications'] });
  summary = await signedInAt(`/services/${quiet.service_id}`);
  // The portal: a page of the server's origin (frame-ancestors 'self' lets it frame SyncScope),
  // made here, whose config.json allows it as a parent; it records what the frame posts.
  portal = await newPage(browser);
  await portal.context.addInitScript(recorder);
  await portal.context.route(`${server.origin}/portal.html`, (r) => r.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><title>Portal</title><script>window.got = [];
      window.addEventListener('message', (e) => { if (e.origin === location.origin) window.got.push(e.data); });</script>
      <iframe id="app" width="1000" height="700" src="/#token=${encodeURIComponent(server.token)}"></iframe>`,
  }));
  await portal.context.route(`${server.origin}/config.json`, (r) => r.fulfill({
    contentType: 'application/json',
    body: JSON.stringify({ apiBaseUrl: '/api/v1', dialect: 'reference', allowedParentOrigins: [server.origin], refreshSeconds: 5 }),
  }));
  await portal.page.goto(`${server.origin}/portal.html`);
  frame = await (await portal.page.waitForSelector('#app')).contentFrame();
  await waitForStateOf(frame, (s) => s.view === 'services' && s.services.length > 0, 'signed in, in the frame', 30000);
  await frame.evaluate((r) => { window.location.hash = r; }, logRoute);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('a running sync that writes nothing for longer than max(60 s, 10 × its median gap) is marked quiet, in the log and its summary row, until lines come again', async () => {
  // Its first lines, then silence: not marked yet.
  const before = await waitForStateOf(log.page, (s) => s.view === 'log' && s.log && s.log.lastId === 4 && s.log.status === 'running',
    'the quiet run\'s first 4 lines', 30000);
  assert.equal(before.log.quiet, null, 'not quiet within the first minute of silence');
  assert.equal(before.log.notify, false);
  const newest = (await api(`/syncs/${quiet.id}/logs?tail=1`)).data[0];
  assert.equal(newest.id, 4);
  const lastAt = Date.parse(newest.at);
  const row = await waitForStateOf(summary.page, (s) => s.view === 'summary' && s.syncs.some((y) => y.id === quiet.id), 'the run in its summary');
  assert.equal(row.syncs.find((y) => y.id === quiet.id).quiet, false);
  assert.ok(row.syncs.every((y) => y.quiet === false), 'no row is quiet yet');

  // Marked after 60 s of silence (the floor: its lines came 1–2 s apart), within a few seconds.
  // (The test's clock is the server's: same machine, --speed 1. The app's is the server's Date
  // header, to the second.)
  const marked = await waitForStateOf(log.page, (s) => s.log && s.log.quiet !== null, 'the quiet mark', (SILENCE_S + 20) * 1000);
  const markedAfter = Date.now() - lastAt;
  assert.ok(markedAfter >= 59000, `marked after ${markedAfter} ms of silence: not before 60 s`);
  assert.ok(markedAfter <= 66000, `marked after ${markedAfter} ms of silence: within a few seconds of 60 s`);
  assert.ok(marked.log.quiet.silentMs > 59000 && marked.log.quiet.silentMs < 70000, JSON.stringify(marked.log.quiet));
  assert.ok(marked.log.quiet.typicalMs >= 1000 && marked.log.quiet.typicalMs <= 2000, `typical gap ${marked.log.quiet.typicalMs} ms`);
  // The header draws it: read from the settled picture (the state changes in the app's tick, the
  // frame that draws it comes after; a fresh-clone run read the rect in between once).
  await log.page.waitForFunction(() => window.syncscope.settled() && window.syncscope.itemRect('log.quiet'), null, { timeout: 10000, polling: 50 });
  // The live region told it once, in the header's words.
  const told = await waitUntil(async () => {
    const said = (await log.page.evaluate(() => window.__said)).filter((t) => /No new line for/.test(t));
    return said.length ? said : null;
  }, 'the live region');
  assert.equal(told.length, 1, JSON.stringify(told));
  assert.match(told[0], /^No new line for 1 min \d+ s — this sync usually writes every [12](\.\d)? s\.$/);
  await screenshot(log.page, 'quiet-sync-log');
  // The summary row too (its newest line asked for every 15 s: one line).
  await waitForStateOf(summary.page, (s) => s.syncs.some((y) => y.id === quiet.id && y.quiet), 'the summary row marked quiet', 30000);
  assert.ok(summary.requests.some((r) => r.url.endsWith(`/api/v1/syncs/${quiet.id}/logs?tail=1`)), 'the newest line, one line');
  await summary.page.waitForFunction((id) => window.syncscope.settled() && window.syncscope.itemRect(`summary.quiet.${id}`), quiet.id, { timeout: 10000, polling: 50 });
  await screenshot(summary.page, 'quiet-sync-summary');

  // Lines again: the mark clears, in both.
  const cleared = await waitForStateOf(log.page, (s) => s.log.lastId > 4, 'lines again', (SILENCE_S + 10) * 1000);
  assert.equal(cleared.log.quiet, null);
  assert.equal(cleared.log.status, 'running');
  await waitForStateOf(summary.page, (s) => s.syncs.some((y) => y.id === quiet.id && !y.quiet), 'the summary row no longer quiet', 30000);
  // Told once only, all along.
  assert.equal((await log.page.evaluate(() => window.__said)).filter((t) => /No new line for/.test(t)).length, 1);
});

test('"Tell me when it finishes": the bell asks for the permission on click, then the outcome shows as a notification, in the title, and to a portal', async () => {
  // Still running (about 30 s of lines left after the silence).
  await waitForStateOf(frame, (s) => s.view === 'log' && s.log && s.log.syncId === quiet.id && s.log.lastId > 4, 'the log in the frame', 20000);
  assert.equal(await frame.evaluate(() => window.__asked), 0, 'no permission asked before the bell');
  assert.equal(await log.page.evaluate(() => window.__asked), 0);

  await clickItem(log.page, 'log.notify');
  await waitForStateOf(log.page, (s) => s.log.notify === true, 'the bell on');
  // In the frame: its rect, moved by the frame's place in the portal, clicked with the mouse.
  const r = await (await frame.waitForFunction(() => window.syncscope.settled() && window.syncscope.itemRect('log.notify'), null, { timeout: 10000, polling: 50 })).jsonValue();
  const box = await (await portal.page.$('#app')).boundingBox();
  await portal.page.mouse.click(box.x + r.x + r.w / 2, box.y + r.y + r.h / 2);
  await waitForStateOf(frame, (s) => s.log.notify === true, 'the bell on, in the frame');
  // Asked where the permission was not given yet (the frame's page), on the click.
  assert.equal(await frame.evaluate(() => window.__asked), 1, 'the permission asked once, by the click');
  // The frame leaves the log for the service's summary: the bell goes along (state().bells), and
  // the portal is still told when the run ends.
  await frame.evaluate((r) => { window.location.hash = r; }, `#/services/${quiet.service_id}`);
  const left = await waitForStateOf(frame, (s) => s.view === 'summary' && s.log === null, 'the frame on the summary');
  assert.deepEqual(left.bells, [quiet.id], 'the bell watched with its log left');
  const titleBefore = await log.page.title();
  assert.doesNotMatch(titleBefore, /finished/);

  // The run finishes: its outcome, as the API says it.
  const done = await waitForStateOf(log.page, (s) => s.log.status !== 'running', 'the run to finish', 90000);
  const status = (await api(`/syncs/${quiet.id}`)).status;
  assert.match(status, /^(success|partial)$/);
  assert.equal(done.log.status, status);
  assert.equal(done.log.notify, false, 'told once: the bell goes off');
  const outcome = `Sync #${quiet.id} finished: ${status}`;
  await waitUntil(async () => (await log.page.title()) === `${outcome} — SyncScope`, 'the outcome in the title');
  const notes = await log.page.evaluate(() => window.__notes);
  assert.deepEqual(notes, [{ title: outcome, body: 'SyncScope' }], 'one notification, the outcome only');
  // In the portal: the message (reference status words).
  const got = await waitUntil(async () => {
    const all = await portal.page.evaluate(() => window.got);
    const finished = all.filter((m) => m && m.type === 'syncscope:sync-finished');
    return finished.length ? finished : null;
  }, 'syncscope:sync-finished in the portal', 20000);
  assert.deepEqual(got, [{ type: 'syncscope:sync-finished', syncId: quiet.id, status }]);
  assert.deepEqual((await waitForStateOf(frame, (s) => s.bells.length === 0, 'the frame\'s bell gone once told')).bells, []);
  await screenshot(log.page, 'notify-finished');
  // The title is the view's again once the user does something.
  await log.page.mouse.move(640, 400);
  await log.page.mouse.down();
  await log.page.mouse.up();
  await waitUntil(async () => !/finished/.test(await log.page.title()), 'the view\'s title back after a click');
});
