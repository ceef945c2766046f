// api/http_errors.h — an HTTP answer that is not a success, as a core::ApiError.
//
// 401 → Unauthorized, 410 → Gone, 429 → RateLimited (with Retry-After), 5xx → Server, status 0 →
// Network or Timeout. The message is the API's own `{"message"}` when it sent one, else a plain
// description of the status, so the banner always says something a person can act on.
#pragma once

#include "api/transport.h"
#include "core/api_error.h"

namespace api {

// ApiError with kind None for a 2xx/304 answer.
core::ApiError errorFromResponse(const HttpResponse& response);
// Retry-After in seconds, at most a day: delta-seconds as given; an HTTP date less the answer's
// own Date header `date` (the server's clock; 0 once past); 60 s for a date with no Date to count
// from, or anything else. 0 when absent.
int parseRetryAfter(const std::string& value, const std::string& date = {});

}  // namespace api
