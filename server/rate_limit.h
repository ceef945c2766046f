// server/rate_limit.h — the demo API's rate limit: one token bucket per caller, holding up to N
// requests and refilled at N a minute, so a client may burst (a page load fires several requests
// at once) but not sustain more than N a minute. A caller is its valid credential, in one
// normalised form (the token without "Bearer ": faults.cpp asks auth.h), or, for a request
// without a valid one (none, made up, expired), its IP address — so inventing a header per request
// buys no fresh bucket. The same class, keyed by (account, address), limits failed sign-ins
// (auth.h). Only a 64-bit hash of a key is kept, so the limiter never holds a token in memory
// longer than the request that brought it. Thread-safe: cpp-httplib answers from a pool of threads.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace syncscope::server {

class RateLimiter {
public:
    using Clock = std::chrono::steady_clock;

    struct Decision {
        bool allowed = true;
        int retry_after_seconds = 0;  // when refused: whole seconds until a token is available
    };

    // `per_minute` is both the bucket's capacity and its refill per minute; 0 turns it off.
    explicit RateLimiter(int per_minute);

    bool enabled() const { return per_minute_ > 0; }

    // Takes one token from the caller's bucket. `credential` is the valid credential in its
    // normalised form ("" when there is none, or it is not valid); `client_ip` keys the bucket
    // when it is "".
    Decision take(const std::string& credential, const std::string& client_ip,
                  Clock::time_point now = Clock::now());

    // The same for any key (kept apart from the credential and IP keys by their own prefixes).
    Decision take_key(const std::string& key, Clock::time_point now = Clock::now());
    // Whether take_key would succeed now, without taking anything.
    Decision peek_key(const std::string& key, Clock::time_point now = Clock::now());

    // Buckets currently held (for tests and the docs' memory argument).
    std::size_t bucket_count() const;

private:
    struct Bucket {
        double tokens;
        Clock::time_point updated;
    };

    // Tops up a bucket for the time since it was last touched.
    void refill(Bucket& bucket, Clock::time_point now) const;
    // Forgets buckets that have refilled to capacity: they act exactly like a missing bucket.
    void prune(Clock::time_point now);
    Decision use(std::uint64_t key, bool take, Clock::time_point now);

    const int per_minute_;
    mutable std::mutex mutex_;
    std::unordered_map<std::uint64_t, Bucket> buckets_;
    std::size_t prune_at_;  // map size that triggers the next sweep of full buckets
};

}  // namespace syncscope::server
