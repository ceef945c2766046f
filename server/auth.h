// server/auth.h — who may call the API. Reads the Authorization header in either of the
// reference API's schemes ("Bearer <token>" or the raw API key) and compares it with the demo
// token. Knows nothing of HTTP libraries; api_routes.cpp turns a refusal into a 401.
#pragma once

#include <string>

namespace syncscope::server {

enum class AuthResult {
    Ok,
    Missing,  // no Authorization header, or an empty one
    Refused,  // a credential that is not (or no longer) valid
};

class TokenAuth {
public:
    explicit TokenAuth(std::string demo_token);

    // `authorization` is the header's value ("" when absent).
    AuthResult check(const std::string& authorization) const;

    // The 401 body's message for a refusal.
    static const char* message(AuthResult result);

private:
    std::string demo_token_;
};

}  // namespace syncscope::server
