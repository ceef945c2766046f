// ui/widgets.h — small widgets the views share: std::string text fields (ImGui's own
// imgui_stdlib is not in Debian's source package), status badges, muted text.
#pragma once

#include <string>
#include <vector>

#include "core/model.h"
#include "imgui.h"

namespace ui {

bool inputText(const char* label, const char* hint, std::string& value,
               ImGuiInputTextFlags flags = 0);
// Focus requested by a shortcut (Ctrl/Cmd+F, "/"). ImGui activates the field a frame or two
// later, and would drop what is typed in between; so those characters are held back and replayed
// into the field once it is active — after its activation selected the old text, so typing
// replaces the old query, as a browser's find bar does.
struct FocusRequest {
    bool requested = false;  // set by the view when the shortcut fires
    int catchFrames = 0;     // frames left to hold typed characters for the field
    std::vector<unsigned> held;
};

// Makes the widget with this label (in the current ID stack) the active text field from the next
// frame on, as if clicked. Call before drawing it.
void activateNext(const char* label);

// A search field that honours a FocusRequest. Returns true when the text changed.
bool searchField(const char* label, const char* hint, std::string& value, FocusRequest& focus);
void statusBadge(const char* text, ImU32 colour);
ImU32 colourFor(core::ServiceStatus s);
ImU32 colourFor(core::SyncStatus s);
void textMuted(const char* fmt, ...) IM_FMTARGS(1);

}  // namespace ui
