// server/response_headers.cpp — see response_headers.h.
#include "response_headers.h"

#include <cctype>
#include <cstdio>

namespace syncscope::server {

namespace {

bool lists_field(const std::string& vary, const std::string& field) {
    std::size_t pos = 0;
    while (pos <= vary.size()) {
        std::size_t comma = vary.find(',', pos);
        if (comma == std::string::npos) comma = vary.size();
        std::size_t a = pos;
        std::size_t b = comma;
        while (a < b && std::isspace(static_cast<unsigned char>(vary[a]))) ++a;
        while (b > a && std::isspace(static_cast<unsigned char>(vary[b - 1]))) --b;
        if (b - a == field.size()) {
            bool same = true;
            for (std::size_t i = 0; i < field.size() && same; ++i) {
                same = std::tolower(static_cast<unsigned char>(vary[a + i])) ==
                       std::tolower(static_cast<unsigned char>(field[i]));
            }
            if (same) return true;
        }
        pos = comma + 1;
    }
    return false;
}

}  // namespace

std::string http_date(std::time_t when) {
    static const char* const kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    std::tm tm{};
    gmtime_r(&when, &tm);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[tm.tm_wday % 7],
                  tm.tm_mday, kMonths[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                  tm.tm_sec);
    return buf;
}

void replace_header(httplib::Response& res, const std::string& name, const std::string& value) {
    res.headers.erase(name);  // the header map compares names case-insensitively
    res.set_header(name, value);
}

void add_vary(httplib::Response& res, const std::string& field) {
    std::string vary = res.get_header_value("Vary");
    if (lists_field(vary, field)) return;
    replace_header(res, "Vary", vary.empty() ? field : vary + ", " + field);
}

void apply_common_headers(httplib::Response& res, bool is_api, std::int64_t now_ms) {
    if (!res.has_header("Date")) {
        res.set_header("Date", http_date(static_cast<std::time_t>(now_ms / 1000)));
    }
    if (!res.has_header("X-Content-Type-Options")) {
        res.set_header("X-Content-Type-Options", "nosniff");
    }
    if (is_api) {
        replace_header(res, "Cache-Control", "no-store");
    } else if (!res.has_header("Cache-Control")) {
        res.set_header("Cache-Control", "no-cache");
    }
}

std::string content_security_policy(const std::vector<std::string>& allowed_origins) {
    std::string csp =
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'self'";
    for (const std::string& origin : allowed_origins) csp += " " + origin;
    return csp;
}

void apply_security_headers(httplib::Response& res, const std::string& csp) {
    replace_header(res, "Content-Security-Policy", csp);
    replace_header(res, "Referrer-Policy", "no-referrer");
}

}  // namespace syncscope::server
