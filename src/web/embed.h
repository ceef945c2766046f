// web/embed.h — SyncScope inside a portal's <iframe>: the postMessage side of the protocol in
// core/embed_protocol.h (docs/embedding.md, "The messages").
//
// Active only when the page is framed (window.parent !== window) and config.json lists
// allowedParentOrigins. Then a message is taken only when event.source is the parent window and
// event.origin is exactly one of those origins; a token it brings signs in through the App and is
// kept in memory only (never in storage, the URL or a log). The frame posts only with
// targetOrigin = the parent's origin, established from location.ancestorOrigins or
// document.referrer (or the first message an allowed parent sent) — never "*", and nothing at all
// while the parent is not known to be an allowed origin.
#pragma once

#include <functional>
#include <string>

#include "core/app.h"
#include "core/config.h"
#include "core/embed_protocol.h"

namespace web {

class Embed {
public:
    // After App::start. `apply` hands intents to the App (and wakes the main loop).
    void start(const core::AppConfig& config, const core::AppState* state,
               std::function<void(const core::Intents&)> apply);
    // After each change of the App's state: ready (once), auth-required, route.
    void update(const core::AppState& s);

    bool active() const { return active_; }
    const std::string& parentOrigin() const { return parentOrigin_; }

    // Internal: called from the message listener with event.origin and JSON.stringify(event.data).
    void onMessage(const std::string& origin, const std::string& json);

private:
    void post(const std::string& json);

    bool active_ = false;
    core::AppConfig config_;
    const core::AppState* state_ = nullptr;
    std::function<void(const core::Intents&)> apply_;
    std::string parentOrigin_;  // "" until known to be an allowed one
    core::EmbedOutbox outbox_;
};

}  // namespace web
