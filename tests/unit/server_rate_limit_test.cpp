// tests/unit/server_rate_limit_test.cpp — the demo server's token buckets (server/rate_limit.h),
// issue 13 item 4: a caller's bucket by its key, peek_key (the failed sign-in check) never
// spending, and the keys of credentials, addresses and other keys kept apart.
#include <gtest/gtest.h>

#include "rate_limit.h"

#include <chrono>
#include <string>

namespace {

using syncscope::server::RateLimiter;

TEST(ServerRateLimit, BucketOfNThenRetryAfter) {
    RateLimiter limiter(10);
    const auto t0 = RateLimiter::Clock::time_point{} + std::chrono::hours(1);
    for (int i = 0; i < 10; ++i) EXPECT_TRUE(limiter.take("T", "127.0.0.1", t0).allowed) << i;
    const auto refused = limiter.take("T", "127.0.0.1", t0);
    EXPECT_FALSE(refused.allowed);
    EXPECT_EQ(refused.retry_after_seconds, 6);  // a token every 6 s at 10 a minute
    EXPECT_TRUE(limiter.take("T", "127.0.0.1", t0 + std::chrono::seconds(6)).allowed);
    // The address's bucket (no valid credential) is another one, as is another credential.
    EXPECT_TRUE(limiter.take("", "127.0.0.1", t0).allowed);
    EXPECT_TRUE(limiter.take("U", "127.0.0.1", t0).allowed);
}

TEST(ServerRateLimit, PeekNeverSpends) {
    RateLimiter limiter(2);
    const auto t0 = RateLimiter::Clock::time_point{} + std::chrono::hours(1);
    for (int i = 0; i < 5; ++i) EXPECT_TRUE(limiter.peek_key("acct\n1.2.3.4", t0).allowed);
    EXPECT_EQ(limiter.bucket_count(), 0u) << "peeking creates no bucket";
    EXPECT_TRUE(limiter.take_key("acct\n1.2.3.4", t0).allowed);
    EXPECT_TRUE(limiter.peek_key("acct\n1.2.3.4", t0).allowed);
    EXPECT_TRUE(limiter.take_key("acct\n1.2.3.4", t0).allowed);
    const auto locked = limiter.peek_key("acct\n1.2.3.4", t0);
    EXPECT_FALSE(locked.allowed);
    EXPECT_EQ(locked.retry_after_seconds, 30);
    // Another pair is untouched; so are the credential and address keys of the same text.
    EXPECT_TRUE(limiter.peek_key("acct\n5.6.7.8", t0).allowed);
    EXPECT_TRUE(limiter.take("acct\n1.2.3.4", "", t0).allowed);
    EXPECT_TRUE(limiter.take("", "acct\n1.2.3.4", t0).allowed);
}

TEST(ServerRateLimit, OffAllowsEverything) {
    RateLimiter limiter(0);
    for (int i = 0; i < 100; ++i) {
        EXPECT_TRUE(limiter.take("T", "a").allowed);
        EXPECT_TRUE(limiter.take_key("k").allowed);
    }
    EXPECT_EQ(limiter.bucket_count(), 0u);
}

}  // namespace
