// api/http_errors.cpp — see http_errors.h.
#include "api/http_errors.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include "api/json_read.h"
#include "api/reference_decode.h"
#include "core/time.h"

namespace api {

int parseRetryAfter(const std::string& v, const std::string& date) {
    if (v.empty()) return 0;
    long long n = 0;
    for (char c : v) {
        if (c == ' ') continue;
        if (!std::isdigit(static_cast<unsigned char>(c))) {
            // An HTTP date counts from the server's own Date; anything else (or a date with no
            // Date to count from) waits a minute, however many digits came first.
            const auto until = core::parseHttpDate(v);
            const auto now = until ? core::parseHttpDate(date) : std::nullopt;
            if (!until || !now) return 60;
            const long long ms = *until - *now;
            return ms <= 0 ? 0 : static_cast<int>(std::min<long long>(86400, (ms + 999) / 1000));
        }
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
        e.retryAfterSeconds = parseRetryAfter(res.header("retry-after"), res.header("date"));
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
