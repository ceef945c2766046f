// core/remembered_token.cpp — see remembered_token.h.
#include "core/remembered_token.h"
#include "core/json_parse.h"

#include <nlohmann/json.hpp>

namespace core {

std::string encodeRememberedToken(const Credentials& c) {
    const nlohmann::json j = {{"token", c.token},
                              {"scheme", c.scheme == AuthScheme::ApiKey ? "apikey" : "bearer"}};
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::optional<Credentials> decodeRememberedToken(const std::string& stored) {
    const nlohmann::json j = core::parseJson(stored);
    if (j.is_discarded() || !j.is_object()) return std::nullopt;
    const auto token = j.find("token");
    const auto scheme = j.find("scheme");
    if (token == j.end() || !token->is_string() || scheme == j.end() || !scheme->is_string())
        return std::nullopt;
    Credentials c;
    c.token = token->get<std::string>();
    const std::string s = scheme->get<std::string>();
    if (c.token.empty() || (s != "bearer" && s != "apikey")) return std::nullopt;
    c.scheme = s == "apikey" ? AuthScheme::ApiKey : AuthScheme::Bearer;
    return c;
}

TokenStorage tokenStorageFor(const AppState& s) {
    if (s.credentials.empty() || !s.rememberToken) return TokenStorage::Remove;
    return s.auth == AuthState::Ok ? TokenStorage::Store : TokenStorage::Keep;
}

TokenPlace tokenPlaceFor(const AppState& s) {
    return s.rememberToken && s.rememberOnDevice ? TokenPlace::Device : TokenPlace::Tab;
}

}  // namespace core
