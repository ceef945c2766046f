// tests/unit/safe_regex_test.cpp — the log search's regular-expression subset (core/safe_regex.h),
// with its literal shortcuts, against std::regex.
#include <gtest/gtest.h>

#include <iterator>
#include <random>
#include <regex>
#include <string>
#include <string_view>

#include "core/safe_regex.h"

namespace {

using core::SafeRegex;
constexpr size_t npos = std::string_view::npos;

TEST(SafeRegex, SubsetMatchesCaseInsensitively) {
    using core::SafeRegex;
    size_t len = 0;
    EXPECT_EQ(SafeRegex("page \\d+ of").find("Pulled PAGE 12 of orders", 0, &len), 7u);
    EXPECT_EQ(len, 10u);
    EXPECT_TRUE(SafeRegex("^pulled").matches("Pulled page"));
    EXPECT_FALSE(SafeRegex("^page").matches("Pulled page"));
    EXPECT_TRUE(SafeRegex("records$").matches("50 records"));
    EXPECT_FALSE(SafeRegex("records$").matches("50 records, 2 skipped"));
    EXPECT_TRUE(SafeRegex("colou?r").matches("COLOR"));
    EXPECT_TRUE(SafeRegex("a.c").matches("xAbC"));
    EXPECT_TRUE(SafeRegex("[a-c]+x").matches("--BCAx"));
    EXPECT_FALSE(SafeRegex("[^0-9]x").matches("1x"));
    EXPECT_TRUE(SafeRegex("\\w+@\\w+\\.com").matches("mail ops@acme.com now"));
    EXPECT_TRUE(SafeRegex("1\\.5\\s*s").matches("took 1.5 s"));
    EXPECT_FALSE(SafeRegex("1\\.5").matches("1x5"));
    EXPECT_TRUE(SafeRegex("").matches("anything"));
}

TEST(SafeRegex, BadPatternsAreRejectedNotFatal) {
    using core::SafeRegex;
    for (const char* bad : {"(a|b)", "a{2}", "*a", "a**", "[abc", "abc\\", "\\q", "[z-a]"}) {
        const SafeRegex r(bad);
        EXPECT_FALSE(r.valid()) << bad;
        EXPECT_FALSE(r.error().empty()) << bad;
        EXPECT_FALSE(r.matches("abc (a|b) a{2}")) << bad;
    }
    EXPECT_FALSE(SafeRegex(std::string(300, 'a')).valid());
    // Catastrophic backtracking is cut off by the step budget, not left to hang.
    const std::string aaa(5000, 'a');
    EXPECT_FALSE(SafeRegex("a*a*a*a*a*a*b").matches(aaa));
    // A long line is still searched to its end.
    EXPECT_TRUE(SafeRegex("x*needle").matches(std::string(1'000'000, 'y') + "needle"));
    EXPECT_TRUE(SafeRegex("ne+dle").matches(std::string(1'000'000, 'n') + "needle"));
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

}  // namespace
