// config.json validated: origins as browsers write them, the API base a path here or an http(s)
// URL, unknown keys and non-JSON (an index.html served for a missing file) explained.
#include <gtest/gtest.h>

#include "core/config.h"

namespace {

TEST(ConfigValidation, OriginsMustBeWrittenAsBrowsersWriteThem) {
    for (const char* good : {"https://portal.example", "http://127.0.0.1:8081", "http://localhost",
                             "https://a-b.c.example:8443", "http://[::1]:8080"})
        EXPECT_TRUE(core::isSerialisedOrigin(good)) << good;
    for (const char* bad :
         {"https://portal.example/", "https://Portal.example", "HTTPS://portal.example",
          "https://portal.example:443", "http://portal.example:80", "https://portal.example/app",
          "portal.example", "*", "https://*.example", "https://user@portal.example",
          "https://portal.example:0", "https://portal.example:65536", "https://portal.example:08",
          "ftp://portal.example", "https://", "https://portal.example?x", "null"})
        EXPECT_FALSE(core::isSerialisedOrigin(bad)) << bad;
}

TEST(ConfigValidation, BadOriginsAreNamedWithTheirIndex) {
    auto r = core::parseConfig(
        R"({"allowedParentOrigins": ["https://ok.example", "https://Portal.example/", "*", 3]})");
    ASSERT_EQ(r.errors.size(), 3u);
    EXPECT_NE(r.errors[0].find("allowedParentOrigins[1]"), std::string::npos) << r.errors[0];
    EXPECT_NE(r.errors[1].find("allowedParentOrigins[2]"), std::string::npos) << r.errors[1];
    EXPECT_NE(r.errors[2].find("allowedParentOrigins[3]"), std::string::npos) << r.errors[2];
    ASSERT_EQ(r.config.allowedParentOrigins.size(), 1u);
    EXPECT_EQ(r.config.allowedParentOrigins[0], "https://ok.example");
}

TEST(ConfigValidation, ApiBaseIsAPathHereOrAnHttpUrl) {
    for (const char* good : {"/api/v1", "./api", "../api/v1", "https://api.example.com/api/v1",
                             "http://127.0.0.1:8080/api/v1", "https://API.example.com"})
        EXPECT_TRUE(core::isValidApiBaseUrl(good)) << good;
    for (const char* bad : {"", "//evil.example/api", "javascript:alert(1)", "data:text/plain,x",
                            "api/v1", "/api v1", "/api?x=1", "/api#x", "https://", "ftp://x/api",
                            "https://user:pw@api.example/", "\\\\evil\\api"})
        EXPECT_FALSE(core::isValidApiBaseUrl(bad)) << bad;
    auto r = core::parseConfig(R"json({"apiBaseUrl": "javascript:alert(1)"})json");
    ASSERT_EQ(r.errors.size(), 1u);
    EXPECT_NE(r.errors[0].find("apiBaseUrl"), std::string::npos);
    EXPECT_EQ(r.config.apiBaseUrl, "/api/v1") << "a bad value is not used";
}

TEST(ConfigValidation, UnknownKeysAndNonJsonAreExplained) {
    auto r = core::parseConfig(R"({"apiBaseURL": "/api/v2"})");
    ASSERT_EQ(r.errors.size(), 1u);
    EXPECT_NE(r.errors[0].find("unknown key \"apiBaseURL\""), std::string::npos) << r.errors[0];
    r = core::parseConfig("<!doctype html><html>…");
    ASSERT_EQ(r.errors.size(), 1u);
    EXPECT_NE(r.errors[0].find("HTML"), std::string::npos) << r.errors[0];
    r = core::parseConfig("[1]");
    ASSERT_EQ(r.errors.size(), 1u);
    EXPECT_NE(r.errors[0].find("one JSON object"), std::string::npos);
    r = core::parseConfig(R"({"refreshSeconds": 0, "dialect": 3})");
    EXPECT_EQ(core::describeConfigErrors(r.errors),
              "dialect must be \"reference\" or \"patchworks-core\", not 3\nrefreshSeconds must be "
              "a whole number from 1 to 3600, not 0");
}

// Issue 13 item 5: the log's memory ceiling is a config key, in whole MB.
TEST(ConfigValidation, LogMemoryLimitIsWholeMegabytesFromOneTo3072) {
    EXPECT_EQ(core::parseConfig("{}").config.logMemoryLimitMB, 1024);
    auto r = core::parseConfig(R"({"logMemoryLimitMB": 8})");
    EXPECT_TRUE(r.errors.empty());
    EXPECT_EQ(r.config.logMemoryLimitMB, 8);
    for (const char* bad : {R"({"logMemoryLimitMB": 0})", R"({"logMemoryLimitMB": 3073})",
                            R"({"logMemoryLimitMB": "8"})", R"({"logMemoryLimitMB": 1.5})"}) {
        r = core::parseConfig(bad);
        ASSERT_EQ(r.errors.size(), 1u) << bad;
        EXPECT_EQ(r.errors[0].rfind("logMemoryLimitMB must be a whole number from 1 to 3072", 0),
                  0u)
            << r.errors[0];
        EXPECT_EQ(r.config.logMemoryLimitMB, 1024);
    }
}

}  // namespace
