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
