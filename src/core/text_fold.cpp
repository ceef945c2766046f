// core/text_fold.cpp — see text_fold.h.
#include "core/text_fold.h"

namespace core {

unsigned foldTwoByteCodePoint(unsigned cp) {
    if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return cp + 0x20;  // Latin-1: À–Þ
    if (cp >= 0x100 && cp <= 0x17F) {                              // Latin Extended-A
        if (cp == 0x130) return cp;                                // İ: lower case is 1 byte
        if (cp == 0x178) return 0xFF;                              // Ÿ
        const bool oddUpper = (cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E);
        if (cp == 0x138 || cp == 0x149 || cp == 0x17F) return cp;  // ĸ ŉ ſ: no capital pair
        return oddUpper ? (cp & 1 ? cp + 1 : cp) : (cp & 1 ? cp : cp + 1);
    }
    switch (cp) {  // Greek capitals with tonos
        case 0x386: return 0x3AC;
        case 0x388: return 0x3AD;
        case 0x389: return 0x3AE;
        case 0x38A: return 0x3AF;
        case 0x38C: return 0x3CC;
        case 0x38E: return 0x3CD;
        case 0x38F: return 0x3CE;
        case 0x3C2: return 0x3C3;  // final sigma searches like sigma
        default: break;
    }
    if (cp >= 0x391 && cp <= 0x3AB && cp != 0x3A2) return cp + 0x20;  // Greek
    if (cp >= 0x410 && cp <= 0x42F) return cp + 0x20;                 // Cyrillic А–Я
    if (cp >= 0x400 && cp <= 0x40F) return cp + 0x50;                 // Cyrillic Ѐ–Џ
    return cp;
}

FoldTables::FoldTables() : rawCount{} {
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

const FoldTables kFoldTables;

void foldBytes(const char* in, char* out, size_t n) {
    const FoldTables& fold = kFoldTables;
    for (size_t i = 0; i < n; ++i) {
        const unsigned char c = static_cast<unsigned char>(in[i]);
        if (c < 0x80) {
            out[i] = static_cast<char>(fold.ascii[c]);
            continue;
        }
        const unsigned char next = i + 1 < n ? static_cast<unsigned char>(in[i + 1]) : 0;
        if (isUtf8Lead2(c) && isUtf8Cont(next)) {
            const unsigned cp = pairCodePoint(c, next);
            out[i] = static_cast<char>(fold.pairLead[cp]);
            out[i + 1] = static_cast<char>(fold.pairCont[cp]);
            ++i;
            continue;
        }
        out[i] = static_cast<char>(c);
    }
}

void foldInPlace(std::string& utf8) {
    foldBytes(utf8.data(), utf8.data(), utf8.size());
}

std::string foldCase(std::string_view utf8) {
    std::string out(utf8);
    foldInPlace(out);
    return out;
}

}  // namespace core
