// core/config.h — the deploy-time config.json read at start (DESIGN.md, "Embedding and hosting").
//
//   {"apiBaseUrl": "/api/v1", "dialect": "reference" | "patchworks-core",
//    "allowedParentOrigins": ["https://portal.example"], "refreshSeconds": 5}
// Missing keys take these defaults; a present key with a wrong type or value is an error that
// names the key, so a deployer sees what to fix instead of a blank canvas.
#pragma once

#include <string>
#include <vector>

namespace core {

enum class Dialect { Reference, PatchworksCore };

struct AppConfig {
    std::string apiBaseUrl = "/api/v1";
    Dialect dialect = Dialect::Reference;
    std::vector<std::string> allowedParentOrigins;
    int refreshSeconds = 5;
};

struct ConfigResult {
    AppConfig config;
    std::vector<std::string> errors;  // empty when the file was good
};

ConfigResult parseConfig(const std::string& jsonText);

}  // namespace core
