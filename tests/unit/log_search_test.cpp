// tests/unit/log_search_test.cpp — the log search's fast paths against plain references.
//
// FoldedSearch (vector engine: SSE2 here, SIMD128 in wasm; and the scalar engine) against "fold,
// then std::string::find"; findLines over lines laid back to back against a line-by-line search;
// LogView over appended, prepended and long lines against a brute-force model; SafeRegex (with its
// literal shortcuts) against std::regex; the view's id lists.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "core/filtered_log.h"
#include "core/log_store.h"
#include "core/text_fold.h"

namespace {

using core::FilteredLog;
using core::FoldedSearch;
using core::LogFilter;
using core::LogLevel;
using core::LogLine;
using core::LogStore;
using core::SafeRegex;
constexpr size_t npos = std::string_view::npos;

const FoldedSearch::Engine kEngines[] = {FoldedSearch::Engine::Vector,
                                         FoldedSearch::Engine::Scalar};

// Sets the engine for a scope; the vector one is the default.
struct EngineScope {
    explicit EngineScope(FoldedSearch::Engine e) { FoldedSearch::setEngine(e); }
    ~EngineScope() { FoldedSearch::setEngine(FoldedSearch::Engine::Vector); }
};

const char* engineName(FoldedSearch::Engine e) {
    return e == FoldedSearch::Engine::Vector ? FoldedSearch::vectorKind() : "scalar";
}

std::string folded(std::string s) {
    core::foldInPlace(s);
    return s;
}

// What find(text, from) must give: the text folded from `from` on, searched for the folded query.
size_t naiveFind(std::string_view text, std::string_view query, size_t from = 0) {
    if (from > text.size()) return npos;
    const size_t at = folded(std::string(text.substr(from))).find(folded(std::string(query)));
    return at == npos ? npos : at + from;
}

// Pieces random text is made of: ASCII in both cases, two-byte letters in both cases (Latin-1,
// Latin Extended-A, Greek with final sigma, Cyrillic), letters without a case pair (İ ı ß),
// three- and four-byte characters, and stray bytes: a lone lead byte, lone continuation bytes.
const char* const kPieces[] = {
    "a", "b", "A", "B", "x", "Z", " ", "0", "7", ".",    "-",    "é",    "É",    "à",
    "À", "ł", "Ł", "ź", "Ź", "з", "З", "а", "А", "ѐ",    "Ѐ",    "σ",    "Σ",    "ς",
    "ώ", "Ώ", "ÿ", "Ÿ", "İ", "ı", "ß", "€", "😀", "\xC3", "\xD0", "\x80", "\xA0", "\xBF",
};

std::string randomText(std::mt19937& rng, size_t pieces) {
    std::uniform_int_distribution<size_t> pick(0, std::size(kPieces) - 1);
    std::string s;
    for (size_t k = 0; k < pieces; ++k) s += kPieces[pick(rng)];
    return s;
}

// A query likely to occur: a slice of `text` (possibly starting or ending inside a character),
// with its ASCII letters' case flipped at random; sometimes just random text.
std::string randomQuery(std::mt19937& rng, const std::string& text) {
    std::uniform_int_distribution<int> coin(0, 3);
    if (text.empty() || coin(rng) == 0) return randomText(rng, 1 + rng() % 4);
    const size_t at = rng() % text.size();
    const size_t len = 1 + rng() % std::min<size_t>(20, text.size() - at);
    std::string q = text.substr(at, len);
    for (char& c : q)
        if (((c | 0x20) >= 'a' && (c | 0x20) <= 'z') && coin(rng) == 0) c ^= 0x20;
    return q;
}

// --- FoldedSearch::find
// ---------------------------------------------------------------------------

TEST(FoldedSearchFast, VectorsAreThereWhereTheBuildHasThem) {
#if defined(__wasm_simd128__)
    EXPECT_STREQ(FoldedSearch::vectorKind(), "wasm-simd128");
#elif defined(__SSE2__)
    EXPECT_STREQ(FoldedSearch::vectorKind(), "sse2");
#endif
    EXPECT_EQ(FoldedSearch::engine(), FoldedSearch::Engine::Vector);
}

TEST(FoldedSearchFast, RandomTextMatchesReference) {
    std::mt19937 rng(1234);
    for (int round = 0; round < 4000; ++round) {
        const std::string text = randomText(rng, rng() % 120);
        const std::string query = randomQuery(rng, text);
        const FoldedSearch search(query);
        const size_t from = text.empty() ? 0 : rng() % (text.size() + 1);
        for (const auto engine : kEngines) {
            EngineScope scope(engine);
            ASSERT_EQ(search.find(text, 0), naiveFind(text, query, 0))
                << engineName(engine) << " text '" << text << "' query '" << query << "'";
            ASSERT_EQ(search.find(text, from), naiveFind(text, query, from))
                << engineName(engine) << " text '" << text << "' query '" << query << "' from "
                << from;
        }
    }
}

TEST(FoldedSearchFast, EveryOffsetAndLengthAcrossVectorBoundaries) {
    // Needles of 1..40 bytes at every offset of a 100-byte line: in and across 16- and 32-byte
    // blocks, at the very start and the very end.
    for (const auto engine : kEngines) {
        EngineScope scope(engine);
        for (size_t m = 1; m <= 40; ++m) {
            std::string needle;
            for (size_t k = 0; k < m; ++k) needle += static_cast<char>('a' + (k * 7 + m) % 26);
            std::string upper = needle;
            for (char& c : upper) c = static_cast<char>(c - 32);
            const FoldedSearch search(upper);
            for (size_t off = 0; off + m <= 100; ++off) {
                std::string text(100, '.');
                text.replace(off, m, needle);
                ASSERT_EQ(search.find(text), off) << engineName(engine) << " m " << m;
                ASSERT_EQ(search.find(text, off), off);
                ASSERT_EQ(search.find(text, off + 1), npos);
                ASSERT_EQ(search.find(text.substr(0, off + m - 1)), npos);  // one byte short
                if (m < 2) continue;
                std::vector<uint32_t> hits;
                const uint32_t ends[] = {static_cast<uint32_t>(off + m - 1), 100};
                search.findLines(text, ends, 2, hits);  // split inside the match: no line has it
                ASSERT_TRUE(hits.empty()) << engineName(engine) << " m " << m << " off " << off;
                const uint32_t whole[] = {static_cast<uint32_t>(off),
                                          static_cast<uint32_t>(off + m), 100};
                search.findLines(text, whole, 3, hits);  // the match is all of line 1
                ASSERT_EQ(hits, std::vector<uint32_t>({1}));
            }
        }
    }
}

TEST(FoldedSearchFast, TwoByteLettersAtEveryOffset) {
    for (const auto engine : kEngines) {
        EngineScope scope(engine);
        for (const char* query : {"ЗАКАЗ", "заказ", "łódź", "ΟΔΟΣ", "Müller", "straße", "é"}) {
            const FoldedSearch search(query);
            for (const char* word :
                 {"заказ", "ЗАКАЗ", "ŁÓDŹ", "οδος", "ΟΔΟΣ", "MÜLLER", "STRAßE", "É"}) {
                const bool same = folded(query) == folded(word);
                for (size_t off = 0; off < 40; ++off) {
                    const std::string text = std::string(off, 'x') + word + "yy";
                    ASSERT_EQ(search.find(text), same ? off : npos)
                        << engineName(engine) << " " << query << " in " << text;
                }
            }
        }
    }
}

TEST(FoldedSearchFast, FoldingSeesTheTextFromWhereTheSearchStarts) {
    // À is C3 80 and folds to C3 A0; a lone continuation byte stays as it is.
    for (const auto engine : kEngines) {
        EngineScope scope(engine);
        const FoldedSearch a0("\xA0");
        EXPECT_EQ(a0.find("xÀ"), 2u);
        EXPECT_EQ(a0.find("xÀ", 2), npos);  // from 2 the text is a stray 0x80
        EXPECT_EQ(FoldedSearch("\x80").find("xÀ", 2), 2u);
        EXPECT_EQ(FoldedSearch("\x80").find("xÀ"), npos);
        // The last byte of a line never pairs with the first of the next.
        const std::string text =
            "ab\xC3\x80"
            "cd";
        const uint32_t ends[] = {3, 6};
        std::vector<uint32_t> hits;
        a0.findLines(text, ends, 2, hits);
        EXPECT_TRUE(hits.empty());
        FoldedSearch("\xC3").findLines(text, ends, 2, hits);
        EXPECT_EQ(hits, std::vector<uint32_t>({0}));
        hits.clear();
        FoldedSearch(
            "\x80"
            "C")
            .findLines(text, ends, 2, hits);
        EXPECT_EQ(hits, std::vector<uint32_t>({1}));
    }
}

TEST(FoldedSearchFast, RawBytesForEachFoldedByte) {
    unsigned char raw[4];
    ASSERT_EQ(FoldedSearch::rawBytesFor('a', raw), 2u);
    EXPECT_TRUE((raw[0] == 'a' && raw[1] == 'A') || (raw[0] == 'A' && raw[1] == 'a'));
    EXPECT_EQ(FoldedSearch::rawBytesFor('A', raw), 0u);  // nothing folds to a capital
    EXPECT_EQ(FoldedSearch::rawBytesFor('7', raw), 1u);
    // з's second byte: itself, З's (0x97), ķ's and Η's relatives — never more than four.
    for (int b = 0; b < 256; ++b)
        EXPECT_LE(FoldedSearch::rawBytesFor(static_cast<unsigned char>(b), raw), 4u);
    const size_t n = FoldedSearch::rawBytesFor(0xB7, raw);
    EXPECT_NE(std::find(raw, raw + n, 0x97), raw + n);
}

// --- findLines
// ------------------------------------------------------------------------------------

TEST(FoldedSearchFast, FindLinesMatchesLineByLine) {
    std::mt19937 rng(99);
    for (int round = 0; round < 1500; ++round) {
        std::vector<std::string> lines(rng() % 50);
        std::string text;
        std::vector<uint32_t> ends;
        for (auto& line : lines) {
            line = randomText(rng, rng() % 30);
            text += line;
            ends.push_back(static_cast<uint32_t>(text.size()));
        }
        const std::string query = randomQuery(rng, text);
        std::vector<uint32_t> expected;
        for (size_t k = 0; k < lines.size(); ++k)
            if (naiveFind(lines[k], query) != npos) expected.push_back(static_cast<uint32_t>(k));
        const FoldedSearch search(query);
        for (const auto engine : kEngines) {
            EngineScope scope(engine);
            std::vector<uint32_t> hits;
            search.findLines(text, ends.data(), ends.size(), hits);
            ASSERT_EQ(hits, expected) << engineName(engine) << " query '" << query << "'";
        }
    }
}

TEST(FoldedSearchFast, FindLinesAtLineEndsAndTheEndOfTheText) {
    for (const auto engine : kEngines) {
        EngineScope scope(engine);
        // Line k (k = 0..69) is k dots then "Needle": matches end every line, the last one ends
        // the text; empty lines in between change nothing.
        std::string text;
        std::vector<uint32_t> ends;
        for (size_t k = 0; k < 70; ++k) {
            text += std::string(k, '.') + "NeeDLE";
            ends.push_back(static_cast<uint32_t>(text.size()));
            if (k % 9 == 0) ends.push_back(static_cast<uint32_t>(text.size()));  // an empty line
        }
        std::vector<uint32_t> hits;
        FoldedSearch("needle").findLines(text, ends.data(), ends.size(), hits);
        std::vector<uint32_t> expected;
        for (size_t k = 0; k < ends.size(); ++k)
            if (k == 0 || ends[k] != ends[k - 1]) expected.push_back(static_cast<uint32_t>(k));
        EXPECT_EQ(hits, expected) << engineName(engine);
        // Across each line break: "LE" + "." never makes "le.".
        hits.clear();
        FoldedSearch("le.").findLines(text, ends.data(), ends.size(), hits);
        EXPECT_TRUE(hits.empty());
        // An empty query matches every line.
        hits.clear();
        FoldedSearch().findLines(text, ends.data(), ends.size(), hits);
        EXPECT_EQ(hits.size(), ends.size());
    }
}

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

TEST(LogViewSearch, AppendedPrependedAndLongLinesAsTheModelSays) {
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

TEST(LogViewSearch, RandomFilterChangesAppendsAndPrependsAsTheModelSays) {
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

TEST(LogViewSearch, ClearedStoreStartsOver) {
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

// --- SafeRegex
// ------------------------------------------------------------------------------------

TEST(SafeRegexFast, RequiredLiteral) {
    EXPECT_EQ(SafeRegex("timed out after \\d+ ms").requiredLiteral(), "timed out after ");
    EXPECT_EQ(SafeRegex("\\d+ fields defaulted").requiredLiteral(), " fields defaulted");
    EXPECT_EQ(SafeRegex("ab+c").requiredLiteral(), "ab");  // "ab" and "bc": the first
    EXPECT_EQ(SafeRegex("[Aa]BC").requiredLiteral(), "abc");
    EXPECT_EQ(SafeRegex("a?bc").requiredLiteral(), "bc");
    EXPECT_EQ(SafeRegex("x\\.y").requiredLiteral(), "x.y");
    EXPECT_EQ(SafeRegex("[xy]z").requiredLiteral(), "z");
    EXPECT_EQ(SafeRegex("^Pushed \\d+").requiredLiteral(), "pushed ");
    EXPECT_EQ(SafeRegex("...").requiredLiteral(), "");
    EXPECT_EQ(SafeRegex("\\d*").requiredLiteral(), "");
    EXPECT_EQ(SafeRegex("(bad").requiredLiteral(), "");
}

TEST(SafeRegexFast, AgreesWithStdRegex) {
    // std::regex (ECMAScript, icase, "C" locale) is a backtracking leftmost-first matcher like
    // SafeRegex; on ASCII text and these patterns they must find the same first match.
    const char* const patterns[] = {
        "ab+c",
        "a.c",
        "x*yz",
        "\\d+ ms",
        "^ab",
        "ab$",
        "[a-c]+x",
        "colou?r",
        "b+",
        "z*",
        "HTTP 200 in \\d+ ms",
        "\\w+@\\w+",
        "[^ab]+y",
        "a*b*c",
        "\\s\\d",
        "m?s+",
        "0 ms$",
        "in \\d*",
        "[0-9]+x?",
    };
    const char* const pieces[] = {"a",    "b",  "c", "x", "y",    "z", " ", "0", "2", "ms",
                                  "HTTP", "in", "@", "o", "colo", "u", "r", "B", "C", "X"};
    std::mt19937 rng(5);
    for (const char* p : patterns) {
        const SafeRegex mine(p);
        ASSERT_TRUE(mine.valid()) << p;
        const std::regex theirs(p, std::regex::ECMAScript | std::regex::icase);
        for (int round = 0; round < 400; ++round) {
            std::string text;
            for (size_t k = rng() % 40; k > 0; --k) text += pieces[rng() % std::size(pieces)];
            std::cmatch m;
            const bool found = std::regex_search(text.c_str(), m, theirs);
            size_t length = 0;
            const size_t at = mine.find(text, 0, &length);
            ASSERT_EQ(at != npos, found) << p << " on '" << text << "'";
            if (found) {
                ASSERT_EQ(at, static_cast<size_t>(m.position(0))) << p << " on '" << text << "'";
                ASSERT_EQ(length, static_cast<size_t>(m.length(0))) << p << " on '" << text << "'";
            }
        }
    }
}

// --- IdList
// ---------------------------------------------------------------------------------------

TEST(IdList, AppendsPrependsAndSearches) {
    core::IdList list;
    std::vector<int64_t> model;
    for (int64_t id = 50'000; id < 60'000; id += 3) {
        list.push_back(id);
        model.push_back(id);
    }
    const uint32_t offsets[] = {0, 2, 3, 10'000};
    list.append(70'000, offsets, 4);
    for (uint32_t o : offsets) model.push_back(70'000 + o);
    std::vector<int64_t> older;
    for (int64_t id = 1; id < 50'000; id += 7) older.push_back(id);
    list.prepend(older);
    model.insert(model.begin(), older.begin(), older.end());
    list.prepend({-5, 0});
    model.insert(model.begin(), {-5, 0});
    ASSERT_EQ(list.size(), model.size());
    for (size_t k = 0; k < model.size(); ++k) ASSERT_EQ(list[k], model[k]);
    for (int64_t id = -10; id < 81'000; id += 501) {
        EXPECT_EQ(
            list.lowerBound(id),
            static_cast<size_t>(std::lower_bound(model.begin(), model.end(), id) - model.begin()));
        EXPECT_EQ(
            list.upperBound(id),
            static_cast<size_t>(std::upper_bound(model.begin(), model.end(), id) - model.begin()));
    }
    list.clear();
    EXPECT_TRUE(list.empty());
    list.prepend({3, 4});
    list.push_back(9);
    EXPECT_EQ(list.size(), 3u);
    EXPECT_EQ(list[0], 3);
    EXPECT_EQ(list[2], 9);
}

}  // namespace
