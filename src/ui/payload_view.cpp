// ui/payload_view.cpp — the payload preview: a window over the sync log showing one payload file
// fetched with the user's token — JSON pretty-printed, other text as sent, binary files only
// described — with a Download button that saves the bytes already fetched.
//
// The text is prepared once per file (PayloadUi): JSON is pretty-printed a single time, by a
// one-pass scanner without a DOM (core/json_pretty.h: about a copy of the text, so a 10 MB file
// does not freeze the page), and the start of every line is noted, so that drawing is a clipper
// over those lines whatever the file's size. Lines are drawn cleaned (core/display_text.h).
// A file over 16 MB is previewed from its first 16 MB only (core::kPayloadPreviewBytes), which
// the preview says; Download saves the whole file (src/web fetches it as a browser Blob).
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "core/display_text.h"
#include "core/json_pretty.h"
#include "core/screen_reader.h"
#include "core/time.h"
#include "core/time_zone.h"
#include "imgui.h"
#include "ui/imgui_seam.h"
#include "ui/trace_panel.h"
#include "ui/view_parts.h"
#include "ui/widgets.h"

namespace ui {
namespace {

// Deeper JSON is shown as sent: every level's indentation would multiply the text's size.
constexpr int kMaxJsonDepth = 200;
constexpr size_t kMaxLineDrawBytes = 16 * 1024;  // of one line: the rest is summarised

bool endsWith(const std::string& s, const char* suffix) {
    const size_t n = std::strlen(suffix);
    if (s.size() < n) return false;
    for (size_t i = 0; i < n; ++i)
        if (std::tolower(static_cast<unsigned char>(s[s.size() - n + i])) != suffix[i])
            return false;
    return true;
}

bool looksLikeJson(const core::PayloadFile& f) {
    std::string type = f.contentType;
    std::transform(type.begin(), type.end(), type.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return type.find("json") != std::string::npos || endsWith(f.fileName, ".json");
}

void prepare(const core::PayloadFile& f, PayloadUi& ui) {
    if (ui.id == f.id && ui.bytes == f.bytes.size() && !ui.lineStarts.empty()) return;
    ui = PayloadUi{};
    ui.id = f.id;
    ui.bytes = f.bytes.size();
    ui.binary = std::memchr(f.bytes.data(), 0, f.bytes.size()) != nullptr;
    if (ui.binary) return;
    if (looksLikeJson(f)) {
        const core::JsonPrettyResult r = core::prettyPrintJson(f.bytes, ui.text, 2, kMaxJsonDepth);
        // The start of a longer file (capped) stops mid-value: laid out up to the cut, it reads as
        // the file does. Anything refused before the cut is shown as sent.
        ui.pretty =
            r.ok || (f.capped() && !r.tooDeep && !r.tooLarge && r.errorAt >= f.bytes.size());
        ui.jsonErrorAt = r.errorAt;
        ui.jsonTooDeep = r.tooDeep;
        ui.jsonTooLarge = r.tooLarge;
        if (!ui.pretty) std::string().swap(ui.text);
    }
    const std::string& text = ui.pretty ? ui.text : f.bytes;
    ui.lineStarts.push_back(0);
    for (size_t i = 0; i < text.size(); ++i)
        if (text[i] == '\n' && i + 1 < text.size()) ui.lineStarts.push_back(i + 1);
}

std::string fileNameOf(const core::PayloadState& p) {
    if (p.file && !p.file->fileName.empty()) return p.file->fileName;
    if (!p.ref.fileName.empty()) return p.ref.fileName;
    return "payload-" + std::to_string(p.ref.id);
}

const char* kindText(core::PayloadKind k) {
    switch (k) {
        case core::PayloadKind::Pull: return "pull payload";
        case core::PayloadKind::Push: return "push payload";
        case core::PayloadKind::CustomScript: return "custom script payload";
    }
    return "payload";
}

bool copySelection(const core::PayloadState& p, FrameContext& ctx);

void toolbar(const core::PayloadState& p, FrameContext& ctx, core::Intents& out) {
    const std::string type = p.file && !p.file->contentType.empty() ? p.file->contentType
                             : p.ref.contentType.empty()            ? "unknown type"
                                                                    : p.ref.contentType;
    const int64_t size = p.file ? p.file->totalBytes : p.ref.sizeBytes;
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(fileNameOf(p).c_str());
    recordItem(ctx.items, "payload.fileName");
    ImGui::SameLine(0, 8);
    textMuted("%s · %s · %s", kindText(p.ref.kind), type.c_str(), formatBytes(size).c_str());
    if (p.ref.expiresAt) {
        ImGui::SameLine(0, 4);
        const std::string when = core::formatDateTimeIn(p.ref.expiresAt, ctx.ui.timeZone);
        if (ctx.serverNow >= p.ref.expiresAt)
            textMuted("· expired %s", when.c_str());
        else
            textMuted("· kept until %s", when.c_str());
    }
    const float buttonsW = ImGui::CalcTextSize("CopyDownloadClose").x +
                           ImGui::GetStyle().FramePadding.x * 6 +
                           ImGui::GetStyle().ItemSpacing.x * 2;
    ImGui::SameLine(std::max(ImGui::GetCursorPosX(), ImGui::GetContentRegionMax().x - buttonsW));
    // Always there (disabled with nothing selected), so that selecting never moves the buttons.
    const PayloadUi& pu = ctx.ui.payload;
    ImGui::BeginDisabled(!p.file || pu.anchor == pu.end);
    if (ImGui::Button("Copy")) copySelection(p, ctx);
    recordItem(ctx.items, "payload.copy");
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
        if (pu.anchor == pu.end)
            ImGui::SetTooltip("Drag over the text to select it, then copy it");
        else
            ImGui::SetTooltip("Copy the text selected (%s+C)",
                              ImGui::GetIO().ConfigMacOSXBehaviors ? "Cmd" : "Ctrl");
    }
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(!p.file);
    if (ImGui::Button("Download")) out.add(core::intent::SavePayload{});
    recordItem(ctx.items, "payload.download");
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("Saves the whole file, byte for byte as sent");
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button("Close")) out.add(core::intent::ClosePayload{});
    recordItem(ctx.items, "payload.close");
}

void spinner(FrameContext& ctx) {
    const float r = ImGui::GetFontSize() * 0.45f;
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const ImVec2 c(p.x + r + 1, p.y + ImGui::GetFontSize() * 0.5f + 1);
    const float a = static_cast<float>(ImGui::GetTime()) * 6.0f;
    ImGui::GetWindowDrawList()->PathArcTo(c, r, a, a + 4.2f, 16);
    ImGui::GetWindowDrawList()->PathStroke(kColourLink, 0, 2.0f);
    ImGui::Dummy(ImVec2(r * 2 + 2, ImGui::GetFontSize()));
    if (ctx.localNow) ctx.redrawBy(ctx.localNow + 50);  // frames are drawn on demand
}

void errorBody(const core::PayloadState& p) {
    ImGui::PushTextWrapPos(0.0f);
    if (p.error.kind == core::ErrorKind::Gone)
        textColoured(kColourWarning, "This payload has expired.");
    else
        textColoured(kColourError, "The payload could not be loaded.");
    ImGui::TextUnformatted(p.errorText.c_str());
    ImGui::PopTextWrapPos();
}

// Line `row` of the text as drawn: cleaned (core/display_text.h), without its line break, cut at
// kMaxLineDrawBytes; `scratch` may hold it. `fullBytes`: the line's length as sent.
std::string_view drawnLine(const std::string& text, const PayloadUi& ui, size_t row,
                           std::string& scratch, size_t* fullBytes = nullptr) {
    const size_t begin = ui.lineStarts[row];
    size_t end = row + 1 < ui.lineStarts.size() ? ui.lineStarts[row + 1] - 1 : text.size();
    if (end > begin && text[end - 1] == '\n') --end;  // the file's last line break
    if (end > begin && text[end - 1] == '\r') --end;
    if (fullBytes) *fullBytes = end - begin;
    const size_t shown = std::min(end - begin, kMaxLineDrawBytes);
    return core::displayText(std::string_view(text).substr(begin, shown), scratch);
}

// The character boundary of a drawn line nearest to x (relative to where its text starts).
size_t boundaryAt(std::string_view line, float x) {
    float pen = 0.0f;
    for (size_t i = 0; i < line.size();) {
        unsigned c = 0;
        const int len =
            std::max(1, seam::charFromUtf8(&c, line.data() + i, line.data() + line.size()));
        const float adv = ImGui::CalcTextSize(line.data() + i, line.data() + i + len).x;
        if (x < pen + adv * 0.5f) return i;
        pen += adv;
        i += static_cast<size_t>(len);
    }
    return line.size();
}

bool hasTextSelection(const PayloadUi& ui) {
    return !(ui.anchor == ui.end);
}

// The text selected, as copied (cleaned as a copy is: no escape sequences, controls or bidi
// controls), with its length in code points.
std::string selectedText(const std::string& text, const PayloadUi& ui, size_t* chars) {
    const PayloadUi::Spot first = std::min(ui.anchor, ui.end), last = std::max(ui.anchor, ui.end);
    std::string out, scratch;
    for (size_t row = first.line; row <= last.line && row < ui.lineStarts.size(); ++row) {
        const std::string_view line = drawnLine(text, ui, row, scratch);
        const size_t b = row == first.line ? std::min(first.byte, line.size()) : 0;
        const size_t e = row == last.line ? std::min(last.byte, line.size()) : line.size();
        if (e > b) out.append(line.substr(b, e - b));
        if (row < last.line) out += '\n';
    }
    out = core::copyText(out);
    if (chars) {
        *chars = 0;
        for (const char ch : out)
            if ((static_cast<unsigned char>(ch) & 0xC0) != 0x80) ++*chars;
    }
    return out;
}

// Where each visible line was drawn this frame (screen), for the mouse.
struct DrawnRow {
    size_t row;
    float textX, y0, y1;
};

void selectionBackground(const PayloadUi& ui, size_t row, std::string_view line, ImVec2 at) {
    if (!hasTextSelection(ui)) return;
    const PayloadUi::Spot first = std::min(ui.anchor, ui.end), last = std::max(ui.anchor, ui.end);
    if (row < first.line || row > last.line) return;
    const size_t b = row == first.line ? std::min(first.byte, line.size()) : 0;
    const size_t e = row == last.line ? std::min(last.byte, line.size()) : line.size();
    const float x0 = at.x + ImGui::CalcTextSize(line.data(), line.data() + b).x;
    float x1 = at.x + ImGui::CalcTextSize(line.data(), line.data() + e).x;
    if (row < last.line) x1 += ImGui::CalcTextSize(" ").x;  // the line break is selected too
    if (x1 > x0)
        ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(x0, at.y),
                                                  ImVec2(x1, at.y + ImGui::GetTextLineHeight()),
                                                  withAlpha(kColourLink, 0.40f));
}

void textLines(const std::string& text, const PayloadUi& ui, std::vector<DrawnRow>& drawn,
               ItemRects& items) {
    std::string cleaned;
    int digits = 1;
    for (size_t n = ui.lineStarts.size(); n >= 10; n /= 10) ++digits;
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(ui.lineStarts.size()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const size_t row = static_cast<size_t>(i);
            textMuted("%*d", digits, i + 1);
            ImGui::SameLine();
            size_t full = 0;
            const std::string_view line = drawnLine(text, ui, row, cleaned, &full);
            const ImVec2 at = ImGui::GetCursorScreenPos();
            selectionBackground(ui, row, line, at);
            ImGui::TextUnformatted(line.data(), line.data() + line.size());
            recordItem(items, "payload.text.",
                       static_cast<int64_t>(i) + 1);  // tests find characters in it
            drawn.push_back({row, at.x, at.y, at.y + ImGui::GetTextLineHeightWithSpacing()});
            if (full > kMaxLineDrawBytes) {
                ImGui::SameLine(0, 6);
                textMuted("… +%s more",
                          formatBytes(static_cast<int64_t>(full - kMaxLineDrawBytes)).c_str());
            }
        }
    }
}

// A press and a drag over the text select it, as on a web page: from the character boundary
// pressed to the one under the mouse (the window does not move: it is ImGuiWindowFlags_NoMove);
// past the top or bottom the text scrolls towards the mouse.
void mouseSelect(const std::string& text, PayloadUi& ui, const std::vector<DrawnRow>& drawn,
                 FrameContext& ctx) {
    if (drawn.empty()) return;
    const ImVec2 m = ImGui::GetIO().MousePos;
    const auto spotAt = [&]() {
        std::string scratch;
        if (m.y < drawn.front().y0) return PayloadUi::Spot{drawn.front().row, 0};
        if (m.y >= drawn.back().y1) {
            const size_t row = drawn.back().row;
            return PayloadUi::Spot{row, drawnLine(text, ui, row, scratch).size()};
        }
        const DrawnRow* d = &drawn.front();
        for (const DrawnRow& r : drawn)
            if (m.y >= r.y0 && m.y < r.y1) d = &r;
        return PayloadUi::Spot{d->row,
                               boundaryAt(drawnLine(text, ui, d->row, scratch), m.x - d->textX)};
    };
    if (ImGui::IsWindowHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem) &&
        seam::hoveredId() == 0 && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
        ui.anchor = ui.end = spotAt();
        ui.dragging = true;
        return;
    }
    if (!ui.dragging) return;
    if (!ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
        ui.dragging = false;
        return;
    }
    ui.end = spotAt();
    const seam::ClipRect clip = seam::innerClipRect();
    const float past = m.y < clip.Min.y   ? m.y - clip.Min.y
                       : m.y > clip.Max.y ? m.y - clip.Max.y
                                          : 0;
    if (past != 0.0f) {
        const float lineH = ImGui::GetTextLineHeightWithSpacing();
        ImGui::SetScrollY(
            std::clamp(ImGui::GetScrollY() + std::clamp(past * 0.5f, -lineH * 4, lineH * 4), 0.0f,
                       ImGui::GetScrollMaxY()));
        if (ctx.localNow) ctx.redrawBy(ctx.localNow + 16);  // frames are drawn on demand
    }
}

void fileBody(const core::PayloadFile& f, FrameContext& ctx) {
    PayloadUi& ui = ctx.ui.payload;
    prepare(f, ui);
    if (ui.binary) {
        textMuted("Binary file, %s — Download saves it as sent.",
                  formatBytes(f.totalBytes).c_str());
        return;
    }
    if (f.bytes.empty()) {
        textMuted("The file is empty.");
        return;
    }
    if (f.capped()) {
        // The preview holds the file's first kPayloadPreviewBytes (core/backend.h).
        textColoured(kColourWarning, "Showing the first %s of %s — Download for the whole file",
                     formatBytes(static_cast<int64_t>(f.bytes.size())).c_str(),
                     formatBytes(f.totalBytes).c_str());
        recordItem(ctx.items, "payload.capped");
    }
    if (looksLikeJson(f) && !ui.pretty && ui.jsonTooDeep)
        textMuted("Nested more than %d deep: shown as sent, not laid out.", kMaxJsonDepth);
    else if (looksLikeJson(f) && !ui.pretty && ui.jsonTooLarge)
        textMuted("Laid out it would be many times its size (deep nesting): shown as sent.");
    else if (looksLikeJson(f) && !ui.pretty)
        textMuted("Not valid JSON (from byte %zu): shown as sent.", ui.jsonErrorAt + 1);
    if (ctx.fonts.mono) ImGui::PushFont(ctx.fonts.mono);
    ImGui::BeginChild("payload.text", ImVec2(0, 0), ImGuiChildFlags_Border,
                      ImGuiWindowFlags_HorizontalScrollbar);
    const std::string& text = ui.pretty ? ui.text : f.bytes;
    scrollToTracedRecord(f.id, text, ui.lineStarts, ctx);  // a trace step opened it (issue 19)
    std::vector<DrawnRow> drawn;
    drawn.reserve(64);
    textLines(text, ui, drawn, ctx.items);
    const PayloadUi::Spot anchor = ui.anchor, end = ui.end;
    mouseSelect(text, ui, drawn, ctx);
    if (!(ui.anchor == anchor) || !(ui.end == end)) {
        ui.selectedChars = 0;
        if (hasTextSelection(ui)) selectedText(text, ui, &ui.selectedChars);
    }
    ImGui::EndChild();
    if (ctx.fonts.mono) ImGui::PopFont();
}

// Copies the text selected ("Copied 120 characters"); false when there is none.
bool copySelection(const core::PayloadState& p, FrameContext& ctx) {
    PayloadUi& ui = ctx.ui.payload;
    if (!p.file || ui.id != p.file->id || ui.binary || !hasTextSelection(ui)) return false;
    size_t chars = 0;
    const std::string copied = selectedText(ui.pretty ? ui.text : p.file->bytes, ui, &chars);
    if (copied.empty()) return false;
    ImGui::SetClipboardText(copied.c_str());
    showToast(ctx.ui.toast, core::copiedWords(chars, true));
    return true;
}

// Issue 19: Trace, after Close: the text selected traced through the run (ui/trace_panel.h).
void traceAction(const core::PayloadState& p, FrameContext& ctx, core::Intents& out) {
    ImGui::SameLine();
    if (ImGui::Button("Trace###payload.trace")) {
        const PayloadUi& ui = ctx.ui.payload;
        std::string selected;
        if (p.file && ui.id == p.file->id && !ui.binary && hasTextSelection(ui))
            selected = selectedText(ui.pretty ? ui.text : p.file->bytes, ui, nullptr);
        // A value, not the key around it: `"sku": "CAP-2",` traces CAP-2.
        const size_t colon = selected.find("\": ");
        if (colon != std::string::npos) selected = selected.substr(colon + 3);
        while (!selected.empty() && (selected.back() == ',' || selected.back() == ' '))
            selected.pop_back();
        if (selected.size() >= 2 && selected.front() == '"' && selected.back() == '"')
            selected = selected.substr(1, selected.size() - 2);
        traceFromPreview(selected, ctx, out);
    }
    recordItem(ctx.items, "payload.trace");
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Trace the text selected through this run's files and log lines");
}

// Ctrl/Cmd+C copies it.
void copyKey(const core::PayloadState& p, FrameContext& ctx) {
    if (!ImGui::GetIO().WantTextInput && ImGui::IsKeyChordPressed(ImGuiMod_Shortcut | ImGuiKey_C))
        copySelection(p, ctx);
}

}  // namespace

void drawPayloadView(const core::AppState& s, FrameContext& ctx, core::Intents& out) {
    const core::PayloadState& p = s.payload;
    if (!p.open) return;
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(
        ImVec2(std::min(vp->WorkSize.x - 32.0f, 1100.0f), std::max(vp->WorkSize.y * 0.8f, 200.0f)),
        ImGuiCond_Appearing);
    // The title is fixed: a label is never built from data ("##" in a file name would cut it).
    bool open = true;
    // NoMove: a drag inside it selects text; were the window to move with it, its Close button
    // would go out of reach.
    ImGui::Begin(
        "Payload###payload", &open,
        ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoMove);
    if (!open || (ImGui::IsKeyPressed(ImGuiKey_Escape, false) && !ImGui::GetIO().WantTextInput))
        out.add(core::intent::ClosePayload{});
    copyKey(p, ctx);
    toolbar(p, ctx, out);
    traceAction(p, ctx, out);
    ImGui::Separator();
    if (p.loading) {
        spinner(ctx);
        ImGui::SameLine();
        textMuted("Fetching %s…", fileNameOf(p).c_str());
    } else if (p.error) {
        errorBody(p);
    } else if (p.file) {
        fileBody(*p.file, ctx);
    }
    ImGui::End();
}

}  // namespace ui
