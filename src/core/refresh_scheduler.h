// core/refresh_scheduler.h — when to refresh what: the five-second live refresh (issue 4).
//
// Platform-free and HTTP-free. Resources are keys (core/resource_key.h: {Log, 345}, {Syncs, 12});
// the owner (the App) ticks the scheduler with the current time, issues a request for every key
// tick() returns and reports back: started() when the request goes out, succeeded()/failed() when
// it ends. Every call takes the time, so the clock is injected and tests need no sleeps.
//
// The rules (all times in ms; "interval" is config.json's refreshSeconds, default 5 s):
//
// * Cadence. A Live key is due at once when watched, then every interval measured from the START of
//   the previous request: next = max(start + interval, end + minGapMs). A slow request therefore
//   does not make the cadence drift, and a request slower than the interval is followed by a short
//   pause (minGapMs, default 1 s) instead of back-to-back requests. A late tick does not catch up.
// * No overlap. A key in flight is never due; it becomes due again only after succeeded()/failed().
//   unwatch() while in flight keeps the flight on record, so a watch() of the same key before the
//   answer arrives still waits for it.
// * The end. succeeded(key, now, stillLive=false) on a key that an earlier answer showed live
//   (the sync was seen running, now it is finished) owes ONE last fetch, at the usual cadence; when
//   that fetch succeeds the key stops by itself (isLive false, nothing due). If the very first
//   answer already says finished, the data was read after the end and the key stops at once (a
//   finished sync costs one request). stillLive=true at any point makes the key live again.
//   Mode::Once keys are fetched once (retried on transient failures) and then stop.
// * Pause / resume. A paused key is never due by itself (an in-flight answer is still recorded);
//   resume() restores its schedule, so it is due at once if its time passed while paused.
//   refreshNow() fetches once even when paused or stopped; onVisible() makes every scheduled,
//   unpaused key due at once. Both skip a key in flight (its answer is about to arrive).
// * Failures keep data: the scheduler records the error (lastError) and lastSuccessMs stays the
// last
//   good refresh. Server (5xx), Network, Timeout retry with exponential backoff:
//   base = backoffBaseMs * 2^(n-1) for the n-th failure in a row (1, 2, 4, 8, 16 s …), jittered by
//   ±jitterFraction (default ±20 %) from a seeded RNG, then clamped to [backoffMinMs, backoffMaxMs]
//   (default [500 ms, 30 s]): never sooner than half a second, never later than 30 s. A key that
//   has never succeeded (its data is not on screen yet: someone is waiting for it) is capped at
//   backoffMaxBeforeDataMs instead, when set (the App: 4 s, so 1, 2, 4, 4, 4 s …). A 5xx that
//   carries Retry-After waits at least that long. A success resets the count.
//   RateLimited (429) waits exactly Retry-After seconds (defaultRetryAfterSeconds = 60 when
//   absent) and, since the API's limit is per token, holds EVERY key until then (tick() returns
//   nothing before that time). It neither grows nor resets the backoff count. When the hold ends
//   the keys do not all go at once (a bucket refilling one request at a time would answer the
//   first and refuse the rest, and the same key could lose every race): tick() releases ONE key,
//   a key that has never succeeded first (the view's missing data before a refresh of data on
//   screen), and nothing more until its answer. A success, or a failure that is not a 429, ends
//   this — unless another request was refused meanwhile —; another 429 holds again. Requests
//   outside the schedule take part through startedUnscheduled()/answeredUnscheduled() (the App's
//   back-fill sends one page at a time then, and none while a probe is out). An answer thrown
//   away (abandoned(): its view was left) says nothing about the limit and ends nothing.
//   Other (401/403/404/4xx/undecodable answer) is not retried quickly: a live key keeps its normal
//   cadence; a key that owed one fetch (Once, or the last fetch after the end) stops.
// * Budget. All keys together start at most budgetPerWindow requests in any rolling windowMs
//   (default 240 per 60 s, the reference API's limit per token); started() and noteRequest() record
//   start times in a sliding window. tick() returns at most the free slots, earliest-due first
//   (ties: least recently requested first), so when there are more live views than the budget
//   allows, every key's cadence stretches evenly instead of some keys starving. A live key at a 5 s
//   cadence costs 12 requests a minute: the default budget carries 20 live resources at full speed.
//   Requests the scheduler does not plan (older log pages, payload downloads, login) should be
//   reported with noteRequest() so they count too; budgetPerWindow <= 0 means no budget.
//   At most N starts in every rolling minute never empties the server's token bucket of N a
//   minute (it starts full and refills N a minute); use a lower budget if others share the token.
// * nextWakeMs(now): the earliest time tick() can return something (never before now), taking the
//   budget and a 429 hold into account; nullopt when nothing is scheduled. Answers to requests in
//   flight arrive by callback, so the main loop must also wake on I/O. Timeouts are the transport's
//   job (report them as Failure::Timeout).
#pragma once

#include <cstdint>
#include <deque>
#include <limits>
#include <map>
#include <optional>
#include <vector>

#include "core/api_error.h"
#include "core/model.h"
#include "core/resource_key.h"

namespace core {

enum class FailureKind { Server, Network, Timeout, RateLimited, Other };

const char* toString(FailureKind k);

struct Failure {
    FailureKind kind = FailureKind::Other;
    int retryAfterSeconds = 0;  // from Retry-After; 0 when absent
};

// Maps an API error to how the scheduler treats it (5xx → Server, status 0 → Network, …).
Failure failureFrom(const ApiError& e);

class RefreshScheduler {
public:
    enum class Mode { Live, Once };

    struct Options {
        TimeMs intervalMs = 5000;  // config.json refreshSeconds * 1000
        TimeMs minGapMs = 1000;    // least time between one answer and the next request
        TimeMs backoffBaseMs = 1000;
        TimeMs backoffMinMs = 500;
        TimeMs backoffMaxMs = 30000;
        // The cap for a key that has never succeeded (nothing of it on screen yet, e.g. a token
        // being checked): 0 means backoffMaxMs. The App uses 4 s: a person is waiting.
        TimeMs backoffMaxBeforeDataMs = 0;
        double jitterFraction = 0.2;  // each backoff delay is base * (1 ± jitterFraction)
        int defaultRetryAfterSeconds = 60;
        int budgetPerWindow = 240;  // requests in any rolling window; <= 0: unlimited
        TimeMs windowMs = 60000;
        // The jitter RNG's seed: same seed, same delays. This fixed default is for tests; the app
        // reseeds from the browser's crypto (App::seedRetryJitter, web/main.cpp), or every client
        // that failed at the same moment would retry in lockstep.
        uint64_t seed = 0x5eed5eedULL;

        // The defaults with config.json's refreshSeconds (values < 1 take the default 5 s).
        static Options fromRefreshSeconds(int refreshSeconds);
    };

    struct ErrorRecord {
        FailureKind kind = FailureKind::Other;
        TimeMs atMs = 0;
        int retryAfterSeconds = 0;
    };

    // nextDueMs() of a key that is due as soon as possible (watched, refreshNow, resume …).
    static constexpr TimeMs kImmediately = std::numeric_limits<TimeMs>::min();

    RefreshScheduler() : RefreshScheduler(Options{}) {}
    explicit RefreshScheduler(const Options& options);

    // Starts watching a key (due at once). Watching a watched key again with the same mode does
    // nothing; with another mode it switches (Live → Once: one more fetch, then stop).
    void watch(const ResourceKey& key, Mode mode);
    // A new seed for the jitter RNG (delays already scheduled stay as they are).
    void reseed(uint64_t seed) { rng_ = seed; }
    void unwatch(const ResourceKey& key);
    bool isWatched(const ResourceKey& key) const;
    // A watched key's own cadence instead of the options' interval (the services list: 30 s);
    // 0 goes back to the options'. `lastFetchMs` (0: none) is when the data on screen was fetched
    // outside the schedule (a sign-in, a reload): a key not yet requested is then due at
    // lastFetchMs + interval rather than at once.
    void setCadence(const ResourceKey& key, TimeMs intervalMs, TimeMs lastFetchMs = 0);

    // The keys to request now, earliest due first, at most the free budget. Pure: the owner calls
    // started() for each request it sends.
    std::vector<ResourceKey> tick(TimeMs nowMs);
    std::optional<TimeMs> nextWakeMs(TimeMs nowMs) const;

    void started(const ResourceKey& key, TimeMs nowMs);
    void succeeded(const ResourceKey& key, TimeMs nowMs, bool stillLive);
    void failed(const ResourceKey& key, TimeMs nowMs, const Failure& failure);
    // A request outside the schedule (older pages, downloads): counts against the budget only.
    void noteRequest(TimeMs nowMs);
    // One outside the schedule that may be the one request after a 429 (see probing()): `tag`
    // names it until answeredUnscheduled() (or abandoned()) with the same tag.
    void startedUnscheduled(const ResourceKey& tag, TimeMs nowMs);
    void answeredUnscheduled(const ResourceKey& tag, bool rateLimited);
    // The answer to `key` (scheduled or a tag) was thrown away: its view was left. The key's
    // flight ends as with succeeded(key, now, true), but it tells nothing about the rate limit.
    void abandoned(const ResourceKey& key, TimeMs nowMs);
    // A 429, whichever request it answered (scheduled or not): the API's limit is per token, so
    // nothing scheduled starts before Retry-After (defaultRetryAfterSeconds when 0). failed()
    // calls it for the scheduled keys.
    void rateLimited(TimeMs nowMs, int retryAfterSeconds);

    void pause(const ResourceKey& key);
    void resume(const ResourceKey& key);
    void refreshNow(const ResourceKey& key);
    void onVisible(TimeMs nowMs);

    // True while the scheduler will refresh the key by itself: Live mode, not yet stopped after
    // the end (still true during the one last fetch). Pausing does not change it: the App's
    // "a refresh is currently scheduled" is isLive(key) && !isPaused(key).
    bool isLive(const ResourceKey& key) const;
    bool isPaused(const ResourceKey& key) const;
    bool inFlight(const ResourceKey& key) const;
    // When the key is next due (kImmediately: as soon as possible); nullopt when paused, in flight,
    // stopped or not watched.
    std::optional<TimeMs> nextDueMs(const ResourceKey& key) const;
    std::optional<TimeMs> lastSuccessMs(const ResourceKey& key) const;
    // The last failure since the last success (cleared by a success).
    std::optional<ErrorRecord> lastError(const ResourceKey& key) const;
    int consecutiveFailures(const ResourceKey& key) const;
    int requestsInWindow(TimeMs nowMs) const;
    // After a 429: nothing should start before this (kImmediately when there is no hold). Requests
    // outside the schedule (back-fill) wait for it too.
    TimeMs heldUntilMs() const { return holdUntilMs_; }
    // Since a 429 and until a request after the hold succeeds: one key at a time.
    bool probing() const { return probing_; }
    bool probeInFlight() const { return probeKey_.has_value(); }  // (only ever while probing)
    const Options& options() const { return options_; }

private:
    enum class Phase {
        Live,       // refreshing at the cadence
        OwesFetch,  // one more successful fetch, then Stopped (Once keys, the last fetch)
        Stopped,
    };

    struct Entry {
        bool watched = true;  // false: unwatched while in flight, erased when the answer arrives
        Mode mode = Mode::Live;
        Phase phase = Phase::Live;
        bool seenLive = false;  // an answer said stillLive
        bool paused = false;
        bool manual = false;  // refreshNow: due even when paused or stopped
        bool inFlight = false;
        std::optional<TimeMs> due;  // the schedule, kept while paused
        TimeMs lastStartMs = 0;
        uint64_t lastStartSeq = 0;  // order of the last started(): least recent goes first
        std::optional<TimeMs> lastSuccessMs;
        std::optional<ErrorRecord> lastError;
        int failures = 0;
        TimeMs intervalMs = 0;  // setCadence(); 0: options_.intervalMs
    };

    const Entry* find(const ResourceKey& key) const;
    Entry* findWatched(const ResourceKey& key);
    std::optional<TimeMs> effectiveDue(const Entry& e) const;
    TimeMs cadenceDue(const Entry& e, TimeMs nowMs) const;
    TimeMs backoffDelay(int failures, TimeMs maxMs);
    double nextUnit();  // uniform in [0, 1)
    void finishFlight(const ResourceKey& key, Entry& e);
    void probeAnswered(const ResourceKey& key, bool rateLimited);
    void startProbe(const ResourceKey& key);
    void settle(const ResourceKey& key, TimeMs nowMs, bool stillLive);
    void prune(TimeMs nowMs);
    // Starts within the window ending at nowMs, and when the next budget slot frees (nowMs if
    // free).
    int countInWindow(TimeMs nowMs) const;
    TimeMs budgetFreeAtMs(TimeMs nowMs) const;

    Options options_;
    std::map<ResourceKey, Entry> entries_;
    std::deque<TimeMs> starts_;            // sorted start times within the window
    TimeMs holdUntilMs_ = kImmediately;    // 429: nothing starts before this
    bool probing_ = false;                 // after a 429: one key at a time until one succeeds
    std::optional<ResourceKey> probeKey_;  // that key, while in flight
    uint64_t rateLimitSeq_ = 0;            // 429s so far
    uint64_t probeSeq_ = 0;                // rateLimitSeq_ when the probe started
    uint64_t rng_;
    uint64_t startSeq_ = 0;
};

}  // namespace core
