// tests/unit/ui_log_background_test.cpp — the log's lines panel has its background cleared by the
// renderer, not drawn as a canvas-sized quad (issue 20, goal 4; ui/clear_rect.h): run natively in
// an ImGui frame with no renderer, reading the draw lists the frame produced.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "core/app.h"
#include "imgui.h"
#include "imgui_frame.h"
#include "imgui_internal.h"
#include "ui/clear_rect.h"
#include "ui/log_view_shared.h"
#include "ui/views.h"

namespace {

using testing_ui::ImGuiFrame;

struct Box {
    float x0 = 1e9f, y0 = 1e9f, x1 = -1e9f, y1 = -1e9f;
    float area() const { return std::max(0.0f, x1 - x0) * std::max(0.0f, y1 - y0); }
};

// The bounding box of every triangle of `list` (of `colour` only, unless 0), in the commands from
// `firstCmd` on.
std::vector<Box> triangles(const ImDrawList& list, ImU32 colour = 0, int firstCmd = 0) {
    std::vector<Box> out;
    for (int n = firstCmd; n < list.CmdBuffer.Size; ++n) {
        const ImDrawCmd& cmd = list.CmdBuffer[n];
        if (cmd.UserCallback) continue;
        for (unsigned i = 0; i + 2 < cmd.ElemCount; i += 3) {
            Box b;
            bool ofColour = true;
            for (unsigned k = 0; k < 3; ++k) {
                const ImDrawVert& v =
                    list.VtxBuffer[static_cast<int>(cmd.VtxOffset) +
                                   list.IdxBuffer[static_cast<int>(cmd.IdxOffset + i + k)]];
                b.x0 = std::min(b.x0, v.pos.x);
                b.y0 = std::min(b.y0, v.pos.y);
                b.x1 = std::max(b.x1, v.pos.x);
                b.y1 = std::max(b.y1, v.pos.y);
                ofColour = ofColour && v.col == colour;
            }
            if (colour == 0 || ofColour) out.push_back(b);
        }
    }
    return out;
}

std::vector<const ImDrawCmd*> clears(const ImDrawList& list) {
    std::vector<const ImDrawCmd*> out;
    for (const ImDrawCmd& cmd : list.CmdBuffer)
        if (cmd.UserCallback == ui::clearRectMarker) out.push_back(&cmd);
    return out;
}

TEST(UiLogBackground, TheLinesPanelIsClearedBehindItNotFilledWithAQuad) {
    core::AppState s;
    ui::logv::LogState log;
    std::vector<core::LogLine> lines;
    for (int64_t id = 1; id <= 5; ++id) {  // a short log: most of the panel is background
        core::LogLine l;
        l.id = id;
        l.at = 1'800'000'000'000 + id * 1000;
        l.message = "line " + std::to_string(id);
        lines.push_back(l);
    }
    log.store.appendBatch(lines);
    log.view.update(log.store);
    log.tailLoaded = true;

    ImGuiFrame frame(1000.0f, 700.0f);
    ui::UiState u;
    ui::ItemRects rects;
    ui::Fonts fonts;
    ui::FrameContext ctx{fonts, u, rects, 0};
    core::Intents out;
    ImGui::GetStyle().ChildRounding = 6.0f;  // as the app's themes (ui/theme.cpp): rounded and
    ImGui::GetStyle().Colors[ImGuiCol_ChildBg] = ImVec4(0.10f, 0.11f, 0.135f, 1.0f);  // opaque
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(1000, 700));
    ImGui::Begin("log view", nullptr, ImGuiWindowFlags_NoDecoration);
    ui::logv::linesArea(s, log, ctx, out);
    ImGui::End();
    ImGui::Render();

    const ImGuiWindow* panel = nullptr;
    for (const ImGuiWindow* w : GImGui->Windows)
        if (std::strstr(w->Name, "log.lines")) panel = w;
    ASSERT_NE(panel, nullptr);
    const float area = panel->Size.x * panel->Size.y;
    ASSERT_GT(area, 300.0f * 300.0f) << "the panel fills most of the frame";
    const ImU32 bg = ImGui::GetColorU32(ImGuiCol_ChildBg);
    const float r = ImGui::GetStyle().ChildRounding;

    const ImU32 border = ImGui::GetColorU32(ImGuiCol_Border);
    const ImDrawData& d = *ImGui::GetDrawData();
    int clearsSeen = 0;
    float stripsArea = 0.0f;
    for (int n = 0; n < d.CmdListsCount; ++n) {
        const ImDrawList& list = *d.CmdLists[n];
        // No shape in the background's colour covers the panel (ImGui would draw its background
        // as a triangle fan over the whole of it, into the window's list or the child's); only
        // the strips with the rounded corners are drawn.
        for (const Box& b : triangles(list, bg)) {
            EXPECT_LT(b.area(), area * 0.25f)
                << "a shape covering the panel, in " << list._OwnerName;
            if (b.x1 - b.x0 < panel->Size.x * 0.5f) continue;
            EXPECT_LE(b.y1 - b.y0, r + 2.0f) << "only strips as tall as a corner are filled";
            stripsArea += b.area();
        }
        // The clear of the panel between its rounded corners, in the background's colour, before
        // the panel's border is drawn (not over it).
        for (int c = 0; c < list.CmdBuffer.Size; ++c) {
            const ImDrawCmd& cmd = list.CmdBuffer[c];
            if (cmd.UserCallback != ui::clearRectMarker) continue;
            ++clearsSeen;
            EXPECT_EQ(ui::clearRectColour(cmd), bg);
            EXPECT_FLOAT_EQ(cmd.ClipRect.x, panel->Pos.x);
            EXPECT_FLOAT_EQ(cmd.ClipRect.z, panel->Pos.x + panel->Size.x);
            EXPECT_FLOAT_EQ(cmd.ClipRect.y, panel->Pos.y + r);
            EXPECT_FLOAT_EQ(cmd.ClipRect.w, panel->Pos.y + panel->Size.y - r);
            bool borderAfter = false;
            for (const Box& b : triangles(list, border, c + 1))
                borderAfter = borderAfter || b.y1 - b.y0 > panel->Size.y * 0.5f;
            for (int m = n + 1; m < d.CmdListsCount; ++m)
                for (const Box& b : triangles(*d.CmdLists[m], border))
                    borderAfter = borderAfter || b.y1 - b.y0 > panel->Size.y * 0.5f;
            EXPECT_TRUE(borderAfter) << "the panel's border is drawn after the clear";
        }
    }
    EXPECT_EQ(clearsSeen, 1) << "one clear for the panel's background";
    EXPECT_GT(stripsArea, 0.0f) << "its rounded top and bottom drawn as shapes";
}

TEST(UiLogBackground, AnOpaqueRectIsOneClearAndTwoRoundedStrips) {
    ImGuiFrame frame;
    ImDrawList& dl = *ImGui::GetForegroundDrawList();
    const ImU32 red = IM_COL32(255, 0, 0, 255);
    const size_t before = clears(dl).size();
    ui::addOpaqueRect(dl, ImVec2(10, 20), ImVec2(410, 320), red, 6.0f);
    const std::vector<const ImDrawCmd*> c = clears(dl);
    ASSERT_EQ(c.size(), before + 1);
    EXPECT_EQ(ui::clearRectColour(*c.back()), red);
    EXPECT_FLOAT_EQ(c.back()->ClipRect.y, 26.0f);
    EXPECT_FLOAT_EQ(c.back()->ClipRect.w, 314.0f);
    const std::vector<Box> strips = triangles(dl, red);
    ASSERT_FALSE(strips.empty());
    for (const Box& b : strips) EXPECT_LE(b.y1 - b.y0, 7.0f + 1.0f);  // (AA fringe: ½ px each side)

    // Square corners: the whole rectangle cleared, nothing drawn.
    const int vertices = dl.VtxBuffer.Size;
    ui::addOpaqueRect(dl, ImVec2(0, 0), ImVec2(100, 50), red, 0.0f);
    const std::vector<const ImDrawCmd*> c2 = clears(dl);
    ASSERT_EQ(c2.size(), before + 2);
    EXPECT_FLOAT_EQ(c2.back()->ClipRect.y, 0.0f);
    EXPECT_FLOAT_EQ(c2.back()->ClipRect.w, 50.0f);
    EXPECT_EQ(dl.VtxBuffer.Size, vertices);
}

}  // namespace
