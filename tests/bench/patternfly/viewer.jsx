// tests/bench/patternfly/viewer.jsx — PatternFly's LogViewer (the OpenShift console's pod-log
// viewer) showing a sync's log from the SyncScope demo API, for tests/bench/patternfly.mjs.
// The page is opened as index.html?api=<origin>#token=<token> (the token in the fragment, which
// is never sent, and taken out of the address at once, as SyncScope does); setting the hash to
// /syncs/<id> then opens that sync's log, as SyncScope's route does. The log is paged in with
// after_id and limit=5000 as a client would: the first page alone (shown at once: the first
// screen), then the rest with 3 requests in flight (as SyncScope), the viewer's data updated at
// most once a second while pages arrive (as SyncScope draws) and once at the end.
// With ?mode=text (issue 20: what a portal team would build), the log is one download of the
// whole log as plain text (GET /api/v1/syncs/<id>/logs.txt) handed to the viewer once, as the
// string it is (LogViewer splits it into lines itself).
// window.pfbench.state() tells the benchmark where it stands.
import '@patternfly/react-core/dist/styles/base.css';
import { Toolbar, ToolbarContent, ToolbarItem } from '@patternfly/react-core';
import { LogViewer, LogViewerSearch } from '@patternfly/react-log-viewer';
import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';

const params = new URLSearchParams(location.search);
const API = params.get('api') || location.origin;
const tokenInHash = /^#token=(.*)$/.exec(location.hash);
const TOKEN = tokenInHash ? decodeURIComponent(tokenInHash[1]) : '';
if (tokenInHash) history.replaceState(null, '', location.pathname + location.search);
const TEXT_MODE = params.get('mode') === 'text';
const PAGE = 5000;
const IN_FLIGHT = 3;

// Times (performance.now()): opened, every page held, the complete data committed; updates: how
// many times the viewer's data was set.
const bench = { syncId: null, lines: 0, total: null, requests: 0, complete: false, rendered: 0, error: null,
  openedAt: null, fetchedAt: null, completeAt: null, updates: 0 };
window.pfbench = { state: () => ({ ...bench }) };

// A line as raw text (SyncScope's download form): `<ISO time> <LEVEL> <message>`.
const asText = (l) => `${l.at} ${l.level.toUpperCase()} ${l.message}`;

async function fetchPage(syncId, afterId) {
  bench.requests++;
  const res = await fetch(`${API}/api/v1/syncs/${syncId}/logs?after_id=${afterId}&limit=${PAGE}`, {
    headers: { Authorization: `Bearer ${TOKEN}` },
  });
  if (!res.ok) throw new Error(`GET logs after_id=${afterId}: ${res.status}`);
  return res.json();
}

// The number of lines of a text (a last line without its newline counts).
function countLines(text) {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return text.length > 0 && !text.endsWith('\n') ? n + 1 : n;
}

async function loadText(syncId, show) {
  bench.requests++;
  const res = await fetch(`${API}/api/v1/syncs/${syncId}/logs.txt`, { headers: { Authorization: `Bearer ${TOKEN}` } });
  if (!res.ok) throw new Error(`GET logs.txt: ${res.status}`);
  const text = await res.text();
  bench.fetchedAt = performance.now();
  show(text, true);
}

async function load(syncId, show) {
  const first = await fetchPage(syncId, 0);
  const total = first.meta.last_id;
  const pages = [first.data.map(asText)];
  bench.total = total;
  bench.lines = pages[0].length;
  show(pages[0], pages[0].length === total);
  const count = Math.ceil(total / PAGE);
  let next = 1;
  let held = 1;      // pages 0…held-1 are all here
  let shownAt = performance.now();
  const worker = async () => {
    while (next < count) {
      const i = next++;
      pages[i] = (await fetchPage(syncId, i * PAGE)).data.map(asText);
      while (held < count && pages[held]) held++;
      bench.lines = Math.min(total, held * PAGE);
      if (held === count) return;
      if (performance.now() - shownAt >= 1000) {
        shownAt = performance.now();
        show(pages.slice(0, held).flat(), false);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, count - 1) }, worker));
  bench.fetchedAt = performance.now();
  if (count > 1) show(pages.flat(), true);
}

function App() {
  const [log, setLog] = useState({ data: [], complete: false });
  const [height, setHeight] = useState(window.innerHeight - 72);
  useEffect(() => {
    const open = () => {
      const m = /^#\/syncs\/(\d+)$/.exec(location.hash);
      if (!m || bench.syncId === m[1]) return;
      bench.syncId = m[1];
      bench.openedAt = performance.now();
      (TEXT_MODE ? loadText : load)(m[1], (data, complete) => { bench.updates++; setLog({ data, complete }); }).catch((e) => { bench.error = String(e); });
    };
    const resize = () => setHeight(window.innerHeight - 72);
    window.addEventListener('hashchange', open);
    window.addEventListener('resize', resize);
    open();
    return () => { window.removeEventListener('hashchange', open); window.removeEventListener('resize', resize); };
  }, []);
  // Runs once the viewer holds (and has committed) this data: it is searchable from here.
  useEffect(() => {
    if (log.complete) bench.completeAt = performance.now();
    // (Counted after the time is taken: the count is the benchmark's, not the viewer's.)
    bench.rendered = typeof log.data === 'string' ? countLines(log.data) : log.data.length;
    bench.complete = log.complete;
  }, [log]);
  return (
    <LogViewer
      data={log.data}
      hasLineNumbers
      height={height}
      toolbar={
        <Toolbar>
          <ToolbarContent>
            <ToolbarItem>
              <LogViewerSearch placeholder="Search" minSearchChars={1} />
            </ToolbarItem>
          </ToolbarContent>
        </Toolbar>
      }
    />
  );
}

createRoot(document.getElementById('root')).render(<App />);
window.pfbench.ready = true;
