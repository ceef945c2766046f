// tests/unit/ui_item_rects_test.cpp — the rects tests read through window.syncscope.itemRect: none
// recorded, and no id built, before a test first calls window.syncscope; recorded from then on,
// and ready once a frame began with recording on (ui/item_rects.h).
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "imgui.h"
#include "imgui_frame.h"
#include "ui/item_rects.h"

namespace {

using testing_ui::ImGuiFrame;
using ui::ItemRects;

// An id part that counts how often it is turned into text.
struct CountingPart {
    int* conversions;
    operator std::string_view() const {
        ++*conversions;
        return "row";
    }
};

TEST(UiItemRects, JoinsTextAndNumberParts) {
    EXPECT_EQ(ui::joinId("log.line.", int64_t{42}), "log.line.42");
    EXPECT_EQ(ui::joinId("services.row.", std::string("7")), "services.row.7");
    EXPECT_EQ(ui::joinId("services.filter.system", ".", std::string("Shopify")),
              "services.filter.system.Shopify");
    EXPECT_EQ(ui::joinId("summary.status.", "all"), "summary.status.all");
    EXPECT_EQ(ui::joinId("x.", int64_t{-3}), "x.-3");
}

TEST(UiItemRects, NothingRecordedOrBuiltUntilRecordingStarts) {
    ImGuiFrame frame;
    ItemRects rects;
    ImGui::Begin("w");
    ImGui::Button("Press");
    int conversions = 0;
    ui::recordItem(rects, "a.button");
    ui::recordItem(rects, "a.", CountingPart{&conversions});
    ui::recordRow(rects, "a.row.", int64_t{3});
    EXPECT_EQ(rects.size(), 0u);
    EXPECT_EQ(conversions, 0) << "an id was built while nothing is recorded";

    rects.startRecording();
    ui::recordItem(rects, "a.button");
    ui::recordItem(rects, "a.", CountingPart{&conversions});
    ui::recordRow(rects, "a.row.", int64_t{3});
    ImGui::End();
    EXPECT_EQ(conversions, 1);
    ASSERT_NE(rects.find("a.button"), nullptr);
    const ui::Rect r = *rects.find("a.button");
    EXPECT_GT(r.w, 0.0f);
    EXPECT_GT(r.h, 0.0f);
    ASSERT_NE(rects.find("a.row"), nullptr);
    EXPECT_EQ(rects.find("a.row")->x, r.x);
    EXPECT_NE(rects.find("a.row.3"), nullptr);
}

TEST(UiItemRects, ReadyOnceAFrameBeganWithRecordingOn) {
    ItemRects rects;
    rects.clear();
    EXPECT_FALSE(rects.ready());
    rects.startRecording();
    EXPECT_TRUE(rects.recording());
    EXPECT_FALSE(rects.ready()) << "no frame has been drawn with the rects yet";
    rects.clear();  // the next frame begins
    EXPECT_TRUE(rects.ready());
    rects.clear();
    EXPECT_TRUE(rects.ready()) << "recording stays on";
}

TEST(UiItemRects, HiddenItemsAreNotRecorded) {
    ImGuiFrame frame(400.0f, 300.0f);
    ItemRects rects;
    rects.startRecording();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(200, 100));
    ImGui::Begin("small", nullptr, ImGuiWindowFlags_NoTitleBar);
    ImGui::Button("shown");
    ui::recordItem(rects, "shown");
    ImGui::SetCursorPosY(1000.0f);  // far below the window's visible area
    ImGui::Button("below");
    ui::recordItem(rects, "below");
    ImGui::End();
    EXPECT_NE(rects.find("shown"), nullptr);
    EXPECT_EQ(rects.find("below"), nullptr);
}

}  // namespace
