// core/api_error.h — what can go wrong with a request, in terms the app acts on.
//
// Each kind has one defined behaviour in the app (App::onError): Unauthorized brings back the
// login form, RateLimited waits for Retry-After, the rest keep what is on screen and say so.
#pragma once

#include <string>

namespace core {

enum class ErrorKind {
    None,
    Network,       // connection refused or dropped (status 0)
    Timeout,       // no answer within the request's timeout
    Unauthorized,  // 401: token missing, refused or expired
    Forbidden,     // 403
    NotFound,      // 404
    Gone,          // 410: payload expired
    RateLimited,   // 429, with retryAfterSeconds
    Server,        // 5xx
    BadRequest,    // other 4xx
    BadResponse,   // 2xx whose body could not be understood (malformed JSON, missing field)
};

struct ApiError {
    ErrorKind kind = ErrorKind::None;
    int status = 0;             // HTTP status, 0 when none arrived
    std::string message;        // for people: what happened, naming the field when decoding failed
    int retryAfterSeconds = 0;  // from Retry-After on 429/503

    explicit operator bool() const { return kind != ErrorKind::None; }
};

const char* toString(ErrorKind k);

}  // namespace core
