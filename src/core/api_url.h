// core/api_url.h — where requests go: config.json's apiBaseUrl resolved once against the page's
// address by the URL rules, and paths joined onto the result (issue 13, item 3).
//
// `apiBaseUrl` may be relative to the page ("/", "/api/v1", "./api", "../api/v1") or an absolute
// http(s) URL (docs/deploying.md). Joining strings was wrong: "/" + "/services" is "//services",
// which a browser reads as the host "services" — and the request carried the token there. Here a
// base is resolved to scheme, host[:port] and a path with its dot segments removed, once, and
// every request URL is that origin followed by the base's path and the request's path: a path can
// never become a host.
#pragma once

#include <string>

namespace core {

struct ApiBase {
    std::string origin;  // "https://api.example.com" (scheme and host lower-case, no default port)
    std::string path;    // "/api/v1" ("" for the site's root): no trailing slash, no dot segments
    std::string host;    // "api.example.com", "[::1]"
    bool https = false;
    std::string error;  // why the base was refused (then nothing may be requested); "" when good

    bool ok() const { return error.empty(); }
    std::string url() const { return origin + (path.empty() ? "/" : path); }
    // Plain http:// to a host that is not this machine: the token crosses the network readable.
    bool insecure() const;
};

// `base` against `pageUrl` (the page's address, e.g. "http://127.0.0.1:8080/app/index.html").
// Refused (error set): a base that does not resolve to an http(s) URL (a relative base on a page
// that is not http(s), a scheme-relative "//host", another scheme), user info in it, a host that
// is not ASCII, a bad port, whitespace or control characters.
ApiBase resolveApiBase(const std::string& base, const std::string& pageUrl);

// The URL of `pathAndQuery` ("/services?page=1", always starting with one '/') under `base`.
std::string joinApiUrl(const ApiBase& base, const std::string& pathAndQuery);
// The same for a base written as a URL or path ("http://h/api/v1", "/api/v1", "/"): the base's
// trailing slashes never double the path's leading one. The backends take the resolved base's
// url() and build every request URL with this.
std::string joinApiUrl(const std::string& resolvedBase, const std::string& pathAndQuery);

// localhost, *.localhost, 127.0.0.0/8, [::1].
bool isLoopbackHost(const std::string& host);

// The warning shown while the base is plain http to another machine ("" when it is not).
std::string insecureApiWarning(const ApiBase& base);

}  // namespace core
