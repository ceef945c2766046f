// ui/views.h — SyncScope's views: plain functions that read the app state and return what the
// user asked for (core::Intents). They never fetch and never change core state; the only state
// they keep is the widgets' own (text being typed), in UiState.
#pragma once

#include <string>

#include "core/app.h"
#include "ui/item_rects.h"
#include "ui/widgets.h"

struct ImFont;

namespace ui {

struct Fonts {
    ImFont* ui = nullptr;    // Inter: the interface
    ImFont* mono = nullptr;  // JetBrains Mono: log text and payloads (the sync views)
};

// Widget state that lives between frames: what is being typed before it becomes an intent.
struct UiState {
    std::string tokenInput;
    int schemeIndex = 0;  // 0 Bearer, 1 API key
    bool focusToken = true;
    std::string servicesSearch;
    FocusRequest focusSearch;
};

struct FrameContext {
    const Fonts& fonts;
    UiState& ui;
    ItemRects& items;
    core::TimeMs serverNow;  // for "… ago"
};

// Draws the whole window for this frame and returns the user's intents.
core::Intents drawApp(const core::AppState& state, FrameContext& ctx);

// Applies SyncScope's colours and spacing to ImGui's style.
void applyTheme();

// The page title for the current state, e.g. "Services — SyncScope".
std::string pageTitle(const core::AppState& state);

}  // namespace ui
