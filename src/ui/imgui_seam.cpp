// ui/imgui_seam.cpp — see imgui_seam.h. The one file that includes imgui_internal.h.
//
// UPGRADE CHECKLIST (Dear ImGui). Written against 1.90.1 (IMGUI_VERSION_NUM 19010, Debian's);
// the static_assert below stops the build on any other version until this list was gone through:
//   1. It builds: every internal name used here still exists (imgui_internal.h). Renames are in
//      imgui.cpp's "API BREAKING CHANGES" list.
//   2. ImGuiContext fields read or written: ActiveId, HoveredId, NavId, NavMoveSubmitted,
//      NavMoveScoringItems, NavNextActivateId, NavActivateId, NavNextActivateFlags,
//      InputEventsQueue, InputEventsNextEventId, InputTextState, InputTextDeactivatedState.
//      Check that their meaning is unchanged: the rendering on demand (web/platform.cpp,
//      imguiIsSettling) draws frames while these say ImGui is between states.
//   3. The input queue (nextInputEventId … queueTextFirst): events still carry an EventId taken
//      from InputEventsNextEventId, ids only grow, a frame takes events from the front, and an
//      ImGuiInputEvent of type Text still has Text.Char. The double click by the browser's clock
//      (web/platform.cpp, notePress) and the search field's held-back typing (widgets.cpp,
//      searchField) rely on it.
//   4. Text field state (selectText, wipeTextFieldCopies): ImGuiInputTextState still has TextW,
//      TextA, InitialTextA, Stb (stb_textedit's state: select_start, select_end, cursor, undo
//      record), CurLenA/CurLenW, ID, CursorFollow, CursorClamp(), SelectAll(), ClearFreeMemory();
//      ImGuiInputTextDeactivatedState still has ID and TextA. A new buffer holding typed text
//      must be wiped too (tests/e2e/security.test.mjs looks for the token in the wasm heap).
//      Later releases rework this struct (text kept as UTF-8 only): re-read it whole.
//   5. ActivateItemByID + ImGuiActivateFlags_PreferInput still start text input in a field
//      (tests/e2e/log_keys.test.mjs, Ctrl+F then typing; the log's double-click editor).
//   6. Windows: InnerClipRect, DC.CursorStartPos, ID, Scroll, ScrollTarget (FLT_MAX: none),
//      FindWindowByID, GetWindowScrollbarID(window, ImGuiAxis_Y). The log's scroll keeping
//      (ui/log_lines.cpp, planScroll) and the item rects' clipping (tests' itemRect) rely on it.
//   7. Tables: ImGuiTable::Columns[n].ContentMaxXHeadersIdeal is still what auto-fit reads for
//      header cells (TableHeader sets it the same way).
//   8. ImGuiComboFlags_CustomPreview / BeginComboPreview / EndComboPreview, ButtonEx with
//      ImGuiButtonFlags_AlignTextBaseLine, FindRenderedTextEnd, RenderArrow,
//      TestShortcutRouting, ClosePopupsExceptModals, ClearActiveID, ImTextCharFromUtf8: same
//      signatures and behaviour (several are promoted to imgui.h in later releases: then call
//      the public one and drop the wrapper's internal use).
//   9. Run the unit tests and, one at a time, the e2e files platform, touch, log_keys, log_view,
//      login_services, embed and security.
#include "ui/imgui_seam.h"

#include <algorithm>

#include "core/secret.h"
#include "imgui_internal.h"

static_assert(IMGUI_VERSION_NUM == 19010,
              "Dear ImGui is not 1.90.1: go through the upgrade checklist in ui/imgui_seam.cpp, "
              "then change this version");

namespace ui {
namespace seam {

// --- items ---------------------------------------------------------------------------------------

ImGuiID activeId() {
    return ImGui::GetActiveID();
}

void clearActiveId() {
    ImGui::ClearActiveID();
}

ImGuiID hoveredId() {
    return ImGui::GetCurrentContext()->HoveredId;
}

ImGuiID navId() {
    return ImGui::GetCurrentContext()->NavId;
}

void activateForTextInput(ImGuiID id) {
    ImGui::ActivateItemByID(id);
    ImGui::GetCurrentContext()->NavNextActivateFlags = ImGuiActivateFlags_PreferInput;
}

bool shortcutRoutedTo(ImGuiKeyChord chord, ImGuiID owner) {
    return ImGui::TestShortcutRouting(chord, owner);
}

void closePopupsExceptModals() {
    ImGui::ClosePopupsExceptModals();
}

// --- the input queue ---------------------------------------------------------------------------

bool inputQueued() {
    return ImGui::GetCurrentContext()->InputEventsQueue.Size > 0;
}

bool navigationPending() {
    const ImGuiContext& g = *ImGui::GetCurrentContext();
    return g.NavMoveSubmitted || g.NavMoveScoringItems || g.NavNextActivateId != 0 ||
           g.NavActivateId != 0;
}

ImU32 nextInputEventId() {
    return ImGui::GetCurrentContext()->InputEventsNextEventId;
}

ImU32 oldestQueuedEventId() {
    const ImGuiContext& g = *ImGui::GetCurrentContext();
    return g.InputEventsQueue.empty() ? g.InputEventsNextEventId : g.InputEventsQueue[0].EventId;
}

ImU32 nextLeftButtonEventId() {
    for (const ImGuiInputEvent& ev : ImGui::GetCurrentContext()->InputEventsQueue)
        if (ev.Type == ImGuiInputEventType_MouseButton && ev.MouseButton.Button == 0)
            return ev.EventId;
    return 0;  // ids start at 1
}

bool keyDownAfterQueue(ImGuiKey key, bool downNow) {
    bool down = downNow;
    for (const ImGuiInputEvent& e : ImGui::GetCurrentContext()->InputEventsQueue)
        if (e.Type == ImGuiInputEventType_Key && e.Key.Key == key) down = e.Key.Down;
    return down;
}

void queueTextFirst(const std::vector<unsigned>& codePoints) {
    ImGuiContext& g = *ImGui::GetCurrentContext();
    for (size_t i = 0; i < codePoints.size(); ++i) {
        ImGuiInputEvent e;
        e.Type = ImGuiInputEventType_Text;
        e.Source = ImGuiInputSource_Keyboard;
        e.EventId = g.InputEventsNextEventId++;
        e.Text.Char = codePoints[i];
        g.InputEventsQueue.insert(g.InputEventsQueue.Data + i, e);
    }
}

// --- text fields
// ----------------------------------------------------------------------------------

void selectAllText(ImGuiID id) {
    if (ImGuiInputTextState* st = ImGui::GetInputTextState(id)) {
        st->SelectAll();
        st->CursorFollow = true;
    }
}

void selectText(ImGuiID id, int beginCodePoint, int endCodePoint) {
    if (ImGuiInputTextState* st = ImGui::GetInputTextState(id)) {
        st->Stb.select_start = beginCodePoint;
        st->Stb.select_end = st->Stb.cursor = endCodePoint;
        st->CursorClamp();
        st->CursorFollow = true;
    }
}

void wipeTextFieldCopies() {
    ImGuiContext& g = *ImGui::GetCurrentContext();
    if (g.ActiveId && g.ActiveId == g.InputTextState.ID) ImGui::ClearActiveID();
    ImGuiInputTextState& st = g.InputTextState;
    const auto wipeVector = [](auto& v) {
        core::wipeBytes(v.Data, static_cast<size_t>(v.Capacity) * sizeof(*v.Data));
    };
    wipeVector(st.TextW);
    wipeVector(st.TextA);
    wipeVector(st.InitialTextA);
    // stb_textedit's undo record keeps the characters a backspace or a paste replaced.
    core::wipeBytes(&st.Stb, sizeof st.Stb);
    st.ClearFreeMemory();
    st.CurLenA = st.CurLenW = 0;
    st.ID = 0;
    // And the copy a field leaves when it is deactivated (for IsItemDeactivatedAfterEdit).
    ImGuiInputTextDeactivatedState& gone = g.InputTextDeactivatedState;
    wipeVector(gone.TextA);
    gone.TextA.clear();
    gone.ID = 0;
}

// --- windows
// --------------------------------------------------------------------------------------

ClipRect innerClipRect() {
    const ImRect r = ImGui::GetCurrentWindow()->InnerClipRect;
    return {r.Min, r.Max};
}

ImVec2 contentStartPos() {
    return ImGui::GetCurrentWindow()->DC.CursorStartPos;
}

ImGuiID currentWindowId() {
    return ImGui::GetCurrentWindow()->ID;
}

ImGuiID verticalScrollbarId() {
    return ImGui::GetWindowScrollbarID(ImGui::GetCurrentWindow(), ImGuiAxis_Y);
}

WindowScrollY windowScrollY(ImGuiID windowId) {
    WindowScrollY out;
    if (const ImGuiWindow* w = windowId ? ImGui::FindWindowByID(windowId) : nullptr) {
        out.found = true;
        out.current = w->Scroll.y;
        out.target = w->ScrollTarget.y;
    }
    return out;
}

// --- tables, combos, buttons, drawing, text ---------------------------------------------------

void tableHeaderFitsTo(int column, float contentMaxX) {
    ImGuiTableColumn& c = ImGui::GetCurrentTable()->Columns[column];
    c.ContentMaxXHeadersIdeal = std::max(c.ContentMaxXHeadersIdeal, contentMaxX);
}

bool beginComboCustomPreview(const char* id) {
    return ImGui::BeginCombo(id, nullptr, ImGuiComboFlags_CustomPreview);
}

bool beginComboPreview() {
    return ImGui::BeginComboPreview();
}

void endComboPreview() {
    ImGui::EndComboPreview();
}

bool buttonSized(const char* id, ImVec2 size, bool alignTextBaseLine) {
    const ImGuiButtonFlags flags = alignTextBaseLine ? ImGuiButtonFlags_AlignTextBaseLine : 0;
    return ImGui::ButtonEx(id, size, flags);
}

const char* renderedTextEnd(const char* label) {
    return ImGui::FindRenderedTextEnd(label);
}

void renderArrow(ImDrawList* dl, ImVec2 pos, ImU32 colour, ImGuiDir dir, float scale) {
    ImGui::RenderArrow(dl, pos, colour, dir, scale);
}

int charFromUtf8(unsigned* codePoint, const char* text, const char* end) {
    return ImTextCharFromUtf8(codePoint, text, end);
}

}  // namespace seam
}  // namespace ui
