// web/test_api.h — `window.syncscope`, the read-only window tests look through
// (DESIGN.md, "Test-facing contract"): state() and itemRect(id).
#pragma once

#include <cstdint>
#include <string>

#include "core/app.h"
#include "ui/item_rects.h"

namespace web {

struct TestApiSources {
    const core::AppState* state = nullptr;
    const ui::ItemRects* items = nullptr;  // rects of the last frame drawn
    const uint64_t* frames = nullptr;
    const uint64_t* requests = nullptr;
};

// Defines window.syncscope once the runtime is up.
void installTestApi(TestApiSources sources);

}  // namespace web
