// server/auth.cpp — checks an Authorization header against the demo token and the session tokens
// issued by login. Tokens never leave this file: they are not logged, and refusals do not echo
// what was sent. Expiry uses the real clock (not the simulation's), as a real platform would.
#include "auth.h"

#include <cctype>
#include <chrono>
#include <random>
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

std::string lower(std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
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

// 32 hex digits from the OS's entropy source: unguessable, unlike the simulation's seeded RNG.
std::string random_token() {
    static const char kHex[] = "0123456789abcdef";
    std::random_device device;
    std::string out = "ss_";
    for (int i = 0; i < 32; ++i) out += kHex[device() & 15];
    return out;
}

}  // namespace

TokenAuth::TokenAuth(std::string demo_token, std::int64_t demo_ttl_seconds,
                     std::string forbidden_token)
    : demo_token_(std::move(demo_token)),
      forbidden_token_(std::move(forbidden_token)),
      demo_expires_ms_(demo_ttl_seconds > 0 ? now_ms() + demo_ttl_seconds * 1000 : 0),
      session_seconds_(demo_ttl_seconds > 0 ? demo_ttl_seconds : kSessionSeconds) {}

std::int64_t TokenAuth::now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string TokenAuth::credential(const std::string& authorization) {
    std::string credential = trim(authorization);
    // "Bearer <token>", scheme case-insensitive; anything else is taken as a raw API key.
    if (credential.size() > 7 && lower(credential.substr(0, 7)) == "bearer ") {
        credential = trim(credential.substr(7));
    }
    return credential;
}

AuthResult TokenAuth::check(const std::string& authorization) const {
    const std::string token = credential(authorization);
    if (token.empty()) return AuthResult::Missing;
    const std::int64_t now = now_ms();
    if (!forbidden_token_.empty() && same_secret(token, forbidden_token_)) {
        return AuthResult::Forbidden;
    }
    if (same_secret(token, demo_token_)) {
        return demo_expires_ms_ == 0 || now < demo_expires_ms_ ? AuthResult::Ok
                                                               : AuthResult::Expired;
    }
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = sessions_.find(token);
    if (it == sessions_.end()) return AuthResult::Refused;
    return now < it->second ? AuthResult::Ok : AuthResult::Expired;
}

std::string TokenAuth::valid_credential(const std::string& authorization) const {
    return check(authorization) == AuthResult::Ok ? credential(authorization) : std::string();
}

TokenAuth::LoginAttempt TokenAuth::login(const std::string& email, const std::string& password,
                                         const std::string& client_address) {
    // The account as login() compares it: case and surrounding spaces make no other account.
    const std::string pair = lower(trim(email)) + '\n' + client_address;
    LoginAttempt attempt;
    const RateLimiter::Decision allowed = failed_sign_ins_.peek_key(pair);
    if (!allowed.allowed) {
        attempt.retry_after_seconds = allowed.retry_after_seconds;
        return attempt;
    }
    attempt.session = login(email, password);
    if (!attempt.session) failed_sign_ins_.take_key(pair);
    return attempt;
}

std::optional<TokenAuth::Session> TokenAuth::login(const std::string& email,
                                                   const std::string& password) {
    if (lower(trim(email)) != kDemoEmail || !same_secret(password, kDemoPassword)) {
        return std::nullopt;
    }
    Session session{random_token(), session_seconds_};
    const std::int64_t now = now_ms();
    std::lock_guard<std::mutex> lock(mutex_);
    // Forget long-expired sessions so repeated logins cannot grow the map without bound.
    for (auto it = sessions_.begin(); it != sessions_.end();) {
        it = it->second + 3600 * 1000 < now ? sessions_.erase(it) : std::next(it);
    }
    sessions_[session.token] = now + session_seconds_ * 1000;
    return session;
}

const char* TokenAuth::message(AuthResult result) {
    switch (result) {
        case AuthResult::Missing:
            return "Unauthenticated: send 'Authorization: Bearer <token>' or the API key.";
        case AuthResult::Refused: return "Unauthenticated: the token is invalid.";
        case AuthResult::Expired: return "Unauthenticated: the token has expired.";
        case AuthResult::Forbidden: return "Forbidden: this token may not read this API.";
        case AuthResult::Ok: break;
    }
    return "";
}

}  // namespace syncscope::server
