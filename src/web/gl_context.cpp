// web/gl_context.cpp — see gl_context.h.
#include "web/gl_context.h"

#include <emscripten.h>
#include <emscripten/html5.h>

#include "imgui.h"
#include "web/gl_renderer.h"

namespace web {
namespace {

bool gLost = false;
std::function<void()> gOnLost, gOnRestored;

// clang-format off
EM_JS(void, js_show_notice, (const char* text), {
    const el = document.getElementById('notice');
    if (!el) return;
    el.textContent = UTF8ToString(text);
    el.hidden = false;
    document.body.classList.add('syncscope-notice');
});
EM_JS(void, js_hide_notice, (), {
    const el = document.getElementById('notice');
    if (el) { el.hidden = true; el.textContent = ""; }
    document.body.classList.remove('syncscope-notice');
});
// clang-format on

EM_BOOL onLost(int, const void*, void*) {
    if (!gLost) {
        gLost = true;
        // Deleting objects of a lost context does nothing (and raises no error): this only lets
        // the backend forget them, so that Init can start afresh on restore.
        rendererShutdown();
        js_show_notice(
            "The graphics context was lost (the GPU was reset, or the browser reclaimed it). "
            "SyncScope will redraw as soon as the browser restores it; if nothing happens, "
            "reload the page.");
        if (gOnLost) gOnLost();
    }
    return EM_TRUE;  // preventDefault: without it the browser never restores the context
}

EM_BOOL onRestored(int, const void*, void*) {
    if (!gLost) return EM_FALSE;
    // The context object is the same one, blank: ImGui's shaders, buffers and the font texture
    // (from the atlas pixels still in memory) are made again.
    if (!rendererInit()) {
        js_show_notice(
            "The graphics context came back but could not be set up again. Reload the page.");
        return EM_FALSE;
    }
    if (ImGui::GetIO().Fonts->IsBuilt()) rendererUploadFonts();  // else buildFonts will
    gLost = false;
    js_hide_notice();
    if (gOnRestored) gOnRestored();
    return EM_FALSE;
}

}  // namespace

void watchGlContext(const char* canvasSelector, std::function<void()> onLostCb,
                    std::function<void()> onRestoredCb) {
    gOnLost = std::move(onLostCb);
    gOnRestored = std::move(onRestoredCb);
    emscripten_set_webglcontextlost_callback(canvasSelector, nullptr, EM_FALSE, onLost);
    emscripten_set_webglcontextrestored_callback(canvasSelector, nullptr, EM_FALSE, onRestored);
}

bool glContextLost() {
    return gLost;
}

}  // namespace web
