// core/bell_feed.h — "Tell me when it finishes" for syncs whose log is no longer on screen
// (issue 18 point 3; docs/data-layer.md, "The bell").
//
// The bell is set on a running sync's log (intent::Notify, LogState::notify). While that log is
// shown, its own header refresh (LogFeed) sees the sync finish. When the user leaves it — back to
// the summary, another log, another service — the bell is handed over to AppState::bells, and
// this feature asks for that sync's header (the same GET as the log's header, scheduler key
// {BellStatus, id}) every refreshSeconds, inside the request budget, until it finishes: then
// AppState::finished is told once (a notification, the title, syncscope:sync-finished) and the
// bell is dropped. Opening that log again takes the bell back (LogFeed::watchKeys). A bell is in
// exactly one place: the shown log's LogState::notify, or AppState::bells.
#pragma once

#include "core/feature.h"

namespace core {

class BellFeed final : public Feature {
public:
    using Feature::Feature;

    // Runs before LogFeed's (App::features_): hands the bell of a log the route no longer shows
    // over to AppState::bells, then watches every bell but the one of the log about to be shown.
    void watchKeys(const Route& route, std::vector<Watch>& keys) override;
    bool dispatch(const ResourceKey& key, TimeMs now) override;
    void reset() override;

private:
    void requestStatus(int64_t syncId);
    uint64_t generation_ = 0;  // bumped on sign-out: answers in flight are dropped
};

// Tells AppState::finished that `syncId` finished with `sync`'s status (the bell's one message).
void tellFinished(AppState& state, int64_t syncId, int64_t serviceId, const Sync& sync);

}  // namespace core
