// ui/item_rects.cpp — see item_rects.h.
#include "ui/item_rects.h"

#include <algorithm>

#include "imgui.h"
#include "ui/imgui_seam.h"

namespace ui {

namespace {

void record(ItemRects& rects, std::string_view id, ImVec2 ca, ImVec2 cb) {
    if (!ImGui::IsItemVisible()) return;
    ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    // Clip to the visible region (a row half-scrolled out is clickable only where it shows).
    a = ImVec2(std::max(a.x, ca.x), std::max(a.y, ca.y));
    b = ImVec2(std::min(b.x, cb.x), std::min(b.y, cb.y));
    if (b.x <= a.x || b.y <= a.y) return;
    rects.set(std::string(id), Rect{a.x, a.y, b.x - a.x, b.y - a.y});
}

}  // namespace

void recordItem(ItemRects& rects, std::string_view id) {
    if (!rects.recording()) return;
    const ImDrawList* dl = ImGui::GetWindowDrawList();
    record(rects, id, dl->GetClipRectMin(), dl->GetClipRectMax());
}

void recordRow(ItemRects& rects, std::string_view id) {
    if (!rects.recording()) return;
    const seam::ClipRect clip = seam::innerClipRect();
    record(rects, id, clip.Min, clip.Max);
}

}  // namespace ui
