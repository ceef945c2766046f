// web/platform.h — SyncScope's browser platform layer for Dear ImGui (instead of GLFW emulation).
//
// Why not Emscripten's -sUSE_GLFW=3: its clipboard functions are empty stubs, it ignores
// devicePixelRatio (blurry text on HiDPI), passes raw wheel deltas, and listens for keys on
// `window`, so keys get lost inside an iframe. This layer uses <emscripten/html5.h> directly, as
// sokol_app and Tracy's web backend do:
//   * INPUT: mouse, wheel and keys are listened for on the focusable canvas (tabindex=0); mouse
//     moves and releases on the document too, so a drag that leaves the canvas still ends.
//     Keys are mapped by `event.code` (layout independent); text comes from `event.key`.
//   * HIGH-DPI: ImGui works in CSS pixels; the canvas backing store is CSS size × devicePixelRatio
//     and fonts are sized in CSS pixels but rasterized at that ratio (ImFontConfig::
//     RasterizerDensity, web/fonts.cpp), so text stays crisp. A change of dpr (zoom, moving to
//     another screen) rebuilds the font atlas.
//   * CLIPBOARD: copy goes out through navigator.clipboard.writeText (ImGui's SetClipboardTextFn).
//     Reading the clipboard needs a user gesture, so Ctrl/Cmd+V is left to the browser, whose
//     `paste` event hands us the text; we then replay Ctrl+V to ImGui.
//   * RENDER ON DEMAND: nothing is drawn while nothing happens. Each input asks the frame pacer
//     (web/frame_pacer.h) for frames with its reason (Redraw::Input, Wheel, …); the pacer draws
//     them by requestAnimationFrame, then the loop stops.
#pragma once

#include <functional>
#include <string>

#include "web/frame_pacer.h"

namespace web {

// The one canvas SyncScope draws in and listens on, as a CSS selector for Emscripten's html5 and
// WebGL calls. Its id "canvas" is shell/index.html's (shell/loader.js, shell/syncscope.css and
// the test API's itemRect in web/test_api.cpp find it by that id too).
inline constexpr char kCanvasSelector[] = "#canvas";

class Platform {
public:
    // `canvasSelector`: kCanvasSelector. Input asks `pacer` for frames (it must outlive the
    // platform); `onDpiChange` rebuilds fonts.
    void init(const char* canvasSelector, FramePacer& pacer,
              std::function<void(float dpr)> onDpiChange);

    // Call at the start of each frame: display size, scale, time step.
    void newFrame();
    // Call after ImGui::Render(): applies ImGui's requested mouse cursor as a CSS cursor.
    void endFrame();
    // True while ImGui is between states and needs more frames to settle, whatever the input:
    // queued input events, a focus or navigation request on its way, an item just activated or
    // hovered. Rendering on demand keeps drawing while this holds.
    bool imguiIsSettling();

    // Whether Tab in a text field moves on to the next field (a form of several: the login form)
    // rather than leaving the field and the canvas (a lone search field, where ImGui's Tab would
    // only come back to the same field: a keyboard trap). Set each frame from the view drawn.
    void setTabBetweenFields(bool on) { tabBetweenFields_ = on; }
    bool tabBetweenFields_ = false;

    float devicePixelRatio() const { return dpr_; }
    int framebufferWidth() const { return fbWidth_; }
    int framebufferHeight() const { return fbHeight_; }

    // Internal: called from the C callbacks.
    void onResize();
    void onPaste(const char* text);

private:
    std::string canvas_;
    std::function<void(float)> onDpiChange_;
    float dpr_ = 0.0f;  // unknown until the first onResize, which then bakes the fonts once
    double cssWidth_ = 0, cssHeight_ = 0;
    int fbWidth_ = 0, fbHeight_ = 0;
    double lastTime_ = 0;
    int lastCursor_ = -2;
    unsigned lastActiveId_ = 0, lastHoveredId_ = 0, lastNavId_ = 0;
};

}  // namespace web
