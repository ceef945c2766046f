// server/rate_limit.cpp — see rate_limit.h.
//
// Memory stays bounded whatever callers send: every request with a new (even made-up)
// Authorization value creates a bucket, so once there are many, full buckets are dropped (a full
// bucket behaves exactly like no bucket), and past a hard cap new callers share one overflow
// bucket rather than growing the map.
#include "rate_limit.h"

#include <algorithm>
#include <cmath>

namespace syncscope::server {

namespace {

constexpr std::size_t kPruneAbove = 4096;    // buckets before full ones are swept out
constexpr std::size_t kMaxBuckets = 100000;  // hard cap: ~5 MB of map at most
constexpr std::uint64_t kOverflowKey = 0;    // the shared bucket past the cap
constexpr double kMillisPerMinute = 60000.0;

// FNV-1a, 64 bits: stable, cheap, and enough to tell callers apart; it is not a secret-keeping
// hash, but the bucket key never leaves the process either.
std::uint64_t fnv1a(const std::string& text, std::uint64_t hash = 1469598103934665603ull) {
    for (unsigned char c : text) {
        hash ^= c;
        hash *= 1099511628211ull;
    }
    return hash;
}

std::uint64_t bucket_key(const char* prefix, const std::string& text) {
    // Distinct prefixes, so a credential equal to some IP text cannot share that IP's bucket.
    const std::uint64_t key = fnv1a(text, fnv1a(prefix));
    return key == kOverflowKey ? 1 : key;
}

}  // namespace

RateLimiter::RateLimiter(int per_minute)
    : per_minute_(std::max(per_minute, 0)), prune_at_(kPruneAbove) {}

void RateLimiter::refill(Bucket& bucket, Clock::time_point now) const {
    if (now <= bucket.updated) return;
    const double elapsed_ms =
        std::chrono::duration<double, std::milli>(now - bucket.updated).count();
    bucket.tokens =
        std::min<double>(per_minute_, bucket.tokens + elapsed_ms * per_minute_ / kMillisPerMinute);
    bucket.updated = now;
}

void RateLimiter::prune(Clock::time_point now) {
    for (auto it = buckets_.begin(); it != buckets_.end();) {
        refill(it->second, now);
        it = it->second.tokens >= per_minute_ ? buckets_.erase(it) : std::next(it);
    }
}

RateLimiter::Decision RateLimiter::take(const std::string& credential, const std::string& client_ip,
                                        Clock::time_point now) {
    if (!enabled()) return Decision{};
    return use(credential.empty() ? bucket_key("ip:", client_ip) : bucket_key("auth:", credential),
               true, now);
}

RateLimiter::Decision RateLimiter::take_key(const std::string& key, Clock::time_point now) {
    if (!enabled()) return Decision{};
    return use(bucket_key("key:", key), true, now);
}

RateLimiter::Decision RateLimiter::peek_key(const std::string& key, Clock::time_point now) {
    if (!enabled()) return Decision{};
    return use(bucket_key("key:", key), false, now);
}

RateLimiter::Decision RateLimiter::use(std::uint64_t key, bool take, Clock::time_point now) {
    Decision decision;
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = buckets_.find(key);
    if (it == buckets_.end()) {
        if (!take) return decision;  // no bucket: a full one
        if (buckets_.size() >= prune_at_) {
            // Sweeping is O(buckets): doing it again only after the map has doubled keeps it
            // amortised O(1) per new caller even when most buckets are in use.
            prune(now);
            prune_at_ = std::max(kPruneAbove, 2 * buckets_.size());
        }
        if (buckets_.size() >= kMaxBuckets) key = kOverflowKey;
        it = buckets_.try_emplace(key, Bucket{static_cast<double>(per_minute_), now}).first;
    }
    Bucket& bucket = it->second;
    refill(bucket, now);
    if (bucket.tokens >= 1.0) {
        if (take) bucket.tokens -= 1.0;
        return decision;
    }
    // Time until the bucket holds one whole token again, rounded up so that a client that
    // waits exactly Retry-After seconds is let through.
    const double wait_seconds = (1.0 - bucket.tokens) * 60.0 / per_minute_;
    decision.allowed = false;
    decision.retry_after_seconds = std::max(1, static_cast<int>(std::ceil(wait_seconds)));
    return decision;
}

std::size_t RateLimiter::bucket_count() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return buckets_.size();
}

}  // namespace syncscope::server
