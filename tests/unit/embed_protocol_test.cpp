// The iframe protocol without a browser: config.json's origins, which parent origin is trusted,
// what a parent's message means, and what the frame posts as the App's state changes.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/embed_protocol.h"

namespace {

using core::ParentMessage;

const std::vector<std::string> kAllowed = {"https://portal.example", "http://127.0.0.1:8081"};

TEST(EmbedOrigins, OnlyExactSerialisedOriginsAreAllowed) {
    EXPECT_TRUE(core::isAllowedOrigin("https://portal.example", kAllowed));
    EXPECT_TRUE(core::isAllowedOrigin("http://127.0.0.1:8081", kAllowed));
    for (const char* o :
         {"https://portal.example.evil", "https://evil.portal.example", "http://portal.example",
          "https://portal.example:8443", "https://PORTAL.example", "https://portal.example/",
          "http://127.0.0.1", "http://127.0.0.1:808", "null", "", "*"})
        EXPECT_FALSE(core::isAllowedOrigin(o, kAllowed)) << o;
    EXPECT_FALSE(core::isAllowedOrigin("https://portal.example", {}));
}

TEST(EmbedOrigins, OriginOfAUrlIsSerialisedLikeTheBrowserDoesIt) {
    EXPECT_EQ(core::originOfUrl("https://portal.example/app/page?x=1#y"), "https://portal.example");
    EXPECT_EQ(core::originOfUrl("https://Portal.Example:443/"), "https://portal.example");
    EXPECT_EQ(core::originOfUrl("http://127.0.0.1:8081/"), "http://127.0.0.1:8081");
    EXPECT_EQ(core::originOfUrl("http://host:80"), "http://host");
    EXPECT_EQ(core::originOfUrl("http://host:8080"), "http://host:8080");
    EXPECT_EQ(core::originOfUrl("https://user:pw@portal.example/"), "https://portal.example");
    EXPECT_EQ(core::originOfUrl(""), "");
    EXPECT_EQ(core::originOfUrl("about:blank"), "");
    EXPECT_EQ(core::originOfUrl("file:///tmp/x.html"), "");
    EXPECT_EQ(core::originOfUrl("/relative"), "");
}

TEST(EmbedOrigins, AncestorOriginsDecideWhereTheBrowserHasThem) {
    // Chromium and Safari: location.ancestorOrigins[0] is the parent's real origin.
    EXPECT_EQ(core::allowedParentOrigin(std::string("https://portal.example"), "", kAllowed),
              "https://portal.example");
    // A referrer cannot vouch for a parent the browser says is someone else.
    EXPECT_EQ(core::allowedParentOrigin(std::string("https://evil.example"),
                                        "https://portal.example/page", kAllowed),
              "");
    EXPECT_EQ(core::allowedParentOrigin(std::string("null"), "https://portal.example/", kAllowed),
              "");
    // Firefox: no ancestorOrigins, the referrer's origin.
    EXPECT_EQ(core::allowedParentOrigin(std::nullopt, "https://portal.example/app?q#h", kAllowed),
              "https://portal.example");
    EXPECT_EQ(core::allowedParentOrigin(std::nullopt, "https://evil.example/", kAllowed), "");
    EXPECT_EQ(core::allowedParentOrigin(std::nullopt, "", kAllowed), "");
}

ParentMessage parse(const nlohmann::json& j,
                    core::AuthScheme defaultScheme = core::AuthScheme::Bearer) {
    return core::parseParentMessage(j.dump(), defaultScheme);
}

TEST(EmbedMessages, AuthCarriesTheTokenAndScheme) {
    auto m = parse({{"type", "syncscope:auth"}, {"token", "abc.def"}, {"scheme", "Bearer"}});
    ASSERT_EQ(m.kind, ParentMessage::Kind::Auth);
    EXPECT_EQ(m.credentials.token, "abc.def");
    EXPECT_EQ(m.credentials.scheme, core::AuthScheme::Bearer);
    m = parse({{"type", "syncscope:auth"}, {"token", "key-1"}, {"scheme", "ApiKey"}});
    ASSERT_EQ(m.kind, ParentMessage::Kind::Auth);
    EXPECT_EQ(m.credentials.scheme, core::AuthScheme::ApiKey);
    // Without a scheme: the dialect's default, as for a typed token.
    m = parse({{"type", "syncscope:auth"}, {"token", "key-2"}}, core::AuthScheme::ApiKey);
    ASSERT_EQ(m.kind, ParentMessage::Kind::Auth);
    EXPECT_EQ(m.credentials.scheme, core::AuthScheme::ApiKey);
    // Extra fields are ignored.
    EXPECT_EQ(parse({{"type", "syncscope:auth"}, {"token", "t"}, {"v", 2}}).kind,
              ParentMessage::Kind::Auth);
}

TEST(EmbedMessages, BadAuthMessagesAreInvalidAndNeverQuoteTheToken) {
    const std::vector<nlohmann::json> bad = {
        {{"type", "syncscope:auth"}},
        {{"type", "syncscope:auth"}, {"token", ""}},
        {{"type", "syncscope:auth"}, {"token", 42}},
        {{"type", "syncscope:auth"}, {"token", "secret-1"}, {"scheme", "bearer"}},
        {{"type", "syncscope:auth"}, {"token", "secret-1"}, {"scheme", "Basic"}},
        {{"type", "syncscope:auth"}, {"token", std::string(core::kMaxEmbedTokenBytes + 1, 'a')}},
    };
    for (const auto& j : bad) {
        const auto m = parse(j);
        EXPECT_EQ(m.kind, ParentMessage::Kind::Invalid) << j.dump().substr(0, 80);
        EXPECT_FALSE(m.error.empty());
        EXPECT_EQ(m.error.find("secret"), std::string::npos) << m.error;
    }
}

// What a token holds is checked where every token is (App::signIn): a control character is an
// auth message here, which the App refuses (app_token_test.cpp) and the outbox answers
// "invalid-token".
TEST(EmbedMessages, ATokenWithABadCharacterIsLeftToTheAppToRefuse) {
    const auto m = parse({{"type", "syncscope:auth"}, {"token", "secret-1\r\nX-Evil: 1"}});
    EXPECT_EQ(m.kind, ParentMessage::Kind::Auth);
}

TEST(EmbedMessages, NavigateTakesSyncScopeRoutesOnly) {
    auto m = parse({{"type", "syncscope:navigate"}, {"route", "/services/12/syncs/345?line=7"}});
    ASSERT_EQ(m.kind, ParentMessage::Kind::Navigate);
    EXPECT_EQ(m.route.view, core::View::Log);
    EXPECT_EQ(m.route.serviceId, 12);
    EXPECT_EQ(m.route.syncId, 345);
    EXPECT_EQ(m.route.line, 7);
    m = parse({{"type", "syncscope:navigate"}, {"route", "#/services/3"}});
    ASSERT_EQ(m.kind, ParentMessage::Kind::Navigate);
    EXPECT_EQ(m.route.view, core::View::Summary);
    EXPECT_EQ(parse({{"type", "syncscope:navigate"}, {"route", "/services"}}).route.view,
              core::View::Services);
    for (const nlohmann::json& route :
         {nlohmann::json("https://evil.example/"), nlohmann::json("javascript:alert(1)"),
          nlohmann::json("/servicesX"), nlohmann::json(""), nlohmann::json(12), nlohmann::json()})
        EXPECT_EQ(parse({{"type", "syncscope:navigate"}, {"route", route}}).kind,
                  ParentMessage::Kind::Invalid)
            << route.dump();
}

TEST(EmbedMessages, OtherMessagesAreIgnoredOrNamed) {
    EXPECT_EQ(core::parseParentMessage("not json", core::AuthScheme::Bearer).kind,
              ParentMessage::Kind::Ignore);
    EXPECT_EQ(core::parseParentMessage("[1,2]", core::AuthScheme::Bearer).kind,
              ParentMessage::Kind::Ignore);
    EXPECT_EQ(parse({{"type", "portal:resize"}, {"h", 3}}).kind, ParentMessage::Kind::Ignore);
    EXPECT_EQ(parse({{"kind", "syncscope:auth"}}).kind, ParentMessage::Kind::Ignore);
    const auto m = parse({{"type", "syncscope:ready"}});  // our own message, echoed back
    EXPECT_EQ(m.kind, ParentMessage::Kind::Invalid);
    EXPECT_NE(m.error.find("unknown message type"), std::string::npos);
}

// Found by fuzz target embed-protocol: the type was cut at 64 bytes, inside a character, and the
// console got invalid UTF-8.
TEST(EmbedMessages, AnUnknownTypeIsNamedCutAtACharacterBoundary) {
    std::string type = "syncscope:x";
    for (int i = 0; i < 40; ++i) type += "\xC3\xA9";  // é: byte 64 is the second half of one
    const auto m = parse({{"type", type}});
    ASSERT_EQ(m.kind, ParentMessage::Kind::Invalid);
    EXPECT_EQ(m.error, "unknown message type \"" + type.substr(0, 63) + "\"");
}

std::vector<nlohmann::json> posted(core::EmbedOutbox& box, const core::AppState& s) {
    std::vector<nlohmann::json> out;
    for (const auto& m : box.update(s)) out.push_back(nlohmann::json::parse(m));
    return out;
}

TEST(EmbedOutbox, ReadyThenAuthRequiredThenRoutes) {
    core::EmbedOutbox box;
    core::AppState s;  // the login form, no token
    s.route = core::parseRoute("/services/12");
    auto out = posted(box, s);
    ASSERT_EQ(out.size(), 3u);
    EXPECT_EQ(out[0], (nlohmann::json{{"type", "syncscope:ready"}}));
    EXPECT_EQ(out[1],
              (nlohmann::json{{"type", "syncscope:auth-required"}, {"reason", "signed-out"}}));
    EXPECT_EQ(out[2], (nlohmann::json{{"type", "syncscope:route"}, {"route", "/services/12"}}));
    EXPECT_TRUE(posted(box, s).empty()) << "nothing new";

    s.signingIn = true;  // a token arrived and is being checked
    EXPECT_TRUE(posted(box, s).empty());
    s.signingIn = false;
    s.view = core::View::Summary;
    s.auth = core::AuthState::Ok;
    EXPECT_TRUE(posted(box, s).empty());
    s.route = core::parseRoute("/services/12/syncs/9");
    s.view = core::View::Log;
    out = posted(box, s);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0]["route"], "/services/12/syncs/9");

    // A 401 on a session that worked: the form again, and the parent is asked for a token.
    s.view = core::View::Login;
    s.auth = core::AuthState::Expired;
    out = posted(box, s);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0], (nlohmann::json{{"type", "syncscope:auth-required"}, {"reason", "expired"}}));
}

TEST(EmbedOutbox, ARefusedTokenAsksAgain) {
    core::EmbedOutbox box;
    core::AppState s;
    s.signingIn = true;  // started with a token
    auto out = posted(box, s);
    ASSERT_EQ(out.size(), 2u);  // ready, route: no token asked for while one is checked
    EXPECT_EQ(out[0]["type"], "syncscope:ready");
    EXPECT_EQ(out[1]["type"], "syncscope:route");
    s.signingIn = false;
    s.loginMessage = "The token was refused. Sign in again.";
    out = posted(box, s);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0]["type"], "syncscope:auth-required");
}

TEST(EmbedOutbox, ATokenRefusedBeforeSendingIsAnsweredInvalidTokenEachTime) {
    core::EmbedOutbox box;
    core::AppState s;  // the login form
    ASSERT_EQ(posted(box, s).size(), 3u);
    for (int i = 1; i <= 2; ++i) {
        s.tokensRefused = static_cast<uint64_t>(i);
        s.loginMessage = "The token contains \u201C (U+201C) at position 1: paste it again";
        const auto out = posted(box, s);
        ASSERT_EQ(out.size(), 1u);
        EXPECT_EQ(out[0], (nlohmann::json{{"type", "syncscope:auth-required"},
                                          {"reason", "invalid-token"}}));
    }
    EXPECT_TRUE(posted(box, s).empty());
}

}  // namespace
