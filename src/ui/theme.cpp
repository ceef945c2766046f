// ui/theme.cpp — SyncScope's look: a dark theme for long nights, with generous row height.
#include "imgui.h"
#include "ui/views.h"

namespace ui {

void applyTheme() {
    ImGui::StyleColorsDark();
    ImGuiStyle& st = ImGui::GetStyle();
    st.WindowPadding = ImVec2(14, 10);
    st.FramePadding = ImVec2(8, 5);
    st.CellPadding = ImVec2(8, 5);
    st.ItemSpacing = ImVec2(8, 7);
    st.FrameRounding = 4;
    st.ChildRounding = 6;
    st.GrabRounding = 4;
    st.ScrollbarSize = 13;
    st.ScrollbarRounding = 6;
    ImVec4* c = st.Colors;
    c[ImGuiCol_WindowBg] = ImVec4(0.075f, 0.085f, 0.105f, 1.0f);
    c[ImGuiCol_ChildBg] = ImVec4(0.10f, 0.11f, 0.135f, 1.0f);
    c[ImGuiCol_Border] = ImVec4(0.22f, 0.24f, 0.29f, 1.0f);
    c[ImGuiCol_FrameBg] = ImVec4(0.13f, 0.145f, 0.18f, 1.0f);
    c[ImGuiCol_FrameBgHovered] = ImVec4(0.17f, 0.19f, 0.24f, 1.0f);
    c[ImGuiCol_FrameBgActive] = ImVec4(0.20f, 0.23f, 0.29f, 1.0f);
    c[ImGuiCol_Button] = ImVec4(0.17f, 0.30f, 0.52f, 1.0f);
    c[ImGuiCol_ButtonHovered] = ImVec4(0.22f, 0.38f, 0.64f, 1.0f);
    c[ImGuiCol_ButtonActive] = ImVec4(0.26f, 0.44f, 0.72f, 1.0f);
    c[ImGuiCol_Header] = ImVec4(0.20f, 0.32f, 0.52f, 0.55f);
    c[ImGuiCol_HeaderHovered] = ImVec4(0.22f, 0.36f, 0.60f, 0.45f);
    c[ImGuiCol_HeaderActive] = ImVec4(0.24f, 0.40f, 0.66f, 0.65f);
    c[ImGuiCol_TableHeaderBg] = ImVec4(0.12f, 0.135f, 0.17f, 1.0f);
    c[ImGuiCol_TableRowBgAlt] = ImVec4(1.0f, 1.0f, 1.0f, 0.025f);
    c[ImGuiCol_Text] = ImVec4(0.90f, 0.92f, 0.95f, 1.0f);
    c[ImGuiCol_TextDisabled] = ImVec4(0.55f, 0.59f, 0.66f, 1.0f);
}

}  // namespace ui
