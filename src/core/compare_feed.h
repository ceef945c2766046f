// core/compare_feed.h — issue 18 point 1: two runs of a service compared (View::Compare, route
// /services/{id}/syncs/{a}/compare/{b}; docs/architecture.md, "Comparing two runs").
//
// CompareFeed reads both logs fully, each with a core::LogReader into its own slot
// (AppState::compare.a / .b): the same store, request budget and RefreshScheduler as the log
// view, back-fill to the first line, and a running run refreshed every refreshSeconds. The
// signatures of each log are its own SignatureIndex; SignatureComparison matches them across the
// two runs. CompareFeed also holds the picker's list of runs ("Compare with…").
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/feature.h"
#include "core/log_reader.h"
#include "core/model.h"
#include "core/signatures.h"

namespace core {

struct AppState;

// The bytes of every log store held at once (AppState::log, compare.a, compare.b): a log's
// back-fill stops at config.logMemoryLimitMB counted over all of them together (issue 18 review).
size_t heldLogBytes(const AppState& state);

// How a signature of run a differs from run b (a is the run looked at, b the one compared with).
enum class SignatureChange { New, Changed, Gone, Same };
const char* toString(SignatureChange c);  // "new", "changed", "gone", "same"

struct ComparedSignature {
    std::string id;  // comparedSignatureId(level, text): stable across updates and reloads
    LogLevel level = LogLevel::Warning;
    std::string text;  // masked (core/signatures.h)
    size_t countA = 0;
    size_t countB = 0;
    SignatureChange change = SignatureChange::Same;
};

// The stable id of a compared signature: 16 lower-case hex digits, FNV-1a (64 bit) of the level
// word ("warning" / "error"), a tab and the masked text. The same (level, text) has the same id
// in every run, so it does not depend on the order either log grouped its lines in.
std::string comparedSignatureId(LogLevel level, std::string_view text);

// The signatures of two runs matched by (level, masked text), each with both counts, classified
// and ordered: new errors first, then new warnings, changed errors, changed warnings, gone
// errors, gone warnings, and those the same last; within a class by the larger count, most first,
// then by text. Kept as the lines arrive: update() recomputes the rows only when either index
// changed (each index is itself grouped incrementally).
class SignatureComparison {
public:
    // `a` / `b`: the runs' indexes (null: that log is not held yet). Returns whether the rows
    // changed.
    bool update(const SignatureIndex* a, const SignatureIndex* b);
    const std::vector<ComparedSignature>& rows() const { return rows_; }
    const ComparedSignature* find(std::string_view id) const;
    void clear() { *this = {}; }

private:
    std::vector<ComparedSignature> rows_;
    const SignatureIndex* a_ = nullptr;
    const SignatureIndex* b_ = nullptr;
    uint64_t versionA_ = ~uint64_t{0};
    uint64_t versionB_ = ~uint64_t{0};
    bool built_ = false;
};

// The run "Compare with…" picks by itself: the newest finished run of the service that succeeded
// and started before run a (`runs` as the API listed them; `aStartedAt` 0: unknown, then by id).
// 0 when there is none (the picker opens instead).
int64_t defaultComparedRun(const std::vector<Sync>& runs, int64_t a, TimeMs aStartedAt);

class CompareFeed final : public Feature {
public:
    explicit CompareFeed(FeatureHost& host);

    void watchKeys(const Route& route, std::vector<Watch>& keys) override;
    bool dispatch(const ResourceKey& key, TimeMs now) override;
    void reset() override;
    void updateFreshness(TimeMs now) override;
    std::string staleText(View view) const override;
    void pump(TimeMs now) override;
    std::optional<TimeMs> nextWakeMs(TimeMs now) const override;
    void refreshNow() override {
        a_.refreshNow();
        b_.refreshNow();
    }

    // "Compare with…" on run `syncId` (pickDefault: go to the default run if there is one, else
    // open the picker) or the comparison's "Change…" (the picker). The runs of the last 24 h come
    // from the summary's list when it holds that service, else from one listing request (through
    // the request budget).
    void openPicker(int64_t serviceId, int64_t syncId, bool pickDefault);
    void closePicker();

private:
    void requestRuns(int64_t serviceId, int page, uint64_t generation);
    // The route shows run `syncId`'s log or a comparison of it (the picker's run).
    static bool onRun(const Route& r, int64_t serviceId, int64_t syncId);
    void runsKnown();  // the picker's runs arrived: go to the default, or show them
    // The comparison's rows, when either log's signatures changed.
    void updateModel();

    LogReader a_;
    LogReader b_;
    std::vector<Sync> incoming_;  // pages of the runs being listed
    uint64_t generation_ = 0;     // a picker's listing for another run (or a reset) is dropped
};

}  // namespace core
