// The services search: case-insensitive over id, type and name, European letters included; the
// sort and the filters' facets.
#include <gtest/gtest.h>

#include "core/services_filter.h"

namespace {

core::Service service(int64_t id, const char* name, const char* type) {
    core::Service s;
    s.id = id;
    s.name = name;
    s.type = type;
    return s;
}

TEST(ServicesFilter, MatchesIdTypeAndNameOnly) {
    const std::vector<core::Service> all = {service(12, "Shopify orders → NetSuite", "standard"),
                                            service(7, "Missed orders", "sweeper"),
                                            service(120, "Заказы Magento", "standard")};
    EXPECT_EQ(core::filterServices(all, ""), (std::vector<size_t>{0, 1, 2}));
    EXPECT_EQ(core::filterServices(all, "ORDERS"), (std::vector<size_t>{0, 1}));
    EXPECT_EQ(core::filterServices(all, "Sweep"), (std::vector<size_t>{1}));
    EXPECT_EQ(core::filterServices(all, "12"), (std::vector<size_t>{0, 2}));
    EXPECT_EQ(core::filterServices(all, "заказы"), (std::vector<size_t>{2}));
    EXPECT_TRUE(core::filterServices(all, "netsuite x").empty());
}

core::Service flow(int64_t id, const char* group, const char* from, const char* entity,
                   const char* to) {
    core::Service s = service(id, "Flow", "standard");
    s.companyGroup = group;
    s.source = {from, entity};
    s.destination = {to, entity};
    return s;
}

TEST(ServicesFilter, SortsByFlowCaseInsensitivelyKeepingTiesInOrder) {
    const std::vector<core::Service> all = {flow(1, "A", "shopify", "orders", "NetSuite"),
                                            flow(2, "A", "Magento", "orders", "Brightpearl"),
                                            flow(3, "A", "Shopify", "orders", "NetSuite"),
                                            flow(4, "A", "Shopify", "customers", "NetSuite")};
    std::vector<size_t> rows = {0, 1, 2, 3};
    core::sortServices(rows, all, {core::ServicesSortKey::Flow, false});
    EXPECT_EQ(rows, (std::vector<size_t>{1, 3, 0, 2}));  // 0 and 2 tie: API order kept
    core::sortServices(rows, all, {core::ServicesSortKey::Flow, true});
    EXPECT_EQ(rows, (std::vector<size_t>{0, 2, 3, 1}));
}

TEST(ServicesFilter, SortsByAlertsAndId) {
    std::vector<core::Service> all = {service(30, "a", "standard"), service(4, "b", "standard"),
                                      service(12, "c", "standard")};
    all[1].alertsEnabled = true;
    std::vector<size_t> rows = {0, 1, 2};
    core::sortServices(rows, all, {core::ServicesSortKey::Id, false});
    EXPECT_EQ(rows, (std::vector<size_t>{1, 2, 0}));  // by number, not as text
    core::sortServices(rows, all, {core::ServicesSortKey::Alerts, true});
    EXPECT_EQ(rows, (std::vector<size_t>{1, 2, 0}));  // on first
}

TEST(ServicesFilter, FacetsListAChosenValueThatNoServiceHasAnyMore) {
    const std::vector<core::Service> all = {flow(1, "Retail", "Shopify", "orders", "NetSuite"),
                                            flow(2, "Wholesale", "Magento", "orders", "X")};
    core::ServicesFilter f;
    f.sourceSystem = "SFTP";
    const core::ServicesFacets facets = core::servicesFacets(all, f);
    ASSERT_EQ(facets.systems.size(), 3u);  // Magento, SFTP, Shopify
    EXPECT_EQ(facets.systems[1].value, "SFTP");
    EXPECT_EQ(facets.systems[1].count, 0u);
    EXPECT_TRUE(facets.entities.empty());  // no service from SFTP, so no entity to offer
    EXPECT_TRUE(core::filterServices(all, f).empty());
}

}  // namespace

// --- issue 16 point 1: the last 24 hours' runs -------------------------------------------------

namespace {

constexpr core::TimeMs kHour = 3600 * 1000LL;
constexpr core::TimeMs kNow = 1'800'000'000'000LL;  // the server's clock

core::Service withRuns(int64_t id, std::vector<std::pair<core::TimeMs, core::SyncStatus>> runs) {
    core::Service s = service(id, "svc", "standard");
    s.hasRuns = true;
    int64_t n = 0;
    for (const auto& [at, st] : runs) {
        s.runs24h.push_back({n + 1, st, at});
        ++n;
        s.failed24h += st == core::SyncStatus::Failed || st == core::SyncStatus::Partial;
    }
    return s;
}

}  // namespace

TEST(ServicesRuns, StripHasTwentyFourHoursOldestFirstColouredByTheWorstRun) {
    using S = core::SyncStatus;
    const core::Service s = withRuns(1, {{kNow - 24 * kHour - 1, S::Failed},  // older: left out
                                         {kNow - 24 * kHour, S::Success},     // first cell
                                         {kNow - 23 * kHour - 1, S::Partial},
                                         {kNow - 5 * kHour + 10, S::Success},
                                         {kNow - 5 * kHour + 20, S::Failed},
                                         {kNow - 5 * kHour + 30, S::Running},
                                         {kNow - 2 * kHour, S::Running},
                                         {kNow - 2 * kHour + 1, S::Success},
                                         {kNow - 1, S::Success},
                                         {kNow + 500, S::Queued}});  // a clock a moment behind
    const std::vector<core::HourCell> cells = core::runStrip(s, kNow);
    ASSERT_EQ(cells.size(), 24u);
    EXPECT_EQ(cells[0].start, kNow - 24 * kHour);
    EXPECT_EQ(cells[23].start, kNow - kHour);
    EXPECT_EQ(cells[0].worst, S::Partial);
    EXPECT_EQ(cells[0].runs, (std::vector<size_t>{1, 2}));
    EXPECT_EQ(cells[19].worst, S::Failed);  // failed beats running and success
    EXPECT_EQ(cells[19].runs.size(), 3u);
    EXPECT_EQ(cells[22].worst, S::Running);  // running beats success
    EXPECT_EQ(cells[23].worst, S::Queued);   // queued counts as running: beats success
    EXPECT_EQ(cells[23].runs.size(), 2u);
    EXPECT_FALSE(cells[1].worst);  // an empty hour
    EXPECT_TRUE(cells[1].runs.empty());
    EXPECT_GT(core::outcomeSeverity(S::Failed), core::outcomeSeverity(S::Partial));
    EXPECT_GT(core::outcomeSeverity(S::Partial), core::outcomeSeverity(S::Running));
    EXPECT_GT(core::outcomeSeverity(S::Running), core::outcomeSeverity(S::Success));
}

TEST(ServicesRuns, StripOfAServiceWithoutRunDataIsEmpty) {
    core::Service s = service(3, "core flow", "");
    const auto cells = core::runStrip(s, kNow);
    ASSERT_EQ(cells.size(), 24u);
    for (const auto& c : cells) EXPECT_FALSE(c.worst);
}

TEST(ServicesRuns, FailingFilterCombinesWithTheOthers) {
    using S = core::SyncStatus;
    std::vector<core::Service> all = {
        withRuns(1, {{kNow - kHour, S::Failed}}), withRuns(2, {{kNow - kHour, S::Success}}),
        withRuns(3, {{kNow - kHour, S::Partial}}), service(4, "no run data", "sweeper")};
    all[0].status = core::ServiceStatus::Active;
    all[2].status = core::ServiceStatus::Inactive;
    all[3].failed24h = 7;  // hasRuns false: never "failing", whatever the count says
    core::ServicesFilter f;
    EXPECT_FALSE(f.any());
    f.failing = true;
    EXPECT_TRUE(f.any());
    EXPECT_NE(f, core::ServicesFilter{});
    EXPECT_EQ(core::filterServices(all, f), (std::vector<size_t>{0, 2}));
    f.status = core::ServiceStatus::Inactive;
    EXPECT_EQ(core::filterServices(all, f), (std::vector<size_t>{2}));
    f.status.reset();
    f.search = "1";
    EXPECT_EQ(core::filterServices(all, f), (std::vector<size_t>{0}));
}

TEST(ServicesRuns, SortsByFailuresWithServicesWithoutRunDataLast) {
    using S = core::SyncStatus;
    std::vector<core::Service> all = {
        withRuns(1, {{kNow - kHour, S::Failed}}), service(2, "no run data", "sweeper"),
        withRuns(3, {{kNow - kHour, S::Failed}, {kNow - 2 * kHour, S::Partial}}),
        withRuns(4, {{kNow - kHour, S::Success}}), withRuns(5, {{kNow - 3 * kHour, S::Failed}})};
    std::vector<size_t> rows = {0, 1, 2, 3, 4};
    core::sortServices(rows, all, {core::ServicesSortKey::Failures, true});
    EXPECT_EQ(rows, (std::vector<size_t>{2, 0, 4, 3, 1}));  // ties keep their order
    rows = {0, 1, 2, 3, 4};
    core::sortServices(rows, all, {core::ServicesSortKey::Failures, false});
    EXPECT_EQ(rows, (std::vector<size_t>{3, 0, 4, 2, 1}));
}
