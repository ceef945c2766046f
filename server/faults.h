// server/faults.h — fault injection for the demo API, so that SyncScope's handling of a slow,
// flaky or strict production API can be seen and tested: added latency (--latency-ms), 5xx
// answers (--fail-rate), connections closed mid-answer (--drop-rate) and the per-caller rate
// limit (--rate-limit, 429 with Retry-After).
//
// Only API paths (/api/… and /core/api/…) are touched — never the static site, which must keep
// loading so the app can show what the API does — and never CORS preflights, which a browser
// does not retry the way an app retries a request. Random choices come from one RNG seeded with
// --seed, so a run can be repeated; the rates apply to each request independently.
#pragma once

#include "rate_limit.h"

#include <httplib.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <random>
#include <string>
#include <utility>

namespace syncscope::server {

struct FaultOptions {
    int latency_ms = 0;             // added before every API answer
    double fail_rate = 0.0;         // share of API requests answered 500/502/503
    double drop_rate = 0.0;         // share of API answers cut short and their connection closed
    int rate_limit_per_minute = 0;  // bucket size and refill per minute per caller; 0 = off
    std::uint64_t seed = 1;
};

// The faults that --admin's POST /admin/faults can change while the server runs.
struct RuntimeFaults {
    int latency_ms = 0;
    double fail_rate = 0.0;
    double drop_rate = 0.0;
};

// The paths fault injection applies to: /api, /core/api and everything below them.
bool is_fault_path(const std::string& path);

class FaultInjector {
public:
    explicit FaultInjector(const FaultOptions& options);

    // The pre-routing step, after the request's RequestRecord was started: waits out the
    // latency, then applies the rate limit and the fail rate. Returns true when it answered the
    // request itself (429 or 5xx), so the route must not run. Also decides whether to drop.
    bool before_routing(const httplib::Request& req, httplib::Response& res);

    // The post-routing step, once every header is in place: cuts the answer short when
    // before_routing chose to drop it. Call before count_body_bytes().
    void after_routing(const httplib::Request& req, httplib::Response& res);

    // Names the rate limit's caller: the valid credential in one form, "" when the Authorization
    // header holds none (the client address is the caller then). Set before the server runs.
    using CredentialCheck = std::function<std::string(const std::string& authorization)>;
    void set_credential_check(CredentialCheck check) { credential_check_ = std::move(check); }

    // Wakes requests sleeping out --latency-ms so that shutting down does not wait for them.
    void stop();

    // Latency, fail rate and drop rate from now on (the rate limit stays as started).
    void set_faults(const RuntimeFaults& faults);
    RuntimeFaults faults() const;

private:
    // Uniform in [0, 1), from the seeded RNG; cpp-httplib calls us from many threads.
    double draw();
    int draw_index(int count);
    void sleep_latency();

    const FaultOptions options_;
    RateLimiter limiter_;
    CredentialCheck credential_check_;

    std::mutex rng_mutex_;
    std::mt19937_64 rng_;

    std::mutex stop_mutex_;
    std::condition_variable stop_cv_;
    bool stopping_ = false;

    std::atomic<int> latency_ms_;
    std::atomic<double> fail_rate_;
    std::atomic<double> drop_rate_;
};

}  // namespace syncscope::server
