// core/state_json.cpp — see state_json.h.
#include "core/state_json.h"

#include <nlohmann/json.hpp>

namespace core {

std::string stateJson(const AppState& s, uint64_t frames, uint64_t requests) {
    using nlohmann::json;
    json services = json::array();
    for (size_t i : s.visibleServices) {
        const Service& sv = s.services[i];
        services.push_back({{"id", sv.id}, {"name", sv.name}, {"status", toString(sv.status)}});
    }
    const json j = {
        {"route", formatRoute(s.route)},
        {"view", toString(s.view)},
        {"auth", toString(s.auth)},
        {"services", std::move(services)},
        {"syncs", json::array()},
        {"log", nullptr},
        {"banner", s.view == View::Login ? s.loginMessage : s.banner.text},
        {"frames", frames},
        {"requests", requests},
    };
    // Names come from the network: never abort on invalid UTF-8, replace it.
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace core
