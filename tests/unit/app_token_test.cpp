// core::App and tokens that arrive with odd characters (issue 13, item 2): every way in (link,
// form, remembered token, portal, POST /login's answer) goes through App::signIn, which trims
// them or refuses them before anything is sent; a portal is told "invalid-token". Also the
// retry jitter's seed (item 7) and request URLs under a base of "/" (item 3).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "api/reference_backend.h"
#include "core/api_url.h"
#include "core/app.h"
#include "core/embed_protocol.h"
#include "core/refresh_scheduler.h"
#include "core/remembered_token.h"
#include "core/state_json.h"
#include "fake_transport.h"

namespace {

const char* kServices = R"({"data":[{"id":1,"name":"One","status":"active","type":"standard"}],)"
                        R"("meta":{"current_page":1,"per_page":100,"total":1,"last_page":1}})";

struct AppTokenTest : ::testing::Test {
    FakeTransport transport;
    api::ReferenceBackend backend{transport, "/api/v1"};
    core::App app{backend, core::AppConfig{}};
    nlohmann::json state() { return nlohmann::json::parse(core::stateJson(app.state(), 0, 0)); }
    std::string authorization(size_t request) {
        for (const auto& h : transport.sent.at(request).headers)
            if (h.first == "Authorization") return h.second;
        return "";
    }
    void signIn(const std::string& token, bool remember = false) {
        core::Intents in;
        in.add(core::intent::SignIn{core::Credentials{token, core::AuthScheme::Bearer}, remember});
        app.apply(in);
    }
};

TEST_F(AppTokenTest, AZeroWidthSpaceAfterAPastedTokenIsTrimmed) {
    app.start(core::parseRoute("/services"), {});
    signIn("\u200Bs3cret-token\u200B\u00A0\n");
    ASSERT_EQ(transport.sent.size(), 1u);
    EXPECT_EQ(authorization(0), "Bearer s3cret-token");
    transport.answer(200, kServices);
    EXPECT_EQ(state()["auth"], "ok");
    EXPECT_EQ(app.state().credentials.token, "s3cret-token");
}

TEST_F(AppTokenTest, ATokenInTypographicQuotesFromALinkIsNeverSent) {
    app.start(core::parseRoute("/services"), {"\u201Cs3cret\u201D", core::AuthScheme::Bearer});
    EXPECT_TRUE(transport.sent.empty());
    EXPECT_EQ(state()["view"], "login");
    EXPECT_FALSE(app.state().signingIn);
    EXPECT_EQ(state()["banner"],
              "The token contains \u201C (U+201C) at position 1: paste it again without quotes");
    EXPECT_EQ(app.state().tokensRefused, 1u);
    EXPECT_TRUE(app.state().credentials.empty());
}

TEST_F(AppTokenTest, AnInnerBadCharacterFromTheFormIsRefusedAndTheRememberedOneRemoved) {
    app.start(core::parseRoute("/services"), {});
    signIn("abc\u200Bdef", /*remember=*/true);
    EXPECT_TRUE(transport.sent.empty());
    EXPECT_EQ(state()["banner"],
              "The token contains a zero-width space (U+200B) at position 4: paste the token "
              "alone, without spaces or line breaks inside it");
    EXPECT_EQ(core::tokenStorageFor(app.state()), core::TokenStorage::Remove);
    // A good token afterwards signs in as usual.
    signIn("abcdef");
    ASSERT_EQ(transport.sent.size(), 1u);
    EXPECT_EQ(authorization(0), "Bearer abcdef");
}

TEST_F(AppTokenTest, ARememberedTokenWithABadCharacterIsNotSentAndIsForgotten) {
    const auto remembered = core::decodeRememberedToken(
        core::encodeRememberedToken({"ab\u2028cd", core::AuthScheme::Bearer}));
    ASSERT_TRUE(remembered);
    app.start(core::parseRoute("/services"), *remembered, /*remembered=*/true);
    EXPECT_TRUE(transport.sent.empty());
    EXPECT_EQ(state()["view"], "login");
    EXPECT_NE(state()["banner"].get<std::string>().find("(U+2028) at position 3"),
              std::string::npos);
    EXPECT_EQ(core::tokenStorageFor(app.state()), core::TokenStorage::Remove);
}

TEST_F(AppTokenTest, APortalsBadTokenIsAnsweredInvalidTokenAndTheSessionGoesOn) {
    core::EmbedOutbox box;
    app.start(core::parseRoute("/services"), {});
    box.update(app.state());  // ready, auth-required (signed-out), route
    // At the form: a bad token from the portal (a control character).
    const core::ParentMessage m = core::parseParentMessage(
        R"({"type":"syncscope:auth","token":"ab\r\nX-Evil: 1"})", core::AuthScheme::Bearer);
    ASSERT_EQ(m.kind, core::ParentMessage::Kind::Auth);
    core::Intents in;
    in.add(core::intent::SignIn{m.credentials});
    app.apply(in);
    EXPECT_TRUE(transport.sent.empty());
    auto out = box.update(app.state());
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(nlohmann::json::parse(out[0]),
              (nlohmann::json{{"type", "syncscope:auth-required"}, {"reason", "invalid-token"}}));
    // Signed in, then a bad one again: the session in use goes on, the portal is told.
    signIn("good");
    transport.answer(200, kServices);
    ASSERT_EQ(app.state().auth, core::AuthState::Ok);
    box.update(app.state());
    signIn("g\u00F6od");
    EXPECT_EQ(transport.sent.size(), 1u);
    EXPECT_EQ(app.state().auth, core::AuthState::Ok);
    EXPECT_EQ(app.state().credentials.token, "good");
    out = box.update(app.state());
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(nlohmann::json::parse(out[0])["reason"], "invalid-token");
}

TEST_F(AppTokenTest, ASessionTokenFromLoginIsCheckedToo) {
    app.start(core::parseRoute("/services"), {});
    core::Intents in;
    in.add(core::intent::PasswordLogin{core::PasswordLogin{"demo@syncscope.example", "demo"}});
    app.apply(in);
    ASSERT_EQ(transport.sent.size(), 1u);
    transport.answer(200, R"({"token":"sess\u00A0ion","expires_in":3600})");
    EXPECT_EQ(transport.sent.size(), 1u) << "the odd token was sent";
    EXPECT_EQ(state()["view"], "login");
}

TEST(AppApiBase, ARootBaseResolvedAgainstThePageSendsToTheSameOrigin) {
    FakeTransport transport;
    const core::ApiBase base = core::resolveApiBase("/", "http://127.0.0.1:8080/");
    ASSERT_TRUE(base.ok());
    api::ReferenceBackend backend{transport, base.url()};
    core::App app{backend, core::AppConfig{}};
    app.start(core::parseRoute("/services"), {"t", core::AuthScheme::Bearer});
    ASSERT_EQ(transport.sent.size(), 1u);
    EXPECT_EQ(transport.sent[0].url, "http://127.0.0.1:8080/services?page=1&per_page=100");
    // Even unresolved, "/" never makes a network-path reference ("//services").
    FakeTransport t2;
    api::ReferenceBackend b2{t2, "/"};
    core::App a2{b2, core::AppConfig{}};
    a2.start(core::parseRoute("/services"), {"t", core::AuthScheme::Bearer});
    ASSERT_EQ(t2.sent.size(), 1u);
    EXPECT_EQ(t2.sent[0].url, "/services?page=1&per_page=100");
}

// The jitter of each backoff delay comes from a seed; the app reseeds it from the browser's
// crypto, so two clients that failed together retry at different times.
TEST(RetryJitterSeed, ReseedingChangesTheDelays) {
    using core::RefreshScheduler;
    const auto delays = [](uint64_t seed, bool reseed) {
        RefreshScheduler s(RefreshScheduler::Options{});
        if (reseed) s.reseed(seed);
        const core::ResourceKey kLog1{core::ResourceKey::Kind::Log, 1};
        s.watch(kLog1, RefreshScheduler::Mode::Live);
        std::vector<core::TimeMs> out;
        core::TimeMs t = 0;
        for (int i = 0; i < 5; ++i) {
            s.started(kLog1, t);
            s.failed(kLog1, t, {core::FailureKind::Server, 0});
            const core::TimeMs d = *s.nextDueMs(kLog1) - t;
            out.push_back(d);
            t += d;
        }
        return out;
    };
    EXPECT_EQ(delays(0, false), delays(0, false)) << "the fixed seed for tests";
    EXPECT_EQ(delays(0x5eed5eedULL, true), delays(0, false));
    EXPECT_NE(delays(0x1234567890abcdefULL, true), delays(0, false));
    EXPECT_NE(delays(42, true), delays(43, true));
}

}  // namespace
