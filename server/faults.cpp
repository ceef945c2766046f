// server/faults.cpp — see faults.h.
//
// How a drop works: cpp-httplib gives handlers no access to the socket, but a content provider
// that returns false makes it abandon the answer and close the connection. So a dropped answer
// keeps its status and headers (Content-Length included: the client expects the whole body),
// its body is turned into a provider that writes only the first half, and the client sees the
// connection close early — an error, never a clean, short answer.
#include "faults.h"

#include "access_log.h"
#include "response_headers.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <memory>
#include <utility>

namespace syncscope::server {

namespace {

// Mixed into --seed so the fault stream does not mirror a simulation RNG seeded the same way.
constexpr std::uint64_t kSeedSalt = 0x6661756c74730000ull;  // "faults"

bool has_prefix(const std::string& path, const char* prefix) {
    const std::string p(prefix);
    // "/api" itself, or "/api/…" — not "/apiary".
    return path.compare(0, p.size(), p) == 0 && (path.size() == p.size() || path[p.size()] == '/');
}

void answer(httplib::Response& res, int status, const std::string& message) {
    res.status = status;
    res.set_content(nlohmann::json{{"message", message}}.dump(), "application/json");
}

// Wraps `inner` so that at most `limit` body bytes get out and the answer always ends as a
// failure (cpp-httplib then closes the connection). `single_call` is for providers of unknown
// length (chunked): one call's worth of data, then the drop.
httplib::ContentProvider truncating(httplib::ContentProvider inner, std::size_t limit,
                                    bool single_call) {
    auto written = std::make_shared<std::size_t>(0);
    return [inner = std::move(inner), limit, single_call, written](
               std::size_t offset, std::size_t length, httplib::DataSink& sink) {
        if (*written >= limit) return false;
        bool cut = false;
        httplib::DataSink capped;
        capped.write = [&](const char* data, std::size_t size) {
            const std::size_t room = limit - *written;
            const std::size_t n = std::min(size, room);
            if (n > 0 && !sink.write(data, n)) return false;
            *written += n;
            if (n < size) cut = true;
            return !cut;
        };
        capped.is_writable = [&sink] { return !sink.is_writable || sink.is_writable(); };
        capped.done = [&cut] { cut = true; };  // never let the answer finish cleanly
        const bool ok = inner(offset, std::min(length, limit - *written), capped);
        return ok && !cut && !single_call && *written < limit;
    };
}

}  // namespace

bool is_fault_path(const std::string& path) {
    return has_prefix(path, "/api") || has_prefix(path, "/core/api");
}

FaultInjector::FaultInjector(const FaultOptions& options)
    : options_(options),
      limiter_(options.rate_limit_per_minute),
      rng_(options.seed ^ kSeedSalt),
      latency_ms_(options.latency_ms),
      fail_rate_(options.fail_rate),
      drop_rate_(options.drop_rate) {}

void FaultInjector::set_faults(const RuntimeFaults& faults) {
    latency_ms_ = faults.latency_ms;
    fail_rate_ = faults.fail_rate;
    drop_rate_ = faults.drop_rate;
}

RuntimeFaults FaultInjector::faults() const {
    return RuntimeFaults{latency_ms_.load(), fail_rate_.load(), drop_rate_.load()};
}

double FaultInjector::draw() {
    std::lock_guard<std::mutex> lock(rng_mutex_);
    return std::uniform_real_distribution<double>(0.0, 1.0)(rng_);
}

int FaultInjector::draw_index(int count) {
    std::lock_guard<std::mutex> lock(rng_mutex_);
    return std::uniform_int_distribution<int>(0, count - 1)(rng_);
}

void FaultInjector::sleep_latency() {
    std::unique_lock<std::mutex> lock(stop_mutex_);
    stop_cv_.wait_for(lock, std::chrono::milliseconds(latency_ms_.load()),
                      [this] { return stopping_; });
}

void FaultInjector::stop() {
    {
        std::lock_guard<std::mutex> lock(stop_mutex_);
        stopping_ = true;
    }
    stop_cv_.notify_all();
}

bool FaultInjector::before_routing(const httplib::Request& req, httplib::Response& res) {
    if (req.method == "OPTIONS" || !is_fault_path(req.path)) return false;

    // Latency first, like a slow network: every kind of answer below arrives late too.
    if (latency_ms_.load() > 0) sleep_latency();

    // Every API request spends a token, whatever it asks and whether it then fails: that is
    // what a real gateway in front of the API does.
    if (limiter_.enabled()) {
        // A valid credential in its one form, else the client address: "Bearer T", "bearer T"
        // and "T" are one caller, and a made-up header per request buys no fresh bucket.
        const std::string credential =
            credential_check_ ? credential_check_(req.get_header_value("Authorization")) : "";
        const RateLimiter::Decision decision = limiter_.take(credential, req.remote_addr);
        if (!decision.allowed) {
            res.set_header("Retry-After", std::to_string(decision.retry_after_seconds));
            answer(res, 429,
                   "Too many requests: the limit is " +
                       std::to_string(options_.rate_limit_per_minute) + " a minute. Try again in " +
                       std::to_string(decision.retry_after_seconds) + " s.");
            return true;
        }
    }

    // Drawn for every request that got this far, so with the same options the choices depend
    // only on --seed and the order of the requests (sent one at a time, as in the tests;
    // concurrent requests take their draws in whatever order their threads reach the lock).
    const double fail_rate = fail_rate_.load(), drop_rate = drop_rate_.load();
    const bool fail = fail_rate > 0 && draw() < fail_rate;
    const bool drop = drop_rate > 0 && draw() < drop_rate;
    if (drop) {
        if (RequestRecord* record = request_record(req)) record->drop = true;
    }
    if (!fail) return false;

    switch (draw_index(3)) {
        case 0: answer(res, 500, "Internal server error (simulated by --fail-rate)."); break;
        case 1:
            answer(res, 502,
                   "Bad gateway: the upstream did not answer (simulated by --fail-rate).");
            break;
        default:
            res.set_header("Retry-After", "1");
            answer(res, 503, "Service unavailable, try again shortly (simulated by --fail-rate).");
            break;
    }
    return true;
}

void FaultInjector::after_routing(const httplib::Request& req, httplib::Response& res) {
    RequestRecord* record = request_record(req);
    if (!record || !record->drop) return;
    // A HEAD answer has no body to cut; it goes out whole.
    if (req.method == "HEAD") return;

    if (res.content_provider_) {
        // A streamed body: let half of it out (or one call's worth when its length is unknown).
        const bool known_length = res.content_length_ > 0;
        res.content_provider_ = truncating(
            std::move(res.content_provider_),
            known_length ? res.content_length_ / 2 : static_cast<std::size_t>(-1), !known_length);
    } else if (!res.body.empty()) {
        auto body = std::make_shared<std::string>(std::move(res.body));
        res.body.clear();
        res.content_length_ = body->size();
        replace_header(res, "Content-Length", std::to_string(body->size()));
        httplib::ContentProvider whole = [body](std::size_t offset, std::size_t length,
                                                httplib::DataSink& sink) {
            return sink.write(body->data() + offset, std::min(length, body->size() - offset));
        };
        res.content_provider_ = truncating(std::move(whole), body->size() / 2, false);
    } else {
        // No body (204, 304, an empty 200): promise one byte and send none. 204 and 304 cannot
        // carry a body, and a client would then read the answer as complete, so they become 200.
        if (res.status == 204 || res.status == 304) res.status = 200;
        res.content_length_ = 1;
        replace_header(res, "Content-Length", "1");
        res.content_provider_ = [](std::size_t, std::size_t, httplib::DataSink&) { return false; };
    }
    record->dropped = true;
}

}  // namespace syncscope::server
