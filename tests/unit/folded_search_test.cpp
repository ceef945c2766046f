// tests/unit/folded_search_test.cpp — the log search's case-insensitive substring search.
//
// FoldedSearch (vector engine: SSE2 here, SIMD128 in wasm; and the scalar engine) against "fold,
// then std::string::find"; findLines over lines laid back to back against a line-by-line search.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "core/folded_search.h"
#include "search_test_text.h"

namespace {

using core::FoldedSearch;
using namespace search_test;

TEST(FoldedSearch, CaseInsensitiveAsciiAndEuropean) {
    core::FoldedSearch q("ShopIFY");
    EXPECT_EQ(q.find("Pulled from shopify now"), 12u);
    EXPECT_EQ(q.find("SHOPIFY"), 0u);
    EXPECT_TRUE(q.matches("xxSHOPifY"));
    EXPECT_FALSE(q.matches("shopif"));
    EXPECT_FALSE(q.matches("shop ify"));
    EXPECT_EQ(q.find("shopify shopify", 1), 8u);
    // Candidates in both cases, the first one failing.
    EXPECT_EQ(core::FoldedSearch("sx").find("Sa sb sX"), 6u);
    EXPECT_TRUE(core::FoldedSearch("ЗАКАЗ").matches("Новый заказ №5"));
    EXPECT_TRUE(core::FoldedSearch("заказ").matches("НОВЫЙ ЗАКАЗ"));
    EXPECT_TRUE(core::FoldedSearch("παραγγελία").matches("ΠΑΡΑΓΓΕΛΊΑ 12"));
    EXPECT_TRUE(core::FoldedSearch("ΟΔΟΣ").matches("η οδος"));
    EXPECT_TRUE(core::FoldedSearch("straße").matches("STRAßE"));
    EXPECT_TRUE(core::FoldedSearch("ÉCHEC").matches("synchronisation échec"));
    EXPECT_TRUE(core::FoldedSearch("łódź").matches("ŁÓDŹ warehouse"));
    EXPECT_FALSE(core::FoldedSearch("заказ").matches("order"));
    EXPECT_EQ(core::FoldedSearch("заказ").find("ab ЗАКАЗ"), 3u);
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

}  // namespace
