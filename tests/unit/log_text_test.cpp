// tests/unit/log_text_test.cpp — a log as text (the download and copies), times in UTC or the
// browser's zone, and the preferences remembered across visits.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/app.h"
#include "core/log_text.h"
#include "core/preferences.h"
#include "core/time_zone.h"

namespace {

using core::LogLevel;
using core::LogLine;
using core::TimeZone;

constexpr core::TimeMs kT0 = 1795847400037LL;  // 2026-11-28T06:30:00.037Z

LogLine line(int64_t id, LogLevel level, std::string message, core::TimeMs at = kT0) {
    LogLine l;
    l.id = id;
    l.at = at;
    l.level = level;
    l.message = std::move(message);
    return l;
}

const TimeZone kUtc{};
const TimeZone kPlusOne{true, 60};
const TimeZone kIndia{true, 330};
const TimeZone kNewYork{true, -300};

TEST(TimeZone, LabelsNameUtcOrTheOffset) {
    EXPECT_EQ(kUtc.label(), "UTC");
    EXPECT_EQ(kPlusOne.label(), "UTC+01:00");
    EXPECT_EQ(kIndia.label(), "UTC+05:30");
    EXPECT_EQ(kNewYork.label(), "UTC-05:00");
    EXPECT_EQ((TimeZone{true, 0}).label(), "UTC+00:00");
    // The offset only counts when local time is chosen.
    EXPECT_EQ((TimeZone{false, 60}).label(), "UTC");
    EXPECT_EQ((TimeZone{false, 60}).shift(kT0), kT0);
}

TEST(TimeZone, IsoTimesCarryTheirZone) {
    EXPECT_EQ(core::formatIsoIn(kT0, kUtc), "2026-11-28T06:30:00.037Z");
    EXPECT_EQ(core::formatIsoIn(kT0, kPlusOne), "2026-11-28T07:30:00.037+01:00");
    EXPECT_EQ(core::formatIsoIn(kT0, kIndia), "2026-11-28T12:00:00.037+05:30");
    // Across midnight and a year's end, backwards too.
    EXPECT_EQ(core::formatIsoIn(kT0, kNewYork), "2026-11-28T01:30:00.037-05:00");
    EXPECT_EQ(core::formatIsoIn(0, kNewYork), "1969-12-31T19:00:00.000-05:00");
    EXPECT_EQ(core::formatIsoIn(kT0 + 18 * 3600000LL, kPlusOne), "2026-11-29T01:30:00.037+01:00");
}

TEST(TimeZone, DateTimesForHeadersEndWithTheLabel) {
    EXPECT_EQ(core::formatDateTimeIn(kT0, kUtc), "2026-11-28 06:30:00 UTC");
    EXPECT_EQ(core::formatDateTimeIn(kT0, kPlusOne), "2026-11-28 07:30:00 UTC+01:00");
}

TEST(TimeZone, IsoFormattingRespectsTheBufferSize) {
    char small[8];
    EXPECT_EQ(core::formatIsoIn(small, sizeof small, kT0, kUtc), 7u);
    EXPECT_STREQ(small, "2026-11");
}

TEST(LogText, EveryLineIsTimeLevelAndMessage) {
    core::LogStore store;
    store.appendBatch({line(1, LogLevel::Info, "Pulled page 1 of orders from Shopify: 50 records"),
                       line(2, LogLevel::Warning, "Order ORD-1042 has no SKU", kT0 + 1000),
                       line(3, LogLevel::Error, "Push failed\n  at step 3\n  HTTP 500", kT0 + 2000),
                       line(4, LogLevel::Debug, "Zürich Ωμέγα Привет\ttab", kT0 + 3000)});
    EXPECT_EQ(core::formatLogText(store, kUtc),
              "2026-11-28T06:30:00.037Z INFO Pulled page 1 of orders from Shopify: 50 records\n"
              "2026-11-28T06:30:01.037Z WARNING Order ORD-1042 has no SKU\n"
              "2026-11-28T06:30:02.037Z ERROR Push failed\n  at step 3\n  HTTP 500\n"
              "2026-11-28T06:30:03.037Z DEBUG Zürich Ωμέγα Привет\ttab\n");
    EXPECT_EQ(core::formatLogText(store, kPlusOne).substr(0, 35),
              "2026-11-28T07:30:00.037+01:00 INFO ");
}

TEST(LogText, AnEmptyStoreIsAnEmptyText) {
    core::LogStore store;
    EXPECT_EQ(core::formatLogText(store, kUtc), "");
}

TEST(LogText, ASelectionCopiesTheShownLinesInItsRange) {
    core::LogStore store;
    store.appendBatch({line(1, LogLevel::Info, "one"), line(2, LogLevel::Debug, "two"),
                       line(3, LogLevel::Info, "three"), line(4, LogLevel::Error, "four")});
    core::FilteredLog view;
    core::LogFilter f;
    f.levels[static_cast<size_t>(LogLevel::Debug)] = false;  // line 2 hidden
    view.setFilter(store, f);
    view.update(store);
    EXPECT_EQ(core::shownLinesBetween(view, 1, 3), 2u);
    EXPECT_EQ(core::formatShownLines(store, view, 1, 3, {kUtc, false}), "one\nthree\n");
    EXPECT_EQ(core::formatShownLines(store, view, 3, 4, {kUtc, true}),
              "2026-11-28T06:30:00.037Z INFO three\n2026-11-28T06:30:00.037Z ERROR four\n");
    EXPECT_EQ(core::formatShownLines(store, view, 4, 3, {kUtc, true}), "");
    EXPECT_EQ(core::shownLinesBetween(view, 4, 3), 0u);
    // Found by tests/fuzz/log_store_fuzz.cpp: a range ending at the largest id overflowed.
    EXPECT_EQ(core::shownLinesBetween(view, INT64_MIN, INT64_MAX), 3u);
    EXPECT_EQ(core::formatShownLines(store, view, 2, INT64_MAX, {kUtc, false}), "three\nfour\n");
}

// Issue 13 item 6: a copy is the bytes as sent minus escape sequences, control characters and bidi
// controls (core/display_text.h, copyText); the downloaded file keeps every byte.
TEST(LogText, ACopyDropsEscapesControlsAndBidiButTheDownloadKeepsThem) {
    const std::string hostile =
        "ANSI: \x1b[31mred\x1b[0m \x1b]0;title\x07\x07\x08\r RTL \u202e desrever\u2066\u200f";
    core::LogState log;
    log.syncId = 9;
    log.tailLoaded = true;
    log.status = core::SyncStatus::Failed;
    log.store.appendBatch({line(1, LogLevel::Warning, hostile), line(2, LogLevel::Info, "a\r\nb")});
    log.serverLastId = 2;
    log.view.update(log.store);
    EXPECT_EQ(core::formatShownLines(log.store, log.view, 1, 2, {kUtc, false}),
              "ANSI: red  RTL  desrever\na\nb\n");
    EXPECT_EQ(core::formatShownLines(log.store, log.view, 1, 1, {kUtc, true}),
              "2026-11-28T06:30:00.037Z WARNING ANSI: red  RTL  desrever\n");
    EXPECT_EQ(core::logFileText(log, kUtc), "2026-11-28T06:30:00.037Z WARNING " + hostile +
                                                "\n2026-11-28T06:30:00.037Z INFO a\r\nb\n");
}

TEST(LogText, AWholeFinishedLogIsSavedWithoutAHeader) {
    core::LogState log;
    log.syncId = 345;
    log.tailLoaded = true;
    log.status = core::SyncStatus::Success;
    log.store.appendBatch({line(1, LogLevel::Info, "one"), line(2, LogLevel::Info, "two")});
    log.serverLastId = 2;
    EXPECT_EQ(core::logFileText(log, kUtc),
              "2026-11-28T06:30:00.037Z INFO one\n2026-11-28T06:30:00.037Z INFO two\n");
    EXPECT_EQ(core::logFileName(345), "sync-345.log");
}

TEST(LogText, AnIncompleteOrRunningLogSaysSoInTheHeader) {
    core::LogState log;
    log.syncId = 7;
    log.tailLoaded = true;
    log.status = core::SyncStatus::Running;
    log.store.appendBatch({line(4001, LogLevel::Info, "late")});
    log.serverLastId = 4001;
    const std::string text = core::logFileText(log, kUtc);
    EXPECT_EQ(text,
              "# Sync 7: older lines were still loading when this file was saved.\n"
              "# It holds lines 4,001 to 4,001 of 4,001.\n"
              "# Sync 7 was still running when this file was saved: lines written after line "
              "4,001 are not in it.\n"
              "2026-11-28T06:30:00.037Z INFO late\n");
}

TEST(Preferences, RoundTripThroughJson) {
    core::Preferences p;
    p.theme = "light";
    p.localTime = true;
    p.levels = {{false, true, true, true}};
    p.wrap = true;
    p.copyWithMeta = false;
    const std::string json = core::preferencesToJson(p);
    EXPECT_EQ(core::preferencesFromJson(json), p);
    EXPECT_EQ(json.find("token"), std::string::npos);
    EXPECT_EQ(core::preferencesFromJson(core::preferencesToJson(core::Preferences{})),
              core::Preferences{});
}

// Issue 16: with nothing stored, copies are the messages alone (as a web page copies its text).
TEST(Preferences, CopyWithTimesAndLevelsIsOffByDefault) {
    EXPECT_FALSE(core::Preferences{}.copyWithMeta);
    EXPECT_FALSE(core::preferencesFromJson("").copyWithMeta);
    EXPECT_FALSE(core::preferencesFromJson(R"({"version":1,"wrap":true})").copyWithMeta);
    EXPECT_TRUE(core::preferencesFromJson(R"({"copyWithMeta":true})").copyWithMeta);
}

// Issue 17: the signatures panel is open unless it was closed, and a closed one stays closed.
TEST(Preferences, SignaturesPanelIsOpenUnlessClosed) {
    EXPECT_TRUE(core::Preferences{}.signatures);
    EXPECT_TRUE(core::preferencesFromJson("").signatures);
    EXPECT_TRUE(core::preferencesFromJson(R"({"version":1,"wrap":true})").signatures);
    EXPECT_TRUE(core::preferencesFromJson(R"({"signatures":"no"})").signatures);
    core::Preferences closed;
    closed.signatures = false;
    EXPECT_EQ(core::preferencesFromJson(core::preferencesToJson(closed)), closed);
    EXPECT_NE(closed, core::Preferences{});
}

TEST(Preferences, BadOrForeignValuesKeepTheDefaults) {
    const core::Preferences defaults;
    EXPECT_EQ(core::preferencesFromJson(""), defaults);
    EXPECT_EQ(core::preferencesFromJson("not json"), defaults);
    EXPECT_EQ(core::preferencesFromJson("[1,2]"), defaults);
    const core::Preferences p = core::preferencesFromJson(
        R"({"theme":"neon","timeZone":3,"levels":{"debug":"no","error":false},"wrap":1,)"
        R"("copyWithMeta":"yes","future":{"x":1}})");
    EXPECT_EQ(p.theme, "");
    EXPECT_FALSE(p.localTime);
    EXPECT_TRUE(p.levels[0]);
    EXPECT_FALSE(p.levels[3]);
    EXPECT_FALSE(p.wrap);
    EXPECT_FALSE(p.copyWithMeta);
}

}  // namespace
