// core::App's live data through the reference backend and a fake transport, with an injected
// clock: the sync log (tail first, back-fill, five-second refresh, ETag/304, pause, the end,
// failures, expiry), the summary and payloads.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "api/reference_backend.h"
#include "core/app.h"
#include "core/state_json.h"
#include "fake_transport.h"

namespace {

core::TimeMs gNow = 1'795'867'200'000;  // the injected local clock
core::TimeMs clockNow() {
    return gNow;
}

std::string servicesPage() {
    return R"({"data":[{"id":1,"name":"Orders","status":"active","type":"standard"}],
               "meta":{"current_page":1,"per_page":100,"total":1,"last_page":1}})";
}

// Lines [first, last] of a log whose newest line is lastId.
std::string logPage(int64_t first, int64_t last, int64_t lastId, const char* status,
                    bool hasMore = false) {
    nlohmann::json data = nlohmann::json::array();
    for (int64_t id = first; id <= last; ++id) {
        nlohmann::json line = {{"id", id},
                               {"at", "2026-11-28T06:00:00.000Z"},
                               {"level", id % 10 == 0 ? "error" : "info"},
                               {"message", "Line " + std::to_string(id)},
                               {"payload", nullptr}};
        if (id == 3)
            line["payload"] = {{"id", 77},
                               {"kind", "pull"},
                               {"file_name", "pull.json"},
                               {"size_bytes", 12},
                               {"content_type", "application/json"},
                               {"expires_at", "2026-11-29T06:00:00.000Z"}};
        data.push_back(line);
    }
    return nlohmann::json{
        {"data", data},
        {"meta", {{"last_id", lastId}, {"has_more", hasMore}, {"sync_status", status}}}}
        .dump();
}

std::string syncJson(int64_t id, const char* status) {
    return nlohmann::json{{"id", id},
                          {"service_id", 1},
                          {"status", status},
                          {"trigger", "schedule"},
                          {"started_at", "2026-11-28T06:00:00.000Z"},
                          {"finished_at", nullptr},
                          {"duration_ms", 1000},
                          {"pulled_count", 50},
                          {"pushed_count", 48},
                          {"warning_count", 0},
                          {"error_count", 0},
                          {"summary", "Running"}}
        .dump();
}

// Lines [first, last] in the reference API's bulk lines form (docs/api.md, "Logs in bulk").
std::string linesPage(int64_t first, int64_t last, int64_t lastId, const char* status) {
    std::string body = "syncscope-log-lines 1 " + std::to_string(last - first + 1) + " " +
                       std::to_string(lastId) + " " + (last < lastId ? "1" : "0") + " " + status +
                       "\n";
    for (int64_t id = first; id <= last; ++id)
        body += std::to_string(id) + "\t1795845600000\t" + (id % 10 == 0 ? "error" : "info") +
                "\tLine " + std::to_string(id) + "\t\n";
    return body;
}

struct AppLiveTest : ::testing::Test {
    FakeTransport transport;
    // Back-fill in 5,000-line JSON pages: these tests are about the paging (the pipeline, order,
    // 429s); AppBulkBackfill at the end takes the bulk form the backend uses by default.
    api::ReferenceBackend backend{transport, "/api/v1", 0};
    core::App app{backend, core::AppConfig{}};

    void SetUp() override {
        gNow = 1'795'867'200'000;
        app.setClock(clockNow);
    }

    nlohmann::json state() { return nlohmann::json::parse(core::stateJson(app.state(), 0, 0)); }

    void signInAt(const std::string& route) {
        app.start(core::parseRoute(route), {"t", core::AuthScheme::Bearer});
        transport.answer(200, servicesPage());
        ASSERT_EQ(app.state().auth, core::AuthState::Ok);
    }
    // A finished 20,000-line sync's log opened: the tail held, three older pages in flight at once.
    void openFinishedLogWithOlderPagesOut() {
        signInAt("/services/1/syncs/500");
        app.tick(gNow);
        answerUrl("/syncs/500", 200, syncJson(500, "success"));
        answerUrl("/syncs/500/logs?tail=1000", 200, logPage(15001, 20000, 20000, "success"));
        ASSERT_TRUE(pendingUrl("after_id=10000&limit=5000"));
        ASSERT_TRUE(pendingUrl("after_id=5000&limit=5000"));
        ASSERT_TRUE(pendingUrl("after_id=0&limit=5000"));
    }

    // Answers the pending request whose URL contains `part` (there must be one).
    void answerUrl(const std::string& part, int status, const std::string& body,
                   api::Headers headers = {}) {
        if (!transport.answerWhere([&](const std::string& url) { return matches(url, part); },
                                   status, body, std::move(headers)))
            FAIL() << "no pending request for " << part;
    }
    // "/syncs/500" means exactly that resource (the URL ends there), not its logs; a part with a
    // query or a longer path matches anywhere in the URL.
    static bool matches(const std::string& url, const std::string& part) {
        const size_t at = url.find(part);
        if (at == std::string::npos) return false;
        const bool bareSync =
            part.rfind("/syncs/", 0) == 0 && part.find_first_of("?/", 7) == std::string::npos;
        return !bareSync || at + part.size() == url.size();
    }
    bool pendingUrl(const std::string& part) const {
        for (const auto& p : transport.pending)
            if (matches(p.request.url, part)) return true;
        return false;
    }
    std::string header(const api::HttpRequest& r, const std::string& name) const {
        for (const auto& h : r.headers)
            if (h.first == name) return h.second;
        return "";
    }
    const api::HttpRequest* lastSent(const std::string& part) const {
        for (auto it = transport.sent.rbegin(); it != transport.sent.rend(); ++it)
            if (it->url.find(part) != std::string::npos) return &*it;
        return nullptr;
    }
    // Opens a running sync's log and answers the header and the tail (lines 1..lastId).
    void openRunningLog(int64_t lastId) {
        signInAt("/services/1/syncs/500");
        app.tick(gNow);
        answerUrl("/syncs/500/logs?tail=1000", 200, logPage(1, lastId, lastId, "running"));
        answerUrl("/syncs/500", 200, syncJson(500, "running"));
    }
};

TEST_F(AppLiveTest, OpeningALogAsksForTheTailAndTheHeaderAtOnce) {
    signInAt("/services/1/syncs/500");
    app.tick(gNow);
    EXPECT_TRUE(pendingUrl("/api/v1/syncs/500/logs?tail=1000"));
    EXPECT_TRUE(pendingUrl("/api/v1/syncs/500"));
    answerUrl("/syncs/500/logs?tail=1000", 200, logPage(1, 40, 40, "running"));
    answerUrl("/syncs/500", 200, syncJson(500, "running"));
    const auto log = state()["log"];
    EXPECT_EQ(log["lines"], 40);
    EXPECT_EQ(log["shown"], 40);
    EXPECT_EQ(log["status"], "running");
    EXPECT_EQ(log["live"], true);
    EXPECT_EQ(log["autoRefresh"], true);
    EXPECT_EQ(log["complete"], true);
    EXPECT_EQ(log["pulled"], 50);
    EXPECT_EQ(log["pushed"], 48);
    EXPECT_TRUE(transport.pending.empty());  // a complete log needs no back-fill
}

TEST_F(AppLiveTest, ABigLogShowsItsTailFirstThenFillsInOlderLinesWithoutGaps) {
    signInAt("/services/1/syncs/500");
    app.tick(gNow);
    answerUrl("/syncs/500", 200, syncJson(500, "success"));
    answerUrl("/syncs/500/logs?tail=1000", 200, logPage(7001, 12000, 12000, "success"));
    EXPECT_EQ(state()["log"]["lines"], 5000);
    EXPECT_EQ(state()["log"]["firstId"], 7001);
    EXPECT_EQ(state()["log"]["complete"], false);
    // The back-fill goes on by itself, page after page, newest first.
    answerUrl("/syncs/500/logs?after_id=2000&limit=5000", 200,
              logPage(2001, 7000, 12000, "success"));
    answerUrl("/syncs/500/logs?after_id=0&limit=2000", 200, logPage(1, 2000, 12000, "success"));
    const auto log = state()["log"];
    EXPECT_EQ(log["lines"], 12000);
    EXPECT_EQ(log["firstId"], 1);
    EXPECT_EQ(log["lastId"], 12000);
    EXPECT_EQ(log["complete"], true);
    EXPECT_EQ(app.state().log->store.levelCount(core::LogLevel::Error), 1200u);
    EXPECT_EQ(app.state().log->store.duplicatesDropped(), 0u);
    EXPECT_TRUE(transport.pending.empty());
}

TEST_F(AppLiveTest, RefreshesEveryFiveSecondsAskingOnlyForNewLines) {
    openRunningLog(10);
    const size_t sent = transport.sent.size();
    app.tick(gNow + 4000);
    EXPECT_EQ(transport.sent.size(), sent);  // not yet
    gNow += 5000;
    app.tick(gNow);
    ASSERT_TRUE(pendingUrl("/syncs/500/logs?after_id=10&limit=5000"));
    answerUrl("/syncs/500/logs?after_id=10", 200, logPage(11, 13, 13, "running"),
              {{"etag", "\"e13\""}});
    answerUrl("/syncs/500", 200, syncJson(500, "running"));
    EXPECT_EQ(state()["log"]["lines"], 13);
    // Nothing new: the answer is empty, its ETag is kept, and the next poll can be a 304.
    gNow += 5000;
    app.tick(gNow);
    answerUrl("/syncs/500/logs?after_id=13", 200, logPage(1, 0, 13, "running"),
              {{"etag", "\"n13\""}});
    answerUrl("/syncs/500", 200, syncJson(500, "running"));
    gNow += 5000;
    app.tick(gNow);
    const api::HttpRequest* poll = lastSent("/syncs/500/logs?after_id=13");
    ASSERT_NE(poll, nullptr);
    EXPECT_EQ(header(*poll, "If-None-Match"), "\"n13\"");
    answerUrl("/syncs/500/logs?after_id=13", 304, "", {{"etag", "\"n13\""}});
    EXPECT_EQ(state()["log"]["lines"], 13);
    EXPECT_EQ(state()["banner"], "");
}

TEST_F(AppLiveTest, NeverTwoRequestsForTheLogAtOnce) {
    openRunningLog(10);
    gNow += 5000;
    app.tick(gNow);
    gNow += 20000;  // the answer is slow
    app.tick(gNow);
    app.tick(gNow + 1);
    size_t logPolls = 0;
    for (const auto& p : transport.pending)
        if (p.request.url.find("/logs?after_id=") != std::string::npos) ++logPolls;
    EXPECT_EQ(logPolls, 1u);
}

TEST_F(AppLiveTest, PausingStopsTheRefreshAndResumingFetchesAtOnce) {
    openRunningLog(10);
    core::Intents off;
    off.add(core::intent::AutoRefresh{false});
    app.apply(off);
    EXPECT_EQ(state()["log"]["autoRefresh"], false);
    EXPECT_EQ(state()["log"]["live"], false);
    const size_t sent = transport.sent.size();
    for (int i = 1; i <= 6; ++i) app.tick(gNow + i * 5000);
    EXPECT_EQ(transport.sent.size(), sent);
    gNow += 30000;
    core::Intents on;
    on.add(core::intent::AutoRefresh{true});
    app.apply(on);
    EXPECT_EQ(state()["log"]["live"], true);
    EXPECT_TRUE(pendingUrl("/syncs/500/logs?after_id=10"));
}

TEST_F(AppLiveTest, StopsByItselfAfterOneLastFetchOnceTheSyncFinished) {
    openRunningLog(10);
    gNow += 5000;
    app.tick(gNow);
    answerUrl("/syncs/500/logs?after_id=10", 200, logPage(11, 12, 12, "success"));
    answerUrl("/syncs/500", 200, syncJson(500, "success"));
    EXPECT_EQ(state()["log"]["status"], "success");
    gNow += 5000;
    app.tick(gNow);  // the one last fetch
    ASSERT_TRUE(pendingUrl("/syncs/500/logs?after_id=12"));
    answerUrl("/syncs/500/logs?after_id=12", 200, logPage(1, 0, 12, "success"));
    if (pendingUrl("/syncs/500")) answerUrl("/syncs/500", 200, syncJson(500, "success"));
    EXPECT_EQ(state()["log"]["live"], false);
    const size_t sent = transport.sent.size();
    for (int i = 1; i <= 10; ++i) app.tick(gNow + i * 5000);
    EXPECT_EQ(transport.sent.size(), sent);
    EXPECT_EQ(state()["log"]["lines"], 12);
}

TEST_F(AppLiveTest, AFailedRefreshKeepsTheLinesSaysSoAndRetriesSoon) {
    openRunningLog(10);
    gNow += 5000;
    app.tick(gNow);
    answerUrl("/syncs/500/logs?after_id=10", 503, R"({"message":"Upstream down"})");
    EXPECT_EQ(state()["log"]["lines"], 10);
    const std::string banner = state()["banner"];
    EXPECT_NE(banner.find("Could not refresh the log: Upstream down (HTTP 503)."),
              std::string::npos)
        << banner;
    EXPECT_NE(banner.find("Showing the lines as of"), std::string::npos) << banner;
    app.tick(gNow + 2000);  // backoff: about a second, with jitter
    ASSERT_TRUE(pendingUrl("/syncs/500/logs?after_id=10"));
    answerUrl("/syncs/500/logs?after_id=10", 200, logPage(11, 11, 11, "running"));
    EXPECT_EQ(state()["log"]["lines"], 11);
    EXPECT_EQ(state()["banner"], "");
}

TEST_F(AppLiveTest, MalformedJsonKeepsTheLinesAndNamesTheProblem) {
    openRunningLog(10);
    gNow += 5000;
    app.tick(gNow);
    answerUrl("/syncs/500/logs?after_id=10", 200, R"({"data":[{"id":"x"}]})");
    EXPECT_EQ(state()["log"]["lines"], 10);
    const std::string banner = state()["banner"];
    EXPECT_NE(banner.find("data[0]"), std::string::npos) << banner;
}

TEST_F(AppLiveTest, MoreNewLinesThanOnePageAreFetchedBackToBack) {
    openRunningLog(10);
    gNow += 5000;
    app.tick(gNow);
    answerUrl("/syncs/500/logs?after_id=10", 200, logPage(11, 5010, 9000, "running", true));
    app.tick(gNow + 10);
    EXPECT_TRUE(pendingUrl("/syncs/500/logs?after_id=5010"));
}

TEST_F(AppLiveTest, AnExpiredTokenKeepsTheViewAndCarriesOnAfterSigningInAgain) {
    openRunningLog(10);
    gNow += 5000;
    app.tick(gNow);
    answerUrl("/syncs/500/logs?after_id=10", 401, R"({"message":"Token expired"})");
    EXPECT_EQ(app.state().auth, core::AuthState::Expired);
    EXPECT_EQ(app.state().view, core::View::Login);
    ASSERT_TRUE(app.state().log);
    EXPECT_EQ(app.state().log->store.size(), 10u);
    EXPECT_EQ(core::formatRoute(app.state().route), "/services/1/syncs/500");
    // Answers to the old token that were still in flight change nothing.
    if (pendingUrl("/syncs/500")) answerUrl("/syncs/500", 200, syncJson(500, "running"));
    core::Intents again;
    again.add(core::intent::SignIn{core::Credentials{"fresh", core::AuthScheme::Bearer}});
    app.apply(again);
    transport.answer(200, servicesPage());
    EXPECT_EQ(app.state().view, core::View::Log);
    app.tick(gNow + 1);
    const api::HttpRequest* poll = lastSent("/syncs/500/logs?after_id=10");
    ASSERT_NE(poll, nullptr);  // not the tail again: the lines held are kept
    EXPECT_EQ(header(*poll, "Authorization"), "Bearer fresh");
}

// Found by tests/e2e/faults.test.mjs (--token-ttl): the log and the header were in flight when
// the token expired, both came back 401, and the second 401 — the App already signed out — was
// taken for a refused sign-in: it signed out for good, dropping the lines, the search and the
// summary the first one had kept.
TEST_F(AppLiveTest, SeveralRequestsRefusedTogetherKeepTheViewOnce) {
    openRunningLog(10);
    core::Intents search;
    search.add(core::intent::LogFilterSet{core::LogFilter{}}).filter.query = "Line 1";
    app.apply(search);
    gNow += 5000;
    app.tick(gNow);
    ASSERT_TRUE(pendingUrl("/syncs/500/logs?after_id=10"));
    ASSERT_TRUE(pendingUrl("/syncs/500"));
    answerUrl("/syncs/500/logs?after_id=10", 401, R"({"message":"Token expired"})");
    answerUrl("/syncs/500", 401, R"({"message":"Token expired"})");
    EXPECT_EQ(app.state().auth, core::AuthState::Expired);
    ASSERT_TRUE(app.state().log);
    EXPECT_EQ(app.state().log->store.size(), 10u);
    EXPECT_EQ(app.state().log->view.filter().query, "Line 1");
    EXPECT_NE(app.state().loginMessage.find("expired"), std::string::npos);

    // A wrong token tried next is refused, and the view is still kept.
    core::Intents wrong;
    wrong.add(core::intent::SignIn{core::Credentials{"typo", core::AuthScheme::Bearer}});
    app.apply(wrong);
    transport.answer(401, R"({"message":"Unauthenticated."})");
    EXPECT_EQ(app.state().auth, core::AuthState::Expired);
    EXPECT_NE(app.state().loginMessage.find("refused"), std::string::npos);
    ASSERT_TRUE(app.state().log);
    EXPECT_EQ(app.state().log->store.size(), 10u);

    core::Intents again;
    again.add(core::intent::SignIn{core::Credentials{"fresh", core::AuthScheme::Bearer}});
    app.apply(again);
    transport.answer(200, servicesPage());
    ASSERT_EQ(app.state().auth, core::AuthState::Ok);
    EXPECT_EQ(app.state().view, core::View::Log);
    EXPECT_EQ(app.state().log->store.size(), 10u);
}

TEST_F(AppLiveTest, A401SentWithTheOldTokenArrivingAfterSigningInAgainChangesNothing) {
    openRunningLog(10);
    gNow += 5000;
    app.tick(gNow);
    answerUrl("/syncs/500/logs?after_id=10", 401, R"({"message":"Token expired"})");
    ASSERT_EQ(app.state().auth, core::AuthState::Expired);
    ASSERT_TRUE(pendingUrl("/syncs/500"));  // the header, sent with the old token, still out
    core::Intents again;
    again.add(core::intent::SignIn{core::Credentials{"fresh", core::AuthScheme::Bearer}});
    app.apply(again);
    answerUrl("/services", 200, servicesPage());
    ASSERT_EQ(app.state().auth, core::AuthState::Ok);
    answerUrl("/syncs/500", 401, R"({"message":"Token expired"})");
    EXPECT_EQ(app.state().auth, core::AuthState::Ok);
    EXPECT_EQ(app.state().view, core::View::Log);
    EXPECT_EQ(app.state().log->store.size(), 10u);
}

TEST_F(AppLiveTest, AnswersForALogLeftBehindAreDroppedAndComingBackWorks) {
    signInAt("/services/1/syncs/500");
    app.tick(gNow);
    core::Intents go;
    go.add(core::intent::Navigate{core::parseRoute("/services/1/syncs/501")});
    app.apply(go);
    app.tick(gNow);
    answerUrl("/syncs/500/logs?tail=1000", 200, logPage(1, 5, 5, "running"));
    answerUrl("/syncs/500", 200, syncJson(500, "running"));
    answerUrl("/syncs/501/logs?tail=1000", 200, logPage(1, 2, 2, "success"));
    EXPECT_EQ(state()["log"]["syncId"], 501);
    EXPECT_EQ(state()["log"]["lines"], 2);
    go.add(core::intent::Navigate{core::parseRoute("/services/1/syncs/500")});
    app.apply(go);
    app.tick(gNow + 1);
    EXPECT_TRUE(pendingUrl("/syncs/500/logs?tail=1000"));  // not stuck "in flight"
}

TEST_F(AppLiveTest, SearchAndLevelFilterAreReflectedInTheState) {
    openRunningLog(40);
    core::Intents f;
    core::LogFilter filter;
    filter.query = "line 1";
    f.add(core::intent::LogFilterSet{filter});
    app.apply(f);
    EXPECT_EQ(state()["log"]["matches"], 11);  // 1, 10..19
    EXPECT_EQ(state()["log"]["shown"], 40);
    filter.onlyMatching = true;
    f.add(core::intent::LogFilterSet{filter});
    app.apply(f);
    EXPECT_EQ(state()["log"]["shown"], 11);
    // New lines are filtered as they arrive.
    gNow += 5000;
    app.tick(gNow);
    answerUrl("/syncs/500/logs?after_id=40", 200, logPage(41, 120, 120, "running"));
    EXPECT_EQ(state()["log"]["matches"], 11 + 21);  // 100..120
}

TEST_F(AppLiveTest, SummaryLoadsTheLast24HoursAndStaysLiveWhileASyncRuns) {
    signInAt("/services/1");
    app.tick(gNow);
    const api::HttpRequest* syncs = lastSent("/services/1/syncs?");
    ASSERT_NE(syncs, nullptr);
    EXPECT_NE(syncs->url.find("started_after%5D=" + std::to_string(gNow - 86'400'000)),
              std::string::npos)
        << syncs->url;
    ASSERT_TRUE(pendingUrl("/services/1/transactions?"));
    const std::string list =
        "{\"data\":[" + syncJson(600, "running") + "," + syncJson(599, "failed") +
        "],\"meta\":{\"current_page\":1,\"per_page\":100,\"total\":2,\"last_page\":1}}";
    answerUrl("/services/1/syncs?", 200, list);
    answerUrl("/services/1/transactions?", 200,
              R"([{"bucket_start":"2026-11-28T06:00:00.000Z","pulled":5,"pushed":4,"failed":1}])");
    const auto rows = state()["syncs"];
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0]["status"], "running");
    EXPECT_EQ(rows[0]["pulled"], 50);
    EXPECT_TRUE(app.state().summary.live);
    EXPECT_EQ(app.state().summary.buckets.size(), 1u);
    gNow += 5000;
    app.tick(gNow);
    EXPECT_TRUE(pendingUrl("/services/1/syncs?"));
    core::Intents sort;
    sort.add(core::intent::SummarySort{core::SyncSort{core::SyncSortKey::Id, false}});
    app.apply(sort);
    ASSERT_EQ(state()["syncs"].size(), 2u);
    EXPECT_EQ(state()["syncs"][0]["id"], 599);  // ascending by id: the displayed order
    sort.add(core::intent::SummarySort{core::SyncSort{}});
    app.apply(sort);
    EXPECT_EQ(state()["syncs"][0]["id"], 600);  // the API's order again
    core::Intents f;
    f.add(core::intent::SummaryStatus{std::optional<core::SyncStatus>(core::SyncStatus::Failed)});
    app.apply(f);
    ASSERT_EQ(state()["syncs"].size(), 1u);
    EXPECT_EQ(state()["syncs"][0]["id"], 599);
}

// Signing out wipes what SyncScope holds: a payload answer still in flight then must not land
// in memory (found in review after the feature split: PayloadFetch::reset kept the generation).
TEST_F(AppLiveTest, APayloadAnsweredAfterSigningOutIsDropped) {
    openRunningLog(10);
    const core::LogLineView line = app.state().log->store.lineById(3);
    ASSERT_NE(line.payload, nullptr);
    core::Intents open;
    open.add(core::intent::OpenPayload{*line.payload});
    app.apply(open);
    ASSERT_NE(lastSent("/payloads/77"), nullptr);
    core::Intents out;
    out.add(core::intent::SignOut{});
    app.apply(out);
    answerUrl("/payloads/77", 200, "{\"secret\":1}",
              {{"content-type", "application/json"},
               {"content-disposition", "attachment; filename=\"pull-500.json\""}});
    EXPECT_FALSE(app.state().payload.file);
    EXPECT_FALSE(app.state().payload.open);
}

TEST_F(AppLiveTest, APayloadIsDownloadedWithTheTokenAndAnExpiredOneSaysWhen) {
    openRunningLog(10);
    const core::LogLineView line = app.state().log->store.lineById(3);
    ASSERT_NE(line.payload, nullptr);
    core::Intents open;
    open.add(core::intent::OpenPayload{*line.payload});
    app.apply(open);
    const api::HttpRequest* get = lastSent("/payloads/77");
    ASSERT_NE(get, nullptr);
    EXPECT_EQ(header(*get, "Authorization"), "Bearer t");
    answerUrl("/payloads/77", 200, "{\"a\":1}",
              {{"content-type", "application/json"},
               {"content-disposition", "attachment; filename=\"pull-500.json\""}});
    ASSERT_TRUE(app.state().payload.file);
    EXPECT_EQ(app.state().payload.file->fileName, "pull-500.json");
    EXPECT_EQ(app.state().payload.file->bytes, "{\"a\":1}");
    EXPECT_EQ(state()["payload"]["bytes"], 7);
    app.apply(open);
    answerUrl("/payloads/77", 410, R"({"message":"The payload file expired."})");
    EXPECT_FALSE(app.state().payload.file);
    EXPECT_EQ(app.state().payload.errorText,
              "This file expired at 2026-11-29 06:00:00 UTC. Payload files are kept for 24 hours "
              "after the sync finished.");
    EXPECT_EQ(app.state().log->store.size(), 10u);  // the log is untouched
}

TEST_F(AppLiveTest, A429HoldsEveryRequestBackFillIncludedForRetryAfter) {
    signInAt("/services/1/syncs/500");
    app.tick(gNow);
    answerUrl("/syncs/500", 200, syncJson(500, "running"));
    answerUrl("/syncs/500/logs?tail=1000", 200, logPage(7001, 12000, 12000, "running"));
    // Both older pages are asked for at once (the reference API's ranges are exact).
    ASSERT_TRUE(pendingUrl("/syncs/500/logs?after_id=0&limit=2000"));
    // The newer one is refused: too many requests, come back in 30 s. The older one arrives
    // and waits: it cannot be shown before the lines between.
    answerUrl("/syncs/500/logs?after_id=2000", 429, R"({"message":"Too Many Requests"})",
              {{"retry-after", "30"}});
    answerUrl("/syncs/500/logs?after_id=0&limit=2000", 200, logPage(1, 2000, 12000, "running"));
    EXPECT_EQ(state()["log"]["firstId"], 7001);
    EXPECT_NE(std::string(state()["banner"]).find("Could not load older lines"), std::string::npos);
    const size_t sent = transport.sent.size();
    // Nothing at all goes out meanwhile: neither the back-fill nor the live refreshes of the log
    // and its header, which were due every 5 s.
    for (core::TimeMs t = 1000; t <= 29000; t += 1000) app.tick(gNow + t);
    EXPECT_EQ(transport.sent.size(), sent);
    EXPECT_FALSE(pendingUrl("/syncs/500/logs?after_id=2000"));
    // Then one request (a live refresh, due first), and the back-fill once it got through.
    app.tick(gNow + 31000);
    EXPECT_EQ(transport.sent.size(), sent + 1);
    EXPECT_FALSE(pendingUrl("/syncs/500/logs?after_id=2000"));
    ASSERT_EQ(transport.pending.size(), 1u);
    if (pendingUrl("/syncs/500/logs?after_id=12000"))
        answerUrl("/syncs/500/logs?after_id=12000", 304, "");
    else
        answerUrl("/syncs/500", 200, syncJson(500, "running"));
    app.tick(gNow + 31100);
    EXPECT_TRUE(pendingUrl("/syncs/500/logs?after_id=2000"));
    answerUrl("/syncs/500/logs?after_id=2000", 200, logPage(2001, 7000, 12000, "running"));
    answerUrl("/syncs/500/logs?after_id=0&limit=2000", 200, logPage(1, 2000, 12000, "running"));
    EXPECT_EQ(state()["log"]["complete"], true);
    EXPECT_EQ(state()["log"]["lines"], 12000);
    EXPECT_EQ(state()["banner"], "");
}

TEST_F(AppLiveTest, AfterA429TheBackFillWaitsForTheOneRequestAndThenSendsOnePage) {
    openFinishedLogWithOlderPagesOut();
    answerUrl("after_id=10000&limit=5000", 429, R"({"message":"Slow down"})",
              {{"retry-after", "10"}});
    answerUrl("after_id=5000&limit=5000", 429, R"({"message":"Slow down"})",
              {{"retry-after", "10"}});
    answerUrl("after_id=0&limit=5000", 429, R"({"message":"Slow down"})", {{"retry-after", "10"}});
    const size_t sent = transport.sent.size();
    for (core::TimeMs t = 1000; t < 10000; t += 1000) app.tick(gNow + t);
    EXPECT_EQ(transport.sent.size(), sent);
    // The hold is over: the finished log has nothing scheduled, so one older page is the one
    // request; nothing else until it is answered.
    app.tick(gNow + 10500);
    EXPECT_EQ(transport.sent.size(), sent + 1);
    EXPECT_TRUE(pendingUrl("after_id=10000&limit=5000"));
    app.tick(gNow + 10600);
    EXPECT_EQ(transport.sent.size(), sent + 1);
    answerUrl("after_id=10000&limit=5000", 200, logPage(10001, 15000, 20000, "success"));
    // Through: the rest of the back-fill goes as usual, pages in parallel.
    app.tick(gNow + 10700);
    EXPECT_TRUE(pendingUrl("after_id=5000&limit=5000"));
    EXPECT_TRUE(pendingUrl("after_id=0&limit=5000"));
}

TEST_F(AppLiveTest, OlderPagesArrivingOutOfOrderAreMergedInOrder) {
    openFinishedLogWithOlderPagesOut();  // they come back oldest first
    answerUrl("after_id=5000&limit=5000", 200, logPage(5001, 10000, 20000, "success"));
    answerUrl("after_id=0&limit=5000", 200, logPage(1, 5000, 20000, "success"));
    EXPECT_EQ(state()["log"]["firstId"], 15001);  // nothing joins the lines held yet
    answerUrl("after_id=10000&limit=5000", 200, logPage(10001, 15000, 20000, "success"));
    EXPECT_EQ(state()["log"]["firstId"], 1);
    EXPECT_EQ(state()["log"]["lines"], 20000);
    EXPECT_EQ(app.state().log->store.duplicatesDropped(), 0u);
    EXPECT_TRUE(transport.pending.empty());
}

TEST_F(AppLiveTest, A429OnTheServicesListHoldsTheNextViewsRequestsToo) {
    signInAt("/services");
    core::Intents reload;
    reload.add(core::intent::Reload{});
    app.apply(reload);  // the list is asked for again…
    ASSERT_TRUE(pendingUrl("/services"));
    answerUrl("/services", 429, R"({"message":"Too Many Requests"})", {{"retry-after", "20"}});
    // …refused; the user opens a log at once: nothing goes out before Retry-After has passed.
    app.onRouteChanged(core::parseRoute("/services/1/syncs/500"));
    const size_t sent = transport.sent.size();
    for (int s = 0; s < 20; ++s) app.tick(gNow + s * 1000);
    EXPECT_EQ(transport.sent.size(), sent);
    app.tick(gNow + 20500);
    EXPECT_TRUE(pendingUrl("/syncs/500/logs?tail=1000"));
}

TEST_F(AppLiveTest, ALiveRefreshRefusedWith429WaitsForRetryAfterBeforeAnyRequest) {
    openRunningLog(10);
    gNow += 5000;
    app.tick(gNow);
    answerUrl("/syncs/500/logs?after_id=10", 429, R"({"message":"Slow down"})",
              {{"retry-after", "20"}});
    answerUrl("/syncs/500", 200, syncJson(500, "running"));
    const size_t sent = transport.sent.size();
    for (int s = 1; s < 20; ++s) app.tick(gNow + s * 1000);
    EXPECT_EQ(transport.sent.size(), sent);
    // After the wait, one request (the header, due first); the log once it got through.
    app.tick(gNow + 20500);
    EXPECT_EQ(transport.sent.size(), sent + 1);
    EXPECT_FALSE(pendingUrl("/syncs/500/logs?after_id=10"));
    answerUrl("/syncs/500", 200, syncJson(500, "running"));
    app.tick(gNow + 20600);
    EXPECT_TRUE(pendingUrl("/syncs/500/logs?after_id=10"));
}

}  // namespace

TEST_F(AppLiveTest, AMissingOrFailedPayloadSaysWhichAndLeavesTheLogAlone) {
    openRunningLog(10);
    core::Intents open;
    open.add(core::intent::OpenPayload{*app.state().log->store.lineById(3).payload});
    app.apply(open);
    answerUrl("/payloads/77", 404, R"({"message":"No such payload."})");
    EXPECT_FALSE(app.state().payload.file);
    EXPECT_FALSE(app.state().payload.loading);
    EXPECT_EQ(app.state().payload.errorText,
              "This file was not found (No such payload. (HTTP 404)).");
    app.apply(open);
    transport.fail(api::TransportError::Network);
    EXPECT_FALSE(app.state().payload.file);
    EXPECT_EQ(app.state().payload.errorText.rfind("Could not download the file: ", 0), 0u)
        << app.state().payload.errorText;
    EXPECT_EQ(app.state().log->store.size(), 10u);
}

TEST_F(AppLiveTest, ComingBackToTheTabRefreshesALiveLogAtOnce) {
    openRunningLog(10);
    gNow += 1000;  // the next refresh is 4 s away
    app.tick(gNow);
    ASSERT_FALSE(pendingUrl("after_id=10")) << "not due yet";
    app.onVisible(gNow);
    EXPECT_TRUE(pendingUrl("after_id=10")) << "the page became visible: refreshed at once";
}

// Issue 13 item 5: at the memory ceiling (config.json's logMemoryLimitMB) the back-fill of older
// lines stops — the pages already asked for are kept, nothing is refetched or dropped — while the
// newest lines and the live refresh go on; state().log.capped says so.
TEST(AppLogCeiling, BackFillStopsAtTheCeilingAndTheLiveTailGoesOn) {
    FakeTransport transport;
    // The bulk form (the default): near the ceiling the back-fill still asks 5,000-line pages.
    api::ReferenceBackend backend{transport, "/api/v1"};
    core::AppConfig config;
    EXPECT_EQ(config.logMemoryLimitMB, 1024);  // the default: far above a million lines' ~150 MB
    config.logMemoryLimitMB = 3;
    core::App app{backend, config};
    gNow = 1'795'867'200'000;
    app.setClock(clockNow);
    // Lines [first, last] of 400 bytes each: a page of 5,000 is 2 MB.
    const auto page = [](int64_t first, int64_t last, int64_t lastId) {
        nlohmann::json data = nlohmann::json::array();
        for (int64_t id = first; id <= last; ++id)
            data.push_back({{"id", id},
                            {"at", "2026-11-28T06:00:00.000Z"},
                            {"level", "info"},
                            {"message", "Line " + std::to_string(id) + std::string(390, '.')},
                            {"payload", nullptr}});
        return nlohmann::json{
            {"data", data},
            {"meta", {{"last_id", lastId}, {"has_more", false}, {"sync_status", "running"}}}}
            .dump();
    };
    const auto answer = [&](const std::string& part, const std::string& body) {
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
    };
    // Requests for older lines: "after_id=N&limit=5000" below the tail asked for first.
    const auto olderPagesAsked = [&] {
        size_t n = 0;
        for (const auto& r : transport.sent)
            for (const char* q :
                 {"after_id=15000&", "after_id=10000&", "after_id=5000&", "after_id=0&"})
                n += r.url.find(q) != std::string::npos;
        return n;
    };
    const auto log = [&] {
        return nlohmann::json::parse(core::stateJson(app.state(), 0, 0))["log"];
    };

    app.start(core::parseRoute("/services/1/syncs/500"), {"t", core::AuthScheme::Bearer});
    transport.answer(200, servicesPage());
    app.tick(gNow);
    answer("/syncs/500/logs?tail=1000", page(20001, 25000, 25000));
    // Under the ceiling: three older pages asked for at once.
    EXPECT_EQ(log()["capped"], false);
    EXPECT_EQ(olderPagesAsked(), 3u);
    answer("after_id=15000", page(15001, 20000, 25000));
    answer("after_id=10000", page(10001, 15000, 25000));
    answer("after_id=5000", page(5001, 10000, 25000));
    // Past it: the pages that were out are kept, and no more are asked for, now or later.
    EXPECT_GE(app.state().log->store.bytesUsed(), 3u * 1024 * 1024);
    EXPECT_EQ(log()["capped"], true);
    EXPECT_EQ(log()["lines"], 20000);
    EXPECT_EQ(log()["firstId"], 5001);
    EXPECT_EQ(log()["complete"], false);
    for (int i = 0; i < 5; ++i) {
        gNow += 60000;
        app.tick(gNow);
        // Only the live tail and the header are refreshed: the newest lines go on.
        const int64_t last = app.state().log->store.lastId();
        for (size_t k = 0; k < transport.pending.size(); ++k)
            if (transport.pending[k].request.url.find("after_id=" + std::to_string(last)) !=
                std::string::npos) {
                answer("after_id=" + std::to_string(last), page(last + 1, last + 10, last + 10));
                break;
            }
        while (!transport.pending.empty()) transport.answer(200, syncJson(500, "running"));
    }
    EXPECT_EQ(olderPagesAsked(), 3u);
    EXPECT_EQ(log()["firstId"], 5001);
    EXPECT_EQ(log()["lastId"], 25050);
    EXPECT_EQ(log()["lines"], 20050);
    EXPECT_EQ(log()["capped"], true);
    const std::optional<core::TimeMs> wake = app.nextWakeMs(gNow);
    EXPECT_TRUE(!wake || *wake > gNow + 1000) << "no back-fill is due";
}

// --- issue 16 point 2: the lists stay live ------------------------------------------------------

namespace {

std::string servicesPageWith(int64_t id, int failed) {
    nlohmann::json runs = nlohmann::json::array();
    for (int i = 0; i < failed; ++i)
        runs.push_back(
            {{"id", 100 + i}, {"status", "failed"}, {"started_at", "2026-11-28T05:00:00Z"}});
    return nlohmann::json{
        {"data",
         {{{"id", id},
           {"name", "Orders"},
           {"status", "active"},
           {"runs_24h", runs},
           {"failed_24h", failed}}}},
        {"meta", {{"current_page", 1}, {"per_page", 100}, {"total", 1}, {"last_page", 1}}}}
        .dump();
}

size_t pendingServices(const FakeTransport& t) {
    size_t n = 0;
    for (const auto& p : t.pending) n += p.request.url.find("/services?") != std::string::npos;
    return n;
}

}  // namespace

TEST_F(AppLiveTest, ServicesListRefreshesEvery30SecondsOnlyWhileOnScreen) {
    signInAt("/services");
    app.tick(gNow);
    EXPECT_EQ(pendingServices(transport), 0u) << "just loaded by the sign-in: not again at once";
    gNow += core::ServicesFeed::kServicesRefreshMs - 1000;
    app.tick(gNow);
    EXPECT_EQ(pendingServices(transport), 0u);
    ASSERT_TRUE(app.nextWakeMs(gNow));
    EXPECT_LE(*app.nextWakeMs(gNow), gNow + 1000);
    gNow += 1000;
    app.tick(gNow);
    ASSERT_EQ(pendingServices(transport), 1u) << "30 s after the last list";
    answerUrl("/services?", 200, servicesPageWith(1, 3));
    auto s = state();
    EXPECT_EQ(s["services"][0]["failed24h"], 3);
    EXPECT_EQ(s["services"][0]["runs"].size(), 3u);
    EXPECT_EQ(s["servicesUpdatedAt"], gNow);  // the server's clock (no Date: the local one)
    // The next one 30 s after that one started, not sooner.
    gNow += 29000;
    app.tick(gNow);
    EXPECT_EQ(pendingServices(transport), 0u);
    gNow += 1000;
    app.tick(gNow);
    ASSERT_EQ(pendingServices(transport), 1u);
    // A failed refresh keeps the rows and says so; it is retried.
    answerUrl("/services?", 503, R"({"message":"down"})");
    s = state();
    ASSERT_EQ(s["services"].size(), 1u);
    EXPECT_EQ(s["services"][0]["failed24h"], 3);
    EXPECT_NE(s["banner"].get<std::string>().find("Could not refresh the services"),
              std::string::npos)
        << s["banner"];
    gNow += 3000;
    app.tick(gNow);
    ASSERT_EQ(pendingServices(transport), 1u) << "retried after a backoff";
    answerUrl("/services?", 200, servicesPageWith(1, 4));
    s = state();
    EXPECT_EQ(s["services"][0]["failed24h"], 4);
    EXPECT_EQ(s["banner"], "");
    // Off screen (a summary): no refresh of the list.
    core::Intents open;
    open.add(core::intent::Navigate{core::parseRoute("/services/1")});
    app.apply(open);
    for (int i = 0; i < 4; ++i) {
        gNow += 30000;
        app.tick(gNow);
        EXPECT_EQ(pendingServices(transport), 0u);
        while (transport.answerWhere([](const std::string&) { return true; }, 200,
                                     R"({"data":[],"meta":{"current_page":1,"last_page":1}})")) {
        }
    }
}

TEST_F(AppLiveTest, SummaryStaysLiveWithNoSyncRunningAndNotesWhenItWasUpdated) {
    signInAt("/services/1");
    app.tick(gNow);
    const std::string finished =
        "{\"data\":[" + syncJson(599, "failed") +
        "],\"meta\":{\"current_page\":1,\"per_page\":100,\"total\":1,\"last_page\":1}}";
    answerUrl("/services/1/syncs?", 200, finished);
    answerUrl("/services/1/transactions?", 200, "[]");
    EXPECT_TRUE(app.state().summary.live) << "live while on screen, running or not";
    EXPECT_EQ(state()["summaryUpdatedAt"], gNow);
    gNow += 5000;
    app.tick(gNow);
    ASSERT_TRUE(pendingUrl("/services/1/syncs?")) << "refreshed with nothing running";
    const std::string withNew =
        "{\"data\":[" + syncJson(600, "running") + "," + syncJson(599, "failed") +
        "],\"meta\":{\"current_page\":1,\"per_page\":100,\"total\":2,\"last_page\":1}}";
    answerUrl("/services/1/syncs?", 200, withNew);
    EXPECT_EQ(state()["syncs"].size(), 2u);
    EXPECT_EQ(state()["summaryUpdatedAt"], gNow);
}

// The App over the reference backend as it ships (the bulk form on), signed in on sync 500's log.
struct BulkApp {
    FakeTransport transport;
    api::ReferenceBackend backend{transport, "/api/v1"};
    core::App app{backend, core::AppConfig{}};
    BulkApp() {
        gNow = 1'795'867'200'000;
        app.setClock(clockNow);
        app.start(core::parseRoute("/services/1/syncs/500"), {"t", core::AuthScheme::Bearer});
        transport.answer(200, servicesPage());
        app.tick(gNow);
    }
    void answer(const std::string& part, int status, const std::string& body) {
        ASSERT_TRUE(transport.answerWhere(
            [&](const std::string& url) { return AppLiveTest::matches(url, part); }, status, body))
            << "no pending request for " << part;
    }
    // Requests in flight whose URL holds `part`.
    size_t pendingWith(const std::string& part) const {
        size_t n = 0;
        for (const auto& p : transport.pending)
            if (p.request.url.find(part) != std::string::npos) ++n;
        return n;
    }
};

// Issue 20: with the bulk form (the reference backend's default), a finished 120,000-line log
// opens on its tail and is back-filled in three requests of at most 50,000 lines in the lines
// form, all in flight at once, merged newest first whatever order they arrive in.
TEST(AppBulkBackfill, AFinishedLogIsBackFilledInThreeBulkRequestsAtOnce) {
    BulkApp t;
    FakeTransport& transport = t.transport;
    core::App& app = t.app;
    const auto pending = [&](const std::string& part) {
        for (const auto& p : transport.pending)
            if (AppLiveTest::matches(p.request.url, part)) return true;
        return false;
    };
    const auto answer = [&](const std::string& part, const std::string& body) {
        t.answer(part, 200, body);
    };
    answer("/syncs/500", syncJson(500, "success"));
    answer("/syncs/500/logs?tail=1000", logPage(119001, 120000, 120000, "success"));
    EXPECT_EQ(app.state().log->store.size(), 1000u);
    const char* older[] = {"after_id=69000&limit=50000&format=lines",
                           "after_id=19000&limit=50000&format=lines",
                           "after_id=0&limit=19000&format=lines"};
    for (const char* part : older) EXPECT_TRUE(pending(part)) << part;
    // The oldest first: held until the ones between arrive.
    answer(older[2], linesPage(1, 19000, 120000, "success"));
    answer(older[1], linesPage(19001, 69000, 120000, "success"));
    EXPECT_EQ(app.state().log->store.size(), 1000u);
    answer(older[0], linesPage(69001, 119000, 120000, "success"));
    const core::LogState& L = *app.state().log;
    EXPECT_EQ(L.store.size(), 120000u);
    EXPECT_EQ(L.store.firstId(), 1);
    EXPECT_EQ(L.store.lastId(), 120000);
    EXPECT_TRUE(L.complete());
    EXPECT_EQ(L.store.levelCount(core::LogLevel::Error), 12000u);
    // Each page's lines, packed on arrival and adopted by the log's store, in their places.
    for (const int64_t id : {1, 19000, 19001, 69000, 69001, 119000, 119001, 120000})
        EXPECT_EQ(L.store.lineById(id).text, "Line " + std::to_string(id));
    EXPECT_EQ(L.backfillError, "");
    EXPECT_EQ(L.requests, 5u);  // the header, the tail and three bulk pages
}

// A server of the reference API that has no bulk form refuses `format=lines` with a 400: the
// back-fill carries on in 5,000-line JSON pages instead of stopping at "Could not load older
// lines" (the merge of issue 20's bulk form left that to the user).
TEST(AppBulkBackfill, AServerWithoutTheBulkFormIsBackFilledInJsonPages) {
    BulkApp t;
    FakeTransport& transport = t.transport;
    core::App& app = t.app;
    const auto answer = [&](const std::string& part, int status, const std::string& body) {
        t.answer(part, status, body);
    };
    answer("/syncs/500", 200, syncJson(500, "success"));
    answer("/syncs/500/logs?tail=1000", 200, logPage(11001, 12000, 12000, "success"));
    const char* refused = R"({"message":"unknown format"})";
    answer("after_id=0&limit=11000&format=lines", 400, refused);
    EXPECT_EQ(app.state().log->backfillError, "");
    app.tick(gNow);
    answer("after_id=6000&limit=5000", 200, logPage(6001, 11000, 12000, "success"));
    answer("after_id=1000&limit=5000", 200, logPage(1001, 6000, 12000, "success"));
    answer("after_id=0&limit=1000", 200, logPage(1, 1000, 12000, "success"));
    const core::LogState& L = *app.state().log;
    EXPECT_TRUE(L.complete());
    EXPECT_EQ(L.store.size(), 12000u);
    EXPECT_EQ(L.backfillError, "");
    for (const auto& r : transport.sent)
        EXPECT_FALSE(r.url.find("format=lines") != std::string::npos &&
                     r.url.find("limit=5000") != std::string::npos)
            << r.url;
}

// Issue 20, goal 2: with the first-screen hold on (as src/web runs it), no older page is asked
// for until a frame drew the first lines — their answers would be decoded in front of that frame
// and the server would format them on the cores the browser needs to draw it — or, with no frame
// (a hidden tab), half a second after the lines arrived.
TEST(AppBulkBackfill, OlderLinesWaitForTheFrameThatDrawsTheFirstOnes) {
    BulkApp t;
    t.app.setFirstScreenHold(true);
    t.answer("/syncs/500", 200, syncJson(500, "success"));
    t.answer("/syncs/500/logs?tail=1000", 200, logPage(119001, 120000, 120000, "success"));
    EXPECT_EQ(t.app.state().log->store.size(), 1000u);
    t.app.tick(gNow + 100);
    EXPECT_EQ(t.pendingWith("format=lines"), 0u);
    EXPECT_EQ(t.app.nextWakeMs(gNow + 100), std::optional<core::TimeMs>(gNow + 500));
    t.app.linesDrawn(499);  // another sync's lines: not this log's first screen
    EXPECT_EQ(t.pendingWith("format=lines"), 0u);
    t.app.linesDrawn(500);
    EXPECT_EQ(t.pendingWith("format=lines"), 3u);
}

TEST(AppBulkBackfill, WithNoFrameTheOlderLinesComeHalfASecondAfterTheFirstOnes) {
    BulkApp t;
    t.app.setFirstScreenHold(true);
    t.answer("/syncs/500", 200, syncJson(500, "success"));
    t.answer("/syncs/500/logs?tail=1000", 200, logPage(119001, 120000, 120000, "success"));
    t.app.tick(gNow + 499);
    EXPECT_EQ(t.pendingWith("format=lines"), 0u);
    gNow += 500;
    t.app.tick(gNow);
    EXPECT_EQ(t.pendingWith("format=lines"), 3u);
}

// A log's header is asked for before its lines (issue 20): the small answer that sets the view's
// layout comes back first, and the first frame with lines (held until both are in) is not
// pushed down by the header a frame later. The scheduler's own order put the lines first.
TEST(AppBulkBackfill, ALogsHeaderIsAskedForBeforeItsLines) {
    BulkApp t;
    const auto firstSent = [&](const std::string& part) {
        for (size_t i = 0; i < t.transport.sent.size(); ++i)
            if (AppLiveTest::matches(t.transport.sent[i].url, part)) return i;
        return t.transport.sent.size();
    };
    const size_t header = firstSent("/syncs/500");
    const size_t lines = firstSent("/syncs/500/logs?tail=1000");
    ASSERT_LT(lines, t.transport.sent.size());
    EXPECT_LT(header, lines);
}

// The hold is per log opened: another sync's log, opened after one whose first lines were drawn,
// waits for its own first frame (LogReader::restart starts the hold over).
TEST(AppBulkBackfill, EachLogOpenedWaitsForItsOwnFirstFrame) {
    BulkApp t;
    t.app.setFirstScreenHold(true);
    t.answer("/syncs/500", 200, syncJson(500, "success"));
    t.answer("/syncs/500/logs?tail=1000", 200, logPage(119001, 120000, 120000, "success"));
    t.app.linesDrawn(500);
    EXPECT_EQ(t.pendingWith("/syncs/500/logs?after_id="), 3u);
    t.app.onRouteChanged(core::parseRoute("/services/1/syncs/501"));
    t.app.tick(gNow);
    t.answer("/syncs/501", 200, syncJson(501, "success"));
    t.answer("/syncs/501/logs?tail=1000", 200, logPage(119001, 120000, 120000, "success"));
    t.app.tick(gNow + 100);
    EXPECT_EQ(t.pendingWith("/syncs/501/logs?after_id="), 0u);
    t.app.linesDrawn(501);
    EXPECT_EQ(t.pendingWith("/syncs/501/logs?after_id="), 3u);
}
