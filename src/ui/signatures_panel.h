// ui/signatures_panel.h — the sync log's signatures panel (issue 17): the warning and error lines
// grouped by their masked first line (core::SignatureIndex), one row per signature, most frequent
// first — its level, the masked text with the variable parts ("…") muted, the count, and the
// first and last line (links that go to the line). Clicking a row shows only its lines (the log
// filter's `signature`, combined with the levels and the search); clicking it again, or Esc,
// shows everything. Beside the lines when the window is wide, above them when it is narrow
// (≤ kSignaturesNarrowWidth); collapsible, the choice remembered (UiState::logSignatures). While
// the index is still grouping lines, or older lines are still loading, it says so.
#pragma once

#include "core/app.h"
#include "core/intents.h"
#include "ui/views.h"

namespace ui {
namespace logv {

// At this width of the log view or less, the panel goes above the lines instead of beside them.
constexpr float kSignaturesNarrowWidth = 700.0f;
// Rows the panel shows above the lines on a narrow screen before it scrolls: two, so that on a
// phone (400 × 800) the lines keep half of the height under the header, the folded toolbar and a
// two-row gap line (tests/e2e/insights_layout.test.mjs).
constexpr int kSignaturesNarrowRows = 2;

// The lines' area (linesArea) with the signatures panel beside or above it. A log without any
// warning or error line (and nothing being grouped, no signature filter) has no panel.
void signaturesAndLines(const core::AppState& s, const core::LogState& log, FrameContext& ctx,
                        core::Intents& out);

// Esc with a signature shown alone: shows everything again. True when it did.
bool clearSignatureFilter(const core::LogState& log, FrameContext& ctx, core::Intents& out);

}  // namespace logv
}  // namespace ui
