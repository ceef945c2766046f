// tests/unit/overview_bins_test.cpp — the overview ruler's bins (core/overview_bins.h) over a real
// store and filtered view, against a brute-force model: levels, matches and marked lines land in
// the bin of their shown row; the bins go stale only when what they were built from changes.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/filtered_log.h"
#include "core/log_store.h"
#include "core/overview_bins.h"
#include "core/signatures.h"

namespace {

using core::FilteredLog;
using core::LogFilter;
using core::LogLevel;
using core::LogLine;
using core::LogStore;
using core::OverviewBins;
using core::SignatureLines;

LogLevel levelFor(int64_t id) {
    if (id % 97 == 0) return LogLevel::Error;
    if (id % 31 == 0) return LogLevel::Warning;
    return id % 3 == 0 ? LogLevel::Debug : LogLevel::Info;
}

std::vector<LogLine> lines(int64_t from, int64_t to) {
    std::vector<LogLine> out;
    for (int64_t id = from; id <= to; ++id) {
        LogLine l;
        l.id = id;
        l.at = 1'800'000'000'000 + id;
        l.level = levelFor(id);
        l.message = (id % 13 == 0 ? "order rejected " : "order pushed ") + std::to_string(id);
        out.push_back(l);
    }
    return out;
}

// The bins as they should be, row by row.
std::vector<uint8_t> model(const LogStore& store, const FilteredLog& v, size_t bins,
                           const std::vector<int64_t>& marked) {
    const size_t rows = v.shownCount();
    const size_t n = std::min(bins, rows);
    std::vector<uint8_t> out(n, 0);
    std::vector<int64_t> matches;
    for (size_t k = 0; k < v.matchCount(); ++k) matches.push_back(v.matchId(k));
    for (size_t r = 0; r < rows && n; ++r) {
        const int64_t id = v.shownId(r);
        uint8_t m = 0;
        const LogLevel l = store.lineById(id).level;
        if (l == LogLevel::Error) m |= core::kOverviewError;
        if (l == LogLevel::Warning) m |= core::kOverviewWarning;
        if (v.searching() && std::binary_search(matches.begin(), matches.end(), id))
            m |= core::kOverviewMatch;
        if (std::binary_search(marked.begin(), marked.end(), id)) m |= core::kOverviewMarked;
        out[r * n / rows] |= m;
    }
    return out;
}

std::vector<uint8_t> binsOf(const OverviewBins& b) {
    std::vector<uint8_t> out;
    for (size_t i = 0; i < b.size(); ++i) out.push_back(b.at(i));
    return out;
}

struct OverviewBinsTest : ::testing::Test {
    LogStore store;
    FilteredLog view;
    void SetUp() override {
        store.appendBatch(lines(1, 5000));
        view.update(store);
    }
    void filter(const LogFilter& f) { ASSERT_TRUE(view.setFilter(store, f)); }
};

TEST_F(OverviewBinsTest, ErrorsWarningsAndMatchesLandInTheBinOfTheirShownRow) {
    LogFilter noDebug;
    noDebug.levels[static_cast<size_t>(LogLevel::Debug)] = false;
    LogFilter query;
    query.query = "rejected";
    LogFilter onlyMatching = query;
    onlyMatching.onlyMatching = true;
    LogFilter warningsOnly;
    warningsOnly.levels = {{false, false, true, false}};
    LogFilter queryNoDebug = noDebug;
    queryNoDebug.query = "rejected";
    std::vector<int64_t> marked;
    SignatureLines markedList;
    for (int64_t id = 26; id <= 5000; id += 26 * 7) {  // every 7th "rejected" line
        marked.push_back(id);
        markedList.push_back(id);
    }
    for (const LogFilter& f :
         {LogFilter{}, noDebug, query, onlyMatching, warningsOnly, queryNoDebug}) {
        filter(f);
        for (const size_t bins : {size_t{1}, size_t{7}, size_t{600}, size_t{4999}, size_t{20000}}) {
            OverviewBins b;
            b.build(store, view, bins, &markedList, 1);
            SCOPED_TRACE("query '" + f.query + "', " + std::to_string(bins) + " bins");
            EXPECT_EQ(b.rows(), view.shownCount());
            EXPECT_EQ(b.size(), std::min(bins, view.shownCount()));
            EXPECT_EQ(binsOf(b), model(store, view, bins, marked));
        }
    }
}

TEST_F(OverviewBinsTest, AFewLinesAreOneBinEachAndCountsAreOfLines) {
    LogStore small;
    small.appendBatch(lines(90, 100));  // 97 is an error, 93 a warning
    FilteredLog v;
    v.update(small);
    OverviewBins b;
    b.build(small, v, 600);
    ASSERT_EQ(b.size(), 11u);
    EXPECT_EQ(b.at(7), core::kOverviewError);    // line 97: row 7
    EXPECT_EQ(b.at(3), core::kOverviewWarning);  // line 93: row 3
    EXPECT_EQ(b.at(0), 0);
    EXPECT_EQ(b.errors(), 1u);
    EXPECT_EQ(b.warnings(), 1u);
    EXPECT_EQ(b.firstRow(7), 7u);
    EXPECT_EQ(b.binOfRow(7), 7u);
}

TEST_F(OverviewBinsTest, BinsCoverTheRowsWithoutGaps) {
    OverviewBins b;
    b.build(store, view, 600);
    EXPECT_EQ(b.firstRow(0), 0u);
    EXPECT_EQ(b.firstRow(b.size()), 5000u);
    for (size_t bin = 0; bin < b.size(); ++bin) {
        ASSERT_LT(b.firstRow(bin), b.firstRow(bin + 1));
        EXPECT_EQ(b.binOfRow(b.firstRow(bin)), bin);
        EXPECT_EQ(b.binOfRow(b.firstRow(bin + 1) - 1), bin);
    }
}

TEST(OverviewBinsRowAt, AFractionOfTheHeightIsThatFractionOfTheRows) {
    EXPECT_EQ(OverviewBins::rowAt(0.0, 1000), 0u);
    EXPECT_EQ(OverviewBins::rowAt(0.25, 1000), 250u);
    EXPECT_EQ(OverviewBins::rowAt(0.5, 1000), 500u);
    EXPECT_EQ(OverviewBins::rowAt(0.9, 1000), 900u);
    EXPECT_EQ(OverviewBins::rowAt(1.0, 1000), 999u);
    EXPECT_EQ(OverviewBins::rowAt(-3.0, 1000), 0u);
    EXPECT_EQ(OverviewBins::rowAt(7.0, 1000), 999u);
    EXPECT_EQ(OverviewBins::rowAt(0.5, 0), 0u);
}

TEST_F(OverviewBinsTest, StaleOnlyWhenWhatTheBinsWereBuiltFromChanged) {
    OverviewBins b;
    EXPECT_EQ(b.stale(store, view, 600), OverviewBins::Stale::View);  // never built
    EXPECT_EQ(b.costMs(), 0.0);
    b.build(store, view, 600);
    EXPECT_EQ(b.builds(), 1u);
    EXPECT_GT(b.costMs(), 0.0);  // the build's time, summed for the benchmarks (overviewMs)
    EXPECT_EQ(b.stale(store, view, 600), OverviewBins::Stale::No);
    EXPECT_EQ(b.stale(store, view, 601), OverviewBins::Stale::View);  // the ruler's height
    SignatureLines marked;
    marked.push_back(26);
    EXPECT_EQ(b.stale(store, view, 600, &marked, 1), OverviewBins::Stale::View);
    // The log grew: the same filter over more lines.
    store.appendBatch(lines(5001, 5100));
    view.update(store);
    EXPECT_EQ(b.stale(store, view, 600), OverviewBins::Stale::Log);
    b.build(store, view, 600);
    EXPECT_EQ(b.rows(), 5100u);
    EXPECT_EQ(b.stale(store, view, 600), OverviewBins::Stale::No);
    // Older lines in front.
    LogStore tail;
    tail.appendBatch(lines(3001, 5000));
    FilteredLog tv;
    tv.update(tail);
    OverviewBins t;
    t.build(tail, tv, 100);
    tail.prependBatch(lines(2001, 3000));
    tv.update(tail);
    EXPECT_EQ(t.stale(tail, tv, 100), OverviewBins::Stale::Log);
    // The filter: a level, a query, "only matching".
    LogFilter f;
    f.levels[static_cast<size_t>(LogLevel::Info)] = false;
    filter(f);
    EXPECT_EQ(b.stale(store, view, 600), OverviewBins::Stale::View);
    b.build(store, view, 600);
    f.query = "rejected";
    filter(f);
    EXPECT_EQ(b.stale(store, view, 600), OverviewBins::Stale::View);
    b.build(store, view, 600);
    EXPECT_EQ(b.stale(store, view, 600), OverviewBins::Stale::No);
    f.onlyMatching = true;
    filter(f);
    EXPECT_EQ(b.stale(store, view, 600), OverviewBins::Stale::View);
    // The marked lines: others (another list), or more of them as the log grows.
    b.build(store, view, 600, &marked, 1);
    EXPECT_EQ(b.stale(store, view, 600, &marked, 1), OverviewBins::Stale::No);
    SignatureLines other;
    EXPECT_EQ(b.stale(store, view, 600, &other, 1), OverviewBins::Stale::View);
    EXPECT_EQ(b.stale(store, view, 600, nullptr, 0), OverviewBins::Stale::View);
    EXPECT_EQ(b.stale(store, view, 600, &marked, 2), OverviewBins::Stale::Log);
    marked.push_back(52);
    EXPECT_EQ(b.stale(store, view, 600, &marked, 1), OverviewBins::Stale::Log);
    EXPECT_EQ(b.builds(), 5u);
}

// A signature shown alone (core::LogFilter::signature): the ruler maps its lines, every one marked
// in the signature's lane; with no query its match list (all its lines) is not drawn as matches.
TEST_F(OverviewBinsTest, ASignatureShownAloneIsMarkedAndItsLinesAreNotMatches) {
    core::SignatureIndex sigs;
    sigs.update(store);
    view.update(store, &sigs);
    // The warnings: "order pushed N" (id % 31 == 0, not % 13) and "order rejected N" share
    // nothing with the errors; pick the signature of line 31's.
    uint32_t pushed = 0;
    for (const core::Signature& sig : sigs.all())
        if (sig.level == LogLevel::Warning && sig.lines.lowerBound(31) < sig.lines.size() &&
            sig.lines[sig.lines.lowerBound(31)] == 31)
            pushed = sig.id;
    ASSERT_NE(pushed, 0u);
    const core::Signature& sig = *sigs.byId(pushed);
    LogFilter f;
    f.signature = pushed;
    ASSERT_TRUE(view.setFilter(store, f, &sigs));
    ASSERT_EQ(view.shownCount(), sig.lines.size());
    OverviewBins b;
    b.build(store, view, 50, &sig.lines, sigs.version());
    EXPECT_EQ(b.rows(), sig.lines.size());
    EXPECT_EQ(b.marked(), sig.lines.size());
    EXPECT_EQ(b.warnings(), sig.lines.size());
    EXPECT_EQ(b.matches(), 0u);
    for (size_t i = 0; i < b.size(); ++i)
        EXPECT_EQ(b.at(i), core::kOverviewWarning | core::kOverviewMarked) << "bin " << i;
    // The same signature, every line shown: only its lines are marked.
    std::vector<int64_t> marked;
    for (size_t i = 0; i < sig.lines.size(); ++i) marked.push_back(sig.lines[i]);
    ASSERT_TRUE(view.setFilter(store, LogFilter{}, &sigs));
    EXPECT_EQ(b.stale(store, view, 50, &sig.lines, sigs.version()), OverviewBins::Stale::View);
    b.build(store, view, 600, &sig.lines, sigs.version());
    EXPECT_EQ(b.marked(), sig.lines.size());
    EXPECT_EQ(binsOf(b), model(store, view, 600, marked));
}

TEST_F(OverviewBinsTest, NothingShownIsNoBins) {
    LogFilter none;
    none.levels = {{false, false, false, false}};
    filter(none);
    OverviewBins b;
    b.build(store, view, 600);
    EXPECT_EQ(b.rows(), 0u);
    EXPECT_EQ(b.size(), 0u);
    LogStore empty;
    FilteredLog ev;
    ev.update(empty);
    b.build(empty, ev, 600);
    EXPECT_EQ(b.size(), 0u);
}

}  // namespace

// A signature shown alone with a regex that does not compile: the view's match list is then the
// signature's lines (for n / N), which are not matches of anything; the ruler marks none.
TEST_F(OverviewBinsTest, AnInvalidRegexWithASignatureShownMarksNoMatches) {
    core::SignatureIndex index;
    index.update(store);
    ASSERT_FALSE(index.all().empty());
    LogFilter f;
    f.signature = index.all().front().id;
    f.query = "[";
    f.regex = true;
    view.setFilter(store, f, &index);
    ASSERT_FALSE(view.regexError().empty());
    ASSERT_GT(view.shownCount(), 0u);
    OverviewBins b;
    b.build(store, view, 600);
    EXPECT_EQ(b.matches(), 0u);
    for (size_t k = 0; k < b.size(); ++k) EXPECT_EQ(b.at(k) & core::kOverviewMatch, 0) << k;
}
