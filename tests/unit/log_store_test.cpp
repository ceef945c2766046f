// tests/unit/log_store_test.cpp — the log store (merging, memory) and the filtered log over it
// (core/filtered_log.h). The search's parts have their own tests: folded_search_test.cpp,
// safe_regex_test.cpp, id_list_test.cpp, filtered_log_test.cpp.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/filtered_log.h"
#include "core/log_store.h"

namespace {

using core::FilteredLog;
using core::LogFilter;
using core::LogLevel;
using core::LogLine;
using core::LogStore;

LogLine makeLine(int64_t id, LogLevel level = LogLevel::Info, std::string message = "") {
    LogLine l;
    l.id = id;
    l.at = 1'800'000'000'000 + id * 37;
    l.level = level;
    l.message = message.empty() ? "line " + std::to_string(id) : std::move(message);
    return l;
}

std::vector<LogLine> range(int64_t from, int64_t to) {  // inclusive
    std::vector<LogLine> lines;
    for (int64_t id = from; id <= to; ++id) lines.push_back(makeLine(id));
    return lines;
}

void expectContiguous(const LogStore& s, int64_t first, int64_t last) {
    ASSERT_EQ(s.firstId(), first);
    ASSERT_EQ(s.lastId(), last);
    ASSERT_EQ(s.size(), static_cast<size_t>(last - first + 1));
    for (size_t i = 0; i < s.size(); ++i) {
        const auto v = s.line(i);
        ASSERT_EQ(v.id, first + static_cast<int64_t>(i));
        ASSERT_EQ(v.text, "line " + std::to_string(v.id));
        ASSERT_EQ(v.at, 1'800'000'000'000 + v.id * 37);
    }
}

TEST(LogStore, AppendsAndDropsDuplicates) {
    LogStore s;
    EXPECT_TRUE(s.empty());
    EXPECT_EQ(s.firstId(), 0);
    EXPECT_EQ(s.lastId(), 0);
    auto r = s.appendBatch(range(1, 50));
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(r.added, 50u);
    // An overlapping page (Patchworks dialect: re-read from the last known page).
    r = s.appendBatch(range(41, 60));
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(r.added, 10u);
    EXPECT_EQ(r.duplicates, 10u);
    // Entirely old, and a repeat inside one batch.
    std::vector<LogLine> again = range(61, 62);
    again.push_back(makeLine(62));
    again.push_back(makeLine(3));
    r = s.appendBatch(again);
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(r.added, 2u);
    EXPECT_EQ(r.duplicates, 2u);
    EXPECT_EQ(s.duplicatesDropped(), 12u);
    expectContiguous(s, 1, 62);
}

TEST(LogStore, GapIsReportedAndNothingPastItTaken) {
    LogStore s;
    ASSERT_TRUE(s.appendBatch(range(1, 10)).ok());
    std::vector<LogLine> page = range(11, 12);
    page.push_back(makeLine(14));  // 13 missing
    page.push_back(makeLine(15));
    const auto r = s.appendBatch(page);
    EXPECT_FALSE(r.ok());
    EXPECT_EQ(r.added, 2u);
    EXPECT_EQ(r.expectedId, 13);
    EXPECT_EQ(r.gotId, 14);
    expectContiguous(s, 1, 12);
    EXPECT_FALSE(s.append(makeLine(20)).ok());
    EXPECT_TRUE(s.append(makeLine(13)).ok());
    expectContiguous(s, 1, 13);
}

// Found by tests/fuzz/log_store_fuzz.cpp: ids at the ends of int64 (an API may send anything)
// overflowed lastId() and the view's arithmetic. Ids beyond ±2^53 are now dropped as invalid.
TEST(LogStore, IdsNoLogCanHaveAreDroppedWithoutOverflow) {
    const auto makeLine = [](int64_t id) {  // makeLine's time is id-based: no overflow here
        LogLine l;
        l.id = id;
        return l;
    };
    LogStore s;
    const int64_t max = LogStore::kMaxLineId;
    auto r =
        s.appendBatch({makeLine(max - 1), makeLine(max), makeLine(max + 1), makeLine(INT64_MAX)});
    EXPECT_EQ(r.added, 2u);
    EXPECT_EQ(r.invalid, 2u);
    EXPECT_FALSE(r.gap);
    EXPECT_EQ(s.lastId(), max);
    r = s.append(makeLine(INT64_MAX));
    EXPECT_EQ(r.invalid, 1u);
    EXPECT_EQ(r.added, 0u);
    r = s.prependBatch({makeLine(INT64_MIN), makeLine(max - 3), makeLine(max - 2)});
    EXPECT_EQ(r.invalid, 1u);
    EXPECT_EQ(r.added, 2u);
    EXPECT_EQ(s.firstId(), max - 3);
    LogStore low;
    EXPECT_EQ(low.append(makeLine(INT64_MIN)).invalid, 1u);
    EXPECT_TRUE(low.empty());
    EXPECT_EQ(low.append(makeLine(-max)).added, 1u);
    FilteredLog v;
    v.update(low);
    EXPECT_EQ(v.rowOfId(INT64_MAX), 1u);
    EXPECT_EQ(v.rowOfId(INT64_MIN), 0u);
}

TEST(LogStore, TailFirstThenOlderPagesInFront) {
    LogStore s;
    // The newest page arrives first.
    ASSERT_TRUE(s.appendBatch(range(9001, 10000)).ok());
    EXPECT_EQ(s.firstId(), 9001);
    // Live lines keep arriving at the end meanwhile.
    ASSERT_TRUE(s.appendBatch(range(10001, 10005)).ok());
    // Older pages, newest-older first, each overlapping the held range a little.
    for (int64_t start = 8001; start >= 1; start -= 1000) {
        const auto r = s.prependBatch(range(start, start + 1009));
        ASSERT_TRUE(r.ok()) << start;
        EXPECT_EQ(r.added, 1000u);
        EXPECT_EQ(r.duplicates, 10u);
    }
    expectContiguous(s, 1, 10005);
    // Re-prepending something already held is harmless.
    const auto r = s.prependBatch(range(1, 100));
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(r.added, 0u);
    EXPECT_EQ(r.duplicates, 100u);
    expectContiguous(s, 1, 10005);
}

TEST(LogStore, PrependGapsTakeNothing) {
    LogStore s;
    ASSERT_TRUE(s.appendBatch(range(501, 600)).ok());
    // Does not reach firstId - 1.
    auto r = s.prependBatch(range(301, 400));
    EXPECT_FALSE(r.ok());
    EXPECT_EQ(r.added, 0u);
    EXPECT_EQ(r.expectedId, 401);
    // A hole inside the block.
    std::vector<LogLine> holey = range(401, 450);
    for (auto& l : range(452, 500)) holey.push_back(l);
    r = s.prependBatch(holey);
    EXPECT_FALSE(r.ok());
    EXPECT_EQ(r.added, 0u);
    EXPECT_EQ(r.expectedId, 451);
    EXPECT_EQ(s.firstId(), 501);
    // Out of order inside the block: the repeat is a duplicate, the rest joins.
    std::vector<LogLine> shuffled = range(401, 500);
    shuffled.insert(shuffled.begin() + 50, makeLine(420));
    r = s.prependBatch(shuffled);
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(r.added, 100u);
    EXPECT_EQ(r.duplicates, 1u);
    expectContiguous(s, 401, 600);
}

TEST(LogStore, LevelCountsPayloadsAndLongLines) {
    LogStore s;
    std::vector<LogLine> lines;
    for (int64_t id = 1; id <= 100; ++id)
        lines.push_back(makeLine(id, static_cast<LogLevel>(id % 4)));
    lines[9].payload =
        core::PayloadRef{77, core::PayloadKind::Push, "push-10.json", 1234, "application/json", 0};
    lines[19].message = std::string(1'000'000, 'x');  // bigger than a chunk
    ASSERT_TRUE(s.appendBatch(lines).ok());
    EXPECT_EQ(s.levelCount(LogLevel::Debug), 25u);
    EXPECT_EQ(s.levelCount(LogLevel::Info), 25u);
    EXPECT_EQ(s.levelCount(LogLevel::Warning), 25u);
    EXPECT_EQ(s.levelCount(LogLevel::Error), 25u);
    EXPECT_EQ(s.line(9).payload->id, 77);
    EXPECT_EQ(s.line(9).payload->fileName, "push-10.json");
    EXPECT_EQ(s.line(8).payload, nullptr);
    EXPECT_EQ(s.line(19).text.size(), 1'000'000u);
    EXPECT_EQ(s.line(20).text, "line 21");
    EXPECT_EQ(s.line(2).level, LogLevel::Error);  // id 3
    ASSERT_TRUE(s.prependBatch({}).ok());
    s.clear();
    EXPECT_TRUE(s.empty());
    EXPECT_EQ(s.levelCount(LogLevel::Info), 0u);
    ASSERT_TRUE(s.appendBatch(range(1, 3)).ok());  // ids may start over after clear
    expectContiguous(s, 1, 3);
}

TEST(LogStore, MemoryPerLineUnderRawText) {
    LogStore s;
    size_t raw = 0;  // the log as downloaded text: "<time> <LEVEL> <message>\n"
    std::vector<LogLine> page;
    for (int64_t id = 1; id <= 100'000; ++id) {
        std::string msg = "Pulled page " + std::to_string(id) +
                          " of orders from Shopify: 50 records, cursor eyJsYXN0X2lkIjo";
        while (msg.size() < 120) msg += static_cast<char>('a' + id % 26);
        raw += msg.size() + 24 + 6 + 1;  // ISO time, " INFO ", newline
        page.push_back(makeLine(id, LogLevel::Info, msg));
        if (page.size() == 5000) {
            ASSERT_TRUE(s.appendBatch(page).ok());
            page.clear();
        }
    }
    const double ratio = static_cast<double>(s.bytesUsed()) / static_cast<double>(raw);
    EXPECT_LT(ratio, 1.3) << s.bytesUsed() << " bytes for " << raw << " bytes of raw text";
    // Even against the bare message bytes the overhead stays modest.
    EXPECT_LT(static_cast<double>(s.bytesUsed()) / static_cast<double>(s.textBytes()), 1.3);
}

// --- the filtered log ---------------------------------------------------------------------------

std::vector<int64_t> shownIds(const FilteredLog& v) {
    std::vector<int64_t> ids;
    for (size_t i = 0; i < v.shownCount(); ++i) ids.push_back(v.shownId(i));
    return ids;
}

TEST(FilteredLog, UpdatesIncrementallyOnAppend) {
    LogStore s;
    for (int64_t id = 1; id <= 1000; ++id)
        s.append(makeLine(id, id % 10 == 0 ? LogLevel::Error : LogLevel::Info,
                          id % 100 == 0 ? "Order FAILED " + std::to_string(id)
                                        : "order ok " + std::to_string(id)));
    FilteredLog v;
    LogFilter f;
    f.query = "failed";
    v.setFilter(s, f);
    EXPECT_EQ(v.shownCount(), 1000u);
    EXPECT_EQ(v.matchCount(), 10u);
    EXPECT_EQ(v.linesScanned(), 1000u);

    const uint64_t scanned = v.linesScanned();
    const uint64_t searched = v.textsSearched();
    v.update(s);  // nothing new: nothing looked at
    EXPECT_EQ(v.linesScanned(), scanned);

    s.append(makeLine(1001, LogLevel::Info, "order failed again"));
    s.append(makeLine(1002, LogLevel::Debug, "heartbeat"));
    s.append(makeLine(1003, LogLevel::Error, "push FAILED"));
    v.update(s);
    EXPECT_EQ(v.linesScanned(), scanned + 3);
    EXPECT_EQ(v.textsSearched(), searched + 3);
    EXPECT_EQ(v.shownCount(), 1003u);
    EXPECT_EQ(v.matchCount(), 12u);
    EXPECT_EQ(v.matchId(11), 1003);

    // Only matching lines, errors hidden: rebuilt without searching any text.
    f.onlyMatching = true;
    f.levels[static_cast<size_t>(LogLevel::Error)] = false;
    const uint64_t searchedBefore = v.textsSearched();
    v.setFilter(s, f);
    EXPECT_EQ(v.textsSearched(), searchedBefore);
    EXPECT_EQ(shownIds(v), std::vector<int64_t>({1001}));  // every "FAILED" 100s line is an error
    EXPECT_EQ(v.matchCount(), 1u);

    s.append(makeLine(1004, LogLevel::Warning, "retry failed"));
    s.append(makeLine(1005, LogLevel::Error, "failed hard"));
    s.append(makeLine(1006, LogLevel::Info, "fine"));
    const uint64_t before = v.linesScanned();
    v.update(s);
    EXPECT_EQ(v.linesScanned(), before + 3);
    EXPECT_EQ(shownIds(v), std::vector<int64_t>({1001, 1004}));

    // Errors back on: the cached matches come back, still no text search.
    f.levels[static_cast<size_t>(LogLevel::Error)] = true;
    const uint64_t searched2 = v.textsSearched();
    v.setFilter(s, f);
    EXPECT_EQ(v.textsSearched(), searched2);
    EXPECT_EQ(v.matchCount(), 14u);
    EXPECT_EQ(v.shownCount(), 14u);
    EXPECT_EQ(v.nextMatch(0), 100);
    EXPECT_EQ(v.nextMatch(100), 200);
    EXPECT_EQ(v.nextMatch(1005), 0);
    EXPECT_EQ(v.previousMatch(100), 0);
    EXPECT_EQ(v.previousMatch(1004), 1003);
    EXPECT_EQ(v.rowOfId(1001), 10u);
}

TEST(FilteredLog, FilterChangeRescans) {
    LogStore s;
    ASSERT_TRUE(s.appendBatch(range(1, 500)).ok());
    FilteredLog v;
    v.update(s);
    EXPECT_EQ(v.shownCount(), 500u);
    EXPECT_EQ(v.matchCount(), 0u);
    EXPECT_EQ(v.textsSearched(), 0u);  // no query, no text read
    LogFilter f;
    f.query = "line 4";
    f.onlyMatching = true;
    v.setFilter(s, f);
    EXPECT_EQ(v.textsSearched(), 500u);
    // "line 4", "line 40".."line 49", "line 400".."line 499"
    EXPECT_EQ(v.matchCount(), 111u);
    EXPECT_EQ(v.shownCount(), 111u);
    f.query = "LINE 49";
    v.setFilter(s, f);
    EXPECT_EQ(v.textsSearched(), 1000u);
    EXPECT_EQ(v.matchCount(), 11u);
    f.query.clear();
    v.setFilter(s, f);
    EXPECT_EQ(v.shownCount(), 500u);  // only-matching with no query shows everything
    EXPECT_EQ(v.matchCount(), 0u);
}

TEST(FilteredLog, PrependedBlockGoesInFront) {
    LogStore s;
    ASSERT_TRUE(s.appendBatch(range(801, 1000)).ok());
    FilteredLog v;
    LogFilter f;
    f.query = "line 9";
    v.setFilter(s, f);
    EXPECT_EQ(v.matchCount(), 100u);  // 900..999
    EXPECT_EQ(v.matchId(0), 900);
    const uint64_t scanned = v.linesScanned();
    ASSERT_TRUE(s.prependBatch(range(1, 810)).ok());
    ASSERT_TRUE(s.append(makeLine(1001)).ok());
    v.update(s);
    EXPECT_EQ(v.linesScanned(), scanned + 801);
    EXPECT_EQ(v.shownCount(), 1001u);
    EXPECT_EQ(v.shownId(0), 1);
    EXPECT_EQ(v.shownId(1000), 1001);
    // 9, 90..99, 900..999
    EXPECT_EQ(v.matchCount(), 111u);
    EXPECT_EQ(v.matchId(0), 9);
    EXPECT_EQ(v.matchId(1), 90);
    EXPECT_EQ(v.matchId(110), 999);
    for (size_t i = 1; i < v.shownCount(); ++i) ASSERT_LT(v.shownId(i - 1), v.shownId(i));
}

TEST(FilteredLog, StoreClearedIsRebuilt) {
    LogStore s;
    ASSERT_TRUE(s.appendBatch(range(1, 20)).ok());
    FilteredLog v;
    v.update(s);
    EXPECT_EQ(v.shownCount(), 20u);
    s.clear();
    ASSERT_TRUE(s.appendBatch(range(1, 5)).ok());
    v.update(s);
    EXPECT_EQ(shownIds(v), std::vector<int64_t>({1, 2, 3, 4, 5}));
}

}  // namespace

namespace {

TEST(FilteredLog, RegexFilter) {
    LogStore s;
    ASSERT_TRUE(s.appendBatch(range(1, 200)).ok());
    FilteredLog v;
    LogFilter f;
    f.regex = true;
    f.onlyMatching = true;
    f.query = "^line 1\\d$";  // 10..19
    EXPECT_TRUE(v.setFilter(s, f));
    EXPECT_EQ(v.matchCount(), 10u);
    EXPECT_EQ(v.shownCount(), 10u);
    size_t len = 0;
    EXPECT_EQ(v.findIn("LINE 12", 0, &len), 0u);
    EXPECT_EQ(len, 7u);
    ASSERT_TRUE(s.append(makeLine(201)).ok());
    v.update(s);
    EXPECT_EQ(v.matchCount(), 10u);
    f.query = "line (1";
    EXPECT_FALSE(v.setFilter(s, f));
    EXPECT_FALSE(v.regexError().empty());
    EXPECT_EQ(v.matchCount(), 0u);
    EXPECT_EQ(v.shownCount(), 201u);  // an invalid pattern filters nothing out
    // The same text as a plain query is a literal search.
    f.regex = false;
    f.query = "line 1";
    EXPECT_TRUE(v.setFilter(s, f));
    EXPECT_EQ(v.matchCount(), 111u);  // 1, 10–19, 100–199
}

}  // namespace
