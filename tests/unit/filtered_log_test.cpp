// tests/unit/filtered_log_test.cpp — the filtered log (core/filtered_log.h) over a real store,
// appended, prepended and with long lines, against a brute-force model, with both search engines.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/app.h"
#include "core/filtered_log.h"
#include "core/log_store.h"
#include "core/safe_regex.h"
#include "search_test_text.h"

namespace {

using core::FilteredLog;
using core::LogFilter;
using core::LogLevel;
using core::LogLine;
using core::LogStore;
using core::SafeRegex;
using namespace search_test;

// --- the view over a real store
// -------------------------------------------------------------------

LogLine line(int64_t id, LogLevel level, std::string message) {
    LogLine l;
    l.id = id;
    l.at = 1'800'000'000'000 + id;
    l.level = level;
    l.message = std::move(message);
    return l;
}

// Message `id` of the store the view tests use: mostly 200–3,000 bytes (so 256 KB chunks fill
// within a few hundred lines), some empty, one of 100,000 (a chunk of its own); "Needle" or
// "заказ" or both, at the start, the middle or the very end, in some.
std::string messageFor(int64_t id) {
    std::mt19937 rng(static_cast<uint32_t>(id * 7919));
    if (id % 97 == 0) return "";
    const size_t size = id == 1234 ? 100'000 : 200 + rng() % 2800;
    std::string m;
    while (m.size() < size) m += kPieces[rng() % std::size(kPieces)];
    m.resize(size);  // may cut a character in two: stray bytes at the end
    const uint32_t r = rng() % 10;
    const char* word = r < 3 ? "nEEdle" : r < 5 ? "ЗаКаЗ" : nullptr;
    if (word) {
        const size_t where = rng() % 3 == 0 ? 0 : rng() % 3 == 1 ? m.size() / 2 : m.size();
        m.insert(where, word);
    }
    return m;
}

LogLevel levelFor(int64_t id) {
    return static_cast<LogLevel>((id * 2654435761u) % 4);
}

std::vector<LogLine> lines(int64_t from, int64_t to) {
    std::vector<LogLine> out;
    for (int64_t id = from; id <= to; ++id) out.push_back(line(id, levelFor(id), messageFor(id)));
    return out;
}

// The view's answers, worked out line by line from the store.
void expectViewAsModel(const FilteredLog& v, const LogStore& s, const LogFilter& f,
                       const std::string& where) {
    const SafeRegex regex(f.regex ? f.query : "");
    const bool searching = f.regex ? regex.valid() && !regex.empty() : !f.query.empty();
    std::vector<int64_t> shown, matches;
    for (size_t i = 0; i < s.size(); ++i) {
        const auto l = s.line(i);
        const bool matched =
            searching && (f.regex ? regex.matches(l.text) : naiveFind(l.text, f.query) != npos);
        if (matched && f.showsLevel(l.level)) matches.push_back(l.id);
        if (f.showsLevel(l.level) && (!f.onlyMatching || !searching || matched))
            shown.push_back(l.id);
    }
    ASSERT_EQ(v.shownCount(), shown.size()) << where;
    ASSERT_EQ(v.matchCount(), matches.size()) << where;
    for (size_t k = 0; k < shown.size(); ++k) ASSERT_EQ(v.shownId(k), shown[k]) << where;
    for (size_t k = 0; k < matches.size(); ++k) ASSERT_EQ(v.matchId(k), matches[k]) << where;
    for (int64_t id = s.firstId() - 1; id <= s.lastId() + 1; id += 37) {
        const auto next = std::upper_bound(matches.begin(), matches.end(), id);
        ASSERT_EQ(v.nextMatch(id), next == matches.end() ? 0 : *next) << where;
        const auto prev = std::lower_bound(matches.begin(), matches.end(), id);
        ASSERT_EQ(v.previousMatch(id), prev == matches.begin() ? 0 : *(prev - 1)) << where;
        const auto row = std::lower_bound(shown.begin(), shown.end(), id) - shown.begin();
        ASSERT_EQ(v.rowOfId(id), static_cast<size_t>(row)) << where;
    }
}

TEST(FilteredLogSearch, AppendedPrependedAndLongLinesAsTheModelSays) {
    // Tail first: a middle block, older blocks in front, newer lines behind, a long line between:
    // the shared chunks hold appended and prepended texts interleaved.
    LogStore s;
    ASSERT_TRUE(s.appendBatch(lines(1001, 1400)).ok());
    ASSERT_TRUE(s.prependBatch(lines(601, 1000)).ok());
    ASSERT_TRUE(s.appendBatch(lines(1401, 1500)).ok());
    ASSERT_TRUE(s.prependBatch(lines(1, 600)).ok());
    ASSERT_GT(s.bytesUsed(), 4 * LogStore::kChunkBytes);
    for (const auto engine : kEngines) {
        EngineScope scope(engine);
        FilteredLog v;
        for (const char* query : {"needle", "ЗАКАЗ", "e", "needle\xD0", "zz-not-there", ""}) {
            LogFilter f;
            f.query = query;
            v.setFilter(s, f);
            expectViewAsModel(v, s, f, std::string(engineName(engine)) + " " + query);
            f.onlyMatching = true;
            f.levels[static_cast<size_t>(LogLevel::Debug)] = false;
            v.setFilter(s, f);
            expectViewAsModel(v, s, f, std::string(engineName(engine)) + " only " + query);
        }
    }
}

TEST(FilteredLogSearch, RandomFilterChangesAppendsAndPrependsAsTheModelSays) {
    std::mt19937 rng(7);
    const char* const queries[] = {"",    "needle", "заказ", "a",       "ß",        "^nEEdle",
                                   "le$", "n+e+d",  "\\d",   "[a-b]+Z", "needle|x", "з.к"};
    for (const auto engine : kEngines) {
        EngineScope scope(engine);
        LogStore s;
        ASSERT_TRUE(s.appendBatch(lines(2001, 2100)).ok());
        FilteredLog v;
        LogFilter f;
        int64_t first = 2001, last = 2100;
        for (int step = 0; step < 60; ++step) {
            const int what = static_cast<int>(rng() % 5);
            if (what == 0 && first > 1) {  // an older page in front
                const int64_t from =
                    std::max<int64_t>(1, first - 1 - static_cast<int64_t>(rng() % 150));
                ASSERT_TRUE(s.prependBatch(lines(from, first - 1)).ok());
                first = from;
            } else if (what == 1) {  // newer lines
                const int64_t to = last + 1 + static_cast<int64_t>(rng() % 80);
                ASSERT_TRUE(s.appendBatch(lines(last + 1, to)).ok());
                last = to;
            } else if (what == 2) {
                f.query = queries[rng() % std::size(queries)];
                f.regex = rng() % 3 == 0;
                v.setFilter(s, f);
            } else if (what == 3) {
                const size_t level = rng() % 4;
                f.levels[level] = !f.levels[level];
                f.onlyMatching = rng() % 2 == 0;
                v.setFilter(s, f);
            }
            v.update(s);
            expectViewAsModel(v, s, f,
                              std::string(engineName(engine)) + " step " + std::to_string(step) +
                                  " query '" + f.query + "'" + (f.regex ? " regex" : ""));
        }
    }
}

TEST(FilteredLogSearch, ClearedStoreStartsOver) {
    LogStore s;
    ASSERT_TRUE(s.appendBatch(lines(1, 300)).ok());
    FilteredLog v;
    LogFilter f;
    f.query = "needle";
    f.levels[0] = false;
    v.setFilter(s, f);
    expectViewAsModel(v, s, f, "before");
    s.clear();
    ASSERT_TRUE(s.appendBatch(lines(5, 80)).ok());
    v.update(s);
    expectViewAsModel(v, s, f, "after");
}

// LogState holds the store and its index side by side; the index holds no pointer into it, so a
// moved LogState's index goes on with the moved store.
TEST(FilteredLog, ALogStateMovesWithItsIndex) {
    static_assert(std::is_nothrow_move_constructible<FilteredLog>::value, "");
    core::LogState before;
    ASSERT_TRUE(before.store.appendBatch(lines(100, 400)).ok());
    LogFilter f;
    f.query = "needle";
    f.levels[1] = false;
    before.view.setFilter(before.store, f);
    core::LogState log = std::move(before);
    expectViewAsModel(log.view, log.store, f, "moved");
    ASSERT_TRUE(log.store.appendBatch(lines(401, 700)).ok());
    ASSERT_TRUE(log.store.prependBatch(lines(1, 99)).ok());
    log.view.update(log.store);
    expectViewAsModel(log.view, log.store, f, "moved, then grown at both ends");
}

}  // namespace
