// core/api_error.cpp — names of error kinds, for logs and the test-facing state.
#include "core/api_error.h"

namespace core {

const char* toString(ErrorKind k) {
    switch (k) {
        case ErrorKind::None: return "none";
        case ErrorKind::Network: return "network";
        case ErrorKind::Timeout: return "timeout";
        case ErrorKind::Unauthorized: return "unauthorized";
        case ErrorKind::Forbidden: return "forbidden";
        case ErrorKind::NotFound: return "not-found";
        case ErrorKind::Gone: return "gone";
        case ErrorKind::RateLimited: return "rate-limited";
        case ErrorKind::Server: return "server";
        case ErrorKind::BadRequest: return "bad-request";
        case ErrorKind::BadResponse: return "bad-response";
    }
    return "none";
}

}  // namespace core
