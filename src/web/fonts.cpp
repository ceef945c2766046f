// web/fonts.cpp — see fonts.h.
#include "web/fonts.h"

#include <cstdio>

#include "imgui.h"
#include "web/gl_renderer.h"

namespace web {
namespace {

constexpr float kUiSize = 15.0f;    // CSS pixels
constexpr float kMonoSize = 14.0f;  // CSS pixels

// Keep in step with scripts/make_site.py (the subset's ranges).
const ImWchar kRanges[] = {
    0x0020, 0x024F,  // Basic Latin, Latin-1, Latin Extended-A and -B
    0x0370, 0x03FF,  // Greek
    0x0400, 0x052F,  // Cyrillic and Cyrillic Supplement
    0x1E00, 0x1EFF,  // Latin Extended Additional
    0x2000, 0x206F,  // General Punctuation (… – — ‘ ’ “ ” •)
    0x20A0, 0x20CF,  // Currency symbols (€ ₽ ₺)
    0x2100, 0x214F,  // Letterlike (№ ™)
    0x2190, 0x21FF,  // Arrows
    0x2400, 0x2426,  // Control Pictures (␇ ␛ ␍: control characters shown in log lines)
    0x2500, 0x257F,  // Box drawing
    0x25A0, 0x25FF,  // Geometric shapes (▲ ▼ ●)
    0xFFFD, 0xFFFD,  // Replacement character: what a missing glyph is drawn as
    0,
};

// Symbols one font lacks and the other has, merged in (ImGui keeps a font's own glyph where it
// has one): JetBrains Mono has no ↵ or ₺, Inter no Control Pictures and no U+FFFD.
const ImWchar kSymbolRanges[] = {
    0x20A0, 0x20CF,  // Currency symbols
    0x2100, 0x214F,  // Letterlike
    0x2190, 0x21FF,  // Arrows
    0x2400, 0x2426,  // Control Pictures
    0x25A0, 0x25FF,  // Geometric shapes
    0xFFFD, 0xFFFD,  // Replacement character (Inter's subset has none)
    0,
};

// Sizes are in CSS pixels; glyphs are rasterized at `dpr` device pixels per CSS pixel
// (RasterizerDensity), so they are crisp on HiDPI and the layout is the same at every ratio. With
// PixelSnapH a glyph's advance is rounded in CSS pixels.
void mergeSymbols(ImFontAtlas* atlas, std::string& bytes, float size, float dpr) {
    ImFontConfig cfg;
    cfg.FontDataOwnedByAtlas = false;
    cfg.MergeMode = true;
    cfg.OversampleH = size * dpr >= 24.0f ? 1 : 2;
    cfg.OversampleV = 1;
    cfg.PixelSnapH = true;
    cfg.RasterizerDensity = dpr;
    atlas->AddFontFromMemoryTTF(bytes.data(), static_cast<int>(bytes.size()), size, &cfg,
                                kSymbolRanges);
}

ImFont* add(ImFontAtlas* atlas, std::string& bytes, float size, float dpr, const char* name) {
    ImFontConfig cfg;
    cfg.FontDataOwnedByAtlas = false;  // ImGui 1.90 copies them (freed after Build)
    // HiDPI glyphs are big enough without oversampling.
    cfg.OversampleH = size * dpr >= 24.0f ? 1 : 2;
    cfg.OversampleV = 1;
    cfg.PixelSnapH = true;
    cfg.RasterizerDensity = dpr;
    std::snprintf(cfg.Name, sizeof cfg.Name, "%s", name);
    return atlas->AddFontFromMemoryTTF(bytes.data(), static_cast<int>(bytes.size()), size, &cfg,
                                       kRanges);
}

}  // namespace

ui::Fonts buildFonts(FontFiles& files, float dpr, bool uploadTexture) {
    ImGuiIO& io = ImGui::GetIO();
    ImFontAtlas* atlas = io.Fonts;
    atlas->Clear();
    atlas->TexDesiredWidth = 2048;
    ui::Fonts f;
    // Sized in CSS pixels, rasterized at device pixels (ImFontConfig::RasterizerDensity): crisp on
    // HiDPI, the same layout in CSS pixels. (Not io.FontGlobalScale = 1/dpr with fonts baked at
    // dpr × size: later ImGui releases drop that idiom.)
    f.ui = add(atlas, files.ui, kUiSize, dpr, "Inter");
    mergeSymbols(atlas, files.mono, kUiSize, dpr);
    f.mono = add(atlas, files.mono, kMonoSize, dpr, "JetBrains Mono");
    mergeSymbols(atlas, files.ui, kMonoSize, dpr);
    // FallbackChar becomes U+FFFD: both fonts have it (merged into Inter) and it is tried first.
    atlas->Build();
    // The glyphs are baked: the TTF copies AddFont made (one per font and per merge, 480 KB in
    // all) are not needed until the next build, which starts again from FontFiles.
    atlas->ClearInputData();
    io.FontDefault = f.ui;
    if (uploadTexture) {
        rendererUploadFonts();
    }
    return f;
}

}  // namespace web
