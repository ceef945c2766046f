// End to end in Chromium, Patchworks Core dialect, against demo servers that play Patchworks
// servers treating `sort` differently (issue 14): one that ignores it (--core-ignore-sort: logs
// and runs oldest first, whatever is asked) and one that refuses it with 422 (--core-reject-sort).
// For each: the log comes in time order with the right line numbers, a ?line=N deep link lands on
// the right text, payload links sit on the right lines, a live refresh adds the new lines at the
// bottom, and the runs list is newest first. One browser for the file, one server per variant.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { clickItem, launchBrowser, newPage, startServer, waitForState, waitUntil, WEB_ROOT } from './harness.mjs';

let browser;
let site;

before(async () => {
  site = mkdtempSync(path.join(os.tmpdir(), 'syncscope-patchworks-variants-'));
  cpSync(WEB_ROOT, site, { recursive: true });
  writeFileSync(path.join(site, 'config.json'), JSON.stringify({ apiBaseUrl: '/core/api/v1', dialect: 'patchworks-core' }));
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  if (site) rmSync(site, { recursive: true, force: true });
});

const VARIANTS = [
  { flag: '--core-ignore-sort', name: 'a Patchworks server that ignores sort' },
  { flag: '--core-reject-sort', name: 'a Patchworks server that answers 422 to sort' },
];

for (const variant of VARIANTS) {
  describe(variant.name, () => {
    let server;
    before(async () => {
      const saved = process.env.SYNCSCOPE_CORE_JSONAPI;
      delete process.env.SYNCSCOPE_CORE_JSONAPI;  // flat items, as the plain demo
      try {
        server = await startServer(['--web-root', site, variant.flag]);
      } finally {
        if (saved !== undefined) process.env.SYNCSCOPE_CORE_JSONAPI = saved;
      }
    });
    after(async () => { await server?.stop(); });

    // The Patchworks API as the test reads it: never with `sort` (both variants answer oldest
    // first without it).
    async function patchworks(pathAndQuery) {
      const res = await fetch(`${server.origin}/core/api/v1${pathAndQuery}`, { headers: { Authorization: server.token } });
      assert.equal(res.status, 200, pathAndQuery);
      return res.json();
    }
    async function allPages(pathAndQuery) {
      const out = [];
      for (let p = 1; ; ++p) {
        const body = await patchworks(`${pathAndQuery}&page=${p}&per_page=100`);
        out.push(...body.data);
        if (p >= body.meta.last_page) return out;
      }
    }
    // A run's lines, oldest first (the variants' own order): line n is out[n - 1].
    const allLines = (runId) => allPages(`/flow-runs/${runId}/flow-run-logs?load_payload_ids=true`);
    const runsOf = async (flowId) => allPages(`/flow-runs?filter%5Bflow_id%5D=${flowId}`);
    const deployed = async () => (await patchworks('/flows?per_page=100')).data.filter((f) => f.status === 'Deployed');
    const time = (r) => Date.parse(r.started_at);

    // A run (with its flow) chosen by `pick` from the deployed flows' runs, newest first.
    async function findRun(pick) {
      for (const f of await deployed()) {
        const runs = (await runsOf(f.id)).sort((a, b) => time(b) - time(a));
        for (const r of runs) if (await pick(r)) return { ...r, flowId: f.id };
      }
      return null;
    }

    async function signedIn() {
      const p = await newPage(browser);
      await p.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
      await p.page.goto(server.link);
      await waitForState(p.page, (s) => s.view === 'services' && s.services.length > 0, 'signed in');
      return p;
    }
    async function openLog(run, extra = '') {
      const p = await signedIn();
      await p.page.evaluate((r) => { window.location.hash = r; }, `/services/${run.flowId}/syncs/${run.id}${extra}`);
      return p;
    }

    // The log as Download saves it: each line `<time> <LEVEL> <message>`; `#` lines say it is
    // incomplete. Returns the messages, oldest first.
    async function downloadedMessages(page) {
      const [download] = await Promise.all([page.waitForEvent('download'), clickItem(page, 'log.download')]);
      const text = readFileSync(await download.path(), 'utf8');
      return text.split('\n').filter((l) => l !== '' && !l.startsWith('# ')).map((l) => l.split(' ').slice(2).join(' '));
    }

    test('a finished run\'s log: newest lines first, then every line in time order, numbered 1…total', async () => {
      const run = await findRun(async (r) => r.status === 2 && (await patchworks(`/flow-runs/${r.id}/flow-run-logs?per_page=1`)).meta.total > 250);
      assert.ok(run, 'a finished run with more than two pages of lines');
      const lines = await allLines(run.id);
      const { page, requests, context, consoleErrors } = await openLog(run);
      // Opens on the newest line, following.
      await waitForState(page, new Function('s', `return s.log && s.log.lastId === ${lines.length} && s.log.lastVisible === ${lines.length};`), 'the newest line in view');
      const s = await waitForState(page, new Function('s', `return s.log.complete && s.log.lines === ${lines.length};`), 'the whole log', 60000);
      assert.equal(s.log.firstId, 1);
      assert.equal(s.log.status, 'success');
      assert.deepEqual(await downloadedMessages(page), lines.map((l) => l.log_message), 'every line at its position, oldest first');
      const logs = requests.filter((r) => r.url.includes(`/flow-runs/${run.id}/flow-run-logs`)).map((r) => new URL(r.url).search);
      // Asked newest first once; after that answer (oldest first, or a 422) never with sort again.
      assert.match(logs[0], /sort=-id&page=1/);
      for (const q of logs.slice(1)) assert.doesNotMatch(q, /sort=/, q);
      // (Chromium reports the refused request itself as a console error: "… status of 422".)
      assert.deepEqual(consoleErrors.filter((e) => !/status of 422/.test(e)), []);
      await context.close();
    });

    test('a ?line=N deep link lands on line N\'s text, and its payload link sits on that line', async () => {
      const since = Date.now() - 20 * 3600000;
      let line;
      const run = await findRun(async (r) => {
        if (r.trigger !== 'Manual' || r.status === 1 || !r.finished_at || Date.parse(r.finished_at) < since) return false;
        const ls = await allLines(r.id);
        const i = ls.findIndex((l) => l.payload_metadata_id !== null);
        if (i < 0 || ls.length < 20) return false;
        line = { n: i + 1, ...ls[i], total: ls.length };
        return true;
      });
      assert.ok(run, 'a recent manual run with a live payload');
      const { page, context, requests } = await openLog(run, `?line=${line.n}`);
      await waitForState(page, new Function('s', `return s.log && s.log.complete && s.log.current === ${line.n} && s.log.firstVisible <= ${line.n} && s.log.lastVisible >= ${line.n};`), 'line N current and in view', 60000);
      // Ctrl+C with no selection copies the current line: line N's own text.
      await page.evaluate(() => navigator.clipboard.writeText('(nothing copied)'));
      await page.keyboard.press('Control+C');
      const copiedText = await waitUntil(async () => {
        const c = await page.evaluate(() => navigator.clipboard.readText());
        return c !== '(nothing copied)' && c;
      }, 'the copy');
      // The message alone: "Copy times & levels" is off on a fresh profile (issue 16).
      assert.equal(copiedText, line.log_message, `line ${line.n} reads "${copiedText}", expected "${line.log_message}"`);
      // The payload link is drawn on line N's row.
      const pid = line.payload_metadata_id;
      const rects = await (await page.waitForFunction(([n, id]) => {
        const l = window.syncscope.settled() && window.syncscope.itemRect(`log.line.${n}`);
        const p = l && window.syncscope.itemRect(`log.payload.${id}`);
        return p ? { l, p } : null;
      }, [line.n, pid], { polling: 50, timeout: 15000 })).jsonValue();
      const mid = rects.p.y + rects.p.h / 2;
      assert.ok(mid >= rects.l.y && mid <= rects.l.y + rects.l.h, `payload ${pid} drawn on line ${line.n}: ${JSON.stringify(rects)}`);
      await clickItem(page, `log.payload.${pid}`);
      const shown = await waitForState(page, new Function('s', `return s.payload && s.payload.id === ${pid} && s.payload.bytes > 0;`), 'the preview');
      assert.ok(shown.payload.bytes > 0);
      assert.ok(requests.some((r) => r.url.endsWith(`/core/api/v1/payload-metadata/${pid}/download`)));
      await context.close();
    });

    test('a running run\'s log: live refreshes add the new lines at the bottom, in order', async () => {
      const run = await findRun(async (r) => r.status === 1);
      assert.ok(run, 'a running run');
      const { page, context } = await openLog(run);
      const first = await waitForState(page, (s) => s.log && s.log.complete && s.log.live && s.log.lines > 0, 'a live, complete log', 60000);
      const grown = await waitForState(page, new Function('s', `return s.log.lastId >= ${first.log.lastId + 2} && s.log.complete && s.log.following && s.log.lastVisible === s.log.lastId;`), 'new lines at the bottom, in view', 30000);
      assert.equal(grown.log.firstId, 1);
      const got = await downloadedMessages(page);
      const lines = await allLines(run.id);  // read after: it holds at least what was shown
      assert.ok(got.length >= grown.log.lastId && lines.length >= got.length);
      assert.deepEqual(got, lines.slice(0, got.length).map((l) => l.log_message), 'lines 1…n, each at its position');
      await context.close();
    });

    test('the runs list is newest first', async () => {
      const flows = await deployed();
      const since = Date.now() - 86400000 + 120000;
      let flow;
      let runs;
      for (const f of flows) {
        runs = (await runsOf(f.id)).filter((r) => time(r) >= since);
        if (runs.length >= 3) { flow = f; break; }
      }
      assert.ok(flow, 'a flow with runs today');
      const { page, context } = await signedIn();
      await page.evaluate((r) => { window.location.hash = r; }, `/services/${flow.id}`);
      const s = await waitForState(page, (x) => x.view === 'summary' && x.syncs.length >= 3, 'the runs');
      const started = new Map(runs.map((r) => [r.id, time(r)]));
      const shown = s.syncs.map((y) => y.id).filter((id) => started.has(id));
      assert.ok(shown.length >= 3, 'the runs are listed');
      const newestFirst = [...shown].sort((a, b) => started.get(b) - started.get(a) || b - a);
      assert.deepEqual(shown, newestFirst);
      assert.equal(shown[0], [...started.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0][0], 'the newest run first');
      await context.close();
    });
  });
}
