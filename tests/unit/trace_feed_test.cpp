// tests/unit/trace_feed_test.cpp — issue 19: the run's payload files fetched once for a trace
// and for pull against push (core/trace_feed.h), through the App over a fake transport; an
// expired file named as expired.
#include <gtest/gtest.h>

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

nlohmann::json payload(int64_t id, const char* kind, const char* name, const char* type) {
    return {{"id", id},         {"kind", kind},         {"file_name", name},
            {"size_bytes", 10}, {"content_type", type}, {"expires_at", "2026-11-29T06:00:00.000Z"}};
}

// `nameless`: a 9th line stores file 44 with no name (as a Patchworks Core line leaves it).
std::string logPage(bool nameless = false) {
    const char* messages[] = {"Sync started",
                              "Connected",
                              "Pulled page 1 of 1 of products from Shopify: 2 records",
                              "Mapped 2 products",
                              "Custom script 'normalise-products.js' transformed 2 records",
                              "SKU 'CAP-2' not found in NetSuite; record 2 of batch 1 skipped",
                              "Pushed 1 of 2 products to NetSuite (batch 1)",
                              "Sync finished with 1 records skipped: pulled 2, pushed 1 in 9 s"};
    nlohmann::json data = nlohmann::json::array();
    const int64_t last = nameless ? 9 : 8;
    for (int64_t id = 1; id <= last; ++id) {
        nlohmann::json line = {{"id", id},
                               {"at", "2026-11-28T06:00:00.000Z"},
                               {"level", id == 6 ? "warning" : "info"},
                               {"message", id <= 8 ? messages[id - 1] : "Pushed the rest"},
                               {"payload", nullptr}};
        if (id == 3)
            line["payload"] = payload(31, "pull", "pull-5-products.json", "application/json");
        if (id == 5)
            line["payload"] =
                payload(33, "custom_script", "custom-script-5-products.json", "application/json");
        if (id == 7) line["payload"] = payload(32, "push", "push-5-products.csv", "text/csv");
        if (id == 9) line["payload"] = payload(44, "pull", "", "");
        data.push_back(line);
    }
    return nlohmann::json{
        {"data", data},
        {"meta", {{"last_id", last}, {"has_more", false}, {"sync_status", "partial"}}}}
        .dump();
}

struct Harness {
    FakeTransport transport;
    api::ReferenceBackend backend{transport, "/api/v1"};
    core::App app{backend, core::AppConfig{}};

    explicit Harness(bool nameless = false, const std::string& page = {}) {
        gNow = 1'795'867'200'000;
        app.setClock(clockNow);
        app.start(core::parseRoute("/services/1/syncs/500"), {"t", core::AuthScheme::Bearer});
        transport.answer(200, R"({"data":[{"id":1,"name":"P","status":"active","type":"standard"}],
               "meta":{"current_page":1,"per_page":100,"total":1,"last_page":1}})");
        app.tick(gNow);
        answer("/syncs/500/logs?tail=", 200, page.empty() ? logPage(nameless) : page);
        answer("/syncs/500", 200,
               R"({"id":500,"service_id":1,"status":"partial","trigger":"manual",
               "started_at":"2026-11-28T06:00:00.000Z","finished_at":"2026-11-28T06:00:09.000Z",
               "duration_ms":9000,"pulled_count":2,"pushed_count":1,"warning_count":1,
               "error_count":0,"summary":"Partial"})");
    }
    void answer(const std::string& part, int status, const std::string& body,
                api::Headers headers = {}) {
        if (!transport.answerWhere(
                [&](const std::string& url) { return url.find(part) != std::string::npos; }, status,
                body, std::move(headers)))
            FAIL() << "no pending request for " << part;
    }
    size_t sent(const std::string& part) const {
        size_t n = 0;
        for (const auto& r : transport.sent) n += r.url.find(part) != std::string::npos ? 1 : 0;
        return n;
    }
    // The intent, then a tick: the files go out through the scheduler.
    void trace(core::intent::Trace::Op op, std::string value = {}) {
        core::Intents in;
        in.add(core::intent::Trace{op, std::move(value)});
        app.apply(in);
        app.tick(gNow);
    }
};

// A finished run whose lines 1…n each store a pull file (ids 101…100+n).
std::string manyFilesPage(int n) {
    nlohmann::json data = nlohmann::json::array();
    for (int id = 1; id <= n; ++id) {
        const std::string name = "pull-5-products-batch-" + std::to_string(id) + ".json";
        data.push_back({{"id", id},
                        {"at", "2026-11-28T06:00:00.000Z"},
                        {"level", "info"},
                        {"message", "Pulled batch " + std::to_string(id)},
                        {"payload", payload(100 + id, "pull", name.c_str(), "application/json")}});
    }
    return nlohmann::json{
        {"data", data}, {"meta", {{"last_id", n}, {"has_more", false}, {"sync_status", "success"}}}}
        .dump();
}

struct ManyFiles : Harness {
    explicit ManyFiles(int n) : Harness(false, manyFilesPage(n)) {}
    void read(int64_t fileId, int status = 200, api::Headers headers = {}) {
        answer("/payloads/" + std::to_string(fileId), status,
               status == 200 ? R"([{"sku":"A-)" + std::to_string(fileId) + R"("}])"
                             : R"({"message":"no"})",
               headers.empty() && status == 200 ? api::Headers{{"content-type", "application/json"}}
                                                : std::move(headers));
    }
};

TEST(TraceFeed, FetchesTheRunsFilesOnceAndTracesARecordToTheLineThatSkippedIt) {
    Harness t;
    ASSERT_TRUE(t.app.state().log && t.app.state().log->complete());
    t.trace(core::intent::Trace::Op::Run, "cap-2");
    EXPECT_EQ(t.app.state().trace.loading(), 3u);
    t.answer("/payloads/31", 200, R"({"data":[{"sku":"MUG-1"},{"sku":"CAP-2"}]})",
             {{"content-type", "application/json"}});
    t.answer("/payloads/33", 200, R"([{"sku":"MUG-1"},{"sku":"CAP-2"}])",
             {{"content-type", "application/json"}});
    t.answer("/payloads/32", 200, "sku\nMUG-1\n", {{"content-type", "text/csv"}});
    const core::TraceState& s = t.app.state().trace;
    ASSERT_TRUE(s.result);
    ASSERT_EQ(s.result->steps.size(), 3u);
    EXPECT_EQ(s.result->steps[0].fileId, 31);
    EXPECT_EQ(s.result->steps[0].record, 2);
    EXPECT_EQ(s.result->steps[1].fileId, 33);
    EXPECT_EQ(s.result->steps[2].line, 6);
    EXPECT_EQ(s.result->missing, std::vector<core::TraceKind>{core::TraceKind::Push});
    // Pull against push is not computed until it is asked for (review fix 1).
    EXPECT_FALSE(s.diff);
    // Another value: the files are not fetched again.
    t.trace(core::intent::Trace::Op::Run, "MUG-1");
    EXPECT_EQ(t.sent("/payloads/"), 3u);
    EXPECT_TRUE(t.app.state().trace.result->missing.empty());
    // Pull against push: the record not pushed, by the automatic key.
    t.trace(core::intent::Trace::Op::Compare);
    ASSERT_TRUE(s.diff);
    EXPECT_EQ(s.diff->key, "sku");
    EXPECT_EQ(s.diff->missing, std::vector<std::string>{"CAP-2"});
    EXPECT_EQ(s.diff->text, "1 not pushed: record with sku CAP-2");
    t.trace(core::intent::Trace::Op::Close);
    EXPECT_FALSE(s.open);
}

TEST(TraceFeed, AnExpiredFileIsNamedAsExpiredNeverSkipped) {
    Harness t;
    t.trace(core::intent::Trace::Op::Run, "CAP-2");
    t.answer("/payloads/31", 410, R"({"message":"The payload file expired"})");
    t.answer("/payloads/33", 200, R"([{"sku":"CAP-2"}])", {{"content-type", "application/json"}});
    t.answer("/payloads/32", 200, "sku\nMUG-1\n", {{"content-type", "text/csv"}});
    const core::TraceState& s = t.app.state().trace;
    ASSERT_TRUE(s.result);
    ASSERT_EQ(s.result->unreadable, std::vector<std::string>{"pull-5-products.json expired"});
    EXPECT_NE(s.result->text.find("pull-5-products.json expired"), std::string::npos);
    // The trace still follows the files it has; pull against push says why it cannot.
    EXPECT_EQ(s.result->steps[0].fileId, 33);
    t.trace(core::intent::Trace::Op::Compare);
    ASSERT_TRUE(s.diff);
    EXPECT_TRUE(s.diff->missing.empty());
    EXPECT_NE(s.diff->error.find("pull-5-products.json expired"), std::string::npos);
}

}  // namespace

namespace {

// A Patchworks Core line names neither the file nor its kind: the answer's Content-Disposition
// names both (a reference line without a file name stands in for it here).
TEST(TraceFeed, AFileWithoutANameOnItsLineTakesTheAnswersNameAndKind) {
    Harness t(true);
    t.trace(core::intent::Trace::Op::Run, "CAP-2");
    t.answer("/payloads/44", 200, "sku\nCAP-2\n",
             {{"content-type", "text/csv"},
              {"content-disposition", "attachment; filename=\"push-5-products-batch-2.csv\""}});
    const core::TraceState& s = t.app.state().trace;
    const auto& f = s.files.back();
    EXPECT_EQ(f.ref.fileName, "push-5-products-batch-2.csv");
    EXPECT_EQ(f.ref.kind, core::PayloadKind::Push);
    ASSERT_TRUE(s.result);
    bool pushed = false;
    for (const auto& step : s.result->steps)
        pushed = pushed || (step.kind == core::TraceKind::Push && step.fileId == 44);
    EXPECT_TRUE(pushed);
    // Pull against push: CAP-2 went out in the batch's second push file (review fix 3).
    t.answer("/payloads/31", 200, R"({"data":[{"sku":"MUG-1"},{"sku":"CAP-2"}]})",
             {{"content-type", "application/json"}});
    t.answer("/payloads/33", 200, R"([{"sku":"MUG-1"},{"sku":"CAP-2"}])",
             {{"content-type", "application/json"}});
    t.answer("/payloads/32", 200, "sku\nMUG-1\n", {{"content-type", "text/csv"}});
    t.trace(core::intent::Trace::Op::Compare);
    ASSERT_TRUE(s.diff);
    EXPECT_TRUE(s.diff->missing.empty()) << s.diff->text;
    EXPECT_EQ(s.diff->pushed, 2);
}

}  // namespace

namespace {

// Issue 19: "the run's payload files are fetched once, through the normal budget". They went out
// all at once, outside the scheduler: a 429 held nothing and a 503 lost the file for good.
TEST(TraceFeed, FilesGoFourAtATimeAndWaitOutA429ThenEveryOneIsRead) {
    ManyFiles t(6);
    t.trace(core::intent::Trace::Op::Run, "A-106");
    EXPECT_EQ(t.sent("/payloads/"), 4u);  // at most kTraceFilesAtOnce in flight
    EXPECT_EQ(t.app.state().trace.loading(), 6u);
    t.read(101, 429, {{"retry-after", "10"}});
    t.read(102);
    gNow += 5'000;
    t.app.tick(gNow);
    EXPECT_EQ(t.sent("/payloads/"), 4u) << "nothing starts during the 429's hold";
    t.read(103);
    t.read(104);
    gNow += 6'000;  // the hold is over: one request first, the rest once it is answered
    t.app.tick(gNow);
    EXPECT_EQ(t.sent("/payloads/"), 5u);
    ASSERT_EQ(t.transport.pending.size(), 1u);
    for (int i = 0; i < 10 && !t.transport.pending.empty(); ++i) {
        const std::string url = t.transport.pending.front().request.url;
        t.read(std::stoll(url.substr(url.find("/payloads/") + 10)));
        t.app.tick(gNow);
    }
    EXPECT_EQ(t.sent("/payloads/"), 7u);  // six files, one of them twice
    const core::TraceState& s = t.app.state().trace;
    EXPECT_EQ(s.loading(), 0u);
    for (const auto& f : s.files) EXPECT_TRUE(f.records) << f.ref.fileName << " " << f.problem;
    ASSERT_TRUE(s.result);
    ASSERT_FALSE(s.result->steps.empty());
    EXPECT_EQ(s.result->steps[0].fileId, 106);
    EXPECT_TRUE(s.result->unreadable.empty());
}

TEST(TraceFeed, AServerErrorIsRetriedAndAMissingFileIsNamedAndNotAskedAgain) {
    ManyFiles t(2);
    t.trace(core::intent::Trace::Op::Run, "A-101");
    t.read(101, 503);
    t.read(102, 404);
    const core::TraceState& s = t.app.state().trace;
    EXPECT_EQ(s.loading(), 1u);
    ASSERT_TRUE(s.result);
    ASSERT_EQ(s.result->unreadable.size(), 2u);
    EXPECT_NE(s.result->unreadable[0].find("retrying"), std::string::npos)
        << s.result->unreadable[0];
    EXPECT_EQ(s.result->unreadable[1], "pull-5-products-batch-2.json not found");
    gNow += 5'000;
    t.app.tick(gNow);
    t.read(101);
    EXPECT_EQ(t.sent("/payloads/101"), 2u);
    EXPECT_EQ(t.sent("/payloads/102"), 1u);
    gNow += 60'000;
    t.app.tick(gNow);
    EXPECT_EQ(t.sent("/payloads/"), 3u);
    EXPECT_EQ(s.loading(), 0u);
    ASSERT_FALSE(s.result->steps.empty());
    EXPECT_EQ(s.result->steps[0].fileId, 101);
}

TEST(TraceFeed, ARunWithMoreFilesThanACapNamesTheRestAsNotRead) {
    ManyFiles t(static_cast<int>(core::kTraceMaxFiles) + 2);
    t.trace(core::intent::Trace::Op::Run, "A-101");
    const core::TraceState& s = t.app.state().trace;
    ASSERT_EQ(s.files.size(), core::kTraceMaxFiles + 2);
    EXPECT_EQ(s.loading(), core::kTraceMaxFiles);
    EXPECT_NE(s.files.back().problem.find("not read"), std::string::npos);
    ASSERT_TRUE(s.result);
    EXPECT_EQ(s.result->unreadable.size(), core::kTraceMaxFiles + 2);  // 300 loading, 2 not read
}

}  // namespace
