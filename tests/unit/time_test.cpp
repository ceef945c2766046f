// Times as the API sends them, and "… ago" from the server clock.
#include <gtest/gtest.h>

#include "core/time.h"

TEST(Time, ParsesIsoWithMillisecondsMicrosecondsAndOffsets) {
    EXPECT_EQ(core::parseIso8601("1970-01-01T00:00:00Z"), 0);
    EXPECT_EQ(core::parseIso8601("2026-11-28T06:30:00.000Z"), 1795847400000LL);
    EXPECT_EQ(core::parseIso8601("2026-11-28T06:30:00.123456Z"), 1795847400123LL);
    EXPECT_EQ(core::parseIso8601("2026-11-28T07:30:00+01:00"), 1795847400000LL);
    EXPECT_EQ(core::parseIso8601("2026-11-28 06:30:00"), 1795847400000LL);
}

TEST(Time, RejectsWhatIsNotATime) {
    EXPECT_FALSE(core::parseIso8601(""));
    EXPECT_FALSE(core::parseIso8601("yesterday"));
    EXPECT_FALSE(core::parseIso8601("2026-13-28T06:30:00Z"));
    EXPECT_FALSE(core::parseIso8601("2026-11-28T06:30:00Zjunk"));
    EXPECT_FALSE(core::parseIso8601("2026-11-28T06:30:00."));
}

TEST(Time, FormatsRoundTrip) {
    EXPECT_EQ(core::formatIso8601(1795847400123LL), "2026-11-28T06:30:00.123Z");
    EXPECT_EQ(core::formatDateTime(1795847400123LL), "2026-11-28 06:30:00");
}

TEST(Time, ParsesTheHttpDateHeader) {
    EXPECT_EQ(core::parseHttpDate("Sat, 28 Nov 2026 06:30:00 GMT"), 1795847400000LL);
    EXPECT_FALSE(core::parseHttpDate("Saturday, 28-Nov-26 06:30:00 GMT"));
}

TEST(Time, AgoIsMeasuredAgainstTheGivenNow) {
    const core::TimeMs t = 1795847400000LL;
    EXPECT_EQ(core::formatAgo(t, t + 10'000), "just now");
    EXPECT_EQ(core::formatAgo(t, t + 5 * 60'000), "5 min ago");
    EXPECT_EQ(core::formatAgo(t, t + 3 * 3'600'000), "3 h ago");
    EXPECT_EQ(core::formatAgo(t, t + 50 * 3'600'000LL), "2 d ago");
}
