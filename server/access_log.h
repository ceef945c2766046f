// server/access_log.h — one stderr line per request: method, path, status, bytes sent and the
// time taken, e.g. `GET /api/v1/services 200 5123B 2.4ms` (` dropped` is appended when fault
// injection cut the answer short). Never the query string (it may hold search text) and never a
// header value (the Authorization header holds the token).
//
// cpp-httplib 0.11's logger sees only the request and the response, after the answer was
// written, and offers no per-request storage. Every step of one request (pre-routing, handler,
// post-routing, content provider, logger) runs on the same pool thread, so a thread-local
// record started in the pre-routing hook and finished by the logger carries the start time and
// the bytes actually written; it is tied to the request object's address so that a request
// which never reached routing (httplib's own 400/414) is not timed with another's clock.
#pragma once

#include <httplib.h>

#include <chrono>
#include <cstddef>
#include <string>

namespace syncscope::server {

struct RequestRecord {
    const httplib::Request* request = nullptr;  // whose record this is; nullptr when idle
    std::chrono::steady_clock::time_point start;
    bool accepts_gzip = false;  // API request whose Accept-Encoding admits gzip (compression.h)
    bool drop = false;          // fault injection chose to cut this answer short
    bool dropped = false;       // ... and did: the answer was turned into a truncated body
    bool counted = false;       // the body went through a counting content provider
    std::size_t bytes = 0;      // body bytes written, when counted
};

// Starts this thread's record for `req` (call first thing in the pre-routing hook).
RequestRecord& begin_request_record(const httplib::Request& req);

// This thread's record if it belongs to `req`, else nullptr.
RequestRecord* request_record(const httplib::Request& req);

// Post-routing, last: routes a content-provider body through a counter so the log can say how
// many bytes really went out (a provider may stop early, or be cut by --drop-rate).
void count_body_bytes(const httplib::Request& req, httplib::Response& res);

// The line for one request, without the newline.
std::string access_log_line(const httplib::Request& req, const httplib::Response& res);

// cpp-httplib's logger: writes access_log_line() to stderr in one write and ends the record.
void write_access_log(const httplib::Request& req, const httplib::Response& res);

}  // namespace syncscope::server
