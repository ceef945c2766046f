// web/frame_pacer.h — rendering on demand: nothing is drawn while nothing happens. Whatever may
// change the picture asks the pacer for frames with a reason; the pacer draws them with
// requestAnimationFrame and stops the loop when none are left. Requests coalesce: the pending
// count becomes the largest asked for, not the sum.
//
// How many frames each reason costs is decided in one place, framesFor() below. Why more than
// one: ImGui spreads an input over frames (a click's press and release, a key's down, character
// and up are trickled one per frame), hover and active highlights follow a frame later, and a
// table sizes its columns from the frame before (it settles on the second). On a software GPU a
// frame costs tens of milliseconds of CPU, so a reason asks for as few as it needs; a frame that
// ends with ImGui still between states asks for more itself (Redraw::Settling).
#pragma once

#include <functional>

namespace web {

enum class Redraw {
    Input,        // a key, a click, a tap, a paste, Tab leaving the canvas
    PointerMove,  // the mouse moved over the document or left the canvas (hover changes)
    Focus,        // the canvas gained or lost the keyboard focus
    Wheel,        // one wheel step: the scroll shows in the first frame
    Resize,       // the canvas' CSS size or the device pixel ratio changed (fonts rebuilt)
    Answer,       // the App's state changed without input: an answer, a tick, a deferred call
    Settling,     // the frame just drawn left ImGui between states (Platform::imguiIsSettling)
    Intent,       // the frame just drawn applied intents that changed the App's state
    External,     // the state changed from outside the canvas: the address (a hash change, a demo
                  // link's token), a portal's message, the tab shown again
    Theme,        // the system's colour scheme changed and the theme follows it
    Timed,        // one frame at a set time: a countdown or running duration, the back-fill note
                  // once a second, the "… ago" times every 30 s (web/main.cpp, requestFrameAt)
    Start,        // the App has started, or the WebGL context came back: draw everything
    Recording,    // a test called window.syncscope for the first time: the item rects it reads
                  // are recorded from the next frame on (ui/item_rects.h)
};

// The one table of frame counts.
constexpr int framesFor(Redraw why) {
    switch (why) {
        case Redraw::Input: return 3;        // press/down, release/character, up, then highlight
        case Redraw::PointerMove: return 2;  // the move, then the hover it caused
        case Redraw::Focus: return 2;
        case Redraw::Wheel: return 1;  // more only if ImGui trickles it (Settling)
        case Redraw::Resize: return 3;
        case Redraw::Answer: return 2;  // tables settle on the second frame
        case Redraw::Settling: return 2;
        case Redraw::Intent: return 3;
        case Redraw::External: return 3;
        case Redraw::Theme: return 2;
        case Redraw::Timed: return 1;  // only text changes (a time, a count)
        case Redraw::Start: return 3;
        case Redraw::Recording: return 1;  // settled() waits for a frame with the rects
    }
    return 3;
}

class FramePacer {
public:
    // `drawFrame` draws one frame; called from requestAnimationFrame only.
    void init(std::function<void()> drawFrame) { drawFrame_ = std::move(drawFrame); }
    // At least framesFor(why) more frames (coalesced); starts the loop if it is idle.
    void request(Redraw why);
    // Frames asked for and not yet drawn: what is on screen is about to change.
    bool pending() const { return pendingFrames_ > 0; }

    // The requestAnimationFrame callback's body: draws one pending frame; false stops the loop.
    bool onAnimationFrame();

private:
    std::function<void()> drawFrame_;
    int pendingFrames_ = 0;
    bool loopRunning_ = false;
};

}  // namespace web
