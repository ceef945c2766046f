// core/log_view.h — the filtered view of a LogStore that the sync log draws.
//
// A filter is a set of levels, a case-insensitive text query (ASCII and the two-byte European
// letters: Latin-1, Latin Extended-A, Greek, Cyrillic) and "only matching lines". The view keeps
// the ids of the lines shown and of the lines matching the query (for the match count and
// next / previous), and keeps them right INCREMENTALLY: update() looks only at lines appended or
// prepended since the last call. Only a change of query re-searches all the text; a change of
// levels or of "only matching" is rebuilt from the records and the cached query matches, without
// touching text.
//
// Regex: std::regex aborts on a bad pattern under -fno-exceptions (and recurses per character on
// long lines), so the view has its own small, safe subset (SafeRegex): literals, `.`, classes
// `[a-z]` `[^…]`, `\d \w \s \D \W \S`, escaped punctuation, quantifiers `* + ?`, anchors `^` `$`;
// case-insensitive for ASCII. No groups, alternation or counted repeats: such a pattern is rejected
// with a message, never a crash. Matching is bounded in steps per line, so no pattern can hang.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "core/log_store.h"

namespace core {

struct LogFilter {
    std::array<bool, 4> levels{{true, true, true, true}};  // indexed by LogLevel
    std::string query;                                     // empty: no search
    bool regex = false;                                    // query is a SafeRegex pattern
    bool onlyMatching = false;                             // show only lines matching the query

    bool showsLevel(LogLevel l) const { return levels[static_cast<size_t>(l)]; }
};

// Case-insensitive substring search for one folded needle. Positions are byte offsets in the
// original text: folding keeps every letter's byte length.
class FoldedSearch {
public:
    FoldedSearch() = default;
    explicit FoldedSearch(std::string_view query);

    bool empty() const { return needle_.empty(); }
    size_t length() const { return needle_.size(); }
    // Offset of the first match at or after `from`, or std::string_view::npos.
    size_t find(std::string_view text, size_t from = 0) const;
    bool matches(std::string_view text) const { return find(text) != std::string_view::npos; }

private:
    std::string needle_;  // folded
    bool ascii_ = true;   // needle is all ASCII: fold haystack bytes on the fly
    size_t anchor_ = 0;   // the needle's rarest byte, which candidates are found by
    char first_ = 0;      // needle_[anchor_]
    char firstUpper_ = 0;
};

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
};

// Lower-cases ASCII and the two-byte UTF-8 letters of Latin-1, Latin Extended-A, Greek and
// Cyrillic in place; byte lengths never change.
void foldInPlace(std::string& utf8);

class LogView {
public:
    explicit LogView(const LogStore& store) : store_(&store) {}

    // Sets the filter. A changed query re-searches every line; changed levels or "only matching"
    // rebuild from the records and the cached matches. False when the regex is invalid
    // (regexError() says why); the view then searches for nothing.
    bool setFilter(const LogFilter& filter);
    const std::string& regexError() const { return regex_.error(); }
    const LogFilter& filter() const { return filter_; }

    // Takes in lines the store gained since the last call (appended or prepended). Cheap when
    // nothing changed; call it once per frame. A cleared store is rebuilt from scratch.
    void update();

    // Lines shown, oldest first, as store ids.
    size_t shownCount() const { return shown_.size(); }
    int64_t shownId(size_t row) const { return shown_[row]; }
    // Row of the first shown line with id ≥ `id` (shownCount() if none): for scrolling to a line.
    size_t rowOfId(int64_t id) const;

    // Lines of a shown level whose text matches the query, oldest first, as store ids.
    size_t matchCount() const { return matches_.size(); }
    int64_t matchId(size_t k) const { return matches_[k]; }
    // The next match after `id` / the previous one before it; 0 when there is none.
    int64_t nextMatch(int64_t id) const;
    int64_t previousMatch(int64_t id) const;
    // Where the query occurs in a line's text at or after `from`, for highlighting: the offset
    // (npos if nowhere) and its length.
    size_t findIn(std::string_view text, size_t from, size_t* length) const;

    // Instrumentation for tests and benchmarks: lines looked at, and lines whose text was searched.
    uint64_t linesScanned() const { return linesScanned_; }
    uint64_t textsSearched() const { return textsSearched_; }

private:
    void rescanText();
    void rebuild();
    bool lineMatches(size_t index);
    bool shows(LogLevel level, bool matched) const;

    const LogStore* store_;
    LogFilter filter_;
    bool searching() const {
        return filter_.regex ? !regex_.empty() && regex_.valid() : !search_.empty();
    }

    FoldedSearch search_;
    SafeRegex regex_;
    // Lines whose text matches the query, whatever their level (so level toggles need no search).
    std::deque<int64_t> allMatches_;
    std::deque<int64_t> matches_;
    std::deque<int64_t> shown_;
    int64_t knownFirst_ = 0;  // the store range taken in; knownFirst_ > knownLast_ when none
    int64_t knownLast_ = -1;
    uint64_t knownGeneration_ = 0;
    uint64_t linesScanned_ = 0;
    uint64_t textsSearched_ = 0;
};

}  // namespace core
