// ui/log_lines.cpp — the sync log's lines: one child window over core::FilteredLog's shown rows,
// virtualised (only the rows in view are drawn, with an explicit content size, so a million lines
// cost what the visible fifty do). Each row is drawn with the draw list (gutter, time, level,
// message, match highlights); its only items are its links (payload, expand), so the mouse on a
// row is handled for all rows at once, by position (rowMouse): click, shift+click and drag select
// whole lines, right click opens the line's menu (copy, copy a link to the line, select text,
// expand). A press and drag inside one message selects part of it directly, as on a web page
// (LogUi::partId: from character boundary to boundary, drawn highlighted, copied by Ctrl+C), while
// the mouse stays on that line; leaving it, the drag selects whole lines again. A double click
// swaps the message for a read-only ImGui text field: ImGui's own selection, word-wise, and Ctrl+C.
//
// Following: while the view follows, the child is scrolled to the bottom *before* it begins
// (SetNextWindowScroll + SetNextWindowContentSize), so new lines show in the frame they arrive,
// without a frame of lag. A scroll by the user (wheel, scrollbar) decides: ending at the bottom
// follows, anywhere else stops following — and the lines that arrive after that are counted in a
// "N new lines ↓" bar under the list.
#include <algorithm>
#include <cctype>
#include <cfloat>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "core/display_text.h"
#include "core/log_text.h"
#include "core/overview_bins.h"
#include "core/time_zone.h"
#include "imgui.h"
#include "ui/clear_rect.h"
#include "ui/imgui_seam.h"
#include "ui/log_layout.h"
#include "ui/log_overview.h"
#include "ui/log_view_shared.h"
#include "ui/widgets.h"

namespace ui {
namespace logv {
namespace {

constexpr int kMaxHighlights = 64;  // match rects per line
constexpr ImU32 kColourCurrentLine = IM_COL32(96, 165, 250, 48);

}  // namespace

// The rows' layout and the scroll model (declared in log_layout.h, which says how they work).

RowLayout rowLayout(const LogState& log, bool wrap, float childW) {
    RowLayout L;
    L.charW = ImGui::CalcTextSize("0").x;
    L.lineH = std::floor(ImGui::GetFontSize() * 1.4f);
    L.textY = std::floor((L.lineH - ImGui::GetFontSize()) * 0.5f);
    int digits = 1;
    for (int64_t n = std::max<int64_t>(log.store.lastId(), 999); n >= 10; n /= 10) ++digits;
    L.numberRight = L.charW * static_cast<float>(digits + 1);
    L.timeX = L.numberRight + L.charW * 2;
    L.levelX = L.timeX + L.charW * 14;
    L.levelW = L.charW * 5 + 8.0f;
    L.messageX = L.levelX + L.levelW + L.charW * 2;
    // The same width every frame (not the child's exact inner width, which depends on its
    // scrollbar): heights measured before the child begins match those drawn inside it.
    const float inner = childW - kLinesPadding.x * 2 - ImGui::GetStyle().ScrollbarSize - 2.0f;
    L.fitW = std::max(L.charW * 16, inner - L.messageX - L.charW);
    if (wrap) L.wrapW = L.fitW;
    return L;
}

// Message text is laid out span by span: a tab advances to the next tab stop (the font has no
// glyph for it; other control characters never get here: core::displayText shows them as
// symbols). `x` is
// relative to the message's start, where the tab stops are counted from; returns the x after
// `text`, and draws it at `origin` + x when given a draw list.
float layText(std::string_view text, float charW, float x, ImDrawList* dl, ImVec2 origin,
              ImU32 colour) {
    size_t start = 0;
    for (size_t i = 0; i <= text.size(); ++i) {
        if (i < text.size() && text[i] != '\t') continue;
        if (i > start) {
            const char *b = text.data() + start, *e = text.data() + i;
            if (dl) dl->AddText(ImVec2(origin.x + x, origin.y), colour, b, e);
            x += ImGui::CalcTextSize(b, e).x;
        }
        if (i < text.size()) {
            const float stop = charW * kTabWidth;
            x = (std::floor(x / stop) + 1.0f) * stop;
        }
        start = i + 1;
    }
    return x;
}

// One code point of `text` at `i`: its value and byte length (at least 1, whatever the bytes).
unsigned codePointAt(std::string_view text, size_t i, int& len) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    len = 1;
    if (c < 0x80) return c;
    unsigned cp = 0;
    len = std::max(1, seam::charFromUtf8(&cp, text.data() + i, text.data() + text.size()));
    return cp;
}

// How far one character moves the pen at `x` (tabs to the next stop).
float advanceOf(unsigned c, float x, float charW) {
    if (c == '\t') {
        const float stop = charW * kTabWidth;
        return (std::floor(x / stop) + 1.0f) * stop - x;
    }
    ImFont* font = ImGui::GetFont();
    const float scale = ImGui::GetFontSize() / font->FontSize;
    return font->GetCharAdvance(static_cast<ImWchar>(c <= 0xFFFF ? c : 0xFFFD)) * scale;
}

size_t utf8Floor(std::string_view text, size_t end) {
    while (end > 0 && end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
        --end;
    return end;
}

// Fills `m` (which `m.text` may then point into: not to be copied).
void messageText(std::string_view full, bool expanded, MessageText& m) {
    m.trailer.clear();
    while (!full.empty() && (full.back() == '\n' || full.back() == '\r')) full.remove_suffix(1);
    const size_t firstEnd = std::min(full.find('\n'), full.size());
    const bool multiLine = firstEnd < full.size();
    m.expandable = multiLine || firstEnd > kMaxDrawBytes;
    char buf[96];
    if (expanded && m.expandable) {
        const size_t end = utf8Floor(full, std::min(full.size(), kMaxExpandedBytes));
        m.text = core::displayText(full.substr(0, end), m.cleaned);
        m.trailer = end < full.size()
                        ? "  … +" + formatBytes(static_cast<int64_t>(full.size() - end)) +
                              " more  ↑ collapse"
                        : "  ↑ collapse";
        return;
    }
    size_t end = utf8Floor(full, std::min(firstEnd, kMaxDrawBytes));
    if (end == firstEnd && end > 0 && full[end - 1] == '\r') --end;  // a CRLF line end
    m.text = core::displayText(full.substr(0, end), m.cleaned);
    if (multiLine) {
        const size_t lines = static_cast<size_t>(std::count(full.begin() + end, full.end(), '\n'));
        std::snprintf(buf, sizeof buf, "  ↵ +%zu more line%s", lines, lines == 1 ? "" : "s");
        m.trailer = buf;
    } else if (end < full.size()) {
        m.trailer =
            "  … +" + formatBytes(static_cast<int64_t>(full.size() - end)) + " more  ↓ expand";
    }
}

TextPart selectedPart(const LogState& log, const LogUi& ui) {
    TextPart part;
    if (!ui.partId || !log.store.holds(ui.partId)) return part;
    const size_t row = log.view.rowOfId(ui.partId);  // filtered out: nothing is selected
    if (row >= log.view.shownCount() || log.view.shownId(row) != ui.partId) return part;
    MessageText m;
    messageText(log.store.lineById(ui.partId).text, ui.expanded.count(ui.partId) > 0, m);
    const std::string_view text = m.text;
    const size_t b = utf8Floor(text, std::min(ui.partBegin, text.size()));
    const size_t e = utf8Floor(text, std::min(ui.partEnd, text.size()));
    if (e <= b) return part;
    const auto codePoints = [&](size_t from, size_t to) {
        size_t n = 0;
        for (size_t i = from; i < to; ++i)
            if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++n;
        return n;
    };
    part.line = ui.partId;
    part.begin = codePoints(0, b);
    part.end = part.begin + codePoints(b, e);
    part.text = core::copyText(text.substr(b, e - b));
    for (const char ch : part.text)
        if ((static_cast<unsigned char>(ch) & 0xC0) != 0x80) ++part.chars;
    return part;
}

// Splits the text at its line breaks and, when wrapping, where a line would pass wrapW (after the
// last space, else between two characters).
void layoutSegments(std::string_view text, float wrapW, float charW, std::vector<Segment>& out) {
    size_t lineStart = 0;
    while (true) {
        const size_t nl = std::min(text.find('\n', lineStart), text.size());
        size_t segStart = lineStart, i = lineStart, breakAt = std::string_view::npos;
        float x = 0.0f;
        while (wrapW > 0 && i < nl) {
            int len = 1;
            const unsigned c = codePointAt(text.substr(0, nl), i, len);
            const float adv = advanceOf(c, x, charW);
            if (x + adv > wrapW && i > segStart) {
                const size_t cut =
                    breakAt != std::string_view::npos && breakAt > segStart ? breakAt : i;
                out.push_back({segStart, cut});
                segStart = i = cut;
                x = 0.0f;
                breakAt = std::string_view::npos;
                continue;
            }
            x += adv;
            i += static_cast<size_t>(len);
            if (c == ' ') breakAt = i;
        }
        out.push_back({segStart, nl});
        if (nl >= text.size()) break;
        lineStart = nl + 1;
    }
}

// The byte of a visual line that x (relative to the message's start) falls on.
size_t offsetAtX(std::string_view text, Segment seg, float x, float charW) {
    float pen = 0.0f;
    for (size_t i = seg.begin; i < seg.end;) {
        int len = 1;
        const unsigned c = codePointAt(text.substr(0, seg.end), i, len);
        const float adv = advanceOf(c, pen, charW);
        if (x < pen + adv) return i;
        pen += adv;
        i += static_cast<size_t>(len);
    }
    return seg.end;
}

size_t boundaryAtX(std::string_view text, Segment seg, float x, float charW) {
    float pen = 0.0f;
    for (size_t i = seg.begin; i < seg.end;) {
        int len = 1;
        const unsigned c = codePointAt(text.substr(0, seg.end), i, len);
        const float adv = advanceOf(c, pen, charW);
        if (x < pen + adv * 0.5f) return i;
        pen += adv;
        i += static_cast<size_t>(len);
    }
    return seg.end;
}

std::string payloadLabel(const core::PayloadRef& p, core::TimeMs serverNow) {
    std::string label = "[";
    label += p.kind == core::PayloadKind::Pull   ? "pull payload"
             : p.kind == core::PayloadKind::Push ? "push payload"
                                                 : "custom script payload";
    if (p.expiresAt && serverNow >= p.expiresAt) label += " · expired";
    return label + "]";
}

void shapeRow(const core::LogLineView& line, bool expanded, const RowLayout& L,
              core::TimeMs serverNow, RowShape& shape) {
    messageText(line.text, expanded, shape.msg);
    shape.segments.clear();
    const float wrapW = L.wrapFor(expanded);
    layoutSegments(shape.msg.text, wrapW, L.charW, shape.segments);
    const Segment last = shape.segments.back();
    shape.trailerLine = static_cast<int>(shape.segments.size()) - 1;
    shape.trailerX =
        layText(shape.msg.text.substr(last.begin, last.end - last.begin), L.charW, 0.0f);
    shape.payload = line.payload ? payloadLabel(*line.payload, serverNow) : std::string();
    float trailerW =
        shape.msg.trailer.empty() ? 0.0f : ImGui::CalcTextSize(shape.msg.trailer.c_str()).x;
    if (line.payload) trailerW += L.charW * 2 + ImGui::CalcTextSize(shape.payload.c_str()).x;
    shape.trailerW = trailerW;
    if (wrapW > 0 && trailerW > 0 && shape.trailerX > 0 && shape.trailerX + trailerW > wrapW) {
        ++shape.trailerLine;  // on a visual line of its own
        shape.trailerX = 0.0f;
    }
    shape.lines = shape.trailerLine + 1;
}

ScrollModel scrollModel(size_t count, const RowLayout& L, float viewH, RowHeights& heights) {
    ScrollModel m;
    m.count = count;
    m.lineH = L.lineH;
    const size_t rowsInView = static_cast<size_t>(std::ceil(viewH / L.lineH)) + 2;
    m.tailFirst = count - std::min(count, rowsInView * 2);
    for (size_t r = m.tailFirst; r < count; ++r) m.tailH += heights(r);
    return m;
}

TopRow topRowAt(const ScrollModel& m, float scrollY, RowHeights& heights) {
    if (m.count == 0) return {};
    scrollY = std::max(0.0f, scrollY);
    if (scrollY < m.tailStart()) {
        const float f = scrollY / m.lineH;
        const size_t row = std::min(static_cast<size_t>(f), m.count - 1);
        return {row, (f - static_cast<float>(row)) * heights(row)};
    }
    float off = scrollY - m.tailStart();
    size_t row = m.tailFirst;
    for (; row + 1 < m.count; ++row) {
        const float h = heights(row);
        if (off < h) break;
        off -= h;
    }
    return {row, off};
}

// The scroll position that puts the top of `row` `y` pixels below the top of the view.
float scrollFor(const ScrollModel& m, size_t row, float y, RowHeights& heights) {
    if (m.count == 0) return 0.0f;
    row = std::min(row, m.count - 1);
    if (row >= m.tailFirst) {
        float above = 0.0f;
        for (size_t r = m.tailFirst; r < row; ++r) above += heights(r);
        const float scroll = m.tailStart() + above - y;
        if (scroll >= m.tailStart()) return scroll;
        y -= above;  // the tail's first row goes at y: the nominal rows before it above
        row = m.tailFirst;
    }
    float acc = 0.0f;
    size_t top = row;
    while (top > 0) {
        const float h = heights(top - 1);
        if (acc + h > y) break;
        acc += h;
        --top;
    }
    if (top == 0) return 0.0f;
    const float h = heights(top - 1);  // row top - 1 shows its last (y - acc) pixels
    return (static_cast<float>(top - 1) + 1.0f - (y - acc) / h) * m.lineH;
}

float rowTopAt(const ScrollModel& m, float scrollY, size_t row, RowHeights& heights, size_t reach) {
    const TopRow top = topRowAt(m, scrollY, heights);
    float y = -top.above;
    if (row >= top.row) {
        if (row - top.row > reach) return FLT_MAX;
        for (size_t r = top.row; r < row; ++r) y += heights(r);
    } else {
        if (top.row - row > reach) return -FLT_MAX;
        for (size_t r = top.row; r > row; --r) y -= heights(r - 1);
    }
    return y;
}

KeptLine lineToKeep(const std::vector<std::pair<int64_t, float>>& drawnTops,
                    const std::vector<float>& drawnHeights, int64_t currentId, float viewH) {
    KeptLine first;
    for (size_t i = 0; i < drawnTops.size(); ++i) {
        const float y = drawnTops[i].second, h = drawnHeights[i];
        if (y < -1.0f || y >= viewH - 1.0f || h <= 0.0f) continue;  // its top not in view
        if (drawnTops[i].first == currentId && currentId) return {currentId, y};
        if (!first.id) first = {drawnTops[i].first, y};
    }
    return first;
}

float keepScroll(const ScrollModel& m, float scrollY, size_t row, float y, float viewMovedBy,
                 RowHeights& heights) {
    if (row >= m.count) return -1.0f;
    const float want = std::max(0.0f, y - viewMovedBy);
    const float now = rowTopAt(m, scrollY, row, heights);
    if (std::fabs(now - want) <= 0.5f) return -1.0f;
    return scrollFor(m, row, want, heights);
}

namespace {

// Fills bytes [begin, end) of the message as drawn, across the visual lines it wraps onto, grown
// by `pad` px on each side: search matches and the part of a message selected by a drag.
void fillTextRange(ImDrawList* dl, const RowShape& shape, ImVec2 at, const RowLayout& L,
                   size_t begin, size_t end, ImU32 colour, float pad, float rounding) {
    const std::string_view text = shape.msg.text;
    end = std::min(end, text.size());
    for (size_t i = 0; i < shape.segments.size(); ++i) {
        const Segment g = shape.segments[i];
        if (g.end <= begin || g.begin >= end) continue;
        const size_t b = std::max(g.begin, begin), e = std::min(g.end, end);
        const float x0 = layText(text.substr(g.begin, b - g.begin), L.charW, 0.0f);
        const float x1 = layText(text.substr(b, e - b), L.charW, x0);
        const float y = at.y + L.lineH * static_cast<float>(i);
        if (x1 > x0)
            dl->AddRectFilled(ImVec2(at.x + x0 - pad, y + 1.0f),
                              ImVec2(at.x + x1 + pad, y + L.lineH - 1.0f), colour, rounding);
    }
}

void drawMatches(ImDrawList* dl, const core::FilteredLog& v, const RowShape& shape, ImVec2 at,
                 const RowLayout& L, bool current) {
    if (v.filter().query.empty()) return;
    const std::string_view text = shape.msg.text;
    size_t from = 0;
    for (int k = 0; k < kMaxHighlights && from <= text.size(); ++k) {
        size_t len = 0;
        const size_t pos = v.findIn(text, from, &len);
        if (pos == std::string_view::npos || pos >= text.size()) break;
        fillTextRange(dl, shape, at, L, pos, pos + len,
                      current ? kColourCurrentMatch : kColourMatch, 1.0f, 2.0f);
        from = pos + std::max<size_t>(len, 1);
    }
}

// The part of the message selected by a drag (LogUi::partId), bytes [begin, end) of it as drawn.
void drawPart(ImDrawList* dl, const RowShape& shape, ImVec2 at, const RowLayout& L, size_t begin,
              size_t end) {
    fillTextRange(dl, shape, at, L, begin, end, withAlpha(kColourLink, 0.40f), 0.0f, 0.0f);
}

void payloadTooltip(const core::PayloadRef& p, const FrameContext& ctx) {
    ImGui::BeginTooltip();
    ImGui::TextUnformatted(p.fileName.empty() ? "payload" : p.fileName.c_str());
    textMuted("%s · %s", p.contentType.empty() ? "unknown type" : p.contentType.c_str(),
              formatBytes(p.sizeBytes).c_str());
    const std::string when = core::formatDateTimeIn(p.expiresAt, ctx.ui.timeZone);
    if (p.expiresAt && ctx.serverNow >= p.expiresAt)
        textColoured(kColourWarning, "Expired %s", when.c_str());
    else if (p.expiresAt)
        textMuted("Kept until %s", when.c_str());
    ImGui::EndTooltip();
}

// The link after a message; returns where it ends.
float payloadLink(const core::PayloadRef& p, const std::string& label, ImVec2 at, FrameContext& ctx,
                  core::Intents& out) {
    const bool expired = p.expiresAt && ctx.serverNow >= p.expiresAt;
    ImGui::SetCursorScreenPos(at);
    ImGui::PushID(static_cast<int>(p.id));
    if (linkButtonText("##payload", label, expired ? withAlpha(kColourLink, 0.55f) : kColourLink))
        out.add(core::intent::OpenPayload{p});
    ImGui::PopID();
    recordItem(ctx.items, "log.payload.", p.id);
    if (ImGui::IsItemHovered()) payloadTooltip(p, ctx);
    return ImGui::GetItemRectMax().x;
}

// Records a rect drawn without an item of its own, clipped to the lines' visible area.
void recordRect(ItemRects& items, const std::string& id, ImVec2 a, ImVec2 b) {
    const seam::ClipRect clip = seam::innerClipRect();
    a = ImVec2(std::max(a.x, clip.Min.x), std::max(a.y, clip.Min.y));
    b = ImVec2(std::min(b.x, clip.Max.x), std::min(b.y, clip.Max.y));
    if (b.x > a.x && b.y > a.y) items.set(id, Rect{a.x, a.y, b.x - a.x, b.y - a.y});
}

void rowBackground(ImDrawList* dl, ImVec2 a, ImVec2 b, core::LogLevel level, bool current,
                   bool selected) {
    if (level == core::LogLevel::Error)
        dl->AddRectFilled(a, b, withAlpha(kColourError, 0.08f));
    else if (level == core::LogLevel::Warning)
        dl->AddRectFilled(a, b, withAlpha(kColourWarning, 0.06f));
    if (selected) dl->AddRectFilled(a, b, withAlpha(kColourLink, 0.20f));
    if (current) {
        dl->AddRectFilled(a, b, kColourCurrentLine);
        dl->AddRectFilled(a, ImVec2(a.x + 3.0f, b.y), kColourLink);
    }
    if (ImGui::IsWindowHovered() && ImGui::IsMouseHoveringRect(a, b, false))
        dl->AddRectFilled(a, b, withAlpha(ImGui::GetColorU32(ImGuiCol_Text), 0.04f));
}

// The gutter (line number), time and level badge. Returns the time as drawn.
void rowPrefix(ImDrawList* dl, const core::LogLineView& line, ImVec2 a, const RowLayout& L,
               const core::TimeZone& zone, std::string* timeDrawn) {
    const ImU32 muted = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    char buf[32];
    int n = std::snprintf(buf, sizeof buf, "%" PRId64, line.id);
    const float y = a.y + L.textY;
    dl->AddText(ImVec2(a.x + L.numberRight - L.charW * static_cast<float>(n), y), muted, buf,
                buf + n);
    n = formatClock(buf, sizeof buf, zone.shift(line.at), true);
    dl->AddText(ImVec2(a.x + L.timeX, y), muted, buf, buf + n);
    if (timeDrawn) timeDrawn->assign(buf, static_cast<size_t>(n));
    const ImU32 colour = colourFor(line.level);
    const ImVec2 badgeMin(a.x + L.levelX, a.y + 2.0f);
    dl->AddRectFilled(badgeMin, ImVec2(badgeMin.x + L.levelW, a.y + L.lineH - 2.0f),
                      withAlpha(colour, 0.16f), 3.0f);
    const char* label = levelLabel(line.level);
    const float w = ImGui::CalcTextSize(label).x;
    dl->AddText(ImVec2(badgeMin.x + (L.levelW - w) * 0.5f, y), colour, label);
}

// --- selecting part of a line: a read-only text field in place of its message ---------------

// Word characters for a double click: letters (any script), digits and '_', and a '-' between
// two of them — so "ORD-10042" or "page_info" is one word, "#100000-#100049" two.
bool isWordByte(unsigned char c) {
    return std::isalnum(c) || c == '_' || c >= 0x80;
}
bool wordAt(const std::string& t, size_t i, int dir) {
    const unsigned char c = static_cast<unsigned char>(t[i]);
    if (isWordByte(c)) return true;
    const size_t next = i + static_cast<size_t>(dir);
    return c == '-' && next < t.size() && isWordByte(static_cast<unsigned char>(t[next]));
}

// Opens the field for a line. `at`: the byte of the shown text to select the word around (an
// order number, an id); npos selects everything. The field shows tabs as spaces (its font has
// no tab glyph either), control characters as their pictures (core/display_text.h) and leaves bidi
// and C1 controls out, so that what it copies replays nothing.
void openEditor(LogUi& ui, const core::LogLineView& line, size_t at) {
    MessageText m;
    messageText(line.text, ui.expanded.count(line.id) > 0, m);
    ui.editText.clear();
    size_t column = 0, mapped = std::string::npos;
    for (size_t i = 0; i < m.text.size(); ++i) {
        if (i == at) mapped = ui.editText.size();
        // Bidi and C1 controls are left out: what the field copies is cleaned as a copy is.
        if (const size_t skip = core::invisibleControlLength(m.text, i)) {
            i += skip - 1;
            continue;
        }
        const char c = m.text[i];
        if (c == '\t') {
            do ui.editText += ' ';
            while (++column % kTabWidth != 0);
            continue;
        }
        ui.editText += c;
        if (c == '\n')
            column = 0;
        else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80)
            ++column;
    }
    ui.editSelBegin = ui.editSelEnd = -1;
    if (mapped != std::string::npos) {
        const std::string& t = ui.editText;
        size_t b = mapped, e = mapped;
        while (b > 0 && wordAt(t, b - 1, -1)) --b;
        while (e < t.size() && wordAt(t, e, +1)) ++e;
        if (e == b) e = std::min(t.size(), b + 1);  // not in a word: the character itself
        ui.editSelBegin = static_cast<int>(b);
        ui.editSelEnd = static_cast<int>(e);
    }
    ui.editId = line.id;
    ui.editPhase = LogUi::Edit::Activate;
    ui.editWaitFrames = 0;
}

void closeEditor(LogUi& ui) {
    ui.editId = 0;
    ui.editPhase = LogUi::Edit::None;
    ui.editText.clear();
}

int codePointsBefore(const std::string& text, int bytes) {
    int n = 0;
    for (int i = 0; i < bytes && i < static_cast<int>(text.size()); ++i)
        if ((static_cast<unsigned char>(text[static_cast<size_t>(i)]) & 0xC0) != 0x80) ++n;
    return n;
}

// The field, at the message's place. ImGui activates a field a frame after it is asked to; the
// word is selected once it is active (by the field's own state: ImGui has no public call for a
// selection). Clicking elsewhere or Esc closes it; Ctrl+C in it copies the characters selected.
void lineEditor(LogUi& ui, ImVec2 at, float w, float h, const RowLayout& L, ItemRects& items) {
    const char* label = "##log.editor";
    ui.editDrawn = true;
    ImGui::SetCursorScreenPos(ImVec2(at.x - 1.0f, at.y));
    if (ui.editPhase == LogUi::Edit::Activate) {
        activateNext(label);
        ui.editPhase = LogUi::Edit::Waiting;
    }
    const ImGuiID id = ImGui::GetID(label);
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(1.0f, L.textY));
    ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 0.0f);
    ImGui::PushStyleColor(ImGuiCol_FrameBg, withAlpha(kColourLink, 0.12f));
    const ImGuiInputTextFlags flags = ImGuiInputTextFlags_ReadOnly;
    char* buf = ui.editText.data();
    const size_t size = ui.editText.size() + 1;
    if (ui.editText.find('\n') != std::string::npos) {
        ImGui::InputTextMultiline(label, buf, size, ImVec2(w, h), flags);
    } else {
        ImGui::SetNextItemWidth(w);
        ImGui::InputText(label, buf, size, flags);
    }
    ImGui::PopStyleColor();
    ImGui::PopStyleVar(2);
    recordItem(items, "log.editor");
    const bool active = seam::activeId() == id;
    if (active && ui.editPhase == LogUi::Edit::Waiting) {
        if (ui.editSelBegin < 0)
            seam::selectAllText(id);
        else
            seam::selectText(id, codePointsBefore(ui.editText, ui.editSelBegin),
                             codePointsBefore(ui.editText, ui.editSelEnd));
        ui.editPhase = LogUi::Edit::Selected;
    } else if (active && ui.editPhase == LogUi::Edit::Selected) {
        // The field submitted its shortcuts last frame (not in the frame it became active), so
        // ImGui routes Ctrl+C to it from the next frame: only now is it open for the user.
        ui.editPhase = LogUi::Edit::Active;
    } else if (!active &&
               (ui.editPhase == LogUi::Edit::Active || ui.editPhase == LogUi::Edit::Selected)) {
        closeEditor(ui);
    } else if (!active && ui.editPhase == LogUi::Edit::Waiting && ++ui.editWaitFrames > 8) {
        closeEditor(ui);
    }
}

// --- drawing the rows -------------------------------------------------------------------------

// Everything a frame of the lines needs.
struct Lines {
    const core::AppState& state;
    const LogState& log;
    FrameContext& ctx;
    core::Intents& out;
    RowLayout L;
    RowShape shape;  // scratch, reused row after row
    struct Drawn {
        int64_t id;
        size_t row;
        float y0, y1;  // screen
        float textX;   // where the message starts (screen)
    };
    std::vector<Drawn> drawn;
};

void drawRow(Lines& c, size_t row, float y, float h) {
    LogUi& ui = c.ctx.ui.log;
    const RowLayout& L = c.L;
    const core::FilteredLog& v = c.log.view;
    const core::LogLineView line = c.log.store.lineById(v.shownId(row));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 a(seam::contentStartPos().x, y);
    const seam::ClipRect clip = seam::innerClipRect();
    const float rowW = L.wrapW > 0 ? clip.Max.x - a.x : std::max(ui.maxLineWidth, clip.Max.x - a.x);
    const bool current = line.id == ui.currentId;
    rowBackground(dl, a, ImVec2(a.x + rowW, y + h), line.level, current, isSelected(ui, line.id));
    rowPrefix(dl, line, a, L, c.ctx.ui.timeZone, current ? &ui.currentTime : nullptr);

    const bool expanded = ui.expanded.count(line.id) > 0;
    RowShape& shape = c.shape;
    shapeRow(line, expanded, L, c.ctx.serverNow, shape);
    const ImVec2 textAt(a.x + L.messageX, y + L.textY);
    float end = textAt.x + shape.trailerX;
    const float contentEnd = end + shape.trailerW;  // where the row ends, with nothing pinned
    if (line.id == ui.editId && ui.editPhase != LogUi::Edit::None) {
        lineEditor(ui, ImVec2(textAt.x, y), std::max(rowW - L.messageX - L.charW, L.charW * 8), h,
                   L, c.ctx.items);
        if (ui.editId) end = ImGui::GetItemRectMax().x;
    } else {
        // A message wider than the view would put its trailer (the "… +1 MB more ↓ expand" note,
        // the payload link) out of sight to the right: it is pinned to the view's right edge
        // instead, the text cut short under it, until a scroll to the right brings the text's end
        // into view.
        const float pinAt = std::max(clip.Max.x - L.charW - shape.trailerW, textAt.x + L.charW * 8);
        const bool pinned = shape.trailerW > 0 && end + shape.trailerW > clip.Max.x && pinAt < end;
        if (pinned) end = pinAt;
        const auto clipPinned = [&](size_t visualLine, bool push) {
            if (!pinned || static_cast<int>(visualLine) != shape.trailerLine) return;
            if (push)
                dl->PushClipRect(clip.Min, ImVec2(pinAt, clip.Max.y), true);
            else
                dl->PopClipRect();
        };
        const bool oneLine = shape.segments.size() == 1;
        if (oneLine) clipPinned(0, true);
        drawMatches(dl, v, shape, ImVec2(textAt.x, y), L, current);
        if (ui.partId == line.id)
            drawPart(dl, shape, ImVec2(textAt.x, y), L, ui.partBegin, ui.partEnd);
        if (oneLine) clipPinned(0, false);
        const ImU32 colour = line.level == core::LogLevel::Debug
                                 ? ImGui::GetColorU32(ImGuiCol_TextDisabled)
                                 : ImGui::GetColorU32(ImGuiCol_Text);
        float firstW = 0.0f;
        for (size_t i = 0; i < shape.segments.size(); ++i) {
            const Segment g = shape.segments[i];
            const ImVec2 at(textAt.x, textAt.y + L.lineH * static_cast<float>(i));
            if (at.y > clip.Max.y || at.y + L.lineH < clip.Min.y) continue;
            clipPinned(i, true);
            const float w = layText(shape.msg.text.substr(g.begin, g.end - g.begin), L.charW, 0.0f,
                                    dl, at, colour);
            clipPinned(i, false);
            if (i == 0)
                firstW = pinned && shape.trailerLine == 0 ? std::min(w, pinAt - textAt.x) : w;
        }
        // Where the message's first line was drawn: tests find characters in it.
        if (c.ctx.items.recording())
            recordRect(c.ctx.items, "log.text." + std::to_string(line.id), ImVec2(textAt.x, y),
                       ImVec2(textAt.x + std::max(firstW, 1.0f), y + L.lineH));
        const float trailerY = textAt.y + L.lineH * static_cast<float>(shape.trailerLine);
        if (!shape.msg.trailer.empty()) {
            const ImU32 muted = ImGui::GetColorU32(ImGuiCol_TextDisabled);
            ImGui::SetCursorScreenPos(ImVec2(end, trailerY));
            ImGui::PushID(static_cast<int>(line.id));
            const bool toggled =
                shape.msg.expandable && linkButton(shape.msg.trailer.c_str(), muted);
            ImGui::PopID();
            if (shape.msg.expandable) {
                recordItem(c.ctx.items, "log.expand.", line.id);
                if (ImGui::IsItemHovered())
                    ImGui::SetTooltip(expanded ? "Show the first line only"
                                               : "Show the whole message");
                end = ImGui::GetItemRectMax().x;
            } else {
                dl->AddText(ImVec2(end, trailerY), muted, shape.msg.trailer.c_str());
                end += ImGui::CalcTextSize(shape.msg.trailer.c_str()).x;
            }
            if (toggled) {
                if (expanded)
                    ui.expanded.erase(line.id);
                else
                    ui.expanded.insert(line.id);
            }
        }
        if (line.payload)
            end = payloadLink(*line.payload, shape.payload, ImVec2(end + L.charW * 2, trailerY),
                              c.ctx, c.out);
    }
    if (L.wrapW <= 0)
        ui.maxLineWidth = std::max(ui.maxLineWidth, std::max(end, contentEnd) - a.x + L.charW * 2);

    // The row's rect is `log.line.<n>`; clicks on it are handled for all rows at once (rowMouse).
    if (c.ctx.items.recording())
        recordRect(c.ctx.items, "log.line." + std::to_string(line.id), a,
                   ImVec2(a.x + std::max(rowW, end - a.x), y + h));
    c.drawn.push_back({line.id, row, y, y + h, textAt.x});
    if (y >= clip.Min.y - 1.0f && y + h <= clip.Max.y + 1.0f) {
        if (!ui.firstVisibleId) ui.firstVisibleId = line.id;
        ui.lastVisibleId = line.id;
    }
}

// --- mouse: select lines, part of a line, the context menu ----------------------------------

const Lines::Drawn* drawnAt(const Lines& c, float y) {
    for (const Lines::Drawn& d : c.drawn)
        if (y >= d.y0 && y < d.y1) return &d;
    return nullptr;
}

// A double click on a message: the field opens with the word under the mouse selected.
void editAt(Lines& c, const Lines::Drawn& d, ImVec2 mouse) {
    LogUi& ui = c.ctx.ui.log;
    const float x = mouse.x - d.textX;
    if (x < 0) return;  // on the gutter, time or level: whole lines only
    const core::LogLineView line = c.log.store.lineById(d.id);
    shapeRow(line, ui.expanded.count(d.id) > 0, c.L, c.ctx.serverNow, c.shape);
    const size_t k = static_cast<size_t>(std::max(0.0f, (mouse.y - d.y0) / c.L.lineH));
    if (k >= c.shape.segments.size()) return;  // on the trailer's line
    const Segment g = c.shape.segments[k];
    const size_t at = offsetAtX(c.shape.msg.text, g, x, c.L.charW);
    openEditor(ui, line, at < g.end ? at : std::string::npos);
}

// The character boundary of a drawn line's message under the mouse. False when the mouse is on
// the gutter, time or level, or below the text (the trailer's line) — unless `clamp`, which
// takes the nearest boundary of the message instead.
bool textBoundaryAt(Lines& c, const Lines::Drawn& d, ImVec2 mouse, bool clamp, size_t& out) {
    LogUi& ui = c.ctx.ui.log;
    const float x = mouse.x - d.textX;
    if (x < 0 && !clamp) return false;
    const core::LogLineView line = c.log.store.lineById(d.id);
    shapeRow(line, ui.expanded.count(d.id) > 0, c.L, c.ctx.serverNow, c.shape);
    const std::vector<Segment>& segs = c.shape.segments;
    const float k = std::floor((mouse.y - d.y0) / c.L.lineH);
    if (k >= static_cast<float>(segs.size())) {
        if (!clamp) return false;
        out = segs.back().end;
        return true;
    }
    const Segment g = segs[static_cast<size_t>(std::max(0.0f, k))];
    out = boundaryAtX(c.shape.msg.text, g, std::max(0.0f, x), c.L.charW);
    return true;
}

// A drag that started inside a message and is still on its line selects part of the message
// (from boundary to boundary, as on a web page); anywhere else, the whole lines it passes.
void dragTo(Lines& c, const Lines::Drawn* hit, const Lines::Drawn& d, ImVec2 mouse) {
    LogUi& ui = c.ctx.ui.log;
    size_t b = 0;
    if (ui.dragTextId && hit && hit->id == ui.dragTextId &&
        textBoundaryAt(c, *hit, mouse, true, b) && b != ui.dragTextByte) {
        ui.partId = hit->id;
        ui.partBegin = std::min(b, ui.dragTextByte);
        ui.partEnd = std::max(b, ui.dragTextByte);
        ui.selAnchor = ui.selEnd = 0;
        return;
    }
    ui.partId = 0;
    ui.selAnchor = ui.dragFromId;
    ui.selEnd = d.id;
}

// Clicks on rows (not on their links or the editor, which are items and take the mouse first):
// click selects a line, shift+click extends, a drag from inside a message selects part of it
// while it stays on that line, else the lines it passes (scrolling when it leaves the view), a
// double click opens the line's text for selecting part of it, a right click opens the line's
// menu.
void rowMouse(Lines& c, float viewTop, float viewBottom) {
    LogUi& ui = c.ctx.ui.log;
    ImGuiIO& io = ImGui::GetIO();
    const bool free = ImGui::IsWindowHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem) &&
                      seam::hoveredId() == 0;
    const Lines::Drawn* hit = drawnAt(c, io.MousePos.y);
    if (free && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
        ui.partId = 0;
        if (!hit) {
            ui.selAnchor = ui.selEnd = 0;
        } else if (io.MouseClickedCount[ImGuiMouseButton_Left] >= 2) {
            editAt(c, *hit, io.MousePos);
        } else if (io.KeyShift && hasSelection(ui)) {
            ui.selEnd = hit->id;
        } else {
            ui.selAnchor = ui.selEnd = hit->id;
            ui.selDragging = true;
            ui.dragFromId = hit->id;
            ui.dragTextId = 0;
            if (textBoundaryAt(c, *hit, io.MousePos, false, ui.dragTextByte))
                ui.dragTextId = hit->id;
        }
        if (hit) {
            ui.currentId = hit->id;
            setFollowing(c.log, false, c.out);
        }
    }
    if (free && hit && ImGui::IsMouseClicked(ImGuiMouseButton_Right)) {
        if (!isSelected(ui, hit->id) && ui.partId != hit->id) {  // a part selected stays
            ui.selAnchor = ui.selEnd = hit->id;
            ui.partId = 0;
        }
        ui.menuId = hit->id;
        ImGui::OpenPopup("##log.lineMenu");
    }
    if (!ui.selDragging) return;
    if (!ImGui::IsMouseDown(ImGuiMouseButton_Left) || c.drawn.empty()) {
        ui.selDragging = false;
        return;
    }
    const float y = io.MousePos.y;
    const Lines::Drawn* d = y < c.drawn.front().y0 ? &c.drawn.front() : hit ? hit : &c.drawn.back();
    dragTo(c, hit, *d, io.MousePos);
    // Past the edge: scroll towards the mouse, faster the further it is (frames are drawn on
    // demand, so ask for the next one while the drag goes on).
    const float past = y < viewTop ? y - viewTop : y > viewBottom ? y - viewBottom : 0.0f;
    if (past != 0.0f) {
        const float step = std::clamp(past * 0.5f, -c.L.lineH * 4, c.L.lineH * 4);
        ImGui::SetScrollY(std::max(0.0f, ImGui::GetScrollY() + step));
        if (c.ctx.localNow) c.ctx.redrawBy(c.ctx.localNow + 16);
    }
}

void lineMenu(Lines& c) {
    UiState& u = c.ctx.ui;
    LogUi& ui = u.log;
    if (c.ctx.fonts.ui) ImGui::PushFont(c.ctx.fonts.ui);
    if (ImGui::BeginPopup("##log.lineMenu")) {
        const int64_t id = ui.menuId;
        if (!c.log.store.holds(id)) {
            ImGui::CloseCurrentPopup();
        } else {
            const char* copyKey = ImGui::GetIO().ConfigMacOSXBehaviors ? "Cmd+C" : "Ctrl+C";
            const bool inSelection = isSelected(ui, id);
            const int64_t first = inSelection ? selFirst(ui) : id;
            const int64_t last = inSelection ? selLast(ui) : id;
            const size_t n = core::shownLinesBetween(c.log.view, first, last);
            char label[64];
            const bool part = ui.partId == id && selectedPart(c.log, ui).line;
            if (part) {  // the part of the message dragged over, first
                if (ImGui::MenuItem("Copy selected text", copyKey)) copyPart(c.log, u);
                recordItem(c.ctx.items, "log.menu.copyText");
            }
            if (n > 1)
                std::snprintf(label, sizeof label, "Copy %s lines",
                              formatCount(static_cast<int64_t>(n)).c_str());
            else
                std::snprintf(label, sizeof label, "Copy line %" PRId64, id);
            if (ImGui::MenuItem(label, part ? nullptr : copyKey)) copyLines(c.log, first, last, u);
            recordItem(c.ctx.items, "log.menu.copy");
            std::snprintf(label, sizeof label, "Copy link to line %" PRId64, id);
            if (ImGui::MenuItem(label)) ImGui::SetClipboardText(lineLink(c.state, u, id).c_str());
            recordItem(c.ctx.items, "log.copyLink.", id);
            if (ImGui::MenuItem("Select text in this line", "double-click"))
                openEditor(ui, c.log.store.lineById(id), std::string::npos);
            recordItem(c.ctx.items, "log.menu.selectText");
            const core::LogLineView line = c.log.store.lineById(id);
            const bool expanded = ui.expanded.count(id) > 0;
            MessageText m;
            messageText(line.text, expanded, m);
            if (m.expandable) {
                if (ImGui::MenuItem(expanded ? "Collapse message" : "Expand message")) {
                    if (expanded)
                        ui.expanded.erase(id);
                    else
                        ui.expanded.insert(id);
                }
                recordItem(c.ctx.items, "log.menu.expand");
            }
            ImGui::Separator();
            ImGui::MenuItem("Copy with times and levels", nullptr, &u.copyWithMeta);
            recordItem(c.ctx.items, "log.menu.copyWithMeta");
        }
        ImGui::EndPopup();
    }
    if (c.ctx.fonts.ui) ImGui::PopFont();
}

// --- scrolling and the lines' child window --------------------------------------------------

// A match gone to (n, Enter, a new query), beyond the view's right or left edge while lines do
// not wrap: scrolled sideways so that it shows, with the line's start in view when it fits.
void revealMatchSideways(Lines& c) {
    LogUi& ui = c.ctx.ui.log;
    const int64_t id = ui.revealMatchId;
    ui.revealMatchId = 0;
    if (c.L.wrapW > 0 || ui.expanded.count(id)) return;
    const Lines::Drawn* d = nullptr;
    for (const Lines::Drawn& e : c.drawn)
        if (e.id == id) d = &e;
    if (!d) return;
    shapeRow(c.log.store.lineById(id), false, c.L, c.ctx.serverNow, c.shape);
    const std::string_view text = c.shape.msg.text;
    size_t len = 0;
    const size_t pos = c.log.view.findIn(text, 0, &len);
    if (pos == std::string_view::npos || pos >= text.size()) return;
    const float x0 = layText(text.substr(0, pos), c.L.charW, 0.0f);
    const float x1 = layText(text.substr(pos, std::min(len, text.size() - pos)), c.L.charW, x0);
    const seam::ClipRect clip = seam::innerClipRect();
    // A cut message's trailer is pinned to the view's right edge, over the text (drawRow).
    const float right = clip.Max.x - (c.shape.trailerW > 0 ? c.shape.trailerW + c.L.charW : 0.0f);
    const float a = d->textX + x0, b = d->textX + x1;
    if (a >= clip.Min.x && b <= right) return;  // in view
    // In content coordinates (the view's left edge at scroll 0 is 0).
    const float scrollX = ImGui::GetScrollX();
    const float w = right - clip.Min.x, margin = c.L.charW * 8;
    const float ca = a - clip.Min.x + scrollX, cb = b - clip.Min.x + scrollX;
    float to = cb + margin <= w ? 0.0f : std::min(cb + margin - w, std::max(0.0f, ca - margin));
    ImGui::SetScrollX(std::max(0.0f, to));
    if (c.ctx.localNow) c.ctx.redrawBy(c.ctx.localNow + 1);  // it shows in the next frame
}

// Remembers the line to keep in place (log_layout.h) from the rows just drawn.
void keepPlace(Lines& c, bool following, float viewTop, float viewBottom, float childTop) {
    LogUi& ui = c.ctx.ui.log;
    ui.keepId = 0;
    if (following) return;
    std::vector<std::pair<int64_t, float>> tops;
    std::vector<float> heights;
    tops.reserve(c.drawn.size());
    heights.reserve(c.drawn.size());
    for (const Lines::Drawn& d : c.drawn) {
        tops.emplace_back(d.id, d.y0 - viewTop);
        heights.push_back(d.y1 - d.y0);
    }
    const KeptLine kept = lineToKeep(tops, heights, ui.currentId, viewBottom - viewTop);
    ui.keepId = kept.id;
    ui.keepY = kept.y;
    ui.keepChildTop = childTop;
}

// ImGui rounds a scroll position to whole pixels; inside a tall row (wrapped, expanded) a pixel of
// the nominal scroll range moves the rows by many (log_layout.h). The position last asked for is
// kept, and used while ImGui's rounded one is that position, so rows land where they were put.
void scrollTo(LogUi& ui, float y) {
    ImGui::SetNextWindowScroll(ImVec2(-1.0f, y));
    ui.exactScrollY = y;
}
float exactScroll(LogUi& ui, float rounded) {
    if (ui.exactScrollY >= 0.0f && std::fabs(rounded - ui.exactScrollY) <= 0.5f)
        return ui.exactScrollY;
    ui.exactScrollY = -1.0f;
    return rounded;
}

// Scrolling decided before the child begins, so it shows in this very frame.
struct ScrollPlan {
    bool following = false;
    bool userScrolled = false;  // the wheel moved the list since the last frame
};

ScrollPlan planScroll(const LogState& log, LogUi& ui, const RowLayout& L, const ScrollModel& m,
                      RowHeights& heights, float viewH, float childTop, core::Intents& out) {
    ScrollPlan plan;
    plan.following = followingNow(log, out);
    const core::FilteredLog& v = log.view;
    // A wheel scroll since the last frame is still pending as the window's scroll target.
    const seam::WindowScrollY scroll = seam::windowScrollY(ui.linesWindowId);
    if (scroll.found && scroll.target < FLT_MAX &&
        std::fabs(scroll.target - scroll.current) > 0.5f) {
        plan.userScrolled = true;
        if (scroll.target < scroll.current) plan.following = false;
    }
    // Where the view is now (unrounded, when it is where it was put).
    const float scrollNow = scroll.found ? exactScroll(ui, scroll.current) : 0.0f;
    // Older lines loaded above the view, a level turned back on, Wrap, the time zone move the rows
    // (or the view): the kept line goes back where it was on the screen (log_layout.h); a wheel
    // scroll pending is kept on top of that.
    if (!plan.following && ui.scroll == LogUi::Scroll::None && ui.keepId && scroll.found) {
        const float to = keepScroll(m, scrollNow, v.rowOfId(ui.keepId), ui.keepY,
                                    childTop - ui.keepChildTop, heights);
        const float wheel = plan.userScrolled ? scroll.target - scroll.current : 0.0f;
        if (to >= 0.0f) scrollTo(ui, std::max(0.0f, to + wheel));
    }
    // What the view shows of the content: its height less the padding (and a horizontal scrollbar
    // when lines do not wrap).
    const float inner =
        viewH - kLinesPadding.y * 2 - (L.wrapW > 0 ? 0.0f : ImGui::GetStyle().ScrollbarSize);
    switch (ui.scroll) {
        case LogUi::Scroll::Top:
            scrollTo(ui, 0.0f);
            plan.following = false;
            break;
        case LogUi::Scroll::Bottom: plan.following = true; break;
        case LogUi::Scroll::Line: {
            const int64_t id = ui.scrollLineId;
            const bool inView =
                id >= ui.firstVisibleId && id <= ui.lastVisibleId && ui.firstVisibleId;
            if (!inView) {
                // The line 40 % of the way down the view, with the lines before it above.
                const size_t row = v.rowOfId(id);
                const float h = row < m.count ? heights(row) : L.lineH;
                const float y = std::max(0.0f, (viewH - kLinesPadding.y * 2 - h) * 0.4f);
                scrollTo(ui, scrollFor(m, row, y, heights));
            }
            plan.following = false;
            break;
        }
        case LogUi::Scroll::Reveal: {  // Up / Down: the least scroll that shows the line whole
            const size_t row = v.rowOfId(ui.scrollLineId);
            if (row < m.count) {
                const float h = heights(row);
                const float top = rowTopAt(m, scrollNow, row, heights);
                if (top < 0.0f)
                    scrollTo(ui, scrollFor(m, row, 0.0f, heights));
                else if (top + h > inner)
                    scrollTo(ui, scrollFor(m, row, std::max(0.0f, inner - h), heights));
            }
            plan.following = false;
            break;
        }
        case LogUi::Scroll::PageDown:  // the last line wholly in view becomes the first
        case LogUi::Scroll::PageUp: {  // the first line wholly in view becomes the last
            const bool down = ui.scroll == LogUi::Scroll::PageDown;
            const TopRow top = topRowAt(m, scrollNow, heights);
            size_t row = top.row;
            if (down) {
                if (ui.lastVisibleId) row = v.rowOfId(ui.lastVisibleId);
                if (row <= top.row) row = top.row + 1;  // one row taller than the view
                scrollTo(ui, scrollFor(m, row, 0.0f, heights));
                plan.userScrolled = true;  // ending at the bottom follows, as the wheel does
            } else {
                if (ui.firstVisibleId) row = v.rowOfId(ui.firstVisibleId);
                if (row >= m.count) row = m.count ? m.count - 1 : 0;
                const float h = m.count ? heights(row) : L.lineH;
                const float y = h < inner ? inner - h : 0.0f;
                const float to = scrollFor(m, row, y, heights);
                scrollTo(ui, std::min(to, std::max(0.0f, scrollNow - L.lineH)));
                plan.following = false;
            }
            break;
        }
        case LogUi::Scroll::Fraction: {  // the overview ruler (log_overview.h)
            if (m.count > 0) {
                const float f = ui.scrollFraction;
                const size_t row = core::OverviewBins::rowAt(f, m.count);
                const float h = heights(row);
                scrollTo(ui, scrollFor(m, row, std::max(0.0f, (inner - h) * f), heights));
            }
            plan.following = false;
            break;
        }
        case LogUi::Scroll::None: break;
    }
    ui.scroll = LogUi::Scroll::None;
    if (plan.following) scrollTo(ui, m.contentH() + viewH);
    // Explicit on both axes (0 would mean "measure the items"): the height is the scroll model's,
    // the width the widest line seen (or none when wrapping), so the scrollbars never depend on
    // which rows are visible.
    ImGui::SetNextWindowContentSize(
        ImVec2(L.wrapW > 0 ? 1.0f : std::max(ui.maxLineWidth, 1.0f), m.contentH()));
    return plan;
}

void linesChild(const core::AppState& s, const LogState& log, float viewH, float childW,
                FrameContext& ctx, core::Intents& out) {
    LogUi& ui = ctx.ui.log;
    Lines c{s, log, ctx, out, rowLayout(log, ctx.ui.logWrap, childW), {}, {}};
    RowHeights heights(log, ui, c.L, ctx.serverNow);
    const size_t count = log.view.shownCount();
    const ScrollModel model = scrollModel(count, c.L, viewH, heights);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, kLinesPadding);
    const float childTop = ImGui::GetCursorScreenPos().y;
    ScrollPlan plan = planScroll(log, ui, c.L, model, heights, viewH, childTop, out);
    // The panel's background: cleared by the renderer, not a canvas-sized quad (ui/clear_rect.h).
    // Put in the window's list before BeginChild, so before the child's border and scrollbars
    // (which ImGui draws into the same list, or into the child's, drawn later), at the rectangle
    // BeginChild gives it (its size truncated to whole pixels). The child's own background stays
    // transparent: ImGui then skips it, and still draws its border.
    const ImVec2 panelMin = ImGui::GetCursorScreenPos();
    addOpaqueRect(*ImGui::GetWindowDrawList(), panelMin,
                  ImVec2(panelMin.x + std::floor(childW), panelMin.y + std::floor(viewH)),
                  ImGui::GetColorU32(ImGuiCol_ChildBg), ImGui::GetStyle().ChildRounding);
    ImGui::PushStyleColor(ImGuiCol_ChildBg, IM_COL32(0, 0, 0, 0));
    ImGui::BeginChild("log.lines", ImVec2(childW, viewH), ImGuiChildFlags_Border,
                      ImGuiWindowFlags_HorizontalScrollbar);
    ImGui::PopStyleColor();
    ImGui::PopStyleVar();  // the child's own padding only, not its tooltips'
    ui.linesWindowId = seam::currentWindowId();
    ui.firstVisibleId = ui.lastVisibleId = 0;
    ui.currentTime.clear();
    ui.editDrawn = false;
    const float scrollY = exactScroll(ui, ImGui::GetScrollY());
    const float viewTop = seam::contentStartPos().y + ImGui::GetScrollY();
    const float viewBottom = seam::innerClipRect().Max.y;
    const TopRow top = topRowAt(model, scrollY, heights);
    c.drawn.reserve(64);
    float y = viewTop - top.above;
    for (size_t row = top.row; row < count && y < viewBottom; ++row) {
        const float h = heights(row);
        drawRow(c, row, y, h);
        y += h;
    }
    const bool editorOpen =
        ui.editPhase == LogUi::Edit::Active || ui.editPhase == LogUi::Edit::Selected;
    if (editorOpen && !ui.editDrawn) closeEditor(ui);  // scrolled away
    if (ui.revealMatchId) revealMatchSideways(c);
    rowMouse(c, viewTop, viewBottom);
    lineMenu(c);
    // The user's own scrolling (wheel, or the scrollbar dragged, which moves the list inside
    // BeginChild) decides whether the view follows: at the bottom it does, elsewhere not.
    const bool dragging = seam::activeId() == seam::verticalScrollbarId();
    const bool atBottom = ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 1.0f;
    if (plan.userScrolled || dragging) plan.following = atBottom;
    keepPlace(c, plan.following, viewTop, viewBottom, childTop);
    ui.scrollX = ImGui::GetScrollX();
    ui.scrollY = ImGui::GetScrollY();
    // Rows were placed with SetCursorScreenPos: end with an item where the content starts, as
    // ImGui asks (the content size is explicit, so this extends nothing).
    ImGui::SetCursorScreenPos(seam::contentStartPos());
    ImGui::Dummy(ImVec2(0.0f, 0.0f));
    ImGui::EndChild();
    setFollowing(log, plan.following, out);
}

size_t newLineCount(const LogState& log, const LogUi& ui) {
    const core::FilteredLog& v = log.view;
    return v.shownCount() - std::min(v.shownCount(), v.rowOfId(ui.tailIdWhenLeft + 1));
}

void newLinesBar(size_t count, FrameContext& ctx, core::Intents& out, const LogState& log) {
    char label[64];
    std::snprintf(label, sizeof label, "%s new line%s  ↓###log.newLines",
                  formatCount(static_cast<int64_t>(count)).c_str(), count == 1 ? "" : "s");
    ImGui::PushStyleColor(ImGuiCol_Button, withAlpha(kColourLink, 0.25f));
    if (ImGui::Button(label, ImVec2(-FLT_MIN, 0))) {
        ctx.ui.log.scroll = LogUi::Scroll::Bottom;
        setFollowing(log, true, out);
    }
    ImGui::PopStyleColor();
    recordItem(ctx.items, "log.newLines");
}

// What the lines' area says when there is no line to draw. True when it said something.
bool emptyLines(const LogState& log, FrameContext& ctx, core::Intents& out) {
    if (!log.tailLoaded) {
        const std::string& err = log.freshness.error;
        if (err.empty()) {
            textMuted("Loading the log…");
        } else {
            textColoured(kColourWarning, "The log could not be loaded: %s", err.c_str());
            if (ImGui::Button("Try again")) out.add(core::intent::RefreshNow{});
            recordItem(ctx.items, "log.retry");
        }
        return true;
    }
    if (log.store.empty()) {
        textMuted(finished(log) ? "This sync wrote no log lines."
                                : "No log lines yet: they appear here as the sync writes them.");
        return true;
    }
    if (log.view.shownCount() == 0) {
        textMuted("No line matches the level filter%s.",
                  log.view.filter().onlyMatching ? " and the search" : "");
        ImGui::SameLine();
        if (ImGui::SmallButton("Show every line")) {
            core::LogFilter& f = editFilter(log, ctx.ui.log, out);
            f.levels = {{true, true, true, true}};
            f.onlyMatching = false;
            f.signature = 0;  // and no signature alone (issue 17)
            ctx.ui.logLevels = f.levels;
        }
        recordItem(ctx.items, "log.showAll");
        return true;
    }
    return false;
}

}  // namespace

void linesArea(const core::AppState& s, const LogState& log, FrameContext& ctx,
               core::Intents& out) {
    LogUi& ui = ctx.ui.log;
    if (emptyLines(log, ctx, out)) return;
    const core::FilteredLog& v = log.view;
    // Not following since before the first lines were drawn (a ?line= link): what is there now is
    // not "new"; only lines after it are.
    if (followingNow(log, out) || ui.tailIdWhenLeft == 0)
        ui.tailIdWhenLeft = v.shownId(v.shownCount() - 1);
    const size_t fresh = followingNow(log, out) ? 0 : newLineCount(log, ui);
    const float barH = fresh ? ImGui::GetFrameHeightWithSpacing() : 0.0f;
    const float viewH = std::max(ImGui::GetContentRegionAvail().y - barH, 60.0f);
    // The overview ruler beside the lines (log_overview.h): its input first, so that a click on it
    // scrolls the lines in this frame; drawn after them, framing the rows they showed.
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const float availW = ImGui::GetContentRegionAvail().x;
    const float rulerW = overviewWidth(ctx);
    const ImVec2 rulerPos(at.x + availW - rulerW, at.y), rulerSize(rulerW, viewH);
    overviewInput(log, ctx, rulerPos, rulerSize);
    if (ctx.fonts.mono) ImGui::PushFont(ctx.fonts.mono);
    linesChild(s, log, viewH, std::max(availW - rulerW - kOverviewGap, 1.0f), ctx, out);
    if (ctx.fonts.mono) ImGui::PopFont();
    overviewDraw(log, ctx, rulerPos, rulerSize);
    if (fresh) newLinesBar(fresh, ctx, out, log);
}

}  // namespace logv
}  // namespace ui
