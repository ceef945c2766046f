// End to end, in headless Chromium against the demo server (issue 17, point 1): the log's
// warning and error lines grouped into signatures. The test fetches every line of a run from the
// API itself, masks them with its own copy of the published rules (docs/test-contract.md,
// "Signatures"), groups the warnings and errors by (level, masked text) and compares that with
// state().log.signatures: the same set, counts, first and last lines, most frequent first.
// Clicking a row shows only its lines (with the level filter and the search), n / N step
// through them, clicking again or Esc shows everything; a live sync's counts grow while the ids
// stay; the panel says so while older lines load; the panel folds and stays folded.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { apiAllLines, apiAllSyncs, apiGet, clickItem, itemRect, launchBrowser, newPage, screenshot, setFaults, startServer, state, waitForState } from './harness.mjs';

const LIVE_LINES = 2000000;  // more than it can write while the tests run: it stays running
let server;
let browser;
let syncs;

before(async () => {
  // --speed 10: the benchmark sync writes 1,000 lines a second (a rate-limit warning every 999),
  // so its signature's count grows between two refreshes of its log.
  server = await startServer(['--seed', '7', '--admin', '--speed', '10', '--big-sync-lines', String(LIVE_LINES), '--big-sync-live'], { timeoutMs: 30000 });
  browser = await launchBrowser();
  syncs = await allSyncs();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const api = (p) => apiGet(server, p);
const allSyncs = () => apiAllSyncs(server);
const allLines = (syncId, upTo) => apiAllLines(server, syncId, upTo);

// --- the masking rules, in order (docs/test-contract.md, "Signatures"), written anew here -----

const MASK = '…';
const isDigit = (c) => c >= '0' && c <= '9';
const isAlpha = (c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
const isAlnum = (c) => isDigit(c) || isAlpha(c);
const isHex = (c) => isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
const isWord = (c) => isAlnum(c) || c === '_';
const isLocal = (c) => isAlnum(c) || '._%+-'.includes(c) && c !== '';

// The first line, at most 1,024 bytes of UTF-8, never cut inside a character.
function firstLine(message) {
  let line = message.split(/[\r\n]/)[0];
  const bytes = Buffer.from(line, 'utf8');
  if (bytes.length > 1024) {
    let n = 1024;
    while (n > 0 && (bytes[n] & 0xc0) === 0x80) n--;
    line = bytes.subarray(0, n).toString('utf8');
  }
  return line;
}

function mask(message) {
  const s = firstLine(message);
  const at = (i) => (i >= 0 && i < s.length ? s[i] : '');
  const wordBefore = (i) => i > 0 && isWord(at(i - 1));
  const wordAt = (i) => isWord(at(i));
  const digits = (i) => { let n = 0; while (isDigit(at(i + n))) n++; return n; };

  const url = (i) => {
    if (!isAlpha(at(i)) || wordBefore(i)) return 0;
    let j = i + 1;
    while (isAlnum(at(j)) || '+.-'.includes(at(j)) && at(j) !== '') j++;
    if (s.slice(j, j + 3) !== '://') return 0;
    j += 3;
    const rest = j;
    while (j < s.length) {
      const c = at(j);
      if (c <= ' ' || '"\'<>()[]{}`'.includes(c)) break;
      j++;
    }
    while (j > rest && '.,;:!?'.includes(s[j - 1])) j--;
    return j > rest ? j - i : 0;
  };
  const email = (i) => {
    if (!isAlnum(at(i)) || (i > 0 && isLocal(at(i - 1)))) return 0;
    let j = i;
    while (isLocal(at(j))) j++;
    if (at(j) !== '@') return 0;
    const domain = ++j;
    while (isAlnum(at(j)) || at(j) === '-' || at(j) === '.') j++;
    while (j > domain && at(j - 1) === '.') j--;
    const lastDot = s.slice(domain, j).lastIndexOf('.');
    if (lastDot <= 0 || j - (domain + lastDot) - 1 < 2) return 0;
    for (let k = domain + lastDot + 1; k < j; k++) if (!isAlpha(at(k))) return 0;
    return j - i;
  };
  const uuid = (i) => {
    if (wordBefore(i)) return 0;
    let j = i;
    for (const [g, n] of [8, 4, 4, 4, 12].entries()) {
      if (g > 0) { if (at(j) !== '-') return 0; j++; }
      for (let k = 0; k < n; k++, j++) if (!isHex(at(j))) return 0;
    }
    return wordAt(j) ? 0 : j - i;
  };
  const zone = (j) => {
    if (at(j) === 'Z' && !wordAt(j + 1)) return 1;
    if ((at(j) === '+' || at(j) === '-') && digits(j + 1) >= 2) {
      const d = digits(j + 1);
      if (d === 2 && at(j + 3) === ':' && digits(j + 4) === 2) return 6;
      if (d === 2 || d === 4) return 1 + d;
    }
    return 0;
  };
  const clock = (j) => {
    const h = digits(j);
    if (h < 1 || h > 2 || at(j + h) !== ':' || digits(j + h + 1) !== 2) return 0;
    let k = j + h + 3;
    if (at(k) === ':' && digits(k + 1) === 2) {
      k += 3;
      if (at(k) === '.' && digits(k + 1) > 0) k += 1 + digits(k + 1);
    }
    return k - j;
  };
  const time = (i) => {
    if (!isDigit(at(i)) || wordBefore(i)) return 0;
    let j = i;
    if (digits(i) === 4 && at(i + 4) === '-' && digits(i + 5) === 2 && at(i + 7) === '-' && digits(i + 8) === 2) {
      j = i + 10;
      if ((at(j) === 'T' || at(j) === ' ') && isDigit(at(j + 1))) {
        const c = clock(j + 1);
        if (c) { j += 1 + c; j += zone(j); }
      }
      return wordAt(j) ? 0 : j - i;
    }
    const c = clock(i);
    if (!c) return 0;
    j = i + c;
    j += zone(j);
    return wordAt(j) ? 0 : j - i;
  };
  const hex = (i) => {
    if (wordBefore(i)) return 0;
    let j = i;
    if (at(i) === '0' && (at(i + 1) === 'x' || at(i + 1) === 'X') && isHex(at(i + 2))) {
      j = i + 2;
      while (isHex(at(j))) j++;
      return wordAt(j) ? 0 : j - i;
    }
    let digit = false;
    while (isHex(at(j))) digit = isDigit(at(j++)) || digit;
    return j - i < 8 || !digit || wordAt(j) ? 0 : j - i;
  };
  const number = (i) => {
    if (!isDigit(at(i)) || wordBefore(i)) return 0;
    let j = i + digits(i);
    while ((at(j) === '.' || at(j) === ',') && isDigit(at(j + 1))) j += 1 + digits(j + 1);
    return j - i;
  };
  const QUOTES = { "'": "'", '"': '"', '`': '`', '\u201C': '\u201D', '\u2018': '\u2019' };
  const quoted = (i) => {  // [whole length] or 0
    const c = at(i);
    const closing = QUOTES[c];
    if (!closing) return 0;
    if ((c === "'" || c === '\u2018') && wordBefore(i)) return 0;
    for (let from = i + 1; ;) {
      const end = s.indexOf(closing, from);
      if (end < 0) return 0;
      if (closing === "'" && wordAt(end + 1)) { from = end + 1; continue; }
      return end + 1 - i;
    }
  };

  let out = '';
  for (let i = 0; i < s.length;) {
    const c = s[i];
    if (isAlnum(c)) {
      const len = url(i) || email(i) || uuid(i) || time(i) || hex(i) || number(i);
      if (len) { out += MASK; i += len; continue; }
      const start = i;
      while (i < s.length && isWord(s[i])) i++;
      out += s.slice(start, i);
      continue;
    }
    const len = quoted(i);
    if (len) { out += c + MASK + s[i + len - 1]; i += len; continue; }
    out += c;
    i++;
  }
  return out;
}

// Spot checks of the copy against the examples the rules publish.
test('the test\'s copy of the masking rules gives the published examples', () => {
  assert.equal(mask('GET https://x.io/a?id=5 failed'), 'GET … failed');
  assert.equal(mask('mail ops@shop.example.com.'), 'mail ….');
  assert.equal(mask('at 2026-12-07T10:00:00.123Z'), 'at …');
  assert.equal(mask("SKU 'ABC-12' not found"), "SKU '…' not found");
  assert.equal(mask('after 30s, #1042, pull-1000028, v2 utf8'), 'after …s, #…, pull-…, v2 utf8');
  assert.equal(mask("can't find 'O'Brien' deadbeefcafe deadbeef01 0x1F"), "can't find '…' deadbeefcafe … …");
  assert.equal(mask('id 123e4567-e89b-12d3-a456-426614174000 total 1,234.56'), 'id … total …');
  assert.equal(mask('first\nsecond 2'), 'first');
});

// What the panel must show: warnings and errors grouped by (level, masked text), counted, with
// their first and last lines.
function expectedSignatures(lines) {
  const groups = new Map();
  for (const l of lines) {
    if (l.level !== 'warning' && l.level !== 'error') continue;
    const text = mask(l.message);
    const key = `${l.level}\u0000${text}`;
    const g = groups.get(key) ?? { level: l.level, text, count: 0, firstLine: l.id, lastLine: l.id, lines: [] };
    g.count++;
    g.firstLine = Math.min(g.firstLine, l.id);
    g.lastLine = Math.max(g.lastLine, l.id);
    g.lines.push(l.id);
    groups.set(key, g);
  }
  return [...groups.values()];
}

const logRoute = (y) => `/services/${y.serviceId}/syncs/${y.id}`;
const fmt = (n) => n.toLocaleString('en-US');
const logState = (f) => new Function('s', `return !!s.log && (${f})(s.log);`);

// A signed-in page showing a sync's log.
async function openLog(sync, { viewport, done = true } = {}) {
  const p = await newPage(browser, viewport ? { viewport } : {});
  await p.page.goto(server.link);
  await waitForState(p.page, (s) => s.view === 'services' && s.services.length > 0, 'signed in');
  // The route by URL, as a shared link would; again if the app's own first hash (the token
  // taken out of it) came after it.
  for (let tries = 0; ; tries++) {
    await p.page.evaluate((r) => { window.location.hash = r; }, logRoute(sync));
    try {
      await waitForState(p.page, new Function('s', `return s.route === ${JSON.stringify(logRoute(sync))};`), 'the log route', 3000);
      break;
    } catch (e) {
      if (tries === 2) throw e;
    }
  }
  if (done)
    await waitForState(p.page, logState(`(l) => l.syncId === ${sync.id} && l.complete && l.signaturesReady && l.current !== undefined`), 'the whole log, grouped and drawn', 60000);
  return p;
}

// The run to look at: a failed or partial run of the demo whose warnings and errors make the
// most signatures (so that counts, order and the filter have something to tell apart).
let run;
let runLines;
let expected;
async function pickRun() {
  if (run) return;
  let best = null;
  for (const y of syncs.filter((x) => (x.status === 'failed' || x.status === 'partial') && x.warning_count + x.error_count >= 3)) {
    const lines = await allLines(y.id);
    const sigs = expectedSignatures(lines);
    const many = sigs.filter((g) => g.count >= 2).length;
    const score = sigs.length * 100 + many * 10 + Math.min(lines.length, 9);
    if (!best || score > best.score) best = { y, lines, sigs, score };
  }
  assert.ok(best, 'the demo has a failed or partial run with warnings and errors');
  ({ y: run, lines: runLines, sigs: expected } = best);
  assert.ok(expected.some((g) => g.count >= 2), 'one of its signatures has several lines');
}

test('signatures: the panel shows the API\'s warnings and errors grouped as the published rules group them, most frequent first', async () => {
  await pickRun();
  const { page, consoleErrors } = await openLog(run);
  const s = await state(page);
  const got = s.log.signatures;
  const key = (g) => `${g.level}|${g.text}`;
  assert.deepEqual(new Set(got.map(key)), new Set(expected.map(key)), 'the same signatures');
  assert.equal(got.length, expected.length, 'one row per signature');
  for (const g of got) {
    const want = expected.find((e) => key(e) === key(g));
    assert.equal(g.count, want.count, `the count of ${key(g)}`);
    assert.equal(g.firstLine, want.firstLine, `the first line of ${key(g)}`);
    assert.equal(g.lastLine, want.lastLine, `the last line of ${key(g)}`);
    assert.ok(Number.isInteger(g.id) && g.id >= 1, 'an id');
  }
  assert.equal(new Set(got.map((g) => g.id)).size, got.length, 'ids are distinct');
  // Most frequent first; equal counts errors first, then by id.
  for (let k = 1; k < got.length; k++) {
    const [a, b] = [got[k - 1], got[k]];
    const rank = (g) => (g.level === 'error' ? 0 : 1);
    assert.ok(a.count > b.count || (a.count === b.count && (rank(a) < rank(b) || (rank(a) === rank(b) && a.id < b.id))),
      `row ${k} (${key(a)} ×${a.count}, id ${a.id}) before row ${k + 1} (${key(b)} ×${b.count}, id ${b.id})`);
  }
  assert.equal(s.log.signature, null, 'no signature shown alone');
  assert.equal(s.log.signaturesReady, true);
  // One row per signature is drawn, beside the lines at 1280 px (left of them).
  const panel = await itemRect(page, 'log.signatures');
  assert.ok(panel, 'the panel is drawn');
  const rows = await page.evaluate((ids) => ids.map((id) => window.syncscope.itemRect(`log.signature.${id}`)), got.map((g) => g.id));
  rows.forEach((r, k) => assert.ok(r || k > 10, `row ${k + 1} is drawn`));
  for (let k = 1; k < rows.length; k++) if (rows[k] && rows[k - 1]) assert.ok(rows[k].y > rows[k - 1].y, 'rows in order, top to bottom');
  // The first line in view now (the picture settled: a header that came after the 100 ms paint
  // hold may have moved the lines since \`s\` was read).
  const line = await itemRect(page, `log.line.${(await state(page)).log.firstVisible}`);
  assert.ok(panel.x + panel.w <= line.x, 'the panel is beside the lines');
  await screenshot(page, 'insights-signatures-light');
  // A row's last line number goes to that line (the row's own click is not taken).
  const several = got.find((g) => g.count >= 2);
  await clickItem(page, `log.signature.${several.id}.last`);
  let after = await waitForState(page, logState(`(l) => l.current === ${several.lastLine} && l.firstVisible <= ${several.lastLine} && l.lastVisible >= ${several.lastLine}`), 'its last line, current and in view');
  assert.equal(after.log.signature, null, 'no signature shown alone');
  await clickItem(page, `log.signature.${several.id}.first`);
  after = await waitForState(page, logState(`(l) => l.current === ${several.firstLine} && l.firstVisible <= ${several.firstLine} && l.lastVisible >= ${several.firstLine}`), 'its first line, current and in view');
  assert.equal(after.log.signature, null);
  assert.deepEqual(consoleErrors, []);
  await page.context().close();
});

test('filter by signature: a click shows only its lines, the count says so, n / N step through them, a second click or Esc shows everything', async () => {
  await pickRun();
  const { page, consoleErrors } = await openLog(run);
  const total = runLines.length;
  const s0 = await state(page);
  const want = [...expected].sort((a, b) => b.count - a.count)[0];
  const sig = s0.log.signatures.find((g) => g.level === want.level && g.text === want.text);
  assert.ok(sig);

  await clickItem(page, `log.signature.${sig.id}`);
  const counted = (n) => `${fmt(n)} of ${fmt(total)} lines`;
  let s = await waitForState(page, logState(`(l) => l.signature === ${sig.id} && l.shown === ${want.count} && l.countText === ${JSON.stringify(counted(want.count))}`), 'only its lines, counted');
  assert.equal(s.log.matches, want.count, 'with no query, its lines are what n / N step through');
  // Every line drawn is one of its lines (and all of them are drawn where they fit).
  const drawn = await page.evaluate(({ first, last }) => {
    const out = [];
    for (let n = first; n <= last; n++) if (window.syncscope.itemRect(`log.line.${n}`)) out.push(n);
    return out;
  }, { first: 1, last: total });
  assert.ok(drawn.length > 0);
  for (const n of drawn) assert.ok(want.lines.includes(n), `line ${n} drawn is of the signature`);
  assert.deepEqual(drawn, want.lines.slice(0, drawn.length), 'its lines, from the first');
  await screenshot(page, 'insights-signature-filter-light');

  // n / N: from its first line on, through its lines in order.
  await page.keyboard.press('n');
  s = await waitForState(page, logState(`(l) => l.current === ${want.lines[0]}`), 'n: its first line');
  await page.keyboard.press('n');
  s = await waitForState(page, logState(`(l) => l.current === ${want.lines[1]}`), 'n: its second line');
  await page.keyboard.press('Shift+N');
  s = await waitForState(page, logState(`(l) => l.current === ${want.lines[0]}`), 'N: back to its first line');
  await page.keyboard.press('Shift+N');
  s = await waitForState(page, logState(`(l) => l.current === ${want.lines[want.lines.length - 1]}`), 'N: round to its last line');

  // Clicked again: every line.
  await clickItem(page, `log.signature.${sig.id}`);
  s = await waitForState(page, logState(`(l) => l.signature === null && l.shown === ${total} && l.countText === ${JSON.stringify(counted(total))}`), 'every line again, counted');
  assert.equal(s.log.matches, 0);

  // Esc: a selection is cleared first, then the signature, then (only then) back to the summary.
  await clickItem(page, `log.signature.${sig.id}`);
  await waitForState(page, logState(`(l) => l.signature === ${sig.id}`), 'its lines alone');
  const r = await itemRect(page, `log.line.${want.lines[0]}`);
  await page.mouse.click(r.x + 40, r.y + r.h / 2);
  await waitForState(page, logState(`(l) => l.selection !== null`), 'a line selected');
  await page.keyboard.press('Escape');
  s = await waitForState(page, logState(`(l) => l.selection === null`), 'Esc: the selection cleared');
  assert.equal(s.log.signature, sig.id, 'the signature still shown alone');
  await page.keyboard.press('Escape');
  s = await waitForState(page, logState(`(l) => l.signature === null && l.shown === ${total}`), 'Esc: every line');
  assert.equal(s.view, 'log', 'still on the log');
  assert.deepEqual(consoleErrors, []);
  await page.context().close();
});

test('filter by signature with the level filter and the search: a line must pass all of them', async () => {
  await pickRun();
  const { page, consoleErrors } = await openLog(run);
  const total = runLines.length;
  const want = [...expected].sort((a, b) => b.count - a.count)[0];
  const sig = (await state(page)).log.signatures.find((g) => g.level === want.level && g.text === want.text);
  await clickItem(page, `log.signature.${sig.id}`);
  await waitForState(page, logState(`(l) => l.signature === ${sig.id} && l.shown === ${want.count}`), 'only its lines');

  // The other level off: its lines all stay; its own level off: none.
  const other = want.level === 'error' ? 'warning' : 'error';
  await clickItem(page, `log.level.${other}`);
  let s = await waitForState(page, logState(`(l) => l.shown === ${want.count} && l.signature === ${sig.id}`), `${other} off: its lines stay`);
  await clickItem(page, `log.level.${want.level}`);
  const counted = (n) => `${fmt(n)} of ${fmt(total)} lines`;
  s = await waitForState(page, logState(`(l) => l.shown === 0 && l.signature === ${sig.id} && l.countText === ${JSON.stringify(counted(0))}`), `${want.level} off: none of its lines`);
  await clickItem(page, `log.level.${want.level}`);
  await clickItem(page, `log.level.${other}`);
  await waitForState(page, logState(`(l) => l.shown === ${want.count}`), 'levels back on');

  // A search for a word of one of its lines: with "only matching", the lines of the signature
  // that match; n / N step through those.
  const lineText = runLines.find((l) => l.id === want.lines[want.lines.length - 1]).message;
  const word = (lineText.match(/'([^']+)'/) || lineText.match(/(\d{2,})/) || [null, lineText.split(' ')[0]])[1];
  const hits = want.lines.filter((id) => runLines.find((l) => l.id === id).message.toLowerCase().includes(word.toLowerCase()));
  const everywhere = runLines.filter((l) => l.message.toLowerCase().includes(word.toLowerCase())).length;
  assert.ok(hits.length >= 1);
  await clickItem(page, 'log.search');
  await page.keyboard.type(word, { delay: 10 });
  s = await waitForState(page, logState(`(l) => l.query === ${JSON.stringify(word)} && l.matches === ${hits.length}`), 'the matches among its lines');
  assert.equal(s.log.shown, want.count, 'without "only matching" its lines all show');
  await clickItem(page, 'log.onlyMatching');
  s = await waitForState(page, logState(`(l) => l.shown === ${hits.length} && l.countText === ${JSON.stringify(counted(hits.length))}`), 'only its matching lines, counted');
  // Its signature off again: the search's matches over every line.
  await clickItem(page, `log.signature.${sig.id}`);
  s = await waitForState(page, logState(`(l) => l.signature === null && l.matches === ${everywhere} && l.shown === ${everywhere}`), 'the search alone');
  assert.deepEqual(consoleErrors, []);
  await page.context().close();
});

test('narrow (400 px) and dark: the panel above the lines, folded and unfolded, the choice kept across a reload', async () => {
  await pickRun();
  const { page, consoleErrors } = await openLog(run, { viewport: { width: 400, height: 800 } });
  let s = await state(page);
  const panel = await itemRect(page, 'log.signatures');
  const first = s.log.signatures[0];
  const row = await itemRect(page, `log.signature.${first.id}`);
  const line = await itemRect(page, `log.line.${s.log.firstVisible}`);
  assert.ok(panel && row && line);
  assert.ok(panel.y + panel.h <= line.y, 'the panel is above the lines');
  assert.ok(panel.w >= 360, 'and as wide as the view');
  await screenshot(page, 'insights-signatures-400');
  // Two rows and its switch at most: the lines keep the rest (the toolbar above is another's).
  const rowsShown = Math.min(2, s.log.signatures.length);
  assert.ok(panel.h <= 40 + rowsShown * 46, `the panel takes ${panel.h} px for ${rowsShown} rows`);
  assert.ok(line.y - (panel.y + panel.h) < 40, 'the lines right below it');
  await clickItem(page, 'log.signatures.toggle');
  await waitForState(page, logState('(l) => l.signaturesOpen === false'), 'folded');
  assert.equal(await itemRect(page, 'log.signatures'), null, 'no panel');
  assert.equal(await itemRect(page, `log.signature.${first.id}`), null, 'no rows');
  // Kept across a reload, as Wrap is.
  await page.reload();
  // The token was not kept ("remember me" was not ticked): sign in again, and the log opens.
  await waitForState(page, (x) => x.view === 'login', 'the login form after the reload');
  await clickItem(page, 'login.token');
  await page.keyboard.type(server.token);
  await clickItem(page, 'login.submit');
  await waitForState(page, logState(`(l) => l.syncId === ${run.id} && l.complete && l.current !== undefined`), 'the log again', 60000);
  s = await state(page);
  assert.equal(s.log.signaturesOpen, false, 'still folded');
  assert.ok(await itemRect(page, 'log.signatures.toggle'), 'its switch is there');
  await clickItem(page, 'log.signatures.toggle');
  await waitForState(page, logState('(l) => l.signaturesOpen === true'), 'unfolded');
  assert.ok(await itemRect(page, `log.signature.${first.id}`));
  await clickItem(page, 'app.theme');
  await screenshot(page, 'insights-signatures-400-dark');
  assert.deepEqual(consoleErrors, []);
  await page.context().close();
});

test('live: counts grow as lines arrive and the ids stay; while older lines load the panel says so', async () => {
  // The benchmark sync: the running one whose log starts with its first page of orders (a
  // running sync's summary says "Running: …", not "benchmark").
  let live = null;
  for (const y of syncs.filter((x) => x.status === 'running')) {
    const first = (await api(`/syncs/${y.id}/logs?after_id=0&limit=1`)).data[0];
    if (first && first.message.startsWith('Pulled page 1 of orders from Shopify')) live = y;
  }
  assert.ok(live, 'the live benchmark sync');
  // Slow answers: the older lines take a while, and the panel says it has only some of them.
  await setFaults(server, { latency_ms: 700 });
  const { page, consoleErrors } = await openLog(live, { done: false });
  try {
    await waitForState(page, logState(`(l) => l.syncId === ${live.id} && l.lines > 0 && !l.complete`), 'the newest lines, older ones loading', 30000);
    const note = await page.waitForFunction(() => {
      const s = window.syncscope.state();
      return s.log && !s.log.complete && window.syncscope.settled() && window.syncscope.itemRect('log.signatures.note');
    }, undefined, { timeout: 20000, polling: 50 });
    assert.ok(await note.jsonValue(), 'the panel says it has only some lines');
  } finally {
    await setFaults(server, { latency_ms: 0 });
  }
  let s = await waitForState(page, logState(`(l) => l.complete && l.signaturesReady && l.signatures.length > 0 && l.status === 'running'`), 'every line held and grouped', 60000);
  assert.equal(await itemRect(page, 'log.signatures.note'), null, 'nothing more to say');
  const before = new Map(s.log.signatures.map((g) => [`${g.level}|${g.text}`, g]));
  const lastBefore = s.log.lastId;
  s = await waitForState(page, logState(`(l) => l.lastId > ${lastBefore} && l.signatures.some((g) => g.count > (${JSON.stringify(Object.fromEntries([...before].map(([k, g]) => [k, g.count])))})[g.level + '|' + g.text])`), 'a count grown by new lines', 60000);
  for (const g of s.log.signatures) {
    const old = before.get(`${g.level}|${g.text}`);
    if (!old) continue;
    assert.equal(g.id, old.id, `the id of ${g.text} stays`);
    assert.ok(g.count >= old.count);
    assert.equal(g.firstLine, old.firstLine);
    assert.ok(g.lastLine >= old.lastLine);
  }
  // The panel's rows as the API's lines now group them (every line up to the last held).
  const lines = await allLines(live.id, s.log.lastId);
  const want = expectedSignatures(lines);
  for (const g of s.log.signatures) {
    const w = want.find((e) => e.level === g.level && e.text === g.text);
    assert.ok(w, `${g.text} is in the API's lines`);
    assert.equal(g.count, w.count, `${g.text}: counted as the API's lines up to ${s.log.lastId}`);
  }
  assert.deepEqual(consoleErrors, []);
  await page.context().close();
});
