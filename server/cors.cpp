// server/cors.cpp — see cors.h.
#include "cors.h"

#include "response_headers.h"

#include <algorithm>
#include <utility>

namespace syncscope::server {

CorsPolicy::CorsPolicy(std::vector<std::string> allowed_origins)
    : allowed_origins_(std::move(allowed_origins)) {}

bool CorsPolicy::allows(const std::string& origin) const {
    return !origin.empty() && std::find(allowed_origins_.begin(), allowed_origins_.end(), origin) !=
                                  allowed_origins_.end();
}

void CorsPolicy::apply(const httplib::Request& req, httplib::Response& res) const {
    if (allowed_origins_.empty()) return;
    // Vary on every answer, allowed or not, so a shared cache never hands an answer without
    // Allow-Origin to an allowed origin (or one with it to another origin).
    add_vary(res, "Origin");
    const std::string origin = req.get_header_value("Origin");
    if (!allows(origin)) return;
    replace_header(res, "Access-Control-Allow-Origin", origin);
    replace_header(res, "Access-Control-Expose-Headers",
                   "ETag, Retry-After, Content-Disposition, Content-Range, Date");
}

void CorsPolicy::answer_preflight(const httplib::Request& req, httplib::Response& res) const {
    res.status = 204;
    res.set_header("Allow", "GET, POST, OPTIONS");
    if (!allows(req.get_header_value("Origin"))) return;
    // Allow-Origin itself is added by apply() in the post-routing hook, as for every answer.
    res.set_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
    res.set_header("Access-Control-Allow-Headers",
                   "Authorization, If-None-Match, Content-Type, Range");
    // Chromium caps this at 2 hours, Firefox at 24; 10 minutes keeps a config change cheap.
    res.set_header("Access-Control-Max-Age", "600");
}

}  // namespace syncscope::server
