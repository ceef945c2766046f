// ui/log_overview.h — the overview ruler beside the sync log's scrollbar (issue 17): the whole log
// AS SHOWN (core::FilteredLog's shown lines) drawn in the ruler's height — errors red, warnings
// amber, search matches in the match colour (right lane), the selected signature's lines (left
// lane) and the lines in view as a frame. Binned one bin per pixel row (core/overview_bins.h),
// rebuilt only when the log, the filter or the ruler's height changed (never per frame; while a
// big log streams in, at most every kOverviewLogDelayMs).
//
// A click or a drag on it scrolls there: the shown row at fraction f of the rows comes to fraction
// f of the view (LogUi::Scroll::Fraction, carried out by log_lines.cpp's planScroll in the same
// frame: the input is taken before the lines' child begins). A finger dragged on it (which the
// platform layer turns into wheel events at the finger, web/platform.cpp) does the same. Its hit
// area (itemRect `log.overview`) is 24 px wide on narrow screens or once a finger was used, the
// drawn strip thinner inside it. Internal to the log view (log_lines.cpp).
#pragma once

#include "core/app.h"
#include "imgui.h"
#include "ui/views.h"

namespace ui {
namespace logv {

constexpr core::TimeMs kOverviewLogDelayMs = 250;
constexpr float kOverviewGap = 3.0f;  // between the lines' child and the ruler

// The ruler's hit width (the lines' child gives up that and the gap).
float overviewWidth(const FrameContext& ctx);

// The mouse or a finger on the ruler at `pos`, `size` (screen): asks for the scroll. Call before
// the lines' child begins; restores the cursor.
void overviewInput(const core::LogState& log, FrameContext& ctx, ImVec2 pos, ImVec2 size);

// Draws it (after the lines' child, whose rows in view it frames).
void overviewDraw(const core::LogState& log, FrameContext& ctx, ImVec2 pos, ImVec2 size);

}  // namespace logv
}  // namespace ui
