// tests/unit/gap_test.cpp — the gap between pulled and pushed, explained from made-up logs
// (core/gap.h): the recognisers on line text, the causes over a LogStore's signatures, the cap at
// the gap, "so far" and the recomputation rules, and the per-sync notes.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/gap.h"
#include "core/log_store.h"
#include "core/signatures.h"

namespace {

using core::GapExplanation;
using core::LogLevel;
using core::LogLine;
using core::LogStore;
using core::RecordClaim;
using core::recordsNamed;
using core::SignatureIndex;

LogLine line(int64_t id, LogLevel level, std::string message) {
    LogLine l;
    l.id = id;
    l.at = 1'800'000'000'000 + id * 1000;
    l.level = level;
    l.message = std::move(message);
    return l;
}

// A store of `messages` (warnings unless they start with "E:" — an error — or "I:" — info), ids
// from 1, and its signatures.
struct Log {
    LogStore store;
    SignatureIndex signatures;
    explicit Log(const std::vector<std::string>& messages) {
        std::vector<LogLine> lines;
        for (const std::string& m : messages) {
            LogLevel level = LogLevel::Warning;
            std::string text = m;
            if (m.rfind("E:", 0) == 0) level = LogLevel::Error, text = m.substr(2);
            if (m.rfind("I:", 0) == 0) level = LogLevel::Info, text = m.substr(2);
            lines.push_back(line(static_cast<int64_t>(lines.size()) + 1, level, text));
        }
        store.appendBatch(lines);
        signatures.update(store);
    }
    std::optional<GapExplanation> gap(int64_t pulled, int64_t pushed, bool running = false) {
        return core::explainGap(store, signatures, pulled, pushed, running, true);
    }
};

// --- the recognisers, on a line's text ------------------------------------------------------

TEST(GapRecognisers, ALineNamingOneRecordCountsOne) {
    for (const char* text : {
             "SKU 'TEE-BLK-M' not found in NetSuite; record 3 of batch 1 skipped",
             "Order #100231 rejected by NetSuite: invalid shipping address",
             "Order #100231 already exists in NetSuite; skipped as duplicate",
             "Failed to push order 100231: HTTP 500",
             "Customer #55 skipped: Field 'email' is required",
             "Duplicate order #SO-1001 rejected",
             "Field 'email' is required; record skipped",
         }) {
        const core::RecordsNamed r = recordsNamed(text);
        EXPECT_EQ(r.claim, RecordClaim::One) << text;
        EXPECT_EQ(r.count, 1) << text;
    }
}

TEST(GapRecognisers, ALineSayingNRecordsCountsN) {
    EXPECT_EQ(recordsNamed("3 records skipped").count, 3);
    EXPECT_EQ(recordsNamed("12 records skipped: missing SKU").claim, RecordClaim::Counted);
    EXPECT_EQ(recordsNamed("12 records skipped: missing SKU").count, 12);
    EXPECT_EQ(recordsNamed("Batch 4: 7 orders were rejected by NetSuite").count, 7);
    EXPECT_EQ(recordsNamed("2 duplicate orders skipped").count, 2);
    EXPECT_EQ(recordsNamed("Skipped 5 products with no price").count, 5);
    EXPECT_EQ(recordsNamed("1,024 records have been skipped").count, 1024);
    EXPECT_EQ(recordsNamed("1 record failed validation").count, 1);
    // Two counts in one line add up; a count wins over the record it also names.
    EXPECT_EQ(recordsNamed("3 orders skipped and 2 orders rejected").count, 5);
    EXPECT_EQ(recordsNamed("Order #12: 4 items rejected").count, 4);
    // The masked form (a signature's text) is recognised, its count unknown.
    const core::RecordsNamed masked = recordsNamed("\xE2\x80\xA6 records skipped");
    EXPECT_EQ(masked.claim, RecordClaim::Counted);
    EXPECT_EQ(masked.count, 0);
    EXPECT_EQ(recordsNamed("Order #\xE2\x80\xA6 rejected by NetSuite: \xE2\x80\xA6").claim,
              RecordClaim::One);
}

TEST(GapRecognisers, TheClosingSummaryAndTalliesAreNeverCauses) {
    for (const char* text : {
             "Sync finished with 2 records skipped: pulled 10, pushed 8 in 3 s",
             "Sync failed: timed out waiting for NetSuite (pulled 150, pushed 100)",
             "Flow run completed with errors: 3 records failed",
             "Run failed: 4 orders rejected",
             "Pushed 48 of 50 orders to NetSuite (batch 2)",
             "48 of 50 sales orders pushed; 2 skipped",
             "Totals: 50 records pulled, 3 records skipped",
             "10 pulled, 8 pushed, 2 records skipped",
         }) {
        EXPECT_EQ(recordsNamed(text).claim, RecordClaim::Summary) << text;
        EXPECT_EQ(recordsNamed(text).count, 0) << text;
    }
}

TEST(GapRecognisers, LinesThatNameNoLostRecordAreNotCauses) {
    for (const char* text : {
             "NetSuite rate limit reached (429 Too Many Requests); retrying batch 3 in 5 s",
             "Timed out after 30 s waiting for NetSuite to confirm batch 3 (3 attempts); giving up",
             "Authentication failed for NetSuite: 401 Unauthorized",
             "Stop requested by demo@syncscope.example; stopping after batch 2",
             "Field 'email' is required",
             "Batch 3 skipped",                      // a batch is not a record
             "record 3 of batch 2 retried",          // no outcome
             "Failed to push batch 3 (50 records)",  // how many of them is not said
             "30 s waiting for 3 records",
             "",
         }) {
        EXPECT_EQ(recordsNamed(text).claim, RecordClaim::None) << text;
    }
}

TEST(GapRecognisers, OnlyTheFirstLineIsRead) {
    EXPECT_EQ(recordsNamed("Retrying the batch\n3 records skipped").claim, RecordClaim::None);
    EXPECT_EQ(recordsNamed("3 records skipped\r\nSync finished").count, 3);
}

// --- the causes over a log -------------------------------------------------------------------

TEST(GapExplain, CausesAreTheSignaturesThatNameLostRecords) {
    Log log({
        "I:Sync started",                                                                // 1
        "SKU 'TEE-BLK-M' not found in NetSuite; record 3 of batch 1 skipped",            // 2
        "NetSuite rate limit reached (429 Too Many Requests); retrying batch 1 in 4 s",  // 3
        "SKU 'MUG-RED' not found in NetSuite; record 7 of batch 1 skipped",              // 4
        "E:Order #100231 rejected by NetSuite: invalid shipping address",                // 5
        "I:Pushed 47 of 50 orders to NetSuite (batch 1)",                                // 6
        "Sync finished with 2 records skipped: pulled 50, pushed 47 in 3 s",             // 7
    });
    const auto g = log.gap(50, 47);
    ASSERT_TRUE(g);
    EXPECT_EQ(g->notPushed, 3);
    ASSERT_EQ(g->causes.size(), 2u);
    EXPECT_EQ(g->causes[0].text,
              "SKU '\xE2\x80\xA6' not found in NetSuite; record \xE2\x80\xA6 of batch "
              "\xE2\x80\xA6 skipped");
    EXPECT_EQ(g->causes[0].count, 2);
    EXPECT_EQ(g->causes[0].lines, (std::vector<int64_t>{2, 4}));
    EXPECT_EQ(g->causes[1].count, 1);
    EXPECT_EQ(g->causes[1].lines, (std::vector<int64_t>{5}));
    EXPECT_EQ(g->unexplained, 0);
    EXPECT_FALSE(g->capped);
    EXPECT_EQ(g->text,
              "3 not pushed · SKU '\xE2\x80\xA6' not found in NetSuite; record \xE2\x80\xA6 of "
              "batch \xE2\x80\xA6 skipped ×2 (lines 2, 4) · Order #\xE2\x80\xA6 rejected by "
              "NetSuite: invalid shipping address (line 5)");
}

TEST(GapExplain, ACountedLineCountsTheNumberItSays) {
    Log log({
        "12 records skipped: missing SKU",   // 1
        "3 records skipped: missing SKU",    // 2
        "Order #9 rejected by NetSuite: x",  // 3
    });
    const auto g = log.gap(100, 80);
    ASSERT_TRUE(g);
    ASSERT_EQ(g->causes.size(), 2u);
    EXPECT_EQ(g->causes[0].count, 15);  // read from each line's own text
    EXPECT_EQ(g->causes[0].lineCount, 2u);
    EXPECT_EQ(g->causes[0].lines, (std::vector<int64_t>{1, 2}));
    EXPECT_EQ(g->causes[1].count, 1);
    EXPECT_EQ(g->unexplained, 4);
    EXPECT_NE(g->text.find(" · 4 not accounted for in the log"), std::string::npos) << g->text;
    EXPECT_NE(g->text.find("records skipped: missing SKU ×15 (lines 1, 2)"), std::string::npos)
        << g->text;
}

TEST(GapExplain, TheRestIsNotAccountedFor) {
    Log log({"Timed out after 30 s waiting for NetSuite to confirm batch 3 (3 attempts); giving up",
             "E:Sync failed: timed out waiting for NetSuite (pulled 150, pushed 100)"});
    const auto g = log.gap(150, 100);
    ASSERT_TRUE(g);
    EXPECT_TRUE(g->causes.empty());  // never a cause the log does not show
    EXPECT_EQ(g->unexplained, 50);
    EXPECT_EQ(g->text, "50 not pushed · 50 not accounted for in the log");
}

TEST(GapExplain, CausesBeyondTheGapAreCutToItMostFirst) {
    Log log({
        "Order #1 rejected by NetSuite: bad address",  // 1
        "Order #2 rejected by NetSuite: bad address",  // 2
        "Order #3 rejected by NetSuite: bad address",  // 3
        "SKU 'A' not found; record 4 skipped",         // 4
        "SKU 'B' not found; record 5 skipped",         // 5
        "Customer #6 failed: HTTP 500",                // 6
    });
    const auto g = log.gap(10, 6);  // 4 not pushed, 6 named
    ASSERT_TRUE(g);
    EXPECT_TRUE(g->capped);
    EXPECT_EQ(g->named, 6);
    int64_t sum = 0;
    for (const auto& c : g->causes) sum += c.count;
    EXPECT_EQ(sum, 4);  // at most the gap
    EXPECT_EQ(g->unexplained, 0);
    ASSERT_EQ(g->causes.size(), 2u);  // the one cut to nothing is left out
    EXPECT_EQ(g->causes[0].count, 3);
    EXPECT_EQ(g->causes[0].named, 3);
    EXPECT_EQ(g->causes[1].count, 1);  // cut: its lines name 2
    EXPECT_EQ(g->causes[1].named, 2);
    EXPECT_EQ(g->causes[1].lines, (std::vector<int64_t>{4, 5}));
    EXPECT_NE(g->text.find("record \xE2\x80\xA6 skipped ×1 of 2 (lines 4, 5)"), std::string::npos)
        << g->text;
    EXPECT_NE(
        g->text.find("the log names 6 records, 2 more than not pushed: counted up to the gap"),
        std::string::npos)
        << g->text;
}

TEST(GapExplain, NoGapWithoutCountsOrWithEverythingPushed) {
    Log log({"Order #1 rejected by NetSuite: a"});
    EXPECT_FALSE(log.gap(-1, -1));  // Patchworks Core: no counts
    EXPECT_FALSE(log.gap(10, -1));
    EXPECT_FALSE(log.gap(10, 10));
    EXPECT_FALSE(log.gap(0, 0));
    EXPECT_TRUE(log.gap(10, 9));
}

TEST(GapExplain, ARunningSyncSaysSoFar) {
    Log log({"Order #1 rejected by NetSuite: a"});
    const auto g = log.gap(50, 0, true);
    ASSERT_TRUE(g);
    EXPECT_TRUE(g->soFar);
    EXPECT_EQ(g->text.rfind("50 not pushed so far · Order #", 0), 0u) << g->text;
    const auto partial = core::explainGap(log.store, log.signatures, 50, 0, false, false);
    ASSERT_TRUE(partial);
    EXPECT_NE(partial->text.find("49 not accounted for in the lines read so far"),
              std::string::npos)
        << partial->text;
}

TEST(GapExplain, ManyCausesKeepTwentyLinesAndTheTextSumsTheRest) {
    std::vector<std::string> messages;
    for (int i = 0; i < 30; ++i) messages.push_back("Order #" + std::to_string(i) + " rejected: x");
    const char* others[] = {"SKU 'A' not found; record 1 skipped", "Customer #4 failed: y",
                            "Product 'P' skipped: no price", "3 invoices rejected by Xero",
                            "Shipment #7 already exists; skipped as duplicate"};
    for (const char* o : others) messages.push_back(o);
    Log log(messages);
    const auto g = log.gap(100, 0);
    ASSERT_TRUE(g);
    ASSERT_EQ(g->causes.size(), 6u);
    EXPECT_EQ(g->causes[0].count, 30);
    EXPECT_EQ(g->causes[0].lineCount, 30u);
    EXPECT_EQ(g->causes[0].lines.size(), core::kGapLinesKept);
    EXPECT_EQ(g->causes[1].count, 3);  // "3 invoices rejected"
    EXPECT_NE(g->text.find("×30 (lines 1, 2, 3 and 27 more)"), std::string::npos) << g->text;
    EXPECT_NE(g->text.find(" · 2 more causes: 2 · "), std::string::npos) << g->text;
}

// --- recomputed only when something changed -------------------------------------------------

TEST(GapTracker, RecomputesOnlyWhenTheSignaturesOrTheCountsChange) {
    LogStore store;
    SignatureIndex signatures;
    store.appendBatch({line(1, LogLevel::Warning, "Order #1 rejected by NetSuite: a")});
    signatures.update(store);
    core::GapTracker t;
    EXPECT_TRUE(t.update(store, signatures, 10, 8, true, true));
    EXPECT_EQ(t.computations(), 1u);
    ASSERT_TRUE(t.explanation());
    EXPECT_EQ(t.explanation()->unexplained, 1);
    EXPECT_FALSE(t.update(store, signatures, 10, 8, true, true));  // nothing changed
    // Info lines change the store but no signature: nothing to recompute.
    store.appendBatch({line(2, LogLevel::Info, "Pulled page 2")});
    signatures.update(store);
    EXPECT_FALSE(t.update(store, signatures, 10, 8, true, true));
    EXPECT_EQ(t.computations(), 1u);
    store.appendBatch({line(3, LogLevel::Warning, "Order #3 rejected by NetSuite: b")});
    signatures.update(store);
    EXPECT_TRUE(t.update(store, signatures, 10, 8, true, true));
    EXPECT_EQ(t.explanation()->unexplained, 0);
    EXPECT_TRUE(t.update(store, signatures, 12, 8, true, true));   // the counts moved
    EXPECT_TRUE(t.update(store, signatures, 12, 8, false, true));  // the sync finished
    EXPECT_FALSE(t.explanation()->soFar);
    EXPECT_TRUE(t.update(store, signatures, 12, 12, false, true));
    EXPECT_FALSE(t.explanation());  // everything pushed: no gap
    EXPECT_EQ(t.computations(), 5u);
}

// The tracker reads a counted signature's lines only once (GapCauseCache): as lines arrive at
// either end, in any order, its explanation stays the one computed from scratch.
TEST(GapTracker, ReadsOnlyNewLinesAndAgreesWithAFreshExplanation) {
    const auto message = [](int64_t id) -> LogLine {
        switch (id % 5) {
            case 0:
                return line(
                    id, LogLevel::Warning,
                    std::to_string(id % 7 + 1) + " records skipped in batch " + std::to_string(id));
            case 1:
                return line(id, LogLevel::Error,
                            "Order #" + std::to_string(id) + " rejected by NetSuite: locked");
            case 2:
                return line(id, LogLevel::Warning,
                            "Sync finished with 3 records skipped: pulled 9, pushed 6");
            default: return line(id, LogLevel::Info, "Pushed page " + std::to_string(id));
        }
    };
    const auto range = [&](int64_t a, int64_t b) {
        std::vector<LogLine> v;
        for (int64_t id = a; id <= b; ++id) v.push_back(message(id));
        return v;
    };
    LogStore store;
    SignatureIndex signatures;
    core::GapTracker tracker;
    int64_t lo = 4001, hi = 4100;
    store.appendBatch(range(lo, hi));
    for (int step = 0; step < 30; ++step) {
        if (step % 3 == 0 && lo > 1) {
            const int64_t n = std::min<int64_t>(lo - 1, 137);
            store.prependBatch(range(lo - n, lo - 1));
            lo -= n;
        } else {
            store.appendBatch(range(hi + 1, hi + 23));
            hi += 23;
        }
        signatures.update(store, 50);  // older lines a slice at a time, as the log feed does
        tracker.update(store, signatures, 100000, 10, false, signatures.ready());
        const auto fresh =
            core::explainGap(store, signatures, 100000, 10, false, signatures.ready());
        ASSERT_TRUE(tracker.explanation() && fresh);
        EXPECT_EQ(tracker.explanation()->text, fresh->text) << "step " << step;
        ASSERT_EQ(tracker.explanation()->causes.size(), fresh->causes.size());
        for (size_t k = 0; k < fresh->causes.size(); ++k) {
            EXPECT_EQ(tracker.explanation()->causes[k].named, fresh->causes[k].named);
            EXPECT_EQ(tracker.explanation()->causes[k].lines, fresh->causes[k].lines);
        }
    }
}

TEST(GapNotes, KeepsTheLastExplanationsBySync) {
    core::GapNotes notes;
    GapExplanation g;
    g.notPushed = 1;
    for (int64_t id = 1; id <= static_cast<int64_t>(core::GapNotes::kCapacity) + 5; ++id) {
        g.text = "note " + std::to_string(id);
        notes.put(id, g);
    }
    EXPECT_EQ(notes.size(), core::GapNotes::kCapacity);
    EXPECT_EQ(notes.find(1), nullptr);  // the oldest forgotten
    EXPECT_EQ(notes.find(5), nullptr);
    ASSERT_NE(notes.find(6), nullptr);
    EXPECT_EQ(notes.find(6)->text, "note 6");
    g.text = "again";
    notes.put(6, g);  // a sync read again: updated, and now the newest
    EXPECT_EQ(notes.size(), core::GapNotes::kCapacity);
    EXPECT_EQ(notes.find(6)->text, "again");
    notes.put(100, g);
    EXPECT_NE(notes.find(6), nullptr);
    EXPECT_EQ(notes.find(7), nullptr);
}

}  // namespace
