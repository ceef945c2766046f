// core::App through the reference backend and a fake transport: email + password sign-in, the
// "Remember me" flag and what the web layer then keeps (tokenStorageFor), and the services list's
// filters, group tabs and sort as the displayed rows (state().services).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "api/patchworks_backend.h"
#include "api/reference_backend.h"
#include "core/app.h"
#include "core/remembered_token.h"
#include "core/state_json.h"
#include "fake_transport.h"

namespace {

using nlohmann::json;

json service(int id, const char* name, const char* status, const char* group, const char* system,
             const char* entity, const char* lastSyncAt = nullptr) {
    json s = {{"id", id},
              {"name", name},
              {"status", status},
              {"type", "standard"},
              {"company_group", group},
              {"source", {{"system", system}, {"entity", entity}}},
              {"destination", {{"system", "NetSuite"}, {"entity", entity}}},
              {"schedule", "Hourly"},
              {"alerts_enabled", id % 2 == 0},
              {"last_sync", nullptr}};
    if (lastSyncAt)
        s["last_sync"] = {{"id", id * 100}, {"status", "success"}, {"started_at", lastSyncAt}};
    return s;
}

std::string page(const json& data) {
    return json{
        {"data", data},
        {"meta",
         {{"current_page", 1}, {"per_page", 100}, {"total", data.size()}, {"last_page", 1}}}}
        .dump();
}

// Two company groups; sources Shopify (orders, customers) and Magento (orders).
std::string demoServices() {
    return page(json::array({
        service(1, "Shopify orders to NetSuite", "active", "Retail", "Shopify", "orders",
                "2026-11-28T06:00:00.000Z"),
        service(2, "magento orders to NetSuite", "inactive", "Wholesale", "Magento", "orders",
                "2026-11-28T07:00:00.000Z"),
        service(3, "Shopify customers to NetSuite", "active", "Retail", "Shopify", "customers"),
        service(4, "Another Shopify orders flow", "inactive", "Retail", "Shopify", "orders",
                "2026-11-28T05:00:00.000Z"),
    }));
}

struct AppLoginTest : ::testing::Test {
    FakeTransport transport;
    api::ReferenceBackend backend{transport, "/api/v1"};
    core::App app{backend, core::AppConfig{}};

    json state() { return json::parse(core::stateJson(app.state(), 0, 0)); }
    std::vector<int64_t> shownIds() {
        std::vector<int64_t> ids;
        const json st = state();  // not state()["services"] in the loop: that would dangle
        for (const auto& s : st["services"]) ids.push_back(s["id"].get<int64_t>());
        return ids;
    }
    std::string authorization(size_t request) {
        for (const auto& h : transport.sent.at(request).headers)
            if (h.first == "Authorization") return h.second;
        return "";
    }
    void passwordLogin(const char* email, const char* password, bool remember = false) {
        core::Intents in;
        in.add(core::intent::PasswordLogin{core::PasswordLogin{email, password}, remember});
        app.apply(in);
    }
    void signedIn() {
        app.start(core::parseRoute("/services"), {"t", core::AuthScheme::Bearer});
        transport.answer(200, demoServices());
        ASSERT_EQ(app.state().auth, core::AuthState::Ok);
    }
    void apply(const core::Intents& in) { app.apply(in); }
    void filter(const core::ServicesFilter& f) {
        core::Intents in;
        in.add(core::intent::ServicesFilterSet{f});
        app.apply(in);
    }
    void sort(core::ServicesSortKey key, bool descending) {
        core::Intents in;
        in.add(core::intent::ServicesSortSet{core::ServicesSort{key, descending}});
        app.apply(in);
    }
};

// --- email + password
// -------------------------------------------------------------------------------

TEST_F(AppLoginTest, PasswordLoginPostsTheCredentialsThenSignsInWithTheSessionToken) {
    app.start(core::parseRoute("/services"), {});
    passwordLogin("  demo@syncscope.example ", "demo");
    ASSERT_EQ(transport.sent.size(), 1u);
    const api::HttpRequest& login = transport.sent[0];
    EXPECT_EQ(login.method, "POST");
    EXPECT_EQ(login.url, "/api/v1/login");
    EXPECT_EQ(json::parse(login.body),
              (json{{"email", "demo@syncscope.example"}, {"password", "demo"}}));
    EXPECT_EQ(login.url.find("password"), std::string::npos);  // nothing secret in the URL
    EXPECT_TRUE(app.state().signingIn);

    transport.answer(200, R"({"token":"session-123","expires_in":3600})");
    ASSERT_EQ(transport.sent.size(), 2u);
    EXPECT_EQ(transport.sent[1].url, "/api/v1/services?page=1&per_page=100");
    EXPECT_EQ(authorization(1), "Bearer session-123");
    EXPECT_EQ(app.state().credentials.scheme, core::AuthScheme::Bearer);
    transport.answer(200, demoServices());
    EXPECT_EQ(state()["auth"], "ok");
    EXPECT_EQ(state()["view"], "services");
    EXPECT_FALSE(app.state().signingIn);
}

TEST_F(AppLoginTest, RefusedPasswordShowsTheApisMessageOnTheForm) {
    app.start(core::parseRoute("/services"), {});
    passwordLogin("demo@syncscope.example", "wrong");
    transport.answer(401, R"({"message":"These credentials do not match our records."})");
    EXPECT_EQ(state()["view"], "login");
    EXPECT_EQ(state()["auth"], "none");
    EXPECT_EQ(state()["banner"], "These credentials do not match our records.");
    EXPECT_FALSE(app.state().signingIn);
    EXPECT_TRUE(app.state().credentials.empty());
    EXPECT_EQ(transport.sent.size(), 1u);  // nothing else was asked
}

TEST_F(AppLoginTest, PasswordLoginNetworkErrorsAreNamed) {
    app.start(core::parseRoute("/services"), {});
    passwordLogin("demo@syncscope.example", "demo");
    transport.fail(api::TransportError::Network);
    EXPECT_EQ(state()["banner"], "Could not sign in: the API could not be reached");
    passwordLogin("demo@syncscope.example", "demo");
    transport.fail(api::TransportError::Timeout);
    EXPECT_EQ(state()["banner"], "Could not sign in: the API did not answer in time");
    passwordLogin("demo@syncscope.example", "demo");
    transport.answer(503, "");
    EXPECT_EQ(state()["banner"], "Could not sign in: the API failed (HTTP 503)");
}

TEST_F(AppLoginTest, PasswordLoginNeedsBothFieldsAndSendsNothingWithout) {
    app.start(core::parseRoute("/services"), {});
    passwordLogin("", "demo");
    EXPECT_EQ(state()["banner"], "Enter your email address and password.");
    passwordLogin("demo@syncscope.example", "");
    EXPECT_EQ(state()["banner"], "Enter your password.");
    EXPECT_TRUE(transport.sent.empty());
}

TEST_F(AppLoginTest, ASecondSubmitWhileSigningInIsIgnored) {
    app.start(core::parseRoute("/services"), {});
    passwordLogin("demo@syncscope.example", "demo");
    passwordLogin("demo@syncscope.example", "demo");
    EXPECT_EQ(transport.sent.size(), 1u);
}

TEST_F(AppLoginTest, ALoginAnswerAfterSignOutIsDropped) {
    app.start(core::parseRoute("/services"), {});
    passwordLogin("demo@syncscope.example", "demo");
    core::Intents out;
    out.add(core::intent::SignOut{});
    app.apply(out);
    transport.answer(200, R"({"token":"late","expires_in":3600})");
    EXPECT_EQ(transport.sent.size(), 1u);  // no services request with the late token
    EXPECT_TRUE(app.state().credentials.empty());
    EXPECT_EQ(state()["view"], "login");
}

TEST(AppLoginPatchworks, ThePatchworksDialectHasNoPasswordLogin) {
    FakeTransport transport;
    std::vector<std::function<void()>> deferred;
    api::PatchworksBackend backend{transport, "/core/api/v1", [&](std::function<void()> f) {
                                       deferred.push_back(std::move(f));
                                   }};
    core::App app{backend, core::AppConfig{}};
    EXPECT_FALSE(app.state().capabilities.passwordLogin);  // the form hides that part
    app.start({}, {});
    core::Intents in;
    in.add(core::intent::PasswordLogin{core::PasswordLogin{"demo@syncscope.example", "demo"}});
    app.apply(in);
    EXPECT_TRUE(transport.sent.empty());
    EXPECT_TRUE(deferred.empty());
    EXPECT_EQ(app.state().loginMessage, "This API has no password sign-in: use an API key.");
}

// --- "Remember me" -------------------------------------------------------------------------------

TEST_F(AppLoginTest, RememberedPasswordSessionIsStoredOnlyOnceAccepted) {
    app.start(core::parseRoute("/services"), {});
    EXPECT_EQ(core::tokenStorageFor(app.state()), core::TokenStorage::Remove);
    passwordLogin("demo@syncscope.example", "demo", true);
    EXPECT_TRUE(app.state().rememberToken);
    transport.answer(200, R"({"token":"session-123","expires_in":3600})");
    EXPECT_EQ(core::tokenStorageFor(app.state()), core::TokenStorage::Keep);  // being checked
    transport.answer(200, demoServices());
    ASSERT_EQ(core::tokenStorageFor(app.state()), core::TokenStorage::Store);
    EXPECT_EQ(json::parse(core::encodeRememberedToken(app.state().credentials)),
              (json{{"token", "session-123"}, {"scheme", "bearer"}}));
}

TEST_F(AppLoginTest, WithoutRememberMeNothingIsStored) {
    core::Intents in;
    in.add(core::intent::SignIn{core::Credentials{"t", core::AuthScheme::Bearer}});
    app.start({}, {});
    app.apply(in);
    transport.answer(200, demoServices());
    EXPECT_EQ(app.state().auth, core::AuthState::Ok);
    EXPECT_FALSE(app.state().rememberToken);
    EXPECT_EQ(core::tokenStorageFor(app.state()), core::TokenStorage::Remove);
}

TEST_F(AppLoginTest, SignOutForgetsTheRememberedToken) {
    app.start(core::parseRoute("/services"), {"t", core::AuthScheme::ApiKey}, true);
    transport.answer(200, demoServices());
    EXPECT_EQ(core::tokenStorageFor(app.state()), core::TokenStorage::Store);
    core::Intents out;
    out.add(core::intent::SignOut{});
    app.apply(out);
    EXPECT_FALSE(app.state().rememberToken);
    EXPECT_EQ(core::tokenStorageFor(app.state()), core::TokenStorage::Remove);
}

TEST_F(AppLoginTest, AnExpiredRememberedTokenIsForgotten) {
    app.start(core::parseRoute("/services"), {"t", core::AuthScheme::Bearer}, true);
    transport.answer(200, demoServices());
    core::Intents reload;
    reload.add(core::intent::Reload{});
    app.apply(reload);
    transport.answer(401, R"({"message":"Unauthenticated: the token has expired."})");
    EXPECT_EQ(state()["auth"], "expired");
    EXPECT_EQ(core::tokenStorageFor(app.state()), core::TokenStorage::Remove);
    // The message says why, and never carries the token.
    EXPECT_EQ(state()["banner"],
              "Your session has expired or the token was revoked (Unauthenticated: the token has "
              "expired). Sign in again.");
}

TEST_F(AppLoginTest, ARememberedTokenIsKeptWhileTheApiCannotBeReached) {
    app.start(core::parseRoute("/services"), {"t", core::AuthScheme::Bearer}, true);
    transport.fail(api::TransportError::Network);
    EXPECT_EQ(state()["view"], "login");
    // Not refused, only unreachable: a reload later may still use it.
    EXPECT_EQ(core::tokenStorageFor(app.state()), core::TokenStorage::Keep);
    EXPECT_FALSE(app.state().credentials.empty());
}

// "Remember on this device" (issue 16, point 9): localStorage instead of this tab's
// sessionStorage, under the same rules of when; sign-out and a 401 forget it in both places.
TEST_F(AppLoginTest, RememberOnThisDeviceStoresInLocalStorageOnceAccepted) {
    app.start(core::parseRoute("/services"), {});
    core::Intents in;
    in.add(core::intent::SignIn{core::Credentials{"t", core::AuthScheme::Bearer}, false, true});
    app.apply(in);
    EXPECT_TRUE(app.state().rememberToken);  // the device's box alone is enough
    EXPECT_EQ(core::tokenStorageFor(app.state()), core::TokenStorage::Keep);
    transport.answer(200, demoServices());
    EXPECT_EQ(core::tokenStorageFor(app.state()), core::TokenStorage::Store);
    EXPECT_EQ(core::tokenPlaceFor(app.state()), core::TokenPlace::Device);
    core::Intents out;
    out.add(core::intent::SignOut{});
    app.apply(out);
    EXPECT_EQ(core::tokenStorageFor(app.state()), core::TokenStorage::Remove);
    EXPECT_FALSE(app.state().rememberOnDevice);
}

TEST_F(AppLoginTest, RememberMeInThisTabStaysInTheTab) {
    app.start(core::parseRoute("/services"), {});
    core::Intents in;
    in.add(
        core::intent::PasswordLogin{core::PasswordLogin{"demo@syncscope.example", "demo"}, true});
    app.apply(in);
    transport.answer(200, R"({"token":"session-123","expires_in":3600})");
    transport.answer(200, demoServices());
    EXPECT_EQ(core::tokenStorageFor(app.state()), core::TokenStorage::Store);
    EXPECT_EQ(core::tokenPlaceFor(app.state()), core::TokenPlace::Tab);
}

TEST_F(AppLoginTest, ATokenRememberedOnTheDeviceStaysThereUntilRefused) {
    app.start(core::parseRoute("/services"), {"t", core::AuthScheme::Bearer}, true, true);
    transport.answer(200, demoServices());
    EXPECT_EQ(core::tokenStorageFor(app.state()), core::TokenStorage::Store);
    EXPECT_EQ(core::tokenPlaceFor(app.state()), core::TokenPlace::Device);
    core::Intents reload;
    reload.add(core::intent::Reload{});
    app.apply(reload);
    transport.answer(401, R"({"message":"Unauthenticated."})");
    EXPECT_EQ(core::tokenStorageFor(app.state()), core::TokenStorage::Remove);
}

TEST(RememberedToken, RoundTripsAnyTokenAndBothSchemes) {
    const core::Credentials key{"k\"ey with \\ and ünïcode", core::AuthScheme::ApiKey};
    const auto back = core::decodeRememberedToken(core::encodeRememberedToken(key));
    ASSERT_TRUE(back);
    EXPECT_EQ(back->token, key.token);
    EXPECT_EQ(back->scheme, core::AuthScheme::ApiKey);
    const auto bearer = core::decodeRememberedToken(R"({"token":"abc","scheme":"bearer"})");
    ASSERT_TRUE(bearer);
    EXPECT_EQ(bearer->scheme, core::AuthScheme::Bearer);
}

TEST(RememberedToken, RejectsAnythingElse) {
    for (const char* bad :
         {"", "abc", "null", "[]", R"({"token":""," scheme":"bearer"})", R"({"token":"abc"})",
          R"({"token":"abc","scheme":"basic"})", R"({"token":12,"scheme":"bearer"})"})
        EXPECT_FALSE(core::decodeRememberedToken(bad)) << bad;
}

// --- services: filters, group tabs, sort
// ----------------------------------------------------------

TEST_F(AppLoginTest, FiltersNarrowTheDisplayedRows) {
    signedIn();
    EXPECT_EQ(shownIds(), (std::vector<int64_t>{1, 2, 3, 4}));
    core::ServicesFilter f;
    f.status = core::ServiceStatus::Active;
    filter(f);
    EXPECT_EQ(shownIds(), (std::vector<int64_t>{1, 3}));
    f = {};
    f.sourceSystem = "Shopify";
    filter(f);
    EXPECT_EQ(shownIds(), (std::vector<int64_t>{1, 3, 4}));
    f.sourceEntity = "orders";
    filter(f);
    EXPECT_EQ(shownIds(), (std::vector<int64_t>{1, 4}));
    f.search = "ANOTHER";
    filter(f);
    EXPECT_EQ(shownIds(), (std::vector<int64_t>{4}));
    // The search intent alone keeps the other filters.
    core::Intents search;
    search.add(core::intent::ServicesSearch{""});
    apply(search);
    EXPECT_EQ(shownIds(), (std::vector<int64_t>{1, 4}));
    filter({});
    EXPECT_EQ(shownIds(), (std::vector<int64_t>{1, 2, 3, 4}));
}

TEST_F(AppLoginTest, GroupTabsAndFacetsListWhatIsThere) {
    signedIn();
    const core::ServicesFacets& facets = app.state().servicesFacets;
    ASSERT_EQ(facets.groups.size(), 2u);
    EXPECT_EQ(facets.groups[0].value, "Retail");
    EXPECT_EQ(facets.groups[0].count, 3u);
    EXPECT_EQ(facets.groups[1].value, "Wholesale");
    ASSERT_EQ(facets.systems.size(), 2u);
    EXPECT_EQ(facets.systems[0].value, "Magento");
    EXPECT_EQ(facets.systems[1].value, "Shopify");
    EXPECT_EQ(facets.systems[1].count, 3u);

    core::ServicesFilter f;
    f.companyGroup = "Wholesale";
    filter(f);
    EXPECT_EQ(shownIds(), (std::vector<int64_t>{2}));
    // Within the tab, the combos offer that group's values only.
    ASSERT_EQ(app.state().servicesFacets.systems.size(), 1u);
    EXPECT_EQ(app.state().servicesFacets.systems[0].value, "Magento");
    ASSERT_EQ(app.state().servicesFacets.statuses.size(), 1u);
    EXPECT_EQ(app.state().servicesFacets.statuses[0].value, "inactive");
    // Entities follow the chosen system.
    f.companyGroup.reset();
    f.sourceSystem = "Shopify";
    filter(f);
    const auto& entities = app.state().servicesFacets.entities;
    ASSERT_EQ(entities.size(), 2u);
    EXPECT_EQ(entities[0].value, "customers");
    EXPECT_EQ(entities[1].value, "orders");
    EXPECT_EQ(entities[1].count, 2u);
}

TEST_F(AppLoginTest, AGroupThatDisappearsOnReloadStopsFiltering) {
    signedIn();
    core::ServicesFilter f;
    f.companyGroup = "Wholesale";
    filter(f);
    EXPECT_EQ(shownIds(), (std::vector<int64_t>{2}));
    core::Intents reload;
    reload.add(core::intent::Reload{});
    apply(reload);
    transport.answer(
        200, page(json::array({service(1, "Only one", "active", "Retail", "Shopify", "orders")})));
    // One group left: no tabs are drawn, so no hidden tab may go on hiding rows.
    EXPECT_FALSE(app.state().servicesFilter.companyGroup);
    EXPECT_EQ(shownIds(), (std::vector<int64_t>{1}));
}

TEST_F(AppLoginTest, SortOrdersTheDisplayedRowsAndSurvivesFiltersAndReloads) {
    signedIn();
    sort(core::ServicesSortKey::Name, false);  // case-insensitive
    EXPECT_EQ(shownIds(), (std::vector<int64_t>{4, 2, 3, 1}));
    sort(core::ServicesSortKey::Name, true);
    EXPECT_EQ(shownIds(), (std::vector<int64_t>{1, 3, 2, 4}));
    sort(core::ServicesSortKey::LastSync, true);  // newest first; never synced last
    EXPECT_EQ(shownIds(), (std::vector<int64_t>{2, 1, 4, 3}));
    sort(core::ServicesSortKey::LastSync, false);  // oldest first; never synced still last
    EXPECT_EQ(shownIds(), (std::vector<int64_t>{4, 1, 2, 3}));
    core::ServicesFilter f;
    f.sourceSystem = "Shopify";
    filter(f);
    EXPECT_EQ(shownIds(), (std::vector<int64_t>{4, 1, 3}));
    core::Intents reload;
    reload.add(core::intent::Reload{});
    apply(reload);
    transport.answer(200, demoServices());
    EXPECT_EQ(shownIds(), (std::vector<int64_t>{4, 1, 3}));
    sort(core::ServicesSortKey::None, false);
    EXPECT_EQ(shownIds(), (std::vector<int64_t>{1, 3, 4}));  // the API's order
}

TEST_F(AppLoginTest, SignOutClearsFiltersAndSortButExpiryKeepsThem) {
    signedIn();
    core::ServicesFilter f;
    f.status = core::ServiceStatus::Inactive;
    filter(f);
    sort(core::ServicesSortKey::Id, true);
    EXPECT_EQ(shownIds(), (std::vector<int64_t>{4, 2}));
    core::Intents reload;
    reload.add(core::intent::Reload{});
    apply(reload);
    transport.answer(401, R"({"message":"expired"})");
    EXPECT_TRUE(app.state().servicesFilter.status);  // signing in again carries on
    EXPECT_EQ(app.state().servicesSort.key, core::ServicesSortKey::Id);

    core::Intents out;
    out.add(core::intent::SignOut{});
    apply(out);
    EXPECT_FALSE(app.state().servicesFilter.any());
    EXPECT_EQ(app.state().servicesSort.key, core::ServicesSortKey::None);
}

TEST_F(AppLoginTest, AnUnchangedFilterOrSortChangesNothing) {
    signedIn();
    const uint64_t revision = app.state().revision;
    filter({});
    sort(core::ServicesSortKey::None, true);  // "no sort" in either direction is the same
    EXPECT_EQ(app.state().revision, revision);
}

}  // namespace
