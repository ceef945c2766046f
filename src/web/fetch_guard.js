// web/fetch_guard.js — linked into the app with --pre-js (CMakeLists.txt): no exception thrown by
// the browser's XMLHttpRequest may unwind into the wasm (the app is built without C++ exceptions;
// an exception through a frame stops the app for good, with fetchesInFlight stuck at 1).
//
// Emscripten 3.1.6's fetch (src/Fetch.js, fetchXHR) calls xhr.open() and xhr.setRequestHeader()
// unguarded, straight from emscripten_fetch() — i.e. from C++ in the middle of a frame or an
// answer's callback — and catches a throwing xhr.send() only to call onerror synchronously, still
// inside emscripten_fetch(). src/web/fetch_transport.cpp checks URLs and headers before they get
// there; this is the second line, for what a browser refuses that we did not foresee.
//
// Why here, like this: wrapping XMLHttpRequest.prototype's open / setRequestHeader / send relies
// only on the public XHR API and on Emscripten's fetch being built on XHR with its handlers set
// before send() — not on Fetch.js's internal names, struct offsets or control flow, which a
// --js-library override of emscripten_start_fetch would copy and which change between releases.
// The page is SyncScope's own (the loader downloads with fetch(), not XHR), so the patch touches
// no one else's requests. What it does:
//   * open / setRequestHeader that throw: the exception is kept on the request, not thrown;
//   * send on such a request does not send it (a request missing a header, e.g. Authorization,
//     must never go out), and a send that throws is caught likewise;
//   * either way the request ends as a failed one — an `error` event on a later tick — so
//     Emscripten's onerror runs as for a dropped connection: status 0, the callback outside any
//     frame, the handle closed, fetchesInFlight back to 0.
(function () {
  'use strict';
  if (typeof XMLHttpRequest !== 'function') return;
  var proto = XMLHttpRequest.prototype;
  if (proto.syncscopeGuarded) return;
  var realOpen = proto.open;
  var realSetRequestHeader = proto.setRequestHeader;
  var realSend = proto.send;
  var FAILED = typeof Symbol === 'function' ? Symbol('syncscope: not sent') : '__syncscopeNotSent';

  function refuse(xhr, e) {
    if (!xhr[FAILED]) xhr[FAILED] = e || true;
    // Said once, never with the values (a header value may be a token).
    console.warn('SyncScope: the browser refused a request (' + ((e && e.name) || 'error') +
      '); it is answered as a failed request.');
  }

  proto.open = function () {
    this[FAILED] = undefined; // opened again: a new request
    try {
      return realOpen.apply(this, arguments);
    } catch (e) {
      refuse(this, e);
    }
  };
  proto.setRequestHeader = function () {
    if (this[FAILED]) return;
    try {
      return realSetRequestHeader.apply(this, arguments);
    } catch (e) {
      refuse(this, e);
    }
  };
  proto.send = function () {
    var xhr = this;
    if (!xhr[FAILED]) {
      try {
        return realSend.apply(xhr, arguments);
      } catch (e) {
        refuse(xhr, e);
      }
    }
    setTimeout(function () {
      xhr.dispatchEvent(new ProgressEvent('error'));
      xhr.dispatchEvent(new ProgressEvent('loadend'));
    }, 0);
  };
  Object.defineProperty(proto, 'syncscopeGuarded', { value: true });
})();
