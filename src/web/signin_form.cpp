// web/signin_form.cpp — see signin_form.h.
#include "web/signin_form.h"

#include <emscripten.h>

#include <nlohmann/json.hpp>
#include <string>

namespace web {
namespace {

ui::LoginUi* gLogin = nullptr;
std::function<void()> gOnAction;
std::string gShown;  // the last screen written into the DOM (JSON), to write only changes

// clang-format off
EM_JS(void, js_signin_install, (), {
    const f = document.getElementById('signin');
    if (!f || f.dataset.installed) return;
    f.dataset.installed = '1';
    const el = function(id) { return document.getElementById(id); };
    const token = el('signin-token'), email = el('signin-email'), password = el('signin-password');
    // The button names what it will send: the email and password when those were typed last.
    f.syncscopeByPassword = false;
    const mark = function(byPassword) {
        f.syncscopeByPassword = byPassword;
        f.syncscopeLabel();
    };
    f.syncscopeLabel = function() {
        el('signin-submit').textContent = f.dataset.busy === '1' ? 'Signing in…'
            : f.dataset.passwords !== '1' ? 'Sign in'
            : f.syncscopeByPassword ? 'Sign in with email' : 'Sign in with token';
    };
    token.addEventListener('input', function() { mark(false); });
    email.addEventListener('input', function() { mark(true); });
    password.addEventListener('input', function() { mark(true); });
    // A string handed to the app in the wasm heap, zeroed there once the app has copied it.
    const withString = function(s, use) {
        const n = lengthBytesUTF8(s) + 1;
        const p = _malloc(n);
        stringToUTF8(s, p, n);
        try { use(p); } finally { HEAPU8.fill(0, p, p + n); _free(p); }
    };
    f.addEventListener('submit', function(e) {
        e.preventDefault();  // never sent anywhere by the browser (form-action 'none')
        try {
            if (f.dataset.busy === '1') return;
            const byPassword = f.dataset.passwords === '1' && f.syncscopeByPassword;
            // Enter in the email with no password yet: on to the password, as a site's form does.
            if (byPassword && document.activeElement === email && !password.value) {
                password.focus();
                return;
            }
            const apiKey = el('signin-scheme-apikey').checked ? 1 : 0;
            const tab = el('signin-remember').checked ? 1 : 0;
            const device = el('signin-remember-device').checked ? 1 : 0;
            withString(byPassword ? "" : token.value, function(t) {
                withString(byPassword ? email.value : "", function(m) {
                    withString(byPassword ? password.value : "", function(pw) {
                        _syncscope_signin_submit(t, m, pw, apiKey, tab, device, byPassword ? 1 : 0);
                    });
                });
            });
        } finally {
            // The app holds them now; the page keeps no copy (a refused one is typed again).
            token.value = "";
            password.value = "";
        }
    });
    el('signin-retry').addEventListener('click', function() { _syncscope_signin_action(2); });
    el('signin-cancel').addEventListener('click', function() { _syncscope_signin_action(3); });
    // The app's own interface font, for the form to look like the canvas around it.
    try {
        const url = Module.syncscopeAssets && Module.syncscopeAssets.fontUi;
        if (url && window.FontFace && document.fonts) {
            new FontFace('SyncScope UI', 'url("' + url + '")').load().then(
                function(face) { document.fonts.add(face); }, function() {});
        }
    } catch (e) { /* the system font then */ }
});

EM_JS(void, js_signin_theme, (int light), {
    document.documentElement.dataset.theme = light ? 'light' : 'dark';
});

EM_JS(void, js_signin_update, (const char* json), {
    const f = document.getElementById('signin');
    if (!f) return;
    const s = JSON.parse(UTF8ToString(json));
    const el = function(id) { return document.getElementById(id); };
    if (!s.visible) {
        if (f.hidden) return;
        // Signed in: the keyboard goes back to the canvas (its shortcuts), if the form had it or
        // lost it while disabled — never taken from a portal around a framed app.
        const active = document.activeElement;
        const hadKeyboard = !active || active === document.body || f.contains(active);
        f.hidden = true;
        if (hadKeyboard && document.hasFocus()) {
            const c = document.getElementById('canvas');
            if (c) c.focus({preventScroll: true});
        }
        return;
    }
    const form = s.mode === 'form';
    f.style.setProperty('--ss-top', s.top + 'px');  // the CSSOM: allowed by the CSP's style rules
    f.dataset.passwords = s.passwords ? '1' : "";
    f.dataset.busy = s.busy ? '1' : "";
    el('signin-form-part').hidden = !form;
    el('signin-status-part').hidden = form;
    el('signin-password-part').hidden = !s.passwords;
    el('signin-fields').disabled = s.busy;
    el('signin-token-label').textContent = s.passwords ? 'Token or API key' : 'API key or token';
    el('signin-intro').textContent = s.passwords
        ? 'Paste the API token or key your integration platform gave you, or sign in with your ' +
          'email and password. The token is sent only in the Authorization header.'
        : 'Paste the API key (or a token) your integration platform gave you. It is sent only in ' +
          'the Authorization header.';
    if (!f.dataset.schemeSet) {  // the dialect's way, once; then the user's choice stays
        f.dataset.schemeSet = '1';
        el(s.apiKeyScheme ? 'signin-scheme-apikey' : 'signin-scheme-bearer').checked = true;
    }
    if (!f.dataset.rememberSet) {  // ticked once for a remembered token; then the user's
        f.dataset.rememberSet = '1';
        el('signin-remember').checked = !!s.rememberTab;
        el('signin-remember-device').checked = !!s.rememberDevice;
    }
    if (!s.passwords) f.syncscopeByPassword = false;
    f.syncscopeLabel();
    const message = el('signin-message');
    message.textContent = s.message;
    message.hidden = !s.message;
    message.classList.toggle('warning', !!s.warning);
    el('signin-retry').hidden = !s.canRetry;
    el('signin-status').textContent = s.status;
    el('signin-detail').textContent = s.detail;
    // login.retrying and login.cancel: the retry screen only ("Signing in…" has neither).
    const retrying = s.mode === 'retrying';
    if (retrying) el('signin-status').dataset.item = 'login.retrying';
    else delete el('signin-status').dataset.item;
    el('signin-cancel').hidden = !retrying;
    f.hidden = false;
    // The keyboard to a field when asked — not taken from a portal around a framed app.
    if (form && !s.busy && String(s.focus) !== f.dataset.focus) {
        f.dataset.focus = String(s.focus);
        let framed = true;
        try { framed = window.parent !== window; } catch (e) {}
        if (!framed || document.hasFocus()) {
            el(s.focusPassword ? 'signin-password' : 'signin-token').focus({preventScroll: true});
        }
    }
});
// clang-format on

const char* modeName(ui::LoginScreen::Mode m) {
    switch (m) {
        case ui::LoginScreen::Mode::Form: return "form";
        case ui::LoginScreen::Mode::Checking: return "checking";
        case ui::LoginScreen::Mode::Retrying: return "retrying";
    }
    return "form";
}

}  // namespace

void startSignInForm(ui::LoginUi* login, std::function<void()> onAction) {
    gLogin = login;
    gOnAction = std::move(onAction);
    js_signin_install();
}

void updateSignInForm(bool visible, const ui::LoginScreen& s, bool light) {
    nlohmann::json j = {{"visible", visible}};
    if (visible)
        j = {{"visible", true},
             {"mode", modeName(s.mode)},
             {"passwords", s.passwords},
             {"apiKeyScheme", s.apiKeyScheme},
             {"busy", s.busy},
             {"top", s.top},
             {"status", s.status},
             {"detail", s.detail},
             {"message", s.message},
             {"warning", s.messageIsWarning},
             {"canRetry", s.canRetry},
             {"rememberTab", s.rememberTab},
             {"rememberDevice", s.rememberDevice},
             {"focus", s.focusSerial},
             {"focusPassword", s.focusPassword},
             {"light", light}};
    else
        j["light"] = light;
    std::string shown = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (shown == gShown) return;
    gShown = std::move(shown);
    js_signin_theme(light ? 1 : 0);
    js_signin_update(gShown.c_str());
}

}  // namespace web

// What the form handed over: copied into LoginUi (the page zeroes its buffers after this call).
extern "C" EMSCRIPTEN_KEEPALIVE void syncscope_signin_submit(const char* token, const char* email,
                                                             const char* password, int apiKey,
                                                             int rememberTab, int rememberDevice,
                                                             int byPassword) {
    ui::LoginUi* l = web::gLogin;
    if (!l) return;
    l->token = token ? token : "";
    l->email = email ? email : "";
    l->password = password ? password : "";
    l->schemeIndex = apiKey ? 1 : 0;
    l->rememberMe = rememberTab != 0;
    l->rememberDevice = rememberDevice != 0;
    l->byPassword = byPassword != 0;
    l->action = ui::LoginUi::Action::Submit;
    if (web::gOnAction) web::gOnAction();
}

extern "C" EMSCRIPTEN_KEEPALIVE void syncscope_signin_action(int action) {
    ui::LoginUi* l = web::gLogin;
    if (!l) return;
    l->action = action == 2 ? ui::LoginUi::Action::TryAgain : ui::LoginUi::Action::Cancel;
    if (web::gOnAction) web::gOnAction();
}
