// What a log message looks like on screen: escape sequences dropped, other control characters
// shown as visible symbols, everything else untouched (core/display_text.h).
#include "core/display_text.h"

#include <gtest/gtest.h>

#include <string>

namespace {

std::string shown(std::string_view text) {
    std::string scratch;
    return std::string(core::displayText(text, scratch));
}

TEST(DisplayText, PlainTextIsReturnedUncopied) {
    const std::string text = "Order #1042 pushed to NetSuite\tok\nsecond line — café";
    std::string scratch;
    const std::string_view out = core::displayText(text, scratch);
    EXPECT_EQ(out.data(), text.data());  // the same bytes, not a copy
    EXPECT_EQ(out, text);
    EXPECT_TRUE(scratch.empty());
    EXPECT_FALSE(core::needsDisplayCleaning(text));
}

TEST(DisplayText, AnsiColoursAndCursorMovesAreDropped) {
    EXPECT_EQ(shown("\x1b[31mred\x1b[0m and \x1b[1;32mgreen\x1b[m"), "red and green");
    EXPECT_EQ(shown("\x1b[2K\x1b[1Gprogress 40%"), "progress 40%");
    EXPECT_EQ(shown("\x1b[?25lhidden cursor\x1b[?25h"), "hidden cursor");
    EXPECT_EQ(shown("\x1b[38;5;196mx"), "x");
    EXPECT_TRUE(core::needsDisplayCleaning("\x1b[0m"));
}

TEST(DisplayText, OscStringsEndAtBelOrStringTerminator) {
    EXPECT_EQ(shown("\x1b]0;window title\x07"
                    "after"),
              "after");
    EXPECT_EQ(shown("\x1b]8;;https://example.com\x1b\\link\x1b]8;;\x1b\\ text"), "link text");
    EXPECT_EQ(shown("\x1bPdevice control\x1b\\x"), "x");
    EXPECT_EQ(shown("a\x1b(Bb\x1b"
                    "7c\x1b=d"),
              "abcd");
}

TEST(DisplayText, AnUnfinishedSequenceHidesNothing) {
    // An OSC never terminated: its ESC is shown and the rest stays readable.
    EXPECT_EQ(shown("\x1b]0;the rest of the message"), "\u241b]0;the rest of the message");
    // A CSI broken by a byte that cannot be in one.
    EXPECT_EQ(shown("\x1b[12\xc3\xa9t\xc3\xa9"), "\u241b[12\u00e9t\u00e9");
    EXPECT_EQ(shown("ends with ESC \x1b"), "ends with ESC \u241b");
    EXPECT_EQ(shown("\x1b[31"), "\u241b[31");
    // An ESC inside an OSC that is not ESC \ ends it unfinished; the second ESC starts its own.
    EXPECT_EQ(shown("\x1b]2;t\x1b\xc3\xa9"), "\u241b]2;t\u241b\u00e9");
    EXPECT_EQ(shown("\x1b]2;t\x1bx"), "\u241b]2;t");  // ESC x is a complete escape
}

TEST(DisplayText, OtherControlsAreShownAsControlPictures) {
    EXPECT_EQ(shown("bell\x07 backspace\x08 vt\x0b ff\x0c nul"),
              "bell\u2407 backspace\u2408 vt\u240b ff\u240c nul");
    EXPECT_EQ(shown(std::string("a\0b", 3)), "a\u2400b");
    EXPECT_EQ(shown("del\x7f"), "del\u2421");
    EXPECT_EQ(shown("\x1f"), "\u241f");
}

TEST(DisplayText, CarriageReturns) {
    EXPECT_EQ(shown("line one\r\nline two\r\n"), "line one\nline two\n");
    EXPECT_EQ(shown("50%\r100%"), "50%\u240d100%");  // a lone \r is seen, not swallowed
}

TEST(DisplayText, TabsLineFeedsAndUtf8AreKept) {
    EXPECT_EQ(shown("\x07\tŻółć\n日本\x1b[0m"), "\u2407\tŻółć\n日本");
}

TEST(DisplayText, ScratchIsReusedAcrossCalls) {
    std::string scratch;
    EXPECT_EQ(core::displayText("\x1b[1mfirst", scratch), "first");
    EXPECT_EQ(core::displayText("\x07", scratch), "\u2407");  // not "first…"
}

}  // namespace
