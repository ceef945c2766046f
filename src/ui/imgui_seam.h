// ui/imgui_seam.h — every use of Dear ImGui's internals (imgui_internal.h), behind small named
// functions. No other file includes imgui_internal.h: the views and the browser platform
// (src/web/platform.cpp, test_api.cpp) call these instead. Internals change between ImGui
// releases without notice; the one file to re-check on an upgrade is imgui_seam.cpp, whose
// header comment is the checklist (what each function relies on). The seam is ImGui only: no
// browser code, nothing of core but the wipe of secrets.
//
// Types are ImGui's public ones (imgui.h); ClipRect mirrors ImGui's internal ImRect.
#pragma once

#include <vector>

#include "imgui.h"

namespace ui {
namespace seam {

// --- items: active, hovered, focused
// --------------------------------------------------------------

// The item that has the mouse or keyboard (a pressed button, the text field typed in); 0: none.
ImGuiID activeId();
// Leaves the active item (a text field gives up the keyboard, keeping its text).
void clearActiveId();
// The item under the mouse in this frame; 0: none.
ImGuiID hoveredId();
// The item keyboard navigation is on; 0: none.
ImGuiID navId();
// Activates the item with this id in the next frame, as a click would, and a text field starts
// text input (not SetKeyboardFocusHere, whose tab scoring finds nothing in a one-window layout).
void activateForTextInput(ImGuiID id);
// Whether ImGui routes `chord` to the item `owner` in this frame (a route asked for takes effect
// the frame after).
bool shortcutRoutedTo(ImGuiKeyChord chord, ImGuiID owner);
// Closes every open popup, menu and combo list but modals (as Esc does with keyboard navigation).
void closePopupsExceptModals();

// --- the input queue ---------------------------------------------------------------------------

// Input events ImGui has queued and not yet handed to a frame (it trickles them: a key down, its
// character and its key up take separate frames).
bool inputQueued();
// A focus or navigation request on its way (submitted, being scored, or an activation to apply).
bool navigationPending();
// The id ImGui gives the next input event added (io.Add…Event); ids only grow.
ImU32 nextInputEventId();
// The id of the oldest event still queued; nextInputEventId() when the queue is empty.
ImU32 oldestQueuedEventId();
// The id of the first queued change of the left mouse button (the next one a frame takes);
// 0: none queued.
ImU32 nextLeftButtonEventId();
// Whether `key` (a key or an ImGuiMod_…) is down once ImGui has taken every queued event:
// `downNow` unless a queued event changes it.
bool keyDownAfterQueue(ImGuiKey key, bool downNow);
// Puts text events (code points) at the front of the input queue, ahead of what is queued, in
// this order: the next frame hands them to the active field first.
void queueTextFirst(const std::vector<unsigned>& codePoints);

// --- text fields
// ----------------------------------------------------------------------------------

// In the active text field with this id: selects all its text / code points [begin, end) with the
// cursor at `end`, scrolled into view. Nothing if that field has no edit state (not active yet).
void selectAllText(ImGuiID id);
void selectText(ImGuiID id, int beginCodePoint, int endCodePoint);
// ImGui keeps copies of what was typed into the field last edited (UTF-8 and UTF-16, the text
// before editing, stb_textedit's undo record, and the text at deactivation) until another field
// is edited. Deactivates that field if it is active, wipes every copy and lets the buffers go.
void wipeTextFieldCopies();

// --- windows
// --------------------------------------------------------------------------------------

struct ClipRect {
    ImVec2 Min, Max;
};
// The current window's inner clip rect: its visible content area, without scrollbars and border.
ClipRect innerClipRect();
// The current window's content start in screen pixels (where the cursor was at Begin, scrolled).
ImVec2 contentStartPos();
// The current window's id (for finding it in the next frame, before it is begun).
ImGuiID currentWindowId();
// The current window's vertical scrollbar (activeId() equals it while it is dragged).
ImGuiID verticalScrollbarId();
// The vertical scroll of the window with this id, as the last frame left it: where it is, and
// where a wheel or a SetScroll… asked it to go (applied at its next Begin; FLT_MAX: nowhere).
struct WindowScrollY {
    bool found = false;  // no window with this id (yet)
    float current = 0.0f;
    float target = FLT_MAX;
};
WindowScrollY windowScrollY(ImGuiID windowId);

// --- tables, combos, buttons, drawing, text ---------------------------------------------------

// A header cell drawn without TableHeader: makes the current table's column `column` fit at least
// up to `contentMaxX` (screen x) when auto-fitted, as TableHeader does for its label.
void tableHeaderFitsTo(int column, float contentMaxX);
// BeginCombo with a preview drawn by the caller: if beginComboPreview() returns true, draw it and
// call endComboPreview().
bool beginComboCustomPreview(const char* id);
bool beginComboPreview();
void endComboPreview();
// A button of exactly `size` that draws no label (id "##…"); `alignTextBaseLine` as SmallButton.
bool buttonSized(const char* id, ImVec2 size, bool alignTextBaseLine);
// The end of a label's visible part (before "##").
const char* renderedTextEnd(const char* label);
// ImGui's sort arrow (the one TableHeader draws), `scale` of the font size, at `pos`.
void renderArrow(ImDrawList* dl, ImVec2 pos, ImU32 colour, ImGuiDir dir, float scale);
// One code point from UTF-8 at `text` (`end` may be null: NUL-terminated). Returns the bytes
// read; a broken sequence reads as U+FFFD.
int charFromUtf8(unsigned* codePoint, const char* text, const char* end);

}  // namespace seam
}  // namespace ui
