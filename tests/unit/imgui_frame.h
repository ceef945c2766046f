// tests/unit/imgui_frame.h — a Dear ImGui frame with no renderer, as ImGui's example_null runs
// one: a context, a display size, the font atlas built with ImGui's default font (ProggyClean,
// 13 px, monospaced), NewFrame on construction, and Render (which draws nothing) on destruction.
// The views' layout runs in it natively (src/ui is built for the unit tests as for the app).
#pragma once

#include "imgui.h"

namespace testing_ui {

class ImGuiFrame {
public:
    explicit ImGuiFrame(float width = 1000.0f, float height = 700.0f) {
        ctx_ = ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(width, height);
        io.DeltaTime = 1.0f / 60.0f;
        io.Fonts->AddFontDefault();
        unsigned char* pixels = nullptr;
        int w = 0, h = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
        ImGui::NewFrame();
    }
    ~ImGuiFrame() {
        ImGui::Render();
        ImGui::DestroyContext(ctx_);
    }
    ImGuiFrame(const ImGuiFrame&) = delete;
    ImGuiFrame& operator=(const ImGuiFrame&) = delete;

private:
    ImGuiContext* ctx_ = nullptr;
};

}  // namespace testing_ui
