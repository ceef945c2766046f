// core/overview_bins.h — the sync log's overview ruler (ui/log_overview.h), binned: the lines a
// core::FilteredLog shows, oldest first, mapped onto a fixed number of bins — one per pixel row of
// the ruler, or one per line when there are fewer lines than that. Each bin says whether any of
// its lines is an error, a warning, a search match (a line of the match list, when there is a
// query) or one of the "marked" lines (the selected signature's, core/signatures.h).
//
// Bin b holds shown rows [firstRow(b), firstRow(b + 1)); row r is in bin r * size() / rows().
// A click at a fraction f of the ruler's height goes to row rowAt(f, rows()).
//
// Building walks the shown lines once (the store's records, never their text), merging the match
// list and the marked lines in as it goes: about a millisecond or two per million lines natively
// (tests/bench/log_store_bench.cpp prints it). The UI builds again only when stale() says that
// what the bins were built from changed — the store's lines, the filter, the shown or match list,
// the marked lines, or the number of bins — never per frame.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/cost_meter.h"
#include "core/filtered_log.h"
#include "core/log_store.h"
#include "core/signatures.h"

namespace core {

// What a bin holds (bits of OverviewBins::at()).
enum OverviewMark : uint8_t {
    kOverviewError = 1,
    kOverviewWarning = 2,
    kOverviewMatch = 4,   // a line of the match list (only with a query)
    kOverviewMarked = 8,  // one of the marked lines (the selected signature's)
};

class OverviewBins {
public:
    // What changed since the bins were built: nothing; only the lines (the log grew or was
    // cleared, and the shown, match and marked lists with it), which a caller may let wait a
    // moment while a big log streams in; or the view (the filter, which list is marked, the
    // number of bins).
    enum class Stale { No, Log, View };

    // `marked`: the lines to mark (sorted store ids; null: none), and a number that changes
    // whenever they do (core::SignatureIndex::version()).
    Stale stale(const LogStore& store, const FilteredLog& view, size_t bins,
                const SignatureLines* marked = nullptr, uint64_t markedVersion = 0) const;
    void build(const LogStore& store, const FilteredLog& view, size_t bins,
               const SignatureLines* marked = nullptr, uint64_t markedVersion = 0);

    size_t rows() const { return rows_; }         // shown lines mapped
    size_t size() const { return bins_.size(); }  // bins: min(bins asked for, rows())
    uint8_t at(size_t bin) const { return bins_[bin]; }
    // (rows and bins are far below 2^32 each — lines held in memory, pixel rows — so the product
    // fits in 64 bits.)
    size_t binOfRow(size_t row) const {
        return rows_ ? static_cast<size_t>(uint64_t{row} * bins_.size() / rows_) : 0;
    }
    // The first row of bin `bin` (rows() for bin size()).
    size_t firstRow(size_t bin) const;
    // The row at a fraction f (0 … 1) of `rows` rows: floor(f × rows), within [0, rows - 1].
    static size_t rowAt(double f, size_t rows);

    // Counts of each mark over all shown lines (not bins), from the last build.
    size_t errors() const { return errors_; }
    size_t warnings() const { return warnings_; }
    size_t matches() const { return matches_; }
    size_t marked() const { return marked_; }
    // Builds so far (for tests: the bins are not rebuilt per frame).
    uint64_t builds() const { return builds_; }
    // Time spent building so far (state().log.overviewMs; the insights' cost, issue 20).
    double costMs() const { return cost_.ms(); }

private:
    std::vector<uint8_t> bins_;
    size_t rows_ = 0;
    size_t errors_ = 0, warnings_ = 0, matches_ = 0, marked_ = 0;
    uint64_t builds_ = 0;
    CostMeter cost_;
    // What the bins were built from.
    bool built_ = false;
    uint64_t storeVersion_ = 0;
    LogFilter filter_;
    size_t shownCount_ = 0, matchCount_ = 0, binsAsked_ = 0;
    int64_t firstShown_ = 0, lastShown_ = 0;
    const SignatureLines* markedList_ = nullptr;
    uint64_t markedVersion_ = 0;
    size_t markedCount_ = 0;
};

}  // namespace core
