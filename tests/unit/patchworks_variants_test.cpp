// Issue 14, items 2 and 3: Patchworks Core servers that differ from the demo where the
// documentation is silent — the unit of a run's `duration`, run statuses outside 1–5, offsets
// written `+0100` — and the summary's sort by duration using the value its cell shows. Through
// the decoders, the backends over a fake transport, and the App (state_json, as the e2e tests
// read it).
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/patchworks_backend.h"
#include "api/patchworks_decode.h"
#include "api/reference_backend.h"
#include "api/reference_decode.h"
#include "core/app.h"
#include "core/state_json.h"
#include "core/time.h"
#include "fake_transport.h"

namespace {

using nlohmann::json;

constexpr core::TimeMs k0630 = 1795847400000LL;  // 2026-11-28T06:30:00Z

// A flat Patchworks run.
json flowRun(int64_t id, json status, json started, json finished, json duration) {
    return {{"id", id},
            {"flow_id", 7},
            {"status", std::move(status)},
            {"trigger", "Manual"},
            {"started_at", started},
            {"finished_at", finished},
            {"duration", duration}};
}

std::string runsPage(const std::vector<json>& runs) {
    json data = json::array();
    for (const json& r : runs) data.push_back(r);
    return json{
        {"data", data},
        {"meta",
         {{"current_page", 1}, {"per_page", 100}, {"total", runs.size()}, {"last_page", 1}}}}
        .dump();
}

// --- times -------------------------------------------------------------------------------------

TEST(PatchworksVariantsTime, AnOffsetWithoutAColonOrWithHoursOnlyIsAccepted) {
    EXPECT_EQ(core::parseIso8601("2026-11-28T07:30:00+0100"), k0630);
    EXPECT_EQ(core::parseIso8601("2026-11-28T07:30:00.000000+0100"), k0630);
    EXPECT_EQ(core::parseIso8601("2026-11-28T07:30:00+01"), k0630);
    EXPECT_EQ(core::parseIso8601("2026-11-28T01:00:00-0530"), k0630);
    EXPECT_EQ(core::parseIso8601("2026-11-28T01:00:00.5-05:30"), k0630 + 500);
    // Anything else after the seconds is still refused.
    EXPECT_FALSE(core::parseIso8601("2026-11-28T07:30:00+1"));
    EXPECT_FALSE(core::parseIso8601("2026-11-28T07:30:00+010"));
    EXPECT_FALSE(core::parseIso8601("2026-11-28T07:30:00+01:0"));
    EXPECT_FALSE(core::parseIso8601("2026-11-28T07:30:00+01:"));
    EXPECT_FALSE(core::parseIso8601("2026-11-28T07:30:00+2400"));
    EXPECT_FALSE(core::parseIso8601("2026-11-28T07:30:00+0160"));
    EXPECT_FALSE(core::parseIso8601("2026-11-28T07:30:00+01000"));
    EXPECT_FALSE(core::parseIso8601("2026-11-28T07:30:00 +0100"));
}

TEST(PatchworksVariantsTime, ATimeWithoutAZoneIsReadAsUtc) {
    EXPECT_EQ(core::parseIso8601("2026-11-28T06:30:00"), k0630);
    EXPECT_EQ(core::parseIso8601("2026-11-28T06:30:00.250000"), k0630 + 250);
    EXPECT_EQ(core::parseIso8601("2026-11-28 06:30:00"), k0630);
}

TEST(PatchworksVariantsDecode, ARunWithAPlus0100OffsetIsDecoded) {
    const auto d = api::decodeFlowRunsPage(
        runsPage({flowRun(1, 2, "2026-11-28T07:30:00.000000+0100", "2026-11-28T07:31:00+01", 60)}));
    ASSERT_EQ(d.error, "");
    ASSERT_EQ(d.value.syncs.size(), 1u);
    EXPECT_EQ(d.value.syncs[0].startedAt, k0630);
    EXPECT_EQ(d.value.syncs[0].finishedAt, k0630 + 60000);
}

// --- statuses ----------------------------------------------------------------------------------

TEST(PatchworksVariantsDecode, ARunStatusOutsideOneToFiveDoesNotFailThePage) {
    const auto d = api::decodeFlowRunsPage(runsPage(
        {flowRun(1, 7, "2026-11-28T06:30:00.000000Z", "2026-11-28T06:31:00.000000Z", 60),
         flowRun(2, "7", "2026-11-28T06:30:00.000000Z", nullptr, 12),
         flowRun(3, "Paused", nullptr, nullptr, nullptr), flowRun(4, 2, nullptr, nullptr, 1)}));
    ASSERT_EQ(d.error, "");
    ASSERT_EQ(d.value.syncs.size(), 4u);
    EXPECT_STREQ(core::toString(d.value.syncs[0].status), "unknown");
    EXPECT_STREQ(core::toString(d.value.syncs[1].status), "unknown");
    EXPECT_STREQ(core::toString(d.value.syncs[2].status), "unknown");
    EXPECT_STREQ(core::toString(d.value.syncs[3].status), "success");
}

// --- durations ---------------------------------------------------------------------------------

// A one-minute run showed as "16 h 43 min": its server sends `duration` in milliseconds.
TEST(PatchworksVariantsDecode, BothTimesDecideTheDurationWhateverTheUnitOfDuration) {
    const auto d = api::decodeFlowRunsPage(runsPage(
        {flowRun(1, 2, "2026-11-28T06:30:00.000000Z", "2026-11-28T06:31:00.200000Z", 60200),
         flowRun(2, 2, "2026-11-28T06:30:00.000000Z", "2026-11-28T06:30:12.500000Z", 12)}));
    ASSERT_EQ(d.error, "");
    ASSERT_EQ(d.value.syncs.size(), 2u);
    EXPECT_EQ(d.value.syncs[0].durationMs, 60200);
    EXPECT_EQ(d.value.syncs[1].durationMs, 12500);  // not the 12 s sent, rounded down
}

TEST(PatchworksVariantsDecode, ReferenceBothTimesDecideTheDurationOverDurationMs) {
    const auto d = api::decodeSync(
        R"({"id":1,"service_id":1,"status":"success","trigger":"api",
            "started_at":"2026-11-28T06:30:00.000Z","finished_at":"2026-11-28T06:30:20.000Z",
            "duration_ms":18412})");
    ASSERT_EQ(d.error, "");
    EXPECT_EQ(d.value.durationMs, 20000);
}

// Runs missing a time, and no run on the page that has both: the unit that gives a plausible
// duration (as seconds, 60,200 would be 16 h 43 min).
TEST(PatchworksVariantsDecode, WithNothingToLearnFromTheMorePlausibleUnitIsTaken) {
    const auto d = api::decodeFlowRunsPage(
        runsPage({flowRun(1, 2, nullptr, nullptr, 60200), flowRun(2, 2, nullptr, nullptr, 45),
                  flowRun(3, 3, nullptr, nullptr, 2.5)}));
    ASSERT_EQ(d.error, "");
    ASSERT_EQ(d.value.syncs.size(), 3u);
    EXPECT_EQ(d.value.syncs[0].durationMs, 60200);
    EXPECT_EQ(d.value.syncs[1].durationMs, 45000);
    EXPECT_EQ(d.value.syncs[2].durationMs, 2500);  // a fraction: seconds
}

// The unit is learnt per server (per backend) from the runs that have both times, on any page,
// and used for the runs missing one.
TEST(PatchworksVariantsBackend, TheUnitIsLearntPerServerFromTheRunsThatHaveBothTimes) {
    FakeTransport transport;
    std::vector<std::function<void()>> deferred;
    const auto defer = [&deferred](std::function<void()> f) { deferred.push_back(std::move(f)); };
    const core::Credentials key{"k", core::AuthScheme::ApiKey};
    std::optional<core::Answer<core::SyncsPage>> got;
    const auto keep = [&got](core::Answer<core::SyncsPage> a) { got = std::move(a); };

    api::PatchworksBackend millis(transport, "/core/api/v1", defer);
    millis.listSyncs(key, 7, 0, 1, 100, keep);
    transport.answer(200, runsPage({flowRun(1, 2, "2026-11-28T06:30:00.000000Z",
                                            "2026-11-28T06:31:00.200000Z", 60200)}));
    ASSERT_TRUE(got && !got->error);
    millis.listSyncs(key, 7, 0, 1, 100, keep);
    // Finished, its finish time missing: 5,000 is 5 s on this server, not 1 h 23 min.
    transport.answer(200, runsPage({flowRun(2, 2, "2026-11-28T06:40:00.000000Z", nullptr, 5000)}));
    ASSERT_TRUE(got && !got->error) << got->error.message;
    ASSERT_EQ(got->value.syncs.size(), 1u);
    EXPECT_EQ(got->value.syncs[0].durationMs, 5000);

    api::PatchworksBackend seconds(transport, "/core/api/v1", defer);
    seconds.listSyncs(key, 7, 0, 1, 100, keep);
    transport.answer(200, runsPage({flowRun(1, 2, "2026-11-28T06:30:00.000000Z",
                                            "2026-11-28T06:30:12.500000Z", 12)}));
    seconds.listSyncs(key, 7, 0, 1, 100, keep);
    // 30,000 would be guessed as ms (as seconds: 8 h 20 min); this server said seconds.
    transport.answer(200, runsPage({flowRun(2, 2, nullptr, nullptr, 30000)}));
    ASSERT_TRUE(got && !got->error);
    EXPECT_EQ(got->value.syncs[0].durationMs, 30000LL * 1000);
}

// --- the App: the summary's sort by duration, and a status-7 run ---------------------------------

core::TimeMs gNow = k0630 + 3'600'000;  // 07:30 UTC
core::TimeMs clockNow() {
    return gNow;
}

std::string iso(core::TimeMs t) {
    return core::formatIso8601(t);
}

json refSync(int64_t id, const char* status, core::TimeMs started, core::TimeMs finished,
             int64_t durationMs) {
    return {{"id", id},
            {"service_id", 1},
            {"status", status},
            {"trigger", "schedule"},
            {"started_at", iso(started)},
            {"finished_at", finished ? json(iso(finished)) : json()},
            {"duration_ms", durationMs},
            {"pulled_count", 1},
            {"pushed_count", 1},
            {"warning_count", 0},
            {"error_count", 0},
            {"summary", "x"}};
}

struct AppVariantsTest : ::testing::Test {
    FakeTransport transport;
    void SetUp() override { gNow = k0630 + 3'600'000; }
    // Answers the pending request whose URL contains `part`.
    void answerUrl(const std::string& part, const std::string& body) {
        for (auto it = transport.pending.begin(); it != transport.pending.end(); ++it) {
            if (it->request.url.find(part) == std::string::npos) continue;
            auto p = std::move(*it);
            transport.pending.erase(it);
            api::HttpResponse r;
            r.status = 200;
            r.body = body;
            p.done(std::move(r));
            return;
        }
        FAIL() << "no pending request for " << part;
    }
    static json state(const core::App& app) {
        return json::parse(core::stateJson(app.state(), 0, 0, gNow));
    }
};

// The cell shows 30 s for a finished sync whose finish time is missing (the API's duration); the
// sort by duration used to measure it to now (5 s) and put it last.
TEST_F(AppVariantsTest, TheSortByDurationFollowsTheDurationsTheCellsShow) {
    api::ReferenceBackend backend{transport, "/api/v1"};
    core::App app{backend, core::AppConfig{}};
    app.setClock(clockNow);
    app.start(core::parseRoute("/services/1"), {"t", core::AuthScheme::Bearer});
    answerUrl("/services?", R"({"data":[{"id":1,"name":"Orders","status":"active"}],
               "meta":{"current_page":1,"per_page":100,"total":1,"last_page":1}})");
    app.tick(gNow);
    const json list = {
        {"data",
         {refSync(3, "success", gNow - 5000, 0, 30000),
          refSync(2, "failed", gNow - 600000, gNow - 580000, 20000),
          refSync(1, "success", gNow - 1200000, gNow - 1190000, 10000)}},
        {"meta", {{"current_page", 1}, {"per_page", 100}, {"total", 3}, {"last_page", 1}}}};
    answerUrl("/services/1/syncs?", list.dump());
    core::Intents sort;
    sort.add(core::intent::SummarySort{core::SyncSort{core::SyncSortKey::Duration, true}});
    app.apply(sort);
    const auto ids = [&app] {
        const json s = state(app);  // held: the rows are read from it
        std::vector<int64_t> out;
        for (const json& row : s["syncs"]) out.push_back(row["id"]);
        return out;
    };
    EXPECT_EQ(ids(), (std::vector<int64_t>{3, 2, 1}));  // 30 s, 20 s, 10 s
    sort.add(core::intent::SummarySort{core::SyncSort{core::SyncSortKey::Duration, false}});
    app.apply(sort);
    EXPECT_EQ(ids(), (std::vector<int64_t>{1, 2, 3}));
}

// A Patchworks server sends status 7: the summary lists the run as "unknown (7)" and its log opens.
TEST_F(AppVariantsTest, AStatus7RunIsListedAsUnknownAndItsLogOpens) {
    std::vector<std::function<void()>> deferred;
    api::PatchworksBackend backend{transport, "/core/api/v1", [&deferred](std::function<void()> f) {
                                       deferred.push_back(std::move(f));
                                   }};
    core::App app{backend, core::AppConfig{}};
    app.setClock(clockNow);
    app.start(core::parseRoute("/services/7"), {"k", core::AuthScheme::ApiKey});
    answerUrl("/flows?", R"({"data":[{"id":7,"name":"Orders","status":"Deployed"}],
               "meta":{"current_page":1,"per_page":100,"total":1,"last_page":1}})");
    app.tick(gNow);
    const std::string runs =
        runsPage({flowRun(71, 7, iso(gNow - 60000), nullptr, 60),
                  flowRun(70, 7, iso(gNow - 600000), iso(gNow - 540000), 60),
                  flowRun(69, 2, iso(gNow - 1200000), iso(gNow - 1140000), 60)});
    answerUrl("/flow-runs?", runs);
    json s = state(app);
    ASSERT_EQ(s["syncs"].size(), 3u) << s.dump();
    EXPECT_EQ(s["syncs"][0]["status"], "unknown (7)");
    EXPECT_EQ(s["syncs"][1]["status"], "unknown (7)");
    EXPECT_EQ(s["syncs"][2]["status"], "success");
    EXPECT_TRUE(app.state().summary.live);  // run 71 has no finish time: running

    core::Intents open;
    open.add(core::intent::Navigate{core::parseRoute("/services/7/syncs/70")});
    app.apply(open);
    app.tick(gNow);
    answerUrl("/flow-runs?", runs);  // the header: run 70 found among the flow's runs
    answerUrl("/flow-run-logs?",
              R"({"data":[{"id":1,"log_level":"info","log_message":"done",
                  "created_at":"2026-11-28T07:21:00.000000Z"}],
                  "meta":{"current_page":1,"per_page":5000,"total":1,"last_page":1}})");
    s = state(app);
    ASSERT_TRUE(s["log"].is_object()) << s.dump();
    EXPECT_EQ(s["log"]["status"], "unknown (7)");
    EXPECT_EQ(s["log"]["lines"], 1);
    EXPECT_FALSE(s["log"]["live"]);  // it has a finish time: finished, no refresh
    EXPECT_EQ(s["banner"], "");
}

}  // namespace
