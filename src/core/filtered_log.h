// core/filtered_log.h — the filtered index of a LogStore that the sync log draws.
//
// A filter is a set of levels, a case-insensitive text query (core/folded_search.h) or a pattern
// (core/safe_regex.h), and "only matching lines". The index keeps the ids of the lines shown and
// of the lines matching the query (for the match count and next / previous), and keeps them right
// INCREMENTALLY: update() looks only at lines appended or prepended since the last call. Only a
// change of query re-searches all the text; a change of levels or of "only matching" is rebuilt
// from the records and the cached query matches, without touching text.
//
// It holds no pointer to the store it indexes: setFilter() and update() are given it (always the
// same one), so whatever holds the store and its index side by side (core::LogState) stays
// movable. The readers (shownId, matchId, …) need only the index.
//
// Speed (a million lines of ~110 bytes, tests/bench/log_store_bench.cpp): the text is searched in
// runs — lines appended or prepended together lie back to back in the store's chunks — each in one
// pass with 16-byte vectors (FoldedSearch::findLines); a regex is narrowed down first by its
// required literal the same way. Lists stay small: with every level shown and no "only matching",
// the shown lines are simply all lines taken in (no list); with "only matching" they are the match
// list; with every level shown the matches are all matches. Ids are kept as 4-byte offsets in
// fixed-size blocks (core/id_list.h).
//
// A filter may also name a signature (core/signatures.h): the shown lines are then that
// signature's lines that pass the levels (and, with "only matching", the query), taken from the
// signature index as it grows, and the match list is those of them matching the query — or, with
// no query, all of them, so that next / previous step through the signature's lines.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/folded_search.h"
#include "core/id_list.h"
#include "core/log_store.h"
#include "core/safe_regex.h"
#include "core/signatures.h"

namespace core {

struct LogFilter {
    std::array<bool, 4> levels{{true, true, true, true}};  // indexed by LogLevel
    std::string query;                                     // empty: no search
    bool regex = false;                                    // query is a SafeRegex pattern
    bool onlyMatching = false;                             // show only lines matching the query
    uint32_t signature = 0;  // show only this signature's lines (core::Signature::id); 0: any

    bool showsLevel(LogLevel l) const { return levels[static_cast<size_t>(l)]; }
};

class FilteredLog {
public:
    // Sets the filter, over `store` (the store this index is kept for). A changed query
    // re-searches every line; changed levels or "only matching" rebuild from the records and the
    // cached matches. False when the regex is invalid (regexError() says why); the index then
    // searches for nothing. `signatures` is the store's signature index (core::LogState keeps
    // both); without it a filter naming a signature shows nothing.
    bool setFilter(const LogStore& store, const LogFilter& filter,
                   const SignatureIndex* signatures = nullptr);
    const std::string& regexError() const { return regex_.error(); }
    const LogFilter& filter() const { return filter_; }
    // A query is in force: not empty and, as a regex, valid (a regex that does not compile
    // searches for nothing).
    bool searching() const {
        return filter_.regex ? !regex_.empty() && regex_.valid() : !search_.empty();
    }

    // Takes in lines `store` gained since the last call (appended or prepended). Cheap when
    // nothing changed; call it once per frame. A cleared store is rebuilt from scratch. With a
    // signature in the filter, the signature's lines grouped since are taken in too (update the
    // index first).
    void update(const LogStore& store, const SignatureIndex* signatures = nullptr);

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
    // Lines taken in (every line held once update() ran): the "of N lines" of a count.
    size_t heldCount() const { return knownCount(); }
    // Row of the first shown line with id ≥ `id` (shownCount() if none): for scrolling to a line.
    size_t rowOfId(int64_t id) const;

    // Lines of a shown level whose text matches the query, oldest first, as store ids (with a
    // signature: its shown lines matching the query, or all of them when there is no query).
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
    // (some levels hidden, every line of the others), or a signature's lines (a list of its own,
    // taken from the signature index).
    enum class Shown { All, Matches, Own, Signature };

    void setModes();
    void rescanText(const LogStore& store);     // the store was cleared: take everything in again
    void rescanMatches(const LogStore& store);  // the query changed: search the lines taken in
    void rebuild(const LogStore& store);  // levels or "only matching" changed: no text is read
    // Goes over store lines [begin, end) a run of at most kRunLines lines at a time, searching
    // their text run by run (see FoldedSearch::findLines) when there is a query, and calls
    // onRun(first, count) for each: runHits_ then holds the numbers (from 0) of the run's lines
    // that match, in order, and runLevels_[k] line first + k's level when levelsNeeded().
    template <class OnRun>
    void walk(const LogStore& store, size_t begin, size_t end, OnRun&& onRun);
    template <class OnRun>
    void searchRun(const char* text, size_t first, size_t count, OnRun& onRun);
    bool levelsNeeded() const { return shownMode_ == Shown::Own || !matchesAll_; }
    // With a signature: its lines outside [sigFirst_, sigLast_] taken in, at either end.
    void takeSignature(const LogStore& store, const SignatureIndex* signatures);
    bool isMatch(int64_t id) const;
    // Takes in a run walk() found, at the back.
    void takeRun(int64_t firstId, size_t count);
    const IdList& matchList() const {
        if (shownMode_ == Shown::Signature) return searching() ? matches_ : shown_;
        return matchesAll_ ? allMatches_ : matches_;
    }
    size_t knownCount() const {
        return knownFirst_ > knownLast_ ? 0 : static_cast<size_t>(knownLast_ - knownFirst_ + 1);
    }

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
    IdList shown_;            // with Shown::Own and Shown::Signature
    int64_t sigFirst_ = 0;    // with Shown::Signature: the id range of its lines taken in
    int64_t sigLast_ = -1;    // (sigFirst_ > sigLast_: none yet)
    int64_t knownFirst_ = 0;  // the store range taken in; knownFirst_ > knownLast_ when none
    int64_t knownLast_ = -1;
    uint64_t knownGeneration_ = 0;
    uint64_t linesScanned_ = 0;
    uint64_t textsSearched_ = 0;
};

}  // namespace core
