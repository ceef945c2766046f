// tests/fuzz/retry_after_fuzz.cpp — Retry-After and the error an HTTP answer becomes
// (api/http_errors.h): what a server, a proxy or a man in the middle can send with a 429 or 503.
//
// Checks: parseRetryAfter is 0 for an absent (empty or blank) value, the number for
// delta-seconds (spaces ignored) capped at a day, an HTTP date less the answer's Date (0 once
// past, capped at a day; 60 s with no Date), and 60 s for anything else; never outside 0..86400.
// errorFromResponse (status and transport error from the end of the input, the Retry-After value
// its first line, the body the rest) gives kind None exactly for 2xx/304 answers, else a message of
// at most 300 bytes (plus "…") in valid UTF-8 — it is drawn in the banner — and Retry-After only on
// 429/503, as parseRetryAfter reads it.
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>

#include "api/http_errors.h"
#include "core/time.h"
#include "fuzz_common.h"

namespace {

// The reference reading of a Retry-After value, with the answer's Date.
int reference(const std::string& v, const std::string& date) {
    bool digit = false;
    long long n = 0;
    for (char c : v) {
        if (c == ' ') continue;
        if (c < '0' || c > '9') {
            const auto until = core::parseHttpDate(v), now = core::parseHttpDate(date);
            if (!until || !now) return 60;
            if (*until <= *now) return 0;
            return static_cast<int>(std::min<long long>(86400, (*until - *now + 999) / 1000));
        }
        digit = true;
        if (n <= 86400) n = n * 10 + (c - '0');
    }
    if (!digit) return 0;
    return n > 86400 ? 86400 : static_cast<int>(n);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text = fuzz::input(data, size);
    const int seconds = api::parseRetryAfter(text);
    FUZZ_CHECK(seconds >= 0 && seconds <= 86400);
    FUZZ_CHECK(seconds == reference(text, {}));
    // The same value as a date, against a fixed Date: counted from it.
    static const std::string kDate = "Sun, 29 Nov 2026 00:10:00 GMT";
    const int fromDate = api::parseRetryAfter(text, kDate);
    FUZZ_CHECK(fromDate >= 0 && fromDate <= 86400);
    FUZZ_CHECK(fromDate == reference(text, kDate));

    FuzzedDataProvider in(data, size);
    api::HttpResponse res;
    res.status = in.ConsumeBool() ? in.PickValueInArray({0, 200, 204, 304, 400, 401, 403, 404, 410,
                                                         429, 500, 502, 503, 504})
                                  : in.ConsumeIntegralInRange<int>(-1, 1000);
    res.error = in.PickValueInArray({api::TransportError::None, api::TransportError::None,
                                     api::TransportError::None, api::TransportError::Network,
                                     api::TransportError::Timeout});
    const std::string rest = in.ConsumeRemainingBytesAsString();
    const size_t nl = rest.find('\n');
    const std::string retryAfter = rest.substr(0, nl);
    res.headers.push_back({"retry-after", retryAfter});
    res.body = nl == std::string::npos ? std::string() : rest.substr(nl + 1);

    const core::ApiError e = api::errorFromResponse(res);
    const bool ok = res.error == api::TransportError::None &&
                    ((res.status >= 200 && res.status < 300) || res.status == 304);
    FUZZ_CHECK(ok == (e.kind == core::ErrorKind::None));
    if (ok) return 0;
    FUZZ_CHECK(!e.message.empty());
    FUZZ_CHECK(e.message.size() <= 300 + std::string("…").size());
    FUZZ_CHECK(fuzz::validUtf8(e.message));
    if (res.error == api::TransportError::None && (res.status == 429 || res.status == 503))
        FUZZ_CHECK(e.retryAfterSeconds == api::parseRetryAfter(retryAfter));
    else
        FUZZ_CHECK(e.retryAfterSeconds == 0);
    if (e.kind == core::ErrorKind::RateLimited) FUZZ_CHECK(res.status == 429);
    return 0;
}
