// The frames each redraw reason asks for (web/frame_pacer.h): the counts the platform and the
// main loop asked for by number before the pacer named them. A change here changes how much is
// drawn per input (and the CPU a software renderer spends): do it on purpose.
#include "web/frame_pacer.h"

#include <gtest/gtest.h>

namespace {

using web::framesFor;
using web::Redraw;

TEST(FramePacer, InputIsDrawnOverThreeFramesAsImGuiTricklesIt) {
    EXPECT_EQ(framesFor(Redraw::Input), 3);  // keys, clicks, taps, paste, Tab
    EXPECT_EQ(framesFor(Redraw::Resize), 3);
    EXPECT_EQ(framesFor(Redraw::Intent), 3);
    EXPECT_EQ(framesFor(Redraw::External), 3);
    EXPECT_EQ(framesFor(Redraw::Start), 3);
}

TEST(FramePacer, HoverFocusAnswersAndSettlingTakeTwo) {
    EXPECT_EQ(framesFor(Redraw::PointerMove), 2);
    EXPECT_EQ(framesFor(Redraw::Focus), 2);
    EXPECT_EQ(framesFor(Redraw::Answer), 2);
    EXPECT_EQ(framesFor(Redraw::Settling), 2);
    EXPECT_EQ(framesFor(Redraw::Theme), 2);
}

TEST(FramePacer, AWheelStepAndATimedFrameTakeOne) {
    EXPECT_EQ(framesFor(Redraw::Wheel), 1);
    EXPECT_EQ(framesFor(Redraw::Timed), 1);
    EXPECT_EQ(framesFor(Redraw::Recording), 1);
}

}  // namespace
