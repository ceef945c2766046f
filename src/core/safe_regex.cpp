// core/safe_regex.cpp — see safe_regex.h.
#include "core/safe_regex.h"

namespace core {

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
    // The required literal: runs of atoms that take one ASCII character (a letter in either case)
    // exactly once. `c+` takes at least one c right after what precedes it and right before what
    // follows, so it ends one run and starts the next (at no fixed place in the match).
    std::string run;
    size_t runAt = 0;   // the atom the run starts at; npos: its place in a match varies
    bool fixed = true;  // every atom so far takes exactly one character
    auto endRun = [&] {
        if (run.size() > literal_.size()) {
            literal_ = run;
            literalAt_ = runAt;
        }
        run.clear();
    };
    for (size_t i = 0; i < atoms_.size(); ++i) {
        const Atom& a = atoms_[i];
        int count = 0;
        unsigned char lowest = 0;
        for (int c = 255; c >= 0; --c)
            if (a.has(static_cast<unsigned char>(c))) {
                ++count;
                lowest = static_cast<unsigned char>(c);
            }
        const bool letter = lowest >= 'A' && lowest <= 'Z';
        const bool single =
            lowest < 0x80 && (letter ? count == 2 && a.has(static_cast<unsigned char>(lowest + 32))
                                     : count == 1 && !(lowest >= 'a' && lowest <= 'z'));
        const char c = static_cast<char>(letter ? lowest + 32 : lowest);
        if (!single || (a.quantifier != '1' && a.quantifier != '+')) {
            endRun();
        } else {
            if (run.empty()) runAt = fixed ? i : std::string_view::npos;
            run += c;
            if (a.quantifier == '+') {
                endRun();
                run += c;
                runAt = std::string_view::npos;
            }
        }
        if (a.quantifier != '1') fixed = false;
    }
    endRun();
    literalSearch_ = FoldedSearch(literal_);
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
    auto tryAt = [&](size_t start) {
        const size_t end = matchHere(text, 0, start, steps);
        if (end != std::string_view::npos && length) *length = end - start;
        return end != std::string_view::npos;
    };
    if (bol_) return tryAt(0) ? 0 : std::string_view::npos;
    if (literalAt_ != std::string_view::npos) {
        // Every match has the literal literalAt_ bytes after its start: try just those starts.
        for (size_t at = literalSearch_.find(text, from + literalAt_); at != std::string_view::npos;
             at = literalSearch_.find(text, at + 1)) {
            if (tryAt(at - literalAt_)) return at - literalAt_;
            if (steps == 0) break;  // too costly for one line: counted as no match
        }
        return std::string_view::npos;
    }
    const Atom* first = atoms_.empty() ? nullptr : &atoms_[0];
    const char q = first ? first->quantifier : '?';
    for (size_t start = from; start <= text.size(); ++start) {
        // Skip starts the first atom cannot take without a call per byte.
        if (q == '1' || q == '+') {
            while (start < text.size() && !first->has(static_cast<unsigned char>(text[start])))
                ++start;
            if (start >= text.size()) break;
        }
        if (tryAt(start)) return start;
        if (steps == 0) break;  // too costly for one line: counted as no match
        // With `c+` or `c*` first, a match from start + 1 with a c at start would have been one
        // from start too: skip the rest of a run of c.
        if (q == '+' || q == '*')
            while (start + 1 < text.size() && first->has(static_cast<unsigned char>(text[start])))
                ++start;
    }
    return std::string_view::npos;
}

}  // namespace core
