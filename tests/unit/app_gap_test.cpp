// core::App's gap explained (issue 17 point 3) through the reference backend and a fake transport:
// state().log.gap from the header's counts and the log's signatures, "so far" while the sync
// runs, the lines read so far while older ones are back-filled, and the per-sync notes the
// summary's tooltip reads (kept across views, forgotten on sign-out).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <map>
#include <string>

#include "api/reference_backend.h"
#include "core/app.h"
#include "core/state_json.h"
#include "fake_transport.h"

namespace {

core::TimeMs gNow = 1'795'867'200'000;
core::TimeMs clockNow() {
    return gNow;
}

std::string servicesPage() {
    return R"({"data":[{"id":1,"name":"Orders","status":"active","type":"standard"}],
               "meta":{"current_page":1,"per_page":100,"total":1,"last_page":1}})";
}

// Lines [first, last] of a log whose newest line is lastId: "Line N" (info), but for the
// messages given by id (warnings).
std::string logPage(int64_t first, int64_t last, int64_t lastId, const char* status,
                    const std::map<int64_t, std::string>& warnings) {
    nlohmann::json data = nlohmann::json::array();
    for (int64_t id = first; id <= last; ++id) {
        const auto w = warnings.find(id);
        data.push_back({{"id", id},
                        {"at", "2026-11-28T06:00:00.000Z"},
                        {"level", w != warnings.end() ? "warning" : "info"},
                        {"message", w != warnings.end() ? w->second : "Line " + std::to_string(id)},
                        {"payload", nullptr}});
    }
    return nlohmann::json{
        {"data", data},
        {"meta", {{"last_id", lastId}, {"has_more", false}, {"sync_status", status}}}}
        .dump();
}

std::string syncJson(const char* status, int64_t pulled, int64_t pushed) {
    const bool running = std::string(status) == "running";
    return nlohmann::json{{"id", 500},
                          {"service_id", 1},
                          {"status", status},
                          {"trigger", "schedule"},
                          {"started_at", "2026-11-28T06:00:00.000Z"},
                          {"finished_at", running ? nlohmann::json() : "2026-11-28T06:01:00.000Z"},
                          {"duration_ms", 60000},
                          {"pulled_count", pulled},
                          {"pushed_count", pushed},
                          {"warning_count", 3},
                          {"error_count", 0},
                          {"summary", "Partial"}}
        .dump();
}

const std::map<int64_t, std::string> kWarnings = {
    {4, "Order #100231 rejected by NetSuite: invalid address"},
    {7, "Order #100240 rejected by NetSuite: invalid address"},
    {9, "Sync finished with 4 records skipped: pulled 50, pushed 46 in 1 min"},
};

struct AppGapTest : ::testing::Test {
    FakeTransport transport;
    // Back-fill in 5,000-line JSON pages: a test here reads the gap between two older pages.
    api::ReferenceBackend backend{transport, "/api/v1", 0};
    core::App app{backend, core::AppConfig{}};

    void SetUp() override {
        gNow = 1'795'867'200'000;
        app.setClock(clockNow);
        app.start(core::parseRoute("/services/1/syncs/500"), {"t", core::AuthScheme::Bearer});
        transport.answer(200, servicesPage());
        app.tick(gNow);
    }
    nlohmann::json gap() {
        return nlohmann::json::parse(core::stateJson(app.state(), 0, 0))["log"]["gap"];
    }
    void answerUrl(const std::string& part, int status, const std::string& body) {
        const bool bare = part.find('?') == std::string::npos;
        if (!transport.answerWhere(
                [&](const std::string& url) {
                    const size_t at = url.find(part);
                    return at != std::string::npos && (!bare || at + part.size() == url.size());
                },
                status, body))
            FAIL() << "no pending request for " << part;
    }
};

TEST_F(AppGapTest, APartialRunsGapIsExplainedFromItsLinesAndNotedForTheSummary) {
    answerUrl("/syncs/500/logs?tail=1000", 200, logPage(1, 10, 10, "partial", kWarnings));
    EXPECT_TRUE(gap().is_null());  // no counts yet: no gap
    answerUrl("/syncs/500", 200, syncJson("partial", 50, 46));
    const nlohmann::json g = gap();
    ASSERT_FALSE(g.is_null());
    EXPECT_EQ(g["notPushed"], 4);
    ASSERT_EQ(g["causes"].size(), 1u);  // the closing summary is no cause
    EXPECT_EQ(g["causes"][0]["text"], "Order #\xE2\x80\xA6 rejected by NetSuite: invalid address");
    EXPECT_EQ(g["causes"][0]["count"], 2);
    EXPECT_EQ(g["causes"][0]["lines"], nlohmann::json::array({4, 7}));
    EXPECT_EQ(g["unexplained"], 2);
    EXPECT_EQ(g["soFar"], false);
    EXPECT_EQ(g["allRead"], true);
    EXPECT_EQ(g["text"],
              "4 not pushed · Order #\xE2\x80\xA6 rejected by NetSuite: invalid address ×2 (lines "
              "4, 7) · 2 not accounted for in the log");
    const core::GapExplanation* note = app.state().gapNotes.find(500);
    ASSERT_NE(note, nullptr);
    EXPECT_EQ(note->text, g["text"]);
    EXPECT_EQ(note->pulled, 50);
    EXPECT_EQ(note->pushed, 46);
    // Kept when the log is left for the summary.
    app.onRouteChanged(core::parseRoute("/services/1"));
    EXPECT_NE(app.state().gapNotes.find(500), nullptr);
}

TEST_F(AppGapTest, ARunningSyncSaysSoFarAndAFinishedOneWithEverythingPushedHasNoGap) {
    answerUrl("/syncs/500/logs?tail=1000", 200,
              logPage(1, 5, 5, "running", {{4, kWarnings.at(4)}}));
    answerUrl("/syncs/500", 200, syncJson("running", 50, 30));
    nlohmann::json g = gap();
    ASSERT_FALSE(g.is_null());
    EXPECT_EQ(g["soFar"], true);
    EXPECT_EQ(g["text"].get<std::string>().rfind("20 not pushed so far · Order #", 0), 0u) << g;
    const uint64_t computed = app.state().log->gap.computations();
    // A refresh with nothing new (304) recomputes nothing.
    gNow += 5000;
    app.tick(gNow);
    answerUrl("/syncs/500/logs?after_id=5", 304, "");
    EXPECT_EQ(app.state().log->gap.computations(), computed);
    // The sync finishes with everything pushed: no gap, and no note for the summary.
    answerUrl("/syncs/500", 200, syncJson("success", 50, 50));
    EXPECT_TRUE(gap().is_null());
    EXPECT_EQ(app.state().gapNotes.find(500), nullptr);
}

TEST_F(AppGapTest, WhileOlderLinesAreBackFilledTheRestIsNotAccountedForInTheLinesReadSoFar) {
    // A 12,000-line log: the tail (7001…12000) first, the cause in line 300 arrives later.
    answerUrl("/syncs/500", 200, syncJson("partial", 50, 49));
    answerUrl("/syncs/500/logs?tail=1000", 200, logPage(7001, 12000, 12000, "partial", {}));
    nlohmann::json g = gap();
    ASSERT_FALSE(g.is_null());
    EXPECT_EQ(g["allRead"], false);
    EXPECT_EQ(g["text"], "1 not pushed · 1 not accounted for in the lines read so far");
    answerUrl("/syncs/500/logs?after_id=2000&limit=5000", 200,
              logPage(2001, 7000, 12000, "partial", {}));
    answerUrl("/syncs/500/logs?after_id=0&limit=2000", 200,
              logPage(1, 2000, 12000, "partial", {{300, kWarnings.at(4)}}));
    for (int i = 0; i < 10 && !app.state().log->signatures.ready(); ++i) app.tick(gNow);
    g = gap();
    EXPECT_EQ(g["allRead"], true);
    EXPECT_EQ(g["unexplained"], 0);
    EXPECT_EQ(g["causes"][0]["lines"], nlohmann::json::array({300}));
}

TEST_F(AppGapTest, SigningOutForgetsTheNotes) {
    answerUrl("/syncs/500/logs?tail=1000", 200, logPage(1, 10, 10, "partial", kWarnings));
    answerUrl("/syncs/500", 200, syncJson("partial", 50, 46));
    ASSERT_EQ(app.state().gapNotes.size(), 1u);
    core::Intents in;
    in.add(core::intent::SignOut{});
    app.apply(in);
    EXPECT_EQ(app.state().gapNotes.size(), 0u);
}

}  // namespace
