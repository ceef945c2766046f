// web/a11y.h — what screen readers get of a canvas app: a visually hidden summary of the view on
// screen (#a11y-summary) and a polite live region (#a11y-live), both in shell/index.html beside
// the canvas (which carries an aria-label). The words come from core/screen_reader.h; this writes
// them into the DOM, and only when they change (it is called on state changes, not per frame).
#pragma once

#include <string>

#include "core/app.h"
#include "core/screen_reader.h"

namespace web {

class ScreenReader {
public:
    void update(const core::AppState& s);
    // A confirmation the views show (ui::Toast: "Copied 3 lines"): told once, as it appears.
    void toast(uint64_t serial, const std::string& text);

private:
    core::ViewDescription shown_;
    bool written_ = false;
    core::Announcer announcer_;
};

}  // namespace web
