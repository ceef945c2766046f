// tests/unit/server_demo_data_test.cpp — the demo server's data: generated deterministically from
// a seed, realistic enough for the views (two company groups, something running), and the pure
// list queries the API answers with (case-insensitive search, status filter, pagination).
#include "../../server/demo_data.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

namespace {

using namespace syncscope::demo;

constexpr std::int64_t kNow = 1795847400000;  // 2026-11-28T06:30:00.000Z

std::vector<std::int64_t> ids_of(const std::vector<const Service*>& services) {
    std::vector<std::int64_t> ids;
    for (const Service* s : services) ids.push_back(s->id);
    return ids;
}

TEST(DemoData, SameSeedAndClockGiveTheSameServices) {
    const DemoData a = generate_demo_data(42, 12, kNow);
    const DemoData b = generate_demo_data(42, 12, kNow);
    ASSERT_EQ(a.services.size(), b.services.size());
    for (std::size_t i = 0; i < a.services.size(); ++i) {
        EXPECT_EQ(service_to_json(a.services[i]), service_to_json(b.services[i])) << "index " << i;
    }
}

TEST(DemoData, DifferentSeedsGiveDifferentServices) {
    const DemoData a = generate_demo_data(1, 12, kNow);
    const DemoData b = generate_demo_data(2, 12, kNow);
    bool any_difference = false;
    for (std::size_t i = 0; i < a.services.size(); ++i) {
        any_difference =
            any_difference || service_to_json(a.services[i]) != service_to_json(b.services[i]);
    }
    EXPECT_TRUE(any_difference);
}

TEST(DemoData, HasTheRequestedCountWithIdsOneToNAscending) {
    for (int count : {1, 12, 16, 17, 40}) {
        const DemoData data = generate_demo_data(7, count, kNow);
        ASSERT_EQ(data.services.size(), static_cast<std::size_t>(count));
        for (int i = 0; i < count; ++i) EXPECT_EQ(data.services[i].id, i + 1);
    }
}

TEST(DemoData, NamesStayUniqueBeyondTheFlowCatalogue) {
    const DemoData data = generate_demo_data(3, 60, kNow);
    std::set<std::string> names;
    for (const Service& s : data.services) names.insert(s.name);
    EXPECT_EQ(names.size(), data.services.size());
}

TEST(DemoData, AlwaysHasAtLeastTwoCompanyGroups) {
    for (std::uint64_t seed = 0; seed < 200; ++seed) {
        for (int count : {2, 3, 12}) {
            std::set<std::string> groups;
            for (const Service& s : generate_demo_data(seed, count, kNow).services) {
                groups.insert(s.company_group);
            }
            EXPECT_GE(groups.size(), 2u) << "seed " << seed << ", count " << count;
        }
    }
}

TEST(DemoData, ExactlyOneActiveServiceIsMidSync) {
    for (std::uint64_t seed = 0; seed < 50; ++seed) {
        int running = 0;
        for (const Service& s : generate_demo_data(seed, 12, kNow).services) {
            if (s.last_sync && s.last_sync->status == SyncStatus::Running) {
                ++running;
                EXPECT_EQ(s.status, ServiceStatus::Active);
            }
        }
        EXPECT_EQ(running, 1) << "seed " << seed;
    }
}

TEST(DemoData, LastSyncsStartedInThePastAndIdsAreUnique) {
    std::set<std::int64_t> sync_ids;
    for (const Service& s : generate_demo_data(5, 40, kNow).services) {
        if (!s.last_sync) continue;
        EXPECT_LT(s.last_sync->started_at_ms, kNow);
        EXPECT_GT(s.last_sync->started_at_ms, kNow - 41LL * 24 * 3600 * 1000);
        EXPECT_TRUE(sync_ids.insert(s.last_sync->id).second);
    }
}

TEST(DemoData, FindServiceByIdOrNull) {
    const DemoData data = generate_demo_data(1, 12, kNow);
    ASSERT_NE(data.find_service(12), nullptr);
    EXPECT_EQ(data.find_service(12)->id, 12);
    EXPECT_EQ(data.find_service(0), nullptr);
    EXPECT_EQ(data.find_service(13), nullptr);
}

TEST(ServiceSearch, IsCaseInsensitiveOverName) {
    Service s;
    s.id = 7;
    s.name = "Shopify orders to NetSuite";
    EXPECT_TRUE(matches(s, {"SHOPIFY", std::nullopt}));
    EXPECT_TRUE(matches(s, {"netsuite", std::nullopt}));
    EXPECT_TRUE(matches(s, {"  Orders To ", std::nullopt}));  // surrounding spaces ignored
    EXPECT_FALSE(matches(s, {"magento", std::nullopt}));
}

TEST(ServiceSearch, MatchesTypeAndIdDigits) {
    Service s;
    s.id = 112;
    s.name = "Magento missed orders";
    s.type = ServiceType::Sweeper;
    EXPECT_TRUE(matches(s, {"Sweeper", std::nullopt}));
    EXPECT_TRUE(matches(s, {"11", std::nullopt}));
    EXPECT_FALSE(matches(s, {"standard", std::nullopt}));
    EXPECT_FALSE(matches(s, {"113", std::nullopt}));
}

TEST(ServiceSearch, StatusFilterCombinesWithSearch) {
    const DemoData data = generate_demo_data(1, 12, kNow);
    const auto inactive = filter_services(data, {"", ServiceStatus::Inactive});
    const auto active = filter_services(data, {"", ServiceStatus::Active});
    EXPECT_EQ(inactive.size() + active.size(), data.services.size());
    for (const Service* s : inactive) EXPECT_EQ(s->status, ServiceStatus::Inactive);
    for (const Service* s : filter_services(data, {"shopify", ServiceStatus::Active})) {
        EXPECT_EQ(s->status, ServiceStatus::Active);
    }
}

TEST(ServiceSearch, EmptySearchKeepsEverythingInIdOrder) {
    const DemoData data = generate_demo_data(9, 12, kNow);
    const auto all = ids_of(filter_services(data, {}));
    ASSERT_EQ(all.size(), 12u);
    for (std::size_t i = 1; i < all.size(); ++i) EXPECT_LT(all[i - 1], all[i]);
}

TEST(ServiceStatusParse, AcceptsTheTwoWordsInAnyCase) {
    EXPECT_EQ(parse_service_status("active"), ServiceStatus::Active);
    EXPECT_EQ(parse_service_status("INACTIVE"), ServiceStatus::Inactive);
    EXPECT_EQ(parse_service_status("paused"), std::nullopt);
    EXPECT_EQ(parse_service_status(""), std::nullopt);
}

TEST(Paginate, MiddleAndLastPages) {
    const PageWindow second = paginate(12, 2, 5);
    EXPECT_EQ(second.begin, 5u);
    EXPECT_EQ(second.end, 10u);
    EXPECT_EQ(second.last_page, 3);
    const PageWindow third = paginate(12, 3, 5);
    EXPECT_EQ(third.begin, 10u);
    EXPECT_EQ(third.end, 12u);
}

TEST(Paginate, PagePastTheEndIsEmptyButKeepsItsNumber) {
    const PageWindow w = paginate(12, 1000000000, 100);
    EXPECT_EQ(w.current_page, 1000000000);
    EXPECT_EQ(w.begin, w.end);
    EXPECT_EQ(w.last_page, 1);
}

TEST(Paginate, EmptyListHasOnePage) {
    const PageWindow w = paginate(0, 1, 50);
    EXPECT_EQ(w.total, 0);
    EXPECT_EQ(w.last_page, 1);
    EXPECT_EQ(w.begin, w.end);
}

TEST(Iso8601, UtcWithMilliseconds) {
    EXPECT_EQ(format_iso8601_ms(kNow), "2026-11-28T06:30:00.000Z");
    EXPECT_EQ(format_iso8601_ms(1709251199007), "2024-02-29T23:59:59.007Z");
    EXPECT_EQ(format_iso8601_ms(0), "1970-01-01T00:00:00.000Z");
    EXPECT_EQ(format_iso8601_ms(-1), "1969-12-31T23:59:59.999Z");
}

TEST(ServiceJson, HasTheDocumentedShapeInOrder) {
    Service s;
    s.id = 3;
    s.name = "Brightpearl stock to Magento";
    s.company_group = "Acme Wholesale";
    s.source = {"Brightpearl", "stock"};
    s.destination = {"Magento", "stock"};
    s.schedule = "Every 15 minutes";
    s.alerts_enabled = true;
    s.last_sync = LastSync{4801, SyncStatus::Partial, kNow};
    EXPECT_EQ(
        service_to_json(s).dump(),
        R"({"id":3,"name":"Brightpearl stock to Magento","status":"active",)"
        R"("type":"standard","company_group":"Acme Wholesale",)"
        R"("source":{"system":"Brightpearl","entity":"stock"},)"
        R"("destination":{"system":"Magento","entity":"stock"},)"
        R"("schedule":"Every 15 minutes","alerts_enabled":true,)"
        R"("last_sync":{"id":4801,"status":"partial","started_at":"2026-11-28T06:30:00.000Z"}})");
    s.last_sync.reset();
    EXPECT_TRUE(service_to_json(s)["last_sync"].is_null());
}

}  // namespace
