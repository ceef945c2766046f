// ui/log_layout.h — the sync log's rows laid out: where a row's columns go, a message's visual
// lines (wrapped, expanded, tabs), a row's height, and the scroll model that maps a scroll position
// to the row at the top of the view and back. Pure layout: it measures text with ImGui's current
// font and draws nothing (but layText, when given a draw list). Defined in log_lines.cpp, which
// draws the rows with it; tests/unit/ui_log_layout_test.cpp runs it natively.
//
// Rows are one line tall (lineH) until a message is expanded or lines wrap; then a row is as tall
// as its visual lines. A million rows cannot all be measured each frame (and a cache of their
// heights would be wrong after every resize), so the scroll range is counted in *nominal* rows:
// scrolling to y puts row floor(y / lineH) at the top of the view, the fraction of a nominal row
// moving through that row's real height. Only the rows drawn are measured — plus the last rows
// of the list (about two views' worth), whose real heights make the end of the scroll range: from
// the first of them on, a scroll position is a plain pixel offset into them, so the bottom of the
// range is exactly the bottom of the last row (following the tail works whatever the heights).
// The two parts meet where that tail starts, so scrolling is continuous. With no row expanded and
// no wrapping this is exactly a fixed-height list (ImGuiListClipper's arithmetic). Rows keep their
// nominal positions when wrapping is switched or a message expands: the top line stays in place.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/log_store.h"
#include "imgui.h"
#include "ui/log_view_shared.h"

namespace ui {
namespace logv {

constexpr size_t kMaxDrawBytes = 4000;  // of one message: the rest is summarised, not drawn
constexpr int kTabWidth = 4;            // columns a tab takes (the mono font has no tab glyph)
constexpr ImVec2 kLinesPadding(6.0f, 4.0f);
constexpr size_t kMaxExpandedBytes = 64 * 1024;  // of an expanded message: the rest summarised

// Where each column of a row starts, in the mono font; computed once a frame.
struct RowLayout {
    float charW = 0, lineH = 0, textY = 0;
    float numberRight = 0, timeX = 0, levelX = 0, levelW = 0, messageX = 0;
    float wrapW = 0;  // messages wrap at this width; 0: they do not
    float fitW = 0;   // the width a message has in view: an expanded message wraps at it
    // The width a row's message wraps at: expanded messages always wrap (all of a 64 KB line on
    // one visual line would be 450,000 px wide), others when wrapping is on.
    float wrapFor(bool expanded) const { return expanded ? fitW : wrapW; }
};

RowLayout rowLayout(const LogState& log, bool wrap, float childW);

// Message text is laid out span by span: a tab advances to the next tab stop (the font has no
// glyph for it; other control characters never get here: core::displayText shows them as
// symbols). `x` is relative to the message's start, where the tab stops are counted from; returns
// the x after `text`, and draws it at `origin` + x when given a draw list.
float layText(std::string_view text, float charW, float x, ImDrawList* dl = nullptr,
              ImVec2 origin = ImVec2(), ImU32 colour = 0);

// One code point of `text` at `i`: its value and byte length (at least 1, whatever the bytes).
unsigned codePointAt(std::string_view text, size_t i, int& len);
// How far one character moves the pen at `x` (tabs to the next stop).
float advanceOf(unsigned c, float x, float charW);

// What of a message a row shows: collapsed, its first line (at most kMaxDrawBytes); expanded,
// all of it (at most kMaxExpandedBytes) — cleaned for display (core::displayText: escape
// sequences dropped, control characters as visible symbols). The trailer says what is left out —
// for a multi-line or cut message it is a link that expands or collapses the message.
struct MessageText {
    std::string_view text;  // the message's own bytes, or `cleaned`
    std::string cleaned;
    std::string trailer;
    bool expandable = false;
};

// `end`, moved back to the start of the UTF-8 sequence it falls in.
size_t utf8Floor(std::string_view text, size_t end);
// Fills `m` (which `m.text` may then point into: not to be copied).
void messageText(std::string_view full, bool expanded, MessageText& m);

// A visual line of a message: bytes [begin, end) of MessageText::text.
struct Segment {
    size_t begin = 0, end = 0;
};

// Splits the text at its line breaks and, when wrapping, where a line would pass wrapW (after the
// last space, else between two characters).
void layoutSegments(std::string_view text, float wrapW, float charW, std::vector<Segment>& out);
// The byte of a visual line that x (relative to the message's start) falls on.
size_t offsetAtX(std::string_view text, Segment seg, float x, float charW);
// The character boundary of a visual line nearest to x: where a press or a drag there puts the
// edge of a selection, as on a web page (a drag inside a message selects part of it).
size_t boundaryAtX(std::string_view text, Segment seg, float x, float charW);

// The payload link's label: "[pull payload]", "[push payload · expired]" …
std::string payloadLabel(const core::PayloadRef& p, core::TimeMs serverNow);

// A row's shape: its message's visual lines, and where the trailer and payload link go.
struct RowShape {
    MessageText msg;
    std::vector<Segment> segments;
    std::string payload;  // the payload link's label, if the line stored one
    int trailerLine = 0;  // the visual line the trailer (and payload link) starts on
    float trailerX = 0;   // relative to the message's start
    float trailerW = 0;   // the trailer's and the payload link's width together
    int lines = 1;        // visual lines in all
};

void shapeRow(const core::LogLineView& line, bool expanded, const RowLayout& L,
              core::TimeMs serverNow, RowShape& s);

// Row heights by shown row: lineH unless the row wraps or is expanded (then measured).
class RowHeights {
public:
    RowHeights(const LogState& log, const LogUi& ui, const RowLayout& L, core::TimeMs serverNow)
        : log_(log), ui_(ui), L_(L), serverNow_(serverNow) {}
    float operator()(size_t row) {
        if (L_.wrapW <= 0 && ui_.expanded.empty()) return L_.lineH;
        const int64_t id = log_.view.shownId(row);
        const bool expanded = ui_.expanded.count(id) > 0;
        if (L_.wrapW <= 0 && !expanded) return L_.lineH;
        shapeRow(log_.store.lineById(id), expanded, L_, serverNow_, shape_);
        return L_.lineH * static_cast<float>(shape_.lines);
    }

private:
    const LogState& log_;
    const LogUi& ui_;
    const RowLayout& L_;
    core::TimeMs serverNow_;
    RowShape shape_;
};

// The scroll range (see the top of this file): nominal rows, then the measured tail.
struct ScrollModel {
    size_t count = 0;
    float lineH = 1.0f;
    size_t tailFirst = 0;  // the first row of the measured tail
    float tailH = 0.0f;    // the tail's real height
    float tailStart() const { return static_cast<float>(tailFirst) * lineH; }
    float contentH() const { return tailStart() + tailH; }
};

ScrollModel scrollModel(size_t count, const RowLayout& L, float viewH, RowHeights& heights);

// The row at the top of the view at a scroll position, and how far above the top it begins.
struct TopRow {
    size_t row = 0;
    float above = 0.0f;
};

TopRow topRowAt(const ScrollModel& m, float scrollY, RowHeights& heights);
// The scroll position that puts the top of `row` `y` pixels below the top of the view.
float scrollFor(const ScrollModel& m, size_t row, float y, RowHeights& heights);
// Where the top of `row` is below the top of the view at scroll position scrollY (negative: above
// it), the inverse of scrollFor. Rows more than `reach` rows from the top row are not measured:
// then -FLT_MAX (above) or FLT_MAX (below).
float rowTopAt(const ScrollModel& m, float scrollY, size_t row, RowHeights& heights,
               size_t reach = 1024);

// Keeping your place: a change that moves rows — a level turned back on, Wrap, the time zone (whose
// label can move the lines' area), older lines loaded above — keeps one line where it was on the
// screen: the current line when its top was in view, else the line at the top of the view.
struct KeptLine {
    int64_t id = 0;  // 0: none (following the tail, or nothing drawn)
    float y = 0.0f;  // its top below the top of the view, in the frame it was seen
};
// The line to keep, from the rows drawn (id and top below the top of the view, in order) and the
// view's height: the current line if its top is in view (a wrapped or expanded line may go on
// below), else the first row whose top is in view.
KeptLine lineToKeep(const std::vector<std::pair<int64_t, float>>& drawnTops,
                    const std::vector<float>& drawnHeights, int64_t currentId, float viewH);
// The scroll position that puts the kept line (now at shown `row`) back at `y` (moved by how far
// the view itself moved on screen, `viewMovedBy`), or a negative value when it is already there.
float keepScroll(const ScrollModel& m, float scrollY, size_t row, float y, float viewMovedBy,
                 RowHeights& heights);

}  // namespace logv
}  // namespace ui
