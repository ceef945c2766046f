// tests/unit/trace_core_test.cpp — issue 19 points 2 and 3 in core: payload files read into
// records (JSON, CSV, XML), a value traced through the files and the log, and pull against push
// by a key field.
#include <gtest/gtest.h>

#include "core/log_store.h"
#include "core/record_diff.h"
#include "core/trace.h"

namespace {

using namespace core;

TEST(TraceRecords, ReadsJsonArraysObjectsWithAnArrayMemberCsvAndXml) {
    const auto a = parseRecords(R"([{"sku":"A-1","qty":2,"ship":{"zip":"M1"}},{"sku":"B-2"}])",
                                "application/json", "x.json");
    ASSERT_TRUE(a.ok()) << a.error;
    ASSERT_EQ(a.records.size(), 2u);
    EXPECT_EQ(*a.field(0, "qty"), "2");
    EXPECT_EQ(*a.field(0, "ship.zip"), "M1");
    const auto o = parseRecords(R"({"count":2,"data":[{"id":7},{"id":8}]})", "", "pull.json");
    ASSERT_EQ(o.records.size(), 2u);
    EXPECT_EQ(*o.field(1, "id"), "8");
    const auto c = parseRecords("sku,title\nA-1,\"Mug, white\"\n\"B\"\"2\",x\n", "text/csv", "");
    ASSERT_EQ(c.records.size(), 2u);
    EXPECT_EQ(*c.field(0, "title"), "Mug, white");
    EXPECT_EQ(*c.field(1, "sku"), "B\"2");
    const auto x = parseRecords(
        "<?xml version=\"1.0\"?>\n<stock>\n  <record>\n    <sku>A&amp;1</sku>\n    "
        "<qty>3</qty>\n  </record>\n  <record><sku>B-2</sku></record>\n</stock>\n",
        "application/xml", "");
    ASSERT_TRUE(x.ok()) << x.error;
    ASSERT_EQ(x.records.size(), 2u);
    EXPECT_EQ(*x.field(0, "sku"), "A&1");
    EXPECT_EQ(*x.field(1, "sku"), "B-2");
    EXPECT_FALSE(parseRecords("{not json", "application/json", "").ok());
    // Hostile nesting: read, without recursing past kRecordDepth.
    const std::string deep =
        "[{\"a\":" + std::string(100000, '[') + std::string(100000, ']') + "}]";
    const auto d = parseRecords(deep, "application/json", "");
    ASSERT_TRUE(d.ok()) << d.error;
    EXPECT_EQ(d.records.size(), 1u);
}

TEST(TraceRecords, MatchesWholeFieldValuesCaseInsensitively) {
    const auto a = parseRecords(R"([{"sku":"CAP-NVY-OS-4"},{"sku":"CAP-NVY-OS-41"},{"n":41}])",
                                "application/json", "");
    EXPECT_EQ(recordsWith(a, "cap-nvy-os-4"), std::vector<size_t>{0});
    EXPECT_EQ(recordsWith(a, " 41 "), std::vector<size_t>{2});
    EXPECT_TRUE(recordsWith(a, "CAP-NVY").empty());  // never a part of a value
    EXPECT_TRUE(recordsWith(a, "").empty());
}

LogLine line(int64_t id, std::string text, LogLevel level = LogLevel::Info) {
    LogLine l;
    l.id = id;
    l.at = 1000 * id;
    l.level = level;
    l.message = std::move(text);
    return l;
}

TEST(Trace, FollowsARecordFromPullToTheLineThatSkippedIt) {
    const auto pull = parseRecords(R"({"data":[{"sku":"MUG-1"},{"sku":"CAP-2"}]})", "json", "");
    const auto script = parseRecords(R"({"data":[{"sku":"MUG-1"},{"sku":"CAP-2"}]})", "json", "");
    const auto push = parseRecords("sku\nMUG-1\n", "text/csv", "");
    std::vector<TraceFile> files = {
        {31, PayloadKind::Pull, "pull-3-products.json", 3, &pull, ""},
        {33, PayloadKind::CustomScript, "custom-script-3-products.json", 5, &script, ""},
        {32, PayloadKind::Push, "push-3-products.csv", 7, &push, ""},
    };
    LogStore store;
    store.appendBatch({line(1, "Sync started"), line(2, "Pulled page 1"), line(3, "Pulled 2"),
                       line(4, "Mapped"), line(5, "Custom script"),
                       line(6, "SKU 'cap-2' not found in NetSuite; record 2 of batch 1 skipped",
                            LogLevel::Warning),
                       line(7, "Pushed 1 of 2")});
    const TraceResult r = traceValue("CAP-2", files, store);
    ASSERT_EQ(r.steps.size(), 3u);
    EXPECT_EQ(r.steps[0].kind, TraceKind::Pull);
    EXPECT_EQ(r.steps[0].record, 2);
    EXPECT_EQ(r.steps[0].fileId, 31);
    EXPECT_EQ(r.steps[1].kind, TraceKind::Script);
    EXPECT_EQ(r.steps[2].kind, TraceKind::Log);
    EXPECT_EQ(r.steps[2].line, 6);
    EXPECT_EQ(r.missing, std::vector<TraceKind>{TraceKind::Push});
    EXPECT_EQ(r.text,
              "pulled (record 2 of pull-3-products.json) → transformed (record 2 of the custom "
              "script's output custom-script-3-products.json) → not pushed; log line 6: SKU "
              "'cap-2' not found in NetSuite; record 2 of batch 1 skipped");
    // A pushed record: no "missing"; an expired file is named, never skipped in silence.
    files[1].records = nullptr;
    files[1].problem = "expired";
    const TraceResult m = traceValue("mug-1", files, store);
    EXPECT_TRUE(m.missing.empty());
    EXPECT_EQ(m.text,
              "pulled (record 1 of pull-3-products.json) → pushed (record 1 of "
              "push-3-products.csv); custom-script-3-products.json expired");
    EXPECT_EQ(traceValue("nowhere", {}, store).text,
              "'nowhere' is in no payload file and no log line of this run");
}

TEST(RecordDiff, ChoosesAKeyPresentInEveryRecordAndUniqueAndListsTheRecordsNotPushed) {
    const auto pull1 = parseRecords(
        R"([{"code":"x1","title":"a","sku":"A","qty":1},{"code":"x2","title":"b","sku":"B","qty":1},{"code":"x3","title":"c","sku":"C","qty":2}])",
        "json", "");
    const auto push1 = parseRecords(R"([{"title":"a","sku":"A","qty":1}])", "json", "");
    const auto pull2 = parseRecords(R"([{"code":"x4","title":"d","sku":"A","qty":5}])", "json", "");
    const std::vector<DiffBatch> batches = {{&pull1, {&push1}, "p1", {"q1"}},
                                            {&pull2, {}, "p2", {}}};
    // qty repeats within a file; sku and title do not (sku repeats only across files). (The
    // fields come in nlohmann::json's order, by name.)
    EXPECT_EQ(keyCandidates(batches), (std::vector<std::string>{"code", "sku", "title"}));
    RecordDiff d = diffPullPush(batches, "");
    EXPECT_EQ(d.key, "sku");  // preferred over the first candidate (code)
    EXPECT_TRUE(d.automatic);
    EXPECT_EQ(d.pulled, 4);
    EXPECT_EQ(d.pushed, 1);
    EXPECT_EQ(d.missing, (std::vector<std::string>{"B", "C", "A"}));
    EXPECT_EQ(d.text, "3 not pushed: records with sku B, C, A");
    d = diffPullPush(batches, "title");
    EXPECT_FALSE(d.automatic);
    EXPECT_EQ(d.missing, (std::vector<std::string>{"b", "c", "d"}));
    d = diffPullPush(batches, "qty");  // not a candidate: the automatic key
    EXPECT_EQ(d.key, "sku");
    const auto noKey = parseRecords(R"([{"a":1},{"a":1}])", "json", "");
    EXPECT_FALSE(diffPullPush({{&noKey, {}, "", {}}}, "").error.empty());
}

// Review fix 1: the key is looked for among each record's top-level scalar fields, the first
// kKeyFieldsPerRecord of them, each record indexed once (a pull of one record with 300 000 array
// elements, or a CSV with 1000 columns, took time quadratic in the fields before).
TEST(RecordDiff, LooksForTheKeyAmongTheFirstTopLevelScalarFieldsOfEachRecordOnly) {
    std::string big = "{\"a\":[0";
    for (int i = 1; i < 300000; ++i) big += ",0";
    big += "]}";
    const auto one = parseRecords(big, "application/json", "");
    ASSERT_EQ(one.records.size(), 1u);
    RecordDiff d = diffPullPush({{&one, {}, "", {}}}, "");
    EXPECT_TRUE(d.candidates.empty());  // a[0], a[1], …: no top-level scalar field
    EXPECT_FALSE(d.capped);
    std::string csv;
    for (int j = 0; j < 1000; ++j) csv += (j ? ",c" : "c") + std::to_string(j);
    csv += "\n";
    for (int r = 0; r < 3; ++r) {
        for (int j = 0; j < 1000; ++j) csv += (j ? "," : "") + std::to_string(r * 1000 + j);
        csv += "\n";
    }
    const auto wide = parseRecords(csv, "text/csv", "");
    ASSERT_EQ(wide.records.size(), 3u);
    bool capped = false;
    EXPECT_EQ(keyCandidates({{&wide, {}, "", {}}}, &capped).size(), kKeyFieldsPerRecord);
    EXPECT_TRUE(capped);
    d = diffPullPush({{&wide, {}, "", {}}}, "c999");  // past the cap: not a candidate
    EXPECT_EQ(d.key, "c0");
    EXPECT_TRUE(d.capped);
    EXPECT_EQ(d.text,
              "3 not pushed: records with c0 0, 1000, 2000 (the key looked for among the "
              "first 256 fields of each record)");
    // Nested values are not keys.
    const auto nested =
        parseRecords(R"([{"id":1,"ship":{"zip":"A"}},{"id":2,"ship":{"zip":"B"}}])", "json", "");
    EXPECT_EQ(keyCandidates({{&nested, {}, "", {}}}), std::vector<std::string>{"id"});
}

// Review fix 2: an XML record's fields nested deeper than kRecordDepth are not read (as JSON's),
// and a field's name is built only for a field with text (deep nesting was quadratic).
TEST(TraceRecords, XmlFieldsDeeperThanTheRecordDepthAreNotRead) {
    std::string xml = "<r><rec><sku>A-1</sku>";
    for (int i = 0; i < 40; ++i) xml += "<a>";
    xml += "deep";
    for (int i = 0; i < 40; ++i) xml += "</a>";
    xml += "</rec></r>";
    const auto x = parseRecords(xml, "application/xml", "");
    ASSERT_TRUE(x.ok()) << x.error;
    ASSERT_EQ(x.records.size(), 1u);
    EXPECT_EQ(*x.field(0, "sku"), "A-1");
    ASSERT_TRUE(recordsWith(x, "deep").empty());
    // Hostile: 200 000 levels with text at each.
    std::string h = "<r><rec>";
    for (int i = 0; i < 200000; ++i) h += "<a>x";
    for (int i = 0; i < 200000; ++i) h += "</a>x";
    h += "</rec></r>";
    const auto y = parseRecords(h, "application/xml", "");
    ASSERT_TRUE(y.ok()) << y.error;
    ASSERT_EQ(y.records.size(), 1u);
    EXPECT_LE(y.records[0].size(), static_cast<size_t>(kRecordDepth));
}

// Review fix 3: a batch holds every push file stored after its pull file (their union is what
// was pushed); push files stored before any pull file join the first batch.
TEST(RecordDiff, ABatchTakesEveryPushFileAfterItsPullAndAnEarlyPushJoinsTheFirst) {
    const auto early = parseRecords("sku\nE-1\n", "text/csv", "");
    const auto pull =
        parseRecords(R"([{"sku":"A"},{"sku":"B"},{"sku":"C"},{"sku":"E-1"}])", "json", "");
    const auto push1 = parseRecords("sku\nA\n", "text/csv", "");
    const auto push2 = parseRecords("sku\nB\n", "text/csv", "");
    const auto pull2 = parseRecords(R"([{"sku":"D"}])", "json", "");
    const std::vector<TraceFile> files = {
        {1, PayloadKind::Push, "push-0.csv", 2, &early, ""},
        {2, PayloadKind::Pull, "pull-1.json", 3, &pull, ""},
        {3, PayloadKind::CustomScript, "custom-1.json", 4, &pull, ""},
        {4, PayloadKind::Push, "push-1.csv", 5, &push1, ""},
        {5, PayloadKind::Push, "push-2.csv", 6, &push2, ""},
        {6, PayloadKind::Pull, "pull-2.json", 7, &pull2, ""},
    };
    const std::vector<DiffBatch> batches = diffBatches(files);
    ASSERT_EQ(batches.size(), 2u);
    EXPECT_EQ(batches[0].pushNames,
              (std::vector<std::string>{"push-0.csv", "push-1.csv", "push-2.csv"}));
    EXPECT_TRUE(batches[1].pushes.empty());
    const RecordDiff d = diffPullPush(batches, "");
    EXPECT_EQ(d.pushed, 3);
    EXPECT_EQ(d.missing, (std::vector<std::string>{"C", "D"}));
    // Only push files: one batch without a pull, nothing to compare, never dropped.
    const std::vector<DiffBatch> only = diffBatches({files[0]});
    ASSERT_EQ(only.size(), 1u);
    EXPECT_EQ(only[0].pull, nullptr);
    EXPECT_EQ(diffPullPush(only, "").pushed, 1);
}

// Review fix 5: `data` (an array, even an empty one) is the records; else the largest array of
// objects.
TEST(TraceRecords, AnObjectsDataArrayIsItsRecordsEvenWhenEmpty) {
    const auto e = parseRecords(R"({"count":0,"data":[]})", "application/json", "");
    ASSERT_TRUE(e.ok()) << e.error;
    EXPECT_TRUE(e.records.empty());
    const auto d = parseRecords(R"({"a":[{"x":1}],"data":[{"id":1},{"id":2}]})", "json", "");
    EXPECT_EQ(d.records.size(), 2u);
    const auto l = parseRecords(R"({"a":[{"x":1}],"b":[{"x":1},{"x":2},{"x":3}]})", "json", "");
    EXPECT_EQ(l.records.size(), 3u);
}

// Review fix 4: keys compare as the trace does (case folded), numbers by value.
TEST(RecordDiff, ComparesKeysCaseInsensitivelyAndNumbersByValue) {
    const auto pull =
        parseRecords(R"([{"sku":"ABC-1","n":12.0},{"sku":"B","n":1.5e1}])", "json", "");
    const auto push = parseRecords("sku,n\nabc-1,12\nb,15\n", "text/csv", "");
    EXPECT_TRUE(diffPullPush({{&pull, {&push}, "", {}}}, "sku").missing.empty());
    EXPECT_TRUE(diffPullPush({{&pull, {&push}, "", {}}}, "n").missing.empty());
}

}  // namespace

namespace {

// The trace's log lines are searched once and then only where lines were added (a file arriving
// for the trace used to search a 1M-line log again): the scan grown at both ends finds what a
// scan from scratch finds, in line order.
TEST(TraceLogScanTest, ScansOnlyTheLinesAddedAtEitherEndAndAgreesWithAFullScan) {
    auto batch = [](int64_t from, int64_t to) {
        std::vector<LogLine> lines;
        for (int64_t id = from; id <= to; ++id)
            lines.push_back(line(id, id % 7 == 0 ? "record with SKU a-1 skipped" : "pulled a-10"));
        return lines;
    };
    LogStore store;
    store.appendBatch(batch(500, 520));
    TraceLogScan scan;
    scanLog("A-1 skipped", store, scan);
    EXPECT_EQ(scan.matches, 3u);  // 504, 511, 518
    store.prependBatch(batch(1, 499));
    store.appendBatch(batch(521, 700));
    scanLog("A-1 skipped", store, scan);
    TraceLogScan fresh;
    scanLog("A-1 skipped", store, fresh);
    EXPECT_EQ(scan.matches, 100u);
    EXPECT_EQ(scan.matches, fresh.matches);
    ASSERT_EQ(scan.steps.size(), fresh.steps.size());
    for (size_t i = 0; i < scan.steps.size(); ++i)
        EXPECT_EQ(scan.steps[i].line, fresh.steps[i].line);
    EXPECT_EQ(scan.steps.front().line, 7);
    EXPECT_EQ(scan.firstId, 1);
    EXPECT_EQ(scan.lastId, 700);
    // Another value scans anew.
    scanLog("a-10", store, scan);
    EXPECT_EQ(scan.matches, 700u - 100u);
    EXPECT_EQ(scan.steps.size(), kTraceLogStepsKept);
}

}  // namespace
