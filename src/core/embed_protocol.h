// core/embed_protocol.h — the iframe protocol of docs/embedding.md ("The messages"), without the
// browser: which origins are trusted, what a parent's message means, and what the frame tells its
// parent as the App's state changes. src/web/embed.cpp only moves the strings across.
//
// Messages are flat objects with a `type`:
//   parent → frame   {type: "syncscope:auth", token, scheme: "Bearer" | "ApiKey"}
//                    {type: "syncscope:navigate", route: "/services/12"}
//   frame → parent   {type: "syncscope:ready"}
//                    {type: "syncscope:auth-required",
//                     reason: "signed-out" | "expired" | "invalid-token"}
//                    {type: "syncscope:route", route: "/services/12"}
// A message is taken only from an origin in config.allowedParentOrigins (exact match of
// event.origin) sent by the frame's own parent window; messages go out only to that parent's
// origin once it is known to be an allowed one, never to "*".
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/app.h"
#include "core/backend.h"
#include "core/routes.h"

namespace core {

// Exact string comparison: event.origin is serialised by the browser, and parseConfig accepts
// only serialised origins, so no normalisation is needed (or wanted: "https://portal.example.evil"
// must not pass for "https://portal.example").
bool isAllowedOrigin(const std::string& origin, const std::vector<std::string>& allowed);

// "https://portal.example" of "https://portal.example/app?x#y" (scheme and host lower-cased, the
// default port dropped, as browsers serialise it); "" for anything but an absolute http(s) URL.
std::string originOfUrl(const std::string& url);

// The embedding page's origin if it is an allowed one, else "". `ancestorOrigin` is
// location.ancestorOrigins[0] where the browser has it (Chromium, Safari): the parent's real
// origin, so it alone decides. Elsewhere (Firefox) the origin of document.referrer, which the
// parent's navigation of the frame set (empty under a no-referrer policy). With "", nothing is
// posted until an allowed parent has spoken first (its event.origin then establishes it).
std::string allowedParentOrigin(const std::optional<std::string>& ancestorOrigin,
                                const std::string& referrer,
                                const std::vector<std::string>& allowed);

struct ParentMessage {
    enum class Kind {
        Ignore,    // not a SyncScope message (portals post other things too)
        Auth,      // credentials: sign in with them
        Navigate,  // route: go there
        Invalid,   // a "syncscope:" message that does not hold what it must: error says why
    };
    Kind kind = Kind::Ignore;
    Credentials credentials;
    Route route;
    std::string error;  // never quotes the token
};

// `json`: event.data as JSON.stringify wrote it. `defaultScheme`: for an auth message without a
// scheme (what a token typed into the login form would be sent as in this dialect).
ParentMessage parseParentMessage(const std::string& json, AuthScheme defaultScheme);

// The longest token accepted (a JWT with many claims is a few KB).
constexpr size_t kMaxEmbedTokenBytes = 16384;

// What the frame tells its parent as the App's state changes: "syncscope:ready" once (on the
// first update after App::start), "syncscope:auth-required" each time the App comes to need a
// token (none at start, a token refused, a session expired — a 401 either way; and each time a
// token was refused before sending because it holds a character a token cannot: "invalid-token"),
// and "syncscope:route" whenever the route changes (the first one right after ready); and
// "syncscope:sync-finished" {syncId, status} when a sync the user asked to be told about (the
// log's bell) finished (AppState::finished; issue 18).
class EmbedOutbox {
public:
    // The messages to post now, in order, as JSON objects.
    std::vector<std::string> update(const AppState& s);

private:
    bool ready_ = false;
    bool needsToken_ = false;
    uint64_t tokensRefused_ = 0;
    std::string route_;
    uint64_t finished_ = 0;  // AppState::finished.serial last told
};

}  // namespace core
