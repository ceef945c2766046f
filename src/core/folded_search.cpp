// core/folded_search.cpp — see folded_search.h.
#include "core/folded_search.h"

#include <cstring>
#include <vector>

#include "core/text_fold.h"

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace core {

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
    if (isUtf8Lead2(c))
        return 30;  // every letter of Greek or Cyrillic text starts with one of a few
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
    std::memcpy(out, kFoldTables.raw[folded], 4);
    return kFoldTables.rawCount[folded];
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
        const unsigned char* raw = kFoldTables.raw[b];
        const unsigned n = kFoldTables.rawCount[b];
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
        const unsigned char* raw = kFoldTables.raw[folded];
        const size_t n = kFoldTables.rawCount[folded];
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
            if (kFoldTables.ascii[t[at + j]] != nd[j]) return false;
        return true;
    }
    for (size_t j = 0; j < m; ++j) {
        const size_t q = at + j;
        const unsigned char c = t[q];
        unsigned char f = c;
        if (c < 0x80)
            f = kFoldTables.ascii[c];
        else if (isUtf8Lead2(c) && q + 1 < lineEnd && isUtf8Cont(t[q + 1]))
            f = kFoldTables.pairLead[pairCodePoint(c, t[q + 1])];
        else if (isUtf8Cont(c) && q > lineStart && isUtf8Lead2(t[q - 1]))
            f = kFoldTables.pairCont[pairCodePoint(t[q - 1], c)];
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

}  // namespace core
