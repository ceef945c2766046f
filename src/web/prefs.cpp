// web/prefs.cpp — see prefs.h.
#include "web/prefs.h"

#include <string>

#include "web/browser.h"

namespace web {
namespace {

const char* themeName(ui::Theme t) {
    return t == ui::Theme::Light ? "light" : "dark";
}

}  // namespace

void PreferenceStore::load(ui::UiState& ui, ui::Theme systemTheme) {
    systemTheme_ = systemTheme;
    saved_ = core::preferencesFromJson(deviceValue(kKey));
    ui.theme = saved_.theme == "light"  ? ui::Theme::Light
               : saved_.theme == "dark" ? ui::Theme::Dark
                                        : systemTheme;
    themeChosen_ = saved_.theme == "light" || saved_.theme == "dark";
    lastTheme_ = ui.theme;
    ui.timeZone.local = saved_.localTime;
    ui.logLevels = saved_.levels;
    ui.logWrap = saved_.wrap;
    ui.copyWithMeta = saved_.copyWithMeta;
    ui.logSignatures = saved_.signatures;
}

core::Preferences PreferenceStore::current(const ui::UiState& ui) const {
    core::Preferences p;
    // Switching back to the system's theme is "follow the system": it changes with it then.
    p.theme = themeChosen_ ? themeName(ui.theme) : "";
    p.localTime = ui.timeZone.local;
    p.levels = ui.logLevels;
    p.wrap = ui.logWrap;
    p.copyWithMeta = ui.copyWithMeta;
    p.signatures = ui.logSignatures;
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
    setDeviceValue(kKey, core::preferencesToJson(now));
}

bool PreferenceStore::systemThemeChanged(ui::UiState& ui, ui::Theme systemTheme) {
    systemTheme_ = systemTheme;
    if (themeChosen_ || ui.theme == systemTheme) return false;
    ui.theme = lastTheme_ = systemTheme;
    return true;
}

}  // namespace web
