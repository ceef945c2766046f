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
// Speed (a million lines of ~110 bytes, tests/bench/log_store_bench.cpp): the text is searched in
// runs — lines appended or prepended together lie back to back in the store's chunks — each in one
// pass with 16-byte vectors (FoldedSearch::findLines); a regex is narrowed down first by its
// required literal the same way. Lists stay small: with every level shown and no "only matching",
// the shown lines are simply all lines taken in (no list); with "only matching" they are the match
// list; with every level shown the matches are all matches. Ids are kept as 4-byte offsets in
// fixed-size blocks (IdList).
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
#include <memory>
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

// Lower-cases ASCII and the two-byte UTF-8 letters of Latin-1, Latin Extended-A, Greek and
// Cyrillic in place; byte lengths never change.
void foldInPlace(std::string& utf8);

// Sorted line ids as a view keeps them: 4 bytes an id (its offset from the first id put in; the
// ids a view holds are a store's, all within its size of one another), in fixed-size blocks, so
// appending never copies what is held and a batch of older ids goes in front by adding blocks.
class IdList {
public:
    size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    int64_t operator[](size_t i) const {
        const size_t slot = head_ + i;
        return base_ + blocks_[slot / kBlock][slot % kBlock];
    }
    void push_back(int64_t id) {
        if (size_ == 0) base_ = id;
        const size_t slot = head_ + size_;
        if (slot / kBlock == blocks_.size()) blocks_.emplace_back(new int32_t[kBlock]);
        blocks_[slot / kBlock][slot % kBlock] = static_cast<int32_t>(id - base_);
        ++size_;
    }
    // Appends firstId + offsets[k] for k < n (offsets increasing; the ids past the last held).
    void append(int64_t firstId, const uint32_t* offsets, size_t n);
    // Puts `ids` (sorted, all below the first id held) in front.
    void prepend(const std::vector<int64_t>& ids);
    void clear();
    size_t lowerBound(int64_t id) const;  // index of the first id ≥ `id` (size() if none)
    size_t upperBound(int64_t id) const;  // index of the first id > `id` (size() if none)

private:
    static constexpr size_t kBlock = 4096;
    std::vector<std::unique_ptr<int32_t[]>> blocks_;
    size_t head_ = 0;  // slot of element 0
    size_t size_ = 0;
    int64_t base_ = 0;
};

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
    size_t shownCount() const {
        return shownMode_ == Shown::All       ? knownCount()
               : shownMode_ == Shown::Matches ? matchList().size()
                                              : shown_.size();
    }
    int64_t shownId(size_t row) const {
        return shownMode_ == Shown::All       ? knownFirst_ + static_cast<int64_t>(row)
               : shownMode_ == Shown::Matches ? matchList()[row]
                                              : shown_[row];
    }
    // Row of the first shown line with id ≥ `id` (shownCount() if none): for scrolling to a line.
    size_t rowOfId(int64_t id) const;

    // Lines of a shown level whose text matches the query, oldest first, as store ids.
    size_t matchCount() const { return matchList().size(); }
    int64_t matchId(size_t k) const { return matchList()[k]; }
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
    // Which lines are shown: every line taken in (all levels, not only matching: no list kept),
    // exactly the matches (only matching lines of a query: the match list), or a list of its own
    // (some levels hidden, every line of the others).
    enum class Shown { All, Matches, Own };

    void setModes();
    void rescanText();     // the store was cleared: take everything in again
    void rescanMatches();  // the query changed: search the lines taken in again
    void rebuild();        // levels or "only matching" changed: no text is read
    // Goes over store lines [begin, end) a run of at most kRunLines lines at a time, searching
    // their text run by run (see FoldedSearch::findLines) when there is a query, and calls
    // onRun(first, count) for each: runHits_ then holds the numbers (from 0) of the run's lines
    // that match, in order, and runLevels_[k] line first + k's level when levelsNeeded().
    template <class OnRun>
    void walk(size_t begin, size_t end, OnRun&& onRun);
    template <class OnRun>
    void searchRun(const char* text, size_t first, size_t count, OnRun& onRun);
    bool levelsNeeded() const { return shownMode_ == Shown::Own || !matchesAll_; }
    // Takes in a run walk() found, at the back.
    void takeRun(int64_t firstId, size_t count);
    bool searching() const {
        return filter_.regex ? !regex_.empty() && regex_.valid() : !search_.empty();
    }
    const IdList& matchList() const { return matchesAll_ ? allMatches_ : matches_; }
    size_t knownCount() const {
        return knownFirst_ > knownLast_ ? 0 : static_cast<size_t>(knownLast_ - knownFirst_ + 1);
    }

    const LogStore* store_;
    LogFilter filter_;

    FoldedSearch search_;
    SafeRegex regex_;
    // Scratch for walk(): the run of lines being gathered (where each ends, its level) and the
    // lines of it that match.
    static constexpr size_t kRunLines = 4096;
    std::vector<uint32_t> runEnds_;
    std::vector<LogLevel> runLevels_;
    std::vector<uint32_t> runHits_;
    // Lines whose text matches the query, whatever their level (so level toggles need no search);
    // with every level shown they are also the matches, and matches_ stays empty.
    IdList allMatches_;
    IdList matches_;
    bool matchesAll_ = true;
    Shown shownMode_ = Shown::All;
    IdList shown_;            // with Shown::Own
    int64_t knownFirst_ = 0;  // the store range taken in; knownFirst_ > knownLast_ when none
    int64_t knownLast_ = -1;
    uint64_t knownGeneration_ = 0;
    uint64_t linesScanned_ = 0;
    uint64_t textsSearched_ = 0;
};

}  // namespace core
