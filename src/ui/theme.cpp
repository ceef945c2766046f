// ui/theme.cpp — SyncScope's two looks: a dark theme for long nights and wall screens, and a light
// one for daylight offices. Both share the spacing (generous rows, soft corners); the colours with
// a meaning (statuses, levels, warnings) switch with them in widgets.cpp's palette, so a badge
// reads as well on white as on slate.
#include "imgui.h"
#include "ui/views.h"
#include "ui/widgets.h"

namespace ui {
namespace {

Theme gApplied = Theme::Dark;

void spacing(ImGuiStyle& st) {
    st.WindowPadding = ImVec2(14, 10);
    st.FramePadding = ImVec2(8, 5);
    st.CellPadding = ImVec2(8, 5);
    st.ItemSpacing = ImVec2(8, 7);
    st.FrameRounding = 4;
    st.ChildRounding = 6;
    st.PopupRounding = 4;
    st.GrabRounding = 4;
    st.TabRounding = 4;
    st.ScrollbarSize = 13;
    st.ScrollbarRounding = 6;
}

void darkColours(ImVec4* c) {
    ImGui::StyleColorsDark();
    c[ImGuiCol_WindowBg] = ImVec4(0.075f, 0.085f, 0.105f, 1.0f);
    c[ImGuiCol_ChildBg] = ImVec4(0.10f, 0.11f, 0.135f, 1.0f);
    c[ImGuiCol_PopupBg] = ImVec4(0.11f, 0.12f, 0.15f, 0.98f);
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
    c[ImGuiCol_CheckMark] = ImVec4(0.49f, 0.71f, 1.0f, 1.0f);
    c[ImGuiCol_TableHeaderBg] = ImVec4(0.12f, 0.135f, 0.17f, 1.0f);
    c[ImGuiCol_TableBorderLight] = ImVec4(0.18f, 0.20f, 0.24f, 1.0f);
    c[ImGuiCol_TableRowBgAlt] = ImVec4(1.0f, 1.0f, 1.0f, 0.025f);
    c[ImGuiCol_Text] = ImVec4(0.90f, 0.92f, 0.95f, 1.0f);
    c[ImGuiCol_TextDisabled] = ImVec4(0.55f, 0.59f, 0.66f, 1.0f);
}

// Light: near-white surfaces, slate text, blue accents light enough that the buttons' dark labels
// (ImGui draws every label in ImGuiCol_Text) keep their contrast.
void lightColours(ImVec4* c) {
    ImGui::StyleColorsLight();
    c[ImGuiCol_WindowBg] = ImVec4(0.965f, 0.97f, 0.98f, 1.0f);
    c[ImGuiCol_ChildBg] = ImVec4(1.0f, 1.0f, 1.0f, 1.0f);
    c[ImGuiCol_PopupBg] = ImVec4(1.0f, 1.0f, 1.0f, 0.99f);
    c[ImGuiCol_Border] = ImVec4(0.76f, 0.79f, 0.84f, 1.0f);
    c[ImGuiCol_BorderShadow] = ImVec4(0.0f, 0.0f, 0.0f, 0.0f);
    c[ImGuiCol_FrameBg] = ImVec4(1.0f, 1.0f, 1.0f, 1.0f);
    c[ImGuiCol_FrameBgHovered] = ImVec4(0.93f, 0.95f, 0.99f, 1.0f);
    c[ImGuiCol_FrameBgActive] = ImVec4(0.88f, 0.92f, 0.99f, 1.0f);
    c[ImGuiCol_Button] = ImVec4(0.86f, 0.90f, 0.98f, 1.0f);
    c[ImGuiCol_ButtonHovered] = ImVec4(0.78f, 0.85f, 0.98f, 1.0f);
    c[ImGuiCol_ButtonActive] = ImVec4(0.69f, 0.79f, 0.97f, 1.0f);
    c[ImGuiCol_Header] = ImVec4(0.23f, 0.47f, 0.93f, 0.16f);
    c[ImGuiCol_HeaderHovered] = ImVec4(0.23f, 0.47f, 0.93f, 0.10f);
    c[ImGuiCol_HeaderActive] = ImVec4(0.23f, 0.47f, 0.93f, 0.22f);
    c[ImGuiCol_CheckMark] = ImVec4(0.15f, 0.39f, 0.92f, 1.0f);
    c[ImGuiCol_SliderGrab] = ImVec4(0.15f, 0.39f, 0.92f, 0.8f);
    c[ImGuiCol_TableHeaderBg] = ImVec4(0.925f, 0.935f, 0.95f, 1.0f);
    c[ImGuiCol_TableBorderStrong] = ImVec4(0.80f, 0.82f, 0.86f, 1.0f);
    c[ImGuiCol_TableBorderLight] = ImVec4(0.88f, 0.89f, 0.92f, 1.0f);
    c[ImGuiCol_TableRowBg] = ImVec4(1.0f, 1.0f, 1.0f, 0.0f);
    c[ImGuiCol_TableRowBgAlt] = ImVec4(0.0f, 0.0f, 0.0f, 0.025f);
    c[ImGuiCol_Separator] = ImVec4(0.80f, 0.82f, 0.86f, 1.0f);
    c[ImGuiCol_Text] = ImVec4(0.09f, 0.11f, 0.15f, 1.0f);
    c[ImGuiCol_TextDisabled] = ImVec4(0.39f, 0.43f, 0.50f, 1.0f);  // 5:1 on the window
    c[ImGuiCol_TextSelectedBg] = ImVec4(0.23f, 0.47f, 0.93f, 0.25f);
    c[ImGuiCol_ScrollbarBg] = ImVec4(0.0f, 0.0f, 0.0f, 0.0f);
}

}  // namespace

void applyTheme(Theme theme) {
    ImGuiStyle& st = ImGui::GetStyle();
    if (theme == Theme::Light)
        lightColours(st.Colors);
    else
        darkColours(st.Colors);
    spacing(st);
    // White fields on a near-white window need an outline to be seen (checkboxes, radios too);
    // on the dark theme the fields' fill stands out by itself.
    st.FrameBorderSize = theme == Theme::Light ? 1.0f : 0.0f;
    usePalette(theme);
    gApplied = theme;
}

Theme appliedTheme() {
    return gApplied;
}

}  // namespace ui
