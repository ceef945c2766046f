// server/static_site.h — serves the built site (build/web by default) for every path outside
// /api: the right Content-Type (application/wasm above all), the cache policy the deploy docs
// promise (no-cache for index.html and config.json, a year for content-hashed names), the
// precompressed .br / .gz files beside the originals, and no way out of the web root.
#pragma once

#include <httplib.h>

#include <string>

namespace syncscope::server {

class StaticSite {
public:
    explicit StaticSite(std::string web_root);

    const std::string& root() const { return root_; }

    // GET / HEAD of any non-API path.
    void handle(const httplib::Request& req, httplib::Response& res) const;

    // The policies, exposed for reuse and tests.
    static std::string content_type_for(const std::string& file_name);
    static bool is_content_hashed(const std::string& file_name);
    static std::string cache_control_for(const std::string& file_name);

private:
    std::string root_;
};

}  // namespace syncscope::server
