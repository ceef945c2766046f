// core::resolveApiBase / joinApiUrl: apiBaseUrl resolved against the page's address by the URL
// rules, and request paths joined onto it (issue 13, item 3: "/" + "/services" was "//services",
// a request to the host "services" with the token).
#include <gtest/gtest.h>

#include "core/api_url.h"

namespace {

using core::joinApiUrl;
using core::resolveApiBase;

const char* kPage = "http://127.0.0.1:8080/app/index.html?x=1";

std::string resolved(const std::string& base, const std::string& page = kPage) {
    const core::ApiBase b = resolveApiBase(base, page);
    return b.ok() ? b.url() : "error: " + b.error;
}

TEST(ApiUrl, ARootBaseStaysOnThePagesOrigin) {
    const core::ApiBase b = resolveApiBase("/", kPage);
    ASSERT_TRUE(b.ok()) << b.error;
    EXPECT_EQ(b.origin, "http://127.0.0.1:8080");
    EXPECT_EQ(joinApiUrl(b, "/services?page=1"), "http://127.0.0.1:8080/services?page=1");
    EXPECT_EQ(joinApiUrl(b.url(), "/services"), "http://127.0.0.1:8080/services");
    // The bug: never a network-path reference.
    EXPECT_EQ(joinApiUrl(b.url(), "/services").find("//services"), std::string::npos);
    EXPECT_EQ(joinApiUrl(std::string("/"), "/services"), "/services");
    EXPECT_EQ(joinApiUrl(std::string("///"), "/login"), "/login");
}

TEST(ApiUrl, RelativeBasesResolveByTheUrlRules) {
    EXPECT_EQ(resolved("/api/v1"), "http://127.0.0.1:8080/api/v1");
    EXPECT_EQ(resolved("/api/v1/"), "http://127.0.0.1:8080/api/v1");
    EXPECT_EQ(resolved("./api"), "http://127.0.0.1:8080/app/api");
    EXPECT_EQ(resolved("api"), "http://127.0.0.1:8080/app/api");
    EXPECT_EQ(resolved("../api/v1"), "http://127.0.0.1:8080/api/v1");
    EXPECT_EQ(resolved("../../../../api/v1"), "http://127.0.0.1:8080/api/v1");  // not above /
    EXPECT_EQ(resolved("./"), "http://127.0.0.1:8080/app");  // trailing slashes trimmed
    EXPECT_EQ(resolved("/a/./b/../c"), "http://127.0.0.1:8080/a/c");
    EXPECT_EQ(resolved("/a/%2e%2E/c"), "http://127.0.0.1:8080/c");
    EXPECT_EQ(resolved("/api", "https://Portal.Example:443/x/"), "https://portal.example/api");
    EXPECT_EQ(resolved("./api", "http://h/"), "http://h/api");
    EXPECT_EQ(resolved("../api", "http://h"), "http://h/api");
    EXPECT_EQ(resolved("/\xC3\xA9t\xC3\xA9"), "http://127.0.0.1:8080/%C3%A9t%C3%A9");
    const core::ApiBase b = resolveApiBase("../api/v1/", kPage);
    EXPECT_EQ(joinApiUrl(b, "/syncs/3/logs?after_id=0"),
              "http://127.0.0.1:8080/api/v1/syncs/3/logs?after_id=0");
}

TEST(ApiUrl, AbsoluteBasesAreNormalisedAsBrowsersDo) {
    EXPECT_EQ(resolved("https://API.Example.com/api/v1/"), "https://api.example.com/api/v1");
    EXPECT_EQ(resolved("HTTPS://api.example.com:443"), "https://api.example.com/");
    EXPECT_EQ(resolved("http://api.example.com:80/x"), "http://api.example.com/x");
    EXPECT_EQ(resolved("http://[::1]:9000/api"), "http://[::1]:9000/api");
    EXPECT_EQ(resolved("https://api.example.com/a/../b", "file:///tmp/index.html"),
              "https://api.example.com/b");
}

TEST(ApiUrl, BasesThatDoNotResolveToHttpAreRefusedWithAClearMessage) {
    for (const char* bad :
         {"//evil.example/api", "javascript:alert(1)", "data:text/plain,x", "ftp://h/api",
          "https://user:pw@api.example.com/", "https://[::1/api", "https:///api",
          "https://api.example.com:0/", "https://api.example.com:65536/",
          "https://api.example.com:8x/", "https://ex\xC3\xA4mple.com/", "/api v1", "/api\\v1", "",
          "https://a b/"}) {
        const core::ApiBase b = resolveApiBase(bad, kPage);
        EXPECT_FALSE(b.ok()) << bad << " → " << b.url();
        EXPECT_EQ(b.error.rfind("apiBaseUrl", 0), 0u) << b.error;
    }
    // A relative base on a page that is not http(s): nothing to resolve it against.
    const core::ApiBase f = resolveApiBase("/api/v1", "file:///srv/syncscope/index.html");
    EXPECT_FALSE(f.ok());
    EXPECT_EQ(f.error,
              "apiBaseUrl \"/api/v1\" is relative, and this page's address "
              "(\"file:///srv/syncscope/index.html\") is not an http(s) URL to resolve it against");
    EXPECT_EQ(resolveApiBase("//evil.example/api", kPage).error,
              "apiBaseUrl \"//evil.example/api\" names a host without a scheme: write "
              "https://host/path");
    EXPECT_FALSE(resolveApiBase("./api", "about:blank").ok());
}

TEST(ApiUrl, PlainHttpToAnotherMachineIsInsecure) {
    EXPECT_FALSE(resolveApiBase("/api/v1", kPage).insecure());
    EXPECT_FALSE(resolveApiBase("/api/v1", "http://localhost:3000/").insecure());
    EXPECT_FALSE(resolveApiBase("http://127.8.9.10/api", kPage).insecure());
    EXPECT_FALSE(resolveApiBase("http://[::1]/api", kPage).insecure());
    EXPECT_FALSE(resolveApiBase("http://app.localhost/api", kPage).insecure());
    EXPECT_FALSE(resolveApiBase("https://api.example.com/", kPage).insecure());
    const core::ApiBase b = resolveApiBase("http://api.example.com/api", kPage);
    EXPECT_TRUE(b.insecure());
    EXPECT_EQ(core::insecureApiWarning(b),
              "Not secure: the API at http://api.example.com is reached over plain http, so the "
              "token can be read on the network. Serve it over https.");
    EXPECT_TRUE(resolveApiBase("/api", "http://intranet.example/").insecure());
    EXPECT_TRUE(resolveApiBase("http://127.example.com/", kPage).insecure());
    EXPECT_TRUE(resolveApiBase("http://127.0.0.1.evil.example/", kPage).insecure());
    EXPECT_TRUE(resolveApiBase("http://localhost.evil.example/", kPage).insecure());
    EXPECT_EQ(core::insecureApiWarning(resolveApiBase("/api", kPage)), "");
}

}  // namespace
