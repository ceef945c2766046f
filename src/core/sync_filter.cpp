// core/sync_filter.cpp — see sync_filter.h.
#include "core/sync_filter.h"

#include <algorithm>

namespace core {
namespace {

char lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

}  // namespace

SyncSearch parseSyncSearch(std::string_view typed) {
    SyncSearch out;
    size_t b = 0, e = typed.size();
    while (b < e && space(typed[b])) ++b;
    while (e > b && space(typed[e - 1])) --e;
    bool idLike = true;
    for (size_t i = b; i < e; ++i) {
        const char c = typed[i];
        if (c >= '0' && c <= '9')
            out.id += c;
        else if (c != '#' && !space(c))
            idLike = false;
        out.text += lower(c);
    }
    if (!idLike) out.id.clear();
    return out;
}

bool syncMatches(const Sync& sync, const SyncSearch& search) {
    if (search.empty()) return true;
    if (!search.id.empty() && std::to_string(sync.id).find(search.id) != std::string::npos)
        return true;
    if (search.text.empty()) return false;
    const auto it = std::search(sync.summary.begin(), sync.summary.end(), search.text.begin(),
                                search.text.end(), [](char a, char b) { return lower(a) == b; });
    return it != sync.summary.end();
}

}  // namespace core
