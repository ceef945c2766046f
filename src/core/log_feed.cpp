// core/log_feed.cpp — see log_feed.h.
//
// The reading itself (scheduler keys {SyncHeader, syncId} and {Log, syncId}, live while the sync
// runs and paused with the "Auto-refresh" button; older lines filled in behind) is core::LogReader
// (log_reader.h), which CompareFeed uses too. LogFeed adds what only the log view has: the bell,
// the quiet mark, and a signature asked for from the comparison.
#include "core/log_feed.h"

#include "core/app.h"

#include <algorithm>

#include "core/app_internal.h"

namespace core {

LogFeed::LogFeed(FeatureHost& host)
    : Feature(host),
      reader_(
          host, View::Log, [this] { return host_.state.log.get(); },
          [this](LogState& L) { noteStatus(L); }) {}

void LogFeed::watchKeys(const Route& r, std::vector<Watch>& keys) {
    // A compared signature asked for (core/compare_feed.h) belongs to the click that opened its
    // log: forgotten once the route is not that log.
    CompareState::Wanted& W = host_.state.compare.wanted;
    if (W.syncId != 0 && !(r.view == View::Log && r.syncId == W.syncId)) W = {};
    if (r.view != View::Log || r.syncId <= 0) return;
    std::unique_ptr<LogState>& log = host_.state.log;
    if (!log || log->syncId != r.syncId) {
        log = std::make_unique<LogState>();
        log->syncId = r.syncId;
        host_.state.payload = {};  // a payload preview belongs to the log it was opened from
        reader_.restart();
    }
    log->serviceId = r.serviceId;
    // A bell handed over when this log was left (core/bell_feed.h) is the log's again.
    if (const auto b = host_.state.bells.find(r.syncId); b != host_.state.bells.end()) {
        log->notify = true;
        log->seenRunning = log->seenRunning || b->second.seenRunning;
        host_.state.bells.erase(b);
    }
    reader_.watchKeys(keys);
}

bool LogFeed::dispatch(const ResourceKey& k, TimeMs) {
    return reader_.dispatch(k);
}

void LogFeed::reset() {
    host_.state.log.reset();
    host_.state.gapNotes = {};  // nothing of the session stays
    reader_.restart();
}

void LogFeed::setAutoRefresh(bool on) {
    reader_.setAutoRefresh(on);
}

void LogFeed::noteStatus(LogState& L) {
    if (!L.status) return;
    const TimeMs finishedAt = L.sync ? L.sync->finishedAt : 0;
    if (!syncFinished(*L.status, finishedAt)) {
        L.seenRunning = true;
        return;
    }
    if (!L.notify || !L.seenRunning) return;
    L.notify = false;  // told once
    Sync told = L.sync ? *L.sync : Sync{};
    told.status = *L.status;
    tellFinished(host_.state, L.syncId, L.serviceId, told);
    host_.changed();
}

// --- the quiet mark ----------------------------------------------------------------------------

namespace {

bool runningNow(const LogState& L) {
    if (L.status) return *L.status == SyncStatus::Running;
    return L.sync && L.sync->status == SyncStatus::Running;
}

}  // namespace

void LogFeed::updateQuiet(TimeMs nowMs) {
    LogState* L = host_.state.log.get();
    if (!L) return;
    if (L->gapsOf != L->store.version()) {
        L->gapsOf = L->store.version();
        L->typicalGapMs = typicalGapMs(L->store);
        L->lastLineAt = L->store.empty() ? 0 : L->store.line(L->store.size() - 1).at;
    }
    // Only while the log is being watched: paused, or its refreshes failing, SyncScope does not
    // know that no line came (the banner says the refresh failed; a paused log says so itself).
    const bool watching = L->live && L->freshness.error.empty();
    const std::optional<QuietMark> mark = quietMark(runningNow(*L) && watching, L->lastLineAt,
                                                    L->typicalGapMs, host_.serverNow(nowMs));
    if (mark.has_value() != L->quiet.has_value()) host_.changed();
    L->quiet = mark;
}

std::optional<TimeMs> LogFeed::nextWakeMs(TimeMs nowMs) const {
    const LogState* L = host_.state.log.get();
    const std::optional<TimeMs> backfill = reader_.nextWakeMs(nowMs);
    if (!L || !L->signatures.ready() || host_.state.view != View::Log) return backfill;
    // The quiet mark, when it would appear (server clock to local).
    std::optional<TimeMs> quietAt;
    if (!L->quiet)
        if (const TimeMs from = quietFromMs(runningNow(*L), L->lastLineAt, L->typicalGapMs))
            quietAt = std::max(nowMs, from - host_.state.serverClockOffsetMs);
    if (!backfill) return quietAt;
    return quietAt ? std::min(*backfill, *quietAt) : backfill;
}

void LogFeed::pump(TimeMs nowMs) {
    reader_.pump(nowMs);
}

// --- what the views read -----------------------------------------------------------------------

void LogFeed::updateFreshness(TimeMs nowMs) {
    if (!host_.state.log) return;
    reader_.updateFreshness(nowMs);
    updateQuiet(nowMs);
    showWantedSignature();
}

// Issue 18: a signature clicked in a comparison, by level and text (this log's own ids follow
// the order it grouped its lines in): shown alone as soon as this log has grouped it.
void LogFeed::showWantedSignature() {
    CompareState::Wanted& W = host_.state.compare.wanted;
    LogState* L = host_.state.log.get();
    if (W.syncId == 0 || !L || host_.state.view != View::Log) return;
    if (L->syncId != W.syncId) {
        W = {};  // another log was opened since
        return;
    }
    for (const Signature& g : L->signatures.all()) {
        if (g.level != W.level || g.text != W.text) continue;
        LogFilter f = L->view.filter();
        f.signature = g.id;
        L->view.setFilter(L->store, f, &L->signatures);
        W = {};
        host_.changed();
        return;
    }
}

std::string LogFeed::staleText(View view) const {
    return view == View::Log ? reader_.staleText() : std::string();
}

}  // namespace core
