// core/state_json.h — the test-facing snapshot behind `window.syncscope.state()` (DESIGN.md,
// "Test-facing contract"): route, view, auth, the rows as displayed, banner and counters.
// It only reads the state.
#pragma once

#include <cstdint>
#include <string>

#include "core/app.h"

namespace core {

std::string stateJson(const AppState& state, uint64_t frames, uint64_t requests);

}  // namespace core
