// End to end, in headless Chromium against the demo server: the keyboard for a day's work in the
// lists (issue 16, point 4), typed with page.keyboard as a person types and checked through
// window.syncscope.state():
//   * Up / Down move a row highlight (state().highlight) in the services list and the summary,
//     scrolled into view; Enter opens the highlighted row; not while a text field has the keyboard,
//     except Enter in the search when it leaves exactly one row, which opens that row;
//   * after hash navigation (back / forward, setting location.hash) with the focus on the page's
//     body, the shortcuts work without a click on the canvas (the canvas takes the focus back);
//   * when the canvas has the keyboard from Tab, a focus ring shows around it, in both themes.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { apiServices, clickItem, itemRect, launchBrowser, matchesSearch, newPage, pixel, screenshot, startServer, state, waitForState } from './harness.mjs';

let server; // 40 services: more rows than a 600 px view holds
let browser;

before(async () => {
  browser = await launchBrowser();
  server = await startServer(['--seed', '3', '--services', '40'], { timeoutMs: 30000 });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const when = (cond) => new Function('s', `return ${cond};`);

async function signedIn(options = {}) {
  const p = await newPage(browser, options);
  await p.page.goto(server.link);
  await waitForState(p.page, (s) => s.view === 'services' && s.services.length > 0 && !s.servicesLoading, 'signed in');
  return p;
}

// Presses a key and waits for the highlight it should give.
async function pressFor(page, key, id, what) {
  await page.keyboard.press(key);
  return waitForState(page, when(`s.highlight === ${JSON.stringify(id)}`), `${what}: highlight ${id}`);
}

// The rect of a row, wholly inside the viewport (itemRect clips to what is visible).
async function wholeRowInView(page, id, rowH) {
  const r = await itemRect(page, id);
  assert.ok(r, `${id} is drawn`);
  assert.ok(r.h >= rowH - 1, `${id} is wholly in view (${r.h} of ${rowH} px)`);
  const vp = page.viewportSize();
  assert.ok(r.y >= 0 && r.y + r.h <= vp.height, `${id} is inside the viewport`);
}

test('services list and summary: Up / Down move the highlight, scrolled into view; Enter opens the row; not while typing', async () => {
  const { page, context, consoleErrors } = await signedIn({ viewport: { width: 1280, height: 600 } });
  const s0 = await state(page);
  const ids = s0.services.map((x) => x.id);
  assert.ok(ids.length >= 30, `many services (${ids.length})`);
  assert.equal(s0.highlight, null, 'nothing highlighted at first');

  await pressFor(page, 'ArrowDown', ids[0], 'Down: the first row');
  await pressFor(page, 'ArrowDown', ids[1], 'Down');
  await pressFor(page, 'ArrowDown', ids[2], 'Down');
  await pressFor(page, 'ArrowUp', ids[1], 'Up');
  const rowH = (await itemRect(page, `services.row.${ids[0]}`)).h;
  // Down to the last row: the list scrolls so that the highlighted row is in view.
  const last = ids.length - 1;
  assert.equal(await itemRect(page, `services.row.${ids[last]}`), null, 'the last row is out of view at first');
  for (let k = 2; k <= last; ++k) await pressFor(page, 'ArrowDown', ids[k], `Down to row ${k}`);
  await pressFor(page, 'ArrowDown', ids[last], 'Down on the last row stays there');
  await wholeRowInView(page, `services.row.${ids[last]}`, rowH);
  await screenshot(page, 'keys-services-highlight');
  // And back up: the first rows come back into view.
  for (let k = last - 1; k >= 0; --k) await pressFor(page, 'ArrowUp', ids[k], `Up to row ${k}`);
  await wholeRowInView(page, `services.row.${ids[0]}`, rowH);

  // Typed into the search, the arrows and Enter are the field's: the highlight stays, nothing opens.
  await pressFor(page, 'ArrowDown', ids[1], 'Down');
  await clickItem(page, 'services.search');
  await page.keyboard.type('to', { delay: 20 });
  const several = await waitForState(page, when(`s.services.length > 1 && s.services.length < ${ids.length}`), 'the search applied');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.type('~', { delay: 20 });
  const typing = await waitForState(page, (s) => s.services.length === 0, 'the arrows left the field its text');
  assert.equal(typing.highlight, null, 'no highlight with no row');
  await page.keyboard.press('Backspace');
  await waitForState(page, when(`s.services.length === ${several.services.length}`), 'the rows back');
  await page.keyboard.press('Enter');
  await waitForState(page, (s) => s.frames > 0, 'a frame');
  const stayed = await state(page);
  assert.equal(stayed.view, 'services', 'Enter in the search with several rows opened nothing');
  assert.equal(stayed.highlight, several.services.some((x) => x.id === ids[1]) ? ids[1] : null, 'the arrows in the field did not move the highlight');
  // A search that leaves one row: Enter, still in the field, opens it.
  const all = await apiServices(server.origin, server.token);
  const target = all.find((t) => all.filter((x) => matchesSearch(x, t.name)).length === 1);
  assert.ok(target, 'a service whose name no other has');
  await clickItem(page, 'services.search');
  await page.keyboard.press('Control+A');
  await page.keyboard.type(target.name, { delay: 10 });
  await waitForState(page, when(`s.services.length === 1 && s.services[0].id === ${target.id}`), 'one row left');
  await page.keyboard.press('Enter');
  await waitForState(page, when(`s.view === 'summary' && s.route === '/services/${target.id}'`), 'Enter opened the only row');

  // In the summary: the same keys over its syncs.
  const sum = await waitForState(page, (s) => s.view === 'summary' && s.syncs.length >= 3, 'the summary with syncs', 30000);
  assert.equal(sum.highlight, null, 'nothing highlighted in the summary at first');
  const syncIds = sum.syncs.map((y) => y.id);
  await pressFor(page, 'ArrowDown', syncIds[0], 'summary Down');
  await pressFor(page, 'ArrowDown', syncIds[1], 'summary Down');
  await pressFor(page, 'ArrowDown', syncIds[2], 'summary Down');
  await pressFor(page, 'ArrowUp', syncIds[1], 'summary Up');
  await page.keyboard.press('Enter');
  await waitForState(page, when(`s.view === 'log' && s.route === '/services/${target.id}/syncs/${syncIds[1]}'`), 'Enter opened the highlighted sync');
  const inLog = await state(page);
  assert.equal(inLog.highlight, null, 'no list on screen in the log');
  // Esc back to the summary: the row opened is still highlighted; Enter there opens it again.
  await page.keyboard.press('Escape');
  await waitForState(page, when(`s.view === 'summary' && s.highlight === ${syncIds[1]}`), 'back in the summary, the place kept');
  await page.keyboard.press('Escape');
  await waitForState(page, (s) => s.view === 'services', 'back in the services list');
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test('after hash navigation with the focus on the page, the shortcuts work without a click; not in a frame', async () => {
  const { page, context } = await signedIn();
  const ids = (await state(page)).services.map((x) => x.id);
  await page.evaluate((r) => { window.location.hash = r; }, `/services/${ids[2]}`);
  await waitForState(page, (s) => s.view === 'summary', 'the summary');
  // The focus leaves the canvas for the page (as the browser's back button or address bar leave
  // it): then Back, by the hash.
  await page.evaluate(() => document.activeElement.blur());
  assert.equal(await page.evaluate(() => document.activeElement === document.body), true, 'the body has the focus');
  await page.goBack();
  await waitForState(page, (s) => s.view === 'services', 'Back: the services list');
  await page.keyboard.press('ArrowDown');
  await waitForState(page, when(`s.highlight === ${ids[0]}`), 'Down works after Back, with no click');
  assert.equal(await page.evaluate(() => document.activeElement && document.activeElement.id), 'canvas');
  // Forward, and a hash set by script: the same.
  await page.evaluate(() => document.activeElement.blur());
  await page.goForward();
  await waitForState(page, (s) => s.view === 'summary', 'Forward: the summary');
  await page.keyboard.press('Escape');
  await waitForState(page, (s) => s.view === 'services', 'Esc works after Forward, with no click');
  await page.evaluate(() => document.activeElement.blur());
  await page.evaluate((r) => { window.location.hash = r; }, `/services/${ids[3]}`);
  await waitForState(page, (s) => s.view === 'summary', 'the summary by location.hash');
  await page.keyboard.press('Escape');
  await waitForState(page, (s) => s.view === 'services', 'Esc works after setting location.hash');

  // A portal with SyncScope in a frame and a field of its own: a route change inside the frame
  // does not take the keyboard from the portal.
  // (Same origin: the demo server's CSP allows frame-ancestors 'self'.)
  const portal = await context.newPage();
  await portal.goto(`${server.origin}/`);
  await portal.evaluate((src) => {
    const field = document.createElement('input');
    field.id = 'portal-field';
    document.body.prepend(field);
    const f = document.createElement('iframe');
    f.id = 'app';
    f.src = src;
    f.width = '900';
    f.height = '600';
    document.body.append(f);
  }, `${server.origin}/`);
  const frame = await (await portal.waitForSelector('#app', { state: 'attached' })).contentFrame();
  await frame.waitForFunction(() => window.syncscope && window.syncscope.state(), null, { timeout: 30000 });
  await portal.focus('#portal-field');
  await frame.evaluate(() => { window.location.hash = '/services'; });
  await frame.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  assert.equal(await portal.evaluate(() => document.activeElement.id), 'portal-field', 'the portal keeps the keyboard');
  assert.equal(await frame.evaluate(() => document.hasFocus()), false, 'the frame did not take the focus');
  await context.close();
});

// The ring is drawn by the page (CSS :focus-visible on the canvas) over the canvas' edge.
for (const colorScheme of ['dark', 'light']) {
  test(`a focus ring shows while the canvas has the keyboard from Tab (${colorScheme} theme)`, async () => {
    const { page, context } = await signedIn({ colorScheme, viewport: { width: 900, height: 600 } });
    // The keyboard elsewhere (the page's body): no ring.
    await page.evaluate(() => document.activeElement.blur());
    await page.waitForFunction(() => document.activeElement === document.body);
    const plain = await pixel(page, 1, 300);
    // Tab into the canvas (the page's only control: Tab leaves it for the browser's own controls
    // first, then comes round to it): the keyboard is on it, and the ring says so.
    const onCanvas = () => page.evaluate(() => document.activeElement && document.activeElement.id === 'canvas');
    for (let k = 0; k < 4 && !(await onCanvas()); ++k) await page.keyboard.press('Tab');
    assert.equal(await onCanvas(), true, 'Tab reached the canvas');
    assert.equal(await page.evaluate(() => document.getElementById('canvas').matches(':focus-visible')), true);
    const ring = await pixel(page, 1, 300);
    const diff = ring.reduce((a, c, i) => a + Math.abs(c - plain[i]), 0);
    assert.ok(diff > 120, `the ring is visible at the canvas' edge: ${plain} → ${ring}`);
    const outline = await page.evaluate(() => {
      const cs = getComputedStyle(document.getElementById('canvas'));
      return { style: cs.outlineStyle, width: parseFloat(cs.outlineWidth) };
    });
    assert.equal(outline.style, 'solid');
    assert.ok(outline.width >= 2, `a ring of ${outline.width} px`);
    await screenshot(page, `keys-focus-ring-${colorScheme}`);
    // The keys work with the ring on.
    await page.keyboard.press('ArrowDown');
    await waitForState(page, (s) => s.highlight !== null, 'Down highlights a row');
    await context.close();
  });
}
