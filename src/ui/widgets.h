// ui/widgets.h — small widgets the views share: std::string text fields (ImGui's own
// imgui_stdlib is not in Debian's source package), status badges, muted text.
#pragma once

#include <string>

#include "core/model.h"
#include "imgui.h"

namespace ui {

bool inputText(const char* label, const char* hint, std::string& value,
               ImGuiInputTextFlags flags = 0);
// A search field that can be focused by a shortcut without losing what is typed right after it:
// while `focusPending` is set and the field is not active yet, typed characters go straight into
// `value` (ImGui activates a focused field a frame or two later, and would drop them). Returns
// true when the text changed.
bool searchField(const char* label, const char* hint, std::string& value, bool& focusPending);
void statusBadge(const char* text, ImU32 colour);
ImU32 colourFor(core::ServiceStatus s);
ImU32 colourFor(core::SyncStatus s);
void textMuted(const char* fmt, ...) IM_FMTARGS(1);

}  // namespace ui
