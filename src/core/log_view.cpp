// core/log_view.cpp — see log_view.h.
#include "core/log_view.h"

#include "core/services_filter.h"  // foldTwoByteCodePoint

#include <algorithm>
#include <cstring>
#include <vector>

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace core {

namespace {

// Every fold the search needs, as tables: ASCII bytes, the two-byte code points (U+0000–U+07FF,
// indexed by code point: the folded lead and continuation byte), and for each folded byte the raw
// bytes that can fold to it in some context.
struct FoldTables {
    unsigned char ascii[256];
    unsigned char pairLead[2048];
    unsigned char pairCont[2048];
    unsigned char raw[256][4];
    unsigned char rawCount[256];

    FoldTables() : rawCount{} {
        auto addRaw = [this](unsigned folded, unsigned from) {
            unsigned char& n = rawCount[folded];
            for (unsigned k = 0; k < n; ++k)
                if (raw[folded][k] == from) return;
            if (n < 4) raw[folded][n++] = static_cast<unsigned char>(from);  // never more than 4
        };
        for (unsigned c = 0; c < 256; ++c) {
            ascii[c] = static_cast<unsigned char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
            addRaw(ascii[c], c);  // bytes 0x80+ also stand for themselves (not part of a pair)
        }
        for (unsigned cp = 0; cp < 2048; ++cp) {
            const unsigned folded = foldTwoByteCodePoint(cp);
            pairLead[cp] = static_cast<unsigned char>(0xC0 | (folded >> 6));
            pairCont[cp] = static_cast<unsigned char>(0x80 | (folded & 0x3F));
            addRaw(pairLead[cp], 0xC0 | (cp >> 6));
            addRaw(pairCont[cp], 0x80 | (cp & 0x3F));
        }
    }
};
const FoldTables kFold;

inline bool isLead(unsigned char c) {
    return (c & 0xE0) == 0xC0;
}
inline bool isCont(unsigned char c) {
    return (c & 0xC0) == 0x80;
}
inline unsigned pairCodePoint(unsigned char lead, unsigned char cont) {
    return ((lead & 0x1Fu) << 6) | (cont & 0x3Fu);
}

// Folds `n` bytes from `in` to `out` (which may be the same buffer).
void foldBytes(const char* in, char* out, size_t n) {
    for (size_t i = 0; i < n; ++i) {
        const unsigned char c = static_cast<unsigned char>(in[i]);
        if (c < 0x80) {
            out[i] = static_cast<char>(kFold.ascii[c]);
            continue;
        }
        const unsigned char next = i + 1 < n ? static_cast<unsigned char>(in[i + 1]) : 0;
        if (isLead(c) && isCont(next)) {
            const unsigned cp = pairCodePoint(c, next);
            out[i] = static_cast<char>(kFold.pairLead[cp]);
            out[i + 1] = static_cast<char>(kFold.pairCont[cp]);
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

// --- FoldedSearch ---------------------------------------------------------------------------

namespace {

// How common a byte is in log text (higher: more common), to anchor the search on rare ones.
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
    if (isLead(c)) return 30;  // every letter of Greek or Cyrillic text starts with one of a few
    return 5;
}

FoldedSearch::Engine gEngine = FoldedSearch::Engine::Vector;

constexpr size_t npos = std::string_view::npos;

// Vectors of 16 bytes: wasm SIMD128 (Chrome 91+, Firefox 89+, Safari 16.4+) or SSE2 (every
// x86-64). Either way the same few operations; mask() gives one bit per byte, byte 0 lowest.
#if defined(__wasm_simd128__)
#define SYNCSCOPE_VECTORS "wasm-simd128"
struct VecOps {
    using V = v128_t;
    static V load(const unsigned char* p) { return wasm_v128_load(p); }
    static V splat(unsigned char c) { return wasm_i8x16_splat(static_cast<int8_t>(c)); }
    static V eq(V a, V b) { return wasm_i8x16_eq(a, b); }
    static V orv(V a, V b) { return wasm_v128_or(a, b); }
    static V andv(V a, V b) { return wasm_v128_and(a, b); }
    static V gt(V a, V b) { return wasm_i8x16_gt(a, b); }  // signed
    static uint32_t mask(V a) { return wasm_i8x16_bitmask(a); }
};
#elif defined(__SSE2__)
#define SYNCSCOPE_VECTORS "sse2"
struct VecOps {
    using V = __m128i;
    static V load(const unsigned char* p) {
        return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    }
    static V splat(unsigned char c) { return _mm_set1_epi8(static_cast<char>(c)); }
    static V eq(V a, V b) { return _mm_cmpeq_epi8(a, b); }
    static V orv(V a, V b) { return _mm_or_si128(a, b); }
    static V andv(V a, V b) { return _mm_and_si128(a, b); }
    static V gt(V a, V b) { return _mm_cmpgt_epi8(a, b); }  // signed
    static uint32_t mask(V a) { return static_cast<uint32_t>(_mm_movemask_epi8(a)); }
};
#endif

#ifdef SYNCSCOPE_VECTORS
// The raw bytes one anchor takes, as a vector test (see FoldedSearch::Anchor).
struct OrEqTest {
    VecOps::V orBits, value;
    OrEqTest(unsigned char bits, const unsigned char* values)
        : orBits(VecOps::splat(bits)), value(VecOps::splat(values[0])) {}
    VecOps::V operator()(VecOps::V v) const { return VecOps::eq(VecOps::orv(v, orBits), value); }
};
struct AnyOfTest {
    VecOps::V a, b, c, d;
    AnyOfTest(unsigned char, const unsigned char* values)
        : a(VecOps::splat(values[0])),
          b(VecOps::splat(values[1])),
          c(VecOps::splat(values[2])),
          d(VecOps::splat(values[3])) {}
    VecOps::V operator()(VecOps::V v) const {
        return VecOps::orv(VecOps::orv(VecOps::eq(v, a), VecOps::eq(v, b)),
                           VecOps::orv(VecOps::eq(v, c), VecOps::eq(v, d)));
    }
};
#endif

}  // namespace

void FoldedSearch::setEngine(Engine engine) {
    gEngine = engine;
}
FoldedSearch::Engine FoldedSearch::engine() {
    return gEngine;
}
const char* FoldedSearch::vectorKind() {
#ifdef SYNCSCOPE_VECTORS
    return SYNCSCOPE_VECTORS;
#else
    return "none";
#endif
}

size_t FoldedSearch::rawBytesFor(unsigned char folded, unsigned char out[4]) {
    std::memcpy(out, kFold.raw[folded], 4);
    return kFold.rawCount[folded];
}

FoldedSearch::FoldedSearch(std::string_view query) : needle_(query) {
    foldInPlace(needle_);
    padded_ = needle_ + std::string(16, '\0');
    for (char c : needle_)
        if (static_cast<unsigned char>(c) >= 0x80) ascii_ = false;
    if (needle_.empty()) return;
    // The two rarest positions (by byte frequency, then by how many raw bytes they take; three or
    // four cost a vector compare each, so such a position is taken only when nothing else is rare).
    auto cost = [this](size_t k) {
        const unsigned char b = static_cast<unsigned char>(needle_[k]);
        const unsigned char* raw = kFold.raw[b];
        const unsigned n = kFold.rawCount[b];
        const unsigned diff = n == 2 ? static_cast<unsigned>(raw[0] ^ raw[1]) : 0;
        const bool oneCompare = n == 1 || (n == 2 && (diff & (diff - 1)) == 0);
        return byteFrequency(b) * 8 + static_cast<int>(n) + (oneCompare ? 0 : 400);
    };
    size_t best = 0;
    for (size_t k = 1; k < needle_.size(); ++k)
        if (cost(k) < cost(best)) best = k;
    size_t second = best;
    for (size_t k = 0; k < needle_.size(); ++k)
        if (k != best && (second == best || cost(k) < cost(second))) second = k;
    auto makeAnchor = [](size_t pos, unsigned char folded, std::array<unsigned char, 256>& takes) {
        Anchor a;
        a.pos = pos;
        const unsigned char* raw = kFold.raw[folded];
        const size_t n = kFold.rawCount[folded];
        for (size_t k = 0; k < n; ++k) takes[raw[k]] = 1;
        const unsigned diff = n == 2 ? static_cast<unsigned>(raw[0] ^ raw[1]) : 0;
        if (n == 1 || (n == 2 && (diff & (diff - 1)) == 0)) {
            a.orForm = true;
            a.orBits = static_cast<unsigned char>(diff);
            a.values[0] = static_cast<unsigned char>(raw[0] | diff);
        } else {
            a.orForm = false;
            for (size_t k = 0; k < 4; ++k) a.values[k] = raw[k % n];
        }
        return a;
    };
    anchor1_ = makeAnchor(best, static_cast<unsigned char>(needle_[best]), takes1_);
    anchor2_ = makeAnchor(second, static_cast<unsigned char>(needle_[second]), takes2_);
}

// Does the needle match at `at`, folding the text as a line [lineStart, lineEnd) folds? `limit`:
// how many bytes from `t` may be read.
bool FoldedSearch::verify(const unsigned char* t, size_t limit, size_t lineStart, size_t lineEnd,
                          size_t at) const {
    const unsigned char* nd = reinterpret_cast<const unsigned char*>(needle_.data());
    const size_t m = needle_.size();
    if (ascii_) {
        // ASCII folds to ASCII and everything else to something else: no context needed.
        size_t j = 0;
#ifdef SYNCSCOPE_VECTORS
        if (gEngine == Engine::Vector) {  // 16 bytes at a time: A–Z get 0x20 (signed compares)
            using V = VecOps::V;
            const V below = VecOps::splat('A' - 1), above = VecOps::splat('Z' + 1);
            const V bit = VecOps::splat(0x20);
            for (; j < m && at + j + 16 <= limit; j += 16) {
                const V v = VecOps::load(t + at + j);
                const V upper = VecOps::andv(VecOps::gt(v, below), VecOps::gt(above, v));
                const V folded = VecOps::orv(v, VecOps::andv(upper, bit));
                const V want16 =
                    VecOps::load(reinterpret_cast<const unsigned char*>(padded_.data()) + j);
                const uint32_t same = VecOps::mask(VecOps::eq(folded, want16));
                const uint32_t want = m - j >= 16 ? 0xFFFFu : (1u << (m - j)) - 1;
                if ((same & want) != want) return false;
            }
        }
#else
        (void)limit;
#endif
        for (; j < m; ++j)
            if (kFold.ascii[t[at + j]] != nd[j]) return false;
        return true;
    }
    for (size_t j = 0; j < m; ++j) {
        const size_t q = at + j;
        const unsigned char c = t[q];
        unsigned char f = c;
        if (c < 0x80)
            f = kFold.ascii[c];
        else if (isLead(c) && q + 1 < lineEnd && isCont(t[q + 1]))
            f = kFold.pairLead[pairCodePoint(c, t[q + 1])];
        else if (isCont(c) && q > lineStart && isLead(t[q - 1]))
            f = kFold.pairCont[pairCodePoint(t[q - 1], c)];
        if (f != nd[j]) return false;
    }
    return true;
}

// Start positions [p, stop) one at a time. check(s) looks at a candidate and says where to go on
// (always past s), or npos to stop.
template <class Check>
size_t FoldedSearch::scalarLoop(const unsigned char* t, size_t, size_t p, size_t stop,
                                Check& check) const {
    const size_t k1 = anchor1_.pos, k2 = anchor2_.pos;
    while (p < stop) {
        if (takes1_[t[p + k1]] & takes2_[t[p + k2]]) {
            p = check(p);
            if (p == npos) return npos;
        } else {
            ++p;
        }
    }
    return p;
}

// Start positions from p, 32 then 16 at a time, while a whole vector of them fits; returns where
// it stopped (or npos when check() said stop).
template <class Ops, class Test1, class Test2, class Check>
size_t FoldedSearch::vectorLoop(const unsigned char* t, size_t n, size_t p, Check& check) const {
#ifdef SYNCSCOPE_VECTORS
    const size_t m = needle_.size();
    const Test1 test1(anchor1_.orBits, anchor1_.values);
    const Test2 test2(anchor2_.orBits, anchor2_.values);
    const unsigned char* a1 = t + anchor1_.pos;
    const unsigned char* a2 = t + anchor2_.pos;
    // Loads stay inside the text: the anchors are at most m - 1 bytes into a start, and the last
    // start of a block of w is p + w - 1 ≤ n - m.
    while (p + 31 + m <= n) {
        const uint32_t lo =
            Ops::mask(Ops::andv(test1(Ops::load(a1 + p)), test2(Ops::load(a2 + p))));
        const uint32_t hi =
            Ops::mask(Ops::andv(test1(Ops::load(a1 + p + 16)), test2(Ops::load(a2 + p + 16))));
        uint32_t bits = lo | (hi << 16);
        size_t next = p + 32;
        while (bits) {
            const size_t s = p + static_cast<size_t>(__builtin_ctz(bits));
            const size_t resume = check(s);
            if (resume == npos) return npos;
            if (resume >= p + 32) {
                next = resume;
                break;
            }
            bits &= ~0u << (resume - p);  // resume > s: drops s and anything before resume
        }
        p = next;
    }
    while (p + 15 + m <= n) {
        uint32_t bits = Ops::mask(Ops::andv(test1(Ops::load(a1 + p)), test2(Ops::load(a2 + p))));
        size_t next = p + 16;
        while (bits) {
            const size_t s = p + static_cast<size_t>(__builtin_ctz(bits));
            const size_t resume = check(s);
            if (resume == npos) return npos;
            if (resume >= p + 16) {
                next = resume;
                break;
            }
            bits &= ~0u << (resume - p);
        }
        p = next;
    }
#else
    (void)t, (void)n, (void)check;
#endif
    return p;
}

template <class Check>
void FoldedSearch::scan(const unsigned char* t, size_t n, size_t from, Check&& check) const {
    const size_t m = needle_.size();
    if (m == 0 || n < m || from > n - m) return;
    size_t p = from;
#ifdef SYNCSCOPE_VECTORS
    if (gEngine == Engine::Vector) {
        if (anchor1_.orForm)
            p = anchor2_.orForm ? vectorLoop<VecOps, OrEqTest, OrEqTest>(t, n, p, check)
                                : vectorLoop<VecOps, OrEqTest, AnyOfTest>(t, n, p, check);
        else
            p = anchor2_.orForm ? vectorLoop<VecOps, AnyOfTest, OrEqTest>(t, n, p, check)
                                : vectorLoop<VecOps, AnyOfTest, AnyOfTest>(t, n, p, check);
        if (p == npos) return;
    }
#endif
    scalarLoop(t, n, p, n - m + 1, check);
}

size_t FoldedSearch::find(std::string_view text, size_t from) const {
    const size_t m = needle_.size();
    const size_t n = text.size();
    if (m == 0) return from <= n ? from : npos;
    if (from > n || n - from < m) return npos;
    const unsigned char* t = reinterpret_cast<const unsigned char*>(text.data());
    size_t found = npos;
    scan(t, n, from, [&](size_t s) -> size_t {
        if (!verify(t, n, from, n, s)) return s + 1;
        found = s;
        return npos;
    });
    return found;
}

void FoldedSearch::findLines(std::string_view text, const uint32_t* ends, size_t count,
                             std::vector<uint32_t>& hits) const {
    if (count == 0) return;
    const size_t m = needle_.size();
    if (m == 0) {
        for (size_t k = 0; k < count; ++k) hits.push_back(static_cast<uint32_t>(k));
        return;
    }
    const unsigned char* t = reinterpret_cast<const unsigned char*>(text.data());
    const size_t n = text.size();
    size_t line = 0;
    scan(t, n, 0, [&](size_t s) -> size_t {
        while (ends[line] <= s) ++line;  // s < text.size() == ends[count - 1]: stops in range
        const size_t lineEnd = ends[line];
        if (s + m > lineEnd) return lineEnd;  // runs into the next line, and so would later starts
        if (!verify(t, n, line ? ends[line - 1] : 0, lineEnd, s)) return s + 1;
        hits.push_back(static_cast<uint32_t>(line));
        return lineEnd;  // one hit is enough for a line
    });
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

size_t LogView::findIn(std::string_view text, size_t from, size_t* length) const {
    if (!searching()) return std::string_view::npos;
    if (filter_.regex) return regex_.find(text, from, length);
    if (length) *length = search_.length();
    return search_.find(text, from);
}

bool LogView::setFilter(const LogFilter& filter) {
    const bool queryChanged = filter.query != filter_.query || filter.regex != filter_.regex;
    filter_ = filter;
    if (queryChanged) {
        search_ = filter_.regex ? FoldedSearch() : FoldedSearch(filter_.query);
        regex_ = filter_.regex ? SafeRegex(filter_.query) : SafeRegex();
    }
    if (knownGeneration_ != store_->generation())
        rescanText();
    else if (queryChanged)
        rescanMatches();
    else
        rebuild();
    update();
    return regex_.valid();
}

void LogView::setModes() {
    const bool allLevels =
        filter_.levels[0] && filter_.levels[1] && filter_.levels[2] && filter_.levels[3];
    matchesAll_ = allLevels;
    shownMode_ = filter_.onlyMatching && searching() ? Shown::Matches
                 : allLevels                         ? Shown::All
                                                     : Shown::Own;
}

void LogView::rescanText() {
    setModes();
    allMatches_.clear();
    matches_.clear();
    shown_.clear();
    knownFirst_ = 0;
    knownLast_ = -1;
    knownGeneration_ = store_->generation();
}

void LogView::rescanMatches() {
    setModes();
    allMatches_.clear();
    matches_.clear();
    shown_.clear();
    if (knownFirst_ > knownLast_ || (!searching() && shownMode_ != Shown::Own)) return;
    const int64_t first = store_->firstId();
    walk(static_cast<size_t>(knownFirst_ - first), static_cast<size_t>(knownLast_ - first + 1),
         [&](size_t index, size_t count) { takeRun(first + static_cast<int64_t>(index), count); });
}

void LogView::takeRun(int64_t firstId, size_t count) {
    allMatches_.append(firstId, runHits_.data(), runHits_.size());
    if (!matchesAll_)
        for (const uint32_t k : runHits_)
            if (filter_.showsLevel(runLevels_[k])) matches_.push_back(firstId + k);
    if (shownMode_ == Shown::Own)
        for (size_t k = 0; k < count; ++k)
            if (filter_.showsLevel(runLevels_[k]))
                shown_.push_back(firstId + static_cast<int64_t>(k));
}

void LogView::rebuild() {
    setModes();
    matches_.clear();
    shown_.clear();
    if (knownFirst_ > knownLast_) return;
    const int64_t first = store_->firstId();
    if (!matchesAll_) {  // the matches of the levels shown, from the cached ones
        linesScanned_ += allMatches_.size();
        for (size_t k = 0; k < allMatches_.size(); ++k) {
            const int64_t id = allMatches_[k];
            if (filter_.showsLevel(store_->level(static_cast<size_t>(id - first))))
                matches_.push_back(id);
        }
    }
    if (shownMode_ == Shown::Own) {
        linesScanned_ += knownCount();
        store_->forEachLevel(static_cast<size_t>(knownFirst_ - first),
                             static_cast<size_t>(knownLast_ - first + 1),
                             [&](size_t index, LogLevel level) {
                                 if (filter_.showsLevel(level))
                                     shown_.push_back(first + static_cast<int64_t>(index));
                             });
    }
}

template <class OnRun>
void LogView::walk(size_t begin, size_t end, OnRun&& onRun) {
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
                store_->forEachText(first, stop, [&](size_t i, LogLevel level, std::string_view t) {
                    runLevels[i - first] = level;
                    if (regex_.matches(t)) runHits_.push_back(static_cast<uint32_t>(i - first));
                });
            else
                store_->forEachLevel(
                    first, stop, [&](size_t i, LogLevel level) { runLevels[i - first] = level; });
            onRun(first, stop - first);
        }
        return;
    }
    textsSearched_ += end - begin;
    // Gather runs of lines whose texts lie back to back and search each run in one go.
    uint32_t* const ends = runEnds_.data();
    const char* text = nullptr;
    size_t used = 0, count = 0, first = begin;
    store_->forEachText(begin, end, [&](size_t i, LogLevel level, std::string_view line) {
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
void LogView::searchRun(const char* text, size_t first, size_t count, OnRun& onRun) {
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

void LogView::update() {
    if (knownGeneration_ != store_->generation()) rescanText();
    if (store_->empty()) return;
    const int64_t first = store_->firstId();
    const int64_t last = store_->lastId();
    if (knownFirst_ > knownLast_) {  // nothing taken in yet: everything is "appended"
        knownFirst_ = first;
        knownLast_ = first - 1;
    }
    // With no query and every line of the levels shown, nothing is kept per line.
    const bool perLine = searching() || shownMode_ == Shown::Own;
    if (first < knownFirst_ && perLine) {  // an older block arrived in front
        std::vector<int64_t> all, matches, shown;
        walk(0, static_cast<size_t>(knownFirst_ - first), [&](size_t index, size_t count) {
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
        walk(static_cast<size_t>(knownLast_ + 1 - first), static_cast<size_t>(last - first + 1),
             [&](size_t index, size_t count) {
                 takeRun(first + static_cast<int64_t>(index), count);
             });
    knownLast_ = last;
}

size_t LogView::rowOfId(int64_t id) const {
    switch (shownMode_) {
        case Shown::All:
            // Compared before subtracting: `id` may be anything (no overflow).
            if (id <= knownFirst_) return 0;
            if (id > knownLast_) return knownCount();
            return static_cast<size_t>(id - knownFirst_);
        case Shown::Matches: return matchList().lowerBound(id);
        default: return shown_.lowerBound(id);
    }
}

int64_t LogView::nextMatch(int64_t id) const {
    const IdList& list = matchList();
    const size_t k = list.upperBound(id);
    return k == list.size() ? 0 : list[k];
}

int64_t LogView::previousMatch(int64_t id) const {
    const IdList& list = matchList();
    const size_t k = list.lowerBound(id);
    return k == 0 ? 0 : list[k - 1];
}

// --- IdList ---------------------------------------------------------------------------------

void IdList::prepend(const std::vector<int64_t>& ids) {
    if (ids.empty()) return;
    if (size_ == 0) {
        clear();
        for (int64_t id : ids) push_back(id);
        return;
    }
    if (head_ < ids.size()) {  // room in front: whole new blocks
        const size_t blocks = (ids.size() - head_ + kBlock - 1) / kBlock;
        std::vector<std::unique_ptr<int32_t[]>> front;
        for (size_t k = 0; k < blocks; ++k) front.emplace_back(new int32_t[kBlock]);
        blocks_.insert(blocks_.begin(), std::make_move_iterator(front.begin()),
                       std::make_move_iterator(front.end()));
        head_ += blocks * kBlock;
    }
    head_ -= ids.size();
    size_ += ids.size();
    for (size_t k = 0; k < ids.size(); ++k) {
        const size_t slot = head_ + k;
        blocks_[slot / kBlock][slot % kBlock] = static_cast<int32_t>(ids[k] - base_);
    }
}

void IdList::append(int64_t firstId, const uint32_t* offsets, size_t n) {
    if (n == 0) return;
    if (size_ == 0) base_ = firstId + offsets[0];
    const int64_t delta = firstId - base_;
    while (n) {
        const size_t slot = head_ + size_;
        if (slot / kBlock == blocks_.size()) blocks_.emplace_back(new int32_t[kBlock]);
        int32_t* out = blocks_[slot / kBlock].get() + slot % kBlock;
        const size_t take = std::min(n, kBlock - slot % kBlock);
        for (size_t k = 0; k < take; ++k) out[k] = static_cast<int32_t>(delta + offsets[k]);
        offsets += take;
        size_ += take;
        n -= take;
    }
}

void IdList::clear() {
    blocks_.clear();
    blocks_.shrink_to_fit();
    head_ = 0;
    size_ = 0;
    base_ = 0;
}

size_t IdList::lowerBound(int64_t id) const {
    size_t lo = 0, hi = size_;
    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        if ((*this)[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

size_t IdList::upperBound(int64_t id) const {
    size_t lo = 0, hi = size_;
    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        if ((*this)[mid] <= id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

}  // namespace core
