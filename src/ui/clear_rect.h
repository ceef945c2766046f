// ui/clear_rect.h — an opaque panel background the renderer clears instead of drawing (issue 20,
// goal 4). On a software GPU (SwiftShader) every canvas-sized pass costs the GPU process tens of
// milliseconds a frame, and a filled quad is such a pass: the fragment shader runs and blends for
// every pixel. A scissored clear of the same rectangle is a plain memory fill. The log's lines
// panel is most of the canvas, so its background is drawn this way (ui/log_lines.cpp).
//
// How: a draw command whose callback is clearRectMarker stands for "clear the command's clip
// rectangle to the colour in its callback data (an ImU32)". src/web/gl_renderer.cpp recognises
// the marker and clears; the marker itself does nothing if a renderer calls it (the unit tests'
// null renderer). Only src/web touches GL: the views only put the command in the draw list.
#pragma once

#include <algorithm>
#include <cstdint>

#include "imgui.h"

namespace ui {

// Never does anything: its address marks a clear (see above).
inline void clearRectMarker(const ImDrawList*, const ImDrawCmd*) {}

// The colour of a clear command (its callback data).
inline ImU32 clearRectColour(const ImDrawCmd& cmd) {
    return static_cast<ImU32>(reinterpret_cast<std::uintptr_t>(cmd.UserCallbackData));
}

// Puts a clear of [a, b] to `colour` in `dl` (clipped to what `dl` shows there).
inline void addClearRect(ImDrawList& dl, ImVec2 a, ImVec2 b, ImU32 colour) {
    if (b.x <= a.x || b.y <= a.y) return;
    dl.PushClipRect(a, b, true);
    dl.AddCallback(clearRectMarker, reinterpret_cast<void*>(static_cast<std::uintptr_t>(colour)));
    dl.PopClipRect();
}

// The opaque rectangle [a, b] with corners rounded by `rounding`, looking as
// dl.AddRectFilled(a, b, colour, rounding) does: the band between the corners' rows cleared, and
// the top and bottom strips, as tall as a corner and one pixel more, filled by ImGui with their
// rounded corners (ImGui rounds a strip at most its height less one pixel). The strips are what
// the fragment shader still runs over: 2 × (rounding + 1) rows instead of the whole panel.
inline void addOpaqueRect(ImDrawList& dl, ImVec2 a, ImVec2 b, ImU32 colour, float rounding) {
    const float r = std::min(rounding, std::min(b.x - a.x, b.y - a.y) * 0.5f - 1.0f);
    if (r < 1.0f) {
        addClearRect(dl, a, b, colour);
        return;
    }
    addClearRect(dl, ImVec2(a.x, a.y + r), ImVec2(b.x, b.y - r), colour);
    dl.AddRectFilled(a, ImVec2(b.x, a.y + r + 1.0f), colour, r, ImDrawFlags_RoundCornersTop);
    dl.AddRectFilled(ImVec2(a.x, b.y - r - 1.0f), b, colour, r, ImDrawFlags_RoundCornersBottom);
}

}  // namespace ui
