// web/a11y.cpp — see a11y.h.
#include "web/a11y.h"

#include <emscripten.h>

#include <nlohmann/json.hpp>

namespace web {
namespace {

// clang-format off
// {heading, lines}: an <h2> and a list, built with textContent (names come from the API: never
// markup).
EM_JS(void, js_set_summary, (const char* json), {
    const root = document.getElementById('a11y-summary');
    if (!root) return;
    const d = JSON.parse(UTF8ToString(json));
    const h = document.createElement('h2');
    h.textContent = d.heading;
    const ul = document.createElement('ul');
    d.lines.forEach(function(line) {
        const li = document.createElement('li');
        li.textContent = line;
        ul.appendChild(li);
    });
    root.replaceChildren(h, ul);
});
// The same words twice in a row must be spoken twice: empty the region first, fill it a moment
// later (screen readers announce the change of text, not its presence).
EM_JS(void, js_announce, (const char* text), {
    const el = document.getElementById('a11y-live');
    if (!el) return;
    const words = UTF8ToString(text);
    el.textContent = "";
    clearTimeout(el.__syncscopeTimer);
    el.__syncscopeTimer = setTimeout(function() { el.textContent = words; }, 50);
});
// clang-format on

}  // namespace

void ScreenReader::update(const core::AppState& s) {
    core::ViewDescription d = core::describeView(s);
    if (!written_ || d != shown_) {
        const nlohmann::json j = {{"heading", d.heading}, {"lines", d.lines}};
        js_set_summary(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
        shown_ = std::move(d);
        written_ = true;
    }
    const std::string words = announcer_.update(s);
    if (!words.empty()) js_announce(words.c_str());
}

void ScreenReader::toast(uint64_t serial, const std::string& text) {
    const std::string words = announcer_.toast(serial, text);
    if (!words.empty()) js_announce(words.c_str());
}

}  // namespace web
