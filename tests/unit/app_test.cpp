// core::App driven through the reference backend with a fake transport: sign-in, paging,
// 401, failures that keep what is on screen, routes, search, and the test-facing state.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "api/reference_backend.h"
#include "core/app.h"
#include "core/state_json.h"
#include "core/time.h"
#include "fake_transport.h"

namespace {

std::string servicesPage(int first, int count, int page, int lastPage, int total) {
    nlohmann::json data = nlohmann::json::array();
    for (int i = 0; i < count; ++i) {
        const int id = first + i;
        data.push_back({{"id", id},
                        {"name", "Service " + std::to_string(id)},
                        {"status", id % 2 ? "active" : "inactive"},
                        {"type", id % 3 ? "standard" : "sweeper"}});
    }
    return nlohmann::json{
        {"data", data},
        {"meta",
         {{"current_page", page}, {"per_page", 100}, {"total", total}, {"last_page", lastPage}}}}
        .dump();
}

struct AppTest : ::testing::Test {
    FakeTransport transport;
    api::ReferenceBackend backend{transport, "/api/v1"};
    core::App app{backend, core::AppConfig{}};
    nlohmann::json state() { return nlohmann::json::parse(core::stateJson(app.state(), 0, 0)); }
};

TEST_F(AppTest, WithoutATokenShowsTheLoginForm) {
    app.start(core::parseRoute("/services"), {});
    EXPECT_EQ(app.state().view, core::View::Login);
    EXPECT_TRUE(transport.sent.empty());
    EXPECT_EQ(state()["view"], "login");
    EXPECT_EQ(state()["auth"], "none");
}

TEST_F(AppTest, TokenFromUrlIsSentAsBearerHeaderNeverInTheUrl) {
    app.start(core::parseRoute("/services"), {"s3cret", core::AuthScheme::Bearer});
    ASSERT_EQ(transport.sent.size(), 1u);
    const auto& req = transport.sent[0];
    EXPECT_EQ(req.url, "/api/v1/services?page=1&per_page=100");
    EXPECT_EQ(req.url.find("s3cret"), std::string::npos);
    bool hasAuth = false;
    for (const auto& h : req.headers)
        if (h.first == "Authorization") hasAuth = h.second == "Bearer s3cret";
    EXPECT_TRUE(hasAuth);
}

TEST_F(AppTest, ApiKeySchemeSendsTheKeyRaw) {
    app.start({}, {"key-123", core::AuthScheme::ApiKey});
    ASSERT_EQ(transport.sent.size(), 1u);
    EXPECT_EQ(transport.sent[0].headers[0].second, "key-123");
}

TEST_F(AppTest, LoadsEveryPageThenShowsTheRoute) {
    app.start(core::parseRoute("/services/5"), {"t", core::AuthScheme::Bearer});
    transport.answer(200, servicesPage(1, 100, 1, 2, 130));
    EXPECT_EQ(app.state().view, core::View::Login);  // still signing in: page 2 is pending
    ASSERT_EQ(transport.sent.size(), 2u);
    EXPECT_EQ(transport.sent[1].url, "/api/v1/services?page=2&per_page=100");
    transport.answer(200, servicesPage(101, 30, 2, 2, 130));
    EXPECT_EQ(app.state().auth, core::AuthState::Ok);
    EXPECT_EQ(app.state().view, core::View::Summary);
    EXPECT_EQ(app.state().services.size(), 130u);
    EXPECT_EQ(state()["services"].size(), 130u);
    EXPECT_EQ(state()["route"], "/services/5");
}

TEST_F(AppTest, RefusedTokenBringsBackTheLoginFormSayingSo) {
    app.start({}, {"wrong", core::AuthScheme::Bearer});
    transport.answer(401, R"({"message":"Unauthenticated."})");
    EXPECT_EQ(app.state().view, core::View::Login);
    EXPECT_EQ(app.state().auth, core::AuthState::None);
    EXPECT_TRUE(app.state().credentials.empty());
    EXPECT_EQ(state()["banner"], "The token was refused (Unauthenticated). Sign in again.");
}

TEST_F(AppTest, A401AfterSigningInMeansExpired) {
    app.start({}, {"t", core::AuthScheme::Bearer});
    transport.answer(200, servicesPage(1, 3, 1, 1, 3));
    core::Intents reload;
    reload.add(core::intent::Reload{});
    app.apply(reload);
    transport.answer(401, R"({"message":"Token expired"})");
    EXPECT_EQ(app.state().auth, core::AuthState::Expired);
    EXPECT_EQ(app.state().view, core::View::Login);
    EXPECT_TRUE(app.state().credentials.empty());
    EXPECT_EQ(app.state().services.size(), 3u);  // kept: signing in again carries on
}

TEST_F(AppTest, FailedReloadKeepsTheListAndSaysSo) {
    app.start({}, {"t", core::AuthScheme::Bearer});
    transport.answer(200, servicesPage(1, 3, 1, 1, 3));
    core::Intents reload;
    reload.add(core::intent::Reload{});
    app.apply(reload);
    transport.answer(503, "<html>upstream down</html>");
    EXPECT_EQ(app.state().services.size(), 3u);
    EXPECT_EQ(app.state().view, core::View::Services);
    EXPECT_EQ(state()["banner"],
              "Could not refresh the services: the API failed (HTTP 503). Showing the last list "
              "received.");
    app.apply(reload);
    transport.answer(200, servicesPage(1, 4, 1, 1, 4));
    EXPECT_EQ(state()["banner"], "");
    EXPECT_EQ(app.state().services.size(), 4u);
}

TEST_F(AppTest, MalformedAnswerWhileSigningInIsShownOnTheLoginForm) {
    app.start({}, {"t", core::AuthScheme::Bearer});
    transport.answer(200, R"({"data": [{"id": 1}]})");
    EXPECT_EQ(app.state().view, core::View::Login);
    EXPECT_FALSE(app.state().signingIn);  // not retried: another answer would be the same
    EXPECT_EQ(state()["banner"],
              "The API base URL looks wrong: /api/v1 answered: the services list could not be "
              "read (data[0].name: missing) (HTTP 200). Check apiBaseUrl and dialect in "
              "config.json.");
}

// They say nothing about the token: it is retried (app_signin_retry_test.cpp), and the screen
// names the failure.
TEST_F(AppTest, NetworkErrorAndTimeoutAreNamed) {
    app.start({}, {"t", core::AuthScheme::Bearer});
    transport.fail(api::TransportError::Timeout);
    EXPECT_TRUE(app.state().signingIn);
    EXPECT_EQ(state()["signInRetry"]["error"], "the API did not answer in time");
    core::Intents again;
    again.add(core::intent::SignIn{core::Credentials{"t", core::AuthScheme::Bearer}});
    app.apply(again);
    transport.fail(api::TransportError::Network);
    EXPECT_EQ(state()["signInRetry"]["error"], "the API could not be reached");
}

TEST_F(AppTest, NeverTwoLoadsOfTheListAtOnce) {
    app.start({}, {"t", core::AuthScheme::Bearer});
    core::Intents reload;
    reload.add(core::intent::Reload{});
    app.apply(reload);  // not signed in yet: ignored
    EXPECT_EQ(transport.sent.size(), 1u);
    transport.answer(200, servicesPage(1, 3, 1, 1, 3));
    app.apply(reload);
    app.apply(reload);
    EXPECT_EQ(transport.sent.size(), 2u);
}

TEST_F(AppTest, AnswersToASignedOutTokenAreDropped) {
    app.start({}, {"t", core::AuthScheme::Bearer});
    core::Intents out;
    out.add(core::intent::SignOut{});
    app.apply(out);
    transport.answer(200, servicesPage(1, 3, 1, 1, 3));
    EXPECT_EQ(app.state().view, core::View::Login);
    EXPECT_TRUE(app.state().services.empty());
}

TEST_F(AppTest, SearchFiltersTheDisplayedRowsCaseInsensitively) {
    app.start({}, {"t", core::AuthScheme::Bearer});
    transport.answer(200, servicesPage(1, 12, 1, 1, 12));
    core::Intents search;
    search.add(core::intent::ServicesSearch{"SERVICE 1"});
    app.apply(search);
    auto rows = state()["services"];
    ASSERT_EQ(rows.size(), 4u);  // 1, 10, 11, 12
    EXPECT_EQ(rows[0]["id"], 1);
    EXPECT_EQ(rows[3]["id"], 12);
    search.add(core::intent::ServicesSearch{"sweeper"});
    app.apply(search);
    EXPECT_EQ(state()["services"].size(), 4u);  // 3, 6, 9, 12
    search.add(core::intent::ServicesSearch{"7"});
    app.apply(search);
    EXPECT_EQ(state()["services"].size(), 1u);
}

TEST_F(AppTest, NavigationAndBrowserRouteChanges) {
    app.start({}, {"t", core::AuthScheme::Bearer});
    transport.answer(200, servicesPage(1, 3, 1, 1, 3));
    core::Intents open;
    open.add(core::intent::Navigate{core::parseRoute("/services/2")});
    app.apply(open);
    EXPECT_EQ(state()["view"], "summary");
    EXPECT_EQ(state()["route"], "/services/2");
    app.onRouteChanged(core::parseRoute("/services"));  // browser back
    EXPECT_EQ(state()["view"], "services");
}

TEST_F(AppTest, StateCountsFramesAndRequestsAsGiven) {
    app.start({}, {});
    auto j = nlohmann::json::parse(core::stateJson(app.state(), 7, 3));
    EXPECT_EQ(j["frames"], 7);
    EXPECT_EQ(j["requests"], 3);
    EXPECT_TRUE(j["syncs"].is_array());
}

}  // namespace

core::TimeMs gLocalNow = 0;
core::TimeMs localClock() {
    return gLocalNow;
}

TEST_F(AppTest, AgoIsCountedByTheServersClockNotTheBrowsers) {
    // The browser's clock is 3 hours behind the server's (whose Date header says 06:30:00); the
    // last sync started at 06:25 by the server's clock: 5 minutes ago, not "in 3 hours".
    gLocalNow = core::parseIso8601("2026-11-28T03:30:00Z").value();
    app.setClock(localClock);
    app.start(core::parseRoute("/services"), {"t", core::AuthScheme::Bearer});
    nlohmann::json page = nlohmann::json::parse(servicesPage(1, 1, 1, 1, 1));
    page["data"][0]["last_sync"] = {
        {"id", 9}, {"status", "success"}, {"started_at", "2026-11-28T06:25:00.000Z"}};
    api::HttpResponse r;
    r.status = 200;
    r.body = page.dump();
    r.headers = {{"date", "Sat, 28 Nov 2026 06:30:00 GMT"}};
    transport.answer(std::move(r));
    const auto s = nlohmann::json::parse(core::stateJson(app.state(), 0, 0, gLocalNow));
    EXPECT_EQ(s["ago"]["services"]["1"], "5 min ago");
    // Without a clock there is none.
    EXPECT_TRUE(state()["ago"]["services"].empty());
}
