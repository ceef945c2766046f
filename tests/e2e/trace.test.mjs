// End to end, in headless Chromium against the demo server: issue 19 points 2 and 3.
//   * a record a log line says was skipped is traced, by typing its key after "Trace" in the log's
//     toolbar, from the pull file through the custom script's output to the line that skipped it —
//     checked against the API's own files (read here with parsers of their own) and lines; its
//     steps open the line and the file at the record;
//   * the partial run's pull files against its push files ("Compare pull with push" under the gap):
//     the keys of the records not pushed, checked against the API's files.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { apiAllLines, apiAllSyncs, clickItem, itemRect, launchBrowser, newPage, screenshot, startServer, state, waitForState } from './harness.mjs';

let server;
let browser;
let page;
let run;  // { sync, lines, files: [{ payload, line, records }], skip: { line, value, batch, record } }

before(async () => {
  server = await startServer(['--seed', '5'], { timeoutMs: 30000 });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// The records of a file, as this test reads them: field → text.
function records(bytes, type) {
  if (type.includes('json')) {
    const doc = JSON.parse(bytes);
    const list = Array.isArray(doc) ? doc : Object.values(doc).find((v) => Array.isArray(v));
    return list.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])));
  }
  if (type.includes('csv')) {
    const [head, ...rows] = bytes.split('\n').filter((l) => l.length);
    const names = head.split(',');
    return rows.map((r) => Object.fromEntries(r.split(',').map((v, i) => [names[i], v])));
  }
  return [...bytes.matchAll(/<record>([\s\S]*?)<\/record>/g)].map((m) =>
    Object.fromEntries([...m[1].matchAll(/<([a-z_]+)>([^<]*)<\/\1>/g)].map((f) => [f[1], f[2].replaceAll('&amp;', '&')])));
}

async function file(payload) {
  const res = await fetch(`${server.origin}/api/v1/payloads/${payload.id}`, { headers: { Authorization: server.token } });
  assert.equal(res.status, 200, `payload ${payload.id}`);
  return records(await res.text(), payload.content_type);
}

// A partial manual run whose files are kept, with a line "… record R of batch P skipped …".
async function findRun() {
  const now = Date.now();
  const syncs = (await apiAllSyncs(server)).filter((y) => y.trigger === 'manual' && y.status === 'partial' &&
    y.payloads_expire_at && Date.parse(y.payloads_expire_at) > now + 3600e3);
  for (const sync of syncs) {
    const lines = await apiAllLines(server, sync.id);
    const line = lines.find((l) => /record \d+ of batch \d+ skipped/.test(l.message));
    if (!line) continue;
    const [, record, batch] = /record (\d+) of batch (\d+) skipped/.exec(line.message).map(Number);
    // The record's key as the line names it: "(order #N)", "(customer N)", else the SKU.
    const named = /\((?:.* )?(#\d+|\d+)\)$/.exec(line.message);
    const value = named ? named[1] : /SKU '([^']+)'/.exec(line.message)[1];
    const files = [];
    for (const l of lines.filter((x) => x.payload)) files.push({ payload: l.payload, line: l.id, records: await file(l.payload) });
    return { sync, lines, files, skip: { line: line.id, value, batch, record } };
  }
  return null;
}

const when = (body) => new Function('s', `return ${body};`);

test('a skipped record traced from pull to the line that skipped it, each step opening where it is', async () => {
  run = await findRun();
  assert.ok(run, 'seed 5 has a partial manual run with live files and a "record R of batch P skipped" line');
  const { sync, files, skip } = run;
  const pulls = files.filter((f) => f.payload.kind === 'pull');
  const pull = pulls[skip.batch - 1];
  const script = files.filter((f) => f.payload.kind === 'custom_script')[skip.batch - 1];
  const hasValue = (r) => Object.values(r).some((v) => v.toLowerCase() === skip.value.toLowerCase());
  assert.ok(hasValue(pull.records[skip.record - 1]), `record ${skip.record} of ${pull.payload.file_name} holds ${skip.value}`);

  const p = await newPage(browser);
  page = p.page;
  await page.goto(server.link);
  await waitForState(page, (s) => s.view === 'services' && s.services.length > 0, 'signed in');
  await page.evaluate((r) => { window.location.hash = r; }, `/services/${sync.service_id}/syncs/${sync.id}`);
  await waitForState(page, when(`s.view === 'log' && s.log && s.log.syncId === ${sync.id} && s.log.complete`), 'the log, whole', 30000);
  assert.equal((await state(page)).trace, null);

  await clickItem(page, 'log.trace');
  await clickItem(page, 'trace.input');
  await page.keyboard.type(skip.value);
  await page.keyboard.press('Enter');
  const s = await waitForState(page, when(`s.trace && s.trace.value === ${JSON.stringify(skip.value)} && s.trace.loading === 0`), 'the trace', 30000);
  assert.equal(s.trace.files, files.length, 'every file of the run was read');
  assert.deepEqual(s.trace.unreadable, []);
  const of = (kind) => s.trace.steps.filter((x) => x.kind === kind);
  // Pulled and transformed where the API's files hold it, as whole field values.
  const want = (kind) => files.filter((f) => f.payload.kind === kind).flatMap((f) =>
    f.records.map((r, i) => (hasValue(r) ? { kind: kind === 'custom_script' ? 'script' : kind, fileId: f.payload.id, record: i + 1 } : null)).filter(Boolean));
  const strip = (x) => ({ kind: x.kind, fileId: x.fileId, record: x.record });
  assert.deepEqual(of('pull').map(strip), want('pull'));
  assert.deepEqual(of('script').map(strip), want('custom_script'));
  assert.deepEqual(of('push').map(strip), want('push'));
  assert.ok(of('pull').some((x) => x.fileId === pull.payload.id && x.record === skip.record));
  assert.ok(of('script').some((x) => x.fileId === script.payload.id && x.record === skip.record));
  const push = files.find((f) => f.payload.kind === 'push' && f.line > pull.line && f.line < (pulls[skip.batch]?.line ?? Infinity));
  assert.ok(!of('push').some((x) => x.fileId === push.payload.id), 'not in its batch\'s push file');
  assert.deepEqual(s.trace.missing, want('push').length ? [] : ['push']);
  // The log lines holding it, as a substring, case-insensitively.
  const lines = run.lines.filter((l) => l.message.toLowerCase().includes(skip.value.toLowerCase())).map((l) => l.id);
  assert.deepEqual(of('log').map((x) => x.line), lines);
  assert.ok(lines.includes(skip.line));
  // (A product's SKU may recur in another batch: the path names every record holding it.)
  assert.ok(s.trace.text.startsWith('pulled (record '), s.trace.text);
  assert.ok(s.trace.text.includes(`record ${skip.record} of ${pull.payload.file_name}`), s.trace.text);
  assert.ok(s.trace.text.includes(`log line ${skip.line}: `), s.trace.text);
  const path = await itemRect(page, 'trace.path');
  assert.ok(path && path.w > 0);
  await screenshot(page, 'trace-record');

  // The log step goes to the line; the pull step opens the file at the record.
  const logStep = s.trace.steps.findIndex((x) => x.kind === 'log' && x.line === skip.line);
  await clickItem(page, `trace.step.${logStep}`);
  await waitForState(page, when(`s.log.current === ${skip.line}`), `line ${skip.line} current`);
  const pullStep = s.trace.steps.findIndex((x) => x.kind === 'pull' && x.fileId === pull.payload.id);
  await clickItem(page, `trace.step.${pullStep}`);
  const opened = await waitForState(page, when(`s.payload && s.payload.id === ${pull.payload.id} && s.log.trace.previewLine`), 'the pull file open at the record', 30000);
  assert.ok(opened.log.trace.previewLine > 0);
  assert.deepEqual(p.consoleErrors, []);
});

test('pull against push: the records not pushed of a partial run, by the key chosen, as the API\'s files say', async () => {
  assert.ok(run && page, 'the first test found the run');
  await page.keyboard.press('Escape');
  await waitForState(page, (s) => !s.payload, 'the preview closed');
  await clickItem(page, 'log.gap.compare');
  const s = await waitForState(page, (s) => s.log.gap && Array.isArray(s.log.gap.records), 'the comparison', 30000);
  const key = s.log.gap.recordKey;
  assert.ok(['order_number', 'sku', 'customer_id'].includes(key), `the automatic key: ${key}`);
  // Each pull file against the push file stored after it (before the next pull file).
  const missing = [];
  let batch = null;
  const flush = () => { if (batch) missing.push(...batch.pull.filter((k) => !batch.push.has(k))); };
  for (const f of run.files) {
    if (f.payload.kind === 'pull') { flush(); batch = { pull: f.records.map((r) => r[key]), push: new Set() }; }
    if (f.payload.kind === 'push') for (const r of f.records) batch.push.add(r[key]);
  }
  flush();
  assert.deepEqual(s.log.gap.records, missing);
  assert.equal(missing.length, run.sync.pulled_count - run.sync.pushed_count, 'every record not pushed is named');
  assert.ok(s.log.gap.recordsText.startsWith(`${missing.length} not pushed: record`), s.log.gap.recordsText);
  assert.ok(s.log.gap.recordsText.includes(missing[0]));
  const drawn = await itemRect(page, 'log.gap.records');
  assert.ok(drawn && drawn.w > 0 && drawn.h > 0, 'drawn under the gap');
  await screenshot(page, 'trace-pull-push');
});

test('at 400 px Trace sits in the folded toolbar\'s More menu and traces the same', async () => {
  assert.ok(run, 'the first test found the run');
  const p = await newPage(browser, { viewport: { width: 400, height: 800 } });
  await p.page.goto(server.link);
  await waitForState(p.page, (s) => s.view === 'services' && s.services.length > 0, 'signed in');
  await p.page.evaluate((r) => { window.location.hash = r; }, `/services/${run.sync.service_id}/syncs/${run.sync.id}`);
  await waitForState(p.page, when(`s.view === 'log' && s.log && s.log.syncId === ${run.sync.id} && s.log.complete`), 'the log, whole', 30000);
  assert.equal(await itemRect(p.page, 'log.trace'), null, 'folded: not in the toolbar');
  await clickItem(p.page, 'log.more');
  await clickItem(p.page, 'log.trace');
  await clickItem(p.page, 'trace.input');
  await p.page.keyboard.type(run.skip.value);
  await p.page.keyboard.press('Enter');
  const s = await waitForState(p.page, when(`s.trace && s.trace.loading === 0 && s.trace.value === ${JSON.stringify(run.skip.value)}`), 'the trace', 30000);
  assert.ok(s.trace.steps.some((x) => x.kind === 'log' && x.line === run.skip.line));
  const path = await itemRect(p.page, 'trace.path');
  assert.ok(path.x >= 0 && path.x + path.w <= 401, `the path fits the width: ${JSON.stringify(path)}`);
  await p.context.close();
});
