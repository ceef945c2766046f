// core/routes.cpp — see routes.h.
#include "core/routes.h"

#include <cctype>
#include <limits>
#include <vector>

namespace core {
namespace {

// A positive int64 in decimal (leading zeros allowed): any id the decoders hold round-trips.
bool parseId(const std::string& s, int64_t& out) {
    if (s.empty()) return false;
    int64_t v = 0;
    for (char c : s) {
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
        const int d = c - '0';
        if (v > (std::numeric_limits<int64_t>::max() - d) / 10) return false;
        v = v * 10 + d;
    }
    if (v <= 0) return false;
    out = v;
    return true;
}

std::vector<std::string> splitPath(const std::string& path) {
    std::vector<std::string> parts;
    std::string cur;
    for (char c : path) {
        if (c == '/') {
            if (!cur.empty()) parts.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    if (!cur.empty()) parts.push_back(cur);
    return parts;
}

}  // namespace

const char* toString(View v) {
    switch (v) {
        case View::Login: return "login";
        case View::Services: return "services";
        case View::Summary: return "summary";
        case View::Log: return "log";
        case View::Compare: return "compare";
    }
    return "services";
}

Route parseRoute(const std::string& hash) {
    const size_t q = hash.find('?');
    const std::string path = hash.substr(0, q);
    const std::string query = q == std::string::npos ? std::string() : hash.substr(q + 1);
    const auto parts = splitPath(path);
    Route r;
    if (parts.empty() || parts[0] != "services") return r;
    if (parts.size() >= 2 && parseId(parts[1], r.serviceId)) {
        r.view = View::Summary;
        const bool sync = parts.size() >= 4 && parts[2] == "syncs" && parseId(parts[3], r.syncId);
        // Exactly a log, or exactly a comparison with another run: anything more is not
        // understood and opens neither (the service's summary).
        if (sync && parts.size() == 6 && parts[4] == "compare" && parseId(parts[5], r.compareId) &&
            r.compareId != r.syncId) {
            r.view = View::Compare;
        } else if (sync && parts.size() == 4) {
            r.view = View::Log;
            // query: key=value pairs joined by '&'; only "line" means something.
            size_t start = 0;
            while (start <= query.size()) {
                size_t end = query.find('&', start);
                if (end == std::string::npos) end = query.size();
                const std::string kv = query.substr(start, end - start);
                if (kv.rfind("line=", 0) == 0) parseId(kv.substr(5), r.line);
                start = end + 1;
            }
        } else {
            r.syncId = 0;
            r.compareId = 0;
        }
    } else {
        r.serviceId = 0;
    }
    return r;
}

std::string formatRoute(const Route& r) {
    switch (r.view) {
        case View::Login:
        case View::Services: return "/services";
        case View::Summary: return "/services/" + std::to_string(r.serviceId);
        case View::Log: {
            std::string s =
                "/services/" + std::to_string(r.serviceId) + "/syncs/" + std::to_string(r.syncId);
            if (r.line > 0) s += "?line=" + std::to_string(r.line);
            return s;
        }
        case View::Compare:
            return "/services/" + std::to_string(r.serviceId) + "/syncs/" +
                   std::to_string(r.syncId) + "/compare/" + std::to_string(r.compareId);
    }
    return "/services";
}

}  // namespace core
