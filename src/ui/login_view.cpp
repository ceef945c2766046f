// ui/login_view.cpp — the way in: a token or API key (sent as Bearer or raw), or email and
// password where the dialect has a login endpoint (the reference API's POST /login; Patchworks
// Core has none, so that part is not drawn). "Remember me" keeps the token in this tab only.
//
// The form keeps what is typed in LoginUi until it is submitted; then the App holds the token and
// the form forgets it (and the password). A token that arrived some other way (a demo link, the
// one remembered in this tab) is being checked while "Signing in…" shows instead of the form; after
// a 5xx, 429, timeout or dropped connection, "Signing in… retrying in N s" with a way back to it.
#include <algorithm>
#include <cctype>

#include "core/secret.h"
#include "imgui.h"
#include "ui/imgui_seam.h"  // the text fields' state: ImGui's copies of a typed token
#include "ui/view_parts.h"
#include "ui/widgets.h"

namespace ui {
namespace {

std::string trimmed(const std::string& s) {
    size_t a = 0, b = s.size();
    while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
    while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
    return s.substr(a, b - a);
}

// ImGui keeps its own copies of what was typed into the field last edited (as UTF-8 and as
// UTF-16, the text before editing, and the text when it was deactivated) until another field is
// edited: after a submit they are overwritten and let go, the field deactivated first.
void forgetTypedText() {
    seam::wipeTextFieldCopies();
}

void wrapped(const char* text) {
    ImGui::PushTextWrapPos(0.0f);
    textMuted("%s", text);
    ImGui::PopTextWrapPos();
}

// The card the form sits in: centred, at most 440 px wide, a little above the middle.
void beginCard(const char* id) {
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float width = std::min(440.0f, avail.x);
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (avail.x - width) * 0.5f);
    ImGui::SetCursorPosY(ImGui::GetCursorPosY() + std::max(0.0f, avail.y * 0.12f));
    ImGui::BeginChild(id, ImVec2(width, 0), ImGuiChildFlags_AutoResizeY | ImGuiChildFlags_Border);
}

void tokenFields(const core::AppState& s, LoginUi& ui, ItemRects& items, bool& submit) {
    ImGui::TextUnformatted(s.capabilities.passwordLogin ? "Token or API key" : "API key or token");
    ImGui::SetNextItemWidth(-FLT_MIN);
    if (ui.focusToken) {
        activateNext("##token");  // type or paste straight away, no click needed
        ui.focusToken = false;
    }
    const bool entered =
        inputText("##token", "Paste it here", ui.token,
                  ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue);
    if (ImGui::IsItemEdited() || entered) ui.byPassword = false;
    submit |= entered;
    recordItem(items, "login.token");
    ImGui::RadioButton("Bearer token", &ui.schemeIndex, 0);
    recordItem(items, "login.scheme.bearer");
    sameLineOrWrap(ImGui::CalcTextSize("API key (sent raw)").x + ImGui::GetFrameHeight() * 2);
    ImGui::RadioButton("API key (sent raw)", &ui.schemeIndex, 1);
    recordItem(items, "login.scheme.apikey");
}

void passwordFields(LoginUi& ui, ItemRects& items, bool& submit) {
    ImGui::TextUnformatted("Email");
    ImGui::SetNextItemWidth(-FLT_MIN);
    const bool emailEntered =
        inputText("##email", "you@company.example", ui.email, ImGuiInputTextFlags_EnterReturnsTrue);
    if (ImGui::IsItemEdited()) ui.byPassword = true;
    if (emailEntered) {
        ui.byPassword = true;
        if (ui.password.empty())
            ui.focusPassword = true;  // on to the password, as a browser's form would
        else
            submit = true;
    }
    recordItem(items, "login.email");
    ImGui::TextUnformatted("Password");
    ImGui::SetNextItemWidth(-FLT_MIN);
    if (ui.focusPassword) {
        activateNext("##password");
        ui.focusPassword = false;
    }
    const bool entered =
        inputText("##password", "Password", ui.password,
                  ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue);
    if (ImGui::IsItemEdited() || entered) ui.byPassword = true;
    submit |= entered;
    recordItem(items, "login.password");
}

}  // namespace

void drawLoginView(const core::AppState& s, FrameContext& ctx, core::Intents& out) {
    LoginUi& ui = ctx.ui.login;
    if (!s.signingIn) ui.submitted = false;
    if (ui.schemeIndex < 0)
        ui.schemeIndex = s.config.dialect == core::Dialect::PatchworksCore ? 1 : 0;
    const bool passwords = s.capabilities.passwordLogin;
    if (!passwords) ui.byPassword = false;

    if (s.signingIn && (!ui.submitted || s.signInRetry.failures > 0)) {
        // A token from a demo link, a portal or this tab's memory: no form to fill while it is
        // checked. Nor while a token (typed too) is retried after a failure that says nothing
        // about it: the API will be asked again by itself.
        beginCard("login");
        if (s.signInRetry.failures == 0) {
            ImGui::TextUnformatted("Signing in…");
            wrapped("Checking the token with the API.");
            ImGui::EndChild();
            return;
        }
        // The countdown: whole seconds left, rounded up; redrawn when the number changes.
        const core::TimeMs left = ctx.localNow ? s.signInRetry.retryAt - ctx.localNow : 0;
        if (s.signInRetry.retryAt > 0 && left > 0) {
            const int seconds = static_cast<int>((left + 999) / 1000);
            ImGui::Text("Signing in… retrying in %d s", seconds);
            ctx.redrawBy(s.signInRetry.retryAt - (seconds - 1) * 1000LL);
        } else {
            ImGui::TextUnformatted("Signing in… retrying now");
        }
        recordItem(ctx.items, "login.retrying");
        const std::string why = "The API did not answer the sign-in (" + s.signInRetry.error +
                                "). That says nothing about the token: it is kept and tried "
                                "again by itself.";
        wrapped(why.c_str());
        ImGui::Spacing();
        if (ImGui::Button("Use another token", ImVec2(-FLT_MIN, 0)))
            out.add(core::intent::CancelSignIn{});
        recordItem(ctx.items, "login.cancel");
        ImGui::EndChild();
        return;
    }

    beginCard("login");
    ImGui::TextUnformatted("Sign in");
    ImGui::Spacing();
    wrapped(passwords ? "Paste the API token or key your integration platform gave you, or sign in "
                        "with your email and password. The token is sent only in the "
                        "Authorization header."
                      : "Paste the API key (or a token) your integration platform gave you. It is "
                        "sent only in the Authorization header.");
    ImGui::Spacing();

    bool submit = false;
    ImGui::BeginDisabled(s.signingIn);
    tokenFields(s, ui, ctx.items, submit);
    if (passwords) {
        ImGui::Spacing();
        ImGui::SeparatorText("or with your email");
        passwordFields(ui, ctx.items, submit);
    }
    ImGui::Spacing();
    ImGui::Checkbox("Remember me in this tab", &ui.rememberMe);
    recordItem(ctx.items, "login.remember");
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_DelayNormal | ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip(
            "Keeps the token in this browser tab's session storage, so reloading the page keeps "
            "you signed in, until you sign out or close the tab.\nNever in cookies, local storage "
            "or the address bar.");
    ImGui::Spacing();
    const char* label = s.signingIn     ? "Signing in…###submit"
                        : !passwords    ? "Sign in###submit"
                        : ui.byPassword ? "Sign in with email###submit"
                                        : "Sign in with token###submit";
    submit |= ImGui::Button(label, ImVec2(-FLT_MIN, 0));
    recordItem(ctx.items, "login.submit");
    ImGui::EndDisabled();

    if (submit && !s.signingIn) {
        forgetTypedText();
        ui.submitted = true;
        if (ui.byPassword) {
            out.add(core::intent::PasswordLogin{core::PasswordLogin{ui.email, ui.password},
                                                ui.rememberMe});
            core::wipe(ui.password);  // the App sends it once; nothing keeps it
            ui.focusPassword = true;  // if it is refused, type it again straight away
        } else {
            // Tokens are pasted: surrounding spaces and line breaks are never part of them.
            out.add(core::intent::SignIn{
                core::Credentials{trimmed(ui.token), ui.schemeIndex == 1
                                                         ? core::AuthScheme::ApiKey
                                                         : core::AuthScheme::Bearer},
                ui.rememberMe});
            core::wipe(ui.token);  // the app holds it now; the widget keeps no copy
            ui.focusToken = true;  // ready for another try if it is refused
        }
    }

    if (!s.loginMessage.empty()) {
        ImGui::Spacing();
        ImGui::PushTextWrapPos(0.0f);
        textColoured(s.auth == core::AuthState::Expired ? kColourWarning : kColourError, "%s",
                     s.loginMessage.c_str());
        ImGui::PopTextWrapPos();
        recordItem(ctx.items, "login.message");
    }
    // The API could not be reached with a token the App still holds (a demo link, a remembered
    // session): one click tries it again, without pasting it anew.
    if (!s.credentials.empty() && !s.signingIn) {
        if (ImGui::Button("Try again")) {
            out.add(core::intent::SignIn{s.credentials, s.rememberToken});
            ui.submitted = true;
        }
        recordItem(ctx.items, "login.retry");
    }
    ImGui::EndChild();
}

}  // namespace ui
