// ui/login_view.cpp — the way in: a token or API key (sent as Bearer or raw), or email and
// password where the dialect has a login endpoint (the reference API's POST /login; Patchworks
// Core has none, so that part is not shown). "Remember me in this tab" keeps the token in this
// tab's sessionStorage, "Remember on this device" in localStorage (core/remembered_token.h).
//
// The form itself is HTML (shell/index.html), so that password managers can fill it; this view
// draws nothing into the canvas for it. Each frame it decides what the form shows (LoginScreen:
// the form, "Signing in…", or "Signing in… retrying in N s" with a way back to it) and turns what
// the form handed over (LoginUi::action, filled by src/web/signin_form.cpp) into intents — the
// same intents the canvas form sent. Once sent, the token and password are wiped from LoginUi.
#include <cctype>
#include <utility>

#include "core/secret.h"
#include "imgui.h"
#include "ui/view_parts.h"

namespace ui {
namespace {

std::string trimmed(const std::string& s) {
    size_t a = 0, b = s.size();
    while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
    while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
    return s.substr(a, b - a);
}

// What the form handed over with its last action: one intent, and the secrets forgotten.
// Returns whether there was one (its intent is applied after this frame).
bool takeAction(const core::AppState& s, LoginUi& ui, core::Intents& out) {
    const LoginUi::Action action = std::exchange(ui.action, LoginUi::Action::None);
    switch (action) {
        case LoginUi::Action::None: return false;
        case LoginUi::Action::Submit:
            if (s.signingIn) break;  // the form is disabled meanwhile; a late Enter does nothing
            ui.submitted = true;
            ui.focusWanted = true;  // if it is refused, type it again straight away
            if (ui.byPassword && s.capabilities.passwordLogin) {
                out.add(core::intent::PasswordLogin{core::PasswordLogin{ui.email, ui.password},
                                                    ui.rememberMe, ui.rememberDevice});
                ui.focusPassword = true;
            } else {
                // Tokens are pasted: surrounding spaces and line breaks are never part of them.
                out.add(core::intent::SignIn{
                    core::Credentials{trimmed(ui.token), ui.schemeIndex == 1
                                                             ? core::AuthScheme::ApiKey
                                                             : core::AuthScheme::Bearer},
                    ui.rememberMe, ui.rememberDevice});
                ui.focusPassword = false;
            }
            break;
        // The API could not be reached with a token the App still holds (a demo link, a
        // remembered session): one click tries it again, without pasting it anew.
        case LoginUi::Action::TryAgain:
            if (s.credentials.empty() || s.signingIn) break;
            out.add(core::intent::SignIn{s.credentials, s.rememberToken, s.rememberOnDevice});
            ui.submitted = true;
            break;
        case LoginUi::Action::Cancel:
            if (s.signingIn) out.add(core::intent::CancelSignIn{});
            ui.focusWanted = true;
            break;
    }
    // The App holds them now (or they were not wanted): the UI keeps no copy.
    core::wipe(ui.token);
    core::wipe(ui.password);
    return true;
}

}  // namespace

void drawLoginView(const core::AppState& s, FrameContext& ctx, core::Intents& out) {
    LoginUi& ui = ctx.ui.login;
    if (!s.signingIn) ui.submitted = false;
    const bool acted = takeAction(s, ui, out);

    LoginScreen next;
    next.passwords = s.capabilities.passwordLogin;
    next.apiKeyScheme = s.config.dialect == core::Dialect::PatchworksCore;
    next.busy = s.signingIn;
    next.focusSerial = ui.screen.focusSerial;
    // Below what the canvas drew above the view (the top bar, wrapped when narrow, and the
    // plain-http warning): the form is placed from there.
    next.top = static_cast<int>(ImGui::GetCursorScreenPos().y + 0.5f);
    next.rememberTab = ui.rememberMe;
    next.rememberDevice = ui.rememberDevice;
    if (s.signingIn && (!ui.submitted || s.signInRetry.failures > 0)) {
        // A token from a demo link, a portal or remembered: no form to fill while it is checked.
        // Nor while a token (typed too) is retried after a failure that says nothing about it:
        // the API will be asked again by itself.
        if (s.signInRetry.failures == 0) {
            next.mode = LoginScreen::Mode::Checking;
            next.status = "Signing in…";
            next.detail = "Checking the token with the API.";
        } else {
            next.mode = LoginScreen::Mode::Retrying;
            // The countdown: whole seconds left, rounded up; redrawn when the number changes.
            const core::TimeMs left = ctx.localNow ? s.signInRetry.retryAt - ctx.localNow : 0;
            if (s.signInRetry.retryAt > 0 && left > 0) {
                const int seconds = static_cast<int>((left + 999) / 1000);
                next.status = "Signing in… retrying in " + std::to_string(seconds) + " s";
                ctx.redrawBy(s.signInRetry.retryAt - (seconds - 1) * 1000LL);
            } else {
                next.status = "Signing in… retrying now";
            }
            next.detail = "The API did not answer the sign-in (" + s.signInRetry.error +
                          "). That says nothing about the token: it is kept and tried again by "
                          "itself.";
        }
    } else {
        next.mode = LoginScreen::Mode::Form;
        next.message = s.loginMessage;
        next.messageIsWarning = s.auth == core::AuthState::Expired;
        next.canRetry = !s.credentials.empty() && !s.signingIn;
        // The keyboard goes to a field once the form can be typed into: when it first shows,
        // and again after a refusal (not in the frame that sends: the answer is not in yet).
        if (ui.focusWanted && !s.signingIn && !acted) {
            ++next.focusSerial;
            next.focusPassword = ui.focusPassword && next.passwords;
            ui.focusWanted = false;
        } else {
            next.focusPassword = ui.screen.focusPassword;
        }
    }
    if (next.mode != LoginScreen::Mode::Form) ui.focusWanted = true;  // back to the form: focus
    ui.screen = std::move(next);
}

}  // namespace ui
