// core/safe_regex.h — the log search's regular expressions: a small subset that cannot abort or
// hang.
//
// std::regex aborts on a bad pattern under -fno-exceptions (and recurses per character on long
// lines), so the log search has its own small, safe subset: literals, `.`, classes `[a-z]`
// `[^…]`, `\d \w \s \D \W \S`, escaped punctuation, quantifiers `* + ?`, anchors `^` `$`;
// case-insensitive for ASCII. No groups, alternation or counted repeats: such a pattern is
// rejected with a message, never a crash. Matching is bounded in steps per line, so no pattern
// can hang.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/folded_search.h"

namespace core {

// A small regular-expression subset that cannot abort or hang (see the top of this file).
class SafeRegex {
public:
    SafeRegex() = default;
    // Compiles `pattern`; on failure valid() is false and error() says why.
    explicit SafeRegex(std::string_view pattern);

    bool valid() const { return error_.empty(); }
    bool empty() const { return atoms_.empty() && !bol_ && !eol_; }
    const std::string& error() const { return error_; }
    // First match at or after `from`: its offset (npos if none) and, through `length`, its size.
    size_t find(std::string_view text, size_t from = 0, size_t* length = nullptr) const;
    bool matches(std::string_view text) const { return find(text) != std::string_view::npos; }
    // The longest run of plain ASCII characters that every match contains (compared
    // case-insensitively), or empty: a line without it cannot match, so a view finds candidate
    // lines with literalSearch() and runs the pattern only on those. When the atoms before it are
    // all single characters, find() also tries only the starts the literal puts a match at.
    const std::string& requiredLiteral() const { return literal_; }
    const FoldedSearch& literalSearch() const { return literalSearch_; }

    // Step budget per line: this plus 16 per byte of the line.
    static constexpr size_t kMaxStepsPerLine = 200000;
    static constexpr size_t kMaxAtoms = 256;

private:
    struct Atom {
        std::array<uint64_t, 4> set{};  // bytes this atom takes
        char quantifier = '1';          // '1', '?', '*', '+'
        bool has(unsigned char c) const { return (set[c >> 6] >> (c & 63)) & 1; }
    };
    // End of a match of atoms_[i..] at `pos`, or npos.
    size_t matchHere(std::string_view text, size_t i, size_t pos, size_t& steps) const;

    std::vector<Atom> atoms_;
    bool bol_ = false;
    bool eol_ = false;
    std::string error_;
    std::string literal_;
    FoldedSearch literalSearch_;
    size_t literalAt_ =
        std::string_view::npos;  // where the literal starts in every match, if fixed
};

}  // namespace core
