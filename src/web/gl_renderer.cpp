// web/gl_renderer.cpp — see gl_renderer.h.
#include "web/gl_renderer.h"

#include <GLES3/gl3.h>

#include <cstddef>
#include <cstdint>

#include "imgui.h"
#include "ui/clear_rect.h"

namespace web {
namespace {

struct Renderer {
    GLuint program = 0;
    GLint scaleOffset = -1;  // uniform vec4: xy scale, zw offset (pixels → clip space)
    GLuint vao = 0;
    GLuint vertices = 0;
    GLuint indices = 0;
    GLuint fontTexture = 0;
    GLsizeiptr vertexCapacity = 0;  // bytes the buffers hold now
    GLsizeiptr indexCapacity = 0;
};
Renderer gR;
RendererStats gStats;

constexpr GLuint kPos = 0, kUv = 1, kColour = 2;

constexpr const char* kVertexShader = R"(#version 300 es
precision highp float;
layout(location = 0) in vec2 pos;
layout(location = 1) in vec2 uv;
layout(location = 2) in vec4 colour;
uniform vec4 scaleOffset;
out vec2 fragUv;
out vec4 fragColour;
void main() {
    fragUv = uv;
    fragColour = colour;
    gl_Position = vec4(pos * scaleOffset.xy + scaleOffset.zw, 0.0, 1.0);
}
)";

// The atlas holds coverage only: every glyph and shape is drawn in its vertex colour.
constexpr const char* kFragmentShader = R"(#version 300 es
precision mediump float;
uniform sampler2D atlas;
in vec2 fragUv;
in vec4 fragColour;
layout(location = 0) out vec4 outColour;
void main() {
    outColour = vec4(fragColour.rgb, fragColour.a * texture(atlas, fragUv).r);
}
)";

GLuint compile(GLenum type, const char* source) {
    const GLuint shader = glCreateShader(type);
    glShaderSource(shader, 1, &source, nullptr);
    glCompileShader(shader);
    GLint ok = GL_FALSE;
    glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);  // once, at start: the only query made
    if (ok != GL_TRUE) {
        glDeleteShader(shader);
        return 0;
    }
    return shader;
}

GLuint link(GLuint vs, GLuint fs) {
    const GLuint program = glCreateProgram();
    glAttachShader(program, vs);
    glAttachShader(program, fs);
    glLinkProgram(program);
    glDetachShader(program, vs);
    glDetachShader(program, fs);
    GLint ok = GL_FALSE;
    glGetProgramiv(program, GL_LINK_STATUS, &ok);
    if (ok != GL_TRUE) {
        glDeleteProgram(program);
        return 0;
    }
    return program;
}

// Points the three attributes at the vertex `firstVertex` of the bound vertex buffer.
void pointAttributes(std::size_t firstVertex) {
    const std::size_t base = firstVertex * sizeof(ImDrawVert);
    const auto at = [base](std::size_t field) {
        return reinterpret_cast<const void*>(static_cast<std::uintptr_t>(base + field));
    };
    glVertexAttribPointer(kPos, 2, GL_FLOAT, GL_FALSE, sizeof(ImDrawVert),
                          at(offsetof(ImDrawVert, pos)));
    glVertexAttribPointer(kUv, 2, GL_FLOAT, GL_FALSE, sizeof(ImDrawVert),
                          at(offsetof(ImDrawVert, uv)));
    glVertexAttribPointer(kColour, 4, GL_UNSIGNED_BYTE, GL_TRUE, sizeof(ImDrawVert),
                          at(offsetof(ImDrawVert, col)));
}

// Makes the buffer at least `bytes` long (growing by half again, so a growing frame does not
// reallocate every time); its old contents are not kept.
void reserve(GLenum target, GLsizeiptr bytes, GLsizeiptr& capacity) {
    if (bytes <= capacity) return;
    capacity = bytes + bytes / 2;
    glBufferData(target, capacity, nullptr, GL_STREAM_DRAW);
}

}  // namespace

bool rendererInit() {
    rendererShutdown();
    const GLuint vs = compile(GL_VERTEX_SHADER, kVertexShader);
    const GLuint fs = vs ? compile(GL_FRAGMENT_SHADER, kFragmentShader) : 0;
    const GLuint program = fs ? link(vs, fs) : 0;
    if (vs) glDeleteShader(vs);
    if (fs) glDeleteShader(fs);
    if (!program) return false;
    gR.program = program;
    gR.scaleOffset = glGetUniformLocation(program, "scaleOffset");
    glGenVertexArrays(1, &gR.vao);
    glGenBuffers(1, &gR.vertices);
    glGenBuffers(1, &gR.indices);

    // The state every frame needs, set once: nothing else draws into this context.
    glUseProgram(program);
    glUniform1i(glGetUniformLocation(program, "atlas"), 0);
    glActiveTexture(GL_TEXTURE0);
    glBindVertexArray(gR.vao);
    glBindBuffer(GL_ARRAY_BUFFER, gR.vertices);
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, gR.indices);  // part of the vertex array's state
    glEnableVertexAttribArray(kPos);
    glEnableVertexAttribArray(kUv);
    glEnableVertexAttribArray(kColour);
    glEnable(GL_BLEND);
    glBlendEquation(GL_FUNC_ADD);
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    glDisable(GL_CULL_FACE);
    glDisable(GL_DEPTH_TEST);
    glDisable(GL_STENCIL_TEST);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);

    ImGuiIO& io = ImGui::GetIO();
    io.BackendRendererName = "syncscope_webgl2";
    io.BackendFlags |= ImGuiBackendFlags_RendererHasVtxOffset;  // no 64K-vertex limit per list
    return true;
}

void rendererShutdown() {
    if (gR.fontTexture) glDeleteTextures(1, &gR.fontTexture);
    if (gR.vertices) glDeleteBuffers(1, &gR.vertices);
    if (gR.indices) glDeleteBuffers(1, &gR.indices);
    if (gR.vao) glDeleteVertexArrays(1, &gR.vao);
    if (gR.program) glDeleteProgram(gR.program);
    gR = Renderer{};
    if (ImGui::GetCurrentContext()) {
        ImGuiIO& io = ImGui::GetIO();
        io.Fonts->SetTexID(ImTextureID{});
        io.BackendRendererName = nullptr;
        io.BackendFlags &= ~ImGuiBackendFlags_RendererHasVtxOffset;
    }
}

void rendererUploadFonts() {
    ImGuiIO& io = ImGui::GetIO();
    unsigned char* pixels = nullptr;
    int width = 0, height = 0;
    io.Fonts->GetTexDataAsAlpha8(&pixels, &width, &height);
    if (gR.fontTexture) glDeleteTextures(1, &gR.fontTexture);
    glGenTextures(1, &gR.fontTexture);
    glBindTexture(GL_TEXTURE_2D, gR.fontTexture);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, width, height, 0, GL_RED, GL_UNSIGNED_BYTE, pixels);
    io.Fonts->SetTexID(reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(gR.fontTexture)));
}

void rendererDraw(const ImDrawData& d, int fbWidth, int fbHeight, const float clear[3]) {
    glViewport(0, 0, fbWidth, fbHeight);
    glDisable(GL_SCISSOR_TEST);  // a clear is scissored too
    glClearColor(clear[0], clear[1], clear[2], 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    gStats = RendererStats{0, d.TotalVtxCount, d.TotalIdxCount, 0};
    if (!gR.program || fbWidth <= 0 || fbHeight <= 0 || d.TotalVtxCount == 0) return;
    glEnable(GL_SCISSOR_TEST);

    // Display pixels (from DisplayPos, y down) to clip space (y up).
    const float sx = 2.0f / d.DisplaySize.x, sy = -2.0f / d.DisplaySize.y;
    glUniform4f(gR.scaleOffset, sx, sy, -1.0f - d.DisplayPos.x * sx, 1.0f - d.DisplayPos.y * sy);

    // Every list's vertices and indices in one buffer each, uploaded before any draw.
    reserve(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(d.TotalVtxCount) * sizeof(ImDrawVert),
            gR.vertexCapacity);
    reserve(GL_ELEMENT_ARRAY_BUFFER, static_cast<GLsizeiptr>(d.TotalIdxCount) * sizeof(ImDrawIdx),
            gR.indexCapacity);
    std::size_t vtxAt = 0, idxAt = 0;
    for (int n = 0; n < d.CmdListsCount; ++n) {
        const ImDrawList& list = *d.CmdLists[n];
        // (A size of 0 would mean "to the end of the source" to WebGL2: the whole wasm heap.)
        if (list.VtxBuffer.Size > 0)
            glBufferSubData(GL_ARRAY_BUFFER, static_cast<GLintptr>(vtxAt * sizeof(ImDrawVert)),
                            static_cast<GLsizeiptr>(list.VtxBuffer.Size) * sizeof(ImDrawVert),
                            list.VtxBuffer.Data);
        if (list.IdxBuffer.Size > 0)
            glBufferSubData(GL_ELEMENT_ARRAY_BUFFER,
                            static_cast<GLintptr>(idxAt * sizeof(ImDrawIdx)),
                            static_cast<GLsizeiptr>(list.IdxBuffer.Size) * sizeof(ImDrawIdx),
                            list.IdxBuffer.Data);
        vtxAt += static_cast<std::size_t>(list.VtxBuffer.Size);
        idxAt += static_cast<std::size_t>(list.IdxBuffer.Size);
    }

    const ImVec2 off = d.DisplayPos, scale = d.FramebufferScale;
    const GLenum indexType = sizeof(ImDrawIdx) == 2 ? GL_UNSIGNED_SHORT : GL_UNSIGNED_INT;
    std::size_t listVtx = 0, listIdx = 0;
    std::size_t pointedAt = SIZE_MAX;
    ImTextureID bound{};
    for (int n = 0; n < d.CmdListsCount; ++n) {
        const ImDrawList& list = *d.CmdLists[n];
        for (const ImDrawCmd& cmd : list.CmdBuffer) {
            const float x0 = (cmd.ClipRect.x - off.x) * scale.x;
            const float y0 = (cmd.ClipRect.y - off.y) * scale.y;
            const float x1 = (cmd.ClipRect.z - off.x) * scale.x;
            const float y1 = (cmd.ClipRect.w - off.y) * scale.y;
            const bool clear = cmd.UserCallback == ui::clearRectMarker;
            if (cmd.UserCallback && !clear) {
                // ImGui's own reset marker needs nothing here.
                if (cmd.UserCallback != ImDrawCallback_ResetRenderState)
                    cmd.UserCallback(&list, &cmd);
                continue;
            }
            if (x1 <= x0 || y1 <= y0 || (cmd.ElemCount == 0 && !clear)) continue;
            glScissor(static_cast<GLint>(x0), static_cast<GLint>(static_cast<float>(fbHeight) - y1),
                      static_cast<GLsizei>(x1 - x0), static_cast<GLsizei>(y1 - y0));
            if (clear) {  // an opaque panel background (ui/clear_rect.h): a fill, no fragments
                const ImVec4 c = ImGui::ColorConvertU32ToFloat4(ui::clearRectColour(cmd));
                glClearColor(c.x, c.y, c.z, 1.0f);
                glClear(GL_COLOR_BUFFER_BIT);
                ++gStats.clears;
                continue;
            }
            if (cmd.GetTexID() != bound) {
                bound = cmd.GetTexID();
                glBindTexture(GL_TEXTURE_2D,
                              static_cast<GLuint>(reinterpret_cast<std::intptr_t>(bound)));
            }
            const std::size_t firstVertex = listVtx + cmd.VtxOffset;
            if (firstVertex != pointedAt) {
                pointAttributes(firstVertex);
                pointedAt = firstVertex;
            }
            ++gStats.drawCalls;
            glDrawElements(GL_TRIANGLES, static_cast<GLsizei>(cmd.ElemCount), indexType,
                           reinterpret_cast<const void*>(static_cast<std::uintptr_t>(
                               (listIdx + cmd.IdxOffset) * sizeof(ImDrawIdx))));
        }
        listVtx += static_cast<std::size_t>(list.VtxBuffer.Size);
        listIdx += static_cast<std::size_t>(list.IdxBuffer.Size);
    }
}

RendererStats rendererLastStats() {
    return gStats;
}

}  // namespace web
