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

}  // namespace

bool SummaryState::anyRunning() const {
    return std::any_of(syncs.begin(), syncs.end(), [](const Sync& s) { return !syncFinished(s); });
}

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
                    // Live while on screen, running or not: a new run must show by itself.
                    host_.answered(k, true);
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

void SummaryFeed::updateFreshness(TimeMs nowMs) {
    SummaryState& S = host_.state.summary;
    if (!S.serviceId) return;
    fillFreshness(host_.scheduler, syncsKey(S.serviceId), nowMs, S.syncsFreshness);
    fillFreshness(host_.scheduler, txKey(S.serviceId), nowMs, S.bucketsFreshness);
    S.live = host_.scheduler.isLive(syncsKey(S.serviceId));
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
