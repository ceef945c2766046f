// core/config.cpp — see config.h. Decodes without exceptions (the wasm build has none).
#include "core/config.h"
#include "core/json_parse.h"

#include <nlohmann/json.hpp>

namespace core {
namespace {

constexpr const char* kKnownKeys[] = {"apiBaseUrl", "dialect", "allowedParentOrigins",
                                      "refreshSeconds", "logMemoryLimitMB"};

bool isKnownKey(const std::string& key) {
    for (const char* k : kKnownKeys)
        if (key == k) return true;
    return false;
}

// A value quoted for a message, cut short and with invalid UTF-8 replaced.
std::string quotedValue(const nlohmann::json& value) {
    std::string s = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (s.size() > 80) s = s.substr(0, 77) + "...";
    return s;
}

bool isHostChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

// "host[:port]" of a serialised origin: lower-case host name, IPv4 or [IPv6], port 1-65535 without
// leading zeros and not the scheme's default.
bool isSerialisedAuthority(const std::string& a, bool https) {
    if (a.empty()) return false;
    size_t hostEnd;
    if (a[0] == '[') {
        hostEnd = a.find(']');
        if (hostEnd == std::string::npos || hostEnd < 2) return false;
        for (size_t i = 1; i < hostEnd; ++i) {
            const char c = a[i];
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || c == ':' || c == '.'))
                return false;
        }
        ++hostEnd;
    } else {
        hostEnd = a.find(':');
        if (hostEnd == std::string::npos) hostEnd = a.size();
        if (hostEnd == 0 || a[0] == '.' || a[0] == '-') return false;
        for (size_t i = 0; i < hostEnd; ++i)
            if (!isHostChar(a[i])) return false;
    }
    if (hostEnd == a.size()) return true;
    if (a[hostEnd] != ':') return false;
    const std::string port = a.substr(hostEnd + 1);
    if (port.empty() || port.size() > 5 || port[0] == '0') return false;
    long value = 0;
    for (char c : port) {
        if (c < '0' || c > '9') return false;
        value = value * 10 + (c - '0');
    }
    if (value > 65535) return false;
    return value != (https ? 443 : 80);
}

}  // namespace

bool isSerialisedOrigin(const std::string& origin) {
    if (origin.rfind("https://", 0) == 0) return isSerialisedAuthority(origin.substr(8), true);
    if (origin.rfind("http://", 0) == 0) return isSerialisedAuthority(origin.substr(7), false);
    return false;
}

bool isValidApiBaseUrl(const std::string& url) {
    if (url.empty()) return false;
    for (unsigned char c : url)
        if (c <= ' ' || c == 0x7f || c == '?' || c == '#' || c == '\\') return false;
    if (url.rfind("//", 0) == 0) return false;
    if (url[0] == '/' || url.rfind("./", 0) == 0 || url.rfind("../", 0) == 0) return true;
    // Absolute: http(s)://authority[/path]. The authority may be written in any case here (the
    // browser normalises it); it only must not carry user info.
    size_t start;
    if (url.rfind("https://", 0) == 0)
        start = 8;
    else if (url.rfind("http://", 0) == 0)
        start = 7;
    else
        return false;
    const size_t slash = url.find('/', start);
    const std::string authority =
        url.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    return !authority.empty() && authority.find('@') == std::string::npos;
}

std::string describeConfigErrors(const std::vector<std::string>& errors) {
    std::string out;
    for (const std::string& e : errors) {
        if (!out.empty()) out += "\n";
        out += e;
    }
    return out;
}

ConfigResult parseConfig(const std::string& text) {
    ConfigResult r;
    const auto j = core::parseJson(text);
    if (j.is_discarded() || !j.is_object()) {
        size_t i = 0;
        while (i < text.size() &&
               (text[i] == ' ' || text[i] == '\n' || text[i] == '\r' || text[i] == '\t' ||
                text[i] == '\xef' || text[i] == '\xbb' || text[i] == '\xbf'))
            ++i;
        if (i < text.size() && text[i] == '<')
            r.errors.push_back(
                "config.json holds HTML, not JSON (does the server answer unknown paths with "
                "index.html? Put config.json beside index.html)");
        else if (j.is_discarded())
            r.errors.push_back("config.json is not valid JSON");
        else
            r.errors.push_back("config.json must hold one JSON object, {\"apiBaseUrl\": …}");
        return r;
    }
    for (const auto& item : j.items())
        if (!isKnownKey(item.key()))
            r.errors.push_back("unknown key " + quotedValue(nlohmann::json(item.key())) +
                               " (the keys are apiBaseUrl, dialect, allowedParentOrigins, "
                               "refreshSeconds and logMemoryLimitMB)");
    if (auto it = j.find("apiBaseUrl"); it != j.end()) {
        if (it->is_string() && isValidApiBaseUrl(it->get_ref<const std::string&>()))
            r.config.apiBaseUrl = it->get<std::string>();
        else
            r.errors.push_back(
                "apiBaseUrl must be a path on this site such as \"/api/v1\" or an "
                "http(s) URL such as \"https://api.example.com/api/v1\", not " +
                quotedValue(*it));
    }
    while (r.config.apiBaseUrl.size() > 1 && r.config.apiBaseUrl.back() == '/')
        r.config.apiBaseUrl.pop_back();
    if (auto it = j.find("dialect"); it != j.end()) {
        if (it->is_string() && *it == "reference")
            r.config.dialect = Dialect::Reference;
        else if (it->is_string() && *it == "patchworks-core")
            r.config.dialect = Dialect::PatchworksCore;
        else
            r.errors.push_back("dialect must be \"reference\" or \"patchworks-core\", not " +
                               quotedValue(*it));
    }
    if (auto it = j.find("allowedParentOrigins"); it != j.end()) {
        if (!it->is_array()) {
            r.errors.push_back(
                "allowedParentOrigins must be an array of origins such as "
                "[\"https://portal.example.com\"], not " +
                quotedValue(*it));
        } else {
            for (size_t i = 0; i < it->size(); ++i) {
                const auto& o = (*it)[i];
                const std::string where = "allowedParentOrigins[" + std::to_string(i) + "] ";
                if (!o.is_string()) {
                    r.errors.push_back(where + "must be a string, not " + quotedValue(o));
                } else if (o == "*") {
                    r.errors.push_back(where +
                                       "is \"*\": list each portal's origin, a token is only "
                                       "taken from those");
                } else if (!isSerialisedOrigin(o.get_ref<const std::string&>())) {
                    r.errors.push_back(where + quotedValue(o) +
                                       " is not an origin as browsers write it: "
                                       "scheme://host[:port], lower case, no path or trailing "
                                       "slash, no default port");
                } else {
                    r.config.allowedParentOrigins.push_back(o.get<std::string>());
                }
            }
        }
    }
    if (auto it = j.find("refreshSeconds"); it != j.end()) {
        if (it->is_number_integer() && it->get<long long>() >= 1 && it->get<long long>() <= 3600)
            r.config.refreshSeconds = it->get<int>();
        else
            r.errors.push_back("refreshSeconds must be a whole number from 1 to 3600, not " +
                               quotedValue(*it));
    }
    if (auto it = j.find("logMemoryLimitMB"); it != j.end()) {
        // Up to 3 GB of wasm's 4: the rest of the app needs some too.
        if (it->is_number_integer() && it->get<long long>() >= 1 && it->get<long long>() <= 3072)
            r.config.logMemoryLimitMB = it->get<int>();
        else
            r.errors.push_back("logMemoryLimitMB must be a whole number from 1 to 3072, not " +
                               quotedValue(*it));
    }
    return r;
}

}  // namespace core
