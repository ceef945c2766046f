// web/embed-example.js — the example portal's side of SyncScope's iframe protocol
// (docs/embedding.md). No framework, no inline script: copy what you need.
//
//   SyncScope → portal   {type: "syncscope:ready"}
//                        {type: "syncscope:auth-required", reason: "signed-out" | "expired"}
//                        {type: "syncscope:route", route: "/services/12"}
//   portal → SyncScope   {type: "syncscope:auth", token, scheme: "Bearer" | "ApiKey"}
//                        {type: "syncscope:navigate", route: "/services/12/syncs/345"}
(function () {
  'use strict';
  var frame = document.getElementById('syncscope');
  // SyncScope's origin comes from the iframe's src in this page's own HTML — never from this
  // page's URL or anything a visitor can change: the token is sent to this origin and nowhere else.
  var SYNCSCOPE_ORIGIN = new URL(frame.src).origin;

  var tokenInput = document.getElementById('token');
  var schemeInput = document.getElementById('scheme');
  var routeInput = document.getElementById('route');
  var currentRoute = document.getElementById('current-route');
  var statusText = document.getElementById('status');

  var ready = false;
  var token = null; // kept in this page's memory only
  var scheme = 'Bearer';
  var sentToken = null; // the token last handed over (not sent twice: a refused one would loop)

  function status(text) { statusText.textContent = text; }

  // For demos: this page's own #token=… (taken out of the address bar at once).
  var m = /^#token=([^&]*)/.exec(window.location.hash);
  if (m) {
    try { token = decodeURIComponent(m[1]); } catch (e) { token = m[1]; }
    window.history.replaceState(null, '', window.location.pathname + window.location.search);
  }

  function post(message) {
    // Never '*': only SyncScope's origin may receive it, whatever the frame was navigated to.
    frame.contentWindow.postMessage(message, SYNCSCOPE_ORIGIN);
  }

  function handOver() {
    if (!ready || !token) return false;
    sentToken = token;
    post({ type: 'syncscope:auth', token: token, scheme: scheme });
    status('token handed over');
    return true;
  }

  window.addEventListener('message', function (event) {
    // Only SyncScope's frame, at SyncScope's origin, is listened to.
    if (event.origin !== SYNCSCOPE_ORIGIN || event.source !== frame.contentWindow) return;
    var data = event.data;
    if (!data || typeof data.type !== 'string') return;
    switch (data.type) {
      case 'syncscope:ready':
        ready = true;
        status('SyncScope is ready');
        break;
      case 'syncscope:auth-required':
        // At start (no token yet) or after a 401. A real portal would fetch a fresh token from its
        // own back end here; this one hands over the token entered, once.
        if (token && token !== sentToken) {
          handOver();
        } else {
          status(sentToken ? 'SyncScope needs a new token (' + (data.reason || 'refused') + ')'
                           : 'SyncScope needs a token: enter one above');
          sentToken = null;
          token = null;
        }
        break;
      case 'syncscope:route':
        if (typeof data.route !== 'string') return;
        currentRoute.textContent = data.route;
        if (document.activeElement !== routeInput) routeInput.value = data.route;
        break;
    }
  });

  document.getElementById('token-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var value = tokenInput.value.trim();
    if (!value) return;
    token = value;
    scheme = schemeInput.value;
    tokenInput.value = '';
    if (!handOver()) status('the token will be handed over when SyncScope is ready');
  });

  document.getElementById('route-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var route = routeInput.value.trim();
    if (!ready || route.charAt(0) !== '/') return;
    post({ type: 'syncscope:navigate', route: route });
  });
})();
