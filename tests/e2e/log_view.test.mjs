// End to end, in headless Chromium against the demo server (--seed 7, a finished 20,000-line
// "benchmark" sync): the sync log view as a user drives it with the real keyboard and mouse.
// Search (matches, "only matching", next / previous), level toggles, jumps to errors, shortcuts
// that stay off while typing, selecting lines and copying them to the system clipboard (with and
// without times), selecting part of a line, a link to a line, the downloaded log byte for byte,
// UTC / local time, preferences that survive a reload (and never hold the token), wrap, and a
// ?line=N deep link. Everything is checked through window.syncscope.state() and the clipboard.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { apiAllLines, apiAllSyncs, apiGet, clickItem, clipboard, copied, itemRect, launchBrowser, newPage, screenshot, settled, startServer, state, waitForState, waitUntil } from './harness.mjs';

const BIG = 20000;
let server;
let browser;
let big;     // the finished 20,000-line sync
let failed;  // a finished sync with error lines

before(async () => {
  server = await startServer(['--seed', '7', '--big-sync-lines', String(BIG)], { timeoutMs: 30000 });
  browser = await launchBrowser();
  const syncs = await allSyncs();
  big = syncs.find((y) => /benchmark|Big log/.test(y.summary));
  failed = syncs.find((y) => y.status === 'failed' && y.error_count > 0);
  assert.ok(big, 'the --big-sync-lines sync');
  assert.ok(failed, 'the demo has a failed sync with error lines');
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const api = (p) => apiGet(server, p);
const allSyncs = () => apiAllSyncs(server);
const allLines = (syncId, upTo) => apiAllLines(server, syncId, upTo);

// A line as SyncScope writes it to text: `<ISO time> <LEVEL> <message>`, or the message alone.
const asText = (l, meta = true) => (meta ? `${l.at} ${l.level.toUpperCase()} ${l.message}` : l.message);
const contains = (l, q) => l.message.toLowerCase().includes(q.toLowerCase());
const logRoute = (y, extra = '') => `/services/${y.serviceId}/syncs/${y.id}${extra}`;

// A signed-in page (clipboard allowed) showing a sync's log, complete.
async function openLog(sync, { extra = '', contextOptions = {} } = {}) {
  const p = await newPage(browser, contextOptions);
  await p.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
  await p.page.goto(server.link);
  await waitForState(p.page, (s) => s.view === 'services' && s.services.length > 0, 'signed in');
  await p.page.evaluate((r) => { window.location.hash = r; }, logRoute(sync, extra));
  await waitForState(p.page, new Function('s', `return s.log && s.log.syncId === ${sync.id} && s.log.complete && s.log.status !== null && s.log.current !== undefined;`), 'the whole log, drawn', 60000);
  return p;
}

async function clickLine(page, id, modifiers = []) {
  const r = await page.waitForFunction((n) => window.syncscope.itemRect(`log.line.${n}`), id, { polling: 50 });
  const rect = await r.jsonValue();
  for (const m of modifiers) await page.keyboard.down(m);
  await page.mouse.click(rect.x + 40, rect.y + rect.h / 2);
  for (const m of modifiers) await page.keyboard.up(m);
}

// Clicks a spot of the page that is no widget: a text field there loses the keyboard.
async function clickAway(page) {
  // The window's left margin, on the row of Refresh (a finished sync has no auto-refresh switch).
  const r = await itemRect(page, 'log.refresh');
  await page.mouse.click(5, r.y + r.h / 2);
  await waitForState(page, (s) => s.frames > 0, 'a frame');
}

test('search: typed with the real keyboard, counted like the API, "only matching", next and previous', async () => {
  const lines = await allLines(big.id);
  const query = 'rate limit';
  const matchIds = lines.filter((l) => contains(l, query)).map((l) => l.id);
  assert.ok(matchIds.length > 3);
  const { page, context } = await openLog(big);
  await clickItem(page, 'log.search');
  await page.keyboard.type(query, { delay: 20 });
  const found = await waitForState(page, new Function('s', `return s.log.query === ${JSON.stringify(query)} && s.log.matches === ${matchIds.length} && s.log.current !== null;`), 'the matches');
  assert.equal(found.log.shown, BIG, 'every line is still shown');
  assert.ok(matchIds.includes(found.log.current), 'the view went to a match');
  await screenshot(page, 'log-search');

  // Enter in the field, and the ↓ button: the next matches, in order (wrapping at the end).
  const next = (id) => matchIds[(matchIds.indexOf(id) + 1) % matchIds.length];
  const prev = (id) => matchIds[(matchIds.indexOf(id) - 1 + matchIds.length) % matchIds.length];
  let current = found.log.current;
  await page.keyboard.press('Enter');
  current = (await waitForState(page, new Function('s', `return s.log.current === ${next(current)};`), 'Enter: the next match')).log.current;
  await clickItem(page, 'log.next');
  current = (await waitForState(page, new Function('s', `return s.log.current === ${next(current)};`), '↓: the next match')).log.current;
  await clickItem(page, 'log.prev');
  current = (await waitForState(page, new Function('s', `return s.log.current === ${prev(current)};`), '↑: the previous match')).log.current;
  // With the field left, n and N step too.
  await clickAway(page);
  await page.keyboard.press('n');
  current = (await waitForState(page, new Function('s', `return s.log.current === ${next(current)};`), 'n: the next match')).log.current;
  await page.keyboard.press('Shift+N');
  await waitForState(page, new Function('s', `return s.log.current === ${prev(current)};`), 'N: the previous match');

  await clickItem(page, 'log.onlyMatching');
  const only = await waitForState(page, new Function('s', `return s.log.shown === ${matchIds.length};`), 'only the matching lines');
  assert.equal(only.log.matches, matchIds.length);
  assert.ok(await itemRect(page, `log.line.${matchIds[0]}`) || await itemRect(page, `log.line.${matchIds.at(-1)}`));
  await context.close();
});

test('level toggles hide and show their lines; the counts are the API\'s', async () => {
  const lines = await allLines(big.id);
  const debug = lines.filter((l) => l.level === 'debug').length;
  assert.ok(debug > 0);
  const { page, context } = await openLog(big);
  await clickItem(page, 'log.level.debug');
  await waitForState(page, new Function('s', `return s.log.shown === ${BIG - debug};`), 'debug lines hidden');
  await clickItem(page, 'log.level.debug');
  await waitForState(page, new Function('s', `return s.log.shown === ${BIG};`), 'debug lines back');
  await context.close();
});

test('"Jump to next error", its ↑, e and E go from error line to error line', async () => {
  const lines = await allLines(failed.id);
  const errors = lines.filter((l) => l.level === 'error').map((l) => l.id);
  assert.ok(errors.length > 0);
  const { page, context } = await openLog(failed);
  await clickItem(page, 'log.nextError');
  const first = await waitForState(page, (s) => s.log.current !== null, 'an error line');
  assert.ok(errors.includes(first.log.current), `line ${first.log.current} is an error line`);
  const next = errors[(errors.indexOf(first.log.current) + 1) % errors.length];
  const prev = errors[(errors.indexOf(next) - 1 + errors.length) % errors.length];
  await page.keyboard.press('e');
  await waitForState(page, new Function('s', `return s.log.current === ${next};`), 'e: the next error');
  await page.keyboard.press('Shift+E');
  await waitForState(page, new Function('s', `return s.log.current === ${prev};`), 'E: the previous error');
  // The same by mouse (or touch): the ↑ beside the button goes to the error before.
  const before = errors[(errors.indexOf(prev) - 1 + errors.length) % errors.length];
  await clickItem(page, 'log.prevError');
  await waitForState(page, new Function('s', `return s.log.current === ${before};`), '↑: the previous error');
  await context.close();
});

test('shortcuts stay off while typing in the search field', async () => {
  const { page, context } = await openLog(failed);
  const before = await state(page);
  assert.equal(before.log.current, null);
  await clickItem(page, 'log.search');
  // n, e, f, g and space are all shortcuts outside a text field; here they are text. (The first
  // characters match nothing, so no prefix of the query moves the view to a match either.)
  const typed = '~~ e f g n';
  await page.keyboard.type(typed, { delay: 20 });
  const s = await waitForState(page, new Function('s', `return s.log.query === ${JSON.stringify(typed)};`), 'the typed text in the field');
  assert.equal(s.log.matches, 0);
  assert.equal(s.log.current, null, 'no jump to a match or an error');
  assert.equal(s.log.autoRefresh, before.log.autoRefresh, 'space did not toggle auto-refresh');
  assert.equal(s.log.following, before.log.following, 'f / g did not change following');
  assert.equal(s.view, 'log');
  await context.close();
});

test('selected lines are copied to the system clipboard with Ctrl+C, with or without times; Ctrl+A selects all', async () => {
  const lines = await allLines(failed.id);
  const byId = new Map(lines.map((l) => [l.id, l]));
  const a = Math.min(2, lines.length), b = Math.min(4, lines.length);
  const { page, context } = await openLog(failed, { extra: `?line=${a}` });
  await clickLine(page, a);
  await waitForState(page, new Function('s', `return s.log.selection && s.log.selection.first === ${a} && s.log.selection.last === ${a};`), 'one line selected');
  await clickLine(page, b, ['Shift']);
  await waitForState(page, new Function('s', `return s.log.selection && s.log.selection.first === ${a} && s.log.selection.last === ${b};`), 'shift+click extends');
  const range = [];
  for (let id = a; id <= b; ++id) range.push(byId.get(id));
  // A fresh profile copies the messages alone (issue 16: "Copy times & levels" is off by default).
  assert.equal(await copied(page, () => page.keyboard.press('Control+C')), range.map((l) => asText(l, false)).join('\n'));

  // With times and levels, once turned on.
  await clickItem(page, 'log.copyWithMeta');
  await waitForState(page, (s) => s.log.copyWithMeta === true, 'copy with times');
  assert.equal(await copied(page, () => page.keyboard.press('Control+C')), range.map((l) => asText(l)).join('\n'));

  // Ctrl+A: every shown line; the Copy button copies them too.
  await page.keyboard.press('Control+A');
  await waitForState(page, new Function('s', `return s.log.selection && s.log.selection.count === ${lines.length};`), 'every line selected');
  assert.equal(await copied(page, () => clickItem(page, 'log.copy')), lines.map((l) => asText(l)).join('\n'));
  // Esc clears the selection (and only the next Esc leaves the view).
  await page.keyboard.press('Escape');
  await waitForState(page, (s) => s.log.selection === null && s.view === 'log', 'selection cleared');

  // A drag selects the lines it passes over.
  const r1 = await itemRect(page, `log.line.${a}`), r2 = await itemRect(page, `log.line.${b}`);
  await page.mouse.move(r2.x + 60, r2.y + r2.h / 2);
  await page.mouse.down();
  await page.mouse.move(r1.x + 60, r1.y + r1.h / 2, { steps: 6 });
  await page.mouse.up();
  await waitForState(page, new Function('s', `return s.log.selection && s.log.selection.first === ${a} && s.log.selection.last === ${b};`), 'a drag selects a range');
  await context.close();
});

test('a double click selects a word of a line (a request id) and Ctrl+C copies just that', async () => {
  // Line 3k+3 of the benchmark log is "Pushed … request id <12 hex digits>)".
  const id = 1203;
  const line = (await api(`/syncs/${big.id}/logs?after_id=${id - 1}&limit=1`)).data[0];
  const m = /request id ([0-9a-f]{12})\)/.exec(line.message);
  assert.ok(m, line.message);
  // Wide enough for the whole line: its text's rect gives the width of a character.
  const { page, context } = await openLog(big, { extra: `?line=${id}`, contextOptions: { viewport: { width: 1700, height: 800 } } });
  await waitForState(page, new Function('s', `return s.log.current === ${id};`), 'the line in view');
  const text = await itemRect(page, `log.text.${id}`);
  const charW = text.w / line.message.length;  // one line of ASCII in a monospace font
  const at = m.index + 'request id '.length + 5;
  await page.mouse.dblclick(text.x + charW * (at + 0.5), text.y + text.h / 2);
  await waitForState(page, new Function('s', `return s.log.editing === ${id};`), 'the line open for selecting text');
  assert.equal(await copied(page, () => page.keyboard.press('Control+C')), m[1]);
  await screenshot(page, 'log-select-text');
  // Esc closes the field; the view stays.
  await page.keyboard.press('Escape');
  await waitForState(page, (s) => s.log.editing === null && s.view === 'log', 'the field closed');
  await context.close();
});

test('"Copy link to line" copies the page address with the line\'s route, and never the token', async () => {
  const id = 3;
  const { page, context } = await openLog(failed, { extra: `?line=${id}` });
  await waitForState(page, new Function('s', `return s.log.current === ${id};`), 'the line in view');
  const r = await itemRect(page, `log.line.${id}`);
  await page.mouse.click(r.x + 40, r.y + r.h / 2, { button: 'right' });
  const link = await copied(page, () => clickItem(page, `log.copyLink.${id}`));
  assert.equal(link, `${server.origin}/#/services/${failed.serviceId}/syncs/${failed.id}?line=${id}`);
  assert.ok(!link.includes(server.token));
  // Esc closes the line's menu first, then clears the selection, and only then goes back.
  await page.mouse.click(r.x + 40, r.y + r.h / 2, { button: 'right' });
  await settled(page);
  assert.ok(await itemRect(page, `log.copyLink.${id}`), 'the menu is open');
  await page.keyboard.press('Escape');
  await settled(page);
  assert.equal(await itemRect(page, `log.copyLink.${id}`), null, 'Esc closed the menu');
  let s = await state(page);
  assert.equal(s.view, 'log', 'and stayed in the log');
  assert.ok(s.log.selection, 'the line is still selected');
  await page.keyboard.press('Escape');
  s = await waitForState(page, (x) => x.log && x.log.selection === null, 'the selection cleared');
  assert.equal(s.view, 'log');
  await page.keyboard.press('Escape');
  await waitForState(page, (x) => x.view === 'summary', 'back to the summary');
  await context.close();
});

test('?line=N scrolls to line N once it has loaded and highlights it', async () => {
  const id = 12345;
  const { page, context } = await openLog(big, { extra: `?line=${id}` });
  const s = await waitForState(page, new Function('s', `return s.log.current === ${id} && s.log.firstVisible <= ${id} && s.log.lastVisible >= ${id};`), 'line N in view and current');
  assert.equal(s.route, logRoute(big, `?line=${id}`));
  const r = await itemRect(page, `log.line.${id}`);
  assert.ok(r && r.h > 0, 'the line is drawn');
  await screenshot(page, 'log');
  // The lines panel's background is a scissored clear in the renderer, not a quad (issue 20).
  assert.equal((await state(page)).draw.clears, 1, 'the panel\'s background cleared');
  await context.close();
});

test('Download saves the whole log as text, byte for byte the API\'s lines', async () => {
  const lines = await allLines(big.id);
  assert.equal(lines.length, BIG);
  const expected = lines.map((l) => asText(l) + '\n').join('');
  const { page, context } = await openLog(big);
  const [download] = await Promise.all([page.waitForEvent('download'), clickItem(page, 'log.download')]);
  assert.equal(download.suggestedFilename(), `sync-${big.id}.log`);
  const saved = await readFile(await download.path());
  assert.ok(saved.equals(Buffer.from(expected, 'utf8')), `the file (${saved.length} bytes) equals the API's lines (${Buffer.byteLength(expected)} bytes)`);
  await context.close();
});

test('a running sync\'s download says so in its header, then holds the lines written so far', async () => {
  const running = (await allSyncs()).find((y) => y.status === 'running');
  assert.ok(running, 'the demo always has a running sync');
  const { page, context } = await openLog(running);
  const [download] = await Promise.all([page.waitForEvent('download'), clickItem(page, 'log.download')]);
  const text = (await readFile(await download.path())).toString('utf8');
  assert.match(text, new RegExp(`^# Sync ${running.id} was still running when this file was saved`));
  assert.match(text.split('\n')[1], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (DEBUG|INFO|WARNING|ERROR) /);
  await context.close();
});

test('UTC / local time: the toggle shifts every shown time to the browser\'s zone and labels it', async () => {
  const id = 3;
  const line = (await api(`/syncs/${failed.id}/logs?after_id=${id - 1}&limit=1`)).data[0];
  const { page, context } = await openLog(failed, { extra: `?line=${id}`, contextOptions: { timezoneId: 'Asia/Kolkata' } });
  const utc = await waitForState(page, new Function('s', `return s.log.current === ${id} && s.log.currentTime !== null;`), 'the line drawn');
  assert.equal(utc.timeZone, 'utc');
  assert.equal(utc.timeZoneLabel, 'UTC');
  assert.equal(utc.log.currentTime, line.at.slice(11, 23));
  await clickItem(page, 'log.timezone');
  const local = await waitForState(page, (s) => s.timeZone === 'local' && s.log.currentTime !== null, 'local time');
  assert.equal(local.timeZoneLabel, 'UTC+05:30');
  const shifted = new Date(Date.parse(line.at) + 330 * 60000).toISOString().slice(11, 23);
  assert.equal(local.log.currentTime, shifted);
  await screenshot(page, 'log-local-time');
  await context.close();
});

test('preferences survive a reload (wrap, time zone, level filter, copy with times) and localStorage never holds the token', async () => {
  const lines = await allLines(big.id);
  const debug = lines.filter((l) => l.level === 'debug').length;
  const { page, context } = await openLog(big);
  await clickItem(page, 'log.wrap');
  await waitForState(page, (s) => s.log.wrap === true, 'wrap on');
  await clickItem(page, 'log.timezone');
  await waitForState(page, (s) => s.timeZone === 'local', 'local time');
  await clickItem(page, 'log.copyWithMeta');
  await waitForState(page, (s) => s.log.copyWithMeta === true, 'copy with times (off by default)');
  await clickItem(page, 'log.level.debug');
  await waitForState(page, new Function('s', `return s.log.shown === ${BIG - debug};`), 'debug hidden');
  const stored = await page.evaluate(() => localStorage.getItem('syncscope.prefs'));
  const prefs = JSON.parse(stored);
  assert.equal(prefs.wrap, true);
  assert.equal(prefs.timeZone, 'local');
  assert.equal(prefs.copyWithMeta, true);
  assert.equal(prefs.levels.debug, false);

  await page.reload();
  // The token was not kept ("remember me" was not ticked): sign in again, and the log opens.
  await waitForState(page, (s) => s.view === 'login', 'the login form after the reload');
  await clickItem(page, 'login.token');
  await page.keyboard.type(server.token);
  await clickItem(page, 'login.submit');
  const s = await waitForState(page, new Function('s', `return s.log && s.log.complete && s.log.shown === ${BIG - debug};`), 'the log with debug lines hidden', 60000);
  assert.equal(s.log.wrap, true);
  assert.equal(s.timeZone, 'local');
  assert.equal(s.log.copyWithMeta, true);
  const everything = await page.evaluate(() => Object.keys(localStorage).map((k) => k + '=' + localStorage.getItem(k)).join('\n'));
  assert.ok(!everything.includes(server.token), 'the token is not in localStorage');
  await context.close();
});

test('wrap: a long line takes several rows at a narrow width, one row without wrap', async () => {
  const { page, context } = await openLog(big, { extra: '?line=300', contextOptions: { viewport: { width: 700, height: 800 } } });
  await waitForState(page, (s) => s.log.current === 300, 'line 300');
  const one = await itemRect(page, 'log.line.300');
  await clickItem(page, 'log.wrap');
  await waitForState(page, (s) => s.log.wrap === true && s.log.firstVisible <= 300 && s.log.lastVisible >= 300, 'wrapped, line 300 still in view');
  const wrapped = await page.waitForFunction((h) => {
    const r = window.syncscope.itemRect('log.line.300');
    return r && r.h >= 2 * h && r;
  }, one.h, { polling: 50 });
  const r = await wrapped.jsonValue();
  assert.ok(r.w <= 700, 'no wider than the view');
  await page.mouse.move(690, 790);  // no tooltip in the picture
  await waitForState(page, (s) => s.frames > 0, 'a frame');
  await screenshot(page, 'log-wrap');
  // The end of the log is still reachable: G goes to the bottom, the last line drawn.
  await clickAway(page);
  await page.keyboard.press('Shift+G');
  await waitForState(page, new Function('s', `return s.log.following && s.log.lastVisible === ${BIG};`), 'the last line in view');
  await context.close();
});

test('a payload link on a line opens the preview; clicking it does not select the line', async () => {
  const now = Date.now();
  const manual = (await allSyncs()).filter((y) => y.trigger === 'manual' && y.status !== 'running' && y.payloads_expire_at && Date.parse(y.payloads_expire_at) > now + 60000);
  assert.ok(manual.length, 'a recent manual sync with live payloads');
  const line = (await allLines(manual[0].id)).find((l) => l.payload);
  const { page, context } = await openLog(manual[0], { extra: `?line=${line.id}` });
  await waitForState(page, new Function('s', `return s.log.current === ${line.id};`), 'the line in view');
  await clickItem(page, `log.payload.${line.payload.id}`);
  const s = await waitForState(page, new Function('s', `return s.payload && s.payload.id === ${line.payload.id};`), 'the preview');
  assert.equal(s.log.selection, null, 'the click went to the link, not the line');
  await context.close();
});
