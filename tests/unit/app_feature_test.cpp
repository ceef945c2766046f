// The seams of the App's feature objects (core/feature.h, core/resource_key.h): the typed
// scheduler key and the one guard every answer passes.
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "api/reference_backend.h"
#include "core/app.h"
#include "core/feature.h"
#include "core/resource_key.h"
#include "fake_transport.h"

namespace {

using core::Answer;
using core::ApiError;
using core::ErrorKind;
using core::ResourceKey;
using Kind = ResourceKey::Kind;

TEST(ResourceKey, NamesAndOrderAreThoseOfTheOldStringKeys) {
    EXPECT_EQ(core::to_string({Kind::Log, 345}), "log:345");
    EXPECT_EQ(core::to_string({Kind::Syncs, 12}), "syncs:12");
    EXPECT_EQ(core::to_string({Kind::Transactions, 12}), "tx:12");
    EXPECT_EQ(core::to_string({Kind::SyncHeader, 7}), "sync:7");
    EXPECT_EQ(core::to_string({Kind::SignIn, 3}), "signin:3");
    EXPECT_EQ(core::to_string({Kind::Backfill, 0}), "backfill");
    // The scheduler breaks ties by key order: the kinds sort as their names did.
    std::vector<ResourceKey> keys{{Kind::Transactions, 1}, {Kind::Syncs, 1}, {Kind::SyncHeader, 1},
                                  {Kind::SignIn, 1},       {Kind::Log, 1},   {Kind::Backfill, 0}};
    std::vector<std::string> names;
    for (const ResourceKey& k : keys) names.push_back(core::to_string(k));
    std::sort(keys.begin(), keys.end());
    std::sort(names.begin(), names.end());
    for (size_t i = 0; i < keys.size(); ++i) EXPECT_EQ(core::to_string(keys[i]), names[i]) << i;
    EXPECT_TRUE((ResourceKey{Kind::Log, 2} < ResourceKey{Kind::Log, 10}));
    EXPECT_NE((ResourceKey{Kind::Log, 2}), (ResourceKey{Kind::SyncHeader, 2}));
}

// A FeatureHost with an owner that records what it was asked to do.
struct GuardTest : ::testing::Test, core::FeatureOwner {
    FakeTransport transport;
    api::ReferenceBackend backend{transport, "/api/v1"};
    core::AppState state;
    core::RefreshScheduler scheduler;
    core::FeatureHost host{backend, state, scheduler, *this};
    int refreshed = 0;
    std::vector<uint64_t> unauthorized;  // the sessions of the 401s passed on
    core::Freshness freshness;
    const ResourceKey key{Kind::Log, 1};
    static core::TimeMs clock() { return 1000000; }

    void refreshViews() override { ++refreshed; }
    void composeBanner() override {}
    void rewatch() override {}
    void unauthorizedIn(uint64_t session, const ApiError&) override {
        unauthorized.push_back(session);
    }

    void SetUp() override {
        host.clock = &GuardTest::clock;
        scheduler.watch(key, core::RefreshScheduler::Mode::Live);
        scheduler.started(key, clock());
    }
    // Passes `a` through the guard; true when the feature got the value.
    bool guard(Answer<int> a, bool wanted, uint64_t session = 0) {
        bool got = false;
        host.guardAnswer(a, key, session, wanted ? &freshness : nullptr, [&](int& v) {
            got = v == 42;
            host.answered(key, true);
        });
        return got;
    }
};

TEST_F(GuardTest, AGoodAnswerReachesTheFeatureAndTheServerClockIsNoted) {
    Answer<int> a;
    a.value = 42;
    a.serverTime = clock() + 5000;
    a.followUps = 2;
    EXPECT_TRUE(guard(a, true));
    EXPECT_EQ(state.serverClockOffsetMs, 5000);
    EXPECT_EQ(scheduler.requestsInWindow(clock()), 3) << "the request and its two follow-ups";
    EXPECT_FALSE(scheduler.inFlight(key));
    EXPECT_EQ(scheduler.lastSuccessMs(key), clock());
    EXPECT_EQ(refreshed, 1);
}

TEST_F(GuardTest, AnAnswerNoLongerWantedIsDroppedAndEndsTheFlight) {
    Answer<int> a;
    a.value = 42;
    a.serverTime = clock() + 7000;
    EXPECT_FALSE(guard(a, false));
    EXPECT_EQ(state.serverClockOffsetMs, 7000) << "the server's clock is noted all the same";
    EXPECT_FALSE(scheduler.inFlight(key));
    EXPECT_EQ(refreshed, 0);
    EXPECT_EQ(scheduler.heldUntilMs(), core::RefreshScheduler::kImmediately);
}

TEST_F(GuardTest, ADropped429StillHoldsEveryRequest) {
    Answer<int> a;
    a.error = {ErrorKind::RateLimited, 429, "slow down", 30};
    EXPECT_FALSE(guard(a, false));
    EXPECT_EQ(scheduler.heldUntilMs(), clock() + 30000);
    EXPECT_TRUE(freshness.error.empty());
}

TEST_F(GuardTest, AFailureIsShownOnTheResourcesFreshnessAndBacksOff) {
    Answer<int> a;
    a.error = {ErrorKind::Server, 503, "", 0};
    EXPECT_FALSE(guard(a, true));
    EXPECT_EQ(freshness.error, "server (HTTP 503)");
    EXPECT_EQ(freshness.errorAt, clock());
    EXPECT_EQ(scheduler.consecutiveFailures(key), 1);
    EXPECT_EQ(refreshed, 1);
    EXPECT_TRUE(unauthorized.empty());
}

TEST_F(GuardTest, A401GoesToTheOwnerWithTheSessionItWasSentIn) {
    Answer<int> a;
    a.error = {ErrorKind::Unauthorized, 401, "revoked", 0};
    EXPECT_FALSE(guard(a, true, 7));
    EXPECT_EQ(unauthorized, std::vector<uint64_t>{7});
    EXPECT_TRUE(freshness.error.empty());
    EXPECT_FALSE(scheduler.inFlight(key));
}

}  // namespace
