// web/embed.cpp — see embed.h. The rules (origins, message shapes, when to post what) are in
// core/embed_protocol.cpp; this file only listens and posts.
#include "web/embed.h"

#include <emscripten.h>

#include <cstdlib>

#include "web/wipe.h"

namespace web {
namespace {

Embed* gEmbed = nullptr;

std::string takeString(char* p) {
    std::string s = p ? p : "";
    wipeAndFree(p);  // a hash or a message may hold a token
    return s;
}

// clang-format off
EM_JS(int, js_is_framed, (), {
    try { return window.parent !== window ? 1 : 0; } catch (e) { return 1; }
});
// location.ancestorOrigins[0] (the parent's origin) where the browser has it; "\u0001" where it
// has not (Firefox), so C++ can tell "absent" from an empty or "null" origin.
EM_JS(char*, js_ancestor_origin, (), {
    let v = "\u0001";
    try {
        const a = window.location.ancestorOrigins;
        if (a && a.length > 0) v = String(a[0]);
    } catch (e) {}
    const len = lengthBytesUTF8(v) + 1;
    const p = _malloc(len);
    stringToUTF8(v, p, len);
    return p;
});
EM_JS(char*, js_referrer, (), {
    const v = document.referrer || "";
    const len = lengthBytesUTF8(v) + 1;
    const p = _malloc(len);
    stringToUTF8(v, p, len);
    return p;
});
// Only messages from the parent window, only SyncScope's ("syncscope:…"), only plain objects; the
// origin is checked in C++ against config.json. Nothing about a message is ever logged.
EM_JS(void, js_listen_messages, (), {
    window.addEventListener('message', function(e) {
        if (window.parent === window || e.source !== window.parent) return;
        const d = e.data;
        if (!d || typeof d !== 'object' || Array.isArray(d) || typeof d.type !== 'string' ||
            d.type.lastIndexOf('syncscope:', 0) !== 0)
            return;
        let json;
        try { json = JSON.stringify(d); } catch (err) { return; }
        if (typeof json !== 'string' || json.length > 65536) return;
        const o = String(e.origin);
        const ol = lengthBytesUTF8(o) + 1, jl = lengthBytesUTF8(json) + 1;
        const op = _malloc(ol), jp = _malloc(jl);
        stringToUTF8(o, op, ol);
        stringToUTF8(json, jp, jl);
        _syncscope_on_parent_message(op, jp);
        HEAPU8.fill(0, jp, jp + jl);  // a syncscope:auth message holds a token
        _free(op);
        _free(jp);
    });
});
// targetOrigin is always the one allowed origin established for the parent, never '*'.
EM_JS(void, js_post_to_parent, (const char* json, const char* origin), {
    const target = UTF8ToString(origin);
    if (!target || target === '*' || window.parent === window) return;
    window.parent.postMessage(JSON.parse(UTF8ToString(json)), target);
});
EM_JS(void, js_warn, (const char* text), { console.warn(UTF8ToString(text)); });
// clang-format on

}  // namespace

void Embed::start(const core::AppConfig& config, const core::AppState* state,
                  std::function<void(const core::Intents&)> apply) {
    config_ = config;
    state_ = state;
    apply_ = std::move(apply);
    if (config_.allowedParentOrigins.empty() || !js_is_framed()) return;
    active_ = true;
    gEmbed = this;
    const std::string ancestor = takeString(js_ancestor_origin());
    std::optional<std::string> ancestorOrigin;
    if (ancestor != "\x01") ancestorOrigin = ancestor;
    parentOrigin_ = core::allowedParentOrigin(ancestorOrigin, takeString(js_referrer()),
                                              config_.allowedParentOrigins);
    js_listen_messages();
}

void Embed::update(const core::AppState& s) {
    // Until the parent is known to be allowed nothing is posted, and the outbox keeps its place:
    // "ready" and the current state go out once it is.
    if (!active_ || parentOrigin_.empty()) return;
    for (const std::string& m : outbox_.update(s)) post(m);
}

void Embed::post(const std::string& json) {
    js_post_to_parent(json.c_str(), parentOrigin_.c_str());
}

void Embed::onMessage(const std::string& origin, const std::string& json) {
    if (!active_ || !state_ || !core::isAllowedOrigin(origin, config_.allowedParentOrigins)) return;
    // The parent window, at an allowed origin, spoke: if its origin could not be read before
    // (no ancestorOrigins, no referrer), this establishes it.
    if (parentOrigin_.empty()) parentOrigin_ = origin;
    const core::AuthScheme defaultScheme = config_.dialect == core::Dialect::PatchworksCore
                                               ? core::AuthScheme::ApiKey
                                               : core::AuthScheme::Bearer;
    const core::ParentMessage m = core::parseParentMessage(json, defaultScheme);
    core::Intents in;
    switch (m.kind) {
        case core::ParentMessage::Kind::Ignore: break;
        case core::ParentMessage::Kind::Invalid:
            js_warn(("SyncScope ignored a message from its parent: " + m.error).c_str());
            break;
        case core::ParentMessage::Kind::Auth: {
            const core::AppState& s = *state_;
            const bool same = s.credentials.token == m.credentials.token &&
                              s.credentials.scheme == m.credentials.scheme;
            // The same token again (a portal answering both ready and auth-required) while it
            // works or is being checked changes nothing.
            if (same && (s.auth == core::AuthState::Ok || s.signingIn)) break;
            // remember: false, a token from the parent stays in memory only.
            in.add(core::intent::SignIn{m.credentials, false});
            break;
        }
        case core::ParentMessage::Kind::Navigate: in.add(core::intent::Navigate{m.route}); break;
    }
    if (in.any() && apply_) apply_(in);
    update(*state_);
}

}  // namespace web

extern "C" EMSCRIPTEN_KEEPALIVE void syncscope_on_parent_message(const char* origin,
                                                                 const char* json) {
    if (web::gEmbed) web::gEmbed->onMessage(origin ? origin : "", json ? json : "");
}
