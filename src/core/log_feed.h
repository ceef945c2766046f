// core/log_feed.h — a sync's log: its header (the sync), its new lines refreshed while the sync
// runs, and older lines filled in behind ("back-fill") outside the schedule (state.log;
// docs/architecture.md). The reading is core::LogReader's (log_reader.h); this feature adds the
// bell, the quiet mark and the signature asked for from a comparison.
#pragma once

#include <vector>

#include "core/feature.h"
#include "core/log_reader.h"

namespace core {

class LogFeed final : public Feature {
public:
    explicit LogFeed(FeatureHost& host);

    void watchKeys(const Route& route, std::vector<Watch>& keys) override;
    bool dispatch(const ResourceKey& key, TimeMs now) override;
    void reset() override;
    void updateFreshness(TimeMs now) override;
    std::string staleText(View view) const override;
    // Older lines: the next pages when due (budget, a 429's hold, a failure's delay allowing).
    void pump(TimeMs now) override;
    std::optional<TimeMs> nextWakeMs(TimeMs now) const override;
    void refreshNow() override { reader_.refreshNow(); }

    // The "Auto-refresh is on / off" button of the log shown: pauses or resumes its keys.
    void setAutoRefresh(bool on);
    // The first screen first (LogReader::setFirstScreenHold).
    void setFirstScreenHold(bool on) { reader_.setFirstScreenHold(on); }
    void linesDrawn(TimeMs now) { reader_.linesDrawn(now); }

private:
    // An answer told the sync's status: with the bell on, a sync seen running that has now
    // finished is told (AppState::finished).
    void noteStatus(LogState& L);
    // The quiet mark (core/quiet.h) as of `now` (local clock).
    void updateQuiet(TimeMs now);
    // A signature clicked in a comparison (CompareState::wanted): selected once grouped here.
    void showWantedSignature();

    LogReader reader_;
};

}  // namespace core
