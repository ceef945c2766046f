// tests/unit/id_list_test.cpp — the filtered log's id lists (core/id_list.h).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "core/id_list.h"

namespace {

// --- IdList
// ---------------------------------------------------------------------------------------

TEST(IdList, AppendsPrependsAndSearches) {
    core::IdList list;
    std::vector<int64_t> model;
    for (int64_t id = 50'000; id < 60'000; id += 3) {
        list.push_back(id);
        model.push_back(id);
    }
    const uint32_t offsets[] = {0, 2, 3, 10'000};
    list.append(70'000, offsets, 4);
    for (uint32_t o : offsets) model.push_back(70'000 + o);
    std::vector<int64_t> older;
    for (int64_t id = 1; id < 50'000; id += 7) older.push_back(id);
    list.prepend(older);
    model.insert(model.begin(), older.begin(), older.end());
    list.prepend({-5, 0});
    model.insert(model.begin(), {-5, 0});
    ASSERT_EQ(list.size(), model.size());
    for (size_t k = 0; k < model.size(); ++k) ASSERT_EQ(list[k], model[k]);
    for (int64_t id = -10; id < 81'000; id += 501) {
        EXPECT_EQ(
            list.lowerBound(id),
            static_cast<size_t>(std::lower_bound(model.begin(), model.end(), id) - model.begin()));
        EXPECT_EQ(
            list.upperBound(id),
            static_cast<size_t>(std::upper_bound(model.begin(), model.end(), id) - model.begin()));
    }
    list.clear();
    EXPECT_TRUE(list.empty());
    list.prepend({3, 4});
    list.push_back(9);
    EXPECT_EQ(list.size(), 3u);
    EXPECT_EQ(list[0], 3);
    EXPECT_EQ(list[2], 9);
}

}  // namespace
