// core::cleanToken: what of a pasted token is trimmed, what is refused and how the refusal reads
// (issue 13, item 2).
#include <gtest/gtest.h>

#include "core/token_check.h"

namespace {

using core::cleanToken;

bool startsWith(const std::string& s, const std::string& prefix) {
    return s.rfind(prefix, 0) == 0;
}

TEST(TokenCheck, PlainTokensPassUnchanged) {
    const std::string t = "abc-DEF_123.~!#$%&'()*+,/:;<=>?@[]^`{|}\"\\";
    const core::CleanedToken r = cleanToken(t);
    EXPECT_TRUE(r.ok()) << r.error;
    EXPECT_EQ(r.token, t);
}

TEST(TokenCheck, UnicodeWhitespaceAndZeroWidthCharactersAreTrimmedAtBothEnds) {
    // Zero-width space (as chat apps add), NBSP, BOM, word joiner, ZWNJ/ZWJ, line breaks, tabs,
    // ideographic and narrow spaces, the Unicode line separator.
    const std::string ends[] = {"\u200B", "\u00A0", "\uFEFF", "\u2060", "\u200C",
                                "\u200D", "\r\n",   "\t",     " ",      "\u3000",
                                "\u202F", "\u2028", "\u2003", "\u0085", "\u180E"};
    for (const std::string& e : ends) {
        const core::CleanedToken r = cleanToken(e + "tok-123" + e + e);
        EXPECT_TRUE(r.ok()) << r.error;
        EXPECT_EQ(r.token, "tok-123");
    }
    const core::CleanedToken all = cleanToken(" \u200B\uFEFF\ttok\u200B\u00A0\n");
    EXPECT_TRUE(all.ok());
    EXPECT_EQ(all.token, "tok");
}

TEST(TokenCheck, NothingButSpacesLeavesAnEmptyTokenNotAnError) {
    const core::CleanedToken r = cleanToken(" \u200B\n");
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(r.token, "");
}

TEST(TokenCheck, TypographicQuotesAreRefusedWithTheCharacterAndItsPosition) {
    const core::CleanedToken r = cleanToken("\u201Cabc\u201D");
    EXPECT_FALSE(r.ok());
    EXPECT_EQ(r.token, "");
    EXPECT_EQ(r.error,
              "The token contains \u201C (U+201C) at position 1: paste it again without quotes");
    // The position counts code points after trimming, from 1.
    EXPECT_EQ(cleanToken("\u200B  abc\u2019d").error,
              "The token contains \u2019 (U+2019) at position 4: paste it again without quotes");
    EXPECT_EQ(cleanToken("\u00E9\u00E9\u00ABx").error,
              "The token contains \u00E9 (U+00E9) at position 1: a token holds only visible ASCII "
              "characters; paste it again as it was given");
    EXPECT_EQ(cleanToken("ab\u00ABx").error,
              "The token contains \u00AB (U+00AB) at position 3: paste it again without quotes");
}

TEST(TokenCheck, InvisibleCharactersInsideAreNamedNotShown) {
    EXPECT_EQ(cleanToken("abc\u200Bdef").error,
              "The token contains a zero-width space (U+200B) at position 4: paste the token "
              "alone, without spaces or line breaks inside it");
    EXPECT_EQ(cleanToken("ab cd").error,
              "The token contains a space (U+0020) at position 3: paste the token alone, without "
              "spaces or line breaks inside it");
    EXPECT_EQ(cleanToken("ab\ncd").error,
              "The token contains a line break (U+000A) at position 3: paste the token alone, "
              "without spaces or line breaks inside it");
    EXPECT_PRED2(startsWith, cleanToken("a\u00A0b").error,
                 "The token contains a no-break space (U+00A0) at positi");
    EXPECT_PRED2(startsWith, cleanToken(std::string("a\x01") + "b").error,
                 "The token contains a control character (U+0001) at position ");
    EXPECT_PRED2(startsWith, cleanToken("a\x7F").error,
                 "The token contains a control character (U+007F)");
    EXPECT_PRED2(startsWith, cleanToken("ab\u202Ecd").error,
                 "The token contains a text direction control (U+202E) at positi");
    EXPECT_PRED2(startsWith, cleanToken("ab\u00ADcd").error,
                 "The token contains an invisible character (U+00AD) a");
    // A NUL inside (a C string would have cut the token there).
    EXPECT_PRED2(startsWith, cleanToken(std::string("ab\0cd", 5)).error,
                 "The token contains a control character (U+0000) at position 3: a ");
    // An emoji counts as one position.
    EXPECT_EQ(cleanToken("\U0001F600x\u201C").error,
              "The token contains \U0001F600 (U+1F600) at position 1: a token holds only visible "
              "ASCII characters; paste it again as it was given");
}

TEST(TokenCheck, BytesThatAreNotUtf8AreRefusedAsBytes) {
    EXPECT_EQ(cleanToken("ab\xFF").error,
              "The token contains a byte that is not UTF-8 (0xFF) at position 3: paste it again "
              "as it was given");
    // A lone surrogate written as UTF-8 (what a JavaScript string with one becomes) is no char.
    EXPECT_PRED2(startsWith, cleanToken("x\xED\xA0\x80").error,
                 "The token contains a byte that is not UTF-8 (0xED) at position 2");
    // An overlong encoding of '/' is refused, not read as '/'.
    EXPECT_FALSE(cleanToken("a\xC0\xAF").ok());
    // Cut short at the end.
    EXPECT_FALSE(cleanToken("abc\xE2\x80").ok());
}

TEST(TokenCheck, TheErrorNeverHoldsTheRestOfTheToken) {
    const std::string secret = "s3cr3t-value-XYZ";
    const core::CleanedToken r = cleanToken(secret + "\u201D");
    EXPECT_FALSE(r.ok());
    EXPECT_EQ(r.error.find("s3cr3t"), std::string::npos);
    EXPECT_NE(r.error.find("position 17"), std::string::npos);
}

}  // namespace
