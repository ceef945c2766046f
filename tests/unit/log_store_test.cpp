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

// A store of older lines (a bulk page decoded straight into one, issue 20) put in front: the same
// lines, levels, payloads and counts as prependBatch of the same lines gives, its text adopted.
LogStore storeOf(const std::vector<LogLine>& lines) {
    LogStore s;
    EXPECT_TRUE(s.appendBatch(lines).ok());
    return s;
}

void expectSameStore(const LogStore& a, const LogStore& b) {
    ASSERT_EQ(a.size(), b.size());
    ASSERT_EQ(a.firstId(), b.firstId());
    for (size_t i = 0; i < a.size(); ++i) {
        const auto x = a.line(i);
        const auto y = b.line(i);
        ASSERT_EQ(x.id, y.id);
        ASSERT_EQ(x.at, y.at);
        ASSERT_EQ(x.level, y.level);
        ASSERT_EQ(x.text, y.text) << x.id;
        ASSERT_EQ(x.payload != nullptr, y.payload != nullptr) << x.id;
        if (x.payload) {
            ASSERT_EQ(x.payload->fileName, y.payload->fileName);
        }
    }
    for (int l = 0; l < 4; ++l)
        EXPECT_EQ(a.levelCount(static_cast<LogLevel>(l)), b.levelCount(static_cast<LogLevel>(l)));
    EXPECT_EQ(a.textBytes(), b.textBytes());
    EXPECT_EQ(a.payloadCount(), b.payloadCount());
}

TEST(LogStore, AnOlderStoreGoesInFrontAsItsLinesWould) {
    std::vector<LogLine> newer;
    for (int64_t id = 5001; id <= 9000; ++id)
        newer.push_back(makeLine(id, static_cast<LogLevel>(id % 4)));
    newer[7].payload =
        core::PayloadRef{9, core::PayloadKind::Pull, "newer.json", 10, "application/json", 0};
    std::vector<LogLine> older;
    for (int64_t id = 1; id <= 5010; ++id)  // overlaps the held range by 10 lines
        older.push_back(makeLine(id, static_cast<LogLevel>((id * 7) % 4)));
    older[99].payload =
        core::PayloadRef{77, core::PayloadKind::Push, "older.json", 1234, "application/json", 0};
    older[199].message = std::string(200'000, 'y');  // a chunk of its own
    older[4999].payload =
        core::PayloadRef{78, core::PayloadKind::Push, "older-2.json", 12, "text/csv", 0};

    LogStore byLines = storeOf(newer);
    const auto want = byLines.prependBatch(older);
    LogStore byStore = storeOf(newer);
    const std::string_view heldText = byStore.line(0).text;  // a view into the held range
    const uint64_t version = byStore.version();
    const uint64_t generation = byStore.generation();
    LogStore page = storeOf(older);
    const auto got = byStore.prependStore(std::move(page));
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(got.added, want.added);
    EXPECT_EQ(got.added, 5000u);
    EXPECT_EQ(got.duplicates, 10u);
    EXPECT_EQ(byStore.duplicatesDropped(), 10u);
    EXPECT_TRUE(page.empty());
    EXPECT_NE(byStore.version(), version);
    EXPECT_EQ(byStore.generation(), generation);
    EXPECT_EQ(heldText, "line 5001");  // nothing held moved
    expectSameStore(byStore, byLines);
    EXPECT_EQ(byStore.line(99).payload->fileName, "older.json");
    EXPECT_EQ(byStore.line(5007).payload->fileName, "newer.json");
    EXPECT_EQ(byStore.line(199).text.size(), 200'000u);
    // New lines still go into the store's own chunk, after the adopted ones.
    ASSERT_TRUE(byStore.append(makeLine(9001)).ok());
    ASSERT_TRUE(byLines.append(makeLine(9001)).ok());
    expectSameStore(byStore, byLines);
    // An empty store in front: nothing.
    LogStore empty;
    EXPECT_EQ(byStore.prependStore(std::move(empty)).added, 0u);
}

// A page packed on its own gives back its shared chunk's empty room before the log's store adopts
// its chunks (api::decodeLogLinesPacked calls it).
TEST(LogStore, ShrinkToFitGivesBackTheSharedChunksRoom) {
    LogStore page = storeOf(range(1, 1000));  // ~9 bytes a line: one shared chunk of 256 KiB
    const size_t before = page.bytesUsed();
    page.shrinkToFit();
    EXPECT_LT(page.bytesUsed() + 200'000, before);
    EXPECT_LT(page.bytesUsed(), page.textBytes() + 1000 * 17 + 70'000);  // records' block apart
    expectContiguous(page, 1, 1000);
    page.shrinkToFit();  // nothing more to give
    expectContiguous(page, 1, 1000);
    LogStore log = storeOf(range(1001, 2000));
    ASSERT_TRUE(log.prependStore(std::move(page)).ok());
    expectContiguous(log, 1, 2000);
    // A store shrunk and then appended to starts a new chunk for the next line.
    LogStore grows = storeOf(range(1, 10));
    grows.shrinkToFit();
    ASSERT_TRUE(grows.appendBatch(range(11, 20)).ok());
    expectContiguous(grows, 1, 20);
    LogStore empty;
    empty.shrinkToFit();
    EXPECT_TRUE(empty.empty());
}

TEST(LogStore, AnOlderStoreThatDoesNotJoinIsNotTaken) {
    LogStore s = storeOf(range(501, 600));
    // Ends before firstId - 1: a gap, nothing taken, the page keeps its lines.
    LogStore page = storeOf(range(301, 400));
    auto r = s.prependStore(std::move(page));
    EXPECT_FALSE(r.ok());
    EXPECT_EQ(r.added, 0u);
    EXPECT_EQ(r.expectedId, 401);
    EXPECT_EQ(r.gotId, 501);
    EXPECT_EQ(page.size(), 100u);
    expectContiguous(s, 501, 600);
    // Every line already held: duplicates only.
    LogStore held = storeOf(range(550, 560));
    r = s.prependStore(std::move(held));
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(r.added, 0u);
    EXPECT_EQ(r.duplicates, 11u);
    expectContiguous(s, 501, 600);
    // Into an empty store: every line, and the store's generation is its own.
    LogStore fresh;
    fresh.clear();
    const uint64_t generation = fresh.generation();
    LogStore whole = storeOf(range(1, 300));
    r = fresh.prependStore(std::move(whole));
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(r.added, 300u);
    EXPECT_EQ(fresh.generation(), generation);
    expectContiguous(fresh, 1, 300);
    // And the gap's page, joined now, goes in front of it.
    LogStore joined = storeOf(range(401, 500));
    ASSERT_TRUE(s.prependStore(std::move(joined)).ok());
    ASSERT_TRUE(s.prependStore(std::move(page)).ok());
    expectContiguous(s, 301, 600);
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
    EXPECT_LT(ratio, 0.93) << s.bytesUsed() << " bytes for " << raw << " bytes of raw text";
    // Beyond the message bytes: a 16-byte record a line and the chunks' slack (issue 20: the
    // record was 24 bytes).
    const double perLine = static_cast<double>(s.bytesUsed() - s.textBytes()) / 100'000.0;
    EXPECT_LT(perLine, 17.0);
}

// A record keeps its time as 32-bit milliseconds from its block's base time; a time farther than
// ±24.8 days from it (a log that paused for a month, a server that sends year 1 or 9999, times
// going backwards) is kept aside and comes back exact, through append, prepend and an adopted
// store; payloads, kept aside by line id, come back on their lines the same way.
TEST(LogStore, EveryTimeAndPayloadComesBackExact) {
    const int64_t day = 86'400'000;
    const int64_t base = 1'800'000'000'000;
    const std::vector<int64_t> times = {base,
                                        base + 1,
                                        base + 24 * day,  // within ±2^31 - 1 ms
                                        base + 25 * day,  // beyond
                                        base - 25 * day,  // backwards, beyond
                                        base - 24 * day,
                                        base + INT32_MAX,
                                        base - INT32_MAX,
                                        base - INT32_MAX - 1,  // the marker's distance
                                        INT64_MAX,
                                        INT64_MIN,
                                        0,
                                        -62'135'596'800'000,   // 0001-01-01
                                        253'402'300'799'999};  // 9999-12-31
    const auto lineAt = [&](int64_t id) {
        LogLine l = makeLine(id, static_cast<LogLevel>(id % 4));
        l.at = times[static_cast<size_t>(id) % times.size()];
        if (id % 7 == 0)
            l.payload = core::PayloadRef{id * 10,
                                         core::PayloadKind::Pull,
                                         "file-" + std::to_string(id) + "-with-a-long-name.json",
                                         id,
                                         "application/json",
                                         l.at};
        return l;
    };
    const auto lines = [&](int64_t from, int64_t to) {
        std::vector<LogLine> out;
        for (int64_t id = from; id <= to; ++id) out.push_back(lineAt(id));
        return out;
    };
    const auto expectAll = [&](const LogStore& s, int64_t from, int64_t to) {
        ASSERT_EQ(s.firstId(), from);
        ASSERT_EQ(s.lastId(), to);
        for (int64_t id = from; id <= to; ++id) {
            const auto v = s.lineById(id);
            const LogLine want = lineAt(id);
            ASSERT_EQ(v.at, want.at) << id;
            ASSERT_EQ(v.level, want.level) << id;
            ASSERT_EQ(v.text, want.message) << id;
            ASSERT_EQ(v.payload != nullptr, want.payload.has_value()) << id;
            if (v.payload) {
                ASSERT_EQ(v.payload->id, want.payload->id);
                ASSERT_EQ(v.payload->fileName, want.payload->fileName);
                ASSERT_EQ(v.payload->expiresAt, want.payload->expiresAt);
            }
        }
    };
    LogStore s;
    ASSERT_TRUE(s.appendBatch(lines(9001, 12000)).ok());  // a block boundary inside
    ASSERT_TRUE(s.prependBatch(lines(5001, 9000)).ok());
    LogStore page;
    ASSERT_TRUE(page.appendBatch(lines(1, 5000)).ok());
    ASSERT_TRUE(s.prependStore(std::move(page)).ok());
    ASSERT_TRUE(s.appendBatch(lines(12001, 12100)).ok());
    expectAll(s, 1, 12100);
    EXPECT_EQ(s.payloadCount(), 12100u / 7);
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
