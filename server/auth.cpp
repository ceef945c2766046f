// server/auth.cpp — checks an Authorization header against the demo token. The token never
// leaves this file: it is not logged, and refusals do not echo what was sent.
#include "auth.h"

#include <cctype>
#include <utility>

namespace syncscope::server {

namespace {

std::string trim(const std::string& text) {
    std::size_t first = 0;
    std::size_t last = text.size();
    while (first < last && std::isspace(static_cast<unsigned char>(text[first]))) ++first;
    while (last > first && std::isspace(static_cast<unsigned char>(text[last - 1]))) --last;
    return text.substr(first, last - first);
}

// Compares without an early exit, so response time does not reveal a matching prefix.
bool same_secret(const std::string& a, const std::string& b) {
    unsigned char diff = a.size() == b.size() ? 0 : 1;
    const std::size_t n = a.size() < b.size() ? a.size() : b.size();
    for (std::size_t i = 0; i < n; ++i) {
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    }
    return diff == 0;
}

}  // namespace

TokenAuth::TokenAuth(std::string demo_token) : demo_token_(std::move(demo_token)) {}

AuthResult TokenAuth::check(const std::string& authorization) const {
    std::string credential = trim(authorization);
    if (credential.empty()) return AuthResult::Missing;
    // "Bearer <token>", scheme case-insensitive; anything else is taken as a raw API key.
    if (credential.size() > 7) {
        std::string scheme = credential.substr(0, 7);
        for (char& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (scheme == "bearer ") credential = trim(credential.substr(7));
    }
    if (credential.empty()) return AuthResult::Missing;
    return same_secret(credential, demo_token_) ? AuthResult::Ok : AuthResult::Refused;
}

const char* TokenAuth::message(AuthResult result) {
    switch (result) {
        case AuthResult::Missing:
            return "Unauthenticated: send 'Authorization: Bearer <token>' or the API key.";
        case AuthResult::Refused: return "Unauthenticated: the token is invalid or has expired.";
        case AuthResult::Ok: break;
    }
    return "";
}

}  // namespace syncscope::server
