// The comparison's route (issue 18 point 1): #/services/{id}/syncs/{a}/compare/{b}.
#include <gtest/gtest.h>

#include "core/routes.h"

TEST(CompareRoute, ParsesAndFormatsBack) {
    const auto r = core::parseRoute("/services/12/syncs/345/compare/300");
    EXPECT_EQ(r.view, core::View::Compare);
    EXPECT_STREQ(core::toString(r.view), "compare");
    EXPECT_EQ(r.serviceId, 12);
    EXPECT_EQ(r.syncId, 345);
    EXPECT_EQ(r.compareId, 300);
    EXPECT_EQ(core::formatRoute(r), "/services/12/syncs/345/compare/300");
    core::Route built;
    built.view = core::View::Compare;
    built.serviceId = 9223372036854775807;
    built.syncId = 1;
    built.compareId = 9007199254740993;
    EXPECT_EQ(core::parseRoute(core::formatRoute(built)), built);
}

// Before: any route of four or more parts opened log a, whatever followed it.
TEST(CompareRoute, UnknownExtraPartsOpenNoLog) {
    for (const char* s : {"/services/12/syncs/345/compare", "/services/12/syncs/345/compare/x",
                          "/services/12/syncs/345/compare/0", "/services/12/syncs/345/nope/300",
                          "/services/12/syncs/345/compare/300/more", "/services/12/syncs/345/x",
                          "/services/12/syncs/345/compare/345"}) {
        const auto r = core::parseRoute(s);
        EXPECT_EQ(r.view, core::View::Summary) << s;
        EXPECT_EQ(core::formatRoute(r), "/services/12") << s;
    }
    // A log keeps its line; a comparison has none.
    EXPECT_EQ(core::parseRoute("/services/12/syncs/345/compare/300?line=5").line, 0);
    EXPECT_NE(core::parseRoute("/services/12/syncs/345/compare/300"),
              core::parseRoute("/services/12/syncs/345/compare/301"));
}
