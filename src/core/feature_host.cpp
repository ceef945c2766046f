// core/feature_host.cpp — see feature.h.
#include <algorithm>

#include "core/app.h"
#include "core/app_internal.h"
#include "core/feature.h"
#include "core/time.h"

namespace core {
namespace {

// "12:03:05 UTC" of a server-clock time.
std::string clockTime(TimeMs serverTime) {
    const std::string s = formatDateTime(serverTime);
    return (s.size() > 11 ? s.substr(11) : s) + " UTC";
}

}  // namespace

TimeMs FeatureHost::serverNow(TimeMs localNow) const {
    return localNow + state.serverClockOffsetMs;
}

void FeatureHost::changed() {
    ++state.revision;
}

void FeatureHost::noteServerTime(TimeMs serverTime) {
    if (serverTime > 0 && clock) state.serverClockOffsetMs = serverTime - clock();
}

bool FeatureHost::arrived(TimeMs serverTime, int followUps, const ApiError& e,
                          const std::optional<ResourceKey>& key, bool wanted) {
    noteServerTime(serverTime);
    for (int i = 0; i < followUps; ++i) scheduler.noteRequest(now());
    if (wanted) return true;
    if (key) {
        if (e.kind == ErrorKind::RateLimited) scheduler.rateLimited(now(), e.retryAfterSeconds);
        scheduler.abandoned(*key, now());
    }
    return false;
}

void FeatureHost::failed(const ResourceKey& key, const ApiError& e, Freshness& f, uint64_t sentIn) {
    scheduler.failed(key, now(), failureFrom(e));
    if (e.kind == ErrorKind::Unauthorized) return unauthorizedIn(sentIn, e);
    f.error = describe(e);
    f.errorAt = now();
    refreshViews();
}

void FeatureHost::answered(const ResourceKey& key, bool stillLive) {
    scheduler.succeeded(key, now(), stillLive);
    refreshViews();
}

void fillFreshness(const RefreshScheduler& scheduler, const ResourceKey& key, TimeMs nowMs,
                   Freshness& f) {
    if (auto t = scheduler.lastSuccessMs(key)) f.lastSuccessAt = *t;
    const auto due = scheduler.nextDueMs(key);
    f.nextRefreshAt = !due                                     ? 0
                      : *due == RefreshScheduler::kImmediately ? nowMs
                                                               : std::max(*due, nowMs);
    f.inFlight = scheduler.inFlight(key);
}

std::string staleText(const char* what, const Freshness& f, const char* showing,
                      TimeMs serverClockOffsetMs) {
    if (f.error.empty()) return {};
    std::string text = std::string("Could not refresh ") + what + ": " + f.error + ".";
    if (f.lastSuccessAt > 0)
        text += std::string(" Showing ") + showing + " as of " +
                clockTime(f.lastSuccessAt + serverClockOffsetMs) + ".";
    return text;
}

}  // namespace core
