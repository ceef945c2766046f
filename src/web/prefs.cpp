// web/prefs.cpp — see prefs.h.
#include "web/prefs.h"

#include <emscripten.h>

#include <cstdlib>
#include <string>

namespace web {
namespace {

// clang-format off
EM_JS(char*, js_local_get, (const char* key), {
    let v = null;
    try { v = window.localStorage.getItem(UTF8ToString(key)); } catch (e) {}
    if (!v) return 0;
    const len = lengthBytesUTF8(v) + 1;
    const p = _malloc(len);
    stringToUTF8(v, p, len);
    return p;
});
EM_JS(void, js_local_set, (const char* key, const char* value), {
    try { window.localStorage.setItem(UTF8ToString(key), UTF8ToString(value)); } catch (e) {}
});
// clang-format on

const char* themeName(ui::Theme t) {
    return t == ui::Theme::Light ? "light" : "dark";
}

}  // namespace

void PreferenceStore::load(ui::UiState& ui, ui::Theme systemTheme) {
    systemTheme_ = systemTheme;
    char* raw = js_local_get(kKey);
    const std::string text = raw ? raw : "";
    std::free(raw);
    saved_ = core::preferencesFromJson(text);
    ui.theme = saved_.theme == "light"  ? ui::Theme::Light
               : saved_.theme == "dark" ? ui::Theme::Dark
                                        : systemTheme;
    themeChosen_ = saved_.theme == "light" || saved_.theme == "dark";
    lastTheme_ = ui.theme;
    ui.timeZone.local = saved_.localTime;
    ui.logLevels = saved_.levels;
    ui.logWrap = saved_.wrap;
    ui.copyWithMeta = saved_.copyWithMeta;
}

core::Preferences PreferenceStore::current(const ui::UiState& ui) const {
    core::Preferences p;
    // Switching back to the system's theme is "follow the system": it changes with it then.
    p.theme = themeChosen_ ? themeName(ui.theme) : "";
    p.localTime = ui.timeZone.local;
    p.levels = ui.logLevels;
    p.wrap = ui.logWrap;
    p.copyWithMeta = ui.copyWithMeta;
    return p;
}

void PreferenceStore::saveIfChanged(const ui::UiState& ui) {
    if (ui.theme != lastTheme_) {  // the top bar's switch
        lastTheme_ = ui.theme;
        themeChosen_ = ui.theme != systemTheme_;
    }
    const core::Preferences now = current(ui);
    if (now == saved_) return;
    saved_ = now;
    js_local_set(kKey, core::preferencesToJson(now).c_str());
}

bool PreferenceStore::systemThemeChanged(ui::UiState& ui, ui::Theme systemTheme) {
    systemTheme_ = systemTheme;
    if (themeChosen_ || ui.theme == systemTheme) return false;
    ui.theme = lastTheme_ = systemTheme;
    return true;
}

}  // namespace web
