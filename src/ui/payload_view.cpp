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

#include "core/display_text.h"
#include "core/json_pretty.h"
#include "core/time.h"
#include "core/time_zone.h"
#include "imgui.h"
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
    const float buttonsW = ImGui::CalcTextSize("DownloadClose").x +
                           ImGui::GetStyle().FramePadding.x * 4 + ImGui::GetStyle().ItemSpacing.x;
    ImGui::SameLine(std::max(ImGui::GetCursorPosX(), ImGui::GetContentRegionMax().x - buttonsW));
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

void textLines(const std::string& text, const PayloadUi& ui) {
    std::string cleaned;
    int digits = 1;
    for (size_t n = ui.lineStarts.size(); n >= 10; n /= 10) ++digits;
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(ui.lineStarts.size()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const size_t row = static_cast<size_t>(i);
            const size_t begin = ui.lineStarts[row];
            size_t end = row + 1 < ui.lineStarts.size() ? ui.lineStarts[row + 1] - 1 : text.size();
            if (end > begin && text[end - 1] == '\r') --end;
            textMuted("%*d", digits, i + 1);
            ImGui::SameLine();
            const size_t shown = std::min(end - begin, kMaxLineDrawBytes);
            const std::string_view drawn =
                core::displayText(std::string_view(text).substr(begin, shown), cleaned);
            ImGui::TextUnformatted(drawn.data(), drawn.data() + drawn.size());
            if (shown < end - begin) {
                ImGui::SameLine(0, 6);
                textMuted("… +%s more",
                          formatBytes(static_cast<int64_t>(end - begin - shown)).c_str());
            }
        }
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
    textLines(ui.pretty ? ui.text : f.bytes, ui);
    ImGui::EndChild();
    if (ctx.fonts.mono) ImGui::PopFont();
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
    ImGui::Begin("Payload###payload", &open,
                 ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings);
    if (!open || (ImGui::IsKeyPressed(ImGuiKey_Escape, false) && !ImGui::GetIO().WantTextInput))
        out.add(core::intent::ClosePayload{});
    toolbar(p, ctx, out);
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
