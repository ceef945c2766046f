// The refresh scheduler's rules (core/refresh_scheduler.h), with an injected clock: no sleeps.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "core/refresh_scheduler.h"

namespace core {
// gtest prints a key as its name ("log:345").
void PrintTo(const ResourceKey& key, std::ostream* os) {
    *os << to_string(key);
}
}  // namespace core

namespace {

using core::Failure;
using core::FailureKind;
using core::RefreshScheduler;
using core::TimeMs;
using Mode = RefreshScheduler::Mode;
using core::ResourceKey;
using Keys = std::vector<ResourceKey>;

ResourceKey Log(int64_t syncId) {
    return {ResourceKey::Kind::Log, syncId};
}
ResourceKey Header(int64_t syncId) {
    return {ResourceKey::Kind::SyncHeader, syncId};
}
ResourceKey Syncs(int64_t serviceId) {
    return {ResourceKey::Kind::Syncs, serviceId};
}
// Keys of no particular resource, in their order.
const ResourceKey kA = Log(1001), kB = Log(1002), kC = Log(1003), kD = Log(1004), kE = Log(1005);
const ResourceKey kBackfill{ResourceKey::Kind::Backfill, 0};

RefreshScheduler::Options noJitter() {
    RefreshScheduler::Options o;
    o.jitterFraction = 0.0;
    return o;
}

// One request for key: starts at `at`, answers `tookMs` later.
void fetchOk(RefreshScheduler& s, const ResourceKey& key, TimeMs at, bool stillLive,
             TimeMs tookMs = 100) {
    s.started(key, at);
    s.succeeded(key, at + tookMs, stillLive);
}

void fetchFails(RefreshScheduler& s, const ResourceKey& key, TimeMs at, Failure f,
                TimeMs tookMs = 100) {
    s.started(key, at);
    s.failed(key, at + tookMs, f);
}

// A live header with data (Header(1), due at 5 s) and its log refused at once: a 2 s hold.
void refusedBesideALiveHeader(RefreshScheduler& s) {
    s.watch(Log(1), Mode::Live);
    s.watch(Header(1), Mode::Live);
    fetchOk(s, Header(1), 0, true);
    fetchFails(s, Log(1), 0, {FailureKind::RateLimited, 2});
}

}  // namespace

TEST(RefreshScheduler, LiveKeyIsDueAtOnceThenEveryInterval) {
    RefreshScheduler s(noJitter());
    s.watch(Log(345), Mode::Live);
    EXPECT_TRUE(s.isLive(Log(345)));
    for (TimeMs t = 0; t <= 30000; t += 5000) {
        if (t > 0) {
            EXPECT_EQ(s.tick(t - 1), Keys{}) << t;
        }
        EXPECT_EQ(s.tick(t), Keys{Log(345)}) << t;
        fetchOk(s, Log(345), t, true, 300);
        EXPECT_EQ(s.nextDueMs(Log(345)), t + 5000);
        EXPECT_EQ(s.lastSuccessMs(Log(345)), t + 300);
    }
}

TEST(RefreshScheduler, IntervalComesFromRefreshSeconds) {
    EXPECT_EQ(RefreshScheduler::Options::fromRefreshSeconds(10).intervalMs, 10000);
    EXPECT_EQ(RefreshScheduler::Options::fromRefreshSeconds(0).intervalMs, 5000);
    RefreshScheduler s(RefreshScheduler::Options::fromRefreshSeconds(2));
    s.watch(Syncs(12), Mode::Live);
    fetchOk(s, Syncs(12), 0, true);
    EXPECT_EQ(s.nextDueMs(Syncs(12)), 2000);
}

TEST(RefreshScheduler, CadenceCountsFromTheStartAndKeepsAGapAfterSlowAnswers) {
    RefreshScheduler s(noJitter());
    s.watch(Log(1), Mode::Live);
    fetchOk(s, Log(1), 0, true, 3500);  // answered at 3.5 s: still due at 5 s
    EXPECT_EQ(s.nextDueMs(Log(1)), 5000);
    fetchOk(s, Log(1), 5000, true, 4500);  // answered at 9.5 s: at least 1 s after the answer
    EXPECT_EQ(s.nextDueMs(Log(1)), 10500);
    fetchOk(s, Log(1), 10500, true, 7000);  // slower than the interval: not back-to-back
    EXPECT_EQ(s.nextDueMs(Log(1)), 18500);
    fetchOk(s, Log(1), 30000, true, 100);  // a late tick does not catch up
    EXPECT_EQ(s.nextDueMs(Log(1)), 35000);
}

TEST(RefreshScheduler, NeverRequestsAResourceThatIsInFlight) {
    RefreshScheduler s(noJitter());
    s.watch(Log(1), Mode::Live);
    ASSERT_EQ(s.tick(0), Keys{Log(1)});
    s.started(Log(1), 0);
    EXPECT_TRUE(s.inFlight(Log(1)));
    EXPECT_EQ(s.nextDueMs(Log(1)), std::nullopt);
    s.refreshNow(Log(1));
    s.onVisible(1000);
    EXPECT_EQ(s.tick(60000), Keys{});
    EXPECT_EQ(s.nextWakeMs(60000), std::nullopt);
    s.succeeded(Log(1), 61000, true);
    EXPECT_FALSE(s.inFlight(Log(1)));
    EXPECT_EQ(s.tick(62000), Keys{Log(1)});
}

TEST(RefreshScheduler, WatchingAgainWhileTheOldRequestIsInFlightWaitsForIt) {
    RefreshScheduler s(noJitter());
    s.watch(Log(1), Mode::Live);
    s.started(Log(1), 0);
    s.unwatch(Log(1));
    EXPECT_FALSE(s.isWatched(Log(1)));
    s.watch(Log(1), Mode::Live);
    EXPECT_TRUE(s.inFlight(Log(1)));
    EXPECT_EQ(s.tick(1000), Keys{});
    s.succeeded(Log(1), 1000, true);
    EXPECT_EQ(s.nextDueMs(Log(1)), 5000);

    s.started(Log(1), 5000);
    s.unwatch(Log(1));
    s.succeeded(Log(1), 5100, true);  // the answer of an unwatched key is dropped
    EXPECT_FALSE(s.isWatched(Log(1)));
    EXPECT_FALSE(s.inFlight(Log(1)));
    EXPECT_EQ(s.nextWakeMs(5100), std::nullopt);
}

TEST(RefreshScheduler, PauseStopsRefreshesAndResumeRestoresTheSchedule) {
    RefreshScheduler s(noJitter());
    s.watch(Log(1), Mode::Live);
    fetchOk(s, Log(1), 0, true);
    s.pause(Log(1));
    EXPECT_TRUE(s.isPaused(Log(1)));
    EXPECT_TRUE(s.isLive(Log(1)));  // still live, just not refreshed
    EXPECT_EQ(s.nextDueMs(Log(1)), std::nullopt);
    EXPECT_EQ(s.tick(20000), Keys{});
    EXPECT_EQ(s.nextWakeMs(20000), std::nullopt);
    s.resume(Log(1));
    EXPECT_FALSE(s.isPaused(Log(1)));
    EXPECT_EQ(s.tick(20000), Keys{Log(1)});  // its time passed while paused: due at once

    fetchOk(s, Log(1), 20000, true);
    s.pause(Log(1));
    s.resume(Log(1));  // a short pause keeps the cadence
    EXPECT_EQ(s.nextDueMs(Log(1)), 25000);
}

TEST(RefreshScheduler, AnAnswerArrivingWhilePausedIsRecordedButNotFollowedUp) {
    RefreshScheduler s(noJitter());
    s.watch(Log(1), Mode::Live);
    s.started(Log(1), 0);
    s.pause(Log(1));
    s.succeeded(Log(1), 200, true);
    EXPECT_EQ(s.lastSuccessMs(Log(1)), 200);
    EXPECT_EQ(s.tick(10000), Keys{});
}

TEST(RefreshScheduler, StopsByItselfAfterOneLastFetchOnceFinished) {
    RefreshScheduler s(noJitter());
    s.watch(Log(345), Mode::Live);
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
    EXPECT_FALSE(s.isLive(Log(345)));
    EXPECT_TRUE(s.isWatched(Log(345)));
    EXPECT_EQ(s.nextDueMs(Log(345)), std::nullopt);
    EXPECT_EQ(s.nextWakeMs(60000), std::nullopt);
    EXPECT_EQ(s.lastSuccessMs(Log(345)), 15050);
}

TEST(RefreshScheduler, StaysLiveDuringTheLastFetchAndRetriesItOnTransientFailure) {
    RefreshScheduler s(noJitter());
    s.watch(Log(1), Mode::Live);
    fetchOk(s, Log(1), 0, true);
    fetchOk(s, Log(1), 5000, false);
    EXPECT_TRUE(s.isLive(Log(1)));  // a refresh is still scheduled
    EXPECT_EQ(s.nextDueMs(Log(1)), 10000);
    fetchFails(s, Log(1), 10000, {FailureKind::Network, 0});
    EXPECT_EQ(s.nextDueMs(Log(1)), 11100);
    fetchOk(s, Log(1), 11100, false);
    EXPECT_FALSE(s.isLive(Log(1)));
    EXPECT_EQ(s.nextDueMs(Log(1)), std::nullopt);
}

TEST(RefreshScheduler, AResourceFinishedFromTheStartCostsOneRequest) {
    RefreshScheduler s(noJitter());
    s.watch(Log(9), Mode::Live);
    EXPECT_EQ(s.tick(0), Keys{Log(9)});
    fetchOk(s, Log(9), 0, false);
    EXPECT_FALSE(s.isLive(Log(9)));
    EXPECT_EQ(s.tick(100000), Keys{});
}

TEST(RefreshScheduler, BecomesLiveAgainWhenAnAnswerSaysSo) {
    RefreshScheduler s(noJitter());
    s.watch(Syncs(12), Mode::Live);
    fetchOk(s, Syncs(12), 0, false);
    ASSERT_FALSE(s.isLive(Syncs(12)));
    s.refreshNow(Syncs(12));  // e.g. the user triggered a new sync
    EXPECT_EQ(s.tick(30000), Keys{Syncs(12)});
    fetchOk(s, Syncs(12), 30000, true);
    EXPECT_TRUE(s.isLive(Syncs(12)));
    EXPECT_EQ(s.nextDueMs(Syncs(12)), 35000);
}

TEST(RefreshScheduler, OnceModeFetchesOnceRetryingTransientFailures) {
    RefreshScheduler s(noJitter());
    s.watch(Header(7), Mode::Once);
    EXPECT_FALSE(s.isLive(Header(7)));
    EXPECT_EQ(s.tick(0), Keys{Header(7)});
    fetchFails(s, Header(7), 0, {FailureKind::Timeout, 0});
    EXPECT_EQ(s.nextDueMs(Header(7)), 1100);
    fetchOk(s, Header(7), 1100, true);  // stillLive does not matter to a Once key
    EXPECT_EQ(s.nextDueMs(Header(7)), std::nullopt);
    EXPECT_EQ(s.tick(100000), Keys{});

    s.watch(Header(8), Mode::Once);
    fetchFails(s, Header(8), 0, {FailureKind::Other, 0});  // a 404 is not retried
    EXPECT_EQ(s.nextDueMs(Header(8)), std::nullopt);
    EXPECT_EQ(s.lastError(Header(8))->kind, FailureKind::Other);
}

TEST(RefreshScheduler, SwitchingModesOfAWatchedKey) {
    RefreshScheduler s(noJitter());
    s.watch(Syncs(12), Mode::Live);
    fetchOk(s, Syncs(12), 0, true);
    s.watch(Syncs(12), Mode::Live);  // idempotent
    EXPECT_EQ(s.nextDueMs(Syncs(12)), 5000);
    s.watch(Syncs(12), Mode::Once);  // one more fetch, then stop
    EXPECT_FALSE(s.isLive(Syncs(12)));
    fetchOk(s, Syncs(12), 5000, true);
    EXPECT_EQ(s.nextDueMs(Syncs(12)), std::nullopt);
    s.watch(Syncs(12), Mode::Live);  // live again: due at once
    EXPECT_EQ(s.tick(6000), Keys{Syncs(12)});
}

TEST(RefreshScheduler, BacksOffAfter5xx) {
    RefreshScheduler s(noJitter());
    s.watch(Log(1), Mode::Live);
    const std::vector<TimeMs> expected{1000, 2000, 4000, 8000, 16000, 30000, 30000};
    TimeMs t = 0;
    for (size_t i = 0; i < expected.size(); ++i) {
        fetchFails(s, Log(1), t, {FailureKind::Server, 0});
        EXPECT_EQ(s.nextDueMs(Log(1)), t + 100 + expected[i]) << i;
        EXPECT_EQ(s.consecutiveFailures(Log(1)), static_cast<int>(i + 1));
        EXPECT_EQ(s.tick(t + 100 + expected[i] - 1), Keys{});
        t = t + 100 + expected[i];
        EXPECT_EQ(s.tick(t), Keys{Log(1)});
    }
}

TEST(RefreshScheduler, BacksOffAfterDroppedConnectionsAndTimeoutsToo) {
    RefreshScheduler s(noJitter());
    s.watch(Log(1), Mode::Live);
    fetchFails(s, Log(1), 0, {FailureKind::Network, 0});
    EXPECT_EQ(s.nextDueMs(Log(1)), 1100);
    fetchFails(s, Log(1), 1100, {FailureKind::Timeout, 0});
    EXPECT_EQ(s.nextDueMs(Log(1)), 1200 + 2000);
}

TEST(RefreshScheduler, BackoffJitterStaysWithinBoundsAndIsReproducible) {
    const std::vector<TimeMs> bases{1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000};
    std::vector<std::vector<TimeMs>> sequences;
    for (uint64_t seed = 1; seed <= 50; ++seed) {
        RefreshScheduler::Options o;  // default ±20 % jitter
        o.seed = seed;
        RefreshScheduler s(o);
        s.watch(Log(1), Mode::Live);
        std::vector<TimeMs> delays;
        TimeMs t = 0;
        for (size_t i = 0; i < bases.size(); ++i) {
            fetchFails(s, Log(1), t, {FailureKind::Server, 0}, 0);
            const TimeMs delay = *s.nextDueMs(Log(1)) - t;
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
    again.watch(Log(1), Mode::Live);
    TimeMs t = 0;
    for (size_t i = 0; i < bases.size(); ++i) {
        fetchFails(again, Log(1), t, {FailureKind::Server, 0}, 0);
        const TimeMs delay = *again.nextDueMs(Log(1)) - t;
        EXPECT_EQ(delay, sequences[0][i]);
        t += delay;
    }
    std::sort(sequences.begin(), sequences.end());
    EXPECT_EQ(std::unique(sequences.begin(), sequences.end()), sequences.end());
}

TEST(RefreshScheduler, SuccessResetsTheBackoff) {
    RefreshScheduler s(noJitter());
    s.watch(Log(1), Mode::Live);
    fetchFails(s, Log(1), 0, {FailureKind::Server, 0});
    fetchFails(s, Log(1), 1100, {FailureKind::Server, 0});
    fetchFails(s, Log(1), 3200, {FailureKind::Server, 0});
    EXPECT_EQ(s.nextDueMs(Log(1)), 3300 + 4000);
    fetchOk(s, Log(1), 7300, true);
    EXPECT_EQ(s.consecutiveFailures(Log(1)), 0);
    EXPECT_EQ(s.nextDueMs(Log(1)), 12300);  // back to the cadence
    fetchFails(s, Log(1), 12300, {FailureKind::Server, 0});
    EXPECT_EQ(s.nextDueMs(Log(1)), 12400 + 1000);  // and the next failure starts at 1 s again
}

TEST(RefreshScheduler, FailureRecordsTheErrorAndKeepsTheLastGoodRefresh) {
    RefreshScheduler s(noJitter());
    s.watch(Log(1), Mode::Live);
    EXPECT_EQ(s.lastError(Log(1)), std::nullopt);
    EXPECT_EQ(s.lastSuccessMs(Log(1)), std::nullopt);
    fetchOk(s, Log(1), 0, true);
    fetchFails(s, Log(1), 5000, {FailureKind::Server, 0});
    EXPECT_EQ(s.lastSuccessMs(Log(1)), 100);
    ASSERT_TRUE(s.lastError(Log(1)));
    EXPECT_EQ(s.lastError(Log(1))->kind, FailureKind::Server);
    EXPECT_EQ(s.lastError(Log(1))->atMs, 5100);
    EXPECT_TRUE(s.isLive(Log(1)));
    fetchOk(s, Log(1), 6100, true);
    EXPECT_EQ(s.lastError(Log(1)), std::nullopt);
    EXPECT_EQ(s.lastSuccessMs(Log(1)), 6200);
}

TEST(RefreshScheduler, OtherErrorsKeepTheNormalCadenceOfALiveKey) {
    RefreshScheduler s(noJitter());
    s.watch(Log(1), Mode::Live);
    fetchFails(s, Log(1), 0, {FailureKind::Other, 0});
    EXPECT_EQ(s.nextDueMs(Log(1)), 5000);
    EXPECT_EQ(s.consecutiveFailures(Log(1)), 0);
    EXPECT_TRUE(s.isLive(Log(1)));
}

TEST(RefreshScheduler, HonoursRetryAfterExactlyForEveryKey) {
    RefreshScheduler s(noJitter());
    s.watch(Log(1), Mode::Live);
    s.watch(Syncs(12), Mode::Live);
    fetchOk(s, Syncs(12), 0, true);  // due at 5 s
    fetchFails(s, Log(1), 900, {FailureKind::RateLimited, 7});
    EXPECT_EQ(s.nextDueMs(Log(1)), 8000);
    ASSERT_TRUE(s.lastError(Log(1)));
    EXPECT_EQ(s.lastError(Log(1))->kind, FailureKind::RateLimited);
    EXPECT_EQ(s.lastError(Log(1))->retryAfterSeconds, 7);
    // The limit is per token: the other key waits too.
    EXPECT_EQ(s.tick(5000), Keys{});
    EXPECT_EQ(s.tick(7999), Keys{});
    EXPECT_EQ(s.nextWakeMs(5000), 8000);
    s.refreshNow(Syncs(12));
    EXPECT_EQ(s.tick(7999), Keys{});
    // Then one key at a time (the one with no data yet first) until one gets through.
    EXPECT_EQ(s.tick(8000), Keys{Log(1)});
    fetchOk(s, Log(1), 8000, true);
    EXPECT_EQ(s.tick(8100), Keys{Syncs(12)});
}

// A bucket that refills one request at a time answers the first request after the wait and
// refuses the rest: sending every due key at once would lose the same race again and again.
TEST(RefreshScheduler, AfterA429OneKeyGoesAndTheRestWaitForItsAnswer) {
    RefreshScheduler s(noJitter());
    s.watch(Header(9), Mode::Live);
    s.watch(Log(9), Mode::Live);
    s.watch(Syncs(3), Mode::Live);
    fetchOk(s, Header(9), 0, true);
    fetchOk(s, Syncs(3), 0, true);
    fetchFails(s, Log(9), 0, {FailureKind::RateLimited, 5});  // the tail, never answered
    EXPECT_TRUE(s.probing());
    EXPECT_EQ(s.tick(4999), Keys{});
    // The key without data goes first, although the others were due earlier.
    EXPECT_EQ(s.tick(5100), Keys{Log(9)});
    s.started(Log(9), 5100);
    EXPECT_EQ(s.tick(5200), Keys{});              // nothing else while it is out …
    EXPECT_EQ(s.nextWakeMs(5200), std::nullopt);  // … and no wake for it: its answer comes
    // Refused again: another hold, then one key again.
    s.failed(Log(9), 5300, {FailureKind::RateLimited, 5});
    EXPECT_EQ(s.tick(10299), Keys{});
    EXPECT_EQ(s.tick(10300), Keys{Log(9)});
    s.started(Log(9), 10300);
    s.succeeded(Log(9), 10400, true);
    // Through: the others go together.
    EXPECT_FALSE(s.probing());
    EXPECT_EQ(s.tick(10400), (Keys{Header(9), Syncs(3)}));
}

// The probe got through, but another request was refused while it was out: still one at a time.
TEST(RefreshScheduler, AProbeThroughAfterAnother429KeepsTheOneAtATimeRule) {
    RefreshScheduler s(noJitter());
    refusedBesideALiveHeader(s);
    EXPECT_EQ(s.tick(5000), Keys{Log(1)});
    s.started(Log(1), 5000);
    s.startedUnscheduled(kBackfill, 5000);   // not the probe: one is out already
    s.answeredUnscheduled(kBackfill, true);  // refused
    s.rateLimited(5050, 2);
    s.succeeded(Log(1), 5100, true);
    EXPECT_TRUE(s.probing());
    EXPECT_EQ(s.tick(7050), Keys{Header(1)});
}

// An answer thrown away (its view was left) says nothing about the limit.
TEST(RefreshScheduler, AnAbandonedProbeLeavesTheNextRequestAsTheProbe) {
    RefreshScheduler s(noJitter());
    refusedBesideALiveHeader(s);
    EXPECT_EQ(s.tick(2100), Keys{Log(1)});
    s.started(Log(1), 2100);
    s.abandoned(Log(1), 2200);
    EXPECT_TRUE(s.probing());
    EXPECT_FALSE(s.probeInFlight());
    EXPECT_EQ(s.tick(5000), Keys{Header(1)});  // one key again, not two
}

TEST(RefreshScheduler, AfterA429AFailureOfAnotherKindEndsTheOneAtATimeRule) {
    RefreshScheduler s(noJitter());
    refusedBesideALiveHeader(s);
    s.refreshNow(Header(1));
    EXPECT_EQ(s.tick(2100), Keys{Log(1)});
    fetchFails(s, Log(1), 2100, {FailureKind::Server, 0});  // the limit is not the problem
    EXPECT_FALSE(s.probing());
    EXPECT_EQ(s.tick(2200), Keys{Header(1)});
}

TEST(RefreshScheduler, RateLimitedWithoutRetryAfterWaitsTheDefault) {
    RefreshScheduler s(noJitter());
    s.watch(Log(1), Mode::Live);
    fetchFails(s, Log(1), 0, {FailureKind::RateLimited, 0});
    EXPECT_EQ(s.nextDueMs(Log(1)), 60100);
    EXPECT_EQ(s.consecutiveFailures(Log(1)), 0);
    EXPECT_EQ(s.tick(60099), Keys{});
    EXPECT_EQ(s.tick(60100), Keys{Log(1)});
}

TEST(RefreshScheduler, AServerErrorWithRetryAfterWaitsAtLeastThatLong) {
    RefreshScheduler s(noJitter());
    s.watch(Log(1), Mode::Live);
    fetchFails(s, Log(1), 0, {FailureKind::Server, 10});  // 503 Retry-After: 10
    EXPECT_EQ(s.nextDueMs(Log(1)), 10100);
}

TEST(RefreshScheduler, OnVisibleMakesLiveKeysDueAtOnce) {
    RefreshScheduler s(noJitter());
    for (const ResourceKey& k : {kA, kB, kC, kD, kE}) s.watch(k, Mode::Live);
    fetchOk(s, kA, 0, true);                            // live, due at 5 s
    fetchOk(s, kB, 0, true);                            // live but paused
    s.pause(kB);                                        //
    fetchOk(s, kC, 0, false);                           // finished: stopped
    s.started(kD, 0);                                   // in flight
    fetchFails(s, kE, 0, {FailureKind::Server, 0});     // backing off
    fetchFails(s, kE, 1100, {FailureKind::Server, 0});  // due at 3.2 s
    EXPECT_EQ(s.tick(1500), Keys{});
    s.onVisible(1500);
    EXPECT_EQ(s.tick(1500), (Keys{kA, kE}));
    EXPECT_EQ(s.nextWakeMs(1500), 1500);
}

TEST(RefreshScheduler, RefreshNowFetchesAtOnceEvenWhenPaused) {
    RefreshScheduler s(noJitter());
    s.watch(Log(1), Mode::Live);
    fetchOk(s, Log(1), 0, true);
    s.refreshNow(Log(1));
    EXPECT_EQ(s.nextDueMs(Log(1)), RefreshScheduler::kImmediately);
    EXPECT_EQ(s.tick(1000), Keys{Log(1)});
    fetchOk(s, Log(1), 1000, true);
    EXPECT_EQ(s.nextDueMs(Log(1)), 6000);  // the cadence restarts from that request

    s.pause(Log(1));
    s.refreshNow(Log(1));
    EXPECT_EQ(s.tick(2000), Keys{Log(1)});
    fetchOk(s, Log(1), 2000, true);
    EXPECT_TRUE(s.isPaused(Log(1)));
    EXPECT_EQ(s.tick(100000), Keys{});  // once only: still paused

    s.refreshNow(Log(404));  // unknown keys are ignored
    EXPECT_FALSE(s.isWatched(Log(404)));
}

TEST(RefreshScheduler, RefreshNowOverridesABackoff) {
    RefreshScheduler s(noJitter());
    s.watch(Log(1), Mode::Live);
    fetchFails(s, Log(1), 0, {FailureKind::Server, 0});
    fetchFails(s, Log(1), 1100, {FailureKind::Server, 0});
    s.refreshNow(Log(1));
    EXPECT_EQ(s.tick(1300), Keys{Log(1)});
}

TEST(RefreshScheduler, GlobalBudgetCapsRequestsPerRollingMinuteWithManyKeys) {
    RefreshScheduler s(noJitter());  // 240 a minute, 5 s cadence: 100 keys would want 1200
    std::map<ResourceKey, int> perKey;
    for (int i = 0; i < 100; ++i) {
        const ResourceKey key = Log(i);
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
    s.watch(kA, Mode::Live);
    s.watch(kB, Mode::Live);
    EXPECT_EQ(s.tick(2000), Keys{kA});  // one slot left
    s.started(kA, 2000);
    EXPECT_EQ(s.tick(2000), Keys{});
    EXPECT_EQ(s.nextWakeMs(2000), 60000);  // when the request at 0 leaves the window
    EXPECT_EQ(s.tick(59999), Keys{});
    EXPECT_EQ(s.tick(60000), Keys{kB});
}

TEST(RefreshScheduler, NextWakeIsTheEarliestTimeSomethingBecomesDue) {
    RefreshScheduler s(noJitter());
    EXPECT_EQ(s.nextWakeMs(0), std::nullopt);
    s.watch(kA, Mode::Live);
    EXPECT_EQ(s.nextWakeMs(0), 0);  // due now
    fetchOk(s, kA, 0, true);
    EXPECT_EQ(s.nextWakeMs(100), 5000);
    s.watch(kB, Mode::Live);
    fetchOk(s, kB, 1000, true);
    EXPECT_EQ(s.nextWakeMs(1100), 5000);
    s.started(kA, 5000);  // in flight: its answer wakes the loop, not the clock
    EXPECT_EQ(s.nextWakeMs(5000), 6000);
    s.pause(kB);
    EXPECT_EQ(s.nextWakeMs(5000), std::nullopt);
    s.failed(kA, 5200, {FailureKind::Network, 0});
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

TEST(RefreshSchedulerCadence, AKeyWithItsOwnIntervalAndADataTimeIsDueThenNotAtOnce) {
    core::RefreshScheduler s;
    const core::ResourceKey list{core::ResourceKey::Kind::Services, 0};
    const core::ResourceKey log{core::ResourceKey::Kind::Log, 1};
    s.watch(list, core::RefreshScheduler::Mode::Live);
    s.setCadence(list, 30000, 1000);  // the list on screen was fetched at 1 s
    s.watch(log, core::RefreshScheduler::Mode::Live);
    EXPECT_EQ(s.tick(2000), (std::vector<core::ResourceKey>{log}));
    s.started(log, 2000);
    s.succeeded(log, 2100, true);
    EXPECT_EQ(s.tick(30999), (std::vector<core::ResourceKey>{log}));  // at its 5 s cadence
    s.started(log, 30999);
    EXPECT_EQ(s.nextDueMs(list), 31000);
    EXPECT_EQ(s.tick(31000), (std::vector<core::ResourceKey>{list}));
    s.started(list, 31000);
    s.succeeded(list, 31500, true);
    EXPECT_EQ(s.nextDueMs(list), 61000);  // 30 s from the start, not the options' 5 s
    // Without a data time, a key is due at once, as any other.
    const core::ResourceKey other{core::ResourceKey::Kind::Services, 1};
    s.watch(other, core::RefreshScheduler::Mode::Live);
    s.setCadence(other, 30000);
    EXPECT_EQ(s.nextDueMs(other), core::RefreshScheduler::kImmediately);
}
