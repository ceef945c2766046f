// web/fetch_transport.h — api::Transport over emscripten_fetch (XHR underneath).
//
// Emscripten 3.1.6 facts this respects (docs/architecture.md, "Toolchain facts"):
//   * memory only: EMSCRIPTEN_FETCH_LOAD_TO_MEMORY | REPLACE, linked with
//     -sFETCH_SUPPORT_INDEXEDDB=0, or it opens IndexedDB first;
//   * closing a fetch that is still in flight does not abort it — the browser later writes into
//     freed memory — so a fetch is closed only inside its own callbacks, after status, headers and
//     body were copied out;
//   * nothing can stop an XHR, so a stale answer (signed out, view left) is still delivered and
//     dropped by the App, which keeps a generation per session, log, summary and payload: the
//     App's refresh scheduler must hear of every request's end, or its key would stay "in
//     flight" for good — so this transport never swallows an answer itself;
//   * 4xx/5xx arrive in onerror with their body; a timeout or a dropped connection is status 0,
//     told apart by the time it took.
#pragma once

#include <cstdint>
#include <functional>

#include "api/transport.h"

namespace web {

class FetchTransport : public api::Transport {
public:
    void send(api::HttpRequest request, std::function<void(api::HttpResponse)> done) override;
    uint64_t requestsIssued() const { return issued_; }
    // The counter itself, live: requests go out from the heartbeat too, with no frame drawn.
    const uint64_t* requestsIssuedCounter() const { return &issued_; }
    // emscripten_fetch handles opened and not yet closed, over every transport: each request's
    // handle is closed in its callback, so this returns to 0 when nothing is in flight (a leak
    // shows as a count that only grows; window.syncscope.state().fetchesInFlight).
    static uint64_t handlesInFlight();
    // Called after every delivered answer, so the app can redraw.
    void setOnAnswer(std::function<void()> f) { onAnswer_ = std::move(f); }

    // Internal, for the C callbacks.
    std::function<void()> onAnswer_;

private:
    uint64_t issued_ = 0;
};

}  // namespace web
