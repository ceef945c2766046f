// The services search: case-insensitive over id, type and name, European letters included.
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

TEST(ServicesFilter, FoldsLatinGreekAndCyrillicCapitals) {
    EXPECT_EQ(core::foldCase("SHOPIFY Orders"), "shopify orders");
    EXPECT_EQ(core::foldCase("ZÜRICH ŁÓDŹ"), "zürich łódź");
    EXPECT_EQ(core::foldCase("ΩΜΈΓΑ"), "ωμέγα");
    EXPECT_EQ(core::foldCase("ПРИВЕТ Ёж"), "привет ёж");
    EXPECT_EQ(core::foldCase("→ € 日本"), "→ € 日本");  // untouched
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

}  // namespace
