// server/access_log.cpp — see access_log.h.
#include "access_log.h"

#include <cstdio>
#include <memory>
#include <string>
#include <utility>

namespace syncscope::server {

namespace {

thread_local RequestRecord t_record;

constexpr std::size_t kMaxLoggedPath = 200;

}  // namespace

RequestRecord& begin_request_record(const httplib::Request& req) {
    t_record = RequestRecord{};
    t_record.request = &req;
    t_record.start = std::chrono::steady_clock::now();
    return t_record;
}

RequestRecord* request_record(const httplib::Request& req) {
    return t_record.request == &req ? &t_record : nullptr;
}

void count_body_bytes(const httplib::Request& req, httplib::Response& res) {
    RequestRecord* record = request_record(req);
    if (!record || !res.content_provider_) return;
    record->counted = true;
    record->bytes = 0;
    // The provider runs later on this same thread, while the record still belongs to `req`.
    res.content_provider_ = [inner = std::move(res.content_provider_), record](
                                std::size_t offset, std::size_t length, httplib::DataSink& sink) {
        httplib::DataSink counting;
        counting.write = [&sink, record](const char* data, std::size_t size) {
            if (!sink.write(data, size)) return false;
            record->bytes += size;
            return true;
        };
        counting.is_writable = [&sink] { return !sink.is_writable || sink.is_writable(); };
        counting.done = [&sink] {
            if (sink.done) sink.done();
        };
        return inner(offset, length, counting);
    };
}

std::string access_log_line(const httplib::Request& req, const httplib::Response& res) {
    std::string line = req.method.empty() ? "-" : req.method;
    line += ' ';
    // req.path is already percent-decoded: replace control characters so that a request cannot
    // forge log lines, and cap the length so that one cannot flood the log.
    const std::string& path = req.path.empty() ? std::string("-") : req.path;
    for (std::size_t i = 0; i < path.size() && i < kMaxLoggedPath; ++i) {
        const auto c = static_cast<unsigned char>(path[i]);
        line += (c < 0x20 || c == 0x7f) ? '?' : static_cast<char>(c);
    }
    if (path.size() > kMaxLoggedPath) line += "...";
    line += ' ' + std::to_string(res.status) + ' ';

    const RequestRecord* record = request_record(req);
    std::size_t bytes = 0;
    if (record && record->counted) {
        bytes = record->bytes;
    } else if (req.method != "HEAD") {
        bytes = res.body.size();
    }
    line += std::to_string(bytes) + "B ";

    if (record) {
        const double ms = std::chrono::duration<double, std::milli>(
                              std::chrono::steady_clock::now() - record->start)
                              .count();
        char text[32];
        std::snprintf(text, sizeof text, "%.1fms", ms);
        line += text;
        if (record->dropped) line += " dropped";
    } else {
        line += "-ms";  // answered before routing (malformed request): no start time
    }
    return line;
}

void write_access_log(const httplib::Request& req, const httplib::Response& res) {
    const std::string line = access_log_line(req, res) + '\n';
    std::fwrite(line.data(), 1, line.size(), stderr);  // one write per line: no interleaving
    if (RequestRecord* record = request_record(req)) *record = RequestRecord{};
}

}  // namespace syncscope::server
