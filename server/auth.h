// server/auth.h — who may call the API. Reads the Authorization header in either of the
// reference API's schemes ("Bearer <token>" or the raw API key) and checks it against the demo
// token and the session tokens that POST /api/v1/login issues. Knows nothing of HTTP libraries;
// api_routes.cpp turns a refusal into a 401.
//
// Thread-safe: the handlers run on many threads, and login adds tokens while others check.
#pragma once

#include "rate_limit.h"

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace syncscope::server {

enum class AuthResult {
    Ok,
    Missing,    // no Authorization header, or an empty one
    Refused,    // a credential that is not valid
    Expired,    // a credential that was valid once
    Forbidden,  // a known credential that may not use the API (--forbidden-token): a 403
};

// The demo account's credentials for POST /api/v1/login (documented in docs/api.md).
inline constexpr const char* kDemoEmail = "demo@syncscope.example";
inline constexpr const char* kDemoPassword = "demo";

class TokenAuth {
public:
    // `demo_ttl_seconds` > 0: the demo token expires that long after construction; 0: never.
    // Session tokens live `demo_ttl_seconds` too when it is set, else kSessionSeconds.
    // `forbidden_token` (may be empty: none) is answered with a 403, as a real API answers a
    // token it knows but that lacks the rights.
    explicit TokenAuth(std::string demo_token, std::int64_t demo_ttl_seconds = 0,
                       std::string forbidden_token = "");

    static constexpr std::int64_t kSessionSeconds = 3600;

    // `authorization` is the header's value ("" when absent).
    AuthResult check(const std::string& authorization) const;

    // The credential in an Authorization header (the token without "Bearer "), or "".
    static std::string credential(const std::string& authorization);

    // The credential when check() says Ok, else "": one form for "Bearer T", "bearer T" and "T"
    // (the rate limit's key for a caller; faults.h).
    std::string valid_credential(const std::string& authorization) const;

    struct Session {
        std::string token;
        std::int64_t expires_in_seconds;
    };
    // A new random session token when the credentials are the demo account's; nullopt otherwise.
    std::optional<Session> login(const std::string& email, const std::string& password);

    // Failed sign-ins are limited per (account, client address): kFailedSignInsPerMinute, as a
    // bucket refilled at that rate. Per pair, not per account, so that a stranger cannot lock the
    // demo account out for everyone; per account too, so that one address guessing at many
    // accounts is limited for each (and, by the API's rate limit, overall).
    static constexpr int kFailedSignInsPerMinute = 10;
    struct LoginAttempt {
        std::optional<Session> session;  // signed in
        int retry_after_seconds = 0;     // > 0: refused unchecked, too many failures
    };
    // While the pair's bucket is empty every attempt is refused, the right password included:
    // guessing on would otherwise still tell a hit.
    LoginAttempt login(const std::string& email, const std::string& password,
                       const std::string& client_address);

    // The 401 body's message for a refusal.
    static const char* message(AuthResult result);

private:
    static std::int64_t now_ms();

    std::string demo_token_;
    std::string forbidden_token_;
    std::int64_t demo_expires_ms_;  // 0: never
    std::int64_t session_seconds_;
    mutable std::mutex mutex_;
    std::map<std::string, std::int64_t> sessions_;  // token → expiry (Unix ms)
    RateLimiter failed_sign_ins_{kFailedSignInsPerMinute};
};

}  // namespace syncscope::server
