// core::Intents and App::apply (core/intents.h, core/app_intents.cpp): every kind of intent
// reaches App (it changes the state, sends a request or comes back as an effect), one frame's
// intents are applied in a fixed order whatever order the views added them in, and the effects
// App cannot carry out come back typed.
//
// That a kind has a handler is checked when compiling: App::apply visits with one overload set,
// and std::visit does not compile without an operator() for every alternative. What the tests
// below add is that each handler does something, and (AllKindsAreCovered) that a new kind gets
// a case here.
#include <gtest/gtest.h>

#include <functional>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/reference_backend.h"
#include "core/app.h"
#include "core/intents.h"
#include "fake_transport.h"

namespace {

core::TimeMs gNow = 1'795'867'200'000;
core::TimeMs clockNow() {
    return gNow;
}

std::string servicesPage() {
    return R"({"data":[{"id":1,"name":"Orders","status":"active","type":"standard"},
                       {"id":2,"name":"Stock","status":"inactive","type":"standard"}],
               "meta":{"current_page":1,"per_page":100,"total":2,"last_page":1}})";
}

std::string logPage(int64_t lastId) {
    nlohmann::json data = nlohmann::json::array();
    for (int64_t id = 1; id <= lastId; ++id) {
        nlohmann::json line = {{"id", id},
                               {"at", "2026-11-28T06:00:00.000Z"},
                               {"level", "info"},
                               {"message", "Line " + std::to_string(id)},
                               {"payload", nullptr}};
        if (id == 3)
            line["payload"] = {{"id", 77},
                               {"kind", "pull"},
                               {"file_name", "pull.json"},
                               {"size_bytes", 7},
                               {"content_type", "application/json"},
                               {"expires_at", "2026-11-29T06:00:00.000Z"}};
        data.push_back(line);
    }
    return nlohmann::json{
        {"data", data},
        {"meta", {{"last_id", lastId}, {"has_more", false}, {"sync_status", "running"}}}}
        .dump();
}

std::string syncJson() {
    return R"({"id":500,"service_id":1,"status":"running","trigger":"schedule",
               "started_at":"2026-11-28T06:00:00.000Z","finished_at":null,"duration_ms":1000,
               "pulled_count":50,"pushed_count":48,"warning_count":0,"error_count":0,
               "summary":"Running"})";
}

// An App on the reference dialect over a fake transport, with the injected clock.
struct Harness {
    FakeTransport transport;
    api::ReferenceBackend backend{transport, "/api/v1"};
    core::App app{backend, core::AppConfig{}};

    Harness() {
        gNow = 1'795'867'200'000;
        app.setClock(clockNow);
    }

    void answerUrl(const std::string& part, int status, const std::string& body,
                   api::Headers headers = {}) {
        if (!transport.answerWhere(
                [&](const std::string& url) { return url.find(part) != std::string::npos; }, status,
                body, std::move(headers)))
            FAIL() << "no pending request for " << part;
    }
    bool sentSince(size_t before, const std::string& part) const {
        for (size_t i = before; i < transport.sent.size(); ++i)
            if (transport.sent[i].url.find(part) != std::string::npos) return true;
        return false;
    }

    // Signed in, on a running sync's log (lines 1..10), its payload 77 open and held.
    void onLogWithPayload() {
        app.start(core::parseRoute("/services/1/syncs/500"), {"t", core::AuthScheme::Bearer});
        transport.answer(200, servicesPage());
        ASSERT_EQ(app.state().auth, core::AuthState::Ok);
        app.tick(gNow);
        answerUrl("/syncs/500/logs?tail=", 200, logPage(10));
        answerUrl("/syncs/500", 200, syncJson());
        ASSERT_TRUE(app.state().log);
        core::Intents open;
        open.add(core::intent::OpenPayload{*app.state().log->store.lineById(3).payload});
        app.apply(open);
        answerUrl("/payloads/77", 200, "{\"a\":1}", {{"content-type", "application/json"}});
        ASSERT_TRUE(app.state().payload.file);
    }

    core::Effects apply(core::Intent intent) {
        core::Intents in;
        in.items.push_back(std::move(intent));
        return app.apply(in);
    }
};

struct AppIntentsTest : ::testing::Test, Harness {};

// One case per kind of intent: what to set up first (beyond onLogWithPayload), the intent, and
// what shows it reached App.
struct Case {
    const char* name;
    core::Intent intent;
    std::function<void(Harness&)> prepare;
    std::function<void(Harness&, size_t sentBefore, const core::Effects&)> check;
};

std::vector<Case> everyKind() {
    using namespace core::intent;
    core::ServicesFilter inactive;
    inactive.status = core::ServiceStatus::Inactive;
    core::LogFilter lineTwo;
    lineTwo.query = "Line 2";
    core::PayloadRef payload;
    payload.id = 77;
    const auto nothing = [](Harness&) {};
    return {
        {"SavePayload", SavePayload{}, nothing,
         [](Harness&, size_t, const core::Effects& e) {
             ASSERT_EQ(e.size(), 1u);
             EXPECT_TRUE(std::holds_alternative<core::effect::SavePayload>(e[0]));
         }},
        {"DownloadLog", DownloadLog{}, nothing,
         [](Harness&, size_t, const core::Effects& e) {
             ASSERT_EQ(e.size(), 1u);
             EXPECT_TRUE(std::holds_alternative<core::effect::DownloadLog>(e[0]));
         }},
        {"DismissBanner", DismissBanner{},
         [](Harness& t) {  // the log's refresh fails: a banner says so
             gNow += 5000;
             t.app.tick(gNow);
             t.answerUrl("/syncs/500/logs?after_id=10", 503, R"({"message":"down"})");
             ASSERT_NE(t.app.state().banner.kind, core::Banner::Kind::None);
         },
         [](Harness& t, size_t, const core::Effects&) {
             EXPECT_EQ(t.app.state().banner.kind, core::Banner::Kind::None);
         }},
        {"SignOut", SignOut{}, nothing,
         [](Harness& t, size_t, const core::Effects&) {
             EXPECT_EQ(t.app.state().view, core::View::Login);
             EXPECT_TRUE(t.app.state().credentials.empty());
         }},
        {"CancelSignIn", CancelSignIn{},
         [](Harness& t) {  // signing in again, and the API fails: retried by itself
             core::Intents again;
             again.add(SignIn{core::Credentials{"u", core::AuthScheme::Bearer}});
             t.app.apply(again);
             t.answerUrl("/services", 503, R"({"message":"down"})");
             ASSERT_TRUE(t.app.state().signingIn);
         },
         [](Harness& t, size_t, const core::Effects&) {
             EXPECT_FALSE(t.app.state().signingIn);
             EXPECT_EQ(t.app.state().signInRetry.failures, 0);
         }},
        {"SignIn", SignIn{core::Credentials{"u", core::AuthScheme::Bearer}, true}, nothing,
         [](Harness& t, size_t before, const core::Effects&) {
             EXPECT_EQ(t.app.state().credentials.token, "u");
             EXPECT_TRUE(t.app.state().rememberToken);
             EXPECT_TRUE(t.sentSince(before, "/services"));
         }},
        {"PasswordLogin", PasswordLogin{core::PasswordLogin{"a@b.example", "pw"}, true}, nothing,
         [](Harness& t, size_t before, const core::Effects&) {
             EXPECT_TRUE(t.sentSince(before, "/login"));
             EXPECT_TRUE(t.app.state().rememberToken);
         }},
        {"ServicesFilterSet", ServicesFilterSet{inactive}, nothing,
         [](Harness& t, size_t, const core::Effects&) {
             EXPECT_EQ(t.app.state().servicesFilter.status, core::ServiceStatus::Inactive);
             EXPECT_EQ(t.app.state().visibleServices, std::vector<size_t>{1});
         }},
        {"ServicesSearch", ServicesSearch{"stock"}, nothing,
         [](Harness& t, size_t, const core::Effects&) {
             EXPECT_EQ(t.app.state().servicesFilter.search, "stock");
             EXPECT_EQ(t.app.state().visibleServices, std::vector<size_t>{1});
         }},
        {"ServicesSortSet", ServicesSortSet{core::ServicesSort{core::ServicesSortKey::Name, true}},
         nothing,
         [](Harness& t, size_t, const core::Effects&) {
             EXPECT_EQ(t.app.state().servicesSort.key, core::ServicesSortKey::Name);
             EXPECT_EQ(t.app.state().visibleServices, (std::vector<size_t>{1, 0}));
         }},
        {"Navigate", Navigate{core::parseRoute("/services/1")}, nothing,
         [](Harness& t, size_t, const core::Effects&) {
             EXPECT_EQ(t.app.state().view, core::View::Summary);
         }},
        {"Reload", Reload{}, nothing,
         [](Harness& t, size_t before, const core::Effects&) {
             EXPECT_TRUE(t.sentSince(before, "/services"));
         }},
        {"SummarySort", SummarySort{core::SyncSort{core::SyncSortKey::Id, false}}, nothing,
         [](Harness& t, size_t, const core::Effects&) {
             EXPECT_EQ(t.app.state().summary.sort, (core::SyncSort{core::SyncSortKey::Id, false}));
         }},
        {"SummarySearch", SummarySearch{"#50 0"}, nothing,
         [](Harness& t, size_t, const core::Effects&) {
             EXPECT_EQ(t.app.state().summary.search, "500");
         }},
        {"SummaryStatus", SummaryStatus{core::SyncStatus::Failed}, nothing,
         [](Harness& t, size_t, const core::Effects&) {
             EXPECT_EQ(t.app.state().summary.statusFilter, core::SyncStatus::Failed);
         }},
        {"AutoRefresh", AutoRefresh{false}, nothing,
         [](Harness& t, size_t, const core::Effects&) {
             EXPECT_FALSE(t.app.state().log->autoRefresh);
             EXPECT_FALSE(t.app.state().log->live);
         }},
        {"LogFilterSet", LogFilterSet{lineTwo}, nothing,
         [](Harness& t, size_t, const core::Effects&) {
             EXPECT_EQ(t.app.state().log->view.filter().query, "Line 2");
         }},
        {"Following", Following{false}, nothing,
         [](Harness& t, size_t, const core::Effects&) {
             EXPECT_FALSE(t.app.state().log->following);
         }},
        {"RefreshNow", RefreshNow{}, nothing,
         [](Harness& t, size_t before, const core::Effects&) {
             EXPECT_TRUE(t.sentSince(before, "/syncs/500/logs?after_id=10"));  // not in 5 s
         }},
        {"OpenPayload", OpenPayload{payload}, nothing,
         [](Harness& t, size_t before, const core::Effects&) {
             EXPECT_TRUE(t.sentSince(before, "/payloads/77"));
             EXPECT_TRUE(t.app.state().payload.loading);
         }},
        {"ClosePayload", ClosePayload{}, nothing,
         [](Harness& t, size_t, const core::Effects&) {
             EXPECT_FALSE(t.app.state().payload.open);
             EXPECT_FALSE(t.app.state().payload.file);
         }},
        {"Notify", Notify{true}, nothing,
         [](Harness& t, size_t, const core::Effects& effects) {
             EXPECT_TRUE(t.app.state().log->notify);
             ASSERT_EQ(effects.size(), 1u);  // the browser's permission, asked for by the click
             EXPECT_TRUE(
                 std::holds_alternative<core::effect::AskNotificationPermission>(effects[0]));
         }},
        {"Trace", core::intent::Trace{core::intent::Trace::Op::Run, "Line 2"}, nothing,
         [](Harness& t, size_t before, const core::Effects&) {
             t.app.tick(gNow);  // the run's files go out through the scheduler
             EXPECT_TRUE(t.sentSince(before, "/payloads/77"));  // the run's files, for the trace
             EXPECT_TRUE(t.app.state().trace.open);
             EXPECT_EQ(t.app.state().trace.value, "Line 2");
         }},
        {"ComparePicker", ComparePicker{true, 1, 500, false}, nothing,
         [](Harness& t, size_t before, const core::Effects&) {
             EXPECT_TRUE(t.app.state().compare.picker.open);
             EXPECT_TRUE(t.sentSince(before, "/syncs?"));  // the runs of the last 24 h
         }},
        {"OpenComparedSignature",
         OpenComparedSignature{1, 400, core::LogLevel::Error, "SKU '…' not found"}, nothing,
         [](Harness& t, size_t, const core::Effects&) {
             EXPECT_EQ(t.app.state().view, core::View::Log);
             EXPECT_EQ(t.app.state().route.syncId, 400);
             EXPECT_EQ(t.app.state().compare.wanted.syncId, 400);
         }},
    };
}

TEST(AppIntents, AllKindsAreCovered) {
    std::set<size_t> kinds;
    for (const Case& c : everyKind()) kinds.insert(c.intent.index());
    EXPECT_EQ(everyKind().size(), std::variant_size_v<core::Intent>);
    EXPECT_EQ(kinds.size(), std::variant_size_v<core::Intent>)
        << "a kind of intent has no case in everyKind()";
}

TEST(AppIntents, EveryKindReachesApp) {
    for (Case& c : everyKind()) {
        SCOPED_TRACE(c.name);
        Harness t;
        t.onLogWithPayload();
        c.prepare(t);
        const size_t before = t.transport.sent.size();
        const uint64_t revision = t.app.state().revision;
        const core::Effects effects = t.apply(c.intent);
        c.check(t, before, effects);
        const bool isEffect = std::holds_alternative<core::intent::SavePayload>(c.intent) ||
                              std::holds_alternative<core::intent::DownloadLog>(c.intent) ||
                              std::holds_alternative<core::intent::Notify>(c.intent);
        if (!isEffect) {
            EXPECT_GT(t.app.state().revision, revision) << "the state did not change";
            EXPECT_TRUE(effects.empty());
        }
    }
}

// --- Intents ------------------------------------------------------------------------------------

TEST(Intents, AddingAKindAgainReplacesItTheLastOneWins) {
    core::Intents in;
    EXPECT_FALSE(in.any());
    in.add(core::intent::Navigate{core::parseRoute("/services/1")});
    in.add(core::intent::Reload{});
    in.add(core::intent::Navigate{core::parseRoute("/services/2")});
    EXPECT_TRUE(in.any());
    ASSERT_EQ(in.items.size(), 2u);
    ASSERT_TRUE(in.has<core::intent::Navigate>());
    EXPECT_EQ(in.find<core::intent::Navigate>()->route.serviceId, 2);
    EXPECT_EQ(in.find<core::intent::SignOut>(), nullptr);
}

// --- one frame, several intents: the order of core/app_intents.cpp ------------------------------

TEST_F(AppIntentsTest, TheServicesSearchAppliesOverAFilterOfTheSameFrameWhicheverCameFirst) {
    onLogWithPayload();
    core::ServicesFilter active;
    active.status = core::ServiceStatus::Active;
    core::Intents in;
    in.add(core::intent::ServicesSearch{"stock"});  // typed, then a filter picked
    in.add(core::intent::ServicesFilterSet{active});
    const uint64_t revision = app.state().revision;
    app.apply(in);
    EXPECT_EQ(app.state().servicesFilter.search, "stock");
    EXPECT_EQ(app.state().servicesFilter.status, core::ServiceStatus::Active);
    EXPECT_TRUE(app.state().visibleServices.empty());
    EXPECT_EQ(app.state().revision, revision + 1) << "one refilter for the frame";
}

TEST_F(AppIntentsTest, TheSummarysClearFiltersIsOneFilterOfTheSyncs) {
    onLogWithPayload();
    core::Intents set;
    set.add(core::intent::SummaryStatus{core::SyncStatus::Failed});
    set.add(core::intent::SummarySearch{"5"});
    app.apply(set);
    core::Intents clear;
    clear.add(core::intent::SummarySearch{""});
    clear.add(core::intent::SummaryStatus{std::nullopt});
    const uint64_t revision = app.state().revision;
    app.apply(clear);
    EXPECT_EQ(app.state().summary.search, "");
    EXPECT_FALSE(app.state().summary.statusFilter);
    EXPECT_EQ(app.state().revision, revision + 1);
}

TEST_F(AppIntentsTest, ASignInOfTheSameFrameWinsOverAPasswordLogin) {
    app.start(core::parseRoute("/services"), {});
    core::Intents in;
    in.add(core::intent::PasswordLogin{core::PasswordLogin{"a@b.example", "pw"}});
    in.add(core::intent::SignIn{core::Credentials{"t", core::AuthScheme::Bearer}});
    app.apply(in);
    ASSERT_EQ(transport.sent.size(), 1u);
    EXPECT_NE(transport.sent[0].url.find("/services"), std::string::npos);
}

TEST_F(AppIntentsTest, SignOutBeforeSignInInOneFrameLeavesTheNewTokenSigningIn) {
    onLogWithPayload();
    core::Intents in;
    in.add(core::intent::SignIn{core::Credentials{"u", core::AuthScheme::Bearer}});
    in.add(core::intent::SignOut{});
    app.apply(in);
    EXPECT_EQ(app.state().credentials.token, "u");
    EXPECT_TRUE(app.state().signingIn);
}

// --- effects -------------------------------------------------------------------------------------

TEST_F(AppIntentsTest, NothingToSaveYieldsNoEffect) {
    app.start(core::parseRoute("/services"), {"t", core::AuthScheme::Bearer});
    transport.answer(200, servicesPage());
    core::Intents in;
    in.add(core::intent::SavePayload{});
    in.add(core::intent::DownloadLog{});
    EXPECT_TRUE(app.apply(in).empty());
}

TEST_F(AppIntentsTest, EffectsComeBackInTheirOrderWithTheFramesOtherIntentsApplied) {
    onLogWithPayload();
    core::Intents in;
    in.add(core::intent::Following{false});
    in.add(core::intent::DownloadLog{});
    in.add(core::intent::SavePayload{});
    const core::Effects effects = app.apply(in);
    ASSERT_EQ(effects.size(), 2u);
    EXPECT_TRUE(std::holds_alternative<core::effect::SavePayload>(effects[0]));
    EXPECT_TRUE(std::holds_alternative<core::effect::DownloadLog>(effects[1]));
    EXPECT_FALSE(app.state().log->following);
}

}  // namespace
