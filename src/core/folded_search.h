// core/folded_search.h — case-insensitive substring search, 16 bytes at a time.
//
// What the log search (core/filtered_log.h) and a regex's required literal (core/safe_regex.h)
// run over the log's text. Case-insensitive as core/text_fold.h folds: ASCII and the two-byte
// European letters (Latin-1, Latin Extended-A, Greek, Cyrillic).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace core {

// Case-insensitive substring search for one folded needle. Positions are byte offsets in the
// original text: folding keeps every letter's byte length.
//
// How: the needle is folded once; for each of its bytes the few raw bytes that can fold to it are
// known (at most four: 'a' ← a A; Cyrillic з's second byte ← B7 97 B6). Two of the needle's rarest
// bytes are the anchors: 32 start positions at a time, a vector compare of the text at both anchor
// offsets against those sets gives a mask of candidates, and only candidates are compared in full
// (folding the text in its line's context). findLines() runs this once over many lines laid back
// to back and maps candidates to lines with a cursor, skipping to the next line after a hit. The
// vectors are SSE2 natively and SIMD128 in wasm (build with -msimd128); the scalar engine runs the
// same loop byte by byte and gives the same answers.
class FoldedSearch {
public:
    FoldedSearch() = default;
    explicit FoldedSearch(std::string_view query);

    bool empty() const { return needle_.empty(); }
    size_t length() const { return needle_.size(); }
    // Offset of the first match at or after `from`, or std::string_view::npos. Folding sees the
    // text from `from` on, as if it began there.
    size_t find(std::string_view text, size_t from = 0) const;
    bool matches(std::string_view text) const { return find(text) != std::string_view::npos; }

    // Many lines at once: `text` holds `count` lines back to back, line k being
    // [k ? ends[k - 1] : 0, ends[k]) (ends never decrease; ends[count - 1] == text.size()).
    // Appends to `hits` the number of every line that matches(), in order. A match never spans two
    // lines and folding never looks past a line's ends. An empty needle matches every line.
    void findLines(std::string_view text, const uint32_t* ends, size_t count,
                   std::vector<uint32_t>& hits) const;

    // How candidates are found. Vector: SSE2 or wasm SIMD128, whichever the build has (Scalar when
    // it has neither). Global, for tests and benchmarks; both engines give the same answers.
    enum class Engine { Vector, Scalar };
    static void setEngine(Engine engine);
    static Engine engine();
    static const char* vectorKind();  // "sse2", "wasm-simd128" or "none"

    // The raw bytes that fold to `folded` in some context (itself included when it can stand for
    // itself), at most four; returns how many were written to `out`.
    static size_t rawBytesFor(unsigned char folded, unsigned char out[4]);

private:
    // The raw bytes one needle position takes, as a compare the vector loop can do: `(v | orBits)
    // == values[0]` when orForm (one value, or two that differ in one bit), else v equal to any of
    // values[0..3] (repeated to fill four).
    struct Anchor {
        size_t pos = 0;
        bool orForm = true;
        unsigned char orBits = 0;
        unsigned char values[4] = {0, 0, 0, 0};
    };
    template <class Check>
    void scan(const unsigned char* text, size_t n, size_t from, Check&& check) const;
    template <class Ops, class Test1, class Test2, class Check>
    size_t vectorLoop(const unsigned char* text, size_t n, size_t p, Check& check) const;
    template <class Check>
    size_t scalarLoop(const unsigned char* text, size_t n, size_t p, size_t stop,
                      Check& check) const;
    bool verify(const unsigned char* text, size_t limit, size_t lineStart, size_t lineEnd,
                size_t at) const;

    std::string needle_;  // folded
    std::string padded_;  // needle_ and 16 zero bytes, for 16-byte loads
    bool ascii_ = true;   // needle is all ASCII: compare with an ASCII fold, no context
    Anchor anchor1_, anchor2_;
    std::array<unsigned char, 256> takes1_{}, takes2_{};  // 1 for the raw bytes each anchor takes
};

}  // namespace core
