// End to end, the platform layer: crisp HiDPI canvas, resizes, clipboard both ways (Unicode
// included), keyboard focus on the canvas, and rendering on demand (no frames while idle).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  apiServices, clickItem, itemRect, launchBrowser, matchesSearch, newPage, screenshot, settled, startServer, state,
  waitForServiceIds, waitForState, waitUntil,
} from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function openServices(options) {
  const p = await newPage(browser, options);
  await p.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
  await p.page.goto(server.link);
  await waitForState(p.page, (s) => s.view === 'services' && s.services.length > 0, 'services');
  return p;
}

const canvasSize = (page) =>
  page.evaluate(() => {
    const c = document.getElementById('canvas');
    const r = c.getBoundingClientRect();
    return { width: c.width, height: c.height, cssWidth: r.width, cssHeight: r.height, dpr: devicePixelRatio };
  });

test('on a HiDPI screen the canvas has a device pixel per pixel', async () => {
  const { page, context } = await openServices({ viewport: { width: 900, height: 600 }, deviceScaleFactor: 2 });
  const c = await canvasSize(page);
  assert.equal(c.dpr, 2);
  assert.equal(c.width, 1800);
  assert.equal(c.height, 1200);
  await screenshot(page, 'services-hidpi');
  await context.close();
});

// Fonts are sized in CSS pixels and rasterized at the ratio (web/fonts.cpp): glyph advances round
// in CSS pixels, so widgets take the same place at every ratio. (Baked at 2 × the size and drawn at
// half, advances rounded in device pixels: the log's toolbar came out 16 px wider at 2.)
test('the layout is the same at a device pixel ratio of 1 and of 2', async () => {
  const ids = ['app.theme', 'nav.signOut', 'services.search', 'services.reload',
    'services.column.id', 'services.column.name', 'services.column.status', 'services.column.type'];
  const rects = {};
  for (const deviceScaleFactor of [1, 2]) {
    const { page, context } = await openServices({ viewport: { width: 1280, height: 800 }, deviceScaleFactor });
    await page.waitForFunction((all) => all.every((id) => window.syncscope.itemRect(id)) && window.syncscope.settled(),
      ids, { polling: 50 });
    rects[deviceScaleFactor] = Object.fromEntries(await Promise.all(ids.map(async (id) => [id, await itemRect(page, id)])));
    // Reload sits after "· Updated hh:mm:ss", whose digits (proportional) differ between the two
    // page loads: its x moved by a pixel in a CI run. Its size and row must still match.
    delete rects[deviceScaleFactor]['services.reload'].x;
    await context.close();
  }
  assert.deepEqual(rects[2], rects[1]);
});

test('a change of devicePixelRatio (zoom, another screen) re-sizes the backing store', async () => {
  const p = await newPage(browser, { viewport: { width: 900, height: 600 } });
  const { page, context } = p;
  // Headless Chromium changes the ratio without the media-query change (or resize) a real window
  // sends on zoom or on another screen: keep the app's listeners so the test can deliver it.
  await page.addInitScript(() => {
    const real = window.matchMedia.bind(window);
    window.__mqListeners = [];
    window.matchMedia = (q) => {
      const mq = real(q);
      const add = mq.addEventListener.bind(mq);
      mq.addEventListener = (type, fn, opts) => { if (type === 'change') window.__mqListeners.push(fn); add(type, fn, opts); };
      return mq;
    };
  });
  await page.goto(server.link);
  await waitForState(page, (s) => s.view === 'services' && s.services.length > 0, 'services');
  assert.equal((await canvasSize(page)).width, 900);
  assert.ok(await page.evaluate(() => window.__mqListeners.length) > 0, 'the app watches the ratio');
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setDeviceMetricsOverride', { width: 900, height: 600, deviceScaleFactor: 2, mobile: false });
  await page.evaluate(() => window.__mqListeners.splice(0).forEach((fn) => fn(new Event('change'))));
  await page.waitForFunction(() => document.getElementById('canvas').width === 1800, undefined, { polling: 50 });
  assert.equal((await canvasSize(page)).height, 1200);
  const frames = (await state(page)).frames;
  await page.mouse.move(100, 100);
  await waitForState(page, new Function('s', `return s.frames > ${frames};`), 'a frame at the new ratio');
  await screenshot(page, 'services-dpr-change');
  await context.close();
});

test('the canvas follows a resize of the window', async () => {
  const { page, context } = await openServices({ viewport: { width: 1280, height: 800 } });
  // The services are in the state a frame before they are drawn: wait for the button itself.
  await page.waitForFunction(() => window.syncscope.itemRect('nav.signOut'), undefined, { polling: 50 });
  const before = await itemRect(page, 'nav.signOut');
  await page.setViewportSize({ width: 700, height: 500 });
  await page.waitForFunction(() => document.getElementById('canvas').width === 700);
  await page.waitForFunction(() => {
    const r = window.syncscope.itemRect('nav.signOut');
    return r && r.x + r.w <= 700;
  });
  const after = await itemRect(page, 'nav.signOut');
  assert.ok(after.x < before.x, `sign-out moved left: ${before.x} → ${after.x}`);
  assert.equal((await canvasSize(page)).height, 500);
  // At this width the table scrolls sideways behind the frozen id and name: the name keeps its
  // content's width (it collapsed to a few pixels once, "Na"), and the last 24 hours and the
  // failures show without scrolling.
  const name = await itemRect(page, 'services.column.name');
  assert.ok(name && name.w >= 150, `the name column is ${name?.w} px wide at 700 px`);
  const first = (await state(page)).services[0].id;
  for (const id of [`services.strip.${first}`, 'services.column.failures']) {
    const r = await itemRect(page, id);
    assert.ok(r && r.x >= 0 && r.x + r.w <= 700, `${id} is in view at 700 px: ${JSON.stringify(r)}`);
  }
  await screenshot(page, 'services-narrow');
  await context.close();
});

test('paste from and copy to the system clipboard, Unicode included', async () => {
  const { page, context } = await openServices();
  const text = 'Zürich Ωμέγα Привет Łódź';
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await clickItem(page, 'services.search');
  await page.keyboard.press('Control+V');
  await waitForState(page, (s) => s.services.length === 0, 'no row matches the pasted text');
  await screenshot(page, 'unicode-search');
  await page.evaluate(() => navigator.clipboard.writeText('nothing yet'));
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Control+C');
  const copied = await waitUntil(async () => {
    const c = await page.evaluate(() => navigator.clipboard.readText());
    return c !== 'nothing yet' && c;
  }, 'the copy to reach the clipboard');
  assert.equal(copied, text);
  await context.close();
});

test('on a Mac, Cmd is the shortcut key: Cmd+F, Cmd+A and Cmd+C', async () => {
  const p = await newPage(browser);
  const { page, context } = p;
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
  await page.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, 'platform', { get: () => 'MacIntel' });
    Object.defineProperty(Navigator.prototype, 'userAgentData', { get: () => ({ platform: 'macOS' }) });
  });
  await page.goto(server.link);
  await waitForState(page, (s) => s.view === 'services' && s.services.length > 0, 'services');
  await page.mouse.click(640, 700);
  await page.keyboard.press('Meta+F');
  await page.keyboard.type('stock');
  const expected = (await apiServices(server.origin, server.token)).filter((x) => matchesSearch(x, 'stock'));
  await waitForServiceIds(page, expected.map((x) => x.id), 'rows filtered after Cmd+F');
  await page.evaluate(() => navigator.clipboard.writeText('nothing yet'));
  await page.keyboard.press('Meta+A');
  await page.keyboard.press('Meta+C');
  const copied = await waitUntil(async () => {
    const c = await page.evaluate(() => navigator.clipboard.readText());
    return c !== 'nothing yet' && c;
  }, 'Cmd+C to reach the clipboard');
  assert.equal(copied, 'stock');
  await context.close();
});

test('keys reach the canvas: Ctrl+F focuses the search and what is typed next goes in', async () => {
  const { page, context } = await openServices();
  await page.mouse.click(640, 700); // empty space: canvas focused, no field active
  await page.keyboard.press('Control+F');
  await page.keyboard.type('orders');
  const expected = (await apiServices(server.origin, server.token)).filter((x) => matchesSearch(x, 'orders'));
  assert.ok(expected.length > 0);
  await waitForServiceIds(page, expected.map((x) => x.id), 'rows filtered by the typed text');
  await screenshot(page, 'ctrl-f-search');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'canvas');
  // A paste straight after Ctrl+F, before the search has taken the keyboard, is not lost.
  await clickItem(page, 'services.search');
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await waitForServiceIds(page, (await apiServices(server.origin, server.token)).map((x) => x.id), 'the search cleared');
  await page.mouse.click(640, 700);
  await settled(page);
  await page.evaluate(() => navigator.clipboard.writeText('stock'));
  await page.keyboard.press('Control+F');
  await page.keyboard.press('Control+V');
  const stock = (await apiServices(server.origin, server.token)).filter((x) => matchesSearch(x, 'stock'));
  assert.ok(stock.length > 0);
  await waitForServiceIds(page, stock.map((x) => x.id), 'rows filtered by the pasted text');
  await context.close();
});

test('nothing is drawn while nothing happens, and input draws again', async () => {
  const { page, context } = await openServices();
  // Let the start-up frames finish: frames stop changing for two consecutive polls.
  await page.waitForFunction(
    () => new Promise((resolve) => {
      const a = window.syncscope.state().frames;
      requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(() => resolve(window.syncscope.state().frames === a)))));
    }),
    undefined,
    { polling: 100, timeout: 10000 },
  );
  const idle = (await state(page)).frames;
  // Count animation frames the browser offers over ~1 s: the app must draw none of them.
  const offered = await page.evaluate(
    () => new Promise((resolve) => {
      let n = 0;
      const t0 = performance.now();
      const tick = () => (performance.now() - t0 < 1000 ? (n++, requestAnimationFrame(tick)) : resolve(n));
      requestAnimationFrame(tick);
    }),
  );
  assert.ok(offered > 10, `the browser offered ${offered} frames`);
  assert.equal((await state(page)).frames, idle, 'frames drawn while idle');
  await page.mouse.move(300, 200);
  await page.mouse.move(320, 220);
  await waitForState(page, new Function('s', `return s.frames > ${idle};`), 'a frame after input');
  await screenshot(page, 'after-idle');
  await context.close();
});

test('text in European languages has a glyph for every character; anything else is drawn as a visible �', async () => {
  const { page, context } = await openServices();
  const european = 'Zürich Ωμέγα Привет Łódź Kraków ąęśćżźń ŠŽČĆĐ ßÄÖÜ øæå ÇĞİŞı ĂÂÎȘȚ Ελλάδα Україна '
    + 'Ísland Þórður Čeština Việt ẞ € ₽ ₺ № — “quotes” ‘single’ … • ↵ ▲ ▼';
  // Log lines (the monospace font) also show control characters as Control Pictures.
  const text = { ui: european, mono: `${european} ␀ ␇ ␛ ␍ ␡` };
  for (const font of ['ui', 'mono']) {
    const g = await page.evaluate((t) => window.syncscope.glyphs(t), text[font]);
    assert.deepEqual(g[font].missing.map((c) => String.fromCodePoint(c)), [], `${font}: characters without a glyph`);
    assert.deepEqual(g[font].blank.map((c) => String.fromCodePoint(c)), [], `${font}: glyphs that draw nothing`);
  }
  // Characters outside the fonts (CJK) have no glyph of their own and fall back to U+FFFD, which
  // both fonts draw; characters beyond 16 bits (emoji) are read as U+FFFD to begin with.
  const other = await page.evaluate(() => window.syncscope.glyphs('中文 😀'));
  for (const font of ['ui', 'mono']) {
    assert.deepEqual(other[font].missing, [0x4e2d, 0x6587], font);
    assert.equal(other[font].fallback, 0xfffd, `${font}: the fallback is �`);
    assert.equal(other[font].fallbackVisible, true, `${font}: and it draws`);
  }
  await context.close();
});
