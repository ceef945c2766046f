// api/http_errors.cpp — see http_errors.h.
#include "api/http_errors.h"

#include <cctype>

#include "api/json_read.h"
#include "api/reference_decode.h"

namespace api {

int parseRetryAfter(const std::string& v) {
    if (v.empty()) return 0;
    long long n = 0;
    for (char c : v) {
        if (c == ' ') continue;
        // An HTTP date (or anything else): wait a minute, however many digits came first.
        if (!std::isdigit(static_cast<unsigned char>(c))) return 60;
        if (n <= 86400) n = n * 10 + (c - '0');
    }
    return n > 86400 ? 86400 : static_cast<int>(n);
}

core::ApiError errorFromResponse(const HttpResponse& res) {
    using core::ErrorKind;
    core::ApiError e;
    if (res.error == TransportError::Timeout) {
        e.kind = ErrorKind::Timeout;
        e.message = "the API did not answer in time";
        return e;
    }
    if (res.error == TransportError::Network || res.status == 0) {
        e.kind = ErrorKind::Network;
        e.message = "the API could not be reached";
        return e;
    }
    if ((res.status >= 200 && res.status < 300) || res.status == 304) return e;
    e.status = res.status;
    switch (res.status) {
        case 401: e.kind = ErrorKind::Unauthorized; break;
        case 403: e.kind = ErrorKind::Forbidden; break;
        case 404: e.kind = ErrorKind::NotFound; break;
        case 410: e.kind = ErrorKind::Gone; break;
        case 429: e.kind = ErrorKind::RateLimited; break;
        default: e.kind = res.status >= 500 ? ErrorKind::Server : ErrorKind::BadRequest; break;
    }
    if (res.status == 429 || res.status == 503)
        e.retryAfterSeconds = parseRetryAfter(res.header("retry-after"));
    std::string ignored;
    const auto j = JsonReader::parse(res.body, ignored, 16);
    if (j.is_object()) {
        auto it = j.find("message");
        if (it != j.end() && it->is_string()) e.message = it->get<std::string>();
    }
    if (e.message.empty()) {
        switch (e.kind) {
            case ErrorKind::Unauthorized: e.message = "the API refused the credentials"; break;
            case ErrorKind::Forbidden: e.message = "this token may not see that"; break;
            case ErrorKind::NotFound: e.message = "not found"; break;
            case ErrorKind::Gone: e.message = "no longer available"; break;
            case ErrorKind::RateLimited: e.message = "too many requests"; break;
            case ErrorKind::Server: e.message = "the API failed"; break;
            default: e.message = "the API rejected the request"; break;
        }
    }
    e.message = clipForMessage(e.message, 300);  // at a character boundary, then "…"
    return e;
}

}  // namespace api
