// The one case folding (core/text_fold.h) the log search and the services search share.
#include <gtest/gtest.h>

#include <string>

#include "core/folded_search.h"
#include "core/text_fold.h"

namespace {

TEST(TextFold, FoldsLatinGreekAndCyrillicCapitals) {
    EXPECT_EQ(core::foldCase("SHOPIFY Orders"), "shopify orders");
    EXPECT_EQ(core::foldCase("ZÜRICH ŁÓDŹ"), "zürich łódź");
    EXPECT_EQ(core::foldCase("ΩΜΈΓΑ"), "ωμέγα");
    EXPECT_EQ(core::foldCase("ПРИВЕТ Ёж"), "привет ёж");
    EXPECT_EQ(core::foldCase("→ € 日本"), "→ € 日本");  // untouched
}

TEST(TextFold, ACopyAndInPlaceFoldTheSame) {
    for (const std::string text : {"ΟΔΟΣ Straße", "ŸİĸŉſЀЏ", "ÀÞ×Ø", "ѐ ς Σ", ""}) {
        std::string inPlace = text;
        core::foldInPlace(inPlace);
        EXPECT_EQ(core::foldCase(text), inPlace) << text;
    }
}

// Bytes that are not UTF-8 (which the services search never sees: answers are read with U+FFFD
// in their place) keep the byte length too: a lead byte folds only with a continuation byte after
// it, and an overlong pair is left as it is.
TEST(TextFold, NeverChangesTheByteLength) {
    EXPECT_EQ(core::foldCase("\xC3"
                             "A"),
              "\xC3"
              "a");  // a lone lead byte, then a letter
    EXPECT_EQ(core::foldCase("\xC1\x81"
                             "B"),
              "\xC1\x81"
              "b");                                             // overlong 'A': not folded
    EXPECT_EQ(core::foldCase("x\xC3"), "x\xC3");                // a lead byte at the end
    EXPECT_EQ(core::foldCase("\x80\xC3\x89"), "\x80\xC3\xA9");  // a stray continuation, then É
    for (unsigned lead = 0xC0; lead < 0xE0; ++lead)
        for (unsigned cont = 0x80; cont < 0xC0; ++cont) {
            const std::string pair{static_cast<char>(lead), static_cast<char>(cont)};
            EXPECT_EQ(core::foldCase(pair).size(), 2u);
        }
}

TEST(TextFold, CodePointsStayInTheTwoByteRange) {
    EXPECT_EQ(core::foldTwoByteCodePoint(0xC9), 0xE9u);    // É → é
    EXPECT_EQ(core::foldTwoByteCodePoint(0xD7), 0xD7u);    // × has no case
    EXPECT_EQ(core::foldTwoByteCodePoint(0x130), 0x130u);  // İ: its lower case is one byte
    EXPECT_EQ(core::foldTwoByteCodePoint(0x3C2), 0x3C3u);  // ς searches like σ
    EXPECT_EQ(core::foldTwoByteCodePoint('A'), static_cast<unsigned>('A'));  // ASCII: not here
    for (unsigned cp = 0x80; cp < 0x800; ++cp) {
        EXPECT_GE(core::foldTwoByteCodePoint(cp), 0x80u) << cp;
        EXPECT_LT(core::foldTwoByteCodePoint(cp), 0x800u) << cp;
    }
}

// The services search and the log search agree: what one finds, the other finds.
TEST(TextFold, TheServicesFoldIsTheLogSearchFold) {
    const char* const names[] = {"Заказы Magento", "ZÜRICH warehouse", "ΠΑΡΑΓΓΕΛΊΑ", "Straße"};
    const char* const queries[] = {"заказы", "zürich", "παραγγελία", "STRAßE", "ß", "x"};
    for (const char* name : names)
        for (const char* query : queries)
            EXPECT_EQ(core::foldCase(name).find(core::foldCase(query)) != std::string::npos,
                      core::FoldedSearch(query).matches(name))
                << name << " / " << query;
}

}  // namespace
