// web/frame_pacer.cpp — see frame_pacer.h.
#include "web/frame_pacer.h"

#include <emscripten/html5.h>

namespace web {
namespace {

EM_BOOL animationFrame(double, void* pacer) {
    return static_cast<FramePacer*>(pacer)->onAnimationFrame() ? EM_TRUE : EM_FALSE;
}

}  // namespace

void FramePacer::request(Redraw why) {
    const int count = framesFor(why);
    if (count > pendingFrames_) pendingFrames_ = count;
    if (!loopRunning_) {
        loopRunning_ = true;
        emscripten_request_animation_frame_loop(animationFrame, this);
    }
}

bool FramePacer::onAnimationFrame() {
    if (pendingFrames_ > 0) {
        --pendingFrames_;
        if (drawFrame_) drawFrame_();
    }
    loopRunning_ = pendingFrames_ > 0;
    return loopRunning_;
}

}  // namespace web
