// ui/view_parts.h — the views drawApp dispatches to; each fills the area below the top bar
// (the payload preview floats over them).
#pragma once

#include "core/app.h"
#include "ui/views.h"

namespace ui {

void drawLoginView(const core::AppState& state, FrameContext& ctx, core::Intents& out);
void drawServicesView(const core::AppState& state, FrameContext& ctx, core::Intents& out);
void drawSummaryView(const core::AppState& state, FrameContext& ctx, core::Intents& out);
void drawLogView(const core::AppState& state, FrameContext& ctx, core::Intents& out);
// Issue 18: two runs compared (compare_view.cpp), and the picker of "Compare with…", a window
// of its own over the log or the comparison, drawn while state.compare.picker.open.
void drawCompareView(const core::AppState& state, FrameContext& ctx, core::Intents& out);
void drawComparePicker(const core::AppState& state, FrameContext& ctx, core::Intents& out);
// The payload preview: a window of its own over the view, drawn while state.payload.open.
void drawPayloadView(const core::AppState& state, FrameContext& ctx, core::Intents& out);

}  // namespace ui
