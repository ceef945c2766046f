// core::App's quiet mark and bell (issue 18) through the reference backend and a fake transport,
// with an injected clock: the log's mark judged on the server's clock (its Date header), cleared by
// a new line, never on a finished sync; the summary's one-line requests per running sync and its
// rows' mark; the bell's notice when the sync finishes, and the portal's message.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "api/reference_backend.h"
#include "core/app.h"
#include "core/embed_protocol.h"
#include "core/state_json.h"
#include "fake_transport.h"

namespace {

constexpr core::TimeMs kLocal = 1'795'867'200'000;  // 2026-11-28T12:00:00Z, the local clock
core::TimeMs gNow = kLocal;
core::TimeMs clockNow() {
    return gNow;
}
// The server's clock is an hour ahead of the browser's.
const api::Headers kServerDate{{"date", "Sat, 28 Nov 2026 13:00:00 GMT"}};

std::string servicesPage() {
    return R"({"data":[{"id":1,"name":"Orders","status":"active","type":"standard"}],
               "meta":{"current_page":1,"per_page":100,"total":1,"last_page":1}})";
}

// Lines `first`… at the given server times ("12:59:50.000"), the log's newest being the last.
std::string logPage(int64_t first, const std::vector<std::string>& times, const char* status) {
    nlohmann::json data = nlohmann::json::array();
    int64_t id = first;
    for (const std::string& t : times)
        data.push_back({{"id", id++},
                        {"at", "2026-11-28T" + t + "Z"},
                        {"level", "info"},
                        {"message", "Line"},
                        {"payload", nullptr}});
    return nlohmann::json{
        {"data", data},
        {"meta", {{"last_id", id - 1}, {"has_more", false}, {"sync_status", status}}}}
        .dump();
}

std::string syncJson(int64_t id, const char* status, const char* started = "12:59:40.000") {
    return nlohmann::json{{"id", id},
                          {"service_id", 1},
                          {"status", status},
                          {"trigger", "manual"},
                          {"started_at", std::string("2026-11-28T") + started + "Z"},
                          {"finished_at", nullptr},
                          {"duration_ms", nullptr},
                          {"pulled_count", 5},
                          {"pushed_count", 0},
                          {"warning_count", 0},
                          {"error_count", 0},
                          {"summary", ""}}
        .dump();
}

struct AppQuietTest : ::testing::Test {
    FakeTransport transport;
    api::ReferenceBackend backend{transport, "/api/v1"};
    core::App app{backend, core::AppConfig{}};

    void SetUp() override {
        gNow = kLocal;
        app.setClock(clockNow);
    }
    nlohmann::json state() {
        return nlohmann::json::parse(core::stateJson(app.state(), 0, 0, gNow));
    }
    void signInAt(const std::string& route) {
        app.start(core::parseRoute(route), {"t", core::AuthScheme::Bearer});
        transport.answer(200, servicesPage());
        ASSERT_EQ(app.state().auth, core::AuthState::Ok);
    }
    bool answerUrl(const std::string& part, int status, const std::string& body,
                   api::Headers headers = {}) {
        return transport.answerWhere(
            [&](const std::string& url) { return url.find(part) != std::string::npos; }, status,
            body, std::move(headers));
    }
    bool pending(const std::string& part) const {
        for (const auto& p : transport.pending)
            if (p.request.url.find(part) != std::string::npos) return true;
        return false;
    }
    // The running sync 500's log: lines 2 s apart, the newest at 12:59:56 (server clock).
    void openRunningLog() {
        signInAt("/services/1/syncs/500");
        app.tick(gNow);
        ASSERT_TRUE(answerUrl(
            "/syncs/500/logs?tail=", 200,
            logPage(1, {"12:59:50.000", "12:59:52.000", "12:59:54.000", "12:59:56.000"}, "running"),
            kServerDate));
        ASSERT_TRUE(answerUrl("/syncs/500", 200, syncJson(500, "running"), kServerDate));
        ASSERT_EQ(app.state().serverClockOffsetMs, 3600 * 1000);
    }
    // The running log with its bell on, then left for the service's summary (core/bell_feed.h).
    void bellThenLeaveTheLog() {
        openRunningLog();
        core::Intents bell;
        bell.add(core::intent::Notify{true});
        app.apply(bell);
        core::Intents leave;
        leave.add(core::intent::Navigate{core::parseRoute("/services/1")});
        app.apply(leave);
    }
    // Time passes; the live refreshes that fall due find nothing new.
    void passTo(core::TimeMs local) {
        gNow = local;
        app.tick(gNow);
        while (answerUrl("/syncs/500/logs?after_id=", 200, logPage(5, {}, "running"))) {
        }
        while (answerUrl("/syncs/500", 200, syncJson(500, "running"))) {
        }
    }
};

TEST_F(AppQuietTest, TheLogIsQuietAfterSixtySecondsWithoutALineOnTheServersClock) {
    openRunningLog();
    EXPECT_TRUE(state()["log"]["quiet"].is_null());
    EXPECT_FALSE(state()["log"]["notify"].get<bool>());
    // The newest line at 12:59:56 server time = 11:59:56 local: quiet from 12:00:56 local (60 s,
    // the floor: 10 × 2 s is less). The loop is woken then.
    const auto wake = app.nextWakeMs(gNow);
    ASSERT_TRUE(wake);
    EXPECT_LE(*wake, kLocal + 56001);
    passTo(kLocal + 56000);
    EXPECT_TRUE(state()["log"]["quiet"].is_null()) << "60 s of silence, not longer";
    const uint64_t revision = app.state().revision;
    passTo(kLocal + 56001);
    ASSERT_FALSE(state()["log"]["quiet"].is_null());
    EXPECT_GT(app.state().revision, revision) << "the views are told";
    EXPECT_EQ(state()["log"]["quiet"]["silentMs"], 60001);
    EXPECT_EQ(state()["log"]["quiet"]["typicalMs"], 2000);
    passTo(kLocal + 120000);
    EXPECT_EQ(state()["log"]["quiet"]["silentMs"], 124000);  // counted on
    // A line comes: not quiet any more.
    gNow = kLocal + 125000;
    app.tick(gNow);
    ASSERT_TRUE(
        answerUrl("/syncs/500/logs?after_id=4", 200, logPage(5, {"13:02:04.000"}, "running")));
    EXPECT_TRUE(state()["log"]["quiet"].is_null());
}

TEST_F(AppQuietTest, AFinishedSyncIsNeverQuiet) {
    openRunningLog();
    gNow = kLocal + 300000;
    app.tick(gNow);
    ASSERT_TRUE(answerUrl("/syncs/500/logs?after_id=4", 200, logPage(5, {}, "success")));
    EXPECT_TRUE(state()["log"]["quiet"].is_null());
    EXPECT_FALSE(app.state().log->quiet);
}

TEST_F(AppQuietTest, TheSummaryAsksForOneLineOfEachRunningSyncAndMarksTheQuietRow) {
    signInAt("/services/1");
    app.tick(gNow);
    const std::string syncs =
        R"({"data":[)" + syncJson(700, "running") + "," + syncJson(699, "success", "12:40:00.000") +
        R"(],"meta":{"current_page":1,"per_page":100,"total":2,"last_page":1}})";
    ASSERT_TRUE(answerUrl("/services/1/syncs", 200, syncs, kServerDate));
    app.tick(gNow);
    EXPECT_TRUE(pending("/syncs/700/logs?tail=1")) << "the newest line, one line";
    EXPECT_FALSE(pending("/syncs/699/logs")) << "a finished sync costs nothing";
    // 9 lines in 16 s since its start (12:59:40): about 2 s apart; the newest at 12:59:56.
    ASSERT_TRUE(answerUrl("/syncs/700/logs?tail=1", 200, logPage(9, {"12:59:56.000"}, "running")));
    EXPECT_FALSE(state()["syncs"][0]["quiet"].get<bool>());
    EXPECT_FALSE(state()["syncs"][1]["quiet"].get<bool>());
    // Its newest line again every 15 s (not every 5 s refresh: the rule's floor is 60 s).
    gNow = kLocal + 14000;
    app.tick(gNow);
    EXPECT_FALSE(pending("/syncs/700/logs?tail=1")) << "not before 15 s";
    for (core::TimeMs t : {15001, 30002, 45003}) {
        gNow = kLocal + t;
        app.tick(gNow);
        ASSERT_TRUE(
            answerUrl("/syncs/700/logs?tail=1", 200, logPage(9, {"12:59:56.000"}, "running")))
            << "at " << t;
    }
    gNow = kLocal + 56001;
    app.tick(gNow);
    EXPECT_TRUE(state()["syncs"][0]["quiet"].get<bool>());
    EXPECT_TRUE(pending("/services/1/syncs")) << "refreshed meanwhile";
    gNow = kLocal + 60004;
    app.tick(gNow);
    EXPECT_TRUE(pending("/syncs/700/logs?tail=1")) << "every 15 s";
    // A line: the row clears.
    ASSERT_TRUE(answerUrl("/syncs/700/logs?tail=1", 200, logPage(10, {"13:00:57.000"}, "running")));
    EXPECT_FALSE(state()["syncs"][0]["quiet"].get<bool>());
}

// Reported by a review: a row was marked quiet from a sample minutes old (back on the summary, or
// the tail's refresh failing), and a paused log counted its silence on.
TEST_F(AppQuietTest, ARowIsJudgedOnlyFromARecentSample) {
    signInAt("/services/1");
    app.tick(gNow);
    const std::string syncs =
        R"({"data":[)" + syncJson(700, "running") +
        R"(],"meta":{"current_page":1,"per_page":100,"total":1,"last_page":1}})";
    ASSERT_TRUE(answerUrl("/services/1/syncs", 200, syncs, kServerDate));
    app.tick(gNow);
    ASSERT_TRUE(answerUrl("/syncs/700/logs?tail=1", 200, logPage(9, {"12:59:56.000"}, "running")));
    // No answer to the tail's refreshes since: at 56 s the sample is 56 s old, too old to judge.
    for (core::TimeMs t : {15001, 30002, 45003}) {
        gNow = kLocal + t;
        app.tick(gNow);
        while (answerUrl("/services/1/syncs", 200, syncs)) {
        }
        ASSERT_TRUE(answerUrl("/syncs/700/logs?tail=1", 503, R"({"message":"down"})"));
    }
    gNow = kLocal + 56001;
    app.tick(gNow);
    EXPECT_FALSE(state()["syncs"][0]["quiet"].get<bool>());
}

TEST_F(AppQuietTest, APausedLogIsNeverQuiet) {
    openRunningLog();
    core::Intents pause;
    pause.add(core::intent::AutoRefresh{false});
    app.apply(pause);
    gNow = kLocal + 120000;
    app.tick(gNow);
    EXPECT_TRUE(state()["log"]["quiet"].is_null()) << "nobody is looking: no claim of silence";
    core::Intents resume;
    resume.add(core::intent::AutoRefresh{true});
    app.apply(resume);
    passTo(kLocal + 121000);
    EXPECT_FALSE(state()["log"]["quiet"].is_null()) << "watched again, still no line";
}

TEST_F(AppQuietTest, TheBellTellsOnceWhenTheSyncFinishesAndThePortalHearsIt) {
    openRunningLog();
    core::EmbedOutbox outbox;
    outbox.update(app.state());  // ready, route
    core::Intents bell;
    bell.add(core::intent::Notify{true});
    const core::Effects effects = app.apply(bell);
    ASSERT_EQ(effects.size(), 1u);
    EXPECT_TRUE(std::holds_alternative<core::effect::AskNotificationPermission>(effects[0]));
    EXPECT_TRUE(state()["log"]["notify"].get<bool>());
    EXPECT_EQ(app.state().finished.serial, 0u);
    gNow += 5000;
    app.tick(gNow);
    ASSERT_TRUE(
        answerUrl("/syncs/500/logs?after_id=4", 200, logPage(5, {"13:00:01.000"}, "partial")));
    EXPECT_EQ(app.state().finished.serial, 1u);
    EXPECT_EQ(app.state().finished.syncId, 500);
    EXPECT_EQ(app.state().finished.status, core::SyncStatus::Partial);
    EXPECT_FALSE(state()["log"]["notify"].get<bool>()) << "told once";
    const std::vector<std::string> posted = outbox.update(app.state());
    ASSERT_EQ(posted.size(), 1u);
    EXPECT_EQ(nlohmann::json::parse(posted[0]),
              (nlohmann::json{
                  {"type", "syncscope:sync-finished"}, {"syncId", 500}, {"status", "partial"}}));
    // The header saying so too tells nothing more.
    while (answerUrl("/syncs/500", 200, syncJson(500, "partial"))) {
    }
    EXPECT_EQ(app.state().finished.serial, 1u);
    EXPECT_TRUE(outbox.update(app.state()).empty());
}

TEST_F(AppQuietTest, NoBellOnAFinishedSync) {
    openRunningLog();
    gNow += 5000;
    app.tick(gNow);
    ASSERT_TRUE(answerUrl("/syncs/500/logs?after_id=4", 200, logPage(5, {}, "success")));
    core::Intents bell;
    bell.add(core::intent::Notify{true});
    EXPECT_TRUE(app.apply(bell).empty());
    EXPECT_FALSE(state()["log"]["notify"].get<bool>());
}

}  // namespace

// The bell outlives its log (core/bell_feed.h): leave the log, and the sync's header is asked for
// at the refresh interval until it finishes; the outcome is told once, and the bell goes.
TEST_F(AppQuietTest, TheBellKeepsWatchingAfterTheLogIsLeft) {
    bellThenLeaveTheLog();
    EXPECT_EQ(state()["bells"], nlohmann::json::array({500}));
    const auto header = [&](int status, const std::string& body) {
        return transport.answerWhere(
            [](const std::string& url) {
                return url.size() >= 10 && url.compare(url.size() - 10, 10, "/syncs/500") == 0;
            },
            status, body);
    };
    app.tick(gNow);
    ASSERT_TRUE(header(200, syncJson(500, "running"))) << "asked at once";
    EXPECT_FALSE(pending("/syncs/500/logs")) << "only the header, not the log";
    EXPECT_EQ(app.state().finished.serial, 0u);
    gNow += 5000;
    app.tick(gNow);
    ASSERT_TRUE(header(200, syncJson(500, "failed"))) << "again after refreshSeconds";
    EXPECT_EQ(app.state().finished.serial, 1u);
    EXPECT_EQ(app.state().finished.syncId, 500);
    EXPECT_EQ(app.state().finished.status, core::SyncStatus::Failed);
    EXPECT_EQ(state()["bells"], nlohmann::json::array()) << "told once";
    gNow += 60000;
    app.tick(gNow);
    EXPECT_FALSE(header(200, syncJson(500, "failed"))) << "nothing asked after";
}

// Back on the log, the bell is the log's again (its own header refresh watches it).
TEST_F(AppQuietTest, BackOnItsLogTheBellIsTheLogsAgain) {
    bellThenLeaveTheLog();
    EXPECT_EQ(state()["bells"].size(), 1u);
    core::Intents back;
    back.add(core::intent::Navigate{core::parseRoute("/services/1/syncs/500")});
    app.apply(back);
    EXPECT_EQ(state()["bells"], nlohmann::json::array());
    EXPECT_TRUE(state()["log"]["notify"].get<bool>());
}

// Signing out forgets the bells.
TEST_F(AppQuietTest, SigningOutForgetsTheBells) {
    bellThenLeaveTheLog();
    ASSERT_EQ(state()["bells"].size(), 1u);
    core::Intents out;
    out.add(core::intent::SignOut{});
    app.apply(out);
    EXPECT_EQ(state()["bells"], nlohmann::json::array());
}
