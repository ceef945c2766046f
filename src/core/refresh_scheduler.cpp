// core/refresh_scheduler.cpp — the rules are in the header.
#include "core/refresh_scheduler.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace core {

const char* toString(FailureKind k) {
    switch (k) {
        case FailureKind::Server: return "server";
        case FailureKind::Network: return "network";
        case FailureKind::Timeout: return "timeout";
        case FailureKind::RateLimited: return "rate-limited";
        case FailureKind::Other: return "other";
    }
    return "other";
}

Failure failureFrom(const ApiError& e) {
    Failure f;
    f.retryAfterSeconds = e.retryAfterSeconds;
    switch (e.kind) {
        case ErrorKind::Server: f.kind = FailureKind::Server; break;
        case ErrorKind::Network: f.kind = FailureKind::Network; break;
        case ErrorKind::Timeout: f.kind = FailureKind::Timeout; break;
        case ErrorKind::RateLimited: f.kind = FailureKind::RateLimited; break;
        default: f.kind = FailureKind::Other; break;
    }
    return f;
}

RefreshScheduler::Options RefreshScheduler::Options::fromRefreshSeconds(int refreshSeconds) {
    Options o;
    if (refreshSeconds >= 1) o.intervalMs = static_cast<TimeMs>(refreshSeconds) * 1000;
    return o;
}

RefreshScheduler::RefreshScheduler(const Options& options) : options_(options), rng_(options.seed) {
    if (options_.intervalMs < 1) options_.intervalMs = 1;
    if (options_.windowMs < 1) options_.windowMs = 1;
    if (options_.backoffMaxMs < options_.backoffMinMs)
        options_.backoffMaxMs = options_.backoffMinMs;
    options_.jitterFraction = std::clamp(options_.jitterFraction, 0.0, 1.0);
}

// --- the keys ---------------------------------------------------------------------------------

void RefreshScheduler::watch(const ResourceKey& key, Mode mode) {
    auto it = entries_.find(key);
    if (it == entries_.end() || !it->second.watched) {
        Entry fresh;
        fresh.mode = mode;
        fresh.phase = mode == Mode::Live ? Phase::Live : Phase::OwesFetch;
        fresh.due = kImmediately;
        if (it != entries_.end()) {  // unwatched while in flight: that flight still counts
            fresh.inFlight = it->second.inFlight;
            fresh.lastStartMs = it->second.lastStartMs;
            fresh.lastStartSeq = it->second.lastStartSeq;
            it->second = fresh;
        } else {
            entries_.emplace(key, fresh);
        }
        return;
    }
    Entry& e = it->second;
    if (e.mode == mode) return;
    e.mode = mode;
    if (mode == Mode::Live) {
        if (e.phase == Phase::Stopped && !e.due) e.due = kImmediately;
        e.phase = Phase::Live;
    } else if (e.phase == Phase::Live) {
        e.phase = Phase::OwesFetch;
    }
}

void RefreshScheduler::unwatch(const ResourceKey& key) {
    auto it = entries_.find(key);
    if (it == entries_.end()) return;
    if (it->second.inFlight) {
        it->second.watched = false;
    } else {
        entries_.erase(it);
    }
}

bool RefreshScheduler::isWatched(const ResourceKey& key) const {
    const Entry* e = find(key);
    return e && e->watched;
}

const RefreshScheduler::Entry* RefreshScheduler::find(const ResourceKey& key) const {
    auto it = entries_.find(key);
    return it == entries_.end() ? nullptr : &it->second;
}

RefreshScheduler::Entry* RefreshScheduler::findWatched(const ResourceKey& key) {
    auto it = entries_.find(key);
    return it == entries_.end() || !it->second.watched ? nullptr : &it->second;
}

std::optional<TimeMs> RefreshScheduler::effectiveDue(const Entry& e) const {
    if (!e.watched || e.inFlight) return std::nullopt;
    if (e.manual) return kImmediately;
    if (e.paused || e.phase == Phase::Stopped) return std::nullopt;
    return e.due;
}

TimeMs RefreshScheduler::cadenceDue(const Entry& e, TimeMs nowMs) const {
    const TimeMs interval = e.intervalMs > 0 ? e.intervalMs : options_.intervalMs;
    return std::max(e.lastStartMs + interval, nowMs + options_.minGapMs);
}

void RefreshScheduler::setCadence(const ResourceKey& key, TimeMs intervalMs, TimeMs lastFetchMs) {
    Entry* e = findWatched(key);
    if (!e) return;
    e->intervalMs = std::max<TimeMs>(intervalMs, 0);
    const TimeMs interval = e->intervalMs > 0 ? e->intervalMs : options_.intervalMs;
    if (lastFetchMs > 0 && !e->inFlight && e->lastStartSeq == 0 && e->due == kImmediately)
        e->due = lastFetchMs + interval;
}

// --- the clock ----------------------------------------------------------------------------------

std::vector<ResourceKey> RefreshScheduler::tick(TimeMs nowMs) {
    prune(nowMs);
    std::vector<ResourceKey> out;
    if (nowMs < holdUntilMs_) return out;
    if (probeKey_) return out;  // after a 429: the one request's answer first
    size_t slots = static_cast<size_t>(-1);
    if (options_.budgetPerWindow > 0) {
        const int used = countInWindow(nowMs);
        if (used >= options_.budgetPerWindow) return out;
        slots = static_cast<size_t>(options_.budgetPerWindow - used);
    }
    struct Due {
        bool hasData;  // succeeded before
        TimeMs due;
        uint64_t lastStartSeq;
        const ResourceKey* key;
    };
    std::vector<Due> due;
    for (const auto& [key, e] : entries_) {
        std::optional<TimeMs> d = effectiveDue(e);
        if (d && *d <= nowMs)
            due.push_back({e.lastSuccessMs.has_value(), *d, e.lastStartSeq, &key});
    }
    // Earliest due first; among equals the least recently requested, so keys share a tight budget
    // evenly; then the map's key order, so the result is deterministic.
    std::stable_sort(due.begin(), due.end(), [](const Due& a, const Due& b) {
        return a.due != b.due ? a.due < b.due : a.lastStartSeq < b.lastStartSeq;
    });
    if (probing_ && !due.empty()) {
        // One key after a 429: the first without data, else the first.
        const auto first =
            std::find_if(due.begin(), due.end(), [](const Due& d) { return !d.hasData; });
        due = {first != due.end() ? *first : due.front()};
    }
    if (due.size() > slots) due.resize(slots);
    out.reserve(due.size());
    for (const auto& d : due) out.push_back(*d.key);
    return out;
}

std::optional<TimeMs> RefreshScheduler::nextWakeMs(TimeMs nowMs) const {
    std::optional<TimeMs> earliest;
    for (const auto& [key, e] : entries_) {
        std::optional<TimeMs> d = effectiveDue(e);
        if (d && (!earliest || *d < *earliest)) earliest = d;
    }
    if (!earliest || probeKey_) return std::nullopt;  // (the probe's answer wakes)
    TimeMs t = std::max(*earliest, nowMs);
    t = std::max(t, holdUntilMs_);
    return std::max(t, budgetFreeAtMs(nowMs));
}

// --- requests -----------------------------------------------------------------------------------

void RefreshScheduler::noteRequest(TimeMs nowMs) {
    prune(nowMs);
    starts_.insert(std::upper_bound(starts_.begin(), starts_.end(), nowMs), nowMs);
}

void RefreshScheduler::started(const ResourceKey& key, TimeMs nowMs) {
    noteRequest(nowMs);
    auto it = entries_.find(key);
    if (it == entries_.end()) return;
    Entry& e = it->second;
    startProbe(key);
    e.inFlight = true;
    e.manual = false;
    e.lastStartMs = nowMs;
    e.lastStartSeq = ++startSeq_;
}

void RefreshScheduler::finishFlight(const ResourceKey& key, Entry& e) {
    e.inFlight = false;
    if (!e.watched) entries_.erase(key);
}

void RefreshScheduler::startProbe(const ResourceKey& key) {
    if (!probing_ || probeKey_) return;
    probeKey_ = key;
    probeSeq_ = rateLimitSeq_;
}

void RefreshScheduler::probeAnswered(const ResourceKey& key, bool rateLimited) {
    if (!probing_ || key != probeKey_) return;
    probeKey_.reset();
    // Through (or a failure of another kind): the limit lets requests by again — unless another
    // request was refused while this one was out.
    if (!rateLimited && probeSeq_ == rateLimitSeq_) probing_ = false;
}

void RefreshScheduler::startedUnscheduled(const ResourceKey& tag, TimeMs nowMs) {
    noteRequest(nowMs);
    startProbe(tag);
}

void RefreshScheduler::answeredUnscheduled(const ResourceKey& tag, bool rateLimited) {
    probeAnswered(tag, rateLimited);
}

void RefreshScheduler::abandoned(const ResourceKey& key, TimeMs nowMs) {
    if (key == probeKey_) probeKey_.reset();  // still probing: the next request is the probe
    settle(key, nowMs, true);
}

void RefreshScheduler::succeeded(const ResourceKey& key, TimeMs nowMs, bool stillLive) {
    probeAnswered(key, false);
    settle(key, nowMs, stillLive);
}

void RefreshScheduler::settle(const ResourceKey& key, TimeMs nowMs, bool stillLive) {
    auto it = entries_.find(key);
    if (it == entries_.end() || !it->second.inFlight) return;
    if (!it->second.watched) return finishFlight(key, it->second);
    Entry& e = it->second;
    e.inFlight = false;
    e.lastSuccessMs = nowMs;
    e.lastError.reset();
    e.failures = 0;
    const bool live = e.mode == Mode::Live && stillLive;
    const bool wasSeenLive = e.seenLive;
    if (live) e.seenLive = true;
    if (live) {
        e.phase = Phase::Live;
        e.due = cadenceDue(e, nowMs);
    } else if (e.phase == Phase::Live && e.mode == Mode::Live && wasSeenLive) {
        e.phase = Phase::OwesFetch;  // seen finished: one last fetch at the usual cadence
        e.due = cadenceDue(e, nowMs);
    } else {
        e.phase = Phase::Stopped;  // the last fetch, a Once fetch, or finished from the start
        e.due.reset();
    }
}

void RefreshScheduler::rateLimited(TimeMs nowMs, int retryAfterSeconds) {
    const int seconds =
        retryAfterSeconds > 0 ? retryAfterSeconds : options_.defaultRetryAfterSeconds;
    holdUntilMs_ = std::max(holdUntilMs_, nowMs + static_cast<TimeMs>(seconds) * 1000);
    probing_ = true;
    ++rateLimitSeq_;
}

void RefreshScheduler::failed(const ResourceKey& key, TimeMs nowMs, const Failure& failure) {
    auto it = entries_.find(key);
    if (failure.kind == FailureKind::RateLimited) rateLimited(nowMs, failure.retryAfterSeconds);
    probeAnswered(key, failure.kind == FailureKind::RateLimited);
    if (it == entries_.end() || !it->second.inFlight) return;
    if (!it->second.watched) return finishFlight(key, it->second);
    Entry& e = it->second;
    e.inFlight = false;
    e.lastError = ErrorRecord{failure.kind, nowMs, failure.retryAfterSeconds};
    switch (failure.kind) {
        case FailureKind::RateLimited: {
            const int seconds = failure.retryAfterSeconds > 0 ? failure.retryAfterSeconds
                                                              : options_.defaultRetryAfterSeconds;
            if (e.phase != Phase::Stopped) e.due = nowMs + static_cast<TimeMs>(seconds) * 1000;
            break;
        }
        case FailureKind::Server:
        case FailureKind::Network:
        case FailureKind::Timeout: {
            ++e.failures;
            const TimeMs cap =
                !e.lastSuccessMs && options_.backoffMaxBeforeDataMs > 0
                    ? std::min(options_.backoffMaxBeforeDataMs, options_.backoffMaxMs)
                    : options_.backoffMaxMs;
            TimeMs delay = backoffDelay(e.failures, cap);
            if (failure.kind == FailureKind::Server && failure.retryAfterSeconds > 0)
                delay = std::max(delay, static_cast<TimeMs>(failure.retryAfterSeconds) * 1000);
            if (e.phase != Phase::Stopped) e.due = nowMs + delay;
            break;
        }
        case FailureKind::Other:
            if (e.phase == Phase::Live) {
                e.due = cadenceDue(e, nowMs);
            } else {
                e.phase = Phase::Stopped;  // not worth a retry: refreshNow() can try again
                e.due.reset();
            }
            break;
    }
}

TimeMs RefreshScheduler::backoffDelay(int failures, TimeMs maxMs) {
    maxMs = std::max(maxMs, options_.backoffMinMs);
    TimeMs base = std::max<TimeMs>(options_.backoffBaseMs, 1);
    for (int i = 1; i < failures && base < maxMs; ++i) base *= 2;
    base = std::min(base, maxMs);
    const double factor = 1.0 + options_.jitterFraction * (2.0 * nextUnit() - 1.0);
    const TimeMs delay = static_cast<TimeMs>(std::llround(static_cast<double>(base) * factor));
    return std::clamp(delay, options_.backoffMinMs, maxMs);
}

double RefreshScheduler::nextUnit() {
    // SplitMix64: tiny, seedable, the same sequence on every platform.
    uint64_t z = (rng_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    return static_cast<double>(z >> 11) * (1.0 / 9007199254740992.0);  // 53 bits → [0, 1)
}

// --- the budget ---------------------------------------------------------------------------------

void RefreshScheduler::prune(TimeMs nowMs) {
    while (!starts_.empty() && starts_.front() <= nowMs - options_.windowMs) starts_.pop_front();
}

int RefreshScheduler::countInWindow(TimeMs nowMs) const {
    auto first = std::upper_bound(starts_.begin(), starts_.end(), nowMs - options_.windowMs);
    return static_cast<int>(starts_.end() - first);
}

TimeMs RefreshScheduler::budgetFreeAtMs(TimeMs nowMs) const {
    if (options_.budgetPerWindow <= 0) return nowMs;
    auto first = std::upper_bound(starts_.begin(), starts_.end(), nowMs - options_.windowMs);
    const int count = static_cast<int>(starts_.end() - first);
    if (count < options_.budgetPerWindow) return nowMs;
    // That many starts must leave the window before one more fits.
    return *(first + (count - options_.budgetPerWindow)) + options_.windowMs;
}

int RefreshScheduler::requestsInWindow(TimeMs nowMs) const {
    return countInWindow(nowMs);
}

// --- user and page events -----------------------------------------------------------------------

void RefreshScheduler::pause(const ResourceKey& key) {
    if (Entry* e = findWatched(key)) e->paused = true;
}

void RefreshScheduler::resume(const ResourceKey& key) {
    if (Entry* e = findWatched(key)) e->paused = false;
}

void RefreshScheduler::refreshNow(const ResourceKey& key) {
    Entry* e = findWatched(key);
    if (e && !e->inFlight) e->manual = true;
}

void RefreshScheduler::onVisible(TimeMs nowMs) {
    for (auto& [key, e] : entries_) {
        if (e.watched && !e.inFlight && !e.paused && e.phase != Phase::Stopped) e.due = nowMs;
    }
}

// --- queries ------------------------------------------------------------------------------------

bool RefreshScheduler::isLive(const ResourceKey& key) const {
    const Entry* e = find(key);
    return e && e->watched && e->mode == Mode::Live && e->phase != Phase::Stopped;
}

bool RefreshScheduler::isPaused(const ResourceKey& key) const {
    const Entry* e = find(key);
    return e && e->watched && e->paused;
}

bool RefreshScheduler::inFlight(const ResourceKey& key) const {
    const Entry* e = find(key);
    return e && e->inFlight;
}

std::optional<TimeMs> RefreshScheduler::nextDueMs(const ResourceKey& key) const {
    const Entry* e = find(key);
    return e ? effectiveDue(*e) : std::nullopt;
}

std::optional<TimeMs> RefreshScheduler::lastSuccessMs(const ResourceKey& key) const {
    const Entry* e = find(key);
    return e && e->watched ? e->lastSuccessMs : std::nullopt;
}

std::optional<RefreshScheduler::ErrorRecord> RefreshScheduler::lastError(
    const ResourceKey& key) const {
    const Entry* e = find(key);
    return e && e->watched ? e->lastError : std::nullopt;
}

int RefreshScheduler::consecutiveFailures(const ResourceKey& key) const {
    const Entry* e = find(key);
    return e && e->watched ? e->failures : 0;
}

}  // namespace core
