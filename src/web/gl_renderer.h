// web/gl_renderer.h — ImGui's draw lists drawn with WebGL2, on a context SyncScope owns alone.
//
// Why not ImGui's OpenGL3 backend: it is written to run inside someone else's engine, so every
// frame it saves and restores the GL state it touches — about 25 `glGet*`/`glIsEnabled` calls,
// which WebGL turns into `getParameter`/`isEnabled`. In Chromium many of those are synchronous
// round trips to the GPU process, and each one waits until the GPU process has carried out every
// command queued before it. On a software renderer (SwiftShader) that is most of a frame: the
// page's main thread sat blocked there for ~0.1 s a frame while answers from the network waited
// behind it. The canvas belongs to SyncScope and nothing else draws into it, so this renderer sets
// its state once when the context is made (or restored) and never asks WebGL for anything while
// drawing: a frame is buffer uploads, scissors and draw calls, queued without a wait.
//
// The font atlas is uploaded as one-channel (R8) coverage, a quarter of the RGBA texture's bytes;
// SyncScope draws no images, so the shader needs no colour texture. Meshes of any size are drawn
// (ImDrawCmd::VtxOffset is honoured by pointing the attributes at the offset).
#pragma once

struct ImDrawData;

namespace web {

// Compiles the shaders and makes the buffers and the vertex array, and sets the fixed state
// (blending, scissor test, program, texture unit). Needs a current WebGL2 context. False, with
// nothing left behind, when the shaders do not compile or link.
bool rendererInit();

// Forgets every GL object. On a lost context deleting does nothing, so this only clears the
// handles, ready for rendererInit() on restore.
void rendererShutdown();

// (Re)creates the font texture from ImGui's built atlas and gives its id to the atlas.
void rendererUploadFonts();

// Clears the framebuffer (fbWidth × fbHeight device pixels) to `clear` and draws the frame. A
// command marked with ui::clearRectMarker (ui/clear_rect.h) is a scissored clear of its clip
// rectangle to the colour it carries, instead of triangles.
void rendererDraw(const ImDrawData& drawData, int fbWidth, int fbHeight, const float clear[3]);

// What the last frame sent to the GPU (for the benchmarks, through window.syncscope.state()).
struct RendererStats {
    int drawCalls = 0;
    int vertices = 0;
    int indices = 0;
    int clears = 0;  // scissored clears drawn for opaque panel backgrounds (ui/clear_rect.h)
};
RendererStats rendererLastStats();

}  // namespace web
