// The quiet rule (issue 18, point 2): a running sync that has written no line for longer than
// max(60 s, 10 × the median gap between its lines so far) is quiet. Pure functions with the time
// passed in (the injected clock); the App's use of them is in app_quiet_test.cpp.
#include <gtest/gtest.h>

#include "core/log_store.h"
#include "core/quiet.h"

namespace {

constexpr core::TimeMs kT0 = 1'795'867'200'000;

TEST(QuietRule, MedianOfGaps) {
    EXPECT_EQ(core::medianGapMs({}), 0);
    EXPECT_EQ(core::medianGapMs({5}), 5);
    EXPECT_EQ(core::medianGapMs({9, 1, 5}), 5);
    EXPECT_EQ(core::medianGapMs({1, 2, 100, 3}), 3);  // the upper middle of an even count
    // One long pause among steady 2 s gaps does not move the median.
    EXPECT_EQ(core::medianGapMs(core::gapsBetween({0, 2000, 4000, 6000, 300000, 302000})), 2000);
    // Times out of order count as no gap, never a negative one.
    EXPECT_EQ(core::gapsBetween({1000, 500, 2500}), (std::vector<core::TimeMs>{0, 2000}));
}

TEST(QuietRule, TheSixtySecondFloor) {
    EXPECT_EQ(core::quietThresholdMs(0), 60000);
    EXPECT_EQ(core::quietThresholdMs(2000), 60000);  // 10 × 2 s = 20 s: the floor decides
    EXPECT_EQ(core::quietThresholdMs(6000), 60000);  // 10 × 6 s = 60 s
    EXPECT_EQ(core::quietThresholdMs(9000), 90000);  // 10 × 9 s
    const core::TimeMs last = kT0;
    // Lines every 2 s: not quiet at 60 s of silence, quiet just after.
    EXPECT_FALSE(core::quietMark(true, last, 2000, last + 59999));
    EXPECT_FALSE(core::quietMark(true, last, 2000, last + 60000));  // "longer than"
    const auto mark = core::quietMark(true, last, 2000, last + 60001);
    ASSERT_TRUE(mark);
    EXPECT_EQ(mark->silentMs, 60001);
    EXPECT_EQ(mark->typicalMs, 2000);
    EXPECT_EQ(core::quietFromMs(true, last, 2000), last + 60001);
    // A sync that writes every 30 s is quiet only after 5 min.
    EXPECT_FALSE(core::quietMark(true, last, 30000, last + 299000));
    EXPECT_TRUE(core::quietMark(true, last, 30000, last + 300001));
}

TEST(QuietRule, ClearsWhenALineComes) {
    core::TimeMs last = kT0;
    EXPECT_TRUE(core::quietMark(true, last, 2000, kT0 + 61000));
    last = kT0 + 61000;  // a line arrives: silence is measured from it
    EXPECT_FALSE(core::quietMark(true, last, 2000, kT0 + 61500));
}

TEST(QuietRule, FinishedOrLinelessSyncsAreNeverQuiet) {
    EXPECT_FALSE(core::quietMark(false, kT0, 2000, kT0 + 3600000));
    EXPECT_EQ(core::quietFromMs(false, kT0, 2000), 0);
    EXPECT_FALSE(core::quietMark(true, 0, 0, kT0 + 3600000));
    EXPECT_EQ(core::quietFromMs(true, 0, 0), 0);
}

TEST(QuietRule, TypicalGapOfAStore) {
    core::LogStore store;
    EXPECT_EQ(core::typicalGapMs(store), 0);
    std::vector<core::LogLine> lines;
    const core::TimeMs gaps[] = {0, 1000, 3000, 2000, 2000, 90000, 2000};
    core::TimeMs at = kT0;
    for (size_t i = 0; i < std::size(gaps); ++i) {
        at += gaps[i];
        core::LogLine l;
        l.id = static_cast<int64_t>(i) + 1;
        l.at = at;
        l.message = "line";
        lines.push_back(l);
    }
    store.appendBatch(lines);
    EXPECT_EQ(core::typicalGapMs(store), 2000);  // of 1, 3, 2, 2, 90, 2 s
}

TEST(QuietRule, TypicalGapFromOneLineSamples) {
    // Started at kT0; the first sample (line 11 at +20 s) gives 10 gaps of 2 s.
    std::vector<std::pair<int64_t, core::TimeMs>> samples = {{11, kT0 + 20000}};
    EXPECT_EQ(core::typicalGapFromSamples(samples, kT0), 2000);
    // Then 3 lines in 5 s, none for a while (the same line seen again), 2 lines in 2 s.
    samples.push_back({14, kT0 + 25000});
    samples.push_back({14, kT0 + 25000});
    samples.push_back({16, kT0 + 27000});
    EXPECT_EQ(core::typicalGapFromSamples(samples, kT0), 2000);  // 10 × 2 s, 3 × 1.67 s, 2 × 1 s
    // No start time and one sample: no rhythm yet.
    EXPECT_EQ(core::typicalGapFromSamples({{11, kT0}}, 0), 0);
    EXPECT_EQ(core::typicalGapFromSamples({}, kT0), 0);
}

TEST(QuietRule, Text) {
    EXPECT_EQ(core::quietText({252000, 2000}),
              "No new line for 4 min 12 s — this sync usually writes every 2 s");
    EXPECT_EQ(core::quietText({61500, 400}),
              "No new line for 1 min 1 s — this sync usually writes every 0.4 s");
    EXPECT_EQ(core::quietText({3720000, 90000}),
              "No new line for 1 h 02 min — this sync usually writes every 1 min 30 s");
}

}  // namespace
