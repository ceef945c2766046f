// web/gl_context.h — surviving the loss of the WebGL2 context.
//
// A browser may take the context away at any time (a GPU reset or driver update, too many
// contexts, a tab in the background on a phone). Every GL object is gone then. On
// `webglcontextlost` the default is prevented (so the browser tries to restore it), ImGui's GL
// objects are let go and a message is shown over the canvas; on `webglcontextrestored` ImGui's
// shaders, buffers and font texture are created again (the font atlas' pixels are still in
// memory) and the frames asked for are drawn. Nothing else is lost: the App's state lives in
// wasm memory, not in GL.
#pragma once

#include <functional>

namespace web {

// Watches the canvas; `onLost` / `onRestored` run after ImGui's renderer was shut down / set up
// again (so the main loop stops drawing while lost and redraws once restored).
void watchGlContext(const char* canvasSelector, std::function<void()> onLost,
                    std::function<void()> onRestored);

// While true, nothing may be drawn (ImGui's renderer is shut down).
bool glContextLost();

}  // namespace web
