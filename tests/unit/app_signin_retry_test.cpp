// Sign-in that survives a bad minute (issue 14, item 4): core::App through the reference backend
// and a fake transport. A 5xx, a 429, a timeout or a dropped connection at sign-in keeps the token
// and retries it by the refresh scheduler's rules (while "Signing in… retrying in N s" shows and
// no syncscope:auth-required goes to a portal); 401 and 403 bring the form back; a 404 or an HTML
// page stops with "The API base URL looks wrong"; the route asked for survives the retries.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "api/reference_backend.h"
#include "core/app.h"
#include "core/embed_protocol.h"
#include "core/refresh_scheduler.h"
#include "core/remembered_token.h"
#include "core/state_json.h"
#include "fake_transport.h"

namespace {

using core::TimeMs;
using nlohmann::json;

std::string services() {
    json data = json::array();
    for (int id : {3, 4})
        data.push_back({{"id", id},
                        {"name", "Service " + std::to_string(id)},
                        {"status", "active"},
                        {"type", "standard"}});
    return json{{"data", data},
                {"meta", {{"current_page", 1}, {"per_page", 100}, {"total", 2}, {"last_page", 1}}}}
        .dump();
}

constexpr const char* kDeepLink = "/services/3/syncs/1000003?line=42";
constexpr TimeMs kStart = 1'000'000;  // the local clock when the page opens

struct SignInRetryTest : ::testing::Test {
    FakeTransport transport;
    api::ReferenceBackend backend{transport, "/api/v1"};
    core::App app{backend, core::AppConfig{}};
    core::EmbedOutbox portal;  // what a portal's frame would be told
    std::vector<std::string> toPortal;

    json state() { return json::parse(core::stateJson(app.state(), 0, 0)); }
    size_t signInRequests() const {
        size_t n = 0;
        for (const auto& r : transport.sent) n += r.url.rfind("/api/v1/services?", 0) == 0;
        return n;
    }
    // Tells the "portal" what changed (as src/web does after every change of state).
    void observe() {
        for (const std::string& m : portal.update(app.state()))
            toPortal.push_back(json::parse(m)["type"].get<std::string>());
    }
    bool authRequiredSent() const {
        return std::count(toPortal.begin(), toPortal.end(), "syncscope:auth-required") > 0;
    }
    // Ticks every ms from `from` until a sign-in request goes out (or `until`): its time, or -1.
    TimeMs tickUntilSent(TimeMs from, TimeMs until) {
        const size_t before = signInRequests();
        for (TimeMs t = from; t <= until; ++t) {
            app.tick(t);
            observe();
            if (signInRequests() > before) return t;
        }
        return -1;
    }
    void open(const char* route = kDeepLink) {
        app.tick(kStart);  // the clock (App::now() is the last tick's time without one)
        app.start(core::parseRoute(route), {"t", core::AuthScheme::Bearer}, true);
        observe();
    }
};

TEST_F(SignInRetryTest, FailuresThatSayNothingAboutTheTokenAreRetriedUntilAnAnswerComes) {
    open();
    ASSERT_EQ(signInRequests(), 1u);
    TimeMs t = kStart;
    // 502, a dropped connection, a timeout, 500: each keeps the token and is tried again.
    const std::vector<TimeMs> bases{1000, 2000, 4000, 4000};  // capped at 4 s before any data
    for (size_t i = 0; i < bases.size(); ++i) {
        switch (i) {
            case 0: transport.answer(502, R"({"message":"Bad gateway"})"); break;
            case 1: transport.fail(api::TransportError::Network); break;
            case 2: transport.fail(api::TransportError::Timeout); break;
            default: transport.answer(500, ""); break;
        }
        observe();
        json s = state();
        EXPECT_EQ(s["view"], "login") << i;
        EXPECT_EQ(s["signingIn"], true) << i;  // the "Signing in… retrying" screen, not the form
        ASSERT_TRUE(s["signInRetry"].is_object()) << i;
        EXPECT_EQ(s["signInRetry"]["failures"], i + 1);
        EXPECT_EQ(s["banner"], "") << "the form's message stays empty: " << i;
        EXPECT_EQ(app.state().credentials.token, "t") << "the token is kept";
        EXPECT_EQ(core::tokenStorageFor(app.state()), core::TokenStorage::Keep);
        const TimeMs retryAt = s["signInRetry"]["retryAt"].get<TimeMs>();
        EXPECT_GE(retryAt - t, bases[i] * 8 / 10) << i;
        EXPECT_LE(retryAt - t, bases[i] * 12 / 10) << i;
        const TimeMs sentAt = tickUntilSent(t, t + 60000);
        EXPECT_EQ(sentAt, retryAt) << "retried when it said, not before: " << i;
        EXPECT_EQ(state()["signInRetry"]["retryAt"], 0) << "in flight";
        t = sentAt;
    }
    EXPECT_EQ(state()["signInRetry"]["error"], "the API failed (HTTP 500)");
    EXPECT_FALSE(authRequiredSent()) << "no token is asked of the portal while retrying";
    transport.answer(200, services());
    observe();
    json s = state();
    EXPECT_EQ(s["auth"], "ok");
    EXPECT_EQ(s["view"], "log");
    EXPECT_EQ(s["route"], kDeepLink) << "the deep link survived the retries";
    EXPECT_EQ(s["signingIn"], false);
    EXPECT_TRUE(s["signInRetry"].is_null());
    EXPECT_EQ(core::tokenStorageFor(app.state()), core::TokenStorage::Store);
    EXPECT_FALSE(authRequiredSent());
    // Nothing of the sign-in stays scheduled: the log's own requests go, no more services lists.
    const size_t lists = signInRequests();
    for (TimeMs u = t; u < t + 120000; u += 500) app.tick(u);
    EXPECT_EQ(signInRequests(), lists);
}

TEST_F(SignInRetryTest, A429WaitsForItsRetryAfterThenTriesAgain) {
    open();
    transport.answer(429, R"({"message":"Too many requests"})", {{"retry-after", "7"}});
    json s = state();
    EXPECT_EQ(s["signingIn"], true);
    EXPECT_EQ(s["signInRetry"]["retryAt"], kStart + 7000);
    EXPECT_EQ(tickUntilSent(kStart, kStart + 60000), kStart + 7000);
    transport.answer(200, services());
    EXPECT_EQ(state()["view"], "log");
    EXPECT_FALSE(app.scheduler().probing()) << "the one request after the hold got through";
}

TEST_F(SignInRetryTest, A503sRetryAfterIsALowerBound) {
    open();
    transport.answer(503, R"({"message":"Maintenance"})", {{"retry-after", "5"}});
    EXPECT_EQ(state()["signInRetry"]["retryAt"], kStart + 5000);
    EXPECT_EQ(tickUntilSent(kStart, kStart + 60000), kStart + 5000);
}

TEST_F(SignInRetryTest, A401BringsBackTheFormAndAsksThePortal) {
    open();
    transport.answer(401, R"({"message":"Unauthenticated."})");
    observe();
    json s = state();
    EXPECT_EQ(s["view"], "login");
    EXPECT_EQ(s["signingIn"], false);
    EXPECT_TRUE(s["signInRetry"].is_null());
    EXPECT_EQ(s["banner"], "The token was refused (Unauthenticated). Sign in again.");
    EXPECT_TRUE(authRequiredSent());
    EXPECT_EQ(tickUntilSent(kStart, kStart + 120000), -1) << "never retried";
    EXPECT_EQ(s["route"], kDeepLink);
}

TEST_F(SignInRetryTest, A403SaysTheTokenIsNotAllowed) {
    open();
    transport.answer(403, R"({"message":"This action is unauthorized."})");
    observe();
    json s = state();
    EXPECT_EQ(s["view"], "login");
    EXPECT_EQ(s["signingIn"], false);
    EXPECT_EQ(s["banner"],
              "This token is not allowed to use the API (This action is unauthorized, HTTP 403). "
              "Sign in with another token.");
    EXPECT_TRUE(app.state().credentials.empty()) << "a token that may not in is not kept";
    EXPECT_EQ(core::tokenStorageFor(app.state()), core::TokenStorage::Remove);
    EXPECT_TRUE(authRequiredSent());
    EXPECT_EQ(tickUntilSent(kStart, kStart + 120000), -1) << "never retried";
    EXPECT_EQ(s["route"], kDeepLink);
}

TEST_F(SignInRetryTest, A404StopsTheRetriesWithTheBaseUrlLooksWrong) {
    open();
    transport.answer(404, "Not found\n", {{"content-type", "text/plain"}});
    observe();
    json s = state();
    EXPECT_EQ(s["view"], "login");
    EXPECT_EQ(s["signingIn"], false);
    EXPECT_EQ(s["banner"],
              "The API base URL looks wrong: /api/v1 answered: not found (HTTP 404). Check "
              "apiBaseUrl and dialect in config.json.");
    EXPECT_EQ(tickUntilSent(kStart, kStart + 120000), -1) << "never retried";
    EXPECT_FALSE(app.state().credentials.empty()) << "not the token's fault: kept for Try again";
    EXPECT_FALSE(authRequiredSent()) << "no other token could help: the portal is not asked";
}

TEST_F(SignInRetryTest, AnHtmlPageWhereJsonWasExpectedStopsTheRetriesToo) {
    open();
    transport.answer(200, "<!doctype html>\n<html><head><title>SyncScope</title></head></html>",
                     {{"content-type", "text/html; charset=utf-8"}});
    json s = state();
    EXPECT_EQ(s["signingIn"], false);
    EXPECT_EQ(s["banner"],
              "The API base URL looks wrong: /api/v1 answered: the services list could not be "
              "read (an HTML page where JSON was expected) (HTTP 200). Check apiBaseUrl and "
              "dialect in config.json.");
    EXPECT_EQ(tickUntilSent(kStart, kStart + 120000), -1);
    // Try again (the login form's button) asks once more, and an answer signs in.
    core::Intents again;
    again.add(core::intent::SignIn{app.state().credentials});
    app.apply(again);
    EXPECT_EQ(signInRequests(), 2u);
    EXPECT_EQ(state()["banner"], "");
    transport.answer(200, services());
    EXPECT_EQ(state()["view"], "log");
}

TEST_F(SignInRetryTest, CancelGoesBackToTheFormKeepingTheTokenForTryAgain) {
    open();
    transport.answer(502, "");
    const TimeMs sentAt = tickUntilSent(kStart, kStart + 60000);
    ASSERT_GT(sentAt, 0);
    core::Intents cancel;
    cancel.add(core::intent::CancelSignIn{});
    app.apply(cancel);  // while the second try is in flight
    observe();
    json s = state();
    EXPECT_EQ(s["view"], "login");
    EXPECT_EQ(s["signingIn"], false);
    EXPECT_TRUE(s["signInRetry"].is_null());
    EXPECT_EQ(s["banner"],
              "Signing in was stopped after 1 failed try (the last: the API failed (HTTP 502)). "
              "The token was not refused: try again, or use another.");
    EXPECT_TRUE(authRequiredSent()) << "the person asked for the form: a portal may send a token";
    // The answer in flight is dropped, and nothing more is tried by itself.
    transport.answer(200, services());
    EXPECT_EQ(state()["view"], "login");
    EXPECT_EQ(tickUntilSent(sentAt, sentAt + 120000), -1);
    EXPECT_EQ(app.state().credentials.token, "t");
    // Try again works (the scheduler holds nothing of the cancelled try).
    core::Intents again;
    again.add(core::intent::SignIn{app.state().credentials});
    app.apply(again);
    transport.answer(200, services());
    EXPECT_EQ(state()["view"], "log");
    EXPECT_EQ(state()["route"], kDeepLink);
}

TEST_F(SignInRetryTest, AnotherTokenWhileRetryingReplacesTheRetry) {
    open();
    transport.answer(503, "");
    core::Intents other;
    other.add(core::intent::SignIn{core::Credentials{"u", core::AuthScheme::Bearer}});
    app.apply(other);
    EXPECT_EQ(signInRequests(), 2u) << "the new token is tried at once";
    EXPECT_TRUE(state()["signInRetry"].is_null());
    transport.answer(200, services());
    EXPECT_EQ(state()["auth"], "ok");
    EXPECT_EQ(app.state().credentials.token, "u");
    const size_t lists = signInRequests();
    for (TimeMs u = kStart; u < kStart + 60000; u += 500) app.tick(u);
    EXPECT_EQ(signInRequests(), lists) << "the old token's retry is gone";
}

TEST_F(SignInRetryTest, SigningOutWhileRetryingStopsTheRetries) {
    open();
    transport.answer(503, "");
    core::Intents out;
    out.add(core::intent::SignOut{});
    app.apply(out);
    EXPECT_EQ(tickUntilSent(kStart, kStart + 60000), -1);
    EXPECT_TRUE(state()["signInRetry"].is_null());
}

// POST /login is not retried by itself (the App keeps no password to send again); the form keeps
// the email. The session token it gives is then checked like any other: retried on a 5xx.
TEST_F(SignInRetryTest, APasswordIsNotResentButTheSessionTokenIsRetried) {
    app.tick(kStart);
    app.start(core::parseRoute(kDeepLink), {});
    core::Intents login;
    login.add(core::intent::PasswordLogin{core::PasswordLogin{"demo@syncscope.example", "demo"}});
    app.apply(login);
    transport.answer(503, R"({"message":"Service unavailable"})", {{"retry-after", "1"}});
    EXPECT_EQ(state()["banner"], "Could not sign in: Service unavailable (HTTP 503)");
    EXPECT_EQ(state()["signingIn"], false);
    for (TimeMs u = kStart; u < kStart + 60000; u += 100) app.tick(u);
    EXPECT_EQ(transport.sent.size(), 1u) << "the password was sent once";

    app.apply(login);
    transport.answer(200, R"({"token":"session-1","expires_in":3600})");
    ASSERT_EQ(signInRequests(), 1u);
    transport.answer(502, "");
    EXPECT_EQ(state()["signingIn"], true);
    EXPECT_GT(tickUntilSent(kStart + 60000, kStart + 120000), 0);
    transport.answer(200, services());
    EXPECT_EQ(state()["view"], "log");
    EXPECT_EQ(state()["route"], kDeepLink);
}

// The scheduler's side: a key with nothing on screen backs off to backoffMaxBeforeDataMs at most;
// once it has succeeded, to backoffMaxMs as before.
TEST(RefreshSchedulerBeforeData, BackoffIsCappedUntilTheFirstSuccess) {
    core::RefreshScheduler::Options o;
    o.jitterFraction = 0;
    o.backoffMaxBeforeDataMs = 4000;
    core::RefreshScheduler s(o);
    const core::ResourceKey kLog1{core::ResourceKey::Kind::Log, 1};
    s.watch(kLog1, core::RefreshScheduler::Mode::Live);
    const std::vector<TimeMs> before{1000, 2000, 4000, 4000, 4000};
    TimeMs t = 0;
    for (TimeMs want : before) {
        s.started(kLog1, t);
        s.failed(kLog1, t, {core::FailureKind::Server, 0});
        EXPECT_EQ(*s.nextDueMs(kLog1) - t, want);
        t += want;
    }
    s.started(kLog1, t);
    s.succeeded(kLog1, t, true);
    const std::vector<TimeMs> after{1000, 2000, 4000, 8000, 16000, 30000};
    t += 5000;
    for (TimeMs want : after) {
        s.started(kLog1, t);
        s.failed(kLog1, t, {core::FailureKind::Server, 0});
        EXPECT_EQ(*s.nextDueMs(kLog1) - t, want);
        t += want;
    }
}

}  // namespace
