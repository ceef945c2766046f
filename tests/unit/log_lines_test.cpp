// tests/unit/log_lines_test.cpp — the reference API's bulk "lines" form of a log page (issue 20,
// docs/api.md "Logs in bulk"): what the demo server writes (server/demo_data.cpp,
// append_log_line_tsv) decodes (api::decodeLogLines) to the same lines as the JSON page of the same
// lines, escapes and payloads included; and hostile bodies — numbers sent as strings, fields
// missing, a truncated body, a lying header — are errors naming the line, never a crash or a
// silently short page.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "../../server/demo_data.h"
#include "api/reference_decode.h"
#include "core/log_store.h"

namespace {

using namespace syncscope::demo;

constexpr std::int64_t kNow = 1795847400000;  // 2026-11-28T06:30:00.000Z

// The same lines of `plan` as the JSON page and as the lines form, as the server writes them.
struct Written {
    std::string json;
    std::string lines;
};
Written write(const SyncPlan& plan, const SyncState& state, std::int64_t last_id) {
    Written w;
    w.json = "{\"data\":[";
    w.lines = "syncscope-log-lines 1 " + std::to_string(plan.lines.size()) + " " +
              std::to_string(last_id) + " 0 " + to_string(state.status) + "\n";
    for (std::size_t i = 0; i < plan.lines.size(); ++i) {
        if (i > 0) w.json += ',';
        append_log_line_json(w.json, plan, state, plan.lines[i], static_cast<std::int64_t>(i) + 1);
        append_log_line_tsv(w.lines, plan, state, plan.lines[i], static_cast<std::int64_t>(i) + 1);
    }
    w.json += "],\"meta\":{\"last_id\":" + std::to_string(last_id) +
              ",\"has_more\":false,\"sync_status\":\"" + to_string(state.status) + "\"}}";
    return w;
}

void expectSameLines(const core::LogPage& a, const core::LogPage& b) {
    ASSERT_EQ(a.lines.size(), b.lines.size());
    for (std::size_t i = 0; i < a.lines.size(); ++i) {
        const core::LogLine& x = a.lines[i];
        const core::LogLine& y = b.lines[i];
        EXPECT_EQ(x.id, y.id);
        EXPECT_EQ(x.at, y.at);
        EXPECT_EQ(x.level, y.level);
        EXPECT_EQ(x.message, y.message) << "line " << x.id;
        ASSERT_EQ(x.payload.has_value(), y.payload.has_value()) << "line " << x.id;
        if (x.payload) {
            EXPECT_EQ(x.payload->id, y.payload->id);
            EXPECT_EQ(x.payload->kind, y.payload->kind);
            EXPECT_EQ(x.payload->fileName, y.payload->fileName);
            EXPECT_EQ(x.payload->sizeBytes, y.payload->sizeBytes);
            EXPECT_EQ(x.payload->contentType, y.payload->contentType);
            EXPECT_EQ(x.payload->expiresAt, y.payload->expiresAt);
        }
    }
    EXPECT_EQ(a.lastId, b.lastId);
    EXPECT_EQ(a.hasMore, b.hasMore);
    EXPECT_EQ(a.syncStatus, b.syncStatus);
}

// The packed decode (decodeLogLinesPacked: straight into a store, issue 20) holds exactly the lines
// the plain decode gives, with the same meta.
void expectPackedSame(const std::string& body, const core::LogPage& plain) {
    const api::Decoded<core::LogPage> d = api::decodeLogLinesPacked(body);
    ASSERT_EQ(d.error, "");
    ASSERT_NE(d.value.packed, nullptr);
    EXPECT_TRUE(d.value.lines.empty());
    const core::LogStore& s = *d.value.packed;
    ASSERT_EQ(s.size(), plain.lines.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        const core::LogLineView v = s.line(i);
        const core::LogLine& l = plain.lines[i];
        EXPECT_EQ(v.id, l.id);
        EXPECT_EQ(v.at, l.at);
        EXPECT_EQ(v.level, l.level);
        EXPECT_EQ(v.text, l.message) << "line " << l.id;
        ASSERT_EQ(v.payload != nullptr, l.payload.has_value()) << "line " << l.id;
        if (v.payload) {
            EXPECT_EQ(v.payload->id, l.payload->id);
            EXPECT_EQ(v.payload->fileName, l.payload->fileName);
            EXPECT_EQ(v.payload->expiresAt, l.payload->expiresAt);
        }
    }
    EXPECT_EQ(d.value.lastId, plain.lastId);
    EXPECT_EQ(d.value.hasMore, plain.hasMore);
    EXPECT_EQ(d.value.syncStatus, plain.syncStatus);
}

TEST(LogLinesForm, TheServersLinesDecodeAsItsJsonPageEscapesPayloadsAndBadUtf8Included) {
    SyncPlan plan;
    plan.id = 3000007;
    plan.service_id = 3;
    plan.trigger = SyncTrigger::Manual;
    plan.started_at_ms = kNow;
    plan.finished_at_ms = kNow + 10000;
    plan.outcome = SyncStatus::Success;
    plan.summary = "Success";
    const char* messages[] = {
        "plain",
        "tab \t newline \n return \r backslash \\ and \\t as text",
        "quote \" bell \a → ü 日本",
        "bad UTF-8: \xff\xfe and a cut \xe2\x82",
        "",
        "ends in a backslash \\",
    };
    std::int64_t at = kNow;
    for (const char* m : messages) {
        LogLine l;
        l.at_ms = (at += 1234);
        l.level = static_cast<LogLevel>(plan.lines.size() % 4);
        l.message = m;
        plan.lines.push_back(l);
    }
    plan.lines[1].payload = 0;
    plan.lines[3].payload = 1;
    plan.payloads.push_back(
        {30000071, PayloadKind::Pull, "pull \"a\".json", "application/json", "{}", kNow + 1000});
    plan.payloads.push_back(
        {30000072, PayloadKind::CustomScript, "s.csv", "text/csv", "a,b\n", kNow + 3000});
    const SyncState done = sync_state(plan, kNow + 60000);
    const Written w = write(plan, done, 6);

    const api::Decoded<core::LogPage> lines = api::decodeLogLines(w.lines);
    ASSERT_EQ(lines.error, "");
    const api::Decoded<core::LogPage> json = api::decodeLogPage(w.json);
    ASSERT_EQ(json.error, "");
    expectSameLines(lines.value, json.value);
    EXPECT_EQ(lines.value.lines[1].message, messages[1]);
    EXPECT_EQ(lines.value.lines[3].message,
              "bad UTF-8: \xEF\xBF\xBD\xEF\xBF\xBD and a cut \xEF\xBF\xBD\xEF\xBF\xBD");
    // decodeLogPage reads the form by its header.
    const api::Decoded<core::LogPage> either = api::decodeLogPage(w.lines);
    ASSERT_EQ(either.error, "");
    expectSameLines(either.value, json.value);
    expectPackedSame(w.lines, lines.value);
}

TEST(LogLinesForm, ASimulatedDaysFinishedSyncsDecodeAsTheirJson) {
    SimulationConfig c;
    c.seed = 3;
    c.start_ms = kNow;
    Simulation sim(c);
    const std::int64_t now = sim.advance_to(kNow + 5 * 60 * 1000);
    int checked = 0;
    int withPayloads = 0;
    for (const auto& plan : sim.all_syncs(now)) {
        const SyncState state = sync_state(*plan, now);
        if (state.status == SyncStatus::Running || plan->lines.empty()) continue;
        const Written w = write(*plan, state, state.line_count);
        const api::Decoded<core::LogPage> lines = api::decodeLogLines(w.lines);
        const api::Decoded<core::LogPage> json = api::decodeLogPage(w.json);
        ASSERT_EQ(lines.error, "") << plan->id;
        ASSERT_EQ(json.error, "") << plan->id;
        expectSameLines(lines.value, json.value);
        expectPackedSame(w.lines, lines.value);
        ++checked;
        if (!plan->payloads.empty()) ++withPayloads;
        if (checked >= 60) break;
    }
    EXPECT_GE(checked, 20);
    EXPECT_GE(withPayloads, 1);
}

const std::string kHeader = "syncscope-log-lines 1 2 90 1 running\n";

TEST(LogLinesForm, AGoodPage) {
    const auto d = api::decodeLogLines(kHeader + "41\t1795847400000\twarning\ta\\tb\t\n" +
                                       "42\t1795847400001\tWARN\tc\t" +
                                       R"({"id":7,"kind":"push","file_name":"p.json"})" + "\n");
    ASSERT_EQ(d.error, "");
    ASSERT_EQ(d.value.lines.size(), 2u);
    EXPECT_EQ(d.value.lines[0].id, 41);
    EXPECT_EQ(d.value.lines[0].at, 1795847400000);
    EXPECT_EQ(d.value.lines[0].level, core::LogLevel::Warning);
    EXPECT_EQ(d.value.lines[0].message, "a\tb");
    EXPECT_EQ(d.value.lines[1].level, core::LogLevel::Warning);
    ASSERT_TRUE(d.value.lines[1].payload.has_value());
    EXPECT_EQ(d.value.lines[1].payload->id, 7);
    EXPECT_EQ(d.value.lines[1].payload->kind, core::PayloadKind::Push);
    EXPECT_EQ(d.value.lastId, 90);
    EXPECT_TRUE(d.value.hasMore);
    EXPECT_EQ(d.value.syncStatus, core::SyncStatus::Running);
}

TEST(LogLinesForm, AnEmptyPage) {
    const auto d = api::decodeLogLines("syncscope-log-lines 1 0 0 0 success\n");
    ASSERT_EQ(d.error, "");
    EXPECT_TRUE(d.value.lines.empty());
    EXPECT_EQ(d.value.syncStatus, core::SyncStatus::Success);
}

// Packed for a request of lines before an id, only the lines older than it are kept (the page is
// still read whole: a bad line after them is still an error).
TEST(LogLinesForm, PackedKeepsOnlyTheLinesBeforeTheIdAsked) {
    const std::string body =
        "syncscope-log-lines 1 3 90 1 running\n"
        "41\t1795847400000\tinfo\ta\t\n"
        "42\t1795847400001\terror\tb\t{\"id\":7,\"kind\":\"pull\"}\n"
        "43\t1795847400002\tinfo\tc\t\n";
    const auto d = api::decodeLogLinesPacked(body, 43);
    ASSERT_EQ(d.error, "");
    ASSERT_NE(d.value.packed, nullptr);
    const core::LogStore& s = *d.value.packed;
    ASSERT_EQ(s.size(), 2u);
    EXPECT_EQ(s.firstId(), 41);
    EXPECT_EQ(s.lastId(), 42);
    EXPECT_EQ(s.line(1).text, "b");
    ASSERT_NE(s.line(1).payload, nullptr);
    EXPECT_EQ(s.line(1).payload->id, 7);
    EXPECT_EQ(s.levelCount(core::LogLevel::Error), 1u);
    EXPECT_EQ(d.value.lastId, 90);  // the page's meta, whatever was kept
    EXPECT_EQ(d.value.meta.total, 3);
    EXPECT_EQ(api::decodeLogLinesPacked(body, 41).value.packed->size(), 0u);
    const auto cut = api::decodeLogLinesPacked(body.substr(0, body.size() - 1), 43);
    EXPECT_NE(cut.error.find("line 3: payload: field missing"), std::string::npos) << cut.error;
    EXPECT_EQ(cut.value.packed, nullptr);
}

// Each hostile body is an error naming where, with no lines kept.
TEST(LogLinesForm, HostileBodiesAreErrorsNamingTheLine) {
    const std::string good1 = "41\t1795847400000\tinfo\ta\t\n";
    const std::string good2 = "42\t1795847400001\tinfo\tb\t\n";
    const struct {
        std::string body;
        const char* error;
    } cases[] = {
        // numbers as strings, signs, exponents, too many digits
        {kHeader + "\"41\"\t1795847400000\tinfo\ta\t\n" + good2, "line 1: id: expected a number"},
        {kHeader + good1 + "42\t\"1795847400001\"\tinfo\tb\t\n", "line 2: at: expected Unix"},
        {kHeader + "-41\t1\tinfo\ta\t\n" + good2, "line 1: id: expected a number"},
        {kHeader + good1 + "42\t1e12\tinfo\tb\t\n", "line 2: at: expected Unix"},
        {kHeader + "99999999999999999999\t1\tinfo\ta\t\n" + good2, "line 1: id: expected"},
        {kHeader + "0\t1\tinfo\ta\t\n" + good2, "line 1: id: expected a number"},
        // fields missing
        {kHeader + "41\t1795847400000\tinfo\ta\n" + good2, "line 1: message: field missing"},
        {kHeader + "41\t1795847400000\n" + good2, "line 1: at: field missing"},
        {kHeader + "\n" + good2, "line 1: id: field missing"},
        // truncated bodies: cut in a line, cut at a line's end, header only
        {kHeader + good1 + "42\t17958474", "line 2: at: field missing"},
        {kHeader + good1 + "42\t1795847400001\tinfo\tb\t", "line 2: payload: field missing"},
        {kHeader + good1, "line 2: the body ends after 1 of 2 lines"},
        {kHeader, "line 1: the body ends after 0 of 2 lines"},
        {"syncscope-log-lines 1 2 90 1 running", "no header line"},
        {"", "no header line"},
        // more lines than the header says, lines out of order
        {kHeader + good1 + good2 + good2, "line 3: more lines than the header's 2"},
        {kHeader + good2 + good1, "line 2: id 41 does not follow 42"},
        // the header lies or is odd
        {"syncscope-log-lines 2 2 90 1 running\n" + good1 + good2, "header: expected"},
        {"syncscope-log-lines 1 two 90 1 running\n" + good1 + good2, "header: count: expected"},
        {"syncscope-log-lines 1 2 \"90\" 1 running\n" + good1 + good2, "header: last_id"},
        {"syncscope-log-lines 1 2 90 yes running\n" + good1 + good2, "header: has_more"},
        {"syncscope-log-lines 1 2 90 1 done\n" + good1 + good2, "header: unknown status"},
        {"syncscope-log-lines 1 2 90 1\n" + good1 + good2, "header: expected"},
        // escapes and payloads
        {kHeader + "41\t1\tinfo\ta\\x\t\n" + good2, "line 1: message: unknown escape"},
        {kHeader + "41\t1\tinfo\ta\\\t\n" + good2, "line 1: message: unknown escape"},
        {kHeader + "41\t1\tinfo\ta\t{\"id\":\n" + good2, "line 1: payload: "},
        {kHeader + "41\t1\tinfo\ta\t[1]\n" + good2, "line 1: payload: expected an object"},
        {kHeader + "41\t1\tinfo\ta\t{\"id\":\"x\"}\n" + good2, "line 1: payload.id"},
        {kHeader + "41\t1\tinfo\ta\t{\"kind\":\"pull\"}\n" + good2, "line 1: payload.id"},
    };
    for (const auto& c : cases) {
        const auto d = api::decodeLogLines(c.body);
        EXPECT_NE(d.error.find(c.error), std::string::npos)
            << "body: " << c.body << "\nerror: " << d.error << "\nwanted: " << c.error;
        EXPECT_TRUE(d.value.lines.empty()) << c.body;
        // Packed: the same error, and no store.
        const auto packed = api::decodeLogLinesPacked(c.body);
        EXPECT_EQ(packed.error, d.error) << c.body;
        EXPECT_EQ(packed.value.packed, nullptr) << c.body;
        // Through decodeLogPage the same (a body without the header is JSON, and not valid JSON).
        EXPECT_NE(api::decodeLogPage(c.body).error, "") << c.body;
    }
}

}  // namespace
