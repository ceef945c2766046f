// ui/signatures_panel.cpp — see signatures_panel.h.
#include "ui/signatures_panel.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <string>
#include <vector>

#include "imgui.h"
#include "ui/log_view_shared.h"
#include "ui/widgets.h"

namespace ui {
namespace logv {
namespace {

constexpr float kRowPadX = 6.0f;
constexpr float kRowPadY = 3.0f;

// The signature shown alone this frame: the one being set, else the view's.
uint32_t shownSignature(const LogState& log, const core::Intents& out) {
    const core::intent::LogFilterSet* asked = out.find<core::intent::LogFilterSet>();
    return asked ? asked->filter.signature : log.view.filter().signature;
}

// A row clicked: its lines alone (from their first), or, clicked again, every line.
void toggleSignature(const LogState& log, uint32_t id, FrameContext& ctx, core::Intents& out) {
    LogUi& ui = ctx.ui.log;
    const bool off = shownSignature(log, out) == id;
    editFilter(log, ui, out).signature = off ? 0 : id;
    if (off) return;  // the current line (or the top one) stays where it is
    ui.currentId = ui.inclusiveId = 0;
    ui.scroll = LogUi::Scroll::Top;
    setFollowing(log, false, out);
}

// A line number clicked: that line current, scrolled into view (as a deep link is).
void showLine(const LogState& log, int64_t id, FrameContext& ctx, core::Intents& out) {
    LogUi& ui = ctx.ui.log;
    ui.currentId = id;
    ui.inclusiveId = 0;
    ui.scroll = LogUi::Scroll::Line;
    ui.scrollLineId = id;
    setFollowing(log, false, out);
}

// The masked text from `x`, its variable parts ("…") muted, cleaned for display piece by piece
// (so the spans keep their places) and clipped to the row by the caller.
void drawMaskedText(ImDrawList* dl, const core::Signature& g, ImVec2 at, float maxX) {
    const ImU32 plain = ImGui::GetColorU32(ImGuiCol_Text);
    const ImU32 muted = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    const std::string& t = g.text;
    size_t from = 0;
    auto piece = [&](size_t begin, size_t end, ImU32 colour) {
        if (begin >= end || at.x > maxX) return;
        const std::string shown = oneLineText(std::string_view(t).substr(begin, end - begin));
        dl->AddText(at, colour, shown.data(), shown.data() + shown.size());
        at.x += ImGui::CalcTextSize(shown.data(), shown.data() + shown.size()).x;
    };
    for (const core::TextSpan& span : g.variable) {
        const size_t b = std::min<size_t>(span.first, t.size());
        const size_t e = std::min<size_t>(std::max(span.second, span.first), t.size());
        piece(from, b, plain);
        piece(b, e, muted);
        from = std::max(from, e);
    }
    piece(from, t.size(), plain);
}

// One row: the level and the masked text; below them the count and the first and last line.
// The line links are submitted before the row's own button, so that over them they take the
// click (ImGui gives the hover to the first item submitted under the mouse) and the row's button
// takes it everywhere else — also for a click that arrives with the mouse's first move there.
void signatureRow(const LogState& log, const core::Signature& g, bool selected, float rowH,
                  FrameContext& ctx, core::Intents& out) {
    ImGui::PushID(static_cast<int>(g.id));
    const ImVec2 a = ImGui::GetCursorScreenPos();
    const float w = std::max(ImGui::GetContentRegionAvail().x, 1.0f);
    const ImVec2 b(a.x + w, a.y + rowH);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 colour = colourFor(g.level);
    const bool over = ImGui::IsWindowHovered() && ImGui::IsMouseHoveringRect(a, b);
    dl->AddRectFilled(a, b, withAlpha(colour, g.level == core::LogLevel::Error ? 0.08f : 0.06f));
    if (selected) {
        dl->AddRectFilled(a, b, withAlpha(kColourLink, 0.22f));
        dl->AddRectFilled(a, ImVec2(a.x + 3.0f, b.y), kColourLink);
    }
    if (over) dl->AddRectFilled(a, b, withAlpha(ImGui::GetColorU32(ImGuiCol_Text), 0.05f));
    const float lineH = ImGui::GetTextLineHeight();
    // The level, as the log's rows draw it: a tinted badge with the label in the level's colour.
    const char* label = levelLabel(g.level);
    const float levelW = ImGui::CalcTextSize("ERROR").x + 8.0f;
    const ImVec2 badge(a.x + kRowPadX, a.y + kRowPadY);
    dl->AddRectFilled(badge, ImVec2(badge.x + levelW, badge.y + lineH), withAlpha(colour, 0.16f),
                      3.0f);
    dl->AddText(ImVec2(badge.x + (levelW - ImGui::CalcTextSize(label).x) * 0.5f, badge.y), colour,
                label);
    const float textX = badge.x + levelW + 6.0f;
    dl->PushClipRect(ImVec2(textX, a.y), ImVec2(b.x - kRowPadX, b.y), true);
    drawMaskedText(dl, g, ImVec2(textX, badge.y), b.x);
    dl->PopClipRect();
    // The second line: "×38  lines 6 … 812", the line numbers links to the lines.
    ImVec2 at(textX, badge.y + lineH + 1.0f);
    const std::string count = "×" + formatCount(static_cast<int64_t>(g.count));
    dl->AddText(at, ImGui::GetColorU32(ImGuiCol_Text), count.c_str());
    at.x += ImGui::CalcTextSize(count.c_str()).x + 8.0f;
    const ImU32 muted = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    const char* lineWord = g.count == 1 ? "line" : "lines";
    dl->AddText(at, muted, lineWord);
    at.x += ImGui::CalcTextSize(lineWord).x + 4.0f;
    ImGui::SetCursorScreenPos(at);
    if (linkButtonText("##first", std::to_string(g.firstLine)))
        showLine(log, g.firstLine, ctx, out);
    recordItem(ctx.items, "log.signature.", static_cast<int64_t>(g.id), ".first");
    if (g.lastLine != g.firstLine) {
        ImGui::SameLine(0, 4);
        ImGui::TextDisabled("…");
        ImGui::SameLine(0, 4);
        if (linkButtonText("##last", std::to_string(g.lastLine)))
            showLine(log, g.lastLine, ctx, out);
        recordItem(ctx.items, "log.signature.", static_cast<int64_t>(g.id), ".last");
    }
    ImGui::SetCursorScreenPos(a);
    const bool clicked = ImGui::InvisibleButton("row", ImVec2(w, rowH));
    recordItem(ctx.items, "log.signature.", static_cast<int64_t>(g.id));
    if (ImGui::IsItemHovered()) {
        ctx.ui.tooltip = oneLineText(g.text);
        ImGui::SetTooltip(
            "%s\n%s line%s, from line %" PRId64 " to line %" PRId64 " — click to show only them%s",
            ctx.ui.tooltip.c_str(), formatCount(static_cast<int64_t>(g.count)).c_str(),
            g.count == 1 ? "" : "s", g.firstLine, g.lastLine,
            selected ? " (click again: every line)" : "");
    }
    ImGui::PopID();
    if (clicked) toggleSignature(log, g.id, ctx, out);
}

float rowHeight() {
    return ImGui::GetTextLineHeight() * 2.0f + 1.0f + kRowPadY * 2.0f;
}

// The panel's first line: the switch that opens and closes it (with the count of signatures),
// and — while lines are being grouped, or older lines still load — a note saying so.
void panelHeader(const LogState& log, FrameContext& ctx) {
    const core::SignatureIndex& sigs = log.signatures;
    bool& open = ctx.ui.logSignatures;
    char label[64];
    std::snprintf(label, sizeof label, "Signatures %s###log.signatures.toggle",
                  formatCount(static_cast<int64_t>(sigs.size())).c_str());
    if (toggleChip(label, open, kColourLink)) open = !open;
    recordItem(ctx.items, "log.signatures.toggle");
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip(open ? "Hide the warnings and errors grouped by message"
                               : "Show the warnings and errors grouped by message");
    std::string note;
    if (!sigs.ready())
        note = "Grouping… " + formatCount(static_cast<int64_t>(sigs.groupedLines())) + " of " +
               formatCount(static_cast<int64_t>(log.store.size())) + " lines";
    else if (!log.complete())
        note =
            "so far: the " + formatCount(static_cast<int64_t>(log.store.size())) + " lines loaded";
    else if (sigs.size() == 0)
        note = "no warnings or errors";
    if (!note.empty()) {
        sameLineOrWrap(ImGui::CalcTextSize(note.c_str()).x, 8.0f);
        ImGui::AlignTextToFramePadding();
        textMuted("%s", note.c_str());
        recordItem(ctx.items, "log.signatures.note");
    }
}

void panelRows(const LogState& log, FrameContext& ctx, core::Intents& out) {
    const core::SignatureIndex& sigs = log.signatures;
    const std::vector<uint32_t>& order = sigs.byCount();  // most frequent first
    const uint32_t selected = shownSignature(log, out);
    const float rowH = rowHeight();
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(ImGui::GetStyle().ItemSpacing.x, 2.0f));
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(order.size()), rowH + 2.0f);
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const core::Signature* g = sigs.byId(order[static_cast<size_t>(i)]);
            if (g) signatureRow(log, *g, g->id == selected, rowH, ctx, out);
        }
    }
    ImGui::PopStyleVar();
}

}  // namespace

bool clearSignatureFilter(const LogState& log, FrameContext& ctx, core::Intents& out) {
    if (!shownSignature(log, out)) return false;
    editFilter(log, ctx.ui.log, out).signature = 0;
    return true;
}

void signaturesAndLines(const core::AppState& s, const LogState& log, FrameContext& ctx,
                        core::Intents& out) {
    const core::SignatureIndex& sigs = log.signatures;
    const bool any = sigs.size() > 0 || !sigs.ready() || shownSignature(log, out) != 0;
    if (!log.tailLoaded || log.store.empty() || !any) {
        linesArea(s, log, ctx, out);
        return;
    }
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const bool wide = avail.x > kSignaturesNarrowWidth;
    if (!ctx.ui.logSignatures) {  // closed: its switch alone, above the lines
        panelHeader(log, ctx);
        linesArea(s, log, ctx, out);
        return;
    }
    const ImGuiStyle& style = ImGui::GetStyle();
    const float headerH = ImGui::GetFrameHeight() + style.ItemSpacing.y;
    const float padY = style.WindowPadding.y * 2.0f;
    // The panel in a bordered child of `size`: its switch and note, then its rows scrolling.
    const auto panel = [&](ImVec2 size) {
        ImGui::BeginChild("log.signatures", size, ImGuiChildFlags_Border);
        panelHeader(log, ctx);
        ImGui::BeginChild("log.signatures.rows", ImVec2(0, 0));
        panelRows(log, ctx, out);
        ImGui::EndChild();
        ImGui::EndChild();
        recordItem(ctx.items, "log.signatures");
    };
    if (wide) {
        const float w = std::clamp(avail.x * 0.32f, 300.0f, 460.0f);
        panel(ImVec2(w, std::max(avail.y, 120.0f)));
        ImGui::SameLine(0, 6);
        ImGui::BeginGroup();
        linesArea(s, log, ctx, out);
        ImGui::EndGroup();
        return;
    }
    const size_t rows = std::min<size_t>(sigs.size(), kSignaturesNarrowRows);
    const float rowsH = static_cast<float>(rows) * (rowHeight() + 2.0f);
    panel(ImVec2(0, headerH + rowsH + padY));
    linesArea(s, log, ctx, out);
}

}  // namespace logv
}  // namespace ui
