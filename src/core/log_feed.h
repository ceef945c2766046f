// core/log_feed.h — a sync's log: its header (the sync), its new lines refreshed while the sync
// runs, and older lines filled in behind ("back-fill") outside the schedule (state.log;
// docs/architecture.md).
#pragma once

#include <map>
#include <vector>

#include "core/feature.h"

namespace core {

class LogFeed final : public Feature {
public:
    using Feature::Feature;

    void watchKeys(const Route& route, std::vector<Watch>& keys) override;
    bool dispatch(const ResourceKey& key, TimeMs now) override;
    void reset() override;
    void updateFreshness(TimeMs now) override;
    std::string staleText(View view) const override;
    // Older lines: the next pages when due (budget, a 429's hold, a failure's delay allowing).
    void pump(TimeMs now) override;
    std::optional<TimeMs> nextWakeMs(TimeMs now) const override;
    void refreshNow() override { backfillRetryAt_ = 0; }

    // The "Auto-refresh is on / off" button of the log shown: pauses or resumes its keys.
    void setAutoRefresh(bool on);

private:
    void requestSyncHeader(uint64_t generation);
    void requestLog(uint64_t generation);
    void onBackfillPage(int64_t beforeId, Answer<LogAnswer> answer, uint64_t session);
    // The gap between pulled and pushed explained (core/gap.h), after the lines, their
    // signatures or the header's counts changed; recomputed only when what it reads changed, and
    // kept in AppState::gapNotes for the summary.
    void explainGap(LogState& L);
    // The log shown for `generation`, if it is still the one asked for (null: dropped).
    LogState* current(uint64_t generation) const;
    // An answer told the sync's status: with the bell on, a sync seen running that has now
    // finished is told (AppState::finished).
    void noteStatus(LogState& L);
    // The quiet mark (core/quiet.h) as of `now` (local clock).
    void updateQuiet(TimeMs now);

    uint64_t generation_ = 0;     // answers for another log (or before a reset) are dropped
    TimeMs backfillRetryAt_ = 0;  // older lines: not before this (after a failure)
    int backfillFailures_ = 0;
    // Back-fill in flight (several pages at once when the dialect's ranges are exact), pages
    // that arrived before the newer page they must follow (by the beforeId they answer), and
    // the beforeId of the next page to ask for (0: start again from the first line held).
    int backfillInFlight_ = 0;
    std::map<int64_t, std::vector<LogLine>> backfillReady_;
    int64_t backfillNext_ = 0;
};

}  // namespace core
