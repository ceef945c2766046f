// core/filtered_log.cpp — see filtered_log.h.
#include "core/filtered_log.h"

#include <algorithm>
#include <vector>

namespace core {

size_t FilteredLog::findIn(std::string_view text, size_t from, size_t* length) const {
    if (!searching()) return std::string_view::npos;
    if (filter_.regex) return regex_.find(text, from, length);
    if (length) *length = search_.length();
    return search_.find(text, from);
}

bool FilteredLog::setFilter(const LogStore& store, const LogFilter& filter,
                            const SignatureIndex* signatures) {
    const bool queryChanged = filter.query != filter_.query || filter.regex != filter_.regex;
    filter_ = filter;
    if (queryChanged) {
        search_ = filter_.regex ? FoldedSearch() : FoldedSearch(filter_.query);
        regex_ = filter_.regex ? SafeRegex(filter_.query) : SafeRegex();
    }
    if (knownGeneration_ != store.generation())
        rescanText(store);
    else if (queryChanged)
        rescanMatches(store);
    else
        rebuild(store);
    update(store, signatures);
    return regex_.valid();
}

void FilteredLog::setModes() {
    const bool allLevels =
        filter_.levels[0] && filter_.levels[1] && filter_.levels[2] && filter_.levels[3];
    matchesAll_ = allLevels;
    shownMode_ = filter_.signature != 0                ? Shown::Signature
                 : filter_.onlyMatching && searching() ? Shown::Matches
                 : allLevels                           ? Shown::All
                                                       : Shown::Own;
    // A signature's shown lines and matches come from its own lines (takeSignature), not from
    // walking the store: the walk keeps only allMatches_ then.
    if (shownMode_ == Shown::Signature) matchesAll_ = true;
    sigFirst_ = 0;
    sigLast_ = -1;
}

void FilteredLog::rescanText(const LogStore& store) {
    // A cleared store's signatures are numbered again from 1: an id chosen before names another
    // message now.
    if (knownGeneration_ != store.generation()) filter_.signature = 0;
    setModes();
    allMatches_.clear();
    matches_.clear();
    shown_.clear();
    knownFirst_ = 0;
    knownLast_ = -1;
    knownGeneration_ = store.generation();
}

void FilteredLog::rescanMatches(const LogStore& store) {
    setModes();
    allMatches_.clear();
    matches_.clear();
    shown_.clear();
    if (knownFirst_ > knownLast_ || (!searching() && shownMode_ != Shown::Own)) return;
    const int64_t first = store.firstId();
    walk(store, static_cast<size_t>(knownFirst_ - first),
         static_cast<size_t>(knownLast_ - first + 1),
         [&](size_t index, size_t count) { takeRun(first + static_cast<int64_t>(index), count); });
}

void FilteredLog::takeRun(int64_t firstId, size_t count) {
    allMatches_.append(firstId, runHits_.data(), runHits_.size());
    if (!matchesAll_)
        for (const uint32_t k : runHits_)
            if (filter_.showsLevel(runLevels_[k])) matches_.push_back(firstId + k);
    if (shownMode_ == Shown::Own)
        for (size_t k = 0; k < count; ++k)
            if (filter_.showsLevel(runLevels_[k]))
                shown_.push_back(firstId + static_cast<int64_t>(k));
}

void FilteredLog::rebuild(const LogStore& store) {
    setModes();
    matches_.clear();
    shown_.clear();
    if (knownFirst_ > knownLast_) return;
    const int64_t first = store.firstId();
    if (!matchesAll_) {  // the matches of the levels shown, from the cached ones
        linesScanned_ += allMatches_.size();
        for (size_t k = 0; k < allMatches_.size(); ++k) {
            const int64_t id = allMatches_[k];
            if (filter_.showsLevel(store.level(static_cast<size_t>(id - first))))
                matches_.push_back(id);
        }
    }
    if (shownMode_ == Shown::Own) {
        linesScanned_ += knownCount();
        store.forEachLevel(static_cast<size_t>(knownFirst_ - first),
                           static_cast<size_t>(knownLast_ - first + 1),
                           [&](size_t index, LogLevel level) {
                               if (filter_.showsLevel(level))
                                   shown_.push_back(first + static_cast<int64_t>(index));
                           });
    }
}

template <class OnRun>
void FilteredLog::walk(const LogStore& store, size_t begin, size_t end, OnRun&& onRun) {
    linesScanned_ += end - begin;
    const bool levels = levelsNeeded();
    runEnds_.resize(kRunLines);
    runLevels_.resize(kRunLines);
    runHits_.clear();
    LogLevel* const runLevels = runLevels_.data();
    const bool regexOnEveryLine = filter_.regex && searching() && regex_.requiredLiteral().empty();
    if (!searching() || regexOnEveryLine) {  // line by line, kRunLines at a time
        if (regexOnEveryLine) textsSearched_ += end - begin;
        for (size_t first = begin; first < end; first += kRunLines) {
            const size_t stop = std::min(end, first + kRunLines);
            runHits_.clear();
            if (regexOnEveryLine)
                store.forEachText(first, stop, [&](size_t i, LogLevel level, std::string_view t) {
                    runLevels[i - first] = level;
                    if (regex_.matches(t)) runHits_.push_back(static_cast<uint32_t>(i - first));
                });
            else
                store.forEachLevel(first, stop,
                                   [&](size_t i, LogLevel level) { runLevels[i - first] = level; });
            onRun(first, stop - first);
        }
        return;
    }
    textsSearched_ += end - begin;
    // Gather runs of lines whose texts lie back to back and search each run in one go.
    uint32_t* const ends = runEnds_.data();
    const char* text = nullptr;
    size_t used = 0, count = 0, first = begin;
    store.forEachText(begin, end, [&](size_t i, LogLevel level, std::string_view line) {
        if (line.data() != text + used || count == kRunLines || line.size() > UINT32_MAX - used) {
            if (count) searchRun(text, first, count, onRun);
            text = line.data();
            used = 0;
            count = 0;
            first = i;
        }
        used += line.size();
        ends[count] = static_cast<uint32_t>(used);
        if (levels) runLevels[count] = level;
        ++count;
    });
    if (count) searchRun(text, first, count, onRun);
}

// One run: `count` lines from store line `first`, their texts back to back from `text`, ending at
// runEnds_[k].
template <class OnRun>
void FilteredLog::searchRun(const char* text, size_t first, size_t count, OnRun& onRun) {
    const uint32_t* const ends = runEnds_.data();
    const std::string_view all(text, ends[count - 1]);
    runHits_.clear();
    (filter_.regex ? regex_.literalSearch() : search_).findLines(all, ends, count, runHits_);
    if (filter_.regex) {  // lines with the pattern's literal: now the pattern itself
        size_t kept = 0;
        for (const uint32_t k : runHits_) {
            const size_t start = k ? ends[k - 1] : 0;
            if (regex_.matches(all.substr(start, ends[k] - start))) runHits_[kept++] = k;
        }
        runHits_.resize(kept);
    }
    onRun(first, count);
}

void FilteredLog::update(const LogStore& store, const SignatureIndex* signatures) {
    if (knownGeneration_ != store.generation()) rescanText(store);
    if (store.empty()) return;
    const int64_t first = store.firstId();
    const int64_t last = store.lastId();
    if (knownFirst_ > knownLast_) {  // nothing taken in yet: everything is "appended"
        knownFirst_ = first;
        knownLast_ = first - 1;
    }
    // With no query and every line of the levels shown, nothing is kept per line.
    const bool perLine = searching() || shownMode_ == Shown::Own;
    if (first < knownFirst_ && perLine) {  // an older block arrived in front
        std::vector<int64_t> all, matches, shown;
        walk(store, 0, static_cast<size_t>(knownFirst_ - first), [&](size_t index, size_t count) {
            const int64_t id0 = first + static_cast<int64_t>(index);
            for (const uint32_t k : runHits_) {
                all.push_back(id0 + k);
                if (!matchesAll_ && filter_.showsLevel(runLevels_[k])) matches.push_back(id0 + k);
            }
            if (shownMode_ == Shown::Own)
                for (size_t k = 0; k < count; ++k)
                    if (filter_.showsLevel(runLevels_[k]))
                        shown.push_back(id0 + static_cast<int64_t>(k));
        });
        allMatches_.prepend(all);
        matches_.prepend(matches);
        shown_.prepend(shown);
    }
    knownFirst_ = std::min(knownFirst_, first);
    if (knownLast_ < last && perLine)
        walk(store, static_cast<size_t>(knownLast_ + 1 - first),
             static_cast<size_t>(last - first + 1), [&](size_t index, size_t count) {
                 takeRun(first + static_cast<int64_t>(index), count);
             });
    knownLast_ = last;
    if (shownMode_ == Shown::Signature) takeSignature(store, signatures);
}

bool FilteredLog::isMatch(int64_t id) const {
    const size_t k = allMatches_.lowerBound(id);
    return k < allMatches_.size() && allMatches_[k] == id;
}

void FilteredLog::takeSignature(const LogStore& store, const SignatureIndex* signatures) {
    if (!signatures || signatures->generation() != store.generation()) return;
    const Signature* sig = signatures->byId(filter_.signature);
    if (!sig || sig->lines.empty()) return;
    const SignatureLines& lines = sig->lines;
    const int64_t storeFirst = store.firstId();
    const bool query = searching();
    const auto passes = [&](int64_t id) {
        if (!store.holds(id) || id < knownFirst_ || id > knownLast_) return false;
        if (!filter_.showsLevel(store.level(static_cast<size_t>(id - storeFirst)))) return false;
        return !(filter_.onlyMatching && query) || isMatch(id);
    };
    if (sigFirst_ > sigLast_) {  // nothing taken yet: every line of it goes at the back
        sigFirst_ = lines[0];
        sigLast_ = lines[0] - 1;
    }
    if (lines[0] < sigFirst_) {  // older lines of it grouped since: in front
        std::vector<int64_t> shown, matches;
        const size_t end = lines.lowerBound(sigFirst_);
        linesScanned_ += end;
        for (size_t k = 0; k < end; ++k) {
            const int64_t id = lines[k];
            if (!passes(id)) continue;
            shown.push_back(id);
            if (query && isMatch(id)) matches.push_back(id);
        }
        shown_.prepend(shown);
        matches_.prepend(matches);
        sigFirst_ = lines[0];
    }
    const int64_t newest = lines[lines.size() - 1];
    if (newest > sigLast_) {  // newer lines of it: at the back
        const size_t begin = lines.upperBound(sigLast_);
        linesScanned_ += lines.size() - begin;
        for (size_t k = begin; k < lines.size(); ++k) {
            const int64_t id = lines[k];
            if (!passes(id)) continue;
            shown_.push_back(id);
            if (query && isMatch(id)) matches_.push_back(id);
        }
        sigLast_ = newest;
    }
}

size_t FilteredLog::rowOfId(int64_t id) const {
    switch (shownMode_) {
        case Shown::All:
            // Compared before subtracting: `id` may be anything (no overflow).
            if (id <= knownFirst_) return 0;
            if (id > knownLast_) return knownCount();
            return static_cast<size_t>(id - knownFirst_);
        case Shown::Matches: return matchList().lowerBound(id);
        default: return shown_.lowerBound(id);  // Own, Signature
    }
}

int64_t FilteredLog::nextMatch(int64_t id) const {
    const IdList& list = matchList();
    const size_t k = list.upperBound(id);
    return k == list.size() ? 0 : list[k];
}

int64_t FilteredLog::previousMatch(int64_t id) const {
    const IdList& list = matchList();
    const size_t k = list.lowerBound(id);
    return k == 0 ? 0 : list[k - 1];
}

}  // namespace core
