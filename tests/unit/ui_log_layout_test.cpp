// tests/unit/ui_log_layout_test.cpp — the sync log's row layout (ui/log_layout.h), run natively in
// an ImGui frame with no renderer and ImGui's default font (monospaced, like the app's JetBrains
// Mono): the columns, tab stops, what a row shows of a message, where long lines wrap, row heights
// and the scroll model that maps a scroll position to the row at the top of the view and back.
#include <gtest/gtest.h>

#include <cfloat>
#include <cmath>
#include <string>
#include <vector>

#include "core/app.h"
#include "imgui.h"
#include "imgui_frame.h"
#include "ui/log_layout.h"
#include "ui/log_view_shared.h"

namespace {

using namespace ui::logv;
using testing_ui::ImGuiFrame;

core::LogLine makeLine(int64_t id, std::string message) {
    core::LogLine l;
    l.id = id;
    l.at = 1'800'000'000'000 + id * 1000;
    l.message = std::move(message);
    return l;
}

// A log of `count` lines "line N", with `messages` put in place of some of them (by id).
void fill(core::LogState& log, int64_t count, const std::vector<core::LogLine>& messages = {}) {
    std::vector<core::LogLine> lines;
    for (int64_t id = 1; id <= count; ++id)
        lines.push_back(makeLine(id, "line " + std::to_string(id)));
    for (const core::LogLine& m : messages) lines[static_cast<size_t>(m.id - 1)] = m;
    log.store.appendBatch(lines);
    log.view.update(log.store);
}

std::vector<std::pair<size_t, size_t>> segments(std::string_view text, float wrapW, float charW) {
    std::vector<Segment> out;
    layoutSegments(text, wrapW, charW, out);
    std::vector<std::pair<size_t, size_t>> pairs;
    for (const Segment& g : out) pairs.emplace_back(g.begin, g.end);
    return pairs;
}

class UiLogLayout : public ::testing::Test {
protected:
    ImGuiFrame frame;
    float charW = ImGui::CalcTextSize("0").x;
};

TEST_F(UiLogLayout, ColumnsFollowTheWidestLineNumber) {
    core::LogState log;
    fill(log, 20);
    const RowLayout L = rowLayout(log, false, 900.0f);
    ASSERT_GT(charW, 0.0f);
    EXPECT_EQ(L.charW, charW);
    EXPECT_EQ(L.lineH, std::floor(ImGui::GetFontSize() * 1.4f));
    EXPECT_EQ(L.textY, std::floor((L.lineH - ImGui::GetFontSize()) * 0.5f));
    EXPECT_EQ(L.numberRight, charW * 4) << "room for three digits at least, and a space";
    EXPECT_EQ(L.timeX, L.numberRight + charW * 2);
    EXPECT_EQ(L.levelX, L.timeX + charW * 14);
    EXPECT_EQ(L.messageX, L.levelX + L.levelW + charW * 2);
    EXPECT_EQ(L.wrapW, 0.0f) << "no wrapping unless asked";
    const float inner = 900.0f - kLinesPadding.x * 2 - ImGui::GetStyle().ScrollbarSize - 2.0f;
    EXPECT_EQ(L.fitW, inner - L.messageX - charW);
    EXPECT_EQ(L.wrapFor(true), L.fitW) << "an expanded message always wraps";

    core::LogState big;
    fill(big, 123456);
    const RowLayout B = rowLayout(big, true, 900.0f);
    EXPECT_EQ(B.numberRight, charW * 7);
    EXPECT_EQ(B.wrapW, B.fitW);
    EXPECT_EQ(rowLayout(big, true, 10.0f).fitW, charW * 16) << "never narrower than 16 characters";
}

TEST_F(UiLogLayout, TabsAdvanceToTheNextStop) {
    EXPECT_EQ(layText("ab", charW, 0.0f), charW * 2);
    EXPECT_EQ(layText("\tx", charW, 0.0f), charW * 5);
    EXPECT_EQ(layText("abc\t", charW, 0.0f), charW * 4);
    EXPECT_EQ(layText("abcd\t", charW, 0.0f), charW * 8) << "a tab at a stop goes to the next";
    EXPECT_EQ(layText("\t", charW, charW * 5), charW * 8) << "stops counted from the message start";
    EXPECT_EQ(advanceOf('\t', charW * 2, charW), charW * 2);
    EXPECT_EQ(advanceOf('a', 0.0f, charW), charW);
}

TEST_F(UiLogLayout, CollapsedMessagesShowTheirFirstLine) {
    MessageText m;
    messageText("first\nsecond\nthird\n\n", false, m);
    EXPECT_EQ(m.text, "first");
    EXPECT_EQ(m.trailer, "  ↵ +2 more lines") << "trailing line breaks are not lines";
    EXPECT_TRUE(m.expandable);

    messageText("one\r\ntwo", false, m);
    EXPECT_EQ(m.text, "one") << "a CRLF line end is not shown";
    EXPECT_EQ(m.trailer, "  ↵ +1 more line");

    messageText("plain", false, m);
    EXPECT_EQ(m.text, "plain");
    EXPECT_EQ(m.trailer, "");
    EXPECT_FALSE(m.expandable);

    messageText("first\nsecond", true, m);
    EXPECT_EQ(m.text, "first\nsecond");
    EXPECT_EQ(m.trailer, "  ↑ collapse");
}

TEST_F(UiLogLayout, LongMessagesAreCutAtACharacter) {
    MessageText m;
    const std::string longLine(kMaxDrawBytes + 1000, 'x');
    messageText(longLine, false, m);
    EXPECT_EQ(m.text.size(), kMaxDrawBytes);
    EXPECT_EQ(m.trailer, "  … +1000 bytes more  ↓ expand");
    EXPECT_TRUE(m.expandable);

    // "é" is two bytes: a cut inside it moves back to its start.
    const std::string accented = std::string(kMaxDrawBytes - 1, 'x') + "é" + "tail";
    messageText(accented, false, m);
    EXPECT_EQ(m.text.size(), kMaxDrawBytes - 1);
    EXPECT_EQ(utf8Floor(accented, kMaxDrawBytes), kMaxDrawBytes - 1);

    const std::string huge(kMaxExpandedBytes + 2048, 'y');
    messageText(huge, true, m);
    EXPECT_EQ(m.text.size(), kMaxExpandedBytes);
    EXPECT_EQ(m.trailer, "  … +2.0 KB more  ↑ collapse");
}

TEST_F(UiLogLayout, LinesSplitAtBreaksAndWrapAfterTheLastSpace) {
    using P = std::vector<std::pair<size_t, size_t>>;
    EXPECT_EQ(segments("a\nbb\nccc", 0.0f, charW), (P{{0, 1}, {2, 4}, {5, 8}}));
    EXPECT_EQ(segments("hello world again", 0.0f, charW), (P{{0, 17}})) << "no wrapping";
    EXPECT_EQ(segments("hello world again", charW * 10, charW), (P{{0, 6}, {6, 12}, {12, 17}}));
    EXPECT_EQ(segments(std::string(25, 'x'), charW * 10, charW), (P{{0, 10}, {10, 20}, {20, 25}}))
        << "no space: between two characters";
    EXPECT_EQ(segments("abcdefghij", charW * 10, charW), (P{{0, 10}})) << "exactly fits";
}

TEST_F(UiLogLayout, AnXFallsOnTheCharacterUnderIt) {
    const std::string text = "abcdef";
    const Segment seg{1, 5};
    EXPECT_EQ(offsetAtX(text, seg, 0.0f, charW), 1u);
    EXPECT_EQ(offsetAtX(text, seg, charW * 2.5f, charW), 3u);
    EXPECT_EQ(offsetAtX(text, seg, charW * 40, charW), 5u) << "past the end: the segment's end";
}

// Issue 16: a drag inside a message selects from boundary to boundary, the nearest to the mouse.
TEST_F(UiLogLayout, ADragEdgeFallsOnTheNearestCharacterBoundary) {
    const std::string text = "abcdef";
    const Segment seg{1, 5};
    EXPECT_EQ(boundaryAtX(text, seg, 0.0f, charW), 1u);
    EXPECT_EQ(boundaryAtX(text, seg, charW * 0.4f, charW), 1u) << "the left half: before it";
    EXPECT_EQ(boundaryAtX(text, seg, charW * 0.6f, charW), 2u) << "the right half: after it";
    EXPECT_EQ(boundaryAtX(text, seg, charW * 40, charW), 5u) << "past the end: the segment's end";
}

// The part selected is copied as drawn, cleaned as a copy is (no bidi controls), counted in code
// points; a line no longer held or shown selects nothing.
TEST_F(UiLogLayout, APartOfAMessageIsCopiedCleanedAndCountedInCodePoints) {
    core::LogState log;
    fill(log, 3, {makeLine(2, "pay ORD-1 \u00e9\u202ex")});
    ui::LogUi ui;
    ui.partId = 2;
    ui.partBegin = 4;
    ui.partEnd = 100;  // past the end: up to it
    TextPart part = selectedPart(log, ui);
    EXPECT_EQ(part.line, 2);
    EXPECT_EQ(part.text, "ORD-1 \u00e9x");
    EXPECT_EQ(part.chars, 8u);
    EXPECT_EQ(part.begin, 4u);
    EXPECT_EQ(part.end, 13u);
    ui.partEnd = 9;
    part = selectedPart(log, ui);
    EXPECT_EQ(part.text, "ORD-1");
    EXPECT_EQ(part.chars, 5u);
    ui.partId = 7;
    EXPECT_EQ(selectedPart(log, ui).line, 0) << "not held";
    core::LogFilter hideInfo = log.view.filter();
    hideInfo.levels[static_cast<size_t>(core::LogLevel::Info)] = false;
    log.view.setFilter(log.store, hideInfo);
    ui.partId = 2;
    EXPECT_EQ(selectedPart(log, ui).line, 0) << "filtered out";
}

TEST_F(UiLogLayout, ATrailerThatDoesNotFitGoesOnALineOfItsOwn) {
    core::LogState log;
    fill(log, 3);
    RowLayout L = rowLayout(log, true, 900.0f);
    L.wrapW = charW * 20;  // 20 characters a line
    RowShape shape;

    core::LogStore store;
    core::LogLine multi = makeLine(1, "short\nmore");
    core::LogLine full = makeLine(2, std::string(30, 'x') + "\nmore");
    core::LogLine payload = makeLine(3, "abc");
    core::PayloadRef p;
    p.id = 9;
    payload.payload = p;
    store.appendBatch({multi, full, payload});

    shapeRow(store.lineById(1), false, L, 0, shape);
    EXPECT_EQ(shape.lines, 2) << "\"short\" and its \"↵ +1 more line\" do not fit in 20 characters";
    EXPECT_EQ(shape.trailerLine, 1);
    EXPECT_EQ(shape.trailerX, 0.0f);

    L.wrapW = charW * 40;
    shapeRow(store.lineById(1), false, L, 0, shape);
    EXPECT_EQ(shape.lines, 1);
    EXPECT_EQ(shape.trailerX, charW * 5) << "after \"short\"";
    EXPECT_EQ(shape.trailerW, ImGui::CalcTextSize("  ↵ +1 more line").x);

    shapeRow(store.lineById(2), false, L, 0, shape);
    EXPECT_EQ(shape.segments.size(), 1u);
    EXPECT_EQ(shape.lines, 2) << "30 characters and the trailer pass 40";

    shapeRow(store.lineById(3), false, L, 0, shape);
    EXPECT_EQ(shape.payload, "[pull payload]");
    EXPECT_EQ(shape.trailerW, charW * 2 + ImGui::CalcTextSize("[pull payload]").x);
    EXPECT_EQ(shape.lines, 1);
}

TEST_F(UiLogLayout, FixedHeightRowsScrollLikeAListClipper) {
    core::LogState log;
    fill(log, 1000);
    ui::LogUi ui;
    const RowLayout L = rowLayout(log, false, 900.0f);
    RowHeights heights(log, ui, L, 0);
    const float lineH = L.lineH;
    const ScrollModel m = scrollModel(log.view.shownCount(), L, lineH * 10, heights);
    EXPECT_EQ(m.count, 1000u);
    EXPECT_EQ(m.tailFirst, 1000u - 2 * (10 + 2)) << "two views' worth of rows measured at the end";
    EXPECT_EQ(m.contentH(), lineH * 1000);

    const TopRow top = topRowAt(m, lineH * 37.5f, heights);
    EXPECT_EQ(top.row, 37u);
    EXPECT_FLOAT_EQ(top.above, lineH * 0.5f);
    EXPECT_EQ(topRowAt(m, -20.0f, heights).row, 0u);
    EXPECT_EQ(topRowAt(m, m.contentH() + 500.0f, heights).row, 999u);

    EXPECT_EQ(scrollFor(m, 100, 0.0f, heights), lineH * 100);
    EXPECT_EQ(scrollFor(m, 100, lineH * 4, heights), lineH * 96);
    EXPECT_EQ(scrollFor(m, 2, lineH * 4, heights), 0.0f) << "never above the first row";
    EXPECT_EQ(scrollFor(m, 990, 0.0f, heights), lineH * 990) << "in the measured tail";
}

TEST_F(UiLogLayout, ExpandedRowsAreAsTallAsTheirLines) {
    core::LogState log;
    fill(log, 1000, {makeLine(500, "first\nsecond\nthird")});
    ui::LogUi ui;
    ui.expanded.insert(500);
    const RowLayout L = rowLayout(log, false, 900.0f);
    RowHeights heights(log, ui, L, 0);
    const float lineH = L.lineH;
    EXPECT_EQ(heights(498), lineH);
    EXPECT_EQ(heights(499), lineH * 3) << "row 499 is line 500, expanded over three lines";
    const ScrollModel m = scrollModel(log.view.shownCount(), L, lineH * 10, heights);
    EXPECT_EQ(m.contentH(), lineH * 1000) << "rows before the tail count as nominal rows";

    // The fraction of a nominal row moves through the expanded row's real height.
    const TopRow top = topRowAt(m, lineH * 499.5f, heights);
    EXPECT_EQ(top.row, 499u);
    EXPECT_FLOAT_EQ(top.above, lineH * 1.5f);

    // Row 500 one line below the top: row 499 shows its last line above it.
    const float y = scrollFor(m, 500, lineH, heights);
    const TopRow back = topRowAt(m, y, heights);
    EXPECT_EQ(back.row, 499u);
    EXPECT_NEAR(back.above, lineH * 2, 0.01f);
}

TEST_F(UiLogLayout, TheTailIsMeasuredSoItsEndIsTheLastRowsEnd) {
    // The last lines wrap to three visual lines each: the scroll range ends at their real bottom.
    const std::string wide(60, 'w');
    std::vector<core::LogLine> wideLines;
    for (int64_t id = 91; id <= 100; ++id)
        wideLines.push_back(makeLine(id, wide + " " + wide + " " + wide));
    core::LogState log;
    fill(log, 100, wideLines);
    ui::LogUi ui;
    RowLayout L = rowLayout(log, true, 900.0f);
    L.wrapW = charW * 70;
    RowHeights heights(log, ui, L, 0);
    const float lineH = L.lineH;
    EXPECT_EQ(heights(89), lineH);
    EXPECT_EQ(heights(90), lineH * 3);
    const ScrollModel m = scrollModel(log.view.shownCount(), L, lineH * 10, heights);
    EXPECT_EQ(m.tailFirst, 100u - 24u);
    EXPECT_EQ(m.tailH, lineH * (14 + 10 * 3));
    EXPECT_EQ(m.contentH(), lineH * (76 + 14 + 30));

    // In the tail a scroll position is a pixel offset into the measured rows.
    const float into = m.tailStart() + lineH * 14 + lineH * 3 + 5.0f;
    const TopRow top = topRowAt(m, into, heights);
    EXPECT_EQ(top.row, 91u);
    EXPECT_FLOAT_EQ(top.above, 5.0f);
    EXPECT_EQ(scrollFor(m, 91, 0.0f, heights), m.tailStart() + lineH * 17);
    // The bottom of the range shows the last row's bottom at the bottom of a 10-line view.
    const TopRow last = topRowAt(m, m.contentH() - lineH * 10, heights);
    EXPECT_EQ(last.row, 96u);
    EXPECT_FLOAT_EQ(last.above, lineH * 2);
}

// --- your place kept (issue 16, point 5) --------------------------------------------------------

TEST_F(UiLogLayout, TheLineKeptIsTheCurrentLineInViewElseTheTopLine) {
    const float h = 20.0f;
    const std::vector<std::pair<int64_t, float>> tops = {{10, -8.0f}, {11, 12.0f}, {12, 32.0f},
                                                         {13, 52.0f}, {14, 72.0f}, {15, 92.0f}};
    const std::vector<float> heights(tops.size(), h);
    const float viewH = 100.0f;
    KeptLine k = lineToKeep(tops, heights, 13, viewH);
    EXPECT_EQ(k.id, 13);
    EXPECT_EQ(k.y, 52.0f);
    k = lineToKeep(tops, heights, 0, viewH);
    EXPECT_EQ(k.id, 11) << "no current line: the first line wholly in view (10 is partly above)";
    EXPECT_EQ(k.y, 12.0f);
    EXPECT_EQ(lineToKeep(tops, heights, 15, viewH).id, 15)
        << "its top is in view, if not all of it";
    EXPECT_EQ(lineToKeep(tops, heights, 10, viewH).id, 11) << "10 begins above the view";
    EXPECT_EQ(lineToKeep(tops, heights, 99, viewH).id, 11) << "a current line out of view";
    EXPECT_EQ(lineToKeep({}, {}, 3, viewH).id, 0);
}

TEST_F(UiLogLayout, RowTopIsTheInverseOfScrollFor) {
    core::LogState log;
    fill(log, 1000, {makeLine(500, "first\nsecond\nthird")});
    ui::LogUi ui;
    ui.expanded.insert(500);
    const RowLayout L = rowLayout(log, false, 900.0f);
    RowHeights heights(log, ui, L, 0);
    const ScrollModel m = scrollModel(log.view.shownCount(), L, L.lineH * 10, heights);
    for (size_t row : {size_t(120), size_t(499), size_t(500), size_t(503), size_t(990)}) {
        for (float y : {0.0f, L.lineH * 2.5f, L.lineH * 6}) {
            const float scroll = scrollFor(m, row, y, heights);
            EXPECT_NEAR(rowTopAt(m, scroll, row, heights), y, 0.01f) << row << " at " << y;
        }
    }
    EXPECT_EQ(rowTopAt(m, 0.0f, 900, heights, 100), FLT_MAX) << "beyond reach";
}

// A log whose every third line is a debug line, the debug level hidden.
void fillWithDebug(core::LogState& log, int64_t count) {
    std::vector<core::LogLine> lines;
    for (int64_t id = 1; id <= count; ++id) {
        core::LogLine l = makeLine(id, "line " + std::to_string(id));
        if (id % 3 == 0) l.level = core::LogLevel::Debug;
        lines.push_back(l);
    }
    log.store.appendBatch(lines);
    log.view.update(log.store);
}

TEST_F(UiLogLayout, ALevelTurnedBackOnKeepsTheCurrentLineWhereItWas) {
    core::LogState log;
    fillWithDebug(log, 900);
    core::LogFilter f;
    f.levels[static_cast<size_t>(core::LogLevel::Debug)] = false;
    log.view.setFilter(log.store, f);
    ui::LogUi ui;
    const RowLayout L = rowLayout(log, false, 900.0f);
    const float viewH = L.lineH * 20;
    RowHeights heights(log, ui, L, 0);
    ScrollModel m = scrollModel(log.view.shownCount(), L, viewH, heights);
    const int64_t current = 301;
    const float y = L.lineH * 7;  // the current line 7 lines below the top of the view
    const float scroll = scrollFor(m, log.view.rowOfId(current), y, heights);
    EXPECT_LT(keepScroll(m, scroll, log.view.rowOfId(current), y, 0.0f, heights), 0.0f)
        << "nothing moved: no scroll asked for";

    f.levels[static_cast<size_t>(core::LogLevel::Debug)] = true;  // back on: lines come in above
    log.view.setFilter(log.store, f);
    m = scrollModel(log.view.shownCount(), L, viewH, heights);
    const size_t row = log.view.rowOfId(current);
    EXPECT_GT(rowTopAt(m, scroll, row, heights), viewH) << "left alone, it would leave the view";
    const float to = keepScroll(m, scroll, row, y, 0.0f, heights);
    ASSERT_GE(to, 0.0f);
    EXPECT_NEAR(rowTopAt(m, to, row, heights), y, 0.01f);
    // The lines' area moved down 30 px on screen (a toolbar wrapped): the line stays put on the
    // screen, 30 px higher in the view.
    const float moved = keepScroll(m, scroll, row, y, 30.0f, heights);
    EXPECT_NEAR(rowTopAt(m, moved, row, heights), y - 30.0f, 0.01f);
}

TEST_F(UiLogLayout, WrapKeepsTheCurrentLineWhereItWas) {
    const std::string wide(60, 'w');
    std::vector<core::LogLine> wideLines;
    for (int64_t id = 1; id <= 400; id += 2)
        wideLines.push_back(makeLine(id, wide + " " + wide + " " + wide));
    core::LogState log;
    fill(log, 400, wideLines);
    ui::LogUi ui;
    const RowLayout flat = rowLayout(log, false, 900.0f);
    RowLayout wrapped = rowLayout(log, true, 900.0f);
    wrapped.wrapW = charW * 70;
    const float viewH = flat.lineH * 20;
    RowHeights flatHeights(log, ui, flat, 0);
    RowHeights wrappedHeights(log, ui, wrapped, 0);
    const ScrollModel before = scrollModel(400, flat, viewH, flatHeights);
    const ScrollModel after = scrollModel(400, wrapped, viewH, wrappedHeights);
    const size_t row = 150;
    const float y = flat.lineH * 9;
    const float scroll = scrollFor(before, row, y, flatHeights);
    EXPECT_NEAR(rowTopAt(before, scroll, row, flatHeights), y, 0.01f);
    EXPECT_GT(rowTopAt(after, scroll, row, wrappedHeights), y + flat.lineH)
        << "the wrapped lines above push it down";
    const float to = keepScroll(after, scroll, row, y, 0.0f, wrappedHeights);
    ASSERT_GE(to, 0.0f);
    EXPECT_NEAR(rowTopAt(after, to, row, wrappedHeights), y, 0.01f);
}

}  // namespace
