// server/response_headers.h — headers every answer carries, and the small header edits the
// routes share. cpp-httplib's set_header() appends (its headers are a multimap), so headers that
// must appear once go through replace_header() and Vary is merged rather than repeated.
#pragma once

#include <httplib.h>

#include <cstdint>
#include <ctime>
#include <string>
#include <vector>

namespace syncscope::server {

// "Sat, 28 Nov 2026 06:30:00 GMT" (RFC 9110 IMF-fixdate), independent of the C locale.
std::string http_date(std::time_t when);

void replace_header(httplib::Response& res, const std::string& name, const std::string& value);

// Adds `field` to the Vary header unless it is already listed.
void add_vary(httplib::Response& res, const std::string& field);

// Date on every answer (the app reads the server's clock from it), nosniff, and a cache policy
// for answers that did not choose one: no-store for the API, no-cache for the site. `now_ms` is
// the simulated clock (SimClock::now), so that with --speed the Date header keeps pace with the
// data's times (docs/api.md); Retry-After and --token-ttl stay in real seconds.
void apply_common_headers(httplib::Response& res, bool is_api, std::int64_t now_ms);

// The Content-Security-Policy of the deploy templates (web/nginx.conf, web/_headers), for the
// demo server: the API on its own origin (connect-src 'self'), and frame-ancestors 'self' plus
// the --allow-origin origins, so a portal allowed to call the API may also frame the app.
std::string content_security_policy(const std::vector<std::string>& allowed_origins);

// That CSP and Referrer-Policy: no-referrer, as the templates send them (HSTS aside: the demo
// server speaks plain http).
void apply_security_headers(httplib::Response& res, const std::string& csp);

}  // namespace syncscope::server
