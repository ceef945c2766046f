// core/summary_feed.h — the service summary: the syncs of the last 24 hours and pulled / pushed
// per hour, refreshed every refreshSeconds while the summary is on screen, whether or not a sync
// runs (state.summary; docs/architecture.md).
#pragma once

#include <vector>

#include "core/feature.h"

namespace core {

class SummaryFeed final : public Feature {
public:
    using Feature::Feature;

    void watchKeys(const Route& route, std::vector<Watch>& keys) override;
    bool dispatch(const ResourceKey& key, TimeMs now) override;
    void reset() override;
    void updateFreshness(TimeMs now) override;
    std::string staleText(View view) const override;
    std::optional<TimeMs> nextWakeMs(TimeMs now) const override;

    // The table's rows (SummaryState::visible) after the search, the filter or the sort changed.
    void filter();

private:
    void requestSyncs(int64_t serviceId, int page, uint64_t generation);
    void requestTransactions(int64_t serviceId, uint64_t generation);
    // Issue 18: the newest line of a running sync (one line), for the quiet mark of its row.
    void requestTail(int64_t syncId, uint64_t generation);
    void updateQuiet(TimeMs now);
    ResourceKey tailKey(int64_t syncId) const { return {ResourceKey::Kind::SyncTail, syncId}; }
    ResourceKey syncsKey(int64_t serviceId) const { return {ResourceKey::Kind::Syncs, serviceId}; }
    ResourceKey txKey(int64_t serviceId) const {
        return {ResourceKey::Kind::Transactions, serviceId};
    }

    std::vector<Sync> incoming_;  // pages of a syncs load being assembled
    uint64_t generation_ = 0;     // answers for another service (or before a reset) are dropped
};

}  // namespace core
