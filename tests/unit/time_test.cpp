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

// Found by fuzz target dates: any day up to 31 was taken in any month, so 31 February was read as
// 3 March (and a Date header of 31 April as 1 May).
TEST(Time, RefusesDaysTheMonthDoesNotHave) {
    EXPECT_FALSE(core::parseIso8601("2026-02-31T00:00:00Z"));
    EXPECT_FALSE(core::parseIso8601("2026-04-31T00:00:00.000Z"));
    EXPECT_FALSE(core::parseIso8601("2023-02-29T12:00:00Z"));
    EXPECT_FALSE(core::parseIso8601("1900-02-29T12:00:00Z"));
    EXPECT_FALSE(core::parseIso8601("2026-11-00T06:30:00Z"));
    EXPECT_EQ(core::parseIso8601("2024-02-29T00:00:00Z"), 1709164800000LL);
    EXPECT_EQ(core::parseIso8601("2000-02-29T00:00:00Z"), 951782400000LL);
    EXPECT_TRUE(core::parseIso8601("2026-12-31T23:59:59Z"));
    EXPECT_FALSE(core::parseHttpDate("Fri, 31 Apr 2026 06:30:00 GMT"));
    EXPECT_FALSE(core::parseHttpDate("Sun, 29 Feb 2026 06:30:00 GMT"));
    EXPECT_TRUE(core::parseHttpDate("Thu, 29 Feb 2024 06:30:00 GMT"));
}
