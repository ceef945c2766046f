// End to end: the demo's simulated clock as a person sees it (issue 16, point 11). With `--speed 20`
// (the README's suggestion) the data runs twenty times faster than real time. The server's `Date`
// header follows that simulated clock, so the times SyncScope draws from it agree with the data:
// no run "in the future", and a running sync's "running for" has a value. Before the Date header
// followed the simulated clock, every run started in the last minutes of simulated time showed
// "in the future" and its duration as "—".
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { apiServices, clickItem, launchBrowser, newPage, screenshot, startServer, waitForState } from './harness.mjs';

let server;
let browser;

before(async () => {
  server = await startServer(['--seed', '7', '--speed', '20'], { timeoutMs: 30000 });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('--speed 20: a running sync started moments ago reads "just now" and has a running time, never "in the future"', async () => {
  const { page, consoleErrors } = await newPage(browser);
  await page.goto(server.link);
  await waitForState(page, (s) => s.view === 'services' && s.services.length > 0, 'the services list');
  // Let the simulated clock run well ahead of the real one (20 s of real time is 400 s of data).
  const t0 = Date.now();
  let running = null;
  while (!running || Date.now() - t0 < 15000) {
    const services = await apiServices(server.origin, server.token);
    running = services.find((sv) => sv.last_sync && sv.last_sync.status === 'running') ?? running;
    if (Date.now() - t0 > 60000) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  assert.ok(running, 'the demo has a service with a running sync');

  // The person opens that service's summary from the list, as they would.
  await clickItem(page, `services.viewLogs.${running.id}`);
  const s = await waitForState(page, (st) => st.view === 'summary' && st.syncs.some((y) => y.status === 'running'),
    `service ${running.id}'s summary with a running sync`, 30000);
  const runningRows = s.syncs.filter((y) => y.status === 'running');
  for (const y of runningRows) {
    assert.ok(y.durationMs !== null && y.durationMs >= 0, `running sync ${y.id} has a running time (${y.durationMs})`);
  }
  const agos = Object.entries(s.ago.syncs);
  assert.ok(agos.length > 0, 'the rows have "… ago" texts');
  for (const [id, text] of agos) assert.notEqual(text, 'in the future', `sync ${id} reads "${text}"`);
  // The newest run started moments ago by the data's own clock: it reads so.
  const newest = s.syncs.reduce((a, b) => (b.id > a.id ? b : a));
  assert.match(s.ago.syncs[String(newest.id)], /just now|min ago/, `the newest sync ${newest.id}`);
  await screenshot(page, 'demo-clock-speed20');
  assert.deepEqual(consoleErrors, []);
});
