// web/fonts.h — the two fonts, baked into ImGui's atlas at the screen's pixel ratio.
//
// Inter (interface) and JetBrains Mono (ids, times, log text) are subset at build time to the
// same ranges baked here: Latin with its extensions, Greek, Cyrillic, punctuation, currency,
// arrows, box drawing and U+FFFD. Each font takes the symbols it lacks from the other (ImGui's
// MergeMode keeps a font's own glyphs): JetBrains Mono has no ↵ or ₺, Inter's subset no Control
// Pictures and no U+FFFD. ImGui 1.90 bakes glyph ranges up front, and draws its fallback (U+FFFD,
// in both fonts so) for anything else, so no character is ever drawn as nothing.
#pragma once

#include <string>

#include "ui/views.h"

namespace web {

struct FontFiles {
    std::string ui;    // TTF bytes
    std::string mono;  // TTF bytes
};

// (Re)builds the atlas for `dpr` and uploads it; returns the fonts to draw with.
ui::Fonts buildFonts(FontFiles& files, float dpr, bool uploadTexture);

}  // namespace web
