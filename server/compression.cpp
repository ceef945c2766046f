// server/compression.cpp — see compression.h.
#include "compression.h"

#include "access_log.h"
#include "api_routes.h"
#include "response_headers.h"

#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <climits>
#include <cstdlib>
#include <string>
#include <utility>

namespace syncscope::server {

namespace {

constexpr int kGzipWindowBits = 15 + 16;  // the largest window, with a gzip header and trailer
constexpr int kMemLevel = 8;              // zlib's default

std::string lower_trimmed(const std::string& text, std::size_t begin, std::size_t end) {
    while (begin < end && std::isspace(static_cast<unsigned char>(text[begin]))) ++begin;
    while (end > begin && std::isspace(static_cast<unsigned char>(text[end - 1]))) --end;
    std::string out = text.substr(begin, end - begin);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// The q-value of one Accept-Encoding element's parameters ("q=0.5;foo=bar"); 1 when absent.
double q_value(const std::string& element, std::size_t params_begin) {
    std::size_t pos = params_begin;
    while (pos < element.size()) {
        std::size_t semi = element.find(';', pos);
        if (semi == std::string::npos) semi = element.size();
        const std::size_t eq = element.find('=', pos);
        if (eq != std::string::npos && eq < semi && lower_trimmed(element, pos, eq) == "q") {
            const std::string value = lower_trimmed(element, eq + 1, semi);
            char* end = nullptr;
            const double q = std::strtod(value.c_str(), &end);
            // A malformed weight is read as 0: never pick a coding the client may have refused.
            return end == value.c_str() ? 0.0 : q;
        }
        pos = semi + 1;
    }
    return 1.0;
}

}  // namespace

bool accepts_gzip(const std::string& accept_encoding) {
    double gzip_q = -1;  // not listed
    double star_q = -1;
    std::size_t pos = 0;
    while (pos < accept_encoding.size()) {
        std::size_t comma = accept_encoding.find(',', pos);
        if (comma == std::string::npos) comma = accept_encoding.size();
        const std::string element = accept_encoding.substr(pos, comma - pos);
        pos = comma + 1;
        std::size_t semi = element.find(';');
        if (semi == std::string::npos) semi = element.size();
        const std::string name = lower_trimmed(element, 0, semi);
        if (name == "gzip" || name == "x-gzip") {
            gzip_q = std::max(gzip_q, q_value(element, semi + 1));
        } else if (name == "*") {
            star_q = std::max(star_q, q_value(element, semi + 1));
        }
    }
    return gzip_q >= 0 ? gzip_q > 0 : star_q > 0;
}

bool compressible_content_type(const std::string& content_type) {
    const std::size_t semi = content_type.find(';');
    const std::string type =
        lower_trimmed(content_type, 0, semi == std::string::npos ? content_type.size() : semi);
    const auto ends_with = [&type](const char* suffix) {
        const std::string s(suffix);
        return type.size() >= s.size() && type.compare(type.size() - s.size(), s.size(), s) == 0;
    };
    if (type.rfind("text/", 0) == 0) return type != "text/event-stream";
    return type == "application/json" || type == "application/xml" ||
           type == "application/javascript" || type == "image/svg+xml" || ends_with("+json") ||
           ends_with("+xml");
}

bool gzip_compress(const std::string& data, int level, std::string& out) {
    if (data.size() > UINT_MAX) return false;  // zlib counts one call's input in a uInt
    z_stream stream{};
    if (deflateInit2(&stream, level, Z_DEFLATED, kGzipWindowBits, kMemLevel, Z_DEFAULT_STRATEGY) !=
        Z_OK) {
        return false;
    }
    // Text and JSON shrink 5 to 10 times: start with a quarter of the input and grow if needed
    // (a buffer of deflateBound()'s worst case would hold the input's size per answer in flight).
    out.resize(std::max<std::size_t>(data.size() / 4, 4096));
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream.avail_in = static_cast<uInt>(data.size());
    int result = Z_OK;
    while (result == Z_OK) {
        if (stream.total_out == out.size()) out.resize(out.size() * 2);
        const std::size_t room = std::min<std::size_t>(out.size() - stream.total_out, UINT_MAX);
        stream.next_out = reinterpret_cast<Bytef*>(&out[stream.total_out]);
        stream.avail_out = static_cast<uInt>(room);
        result = deflate(&stream, Z_FINISH);  // Z_OK: out of room, Z_STREAM_END: done
    }
    const uLong written = stream.total_out;
    deflateEnd(&stream);
    if (result != Z_STREAM_END) return false;
    out.resize(written);
    return true;
}

void take_accept_encoding(const httplib::Request& req) {
    if (!is_api_path(req.path)) return;
    RequestRecord* record = request_record(req);
    // The request is const in the hook, but the object is cpp-httplib's own non-const local, so
    // editing its headers is sound. Without Accept-Encoding the library compresses nothing (it
    // looks for "br" and "gzip" in it), whatever the answer's type.
    auto& headers = const_cast<httplib::Request&>(req).headers;
    const auto found = headers.find("Accept-Encoding");
    if (found == headers.end()) return;
    if (record) record->accepts_gzip = accepts_gzip(found->second);
    headers.erase("Accept-Encoding");  // every copy of the header
}

void compress_api_answer(const httplib::Request& req, httplib::Response& res) {
    if (!is_api_path(req.path)) return;
    // The coding of every API answer depends on Accept-Encoding (even a short one: the same URL
    // may answer longer later), so a cache must key on it.
    add_vary(res, "Accept-Encoding");

    const RequestRecord* record = request_record(req);
    if (!record || !record->accepts_gzip) return;
    if (res.body.size() < kMinGzipBytes || res.content_provider_) return;
    // A Range answer's Content-Range counts bytes of the plain body cpp-httplib sliced it from.
    if (!req.ranges.empty() || res.has_header("Content-Encoding")) return;
    if (!compressible_content_type(res.get_header_value("Content-Type"))) return;

    std::string compressed;
    if (!gzip_compress(res.body, Z_BEST_SPEED, compressed)) return;
    if (compressed.size() >= res.body.size()) return;  // random bytes: plain is smaller
    res.body = std::move(compressed);
    replace_header(res, "Content-Encoding", "gzip");
    // cpp-httplib set it from the plain body; HEAD answers keep it too, with no body sent.
    replace_header(res, "Content-Length", std::to_string(res.body.size()));
}

}  // namespace syncscope::server
