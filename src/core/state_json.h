// core/state_json.h — the test-facing snapshot behind `window.syncscope.state()`
// (docs/test-contract.md): route, view, auth, the rows as displayed, banner and counters.
// It only reads the state.
#pragma once

#include <cstdint>
#include <string>

#include "core/app.h"

namespace core {

// `localNow` (the local clock, ms since the epoch; 0: leave them out) gives the rows' "… ago" as
// drawn: by the server's clock (AppState::serverClockOffsetMs), not the browser's.
std::string stateJson(const AppState& state, uint64_t frames, uint64_t requests,
                      TimeMs localNow = 0);

}  // namespace core
