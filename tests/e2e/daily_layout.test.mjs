// End to end, in headless Chromium against the demo server (issue 16, points 3, 7 and 10):
//   * the summary's Reason column shows a failed run's reason (the API's `summary`), cut to fit,
//     whole in a tooltip on hover; the summary's search finds runs by a word of their reason;
//   * a finished sync's log has no auto-refresh switch, a running one has it; switches that are
//     on are filled in their accent, unlike action buttons and unlike the switch off;
//   * at 400 px wide nothing is clipped or hidden (services list, summary, log header, sign-in,
//     both themes): the breadcrumbs and the top bar's buttons do not overlap, Refresh is whole,
//     the summary's Pulled / Pushed / Warnings columns fit without scrolling sideways; at 400 and
//     1280 px every value of the summary's columns fits its column.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { clickItem, itemRect, launchBrowser, newPage, pixel, screenshot, startServer, state, waitForState } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await startServer(['--seed', '5'], { timeoutMs: 30000 });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function api(path) {
  for (let attempt = 1; ; ++attempt) {
    const res = await fetch(`${server.origin}/api/v1${path}`, { headers: { Authorization: server.token } });
    if (res.status === 429 && attempt < 5) {
      await new Promise((r) => setTimeout(r, Number(res.headers.get('retry-after') || 1) * 1000));
      continue;
    }
    assert.equal(res.status, 200, `GET ${path}`);
    return res.json();
  }
}

// The syncs of the last 24 hours of every active service, each with its service id.
let syncsCache;
async function allSyncs() {
  if (syncsCache) return syncsCache;
  const services = (await api('/services?per_page=100')).data;
  const out = [];
  for (const s of services) {
    if (s.status !== 'active') continue;
    for (const y of (await api(`/services/${s.id}/syncs?per_page=100`)).data) out.push({ ...y, serviceId: s.id });
  }
  syncsCache = out;
  return out;
}

// Signs in with the demo link, then opens a route by URL (as a shared link would).
// Every page of a service's syncs of the last 24 hours, in the API's order.
async function apiSyncs(serviceId) {
  const out = [];
  for (let page = 1; ; ++page) {
    const body = await api(`/services/${serviceId}/syncs?per_page=100&page=${page}`);
    out.push(...body.data);
    if (page >= body.meta.last_page) return out;
  }
}

async function openRoute(route, options) {
  const p = await newPage(browser, options);
  await p.page.goto(server.link);
  await waitForState(p.page, (s) => s.view === 'services' && s.services.length > 0, 'signed in');
  if (route) await p.page.evaluate((r) => { window.location.hash = r; }, route);
  return p;
}

async function openSummary(serviceId, options) {
  const p = await openRoute(`/services/${serviceId}`, options);
  await waitForState(p.page, new Function('s', `return s.view === 'summary' && s.syncs.length > 0 && s.route === '/services/${serviceId}';`), 'the summary with its syncs', 30000);
  return p;
}

const overlap = (a, b) => a.x < b.x + b.w - 0.5 && b.x < a.x + a.w - 0.5 && a.y < b.y + b.h - 0.5 && b.y < a.y + a.h - 0.5;

// Lies inside the canvas's content: an item cut by the window's edge ends at its clip rect,
// which lies beyond the content's right edge (the window padding, 14 px).
function assertInside(r, width, what) {
  assert.ok(r, `${what} is drawn`);
  assert.ok(r.x >= 0 && r.x + r.w <= width - 10, `${what} lies inside the ${width} px canvas: ${JSON.stringify(r)}`);
}

// Every drawn value of the summary's columns `keys` lies within its column's header (which spans
// the column): nothing is clipped. Returns how many cells were checked.
async function assertCellsFit(page, keys, width) {
  const s = await state(page);
  let checked = 0;
  for (const key of keys) {
    const col = await itemRect(page, `summary.column.${key}`);
    assertInside(col, width, `the ${key} column's header`);
    for (const y of s.syncs) {
      const cell = await itemRect(page, `summary.cell.${key}.${y.id}`);
      if (!cell) continue;  // a row scrolled out of view
      assert.ok(cell.x >= col.x - 0.5 && cell.x + cell.w <= col.x + col.w + 0.5,
        `sync ${y.id}'s ${key} (${JSON.stringify(cell)}) fits its column (${JSON.stringify(col)})`);
      ++checked;
    }
  }
  return checked;
}

// The top bar: the breadcrumbs and the theme and sign-out buttons, whole and apart.
async function assertTopBar(page, width, crumbs) {
  const buttons = [await itemRect(page, 'app.theme'), await itemRect(page, 'nav.signOut')];
  buttons.forEach((r, i) => assertInside(r, width, ['the theme button', 'Sign out'][i]));
  assert.ok(!overlap(buttons[0], buttons[1]), 'the theme button and Sign out apart');
  for (const id of crumbs) {
    const r = await itemRect(page, id);
    assertInside(r, width, id);
    for (const b of buttons) assert.ok(!overlap(r, b), `${id} ${JSON.stringify(r)} clear of the buttons ${JSON.stringify(b)}`);
  }
}

test('the summary shows a failed run\'s reason, whole on hover, and finds runs by a word of it', async () => {
  const failed = (await allSyncs()).find((y) => y.status === 'failed' && y.summary && y.summary.length > 40);
  assert.ok(failed, 'the demo has a failed run with a reason');
  const { page, consoleErrors } = await openSummary(failed.serviceId);
  const apiRows = await apiSyncs(failed.serviceId);
  const s = await state(page);
  // Each row carries the reason as the API sent it.
  const bySent = new Map(apiRows.map((y) => [y.id, y.summary ?? '']));
  for (const y of s.syncs) if (bySent.has(y.id)) assert.equal(y.summary ?? '', bySent.get(y.id), `sync ${y.id}'s summary`);
  assert.ok(await itemRect(page, 'summary.column.reason'), 'the Reason column');

  // Scroll the failed run into view by searching for a word of its reason (typed as a person
  // would), then check the search kept exactly the runs whose reason holds it.
  const word = failed.summary.split(/[^A-Za-z]+/).filter((w) => w.length >= 5)
    .find((w) => apiRows.some((y) => y.id !== failed.id && !(y.summary ?? '').toLowerCase().includes(w.toLowerCase()))) ?? 'Failed';
  await clickItem(page, 'summary.search');
  await page.keyboard.type(word.toUpperCase());
  const want = apiRows.filter((y) => (y.summary ?? '').toLowerCase().includes(word.toLowerCase()) ).map((y) => y.id);
  const found = await waitForState(page, new Function('s', `return JSON.stringify(s.syncs.map((y) => y.id).sort()) === ${JSON.stringify(JSON.stringify([...want].sort()))};`),
    `the runs whose reason holds "${word}"`);
  assert.ok(found.syncs.some((y) => y.id === failed.id), 'the failed run is found');
  assert.ok(found.syncs.length < apiRows.length, `"${word}" leaves out runs that do not say it`);

  // Its reason, in its cell (cut to the column), and whole on hover.
  const cell = await itemRect(page, `summary.reason.${failed.id}`);
  assert.ok(cell, 'the failed run\'s reason is drawn');
  const col = await itemRect(page, 'summary.column.reason');
  assert.ok(cell.x >= col.x - 0.5 && cell.x + cell.w <= col.x + col.w + 0.5, 'the reason fits its column');
  assert.equal((await state(page)).tooltip ?? null, null, 'no tooltip before hovering');
  await page.mouse.move(cell.x + Math.min(20, cell.w / 2), cell.y + cell.h / 2);
  const hovered = await waitForState(page, (s) => s.tooltip != null, 'the reason\'s tooltip');
  assert.equal(hovered.tooltip, failed.summary, 'the tooltip holds the whole reason');
  assert.ok(await itemRect(page, 'summary.reason.tooltip'), 'the tooltip is drawn');
  await screenshot(page, 'daily-summary-reason');
  assert.deepEqual(consoleErrors, []);
  await page.context().close();
});

test('a finished sync\'s log has no auto-refresh switch; a running one has it, and a switch that is on is filled', async () => {
  const syncs = await allSyncs();
  const done = syncs.find((y) => y.status === 'success');
  const running = syncs.find((y) => y.status === 'running');
  assert.ok(done && running, 'the demo has a finished and a running sync');
  const { page, consoleErrors } = await openRoute(`/services/${done.serviceId}/syncs/${done.id}`);
  await waitForState(page, new Function('s', `return s.log && s.log.syncId === ${done.id} && s.log.status === 'success' && s.log.lines > 0;`), 'the finished log');
  assert.ok(await itemRect(page, 'log.refresh'), 'Refresh is there');
  assert.equal(await itemRect(page, 'log.autoRefresh'), null, 'no auto-refresh switch on a finished sync');

  // Wrap is off by default: outlined, the window's colour inside. On, it is filled in its accent,
  // unlike the Download button beside it.
  const wrapOff = await itemRect(page, 'log.wrap');
  const inner = (r) => [Math.round(r.x + r.w - 4), Math.round(r.y + r.h / 2)];  // inside, right of the label
  const off = await pixel(page, ...inner(wrapOff));
  const bg = await pixel(page, 3, Math.round(wrapOff.y + wrapOff.h / 2));
  const dist = (a, b) => Math.abs(a[0] - b[0]) + Math.abs(a[1] - b[1]) + Math.abs(a[2] - b[2]);
  assert.ok(dist(off, bg) < 40, `off: the window's colour inside (${off} vs ${bg})`);
  await clickItem(page, 'log.wrap');
  await waitForState(page, (s) => s.log && s.log.wrap === true, 'wrap on');
  const on = await pixel(page, ...inner(await itemRect(page, 'log.wrap')));
  assert.ok(dist(on, bg) > 120, `on: filled (${on} vs the window's ${bg})`);
  const download = await pixel(page, ...inner(await itemRect(page, 'log.download')));
  assert.ok(dist(on, download) > 60, `on: unlike an action button (${on} vs ${download})`);

  await page.evaluate((r) => { window.location.hash = r; }, `/services/${running.serviceId}/syncs/${running.id}`);
  await waitForState(page, new Function('s', `return s.log && s.log.syncId === ${running.id} && s.log.lines > 0;`), 'the running log');
  const st = await state(page);
  if (st.log.status === 'running') assert.ok(await itemRect(page, 'log.autoRefresh'), 'the auto-refresh switch while it runs');
  assert.deepEqual(consoleErrors, []);
  await page.context().close();
});

test('at 400 px nothing is clipped or hidden, in both themes; at 1280 px every value fits its column', async () => {
  const syncs = await allSyncs();
  // A service whose runs pushed fewer records than they pulled (the gap is drawn: "118  -2").
  const gap = syncs.find((y) => y.pushed_count != null && y.pulled_count != null && y.pushed_count < y.pulled_count) ?? syncs[0];
  const W = 400;
  const { page, consoleErrors } = await openRoute('', { viewport: { width: W, height: 800 } });
  for (const theme of ['first', 'second']) {
    // The services list.
    await page.evaluate(() => { window.location.hash = '/services'; });
    await waitForState(page, (s) => s.view === 'services' && s.services.length > 0, 'the services list');
    for (const id of ['services.search', 'services.reload']) assertInside(await itemRect(page, id), W, id);
    const first = (await state(page)).services[0].id;
    assertInside(await itemRect(page, `services.row.${first}`), W, 'the first service row');
    await assertTopBar(page, W, ['nav.current']);

    // The summary.
    await page.evaluate((r) => { window.location.hash = r; }, `/services/${gap.serviceId}`);
    await waitForState(page, new Function('s', `return s.view === 'summary' && s.syncs.length > 0 && s.route === '/services/${gap.serviceId}';`), 'the summary', 30000);
    await assertTopBar(page, W, ['nav.services', 'nav.current']);
    for (const id of ['summary.refresh', 'summary.search', 'summary.status']) assertInside(await itemRect(page, id), W, id);
    const heads = [];
    for (const key of ['id', 'status', 'pulled', 'pushed', 'issues']) {
      const r = await itemRect(page, `summary.column.${key}`);
      assertInside(r, W, `the ${key} column`);
      for (const h of heads) assert.ok(!overlap(r, h), `the ${key} column clear of the others`);
      heads.push(r);
    }
    assert.ok(await assertCellsFit(page, ['pulled', 'pushed', 'issues'], W) > 0, 'some rows checked');
    if (theme === 'first') await screenshot(page, 'daily-narrow-400');

    // The log's header.
    await page.evaluate((r) => { window.location.hash = r; }, `/services/${gap.serviceId}/syncs/${gap.id}`);
    await waitForState(page, new Function('s', `return s.log && s.log.syncId === ${gap.id} && s.log.lines > 0;`), 'the log');
    await assertTopBar(page, W, ['nav.services', 'nav.service', 'nav.current']);
    for (const id of ['log.refresh', 'log.search', 'log.follow', 'log.nextError', 'log.more',
      'log.level.debug', 'log.level.error']) assertInside(await itemRect(page, id), W, id);
    // Below 640 px Wrap, Download, Only matching and Regex are in the More menu (issue 17).
    await clickItem(page, 'log.more');
    for (const id of ['log.wrap', 'log.download', 'log.onlyMatching', 'log.regex']) assertInside(await itemRect(page, id), W, id);
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => window.syncscope.settled() && !window.syncscope.itemRect('log.wrap'), undefined, { polling: 50 });
    if (theme === 'first') await screenshot(page, 'daily-narrow-400-log');
    await clickItem(page, 'app.theme');
    await waitForState(page, (s) => s.frames > 0, 'a frame');
  }
  // Sign-in at 400 px.
  await clickItem(page, 'nav.signOut');
  await waitForState(page, (s) => s.view === 'login', 'the sign-in form');
  for (const id of ['login.token', 'login.submit', 'app.theme']) {
    const r = await itemRect(page, id);
    if (r) assertInside(r, W, id);
  }
  assert.deepEqual(consoleErrors, []);
  await page.context().close();

  // 1280 px: every column the summary shows fits its widest value.
  const wide = await openSummary(gap.serviceId);
  assert.ok(await itemRect(wide.page, 'summary.column.reason'), 'the Reason column at 1280 px');
  assert.ok(await itemRect(wide.page, 'summary.column.trigger'), 'every column at 1280 px');
  assert.ok(await assertCellsFit(wide.page, ['started', 'duration', 'pulled', 'pushed', 'issues'], 1280) > 0, 'some rows checked');
  await screenshot(wide.page, 'daily-columns-1280');
  assert.deepEqual(wide.consoleErrors, []);
  await wide.page.context().close();
});
