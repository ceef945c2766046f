// ui/widgets.h — small widgets the views share: std::string text fields (ImGui's own
// imgui_stdlib is not in Debian's source package), status badges, muted text.
#pragma once

#include <string>

#include "core/model.h"
#include "imgui.h"

namespace ui {

bool inputText(const char* label, const char* hint, std::string& value,
               ImGuiInputTextFlags flags = 0);
// Focus requested by a shortcut (Ctrl/Cmd+F, "/"). ImGui activates a focused field a frame or
// two after SetKeyboardFocusHere, and would drop what is typed in between; so for a few frames
// typed characters go straight into the field's text until it is active.
struct FocusRequest {
    bool requested = false;  // set by the view when the shortcut fires
    int catchFrames = 0;     // frames left to catch typed characters
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
