// core/log_reader.cpp — see log_reader.h (moved here from log_feed.cpp, issue 18).
//
// Older lines of a big log are fetched outside the schedule, one page at a time (several when
// the dialect's ranges are exact), counted against the same request budget and leaving room for
// the live refreshes.
#include "core/log_reader.h"

#include <algorithm>

#include "core/app.h"
#include "core/app_internal.h"
#include "core/log_store.h"

namespace core {
namespace {

constexpr int kLogPageLines = 5000;  // the reference API's largest page
// The first request of a log (the newest lines, issue 20 goal 2): small, so that the first screen
// waits on little (the server's writing and gzip, the transfer, the decode and the store all scale
// with it); a screen shows well under 200 lines, and older ones are back-filled right after.
// Patchworks Core servers decide their own page sizes: that dialect's first page stays as it was.
constexpr int kFirstTailLines = 1000;
constexpr int kBudgetReserve = 20;  // back-fill leaves this many requests a minute for refreshes
constexpr TimeMs kBackfillMaxDelayMs = 30000;
constexpr int kBackfillPipeline = 3;  // older pages in flight at once (exact-range dialects)
// Older lines grouped into signatures per frame (core/signatures.h) when a big block arrives at
// once, counted in warning and error lines masked (about 1 µs each natively,
// tests/bench/log_store_bench.cpp); a log of mostly info lines is grouped whole at once, and newer
// lines always are.
constexpr size_t kSignatureBudgetLines = 8000;

}  // namespace

int64_t LogReader::nextBackfillTagId() {
    static int64_t next = 0;
    return ++next;
}

void LogReader::restart() {
    ++generation_;
    backfillFailures_ = 0;
    backfillRetryAt_ = 0;
    backfillInFlight_ = 0;
    backfillReady_.clear();
    backfillNext_ = 0;
    firstLinesDrawn_ = false;
    tailAt_ = 0;
}

LogState* LogReader::current(uint64_t generation) const {
    return generation == generation_ ? slot_() : nullptr;
}

void LogReader::watchKeys(std::vector<Feature::Watch>& keys) const {
    const LogState* L = slot_();
    if (!L || L->syncId <= 0) return;
    keys.push_back({headerKey(L->syncId), !L->autoRefresh});
    keys.push_back({logKey(L->syncId), !L->autoRefresh});
}

bool LogReader::dispatch(const ResourceKey& k) {
    const LogState* L = slot_();
    if (!L || host_.state.view != view_) return false;
    if (k == headerKey(L->syncId)) {
        requestSyncHeader(generation_);
        return true;
    }
    if (k == logKey(L->syncId)) {
        requestLog(generation_);
        return true;
    }
    return false;
}

void LogReader::setAutoRefresh(bool on) {
    LogState& L = *slot_();
    L.autoRefresh = on;
    for (const ResourceKey& k : {headerKey(L.syncId), logKey(L.syncId)}) {
        if (on) {
            host_.scheduler.resume(k);
        } else {
            host_.scheduler.pause(k);
        }
    }
}

// --- the header and new lines ------------------------------------------------------------------

void LogReader::requestSyncHeader(uint64_t gen) {
    LogState& L = *slot_();
    const ResourceKey k = headerKey(L.syncId);
    ++L.requests;
    host_.backend.getSync(host_.state.credentials, L.serviceId, L.syncId,
                          [this, k, gen, session = host_.session](Answer<Sync> a) {
                              LogState* L = current(gen);
                              host_.guardAnswer(a, k, session, L ? &L->syncFreshness : nullptr,
                                                [&](Sync& sync) {
                                                    L->sync = std::move(sync);
                                                    L->status = L->sync->status;
                                                    L->syncFreshness.error.clear();
                                                    noteStatus(*L);
                                                    explainGap(*L);
                                                    host_.answered(k, !syncFinished(*L->sync));
                                                });
                          });
}

void LogReader::requestLog(uint64_t gen) {
    LogState& L = *slot_();
    const ResourceKey k = logKey(L.syncId);
    LogRequest r;
    r.syncId = L.syncId;
    r.serviceId = L.serviceId;
    r.limit = kLogPageLines;
    if (!L.tailLoaded) {
        r.kind = LogRequest::Kind::Tail;
        if (host_.state.config.dialect == Dialect::Reference) r.limit = kFirstTailLines;
    } else {
        r.kind = LogRequest::Kind::After;
        r.afterId = L.store.empty() ? 0 : L.store.lastId();
        r.etag = L.etag;
    }
    const int64_t askedAfter = r.afterId;
    const bool tail = r.kind == LogRequest::Kind::Tail;
    ++L.requests;
    host_.backend.readLog(
        host_.state.credentials, r,
        [this, k, gen, tail, askedAfter, session = host_.session](Answer<LogAnswer> a) {
            LogState* L = current(gen);
            host_.guardAnswer(a, k, session, L ? &L->freshness : nullptr, [&](LogAnswer& got) {
                bool more = false;
                if (!got.notModified) {
                    const LogPage& page = got.page;
                    LogMergeResult merged;
                    if (tail) {
                        L->store.clear();
                        merged = L->store.appendBatch(page.lines);
                        L->tailLoaded = true;
                        tailAt_ = host_.now();
                    } else if (L->store.empty() || L->store.lastId() == askedAfter) {
                        merged = L->store.appendBatch(page.lines);
                    }
                    // The ETag names exactly the request it answered: keep it only for the same
                    // request (no new lines taken, so the next request asks after the same id).
                    L->etag = !tail && merged.added == 0 ? got.etag : std::string();
                    L->serverLastId = std::max(page.lastId, L->store.lastId());
                    if (page.syncStatus) L->status = page.syncStatus;
                    noteStatus(*L);
                    more = page.hasMore || merged.gap || L->store.lastId() < page.lastId;
                    L->signatures.update(L->store, kSignatureBudgetLines);
                    L->view.update(L->store, &L->signatures);
                    explainGap(*L);
                }
                L->freshness.error.clear();
                const bool running =
                    !L->status || !syncFinished(*L->status, L->sync ? L->sync->finishedAt : 0);
                host_.scheduler.succeeded(k, host_.now(), running || more);
                if (more && !host_.scheduler.isPaused(k)) host_.scheduler.refreshNow(k);
                pump(host_.now());
                host_.refreshViews();
            });
        });
}

// --- older lines -------------------------------------------------------------------------------

std::optional<TimeMs> LogReader::nextWakeMs(TimeMs nowMs) const {
    const LogState* L = slot_();
    if (L && !L->signatures.ready()) return nowMs;  // older lines still to group: the next frame
    const RefreshScheduler& scheduler = host_.scheduler;
    if (!L || host_.state.view != view_) return std::nullopt;
    if (!L->tailLoaded || backfillInFlight_ != 0 || L->store.empty() || L->store.firstId() <= 1 ||
        L->capped || scheduler.probeInFlight())
        return std::nullopt;  // (a probe's answer wakes)
    TimeMs at = std::max({nowMs, backfillRetryAt_, scheduler.heldUntilMs()});
    if (heldForFirstScreen(nowMs)) at = std::max(at, tailAt_ + kFirstScreenHoldMs);
    const int budget = scheduler.options().budgetPerWindow;
    if (budget > 0 && scheduler.requestsInWindow(nowMs) >= budget - kBudgetReserve)
        at = std::max(at, nowMs + 1000);
    return at;
}

void LogReader::pump(TimeMs nowMs) {
    LogState* L = slot_();
    RefreshScheduler& scheduler = host_.scheduler;
    if (L && !L->signatures.ready()) {  // a big block of older lines: the next slice of it
        L->signatures.update(L->store, kSignatureBudgetLines);
        L->view.update(L->store, &L->signatures);
        explainGap(*L);
        host_.changed();
    }
    if (!L || host_.state.view != view_ || host_.state.auth != AuthState::Ok) return;
    if (!L->tailLoaded || L->store.empty() || L->store.firstId() <= 1) return;
    // At the memory ceiling no more older lines are asked for; the pages already out are kept.
    // Counted over every log held at once (the log and a comparison's two).
    if (!L->capped && heldLogBytes(host_.state) >=
                          static_cast<size_t>(host_.state.config.logMemoryLimitMB) * 1024 * 1024) {
        L->capped = true;
        host_.changed();
    }
    if (L->capped) return;
    if (nowMs < backfillRetryAt_ || nowMs < scheduler.heldUntilMs()) return;
    if (heldForFirstScreen(nowMs)) return;
    // After a 429, until a request gets through: one page, and none while another probe is out.
    const bool probing = scheduler.probing();
    if (scheduler.probeInFlight() || (probing && backfillInFlight_ > 0)) return;
    const bool exact = host_.state.capabilities.exactLogRanges;
    const int maxInFlight = probing ? 1 : exact ? kBackfillPipeline : 1;
    if (backfillNext_ == 0) {
        if (backfillInFlight_ > 0) return;  // after a failure: let those land, then start over
        backfillNext_ = L->store.firstId();
        backfillReady_.clear();
    }
    const int budget = scheduler.options().budgetPerWindow;
    // Older lines in the dialect's bulk pages when it has them (the reference API's lines form),
    // but no bigger than what the memory ceiling still has room for (by the bytes a line held
    // takes so far, shared by the pages in flight): near the ceiling, 5,000-line pages as ever,
    // so that a bulk page does not carry the log far past it before the check above stops it.
    int pageLines = kLogPageLines;
    if (host_.state.capabilities.bulkLogLines > kLogPageLines) {
        const size_t held = heldLogBytes(host_.state);
        const size_t ceiling =
            static_cast<size_t>(host_.state.config.logMemoryLimitMB) * 1024 * 1024;
        const size_t perLine = std::max<size_t>(1, held / std::max<size_t>(1, L->store.size()));
        const size_t room = (ceiling > held ? ceiling - held : 0) / perLine /
                            static_cast<size_t>(std::max(1, maxInFlight));
        pageLines = static_cast<int>(std::clamp<size_t>(
            room, kLogPageLines, static_cast<size_t>(host_.state.capabilities.bulkLogLines)));
    }
    while (backfillInFlight_ < maxInFlight && backfillNext_ > 1) {
        if (budget > 0 && scheduler.requestsInWindow(nowMs) >= budget - kBudgetReserve) break;
        LogRequest r;
        r.kind = LogRequest::Kind::Before;
        r.syncId = L->syncId;
        r.serviceId = L->serviceId;
        r.beforeId = backfillNext_;
        r.limit = pageLines;
        // Exact ranges: the next page is known before this one arrives. Otherwise it starts
        // wherever this one does, so one page at a time.
        backfillNext_ = exact ? std::max<int64_t>(1, backfillNext_ - pageLines) : 1;
        ++backfillInFlight_;
        L->backfilling = true;
        ++L->requests;
        scheduler.startedUnscheduled(backfillTag_, nowMs);
        const int64_t before = r.beforeId;
        const bool bulk = pageLines > kLogPageLines;
        host_.backend.readLog(
            host_.state.credentials, r,
            [this, gen = generation_, before, bulk, session = host_.session](Answer<LogAnswer> a) {
                if (host_.arrived(a, backfillTag_, current(gen) != nullptr))
                    onBackfillPage(before, std::move(a), session, bulk);
            });
    }
}

void LogReader::linesDrawn(TimeMs nowMs) {
    if (firstLinesDrawn_) return;
    firstLinesDrawn_ = true;
    pump(nowMs);
}

void LogReader::onBackfillPage(int64_t before, Answer<LogAnswer> a, uint64_t session, bool bulk) {
    LogState& L = *slot_();
    --backfillInFlight_;
    L.backfilling = backfillInFlight_ > 0;
    host_.scheduler.answeredUnscheduled(backfillTag_, a.error.kind == ErrorKind::RateLimited);
    if (a.error && a.error.kind == ErrorKind::Unauthorized) {
        host_.unauthorizedIn(session, a.error);
        return;
    }
    bool failed = static_cast<bool>(a.error);
    if (failed && bulk && a.error.kind == ErrorKind::BadRequest) {
        // A server of the reference API without the bulk form (docs/api.md, "Logs in bulk")
        // refuses `format=lines` with a 400: older lines come in 5,000-line JSON pages from now
        // on, at once and without counting it as a failure.
        host_.state.capabilities.bulkLogLines = 0;
        backfillNext_ = 0;
        pump(host_.now());
        host_.changed();
        return;
    }
    if (failed) {
        L.backfillError = "Could not load older lines: " + describe(a.error);
    } else {
        backfillReady_[before] = std::move(a.value.page);
        // Merge every page that now joins the lines held, newest first. A bulk page comes packed
        // in a store of its own, whose text the log's store adopts without a copy.
        for (auto it = backfillReady_.find(L.store.firstId()); it != backfillReady_.end();
             it = backfillReady_.find(L.store.firstId())) {
            LogPage& page = it->second;
            const LogMergeResult m = page.packed ? L.store.prependStore(std::move(*page.packed))
                                                 : L.store.prependBatch(page.lines);
            backfillReady_.erase(it);
            if (m.gap || m.added == 0) {
                failed = true;
                L.backfillError = "older lines came back out of order; asking again";
                break;
            }
        }
        if (!failed && !host_.state.capabilities.exactLogRanges) backfillNext_ = L.store.firstId();
        L.signatures.update(L.store, kSignatureBudgetLines);
        L.view.update(L.store, &L.signatures);
        explainGap(L);
    }
    const TimeMs nowMs = host_.now();
    if (failed) {
        ++backfillFailures_;
        backfillRetryAt_ =
            nowMs + std::min<TimeMs>(kBackfillMaxDelayMs, 1000LL << std::min(backfillFailures_, 5));
        if (a.error.kind == ErrorKind::RateLimited) {  // as long as the API says, at least
            host_.scheduler.rateLimited(nowMs, a.error.retryAfterSeconds);  // the live keys too
            backfillRetryAt_ = std::max<TimeMs>(backfillRetryAt_, host_.scheduler.heldUntilMs());
        }
        backfillNext_ = 0;  // start again from the first line held once the others landed
    } else if (backfillReady_.empty()) {
        backfillFailures_ = 0;
        backfillRetryAt_ = 0;
        L.backfillError.clear();
    }
    pump(host_.now());
    host_.composeBanner();
    host_.changed();
}

// --- the gap explained ---------------------------------------------------------------------------

void LogReader::explainGap(LogState& L) {
    std::optional<SyncStatus> status = L.status;
    if (!status && L.sync) status = L.sync->status;
    const bool running = !status || !syncFinished(*status, L.sync ? L.sync->finishedAt : 0);
    const int64_t pulled = L.sync ? L.sync->pulledCount : -1;
    const int64_t pushed = L.sync ? L.sync->pushedCount : -1;
    if (!L.gap.update(L.store, L.signatures, pulled, pushed, running,
                      L.complete() && L.signatures.ready()))
        return;
    if (const std::optional<GapExplanation>& g = L.gap.explanation())
        host_.state.gapNotes.put(L.syncId, *g);
    else
        host_.state.gapNotes.erase(L.syncId);
}

// --- what the views read -----------------------------------------------------------------------

void LogReader::updateFreshness(TimeMs nowMs) {
    LogState* L = slot_();
    if (!L) return;
    const ResourceKey k = logKey(L->syncId);
    fillFreshness(host_.scheduler, headerKey(L->syncId), nowMs, L->syncFreshness);
    fillFreshness(host_.scheduler, k, nowMs, L->freshness);
    const RefreshScheduler& s = host_.scheduler;
    L->live = s.isWatched(k) && s.isLive(k) && !s.isPaused(k);
}

std::string LogReader::staleText() const {
    const LogState* L = slot_();
    if (!L) return {};
    const TimeMs offset = host_.state.serverClockOffsetMs;
    std::string text = core::staleText("the log", L->freshness, "the lines", offset);
    if (text.empty()) text = core::staleText("the sync", L->syncFreshness, "the sync", offset);
    return text.empty() ? L->backfillError : text;
}

}  // namespace core
