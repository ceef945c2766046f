// core/backend.h — "what the app wants" from the platform, independent of the API dialect.
//
// src/api implements this for each dialect over a Transport; core's App only sees model types
// and ApiErrors. Callbacks run later, on the main loop, never inside the call.
#pragma once

#include <functional>
#include <string>

#include "core/api_error.h"
#include "core/model.h"

namespace core {

enum class AuthScheme { Bearer, ApiKey };  // ApiKey: the Authorization header carries it raw

struct Credentials {
    std::string token;
    AuthScheme scheme = AuthScheme::Bearer;
    bool empty() const { return token.empty(); }
};

// Every answer carries the server's clock (its Date header) when it sent one.
template <class T>
struct Answer {
    T value{};
    ApiError error;
    TimeMs serverTime = 0;  // 0 when the answer had no usable Date header
};

class Backend {
public:
    virtual ~Backend() = default;
    // One page of the services list (1-based), at most perPage items.
    virtual void listServices(const Credentials& creds, int page, int perPage,
                              std::function<void(Answer<ServicesPage>)> done) = 0;
};

}  // namespace core
