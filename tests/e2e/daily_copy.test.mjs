// End to end, in headless Chromium against the demo server (--seed 7, a finished 2,000-line
// "benchmark" sync): copying as on a web page (issue 16, points 6 and 8). A press and a drag
// inside one message select that part of it; a drag across lines selects whole lines; Ctrl+C and
// the Copy button copy what is selected; copies are the messages alone on a fresh profile; a
// "Copied …" confirmation shows for about two seconds (state().toast) and is told once in the
// live region; the payload preview stays put while text is dragged over in it, and copies it.
// Everything with the real mouse and keyboard, read back from navigator.clipboard.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { clickItem, clipboard, copied, itemRect, launchBrowser, newPage, screenshot, startServer, state, waitForState, waitUntil } from './harness.mjs';

let server;
let browser;
let big;  // the finished 2,000-line sync

before(async () => {
  server = await startServer(['--seed', '7', '--big-sync-lines', '2000'], { timeoutMs: 30000 });
  browser = await launchBrowser();
  big = (await allSyncs()).find((y) => /benchmark|Big log/.test(y.summary));
  assert.ok(big, 'the --big-sync-lines sync');
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function api(path) {
  const res = await fetch(`${server.origin}/api/v1${path}`, { headers: { Authorization: `Bearer ${server.token}` } });
  assert.equal(res.status, 200, `GET ${path}`);
  return res;
}
const apiJson = async (path) => (await api(path)).json();

async function allSyncs() {
  const out = [];
  for (const s of (await apiJson('/services?per_page=100')).data)
    for (const y of (await apiJson(`/services/${s.id}/syncs?per_page=100`)).data) out.push({ ...y, serviceId: s.id });
  return out;
}

async function lines(syncId, from, count) {
  return (await apiJson(`/syncs/${syncId}/logs?after_id=${from - 1}&limit=${count}`)).data;
}

// A signed-in page on a fresh profile (clipboard allowed) showing a sync's log, complete.
async function openLog(sync, extra = '', viewport = { width: 1700, height: 800 }) {
  const p = await newPage(browser, { viewport });
  await p.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
  await p.page.goto(server.link);
  await waitForState(p.page, (s) => s.view === 'services' && s.services.length > 0, 'signed in');
  await p.page.evaluate((r) => { window.location.hash = r; }, `/services/${sync.serviceId}/syncs/${sync.id}${extra}`);
  await waitForState(p.page, new Function('s', `return s.log && s.log.syncId === ${sync.id} && s.log.complete && s.log.current !== undefined;`), 'the whole log, drawn', 60000);
  return p;
}

// A press at `from`, a drag through a few steps to `to`, a release: as a hand does it.
async function drag(page, from, to) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 8 });
  await page.mouse.up();
}

const liveRegion = (page) => page.evaluate(() => document.getElementById('a11y-live')?.textContent ?? null);

test('on a fresh profile copies are the messages alone; "Copied 1 line" shows for about 2 s and is announced once', async () => {
  const [line] = await lines(big.id, 1203, 1);
  const { page, context } = await openLog(big, '?line=1203');
  const s0 = await waitForState(page, (s) => s.log.current === 1203, 'line 1203 in view');
  assert.equal(s0.log.copyWithMeta, false, '"Copy times & levels" is off where no preference is stored');
  assert.equal(s0.toast, null, 'no confirmation before a copy');
  assert.equal(await page.evaluate(() => localStorage.getItem('syncscope.prefs')), null, 'a fresh profile');

  const r = await itemRect(page, 'log.line.1203');
  await page.mouse.click(r.x + 40, r.y + r.h / 2);  // on the line number: the whole line
  await waitForState(page, (s) => s.log.selection && s.log.selection.count === 1, 'line 1203 selected');
  const pressedAt = Date.now();
  assert.equal(await copied(page, () => page.keyboard.press('Control+C')), line.message);
  const shown = await waitForState(page, (s) => s.toast === 'Copied 1 line', 'the confirmation');
  const toast = await itemRect(page, 'toast');
  assert.ok(toast && toast.w > 0 && toast.h > 0, 'the confirmation is drawn');
  await screenshot(page, 'copy-toast');
  assert.equal(shown.log.textSelection, null);
  await waitUntil(async () => (await liveRegion(page)) === 'Copied 1 line', 'the live region to tell the copy');
  // It goes by itself, after about two seconds, with no input.
  await waitForState(page, (s) => s.toast === null, 'the confirmation gone', 10000);
  const lasted = Date.now() - pressedAt;
  assert.ok(lasted >= 1800, `the confirmation stayed about 2 s (gone after ${lasted} ms)`);
  assert.equal(await itemRect(page, 'toast'), null);
  // Told once: later frames (a click elsewhere) do not tell it again.
  await page.evaluate(() => { document.getElementById('a11y-live').textContent = ''; });
  await page.mouse.click(r.x + 40, r.y + r.h / 2);
  await waitForState(page, (s) => s.frames > 0 && s.toast === null, 'a frame');
  await new Promise((r2) => setTimeout(r2, 200));  // the region fills 50 ms after a change: none came
  assert.equal(await liveRegion(page), '');
  await context.close();
});

test('a press and drag inside one message selects that part; Ctrl+C and the Copy button copy it; across lines whole lines', async () => {
  const msgs = await lines(big.id, 1203, 3);
  const message = msgs[0].message;
  const m = /request id ([0-9a-f]{12})\)/.exec(message);
  assert.ok(m, message);
  const { page, context } = await openLog(big, '?line=1203');
  await waitForState(page, (s) => s.log.current === 1203, 'line 1203 in view');
  const text = await itemRect(page, 'log.text.1203');
  const charW = text.w / message.length;  // one line of ASCII in a monospace font
  const begin = m.index + 'request id '.length, end = begin + 12;
  const y = text.y + text.h / 2;
  // From the boundary before the id's first character to the one after its last, right to left.
  await drag(page, { x: text.x + charW * end, y }, { x: text.x + charW * begin, y });
  const s = await waitForState(page, (st) => st.log.textSelection !== null && st.log.textSelection !== undefined, 'part of line 1203 selected');
  assert.deepEqual(s.log.textSelection, { line: 1203, begin, end, length: 12 });
  assert.equal(s.log.selection, null, 'no whole line is selected');
  assert.equal(s.log.editing, null, 'no field was opened: the drag selected directly');
  await screenshot(page, 'log-drag-select-part');
  assert.equal(await copied(page, () => page.keyboard.press('Control+C')), m[1]);
  await waitForState(page, (st) => st.toast === 'Copied 12 characters', 'the confirmation counts characters');
  assert.equal(await copied(page, () => clickItem(page, 'log.copy')), m[1], 'the Copy button copies the part too');
  // A right click on the line keeps the part; its menu copies it first.
  await page.mouse.click(text.x + charW * (begin + 2), y, { button: 'right' });
  assert.equal(await copied(page, () => clickItem(page, 'log.menu.copyText')), m[1], 'the menu copies the part');
  assert.deepEqual((await state(page)).log.textSelection, { line: 1203, begin, end, length: 12 });
  // Esc clears it.
  await page.keyboard.press('Escape');
  await waitForState(page, (st) => st.log.textSelection === null && st.view === 'log', 'the part cleared');

  // A drag that starts inside a message and leaves its line selects the whole lines it passes.
  const r3 = await itemRect(page, 'log.line.1205');
  await drag(page, { x: text.x + charW * begin, y }, { x: text.x + charW * 10, y: r3.y + r3.h / 2 });
  const s2 = await waitForState(page, (st) => st.log.selection && st.log.selection.first === 1203 && st.log.selection.last === 1205, 'lines 1203-1205 selected');
  assert.equal(s2.log.textSelection, null);
  assert.equal(await copied(page, () => page.keyboard.press('Control+C')), msgs.map((l) => l.message).join('\n'));
  await waitForState(page, (st) => st.toast === 'Copied 3 lines', 'the confirmation counts lines');

  // A double click still opens the line for selecting part of it.
  await page.mouse.dblclick(text.x + charW * (begin + 3.5), y);
  await waitForState(page, (st) => st.log.editing === 1203, 'the line open for selecting text');
  assert.equal(await copied(page, () => page.keyboard.press('Control+C')), m[1]);
  await context.close();
});

test('the payload preview stays put while text is dragged over in it; the text selected is copied', async () => {
  // An XML payload: the demo's are laid out as the preview lays XML out (issue 19), so that its
  // lines are the file's lines.
  const now = Date.now();
  let found = null;
  for (const y of await allSyncs()) {
    if (y.trigger !== 'manual' || y.status === 'running' || !y.payloads_expire_at || Date.parse(y.payloads_expire_at) < now + 60000) continue;
    const withFile = (await lines(y.id, 1, 5000)).find((l) => l.payload && /xml/.test(l.payload.content_type));
    if (withFile) { found = { sync: y, line: withFile }; break; }
  }
  assert.ok(found, 'a recent manual sync with a live XML payload');
  const bytes = await (await api(`/payloads/${found.line.payload.id}`)).text();
  const fileLines = bytes.split('\n');
  const { page, context } = await openLog(found.sync, `?line=${found.line.id}`, { width: 1280, height: 800 });
  await waitForState(page, new Function('s', `return s.log.current === ${found.line.id};`), 'the line in view');
  await clickItem(page, `log.payload.${found.line.payload.id}`);
  await waitForState(page, (s) => s.log.preview && s.log.preview.kind === 'xml' && s.log.preview.lines > 4, 'the preview with its text');
  const close = await itemRect(page, 'payload.close');
  const name = await itemRect(page, 'payload.fileName');

  // A drag in the text area (below the toolbar), down and to the right.
  const from = { x: name.x + 60, y: name.y + name.h + 60 };
  await drag(page, from, { x: from.x + 240, y: from.y + 90 });
  await waitForState(page, (s) => s.frames > 0, 'a frame');
  assert.deepEqual(await itemRect(page, 'payload.close'), close, 'the Close button did not move');
  assert.deepEqual(await itemRect(page, 'payload.fileName'), name, 'the window did not move');
  const dragged = await waitForState(page, (s) => s.log.preview.selection && s.log.preview.selection.length > 0, 'text selected');
  assert.ok(dragged.payload, 'still open');

  // From the start of line 2 to the end of line 4: exactly those lines.
  const t2 = await itemRect(page, 'payload.text.2'), t4 = await itemRect(page, 'payload.text.4');
  await drag(page, { x: t2.x + 1, y: t2.y + t2.h / 2 }, { x: t4.x + t4.w - 1, y: t4.y + t4.h / 2 });
  const want = fileLines.slice(1, 4).join('\n');
  const s = await waitForState(page, new Function('s', `return s.log.preview.selection && s.log.preview.selection.firstLine === 2 && s.log.preview.selection.lastLine === 4 && s.log.preview.selection.length === ${[...want].length};`), 'lines 2 to 4 selected');
  assert.ok(s.payload);
  await screenshot(page, 'payload-drag-select');
  assert.equal(await copied(page, () => page.keyboard.press('Control+C')), want);
  await waitForState(page, new Function('s', `return s.toast === 'Copied ${[...want].length} characters';`), 'the confirmation');
  assert.equal(await copied(page, () => clickItem(page, 'payload.copy')), want, 'the Copy button copies it too');
  assert.deepEqual(await itemRect(page, 'payload.close'), close, 'the Close button is where it was');
  await clickItem(page, 'payload.close');
  await waitForState(page, (st) => !st.payload, 'the preview closed');
  const last = await state(page);
  assert.equal(last.view, 'log');
  await context.close();
});
