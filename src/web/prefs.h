// web/prefs.h — SyncScope's preferences across visits: one JSON value (core/preferences.h) under
// one localStorage key, "syncscope.prefs". It holds the theme (only once the user picked one that
// differs from the system's), the time zone, the log level filter, wrap and copy-with-times —
// never the token (a token is kept, when the user asks, in sessionStorage only: main.cpp).
//
// Read once at start, before the first frame; written only when a preference changed (the
// comparison runs every frame, the write does not). While no theme is chosen, the look follows
// the system's, also when that changes while the page is open (systemThemeChanged). localStorage
// can be missing or throw (sandboxed iframes, storage turned off, quota): then the defaults apply
// and nothing is kept, and nothing fails.
#pragma once

#include "core/preferences.h"
#include "ui/views.h"

namespace web {

class PreferenceStore {
public:
    // Reads the stored preferences into `ui`. `systemTheme`: the look the system asks for
    // (prefers-color-scheme), which a stored theme overrides.
    void load(ui::UiState& ui, ui::Theme systemTheme);
    // Writes the preferences `ui` holds if they differ from those last read or written. A theme
    // switched in `ui` since the last call is the user's choice (unless it is the system's).
    void saveIfChanged(const ui::UiState& ui);
    // The system's look changed while the page is open: `ui` follows it unless the user chose a
    // theme. True when ui.theme changed.
    bool systemThemeChanged(ui::UiState& ui, ui::Theme systemTheme);

    static constexpr const char* kKey = "syncscope.prefs";

private:
    core::Preferences current(const ui::UiState& ui) const;

    core::Preferences saved_;
    ui::Theme systemTheme_ = ui::Theme::Dark;
    bool themeChosen_ = false;  // a theme other than the system's was picked (and kept)
    ui::Theme lastTheme_ = ui::Theme::Dark;  // ui.theme when last seen: a change is the user's
};

}  // namespace web
