// shell/loader.js — starts SyncScope: names the hashed assets for the app, loads the app script,
// and turns start-up failures into a message on the loading screen instead of a blank canvas.
// It lives in a file (not inline) so the page runs under a strict Content-Security-Policy.
(function () {
  'use strict';
  var me = document.currentScript;
  var text = document.getElementById('loading-text');
  function fail(message) {
    document.body.classList.add('syncscope-fatal');
    if (text) text.textContent = message;
  }
  if (typeof WebAssembly !== 'object') {
    fail('SyncScope needs WebAssembly, which this browser lacks or has turned off.');
    return;
  }
  // A demo link's #token=… leaves the address bar (and history) before anything else loads; the
  // app takes it from this closure once, and it is kept nowhere else.
  var token = null;
  var m = /^#token=([^&]*)/.exec(window.location.hash);
  if (m) {
    try { token = decodeURIComponent(m[1]); } catch (e) { token = m[1]; }
    window.history.replaceState(window.history.state, '',
      window.location.pathname + window.location.search + '#/services');
  }
  var wasmName = me.dataset.wasm;
  window.Module = {
    canvas: document.getElementById('canvas'),
    syncscopeAssets: { fontUi: me.dataset.fontUi, fontMono: me.dataset.fontMono },
    syncscopeTakeToken: function () { var t = token; token = null; return t; },
    // The wasm file has a content hash in its name; the app asks for "syncscope.wasm".
    locateFile: function (path, prefix) {
      return /\.wasm$/.test(path) ? prefix + wasmName : prefix + path;
    },
    print: function () {},
    printErr: function (msg) { console.warn(msg); },
    setStatus: function (s) { if (s && text) text.textContent = s; },
    onAbort: function (what) {
      fail('SyncScope stopped unexpectedly (' + what + '). Reload the page to start again.');
    },
  };
  var script = document.createElement('script');
  script.src = me.dataset.app;
  script.onerror = function () { fail('SyncScope could not be loaded. Check the connection and reload.'); };
  document.body.appendChild(script);
})();
