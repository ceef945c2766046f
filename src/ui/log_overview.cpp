// ui/log_overview.cpp — see log_overview.h.
#include "ui/log_overview.h"

#include <algorithm>
#include <cmath>

#include "core/overview_bins.h"
#include "ui/item_rects.h"
#include "ui/widgets.h"

namespace ui {
namespace logv {
namespace {

constexpr float kFineHitW = 14.0f;  // a mouse: the strip and a little around it
constexpr float kFineStripW = 10.0f;
constexpr float kFingerHitW = 24.0f;  // a finger (or a narrow screen, likely a phone)
constexpr float kFingerStripW = 12.0f;
constexpr float kNarrowScreen = 700.0f;
constexpr float kMinMarkH = 2.0f;   // a lone error in a million lines still shows
constexpr float kMinFrameH = 4.0f;  // the lines in view, however few of however many

// [y0, y1] grown about its middle to at least `minH`, kept inside [top, top + h].
void atLeast(float minH, float top, float h, float& y0, float& y1) {
    if (y1 - y0 >= minH) return;
    const float mid = (y0 + y1) * 0.5f;
    y0 = std::max(top, mid - minH * 0.5f);
    y1 = std::min(top + h, y0 + minH);
    y0 = y1 - minH;
}

bool fingerWide(const FrameContext& ctx) {
    return ctx.ui.touchSeen || ImGui::GetIO().DisplaySize.x < kNarrowScreen;
}

// The lines to mark in the left lane: the selected signature's (core/signatures.h; the filter's),
// and a number that changes with them (the index's version).
const core::SignatureLines* markedLines(const core::LogState& log, uint64_t& version) {
    version = 0;
    const uint32_t id = log.view.filter().signature;
    const core::Signature* sig = id ? log.signatures.byId(id) : nullptr;
    if (!sig) return nullptr;
    version = log.signatures.version();
    return &sig->lines;
}

// The match lane's colour: the match highlight's hue, opaque — a shade deeper on the light theme,
// where the highlight's own yellow would hardly show on the near-white strip.
ImU32 matchColour() {
    return appliedTheme() == Theme::Light ? IM_COL32(234, 179, 8, 255)
                                          : withAlpha(kColourMatch, 1.0f);
}

// The signature lane's colour: violet, its own hue (not a level's, a status's or the match's).
ImU32 signatureColour() {
    return appliedTheme() == Theme::Light ? IM_COL32(147, 51, 234, 255)
                                          : IM_COL32(192, 132, 252, 255);
}

// The bins, rebuilt when stale: at once when the view changed, and while only the log grew, at
// most every kOverviewLogDelayMs (a million lines arriving page by page would otherwise rebuild
// for each page).
void refreshBins(const core::LogState& log, FrameContext& ctx, size_t bins) {
    LogUi& ui = ctx.ui.log;
    uint64_t markedVersion = 0;
    const core::SignatureLines* marked = markedLines(log, markedVersion);
    using Stale = core::OverviewBins::Stale;
    const Stale stale = ui.overview.stale(log.store, log.view, bins, marked, markedVersion);
    if (stale == Stale::No) return;
    const core::TimeMs now = ctx.localNow;
    if (stale == Stale::Log && now && ui.overviewBuiltAt &&
        now - ui.overviewBuiltAt < kOverviewLogDelayMs) {
        ctx.redrawBy(ui.overviewBuiltAt + kOverviewLogDelayMs);
        return;
    }
    ui.overview.build(log.store, log.view, bins, marked, markedVersion);
    ui.overviewBuiltAt = now;
}

// Fills the runs of bins that `has` picks, in columns [x0, x1).
template <class Has>
void fillRuns(ImDrawList* dl, const core::OverviewBins& b, float top, float h, float x0, float x1,
              ImU32 colour, Has has) {
    const size_t n = b.size();
    const float binH = h / static_cast<float>(n);
    for (size_t i = 0; i < n;) {
        if (!has(b.at(i))) {
            ++i;
            continue;
        }
        size_t j = i + 1;
        while (j < n && has(b.at(j))) ++j;
        float y0 = top + binH * static_cast<float>(i), y1 = top + binH * static_cast<float>(j);
        atLeast(kMinMarkH, top, h, y0, y1);
        dl->AddRectFilled(ImVec2(x0, y0), ImVec2(x1, y1), colour);
        i = j;
    }
}

}  // namespace

float overviewWidth(const FrameContext& ctx) {
    return fingerWide(ctx) ? kFingerHitW : kFineHitW;
}

void overviewInput(const core::LogState& log, FrameContext& ctx, ImVec2 pos, ImVec2 size) {
    LogUi& ui = ctx.ui.log;
    ImGuiIO& io = ImGui::GetIO();
    if (io.MouseSource == ImGuiMouseSource_TouchScreen) ctx.ui.touchSeen = true;
    const ImVec2 back = ImGui::GetCursorScreenPos();
    ImGui::SetCursorScreenPos(pos);
    ImGui::InvisibleButton("##log.overview", size);
    recordItem(ctx.items, "log.overview");
    const size_t rows = log.view.shownCount();
    const auto scrollTo = [&](float y) {
        if (rows == 0) return;
        ui.scroll = LogUi::Scroll::Fraction;
        ui.scrollFraction = std::min(1.0f, std::max(0.0f, (y - pos.y) / size.y));
    };
    if (ImGui::IsItemActive()) {
        scrollTo(io.MousePos.y);  // pressed, or dragged (beyond the ends: the first or last line)
    } else if (ImGui::IsItemHovered()) {
        // A finger dragged on the ruler arrives as wheel events at the finger (web/platform.cpp).
        if (io.MouseSource == ImGuiMouseSource_TouchScreen &&
            (io.MouseWheel != 0.0f || io.MouseWheelH != 0.0f))
            scrollTo(io.MousePos.y);
        else if (io.MouseSource == ImGuiMouseSource_Mouse && rows > 0) {
            const size_t row = core::OverviewBins::rowAt((io.MousePos.y - pos.y) / size.y, rows);
            ImGui::SetTooltip("Line %s — click or drag to go there",
                              formatCount(log.view.shownId(row)).c_str());
        }
    }
    ImGui::SetCursorScreenPos(back);
}

void overviewDraw(const core::LogState& log, FrameContext& ctx, ImVec2 pos, ImVec2 size) {
    LogUi& ui = ctx.ui.log;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float hitW = size.x;
    const float stripW = fingerWide(ctx) ? kFingerStripW : kFineStripW;
    const float x0 = std::floor(pos.x + (hitW - stripW) * 0.5f), x1 = x0 + stripW;
    const float top = pos.y, h = size.y;
    const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text);
    dl->AddRectFilled(ImVec2(x0, top), ImVec2(x1, top + h), withAlpha(text, 0.07f), 3.0f);
    if (h < 1.0f) return;
    refreshBins(log, ctx, static_cast<size_t>(std::floor(h)));
    const core::OverviewBins& b = ui.overview;
    if (b.size() > 0) {
        // Levels across the whole strip (an error over a warning in the same bin), matches in the
        // right lane, the selected signature's lines in the left one.
        fillRuns(dl, b, top, h, x0, x1, kColourWarning, [](uint8_t m) {
            return (m & core::kOverviewWarning) && !(m & core::kOverviewError);
        });
        fillRuns(dl, b, top, h, x0, x1, kColourError,
                 [](uint8_t m) { return (m & core::kOverviewError) != 0; });
        const float lane = std::floor(stripW * 0.34f);
        fillRuns(dl, b, top, h, x1 - lane, x1, matchColour(),
                 [](uint8_t m) { return (m & core::kOverviewMatch) != 0; });
        fillRuns(dl, b, top, h, x0, x0 + lane, signatureColour(),
                 [](uint8_t m) { return (m & core::kOverviewMarked) != 0; });
    }
    // The lines in view, as a frame (by the current shown rows, whatever the bins' age).
    const size_t rows = log.view.shownCount();
    if (rows > 0 && ui.firstVisibleId && ui.lastVisibleId) {
        const size_t r0 = log.view.rowOfId(ui.firstVisibleId);
        const size_t r1 = std::min(rows, log.view.rowOfId(ui.lastVisibleId) + 1);
        const float scale = h / static_cast<float>(rows);
        float y0 = top + scale * static_cast<float>(r0), y1 = top + scale * static_cast<float>(r1);
        atLeast(kMinFrameH, top, h, y0, y1);
        // Wider than the strip (inside the hit area), so that it reads over a strip of marks.
        const float fx0 = std::max(pos.x, x0 - 2.0f), fx1 = std::min(pos.x + hitW, x1 + 2.0f);
        dl->AddRectFilled(ImVec2(fx0, y0), ImVec2(fx1, y1), withAlpha(text, 0.18f), 2.0f);
        dl->AddRect(ImVec2(fx0, y0), ImVec2(fx1, y1), withAlpha(text, 0.90f), 2.0f, 0, 1.5f);
    }
}

}  // namespace logv
}  // namespace ui
