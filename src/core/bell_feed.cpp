// core/bell_feed.cpp — the bells of syncs whose log is not on screen (see bell_feed.h).
#include "core/bell_feed.h"

#include "core/app.h"

namespace core {

namespace {

ResourceKey bellKey(int64_t syncId) {
    return {ResourceKey::Kind::BellStatus, syncId};
}

bool shows(const Route& r, int64_t syncId) {
    return r.view == View::Log && r.syncId == syncId;
}

}  // namespace

void tellFinished(AppState& state, int64_t syncId, int64_t serviceId, const Sync& sync) {
    FinishedNotice& n = state.finished;
    ++n.serial;
    n.syncId = syncId;
    n.serviceId = serviceId;
    n.status = sync.status;
    n.statusSent = sync.statusSent;
}

void BellFeed::watchKeys(const Route& r, std::vector<Watch>& keys) {
    AppState& s = host_.state;
    if (LogState* L = s.log.get(); L && L->notify && !shows(r, L->syncId)) {
        Bell& b = s.bells[L->syncId];
        b.serviceId = L->serviceId;
        b.seenRunning = b.seenRunning || L->seenRunning;
        L->notify = false;
    }
    for (const auto& [syncId, bell] : s.bells)
        if (!shows(r, syncId)) keys.push_back({bellKey(syncId)});
}

bool BellFeed::dispatch(const ResourceKey& k, TimeMs) {
    if (k.kind != ResourceKey::Kind::BellStatus || !host_.state.bells.count(k.id)) return false;
    requestStatus(k.id);
    return true;
}

void BellFeed::reset() {
    host_.state.bells.clear();
    ++generation_;
}

void BellFeed::requestStatus(int64_t syncId) {
    const ResourceKey k = bellKey(syncId);
    const Bell& bell = host_.state.bells.at(syncId);
    host_.backend.getSync(
        host_.state.credentials, bell.serviceId, syncId,
        [this, k, syncId, gen = generation_, session = host_.session](Answer<Sync> a) {
            auto& bells = host_.state.bells;
            const auto b = bells.find(syncId);
            const bool wanted = gen == generation_ && b != bells.end();
            host_.guardAnswer(a, k, session, wanted ? &b->second.freshness : nullptr,
                              [&](Sync& sync) {
                                  b->second.freshness.error.clear();
                                  if (!syncFinished(sync)) {
                                      b->second.seenRunning = true;
                                      return host_.answered(k, true);
                                  }
                                  // Told once, and only of a sync seen running (a bell set
                                  // on a sync that had in fact finished says nothing).
                                  if (b->second.seenRunning)
                                      tellFinished(host_.state, syncId, b->second.serviceId, sync);
                                  bells.erase(b);
                                  host_.answered(k, false);
                                  host_.rewatch();
                              });
        });
}

}  // namespace core
