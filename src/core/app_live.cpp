// core/app_live.cpp — the App's live data: the service summary, the sync log and payloads,
// refreshed by the RefreshScheduler (see app.h and refresh_scheduler.h).
//
// Scheduler keys, one per resource of the route shown:
//   signin:<n>         the services list that checks a token (Once; app.cpp), while signing in
//   syncs:<serviceId>  the summary's syncs of the last 24 h   live while a sync is queued/running
//   tx:<serviceId>     pulled / pushed per hour (if the dialect has them)         same
//   sync:<syncId>      the log view's header (status, live counts)    live while the sync runs
//   log:<syncId>       new lines of the log (tail first, then after the last id)  same
// Older lines of a big log are fetched outside the schedule ("back-fill"), one page at a time,
// counted against the same request budget and leaving room for the live refreshes.
//
// Every answer is checked against a generation (per summary, per log, per payload): an answer to
// a view left since is dropped — after telling the scheduler, so no key stays "in flight".
#include <algorithm>

#include "core/app.h"
#include "core/app_internal.h"
#include "core/time.h"

namespace core {
namespace {

constexpr int kSyncsPerPage = 100;
constexpr int kMaxSyncPages = 20;    // 2,000 syncs in 24 hours: a sync every 43 s
constexpr int kLogPageLines = 5000;  // the reference API's largest page
constexpr int kBudgetReserve = 20;   // back-fill leaves this many requests a minute for refreshes
constexpr TimeMs kDayMs = 24 * 3600 * 1000LL;
constexpr TimeMs kHourMs = 3600 * 1000LL;
constexpr TimeMs kBackfillMaxDelayMs = 30000;
constexpr int kBackfillPipeline = 3;  // older pages in flight at once (exact-range dialects)
constexpr const char* kBackfillTag = "backfill";  // an older page, to the scheduler

bool isRunning(const Sync& s) {
    return !syncFinished(s);
}

std::string key(const char* kind, int64_t id) {
    return std::string(kind) + ":" + std::to_string(id);
}

// "12:03:05 UTC" of a server-clock time.
std::string clockTime(TimeMs serverTime) {
    const std::string s = formatDateTime(serverTime);
    return (s.size() > 11 ? s.substr(11) : s) + " UTC";
}

}  // namespace

bool SummaryState::anyRunning() const {
    return std::any_of(syncs.begin(), syncs.end(), [](const Sync& s) { return isRunning(s); });
}

// --- the route's keys --------------------------------------------------------------------------

void App::watchRoute() {
    std::vector<std::string> want;
    const Route& r = state_.route;
    if (state_.auth == AuthState::Ok && r.view == View::Summary && r.serviceId > 0) {
        if (state_.summary.serviceId != r.serviceId) {
            state_.summary = {};
            state_.summary.serviceId = r.serviceId;
            state_.summary.bucketsAvailable = state_.capabilities.transactions;
            ++summaryGeneration_;
        }
        want.push_back(key("syncs", r.serviceId));
        if (state_.capabilities.transactions) want.push_back(key("tx", r.serviceId));
    }
    if (state_.auth == AuthState::Ok && r.view == View::Log && r.syncId > 0) {
        if (!state_.log || state_.log->syncId != r.syncId) {
            state_.log = std::make_unique<LogState>();
            state_.log->syncId = r.syncId;
            state_.payload = {};
            ++logGeneration_;
            backfillFailures_ = 0;
            backfillRetryAt_ = 0;
            backfillInFlight_ = 0;
            backfillReady_.clear();
            backfillNext_ = 0;
        }
        state_.log->serviceId = r.serviceId;
        want.push_back(key("sync", r.syncId));
        want.push_back(key("log", r.syncId));
    }
    for (const std::string& k : watched_)
        if (std::find(want.begin(), want.end(), k) == want.end()) scheduler_.unwatch(k);
    for (const std::string& k : want) {
        if (std::find(watched_.begin(), watched_.end(), k) != watched_.end()) continue;
        scheduler_.watch(k, RefreshScheduler::Mode::Live);
        if (state_.log && !state_.log->autoRefresh && k.rfind("syncs:", 0) != 0 &&
            k.rfind("tx:", 0) != 0)
            scheduler_.pause(k);
    }
    watched_ = std::move(want);
    updateFreshness();
}

void App::unwatchAll() {
    for (const std::string& k : watched_) scheduler_.unwatch(k);
    watched_.clear();
}

void App::tick(TimeMs nowMs) {
    lastTickMs_ = nowMs;
    for (const std::string& k : scheduler_.tick(nowMs)) dispatch(k, nowMs);
    pumpBackfill(nowMs);
    updateFreshness();
}

std::optional<TimeMs> App::nextWakeMs(TimeMs nowMs) const {
    std::optional<TimeMs> next = scheduler_.nextWakeMs(nowMs);
    const LogState* L = state_.log.get();
    if (L && state_.view == View::Log && L->tailLoaded && backfillInFlight_ == 0 &&
        !L->store.empty() && L->store.firstId() > 1 && !L->capped &&
        !scheduler_.probeInFlight()) {  // (its answer wakes)
        TimeMs at = std::max({nowMs, backfillRetryAt_, scheduler_.heldUntilMs()});
        const int budget = scheduler_.options().budgetPerWindow;
        if (budget > 0 && scheduler_.requestsInWindow(nowMs) >= budget - kBudgetReserve)
            at = std::max(at, nowMs + 1000);
        if (!next || at < *next) next = at;
    }
    return next;
}

void App::onVisible(TimeMs nowMs) {
    scheduler_.onVisible(nowMs);
    tick(nowMs);
}

void App::dispatch(const std::string& k, TimeMs nowMs) {
    scheduler_.started(k, nowMs);
    const Route& r = state_.route;
    if (!signInKey_.empty() && k == signInKey_) {
        requestSignIn();
    } else if (k == key("syncs", r.serviceId) && state_.summary.serviceId == r.serviceId) {
        incomingSyncs_.clear();
        state_.summary.windowStart = serverNow(nowMs) - kDayMs;
        requestSyncs(r.serviceId, 1, summaryGeneration_);
    } else if (k == key("tx", r.serviceId) && state_.summary.serviceId == r.serviceId) {
        requestTransactions(r.serviceId, summaryGeneration_);
    } else if (state_.log && k == key("sync", state_.log->syncId)) {
        requestSyncHeader(logGeneration_);
    } else if (state_.log && k == key("log", state_.log->syncId)) {
        requestLog(logGeneration_);
    } else {
        scheduler_.abandoned(k, nowMs);  // not this route's any more
    }
    updateFreshness();
    changed();
}

// An answer to a view left since: the key's flight ends; a 429 among such answers still holds
// every request (the limit is the token's, whichever view asked).
void App::dropped(const std::string& k, const ApiError& e) {
    if (e.kind == ErrorKind::RateLimited) scheduler_.rateLimited(now(), e.retryAfterSeconds);
    scheduler_.abandoned(k, now());
}

void App::answered(const std::string& k, bool stillLive) {
    scheduler_.succeeded(k, now(), stillLive);
    updateFreshness();
    composeBanner();
    changed();
}

bool App::failedWith(const std::string& k, const ApiError& e, Freshness& f, uint64_t session) {
    if (e.kind == ErrorKind::Unauthorized) {
        scheduler_.failed(k, now(), failureFrom(e));
        unauthorizedIn(session, e);
        return true;
    }
    scheduler_.failed(k, now(), failureFrom(e));
    f.error = describe(e);
    f.errorAt = now();
    updateFreshness();
    composeBanner();
    changed();
    return true;
}

// --- summary -----------------------------------------------------------------------------------

void App::requestSyncs(int64_t serviceId, int page, uint64_t gen) {
    if (page > 1) scheduler_.noteRequest(now());
    const std::string k = key("syncs", serviceId);
    backend_.listSyncs(
        state_.credentials, serviceId, state_.summary.windowStart, page, kSyncsPerPage,
        [this, k, serviceId, page, gen, session = session_](Answer<SyncsPage> a) {
            noteServerTime(a.serverTime);
            for (int i = 0; i < a.followUps; ++i) scheduler_.noteRequest(now());
            if (gen != summaryGeneration_) {
                dropped(k, a.error);
                return;
            }
            SummaryState& S = state_.summary;
            if (a.error) {
                incomingSyncs_.clear();
                failedWith(k, a.error, S.syncsFreshness, session);
                return;
            }
            for (Sync& s : a.value.syncs) {
                if (s.serviceId == 0) s.serviceId = serviceId;
                if (s.startedAt >= S.windowStart) incomingSyncs_.push_back(std::move(s));
            }
            if (page < a.value.meta.lastPage && page < kMaxSyncPages && !a.value.syncs.empty()) {
                requestSyncs(serviceId, page + 1, gen);
                return;
            }
            S.syncs = std::move(incomingSyncs_);
            incomingSyncs_.clear();
            std::stable_sort(S.syncs.begin(), S.syncs.end(), [](const Sync& x, const Sync& y) {
                return x.startedAt != y.startedAt ? x.startedAt > y.startedAt : x.id > y.id;
            });
            S.loaded = true;
            filterSyncs();
            S.syncsFreshness.error.clear();
            answered(k, S.anyRunning());
        });
}

void App::requestTransactions(int64_t serviceId, uint64_t gen) {
    const std::string k = key("tx", serviceId);
    const TimeMs to = serverNow(now());
    const TimeMs from = (to - kDayMs) / kHourMs * kHourMs;
    backend_.transactions(
        state_.credentials, serviceId, from, to,
        [this, k, gen, session = session_](Answer<std::vector<TransactionBucket>> a) {
            noteServerTime(a.serverTime);
            if (gen != summaryGeneration_) {
                dropped(k, a.error);
                return;
            }
            SummaryState& S = state_.summary;
            if (a.error) {
                failedWith(k, a.error, S.bucketsFreshness, session);
                return;
            }
            S.buckets = std::move(a.value);
            S.bucketsLoaded = true;
            S.bucketsFreshness.error.clear();
            answered(k, !S.loaded || S.anyRunning());
        });
}

// --- the sync log ------------------------------------------------------------------------------

void App::requestSyncHeader(uint64_t gen) {
    LogState& L = *state_.log;
    const std::string k = key("sync", L.syncId);
    ++L.requests;
    backend_.getSync(state_.credentials, L.serviceId, L.syncId,
                     [this, k, gen, session = session_](Answer<Sync> a) {
                         noteServerTime(a.serverTime);
                         for (int i = 0; i < a.followUps; ++i) scheduler_.noteRequest(now());
                         if (gen != logGeneration_ || !state_.log) {
                             dropped(k, a.error);
                             return;
                         }
                         LogState& L = *state_.log;
                         if (a.error) {
                             failedWith(k, a.error, L.syncFreshness, session);
                             return;
                         }
                         L.sync = std::move(a.value);
                         L.status = L.sync->status;
                         L.syncFreshness.error.clear();
                         answered(k, isRunning(*L.sync));
                     });
}

void App::requestLog(uint64_t gen) {
    LogState& L = *state_.log;
    const std::string k = key("log", L.syncId);
    LogRequest r;
    r.syncId = L.syncId;
    r.serviceId = L.serviceId;
    r.limit = kLogPageLines;
    if (!L.tailLoaded) {
        r.kind = LogRequest::Kind::Tail;
    } else {
        r.kind = LogRequest::Kind::After;
        r.afterId = L.store.empty() ? 0 : L.store.lastId();
        r.etag = L.etag;
    }
    const int64_t askedAfter = r.afterId;
    const bool tail = r.kind == LogRequest::Kind::Tail;
    ++L.requests;
    backend_.readLog(state_.credentials, r,
                     [this, k, gen, tail, askedAfter, session = session_](Answer<LogAnswer> a) {
                         noteServerTime(a.serverTime);
                         for (int i = 0; i < a.followUps; ++i) scheduler_.noteRequest(now());
                         if (gen != logGeneration_ || !state_.log) {
                             dropped(k, a.error);
                             return;
                         }
                         LogState& L = *state_.log;
                         if (a.error) {
                             failedWith(k, a.error, L.freshness, session);
                             return;
                         }
                         bool more = false;
                         if (!a.value.notModified) {
                             const LogPage& page = a.value.page;
                             LogMergeResult merged;
                             if (tail) {
                                 L.store.clear();
                                 merged = L.store.appendBatch(page.lines);
                                 L.tailLoaded = true;
                             } else if (L.store.empty() || L.store.lastId() == askedAfter) {
                                 merged = L.store.appendBatch(page.lines);
                             }
                             // The ETag names exactly the request it answered: keep it only for the
                             // same request (no new lines taken, so the next request asks after the
                             // same id).
                             L.etag = !tail && merged.added == 0 ? a.value.etag : std::string();
                             L.serverLastId = std::max(page.lastId, L.store.lastId());
                             if (page.syncStatus) L.status = page.syncStatus;
                             more = page.hasMore || merged.gap || L.store.lastId() < page.lastId;
                             L.view.update();
                         }
                         L.freshness.error.clear();
                         const bool running =
                             !L.status || !syncFinished(*L.status, L.sync ? L.sync->finishedAt : 0);
                         scheduler_.succeeded(k, now(), running || more);
                         if (more && !scheduler_.isPaused(k)) scheduler_.refreshNow(k);
                         pumpBackfill(now());
                         updateFreshness();
                         composeBanner();
                         changed();
                     });
}

void App::pumpBackfill(TimeMs nowMs) {
    LogState* L = state_.log.get();
    if (!L || state_.view != View::Log || state_.auth != AuthState::Ok) return;
    if (!L->tailLoaded || L->store.empty() || L->store.firstId() <= 1) return;
    // At the memory ceiling no more older lines are asked for; the pages already out are kept.
    if (!L->capped &&
        L->store.bytesUsed() >= static_cast<size_t>(state_.config.logMemoryLimitMB) * 1024 * 1024) {
        L->capped = true;
        changed();
    }
    if (L->capped) return;
    if (nowMs < backfillRetryAt_ || nowMs < scheduler_.heldUntilMs()) return;
    // After a 429, until a request gets through: one page, and none while another probe is out.
    const bool probing = scheduler_.probing();
    if (scheduler_.probeInFlight() || (probing && backfillInFlight_ > 0)) return;
    const int maxInFlight = probing                              ? 1
                            : state_.capabilities.exactLogRanges ? kBackfillPipeline
                                                                 : 1;
    if (backfillNext_ == 0) {
        if (backfillInFlight_ > 0) return;  // after a failure: let those land, then start over
        backfillNext_ = L->store.firstId();
        backfillReady_.clear();
    }
    const int budget = scheduler_.options().budgetPerWindow;
    while (backfillInFlight_ < maxInFlight && backfillNext_ > 1) {
        if (budget > 0 && scheduler_.requestsInWindow(nowMs) >= budget - kBudgetReserve) break;
        LogRequest r;
        r.kind = LogRequest::Kind::Before;
        r.syncId = L->syncId;
        r.serviceId = L->serviceId;
        r.beforeId = backfillNext_;
        r.limit = kLogPageLines;
        // Exact ranges: the next page is known before this one arrives. Otherwise it starts
        // wherever this one does, so one page at a time.
        backfillNext_ = state_.capabilities.exactLogRanges
                            ? std::max<int64_t>(1, backfillNext_ - kLogPageLines)
                            : 1;
        ++backfillInFlight_;
        L->backfilling = true;
        ++L->requests;
        scheduler_.startedUnscheduled(kBackfillTag, nowMs);
        const uint64_t gen = logGeneration_;
        const int64_t before = r.beforeId;
        backend_.readLog(state_.credentials, r,
                         [this, gen, before, session = session_](Answer<LogAnswer> a) {
                             noteServerTime(a.serverTime);
                             for (int i = 0; i < a.followUps; ++i) scheduler_.noteRequest(now());
                             if (gen != logGeneration_ || !state_.log) {
                                 dropped(kBackfillTag, a.error);
                                 return;
                             }
                             onBackfillPage(before, std::move(a), session);
                         });
    }
}

void App::onBackfillPage(int64_t before, Answer<LogAnswer> a, uint64_t session) {
    LogState& L = *state_.log;
    --backfillInFlight_;
    L.backfilling = backfillInFlight_ > 0;
    scheduler_.answeredUnscheduled(kBackfillTag, a.error.kind == ErrorKind::RateLimited);
    if (a.error && a.error.kind == ErrorKind::Unauthorized) {
        unauthorizedIn(session, a.error);
        return;
    }
    bool failed = static_cast<bool>(a.error);
    if (failed) {
        L.backfillError = "Could not load older lines: " + describe(a.error);
    } else {
        backfillReady_[before] = std::move(a.value.page.lines);
        // Merge every page that now joins the lines held, newest first.
        for (auto it = backfillReady_.find(L.store.firstId()); it != backfillReady_.end();
             it = backfillReady_.find(L.store.firstId())) {
            const LogMergeResult m = L.store.prependBatch(it->second);
            backfillReady_.erase(it);
            if (m.gap || m.added == 0) {
                failed = true;
                L.backfillError = "older lines came back out of order; asking again";
                break;
            }
        }
        if (!failed && !state_.capabilities.exactLogRanges) backfillNext_ = L.store.firstId();
        L.view.update();
    }
    if (failed) {
        ++backfillFailures_;
        backfillRetryAt_ =
            now() + std::min<TimeMs>(kBackfillMaxDelayMs, 1000LL << std::min(backfillFailures_, 5));
        if (a.error.kind == ErrorKind::RateLimited) {  // as long as the API says, at least
            scheduler_.rateLimited(now(), a.error.retryAfterSeconds);  // and the live keys too
            backfillRetryAt_ = std::max<TimeMs>(backfillRetryAt_, scheduler_.heldUntilMs());
        }
        backfillNext_ = 0;  // start again from the first line held once the others landed
    } else if (backfillReady_.empty()) {
        backfillFailures_ = 0;
        backfillRetryAt_ = 0;
        L.backfillError.clear();
    }
    pumpBackfill(now());
    composeBanner();
    changed();
}

// --- payloads ----------------------------------------------------------------------------------

std::optional<HttpGet> App::payloadDownload() const {
    const PayloadState& p = state_.payload;
    if (!p.open || !p.file || !p.file->capped() || state_.auth != AuthState::Ok)
        return std::nullopt;
    return backend_.payloadDownload(state_.credentials, p.file->id);
}

void App::openPayload(const PayloadRef& ref) {
    state_.payload = {};
    state_.payload.ref = ref;
    state_.payload.open = true;
    state_.payload.loading = true;
    const uint64_t gen = ++payloadGeneration_;
    scheduler_.noteRequest(now());
    if (state_.log) ++state_.log->requests;
    backend_.downloadPayload(
        state_.credentials, ref.id, [this, gen, session = session_](Answer<PayloadFile> a) {
            noteServerTime(a.serverTime);
            if (gen != payloadGeneration_) return;
            PayloadState& P = state_.payload;
            P.loading = false;
            if (a.error) {
                if (a.error.kind == ErrorKind::Unauthorized) {
                    unauthorizedIn(session, a.error);
                    return;
                }
                P.error = a.error;
                if (a.error.kind == ErrorKind::Gone) {
                    P.errorText = P.ref.expiresAt > 0
                                      ? "This file expired at " + formatDateTime(P.ref.expiresAt) +
                                            " UTC. Payload files are kept for 24 hours after the "
                                            "sync finished."
                                      : "This file has expired (" + describe(a.error) + ").";
                } else if (a.error.kind == ErrorKind::NotFound) {
                    P.errorText = "This file was not found (" + describe(a.error) + ").";
                } else {
                    P.errorText = "Could not download the file: " + describe(a.error) + ".";
                }
            } else {
                P.file = std::move(a.value);
            }
            changed();
        });
    changed();
}

// --- derived state (the intents are applied in app_intents.cpp) --------------------------------

void App::filterSyncs() {
    SummaryState& S = state_.summary;
    S.visible.clear();
    for (size_t i = 0; i < S.syncs.size(); ++i) {
        const Sync& s = S.syncs[i];
        if (S.statusFilter && s.status != *S.statusFilter) continue;
        if (!S.search.empty() && std::to_string(s.id).find(S.search) == std::string::npos) continue;
        S.visible.push_back(i);
    }
    if (S.sort.key == SyncSortKey::Default) return;  // the API's order: newest first
    // Ties keep the API's order. Durations are the cells' (syncDurationMs: a running sync's is
    // measured to now, server clock); one that has not finished sorts after every finish time.
    const TimeMs nowServer = serverNow(now());
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

void App::updateFreshness() {
    const TimeMs nowMs = now();
    auto fill = [&](const std::string& k, Freshness& f) {
        if (auto t = scheduler_.lastSuccessMs(k)) f.lastSuccessAt = *t;
        const auto due = scheduler_.nextDueMs(k);
        f.nextRefreshAt = !due                                     ? 0
                          : *due == RefreshScheduler::kImmediately ? nowMs
                                                                   : std::max(*due, nowMs);
        f.inFlight = scheduler_.inFlight(k);
    };
    SummaryState& S = state_.summary;
    if (S.serviceId) {
        fill(key("syncs", S.serviceId), S.syncsFreshness);
        fill(key("tx", S.serviceId), S.bucketsFreshness);
        S.live = scheduler_.isLive(key("syncs", S.serviceId));
    }
    if (LogState* L = state_.log.get()) {
        const std::string k = key("log", L->syncId);
        fill(key("sync", L->syncId), L->syncFreshness);
        fill(k, L->freshness);
        L->live = scheduler_.isWatched(k) && scheduler_.isLive(k) && !scheduler_.isPaused(k);
    }
}

void App::composeBanner() {
    std::string text;
    auto stale = [&](const char* what, const Freshness& f, const char* showing) {
        if (f.error.empty() || !text.empty()) return;
        text = std::string("Could not refresh ") + what + ": " + f.error + ".";
        if (f.lastSuccessAt > 0)
            text += std::string(" Showing ") + showing + " as of " +
                    clockTime(f.lastSuccessAt + state_.serverClockOffsetMs) + ".";
    };
    switch (state_.view) {
        case View::Services: text = servicesError_; break;
        case View::Summary:
            stale("the syncs", state_.summary.syncsFreshness, "the syncs");
            stale("the chart", state_.summary.bucketsFreshness, "the chart");
            break;
        case View::Log:
            if (const LogState* L = state_.log.get()) {
                stale("the log", L->freshness, "the lines");
                stale("the sync", L->syncFreshness, "the sync");
                if (text.empty()) text = L->backfillError;
            }
            break;
        case View::Login: break;
    }
    if (text.empty()) dismissedBanner_.clear();
    if (text == dismissedBanner_) text.clear();
    state_.banner = text.empty() ? Banner{} : Banner{Banner::Kind::Error, text};
}

}  // namespace core
