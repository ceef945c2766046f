// core/config.h — the deploy-time config.json read at start (docs/deploying.md, "config.json").
//
//   {"apiBaseUrl": "/api/v1", "dialect": "reference" | "patchworks-core",
//    "allowedParentOrigins": ["https://portal.example"], "refreshSeconds": 5,
//    "logMemoryLimitMB": 1024}
// Missing keys take these defaults (and a missing config.json means every default: src/web treats
// a 404 so); a present key with a wrong type or value, or an unknown key (a typo such as
// "apiBaseURL" would otherwise be dropped in silence), is an error that names the key, so a
// deployer sees what to fix instead of a blank canvas. The API base comes from this file only,
// never from the page's URL: a page that frames SyncScope cannot point it, and the token,
// elsewhere.
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
    // The memory a sync log's lines may take (LogStore::bytesUsed) before the back-fill of older
    // lines stops: the newest lines and the live refresh go on, and the view says how many it
    // holds (docs/data-layer.md). A million lines take about 150 MB.
    int logMemoryLimitMB = 1024;
};

struct ConfigResult {
    AppConfig config;
    std::vector<std::string> errors;  // empty when the file was good
};

ConfigResult parseConfig(const std::string& jsonText);

// The errors for the screen, one a line: "a\nb\nc".
std::string describeConfigErrors(const std::vector<std::string>& errors);

// An origin exactly as browsers serialise one (event.origin, location.origin):
// "http(s)://host[:port]" with a lower-case scheme and host, no default port (80 for http, 443 for
// https), no path, query, fragment, user info or trailing slash. Only such strings can ever equal
// a message's event.origin, so allowedParentOrigins holds nothing else.
bool isSerialisedOrigin(const std::string& origin);

// apiBaseUrl: a path on the page's own site ("/api/v1", "./api", "../api") or an absolute http(s)
// URL ("https://api.example.com/api/v1"); nothing with a scheme of its own (javascript:, data:), a
// network-path reference ("//host"), whitespace, a query or a fragment.
bool isValidApiBaseUrl(const std::string& url);

}  // namespace core
