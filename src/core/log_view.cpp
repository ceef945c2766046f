// core/log_view.cpp — see log_view.h.
#include "core/log_view.h"

#include "core/services_filter.h"  // foldTwoByteCodePoint

#include <algorithm>
#include <cstring>
#include <vector>

namespace core {

namespace {

struct AsciiFoldTable {
    unsigned char map[256];
    AsciiFoldTable() {
        for (int c = 0; c < 256; ++c)
            map[c] = static_cast<unsigned char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
};
const AsciiFoldTable kAsciiFold;

// Folds `n` bytes from `in` to `out` (which may be the same buffer).
void foldBytes(const char* in, char* out, size_t n) {
    for (size_t i = 0; i < n; ++i) {
        const unsigned char c = static_cast<unsigned char>(in[i]);
        if (c < 0x80) {
            out[i] = static_cast<char>(kAsciiFold.map[c]);
            continue;
        }
        const unsigned char next = i + 1 < n ? static_cast<unsigned char>(in[i + 1]) : 0;
        if ((c & 0xE0) == 0xC0 && (next & 0xC0) == 0x80) {
            const unsigned folded = foldTwoByteCodePoint(((c & 0x1Fu) << 6) | (next & 0x3Fu));
            out[i] = static_cast<char>(0xC0 | (folded >> 6));
            out[i + 1] = static_cast<char>(0x80 | (folded & 0x3F));
            ++i;
            continue;
        }
        out[i] = static_cast<char>(c);
    }
}

}  // namespace

void foldInPlace(std::string& utf8) {
    foldBytes(utf8.data(), utf8.data(), utf8.size());
}

namespace {

// How common a byte is in log text (higher: more common), to anchor the search on a rare one.
int byteFrequency(unsigned char c) {
    static const char kLetters[] = "etaoinsrhldcumfpgwybvkxjqz";  // most common first
    if (c == ' ') return 100;
    if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c + 32);
    if (c >= 'a' && c <= 'z') {
        const char* at = std::strchr(kLetters, c);
        return 90 - static_cast<int>(at - kLetters) * 3;
    }
    if (c >= '0' && c <= '9') return 60;
    if (c < 0x80) return 25;
    return 5;
}

}  // namespace

FoldedSearch::FoldedSearch(std::string_view query) : needle_(query) {
    foldInPlace(needle_);
    for (char c : needle_)
        if (static_cast<unsigned char>(c) >= 0x80) ascii_ = false;
    int best = 1000;
    for (size_t k = 0; k < needle_.size(); ++k) {
        const int f = byteFrequency(static_cast<unsigned char>(needle_[k]));
        if (f < best) {
            best = f;
            anchor_ = k;
        }
    }
    if (!needle_.empty()) {
        first_ = needle_[anchor_];
        firstUpper_ = first_ >= 'a' && first_ <= 'z' ? static_cast<char>(first_ - 32) : first_;
    }
}

namespace {

// True when some byte of [p, p + n) is 0x80 or above; eight bytes at a time.
bool hasHighByte(const char* p, size_t n) {
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t word;
        std::memcpy(&word, p + i, 8);
        if (word & 0x8080808080808080ull) return true;
    }
    for (; i < n; ++i)
        if (static_cast<unsigned char>(p[i]) >= 0x80) return true;
    return false;
}

}  // namespace

size_t FoldedSearch::find(std::string_view text, size_t from) const {
    const size_t m = needle_.size();
    const size_t n = text.size();
    if (m == 0) return from <= n ? from : std::string_view::npos;
    if (from > n || n - from < m) return std::string_view::npos;
    if (!ascii_) {
        // Folding maps ASCII to ASCII, so a line of plain ASCII cannot hold this needle.
        if (!hasHighByte(text.data() + from, n - from)) return std::string_view::npos;
        // Fold the line into a scratch buffer; lengths are kept, so offsets carry over.
        thread_local std::string scratch;
        scratch.assign(text.data() + from, n - from);
        foldInPlace(scratch);
        const size_t at = std::string_view(scratch).find(needle_);
        return at == std::string_view::npos ? at : at + from;
    }
    const char* const base = text.data();
    const unsigned char* const nd = reinterpret_cast<const unsigned char*>(needle_.data());
    // Candidates: the next occurrence of the anchor byte (the needle's rarest) in either case;
    // memchr is vectorised. A match starts anchor_ bytes before it.
    const char* const lo = base + from + anchor_;
    const char* const hi = base + (n - m) + anchor_;  // the last place the anchor can be
    auto nextOf = [hi](const char* p, char c) -> const char* {
        if (!p || p > hi) return nullptr;
        return static_cast<const char*>(std::memchr(p, c, static_cast<size_t>(hi - p) + 1));
    };
    const char* lower = nextOf(lo, first_);
    const char* upper = first_ == firstUpper_ ? nullptr : nextOf(lo, firstUpper_);
    while (lower || upper) {
        const bool takeLower = lower && (!upper || lower < upper);
        const char* p = (takeLower ? lower : upper) - anchor_;
        const unsigned char* h = reinterpret_cast<const unsigned char*>(p);
        size_t j = 0;
        while (j < m && kAsciiFold.map[h[j]] == nd[j]) ++j;
        if (j == m) return static_cast<size_t>(p - base);
        if (takeLower)
            lower = nextOf(lower + 1, first_);
        else
            upper = nextOf(upper + 1, firstUpper_);
    }
    return std::string_view::npos;
}

namespace {

void addByte(std::array<uint64_t, 4>& set, unsigned char c) {
    set[c >> 6] |= uint64_t{1} << (c & 63);
}

// Adds c, and its other case for ASCII letters (the search is case-insensitive).
void addFolded(std::array<uint64_t, 4>& set, unsigned char c) {
    addByte(set, c);
    if (c >= 'a' && c <= 'z') addByte(set, static_cast<unsigned char>(c - 32));
    if (c >= 'A' && c <= 'Z') addByte(set, static_cast<unsigned char>(c + 32));
}

// \d \w \s and their negations; false for any other letter.
bool addShorthand(std::array<uint64_t, 4>& set, char e) {
    std::array<uint64_t, 4> s{};
    const char lower = static_cast<char>(e | 0x20);
    for (int c = 0; c < 256; ++c) {
        const bool digit = c >= '0' && c <= '9';
        const bool word = digit || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
        const bool space = c == ' ' || (c >= '\t' && c <= '\r');
        const bool in = lower == 'd' ? digit : lower == 'w' ? word : space;
        if (in) addByte(s, static_cast<unsigned char>(c));
    }
    if (lower != 'd' && lower != 'w' && lower != 's') return false;
    const bool negate = e >= 'A' && e <= 'Z';
    for (size_t k = 0; k < 4; ++k) set[k] |= negate ? ~s[k] : s[k];
    return true;
}

}  // namespace

SafeRegex::SafeRegex(std::string_view p) {
    size_t i = 0;
    if (i < p.size() && p[i] == '^') {
        bol_ = true;
        ++i;
    }
    while (i < p.size()) {
        const char c = p[i];
        if (c == '$' && i + 1 == p.size()) {
            eol_ = true;
            ++i;
            break;
        }
        if (c == '*' || c == '+' || c == '?') {
            if (atoms_.empty() || atoms_.back().quantifier != '1') {
                error_ = std::string("nothing to repeat before '") + c + "'";
                return;
            }
            atoms_.back().quantifier = c;
            ++i;
            continue;
        }
        if (c == '(' || c == ')' || c == '|' || c == '{' || c == '}') {
            error_ = std::string("'") + c + "' is not supported (no groups, alternation or counts)";
            return;
        }
        Atom atom;
        if (c == '.') {
            atom.set = {~uint64_t{0}, ~uint64_t{0}, ~uint64_t{0}, ~uint64_t{0}};
            ++i;
        } else if (c == '\\') {
            if (i + 1 >= p.size()) {
                error_ = "pattern ends with '\\'";
                return;
            }
            const char e = p[i + 1];
            const bool alnum = (e >= '0' && e <= '9') || ((e | 0x20) >= 'a' && (e | 0x20) <= 'z');
            if (alnum && !addShorthand(atom.set, e)) {
                error_ = std::string("unknown escape '\\") + e + "'";
                return;
            }
            if (!alnum) addByte(atom.set, static_cast<unsigned char>(e));
            i += 2;
        } else if (c == '[') {
            size_t j = i + 1;
            const bool negate = j < p.size() && p[j] == '^';
            if (negate) ++j;
            bool first = true;
            while (j < p.size() && (p[j] != ']' || first)) {
                first = false;
                unsigned char lo = static_cast<unsigned char>(p[j]);
                if (lo == '\\' && j + 1 < p.size()) {
                    const char e = p[j + 1];
                    if (((e | 0x20) >= 'a' && (e | 0x20) <= 'z') && addShorthand(atom.set, e)) {
                        j += 2;
                        continue;
                    }
                    lo = static_cast<unsigned char>(e);
                    ++j;
                }
                if (j + 2 < p.size() && p[j + 1] == '-' && p[j + 2] != ']') {
                    const unsigned char hi = static_cast<unsigned char>(p[j + 2]);
                    if (hi < lo) {
                        error_ = "bad range in [...]";
                        return;
                    }
                    for (unsigned v = lo; v <= hi; ++v)
                        addFolded(atom.set, static_cast<unsigned char>(v));
                    j += 3;
                } else {
                    addFolded(atom.set, lo);
                    ++j;
                }
            }
            if (j >= p.size()) {
                error_ = "'[' is not closed";
                return;
            }
            if (negate)
                for (uint64_t& w : atom.set) w = ~w;
            i = j + 1;
        } else {
            addFolded(atom.set, static_cast<unsigned char>(c));
            ++i;
        }
        if (atoms_.size() == kMaxAtoms) {  // matching recurses once per atom: bound the depth
            error_ = "pattern is too long";
            return;
        }
        atoms_.push_back(atom);
    }
}

size_t SafeRegex::matchHere(std::string_view text, size_t i, size_t pos, size_t& steps) const {
    if (--steps == 0) return std::string_view::npos;
    if (i == atoms_.size()) return !eol_ || pos == text.size() ? pos : std::string_view::npos;
    const Atom& a = atoms_[i];
    const auto takes = [&](size_t at) {
        return at < text.size() && a.has(static_cast<unsigned char>(text[at]));
    };
    switch (a.quantifier) {
        case '1':
            return takes(pos) ? matchHere(text, i + 1, pos + 1, steps) : std::string_view::npos;
        case '?': {
            if (takes(pos)) {
                const size_t end = matchHere(text, i + 1, pos + 1, steps);
                if (end != std::string_view::npos) return end;
            }
            return matchHere(text, i + 1, pos, steps);
        }
        default: {  // '*' or '+': greedy, then give back one at a time
            size_t k = 0;
            while (takes(pos + k)) ++k;
            const size_t least = a.quantifier == '+' ? 1 : 0;
            for (size_t n = k + 1; n-- > least;) {
                const size_t end = matchHere(text, i + 1, pos + n, steps);
                if (end != std::string_view::npos) return end;
                if (steps == 0) break;
            }
            return std::string_view::npos;
        }
    }
}

size_t SafeRegex::find(std::string_view text, size_t from, size_t* length) const {
    if (!valid() || from > text.size()) return std::string_view::npos;
    if (bol_ && from != 0) return std::string_view::npos;
    // The budget grows with the line, so plain patterns always finish; nested repeats that would
    // backtrack without end stop early and count as no match.
    size_t steps = kMaxStepsPerLine + 16 * text.size();
    const size_t lastStart = bol_ ? 0 : text.size();
    const bool firstIsSingle = !atoms_.empty() && atoms_[0].quantifier == '1';
    for (size_t start = from; start <= lastStart; ++start) {
        // Skip starts the first atom cannot take without a call per byte.
        if (firstIsSingle && !bol_) {
            while (start < text.size() && !atoms_[0].has(static_cast<unsigned char>(text[start])))
                ++start;
            if (start >= text.size()) break;
        }
        const size_t end = matchHere(text, 0, start, steps);
        if (end != std::string_view::npos) {
            if (length) *length = end - start;
            return start;
        }
        if (steps == 0) break;  // too costly for one line: counted as no match
    }
    return std::string_view::npos;
}

bool LogView::shows(LogLevel level, bool matched) const {
    return filter_.showsLevel(level) && (!filter_.onlyMatching || !searching() || matched);
}

bool LogView::lineMatches(size_t index) {
    if (!searching()) return false;
    ++textsSearched_;
    const std::string_view text = store_->text(index);
    return filter_.regex ? regex_.matches(text) : search_.matches(text);
}

size_t LogView::findIn(std::string_view text, size_t from, size_t* length) const {
    if (!searching()) return std::string_view::npos;
    if (filter_.regex) return regex_.find(text, from, length);
    if (length) *length = search_.length();
    return search_.find(text, from);
}

bool LogView::setFilter(const LogFilter& filter) {
    const bool queryChanged = filter.query != filter_.query || filter.regex != filter_.regex;
    filter_ = filter;
    if (queryChanged || knownGeneration_ != store_->generation()) {
        search_ = filter_.regex ? FoldedSearch() : FoldedSearch(filter_.query);
        regex_ = filter_.regex ? SafeRegex(filter_.query) : SafeRegex();
        rescanText();
    } else {
        rebuild();
    }
    update();
    return regex_.valid();
}

void LogView::rescanText() {
    allMatches_.clear();
    matches_.clear();
    shown_.clear();
    knownFirst_ = 0;
    knownLast_ = -1;
    knownGeneration_ = store_->generation();
}

void LogView::rebuild() {
    matches_.clear();
    shown_.clear();
    if (knownFirst_ > knownLast_) return;
    auto nextMatch = allMatches_.begin();
    for (int64_t id = knownFirst_; id <= knownLast_; ++id) {
        ++linesScanned_;
        const LogLevel level = store_->level(static_cast<size_t>(id - store_->firstId()));
        bool matched = false;
        if (nextMatch != allMatches_.end() && *nextMatch == id) {
            matched = true;
            ++nextMatch;
            if (filter_.showsLevel(level)) matches_.push_back(id);
        }
        if (shows(level, matched)) shown_.push_back(id);
    }
}

void LogView::update() {
    if (knownGeneration_ != store_->generation()) rescanText();
    if (store_->empty()) return;
    const int64_t first = store_->firstId();
    const int64_t last = store_->lastId();
    if (knownFirst_ > knownLast_) {  // nothing taken in yet: everything is "appended"
        knownFirst_ = first;
        knownLast_ = first - 1;
    }
    if (first < knownFirst_) {  // an older block arrived in front
        std::vector<int64_t> all, matches, shown;
        for (int64_t id = first; id < knownFirst_; ++id) {
            const size_t index = static_cast<size_t>(id - first);
            ++linesScanned_;
            const LogLevel level = store_->level(index);
            const bool matched = lineMatches(index);
            if (matched) {
                all.push_back(id);
                if (filter_.showsLevel(level)) matches.push_back(id);
            }
            if (shows(level, matched)) shown.push_back(id);
        }
        allMatches_.insert(allMatches_.begin(), all.begin(), all.end());
        matches_.insert(matches_.begin(), matches.begin(), matches.end());
        shown_.insert(shown_.begin(), shown.begin(), shown.end());
        knownFirst_ = first;
    }
    for (int64_t id = knownLast_ + 1; id <= last; ++id) {
        const size_t index = static_cast<size_t>(id - first);
        ++linesScanned_;
        const LogLevel level = store_->level(index);
        const bool matched = lineMatches(index);
        if (matched) {
            allMatches_.push_back(id);
            if (filter_.showsLevel(level)) matches_.push_back(id);
        }
        if (shows(level, matched)) shown_.push_back(id);
    }
    knownLast_ = last;
}

size_t LogView::rowOfId(int64_t id) const {
    return static_cast<size_t>(std::lower_bound(shown_.begin(), shown_.end(), id) - shown_.begin());
}

int64_t LogView::nextMatch(int64_t id) const {
    const auto it = std::upper_bound(matches_.begin(), matches_.end(), id);
    return it == matches_.end() ? 0 : *it;
}

int64_t LogView::previousMatch(int64_t id) const {
    const auto it = std::lower_bound(matches_.begin(), matches_.end(), id);
    return it == matches_.begin() ? 0 : *(it - 1);
}

}  // namespace core
