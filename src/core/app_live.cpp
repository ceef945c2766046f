// core/app_live.cpp — the App's live data: the features' scheduler keys, refreshed by the
// RefreshScheduler (see app.h, feature.h and refresh_scheduler.h).
//
// Scheduler keys (core/resource_key.h), one per resource of the route shown:
//   {SignIn, session}       the services list that checks a token (Once; app.cpp)
//   {Syncs, serviceId}      the summary's syncs of the last 24 h (summary_feed.cpp)
//   {Transactions, id}      pulled / pushed per hour, if the dialect has them (summary_feed.cpp)
//   {SyncTail, syncId}      a running sync's newest line, for its quiet mark (summary_feed.cpp)
//   {SyncHeader, syncId}    the log view's header (log_feed.cpp)
//   {Log, syncId}           new lines of the log (log_feed.cpp, through log_reader.cpp)
//   {CompareHeader, id}, {CompareLog, id}  the two runs compared (compare_feed.cpp; issue 18)
//   {Services, 0}           the services list, every 30 s while shown (services_feed.cpp)
//   {TraceFile, fileId}     a payload file read for a trace (Once, 4 at a time; trace_feed.cpp)
// Every answer passes FeatureHost's guard (feature.h): an answer to a view left since is dropped —
// after telling the scheduler, so no key stays "in flight".
#include <algorithm>

#include "core/app.h"
#include "core/app_internal.h"

namespace core {

// --- the route's keys --------------------------------------------------------------------------

void App::watchRoute() {
    std::vector<Feature::Watch> want;
    if (state_.auth == AuthState::Ok)
        for (Feature* f : features_) f->watchKeys(state_.route, want);
    const auto wanted = [&](const ResourceKey& k) {
        return std::any_of(want.begin(), want.end(),
                           [&](const Feature::Watch& w) { return w.key == k; });
    };
    for (const ResourceKey& k : watched_)
        if (!wanted(k)) scheduler_.unwatch(k);
    std::vector<ResourceKey> keys;
    for (const Feature::Watch& w : want) {
        keys.push_back(w.key);
        if (std::find(watched_.begin(), watched_.end(), w.key) != watched_.end()) continue;
        scheduler_.watch(w.key,
                         w.once ? RefreshScheduler::Mode::Once : RefreshScheduler::Mode::Live);
        if (w.intervalMs > 0 || w.lastFetchMs > 0)
            scheduler_.setCadence(w.key, w.intervalMs, w.lastFetchMs);
        if (w.paused) scheduler_.pause(w.key);
    }
    watched_ = std::move(keys);
    updateFreshness();
}

void App::unwatchAll() {
    for (const ResourceKey& k : watched_) scheduler_.unwatch(k);
    watched_.clear();
}

void App::tick(TimeMs nowMs) {
    host_.lastTickMs = nowMs;
    // A log's header before its lines: the small answer that sets the view's layout comes back
    // first, so that the first frame with lines can have its final layout (src/web holds that
    // frame until both are in, issue 20); otherwise in the scheduler's order.
    std::vector<ResourceKey> due = scheduler_.tick(nowMs);
    std::stable_partition(due.begin(), due.end(), [](const ResourceKey& k) {
        return k.kind == ResourceKey::Kind::SyncHeader ||
               k.kind == ResourceKey::Kind::CompareHeader;
    });
    for (const ResourceKey& k : due) dispatch(k, nowMs);
    for (Feature* f : features_) f->pump(nowMs);
    updateFreshness();
}

std::optional<TimeMs> App::nextWakeMs(TimeMs nowMs) const {
    std::optional<TimeMs> next = scheduler_.nextWakeMs(nowMs);
    for (const Feature* f : features_)
        if (const std::optional<TimeMs> at = f->nextWakeMs(nowMs); at && (!next || *at < *next))
            next = at;
    return next;
}

void App::onVisible(TimeMs nowMs) {
    scheduler_.onVisible(nowMs);
    tick(nowMs);
}

void App::dispatch(const ResourceKey& k, TimeMs nowMs) {
    scheduler_.started(k, nowMs);
    bool sent = false;
    if (signInKey_ && k == *signInKey_) {
        requestSignIn();
        sent = true;
    }
    for (Feature* f : features_)
        if (!sent) sent = f->dispatch(k, nowMs);
    if (!sent) scheduler_.abandoned(k, nowMs);  // not this route's any more
    updateFreshness();
    changed();
}

// --- what the features ask of the App ----------------------------------------------------------

void App::refreshViews() {
    updateFreshness();
    composeBanner();
    changed();
}

void App::updateFreshness() {
    const TimeMs nowMs = now();
    for (Feature* f : features_) f->updateFreshness(nowMs);
}

void App::composeBanner() {
    std::string text;
    for (const Feature* f : features_)
        if (text.empty()) text = f->staleText(state_.view);
    if (text.empty()) dismissedBanner_.clear();
    if (text == dismissedBanner_) text.clear();
    state_.banner = text.empty() ? Banner{} : Banner{Banner::Kind::Error, text};
}

std::optional<HttpGet> App::payloadDownload() const {
    return payload_.download();
}

}  // namespace core
