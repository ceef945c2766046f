// api::ReferenceBackend over the fake transport: the exact request of every method (URL, method,
// headers, body; the token only ever in the Authorization header), answers decoded into model
// types, ETag and 304 for logs, the Before window's arithmetic, and every error kind kept.
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "api/reference_backend.h"
#include "core/log_store.h"
#include "fake_transport.h"

namespace {

using core::ErrorKind;
using Kind = core::LogRequest::Kind;

const char* kSync =
    R"({"id":1000031,"service_id":1,"status":"success","trigger":"api",)"
    R"("started_at":"2026-11-29T00:07:01.018Z","finished_at":"2026-11-29T00:07:16.438Z",)"
    R"("duration_ms":15420,"pulled_count":138,"pushed_count":138,"warning_count":0,)"
    R"("error_count":0,"summary":"Success: pulled 138, pushed 138","payloads_expire_at":null})";

const char* kDate = "Sun, 29 Nov 2026 00:10:00 GMT";
const core::TimeMs kDateMs = 1795911000000;  // 2026-11-29T00:10:00Z

// A log page of lines first..last (ids), with the given meta.
std::string logPage(int64_t first, int64_t last, int64_t lastId, bool hasMore,
                    const char* status = "running") {
    nlohmann::json data = nlohmann::json::array();
    for (int64_t id = first; id <= last; ++id) {
        data.push_back({{"id", id},
                        {"at", "2026-11-29T00:07:01.018Z"},
                        {"level", "info"},
                        {"message", "line " + std::to_string(id)},
                        {"payload", nullptr}});
    }
    return nlohmann::json{
        {"data", data},
        {"meta", {{"last_id", lastId}, {"has_more", hasMore}, {"sync_status", status}}}}
        .dump();
}

std::string header(const api::HttpRequest& r, const std::string& name) {
    for (const auto& [k, v] : r.headers)
        if (k == name) return v;
    return "<none>";
}

bool hasHeader(const api::HttpRequest& r, const std::string& name) {
    for (const auto& h : r.headers)
        if (h.first == name) return true;
    return false;
}

struct ReferenceBackendTest : ::testing::Test {
    FakeTransport transport;
    api::ReferenceBackend backend{transport, "https://api.example/api/v1"};
    core::Credentials creds{"sEcReT-token", core::AuthScheme::Bearer};

    // The one request sent so far; checks the token is in the header only.
    const api::HttpRequest& only() {
        EXPECT_EQ(transport.sent.size(), 1u);
        const api::HttpRequest& r = transport.sent.back();
        EXPECT_EQ(r.url.find(creds.token), std::string::npos) << r.url;
        return r;
    }

    template <class T>
    static std::function<void(core::Answer<T>)> into(std::optional<core::Answer<T>>& out) {
        return [&out](core::Answer<T> a) {
            EXPECT_FALSE(out.has_value()) << "answered twice";
            out = std::move(a);
        };
    }

    std::optional<core::Answer<core::LogAnswer>> readLog(const core::LogRequest& request) {
        std::optional<core::Answer<core::LogAnswer>> out;
        backend.readLog(creds, request, into(out));
        EXPECT_FALSE(out.has_value()) << "answered inside the call";
        return out;
    }

    static core::LogRequest logRequest(Kind kind, int limit = 5000) {
        core::LogRequest r;
        r.kind = kind;
        r.syncId = 1000031;
        r.serviceId = 1;
        r.limit = limit;
        return r;
    }

    // A sync request answered with `res`; the answer's error.
    core::ApiError syncError(api::HttpResponse res) {
        std::optional<core::Answer<core::Sync>> out;
        backend.getSync(creds, 1, 1000031, into(out));
        transport.answer(std::move(res));
        EXPECT_TRUE(out.has_value());
        return out ? out->error : core::ApiError{};
    }
};

api::HttpResponse response(int status, std::string body, api::Headers headers = {}) {
    api::HttpResponse r;
    r.status = status;
    r.body = std::move(body);
    r.headers = std::move(headers);
    return r;
}

TEST_F(ReferenceBackendTest, CapabilitiesAreAllThere) {
    const core::BackendCapabilities c = backend.capabilities();
    EXPECT_TRUE(c.passwordLogin);
    EXPECT_TRUE(c.syncCounts);
    EXPECT_TRUE(c.transactions);
}

TEST_F(ReferenceBackendTest, ListServicesAsksOnePageAndDecodesIt) {
    std::optional<core::Answer<core::ServicesPage>> out;
    backend.listServices(creds, 2, 100, into(out));
    const api::HttpRequest& r = only();
    EXPECT_EQ(r.method, "GET");
    EXPECT_EQ(r.url, "https://api.example/api/v1/services?page=2&per_page=100");
    EXPECT_EQ(header(r, "Authorization"), "Bearer sEcReT-token");
    EXPECT_EQ(header(r, "Accept"), "application/json");
    EXPECT_FALSE(out.has_value());
    transport.answer(200,
                     R"({"data":[{"id":7,"name":"Shopify orders","status":"active"}],)"
                     R"("meta":{"current_page":2,"per_page":100,"total":101,"last_page":2}})",
                     {{"date", kDate}});
    ASSERT_TRUE(out.has_value());
    EXPECT_FALSE(out->error) << out->error.message;
    EXPECT_EQ(out->serverTime, kDateMs);
    ASSERT_EQ(out->value.services.size(), 1u);
    EXPECT_EQ(out->value.services[0].id, 7);
    EXPECT_EQ(out->value.meta.currentPage, 2);
    EXPECT_EQ(out->value.meta.total, 101);
}

TEST_F(ReferenceBackendTest, ApiKeyIsSentRaw) {
    creds = {"key-123", core::AuthScheme::ApiKey};
    std::optional<core::Answer<core::ServicesPage>> out;
    backend.listServices(creds, 1, 50, into(out));
    EXPECT_EQ(header(only(), "Authorization"), "key-123");
}

TEST_F(ReferenceBackendTest, ListServicesNamesTheBadField) {
    std::optional<core::Answer<core::ServicesPage>> out;
    backend.listServices(creds, 1, 50, into(out));
    transport.answer(200, R"({"data":[{"id":"x","name":"A","status":"active"}]})");
    ASSERT_TRUE(out.has_value());
    EXPECT_EQ(out->error.kind, ErrorKind::BadResponse);
    EXPECT_EQ(out->error.status, 200);
    EXPECT_NE(out->error.message.find("the services list could not be read"), std::string::npos)
        << out->error.message;
    EXPECT_NE(out->error.message.find("id"), std::string::npos) << out->error.message;
}

TEST_F(ReferenceBackendTest, ListSyncsUsesTheWindowSortAndPaging) {
    std::optional<core::Answer<core::SyncsPage>> out;
    backend.listSyncs(creds, 12, 1795824600000, 3, 100, into(out));
    const api::HttpRequest& r = only();
    EXPECT_EQ(r.method, "GET");
    EXPECT_EQ(r.url,
              "https://api.example/api/v1/services/12/syncs?filter%5Bstarted_after%5D=1795824600000"
              "&sort=-started_at&page=3&per_page=100");
    EXPECT_EQ(header(r, "Authorization"), "Bearer sEcReT-token");
    transport.answer(200,
                     std::string(R"({"data":[)") + kSync +
                         R"(],"meta":{"current_page":3,"per_page":100,"total":201,"last_page":3}})",
                     {{"date", kDate}});
    ASSERT_TRUE(out.has_value());
    EXPECT_FALSE(out->error) << out->error.message;
    EXPECT_EQ(out->serverTime, kDateMs);
    ASSERT_EQ(out->value.syncs.size(), 1u);
    EXPECT_EQ(out->value.syncs[0].id, 1000031);
    EXPECT_EQ(out->value.syncs[0].pulledCount, 138);
    EXPECT_EQ(out->value.meta.lastPage, 3);
}

TEST_F(ReferenceBackendTest, GetSyncAsksTheSyncAndDecodesIt) {
    std::optional<core::Answer<core::Sync>> out;
    backend.getSync(creds, 1, 1000031, into(out));
    EXPECT_EQ(only().url, "https://api.example/api/v1/syncs/1000031");
    transport.answer(200, kSync);
    ASSERT_TRUE(out.has_value());
    EXPECT_FALSE(out->error) << out->error.message;
    EXPECT_EQ(out->value.id, 1000031);
    EXPECT_EQ(out->value.status, core::SyncStatus::Success);
    EXPECT_EQ(out->value.durationMs, 15420);
}

TEST_F(ReferenceBackendTest, GetSyncNamesTheMissingField) {
    std::optional<core::Answer<core::Sync>> out;
    backend.getSync(creds, 1, 1000031, into(out));
    transport.answer(200, R"({"id":1000031,"service_id":1,"trigger":"api"})");
    ASSERT_TRUE(out.has_value());
    EXPECT_EQ(out->error.kind, ErrorKind::BadResponse);
    EXPECT_NE(out->error.message.find("the sync could not be read"), std::string::npos)
        << out->error.message;
    EXPECT_NE(out->error.message.find("status"), std::string::npos) << out->error.message;
}

TEST_F(ReferenceBackendTest, TransactionsAskHourlyBucketsInTheRange) {
    std::optional<core::Answer<std::vector<core::TransactionBucket>>> out;
    backend.transactions(creds, 4, 1795824000000, 1795910400000, into(out));
    EXPECT_EQ(only().url,
              "https://api.example/api/v1/services/4/transactions?from=1795824000000"
              "&to=1795910400000&bucket=hour");
    transport.answer(200, R"([{"bucket_start":"2026-11-28T00:00:00.000Z","pulled":50,"pushed":48,)"
                          R"("failed":2},{"bucket_start":"2026-11-28T01:00:00.000Z","pulled":0,)"
                          R"("pushed":0,"failed":0}])");
    ASSERT_TRUE(out.has_value());
    EXPECT_FALSE(out->error) << out->error.message;
    ASSERT_EQ(out->value.size(), 2u);
    EXPECT_EQ(out->value[0].pulled, 50);
    EXPECT_EQ(out->value[0].pushed, 48);
    EXPECT_EQ(out->value[0].failed, 2);
    EXPECT_EQ(out->value[1].bucketStart - out->value[0].bucketStart, 3600000);
}

TEST_F(ReferenceBackendTest, TransactionsThatAreNotAListAreABadResponse) {
    std::optional<core::Answer<std::vector<core::TransactionBucket>>> out;
    backend.transactions(creds, 4, 0, 1, into(out));
    transport.answer(200, R"({"message":"ok"})");
    ASSERT_TRUE(out.has_value());
    EXPECT_EQ(out->error.kind, ErrorKind::BadResponse);
    EXPECT_NE(out->error.message.find("the transactions could not be read"), std::string::npos)
        << out->error.message;
}

// --- logs -----------------------------------------------------------------------------------

TEST_F(ReferenceBackendTest, TailAsksTheNewestLinesInOneRequest) {
    auto out = readLog(logRequest(Kind::Tail, 5000));
    const api::HttpRequest& r = only();
    EXPECT_EQ(r.url, "https://api.example/api/v1/syncs/1000031/logs?tail=5000");
    EXPECT_EQ(header(r, "Authorization"), "Bearer sEcReT-token");
    EXPECT_FALSE(hasHeader(r, "If-None-Match"));
    std::optional<core::Answer<core::LogAnswer>> answer;
    backend.readLog(creds, logRequest(Kind::Tail, 3), into(answer));
    EXPECT_EQ(transport.sent.back().url, "https://api.example/api/v1/syncs/1000031/logs?tail=3");
    transport.answer(200, logPage(1, 5000, 12000, false));
    transport.answer(200, logPage(11998, 12000, 12000, false, "success"),
                     {{"etag", "\"1000031-12000-success-tail3\""}, {"date", kDate}});
    ASSERT_TRUE(answer.has_value());
    EXPECT_FALSE(answer->error) << answer->error.message;
    EXPECT_EQ(answer->serverTime, kDateMs);
    EXPECT_FALSE(answer->value.notModified);
    EXPECT_EQ(answer->value.etag, "\"1000031-12000-success-tail3\"");
    const core::LogPage& page = answer->value.page;
    ASSERT_EQ(page.lines.size(), 3u);
    EXPECT_EQ(page.lines.front().id, 11998);
    EXPECT_EQ(page.lines.back().id, 12000);
    EXPECT_EQ(page.lines.back().message, "line 12000");
    EXPECT_EQ(page.lastId, 12000);
    EXPECT_EQ(page.syncStatus, core::SyncStatus::Success);
}

TEST_F(ReferenceBackendTest, LimitIsClampedToOneTo5000) {
    readLog(logRequest(Kind::Tail, 0));
    readLog(logRequest(Kind::Tail, 100000));
    auto after = logRequest(Kind::After, -7);
    after.afterId = 10;
    readLog(after);
    ASSERT_EQ(transport.sent.size(), 3u);
    EXPECT_EQ(transport.sent[0].url, "https://api.example/api/v1/syncs/1000031/logs?tail=1");
    EXPECT_EQ(transport.sent[1].url, "https://api.example/api/v1/syncs/1000031/logs?tail=5000");
    EXPECT_EQ(transport.sent[2].url,
              "https://api.example/api/v1/syncs/1000031/logs?after_id=10&limit=1");
}

TEST_F(ReferenceBackendTest, AfterSendsTheEtagAndReadsTheNewOne) {
    auto request = logRequest(Kind::After, 5000);
    request.afterId = 366;
    request.etag = "\"2000100-366-running-366-5000\"";
    std::optional<core::Answer<core::LogAnswer>> out;
    backend.readLog(creds, request, into(out));
    const api::HttpRequest& r = only();
    EXPECT_EQ(r.url, "https://api.example/api/v1/syncs/1000031/logs?after_id=366&limit=5000");
    EXPECT_EQ(header(r, "If-None-Match"), "\"2000100-366-running-366-5000\"");
    EXPECT_EQ(header(r, "Authorization"), "Bearer sEcReT-token");
    transport.answer(200, logPage(367, 368, 368, false),
                     {{"etag", "\"2000100-368-running-366-5000\""}});
    ASSERT_TRUE(out.has_value());
    EXPECT_FALSE(out->error) << out->error.message;
    EXPECT_FALSE(out->value.notModified);
    EXPECT_EQ(out->value.etag, "\"2000100-368-running-366-5000\"");
    ASSERT_EQ(out->value.page.lines.size(), 2u);
    EXPECT_EQ(out->value.page.lines[0].id, 367);
    EXPECT_EQ(out->value.page.lastId, 368);
    EXPECT_EQ(out->value.page.syncStatus, core::SyncStatus::Running);
}

TEST_F(ReferenceBackendTest, AfterWithoutAnEtagSendsNoIfNoneMatch) {
    auto request = logRequest(Kind::After, 1000);
    request.afterId = 0;
    readLog(request);
    EXPECT_EQ(only().url, "https://api.example/api/v1/syncs/1000031/logs?after_id=0&limit=1000");
    EXPECT_FALSE(hasHeader(only(), "If-None-Match"));
}

TEST_F(ReferenceBackendTest, NotModifiedKeepsTheEtagAndAnEmptyPage) {
    auto request = logRequest(Kind::After);
    request.afterId = 366;
    request.etag = "\"tag-1\"";
    std::optional<core::Answer<core::LogAnswer>> out;
    backend.readLog(creds, request, into(out));
    transport.answer(304, "", {{"date", kDate}});  // no ETag header: the request's stays
    ASSERT_TRUE(out.has_value());
    EXPECT_FALSE(out->error) << out->error.message;
    EXPECT_TRUE(out->value.notModified);
    EXPECT_EQ(out->value.etag, "\"tag-1\"");
    EXPECT_TRUE(out->value.page.lines.empty());
    EXPECT_EQ(out->serverTime, kDateMs);

    std::optional<core::Answer<core::LogAnswer>> again;
    backend.readLog(creds, request, into(again));
    transport.answer(304, "", {{"etag", "W/\"tag-1\""}});  // the 304's own ETag wins
    ASSERT_TRUE(again.has_value());
    EXPECT_FALSE(again->error);
    EXPECT_TRUE(again->value.notModified);
    EXPECT_EQ(again->value.etag, "W/\"tag-1\"");
}

TEST_F(ReferenceBackendTest, BeforeAsksTheWindowJustBelowBeforeId) {
    auto request = logRequest(Kind::Before, 5000);
    request.beforeId = 12000;
    request.etag = "\"ignored\"";
    std::optional<core::Answer<core::LogAnswer>> out;
    backend.readLog(creds, request, into(out));
    const api::HttpRequest& r = only();
    EXPECT_EQ(r.url, "https://api.example/api/v1/syncs/1000031/logs?after_id=6999&limit=5000");
    EXPECT_FALSE(hasHeader(r, "If-None-Match"));
    transport.answer(200, logPage(7000, 11999, 12000, true, "success"));
    ASSERT_TRUE(out.has_value());
    EXPECT_FALSE(out->error) << out->error.message;
    ASSERT_EQ(out->value.page.lines.size(), 5000u);
    EXPECT_EQ(out->value.page.lines.front().id, 7000);
    EXPECT_EQ(out->value.page.lines.back().id, 11999);
    EXPECT_EQ(out->value.page.lastId, 12000);

    request.beforeId = 300;
    readLog(request);
    EXPECT_EQ(transport.sent.back().url,
              "https://api.example/api/v1/syncs/1000031/logs?after_id=0&limit=299");

    request.beforeId = 2;
    request.limit = 1;
    readLog(request);
    EXPECT_EQ(transport.sent.back().url,
              "https://api.example/api/v1/syncs/1000031/logs?after_id=0&limit=1");

    request.beforeId = 5001;
    request.limit = 5000;
    readLog(request);
    EXPECT_EQ(transport.sent.back().url,
              "https://api.example/api/v1/syncs/1000031/logs?after_id=0&limit=5000");
}

// Issue 20: back-fill pages bigger than the JSON's 5,000 lines ask for the bulk lines form (up to
// 100,000 lines), and its answer is decoded into the same LogAnswer.
TEST_F(ReferenceBackendTest, BeforeInBulkAsksTheLinesFormAndDecodesIt) {
    EXPECT_EQ(backend.capabilities().bulkLogLines, 50000);
    auto request = logRequest(Kind::Before, 50000);
    request.beforeId = 120001;
    std::optional<core::Answer<core::LogAnswer>> out;
    backend.readLog(creds, request, into(out));
    EXPECT_EQ(
        only().url,
        "https://api.example/api/v1/syncs/1000031/logs?after_id=70000&limit=50000&format=lines");
    std::string body = "syncscope-log-lines 1 3 200000 1 success\n";
    for (int id = 69999; id <= 70001; ++id)
        body += std::to_string(id) + "\t1795847400000\terror\tline " + std::to_string(id) + "\t\n";
    transport.answer(200, body, {{"content-type", "text/plain; charset=utf-8"}});
    ASSERT_TRUE(out.has_value());
    EXPECT_FALSE(out->error) << out->error.message;
    // Packed straight into a store (issue 20, memory), the lines older than beforeId only.
    EXPECT_TRUE(out->value.page.lines.empty());
    ASSERT_NE(out->value.page.packed, nullptr);
    const core::LogStore& packed = *out->value.page.packed;
    ASSERT_EQ(packed.size(), 3u);
    EXPECT_EQ(packed.firstId(), 69999);
    EXPECT_EQ(packed.line(2).text, "line 70001");
    EXPECT_EQ(packed.line(2).level, core::LogLevel::Error);
    EXPECT_EQ(out->value.page.lastId, 200000);
    // A server that answers lines at or past beforeId: they are not kept.
    std::optional<core::Answer<core::LogAnswer>> past;
    request.beforeId = 70001;
    backend.readLog(creds, request, into(past));
    transport.answer(200, body, {{"content-type", "text/plain; charset=utf-8"}});
    ASSERT_TRUE(past.has_value());
    ASSERT_NE(past->value.page.packed, nullptr);
    EXPECT_EQ(past->value.page.packed->size(), 2u);
    EXPECT_EQ(past->value.page.packed->lastId(), 70000);

    request.beforeId = 400000;
    request.limit = 200000;  // clamped to the bulk form's largest
    readLog(request);
    EXPECT_EQ(
        transport.sent.back().url,
        "https://api.example/api/v1/syncs/1000031/logs?after_id=299999&limit=100000&format=lines");
    transport.pending.clear();  // left unanswered

    std::optional<core::Answer<core::LogAnswer>> cut;
    request.beforeId = 120001;
    request.limit = 50000;
    backend.readLog(creds, request, into(cut));
    transport.answer(200,
                     "syncscope-log-lines 1 3 200000 1 success\n70000\t1795847400000\tinfo\ta\t\n");
    ASSERT_TRUE(cut.has_value());
    EXPECT_TRUE(cut->error);
    EXPECT_NE(cut->error.message.find("cut short"), std::string::npos) << cut->error.message;
}

// Nothing is older than line 1: a server that answers such a Before in the lines form anyway
// gives no lines (the packed decoder's "keep below" is 1, never 0, which would keep them all).
TEST_F(ReferenceBackendTest, BeforeLineOneAnsweredInTheLinesFormGivesNoLines) {
    auto request = logRequest(Kind::Before, 50000);
    request.beforeId = 0;  // (1 as well: the same request)
    std::optional<core::Answer<core::LogAnswer>> out;
    backend.readLog(creds, request, into(out));
    EXPECT_EQ(only().url, "https://api.example/api/v1/syncs/1000031/logs?after_id=0&limit=1");
    transport.answer(200, "syncscope-log-lines 1 1 9 1 running\n1\t1795847400000\tinfo\ta\t\n");
    ASSERT_TRUE(out.has_value());
    EXPECT_FALSE(out->error) << out->error.message;
    EXPECT_TRUE(out->value.page.lines.empty());
    ASSERT_NE(out->value.page.packed, nullptr);
    EXPECT_EQ(out->value.page.packed->size(), 0u);
    EXPECT_EQ(out->value.page.lastId, 9);
}

TEST_F(ReferenceBackendTest, BeforeNeverAnswersLinesAtOrPastBeforeId) {
    auto request = logRequest(Kind::Before, 10);
    request.beforeId = 21;
    std::optional<core::Answer<core::LogAnswer>> out;
    backend.readLog(creds, request, into(out));
    EXPECT_EQ(only().url, "https://api.example/api/v1/syncs/1000031/logs?after_id=10&limit=10");
    transport.answer(200, logPage(11, 22, 30, true));  // a server that answered too much
    ASSERT_TRUE(out.has_value());
    ASSERT_EQ(out->value.page.lines.size(), 10u);
    EXPECT_EQ(out->value.page.lines.back().id, 20);
}

TEST_F(ReferenceBackendTest, BeforeLineOneGoesThroughTheTransportAndAnswersNoLines) {
    auto request = logRequest(Kind::Before, 5000);
    request.beforeId = 1;
    std::optional<core::Answer<core::LogAnswer>> out;
    backend.readLog(creds, request, into(out));
    EXPECT_FALSE(out.has_value()) << "answered inside the call";
    EXPECT_EQ(only().url, "https://api.example/api/v1/syncs/1000031/logs?after_id=0&limit=1");
    transport.answer(200, logPage(1, 1, 40, true));
    ASSERT_TRUE(out.has_value());
    EXPECT_FALSE(out->error) << out->error.message;
    EXPECT_TRUE(out->value.page.lines.empty());
    EXPECT_EQ(out->value.page.lastId, 40);

    request.beforeId = 0;
    readLog(request);
    EXPECT_EQ(transport.sent.back().url,
              "https://api.example/api/v1/syncs/1000031/logs?after_id=0&limit=1");
}

TEST_F(ReferenceBackendTest, MalformedLogPageIsABadResponseNamingTheField) {
    std::optional<core::Answer<core::LogAnswer>> out;
    backend.readLog(creds, logRequest(Kind::Tail), into(out));
    transport.answer(200, R"({"data":[{"id":1,"at":"yesterday","level":"info","message":"m"}]})",
                     {{"etag", "\"x\""}});
    ASSERT_TRUE(out.has_value());
    EXPECT_EQ(out->error.kind, ErrorKind::BadResponse);
    EXPECT_NE(out->error.message.find("the sync's log could not be read"), std::string::npos)
        << out->error.message;
    EXPECT_NE(out->error.message.find("at"), std::string::npos) << out->error.message;
    EXPECT_TRUE(out->value.page.lines.empty());
}

TEST_F(ReferenceBackendTest, LogErrorsKeepTheirKind) {
    std::optional<core::Answer<core::LogAnswer>> out;
    backend.readLog(creds, logRequest(Kind::Tail), into(out));
    transport.answer(404, R"({"message":"Sync 1000031 not found."})");
    ASSERT_TRUE(out.has_value());
    EXPECT_EQ(out->error.kind, ErrorKind::NotFound);
    EXPECT_EQ(out->error.message, "Sync 1000031 not found.");
    EXPECT_FALSE(out->value.notModified);
}

// --- payloads ---------------------------------------------------------------------------------

TEST_F(ReferenceBackendTest, DownloadPayloadKeepsBytesTypeAndFileName) {
    std::optional<core::Answer<core::PayloadFile>> out;
    backend.downloadPayload(creds, 10000031, into(out));
    const api::HttpRequest& r = only();
    EXPECT_EQ(r.method, "GET");
    EXPECT_EQ(r.url, "https://api.example/api/v1/payloads/10000031");
    EXPECT_EQ(header(r, "Accept"), "*/*");
    EXPECT_EQ(header(r, "Authorization"), "Bearer sEcReT-token");
    const std::string bytes("{\"a\":1}\n\0\xff", 10);
    transport.answer(
        200, bytes,
        {{"content-type", "application/json"},
         {"content-disposition", "attachment; filename=\"pull-1000003-products.json\""},
         {"date", kDate}});
    ASSERT_TRUE(out.has_value());
    EXPECT_FALSE(out->error) << out->error.message;
    EXPECT_EQ(out->serverTime, kDateMs);
    EXPECT_EQ(out->value.id, 10000031);
    EXPECT_EQ(out->value.bytes, bytes);
    EXPECT_EQ(out->value.contentType, "application/json");
    EXPECT_EQ(out->value.fileName, "pull-1000003-products.json");
}

TEST_F(ReferenceBackendTest, DownloadPayloadWithoutADispositionIsNamedByItsId) {
    std::optional<core::Answer<core::PayloadFile>> out;
    backend.downloadPayload(creds, 42, into(out));
    transport.answer(200, "a,b\n1,2\n", {{"content-type", "text/csv; charset=utf-8"}});
    ASSERT_TRUE(out.has_value());
    EXPECT_EQ(out->value.fileName, "payload-42");
    EXPECT_EQ(out->value.contentType, "text/csv; charset=utf-8");
    EXPECT_EQ(out->value.bytes, "a,b\n1,2\n");
}

// Issue 13 item 5: the preview asks for the first 16 MB only (core::kPayloadPreviewBytes); a 206
// says how big the whole file is; a server that ignores Range is cut to the cap; an empty file
// (416, "bytes */0") is an empty file; Download asks for the whole file with the same headers.
TEST_F(ReferenceBackendTest, DownloadPayloadAsksForThePreviewsFirstBytesOnly) {
    std::optional<core::Answer<core::PayloadFile>> out;
    backend.downloadPayload(creds, 7, into(out));
    EXPECT_EQ(header(only(), "Range"), "bytes=0-16777215");
    EXPECT_EQ(core::kPayloadPreviewBytes, 16 * 1024 * 1024);
    transport.answer(
        206, "[{\"id\":1},",
        {{"content-range", "bytes 0-16777215/146800640"}, {"content-type", "application/json"}});
    ASSERT_TRUE(out.has_value());
    EXPECT_FALSE(out->error) << out->error.message;
    EXPECT_EQ(out->value.bytes, "[{\"id\":1},");
    EXPECT_EQ(out->value.totalBytes, 146800640);
    EXPECT_TRUE(out->value.capped());
}

TEST_F(ReferenceBackendTest, APayloadUnderTheCapIsWholeWhetherTheServerSlicedItOrNot) {
    std::optional<core::Answer<core::PayloadFile>> out;
    backend.downloadPayload(creds, 7, into(out));
    transport.answer(206, "abc", {{"content-range", "bytes 0-2/3"}});
    ASSERT_TRUE(out.has_value());
    EXPECT_EQ(out->value.bytes, "abc");
    EXPECT_EQ(out->value.totalBytes, 3);
    EXPECT_FALSE(out->value.capped());
    out.reset();
    backend.downloadPayload(creds, 8, into(out));
    transport.answer(200, "abcd");
    ASSERT_TRUE(out.has_value());
    EXPECT_EQ(out->value.totalBytes, 4);
    EXPECT_FALSE(out->value.capped());
}

TEST_F(ReferenceBackendTest, AServerThatIgnoresRangeIsCutToTheCap) {
    std::optional<core::Answer<core::PayloadFile>> out;
    backend.downloadPayload(creds, 7, into(out));
    std::string big(static_cast<size_t>(core::kPayloadPreviewBytes) + 5, 'x');
    transport.answer(200, std::move(big));
    ASSERT_TRUE(out.has_value());
    EXPECT_EQ(out->value.bytes.size(), static_cast<size_t>(core::kPayloadPreviewBytes));
    EXPECT_EQ(out->value.totalBytes, core::kPayloadPreviewBytes + 5);
    EXPECT_TRUE(out->value.capped());
}

TEST_F(ReferenceBackendTest, AnEmptyPayloadAnswersRangeWith416AndIsEmpty) {
    std::optional<core::Answer<core::PayloadFile>> out;
    backend.downloadPayload(creds, 7, into(out));
    transport.answer(416, "", {{"content-range", "bytes */0"}});
    ASSERT_TRUE(out.has_value());
    EXPECT_FALSE(out->error) << out->error.message;
    EXPECT_EQ(out->value.bytes, "");
    EXPECT_EQ(out->value.totalBytes, 0);
    out.reset();
    backend.downloadPayload(creds, 7, into(out));
    transport.answer(416, "", {{"content-range", "bytes */99"}});  // not empty: a real 416
    ASSERT_TRUE(out.has_value());
    EXPECT_TRUE(out->error);
}

TEST_F(ReferenceBackendTest, TheWholeFilesRequestIsTheSameGetWithoutRange) {
    const core::HttpGet g = backend.payloadDownload(creds, 10000031);
    EXPECT_EQ(g.url, "https://api.example/api/v1/payloads/10000031");
    ASSERT_EQ(g.headers.size(), 2u);
    EXPECT_EQ(g.headers[0].first, "Authorization");
    EXPECT_EQ(g.headers[0].second, "Bearer sEcReT-token");
    EXPECT_EQ(g.headers[1], (std::pair<std::string, std::string>{"Accept", "*/*"}));
}

TEST_F(ReferenceBackendTest, ExpiredPayloadIsGone) {
    std::optional<core::Answer<core::PayloadFile>> out;
    backend.downloadPayload(creds, 10000031, into(out));
    transport.answer(410, R"({"message":"The payload file expired at 2026-11-29T01:14:44.388Z."})");
    ASSERT_TRUE(out.has_value());
    EXPECT_EQ(out->error.kind, ErrorKind::Gone);
    EXPECT_EQ(out->error.status, 410);
    EXPECT_EQ(out->error.message, "The payload file expired at 2026-11-29T01:14:44.388Z.");
    EXPECT_TRUE(out->value.bytes.empty());
}

// --- login ------------------------------------------------------------------------------------

TEST_F(ReferenceBackendTest, LoginPostsJsonWithoutAuthorization) {
    std::optional<core::Answer<core::Session>> out;
    backend.login("demo@syncscope.example", "p\"w\\d", into(out));
    ASSERT_EQ(transport.sent.size(), 1u);
    const api::HttpRequest& r = transport.sent[0];
    EXPECT_EQ(r.method, "POST");
    EXPECT_EQ(r.url, "https://api.example/api/v1/login");
    EXPECT_EQ(header(r, "Content-Type"), "application/json");
    EXPECT_EQ(header(r, "Accept"), "application/json");
    EXPECT_FALSE(hasHeader(r, "Authorization"));
    const auto body = nlohmann::json::parse(r.body, nullptr, false);
    ASSERT_TRUE(body.is_object()) << r.body;
    EXPECT_EQ(body.size(), 2u);
    EXPECT_EQ(body.value("email", ""), "demo@syncscope.example");
    EXPECT_EQ(body.value("password", ""), "p\"w\\d");
    EXPECT_FALSE(out.has_value());
    transport.answer(200, R"({"token":"ss_abc","expires_in":3600})", {{"date", kDate}});
    ASSERT_TRUE(out.has_value());
    EXPECT_FALSE(out->error) << out->error.message;
    EXPECT_EQ(out->serverTime, kDateMs);
    EXPECT_EQ(out->value.token, "ss_abc");
    EXPECT_EQ(out->value.expiresInSeconds, 3600);
}

TEST_F(ReferenceBackendTest, LoginWithInvalidUtf8StillSendsJson) {
    std::optional<core::Answer<core::Session>> out;
    backend.login("a\xff@example.com", "pw", into(out));
    ASSERT_EQ(transport.sent.size(), 1u);
    const auto body = nlohmann::json::parse(transport.sent[0].body, nullptr, false);
    ASSERT_TRUE(body.is_object()) << transport.sent[0].body;
    EXPECT_EQ(body.value("password", ""), "pw");
}

TEST_F(ReferenceBackendTest, LoginErrors) {
    std::optional<core::Answer<core::Session>> refused;
    backend.login("demo@syncscope.example", "wrong", into(refused));
    transport.answer(401, R"({"message":"These credentials do not match our records."})");
    ASSERT_TRUE(refused.has_value());
    EXPECT_EQ(refused->error.kind, ErrorKind::Unauthorized);
    EXPECT_EQ(refused->error.message, "These credentials do not match our records.");
    EXPECT_TRUE(refused->value.token.empty());

    std::optional<core::Answer<core::Session>> noToken;
    backend.login("demo@syncscope.example", "demo", into(noToken));
    transport.answer(200, R"({"expires_in":3600})");
    ASSERT_TRUE(noToken.has_value());
    EXPECT_EQ(noToken->error.kind, ErrorKind::BadResponse);
    EXPECT_NE(noToken->error.message.find("the login answer could not be read"), std::string::npos)
        << noToken->error.message;
    EXPECT_NE(noToken->error.message.find("token"), std::string::npos) << noToken->error.message;
    EXPECT_TRUE(noToken->value.token.empty());

    std::optional<core::Answer<core::Session>> invalid;
    backend.login("", "", into(invalid));
    transport.answer(422, R"({"message":"The email field is required.","errors":{}})");
    ASSERT_TRUE(invalid.has_value());
    EXPECT_EQ(invalid->error.kind, ErrorKind::BadRequest);
    EXPECT_EQ(invalid->error.status, 422);
}

// --- errors -----------------------------------------------------------------------------------

TEST_F(ReferenceBackendTest, EachHttpErrorKeepsItsKind) {
    core::ApiError e = syncError(response(401, R"({"message":"Unauthenticated."})"));
    EXPECT_EQ(e.kind, ErrorKind::Unauthorized);
    EXPECT_EQ(e.status, 401);
    EXPECT_EQ(e.message, "Unauthenticated.");

    e = syncError(response(410, ""));
    EXPECT_EQ(e.kind, ErrorKind::Gone);

    e = syncError(response(404, R"({"message":"Sync 1000031 not found."})"));
    EXPECT_EQ(e.kind, ErrorKind::NotFound);
    EXPECT_EQ(e.message, "Sync 1000031 not found.");

    e = syncError(response(429, R"({"message":"Too Many Attempts."})", {{"retry-after", "17"}}));
    EXPECT_EQ(e.kind, ErrorKind::RateLimited);
    EXPECT_EQ(e.retryAfterSeconds, 17);

    e = syncError(response(500, "<html>oops</html>"));
    EXPECT_EQ(e.kind, ErrorKind::Server);
    EXPECT_EQ(e.status, 500);
    EXPECT_FALSE(e.message.empty());

    e = syncError(response(400, R"({"message":"The sync id must be an integer."})"));
    EXPECT_EQ(e.kind, ErrorKind::BadRequest);

    e = syncError(response(200, "{\"id\":1000031,"));
    EXPECT_EQ(e.kind, ErrorKind::BadResponse);
    EXPECT_EQ(e.status, 200);
    EXPECT_NE(e.message.find("the sync could not be read"), std::string::npos) << e.message;
}

TEST_F(ReferenceBackendTest, TransportFailuresAreNetworkOrTimeout) {
    std::optional<core::Answer<core::SyncsPage>> down;
    backend.listSyncs(creds, 1, 0, 1, 100, into(down));
    transport.fail(api::TransportError::Network);
    ASSERT_TRUE(down.has_value());
    EXPECT_EQ(down->error.kind, ErrorKind::Network);
    EXPECT_EQ(down->serverTime, 0);

    std::optional<core::Answer<core::LogAnswer>> slow;
    backend.readLog(creds, logRequest(Kind::Tail), into(slow));
    transport.fail(api::TransportError::Timeout);
    ASSERT_TRUE(slow.has_value());
    EXPECT_EQ(slow->error.kind, ErrorKind::Timeout);
}

TEST_F(ReferenceBackendTest, ErrorsOfEveryMethodKeepTheirKind) {
    std::optional<core::Answer<core::ServicesPage>> services;
    std::optional<core::Answer<core::SyncsPage>> syncs;
    std::optional<core::Answer<std::vector<core::TransactionBucket>>> buckets;
    std::optional<core::Answer<core::LogAnswer>> log;
    std::optional<core::Answer<core::PayloadFile>> payload;
    backend.listServices(creds, 1, 100, into(services));
    backend.listSyncs(creds, 1, 0, 1, 100, into(syncs));
    backend.transactions(creds, 1, 0, 1, into(buckets));
    backend.readLog(creds, logRequest(Kind::After), into(log));
    backend.downloadPayload(creds, 5, into(payload));
    transport.answer(401, "");
    transport.answer(429, "", {{"retry-after", "30"}});
    transport.answer(503, "", {{"retry-after", "5"}});
    transport.answer(401, R"({"message":"Unauthenticated: the token has expired."})");
    transport.answer(404, "");
    ASSERT_TRUE(services && syncs && buckets && log && payload);
    EXPECT_EQ(services->error.kind, ErrorKind::Unauthorized);
    EXPECT_EQ(syncs->error.kind, ErrorKind::RateLimited);
    EXPECT_EQ(syncs->error.retryAfterSeconds, 30);
    EXPECT_EQ(buckets->error.kind, ErrorKind::Server);
    EXPECT_EQ(buckets->error.retryAfterSeconds, 5);
    EXPECT_EQ(log->error.kind, ErrorKind::Unauthorized);
    EXPECT_EQ(log->error.message, "Unauthenticated: the token has expired.");
    EXPECT_EQ(payload->error.kind, ErrorKind::NotFound);
}

TEST_F(ReferenceBackendTest, TheTokenIsNeverInAnyUrl) {
    std::optional<core::Answer<core::ServicesPage>> a;
    std::optional<core::Answer<core::SyncsPage>> b;
    std::optional<core::Answer<core::Sync>> c;
    std::optional<core::Answer<std::vector<core::TransactionBucket>>> d;
    std::optional<core::Answer<core::LogAnswer>> e;
    std::optional<core::Answer<core::PayloadFile>> f;
    std::optional<core::Answer<core::Session>> g;
    backend.listServices(creds, 1, 100, into(a));
    backend.listSyncs(creds, 1, 0, 1, 100, into(b));
    backend.getSync(creds, 1, 2, into(c));
    backend.transactions(creds, 1, 0, 1, into(d));
    backend.readLog(creds, logRequest(Kind::Before), into(e));
    backend.downloadPayload(creds, 5, into(f));
    backend.login("demo@syncscope.example", "demo", into(g));
    ASSERT_EQ(transport.sent.size(), 7u);
    for (const api::HttpRequest& r : transport.sent) {
        EXPECT_EQ(r.url.find(creds.token), std::string::npos) << r.url;
        EXPECT_EQ(r.url.rfind("https://api.example/api/v1/", 0), 0u) << r.url;
    }
    EXPECT_FALSE(a || b || c || d || e || f || g) << "nothing answers inside the call";
}

}  // namespace
