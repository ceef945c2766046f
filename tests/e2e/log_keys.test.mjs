// End to end, in headless Chromium against the demo server: the sync log's live behaviours and
// keyboard as a person drives them, checked through window.syncscope.state() and the network.
// Follow mode on a log that grows while it is watched (--big-sync-live: 100 lines a simulated
// second, --speed 2) and the "N new lines" bar; the shortcuts outside a text field and the same
// keys typed into the search; a running sync that finishes while open (--speed 40: one last log
// request, then none); a long message that expands; the payload preview's formats (JSON laid out,
// CSV and XML as sent); the level toggles' counts; and the theme (prefers-color-scheme at start and
// while open, the switch, remembered across a reload, never the token), seen in the canvas' pixels.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { clickItem, itemRect, launchBrowser, newPage, pixel, screenshot, settled, startServer, state, waitForState, waitUntil } from './harness.mjs';

const REFRESH_MS = 5000;
const SPEED = 40;  // the finishing sync's server: 15 simulated minutes in 22 s
let browser;
let live;     // --speed 2 and a benchmark sync writing 200 lines a real second
let hostile;  // --seed 7 --hostile-sync: finished syncs, payloads in every format, hostile lines

before(async () => {
  browser = await launchBrowser();
  live = await startServer(['--seed', '11', '--speed', '2', '--big-sync-live', '--big-sync-lines', '2000000'], { timeoutMs: 30000 });
  hostile = await startServer(['--seed', '7', '--hostile-sync'], { timeoutMs: 30000 });
});

after(async () => {
  await browser?.close();
  await live?.stop();
  await hostile?.stop();
});

async function api(server, path) {
  const res = await fetch(`${server.origin}/api/v1${path}`, { headers: { Authorization: `Bearer ${server.token}` } });
  assert.equal(res.status, 200, `GET ${path}`);
  return res.json();
}

async function allSyncs(server) {
  const out = [];
  for (const s of (await api(server, '/services?per_page=100')).data)
    for (const y of (await api(server, `/services/${s.id}/syncs?per_page=100`)).data) out.push({ ...y, serviceId: s.id, schedule: s.schedule });
  return out;
}

async function allLines(server, syncId) {
  const lines = [];
  for (let after = 0; ;) {
    const page = await api(server, `/syncs/${syncId}/logs?after_id=${after}&limit=5000`);
    lines.push(...page.data);
    if (!page.data.length || !page.meta.has_more) return lines;
    after = page.data[page.data.length - 1].id;
  }
}

const logRoute = (y, extra = '') => `/services/${y.serviceId}/syncs/${y.id}${extra}`;
const isLogRequest = (url, syncId) => url.includes(`/api/v1/syncs/${syncId}/logs`);

// A signed-in page showing a route, its log requests recorded with the time each was sent.
async function openLog(server, sync, { extra = '', contextOptions } = {}) {
  const p = await newPage(browser, contextOptions ?? {});
  p.logRequests = [];
  p.page.on('request', (r) => { if (isLogRequest(r.url(), sync.id)) p.logRequests.push({ at: Date.now(), url: r.url() }); });
  await p.page.goto(server.link);
  await waitForState(p.page, (s) => s.view === 'services' && s.services.length > 0, 'signed in');
  await p.page.evaluate((r) => { window.location.hash = r; }, logRoute(sync, extra));
  await waitForState(p.page, new Function('s', `return s.log && s.log.syncId === ${sync.id} && s.log.lines > 0 && s.log.firstVisible !== undefined;`), 'the log, drawn', 60000);
  return p;
}

const when = (cond) => new Function('s', `return ${cond};`);

// Clicks a spot of the page that is no widget: a text field there loses the keyboard.
async function clickAway(page) {
  // The window's left margin, on the row of Refresh (a finished sync has no auto-refresh switch).
  const r = await itemRect(page, 'log.refresh');
  await page.mouse.click(5, r.y + r.h / 2);
  await waitForState(page, (s) => s.frames > 0, 'a frame');
}

// Turns the mouse wheel up over the lines, as a person scrolls back to read.
async function scrollUp(page) {
  const s = await state(page);
  const r = await itemRect(page, `log.line.${s.log.lastVisible}`);
  assert.ok(r, 'the last visible line is drawn');
  await page.mouse.move(r.x + 200, r.y - 60);
  await page.mouse.wheel(0, -600);
  return waitForState(page, (s) => s.log.following === false, 'following stopped by the wheel');
}

// The sync writing 200 lines a second: the --big-sync-live benchmark sync. While it runs its
// summary says "Running: …" (not "benchmark"), and just after the server starts it may hold fewer
// lines than the demo's other running syncs: it is the one whose log grows by 100 lines first
// (the others write a line every few seconds).
async function liveBigSync() {
  const lastId = async (y) => (await api(live, `/syncs/${y.id}/logs?tail=1`)).meta.last_id;
  const running = (await allSyncs(live)).filter((y) => y.status === 'running');
  for (const y of running) y.first = await lastId(y);
  let big = null;
  await waitUntil(async () => {
    for (const y of running) {
      y.last = await lastId(y);
      if (y.last - y.first >= 100) big = y;
    }
    return big;
  }, 'a running sync growing 100 lines', 30000);
  await waitUntil(async () => (big.last = await lastId(big)) > 200, 'the benchmark sync past 200 lines', 30000);
  return big;
}

test('follow mode on a live log: the tail is tracked, the wheel stops it, "N new lines" grows, the bar, f and Follow go back', async () => {
  const sync = await liveBigSync();
  const { page, context, consoleErrors } = await openLog(live, sync);
  const first = await waitForState(page, (s) => s.log.live && s.log.following && s.log.lastVisible === s.log.lastId, 'following the tail');
  // New lines arrive with the next refreshes, and the last line in view goes with them.
  const tracked = await waitForState(page, when(`s.log.following && s.log.lastId > ${first.log.lastId} && s.log.lastVisible === s.log.lastId`), 'new lines, the tail in view', 20000);
  assert.ok(tracked.log.lines > first.log.lines);
  assert.equal(await itemRect(page, 'log.newLines'), null, 'no "new lines" bar while following');

  // Scrolled up: not following; the next refresh's lines are counted in the bar, the view stays.
  const up = await scrollUp(page);
  const marked = await waitForState(page, when(`s.log.newLines > 0 && s.log.lastId > ${up.log.lastId}`), 'the "N new lines" bar', 20000);
  assert.ok(await itemRect(page, 'log.newLines'), 'the bar is drawn');
  assert.ok(marked.log.lastVisible < marked.log.lastId, 'the view stayed where it was scrolled to');
  // Where a line in view is on the screen. (Not firstVisible, the first line wholly in view: the
  // header above the list may change height with a refresh, e.g. the gap's line as a running
  // sync's counts move, and the list then keeps its lines where they were on the screen, which
  // can show one more or one fewer line at its top.)
  const kept = marked.log.firstVisible + 2;
  const before = await itemRect(page, `log.line.${kept}`);
  assert.ok(before, 'a line in view is drawn');
  const grown = await waitForState(page, when(`s.log.newLines > ${marked.log.newLines}`), 'the count grows with the next refresh', 20000);
  assert.equal(grown.log.following, false);
  const after = await itemRect(page, `log.line.${kept}`);
  assert.ok(after, 'the line is still drawn');
  assert.ok(Math.abs(after.y - before.y) <= 1, `new lines do not move the lines in view (y ${before.y} then ${after.y})`);
  await screenshot(page, 'log-new-lines');
  // A click on the bar goes back to the tail and follows it.
  await clickItem(page, 'log.newLines');
  const back = await waitForState(page, (s) => s.log.following && s.log.newLines === 0 && s.log.lastVisible === s.log.lastId, 'back at the tail');
  await waitForState(page, when(`s.log.following && s.log.lastId > ${back.log.lastId} && s.log.lastVisible === s.log.lastId`), 'following again as lines arrive', 20000);
  assert.equal(await itemRect(page, 'log.newLines'), null, 'the bar is gone');

  // `f` does the same; so does the Follow toggle.
  await scrollUp(page);
  await page.keyboard.press('f');
  await waitForState(page, (s) => s.log.following && s.log.lastVisible === s.log.lastId, 'f: back at the tail');
  await scrollUp(page);
  await clickItem(page, 'log.follow');
  await waitForState(page, (s) => s.log.following && s.log.lastVisible === s.log.lastId, 'Follow: back at the tail');
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test('keys outside a text field: / and Ctrl+F search, f follow, space pauses (no request), g / G, Esc back; typed into the search they are text', async () => {
  const sync = await liveBigSync();
  const { page, context, logRequests } = await openLog(live, sync);
  await waitForState(page, (s) => s.log.complete && s.log.live && s.log.following && s.log.lastVisible === s.log.lastId, 'the whole log, following');

  // `/` puts the keyboard in the search; what is typed next is the query. The same keys typed
  // there are text: no follow toggle, no pause, no jump, no second focus, no going back.
  await page.keyboard.press('/');
  await page.keyboard.type('~~', { delay: 20 });
  await waitForState(page, (s) => s.log.query === '~~', '/ focused the search');
  const typed = '~~ f g G /';
  await page.keyboard.type(typed.slice(2), { delay: 20 });
  const inField = await waitForState(page, when(`s.log.query === ${JSON.stringify(typed)}`), 'the keys as text in the field');
  assert.equal(inField.log.matches, 0);
  assert.equal(inField.log.following, true, 'f, g, G did not change following');
  assert.equal(inField.log.autoRefresh, true, 'space did not pause');
  assert.equal(inField.log.live, true);
  assert.equal(inField.log.current, null, 'no jump');
  // Esc in the field ends the editing; it does not leave the log.
  await page.keyboard.press('Escape');
  await waitForState(page, (s) => s.frames > 0, 'a frame');
  assert.equal((await state(page)).view, 'log', 'Esc in the field stays in the log');

  // Ctrl+F: the field has the keyboard again (Ctrl+A there selects its text, as a field does).
  await clickAway(page);
  await page.keyboard.press('Control+F');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('zz~', { delay: 20 });
  const ctrlF = await waitForState(page, (s) => s.log.query === 'zz~', 'Ctrl+F focused the search');
  assert.equal(ctrlF.log.selection, null, 'Ctrl+A selected the field\'s text, not the lines');
  await clickAway(page);

  // f toggles following.
  await page.keyboard.press('f');
  await waitForState(page, (s) => s.log.following === false, 'f: not following');
  await page.keyboard.press('f');
  await waitForState(page, (s) => s.log.following && s.log.lastVisible === s.log.lastId, 'f: following the tail');

  // g: the first line in view; G: the last, following.
  await page.keyboard.press('g');
  await waitForState(page, (s) => s.log.following === false && s.log.firstId === 1 && s.log.firstVisible === 1, 'g: the first line');
  await page.keyboard.press('Shift+G');
  const bottom = await waitForState(page, (s) => s.log.following && s.log.lastVisible === s.log.lastId, 'G: the last line');

  // Space: "Auto-refresh is off" — and nothing is asked for over two refresh periods.
  await waitForState(page, when(`s.log.lastId > ${bottom.log.lastId}`), 'a refresh since', 20000);
  await page.keyboard.press(' ');
  const paused = await waitForState(page, (s) => s.log.autoRefresh === false && s.log.live === false, 'space: paused');
  const pausedAt = Date.now();
  const asked = logRequests.length;
  for (const end = pausedAt + 2 * REFRESH_MS + 1000; Date.now() < end;) {
    assert.equal(logRequests.filter((r) => r.at > pausedAt + 200).length, 0, 'a log request while paused');
    await new Promise((r) => setTimeout(r, 250));
  }
  assert.equal((await state(page)).log.lastId, paused.log.lastId, 'no lines while paused');
  // Space again: on, and the log is asked for at once.
  await page.keyboard.press(' ');
  await waitForState(page, (s) => s.log.autoRefresh === true && s.log.live === true, 'space: resumed');
  await waitUntil(() => logRequests.length > asked, 'a log request right after resuming', 3000);

  // Esc: back to the service's summary.
  await page.keyboard.press('Escape');
  const summary = await waitForState(page, (s) => s.view === 'summary', 'Esc: the summary');
  assert.equal(summary.route, `/services/${sync.serviceId}`);
  await context.close();
});

test('a running sync that finishes while open: one last log request says so, then none; no longer live', async () => {
  const fast = await startServer(['--seed', '11', '--speed', String(SPEED)], { timeoutMs: 30000 });
  try {
    const { page, context } = await newPage(browser);
    await page.goto(fast.link);
    await waitForState(page, (s) => s.view === 'services' && s.services.length > 0, 'signed in');
    // How long each service's syncs take, from the API's finished syncs; the running syncs in
    // the order they are expected to finish.
    const syncs = await allSyncs(fast);
    const typical = new Map();
    for (const y of syncs) {
      if (y.status === 'running' || y.status === 'queued' || !y.duration_ms) continue;
      if (!typical.has(y.serviceId)) typical.set(y.serviceId, []);
      typical.get(y.serviceId).push(y.duration_ms);
    }
    const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
    const running = syncs.filter((y) => y.status === 'running').map((y) => ({
      ...y,
      remaining: (typical.has(y.serviceId) ? median(typical.get(y.serviceId)) : 180000) - y.duration_ms,
    }));
    assert.ok(running.length, 'a running sync');
    running.sort((a, b) => a.remaining - b.remaining);
    // Answers to the sync's log requests (with the status each said) and the requests sent.
    let sync = null;
    let answers = [];
    let sent = [];
    page.on('request', (r) => { if (sync && isLogRequest(r.url(), sync.id)) sent.push(Date.now()); });
    page.on('response', async (r) => {
      if (!sync || !isLogRequest(r.url(), sync.id)) return;
      const entry = { at: Date.now(), status: r.status(), syncStatus: null, url: r.url() };
      answers.push(entry);
      if (r.status() === 200) entry.syncStatus = (await r.json()).meta.sync_status;
    });
    // The first expected to finish; an estimate can be early: one that ended before its log
    // opened is passed over for the next.
    for (const candidate of running) {
      sync = candidate;
      answers = [];
      sent = [];
      await page.evaluate((r) => { window.location.hash = r; }, logRoute(sync));
      await waitForState(page, when(`s.log && s.log.syncId === ${sync.id} && s.log.lines > 0`), 'the log');
      await waitUntil(() => answers.length && answers[0].syncStatus, 'the first log answer');
      if (answers[0].syncStatus === 'running') break;
      sync = null;
    }
    assert.ok(sync, 'a running sync opened while it still ran');
    await waitForState(page, (s) => s.log.status === 'running' && s.log.live, 'the running log, live');
    // Sped up, a sync of a few simulated minutes ends within seconds: an answer says so.
    const done = await waitForState(page, (s) => s.log.status !== 'running', 'an answer saying the sync finished', 120000);
    await waitUntil(() => answers.some((a) => a.syncStatus && a.syncStatus !== 'running'), 'the log answer saying so');
    const seen = answers.find((a) => a.syncStatus && a.syncStatus !== 'running');
    assert.equal(seen.syncStatus, done.log.status);
    assert.ok(answers.indexOf(seen) > 0 && answers[0].syncStatus === 'running', 'the log was live before it finished');
    // Then exactly one more log request (at the usual cadence: lines written as the status
    // turned are not lost), and its answer.
    await waitUntil(() => sent.some((t) => t > seen.at) && answers.length === sent.length && answers.at(-1).at > seen.at, 'the last log request and its answer', 3 * REFRESH_MS);
    const last = answers.at(-1);
    const trail = () => sent.filter((t) => t > seen.at);
    assert.equal(trail().length, 1, `one log request after the finished answer: ${JSON.stringify(answers)}`);
    assert.ok(trail()[0] - seen.at > REFRESH_MS / 2, 'at the refresh cadence, not at once');
    await waitForState(page, (s) => s.log.live === false, 'not live');
    // Then none: over two refresh periods and more, not one log request.
    for (const end = last.at + 12000; Date.now() < end;) {
      assert.deepEqual(trail(), [trail()[0]], `log requests after the last one: ${JSON.stringify(answers)}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    assert.equal(answers.length, sent.length);
    const final = await state(page);
    assert.equal(final.log.live, false);
    assert.equal(final.log.autoRefresh, true, 'still "Auto-refresh is on": the sync ended, not the refreshing');
    // That one request brought the last lines: the log is whole.
    const meta = (await api(fast, `/syncs/${sync.id}/logs?tail=1`)).meta;
    assert.equal(final.log.lastId, meta.last_id, 'the last lines were fetched');
    assert.equal(final.log.complete, true);
    await context.close();
  } finally {
    await fast.stop();
  }
});

// The hostile sync (server/hostile_data.h): line 6 is a 100,000-character message.
async function hostileSync() {
  const y = (await allSyncs(hostile)).find((x) => /Hostile/.test(x.summary));
  assert.ok(y, 'the --hostile-sync sync');
  return y;
}

test('a long message is cut with a link; clicking it expands the row (state().log.expanded)', async () => {
  // The demo's messages are one line each: the cut 100,000-character one stands for the
  // "expand" behaviour (multi-line messages share the link and the code path).
  const sync = await hostileSync();
  const id = 6;
  const { page, context } = await openLog(hostile, sync, { extra: `?line=${id}` });
  await waitForState(page, when(`s.log.complete && s.log.current === ${id}`), 'line 6 in view', 60000);
  const row = await itemRect(page, `log.line.${id}`);
  const link = await itemRect(page, `log.expand.${id}`);
  assert.ok(row && link, 'the line and its expand link are drawn');
  assert.equal((await state(page)).log.expanded.length, 0);
  await clickItem(page, `log.expand.${id}`);
  await waitForState(page, when(`s.log.expanded.includes(${id})`), 'the message expanded');
  const tall = await page.waitForFunction(([i, h]) => {
    const r = window.syncscope.settled() && window.syncscope.itemRect(`log.line.${i}`);
    return r && r.h >= 3 * h && r;
  }, [id, row.h], { polling: 50, timeout: 20000 });
  assert.ok((await tall.jsonValue()).h >= 3 * row.h, 'the row grew');
  await screenshot(page, 'log-expanded');
  await context.close();
});

// Lines per the preview: JSON laid out as JSON.stringify(…, null, 2) does; CSV (its file's lines)
// and XML (the demo's files are laid out as the preview lays XML out) as sent.
const prettyLines = (text) => JSON.stringify(JSON.parse(text), null, 2).split('\n').length;
const textLines = (text) => text.replace(/\n$/, '').split('\n').length;

test('payload preview: JSON is laid out (a one-line file too), CSV is a table, XML is laid out', async () => {
  const now = Date.now();
  const manual = (await allSyncs(hostile)).filter((y) => y.trigger === 'manual' && y.status !== 'running' && y.payloads_expire_at && Date.parse(y.payloads_expire_at) > now + 60000);
  const byFormat = {};
  for (const y of manual) {
    for (const l of await allLines(hostile, y.id)) {
      const ext = l.payload && /\.(json|csv|xml)$/.exec(l.payload.file_name)?.[1];
      if (ext && !byFormat[ext]) byFormat[ext] = { sync: y, line: l };
    }
    if (byFormat.json && byFormat.csv && byFormat.xml) break;
  }
  assert.ok(byFormat.json && byFormat.csv && byFormat.xml, `payloads in every format (${Object.keys(byFormat)})`);
  const h = await hostileSync();
  const oneLine = (await allLines(hostile, h.id)).find((l) => l.payload);
  byFormat.bigJson = { sync: h, line: oneLine };
  const expectKind = { json: 'json', bigJson: 'json', csv: 'csv', xml: 'xml' };

  const p = await newPage(browser);
  await p.page.goto(hostile.link);
  await waitForState(p.page, (s) => s.view === 'services' && s.services.length > 0, 'signed in');
  for (const [format, { sync, line }] of Object.entries(byFormat)) {
    const res = await fetch(`${hostile.origin}/api/v1/payloads/${line.payload.id}`, { headers: { Authorization: `Bearer ${hostile.token}` } });
    const text = await res.text();
    const lines = expectKind[format] === 'json' ? prettyLines(text) : textLines(text);
    if (format === 'bigJson') assert.equal(textLines(text), 1, 'the 10 MB file is one line as sent');
    await p.page.evaluate((r) => { window.location.hash = r; }, logRoute(sync, `?line=${line.id}`));
    await waitForState(p.page, when(`s.log && s.log.syncId === ${sync.id} && s.log.current === ${line.id}`), `the line with the ${format} payload`, 60000);
    await clickItem(p.page, `log.payload.${line.payload.id}`);
    const shown = await waitForState(p.page, when(`s.payload && s.payload.id === ${line.payload.id} && s.log.preview !== null`), `the ${format} preview`, 60000);
    assert.equal(shown.log.preview.kind, expectKind[format], `${format}: ${line.payload.file_name}`);
    assert.equal(shown.log.preview.lines, lines, `${format}: lines shown`);
    if (format === 'bigJson') assert.ok(lines > 1000, 'laid out, the one-line file has many lines');
    await screenshot(p.page, `payload-${format}`);
    await p.page.keyboard.press('Escape');
    await waitForState(p.page, (s) => s.payload === null, 'the preview closed');
  }
  await p.context.close();
});

test('the level toggles count the API\'s lines per level; n makes a match current', async () => {
  const failed = (await allSyncs(hostile)).find((y) => y.status === 'failed' && y.error_count > 0 && y.warning_count > 0)
    ?? (await allSyncs(hostile)).find((y) => y.status === 'failed' && y.error_count > 0);
  assert.ok(failed, 'a failed sync with errors');
  const lines = await allLines(hostile, failed.id);
  const counts = { debug: 0, info: 0, warning: 0, error: 0 };
  for (const l of lines) counts[l.level] += 1;
  const { page, context } = await openLog(hostile, failed);
  const s = await waitForState(page, (s) => s.log.complete, 'the whole log');
  assert.deepEqual(s.log.levelCounts, counts);
  assert.equal(s.log.shown, lines.length);

  const query = 'Sync';
  const matches = lines.filter((l) => l.message.toLowerCase().includes(query.toLowerCase())).map((l) => l.id);
  assert.ok(matches.length >= 2);
  await clickItem(page, 'log.search');
  await page.keyboard.type(query, { delay: 20 });
  await waitForState(page, when(`s.log.query === ${JSON.stringify(query)} && s.log.matches === ${matches.length}`), 'the matches');
  await clickAway(page);
  const before = (await state(page)).log.current;
  await page.keyboard.press('n');
  const next = before && matches.includes(before) ? matches[(matches.indexOf(before) + 1) % matches.length] : null;
  const after = await waitForState(page, next ? when(`s.log.current === ${next}`) : when(`${JSON.stringify(matches)}.includes(s.log.current)`), 'n: a match current');
  assert.ok(matches.includes(after.log.current));
  await context.close();
});

// The canvas' background, read from one pixel of a screenshot: 'dark' or 'light'.
async function background(page) {
  const vp = page.viewportSize();
  const [r, g, b] = await pixel(page, 3, vp.height - 4);
  const lum = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return lum < 90 ? 'dark' : lum > 200 ? 'light' : `unclear (${r}, ${g}, ${b})`;
}

const looksLike = (page, theme, what) => waitUntil(async () => (await background(page)) === theme, what, 15000);
const storedPrefs = async (page) => JSON.parse((await page.evaluate(() => localStorage.getItem('syncscope.prefs'))) ?? '{}');

test('theme: prefers-color-scheme at start and while open (until one is chosen), the switch, remembered across a reload, never the token', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const context = await browser.newContext({ viewport: { width: 1000, height: 700 }, colorScheme });
    const page = await context.newPage();
    await page.goto(live.link);
    await waitForState(page, (s) => s.view === 'services' && s.services.length > 0, 'signed in');
    await looksLike(page, colorScheme, `the ${colorScheme} theme at start`);
    await context.close();
  }

  const context = await browser.newContext({ viewport: { width: 1000, height: 700 }, colorScheme: 'dark' });
  const page = await context.newPage();
  await page.goto(live.link);
  await waitForState(page, (s) => s.view === 'services' && s.services.length > 0, 'signed in');
  await looksLike(page, 'dark', 'dark');
  // No theme chosen: the system's changes while the page is open are followed.
  await page.emulateMedia({ colorScheme: 'light' });
  await looksLike(page, 'light', 'light after the system turned light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await looksLike(page, 'dark', 'dark again with the system');
  assert.equal((await storedPrefs(page)).theme, undefined, 'following the system: no theme stored');

  // Chosen: light on a dark system, kept whatever the system does, and across a reload.
  await clickItem(page, 'app.theme');
  await looksLike(page, 'light', 'light, chosen');
  await waitUntil(async () => (await storedPrefs(page)).theme === 'light', 'the choice stored');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.mouse.move(500, 600);
  await waitForState(page, (s) => s.frames > 0, 'a frame');
  assert.equal(await background(page), 'light', 'a chosen theme does not follow the system');
  await page.reload();
  await waitForState(page, (s) => s.view === 'login', 'the login form after the reload (the token was not kept)');
  await looksLike(page, 'light', 'light after the reload, on a dark system');
  const everything = await page.evaluate(() => Object.keys(localStorage).map((k) => k + '=' + localStorage.getItem(k)).join('\n'));
  assert.ok(!everything.includes(live.token), 'the token is not in localStorage');

  // Switched back to the system's: following it again.
  await clickItem(page, 'app.theme');
  await looksLike(page, 'dark', 'dark, the system\'s');
  await waitUntil(async () => (await storedPrefs(page)).theme === undefined, 'no theme stored');
  await page.emulateMedia({ colorScheme: 'light' });
  await looksLike(page, 'light', 'following the system again');
  await context.close();
});

// --- issue 16, points 4 and 5: the keyboard in the log, and your place kept ---------------------

// The hostile server's --hostile-sync: finished, 5,000 lines of every level mixed (more than a
// view holds); its lines as the API gives them.
async function busyFinishedSync() {
  const sync = await hostileSync();
  const lines = await allLines(hostile, sync.id);
  for (const level of ['debug', 'warning', 'error']) assert.ok(lines.filter((l) => l.level === level).length >= 3, `${level} lines`);
  return { sync, lines };
}

const idsOf = (lines, level) => lines.filter((l) => l.level === level).map((l) => l.id);
const press = async (page, key, cond, what) => {
  await page.keyboard.press(key);
  return waitForState(page, when(cond), `${key}: ${what}`);
};

test('log keys: Up / Down the current line, PageUp / PageDown a screen, Home / End, g then e the first error, w / W and the warning buttons', async () => {
  const { sync, lines } = await busyFinishedSync();
  const errors = idsOf(lines, 'error');
  const warnings = idsOf(lines, 'warning');
  const lastId = lines.at(-1).id;
  const { page, context, consoleErrors } = await openLog(hostile, sync);
  await waitForState(page, (s) => s.log.complete, 'the whole log');

  // Home: the first line, current, in view; not following.
  await press(page, 'Home', 's.log.current === 1 && s.log.firstVisible === 1 && s.log.following === false && s.log.scrollY === 0', 'the first line');
  await press(page, 'ArrowDown', 's.log.current === 2', 'the next line');
  await press(page, 'ArrowDown', 's.log.current === 3', 'the next line');
  const top = await press(page, 'ArrowUp', 's.log.current === 2', 'the line before');
  // PageDown: the last line in view becomes the first; PageUp: back. The current line stays.
  const down = await press(page, 'PageDown', `s.log.scrollY > 0 && s.log.firstVisible >= ${top.log.lastVisible - 1}`, 'a screen down');
  assert.ok(down.log.firstVisible <= top.log.lastVisible + 1, `by a screen: ${top.log.firstVisible}–${top.log.lastVisible} → ${down.log.firstVisible}–${down.log.lastVisible}`);
  assert.equal(down.log.current, 2, 'PageDown does not move the current line');
  await press(page, 'PageUp', 's.log.scrollY === 0 && s.log.firstVisible === 1', 'a screen up');
  // Down past the bottom of the view: the view scrolls to keep the current line in it.
  let s = await state(page);
  const beyond = s.log.lastVisible + 2;
  while (s.log.current < beyond) s = await press(page, 'ArrowDown', `s.log.current === ${s.log.current + 1}`, 'down');
  assert.ok(s.log.current >= s.log.firstVisible && s.log.current <= s.log.lastVisible, `line ${s.log.current} in view (${s.log.firstVisible}–${s.log.lastVisible})`);
  assert.ok(s.log.firstVisible > 1 && s.log.scrollY > 0, 'scrolled down with it');
  // End: the last line, following, as G does.
  await press(page, 'End', `s.log.following && s.log.lastVisible === ${lastId} && s.log.current === ${lastId}`, 'the last line, following');

  // e twice: the second error; then g and e: the first error, not the third.
  await press(page, 'e', `s.log.current === ${errors[0]}`, 'the first error after the top');
  await press(page, 'e', `s.log.current === ${errors[1]}`, 'the second error');
  await press(page, 'g', 's.log.current === 1 && s.log.firstVisible === 1', 'g: the first line current');
  await press(page, 'e', `s.log.current === ${errors[0]}`, 'g then e: the first error');
  // w / W, and the buttons.
  await press(page, 'g', 's.log.current === 1', 'g');
  await press(page, 'w', `s.log.current === ${warnings[0]}`, 'the first warning');
  await press(page, 'w', `s.log.current === ${warnings[1]}`, 'the next warning');
  await press(page, 'Shift+W', `s.log.current === ${warnings[0]}`, 'the previous warning');
  await clickItem(page, 'log.nextWarning');
  await waitForState(page, when(`s.log.current === ${warnings[1]}`), 'Next warning: the next');
  await clickItem(page, 'log.prevWarning');
  await waitForState(page, when(`s.log.current === ${warnings[0]}`), '↑: the previous warning');

  // In the search field the keys are the field's.
  await clickItem(page, 'log.search');
  const before = await state(page);
  for (const key of ['ArrowDown', 'ArrowUp', 'PageDown', 'End', 'Home']) await page.keyboard.press(key);
  await settled(page);
  const typing = await state(page);
  assert.equal(typing.log.current, warnings[0], 'no key moved the current line');
  assert.equal(typing.log.following, false, 'End in the field did not follow');
  assert.equal(typing.log.scrollY, before.log.scrollY, 'nor the view');
  await screenshot(page, 'log-keys-warning');
  assert.deepEqual(consoleErrors, []);
  await context.close();
});

test('a run with warnings only: "Jump to next error" is greyed, next / previous warning go through the warnings', async () => {
  let found = null;
  for (const y of (await allSyncs(hostile)).filter((x) => x.status !== 'running' && x.error_count === 0 && x.warning_count >= 2)) {
    found = { sync: y, lines: await allLines(hostile, y.id) };
    break;
  }
  assert.ok(found, 'a finished sync with warnings and no error');
  const warnings = idsOf(found.lines, 'warning');
  const { page, context } = await openLog(hostile, found.sync);
  await waitForState(page, (s) => s.log.complete, 'the whole log');
  await press(page, 'g', 's.log.current === 1', 'the top');
  await clickItem(page, 'log.nextError');  // greyed: nothing happens
  await page.keyboard.press('e');
  await waitForState(page, (s) => s.frames > 0, 'a frame');
  assert.equal((await state(page)).log.current, 1, 'no error to go to');
  await clickItem(page, 'log.nextWarning');
  await waitForState(page, when(`s.log.current === ${warnings[0]}`), 'the first warning');
  await press(page, 'w', `s.log.current === ${warnings[1]}`, 'the second warning');
  await clickItem(page, 'log.prevWarning');
  await waitForState(page, when(`s.log.current === ${warnings[0]}`), 'back to the first');
  await context.close();
});

// Where line `id` is drawn on the page (its row's top), once the picture has settled.
async function lineTop(page, id) {
  const r = await itemRect(page, `log.line.${id}`);
  assert.ok(r, `line ${id} is drawn`);
  return r.y;
}

test('your place kept: a level turned back on, Wrap and the time zone keep the current line where it is on screen', async () => {
  const { sync, lines } = await busyFinishedSync();
  const debug = new Set(idsOf(lines, 'debug'));
  const { page, context } = await openLog(hostile, sync, { contextOptions: { viewport: { width: 820, height: 700 }, timezoneId: 'Asia/Kolkata' } });
  await waitForState(page, (s) => s.log.complete, 'the whole log');
  await clickItem(page, 'log.level.debug');
  const hidden = await waitForState(page, when(`s.log.shown === ${lines.length - debug.size}`), 'debug lines hidden');
  // The current line some way down the view, with debug lines above it (hidden now).
  await press(page, 'Home', 's.log.current !== null && s.log.firstVisible === s.log.current', 'the top');
  let s = await state(page);
  const shownIds = lines.filter((l) => !debug.has(l.id)).map((l) => l.id);
  let k = 0;
  while (k < 8 || !lines.some((l) => debug.has(l.id) && l.id > shownIds[0] && l.id < shownIds[k])) {
    ++k;
    s = await press(page, 'ArrowDown', `s.log.current === ${shownIds[k]}`, 'down');
  }
  const current = s.log.current;
  const y0 = await lineTop(page, current);
  // The debug level back on: lines appear above the current one; it stays where it was.
  await clickItem(page, 'log.level.debug');
  await waitForState(page, when(`s.log.shown === ${hidden.log.shown + debug.size}`), 'debug lines shown');
  assert.ok(Math.abs((await lineTop(page, current)) - y0) <= 1, `line ${current} stayed at ${y0} (level on)`);
  // Wrap on and off.
  await clickItem(page, 'log.wrap');
  await waitForState(page, (s) => s.log.wrap === true, 'wrap on');
  const yWrap = await lineTop(page, current);
  assert.ok(Math.abs(yWrap - y0) <= 1, `line ${current} stayed at ${y0} (wrap on): ${yWrap}, ${JSON.stringify((await state(page)).log)}`);
  await clickItem(page, 'log.wrap');
  await waitForState(page, (s) => s.log.wrap === false, 'wrap off');
  assert.ok(Math.abs((await lineTop(page, current)) - y0) <= 1, `line ${current} stayed at ${y0} (wrap off)`);
  // The time zone: local, then UTC.
  const zone = (await state(page)).timeZone;
  await clickItem(page, 'log.timezone');
  await waitForState(page, when(`s.timeZone !== ${JSON.stringify(zone)}`), 'the other zone');
  assert.ok(Math.abs((await lineTop(page, current)) - y0) <= 1, `line ${current} stayed at ${y0} (time zone)`);
  await clickItem(page, 'log.timezone');
  await waitForState(page, when(`s.timeZone === ${JSON.stringify(zone)}`), 'the zone back');
  assert.ok(Math.abs((await lineTop(page, current)) - y0) <= 1, `line ${current} stayed at ${y0} (time zone back)`);
  assert.equal((await state(page)).log.current, current);
  await context.close();
});

test('with Wrap off, a match beyond the right edge scrolls into view sideways', async () => {
  // Line 6 of the hostile sync: 100,000 characters repeating "Привет, мир! Καλημέρα κόσμε —
  // Grüße aus Łódź. "; at 460 px the view shows about 20 of them, and " aus " starts at the 35th.
  const sync = await hostileSync();
  const { page, context } = await openLog(hostile, sync, { contextOptions: { viewport: { width: 460, height: 700 } } });
  await waitForState(page, (s) => s.log.complete && s.log.wrap === false, 'the whole log, not wrapping');
  await press(page, 'g', 's.log.scrollX === 0 && s.log.firstVisible === 1', 'the top, not scrolled sideways');
  await clickItem(page, 'log.search');
  await page.keyboard.type(' aus ', { delay: 20 });
  const found = await waitForState(page, (s) => s.log.query === ' aus ' && s.log.current === 6 && s.log.scrollX > 0, 'the match in line 6, scrolled sideways');
  const text = await itemRect(page, 'log.text.6');
  assert.ok(text, 'line 6 is drawn');
  await screenshot(page, 'log-match-sideways');
  assert.ok(found.log.scrollX > 100, `scrolled ${found.log.scrollX} px`);
  await context.close();
});
