// core/embed_protocol.cpp — see embed_protocol.h. No exceptions: nlohmann is used through checked
// accessors only, as everywhere in core.
#include "core/embed_protocol.h"
#include "core/json_parse.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/config.h"

namespace core {
namespace {

using nlohmann::json;

std::string lowered(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

// The length of `s`'s first `max` bytes, less a character cut in half (JSON strings are UTF-8).
size_t utf8Prefix(const std::string& s, size_t max) {
    if (s.size() <= max) return s.size();
    while (max > 0 && (static_cast<unsigned char>(s[max]) & 0xC0) == 0x80) --max;
    return max;
}

std::string message(const json& j) {
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

// "expired": a session that worked was answered 401 (a fresh token carries on where it was);
// "signed-out": no token yet, or one was refused or could not be checked.
const char* authReason(const AppState& s) {
    return s.auth == AuthState::Expired ? "expired" : "signed-out";
}

}  // namespace

bool isAllowedOrigin(const std::string& origin, const std::vector<std::string>& allowed) {
    if (origin.empty() || origin == "null") return false;
    return std::find(allowed.begin(), allowed.end(), origin) != allowed.end();
}

std::string originOfUrl(const std::string& url) {
    const size_t colon = url.find("://");
    if (colon == std::string::npos) return "";
    const std::string scheme = lowered(url.substr(0, colon));
    if (scheme != "http" && scheme != "https") return "";
    const size_t start = colon + 3;
    size_t end = url.find_first_of("/?#", start);
    if (end == std::string::npos) end = url.size();
    std::string authority = lowered(url.substr(start, end - start));
    if (const size_t at = authority.rfind('@'); at != std::string::npos)
        authority = authority.substr(at + 1);
    const std::string defaultPort = scheme == "https" ? ":443" : ":80";
    if (authority.size() > defaultPort.size() &&
        authority.compare(authority.size() - defaultPort.size(), defaultPort.size(), defaultPort) ==
            0 &&
        authority.back() != ']')
        authority.resize(authority.size() - defaultPort.size());
    const std::string origin = scheme + "://" + authority;
    return isSerialisedOrigin(origin) ? origin : "";
}

std::string allowedParentOrigin(const std::optional<std::string>& ancestorOrigin,
                                const std::string& referrer,
                                const std::vector<std::string>& allowed) {
    if (ancestorOrigin)
        return isAllowedOrigin(*ancestorOrigin, allowed) ? *ancestorOrigin : std::string();
    const std::string fromReferrer = originOfUrl(referrer);
    return isAllowedOrigin(fromReferrer, allowed) ? fromReferrer : std::string();
}

ParentMessage parseParentMessage(const std::string& text, AuthScheme defaultScheme) {
    ParentMessage m;
    const json j = core::parseJson(text);
    if (j.is_discarded() || !j.is_object()) return m;
    const auto type = j.find("type");
    if (type == j.end() || !type->is_string()) return m;
    const std::string& t = type->get_ref<const std::string&>();
    if (t.rfind("syncscope:", 0) != 0) return m;
    m.kind = ParentMessage::Kind::Invalid;
    if (t == "syncscope:auth") {
        const auto token = j.find("token");
        if (token == j.end() || !token->is_string() ||
            token->get_ref<const std::string&>().empty()) {
            m.error = "syncscope:auth needs a non-empty string \"token\"";
            return m;
        }
        const std::string& tok = token->get_ref<const std::string&>();
        if (tok.size() > kMaxEmbedTokenBytes) {
            m.error = "syncscope:auth: the token is longer than " +
                      std::to_string(kMaxEmbedTokenBytes) + " bytes";
            return m;
        }
        // What the token holds is checked where every token is (App::signIn, core/token_check.h):
        // a bad one is answered with auth-required, reason "invalid-token", and never sent.
        AuthScheme scheme = defaultScheme;
        if (const auto s = j.find("scheme"); s != j.end() && !s->is_null()) {
            if (s->is_string() && *s == "Bearer")
                scheme = AuthScheme::Bearer;
            else if (s->is_string() && *s == "ApiKey")
                scheme = AuthScheme::ApiKey;
            else {
                m.error = "syncscope:auth: \"scheme\" must be \"Bearer\" or \"ApiKey\"";
                return m;
            }
        }
        m.kind = ParentMessage::Kind::Auth;
        m.credentials.token = tok;
        m.credentials.scheme = scheme;
        return m;
    }
    if (t == "syncscope:navigate") {
        const auto route = j.find("route");
        if (route == j.end() || !route->is_string()) {
            m.error = "syncscope:navigate needs a string \"route\" such as \"/services/12\"";
            return m;
        }
        std::string r = route->get<std::string>();
        if (!r.empty() && r[0] == '#') r.erase(0, 1);
        if (r.size() > 512 ||
            (r != "/services" && r.rfind("/services/", 0) != 0 && r.rfind("/services?", 0) != 0)) {
            m.error =
                "syncscope:navigate: \"route\" must be a SyncScope route such as "
                "\"/services/12\" or \"/services/12/syncs/345?line=120\"";
            return m;
        }
        m.kind = ParentMessage::Kind::Navigate;
        m.route = parseRoute(r);
        return m;
    }
    m.error = "unknown message type \"" + t.substr(0, utf8Prefix(t, 64)) + "\"";
    return m;
}

std::vector<std::string> EmbedOutbox::update(const AppState& s) {
    std::vector<std::string> out;
    if (!ready_) {
        out.push_back(message({{"type", "syncscope:ready"}}));
        ready_ = true;
    }
    // Not while a token is being checked or retried (signingIn), nor when the API base URL is
    // wrong (no token could help).
    const bool needsToken = s.view == View::Login && !s.signingIn && !s.apiBaseLooksWrong;
    // A token refused before it was sent (core/token_check.h): told each time, signed in or not.
    if (s.tokensRefused != tokensRefused_) {
        tokensRefused_ = s.tokensRefused;
        out.push_back(message({{"type", "syncscope:auth-required"}, {"reason", "invalid-token"}}));
    } else if (needsToken && !needsToken_) {
        out.push_back(message({{"type", "syncscope:auth-required"}, {"reason", authReason(s)}}));
    }
    needsToken_ = needsToken;
    const std::string route = formatRoute(s.route);
    if (route != route_) {
        out.push_back(message({{"type", "syncscope:route"}, {"route", route}}));
        route_ = route;
    }
    if (s.finished.serial != finished_) {
        finished_ = s.finished.serial;
        out.push_back(message({{"type", "syncscope:sync-finished"},
                               {"syncId", s.finished.syncId},
                               {"status", toString(s.finished.status)}}));
    }
    return out;
}

}  // namespace core
