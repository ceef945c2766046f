// server/cors.h — cross-origin access for the origins given with --allow-origin. The browser
// hides any answer without Access-Control-Allow-Origin from the app — a 401, 429 or 5xx
// included — so the headers go on every answer to an allowed origin (main.cpp applies them in
// the post-routing hook), and the preflight is answered with a Max-Age so that the
// Authorization header does not cost a preflight per request.
#pragma once

#include <httplib.h>

#include <string>
#include <vector>

namespace syncscope::server {

class CorsPolicy {
public:
    explicit CorsPolicy(std::vector<std::string> allowed_origins);

    bool allows(const std::string& origin) const;

    // Adds Access-Control-Allow-Origin and the exposed headers when the request comes from an
    // allowed origin, and Vary: Origin whenever any origin is configured.
    void apply(const httplib::Request& req, httplib::Response& res) const;

    // OPTIONS on any path: 204, with the preflight grants for an allowed origin.
    void answer_preflight(const httplib::Request& req, httplib::Response& res) const;

private:
    std::vector<std::string> allowed_origins_;
};

}  // namespace syncscope::server
