// End to end, in headless Chromium against the demo server: the payload preview as a structured
// document (issue 19 point 1). A JSON payload is searched (the count checked against the file's
// own bytes, fetched from the API and counted case-insensitively), stepped through, folded by a
// click on a marker and by the keys, and downloaded byte for byte; a CSV payload shows as a table
// with its row count; an XML payload is laid out as XML. One server, one browser.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { apiAllLines, apiAllSyncs, clickItem, copied, itemRect, launchBrowser, newPage, screenshot, startServer, state, waitForState } from './harness.mjs';

let server;
let browser;
const found = {};  // by format ("json", "csv", "xml"): {sync, line, payload}

before(async () => {
  server = await startServer([], { timeoutMs: 30000 });
  browser = await launchBrowser();
  const now = Date.now();
  const manual = (await apiAllSyncs(server)).filter((y) => y.trigger === 'manual' && y.status !== 'running' && y.payloads_expire_at && Date.parse(y.payloads_expire_at) > now + 120000);
  for (const sync of manual) {
    for (const line of await apiAllLines(server, sync.id)) {
      if (!line.payload) continue;
      const t = line.payload.content_type;
      const format = /json/.test(t) ? 'json' : /csv/.test(t) ? 'csv' : /xml/.test(t) ? 'xml' : null;
      // The JSON one with a few records at least, to fold and search.
      if (format && !found[format] && (format !== 'json' || line.payload.size_bytes > 1500)) found[format] = { sync, line, payload: line.payload };
    }
    if (found.json && found.csv && found.xml) break;
  }
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function fileBytes(id) {
  const res = await fetch(`${server.origin}/api/v1/payloads/${id}`, { headers: { Authorization: `Bearer ${server.token}` } });
  assert.equal(res.status, 200);
  return Buffer.from(await res.arrayBuffer());
}

// Case-insensitive occurrences, not overlapping (as a search steps through them).
function countOf(text, term) {
  return text.toLowerCase().split(term.toLowerCase()).length - 1;
}

async function openPreview(page, f, kind) {
  if (page.url() === 'about:blank') {
    await page.goto(server.link);
    await waitForState(page, (s) => s.view === 'services' && s.services.length > 0, 'signed in');
  }
  await page.evaluate((r) => { window.location.hash = r; }, `/services/${f.sync.serviceId}/syncs/${f.sync.id}?line=${f.line.id}`);
  await clickItem(page, `log.payload.${f.payload.id}`);
  return waitForState(page, new Function('s', `return s.log && s.log.preview && s.payload && s.payload.id === ${f.payload.id} && s.log.preview.kind === ${JSON.stringify(kind)};`), `the ${kind} preview`, 30000);
}

const preview = async (page) => (await state(page)).log.preview;
const waitPreview = (page, cond, what) => waitForState(page, new Function('s', `const p = s.log && s.log.preview; return !!p && (${cond});`), what);

test('JSON: search counts as the file does, steps through the matches; folds by click and by keys; copies a subtree and a record; Download keeps the bytes', async () => {
  assert.ok(found.json, 'a manual run with a JSON payload');
  const f = found.json;
  const bytes = await fileBytes(f.payload.id);
  const text = bytes.toString('utf8');
  const doc = JSON.parse(text);
  const { page, context, consoleErrors } = await newPage(browser, { viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
  const opened = await openPreview(page, f, 'json');
  const layout = JSON.stringify(doc, null, 2).split('\n');
  assert.equal(opened.log.preview.lines, layout.length, 'every line of the laid-out file shows');
  assert.equal(opened.log.preview.folded, 0);

  // Search: a key of the records typed upper-case; its count is the file's own, case-insensitive.
  const records = Array.isArray(doc) ? doc : doc[Object.keys(doc).find((k) => Array.isArray(doc[k]))];
  const key = Object.keys(records[0])[1];
  const term = key.toUpperCase();
  const want = countOf(text, key);
  assert.ok(want >= 3, `"${key}" occurs ${want} times`);
  await page.keyboard.press('Control+f');
  await page.keyboard.type(term);
  let p = (await waitPreview(page, `p.query === ${JSON.stringify(term)}`, 'the query searched')).log.preview;
  assert.equal(p.matches, want, `the matches of "${term}" against the file's bytes`);
  assert.equal(p.current, 1, 'the first match is gone to');
  assert.ok(await itemRect(page, 'payload.matches'), '"1 of N" is drawn');
  await page.keyboard.press('Enter');
  await waitPreview(page, 'p.current === 2', 'Enter: the next match');
  await page.keyboard.press('Shift+Enter');
  await waitPreview(page, 'p.current === 1', 'Shift+Enter: the previous match');
  await page.keyboard.press('Shift+Enter');
  await waitPreview(page, `p.current === ${want}`, 'Shift+Enter from the first: the last match');
  await clickItem(page, 'payload.next');
  await waitPreview(page, 'p.current === 1', 'the next button wraps to the first');
  await screenshot(page, 'payload-json-search');

  // Folding by a click on the marker: the array of records, on line 2 of the layout (n from 1).
  const arrayLine = layout.findIndex((l, i) => i > 0 && l.endsWith('['));
  assert.ok(arrayLine > 0);
  await clickItem(page, `payload.fold.${arrayLine + 1}`);
  p = (await waitPreview(page, 'p.folded === 1', 'the array folded')).log.preview;
  const close = layout.findIndex((l, i) => i > arrayLine && l.startsWith(' '.repeat(layout[arrayLine].search(/\S/)) + ']'));
  assert.equal(p.lines, layout.length - (close - arrayLine), 'its lines are hidden, its first line shows');
  assert.deepEqual(p.foldedNodes, [{ line: arrayLine + 1, items: records.length, text: `… ${records.length} items ]` }]);
  await screenshot(page, 'payload-json-folded');
  await clickItem(page, `payload.fold.${arrayLine + 1}`);
  await waitPreview(page, `p.folded === 0 && p.lines === ${layout.length}`, 'unfolded by a second click');

  // By the keys: a click puts the current line on the first record; Left folds it, Right unfolds.
  const recordLine = arrayLine + 1;
  const recordClose = layout.findIndex((l, i) => i > recordLine && /^\s*\},?$/.test(l));
  const r = await itemRect(page, `payload.text.${recordLine + 1}`);
  await page.mouse.click(r.x + 2, r.y + r.h / 2);
  await waitPreview(page, `p.currentLine === ${recordLine + 1}`, 'the clicked line is current');
  await page.keyboard.press('ArrowLeft');
  p = (await waitPreview(page, 'p.folded === 1', 'Left folds the record')).log.preview;
  assert.equal(p.lines, layout.length - (recordClose - recordLine));
  assert.equal(p.foldedNodes[0].line, recordLine + 1);
  assert.equal(p.foldedNodes[0].text, `… ${Object.keys(records[0]).length} keys }`);
  // Copy node: the folded record, whole, as it can be pasted.
  const recordText = JSON.stringify(records[0], null, 2);
  assert.equal(await copied(page, () => clickItem(page, 'payload.copyNode')), recordText, 'the folded subtree copied');
  await page.keyboard.press('ArrowRight');
  await waitPreview(page, `p.folded === 0 && p.lines === ${layout.length}`, 'Right unfolds it');
  // Copy record: from a line inside the record.
  const inside = await itemRect(page, `payload.text.${recordLine + 3}`);
  await page.mouse.click(inside.x + 2, inside.y + inside.h / 2);
  await waitPreview(page, `p.currentLine === ${recordLine + 3}`, 'a line inside the record is current');
  assert.equal(await copied(page, () => clickItem(page, 'payload.copyRecord')), recordText, 'the record copied');
  await page.keyboard.press('Shift+ArrowLeft');
  p = (await waitPreview(page, 'p.folded === p.nodes && p.lines === 1', 'Shift+Left folds all')).log.preview;
  assert.equal(p.nodes, layout.filter((l) => /[[{]$/.test(l)).length, 'every object and array of more than one line is a node');
  // A match hidden in a fold is unfolded to when gone to.
  await clickItem(page, 'payload.next');
  p = (await waitPreview(page, 'p.current === 2', 'the next match')).log.preview;
  assert.ok(p.folded < p.nodes, 'the folds hiding the match opened');
  await page.keyboard.press('Shift+ArrowRight');
  await waitPreview(page, `p.folded === 0 && p.lines === ${layout.length}`, 'Shift+Right unfolds all');

  // Download: the file byte for byte.
  const [download] = await Promise.all([page.waitForEvent('download'), clickItem(page, 'payload.download')]);
  assert.ok((await readFile(await download.path())).equals(bytes), 'the saved file is the API\'s bytes');
  assert.deepEqual(consoleErrors, []);
  await page.context().close();
});

// RFC 4180 records of a CSV text: [fields].
function csvRecords(text) {
  const rows = [];
  let row = [], field = '', quoted = false;
  for (let i = 0; i < text.length; ++i) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; ++i; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') ++i;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

// The records of a CSV text as sent (quoted line breaks kept), without their line breaks.
function rawCsvRecords(text) {
  const out = [];
  let start = 0, quoted = false;
  for (let i = 0; i < text.length; ++i) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) {
      out.push(text.slice(start, i));
      if (c === '\r' && text[i + 1] === '\n') ++i;
      start = i + 1;
    }
  }
  if (start < text.length) out.push(text.slice(start));
  return out;
}

test('CSV shows as a table with its header row and row count, copies a row with its header; XML is laid out as XML', async () => {
  assert.ok(found.csv, 'a manual run with a CSV payload');
  assert.ok(found.xml, 'a manual run with an XML payload');
  const { page, context, consoleErrors } = await newPage(browser, { viewport: { width: 1280, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
  const csvText = (await fileBytes(found.csv.payload.id)).toString('utf8');
  const csv = csvRecords(csvText);
  const s = await openPreview(page, found.csv, 'csv');
  assert.equal(s.log.preview.rows, csv.length - 1, 'the records under the header');
  assert.equal(s.log.preview.columns, csv[0].length);
  assert.equal(s.log.preview.fallback, '');
  assert.ok(await itemRect(page, 'payload.table'), 'the table is drawn');
  assert.ok(await itemRect(page, 'payload.rows'), 'its row count is drawn');
  await screenshot(page, 'payload-csv-table');
  // Copy record: a click on a row makes it current; the row is copied as CSV under the header line.
  assert.equal(s.log.preview.currentRow, 0, 'no row current at first');
  const row = await itemRect(page, 'payload.row.2');
  await page.mouse.click(row.x + 2, row.y + row.h / 2);
  await waitPreview(page, 'p.currentRow === 2', 'the clicked row is current');
  const raw = rawCsvRecords(csvText);
  assert.equal(await copied(page, () => clickItem(page, 'payload.copyRecord')), `${raw[0]}\n${raw[2]}`, 'the row copied with the header line');
  await clickItem(page, 'payload.close');
  await waitForState(page, (x) => x.payload === null, 'the preview closed');

  const xmlText = (await fileBytes(found.xml.payload.id)).toString('utf8');
  const x = await openPreview(page, found.xml, 'xml');
  assert.equal(x.log.preview.fallback, '');
  assert.equal(x.log.preview.lines, xmlText.trimEnd().split('\n').length, 'one tag or element to a line');
  await page.keyboard.press('/');
  await page.keyboard.type('<record>');
  const xs = (await waitPreview(page, 'p.query === "<record>"', 'the XML searched')).log.preview;
  assert.equal(xs.matches, countOf(xmlText, '<record>'));
  await screenshot(page, 'payload-xml');
  assert.deepEqual(consoleErrors, []);
  await page.context().close();
});
