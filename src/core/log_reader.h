// core/log_reader.h — reads one sync's log into a LogState slot: its header (the sync), its new
// lines refreshed while the sync runs, and older lines filled in behind ("back-fill") outside the
// schedule, with the same store, request budget and RefreshScheduler as every other request
// (docs/architecture.md, docs/data-layer.md).
//
// What LogFeed did for AppState::log, for any slot: LogFeed reads AppState::log with one reader,
// CompareFeed (issue 18) the two runs compared with two. A reader serves the slot `slot()` gives,
// only while `view` is shown; restart() after the slot was given a new LogState drops every
// answer still in flight for the old one.
//
// Scheduler keys: {SyncHeader, syncId} (status, live counts) and {Log, syncId} (new lines: the
// tail first, then after the last id), both live while the sync runs; a comparison's slots use
// {CompareHeader, syncId} and {CompareLog, syncId}.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/feature.h"

namespace core {

class LogReader {
public:
    using Slot = std::function<LogState*()>;
    // Called after an answer told the sync's status (LogFeed: the bell).
    using OnStatus = std::function<void(LogState&)>;

    // `headerKind` / `logKind`: the kinds of the slot's two scheduler keys (each slot its own, so
    // that two slots holding the same sync never share a key's schedule).
    LogReader(FeatureHost& host, View view, Slot slot, OnStatus onStatus = {},
              ResourceKey::Kind headerKind = ResourceKey::Kind::SyncHeader,
              ResourceKey::Kind logKind = ResourceKey::Kind::Log)
        : host_(host),
          view_(view),
          slot_(std::move(slot)),
          onStatus_(std::move(onStatus)),
          headerKind_(headerKind),
          logKind_(logKind) {}
    LogReader(const LogReader&) = delete;
    LogReader& operator=(const LogReader&) = delete;

    ResourceKey headerKey(int64_t syncId) const { return {headerKind_, syncId}; }
    ResourceKey logKey(int64_t syncId) const { return {logKind_, syncId}; }

    // The slot holds a new LogState (or none): answers for the old one are dropped.
    void restart();
    // The slot's two keys (paused with its "Auto-refresh" off).
    void watchKeys(std::vector<Feature::Watch>& keys) const;
    // A key of the slot's sync is due while `view` is shown: requested, true.
    bool dispatch(const ResourceKey& key);
    void setAutoRefresh(bool on);
    // Older lines: the next pages when due (budget, a 429's hold, a failure's delay allowing),
    // and the next slice of a big block of older lines to group into signatures.
    void pump(TimeMs now);
    // When pump() has something to do next (nullopt: nothing; answers wake the loop).
    std::optional<TimeMs> nextWakeMs(TimeMs now) const;
    void refreshNow() { backfillRetryAt_ = 0; }
    // The first screen first (issue 20, goal 2): with the hold on, no older page is asked for
    // until the frame that draws the first lines told linesDrawn(), or kFirstScreenHoldMs after
    // they arrived (a hidden tab draws no frames). Older pages answered before that frame would
    // be decoded in front of it, and the server would format them on the cores the browser needs
    // to draw it. Off by default (tests without frames); src/web turns it on.
    void setFirstScreenHold(bool on) { firstScreenHold_ = on; }
    void linesDrawn(TimeMs now);
    // The scheduler's view of the slot's keys, copied into its freshness (and `live`).
    void updateFreshness(TimeMs now);
    // The banner's words when the slot's data is stale ("" when not).
    std::string staleText() const;

    LogState* slot() const { return slot_(); }

private:
    void requestSyncHeader(uint64_t generation);
    void requestLog(uint64_t generation);
    void onBackfillPage(int64_t beforeId, Answer<LogAnswer> answer, uint64_t session, bool bulk);
    // The gap between pulled and pushed explained (core/gap.h), after the lines, their
    // signatures or the header's counts changed; recomputed only when what it reads changed, and
    // kept in AppState::gapNotes for the summary.
    void explainGap(LogState& L);
    // The slot's log for `generation`, if it is still the one asked for (null: dropped).
    LogState* current(uint64_t generation) const;
    // Older pages wait for the first screen (setFirstScreenHold) at `now`.
    bool heldForFirstScreen(TimeMs now) const {
        return firstScreenHold_ && !firstLinesDrawn_ && now < tailAt_ + kFirstScreenHoldMs;
    }
    void noteStatus(LogState& L) {
        if (onStatus_) onStatus_(L);
    }

    // Each reader's own tag for its older pages (after a 429, its page is the probe; another
    // reader's answer does not end it).
    static int64_t nextBackfillTagId();

    FeatureHost& host_;
    View view_;
    Slot slot_;
    OnStatus onStatus_;
    ResourceKey::Kind headerKind_;
    ResourceKey::Kind logKind_;
    ResourceKey backfillTag_{ResourceKey::Kind::Backfill, nextBackfillTagId()};
    uint64_t generation_ = 0;     // answers for another log (or before a restart) are dropped
    TimeMs backfillRetryAt_ = 0;  // older lines: not before this (after a failure)
    int backfillFailures_ = 0;
    // Back-fill in flight (several pages at once when the dialect's ranges are exact), pages
    // that arrived before the newer page they must follow (by the beforeId they answer), and
    // the beforeId of the next page to ask for (0: start again from the first line held).
    int backfillInFlight_ = 0;
    std::map<int64_t, LogPage> backfillReady_;  // its lines, or packed (bulk pages)
    int64_t backfillNext_ = 0;
    static constexpr TimeMs kFirstScreenHoldMs = 500;
    bool firstScreenHold_ = false;
    bool firstLinesDrawn_ = false;  // for the log of this generation
    TimeMs tailAt_ = 0;             // when its first lines arrived
};

}  // namespace core
