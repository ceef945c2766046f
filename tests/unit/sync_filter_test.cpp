// The summary's search (issue 16 point 3): a sync id as before, or words of the run's reason
// (`summary`, as the API sent it), case-insensitively; and the reason in the test-facing state.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "api/reference_backend.h"
#include "core/app.h"
#include "core/state_json.h"
#include "core/sync_filter.h"
#include "fake_transport.h"

namespace {

core::Sync sync(int64_t id, std::string summary) {
    core::Sync s;
    s.id = id;
    s.summary = std::move(summary);
    return s;
}

TEST(SyncSearch, AnIdLikeQueryIsReadAsTheDigitsOfAnId) {
    const core::SyncSearch q = core::parseSyncSearch(" #50 0 ");
    EXPECT_EQ(q.id, "500");
    EXPECT_TRUE(core::syncMatches(sync(1500, ""), q));
    EXPECT_FALSE(core::syncMatches(sync(1400, ""), q));
}

TEST(SyncSearch, WordsOfTheReasonFindTheRunWhateverTheirCase) {
    const core::SyncSearch q = core::parseSyncSearch("  SHOPIFY ");
    EXPECT_EQ(q.id, "");
    EXPECT_EQ(q.text, "shopify");
    EXPECT_TRUE(core::syncMatches(
        sync(7, "Failed: timed out waiting for Shopify; pulled 100, pushed 50"), q));
    EXPECT_FALSE(core::syncMatches(sync(7, "Success: pulled 136, pushed 136"), q));
    EXPECT_FALSE(core::syncMatches(sync(7, ""), q));
}

TEST(SyncSearch, AQueryWithWordsDoesNotMatchAnIdByItsDigits) {
    // "pulled 100" is about the reason: sync 1100 is not found by its id.
    const core::SyncSearch q = core::parseSyncSearch("pulled 100");
    EXPECT_EQ(q.id, "");
    EXPECT_FALSE(core::syncMatches(sync(1100, "Success: pulled 99"), q));
    EXPECT_TRUE(core::syncMatches(sync(3, "Partial: pulled 100, pushed 98"), q));
}

TEST(SyncSearch, DigitsAlsoFindAReasonThatHoldsThem) {
    const core::SyncSearch q = core::parseSyncSearch("136");
    EXPECT_TRUE(core::syncMatches(sync(9, "Success: pulled 136, pushed 136"), q));
    EXPECT_TRUE(core::syncMatches(sync(1360, ""), q));
    EXPECT_FALSE(core::syncMatches(sync(9, "Success: pulled 13"), q));
}

TEST(SyncSearch, AnEmptyQueryFindsEverySync) {
    EXPECT_TRUE(core::syncMatches(sync(1, ""), core::parseSyncSearch("  ")));
}

// --- through App: the SummarySearch intent and state().syncs[].summary ---------------------------

core::TimeMs gNow = 1'795'867'200'000;  // 2026-11-28T12:00:00Z
core::TimeMs clockNow() {
    return gNow;
}

std::string syncsPage() {
    nlohmann::json data = nlohmann::json::array();
    const auto add = [&](int id, const char* status, nlohmann::json summary) {
        data.push_back({{"id", id},
                        {"service_id", 1},
                        {"status", status},
                        {"trigger", "schedule"},
                        {"started_at", "2026-11-28T06:00:00.000Z"},
                        {"finished_at", "2026-11-28T06:01:00.000Z"},
                        {"duration_ms", 60000},
                        {"pulled_count", 100},
                        {"pushed_count", 50},
                        {"warning_count", 0},
                        {"error_count", 1},
                        {"summary", summary}});
    };
    add(502, "failed", "Failed: timed out waiting for Shopify; pulled 100, pushed 50");
    add(501, "success", "Success: pulled 100, pushed 100");
    add(500, "success", nullptr);
    return nlohmann::json{
        {"data", data},
        {"meta", {{"current_page", 1}, {"per_page", 100}, {"total", 3}, {"last_page", 1}}}}
        .dump();
}

struct SummarySearchTest : ::testing::Test {
    FakeTransport transport;
    api::ReferenceBackend backend{transport, "/api/v1"};
    core::App app{backend, core::AppConfig{}};

    nlohmann::json state() { return nlohmann::json::parse(core::stateJson(app.state(), 0, 0)); }

    void onSummary() {
        gNow = 1'795'867'200'000;
        app.setClock(clockNow);
        app.start(core::parseRoute("/services/1"), {"t", core::AuthScheme::Bearer});
        transport.answer(200,
                         R"({"data":[{"id":1,"name":"Orders","status":"active","type":"standard"}],
                "meta":{"current_page":1,"per_page":100,"total":1,"last_page":1}})");
        app.tick(gNow);
        ASSERT_TRUE(transport.answerWhere(
            [](const std::string& url) { return url.find("/syncs?") != std::string::npos; }, 200,
            syncsPage()));
        ASSERT_EQ(app.state().summary.syncs.size(), 3u);
    }
    void search(const std::string& text) {
        core::Intents in;
        in.add(core::intent::SummarySearch{text});
        app.apply(in);
    }
};

TEST_F(SummarySearchTest, AWordOfTheReasonLeavesTheRunsThatSayIt) {
    onSummary();
    search("shopify");
    ASSERT_EQ(state()["syncs"].size(), 1u);
    EXPECT_EQ(state()["syncs"][0]["id"], 502);
    search("#501");
    ASSERT_EQ(state()["syncs"].size(), 1u);
    EXPECT_EQ(state()["syncs"][0]["id"], 501);
    search("");
    EXPECT_EQ(state()["syncs"].size(), 3u);
}

TEST_F(SummarySearchTest, EachRowOfTheStateCarriesTheReasonAsSent) {
    onSummary();
    const nlohmann::json syncs = state()["syncs"];
    ASSERT_EQ(syncs.size(), 3u);
    EXPECT_EQ(syncs[0]["summary"], "Failed: timed out waiting for Shopify; pulled 100, pushed 50");
    EXPECT_EQ(syncs[1]["summary"], "Success: pulled 100, pushed 100");
    EXPECT_TRUE(syncs[2]["summary"].is_null() || syncs[2]["summary"] == "");
}

}  // namespace
