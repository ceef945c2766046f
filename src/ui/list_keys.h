// ui/list_keys.h — the keyboard over a list's rows (the services list, a service's summary): Up
// and Down move a highlight (UiState's ListHighlight: the row's id), Enter opens the highlighted
// row — none of them while a text field has the keyboard or a popup is open. Enter in the list's
// search field opens the one row the search leaves (searchEnterPressed / the view). The row the
// highlight moved to is scrolled into view (revealRow, after the row's item; includeHighlight keeps
// the clipper from skipping it while it is out of view). A highlight whose row is no longer listed
// counts as none. Header-only: the views' shared part.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "imgui.h"
#include "ui/imgui_seam.h"
#include "ui/views.h"

namespace ui {

// Where the highlight is among `count` rows (idAt(i): the id of the i-th row drawn), or -1.
template <class IdAt>
int highlightIndex(const ListHighlight& h, size_t count, IdAt idAt) {
    if (h.id == 0) return -1;
    for (size_t i = 0; i < count; ++i)
        if (idAt(i) == h.id) return static_cast<int>(i);
    return -1;
}

// The highlighted id if its row is listed, else 0 (what state().highlight says).
template <class IdAt>
int64_t shownHighlight(const ListHighlight& h, size_t count, IdAt idAt) {
    return highlightIndex(h, count, idAt) >= 0 ? h.id : 0;
}

inline bool enterPressed() {
    return ImGui::IsKeyPressed(ImGuiKey_Enter, false) ||
           ImGui::IsKeyPressed(ImGuiKey_KeypadEnter, false);
}

// Up / Down move the highlight (Down from none: the first row; Up from none: the last), Enter
// returns the highlighted row's id to open; 0 otherwise. Not while a text field has the keyboard,
// a popup is open, or a modifier is held (chords are others').
template <class IdAt>
int64_t listKeys(ListHighlight& h, size_t count, IdAt idAt) {
    if (count == 0) return 0;
    const ImGuiIO& io = ImGui::GetIO();
    if (io.WantTextInput || ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId)) return 0;
    if (io.KeyCtrl || io.KeySuper || io.KeyAlt) return 0;
    const int at = highlightIndex(h, count, idAt);
    const int last = static_cast<int>(count) - 1;
    int to = at;
    if (ImGui::IsKeyPressed(ImGuiKey_DownArrow)) to = at < 0 ? 0 : std::min(at + 1, last);
    if (ImGui::IsKeyPressed(ImGuiKey_UpArrow)) to = at < 0 ? last : std::max(at - 1, 0);
    if (ImGui::IsKeyPressed(ImGuiKey_DownArrow) || ImGui::IsKeyPressed(ImGuiKey_UpArrow)) {
        h.id = idAt(static_cast<size_t>(to));
        h.reveal = true;
        return 0;
    }
    return at >= 0 && enterPressed() ? h.id : 0;
}

// Enter typed into the search field `label` (to be asked before the field is drawn: Enter ends
// the editing, after which the field is no longer the active item).
inline bool searchEnterPressed(const char* label) {
    return seam::activeId() == ImGui::GetID(label) && enterPressed();
}

// Before the clipper's first Step(): the highlighted row is drawn even out of view while it is to
// be revealed.
template <class IdAt>
void includeHighlight(const ListHighlight& h, ImGuiListClipper& clipper, size_t count, IdAt idAt) {
    if (!h.reveal) return;
    const int at = highlightIndex(h, count, idAt);
    if (at >= 0) clipper.IncludeItemByIndex(at);
}

// After the row's full-width item, in a table that scrolls under a one-line frozen header: the
// least scroll that shows the row whole, once, when the highlight has just moved to it.
inline void revealRow(ListHighlight& h, int64_t id, FrameContext& ctx) {
    if (!h.reveal || h.id != id) return;
    h.reveal = false;
    const ImGuiStyle& style = ImGui::GetStyle();
    const float pad = style.CellPadding.y;
    const float headerH = ImGui::GetTextLineHeight() + pad * 2.0f;
    const seam::ClipRect clip = seam::innerClipRect();
    const float top = ImGui::GetItemRectMin().y - pad, bottom = ImGui::GetItemRectMax().y + pad;
    float by = 0.0f;
    if (top < clip.Min.y + headerH)
        by = top - (clip.Min.y + headerH);
    else if (bottom > clip.Max.y)
        by = bottom - clip.Max.y;
    if (by == 0.0f) return;
    ImGui::SetScrollY(std::max(0.0f, ImGui::GetScrollY() + by));
    if (ctx.localNow) ctx.redrawBy(ctx.localNow + 1);  // the scroll shows in the next frame
}

}  // namespace ui
