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

// --- copyText: what Copy, "Copy lines", the page title and the screen-reader text carry ---------

TEST(CopyText, PlainTextIsKeptByteForByte) {
    const std::string text = "Order #1042 pushed\tok\nsecond line — café 日本 \xff\xfe";
    EXPECT_EQ(core::copyText(text), text);  // bad bytes too: "as sent", minus what follows
}

TEST(CopyText, EveryC0ControlButTabAndNewlineIsDropped) {
    for (int c = 0; c < 0x20; ++c) {
        if (c == 0x1b) continue;  // ESC: below, with the sequences it starts
        const std::string in = std::string("a") + static_cast<char>(c) + "b";
        const std::string want = c == '\t' ? "a\tb" : c == '\n' ? "a\nb" : "ab";
        EXPECT_EQ(core::copyText(in), want) << "byte 0x" << std::hex << c;
    }
    EXPECT_EQ(core::copyText(std::string("NUL\0end", 7)), "NULend");
    EXPECT_EQ(core::copyText("line one\r\nline two\r"), "line one\nline two");
    EXPECT_EQ(core::copyText("50%\r100%"), "50%100%");
    EXPECT_EQ(core::copyText("a\x7f"
                             "b"),
              "ab");  // DEL, C0's neighbour, too
}

TEST(CopyText, EscapeSequencesAreDroppedWhole) {
    // CSI: colours, cursor moves, erase, private modes.
    EXPECT_EQ(core::copyText("\x1b[31mred\x1b[0m"), "red");
    EXPECT_EQ(core::copyText("\x1b[1;4;38;5;208mX\x1b[2J\x1b[H\x1b[?1049h"), "X");
    // OSC, ended by BEL or by ST: window titles, hyperlinks.
    EXPECT_EQ(core::copyText("a\x1b]0;window title\x07"
                             "b"),
              "ab");
    EXPECT_EQ(core::copyText("a\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\b"), "alinkb");
    // DCS, SOS, PM, APC strings.
    EXPECT_EQ(core::copyText("a\x1bPq#0;2;0;0;0\x1b\\b"), "ab");
    EXPECT_EQ(core::copyText("a\x1bXsos\x1b\\b\x1b^pm\x1b\\c\x1b_apc\x1b\\d"), "abcd");
    // Two- and three-byte escapes.
    EXPECT_EQ(core::copyText("a\x1b(Bb\x1b"
                             "7c\x1b"
                             "8d\x1b"
                             "ce"),
              "abcde");
}

TEST(CopyText, AnEscapeThatStartsNoSequenceIsDroppedAndHidesNothing) {
    EXPECT_EQ(core::copyText("a\x1b"), "a");        // at the end
    EXPECT_EQ(core::copyText("a\x1b[31"), "a[31");  // a CSI never finished
    EXPECT_EQ(core::copyText("a\x1b]0;title never ended"), "a]0;title never ended");
    EXPECT_EQ(core::copyText("a\x1b\x01"
                             "b"),
              "ab");  // ESC then a control
}

TEST(CopyText, EachBidiControlIsDropped) {
    const char* const kBidi[] = {
        "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",  // LRE RLE PDF LRO RLO
        "\u2066", "\u2067", "\u2068", "\u2069",            // LRI RLI FSI PDI
        "\u200e", "\u200f",                                // LRM RLM
        "\u061c",                                          // ALM
    };
    for (const char* b : kBidi)
        EXPECT_EQ(core::copyText(std::string("RTL ") + b + " desrever"), "RTL  desrever") << b;
    // Their neighbours stay: zero-width joiners, the ellipsis, Arabic letters, U+2065 (unassigned).
    EXPECT_EQ(core::copyText("\u200d\u2029\u2026\u2065\u2070\u061b\u061d\u0628"),
              "\u200d\u2029\u2026\u2065\u2070\u061b\u061d\u0628");
}

TEST(CopyText, C1ControlsAreDropped) {
    // U+0080–U+009F as UTF-8: U+009B is CSI and U+009D OSC for terminals that read 8-bit controls.
    EXPECT_EQ(core::copyText("a\u0080\u009b"
                             "31m\u009d\u009fb"),
              "a31mb");
    EXPECT_EQ(core::copyText("\u00a0\u00e9"), "\u00a0\u00e9");  // NBSP and é are letters, kept
}

TEST(CopyText, TheHostileAnsiLineCopiesToItsVisibleCharacters) {
    EXPECT_EQ(
        core::copyText("ANSI: \x1b[31mred\x1b[0m \x1b[1;4mbold underline\x1b[0m \x1b[2J\x1b[H "
                       "cleared? \x1b]0;window title\x07 \x1b[38;5;208morange\x1b[0m RTL "
                       "\xe2\x80\xae desrever"),
        "ANSI: red bold underline  cleared?  orange RTL  desrever");
}

}  // namespace
