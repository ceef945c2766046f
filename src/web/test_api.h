// web/test_api.h — `window.syncscope`, the read-only window tests look through
// (docs/test-contract.md): state(), itemRect(id) and settled().
#pragma once

#include <cstdint>
#include <string>

#include "core/app.h"
#include "ui/item_rects.h"
#include "ui/views.h"

namespace web {

struct TestApiSources {
    const core::AppState* state = nullptr;
    const ui::ItemRects* items = nullptr;  // rects of the last frame drawn
    const uint64_t* frames = nullptr;
    const uint64_t* requests = nullptr;
    const ui::UiState* ui = nullptr;  // what the views hold: merged into state() (uiTestJson)
    // True while frames are asked for and not yet drawn: the rects may be about to move
    // (window.syncscope.settled() is its negation).
    bool (*redrawPending)() = nullptr;
    const double* frameMs = nullptr;  // the last frame's time on the main thread
    // Turns the rects' recording on (ui::ItemRects::startRecording) and asks for a frame: called
    // once, by the first call of window.syncscope.
    void (*startRecording)() = nullptr;
};

// Defines window.syncscope once the runtime is up.
void installTestApi(TestApiSources sources);

}  // namespace web
