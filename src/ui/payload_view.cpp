// ui/payload_view.cpp — the payload preview: a window over the sync log showing one payload file
// fetched with the user's token — JSON laid out, coloured and foldable, CSV as a table, XML
// indented and coloured, other text as sent, binary files only described — with a search, and a
// Download button that saves the bytes already fetched.
//
// The document is prepared once per file (PayloadUi, core/payload_doc.h): JSON is laid out a
// single time by a one-pass scanner without a DOM (core/json_pretty.h: about a copy of the text,
// so a 10 MB file does not freeze the page), its fold tree noted, and the start of every line, so
// that drawing is a clipper over the lines shown whatever the file's size. Lines are drawn
// cleaned (core/display_text.h), coloured by token when cleaning left them as they are. The
// search finds every match once per query (core::findAllMatches), never per frame.
// A file over 16 MB is previewed from its first 16 MB only (core::kPayloadPreviewBytes), which
// the preview says; Download saves the whole file (src/web fetches it as a browser Blob).
#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/display_text.h"
#include "core/payload_doc.h"
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
constexpr size_t kMaxCellDrawBytes = 256;        // of one CSV cell

// A big file is laid out in steps of kLayoutStepBytes (core::PayloadDocBuilder's budget; the rest
// of its work is cheaper a byte), as many a frame as fit in kLayoutMsPerFrame: a frame spends
// about that plus one step (a few ms) on it, and the file is laid out nearly as fast as at once.
constexpr size_t kLayoutStepBytes = 64 * 1024;
constexpr double kLayoutMsPerFrame = 30.0;

// The document of `f`, built a slice a frame; true once it is whole.
bool prepare(const core::PayloadFile& f, PayloadUi& ui) {
    const bool same = ui.id == f.id && ui.bytes == f.bytes.size() && ui.data == f.bytes.data();
    if (!same || (!ui.building && !ui.binary && ui.doc.lines() == 0)) {
        ui = PayloadUi{};
        ui.id = f.id;
        ui.bytes = f.bytes.size();
        ui.data = f.bytes.data();
        ui.binary = std::memchr(f.bytes.data(), 0, f.bytes.size()) != nullptr;
        if (ui.binary) return true;
        ui.building = std::make_shared<core::PayloadDocBuilder>(
            f.bytes, core::docKindFor(f.contentType, f.fileName), f.capped(), kMaxJsonDepth);
    }
    if (!ui.building) return true;
    const auto start = std::chrono::steady_clock::now();
    while (!ui.building->step(kLayoutStepBytes))
        if (std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count() >= kLayoutMsPerFrame)
            return false;
    ui.doc = ui.building->take();
    ui.building.reset();
    ui.folds.reset(&ui.doc);
    return true;
}

const std::string& shownText(const core::PayloadFile& f, const PayloadUi& ui) {
    return ui.doc.textOf(f.bytes);
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

// "… 12 items ]" / "… 5 keys }": what a folded node shows after its first line.
std::string foldedLabel(const core::FoldNode& n) {
    const std::string count = std::to_string(n.items);
    if (n.object) return "… " + count + (n.items == 1 ? " key }" : " keys }");
    return "… " + count + (n.items == 1 ? " item ]" : " items ]");
}

ImU32 colourOf(core::Tok t) {
    switch (t) {
        case core::Tok::Key:
        case core::Tok::Tag: return kColourLink;
        case core::Tok::String: return colourFor(core::SyncStatus::Success);
        case core::Tok::Number: return colourFor(core::SyncStatus::Partial);
        case core::Tok::Literal:
        case core::Tok::Attr: return colourFor(core::SyncStatus::Queued);
        case core::Tok::Punct:
        case core::Tok::Comment: return ImGui::GetColorU32(ImGuiCol_TextDisabled);
        case core::Tok::Plain: break;
    }
    return ImGui::GetColorU32(ImGuiCol_Text);
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

// Line `line` (0-based, of the unfolded layout) of the text as drawn: cleaned
// (core/display_text.h), without its line break, cut at kMaxLineDrawBytes; `scratch` may hold it.
// `fullBytes`: the line's length as sent.
std::string_view drawnLine(const std::string& text, const PayloadUi& ui, size_t line,
                           std::string& scratch, size_t* fullBytes = nullptr) {
    const std::string_view raw = ui.doc.line(text, line);
    if (fullBytes) *fullBytes = raw.size();
    return core::displayText(raw.substr(0, std::min(raw.size(), kMaxLineDrawBytes)), scratch);
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

size_t codePoints(const std::string& s) {
    size_t n = 0;
    for (const char ch : s)
        if ((static_cast<unsigned char>(ch) & 0xC0) != 0x80) ++n;
    return n;
}

// The text selected, as copied (cleaned as a copy is: no escape sequences, controls or bidi
// controls), with its length in code points. Lines folded away between its ends are left out.
std::string selectedText(const std::string& text, const PayloadUi& ui, size_t* chars) {
    const PayloadUi::Spot first = std::min(ui.anchor, ui.end), last = std::max(ui.anchor, ui.end);
    std::string out, scratch;
    const std::vector<uint32_t>& shown = ui.folds.visible();
    for (size_t row = ui.folds.rowOf(first.line); row < shown.size() && shown[row] <= last.line;
         ++row) {
        const size_t line = shown[row];
        if (line < first.line) continue;
        const std::string_view drawn = drawnLine(text, ui, line, scratch);
        const size_t b = line == first.line ? std::min(first.byte, drawn.size()) : 0;
        const size_t e = line == last.line ? std::min(last.byte, drawn.size()) : drawn.size();
        if (e > b) out.append(drawn.substr(b, e - b));
        if (line < last.line) out += '\n';
    }
    out = core::copyText(out);
    if (chars) *chars = codePoints(out);
    return out;
}

// Where each visible line was drawn this frame (screen), for the mouse.
struct DrawnRow {
    size_t line;
    float textX, y0, y1;
};

void selectionBackground(const PayloadUi& ui, size_t line, std::string_view drawn, ImVec2 at) {
    if (!hasTextSelection(ui)) return;
    const PayloadUi::Spot first = std::min(ui.anchor, ui.end), last = std::max(ui.anchor, ui.end);
    if (line < first.line || line > last.line) return;
    const size_t b = line == first.line ? std::min(first.byte, drawn.size()) : 0;
    const size_t e = line == last.line ? std::min(last.byte, drawn.size()) : drawn.size();
    const float x0 = at.x + ImGui::CalcTextSize(drawn.data(), drawn.data() + b).x;
    float x1 = at.x + ImGui::CalcTextSize(drawn.data(), drawn.data() + e).x;
    if (line < last.line) x1 += ImGui::CalcTextSize(" ").x;  // the line break is selected too
    if (x1 > x0)
        ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(x0, at.y),
                                                  ImVec2(x1, at.y + ImGui::GetTextLineHeight()),
                                                  withAlpha(kColourLink, 0.40f));
}

// ---- search ------------------------------------------------------------------------------------

// The line (0-based, unfolded) match `k` (from 1) is on.
size_t matchLine(const PayloadUi& ui, size_t k) {
    return ui.doc.lineOf(ui.matches[k - 1]);
}

void goToMatch(PayloadUi& ui, size_t k) {
    if (k == 0 || k > ui.matches.size()) return;
    ui.current = k;
    ui.currentLine = matchLine(ui, k);
    ui.folds.reveal(ui.currentLine);  // a match is never left hidden in a fold
    ui.scrollToCurrent = true;
    ui.revealSideways = true;
}

void stepMatch(PayloadUi& ui, bool forward) {
    const size_t n = ui.matches.size();
    if (n == 0) return;
    if (ui.current == 0)
        goToMatch(ui, forward ? 1 : n);
    else
        goToMatch(ui, forward ? ui.current % n + 1 : (ui.current + n - 2) % n + 1);
}

// The matches are found once per query, over the text shown (the file's bytes for text and CSV,
// JSON and XML laid out: their tokens are as sent, so a word counts as often as in the file).
void updateMatches(const std::string& text, PayloadUi& ui) {
    if (ui.query == ui.searched) return;
    ui.searched = ui.query;
    ui.matches = core::findAllMatches(text, ui.query);
    ui.current = 0;
    if (ui.matches.empty()) return;
    // The first match at or after the line the reader is on.
    const size_t from = ui.doc.lineStarts[std::min(ui.currentLine, ui.doc.lines() - 1)];
    const auto it = std::lower_bound(ui.matches.begin(), ui.matches.end(), from);
    goToMatch(ui, it == ui.matches.end() ? 1 : static_cast<size_t>(it - ui.matches.begin()) + 1);
}

void copyLines(const std::string& text, const PayloadUi& ui, size_t first, size_t last,
               FrameContext& ctx) {
    const std::string copied = core::copyText(ui.doc.linesText(text, first, last));
    if (copied.empty()) return;
    ImGui::SetClipboardText(copied.c_str());
    showToast(ctx.ui.toast, core::copiedWords(last - first + 1, false));
}

// The node Copy node copies: the one opening on the current line, else the innermost holding it.
int currentNode(const PayloadUi& ui) {
    const int k = ui.doc.nodeAt(ui.currentLine);
    return k >= 0 ? k : ui.doc.enclosing(ui.currentLine);
}

// The record (row of the table, 0 the header) byte `at` of the file is in.
size_t csvRowOf(const core::CsvTable& t, size_t at) {
    const auto it = std::upper_bound(t.rowStarts.begin(), t.rowStarts.end(), at);
    return it == t.rowStarts.begin() ? 0 : static_cast<size_t>(it - t.rowStarts.begin()) - 1;
}

// The CSV record the current line is in (0: the header).
size_t csvCurrentRow(const PayloadUi& ui) {
    if (ui.doc.lineStarts.empty()) return 0;
    return csvRowOf(ui.doc.csv, ui.doc.lineStarts[std::min(ui.currentLine, ui.doc.lines() - 1)]);
}

void searchBar(const core::PayloadFile& f, FrameContext& ctx) {
    PayloadUi& ui = ctx.ui.payload;
    ImGuiIO& io = ImGui::GetIO();
    ImGui::SetNextItemWidth(std::min(320.0f, ImGui::GetContentRegionAvail().x * 0.45f));
    // Enter steps through the matches, so the field keeps the keyboard after it (as the log's).
    const bool keepActive = io.ConfigInputTextEnterKeepActive;
    io.ConfigInputTextEnterKeepActive = true;
    searchField("##payload.search", "Search the file  (Ctrl+F, /)", ui.query, ui.focusSearch);
    io.ConfigInputTextEnterKeepActive = keepActive;
    recordItem(ctx.items, "payload.search");
    const bool enter = ImGui::IsItemActive() && (ImGui::IsKeyPressed(ImGuiKey_Enter) ||
                                                 ImGui::IsKeyPressed(ImGuiKey_KeypadEnter));
    const std::string before = ui.searched;
    updateMatches(shownText(f, ui), ui);
    if (enter && before == ui.searched) stepMatch(ui, !io.KeyShift);
    ImGui::SameLine(0, 4);
    ImGui::BeginDisabled(ui.matches.empty());
    if (ImGui::Button("↑")) stepMatch(ui, false);
    recordItem(ctx.items, "payload.prev");
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("Previous match (Shift+Enter, Shift+F3)");
    ImGui::SameLine(0, 4);
    if (ImGui::Button("↓")) stepMatch(ui, true);
    recordItem(ctx.items, "payload.next");
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("Next match (Enter, F3)");
    ImGui::EndDisabled();
    if (!ui.query.empty()) {
        ImGui::SameLine();
        ImGui::AlignTextToFramePadding();
        if (ui.matches.empty())
            textMuted("No matches");
        else
            textMuted("%s of %s%s", formatCount(static_cast<int64_t>(ui.current)).c_str(),
                      formatCount(static_cast<int64_t>(ui.matches.size())).c_str(),
                      ui.matches.size() >= core::kMaxPayloadMatches ? "+" : "");
        recordItem(ctx.items, "payload.matches");
    }
    if (ui.doc.kind == core::DocKind::Csv) {
        // Copy record: the current row (clicked, or the match gone to) as CSV, under its header.
        const size_t row = csvCurrentRow(ui);
        ImGui::SameLine(0, 16);
        ImGui::BeginDisabled(row == 0);
        if (ImGui::Button("Copy record") && row > 0) {
            const std::string copied = core::csvRecordText(ui.doc.csv, f.bytes, row);
            ImGui::SetClipboardText(copied.c_str());
            showToast(ctx.ui.toast, "Copied record " + formatCount(static_cast<int64_t>(row)) +
                                        " with the header line");
        }
        recordItem(ctx.items, "payload.copyRecord");
        if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
            ImGui::SetTooltip("Copy the current row as CSV, with the header line (click a row)");
        ImGui::EndDisabled();
        return;
    }
    if (ui.doc.kind != core::DocKind::Json || ui.doc.folds.empty()) return;
    // Folding and copying by structure (JSON).
    const std::string& text = shownText(f, ui);
    ImGui::SameLine(0, 16);
    if (ImGui::Button("Fold all")) ui.folds.foldAll();
    recordItem(ctx.items, "payload.foldAll");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Fold every object and array (Shift+Left)");
    ImGui::SameLine(0, 4);
    if (ImGui::Button("Unfold all")) ui.folds.unfoldAll();
    recordItem(ctx.items, "payload.unfoldAll");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Unfold everything (Shift+Right)");
    ImGui::SameLine(0, 16);
    const int node = currentNode(ui);
    ImGui::BeginDisabled(node < 0);
    if (ImGui::Button("Copy node") && node >= 0) {
        const core::FoldNode& n = ui.doc.folds[static_cast<size_t>(node)];
        copyLines(text, ui, n.first, n.last, ctx);
    }
    recordItem(ctx.items, "payload.copyNode");
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("Copy the object or array on the current line, folded or not");
    ImGui::EndDisabled();
    ImGui::SameLine(0, 4);
    uint32_t first = 0, last = 0;
    const bool record = ui.doc.recordOf(ui.currentLine, first, last);
    ImGui::BeginDisabled(!record);
    if (ImGui::Button("Copy record") && record) copyLines(text, ui, first, last, ctx);
    recordItem(ctx.items, "payload.copyRecord");
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("Copy the record the current line is in (an item of the file's array)");
    ImGui::EndDisabled();
}

// ---- keys --------------------------------------------------------------------------------------

// While no text field has the keyboard: Up / Down move the current line, Left folds its node (or
// the one holding it), Right unfolds it, Shift+Left folds all, Shift+Right unfolds all; F3 /
// Shift+F3 next / previous match. Ctrl+F and "/" go to the search field.
void payloadKeys(PayloadUi& ui) {
    findShortcuts(ui.focusSearch);
    ImGuiIO& io = ImGui::GetIO();
    if (ImGui::IsKeyPressed(ImGuiKey_F3)) stepMatch(ui, !io.KeyShift);
    if (io.WantTextInput || ui.focusSearch.requested || ui.focusSearch.catchFrames > 0) return;
    const std::vector<uint32_t>& shown = ui.folds.visible();
    if (shown.empty()) return;
    const size_t row = ui.folds.rowOf(ui.currentLine);
    if (ImGui::IsKeyPressed(ImGuiKey_DownArrow) && row + 1 < shown.size()) {
        ui.currentLine = shown[row + 1];
        ui.scrollToLine = true;
    } else if (ImGui::IsKeyPressed(ImGuiKey_UpArrow) && row > 0) {
        ui.currentLine = shown[row - 1];
        ui.scrollToLine = true;
    }
    if (ui.doc.folds.empty()) return;
    if (ImGui::IsKeyPressed(ImGuiKey_LeftArrow)) {
        if (io.KeyShift) {
            ui.folds.foldAll();
        } else {
            const int own = ui.doc.nodeAt(ui.currentLine);
            const int k = own >= 0 && !ui.folds.folded(static_cast<size_t>(own)) ? own
                          : own >= 0 ? ui.doc.folds[static_cast<size_t>(own)].parent
                                     : ui.doc.enclosing(ui.currentLine);
            if (k >= 0) {
                ui.folds.set(static_cast<size_t>(k), true);
                ui.currentLine = ui.doc.folds[static_cast<size_t>(k)].first;
            }
        }
        ui.currentLine = ui.folds.visible()[ui.folds.rowOf(ui.currentLine)];
        ui.scrollToLine = true;
    } else if (ImGui::IsKeyPressed(ImGuiKey_RightArrow)) {
        if (io.KeyShift) {
            ui.folds.unfoldAll();
        } else if (const int k = ui.doc.nodeAt(ui.currentLine); k >= 0) {
            ui.folds.set(static_cast<size_t>(k), false);
        }
        ui.scrollToLine = true;
    }
}

// ---- the text ----------------------------------------------------------------------------------

// Scrolls the text so that row `row` shows (40 % down the view unless it is in view).
void scrollToRow(size_t row) {
    const float lineH = ImGui::GetTextLineHeightWithSpacing();
    const float y = static_cast<float>(row) * lineH;
    const float viewH = ImGui::GetWindowHeight();
    if (y < ImGui::GetScrollY() || y + lineH > ImGui::GetScrollY() + viewH - lineH)
        ImGui::SetScrollY(std::max(0.0f, y - viewH * 0.4f));
}

// Draws `drawn` at `at`: coloured by token when it is the line as sent (`colour`), with the
// search's matches behind it.
void lineText(const PayloadUi& ui, size_t line, std::string_view drawn, bool asSent, ImVec2 at,
              std::vector<core::TokenSpan>& spans) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float lineH = ImGui::GetTextLineHeight();
    const char* base = drawn.data();
    if (asSent && !ui.matches.empty()) {
        // The matches are in order and do not overlap: the pen walks the line once (measuring
        // each from the line's start was quadratic: a 16 KB line of `a` froze every frame), and
        // stops past the view's right edge or after kMaxHighlightsPerLine.
        constexpr size_t kMaxHighlightsPerLine = 1000;
        const float left = dl->GetClipRectMin().x, right = dl->GetClipRectMax().x;
        const uint32_t begin = ui.doc.lineStarts[line];
        auto it = std::lower_bound(ui.matches.begin(), ui.matches.end(), begin);
        const size_t n = ui.searched.size();
        size_t penByte = 0;
        float penX = at.x;
        size_t drawnCount = 0;
        for (; it != ui.matches.end() && *it < begin + drawn.size(); ++it) {
            const size_t b = *it - begin;
            if (b < penByte) continue;
            const size_t e = std::min(b + n, drawn.size());
            const float x0 = penX + ImGui::CalcTextSize(base + penByte, base + b).x;
            if (x0 > right || drawnCount >= kMaxHighlightsPerLine) break;
            const float x1 = x0 + ImGui::CalcTextSize(base + b, base + e).x;
            penByte = e;
            penX = x1;
            if (x1 < left) continue;  // scrolled away to the left
            const bool current =
                ui.current > 0 && static_cast<size_t>(it - ui.matches.begin()) + 1 == ui.current;
            dl->AddRectFilled(ImVec2(x0, at.y), ImVec2(x1, at.y + lineH),
                              current ? kColourCurrentMatch : kColourMatch);
            ++drawnCount;
        }
    }
    spans.clear();
    if (asSent && ui.doc.kind == core::DocKind::Json) {
        core::jsonLineTokens(drawn, spans);
    } else if (asSent && ui.doc.kind == core::DocKind::Xml) {
        const uint32_t begin = ui.doc.lineStarts[line];
        const uint32_t end = begin + static_cast<uint32_t>(drawn.size());
        auto it =
            std::upper_bound(ui.doc.spans.begin(), ui.doc.spans.end(), begin,
                             [](uint32_t at_, const core::TokenSpan& s) { return at_ < s.end; });
        for (; it != ui.doc.spans.end() && it->begin < end; ++it)
            spans.push_back(
                {std::max(it->begin, begin) - begin, std::min(it->end, end) - begin, it->kind});
    }
    const ImU32 plain = ImGui::GetColorU32(ImGuiCol_Text);
    size_t pen = 0;
    float x = at.x;
    const auto run = [&](size_t b, size_t e, ImU32 colour) {
        if (e <= b) return;
        dl->AddText(ImVec2(x, at.y), colour, base + b, base + e);
        x += ImGui::CalcTextSize(base + b, base + e).x;
    };
    for (const core::TokenSpan& t : spans) {
        if (t.begin < pen || t.end > drawn.size()) continue;
        run(pen, t.begin, plain);
        run(t.begin, t.end, colourOf(t.kind));
        pen = t.end;
    }
    run(pen, drawn.size(), plain);
}

// With the match gone to on `line` (drawn at `textX`): scrolls the text sideways so that the
// match shows with a margin (as the log's search does), when it is beyond either edge.
void revealMatchSideways(PayloadUi& ui, size_t line, std::string_view drawn, bool asSent,
                         float textX) {
    ui.revealSideways = false;
    const size_t b = ui.matches[ui.current - 1] - ui.doc.lineStarts[line];
    if (!asSent || b >= drawn.size()) return;  // cleaned or cut: its place is not known
    const size_t e = std::min(drawn.size(), b + ui.searched.size());
    const float a = textX + ImGui::CalcTextSize(drawn.data(), drawn.data() + b).x;
    const float z = a + ImGui::CalcTextSize(drawn.data() + b, drawn.data() + e).x;
    const seam::ClipRect clip = seam::innerClipRect();
    if (a >= clip.Min.x && z <= clip.Max.x) return;  // in view
    const float scrollX = ImGui::GetScrollX(), w = clip.Max.x - clip.Min.x;
    const float margin = ImGui::CalcTextSize("nnnnnnnn").x;
    // In content coordinates (the view's left edge at scroll 0 is 0).
    const float ca = a - clip.Min.x + scrollX, cz = z - clip.Min.x + scrollX;
    const float to =
        cz + margin <= w ? 0.0f : std::min(cz + margin - w, std::max(0.0f, ca - margin));
    ImGui::SetScrollX(std::max(0.0f, to));
}

void textLines(const std::string& text, PayloadUi& ui, std::vector<DrawnRow>& drawn,
               ItemRects& items) {
    std::string cleaned;
    std::vector<core::TokenSpan> spans;
    int digits = 1;
    for (size_t n = ui.doc.lines(); n >= 10; n /= 10) ++digits;
    const std::vector<uint32_t>& shown = ui.folds.visible();
    const bool foldable = !ui.doc.folds.empty();
    const float marker = ImGui::GetFontSize();
    const float lineH = ImGui::GetTextLineHeight();
    // A fold that hid the current line ("Fold all", a marker) leaves it on the fold's first line,
    // as Shift+Left does.
    if (!shown.empty() && shown[ui.folds.rowOf(ui.currentLine)] != ui.currentLine) {
        ui.currentLine = shown[ui.folds.rowOf(ui.currentLine)];
        ui.scrollToLine = true;
    }
    if (ui.scrollToCurrent || ui.scrollToLine) {
        scrollToRow(ui.folds.rowOf(ui.currentLine));
        ui.scrollToCurrent = ui.scrollToLine = false;
    }
    ui.scrollX = ImGui::GetScrollX();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(shown.size()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const size_t line = shown[static_cast<size_t>(i)];
            if (line == ui.currentLine) {
                const ImVec2 p = ImGui::GetCursorScreenPos();
                ImGui::GetWindowDrawList()->AddRectFilled(
                    p, ImVec2(p.x + ImGui::GetWindowWidth() + ImGui::GetScrollX(), p.y + lineH),
                    withAlpha(kColourLink, 0.12f));
            }
            textMuted("%*zu", digits, line + 1);
            ImGui::SameLine();
            const int node = foldable ? ui.doc.nodeAt(line) : -1;
            if (foldable) {
                const ImVec2 p = ImGui::GetCursorScreenPos();
                if (node >= 0) {
                    ImGui::PushID(static_cast<int>(line));
                    if (ImGui::InvisibleButton("##fold", ImVec2(marker, lineH))) {
                        ui.folds.set(static_cast<size_t>(node),
                                     !ui.folds.folded(static_cast<size_t>(node)));
                        ui.currentLine = line;
                    }
                    ImGui::PopID();
                    recordItem(items, "payload.fold.", static_cast<int64_t>(line) + 1);
                    const bool hovered = ImGui::IsItemHovered();
                    const bool folded = ui.folds.folded(static_cast<size_t>(node));
                    const float s = marker * 0.28f;
                    const ImVec2 c(p.x + marker * 0.5f, p.y + lineH * 0.5f);
                    const ImU32 col = hovered ? ImGui::GetColorU32(ImGuiCol_Text)
                                              : ImGui::GetColorU32(ImGuiCol_TextDisabled);
                    if (folded)
                        ImGui::GetWindowDrawList()->AddTriangleFilled(
                            ImVec2(c.x - s * 0.6f, c.y - s), ImVec2(c.x - s * 0.6f, c.y + s),
                            ImVec2(c.x + s, c.y), col);
                    else
                        ImGui::GetWindowDrawList()->AddTriangleFilled(
                            ImVec2(c.x - s, c.y - s * 0.6f), ImVec2(c.x + s, c.y - s * 0.6f),
                            ImVec2(c.x, c.y + s), col);
                    if (hovered) ImGui::SetTooltip(folded ? "Unfold (Right)" : "Fold (Left)");
                } else {
                    ImGui::Dummy(ImVec2(marker, lineH));
                }
                ImGui::SameLine(0, 2);
            }
            size_t full = 0;
            const std::string_view raw = ui.doc.line(text, line);
            const std::string_view drawnText = drawnLine(text, ui, line, cleaned, &full);
            const ImVec2 at = ImGui::GetCursorScreenPos();
            selectionBackground(ui, line, drawnText, at);
            lineText(ui, line, drawnText, drawnText.data() == raw.data(), at, spans);
            if (ui.revealSideways && ui.current > 0 && line == matchLine(ui, ui.current))
                revealMatchSideways(ui, line, drawnText, drawnText.data() == raw.data(), at.x);
            ImGui::Dummy(ImVec2(
                std::max(
                    1.0f,
                    ImGui::CalcTextSize(drawnText.data(), drawnText.data() + drawnText.size()).x),
                lineH));
            recordItem(items, "payload.text.",
                       static_cast<int64_t>(line) + 1);  // tests find characters in it
            drawn.push_back({line, at.x, at.y, at.y + ImGui::GetTextLineHeightWithSpacing()});
            if (node >= 0 && ui.folds.folded(static_cast<size_t>(node))) {
                ImGui::SameLine(0, 6);
                textMuted("%s", foldedLabel(ui.doc.folds[static_cast<size_t>(node)]).c_str());
            }
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
// past the top or bottom the text scrolls towards the mouse. The line pressed becomes the
// current line (Left / Right fold its node).
void mouseSelect(const std::string& text, PayloadUi& ui, const std::vector<DrawnRow>& drawn,
                 FrameContext& ctx) {
    if (drawn.empty()) return;
    const ImVec2 m = ImGui::GetIO().MousePos;
    const auto spotAt = [&]() {
        std::string scratch;
        if (m.y < drawn.front().y0) return PayloadUi::Spot{drawn.front().line, 0};
        if (m.y >= drawn.back().y1) {
            const size_t line = drawn.back().line;
            return PayloadUi::Spot{line, drawnLine(text, ui, line, scratch).size()};
        }
        const DrawnRow* d = &drawn.front();
        for (const DrawnRow& r : drawn)
            if (m.y >= r.y0 && m.y < r.y1) d = &r;
        return PayloadUi::Spot{d->line,
                               boundaryAt(drawnLine(text, ui, d->line, scratch), m.x - d->textX)};
    };
    if (ImGui::IsWindowHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem) &&
        seam::hoveredId() == 0 && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
        ui.anchor = ui.end = spotAt();
        ui.currentLine = ui.anchor.line;
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

// ---- CSV ---------------------------------------------------------------------------------------

// One cell as drawn: its first line, cleaned, cut.
std::string_view cellText(const std::string& cell, std::string& scratch) {
    std::string_view v(cell);
    const size_t nl = v.find_first_of("\r\n");
    const bool more = nl != std::string_view::npos || v.size() > kMaxCellDrawBytes;
    v = v.substr(0, std::min({nl, v.size(), kMaxCellDrawBytes}));
    std::string_view shown = core::displayText(v, scratch);
    if (!more) return shown;
    if (shown.data() != scratch.data()) scratch.assign(shown.data(), shown.size());
    scratch += " …";
    return scratch;
}

void csvTable(const core::PayloadFile& f, PayloadUi& ui, FrameContext& ctx) {
    const core::CsvTable& t = ui.doc.csv;
    textMuted("%s rows × %s columns, with a header row",
              formatCount(static_cast<int64_t>(t.rows() - 1)).c_str(),
              formatCount(static_cast<int64_t>(t.columns)).c_str());
    recordItem(ctx.items, "payload.rows");
    (void)f;
    const ImGuiTableFlags flags = ImGuiTableFlags_ScrollX | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg |
                                  ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingFixedFit;
    if (!ImGui::BeginTable("payload.csv", static_cast<int>(t.columns), flags, ImVec2(0, 0))) return;
    recordItem(ctx.items, "payload.table");
    for (size_t c = 0; c < t.columns; ++c) ImGui::TableSetupColumn(nullptr);
    ImGui::TableSetupScrollFreeze(0, 1);
    std::string scratch;
    // The header row: a plain row drawn as a header (a header row's text would not size its
    // column, and ImGui's TableHeader takes a label, which is never built from data).
    ImGui::TableNextRow();
    ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, ImGui::GetColorU32(ImGuiCol_TableHeaderBg));
    for (size_t c = 0; c < t.columns; ++c) {
        ImGui::TableSetColumnIndex(static_cast<int>(c));
        const std::string_view h = cellText(t.cell(0, c), scratch);
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kColourLink), "%.*s",
                           static_cast<int>(h.size()), h.data());
    }
    const size_t current =
        ui.current > 0 ? csvRowOf(t, ui.matches[ui.current - 1]) : static_cast<size_t>(-1);
    const float rowH = ImGui::GetTextLineHeight() + ImGui::GetStyle().CellPadding.y * 2;
    // A match in the header row (0, frozen at the top) is lit there and needs no scroll.
    if (current == 0) {
        ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, kColourCurrentMatch);
    } else if (!ui.matches.empty() && !t.rowStarts.empty()) {
        const uint32_t e =
            t.rowStarts.size() > 1 ? t.rowStarts[1] : static_cast<uint32_t>(f.bytes.size());
        const auto it = std::lower_bound(ui.matches.begin(), ui.matches.end(), t.rowStarts[0]);
        if (it != ui.matches.end() && *it < e)
            ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, kColourMatch);
    }
    if (ui.scrollToCurrent && current != static_cast<size_t>(-1) && current > 0) {
        const float y = static_cast<float>(current - 1) * rowH;
        const float viewH = ImGui::GetWindowHeight() - rowH * 2;
        if (y < ImGui::GetScrollY() || y > ImGui::GetScrollY() + viewH)
            ImGui::SetScrollY(std::max(0.0f, y - viewH * 0.4f));
    }
    const size_t currentRow = csvCurrentRow(ui);
    if (ui.scrollToLine && !ui.scrollToCurrent && currentRow > 0) {  // a record gone to
        const float y = static_cast<float>(currentRow - 1) * rowH;
        const float viewH = ImGui::GetWindowHeight() - rowH * 2;
        if (y < ImGui::GetScrollY() || y > ImGui::GetScrollY() + viewH)
            ImGui::SetScrollY(std::max(0.0f, y - viewH * 0.4f));
    }
    ui.scrollToCurrent = ui.scrollToLine = false;
    const bool clicked = ImGui::IsWindowHovered() && seam::hoveredId() == 0 &&
                         ImGui::IsMouseClicked(ImGuiMouseButton_Left);
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(t.rows() - 1), rowH);
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const size_t r = static_cast<size_t>(i) + 1;
            ImGui::TableNextRow(0, rowH);
            if (r == current) {
                ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, kColourCurrentMatch);
            } else if (r == currentRow) {
                ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, withAlpha(kColourLink, 0.18f));
            } else if (!ui.matches.empty()) {
                const uint32_t b = t.rowStarts[r];
                const uint32_t e = r + 1 < t.rowStarts.size()
                                       ? t.rowStarts[r + 1]
                                       : static_cast<uint32_t>(f.bytes.size());
                const auto it = std::lower_bound(ui.matches.begin(), ui.matches.end(), b);
                if (it != ui.matches.end() && *it < e)
                    ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, kColourMatch);
            }
            float rowTop = 0;
            for (size_t c = 0; c < t.columns; ++c) {
                ImGui::TableSetColumnIndex(static_cast<int>(c));
                if (c == 0) rowTop = ImGui::GetCursorScreenPos().y;
                const std::string_view v = cellText(t.cell(r, c), scratch);
                ImGui::TextUnformatted(v.data(), v.data() + v.size());
                if (c == 0) recordItem(ctx.items, "payload.row.", static_cast<int64_t>(r));
            }
            // A click on the row makes it the current record (Copy record copies it).
            const float my = ImGui::GetIO().MousePos.y;
            if (clicked && my >= rowTop - ImGui::GetStyle().CellPadding.y &&
                my < rowTop - ImGui::GetStyle().CellPadding.y + rowH)
                ui.currentLine = ui.doc.lineOf(t.rowStarts[r]);
        }
    }
    ImGui::EndTable();
    recordItem(ctx.items, "payload.table");  // EndTable adds the table as the last item
}

// ---- the body ----------------------------------------------------------------------------------

void cappedNote(const core::PayloadFile& f, FrameContext& ctx) {
    if (f.capped()) {
        // The preview holds the file's first kPayloadPreviewBytes (core/backend.h).
        textColoured(kColourWarning,
                     "Showing the first %s of %s — cut mid-structure, so shown as text (search "
                     "covers what is shown). Download for the whole file",
                     formatBytes(static_cast<int64_t>(f.bytes.size())).c_str(),
                     formatBytes(f.totalBytes).c_str());
        recordItem(ctx.items, "payload.capped");
    }
}

void fileBody(const core::PayloadFile& f, FrameContext& ctx) {
    PayloadUi& ui = ctx.ui.payload;
    if (!prepare(f, ui)) {
        // A big file is laid out a slice a frame; search, folding and the text come once it is.
        cappedNote(f, ctx);
        textMuted("Laying out… %d %%", static_cast<int>(ui.building->progress() * 100));
        recordItem(ctx.items, "payload.layingOut");
        if (ctx.localNow) ctx.redrawBy(ctx.localNow + 1);  // frames are drawn on demand
        return;
    }
    if (ui.binary) {
        textMuted("Binary file, %s — Download saves it as sent.",
                  formatBytes(f.totalBytes).c_str());
        return;
    }
    if (f.bytes.empty()) {
        textMuted("The file is empty.");
        return;
    }
    payloadKeys(ui);
    searchBar(f, ctx);
    cappedNote(f, ctx);
    if (!ui.doc.fallback.empty()) {
        textMuted("%s", ui.doc.fallback.c_str());
        recordItem(ctx.items, "payload.fallback");
    }
    if (ctx.fonts.mono) ImGui::PushFont(ctx.fonts.mono);
    if (ui.doc.kind == core::DocKind::Csv) {
        scrollToTracedRecord(f.id, shownText(f, ui), ui, ctx);  // a trace step (issue 19)
        csvTable(f, ui, ctx);
        if (ctx.fonts.mono) ImGui::PopFont();
        return;
    }
    ImGui::BeginChild("payload.text", ImVec2(0, 0), ImGuiChildFlags_Border,
                      ImGuiWindowFlags_HorizontalScrollbar);
    const std::string& text = shownText(f, ui);
    scrollToTracedRecord(f.id, text, ui, ctx);  // a trace step opened it (issue 19)
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
    const std::string copied = selectedText(shownText(*p.file, ui), ui, &chars);
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
            selected = selectedText(shownText(*p.file, ui), ui, nullptr);
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

nlohmann::json payloadPreviewJson(const core::AppState& s, const UiState& u) {
    using nlohmann::json;
    const core::PayloadState& p = s.payload;
    const PayloadUi& pu = u.payload;
    if (!p.open || !p.file || pu.id != p.file->id || pu.bytes != p.file->bytes.size() ||
        pu.building)
        return nullptr;
    const core::PayloadDoc& d = pu.doc;
    json selection = nullptr;  // text dragged over (issue 16)
    if (!pu.binary && !(pu.anchor == pu.end))
        selection = {{"firstLine", std::min(pu.anchor, pu.end).line + 1},
                     {"lastLine", std::max(pu.anchor, pu.end).line + 1},
                     {"length", pu.selectedChars}};
    json folded = json::array();  // the folded nodes, as drawn (the first 100)
    for (size_t k = 0; k < d.folds.size() && folded.size() < 100; ++k)
        if (pu.folds.folded(k))
            folded.push_back({{"line", d.folds[k].first + 1},
                              {"items", d.folds[k].items},
                              {"text", foldedLabel(d.folds[k])}});
    const bool csv = !pu.binary && d.kind == core::DocKind::Csv;
    return {{"kind", pu.binary ? "binary" : core::toString(d.kind)},
            {"lines", pu.binary ? 0
                      : csv     ? d.lines()
                                : pu.folds.visible().size()},
            {"allLines", pu.binary ? 0 : d.lines()},
            {"selection", std::move(selection)},
            {"query", pu.searched},
            {"matches", pu.matches.size()},
            {"matchesCapped", pu.matches.size() >= core::kMaxPayloadMatches},
            {"current", pu.current ? json(pu.current) : json()},
            {"currentLine", pu.binary ? json() : json(pu.currentLine + 1)},
            {"scrollX", pu.scrollX},
            {"folded", pu.folds.foldedCount()},
            {"foldedNodes", std::move(folded)},
            {"nodes", d.folds.size()},
            {"rows", csv ? json(d.csv.rows() - 1) : json()},
            {"currentRow", csv ? json(csvCurrentRow(pu)) : json()},
            {"columns", csv ? json(d.csv.columns) : json()},
            {"fallback", d.fallback},
            {"capped", d.capped}};
}

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
