// End to end on a touch screen (Chromium with touch events, 400 px wide): a tap opens a service
// like a click, and a finger dragged down the log scrolls it up — leaving follow mode — without
// the page itself moving.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { itemRect, launchBrowser, screenshot, startServer, waitForState } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await startServer(['--big-sync-lines', '20000']);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function touchPage() {
  const context = await browser.newContext({ viewport: { width: 400, height: 800 }, hasTouch: true, isMobile: true });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  return { context, page, cdp };
}

// A one-finger drag from (x, y0) to (x, y1) in steps, as a person's swipe.
async function drag(cdp, x, y0, y1, steps = 12) {
  const point = (y) => [{ x, y, id: 1 }];
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: point(y0) });
  for (let i = 1; i <= steps; i++) {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: point(y0 + ((y1 - y0) * i) / steps) });
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}

async function waitForItem(page, id) {
  const h = await page.waitForFunction((i) => window.syncscope && window.syncscope.itemRect(i), id, { polling: 50 });
  return h.jsonValue();
}

test('a tap opens a service; a drag scrolls the log and leaves follow mode', async () => {
  const { context, page, cdp } = await touchPage();
  await page.goto(server.link);
  const s = await waitForState(page, (s) => s.view === 'services' && s.services.length > 0, 'the services');
  const target = s.services[0];
  const r = await waitForItem(page, `services.row.${target.id}`);
  await page.touchscreen.tap(r.x + r.w / 2, r.y + r.h / 2);
  await waitForState(page, new Function('s', `return s.view === 'summary' && s.route === '/services/${target.id}';`), 'the summary after a tap');

  const api = async (p) => (await fetch(`${server.origin}/api/v1${p}`, { headers: { Authorization: `Bearer ${server.token}` } })).json();
  let big;
  for (const svc of (await api('/services?per_page=100')).data) {
    const y = (await api(`/services/${svc.id}/syncs?per_page=100`)).data.find((x) => /Big log/.test(x.summary));
    if (y) { big = { ...y, serviceId: svc.id }; break; }
  }
  await page.evaluate((route) => { window.location.hash = route; }, `/services/${big.serviceId}/syncs/${big.id}`);
  await waitForState(page, (s) => s.log && s.log.complete && s.log.following, 'the whole log, following the tail');
  // The last line is drawn; after dragging the content down (finger moving down) it is not.
  await waitForItem(page, 'log.line.20000');
  const first = await page.evaluate(() => window.syncscope.state().log.lastId);
  assert.equal(first, 20000);
  const scrollBefore = await page.evaluate(() => window.scrollY);
  await drag(cdp, 200, 300, 700);
  await drag(cdp, 200, 300, 700);
  await waitForState(page, (s) => s.log && s.log.following === false, 'follow mode left by the drag');
  await page.waitForFunction(() => !window.syncscope.itemRect('log.line.20000'), undefined, { polling: 50 });
  assert.equal(await page.evaluate(() => window.scrollY), scrollBefore, 'the page itself did not scroll');
  assert.equal(await itemRect(page, 'log.line.20000'), null);
  await screenshot(page, 'log-touch-400px');
  await context.close();
});
