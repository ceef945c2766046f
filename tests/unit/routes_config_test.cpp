// Hash routes and config.json.
#include <gtest/gtest.h>

#include "api/http_errors.h"
#include "core/config.h"
#include "core/routes.h"

TEST(Routes, ParsesEveryViewAndFormatsItBack) {
    for (const char* s :
         {"/services", "/services/12", "/services/12/syncs/345", "/services/12/syncs/345?line=120"})
        EXPECT_EQ(core::formatRoute(core::parseRoute(s)), s);
    auto r = core::parseRoute("/services/12/syncs/345?line=120");
    EXPECT_EQ(r.view, core::View::Log);
    EXPECT_EQ(r.serviceId, 12);
    EXPECT_EQ(r.syncId, 345);
    EXPECT_EQ(r.line, 120);
}

TEST(Routes, AnythingElseIsTheServicesList) {
    for (const char* s : {"", "/", "/nope", "/services/abc", "/services/-1", "token=abc"})
        EXPECT_EQ(core::parseRoute(s).view, core::View::Services) << s;
    EXPECT_EQ(core::formatRoute(core::parseRoute("/services/12/syncs/x")), "/services/12");
    EXPECT_EQ(core::parseRoute("/services/1/syncs/2?line=zero").line, 0);
}

// Found by fuzz target routes: ids of 16 digits or more (the decoders take any int64) were read
// as no id, so a link to such a service or sync, or a reload there, opened the services list.
TEST(Routes, EveryPositiveInt64IdFormatsAndParsesBack) {
    for (const char* s :
         {"/services/1000000000000000",
          "/services/9223372036854775807/syncs/9007199254740993?line=1234567890123456789"})
        EXPECT_EQ(core::formatRoute(core::parseRoute(s)), s);
    const auto r = core::parseRoute("/services/9223372036854775807/syncs/1000000000000000");
    EXPECT_EQ(r.view, core::View::Log);
    EXPECT_EQ(r.serviceId, INT64_MAX);
    EXPECT_EQ(r.syncId, 1000000000000000);
    // Leading zeros are the same id; past int64 is no id.
    EXPECT_EQ(core::parseRoute("/services/00000000000000000012").serviceId, 12);
    EXPECT_EQ(core::parseRoute("/services/9223372036854775808").view, core::View::Services);
    EXPECT_EQ(core::parseRoute("/services/99999999999999999999").view, core::View::Services);
    EXPECT_EQ(core::parseRoute("/services/1/syncs/2?line=9223372036854775808").line, 0);
}

TEST(Config, MissingKeysTakeDefaults) {
    auto r = core::parseConfig("{}");
    EXPECT_TRUE(r.errors.empty());
    EXPECT_EQ(r.config.apiBaseUrl, "/api/v1");
    EXPECT_EQ(r.config.dialect, core::Dialect::Reference);
    EXPECT_EQ(r.config.refreshSeconds, 5);
}

TEST(Config, ReadsEveryKey) {
    auto r = core::parseConfig(R"({"apiBaseUrl": "https://api.example/core/api/v1/",
        "dialect": "patchworks-core", "allowedParentOrigins": ["https://portal.example"],
        "refreshSeconds": 10})");
    EXPECT_TRUE(r.errors.empty());
    EXPECT_EQ(r.config.apiBaseUrl, "https://api.example/core/api/v1");
    EXPECT_EQ(r.config.dialect, core::Dialect::PatchworksCore);
    ASSERT_EQ(r.config.allowedParentOrigins.size(), 1u);
    EXPECT_EQ(r.config.refreshSeconds, 10);
}

TEST(Config, BadValuesAreNamed) {
    auto r = core::parseConfig(R"({"dialect": "soap", "refreshSeconds": "5",
                                   "allowedParentOrigins": "*"})");
    ASSERT_EQ(r.errors.size(), 3u);
    EXPECT_NE(r.errors[0].find("dialect"), std::string::npos);
    EXPECT_NE(r.errors[1].find("allowedParentOrigins"), std::string::npos);
    EXPECT_NE(r.errors[2].find("refreshSeconds"), std::string::npos);
    EXPECT_EQ(core::parseConfig("not json").errors.size(), 1u);
}

TEST(HttpErrors, EachStatusHasItsKindAndMessage) {
    api::HttpResponse r;
    r.status = 429;
    r.headers = {{"retry-after", "17"}};
    auto e = api::errorFromResponse(r);
    EXPECT_EQ(e.kind, core::ErrorKind::RateLimited);
    EXPECT_EQ(e.retryAfterSeconds, 17);
    EXPECT_EQ(e.message, "too many requests");
    r = {};
    r.status = 410;
    r.body = R"({"message":"Payload expired at 2026-11-27T06:00:00Z"})";
    e = api::errorFromResponse(r);
    EXPECT_EQ(e.kind, core::ErrorKind::Gone);
    EXPECT_EQ(e.message, "Payload expired at 2026-11-27T06:00:00Z");
    r = {};
    r.status = 304;
    EXPECT_FALSE(api::errorFromResponse(r));
    r.status = 502;
    EXPECT_EQ(api::errorFromResponse(r).kind, core::ErrorKind::Server);
}

// Found by fuzz target retry-after: a message over 300 bytes was cut inside a character, and the
// banner got invalid UTF-8.
TEST(HttpErrors, ALongMessageIsCutAtACharacterBoundary) {
    api::HttpResponse r;
    r.status = 500;
    r.body = "{\"message\":\"" + std::string(299, 'a') + "\xE2\x82\xAC\xE2\x82\xAC\"}";    // €€
    EXPECT_EQ(api::errorFromResponse(r).message, std::string(299, 'a') + "\xE2\x80\xA6");  // …
    r.body = "{\"message\":\"" + std::string(300, 'a') + "\"}";
    EXPECT_EQ(api::errorFromResponse(r).message, std::string(300, 'a'));
}

// Found by fuzz target retry-after: a value that was not delta-seconds read as a day when more
// than 86400 came before its first non-digit ("999999`9"), and as a minute otherwise.
TEST(HttpErrors, RetryAfterThatIsNotANumberIsAMinuteWhateverItStartsWith) {
    EXPECT_EQ(api::parseRetryAfter("17"), 17);
    EXPECT_EQ(api::parseRetryAfter(" 120 "), 120);
    EXPECT_EQ(api::parseRetryAfter("99999999999999999999999"), 86400);
    EXPECT_EQ(api::parseRetryAfter("Sat, 28 Nov 2026 06:30:00 GMT"), 60);
    EXPECT_EQ(api::parseRetryAfter("9x"), 60);
    EXPECT_EQ(api::parseRetryAfter("999999`9"), 60);
    EXPECT_EQ(api::parseRetryAfter("86401 s"), 60);
    EXPECT_EQ(api::parseRetryAfter(""), 0);
}
