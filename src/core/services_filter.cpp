// core/services_filter.cpp — see services_filter.h.
#include "core/services_filter.h"

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

std::string foldCase(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : static_cast<char>(c);
            continue;
        }
        // Every letter folded here is two bytes in UTF-8, before and after.
        if ((c & 0xE0) == 0xC0 && i + 1 < s.size()) {
            unsigned cp = ((c & 0x1Fu) << 6) | (static_cast<unsigned char>(s[i + 1]) & 0x3Fu);
            const unsigned folded = foldTwoByteCodePoint(cp);
            if (folded < 0x80) {
                out += static_cast<char>(folded);
            } else {
                out += static_cast<char>(0xC0 | (folded >> 6));
                out += static_cast<char>(0x80 | (folded & 0x3F));
            }
            ++i;
            continue;
        }
        out += static_cast<char>(c);
    }
    return out;
}

bool serviceMatches(const Service& s, const std::string& query) {
    if (query.empty()) return true;
    const std::string q = foldCase(query);
    return std::to_string(s.id).find(q) != std::string::npos ||
           foldCase(s.type).find(q) != std::string::npos ||
           foldCase(s.name).find(q) != std::string::npos;
}

std::vector<size_t> filterServices(const std::vector<Service>& services, const std::string& query) {
    std::vector<size_t> rows;
    rows.reserve(services.size());
    for (size_t i = 0; i < services.size(); ++i)
        if (serviceMatches(services[i], query)) rows.push_back(i);
    return rows;
}

}  // namespace core
