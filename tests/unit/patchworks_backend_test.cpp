// api::PatchworksBackend over a fake transport: the Patchworks Core API's URLs and auth header,
// flows and flow runs, getSync paging through a flow's runs, log lines renumbered by position
// (sort=id and sort=-id), per_page clamping remembered for later page arithmetic, what Patchworks
// lacks answered later through `defer`, payload downloads and errors. Fixtures follow the
// documented Patchworks shapes (flat and JSON:API with string ids, Laravel timestamps with
// microseconds).
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/patchworks_backend.h"
#include "core/app.h"
#include "core/routes.h"
#include "core/time.h"
#include "fake_transport.h"

namespace {

using core::ErrorKind;
using core::LogRequest;
using nlohmann::json;

std::string headerOf(const api::HttpRequest& r, const std::string& name) {
    for (const auto& h : r.headers)
        if (h.first == name) return h.second;
    return "";
}

// A flow-run-logs answer holding the lines at `positions` (1-based, in the order sent). The
// server's ids are deliberately not positions (as a real deployment's need not be); each message
// says its position so the test can check the renumbering.
std::string logsAnswer(const std::vector<int>& positions, int page, int perPage, int total,
                       bool jsonapi = false) {
    json data = json::array();
    for (int p : positions) {
        json attrs = {{"log_level", p % 10 == 0 ? "ERROR" : "info"},
                      {"log_message", "line " + std::to_string(p)},
                      {"created_at", "2026-11-28T06:30:00.000000Z"},
                      {"flow_step_id", nullptr},
                      {"payload_metadata_id", p % 7 == 0 ? json(10000000 + p) : json()}};
        const int serverId = 880000 + 3 * p;
        if (jsonapi) {
            data.push_back({{"id", std::to_string(serverId)},
                            {"type", "flow-run-logs"},
                            {"attributes", attrs}});
        } else {
            attrs["id"] = serverId;
            data.push_back(attrs);
        }
    }
    const int lastPage = total == 0 ? 1 : (total + perPage - 1) / perPage;
    return json{{"data", data},
                {"meta",
                 {{"current_page", page},
                  {"per_page", perPage},
                  {"total", total},
                  {"last_page", lastPage}}},
                {"links", {{"next", nullptr}, {"prev", nullptr}}}}
        .dump();
}

std::vector<int> range(int from, int to) {  // from..to inclusive, descending when from > to
    std::vector<int> v;
    if (from <= to)
        for (int i = from; i <= to; ++i) v.push_back(i);
    else
        for (int i = from; i >= to; --i) v.push_back(i);
    return v;
}

// A flow-runs answer with runs of the given ids (flat items without flow_id, like some
// deployments), paginator meta as given.
std::string runsAnswer(const std::vector<int64_t>& ids, int page, int lastPage) {
    json data = json::array();
    for (int64_t id : ids) {
        data.push_back({{"id", id},
                        {"status", 2},
                        {"trigger", "Schedule"},
                        {"started_at", "2026-11-28T06:30:00.000000Z"},
                        {"finished_at", "2026-11-28T06:30:12.500000Z"},
                        {"duration", 12},
                        {"has_warnings", false},
                        {"summary", "Success"}});
    }
    return json{{"data", data},
                {"meta",
                 {{"current_page", page},
                  {"per_page", 100},
                  {"total", lastPage * 100},
                  {"last_page", lastPage}}}}
        .dump();
}

LogRequest tail(int limit) {
    LogRequest r;
    r.kind = LogRequest::Kind::Tail;
    r.syncId = 5000030;
    r.serviceId = 5;
    r.limit = limit;
    return r;
}
LogRequest after(int64_t afterId, int limit) {
    LogRequest r = tail(limit);
    r.kind = LogRequest::Kind::After;
    r.afterId = afterId;
    return r;
}
LogRequest before(int64_t beforeId, int limit) {
    LogRequest r = tail(limit);
    r.kind = LogRequest::Kind::Before;
    r.beforeId = beforeId;
    return r;
}

std::vector<int64_t> idsOf(const core::LogPage& p) {
    std::vector<int64_t> ids;
    for (const auto& l : p.lines) ids.push_back(l.id);
    return ids;
}
std::vector<int64_t> ids(int from, int to) {
    std::vector<int64_t> v;
    for (int i = from; i <= to; ++i) v.push_back(i);
    return v;
}

struct PatchworksBackendTest : ::testing::Test {
    FakeTransport transport;
    std::vector<std::function<void()>> deferred;
    std::unique_ptr<api::PatchworksBackend> backend = std::make_unique<api::PatchworksBackend>(
        transport, "/core/api/v1",
        [this](std::function<void()> f) { deferred.push_back(std::move(f)); });
    core::Credentials key{"pw-key-123", core::AuthScheme::ApiKey};
    core::Credentials bearer{"tok-456", core::AuthScheme::Bearer};

    void drainDeferred() {
        auto now = std::move(deferred);
        deferred.clear();
        for (auto& f : now) f();
    }

    // Reads the log and answers the request with `body`; returns the answer.
    core::Answer<core::LogAnswer> readLog(const LogRequest& r, const std::string& body,
                                          int status = 200) {
        std::optional<core::Answer<core::LogAnswer>> got;
        backend->readLog(key, r, [&](core::Answer<core::LogAnswer> a) { got = std::move(a); });
        EXPECT_FALSE(got) << "answered inside the call";
        transport.answer(status, body);
        EXPECT_TRUE(got);
        return got.value_or(core::Answer<core::LogAnswer>{});
    }
    const std::string& lastUrl() const { return transport.sent.back().url; }
};

TEST_F(PatchworksBackendTest, CapabilitiesSayPatchworksHasNoPasswordLoginCountsOrTransactions) {
    const core::BackendCapabilities c = backend->capabilities();
    EXPECT_FALSE(c.passwordLogin);
    EXPECT_FALSE(c.syncCounts);
    EXPECT_FALSE(c.transactions);
}

TEST_F(PatchworksBackendTest, ListServicesAsksFlowsWithTheRawApiKeyNeverInTheUrl) {
    std::optional<core::Answer<core::ServicesPage>> got;
    backend->listServices(key, 2, 50, [&](core::Answer<core::ServicesPage> a) { got = a; });
    EXPECT_FALSE(got);
    ASSERT_EQ(transport.sent.size(), 1u);
    const api::HttpRequest& req = transport.sent[0];
    EXPECT_EQ(req.method, "GET");
    EXPECT_EQ(req.url, "/core/api/v1/flows?page=2&per_page=50");
    EXPECT_EQ(headerOf(req, "Authorization"), "pw-key-123");
    EXPECT_EQ(headerOf(req, "Accept"), "application/json");
    EXPECT_EQ(req.url.find("pw-key-123"), std::string::npos);

    transport.answer(200, R"json({"data":[
      {"id":"1","type":"flows","attributes":{"name":"NetSuite products to Shopify",
       "description":"standard flow","status":"Deployed","company_group":"Acme Retail"}},
      {"id":"2","type":"flows","attributes":{"name":"Old flow","status":"Inactive"}}],
     "meta":{"current_page":2,"per_page":50,"total":52,"last_page":2}})json",
                     {{"date", "Sat, 28 Nov 2026 06:30:00 GMT"}});
    ASSERT_TRUE(got);
    ASSERT_FALSE(got->error) << got->error.message;
    ASSERT_EQ(got->value.services.size(), 2u);
    EXPECT_EQ(got->value.services[0].id, 1);
    EXPECT_EQ(got->value.services[0].status, core::ServiceStatus::Active);
    EXPECT_EQ(got->value.services[1].status, core::ServiceStatus::Inactive);
    EXPECT_EQ(got->value.meta.total, 52);
    EXPECT_EQ(got->serverTime, *core::parseIso8601("2026-11-28T06:30:00.000Z"));
}

TEST_F(PatchworksBackendTest, ListSyncsFiltersByFlowAndStartWithBearerAndFillsTheFlowId) {
    std::optional<core::Answer<core::SyncsPage>> got;
    backend->listSyncs(bearer, 5, 1764311400000, 1, 100,
                       [&](core::Answer<core::SyncsPage> a) { got = a; });
    ASSERT_EQ(transport.sent.size(), 1u);
    EXPECT_EQ(transport.sent[0].url,
              "/core/api/v1/flow-runs?filter%5Bflow_id%5D=5&filter%5Bstarted_after%5D="
              "1764311400000&sort=-started_at&page=1&per_page=100");
    EXPECT_EQ(headerOf(transport.sent[0], "Authorization"), "Bearer tok-456");
    EXPECT_EQ(transport.sent[0].url.find("tok-456"), std::string::npos);
    EXPECT_FALSE(got);

    transport.answer(200, R"json({"data":[
      {"id":5000030,"flow_id":5,"status":5,"trigger":"Schedule",
       "started_at":"2026-11-29T00:35:01.550000Z","finished_at":"2026-11-29T00:35:11.863000Z",
       "duration":10,"has_warnings":true,"summary":"Partial: pulled 20, pushed 18, 2 skipped"},
      {"id":"5000029","type":"flow-runs","attributes":{"status":"1","trigger":"Manual",
       "started_at":"2026-11-29T00:20:00.983000Z","finished_at":null,"duration":367}}],
     "meta":{"current_page":1,"per_page":100,"total":2,"last_page":1}})json");
    ASSERT_TRUE(got);
    ASSERT_FALSE(got->error) << got->error.message;
    ASSERT_EQ(got->value.syncs.size(), 2u);
    const core::Sync& a = got->value.syncs[0];
    EXPECT_EQ(a.id, 5000030);
    EXPECT_EQ(a.serviceId, 5);
    EXPECT_EQ(a.status, core::SyncStatus::Partial);
    EXPECT_EQ(a.startedAt, *core::parseIso8601("2026-11-29T00:35:01.550Z"));
    EXPECT_EQ(a.pulledCount, -1);
    const core::Sync& b = got->value.syncs[1];
    EXPECT_EQ(b.id, 5000029);
    EXPECT_EQ(b.serviceId, 5);  // not sent: the asked flow
    EXPECT_EQ(b.status, core::SyncStatus::Running);
    EXPECT_EQ(b.trigger, core::Trigger::Manual);
}

TEST_F(PatchworksBackendTest, GetSyncPagesThroughTheFlowsRunsUntilItFindsTheRun) {
    std::optional<core::Answer<core::Sync>> got;
    backend->getSync(key, 7, 7000042, [&](core::Answer<core::Sync> a) { got = a; });
    ASSERT_EQ(transport.sent.size(), 1u);
    EXPECT_EQ(transport.sent[0].url,
              "/core/api/v1/flow-runs?filter%5Bflow_id%5D=7&sort=-started_at&page=1&per_page=100");
    EXPECT_EQ(headerOf(transport.sent[0], "Authorization"), "pw-key-123");

    transport.answer(200, runsAnswer({7000199, 7000198, 7000100}, 1, 3));
    EXPECT_FALSE(got);
    ASSERT_EQ(transport.sent.size(), 2u);
    EXPECT_EQ(transport.sent[1].url,
              "/core/api/v1/flow-runs?filter%5Bflow_id%5D=7&sort=-started_at&page=2&per_page=100");
    transport.answer(200, runsAnswer({7000099, 7000042, 7000001}, 2, 3),
                     {{"date", "Sat, 28 Nov 2026 06:31:00 GMT"}});
    ASSERT_TRUE(got);
    ASSERT_FALSE(got->error) << got->error.message;
    EXPECT_EQ(got->value.id, 7000042);
    EXPECT_EQ(got->value.serviceId, 7);
    EXPECT_EQ(got->value.status, core::SyncStatus::Success);
    EXPECT_EQ(got->value.durationMs, 12500);  // finish − start (issue 14)
    EXPECT_EQ(got->serverTime, *core::parseIso8601("2026-11-28T06:31:00.000Z"));
    EXPECT_EQ(transport.sent.size(), 2u);
    EXPECT_TRUE(transport.pending.empty());
}

TEST_F(PatchworksBackendTest, GetSyncNotFoundAfterTheLastPage) {
    int calls = 0;
    core::Answer<core::Sync> got;
    backend->getSync(bearer, 7, 7000042, [&](core::Answer<core::Sync> a) {
        ++calls;
        got = a;
    });
    transport.answer(200, runsAnswer({7000199, 7000198}, 1, 2));
    transport.answer(200, runsAnswer({7000099, 7000098}, 2, 2));
    EXPECT_EQ(calls, 1);
    EXPECT_EQ(transport.sent.size(), 2u);
    EXPECT_TRUE(transport.pending.empty());
    EXPECT_EQ(got.error.kind, ErrorKind::NotFound);
    EXPECT_EQ(got.error.message, "flow run 7000042 not found");
}

TEST_F(PatchworksBackendTest, GetSyncGivesUpAfterFiftyPages) {
    int calls = 0;
    core::Answer<core::Sync> got;
    backend->getSync(key, 7, 1, [&](core::Answer<core::Sync> a) {
        ++calls;
        got = a;
    });
    for (int page = 1; page <= 50; ++page) {
        ASSERT_EQ(transport.pending.size(), 1u) << "page " << page;
        EXPECT_NE(transport.pending.front().request.url.find("&page=" + std::to_string(page) +
                                                             "&per_page=100"),
                  std::string::npos);
        transport.answer(200, runsAnswer({9000000 + page}, page, 1000));
    }
    EXPECT_TRUE(transport.pending.empty());
    EXPECT_EQ(transport.sent.size(), 50u);
    EXPECT_EQ(calls, 1);
    EXPECT_EQ(got.error.kind, ErrorKind::NotFound);
    EXPECT_EQ(got.error.message, "flow run 1 not found");
}

TEST_F(PatchworksBackendTest, GetSyncPassesOnAPagesErrorAndStops) {
    core::Answer<core::Sync> got;
    int calls = 0;
    backend->getSync(key, 7, 7000042, [&](core::Answer<core::Sync> a) {
        ++calls;
        got = a;
    });
    transport.answer(200, runsAnswer({7000199}, 1, 3));
    transport.answer(500, R"({"message":"Server Error"})");
    EXPECT_EQ(calls, 1);
    EXPECT_EQ(got.error.kind, ErrorKind::Server);
    EXPECT_EQ(got.error.message, "Server Error");
    EXPECT_TRUE(transport.pending.empty());
}

TEST_F(PatchworksBackendTest, TransactionsAreAnsweredLaterWithoutARequest) {
    int calls = 0;
    core::Answer<std::vector<core::TransactionBucket>> got;
    backend->transactions(key, 5, 0, 1000,
                          [&](core::Answer<std::vector<core::TransactionBucket>> a) {
                              ++calls;
                              got = a;
                          });
    EXPECT_EQ(calls, 0) << "the callback ran inside the call";
    EXPECT_TRUE(transport.sent.empty());
    ASSERT_EQ(deferred.size(), 1u);
    drainDeferred();
    EXPECT_EQ(calls, 1);
    EXPECT_EQ(got.error.kind, ErrorKind::BadRequest);
    EXPECT_EQ(got.error.message, "the Patchworks Core API has no transaction counts");
    EXPECT_TRUE(got.value.empty());
    EXPECT_TRUE(transport.sent.empty());
}

TEST_F(PatchworksBackendTest, PasswordLoginIsAnsweredLaterWithoutARequest) {
    int calls = 0;
    core::Answer<core::Session> got;
    backend->login("demo@syncscope.example", "demo", [&](core::Answer<core::Session> a) {
        ++calls;
        got = a;
    });
    EXPECT_EQ(calls, 0) << "the callback ran inside the call";
    EXPECT_TRUE(transport.sent.empty());
    drainDeferred();
    EXPECT_EQ(calls, 1);
    EXPECT_EQ(got.error.kind, ErrorKind::BadRequest);
    EXPECT_EQ(got.error.message,
              "the Patchworks Core API signs in with an API key: paste it in the token field");
    EXPECT_TRUE(got.value.token.empty());
}

TEST_F(PatchworksBackendTest, TailAsksNewestFirstRenumbersByPositionAndTurnsItOldestFirst) {
    const auto a = readLog(tail(20), logsAnswer(range(57, 38), 1, 20, 57));
    const api::HttpRequest& req = transport.sent.back();
    EXPECT_EQ(req.url,
              "/core/api/v1/flow-runs/5000030/flow-run-logs?sort=-id&page=1&per_page=20"
              "&load_payload_ids=true");
    EXPECT_EQ(headerOf(req, "Authorization"), "pw-key-123");
    EXPECT_EQ(req.url.find("pw-key-123"), std::string::npos);
    ASSERT_FALSE(a.error) << a.error.message;
    const core::LogPage& p = a.value.page;
    EXPECT_EQ(idsOf(p), ids(38, 57));
    for (const auto& l : p.lines) EXPECT_EQ(l.message, "line " + std::to_string(l.id));
    EXPECT_EQ(p.lines.back().level, core::LogLevel::Info);
    EXPECT_EQ(p.lines[2].level, core::LogLevel::Error);  // line 40, "ERROR"
    ASSERT_TRUE(p.lines[4].payload);                     // line 42 stored a payload
    EXPECT_EQ(p.lines[4].payload->id, 10000042);
    EXPECT_FALSE(p.lines[3].payload);
    EXPECT_EQ(p.lastId, 57);
    EXPECT_FALSE(p.hasMore);
    EXPECT_FALSE(p.syncStatus);
    EXPECT_TRUE(a.value.etag.empty());
    EXPECT_FALSE(a.value.notModified);
    EXPECT_EQ(backend->knownLogPageSize(), 0);  // the server used the size asked
}

// The summary's newest line of a running run (issue 18) asks per_page=1; a server with a floor of
// 10 lines a page sends 10. That teaches no page size: the log's own pages stay as large as asked.
TEST_F(PatchworksBackendTest, ATinyTailAnsweredWithABiggerPageTeachesNoPageSize) {
    const auto a = readLog(tail(1), logsAnswer(range(57, 48), 1, 10, 57));
    EXPECT_NE(lastUrl().find("sort=-id&page=1&per_page=1&"), std::string::npos);
    ASSERT_FALSE(a.error) << a.error.message;
    EXPECT_EQ(idsOf(a.value.page), ids(57, 57));
    EXPECT_EQ(a.value.page.lastId, 57);
    EXPECT_EQ(backend->knownLogPageSize(), 0);
}

TEST_F(PatchworksBackendTest, SortByIdRenumbersByPageAndPosition) {
    // JSON:API items with string ids that are not positions: page 3 of 10 holds lines 21..30.
    const auto a = readLog(after(20, 10), logsAnswer(range(21, 30), 3, 10, 45, true));
    EXPECT_EQ(lastUrl(),
              "/core/api/v1/flow-runs/5000030/flow-run-logs?sort=id&page=3&per_page=10"
              "&load_payload_ids=true");
    ASSERT_FALSE(a.error) << a.error.message;
    EXPECT_EQ(idsOf(a.value.page), ids(21, 30));
    for (const auto& l : a.value.page.lines) EXPECT_EQ(l.message, "line " + std::to_string(l.id));
    ASSERT_TRUE(a.value.page.lines[7].payload);  // line 28
    EXPECT_EQ(a.value.page.lines[7].payload->id, 10000028);
    EXPECT_EQ(a.value.page.lastId, 45);
    EXPECT_TRUE(a.value.page.hasMore);  // pages 4 and 5 follow
}

TEST_F(PatchworksBackendTest, ClampedPageSizeIsRememberedForTheNextRequestsArithmetic) {
    // Asked 5000 newest lines; the server clamps to 100.
    auto a = readLog(tail(5000), logsAnswer(range(250, 151), 1, 100, 250));
    EXPECT_NE(transport.sent[0].url.find("sort=-id&page=1&per_page=5000"), std::string::npos);
    ASSERT_FALSE(a.error) << a.error.message;
    EXPECT_EQ(idsOf(a.value.page), ids(151, 250));
    EXPECT_EQ(a.value.page.lastId, 250);
    EXPECT_EQ(backend->knownLogPageSize(), 100);

    // Live refresh after line 250, within the clamp: pages of 83 put page 4 at lines 250..332,
    // so only line 250 is read again.
    a = readLog(after(250, 5000), logsAnswer(range(250, 263), 4, 83, 263));
    EXPECT_EQ(lastUrl(),
              "/core/api/v1/flow-runs/5000030/flow-run-logs?sort=id&page=4&per_page=83"
              "&load_payload_ids=true");
    ASSERT_FALSE(a.error) << a.error.message;
    EXPECT_EQ(idsOf(a.value.page), ids(251, 263));
    EXPECT_EQ(a.value.page.lastId, 263);
    EXPECT_FALSE(a.value.page.hasMore);

    // Nothing new: page 4 of 87 (lines 262..348) holds two lines already held, nothing returned.
    a = readLog(after(263, 5000), logsAnswer(range(262, 263), 4, 87, 263));
    EXPECT_NE(lastUrl().find("sort=id&page=4&per_page=87"), std::string::npos);
    EXPECT_TRUE(a.value.page.lines.empty());
    EXPECT_EQ(a.value.page.lastId, 263);
    EXPECT_FALSE(a.value.page.hasMore);

    // A later tail asks no more than the server gives.
    readLog(tail(5000), logsAnswer(range(263, 164), 1, 100, 263));
    EXPECT_NE(lastUrl().find("sort=-id&page=1&per_page=100&"), std::string::npos);
    // ... and a smaller one asks its own limit.
    readLog(tail(30), logsAnswer(range(263, 234), 1, 30, 263));
    EXPECT_NE(lastUrl().find("sort=-id&page=1&per_page=30&"), std::string::npos);
    EXPECT_EQ(backend->knownLogPageSize(), 100);
}

TEST_F(PatchworksBackendTest, AfterOnAPageBoundaryAsksTheNextPage) {
    readLog(tail(5000), logsAnswer(range(300, 201), 1, 100, 300));
    const auto a = readLog(after(300, 5000), logsAnswer(range(301, 305), 4, 100, 305));
    EXPECT_NE(lastUrl().find("sort=id&page=4&per_page=100"), std::string::npos);
    EXPECT_EQ(idsOf(a.value.page), ids(301, 305));
}

TEST_F(PatchworksBackendTest, AfterReadsAPageStartingRightAfterTheLastLineHeld) {
    // No page size known: the limit (10) is the largest page. After line 14, pages of 7 put
    // page 3 at lines 15..21: nothing is read twice.
    const auto a = readLog(after(14, 10), logsAnswer(range(15, 21), 3, 7, 38));
    EXPECT_NE(lastUrl().find("sort=id&page=3&per_page=7&"), std::string::npos);
    EXPECT_EQ(idsOf(a.value.page), ids(15, 21));
    EXPECT_EQ(a.value.page.lastId, 38);
    EXPECT_TRUE(a.value.page.hasMore);
}

TEST_F(PatchworksBackendTest, NothingNewInAMillionLinesCostsAPageOfAFewLines) {
    // A server that honours per_page up to 5,000, and a log of 1,000,037 lines all held: pages
    // of 4,975 put page 202 at lines 999,976..1,004,950, so 62 lines come again, not 37 + n·5000.
    const auto a =
        readLog(after(1000037, 5000), logsAnswer(range(999976, 1000037), 202, 4975, 1000037));
    EXPECT_NE(lastUrl().find("sort=id&page=202&per_page=4975&"), std::string::npos);
    ASSERT_FALSE(a.error) << a.error.message;
    EXPECT_TRUE(a.value.page.lines.empty());
    EXPECT_EQ(a.value.page.lastId, 1000037);
    EXPECT_FALSE(a.value.page.hasMore);
    // Whatever the count held, a page starts fewer than ⌈held / 5000⌉ lines before the next one,
    // and is at least half the largest page.
    for (int64_t held : {100, 4999, 5000, 5001, 123457, 999999, 1000000, 2500001}) {
        backend->readLog(key, after(held, 5000), [](core::Answer<core::LogAnswer>) {});
        const std::string url = lastUrl();
        const int64_t page = std::stoll(url.substr(url.find("&page=") + 6));
        const int64_t per = std::stoll(url.substr(url.find("per_page=") + 9));
        const int64_t first = (page - 1) * per + 1;
        EXPECT_LE(first, held + 1) << held;
        EXPECT_LT(held + 1 - first, (held + 4999) / 5000) << held;
        EXPECT_GE(per, held < 5000 ? held : 2500) << held;
        EXPECT_LE(per, 5000) << held;
    }
    EXPECT_EQ(backend->knownLogPageSize(), 0);
}

TEST_F(PatchworksBackendTest, ClampFoundByAnAfterRequestGivesNothingThenTheRightPage) {
    // Asked page 2 of 250 after line 250; the server clamps to 100: lines 101..200, all held.
    auto a = readLog(after(250, 5000), logsAnswer(range(101, 200), 2, 100, 380));
    EXPECT_NE(lastUrl().find("sort=id&page=2&per_page=250&"), std::string::npos);
    ASSERT_FALSE(a.error) << a.error.message;
    EXPECT_TRUE(a.value.page.lines.empty());
    EXPECT_EQ(a.value.page.lastId, 380);
    EXPECT_TRUE(a.value.page.hasMore);
    EXPECT_EQ(backend->knownLogPageSize(), 100);

    // Lines wait, so the server's largest pages: page 3 of 100 is lines 201..300.
    a = readLog(after(250, 5000), logsAnswer(range(201, 300), 3, 100, 380));
    EXPECT_NE(lastUrl().find("sort=id&page=3&per_page=100&"), std::string::npos);
    EXPECT_EQ(idsOf(a.value.page), ids(251, 300));
    EXPECT_TRUE(a.value.page.hasMore);
    a = readLog(after(300, 5000), logsAnswer(range(301, 380), 4, 100, 380));
    EXPECT_EQ(idsOf(a.value.page), ids(301, 380));
    EXPECT_FALSE(a.value.page.hasMore);
    // Caught up: the live refresh is aligned again within the clamp, page 5 of 95 (381..475).
    readLog(after(380, 5000), logsAnswer({}, 5, 95, 380));
    EXPECT_NE(lastUrl().find("sort=id&page=5&per_page=95&"), std::string::npos);
}

TEST_F(PatchworksBackendTest, WhileLinesWaitTheLargestPagesAreAsked) {
    // 150 lines held, 5,000 written since: pages of 150 would take 34 requests.
    auto a = readLog(after(150, 5000), logsAnswer(range(151, 300), 2, 150, 5150));
    EXPECT_NE(lastUrl().find("sort=id&page=2&per_page=150&"), std::string::npos);
    EXPECT_TRUE(a.value.page.hasMore);
    a = readLog(after(300, 5000), logsAnswer(range(1, 5000), 1, 5000, 5150));
    EXPECT_NE(lastUrl().find("sort=id&page=1&per_page=5000&"), std::string::npos);
    EXPECT_EQ(idsOf(a.value.page), ids(301, 5000));
}

TEST_F(PatchworksBackendTest, AnswersWithoutPerPageAreNumberedByTheSizeAskedAndTeachNothing) {
    auto strip = [](std::string body) {
        json j = json::parse(body);
        j["meta"].erase("per_page");
        return j.dump();
    };
    // 62 lines, newest first, no per_page: the size asked (5000) numbers them; 62 is not learnt.
    auto a = readLog(tail(5000), strip(logsAnswer(range(62, 1), 1, 5000, 62)));
    ASSERT_FALSE(a.error) << a.error.message;
    EXPECT_EQ(idsOf(a.value.page), ids(1, 62));
    EXPECT_EQ(backend->knownLogPageSize(), 0);
    // Nothing new (page 1 of 5000: under 100 lines, one page is cheaper than tiny ones).
    a = readLog(after(62, 5000), strip(logsAnswer(range(1, 62), 1, 5000, 62)));
    EXPECT_NE(lastUrl().find("sort=id&page=1&per_page=5000&"), std::string::npos);
    EXPECT_TRUE(a.value.page.lines.empty());
    EXPECT_FALSE(a.value.page.hasMore);
    // Three new lines, numbered 63..65 by the size asked.
    a = readLog(after(62, 5000), strip(logsAnswer(range(1, 65), 1, 5000, 65)));
    EXPECT_EQ(idsOf(a.value.page), ids(63, 65));
    EXPECT_EQ(backend->knownLogPageSize(), 0);
}

TEST_F(PatchworksBackendTest, AServerThatIgnoresPerPageIsAskedInItsOwnPages) {
    // This server answers pages of 100 whatever is asked. 380 lines held, caught up: the live
    // refresh asks page 5 of 95 and gets its page 5 of 100 (none yet): the size is its own.
    readLog(tail(5000), logsAnswer(range(380, 281), 1, 100, 380));  // clamped to 100
    auto a = readLog(after(380, 5000), logsAnswer({}, 5, 100, 380));
    EXPECT_NE(lastUrl().find("sort=id&page=5&per_page=95&"), std::string::npos);
    EXPECT_TRUE(a.value.page.lines.empty());
    // From then on its own size: page 4 of 100 (lines 301..400), also when caught up.
    a = readLog(after(380, 5000), logsAnswer(range(301, 390), 4, 100, 390));
    EXPECT_NE(lastUrl().find("sort=id&page=4&per_page=100&"), std::string::npos);
    EXPECT_EQ(idsOf(a.value.page), ids(381, 390));
    EXPECT_FALSE(a.value.page.hasMore);
    readLog(after(390, 5000), logsAnswer(range(301, 390), 4, 100, 390));
    EXPECT_NE(lastUrl().find("sort=id&page=4&per_page=100&"), std::string::npos);
}

TEST_F(PatchworksBackendTest, APageThatSkipsPastTheNextLineLeavesNoHole) {
    // Asked page 2 of 50 (lines 51..100) after line 50; this server always answers pages of 100,
    // so its page 2 is lines 101..200: nothing is returned rather than a gap.
    auto a = readLog(after(50, 50), logsAnswer(range(101, 200), 2, 100, 230));
    EXPECT_NE(lastUrl().find("sort=id&page=2&per_page=50"), std::string::npos);
    EXPECT_TRUE(a.value.page.lines.empty());
    EXPECT_EQ(a.value.page.lastId, 230);
    EXPECT_TRUE(a.value.page.hasMore);
    EXPECT_EQ(backend->knownLogPageSize(), 100);

    // Asked again with the server's size: page 1, lines 51..100, at most `limit` of them.
    a = readLog(after(50, 50), logsAnswer(range(1, 100), 1, 100, 230));
    EXPECT_NE(lastUrl().find("sort=id&page=1&per_page=100"), std::string::npos);
    EXPECT_EQ(idsOf(a.value.page), ids(51, 100));
    EXPECT_TRUE(a.value.page.hasMore);
}

TEST_F(PatchworksBackendTest, BeforeAsksThePageHoldingTheLineBefore) {
    readLog(tail(5000), logsAnswer(range(250, 151), 1, 100, 250));  // learns 100
    auto a = readLog(before(151, 5000), logsAnswer(range(101, 200), 2, 100, 250));
    EXPECT_EQ(lastUrl(),
              "/core/api/v1/flow-runs/5000030/flow-run-logs?sort=id&page=2&per_page=100"
              "&load_payload_ids=true");
    ASSERT_FALSE(a.error) << a.error.message;
    EXPECT_EQ(idsOf(a.value.page), ids(101, 150));
    EXPECT_EQ(a.value.page.lastId, 250);

    a = readLog(before(101, 5000), logsAnswer(range(1, 100), 1, 100, 250));
    EXPECT_NE(lastUrl().find("sort=id&page=1&per_page=100"), std::string::npos);
    EXPECT_EQ(idsOf(a.value.page), ids(1, 100));

    // At most `limit`, the newest of them.
    a = readLog(before(151, 30), logsAnswer(range(101, 200), 2, 100, 250));
    EXPECT_NE(lastUrl().find("sort=id&page=2&per_page=100"), std::string::npos);
    EXPECT_EQ(idsOf(a.value.page), ids(121, 150));
}

TEST_F(PatchworksBackendTest, BeforeWithoutAKnownPageSizeUsesTheLimit) {
    const auto a = readLog(before(151, 50), logsAnswer(range(101, 150), 3, 50, 250));
    EXPECT_NE(lastUrl().find("sort=id&page=3&per_page=50"), std::string::npos);
    EXPECT_EQ(idsOf(a.value.page), ids(101, 150));
}

TEST_F(PatchworksBackendTest, BeforeWhoseClampedPageEndsShortGivesNothing) {
    // Page 3 of 5000 would be lines 10001..15000; clamped to 100 it is lines 201..300.
    const auto a = readLog(before(12000, 5000), logsAnswer(range(201, 300), 3, 100, 20000));
    EXPECT_NE(lastUrl().find("sort=id&page=3&per_page=5000"), std::string::npos);
    EXPECT_TRUE(a.value.page.lines.empty());
    EXPECT_EQ(backend->knownLogPageSize(), 100);
    const auto b = readLog(before(12000, 5000), logsAnswer(range(11901, 12000), 120, 100, 20000));
    EXPECT_NE(lastUrl().find("sort=id&page=120&per_page=100"), std::string::npos);
    EXPECT_EQ(idsOf(b.value.page), ids(11901, 11999));
}

TEST_F(PatchworksBackendTest, DownloadPayloadNamesTheFileFromContentDisposition) {
    std::optional<core::Answer<core::PayloadFile>> got;
    backend->downloadPayload(bearer, 10000283, [&](core::Answer<core::PayloadFile> a) { got = a; });
    ASSERT_EQ(transport.sent.size(), 1u);
    EXPECT_EQ(transport.sent[0].url, "/core/api/v1/payload-metadata/10000283/download");
    EXPECT_EQ(headerOf(transport.sent[0], "Accept"), "*/*");
    EXPECT_EQ(headerOf(transport.sent[0], "Authorization"), "Bearer tok-456");
    EXPECT_FALSE(got);
    transport.answer(200, R"([{"sku":"SOCK-BLK-3PK"}])",
                     {{"content-type", "application/json"},
                      {"content-disposition", "attachment; filename=\"pull-1000028.json\""}});
    ASSERT_TRUE(got);
    ASSERT_FALSE(got->error) << got->error.message;
    EXPECT_EQ(got->value.id, 10000283);
    EXPECT_EQ(got->value.fileName, "pull-1000028.json");
    EXPECT_EQ(got->value.contentType, "application/json");
    EXPECT_EQ(got->value.bytes, R"([{"sku":"SOCK-BLK-3PK"}])");

    backend->downloadPayload(key, 42, [&](core::Answer<core::PayloadFile> a) { got = a; });
    transport.answer(200, "a,b\n1,2\n", {{"content-type", "text/csv"}});
    EXPECT_EQ(got->value.fileName, "payload-42");
}

TEST_F(PatchworksBackendTest, ExpiredPayloadIsGone) {
    core::Answer<core::PayloadFile> got;
    backend->downloadPayload(key, 10000281, [&](core::Answer<core::PayloadFile> a) { got = a; });
    transport.answer(410, R"({"message":"The payload has expired."})");
    EXPECT_EQ(got.error.kind, ErrorKind::Gone);
    EXPECT_EQ(got.error.status, 410);
    EXPECT_EQ(got.error.message, "The payload has expired.");
    EXPECT_TRUE(got.value.bytes.empty());
}

TEST_F(PatchworksBackendTest, RefusedKeyIsUnauthorized) {
    core::Answer<core::ServicesPage> got;
    backend->listServices(key, 1, 100, [&](core::Answer<core::ServicesPage> a) { got = a; });
    transport.answer(401, R"({"message":"Unauthenticated: the token is invalid."})",
                     {{"www-authenticate", "Bearer realm=\"SyncScope demo\""}});
    EXPECT_EQ(got.error.kind, ErrorKind::Unauthorized);
    EXPECT_EQ(got.error.message, "Unauthenticated: the token is invalid.");
}

TEST_F(PatchworksBackendTest, ServerErrorOnTheLogKeepsThePageSizeUnknown) {
    const auto a = readLog(tail(5000), R"({"message":"Server Error"})", 500);
    EXPECT_EQ(a.error.kind, ErrorKind::Server);
    EXPECT_EQ(a.error.status, 500);
    EXPECT_TRUE(a.value.page.lines.empty());
    EXPECT_EQ(backend->knownLogPageSize(), 0);
}

TEST_F(PatchworksBackendTest, MalformedJsonIsABadResponseNamingWhatFailed) {
    const auto a = readLog(tail(100), R"({"data":[{"id":1,"log_level":"info",)");
    EXPECT_EQ(a.error.kind, ErrorKind::BadResponse);
    EXPECT_EQ(a.error.status, 200);
    EXPECT_EQ(a.error.message.rfind("the flow run's log could not be read (", 0), 0u)
        << a.error.message;

    core::Answer<core::SyncsPage> runs;
    backend->listSyncs(key, 5, 0, 1, 100, [&](core::Answer<core::SyncsPage> r) { runs = r; });
    transport.answer(200, R"({"data":[{"id":1,"status":{"word":"sideways"}}]})");
    EXPECT_EQ(runs.error.kind, ErrorKind::BadResponse);
    EXPECT_NE(runs.error.message.find("the flow runs list could not be read"), std::string::npos);
    EXPECT_NE(runs.error.message.find("status"), std::string::npos) << runs.error.message;
}

TEST_F(PatchworksBackendTest, NetworkFailureIsNetwork) {
    core::Answer<core::LogAnswer> got;
    backend->readLog(key, after(10, 100), [&](core::Answer<core::LogAnswer> a) { got = a; });
    transport.fail(api::TransportError::Network);
    EXPECT_EQ(got.error.kind, ErrorKind::Network);
}

TEST_F(PatchworksBackendTest, AnswersArrivingAfterTheBackendIsGoneAreStillSafe) {
    int logCalls = 0, runCalls = 0;
    backend->readLog(key, tail(5000), [&](core::Answer<core::LogAnswer>) { ++logCalls; });
    backend->getSync(key, 7, 7000042, [&](core::Answer<core::Sync>) { ++runCalls; });
    backend.reset();
    transport.answer(200, logsAnswer(range(3, 1), 1, 100, 3));
    transport.answer(200, runsAnswer({7000199}, 1, 2));  // asks page 2
    transport.answer(200, runsAnswer({7000042}, 2, 2));
    EXPECT_EQ(logCalls, 1);
    EXPECT_EQ(runCalls, 1);
}

}  // namespace

// --- Through the App: a small Patchworks server model answering whatever the App asks --------

namespace {

core::TimeMs gPatchworksNow = 1'795'867'200'000;

// One flow (7) with one run (1) among `runsBefore` newer runs, whose log has `lines` lines; log
// pages are clamped to `clamp`. Answers any URL the PatchworksBackend sends.
struct PatchworksModel {
    int64_t lines = 0;
    int clamp = 100;
    int runsBefore = 0;  // runs newer than run 1 (the search pages through them)
    bool running = true;
    int logRequests = 0;
    int64_t linesSent = 0;     // log lines in all answers
    bool ignoreSort = false;   // log lines oldest first whatever `sort` says
    int rejectSortStatus = 0;  // 400 or 422 for any request with a `sort`

    static int64_t param(const std::string& url, const std::string& name) {
        const size_t at = url.find("&" + name + "=") != std::string::npos
                              ? url.find("&" + name + "=") + 1
                              : url.find("?" + name + "=") + 1;
        return std::stoll(url.substr(at + name.size() + 1));
    }
    int status(const std::string& url) const {
        const bool sorted =
            url.find("?sort=") != std::string::npos || url.find("&sort=") != std::string::npos;
        return rejectSortStatus && sorted ? rejectSortStatus : 200;
    }
    std::string answer(const std::string& url) {
        if (status(url) != 200) return R"({"message":"The sort is not allowed."})";
        if (url.find("/flows?") != std::string::npos)
            return R"({"data":[{"id":7,"name":"Orders","status":"active"}],
                       "meta":{"current_page":1,"per_page":100,"total":1,"last_page":1}})";
        if (url.find("/flow-run-logs?") != std::string::npos) {
            ++logRequests;
            const bool newestFirst = !ignoreSort && url.find("sort=-id") != std::string::npos;
            const int64_t per = std::min<int64_t>(param(url, "per_page"), clamp);
            const int64_t page = param(url, "page");
            std::vector<int> positions;
            for (int64_t i = (page - 1) * per; i < page * per && i < lines; ++i)
                positions.push_back(static_cast<int>(newestFirst ? lines - i : i + 1));
            linesSent += static_cast<int64_t>(positions.size());
            return logsAnswer(positions, static_cast<int>(page), static_cast<int>(per),
                              static_cast<int>(lines));
        }
        if (url.find("/flow-runs?") != std::string::npos) {
            const int64_t page = param(url, "page");
            const int lastPage = runsBefore / 100 + 1;
            std::vector<int64_t> ids;
            for (int64_t i = (page - 1) * 100; i < page * 100 && i <= runsBefore; ++i)
                ids.push_back(i == runsBefore ? 1 : 1000 + i);
            json a = json::parse(runsAnswer(ids, static_cast<int>(page), lastPage));
            for (json& run : a["data"])
                if (run["id"] == 1 && running) run["status"] = 1, run["finished_at"] = nullptr;
            return a.dump();
        }
        ADD_FAILURE() << "unexpected request " << url;
        return "{}";
    }
};

struct AppPatchworksTest : PatchworksBackendTest {
    PatchworksModel server;
    core::App app{*backend, core::AppConfig{}};
    void SetUp() override {
        gPatchworksNow = 1'795'867'200'000;
        app.setClock([] { return gPatchworksNow; });
    }
    // Answers every request waiting (and those their answers send), in order.
    void answerAll() {
        for (int guard = 0; !transport.pending.empty() && guard < 1000; ++guard) {
            const std::string url = transport.pending.front().request.url;
            transport.answer(server.status(url), server.answer(url));
        }
    }
    // Lets `ms` pass in steps of 100 ms, answering as it goes.
    void run(core::TimeMs ms) {
        for (core::TimeMs t = 0; t < ms; t += 100) {
            gPatchworksNow += 100;
            app.tick(gPatchworksNow);
            answerAll();
        }
    }
    void open() {
        app.start(core::parseRoute("/services/7/syncs/1"), key);
        answerAll();
        app.tick(gPatchworksNow);
        answerAll();
    }
    // The lines held are 1..n exactly, each the line at its position.
    void expectWholeLog(int64_t n) {
        const core::LogStore& store = app.state().log->store;
        ASSERT_EQ(store.firstId(), 1);
        ASSERT_EQ(store.lastId(), n);
        ASSERT_EQ(store.size(), static_cast<size_t>(n));
        for (int64_t id = 1; id <= n; ++id)
            ASSERT_EQ(store.lineById(id).text, "line " + std::to_string(id)) << id;
    }
};

}  // namespace

TEST_F(AppPatchworksTest, EveryPageOfTheRunSearchCountsAgainstTheRequestBudget) {
    server.runsBefore = 250;  // run 1 is on page 3 of the flow's runs
    server.lines = 50;
    app.start(core::parseRoute("/services/7/syncs/1"), key);
    answerAll();
    app.tick(gPatchworksNow);
    const size_t sentBefore = transport.sent.size();
    const int countedBefore = app.scheduler().requestsInWindow(gPatchworksNow);
    answerAll();
    ASSERT_TRUE(app.state().log && app.state().log->sync) << "the run was found";
    const int extra = static_cast<int>(transport.sent.size() - sentBefore);
    EXPECT_EQ(extra, 2);  // pages 2 and 3 of the runs
    EXPECT_EQ(app.scheduler().requestsInWindow(gPatchworksNow), countedBefore + extra);
}

TEST_F(AppPatchworksTest, AnUnchangedLiveLogCostsOnePageOfAFewLinesEvery5s) {
    server.clamp = 5000;  // a server that honours big pages
    server.lines = 3456;
    open();
    expectWholeLog(3456);
    const int requests = server.logRequests;
    const int64_t sent = server.linesSent;
    run(20'000);
    const int refreshes = server.logRequests - requests;
    EXPECT_GE(refreshes, 3);
    EXPECT_LE(refreshes, 5);
    // Pages of 3,456 put page 2 right after the last line held: nothing comes again.
    EXPECT_EQ(server.linesSent, sent);
    expectWholeLog(3456);
}

TEST_F(AppPatchworksTest, LinesAddedWhileOlderPagesAreReadLeaveNoGapOrDuplicate) {
    server.clamp = 100;
    server.lines = 12'345;  // tail first, then 123 older pages back-filled one at a time
    open();
    for (int step = 0; step < 400 && !app.state().log->store.holds(1); ++step) {
        server.lines += 7;  // the running sync writes on while its older pages are read
        run(1000);
    }
    server.running = false;
    run(12'000);  // the last refreshes after the end
    expectWholeLog(server.lines);
}

// --- Issue 14, item 1: line and run order come from the data, never from what was asked -------
//
// A Patchworks server may ignore `sort` on flow-run-logs (Patchworks documents `sort` only for
// flow-runs, on started_at), answer its own order, or refuse the parameter with 400 / 422.

namespace {

std::optional<int64_t> urlParam(const std::string& url, const std::string& name) {
    for (const char* sep : {"?", "&"}) {
        const size_t at = url.find(sep + name + "=");
        if (at != std::string::npos) return std::stoll(url.substr(at + name.size() + 2));
    }
    return std::nullopt;
}
bool hasSort(const std::string& url) {
    return url.find("?sort=") != std::string::npos || url.find("&sort=") != std::string::npos;
}

// A Patchworks server's flow-run-logs of `total` lines (logsAnswer's fixtures: server ids grow with
// the position), answering any URL: pages of per_page clamped to `clamp`.
struct LogServer {
    int total = 250;
    int clamp = 100;
    bool ignoreSort = false;   // answers its own order whatever `sort` says
    bool newestFirst = false;  // its own order (without sort, or ignoring it)
    int rejectSortStatus = 0;  // 400 or 422: refuses any request with a `sort`
    int rejectAllStatus = 0;   // answers every request with this status
    std::pair<int, std::string> operator()(const std::string& url) const {
        if (rejectAllStatus)
            return {rejectAllStatus, R"({"message":"The page must be at least 1."})"};
        if (rejectSortStatus && hasSort(url))
            return {
                rejectSortStatus,
                R"({"message":"Requested sort(s) `-id` is not allowed. Allowed sort(s) are `started_at`.","errors":{"sort":["not allowed"]}})"};
        bool desc = newestFirst;
        if (!ignoreSort && url.find("sort=-id") != std::string::npos) desc = true;
        if (!ignoreSort && url.find("sort=id") != std::string::npos) desc = false;
        const int per = static_cast<int>(std::min<int64_t>(*urlParam(url, "per_page"), clamp));
        const int page = static_cast<int>(*urlParam(url, "page"));
        std::vector<int> positions;
        for (int i = (page - 1) * per; i < page * per && i < total; ++i)
            positions.push_back(desc ? total - i : i + 1);
        return {200, logsAnswer(positions, page, per, total)};
    }
};

struct PatchworksOrderTest : PatchworksBackendTest {
    std::vector<std::string> urls;  // the URLs the last readLogFrom sent

    // Reads the log, answering every request it sends from `server` until it answers.
    core::Answer<core::LogAnswer> readLogFrom(const LogRequest& r, const LogServer& server) {
        std::optional<core::Answer<core::LogAnswer>> got;
        const size_t first = transport.sent.size();
        backend->readLog(key, r, [&](core::Answer<core::LogAnswer> a) { got = std::move(a); });
        for (int guard = 0; !got && !transport.pending.empty() && guard < 10; ++guard) {
            auto [status, body] = server(transport.pending.front().request.url);
            transport.answer(status, body);
        }
        urls.clear();
        for (size_t i = first; i < transport.sent.size(); ++i)
            urls.push_back(transport.sent[i].url);
        EXPECT_TRUE(got) << "no answer";
        EXPECT_TRUE(transport.pending.empty()) << "a request is left waiting";
        return got.value_or(core::Answer<core::LogAnswer>{});
    }
};

std::string logUrl(const std::string& query) {
    return "/core/api/v1/flow-runs/5000030/flow-run-logs?" + query + "&load_payload_ids=true";
}

// Every line is the one at its position: its text, its level, its payload.
void expectLinesAtTheirPositions(const core::LogPage& p) {
    for (const auto& l : p.lines) {
        EXPECT_EQ(l.message, "line " + std::to_string(l.id));
        EXPECT_EQ(l.level, l.id % 10 == 0 ? core::LogLevel::Error : core::LogLevel::Info) << l.id;
        if (l.id % 7 == 0) {
            EXPECT_TRUE(l.payload && l.payload->id == 10000000 + l.id) << "payload on " << l.id;
        } else {
            EXPECT_FALSE(l.payload) << "payload on " << l.id;
        }
    }
}

}  // namespace

TEST_F(PatchworksOrderTest, ATailFromAServerThatIgnoresSortIsReadFromItsLastPage) {
    LogServer server;
    server.ignoreSort = true;  // oldest first, whatever is asked
    auto a = readLogFrom(tail(5000), server);
    ASSERT_FALSE(a.error) << a.error.message;
    // Page 1 came oldest first: the newest lines are on the last page (meta.total / last_page),
    // asked in the server's page size, and without the sort it ignores.
    EXPECT_EQ(urls, (std::vector<std::string>{logUrl("sort=-id&page=1&per_page=5000"),
                                              logUrl("page=3&per_page=100")}));
    EXPECT_EQ(idsOf(a.value.page), ids(201, 250));
    expectLinesAtTheirPositions(a.value.page);
    EXPECT_EQ(a.value.page.lastId, 250);
    EXPECT_FALSE(a.value.page.hasMore);
    EXPECT_EQ(a.followUps, 1);  // counted against the request budget

    // Back-filling and following: the same order, no sort sent again.
    a = readLogFrom(before(201, 5000), server);
    EXPECT_EQ(urls, std::vector<std::string>{logUrl("page=2&per_page=100")});
    EXPECT_EQ(idsOf(a.value.page), ids(101, 200));
    expectLinesAtTheirPositions(a.value.page);
    server.total = 263;
    a = readLogFrom(after(250, 5000), server);
    ASSERT_EQ(urls.size(), 1u);
    EXPECT_FALSE(hasSort(urls[0])) << urls[0];
    EXPECT_EQ(idsOf(a.value.page), ids(251, 263));
    expectLinesAtTheirPositions(a.value.page);
    EXPECT_EQ(a.value.page.lastId, 263);
    EXPECT_FALSE(a.value.page.hasMore);
    // A log opened later (another run) asks page 1 without sort, then its last page.
    a = readLogFrom(tail(5000), server);
    EXPECT_EQ(urls, (std::vector<std::string>{logUrl("page=1&per_page=100"),
                                              logUrl("page=3&per_page=100")}));
    EXPECT_EQ(idsOf(a.value.page), ids(201, 263));
    expectLinesAtTheirPositions(a.value.page);
}

TEST_F(PatchworksOrderTest, AShortLogFromAServerThatIgnoresSortIsNumberedFromItsData) {
    LogServer server;
    server.ignoreSort = true;
    server.total = 40;  // one page: the whole log, oldest first
    const auto a = readLogFrom(tail(5000), server);
    ASSERT_FALSE(a.error) << a.error.message;
    EXPECT_EQ(urls.size(), 1u);
    EXPECT_EQ(idsOf(a.value.page), ids(1, 40));
    expectLinesAtTheirPositions(a.value.page);
    EXPECT_EQ(a.value.page.lastId, 40);
    EXPECT_FALSE(a.value.page.hasMore);
}

TEST_F(PatchworksOrderTest, ASortRefusedWith400Or422IsAskedAgainWithoutItFromThenOn) {
    for (int status : {422, 400}) {
        SCOPED_TRACE(status);
        backend = std::make_unique<api::PatchworksBackend>(transport, "/core/api/v1",
                                                           [](std::function<void()>) {});
        LogServer server;
        server.rejectSortStatus = status;  // its own order is oldest first
        auto a = readLogFrom(tail(5000), server);
        ASSERT_FALSE(a.error) << a.error.message;
        EXPECT_EQ(urls, (std::vector<std::string>{logUrl("sort=-id&page=1&per_page=5000"),
                                                  logUrl("page=1&per_page=5000"),
                                                  logUrl("page=3&per_page=100")}));
        EXPECT_EQ(idsOf(a.value.page), ids(201, 250));
        expectLinesAtTheirPositions(a.value.page);
        EXPECT_EQ(a.followUps, 2);
        a = readLogFrom(before(201, 5000), server);
        EXPECT_EQ(urls, std::vector<std::string>{logUrl("page=2&per_page=100")});
        EXPECT_EQ(idsOf(a.value.page), ids(101, 200));
        server.total = 270;
        a = readLogFrom(after(250, 5000), server);
        ASSERT_EQ(urls.size(), 1u);
        EXPECT_FALSE(hasSort(urls[0])) << urls[0];
        EXPECT_EQ(idsOf(a.value.page), ids(251, 270));
        expectLinesAtTheirPositions(a.value.page);
    }
}

TEST_F(PatchworksOrderTest, A400ThatIsNotAboutSortIsPassedOnAndSortIsKept) {
    LogServer server;
    server.rejectAllStatus = 400;
    const auto a = readLogFrom(tail(5000), server);
    EXPECT_EQ(a.error.status, 400);
    EXPECT_EQ(a.error.message, "The page must be at least 1.");
    EXPECT_EQ(urls.size(), 2u);  // asked once more without sort, in case it was the sort
    server.rejectAllStatus = 0;
    const auto b = readLogFrom(tail(5000), server);
    ASSERT_FALSE(b.error) << b.error.message;
    EXPECT_EQ(urls, std::vector<std::string>{logUrl("sort=-id&page=1&per_page=5000")});
    EXPECT_EQ(idsOf(b.value.page), ids(151, 250));
}

TEST_F(PatchworksOrderTest, AServerThatAnswersNewestFirstWhateverIsAskedIsNumberedFromItsData) {
    LogServer server;
    server.ignoreSort = true;
    server.newestFirst = true;
    auto a = readLogFrom(tail(5000), server);
    ASSERT_FALSE(a.error) << a.error.message;
    EXPECT_EQ(idsOf(a.value.page), ids(151, 250));
    // Asked oldest first, answered newest first: the page still holds lines by their positions.
    a = readLogFrom(before(151, 5000), server);
    ASSERT_FALSE(a.error) << a.error.message;
    EXPECT_EQ(idsOf(a.value.page), ids(51, 150));
    expectLinesAtTheirPositions(a.value.page);
    a = readLogFrom(before(51, 5000), server);
    EXPECT_EQ(idsOf(a.value.page), ids(1, 50));
    expectLinesAtTheirPositions(a.value.page);
    // New lines: the newest page holds them.
    server.total = 262;
    a = readLogFrom(after(250, 5000), server);
    ASSERT_FALSE(a.error) << a.error.message;
    EXPECT_EQ(idsOf(a.value.page), ids(251, 262));
    expectLinesAtTheirPositions(a.value.page);
    EXPECT_FALSE(a.value.page.hasMore);
    // More new lines than a page: the page holding line 263, then the next.
    server.total = 480;
    a = readLogFrom(after(262, 5000), server);
    ASSERT_FALSE(a.error) << a.error.message;
    ASSERT_FALSE(a.value.page.lines.empty());
    EXPECT_EQ(a.value.page.lines.front().id, 263);
    expectLinesAtTheirPositions(a.value.page);
    EXPECT_TRUE(a.value.page.hasMore);
}

namespace {

// A flow's runs 1..count, run n started n minutes after 06:00 (so newest first is count..1),
// paged by 100, in the order a server chose.
struct RunsServer {
    int count = 250;
    bool ignoreSort = false;  // oldest first, whatever is asked
    int rejectSortStatus = 0;
    std::pair<int, std::string> operator()(const std::string& url) const {
        if (rejectSortStatus && hasSort(url))
            return {rejectSortStatus, R"({"message":"The sort is not allowed."})"};
        const bool desc = !ignoreSort && url.find("sort=-started_at") != std::string::npos;
        const int page = static_cast<int>(*urlParam(url, "page"));
        const int per = 100;
        json data = json::array();
        for (int i = (page - 1) * per; i < page * per && i < count; ++i) {
            const int n = desc ? count - i : i + 1;
            data.push_back({{"id", n},
                            {"status", 2},
                            {"trigger", "Schedule"},
                            {"started_at", core::formatIso8601(startOf(n))},
                            {"finished_at", core::formatIso8601(startOf(n) + 30000)},
                            {"duration", 30}});
        }
        return {200, json{{"data", data},
                          {"meta",
                           {{"current_page", page},
                            {"per_page", per},
                            {"total", count},
                            {"last_page", (count + per - 1) / per}}}}
                         .dump()};
    }
    static core::TimeMs startOf(int n) {
        return *core::parseIso8601("2026-11-28T06:00:00.000Z") + int64_t{60000} * n;
    }
};

std::vector<int64_t> runIds(const core::SyncsPage& p) {
    std::vector<int64_t> v;
    for (const auto& s : p.syncs) v.push_back(s.id);
    return v;
}
std::vector<int64_t> down(int from, int to) {
    std::vector<int64_t> v;
    for (int i = from; i >= to; --i) v.push_back(i);
    return v;
}

struct PatchworksRunsOrderTest : PatchworksBackendTest {
    std::vector<std::string> urls;
    core::Answer<core::SyncsPage> listFrom(int page, const RunsServer& server) {
        std::optional<core::Answer<core::SyncsPage>> got;
        const size_t first = transport.sent.size();
        backend->listSyncs(key, 5, 0, page, 100,
                           [&](core::Answer<core::SyncsPage> a) { got = std::move(a); });
        for (int guard = 0; !got && !transport.pending.empty() && guard < 10; ++guard) {
            auto [status, body] = server(transport.pending.front().request.url);
            transport.answer(status, body);
        }
        urls.clear();
        for (size_t i = first; i < transport.sent.size(); ++i)
            urls.push_back(transport.sent[i].url);
        EXPECT_TRUE(got) << "no answer";
        EXPECT_TRUE(transport.pending.empty());
        return got.value_or(core::Answer<core::SyncsPage>{});
    }
    core::Answer<core::Sync> findFrom(int64_t runId, const RunsServer& server) {
        std::optional<core::Answer<core::Sync>> got;
        const size_t first = transport.sent.size();
        backend->getSync(key, 5, runId, [&](core::Answer<core::Sync> a) { got = std::move(a); });
        for (int guard = 0; !got && !transport.pending.empty() && guard < 60; ++guard) {
            auto [status, body] = server(transport.pending.front().request.url);
            transport.answer(status, body);
        }
        urls.clear();
        for (size_t i = first; i < transport.sent.size(); ++i)
            urls.push_back(transport.sent[i].url);
        EXPECT_TRUE(got) << "no answer";
        return got.value_or(core::Answer<core::Sync>{});
    }
};

std::string runsUrl(const std::string& query) {
    return "/core/api/v1/flow-runs?filter%5Bflow_id%5D=5&filter%5Bstarted_after%5D=0&" + query;
}

}  // namespace

TEST_F(PatchworksRunsOrderTest, RunsFromAServerThatIgnoresSortAreGivenNewestFirst) {
    RunsServer server;
    server.ignoreSort = true;
    auto a = listFrom(1, server);
    ASSERT_FALSE(a.error) << a.error.message;
    // Page 1 came oldest first: the newest runs are on the last page.
    EXPECT_EQ(urls, (std::vector<std::string>{runsUrl("sort=-started_at&page=1&per_page=100"),
                                              runsUrl("page=3&per_page=100")}));
    EXPECT_EQ(runIds(a.value), down(250, 201));
    EXPECT_EQ(a.value.meta.lastPage, 3);
    EXPECT_EQ(a.followUps, 1);
    a = listFrom(2, server);
    EXPECT_EQ(urls, std::vector<std::string>{runsUrl("page=2&per_page=100")});
    EXPECT_EQ(runIds(a.value), down(200, 101));
    a = listFrom(3, server);
    EXPECT_EQ(urls, std::vector<std::string>{runsUrl("page=1&per_page=100")});
    EXPECT_EQ(runIds(a.value), down(100, 1));
}

TEST_F(PatchworksRunsOrderTest, ARunsSortRefusedWith422IsAskedAgainWithoutItFromThenOn) {
    RunsServer server;
    server.rejectSortStatus = 422;  // its own order: oldest first
    auto a = listFrom(1, server);
    ASSERT_FALSE(a.error) << a.error.message;
    EXPECT_EQ(urls, (std::vector<std::string>{runsUrl("sort=-started_at&page=1&per_page=100"),
                                              runsUrl("page=1&per_page=100"),
                                              runsUrl("page=3&per_page=100")}));
    EXPECT_EQ(runIds(a.value), down(250, 201));
    EXPECT_EQ(a.followUps, 2);
    a = listFrom(2, server);
    EXPECT_EQ(urls, std::vector<std::string>{runsUrl("page=2&per_page=100")});
    EXPECT_EQ(runIds(a.value), down(200, 101));
    // The run search sends no sort either.
    const auto run = findFrom(230, server);
    ASSERT_FALSE(run.error) << run.error.message;
    EXPECT_EQ(run.value.id, 230);
    for (const auto& u : urls) EXPECT_FALSE(hasSort(u)) << u;
}

TEST_F(PatchworksRunsOrderTest, TheRunSearchOnAServerThatIgnoresSortStartsFromTheNewestPage) {
    RunsServer server;
    server.ignoreSort = true;
    server.count = 5300;  // 53 pages: run 5290 is on page 53, past the search's 50 pages
    const auto run = findFrom(5290, server);
    ASSERT_FALSE(run.error) << run.error.message;
    EXPECT_EQ(run.value.id, 5290);
    ASSERT_EQ(urls.size(), 2u);
    EXPECT_NE(urls[1].find("&page=53&per_page=100"), std::string::npos) << urls[1];
    EXPECT_EQ(run.followUps, 1);
    const auto older = findFrom(5150, server);  // page 52 from the end of page 1's order
    ASSERT_FALSE(older.error) << older.error.message;
    EXPECT_EQ(older.value.id, 5150);
}

// Through the App: a growing log from a server that ignores `sort` or refuses it is held whole,
// in order, each line at its position with its payload, and opens on its newest lines.
namespace {

void expectPayloadsAtTheirLines(const core::LogStore& store) {
    for (int64_t id = store.firstId(); id <= store.lastId(); ++id) {
        const core::LogLineView l = store.lineById(id);
        if (id % 7 == 0) {
            ASSERT_TRUE(l.payload && l.payload->id == 10000000 + id) << "payload on " << id;
        } else {
            ASSERT_FALSE(l.payload) << "payload on " << id;
        }
    }
}

void runGrowingLogFrom(AppPatchworksTest& t) {
    t.server.clamp = 100;
    t.server.lines = 1234;
    t.app.start(core::parseRoute("/services/7/syncs/1"), t.key);
    t.answerAll();
    t.app.tick(gPatchworksNow);
    // The first answers: the newest page, numbered by position.
    ASSERT_TRUE(t.app.state().log);
    const core::LogStore& store = t.app.state().log->store;
    for (int i = 0; i < 20 && store.empty(); ++i) t.run(100);
    ASSERT_FALSE(store.empty());
    EXPECT_EQ(store.lastId(), t.server.lines) << "opens on the newest line";
    EXPECT_EQ(store.lineById(store.lastId()).text, "line " + std::to_string(t.server.lines));
    for (int step = 0; step < 100 && !store.holds(1); ++step) {
        t.server.lines += 3;  // the run writes on while older pages are read
        t.run(1000);
    }
    t.server.lines += 5;
    t.run(6000);  // a live refresh adds the new lines at the bottom
    t.expectWholeLog(t.server.lines);
    expectPayloadsAtTheirLines(store);
    t.server.running = false;
    t.server.lines += 2;
    t.run(12'000);
    t.expectWholeLog(t.server.lines);
}

}  // namespace

TEST_F(AppPatchworksTest, ALogFromAServerThatIgnoresSortIsHeldWholeInOrder) {
    server.ignoreSort = true;
    runGrowingLogFrom(*this);
}

TEST_F(AppPatchworksTest, ALogFromAServerThatRefusesSortWith422IsHeldWholeInOrder) {
    server.rejectSortStatus = 422;
    runGrowingLogFrom(*this);
    // Asked once with sort, then never again.
    int sorted = 0;
    for (const auto& r : transport.sent) sorted += hasSort(r.url) ? 1 : 0;
    EXPECT_LE(sorted, 2);  // the log's first request and the run search's first page
}

TEST_F(AppPatchworksTest, FollowUpLogRequestsCountAgainstTheRequestBudget) {
    server.ignoreSort = true;
    server.lines = 1234;
    app.start(core::parseRoute("/services/7/syncs/1"), key);
    answerAll();
    app.tick(gPatchworksNow);
    const size_t sentBefore = transport.sent.size();
    const int countedBefore = app.scheduler().requestsInWindow(gPatchworksNow);
    answerAll();  // the log's page 1, then its last page, then older pages
    const int extra = static_cast<int>(transport.sent.size() - sentBefore);
    EXPECT_GE(extra, 2);
    EXPECT_EQ(app.scheduler().requestsInWindow(gPatchworksNow), countedBefore + extra);
}

TEST_F(PatchworksOrderTest, ANewestFirstServerWhoseLogGrewIsFollowedToThePageHoldingTheLine) {
    LogServer server;
    server.ignoreSort = true;
    server.newestFirst = true;
    readLogFrom(tail(5000), server);                  // lines 151..250
    auto a = readLogFrom(before(151, 5000), server);  // learns: newest first whatever is asked
    EXPECT_EQ(idsOf(a.value.page), ids(51, 150));
    server.total = 420;  // 170 lines written since: the page planned from 250 holds 101..200
    a = readLogFrom(before(51, 5000), server);
    ASSERT_FALSE(a.error) << a.error.message;
    // The page holding line 50 now: page 4 of 100 down from 420, lines 120..21.
    EXPECT_EQ(idsOf(a.value.page), ids(21, 50));
    expectLinesAtTheirPositions(a.value.page);
    EXPECT_EQ(urls, (std::vector<std::string>{logUrl("page=3&per_page=100"),
                                              logUrl("page=4&per_page=100")}));
    EXPECT_EQ(a.followUps, 1);
    a = readLogFrom(before(21, 5000), server);  // from the length seen last: page 5
    EXPECT_EQ(urls, std::vector<std::string>{logUrl("page=5&per_page=100")});
    EXPECT_EQ(idsOf(a.value.page), ids(1, 20));
    expectLinesAtTheirPositions(a.value.page);
}
