// core/token_check.cpp — see token_check.h.
#include "core/token_check.h"

#include <cstdio>
#include <vector>

namespace core {
namespace {

struct CodePoint {
    char32_t value = 0;
    size_t begin = 0;   // byte offset in the raw token
    size_t size = 1;    // bytes
    bool valid = true;  // false: a byte that starts no valid UTF-8 sequence (value holds it)
};

// Strict UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF); a bad byte is one item.
std::vector<CodePoint> decode(const std::string& s) {
    std::vector<CodePoint> out;
    size_t i = 0;
    while (i < s.size()) {
        const unsigned char b = static_cast<unsigned char>(s[i]);
        CodePoint cp;
        cp.begin = i;
        size_t n = 0;
        char32_t v = 0, min = 0;
        if (b < 0x80) {
            n = 1, v = b;
        } else if (b >= 0xC2 && b <= 0xDF) {
            n = 2, v = b & 0x1F, min = 0x80;
        } else if (b >= 0xE0 && b <= 0xEF) {
            n = 3, v = b & 0x0F, min = 0x800;
        } else if (b >= 0xF0 && b <= 0xF4) {
            n = 4, v = b & 0x07, min = 0x10000;
        }
        bool ok = n > 0 && i + n <= s.size();
        for (size_t k = 1; ok && k < n; ++k) {
            const unsigned char c = static_cast<unsigned char>(s[i + k]);
            if ((c & 0xC0) != 0x80) ok = false;
            v = (v << 6) | (c & 0x3F);
        }
        if (ok && (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))) ok = false;
        if (ok) {
            cp.value = v;
            cp.size = n;
        } else {
            cp.value = b;
            cp.valid = false;
        }
        out.push_back(cp);
        i += cp.size;
    }
    return out;
}

bool isQuote(char32_t c) {
    return (c >= 0x2018 && c <= 0x201F) || c == 0xAB || c == 0xBB || c == 0x2039 || c == 0x203A ||
           c == 0x300C || c == 0x300D || c == 0x300E || c == 0x300F || c == 0xFF02 || c == 0xFF07 ||
           c == 0x2032 || c == 0x2033 || c == 0xB4;
}

bool isWhitespace(char32_t c) {
    return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
           (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
           c == 0x205F || c == 0x3000;
}

bool isZeroWidth(char32_t c) {
    return (c >= 0x200B && c <= 0x200D) || c == 0x2060 || c == 0xFEFF || c == 0x180E;
}

bool isBidiControl(char32_t c) {
    return c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
           (c >= 0x2066 && c <= 0x2069);
}

// Drawn as nothing (or as a box): named by its code only, never put into the message as is.
bool isInvisible(char32_t c) {
    return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0xAD || c == 0x34F || c == 0x115F ||
           c == 0x1160 || c == 0x17B4 || c == 0x17B5 || (c >= 0x180B && c <= 0x180F) ||
           (c >= 0x2061 && c <= 0x2064) || (c >= 0x206A && c <= 0x206F) ||
           (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xFFF0 && c <= 0xFFFF) ||
           (c >= 0xE0000 && c <= 0xE0FFF) || (c >= 0xE000 && c <= 0xF8FF) || (c >= 0xF0000) ||
           isWhitespace(c) || isZeroWidth(c) || isBidiControl(c);
}

std::string hex(char32_t c) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(c));
    return buf;
}

// How the character is named in the message: what it looks like where that is visible.
std::string named(const std::string& raw, const CodePoint& cp) {
    const char32_t c = cp.value;
    if (c == 0x20) return "a space (U+0020)";
    if (c == 0x09) return "a tab (U+0009)";
    if (c == 0x0A || c == 0x0D || c == 0x85 || c == 0x2028 || c == 0x2029)
        return "a line break (" + hex(c) + ")";
    if (c == 0xA0 || c == 0x202F) return "a no-break space (" + hex(c) + ")";
    if (isWhitespace(c)) return "a space character (" + hex(c) + ")";
    if (c == 0x200B) return "a zero-width space (U+200B)";
    if (isZeroWidth(c)) return "a zero-width character (" + hex(c) + ")";
    if (isBidiControl(c)) return "a text direction control (" + hex(c) + ")";
    if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) return "a control character (" + hex(c) + ")";
    if (isInvisible(c)) return "an invisible character (" + hex(c) + ")";
    return raw.substr(cp.begin, cp.size) + " (" + hex(c) + ")";
}

std::string advice(char32_t c) {
    if (isQuote(c)) return "paste it again without quotes";
    if (isWhitespace(c) || isZeroWidth(c))
        return "paste the token alone, without spaces or line breaks inside it";
    return "a token holds only visible ASCII characters; paste it again as it was given";
}

}  // namespace

bool isTrimmedFromToken(char32_t c) {
    return isWhitespace(c) || isZeroWidth(c);
}

CleanedToken cleanToken(const std::string& raw) {
    CleanedToken out;
    const std::vector<CodePoint> cps = decode(raw);
    size_t a = 0, b = cps.size();
    while (a < b && cps[a].valid && isTrimmedFromToken(cps[a].value)) ++a;
    while (b > a && cps[b - 1].valid && isTrimmedFromToken(cps[b - 1].value)) --b;
    for (size_t i = a; i < b; ++i) {
        const CodePoint& cp = cps[i];
        if (cp.valid && cp.value >= 0x21 && cp.value <= 0x7E) continue;
        const std::string where = " at position " + std::to_string(i - a + 1) + ": ";
        if (!cp.valid) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "0x%02X", static_cast<unsigned>(cp.value));
            out.error = std::string("The token contains a byte that is not UTF-8 (") + buf + ")" +
                        where + "paste it again as it was given";
        } else {
            out.error = "The token contains " + named(raw, cp) + where + advice(cp.value);
        }
        return out;
    }
    if (a < b) {
        const size_t begin = cps[a].begin;
        const size_t end = cps[b - 1].begin + cps[b - 1].size;
        out.token = raw.substr(begin, end - begin);
    }
    return out;
}

}  // namespace core
