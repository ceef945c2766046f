// ui/view_parts.h — the views drawApp dispatches to; each fills the area below the top bar.
#pragma once

#include "core/app.h"
#include "ui/views.h"

namespace ui {

void drawLoginView(const core::AppState& state, FrameContext& ctx, core::Intents& out);
void drawServicesView(const core::AppState& state, FrameContext& ctx, core::Intents& out);
void drawSummaryView(const core::AppState& state, FrameContext& ctx, core::Intents& out);

}  // namespace ui
