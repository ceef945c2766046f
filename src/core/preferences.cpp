// core/preferences.cpp — see preferences.h.
#include "core/preferences.h"
#include "core/json_parse.h"

#include <nlohmann/json.hpp>

namespace core {
namespace {

const char* const kLevelKeys[] = {"debug", "info", "warning", "error"};  // by LogLevel

void readBool(const nlohmann::json& j, const char* key, bool& out) {
    const auto it = j.find(key);
    if (it != j.end() && it->is_boolean()) out = it->get<bool>();
}

}  // namespace

std::string preferencesToJson(const Preferences& p) {
    using nlohmann::json;
    json levels = json::object();
    for (size_t i = 0; i < p.levels.size(); ++i) levels[kLevelKeys[i]] = p.levels[i];
    json j = {{"version", 1},
              {"timeZone", p.localTime ? "local" : "utc"},
              {"levels", std::move(levels)},
              {"wrap", p.wrap},
              {"copyWithMeta", p.copyWithMeta},
              {"signatures", p.signatures}};
    if (!p.theme.empty()) j["theme"] = p.theme;
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

Preferences preferencesFromJson(const std::string& text) {
    using nlohmann::json;
    Preferences p;
    const json j = core::parseJson(text);
    if (j.is_discarded() || !j.is_object()) return p;
    if (const auto it = j.find("theme"); it != j.end() && it->is_string()) {
        const std::string theme = it->get<std::string>();
        if (theme == "dark" || theme == "light") p.theme = theme;
    }
    if (const auto it = j.find("timeZone"); it != j.end() && it->is_string())
        p.localTime = it->get<std::string>() == "local";
    if (const auto it = j.find("levels"); it != j.end() && it->is_object())
        for (size_t i = 0; i < p.levels.size(); ++i) readBool(*it, kLevelKeys[i], p.levels[i]);
    readBool(j, "wrap", p.wrap);
    readBool(j, "copyWithMeta", p.copyWithMeta);
    readBool(j, "signatures", p.signatures);
    return p;
}

}  // namespace core
