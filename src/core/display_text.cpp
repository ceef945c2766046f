// core/display_text.cpp — see display_text.h.
#include "core/display_text.h"

namespace core {
namespace {

constexpr char kEsc = '\x1b';

bool isControl(unsigned char c) {
    return (c < 0x20 && c != '\t' && c != '\n') || c == 0x7F;
}

// U+2400 + c (U+2421 for DEL), as UTF-8: E2 90 80+c / E2 90 A1.
void appendControlPicture(std::string& out, unsigned char c) {
    out += '\xE2';
    out += '\x90';
    out += static_cast<char>(c == 0x7F ? 0xA1 : 0x80 + c);
}

// The first byte at or after `k` outside [lo, hi].
size_t skipRange(std::string_view t, size_t k, unsigned char lo, unsigned char hi) {
    while (k < t.size() && static_cast<unsigned char>(t[k]) >= lo &&
           static_cast<unsigned char>(t[k]) <= hi)
        ++k;
    return k;
}

bool inRange(std::string_view t, size_t k, unsigned char lo, unsigned char hi) {
    return k < t.size() && static_cast<unsigned char>(t[k]) >= lo &&
           static_cast<unsigned char>(t[k]) <= hi;
}

// The end of a well-formed escape sequence that starts with ESC at `i`, or npos.
size_t escapeEnd(std::string_view t, size_t i) {
    const size_t n = t.size();
    if (i + 1 >= n) return std::string_view::npos;
    const unsigned char kind = static_cast<unsigned char>(t[i + 1]);
    if (kind == '[') {  // CSI: parameters 0x30–0x3F, intermediates 0x20–0x2F, final 0x40–0x7E
        const size_t k = skipRange(t, skipRange(t, i + 2, 0x30, 0x3F), 0x20, 0x2F);
        return inRange(t, k, 0x40, 0x7E) ? k + 1 : std::string_view::npos;
    }
    if (kind == ']' || kind == 'P' || kind == 'X' || kind == '^' || kind == '_') {
        // A string, up to BEL (OSC's common form) or ST (ESC \).
        for (size_t k = i + 2; k < n; ++k) {
            if (t[k] == '\a' && kind == ']') return k + 1;
            if (t[k] == kEsc) return k + 1 < n && t[k + 1] == '\\' ? k + 2 : std::string_view::npos;
        }
        return std::string_view::npos;
    }
    // nF: intermediates 0x20–0x2F then a final 0x30–0x7E (ESC ( B); Fp/Fe/Fs: one byte 0x30–0x7E.
    const size_t k = skipRange(t, i + 1, 0x20, 0x2F);
    return inRange(t, k, 0x30, 0x7E) ? k + 1 : std::string_view::npos;
}

}  // namespace

bool needsDisplayCleaning(std::string_view text) {
    for (const char c : text)
        if (isControl(static_cast<unsigned char>(c))) return true;
    return false;
}

std::string_view displayText(std::string_view text, std::string& scratch) {
    size_t i = 0;
    while (i < text.size() && !isControl(static_cast<unsigned char>(text[i]))) ++i;
    if (i == text.size()) return text;
    scratch.assign(text.data(), i);
    while (i < text.size()) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if (!isControl(c)) {
            scratch += static_cast<char>(c);
            ++i;
            continue;
        }
        if (c == kEsc) {
            const size_t end = escapeEnd(text, i);
            if (end != std::string_view::npos) {
                i = end;
                continue;
            }
        } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            ++i;  // \r\n: the \n breaks the line
            continue;
        }
        appendControlPicture(scratch, c);
        ++i;
    }
    return scratch;
}

size_t invisibleControlLength(std::string_view t, size_t i) {
    if (i >= t.size()) return 0;
    const auto at = [&](size_t k) { return static_cast<unsigned char>(t[k]); };
    const unsigned char b = at(i);
    if (b == 0xC2 && i + 1 < t.size() && at(i + 1) >= 0x80 && at(i + 1) <= 0x9F)
        return 2;                                                      // C1: U+0080–U+009F
    if (b == 0xD8 && i + 1 < t.size() && at(i + 1) == 0x9C) return 2;  // U+061C ALM
    if (b == 0xE2 && i + 2 < t.size()) {
        const unsigned char b1 = at(i + 1), b2 = at(i + 2);
        if (b1 == 0x80 && (b2 == 0x8E || b2 == 0x8F)) return 3;  // U+200E LRM, U+200F RLM
        if (b1 == 0x80 && b2 >= 0xAA && b2 <= 0xAE) return 3;    // U+202A–U+202E
        if (b1 == 0x81 && b2 >= 0xA6 && b2 <= 0xA9) return 3;    // U+2066–U+2069
    }
    return 0;
}

void appendCopyText(std::string& out, std::string_view text) {
    size_t i = 0, kept = 0;  // bytes [kept, i) are still to be appended
    while (i < text.size()) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        size_t skip = 0;
        if (isControl(c)) {
            skip = 1;
            if (c == kEsc) {
                const size_t end = escapeEnd(text, i);
                if (end != std::string_view::npos) skip = end - i;
            }
        } else if (c >= 0xC2) {
            skip = invisibleControlLength(text, i);
        }
        if (skip == 0) {
            ++i;
            continue;
        }
        out.append(text.data() + kept, i - kept);
        i += skip;
        kept = i;
    }
    out.append(text.data() + kept, text.size() - kept);
}

std::string copyText(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    appendCopyText(out, text);
    return out;
}

}  // namespace core
