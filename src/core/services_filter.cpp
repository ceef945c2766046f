// core/services_filter.cpp — see services_filter.h.
#include "core/services_filter.h"

namespace core {

std::string foldCase(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : static_cast<char>(c);
            continue;
        }
        if ((c & 0xE0) == 0xC0 && i + 1 < s.size()) {
            unsigned cp = ((c & 0x1F) << 6) | (static_cast<unsigned char>(s[i + 1]) & 0x3F);
            if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)
                cp += 0x20;  // Latin-1
            else if (cp >= 0x100 && cp <= 0x17F && !(cp & 1) && cp != 0x130)
                cp += 1;  // Latin Ext-A
            else if (cp >= 0x391 && cp <= 0x3AB && cp != 0x3A2)
                cp += 0x20;  // Greek
            else if (cp >= 0x410 && cp <= 0x42F)
                cp += 0x20;  // Cyrillic
            else if (cp >= 0x400 && cp <= 0x40F)
                cp += 0x50;
            out += static_cast<char>(0xC0 | (cp >> 6));
            out += static_cast<char>(0x80 | (cp & 0x3F));
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
