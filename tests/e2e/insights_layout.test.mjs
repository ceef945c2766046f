// End to end, in headless Chromium against the demo server (--seed 5), issue 17 point 5: the
// sync log at 400 px wide, in both themes.
//   * the top bar: the breadcrumbs clear of the theme and sign-out buttons, all inside the canvas;
//   * no button clipped: every control drawn lies inside the canvas, apart from the others, and
//     is as wide as at 1280 px (its whole label fits);
//   * the header and toolbar are compact: they end at most 300 px down, and the lines (under the
//     signatures panel and the gap line, two rows each at most) start at most 460 px down, which
//     leaves the lines more than 40 % of an 800 px phone screen (before issue 17 the header and
//     toolbar alone took 424 px);
//   * the less-used controls are folded into `log.more`; once it is open its items (Wrap, Only
//     matching, Regex, the time zone, Copy times & levels, Download, Copy lines) are drawn with
//     their own ids and work by click and by touch; the keyboard shortcuts work while folded;
//   * at 1280 px nothing is folded: no `log.more`, every control in the toolbar.
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
  const out = [];
  for (const s of (await api('/services?per_page=100')).data) {
    if (s.status !== 'active') continue;
    for (const y of (await api(`/services/${s.id}/syncs?per_page=100`)).data) out.push({ ...y, serviceId: s.id, serviceName: s.name });
  }
  syncsCache = out;
  return out;
}

// A finished partial run with errors and warnings (its gap is drawn in the header), the longest
// service name among such runs (the breadcrumb that needs the most room).
async function partialRun() {
  const runs = (await allSyncs()).filter((y) => y.status === 'partial' && y.error_count > 0 && y.warning_count > 0);
  assert.ok(runs.length > 0, 'the demo has a partial run with errors and warnings');
  return runs.sort((a, b) => b.serviceName.length - a.serviceName.length)[0];
}

const logRoute = (y) => `/services/${y.serviceId}/syncs/${y.id}`;

async function openLog(y, options) {
  const p = await newPage(browser, options);
  await p.page.goto(server.link);
  await waitForState(p.page, (s) => s.view === 'services' && s.services.length > 0, 'signed in');
  await p.page.evaluate((r) => { window.location.hash = r; }, logRoute(y));
  await waitForState(p.page, new Function('s', `return s.log && s.log.syncId === ${y.id} && s.log.complete && s.log.lines > 0;`), 'the whole log');
  return p;
}

const overlap = (a, b) => a.x < b.x + b.w - 0.5 && b.x < a.x + a.w - 0.5 && a.y < b.y + b.h - 0.5 && b.y < a.y + a.h - 0.5;

// Inside the canvas's content (the window's padding is 14 px; an item cut by the edge would end
// beyond it).
function assertInside(r, width, what) {
  assert.ok(r, `${what} is drawn`);
  assert.ok(r.x >= 0 && r.x + r.w <= width - 10, `${what} lies inside the ${width} px canvas: ${JSON.stringify(r)}`);
}

// The controls always in view, and those folded into `log.more` below 640 px.
const SHOWN = ['log.refresh', 'log.search', 'log.prev', 'log.next', 'log.level.debug', 'log.level.info', 'log.level.warning',
  'log.level.error', 'log.follow', 'log.nextError', 'log.prevError', 'log.nextWarning', 'log.prevWarning'];
const FOLDED = ['log.onlyMatching', 'log.regex', 'log.wrap', 'log.timezone', 'log.copyWithMeta', 'log.download', 'log.copy'];
// Buttons and switches whose label must fit whole: as wide at 400 px as at 1280 px.
const LABELLED = ['log.refresh', 'log.follow', 'log.nextError', 'log.nextWarning', ...FOLDED, 'app.theme', 'nav.signOut'];

let wideWidths;  // id → width at 1280 px

test('at 1280 px nothing is folded: no log.more, every control in the toolbar', async () => {
  const y = await partialRun();
  const { page, context, consoleErrors } = await openLog(y);
  assert.equal(await itemRect(page, 'log.more'), null, 'no More button at 1280 px');
  wideWidths = {};
  for (const id of [...SHOWN, ...FOLDED, 'app.theme', 'nav.signOut']) {
    const r = await itemRect(page, id);
    assertInside(r, 1280, id);
    wideWidths[id] = r.w;
  }
  // Light theme's button is named for the other theme: measure both labels.
  await clickItem(page, 'app.theme');
  await waitForState(page, (s) => s.frames > 0, 'a frame');
  wideWidths['app.theme.second'] = (await itemRect(page, 'app.theme')).w;
  await clickItem(page, 'app.theme');
  await screenshot(page, 'insights-layout-1280');
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test('at 400 px: the top bar apart, nothing clipped, a compact toolbar, the rest in log.more (both themes)', async () => {
  assert.ok(wideWidths, 'the 1280 px widths were measured first');
  const y = await partialRun();
  const W = 400;
  const { page, context, consoleErrors } = await openLog(y, { viewport: { width: W, height: 800 } });
  const s0 = await state(page);
  for (const theme of ['first', 'second']) {
    // The top bar: every crumb clear of the buttons.
    const buttons = [await itemRect(page, 'app.theme'), await itemRect(page, 'nav.signOut')];
    buttons.forEach((r, i) => assertInside(r, W, ['the theme button', 'Sign out'][i]));
    assert.ok(!overlap(buttons[0], buttons[1]), 'the theme button and Sign out apart');
    for (const id of ['nav.services', 'nav.service', 'nav.current']) {
      const r = await itemRect(page, id);
      assertInside(r, W, id);
      for (const b of buttons) assert.ok(!overlap(r, b), `${id} ${JSON.stringify(r)} clear of the buttons ${JSON.stringify(b)}`);
    }
    // The toolbar: inside, apart, whole; the folded controls not drawn until log.more opens.
    const drawn = [];
    for (const id of [...SHOWN, 'log.more']) {
      const r = await itemRect(page, id);
      assertInside(r, W, id);
      for (const [other, o] of drawn) assert.ok(!overlap(r, o), `${id} ${JSON.stringify(r)} clear of ${other} ${JSON.stringify(o)}`);
      drawn.push([id, r]);
    }
    for (const id of FOLDED) assert.equal(await itemRect(page, id), null, `${id} is folded into log.more`);
    for (const id of LABELLED.filter((i) => !FOLDED.includes(i))) {
      const wide = id === 'app.theme' && theme === 'second' ? wideWidths['app.theme.second'] : wideWidths[id];
      assert.ok((await itemRect(page, id)).w >= wide - 0.5, `${id} is as wide as at 1280 px (its label whole)`);
    }
    // Compact: from the top line (g) the log's first line starts at most 300 px down.
    // The keyboard to the log: a click in the window's left margin, beside Follow.
    const follow = await itemRect(page, 'log.follow');
    await page.mouse.click(5, follow.y + follow.h / 2);
    await page.keyboard.press('g');
    const top = await waitForState(page, (s) => s.log.firstVisible === 1, 'the top of the log');
    const first = await itemRect(page, 'log.line.1');
    const toolbarEnd = Math.max(...drawn.map(([, r]) => r.y + r.h));
    assert.ok(toolbarEnd <= 300, `the header and toolbar end ${toolbarEnd} px down (at most 300)`);
    // The gap line and the signatures panel (two rows at most each) go between them and the
    // lines, which keep more than 40 % of the height.
    assert.ok(first.y <= 460, `the log starts ${first.y} px down (at most 460)`);
    // Keyboard shortcuts while folded: e the first error, f follow, Ctrl+A every shown line.
    const errorLines = (await api(`/syncs/${y.id}/logs?after_id=0&limit=5000`)).data.filter((l) => l.level === 'error').map((l) => l.id);
    await page.keyboard.press('e');
    await waitForState(page, new Function('s', `return s.log.current === ${errorLines[0]};`), 'e: the first error');
    await page.keyboard.press('Control+A');
    await waitForState(page, new Function('s', `return s.log.selection && s.log.selection.count === ${top.log.shown};`), 'Ctrl+A: every shown line');
    await page.keyboard.press('Escape');
    await waitForState(page, (s) => s.log.selection === null, 'Esc: no selection');
    const following = (await state(page)).log.following;
    await page.keyboard.press('f');
    await waitForState(page, new Function('s', `return s.log.following === ${!following};`), 'f: follow switched');
    await page.keyboard.press('f');
    await waitForState(page, new Function('s', `return s.log.following === ${following};`), 'f: back');

    // log.more opens a menu holding the folded controls, each with its own id, inside the canvas.
    await clickItem(page, 'log.more');
    for (const id of FOLDED) {
      const r = await itemRect(page, id);
      assertInside(r, W, `${id} in the open menu`);
      assert.ok(r.w >= wideWidths[id] - 0.5, `${id} is as wide as at 1280 px`);
    }
    // Which theme is on: the window's colour in its left margin, beside Follow.
    const look = (await pixel(page, 6, Math.round(follow.y + 2))).reduce((a, b) => a + b) < 384 ? 'dark' : 'light';
    await screenshot(page, `insights-narrow-400-menu-${look}`);
    // Wrap works from inside it, and the menu stays open for the next switch.
    const wrap = (await state(page)).log.wrap;
    await clickItem(page, 'log.wrap');
    await waitForState(page, new Function('s', `return s.log.wrap === ${!wrap};`), 'Wrap switched from the menu');
    assert.ok(await itemRect(page, 'log.wrap'), 'the menu is still open');
    await clickItem(page, 'log.wrap');
    await waitForState(page, new Function('s', `return s.log.wrap === ${wrap};`), 'Wrap back');
    // Copy times & levels too; then Esc closes the menu (and leaves the log open).
    const meta = (await state(page)).log.copyWithMeta;
    await clickItem(page, 'log.copyWithMeta');
    await waitForState(page, new Function('s', `return s.log.copyWithMeta === ${!meta};`), 'Copy times & levels switched from the menu');
    await clickItem(page, 'log.copyWithMeta');
    await waitForState(page, new Function('s', `return s.log.copyWithMeta === ${meta};`), 'Copy times & levels back');
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => window.syncscope.settled() && !window.syncscope.itemRect('log.wrap'), undefined, { polling: 50 });
    assert.equal((await state(page)).view, 'log', 'Esc closed the menu only');

    await screenshot(page, `insights-narrow-400-${look}`);
    await clickItem(page, 'app.theme');
    await waitForState(page, (s) => s.frames > 0, 'a frame');
  }
  assert.equal((await state(page)).log.syncId, s0.log.syncId);
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test('at 400 px a running sync keeps Auto-refresh and Refresh whole, and the toolbar compact', async () => {
  const running = (await allSyncs()).find((y) => y.status === 'running');
  assert.ok(running, 'the demo has a running sync');
  const W = 400;
  const p = await newPage(browser, { viewport: { width: W, height: 800 } });
  const { page, context, consoleErrors } = p;
  await page.goto(server.link);
  await waitForState(page, (s) => s.view === 'services' && s.services.length > 0, 'signed in');
  await page.evaluate((r) => { window.location.hash = r; }, logRoute(running));
  await waitForState(page, new Function('s', `return s.log && s.log.syncId === ${running.id} && s.log.lines > 0 && s.log.status === 'running';`), 'the running log');
  const drawn = [];
  for (const id of ['log.autoRefresh', ...SHOWN, 'log.more']) {
    const r = await itemRect(page, id);
    assertInside(r, W, id);
    for (const [other, o] of drawn) assert.ok(!overlap(r, o), `${id} ${JSON.stringify(r)} clear of ${other} ${JSON.stringify(o)}`);
    drawn.push([id, r]);
  }
  assert.ok((await itemRect(page, 'log.refresh')).w >= wideWidths['log.refresh'] - 0.5, 'Refresh whole');
  const s = await state(page);
  const line = await itemRect(page, `log.line.${s.log.firstVisible + 1}`);
  const toolbarEnd = Math.max(...drawn.map(([, r]) => r.y + r.h));
  assert.ok(toolbarEnd <= 320, `the header and toolbar end ${toolbarEnd} px down`);
  assert.ok(line.y <= 470, `the log starts about ${line.y} px down (the panel above it)`);
  await screenshot(page, 'insights-narrow-400-running');
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test('at 400 px on a touch screen: a tap opens log.more, a tap on Wrap inside it switches Wrap', async () => {
  const y = await partialRun();
  const { page, context } = await openLog(y, { viewport: { width: 400, height: 800 }, hasTouch: true, isMobile: true });
  assert.equal(await itemRect(page, 'log.wrap'), null, 'Wrap is folded');
  const tap = async (id) => {
    const h = await page.waitForFunction((i) => window.syncscope.settled() && window.syncscope.itemRect(i), id, { polling: 50, timeout: 10000 });
    const r = await h.jsonValue();
    await page.touchscreen.tap(r.x + r.w / 2, r.y + r.h / 2);
  };
  await tap('log.more');
  const wrap = (await state(page)).log.wrap;
  await tap('log.wrap');
  await waitForState(page, new Function('s', `return s.log.wrap === ${!wrap};`), 'Wrap switched by a tap in the menu');
  await tap('log.regex');
  await waitForState(page, (s) => s.frames > 0, 'a frame');
  assert.ok(await itemRect(page, 'log.regex'), 'the menu stays open after a switch');
  // A tap outside closes it.
  await page.touchscreen.tap(200, 780);
  await page.waitForFunction(() => window.syncscope.settled() && !window.syncscope.itemRect('log.wrap'), undefined, { polling: 50 });
  await screenshot(page, 'insights-narrow-400-touch');
  await context.close();
});
