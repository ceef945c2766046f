// tests/unit/search_test_text.h — what the log search's tests share: the engines, a plain
// reference search ("fold, then std::string::find") and the pieces random text is made of.
#pragma once

#include <cstddef>
#include <iterator>
#include <random>
#include <string>
#include <string_view>

#include "core/folded_search.h"
#include "core/text_fold.h"

namespace search_test {

using core::FoldedSearch;
inline constexpr size_t npos = std::string_view::npos;

inline const FoldedSearch::Engine kEngines[] = {FoldedSearch::Engine::Vector,
                                                FoldedSearch::Engine::Scalar};

// Sets the engine for a scope; the vector one is the default.
struct EngineScope {
    explicit EngineScope(FoldedSearch::Engine e) { FoldedSearch::setEngine(e); }
    ~EngineScope() { FoldedSearch::setEngine(FoldedSearch::Engine::Vector); }
};

inline const char* engineName(FoldedSearch::Engine e) {
    return e == FoldedSearch::Engine::Vector ? FoldedSearch::vectorKind() : "scalar";
}

inline std::string folded(std::string s) {
    core::foldInPlace(s);
    return s;
}

// What find(text, from) must give: the text folded from `from` on, searched for the folded query.
inline size_t naiveFind(std::string_view text, std::string_view query, size_t from = 0) {
    if (from > text.size()) return npos;
    const size_t at = folded(std::string(text.substr(from))).find(folded(std::string(query)));
    return at == npos ? npos : at + from;
}

// Pieces random text is made of: ASCII in both cases, two-byte letters in both cases (Latin-1,
// Latin Extended-A, Greek with final sigma, Cyrillic), letters without a case pair (İ ı ß),
// three- and four-byte characters, and stray bytes: a lone lead byte, lone continuation bytes.
inline const char* const kPieces[] = {
    "a", "b", "A", "B", "x", "Z", " ", "0", "7", ".",    "-",    "é",    "É",    "à",
    "À", "ł", "Ł", "ź", "Ź", "з", "З", "а", "А", "ѐ",    "Ѐ",    "σ",    "Σ",    "ς",
    "ώ", "Ώ", "ÿ", "Ÿ", "İ", "ı", "ß", "€", "😀", "\xC3", "\xD0", "\x80", "\xA0", "\xBF",
};

inline std::string randomText(std::mt19937& rng, size_t pieces) {
    std::uniform_int_distribution<size_t> pick(0, std::size(kPieces) - 1);
    std::string s;
    for (size_t k = 0; k < pieces; ++k) s += kPieces[pick(rng)];
    return s;
}

}  // namespace search_test
