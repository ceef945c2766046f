// The refresh scheduler's rules (core/refresh_scheduler.h), with an injected clock: no sleeps.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/refresh_scheduler.h"

namespace {

using core::Failure;
using core::FailureKind;
using core::RefreshScheduler;
using core::TimeMs;
using Mode = RefreshScheduler::Mode;
using Keys = std::vector<std::string>;

RefreshScheduler::Options noJitter() {
    RefreshScheduler::Options o;
    o.jitterFraction = 0.0;
    return o;
}

// One request for key: starts at `at`, answers `tookMs` later.
void fetchOk(RefreshScheduler& s, const std::string& key, TimeMs at, bool stillLive,
             TimeMs tookMs = 100) {
    s.started(key, at);
    s.succeeded(key, at + tookMs, stillLive);
}

void fetchFails(RefreshScheduler& s, const std::string& key, TimeMs at, Failure f,
                TimeMs tookMs = 100) {
    s.started(key, at);
    s.failed(key, at + tookMs, f);
}

// A live header with data ("sync:1", due at 5 s) and its log refused at once: a 2 s hold.
void refusedBesideALiveHeader(RefreshScheduler& s) {
    s.watch("log:1", Mode::Live);
    s.watch("sync:1", Mode::Live);
    fetchOk(s, "sync:1", 0, true);
    fetchFails(s, "log:1", 0, {FailureKind::RateLimited, 2});
}

}  // namespace

TEST(RefreshScheduler, LiveKeyIsDueAtOnceThenEveryInterval) {
    RefreshScheduler s(noJitter());
    s.watch("log:345", Mode::Live);
    EXPECT_TRUE(s.isLive("log:345"));
    for (TimeMs t = 0; t <= 30000; t += 5000) {
        if (t > 0) {
            EXPECT_EQ(s.tick(t - 1), Keys{}) << t;
        }
        EXPECT_EQ(s.tick(t), Keys{"log:345"}) << t;
        fetchOk(s, "log:345", t, true, 300);
        EXPECT_EQ(s.nextDueMs("log:345"), t + 5000);
        EXPECT_EQ(s.lastSuccessMs("log:345"), t + 300);
    }
}

TEST(RefreshScheduler, IntervalComesFromRefreshSeconds) {
    EXPECT_EQ(RefreshScheduler::Options::fromRefreshSeconds(10).intervalMs, 10000);
    EXPECT_EQ(RefreshScheduler::Options::fromRefreshSeconds(0).intervalMs, 5000);
    RefreshScheduler s(RefreshScheduler::Options::fromRefreshSeconds(2));
    s.watch("syncs:12", Mode::Live);
    fetchOk(s, "syncs:12", 0, true);
    EXPECT_EQ(s.nextDueMs("syncs:12"), 2000);
}

TEST(RefreshScheduler, CadenceCountsFromTheStartAndKeepsAGapAfterSlowAnswers) {
    RefreshScheduler s(noJitter());
    s.watch("log:1", Mode::Live);
    fetchOk(s, "log:1", 0, true, 3500);  // answered at 3.5 s: still due at 5 s
    EXPECT_EQ(s.nextDueMs("log:1"), 5000);
    fetchOk(s, "log:1", 5000, true, 4500);  // answered at 9.5 s: at least 1 s after the answer
    EXPECT_EQ(s.nextDueMs("log:1"), 10500);
    fetchOk(s, "log:1", 10500, true, 7000);  // slower than the interval: not back-to-back
    EXPECT_EQ(s.nextDueMs("log:1"), 18500);
    fetchOk(s, "log:1", 30000, true, 100);  // a late tick does not catch up
    EXPECT_EQ(s.nextDueMs("log:1"), 35000);
}

TEST(RefreshScheduler, NeverRequestsAResourceThatIsInFlight) {
    RefreshScheduler s(noJitter());
    s.watch("log:1", Mode::Live);
    ASSERT_EQ(s.tick(0), Keys{"log:1"});
    s.started("log:1", 0);
    EXPECT_TRUE(s.inFlight("log:1"));
    EXPECT_EQ(s.nextDueMs("log:1"), std::nullopt);
    s.refreshNow("log:1");
    s.onVisible(1000);
    EXPECT_EQ(s.tick(60000), Keys{});
    EXPECT_EQ(s.nextWakeMs(60000), std::nullopt);
    s.succeeded("log:1", 61000, true);
    EXPECT_FALSE(s.inFlight("log:1"));
    EXPECT_EQ(s.tick(62000), Keys{"log:1"});
}

TEST(RefreshScheduler, WatchingAgainWhileTheOldRequestIsInFlightWaitsForIt) {
    RefreshScheduler s(noJitter());
    s.watch("log:1", Mode::Live);
    s.started("log:1", 0);
    s.unwatch("log:1");
    EXPECT_FALSE(s.isWatched("log:1"));
    s.watch("log:1", Mode::Live);
    EXPECT_TRUE(s.inFlight("log:1"));
    EXPECT_EQ(s.tick(1000), Keys{});
    s.succeeded("log:1", 1000, true);
    EXPECT_EQ(s.nextDueMs("log:1"), 5000);

    s.started("log:1", 5000);
    s.unwatch("log:1");
    s.succeeded("log:1", 5100, true);  // the answer of an unwatched key is dropped
    EXPECT_FALSE(s.isWatched("log:1"));
    EXPECT_FALSE(s.inFlight("log:1"));
    EXPECT_EQ(s.nextWakeMs(5100), std::nullopt);
}

TEST(RefreshScheduler, PauseStopsRefreshesAndResumeRestoresTheSchedule) {
    RefreshScheduler s(noJitter());
    s.watch("log:1", Mode::Live);
    fetchOk(s, "log:1", 0, true);
    s.pause("log:1");
    EXPECT_TRUE(s.isPaused("log:1"));
    EXPECT_TRUE(s.isLive("log:1"));  // still live, just not refreshed
    EXPECT_EQ(s.nextDueMs("log:1"), std::nullopt);
    EXPECT_EQ(s.tick(20000), Keys{});
    EXPECT_EQ(s.nextWakeMs(20000), std::nullopt);
    s.resume("log:1");
    EXPECT_FALSE(s.isPaused("log:1"));
    EXPECT_EQ(s.tick(20000), Keys{"log:1"});  // its time passed while paused: due at once

    fetchOk(s, "log:1", 20000, true);
    s.pause("log:1");
    s.resume("log:1");  // a short pause keeps the cadence
    EXPECT_EQ(s.nextDueMs("log:1"), 25000);
}

TEST(RefreshScheduler, AnAnswerArrivingWhilePausedIsRecordedButNotFollowedUp) {
    RefreshScheduler s(noJitter());
    s.watch("log:1", Mode::Live);
    s.started("log:1", 0);
    s.pause("log:1");
    s.succeeded("log:1", 200, true);
    EXPECT_EQ(s.lastSuccessMs("log:1"), 200);
    EXPECT_EQ(s.tick(10000), Keys{});
}

TEST(RefreshScheduler, StopsByItselfAfterOneLastFetchOnceFinished) {
    RefreshScheduler s(noJitter());
    s.watch("log:345", Mode::Live);
    std::vector<TimeMs> starts;
    for (TimeMs t = 0; t <= 60000; t += 100) {
        for (const auto& k : s.tick(t)) {
            starts.push_back(t);
            // Running until the answer at 10 s says the sync finished.
            fetchOk(s, k, t, t < 10000, 50);
        }
    }
    // 0 and 5 s live, 10 s sees it finished, 15 s is the one last fetch, then nothing.
    EXPECT_EQ(starts, (std::vector<TimeMs>{0, 5000, 10000, 15000}));
    EXPECT_FALSE(s.isLive("log:345"));
    EXPECT_TRUE(s.isWatched("log:345"));
    EXPECT_EQ(s.nextDueMs("log:345"), std::nullopt);
    EXPECT_EQ(s.nextWakeMs(60000), std::nullopt);
    EXPECT_EQ(s.lastSuccessMs("log:345"), 15050);
}

TEST(RefreshScheduler, StaysLiveDuringTheLastFetchAndRetriesItOnTransientFailure) {
    RefreshScheduler s(noJitter());
    s.watch("log:1", Mode::Live);
    fetchOk(s, "log:1", 0, true);
    fetchOk(s, "log:1", 5000, false);
    EXPECT_TRUE(s.isLive("log:1"));  // a refresh is still scheduled
    EXPECT_EQ(s.nextDueMs("log:1"), 10000);
    fetchFails(s, "log:1", 10000, {FailureKind::Network, 0});
    EXPECT_EQ(s.nextDueMs("log:1"), 11100);
    fetchOk(s, "log:1", 11100, false);
    EXPECT_FALSE(s.isLive("log:1"));
    EXPECT_EQ(s.nextDueMs("log:1"), std::nullopt);
}

TEST(RefreshScheduler, AResourceFinishedFromTheStartCostsOneRequest) {
    RefreshScheduler s(noJitter());
    s.watch("log:9", Mode::Live);
    EXPECT_EQ(s.tick(0), Keys{"log:9"});
    fetchOk(s, "log:9", 0, false);
    EXPECT_FALSE(s.isLive("log:9"));
    EXPECT_EQ(s.tick(100000), Keys{});
}

TEST(RefreshScheduler, BecomesLiveAgainWhenAnAnswerSaysSo) {
    RefreshScheduler s(noJitter());
    s.watch("syncs:12", Mode::Live);
    fetchOk(s, "syncs:12", 0, false);
    ASSERT_FALSE(s.isLive("syncs:12"));
    s.refreshNow("syncs:12");  // e.g. the user triggered a new sync
    EXPECT_EQ(s.tick(30000), Keys{"syncs:12"});
    fetchOk(s, "syncs:12", 30000, true);
    EXPECT_TRUE(s.isLive("syncs:12"));
    EXPECT_EQ(s.nextDueMs("syncs:12"), 35000);
}

TEST(RefreshScheduler, OnceModeFetchesOnceRetryingTransientFailures) {
    RefreshScheduler s(noJitter());
    s.watch("sync:7", Mode::Once);
    EXPECT_FALSE(s.isLive("sync:7"));
    EXPECT_EQ(s.tick(0), Keys{"sync:7"});
    fetchFails(s, "sync:7", 0, {FailureKind::Timeout, 0});
    EXPECT_EQ(s.nextDueMs("sync:7"), 1100);
    fetchOk(s, "sync:7", 1100, true);  // stillLive does not matter to a Once key
    EXPECT_EQ(s.nextDueMs("sync:7"), std::nullopt);
    EXPECT_EQ(s.tick(100000), Keys{});

    s.watch("sync:8", Mode::Once);
    fetchFails(s, "sync:8", 0, {FailureKind::Other, 0});  // a 404 is not retried
    EXPECT_EQ(s.nextDueMs("sync:8"), std::nullopt);
    EXPECT_EQ(s.lastError("sync:8")->kind, FailureKind::Other);
}

TEST(RefreshScheduler, SwitchingModesOfAWatchedKey) {
    RefreshScheduler s(noJitter());
    s.watch("syncs:12", Mode::Live);
    fetchOk(s, "syncs:12", 0, true);
    s.watch("syncs:12", Mode::Live);  // idempotent
    EXPECT_EQ(s.nextDueMs("syncs:12"), 5000);
    s.watch("syncs:12", Mode::Once);  // one more fetch, then stop
    EXPECT_FALSE(s.isLive("syncs:12"));
    fetchOk(s, "syncs:12", 5000, true);
    EXPECT_EQ(s.nextDueMs("syncs:12"), std::nullopt);
    s.watch("syncs:12", Mode::Live);  // live again: due at once
    EXPECT_EQ(s.tick(6000), Keys{"syncs:12"});
}

TEST(RefreshScheduler, BacksOffAfter5xx) {
    RefreshScheduler s(noJitter());
    s.watch("log:1", Mode::Live);
    const std::vector<TimeMs> expected{1000, 2000, 4000, 8000, 16000, 30000, 30000};
    TimeMs t = 0;
    for (size_t i = 0; i < expected.size(); ++i) {
        fetchFails(s, "log:1", t, {FailureKind::Server, 0});
        EXPECT_EQ(s.nextDueMs("log:1"), t + 100 + expected[i]) << i;
        EXPECT_EQ(s.consecutiveFailures("log:1"), static_cast<int>(i + 1));
        EXPECT_EQ(s.tick(t + 100 + expected[i] - 1), Keys{});
        t = t + 100 + expected[i];
        EXPECT_EQ(s.tick(t), Keys{"log:1"});
    }
}

TEST(RefreshScheduler, BacksOffAfterDroppedConnectionsAndTimeoutsToo) {
    RefreshScheduler s(noJitter());
    s.watch("log:1", Mode::Live);
    fetchFails(s, "log:1", 0, {FailureKind::Network, 0});
    EXPECT_EQ(s.nextDueMs("log:1"), 1100);
    fetchFails(s, "log:1", 1100, {FailureKind::Timeout, 0});
    EXPECT_EQ(s.nextDueMs("log:1"), 1200 + 2000);
}

TEST(RefreshScheduler, BackoffJitterStaysWithinBoundsAndIsReproducible) {
    const std::vector<TimeMs> bases{1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000};
    std::vector<std::vector<TimeMs>> sequences;
    for (uint64_t seed = 1; seed <= 50; ++seed) {
        RefreshScheduler::Options o;  // default ±20 % jitter
        o.seed = seed;
        RefreshScheduler s(o);
        s.watch("log:1", Mode::Live);
        std::vector<TimeMs> delays;
        TimeMs t = 0;
        for (size_t i = 0; i < bases.size(); ++i) {
            fetchFails(s, "log:1", t, {FailureKind::Server, 0}, 0);
            const TimeMs delay = *s.nextDueMs("log:1") - t;
            EXPECT_GE(delay, bases[i] * 8 / 10) << "seed " << seed << " failure " << i;
            EXPECT_LE(delay, std::min<TimeMs>(bases[i] * 12 / 10, 30000))
                << "seed " << seed << " failure " << i;
            delays.push_back(delay);
            t += delay;
        }
        sequences.push_back(delays);
    }
    // Same seed, same delays; different seeds, different delays (it is jitter, not a constant).
    RefreshScheduler::Options o;
    o.seed = 1;
    RefreshScheduler again(o);
    again.watch("log:1", Mode::Live);
    TimeMs t = 0;
    for (size_t i = 0; i < bases.size(); ++i) {
        fetchFails(again, "log:1", t, {FailureKind::Server, 0}, 0);
        const TimeMs delay = *again.nextDueMs("log:1") - t;
        EXPECT_EQ(delay, sequences[0][i]);
        t += delay;
    }
    std::sort(sequences.begin(), sequences.end());
    EXPECT_EQ(std::unique(sequences.begin(), sequences.end()), sequences.end());
}

TEST(RefreshScheduler, SuccessResetsTheBackoff) {
    RefreshScheduler s(noJitter());
    s.watch("log:1", Mode::Live);
    fetchFails(s, "log:1", 0, {FailureKind::Server, 0});
    fetchFails(s, "log:1", 1100, {FailureKind::Server, 0});
    fetchFails(s, "log:1", 3200, {FailureKind::Server, 0});
    EXPECT_EQ(s.nextDueMs("log:1"), 3300 + 4000);
    fetchOk(s, "log:1", 7300, true);
    EXPECT_EQ(s.consecutiveFailures("log:1"), 0);
    EXPECT_EQ(s.nextDueMs("log:1"), 12300);  // back to the cadence
    fetchFails(s, "log:1", 12300, {FailureKind::Server, 0});
    EXPECT_EQ(s.nextDueMs("log:1"), 12400 + 1000);  // and the next failure starts at 1 s again
}

TEST(RefreshScheduler, FailureRecordsTheErrorAndKeepsTheLastGoodRefresh) {
    RefreshScheduler s(noJitter());
    s.watch("log:1", Mode::Live);
    EXPECT_EQ(s.lastError("log:1"), std::nullopt);
    EXPECT_EQ(s.lastSuccessMs("log:1"), std::nullopt);
    fetchOk(s, "log:1", 0, true);
    fetchFails(s, "log:1", 5000, {FailureKind::Server, 0});
    EXPECT_EQ(s.lastSuccessMs("log:1"), 100);
    ASSERT_TRUE(s.lastError("log:1"));
    EXPECT_EQ(s.lastError("log:1")->kind, FailureKind::Server);
    EXPECT_EQ(s.lastError("log:1")->atMs, 5100);
    EXPECT_TRUE(s.isLive("log:1"));
    fetchOk(s, "log:1", 6100, true);
    EXPECT_EQ(s.lastError("log:1"), std::nullopt);
    EXPECT_EQ(s.lastSuccessMs("log:1"), 6200);
}

TEST(RefreshScheduler, OtherErrorsKeepTheNormalCadenceOfALiveKey) {
    RefreshScheduler s(noJitter());
    s.watch("log:1", Mode::Live);
    fetchFails(s, "log:1", 0, {FailureKind::Other, 0});
    EXPECT_EQ(s.nextDueMs("log:1"), 5000);
    EXPECT_EQ(s.consecutiveFailures("log:1"), 0);
    EXPECT_TRUE(s.isLive("log:1"));
}

TEST(RefreshScheduler, HonoursRetryAfterExactlyForEveryKey) {
    RefreshScheduler s(noJitter());
    s.watch("log:1", Mode::Live);
    s.watch("syncs:12", Mode::Live);
    fetchOk(s, "syncs:12", 0, true);  // due at 5 s
    fetchFails(s, "log:1", 900, {FailureKind::RateLimited, 7});
    EXPECT_EQ(s.nextDueMs("log:1"), 8000);
    ASSERT_TRUE(s.lastError("log:1"));
    EXPECT_EQ(s.lastError("log:1")->kind, FailureKind::RateLimited);
    EXPECT_EQ(s.lastError("log:1")->retryAfterSeconds, 7);
    // The limit is per token: the other key waits too.
    EXPECT_EQ(s.tick(5000), Keys{});
    EXPECT_EQ(s.tick(7999), Keys{});
    EXPECT_EQ(s.nextWakeMs(5000), 8000);
    s.refreshNow("syncs:12");
    EXPECT_EQ(s.tick(7999), Keys{});
    // Then one key at a time (the one with no data yet first) until one gets through.
    EXPECT_EQ(s.tick(8000), Keys{"log:1"});
    fetchOk(s, "log:1", 8000, true);
    EXPECT_EQ(s.tick(8100), Keys{"syncs:12"});
}

// A bucket that refills one request at a time answers the first request after the wait and
// refuses the rest: sending every due key at once would lose the same race again and again.
TEST(RefreshScheduler, AfterA429OneKeyGoesAndTheRestWaitForItsAnswer) {
    RefreshScheduler s(noJitter());
    s.watch("sync:9", Mode::Live);
    s.watch("log:9", Mode::Live);
    s.watch("syncs:3", Mode::Live);
    fetchOk(s, "sync:9", 0, true);
    fetchOk(s, "syncs:3", 0, true);
    fetchFails(s, "log:9", 0, {FailureKind::RateLimited, 5});  // the tail, never answered
    EXPECT_TRUE(s.probing());
    EXPECT_EQ(s.tick(4999), Keys{});
    // The key without data goes first, although the others were due earlier.
    EXPECT_EQ(s.tick(5100), Keys{"log:9"});
    s.started("log:9", 5100);
    EXPECT_EQ(s.tick(5200), Keys{});              // nothing else while it is out …
    EXPECT_EQ(s.nextWakeMs(5200), std::nullopt);  // … and no wake for it: its answer comes
    // Refused again: another hold, then one key again.
    s.failed("log:9", 5300, {FailureKind::RateLimited, 5});
    EXPECT_EQ(s.tick(10299), Keys{});
    EXPECT_EQ(s.tick(10300), Keys{"log:9"});
    s.started("log:9", 10300);
    s.succeeded("log:9", 10400, true);
    // Through: the others go together.
    EXPECT_FALSE(s.probing());
    EXPECT_EQ(s.tick(10400), (Keys{"sync:9", "syncs:3"}));
}

// The probe got through, but another request was refused while it was out: still one at a time.
TEST(RefreshScheduler, AProbeThroughAfterAnother429KeepsTheOneAtATimeRule) {
    RefreshScheduler s(noJitter());
    refusedBesideALiveHeader(s);
    EXPECT_EQ(s.tick(5000), Keys{"log:1"});
    s.started("log:1", 5000);
    s.startedUnscheduled("backfill", 5000);   // not the probe: one is out already
    s.answeredUnscheduled("backfill", true);  // refused
    s.rateLimited(5050, 2);
    s.succeeded("log:1", 5100, true);
    EXPECT_TRUE(s.probing());
    EXPECT_EQ(s.tick(7050), Keys{"sync:1"});
}

// An answer thrown away (its view was left) says nothing about the limit.
TEST(RefreshScheduler, AnAbandonedProbeLeavesTheNextRequestAsTheProbe) {
    RefreshScheduler s(noJitter());
    refusedBesideALiveHeader(s);
    EXPECT_EQ(s.tick(2100), Keys{"log:1"});
    s.started("log:1", 2100);
    s.abandoned("log:1", 2200);
    EXPECT_TRUE(s.probing());
    EXPECT_FALSE(s.probeInFlight());
    EXPECT_EQ(s.tick(5000), Keys{"sync:1"});  // one key again, not two
}

TEST(RefreshScheduler, AfterA429AFailureOfAnotherKindEndsTheOneAtATimeRule) {
    RefreshScheduler s(noJitter());
    refusedBesideALiveHeader(s);
    s.refreshNow("sync:1");
    EXPECT_EQ(s.tick(2100), Keys{"log:1"});
    fetchFails(s, "log:1", 2100, {FailureKind::Server, 0});  // the limit is not the problem
    EXPECT_FALSE(s.probing());
    EXPECT_EQ(s.tick(2200), Keys{"sync:1"});
}

TEST(RefreshScheduler, RateLimitedWithoutRetryAfterWaitsTheDefault) {
    RefreshScheduler s(noJitter());
    s.watch("log:1", Mode::Live);
    fetchFails(s, "log:1", 0, {FailureKind::RateLimited, 0});
    EXPECT_EQ(s.nextDueMs("log:1"), 60100);
    EXPECT_EQ(s.consecutiveFailures("log:1"), 0);
    EXPECT_EQ(s.tick(60099), Keys{});
    EXPECT_EQ(s.tick(60100), Keys{"log:1"});
}

TEST(RefreshScheduler, AServerErrorWithRetryAfterWaitsAtLeastThatLong) {
    RefreshScheduler s(noJitter());
    s.watch("log:1", Mode::Live);
    fetchFails(s, "log:1", 0, {FailureKind::Server, 10});  // 503 Retry-After: 10
    EXPECT_EQ(s.nextDueMs("log:1"), 10100);
}

TEST(RefreshScheduler, OnVisibleMakesLiveKeysDueAtOnce) {
    RefreshScheduler s(noJitter());
    for (const char* k : {"a", "b", "c", "d", "e"}) s.watch(k, Mode::Live);
    fetchOk(s, "a", 0, true);                            // live, due at 5 s
    fetchOk(s, "b", 0, true);                            // live but paused
    s.pause("b");                                        //
    fetchOk(s, "c", 0, false);                           // finished: stopped
    s.started("d", 0);                                   // in flight
    fetchFails(s, "e", 0, {FailureKind::Server, 0});     // backing off
    fetchFails(s, "e", 1100, {FailureKind::Server, 0});  // due at 3.2 s
    EXPECT_EQ(s.tick(1500), Keys{});
    s.onVisible(1500);
    EXPECT_EQ(s.tick(1500), (Keys{"a", "e"}));
    EXPECT_EQ(s.nextWakeMs(1500), 1500);
}

TEST(RefreshScheduler, RefreshNowFetchesAtOnceEvenWhenPaused) {
    RefreshScheduler s(noJitter());
    s.watch("log:1", Mode::Live);
    fetchOk(s, "log:1", 0, true);
    s.refreshNow("log:1");
    EXPECT_EQ(s.nextDueMs("log:1"), RefreshScheduler::kImmediately);
    EXPECT_EQ(s.tick(1000), Keys{"log:1"});
    fetchOk(s, "log:1", 1000, true);
    EXPECT_EQ(s.nextDueMs("log:1"), 6000);  // the cadence restarts from that request

    s.pause("log:1");
    s.refreshNow("log:1");
    EXPECT_EQ(s.tick(2000), Keys{"log:1"});
    fetchOk(s, "log:1", 2000, true);
    EXPECT_TRUE(s.isPaused("log:1"));
    EXPECT_EQ(s.tick(100000), Keys{});  // once only: still paused

    s.refreshNow("nobody");  // unknown keys are ignored
    EXPECT_FALSE(s.isWatched("nobody"));
}

TEST(RefreshScheduler, RefreshNowOverridesABackoff) {
    RefreshScheduler s(noJitter());
    s.watch("log:1", Mode::Live);
    fetchFails(s, "log:1", 0, {FailureKind::Server, 0});
    fetchFails(s, "log:1", 1100, {FailureKind::Server, 0});
    s.refreshNow("log:1");
    EXPECT_EQ(s.tick(1300), Keys{"log:1"});
}

TEST(RefreshScheduler, GlobalBudgetCapsRequestsPerRollingMinuteWithManyKeys) {
    RefreshScheduler s(noJitter());  // 240 a minute, 5 s cadence: 100 keys would want 1200
    std::map<std::string, int> perKey;
    for (int i = 0; i < 100; ++i) {
        const std::string key = "log:" + std::to_string(i);
        s.watch(key, Mode::Live);
        perKey[key] = 0;
    }
    std::vector<TimeMs> starts;
    const TimeMs end = 10 * 60000;
    for (TimeMs t = 0; t < end; t += 50) {
        for (const auto& k : s.tick(t)) {
            starts.push_back(t);
            ++perKey[k];
            fetchOk(s, k, t, true, 20);
        }
    }
    // Never more than 240 starts in any 60 s window…
    for (size_t i = 0; i < starts.size(); ++i) {
        auto first = std::upper_bound(starts.begin(), starts.end(), starts[i] - 60000);
        ASSERT_LE(starts.begin() + i + 1 - first, 240) << "at " << starts[i];
    }
    EXPECT_LE(s.requestsInWindow(end), 240);
    // …but the budget is used: 240 a minute for 10 minutes.
    EXPECT_EQ(starts.size(), 2400u);
    // And shared evenly: every key's cadence stretches, none starves.
    int lo = 1 << 30, hi = 0;
    for (const auto& [k, n] : perKey) {
        lo = std::min(lo, n);
        hi = std::max(hi, n);
    }
    EXPECT_GE(lo, 23);
    EXPECT_LE(hi - lo, 1);
}

TEST(RefreshScheduler, OtherRequestsCountAgainstTheBudget) {
    RefreshScheduler::Options o = noJitter();
    o.budgetPerWindow = 3;
    RefreshScheduler s(o);
    s.noteRequest(0);
    s.noteRequest(1000);
    s.watch("a", Mode::Live);
    s.watch("b", Mode::Live);
    EXPECT_EQ(s.tick(2000), Keys{"a"});  // one slot left
    s.started("a", 2000);
    EXPECT_EQ(s.tick(2000), Keys{});
    EXPECT_EQ(s.nextWakeMs(2000), 60000);  // when the request at 0 leaves the window
    EXPECT_EQ(s.tick(59999), Keys{});
    EXPECT_EQ(s.tick(60000), Keys{"b"});
}

TEST(RefreshScheduler, NextWakeIsTheEarliestTimeSomethingBecomesDue) {
    RefreshScheduler s(noJitter());
    EXPECT_EQ(s.nextWakeMs(0), std::nullopt);
    s.watch("a", Mode::Live);
    EXPECT_EQ(s.nextWakeMs(0), 0);  // due now
    fetchOk(s, "a", 0, true);
    EXPECT_EQ(s.nextWakeMs(100), 5000);
    s.watch("b", Mode::Live);
    fetchOk(s, "b", 1000, true);
    EXPECT_EQ(s.nextWakeMs(1100), 5000);
    s.started("a", 5000);  // in flight: its answer wakes the loop, not the clock
    EXPECT_EQ(s.nextWakeMs(5000), 6000);
    s.pause("b");
    EXPECT_EQ(s.nextWakeMs(5000), std::nullopt);
    s.failed("a", 5200, {FailureKind::Network, 0});
    EXPECT_EQ(s.nextWakeMs(5200), 6200);
    EXPECT_EQ(s.nextWakeMs(9000), 9000);  // overdue: now
}

TEST(RefreshScheduler, MapsApiErrorsToFailures) {
    core::ApiError e;
    e.kind = core::ErrorKind::Server;
    e.status = 503;
    e.retryAfterSeconds = 3;
    EXPECT_EQ(core::failureFrom(e).kind, FailureKind::Server);
    EXPECT_EQ(core::failureFrom(e).retryAfterSeconds, 3);
    e.kind = core::ErrorKind::Network;
    EXPECT_EQ(core::failureFrom(e).kind, FailureKind::Network);
    e.kind = core::ErrorKind::Timeout;
    EXPECT_EQ(core::failureFrom(e).kind, FailureKind::Timeout);
    e.kind = core::ErrorKind::RateLimited;
    EXPECT_EQ(core::failureFrom(e).kind, FailureKind::RateLimited);
    e.kind = core::ErrorKind::NotFound;
    EXPECT_EQ(core::failureFrom(e).kind, FailureKind::Other);
    EXPECT_STREQ(core::toString(FailureKind::RateLimited), "rate-limited");
}
