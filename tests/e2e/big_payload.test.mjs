// End to end, in headless Chromium against the demo server's --big-payload-mb 200: the hostile
// sync's line 8 stores a 200 MB JSON payload. The preview asks for its first 16 MB only (Range),
// says so on screen, and the page keeps drawing; Download saves every byte — fetched by the page
// into a Blob, not through wasm memory (which is measured: it must not grow by the file's size).
// Issue 13 item 5 (docs/reliability.md, "Hostile input, round two: size and copies").
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { clickItem, itemRect, launchBrowser, newPage, screenshot, startServer, state, waitForState } from './harness.mjs';

const MB = 1024 * 1024;
let server;
let browser;
let hostile;  // {serviceId, id}

before(async () => {
  server = await startServer(['--big-payload-mb', '200'], { timeoutMs: 60000 });
  browser = await launchBrowser();
  const get = async (p) => (await fetch(`${server.origin}/api/v1${p}`, { headers: { Authorization: `Bearer ${server.token}` } })).json();
  for (const s of (await get('/services?per_page=100')).data) {
    const y = (await get(`/services/${s.id}/syncs?per_page=100`)).data.find((x) => /Hostile/.test(x.summary));
    if (y) {
      hostile = { serviceId: s.id, id: y.id };
      break;
    }
  }
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const wasmMb = (page) => page.evaluate(() => (window.Module && window.Module.HEAPU8 ? window.Module.HEAPU8.length / 1048576 : 0));

async function sha256OfFile(file) {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(file)) h.update(chunk);
  return h.digest('hex');
}

// Read as a stream, chunk by chunk into the hash: never 200 MB at once in this process.
async function sha256OfDownload(payloadId, { stallAfter = Infinity, stallMs = 0 } = {}) {
  const res = await fetch(`${server.origin}/api/v1/payloads/${payloadId}`, { headers: { Authorization: `Bearer ${server.token}` } });
  assert.equal(res.status, 200);
  const h = createHash('sha256');
  let read = 0;
  let stalled = false;
  for await (const chunk of res.body) {
    h.update(chunk);
    read += chunk.length;
    if (!stalled && read >= stallAfter) {
      stalled = true;
      await new Promise((resolve) => setTimeout(resolve, stallMs));
    }
  }
  assert.equal(read, 200 * MB);
  return h.digest('hex');
}

// A reader that stops reading for a while — a busy machine, a paused download, a test process
// collecting garbage — gets the rest of the file when it reads again. cpp-httplib's default write
// timeout (5 s) cut such a download mid-body ("terminated: other side closed" in the client; it
// failed big_payload's own check once in CI); the server now waits kWriteTimeoutSeconds.
test('a download whose reader stalls for 12 s mid-body is not cut off', async () => {
  assert.ok(hostile, 'the hostile sync is listed');
  const payloadId = hostile.id * 10 + 2;
  const stalledHash = await sha256OfDownload(payloadId, { stallAfter: 10 * MB, stallMs: 12000 });
  assert.equal(stalledHash, await sha256OfDownload(payloadId), 'the stalled download is the whole file');
});

test('a 200 MB payload previews its first 16 MB, says so, keeps drawing, and Download saves all 200 MB', async () => {
  assert.ok(hostile, 'the hostile sync is listed');
  const payloadId = hostile.id * 10 + 2;
  const { page, consoleErrors, requests } = await newPage(browser, { viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  await page.goto(server.link);
  await waitForState(page, (s) => s.view === 'services' && s.services.length > 0, 'signed in');
  await page.evaluate((r) => { window.location.hash = r; }, `/services/${hostile.serviceId}/syncs/${hostile.id}?line=8`);
  await page.waitForFunction((id) => window.syncscope.itemRect(`log.payload.${id}`), payloadId, { timeout: 60000, polling: 100 });
  const before = await wasmMb(page);

  const openAt = Date.now();
  await clickItem(page, `log.payload.${payloadId}`);
  const shown = await waitForState(page, (s) => s.payload && !s.payload.loading && s.payload.bytes !== null, 'the preview', 60000);
  assert.equal(shown.payload.error, '');
  assert.equal(shown.payload.open, true);
  assert.equal(shown.payload.bytes, 200 * MB, 'the whole file\'s size, from Content-Range');
  assert.equal(shown.payload.shownBytes, 16 * MB, 'the first 16 MB held');
  assert.equal(shown.payload.capped, true);
  // One GET, for the first 16 MB.
  const gets = requests.filter((r) => r.url.includes(`/payloads/${payloadId}`));
  assert.equal(gets.length, 1);
  assert.equal(gets[0].headers.range, 'bytes=0-16777215');
  // The cap is said on screen, above the lines, which are laid out (JSON up to the cut). Cut
  // mid-structure, the file is text (issue 19): searchable, not folded.
  assert.ok(await itemRect(page, 'payload.capped'), 'the "showing the first 16 MB of 200 MB" note is drawn');
  const preview = await waitForState(page, (s) => s.log && s.log.preview && s.log.preview.lines > 1000, 'the preview laid out');
  assert.equal(preview.log.preview.kind, 'text');
  assert.equal(preview.log.preview.capped, true);
  assert.equal(preview.log.preview.nodes, 0, 'nothing to fold in a file cut mid-structure');
  assert.ok(preview.log.preview.allLines > 1000, 'laid out up to the cut');
  // Frames keep coming.
  const f0 = (await state(page)).frames;
  for (let i = 0; i < 4; ++i) {
    await page.mouse.move(400 + i * 30, 500);
    await page.mouse.wheel(0, 3000);
  }
  await waitForState(page, new Function('s', `return s.frames > ${f0};`), 'frames while scrolling the preview');
  const afterPreview = await wasmMb(page);
  console.log(`200 MB payload: preview of 16 MB shown after ${Date.now() - openAt} ms; wasm memory ${before.toFixed(0)} MB before, ${afterPreview.toFixed(0)} MB with the preview`);
  assert.ok(afterPreview - before < 150, `the preview grew wasm memory by ${afterPreview - before} MB`);
  await screenshot(page, 'big-payload-capped');

  // Download: the whole file, byte for byte, saved by Chromium; wasm memory does not take it in.
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120000 }), clickItem(page, 'payload.download')]);
  assert.equal(download.suggestedFilename(), `hostile-${hostile.id}-200mb.json`);
  const file = await download.path();
  assert.equal((await stat(file)).size, 200 * MB);
  const whole = await sha256OfDownload(payloadId);
  assert.equal(await sha256OfFile(file), whole, 'the saved file is the API\'s file');
  const afterDownload = await wasmMb(page);
  console.log(`wasm memory after saving the 200 MB file: ${afterDownload.toFixed(0)} MB`);
  assert.ok(afterDownload - afterPreview < 16, `saving grew wasm memory by ${afterDownload - afterPreview} MB`);
  const saved = await page.evaluate(() => window.syncscopeLastDownload);
  assert.equal(saved.state, 'saved');
  assert.equal(saved.bytes, 200 * MB);
  // The second GET asked for the whole file (no Range), with the token in its header only.
  const all = requests.filter((r) => r.url.includes(`/payloads/${payloadId}`));
  assert.equal(all.length, 2);
  assert.equal(all[1].headers.range, undefined);
  assert.equal(all[1].headers.authorization, `Bearer ${server.token}`);
  assert.ok(!all[1].url.includes(server.token));

  // Still drawing.
  const f1 = (await state(page)).frames;
  await page.mouse.move(300, 300);
  await page.mouse.move(320, 330);
  await waitForState(page, new Function('s', `return s.frames > ${f1};`), 'frames after the download');
  await clickItem(page, 'payload.close');
  await waitForState(page, (s) => s.payload === null, 'the preview closed');
  assert.deepEqual(consoleErrors, []);
  await page.context().close();
});
