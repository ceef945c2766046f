// shell/loader.js — starts SyncScope: names the hashed assets for the app, downloads the wasm with
// a progress bar, loads the app script, and turns start-up failures into a message on the loading
// screen instead of a blank canvas. It lives in a file (not inline) so the page runs under a
// strict Content-Security-Policy (script-src 'self' 'wasm-unsafe-eval').
(function () {
  'use strict';
  var me = document.currentScript;
  var text = document.getElementById('loading-text');
  var bar = document.getElementById('loading-progress');
  function say(message) {
    if (text && !document.body.classList.contains('syncscope-fatal')) text.textContent = message;
  }
  function fail(message) {
    document.body.classList.add('syncscope-fatal');
    if (bar) bar.hidden = true;
    if (text) text.textContent = message;
  }
  // A demo link's #token=… leaves the address bar (and history) before anything else happens —
  // before any check that may stop here; the app takes it from this closure once, and it is kept
  // nowhere else. What it holds is checked by the app (a bad token is refused, never sent).
  var token = null;
  var m = /^#token=([^&]*)/.exec(window.location.hash);
  if (m) {
    try { token = decodeURIComponent(m[1]); } catch (e) { token = m[1]; }
    try {
      window.history.replaceState(window.history.state, '',
        window.location.pathname + window.location.search + '#/services');
    } catch (e) {
      window.location.hash = '#/services'; // no History API: at least out of the address bar
    }
  }
  if (typeof WebAssembly !== 'object') {
    token = null;
    fail('SyncScope needs WebAssembly, which this browser lacks or has turned off.');
    return;
  }
  var wasmName = me.dataset.wasm;
  var wasmSize = Number(me.dataset.wasmSize) || 0; // before compression, from make_site.py

  function showProgress(received) {
    if (!bar || !wasmSize) return;
    bar.hidden = false;
    bar.value = Math.min(received / wasmSize, 1);
  }

  // The response again, its body counted as it streams. The bytes counted are the decoded ones
  // (after gzip or brotli), hence the raw size from the page rather than Content-Length.
  function counted(response) {
    if (!response.body || typeof ReadableStream !== 'function') return response;
    var reader = response.body.getReader();
    var received = 0;
    var stream = new ReadableStream({
      pull: function (controller) {
        return reader.read().then(function (chunk) {
          if (chunk.done) {
            controller.close();
            return;
          }
          received += chunk.value.byteLength;
          showProgress(received);
          controller.enqueue(chunk.value);
        });
      },
      cancel: function (reason) { return reader.cancel(reason); },
    });
    return new Response(stream, { status: response.status, statusText: response.statusText, headers: response.headers });
  }

  // Compiles while it downloads (instantiateStreaming) when the server says application/wasm, as
  // it should; from the whole download otherwise. The fetch matches the page's preload of the same
  // file (cors mode, same-origin credentials), so the file is downloaded once.
  function loadWasm(imports) {
    return fetch(wasmName, { credentials: 'same-origin' }).then(function (response) {
      if (!response.ok) throw new Error('HTTP ' + response.status + ' for ' + wasmName);
      var type = (response.headers.get('Content-Type') || '').split(';')[0].trim().toLowerCase();
      var body = counted(response);
      if (type === 'application/wasm' && typeof WebAssembly.instantiateStreaming === 'function') {
        return WebAssembly.instantiateStreaming(body, imports);
      }
      console.warn('SyncScope: ' + wasmName + ' was served as "' + type + '"; serve .wasm as ' +
        'application/wasm so that it compiles while it downloads (docs/deploying.md).');
      return body.arrayBuffer().then(function (bytes) { return WebAssembly.instantiate(bytes, imports); });
    });
  }

  window.Module = {
    canvas: document.getElementById('canvas'),
    syncscopeAssets: { fontUi: me.dataset.fontUi, fontMono: me.dataset.fontMono },
    syncscopeTakeToken: function () { var t = token; token = null; return t; },
    // The wasm file has a content hash in its name; the app asks for "syncscope.wasm".
    locateFile: function (path, prefix) {
      return /\.wasm$/.test(path) ? prefix + wasmName : prefix + path;
    },
    // Emscripten hands the download and compilation to the page: with progress, and a message
    // that says what went wrong if it fails.
    instantiateWasm: function (imports, receiveInstance) {
      say('Downloading SyncScope…');
      showProgress(0);
      loadWasm(imports).then(function (result) {
        showProgress(wasmSize);
        say('Starting SyncScope…');
        receiveInstance(result.instance, result.module);
      }, function (e) {
        var why = String((e && e.message) || e);
        fail(e instanceof WebAssembly.CompileError
          ? 'SyncScope could not compile its WebAssembly (' + why + '). If the server sends a ' +
            'Content-Security-Policy, its script-src needs \'wasm-unsafe-eval\'.'
          : 'SyncScope could not be downloaded (' + why + '). Check the connection and reload.');
      });
      return {}; // the exports arrive through receiveInstance
    },
    print: function () {},
    printErr: function (msg) { console.warn(msg); },
    setStatus: function (s) { if (s) say(s); },
    onAbort: function (what) {
      fail('SyncScope stopped unexpectedly (' + what + '). Reload the page to start again.');
    },
  };
  var script = document.createElement('script');
  script.src = me.dataset.app;
  script.onerror = function () { fail('SyncScope could not be loaded. Check the connection and reload.'); };
  document.body.appendChild(script);
})();
