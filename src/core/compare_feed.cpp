// core/compare_feed.cpp — see compare_feed.h.
#include "core/compare_feed.h"

#include <algorithm>
#include <unordered_map>

#include "core/app.h"
#include "core/app_internal.h"

namespace core {
namespace {

constexpr int kRunsPerPage = 100;
constexpr int kMaxRunPages = 20;  // as the summary: 2,000 runs in 24 hours
constexpr TimeMs kDayMs = 24 * 3600 * 1000LL;

int changeRank(SignatureChange c, LogLevel level) {
    const int error = level == LogLevel::Error ? 0 : 1;
    switch (c) {
        case SignatureChange::New: return 0 + error;
        case SignatureChange::Changed: return 2 + error;
        case SignatureChange::Gone: return 4 + error;
        case SignatureChange::Same: return 6 + error;
    }
    return 8;
}

}  // namespace

const char* toString(SignatureChange c) {
    switch (c) {
        case SignatureChange::New: return "new";
        case SignatureChange::Changed: return "changed";
        case SignatureChange::Gone: return "gone";
        case SignatureChange::Same: return "same";
    }
    return "same";
}

std::string comparedSignatureId(LogLevel level, std::string_view text) {
    uint64_t h = 1469598103934665603ULL;
    const auto add = [&](std::string_view s) {
        for (unsigned char c : s) {
            h ^= c;
            h *= 1099511628211ULL;
        }
    };
    add(toString(level));
    add("\t");
    add(text);
    static const char kHex[] = "0123456789abcdef";
    std::string id(16, '0');
    for (int i = 15; i >= 0; --i, h >>= 4) id[static_cast<size_t>(i)] = kHex[h & 0xf];
    return id;
}

bool SignatureComparison::update(const SignatureIndex* a, const SignatureIndex* b) {
    const uint64_t va = a ? a->version() ^ (a->generation() << 32) : ~uint64_t{0};
    const uint64_t vb = b ? b->version() ^ (b->generation() << 32) : ~uint64_t{0};
    if (built_ && a == a_ && b == b_ && va == versionA_ && vb == versionB_) return false;
    built_ = true;
    a_ = a;
    b_ = b;
    versionA_ = va;
    versionB_ = vb;
    std::vector<ComparedSignature> rows;
    std::unordered_map<std::string, size_t> at;  // level word + tab + text -> row
    const auto add = [&](const SignatureIndex* index, bool inA) {
        if (!index) return;
        for (const Signature& g : index->all()) {
            std::string key = std::string(toString(g.level)) + '\t' + g.text;
            auto [it, fresh] = at.emplace(std::move(key), rows.size());
            if (fresh) {
                ComparedSignature row;
                row.id = comparedSignatureId(g.level, g.text);
                row.level = g.level;
                row.text = g.text;
                rows.push_back(std::move(row));
            }
            (inA ? rows[it->second].countA : rows[it->second].countB) += g.count;
        }
    };
    add(a, true);
    add(b, false);
    for (ComparedSignature& r : rows)
        r.change = r.countB == 0          ? SignatureChange::New
                   : r.countA == 0        ? SignatureChange::Gone
                   : r.countA != r.countB ? SignatureChange::Changed
                                          : SignatureChange::Same;
    std::sort(rows.begin(), rows.end(), [](const ComparedSignature& x, const ComparedSignature& y) {
        const int rx = changeRank(x.change, x.level);
        const int ry = changeRank(y.change, y.level);
        if (rx != ry) return rx < ry;
        const size_t mx = std::max(x.countA, x.countB);
        const size_t my = std::max(y.countA, y.countB);
        if (mx != my) return mx > my;
        return x.text < y.text;
    });
    const bool changed =
        rows.size() != rows_.size() ||
        !std::equal(rows.begin(), rows.end(), rows_.begin(),
                    [](const ComparedSignature& x, const ComparedSignature& y) {
                        return x.id == y.id && x.countA == y.countA && x.countB == y.countB;
                    });
    rows_ = std::move(rows);
    return changed;
}

const ComparedSignature* SignatureComparison::find(std::string_view id) const {
    for (const ComparedSignature& r : rows_)
        if (r.id == id) return &r;
    return nullptr;
}

size_t heldLogBytes(const AppState& s) {
    size_t n = 0;
    for (const LogState* L : {s.log.get(), s.compare.a.get(), s.compare.b.get()})
        if (L) n += L->store.bytesUsed();
    return n;
}

int64_t defaultComparedRun(const std::vector<Sync>& runs, int64_t a, TimeMs aStartedAt) {
    if (aStartedAt <= 0)
        for (const Sync& s : runs)
            if (s.id == a) aStartedAt = s.startedAt;
    const Sync* best = nullptr;
    for (const Sync& s : runs) {
        if (s.id == a || s.status != SyncStatus::Success || !syncFinished(s)) continue;
        const bool before = aStartedAt > 0 ? s.startedAt < aStartedAt : s.id < a;
        if (!before) continue;
        if (!best || s.startedAt > best->startedAt ||
            (s.startedAt == best->startedAt && s.id > best->id))
            best = &s;
    }
    return best ? best->id : 0;
}

// --- the feature ---------------------------------------------------------------------------------

CompareFeed::CompareFeed(FeatureHost& host)
    : Feature(host),
      a_(
          host, View::Compare, [this] { return host_.state.compare.a.get(); }, {},
          ResourceKey::Kind::CompareHeader, ResourceKey::Kind::CompareLog),
      b_(
          host, View::Compare, [this] { return host_.state.compare.b.get(); }, {},
          ResourceKey::Kind::CompareHeader, ResourceKey::Kind::CompareLog) {}

void CompareFeed::watchKeys(const Route& r, std::vector<Watch>& keys) {
    CompareState& C = host_.state.compare;
    // The picker belongs to run a's log (or its comparison): closed when the route leaves it.
    const CompareState::Picker& P = C.picker;
    if ((P.open || P.loading || P.pickDefault) && !onRun(r, P.serviceId, P.syncId)) closePicker();
    // The compared logs are held while the comparison, or the log of either run (a compared
    // signature clicked, or back to run a), is shown; dropped once the route leaves them.
    if (C.a || C.b) {
        const int64_t a = C.a ? C.a->syncId : 0, b = C.b ? C.b->syncId : 0;
        const bool keep = r.serviceId == C.serviceId &&
                          ((r.view == View::Compare && r.syncId > 0 && r.compareId > 0) ||
                           (r.view == View::Log && (r.syncId == a || r.syncId == b)));
        if (!keep) {
            C.a.reset();
            C.b.reset();
            C.model.clear();
            a_.restart();
            b_.restart();
        }
    }
    if (r.view != View::Compare || r.syncId <= 0 || r.compareId <= 0) return;
    const auto hold = [&](std::unique_ptr<LogState>& slot, LogReader& reader, int64_t syncId) {
        if (slot && slot->syncId == syncId) return;
        slot = std::make_unique<LogState>();
        slot->syncId = syncId;
        reader.restart();
        C.model.clear();
    };
    hold(C.a, a_, r.syncId);
    hold(C.b, b_, r.compareId);
    C.serviceId = r.serviceId;
    C.a->serviceId = r.serviceId;
    C.b->serviceId = r.serviceId;
    a_.watchKeys(keys);
    b_.watchKeys(keys);
}

bool CompareFeed::dispatch(const ResourceKey& k, TimeMs) {
    return a_.dispatch(k) || b_.dispatch(k);
}

void CompareFeed::reset() {
    host_.state.compare = {};
    a_.restart();
    b_.restart();
    incoming_.clear();
    ++generation_;
}

void CompareFeed::updateModel() {
    CompareState& C = host_.state.compare;
    if (C.model.update(C.a ? &C.a->signatures : nullptr, C.b ? &C.b->signatures : nullptr))
        host_.changed();
}

void CompareFeed::updateFreshness(TimeMs nowMs) {
    a_.updateFreshness(nowMs);
    b_.updateFreshness(nowMs);
    updateModel();
}

std::string CompareFeed::staleText(View view) const {
    if (view != View::Compare) return {};
    const std::string text = a_.staleText();
    return text.empty() ? b_.staleText() : text;
}

void CompareFeed::pump(TimeMs nowMs) {
    a_.pump(nowMs);
    b_.pump(nowMs);
    updateModel();
}

std::optional<TimeMs> CompareFeed::nextWakeMs(TimeMs nowMs) const {
    const std::optional<TimeMs> x = a_.nextWakeMs(nowMs);
    const std::optional<TimeMs> y = b_.nextWakeMs(nowMs);
    if (!x) return y;
    return y ? std::min(*x, *y) : x;
}

// --- the picker ----------------------------------------------------------------------------------

void CompareFeed::openPicker(int64_t serviceId, int64_t syncId, bool pickDefault) {
    if (serviceId <= 0 || syncId <= 0) return;
    CompareState::Picker& P = host_.state.compare.picker;
    P = {};
    P.serviceId = serviceId;
    P.syncId = syncId;
    P.pickDefault = pickDefault;
    ++generation_;
    const SummaryState& S = host_.state.summary;
    if (S.serviceId == serviceId && S.loaded) {  // the summary's list: no request
        P.runs = S.syncs;
        return runsKnown();
    }
    P.loading = true;
    P.open = !pickDefault;  // "Compare with…" opens it only if there is no default run
    incoming_.clear();
    requestRuns(serviceId, 1, generation_);
    host_.changed();
}

bool CompareFeed::onRun(const Route& r, int64_t serviceId, int64_t syncId) {
    return (r.view == View::Log || r.view == View::Compare) && r.serviceId == serviceId &&
           r.syncId == syncId;
}

void CompareFeed::closePicker() {
    host_.state.compare.picker.open = false;
    host_.state.compare.picker.pickDefault = false;
    host_.state.compare.picker.loading = false;
    ++generation_;  // a listing still in flight opens nothing
    host_.changed();
}

void CompareFeed::requestRuns(int64_t serviceId, int page, uint64_t gen) {
    host_.scheduler.noteRequest(host_.now());  // counted against the request budget
    const TimeMs since = host_.serverNow(host_.now()) - kDayMs;
    host_.backend.listSyncs(
        host_.state.credentials, serviceId, since, page, kRunsPerPage,
        [this, serviceId, page, gen, since, session = host_.session](Answer<SyncsPage> a) {
            if (!host_.arrived(a, std::nullopt, gen == generation_)) return;
            CompareState::Picker& P = host_.state.compare.picker;
            if (a.error) {
                if (a.error.kind == ErrorKind::Unauthorized)
                    return host_.unauthorizedIn(session, a.error);
                P.loading = false;
                P.open = true;
                P.error = "Could not list the runs: " + describe(a.error);
                host_.changed();
                return;
            }
            for (Sync& s : a.value.syncs) {
                if (s.serviceId == 0) s.serviceId = serviceId;
                if (s.startedAt >= since) incoming_.push_back(std::move(s));
            }
            if (page < a.value.meta.lastPage && page < kMaxRunPages && !a.value.syncs.empty())
                return requestRuns(serviceId, page + 1, gen);
            P.runs = std::move(incoming_);
            incoming_.clear();
            std::stable_sort(P.runs.begin(), P.runs.end(), [](const Sync& x, const Sync& y) {
                return x.startedAt != y.startedAt ? x.startedAt > y.startedAt : x.id > y.id;
            });
            P.loading = false;
            runsKnown();
        });
}

void CompareFeed::runsKnown() {
    CompareState::Picker& P = host_.state.compare.picker;
    if (!onRun(host_.state.route, P.serviceId, P.syncId)) {  // the user has left run a since
        P.pickDefault = false;
        P.open = false;
        host_.changed();
        return;
    }
    if (P.pickDefault) {
        P.pickDefault = false;
        TimeMs startedAt = 0;
        const AppState& s = host_.state;
        if (s.log && s.log->syncId == P.syncId && s.log->sync) startedAt = s.log->sync->startedAt;
        if (const int64_t b = defaultComparedRun(P.runs, P.syncId, startedAt)) {
            P.open = false;
            Route r;
            r.view = View::Compare;
            r.serviceId = P.serviceId;
            r.syncId = P.syncId;
            r.compareId = b;
            host_.navigate(r);
            return;
        }
    }
    P.open = true;
    host_.changed();
}

}  // namespace core
