// core/overview_bins.cpp — see overview_bins.h.
#include "core/overview_bins.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace core {
namespace {

bool sameFilter(const LogFilter& a, const LogFilter& b) {
    return a.levels == b.levels && a.query == b.query && a.regex == b.regex &&
           a.onlyMatching == b.onlyMatching && a.signature == b.signature;
}

}  // namespace

OverviewBins::Stale OverviewBins::stale(const LogStore& store, const FilteredLog& view, size_t bins,
                                        const SignatureLines* marked,
                                        uint64_t markedVersion) const {
    const size_t shown = view.shownCount();
    const bool viewSame =
        built_ && sameFilter(filter_, view.filter()) && binsAsked_ == bins && markedList_ == marked;
    if (!viewSame) return Stale::View;
    // The same filter over more (or other) lines: the shown and match lists, and the marked
    // lines (a signature's), followed the store.
    if (storeVersion_ != store.version() || shownCount_ != shown ||
        matchCount_ != view.matchCount() || markedVersion_ != markedVersion ||
        markedCount_ != (marked ? marked->size() : 0) ||
        (shown && (firstShown_ != view.shownId(0) || lastShown_ != view.shownId(shown - 1))))
        return Stale::Log;
    return Stale::No;
}

size_t OverviewBins::firstRow(size_t bin) const {
    const size_t n = bins_.size();
    if (bin >= n) return rows_;
    // The least r with r * n / rows >= bin: ceil(bin * rows / n).
    return static_cast<size_t>((uint64_t{bin} * rows_ + n - 1) / n);
}

size_t OverviewBins::rowAt(double f, size_t rows) {
    if (rows == 0 || !(f > 0.0)) return 0;  // NaN too
    if (f >= 1.0) return rows - 1;
    return std::min(rows - 1, static_cast<size_t>(std::floor(f * static_cast<double>(rows))));
}

void OverviewBins::build(const LogStore& store, const FilteredLog& view, size_t bins,
                         const SignatureLines* marked, uint64_t markedVersion) {
    const CostMeter::Scope cost(cost_);
    ++builds_;
    built_ = true;
    storeVersion_ = store.version();
    filter_ = view.filter();
    binsAsked_ = bins;
    markedList_ = marked;
    markedVersion_ = markedVersion;
    markedCount_ = marked ? marked->size() : 0;
    const size_t shown = view.shownCount();
    shownCount_ = shown;
    matchCount_ = view.matchCount();
    firstShown_ = shown ? view.shownId(0) : 0;
    lastShown_ = shown ? view.shownId(shown - 1) : 0;
    errors_ = warnings_ = matches_ = marked_ = 0;
    // Lines the store no longer holds (a view not yet updated after a clear): nothing to map.
    rows_ = shown && store.holds(firstShown_) && store.holds(lastShown_) ? shown : 0;
    bins_.assign(std::min(bins, rows_), 0);
    if (rows_ == 0 || bins_.empty()) {
        rows_ = bins_.empty() ? 0 : rows_;
        return;
    }

    // Cursors into the match list (with a query in force only: without one, or with a regex that
    // does not compile, the list is empty or — with a signature shown alone — every shown line,
    // which says nothing) and the marked lines.
    const bool matching = view.searching();
    const size_t matchN = matching ? view.matchCount() : 0;
    size_t k = matching ? 0 : matchN;
    const size_t markedN = marked ? marked->size() : 0;
    size_t j = marked ? marked->lowerBound(firstShown_) : 0;
    if (j < markedN && (*marked)[j] > lastShown_) j = markedN;
    if (matching) {
        // The first match at or after the first shown line (matches are shown lines, but be safe).
        size_t lo = 0, hi = matchN;
        while (lo < hi) {
            const size_t mid = lo + (hi - lo) / 2;
            if (view.matchId(mid) < firstShown_)
                lo = mid + 1;
            else
                hi = mid;
        }
        k = lo;
    }

    size_t b = 0;
    size_t nextBinAt = firstRow(1);
    const auto take = [&](size_t r, int64_t id, LogLevel level) {
        while (r >= nextBinAt) nextBinAt = firstRow(++b + 1);
        uint8_t m = 0;
        if (level == LogLevel::Error) {
            m |= kOverviewError;
            ++errors_;
        } else if (level == LogLevel::Warning) {
            m |= kOverviewWarning;
            ++warnings_;
        }
        if (k < matchN) {
            while (k < matchN && view.matchId(k) < id) ++k;
            if (k < matchN && view.matchId(k) == id) {
                m |= kOverviewMatch;
                ++matches_;
                ++k;
            }
        }
        if (j < markedN) {
            while (j < markedN && (*marked)[j] < id) ++j;
            if (j < markedN && (*marked)[j] == id) {
                m |= kOverviewMarked;
                ++marked_;
                ++j;
            }
        }
        bins_[b] |= m;
    };

    const int64_t base = store.firstId();
    const size_t begin = static_cast<size_t>(firstShown_ - base);
    const size_t end = static_cast<size_t>(lastShown_ - base) + 1;
    if (rows_ * 8 < end - begin) {
        // Few lines shown over a long stretch (only the matches of a rare word): look each up.
        for (size_t r = 0; r < rows_; ++r) {
            const int64_t id = view.shownId(r);
            take(r, id, store.level(static_cast<size_t>(id - base)));
        }
        return;
    }
    // Otherwise walk the stretch's records straight through, taking the shown lines as they come.
    size_t r = 0;
    int64_t next = firstShown_;
    store.forEachLevel(begin, end, [&](size_t i, LogLevel level) {
        const int64_t id = base + static_cast<int64_t>(i);
        if (id != next) return;
        take(r, id, level);
        ++r;
        next = r < rows_ ? view.shownId(r) : std::numeric_limits<int64_t>::max();
    });
}

}  // namespace core
