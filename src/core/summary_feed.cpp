// core/summary_feed.cpp — see summary_feed.h.
#include "core/summary_feed.h"

#include "core/app.h"
#include "core/sync_filter.h"

#include <algorithm>

namespace core {
namespace {

constexpr int kSyncsPerPage = 100;
constexpr int kMaxSyncPages = 20;  // 2,000 syncs in 24 hours: a sync every 43 s
constexpr TimeMs kDayMs = 24 * 3600 * 1000LL;
constexpr TimeMs kHourMs = 3600 * 1000LL;
// A running sync's newest line is asked for this often (issue 18's quiet rule: its floor is
// 60 s), and a sample older than kTailStaleMs is not judged.
constexpr TimeMs kTailRefreshMs = 15 * 1000;
constexpr TimeMs kTailStaleMs = 45 * 1000;

}  // namespace

bool SummaryState::anyRunning() const {
    return std::any_of(syncs.begin(), syncs.end(), [](const Sync& s) { return !syncFinished(s); });
}

bool SummaryState::isQuiet(int64_t syncId) const {
    return std::find(quiet.begin(), quiet.end(), syncId) != quiet.end();
}

namespace {

// The syncs whose newest line the summary asks for: those running (a queued one writes nothing).
std::vector<int64_t> runningIds(const SummaryState& S) {
    std::vector<int64_t> ids;
    for (const Sync& s : S.syncs)
        if (s.status == SyncStatus::Running) ids.push_back(s.id);
    return ids;
}

}  // namespace

void SummaryFeed::watchKeys(const Route& r, std::vector<Watch>& keys) {
    if (r.view != View::Summary || r.serviceId <= 0) return;
    SummaryState& S = host_.state.summary;
    if (S.serviceId != r.serviceId) {
        S = {};
        S.serviceId = r.serviceId;
        S.bucketsAvailable = host_.state.capabilities.transactions;
        ++generation_;
    }
    keys.push_back({syncsKey(r.serviceId)});
    if (host_.state.capabilities.transactions) keys.push_back({txKey(r.serviceId)});
    // A running sync's newest line: every kTailRefreshMs (the quiet rule's floor is 60 s, so
    // the summary's 5 s would spend 12 requests a minute per running sync for nothing).
    for (int64_t id : runningIds(S)) {
        Watch w{tailKey(id)};
        w.intervalMs = kTailRefreshMs;
        keys.push_back(w);
    }
}

bool SummaryFeed::dispatch(const ResourceKey& k, TimeMs nowMs) {
    const int64_t serviceId = host_.state.route.serviceId;
    if (host_.state.summary.serviceId != serviceId) return false;
    if (k == syncsKey(serviceId)) {
        incoming_.clear();
        host_.state.summary.windowStart = host_.serverNow(nowMs) - kDayMs;
        requestSyncs(serviceId, 1, generation_);
        return true;
    }
    if (k == txKey(serviceId)) {
        requestTransactions(serviceId, generation_);
        return true;
    }
    if (k.kind == ResourceKey::Kind::SyncTail) {
        const std::vector<int64_t> ids = runningIds(host_.state.summary);
        if (std::find(ids.begin(), ids.end(), k.id) == ids.end()) return false;
        requestTail(k.id, generation_);
        return true;
    }
    return false;
}

void SummaryFeed::reset() {
    host_.state.summary = {};
    incoming_.clear();
    ++generation_;
}

void SummaryFeed::requestSyncs(int64_t serviceId, int page, uint64_t gen) {
    if (page > 1) host_.scheduler.noteRequest(host_.now());
    const ResourceKey k = syncsKey(serviceId);
    host_.backend.listSyncs(
        host_.state.credentials, serviceId, host_.state.summary.windowStart, page, kSyncsPerPage,
        [this, k, serviceId, page, gen, session = host_.session](Answer<SyncsPage> a) {
            SummaryState& S = host_.state.summary;
            host_.guardAnswer(
                a, k, session, gen == generation_ ? &S.syncsFreshness : nullptr,
                [&](SyncsPage& got) {
                    for (Sync& s : got.syncs) {
                        if (s.serviceId == 0) s.serviceId = serviceId;
                        if (s.startedAt >= S.windowStart) incoming_.push_back(std::move(s));
                    }
                    if (page < got.meta.lastPage && page < kMaxSyncPages && !got.syncs.empty())
                        return requestSyncs(serviceId, page + 1, gen);
                    S.syncs = std::move(incoming_);
                    incoming_.clear();
                    std::stable_sort(
                        S.syncs.begin(), S.syncs.end(), [](const Sync& x, const Sync& y) {
                            return x.startedAt != y.startedAt ? x.startedAt > y.startedAt
                                                              : x.id > y.id;
                        });
                    S.loaded = true;
                    S.updatedAt = host_.serverNow(host_.now());
                    filter();
                    S.syncsFreshness.error.clear();
                    // The newest lines of the syncs running now: those of syncs that stopped
                    // running are forgotten, and the scheduler's keys follow.
                    const std::vector<int64_t> running = runningIds(S);
                    bool keysChanged = running.size() != S.tails.size();
                    for (auto it = S.tails.begin(); it != S.tails.end();) {
                        const bool keep =
                            std::find(running.begin(), running.end(), it->first) != running.end();
                        keysChanged = keysChanged || !keep;
                        it = keep ? std::next(it) : S.tails.erase(it);
                    }
                    for (int64_t id : running) S.tails[id];
                    // Live while on screen, running or not: a new run must show by itself.
                    host_.answered(k, true);
                    if (keysChanged) host_.rewatch();
                });
        });
}

void SummaryFeed::requestTransactions(int64_t serviceId, uint64_t gen) {
    const ResourceKey k = txKey(serviceId);
    const TimeMs to = host_.serverNow(host_.now());
    const TimeMs from = (to - kDayMs) / kHourMs * kHourMs;
    host_.backend.transactions(
        host_.state.credentials, serviceId, from, to,
        [this, k, gen, session = host_.session](Answer<std::vector<TransactionBucket>> a) {
            SummaryState& S = host_.state.summary;
            host_.guardAnswer(a, k, session, gen == generation_ ? &S.bucketsFreshness : nullptr,
                              [&](std::vector<TransactionBucket>& buckets) {
                                  S.buckets = std::move(buckets);
                                  S.bucketsLoaded = true;
                                  S.bucketsFreshness.error.clear();
                                  host_.answered(k, true);  // as the syncs
                              });
        });
}

void SummaryFeed::requestTail(int64_t syncId, uint64_t gen) {
    const ResourceKey k = tailKey(syncId);
    LogRequest r;
    r.kind = LogRequest::Kind::Tail;
    r.syncId = syncId;
    r.serviceId = host_.state.summary.serviceId;
    r.limit = 1;  // the newest line: its id and its time are all the rule needs
    host_.backend.readLog(
        host_.state.credentials, r,
        [this, k, syncId, gen, session = host_.session](Answer<LogAnswer> a) {
            SummaryState& S = host_.state.summary;
            const auto tail = S.tails.find(syncId);
            const bool wanted = gen == generation_ && tail != S.tails.end();
            host_.guardAnswer(
                a, k, session, wanted ? &tail->second.freshness : nullptr, [&](LogAnswer& got) {
                    SummaryState::Tail& t = tail->second;
                    t.freshness.error.clear();
                    const std::vector<LogLine>& lines = got.page.lines;
                    if (!got.notModified && !lines.empty()) {
                        const std::pair<int64_t, TimeMs> seen{lines.back().id, lines.back().at};
                        if (t.samples.empty() || t.samples.back() != seen)
                            t.samples.push_back(seen);
                        if (t.samples.size() > SummaryState::kTailSamples)
                            t.samples.erase(t.samples.begin());
                    }
                    const bool ended = got.page.syncStatus && syncFinished(*got.page.syncStatus, 0);
                    host_.answered(k, !ended);
                });
        });
}

void SummaryFeed::updateQuiet(TimeMs nowMs) {
    SummaryState& S = host_.state.summary;
    std::vector<int64_t> quiet;
    const TimeMs serverNow = host_.serverNow(nowMs);
    for (const Sync& s : S.syncs) {
        const auto t = S.tails.find(s.id);
        if (t == S.tails.end() || t->second.samples.empty()) continue;
        // Judged only from a recent sample: back on the summary after a while, or with the tail's
        // refresh failing, its samples say nothing about now.
        const std::optional<TimeMs> sampled = host_.scheduler.lastSuccessMs(tailKey(s.id));
        if (!t->second.freshness.error.empty() || !sampled || nowMs - *sampled > kTailStaleMs)
            continue;
        const TimeMs typical = typicalGapFromSamples(t->second.samples, s.startedAt);
        if (quietMark(s.status == SyncStatus::Running, t->second.samples.back().second, typical,
                      serverNow))
            quiet.push_back(s.id);
    }
    if (quiet != S.quiet) {
        S.quiet = std::move(quiet);
        host_.changed();
    }
}

std::optional<TimeMs> SummaryFeed::nextWakeMs(TimeMs nowMs) const {
    const SummaryState& S = host_.state.summary;
    if (host_.state.view != View::Summary) return std::nullopt;
    std::optional<TimeMs> next;
    for (const Sync& s : S.syncs) {
        const auto t = S.tails.find(s.id);
        if (t == S.tails.end() || t->second.samples.empty() || S.isQuiet(s.id)) continue;
        const TimeMs from =
            quietFromMs(s.status == SyncStatus::Running, t->second.samples.back().second,
                        typicalGapFromSamples(t->second.samples, s.startedAt));
        if (!from) continue;
        const TimeMs at = std::max(nowMs, from - host_.state.serverClockOffsetMs);
        if (!next || at < *next) next = at;
    }
    return next;
}

void SummaryFeed::updateFreshness(TimeMs nowMs) {
    SummaryState& S = host_.state.summary;
    if (!S.serviceId) return;
    fillFreshness(host_.scheduler, syncsKey(S.serviceId), nowMs, S.syncsFreshness);
    fillFreshness(host_.scheduler, txKey(S.serviceId), nowMs, S.bucketsFreshness);
    S.live = host_.scheduler.isLive(syncsKey(S.serviceId));
    updateQuiet(nowMs);
}

std::string SummaryFeed::staleText(View view) const {
    if (view != View::Summary) return {};
    const SummaryState& S = host_.state.summary;
    const TimeMs offset = host_.state.serverClockOffsetMs;
    std::string text = core::staleText("the syncs", S.syncsFreshness, "the syncs", offset);
    if (text.empty()) text = core::staleText("the chart", S.bucketsFreshness, "the chart", offset);
    return text;
}

void SummaryFeed::filter() {
    SummaryState& S = host_.state.summary;
    S.visible.clear();
    for (size_t i = 0; i < S.syncs.size(); ++i) {
        const Sync& s = S.syncs[i];
        if (S.statusFilter && s.status != *S.statusFilter) continue;
        if (!syncMatches(s, SyncSearch{S.search, S.searchText})) continue;
        S.visible.push_back(i);
    }
    if (S.sort.key == SyncSortKey::Default) return;  // the API's order: newest first
    // Ties keep the API's order. Durations are the cells' (syncDurationMs: a running sync's is
    // measured to now, server clock); one that has not finished sorts after every finish time.
    const TimeMs nowServer = host_.serverNow(host_.now());
    const auto value = [&](const Sync& s) -> int64_t {
        switch (S.sort.key) {
            case SyncSortKey::Id: return s.id;
            case SyncSortKey::Status: return static_cast<int64_t>(s.status);
            case SyncSortKey::Started: return s.startedAt;
            case SyncSortKey::Finished: return s.finishedAt ? s.finishedAt : INT64_MAX;
            case SyncSortKey::Duration: return syncDurationMs(s, nowServer);  // as its cell
            case SyncSortKey::Pulled: return s.pulledCount;
            case SyncSortKey::Pushed: return s.pushedCount;
            case SyncSortKey::Issues:
                return std::max<int64_t>(0, s.errorCount) * 1000000 +
                       std::max<int64_t>(0, s.warningCount);
            default: return 0;
        }
    };
    const bool desc = S.sort.descending;
    std::stable_sort(S.visible.begin(), S.visible.end(), [&](size_t a, size_t b) {
        const Sync &x = S.syncs[a], &y = S.syncs[b];
        if (S.sort.key == SyncSortKey::Trigger) {
            const int c = x.triggerName.compare(y.triggerName);
            return desc ? c > 0 : c < 0;
        }
        const int64_t vx = value(x), vy = value(y);
        return desc ? vx > vy : vx < vy;
    });
}

}  // namespace core
