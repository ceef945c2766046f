// ui/login_view.cpp — the way in: a token or API key, sent as Bearer or raw.
#include <algorithm>
#include <cctype>

#include "imgui.h"
#include "ui/view_parts.h"
#include "ui/widgets.h"

namespace ui {

void drawLoginView(const core::AppState& s, FrameContext& ctx, core::Intents& out) {
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float width = std::min(440.0f, avail.x);
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (avail.x - width) * 0.5f);
    ImGui::SetCursorPosY(ImGui::GetCursorPosY() + std::max(0.0f, avail.y * 0.18f));
    ImGui::BeginChild("login", ImVec2(width, 0),
                      ImGuiChildFlags_AutoResizeY | ImGuiChildFlags_Border);
    ImGui::TextUnformatted("Sign in");
    ImGui::Spacing();
    ImGui::PushTextWrapPos(0.0f);
    textMuted(
        "Paste the API token or key your integration platform gave you. It is sent only in "
        "the Authorization header and kept in no storage.");
    ImGui::PopTextWrapPos();
    ImGui::Spacing();

    ImGui::TextUnformatted("Token or API key");
    ImGui::SetNextItemWidth(-FLT_MIN);
    if (ctx.ui.focusToken) {
        activateNext("##token");  // type or paste straight away, no click needed
        ctx.ui.focusToken = false;
    }
    const bool entered =
        inputText("##token", "Token", ctx.ui.tokenInput,
                  ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue);
    recordItem(ctx.items, "login.token");
    ImGui::RadioButton("Bearer token", &ctx.ui.schemeIndex, 0);
    recordItem(ctx.items, "login.scheme.bearer");
    ImGui::SameLine();
    ImGui::RadioButton("API key (sent raw)", &ctx.ui.schemeIndex, 1);
    recordItem(ctx.items, "login.scheme.apikey");
    ImGui::Spacing();

    ImGui::BeginDisabled(s.signingIn);
    const bool clicked =
        ImGui::Button(s.signingIn ? "Signing in…" : "Sign in", ImVec2(-FLT_MIN, 0));
    recordItem(ctx.items, "login.submit");
    ImGui::EndDisabled();
    if ((clicked || entered) && !s.signingIn) {
        core::Credentials c;
        c.token = ctx.ui.tokenInput;
        // Tokens are pasted: surrounding spaces and line breaks are never part of them.
        while (!c.token.empty() && std::isspace(static_cast<unsigned char>(c.token.back())))
            c.token.pop_back();
        size_t start = 0;
        while (start < c.token.size() && std::isspace(static_cast<unsigned char>(c.token[start])))
            ++start;
        c.token.erase(0, start);
        c.scheme = ctx.ui.schemeIndex == 1 ? core::AuthScheme::ApiKey : core::AuthScheme::Bearer;
        out.signIn = c;
        ctx.ui.tokenInput.clear();  // the app holds it now; the widget keeps no copy
        ctx.ui.focusToken = true;   // ready for another try if it is refused
    }
    if (!s.loginMessage.empty()) {
        ImGui::Spacing();
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextColored(ImVec4(1.0f, 0.55f, 0.5f, 1.0f), "%s", s.loginMessage.c_str());
        ImGui::PopTextWrapPos();
        recordItem(ctx.items, "login.message");
    }
    ImGui::EndChild();
}

}  // namespace ui
