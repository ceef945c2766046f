// core/config.cpp — see config.h. Decodes without exceptions (the wasm build has none).
#include "core/config.h"

#include <nlohmann/json.hpp>

namespace core {

ConfigResult parseConfig(const std::string& text) {
    ConfigResult r;
    const auto j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        r.errors.push_back("config.json is not a JSON object");
        return r;
    }
    if (auto it = j.find("apiBaseUrl"); it != j.end()) {
        if (it->is_string() && !it->get_ref<const std::string&>().empty())
            r.config.apiBaseUrl = it->get<std::string>();
        else
            r.errors.push_back("apiBaseUrl must be a non-empty string");
    }
    while (r.config.apiBaseUrl.size() > 1 && r.config.apiBaseUrl.back() == '/')
        r.config.apiBaseUrl.pop_back();
    if (auto it = j.find("dialect"); it != j.end()) {
        if (it->is_string() && *it == "reference")
            r.config.dialect = Dialect::Reference;
        else if (it->is_string() && *it == "patchworks-core")
            r.config.dialect = Dialect::PatchworksCore;
        else
            r.errors.push_back("dialect must be \"reference\" or \"patchworks-core\"");
    }
    if (auto it = j.find("allowedParentOrigins"); it != j.end()) {
        bool ok = it->is_array();
        if (ok)
            for (const auto& o : *it) {
                if (!o.is_string()) {
                    ok = false;
                    break;
                }
                r.config.allowedParentOrigins.push_back(o.get<std::string>());
            }
        if (!ok) r.errors.push_back("allowedParentOrigins must be an array of strings");
    }
    if (auto it = j.find("refreshSeconds"); it != j.end()) {
        if (it->is_number_integer() && it->get<long long>() >= 1 && it->get<long long>() <= 3600)
            r.config.refreshSeconds = it->get<int>();
        else
            r.errors.push_back("refreshSeconds must be a whole number from 1 to 3600");
    }
    return r;
}

}  // namespace core
