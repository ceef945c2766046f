// Issue 18 point 1: two runs compared. The comparison model (signatures matched by level and
// masked text, classified and ordered, kept as lines arrive), the default run "Compare with…"
// picks, and CompareFeed reading both logs fully with one LogReader per slot (fake transport).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/reference_backend.h"
#include "core/app.h"
#include "core/compare_feed.h"
#include "core/intents.h"
#include "core/log_store.h"
#include "core/signatures.h"
#include "core/state_json.h"
#include "fake_transport.h"

namespace {

using core::LogLevel;
using core::SignatureChange;

core::LogLine line(int64_t id, LogLevel level, std::string message) {
    core::LogLine l;
    l.id = id;
    l.at = 1000 * id;
    l.level = level;
    l.message = std::move(message);
    return l;
}

struct RunLog {
    core::LogStore store;
    core::SignatureIndex index;
    int64_t next = 1;
    void add(LogLevel level, const std::string& message, int times = 1) {
        std::vector<core::LogLine> lines;
        for (int i = 0; i < times; ++i) lines.push_back(line(next++, level, message));
        store.appendBatch(lines);
        index.update(store);
    }
};

const core::ComparedSignature* byText(const core::SignatureComparison& c, const std::string& t) {
    for (const auto& r : c.rows())
        if (r.text == t) return &r;
    return nullptr;
}

}  // namespace

TEST(CompareModel, MatchesByLevelAndMaskedTextClassifiesAndOrders) {
    RunLog a, b;
    a.add(LogLevel::Info, "Pulled 10 orders", 3);  // info lines have no signature
    a.add(LogLevel::Warning, "Slow page 1 of 3", 2);
    a.add(LogLevel::Error, "SKU 'A-1' not found", 3);
    a.add(LogLevel::Warning, "Retrying order 17", 4);
    a.add(LogLevel::Warning, "Rate limited, waiting 5 s");  // the same in both
    a.add(LogLevel::Error, "Timeout after 30 s");           // an error in a, a warning in b
    b.add(LogLevel::Warning, "Retrying order 9", 1);
    b.add(LogLevel::Warning, "Rate limited, waiting 9 s");
    b.add(LogLevel::Warning, "Timeout after 10 s");
    b.add(LogLevel::Error, "Connection reset by peer", 2);
    core::SignatureComparison c;
    EXPECT_TRUE(c.update(&a.index, &b.index));
    const auto& rows = c.rows();
    ASSERT_EQ(rows.size(), 7u);
    // New errors first (most lines first), new warnings, changed, gone (errors first), same.
    EXPECT_EQ(rows[0].text, "SKU '…' not found");
    EXPECT_EQ(rows[0].change, SignatureChange::New);
    EXPECT_EQ(rows[0].countA, 3u);
    EXPECT_EQ(rows[0].countB, 0u);
    EXPECT_EQ(rows[1].text, "Timeout after … s");
    EXPECT_EQ(rows[1].level, LogLevel::Error);
    EXPECT_EQ(rows[1].change, SignatureChange::New);
    EXPECT_EQ(rows[2].text, "Slow page … of …");
    EXPECT_EQ(rows[2].change, SignatureChange::New);
    EXPECT_EQ(rows[3].text, "Retrying order …");
    EXPECT_EQ(rows[3].change, SignatureChange::Changed);
    EXPECT_EQ(rows[3].countA, 4u);
    EXPECT_EQ(rows[3].countB, 1u);
    EXPECT_EQ(rows[4].text, "Connection reset by peer");
    EXPECT_EQ(rows[4].change, SignatureChange::Gone);
    EXPECT_EQ(rows[5].text, "Timeout after … s");  // the warning of b: gone from a
    EXPECT_EQ(rows[5].level, LogLevel::Warning);
    EXPECT_EQ(rows[5].change, SignatureChange::Gone);
    EXPECT_EQ(rows[6].text, "Rate limited, waiting … s");
    EXPECT_EQ(rows[6].change, SignatureChange::Same);
    // Ids: stable, from level and text only; the two "Timeout" rows differ by level.
    EXPECT_EQ(rows[0].id, core::comparedSignatureId(LogLevel::Error, "SKU '…' not found"));
    EXPECT_EQ(rows[0].id.size(), 16u);
    EXPECT_NE(rows[1].id, rows[5].id);
    EXPECT_EQ(c.find(rows[3].id), &rows[3]);
    EXPECT_FALSE(c.update(&a.index, &b.index)) << "nothing changed: nothing recomputed";
}

TEST(CompareModel, UpdatesAsLinesArrive) {
    RunLog a, b;
    core::SignatureComparison c;
    c.update(&a.index, nullptr);  // b not held yet
    EXPECT_TRUE(c.rows().empty());
    a.add(LogLevel::Error, "SKU 'A-1' not found");
    b.add(LogLevel::Error, "SKU 'B-2' not found", 2);
    EXPECT_TRUE(c.update(&a.index, &b.index));
    ASSERT_EQ(c.rows().size(), 1u);
    EXPECT_EQ(c.rows()[0].change, SignatureChange::Changed);
    const std::string id = c.rows()[0].id;
    a.add(LogLevel::Error, "SKU 'C-3' not found");  // a catches up with b
    EXPECT_TRUE(c.update(&a.index, &b.index));
    EXPECT_EQ(c.rows()[0].countA, 2u);
    EXPECT_EQ(c.rows()[0].change, SignatureChange::Same);
    EXPECT_EQ(c.rows()[0].id, id);
    a.add(LogLevel::Warning, "Disk 91% full");  // a new warning goes before the same error
    EXPECT_TRUE(c.update(&a.index, &b.index));
    ASSERT_EQ(c.rows().size(), 2u);
    EXPECT_EQ(c.rows()[0].text, "Disk …% full");
    EXPECT_EQ(byText(c, "SKU '…' not found")->countB, 2u);
}

TEST(CompareModel, DefaultRunIsThePreviousSuccessfulFinishedRun) {
    const auto sync = [](int64_t id, core::SyncStatus st, core::TimeMs started, bool done) {
        core::Sync s;
        s.id = id;
        s.status = st;
        s.startedAt = started;
        s.finishedAt = done ? started + 10 : 0;
        return s;
    };
    using St = core::SyncStatus;
    std::vector<core::Sync> runs = {sync(9, St::Success, 900, true),  // after a
                                    sync(8, St::Partial, 800, true),  // a
                                    sync(7, St::Failed, 700, true),
                                    sync(6, St::Success, 600, true),  // the one
                                    sync(5, St::Success, 500, true)};
    EXPECT_EQ(core::defaultComparedRun(runs, 8, 0), 6);
    EXPECT_EQ(core::defaultComparedRun(runs, 8, 550), 5) << "a's own start, when given, counts";
    EXPECT_EQ(core::defaultComparedRun(runs, 5, 0), 0) << "no earlier success: none";
    runs[3].status = St::Running;
    runs[3].finishedAt = 0;
    EXPECT_EQ(core::defaultComparedRun(runs, 8, 0), 5);
}

// --- CompareFeed: the same reader for two slots
// ---------------------------------------------------

namespace {

core::TimeMs gNow = 1'795'867'200'000;
core::TimeMs clockNow() {
    return gNow;
}

std::string servicesPage() {
    return R"({"data":[{"id":1,"name":"Orders","status":"active","type":"standard"}],
               "meta":{"current_page":1,"per_page":100,"total":1,"last_page":1}})";
}

// Lines [first, last] of a run: every third line an error "SKU '<n>' not found" (run 500 only),
// every fifth a warning "Retrying order <n>".
std::string logPage(int64_t syncId, int64_t first, int64_t last, int64_t lastId,
                    const char* status) {
    nlohmann::json data = nlohmann::json::array();
    for (int64_t id = first; id <= last; ++id) {
        std::string level = "info", message = "Line " + std::to_string(id);
        if (id % 5 == 0) {
            level = "warning";
            message = "Retrying order " + std::to_string(id);
        } else if (syncId == 500 && id % 3 == 0) {
            level = "error";
            message = "SKU '" + std::to_string(id) + "' not found";
        }
        data.push_back({{"id", id},
                        {"at", "2026-11-28T06:00:00.000Z"},
                        {"level", level},
                        {"message", message},
                        {"payload", nullptr}});
    }
    return nlohmann::json{
        {"data", data},
        {"meta", {{"last_id", lastId}, {"has_more", false}, {"sync_status", status}}}}
        .dump();
}

std::string syncJson(int64_t id, const char* status, bool finished) {
    nlohmann::json j = {
        {"id", id},
        {"service_id", 1},
        {"status", status},
        {"trigger", "schedule"},
        {"started_at", "2026-11-28T06:00:00.000Z"},
        {"finished_at", finished ? nlohmann::json("2026-11-28T06:10:00.000Z") : nlohmann::json()},
        {"duration_ms", 600000},
        {"pulled_count", id == 500 ? 50 : 40},
        {"pushed_count", 40},
        {"warning_count", 2},
        {"error_count", id == 500 ? 3 : 0},
        {"summary", "x"}};
    return j.dump();
}

struct CompareApp : ::testing::Test {
    FakeTransport transport;
    api::ReferenceBackend backend{transport, "/api/v1"};
    core::App app{backend, core::AppConfig{}};

    void SetUp() override {
        gNow = 1'795'867'200'000;
        app.setClock(clockNow);
    }
    void answerUrl(const std::string& part, int status, const std::string& body) {
        if (!transport.answerWhere(
                [&](const std::string& url) { return url.find(part) != std::string::npos; }, status,
                body, {}))
            FAIL() << "no pending request for " << part;
    }
    size_t sentTo(const std::string& part, size_t from = 0) const {
        size_t n = 0;
        for (size_t i = from; i < transport.sent.size(); ++i)
            if (transport.sent[i].url.find(part) != std::string::npos) ++n;
        return n;
    }
};

}  // namespace

TEST_F(CompareApp, ReadsBothLogsFullyThroughOneReaderEachAndKeepsTheRunningOneLive) {
    app.start(core::parseRoute("/services/1/syncs/500/compare/400"),
              {"t", core::AuthScheme::Bearer});
    transport.answer(200, servicesPage());
    ASSERT_EQ(app.state().view, core::View::Compare);
    app.tick(gNow);
    // Both runs' headers and tails, through the scheduler.
    EXPECT_EQ(sentTo("/syncs/500/logs?tail="), 1u);
    EXPECT_EQ(sentTo("/syncs/400/logs?tail="), 1u);
    answerUrl("/syncs/500/logs?tail=", 200, logPage(500, 11, 20, 20, "running"));
    answerUrl("/syncs/400/logs?tail=", 200, logPage(400, 6, 12, 12, "success"));
    answerUrl("/syncs/500", 200, syncJson(500, "running", false));
    answerUrl("/syncs/400", 200, syncJson(400, "success", true));
    // Back-fill to the first line, for both slots.
    app.tick(gNow);
    answerUrl("/syncs/500/logs?after_id=0&limit=10", 200, logPage(500, 1, 10, 20, "running"));
    answerUrl("/syncs/400/logs?after_id=0&limit=5", 200, logPage(400, 1, 5, 12, "success"));
    app.tick(gNow);
    const core::CompareState& C = app.state().compare;
    ASSERT_TRUE(C.a && C.b);
    EXPECT_TRUE(C.a->complete());
    EXPECT_TRUE(C.b->complete());
    EXPECT_EQ(C.a->store.size(), 20u);
    EXPECT_EQ(C.b->store.size(), 12u);
    // 500: errors at 3 6 9 12 18 (15 is a warning), warnings at 5 10 15 20; 400: warnings 5 10.
    ASSERT_EQ(C.model.rows().size(), 2u);
    EXPECT_EQ(C.model.rows()[0].text, "SKU '…' not found");
    EXPECT_EQ(C.model.rows()[0].countA, 5u);
    EXPECT_EQ(C.model.rows()[0].countB, 0u);
    EXPECT_EQ(C.model.rows()[1].text, "Retrying order …");
    EXPECT_EQ(C.model.rows()[1].countA, 4u);
    EXPECT_EQ(C.model.rows()[1].countB, 2u);
    const auto state = nlohmann::json::parse(core::stateJson(app.state(), 0, 0, gNow));
    EXPECT_EQ(state["view"], "compare");
    EXPECT_EQ(state["compare"]["a"], 500);
    EXPECT_EQ(state["compare"]["b"], 400);
    EXPECT_EQ(state["compare"]["rows"]["pulled"], nlohmann::json::parse("[50, 40]"));
    EXPECT_EQ(state["compare"]["rows"]["errors"], nlohmann::json::parse("[3, 0]"));
    EXPECT_EQ(state["compare"]["signatures"][0]["countA"], 5);
    EXPECT_EQ(state["compare"]["signatures"][1]["countB"], 2);
    // refreshSeconds later: the running run's new lines (and header), not the finished one's.
    const size_t before = transport.sent.size();
    gNow += 5000;
    app.tick(gNow);
    EXPECT_EQ(sentTo("/syncs/500/logs?after_id=20", before), 1u);
    EXPECT_EQ(sentTo("/syncs/400/logs", before), 0u);
    answerUrl("/syncs/500/logs?after_id=20", 200, logPage(500, 21, 21, 21, "running"));
    app.tick(gNow);
    EXPECT_EQ(app.state().compare.model.rows()[0].countA, 6u) << "line 21 is an error";
}

TEST_F(CompareApp, ASignatureClickedOpensItsRunsLogFilteredToIt) {
    app.start(core::parseRoute("/services/1/syncs/500/compare/400"),
              {"t", core::AuthScheme::Bearer});
    transport.answer(200, servicesPage());
    app.tick(gNow);
    answerUrl("/syncs/500/logs?tail=", 200, logPage(500, 1, 20, 20, "success"));
    answerUrl("/syncs/400/logs?tail=", 200, logPage(400, 1, 12, 12, "success"));
    app.tick(gNow);
    ASSERT_FALSE(app.state().compare.model.rows().empty());
    const core::ComparedSignature sig = app.state().compare.model.rows()[1];  // "Retrying…"
    core::Intents in;
    in.add(core::intent::OpenComparedSignature{1, 400, sig.level, sig.text});
    app.apply(in);
    ASSERT_EQ(app.state().view, core::View::Log);
    app.tick(gNow);
    answerUrl("/syncs/400/logs?tail=", 200, logPage(400, 1, 12, 12, "success"));
    app.tick(gNow);
    const core::LogState& L = *app.state().log;
    ASSERT_NE(L.view.filter().signature, 0u);
    EXPECT_EQ(L.signatures.byId(L.view.filter().signature)->text, sig.text);
    EXPECT_EQ(L.view.shownCount(), sig.countB);
    // Back: the comparison is still held (nothing read again from the start).
    const size_t before = transport.sent.size();
    core::Intents back;
    back.add(core::intent::Navigate{core::parseRoute("/services/1/syncs/500/compare/400")});
    app.apply(back);
    app.tick(gNow);
    EXPECT_EQ(sentTo("tail=", before), 0u);
    EXPECT_EQ(app.state().compare.model.rows().size(), 2u);
}

TEST_F(CompareApp, CompareWithGoesToThePreviousSuccessOrOpensThePicker) {
    app.start(core::parseRoute("/services/1/syncs/500"), {"t", core::AuthScheme::Bearer});
    transport.answer(200, servicesPage());
    app.tick(gNow);
    core::Intents in;
    in.add(core::intent::ComparePicker{true, 1, 500, true});
    app.apply(in);
    EXPECT_FALSE(app.state().compare.picker.open) << "not before the runs are known";
    const auto runs = R"({"data":[
        {"id":500,"service_id":1,"status":"partial","trigger":"schedule","started_at":"2026-11-28T06:00:00.000Z","finished_at":"2026-11-28T06:10:00.000Z"},
        {"id":450,"service_id":1,"status":"failed","trigger":"schedule","started_at":"2026-11-28T05:00:00.000Z","finished_at":"2026-11-28T05:10:00.000Z"},
        {"id":400,"service_id":1,"status":"success","trigger":"schedule","started_at":"2026-11-28T04:00:00.000Z","finished_at":"2026-11-28T04:10:00.000Z"}],
        "meta":{"current_page":1,"per_page":100,"total":3,"last_page":1}})";
    answerUrl("/services/1/syncs?", 200, runs);
    EXPECT_EQ(app.state().view, core::View::Compare);
    EXPECT_EQ(app.state().route.compareId, 400);
    // From run 400 there is no earlier success: the picker opens with the runs.
    core::Intents again;  // (on run 400's log: the picker belongs to the run shown)
    again.add(core::intent::Navigate{core::parseRoute("/services/1/syncs/400")});
    again.add(core::intent::ComparePicker{true, 1, 400, true});
    app.apply(again);
    answerUrl("/services/1/syncs?", 200, runs);
    EXPECT_TRUE(app.state().compare.picker.open);
    EXPECT_EQ(app.state().compare.picker.runs.size(), 3u);
    EXPECT_EQ(app.state().view, core::View::Log) << "nowhere else went to";
    EXPECT_EQ(app.state().route.syncId, 400);
}

// --- review fixes (H1b) --------------------------------------------------------------------------

namespace {
const char* kRuns = R"({"data":[
    {"id":500,"service_id":1,"status":"partial","trigger":"schedule","started_at":"2026-11-28T06:00:00.000Z","finished_at":"2026-11-28T06:10:00.000Z"},
    {"id":400,"service_id":1,"status":"success","trigger":"schedule","started_at":"2026-11-28T04:00:00.000Z","finished_at":"2026-11-28T04:10:00.000Z"}],
    "meta":{"current_page":1,"per_page":100,"total":2,"last_page":1}})";
}  // namespace

TEST_F(CompareApp, TheDefaultPickDoesNotNavigateOnceTheUserHasLeftTheLog) {
    app.start(core::parseRoute("/services/1/syncs/500"), {"t", core::AuthScheme::Bearer});
    transport.answer(200, servicesPage());
    app.tick(gNow);
    core::Intents in;
    in.add(core::intent::ComparePicker{true, 1, 500, true});
    app.apply(in);
    core::Intents back;  // Back to the service before the listing answers
    back.add(core::intent::Navigate{core::parseRoute("/services/1")});
    app.apply(back);
    transport.answerWhere(
        [](const std::string& u) { return u.find("/services/1/syncs?") != std::string::npos; }, 200,
        kRuns);
    EXPECT_EQ(app.state().view, core::View::Summary) << "not pulled into the comparison";
    EXPECT_FALSE(app.state().compare.picker.open);
    EXPECT_FALSE(app.state().compare.picker.loading);
}

TEST_F(CompareApp, ThePickerClosesWhenTheRouteLeavesItsRun) {
    app.start(core::parseRoute("/services/1/syncs/500"), {"t", core::AuthScheme::Bearer});
    transport.answer(200, servicesPage());
    app.tick(gNow);
    core::Intents in;
    in.add(core::intent::ComparePicker{true, 1, 500, false});
    app.apply(in);
    answerUrl("/services/1/syncs?", 200, kRuns);
    ASSERT_TRUE(app.state().compare.picker.open);
    core::Intents other;
    other.add(core::intent::Navigate{core::parseRoute("/services/1/syncs/400")});
    app.apply(other);
    EXPECT_FALSE(app.state().compare.picker.open) << "not titled \"Compare sync #500\" on 400";
}

TEST_F(CompareApp, ComparedLogsAreDroppedWhenTheRouteLeavesTheComparison) {
    app.start(core::parseRoute("/services/1/syncs/500/compare/400"),
              {"t", core::AuthScheme::Bearer});
    transport.answer(200, servicesPage());
    app.tick(gNow);
    answerUrl("/syncs/500/logs?tail=", 200, logPage(500, 1, 20, 20, "success"));
    answerUrl("/syncs/400/logs?tail=", 200, logPage(400, 1, 12, 12, "success"));
    app.tick(gNow);
    ASSERT_TRUE(app.state().compare.a && app.state().compare.b);
    EXPECT_GT(core::heldLogBytes(app.state()), 0u);
    const size_t both =
        app.state().compare.a->store.bytesUsed() + app.state().compare.b->store.bytesUsed();
    EXPECT_EQ(core::heldLogBytes(app.state()), both);
    core::Intents away;
    away.add(core::intent::Navigate{core::parseRoute("/services/1")});
    app.apply(away);
    EXPECT_FALSE(app.state().compare.a);
    EXPECT_FALSE(app.state().compare.b);
    EXPECT_TRUE(app.state().compare.model.rows().empty());
    EXPECT_EQ(core::heldLogBytes(app.state()), 0u);
}

TEST_F(CompareApp, ACompareCappedByTheLogsHeldTogetherSaysSo) {
    core::AppConfig config;
    config.logMemoryLimitMB = 1;
    core::App small{backend, config};
    small.setClock(clockNow);
    small.start(core::parseRoute("/services/1/syncs/500/compare/400"),
                {"t", core::AuthScheme::Bearer});
    transport.answer(200, servicesPage());
    small.tick(gNow);
    // Each tail under the limit alone (about 0.6 MB of lines), both together over it.
    const auto bigTail = [](int64_t syncId) {
        nlohmann::json data = nlohmann::json::array();
        for (int64_t id = 5001; id <= 5600; ++id)
            data.push_back({{"id", id},
                            {"at", "2026-11-28T06:00:00.000Z"},
                            {"level", "info"},
                            {"message", std::string(1000, 'x')},
                            {"payload", nullptr}});
        return nlohmann::json{
            {"data", data},
            {"meta", {{"last_id", 5600}, {"has_more", false}, {"sync_status", "success"}}}}
            .dump();
        (void)syncId;
    };
    transport.answerWhere(
        [](const std::string& u) { return u.find("/syncs/500/logs?tail=") != std::string::npos; },
        200, bigTail(500));
    transport.answerWhere(
        [](const std::string& u) { return u.find("/syncs/400/logs?tail=") != std::string::npos; },
        200, bigTail(400));
    small.tick(gNow);
    const core::CompareState& C = small.state().compare;
    ASSERT_TRUE(C.a && C.b);
    ASSERT_LT(C.a->store.bytesUsed(), 1024u * 1024u);
    EXPECT_TRUE(C.a->capped || C.b->capped) << "the two logs together reach the limit";
    const auto state = nlohmann::json::parse(core::stateJson(small.state(), 0, 0, gNow));
    EXPECT_EQ(state["compare"]["capped"], true);
    EXPECT_EQ(state["compare"]["complete"], false);
}

TEST_F(CompareApp, EachReaderHasItsOwnBackfillTagSoAnotherPageDoesNotEndTheProbe) {
    app.start(core::parseRoute("/services/1/syncs/500/compare/400"),
              {"t", core::AuthScheme::Bearer});
    transport.answer(200, servicesPage());
    app.tick(gNow);
    answerUrl("/syncs/500/logs?tail=", 200, logPage(500, 11, 20, 20, "success"));
    answerUrl("/syncs/400/logs?tail=", 200, logPage(400, 6, 12, 12, "success"));
    answerUrl("/syncs/500", 200, syncJson(500, "success", true));
    answerUrl("/syncs/400", 200, syncJson(400, "success", true));
    app.tick(gNow);
    // Both readers' older pages out; a's refused (429): probing, one request at a time.
    answerUrl("/syncs/500/logs?after_id=0", 429, R"({"message":"slow down"})");
    ASSERT_TRUE(app.scheduler().probing());
    gNow += 120000;
    const size_t before = transport.sent.size();
    app.tick(gNow);
    ASSERT_EQ(sentTo("/syncs/500/logs?after_id=0", before), 1u) << "a's page again: the probe";
    ASSERT_TRUE(app.scheduler().probeInFlight());
    // b's page, sent before the 429, answers: not the probe, so probing goes on.
    answerUrl("/syncs/400/logs?after_id=0", 200, logPage(400, 1, 5, 12, "success"));
    EXPECT_TRUE(app.scheduler().probing());
    EXPECT_TRUE(app.scheduler().probeInFlight()) << "a's probe is still out";
}

TEST_F(CompareApp, ARequestedSignatureFilterDoesNotOutliveItsClick) {
    app.start(core::parseRoute("/services/1/syncs/500/compare/400"),
              {"t", core::AuthScheme::Bearer});
    transport.answer(200, servicesPage());
    app.tick(gNow);
    answerUrl("/syncs/500/logs?tail=", 200, logPage(500, 1, 20, 20, "success"));
    answerUrl("/syncs/400/logs?tail=", 200, logPage(400, 1, 12, 12, "success"));
    app.tick(gNow);
    const core::ComparedSignature sig = app.state().compare.model.rows()[1];  // "Retrying…"
    core::Intents in;
    in.add(core::intent::OpenComparedSignature{1, 400, sig.level, sig.text});
    app.apply(in);
    ASSERT_EQ(app.state().view, core::View::Log);
    core::Intents back;  // Back before that log grouped it
    back.add(core::intent::Navigate{core::parseRoute("/services/1")});
    app.apply(back);
    EXPECT_EQ(app.state().compare.wanted.syncId, 0);
    core::Intents open;  // the same log later, from the summary
    open.add(core::intent::Navigate{core::parseRoute("/services/1/syncs/400")});
    app.apply(open);
    app.tick(gNow);
    transport.answerWhere(
        [](const std::string& u) { return u.find("/syncs/400/logs?tail=") != std::string::npos; },
        200, logPage(400, 1, 12, 12, "success"));
    app.tick(gNow);
    ASSERT_TRUE(app.state().log);
    EXPECT_EQ(app.state().log->view.filter().signature, 0u) << "the old filter is not applied";
}
