// server/compression.h — gzip for API answers, done by the server itself at zlib's fastest level
// instead of by cpp-httplib.
//
// cpp-httplib 0.11 compresses an answer on the fly whenever the request's Accept-Encoding holds
// "br" (Brotli at quality 11: it would take seconds for a 5,000-line log page) or "gzip" (zlib's
// default level 6). Level 6 takes about twice the CPU of level 1 for a log page 15% smaller (94 KB
// against 111 KB), and log pages are what the server sends most (a 1,000,000-line sync is 200
// pages of ~1 MB). So for API paths the pre-routing hook takes the Accept-Encoding header away
// from the library (it then never compresses) and remembers whether gzip was accepted; the
// post-routing hook compresses the body at level 1, in memory, before fault injection and byte
// counting see it. The static site is not touched: it serves its precompressed files itself.
#pragma once

#include <httplib.h>

#include <cstddef>
#include <string>

namespace syncscope::server {

// Bodies shorter than this go out uncompressed: gzip's 18 bytes of framing and the call itself
// cost more than they save on a short error or a one-item list.
constexpr std::size_t kMinGzipBytes = 1024;

// Whether an Accept-Encoding value admits gzip (RFC 9110 §12.5.3): "gzip" or "x-gzip" with a
// q-value above 0, or — when neither is listed — "*" with a q-value above 0. Names are
// case-insensitive. An empty value (or no header) admits identity only.
bool accepts_gzip(const std::string& accept_encoding);

// Whether answers of this Content-Type are worth compressing: text/* (not event streams), JSON,
// XML and their +json / +xml kinds — what cpp-httplib itself would have compressed of ours.
bool compressible_content_type(const std::string& content_type);

// `data` as one gzip member (RFC 1952) compressed at `level` (1 = Z_BEST_SPEED ... 9), in memory.
// False, with `out` unspecified, when zlib is not available or fails.
bool gzip_compress(const std::string& data, int level, std::string& out);

// Pre-routing, after begin_request_record(): for API paths, records in the request's
// RequestRecord whether the client accepts gzip, then removes Accept-Encoding from the request
// so that cpp-httplib does not compress the answer again.
void take_accept_encoding(const httplib::Request& req);

// Post-routing, after every header is in place and before FaultInjector::after_routing() and
// count_body_bytes(): on API answers, adds "Vary: Accept-Encoding" and, when the client accepts
// gzip, compresses a compressible body of kMinGzipBytes or more at level 1, setting
// Content-Encoding and Content-Length. Answers to Range requests (already sliced by cpp-httplib)
// and answers without a plain body (304, 204, content providers) are left as they are.
void compress_api_answer(const httplib::Request& req, httplib::Response& res);

}  // namespace syncscope::server
