// web/test_api.cpp — see test_api.h. The JSON comes from core (stateJson) and ui (rects, and
// uiTestJson: the time zone and the log view's current line, selection, wrap …, which live in the
// views' UiState that core cannot see — merged into state() here); this file only hands it to
// JavaScript. itemRect turns canvas CSS pixels into the top page's
// viewport, adding the canvas' offset and, inside same-origin iframes, each frame's offset.
#include "web/test_api.h"

#include <emscripten.h>
#include <emscripten/heap.h>   // emscripten_get_heap_size
#include <emscripten/html5.h>  // emscripten_date_now
#include <malloc.h>            // mallinfo (dlmalloc)

#include <cstdio>
#include <string>

#include "core/state_json.h"
#include "imgui.h"
#include "ui/imgui_seam.h"
#include "web/fetch_transport.h"
#include "web/gl_renderer.h"

namespace web {
namespace {

TestApiSources gSources;
std::string gBuffer;
std::string gUiBuffer;

// clang-format off
EM_JS(void, js_install_test_api, (), {
    // The views record their rects from the first call on (ui/item_rects.h): until then they
    // build no ids. That call asks for a frame, and settled() is false until it is drawn.
    let recording = false;
    function touch() {
        if (!recording) {
            recording = true;
            _syncscope_record_items();
        }
    }
    // The sign-in form is HTML (src/web/signin_form.cpp): its login.* ids are its elements,
    // measured where they are on screen, when shown.
    function formRect(id) {
        if (!/^login[.]/.test(id)) return null;
        const f = document.getElementById('signin');
        if (!f || f.hidden) return null;
        for (const e of f.querySelectorAll('[data-item]')) {
            if (e.dataset.item !== id || !e.getClientRects().length) continue;
            const b = e.getBoundingClientRect();
            const c = document.getElementById('canvas').getBoundingClientRect();
            return {x: b.left - c.left, y: b.top - c.top, w: b.width, h: b.height};
        }
        return null;
    }
    function rectOf(id) {
        const fromForm = formRect(id);
        const len = lengthBytesUTF8(id) + 1;
        const p = _malloc(len);
        stringToUTF8(id, p, len);
        const json = UTF8ToString(_syncscope_item_rect_json(p));
        _free(p);
        const r = fromForm || JSON.parse(json);
        if (!r) return null;
        const c = document.getElementById('canvas').getBoundingClientRect();
        let x = c.left + r.x, y = c.top + r.y;
        let w = window;
        try {
            while (w !== w.top && w.frameElement) {
                const f = w.frameElement.getBoundingClientRect();
                const cs = w.parent.getComputedStyle(w.frameElement);
                x += f.left + parseFloat(cs.borderLeftWidth) + parseFloat(cs.paddingLeft);
                y += f.top + parseFloat(cs.borderTopWidth) + parseFloat(cs.paddingTop);
                w = w.parent;
            }
        } catch (e) { /* cross-origin parent: coordinates stay relative to this frame */ }
        return {x: x, y: y, w: r.w, h: r.h};
    }
    window.syncscope = Object.freeze({
        state: function() {
            touch();
            const s = JSON.parse(UTF8ToString(_syncscope_state_json()));
            const u = s ? JSON.parse(UTF8ToString(_syncscope_ui_json())) : null;
            if (u) {
                s.timeZone = u.timeZone;
                s.timeZoneLabel = u.timeZoneLabel;
                s.toast = u.toast;
                s.highlight = u.highlight;
                s.tooltip = u.tooltip;
                if (s.log && u.log) Object.assign(s.log, u.log);
            }
            return s;
        },
        itemRect: function(id) {
            touch();
            return rectOf(id);
        },
        settled: function() {
            touch();
            return !_syncscope_redraw_pending();
        },
        glyphs: function(text) {
            touch();
            const len = lengthBytesUTF8(text) + 1;
            const p = _malloc(len);
            stringToUTF8(text, p, len);
            const json = UTF8ToString(_syncscope_glyphs_json(p));
            _free(p);
            return JSON.parse(json);
        },
    });
});
// clang-format on

}  // namespace

void installTestApi(TestApiSources sources) {
    gSources = sources;
    js_install_test_api();
}

}  // namespace web

// dlmalloc's high-water mark of the memory it took from sbrk (no header declares it).
extern "C" size_t malloc_max_footprint(void);

extern "C" EMSCRIPTEN_KEEPALIVE const char* syncscope_state_json() {
    using web::gSources;
    if (!gSources.state) return "null";
    web::gBuffer = core::stateJson(*gSources.state, *gSources.frames, *gSources.requests,
                                   static_cast<core::TimeMs>(emscripten_date_now()));
    // The fetch handles not yet closed (a leak shows as a count that only grows), put first.
    web::gBuffer.insert(
        1, "\"fetchesInFlight\":" + std::to_string(web::FetchTransport::handlesInFlight()) + ",");
    // The wasm heap (docs/test-contract.md): the linear memory's size, the most malloc ever took
    // from it (dlmalloc's high-water mark: what the memory had to grow to, before Emscripten's
    // growth step), and what is allocated now — the benchmarks' split of "memory" (issue 20).
    const struct mallinfo mi = mallinfo();
    web::gBuffer.insert(1, "\"heap\":{\"bytes\":" + std::to_string(emscripten_get_heap_size()) +
                               ",\"maxFootprint\":" + std::to_string(malloc_max_footprint()) +
                               ",\"used\":" + std::to_string(static_cast<size_t>(mi.uordblks)) +
                               "},");
    // What the last frame drew: draw calls, vertices, indices.
    const web::RendererStats d = web::rendererLastStats();
    web::gBuffer.insert(1, "\"draw\":{\"calls\":" + std::to_string(d.drawCalls) +
                               ",\"vertices\":" + std::to_string(d.vertices) +
                               ",\"indices\":" + std::to_string(d.indices) +
                               ",\"clears\":" + std::to_string(d.clears) + ",\"ms\":" +
                               std::to_string(gSources.frameMs ? *gSources.frameMs : 0.0) + "},");
    return web::gBuffer.c_str();
}

extern "C" EMSCRIPTEN_KEEPALIVE const char* syncscope_ui_json() {
    using web::gSources;
    if (!gSources.state || !gSources.ui) return "null";
    web::gUiBuffer = ui::uiTestJson(*gSources.state, *gSources.ui);
    return web::gUiBuffer.c_str();
}

// The first call of window.syncscope: the views record their rects from the next frame on.
extern "C" EMSCRIPTEN_KEEPALIVE void syncscope_record_items() {
    if (web::gSources.startRecording) web::gSources.startRecording();
}

// A click lands where the last frame drew a widget; a frame still to come (after a click that
// changed the layout, or new data) may move it. Tests wait for the settled picture, as a person's
// eye does; at machine speed they would otherwise click where the widget used to be. Nor is it
// settled before a frame was drawn with the rects recorded.
extern "C" EMSCRIPTEN_KEEPALIVE int syncscope_redraw_pending() {
    using web::gSources;
    if (gSources.items && !gSources.items->ready()) return 1;
    return gSources.redrawPending && gSources.redrawPending() ? 1 : 0;
}

extern "C" EMSCRIPTEN_KEEPALIVE const char* syncscope_item_rect_json(const char* id) {
    using web::gSources;
    const ui::Rect* r = gSources.items && id ? gSources.items->find(id) : nullptr;
    if (!r) return "null";
    char buf[160];
    std::snprintf(buf, sizeof buf, "{\"x\":%.1f,\"y\":%.1f,\"w\":%.1f,\"h\":%.1f}", r->x, r->y,
                  r->w, r->h);
    web::gBuffer = buf;
    return web::gBuffer.c_str();
}

// For each of the two fonts (UI and monospace): the characters of `text` the font has no glyph
// for (drawn as the fallback), those whose glyph draws nothing although they are not spaces, and
// the font's fallback character with whether its glyph draws something.
extern "C" EMSCRIPTEN_KEEPALIVE const char* syncscope_glyphs_json(const char* text) {
    const ImVector<ImFont*>& fonts = ImGui::GetIO().Fonts->Fonts;
    std::string out = "{";
    for (int f = 0; f < fonts.Size && f < 2; ++f) {
        ImFont* font = fonts[f];
        std::string missing, blank;
        for (const char* p = text ? text : ""; *p;) {
            unsigned c = 0;
            p += ui::seam::charFromUtf8(&c, p, nullptr);
            if (c == 0) break;
            const ImFontGlyph* g = font->FindGlyphNoFallback(static_cast<ImWchar>(c));
            const auto note = [c](std::string& list) {
                list += (list.empty() ? "" : ",") + std::to_string(c);
            };
            if (!g)
                note(missing);
            else if (!g->Visible && c != ' ' && c != 0xA0)
                note(blank);
        }
        const ImFontGlyph* fg = font->FindGlyphNoFallback(font->FallbackChar);
        out += std::string(f ? ",\"mono\"" : "\"ui\"") + ":{\"missing\":[" + missing +
               "],\"blank\":[" + blank + "],\"fallback\":" + std::to_string(font->FallbackChar) +
               ",\"fallbackVisible\":" + (fg && fg->Visible ? "true" : "false") + "}";
    }
    out += "}";
    web::gBuffer = out;
    return web::gBuffer.c_str();
}
